//! What the Matches pane holds and draws: the partnerships of the current round, with both
//! (or all three) members, the score explained criterion by criterion, the people the last
//! run left unmatched, the matcher's progress while it runs, and the candidate list and the
//! weights over it when open.

use std::collections::HashMap;

use chrono::NaiveDate;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

use super::{CandidatesPopup, MatchRun, WeightsForm};
use crate::domain::{
    ApplicationId, Partnership, PartnershipId, PartnershipStatus, Round, RoundId, paired,
};
use crate::engine::score::{Applicant, Fit, Scorer};
use crate::ops::matching::{self, Prepared, RunSummary};
use crate::store::{ApplicationRow, Store, StoreError};
use crate::store::{DraftHistory, HistoryStep, Problem};
use crate::text::counted;
use crate::tui::keys::{Action, Context as C, key};
use crate::tui::kit::layout::{
    Column, DetailScroll, FilterState, detail_block, field_lines, fit_columns, render_list_frame,
    render_no_round, render_no_rows, render_work, split_detail,
};
use crate::tui::kit::list_view::ListView;
use crate::tui::kit::text::wrap;
use crate::tui::kit::theme::THEME;

#[derive(Debug)]
struct Item {
    /// `None` for a person the last run left unmatched.
    partnership: Option<Partnership>,
    /// The members' application rows, in the partnership's member order.
    members: Vec<ApplicationRow>,
    /// Why the last run left this person out.
    unmatched: Option<String>,
    /// When the partnership's introduction (to its members as they are) went out.
    introduced: Option<String>,
}

#[derive(Default)]
pub struct Matches {
    round: Option<(RoundId, String)>,
    items: Vec<Item>,
    /// The last run's result for this round, for its totals and the unmatched.
    outcome: Option<RunSummary>,
    /// The round as the engine sees it, to explain scores.
    prepared: Option<Prepared>,
    by_score: bool,
    /// The changes to the draft that undo and redo would take, as shown.
    history: DraftHistory,
    /// Problems logged on the round's partnerships.
    pub(super) problems: Vec<Problem>,
    /// The round's applications by id, to name the members.
    people: HashMap<ApplicationId, ApplicationRow>,
    pub list: ListView,
    pub filter: FilterState,
    pub detail_scroll: DetailScroll,
    /// The matcher, while it runs in the background (for this round or another).
    pub(super) run: Option<MatchRun>,
    /// Messages being sent in the background.
    pub(super) sending: Option<super::SendRun>,
    /// The candidate partners of the selected person, while the list is open.
    pub(super) candidates: Option<Box<CandidatesPopup>>,
    /// The round's weights and rules, while they are being changed.
    pub(super) weights: Option<Box<WeightsForm>>,
    /// A person whose row the next read selects: one just paired by hand, whose new pair
    /// is not in the list yet.
    pub(super) select_person: Option<ApplicationId>,
}

fn member_label(m: &ApplicationRow) -> String {
    format!("{} ({})", m.name, m.country.code)
}

/// The members of a pair or trio in `width` columns: full names where they fit, else first
/// names, so that a trio's third member is not cut off (the details give the full names).
fn partners_label(members: &[ApplicationRow], width: usize) -> String {
    let full = members
        .iter()
        .map(member_label)
        .collect::<Vec<_>>()
        .join(" & ");
    if full.chars().count() <= width {
        return full;
    }
    members
        .iter()
        .map(|m| {
            let first = m.name.split_whitespace().next().unwrap_or(&m.name);
            format!("{first} ({})", m.country.code)
        })
        .collect::<Vec<_>>()
        .join(" & ")
}

/// What identifies a row across readings: its partnership, or the unmatched person.
fn row_id(item: &Item) -> (Option<PartnershipId>, Option<ApplicationId>) {
    match &item.partnership {
        Some(p) => (Some(p.id), None),
        None => (None, item.members.first().map(|m| m.id)),
    }
}

fn search_key(item: &Item) -> String {
    let mut key = String::new();
    for m in &item.members {
        key.push_str(&format!(
            "{}\t{}\t{}\t{}\t",
            m.name, m.email, m.country.code, m.country.name
        ));
    }
    match &item.partnership {
        Some(p) => key.push_str(PartnershipStatus::label(p.status)),
        None => key.push_str("unmatched"),
    }
    key.to_lowercase()
}

impl Matches {
    pub fn round_id(&self) -> Option<RoundId> {
        self.round.as_ref().map(|r| r.0)
    }

    /// Reads a round's partnerships and the applications of their members.
    pub fn load(&mut self, store: &Store, round: &Round) -> Result<(), StoreError> {
        // The selected row stays selected while it exists: a partnership by its id (never
        // reused), an unmatched person by theirs.
        let keep = self.list.selected().map(|i| row_id(&self.items[i]));
        let at = self.list.selected_index();
        let person = self.select_person.take();
        let partnerships = store.partnerships(round.id)?;
        self.people = store
            .application_rows(round.id)?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
        let people = &self.people;
        let paired = paired(&partnerships);
        // Whose partnership in this round ended early: they wait in the rematch pool.
        let ended_early: HashMap<ApplicationId, (Option<NaiveDate>, String)> = partnerships
            .iter()
            .filter(|p| p.status == PartnershipStatus::EndedEarly)
            .flat_map(|p| {
                p.members
                    .iter()
                    .map(|&m| (m, (p.ends_on, p.end_reason.clone().unwrap_or_default())))
            })
            .collect();
        let sent = store.sent_messages(round.id)?;
        self.items = partnerships
            .into_iter()
            .map(|p| Item {
                members: p
                    .members
                    .iter()
                    .filter_map(|&id| people.get(&id).cloned())
                    .collect(),
                introduced: sent
                    .values()
                    .filter(|s| {
                        s.kind.to_partnerships()
                            && s.partnership_id == Some(p.id)
                            && s.recipients == p.members
                    })
                    .map(|s| s.sent_at.clone())
                    .max(),
                partnership: Some(p),
                unmatched: None,
            })
            .collect();
        self.outcome = RunSummary::last(store, round.id)?;
        self.history = store.draft_history(round.id)?;
        self.problems = store.problems(round.id)?;
        // Scores are explained under the round's current weights and rules.
        self.prepared = matching::prepare(store, round.id).ok();
        // Everyone the matcher may pair who is in no pair now: left over by the last run
        // (with its reason), unpaired by hand, or accepted since.
        // Before the first run there is nothing to say about anyone, nor once the round
        // has ended.
        let matched_before = (self.outcome.is_some() || !self.items.is_empty())
            && round.plan.status != crate::domain::RoundStatus::Ended;
        if let Some(prepared) = self.prepared.as_ref().filter(|_| matched_before) {
            for a in prepared
                .input
                .applicants
                .iter()
                .filter(|a| !paired.contains(&a.id))
            {
                let Some(row) = people.get(&a.id) else {
                    continue;
                };
                let pool = ended_early.get(&a.id).map(|(on, why)| {
                    format!(
                        "in the rematch pool: their partnership ended early{}{}; {} pairs them \
                         by hand, {} matches the pool",
                        on.map(|d| format!(" on {d}")).unwrap_or_default(),
                        if why.is_empty() {
                            String::new()
                        } else {
                            format!(" ({why})")
                        },
                        key(C::Matches, Action::ShowCandidates),
                        key(C::Matches, Action::RunMatch)
                    )
                });
                let reason = pool.or_else(|| {
                    self.outcome
                        .as_ref()
                        .and_then(|o| o.unmatched.iter().find(|u| u.id() == a.id))
                        .map(|u| u.describe())
                });
                let reason = reason.unwrap_or_else(|| {
                    format!(
                        "not in a pair now: unpaired since the last run, or accepted after \
                         it; {} pairs them by hand, {} matches again",
                        key(C::Matches, Action::ShowCandidates),
                        key(C::Matches, Action::RunMatch)
                    )
                });
                self.items.push(Item {
                    partnership: None,
                    members: vec![row.clone()],
                    unmatched: Some(reason),
                    introduced: None,
                });
            }
        }
        self.round = Some((round.id, round.plan.name.clone()));
        self.list = ListView::new(self.items.iter().map(search_key).collect());
        self.apply_order();
        self.list.set_filter(self.filter.input.value());
        // Gone (unpaired, say), the row that took its place is selected, not the first.
        // Their new draft pair, not a partnership of theirs that ended early.
        let item = person
            .and_then(|p| {
                self.items.iter().position(|it| {
                    it.partnership
                        .as_ref()
                        .is_some_and(|q| q.status == PartnershipStatus::Draft)
                        && it.members.iter().any(|m| m.id == p)
                })
            })
            .or_else(|| keep.and_then(|id| self.items.iter().position(|it| row_id(it) == id)));
        self.list.select_item_or_row(item, at);
        self.follow_selection();
        Ok(())
    }

    /// The details follow the selected row: another row's start at their top.
    pub(super) fn follow_selection(&mut self) {
        let row = self.list.selected().map(|i| row_id(&self.items[i]));
        self.detail_scroll.follow(row);
    }

    pub fn unload(&mut self) {
        *self = Matches {
            filter: std::mem::take(&mut self.filter),
            by_score: self.by_score,
            run: self.run.take(),
            ..Matches::default()
        };
    }

    pub fn toggle_score_order(&mut self) {
        self.by_score = !self.by_score;
        self.apply_order();
        // The lowest scores, the pairs worth a look, come first.
        self.list.top();
        self.follow_selection();
    }

    /// Lowest scores first (the pairs to look at), the unmatched after them; or the order
    /// the pairs were made in.
    fn apply_order(&mut self) {
        let mut order: Vec<u32> = (0..self.items.len() as u32).collect();
        if self.by_score {
            order.sort_by_key(|&i| {
                let p = self.items[i as usize].partnership.as_ref();
                (p.is_none(), p.and_then(|p| p.score).unwrap_or(i64::MAX))
            });
        }
        self.list.set_order(order);
    }

    /// The change undo would take back, as shown.
    pub fn undo_step(&self) -> Option<&HistoryStep> {
        self.history.undo.as_ref()
    }

    /// The change redo would do again, as shown.
    pub fn redo_step(&self) -> Option<&HistoryStep> {
        self.history.redo.as_ref()
    }

    /// Whether the round has a draft to publish.
    pub fn has_draft(&self) -> bool {
        self.items.iter().any(|i| {
            i.partnership
                .as_ref()
                .is_some_and(|p| p.status == PartnershipStatus::Draft)
        })
    }

    /// Whether the selected row is someone the matcher may still pair (a draft pair or an
    /// unmatched person).
    pub fn selected_is_open(&self) -> bool {
        self.list.selected().is_some_and(|i| {
            self.items[i]
                .partnership
                .as_ref()
                .is_none_or(|p| p.status == PartnershipStatus::Draft)
        })
    }

    /// People the last run left unmatched who are still not paired.
    pub fn unmatched_count(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.partnership.is_none())
            .count()
    }

    pub fn selected_partnership(&self) -> Option<&Partnership> {
        self.list
            .selected()
            .and_then(|i| self.items[i].partnership.as_ref())
    }

    /// `Ana & Ben` for the selected item.
    pub fn selected_names(&self) -> String {
        self.list.selected().map_or(String::new(), |i| {
            self.items[i]
                .members
                .iter()
                .map(|m| m.name.as_str())
                .collect::<Vec<_>>()
                .join(" & ")
        })
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// ` 150 pairs · 2 trios · 3 unmatched · mean 41.2 · lowest 12 · wishes 78% · optimal `
    fn totals(&self, room: usize) -> String {
        let partnerships: Vec<&Partnership> = self
            .items
            .iter()
            .filter_map(|i| i.partnership.as_ref())
            .collect();
        if self.items.is_empty() {
            return String::new();
        }
        let mut parts = Vec::new();
        for s in PartnershipStatus::ALL {
            let n = partnerships.iter().filter(|p| p.status == s).count();
            if n > 0 {
                parts.push(format!("{n} {}", PartnershipStatus::label(s)));
            }
        }
        let unmatched = self.items.len() - partnerships.len();
        if unmatched > 0 {
            parts.push(format!("{unmatched} unmatched"));
        }
        let scores: Vec<i64> = partnerships.iter().filter_map(|p| p.score).collect();
        if let Some(&lowest) = scores.iter().min() {
            let mean = scores.iter().sum::<i64>() as f64 / scores.len() as f64;
            parts.push(format!("mean {mean:.1} · lowest {lowest}"));
        }
        if let Some(o) = &self.outcome {
            parts.push(format!("wishes met {:.0}%", o.wishes_met_share() * 100.0));
            // The certificate's figures are in the status line after a run.
            parts.push("optimal".to_string());
        }
        // The totals give way from the end when the frame is narrow: the title stays.
        while parts.len() > 1 && parts.join(" · ").chars().count() + 2 > room {
            parts.pop();
        }
        format!(" {} ", parts.join(" · "))
    }

    /// The round's draft as the pane shows it: partnership ids and versions.
    pub(super) fn draft_shown(&self) -> Vec<(PartnershipId, i64)> {
        self.items
            .iter()
            .filter_map(|i| i.partnership.as_ref())
            .filter(|p| p.status == PartnershipStatus::Draft)
            .map(|p| (p.id, p.version))
            .collect()
    }

    /// A member of the round, by application id.
    pub(super) fn person(&self, id: ApplicationId) -> Option<&ApplicationRow> {
        self.people.get(&id)
    }

    /// Whether the matcher is running in the background.
    pub fn is_matching(&self) -> bool {
        self.run.is_some()
    }

    /// Whether the matcher runs for the round shown.
    pub(super) fn is_running_here(&self) -> bool {
        self.run
            .as_ref()
            .is_some_and(|run| self.round_id() == Some(run.round_id))
    }

    /// The weights and rules, while they are being changed.
    pub fn weights(&self) -> Option<&WeightsForm> {
        self.weights.as_deref()
    }

    /// The candidate list, while it is open.
    pub fn candidates(&self) -> Option<&CandidatesPopup> {
        self.candidates.as_deref()
    }

    /// Draws the pane, and the candidate list or the weights over it while open.
    pub(super) fn draw(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let cursor = self.draw_list(area, buf);
        if let Some(c) = &self.candidates {
            c.render(area, buf);
        } else if let Some(w) = &self.weights {
            w.render(area, buf);
        }
        cursor
    }

    fn draw_list(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let running = self.run.as_ref();
        let title = match &self.round {
            Some((_, name)) => format!(" Matches · {name} "),
            None => " Matches ".to_string(),
        };
        let room = (area.width as usize).saturating_sub(title.chars().count() + 4);
        let note = self.totals(room);
        let (body, cursor) = render_list_frame(
            area,
            buf,
            Line::from(title),
            Line::from(note),
            &self.filter,
            &self.list,
        );
        let Some((round_id, round_name)) = &self.round else {
            render_no_round(body, buf);
            return cursor;
        };
        let body = match running.filter(|r| r.round_id == *round_id) {
            Some(run) => render_progress(run, body, buf),
            None => body,
        };
        if render_no_rows(
            &self.list,
            &self.filter,
            || {
                vec![
                    Line::from(format!("No partnerships in {round_name} yet.")),
                    Line::from(""),
                    Line::styled(
                        format!(
                            "Press {} to match the round's accepted applicants: every one is \
                             paired with someone in another country, as well as the whole round \
                             allows, and the pairs are listed here with their scores for you to \
                             review.",
                            key(C::Matches, Action::RunMatch)
                        ),
                        THEME.muted,
                    ),
                    Line::from(""),
                    Line::styled(
                        format!(
                            "To see the partnerships of an earlier round, select it in Rounds \
                             (press {}).",
                            key(C::Panes, Action::ShowRounds)
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
        let (table_area, detail) = split_detail(body, 150, 60, 9);
        self.render_table(table_area, buf);
        if let (Some((area, beside)), Some(item)) =
            (detail, self.list.selected().map(|i| &self.items[i]))
        {
            let title = if item.partnership.is_some() {
                "Partnership"
            } else {
                "Unmatched"
            };
            let block = detail_block(title, beside);
            let inner = block.inner(area);
            block.render(area, buf);
            let mut lines = detail_lines(item, inner.width);
            lines.extend(self.problem_lines(item, inner.width));
            lines.extend(self.explanation_lines(item, inner.width));
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
        // What the partners column gets: the rest, less a space between columns.
        let partners_width = kept[1..]
            .iter()
            .fold(area.width, |w, &c| w.saturating_sub(COLUMNS[c].width + 1))
            as usize;
        let widths = kept.iter().map(|&c| match c {
            0 => Constraint::Fill(1),
            c => Constraint::Length(COLUMNS[c].width),
        });
        let header = Row::new(kept.iter().map(|&c| COLUMNS[c].header)).style(THEME.header);
        let window = self.list.window(area.height.saturating_sub(1) as usize);
        let rows = window.clone().map(|row| {
            let item = &self.items[self.list.item_at(row)];
            let Some(p) = &item.partnership else {
                let m = &item.members[0];
                return Row::new(kept.iter().map(|&c| match c {
                    0 => Cell::from(member_label(m)),
                    1 => Cell::from(Span::styled("unmatched", THEME.error)),
                    _ => Cell::from(""),
                }));
            };
            let date = |d: Option<chrono::NaiveDate>| d.map_or(String::new(), |d| d.to_string());
            let open_problem = self
                .problems
                .iter()
                .any(|x| x.partnership_id == p.id && x.is_open());
            Row::new(kept.iter().map(|&c| match c {
                0 => Cell::from(partners_label(&item.members, partners_width)),
                // An open problem is marked beside the status.
                1 => Cell::from(Line::from(vec![
                    Span::styled(
                        PartnershipStatus::label(p.status),
                        THEME.partnership_status(p.status),
                    ),
                    Span::styled(if open_problem { " !" } else { "" }, THEME.error),
                    // Its introduction went out.
                    Span::styled(
                        if item.introduced.is_some() {
                            " ✉"
                        } else {
                            ""
                        },
                        THEME.label,
                    ),
                ])),
                2 => Cell::from(
                    Line::from(p.score.map_or("–".into(), |s| s.to_string())).right_aligned(),
                ),
                3 => Cell::from(if p.locked { "🔒 yes" } else { "" }),
                4 => Cell::from(date(p.starts_on)),
                _ => Cell::from(date(p.ends_on)),
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

fn render_progress(run: &MatchRun, area: Rect, buf: &mut Buffer) -> Rect {
    let (ratio, what) = run.progress();
    let doing = if run.cancelling {
        "Stopping"
    } else {
        "Matching"
    };
    let k = |action| key(C::Working, action);
    render_work(
        area,
        buf,
        format!(
            "{doing} {}: ",
            counted(run.applicants, "applicant", "applicants")
        ),
        what,
        run.started,
        ratio,
        format!(
            "{} stops and keeps the previous draft; {} {} {} {} go to other panes.",
            k(Action::StopWork),
            k(Action::NextPane),
            k(Action::ShowRounds),
            k(Action::ShowApplicants),
            k(Action::ShowTopics)
        ),
    )
}

impl Matches {
    /// The members of a partnership the pane lists.
    pub(super) fn members_of(&self, id: PartnershipId) -> Option<Vec<ApplicationId>> {
        self.items
            .iter()
            .filter_map(|item| item.partnership.as_ref())
            .find(|p| p.id == id)
            .map(|p| p.members.clone())
    }

    /// The problems logged on the item's partnership, oldest first.
    fn problem_lines(&self, item: &Item, width: u16) -> Vec<Line<'static>> {
        let Some(p) = &item.partnership else {
            return Vec::new();
        };
        let mut lines = Vec::new();
        for x in self.problems.iter().filter(|x| x.partnership_id == p.id) {
            let follow = x
                .follow_up_on
                .map_or(String::new(), |d| format!(" · follow up {d}"));
            let settled = match &x.settled {
                Some(s) => format!(" — {} on {}: {}", s.outcome.code(), s.on, s.note),
                None => String::new(),
            };
            let text = format!(
                "{} {}{follow}: {}{settled}",
                x.logged_on,
                x.kind.label(),
                x.note
            );
            lines.extend(
                field_lines("Problem ", &text, width)
                    .into_iter()
                    .map(|l| l.style(THEME.filter)),
            );
        }
        lines
    }

    /// Every criterion in each direction of each pair in the group, met or missed, with
    /// its points: they add up to the score.
    fn explanation_lines(&self, item: &Item, width: u16) -> Vec<Line<'static>> {
        let (Some(prepared), Some(p)) = (&self.prepared, &item.partnership) else {
            return Vec::new();
        };
        // Scored among the group's own members: a published pair is explained as well as a
        // draft one, without scoring the whole round again.
        let members: Vec<Applicant> = p
            .members
            .iter()
            .filter_map(|&id| prepared.applicant(id).cloned())
            .collect();
        let scorer = Scorer::new(
            &members,
            &prepared.settings.weights,
            &prepared.settings.rules,
            &[],
            &[],
        );
        let index = |id: ApplicationId| members.iter().position(|a| a.id == id);
        let name = |id: ApplicationId| {
            item.members
                .iter()
                .find(|m| m.id == id)
                .map_or(format!("#{id}"), |m| m.name.clone())
        };
        let mut lines = vec![Line::from("")];
        for (k, &a) in p.members.iter().enumerate() {
            for &b in &p.members[k + 1..] {
                let (Some(i), Some(j)) = (index(a), index(b)) else {
                    continue;
                };
                match scorer.explain(i, j) {
                    Ok(e) => {
                        lines.push(Line::styled(
                            format!("{} & {}: score {}", name(a), name(b), e.score),
                            THEME.label,
                        ));
                        let mut wisher = None;
                        for l in e.lines {
                            if wisher != Some(l.wisher) {
                                wisher = Some(l.wisher);
                                lines.push(Line::styled(
                                    format!("  for {}", name(l.wisher)),
                                    THEME.title,
                                ));
                            }
                            let (mark, style) = match l.fit {
                                Fit::Met => ("✓", THEME.info),
                                Fit::Missed => ("✗", THEME.error),
                                Fit::NoWish => ("·", THEME.muted),
                            };
                            let text = format!(
                                "{:<20} {:>4}  {}",
                                l.criterion.name(),
                                format!("{:+}", l.points),
                                l.note
                            );
                            for (n, row) in wrap(&text, (width as usize).saturating_sub(6), 27)
                                .into_iter()
                                .enumerate()
                            {
                                let lead = if n == 0 { mark } else { " " };
                                lines.push(Line::from(vec![
                                    Span::raw("    "),
                                    Span::styled(lead, style),
                                    Span::raw(format!(" {row}")),
                                ]));
                            }
                        }
                    }
                    Err(rule) => lines.push(Line::styled(
                        format!(
                            "{} & {}: not allowed now ({})",
                            name(a),
                            name(b),
                            rule.name()
                        ),
                        THEME.error,
                    )),
                }
            }
        }
        lines
    }
}

/// One member's profile as short lines: name, country, e-mail, sector and stage, languages.
fn profile(m: &ApplicationRow) -> Vec<(String, ratatui::style::Style)> {
    let languages: Vec<&str> = m.languages.iter().map(|l| l.name()).collect();
    vec![
        (m.name.clone(), THEME.title),
        (m.country.name.to_string(), THEME.muted),
        (m.email.clone(), THEME.muted),
        (
            format!("{} · {}", m.sector.name(), m.stage.name()),
            THEME.muted,
        ),
        (languages.join(", "), THEME.muted),
    ]
}

/// The members' profiles side by side when there is room for columns of 28, else one
/// below the other. Side by side, each member has a column of its own that starts at the
/// same place on every row; a value too long for its column (an e-mail address, say) goes
/// on under itself, indented, and the next value of every column starts on one row again.
fn profile_lines(members: &[ApplicationRow], width: u16) -> Vec<Line<'static>> {
    let n = members.len().max(1);
    let gap = 2;
    let column = (width as usize).saturating_sub(gap * (n - 1)) / n;
    if n == 1 || column < 28 {
        let mut lines = Vec::new();
        for m in members {
            for (i, (text, style)) in profile(m).into_iter().enumerate() {
                let indent = if i == 0 { "" } else { "  " };
                lines.extend(
                    crate::tui::kit::text::wrap_value(
                        &text,
                        (width as usize).saturating_sub(indent.len()),
                        2,
                    )
                    .into_iter()
                    .map(|l| Line::styled(format!("{indent}{l}"), style)),
                );
            }
        }
        return lines;
    }
    let profiles: Vec<Vec<(String, ratatui::style::Style)>> = members.iter().map(profile).collect();
    let fields = profiles.iter().map(Vec::len).max().unwrap_or(0);
    let mut lines = Vec::new();
    for f in 0..fields {
        // This value of each member, wrapped to the column.
        let cells: Vec<(Vec<String>, ratatui::style::Style)> = profiles
            .iter()
            .map(|p| match p.get(f) {
                Some((text, style)) => (crate::tui::kit::text::wrap_value(text, column, 2), *style),
                None => (Vec::new(), ratatui::style::Style::new()),
            })
            .collect();
        let rows = cells.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
        for r in 0..rows {
            let mut spans = Vec::new();
            for (k, (cell, style)) in cells.iter().enumerate() {
                let text = cell.get(r).cloned().unwrap_or_default();
                let pad = column.saturating_sub(Span::raw(&text).width());
                spans.push(Span::styled(text, *style));
                if k + 1 < cells.len() {
                    spans.push(Span::raw(" ".repeat(pad + gap)));
                }
            }
            lines.push(Line::from(spans));
        }
    }
    lines
}

fn detail_lines(item: &Item, width: u16) -> Vec<Line<'static>> {
    let mut lines = profile_lines(&item.members, width);
    let Some(p) = &item.partnership else {
        if let Some(reason) = &item.unmatched {
            lines.extend(field_lines("Why     ", reason, width));
        }
        return lines;
    };
    let when = match (p.starts_on, p.ends_on) {
        // Ended early on or before the day it was to start: it never ran.
        (Some(s), Some(e)) if p.status == PartnershipStatus::EndedEarly && e <= s => {
            format!("ended before its start on {s}")
        }
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
    if let Some(at) = &item.introduced {
        lines.extend(field_lines(
            "Sent    ",
            &format!(
                "introduction, {} UTC (✉)",
                at.replace('T', " ").trim_end_matches('Z')
            ),
            width,
        ));
    }
    lines
}

impl Matches {
    /// The selected row's people, for the candidate list.
    pub fn selected_people(&self) -> Vec<(ApplicationId, String)> {
        self.list.selected().map_or(Vec::new(), |i| {
            self.items[i]
                .members
                .iter()
                .map(|m| (m.id, m.name.clone()))
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ApplicationStatus, CareerStage, Country, Language, Sector};

    fn member(name: &str, country: &str) -> ApplicationRow {
        ApplicationRow {
            id: ApplicationId(1),
            version: 1,
            name: name.to_string(),
            email: String::new(),
            country: Country::find(country).unwrap(),
            sector: Sector::Public,
            stage: CareerStage::Mid,
            languages: vec![Language::English],
            status: ApplicationStatus::Accepted,
            submitted_at: chrono::NaiveDateTime::default(),
            cap_hold: None,
            priority: false,
        }
    }

    #[test]
    fn a_trio_too_wide_for_its_column_keeps_all_three_by_first_name() {
        let trio = [
            member("Charlotte Robinson", "IE"),
            member("Tatenda Njoroge", "MW"),
            member("Mele Vaifale", "FJ"),
        ];
        assert_eq!(
            partners_label(&trio, 120),
            "Charlotte Robinson (IE) & Tatenda Njoroge (MW) & Mele Vaifale (FJ)"
        );
        assert_eq!(
            partners_label(&trio, 40),
            "Charlotte (IE) & Tatenda (MW) & Mele (FJ)"
        );
    }

    #[test]
    fn a_partnership_ended_before_its_start_says_so() {
        let day = |d: &str| d.parse::<chrono::NaiveDate>().unwrap();
        let item = Item {
            introduced: None,
            partnership: Some(Partnership {
                id: PartnershipId(1),
                version: 2,
                round_id: crate::domain::RoundId(1),
                status: PartnershipStatus::EndedEarly,
                score: Some(40),
                locked: false,
                members: vec![ApplicationId(1), ApplicationId(2)],
                starts_on: Some(day("2027-01-11")),
                ends_on: Some(day("2027-01-11")),
                end_reason: Some("moved jobs".into()),
            }),
            members: vec![member("Ana Lima", "BR"), member("Ben Ode", "NG")],
            unmatched: None,
        };
        let text: Vec<String> = detail_lines(&item, 80)
            .iter()
            .map(|l| l.to_string())
            .collect();
        let text = text.join("\n");
        assert!(
            text.contains("ended before its start on 2027-01-11"),
            "{text}"
        );
        assert!(!text.contains("2027-01-11 to 2027-01-11"), "{text}");
    }
}
