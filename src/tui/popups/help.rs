//! The help popup: every key of the app, generated from the key map, with the keys of the
//! place it was opened from first.

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::open_box;
use crate::tui::action::Action;
use crate::tui::keymap::{self, Context, Mode};
use crate::tui::theme::THEME;

pub struct HelpPopup {
    lines: Vec<Line<'static>>,
    scroll: usize,
    /// Rows on screen at the last draw, for paging and for the end of the scroll.
    page: Cell<usize>,
}

impl HelpPopup {
    /// The help for someone who pressed `?` in `from`.
    pub fn new(from: Mode) -> HelpPopup {
        let first = from.contexts();
        let order = first
            .iter()
            .chain(Context::ALL.iter().filter(|c| !first.contains(c)));
        let mut lines = vec![
            Line::from("Keys that work where you pressed ? come first."),
            Line::styled(
                "In text fields and filters, letters type themselves; Esc leaves.",
                THEME.muted,
            ),
        ];
        for &context in order {
            let bindings: Vec<_> = keymap::bindings(context).collect();
            if bindings.is_empty() {
                continue;
            }
            lines.push(Line::from(""));
            lines.push(Line::styled(context.title(), THEME.title));
            for b in bindings {
                lines.push(Line::from(vec![
                    Span::styled(format!("  {:<16}", keymap::keys_label(b)), THEME.key),
                    Span::raw(b.help),
                ]));
            }
        }
        HelpPopup {
            lines,
            scroll: 0,
            page: Cell::new(10),
        }
    }

    pub fn update(&mut self, action: Action) {
        let page = self.page.get().max(1);
        let last = self.lines.len().saturating_sub(page);
        self.scroll = match action {
            Action::Down => self.scroll + 1,
            Action::Up => self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll + page,
            Action::PageUp => self.scroll.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => last,
            _ => self.scroll,
        }
        .min(last);
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let width = area.width.saturating_sub(8).clamp(20, 84);
        let height = area.height.saturating_sub(4);
        let inner = open_box(area, width, height, "Help", buf);
        self.page.set(inner.height as usize);
        let more = self.lines.len() > self.scroll + inner.height as usize;
        Paragraph::new(self.lines.clone())
            .scroll((self.scroll as u16, 0))
            .render(inner, buf);
        if more && inner.height > 0 {
            let note = Line::styled(" more below: ↓ or PgDn ", THEME.muted).right_aligned();
            note.render(
                // On the bottom border, under the text.
                Rect {
                    y: inner.bottom(),
                    height: 1,
                    ..inner
                },
                buf,
            );
        }
    }
}
