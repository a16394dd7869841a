//! What each screen looks like: the app drawn on a test backend, as text. Demo data is
//! seeded and "today" is fixed, so the pictures are the same on every run.

mod driver;

use std::path::Path;

use chrono::NaiveDate;
use crossterm::event::KeyCode;
use driver::{code, ctrl, demo_app_with, screen, today, type_text};
use iln::demo::DemoOptions;
use iln::domain::RoundPlan;
use iln::store::Store;
use iln::tui::App;
use iln::tui::kit::modal::Modal;
use insta::assert_snapshot;

fn demo_options() -> DemoOptions {
    DemoOptions {
        applicants: 120,
        seed: 7,
        ..DemoOptions::ready_to_match(driver::today())
    }
}

fn empty_app() -> App {
    App::new(Store::open_in_memory().unwrap())
        .with_today(today())
        .with_demo_options(demo_options())
}

fn demo_app() -> App {
    demo_app_with(demo_options())
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

/// The demo as `iln demo` writes it: a program in mid-life, opened on its running round.
fn mid_life_app() -> App {
    demo_app_with(DemoOptions {
        applicants: 120,
        seed: 7,
        ..DemoOptions::on(driver::today())
    })
}

#[test]
fn rounds_in_mid_life() {
    assert_snapshot!(screen(&mid_life_app(), 100, 30));
}

#[test]
fn matches_of_the_running_round_80x24() {
    let mut app = mid_life_app();
    type_text(&mut app, "3");
    assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn overview_80x24() {
    let mut app = mid_life_app();
    type_text(&mut app, "5");
    assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn overview_200x50() {
    let mut app = mid_life_app();
    type_text(&mut app, "5");
    assert_snapshot!(screen(&app, 200, 50));
}

/// The pane and `iln report` read the same figures.
#[test]
fn overview_and_report_agree() {
    let mut app = mid_life_app();
    type_text(&mut app, "5");
    let round = app.current_round().unwrap().clone();
    let report = iln::ops::figures::report(app.store(), &round).unwrap();
    assert_eq!(app.overview().report(), Some(&report));
    assert!(screen(&app, 100, 30).contains(&format!(
        "Participants  {} from {} countries",
        report.participants, report.countries
    )));
}

#[test]
fn problems_of_the_running_round() {
    let mut app = mid_life_app();
    type_text(&mut app, "3!");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn applicants() {
    let mut app = demo_app();
    type_text(&mut app, "2jjj");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn applicants_80x24() {
    let mut app = demo_app();
    type_text(&mut app, "2");
    assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn applicants_wide_with_details_beside() {
    let mut app = demo_app();
    type_text(&mut app, "2");
    assert_snapshot!(screen(&app, 160, 30));
}

#[test]
fn applicants_filtered_and_sorted() {
    let mut app = demo_app();
    type_text(&mut app, "2/public late");
    code(&mut app, KeyCode::Enter);
    type_text(&mut app, "s");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn matches_of_the_past_round() {
    let mut app = demo_app();
    type_text(&mut app, "j3");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn matches_empty() {
    let mut app = demo_app();
    type_text(&mut app, "3");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn matches_running() {
    let mut app = demo_app();
    // Drawn before any tick reads the thread's news: the first phase, at 0 s.
    type_text(&mut app, "3m");
    assert_snapshot!(screen(&app, 100, 30));
    finish_matching(&mut app);
}

#[test]
fn matches_draft() {
    let mut app = demo_app();
    type_text(&mut app, "3m");
    finish_matching(&mut app);
    type_text(&mut app, "s");
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
    type_text(&mut app, "3m");
    finish_matching(&mut app);
    type_text(&mut app, "Py");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn matches_rematch() {
    let mut app = demo_app();
    type_text(&mut app, "3m");
    finish_matching(&mut app);
    type_text(&mut app, "Py");
    type_text(&mut app, "E");
    type_text(&mut app, "Moved abroad");
    code(&mut app, KeyCode::Enter);
    type_text(&mut app, "m");
    finish_matching(&mut app);
    assert_snapshot!(without_time(screen(&app, 100, 30)));
}

#[test]
fn weights_popup() {
    let mut app = demo_app();
    type_text(&mut app, "3w");
    code(&mut app, KeyCode::Right);
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn candidate_list() {
    let mut app = demo_app();
    type_text(&mut app, "3m");
    finish_matching(&mut app);
    type_text(&mut app, "c");
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
    type_text(&mut app, "4");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn help() {
    let mut app = demo_app();
    type_text(&mut app, "2?");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn round_form() {
    let mut app = demo_app();
    type_text(&mut app, "n");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn round_form_with_problems() {
    let mut app = demo_app();
    type_text(&mut app, "n");
    // Clear the name, and make the closing date come before the opening date.
    ctrl(&mut app, 'u');
    code(&mut app, KeyCode::Tab);
    code(&mut app, KeyCode::Tab);
    ctrl(&mut app, 'u');
    type_text(&mut app, "2020-01-01");
    code(&mut app, KeyCode::Tab);
    ctrl(&mut app, 'u');
    type_text(&mut app, "soon");
    code(&mut app, KeyCode::Enter);
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn import_problems() {
    let mut app = demo_app();
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-survey-mistakes.csv");
    type_text(&mut app, "2i");
    type_text(&mut app, &csv.display().to_string());
    code(&mut app, KeyCode::Enter);
    // The assistant shows the file as it will be read; i imports it.
    type_text(&mut app, "i");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn import_assistant() {
    let mut app = demo_app();
    let csv =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/unusual-headers.csv");
    type_text(&mut app, "2i");
    type_text(&mut app, &csv.display().to_string());
    code(&mut app, KeyCode::Enter);
    assert_snapshot!("import_assistant_80x24", screen(&app, 80, 24));
    // Wide, every field shows at once; G goes to the last line.
    type_text(&mut app, "G");
    assert_snapshot!("import_assistant_200x50", screen(&app, 200, 50));
}

#[test]
fn import_prompt() {
    let mut app = demo_app();
    type_text(&mut app, "2i");
    type_text(&mut app, "surveys/spring.csv");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn cap_question() {
    let mut app = demo_app();
    type_text(&mut app, "c");
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
    type_text(&mut app, "4");
    app
}

/// Round 2027 A planned monthly in two parts; the first slot filled from the library and
/// published, the second filled and ready, the third filled (a draft, and selected).
fn calendar_app() -> App {
    let mut app = empty_round_app();
    type_text(&mut app, "pjj");
    code(&mut app, KeyCode::Enter);
    type_text(&mut app, "l");
    code(&mut app, KeyCode::Enter);
    type_text(&mut app, "P");
    type_text(&mut app, "jlj");
    code(&mut app, KeyCode::Enter);
    type_text(&mut app, "r");
    type_text(&mut app, "jljj");
    code(&mut app, KeyCode::Enter);
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
    code(&mut app, KeyCode::Enter);
    assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn topic_editor_wide_with_preview_beside() {
    let mut app = calendar_app();
    code(&mut app, KeyCode::Enter);
    assert_snapshot!(screen(&app, 160, 40));
}

#[test]
fn topic_preview() {
    let mut app = calendar_app();
    code(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'p');
    assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn library_picker() {
    let mut app = calendar_app();
    type_text(&mut app, "jl");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn cadence_picker() {
    let mut app = empty_round_app();
    type_text(&mut app, "p");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn date_prompt() {
    let mut app = calendar_app();
    type_text(&mut app, "a");
    assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn draft_question() {
    let mut app = calendar_app();
    let id = app.topics().selected().unwrap().id;
    code(&mut app, KeyCode::Enter);
    type_text(&mut app, "Typed but not saved.");
    code(&mut app, KeyCode::Esc);
    code(&mut app, KeyCode::Enter);
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
