//! The best allowed partners of one person, ranked by score, with who each is paired with
//! now: picking one pairs the two by hand (and says which pairs that breaks up).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Text};
use ratatui::widgets::{Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

use crate::domain::ApplicationId;
use crate::ops::candidates::Candidate;
use crate::tui::keys::{Action, Context, key};
use crate::tui::kit::popup::open_box;
use crate::tui::kit::text::{wrap, wrap_value};
use crate::tui::kit::theme::THEME;

/// The score column's width.
const SCORE_WIDTH: u16 = 5;

pub struct CandidatesPopup {
    /// The people of the selected row (one, two or three): application id and name.
    pub people: Vec<(ApplicationId, String)>,
    pub person: usize,
    pub rows: Vec<Candidate>,
    pub selected: usize,
    /// Said instead of the list when there is nobody.
    pub empty: String,
}

impl CandidatesPopup {
    pub fn person(&self) -> (ApplicationId, &str) {
        let (id, name) = &self.people[self.person];
        (*id, name)
    }

    pub fn chosen(&self) -> Option<&Candidate> {
        self.rows.get(self.selected)
    }

    pub fn update(&mut self, action: Action) {
        let last = self.rows.len().saturating_sub(1);
        self.selected = match action {
            Action::Down => (self.selected + 1).min(last),
            Action::Up => self.selected.saturating_sub(1),
            Action::PageDown => (self.selected + 10).min(last),
            Action::PageUp => self.selected.saturating_sub(10),
            _ => self.selected,
        };
    }

    /// The widths of the columns (candidate, score, who they are with now) in `width`,
    /// one column apart.
    fn column_widths(width: u16) -> [u16; 3] {
        let room = width.saturating_sub(SCORE_WIDTH + 2);
        let name = room * 3 / 5;
        [name, SCORE_WIDTH, room - name]
    }

    /// The rows of the table with their heights: a value too long for its column goes on
    /// under itself, indented, so every column keeps its place and nothing is cut.
    fn table_rows(&self, widths: [u16; 3]) -> Vec<(Row<'static>, u16)> {
        let cell = |text: &str, width: u16, style: Style| -> Vec<Line<'static>> {
            wrap_value(text, width as usize, 2)
                .into_iter()
                .map(|l| Line::styled(l, style))
                .collect()
        };
        self.rows
            .iter()
            .map(|c| {
                let who = cell(
                    &format!("{} ({})", c.name, c.country),
                    widths[0],
                    Style::new(),
                );
                let now = match &c.partner {
                    _ if c.joins.is_some() => {
                        cell("published: join as third", widths[2], THEME.label)
                    }
                    _ if c.is_current => cell("the partner now", widths[2], THEME.label),
                    Some(p) => cell(&format!("with {p}"), widths[2], THEME.filter),
                    None => cell("free", widths[2], THEME.info),
                };
                let height = who.len().max(now.len()).max(1) as u16;
                let row = Row::new([
                    Cell::from(Text::from(who)),
                    Cell::from(Line::from(c.score.to_string()).right_aligned()),
                    Cell::from(Text::from(now)),
                ])
                .height(height);
                (row, height)
            })
            .collect()
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let width = area.width.saturating_sub(6).clamp(40, 100).min(area.width);
        let text_width = width.saturating_sub(4);
        let (_, name) = self.person();
        let others: Vec<&str> = self
            .people
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != self.person)
            .map(|(_, (_, n))| n.as_str())
            .collect();
        let pair = key(Context::Candidates, Action::Confirm);
        let intro = if self.rows.iter().any(|c| c.joins.is_some()) {
            format!(
                "No pair is possible; these running pairs could take {name} as a third member, \
                 best first. {pair} asks before adding."
            )
        } else if others.is_empty() {
            format!(
                "Allowed partners, best first. {pair} pairs and locks them; a partner's current \
                 pair is broken up."
            )
        } else {
            format!(
                "Allowed partners, best first. {pair} pairs and locks them; a partner's current \
                 pair is broken up. {}: {}.",
                key(Context::Candidates, Action::NextPerson),
                others.join(", ")
            )
        };
        let intro: Vec<Line> = wrap(&intro, text_width as usize, 0)
            .into_iter()
            .map(|l| Line::styled(l, THEME.muted))
            .collect();
        let intro_height = intro.len() as u16 + 1;
        let widths = Self::column_widths(text_width);
        let (rows, heights): (Vec<_>, Vec<_>) = self.table_rows(widths).into_iter().unzip();
        // The borders, the intro and a blank line, the header, the rows.
        let rows_height = heights.iter().sum::<u16>().max(1);
        let height = (rows_height + intro_height + 3).min(area.height);
        let inner = open_box(area, width, height, &format!("Partners for {name}"), buf)
            .inner(Margin::new(1, 0));
        Paragraph::new(intro).render(inner, buf);
        let list = Rect {
            y: inner.y + intro_height.min(inner.height),
            height: inner.height.saturating_sub(intro_height),
            ..inner
        };
        if self.rows.is_empty() {
            Paragraph::new(
                wrap(&self.empty, list.width as usize, 0)
                    .into_iter()
                    .map(Line::from)
                    .collect::<Vec<_>>(),
            )
            .render(list, buf);
            return;
        }
        let header = Row::new(["Candidate", "Score", "Now"]).style(THEME.header);
        let mut state = TableState::new().with_selected(Some(self.selected));
        StatefulWidget::render(
            Table::new(rows, widths.map(Constraint::Length))
                .header(header)
                .row_highlight_style(THEME.selected),
            list,
            buf,
            &mut state,
        );
    }
}
