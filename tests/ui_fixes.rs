//! The app driven by keys over an in-memory store, for what a too-small window, `q` in a
//! popup, the help's layout, long values in columns and undo in the topic editor must do.

mod driver;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use crossterm::event::{KeyCode, KeyEvent};
use driver::{code, ctrl, demo_app_with, press, screen, today, type_text};
use iln::demo::DemoOptions;
use iln::domain::{
    ApplicationForm, ApplicationId, ApplicationStatus, CareerStage, Interest, Language, PlaceWish,
    RoundPlan, Sector, StageWish, TimeZone, UtcOffset,
};
use iln::ops::candidates::Candidate;
use iln::store::Store;
use iln::tui::App;
use iln::tui::features::matches::CandidatesPopup;
use iln::tui::features::topics::{Field, TopicEditor};
use iln::tui::features::{Mode, Pane};
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn demo_app() -> App {
    demo_app_with(DemoOptions {
        applicants: 80,
        seed: 3,
        ..DemoOptions::ready_to_match(driver::today())
    })
}

/// The screen as rows of characters (one per cell), to find where things are.
fn rows_of(buf: &Buffer) -> Vec<Vec<String>> {
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect()
        })
        .collect()
}

fn app_rows(app: &App, width: u16, height: u16) -> Vec<Vec<String>> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    rows_of(terminal.backend().buffer())
}

fn text(row: &[String], from: usize, to: usize) -> String {
    row[from.min(row.len())..to.min(row.len())].concat()
}

fn find(row: &[String], what: &str) -> Option<usize> {
    let line = row.concat();
    // Every cell here holds one character, so a byte offset in ASCII text is a column.
    line.find(what).map(|byte| line[..byte].chars().count())
}

fn editor(app: &App) -> &TopicEditor {
    match app.topics().editor() {
        Some(e) => e,
        None => panic!("the editor is not open:\n{}", screen(app, 100, 30)),
    }
}

/// An app on one round with one empty topic slot, the slot open in the editor.
fn editor_app() -> App {
    let mut store = Store::open_in_memory().unwrap();
    store
        .create_round(&RoundPlan::starting(
            "2027 A",
            NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(),
        ))
        .unwrap();
    let mut app = App::new(store).with_today(today());
    type_text(&mut app, "4a");
    assert_eq!(app.mode(), Mode::DatePrompt);
    code(&mut app, KeyCode::Enter);
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Editor, "{}", screen(&app, 100, 30));
    app
}

// ---- 1. A too-small window ----

#[test]
fn keys_wait_while_the_editor_is_hidden_by_a_too_small_window() {
    let mut app = editor_app();
    type_text(&mut app, "Hi");
    assert!(screen(&app, 100, 30).contains("Hi"));
    let view = screen(&app, 40, 10);
    assert!(view.contains("too small"), "{view}");
    assert_eq!(app.mode(), Mode::TooSmallTyping);
    assert!(view.contains("Ctrl-C"), "says how to quit: {view}");
    for key in ["abc q", "q"] {
        type_text(&mut app, key);
    }
    code(&mut app, KeyCode::Backspace);
    code(&mut app, KeyCode::Enter);
    code(&mut app, KeyCode::Tab);
    ctrl(&mut app, 'z');
    assert!(!app.paste("pasted"), "a paste does nothing while too small");
    assert!(!app.should_quit());

    screen(&app, 100, 30);
    assert!(!app.should_quit());
    assert_eq!(app.mode(), Mode::Editor);
    assert_eq!(editor(&app).text().title, "Hi");
    assert_eq!(editor(&app).focus(), Field::Title);
    // Big again, keys type as before, q too.
    type_text(&mut app, " q");
    assert_eq!(editor(&app).text().title, "Hi q");
    assert!(!app.should_quit());
}

#[test]
fn ctrl_c_quits_at_once_while_too_small_and_keeps_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.sqlite");
    let mut store = Store::open(&path).unwrap();
    let round = store
        .create_round(&RoundPlan::starting(
            "2027 A",
            NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(),
        ))
        .unwrap();
    drop(store);
    let mut app = App::new(Store::open(&path).unwrap()).with_today(today());
    type_text(&mut app, "4a");
    code(&mut app, KeyCode::Enter);
    code(&mut app, KeyCode::Enter);
    type_text(&mut app, "Kept");
    screen(&app, 30, 8);
    ctrl(&mut app, 'c');
    assert!(app.should_quit());
    drop(app);
    let store = Store::open(&path).unwrap();
    let slot = store.topics(round.id).unwrap()[0].id;
    assert_eq!(store.unsaved(slot).unwrap().unwrap().text.title, "Kept");
}

#[test]
fn a_filter_or_prompt_behind_a_too_small_window_takes_no_keys() {
    let mut app = demo_app();
    type_text(&mut app, "2/ab");
    screen(&app, 50, 12);
    assert_eq!(app.mode(), Mode::TooSmallTyping);
    type_text(&mut app, "cq");
    assert!(!app.paste("xyz"));
    code(&mut app, KeyCode::Esc);
    screen(&app, 100, 30);
    assert!(!app.should_quit());
    assert_eq!(app.mode(), Mode::Filtering, "Esc waited too");
    assert_eq!(app.applicants().filter.input.value(), "ab");

    // Nothing typed: q still quits from the notice.
    code(&mut app, KeyCode::Esc);
    screen(&app, 50, 12);
    assert_eq!(app.mode(), Mode::TooSmall);
    type_text(&mut app, "q");
    assert!(app.should_quit());
}

// ---- 2. q in a popup ----

#[test]
fn q_closes_the_help_and_messages_and_the_app_keeps_running() {
    let mut app = demo_app();
    type_text(&mut app, "2?");
    assert_eq!(app.mode(), Mode::Help);
    assert!(!screen(&app, 100, 30).contains("q quit"));
    type_text(&mut app, "q");
    assert!(!app.popup_open());
    assert!(!app.should_quit());
    assert_eq!(app.mode(), Mode::Pane(Pane::Applicants));

    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("mistakes.csv");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-survey-mistakes.csv"),
        &csv,
    )
    .unwrap();
    type_text(&mut app, "i");
    type_text(&mut app, &csv.display().to_string());
    code(&mut app, KeyCode::Enter);
    // The assistant shows the file as it will be read; i imports it.
    type_text(&mut app, "i");
    assert_eq!(app.mode(), Mode::Messages, "{}", screen(&app, 100, 30));
    type_text(&mut app, "q");
    assert!(!app.popup_open());
    assert!(!app.should_quit());

    // Out of the popups, q quits.
    type_text(&mut app, "q");
    assert!(app.should_quit());
}

// ---- 3. The help ----

#[test]
fn help_80x24() {
    let mut app = demo_app();
    type_text(&mut app, "3?");
    assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn the_help_uses_the_width_and_wraps_long_descriptions_under_themselves() {
    let mut app = demo_app();
    type_text(&mut app, "3?");
    let rows = app_rows(&app, 80, 24);
    let lines: Vec<String> = rows.iter().map(|r| r.concat()).collect();
    // The box is nearly as wide as the screen.
    let top = lines.iter().find(|l| l.contains("┌ Help")).unwrap();
    let left = find(
        &rows[lines.iter().position(|l| l == top).unwrap()],
        "┌ Help",
    )
    .unwrap();
    assert!(left <= 3, "{top}");
    // "match the round; … (after publishing: pair the rematch pool)" is shown whole: its
    // last word is on screen, under the start of the description.
    let first = lines
        .iter()
        .position(|l| l.contains("m r ") && l.contains("match the round"))
        .unwrap_or_else(|| panic!("{}", lines.join("\n")));
    let at = find(&rows[first], "match the round").unwrap();
    let last = lines
        .iter()
        .position(|l| l.contains("pool)"))
        .unwrap_or_else(|| panic!("the end of the description is cut:\n{}", lines.join("\n")));
    assert!(last > first);
    for row in &rows[first + 1..=last] {
        let before = text(row, left + 1, at);
        assert!(before.trim().is_empty(), "{:?}", row.concat());
        assert_ne!(row[at], " ", "{:?}", row.concat());
    }

    // The one key label wider than the key column has a line of its own, with what it
    // does under it, in the description column.
    let mut found = None;
    // A line at a time, so that the label is seen with the line under it, wherever the
    // pages would break.
    for _ in 0..400 {
        let rows = app_rows(&app, 80, 24);
        if let Some(y) = rows
            .iter()
            .position(|r| r.concat().contains("Ctrl-W Ctrl-Backspace"))
            .filter(|&y| y + 1 < rows.len() && !rows[y + 1].concat().contains('└'))
        {
            found = Some((rows[y].clone(), rows[y + 1].clone()));
            break;
        }
        code(&mut app, KeyCode::Down);
    }
    let (label, next) = found.expect("the editor's keys are in the help");
    let end = find(&label, "Ctrl-W Ctrl-Backspace").unwrap() + "Ctrl-W Ctrl-Backspace".len();
    assert!(
        text(&label, end, 76).trim().is_empty(),
        "{:?}",
        label.concat()
    );
    assert_eq!(
        find(&next, "delete the word"),
        Some(at),
        "{:?}",
        next.concat()
    );
}

// ---- 4. Long values in columns ----

#[test]
fn candidates_with_long_names_keep_their_columns() {
    let long = "Maria Fernanda Gonzalez Rodriguez de la Cruz y Villanueva";
    let partner = "Bartholomew Alexander Montgomery-Fitzwilliam the Third";
    let popup = CandidatesPopup {
        people: vec![(ApplicationId(1), "Ana Silva".to_string())],
        person: 0,
        rows: vec![
            Candidate {
                id: ApplicationId(2),
                name: long.to_string(),
                country: "CL".to_string(),
                score: 88,
                partner: Some(partner.to_string()),
                is_current: false,
                group: Vec::new(),
                joins: None,
            },
            Candidate {
                id: ApplicationId(3),
                name: "Li Wei".to_string(),
                country: "CN".to_string(),
                score: 7,
                partner: None,
                is_current: false,
                group: Vec::new(),
                joins: None,
            },
            Candidate {
                id: ApplicationId(4),
                name: "Ngozi Adaeze Okonkwo-Chukwuemeka-Nwachukwu".to_string(),
                country: "NG".to_string(),
                score: 120,
                partner: Some("Tom".to_string()),
                is_current: true,
                group: vec![ApplicationId(1), ApplicationId(4)],
                joins: None,
            },
        ],
        selected: 0,
        empty: String::new(),
    };
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    popup.render(area, &mut buf);
    let rows = rows_of(&buf);
    let header = rows
        .iter()
        .position(|r| r.concat().contains("Candidate"))
        .unwrap();
    let name_x = find(&rows[header], "Candidate").unwrap();
    let score_x = find(&rows[header], "Score").unwrap();
    let now_x = find(&rows[header], "Now").unwrap();
    let bottom = rows.iter().position(|r| r.concat().contains('└')).unwrap();
    // The box's right border.
    let edge = rows[header].iter().rposition(|c| c == "│").unwrap();
    // Each candidate: its first row and the rows going on under it.
    let mut groups: Vec<Vec<&Vec<String>>> = Vec::new();
    for row in &rows[header + 1..bottom] {
        let starts = row[name_x] != " ";
        if starts {
            groups.push(vec![row]);
        } else if text(row, name_x, edge).trim().is_empty() {
            continue;
        } else {
            // Going on: indented by two under the column, or empty there.
            let name_part = text(row, name_x, score_x - 1);
            assert!(
                name_part.trim().is_empty() || name_part.starts_with("  "),
                "{:?}",
                row.concat()
            );
            groups.last_mut().expect("a first row").push(row);
        }
        // Columns are apart: the cell before each column is blank on every row.
        assert_eq!(row[score_x - 1], " ", "{:?}", row.concat());
        assert_eq!(row[now_x - 1], " ", "{:?}", row.concat());
    }
    assert_eq!(groups.len(), 3);
    let column = |group: &[&Vec<String>], from: usize, to: usize| -> String {
        group
            .iter()
            .map(|r| text(r, from, to).trim().to_string())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let right = edge;
    assert_eq!(
        column(&groups[0], name_x, score_x - 1),
        format!("{long} (CL)")
    );
    assert_eq!(column(&groups[0], now_x, right), format!("with {partner}"));
    assert_eq!(column(&groups[0], score_x, now_x - 1), "88");
    assert_eq!(column(&groups[1], name_x, score_x - 1), "Li Wei (CN)");
    assert_eq!(column(&groups[1], now_x, right), "free");
    assert_eq!(column(&groups[2], now_x, right), "the partner now");
    assert_eq!(column(&groups[2], score_x, now_x - 1), "120");
    // Long names took more than one row each, and scores sit at the right of their column.
    assert!(groups[0].len() > 1 && groups[2].len() > 1);
    for group in &groups {
        assert_ne!(group[0][now_x - 2], " ", "{:?}", group[0].concat());
    }
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn form(name: &str, email: &str, country: &'static str) -> ApplicationForm {
    ApplicationForm {
        name: name.to_string(),
        email: email.to_string(),
        country,
        city: "Somewhere".to_string(),
        time_zone: TimeZone::Fixed(UtcOffset(0)),
        sector: Sector::Academic,
        role: "Liaison librarian".to_string(),
        career_stage: CareerStage::Mid,
        interests: Interest::all_of(&["Open access", "Advocacy"]),
        languages: vec![Language::English, Language::Spanish],
        wish_sectors: vec![],
        wish_stage: StageWish::Any,
        wish_place: PlaceWish::Any,
        consent: true,
        submitted_at: at("2027-01-10 09:15:02"),
        priority: false,
        notes: String::new(),
    }
}

#[test]
fn side_by_side_profiles_stay_in_their_columns_when_an_email_wraps() {
    let first_email = "maria.fernanda.gonzalez-rodriguez@biblioteca.universidad.example.edu.co";
    let second_email = "j.smith@lib.example.org";
    let mut store = Store::open_in_memory().unwrap();
    let round = store
        .create_round(&RoundPlan {
            status: iln::domain::RoundStatus::Closed,
            ..RoundPlan::starting("2027 A", NaiveDate::from_ymd_opt(2027, 1, 4).unwrap())
        })
        .unwrap();
    store
        .save_applications_with_status(
            round.id,
            &[
                form("Maria Fernanda Gonzalez Rodriguez", first_email, "CO"),
                form("John Smith", second_email, "GB"),
            ],
            ApplicationStatus::Accepted,
            "test",
        )
        .unwrap();
    let mut app = App::new(store).with_today(today());
    type_text(&mut app, "3m");
    let deadline = Instant::now() + Duration::from_secs(60);
    while app.is_matching() {
        assert!(Instant::now() < deadline, "matching did not finish");
        app.tick(Instant::now());
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(app.matches().len(), 1, "{}", screen(&app, 160, 45));

    // Beside the list, and under it.
    for (width, height) in [(160, 45), (100, 40)] {
        let screen_rows = app_rows(&app, width, height);
        let all = screen_rows
            .iter()
            .map(|r| r.concat())
            .collect::<Vec<_>>()
            .join("\n");
        // The details: from the row under their title, and from its column on.
        let (title_y, title_x) = screen_rows
            .iter()
            .enumerate()
            .find_map(|(y, r)| find(r, "Partnership").map(|x| (y, x)))
            .unwrap_or_else(|| panic!("no details:\n{all}"));
        let rows: Vec<Vec<String>> = screen_rows[title_y + 1..]
            .iter()
            .map(|r| r[title_x - 1..].to_vec())
            .collect();
        let lines: Vec<String> = rows.iter().map(|r| r.concat()).collect();
        let names = lines
            .iter()
            .position(|l| l.contains("Maria Fernanda") && l.contains("John Smith"))
            .unwrap_or_else(|| panic!("no profiles side by side:\n{all}"));
        let a = find(&rows[names], "Maria Fernanda").unwrap();
        let b = find(&rows[names], "John Smith").unwrap();
        let term = (names..rows.len())
            .find(|&y| lines[y].contains("Term"))
            .unwrap_or_else(|| panic!("{all}"));
        let mut first_column = Vec::new();
        let mut second_column = Vec::new();
        for row in &rows[names..term] {
            // The two columns between them, on every row, are blank.
            assert_eq!(text(row, b - 2, b), "  ", "{:?}", row.concat());
            let left = text(row, a, b - 2);
            let right = text(row, b, b + (b - 2 - a));
            // A value never starts one column to the side: it is at the column's start,
            // or indented by two under it.
            for part in [&left, &right] {
                let lead = part.len() - part.trim_start().len();
                assert!(
                    part.trim().is_empty() || lead == 0 || lead == 2,
                    "{:?}",
                    row.concat()
                );
            }
            first_column.push(left.trim().to_string());
            second_column.push(right.trim().to_string());
        }
        // Nothing is cut: the whole address is there, in pieces, in its own column.
        assert!(first_column.concat().contains(first_email), "{all}");
        assert!(second_column.concat().contains(second_email), "{all}");
        let email_rows = first_column
            .iter()
            .filter(|t| !t.is_empty() && first_email.contains(t.as_str()))
            .count();
        assert!(email_rows > 1, "the long address wraps:\n{all}");
        // The values after the address start on one row again, side by side.
        let sector = lines[names..term]
            .iter()
            .find(|l| l.contains("Academic"))
            .unwrap();
        assert_eq!(sector.matches("Academic · Mid career").count(), 2, "{all}");
    }
}

// ---- 5. Undo in the editor ----

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

/// The editor open on the post (the body field).
fn body_app() -> App {
    let mut app = editor_app();
    for _ in 0..3 {
        code(&mut app, KeyCode::Tab);
    }
    assert_eq!(editor(&app).focus(), Field::Body);
    app
}

fn body(app: &App) -> String {
    editor(app).text().body
}

#[test]
fn undo_takes_back_a_word_at_a_time() {
    let sentence = "The first partners met online, and talked for an hour about books.";
    assert_eq!(sentence.split(' ').count(), 12);
    let mut app = body_app();
    type_lines(&mut app, sentence);
    assert_eq!(body(&app), sentence);

    ctrl(&mut app, 'z');
    assert_eq!(
        body(&app),
        "The first partners met online, and talked for an hour about "
    );
    let mut presses = 1;
    while !body(&app).is_empty() {
        ctrl(&mut app, 'z');
        presses += 1;
        assert!(
            presses <= 12,
            "{presses} presses and still {:?}",
            body(&app)
        );
    }
    assert_eq!(presses, 12);

    // Redo mirrors undo: one word at a time, back to the whole sentence.
    ctrl(&mut app, 'y');
    assert_eq!(body(&app), "The ");
    for _ in 1..12 {
        ctrl(&mut app, 'y');
    }
    assert_eq!(body(&app), sentence);
    ctrl(&mut app, 'y');
    assert_eq!(body(&app), sentence, "nothing more to redo");
}

#[test]
fn a_line_break_a_paste_and_a_deleted_word_are_one_step_each() {
    let mut app = body_app();
    type_lines(&mut app, "Hello there\nSecond");
    assert!(app.paste(" pasted, with words\nand lines"));
    type_lines(&mut app, " end");
    ctrl(&mut app, 'w');
    assert_eq!(
        body(&app),
        "Hello there\nSecond pasted, with words\nand lines "
    );
    let steps = [
        "Hello there\nSecond pasted, with words\nand lines end",
        "Hello there\nSecond pasted, with words\nand lines ",
        "Hello there\nSecond pasted, with words\nand lines",
        "Hello there\nSecond",
        "Hello there\n",
        "Hello there",
        "Hello ",
        "",
    ];
    for expected in steps {
        ctrl(&mut app, 'z');
        assert_eq!(body(&app), expected);
    }
    for expected in steps.iter().rev().skip(1) {
        ctrl(&mut app, 'y');
        assert_eq!(body(&app), *expected);
    }
    ctrl(&mut app, 'y');
    assert_eq!(
        body(&app),
        "Hello there\nSecond pasted, with words\nand lines "
    );
}

#[test]
fn each_field_keeps_over_a_thousand_steps() {
    let mut app = body_app();
    for _ in 0..1_100 {
        type_lines(&mut app, "a ");
    }
    assert!(editor(&app).undo_steps() >= 1_100);
    for _ in 0..1_100 {
        ctrl(&mut app, 'z');
    }
    assert_eq!(body(&app), "");
    // The title's history is its own.
    code(&mut app, KeyCode::Tab);
    type_lines(&mut app, "Title words");
    ctrl(&mut app, 'z');
    assert_eq!(editor(&app).text().title, "Title ");
    assert_eq!(body(&app), "");
}

/// A database written before iln refused control characters: every name holds an escape
/// sequence, a bell and the bidirectional controls. No cell of any pane may pass them on.
#[test]
fn data_with_control_characters_never_reaches_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    let mut store = Store::open(&path).unwrap();
    iln::demo::populate(
        &mut store,
        &DemoOptions {
            applicants: 40,
            seed: 5,
            ..DemoOptions::on(today())
        },
    )
    .unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let hostile = "'Ana' || char(27) || ']0;title' || char(7) || char(8238) || 'evil' \
                   || char(8294) || char(155) || 'x' || char(27) || '[2J'";
    for sql in [
        format!(
            "UPDATE applications SET name = {hostile}, city = {hostile}, role = {hostile}, \
             notes = {hostile}"
        ),
        format!("UPDATE people SET name = {hostile}"),
        format!("UPDATE topics SET title = {hostile}"),
    ] {
        conn.execute(&sql, []).unwrap();
    }
    drop(conn);
    let mut app = App::new(Store::open(&path).unwrap()).with_today(today());
    let mut seen = 0;
    for keys in ["1", "2", "2\n", "3", "3\n", "4", "5"] {
        code(&mut app, KeyCode::Esc);
        type_text(&mut app, keys);
        for (w, h) in [(80, 24), (200, 50)] {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal.draw(|frame| app.render(frame)).unwrap();
            let buf = terminal.backend().buffer();
            for cell in &buf.content {
                assert!(
                    !cell.symbol().chars().any(iln::text::is_hidden),
                    "after {keys:?} a cell holds {:?}:\n{}",
                    cell.symbol(),
                    terminal.backend()
                );
            }
            seen += rows_of(buf)
                .iter()
                .filter(|row| row.concat().contains("Ana"))
                .count();
        }
    }
    assert!(seen > 0, "the hostile names were never on screen");
}
