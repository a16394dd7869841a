//! Who may be paired with whom in a round: one person's allowed partners ranked by score
//! (with who each is paired with now), the score of any pair, and every allowed pair of the
//! round for checking the optimum with another tool.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::matching::{self, MatchError, Prepared};
use crate::domain::{ApplicationId, Partnership, PartnershipStatus, RoundId};
use crate::engine::score::Scorer;
use crate::engine::solver::Control;
use crate::store::{Store, StoreError};

/// How many candidates a person's list shows: enough to choose from by hand.
pub const SHOWN: usize = 50;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// Application id.
    pub id: ApplicationId,
    pub name: String,
    /// Country code.
    pub country: String,
    pub score: i64,
    /// Who they are paired with in the draft or a partnership now.
    pub partner: Option<String>,
    /// Whether they are paired with this very person now.
    pub is_current: bool,
    /// Everyone in their group now, them included, ascending; empty when in none. Pairing
    /// by hand names it, so that a group changed since is not broken up unseen.
    pub group: Vec<ApplicationId>,
    /// A running pair the person would join as its third member (the row then names the
    /// pair, and the score is the person's with both), offered where no pair is possible.
    #[serde(skip)]
    pub joins: Option<Partnership>,
}

#[derive(Debug, thiserror::Error)]
pub enum CandidatesError {
    #[error(transparent)]
    Match(#[from] MatchError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "this person is in a published partnership, or not accepted; only accepted people not \
         yet in a running partnership are paired here"
    )]
    NotInPool,
}

/// Who each of a round's people is with now, in a draft or a running partnership.
#[derive(Clone, Debug, Default)]
pub struct PairedNow {
    /// Application id → the other members of their group, in member order.
    mates: HashMap<ApplicationId, Vec<ApplicationId>>,
    names: HashMap<ApplicationId, String>,
    /// The running partnerships of two, which someone of the rematch pool may join.
    running_pairs: Vec<Partnership>,
}

impl PairedNow {
    pub fn read(store: &Store, round_id: RoundId) -> Result<PairedNow, StoreError> {
        let mut now = PairedNow::default();
        for p in store.partnerships(round_id)? {
            if !matches!(
                p.status,
                PartnershipStatus::Draft | PartnershipStatus::Active
            ) {
                continue;
            }
            for &m in &p.members {
                let others = p.members.iter().copied().filter(|&o| o != m).collect();
                now.mates.insert(m, others);
            }
            if p.status == PartnershipStatus::Active && p.members.len() == 2 {
                now.running_pairs.push(p);
            }
        }
        now.names = store
            .applications(round_id)?
            .into_iter()
            .filter(|a| now.mates.contains_key(&a.id))
            .map(|a| (a.id, a.form.name))
            .collect();
        Ok(now)
    }

    /// The others in `id`'s group now, in member order.
    pub fn mates(&self, id: ApplicationId) -> &[ApplicationId] {
        self.mates.get(&id).map_or(&[], Vec::as_slice)
    }

    /// Everyone in `id`'s group now, `id` included, ascending; empty when in none.
    pub fn group(&self, id: ApplicationId) -> Vec<ApplicationId> {
        let mut group = self.mates(id).to_vec();
        if !group.is_empty() {
            group.push(id);
            group.sort_unstable();
        }
        group
    }

    /// `Ana & Ben`: the others in `id`'s group now, by name.
    pub fn partner(&self, id: ApplicationId) -> Option<String> {
        let mates = self.mates.get(&id)?;
        Some(
            mates
                .iter()
                .filter_map(|m| self.names.get(m).map(String::as_str))
                .collect::<Vec<_>>()
                .join(" & "),
        )
    }
}

/// `person`'s best `limit` allowed partners in the round as it stands in the store.
pub fn ranked(
    store: &Store,
    round_id: RoundId,
    person: ApplicationId,
    limit: usize,
) -> Result<Vec<Candidate>, CandidatesError> {
    let prepared = matching::prepare(store, round_id)?;
    let now = PairedNow::read(store, round_id)?;
    rank(&prepared, &now, person, limit)
}

/// `person`'s allowed partners among those the matcher may pair, best first (equal scores
/// by application id), at most `limit` of them.
pub fn rank(
    prepared: &Prepared,
    now: &PairedNow,
    person: ApplicationId,
    limit: usize,
) -> Result<Vec<Candidate>, CandidatesError> {
    let all = &prepared.input.applicants;
    let i = all
        .iter()
        .position(|a| a.id == person)
        .ok_or(CandidatesError::NotInPool)?;
    let scorer = prepared.scorer();
    let mates = now.mates(person);
    let mut rows: Vec<Candidate> = (0..all.len())
        .filter_map(|j| {
            let score = scorer.score(i, j)?;
            let a = &all[j];
            Some(Candidate {
                id: a.id,
                name: a.name.clone(),
                country: a.country.code.to_string(),
                score,
                partner: now.partner(a.id),
                is_current: mates.contains(&a.id),
                group: now.group(a.id),
                joins: None,
            })
        })
        .collect();
    rows.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
    if rows.is_empty() {
        rows = joins(prepared, now, person);
    }
    rows.truncate(limit);
    Ok(rows)
}

/// The running pairs `person` may join as a third member, best first: both members allowed
/// with them, scored as the sum of their scores with each.
fn joins(prepared: &Prepared, now: &PairedNow, person: ApplicationId) -> Vec<Candidate> {
    let Some(me) = prepared.applicant(person) else {
        return Vec::new();
    };
    let mut rows: Vec<Candidate> = now
        .running_pairs
        .iter()
        .filter_map(|p| {
            let (a, b) = (
                prepared.applicant(p.members[0])?,
                prepared.applicant(p.members[1])?,
            );
            let trio = [me.clone(), a.clone(), b.clone()];
            let scorer = Scorer::new(
                &trio,
                &prepared.settings.weights,
                &prepared.settings.rules,
                &prepared.input.past_partners,
                &prepared.input.forbidden,
            );
            let score = scorer.score(0, 1)? + scorer.score(0, 2)?;
            Some(Candidate {
                id: a.id,
                name: format!("{} & {}", a.name, b.name),
                country: format!("{}/{}", a.country.code, b.country.code),
                score,
                partner: None,
                is_current: false,
                group: p.members.clone(),
                joins: Some(p.clone()),
            })
        })
        .collect();
    rows.sort_by(|x, y| y.score.cmp(&x.score).then(x.id.cmp(&y.id)));
    rows
}

/// The score two people would have together now, or `None` when a rule forbids the pair or
/// either is not in the matcher's pool.
pub fn pair_score(prepared: &Prepared, a: ApplicationId, b: ApplicationId) -> Option<i64> {
    let index = |id| prepared.input.applicants.iter().position(|x| x.id == id);
    prepared.scorer().score(index(a)?, index(b)?)
}

/// Two application ids and the score of the pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct ScoredPair {
    pub a: ApplicationId,
    pub b: ApplicationId,
    pub score: i64,
}

/// Which pairs of a round to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PairSet {
    /// Every allowed pair.
    Allowed,
    /// Only the pairs the exact engine solved on in the end (its certified subgraph).
    SolverGraph,
}

/// The pairs among the people the matcher pairs freely.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundPairs {
    /// How many people the pairs are drawn from.
    pub people: usize,
    pub pairs: Vec<ScoredPair>,
}

/// The pairs of a round's pool, locked groups aside: a locked group is kept as it is, so its
/// members take no part in the optimum another tool would check.
pub fn round_pairs(
    store: &Store,
    round_id: RoundId,
    which: PairSet,
) -> Result<RoundPairs, MatchError> {
    let mut prepared = matching::prepare(store, round_id)?;
    let locked: HashSet<ApplicationId> = prepared.input.locked.iter().flatten().copied().collect();
    prepared
        .input
        .applicants
        .retain(|a| !locked.contains(&a.id));
    prepared.input.locked.clear();
    let pairs = match which {
        PairSet::Allowed => allowed_pairs(&prepared),
        PairSet::SolverGraph => matching::solve(&prepared, &mut |_| Control::Continue)?
            .solver_graph
            .into_iter()
            .map(|(a, b, score)| ScoredPair { a, b, score })
            .collect(),
    };
    Ok(RoundPairs {
        people: prepared.input.applicants.len(),
        pairs,
    })
}

/// Every allowed pair of the prepared pool, in application order.
pub fn allowed_pairs(prepared: &Prepared) -> Vec<ScoredPair> {
    let scorer = prepared.scorer();
    let apps = &prepared.input.applicants;
    let mut all = Vec::new();
    for i in 0..apps.len() {
        for j in i + 1..apps.len() {
            if let Some(score) = scorer.score(i, j) {
                all.push(ScoredPair {
                    a: apps[i].id,
                    b: apps[j].id,
                    score,
                });
            }
        }
    }
    all
}
