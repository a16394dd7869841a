//! The panes, each one folder behind [`Feature`]: its state, how it reads the store, how it
//! answers actions, how it draws, and the intents of its own multi-step flows. A pane never
//! touches another pane or the screen around it: it asks the shell, through [`Cx`], for
//! what it wants done (say something, open a modal, show another pane, run slow work after
//! the next frame), and the shell does it in one place.
//!
//! Adding a pane: a folder here, one line in the pane list below, and its keys in the key
//! table ([`crate::tui::keys::table`]).

pub mod applicants;
pub mod exporting;
pub mod matches;
pub mod overview;
pub mod rounds;
pub mod topics;
pub mod welcome;

use std::time::Instant;

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use crate::domain::{Round, RoundId};
use crate::store::{Changes, Store, StoreError};
use crate::tui::keys::{Action, Condition, Context, Key, KeyTable};
use crate::tui::kit::layout::FilterState;
use crate::tui::kit::list_view::ListView;
use crate::tui::kit::modal::{Answer, Modal};

/// Declares the panes in tab order; each line is a pane's name, its field, its feature type,
/// its title and the key-table context of its own keys.
macro_rules! panes {
    ($($pane:ident $field:ident: $ty:ty, $title:literal, $context:ident;)+) => {
        /// The panes, in tab order.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Pane {
            $($pane,)+
        }

        impl Pane {
            pub const ALL: &'static [Pane] = &[$(Pane::$pane,)+];

            pub fn title(self) -> &'static str {
                match self {
                    $(Pane::$pane => $title,)+
                }
            }

            /// The contexts whose keys work in the pane, most specific first.
            pub fn contexts(self) -> &'static [Context] {
                match self {
                    $(Pane::$pane => &[Context::$context, Context::Panes, Context::Always],)+
                }
            }
        }

        /// What a modal was opened for, handed back with the answer to whoever opened it.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum Intent {
            Welcome(welcome::Intent),
            /// `x` in a pane: what to write out, and where.
            Export(exporting::Intent),
            $($pane(<$ty as Flows>::Intent),)+
        }

        /// One of each pane, and the welcome screen.
        #[derive(Default)]
        pub struct Features {
            pub welcome: welcome::Welcome,
            $(pub $field: $ty,)+
        }

        impl Features {
            pub fn get(&self, pane: Pane) -> &dyn Feature {
                match pane {
                    $(Pane::$pane => &self.$field,)+
                }
            }

            pub fn get_mut(&mut self, pane: Pane) -> &mut dyn Feature {
                match pane {
                    $(Pane::$pane => &mut self.$field,)+
                }
            }

            /// Hands an answer back to the pane whose modal it answers. `Err` keeps a
            /// prompt open with the message under its field (elsewhere the status line
            /// says it).
            pub fn answer(
                &mut self,
                intent: Intent,
                answer: Answer,
                cx: &mut Cx,
            ) -> Result<(), String> {
                match intent {
                    Intent::Welcome(i) => self.welcome.answer(i, answer, cx),
                    Intent::Export(i) => exporting::answer(i, answer, cx),
                    $(Intent::$pane(i) => self.$field.answer(i, answer, cx),)+
                }
            }
        }
    };
}

panes! {
    Rounds rounds: rounds::Rounds, "Rounds", Rounds;
    Applicants applicants: applicants::Applicants, "Applicants", Applicants;
    Matches matches: matches::Matches, "Matches", Matches;
    Topics topics: topics::Topics, "Topics", Topics;
    Overview overview: overview::Overview, "Overview", Overview;
}

impl Pane {
    pub fn index(self) -> usize {
        Pane::ALL.iter().position(|&p| p == self).unwrap_or(0)
    }

    pub fn next(self) -> Pane {
        Pane::ALL[(self.index() + 1) % Pane::ALL.len()]
    }

    pub fn prev(self) -> Pane {
        Pane::ALL[(self.index() + Pane::ALL.len() - 1) % Pane::ALL.len()]
    }
}

/// What a pane does, behind one object-safe face the shell drives.
pub trait Feature {
    /// The kinds of record the pane shows: a change to any of them makes it read again.
    fn depends_on(&self) -> Changes;

    /// The round whose records the pane holds, if any.
    fn round_id(&self) -> Option<RoundId>;

    /// Reads the pane's records of `round`, keeping the selection where the row still
    /// exists.
    fn read(&mut self, store: &Store, round: &Round) -> Result<(), StoreError>;

    /// Forgets what was read: there is no round to show.
    fn clear(&mut self);

    /// The pane's list and its filter, which the shell moves and filters the same way in
    /// every pane.
    fn list(&self) -> (&ListView, &FilterState);
    fn list_mut(&mut self) -> (&mut ListView, &mut FilterState);

    /// Called after anything that may have moved the selection (a key, a filter, a read):
    /// the details follow the selected row. Cheap when it did not move.
    fn selection_moved(&mut self, _store: &Store) {}

    /// How keys are read while the pane shows a window of its own (a form, the editor, a
    /// running match); `None` when it shows its list.
    fn mode(&self) -> Option<Mode> {
        None
    }

    /// Whether a key's condition holds in the pane now (the hint bar offers what does).
    /// `RoundShown` is the shell's to answer, the same for every pane, and never asked here.
    fn holds(&self, condition: Condition) -> bool;

    /// Does what an action asks in the pane or its own window.
    fn update(&mut self, action: Action, cx: &mut Cx);

    /// A character typed into the pane's own window.
    fn type_char(&mut self, _c: char, _cx: &mut Cx) {}

    /// Pasted text, when the pane's own window takes it whole (the editor); `false` lets
    /// the shell type it character by character.
    fn paste(&mut self, _text: &str) -> bool {
        false
    }

    /// Called every little while; returns whether anything changed on screen.
    fn tick(&mut self, _now: Instant, _cx: &mut Cx) -> bool {
        false
    }

    /// Called before the app quits: keep what must be kept, stop what runs.
    fn stop(&mut self, _cx: &mut Cx) {}

    /// Called before the app is suspended: keep what must be kept (work goes on after).
    fn pause(&mut self, _cx: &mut Cx) {}

    /// Draws the pane (and its own window) and returns where the terminal cursor goes.
    fn render(&self, area: Rect, buf: &mut Buffer) -> Option<Position>;
}

/// A pane's multi-step flows: the intents its modals carry, and what it does with an answer.
pub trait Flows {
    type Intent;

    /// Does what `intent` asked, now that it is answered. `Err` keeps a prompt open, with
    /// the message under its field; after a question or a list, or when the pane opened
    /// another modal, the status line says it.
    fn answer(&mut self, intent: Self::Intent, answer: Answer, cx: &mut Cx) -> Result<(), String>;
}

/// A line for the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub is_error: bool,
}

/// What a pane asks the shell to do.
pub enum Ask {
    Say(Status),
    Open(Modal<Intent>),
    Focus(Pane),
    /// Make this round the one the panes show (and select it in Rounds).
    ShowRound(RoundId),
    /// Leave the welcome screen for the panes.
    ShowPanes,
    /// Answer this intent with [`Answer::Due`] after the next frame, so that the screen
    /// can say what is about to take a while.
    Later(Intent),
}

/// What a pane may use, and ask for, while it answers an action.
pub struct Cx<'a> {
    pub store: &'a mut Store,
    pub today: NaiveDate,
    /// The round the panes show.
    pub round: Option<Round>,
    asks: Vec<Ask>,
}

impl<'a> Cx<'a> {
    pub fn new(store: &'a mut Store, today: NaiveDate, round: Option<Round>) -> Cx<'a> {
        Cx {
            store,
            today,
            round,
            asks: Vec::new(),
        }
    }

    /// What was asked, in order.
    pub fn into_asks(self) -> Vec<Ask> {
        self.asks
    }

    pub fn ask(&mut self, ask: Ask) {
        self.asks.push(ask);
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.say(text.into(), false);
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.say(text.into(), true);
    }

    fn say(&mut self, text: String, is_error: bool) {
        self.asks.push(Ask::Say(Status { text, is_error }));
    }

    /// Says why a change was not made (`not_done: the store's reason`). A change refused
    /// because the record moved on since it was shown says what changed instead: the
    /// panes have read it again by the time this shows.
    pub fn refused(&mut self, not_done: impl Into<String>, e: StoreError) {
        match e {
            StoreError::Stale(what) => self.error(format!(
                "Nothing changed: {what}. The list is up to date now."
            )),
            e => {
                let mut text = format!("{}: {e}", not_done.into());
                if !text.ends_with(['.', '!', '?']) {
                    text.push('.');
                }
                self.error(text)
            }
        }
    }

    pub fn open(&mut self, modal: Modal<Intent>) {
        self.asks.push(Ask::Open(modal));
    }

    /// Closing a window the coordinator backed out of says so.
    pub fn unchanged(&mut self) {
        self.info("Nothing changed.");
    }
}

/// What the screen shows and how keys are read there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Welcome,
    Pane(Pane),
    /// A pane while its work runs in the background: Matches matching, Applicants
    /// importing.
    Working,
    Editor,
    Preview,
    Picker,
    DatePrompt,
    Candidates,
    Weights,
    /// The import assistant of the Applicants pane.
    Assistant,
    TextPrompt,
    Filtering,
    RoundForm,
    PathPrompt,
    Help,
    Messages,
    Question,
    /// The terminal is too small to show anything but a notice, and nothing is being typed.
    TooSmall,
    /// The terminal is too small while a text field is open: keys wait for the field to show
    /// again, so that nothing is typed (or quit) blind.
    TooSmallTyping,
}

impl Mode {
    /// The app's keys with the user's `overrides` (from the config file), and why any of
    /// them were left out (a clash with another key in some mode, say).
    pub fn key_table(overrides: &[(Action, Vec<Key>)]) -> (KeyTable, Vec<String>) {
        let places: Vec<(&[Context], bool)> = Mode::all()
            .into_iter()
            .map(|m| (m.contexts(), m.is_typing()))
            .collect();
        KeyTable::new(overrides, &places)
    }

    /// Every mode, for the key table's checks.
    pub fn all() -> Vec<Mode> {
        let mut all = vec![Mode::Welcome];
        all.extend(Pane::ALL.iter().map(|&p| Mode::Pane(p)));
        all.extend(Mode::OTHERS);
        all
    }

    const OTHERS: [Mode; 17] = [
        Mode::Working,
        Mode::Editor,
        Mode::Preview,
        Mode::Picker,
        Mode::DatePrompt,
        Mode::Candidates,
        Mode::Weights,
        Mode::Assistant,
        Mode::TextPrompt,
        Mode::Filtering,
        Mode::RoundForm,
        Mode::PathPrompt,
        Mode::Help,
        Mode::Messages,
        Mode::Question,
        Mode::TooSmall,
        Mode::TooSmallTyping,
    ];

    /// The contexts whose bindings apply, most specific first.
    pub fn contexts(self) -> &'static [Context] {
        use Context as C;
        match self {
            Mode::Welcome => &[C::Welcome, C::Always],
            Mode::Pane(pane) => pane.contexts(),
            Mode::Working => &[C::Working, C::Always],
            Mode::Editor => &[C::Editor, C::Always],
            Mode::Preview => &[C::Preview, C::Always],
            Mode::Picker => &[C::Picker, C::Always],
            Mode::DatePrompt => &[C::DatePrompt, C::TextEdit, C::Always],
            Mode::Candidates => &[C::Candidates, C::Always],
            Mode::Weights => &[C::Weights, C::Always],
            Mode::Assistant => &[C::Assistant, C::Always],
            Mode::TextPrompt => &[C::TextPrompt, C::TextEdit, C::Always],
            Mode::Filtering => &[C::Filter, C::TextEdit, C::Always],
            Mode::RoundForm => &[C::RoundForm, C::TextEdit, C::Always],
            Mode::PathPrompt => &[C::PathPrompt, C::TextEdit, C::Always],
            Mode::Help => &[C::Help, C::Always],
            Mode::Messages => &[C::Messages, C::Always],
            Mode::Question => &[C::Question, C::Always],
            Mode::TooSmall => &[C::TooSmall, C::Always],
            Mode::TooSmallTyping => &[C::Always],
        }
    }

    /// Whether unbound printable keys are typed into a text field.
    pub fn is_typing(self) -> bool {
        matches!(
            self,
            Mode::Filtering
                | Mode::RoundForm
                | Mode::PathPrompt
                | Mode::Editor
                | Mode::DatePrompt
                | Mode::TextPrompt
        )
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::tui::keys::Key;
    use crate::tui::keys::table::{BINDINGS, KeyTable};

    fn bindings(
        context: Context,
    ) -> impl Iterator<Item = &'static crate::tui::keys::table::Binding> {
        BINDINGS.iter().filter(move |b| b.context == context)
    }

    fn lookup(mode: Mode, key: Key) -> Option<Action> {
        KeyTable::default().lookup(mode.contexts(), key)
    }

    fn hints(
        mode: Mode,
        holds: impl Fn(Condition) -> bool,
    ) -> (
        Vec<crate::tui::keys::table::Hint>,
        Vec<crate::tui::keys::table::Hint>,
    ) {
        KeyTable::default().hints(mode.contexts(), holds)
    }

    #[test]
    fn no_key_is_bound_twice_in_one_mode() {
        for mode in Mode::all() {
            let mut seen = HashSet::new();
            for &context in mode.contexts() {
                for b in bindings(context) {
                    for &key in b.keys {
                        assert!(
                            seen.insert(key),
                            "{mode:?}: {key} is bound twice (second time to {:?} in {context:?})",
                            b.action
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_action_has_a_key_in_a_reachable_context() {
        let reachable: HashSet<Context> = Mode::all()
            .iter()
            .flat_map(|m| m.contexts().iter().copied())
            .collect();
        for &action in Action::ALL {
            assert!(
                BINDINGS
                    .iter()
                    .any(|b| b.action == action && reachable.contains(&b.context)),
                "{action:?} has no key"
            );
        }
        for context in Context::ALL {
            assert!(reachable.contains(&context), "{context:?} is never active");
        }
    }

    #[test]
    fn every_binding_has_keys_and_help() {
        for b in BINDINGS {
            assert!(!b.keys.is_empty(), "{:?} has no keys", b.action);
            assert!(!b.help.is_empty());
        }
    }

    #[test]
    fn typing_modes_leave_printable_keys_to_the_field() {
        // In a text field `q`, `j` or `/` must type themselves, so no typing mode may bind a
        // plain printable character.
        for mode in Mode::all().into_iter().filter(|m| m.is_typing()) {
            for &context in mode.contexts() {
                for b in bindings(context) {
                    for key in b.keys {
                        assert!(
                            key.typed_char().is_none(),
                            "{mode:?} binds {key}, which should type itself"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_mode_can_be_left() {
        for mode in Mode::all() {
            let leaves = mode.contexts().iter().flat_map(|&c| bindings(c)).any(|b| {
                matches!(
                    b.action,
                    Action::Quit
                        | Action::ForceQuit
                        | Action::Close
                        | Action::Cancel
                        | Action::ClearFilter
                )
            });
            assert!(leaves, "{mode:?} has no way out");
        }
    }

    #[test]
    fn looks_up_the_most_specific_binding() {
        let key = |c| Key::from_event(KeyEvent::from(KeyCode::Char(c))).unwrap();
        assert_eq!(
            lookup(Mode::Pane(Pane::Applicants), key('d')),
            Some(Action::Defer)
        );
        assert_eq!(lookup(Mode::Welcome, key('d')), Some(Action::LoadDemo));
        assert_eq!(lookup(Mode::Filtering, key('q')), None);
        assert_eq!(
            lookup(Mode::Pane(Pane::Matches), key('q')),
            Some(Action::Quit)
        );
        let ctrl_c = KeyEvent::new(KeyCode::Char('C'), KeyModifiers::CONTROL);
        for mode in Mode::all() {
            assert_eq!(
                lookup(mode, Key::from_event(ctrl_c).unwrap()),
                Some(Action::ForceQuit)
            );
        }
    }

    #[test]
    fn q_quits_only_where_nothing_is_open() {
        let q = Key::from_event(KeyEvent::from(KeyCode::Char('q'))).unwrap();
        for mode in Mode::all() {
            let action = lookup(mode, q);
            let may_quit = matches!(
                mode,
                Mode::Welcome | Mode::Pane(_) | Mode::Working | Mode::TooSmall
            );
            if !may_quit {
                assert_ne!(action, Some(Action::Quit), "q quits from {mode:?}");
            }
        }
        // The read-only popups close on q; the too-small screen while typing ignores it.
        assert_eq!(lookup(Mode::Help, q), Some(Action::Close));
        assert_eq!(lookup(Mode::Messages, q), Some(Action::Close));
        assert_eq!(lookup(Mode::TooSmall, q), Some(Action::Quit));
        assert_eq!(lookup(Mode::TooSmallTyping, q), None);
        assert!(
            !Mode::TooSmallTyping.is_typing(),
            "keys are not typed blind"
        );
        let ctrl_c = Key::from_event(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
        assert_eq!(
            lookup(Mode::TooSmallTyping, ctrl_c.unwrap()),
            Some(Action::ForceQuit)
        );
    }

    #[test]
    fn shift_is_part_of_the_character() {
        let shifted = KeyEvent::new(KeyCode::Char('S'), KeyModifiers::SHIFT);
        assert_eq!(
            lookup(
                Mode::Pane(Pane::Applicants),
                Key::from_event(shifted).unwrap()
            ),
            Some(Action::SortReverse)
        );
        let back_tab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            lookup(Mode::Pane(Pane::Rounds), Key::from_event(back_tab).unwrap()),
            Some(Action::PrevPane)
        );
    }

    #[test]
    fn hints_follow_the_mode() {
        let (own, shared) = hints(Mode::Pane(Pane::Applicants), |_| true);
        let own: Vec<&str> = own.iter().map(|h| h.1).collect();
        let shared: Vec<&str> = shared.iter().map(|h| h.1).collect();
        // The cap comes first in Applicants: it matters most there.
        assert_eq!(own[..2], ["cap", "accept"]);
        assert!(shared.contains(&"filter") && shared.contains(&"quit"));
        assert!(!own.contains(&"new"), "Rounds keys leak into Applicants");
        let (own, shared) = hints(Mode::Filtering, |_| true);
        assert!(own.iter().chain(&shared).all(|h| h.1 != "quit"));
        let (own, _) = hints(Mode::Messages, |c| c != Condition::RetryOffered);
        assert!(own.iter().all(|h| h.1 != "skip bad rows"));
    }

    #[test]
    fn hints_put_what_matters_first_and_follow_conditions() {
        let words = |mode: Mode, holds: &dyn Fn(Condition) -> bool| -> Vec<&'static str> {
            hints(mode, holds).0.into_iter().map(|h| h.1).collect()
        };
        let matches = words(Mode::Pane(Pane::Matches), &|_| true);
        assert_eq!(matches[..4], ["match", "publish", "weights", "sort"]);
        let topics = words(Mode::Pane(Pane::Topics), &|_| true);
        assert_eq!(topics[..3], ["ready", "published", "export"]);
        // No draft selected and nothing to undo: those keys are not offered.
        let quiet = words(Mode::Pane(Pane::Matches), &|c| {
            !matches!(
                c,
                Condition::DraftSelected | Condition::CanUndoDraft | Condition::HasDraft
            )
        });
        for gone in ["lock", "unpair", "forbid", "undo", "publish"] {
            assert!(!quiet.contains(&gone), "{gone} offered: {quiet:?}");
        }
        assert!(quiet.contains(&"match"));
    }

    fn places() -> Vec<(&'static [Context], bool)> {
        Mode::all()
            .into_iter()
            .map(|m| (m.contexts(), m.is_typing()))
            .collect()
    }

    #[test]
    fn a_user_may_give_an_action_other_keys() {
        let key = |s: &str| Key::parse(s).unwrap();
        let (table, problems) = KeyTable::new(
            &[
                (Action::RunMatch, vec![key("M")]),
                (Action::Save, vec![key("Ctrl-G")]),
            ],
            &places(),
        );
        assert!(problems.is_empty(), "{problems:?}");
        let matches = Mode::Pane(Pane::Matches).contexts();
        assert_eq!(table.lookup(matches, key("M")), Some(Action::RunMatch));
        assert_eq!(table.lookup(matches, key("m")), None, "the old key is gone");
        // The help and the hint bar follow.
        let (own, _) = table.hints(matches, |_| true);
        assert!(own.contains(&("M".to_string(), "match")));
        // Save is Ctrl-G wherever it is bound, the editor and the weights too.
        assert_eq!(
            table.lookup(Mode::Weights.contexts(), key("Ctrl-G")),
            Some(Action::Save)
        );
    }

    #[test]
    fn keys_that_would_clash_or_not_type_are_refused_and_the_defaults_kept() {
        let key = |s: &str| Key::parse(s).unwrap();
        let (table, problems) = KeyTable::new(
            &[
                // x unpairs in Matches already.
                (Action::RunMatch, vec![key("x")]),
                // A letter in the editor would stop it being typed.
                (Action::Save, vec![key("s")]),
                (Action::PublishDraft, vec![]),
            ],
            &places(),
        );
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems[0].contains("run-match = x: x is unpair there already (Matches)"),
            "{}",
            problems[0]
        );
        assert!(problems[0].ends_with("it keeps m r"), "{}", problems[0]);
        assert!(problems[1].contains("s types itself"), "{}", problems[1]);
        assert!(
            problems[2].contains("publish-draft: no keys given"),
            "{}",
            problems[2]
        );
        let matches = Mode::Pane(Pane::Matches).contexts();
        assert_eq!(table.lookup(matches, key("m")), Some(Action::RunMatch));
        assert_eq!(table.lookup(matches, key("x")), Some(Action::Unpair));
        assert_eq!(
            table.lookup(Mode::Editor.contexts(), key("Ctrl-S")),
            Some(Action::Save)
        );
    }
}
