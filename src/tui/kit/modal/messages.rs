//! A scrollable list of messages: every problem of a rejected import, or an error too long
//! for the status line. It can carry a follow-up the user may ask for (import the valid rows
//! only).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use crate::tui::keys::Action;
use crate::tui::kit::layout::PageScroll;
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
    scroll: PageScroll,
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
            scroll: PageScroll::default(),
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

    pub fn intro(&self) -> &str {
        &self.intro
    }

    pub fn items(&self) -> &[String] {
        &self.items
    }

    pub fn update(&mut self, action: Action) {
        self.scroll.update(action);
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
        self.scroll.render(lines, inner, buf);
    }
}
