//! Windows that take the keyboard until they are answered: a yes/no question, a choice
//! from a list, a date, a line of text, a path, a list of messages, and the help. Each
//! carries the intent of whoever opened it (`I`) and hands it back with the answer, so
//! the answer does exactly what was asked.

pub mod date_prompt;
pub mod help;
pub mod messages;
pub mod path_prompt;
pub mod picker;
pub mod question;
pub mod text_prompt;

use std::path::PathBuf;

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

pub use date_prompt::DatePrompt;
pub use help::HelpPopup;
pub use messages::MessagesPopup;
pub use path_prompt::{PathKind, PathPrompt};
pub use picker::{PickItem, Picker};
pub use question::Question;
pub use text_prompt::TextPrompt;

pub enum Modal<I> {
    Question(Question<I>),
    Picker(Picker<I>),
    DatePrompt(DatePrompt<I>),
    TextPrompt(TextPrompt<I>),
    PathPrompt(PathPrompt<I>),
    Messages(MessagesPopup<I>),
    Help(HelpPopup),
}

/// What a modal was answered with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// y on a question.
    Yes,
    /// n on a question.
    No,
    /// Esc: closed with nothing asked for.
    Closed,
    Picked(usize),
    Date(NaiveDate),
    Text(String),
    Path(PathBuf),
    /// The follow-up a message list offers (import the valid rows only).
    Retry,
    /// Work asked for later (after the frame that announces it) is due.
    Due,
}

impl<I> Modal<I> {
    /// Draws the modal over `area`; returns where the terminal cursor goes.
    pub fn render(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        match self {
            Modal::Question(q) => q.render(area, buf),
            Modal::Picker(p) => p.render(area, buf),
            Modal::DatePrompt(p) => return p.render(area, buf),
            Modal::TextPrompt(p) => return p.render(area, buf),
            Modal::PathPrompt(p) => return p.render(area, buf),
            Modal::Messages(m) => m.render(area, buf),
            Modal::Help(h) => h.render(area, buf),
        }
        None
    }

    /// Shows why the answer was not taken, keeping the modal open (prompts only).
    pub fn set_error(&mut self, error: String) {
        match self {
            Modal::DatePrompt(p) => p.error = Some(error),
            Modal::TextPrompt(p) => p.error = Some(error),
            Modal::PathPrompt(p) => p.error = Some(error),
            _ => {}
        }
    }
}
