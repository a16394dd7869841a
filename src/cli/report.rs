//! `iln report …`: what the TUI's reports show, printed: a round in numbers, and the
//! readiness for matching.

use serde::Serialize;

use iln::ops::figures;
use iln::ops::readiness::Readiness;
use iln::text::shown_lines;

use super::{CliError, Db};

/// `iln report --round NAME`: the round in numbers.
#[derive(clap::Args)]
pub struct FiguresArgs {
    /// The round whose figures to print
    #[arg(long)]
    round: Option<String>,
    /// text, markdown (for the program's blog) or json
    #[arg(long, default_value = "text")]
    format: Format,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

/// A round in numbers, in the format asked for.
pub fn round_figures(db: &Db, args: FiguresArgs) -> Result<(), CliError> {
    let Some(round) = args.round else {
        return Err(CliError::Usage(
            "name the round: iln report --round NAME (or iln report readiness --round NAME)".into(),
        ));
    };
    let store = db.open()?;
    let round = store.round_by_name(&round)?;
    let report = figures::report(&store, &round)?;
    match args.format {
        Format::Text => print!("{}", shown_lines(&report.text())),
        Format::Markdown => print!("{}", shown_lines(&report.markdown())),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("the report serialises")
        ),
    }
    Ok(())
}

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
            say!("{line}");
        }
    }
    Ok(())
}
