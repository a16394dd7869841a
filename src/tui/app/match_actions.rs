//! Matches: running the matcher in the background (with its question, progress and
//! cancel), keeping the result as the round's draft, and locking pairs.

use super::App;
use crate::domain::{Partnership, PartnershipStatus};
use crate::engine::round::Outcome;
use crate::ops::candidates::{self, SHOWN};
use crate::ops::matching::{self, MatchError};
use crate::ops::publish::{self, PublishError};
use crate::ops::readiness::Readiness;
use crate::store::{ProblemKind, StoreError};
use crate::tui::action::Action;
use crate::tui::match_run::MatchRun;
use crate::tui::popups::{
    CandidatesPopup, DatePrompt, DatePurpose, MessagesPopup, PickItem, Picker, Picking, Popup,
    Question, Questioned, TextPrompt, TextPurpose, WeightsForm,
};

/// `1 pair`, `3 pairs`.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl App {
    pub(super) fn update_matches(&mut self, action: Action) {
        match action {
            Action::RunMatch => self.ask_run_match(),
            Action::CancelMatch => {
                if let Some(run) = &mut self.match_run {
                    run.cancel();
                    self.info("Stopping the matcher; the previous draft stays as it was.");
                }
            }
            Action::SortByScore => self.matches.toggle_score_order(),
            Action::ToggleLock => self.toggle_lock(),
            Action::ShowCandidates => self.open_candidates(0),
            Action::Unpair => self.unpair(),
            Action::ForbidPair => self.ask_forbid(),
            Action::UndoDraft | Action::RedoDraft => self.step_draft(action == Action::UndoDraft),
            Action::PublishDraft => self.ask_publish(),
            Action::LogProblem => self.ask_problem(),
            Action::EndEarly => self.ask_end_early(),
            Action::EditWeights => self.open_weights(),
            Action::ShowReadiness => self.show_readiness(),
            _ => {}
        }
    }

    /// The selected draft pair, or an error said and `None`.
    fn selected_draft(&mut self) -> Option<Partnership> {
        match self.matches.selected_partnership().cloned() {
            Some(p) if p.status == PartnershipStatus::Draft => Some(p),
            Some(_) => {
                self.error("This partnership is published; only draft pairs change here.");
                None
            }
            None => {
                self.error("No pair is selected; press m to match the round.");
                None
            }
        }
    }

    /// The selected running partnership, or an error said and `None`.
    fn selected_active(&mut self) -> Option<Partnership> {
        match self.matches.selected_partnership().cloned() {
            Some(p) if p.status == PartnershipStatus::Active => Some(p),
            Some(p) => {
                self.error(format!(
                    "This partnership is {}; problems and early ends are for active ones.",
                    crate::tui::panes::matches::status_label(p.status)
                ));
                None
            }
            None => {
                self.error("No partnership is selected.");
                None
            }
        }
    }

    fn open_candidates(&mut self, person: usize) {
        let people = self.matches.selected_people();
        let Some((id, name)) = people.get(person).cloned() else {
            self.error("No one is selected; press m to match the round first.");
            return;
        };
        let Some(round) = self.current_round().map(|r| r.id) else {
            return;
        };
        let (rows, empty) = match candidates::ranked(&self.store, round, id, SHOWN) {
            Ok(rows) => (
                rows,
                format!("{name} has no allowed partner in this round."),
            ),
            Err(why) => (Vec::new(), format!("{name}: {why}.")),
        };
        self.popup = Some(Popup::Candidates(CandidatesPopup {
            people,
            person,
            rows,
            selected: 0,
            empty,
        }));
    }

    pub(super) fn update_candidates(&mut self, action: Action) {
        let Some(Popup::Candidates(popup)) = &mut self.popup else {
            return;
        };
        match action {
            Action::Cancel => self.popup = None,
            Action::NextPerson => {
                let next = (popup.person + 1) % popup.people.len().max(1);
                self.open_candidates(next);
            }
            Action::Confirm => {
                let Some(c) = popup.chosen().cloned() else {
                    return;
                };
                let (person, name) = {
                    let (id, name) = popup.person();
                    (id, name.to_string())
                };
                // The groups the coordinator saw: the selected row's, and the candidate's.
                let mut own: Vec<i64> = popup.people.iter().map(|(id, _)| *id).collect();
                if own.len() < 2 {
                    own.clear();
                }
                own.sort_unstable();
                let shown = [own, c.group.clone()];
                self.popup = None;
                let Some(round) = self.current_round().map(|r| r.id) else {
                    return;
                };
                match self
                    .store
                    .pair_by_hand(round, person, c.id, Some(c.score), &shown)
                {
                    Ok(dissolved) => {
                        let broken: Vec<String> = dissolved
                            .iter()
                            .map(|members| self.names_of(members))
                            .collect();
                        let broke = if broken.is_empty() {
                            String::new()
                        } else {
                            format!(
                                " This broke up {}; anyone left alone is unmatched now.",
                                broken.join(" and ")
                            )
                        };
                        self.info(format!(
                            "Paired {name} with {} by hand (score {}, locked).{broke} u undoes.",
                            c.name, c.score
                        ));
                    }
                    Err(e) => self.refused("Not paired", e),
                }
            }
            other => popup.update(other),
        }
    }

    fn names_of(&self, members: &[i64]) -> String {
        members
            .iter()
            .map(|&id| {
                self.applicants
                    .row_by_id(id)
                    .map_or(format!("#{id}"), |r| r.name.clone())
            })
            .collect::<Vec<_>>()
            .join(" & ")
    }

    fn unpair(&mut self) {
        let Some(p) = self.selected_draft() else {
            return;
        };
        let names = self.names_of(&p.members);
        match self.store.unpair(&p) {
            Ok(()) => {
                self.info(format!(
                    "Unpaired {names}; they are unmatched until you pair them (c) or match \
                     again. u undoes."
                ));
            }
            Err(e) => self.refused(format!("{names} were not unpaired"), e),
        }
    }

    fn ask_forbid(&mut self) {
        let Some(p) = self.selected_draft() else {
            return;
        };
        if p.members.len() != 2 {
            self.error("Only a pair can be forbidden; unpair a trio (x) instead.");
            return;
        }
        let names = self.names_of(&p.members);
        self.popup = Some(Popup::Question(Question {
            title: "Forbid a pair".to_string(),
            text: format!(
                "Never pair {names} again, in this round or any later one?\n\nThey are \
                 unpaired now; matching again finds each of them someone else. u undoes."
            ),
            then: Questioned::ForbidPair { partnership: p },
        }));
    }

    fn step_draft(&mut self, undo: bool) {
        let Some(round) = self.current_round().map(|r| r.id) else {
            return;
        };
        let result = if undo {
            self.store.undo_draft(round)
        } else {
            self.store.redo_draft(round)
        };
        match result {
            Ok(Some(what)) => {
                let verb = if undo { "Undid" } else { "Redid" };
                self.info(format!("{verb}: {what}."));
            }
            Ok(None) if undo => self.info("Nothing to undo in this round's draft."),
            Ok(None) => self.info("Nothing to redo."),
            Err(e) => self.refused("Nothing changed", e),
        }
    }

    fn ask_publish(&mut self) {
        let Some(round) = self.current_round().cloned() else {
            return;
        };
        let plan = match publish::preview(&self.store, &round, self.today) {
            Ok(plan) => plan,
            Err(PublishError::NoDraft { .. }) => {
                return self.error("There is no draft to publish; press m to match the round.");
            }
            Err(e) => return self.error(format!("Could not read the draft: {e}")),
        };
        let pairs = counted(plan.pairs, "pair", "pairs");
        let trios = counted(plan.trios, "trio", "trios");
        self.popup = Some(Popup::Question(Question {
            title: "Publish the matches".to_string(),
            text: format!(
                "Publish {pairs} and {trios} ({} people) as the partnerships \
                 of {}?\n\nThey run from {} to {}, and count as past partners in later \
                 rounds. {} people stay unmatched. The draft's undo history ends here.",
                plan.people, plan.round, plan.starts_on, plan.ends_on, plan.unmatched
            ),
            then: Questioned::Publish { plan },
        }));
    }

    fn publish(&mut self, plan: &publish::PublishPlan) {
        match publish::publish(&mut self.store, plan) {
            Ok(p) => {
                self.info(format!(
                    "Published {} partnerships ({} people), {} to {}. Log a problem with p; \
                     end one early with E.",
                    p.partnerships, p.people, p.starts_on, p.ends_on
                ));
            }
            Err(PublishError::Store(e)) => self.refused("Nothing was published", e),
            Err(e) => self.error(format!("Nothing was published: {e}")),
        }
    }

    fn ask_problem(&mut self) {
        let Some(p) = self.selected_active() else {
            return;
        };
        let names = self.names_of(&p.members);
        let items = ProblemKind::ALL
            .into_iter()
            .map(|k| PickItem {
                label: k.label().to_string(),
                description: match k {
                    ProblemKind::Unresponsive => "A partner has not answered for a while.",
                    ProblemKind::Withdrawal => "A partner wants to leave the program.",
                    ProblemKind::Conduct => "A report under the code of conduct.",
                    ProblemKind::Other => "Anything else worth following up.",
                }
                .to_string(),
            })
            .collect();
        self.popup = Some(Popup::Picker(Picker::new(
            "Log a problem",
            format!("What is the problem with {names}?"),
            items,
            Picking::ProblemKind { partnership: p },
        )));
    }

    pub(super) fn ask_problem_note(&mut self, partnership: Partnership, index: usize) {
        let Some(&kind) = ProblemKind::ALL.get(index) else {
            return;
        };
        self.popup = Some(Popup::TextPrompt(TextPrompt::new(
            "Log a problem",
            format!(
                "A note on the {} (who, what, what was agreed):",
                kind.label()
            ),
            TextPurpose::ProblemNote { partnership, kind },
        )));
    }

    pub(super) fn record_problem(
        &mut self,
        partnership: &Partnership,
        kind: ProblemKind,
        note: &str,
        follow_up: chrono::NaiveDate,
    ) {
        match self
            .store
            .log_problem(partnership, kind, note, Some(follow_up), self.today)
        {
            Ok(_) => {
                self.info(format!(
                    "Logged: {}; follow up on {follow_up}.",
                    kind.label()
                ));
            }
            Err(e) => self.refused("The problem was not logged", e),
        }
    }

    fn ask_end_early(&mut self) {
        let Some(p) = self.selected_active() else {
            return;
        };
        let names = self.names_of(&p.members);
        self.popup = Some(Popup::TextPrompt(TextPrompt::new(
            "End a partnership early",
            format!(
                "Why does the partnership of {names} end today? Its members join the rematch \
                 pool (m pairs the pool; w in Applicants drops someone who left)."
            ),
            TextPurpose::EndReason { partnership: p },
        )));
    }

    pub(super) fn update_text_prompt(&mut self, action: Action) {
        let Some(Popup::TextPrompt(prompt)) = &mut self.popup else {
            return;
        };
        match action {
            Action::Cancel => self.close_unchanged(),
            Action::Confirm => {
                let text = prompt.input.value().trim().to_string();
                match prompt.purpose.clone() {
                    TextPurpose::ProblemNote { partnership, kind } => {
                        let Some(round) = self.current_round().cloned() else {
                            return;
                        };
                        let start = self.today.max(round.plan.starts_on);
                        let end = round.plan.ends_on().max(start);
                        let follow_up = (start + chrono::Days::new(14)).min(end);
                        self.popup = Some(Popup::DatePrompt(DatePrompt::new(
                            "Log a problem",
                            "When should this be followed up?".to_string(),
                            DatePurpose::FollowUp {
                                partnership,
                                kind,
                                note: text,
                            },
                            follow_up,
                            (self.today.min(start), end),
                        )));
                    }
                    TextPurpose::EndReason { partnership } => {
                        if text.is_empty() {
                            prompt.error = Some("Say why it ends; the reason is kept.".into());
                            return;
                        }
                        match self.store.end_early(&partnership, &text, self.today) {
                            Ok(p) => {
                                self.popup = None;
                                self.info(format!(
                                    "Ended the partnership of {} early; they join the rematch \
                                     pool. m pairs the pool.",
                                    self.names_of(&p.members)
                                ));
                            }
                            Err(e @ StoreError::Stale(_)) => {
                                self.popup = None;
                                self.refused("Not ended", e);
                            }
                            Err(e) => prompt.error = Some(format!("Not ended: {e}")),
                        }
                    }
                }
            }
            edit => {
                prompt.error = None;
                prompt.input.apply(edit);
            }
        }
    }

    pub(super) fn type_in_text_prompt(&mut self, c: char) {
        if let Some(Popup::TextPrompt(prompt)) = &mut self.popup {
            prompt.error = None;
            prompt.input.insert(c);
        }
    }

    fn open_weights(&mut self) {
        let Some(round) = self.current_round().cloned() else {
            return;
        };
        // Saved settings that cannot be read are shown as the defaults, to be saved again.
        let (settings, unreadable) = match self.store.round_settings(round.id) {
            Ok(s) => (s, None),
            Err(StoreError::BadSettings { reason, .. }) => {
                (self.store.default_settings().clone(), Some(reason))
            }
            Err(e) => return self.error(format!("Cannot read the round's settings: {e}")),
        };
        let mut form = WeightsForm::new(round.id, &round.plan.name, settings);
        form.error = unreadable.map(|reason| {
            format!(
                "The saved settings cannot be read ({reason}); these are the defaults, and \
                 Enter saves them for this round."
            )
        });
        self.popup = Some(Popup::Weights(Box::new(form)));
    }

    pub(super) fn update_weights(&mut self, action: Action) {
        let Some(Popup::Weights(form)) = &mut self.popup else {
            return;
        };
        match action {
            Action::Cancel => {
                self.popup = None;
                self.info("The weights and rules stay as they were.");
            }
            Action::Save => {
                if let Err(e) = form.settings.validate() {
                    form.error = Some(e);
                    return;
                }
                let unreadable = matches!(
                    self.store.round_own_settings(form.round_id),
                    Err(StoreError::BadSettings { .. })
                );
                if !form.is_changed() && !unreadable {
                    self.popup = None;
                    self.info("Nothing to save; the weights and rules are as they were.");
                    return;
                }
                match self.store.set_round_settings(form.round_id, &form.settings) {
                    Ok(()) => {
                        self.popup = None;
                        self.info(
                            "Saved the weights and rules for this round. The scores listed are \
                             the last run's; the explanations use the new weights; m matches \
                             with them.",
                        );
                    }
                    Err(e) => form.error = Some(format!("Not saved: {e}")),
                }
            }
            other => form.update(other),
        }
    }

    fn show_readiness(&mut self) {
        let Some(round) = self.current_round().cloned() else {
            return;
        };
        let mut lines = match Readiness::read(&self.store, round.id) {
            Ok(report) => report.lines(),
            Err(e) => {
                return self.error(format!(
                    "Cannot tell whether {} is ready to match: {e}",
                    round.plan.name
                ));
            }
        };
        let intro = lines.remove(0);
        self.popup = Some(Popup::Messages(
            MessagesPopup::new(format!("Ready to match {}?", round.plan.name), intro, lines)
                .with_plain_items(),
        ));
    }

    fn ask_run_match(&mut self) {
        if let Some(run) = &self.match_run {
            self.error(format!(
                "{} is being matched already; Esc in Matches stops it.",
                run.round_name
            ));
            return;
        }
        let Some(round) = self.current_round().cloned() else {
            self.error("No round is selected; choose one in Rounds (1).");
            return;
        };
        match self.store.unlocked_draft_count(round.id) {
            Ok(0) => self.start_match(round.id),
            Ok(n) => {
                self.popup = Some(Popup::Question(Question {
                    title: "Match again".to_string(),
                    text: format!(
                        "Match {} again?\n\nThe {n} unlocked draft pairs and trios are replaced \
                         by the new result; locked ones are kept as they are.",
                        round.plan.name
                    ),
                    then: Questioned::RunMatch { round_id: round.id },
                }));
            }
            Err(e) => self.error(format!("Could not read the draft: {e}")),
        }
    }

    pub(super) fn start_match(&mut self, round_id: i64) {
        let Some(round) = self.rounds.figures_of(round_id).map(|f| f.round.clone()) else {
            return;
        };
        let prepared = match matching::prepare(&self.store, round_id) {
            Ok(p) => p,
            Err(e) => return self.error(format!("Cannot match {}: {e}", round.plan.name)),
        };
        if prepared.input.applicants.len() < 2 {
            self.error(format!(
                "{} has {} accepted applicants not yet in a partnership; accept applications \
                 first (2, then a, or c for the country cap).",
                round.plan.name,
                prepared.input.applicants.len()
            ));
            return;
        }
        let run = MatchRun::start(prepared, round_id, &round.plan.name);
        self.info(format!(
            "Matching {} applicants of {}; the app stays usable, Esc in Matches stops it.",
            run.applicants, round.plan.name
        ));
        self.match_run = Some(run);
    }

    /// Takes the running match's news; returns whether there was any.
    pub(super) fn poll_match(&mut self) -> bool {
        let Some(run) = &mut self.match_run else {
            return false;
        };
        let phase = run.phase;
        match run.poll() {
            Some(outcome) => {
                let run = self.match_run.take().expect("a run is going");
                self.finish_match(run, outcome);
                true
            }
            None => run.phase != phase,
        }
    }

    /// Lets a run end before the app does, so no thread outlives it mid-write.
    pub(super) fn stop_match(&mut self) {
        if let Some(mut run) = self.match_run.take() {
            run.cancel();
            let _ = run.wait();
        }
    }

    fn finish_match(&mut self, run: MatchRun, outcome: Result<Outcome, MatchError>) {
        // Once stopped, a result that arrived anyway is not kept: the coordinator asked for
        // the previous draft.
        let outcome = match outcome {
            Ok(o) if !run.cancelling => o,
            Ok(_) | Err(MatchError::Cancelled) => {
                self.info(format!(
                    "Matching {} stopped; the previous draft is unchanged.",
                    run.round_name
                ));
                return;
            }
            Err(e) => {
                self.error(format!("{} was not matched: {e}", run.round_name));
                return;
            }
        };
        match matching::save_draft(&mut self.store, run.round_id, &outcome) {
            Ok(replaced) => {
                let said = format!(
                    "Matched {} in {:.1} s: {}, {}, {} unmatched; mean score {:.1}, lowest {}; \
                     {} ({} earlier drafts replaced).",
                    run.round_name,
                    outcome.seconds,
                    counted(outcome.pairs(), "pair", "pairs"),
                    counted(outcome.trios(), "trio", "trios"),
                    outcome.unmatched.len(),
                    outcome.mean_score(),
                    outcome
                        .lowest_score()
                        .map_or("–".to_string(), |s| s.to_string()),
                    outcome.certificate,
                    replaced
                );
                self.info(said);
            }
            Err(e) => self.error(format!(
                "The result for {} was not kept: {e}; the previous draft is unchanged.",
                run.round_name
            )),
        }
    }

    fn toggle_lock(&mut self) {
        let Some(p) = self.matches.selected_partnership().cloned() else {
            self.error("No pair is selected; press m to match the round.");
            return;
        };
        if p.status != PartnershipStatus::Draft {
            self.error("Only draft pairs are locked; this partnership is published.");
            return;
        }
        let names = self.matches.selected_names();
        match self.store.set_partnership_locked(&p, !p.locked) {
            Ok(()) => {
                self.info(if p.locked {
                    format!("Unlocked {names}: matching again may change this pair.")
                } else {
                    format!("Locked {names}: matching again keeps this pair.")
                });
            }
            Err(e) => self.refused(format!("{names} was not changed"), e),
        }
    }

    pub(super) fn answer_match_question(&mut self, yes: bool, then: Questioned) {
        match then {
            Questioned::RunMatch { round_id } if yes => self.start_match(round_id),
            Questioned::ForbidPair { partnership } if yes => {
                match self
                    .store
                    .forbid_draft_pair(&partnership, "forbidden in Matches")
                {
                    Ok(()) => {
                        self.info("Forbade the pair and unpaired them. u undoes.");
                    }
                    Err(e) => self.refused("Nothing changed", e),
                }
            }
            Questioned::Publish { plan } if yes => self.publish(&plan),
            _ => self.info("Nothing changed; the draft stays as it was."),
        }
    }
}
