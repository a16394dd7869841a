//! Today's date: the clock's, or `ILN_TODAY` (YYYY-MM-DD) where set, so that a run can be
//! reproduced on a given day (tests, examples). The app and every command take it from here.

use chrono::NaiveDate;

pub fn today() -> NaiveDate {
    std::env::var("ILN_TODAY")
        .ok()
        .and_then(|d| d.parse().ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}
