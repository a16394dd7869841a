//! Rounds: every round with its timetable and figures, the round form, and the country cap.
//! The round selected here is the one the other panes show.

mod form;
mod update;
mod view;

pub use form::RoundForm;
pub use update::{Intent, ask_apply_cap};
pub use view::Rounds;
