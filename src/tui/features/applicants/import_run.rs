//! An import in a background thread, so that the screen keeps answering keys while a large
//! file is read, checked and saved: the thread opens the database file itself and reports
//! how far it has got through a shared [`Progress`]; stopping it there saves nothing, as
//! the applications are written in one transaction.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::Instant;

use super::import_job::{ImportInto, ImportJob};
use crate::domain::RoundPlan;
use crate::import::{self, CheckedFile, ImportError, ImportReport};
use crate::progress::{Progress, Stage};
use crate::store::{Store, StoreError};

pub type Imported = Result<ImportReport, ImportError>;

#[derive(Debug)]
pub struct ImportRun {
    pub job: ImportJob,
    pub started: Instant,
    progress: Arc<Progress>,
    done: Receiver<Imported>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ImportRun {
    /// Starts `job` on the database file at `db`, writing any rejects file to `exports`.
    pub fn start(job: ImportJob, db: PathBuf, exports: Option<PathBuf>) -> ImportRun {
        let (tx, done) = mpsc::channel();
        let progress = Arc::new(Progress::default());
        let watched = Arc::clone(&progress);
        let work = job.clone();
        let thread = std::thread::spawn(move || {
            let imported = Store::open(&db)
                .map_err(ImportError::from)
                .and_then(|mut store| run(&mut store, &work, exports.as_deref(), &watched));
            let _ = tx.send(imported);
        });
        ImportRun {
            job,
            started: Instant::now(),
            progress,
            done,
            thread: Some(thread),
        }
    }

    /// Asks the import to stop at its next step; it then saves nothing.
    pub fn stop(&self) {
        self.progress.stop();
    }

    pub fn is_stopping(&self) -> bool {
        self.progress.is_stopped()
    }

    /// The result, once the import is over.
    pub fn poll(&mut self) -> Option<Imported> {
        match self.done.try_recv() {
            Ok(imported) => Some(imported),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(ImportError::Store(StoreError::Invalid(
                "the import stopped unexpectedly; nothing was imported".into(),
            )))),
        }
    }

    /// Waits for the thread to end (a quit must not leave it mid-write).
    pub fn wait(&mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    /// How far along the import is (0 to 1) and what it is doing, for the gauge. The
    /// stages' shares are what they take on a large file: saving takes the most.
    pub fn progress(&self) -> (f64, String) {
        let (stage, done, of) = self.progress.read();
        let part = if of == 0 {
            0.0
        } else {
            done as f64 / of as f64
        };
        match stage {
            Stage::Reading if of == 0 => (0.0, "reading the file".to_string()),
            Stage::Reading => (
                0.1 * part,
                format!("reading, {} of {} MB", done / 1_000_000, of / 1_000_000),
            ),
            Stage::Checking => (0.1 + 0.1 * part, format!("checking row {done} of {of}")),
            Stage::Saving => (
                0.2 + 0.8 * part,
                format!("saving application {done} of {of}"),
            ),
        }
    }
}

/// The import itself: the file (as the assistant showed it, or as it is now) checked, then
/// saved into its round, or into a round made for it.
pub fn run(
    store: &mut Store,
    job: &ImportJob,
    exports: Option<&std::path::Path>,
    progress: &Progress,
) -> Imported {
    if let ImportInto::Round { id, .. } = &job.into {
        // A round deleted meanwhile is said before the file, which may take a while.
        store.round(*id)?;
    }
    let checked = match &job.shown {
        Some(bytes) => import::check_bytes(
            &job.path,
            bytes,
            job.mapping.as_ref(),
            job.skip_invalid,
            exports,
            progress,
        ),
        None => import::check_file_with(
            &job.path,
            job.mapping.as_ref(),
            job.skip_invalid,
            exports,
            progress,
        ),
    }?;
    match &job.into {
        ImportInto::Round { id, .. } => import::save_checked(store, *id, checked, progress),
        ImportInto::NewRound(plan) => {
            let plan = new_round_plan(store, plan, &checked)?;
            import::save_checked_in_new_round(store, &plan, checked, progress)
        }
    }
}

/// The round made for an import is the one its applications were made for: its window
/// holds their submissions, and it is named after when its partnerships start.
fn new_round_plan(
    store: &Store,
    plan: &RoundPlan,
    checked: &CheckedFile,
) -> Result<RoundPlan, StoreError> {
    Ok(match checked.submitted_range() {
        Some((first, last)) => RoundPlan::spanning("", first, last).named_among(&store.rounds()?),
        None => plan.clone(),
    })
}
