//! Use cases shared by the command line and the TUI: each reads what it needs from the
//! store, works it out, and hands back data; neither draws nor prints.

pub mod candidates;
pub mod cap;
pub mod exports;
pub mod figures;
pub mod matching;
pub mod outbox;
pub mod publish;
pub mod readiness;
pub mod smtp;
