//! A one-line text prompt that carries what the text is for (the note of a problem logged
//! on a partnership, why a partnership ends early).

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use crate::tui::keys::{Action, Context, key};
use crate::tui::kit::popup::PromptView;
use crate::tui::kit::text_input::TextInput;

pub struct TextPrompt<I> {
    pub title: String,
    pub question: String,
    pub intent: I,
    pub input: TextInput,
    pub error: Option<String>,
}

impl<I> TextPrompt<I> {
    pub fn new(title: &str, question: String, intent: I) -> TextPrompt<I> {
        TextPrompt {
            title: title.to_string(),
            question,
            intent,
            input: TextInput::default(),
            error: None,
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        PromptView {
            title: &self.title,
            max_width: 80,
            question: &self.question,
            input: &self.input,
            field_width: None,
            error: self.error.as_deref(),
            hint: &format!(
                "{} takes it · {} cancels",
                key(Context::TextPrompt, Action::Confirm),
                key(Context::TextPrompt, Action::Cancel)
            ),
        }
        .render(area, buf)
    }
}
