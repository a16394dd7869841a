//! Before matching: who is waiting to be matched, how they spread over countries, sectors
//! and working languages, and who has so few allowed partners that the round may leave them
//! out, with the rule that shuts most of them out.

use std::collections::HashMap;

use serde::Serialize;

use super::matching::{self, MatchError, Prepared};
use crate::domain::{ApplicationId, RoundId};
use crate::engine::score::Applicant;
use crate::store::Store;
use crate::text::{agree, counted};

/// At most this many allowed partners makes someone hard to match.
pub const FEW_PARTNERS: usize = 3;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Readiness {
    /// The accepted applicants not yet in a running partnership, in application order.
    pub waiting: Vec<Waiting>,
    /// Most first, then by name.
    pub by_country: Vec<Tally>,
    pub by_sector: Vec<Tally>,
    /// A person counts once for each language they can work in.
    pub by_language: Vec<Tally>,
    /// Everyone with at most [`FEW_PARTNERS`] allowed partners, fewest first.
    pub few_partners: Vec<HardToMatch>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Waiting {
    /// Application id.
    pub id: ApplicationId,
    pub name: String,
    pub country: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub label: String,
    pub count: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HardToMatch {
    /// Application id.
    pub id: ApplicationId,
    pub name: String,
    pub country: String,
    pub allowed: usize,
    /// The hard rule that rules out the most of the others, and how many it rules out;
    /// `None` when nobody else is waiting.
    pub mostly: Option<Exclusion>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Exclusion {
    pub rule: &'static str,
    pub people: usize,
}

impl HardToMatch {
    fn line(&self) -> String {
        let rule = self.mostly.as_ref().map_or(String::new(), |m| {
            format!(
                "; mostly {} ({})",
                m.rule,
                counted(m.people, "person", "people")
            )
        });
        format!(
            "{} ({}): {}{rule}",
            self.name,
            self.country,
            counted(self.allowed, "allowed partner", "allowed partners")
        )
    }
}

/// Counts by `key` (a person may have several), most first and then by name.
fn tally(all: &[Applicant], key: impl Fn(&Applicant) -> Vec<String>) -> Vec<Tally> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for a in all {
        for k in key(a) {
            *counts.entry(k).or_default() += 1;
        }
    }
    let mut tallies: Vec<Tally> = counts
        .into_iter()
        .map(|(label, count)| Tally { label, count })
        .collect();
    tallies.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
    tallies
}

fn joined(tallies: &[Tally]) -> String {
    tallies
        .iter()
        .map(|t| format!("{} {}", t.label, t.count))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Readiness {
    /// The report on a round as the matcher would see it now.
    pub fn read(store: &Store, round_id: RoundId) -> Result<Readiness, MatchError> {
        Ok(Readiness::of(&matching::prepare(store, round_id)?))
    }

    pub fn of(prepared: &Prepared) -> Readiness {
        let all = &prepared.input.applicants;
        let scorer = prepared.scorer();
        let mut few_partners = Vec::new();
        for i in 0..all.len() {
            let mut allowed = 0;
            let mut rules: HashMap<&'static str, usize> = HashMap::new();
            for j in (0..all.len()).filter(|&j| j != i) {
                match scorer.forbids(i, j) {
                    None => allowed += 1,
                    Some(rule) => *rules.entry(rule.name()).or_default() += 1,
                }
            }
            if allowed <= FEW_PARTNERS {
                // Ties go to the rule whose name comes first, so the report is the same
                // every time.
                let mostly = rules
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
                    .map(|(rule, people)| Exclusion { rule, people });
                few_partners.push(HardToMatch {
                    id: all[i].id,
                    name: all[i].name.clone(),
                    country: all[i].country.name.to_string(),
                    allowed,
                    mostly,
                });
            }
        }
        few_partners.sort_by_cached_key(|h| (h.allowed, h.line()));
        Readiness {
            waiting: all
                .iter()
                .map(|a| Waiting {
                    id: a.id,
                    name: a.name.clone(),
                    country: a.country.name.to_string(),
                })
                .collect(),
            by_country: tally(all, |a| vec![a.country.name.to_string()]),
            by_sector: tally(all, |a| vec![a.sector.name().to_string()]),
            by_language: tally(all, |a| {
                a.languages().iter().map(|l| l.name().to_string()).collect()
            }),
            few_partners,
        }
    }

    /// The report as plain lines: a summary first, then the tallies, then the people who
    /// are hard to match, one a line.
    pub fn lines(&self) -> Vec<String> {
        if self.waiting.is_empty() {
            return vec![
                "No accepted applicants are waiting to be matched.".to_string(),
                "Accept applications in Applicants (2: a for one, c for the country cap) \
                 first."
                    .to_string(),
            ];
        }
        let mut out = vec![
            format!(
                "{} {} waiting to be matched.",
                counted(
                    self.waiting.len(),
                    "accepted applicant",
                    "accepted applicants"
                ),
                agree(self.waiting.len(), "is", "are")
            ),
            format!("By country: {}.", joined(&self.by_country)),
            format!("By sector: {}.", joined(&self.by_sector)),
            format!("By working language: {}.", joined(&self.by_language)),
        ];
        if self.few_partners.is_empty() {
            out.push(format!(
                "Everyone has more than {FEW_PARTNERS} allowed partners."
            ));
        } else {
            out.push(format!(
                "{} {} {FEW_PARTNERS} allowed partners or fewer; fix their data or loosen a \
                 rule (w) before matching:",
                counted(self.few_partners.len(), "person", "people"),
                agree(self.few_partners.len(), "has", "have")
            ));
            out.extend(self.few_partners.iter().map(HardToMatch::line));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_person_reads_in_the_singular() {
        let tally = |label: &str| {
            vec![Tally {
                label: label.to_string(),
                count: 1,
            }]
        };
        let report = Readiness {
            waiting: vec![Waiting {
                id: ApplicationId(1),
                name: "Ana López".into(),
                country: "Argentina".into(),
            }],
            by_country: tally("Argentina"),
            by_sector: tally("Academic"),
            by_language: tally("Spanish"),
            few_partners: vec![HardToMatch {
                id: ApplicationId(1),
                name: "Ana López".into(),
                country: "Argentina".into(),
                allowed: 1,
                mostly: Some(Exclusion {
                    rule: "same country",
                    people: 1,
                }),
            }],
        };
        let lines = report.lines();
        assert_eq!(lines[0], "1 accepted applicant is waiting to be matched.");
        assert!(lines[4].starts_with("1 person has 3 allowed partners or fewer;"));
        assert_eq!(
            lines[5],
            "Ana López (Argentina): 1 allowed partner; mostly same country (1 person)"
        );
    }
}
