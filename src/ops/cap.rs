//! The country cap: what applying it to a round would mean, and applying it.

use crate::domain::cap::country_limit;
use crate::domain::{ApplicationStatus, RoundId};
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

/// The cap of `round_id` as it would apply now.
pub fn preview(store: &Store, round_id: RoundId) -> Result<CapPlan, StoreError> {
    let round = store.round(round_id)?;
    let live = store
        .application_rows(round_id)?
        .iter()
        .filter(|r| r.status != ApplicationStatus::Withdrawn)
        .count();
    Ok(CapPlan {
        round_id,
        round: round.plan.name.clone(),
        cap_percent: round.plan.cap_percent,
        live,
        limit: country_limit(live, round.plan.cap_percent),
    })
}

/// Applies the round's cap: in each country the earliest applications are accepted up to
/// the limit and the rest deferred.
pub fn apply(store: &mut Store, round_id: RoundId) -> Result<Capped, StoreError> {
    let changes = store.apply_country_cap(round_id)?;
    let accepted = changes
        .iter()
        .filter(|c| c.1 == ApplicationStatus::Accepted)
        .count();
    Ok(Capped {
        accepted,
        deferred: changes.len() - accepted,
    })
}
