//! Rounds: the round form (new and edit), and the country cap with its question.

use chrono::{Datelike, Months, NaiveDate};

use super::{App, Screen};
use crate::domain::cap::country_limit;
use crate::domain::{ApplicationStatus, RoundPlan};
use crate::store::StoreError;
use crate::tui::action::Action;
use crate::tui::panes::Pane;
use crate::tui::popups::{Popup, Question, Questioned, RoundForm};

impl App {
    /// A round name not taken yet, from the year and half of `opens_on`: `2027 A` for a
    /// round opening in the first half of 2027, `2027 B` in the second (then C, D… if taken).
    pub(super) fn free_round_name(&self, opens_on: NaiveDate) -> String {
        let taken = |name: &str| {
            self.rounds
                .all()
                .iter()
                .any(|f| f.round.plan.name.eq_ignore_ascii_case(name))
        };
        let first = if opens_on.month() <= 6 { b'A' } else { b'B' };
        (first..=b'Z')
            .map(|letter| format!("{} {}", opens_on.year(), letter as char))
            .find(|name| !taken(name))
            .unwrap_or_else(|| format!("{} round {}", opens_on.year(), self.rounds.all().len() + 1))
    }

    /// A new round's suggested plan: applications open in the last month of the latest
    /// round (as the program does), or today if that is later.
    pub(super) fn suggested_plan(&self) -> RoundPlan {
        let overlap = self
            .rounds
            .all()
            .iter()
            .map(|f| f.round.plan.ends_on())
            .max()
            .and_then(|end| end.checked_sub_months(Months::new(1)));
        let opens_on = overlap.filter(|&d| d > self.today).unwrap_or(self.today);
        RoundPlan::starting(&self.free_round_name(opens_on), opens_on)
    }

    pub(super) fn open_new_round_form(&mut self) {
        self.popup = Some(Popup::RoundForm(Box::new(RoundForm::new_round(
            &self.suggested_plan(),
        ))));
    }

    pub(super) fn update_form(&mut self, action: Action) {
        let Some(Popup::RoundForm(form)) = &mut self.popup else {
            return;
        };
        match action {
            Action::Cancel => self.popup = None,
            Action::Save => {
                let Some(plan) = form.plan() else {
                    return;
                };
                let editing = form.round_id;
                let saved = match editing {
                    Some(id) => self.store.update_round(id, form.version, &plan),
                    None => self.store.create_round(&plan),
                };
                match saved {
                    Ok(round) => {
                        self.popup = None;
                        self.screen = Screen::Panes;
                        self.focus = Pane::Rounds;
                        self.current_round = Some(round.id);
                        if editing.is_some() {
                            self.info(format!("Saved round {}.", round.plan.name));
                        } else {
                            self.info(format!(
                                "Created round {}: applications open {} to {}. Press 2 to \
                                 see its applicants, then i to import them.",
                                round.plan.name, round.plan.opens_on, round.plan.closes_on
                            ));
                        }
                    }
                    Err(StoreError::Stale(what)) => {
                        // What was typed stays; saving again is a deliberate choice to write
                        // over the other change.
                        if let Some(Ok(now)) = editing.map(|id| self.store.round(id)) {
                            form.version = now.version;
                        }
                        form.set_form_error(format!(
                            "Not saved: {what}. Enter again saves these values over it; Esc \
                             keeps the other change."
                        ));
                    }
                    Err(e) => form.set_form_error(format!("Not saved: {e}")),
                }
            }
            other => form.update(other),
        }
    }

    pub(super) fn ask_apply_cap(&mut self) {
        let Some(f) = self.current_round.and_then(|id| self.rounds.figures_of(id)) else {
            self.error("No round is selected.");
            return;
        };
        let p = &f.round.plan;
        let live = f.applicants - f.withdrawn;
        if live == 0 {
            self.error(format!(
                "{} has no applications to cap yet; import them first (2, then i).",
                p.name
            ));
            return;
        }
        let text = format!(
            "Apply the {}% country cap to {}?\n\n\
             {live} applications have not withdrawn, so each country may have at most {} \
             accepted. In each country the earliest applications are accepted and the rest \
             deferred to the next round. This sets the status of every application that has \
             not withdrawn, including ones you changed by hand.",
            p.cap_percent,
            p.name,
            country_limit(live, p.cap_percent)
        );
        self.popup = Some(Popup::Question(Question {
            title: "Apply the country cap".to_string(),
            text,
            then: Questioned::ApplyCap {
                round_id: f.round.id,
            },
        }));
    }

    pub(super) fn apply_cap(&mut self, round_id: i64) {
        let name = self
            .rounds
            .figures_of(round_id)
            .map(|f| (f.round.plan.name.clone(), f.round.plan.cap_percent));
        let (name, cap) = name.unwrap_or_else(|| (format!("round {round_id}"), 0));
        match self.store.apply_country_cap(round_id) {
            Ok(changes) => {
                let accepted = changes
                    .iter()
                    .filter(|c| c.1 == ApplicationStatus::Accepted)
                    .count();
                let deferred = changes.len() - accepted;
                if changes.is_empty() {
                    self.info(format!(
                        "Applied the {cap}% country cap to {name}: nothing changed; every \
                         application already had the status the cap gives it."
                    ));
                } else {
                    self.info(format!(
                        "Applied the {cap}% country cap to {name}: {accepted} accepted, \
                         {deferred} deferred."
                    ));
                }
            }
            Err(e) => self.error(format!("The cap was not applied: {e}")),
        }
    }

    pub(super) fn update_question(&mut self, action: Action) {
        let Some(Popup::Question(question)) = &self.popup else {
            return;
        };
        let then = question.then.clone();
        self.popup = None;
        match (action, then) {
            (Action::Confirm, Questioned::ApplyCap { round_id }) => self.apply_cap(round_id),
            (Action::Cancel | Action::Close, Questioned::ApplyCap { .. }) => {
                self.info("The country cap was not applied; nothing changed.")
            }
            (Action::Close, _) => self.info("Nothing changed."),
            (
                Action::Confirm | Action::Cancel,
                q @ (Questioned::RunMatch { .. }
                | Questioned::ForbidPair { .. }
                | Questioned::Publish { .. }),
            ) => self.answer_match_question(action == Action::Confirm, q),
            (Action::Confirm | Action::Cancel, topic) => {
                self.answer_topic_question(action == Action::Confirm, topic)
            }
            _ => {}
        }
    }
}
