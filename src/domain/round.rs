//! A round: an application window, a matching date, a start date and a term, after which
//! every partnership dissolves.

use std::fmt;

use chrono::{Months, NaiveDate};

use super::{DomainError, RoundId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RoundStatus {
    Open,
    Closed,
    Matching,
    Active,
    Ended,
}

impl RoundStatus {
    pub const ALL: [RoundStatus; 5] = [
        RoundStatus::Open,
        RoundStatus::Closed,
        RoundStatus::Matching,
        RoundStatus::Active,
        RoundStatus::Ended,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RoundStatus::Open => "open",
            RoundStatus::Closed => "closed",
            RoundStatus::Matching => "matching",
            RoundStatus::Active => "active",
            RoundStatus::Ended => "ended",
        }
    }

    pub fn from_code(code: &str) -> Option<RoundStatus> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The next step in a round's life, if any.
    pub fn next(self) -> Option<RoundStatus> {
        let i = Self::ALL.iter().position(|&s| s == self)?;
        Self::ALL.get(i + 1).copied()
    }
}

impl fmt::Display for RoundStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The fields a coordinator sets on a round (the stored round adds an id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundPlan {
    pub name: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub matching_on: NaiveDate,
    pub starts_on: NaiveDate,
    pub term_months: u32,
    /// A country above this share of the round's applicants is capped.
    pub cap_percent: u32,
    pub status: RoundStatus,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Round {
    pub id: RoundId,
    /// Bumped by every change to the round, so that an edit made on an older view is refused.
    pub version: i64,
    pub plan: RoundPlan,
}

impl Round {
    pub fn name(&self) -> &str {
        &self.plan.name
    }
}

impl RoundPlan {
    /// The day the round's partnerships dissolve.
    pub fn ends_on(&self) -> NaiveDate {
        self.starts_on
            .checked_add_months(Months::new(self.term_months))
            .unwrap_or(NaiveDate::MAX)
    }

    /// A sensible plan for a round whose applications open on `opens_on`: four weeks of
    /// applications, matching a week later, a start a week after that and a 4-month term.
    pub fn starting(name: &str, opens_on: NaiveDate) -> RoundPlan {
        RoundPlan::spanning(name, opens_on, opens_on)
    }

    /// A round whose application window holds every day from `first` to `last` (at least
    /// four weeks), then the same timetable as [`RoundPlan::starting`].
    pub fn spanning(name: &str, first: NaiveDate, last: NaiveDate) -> RoundPlan {
        let opens_on = first;
        let closes_on = (opens_on + chrono::Days::new(28)).max(last);
        let matching_on = closes_on + chrono::Days::new(7);
        RoundPlan {
            name: name.to_string(),
            opens_on,
            closes_on,
            matching_on,
            starts_on: matching_on + chrono::Days::new(7),
            term_months: 4,
            cap_percent: 20,
            status: RoundStatus::Open,
        }
    }

    /// The plan with a name not taken by `rounds`, from when its partnerships start: a round
    /// whose partnerships run from January is 2027 A, even if it opens in November.
    pub fn named_among(mut self, rounds: &[Round]) -> RoundPlan {
        self.name = RoundPlan::free_name(rounds, self.starts_on);
        self
    }

    /// A round name not taken by `rounds`, from the year and half of `on` (the day its
    /// partnerships start, see [`RoundPlan::named_among`]): `2027 A` for the first half of
    /// 2027, `2027 B` for the second (then the letters after, if taken).
    pub fn free_name(rounds: &[Round], on: NaiveDate) -> String {
        use chrono::Datelike;
        let taken = |name: &str| {
            rounds
                .iter()
                .any(|r| r.plan.name.eq_ignore_ascii_case(name))
        };
        let first = if on.month() <= 6 { b'A' } else { b'B' };
        (first..=b'Z')
            .map(|letter| format!("{} {}", on.year(), letter as char))
            .find(|name| !taken(name))
            .unwrap_or_else(|| format!("{} round {}", on.year(), rounds.len() + 1))
    }

    /// The plan suggested for the next round: applications open in the last month of the
    /// latest round (as the program does), or `today` if that is later.
    pub fn suggested(rounds: &[Round], today: NaiveDate) -> RoundPlan {
        let overlap = rounds
            .iter()
            .map(|r| r.plan.ends_on())
            .max()
            .and_then(|end| end.checked_sub_months(chrono::Months::new(1)));
        let opens_on = overlap.filter(|&d| d > today).unwrap_or(today);
        RoundPlan::starting("", opens_on).named_among(rounds)
    }

    /// The problems with this plan, each naming its field.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if self.name.trim().is_empty() {
            out.push((
                "name",
                "is empty; give the round a name such as 2027 A".into(),
            ));
        }
        if self.closes_on < self.opens_on {
            out.push((
                "closes",
                "is before applications open; close on or after the opening date".into(),
            ));
        }
        if self.matching_on < self.closes_on {
            out.push((
                "matching",
                "is before applications close; match after the window closes".into(),
            ));
        }
        if self.starts_on < self.matching_on {
            out.push((
                "starts",
                "is before the matching date; start on or after matching".into(),
            ));
        }
        if !(1..=24).contains(&self.term_months) {
            out.push(("term", "must be 1 to 24 months".into()));
        }
        if !(1..=100).contains(&self.cap_percent) {
            out.push(("cap", "must be a percentage from 1 to 100".into()));
        }
        out
    }

    pub fn validate(&self) -> Result<(), DomainError> {
        let problems = self.problems();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Invalid(
                problems
                    .iter()
                    .map(|(f, p)| format!("{f} {p}"))
                    .collect::<Vec<_>>()
                    .join("; "),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn term_end_handles_month_ends() {
        let mut p = RoundPlan::starting("x", d("2027-09-01"));
        p.starts_on = d("2027-10-31");
        p.term_months = 4;
        assert_eq!(p.ends_on(), d("2028-02-29"));
        assert!(p.problems().is_empty());
    }

    #[test]
    fn a_round_is_named_after_when_its_partnerships_start() {
        // Opening in November 2026, its partnerships start in January 2027.
        let plan = RoundPlan::starting("", d("2026-11-20")).named_among(&[]);
        assert_eq!(plan.starts_on, d("2027-01-01"));
        assert_eq!(plan.name, "2027 A");
        let taken = Round {
            id: RoundId(1),
            version: 1,
            plan: plan.clone(),
        };
        let next = RoundPlan::starting("", d("2027-05-01")).named_among(&[taken]);
        assert_eq!(next.name, "2027 B", "July is the second half");
    }

    #[test]
    fn out_of_order_dates_name_their_field() {
        let mut p = RoundPlan::starting("x", d("2027-03-01"));
        p.closes_on = d("2027-02-01");
        p.term_months = 0;
        let fields: Vec<_> = p.problems().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, vec!["closes", "term"]);
    }
}
