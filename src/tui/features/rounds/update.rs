//! What the Rounds pane does: the round form (new and edit), the country cap with its
//! question, and the intents of those flows.

use chrono::NaiveDate;

use super::{RoundForm, Rounds};
use crate::domain::stage::{self, Act};
use crate::domain::{Round, RoundId, RoundPlan, RoundStatus};
use crate::ops::cap::{self, CapPlan};
use crate::store::{Changes, RoundFigures, Store, StoreError};
use crate::text::{agree, counted};
use crate::tui::features::{Ask, Cx, Feature, Flows, Intent as AnyIntent, Mode, Pane};
use crate::tui::keys::{Action, Condition, Context as C, key};
use crate::tui::kit::layout::FilterState;
use crate::tui::kit::list_view::ListView;
use crate::tui::kit::modal::{Answer, Modal, Question};

/// What the Rounds pane's questions are about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Intent {
    /// Apply the round's country cap, as the question described it.
    ApplyCap { plan: CapPlan },
    /// Move the round, at the version shown, to the stage the question named.
    Advance {
        id: RoundId,
        version: i64,
        name: String,
        to: RoundStatus,
    },
}

/// Asks before moving a round to its next stage, saying what the step means; a step whose
/// condition does not hold is refused at once with what is missing.
fn ask_advance(figures: &RoundFigures, cx: &mut Cx) {
    let round = &figures.round;
    let name = round.plan.name.clone();
    let to = match cx.store.next_stage(round.id, cx.today) {
        Ok(Ok(to)) => to,
        Ok(Err(why)) => {
            let hint = match round.plan.status {
                RoundStatus::Open => format!(
                    " (Applicants: {} accepts, {} defers, {} applies the cap)",
                    key(C::Applicants, Action::Accept),
                    key(C::Applicants, Action::Defer),
                    key(C::Applicants, Action::ApplyCap)
                ),
                RoundStatus::Matching => format!(
                    " (Matches: {} matches, {} publishes)",
                    key(C::Matches, Action::RunMatch),
                    key(C::Matches, Action::PublishDraft)
                ),
                _ => String::new(),
            };
            return cx.error(format!("{name} stays {}: {why}{hint}.", round.plan.status));
        }
        Err(e) => return cx.error(format!("Could not read {name}: {e}")),
    };
    // What the step means, and the checks it passed.
    let (meaning, checks): (String, Vec<String>) = match to {
        RoundStatus::Closed => {
            let mut said =
                "Applications close: the round takes no more from the survey.".to_string();
            // Closing early is allowed; it is said, not checked.
            if cx.today < round.plan.closes_on {
                said += &format!(" Its window was to run until {}.", round.plan.closes_on);
            }
            if figures.invited > 0 {
                said += &format!(
                    " {} still {} for an answer, and will not be in this round.",
                    counted(figures.invited, "invitation", "invitations"),
                    agree(figures.invited, "waits", "wait")
                );
            }
            let mut checks = vec![format!(
                "no application pending ({} accepted, {} deferred)",
                figures.accepted, figures.deferred
            )];
            if cx.today >= round.plan.closes_on {
                checks.push(format!("its window closed on {}", round.plan.closes_on));
            }
            (said, checks)
        }
        RoundStatus::Matching => (
            "The accepted applicants are matched next; the first run of the matcher moves \
             the round on by itself too."
                .to_string(),
            vec![
                "applications are closed".to_string(),
                format!("{} accepted (two at least)", figures.accepted),
            ],
        ),
        RoundStatus::Ended => (
            "The round is kept for reading, and nothing in it changes any more.".to_string(),
            vec![format!("its term ended on {}", round.plan.ends_on())],
        ),
        other => (format!("The round moves to {other}."), Vec::new()),
    };
    let checks: String = checks.iter().map(|c| format!("\n  ✓ {c}")).collect();
    cx.open(Modal::Question(Question {
        title: "Next stage".to_string(),
        text: format!(
            "Move {name} from {} to {to}?\n\n{meaning} The audit log keeps the move.\n\n\
             Checked:{checks}",
            round.plan.status
        ),
        intent: AnyIntent::Rounds(Intent::Advance {
            id: round.id,
            version: round.version,
            name,
            to,
        }),
    }));
}

impl Rounds {
    /// Opens the form for a new round, with the plan suggested after the latest round.
    pub fn open_new_form(&mut self, today: NaiveDate) {
        let rounds: Vec<Round> = self.all().iter().map(|f| f.round.clone()).collect();
        self.form = Some(Box::new(RoundForm::new_round(&RoundPlan::suggested(
            &rounds, today,
        ))));
    }

    fn update_form(&mut self, action: Action, cx: &mut Cx) {
        let Some(form) = &mut self.form else {
            return;
        };
        match action {
            Action::Cancel => self.form = None,
            Action::Save => {
                let Some(plan) = form.plan() else {
                    return;
                };
                let editing = form.round_id;
                let mut invited = None;
                let from = form.from.clone();
                let saved = match (editing, &from) {
                    (Some(id), _) => cx.store.update_round(id, form.version, &plan),
                    (None, Some((from, _))) => {
                        cx.store.create_round_from(&plan, *from).map(|(round, i)| {
                            invited = Some(i);
                            round
                        })
                    }
                    (None, None) => cx.store.create_round(&plan),
                };
                match saved {
                    Ok(round) => {
                        self.form = None;
                        cx.ask(Ask::ShowPanes);
                        cx.ask(Ask::Focus(Pane::Rounds));
                        cx.ask(Ask::ShowRound(round.id));
                        if editing.is_some() {
                            cx.info(format!("Saved round {}.", round.plan.name));
                        } else if let (Some(i), Some((_, from))) = (invited, &from) {
                            cx.info(format!(
                                "Created round {} after {from}: invited {} ({} deferred, {} left \
                                 unmatched, {} whose partnership ended early); their new \
                                 applications get priority.",
                                round.plan.name,
                                counted(i.total(), "person", "people"),
                                i.deferred,
                                i.unmatched,
                                i.ended_early
                            ));
                        } else {
                            cx.info(format!(
                                "Created round {}: applications open {} to {}. Press {} to \
                                 see its applicants, then {} to import them.",
                                round.plan.name,
                                round.plan.opens_on,
                                round.plan.closes_on,
                                key(C::Panes, Action::ShowApplicants),
                                key(C::Applicants, Action::Import)
                            ));
                        }
                    }
                    Err(StoreError::Stale(what)) => {
                        // What was typed stays; saving again is a deliberate choice to write
                        // over the other change.
                        let changed = match editing.map(|id| cx.store.round(id)) {
                            Some(Ok(now)) => form.changed_elsewhere(&now),
                            _ => Vec::new(),
                        };
                        let what = if changed.is_empty() {
                            what
                        } else {
                            format!("{what}: {}", changed.join(", "))
                        };
                        form.set_form_error(format!(
                            "Not saved: {what}. {} again saves these values over it; {} \
                             keeps the other change.",
                            key(C::RoundForm, Action::Save),
                            key(C::RoundForm, Action::Cancel)
                        ));
                    }
                    Err(e) => form.set_form_error(format!("Not saved: {e}")),
                }
            }
            other => form.update(other),
        }
    }
}

/// Asks before applying a round's country cap, saying what it will do. The Applicants pane
/// offers the cap too; the answer comes back here.
pub fn ask_apply_cap(round_id: RoundId, cx: &mut Cx) {
    // Refused before the question, not after it.
    if let Ok(round) = cx.store.round(round_id)
        && let Err(why) = stage::allows(&round.plan, Act::Applications)
    {
        return cx.error(format!("The cap cannot be applied: {why}."));
    }
    let plan = match cap::preview(cx.store, round_id) {
        Ok(plan) => plan,
        Err(e @ StoreError::Invalid(_)) => {
            return cx.error(format!("The cap was not applied: {e}."));
        }
        Err(e) => return cx.error(format!("Could not read the round: {e}")),
    };
    if plan.live == 0 {
        cx.error(format!(
            "{} has no applications to cap yet; import them first ({}, then {}).",
            plan.round,
            key(C::Panes, Action::ShowApplicants),
            key(C::Applicants, Action::Import)
        ));
        return;
    }
    let effect = if plan.would.changed() == 0 {
        "Every application already has the status the cap gives it: nothing would change."
            .to_string()
    } else {
        format!(
            "Now it would accept {} and defer {}, overriding any status set by hand (but not \
             one held against the cap with {} in Applicants).",
            plan.would.accepted,
            plan.would.deferred,
            key(C::Applicants, Action::HoldCap)
        )
    };
    let left_alone = match plan.left_alone.as_slice() {
        [] => String::new(),
        names => format!(
            "\n\nLeft where they are, being in partnerships (their country is over the cap \
             by them): {}.",
            names.join(", ")
        ),
    };
    let text = format!(
        "Apply the {}% country cap to {}?\n\n\
         {} {} not withdrawn, so each country may have at most {} accepted. In each \
         country those with priority (carried over) are accepted first, then the earliest \
         applications; the rest are deferred to the next round.\n\n{effect}{left_alone}",
        plan.cap_percent,
        plan.round,
        counted(plan.live, "application", "applications"),
        agree(plan.live, "has", "have"),
        plan.limit
    );
    cx.open(Modal::Question(Question {
        title: "Apply the country cap".to_string(),
        text,
        intent: AnyIntent::Rounds(Intent::ApplyCap { plan }),
    }));
}

fn apply_cap(plan: &CapPlan, cx: &mut Cx) {
    let (name, percent) = (&plan.round, plan.cap_percent);
    match cap::apply(cx.store, plan) {
        Ok(done) if done.changed() == 0 => cx.info(format!(
            "Applied the {percent}% country cap to {name}: nothing changed; every application \
             already had the status the cap gives it."
        )),
        Ok(done) => cx.info(format!(
            "Applied the {percent}% country cap to {name}: {} accepted, {} deferred.",
            done.accepted, done.deferred
        )),
        Err(e) => cx.refused("The cap was not applied", e),
    }
}

impl Feature for Rounds {
    fn depends_on(&self) -> Changes {
        // Each round's application figures are shown too.
        Changes::ROUNDS | Changes::APPLICATIONS
    }

    fn round_id(&self) -> Option<RoundId> {
        self.selected().map(|f| f.round.id)
    }

    fn read(&mut self, store: &Store, round: &Round) -> Result<(), StoreError> {
        self.reload(store, Some(round.id))
    }

    fn clear(&mut self) {}

    fn list(&self) -> (&ListView, &FilterState) {
        (&self.list, &self.filter)
    }

    fn list_mut(&mut self) -> (&mut ListView, &mut FilterState) {
        (&mut self.list, &mut self.filter)
    }

    fn mode(&self) -> Option<Mode> {
        self.form.as_ref().map(|_| Mode::RoundForm)
    }

    fn holds(&self, _condition: Condition) -> bool {
        // The pane's only condition, a round selected, is the shell's: it answers
        // `RoundShown` for every pane.
        false
    }

    fn update(&mut self, action: Action, cx: &mut Cx) {
        if self.form.is_some() {
            return self.update_form(action, cx);
        }
        match action {
            Action::NewRound => self.open_new_form(cx.today),
            Action::NextRound => match self.selected() {
                Some(f) => {
                    let from = (f.round.id, f.round.plan.name.clone());
                    self.open_new_form(cx.today);
                    if let Some(form) = &mut self.form {
                        form.from = Some(from);
                    }
                }
                None => cx.error("No round is selected."),
            },
            Action::EditRound => match self.selected() {
                Some(f) if f.round.plan.status == RoundStatus::Ended => cx.error(format!(
                    "{} has ended; its plan is kept as it ran.",
                    f.round.plan.name
                )),
                Some(f) => self.form = Some(Box::new(RoundForm::edit(&f.round))),
                None => cx.error(format!(
                    "No round is selected; press {} to create one.",
                    key(C::Rounds, Action::NewRound)
                )),
            },
            Action::ExportRecords => {
                if let Some(f) = self.selected() {
                    let round = f.round.clone();
                    crate::tui::features::exporting::ask(
                        &round,
                        crate::tui::features::exporting::the_round(),
                        cx,
                    );
                }
            }
            Action::ApplyCap => match self.selected() {
                Some(f) => ask_apply_cap(f.round.id, cx),
                None => cx.error("No round is selected."),
            },
            Action::AdvanceStage => match self.selected() {
                Some(f) => ask_advance(f, cx),
                None => cx.error("No round is selected."),
            },
            _ => {}
        }
    }

    fn type_char(&mut self, c: char, _cx: &mut Cx) {
        if let Some(form) = &mut self.form {
            form.type_char(c);
        }
    }

    fn render(
        &self,
        area: ratatui::layout::Rect,
        buf: &mut ratatui::buffer::Buffer,
    ) -> Option<ratatui::layout::Position> {
        self.draw(area, buf)
    }
}

impl Flows for Rounds {
    type Intent = Intent;

    fn answer(&mut self, intent: Intent, answer: Answer, cx: &mut Cx) -> Result<(), String> {
        match (intent, answer) {
            (Intent::ApplyCap { plan }, Answer::Yes) => apply_cap(&plan, cx),
            (
                Intent::Advance {
                    id,
                    version,
                    name,
                    to,
                },
                Answer::Yes,
            ) => match cx.store.advance_round(id, version, cx.today) {
                Ok(now) => cx.info(format!("{name} is now {now}.")),
                Err(e) => cx.refused(format!("{name} was not moved to {to}"), e),
            },
            (Intent::Advance { name, .. }, _) => cx.info(format!("{name} stays as it was.")),
            (Intent::ApplyCap { .. }, _) => {
                cx.info("The country cap was not applied; nothing changed.")
            }
        }
        Ok(())
    }
}
