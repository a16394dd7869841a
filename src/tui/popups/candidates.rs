//! The best allowed partners of one person, ranked by score, with who each is paired with
//! now: picking one pairs the two by hand (and says which pairs that breaks up).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

use super::{open_box, wrap};
use crate::ops::candidates::Candidate;
use crate::tui::action::Action;
use crate::tui::theme::THEME;

pub struct CandidatesPopup {
    /// The people of the selected row (one, two or three): application id and name.
    pub people: Vec<(i64, String)>,
    pub person: usize,
    pub rows: Vec<Candidate>,
    pub selected: usize,
    /// Said instead of the list when there is nobody.
    pub empty: String,
}

impl CandidatesPopup {
    pub fn person(&self) -> (i64, &str) {
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

    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let width = area.width.saturating_sub(6).clamp(40, 100);
        let height = (self.rows.len() as u16 + 7).min(area.height);
        let (_, name) = self.person();
        let inner = open_box(area, width, height, &format!("Partners for {name}"), buf)
            .inner(Margin::new(1, 0));
        let others: Vec<&str> = self
            .people
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != self.person)
            .map(|(_, (_, n))| n.as_str())
            .collect();
        let intro = if others.is_empty() {
            "Allowed partners, best first. Enter pairs and locks them; a partner's current pair \
             is broken up."
                .to_string()
        } else {
            format!(
                "Allowed partners, best first. Enter pairs and locks them; a partner's current \
                 pair is broken up. Tab: {}.",
                others.join(", ")
            )
        };
        let intro: Vec<Line> = wrap(&intro, inner.width as usize, 0)
            .into_iter()
            .map(|l| Line::styled(l, THEME.muted))
            .collect();
        let intro_height = intro.len() as u16 + 1;
        Paragraph::new(intro).render(inner, buf);
        let list = Rect {
            y: inner.y + intro_height,
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
        let rows = self.rows.iter().map(|c| {
            Row::new([
                Cell::from(format!("{} ({})", c.name, c.country)),
                Cell::from(Line::from(c.score.to_string()).right_aligned()),
                match &c.partner {
                    _ if c.is_current => Cell::from(Span::styled("the partner now", THEME.label)),
                    Some(p) => Cell::from(Span::styled(format!("with {p}"), THEME.filter)),
                    None => Cell::from(Span::styled("free", THEME.info)),
                },
            ])
        });
        let mut state = TableState::new().with_selected(Some(self.selected));
        StatefulWidget::render(
            Table::new(
                rows,
                [
                    Constraint::Fill(3),
                    Constraint::Length(5),
                    Constraint::Fill(2),
                ],
            )
            .header(header)
            .row_highlight_style(THEME.selected),
            list,
            buf,
            &mut state,
        );
    }
}
