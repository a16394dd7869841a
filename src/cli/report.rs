//! `iln report …`: what the TUI's reports show, printed.

use serde::Serialize;

use iln::ops::readiness::Readiness;

use super::{CliError, Db};

#[derive(clap::Subcommand)]
pub enum Report {
    /// Who is waiting to be matched (by country, sector and working language), and who has
    /// few or no allowed partners
    Readiness {
        #[arg(long)]
        round: String,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run(db: &Db, what: Report) -> Result<(), CliError> {
    match what {
        Report::Readiness { round, json } => readiness(db, &round, json),
    }
}

fn readiness(db: &Db, round: &str, json: bool) -> Result<(), CliError> {
    #[derive(Serialize)]
    struct Json<'a> {
        round: &'a str,
        #[serde(flatten)]
        readiness: &'a Readiness,
    }
    let store = db.open()?;
    let round = store.round_by_name(round)?;
    let report = Readiness::read(&store, round.id)?;
    if json {
        let out = Json {
            round: round.name(),
            readiness: &report,
        };
        println!(
            "{}",
            serde_json::to_string_pretty(&out).expect("the report serialises")
        );
    } else {
        for line in report.lines() {
            println!("{line}");
        }
    }
    Ok(())
}
