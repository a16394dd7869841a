//! Matches: running the matcher in the background (with its question, progress and
//! cancel), keeping the result as the round's draft, and locking pairs.

use super::App;
use crate::domain::PartnershipStatus;
use crate::engine::round::Outcome;
use crate::matching::{self, MatchError};
use crate::tui::action::Action;
use crate::tui::match_run::MatchRun;
use crate::tui::popups::{Popup, Question, Questioned};

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
            _ => {}
        }
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
                self.rounds_stale = true;
                let count = |n: usize, one: &str, many: &str| {
                    format!("{n} {}", if n == 1 { one } else { many })
                };
                let said = format!(
                    "Matched {} in {:.1} s: {}, {}, {} unmatched; mean score {:.1}, lowest {}; \
                     {} ({} earlier drafts replaced).",
                    run.round_name,
                    outcome.seconds,
                    count(outcome.pairs(), "pair", "pairs"),
                    count(outcome.trios(), "trio", "trios"),
                    outcome.unmatched.len(),
                    outcome.mean_score(),
                    outcome
                        .lowest_score()
                        .map_or("–".to_string(), |s| s.to_string()),
                    outcome.certificate,
                    replaced
                );
                self.reload_matches();
                self.info(said);
            }
            Err(e) => self.error(format!(
                "The result for {} was not kept: {e}; the previous draft is unchanged.",
                run.round_name
            )),
        }
    }

    fn reload_matches(&mut self) {
        let Some(round) = self.current_round().cloned() else {
            return;
        };
        let result = self
            .ensure_applicants(&round)
            .and_then(|()| self.matches.load(&self.store, &round, &self.applicants));
        if let Err(e) = result {
            self.error(format!("Could not read the matches: {e}"));
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
        match self.store.set_partnership_locked(p.id, !p.locked) {
            Ok(()) => {
                self.reload_matches();
                self.info(if p.locked {
                    format!("Unlocked {names}: matching again may change this pair.")
                } else {
                    format!("Locked {names}: matching again keeps this pair.")
                });
            }
            Err(e) => self.error(format!("{names} was not changed: {e}")),
        }
    }

    pub(super) fn answer_match_question(&mut self, yes: bool, then: Questioned) {
        match then {
            Questioned::RunMatch { round_id } if yes => self.start_match(round_id),
            _ => self.info("Nothing changed; the draft stays as it was."),
        }
    }
}
