//! Publishing a round's draft: what it would do, asked before it is done, and doing it.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::{
    ApplicationId, ApplicationStatus, PartnershipId, PartnershipStatus, Round, RoundId, paired,
};
use crate::store::{Published, Store, StoreError};

/// What publishing a round's draft would do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PublishPlan {
    pub round_id: RoundId,
    pub round: String,
    pub pairs: usize,
    pub trios: usize,
    /// The people in the draft's pairs and trios.
    pub people: usize,
    /// Accepted applicants in no partnership (a partnership that ended early does not
    /// count: its members are back in the pool).
    pub unmatched: usize,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// The draft counted: partnership ids and versions, so that publishing refuses a draft
    /// changed since.
    pub drafts: Vec<(PartnershipId, i64)>,
    /// The round's version when counted: its term gives the end date.
    pub round_version: i64,
}

impl PublishPlan {
    /// The draft's pairs and trios.
    pub fn partnerships(&self) -> usize {
        self.pairs + self.trios
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("there is no draft to publish in {round}; match the round first")]
    NoDraft { round: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What publishing `round`'s draft on `today` would do: the partnerships start on the
/// round's start, or today when that has passed, and end with the round's term.
pub fn preview(
    store: &Store,
    round: &Round,
    today: NaiveDate,
) -> Result<PublishPlan, PublishError> {
    let partnerships = store.partnerships(round.id)?;
    let draft: Vec<_> = partnerships
        .iter()
        .filter(|p| p.status == PartnershipStatus::Draft)
        .collect();
    let drafts: Vec<&[ApplicationId]> = draft.iter().map(|p| p.members.as_slice()).collect();
    if drafts.is_empty() {
        return Err(PublishError::NoDraft {
            round: round.plan.name.clone(),
        });
    }
    let in_partnership = paired(&partnerships);
    let unmatched = store
        .applications(round.id)?
        .iter()
        .filter(|a| a.status == ApplicationStatus::Accepted && !in_partnership.contains(&a.id))
        .count();
    Ok(PublishPlan {
        round_id: round.id,
        round: round.plan.name.clone(),
        pairs: drafts.iter().filter(|m| m.len() == 2).count(),
        trios: drafts.iter().filter(|m| m.len() == 3).count(),
        people: drafts.iter().map(|m| m.len()).sum(),
        unmatched,
        starts_on: round.plan.starts_on.max(today),
        ends_on: round.plan.ends_on(),
        drafts: draft.iter().map(|p| (p.id, p.version)).collect(),
        round_version: round.version,
    })
}

/// Publishes the draft `plan` counted, from its start: its groups become active
/// partnerships and the round becomes active. A draft changed since is refused.
pub fn publish(store: &mut Store, plan: &PublishPlan) -> Result<Published, PublishError> {
    Ok(store.publish_draft(
        plan.round_id,
        plan.round_version,
        plan.starts_on,
        &plan.drafts,
    )?)
}
