//! The full-screen app: four panes (Rounds, Applicants, Matches, Topics), popups, a status
//! line and a hint bar, all driven from the keyboard.
//!
//! Data flows one way: a key becomes an [`action::Action`] through the [`keymap`], the
//! [`App`] updates its state (calling `Store` methods, never SQL), and drawing reads the
//! state. [`run`] adds the terminal around it; tests drive [`App`] directly.

pub mod action;
pub mod app;
mod chrome;
mod event_loop;
pub mod keymap;
pub mod list_view;
pub mod match_run;
pub mod panes;
pub mod popups;
mod text_input;
pub mod theme;
mod welcome;

pub use app::{App, Screen, Status};
pub use event_loop::run;

/// Below this size the app shows a "terminal too small" screen instead of its panes: the
/// Applicants table with its details, the tab bar and the hint bar need this much room.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error("terminal error: {0}")]
    Terminal(#[from] std::io::Error),
}
