//! A yes/no question before a change that touches many records. The question carries the
//! change it asks about, so answering yes does exactly what was asked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{open_box, wrap};
use crate::tui::theme::THEME;

/// The change a question is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Questioned {
    ApplyCap {
        round_id: i64,
    },
    /// Open a topic with the unsaved text kept for it (yes) or its saved text (no).
    RestoreDraft {
        topic_id: i64,
    },
    RemoveTopic {
        topic_id: i64,
        /// The topic's version as shown.
        version: i64,
    },
    /// Replace a slot's text with a library topic.
    FillFromLibrary {
        topic_id: i64,
        version: i64,
        library_index: usize,
    },
    /// Take back a topic's published mark.
    Unpublish {
        topic_id: i64,
        version: i64,
    },
    /// Match a round again, replacing its unlocked draft.
    RunMatch {
        round_id: i64,
    },
    ForbidPair {
        partnership: crate::domain::Partnership,
    },
    /// Publish the draft as it was counted in the question.
    Publish {
        plan: crate::ops::publish::PublishPlan,
    },
}

pub struct Question {
    pub title: String,
    pub text: String,
    pub then: Questioned,
}

impl Question {
    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let width = area.width.saturating_sub(8).clamp(20, 72);
        let text_width = width.saturating_sub(4) as usize;
        let mut lines: Vec<Line> = Vec::new();
        for paragraph in self.text.split('\n') {
            lines.extend(wrap(paragraph, text_width, 0).into_iter().map(Line::from));
        }
        lines.push(Line::from(""));
        lines.push(Line::from(vec![
            Span::styled("y", THEME.key),
            Span::raw(" yes    "),
            Span::styled("n", THEME.key),
            Span::raw(" no    "),
            Span::styled("Esc", THEME.key),
            Span::raw(" close, nothing changes"),
        ]));
        let height = lines.len() as u16 + 4;
        let inner = open_box(area, width, height, &self.title, buf);
        Paragraph::new(lines).render(inner.inner(ratatui::layout::Margin::new(1, 1)), buf);
    }
}
