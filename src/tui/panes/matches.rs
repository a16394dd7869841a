//! Matches: the partnerships of the current round, with both (or all three) members.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

use super::applicants::ApplicantsPane;
use super::{
    Column, DetailScroll, FilterState, detail_block, field_lines, fit_columns, no_match_lines,
    render_empty, render_list_frame, render_no_round, split_detail,
};
use crate::domain::{Partnership, PartnershipStatus, Round};
use crate::store::{ApplicationRow, Store, StoreError};
use crate::tui::list_view::ListView;
use crate::tui::popups::wrap;
use crate::tui::theme::THEME;

#[derive(Debug)]
struct Item {
    partnership: Partnership,
    /// The members' application rows, in the partnership's member order.
    members: Vec<ApplicationRow>,
}

#[derive(Debug, Default)]
pub struct MatchesPane {
    round: Option<(i64, String)>,
    items: Vec<Item>,
    pub list: ListView,
    pub filter: FilterState,
    pub detail_scroll: DetailScroll,
}

pub fn status_label(s: PartnershipStatus) -> &'static str {
    match s {
        PartnershipStatus::Draft => "draft",
        PartnershipStatus::Active => "active",
        PartnershipStatus::Ended => "ended",
        PartnershipStatus::EndedEarly => "ended early",
    }
}

fn member_label(m: &ApplicationRow) -> String {
    format!("{} ({})", m.name, m.country.code)
}

fn search_key(item: &Item) -> String {
    let mut key = String::new();
    for m in &item.members {
        key.push_str(&format!(
            "{}\t{}\t{}\t{}\t",
            m.name, m.email, m.country.code, m.country.name
        ));
    }
    key.push_str(status_label(item.partnership.status));
    key.to_lowercase()
}

impl MatchesPane {
    pub fn round_id(&self) -> Option<i64> {
        self.round.as_ref().map(|r| r.0)
    }

    /// Reads a round's partnerships; `people` must hold the same round's applications.
    pub fn load(
        &mut self,
        store: &Store,
        round: &Round,
        people: &ApplicantsPane,
    ) -> Result<(), StoreError> {
        let partnerships = store.partnerships(round.id)?;
        self.items = partnerships
            .into_iter()
            .map(|p| Item {
                members: p
                    .members
                    .iter()
                    .filter_map(|&id| people.row_by_id(id).cloned())
                    .collect(),
                partnership: p,
            })
            .collect();
        self.round = Some((round.id, round.plan.name.clone()));
        self.list = ListView::new(self.items.iter().map(search_key).collect());
        self.list.set_filter(self.filter.input.value());
        self.detail_scroll.reset();
        Ok(())
    }

    pub fn unload(&mut self) {
        *self = MatchesPane {
            filter: std::mem::take(&mut self.filter),
            ..MatchesPane::default()
        };
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let title = match &self.round {
            Some((_, name)) => format!(" Matches · {name} "),
            None => " Matches ".to_string(),
        };
        let mut counts = Vec::new();
        for s in PartnershipStatus::ALL {
            let n = self
                .items
                .iter()
                .filter(|i| i.partnership.status == s)
                .count();
            if n > 0 {
                counts.push(format!("{n} {}", status_label(s)));
            }
        }
        let note = match self.items.len() {
            0 => String::new(),
            1 => format!(" 1 partnership: {} ", counts.join(", ")),
            n => format!(" {n} partnerships: {} ", counts.join(", ")),
        };
        let (body, cursor) = render_list_frame(
            area,
            buf,
            Line::from(title),
            Line::from(note),
            &self.filter,
            &self.list,
        );
        let Some((_, round_name)) = &self.round else {
            render_no_round(body, buf);
            return cursor;
        };
        if self.items.is_empty() {
            render_empty(
                vec![
                    Line::from(format!("No partnerships in {round_name} yet.")),
                    Line::from(""),
                    Line::styled(
                        "When the round is matched, its pairs are listed here with their \
                         scores, for you to review and publish. Matching from this screen \
                         comes in a later version of iln.",
                        THEME.muted,
                    ),
                    Line::from(""),
                    Line::styled(
                        "To see the partnerships of an earlier round, select it in Rounds (press 1).",
                        THEME.muted,
                    ),
                ],
                body,
                buf,
            );
            return cursor;
        }
        if self.list.is_empty() {
            render_empty(no_match_lines(&self.filter), body, buf);
            return cursor;
        }
        let (table_area, detail) = split_detail(body, 150, 60, 9);
        self.render_table(table_area, buf);
        if let (Some((area, beside)), Some(item)) =
            (detail, self.list.selected().map(|i| &self.items[i]))
        {
            let block = detail_block("Partnership", beside);
            let inner = block.inner(area);
            block.render(area, buf);
            let lines = detail_lines(item, inner.width);
            let scroll = self.detail_scroll.offset_for(lines.len(), inner.height);
            Paragraph::new(lines).scroll((scroll, 0)).render(inner, buf);
        }
        cursor
    }

    fn render_table(&self, area: Rect, buf: &mut Buffer) {
        const COLUMNS: &[Column] = &[
            Column {
                header: "Partners",
                width: 0,
                keep: 0,
            },
            Column {
                header: "Status",
                width: 11,
                keep: 0,
            },
            Column {
                header: "Score",
                width: 5,
                keep: 2,
            },
            Column {
                header: "Locked",
                width: 6,
                keep: 3,
            },
            Column {
                header: "Starts",
                width: 10,
                keep: 4,
            },
            Column {
                header: "Ends",
                width: 10,
                keep: 1,
            },
        ];
        let kept = fit_columns(COLUMNS, area.width, 30);
        let widths = kept.iter().map(|&c| match c {
            0 => Constraint::Fill(1),
            c => Constraint::Length(COLUMNS[c].width),
        });
        let header = Row::new(kept.iter().map(|&c| COLUMNS[c].header)).style(THEME.header);
        let window = self.list.window(area.height.saturating_sub(1) as usize);
        let rows = window.clone().map(|row| {
            let item = &self.items[self.list.item_at(row)];
            let p = &item.partnership;
            let date = |d: Option<chrono::NaiveDate>| d.map_or(String::new(), |d| d.to_string());
            Row::new(kept.iter().map(|&c| {
                match c {
                    0 => Cell::from(
                        item.members
                            .iter()
                            .map(member_label)
                            .collect::<Vec<_>>()
                            .join(" & "),
                    ),
                    1 => Cell::from(Span::styled(
                        status_label(p.status),
                        THEME.partnership_status(p.status),
                    )),
                    2 => Cell::from(
                        Line::from(p.score.map_or("–".into(), |s| s.to_string())).right_aligned(),
                    ),
                    3 => Cell::from(if p.locked { "locked" } else { "" }),
                    4 => Cell::from(date(p.starts_on)),
                    _ => Cell::from(date(p.ends_on)),
                }
            }))
        });
        let mut state =
            TableState::new().with_selected(self.list.selected_index().map(|s| s - window.start));
        StatefulWidget::render(
            Table::new(rows, widths)
                .header(header)
                .row_highlight_style(THEME.selected),
            area,
            buf,
            &mut state,
        );
    }
}

fn detail_lines(item: &Item, width: u16) -> Vec<Line<'static>> {
    let p = &item.partnership;
    let mut lines = Vec::new();
    for m in &item.members {
        let languages: Vec<&str> = m.languages.iter().map(|l| l.name()).collect();
        lines.push(Line::styled(m.name.clone(), THEME.title));
        for text in [
            format!("{} · {}", m.country.name, m.email),
            format!(
                "{} · {} · {}",
                m.sector.name(),
                m.stage.name(),
                languages.join(", ")
            ),
        ] {
            lines.extend(
                wrap(&text, (width as usize).saturating_sub(2), 2)
                    .into_iter()
                    .map(|l| Line::styled(format!("  {l}"), THEME.muted)),
            );
        }
    }
    let when = match (p.starts_on, p.ends_on) {
        (Some(s), Some(e)) => format!("{s} to {e}"),
        (Some(s), None) => format!("from {s}"),
        (None, Some(e)) => format!("until {e}"),
        (None, None) => "no dates yet".to_string(),
    };
    let score = match p.score {
        Some(s) => format!("score {s}"),
        None => "not scored".to_string(),
    };
    let locked = if p.locked { " · locked" } else { "" };
    lines.extend(field_lines(
        "Term    ",
        &format!("{when} · {score}{locked}"),
        width,
    ));
    if let Some(reason) = p.end_reason.as_deref().filter(|r| !r.trim().is_empty()) {
        lines.extend(field_lines("Ended   ", reason, width));
    }
    lines
}
