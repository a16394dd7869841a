//! When a round's discussion topics go out: a cadence the coordinator picks, laid over the
//! round's term.

use std::fmt;

use chrono::{Months, NaiveDate};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cadence {
    /// One topic a month, on the day of the month the round starts.
    Monthly,
    /// One topic every fourteen days from the start.
    Fortnightly,
    /// One topic a month in two parts: the first on the monthly date, the second halfway to
    /// the next one.
    MonthlyInTwoParts,
}

impl Cadence {
    pub const ALL: [Cadence; 3] = [
        Cadence::Monthly,
        Cadence::Fortnightly,
        Cadence::MonthlyInTwoParts,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Cadence::Monthly => "monthly",
            Cadence::Fortnightly => "fortnightly",
            Cadence::MonthlyInTwoParts => "monthly-in-two-parts",
        }
    }

    pub fn from_code(code: &str) -> Option<Cadence> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The least number of days between two of its dates.
    fn spacing_days(self) -> i64 {
        match self {
            Cadence::Monthly => 28,
            Cadence::Fortnightly => 14,
            Cadence::MonthlyInTwoParts => 14,
        }
    }

    /// Its dates over the term that no existing slot stands for: a slot within half the
    /// cadence's spacing of a date (02-08 for a monthly 02-11) is that date's topic.
    pub fn new_dates(
        self,
        starts_on: NaiveDate,
        ends_on: NaiveDate,
        existing: &[NaiveDate],
    ) -> Vec<NaiveDate> {
        let near = self.spacing_days() / 2;
        self.dates(starts_on, ends_on)
            .into_iter()
            .filter(|&d| existing.iter().all(|&e| (d - e).num_days().abs() >= near))
            .collect()
    }

    /// The publish dates from `starts_on` up to, not including, `ends_on`. Months are
    /// counted from the start, so a round starting on the 31st publishes on the last day
    /// of shorter months and on the 31st again after them.
    pub fn dates(self, starts_on: NaiveDate, ends_on: NaiveDate) -> Vec<NaiveDate> {
        let monthly = |k: u32| starts_on.checked_add_months(Months::new(k));
        let mut dates = Vec::new();
        match self {
            Cadence::Monthly => {
                for k in 0.. {
                    match monthly(k) {
                        Some(d) if d < ends_on => dates.push(d),
                        _ => break,
                    }
                }
            }
            Cadence::Fortnightly => {
                let mut d = starts_on;
                while d < ends_on {
                    dates.push(d);
                    match d.checked_add_days(chrono::Days::new(14)) {
                        Some(next) => d = next,
                        None => break,
                    }
                }
            }
            Cadence::MonthlyInTwoParts => {
                for k in 0.. {
                    let Some(first) = monthly(k).filter(|&d| d < ends_on) else {
                        break;
                    };
                    dates.push(first);
                    let next = monthly(k + 1).unwrap_or(ends_on).min(ends_on);
                    let half = (next - first).num_days() / 2;
                    if half > 0 {
                        dates.push(first + chrono::Days::new(half as u64));
                    }
                }
            }
        }
        dates
    }
}

impl fmt::Display for Cadence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Cadence::Monthly => "monthly",
            Cadence::Fortnightly => "fortnightly",
            Cadence::MonthlyInTwoParts => "monthly, in two parts",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn ds(v: &[&str]) -> Vec<NaiveDate> {
        v.iter().map(|s| d(s)).collect()
    }

    #[test]
    fn a_date_near_an_existing_slot_is_not_new() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        // Monthly from 01-11: 02-11 has 02-08 beside it, 03-11 has nothing near.
        let new = Cadence::Monthly.new_dates(d("2027-01-11"), d("2027-04-01"), &[d("2027-02-08")]);
        assert_eq!(new, vec![d("2027-01-11"), d("2027-03-11")]);
    }

    #[test]
    fn monthly_from_the_first() {
        assert_eq!(
            Cadence::Monthly.dates(d("2027-03-01"), d("2027-07-01")),
            ds(&["2027-03-01", "2027-04-01", "2027-05-01", "2027-06-01"])
        );
    }

    #[test]
    fn monthly_from_a_month_end_keeps_the_day_where_it_can() {
        // 2028 is a leap year: February has a 29th.
        assert_eq!(
            Cadence::Monthly.dates(d("2027-12-31"), d("2028-04-30")),
            ds(&["2027-12-31", "2028-01-31", "2028-02-29", "2028-03-31"])
        );
        assert_eq!(
            Cadence::Monthly.dates(d("2027-01-30"), d("2027-04-30")),
            ds(&["2027-01-30", "2027-02-28", "2027-03-30"])
        );
    }

    #[test]
    fn fortnightly_mid_month_start_across_a_leap_day() {
        assert_eq!(
            Cadence::Fortnightly.dates(d("2028-02-10"), d("2028-04-01")),
            ds(&["2028-02-10", "2028-02-24", "2028-03-09", "2028-03-23"])
        );
    }

    #[test]
    fn two_parts_halfway_between_monthly_dates() {
        assert_eq!(
            Cadence::MonthlyInTwoParts.dates(d("2027-01-15"), d("2027-03-15")),
            ds(&["2027-01-15", "2027-01-30", "2027-02-15", "2027-03-01"])
        );
        // A short last month: the second part is halfway to the end of the term.
        assert_eq!(
            Cadence::MonthlyInTwoParts.dates(d("2027-01-15"), d("2027-02-25")),
            ds(&["2027-01-15", "2027-01-30", "2027-02-15", "2027-02-20"])
        );
    }

    #[test]
    fn an_empty_term_has_no_dates() {
        for c in Cadence::ALL {
            assert!(c.dates(d("2027-05-01"), d("2027-05-01")).is_empty());
            assert_eq!(Cadence::from_code(c.code()), Some(c));
        }
    }
}
