//! A scrollable list of messages: every problem of a rejected import, or an error too long
//! for the status line. It can carry a follow-up the user may ask for (import the valid rows
//! only).

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use crate::tui::keys::Action;
use crate::tui::kit::popup::open_box;
use crate::tui::kit::text::wrap;
use crate::tui::kit::theme::THEME;

pub struct MessagesPopup<I> {
    title: String,
    intro: String,
    items: Vec<String>,
    item_style: Style,
    /// What the popup offers to do next (import the valid rows only), if anything.
    pub retry: Option<I>,
    /// What the popup says about the follow-up.
    offer: String,
    scroll: usize,
    page: Cell<usize>,
    /// Lines after wrapping at the last draw, for the end of the scroll.
    wrapped: Cell<usize>,
}

impl<I> MessagesPopup<I> {
    pub fn new(title: impl Into<String>, intro: impl Into<String>, items: Vec<String>) -> Self {
        MessagesPopup {
            title: title.into(),
            intro: intro.into(),
            items,
            item_style: THEME.error,
            retry: None,
            offer: String::new(),
            scroll: 0,
            page: Cell::new(10),
            wrapped: Cell::new(0),
        }
    }

    /// Items in the ordinary text colour: a report, not a list of errors.
    pub fn with_plain_items(mut self) -> Self {
        self.item_style = Style::new();
        self
    }

    /// Offers a follow-up, described by `offer`, that the retry key asks for.
    pub fn with_retry(mut self, offer: impl Into<String>, retry: I) -> Self {
        self.offer = offer.into();
        self.retry = Some(retry);
        self
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn items(&self) -> &[String] {
        &self.items
    }

    pub fn update(&mut self, action: Action) {
        let page = self.page.get().max(1);
        let last = self.wrapped.get().saturating_sub(page);
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

    fn lines(&self, width: usize) -> Vec<Line<'static>> {
        let mut lines: Vec<Line> = wrap(&self.intro, width, 0)
            .into_iter()
            .map(Line::from)
            .collect();
        lines.push(Line::from(""));
        for item in &self.items {
            lines.extend(
                wrap(item, width, 4)
                    .into_iter()
                    .map(|l| Line::styled(l, self.item_style)),
            );
        }
        if self.retry.is_some() {
            lines.push(Line::from(""));
            lines.extend(wrap(&self.offer, width, 0).into_iter().map(Line::from));
        }
        lines
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let width = area.width.saturating_sub(6).clamp(20, 110);
        let text_width = width.saturating_sub(4) as usize;
        let lines = self.lines(text_width);
        let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
        let inner = open_box(area, width, height, &self.title, buf);
        let inner = inner.inner(ratatui::layout::Margin::new(1, 0));
        self.page.set(inner.height as usize);
        self.wrapped.set(lines.len());
        let more = lines.len() > self.scroll + inner.height as usize;
        Paragraph::new(lines)
            .scroll((self.scroll as u16, 0))
            .render(inner, buf);
        if more && inner.height > 0 {
            Line::styled(" more below: ↓ or PgDn ", THEME.muted)
                .right_aligned()
                .render(
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
