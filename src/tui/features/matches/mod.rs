//! Matches: a round's partnerships matched, reviewed, adjusted and published, and during
//! the round their problems and early ends, and what goes out to participants; the matcher
//! and the sending run in the background.

mod candidates;
mod run;
mod send_run;
mod update;
mod view;
mod weights;

pub use candidates::CandidatesPopup;
pub use run::MatchRun;
pub use send_run::SendRun;
pub use update::Intent;
pub use view::Matches;
pub use weights::WeightsForm;
