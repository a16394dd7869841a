//! What each screen looks like: the app drawn on a test backend, as text. Demo data is
//! seeded and "today" is fixed, so the pictures are the same on every run.

use std::path::Path;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use iln::demo::{self, DemoOptions};
use iln::domain::RoundPlan;
use iln::store::Store;
use iln::tui::App;
use iln::tui::kit::modal::Modal;
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
fn matches_running() {
    let mut app = demo_app();
    // Drawn before any tick reads the thread's news: the first phase, at 0 s.
    press(&mut app, "3m");
    assert_snapshot!(screen(&app, 100, 30));
    finish_matching(&mut app);
}

#[test]
fn matches_draft() {
    let mut app = demo_app();
    press(&mut app, "3m");
    finish_matching(&mut app);
    press(&mut app, "s");
    // The run's time varies; the rest does not.
    assert_snapshot!(without_time(screen(&app, 160, 45)));
}

/// A draft's screen with the run's time (which varies) written as 0.0 s.
fn without_time(shown: String) -> String {
    match shown.find(" in 0.") {
        Some(i) => {
            let time = shown[i..i + 9].to_string();
            shown.replace(&time, " in 0.0 s")
        }
        None => shown,
    }
}

#[test]
fn matches_published() {
    let mut app = demo_app();
    press(&mut app, "3m");
    finish_matching(&mut app);
    press(&mut app, "Py");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn matches_rematch() {
    let mut app = demo_app();
    press(&mut app, "3m");
    finish_matching(&mut app);
    press(&mut app, "Py");
    press(&mut app, "E");
    press(&mut app, "Moved abroad");
    press_code(&mut app, KeyCode::Enter);
    press(&mut app, "m");
    finish_matching(&mut app);
    assert_snapshot!(without_time(screen(&app, 100, 30)));
}

#[test]
fn weights_popup() {
    let mut app = demo_app();
    press(&mut app, "3w");
    press_code(&mut app, KeyCode::Right);
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn candidate_list() {
    let mut app = demo_app();
    press(&mut app, "3m");
    finish_matching(&mut app);
    press(&mut app, "c");
    assert_snapshot!(without_time(screen(&app, 100, 30)));
}

fn finish_matching(app: &mut App) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while app.is_matching() {
        assert!(
            std::time::Instant::now() < deadline,
            "matching did not finish"
        );
        app.tick(std::time::Instant::now());
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
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

// ---- Topics ----

/// The day the first topic of round 2027 A goes out.
fn topics_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 2, 15).unwrap()
}

/// Round 2027 A (its term runs from 2027-02-15 to 2027-06-15) with no topics, on the Topics
/// pane.
fn empty_round_app() -> App {
    let mut store = Store::open_in_memory().unwrap();
    let opens_on = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
    store
        .create_round(&RoundPlan::starting("2027 A", opens_on))
        .unwrap();
    let mut app = App::new(store).with_today(topics_today());
    press(&mut app, "4");
    app
}

/// Round 2027 A planned monthly in two parts; the first slot filled from the library and
/// published, the second filled and ready, the third filled (a draft, and selected).
fn calendar_app() -> App {
    let mut app = empty_round_app();
    press(&mut app, "pjj");
    press_code(&mut app, KeyCode::Enter);
    press(&mut app, "l");
    press_code(&mut app, KeyCode::Enter);
    press(&mut app, "P");
    press(&mut app, "jlj");
    press_code(&mut app, KeyCode::Enter);
    press(&mut app, "r");
    press(&mut app, "jljj");
    press_code(&mut app, KeyCode::Enter);
    app
}

#[test]
fn topics_calendar() {
    assert_snapshot!(screen(&calendar_app(), 100, 30));
}

#[test]
fn topics_calendar_80x24() {
    assert_snapshot!(screen(&calendar_app(), 80, 24));
}

#[test]
fn topics_empty_round() {
    assert_snapshot!(screen(&empty_round_app(), 100, 30));
}

#[test]
fn topic_editor() {
    let mut app = calendar_app();
    press_code(&mut app, KeyCode::Enter);
    assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn topic_editor_wide_with_preview_beside() {
    let mut app = calendar_app();
    press_code(&mut app, KeyCode::Enter);
    assert_snapshot!(screen(&app, 160, 40));
}

#[test]
fn topic_preview() {
    let mut app = calendar_app();
    press_code(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'p');
    assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn library_picker() {
    let mut app = calendar_app();
    press(&mut app, "jl");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn cadence_picker() {
    let mut app = empty_round_app();
    press(&mut app, "p");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn date_prompt() {
    let mut app = calendar_app();
    press(&mut app, "a");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn draft_question() {
    let mut app = calendar_app();
    let id = app.topics().selected().unwrap().id;
    press_code(&mut app, KeyCode::Enter);
    press(&mut app, "Typed but not saved.");
    press_code(&mut app, KeyCode::Esc);
    press_code(&mut app, KeyCode::Enter);
    assert!(matches!(app.modal(), Some(Modal::Question(_))));
    // The question says when the text was kept, in local time: not the same on two runs.
    let saved_at = app.store().unsaved(id).unwrap().unwrap().saved_at;
    let kept = chrono::DateTime::parse_from_rfc3339(&saved_at)
        .unwrap()
        .with_timezone(&chrono::Local);
    let view = screen(&app, 100, 30)
        .replace(&kept.format("%Y-%m-%d").to_string(), "YYYY-MM-DD")
        .replace(&kept.format("%H:%M").to_string(), "HH:MM");
    assert!(
        view.contains("YYYY-MM-DD") && view.contains("HH:MM"),
        "{view}"
    );
    assert_snapshot!(view);
}
