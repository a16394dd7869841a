//! The frame around the panes: the tab bar at the top, the status line and the hint bar at
//! the bottom, and the screen shown instead of everything when the terminal is too small.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::tui::features::Pane;
use crate::tui::keys::table::Hint;
use crate::tui::keys::{Action, Context, key};
use crate::tui::kit::text::wrap;
use crate::tui::kit::theme::THEME;

/// Below this size the app shows a "terminal too small" screen instead of its panes: the
/// Applicants table with its details, the tab bar and the hint bar need this much room.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// ` iln   1 Rounds  2 Applicants  3 Matches  4 Topics  5 Overview   round 2027 A · closed `
/// Narrower, the tabs close up (and the name goes), then show only their number but the
/// one in focus, so that the round still shows.
pub fn render_tabs(focus: Option<Pane>, round: Option<Line<'_>>, area: Rect, buf: &mut Buffer) {
    let round_width = round.as_ref().map_or(0, |r| r.width() as u16 + 1);
    let tabs_of = |tight: u8| {
        let mut spans = if tight == 0 {
            vec![Span::styled(" iln ", THEME.brand), Span::raw(" ")]
        } else {
            vec![Span::raw(" ")]
        };
        for &pane in Pane::ALL {
            let focused = Some(pane) == focus;
            let label = match tight {
                0 => format!(" {} {} ", pane.index() + 1, pane.title()),
                1 => format!("{} {}", pane.index() + 1, pane.title()),
                _ if focused => format!("{} {}", pane.index() + 1, pane.title()),
                _ => format!("{}", pane.index() + 1),
            };
            let style = if focused { THEME.tab_active } else { THEME.tab };
            spans.push(Span::styled(label, style));
            spans.push(Span::raw(" "));
        }
        Line::from(spans)
    };
    let tabs = (0..3)
        .map(tabs_of)
        .find(|t| t.width() as u16 + round_width <= area.width)
        .unwrap_or_else(|| tabs_of(2));
    let tabs_width = tabs.width() as u16;
    tabs.render(area, buf);
    if let Some(round) = round {
        // The round goes on the right when it fits beside the tabs.
        if tabs_width + round_width <= area.width {
            let right = Rect {
                x: area.right() - round_width,
                width: round_width,
                ..area
            };
            round.render(right, buf);
        }
    }
}

/// The last message, wrapped to the lines it was given; one that still does not fit ends
/// in "…", so that a cut is never silent.
pub fn render_status(message: Option<(&str, bool)>, area: Rect, buf: &mut Buffer) {
    if let Some((text, is_error)) = message {
        let style = if is_error { THEME.error } else { THEME.info };
        let width = area.width.saturating_sub(2) as usize;
        let mut wrapped = wrap(text, width, 0);
        let rows = area.height as usize;
        if wrapped.len() > rows && rows > 0 {
            wrapped.truncate(rows);
            let last = &mut wrapped[rows - 1];
            let kept: String = last.chars().take(width.saturating_sub(1)).collect();
            *last = format!("{kept}…");
        }
        let lines: Vec<Line> = wrapped
            .into_iter()
            .map(|l| Line::styled(format!(" {l}"), style))
            .collect();
        Paragraph::new(lines).render(area, buf);
    }
}

/// The keys that work in `mode`: those of this place from the left, as many as fit, and
/// the ones that work everywhere on the right. When room is short, this place's keys come
/// first and the shared ones give way from the front, so help and quit stay longest.
pub fn render_hints(own: &[Hint], shared: &[Hint], area: Rect, buf: &mut Buffer) {
    let hint_width = |(key, hint): &Hint| Span::raw(key).width() + Span::raw(*hint).width() + 3;
    let spans = |hints: &[Hint]| -> Vec<Span<'static>> {
        hints
            .iter()
            .flat_map(|(key, hint)| {
                [
                    Span::styled(key.clone(), THEME.key),
                    Span::styled(format!(" {hint}  "), THEME.muted),
                ]
            })
            .collect()
    };
    let width = (area.width as usize).saturating_sub(1);
    // The last two shared hints (help, quit) are kept before this place's own.
    let kept_shared: usize = shared.iter().rev().take(2).map(hint_width).sum();
    let mut used = 0;
    let own_shown = own
        .iter()
        .take_while(|h| {
            used += hint_width(h);
            used + kept_shared <= width
        })
        .count();
    let own_width: usize = own[..own_shown].iter().map(hint_width).sum();
    let mut room = width.saturating_sub(own_width);
    let mut first_shared = shared.len();
    while first_shared > 0 && hint_width(&shared[first_shared - 1]) <= room {
        first_shared -= 1;
        room -= hint_width(&shared[first_shared]);
    }
    let right = &shared[first_shared..];
    let right_width: usize = right.iter().map(hint_width).sum();
    Line::from([vec![Span::raw(" ")], spans(&own[..own_shown])].concat()).render(area, buf);
    let right_area = Rect {
        x: area.right() - right_width as u16,
        width: right_width as u16,
        ..area
    };
    Line::from(spans(right)).render(right_area, buf);
}

pub fn is_too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// The notice shown instead of everything. `typing`: a text field is open behind it, and
/// keys wait until it shows again (only Ctrl-C quits).
pub fn render_too_small(area: Rect, typing: bool, buf: &mut Buffer) {
    let what_now = if typing {
        format!(
            "Make the window bigger to go on typing; keys wait until then ({} quits).",
            key(Context::Always, Action::ForceQuit)
        )
    } else {
        format!(
            "Make the window bigger, or press {} to quit.",
            key(Context::TooSmall, Action::Quit)
        )
    };
    let lines = vec![
        Line::styled("The terminal is too small for iln.", THEME.title),
        Line::from(format!(
            "It is {}×{}; iln needs at least {MIN_WIDTH}×{MIN_HEIGHT}.",
            area.width, area.height
        )),
        Line::from(what_now),
    ];
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    let area = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    Paragraph::new(Text::from(lines))
        .wrap(Wrap { trim: true })
        .centered()
        .render(area, buf);
}
