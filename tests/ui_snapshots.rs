//! What each screen looks like: the app drawn on a test backend, as text. Demo data is
//! seeded and "today" is fixed, so the pictures are the same on every run.

use std::path::Path;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use iln::demo::{self, DemoOptions};
use iln::store::Store;
use iln::tui::App;
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}

fn demo_options() -> DemoOptions {
    DemoOptions {
        applicants: 120,
        seed: 7,
        ..DemoOptions::default()
    }
}

fn empty_app() -> App {
    App::new(Store::open_in_memory().unwrap())
        .with_today(today())
        .with_demo_options(demo_options())
}

fn demo_app() -> App {
    let mut store = Store::open_in_memory().unwrap();
    demo::populate(&mut store, &demo_options()).unwrap();
    App::new(store).with_today(today())
}

/// Presses a key the way the event loop does: handle it, then run any work it queued.
fn key(app: &mut App, event: KeyEvent) {
    app.handle_key(event);
    app.do_pending_work();
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        key(app, KeyEvent::from(KeyCode::Char(c)));
    }
}

fn press_code(app: &mut App, code: KeyCode) {
    key(app, KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl(app: &mut App, c: char) {
    key(app, KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// The screen as text, one quoted line per row.
fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    terminal.backend().to_string()
}

#[test]
fn welcome() {
    assert_snapshot!(screen(&empty_app(), 100, 30));
}

#[test]
fn welcome_80x24() {
    assert_snapshot!(screen(&empty_app(), 80, 24));
}

#[test]
fn rounds() {
    assert_snapshot!(screen(&demo_app(), 100, 30));
}

#[test]
fn applicants() {
    let mut app = demo_app();
    press(&mut app, "2jjj");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn applicants_80x24() {
    let mut app = demo_app();
    press(&mut app, "2");
    assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn applicants_wide_with_details_beside() {
    let mut app = demo_app();
    press(&mut app, "2");
    assert_snapshot!(screen(&app, 160, 30));
}

#[test]
fn applicants_filtered_and_sorted() {
    let mut app = demo_app();
    press(&mut app, "2/public late");
    press_code(&mut app, KeyCode::Enter);
    press(&mut app, "s");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn matches_of_the_past_round() {
    let mut app = demo_app();
    press(&mut app, "j3");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn matches_empty() {
    let mut app = demo_app();
    press(&mut app, "3");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn topics() {
    let mut app = demo_app();
    press(&mut app, "4");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn help() {
    let mut app = demo_app();
    press(&mut app, "2?");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn round_form() {
    let mut app = demo_app();
    press(&mut app, "n");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn round_form_with_problems() {
    let mut app = demo_app();
    press(&mut app, "n");
    // Clear the name, and make the closing date come before the opening date.
    ctrl(&mut app, 'u');
    press_code(&mut app, KeyCode::Tab);
    press_code(&mut app, KeyCode::Tab);
    ctrl(&mut app, 'u');
    press(&mut app, "2020-01-01");
    press_code(&mut app, KeyCode::Tab);
    ctrl(&mut app, 'u');
    press(&mut app, "soon");
    press_code(&mut app, KeyCode::Enter);
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn import_problems() {
    let mut app = demo_app();
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-survey-mistakes.csv");
    press(&mut app, "2i");
    press(&mut app, &csv.display().to_string());
    press_code(&mut app, KeyCode::Enter);
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn import_prompt() {
    let mut app = demo_app();
    press(&mut app, "2i");
    press(&mut app, "surveys/spring.csv");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn cap_question() {
    let mut app = demo_app();
    press(&mut app, "c");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn too_small() {
    let app = demo_app();
    assert_snapshot!(screen(&app, 50, 12));
}
