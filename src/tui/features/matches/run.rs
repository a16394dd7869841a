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
    /// The furthest the gauge has shown: a solve the pricing asks for again starts its
    /// count afresh, and the gauge must not run backwards.
    furthest: f64,
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
            furthest: 0.0,
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
                Ok(Report::Phase(phase)) => self.advance(phase),
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
                Ok(Report::Phase(phase)) => self.advance(phase),
                Ok(Report::Done(outcome)) => return outcome,
                Err(_) => {
                    return Err(MatchError::Lost);
                }
            }
        }
    }

    fn advance(&mut self, phase: Phase) {
        self.phase = phase;
        self.furthest = self.furthest.max(self.measure().0);
    }

    /// How far along the run is (0 to 1, never less than shown before) and what it is
    /// doing, for the gauge.
    pub fn progress(&self) -> (f64, String) {
        let (ratio, doing) = self.measure();
        (ratio.max(self.furthest), doing)
    }

    fn measure(&self) -> (f64, String) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gauge_never_runs_backwards() {
        let (tx, reports) = mpsc::channel();
        let mut run = MatchRun {
            round_id: RoundId(1),
            round_name: "R".to_string(),
            applicants: 10,
            phase: Phase::Scoring,
            furthest: 0.0,
            started: Instant::now(),
            cancelling: false,
            draft: Vec::new(),
            reports,
            cancel: Arc::new(AtomicBool::new(false)),
        };
        let mut shown = Vec::new();
        for phase in [
            Phase::Solving { matched: 8, of: 10 },
            Phase::Pricing { solves: 1 },
            // The pricing asks for another solve, which counts from the start again.
            Phase::Solving { matched: 2, of: 10 },
            Phase::Solving {
                matched: 10,
                of: 10,
            },
            Phase::Finishing,
        ] {
            tx.send(Report::Phase(phase)).unwrap();
            assert!(run.poll().is_none());
            shown.push(run.progress().0);
        }
        assert!(shown.windows(2).all(|w| w[0] <= w[1]), "{shown:?}");
        // What it is doing is said as it is.
        assert!(run.progress().1.contains("trios"));
    }
}
