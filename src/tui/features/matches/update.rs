//! What the Matches pane does: running the matcher in the background (with its question,
//! progress and stop), locking, unpairing, forbidding and pairing by hand with undo, the
//! weights and the readiness report, publishing, and during the round problems and early
//! ends; and the intents of those flows.

use std::time::Instant;

use super::send_run::Polled;
use super::{CandidatesPopup, MatchRun, Matches, SendRun, WeightsForm};
use crate::domain::{
    ApplicationId, MessageKind, Partnership, PartnershipId, PartnershipStatus, Round, RoundId,
};
use crate::engine::round::Outcome;
use crate::ops::candidates::{self, SHOWN};
use crate::ops::matching::{self, MatchError};
use crate::ops::outbox;
use crate::ops::publish::{self, PublishError, PublishPlan};
use crate::ops::readiness::Readiness;
use crate::ops::smtp::SmtpUrl;
use crate::store::{Changes, Problem, ProblemKind, ProblemOutcome, Store, StoreError};
use crate::text::{agree, counted, shown};
use crate::tui::features::{Cx, Feature, Flows, Intent as AnyIntent, Mode};
use crate::tui::keys::{Action, Condition, Context as C, key};
use crate::tui::kit::layout::FilterState;
use crate::tui::kit::list_view::ListView;
use crate::tui::kit::modal::{
    Answer, DatePrompt, MessagesPopup, Modal, PickItem, Picker, Question, TextPrompt,
};

/// The orders the open problems are listed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemOrder {
    /// The follow-ups due first (those without one last).
    FollowUp,
    /// The latest logged first.
    Logged,
}

impl ProblemOrder {
    fn other(self) -> ProblemOrder {
        match self {
            ProblemOrder::FollowUp => ProblemOrder::Logged,
            ProblemOrder::Logged => ProblemOrder::FollowUp,
        }
    }
}

/// What the Matches pane's modals are for. Each names the partnership as it was shown, so
/// that a change made meanwhile elsewhere is refused rather than acted on unseen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Intent {
    /// Send the round's messages of the kind picked (of `SENDABLE`).
    SendWhich {
        round_id: RoundId,
    },
    /// Through the SMTP server typed.
    SendServer {
        round_id: RoundId,
        kind: MessageKind,
    },
    /// Send, once asked.
    SendNow {
        round_id: RoundId,
        kind: MessageKind,
        url: String,
    },
    /// Match a round again, replacing its unlocked draft.
    RunMatch {
        round_id: RoundId,
        /// The draft the question counted: ids and versions.
        draft: Vec<(PartnershipId, i64)>,
    },
    ForbidPair {
        partnership: Partnership,
    },
    /// Publish the draft as it was counted in the question.
    Publish {
        plan: PublishPlan,
    },
    /// The kind of problem to log.
    ProblemKind {
        partnership: Partnership,
    },
    /// The note of a problem; a follow-up date is asked next.
    ProblemNote {
        partnership: Partnership,
        kind: ProblemKind,
    },
    /// When to follow up a problem.
    FollowUp {
        partnership: Partnership,
        kind: ProblemKind,
        note: String,
    },
    /// Why a partnership ends early.
    EndReason {
        partnership: Partnership,
    },
    /// Add someone of the rematch pool to a running pair (as shown) as its third member.
    JoinPair {
        partnership: Box<Partnership>,
        person: ApplicationId,
        name: String,
    },
    /// The open problems as listed, in the order named, one of which is to be settled.
    SettleWhich(Vec<Problem>, ProblemOrder),
    /// Resolved or closed, for the problem as shown.
    SettleHow(Box<Problem>),
    /// The note saying how the problem was settled.
    SettleNote {
        problem: Box<Problem>,
        outcome: ProblemOutcome,
    },
}

impl Matches {
    pub(super) fn update_matches(&mut self, action: Action, cx: &mut Cx) {
        match action {
            Action::RunMatch => self.ask_run_match(cx),
            Action::StopWork => {
                if let Some(run) = &mut self.run {
                    run.cancel();
                    cx.info("Stopping the matcher; the previous draft stays as it was.");
                }
            }
            Action::SortByScore => self.toggle_score_order(),
            Action::ShowProblems => self.show_problems(ProblemOrder::FollowUp, cx),
            Action::SendMessages => self.ask_what_to_send(cx),
            Action::ExportRecords => {
                if let Some(round) = cx.round.clone() {
                    use crate::domain::MessageKind as K;
                    use crate::ops::exports::Records as R;
                    use crate::tui::features::exporting::{self, Export as E};
                    exporting::ask(
                        &round,
                        vec![
                            E::Table(R::Partnerships),
                            E::Table(R::Problems),
                            E::Table(R::Candidates {
                                solver_graph: false,
                            }),
                            E::Messages(K::Introduction),
                            E::Messages(K::Rematch),
                            E::Messages(K::NoMatch),
                            E::Messages(K::ReEnrol),
                        ],
                        cx,
                    );
                }
            }
            Action::ToggleLock => self.toggle_lock(cx),
            Action::ShowCandidates => self.open_candidates(0, cx),
            Action::Unpair => self.unpair(cx),
            Action::ForbidPair => self.ask_forbid(cx),
            Action::UndoDraft | Action::RedoDraft => {
                self.step_draft(action == Action::UndoDraft, cx)
            }
            Action::PublishDraft => self.ask_publish(cx),
            Action::LogProblem => self.ask_problem(cx),
            Action::EndEarly => self.ask_end_early(cx),
            Action::EditWeights => self.open_weights(cx),
            Action::ShowReadiness => self.show_readiness(cx),
            _ => {}
        }
    }

    /// The selected draft pair, or an error said and `None`.
    fn selected_draft(&mut self, cx: &mut Cx) -> Option<Partnership> {
        match self.selected_partnership().cloned() {
            Some(p) if p.status == PartnershipStatus::Draft => Some(p),
            Some(_) => {
                cx.error("This partnership is published; only draft pairs change here.");
                None
            }
            None => {
                cx.error(format!(
                    "No pair is selected; press {} to match the round.",
                    key(C::Matches, Action::RunMatch)
                ));
                None
            }
        }
    }

    /// The selected running partnership, or an error said and `None`.
    fn selected_active(&mut self, cx: &mut Cx) -> Option<Partnership> {
        match self.selected_partnership().cloned() {
            Some(p) if p.status == PartnershipStatus::Active => Some(p),
            Some(p) => {
                cx.error(format!(
                    "This partnership is {}; problems and early ends are for active ones.",
                    p.status.label()
                ));
                None
            }
            None => {
                cx.error("No partnership is selected.");
                None
            }
        }
    }

    fn open_candidates(&mut self, person: usize, cx: &mut Cx) {
        let people = self.selected_people();
        let Some((id, name)) = people.get(person).cloned() else {
            cx.error(format!(
                "No one is selected; press {} to match the round first.",
                key(C::Matches, Action::RunMatch)
            ));
            return;
        };
        let Some(round) = cx.round.as_ref().map(|r| r.id) else {
            return;
        };
        let (rows, empty) = match candidates::ranked(cx.store, round, id, SHOWN) {
            Ok(rows) => (
                rows,
                format!("{name} has no allowed partner in this round."),
            ),
            Err(why) => (Vec::new(), format!("{name}: {why}.")),
        };
        self.candidates = Some(Box::new(CandidatesPopup {
            people,
            person,
            rows,
            selected: 0,
            empty,
        }));
    }

    pub(super) fn update_candidates(&mut self, action: Action, cx: &mut Cx) {
        let Some(popup) = &mut self.candidates else {
            return;
        };
        match action {
            Action::Cancel => self.candidates = None,
            Action::NextPerson => {
                let next = (popup.person + 1) % popup.people.len().max(1);
                self.open_candidates(next, cx);
            }
            Action::Confirm => {
                let Some(c) = popup.chosen().cloned() else {
                    return;
                };
                let (person, name) = {
                    let (id, name) = popup.person();
                    (id, name.to_string())
                };
                // A running pair to join: asked first.
                if let Some(partnership) = c.joins.clone() {
                    self.candidates = None;
                    cx.open(Modal::Question(Question {
                        title: "Join a running pair".to_string(),
                        text: format!(
                            "No pair is possible for {name}. Add {name} to {}'s running \
                             partnership as a third member (score {} with both)?\n\nThe three \
                             keep the pair's dates; the audit log keeps the change.",
                            c.name, c.score
                        ),
                        intent: AnyIntent::Matches(Intent::JoinPair {
                            partnership: Box::new(partnership),
                            person,
                            name,
                        }),
                    }));
                    return;
                }
                // The groups the coordinator saw: the selected row's, and the candidate's.
                let mut own: Vec<ApplicationId> = popup.people.iter().map(|(id, _)| *id).collect();
                if own.len() < 2 {
                    own.clear();
                }
                own.sort_unstable();
                let shown = [own, c.group.clone()];
                self.candidates = None;
                let Some(round) = cx.round.as_ref().map(|r| r.id) else {
                    return;
                };
                match cx
                    .store
                    .pair_by_hand(round, person, c.id, Some(c.score), &shown)
                {
                    Ok(dissolved) => {
                        self.select_person = Some(person);
                        // Their own pair, when they were partners already, was not broken up.
                        let theirs = |members: &&Vec<ApplicationId>| {
                            members.len() == 2
                                && members.contains(&person)
                                && members.contains(&c.id)
                        };
                        if dissolved.iter().any(|m| theirs(&m)) {
                            cx.info(format!(
                                "{name} and {} were partners already; the pair is locked now, \
                                 so matching again keeps it. {} undoes.",
                                c.name,
                                key(C::Matches, Action::UndoDraft)
                            ));
                            return;
                        }
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
                        cx.info(format!(
                            "Paired {name} with {} by hand (score {}, locked).{broke} {} undoes.",
                            c.name,
                            c.score,
                            key(C::Matches, Action::UndoDraft)
                        ));
                    }
                    Err(e) => cx.refused("Not paired", e),
                }
            }
            other => popup.update(other),
        }
    }

    fn names_of(&self, members: &[ApplicationId]) -> String {
        members
            .iter()
            .map(|&id| self.person(id).map_or(format!("#{id}"), |r| r.name.clone()))
            .collect::<Vec<_>>()
            .join(" & ")
    }

    fn unpair(&mut self, cx: &mut Cx) {
        let Some(p) = self.selected_draft(cx) else {
            return;
        };
        let names = self.names_of(&p.members);
        match cx.store.unpair(&p) {
            Ok(()) => {
                cx.info(format!(
                    "Unpaired {names}; they are unmatched until you pair them ({}) or match \
                     again. {} undoes.",
                    key(C::Matches, Action::ShowCandidates),
                    key(C::Matches, Action::UndoDraft)
                ));
            }
            Err(e) => cx.refused(format!("{names} were not unpaired"), e),
        }
    }

    fn ask_forbid(&mut self, cx: &mut Cx) {
        let Some(p) = self.selected_draft(cx) else {
            return;
        };
        if p.members.len() != 2 {
            cx.error(format!(
                "Only a pair can be forbidden; unpair a trio ({}) instead.",
                key(C::Matches, Action::Unpair)
            ));
            return;
        }
        let names = self.names_of(&p.members);
        cx.open(Modal::Question(Question {
            title: "Forbid a pair".to_string(),
            text: format!(
                "Never pair {names} again, in this round or any later one?\n\nThey \
                 would be unpaired now; matching again finds each of them someone else. \
                 {} undoes.",
                key(C::Matches, Action::UndoDraft)
            ),
            intent: AnyIntent::Matches(Intent::ForbidPair { partnership: p }),
        }));
    }

    /// Undoes (or redoes) the change to the draft the pane offered.
    fn step_draft(&mut self, undo: bool, cx: &mut Cx) {
        let Some(round) = cx.round.as_ref().map(|r| r.id) else {
            return;
        };
        let step = if undo {
            self.undo_step()
        } else {
            self.redo_step()
        };
        let Some(step) = step.cloned() else {
            return cx.info(if undo {
                "Nothing to undo in this round's draft."
            } else {
                "Nothing to redo."
            });
        };
        let result = if undo {
            cx.store.undo_draft(round, &step)
        } else {
            cx.store.redo_draft(round, &step)
        };
        match result {
            Ok(Some(what)) => {
                let verb = if undo { "Undid" } else { "Redid" };
                cx.info(format!("{verb}: {what}."));
            }
            Ok(None) if undo => cx.info("Nothing to undo in this round's draft."),
            Ok(None) => cx.info("Nothing to redo."),
            Err(e) => cx.refused("Nothing changed", e),
        }
    }

    fn ask_publish(&mut self, cx: &mut Cx) {
        let Some(round) = cx.round.clone() else {
            return;
        };
        let plan = match publish::preview(cx.store, &round, cx.today) {
            Ok(plan) => plan,
            Err(PublishError::NoDraft { .. }) => {
                return cx.error(format!(
                    "There is no draft to publish; press {} to match the round.",
                    key(C::Matches, Action::RunMatch)
                ));
            }
            Err(e) => return cx.error(format!("Could not read the draft: {e}")),
        };
        let pairs = counted(plan.pairs, "pair", "pairs");
        let trios = counted(plan.trios, "trio", "trios");
        cx.open(Modal::Question(Question {
            title: "Publish the matches".to_string(),
            text: format!(
                "Publish {pairs} and {trios} ({}) as the partnerships of {}?\n\nThey run \
                 from {} to {}, and count as past partners in later rounds. {} {} unmatched. \
                 The draft's undo history ends here.",
                counted(plan.people, "person", "people"),
                plan.round,
                plan.starts_on,
                plan.ends_on,
                counted(plan.unmatched, "person", "people"),
                agree(plan.unmatched, "stays", "stay")
            ),
            intent: AnyIntent::Matches(Intent::Publish { plan }),
        }));
    }

    fn publish(&mut self, plan: &publish::PublishPlan, cx: &mut Cx) {
        match publish::publish(cx.store, plan) {
            Ok(p) => {
                cx.info(format!(
                    "Published {} ({}), {} to {}. Log a problem with p; end one early with E.",
                    counted(p.partnerships, "partnership", "partnerships"),
                    counted(p.people, "person", "people"),
                    p.starts_on,
                    p.ends_on
                ));
            }
            Err(PublishError::Store(e)) => cx.refused("Nothing was published", e),
            Err(e) => cx.error(format!("Nothing was published: {e}")),
        }
    }

    fn ask_problem(&mut self, cx: &mut Cx) {
        let Some(p) = self.selected_active(cx) else {
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
        cx.open(Modal::Picker(Picker::new(
            "Log a problem",
            format!("What is the problem with {names}?"),
            items,
            AnyIntent::Matches(Intent::ProblemKind { partnership: p }),
        )));
    }

    /// The round's open problems, those whose follow-up is due first or the latest logged
    /// first (`o` switches); Enter settles one.
    fn show_problems(&mut self, order: ProblemOrder, cx: &mut Cx) {
        let mut open: Vec<Problem> = self
            .problems
            .iter()
            .filter(|x| x.is_open())
            .cloned()
            .collect();
        if open.is_empty() {
            let settled = self.problems.len();
            return cx.info(format!(
                "No problem is open in this round ({} settled); {} on a running partnership \
                 logs one.",
                settled,
                key(C::Matches, Action::LogProblem)
            ));
        }
        match order {
            // By follow-up date (those without one last), then by when they were logged.
            ProblemOrder::FollowUp => {
                open.sort_by_key(|x| (x.follow_up_on.is_none(), x.follow_up_on, x.logged_on, x.id))
            }
            ProblemOrder::Logged => open.sort_by_key(|x| std::cmp::Reverse((x.logged_on, x.id))),
        }
        let today = cx.today;
        let items = open
            .iter()
            .map(|x| {
                let names = self
                    .members_of(x.partnership_id)
                    .map_or_else(String::new, |m| self.names_of(&m));
                let follow = match x.follow_up_on {
                    Some(d) if d < today => format!("follow up {d}, overdue"),
                    Some(d) if d == today => format!("follow up {d}, due today"),
                    Some(d) => format!("follow up {d}"),
                    None => "no follow-up".to_string(),
                };
                let mark = if x.is_due(today) { "! " } else { "  " };
                PickItem {
                    label: format!("{mark}{}  {}  {names}", x.kind.label(), follow),
                    description: format!("{names}. Logged {}: {}", x.logged_on, x.note),
                }
            })
            .collect();
        let (listed, other) = match order {
            ProblemOrder::FollowUp => ("those to follow up first", "the latest logged first"),
            ProblemOrder::Logged => ("the latest logged first", "those to follow up first"),
        };
        cx.open(Modal::Picker(
            Picker::new(
                &format!("Open problems ({})", open.len()),
                format!(
                    "The round's open problems, {listed} ({} lists {other}); ! marks a \
                     follow-up due or overdue. Enter settles one, resolved or closed, with a \
                     note.",
                    key(C::Picker, Action::Reorder)
                ),
                items,
                AnyIntent::Matches(Intent::SettleWhich(open, order)),
            )
            .reorderable(),
        ));
    }

    pub(super) fn ask_problem_note(&mut self, partnership: Partnership, index: usize, cx: &mut Cx) {
        let Some(&kind) = ProblemKind::ALL.get(index) else {
            return;
        };
        cx.open(Modal::TextPrompt(TextPrompt::new(
            "Log a problem",
            format!(
                "A note on the {} (who, what, what was agreed):",
                kind.label()
            ),
            AnyIntent::Matches(Intent::ProblemNote { partnership, kind }),
        )));
    }

    pub(super) fn record_problem(
        &mut self,
        partnership: &Partnership,
        kind: ProblemKind,
        note: &str,
        follow_up: chrono::NaiveDate,
        cx: &mut Cx,
    ) {
        match cx
            .store
            .log_problem(partnership, kind, note, Some(follow_up), cx.today)
        {
            Ok(_) => {
                cx.info(format!(
                    "Logged: {}; follow up on {follow_up}.",
                    kind.label()
                ));
            }
            Err(e) => cx.refused("The problem was not logged", e),
        }
    }

    fn ask_end_early(&mut self, cx: &mut Cx) {
        let Some(p) = self.selected_active(cx) else {
            return;
        };
        let names = self.names_of(&p.members);
        cx.open(Modal::TextPrompt(TextPrompt::new(
            "End a partnership early",
            format!(
                "Why does the partnership of {names} end today? Its members join the rematch \
                 pool ({} pairs the pool; {} in Applicants drops someone who left).",
                key(C::Matches, Action::RunMatch),
                key(C::Applicants, Action::Withdraw)
            ),
            AnyIntent::Matches(Intent::EndReason { partnership: p }),
        )));
    }

    /// After the note of a problem: when to follow it up.
    fn ask_follow_up(
        &mut self,
        partnership: Partnership,
        kind: ProblemKind,
        note: String,
        cx: &mut Cx,
    ) {
        let Some(round) = cx.round.clone() else {
            return;
        };
        let start = cx.today.max(round.plan.starts_on);
        let end = round.plan.ends_on().max(start);
        let follow_up = (start + chrono::Days::new(14)).min(end);
        cx.open(Modal::DatePrompt(DatePrompt::new(
            "Log a problem",
            "When should this be followed up?".to_string(),
            AnyIntent::Matches(Intent::FollowUp {
                partnership,
                kind,
                note,
            }),
            follow_up,
            (cx.today.min(start), end),
        )));
    }

    /// Ends a partnership early with the reason typed; `Err` keeps the prompt open.
    fn end_early(
        &mut self,
        partnership: &Partnership,
        reason: &str,
        cx: &mut Cx,
    ) -> Result<(), String> {
        if reason.is_empty() {
            return Err("Say why it ends; the reason is kept.".into());
        }
        match cx.store.end_early(partnership, reason, cx.today) {
            Ok(p) => cx.info(format!(
                "Ended the partnership of {} early; they join the rematch pool. {} pairs the \
                 pool.",
                self.names_of(&p.members),
                key(C::Matches, Action::RunMatch)
            )),
            Err(e @ StoreError::Stale(_)) => cx.refused("Not ended", e),
            Err(e) => return Err(format!("Not ended: {e}")),
        }
        Ok(())
    }

    fn open_weights(&mut self, cx: &mut Cx) {
        let Some(round) = cx.round.clone() else {
            return;
        };
        // Saved settings that cannot be read are shown as the defaults, to be saved again.
        let (settings, unreadable) = match cx.store.round_settings(round.id) {
            Ok(s) => (s, None),
            Err(StoreError::BadSettings { reason, .. }) => {
                (cx.store.default_settings().clone(), Some(reason))
            }
            Err(e) => return cx.error(format!("Cannot read the round's settings: {e}")),
        };
        let mut form = WeightsForm::new(round.id, &round.plan.name, settings);
        form.error = unreadable.map(|reason| {
            format!(
                "The saved settings cannot be read ({reason}); these are the defaults, and \
                 {} saves them for this round.",
                key(C::Weights, Action::Save)
            )
        });
        self.weights = Some(Box::new(form));
    }

    pub(super) fn update_weights(&mut self, action: Action, cx: &mut Cx) {
        let Some(form) = &mut self.weights else {
            return;
        };
        match action {
            Action::Cancel => {
                self.weights = None;
                cx.info("The weights and rules stay as they were.");
            }
            Action::Save => {
                if let Err(e) = form.settings.validate() {
                    form.error = Some(e);
                    return;
                }
                let unreadable = matches!(
                    cx.store.round_own_settings(form.round_id),
                    Err(StoreError::BadSettings { .. })
                );
                if !form.is_changed() && !unreadable {
                    self.weights = None;
                    cx.info("Nothing to save; the weights and rules are as they were.");
                    return;
                }
                match cx
                    .store
                    .set_round_settings(form.round_id, form.saved(), &form.settings)
                {
                    Ok(()) => {
                        self.weights = None;
                        cx.info(format!(
                            "Saved the weights and rules for this round. The scores listed are \
                             the last run's; the explanations use the new weights; {} matches \
                             with them.",
                            key(C::Matches, Action::RunMatch)
                        ));
                    }
                    Err(e @ StoreError::Stale(_)) => {
                        self.weights = None;
                        cx.refused("Not saved", e);
                    }
                    Err(e) => form.error = Some(format!("Not saved: {e}")),
                }
            }
            other => form.update(other),
        }
    }

    fn show_readiness(&mut self, cx: &mut Cx) {
        let Some(round) = cx.round.clone() else {
            return;
        };
        let mut lines = match Readiness::read(cx.store, round.id) {
            Ok(report) => report.lines(),
            Err(e) => {
                return cx.error(format!(
                    "Cannot tell whether {} is ready to match: {e}",
                    round.plan.name
                ));
            }
        };
        let intro = lines.remove(0);
        cx.open(Modal::Messages(
            MessagesPopup::new(format!("Ready to match {}?", round.plan.name), intro, lines)
                .with_plain_items(),
        ));
    }

    fn ask_run_match(&mut self, cx: &mut Cx) {
        if let Some(run) = &self.run {
            cx.error(format!(
                "{} is being matched already; {} in Matches stops it.",
                run.round_name,
                key(C::Working, Action::StopWork)
            ));
            return;
        }
        let Some(round) = cx.round.clone() else {
            cx.error(format!(
                "No round is selected; choose one in Rounds ({}).",
                key(C::Panes, Action::ShowRounds)
            ));
            return;
        };
        match cx.store.unlocked_draft_count(round.id) {
            Ok(0) => self.start_match(round.id, None, cx),
            Ok(n) => {
                cx.open(Modal::Question(Question {
                    title: "Match again".to_string(),
                    text: format!(
                        "Match {} again?\n\nThe {} {} replaced by the new result; locked ones \
                         are kept as they are.",
                        round.plan.name,
                        counted(
                            n,
                            "unlocked draft pair or trio",
                            "unlocked draft pairs and trios"
                        ),
                        agree(n, "is", "are")
                    ),
                    intent: AnyIntent::Matches(Intent::RunMatch {
                        round_id: round.id,
                        draft: self.draft_shown(),
                    }),
                }));
            }
            Err(e) => cx.error(format!("Could not read the draft: {e}")),
        }
    }

    /// Starts the matcher on the round; `counted` is the draft a question counted, and the
    /// run does not start over another.
    pub(super) fn start_match(
        &mut self,
        round_id: RoundId,
        counted_draft: Option<&[(PartnershipId, i64)]>,
        cx: &mut Cx,
    ) {
        let round = match cx.store.round(round_id) {
            Ok(round) => round,
            Err(e) => return cx.error(format!("Cannot match: {e}")),
        };
        let prepared = match matching::check_can_match(cx.store, round_id)
            .and_then(|()| matching::prepare(cx.store, round_id))
        {
            Ok(p) => p,
            Err(e) => return cx.error(format!("Cannot match {}: {e}", round.plan.name)),
        };
        if let Some(counted_draft) = counted_draft {
            let mut asked = counted_draft.to_vec();
            let mut now = prepared.draft.clone();
            asked.sort_unstable();
            now.sort_unstable();
            if asked != now {
                return cx.refused(
                    "Not matched",
                    StoreError::Stale(format!(
                        "the draft of {} was changed in another window after the question",
                        round.plan.name
                    )),
                );
            }
        }
        if prepared.input.applicants.len() < 2 {
            let n = prepared.input.applicants.len();
            cx.error(format!(
                "{} has {} not yet in a partnership; accept applications first (2, then a, \
                 or c for the country cap).",
                round.plan.name,
                counted(n, "accepted applicant", "accepted applicants")
            ));
            return;
        }
        let run = MatchRun::start(prepared, round_id, &round.plan.name);
        cx.info(format!(
            "Matching {} of {}; the app stays usable, {} in Matches stops it.",
            counted(run.applicants, "applicant", "applicants"),
            round.plan.name,
            key(C::Working, Action::StopWork)
        ));
        self.run = Some(run);
    }

    /// Takes the running match's news; returns whether there was any.
    pub(super) fn poll_match(&mut self, cx: &mut Cx) -> bool {
        let Some(run) = &mut self.run else {
            return false;
        };
        let phase = run.phase;
        match run.poll() {
            Some(outcome) => {
                let run = self.run.take().expect("a run is going");
                self.finish_match(run, outcome, cx);
                true
            }
            None => run.phase != phase,
        }
    }

    /// Lets a run end before the app does, so no thread outlives it mid-write.
    pub(super) fn stop_match(&mut self) {
        if let Some(mut run) = self.run.take() {
            run.cancel();
            let _ = run.wait();
        }
    }

    fn finish_match(&mut self, run: MatchRun, outcome: Result<Outcome, MatchError>, cx: &mut Cx) {
        // Once stopped, a result that arrived anyway is not kept: the coordinator asked for
        // the previous draft.
        let outcome = match outcome {
            Ok(o) if !run.cancelling => o,
            Ok(_) | Err(MatchError::Cancelled) => {
                cx.info(format!(
                    "Matching {} stopped; the previous draft is unchanged.",
                    run.round_name
                ));
                return;
            }
            Err(e) => {
                cx.error(format!("{} was not matched: {e}", run.round_name));
                return;
            }
        };
        match matching::save_draft(cx.store, run.round_id, &outcome, &run.draft) {
            Ok(replaced) if outcome.pairs() + outcome.trios() == 0 => {
                let why = match outcome.unmatched.len() {
                    0 => format!("Matching {} found nobody to pair", run.round_name),
                    n => format!(
                        "Matching {} paired nobody: of the {} in the pool, no two may be \
                         paired under the round's rules; each is in the list with the reason",
                        run.round_name,
                        counted(n, "person", "people"),
                    ),
                };
                let removed = match replaced {
                    0 => String::new(),
                    n => format!(
                        " The {} {} removed; {} undoes.",
                        counted(n, "earlier draft partnership", "earlier draft partnerships"),
                        agree(n, "was", "were"),
                        key(C::Matches, Action::UndoDraft)
                    ),
                };
                cx.info(format!("{why}.{removed}"));
            }
            Ok(replaced) => {
                let said = format!(
                    "Matched {} in {:.1} s: {}, {}, {} unmatched; mean score {:.1}, lowest {}; \
                     {} ({} replaced).",
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
                    counted(replaced, "earlier draft", "earlier drafts")
                );
                cx.info(said);
            }
            Err(MatchError::Store(e @ StoreError::Stale(_))) => {
                cx.refused("The result was not kept", e)
            }
            Err(e) => cx.error(format!(
                "The result for {} was not kept: {e}; the previous draft is unchanged.",
                run.round_name
            )),
        }
    }

    fn toggle_lock(&mut self, cx: &mut Cx) {
        let Some(p) = self.selected_draft(cx) else {
            return;
        };
        let names = self.selected_names();
        match cx.store.set_partnership_locked(&p, !p.locked) {
            Ok(()) => {
                cx.info(if p.locked {
                    format!("Unlocked {names}: matching again may change this pair.")
                } else {
                    format!("Locked {names}: matching again keeps this pair.")
                });
            }
            Err(e) => cx.refused(format!("{names} was not changed"), e),
        }
    }
}

impl Feature for Matches {
    fn depends_on(&self) -> Changes {
        // Members' names and statuses, and the round's weights, show here too.
        Changes::ROUNDS | Changes::APPLICATIONS | Changes::PARTNERSHIPS
    }

    fn round_id(&self) -> Option<RoundId> {
        Matches::round_id(self)
    }

    fn read(&mut self, store: &Store, round: &Round) -> Result<(), StoreError> {
        self.load(store, round)
    }

    fn clear(&mut self) {
        self.unload();
    }

    fn list(&self) -> (&ListView, &FilterState) {
        (&self.list, &self.filter)
    }

    fn list_mut(&mut self) -> (&mut ListView, &mut FilterState) {
        (&mut self.list, &mut self.filter)
    }

    fn selection_moved(&mut self, _store: &Store) {
        self.follow_selection();
    }

    fn mode(&self) -> Option<Mode> {
        if self.candidates.is_some() {
            Some(Mode::Candidates)
        } else if self.weights.is_some() {
            Some(Mode::Weights)
        } else if self.is_running_here() {
            Some(Mode::Working)
        } else {
            None
        }
    }

    fn holds(&self, condition: Condition) -> bool {
        let selected = self.selected_partnership();
        match condition {
            Condition::DraftSelected => {
                selected.is_some_and(|p| p.status == PartnershipStatus::Draft)
            }
            Condition::ActiveSelected => {
                selected.is_some_and(|p| p.status == PartnershipStatus::Active)
            }
            Condition::OpenRowSelected => self.selected_is_open(),
            Condition::CanUndoDraft => self.undo_step().is_some(),
            Condition::CanRedoDraft => self.redo_step().is_some(),
            Condition::HasDraft => self.has_draft(),
            Condition::HasRows => !self.is_empty(),
            Condition::OpenProblems => self.problems.iter().any(|x| x.is_open()),
            _ => false,
        }
    }

    fn update(&mut self, action: Action, cx: &mut Cx) {
        if self.candidates.is_some() {
            self.update_candidates(action, cx);
        } else if self.weights.is_some() {
            self.update_weights(action, cx);
        } else {
            match action {
                Action::DetailDown => self.detail_scroll.down(),
                Action::DetailUp => self.detail_scroll.up(),
                other => self.update_matches(other, cx),
            }
        }
    }

    fn tick(&mut self, _now: Instant, cx: &mut Cx) -> bool {
        let sent = self.poll_sending(cx);
        self.poll_match(cx) || sent
    }

    fn stop(&mut self, _cx: &mut Cx) {
        self.stop_match();
    }

    fn render(
        &self,
        area: ratatui::layout::Rect,
        buf: &mut ratatui::buffer::Buffer,
    ) -> Option<ratatui::layout::Position> {
        self.draw(area, buf)
    }
}

/// The kinds of message the app sends, in the order it offers them.
const SENDABLE: [MessageKind; 6] = [
    MessageKind::Introduction,
    MessageKind::Rematch,
    MessageKind::Acceptance,
    MessageKind::Deferral,
    MessageKind::NoMatch,
    MessageKind::ReEnrol,
];

impl Matches {
    fn ask_what_to_send(&mut self, cx: &mut Cx) {
        let Some(round) = cx.round.clone() else {
            return;
        };
        if let Some(run) = &self.sending {
            return cx.error(format!(
                "Still sending {} of {}: {} of {} so far.",
                run.kind, run.round_name, run.progress.0, run.progress.1
            ));
        }
        let items = SENDABLE
            .iter()
            .map(|&kind| {
                let due = outbox::messages(cx.store, &round, kind, None).map(|m| {
                    let due = m.iter().filter(|m| m.sent_at.is_none()).count();
                    (due, m.len() - due)
                });
                PickItem {
                    label: match &due {
                        Ok((due, before)) => {
                            format!("{:<14} {due} to send, {before} sent before", kind.code())
                        }
                        Err(_) => format!("{:<14} not now", kind.code()),
                    },
                    description: match due {
                        Ok(_) => format!("The {}.", kind.describe()),
                        Err(e) => format!("The {}: {e}.", kind.describe()),
                    },
                }
            })
            .collect();
        cx.open(Modal::Picker(Picker::new(
            &format!("Send from {}", round.plan.name),
            "Messages to participants, through your SMTP server; each goes once. Which:"
                .to_string(),
            items,
            AnyIntent::Matches(Intent::SendWhich { round_id: round.id }),
        )));
    }

    fn ask_server(&mut self, round_id: RoundId, kind: MessageKind, cx: &mut Cx) {
        let Ok(round) = cx.store.round(round_id) else {
            return;
        };
        match outbox::messages(cx.store, &round, kind, None) {
            Err(e) => return cx.error(format!("Nothing sent: {e}.")),
            Ok(m) if m.is_empty() => {
                return cx.info(format!(
                    "{} has no {kind} message to send.",
                    round.plan.name
                ));
            }
            Ok(m) if m.iter().all(|m| m.sent_at.is_some()) => {
                return cx.info(format!(
                    "Nothing to send: every {kind} message of {} went out already.",
                    round.plan.name
                ));
            }
            Ok(_) => {}
        }
        let mut prompt = TextPrompt::new(
            "SMTP server",
            "The server to send through: smtp://USER@HOST:587 (STARTTLS) or smtps://USER@HOST:465 \
             (TLS). The password comes from ILN_SMTP_PASSWORD, set before starting iln."
                .to_string(),
            AnyIntent::Matches(Intent::SendServer { round_id, kind }),
        );
        if let Ok(settings) = cx.store.program_settings() {
            prompt.input.set(settings.smtp_url);
        }
        cx.open(Modal::TextPrompt(prompt));
    }

    fn ask_send(
        &mut self,
        round_id: RoundId,
        kind: MessageKind,
        url: &str,
        cx: &mut Cx,
    ) -> Result<(), String> {
        let parsed = SmtpUrl::parse(url.trim())?;
        if cx.store.path().is_none() {
            return Err("sending needs the database as a file; this one is in memory".into());
        }
        if let Some(user) = &parsed.user
            && std::env::var_os("ILN_SMTP_PASSWORD").is_none()
        {
            return Err(format!(
                "{user} needs a password: start iln with ILN_SMTP_PASSWORD set, or send with iln \
                 send in a terminal, which asks for it"
            ));
        }
        // Offered next time.
        if let Ok(mut settings) = cx.store.program_settings()
            && settings.smtp_url != url.trim()
        {
            settings.smtp_url = url.trim().to_string();
            let _ = cx.store.set_program_settings(&settings);
        }
        let round = cx.store.round(round_id).map_err(|e| e.to_string())?;
        let messages = outbox::messages(cx.store, &round, kind, None).map_err(|e| e.to_string())?;
        let due: Vec<_> = messages.iter().filter(|m| m.sent_at.is_none()).collect();
        let people: usize = due.iter().map(|m| m.to.len()).sum();
        let pace = cx.store.program_settings().map_or(30, |s| s.per_minute);
        let warnings: String = outbox::warnings(&round, &messages, None, cx.today)
            .iter()
            .map(|w| format!("\n\nMind: {w}."))
            .collect();
        cx.open(Modal::Question(Question {
            title: "Send".to_string(),
            text: format!(
                "Send {} ({kind}) of {} to {} through {}:{}, at most {pace} a minute?\n\n\
                 {} sent before are not sent again. Each is recorded as sent the moment the \
                 server takes it; keep working meanwhile.{warnings}",
                counted(due.len(), "message", "messages"),
                round.plan.name,
                counted(people, "person", "people"),
                parsed.host,
                parsed.port,
                messages.len() - due.len()
            ),
            intent: AnyIntent::Matches(Intent::SendNow {
                round_id,
                kind,
                url: url.trim().to_string(),
            }),
        }));
        Ok(())
    }

    fn start_sending(&mut self, round_id: RoundId, kind: MessageKind, url: &str, cx: &mut Cx) {
        let (Ok(url), Some(path), Ok(round)) = (
            SmtpUrl::parse(url),
            cx.store.path().map(|p| p.to_path_buf()),
            cx.store.round(round_id),
        ) else {
            return;
        };
        let password = std::env::var("ILN_SMTP_PASSWORD").ok();
        let pace = cx.store.program_settings().map_or(30, |s| s.per_minute);
        self.sending = Some(SendRun::start(
            path,
            round_id,
            &round.plan.name,
            kind,
            url,
            password,
            pace,
        ));
        cx.info(format!("Sending {kind} of {}…", round.plan.name));
    }

    /// Says how the sending goes, and what it did once done.
    fn poll_sending(&mut self, cx: &mut Cx) -> bool {
        let Some(run) = &mut self.sending else {
            return false;
        };
        match run.poll() {
            Polled::Nothing => false,
            Polled::Progress => {
                cx.info(format!(
                    "Sending {} of {}: {} of {}…",
                    run.kind, run.round_name, run.progress.0, run.progress.1
                ));
                true
            }
            Polled::Done(result) => {
                let (kind, round) = (run.kind, run.round_name.clone());
                self.sending = None;
                match result {
                    Ok(report) if report.failed.is_empty() => cx.info(format!(
                        "Sent {} ({kind}) of {round}; {} sent before.",
                        counted(report.sent, "message", "messages"),
                        report.skipped
                    )),
                    Ok(report) => {
                        cx.open(Modal::Messages(MessagesPopup::new(
                            format!(
                                "{} not sent",
                                counted(report.failed.len(), "message", "messages")
                            ),
                            format!(
                                "Sent {} ({kind}) of {round}. These were refused, with the \
                                 server's answer; sending again sends exactly these.",
                                counted(report.sent, "message", "messages")
                            ),
                            report
                                .failed
                                .iter()
                                .map(|(who, answer)| format!("{}: {}", shown(who), shown(answer)))
                                .collect(),
                        )));
                        cx.error(format!(
                            "{} of {round} not sent.",
                            counted(report.failed.len(), "message was", "messages were")
                        ));
                    }
                    Err(e) => cx.error(format!("Sending stopped: {}.", shown(&e))),
                }
                true
            }
        }
    }
}

impl Flows for Matches {
    type Intent = Intent;

    fn answer(&mut self, intent: Intent, answer: Answer, cx: &mut Cx) -> Result<(), String> {
        match (intent, answer) {
            (Intent::SendWhich { round_id }, Answer::Picked(i)) => {
                if let Some(&kind) = SENDABLE.get(i) {
                    self.ask_server(round_id, kind, cx);
                }
            }
            (Intent::SendServer { round_id, kind }, Answer::Text(url)) => {
                self.ask_send(round_id, kind, &url, cx)?
            }
            (
                Intent::SendNow {
                    round_id,
                    kind,
                    url,
                },
                Answer::Yes,
            ) => self.start_sending(round_id, kind, &url, cx),
            (Intent::RunMatch { round_id, draft }, Answer::Yes) => {
                self.start_match(round_id, Some(&draft), cx)
            }
            (Intent::ForbidPair { partnership }, Answer::Yes) => {
                match cx
                    .store
                    .forbid_draft_pair(&partnership, "forbidden in Matches")
                {
                    Ok(()) => cx.info(format!(
                        "Forbade {} and unpaired them. {} undoes.",
                        self.names_of(&partnership.members),
                        key(C::Matches, Action::UndoDraft)
                    )),
                    Err(e) => cx.refused("Nothing changed", e),
                }
            }
            (Intent::Publish { plan }, Answer::Yes) => self.publish(&plan, cx),
            (Intent::ProblemKind { partnership }, Answer::Picked(i)) => {
                self.ask_problem_note(partnership, i, cx)
            }
            (
                Intent::JoinPair {
                    partnership,
                    person,
                    name,
                },
                Answer::Yes,
            ) => match cx.store.join_partnership(&partnership, person) {
                Ok(()) => {
                    self.select_person = Some(person);
                    cx.info(format!(
                        "{name} joined {} as its third member.",
                        self.names_of(&partnership.members)
                    ))
                }
                Err(e) => cx.refused(format!("{name} was not added"), e),
            },
            (Intent::SettleWhich(_, order), Answer::Reorder) => {
                self.show_problems(order.other(), cx)
            }
            (Intent::SettleWhich(mut open, _), Answer::Picked(i)) if i < open.len() => {
                let problem = open.swap_remove(i);
                let items = [
                    ("Resolved", "It was put right."),
                    (
                        "Closed",
                        "It was not put right, but nothing more is to be done.",
                    ),
                ]
                .into_iter()
                .map(|(label, description)| PickItem {
                    label: label.to_string(),
                    description: description.to_string(),
                })
                .collect();
                cx.open(Modal::Picker(Picker::new(
                    "Settle a problem",
                    format!(
                        "The {} logged on {}: resolved or closed?",
                        problem.kind.label(),
                        problem.logged_on
                    ),
                    items,
                    AnyIntent::Matches(Intent::SettleHow(Box::new(problem))),
                )));
            }
            (Intent::SettleHow(problem), Answer::Picked(i)) => {
                let outcome = if i == 0 {
                    ProblemOutcome::Resolved
                } else {
                    ProblemOutcome::Closed
                };
                cx.open(Modal::TextPrompt(TextPrompt::new(
                    "Settle a problem",
                    format!("How was it {}? A note for the record:", outcome.code()),
                    AnyIntent::Matches(Intent::SettleNote { problem, outcome }),
                )));
            }
            (Intent::SettleNote { problem, outcome }, Answer::Text(note)) => {
                match cx.store.settle_problem(&problem, outcome, &note, cx.today) {
                    Ok(()) => cx.info(format!(
                        "The {} logged on {} is {}.",
                        problem.kind.label(),
                        problem.logged_on,
                        outcome.code()
                    )),
                    Err(StoreError::Invalid(why)) => return Err(why),
                    Err(e) => cx.refused("The problem was not settled", e),
                }
            }
            (Intent::ProblemNote { partnership, kind }, Answer::Text(note)) => {
                self.ask_follow_up(partnership, kind, note.trim().to_string(), cx)
            }
            (
                Intent::FollowUp {
                    partnership,
                    kind,
                    note,
                },
                Answer::Date(date),
            ) => self.record_problem(&partnership, kind, &note, date, cx),
            (Intent::EndReason { partnership }, Answer::Text(reason)) => {
                self.end_early(&partnership, reason.trim(), cx)?
            }
            (
                Intent::RunMatch { .. } | Intent::ForbidPair { .. } | Intent::Publish { .. },
                Answer::No,
            ) => cx.info("Nothing changed; the draft stays as it was."),
            _ => cx.unchanged(),
        }
        Ok(())
    }
}
