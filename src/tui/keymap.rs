//! Key bindings as data: which keys trigger which action in which context. The help popup
//! and the hint bar are generated from this table, so they cannot drift from what the keys
//! do.
//!
//! A [`Mode`] (what the screen is showing and whether the user is typing) activates a few
//! [`Context`]s; a key is looked up in those, and the table is tested to bind no key twice
//! within one mode.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use super::panes::Pane;

/// A key as the table spells it: a code and whether Ctrl is held. Shift is part of the
/// character (`S`, `?`), and Alt combinations are not used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn plain(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

const UP: Key = plain(KeyCode::Up);
const DOWN: Key = plain(KeyCode::Down);
const LEFT: Key = plain(KeyCode::Left);
const RIGHT: Key = plain(KeyCode::Right);
const HOME: Key = plain(KeyCode::Home);
const END: Key = plain(KeyCode::End);
const PAGE_UP: Key = plain(KeyCode::PageUp);
const PAGE_DOWN: Key = plain(KeyCode::PageDown);
const ENTER: Key = plain(KeyCode::Enter);
const ESC: Key = plain(KeyCode::Esc);
const TAB: Key = plain(KeyCode::Tab);
const BACK_TAB: Key = plain(KeyCode::BackTab);
const BACKSPACE: Key = plain(KeyCode::Backspace);
const DELETE: Key = plain(KeyCode::Delete);

impl Key {
    /// The table's spelling of a key press; `None` for releases and for keys the table
    /// never uses (Alt combinations).
    pub fn from_event(event: KeyEvent) -> Option<Key> {
        if event.kind == KeyEventKind::Release || event.modifiers.contains(KeyModifiers::ALT) {
            return None;
        }
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let code = match event.code {
            // Terminals report Ctrl-letters in either case; the table uses lower case.
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        Some(Key { code, ctrl })
    }

    /// A printable character typed into a text field, if this key is one.
    pub fn typed_char(self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if !self.ctrl && !c.is_control() => Some(c),
            _ => None,
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Delete"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// A group of bindings that are active together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    Always,
    Welcome,
    /// Any of the four panes, when no popup is open and nothing is being typed.
    Panes,
    Rounds,
    Applicants,
    Matches,
    Topics,
    /// Typing a filter.
    Filter,
    /// Typing in any text field.
    TextEdit,
    RoundForm,
    PathPrompt,
    Help,
    Messages,
    Question,
    TooSmall,
}

impl Context {
    pub const ALL: [Context; 15] = [
        Context::Always,
        Context::Welcome,
        Context::Panes,
        Context::Rounds,
        Context::Applicants,
        Context::Matches,
        Context::Topics,
        Context::Filter,
        Context::TextEdit,
        Context::RoundForm,
        Context::PathPrompt,
        Context::Help,
        Context::Messages,
        Context::Question,
        Context::TooSmall,
    ];

    /// The heading of this context's section in the help.
    pub fn title(self) -> &'static str {
        match self {
            Context::Always => "Everywhere",
            Context::Welcome => "Welcome screen",
            Context::Panes => "All panes",
            Context::Rounds => "Rounds",
            Context::Applicants => "Applicants",
            Context::Matches => "Matches",
            Context::Topics => "Topics",
            Context::Filter => "While typing a filter",
            Context::TextEdit => "Editing text",
            Context::RoundForm => "Round form",
            Context::PathPrompt => "File prompt",
            Context::Help => "This help",
            Context::Messages => "Messages and import problems",
            Context::Question => "Questions",
            Context::TooSmall => "Terminal too small",
        }
    }
}

/// What the screen shows and how keys are read there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Welcome,
    Pane(Pane),
    Filtering,
    RoundForm,
    PathPrompt,
    Help,
    Messages,
    Question,
    TooSmall,
}

impl Mode {
    pub const ALL: [Mode; 12] = [
        Mode::Welcome,
        Mode::Pane(Pane::Rounds),
        Mode::Pane(Pane::Applicants),
        Mode::Pane(Pane::Matches),
        Mode::Pane(Pane::Topics),
        Mode::Filtering,
        Mode::RoundForm,
        Mode::PathPrompt,
        Mode::Help,
        Mode::Messages,
        Mode::Question,
        Mode::TooSmall,
    ];

    /// The contexts whose bindings apply, most specific first.
    pub fn contexts(self) -> &'static [Context] {
        use Context as C;
        match self {
            Mode::Welcome => &[C::Welcome, C::Always],
            Mode::Pane(Pane::Rounds) => &[C::Rounds, C::Panes, C::Always],
            Mode::Pane(Pane::Applicants) => &[C::Applicants, C::Panes, C::Always],
            Mode::Pane(Pane::Matches) => &[C::Matches, C::Panes, C::Always],
            Mode::Pane(Pane::Topics) => &[C::Topics, C::Panes, C::Always],
            Mode::Filtering => &[C::Filter, C::TextEdit, C::Always],
            Mode::RoundForm => &[C::RoundForm, C::TextEdit, C::Always],
            Mode::PathPrompt => &[C::PathPrompt, C::TextEdit, C::Always],
            Mode::Help => &[C::Help, C::Always],
            Mode::Messages => &[C::Messages, C::Always],
            Mode::Question => &[C::Question, C::Always],
            Mode::TooSmall => &[C::TooSmall, C::Always],
        }
    }

    /// Whether unbound printable keys are typed into a text field.
    pub fn is_typing(self) -> bool {
        matches!(self, Mode::Filtering | Mode::RoundForm | Mode::PathPrompt)
    }
}

pub struct Binding {
    pub context: Context,
    pub action: Action,
    pub keys: &'static [Key],
    /// What the keys do, for the help.
    pub help: &'static str,
    /// A word or two for the hint bar; `None` keeps the binding out of it.
    pub hint: Option<&'static str>,
}

const fn bind(
    context: Context,
    action: Action,
    keys: &'static [Key],
    help: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        context,
        action,
        keys,
        help,
        hint,
    }
}

use Action as A;
use Context as C;

/// Every binding of the app.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind(C::Always, A::ForceQuit, &[ctrl('c')], "quit at once", None),
    // Welcome screen.
    bind(C::Welcome, A::LoadDemo, &[ch('d')], "load demo data to look around", Some("demo data")),
    bind(C::Welcome, A::Import, &[ch('i')], "import applications from a CSV file", Some("import CSV")),
    bind(C::Welcome, A::NewRound, &[ch('n')], "create a new round", Some("new round")),
    bind(C::Welcome, A::ShowHelp, &[ch('?')], "show all keys", Some("help")),
    bind(C::Welcome, A::Quit, &[ch('q')], "quit", Some("quit")),
    // Every pane.
    bind(C::Panes, A::NextPane, &[TAB], "next pane", Some("panes")),
    bind(C::Panes, A::PrevPane, &[BACK_TAB], "previous pane", None),
    bind(C::Panes, A::ShowRounds, &[ch('1')], "Rounds pane", None),
    bind(C::Panes, A::ShowApplicants, &[ch('2')], "Applicants pane", None),
    bind(C::Panes, A::ShowMatches, &[ch('3')], "Matches pane", None),
    bind(C::Panes, A::ShowTopics, &[ch('4')], "Topics pane", None),
    bind(C::Panes, A::Up, &[ch('k'), UP], "move up", None),
    bind(C::Panes, A::Down, &[ch('j'), DOWN], "move down", None),
    bind(C::Panes, A::Top, &[ch('g'), HOME], "go to the first row", None),
    bind(C::Panes, A::Bottom, &[ch('G'), END], "go to the last row", None),
    bind(C::Panes, A::PageUp, &[PAGE_UP, ctrl('b')], "one page up", None),
    bind(C::Panes, A::PageDown, &[PAGE_DOWN, ctrl('f')], "one page down", None),
    bind(C::Panes, A::StartFilter, &[ch('/')], "filter the list as you type", Some("filter")),
    bind(C::Panes, A::ClearFilter, &[ESC], "clear the filter", None),
    bind(C::Panes, A::ShowHelp, &[ch('?')], "show all keys", Some("help")),
    bind(C::Panes, A::Quit, &[ch('q')], "quit", Some("quit")),
    // Rounds.
    bind(C::Rounds, A::NewRound, &[ch('n')], "new round", Some("new")),
    bind(C::Rounds, A::EditRound, &[ch('e'), ENTER], "edit the selected round", Some("edit")),
    bind(C::Rounds, A::ApplyCap, &[ch('c')], "apply the country cap to the selected round", Some("apply cap")),
    // Applicants.
    bind(C::Applicants, A::Accept, &[ch('a')], "accept the selected application", Some("accept")),
    bind(C::Applicants, A::Defer, &[ch('d')], "defer it to the next round", Some("defer")),
    bind(C::Applicants, A::Withdraw, &[ch('w')], "mark it withdrawn", Some("withdraw")),
    bind(C::Applicants, A::MarkPending, &[ch('p')], "set it back to pending", Some("pending")),
    bind(C::Applicants, A::Import, &[ch('i')], "import a CSV file into this round", Some("import")),
    bind(C::Applicants, A::SortNext, &[ch('s')], "sort by the next column", Some("sort")),
    bind(C::Applicants, A::SortReverse, &[ch('S')], "reverse the sort order", None),
    bind(C::Applicants, A::ApplyCap, &[ch('c')], "apply the country cap to this round", None),
    bind(C::Applicants, A::DetailDown, &[ch('J')], "scroll the details down", None),
    bind(C::Applicants, A::DetailUp, &[ch('K')], "scroll the details up", None),
    // Matches.
    bind(C::Matches, A::DetailDown, &[ch('J')], "scroll the details down", None),
    bind(C::Matches, A::DetailUp, &[ch('K')], "scroll the details up", None),
    // Topics.
    bind(C::Topics, A::DetailDown, &[ch('J')], "scroll the topic text down", Some("scroll text")),
    bind(C::Topics, A::DetailUp, &[ch('K')], "scroll the topic text up", None),
    // Typing a filter.
    bind(C::Filter, A::KeepFilter, &[ENTER], "keep the filter and go back to the list", Some("keep")),
    bind(C::Filter, A::ClearFilter, &[ESC], "clear the filter", Some("clear")),
    bind(C::Filter, A::Up, &[UP], "move up in the list", None),
    bind(C::Filter, A::Down, &[DOWN], "move down in the list", None),
    // Typing in any field.
    bind(C::TextEdit, A::CursorLeft, &[LEFT], "move left (on a choice: previous option)", None),
    bind(C::TextEdit, A::CursorRight, &[RIGHT], "move right (on a choice: next option)", None),
    bind(C::TextEdit, A::CursorHome, &[HOME, ctrl('a')], "go to the start", None),
    bind(C::TextEdit, A::CursorEnd, &[END, ctrl('e')], "go to the end", None),
    bind(C::TextEdit, A::DeleteBack, &[BACKSPACE], "delete the character before the cursor", None),
    bind(C::TextEdit, A::DeleteForward, &[DELETE], "delete the character under the cursor", None),
    bind(C::TextEdit, A::ClearText, &[ctrl('u')], "clear the field", None),
    // The round form.
    bind(C::RoundForm, A::Save, &[ENTER], "save the round", Some("save")),
    bind(C::RoundForm, A::Cancel, &[ESC], "close without saving", Some("cancel")),
    bind(C::RoundForm, A::NextField, &[TAB, DOWN], "next field", Some("next field")),
    bind(C::RoundForm, A::PrevField, &[BACK_TAB, UP], "previous field", None),
    // The file prompt.
    bind(C::PathPrompt, A::Confirm, &[ENTER], "import this file", Some("import")),
    bind(C::PathPrompt, A::CompletePath, &[TAB], "complete the file or folder name", Some("complete")),
    bind(C::PathPrompt, A::Cancel, &[ESC], "cancel", Some("cancel")),
    // Help.
    bind(C::Help, A::Close, &[ESC, ch('?')], "close the help", Some("close")),
    bind(C::Help, A::Down, &[ch('j'), DOWN], "scroll down", None),
    bind(C::Help, A::Up, &[ch('k'), UP], "scroll up", None),
    bind(C::Help, A::PageDown, &[PAGE_DOWN, ch(' ')], "one page down", None),
    bind(C::Help, A::PageUp, &[PAGE_UP], "one page up", None),
    bind(C::Help, A::Top, &[ch('g'), HOME], "go to the top", None),
    bind(C::Help, A::Bottom, &[ch('G'), END], "go to the end", None),
    bind(C::Help, A::Quit, &[ch('q')], "quit", Some("quit")),
    // Messages and import problems.
    bind(C::Messages, A::Close, &[ESC, ENTER], "close", Some("close")),
    bind(C::Messages, A::ImportValidOnly, &[ch('s')], "import only the valid rows; the others go to a rejects file", Some("skip bad rows")),
    bind(C::Messages, A::Down, &[ch('j'), DOWN], "scroll down", None),
    bind(C::Messages, A::Up, &[ch('k'), UP], "scroll up", None),
    bind(C::Messages, A::PageDown, &[PAGE_DOWN, ch(' ')], "one page down", None),
    bind(C::Messages, A::PageUp, &[PAGE_UP], "one page up", None),
    bind(C::Messages, A::Top, &[ch('g'), HOME], "go to the top", None),
    bind(C::Messages, A::Bottom, &[ch('G'), END], "go to the end", None),
    bind(C::Messages, A::Quit, &[ch('q')], "quit", None),
    // Yes/no questions.
    bind(C::Question, A::Confirm, &[ch('y'), ENTER], "yes, go ahead", Some("yes")),
    bind(C::Question, A::Cancel, &[ch('n'), ESC], "no, leave things as they are", Some("no")),
    // Too small a terminal.
    bind(C::TooSmall, A::Quit, &[ch('q')], "quit", Some("quit")),
];

/// The action a key triggers in a mode, if any.
pub fn lookup(mode: Mode, key: Key) -> Option<Action> {
    mode.contexts().iter().find_map(|&context| {
        BINDINGS
            .iter()
            .find(|b| b.context == context && b.keys.contains(&key))
            .map(|b| b.action)
    })
}

/// The bindings of one context, in table order.
pub fn bindings(context: Context) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.context == context)
}

/// The keys of a binding as the help shows them: `j ↓`.
pub fn keys_label(binding: &Binding) -> String {
    binding
        .keys
        .iter()
        .map(Key::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// One item of the hint bar: a key and a word or two.
pub type Hint = (String, &'static str);

/// The hint bar's items for a mode: those of its own context (what this place is for), and
/// those of the contexts it shares with others (help, quit…). `offered` says whether an
/// action can do anything right now, so the bar only shows what works here.
pub fn hints(mode: Mode, offered: impl Fn(Action) -> bool) -> (Vec<Hint>, Vec<Hint>) {
    let of = |contexts: &[Context]| -> Vec<Hint> {
        contexts
            .iter()
            .flat_map(|&c| bindings(c))
            .filter(|b| offered(b.action))
            .filter_map(|b| Some((b.keys[0].to_string(), b.hint?)))
            .collect()
    };
    let (own, shared) = mode.contexts().split_at(1);
    (of(own), of(shared))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_one_mode() {
        for mode in Mode::ALL {
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
        let reachable: HashSet<Context> = Mode::ALL
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
        for mode in Mode::ALL.into_iter().filter(|m| m.is_typing()) {
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
        for mode in Mode::ALL {
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
        for mode in Mode::ALL {
            assert_eq!(
                lookup(mode, Key::from_event(ctrl_c).unwrap()),
                Some(Action::ForceQuit)
            );
        }
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
        assert_eq!(own[0], "accept");
        assert!(shared.contains(&"filter") && shared.contains(&"quit"));
        assert!(!own.contains(&"new"), "Rounds keys leak into Applicants");
        let (own, shared) = super::hints(Mode::Filtering, |_| true);
        assert!(own.iter().chain(&shared).all(|h| h.1 != "quit"));
        let (own, _) = super::hints(Mode::Messages, |a| a != Action::ImportValidOnly);
        assert!(own.iter().all(|h| h.1 != "skip bad rows"));
    }
}
