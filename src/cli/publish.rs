//! `iln publish --round NAME`: the round's draft made its running partnerships.

use iln::ops::publish::{self, PublishError};
use iln::text::{agree, counted};

use super::{CliError, Db};

#[derive(clap::Args)]
pub struct Args {
    /// The round whose draft to publish
    #[arg(long)]
    round: String,
}

pub fn run(db: &Db, args: Args) -> Result<(), CliError> {
    let mut store = db.open()?;
    let round = store.round_by_name(&args.round)?;
    let today = super::today();
    // Here the fix for a missing draft is a command, so the refusal names it.
    let plan = publish::preview(&store, &round, today).map_err(|e| match e {
        PublishError::NoDraft { round } => CliError::NoDraft { round },
        other => other.into(),
    })?;
    let done = publish::publish(&mut store, &plan)?;
    say!(
        "published {} of {} ({}, {}; {}), {} to {}",
        counted(done.partnerships, "partnership", "partnerships"),
        plan.round,
        counted(plan.pairs, "pair", "pairs"),
        counted(plan.trios, "trio", "trios"),
        counted(done.people, "person", "people"),
        done.starts_on,
        done.ends_on
    );
    say!(
        "  {} {} unmatched",
        counted(plan.unmatched, "accepted applicant", "accepted applicants"),
        agree(plan.unmatched, "stays", "stay")
    );
    Ok(())
}
