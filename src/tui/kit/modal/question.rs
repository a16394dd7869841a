//! A yes/no question before a change. The question carries the change it asks about, so
//! answering yes does exactly what was asked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::tui::keys::{Action, Context, key};
use crate::tui::kit::popup::open_box;
use crate::tui::kit::text::wrap;
use crate::tui::kit::theme::THEME;

/// A question carrying the intent it asks about: answering hands it back to whoever asked.
pub struct Question<I> {
    pub title: String,
    pub text: String,
    pub intent: I,
}

impl<I> Question<I> {
    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let width = area.width.saturating_sub(8).clamp(20, 72);
        let text_width = width.saturating_sub(4) as usize;
        let mut lines: Vec<Line> = Vec::new();
        for paragraph in self.text.split('\n') {
            lines.extend(wrap(paragraph, text_width, 0).into_iter().map(Line::from));
        }
        lines.push(Line::from(""));
        lines.push(Line::from(vec![
            Span::styled(key(Context::Question, Action::Yes), THEME.key),
            Span::raw(" yes    "),
            Span::styled(key(Context::Question, Action::No), THEME.key),
            Span::raw(" no    "),
            Span::styled(key(Context::Question, Action::Close), THEME.key),
            Span::raw(" close, nothing changes"),
        ]));
        let height = lines.len() as u16 + 4;
        let inner = open_box(area, width, height, &self.title, buf);
        Paragraph::new(lines).render(inner.inner(ratatui::layout::Margin::new(1, 1)), buf);
    }
}
