//! What the panes share on screen: a bordered frame, a filter line, the split between a
//! list and the details of its selected item, and detail lines.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::list_view::ListView;
use super::text_input::TextInput;
use super::theme::THEME;
use crate::text::agree;
use crate::tui::keys::{Action, Context, key};

/// The filter of one pane's list: the text, and whether the user is typing it.
#[derive(Debug, Default)]
pub struct FilterState {
    pub input: TextInput,
    pub editing: bool,
}

impl FilterState {
    /// Whether the filter line takes a row of the pane.
    pub fn shown(&self) -> bool {
        self.editing || !self.input.is_empty()
    }
}

/// A pane's outer frame with its title on the top border and a note on the right.
pub fn frame<'a>(title: Line<'a>, note: Line<'a>) -> Block<'a> {
    Block::bordered()
        .padding(ratatui::widgets::Padding::horizontal(1))
        .border_style(THEME.border)
        .title(title.style(THEME.title))
        .title(note.right_aligned().style(THEME.muted))
}

/// Draws a list pane's frame and, when there is one, its filter line: returns the area
/// left for the list and the cursor position while the filter is being typed.
pub fn render_list_frame(
    area: Rect,
    buf: &mut Buffer,
    title: Line<'_>,
    note: Line<'_>,
    filter: &FilterState,
    list: &ListView,
) -> (Rect, Option<Position>) {
    let block = frame(title, note);
    let inner = block.inner(area);
    block.render(area, buf);
    let (body, filter_area) = split_filter(inner, filter);
    let cursor = filter_area.and_then(|a| render_filter(filter, list, a, buf));
    (body, cursor)
}

/// What a pane that shows one round's things says when there is no round.
/// How far a piece of work in the background has gone, above a pane's list: what it is
/// (`doing`, `what`) and for how long, a gauge, and the keys that stop it or leave it.
/// Takes four rows of `area` and returns the rest.
pub fn render_work(
    area: Rect,
    buf: &mut Buffer,
    doing: String,
    what: String,
    started: std::time::Instant,
    ratio: f64,
    hint: String,
) -> Rect {
    let [text, gauge, hint_row, _, rest] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ]));
    Line::from(vec![
        Span::styled(doing, THEME.title),
        Span::raw(what),
        Span::styled(
            format!(" · {:.0} s", started.elapsed().as_secs_f64()),
            THEME.muted,
        ),
    ])
    .render(text, buf);
    ratatui::widgets::Gauge::default()
        .gauge_style(THEME.label)
        .ratio(ratio.clamp(0.0, 1.0))
        .render(gauge, buf);
    Line::styled(hint, THEME.muted).render(hint_row, buf);
    rest
}

pub fn render_no_round(area: Rect, buf: &mut Buffer) {
    render_empty(
        vec![
            Line::from("No round selected."),
            Line::styled(
                format!(
                    "Create a round in Rounds (press {}, then {}).",
                    key(Context::Panes, Action::ShowRounds),
                    key(Context::Rounds, Action::NewRound)
                ),
                THEME.muted,
            ),
        ],
        area,
        buf,
    );
}

/// Splits off the bottom row for the filter line when there is a filter.
pub fn split_filter(area: Rect, filter: &FilterState) -> (Rect, Option<Rect>) {
    if !filter.shown() || area.height < 2 {
        return (area, None);
    }
    let [list, line] = area.layout(&Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
    ]));
    (list, Some(line))
}

/// Draws `/ text   12 of 300 match` and returns the cursor position while typing.
pub fn render_filter(
    filter: &FilterState,
    list: &ListView,
    area: Rect,
    buf: &mut Buffer,
) -> Option<Position> {
    let count = format!(
        "  {} of {} {}",
        list.len(),
        list.total(),
        agree(list.len(), "matches", "match")
    );
    let count_width = Span::raw(&count).width() as u16;
    let [slash, field, counter] = area.layout(&Layout::horizontal([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(count_width),
    ]));
    Span::styled("/ ", THEME.filter).render(slash, buf);
    Span::styled(count, THEME.muted).render(counter, buf);
    let style = if filter.editing {
        THEME.input
    } else {
        THEME.filter
    };
    let cursor = filter.input.render(field, buf, style);
    cursor.filter(|_| filter.editing)
}

/// Where a list goes and where the details of its selected item go: beside it on a wide
/// area, below it otherwise. `side` is the details' width when beside, `below` their
/// height when below; the details are dropped when there is no room for both.
pub fn split_detail(
    area: Rect,
    wide_from: u16,
    side: u16,
    below: u16,
) -> (Rect, Option<(Rect, bool)>) {
    if area.width >= wide_from {
        let [list, detail] = area
            .layout(&Layout::horizontal([Constraint::Min(1), Constraint::Length(side)]).spacing(1));
        (list, Some((detail, true)))
    } else if area.height >= below + 6 {
        let [list, detail] = area.layout(&Layout::vertical([
            Constraint::Min(1),
            Constraint::Length(below),
        ]));
        (list, Some((detail, false)))
    } else {
        (area, None)
    }
}

/// A message in the middle of an empty list: what is missing and what to do about it.
pub fn render_empty(lines: Vec<Line<'_>>, area: Rect, buf: &mut Buffer) {
    let height = lines.len() as u16;
    let text = Text::from(lines);
    let top = area.height.saturating_sub(height + 1) / 2;
    let area = Rect {
        y: area.y + top.min(area.height),
        height: area.height.saturating_sub(top),
        ..area
    };
    Paragraph::new(text)
        .wrap(Wrap { trim: false })
        .centered()
        .render(area.inner(ratatui::layout::Margin::new(2, 0)), buf);
}

/// The text shown when a filter hides everything.
/// Draws what a list pane says in place of its rows: `empty` (asked for only then) when
/// it has none, or that none passes the filter. Returns whether it drew either, so that the
/// pane draws its rows only when there are some to see.
pub fn render_no_rows<'a>(
    list: &ListView,
    filter: &FilterState,
    empty: impl FnOnce() -> Vec<Line<'a>>,
    area: Rect,
    buf: &mut Buffer,
) -> bool {
    if list.total() == 0 {
        render_empty(empty(), area, buf);
    } else if list.is_empty() {
        render_empty(no_match_lines(filter), area, buf);
    } else {
        return false;
    }
    true
}

fn no_match_lines(filter: &FilterState) -> Vec<Line<'static>> {
    vec![
        Line::from(format!("Nothing matches “{}”.", filter.input.value())),
        Line::styled(
            format!(
                "{} clears the filter.",
                key(Context::Panes, Action::ClearFilter)
            ),
            THEME.muted,
        ),
    ]
}

/// A detail line: `label  value`, for a value that stays short (a status).
pub fn field<'a>(label: &'a str, value: impl Into<Span<'a>>) -> Line<'a> {
    Line::from(vec![Span::styled(label, THEME.label), value.into()])
}

/// A detail line `label  value`, wrapped to `width` with the value's continuation lines
/// indented under its first line.
pub fn field_lines(label: &'static str, value: &str, width: u16) -> Vec<Line<'static>> {
    let indent = Span::raw(label).width();
    let lines = super::text::wrap(value, (width as usize).saturating_sub(indent), 0);
    lines
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let head = if i == 0 {
                Span::styled(label, THEME.label)
            } else {
                Span::raw(" ".repeat(indent))
            };
            Line::from(vec![head, Span::raw(text)])
        })
        .collect()
}

/// A table column that may be dropped when the pane is narrow.
pub struct Column {
    pub header: &'static str,
    pub width: u16,
    /// Lower numbers stay longer when space runs out; 0 never goes.
    pub keep: u8,
}

/// The columns that fit in `width`, in their order, given that the first (flexible) column
/// needs at least `first_min`.
pub fn fit_columns(columns: &[Column], width: u16, first_min: u16) -> Vec<usize> {
    let mut by_keep: Vec<usize> = (1..columns.len()).collect();
    by_keep.sort_by_key(|&i| (columns[i].keep, i));
    let mut used = first_min;
    let mut kept = vec![0];
    for i in by_keep {
        let need = columns[i].width + 1;
        if columns[i].keep == 0 || used + need <= width {
            used += need;
            kept.push(i);
        }
    }
    kept.sort_unstable();
    kept
}

/// A separator line with a heading, between a list and its details (a line on their left
/// when they are beside the list, above them when below it).
pub fn detail_block(title: &str, beside: bool) -> Block<'_> {
    use ratatui::widgets::{Borders, Padding};
    if beside {
        Block::new()
            .borders(Borders::LEFT)
            .padding(Padding::left(1))
            .border_style(THEME.border)
            .title(Line::styled(format!(" {title}"), THEME.title))
    } else {
        Block::new()
            .borders(Borders::TOP)
            .border_style(THEME.border)
            .title(Line::styled(format!("{title} "), THEME.title))
    }
}

/// How far the details of the selected item are scrolled (J and K). The renderer records
/// how far they can go, so that scrolling stops at the last line.
#[derive(Debug, Default)]
pub struct DetailScroll {
    offset: u16,
    max: std::cell::Cell<u16>,
    /// The item whose details are scrolled (a hash of its key).
    shown: Option<u64>,
}

impl DetailScroll {
    /// The details now shown are `item`'s: another item's start at their top, the same
    /// item's (read again after a change, say) stay where they were scrolled to.
    pub fn follow<K: std::hash::Hash>(&mut self, item: Option<K>) {
        use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
        let key = item.map(|k| BuildHasherDefault::<DefaultHasher>::default().hash_one(k));
        if key != self.shown {
            self.shown = key;
            self.offset = 0;
        }
    }

    pub fn down(&mut self) {
        self.offset = (self.offset + 1).min(self.max.get());
    }

    pub fn up(&mut self) {
        self.offset = self.offset.saturating_sub(1);
    }

    pub fn reset(&mut self) {
        self.offset = 0;
    }

    /// How far the details are scrolled, in lines.
    pub fn offset(&self) -> u16 {
        self.offset
    }

    /// The offset to draw `lines` lines in a box `height` rows tall.
    pub fn offset_for(&self, lines: usize, height: u16) -> u16 {
        let max = lines.saturating_sub(height as usize) as u16;
        self.max.set(max);
        self.offset.min(max)
    }
}

/// Scrolling text taller than its box a line or a page at a time (help, message lists). The
/// renderer records the box's height and the text's length, so that a page is a box tall
/// and scrolling stops at the end.
#[derive(Debug)]
pub struct PageScroll {
    offset: usize,
    page: std::cell::Cell<usize>,
    lines: std::cell::Cell<usize>,
}

impl Default for PageScroll {
    fn default() -> PageScroll {
        PageScroll {
            offset: 0,
            page: std::cell::Cell::new(10),
            lines: std::cell::Cell::new(0),
        }
    }
}

impl PageScroll {
    /// Moves by a line, a page, or to either end; other actions do nothing.
    pub fn update(&mut self, action: Action) {
        let page = self.page.get().max(1);
        let last = self.lines.get().saturating_sub(page);
        self.offset = match action {
            Action::Down => self.offset + 1,
            Action::Up => self.offset.saturating_sub(1),
            Action::PageDown => self.offset + page,
            Action::PageUp => self.offset.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => last,
            _ => self.offset,
        }
        .min(last);
    }

    /// Draws `lines` in `area` from the scrolled-to line, with a note on the row under the
    /// area (a box's bottom border) while there is more below.
    pub fn render(&self, lines: Vec<Line<'_>>, area: Rect, buf: &mut Buffer) {
        self.page.set(area.height as usize);
        self.lines.set(lines.len());
        let offset = self
            .offset
            .min(lines.len().saturating_sub(area.height as usize));
        let more = lines.len() > offset + area.height as usize;
        Paragraph::new(lines)
            .scroll((offset as u16, 0))
            .render(area, buf);
        if more && area.height > 0 {
            Line::styled(" more below: ↓ or PgDn ", THEME.muted)
                .right_aligned()
                .render(
                    Rect {
                        y: area.bottom(),
                        height: 1,
                        ..area
                    },
                    buf,
                );
        }
    }
}

/// A preview beside an editor, or in its place (`scroll` given): a rule with `title`, then
/// `text` wrapped, scrolled no further than its end.
pub fn render_preview(title: &str, text: Text, scroll: Option<u16>, area: Rect, buf: &mut Buffer) {
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(if scroll.is_some() {
            THEME.border_popup
        } else {
            THEME.border
        })
        .title(Line::styled(format!(" {title} "), THEME.title));
    let inner = block.inner(area);
    block.render(area, buf);
    let paragraph = Paragraph::new(text).wrap(Wrap { trim: false });
    let max = paragraph
        .line_count(inner.width)
        .saturating_sub(inner.height as usize);
    let scroll = scroll.unwrap_or(0).min(max.min(u16::MAX as usize) as u16);
    paragraph.scroll((scroll, 0)).render(inner, buf);
}
