//! Applicants: the applications of the current round in a table that stays quick with a
//! hundred thousand rows, the full application of the selected one, status changes and
//! imports.

mod update;
mod view;

pub use update::{ImportInto, ImportJob, Intent, start_import};
pub use view::{Applicants, Sort, SortColumn, stage_short};
