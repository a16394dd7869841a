//! Drawing the Overview: the figures, then the charts as room allows.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Line as Stroke, Map, MapResolution, Points};
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Block, Borders, Chart, Dataset, GraphType, Paragraph, Widget,
};

use super::Overview;
use crate::tui::kit::text::wrap;
use crate::tui::kit::theme::THEME;

/// The width of a figure's label, as `RoundReport::text` writes it.
const LABEL: usize = 14;

/// A chart's frame: a top rule with its title.
fn framed(title: &str) -> Block<'static> {
    Block::new()
        .borders(Borders::TOP)
        .border_style(THEME.border)
        .title(Line::styled(format!(" {title} "), THEME.title))
}

/// Shares (countries, sectors, career stages) as horizontal bars, largest first: as many
/// as fit, and the rest as one bar.
fn bars(shares: &[crate::ops::figures::Share], title: &str, area: Rect, buf: &mut Buffer) {
    if area.height < 3 {
        return;
    }
    let block = framed(title);
    let inner = block.inner(area);
    block.render(area, buf);
    let room = (inner.height as usize).max(1);
    let (shown, rest) = if shares.len() > room {
        shares.split_at(room - 1)
    } else {
        (shares, &[][..])
    };
    let bar = |name: &str, count: usize| {
        // A space between the name and the bar, whose value is written at its start.
        Bar::default()
            .value(count as u64)
            .label(format!("{} ", crate::text::shortened(name, 18)))
            .text_value(count.to_string())
    };
    let mut list: Vec<Bar> = shown.iter().map(|s| bar(&s.name, s.count)).collect();
    if !rest.is_empty() {
        let others = rest.iter().map(|s| s.count).sum();
        list.push(bar(&format!("{} others", rest.len()), others));
    }
    BarChart::default()
        .direction(ratatui::layout::Direction::Horizontal)
        .data(BarGroup::default().bars(&list))
        .bar_width(1)
        .bar_gap(0)
        .bar_style(THEME.label)
        .value_style(THEME.title)
        .render(inner, buf);
}

impl Overview {
    pub(super) fn draw(&self, area: Rect, buf: &mut Buffer) {
        let title = match &self.report {
            Some(r) => format!(" Overview · {} ", r.round),
            None => " Overview ".to_string(),
        };
        let outer = Block::bordered()
            .border_style(THEME.border)
            .title(Line::styled(title, THEME.title));
        let inner = outer.inner(area);
        outer.render(area, buf);
        let Some(report) = &self.report else {
            Paragraph::new("No round yet: create one in Rounds (1), or load the demo.")
                .style(THEME.muted)
                .render(inner, buf);
            return;
        };
        let wide = inner.width >= 120 && inner.height >= 24;
        let column = if wide { 56 } else { inner.width } as usize;
        // Each figure's label, and its value wrapped under itself.
        let mut lines: Vec<Line> = Vec::new();
        for l in report.text().lines() {
            let at = l.len().min(LABEL);
            let (label, value) = (&l[..at], &l[at..]);
            for (i, part) in wrap(value, column.saturating_sub(LABEL).max(10), 0)
                .into_iter()
                .enumerate()
            {
                let head = if i == 0 { label } else { "" };
                lines.push(Line::from(vec![
                    Span::styled(format!("{head:<LABEL$}"), THEME.label),
                    Span::raw(part),
                ]));
            }
        }
        let count = lines.len() as u16;
        let figures = Paragraph::new(lines).scroll((self.scroll, 0));
        if wide {
            // Wide: the figures beside the map, the charts under it.
            let [left, right] = inner.layout(
                &Layout::horizontal([Constraint::Length(56), Constraint::Fill(1)]).spacing(1),
            );
            // The mixes under the figures, where there is room.
            let [top, sectors, stages] = left.layout(&Layout::vertical([
                Constraint::Length(count),
                Constraint::Fill(3),
                Constraint::Fill(2),
            ]));
            figures.render(top, buf);
            if let Some(r) = &self.report {
                bars(&r.by_sector, "Sectors", sectors, buf);
                bars(&r.by_career_stage, "Career stages", stages, buf);
            }
            let [map, charts] = right.layout(&Layout::vertical([
                Constraint::Percentage(60),
                Constraint::Fill(1),
            ]));
            self.draw_map(map, buf);
            // Spaced, so that a full bar does not run into the next chart's axis.
            let [countries, scores, history] = charts.layout(
                &Layout::horizontal([
                    Constraint::Fill(2),
                    Constraint::Fill(1),
                    Constraint::Fill(1),
                ])
                .spacing(2),
            );
            self.draw_countries(countries, buf);
            self.draw_scores(scores, buf);
            self.draw_history(history, buf);
            return;
        }
        // Narrow: the figures first, then what fits under them.
        let [top, rest] = inner.layout(&Layout::vertical([
            Constraint::Length(count.min(inner.height)),
            Constraint::Fill(1),
        ]));
        figures.render(top, buf);
        if rest.height >= 6 {
            let [countries, map] = rest
                .layout(&Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).spacing(1));
            self.draw_countries(countries, buf);
            self.draw_map(map, buf);
        }
    }

    /// Applicants by country: the most, and the rest together.
    fn draw_countries(&self, area: Rect, buf: &mut Buffer) {
        bars(&self.charts.by_country, "Applicants by country", area, buf);
    }

    /// The pair scores as a histogram, in bands of ten.
    fn draw_scores(&self, area: Rect, buf: &mut Buffer) {
        let block = framed("Scores");
        let inner = block.inner(area);
        block.render(area, buf);
        let scores = &self.charts.scores;
        let (Some(&low), Some(&high)) = (scores.first(), scores.last()) else {
            Paragraph::new("no partnerships yet")
                .style(THEME.muted)
                .render(inner, buf);
            return;
        };
        let band = |s: i64| s.div_euclid(10);
        let bars: Vec<Bar> = (band(low)..=band(high))
            .map(|b| {
                let n = scores.iter().filter(|&&s| band(s) == b).count();
                Bar::default().value(n as u64).label(format!("{}", b * 10))
            })
            .collect();
        BarChart::default()
            .data(BarGroup::default().bars(&bars))
            .bar_width(3)
            .bar_gap(1)
            .bar_style(THEME.info)
            .value_style(THEME.selected)
            .render(inner, buf);
    }

    /// Participants and countries round by round.
    fn draw_history(&self, area: Rect, buf: &mut Buffer) {
        // Rounds nobody has been accepted into yet (one taking applications) would pull the
        // lines down to nothing.
        let history: Vec<_> = self
            .charts
            .history
            .iter()
            .filter(|r| r.participants > 0)
            .collect();
        let people: Vec<(f64, f64)> = history
            .iter()
            .enumerate()
            .map(|(i, r)| (i as f64, r.participants as f64))
            .collect();
        let countries: Vec<(f64, f64)> = history
            .iter()
            .enumerate()
            .map(|(i, r)| (i as f64, r.countries as f64))
            .collect();
        let top = history
            .iter()
            .map(|r| r.participants)
            .max()
            .unwrap_or(0)
            .max(1) as f64;
        let last = history.len().saturating_sub(1).max(1) as f64;
        let labels: Vec<String> = match (history.first(), history.last()) {
            (Some(a), Some(b)) => vec![a.name.clone(), b.name.clone()],
            _ => Vec::new(),
        };
        Chart::new(vec![
            Dataset::default()
                .name("participants")
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(THEME.label)
                .data(&people),
            Dataset::default()
                .name("countries")
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(THEME.info)
                .data(&countries),
        ])
        .block(framed("Rounds"))
        // The legend says which line is which however small the chart.
        .hidden_legend_constraints((Constraint::Percentage(100), Constraint::Percentage(100)))
        .legend_position(Some(ratatui::widgets::LegendPosition::TopLeft))
        .x_axis(Axis::default().bounds([0.0, last]).labels(labels))
        .y_axis(
            Axis::default()
                .bounds([0.0, top])
                .labels(["0".to_string(), format!("{top}")]),
        )
        .render(area, buf);
    }

    /// The world, a dot per participating country and a line between the countries of
    /// every partnership (brighter where more partnerships join them).
    fn draw_map(&self, area: Rect, buf: &mut Buffer) {
        let most = self.charts.links.iter().map(|l| l.2).max().unwrap_or(1);
        Canvas::default()
            .block(framed("Partnerships across the world"))
            .marker(Marker::Braille)
            .x_bounds([-180.0, 180.0])
            .y_bounds([-90.0, 90.0])
            .paint(|ctx| {
                ctx.draw(&Map {
                    resolution: MapResolution::High,
                    color: Color::DarkGray,
                });
                ctx.layer();
                for &((x1, y1), (x2, y2), n) in &self.charts.links {
                    let color = if n * 3 >= most * 2 {
                        Color::White
                    } else if n * 3 >= most {
                        Color::Cyan
                    } else {
                        Color::Blue
                    };
                    ctx.draw(&Stroke {
                        x1,
                        y1,
                        x2,
                        y2,
                        color,
                    });
                }
                ctx.layer();
                ctx.draw(&Points {
                    coords: &self.charts.places,
                    color: Color::Yellow,
                });
            })
            .render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::figures::Charts;

    /// The map as letters by colour: `W`, `c`, `b` for links from the most to the fewest
    /// partnerships, `o` for a country's dot, `.` for coastline.
    fn colours(buf: &Buffer) -> String {
        let area = buf.area;
        let mut out = String::new();
        for y in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                let cell = &buf[(x, y)];
                out.push(match (cell.fg, cell.symbol()) {
                    (_, " ") => ' ',
                    (Color::White, _) => 'W',
                    (Color::Cyan, _) => 'c',
                    (Color::Blue, _) => 'b',
                    (Color::Yellow, _) => 'o',
                    (Color::DarkGray, _) => '.',
                    _ => '?',
                });
            }
            out.push('\n');
        }
        out
    }

    #[test]
    fn the_map_draws_each_link_brighter_with_more_partnerships_and_a_dot_per_country() {
        let (sydney, london, nairobi, lima, manila) = (
            (151.2, -33.9),
            (-0.1, 51.5),
            (36.8, -1.3),
            (-77.0, -12.0),
            (121.0, 14.6),
        );
        let overview = Overview {
            charts: Charts {
                links: vec![
                    (sydney, london, 6),
                    (nairobi, lima, 1),
                    (manila, nairobi, 3),
                ],
                places: vec![sydney, london, nairobi, lima, manila],
                ..Charts::default()
            },
            ..Overview::default()
        };
        let area = Rect::new(0, 0, 90, 30);
        let mut buf = Buffer::empty(area);
        overview.draw_map(area, &mut buf);
        let map = colours(&buf);
        for (mark, what) in [
            ('W', "the busiest link"),
            ('c', "a link of half as many"),
            ('b', "a link of one"),
            ('o', "the countries' dots"),
            ('.', "the coastline"),
        ] {
            assert!(map.contains(mark), "{what} ({mark}) is drawn:\n{map}");
        }
        insta::assert_snapshot!(map);
    }
}
