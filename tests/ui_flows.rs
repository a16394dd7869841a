//! The app driven by key events over an in-memory store, as a coordinator would use it:
//! moving between panes, filtering, the help, the round form, status changes, the country
//! cap, imports and quitting. Changes are checked in the store, not only on screen.

mod driver;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use driver::{code, ctrl, demo_app_with, press, screen, status_text, today, type_text};
use iln::demo::{self, DemoOptions};
use iln::domain::topic::library;
use iln::domain::{
    ApplicationId, ApplicationStatus, Cadence, PartnershipStatus, Round, RoundPlan, RoundStatus,
    Topic, TopicStatus,
};
use iln::store::{Store, TopicText};
use iln::tui::features::topics::{Field, TopicEditor};
use iln::tui::features::{Mode, Pane};
use iln::tui::kit::modal::Modal;
use iln::tui::{App, Screen};

fn small_demo() -> DemoOptions {
    DemoOptions {
        applicants: 80,
        seed: 3,
        ..DemoOptions::ready_to_match(driver::today())
    }
}

fn empty_app() -> App {
    App::new(Store::open_in_memory().unwrap())
        .with_today(today())
        .with_demo_options(small_demo())
}

fn demo_app() -> App {
    demo_app_with(small_demo())
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
    assert_eq!(app.current_round().unwrap().plan.name, "2027 A");
    assert!(
        status_text(&app).starts_with("Loaded demo data"),
        "{}",
        status_text(&app)
    );
    assert!(screen(&app, 100, 30).contains("2026 A"));
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
    assert_eq!(app.focus(), Pane::Overview);
    code(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Pane::Rounds);
    press(
        &mut app,
        KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
    );
    assert_eq!(app.focus(), Pane::Overview);
    for (key, pane) in [
        ('2', Pane::Applicants),
        ('5', Pane::Overview),
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
    let past = app.store().round_by_name("2026 A").unwrap();
    type_text(&mut app, "j");
    assert_eq!(app.current_round().unwrap().id, past.id);
    type_text(&mut app, "3");
    assert!(!app.matches().is_empty(), "the past round has partnerships");
    let view = screen(&app, 100, 30);
    assert!(view.contains("Matches · 2026 A") && view.contains("ended"));
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
    assert!(!app.popup_open());
    type_text(&mut app, "??");
    assert!(!app.popup_open(), "? closes the help too");
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
        let Some(form) = app.rounds().form() else {
            panic!("the form closed")
        };
        assert_eq!(form.focused_field(), field);
    }
    // q, j and digits type into fields; they neither quit nor move.
    assert!(!app.should_quit());
    code(&mut app, KeyCode::Enter);

    assert!(!app.popup_open(), "{}", screen(&app, 100, 30));
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
    let Some(form) = app.rounds().form() else {
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
    assert!(!app.popup_open());
    assert!(app.store().rounds().unwrap().is_empty());
    assert_eq!(app.screen(), Screen::Welcome);
}

#[test]
fn a_taken_round_name_is_refused_in_the_form() {
    let mut app = demo_app();
    type_text(&mut app, "n");
    ctrl(&mut app, 'u');
    type_text(&mut app, "2026 A");
    code(&mut app, KeyCode::Enter);
    let Some(form) = app.rounds().form() else {
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
    code(&mut app, KeyCode::Enter);
    assert!(!app.popup_open());
    let round = app.store().round(id).unwrap();
    assert_eq!(round.plan.cap_percent, 30);
    // The form does not set the stage.
    assert_eq!(round.plan.status, iln::domain::RoundStatus::Closed);
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
    assert!(!app.popup_open());
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
    assert!(screen(&app, 100, 30).contains("iln will create one to hold them"));
    // A path that does not exist is refused in the prompt, and nothing is created.
    type_text(&mut app, "/no/such/file.csv");
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::PathPrompt);
    assert!(screen(&app, 100, 30).contains("There is no file"));
    assert!(app.store().is_empty().unwrap());

    ctrl(&mut app, 'u');
    type_text(&mut app, &asset("sample-survey.csv").display().to_string());
    code(&mut app, KeyCode::Enter);
    // The assistant shows the file as it will be read; i imports it.
    type_text(&mut app, "i");
    assert!(!app.popup_open(), "{}", screen(&app, 100, 30));
    // The round is dated and named after the submissions (2027-03-01 to 2027-03-18).
    let round = app.store().round_by_name("2027 A").unwrap();
    let day = |d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    assert_eq!(
        round.plan,
        RoundPlan::spanning("2027 A", day("2027-02-28"), day("2027-03-17"))
    );
    let imported = app.store().application_rows(round.id).unwrap().len();
    assert!(imported > 50);
    assert_eq!(app.focus(), Pane::Applicants);
    assert_eq!(app.applicants().rows().len(), imported);
    let text = status_text(&app);
    assert!(text.starts_with("Created round 2027 A"), "{text}");
    assert!(
        text.contains(&format!("Imported {imported} applications")),
        "{text}"
    );
    assert!(
        !text.contains("outside"),
        "every submission is in the window: {text}"
    );
}

/// A file with problems, imported from the welcome screen, creates no round: the database
/// stays empty until the valid rows are imported.
#[test]
fn a_bad_csv_from_the_welcome_screen_leaves_the_database_empty() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("mistakes.csv");
    std::fs::copy(asset("sample-survey-mistakes.csv"), &csv).unwrap();
    let mut app = empty_app();
    type_text(&mut app, "i");
    type_text(&mut app, &csv.display().to_string());
    code(&mut app, KeyCode::Enter);
    // The assistant shows the file as it will be read; i imports it.
    type_text(&mut app, "i");
    let Some(Modal::Messages(popup)) = app.modal() else {
        panic!("no problems popup: {}", screen(&app, 100, 30))
    };
    assert!(
        popup.intro().contains("no round was created"),
        "{}",
        popup.intro()
    );
    assert!(app.store().is_empty().unwrap());
    assert!(app.store().rounds().unwrap().is_empty());
    assert!(status_text(&app).contains("no round was created"));

    // Skipping the bad rows creates the round and imports the rest into it.
    type_text(&mut app, "s");
    assert!(!app.popup_open(), "{}", screen(&app, 100, 30));
    let rounds = app.store().rounds().unwrap();
    assert_eq!(rounds.len(), 1);
    assert!(
        !app.store()
            .application_rows(rounds[0].id)
            .unwrap()
            .is_empty()
    );
    assert_eq!(app.focus(), Pane::Applicants);
    let text = status_text(&app);
    assert!(
        text.starts_with("Created round 2027 A") && text.contains("Skipped"),
        "{text}"
    );
    // The whole message shows at 80×24, down to the rejects file it names.
    let shown: String = screen(&app, 80, 24).split_whitespace().collect();
    assert!(
        shown.contains("mistakes.rejects.csv"),
        "{}",
        screen(&app, 80, 24)
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
    // The assistant shows the file as it will be read; i imports it.
    type_text(&mut app, "i");
    let Some(Modal::Messages(popup)) = app.modal() else {
        panic!("no problems popup: {}", screen(&app, 100, 30))
    };
    assert_eq!(popup.items().len(), 14);
    assert!(popup.items()[0].starts_with("line 2: column \"Email Address\""));
    assert_eq!(app.store().application_rows(round).unwrap().len(), before);
    // It scrolls through every problem.
    assert!(!screen(&app, 100, 30).contains("line 14:"));
    for _ in 0..40 {
        code(&mut app, KeyCode::Down);
    }
    assert!(screen(&app, 100, 30).contains("line 14:"));

    type_text(&mut app, "s");
    assert!(!app.popup_open());
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
    // The assistant shows the file as it will be read; i imports it.
    type_text(&mut app, "i");
    assert!(!app.popup_open(), "{}", screen(&app, 100, 30));
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

// ---- Topics ----

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Applications for round 2027 A open on this day, so its term runs from 2027-02-15 to
/// 2027-06-15.
fn opens_on() -> NaiveDate {
    date("2027-01-04")
}

fn create_round(store: &mut Store) -> Round {
    store
        .create_round(&RoundPlan::starting("2027 A", opens_on()))
        .unwrap()
}

/// An app over an in-memory store holding one round without topics, on the Topics pane.
fn topics_app() -> (App, Round) {
    let mut store = Store::open_in_memory().unwrap();
    let round = create_round(&mut store);
    let mut app = App::new(store).with_today(today());
    type_text(&mut app, "4");
    assert_eq!(app.mode(), Mode::Pane(Pane::Topics));
    assert_eq!(app.topics().round_id(), Some(round.id));
    (app, round)
}

/// An app over the database file at `path`, on the Topics pane.
fn file_topics_app(path: &Path) -> App {
    let mut app = App::new(Store::open(path).unwrap()).with_today(today());
    type_text(&mut app, "4");
    assert_eq!(app.mode(), Mode::Pane(Pane::Topics));
    app
}

fn ctrl_code(app: &mut App, code: KeyCode) -> bool {
    press(app, KeyEvent::new(code, KeyModifiers::CONTROL))
}

/// Types text into the editor; a line break is the Enter key.
fn type_lines(app: &mut App, text: &str) {
    for c in text.chars() {
        if c == '\n' {
            code(app, KeyCode::Enter);
        } else {
            press(app, KeyEvent::from(KeyCode::Char(c)));
        }
    }
}

fn editor(app: &App) -> &TopicEditor {
    match app.topics().editor() {
        Some(e) => e,
        None => panic!("the editor is not open:\n{}", screen(app, 100, 30)),
    }
}

fn date_prompt_value(app: &App) -> String {
    match app.modal() {
        Some(Modal::DatePrompt(p)) => p.input.value().to_string(),
        _ => panic!("no date prompt:\n{}", screen(app, 100, 30)),
    }
}

fn date_prompt_error(app: &App) -> String {
    match app.modal() {
        Some(Modal::DatePrompt(p)) => p.error.clone().unwrap_or_default(),
        _ => panic!("no date prompt:\n{}", screen(app, 100, 30)),
    }
}

fn stored(app: &App, round: &Round) -> Vec<Topic> {
    app.store().topics(round.id).unwrap()
}

fn dates_of(topics: &[Topic]) -> Vec<NaiveDate> {
    topics.iter().map(|t| t.publish_on).collect()
}

fn selected(app: &App) -> Topic {
    app.topics()
        .selected()
        .expect("a topic is selected")
        .clone()
}

fn is_error(app: &App) -> bool {
    app.status().is_some_and(|s| s.is_error)
}

/// Adds a slot on the date the prompt offers and returns it.
fn add_default_slot(app: &mut App) -> Topic {
    type_text(app, "a");
    assert_eq!(app.mode(), Mode::DatePrompt);
    code(app, KeyCode::Enter);
    assert!(!app.popup_open(), "{}", screen(app, 100, 30));
    selected(app)
}

#[test]
fn plan_slots_from_a_cadence() {
    let (mut app, round) = topics_app();
    let (start, end) = (round.plan.starts_on, round.plan.ends_on());
    assert!(screen(&app, 100, 30).contains("No discussion topics for 2027 A yet"));

    type_text(&mut app, "p");
    assert_eq!(app.mode(), Mode::Picker);
    let Some(Modal::Picker(picker)) = app.modal() else {
        panic!("no picker")
    };
    assert_eq!(picker.items.len(), Cadence::ALL.len());
    let two_parts = Cadence::MonthlyInTwoParts.dates(start, end);
    assert_eq!(
        picker.items[2].label,
        format!(
            "monthly, in two parts · {} dates, {} new",
            two_parts.len(),
            two_parts.len()
        )
    );
    type_text(&mut app, "jj");
    code(&mut app, KeyCode::Enter);
    assert!(!app.popup_open());
    let topics = stored(&app, &round);
    assert_eq!(dates_of(&topics), two_parts);
    assert!(topics.iter().all(|t| t.status == TopicStatus::Empty));
    assert_eq!(app.topics().topics(), topics.as_slice(), "the pane reloads");
    let text = status_text(&app);
    assert!(
        text.starts_with(&format!(
            "Added {} empty slots (monthly, in two parts)",
            two_parts.len()
        )),
        "{text}"
    );

    // Every monthly date is one of the two-part dates already: nothing is added.
    type_text(&mut app, "p");
    let Some(Modal::Picker(picker)) = app.modal() else {
        panic!("no picker")
    };
    let monthly = Cadence::Monthly.dates(start, end);
    assert!(monthly.iter().all(|d| two_parts.contains(d)));
    assert_eq!(
        picker.items[0].label,
        format!("monthly · {} dates, 0 new", monthly.len())
    );
    code(&mut app, KeyCode::Enter);
    assert_eq!(dates_of(&stored(&app, &round)), two_parts);
    assert!(
        status_text(&app).contains("nothing was added"),
        "{}",
        status_text(&app)
    );

    // Fortnightly adds only the dates that have no topic on or near them: none goes within a
    // week of an existing slot.
    type_text(&mut app, "pj");
    code(&mut app, KeyCode::Enter);
    let mut union = two_parts.clone();
    union.extend(Cadence::Fortnightly.new_dates(start, end, &two_parts));
    union.sort();
    assert!(union.len() > two_parts.len());
    for pair in union.windows(2) {
        assert!((pair[1] - pair[0]).num_days() >= 7, "{pair:?}");
    }
    assert_eq!(dates_of(&stored(&app, &round)), union);
    assert_eq!(app.topics().topics().len(), union.len());
}

#[test]
fn add_move_remove_a_slot() {
    let (mut app, round) = topics_app();
    let (start, end) = (round.plan.starts_on, round.plan.ends_on());
    type_text(&mut app, "a");
    assert_eq!(app.mode(), Mode::DatePrompt);
    assert_eq!(date_prompt_value(&app), start.to_string());

    // Not a date.
    ctrl(&mut app, 'u');
    assert_eq!(date_prompt_value(&app), "");
    type_text(&mut app, "2027-02-30");
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::DatePrompt);
    assert!(date_prompt_error(&app).contains("not a date"));
    assert!(screen(&app, 100, 30).contains("is not a date"));
    assert!(stored(&app, &round).is_empty());

    // Outside the term.
    ctrl(&mut app, 'u');
    assert_eq!(date_prompt_error(&app), "", "typing clears the error");
    type_text(&mut app, "2027-07-01");
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::DatePrompt);
    let error = date_prompt_error(&app);
    assert!(
        error.contains("outside the round's term")
            && error.contains(&start.to_string())
            && error.contains(&end.to_string()),
        "{error}"
    );
    assert!(screen(&app, 100, 30).contains("outside the round's term"));
    assert!(stored(&app, &round).is_empty());

    // A good date.
    ctrl(&mut app, 'u');
    type_text(&mut app, "2027-03-10");
    code(&mut app, KeyCode::Enter);
    assert!(!app.popup_open());
    let topics = stored(&app, &round);
    assert_eq!(dates_of(&topics), vec![date("2027-03-10")]);
    assert_eq!(topics[0].status, TopicStatus::Empty);
    assert_eq!(selected(&app), topics[0]);
    assert_eq!(status_text(&app), "Added an empty slot on 2027-03-10.");

    // The next slot is offered a week after the selected one, and is selected once added.
    type_text(&mut app, "a");
    assert_eq!(date_prompt_value(&app), "2027-03-17");
    code(&mut app, KeyCode::Enter);
    let second = selected(&app);
    assert_eq!(second.publish_on, date("2027-03-17"));

    // Move it a day later.
    type_text(&mut app, "m");
    assert_eq!(app.mode(), Mode::DatePrompt);
    assert_eq!(date_prompt_value(&app), "2027-03-17");
    code(&mut app, KeyCode::Up);
    assert_eq!(date_prompt_value(&app), "2027-03-18");
    code(&mut app, KeyCode::Enter);
    assert!(!app.popup_open());
    let moved = app.store().topic(second.id).unwrap();
    assert_eq!(moved.publish_on, date("2027-03-18"));
    assert_eq!(
        selected(&app).id,
        second.id,
        "the moved topic stays selected"
    );
    assert_eq!(
        dates_of(&stored(&app, &round)),
        vec![date("2027-03-10"), date("2027-03-18")]
    );

    // Remove: no keeps it, yes removes it.
    type_text(&mut app, "D");
    assert_eq!(app.mode(), Mode::Question);
    assert!(screen(&app, 100, 30).contains("Remove the slot of 2027-03-18"));
    type_text(&mut app, "n");
    assert!(!app.popup_open());
    assert_eq!(stored(&app, &round).len(), 2);
    type_text(&mut app, "D");
    type_text(&mut app, "y");
    assert!(!app.popup_open());
    assert_eq!(dates_of(&stored(&app, &round)), vec![date("2027-03-10")]);
    assert!(app.store().topic(second.id).is_err());
    assert_eq!(status_text(&app), "Removed the topic.");

    // Delete removes too.
    code(&mut app, KeyCode::Delete);
    assert_eq!(app.mode(), Mode::Question);
    type_text(&mut app, "y");
    assert!(stored(&app, &round).is_empty());
    assert!(app.topics().selected().is_none());
    assert!(screen(&app, 100, 30).contains("No discussion topics for 2027 A yet"));
}

#[test]
fn removing_a_slot_removes_its_kept_draft() {
    let (mut app, round) = topics_app();
    let slot = add_default_slot(&mut app);
    code(&mut app, KeyCode::Enter);
    type_text(&mut app, "Half a title");
    code(&mut app, KeyCode::Esc);
    assert!(app.store().unsaved(slot.id).unwrap().is_some());
    type_text(&mut app, "Dy");
    assert!(stored(&app, &round).is_empty());
    assert_eq!(app.store().unsaved(slot.id).unwrap(), None);
    // A slot added afterwards (SQLite may give it the same id) has no draft.
    let again = add_default_slot(&mut app);
    assert_eq!(app.store().unsaved(again.id).unwrap(), None);
    assert!(!app.topics().has_unsaved(again.id));
}

#[test]
fn fill_from_library_then_ready_and_publish() {
    let (mut app, round) = topics_app();
    let slot = add_default_slot(&mut app);
    assert_eq!(slot.status, TopicStatus::Empty);

    // An empty slot is filled at once.
    type_text(&mut app, "l");
    assert_eq!(app.mode(), Mode::Picker);
    let Some(Modal::Picker(picker)) = app.modal() else {
        panic!("no picker")
    };
    let lib = library();
    assert_eq!(picker.items.len(), lib.len());
    assert_eq!(picker.items[1].label, lib[1].title);
    type_text(&mut app, "j");
    code(&mut app, KeyCode::Enter);
    assert!(!app.popup_open(), "{}", screen(&app, 100, 30));
    let filled = app.store().topic(slot.id).unwrap();
    assert_eq!(filled.title, lib[1].title);
    assert_eq!(filled.summary, lib[1].summary);
    assert_eq!(filled.questions, lib[1].questions);
    assert_eq!(filled.body, lib[1].body);
    assert_eq!(filled.status, TopicStatus::Draft);
    assert_eq!(selected(&app), filled);
    assert!(status_text(&app).starts_with("Filled the slot of"));

    // A filled slot asks before its text is replaced; no keeps it.
    type_text(&mut app, "l");
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Question);
    let view = screen(&app, 100, 30);
    assert!(view.contains("Replace the text"), "{view}");
    type_text(&mut app, "n");
    assert!(!app.popup_open());
    assert_eq!(app.store().topic(slot.id).unwrap(), filled);

    // Ready and back to draft.
    type_text(&mut app, "r");
    assert_eq!(
        app.store().topic(slot.id).unwrap().status,
        TopicStatus::Ready
    );
    assert_eq!(selected(&app).status, TopicStatus::Ready);
    type_text(&mut app, "r");
    assert_eq!(
        app.store().topic(slot.id).unwrap().status,
        TopicStatus::Draft
    );

    // Published today.
    type_text(&mut app, "P");
    let published = app.store().topic(slot.id).unwrap();
    assert_eq!(published.status, TopicStatus::Published);
    assert_eq!(published.published_on, Some(today()));
    assert_eq!(
        status_text(&app),
        format!("Marked “{}” published on {}.", lib[1].title, today())
    );

    // A published topic keeps its date, stays on record and keeps its text.
    let audit_before = app.store().audit_log(100).unwrap().len();
    for keys in ["m", "D", "l", "r"] {
        type_text(&mut app, keys);
        assert!(!app.popup_open(), "{keys} opened a popup");
        assert!(is_error(&app), "{keys}: {}", status_text(&app));
        assert_eq!(app.store().topic(slot.id).unwrap(), published, "{keys}");
    }
    code(&mut app, KeyCode::Delete);
    assert!(!app.popup_open() && is_error(&app));
    assert_eq!(
        app.store().topics(round.id).unwrap(),
        vec![published.clone()]
    );
    assert_eq!(app.store().audit_log(100).unwrap().len(), audit_before);

    // P again asks, and yes takes the mark back: ready, with no date of publication.
    type_text(&mut app, "P");
    assert_eq!(app.mode(), Mode::Question);
    assert!(screen(&app, 100, 30).contains("Not published"));
    type_text(&mut app, "y");
    let back = app.store().topic(slot.id).unwrap();
    assert_eq!(back.status, TopicStatus::Ready);
    assert_eq!(back.published_on, None);
    assert_eq!(back.title, lib[1].title);
}

/// The Unicode of the editing tests: accents, an emoji, CJK, right-to-left scripts, a
/// ZWJ sequence and combining accents.
const TITLE: &str = "Café ☕ — première rencontre";
const SUMMARY: &str = "図書館で会いましょう";
const QUESTIONS: [&str; 2] = ["ما الذي يلهمك في عملك؟", "מה הספרייה שלך?"];
const BODY: &str = "# Bienvenue 👩\u{200d}💻\n\nUn *premier* pas, **ensemble** :\n\n- e\u{301}te\u{301} à Kyōto\n- > citation\n\nFin.";

fn unicode_text() -> TopicText {
    TopicText {
        title: TITLE.to_string(),
        summary: SUMMARY.to_string(),
        body: BODY.to_string(),
        questions: QUESTIONS.iter().map(|q| q.to_string()).collect(),
    }
}

/// In an open editor on an empty slot (the title focused): types every field of
/// [`unicode_text`] the way a coordinator would.
fn type_unicode_topic(app: &mut App) {
    assert_eq!(editor(app).focus(), Field::Title);
    type_text(app, TITLE);
    code(app, KeyCode::Enter);
    assert_eq!(editor(app).focus(), Field::Summary, "Enter in the title");
    type_text(app, SUMMARY);
    code(app, KeyCode::Tab);
    assert_eq!(editor(app).focus(), Field::Questions);
    type_lines(app, &QUESTIONS.join("\n"));
    code(app, KeyCode::Tab);
    assert_eq!(editor(app).focus(), Field::Body);
    type_lines(app, BODY);
}

#[test]
fn editing_saves_exactly_what_was_typed_unicode_included() {
    let (mut app, round) = topics_app();
    let slot = add_default_slot(&mut app);
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Editor);
    assert_eq!(editor(&app).text(), TopicText::default());
    type_unicode_topic(&mut app);
    assert_eq!(editor(&app).text(), unicode_text());
    assert!(editor(&app).has_unsaved_changes());
    assert!(screen(&app, 100, 30).contains("not saved"));
    assert_eq!(
        app.store().topic(slot.id).unwrap().status,
        TopicStatus::Empty,
        "nothing is saved before Ctrl-S"
    );

    ctrl(&mut app, 's');
    assert_eq!(app.mode(), Mode::Editor, "the editor stays open");
    let saved = app.store().topic(slot.id).unwrap();
    assert_eq!(TopicText::of(&saved), unicode_text());
    assert_eq!(saved.title, TITLE);
    assert_eq!(saved.summary, SUMMARY);
    assert_eq!(saved.questions, QUESTIONS.to_vec());
    assert_eq!(saved.body, BODY);
    assert_eq!(saved.status, TopicStatus::Draft);
    assert_eq!(app.store().unsaved(slot.id).unwrap(), None);
    let words = editor(&app).word_count();
    assert_eq!(words, BODY.split_whitespace().count());
    assert_eq!(
        status_text(&app),
        format!("Saved “{TITLE}” ({words} words).")
    );
    assert!(!editor(&app).has_unsaved_changes());
    let view = screen(&app, 100, 30);
    assert!(view.contains("· saved"), "{view}");

    code(&mut app, KeyCode::Esc);
    assert!(!app.popup_open());
    assert_eq!(status_text(&app), "Left the editor.");
    assert_eq!(selected(&app), saved);
    assert_eq!(stored(&app, &round), vec![saved]);
}

#[test]
fn undo_redo_and_word_movement_in_the_editor() {
    let (mut app, _) = topics_app();
    let slot = add_default_slot(&mut app);
    code(&mut app, KeyCode::Enter);
    for _ in 0..3 {
        code(&mut app, KeyCode::Tab);
    }
    assert_eq!(editor(&app).focus(), Field::Body);
    type_text(&mut app, "one two three");
    ctrl_code(&mut app, KeyCode::Left);
    ctrl(&mut app, 'w');
    assert_eq!(editor(&app).text().body, "one three");
    ctrl(&mut app, 'z');
    assert_eq!(editor(&app).text().body, "one two three");
    ctrl(&mut app, 'y');
    assert_eq!(editor(&app).text().body, "one three");
    // Ctrl-→ goes to the start of the next word.
    code(&mut app, KeyCode::Home);
    ctrl_code(&mut app, KeyCode::Right);
    type_text(&mut app, "x");
    assert_eq!(editor(&app).text().body, "one xthree");
    ctrl(&mut app, 'z');
    assert_eq!(editor(&app).text().body, "one three");
    // Undo belongs to the field: in the title there is nothing to undo.
    press(
        &mut app,
        KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
    );
    press(
        &mut app,
        KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
    );
    press(
        &mut app,
        KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
    );
    assert_eq!(editor(&app).focus(), Field::Title);
    ctrl(&mut app, 'z');
    assert_eq!(editor(&app).text().body, "one three");

    ctrl(&mut app, 's');
    let saved = app.store().topic(slot.id).unwrap();
    assert_eq!(saved.body, "one three");
    assert_eq!(saved.title, "");
    assert_eq!(saved.status, TopicStatus::Draft);
}

/// A database file with one round and one empty slot; returns the slot.
fn file_with_a_slot(path: &Path) -> Topic {
    let mut store = Store::open(path).unwrap();
    let round = create_round(&mut store);
    store.add_topic_slot(round.id, date("2027-03-01")).unwrap()
}

#[test]
fn unsaved_text_is_kept_and_offered_back_after_a_kill() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.sqlite");
    let slot = file_with_a_slot(&path);

    {
        let mut app = file_topics_app(&path);
        code(&mut app, KeyCode::Enter);
        type_unicode_topic(&mut app);
        assert_eq!(app.store().unsaved(slot.id).unwrap(), None, "not yet");
        assert!(app.tick(Instant::now() + Duration::from_secs(10)));
        let kept = app.store().unsaved(slot.id).unwrap().expect("kept");
        assert_eq!(kept.text, unicode_text());
        // The terminal dies: no save, no Esc, no quit.
        drop(app);
    }

    let mut app = file_topics_app(&path);
    assert!(app.topics().has_unsaved(slot.id));
    let view = screen(&app, 100, 30);
    assert!(view.contains("✎"), "{view}");
    assert!(view.contains("Unsaved"), "{view}");
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Question);
    let view = screen(&app, 100, 30);
    assert!(
        view.contains("Unsaved text") && view.contains("Restore it?"),
        "{view}"
    );
    type_text(&mut app, "y");
    assert_eq!(app.mode(), Mode::Editor);
    assert_eq!(editor(&app).text(), unicode_text());
    assert!(editor(&app).has_unsaved_changes());
    ctrl(&mut app, 's');
    let saved = app.store().topic(slot.id).unwrap();
    assert_eq!(TopicText::of(&saved), unicode_text());
    assert_eq!(saved.status, TopicStatus::Draft);
    assert_eq!(app.store().unsaved(slot.id).unwrap(), None);
    code(&mut app, KeyCode::Esc);
    assert!(!app.topics().has_unsaved(slot.id));
    assert!(!screen(&app, 100, 30).contains("✎"));
}

#[test]
fn unsaved_text_thrown_away_opens_the_saved_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.sqlite");
    let slot = file_with_a_slot(&path);
    let saved_text = TopicText {
        title: "Saved title".into(),
        summary: "Saved summary.".into(),
        body: "Saved body.".into(),
        questions: vec!["Saved question?".into()],
    };
    let saved = {
        let mut store = Store::open(&path).unwrap();
        store
            .save_topic_text(slot.id, slot.version, &saved_text)
            .unwrap()
    };

    {
        let mut app = file_topics_app(&path);
        code(&mut app, KeyCode::Enter);
        assert_eq!(
            editor(&app).focus(),
            Field::Body,
            "a titled topic opens on its post"
        );
        type_lines(&mut app, "\nMore: 👩\u{200d}💻 e\u{301}");
        app.tick(Instant::now() + Duration::from_secs(10));
        assert!(app.store().unsaved(slot.id).unwrap().is_some());
    }

    let mut app = file_topics_app(&path);
    assert!(screen(&app, 100, 30).contains("✎"));
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Question);
    type_text(&mut app, "n");
    assert_eq!(app.mode(), Mode::Editor);
    assert_eq!(editor(&app).text(), saved_text);
    assert!(!editor(&app).has_unsaved_changes());
    assert_eq!(app.store().unsaved(slot.id).unwrap(), None);
    assert_eq!(app.store().topic(slot.id).unwrap(), saved);
    code(&mut app, KeyCode::Esc);
    assert!(!app.topics().has_unsaved(slot.id));
    assert!(!screen(&app, 100, 30).contains("✎"));
    assert_eq!(app.store().unsaved(slot.id).unwrap(), None);
}

#[test]
fn leaving_or_force_quitting_the_editor_keeps_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.sqlite");
    let slot = file_with_a_slot(&path);

    let mut app = file_topics_app(&path);
    code(&mut app, KeyCode::Enter);
    type_unicode_topic(&mut app);
    // Esc at once: no tick was due, the draft is kept all the same.
    code(&mut app, KeyCode::Esc);
    assert!(!app.popup_open());
    assert_eq!(
        app.store().unsaved(slot.id).unwrap().unwrap().text,
        unicode_text()
    );
    assert_eq!(
        app.store().topic(slot.id).unwrap().status,
        TopicStatus::Empty,
        "not saved"
    );
    assert!(status_text(&app).contains("kept as a draft"));
    assert!(screen(&app, 100, 30).contains("✎"));

    // Restore it, type more, and Ctrl-C out of the editor.
    code(&mut app, KeyCode::Enter);
    type_text(&mut app, "y");
    assert_eq!(editor(&app).text(), unicode_text());
    // The restored post opens with the cursor at its start; go to its end.
    ctrl_code(&mut app, KeyCode::End);
    code(&mut app, KeyCode::End);
    type_text(&mut app, " ✓");
    let latest = editor(&app).text();
    assert_eq!(latest.body, format!("{BODY} ✓"));
    ctrl(&mut app, 'c');
    assert!(app.should_quit());
    drop(app);

    let store = Store::open(&path).unwrap();
    assert_eq!(store.unsaved(slot.id).unwrap().unwrap().text, latest);
    assert_eq!(store.topic(slot.id).unwrap().status, TopicStatus::Empty);
}

#[test]
fn a_kept_draft_goes_when_the_text_is_back_to_what_is_saved() {
    let (mut app, _) = topics_app();
    let slot = add_default_slot(&mut app);
    code(&mut app, KeyCode::Enter);
    type_text(&mut app, "abc");
    app.tick(Instant::now() + Duration::from_secs(10));
    assert!(app.store().unsaved(slot.id).unwrap().is_some());
    for _ in 0..3 {
        code(&mut app, KeyCode::Backspace);
    }
    assert!(!editor(&app).has_unsaved_changes());
    code(&mut app, KeyCode::Esc);
    assert_eq!(status_text(&app), "Left the editor.");
    // The editor said everything was saved, so nothing should be offered back.
    assert_eq!(app.store().unsaved(slot.id).unwrap(), None);
    assert!(!app.topics().has_unsaved(slot.id));
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Editor, "no restore question");
}

#[test]
fn ctrl_home_and_ctrl_end_go_to_the_start_and_end_of_the_field() {
    let (mut app, _) = topics_app();
    add_default_slot(&mut app);
    code(&mut app, KeyCode::Enter);
    for _ in 0..3 {
        code(&mut app, KeyCode::Tab);
    }
    type_lines(&mut app, "first line\nsecond line");
    // The help: Ctrl-Home "go to the start of the field".
    ctrl_code(&mut app, KeyCode::Home);
    type_text(&mut app, "^");
    assert_eq!(editor(&app).text().body, "^first line\nsecond line");
    // The help: Ctrl-End "go to the end of the field".
    ctrl_code(&mut app, KeyCode::End);
    type_text(&mut app, "$");
    assert_eq!(editor(&app).text().body, "^first line\nsecond line$");
}

#[test]
fn the_remove_question_names_the_date_once() {
    let (mut app, _) = topics_app();
    add_default_slot(&mut app);
    type_text(&mut app, "D");
    let Some(Modal::Question(question)) = app.modal() else {
        panic!("no question")
    };
    // Today: "Remove the slot of 2027-02-15 of 2027-02-15?"
    assert_eq!(
        question.text.matches("2027-02-15").count(),
        1,
        "{}",
        question.text
    );
}

#[test]
fn esc_on_the_restore_question_keeps_the_draft() {
    let (mut app, _) = topics_app();
    let slot = add_default_slot(&mut app);
    code(&mut app, KeyCode::Enter);
    type_text(&mut app, "Typed but not saved");
    code(&mut app, KeyCode::Esc);
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Question);
    // Esc means "leave things as they are" (the help says so for questions): the draft
    // should still be there to restore next time.
    code(&mut app, KeyCode::Esc);
    assert!(app.store().unsaved(slot.id).unwrap().is_some());
}

#[test]
fn preview_toggles() {
    let (mut app, _) = topics_app();
    let slot = add_default_slot(&mut app);
    code(&mut app, KeyCode::Enter);
    type_unicode_topic(&mut app);
    let before = editor(&app).text();
    ctrl(&mut app, 'p');
    assert_eq!(app.mode(), Mode::Preview);
    assert!(editor(&app).is_preview());
    let view = screen(&app, 100, 30);
    assert!(view.contains("Preview of the post"), "{view}");
    assert!(view.contains("Questions to talk about"), "{view}");
    // Keys there scroll or do nothing; they never type.
    type_text(&mut app, "abcxyz jkgG");
    code(&mut app, KeyCode::Backspace);
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Preview);
    assert_eq!(editor(&app).text(), before);
    ctrl(&mut app, 'p');
    assert_eq!(app.mode(), Mode::Editor);
    assert!(!editor(&app).is_preview());
    assert_eq!(
        editor(&app).focus(),
        Field::Body,
        "back in the field it left"
    );
    // Esc in the preview goes back to the editor rather than leaving it.
    ctrl(&mut app, 'p');
    code(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Editor);
    // Ctrl-S saves from the preview too.
    ctrl(&mut app, 'p');
    ctrl(&mut app, 's');
    assert_eq!(app.mode(), Mode::Preview);
    assert_eq!(TopicText::of(&app.store().topic(slot.id).unwrap()), before);
}

#[test]
fn export_from_the_pane() {
    let mut app = demo_app();
    let round = app.current_round().unwrap().clone();
    type_text(&mut app, "4");
    let topics = app.store().topics(round.id).unwrap();
    let with_text = topics
        .iter()
        .filter(|t| t.status != TopicStatus::Empty)
        .count();
    assert!(with_text > 0 && with_text < topics.len());

    // What to write: the posts come first, the table second.
    type_text(&mut app, "x");
    let Some(Modal::Picker(picker)) = app.modal() else {
        panic!("no picker: {}", screen(&app, 100, 30))
    };
    assert_eq!(picker.items.len(), 2);
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::PathPrompt);
    let Some(Modal::PathPrompt(prompt)) = app.modal() else {
        panic!("no prompt")
    };
    assert_eq!(prompt.input.value(), "topics-2027-a");
    ctrl(&mut app, 'u');
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    type_text(&mut app, &format!("{}/out", dir.path().display()));
    code(&mut app, KeyCode::Enter);
    assert!(!app.popup_open(), "{}", screen(&app, 100, 30));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2 * with_text, "{names:?}");
    for t in topics.iter().filter(|t| t.status != TopicStatus::Empty) {
        let stem = iln::export::topics::file_stem(t);
        assert!(names.contains(&format!("{stem}.md")), "{names:?}");
        assert!(names.contains(&format!("{stem}.email.txt")), "{names:?}");
    }
    let text = status_text(&app);
    assert!(
        text.starts_with(&format!("Wrote {with_text} topics of round 2027 A")),
        "{text}"
    );
    assert!(text.contains("1 empty slot skipped"), "{text}");

    // An existing file is not a folder: the prompt says so and nothing is written.
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "mine").unwrap();
    type_text(&mut app, "x");
    code(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    type_text(&mut app, &file.display().to_string());
    code(&mut app, KeyCode::Enter);
    let Some(Modal::PathPrompt(prompt)) = app.modal() else {
        panic!("the prompt closed: {}", screen(&app, 100, 30))
    };
    let error = prompt.error.clone().unwrap_or_default();
    assert!(error.contains("is a file, not a folder"), "{error}");
    assert!(screen(&app, 100, 30).contains("not a folder"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "out and notes.txt"
    );
    code(&mut app, KeyCode::Esc);
    assert!(!app.popup_open());

    // The topics as a table, readable by the owner alone.
    type_text(&mut app, "x");
    code(&mut app, KeyCode::Down);
    code(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    let table = dir.path().join("topics.csv");
    type_text(&mut app, &table.display().to_string());
    code(&mut app, KeyCode::Enter);
    let csv = std::fs::read_to_string(&table).unwrap();
    assert_eq!(csv.lines().count(), topics.len() + 1, "{csv}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&table).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn the_overview_and_rounds_write_the_round_in_numbers() {
    let mut app = demo_app();
    let round = app.current_round().unwrap().clone();
    let dir = tempfile::tempdir().unwrap();
    for (pane, name) in [("5", "numbers.md"), ("1", "numbers.json")] {
        type_text(&mut app, pane);
        type_text(&mut app, "x");
        let Some(Modal::Picker(picker)) = app.modal() else {
            panic!("no picker: {}", screen(&app, 100, 30))
        };
        assert_eq!(picker.items.len(), 5, "the figures and four tables");
        code(&mut app, KeyCode::Enter);
        ctrl(&mut app, 'u');
        let path = dir.path().join(name);
        type_text(&mut app, &path.display().to_string());
        code(&mut app, KeyCode::Enter);
        assert!(!app.popup_open(), "{}", screen(&app, 100, 30));
        let written = std::fs::read_to_string(&path).unwrap();
        let figures = iln::ops::figures::report(app.store(), &round).unwrap();
        if name.ends_with(".md") {
            assert_eq!(written, figures.markdown());
        } else {
            let json: serde_json::Value = serde_json::from_str(&written).unwrap();
            assert_eq!(json, serde_json::to_value(&figures).unwrap());
        }
    }
}

#[test]
fn topic_states_draw_at_any_size() {
    let mut states: Vec<App> = Vec::new();
    for keys in ["p", "l", "a", "D", "m", "x", "\n", "\nPLAIN"] {
        let (mut app, _) = topics_app();
        add_default_slot(&mut app);
        type_lines(&mut app, keys);
        states.push(app);
    }
    let (mut preview, _) = topics_app();
    add_default_slot(&mut preview);
    code(&mut preview, KeyCode::Enter);
    type_unicode_topic(&mut preview);
    states.push(preview);
    let mut last = states.pop().unwrap();
    ctrl(&mut last, 'p');
    states.push(last);
    for app in &states {
        for width in [1, 2, 5, 10, 30, 59, 60, 61, 80, 120, 139, 140, 141, 200] {
            for height in [1, 2, 5, 15, 16, 17, 24, 50] {
                screen(app, width, height);
            }
        }
    }
}

#[test]
fn wide_text_wraps_in_the_topic_details() {
    let (mut app, _) = topics_app();
    let slot = add_default_slot(&mut app);
    // Forty characters without a space: eighty columns, wider than the details.
    let body: String = "図書館で会いましょう".repeat(4);
    code(&mut app, KeyCode::Enter);
    for _ in 0..3 {
        code(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, &body);
    ctrl(&mut app, 's');
    code(&mut app, KeyCode::Esc);
    assert_eq!(app.store().topic(slot.id).unwrap().body, body);
    let view = screen(&app, 100, 30);
    let shown: usize = view.chars().filter(|&c| c == 'ま').count();
    assert_eq!(shown, 4, "{view}");
}

/// Lets the background matcher finish, ticking as the event loop does.
fn wait_for_matching(app: &mut App) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while app.is_matching() {
        assert!(Instant::now() < deadline, "matching did not finish");
        app.tick(Instant::now());
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn drafts(app: &App) -> Vec<iln::domain::Partnership> {
    let round = app.current_round().unwrap().id;
    let mut drafts: Vec<_> = app
        .store()
        .partnerships(round)
        .unwrap()
        .into_iter()
        .filter(|p| p.status == iln::domain::PartnershipStatus::Draft)
        .collect();
    drafts.sort_by_key(|p| p.id);
    drafts
}

#[test]
fn match_from_the_pane_then_lock_and_match_again_keeps_the_lock() {
    let mut app = demo_app();
    type_text(&mut app, "3m");
    assert!(app.is_matching());
    assert_eq!(app.mode(), Mode::Working);
    // The rest of the app answers while the matcher works.
    code(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Pane::Topics);
    type_text(&mut app, "3");
    wait_for_matching(&mut app);
    assert_eq!(app.mode(), Mode::Pane(Pane::Matches));
    let first = drafts(&app);
    assert!(first.len() >= 10, "{} drafts", first.len());
    assert!(
        status_text(&app).starts_with("Matched 2027 A"),
        "{}",
        status_text(&app)
    );
    assert!(screen(&app, 120, 40).contains("optimal"));

    // Lock the selected pair (the first row), then match again: it is asked, and kept.
    type_text(&mut app, "l");
    let locked: Vec<_> = drafts(&app).into_iter().filter(|p| p.locked).collect();
    assert_eq!(locked.len(), 1);
    type_text(&mut app, "m");
    assert_eq!(app.mode(), Mode::Question);
    let asked = screen(&app, 100, 30);
    assert!(
        asked.contains(&format!("The {} unlocked", first.len() - 1)),
        "{asked}"
    );
    type_text(&mut app, "y");
    wait_for_matching(&mut app);
    let again = drafts(&app);
    let still: Vec<_> = again.iter().filter(|p| p.locked).collect();
    assert_eq!(still.len(), 1);
    assert_eq!(still[0].id, locked[0].id);
    assert_eq!(still[0].members, locked[0].members);
    // Nobody is in two drafts.
    let mut people: Vec<ApplicationId> = again.iter().flat_map(|p| p.members.clone()).collect();
    let n = people.len();
    people.sort_unstable();
    people.dedup();
    assert_eq!(people.len(), n);

    // Unlock it again.
    type_text(&mut app, "s");
    let selected = app.matches().selected_partnership().unwrap().clone();
    if selected.locked {
        type_text(&mut app, "l");
        assert!(!drafts(&app).iter().any(|p| p.id == selected.id && p.locked));
    }
}

#[test]
fn stopping_the_matcher_keeps_the_previous_draft() {
    let mut app = demo_app();
    type_text(&mut app, "3m");
    wait_for_matching(&mut app);
    let before = drafts(&app);
    assert!(!before.is_empty());
    type_text(&mut app, "m");
    type_text(&mut app, "y");
    assert!(app.is_matching());
    code(&mut app, KeyCode::Esc);
    wait_for_matching(&mut app);
    assert_eq!(drafts(&app), before);
    assert!(
        status_text(&app).contains("stopped"),
        "{}",
        status_text(&app)
    );
    // And n to the question changes nothing either.
    type_text(&mut app, "m");
    type_text(&mut app, "n");
    assert!(!app.is_matching());
    assert_eq!(drafts(&app), before);
}

/// The matching week and the round after it, by keys: run, lock, re-optimise, pair by hand
/// from the candidate list, undo, redo, publish, log a problem, end a partnership early and
/// rematch the pool; checked in the store, and again after closing and reopening.
#[test]
fn the_matching_week_by_keys_survives_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    {
        let mut store = Store::open(&path).unwrap();
        demo::populate(&mut store, &small_demo()).unwrap();
    }
    let open = || App::new(Store::open(&path).unwrap()).with_today(today());
    let mut app = open();
    let round = app.current_round().unwrap().clone();

    // Run, lock the first pair, re-optimise: the lock survives.
    type_text(&mut app, "3m");
    wait_for_matching(&mut app);
    type_text(&mut app, "l");
    let locked = drafts(&app).into_iter().find(|p| p.locked).unwrap();
    type_text(&mut app, "r");
    type_text(&mut app, "y");
    wait_for_matching(&mut app);
    assert!(
        drafts(&app)
            .iter()
            .any(|p| p.locked && p.members == locked.members)
    );

    // Pair the selected person by hand with their second-best candidate.
    type_text(&mut app, "j");
    let person = app.matches().selected_people()[0].0;
    type_text(&mut app, "c");
    assert_eq!(app.mode(), Mode::Candidates);
    assert!(screen(&app, 100, 30).contains("Partners for"));
    type_text(&mut app, "j");
    let Some(list) = app.matches().candidates() else {
        panic!("no candidate list")
    };
    let chosen = list.chosen().unwrap().clone();
    code(&mut app, KeyCode::Enter);
    let hand = |app: &App| {
        drafts(app)
            .into_iter()
            .any(|p| p.locked && p.members.contains(&person) && p.members.contains(&chosen.id))
    };
    assert!(hand(&app), "{}", status_text(&app));
    assert!(status_text(&app).contains("by hand"));
    // The new pair is the row selected.
    let selected: Vec<_> = app
        .matches()
        .selected_people()
        .iter()
        .map(|p| p.0)
        .collect();
    assert!(
        selected.contains(&person) && selected.contains(&chosen.id),
        "{selected:?}"
    );
    let after_hand = drafts(&app);

    // Undo, then close and reopen: redo still knows the step.
    type_text(&mut app, "u");
    assert!(!hand(&app));
    drop(app);
    let mut app = open();
    type_text(&mut app, "3");
    ctrl(&mut app, 'r');
    assert!(hand(&app), "{}", status_text(&app));
    assert_eq!(
        drafts(&app).iter().map(|p| &p.members).collect::<Vec<_>>(),
        after_hand.iter().map(|p| &p.members).collect::<Vec<_>>()
    );

    // Publish: a question with the counts, then active partnerships.
    type_text(&mut app, "P");
    let asked = screen(&app, 100, 30);
    assert!(asked.contains("Publish"), "{asked}");
    type_text(&mut app, "y");
    let partnerships = app.store().partnerships(round.id).unwrap();
    let active: Vec<_> = partnerships
        .iter()
        .filter(|p| p.status == iln::domain::PartnershipStatus::Active)
        .collect();
    assert_eq!(active.len(), after_hand.len());
    assert!(drafts(&app).is_empty());
    assert_eq!(active[0].ends_on, Some(round.plan.ends_on()));

    // Log a problem on the selected partnership: kind, note, follow-up date.
    type_text(&mut app, "g");
    let target = app.matches().selected_partnership().unwrap().clone();
    type_text(&mut app, "p");
    assert_eq!(app.mode(), Mode::Picker);
    code(&mut app, KeyCode::Enter);
    type_text(&mut app, "No reply since the first week");
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::DatePrompt);
    code(&mut app, KeyCode::Enter);
    let problems = app.store().problems(round.id).unwrap();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].partnership_id, target.id);
    assert_eq!(problems[0].note, "No reply since the first week");
    assert!(problems[0].follow_up_on.is_some());
    // The partnership is marked, and ! lists the open problem, due ones first.
    assert!(screen(&app, 120, 30).contains("active !"));
    type_text(&mut app, "!");
    let Some(Modal::Picker(list)) = app.modal() else {
        panic!("no list: {}", screen(&app, 120, 30))
    };
    assert_eq!(list.title, "Open problems (1)");
    assert!(
        list.items[0].label.contains("follow up"),
        "{}",
        list.items[0].label
    );
    // Settled with a note: resolved, and no longer open.
    code(&mut app, KeyCode::Enter);
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::TextPrompt);
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::TextPrompt, "a note is asked for");
    type_text(&mut app, "Both replied after a reminder");
    code(&mut app, KeyCode::Enter);
    assert!(!app.popup_open());
    let settled = app.store().problems(round.id).unwrap().remove(0);
    let how = settled.settled.unwrap();
    assert_eq!(how.outcome, iln::store::ProblemOutcome::Resolved);
    assert_eq!(how.note, "Both replied after a reminder");
    assert!(!screen(&app, 120, 30).contains("active !"));
    type_text(&mut app, "!");
    assert!(
        status_text(&app).starts_with("No problem is open"),
        "{}",
        status_text(&app)
    );

    // End it early: its two people join the rematch pool, and m pairs the pool.
    type_text(&mut app, "E");
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::TextPrompt, "an empty reason is refused");
    type_text(&mut app, "Partner changed jobs");
    code(&mut app, KeyCode::Enter);
    let ended = app
        .store()
        .partnerships(round.id)
        .unwrap()
        .into_iter()
        .find(|p| p.id == target.id)
        .unwrap();
    assert_eq!(ended.status, iln::domain::PartnershipStatus::EndedEarly);
    assert_eq!(ended.end_reason.as_deref(), Some("Partner changed jobs"));
    drop(app);

    let mut app = open();
    type_text(&mut app, "3m");
    wait_for_matching(&mut app);
    let rematched = drafts(&app);
    // The rest of the round is untouched; the pool's drafts never rejoin the old pair.
    let still_active = app
        .store()
        .partnerships(round.id)
        .unwrap()
        .into_iter()
        .filter(|p| p.status == iln::domain::PartnershipStatus::Active)
        .count();
    assert_eq!(still_active, active.len() - 1);
    assert!(
        !rematched
            .iter()
            .any(|p| target.members.iter().all(|m| p.members.contains(m))),
        "the pair that ended is not made again"
    );
    assert!(
        status_text(&app).starts_with("Matched"),
        "{}",
        status_text(&app)
    );
}

#[test]
fn weights_are_changed_for_the_round_and_kept() {
    let mut app = demo_app();
    type_text(&mut app, "3w");
    assert_eq!(app.mode(), Mode::Weights);
    // Sector weight up by two, trios off, then save.
    code(&mut app, KeyCode::Right);
    code(&mut app, KeyCode::Right);
    for _ in 0..10 {
        code(&mut app, KeyCode::Down);
    }
    code(&mut app, KeyCode::Right);
    code(&mut app, KeyCode::Enter);
    let round = app.current_round().unwrap().id;
    let settings = app.store().round_settings(round).unwrap();
    let defaults = iln::engine::settings::Settings::default();
    assert_eq!(settings.weights.sector, defaults.weights.sector + 2);
    assert_eq!(settings.rules.allow_trios, !defaults.rules.allow_trios);
    // Esc drops changes.
    type_text(&mut app, "w");
    code(&mut app, KeyCode::Right);
    code(&mut app, KeyCode::Esc);
    let again = app.store().round_settings(round).unwrap();
    assert_eq!(again, settings);
}

#[test]
fn readiness_reports_who_is_waiting_and_who_is_hard_to_match() {
    let mut app = demo_app();
    type_text(&mut app, "3R");
    assert_eq!(app.mode(), Mode::Messages);
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("accepted applicants are waiting"), "{shown}");
    assert!(shown.contains("By country:") && shown.contains("By sector:"));
    code(&mut app, KeyCode::Esc);

    let mut app = empty_app();
    type_text(&mut app, "n");
    code(&mut app, KeyCode::Enter);
    type_text(&mut app, "3R");
    let shown = screen(&app, 100, 30);
    assert!(shown.contains("No accepted applicants"), "{shown}");
    assert!(!shown.contains("By country"));
}

#[test]
fn pasted_text_is_only_text() {
    let mut app = demo_app();
    type_text(&mut app, "3m");
    wait_for_matching(&mut app);
    type_text(&mut app, "Py");
    let round = app.current_round().unwrap().id;
    let before = app.store().partnerships(round).unwrap();
    // A pasted reason with a line break, a P and a y: the text goes into the prompt and
    // nothing else happens.
    type_text(&mut app, "E");
    assert!(app.paste("Moved abroad.\nPlease rematch; why not?"));
    assert_eq!(app.mode(), Mode::TextPrompt);
    assert_eq!(app.store().partnerships(round).unwrap(), before);
    code(&mut app, KeyCode::Enter);
    let ended: Vec<_> = app
        .store()
        .partnerships(round)
        .unwrap()
        .into_iter()
        .filter(|p| p.status == iln::domain::PartnershipStatus::EndedEarly)
        .collect();
    assert_eq!(ended.len(), 1);
    assert_eq!(
        ended[0].end_reason.as_deref(),
        Some("Moved abroad. Please rematch; why not?")
    );
    // Outside a text field a paste does nothing.
    assert!(!app.paste("Py"));
    assert_eq!(app.mode(), Mode::Pane(Pane::Matches));
}

#[test]
fn unpaired_people_are_listed_and_can_be_paired_again() {
    let mut app = demo_app();
    type_text(&mut app, "3m");
    wait_for_matching(&mut app);
    let people = app.matches().selected_people();
    let before = screen(&app, 160, 45);
    type_text(&mut app, "x");
    type_text(&mut app, "/");
    type_text(&mut app, &people[0].1);
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.matches().selected_people(), vec![people[0].clone()]);
    assert!(
        app.matches().selected_partnership().is_none(),
        "listed as unmatched"
    );
    assert_ne!(screen(&app, 160, 45), before);
    type_text(&mut app, "c");
    code(&mut app, KeyCode::Enter);
    assert!(
        status_text(&app).contains("by hand"),
        "{}",
        status_text(&app)
    );
}

// ---- Change notices, another window, and never acting on what was not shown ----

/// An app over the demo database at `path` (written first), on the Rounds pane.
fn file_demo_app(path: &Path) -> App {
    let mut store = Store::open(path).unwrap();
    demo::populate(&mut store, &small_demo()).unwrap();
    App::new(store).with_today(today())
}

#[test]
fn a_change_reaches_exactly_the_panes_that_show_it() {
    let mut app = demo_app();
    // Every pane has read the round once.
    type_text(&mut app, "2341");
    let reads = |app: &App| -> Vec<u64> { Pane::ALL.iter().map(|&p| app.reads(p)).collect() };
    let start = reads(&app);

    // A topic is planned: Topics reads again; Applicants and Matches do not, even when
    // shown again; Rounds (no topic figures) neither.
    type_text(&mut app, "4p");
    code(&mut app, KeyCode::Enter);
    type_text(&mut app, "231");
    let after_topics = reads(&app);
    assert_eq!(
        after_topics[Pane::Topics.index()],
        start[Pane::Topics.index()] + 1
    );
    for pane in [Pane::Rounds, Pane::Applicants, Pane::Matches] {
        assert_eq!(after_topics[pane.index()], start[pane.index()], "{pane:?}");
    }

    // Someone withdraws: Rounds (figures), Applicants and Matches read again; Topics not.
    type_text(&mut app, "2w");
    let withdrawn = app.applicants().selected_row().unwrap().clone();
    assert_eq!(withdrawn.status, ApplicationStatus::Withdrawn);
    type_text(&mut app, "341");
    let after_status = reads(&app);
    for pane in [Pane::Rounds, Pane::Applicants, Pane::Matches] {
        assert!(
            after_status[pane.index()] > after_topics[pane.index()],
            "{pane:?}"
        );
    }
    assert_eq!(
        after_status[Pane::Topics.index()],
        after_topics[Pane::Topics.index()]
    );
    assert_eq!(
        app.rounds().selected().unwrap().withdrawn,
        app.store().round_figures().unwrap()[0].withdrawn
    );
}

#[test]
fn another_window_s_changes_show_within_a_tick() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let mut app = file_demo_app(&path);
    type_text(&mut app, "2j");
    let shown = app.applicants().selected_row().unwrap().clone();
    assert_ne!(shown.status, ApplicationStatus::Withdrawn);

    // Another iln on the same file withdraws the selected applicant.
    let mut other = Store::open(&path).unwrap();
    other
        .set_application_status(shown.id, shown.version, ApplicationStatus::Withdrawn)
        .unwrap();
    assert!(app.tick(Instant::now()), "the change is drawn");
    let now = app.applicants().selected_row().unwrap();
    assert_eq!(now.id, shown.id, "the selection stays on the row");
    assert_eq!(now.status, ApplicationStatus::Withdrawn);
    assert!(screen(&app, 120, 30).contains("withdrawn"));
    assert!(!app.tick(Instant::now()), "nothing more to draw");
}

#[test]
fn a_stale_unpair_and_forbid_are_refused_and_the_list_refreshed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let mut app = file_demo_app(&path);
    type_text(&mut app, "3m");
    wait_for_matching(&mut app);
    let shown = app.matches().selected_partnership().unwrap().clone();
    let names = app.matches().selected_names();

    // The round is matched again headless while this window still shows the old draft.
    let mut other = Store::open(&path).unwrap();
    let round = other.round_by_name("2027 A").unwrap().id;
    let prepared = iln::ops::matching::prepare(&other, round).unwrap();
    let outcome =
        iln::ops::matching::solve(&prepared, &mut |_| iln::engine::solver::Control::Continue)
            .unwrap();
    iln::ops::matching::save_draft(&mut other, round, &outcome, &prepared.draft).unwrap();
    let after_other = other.partnerships(round).unwrap();
    let forbidden = other.forbidden_pairs().unwrap();

    type_text(&mut app, "x");
    let said = status_text(&app);
    assert!(is_error(&app), "{said}");
    assert!(
        said.contains(&names) && said.contains("another window"),
        "{said}"
    );
    assert!(said.contains("up to date now"), "{said}");
    assert_eq!(app.store().partnerships(round).unwrap(), after_other);
    // The list shows the new draft now: the pair shown is gone.
    assert_ne!(app.matches().selected_partnership().unwrap().id, shown.id);

    // Forbid, answered yes on a view gone stale meanwhile: refused too, nothing forbidden.
    type_text(&mut app, "f");
    assert_eq!(app.mode(), Mode::Question);
    let again = iln::ops::matching::prepare(&other, round).unwrap();
    iln::ops::matching::save_draft(&mut other, round, &outcome, &again.draft).unwrap();
    type_text(&mut app, "y");
    assert!(
        status_text(&app).contains("another window"),
        "{}",
        status_text(&app)
    );
    assert_eq!(app.store().forbidden_pairs().unwrap(), forbidden);
}

#[test]
fn a_stale_status_change_is_refused_and_shows_the_other_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let mut app = file_demo_app(&path);
    type_text(&mut app, "2j");
    let shown = app.applicants().selected_row().unwrap().clone();
    let mut other = Store::open(&path).unwrap();
    other
        .set_application_status(shown.id, shown.version, ApplicationStatus::Deferred)
        .unwrap();
    // No tick: this window still shows the old status, and accepting is refused.
    type_text(&mut app, "w");
    let said = status_text(&app);
    assert!(
        said.contains(&shown.name) && said.contains("deferred now"),
        "{said}"
    );
    assert_eq!(
        app.store().application(shown.id).unwrap().status,
        ApplicationStatus::Deferred
    );
    assert_eq!(
        app.applicants().selected_row().unwrap().status,
        ApplicationStatus::Deferred,
        "the list is up to date"
    );
}

#[test]
fn a_second_save_of_a_topic_is_told_and_its_text_kept_as_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.sqlite");
    let slot = file_with_a_slot(&path);
    let mut app = file_topics_app(&path);
    code(&mut app, KeyCode::Enter);
    type_lines(&mut app, "Mine");

    // Another window saves the same topic first.
    let mut other = Store::open(&path).unwrap();
    let theirs = TopicText {
        title: "Theirs".into(),
        ..TopicText::default()
    };
    other
        .save_topic_text(slot.id, slot.version, &theirs)
        .unwrap();

    ctrl(&mut app, 's');
    let said = status_text(&app);
    assert!(
        said.contains("“Theirs” was changed in another window"),
        "{said}"
    );
    assert!(said.contains("kept as a draft"), "{said}");
    assert_eq!(app.store().topic(slot.id).unwrap().title, "Theirs");
    let kept = app.store().unsaved(slot.id).unwrap().expect("kept");
    assert_eq!(kept.text.title, "Mine");
    assert_eq!(editor(&app).text().title, "Mine", "nothing typed is lost");

    // Saving again is a deliberate choice to write over the other save.
    ctrl(&mut app, 's');
    assert_eq!(app.store().topic(slot.id).unwrap().title, "Mine");
    assert_eq!(app.store().unsaved(slot.id).unwrap(), None);
}

// ---- The config file at start: its problems in the status line, its default weights ----

#[test]
fn config_problems_show_in_the_status_line_at_start() {
    let config = iln::config::Config::parse("[keys]\npublis-draft = \"P\"\n", "config.toml");
    let app = demo_app().with_config_notice(config.notice().unwrap());
    let status = app.status().unwrap();
    assert!(status.is_error);
    assert_eq!(
        status.text,
        "Config: config.toml:2:1: [keys] \"publis-draft\": no such action; did you mean \
         \"publish-draft\"? (this entry is ignored)"
    );
    assert!(screen(&app, 120, 30).contains("Config: config.toml:2:1:"));
}

#[test]
fn a_config_notice_keeps_what_the_app_said_at_start() {
    // Text typed but not saved last time: the app says so at start, after the notice.
    let mut store = Store::open_in_memory().unwrap();
    demo::populate(&mut store, &small_demo()).unwrap();
    let round = store.rounds().unwrap()[0].id;
    let slot = store.topics(round).unwrap()[0].clone();
    let text = TopicText {
        title: "Half a title".into(),
        ..TopicText::default()
    };
    store.keep_unsaved(slot.id, 1, &text).unwrap();
    let said = App::new(store).with_today(today());
    let earlier = status_text(&said);
    assert!(
        earlier.starts_with("Topic text typed but not saved"),
        "{earlier}"
    );
    let app = said.with_config_notice("Config: something".to_string());
    assert_eq!(status_text(&app), format!("Config: something · {earlier}"));
    assert!(app.status().unwrap().is_error);
}

#[test]
fn the_weights_window_shows_the_store_defaults_until_the_round_saves_its_own() {
    let mut store = Store::open_in_memory().unwrap();
    demo::populate(&mut store, &small_demo()).unwrap();
    let mut defaults = iln::engine::settings::Settings::default();
    defaults.weights.sector = 30;
    store.set_default_settings(defaults.clone());
    let mut app = App::new(store).with_today(today());
    type_text(&mut app, "3w");
    let Some(form) = app.matches().weights() else {
        panic!("no weights window");
    };
    assert_eq!(form.settings, defaults);
    // Enter without a change saves nothing: the round still follows the defaults.
    code(&mut app, KeyCode::Enter);
    let round = app.current_round().unwrap().id;
    assert_eq!(app.store().round_own_settings(round).unwrap(), None);
    // A change is saved as the round's own.
    type_text(&mut app, "w");
    code(&mut app, KeyCode::Right);
    code(&mut app, KeyCode::Enter);
    let own = app.store().round_own_settings(round).unwrap().unwrap();
    assert_eq!(own.weights.sector, 31);
}

#[test]
fn unreadable_round_settings_open_as_the_defaults_to_be_saved_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let mut store = Store::open(&path).unwrap();
    demo::populate(&mut store, &small_demo()).unwrap();
    let round = store.rounds().unwrap()[0].clone();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE rounds SET settings = '{\"weights\": {\"sectr\": 3}}' WHERE id = ?1",
            [round.id],
        )
        .unwrap();
    let mut app = App::new(store).with_today(today());
    // Matching says which round and what to do.
    type_text(&mut app, "3m");
    let status = status_text(&app);
    assert!(
        status.contains(&format!(
            "round {:?}: its saved matching settings cannot be read",
            round.plan.name
        )) && status.contains("(in Matches) and save them again"),
        "{status}"
    );
    type_text(&mut app, "w");
    let Some(form) = app.matches().weights() else {
        panic!("no weights window: {}", status_text(&app));
    };
    assert_eq!(&form.settings, app.store().default_settings());
    assert!(
        form.error
            .as_deref()
            .unwrap()
            .starts_with("The saved settings cannot be read"),
        "{:?}",
        form.error
    );
    // Enter saves them as they are, replacing what could not be read.
    code(&mut app, KeyCode::Enter);
    assert!(!app.popup_open(), "{}", status_text(&app));
    assert_eq!(
        app.store().round_settings(round.id).unwrap(),
        *app.store().default_settings()
    );
}

#[test]
fn keys_from_the_config_work_and_clashes_are_said() {
    use iln::tui::keys::{Action, Key};
    let key = |s: &str| Key::parse(s).unwrap();
    let mut app = demo_app().with_keys(&[
        (Action::RunMatch, vec![key("M")]),
        // w is the weights in Matches already: refused, and said.
        (Action::Unpair, vec![key("w")]),
    ]);
    let said = status_text(&app);
    assert!(
        said.contains("unpair = w: w is edit-weights there already"),
        "{said}"
    );
    type_text(&mut app, "3M");
    assert!(app.is_matching(), "M runs the matcher");
    wait_for_matching(&mut app);
    assert!(
        screen(&app, 120, 30).contains("M match"),
        "the hint bar follows"
    );
    // The default key of an action given another is free again, and x still unpairs.
    let before = drafts(&app).len();
    type_text(&mut app, "m");
    assert_eq!(drafts(&app).len(), before);
    type_text(&mut app, "x");
    assert_eq!(drafts(&app).len(), before - 1);
}

// ---- Review fixes ----

#[test]
fn a_refused_save_keeps_the_text_even_after_the_other_save_took_the_kept_draft() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.sqlite");
    let slot = file_with_a_slot(&path);
    let mut app = file_topics_app(&path);
    code(&mut app, KeyCode::Enter);
    type_lines(&mut app, "Mine");
    // A tick keeps the text: the editor knows it is kept.
    assert!(app.tick(Instant::now() + Duration::from_secs(10)));
    assert_eq!(
        app.store().unsaved(slot.id).unwrap().unwrap().text.title,
        "Mine"
    );

    // Another window saves the topic: the kept text is this window's, not its own, and
    // stays.
    let mut other = Store::open(&path).unwrap();
    let theirs = TopicText {
        title: "Theirs".into(),
        ..TopicText::default()
    };
    other
        .save_topic_text(slot.id, slot.version, &theirs)
        .unwrap();
    assert_eq!(other.unsaved(slot.id).unwrap().unwrap().text.title, "Mine");
    // Even were it gone (an older iln, a hand edit), the refused save below keeps it again.
    other.discard_unsaved(slot.id).unwrap();

    ctrl(&mut app, 's');
    assert!(is_error(&app), "{}", status_text(&app));
    assert_eq!(app.store().topic(slot.id).unwrap().title, "Theirs");
    let kept = app
        .store()
        .unsaved(slot.id)
        .unwrap()
        .expect("kept for real");
    assert_eq!(kept.text.title, "Mine");

    code(&mut app, KeyCode::Esc);
    assert!(!app.popup_open());
    let kept = app.store().unsaved(slot.id).unwrap().expect("still kept");
    assert_eq!(kept.text.title, "Mine");
    assert!(app.topics().has_unsaved(slot.id));
}

/// The ids of the rows the Applicants list shows, in order.
fn shown_applicants(app: &App) -> Vec<ApplicationId> {
    let list = &app.applicants().list;
    (0..list.len())
        .map(|row| app.applicants().rows()[list.item_at(row)].id)
        .collect()
}

#[test]
fn a_row_that_leaves_the_filter_leaves_the_selection_on_the_next_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let mut app = file_demo_app(&path);
    type_text(&mut app, "2/accepted");
    code(&mut app, KeyCode::Enter);
    let before = shown_applicants(&app);
    assert!(before.len() > 8, "{} accepted", before.len());
    type_text(&mut app, "jjjjj");
    assert_eq!(app.applicants().list.selected_index(), Some(5));

    // Deferred, the row leaves the filtered list; the row after it takes its place.
    type_text(&mut app, "d");
    assert_eq!(
        app.store().application(before[5]).unwrap().status,
        ApplicationStatus::Deferred
    );
    assert_eq!(app.applicants().list.selected_index(), Some(5));
    assert_eq!(app.applicants().selected_row().unwrap().id, before[6]);

    // The same when the whole round is read again: another window defers the selected row
    // and adds an application.
    let shown = shown_applicants(&app);
    let total = app.applicants().rows().len();
    let mut other = Store::open(&path).unwrap();
    let selected = other.application(shown[5]).unwrap();
    other
        .set_application_status(selected.id, selected.version, ApplicationStatus::Deferred)
        .unwrap();
    let mut form = selected.form.clone();
    form.email = "someone.new@example.org".into();
    let round = app.current_round().unwrap().id;
    other.save_applications(round, &[form], "test").unwrap();
    assert!(app.tick(Instant::now()));
    assert_eq!(app.applicants().rows().len(), total + 1, "read whole");
    assert_eq!(app.applicants().list.selected_index(), Some(5));
    assert_eq!(app.applicants().selected_row().unwrap().id, shown[6]);
}

#[test]
fn a_stale_round_form_says_what_the_other_window_changed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let mut app = file_demo_app(&path);
    let shown = app.current_round().unwrap().clone();
    type_text(&mut app, "e");
    assert_eq!(app.mode(), Mode::RoundForm);

    // Another window raises its cap while the form is open.
    let mut other = Store::open(&path).unwrap();
    let mut plan = shown.plan.clone();
    plan.cap_percent += 5;
    other.update_round(shown.id, shown.version, &plan).unwrap();

    // This form changes the term only.
    for _ in 0..5 {
        code(&mut app, KeyCode::Tab);
    }
    ctrl(&mut app, 'u');
    type_text(&mut app, "6");
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::RoundForm, "not saved");
    let said = app
        .rounds()
        .form()
        .unwrap()
        .form_error()
        .unwrap()
        .to_string();
    let cap = format!(
        "cap {}% → {}%",
        shown.plan.cap_percent,
        shown.plan.cap_percent + 5
    );
    assert!(said.contains(&cap), "{said}");
    assert!(!said.contains("term"), "{said}");
    assert!(said.contains("Enter again saves"), "{said}");

    // Enter again writes the form's values over the other change.
    code(&mut app, KeyCode::Enter);
    assert!(!app.popup_open(), "{}", status_text(&app));
    let round = app.store().round(shown.id).unwrap();
    assert_eq!(round.plan.term_months, 6);
    assert_eq!(round.plan.status, shown.plan.status);
    assert_eq!(round.plan.cap_percent, shown.plan.cap_percent);
}

#[test]
fn questions_keep_their_keys_when_confirm_and_cancel_get_others() {
    use iln::tui::keys::{Action, Key};
    let key = |s: &str| Key::parse(s).unwrap();
    let mut app = demo_app().with_keys(&[
        (Action::Confirm, vec![key("Ctrl-O")]),
        (Action::Cancel, vec![key("Ctrl-X")]),
    ]);
    assert!(!is_error(&app), "{}", status_text(&app));
    // n answers no…
    type_text(&mut app, "c");
    assert_eq!(app.mode(), Mode::Question);
    type_text(&mut app, "n");
    assert!(!app.popup_open());
    assert!(
        status_text(&app).contains("not applied"),
        "{}",
        status_text(&app)
    );
    // …and y and Enter yes.
    for yes in ["y", "\n"] {
        type_text(&mut app, "c");
        assert_eq!(app.mode(), Mode::Question);
        if yes == "\n" {
            code(&mut app, KeyCode::Enter);
        } else {
            type_text(&mut app, yes);
        }
        assert!(!app.popup_open(), "{yes:?}");
        assert!(
            status_text(&app).starts_with("Applied the 20% country cap"),
            "{}",
            status_text(&app)
        );
    }
    // The keys given to confirm and cancel do not answer a question.
    type_text(&mut app, "c");
    ctrl(&mut app, 'o');
    ctrl(&mut app, 'x');
    assert_eq!(app.mode(), Mode::Question);
    // Where confirm and cancel work, they have their new keys.
    code(&mut app, KeyCode::Esc);
    type_text(&mut app, "4p");
    assert_eq!(app.mode(), Mode::Picker);
    code(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Picker, "Esc is no longer cancel");
    ctrl(&mut app, 'x');
    assert!(!app.popup_open());
}

#[test]
fn prompts_clear_their_error_on_typing_and_esc_says_nothing_changed() {
    let mut app = demo_app();
    // The file prompt: Enter on nothing says what to do; typing clears it.
    type_text(&mut app, "2i");
    assert_eq!(app.mode(), Mode::PathPrompt);
    ctrl(&mut app, 'u');
    code(&mut app, KeyCode::Enter);
    let error = |app: &App| match app.modal() {
        Some(Modal::PathPrompt(p)) => p.error.clone(),
        Some(Modal::TextPrompt(p)) => p.error.clone(),
        Some(Modal::DatePrompt(p)) => p.error.clone(),
        _ => panic!("no prompt:\n{}", screen(app, 100, 30)),
    };
    assert!(error(&app).is_some());
    type_text(&mut app, "x");
    assert_eq!(error(&app), None, "typing clears it");
    code(&mut app, KeyCode::Enter);
    assert!(error(&app).is_some());
    code(&mut app, KeyCode::Backspace);
    assert_eq!(error(&app), None, "an edit clears it");
    // Esc answers like every prompt: the pane says nothing changed.
    code(&mut app, KeyCode::Esc);
    assert!(!app.popup_open());
    assert_eq!(status_text(&app), "Nothing changed.");

    // The date prompt.
    type_text(&mut app, "4a");
    ctrl(&mut app, 'u');
    type_text(&mut app, "soon");
    code(&mut app, KeyCode::Enter);
    assert!(error(&app).is_some());
    type_text(&mut app, "x");
    assert_eq!(error(&app), None);
    code(&mut app, KeyCode::Esc);
    assert_eq!(status_text(&app), "Nothing changed.");
}

#[test]
fn lock_says_why_on_a_published_partnership_or_no_pair() {
    let mut app = demo_app();
    // The current round has no pairs yet.
    type_text(&mut app, "3l");
    assert!(is_error(&app));
    assert_eq!(
        status_text(&app),
        "No pair is selected; press m to match the round."
    );
    // The past round's partnerships are published.
    type_text(&mut app, "1j3l");
    assert!(is_error(&app));
    let said = status_text(&app);
    assert!(
        said.contains("published") && said.contains("only draft pairs"),
        "{said}"
    );
    let locked = |app: &App| {
        let round = app.current_round().unwrap().id;
        app.store()
            .partnerships(round)
            .unwrap()
            .iter()
            .filter(|p| p.locked)
            .count()
    };
    assert_eq!(locked(&app), 0);
    // A draft pair locks, and the hint bar offered the key only there.
    type_text(&mut app, "1k3m");
    wait_for_matching(&mut app);
    assert!(screen(&app, 120, 30).contains("l lock"));
    type_text(&mut app, "l");
    assert!(
        status_text(&app).starts_with("Locked "),
        "{}",
        status_text(&app)
    );
    assert_eq!(locked(&app), 1);
}

#[test]
fn a_read_caused_by_another_window_keeps_the_details_where_they_were_scrolled() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let mut app = file_demo_app(&path);
    let round = app.current_round().unwrap().id;

    // Matches: scroll the details of the selected pair.
    type_text(&mut app, "3m");
    wait_for_matching(&mut app);
    screen(&app, 120, 24);
    type_text(&mut app, "JJ");
    let scrolled = app.matches().detail_scroll.offset();
    assert!(
        scrolled > 0,
        "the details scroll at this size:\n{}",
        screen(&app, 120, 24)
    );
    let selected = app.matches().selected_partnership().unwrap().clone();
    let reads = app.reads(Pane::Matches);
    // Another window locks another pair: Matches reads again, the details stay.
    let mut other = Store::open(&path).unwrap();
    let another = other
        .partnerships(round)
        .unwrap()
        .into_iter()
        .find(|p| p.id != selected.id)
        .unwrap();
    other.set_partnership_locked(&another, true).unwrap();
    assert!(app.tick(Instant::now()));
    assert!(app.reads(Pane::Matches) > reads, "read again");
    assert_eq!(
        app.matches().selected_partnership().unwrap().id,
        selected.id
    );
    assert_eq!(app.matches().detail_scroll.offset(), scrolled);
    // Another row starts at the top of its details.
    type_text(&mut app, "j");
    assert_eq!(app.matches().detail_scroll.offset(), 0);

    // Topics: the same.
    type_text(&mut app, "4");
    let long = TopicText {
        title: "A long one".into(),
        body: "A paragraph.\n\n".repeat(30),
        ..TopicText::default()
    };
    let topic = app.topics().selected().unwrap().clone();
    other
        .save_topic_text(topic.id, topic.version, &long)
        .unwrap();
    app.tick(Instant::now());
    screen(&app, 120, 24);
    type_text(&mut app, "JJJ");
    assert_eq!(app.topics().detail_scroll.offset(), 3);
    let reads = app.reads(Pane::Topics);
    let slot = other.add_topic_slot(round, date("2027-05-03")).unwrap();
    assert!(app.tick(Instant::now()));
    assert!(app.reads(Pane::Topics) > reads, "read again");
    assert_eq!(app.topics().selected().unwrap().id, topic.id);
    assert_ne!(slot.id, topic.id);
    assert_eq!(app.topics().detail_scroll.offset(), 3);
    type_text(&mut app, "j");
    assert_eq!(app.topics().detail_scroll.offset(), 0);
}

#[test]
fn the_welcome_screen_gives_way_to_the_panes_when_another_window_adds_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let mut app = App::new(Store::open(&path).unwrap()).with_today(today());
    assert_eq!(app.screen(), Screen::Welcome);
    assert!(!app.tick(Instant::now()), "nothing happened yet");
    assert_eq!(app.screen(), Screen::Welcome);

    let mut other = Store::open(&path).unwrap();
    let round = create_round(&mut other);
    assert!(app.tick(Instant::now()));
    assert_eq!(app.screen(), Screen::Panes);
    assert_eq!(app.focus(), Pane::Rounds);
    assert_eq!(app.mode(), Mode::Pane(Pane::Rounds));
    assert_eq!(app.rounds().all().len(), 1);
    assert_eq!(app.current_round().unwrap().id, round.id);
    assert!(screen(&app, 100, 30).contains("2027 A"));
    assert!(!is_error(&app));
    // The other panes read it when shown.
    type_text(&mut app, "2");
    assert_eq!(app.applicants().round_id(), Some(round.id));
}

#[test]
fn a_count_of_one_reads_as_one() {
    // Matching the small demo leaves one person out: the publish question says so in the
    // singular, verb and all.
    let mut app = demo_app();
    type_text(&mut app, "3m");
    wait_for_matching(&mut app);
    assert_eq!(app.matches().unmatched_count(), 1);
    type_text(&mut app, "P");
    let Some(Modal::Question(q)) = app.modal() else {
        panic!("no question:\n{}", screen(&app, 100, 30));
    };
    assert!(q.text.contains(" 1 person stays unmatched."), "{}", q.text);
    assert!(!q.text.contains("1 people"), "{}", q.text);
    code(&mut app, KeyCode::Esc);

    // A topic with one question and a post of one word.
    let (mut app, _) = topics_app();
    add_default_slot(&mut app);
    code(&mut app, KeyCode::Enter);
    type_lines(&mut app, "Hello\n\nWho?");
    code(&mut app, KeyCode::Tab);
    assert_eq!(editor(&app).focus(), Field::Body);
    type_text(&mut app, "Welcome");
    assert!(screen(&app, 100, 30).contains("1 word"));
    ctrl(&mut app, 's');
    assert_eq!(status_text(&app), "Saved “Hello” (1 word).");
    code(&mut app, KeyCode::Esc);
    type_text(&mut app, "D");
    let Some(Modal::Question(q)) = app.modal() else {
        panic!("no question:\n{}", screen(&app, 100, 30));
    };
    assert!(
        q.text
            .contains("the title, the summary, 1 question and a post of 1 word."),
        "{}",
        q.text
    );
}

#[test]
fn text_typed_over_a_topic_removed_elsewhere_is_never_lost() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.sqlite");
    let slot = file_with_a_slot(&path);
    let mut app = file_topics_app(&path);
    code(&mut app, KeyCode::Enter);
    type_lines(&mut app, "Two hours of work");
    Store::open(&path)
        .unwrap()
        .remove_topic(slot.id, slot.version)
        .unwrap();

    // Leaving cannot keep the text (the topic is gone): the editor stays and says why.
    code(&mut app, KeyCode::Esc);
    assert!(app.topics().editor().is_some(), "the editor stays open");
    let said = status_text(&app);
    assert!(said.contains("could not be kept"), "{said}");
    assert!(said.contains("removed in another window"), "{said}");

    // Saving makes it a topic of its own on the same date.
    ctrl(&mut app, 's');
    let said = status_text(&app);
    assert!(said.contains("saved your text as a new topic on"), "{said}");
    let topics = app.store().topics(slot.round_id).unwrap();
    assert_eq!(topics.len(), 1);
    assert_eq!(topics[0].title, "Two hours of work");
    assert_eq!(topics[0].publish_on, slot.publish_on);
    code(&mut app, KeyCode::Esc);
    assert!(!app.popup_open());
}

#[test]
fn leaving_an_unchanged_editor_keeps_another_window_s_draft() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.sqlite");
    let slot = file_with_a_slot(&path);
    let mut app = file_topics_app(&path);
    code(&mut app, KeyCode::Enter);
    let theirs = TopicText {
        title: "Typed in the other window".into(),
        ..TopicText::default()
    };
    Store::open(&path)
        .unwrap()
        .keep_unsaved(slot.id, slot.version, &theirs)
        .unwrap();
    code(&mut app, KeyCode::Esc);
    assert_eq!(
        app.store().unsaved(slot.id).unwrap().map(|d| d.text),
        Some(theirs)
    );
}

#[test]
fn a_restored_draft_is_not_saved_over_a_newer_save_unseen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.sqlite");
    let slot = file_with_a_slot(&path);
    {
        let mut app = file_topics_app(&path);
        code(&mut app, KeyCode::Enter);
        type_lines(&mut app, "Mine");
        assert!(app.tick(Instant::now() + Duration::from_secs(10)));
    }
    // Saved in another window after that text was typed.
    let mut other = Store::open(&path).unwrap();
    let theirs = TopicText {
        title: "Theirs".into(),
        ..TopicText::default()
    };
    other
        .save_topic_text(slot.id, slot.version, &theirs)
        .unwrap();
    drop(other);

    let mut app = file_topics_app(&path);
    code(&mut app, KeyCode::Enter);
    type_text(&mut app, "y");
    assert!(
        status_text(&app).contains("was saved since it was typed"),
        "{}",
        status_text(&app)
    );
    ctrl(&mut app, 's');
    assert_eq!(app.store().topic(slot.id).unwrap().title, "Theirs");
    assert!(
        status_text(&app).contains("another window"),
        "{}",
        status_text(&app)
    );
    // Again, deliberately: the restored text goes in, and its draft goes with the save.
    ctrl(&mut app, 's');
    assert_eq!(app.store().topic(slot.id).unwrap().title, "Mine");
    assert_eq!(app.store().unsaved(slot.id).unwrap(), None);
}

#[test]
fn saving_a_restored_draft_takes_the_draft_away() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.sqlite");
    let slot = file_with_a_slot(&path);
    {
        let mut app = file_topics_app(&path);
        code(&mut app, KeyCode::Enter);
        type_lines(&mut app, "Mine");
        assert!(app.tick(Instant::now() + Duration::from_secs(10)));
    }
    let mut app = file_topics_app(&path);
    code(&mut app, KeyCode::Enter);
    type_text(&mut app, "yX");
    ctrl(&mut app, 's');
    let saved = app.store().topic(slot.id).unwrap();
    assert_eq!(saved.title, "Mine");
    assert!(saved.body.contains('X'), "{saved:?}");
    assert_eq!(app.store().unsaved(slot.id).unwrap(), None);
}

#[test]
fn the_details_follow_the_selection_when_a_filter_moves_it() {
    let mut app = demo_app();
    type_text(&mut app, "2jjj");
    let before = app.applicants().selected_row().unwrap().clone();
    // A filter that leaves someone else selected.
    let other = app
        .applicants()
        .rows()
        .iter()
        .find(|r| r.country.code != before.country.code)
        .unwrap()
        .clone();
    type_text(&mut app, &format!("/{}", other.email));
    let selected = app.applicants().selected_row().unwrap().id;
    assert_eq!(selected, other.id);
    assert_eq!(app.applicants().detail().unwrap().id, other.id);
    code(&mut app, KeyCode::Esc);
    let selected = app.applicants().selected_row().unwrap().id;
    assert_eq!(app.applicants().detail().unwrap().id, selected);
}

#[test]
fn unpairing_keeps_the_place_in_the_list() {
    let mut app = demo_app();
    type_text(&mut app, "3m");
    wait_for_matching(&mut app);
    type_text(&mut app, "jjjjjj");
    let at = app.matches().list.selected_index();
    let next = {
        let p = app.matches().selected_partnership().unwrap().clone();
        type_text(&mut app, "j");
        let n = app.matches().selected_partnership().unwrap().clone();
        type_text(&mut app, "k");
        assert_eq!(app.matches().selected_partnership().unwrap().id, p.id);
        n
    };
    type_text(&mut app, "x");
    assert_eq!(app.matches().list.selected_index(), at);
    assert_eq!(app.matches().selected_partnership().unwrap().id, next.id);
}

/// A run that can pair nobody says so, instead of counting zero pairs.
#[test]
fn a_match_that_pairs_nobody_says_why() {
    let mut store = Store::open_in_memory().unwrap();
    demo::populate(&mut store, &small_demo()).unwrap();
    let round = store.round_by_name("2027 A").unwrap();
    let applications = store.applications(round.id).unwrap();
    let country = applications[0].form.country;
    let mut kept = 0;
    for a in &applications {
        let status = if a.form.country == country && kept < 2 {
            kept += 1;
            ApplicationStatus::Accepted
        } else {
            ApplicationStatus::Deferred
        };
        let version = store
            .application_versions(round.id)
            .unwrap()
            .into_iter()
            .find(|v| v.0 == a.id)
            .unwrap()
            .1;
        store.set_application_status(a.id, version, status).unwrap();
    }
    let mut app = App::new(store).with_today(today());
    type_text(&mut app, "3m");
    wait_for_matching(&mut app);
    let said = status_text(&app);
    assert!(
        said.contains("paired nobody") && said.contains("2 people"),
        "{said}"
    );
}

/// Choosing the partner someone has already locks their pair and says so, instead of
/// saying it broke the pair up.
#[test]
fn choosing_the_current_partner_locks_the_pair() {
    let mut app = demo_app();
    type_text(&mut app, "3m");
    wait_for_matching(&mut app);
    let pair: Vec<_> = app
        .matches()
        .selected_people()
        .iter()
        .map(|p| p.0)
        .collect();
    type_text(&mut app, "c");
    let rows = app.matches().candidates().unwrap().rows.clone();
    let at = rows.iter().position(|c| c.id == pair[1]).unwrap();
    for _ in 0..at {
        type_text(&mut app, "j");
    }
    code(&mut app, KeyCode::Enter);
    let said = status_text(&app);
    assert!(said.contains("were partners already"), "{said}");
    assert!(!said.contains("broke up"), "{said}");
    let locked: Vec<_> = drafts(&app).into_iter().filter(|p| p.locked).collect();
    assert_eq!(locked.len(), 1);
    let mut members = locked[0].members.clone();
    members.sort_unstable();
    let mut pair = pair;
    pair.sort_unstable();
    assert_eq!(members, pair);
}

/// Paired by hand from the pool after their partnership ended early, the person's new
/// draft pair is the row selected, not the partnership that ended.
#[test]
fn a_pair_made_from_the_pool_is_selected_not_the_ended_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let mut app = file_demo_app(&path);
    let round = app.store().round_by_name("2027 A").unwrap();
    type_text(&mut app, "3m");
    wait_for_matching(&mut app);
    // Published and then ended early in another window.
    let mut other = Store::open(&path).unwrap();
    let shown = other.round(round.id).unwrap();
    let plan = iln::ops::publish::preview(&other, &shown, today()).unwrap();
    iln::ops::publish::publish(&mut other, &plan).unwrap();
    let ended: Vec<_> = other
        .partnerships(round.id)
        .unwrap()
        .into_iter()
        .take(4)
        .collect();
    for p in &ended {
        other.end_early(p, "moved away", today()).unwrap();
    }
    let pool: Vec<_> = ended.iter().flat_map(|p| p.members.clone()).collect();
    app.tick(Instant::now());
    // The first person in the pool with someone to pair with.
    type_text(&mut app, "g");
    let mut person = None;
    for _ in 0..app.matches().list.len() {
        let m = app.matches();
        if m.selected_partnership().is_none()
            && let Some(&(who, _)) = m.selected_people().first()
            && pool.contains(&who)
        {
            type_text(&mut app, "c");
            if app
                .matches()
                .candidates()
                .is_some_and(|l| l.chosen().is_some())
            {
                person = Some(who);
                break;
            }
            code(&mut app, KeyCode::Esc);
        }
        type_text(&mut app, "j");
    }
    let person = person.expect("someone in the pool with a candidate");
    code(&mut app, KeyCode::Enter);
    assert!(
        status_text(&app).contains("by hand"),
        "{}",
        status_text(&app)
    );
    let selected = app.matches().selected_partnership().unwrap();
    assert_eq!(selected.status, iln::domain::PartnershipStatus::Draft);
    assert!(selected.members.contains(&person));
}

/// An application entered by mistake is deleted from the Applicants pane after a question;
/// one in a partnership is not.
#[test]
fn an_application_entered_by_mistake_is_deleted_after_a_question() {
    let mut app = demo_app();
    let round = app.current_round().unwrap().id;
    let before = app.store().applications(round).unwrap().len();
    type_text(&mut app, "2");
    let name = app.applicants().selected_row().unwrap().name.clone();
    type_text(&mut app, "D");
    assert_eq!(app.mode(), Mode::Question);
    assert!(
        screen(&app, 100, 30).contains(&format!("Delete the application of {name}")),
        "{}",
        screen(&app, 100, 30)
    );
    type_text(&mut app, "n");
    assert_eq!(app.store().applications(round).unwrap().len(), before);
    type_text(&mut app, "D");
    type_text(&mut app, "y");
    assert_eq!(
        status_text(&app),
        format!("Deleted the application of {name}.")
    );
    assert_eq!(app.store().applications(round).unwrap().len(), before - 1);
    assert_eq!(app.applicants().rows().len(), before - 1);

    // Matched, the selected applicant is in a partnership: refused, nothing deleted.
    type_text(&mut app, "3m");
    wait_for_matching(&mut app);
    let partnered = app.matches().selected_people()[0].0;
    type_text(&mut app, "2");
    type_text(&mut app, "g");
    for _ in 0..before {
        if app.applicants().selected_row().map(|r| r.id) == Some(partnered) {
            break;
        }
        code(&mut app, KeyCode::Down);
    }
    assert_eq!(
        app.applicants().selected_row().map(|r| r.id),
        Some(partnered)
    );
    type_text(&mut app, "Dy");
    assert!(
        status_text(&app).contains("is in a partnership"),
        "{}",
        status_text(&app)
    );
    assert_eq!(app.store().applications(round).unwrap().len(), before - 1);
}

/// A field of an application is corrected from the Applicants pane: picked, then written as
/// a survey answer would be; a mistake keeps the prompt open with what is wrong.
#[test]
fn a_field_is_corrected_from_the_applicants_pane() {
    let mut app = demo_app();
    type_text(&mut app, "2");
    let row = app.applicants().selected_row().unwrap().clone();
    type_text(&mut app, "e");
    assert_eq!(app.mode(), Mode::Picker);
    assert!(screen(&app, 100, 30).contains("Which field of"));
    // Country is the fourth field.
    type_text(&mut app, "jjj");
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::TextPrompt);
    ctrl(&mut app, 'u');
    type_text(&mut app, "Untied States");
    code(&mut app, KeyCode::Enter);
    assert_eq!(
        app.mode(),
        Mode::TextPrompt,
        "a mistake keeps the prompt open"
    );
    assert!(screen(&app, 100, 30).contains("did you mean"));
    ctrl(&mut app, 'u');
    type_text(&mut app, "Greece");
    code(&mut app, KeyCode::Enter);
    assert!(!app.popup_open());
    assert_eq!(
        status_text(&app),
        format!("Corrected the country of {}.", row.name)
    );
    let saved = app.store().application(row.id).unwrap();
    assert_eq!(saved.form.country, "GR");
    // The table shows it at once.
    assert_eq!(
        app.applicants().row_by_id(row.id).unwrap().country.code,
        "GR"
    );
}

/// An application that came some other way is typed in from the Applicants pane, a field at
/// a time, each checked as an import checks it.
#[test]
fn an_application_is_added_by_hand() {
    let mut app = demo_app();
    let round = app.current_round().unwrap().id;
    let before = app.store().applications(round).unwrap().len();
    type_text(&mut app, "2n");
    assert_eq!(app.mode(), Mode::TextPrompt);
    for (answer, next) in [
        ("Valentina Soto", true),
        ("valentina.soto@biblioteca.example.cl", true),
        ("Chile", true),
        ("School library", true),
        ("Early career", true),
        ("Spanish, English", false),
    ] {
        type_text(&mut app, answer);
        code(&mut app, KeyCode::Enter);
        if next {
            assert_eq!(app.mode(), Mode::TextPrompt, "after {answer}");
        }
    }
    assert_eq!(app.mode(), Mode::Question);
    assert!(screen(&app, 100, 30).contains("accepted the code of conduct"));
    type_text(&mut app, "y");
    assert!(
        status_text(&app).starts_with("Added the application of Valentina Soto, pending"),
        "{}",
        status_text(&app)
    );
    let apps = app.store().applications(round).unwrap();
    assert_eq!(apps.len(), before + 1);
    let added = apps
        .iter()
        .find(|a| a.form.name == "Valentina Soto")
        .unwrap();
    assert_eq!(added.form.country, "CL");
    assert_eq!(added.form.sector, iln::domain::Sector::School);
    assert_eq!(added.status, ApplicationStatus::Pending);
    // The new application is the row selected.
    assert_eq!(
        app.applicants().selected_row().map(|r| r.id),
        Some(added.id)
    );
    // Chile's usual time zone, as an empty answer gives on import.
    let chile = iln::domain::Country::find("CL").unwrap();
    assert_eq!(
        added.form.time_zone.usual_offset().minutes(),
        chile.utc_offset_minutes
    );

    // A mistake keeps the prompt open; someone who applied already is refused.
    type_text(&mut app, "n");
    type_text(&mut app, "Valentina Soto");
    code(&mut app, KeyCode::Enter);
    type_text(&mut app, "not an address");
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::TextPrompt);
    assert!(screen(&app, 100, 30).contains("not an e-mail address"));
    ctrl(&mut app, 'u');
    type_text(&mut app, "Valentina.Soto@biblioteca.example.cl");
    code(&mut app, KeyCode::Enter);
    for answer in ["Chile", "School library", "Early career", "Spanish"] {
        type_text(&mut app, answer);
        code(&mut app, KeyCode::Enter);
    }
    type_text(&mut app, "y");
    assert!(
        status_text(&app).contains("has applied to 2027 A already"),
        "{}",
        status_text(&app)
    );
    assert_eq!(app.store().applications(round).unwrap().len(), before + 1);
}

#[test]
fn the_interest_list_shows_counts_and_merges_two_spellings() {
    let mut app = demo_app();
    let round = app.current_round().unwrap().id;
    let before = app.store().interests(Some(round)).unwrap();
    type_text(&mut app, "2I");
    let shown = screen(&app, 100, 30);
    assert!(
        shown.contains(&format!("Interests ({})", before.len())),
        "{shown}"
    );
    let top = &before[0];
    assert!(
        shown.contains(&format!(
            "{:>5} {:>6}  {}",
            top.in_round, top.applications, top.name
        )),
        "{shown}"
    );
    // Merge the first into the second.
    code(&mut app, KeyCode::Enter);
    assert!(screen(&app, 100, 30).contains(&format!("Merge \"{}\" into which", top.name)));
    code(&mut app, KeyCode::Enter);
    let into = &before[1];
    let Some(Modal::Question(question)) = app.modal() else {
        panic!("no question: {}", screen(&app, 100, 30))
    };
    assert!(question.text.contains(&format!("into \"{}\"?", into.name)));
    type_text(&mut app, "y");
    let after = app.store().interests(Some(round)).unwrap();
    assert_eq!(after.len(), before.len() - 1);
    let merged = after.iter().find(|e| e.name == into.name).unwrap();
    assert!(merged.applications >= into.applications.max(top.applications));
    assert!(status_text(&app).starts_with(&format!("Merged \"{}\"", top.name)));
}

/// Moves the assistant's highlight to line `row` (0 is the submission time).
fn assistant_row(app: &mut App, row: usize) {
    type_text(app, "g");
    for _ in 0..row {
        type_text(app, "j");
    }
}

/// Picks the item labelled `label` in the open picker.
fn pick(app: &mut App, label: &str) {
    let Some(Modal::Picker(picker)) = app.modal() else {
        panic!("no picker: {}", screen(app, 100, 30))
    };
    let at = picker
        .items
        .iter()
        .position(|i| i.label == label)
        .unwrap_or_else(|| panic!("no {label:?} to pick"));
    type_text(app, "g");
    for _ in 0..at {
        type_text(app, "j");
    }
    code(app, KeyCode::Enter);
}

#[test]
fn the_import_assistant_settles_columns_and_answers_and_keeps_the_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("registrations.csv");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/unusual-headers.csv"),
        &csv,
    )
    .unwrap();
    let mut app = demo_app();
    let round = app.current_round().unwrap().id;
    let before = app.store().application_rows(round).unwrap().len();

    type_text(&mut app, "2i");
    type_text(&mut app, &csv.display().to_string());
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Assistant);
    let shown = screen(&app, 80, 24);
    assert!(
        shown.contains("Import registrations.csv into 2027 A"),
        "{shown}"
    );
    assert!(shown.contains("? unsettled"), "{shown}");
    // Importing now imports nothing: the file cannot be read as it is.
    type_text(&mut app, "i");
    assert!(app.modal().is_some(), "the problems are listed");
    assert_eq!(app.store().application_rows(round).unwrap().len(), before);
    code(&mut app, KeyCode::Esc);

    // Once more, settling every column the key words left open. Lines: 0 submitted,
    // 1 date order, then each field in order from the name (2).
    type_text(&mut app, "2i");
    type_text(&mut app, &csv.display().to_string());
    code(&mut app, KeyCode::Enter);
    for (row, header) in [
        (0, "Registered"),
        (2, "Participant"),
        (7, "Workplace kind"),
        (9, "Years in the profession"),
        (10, "Hoping to talk about"),
        (11, "Can work in"),
        (12, "Ideal partner: workplace"),
        (13, "Ideal partner: seniority"),
        (14, "Ideal partner: whereabouts"),
        (15, "Accepts the rules"),
    ] {
        assistant_row(&mut app, row);
        code(&mut app, KeyCode::Enter);
        pick(&mut app, header);
    }
    // Closing the assistant loses none of those choices: the file opens again with them.
    code(&mut app, KeyCode::Esc);
    assert!(
        status_text(&app).contains("the choices made are kept"),
        "{}",
        status_text(&app)
    );
    type_text(&mut app, "i");
    type_text(&mut app, &csv.display().to_string());
    code(&mut app, KeyCode::Enter);
    let shown = screen(&app, 100, 40);
    assert!(shown.contains("Read as registrations.csv was"), "{shown}");
    assert!(shown.contains("‹ Participant ›"), "{shown}");
    // Dates such as 02/03/2027 are day first in this survey; → on the date order says so.
    assistant_row(&mut app, 1);
    code(&mut app, KeyCode::Right);
    // The one answer iln cannot place is listed with its count, and mapped.
    let shown = screen(&app, 100, 40);
    assert!(shown.contains("Answers iln cannot place (1)"), "{shown}");
    assert!(
        shown.contains("\"Municipal lending library\"  ×1"),
        "{shown}"
    );
    type_text(&mut app, "G");
    code(&mut app, KeyCode::Enter);
    pick(&mut app, "Public");
    let shown = screen(&app, 100, 40);
    assert!(
        shown.contains("3 applications: all would import."),
        "{shown}"
    );

    type_text(&mut app, "i");
    assert_eq!(app.mode(), Mode::Pane(Pane::Applicants));
    assert!(
        status_text(&app).starts_with("Imported 3 applications"),
        "{}",
        status_text(&app)
    );
    let apps = app.store().applications(round).unwrap();
    assert_eq!(apps.len(), before + 3);
    let eleni = apps
        .iter()
        .find(|a| a.form.email == "e.papadopoulou@libver.gr")
        .unwrap();
    assert_eq!(eleni.form.sector, iln::domain::Sector::Public);
    assert_eq!(eleni.form.submitted_at.date().to_string(), "2027-03-05");

    // The next export with the same headers opens read the same way.
    let again = dir.path().join("registrations-week-2.csv");
    std::fs::copy(&csv, &again).unwrap();
    type_text(&mut app, "i");
    type_text(&mut app, &again.display().to_string());
    code(&mut app, KeyCode::Enter);
    let shown = screen(&app, 100, 40);
    assert!(shown.contains("Read as registrations.csv"), "{shown}");
    assert!(
        shown.contains("3 applications: all would import."),
        "{shown}"
    );
    code(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Pane(Pane::Applicants));
    assert!(status_text(&app).starts_with("Nothing imported from registrations-week-2.csv"));
}

/// A partner's sector wished as "a different type of library" is every sector but one's
/// own, and reads so in the details.
#[test]
fn a_sector_wish_relative_to_ones_own_is_read_and_shown() {
    let mut app = demo_app();
    type_text(&mut app, "2");
    let row = app.applicants().selected_row().unwrap().clone();
    type_text(&mut app, "e");
    // Partner sectors is the twelfth field.
    for _ in 0..11 {
        type_text(&mut app, "j");
    }
    code(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    type_text(&mut app, "A different type of library");
    code(&mut app, KeyCode::Enter);
    assert!(!app.popup_open(), "{}", screen(&app, 100, 30));
    let saved = app.store().application(row.id).unwrap().form;
    assert_eq!(saved.wish_sectors.len(), iln::domain::Sector::ALL.len() - 1);
    assert!(!saved.wish_sectors.contains(&saved.sector));
    let shown: String = screen(&app, 200, 50)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(shown.contains("any library but"), "{shown}");
}

/// The stage key moves a round on after a question, and says what is missing when the
/// step's condition does not hold; once the term has passed, the calendar ends the round.
#[test]
fn the_stage_key_moves_a_round_on_and_the_calendar_ends_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let mut store = Store::open(&path).unwrap();
    demo::populate(&mut store, &small_demo()).unwrap();
    let mut app = App::new(store).with_today(today());
    type_text(&mut app, "1");
    let round = app.current_round().unwrap().clone();
    assert_eq!(round.plan.status, RoundStatus::Closed);
    type_text(&mut app, "s");
    let Some(Modal::Question(q)) = app.modal() else {
        panic!("no question: {}", screen(&app, 100, 30))
    };
    assert!(
        q.text.starts_with("Move 2027 A from closed to matching?"),
        "{}",
        q.text
    );
    type_text(&mut app, "y");
    assert_eq!(status_text(&app), "2027 A is now matching.");
    assert_eq!(
        app.current_round().unwrap().plan.status,
        RoundStatus::Matching
    );
    // Matching to active is publishing's to do: refused with what to press.
    type_text(&mut app, "s");
    assert!(!app.popup_open());
    let said = status_text(&app);
    assert!(
        said.starts_with("2027 A stays matching: the round has no draft matching yet"),
        "{said}"
    );
    assert!(said.contains("Matches: m matches, P publishes"), "{said}");

    // Matched and published, the round runs; the app opens on it, and on the day its term
    // has passed the calendar ends it.
    type_text(&mut app, "3m");
    let deadline = Instant::now() + Duration::from_secs(60);
    while app.is_matching() {
        assert!(Instant::now() < deadline, "matching did not finish");
        app.tick(Instant::now());
        std::thread::sleep(Duration::from_millis(5));
    }
    type_text(&mut app, "P");
    type_text(&mut app, "y");
    let running = app.store().round(round.id).unwrap();
    assert_eq!(
        running.plan.status,
        RoundStatus::Active,
        "{}",
        status_text(&app)
    );
    let ends = running.plan.ends_on();
    drop(app);
    let mut app = App::new(Store::open(&path).unwrap()).with_today(ends);
    assert_eq!(
        app.current_round().unwrap().id,
        round.id,
        "opens on the running round"
    );
    app.follow_calendar();
    assert!(
        status_text(&app).starts_with(&format!("Today is {ends}:")),
        "{}",
        status_text(&app)
    );
    assert!(status_text(&app).contains("Round 2027 A ended."));
    assert_eq!(
        app.store().round(round.id).unwrap().plan.status,
        RoundStatus::Ended
    );
}

/// An empty file opens in the assistant without a column to choose, and what is imported is
/// the file as the assistant showed it, even when it changes on disk meanwhile.
#[test]
fn the_assistant_imports_what_it_showed() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let mut app = demo_app();
    let round = app.current_round().unwrap().id;
    let before = app.store().application_rows(round).unwrap().len();
    type_text(&mut app, "2i");
    type_text(&mut app, &empty.display().to_string());
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Assistant);
    code(&mut app, KeyCode::Enter);
    assert!(status_text(&app).contains("has no columns to choose from"));
    code(&mut app, KeyCode::Esc);

    let csv = dir.path().join("survey.csv");
    std::fs::copy(asset("sample-survey.csv"), &csv).unwrap();
    type_text(&mut app, "i");
    type_text(&mut app, &csv.display().to_string());
    code(&mut app, KeyCode::Enter);
    let shown = screen(&app, 100, 40);
    assert!(
        shown.contains("66 applications: all would import."),
        "{shown}"
    );
    // The file is overwritten while the assistant shows it.
    std::fs::write(&csv, "not, a, survey\n1, 2, 3\n").unwrap();
    type_text(&mut app, "i");
    assert!(!app.popup_open(), "{}", screen(&app, 100, 40));
    assert_eq!(
        app.store().application_rows(round).unwrap().len(),
        before + 66
    );
}

/// Withdrawing someone in a running partnership asks first, ends the partnership for
/// "withdrawal" and leaves the partner in the rematch pool; deferring them is refused.
#[test]
fn withdrawing_from_a_running_partnership_ends_it_and_pools_the_partner() {
    let mut app = demo_app();
    let round = app.current_round().unwrap().id;
    type_text(&mut app, "3m");
    let deadline = Instant::now() + Duration::from_secs(60);
    while app.is_matching() {
        assert!(Instant::now() < deadline, "matching did not finish");
        app.tick(Instant::now());
        std::thread::sleep(Duration::from_millis(5));
    }
    type_text(&mut app, "Py");
    let pair = app
        .store()
        .partnerships(round)
        .unwrap()
        .into_iter()
        .find(|p| p.status == PartnershipStatus::Active && p.members.len() == 2)
        .unwrap();
    let leaving = app.store().application_row(pair.members[0]).unwrap();
    let staying = app.store().application_row(pair.members[1]).unwrap();
    type_text(&mut app, "2/");
    type_text(&mut app, &leaving.email);
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.applicants().selected_row().unwrap().id, leaving.id);

    // Deferring them would leave the partner alone: refused, saying what to do.
    type_text(&mut app, "d");
    assert!(
        status_text(&app).contains("withdrawing them ends it"),
        "{}",
        status_text(&app)
    );
    type_text(&mut app, "w");
    let Some(Modal::Question(q)) = app.modal() else {
        panic!("no question: {}", screen(&app, 100, 30))
    };
    assert!(
        q.text.contains(&format!("with {}", staying.name)),
        "{}",
        q.text
    );
    type_text(&mut app, "y");
    let ended = app.store().partnership(pair.id).unwrap();
    assert_eq!(ended.status, PartnershipStatus::EndedEarly);
    assert_eq!(ended.end_reason.as_deref(), Some("withdrawal"));
    assert_eq!(
        app.store().application(leaving.id).unwrap().status,
        ApplicationStatus::Withdrawn
    );
    // The partner is in the rematch pool: matching again may pair them.
    let prepared = iln::ops::matching::prepare(app.store(), round).unwrap();
    assert!(prepared.input.applicants.iter().any(|a| a.id == staying.id));
    assert!(!prepared.input.applicants.iter().any(|a| a.id == leaving.id));
}

/// N in Rounds opens the form of the next round after the selected one; saving it invites
/// those the selected round deferred, shown as invited in the new round's Applicants.
#[test]
fn the_next_round_from_the_rounds_pane_invites_the_deferred() {
    let mut app = demo_app_with(DemoOptions {
        over_cap: true,
        ..small_demo()
    });
    let from = app.current_round().unwrap().clone();
    type_text(&mut app, "1N");
    assert_eq!(app.mode(), Mode::RoundForm);
    assert!(screen(&app, 100, 30).contains(&format!("New round after {}", from.plan.name)));
    code(&mut app, KeyCode::Enter);
    assert!(!app.popup_open(), "{}", screen(&app, 100, 30));
    let said = status_text(&app);
    assert!(
        said.contains(&format!("after {}: invited", from.plan.name)),
        "{said}"
    );
    let new = app.current_round().unwrap().clone();
    assert_ne!(new.id, from.id);
    type_text(&mut app, "2");
    let shown = screen(&app, 120, 30);
    assert!(shown.contains("invited"), "{shown}");
    assert!(
        app.applicants()
            .rows()
            .iter()
            .all(|r| r.status == ApplicationStatus::Invited)
    );
}

/// A slot added, or a topic moved, onto a day that has a topic asks first.
#[test]
fn a_second_topic_on_a_day_is_asked_about_first() {
    let (mut app, round) = topics_app();
    let start = round.plan.starts_on;
    type_text(&mut app, "a");
    code(&mut app, KeyCode::Enter);
    assert_eq!(stored(&app, &round).len(), 1);
    // The same day again: asked, and n leaves it as it was.
    type_text(&mut app, "a");
    ctrl(&mut app, 'u');
    type_text(&mut app, &start.to_string());
    code(&mut app, KeyCode::Enter);
    let Some(Modal::Question(q)) = app.modal() else {
        panic!("no question: {}", screen(&app, 100, 30))
    };
    assert!(
        q.text.starts_with(&format!("{start} has a topic already")),
        "{}",
        q.text
    );
    type_text(&mut app, "n");
    assert_eq!(stored(&app, &round).len(), 1);
    // Another day, then moved onto the first: asked; y moves it.
    type_text(&mut app, "a");
    ctrl(&mut app, 'u');
    let later = start + chrono::Days::new(10);
    type_text(&mut app, &later.to_string());
    code(&mut app, KeyCode::Enter);
    assert_eq!(stored(&app, &round).len(), 2);
    type_text(&mut app, "m");
    ctrl(&mut app, 'u');
    type_text(&mut app, &start.to_string());
    code(&mut app, KeyCode::Enter);
    assert!(matches!(app.modal(), Some(Modal::Question(_))));
    type_text(&mut app, "y");
    let days: Vec<_> = stored(&app, &round).iter().map(|t| t.publish_on).collect();
    assert_eq!(days, [start, start]);
}

/// The library marks a topic the round has used already, with its day.
#[test]
fn the_library_marks_topics_the_round_has_used() {
    let (mut app, _round) = topics_app();
    let first = add_default_slot(&mut app);
    type_text(&mut app, "l");
    type_text(&mut app, "j");
    code(&mut app, KeyCode::Enter);
    let lib = library();
    add_default_slot(&mut app);
    type_text(&mut app, "l");
    let Some(Modal::Picker(picker)) = app.modal() else {
        panic!("no picker")
    };
    assert_eq!(
        picker.items[1].label,
        format!("{} · used on {}", lib[1].title, first.publish_on)
    );
    assert_eq!(picker.items[0].label, lib[0].title);
}

/// At the smallest size iln runs in, a round form full of problems scrolls to the field
/// being typed in, down to the last.
#[test]
fn the_round_form_scrolls_to_the_focused_field_at_the_smallest_size() {
    let mut app = demo_app();
    type_text(&mut app, "n");
    ctrl(&mut app, 'u');
    for field in 1..=4 {
        code(&mut app, KeyCode::Tab);
        ctrl(&mut app, 'u');
        type_text(&mut app, &format!("not a date {field}"));
    }
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::RoundForm, "not saved");
    // Every field comes into sight when it is the one typed in, the last among them.
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..7 {
        code(&mut app, KeyCode::Tab);
        let shown = screen(&app, 60, 16);
        for label in ["Name", "Term (months)", "Country cap (%)"] {
            if shown.contains(&format!("› {label}")) {
                seen.insert(label);
            }
        }
    }
    assert_eq!(seen.len(), 3, "{seen:?}");
}
