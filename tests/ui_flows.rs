//! The app driven by key events over an in-memory store, as a coordinator would use it:
//! moving between panes, filtering, the help, the round form, status changes, the country
//! cap, imports and quitting. Changes are checked in the store, not only on screen.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use iln::demo::{self, DemoOptions};
use iln::domain::{ApplicationStatus, RoundPlan};
use iln::store::Store;
use iln::tui::keymap::Mode;
use iln::tui::panes::Pane;
use iln::tui::popups::Popup;
use iln::tui::{App, Screen};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}

fn small_demo() -> DemoOptions {
    DemoOptions {
        applicants: 80,
        seed: 3,
        ..DemoOptions::default()
    }
}

fn empty_app() -> App {
    App::new(Store::open_in_memory().unwrap())
        .with_today(today())
        .with_demo_options(small_demo())
}

fn demo_app_with(options: DemoOptions) -> App {
    let mut store = Store::open_in_memory().unwrap();
    demo::populate(&mut store, &options).unwrap();
    App::new(store).with_today(today())
}

fn demo_app() -> App {
    demo_app_with(small_demo())
}

/// Presses a key the way the event loop does: handle it, then run any work it queued.
fn press(app: &mut App, event: KeyEvent) -> bool {
    let changed = app.handle_key(event);
    app.do_pending_work();
    changed
}

fn code(app: &mut App, code: KeyCode) -> bool {
    press(app, KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(app: &mut App, c: char) -> bool {
    press(app, KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Types text, one key per character.
fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyEvent::from(KeyCode::Char(c)));
    }
}

fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    terminal.backend().to_string()
}

fn status_text(app: &App) -> String {
    app.status().map(|s| s.text.clone()).unwrap_or_default()
}

fn asset(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets")
        .join(name)
}

#[test]
fn empty_database_opens_on_welcome_and_loads_demo_data() {
    let mut app = empty_app();
    assert_eq!(app.screen(), Screen::Welcome);
    assert_eq!(app.mode(), Mode::Welcome);
    assert!(screen(&app, 100, 30).contains("This database is empty"));

    // The key only queues the work, so the screen can say what is happening first.
    app.handle_key(KeyEvent::from(KeyCode::Char('d')));
    assert!(app.has_pending_work());
    assert!(screen(&app, 100, 30).contains("Loading demo data…"));
    app.do_pending_work();
    assert!(!app.has_pending_work());
    assert_eq!(app.screen(), Screen::Panes);
    assert_eq!(app.focus(), Pane::Rounds);
    assert!(!app.store().is_empty().unwrap());
    assert_eq!(app.rounds().all().len(), 2);
    assert_eq!(app.current_round().unwrap().plan.name, demo::CURRENT_ROUND);
    assert!(
        status_text(&app).starts_with("Loaded demo data"),
        "{}",
        status_text(&app)
    );
    assert!(screen(&app, 100, 30).contains(demo::PAST_ROUND));
}

#[test]
fn panes_switch_with_tab_shift_tab_and_numbers() {
    let mut app = demo_app();
    assert_eq!(app.focus(), Pane::Rounds);
    code(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Pane::Applicants);
    code(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Pane::Matches);
    code(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Pane::Topics);
    code(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Pane::Rounds);
    press(
        &mut app,
        KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
    );
    assert_eq!(app.focus(), Pane::Topics);
    for (key, pane) in [
        ('2', Pane::Applicants),
        ('4', Pane::Topics),
        ('3', Pane::Matches),
        ('1', Pane::Rounds),
    ] {
        type_text(&mut app, &key.to_string());
        assert_eq!(app.focus(), pane);
        assert!(screen(&app, 100, 30).contains(&format!("┌ {}", pane.title())));
    }
}

#[test]
fn selecting_a_round_changes_what_the_other_panes_show() {
    let mut app = demo_app();
    let past = app.store().round_by_name(demo::PAST_ROUND).unwrap();
    type_text(&mut app, "j");
    assert_eq!(app.current_round().unwrap().id, past.id);
    type_text(&mut app, "3");
    assert!(!app.matches().is_empty(), "the past round has partnerships");
    let view = screen(&app, 100, 30);
    assert!(view.contains("Matches · 2026 B") && view.contains("ended"));
    type_text(&mut app, "2");
    assert_eq!(app.applicants().round_id(), Some(past.id));
    type_text(&mut app, "1k3");
    assert!(app.matches().is_empty());
    assert!(screen(&app, 100, 30).contains("No partnerships in 2027 A yet"));
}

#[test]
fn filter_narrows_as_you_type_and_esc_clears_it() {
    let mut app = demo_app();
    type_text(&mut app, "2");
    let total = app.applicants().list.len();
    assert!(total >= 80);
    type_text(&mut app, "/");
    assert_eq!(app.mode(), Mode::Filtering);

    // Filter by a country code and name, case-insensitively.
    let country = app.applicants().rows()[0].country;
    type_text(&mut app, &country.name.to_uppercase());
    let shown = app.applicants().list.len();
    assert!(shown > 0 && shown < total);
    for row in 0..shown {
        let item = app.applicants().list.item_at(row);
        assert_eq!(app.applicants().rows()[item].country.code, country.code);
    }
    // Typing never quits or switches panes.
    type_text(&mut app, " q1");
    assert!(!app.should_quit());
    assert_eq!(app.focus(), Pane::Applicants);
    assert_eq!(app.applicants().list.len(), 0);
    assert!(screen(&app, 100, 30).contains("Nothing matches"));
    for _ in 0..3 {
        code(&mut app, KeyCode::Backspace);
    }
    assert_eq!(app.applicants().list.len(), shown);

    // Enter keeps the filter and gives the keys back to the list.
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Pane(Pane::Applicants));
    assert_eq!(app.applicants().list.len(), shown);
    assert!(screen(&app, 100, 30).contains(&format!("{shown} of {total} match")));

    // Esc clears it.
    code(&mut app, KeyCode::Esc);
    assert_eq!(app.applicants().list.len(), total);
    assert!(app.applicants().filter.input.is_empty());

    // And Esc while typing clears too.
    type_text(&mut app, "/zzzz");
    assert_eq!(app.applicants().list.len(), 0);
    code(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Pane(Pane::Applicants));
    assert_eq!(app.applicants().list.len(), total);
}

#[test]
fn filter_matches_email_sector_and_status() {
    let mut app = demo_app();
    type_text(&mut app, "2/");
    let email = app.applicants().rows()[5].email.clone();
    type_text(&mut app, &email);
    assert_eq!(app.applicants().list.len(), 1);
    ctrl(&mut app, 'u');
    type_text(&mut app, "withdrawn");
    let withdrawn = app.applicants().count(ApplicationStatus::Withdrawn);
    assert_eq!(app.applicants().list.len(), withdrawn);
    ctrl(&mut app, 'u');
    type_text(&mut app, "lis student");
    let students = app
        .applicants()
        .rows()
        .iter()
        .filter(|r| r.sector.name() == "LIS student")
        .count();
    assert!(app.applicants().list.len() >= students);
}

#[test]
fn each_pane_keeps_its_own_filter() {
    let mut app = demo_app();
    type_text(&mut app, "/2027");
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.rounds().list.len(), 1);
    type_text(&mut app, "4");
    assert!(!app.topics().list.is_empty());
    type_text(&mut app, "1");
    assert_eq!(app.rounds().list.len(), 1);
}

#[test]
fn sort_cycles_columns_and_reverses() {
    let mut app = demo_app();
    type_text(&mut app, "2");
    let first_name = |app: &App| {
        let item = app.applicants().list.item_at(0);
        app.applicants().rows()[item].name.clone()
    };
    type_text(&mut app, "s");
    let mut names: Vec<String> = app
        .applicants()
        .rows()
        .iter()
        .map(|r| r.name.to_lowercase())
        .collect();
    names.sort();
    assert_eq!(first_name(&app).to_lowercase(), names[0]);
    assert!(screen(&app, 100, 30).contains("Name ↑"));
    type_text(&mut app, "S");
    assert_eq!(first_name(&app).to_lowercase(), *names.last().unwrap());
    assert!(screen(&app, 100, 30).contains("Name ↓"));
    type_text(&mut app, "s");
    assert!(screen(&app, 100, 30).contains("Country ↑"));
}

#[test]
fn help_opens_and_closes() {
    let mut app = demo_app();
    type_text(&mut app, "2?");
    assert_eq!(app.mode(), Mode::Help);
    let view = screen(&app, 100, 30);
    assert!(view.contains("Help") && view.contains("accept the selected application"));
    code(&mut app, KeyCode::PageDown);
    code(&mut app, KeyCode::End);
    code(&mut app, KeyCode::Esc);
    assert!(app.popup().is_none());
    type_text(&mut app, "??");
    assert!(app.popup().is_none(), "? closes the help too");
    assert_eq!(app.focus(), Pane::Applicants);
}

#[test]
fn a_round_is_created_through_the_form() {
    let mut app = empty_app();
    type_text(&mut app, "n");
    assert_eq!(app.mode(), Mode::RoundForm);
    ctrl(&mut app, 'u');
    type_text(&mut app, "2031 A");
    for (field, value) in [
        ("opens", "2031-03-02"),
        ("closes", "2031-03-30"),
        ("matching", "2031-04-06"),
        ("starts", "2031-04-13"),
        ("term", "6"),
        ("cap", "25"),
    ] {
        code(&mut app, KeyCode::Tab);
        ctrl(&mut app, 'u');
        type_text(&mut app, value);
        let Some(Popup::RoundForm(form)) = app.popup() else {
            panic!("the form closed")
        };
        assert_eq!(form.focused_field(), field);
    }
    // q, j and digits type into fields; they neither quit nor move.
    assert!(!app.should_quit());
    code(&mut app, KeyCode::Enter);

    assert!(app.popup().is_none(), "{}", screen(&app, 100, 30));
    let rounds = app.store().rounds().unwrap();
    assert_eq!(rounds.len(), 1);
    let plan = &rounds[0].plan;
    assert_eq!(plan.name, "2031 A");
    assert_eq!(plan.opens_on.to_string(), "2031-03-02");
    assert_eq!(plan.starts_on.to_string(), "2031-04-13");
    assert_eq!((plan.term_months, plan.cap_percent), (6, 25));
    assert_eq!(app.screen(), Screen::Panes);
    assert_eq!(app.current_round().unwrap().id, rounds[0].id);
    assert!(status_text(&app).starts_with("Created round 2031 A"));
}

#[test]
fn a_form_with_bad_dates_saves_nothing_and_says_why() {
    let mut app = empty_app();
    type_text(&mut app, "n");
    code(&mut app, KeyCode::Tab);
    code(&mut app, KeyCode::Tab);
    ctrl(&mut app, 'u');
    type_text(&mut app, "1999-01-01");
    code(&mut app, KeyCode::Tab);
    ctrl(&mut app, 'u');
    type_text(&mut app, "2027-13-45");
    code(&mut app, KeyCode::Enter);

    assert!(app.store().rounds().unwrap().is_empty());
    let Some(Popup::RoundForm(form)) = app.popup() else {
        panic!("the form closed")
    };
    assert!(
        form.error("closes")
            .unwrap()
            .contains("before applications open")
    );
    assert!(form.error("matching").unwrap().contains("not a date"));
    assert_eq!(form.error("opens"), None);
    assert_eq!(
        form.focused_field(),
        "closes",
        "the cursor goes to the first problem"
    );
    let view = screen(&app, 100, 30);
    assert!(view.contains("↳ is before applications open"), "{view}");

    // Esc leaves the form and still nothing is saved.
    code(&mut app, KeyCode::Esc);
    assert!(app.popup().is_none());
    assert!(app.store().rounds().unwrap().is_empty());
    assert_eq!(app.screen(), Screen::Welcome);
}

#[test]
fn a_taken_round_name_is_refused_in_the_form() {
    let mut app = demo_app();
    type_text(&mut app, "n");
    ctrl(&mut app, 'u');
    type_text(&mut app, demo::PAST_ROUND);
    code(&mut app, KeyCode::Enter);
    let Some(Popup::RoundForm(form)) = app.popup() else {
        panic!("the form closed")
    };
    assert!(form.form_error().unwrap().contains("already exists"));
    assert_eq!(app.store().rounds().unwrap().len(), 2);
}

#[test]
fn a_round_is_edited_through_the_form() {
    let mut app = demo_app();
    let id = app.current_round().unwrap().id;
    type_text(&mut app, "e");
    for _ in 0..6 {
        code(&mut app, KeyCode::Tab);
    }
    ctrl(&mut app, 'u');
    type_text(&mut app, "30");
    code(&mut app, KeyCode::Tab);
    code(&mut app, KeyCode::Right);
    code(&mut app, KeyCode::Enter);
    assert!(app.popup().is_none());
    let round = app.store().round(id).unwrap();
    assert_eq!(round.plan.cap_percent, 30);
    assert_eq!(
        round.plan.status,
        demo::current_round_plan().status.next().unwrap()
    );
    assert!(status_text(&app).starts_with("Saved round"));
}

#[test]
fn status_keys_change_the_application_in_the_store() {
    let mut app = demo_app();
    type_text(&mut app, "2jj");
    let id = app.applicants().selected_row().unwrap().id;
    for (key, status) in [
        ('d', ApplicationStatus::Deferred),
        ('w', ApplicationStatus::Withdrawn),
        ('p', ApplicationStatus::Pending),
        ('a', ApplicationStatus::Accepted),
    ] {
        type_text(&mut app, &key.to_string());
        assert_eq!(app.store().application(id).unwrap().status, status);
        assert_eq!(app.applicants().selected_row().unwrap().status, status);
        assert_eq!(app.applicants().detail().unwrap().status, status);
    }
    assert!(status_text(&app).starts_with("Accepted "));
    type_text(&mut app, "a");
    assert!(status_text(&app).contains("already accepted"));
    let log = app.store().audit_log(4).unwrap();
    assert!(log.iter().all(|e| e.action == "application.status"));

    // The Rounds figures follow.
    type_text(&mut app, "d1");
    let figures = app.rounds().selected().unwrap();
    let stored = app.store().round_figures().unwrap();
    assert_eq!(figures.deferred, stored[0].deferred);
}

#[test]
fn the_country_cap_is_applied_after_a_question() {
    let mut app = demo_app_with(DemoOptions {
        over_cap: true,
        ..small_demo()
    });
    let round = app.current_round().unwrap().id;
    type_text(&mut app, "c");
    assert_eq!(app.mode(), Mode::Question);
    assert!(screen(&app, 100, 30).contains("Apply the 20% country cap to 2027 A?"));
    type_text(&mut app, "n");
    assert!(app.popup().is_none());
    assert!(status_text(&app).contains("not applied"));

    // The demo applied the cap already; set one application back to pending and apply
    // it again, from the Applicants pane this time.
    type_text(&mut app, "2");
    let pending_before = app.applicants().count(ApplicationStatus::Pending);
    assert_eq!(pending_before, 0);
    type_text(&mut app, "p");
    assert_eq!(app.applicants().count(ApplicationStatus::Pending), 1);
    type_text(&mut app, "c");
    code(&mut app, KeyCode::Enter);
    let text = status_text(&app);
    assert!(
        text.starts_with("Applied the 20% country cap to 2027 A: ") && text.contains(" deferred"),
        "{text}"
    );
    assert_eq!(app.applicants().count(ApplicationStatus::Pending), 0);
    let figures = app.store().round_figures().unwrap();
    let f = figures.iter().find(|f| f.round.id == round).unwrap();
    assert!(f.deferred > 0, "the over-cap demo defers some applicants");
    assert_eq!(f.pending, 0);
    assert_eq!(
        app.applicants().count(ApplicationStatus::Deferred),
        f.deferred
    );
    assert_eq!(
        app.store().audit_log(1).unwrap()[0].action,
        "applications.cap"
    );

    // Applying it again changes nothing, and says so.
    type_text(&mut app, "cy");
    assert!(status_text(&app).contains("nothing changed"));
}

#[test]
fn q_quits_but_not_while_typing() {
    let mut app = demo_app();
    type_text(&mut app, "/q");
    assert!(!app.should_quit());
    code(&mut app, KeyCode::Esc);
    type_text(&mut app, "nq");
    assert!(!app.should_quit(), "q typed into the round form");
    code(&mut app, KeyCode::Esc);
    type_text(&mut app, "2iq");
    assert!(!app.should_quit(), "q typed into the file prompt");
    code(&mut app, KeyCode::Esc);
    type_text(&mut app, "q");
    assert!(app.should_quit());

    let mut app = demo_app();
    type_text(&mut app, "n");
    ctrl(&mut app, 'c');
    assert!(app.should_quit(), "Ctrl-C quits even from a form");

    let mut app = empty_app();
    type_text(&mut app, "q");
    assert!(app.should_quit(), "q quits the welcome screen");
}

#[test]
fn unbound_keys_change_nothing() {
    let mut app = demo_app();
    assert!(!code(&mut app, KeyCode::F(5)));
    assert!(!press(&mut app, KeyEvent::from(KeyCode::Char('z'))));
    assert!(press(&mut app, KeyEvent::from(KeyCode::Char('j'))));
}

#[test]
fn import_from_the_welcome_screen_creates_a_round() {
    let mut app = empty_app();
    type_text(&mut app, "i");
    assert_eq!(app.mode(), Mode::PathPrompt);
    assert!(screen(&app, 100, 30).contains("iln will create the round 2026 B"));
    // A path that does not exist is refused in the prompt, and nothing is created.
    type_text(&mut app, "/no/such/file.csv");
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::PathPrompt);
    assert!(screen(&app, 100, 30).contains("There is no file"));
    assert!(app.store().is_empty().unwrap());

    ctrl(&mut app, 'u');
    type_text(&mut app, &asset("sample-survey.csv").display().to_string());
    code(&mut app, KeyCode::Enter);
    assert!(app.popup().is_none(), "{}", screen(&app, 100, 30));
    let round = app.store().round_by_name("2026 B").unwrap();
    assert_eq!(round.plan, RoundPlan::starting("2026 B", today()));
    let imported = app.store().application_rows(round.id).unwrap().len();
    assert!(imported > 50);
    assert_eq!(app.focus(), Pane::Applicants);
    assert_eq!(app.applicants().rows().len(), imported);
    let text = status_text(&app);
    assert!(text.starts_with("Created round 2026 B"), "{text}");
    assert!(
        text.contains(&format!("Imported {imported} applications")),
        "{text}"
    );
}

#[test]
fn a_bad_csv_shows_every_problem_and_can_skip_bad_rows() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("mistakes.csv");
    std::fs::copy(asset("sample-survey-mistakes.csv"), &csv).unwrap();
    let mut app = demo_app();
    let round = app.current_round().unwrap().id;
    let before = app.store().application_rows(round).unwrap().len();

    type_text(&mut app, "2i");
    type_text(&mut app, &csv.display().to_string());
    code(&mut app, KeyCode::Enter);
    let Some(Popup::Messages(popup)) = app.popup() else {
        panic!("no problems popup: {}", screen(&app, 100, 30))
    };
    assert_eq!(popup.items().len(), 15);
    assert!(popup.items()[0].starts_with("line 2: column \"Email Address\""));
    assert_eq!(app.store().application_rows(round).unwrap().len(), before);
    // It scrolls through every problem.
    assert!(!screen(&app, 100, 30).contains("line 14:"));
    for _ in 0..40 {
        code(&mut app, KeyCode::Down);
    }
    assert!(screen(&app, 100, 30).contains("line 14:"));

    type_text(&mut app, "s");
    assert!(app.popup().is_none());
    let after = app.store().application_rows(round).unwrap().len();
    assert!(after > before);
    assert_eq!(app.applicants().rows().len(), after, "the table reloads");
    let text = status_text(&app);
    assert!(
        text.contains("Skipped") && text.contains("mistakes.rejects.csv"),
        "{text}"
    );
    assert!(dir.path().join("mistakes.rejects.csv").exists());
}

#[test]
fn the_file_prompt_completes_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        asset("sample-survey.csv"),
        dir.path().join("spring-2027.csv"),
    )
    .unwrap();
    let mut app = demo_app();
    type_text(&mut app, "2i");
    type_text(&mut app, &format!("{}/spr", dir.path().display()));
    code(&mut app, KeyCode::Tab);
    code(&mut app, KeyCode::Enter);
    assert!(app.popup().is_none(), "{}", screen(&app, 100, 30));
    assert!(status_text(&app).contains("from spring-2027.csv"));
}

#[test]
fn a_too_small_terminal_shows_a_notice_and_only_quits() {
    let mut app = demo_app();
    let view = screen(&app, 40, 10);
    assert!(view.contains("too small"), "{view}");
    assert_eq!(app.mode(), Mode::TooSmall);
    type_text(&mut app, "2");
    assert_eq!(app.focus(), Pane::Rounds, "keys wait for a usable size");
    screen(&app, 100, 30);
    type_text(&mut app, "2");
    assert_eq!(app.focus(), Pane::Applicants);
    screen(&app, 40, 10);
    type_text(&mut app, "q");
    assert!(app.should_quit());
}

#[test]
fn nothing_panics_at_any_size() {
    let mut states: Vec<App> = Vec::new();
    states.push(empty_app());
    for keys in ["", "2", "2jjj/a", "j3", "4", "2?", "n", "c", "2i"] {
        let mut app = demo_app();
        type_text(&mut app, keys);
        states.push(app);
    }
    let mut form = demo_app();
    type_text(&mut form, "n");
    ctrl(&mut form, 'u');
    code(&mut form, KeyCode::Enter);
    states.push(form);
    for app in &states {
        for width in [1, 2, 5, 10, 30, 59, 60, 61, 80, 120, 200] {
            for height in [1, 2, 5, 15, 16, 17, 24, 50] {
                screen(app, width, height);
            }
        }
    }
}
