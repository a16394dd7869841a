//! The only code that speaks SQL. One SQLite file (WAL, foreign keys on, a busy timeout),
//! migrated on open; one module per aggregate; every coordinator action is one transaction
//! with one row in the audit log.

mod applications;
mod audit;
mod carry_over;
mod changes;
mod figures;
mod ids;
mod import_mappings;
mod interests;
mod matching;
pub mod migrations;
mod outbox;
mod partnerships;
mod people;
mod rounds;
mod stages;
mod topics;

use std::cell::Cell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction};

pub use applications::{ApplicationRow, ImportOutcome};
pub use audit::AuditEntry;
pub use carry_over::Invited;
pub use changes::Changes;
pub use figures::{RoundCounts, RoundSize};
pub use import_mappings::SavedMapping;
pub use interests::InterestEntry;
pub use matching::{
    DraftHistory, HistoryStep, Problem, ProblemKind, ProblemOutcome, Published, Settled,
};
pub use outbox::{ProgramSettings, SentMessage, StoredTemplate};
pub use partnerships::NewPartnership;
pub use people::{ERASED_NAME, Erased};
pub use rounds::RoundFigures;
pub use stages::CalendarChanges;
pub use topics::{TopicDraft, TopicText, UnsavedDraft};

use crate::domain::{DomainError, TopicId};
use crate::engine::settings::Settings;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path}: written by a newer version of iln (schema {found}; this build knows up to {supported}); install a newer iln, or open another file with --db"
    )]
    NewerVersion {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{path}: not an iln database ({source}); pick another file with --db")]
    NotADatabase {
        path: PathBuf,
        source: rusqlite::Error,
    },
    /// The database, or the folder SQLite keeps its journal in beside it, cannot be written.
    #[error("{}: {}", path.display(), read_only_reason(path))]
    ReadOnly { path: PathBuf },
    #[error("migrating to schema {version} failed: {source}")]
    Migration {
        version: i64,
        source: rusqlite::Error,
    },
    #[error("{0} not found")]
    NotFound(String),
    /// A change named a record as a view showed it, and the record changed since (in
    /// another window, or by a command): nothing was done. Says what changed.
    #[error("{0}")]
    Stale(String),
    #[error("{0}")]
    Invalid(String),
    /// A round's saved matching settings do not read as settings (written by hand, or by
    /// another version of iln).
    #[error(
        "round {round}: its saved matching settings cannot be read ({reason}); open its \
         weights and rules (in Matches) and save them again"
    )]
    BadSettings { round: String, reason: String },
    /// The coordinator stopped the work before it was done: nothing was changed.
    #[error("stopped before it was done; nothing was changed")]
    Stopped,
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("{}", sqlite_message(.0))]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// SQLite's error in the coordinator's terms where there is a fix to name.
fn sqlite_message(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked, ReadOnly};
    match e.sqlite_error_code() {
        Some(DatabaseBusy | DatabaseLocked) => format!(
            "another write kept the database busy for over {} s (an import, a match or a \
             publish in another iln, or an import running in this one); nothing was changed \
             here: try again when it is done",
            BUSY_TIMEOUT.as_secs()
        ),
        Some(ReadOnly) => "the database cannot be written: the file, or the folder it is in, \
             is read-only for you (check their permissions), or the disk is mounted read-only"
            .to_string(),
        _ => format!("database error: {e}"),
    }
}

/// What a thread does while one of its writes waits for another's: see [`on_wait`].
type WaitHook = Box<dyn Fn(Wait)>;

thread_local! {
    static ON_WAIT: std::cell::RefCell<Option<WaitHook>> = const { std::cell::RefCell::new(None) };
}

/// A write waiting for another iln's (or a background import's) to finish.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wait {
    pub waited: Duration,
    /// How long it waits at most before giving up with nothing changed.
    pub limit: Duration,
    /// Whether this is the first notice of this wait.
    pub first: bool,
}

/// Sets what this thread does while one of its writes waits, so that a wait is never
/// silent: the commands say so on standard error, the app on its screen. Called once the
/// wait is long enough to notice, then every quarter second until it ends. A thread that
/// sets nothing waits quietly (the app's background work shows its own progress).
pub fn on_wait(hook: impl Fn(Wait) + 'static) {
    ON_WAIT.with(|h| *h.borrow_mut() = Some(Box::new(hook)));
}

/// Commands call this so that a wait for another iln's write is never silent.
pub fn say_waits_on_stderr() {
    on_wait(|wait| {
        if wait.first {
            eprintln!(
                "another iln is writing to the database; waiting for it (up to {} s)…",
                wait.limit.as_secs()
            );
        }
    });
}

/// SQLite's busy handler: waits in steps up to [`BUSY_TIMEOUT`], telling this thread's
/// [`on_wait`] as it goes.
fn wait_for_writer(tries: i32) -> bool {
    const STEP: Duration = Duration::from_millis(50);
    const NOTICED: i32 = 6;
    let waited = STEP * tries.max(0) as u32;
    if waited >= BUSY_TIMEOUT {
        return false;
    }
    if tries >= NOTICED && (tries - NOTICED) % 5 == 0 {
        let wait = Wait {
            waited,
            limit: BUSY_TIMEOUT,
            first: tries == NOTICED,
        };
        ON_WAIT.with(|hook| {
            if let Some(hook) = &*hook.borrow() {
                hook(wait);
            }
        });
    }
    std::thread::sleep(STEP);
    true
}

/// How long a write waits for another window's write to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// What this store's commands changed since [`Store::take_changes`] was last called.
    changes: Changes,
    /// SQLite's count of commits made by other connections, as last seen.
    data_version: Cell<i64>,
    /// How often each kind of record had changed (`change_counts`, in [`Changes::KINDS`]
    /// order) when this store last looked: what differs later was changed elsewhere.
    counts: Cell<[i64; 4]>,
    /// The unsaved text this store last kept for each topic: a save takes away the kept
    /// text that is its own, never another window's.
    kept: HashMap<TopicId, TopicText>,
    /// The matching settings of a round that has none saved of its own.
    default_settings: Settings,
    /// A shared advisory lock on the database file while this store is open, so that
    /// `iln demo --force` can tell that another iln has the file open and leave it be.
    _in_use: Option<std::fs::File>,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// A database from a newer iln is refused before anything is written to it.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_writable(path).map_err(|e| explain_read_only(e, path))
    }

    fn open_writable(path: &Path) -> Result<Store> {
        // A new database is private to its owner from the start (folders 0700, the file
        // 0600); SQLite gives its -wal and -shm files the database's mode.
        if !path.exists() {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                crate::files::create_private_dir(dir)?;
            }
            crate::files::create_private(path)?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        schema_version(&conn, path)?;
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // What is deleted or overwritten is zeroed in the file, not left in free space:
        // personal data that is gone from the tables is gone from the disk.
        conn.pragma_update(None, "secure_delete", true)?;
        Store::prepare(conn, Some(path.to_path_buf()))
    }

    /// Opens the database at `path` to read only: nothing is created, migrated or written.
    /// One from another version of iln is refused (an older one is brought up to date by
    /// opening it normally).
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let found = schema_version(&conn, path)?;
        if found < migrations::latest() {
            return Err(StoreError::Invalid(format!(
                "{} was written by an older iln; open it once without --dry-run to bring it \
                 up to date",
                path.display()
            )));
        }
        conn.busy_handler(Some(wait_for_writer))?;
        Store::assemble(conn, Some(path.to_path_buf()))
    }

    /// A private database in memory, for tests and previews.
    pub fn open_in_memory() -> Result<Store> {
        Store::prepare(Connection::open_in_memory()?, None)
    }

    fn prepare(mut conn: Connection, path: Option<PathBuf>) -> Result<Store> {
        conn.busy_handler(Some(wait_for_writer))?;
        // Off while migrating: a migration may rebuild a table, and dropping the old one must
        // not cascade into the rows that refer to it. Each migration checks the keys itself.
        conn.pragma_update(None, "foreign_keys", false)?;
        migrations::migrate(&mut conn)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        Store::assemble(conn, path)
    }

    fn assemble(conn: Connection, path: Option<PathBuf>) -> Result<Store> {
        // Shared: any number of iln may have the file open; only a replacement asks for it
        // alone (see `in_use_elsewhere`). A file system without locks just goes unmarked.
        let in_use = path
            .as_deref()
            .and_then(|p| std::fs::File::open(p).ok())
            .filter(|f| f.lock_shared().is_ok());
        let data_version = Cell::new(read_data_version(&conn)?);
        let counts = Cell::new(read_counts(&conn)?);
        Ok(Store {
            conn,
            path,
            changes: Changes::NONE,
            data_version,
            counts,
            kept: HashMap::new(),
            default_settings: Settings::default(),
            _in_use: in_use,
        })
    }

    /// Whether another iln (the app, or a command) has the database at `path` open now.
    pub fn in_use_elsewhere(path: &Path) -> bool {
        let Ok(file) = std::fs::File::open(path) else {
            return false;
        };
        match file.try_lock() {
            Ok(()) => {
                let _ = file.unlock();
                false
            }
            Err(std::fs::TryLockError::WouldBlock) => true,
            Err(std::fs::TryLockError::Error(_)) => false,
        }
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Whether the database holds anything a coordinator entered.
    pub fn is_empty(&self) -> Result<bool> {
        let n: i64 = self.conn.query_row(
            "SELECT (SELECT count(*) FROM rounds) + (SELECT count(*) FROM people)",
            [],
            |r| r.get(0),
        )?;
        Ok(n == 0)
    }

    /// Runs `f` as one transaction and records it in the audit log; nothing is kept if `f`
    /// fails. `changes` says what kinds of record the action writes, for
    /// [`Store::take_changes`].
    fn action<T>(
        &mut self,
        action: &str,
        changes: Changes,
        f: impl FnOnce(&Transaction) -> Result<(T, String, serde_json::Value)>,
    ) -> Result<T> {
        let done = self.write(changes, |tx| {
            let (value, summary, detail) = f(tx)?;
            audit::record(tx, action, &summary, &detail)?;
            Ok(value)
        });
        // Refused because the record moved on: whoever showed it is out of date, as after a
        // change of its own.
        if matches!(done, Err(StoreError::Stale(_))) {
            self.changes |= changes;
        }
        done
    }

    /// Runs `f` as one transaction that is not audited (text kept while it is typed), noting
    /// what it changes as an action does.
    fn unaudited<T>(
        &mut self,
        changes: Changes,
        f: impl FnOnce(&Transaction) -> Result<T>,
    ) -> Result<T> {
        self.write(changes, f)
    }

    /// Runs `f` as one write transaction, counting `changes`; a file that cannot be written
    /// is said as such, with the reason.
    fn write<T>(
        &mut self,
        changes: Changes,
        f: impl FnOnce(&Transaction) -> Result<T>,
    ) -> Result<T> {
        let run = |conn: &mut Connection, counts: &Cell<[i64; 4]>| {
            // Immediate: the write lock is taken before the checks, so no other window's
            // commit can come between a check and the write it guards.
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let value = f(&tx)?;
            count(&tx, changes, counts)?;
            tx.commit()?;
            Ok(value)
        };
        match run(&mut self.conn, &self.counts) {
            Ok(value) => {
                self.changes |= changes;
                Ok(value)
            }
            Err(e) => Err(match &self.path {
                Some(path) => explain_read_only(e, path),
                None => e,
            }),
        }
    }

    /// What this store's commands changed since the last call, so that the views showing
    /// it can be read again.
    pub fn take_changes(&mut self) -> Changes {
        std::mem::take(&mut self.changes)
    }

    /// What another connection (another iln on the same file, a command run meanwhile)
    /// has changed since the last call. Cheap: SQLite's commit counter first, and only when
    /// it moved, the four change counts.
    pub fn changed_elsewhere(&self) -> Result<Changes> {
        let now = read_data_version(&self.conn)?;
        if self.data_version.replace(now) == now {
            return Ok(Changes::NONE);
        }
        let counts = read_counts(&self.conn)?;
        let seen = self.counts.replace(counts);
        let mut changed = Changes::NONE;
        for (i, (kind, _)) in Changes::KINDS.into_iter().enumerate() {
            if counts[i] != seen[i] {
                changed |= kind;
            }
        }
        Ok(changed)
    }
}

/// The schema version of the database at `path`, refusing a file that is not an iln
/// database, and one from a newer iln before anything is written to it.
/// `e` as [`StoreError::ReadOnly`] when it is SQLite's refusal to write `path`.
fn explain_read_only(e: StoreError, path: &Path) -> StoreError {
    let source = match &e {
        StoreError::Sqlite(source) | StoreError::NotADatabase { source, .. } => source,
        _ => return e,
    };
    match source.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnly {
            path: path.to_path_buf(),
        },
        _ => e,
    }
}

/// Why the database at `path` cannot be written, and the fix: the file read-only for this
/// user, its folder (where SQLite keeps the journal files beside it), or the disk.
fn read_only_reason(path: &Path) -> String {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !crate::files::writable(path) {
        "the file is read-only for you, so iln cannot save anything to it; make it writable \
         (chmod u+w on the file), or open a copy you own"
            .to_string()
    } else if !crate::files::writable(dir) {
        format!(
            "its folder {} is read-only for you, and SQLite keeps the database's journal \
             (its -wal and -shm files) beside it; make the folder writable, or move the \
             database to a folder you can write to",
            dir.display()
        )
    } else {
        "the disk it is on is mounted read-only; copy the database to a disk you can write to"
            .to_string()
    }
}

fn schema_version(conn: &Connection, path: &Path) -> Result<i64> {
    let found = migrations::user_version(conn).map_err(|e| match e {
        StoreError::Sqlite(source) => StoreError::NotADatabase {
            path: path.to_path_buf(),
            source,
        },
        other => other,
    })?;
    if found > migrations::latest() {
        return Err(StoreError::NewerVersion {
            path: path.to_path_buf(),
            found,
            supported: migrations::latest(),
        });
    }
    Ok(found)
}

/// Counts this transaction's changes in `change_counts`. When nobody else changed
/// anything since the store last looked, the new counts are its own and so not news;
/// otherwise they are left for [`Store::changed_elsewhere`] to find.
fn count(tx: &Transaction, changes: Changes, seen: &Cell<[i64; 4]>) -> Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let before = read_counts(tx)?;
    for (kind, name) in Changes::KINDS {
        if changes.touches(kind) {
            tx.execute("UPDATE change_counts SET n = n + 1 WHERE kind = ?1", [name])?;
        }
    }
    if before == seen.get() {
        seen.set(read_counts(tx)?);
    }
    Ok(())
}

/// The change counts, in [`Changes::KINDS`] order.
fn read_counts(conn: &Connection) -> Result<[i64; 4]> {
    let mut counts = [0; 4];
    for (i, (_, name)) in Changes::KINDS.into_iter().enumerate() {
        counts[i] = conn.query_row("SELECT n FROM change_counts WHERE kind = ?1", [name], |r| {
            r.get(0)
        })?;
    }
    Ok(counts)
}

fn read_data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}

/// Reads a stored vocabulary code, reporting a value the code does not know as corrupt data.
fn stored<T>(value: Option<T>, column: &str, text: &str) -> rusqlite::Result<T> {
    value.ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            Box::new(DomainError::Corrupt(format!("{column} = {text:?}"))),
        )
    })
}

fn corrupt(e: DomainError) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
}

impl Store {
    /// Writes a consistent copy of the database to `to` (which must not exist yet).
    pub fn backup_to(&self, to: &Path) -> Result<()> {
        if to.exists() {
            return Err(StoreError::Invalid(format!(
                "{} already exists; choose a new file name for the backup",
                to.display()
            )));
        }
        // Created empty and private first: the copy holds everyone's personal data.
        crate::files::create_private(to)?;
        if let Err(e) = self
            .conn
            .execute("VACUUM INTO ?1", [to.to_string_lossy().as_ref()])
        {
            let _ = std::fs::remove_file(to);
            return Err(e.into());
        }
        Ok(())
    }
}
