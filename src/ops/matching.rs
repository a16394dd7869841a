//! Runs the engine on a stored round and keeps the result as the round's draft: the glue
//! between the store and the pure engine, shared by the command line and the TUI.

use std::collections::HashSet;

use crate::domain::stage::{self, Act};
use crate::domain::{
    ApplicationId, ApplicationStatus, PartnershipId, PartnershipStatus, RoundId, days_of_term,
};
use crate::engine::round::{self, Certificate, Outcome, Phase, RoundInput, Unmatched};
use crate::engine::score::{Applicant, Scorer};
use crate::engine::settings::Settings;
use crate::engine::solver::{Cancelled, Control};
use crate::store::{Store, StoreError};
use crate::text::counted;

#[derive(Debug, thiserror::Error)]
pub enum MatchError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The thread the engine ran in ended without an outcome (it panicked).
    #[error("the matching thread stopped without a result; the previous draft is unchanged")]
    Lost,
    #[error("matching cancelled; the previous draft is unchanged")]
    Cancelled,
}

impl From<Cancelled> for MatchError {
    fn from(_: Cancelled) -> Self {
        MatchError::Cancelled
    }
}

/// Refuses a run on a round whose stage allows no matching, before the engine is started
/// (saving its draft would be refused anyway).
pub fn check_can_match(store: &Store, round_id: RoundId) -> Result<(), MatchError> {
    let round = store.round(round_id)?;
    stage::allows(&round.plan, Act::Match)
        .map_err(|why| MatchError::Store(StoreError::Invalid(why)))
}

/// A round ready for the engine.
pub struct Prepared {
    pub input: RoundInput,
    pub settings: Settings,
    /// The round's draft as it was read (partnership ids and versions): the result is kept
    /// only over this very draft.
    pub draft: Vec<(PartnershipId, i64)>,
    /// Those in a published partnership, whom the engine leaves alone: their pairs' scores
    /// are still explained.
    pub published: Vec<Applicant>,
}

impl Prepared {
    /// The applicant of an application, matched or published, if accepted.
    pub fn applicant(&self, id: ApplicationId) -> Option<&Applicant> {
        self.input
            .applicants
            .iter()
            .chain(&self.published)
            .find(|a| a.id == id)
    }

    pub fn scorer(&self) -> Scorer<'_> {
        Scorer::new(
            &self.input.applicants,
            &self.settings.weights,
            &self.settings.rules,
            &self.input.past_partners,
            &self.input.forbidden,
        )
    }
}

/// Gathers a round's accepted applicants (less those already in a published partnership),
/// its locked draft groups, past partners, forbidden pairs and settings.
pub fn prepare(store: &Store, round_id: RoundId) -> Result<Prepared, MatchError> {
    let round = store.round(round_id)?;
    let settings = store.round_settings(round_id)?;
    let partnerships = store.partnerships(round_id)?;
    // People in a partnership that is running or ran its term are not matched again; those
    // whose partnership ended early are the rematch pool.
    let published: HashSet<ApplicationId> = partnerships
        .iter()
        .filter(|p| {
            matches!(
                p.status,
                PartnershipStatus::Active | PartnershipStatus::Ended
            )
        })
        .flat_map(|p| p.members.iter().copied())
        .collect();
    let term_days = days_of_term(round.plan.starts_on, round.plan.ends_on());
    let (in_published, applicants): (Vec<Applicant>, Vec<Applicant>) = store
        .applications(round_id)?
        .iter()
        .filter(|a| a.status == ApplicationStatus::Accepted)
        .map(|a| Applicant::from_application(a, &term_days))
        .partition(|a| published.contains(&a.id));
    let present: HashSet<ApplicationId> = applicants.iter().map(|a| a.id).collect();
    let locked = partnerships
        .iter()
        .filter(|p| p.status == PartnershipStatus::Draft && p.locked)
        .filter(|p| p.members.iter().all(|m| present.contains(m)))
        .map(|p| p.members.clone())
        .collect();
    let draft = partnerships
        .iter()
        .filter(|p| p.status == PartnershipStatus::Draft)
        .map(|p| (p.id, p.version))
        .collect();
    let forbidden = store
        .forbidden_pairs()?
        .into_iter()
        .map(|(a, b, _)| (a, b))
        .collect();
    Ok(Prepared {
        input: RoundInput {
            applicants,
            locked,
            past_partners: store.past_partners()?,
            forbidden,
        },
        settings,
        draft,
        published: in_published,
    })
}

/// Runs the engine on a prepared round.
pub fn solve(
    prepared: &Prepared,
    progress: &mut dyn FnMut(Phase) -> Control,
) -> Result<Outcome, MatchError> {
    Ok(round::run(&prepared.input, &prepared.settings, progress)?)
}

/// Stores an outcome as the round's draft matching (locked drafts kept), over the draft it
/// was prepared from (`draft`, as [`Prepared::draft`]): one changed meanwhile is refused.
/// Returns how many unlocked drafts it replaced.
pub fn save_draft(
    store: &mut Store,
    round_id: RoundId,
    outcome: &Outcome,
    draft: &[(PartnershipId, i64)],
) -> Result<usize, MatchError> {
    let groups: Vec<(Vec<ApplicationId>, i64)> = outcome
        .groups
        .iter()
        .filter(|g| !g.locked)
        .map(|g| (g.members.clone(), g.score))
        .collect();
    let result = serde_json::to_value(RunSummary::of(outcome)).expect("summaries serialise");
    Ok(store.replace_draft_matching(
        round_id,
        &groups,
        &format!(
            "matched: {}, {}, {} unmatched ({})",
            counted(outcome.pairs(), "pair", "pairs"),
            counted(outcome.trios(), "trio", "trios"),
            outcome.unmatched.len(),
            outcome.certificate
        ),
        &result,
        draft,
    )?)
}

/// What a matching run leaves besides the draft, kept with the round: who it left unmatched
/// and why, the wishes met, and the certificate.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RunSummary {
    pub unmatched: Vec<Unmatched>,
    pub wishes_stated: u64,
    pub wishes_met: u64,
    pub certificate: Certificate,
    pub blocking_pairs: u64,
    pub seconds: f64,
}

impl RunSummary {
    pub fn of(o: &Outcome) -> RunSummary {
        RunSummary {
            unmatched: o.unmatched.clone(),
            wishes_stated: o.wishes_stated,
            wishes_met: o.wishes_met,
            certificate: o.certificate.clone(),
            blocking_pairs: o.blocking_pairs,
            seconds: o.seconds,
        }
    }

    pub fn wishes_met_share(&self) -> f64 {
        if self.wishes_stated == 0 {
            1.0
        } else {
            self.wishes_met as f64 / self.wishes_stated as f64
        }
    }

    /// The last run's summary for a round, if it kept one that this build can read.
    pub fn last(store: &Store, round_id: RoundId) -> Result<Option<RunSummary>, StoreError> {
        Ok(store
            .match_result(round_id)?
            .and_then(|v| serde_json::from_value(v).ok()))
    }
}
