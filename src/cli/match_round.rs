//! `iln match --round NAME`: the round matched exactly, the result kept as its draft.

use clap::ValueEnum;
use serde::Serialize;

use iln::domain::ApplicationId;
use iln::engine::round::Outcome;
use iln::engine::settings::Objective;
use iln::engine::solver::Control;
use iln::ops::matching::{self, Prepared};
use iln::text::counted;

use super::{CliError, Db};

#[derive(clap::Args)]
pub struct Args {
    /// The round to match
    #[arg(long)]
    round: String,
    /// What to optimise [default: the round's setting]
    #[arg(long, value_enum)]
    objective: Option<ObjectiveArg>,
    /// Print the summary as JSON
    #[arg(long)]
    json: bool,
}

/// The engine's objectives as command-line choices; the engine itself knows nothing of clap.
#[derive(Clone, Copy, ValueEnum)]
enum ObjectiveArg {
    /// As many people as possible, then the highest total
    MostMatched,
    /// The highest total score
    HighestTotal,
}

impl From<ObjectiveArg> for Objective {
    fn from(o: ObjectiveArg) -> Objective {
        match o {
            ObjectiveArg::MostMatched => Objective::MostMatched,
            ObjectiveArg::HighestTotal => Objective::HighestTotal,
        }
    }
}

/// What `iln match` prints, as text or JSON.
#[derive(Serialize)]
struct Summary<'a> {
    round: &'a str,
    objective: &'static str,
    applicants: usize,
    pairs: usize,
    trios: usize,
    /// Every pair and trio, locked ones first, then by descending score.
    groups: Vec<GroupLine>,
    unmatched: Vec<UnmatchedLine>,
    total_score: i64,
    mean_score: f64,
    lowest_score: Option<i64>,
    /// Sum of the scores of the pairs the solver chose, before any trio was formed.
    matching_weight: i64,
    wishes_stated: u64,
    wishes_met: u64,
    wishes_met_share: f64,
    blocking_pairs: u64,
    certificate: String,
    verified_pairs: u64,
    solves: usize,
    replaced_drafts: usize,
    seconds: f64,
}

#[derive(Serialize)]
struct GroupLine {
    members: Vec<Member>,
    score: i64,
    locked: bool,
}

#[derive(Serialize)]
struct Member {
    id: ApplicationId,
    name: String,
    country: String,
}

#[derive(Serialize)]
struct UnmatchedLine {
    id: ApplicationId,
    name: String,
    country: String,
    reason: String,
}

pub fn run(db: &Db, args: Args) -> Result<(), CliError> {
    let mut store = db.open()?;
    let round = store.round_by_name(&args.round)?;
    matching::check_can_match(&store, round.id)?;
    let mut prepared = matching::prepare(&store, round.id)?;
    if let Some(o) = args.objective {
        prepared.settings.rules.objective = o.into();
    }
    let outcome = matching::solve(&prepared, &mut |_| Control::Continue)?;
    let replaced = matching::save_draft(&mut store, round.id, &outcome, &prepared.draft)?;
    let summary = summarise(&round.plan.name, &prepared, &outcome, replaced);
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&summary).expect("summary serialises")
        );
    } else {
        print_summary(&summary);
    }
    Ok(())
}

fn summarise<'a>(round: &'a str, prepared: &Prepared, o: &Outcome, replaced: usize) -> Summary<'a> {
    let by_id: std::collections::HashMap<ApplicationId, _> = prepared
        .input
        .applicants
        .iter()
        .map(|a| (a.id, a))
        .collect();
    let member = |id: ApplicationId| {
        let a = by_id[&id];
        Member {
            id,
            name: a.name.clone(),
            country: a.country.name.to_string(),
        }
    };
    let groups = o
        .groups
        .iter()
        .map(|g| GroupLine {
            members: g.members.iter().map(|&id| member(id)).collect(),
            score: g.score,
            locked: g.locked,
        })
        .collect();
    let unmatched = o
        .unmatched
        .iter()
        .map(|u| {
            let m = member(u.id());
            UnmatchedLine {
                id: m.id,
                name: m.name,
                country: m.country,
                reason: u.describe(),
            }
        })
        .collect();
    Summary {
        round,
        objective: o.objective.name(),
        applicants: prepared.input.applicants.len(),
        pairs: o.pairs(),
        trios: o.trios(),
        groups,
        unmatched,
        total_score: o.total_score(),
        mean_score: (o.mean_score() * 10.0).round() / 10.0,
        lowest_score: o.lowest_score(),
        matching_weight: o.matching_weight,
        wishes_stated: o.wishes_stated,
        wishes_met: o.wishes_met,
        wishes_met_share: (o.wishes_met_share() * 1000.0).round() / 1000.0,
        blocking_pairs: o.blocking_pairs,
        certificate: o.certificate.to_string(),
        verified_pairs: o.certificate.verified_pairs,
        solves: o.certificate.solves,
        replaced_drafts: replaced,
        seconds: (o.seconds * 1000.0).round() / 1000.0,
    }
}

fn print_summary(s: &Summary) {
    say!(
        "round {}: {} matched ({})",
        s.round,
        counted(s.applicants, "applicant", "applicants"),
        s.objective
    );
    say!(
        "  {}, {}, {} unmatched",
        counted(s.pairs, "pair", "pairs"),
        counted(s.trios, "trio", "trios"),
        s.unmatched.len()
    );
    say!(
        "  total score {}, mean {:.1}, lowest {}",
        s.total_score,
        s.mean_score,
        s.lowest_score.map_or("-".to_string(), |l| l.to_string())
    );
    say!(
        "  wishes met: {:.1}% ({} of {} stated)",
        s.wishes_met_share * 100.0,
        s.wishes_met,
        s.wishes_stated
    );
    say!("  blocking pairs: {}", s.blocking_pairs);
    say!(
        "  {} ({})",
        s.certificate,
        counted(s.solves, "solve", "solves")
    );
    say!(
        "  time {:.3} s; draft saved, {} replaced",
        s.seconds,
        counted(
            s.replaced_drafts,
            "earlier unlocked draft",
            "earlier unlocked drafts"
        )
    );
    say!("pairs and trios (score; locked ones first):");
    // Names reach the terminal escaped, as everything say! prints.
    for g in &s.groups {
        let members: Vec<String> = g
            .members
            .iter()
            .map(|m| format!("{} ({}, #{})", m.name, m.country, m.id))
            .collect();
        let locked = if g.locked { ", locked" } else { "" };
        say!("  {}: {}{locked}", members.join(" & "), g.score);
    }
    if !s.unmatched.is_empty() {
        say!("unmatched:");
        for u in &s.unmatched {
            // Imported names reach the terminal escaped.
            say!(
                "  {} ({}, #{}): {}",
                iln::text::shown(&u.name),
                u.country,
                u.id,
                iln::text::shown(&u.reason)
            );
        }
    }
}
