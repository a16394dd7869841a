//! `iln cap --round NAME`: the round's country cap applied, as `c` does in the app.

use iln::ops::cap;
use iln::text::counted;

use super::{CliError, Db};

#[derive(clap::Args)]
pub struct Args {
    /// The round whose cap to apply
    #[arg(long)]
    round: String,
}

pub fn run(db: &Db, args: Args) -> Result<(), CliError> {
    let mut store = db.open()?;
    let round = store.round_by_name(&args.round)?;
    let plan = cap::preview(&store, round.id)?;
    let done = cap::apply(&mut store, &plan)?;
    say!(
        "applied the {}% country cap to {}: at most {} accepted per country, of {} not withdrawn",
        plan.cap_percent,
        plan.round,
        plan.limit,
        counted(plan.live, "application", "applications")
    );
    if !plan.left_alone.is_empty() {
        say!(
            "  left alone, being in partnerships: {}",
            plan.left_alone.join(", ")
        );
    }
    if done.changed() == 0 {
        say!("  nothing changed; every application already had the status the cap gives it");
    } else {
        say!("  {} accepted, {} deferred", done.accepted, done.deferred);
    }
    Ok(())
}
