//! A matching run in a background thread, so that the screen keeps answering keys while
//! the engine works: the thread reports its phase and, at the end, the outcome; a flag
//! asks it to stop.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::Instant;

use crate::domain::{PartnershipId, RoundId};
use crate::engine::round::{Outcome, Phase};
use crate::engine::solver::Control;
use crate::ops::matching::{self, MatchError, Prepared};

enum Report {
    Phase(Phase),
    Done(Result<Outcome, MatchError>),
}

pub struct MatchRun {
    pub round_id: RoundId,
    pub round_name: String,
    pub applicants: usize,
    pub phase: Phase,
    pub started: Instant,
    pub cancelling: bool,
    /// The draft the run started from: its result is kept only over that very draft.
    pub draft: Vec<(PartnershipId, i64)>,
    reports: Receiver<Report>,
    cancel: Arc<AtomicBool>,
}

impl MatchRun {
    /// Starts the engine on `prepared` in a thread of its own.
    pub fn start(prepared: Prepared, round_id: RoundId, round_name: &str) -> MatchRun {
        let (tx, reports) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&cancel);
        let applicants = prepared.input.applicants.len();
        let draft = prepared.draft.clone();
        std::thread::spawn(move || {
            let outcome = matching::solve(&prepared, &mut |phase| {
                // The app may be gone (quit mid-run): then stop.
                if tx.send(Report::Phase(phase)).is_err() || stop.load(Ordering::Relaxed) {
                    Control::Cancel
                } else {
                    Control::Continue
                }
            });
            let _ = tx.send(Report::Done(outcome));
        });
        MatchRun {
            round_id,
            round_name: round_name.to_string(),
            applicants,
            phase: Phase::Scoring,
            started: Instant::now(),
            cancelling: false,
            draft,
            reports,
            cancel,
        }
    }

    /// Asks the engine to stop at its next report.
    pub fn cancel(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
        self.cancelling = true;
    }

    /// Takes what the thread reported since the last call: the latest phase is kept, and
    /// the outcome is returned once the run is over.
    pub fn poll(&mut self) -> Option<Result<Outcome, MatchError>> {
        loop {
            match self.reports.try_recv() {
                Ok(Report::Phase(phase)) => self.phase = phase,
                Ok(Report::Done(outcome)) => return Some(outcome),
                Err(TryRecvError::Empty) => return None,
                Err(TryRecvError::Disconnected) => {
                    return Some(Err(MatchError::Lost));
                }
            }
        }
    }

    /// Waits for the run to end (tests, and a quit that must not leave a thread behind).
    pub fn wait(&mut self) -> Result<Outcome, MatchError> {
        loop {
            match self.reports.recv() {
                Ok(Report::Phase(phase)) => self.phase = phase,
                Ok(Report::Done(outcome)) => return outcome,
                Err(_) => {
                    return Err(MatchError::Lost);
                }
            }
        }
    }

    /// How far along the run is (0 to 1) and what it is doing, for the gauge.
    pub fn progress(&self) -> (f64, String) {
        match self.phase {
            Phase::Scoring => (0.02, "scoring every allowed pair".to_string()),
            Phase::Solving { matched, of } => (
                if of == 0 {
                    0.0
                } else {
                    0.05 + 0.9 * matched as f64 / of as f64
                },
                format!("pairing: {matched} of {of} people matched so far"),
            ),
            Phase::Pricing { solves } => (
                0.95,
                format!("checking that no left-out pair could do better (solve {solves})"),
            ),
            Phase::Finishing => (0.99, "forming trios and explaining".to_string()),
        }
    }
}
