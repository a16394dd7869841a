//! Matches: a round's partnerships matched, reviewed, adjusted and published, and during
//! the round their problems and early ends; the matcher runs in the background.

mod candidates;
mod run;
mod update;
mod view;
mod weights;

pub use candidates::CandidatesPopup;
pub use run::MatchRun;
pub use update::Intent;
pub use view::Matches;
pub use weights::WeightsForm;
