//! Round policy: who is matched with whom. Locked groups are kept and their people set
//! aside; the rest is solved exactly (sparse candidates, then pricing against the duals
//! until no left-out pair could improve the result); odd people left over may join a pair
//! as a trio; everyone unmatched gets a reason.

use std::collections::{BTreeMap, HashSet};
use std::time::Instant;

use super::pairs::{PairTable, TopK};
use super::score::{Applicant, HardRule, Scorer};
use super::settings::{Objective, Settings};
use super::solver::{self, Cancelled, Control, Mode};
use crate::domain::{ApplicationId, PersonId};

/// Everything the engine needs about a round, gathered by the caller.
#[derive(Clone, Debug, Default)]
pub struct RoundInput {
    /// The accepted applicants who are not yet in a published partnership, in id order.
    pub applicants: Vec<Applicant>,
    /// Groups (application ids) a coordinator locked; kept as they are.
    pub locked: Vec<Vec<ApplicationId>>,
    /// Pairs of person ids who were partners in a published partnership.
    pub past_partners: Vec<(PersonId, PersonId)>,
    /// Pairs of person ids a coordinator said must not be paired.
    pub forbidden: Vec<(PersonId, PersonId)>,
}

/// A pair or trio of application ids with its score.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Group {
    pub members: Vec<ApplicationId>,
    pub score: i64,
    pub locked: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Unmatched {
    /// No allowed partner in the round; `rule` is the one that shuts out the most others.
    NoAllowedPartner { id: ApplicationId, rule: String },
    /// Allowed partners exist, but a better whole left this person over.
    LeftOver { id: ApplicationId },
}

impl Unmatched {
    pub fn id(&self) -> ApplicationId {
        match self {
            Unmatched::NoAllowedPartner { id, .. } | Unmatched::LeftOver { id } => *id,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Unmatched::NoAllowedPartner { rule, .. } => {
                format!("no allowed partner at all (mostly: {rule})")
            }
            Unmatched::LeftOver { .. } => {
                "left over: every allowed partner is matched better elsewhere".to_string()
            }
        }
    }
}

/// The engine's proof that the matching is the best possible.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Certificate {
    /// Allowed pairs checked against the duals: every pair of the round.
    pub verified_pairs: u64,
    /// Pairs the solver worked on in the end.
    pub graph_pairs: usize,
    /// Solves run: the first on candidates, one more per pricing round that found pairs.
    pub solves: usize,
}

impl std::fmt::Display for Certificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "optimal: verified over {} pairs", self.verified_pairs)
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Outcome {
    pub objective: Objective,
    /// Pairs and trios: locked ones first, then by descending score, ties by first member.
    pub groups: Vec<Group>,
    pub unmatched: Vec<Unmatched>,
    /// Sum of the scores of the pairs the solver chose, before any trio was formed.
    pub matching_weight: i64,
    pub certificate: Certificate,
    /// Two people who both prefer each other to the partners they got.
    pub blocking_pairs: u64,
    /// Stated wishes (sector, career stage, place) of matched people, and how many are met.
    pub wishes_stated: u64,
    pub wishes_met: u64,
    pub seconds: f64,
    /// The pairs (application ids, score) the solver worked on in the end: enough to
    /// check the optimum with another tool.
    #[serde(skip)]
    pub solver_graph: Vec<(ApplicationId, ApplicationId, i64)>,
}

impl Outcome {
    pub fn pairs(&self) -> usize {
        self.groups.iter().filter(|g| g.members.len() == 2).count()
    }

    pub fn trios(&self) -> usize {
        self.groups.iter().filter(|g| g.members.len() == 3).count()
    }

    pub fn total_score(&self) -> i64 {
        self.groups.iter().map(|g| g.score).sum()
    }

    pub fn lowest_score(&self) -> Option<i64> {
        self.groups.iter().map(|g| g.score).min()
    }

    pub fn mean_score(&self) -> f64 {
        if self.groups.is_empty() {
            0.0
        } else {
            self.total_score() as f64 / self.groups.len() as f64
        }
    }

    pub fn wishes_met_share(&self) -> f64 {
        if self.wishes_stated == 0 {
            1.0
        } else {
            self.wishes_met as f64 / self.wishes_stated as f64
        }
    }
}

/// Where the engine is, for a progress gauge.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Phase {
    Scoring,
    Solving { matched: usize, of: usize },
    Pricing { solves: usize },
    Finishing,
}

/// How many of each person's most violated pairs a pricing round adds to the graph.
const PRICED_PER_PERSON: usize = 4;

/// Runs the engine on a round. `progress` is called now and then and may cancel.
pub fn run(
    input: &RoundInput,
    settings: &Settings,
    progress: &mut dyn FnMut(Phase) -> Control,
) -> Result<Outcome, Cancelled> {
    let started = Instant::now();

    // People in locked groups are kept where they are.
    let locked_ids: HashSet<ApplicationId> = input.locked.iter().flatten().copied().collect();
    let all: &[Applicant] = &input.applicants;
    let everyone = Scorer::new(
        all,
        &settings.weights,
        &settings.rules,
        &input.past_partners,
        &input.forbidden,
    );
    let index_of: BTreeMap<ApplicationId, usize> =
        all.iter().enumerate().map(|(i, a)| (a.id, i)).collect();
    let free: Vec<Applicant> = all
        .iter()
        .filter(|a| !locked_ids.contains(&a.id))
        .cloned()
        .collect();
    let scorer = Scorer::new(
        &free,
        &settings.weights,
        &settings.rules,
        &input.past_partners,
        &input.forbidden,
    );
    let n = free.len();

    check(progress, Phase::Scoring)?;
    let k = settings.rules.candidates.max(1);
    let candidates = candidates(&scorer, k);

    let mode = match settings.rules.objective {
        Objective::MostMatched => Mode::MaxCardinality,
        Objective::HighestTotal => Mode::MaxWeight,
    };
    let mut edges = candidates.edges();

    let mut solves = 0;
    let matching = loop {
        solves += 1;
        let matching = solver::solve(n, &edges, mode, &mut |p| match progress(Phase::Solving {
            matched: p.matched_vertices,
            of: p.vertices,
        }) {
            c @ Control::Cancel => c,
            Control::Continue => Control::Continue,
        })?;
        check(progress, Phase::Pricing { solves })?;
        let violated = price(&candidates.table, &matching, PRICED_PER_PERSON);
        if violated.is_empty() {
            break matching;
        }
        let (before, added) = (edges.len(), violated.len());
        edges.extend(violated);
        edges.sort_unstable();
        edges.dedup();
        // Every violated pair is new to the graph if the solver's certificate is right; a
        // pair violated twice would mean looping for ever.
        assert!(
            edges.len() == before + added,
            "pricing found violated pairs already in the solved graph"
        );
    };
    check(progress, Phase::Finishing)?;

    let mut groups: Vec<Group> = input
        .locked
        .iter()
        .map(|members| {
            let mut members = members.clone();
            members.sort_unstable();
            let idx: Vec<usize> = members
                .iter()
                .filter_map(|m| index_of.get(m))
                .copied()
                .collect();
            Group {
                score: group_score(&everyone, &idx),
                members,
                locked: true,
            }
        })
        .collect();
    let mut solved: Vec<Vec<usize>> = matching
        .pairs()
        .into_iter()
        .map(|(u, v)| vec![u, v])
        .collect();
    let matching_weight: i64 = solved
        .iter()
        .map(|p| scorer.score(p[0], p[1]).expect("solver pairs are allowed"))
        .sum();

    let mut unmatched = Vec::new();
    let mut left_over = Vec::new();
    for (i, mate) in matching.mate.iter().enumerate() {
        if mate.is_some() {
            continue;
        }
        match candidates.shut_out_by[i] {
            Some(rule) => unmatched.push(Unmatched::NoAllowedPartner {
                id: free[i].id,
                rule: rule.name().to_string(),
            }),
            None => left_over.push(i),
        }
    }
    if settings.rules.allow_trios {
        left_over = form_trios(&scorer, &mut solved, left_over);
    }
    unmatched.extend(
        left_over
            .iter()
            .map(|&i| Unmatched::LeftOver { id: free[i].id }),
    );
    unmatched.sort_by_key(Unmatched::id);

    let (wishes_stated, wishes_met) = wishes(&scorer, &solved);
    let blocking_pairs = blocking_pairs(&scorer, &candidates.table, &solved);
    let mut solved_groups: Vec<Group> = solved
        .iter()
        .map(|g| {
            let mut members: Vec<ApplicationId> = g.iter().map(|&i| free[i].id).collect();
            members.sort_unstable();
            Group {
                score: group_score(&scorer, g),
                members,
                locked: false,
            }
        })
        .collect();
    solved_groups.sort_by(|a, b| b.score.cmp(&a.score).then(a.members.cmp(&b.members)));
    groups.extend(solved_groups);

    Ok(Outcome {
        objective: settings.rules.objective,
        groups,
        unmatched,
        matching_weight,
        certificate: Certificate {
            verified_pairs: candidates.allowed_pairs,
            graph_pairs: edges.len(),
            solves,
        },
        blocking_pairs,
        wishes_stated,
        wishes_met,
        seconds: started.elapsed().as_secs_f64(),
        solver_graph: edges
            .iter()
            .map(|&(u, v, w)| (free[u].id, free[v].id, w))
            .collect(),
    })
}

/// Asks the progress callback whether to go on.
fn check(progress: &mut dyn FnMut(Phase) -> Control, phase: Phase) -> Result<(), Cancelled> {
    match progress(phase) {
        Control::Continue => Ok(()),
        Control::Cancel => Err(Cancelled),
    }
}

/// The sum of the pair scores within a group (0 for a pair a rule now forbids).
pub fn group_score(scorer: &Scorer, members: &[usize]) -> i64 {
    let mut total = 0;
    for (x, &i) in members.iter().enumerate() {
        for &j in &members[x + 1..] {
            total += scorer.score(i, j).unwrap_or(0);
        }
    }
    total
}

struct Candidates {
    /// Each person's best allowed partners.
    top: Vec<TopK>,
    /// For people with no allowed partner: the rule that shuts out most others.
    shut_out_by: Vec<Option<HardRule>>,
    allowed_pairs: u64,
    /// Every pair's score, for pricing and diagnostics without scoring again.
    table: PairTable,
}

impl Candidates {
    /// The candidate graph: each person with their best partners, each pair once, sorted.
    fn edges(&self) -> Vec<(usize, usize, i64)> {
        let mut edges: Vec<(usize, usize, i64)> = Vec::new();
        for (i, top) in self.top.iter().enumerate() {
            for &(score, j) in top.items() {
                let j = j as usize;
                edges.push((i.min(j), i.max(j), score));
            }
        }
        edges.sort_unstable();
        edges.dedup();
        edges
    }
}

/// The sparse graph the solver starts from: every person's `k` best allowed partners.
pub fn candidate_graph(scorer: &Scorer, k: usize) -> Vec<(usize, usize, i64)> {
    candidates(scorer, k).edges()
}

/// One pass over every pair: each person's `k` best allowed partners, the number of allowed
/// pairs, and for each person the rules that forbid their pairs.
fn candidates(scorer: &Scorer, k: usize) -> Candidates {
    let n = scorer.len();
    struct Local {
        top: Vec<TopK>,
        allowed: Vec<u32>,
        rules: Vec<[u32; 5]>,
    }
    let rule_slot = |r: HardRule| match r {
        HardRule::SameCountry => 0,
        HardRule::NoSharedLanguage => 1,
        HardRule::PartneredBefore => 2,
        HardRule::Forbidden => 3,
        HardRule::TimeZoneGap { .. } => 4,
    };
    let (table, locals) = PairTable::fill(
        n,
        scorer.score_bound(),
        |i, j| scorer.score(i, j),
        || Local {
            top: vec![TopK::default(); n],
            allowed: vec![0; n],
            rules: vec![[0; 5]; n],
        },
        |l, i, j, score| match score {
            Some(s) => {
                l.top[i].offer(k, s, j as u32);
                l.top[j].offer(k, s, i as u32);
                l.allowed[i] += 1;
                l.allowed[j] += 1;
            }
            None => {
                let slot = rule_slot(
                    scorer
                        .forbids(i, j)
                        .expect("a pair without a score is forbidden"),
                );
                l.rules[i][slot] += 1;
                l.rules[j][slot] += 1;
            }
        },
    );
    let mut top = vec![TopK::default(); n];
    let mut allowed = vec![0u32; n];
    let mut rules = vec![[0u32; 5]; n];
    for l in &locals {
        for i in 0..n {
            top[i].merge(k, &l.top[i]);
            allowed[i] += l.allowed[i];
            for (total, add) in rules[i].iter_mut().zip(l.rules[i]) {
                *total += add;
            }
        }
    }
    let names = [
        HardRule::SameCountry,
        HardRule::NoSharedLanguage,
        HardRule::PartneredBefore,
        HardRule::Forbidden,
        HardRule::TimeZoneGap { hours: 0, limit: 0 },
    ];
    let shut_out_by = (0..n)
        .map(|i| {
            (allowed[i] == 0).then(|| {
                let best = (0..5).max_by_key(|&r| (rules[i][r], 5 - r)).unwrap_or(0);
                names[best]
            })
        })
        .collect();
    Candidates {
        top,
        shut_out_by,
        allowed_pairs: allowed.iter().map(|&a| a as u64).sum::<u64>() / 2,
        table,
    }
}

/// Allowed pairs whose reduced cost under the duals is negative: the pairs the optimum on
/// the full graph may still need. Only each person's `per_person` most violated pairs are
/// returned: after the first solve, tens of thousands of pairs may violate the duals, and
/// most stop doing so once a few of them are in the graph.
fn price(table: &PairTable, m: &solver::Matching, per_person: usize) -> Vec<(usize, usize, i64)> {
    let n = m.mate.len();
    let found = table.for_each_allowed(
        || vec![TopK::default(); n],
        |top, i, j, s| {
            if m.violates(i, j, s) {
                let by = -m.slack(i, j, s);
                top[i].offer(per_person, by, j as u32);
                top[j].offer(per_person, by, i as u32);
            }
        },
    );
    let mut edges = Vec::new();
    let mut top = vec![TopK::default(); n];
    for local in &found {
        for (i, t) in local.iter().enumerate() {
            top[i].merge(per_person, t);
        }
    }
    for (i, t) in top.iter().enumerate() {
        for &(_, j) in t.items() {
            let j = j as usize;
            let (u, v) = (i.min(j), i.max(j));
            edges.push((u, v, table.get(u, v).expect("priced pairs are allowed")));
        }
    }
    edges.sort_unstable();
    edges.dedup();
    edges
}

/// Attaches each person left over to the pair where they add the most (a pair takes at most
/// one third member). Priority people choose first. Returns those still left over.
fn form_trios(scorer: &Scorer, groups: &mut [Vec<usize>], left_over: Vec<usize>) -> Vec<usize> {
    let mut order = left_over;
    order.sort_by_key(|&i| (!scorer.applicants[i].priority, i));
    let mut still = Vec::new();
    for x in order {
        let best = groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.len() == 2)
            .filter_map(|(gi, g)| {
                let a = scorer.score(x, g[0])?;
                let b = scorer.score(x, g[1])?;
                Some((a + b, std::cmp::Reverse(gi)))
            })
            .max();
        match best {
            Some((_, std::cmp::Reverse(gi))) => groups[gi].push(x),
            None => still.push(x),
        }
    }
    still.sort_unstable();
    still
}

/// Stated wishes of matched people, and how many a partner meets.
fn wishes(scorer: &Scorer, groups: &[Vec<usize>]) -> (u64, u64) {
    let (mut stated, mut met) = (0, 0);
    for g in groups {
        for &i in g {
            let (s, m) = scorer.wishes_met(i, g.iter().copied().filter(|&j| j != i));
            stated += s;
            met += m;
        }
    }
    (stated, met)
}

/// Pairs of people, not partners, who both prefer each other to their best current partner.
fn blocking_pairs(scorer: &Scorer, table: &PairTable, groups: &[Vec<usize>]) -> u64 {
    let n = scorer.len();
    let mut group_of = vec![usize::MAX; n];
    let mut best = vec![-1i64; n];
    for (gi, g) in groups.iter().enumerate() {
        for &i in g {
            group_of[i] = gi;
            best[i] = g
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| scorer.satisfaction(i, j))
                .max()
                .unwrap_or(-1);
        }
    }
    table
        .for_each_allowed(
            || 0u64,
            |count, i, j, score| {
                // A pair's score is the sum of the two sides: unless it beats the sum of the
                // two best, one side cannot prefer the other, and nothing needs rescoring.
                if score > best[i] + best[j]
                    && (group_of[i] != group_of[j] || group_of[i] == usize::MAX)
                    && scorer.satisfaction(i, j) > best[i]
                    && scorer.satisfaction(j, i) > best[j]
                {
                    *count += 1;
                }
            },
        )
        .into_iter()
        .sum()
}
