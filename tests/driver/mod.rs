//! The app driven as the event loop drives it, for the tests of the TUI: keys pressed one at
//! a time with the work they queue, and the screen drawn on a test backend.

// Each test file uses some of these.
#![allow(dead_code)]

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use iln::demo::{self, DemoOptions};
use iln::store::Store;
use iln::tui::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The day the tests' app takes for today.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}

/// An app over an in-memory store filled with demo data.
pub fn demo_app_with(options: DemoOptions) -> App {
    let mut store = Store::open_in_memory().unwrap();
    demo::populate(&mut store, &options).unwrap();
    App::new(store).with_today(today())
}

/// Presses a key the way the event loop does: handle it, then run any work it queued.
pub fn press(app: &mut App, event: KeyEvent) -> bool {
    let changed = app.handle_key(event);
    app.do_pending_work();
    changed
}

pub fn code(app: &mut App, code: KeyCode) -> bool {
    press(app, KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl(app: &mut App, c: char) -> bool {
    press(app, KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Types text, one key per character.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyEvent::from(KeyCode::Char(c)));
    }
}

/// The screen as text, one quoted line per row.
pub fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    terminal.backend().to_string()
}

/// The status line's message, or nothing.
pub fn status_text(app: &App) -> String {
    app.status().map(|s| s.text.clone()).unwrap_or_default()
}
