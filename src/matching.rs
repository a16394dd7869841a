//! Runs the engine on a stored round and keeps the result as the round's draft: the glue
//! between the store and the pure engine, shared by the command line and the TUI.

use std::collections::HashSet;

use crate::domain::{ApplicationStatus, PartnershipStatus};
use crate::engine::round::{self, Outcome, Phase, RoundInput};
use crate::engine::score::{Applicant, Scorer};
use crate::engine::settings::Settings;
use crate::engine::solver::{Cancelled, Control};
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum MatchError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Settings(String),
    #[error("matching cancelled; the previous draft is unchanged")]
    Cancelled,
}

impl From<Cancelled> for MatchError {
    fn from(_: Cancelled) -> Self {
        MatchError::Cancelled
    }
}

/// A round ready for the engine.
pub struct Prepared {
    pub input: RoundInput,
    pub settings: Settings,
}

impl Prepared {
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
pub fn prepare(store: &Store, round_id: i64) -> Result<Prepared, MatchError> {
    let settings =
        Settings::from_json(&store.round_settings(round_id)?).map_err(MatchError::Settings)?;
    let partnerships = store.partnerships(round_id)?;
    let published: HashSet<i64> = partnerships
        .iter()
        .filter(|p| p.status != PartnershipStatus::Draft)
        .flat_map(|p| p.members.iter().copied())
        .collect();
    let applicants: Vec<Applicant> = store
        .applications(round_id)?
        .iter()
        .filter(|a| a.status == ApplicationStatus::Accepted && !published.contains(&a.id))
        .map(Applicant::from_application)
        .collect();
    let present: HashSet<i64> = applicants.iter().map(|a| a.id).collect();
    let locked = partnerships
        .iter()
        .filter(|p| p.status == PartnershipStatus::Draft && p.locked)
        .filter(|p| p.members.iter().all(|m| present.contains(m)))
        .map(|p| p.members.clone())
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
    })
}

/// Runs the engine on a prepared round.
pub fn solve(
    prepared: &Prepared,
    progress: &mut dyn FnMut(Phase) -> Control,
) -> Result<Outcome, MatchError> {
    Ok(round::run(&prepared.input, &prepared.settings, progress)?)
}

/// Stores an outcome as the round's draft matching (locked drafts kept). Returns how many
/// unlocked drafts it replaced.
pub fn save_draft(
    store: &mut Store,
    round_id: i64,
    outcome: &Outcome,
) -> Result<usize, MatchError> {
    let groups: Vec<(Vec<i64>, i64)> = outcome
        .groups
        .iter()
        .filter(|g| !g.locked)
        .map(|g| (g.members.clone(), g.score))
        .collect();
    Ok(store.replace_draft_matching(
        round_id,
        &groups,
        &format!(
            "matched: {} pairs, {} trios, {} unmatched ({})",
            outcome.pairs(),
            outcome.trios(),
            outcome.unmatched.len(),
            outcome.certificate
        ),
    )?)
}
