//! How far a long piece of work has gone, and the coordinator's wish that it stop: shared
//! between the thread doing the work and the screen that shows it. The work reports as it
//! goes and looks at [`Progress::is_stopped`] between steps; the screen reads and asks.

use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};

/// The stages of reading a file in and saving what it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Reading the file's records; units are bytes.
    Reading,
    /// Checking each record; units are records.
    Checking,
    /// Writing to the database; units are records.
    Saving,
}

const STAGES: [Stage; 3] = [Stage::Reading, Stage::Checking, Stage::Saving];

#[derive(Debug, Default)]
pub struct Progress {
    stopped: AtomicBool,
    stage: AtomicU8,
    done: AtomicU64,
    of: AtomicU64,
}

impl Progress {
    /// Starts `stage`, of `of` units (0 when not known).
    pub fn begin(&self, stage: Stage, of: usize) {
        self.done.store(0, Ordering::Relaxed);
        self.of.store(of as u64, Ordering::Relaxed);
        self.stage.store(stage as u8, Ordering::Relaxed);
    }

    /// `done` units of the stage are done.
    pub fn set(&self, done: usize) {
        self.done.store(done as u64, Ordering::Relaxed);
    }

    /// The stage, and how many units of how many are done.
    pub fn read(&self) -> (Stage, u64, u64) {
        let stage = STAGES[usize::from(self.stage.load(Ordering::Relaxed))];
        (
            stage,
            self.done.load(Ordering::Relaxed),
            self.of.load(Ordering::Relaxed),
        )
    }

    /// Asks the work to stop at its next step.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::Relaxed);
    }

    pub fn is_stopped(&self) -> bool {
        self.stopped.load(Ordering::Relaxed)
    }
}
