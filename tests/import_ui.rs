//! An import in the app over a database file runs in the background: the screen shows how
//! far it has got and keeps answering keys, Esc (or quitting) stops it with nothing
//! imported, and a finished one shows in the panes.

mod driver;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use driver::{code, screen, status_text, today, type_text};
use iln::demo::{self, DemoOptions};
use iln::store::Store;
use iln::tui::App;
use iln::tui::features::{Mode, Pane};

/// An app over a demo database in a file of `dir`, on the Applicants pane of the round
/// taking applications.
fn file_app(dir: &Path) -> App {
    let mut store = Store::open(&dir.join("iln.db")).unwrap();
    let options = DemoOptions {
        applicants: 60,
        seed: 5,
        ..DemoOptions::ready_to_match(today())
    };
    demo::populate(&mut store, &options).unwrap();
    let mut app = App::new(store).with_today(today());
    type_text(&mut app, "2");
    assert_eq!(app.focus(), Pane::Applicants);
    app
}

/// A survey export (Microsoft Forms' columns) of `rows` applications, none of them already
/// in the demo.
fn survey(dir: &Path, rows: usize) -> PathBuf {
    let mut text = String::from(
        "ID,Start time,Completion time,Email,Name,Last modified time,Your full name,Your work \
         email address,Country where you work,City,Type of library you work in,Your role,\
         Career stage,Areas of interest (choose up to five),Languages you can work in,\
         Partner: preferred library type,Partner: preferred career stage,Partner: preferred \
         region,I agree to the ILN code of conduct\n",
    );
    let countries = ["Japan", "Kenya", "Chile", "Norway", "India", "Canada"];
    for i in 0..rows {
        text.push_str(&format!(
            "{i},11/13/2026 10:02:11,11/13/2026 10:15:40,anonymous,,,Reader {i},reader{i}@\
             branch{}.example.org,{},Town,Public library,Reference librarian,Mid career,\
             Reference services;Outreach;,English;,,Same as me,,Yes\n",
            i % 97,
            countries[i % countries.len()]
        ));
    }
    let path = dir.join(format!("survey-{rows}.csv"));
    std::fs::write(&path, text).unwrap();
    path
}

/// Opens the import of `file` into the current round and imports it as the assistant shows
/// it.
fn start_import(app: &mut App, file: &Path) {
    type_text(app, "i");
    assert_eq!(app.mode(), Mode::PathPrompt);
    type_text(app, &file.display().to_string());
    code(app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Assistant, "{}", screen(app, 100, 30));
    type_text(app, "i");
}

/// Ticks as the event loop does until `done` holds.
fn tick_until(app: &mut App, what: &str, done: impl Fn(&App) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while !done(app) {
        assert!(
            Instant::now() < deadline,
            "{what} did not happen: {}",
            screen(app, 120, 30)
        );
        app.tick(Instant::now());
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn applications(app: &App) -> usize {
    let round = app.current_round().unwrap().id;
    app.store().application_rows(round).unwrap().len()
}

fn importing(app: &App) -> bool {
    app.mode() == Mode::Working
}

#[test]
fn esc_stops_an_import_while_it_saves_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = file_app(dir.path());
    let before = applications(&app);
    let file = survey(dir.path(), 20_000);
    start_import(&mut app, &file);
    assert!(importing(&app), "{}", status_text(&app));
    // The screen shows the import as it goes, and the other panes stay at hand.
    tick_until(&mut app, "saving", |app| {
        screen(app, 120, 30).contains("saving application ")
    });
    let shown = screen(&app, 120, 30);
    assert!(
        shown.contains("Importing survey-20000.csv: saving application "),
        "{shown}"
    );
    assert!(
        shown.contains("Esc stops it and imports nothing"),
        "{shown}"
    );
    type_text(&mut app, "4");
    assert_eq!(app.focus(), Pane::Topics);
    type_text(&mut app, "2");
    assert!(importing(&app));

    // Stopped halfway through the one transaction: nothing of the file is kept.
    code(&mut app, KeyCode::Esc);
    assert!(
        screen(&app, 120, 30).contains("Stopping survey-20000.csv: "),
        "{}",
        screen(&app, 120, 30)
    );
    tick_until(&mut app, "the stop", |app| !importing(app));
    let said = status_text(&app);
    assert!(
        said.starts_with("Import of survey-20000.csv stopped: nothing imported"),
        "{said}"
    );
    assert_eq!(applications(&app), before);
    let conn = rusqlite::Connection::open(dir.path().join("iln.db")).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn quitting_during_an_import_stops_it_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = file_app(dir.path());
    let before = applications(&app);
    let file = survey(dir.path(), 20_000);
    start_import(&mut app, &file);
    assert!(importing(&app));
    type_text(&mut app, "q");
    assert!(app.should_quit());
    // The file on disk, read afresh, holds none of it.
    let store = Store::open(&dir.path().join("iln.db")).unwrap();
    let round = app.current_round().unwrap().id;
    assert_eq!(store.application_rows(round).unwrap().len(), before);
}

#[test]
fn a_finished_background_import_shows_in_the_pane() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = file_app(dir.path());
    let before = applications(&app);
    let file = survey(dir.path(), 300);
    start_import(&mut app, &file);
    tick_until(&mut app, "the import", |app| !importing(app));
    let said = status_text(&app);
    assert!(
        said.starts_with("Imported 300 applications from survey-300.csv into"),
        "{said}"
    );
    assert_eq!(applications(&app), before + 300);
    // The pane reads what the import's own connection wrote.
    tick_until(&mut app, "the refresh", |app| {
        app.applicants().rows().len() == before + 300
    });
    let shown = screen(&app, 120, 30);
    assert!(shown.contains(&format!(" {}: ", before + 300)), "{shown}");
}

/// From the welcome screen, over an empty database file: the import runs in the background
/// and brings the round made for it.
#[test]
fn an_import_from_the_welcome_screen_runs_in_the_background_and_creates_its_round() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("iln.db")).unwrap();
    let mut app = App::new(store).with_today(today());
    let file = survey(dir.path(), 300);
    start_import(&mut app, &file);
    assert!(importing(&app), "{}", screen(&app, 100, 30));
    tick_until(&mut app, "the import", |app| !importing(app));
    let said = status_text(&app);
    assert!(said.starts_with("Created round"), "{said}");
    assert!(said.contains("Imported 300 applications"), "{said}");
    assert_eq!(app.focus(), Pane::Applicants);
    assert_eq!(applications(&app), 300);
}

/// An import that ends while the coordinator types in a prompt elsewhere does not take the
/// prompt's place: its problems wait behind it, and what was typed stays.
#[test]
fn an_import_ending_under_a_prompt_waits_for_it_to_close() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = file_app(dir.path());
    let before = applications(&app);
    let file = survey(dir.path(), 300);
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str(
        "300,11/13/2026 10:02:11,11/13/2026 10:15:40,anonymous,,,Late Row,no-at-sign,Japan,\
         Town,Public library,Librarian,Mid career,Outreach;,English;,,,,Yes\n",
    );
    std::fs::write(&file, text).unwrap();
    start_import(&mut app, &file);
    assert!(importing(&app));

    // The web address of a topic's post, typed while the import runs.
    type_text(&mut app, "4");
    type_text(&mut app, "L");
    assert_eq!(app.mode(), Mode::TextPrompt, "{}", screen(&app, 100, 30));
    type_text(&mut app, "https://example.org/typed");
    tick_until(&mut app, "the import", |app| {
        status_text(app).starts_with("Nothing imported")
    });
    assert_eq!(app.mode(), Mode::TextPrompt, "{}", screen(&app, 100, 30));
    let shown = screen(&app, 100, 30);
    assert!(shown.contains("https://example.org/typed"), "{shown}");
    let said = status_text(&app);
    assert!(
        said.ends_with("Its details show when this window closes."),
        "{said}"
    );

    // Closing the prompt brings the import's problems.
    code(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Messages, "{}", screen(&app, 100, 30));
    let shown = screen(&app, 100, 30);
    assert!(
        shown.contains("Nothing imported from survey-300.csv"),
        "{shown}"
    );
    assert!(shown.contains("no-at-sign"), "{shown}");
    code(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Pane(Pane::Topics));
    assert_eq!(applications(&app), before);
}

/// The assistant says before the import which applications fall outside the round's
/// application window (a wrong date order, or another round's file), as the import would
/// after.
#[test]
fn the_assistant_warns_of_submissions_outside_the_round_window() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = file_app(dir.path());
    let file = survey(dir.path(), 5);
    let open_assistant = |app: &mut App, file: &Path| {
        type_text(app, "i");
        type_text(app, &file.display().to_string());
        code(app, KeyCode::Enter);
        assert_eq!(app.mode(), Mode::Assistant, "{}", screen(app, 100, 30));
        screen(app, 120, 40)
    };
    let shown = open_assistant(&mut app, &file);
    assert!(!shown.contains("outside"), "{shown}");
    code(&mut app, KeyCode::Esc);

    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("11/13/2026", "01/13/2025");
    let early = dir.path().join("early.csv");
    std::fs::write(&early, text).unwrap();
    let shown = open_assistant(&mut app, &early);
    assert!(
        shown.contains("5 applications are submitted outside"),
        "{shown}"
    );
    assert!(shown.contains("Reader 0 (2025-01-13)"), "{shown}");
}
