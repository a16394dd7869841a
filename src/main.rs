//! The `iln` command: the TUI by default, headless jobs as subcommands.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cli;

use iln::demo::{self, DemoOptions};
use iln::domain::RoundPlan;
use iln::import::{self, ImportOptions};
use iln::store::Store;

#[derive(Parser)]
#[command(
    name = "iln",
    version,
    about = "Run an international peer-mentoring program for librarians"
)]
struct Cli {
    /// The database file [default: iln.db in the platform's data directory]
    #[arg(long, global = true, env = "ILN_DB", value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Fill a new database with a realistic demo program
    Demo {
        /// Applications in the current round
        #[arg(long, default_value_t = 300)]
        applicants: usize,
        /// Seed: the same seed gives the same data
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Let one country exceed the cap, so that some applications are deferred
        #[arg(long)]
        over_cap: bool,
        /// Replace a database that already holds data
        #[arg(long)]
        force: bool,
    },
    /// Import a survey export (CSV) into a round
    Import {
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
    },
    /// Match a round's accepted applicants and keep the result as its draft matching
    Match {
        /// The round to match
        #[arg(long)]
        round: String,
        /// most-matched (as many people as possible, then the highest total) or highest-total
        #[arg(long, value_name = "OBJECTIVE")]
        objective: Option<String>,
        /// Print the summary as JSON
        #[arg(long)]
        json: bool,
    },
    /// Write data out for other tools
    Export {
        #[command(subcommand)]
        what: Export,
    },
    /// Copy the database to a file, safely while iln is running
    Backup {
        /// Where to write the copy
        to: PathBuf,
    },
}

#[derive(Subcommand)]
enum Export {
    /// Every allowed pair of a round's accepted applicants with its score (CSV: id_a,id_b,score)
    Candidates {
        #[arg(long)]
        round: String,
        /// The CSV file to write
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Only the pairs the exact engine solved on in the end (its certified subgraph)
        #[arg(long)]
        solver_graph: bool,
    },
    /// A round's topics as blog posts (Markdown with front matter) and e-mail texts
    Topics {
        #[arg(long)]
        round: String,
        /// The folder to write into (created if missing)
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
    },
}

fn default_db() -> Result<PathBuf, String> {
    directories::ProjectDirs::from("org", "iln", "iln")
        .map(|d| d.data_dir().join("iln.db"))
        .ok_or_else(|| "no home directory to keep the database in; pass --db PATH".to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    // `iln` alone finds the same file again unless it was named with --db.
    let named_on_command_line = cli.db.is_some() && std::env::var_os("ILN_DB").is_none();
    let db = match cli.db {
        Some(path) => path,
        None => default_db()?,
    };
    match cli.command {
        None => {
            let store = Store::open(&db).map_err(|e| e.to_string())?;
            iln::tui::run(store).map_err(|e| e.to_string())
        }
        Some(Command::Demo {
            applicants,
            seed,
            over_cap,
            force,
        }) => run_demo(
            &db,
            DemoOptions {
                applicants,
                seed,
                over_cap,
            },
            force,
            named_on_command_line,
        ),
        Some(Command::Import {
            file,
            round,
            mapping,
            skip_invalid,
            create_round,
        }) => {
            let mut store = Store::open(&db).map_err(|e| e.to_string())?;
            let opts = ImportOptions {
                mapping,
                skip_invalid,
            };
            let report = match store.round_by_name(&round) {
                Ok(r) => import::import_file(&mut store, r.id, &file, &opts),
                // The file is checked before the round is made, so that a file with
                // problems leaves no empty round behind.
                Err(_) if create_round => import::check_file(&file, &opts).and_then(|checked| {
                    let today = chrono::Local::now().date_naive();
                    let r = store.create_round(&RoundPlan::starting(&round, today))?;
                    import::save_checked(&mut store, r.id, checked)
                }),
                Err(e) => {
                    return Err(format!(
                        "{e}; create it in the Rounds pane or add --create-round"
                    ));
                }
            }
            .map_err(|e| e.to_string())?;
            println!(
                "imported into {}: {} new, {} updated",
                round, report.outcome.created, report.outcome.updated
            );
            if report.skipped > 0 {
                for p in &report.problems {
                    println!("{p}");
                }
                if let Some(f) = &report.rejects_file {
                    println!(
                        "skipped {} rows; they are in {}",
                        report.skipped,
                        f.display()
                    );
                }
            }
            Ok(())
        }
        Some(Command::Match {
            round,
            objective,
            json,
        }) => cli::match_round(&db, &round, objective.as_deref(), json),
        Some(Command::Export {
            what:
                Export::Candidates {
                    round,
                    output,
                    solver_graph,
                },
        }) => cli::export_candidates(&db, &round, &output, solver_graph),
        Some(Command::Export {
            what: Export::Topics { round, output },
        }) => cli::export_topics(&db, &round, &output),
        Some(Command::Backup { to }) => {
            let store = Store::open(&db).map_err(|e| e.to_string())?;
            store.backup_to(&to).map_err(|e| e.to_string())?;
            println!("copied {} to {}", db.display(), to.display());
            Ok(())
        }
    }
}

fn run_demo(db: &Path, opts: DemoOptions, force: bool, name_db: bool) -> Result<(), String> {
    if db.exists() {
        let holds_data = match Store::open(db) {
            Ok(store) => !store.is_empty().map_err(|e| e.to_string())?,
            Err(_) => true,
        };
        if holds_data && !force {
            return Err(format!(
                "{} already holds data and iln demo never overwrites it; \
                 use --db OTHER.db for a separate demo database, or --force to replace this one",
                db.display()
            ));
        }
        if holds_data {
            for suffix in ["", "-wal", "-shm"] {
                let mut p = db.as_os_str().to_owned();
                p.push(suffix);
                match std::fs::remove_file(&p) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        return Err(format!("cannot replace {}: {e}", db.display()));
                    }
                    _ => {}
                }
            }
        }
    }
    let mut store = Store::open(db).map_err(|e| e.to_string())?;
    let s = demo::populate(&mut store, &opts).map_err(|e| e.to_string())?;
    println!(
        "demo program written to {}\n  round {}: {} applications from {} countries ({} accepted, {} deferred)\n  round {}: {} ended partnerships\n  {} discussion topics\nopen it with: iln{}",
        db.display(),
        s.round,
        s.applicants,
        s.countries,
        s.accepted,
        s.deferred,
        s.past_round,
        s.past_partnerships,
        s.topics,
        if name_db {
            format!(" --db {}", db.display())
        } else {
            String::new()
        }
    );
    Ok(())
}
