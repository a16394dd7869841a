//! The headless commands, one file each: every command opens the store, calls one use case
//! and prints what it did.

/// `println!` for everything a command prints: data in it (names, headers, cells) reaches
/// the terminal escaped by [`iln::text::shown_lines`]. JSON goes out as serde writes it,
/// with its control characters already escaped.
macro_rules! say {
    () => { println!() };
    ($($arg:tt)*) => { println!("{}", iln::text::shown_lines(&format!($($arg)*))) };
}

/// As [`say!`], on standard error.
macro_rules! say_err {
    () => { eprintln!() };
    ($($arg:tt)*) => { eprintln!("{}", iln::text::shown_lines(&format!($($arg)*))) };
}

pub mod backup;
pub mod cap;
pub mod config;
pub mod demo;
pub mod export;
pub mod import;
pub mod interests;
pub mod match_round;
pub mod person;
pub mod program;
pub mod publish;
pub mod report;
pub mod round;
pub mod send;
pub mod template;
pub mod tui;

use std::path::PathBuf;

use iln::config::Config;
use iln::engine::settings::Settings;
use iln::export::mail::templates::TemplateError;
use iln::import::ImportError;
use iln::ops::exports::ExportError;
use iln::ops::matching::MatchError;
use iln::ops::outbox::OutboxError;
use iln::ops::publish::PublishError;
use iln::store::{Store, StoreError};
use iln::text::counted;
use iln::tui::TuiError;

/// Why a command failed; `main` prints the message and exits non-zero.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("no home directory to keep the database in; pass --db PATH")]
    NoHome,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Match(#[from] MatchError),
    #[error(transparent)]
    Publish(#[from] PublishError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error(transparent)]
    Tui(#[from] TuiError),
    #[error(
        "there is no draft to publish in {round}; match it first: iln match --round \"{round}\""
    )]
    NoDraft { round: String },
    #[error("{0}; create it in the Rounds pane or add --create-round")]
    NoRoundToImportInto(StoreError),
    #[error(
        "{} already holds data and iln demo never overwrites it; use --db OTHER.db for a \
         separate demo database, or --force to replace this one",
        .0.display()
    )]
    DemoWouldOverwrite(PathBuf),
    #[error(
        "{} is open in another iln (the app or a command); quit it first, or give the demo \
         another file with --db",
        .0.display()
    )]
    InUse(PathBuf),
    #[error("cannot replace {}: {source}", path.display())]
    Replace {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "there is no database at {}; check the path, or create one: iln demo fills a new one \
         with a demo program, and iln (the app) starts an empty one on its welcome screen",
        .0.display()
    )]
    NoDatabase(PathBuf),
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Outbox(#[from] OutboxError),
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error("{0}")]
    Smtp(String),
    /// A command asked for without what it needs.
    #[error("{0}")]
    Usage(String),
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{} in {} (listed above); iln still runs, on its defaults for what is wrong",
        counted(*count, "problem", "problems"),
        path.display()
    )]
    ConfigProblems { path: PathBuf, count: usize },
}

/// The user's config file, read once at start.
pub struct ConfigFile {
    /// Where it was looked for: `--config PATH` (or `ILN_CONFIG`), else `config.toml` in the
    /// platform's config directory; `None` without a home directory.
    pub path: Option<PathBuf>,
    /// Whether the user named it (a missing file is then worth a warning).
    pub named: bool,
    pub config: Config,
}

impl ConfigFile {
    pub fn load(flag: Option<PathBuf>) -> ConfigFile {
        let named = flag.is_some();
        let path = flag.or_else(iln::config::default_path);
        let config = match &path {
            Some(path) => Config::load(path, named),
            None => Config::default(),
        };
        ConfigFile {
            path,
            named,
            config,
        }
    }

    /// Prints what was wrong with the file to stderr, as warnings.
    pub fn warn(&self) {
        for problem in &self.config.problems {
            say_err!("warning: {problem}");
        }
    }
}

/// Today's date, as the app takes it too ([`iln::clock::today`]).
pub fn today() -> chrono::NaiveDate {
    iln::clock::today()
}

/// The database a command works on.
pub struct Db {
    pub path: PathBuf,
    /// Named with `--db` rather than by `ILN_DB` or the default, so that `iln` alone would
    /// not find it again.
    pub named_on_command_line: bool,
    /// The matching settings of a round without its own (from the config file).
    pub default_settings: Settings,
}

impl Db {
    /// `--db PATH` (or `ILN_DB`, which clap reads into the same flag), else `iln.db` in the
    /// platform's data directory.
    pub fn resolve(flag: Option<PathBuf>, default_settings: Settings) -> Result<Db, CliError> {
        let named_on_command_line = flag.is_some() && std::env::var_os("ILN_DB").is_none();
        let path = match flag {
            Some(path) => path,
            None => directories::ProjectDirs::from("org", "iln", "iln")
                .map(|d| d.data_dir().join("iln.db"))
                .ok_or(CliError::NoHome)?,
        };
        Ok(Db {
            path,
            named_on_command_line,
            default_settings,
        })
    }

    /// Opens the database as it is, with the config's default matching settings: for a
    /// backup, which copies what is there. A path where there is no database is refused.
    pub fn open_as_is(&self) -> Result<Store, CliError> {
        // Only iln demo and the app create a database: a mistyped path is not a new one.
        if !self.path.exists() {
            return Err(CliError::NoDatabase(self.path.clone()));
        }
        self.create_or_open()
    }

    /// Opens the database as it is, creating it (private to you) when there is none: for
    /// the app, which follows the calendar itself and says so on screen, and whose welcome
    /// screen starts a new database; and for `iln demo`.
    pub fn create_or_open(&self) -> Result<Store, CliError> {
        if self.path.is_dir() {
            return Err(CliError::Usage(format!(
                "{} is a folder; name the database file, as {}",
                self.path.display(),
                self.path.join("iln.db").display()
            )));
        }
        let mut store = Store::open(&self.path)?;
        store.set_default_settings(self.default_settings.clone());
        Ok(store)
    }

    /// Opens the database, with the config's default matching settings, and ends what the
    /// calendar says has ended by today (saying so on stderr).
    pub fn open(&self) -> Result<Store, CliError> {
        let mut store = self.open_as_is()?;
        let today = today();
        let done = store.follow_calendar(today)?;
        if !done.is_empty() {
            say_err!(
                "note: today, {today}, {} reached the end of {} term{}",
                counted(done.partnerships_ended, "partnership", "partnerships"),
                iln::text::agree(done.partnerships_ended, "its", "their"),
                match done.rounds_ended.as_slice() {
                    [] => String::new(),
                    names => format!("; round {} ended", names.join(", ")),
                }
            );
        }
        Ok(store)
    }
}
