//! A choice from a short list, with a description of the highlighted item: the cadence to
//! plan topics with, or the library topic to fill a slot with. The picker carries what the
//! choice is for, so taking one does exactly what was asked.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use crate::text::shortened;
use crate::tui::keys::Action;
use crate::tui::kit::layout::DetailScroll;
use crate::tui::kit::popup::open_box;
use crate::tui::kit::text::wrap;
use crate::tui::kit::theme::THEME;

pub struct PickItem {
    pub label: String,
    /// Shown under the list for the highlighted item; paragraphs split on `\n`.
    pub description: String,
}

pub struct Picker<I> {
    pub title: String,
    pub intro: String,
    pub items: Vec<PickItem>,
    pub selected: usize,
    /// What the choice is for.
    pub intent: I,
    /// Whether the list has another order its owner lists it in on `o`.
    pub reorderable: bool,
    scroll: DetailScroll,
}

impl<I> Picker<I> {
    pub fn new(title: &str, intro: String, items: Vec<PickItem>, intent: I) -> Picker<I> {
        Picker {
            title: title.to_string(),
            intro,
            items,
            selected: 0,
            intent,
            reorderable: false,
            scroll: DetailScroll::default(),
        }
    }

    /// A list its owner can list again in another order (`o`).
    pub fn reorderable(mut self) -> Picker<I> {
        self.reorderable = true;
        self
    }

    pub fn update(&mut self, action: Action) {
        let last = self.items.len().saturating_sub(1);
        match action {
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::DetailDown => self.scroll.down(),
            Action::DetailUp => self.scroll.up(),
            _ => return,
        }
        if matches!(
            action,
            Action::Down | Action::Up | Action::Top | Action::Bottom
        ) {
            self.scroll.reset();
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let width = area.width.saturating_sub(6).clamp(30, 96);
        let text_width = width.saturating_sub(4) as usize;
        let intro: Vec<Line> = wrap(&self.intro, text_width, 0)
            .into_iter()
            .map(|l| Line::styled(l, THEME.muted))
            .collect();
        // Tall enough for the longest description, so the box keeps its size as the
        // highlight moves.
        let longest = self
            .items
            .iter()
            .map(|item| {
                item.description
                    .split('\n')
                    .map(|p| wrap(p, text_width, 0).len())
                    .sum::<usize>()
            })
            .max()
            .unwrap_or(0);
        let wanted =
            (intro.len() + 1 + self.items.len() + 1 + longest).min(u16::MAX as usize) as u16;
        let inner = open_box(area, width, wanted + 2, &self.title, buf).inner(Margin::new(1, 0));
        // Every choice shows when it can, with at least the separator and one line of the
        // description under them.
        let room = inner.height.saturating_sub(intro.len() as u16 + 1 + 2);
        let list_height = (self.items.len() as u16).min(room.max(3));
        let [intro_area, list_area, detail_area] = inner.layout(&Layout::vertical([
            Constraint::Length(intro.len() as u16 + 1),
            Constraint::Length(list_height),
            Constraint::Fill(1),
        ]));
        Paragraph::new(intro).render(intro_area, buf);
        // Keep the highlighted item in view when the list is taller than its area.
        let first = (self.selected + 1).saturating_sub(list_height as usize);
        let lines: Vec<Line> = self
            .items
            .iter()
            .enumerate()
            .skip(first)
            .take(list_height as usize)
            .map(|(i, item)| {
                // A label too long for the box ends in an ellipsis, never mid-word unseen.
                let label = shortened(&item.label, (list_area.width as usize).saturating_sub(2));
                if i == self.selected {
                    Line::from(Span::styled(format!("▸ {label}"), THEME.selected))
                } else {
                    Line::from(format!("  {label}"))
                }
            })
            .collect();
        Paragraph::new(lines).render(list_area, buf);
        let Some(item) = self.items.get(self.selected) else {
            return;
        };
        let block = Block::new()
            .borders(Borders::TOP)
            .border_style(THEME.border);
        let inner = block.inner(detail_area);
        block.render(detail_area, buf);
        let mut lines = Vec::new();
        for paragraph in item.description.split('\n') {
            lines.extend(
                wrap(paragraph, inner.width as usize, 0)
                    .into_iter()
                    .map(Line::from),
            );
        }
        let offset = self.scroll.offset_for(lines.len(), inner.height);
        Paragraph::new(lines).scroll((offset, 0)).render(inner, buf);
    }
}
