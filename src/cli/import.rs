//! `iln import FILE --round NAME`: a survey export into a round, or with `--dry-run` or
//! `--write-mapping` what it would import, changing nothing.

use std::collections::HashSet;
use std::path::PathBuf;

use iln::domain::RoundPlan;
use iln::import::{self, ImportOptions};
use iln::progress::Progress;
use iln::store::Store;
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
    /// Import the valid rows and write the rejected ones to a rejects file in the exports
    /// folder beside the database
    #[arg(long)]
    skip_invalid: bool,
    /// Create the round (dates from today) if it does not exist
    #[arg(long)]
    create_round: bool,
    /// Say what would be imported (each field's column, new and updated applications,
    /// every problem) and change nothing
    #[arg(long)]
    dry_run: bool,
    /// Write the mapping iln inferred to this TOML file, a commented line for each field it
    /// could not settle, and import nothing
    #[arg(long, value_name = "TOML")]
    write_mapping: Option<PathBuf>,
}

pub fn run(db: &Db, args: Args) -> Result<(), CliError> {
    let opts = ImportOptions {
        mapping: args.mapping.clone(),
        skip_invalid: args.skip_invalid,
        exports: Some(iln::files::exports_dir(&db.path)),
    };
    if args.dry_run || args.write_mapping.is_some() {
        return look_only(db, &args, &opts);
    }
    let mut store = db.open()?;
    let report = match store.round_by_name(&args.round) {
        Ok(r) => import::import_file(&mut store, r.id, &args.file, &opts)?,
        // The round and its applications are written together: a file with problems, or
        // an import stopped halfway, leaves no empty round behind.
        Err(_) if args.create_round => {
            let checked = import::check_file(&args.file, &opts)?;
            let today = super::today();
            let plan = RoundPlan::starting(&args.round, today);
            import::save_checked_in_new_round(&mut store, &plan, checked, &Progress::default())?
        }
        Err(e) => return Err(CliError::NoRoundToImportInto(e)),
    };
    say!(
        "imported into {}: {} new, {} updated",
        args.round,
        report.outcome.created,
        report.outcome.updated
    );
    if let Some(warning) = report.window_warning() {
        say_err!("warning: {warning}");
    }
    if report.skipped > 0 {
        for p in &report.problems {
            say!("{p}");
        }
        if let Some(f) = &report.rejects_file {
            say!(
                "skipped {}; {} in {}",
                counted(report.skipped, "row", "rows"),
                agree(report.skipped, "it is", "they are"),
                f.display()
            );
        }
    }
    Ok(())
}

/// `--dry-run` and `--write-mapping`: the file read, and nothing written but the mapping
/// asked for: the database is opened to read only, and not at all when it is not there.
fn look_only(db: &Db, args: &Args, opts: &ImportOptions) -> Result<(), CliError> {
    let parsed = import::read_file(&args.file, opts)?;
    if parsed.file_unreadable && parsed.fields.iter().all(|f| f.header.is_none()) {
        return Err(import::ImportError::Invalid {
            problems: parsed.problems,
        }
        .into());
    }
    if let Some(out) = &args.write_mapping {
        // A mapping written by hand is never written over.
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(out)
            .and_then(|mut file| {
                use std::io::Write;
                let source = args.file.display().to_string();
                file.write_all(import::mapping::inferred(&source, &parsed.fields).as_bytes())
            });
        written.map_err(|source| CliError::Write {
            path: out.clone(),
            source: match source.kind() {
                std::io::ErrorKind::AlreadyExists => std::io::Error::new(
                    source.kind(),
                    "it exists already; name a new file, or move that one away first",
                ),
                _ => source,
            },
        })?;
        let unsettled = parsed
            .fields
            .iter()
            .filter(|f| f.unsettled.is_some())
            .count();
        say!(
            "wrote the columns of {} to {} ({} to settle by hand)",
            args.file.display(),
            out.display(),
            counted(unsettled, "field", "fields")
        );
    }
    if !args.dry_run {
        return Ok(());
    }
    say!("columns of {}:", args.file.display());
    for found in &parsed.fields {
        match &found.header {
            Some(header) => say!("  {:<13} {header:?}", found.field.key()),
            None => say!("  {:<13} (none)", found.field.key()),
        }
    }
    // Applications are matched to those already in the round by e-mail, as importing does.
    let store = if db.path.exists() {
        Store::open_read_only(&db.path)?
    } else {
        Store::open_in_memory()?
    };
    let known: HashSet<String> = match store.round_by_name(&args.round) {
        Ok(round) => store
            .applications(round.id)?
            .into_iter()
            .map(|a| a.form.email.to_lowercase())
            .collect(),
        Err(_) if args.create_round => HashSet::new(),
        Err(e) => return Err(CliError::NoRoundToImportInto(e)),
    };
    let updated = parsed
        .rows
        .iter()
        .filter(|r| known.contains(&r.form.email.to_lowercase()))
        .count();
    let refused = parsed.file_unreadable || (!parsed.is_clean() && !args.skip_invalid);
    if refused {
        say!("dry run: nothing would be imported into {}", args.round);
        return Err(import::ImportError::Invalid {
            problems: parsed.problems,
        }
        .into());
    }
    say!(
        "dry run: would import into {}: {} new, {} updated{}; nothing was changed",
        args.round,
        parsed.rows.len() - updated,
        updated,
        match parsed.rejects.len() {
            0 => String::new(),
            n => format!(", {} skipped", counted(n, "row", "rows")),
        }
    );
    for p in &parsed.problems {
        say!("{p}");
    }
    Ok(())
}
