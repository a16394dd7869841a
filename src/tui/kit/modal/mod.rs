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

use crate::tui::keys::Action;

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
    /// o on a list that has another order: to be listed again in it.
    Reorder,
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

    /// Shows why the answer was not taken, under the field of a prompt; returns the error
    /// back when the modal has no place for it (a question, a list), for the status line.
    pub fn set_error(&mut self, error: String) -> Result<(), String> {
        match self {
            Modal::DatePrompt(p) => p.error = Some(error),
            Modal::TextPrompt(p) => p.error = Some(error),
            Modal::PathPrompt(p) => p.error = Some(error),
            _ => return Err(error),
        }
        Ok(())
    }

    /// A character typed into the prompt's field; what was said about the last try goes.
    /// Modals without a field ignore it.
    pub fn type_char(&mut self, c: char) {
        match self {
            Modal::DatePrompt(p) => {
                p.error = None;
                p.input.insert(c);
            }
            Modal::TextPrompt(p) => {
                p.error = None;
                p.input.insert(c);
            }
            Modal::PathPrompt(p) => {
                p.error = None;
                p.input.insert(c);
            }
            _ => {}
        }
    }

    /// An editing action in the prompt's field (or a step of the date); returns whether it
    /// was one. An edit clears what was said about the last try.
    pub fn edit(&mut self, action: Action) -> bool {
        let (edited, error) = match self {
            Modal::DatePrompt(p) => (p.update(action), &mut p.error),
            Modal::TextPrompt(p) => (p.input.apply(action), &mut p.error),
            Modal::PathPrompt(p) => (p.input.apply(action), &mut p.error),
            _ => return false,
        };
        if edited {
            *error = None;
        }
        edited
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompts() -> Vec<Modal<()>> {
        let day: NaiveDate = "2027-03-01".parse().unwrap();
        vec![
            Modal::DatePrompt(DatePrompt::new("Date", "When?".into(), (), day, (day, day))),
            Modal::TextPrompt(TextPrompt::new("Text", "Why?".into(), ())),
            Modal::PathPrompt(PathPrompt::new("Path", vec![], PathKind::File, ())),
        ]
    }

    fn error(modal: &Modal<()>) -> Option<&str> {
        match modal {
            Modal::DatePrompt(p) => p.error.as_deref(),
            Modal::TextPrompt(p) => p.error.as_deref(),
            Modal::PathPrompt(p) => p.error.as_deref(),
            _ => None,
        }
    }

    fn value(modal: &Modal<()>) -> &str {
        match modal {
            Modal::DatePrompt(p) => p.input.value(),
            Modal::TextPrompt(p) => p.input.value(),
            Modal::PathPrompt(p) => p.input.value(),
            _ => "",
        }
    }

    #[test]
    fn prompts_take_typing_and_edits_and_forget_their_error() {
        for mut modal in prompts() {
            assert_eq!(modal.set_error("wrong".into()), Ok(()));
            modal.type_char('x');
            assert_eq!(error(&modal), None, "typing clears the error");
            assert!(value(&modal).ends_with('x'));
            assert_eq!(modal.set_error("wrong".into()), Ok(()));
            assert!(!modal.edit(Action::Quit), "not an edit");
            assert_eq!(error(&modal), Some("wrong"), "kept when nothing was edited");
            assert!(modal.edit(Action::DeleteBack));
            assert_eq!(error(&modal), None);
            assert!(!value(&modal).ends_with('x'));
        }
    }

    #[test]
    fn a_question_has_no_place_for_an_error_and_takes_no_typing() {
        let mut q = Modal::Question(Question {
            title: "Sure?".into(),
            text: "Sure?".into(),
            intent: (),
        });
        assert_eq!(q.set_error("wrong".into()), Err("wrong".to_string()));
        q.type_char('y');
        assert!(!q.edit(Action::DeleteBack));
    }
}
