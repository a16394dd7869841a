//! A round in numbers, from one place: what the Overview shows and `iln report` prints
//! (as text, as Markdown for the program's blog, or as JSON), all read from the store's
//! aggregates (`Store::round_counts`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::domain::{CareerStage, Country, Round, Sector};
use crate::ops::matching::RunSummary;
use crate::store::{Store, StoreError};
use crate::text::counted;

/// A count by name.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Share {
    pub name: String,
    pub count: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Returning {
    pub total: usize,
    /// How many took part in 1, 2, … earlier rounds (so came for their 2nd, 3rd, … round).
    pub by_rounds_before: BTreeMap<usize, usize>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problems {
    pub open: usize,
    pub resolved: usize,
    pub closed: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Topics {
    pub published: usize,
    pub planned: usize,
}

/// A round's figures, as `iln report --format json` writes them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RoundReport {
    pub round: String,
    pub stage: String,
    /// Accepted applicants.
    pub participants: usize,
    pub countries: usize,
    /// Countries taking part for the first time, by name.
    pub new_countries: Vec<String>,
    pub returning: Returning,
    pub by_sector: Vec<Share>,
    pub by_career_stage: Vec<Share>,
    /// Countries the cap deferred someone from, with how many.
    pub capped_countries: Vec<Share>,
    pub deferred: usize,
    pub matched: usize,
    pub unmatched: usize,
    pub trios: usize,
    pub mean_score: Option<f64>,
    pub lowest_score: Option<i64>,
    /// The share of stated wishes the last matching run met.
    pub wishes_met: Option<f64>,
    /// The wishes the last matching run had to meet (none when no run is kept).
    pub wishes_stated: Option<u64>,
    pub problems: Problems,
    pub ended_early: usize,
    pub rematched: usize,
    pub introductions_sent: usize,
    pub topics: Topics,
}

fn country_name(code: &str) -> String {
    Country::find(code).map_or_else(|| code.to_string(), |c| c.name.to_string())
}

/// Where a country is on the map: (longitude, latitude).
pub type Place = (f64, f64);

/// What the Overview draws beside the figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Charts {
    /// Applicants (invitations and withdrawals aside) by country, most first.
    pub by_country: Vec<Share>,
    /// Scores of the round's partnerships, lowest first.
    pub scores: Vec<i64>,
    /// Partnered countries: (longitude, latitude) of each end, and how many partnerships.
    pub links: Vec<(Place, Place, usize)>,
    /// Where each participating country is: (longitude, latitude).
    pub places: Vec<Place>,
    /// Every round's participants and countries, oldest first.
    pub history: Vec<crate::store::RoundSize>,
}

/// The figures of `round` and what the Overview charts of it and of the program.
pub fn overview(store: &Store, round: &Round) -> Result<(RoundReport, Charts), StoreError> {
    let c = store.round_counts(round.id)?;
    let place = |code: &str| Country::find(code).map(|c| (c.longitude, c.latitude));
    let charts = Charts {
        by_country: c
            .applicants_by_country
            .iter()
            .map(|(code, n)| Share {
                name: country_name(code),
                count: *n,
            })
            .collect(),
        scores: c.scores.clone(),
        links: c
            .country_links
            .iter()
            .filter_map(|(a, b, n)| Some((place(a)?, place(b)?, *n)))
            .collect(),
        places: c
            .by_country
            .iter()
            .filter_map(|(code, _)| place(code))
            .collect(),
        history: store.round_sizes()?,
    };
    Ok((report_of(round, c), charts))
}

/// The figures of `round`.
pub fn report(store: &Store, round: &Round) -> Result<RoundReport, StoreError> {
    Ok(report_of(round, store.round_counts(round.id)?))
}

fn report_of(round: &Round, c: crate::store::RoundCounts) -> RoundReport {
    let named = |pairs: &[(String, usize)], name: &dyn Fn(&str) -> String| -> Vec<Share> {
        pairs
            .iter()
            .map(|(code, count)| Share {
                name: name(code),
                count: *count,
            })
            .collect()
    };
    let run = c
        .run_summary
        .and_then(|v| serde_json::from_value::<RunSummary>(v).ok());
    let wishes_stated = run.as_ref().map(|s| s.wishes_stated);
    let wishes_met = run
        .filter(|s| s.wishes_stated > 0)
        .map(|s| s.wishes_met_share());
    RoundReport {
        round: round.plan.name.clone(),
        stage: round.plan.status.code().to_string(),
        participants: c.participants,
        countries: c.by_country.len(),
        new_countries: {
            let mut names: Vec<String> = c.new_countries.iter().map(|c| country_name(c)).collect();
            names.sort();
            names
        },
        returning: Returning {
            total: c.returning.values().sum(),
            by_rounds_before: c.returning.clone(),
        },
        by_sector: named(&c.by_sector, &|code| {
            Sector::find(code).map_or(code.to_string(), |s| s.name().to_string())
        }),
        by_career_stage: named(&c.by_career_stage, &|code| {
            CareerStage::find(code).map_or(code.to_string(), |s| s.name().to_string())
        }),
        capped_countries: named(&c.deferred_by_country, &country_name),
        deferred: c.deferred_by_country.iter().map(|(_, n)| n).sum(),
        matched: c.matched,
        unmatched: c.participants.saturating_sub(c.matched),
        trios: c.trios,
        mean_score: c.mean_score.map(|m| (m * 10.0).round() / 10.0),
        lowest_score: c.lowest_score,
        wishes_met: wishes_met.map(|w| (w * 1000.0).round() / 1000.0),
        wishes_stated,
        problems: Problems {
            open: c.problems_open,
            resolved: c.problems_resolved,
            closed: c.problems_closed,
        },
        ended_early: c.ended_early,
        rematched: c.rematched,
        introductions_sent: c.introduced,
        topics: Topics {
            published: c.topics_published,
            planned: c.topics_planned,
        },
    }
}

fn shares(list: &[Share]) -> String {
    if list.is_empty() {
        return "nobody yet".to_string();
    }
    list.iter()
        .map(|s| format!("{} {}", s.name, s.count))
        .collect::<Vec<_>>()
        .join(", ")
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

impl RoundReport {
    /// "12 back: 9 for their 2nd round, 3 for their 3rd round".
    fn returning_words(&self) -> String {
        if self.returning.total == 0 {
            return "none back from an earlier round".to_string();
        }
        format!("{} back: {}", self.returning.total, self.returning_parts())
    }

    /// "9 for their 2nd round, 3 for their 3rd round".
    fn returning_parts(&self) -> String {
        self.returning
            .by_rounds_before
            .iter()
            .map(|(before, n)| format!("{n} for their {} round", ordinal(before + 1)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The figures as lines for a terminal.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut line = |label: &str, value: String| {
            let _ = writeln!(out, "{label:<14}{value}");
        };
        line("Round", format!("{} ({})", self.round, self.stage));
        line(
            "Participants",
            format!(
                "{} from {}",
                self.participants,
                counted(self.countries, "country", "countries")
            ),
        );
        line(
            "New countries",
            if self.new_countries.is_empty() {
                "none".to_string()
            } else {
                format!(
                    "{}: {}",
                    self.new_countries.len(),
                    self.new_countries.join(", ")
                )
            },
        );
        line("Returning", self.returning_words());
        line("Sectors", shares(&self.by_sector));
        line("Career stages", shares(&self.by_career_stage));
        line(
            "Country cap",
            if self.deferred == 0 {
                "nobody deferred".to_string()
            } else {
                format!(
                    "{} deferred ({})",
                    self.deferred,
                    shares(&self.capped_countries)
                )
            },
        );
        line(
            "Matched",
            format!(
                "{} ({} unmatched, {})",
                self.matched,
                self.unmatched,
                counted(self.trios, "trio", "trios")
            ),
        );
        line(
            "Scores",
            match (self.mean_score, self.lowest_score) {
                (Some(mean), Some(low)) => format!("mean {mean:.1}, lowest {low}"),
                _ if self.matched == 0 => "none yet".to_string(),
                // Partnerships made outside iln's matching (brought in) carry no score.
                _ => "not recorded".to_string(),
            },
        );
        line(
            "Wishes met",
            match (self.wishes_met, self.wishes_stated) {
                (Some(w), _) => format!("{:.0}%", w * 100.0),
                (None, Some(0)) => "nobody stated a wish".to_string(),
                _ if self.matched == 0 => "not matched yet".to_string(),
                _ => "not recorded".to_string(),
            },
        );
        line(
            "Problems",
            format!(
                "{} open, {} resolved, {} closed",
                self.problems.open, self.problems.resolved, self.problems.closed
            ),
        );
        line(
            "Changes",
            format!(
                "{} ended early, {} rematched",
                counted(self.ended_early, "partnership", "partnerships"),
                counted(self.rematched, "person", "people")
            ),
        );
        line(
            "Introductions",
            format!(
                "{} sent",
                counted(self.introductions_sent, "partnership", "partnerships")
            ),
        );
        line(
            "Topics",
            format!(
                "{} published of {} planned",
                self.topics.published, self.topics.planned
            ),
        );
        out
    }

    /// The figures in Markdown, ready for the program's blog: "this round in numbers".
    pub fn markdown(&self) -> String {
        let mut out = format!("## {} in numbers\n\n", self.round);
        let mut item = |text: String| {
            let _ = writeln!(out, "- {text}");
        };
        item(format!(
            "**{}** librarians from **{}**",
            self.participants,
            counted(self.countries, "country", "countries")
        ));
        if !self.new_countries.is_empty() {
            item(format!(
                "**{}** taking part for the first time: {}",
                counted(self.new_countries.len(), "country", "countries"),
                self.new_countries.join(", ")
            ));
        }
        if self.returning.total > 0 {
            item(format!(
                "**{}** back from an earlier round: {}",
                self.returning.total,
                self.returning_parts()
            ));
        }
        item(format!("Sectors: {}", shares(&self.by_sector)));
        item(format!("Career stages: {}", shares(&self.by_career_stage)));
        if self.matched > 0 {
            item(format!(
                "**{}** people in partnerships ({}){}",
                self.matched,
                counted(self.trios, "trio", "trios"),
                self.wishes_met
                    .map(|w| format!("; **{:.0}%** of their wishes met", w * 100.0))
                    .unwrap_or_default()
            ));
        }
        if self.topics.published > 0 {
            item(format!(
                "**{}** discussion topics shared",
                self.topics.published
            ));
        }
        out
    }
}
