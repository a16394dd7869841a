//! The app's state and its update step. Keys become actions through the key map; each
//! action updates the state (calling `Store` methods for every change, never SQL); drawing
//! reads the state and changes nothing a user could see. Tests drive an `App` with key
//! events and draw it on a test backend, without a terminal.

use std::cell::Cell;

use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::action::Action;
use super::chrome;
use super::keymap::{self, Key, Mode};
use super::list_view::ListView;
use super::panes::applicants::ApplicantsPane;
use super::panes::matches::MatchesPane;
use super::panes::rounds::RoundsPane;
use super::panes::topics::TopicsPane;
use super::panes::{FilterState, Pane};
use super::popups::{HelpPopup, PathPrompt, Popup, PromptPurpose, RoundForm};
use crate::demo::{self, DemoOptions};
use crate::domain::{ApplicationStatus, Round};
use crate::store::Store;

mod application_actions;
mod draw;
mod match_actions;
mod round_actions;
mod topic_actions;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// The database is empty: offer demo data, an import or a new round.
    Welcome,
    Panes,
}

/// Work that takes a while (an import, demo data). A key only queues it, so that the
/// screen can say what is happening before it starts; [`App::do_pending_work`] runs it.
enum Work {
    Import(application_actions::ImportJob),
    LoadDemo,
}

/// A line for the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub is_error: bool,
}

pub struct App {
    store: Store,
    today: NaiveDate,
    demo: DemoOptions,
    screen: Screen,
    focus: Pane,
    rounds: RoundsPane,
    applicants: ApplicantsPane,
    matches: MatchesPane,
    topics: TopicsPane,
    /// The round the Applicants, Matches and Topics panes show: the one last selected in
    /// Rounds.
    current_round: Option<i64>,
    /// Panes whose records changed since they last read them (by [`Pane::index`]): each
    /// reads again when it is shown.
    stale: [bool; 4],
    /// How often each pane has read the store, for tests that check that a change reaches
    /// exactly the panes that show it.
    reads: [u64; 4],
    popup: Option<Popup>,
    status: Option<Status>,
    pending: Option<Work>,
    /// The matcher, while it runs in the background.
    match_run: Option<super::match_run::MatchRun>,
    quit: bool,
    /// The size of the last draw: keys do nothing but quit while the "too small" screen
    /// shows (and only Ctrl-C quits while a text field is hidden behind it).
    last_size: Cell<Option<Rect>>,
}

impl App {
    /// An app over `store`, on the welcome screen if the database is empty and on Rounds
    /// otherwise.
    pub fn new(store: Store) -> App {
        let mut app = App {
            store,
            today: chrono::Local::now().date_naive(),
            demo: DemoOptions::default(),
            screen: Screen::Panes,
            focus: Pane::Rounds,
            rounds: RoundsPane::default(),
            applicants: ApplicantsPane::default(),
            matches: MatchesPane::default(),
            topics: TopicsPane::default(),
            current_round: None,
            stale: [false; 4],
            reads: [0; 4],
            popup: None,
            status: None,
            pending: None,
            match_run: None,
            quit: false,
            last_size: Cell::new(None),
        };
        match app.store.is_empty() {
            Ok(true) => app.screen = Screen::Welcome,
            Ok(false) => {}
            Err(e) => app.error(format!("Could not read the database: {e}")),
        }
        app.reload_rounds(None);
        app.after_update();
        match app.store.unsaved_count() {
            Ok(0) | Err(_) => {}
            Ok(n) => app.info(format!(
                "Topic text typed but not saved was kept from last time ({n} {}, marked ✎ in \
                 Topics); Enter on one offers it back.",
                if n == 1 { "topic" } else { "topics" }
            )),
        }
        app
    }

    /// Sets the date the app takes as today (for tests and reproducible screenshots).
    pub fn with_today(mut self, today: NaiveDate) -> App {
        self.today = today;
        self
    }

    /// Sets what "demo data" on the welcome screen creates.
    pub fn with_demo_options(mut self, options: DemoOptions) -> App {
        self.demo = options;
        self
    }

    /// Says in the status line what was wrong with the user's config file (at start),
    /// ahead of anything `new` already said there.
    pub fn with_config_notice(mut self, notice: String) -> App {
        let text = match self.status.take() {
            Some(earlier) => format!("{notice} · {}", earlier.text),
            None => notice,
        };
        self.status = Some(Status {
            text,
            is_error: true,
        });
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

    pub fn popup(&self) -> Option<&Popup> {
        self.popup.as_ref()
    }

    pub fn current_round(&self) -> Option<&Round> {
        let id = self.current_round?;
        self.rounds.figures_of(id).map(|f| &f.round)
    }

    pub fn rounds(&self) -> &RoundsPane {
        &self.rounds
    }

    pub fn applicants(&self) -> &ApplicantsPane {
        &self.applicants
    }

    pub fn matches(&self) -> &MatchesPane {
        &self.matches
    }

    pub fn topics(&self) -> &TopicsPane {
        &self.topics
    }

    /// How keys are read now.
    pub fn mode(&self) -> Mode {
        let mode = if let Some(popup) = &self.popup {
            popup.mode()
        } else if self.screen == Screen::Welcome {
            Mode::Welcome
        } else if self.filter(self.focus).editing {
            Mode::Filtering
        } else if self.focus == Pane::Matches
            && self
                .match_run
                .as_ref()
                .is_some_and(|run| self.matches.round_id() == Some(run.round_id))
        {
            Mode::MatchRunning
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

    /// Handles one key; returns whether anything changed (and so needs drawing).
    pub fn handle_key(&mut self, event: KeyEvent) -> bool {
        let Some(key) = Key::from_event(event) else {
            return false;
        };
        let mode = self.mode();
        match keymap::lookup(mode, key) {
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

    /// Called by the event loop every little while: keeps the editor's unsaved text in the
    /// database every few seconds while it changes. Returns whether to draw again.
    pub fn tick(&mut self, now: std::time::Instant) -> bool {
        let kept = self.keep_editor_text(now, false);
        let matched = self.poll_match();
        // Another iln (or a command) wrote to the file: what it changed cannot be told
        // apart, so every pane reads again.
        let elsewhere = match self.store.changed_elsewhere() {
            Ok(true) => {
                for stale in &mut self.stale {
                    *stale = true;
                }
                true
            }
            Ok(false) => false,
            Err(e) => {
                self.error(format!("Could not check the database for changes: {e}"));
                false
            }
        };
        if matched || elsewhere {
            self.after_update();
        }
        kept || matched || elsewhere
    }

    /// Whether the matcher is running in the background.
    pub fn is_matching(&self) -> bool {
        self.match_run.is_some()
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
        if let Some(Popup::Editor(editor)) = &mut self.popup {
            editor.paste(&text);
        } else {
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

    /// Whether a key queued work that [`App::do_pending_work`] should run next.
    pub fn has_pending_work(&self) -> bool {
        self.pending.is_some()
    }

    /// Runs the queued work, if any (the event loop calls this after drawing the frame
    /// that announces it).
    pub fn do_pending_work(&mut self) {
        match self.pending.take() {
            Some(Work::Import(job)) => self.import(job),
            Some(Work::LoadDemo) => self.load_demo(),
            None => return,
        }
        self.after_update();
    }

    fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            is_error: false,
        });
    }

    fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            is_error: true,
        });
    }

    fn filter(&self, pane: Pane) -> &FilterState {
        match pane {
            Pane::Rounds => &self.rounds.filter,
            Pane::Applicants => &self.applicants.filter,
            Pane::Matches => &self.matches.filter,
            Pane::Topics => &self.topics.filter,
        }
    }

    fn list_and_filter(&mut self, pane: Pane) -> (&mut ListView, &mut FilterState) {
        match pane {
            Pane::Rounds => (&mut self.rounds.list, &mut self.rounds.filter),
            Pane::Applicants => (&mut self.applicants.list, &mut self.applicants.filter),
            Pane::Matches => (&mut self.matches.list, &mut self.matches.filter),
            Pane::Topics => (&mut self.topics.list, &mut self.topics.filter),
        }
    }

    fn update(&mut self, mode: Mode, action: Action) {
        if matches!(action, Action::ForceQuit | Action::Quit) {
            // Whatever the editor holds unsaved is kept for next time.
            self.keep_editor_text(std::time::Instant::now(), true);
            self.stop_match();
            self.quit = true;
            return;
        }
        match mode {
            Mode::Welcome => self.update_welcome(action),
            Mode::Pane(pane) => self.update_pane(pane, action),
            Mode::MatchRunning => self.update_pane(Pane::Matches, action),
            Mode::Filtering => self.update_filter(action),
            Mode::RoundForm => self.update_form(action),
            Mode::PathPrompt => self.update_prompt(action),
            Mode::Help => match (action, &mut self.popup) {
                (Action::Close, _) => self.popup = None,
                (other, Some(Popup::Help(help))) => help.update(other),
                _ => {}
            },
            Mode::Messages => self.update_messages(action),
            Mode::Question => self.update_question(action),
            Mode::Editor | Mode::Preview => self.update_editor(action),
            Mode::Picker => self.update_picker(action),
            Mode::DatePrompt => self.update_date_prompt(action),
            Mode::Candidates => self.update_candidates(action),
            Mode::Weights => self.update_weights(action),
            Mode::TextPrompt => self.update_text_prompt(action),
            Mode::TooSmall | Mode::TooSmallTyping => {}
        }
    }

    fn type_char(&mut self, mode: Mode, c: char) {
        match (mode, &mut self.popup) {
            (Mode::RoundForm, Some(Popup::RoundForm(form))) => form.type_char(c),
            (Mode::PathPrompt, Some(Popup::PathPrompt(prompt))) => prompt.input.insert(c),
            (Mode::Editor, _) => self.type_in_editor(c),
            (Mode::DatePrompt, _) => self.type_in_date_prompt(c),
            (Mode::TextPrompt, _) => self.type_in_text_prompt(c),
            (Mode::Filtering, _) => {
                let (list, filter) = self.list_and_filter(self.focus);
                filter.input.insert(c);
                list.set_filter(filter.input.value());
            }
            _ => {}
        }
    }

    /// Brings what the screen shows up to date: the panes whose records changed (by this
    /// app's commands, or in another window) read them again, the focused one now and the
    /// others when shown, each keeping its selection where the row still exists.
    fn after_update(&mut self) {
        let changes = self.store.take_changes();
        for pane in Pane::ALL {
            self.stale[pane.index()] |= changes.touches(pane.depends_on());
        }
        if self.screen != Screen::Panes {
            return;
        }
        // The round header and every pane's round come from Rounds: it is read at once.
        if self.stale[Pane::Rounds.index()] {
            self.reload_rounds(None);
        }
        if self.focus == Pane::Rounds
            && let Some(f) = self.rounds.selected()
        {
            self.current_round = Some(f.round.id);
        }
        let round = self.current_round().cloned();
        let Some(round) = round else {
            self.applicants.unload();
            self.matches.unload();
            self.topics.unload();
            return;
        };
        let result = match self.focus {
            Pane::Rounds => Ok(()),
            Pane::Applicants => self.ensure_applicants(&round).map(|()| {
                self.applicants.sync_detail(&self.store);
            }),
            Pane::Matches => self.ensure_applicants(&round).and_then(|()| {
                if !self.needs_reading(Pane::Matches, self.matches.round_id(), &round) {
                    return Ok(());
                }
                self.matches.load(&self.store, &round, &self.applicants)
            }),
            Pane::Topics => {
                if !self.needs_reading(Pane::Topics, self.topics.round_id(), &round) {
                    return;
                }
                self.topics.load(&self.store, &round)
            }
        };
        if let Err(e) = result {
            self.error(format!("Could not read round {}: {e}", round.plan.name));
        }
    }

    /// Whether a pane that shows `loaded` must read `round` now: another round, or its
    /// records changed. Answering yes clears its mark, as it is about to read.
    fn needs_reading(&mut self, pane: Pane, loaded: Option<i64>, round: &Round) -> bool {
        let stale = std::mem::take(&mut self.stale[pane.index()]);
        let reads = stale || loaded != Some(round.id);
        self.reads[pane.index()] += u64::from(reads);
        reads
    }

    /// How many times `pane` has read its records from the store.
    pub fn reads(&self, pane: Pane) -> u64 {
        self.reads[pane.index()]
    }

    /// The round's applications, read again when another round is shown or they changed
    /// (Matches names its members from them too).
    fn ensure_applicants(&mut self, round: &Round) -> Result<(), crate::store::StoreError> {
        if !self.needs_reading(Pane::Applicants, self.applicants.round_id(), round) {
            return Ok(());
        }
        self.applicants.load(&self.store, round)
    }

    /// Says why a change was not made (`not_done: the store's reason`). A change refused
    /// because the record moved on since it was shown says what changed instead: the panes
    /// have read it again by then.
    fn refused(&mut self, not_done: impl Into<String>, e: crate::store::StoreError) {
        match e {
            crate::store::StoreError::Stale(what) => self.error(format!(
                "Nothing changed: {what}. The list is up to date now."
            )),
            e => self.error(format!("{}: {e}", not_done.into())),
        }
    }

    /// Closes a popup the coordinator backed out of, saying so.
    fn close_unchanged(&mut self) {
        self.popup = None;
        self.info("Nothing changed.");
    }

    fn reload_rounds(&mut self, select: Option<i64>) {
        let select = select.or(self.current_round);
        self.reads[Pane::Rounds.index()] += 1;
        match self.rounds.reload(&self.store, select) {
            Ok(()) => self.stale[Pane::Rounds.index()] = false,
            Err(e) => self.error(format!("Could not read the rounds: {e}")),
        }
        if self
            .current_round
            .is_none_or(|id| self.rounds.figures_of(id).is_none())
        {
            self.current_round = self.rounds.selected().map(|f| f.round.id);
        }
    }

    // ---- Welcome screen ----

    fn update_welcome(&mut self, action: Action) {
        match action {
            Action::LoadDemo => {
                self.info("Loading demo data…");
                self.pending = Some(Work::LoadDemo);
            }
            Action::Import => {
                let opens_on = self.today;
                self.popup = Some(Popup::PathPrompt(PathPrompt::new(
                    PromptPurpose::ImportNewRound {
                        round_name: self.free_round_name(opens_on),
                        opens_on,
                    },
                )));
            }
            Action::NewRound => self.open_new_round_form(),
            Action::ShowHelp => self.popup = Some(Popup::Help(HelpPopup::new(Mode::Welcome))),
            _ => {}
        }
    }

    fn load_demo(&mut self) {
        match demo::populate(&mut self.store, &self.demo) {
            Ok(summary) => {
                self.screen = Screen::Panes;
                self.focus = Pane::Rounds;
                let current = self.store.round_by_name(&summary.round).ok().map(|r| r.id);
                self.current_round = current;
                self.reload_rounds(current);
                self.info(format!(
                    "Loaded demo data: {} has {} applications from {} countries; the ended \
                     round {} has {} partnerships. Press 2 to see the applicants.",
                    summary.round,
                    summary.applicants,
                    summary.countries,
                    summary.past_round,
                    summary.past_partnerships
                ));
            }
            Err(e) => self.error(format!("Could not load the demo data: {e}")),
        }
    }

    // ---- Panes ----

    fn update_pane(&mut self, pane: Pane, action: Action) {
        match action {
            Action::NextPane => self.focus = pane.next(),
            Action::PrevPane => self.focus = pane.prev(),
            Action::ShowRounds => self.focus = Pane::Rounds,
            Action::ShowApplicants => self.focus = Pane::Applicants,
            Action::ShowMatches => self.focus = Pane::Matches,
            Action::ShowTopics => self.focus = Pane::Topics,
            Action::Up | Action::Down | Action::Top | Action::Bottom => {
                self.move_selection(pane, action)
            }
            Action::PageUp | Action::PageDown => self.move_selection(pane, action),
            Action::StartFilter => self.list_and_filter(pane).1.editing = true,
            Action::ClearFilter => self.clear_filter(pane),
            Action::ShowHelp => {
                self.popup = Some(Popup::Help(HelpPopup::new(Mode::Pane(pane))));
            }
            Action::NewRound => self.open_new_round_form(),
            Action::EditRound => match self.rounds.selected() {
                Some(f) => {
                    self.popup = Some(Popup::RoundForm(Box::new(RoundForm::edit(&f.round))));
                }
                None => self.error("No round is selected; press n to create one."),
            },
            Action::ApplyCap => self.ask_apply_cap(),
            Action::SortNext => self.applicants.sort_next(),
            Action::SortReverse => self.applicants.sort_reverse(),
            Action::Accept => self.set_status(ApplicationStatus::Accepted),
            Action::Defer => self.set_status(ApplicationStatus::Deferred),
            Action::Withdraw => self.set_status(ApplicationStatus::Withdrawn),
            Action::MarkPending => self.set_status(ApplicationStatus::Pending),
            Action::Import => match self.current_round() {
                Some(round) => {
                    let purpose = PromptPurpose::ImportInto {
                        round_id: round.id,
                        round_name: round.plan.name.clone(),
                    };
                    self.popup = Some(Popup::PathPrompt(PathPrompt::new(purpose)));
                }
                None => {
                    self.error("Create a round first (Rounds, n); applications belong to a round.")
                }
            },
            Action::EditTopic
            | Action::PlanTopics
            | Action::AddTopicSlot
            | Action::MoveTopic
            | Action::RemoveTopic
            | Action::ToggleReady
            | Action::TogglePublished
            | Action::InsertLibraryTopic
            | Action::ExportTopics => self.update_topics(action),
            Action::RunMatch
            | Action::CancelMatch
            | Action::SortByScore
            | Action::ToggleLock
            | Action::ShowCandidates
            | Action::Unpair
            | Action::ForbidPair
            | Action::UndoDraft
            | Action::RedoDraft
            | Action::PublishDraft
            | Action::LogProblem
            | Action::EndEarly
            | Action::EditWeights
            | Action::ShowReadiness => self.update_matches(action),
            Action::DetailDown | Action::DetailUp => {
                let scroll = match pane {
                    Pane::Applicants => &mut self.applicants.detail_scroll,
                    Pane::Matches => &mut self.matches.detail_scroll,
                    Pane::Topics => &mut self.topics.detail_scroll,
                    Pane::Rounds => return,
                };
                if action == Action::DetailDown {
                    scroll.down();
                } else {
                    scroll.up();
                }
            }
            _ => {}
        }
    }

    fn move_selection(&mut self, pane: Pane, action: Action) {
        let (list, _) = self.list_and_filter(pane);
        match action {
            Action::Up => list.move_by(-1),
            Action::Down => list.move_by(1),
            Action::Top => list.top(),
            Action::Bottom => list.bottom(),
            Action::PageUp => list.move_by(-list.page()),
            Action::PageDown => list.move_by(list.page()),
            _ => {}
        }
        if pane != Pane::Applicants {
            // Details of another item start at their top.
            self.matches.detail_scroll.reset();
            self.topics.detail_scroll.reset();
        }
    }

    fn clear_filter(&mut self, pane: Pane) {
        let (list, filter) = self.list_and_filter(pane);
        filter.input.clear();
        filter.editing = false;
        list.set_filter("");
    }

    fn update_filter(&mut self, action: Action) {
        let pane = self.focus;
        match action {
            Action::KeepFilter => self.list_and_filter(pane).1.editing = false,
            Action::ClearFilter => self.clear_filter(pane),
            Action::Up | Action::Down => self.move_selection(pane, action),
            edit => {
                let (list, filter) = self.list_and_filter(pane);
                if filter.input.apply(edit) {
                    list.set_filter(filter.input.value());
                }
            }
        }
    }
}
