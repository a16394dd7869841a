//! The full-screen app: the panes (Rounds, Applicants, Matches, Topics), modals, a status
//! line and a hint bar, all driven from the keyboard.
//!
//! Layers, each importing only those below it: [`keys`] (actions and the key table),
//! [`kit`] (widgets, text helpers and generic modals), [`features`] (one folder per pane),
//! and [`shell`] (the app that routes keys, does what panes ask for and refreshes them).
//! [`run`] adds the terminal around it; tests drive [`App`] directly.

pub mod features;
pub mod keys;
pub mod kit;
pub mod shell;

pub use features::Status;
pub use shell::{App, MIN_HEIGHT, MIN_WIDTH, Screen, TuiError, run};
