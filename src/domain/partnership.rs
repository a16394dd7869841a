//! Partnerships: a pair (or, when numbers are odd, a trio) of applicants in a round.

use std::fmt;

use chrono::NaiveDate;

use super::{ApplicationId, PartnershipId, RoundId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PartnershipStatus {
    /// Proposed by the matcher or a coordinator, not yet announced.
    Draft,
    Active,
    /// Dissolved at the end of the term.
    Ended,
    /// Ended before the term by a coordinator.
    EndedEarly,
}

impl PartnershipStatus {
    pub const ALL: [PartnershipStatus; 4] = [
        PartnershipStatus::Draft,
        PartnershipStatus::Active,
        PartnershipStatus::Ended,
        PartnershipStatus::EndedEarly,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PartnershipStatus::Draft => "draft",
            PartnershipStatus::Active => "active",
            PartnershipStatus::Ended => "ended",
            PartnershipStatus::EndedEarly => "ended_early",
        }
    }

    pub fn from_code(code: &str) -> Option<PartnershipStatus> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The status as a coordinator reads it: `ended early`.
    pub fn label(self) -> &'static str {
        match self {
            PartnershipStatus::EndedEarly => "ended early",
            other => other.code(),
        }
    }
}

impl fmt::Display for PartnershipStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partnership {
    pub id: PartnershipId,
    /// Bumped by every change (lock, publishing, ending), so that a change made on an older
    /// view is refused.
    pub version: i64,
    pub round_id: RoundId,
    pub status: PartnershipStatus,
    pub score: Option<i64>,
    pub locked: bool,
    /// Application ids, two or three, ascending.
    pub members: Vec<ApplicationId>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
}

/// Who is in a partnership that holds them: a draft, a running or an ended one. Those whose
/// partnership ended early are back in the pool, so not among them.
pub fn paired(partnerships: &[Partnership]) -> std::collections::HashSet<ApplicationId> {
    partnerships
        .iter()
        .filter(|p| p.status != PartnershipStatus::EndedEarly)
        .flat_map(|p| p.members.iter().copied())
        .collect()
}
