//! Pure matching: scoring, the solver, and the round policy. No database, no UI.

pub mod pairs;
pub mod round;
pub mod score;
pub mod settings;
pub mod solver;
