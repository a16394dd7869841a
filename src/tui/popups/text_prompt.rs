//! A one-line text prompt that carries what the text is for: the note of a problem logged
//! on a partnership, or why a partnership ends early.

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::{open_box, wrap};
use crate::store::ProblemKind;
use crate::tui::text_input::TextInput;
use crate::tui::theme::THEME;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextPurpose {
    /// The note of a problem; a follow-up date is asked next.
    ProblemNote {
        partnership_id: i64,
        kind: ProblemKind,
    },
    EndReason {
        partnership_id: i64,
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
        let width = area.width.saturating_sub(8).clamp(30, 80);
        let text_width = width.saturating_sub(4) as usize;
        let mut lines: Vec<Line> = wrap(&self.question, text_width, 0)
            .into_iter()
            .map(Line::from)
            .collect();
        lines.push(Line::from(""));
        let field_row = lines.len();
        lines.push(Line::from(""));
        lines.push(Line::from(""));
        match &self.error {
            Some(e) => lines.extend(
                wrap(e, text_width, 0)
                    .into_iter()
                    .map(|l| Line::styled(l, THEME.error)),
            ),
            None => lines.push(Line::styled("Enter takes it · Esc cancels", THEME.muted)),
        }
        let inner = open_box(area, width, lines.len() as u16 + 4, &self.title, buf)
            .inner(Margin::new(1, 1));
        for (i, l) in lines.into_iter().enumerate() {
            let y = inner.y + i as u16;
            if y < inner.bottom() {
                l.render(
                    Rect {
                        y,
                        height: 1,
                        ..inner
                    },
                    buf,
                );
            }
        }
        let y = inner.y + field_row as u16;
        (y < inner.bottom())
            .then(|| {
                self.input.render(
                    Rect {
                        y,
                        height: 1,
                        ..inner
                    },
                    buf,
                    THEME.input,
                )
            })
            .flatten()
    }
}
