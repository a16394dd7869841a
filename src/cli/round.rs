//! `iln round list|new|advance`: the rounds with their stage, dates and counts; a new round;
//! a round moved to its next stage, as `s` does in the app.

use chrono::NaiveDate;
use serde::Serialize;

use iln::domain::RoundPlan;
use iln::text::counted;

use super::{CliError, Db};

#[derive(clap::Subcommand)]
pub enum Round {
    /// Every round: its stage, its dates and how many applications it has by status
    List {
        /// Print the rounds as JSON
        #[arg(long)]
        json: bool,
    },
    /// Create a round taking applications from --opens (today when left out), on the usual
    /// timetable unless told otherwise: four weeks of applications, matching a week later,
    /// partnerships a week after that, for four months; a date given moves the later ones
    /// left out with it
    New {
        name: String,
        /// The day applications open (YYYY-MM-DD)
        #[arg(long)]
        opens: Option<NaiveDate>,
        /// The last day applications are taken (YYYY-MM-DD)
        #[arg(long)]
        closes: Option<NaiveDate>,
        /// The day of the matching (YYYY-MM-DD)
        #[arg(long)]
        matching: Option<NaiveDate>,
        /// The day partnerships start (YYYY-MM-DD)
        #[arg(long)]
        starts: Option<NaiveDate>,
        /// How many months partnerships run
        #[arg(long, value_name = "MONTHS")]
        term: Option<u32>,
        /// The country cap, as a percentage of the round's applicants
        #[arg(long, value_name = "PERCENT")]
        cap: Option<u32>,
        /// The round this one follows: each person it deferred, left unmatched, or whose
        /// partnership ended early without a rematch is invited, and their new application
        /// gets priority
        #[arg(long)]
        from: Option<String>,
    },
    /// Move a round to its next stage (open → closed → matching → active → ended), when the
    /// step's condition holds; says what is missing when it does not
    Advance { name: String },
}

pub fn run(db: &Db, what: Round) -> Result<(), CliError> {
    match what {
        Round::List { json } => list(db, json),
        Round::New {
            name,
            opens,
            closes,
            matching,
            starts,
            term,
            cap,
            from,
        } => {
            let mut store = db.open()?;
            let mut plan = RoundPlan::starting(&name, opens.unwrap_or_else(super::today));
            // Each date given replaces its default and carries the ones after it, which keep
            // their usual distance from it.
            let week = chrono::Days::new(7);
            if let Some(closes) = closes {
                plan.closes_on = closes;
                plan.matching_on = closes + week;
                plan.starts_on = plan.matching_on + week;
            }
            if let Some(matching) = matching {
                plan.matching_on = matching;
                plan.starts_on = matching + week;
            }
            if let Some(starts) = starts {
                plan.starts_on = starts;
            }
            plan.term_months = term.unwrap_or(plan.term_months);
            plan.cap_percent = cap.unwrap_or(plan.cap_percent);
            let round = match from {
                Some(from) => {
                    let previous = store.round_by_name(&from)?;
                    let (round, invited) = store.create_round_from(&plan, previous.id)?;
                    say!(
                        "invited {} from {}: {} deferred, {} left unmatched, {} whose \
                         partnership ended early",
                        counted(invited.total(), "person", "people"),
                        previous.plan.name,
                        invited.deferred,
                        invited.unmatched,
                        invited.ended_early
                    );
                    round
                }
                None => store.create_round(&plan)?,
            };
            let p = &round.plan;
            say!(
                "created round {}: applications {} to {}, matching on {}, partnerships {} to {}",
                p.name,
                p.opens_on,
                p.closes_on,
                p.matching_on,
                p.starts_on,
                p.ends_on()
            );
            Ok(())
        }
        Round::Advance { name } => {
            let mut store = db.open()?;
            let round = store.round_by_name(&name)?;
            let today = super::today();
            let now = store.advance_round(round.id, round.version, today)?;
            say!(
                "moved {} from {} to {now}",
                round.plan.name,
                round.plan.status
            );
            Ok(())
        }
    }
}

#[derive(Serialize)]
struct Counts {
    invited: usize,
    pending: usize,
    accepted: usize,
    deferred: usize,
    withdrawn: usize,
    matched: usize,
    unmatched: usize,
}

#[derive(Serialize)]
struct Listed {
    name: String,
    stage: String,
    opens: NaiveDate,
    closes: NaiveDate,
    matching: NaiveDate,
    starts: NaiveDate,
    ends: NaiveDate,
    counts: Counts,
}

fn list(db: &Db, json: bool) -> Result<(), CliError> {
    let store = db.open()?;
    let mut listed = Vec::new();
    for f in store.round_figures()? {
        let matched = store.matched_count(f.round.id)?;
        let p = &f.round.plan;
        listed.push(Listed {
            name: p.name.clone(),
            stage: p.status.code().to_string(),
            opens: p.opens_on,
            closes: p.closes_on,
            matching: p.matching_on,
            starts: p.starts_on,
            ends: p.ends_on(),
            counts: Counts {
                invited: f.invited,
                pending: f.pending,
                accepted: f.accepted,
                deferred: f.deferred,
                withdrawn: f.withdrawn,
                matched,
                unmatched: f.accepted.saturating_sub(matched),
            },
        });
    }
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&listed).expect("rounds serialise")
        );
        return Ok(());
    }
    if listed.is_empty() {
        say!("no rounds yet; create one with iln round new NAME");
    }
    for r in &listed {
        let c = &r.counts;
        say!(
            "{}  {}  applications {} to {}, matching {}, partnerships {} to {}",
            r.name,
            r.stage,
            r.opens,
            r.closes,
            r.matching,
            r.starts,
            r.ends
        );
        say!(
            "  {} invited, {} pending, {} accepted, {} deferred, {} withdrawn; {} matched, {} \
             unmatched",
            c.invited,
            c.pending,
            c.accepted,
            c.deferred,
            c.withdrawn,
            c.matched,
            c.unmatched
        );
    }
    Ok(())
}
