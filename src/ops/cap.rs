//! The country cap: what applying it to a round would mean, and applying it.

use crate::domain::cap::country_limit;
use crate::domain::{ApplicationId, ApplicationStatus, RoundId};
use crate::store::{Store, StoreError};

/// What applying a round's cap means now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CapPlan {
    pub round_id: RoundId,
    pub round: String,
    pub cap_percent: u32,
    /// Applications that have not withdrawn: the cap counts them.
    pub live: usize,
    /// The most applications one country may have accepted.
    pub limit: usize,
    /// The round's version when read: the cap is applied only while it is the same.
    pub round_version: i64,
    /// What applying it now would change.
    pub would: Capped,
    /// Applicants in a partnership whom submission order alone would have deferred, by name:
    /// the cap leaves them where they are.
    pub left_alone: Vec<String>,
}

/// What applying the cap did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capped {
    pub accepted: usize,
    pub deferred: usize,
}

impl Capped {
    pub fn changed(&self) -> usize {
        self.accepted + self.deferred
    }
}

/// The cap of `round_id` as it would apply now. People in a draft or running partnership
/// keep their place (deferring one would leave a partner alone), and so do those the
/// coordinator held against the cap.
pub fn preview(store: &Store, round_id: RoundId) -> Result<CapPlan, StoreError> {
    let round = store.round(round_id)?;
    let (outcome, live) = store.cap_outcome(round_id)?;
    let left_alone = outcome
        .left_alone
        .iter()
        .map(|&id| store.application_row(id).map(|r| r.name))
        .collect::<Result<_, _>>()?;
    Ok(CapPlan {
        would: counts(&outcome.changes),
        left_alone,
        round_id,
        round: round.plan.name.clone(),
        cap_percent: round.plan.cap_percent,
        live,
        limit: country_limit(live, round.plan.cap_percent),
        round_version: round.version,
    })
}

/// Applies the round's cap as `plan` showed it: in each country the earliest applications
/// are accepted up to the limit and the rest deferred. A round changed since is refused.
pub fn apply(store: &mut Store, plan: &CapPlan) -> Result<Capped, StoreError> {
    let changes = store.apply_country_cap(plan.round_id, plan.round_version)?;
    Ok(counts(&changes))
}

fn counts(changes: &[(ApplicationId, ApplicationStatus)]) -> Capped {
    let accepted = changes
        .iter()
        .filter(|c| c.1 == ApplicationStatus::Accepted)
        .count();
    Capped {
        accepted,
        deferred: changes.len() - accepted,
    }
}
