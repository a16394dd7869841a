//! Overview: the selected round at a glance, and the program across its rounds. The
//! figures first (the same lines `iln report` prints), then as room allows: participants
//! by country, the pair scores, a world map with a line between the countries of every
//! partnership, and participants and countries round by round.

mod view;

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use crate::domain::{Round, RoundId};
use crate::ops::figures::{self, Charts, RoundReport};
use crate::store::{Changes, Store, StoreError};
use crate::tui::features::exporting;
use crate::tui::features::{Cx, Feature, Flows};
use crate::tui::keys::{Action, Condition};
use crate::tui::kit::layout::FilterState;
use crate::tui::kit::list_view::ListView;
use crate::tui::kit::modal::Answer;

#[derive(Default)]
pub struct Overview {
    round_id: Option<RoundId>,
    report: Option<RoundReport>,
    charts: Charts,
    /// The pane has no rows; the shell's list keys find nothing to move.
    list: ListView,
    filter: FilterState,
    /// How far the figures are scrolled, when they do not fit.
    scroll: u16,
}

/// The Overview asks nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Intent {}

impl Overview {
    pub fn report(&self) -> Option<&RoundReport> {
        self.report.as_ref()
    }
}

impl Feature for Overview {
    fn depends_on(&self) -> Changes {
        Changes::ALL
    }

    fn round_id(&self) -> Option<RoundId> {
        self.round_id
    }

    fn read(&mut self, store: &Store, round: &Round) -> Result<(), StoreError> {
        let (report, charts) = figures::overview(store, round)?;
        if self.round_id != Some(round.id) {
            self.scroll = 0;
        }
        self.round_id = Some(round.id);
        self.report = Some(report);
        self.charts = charts;
        Ok(())
    }

    fn clear(&mut self) {
        *self = Overview::default();
    }

    fn list(&self) -> (&ListView, &FilterState) {
        (&self.list, &self.filter)
    }

    fn list_mut(&mut self) -> (&mut ListView, &mut FilterState) {
        (&mut self.list, &mut self.filter)
    }

    fn holds(&self, _condition: Condition) -> bool {
        false
    }

    fn update(&mut self, action: Action, cx: &mut Cx) {
        if action == Action::ExportRecords {
            if let Some(round) = cx.round.clone() {
                exporting::ask(&round, exporting::the_round(), cx);
            }
            return;
        }
        self.scroll = match action {
            Action::DetailDown | Action::Down => self.scroll.saturating_add(1),
            Action::DetailUp | Action::Up => self.scroll.saturating_sub(1),
            Action::Top => 0,
            _ => self.scroll,
        };
    }

    fn render(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        self.draw(area, buf);
        None
    }
}

impl Flows for Overview {
    type Intent = Intent;

    fn answer(&mut self, intent: Intent, _answer: Answer, _cx: &mut Cx) -> Result<(), String> {
        match intent {}
    }
}
