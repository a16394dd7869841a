//! The shell: focus, the open modal, the status line, and the one place where what the
//! panes ask for is done. Keys become actions through the key table; the focused pane (or
//! the open modal) answers them; then every store change is noticed and exactly the panes
//! that show it read again. Tests drive an `App` with key events and draw it on a test
//! backend, without a terminal.

use std::cell::Cell;
use std::collections::VecDeque;
use std::time::Instant;

use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::chrome;
use crate::demo::DemoOptions;
use crate::domain::{Round, RoundId, RoundStatus};
use crate::store::{Changes, Store};
use crate::text::counted;
use crate::tui::features::applicants::Applicants;
use crate::tui::features::matches::Matches;
use crate::tui::features::rounds::Rounds;
use crate::tui::features::topics::Topics;
use crate::tui::features::{Ask, Cx, Feature, Features, Intent, Mode, Pane, Status};
use crate::tui::keys::{self, Action, Condition, Context, Key, KeyTable};
use crate::tui::kit::modal::{Answer, HelpPopup, Modal};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// The database is empty: offer demo data, an import or a new round.
    Welcome,
    Panes,
}

pub struct App {
    pub(super) store: Store,
    pub(super) today: NaiveDate,
    /// Whether `today` follows the clock (it does not once a test sets the day).
    follows_clock: bool,
    pub(super) screen: Screen,
    pub(super) focus: Pane,
    pub(super) features: Features,
    pub(super) keys: KeyTable,
    /// The round the panes show: the one last selected in Rounds.
    current_round: Option<RoundId>,
    /// Panes whose records changed since they last read them (by [`Pane::index`]): each
    /// reads again when it is shown.
    stale: Vec<bool>,
    /// The rounds themselves changed (not only their figures), so the round every pane
    /// shows may have: Rounds reads at once rather than when shown.
    rounds_moved: bool,
    /// How often each pane has read the store, for tests that check that a change reaches
    /// exactly the panes that show it.
    reads: Vec<u64>,
    pub(super) modal: Option<Modal<Intent>>,
    /// Modals that opened while another was up, shown in turn as each closes: the result
    /// of work in the background must not take the place of a prompt being typed in.
    waiting: VecDeque<Modal<Intent>>,
    pub(super) status: Option<Status>,
    /// Slow work a pane asked for, run after the frame that announces it.
    pending: Option<Intent>,
    quit: bool,
    /// Ctrl-Z was pressed: the event loop gives the terminal back and stops the process.
    suspend: bool,
    /// The size of the last draw: keys wait while the "too small" screen shows.
    pub(super) last_size: Cell<Option<Rect>>,
}

impl App {
    /// An app over `store`, on the welcome screen if the database is empty and on Rounds
    /// otherwise.
    pub fn new(store: Store) -> App {
        let mut app = App {
            store,
            today: crate::clock::today(),
            follows_clock: true,
            screen: Screen::Panes,
            focus: Pane::Rounds,
            features: Features::default(),
            keys: KeyTable::default(),
            current_round: None,
            stale: vec![true; Pane::ALL.len()],
            rounds_moved: false,
            reads: vec![0; Pane::ALL.len()],
            modal: None,
            waiting: VecDeque::new(),
            status: None,
            pending: None,
            quit: false,
            suspend: false,
            last_size: Cell::new(None),
        };
        match app.store.is_empty() {
            Ok(true) => app.screen = Screen::Welcome,
            Ok(false) => {}
            Err(e) => app.say(format!("Could not read the database: {e}"), true),
        }
        let running = app.running_round();
        app.read_rounds(running);
        app.after_update();
        match app.store.unsaved_count() {
            Ok(0) | Err(_) => {}
            Ok(n) => app.say(
                format!(
                    "Topic text typed but not saved was kept from last time ({}, marked ✎ in \
                     Topics); {} on one offers it back.",
                    counted(n, "topic", "topics"),
                    keys::key(Context::Topics, Action::EditTopic)
                ),
                false,
            ),
        }
        app
    }

    /// Sets the date the app takes as today (for tests and reproducible screenshots); it
    /// no longer follows the clock.
    pub fn with_today(mut self, today: NaiveDate) -> App {
        self.today = today;
        self.follows_clock = false;
        self.features.rounds.today = today;
        self
    }

    /// The round that is running, or else taking applications: the one to open on.
    fn running_round(&self) -> Option<RoundId> {
        let rounds = self.store.rounds().ok()?;
        let with = |status| {
            rounds
                .iter()
                .find(|r| r.plan.status == status)
                .map(|r| r.id)
        };
        with(RoundStatus::Active).or_else(|| with(RoundStatus::Open))
    }

    /// Ends what the calendar says has ended by today (partnerships and rounds whose term
    /// has passed), and says so. Run when the app starts and when the day changes.
    pub fn follow_calendar(&mut self) {
        match self.store.follow_calendar(self.today) {
            Ok(done) if done.is_empty() => {}
            Ok(done) => {
                let rounds = match done.rounds_ended.as_slice() {
                    [] => String::new(),
                    names => format!(" Round {} ended.", names.join(", ")),
                };
                self.say(
                    format!(
                        "Today is {}: {} reached the end of {} term.{rounds}",
                        self.today,
                        counted(done.partnerships_ended, "partnership", "partnerships"),
                        crate::text::agree(done.partnerships_ended, "its", "their")
                    ),
                    false,
                );
                self.after_update();
                // The round that ended is no longer the one to show first.
                if !done.rounds_ended.is_empty() {
                    self.current_round = None;
                    let running = self.running_round();
                    self.read_rounds(running);
                }
            }
            Err(e) => self.say(format!("Could not follow the calendar: {e}"), true),
        }
    }

    /// Sets what "demo data" on the welcome screen creates.
    pub fn with_demo_options(mut self, options: DemoOptions) -> App {
        self.features.welcome.demo = Some(options);
        self
    }

    /// Gives actions the user's keys (from the config file); keys that would clash are left
    /// out and said in the status line.
    pub fn with_keys(mut self, overrides: &[(Action, Vec<Key>)]) -> App {
        let (keys, problems) = Mode::key_table(overrides);
        self.keys = keys;
        if let Some(first) = problems.first() {
            let more = match problems.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            self = self.with_config_notice(format!("config: {first}{more}"));
        }
        self
    }

    /// Says in the status line what was wrong with the user's config file (at start),
    /// ahead of anything `new` already said there.
    pub fn with_config_notice(mut self, notice: String) -> App {
        let text = match self.status.take() {
            Some(earlier) => format!("{notice} · {}", earlier.text),
            None => notice,
        };
        self.say(text, true);
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn screen(&self) -> Screen {
        self.screen
    }

    pub fn focus(&self) -> Pane {
        self.focus
    }

    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    /// Whether anything takes the keys over the panes: a modal, or a pane's own window (a
    /// form, the editor, the candidates, the weights).
    pub fn popup_open(&self) -> bool {
        self.modal.is_some()
            || self
                .features
                .get(self.focus)
                .mode()
                .is_some_and(|m| m != Mode::Working)
    }

    /// The modal open now, if any.
    pub fn modal(&self) -> Option<&Modal<Intent>> {
        self.modal.as_ref()
    }

    pub fn key_table(&self) -> &KeyTable {
        &self.keys
    }

    pub fn current_round(&self) -> Option<&Round> {
        let id = self.current_round?;
        self.features.rounds.figures_of(id).map(|f| &f.round)
    }

    pub fn rounds(&self) -> &Rounds {
        &self.features.rounds
    }

    pub fn applicants(&self) -> &Applicants {
        &self.features.applicants
    }

    pub fn matches(&self) -> &Matches {
        &self.features.matches
    }

    pub fn overview(&self) -> &crate::tui::features::overview::Overview {
        &self.features.overview
    }

    pub fn topics(&self) -> &Topics {
        &self.features.topics
    }

    /// Whether the matcher is running in the background.
    pub fn is_matching(&self) -> bool {
        self.features.matches.is_matching()
    }

    /// How many times `pane` has read its records from the store.
    pub fn reads(&self, pane: Pane) -> u64 {
        self.reads[pane.index()]
    }

    /// How keys are read now.
    pub fn mode(&self) -> Mode {
        let feature = self.features.get(self.focus);
        let mode = if let Some(modal) = &self.modal {
            modal_mode(modal)
        } else if let Some(mode) = feature.mode() {
            mode
        } else if self.screen == Screen::Welcome {
            Mode::Welcome
        } else if feature.list().1.editing {
            Mode::Filtering
        } else {
            Mode::Pane(self.focus)
        };
        // While the screen is too small to show it, nothing is typed blind into a field,
        // and a `q` meant for a field that is out of sight does not quit either: only
        // Ctrl-C works until the window is big again.
        let too_small = self.last_size.get().is_some_and(chrome::is_too_small);
        match (too_small, mode.is_typing()) {
            (false, _) => mode,
            (true, false) => Mode::TooSmall,
            (true, true) => Mode::TooSmallTyping,
        }
    }

    /// Whether a key's condition holds now (the hint bar offers only what does).
    pub(super) fn holds(&self, condition: Condition) -> bool {
        match condition {
            Condition::RetryOffered => {
                matches!(&self.modal, Some(Modal::Messages(m)) if m.retry.is_some())
            }
            Condition::ReorderOffered => {
                matches!(&self.modal, Some(Modal::Picker(p)) if p.reorderable)
            }
            Condition::RoundShown => self.current_round.is_some(),
            Condition::RoundNotEnded => self
                .current_round()
                .is_some_and(|r| r.plan.status != RoundStatus::Ended),
            // An ended round's draft history is only read.
            Condition::CanUndoDraft | Condition::CanRedoDraft
                if !self.holds(Condition::RoundNotEnded) =>
            {
                false
            }
            other => self.features.get(self.focus).holds(other),
        }
    }

    /// Handles one key; returns whether anything changed (and so needs drawing).
    pub fn handle_key(&mut self, event: KeyEvent) -> bool {
        let Some(key) = Key::from_event(event) else {
            return false;
        };
        let mode = self.mode();
        match self.keys.lookup(mode.contexts(), key) {
            Some(action) => self.update(mode, action),
            None if mode.is_typing() => match key.typed_char() {
                Some(c) => self.type_char(mode, c),
                None => return false,
            },
            None => return false,
        }
        self.after_update();
        true
    }

    /// Called by the event loop every little while: the panes' own timers (the editor's
    /// kept text, the matcher's progress), and changes another program made to the file.
    /// Returns whether to draw again.
    pub fn tick(&mut self, now: Instant) -> bool {
        let mut changed = false;
        // Past midnight, what has ended by the date ends.
        let day = crate::clock::today();
        if self.follows_clock && day != self.today {
            self.today = day;
            self.follow_calendar();
            // A window that closed overnight shows so.
            self.rounds_moved = true;
            changed = true;
        }
        for &pane in Pane::ALL {
            changed |= self.with_cx(|features, cx| features.get_mut(pane).tick(now, cx));
        }
        // Another iln (or a command) wrote to the file: the panes that show what it changed
        // read again.
        match self.store.changed_elsewhere() {
            Ok(elsewhere) if !elsewhere.is_empty() => {
                self.note(elsewhere);
                changed = true;
                // The welcome screen is for an empty database: once another window has put
                // data in it, the panes show that data.
                if self.screen == Screen::Welcome && matches!(self.store.is_empty(), Ok(false)) {
                    self.screen = Screen::Panes;
                    self.focus = Pane::Rounds;
                    self.say(
                        "Another window put data in this database; here are its rounds."
                            .to_string(),
                        false,
                    );
                }
            }
            Ok(_) => {}
            Err(e) => self.say(
                format!("Could not check the database for changes: {e}"),
                true,
            ),
        }
        if changed {
            self.after_update();
        }
        changed
    }

    /// Pasted text: typed into the field being edited, as text only. Line breaks start a
    /// new line in the editor's longer fields and become spaces elsewhere; outside a text
    /// field, or while the screen is too small to show the field, a paste does nothing.
    pub fn paste(&mut self, text: &str) -> bool {
        let mode = self.mode();
        if !mode.is_typing() {
            return false;
        }
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let whole = self.modal.is_none() && self.features.get_mut(self.focus).paste(&text);
        if !whole {
            for c in text.chars() {
                match c {
                    '\n' | '\t' => self.type_char(mode, ' '),
                    c if c.is_control() => {}
                    c => self.type_char(mode, c),
                }
            }
        }
        self.after_update();
        true
    }

    /// Whether slow work is queued for [`App::do_pending_work`] to run next.
    pub fn has_pending_work(&self) -> bool {
        self.pending.is_some()
    }

    /// Runs the queued work, if any (the event loop calls this after drawing the frame
    /// that announces it).
    pub fn do_pending_work(&mut self) {
        if let Some(intent) = self.pending.take() {
            if let Err(e) = self.answer(intent, Answer::Due) {
                self.say(e, true);
            }
            self.after_update();
        }
    }

    pub(super) fn say(&mut self, text: String, is_error: bool) {
        self.status = Some(Status { text, is_error });
    }

    /// Runs `f` with a [`Cx`] over the store, then does what the panes asked for.
    fn with_cx<T>(&mut self, f: impl FnOnce(&mut Features, &mut Cx) -> T) -> T {
        let round = self.current_round().cloned();
        let mut cx = Cx::new(&mut self.store, self.today, round);
        let value = f(&mut self.features, &mut cx);
        let asks = cx.into_asks();
        self.apply(asks);
        value
    }

    /// Does what the panes asked for, in the order they asked.
    fn apply(&mut self, asks: Vec<Ask>) {
        let waiting = self.waiting.len();
        let mut said = false;
        for ask in asks {
            match ask {
                Ask::Say(status) => {
                    self.status = Some(status);
                    said = true;
                }
                Ask::Open(modal) if self.modal.is_some() => self.waiting.push_back(modal),
                Ask::Open(modal) => self.modal = Some(modal),
                Ask::Focus(pane) => self.focus = pane,
                Ask::ShowRound(id) => {
                    self.current_round = Some(id);
                    self.read_rounds(Some(id));
                }
                Ask::ShowPanes => self.screen = Screen::Panes,
                Ask::Later(intent) => self.pending = Some(intent),
            }
        }
        if self.waiting.len() > waiting {
            const LATER: &str = "Its details show when this window closes.";
            match &mut self.status {
                Some(status) if said => status.text = format!("{} {LATER}", status.text),
                _ => self.say(format!("Work in the background ended. {LATER}"), false),
            }
        }
    }

    /// Shows the next modal that waited for the one open to close.
    fn show_waiting(&mut self) {
        if self.modal.is_none() {
            self.modal = self.waiting.pop_front();
        }
    }

    /// Hands an answer to whoever opened the modal; `Err` is the message of an answer not
    /// taken.
    fn answer(&mut self, intent: Intent, answer: Answer) -> Result<(), String> {
        self.with_cx(|features, cx| features.answer(intent, answer, cx))
    }

    /// Keeps what must be kept before the app is suspended, and clears the request.
    pub fn pause(&mut self) {
        for &pane in Pane::ALL {
            self.with_cx(|features, cx| features.get_mut(pane).pause(cx));
        }
        self.suspend = false;
    }

    /// Whether the coordinator asked to suspend the app (Ctrl-Z).
    pub fn wants_suspend(&self) -> bool {
        self.suspend
    }

    /// Quits as `q` does: every pane keeps what must be kept (the editor's text) first.
    pub fn stop(&mut self) {
        for &pane in Pane::ALL {
            self.with_cx(|features, cx| features.get_mut(pane).stop(cx));
        }
        self.quit = true;
    }

    fn update(&mut self, mode: Mode, action: Action) {
        if matches!(action, Action::ForceQuit | Action::Quit) {
            return self.stop();
        }
        if action == Action::Suspend {
            self.suspend = true;
            return;
        }
        match mode {
            Mode::TooSmall | Mode::TooSmallTyping => {}
            _ if self.modal.is_some() => self.update_modal(action),
            Mode::Welcome => self.update_welcome(action),
            Mode::Filtering => self.update_filter(action),
            Mode::Pane(_) | Mode::Working => self.update_pane(action),
            // A pane's own window: a form, the editor, the candidates, the weights.
            _ => {
                let focus = self.focus;
                self.with_cx(|features, cx| features.get_mut(focus).update(action, cx))
            }
        }
    }

    fn type_char(&mut self, mode: Mode, c: char) {
        if let Some(modal) = &mut self.modal {
            return modal.type_char(c);
        }
        if mode == Mode::Filtering {
            let (list, filter) = self.features.get_mut(self.focus).list_mut();
            filter.input.insert(c);
            list.set_filter(filter.input.value());
            return;
        }
        let focus = self.focus;
        self.with_cx(|features, cx| features.get_mut(focus).type_char(c, cx));
    }

    /// Keys for the open modal: moving within it, typing, or answering it.
    fn update_modal(&mut self, action: Action) {
        let Some(modal) = &mut self.modal else {
            return;
        };
        let answer = match (modal, action) {
            (Modal::Help(_) | Modal::Messages(_), Action::Close) => {
                self.modal = None;
                return;
            }
            (Modal::Help(help), other) => return help.update(other),
            (Modal::Messages(m), Action::ImportValidOnly) if m.retry.is_some() => Answer::Retry,
            (Modal::Messages(m), other) => return m.update(other),
            // Questions have keys of their own, so that giving `confirm` or `cancel` other
            // keys does not change how they are answered.
            (Modal::Question(_), Action::Yes) => Answer::Yes,
            (Modal::Question(_), Action::No) => Answer::No,
            (Modal::Question(_), Action::Close) => Answer::Closed,
            (Modal::Question(_), _) => return,
            (_, Action::Cancel) => Answer::Closed,
            (Modal::Picker(p), Action::Confirm) => Answer::Picked(p.selected),
            (Modal::Picker(p), Action::Reorder) if p.reorderable => Answer::Reorder,
            (Modal::Picker(p), other) => return p.update(other),
            (Modal::DatePrompt(p), Action::Confirm) => match p.date() {
                Some(date) => Answer::Date(date),
                None => return,
            },
            (Modal::TextPrompt(p), Action::Confirm) => {
                Answer::Text(p.input.value().trim().to_string())
            }
            (Modal::PathPrompt(p), Action::CompletePath) => return p.complete(),
            (Modal::PathPrompt(p), Action::Confirm) => match p.check() {
                Some(path) => Answer::Path(path),
                None => return,
            },
            (modal, edit) => {
                modal.edit(edit);
                return;
            }
        };
        let Some(modal) = self.modal.take() else {
            return;
        };
        let Some(intent) = intent_of(&modal, &answer) else {
            return;
        };
        if let Err(error) = self.answer(intent, answer) {
            self.not_taken(modal, error);
        }
    }

    /// Says why an answer was not taken: under the field of the prompt that was answered,
    /// which stays open; a question or a list has no place for it, and a modal the pane
    /// opened meanwhile is not the one that was answered, so then the status line says it.
    fn not_taken(&mut self, answered: Modal<Intent>, error: String) {
        let error = match self.modal {
            None => {
                let mut modal = answered;
                match modal.set_error(error) {
                    Ok(()) => {
                        self.modal = Some(modal);
                        return;
                    }
                    Err(error) => error,
                }
            }
            Some(_) => error,
        };
        self.say(error, true);
    }

    fn update_welcome(&mut self, action: Action) {
        match action {
            Action::ShowHelp => self.open_help(),
            // A new round is the Rounds pane's form, shown over the welcome screen.
            Action::NewRound => self.with_cx(|features, cx| features.rounds.update(action, cx)),
            other => self.with_cx(|features, cx| features.welcome.update(other, cx)),
        }
    }

    fn open_help(&mut self) {
        self.modal = Some(Modal::Help(HelpPopup::new(
            self.mode().contexts(),
            &self.keys,
        )));
    }

    /// Keys every pane answers the same way (panes, moving, filtering, help), and the
    /// pane's own.
    fn update_pane(&mut self, action: Action) {
        let pane = self.focus;
        match action {
            Action::NextPane => self.focus = pane.next(),
            Action::PrevPane => self.focus = pane.prev(),
            Action::ShowRounds => self.focus = Pane::Rounds,
            Action::ShowApplicants => self.focus = Pane::Applicants,
            Action::ShowMatches => self.focus = Pane::Matches,
            Action::ShowTopics => self.focus = Pane::Topics,
            Action::ShowOverview => self.focus = Pane::Overview,
            Action::Up
            | Action::Down
            | Action::Top
            | Action::Bottom
            | Action::PageUp
            | Action::PageDown => self.move_selection(action),
            Action::StartFilter => self.features.get_mut(pane).list_mut().1.editing = true,
            Action::ClearFilter => self.clear_filter(),
            Action::ShowHelp => self.open_help(),
            other => self.with_cx(|features, cx| features.get_mut(pane).update(other, cx)),
        }
    }

    fn move_selection(&mut self, action: Action) {
        let feature = self.features.get_mut(self.focus);
        let (list, _) = feature.list_mut();
        match action {
            Action::Up => list.move_by(-1),
            Action::Down => list.move_by(1),
            Action::Top => list.top(),
            Action::Bottom => list.bottom(),
            Action::PageUp => list.move_by(-list.page()),
            Action::PageDown => list.move_by(list.page()),
            _ => {}
        }
        feature.selection_moved(&self.store);
    }

    fn clear_filter(&mut self) {
        let (list, filter) = self.features.get_mut(self.focus).list_mut();
        filter.input.clear();
        filter.editing = false;
        list.set_filter("");
    }

    fn update_filter(&mut self, action: Action) {
        match action {
            Action::KeepFilter => self.features.get_mut(self.focus).list_mut().1.editing = false,
            Action::ClearFilter => self.clear_filter(),
            Action::Up | Action::Down => self.move_selection(action),
            edit => {
                let (list, filter) = self.features.get_mut(self.focus).list_mut();
                if filter.input.apply(edit) {
                    list.set_filter(filter.input.value());
                }
            }
        }
    }

    /// Brings what the screen shows up to date: the panes whose records changed (by this
    /// app's commands, or in another window) read them again, the focused one now and the
    /// others when shown, each keeping its selection where the row still exists.
    fn after_update(&mut self) {
        self.show_waiting();
        let changes = self.store.take_changes();
        self.note(changes);
        if self.screen != Screen::Panes {
            return;
        }
        // Rounds chooses the round every other pane shows: when the rounds themselves
        // changed it is read at once; when only their figures did, when it is shown.
        let shown = self.focus == Pane::Rounds && self.stale[Pane::Rounds.index()];
        if self.rounds_moved || shown {
            self.read_rounds(None);
        }
        if self.focus == Pane::Rounds
            && let Some(f) = self.features.rounds.selected()
        {
            self.current_round = Some(f.round.id);
        }
        let Some(round) = self.current_round().cloned() else {
            for &pane in Pane::ALL {
                self.features.get_mut(pane).clear();
            }
            return;
        };
        let pane = self.focus;
        if pane == Pane::Rounds {
            return;
        }
        let feature = self.features.get_mut(pane);
        let stale = std::mem::take(&mut self.stale[pane.index()]);
        if stale || feature.round_id() != Some(round.id) {
            self.reads[pane.index()] += 1;
            if let Err(e) = feature.read(&self.store, &round) {
                self.say(
                    format!("Could not read round {}: {e}", round.plan.name),
                    true,
                );
            }
        }
        // A filter typed, a row gone: the details follow the selection wherever it went.
        self.features.get_mut(pane).selection_moved(&self.store);
    }

    /// Marks the panes that show what `changes` touched, to read again when shown.
    fn note(&mut self, changes: Changes) {
        for &pane in Pane::ALL {
            let depends = self.features.get(pane).depends_on();
            self.stale[pane.index()] |= changes.touches(depends);
        }
        self.rounds_moved |= changes.touches(Changes::ROUNDS);
    }

    fn read_rounds(&mut self, select: Option<RoundId>) {
        let select = select.or(self.current_round);
        self.reads[Pane::Rounds.index()] += 1;
        self.features.rounds.today = self.today;
        match self.features.rounds.reload(&self.store, select) {
            Ok(()) => {
                self.stale[Pane::Rounds.index()] = false;
                self.rounds_moved = false;
            }
            Err(e) => self.say(format!("Could not read the rounds: {e}"), true),
        }
        if self
            .current_round
            .is_none_or(|id| self.features.rounds.figures_of(id).is_none())
        {
            self.current_round = self.features.rounds.selected().map(|f| f.round.id);
        }
    }
}

/// The mode of an open modal.
fn modal_mode(modal: &Modal<Intent>) -> Mode {
    match modal {
        Modal::Question(_) => Mode::Question,
        Modal::Picker(_) => Mode::Picker,
        Modal::DatePrompt(_) => Mode::DatePrompt,
        Modal::TextPrompt(_) => Mode::TextPrompt,
        Modal::PathPrompt(_) => Mode::PathPrompt,
        Modal::Messages(_) => Mode::Messages,
        Modal::Help(_) => Mode::Help,
    }
}

/// The intent an answer goes back to: the modal's own, or the follow-up a message list
/// offers.
fn intent_of(modal: &Modal<Intent>, answer: &Answer) -> Option<Intent> {
    match (modal, answer) {
        (Modal::Question(q), _) => Some(q.intent.clone()),
        (Modal::Picker(p), _) => Some(p.intent.clone()),
        (Modal::DatePrompt(p), _) => Some(p.intent.clone()),
        (Modal::TextPrompt(p), _) => Some(p.intent.clone()),
        (Modal::PathPrompt(p), _) => Some(p.intent.clone()),
        (Modal::Messages(m), Answer::Retry) => m.retry.clone(),
        (Modal::Messages(_) | Modal::Help(_), _) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::features::welcome;
    use crate::tui::kit::modal::{Question, TextPrompt};

    fn empty_app() -> App {
        App::new(Store::open_in_memory().unwrap())
    }

    fn question() -> Modal<Intent> {
        Modal::Question(Question {
            title: "Sure?".into(),
            text: "Sure?".into(),
            intent: Intent::Welcome(welcome::Intent::LoadDemo),
        })
    }

    fn prompt() -> Modal<Intent> {
        Modal::TextPrompt(TextPrompt::new(
            "Why",
            "Why?".into(),
            Intent::Welcome(welcome::Intent::LoadDemo),
        ))
    }

    #[test]
    fn an_answer_not_taken_is_said_where_it_can_be_seen() {
        // A prompt stays open with the message under its field.
        let mut app = empty_app();
        app.not_taken(prompt(), "Say why.".into());
        match &app.modal {
            Some(Modal::TextPrompt(p)) => assert_eq!(p.error.as_deref(), Some("Say why.")),
            _ => panic!("the prompt is gone"),
        }
        assert_eq!(app.status, None);

        // A question has no field: it closes and the status line says it.
        let mut app = empty_app();
        app.not_taken(question(), "Not done.".into());
        assert!(app.modal.is_none());
        let status = app.status.as_ref().unwrap();
        assert_eq!(status.text, "Not done.");
        assert!(status.is_error);

        // The pane opened another modal: it stays, and the status line says it.
        let mut app = empty_app();
        app.modal = Some(question());
        app.not_taken(prompt(), "Not done either.".into());
        assert!(matches!(app.modal, Some(Modal::Question(_))));
        assert_eq!(app.status.as_ref().unwrap().text, "Not done either.");
    }
}
