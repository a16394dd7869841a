//! The `iln` command: the TUI by default, headless jobs as subcommands.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cli;

use cli::{CliError, ConfigFile, Db};

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
    /// The config file (keys, theme, default weights) [default: config.toml in the
    /// platform's config directory]
    #[arg(long, global = true, env = "ILN_CONFIG", value_name = "PATH")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Fill a new database with a realistic demo program
    Demo(cli::demo::Args),
    /// Import a survey export (CSV or .xlsx) into a round
    Import(cli::import::Args),
    /// Match a round's accepted applicants and keep the result as its draft matching
    Match(cli::match_round::Args),
    /// Apply a round's country cap: in each country those with priority, then the earliest
    /// applications, are accepted up to the limit; the rest are deferred to the next round
    Cap(cli::cap::Args),
    /// List the program's interests with their counts, or merge two spellings into one
    Interests(cli::interests::Args),
    /// Publish a round's draft: its pairs and trios become the round's partnerships
    Publish(cli::publish::Args),
    /// List the rounds, create one, or move one to its next stage
    Round {
        #[command(subcommand)]
        what: cli::round::Round,
    },
    /// A round in numbers (--round NAME [--format text|markdown|json]), or its readiness
    /// for matching
    Report {
        #[command(subcommand)]
        what: Option<cli::report::Report>,
        #[command(flatten)]
        figures: cli::report::FiguresArgs,
    },
    /// Write data out for other tools
    Export {
        #[command(subcommand)]
        what: cli::export::Export,
    },
    /// The program's sender details (name, address, signature) for the messages it sends
    Program(cli::program::Args),
    /// The program's message templates: list, show, set from a file, reset, preview
    Template {
        #[command(subcommand)]
        what: cli::template::Template,
    },
    /// Send a round's messages of one kind through an SMTP server, each once
    Send(cli::send::Args),
    /// What the program holds about one person: show it, export it, or erase them
    Person {
        #[command(subcommand)]
        what: cli::person::PersonCommand,
    },
    /// Copy the database to a file, safely while iln is running
    Backup(cli::backup::Args),
    /// Show where the config file is and list what in it cannot be used
    Config,
}

fn main() -> ExitCode {
    // Output piped into a reader that stops early (`iln round list | head`) ends the program
    // quietly, as for any command-line tool, rather than with a panic on a closed pipe.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default, before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", iln::text::shown_lines(&e.to_string()));
            ExitCode::FAILURE
        }
    }
}

fn run(args: Cli) -> Result<(), CliError> {
    let config = ConfigFile::load(args.config);
    if let Some(Command::Config) = args.command {
        return cli::config::run(&config);
    }
    // The full-screen app shows the config's problems itself; every other command warns
    // before it starts.
    if args.command.is_some() {
        config.warn();
        iln::store::say_waits_on_stderr();
    }
    let db = Db::resolve(args.db, config.config.settings.clone())?;
    match args.command {
        None => cli::tui::run(&db, config.config),
        Some(Command::Config) => unreachable!("answered above"),
        Some(Command::Demo(a)) => cli::demo::run(&db, a),
        Some(Command::Import(a)) => cli::import::run(&db, a),
        Some(Command::Match(a)) => cli::match_round::run(&db, a),
        Some(Command::Cap(a)) => cli::cap::run(&db, a),
        Some(Command::Interests(a)) => cli::interests::run(&db, a),
        Some(Command::Publish(a)) => cli::publish::run(&db, a),
        Some(Command::Report {
            what: Some(what), ..
        }) => cli::report::run(&db, what),
        Some(Command::Report {
            what: None,
            figures,
        }) => cli::report::round_figures(&db, figures),
        Some(Command::Round { what }) => cli::round::run(&db, what),
        Some(Command::Export { what }) => cli::export::run(&db, what),
        Some(Command::Program(a)) => cli::program::run(&db, a),
        Some(Command::Template { what }) => cli::template::run(&db, what),
        Some(Command::Send(a)) => cli::send::run(&db, a),
        Some(Command::Backup(a)) => cli::backup::run(&db, a),
        Some(Command::Person { what }) => cli::person::run(&db, what),
    }
}
