//! The shell around the panes: the app (focus, the open modal, the status line, change
//! notices), drawing the frame around the panes, and the terminal's event loop.

mod app;
mod chrome;
mod draw;
mod event_loop;

pub use app::{App, Screen};
pub use chrome::{MIN_HEIGHT, MIN_WIDTH};
pub use event_loop::{TuiError, run};
