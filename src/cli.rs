//! The headless commands behind `iln match` and `iln export`.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use iln::engine::round::Outcome;
use iln::engine::settings::Objective;
use iln::engine::solver::Control;
use iln::ops::matching;
use iln::store::Store;

/// What `iln match` prints, as text or JSON.
#[derive(Serialize)]
struct Summary<'a> {
    round: &'a str,
    objective: &'static str,
    applicants: usize,
    pairs: usize,
    trios: usize,
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
struct UnmatchedLine {
    id: i64,
    name: String,
    country: String,
    reason: String,
}

pub fn match_round(
    db: &Path,
    round: &str,
    objective: Option<&str>,
    json: bool,
) -> Result<(), String> {
    let mut store = Store::open(db).map_err(|e| e.to_string())?;
    let round = store.round_by_name(round).map_err(|e| e.to_string())?;
    let mut prepared = matching::prepare(&store, round.id).map_err(|e| e.to_string())?;
    if let Some(o) = objective {
        prepared.settings.rules.objective = match o {
            "most-matched" => Objective::MostMatched,
            "highest-total" => Objective::HighestTotal,
            other => {
                return Err(format!(
                    "unknown objective {other:?}; use most-matched or highest-total"
                ));
            }
        };
    }
    let outcome =
        matching::solve(&prepared, &mut |_| Control::Continue).map_err(|e| e.to_string())?;
    let replaced =
        matching::save_draft(&mut store, round.id, &outcome).map_err(|e| e.to_string())?;
    let summary = summarise(&round.plan.name, &prepared, &outcome, replaced);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&summary).expect("summary serialises")
        );
    } else {
        print_summary(&summary);
    }
    Ok(())
}

fn summarise<'a>(
    round: &'a str,
    prepared: &matching::Prepared,
    o: &Outcome,
    replaced: usize,
) -> Summary<'a> {
    let unmatched = o
        .unmatched
        .iter()
        .map(|u| {
            let a = prepared
                .input
                .applicants
                .iter()
                .find(|a| a.id == u.id())
                .expect("unmatched people are applicants");
            UnmatchedLine {
                id: a.id,
                name: a.name.clone(),
                country: a.country.name.to_string(),
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
    println!(
        "round {}: {} applicants matched ({})",
        s.round, s.applicants, s.objective
    );
    println!(
        "  {} pairs, {} trios, {} unmatched",
        s.pairs,
        s.trios,
        s.unmatched.len()
    );
    println!(
        "  total score {}, mean {:.1}, lowest {}",
        s.total_score,
        s.mean_score,
        s.lowest_score.map_or("-".to_string(), |l| l.to_string())
    );
    println!(
        "  wishes met: {:.1}% ({} of {} stated)",
        s.wishes_met_share * 100.0,
        s.wishes_met,
        s.wishes_stated
    );
    println!("  blocking pairs: {}", s.blocking_pairs);
    println!("  {} ({} solves)", s.certificate, s.solves);
    println!(
        "  time {:.3} s; draft saved, {} earlier unlocked drafts replaced",
        s.seconds, s.replaced_drafts
    );
    if !s.unmatched.is_empty() {
        println!("unmatched:");
        for u in &s.unmatched {
            println!("  {} ({}, #{}): {}", u.name, u.country, u.id, u.reason);
        }
    }
}

/// Writes the allowed pairs of the people the matcher pairs (locked groups aside), or with
/// `solver_graph` only the pairs the exact engine needed in the end.
pub fn export_candidates(
    db: &Path,
    round: &str,
    output: &Path,
    solver_graph: bool,
) -> Result<(), String> {
    let store = Store::open(db).map_err(|e| e.to_string())?;
    let round = store.round_by_name(round).map_err(|e| e.to_string())?;
    let mut prepared = matching::prepare(&store, round.id).map_err(|e| e.to_string())?;
    let locked: std::collections::HashSet<i64> =
        prepared.input.locked.iter().flatten().copied().collect();
    prepared
        .input
        .applicants
        .retain(|a| !locked.contains(&a.id));
    prepared.input.locked.clear();
    let pairs: Vec<(i64, i64, i64)> = if solver_graph {
        matching::solve(&prepared, &mut |_| Control::Continue)
            .map_err(|e| e.to_string())?
            .solver_graph
    } else {
        let scorer = prepared.scorer();
        let apps = &prepared.input.applicants;
        let mut all = Vec::new();
        for i in 0..apps.len() {
            for j in i + 1..apps.len() {
                if let Some(s) = scorer.score(i, j) {
                    all.push((apps[i].id, apps[j].id, s));
                }
            }
        }
        all
    };
    let file = std::fs::File::create(output)
        .map_err(|e| format!("cannot write {}: {e}", output.display()))?;
    let mut out = std::io::BufWriter::new(file);
    let write_err = |e: std::io::Error| format!("cannot write {}: {e}", output.display());
    writeln!(out, "id_a,id_b,score").map_err(write_err)?;
    for (a, b, s) in &pairs {
        writeln!(out, "{a},{b},{s}").map_err(write_err)?;
    }
    out.flush().map_err(write_err)?;
    println!(
        "wrote {} pairs of {} applicants to {}",
        pairs.len(),
        prepared.input.applicants.len(),
        output.display()
    );
    Ok(())
}

/// Writes each of a round's topics with text as `DATE-TITLE.md` and `DATE-TITLE.email.txt`.
pub fn export_topics(db: &Path, round: &str, output: &Path) -> Result<(), String> {
    let store = Store::open(db).map_err(|e| e.to_string())?;
    let round = store.round_by_name(round).map_err(|e| e.to_string())?;
    let topics = store.topics(round.id).map_err(|e| e.to_string())?;
    let written = iln::export::topics::write_round(&topics, round.name(), output)
        .map_err(|e| format!("cannot write into {}: {e}", output.display()))?;
    println!("{}", written.describe(round.name(), output));
    Ok(())
}
