//! Applicants: the applications of the current round in a table that stays quick with a
//! hundred thousand rows, the full application of the selected one, status changes and
//! imports through the import assistant.

mod assistant;
mod import_job;
mod import_run;
mod update;
mod view;

pub use import_job::{ImportInto, ImportJob};
pub use update::{Intent, assist_import, start_import};
pub use view::{Applicants, Sort, SortColumn, stage_short};
