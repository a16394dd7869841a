//! iln: a terminal workspace for the coordinators of an international peer-mentoring
//! program for librarians.

pub mod clock;
pub mod config;
pub mod demo;
pub mod domain;
pub mod engine;
pub mod export;
pub mod files;
pub mod import;
pub mod ops;
pub mod progress;
pub mod spreadsheet;
pub mod store;
pub mod text;
pub mod tui;
