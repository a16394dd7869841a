//! `iln import FILE --round NAME`: a survey export (CSV) into a round.

use std::path::PathBuf;

use iln::domain::RoundPlan;
use iln::import::{self, ImportOptions};
use iln::text::{agree, counted};

use super::{CliError, Db};

#[derive(clap::Args)]
pub struct Args {
    /// The CSV file
    file: PathBuf,
    /// The round to import into
    #[arg(long)]
    round: String,
    /// A TOML file that maps fields to the file's column headers
    #[arg(long, value_name = "TOML")]
    mapping: Option<PathBuf>,
    /// Import the valid rows and write the rejected ones beside the input
    #[arg(long)]
    skip_invalid: bool,
    /// Create the round (dates from today) if it does not exist
    #[arg(long)]
    create_round: bool,
}

pub fn run(db: &Db, args: Args) -> Result<(), CliError> {
    let mut store = db.open()?;
    let opts = ImportOptions {
        mapping: args.mapping,
        skip_invalid: args.skip_invalid,
    };
    let report = match store.round_by_name(&args.round) {
        Ok(r) => import::import_file(&mut store, r.id, &args.file, &opts)?,
        // The file is checked before the round is made, so that a file with problems
        // leaves no empty round behind.
        Err(_) if args.create_round => {
            let checked = import::check_file(&args.file, &opts)?;
            let today = chrono::Local::now().date_naive();
            let r = store.create_round(&RoundPlan::starting(&args.round, today))?;
            import::save_checked(&mut store, r.id, checked)?
        }
        Err(e) => return Err(CliError::NoRoundToImportInto(e)),
    };
    println!(
        "imported into {}: {} new, {} updated",
        args.round, report.outcome.created, report.outcome.updated
    );
    if report.skipped > 0 {
        for p in &report.problems {
            println!("{p}");
        }
        if let Some(f) = &report.rejects_file {
            println!(
                "skipped {}; {} in {}",
                counted(report.skipped, "row", "rows"),
                agree(report.skipped, "it is", "they are"),
                f.display()
            );
        }
    }
    Ok(())
}
