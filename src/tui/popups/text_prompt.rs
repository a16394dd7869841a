//! A one-line text prompt that carries what the text is for: the note of a problem logged
//! on a partnership, or why a partnership ends early.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::PromptView;
use crate::domain::Partnership;
use crate::store::ProblemKind;
use crate::tui::text_input::TextInput;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextPurpose {
    /// The note of a problem; a follow-up date is asked next.
    ProblemNote {
        partnership: Partnership,
        kind: ProblemKind,
    },
    EndReason {
        partnership: Partnership,
    },
}

pub struct TextPrompt {
    pub title: String,
    pub question: String,
    pub purpose: TextPurpose,
    pub input: TextInput,
    pub error: Option<String>,
}

impl TextPrompt {
    pub fn new(title: &str, question: String, purpose: TextPurpose) -> TextPrompt {
        TextPrompt {
            title: title.to_string(),
            question,
            purpose,
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
            hint: "Enter takes it · Esc cancels",
        }
        .render(area, buf)
    }
}
