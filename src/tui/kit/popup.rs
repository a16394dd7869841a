//! What every popup draws on: a cleared, bordered box in the middle of the screen, and the
//! one-line prompt box the date and text prompts share.

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::text::wrap;
use super::text_input::TextInput;
use super::theme::THEME;

/// A centred box of at most `width` × `height` inside `area`, cleared, with a border and a
/// title; returns the inside.
pub fn open_box(area: Rect, width: u16, height: u16, title: &str, buf: &mut Buffer) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    Clear.render(rect, buf);
    let block = Block::bordered()
        .border_style(THEME.border_popup)
        .title(Line::styled(format!(" {title} "), THEME.title));
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

/// A box asking one thing: the question, a one-line field, and under it the error with
/// the last input or else a hint. Used by the date and text prompts.
pub struct PromptView<'a> {
    pub title: &'a str,
    pub max_width: u16,
    pub question: &'a str,
    pub input: &'a TextInput,
    /// The field's width; the whole box width when `None`.
    pub field_width: Option<u16>,
    pub error: Option<&'a str>,
    pub hint: &'a str,
}

impl PromptView<'_> {
    /// Draws the box and returns where the terminal cursor goes.
    pub fn render(self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let width = area.width.saturating_sub(8).clamp(30, self.max_width);
        let text_width = width.saturating_sub(4) as usize;
        let mut lines: Vec<Line> = wrap(self.question, text_width, 0)
            .into_iter()
            .map(Line::from)
            .collect();
        lines.push(Line::from(""));
        let field_row = lines.len() as u16;
        // The field's row, and a blank line under it.
        lines.push(Line::from(""));
        lines.push(Line::from(""));
        match self.error {
            Some(e) => lines.extend(
                wrap(e, text_width, 0)
                    .into_iter()
                    .map(|l| Line::styled(l, THEME.error)),
            ),
            None => lines.push(Line::styled(self.hint.to_string(), THEME.muted)),
        }
        let inner =
            open_box(area, width, lines.len() as u16 + 4, self.title, buf).inner(Margin::new(1, 1));
        Paragraph::new(lines).render(inner, buf);
        let field = Rect {
            y: inner.y + field_row,
            height: 1,
            width: self.field_width.unwrap_or(inner.width).min(inner.width),
            ..inner
        };
        (field.y < inner.bottom())
            .then(|| self.input.render(field, buf, THEME.input))
            .flatten()
    }
}
