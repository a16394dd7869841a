//! What the Rounds pane holds and draws: every round with its timetable and application
//! figures, and the round form when it is open.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

use super::RoundForm;
use chrono::NaiveDate;

use crate::domain::cap::country_limit;
use crate::domain::{RoundId, RoundStatus};
use crate::store::{RoundFigures, Store, StoreError};
use crate::text::counted;
use crate::tui::keys::{Action, Context, key};
use crate::tui::kit::layout::{
    Column, FilterState, detail_block, field, field_lines, fit_columns, render_list_frame,
    render_no_rows, split_detail,
};
use crate::tui::kit::list_view::ListView;
use crate::tui::kit::theme::THEME;

#[derive(Default)]
pub struct Rounds {
    figures: Vec<RoundFigures>,
    pub list: ListView,
    pub filter: FilterState,
    /// The round form, while a round is created or edited.
    pub(super) form: Option<Box<RoundForm>>,
    /// The day the rounds were read on: an open round whose window has passed shows so.
    pub today: NaiveDate,
}

/// An open round whose application window closed before `today`.
fn window_passed(p: &crate::domain::RoundPlan, today: NaiveDate) -> bool {
    p.status == RoundStatus::Open && p.closes_on < today
}

fn search_key(f: &RoundFigures) -> String {
    let p = &f.round.plan;
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}",
        p.name, p.status, p.opens_on, p.closes_on, p.matching_on, p.starts_on
    )
    .to_lowercase()
}

impl Rounds {
    /// Reads the rounds again, keeping the selection on round `select` (or on the round
    /// selected before).
    pub fn reload(&mut self, store: &Store, select: Option<RoundId>) -> Result<(), StoreError> {
        let keep = select.or_else(|| self.selected().map(|f| f.round.id));
        self.figures = store.round_figures()?;
        self.list = ListView::new(self.figures.iter().map(search_key).collect());
        self.list.set_filter(self.filter.input.value());
        if let Some(id) = keep
            && let Some(i) = self.figures.iter().position(|f| f.round.id == id)
            && !self.list.select_item(i)
        {
            // The round is hidden by the filter: show it rather than select another.
            self.filter.input.clear();
            self.list.set_filter("");
            self.list.select_item(i);
        }
        Ok(())
    }

    pub fn selected(&self) -> Option<&RoundFigures> {
        self.list.selected().map(|i| &self.figures[i])
    }

    pub fn figures_of(&self, id: RoundId) -> Option<&RoundFigures> {
        self.figures.iter().find(|f| f.round.id == id)
    }

    pub fn all(&self) -> &[RoundFigures] {
        &self.figures
    }

    /// The round form, while it is open.
    pub fn form(&self) -> Option<&RoundForm> {
        self.form.as_deref()
    }

    /// Draws the pane and the form over it; returns where the terminal cursor goes.
    pub(super) fn draw(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let cursor = self.draw_list(area, buf);
        match &self.form {
            Some(form) => form.render(area, buf),
            None => cursor,
        }
    }

    /// Draws the list; returns the cursor position while the filter is typed.
    fn draw_list(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let note = format!(" {} ", counted(self.figures.len(), "round", "rounds"));
        let (body, cursor) = render_list_frame(
            area,
            buf,
            Line::from(" Rounds "),
            Line::from(note),
            &self.filter,
            &self.list,
        );
        if render_no_rows(
            &self.list,
            &self.filter,
            || {
                vec![
                    Line::from("No rounds yet."),
                    Line::styled(
                        format!(
                            "Press {} to create the first round.",
                            key(Context::Rounds, Action::NewRound)
                        ),
                        THEME.muted,
                    ),
                ]
            },
            body,
            buf,
        ) {
            return cursor;
        }
        let (table_area, detail) = split_detail(body, 160, 56, 8);
        self.render_table(table_area, buf);
        if let (Some((area, beside)), Some(f)) = (detail, self.selected()) {
            let block = detail_block(&f.round.plan.name, beside);
            let inner = block.inner(area);
            block.render(area, buf);
            Paragraph::new(detail_lines(f, self.today, inner.width)).render(inner, buf);
        }
        cursor
    }

    fn render_table(&self, area: Rect, buf: &mut Buffer) {
        const COLUMNS: &[Column] = &[
            Column {
                header: "Round",
                width: 0,
                keep: 0,
            },
            Column {
                header: "Status",
                width: 8,
                keep: 0,
            },
            Column {
                header: "Opens",
                width: 10,
                keep: 1,
            },
            Column {
                header: "Closes",
                width: 10,
                keep: 4,
            },
            Column {
                header: "Matching",
                width: 10,
                keep: 6,
            },
            Column {
                header: "Starts",
                width: 10,
                keep: 3,
            },
            Column {
                header: "Ends",
                width: 10,
                keep: 7,
            },
            Column {
                header: "Applied",
                width: 7,
                keep: 1,
            },
            Column {
                header: "Accepted",
                width: 8,
                keep: 2,
            },
            Column {
                header: "Deferred",
                width: 8,
                keep: 2,
            },
            Column {
                header: "Pending",
                width: 7,
                keep: 3,
            },
            Column {
                header: "Countries",
                width: 9,
                keep: 5,
            },
        ];
        let kept = fit_columns(COLUMNS, area.width, 10);
        let widths = kept.iter().map(|&c| match c {
            0 => Constraint::Fill(1),
            c => Constraint::Length(COLUMNS[c].width),
        });
        let header = Row::new(kept.iter().map(|&c| {
            if c >= 7 {
                Cell::from(Line::from(COLUMNS[c].header).right_aligned())
            } else {
                Cell::from(COLUMNS[c].header)
            }
        }))
        .style(THEME.header);
        let window = self.list.window(area.height.saturating_sub(1) as usize);
        let rows = window.clone().map(|row| {
            let f = &self.figures[self.list.item_at(row)];
            let p = &f.round.plan;
            Row::new(kept.iter().map(|&c| {
                let number = |n: usize| Cell::from(Line::from(n.to_string()).right_aligned());
                match c {
                    0 => Cell::from(p.name.as_str()),
                    // "open!": taking applications by its stage, though its window has passed.
                    1 if window_passed(p, self.today) => {
                        Cell::from(Span::styled("open!", THEME.error))
                    }
                    1 => Cell::from(Span::styled(p.status.code(), THEME.round_status(p.status))),
                    2 => Cell::from(p.opens_on.to_string()),
                    3 => Cell::from(p.closes_on.to_string()),
                    4 => Cell::from(p.matching_on.to_string()),
                    5 => Cell::from(p.starts_on.to_string()),
                    6 => Cell::from(p.ends_on().to_string()),
                    7 => number(f.applicants),
                    8 => number(f.accepted),
                    9 => number(f.deferred),
                    10 => number(f.pending),
                    _ => number(f.countries),
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

/// The timetable and figures of a round, in words.
fn detail_lines(f: &RoundFigures, today: NaiveDate, width: u16) -> Vec<Line<'static>> {
    let p = &f.round.plan;
    let live = f.applicants - f.withdrawn;
    let cap = if live == 0 {
        format!("{}% of the applicants per country", p.cap_percent)
    } else {
        format!(
            "{}%: at most {} accepted per country, of {} not withdrawn",
            p.cap_percent,
            country_limit(live, p.cap_percent),
            counted(live, "applicant", "applicants")
        )
    };
    let mut lines = Vec::new();
    lines.extend(field_lines(
        "Applications ",
        &format!(
            "open {} to {}; matching on {}",
            p.opens_on, p.closes_on, p.matching_on
        ),
        width,
    ));
    lines.extend(field_lines(
        "Partnerships ",
        &format!(
            "{} to {} ({})",
            p.starts_on,
            p.ends_on(),
            counted(p.term_months as usize, "month", "months")
        ),
        width,
    ));
    lines.extend(field_lines("Country cap  ", &cap, width));
    lines.extend(field_lines(
        "Applicants   ",
        &format!(
            "{}: {} accepted, {} deferred, {} pending, {} withdrawn; {}",
            f.applicants,
            f.accepted,
            f.deferred,
            f.pending,
            f.withdrawn,
            counted(f.countries, "country", "countries"),
        ),
        width,
    ));
    if f.invited > 0 {
        lines.extend(field_lines(
            "Invited      ",
            &format!(
                "{}, waiting for their new application",
                counted(f.invited, "person", "people")
            ),
            width,
        ));
    }
    lines.push(field(
        "Status       ",
        Span::styled(p.status.code(), THEME.round_status(p.status)),
    ));
    if window_passed(p, today) {
        lines.extend(field_lines(
            "             ",
            &format!(
                "applications closed on {} ({} ago); {} moves the round on to closed",
                p.closes_on,
                counted((today - p.closes_on).num_days() as usize, "day", "days"),
                key(Context::Rounds, Action::AdvanceStage)
            ),
            width,
        ));
    }
    lines
}
