//! Submission times as survey tools write them.
//!
//! Accepted forms (date, then optionally a time, then optionally a UTC offset):
//!
//! | form                                  | example                         |
//! |---------------------------------------|---------------------------------|
//! | year first, `-` or `/`                | `2027-03-04 09:15:02`, `2027-03-04T09:15` |
//! | Google Forms                          | `2027/03/04 9:15:02 AM GMT+10`  |
//! | day and month, then the year, `/`     | `04/03/2027 09:15` (see below)  |
//! | day, month, year with dots            | `04.03.2027 09:15` (always day first) |
//!
//! Times are `H:MM`, `H:MM:SS` or `H:MM:SS.fff` (kept to the second), in 24-hour form or
//! with `AM`/`PM`. An offset (`GMT+10`, `UTC-3`, `+05:30`, `Z`) converts the time to UTC, so
//! that exports from forms in different time zones order alike; a time without one is kept
//! as written. A date alone means midnight.
//!
//! `04/03/2027` may be 4 March (day first) or 3 April (month first). The rule: a mapping
//! file's `[dates] order` decides; otherwise a file that has a date such as `25/03/2027`
//! (only readable day first) is read day first throughout, and likewise month first; a file
//! where no date settles it, or where dates settle it both ways, gets an error for every
//! date that could be read either way. A date whose day and month are equal reads the same
//! both ways and is always accepted.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::domain::UtcOffset;

/// Which number comes first in a date written `04/03/2027`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrder {
    DayFirst,
    MonthFirst,
}

impl DateOrder {
    /// The spelling used in a mapping file.
    pub fn code(self) -> &'static str {
        match self {
            DateOrder::DayFirst => "day-first",
            DateOrder::MonthFirst => "month-first",
        }
    }

    pub fn from_code(text: &str) -> Option<DateOrder> {
        match text.trim().to_lowercase().as_str() {
            "day-first" | "dmy" | "day first" => Some(DateOrder::DayFirst),
            "month-first" | "mdy" | "month first" => Some(DateOrder::MonthFirst),
            _ => None,
        }
    }
}

const ACCEPTED: &str = "write it like 2027-03-04 09:15:02 (also accepted: \
    2027/03/04 9:15:02 AM GMT+10, 04/03/2027 09:15 and 04.03.2027 09:15)";

/// A submission time as read from one cell, before the file's date order is known.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stamp {
    date: DatePart,
    time: NaiveTime,
    /// Minutes east of UTC, when the cell gives an offset.
    offset: Option<i32>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum DatePart {
    Settled(NaiveDate),
    /// `first/second/year`, where the order of day and month is not yet known.
    Open {
        first: u32,
        second: u32,
        year: i32,
    },
}

impl Stamp {
    /// Reads a cell; the error says what is wrong and which forms are accepted.
    pub fn read(text: &str) -> Result<Stamp, String> {
        let t = text.trim();
        let bad = || format!("{t:?} is not a date and time this import reads; {ACCEPTED}");
        if t.is_empty() {
            return Err(format!(
                "is empty; every application needs the time it was submitted; {ACCEPTED}"
            ));
        }
        let split = t.find([' ', 'T']).unwrap_or(t.len());
        let (date_text, rest) = t.split_at(split);
        let date = read_date(date_text).ok_or_else(bad)?;
        let rest = rest.strip_prefix('T').unwrap_or(rest).trim();
        let (time, rest) = read_time(rest).ok_or_else(bad)?;
        let offset = match rest.trim() {
            "" => None,
            "Z" | "z" => Some(0),
            zone => Some(UtcOffset::parse(zone).map_err(|_| bad())?.minutes()),
        };
        let stamp = Stamp { date, time, offset };
        if let DatePart::Open { first, second, .. } = date
            && first > 12
            && second > 12
        {
            return Err(bad());
        }
        Ok(stamp)
    }

    /// The order this date shows by itself: `25/03/2027` can only be day first.
    pub fn evidence(&self) -> Option<DateOrder> {
        match self.date {
            DatePart::Open { first, second, .. } if first > 12 && second <= 12 => {
                Some(DateOrder::DayFirst)
            }
            DatePart::Open { first, second, .. } if second > 12 && first <= 12 => {
                Some(DateOrder::MonthFirst)
            }
            _ => None,
        }
    }

    /// The time in UTC (or as written, without an offset), to the second, reading an open
    /// date in `order`; when the order is not known, `Err` says why, for the message.
    pub fn resolve(
        &self,
        text: &str,
        order: Result<DateOrder, &str>,
    ) -> Result<NaiveDateTime, String> {
        let text = text.trim();
        let date = match self.date {
            DatePart::Settled(d) => d,
            DatePart::Open {
                first,
                second,
                year,
            } => {
                // A set order holds even against the date itself: 03/25/2027 in a file
                // said to be day first is a mistake worth reporting.
                let order = match (order, self.evidence()) {
                    (Ok(order), _) => Ok(order),
                    (Err(_), Some(own)) => Ok(own),
                    (Err(_), None) if first == second => Ok(DateOrder::DayFirst),
                    (Err(why), None) => Err(why),
                };
                let (day, month) = match order {
                    Ok(DateOrder::DayFirst) => (first, second),
                    Ok(DateOrder::MonthFirst) => (second, first),
                    Err(why) => {
                        let a = NaiveDate::from_ymd_opt(year, second, first);
                        let b = NaiveDate::from_ymd_opt(year, first, second);
                        let (Some(a), Some(b)) = (a, b) else {
                            return Err(format!(
                                "{text:?} is not a date this import reads; {ACCEPTED}"
                            ));
                        };
                        return Err(format!(
                            "{text:?} could be {} or {} and {why}; write dates as {} or set \
                             [dates] order = \"day-first\" (or \"month-first\") in a mapping file",
                            a.format("%-d %B %Y"),
                            b.format("%-d %B %Y"),
                            a.format("%Y-%m-%d")
                        ));
                    }
                };
                NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
                    format!(
                        "{text:?} is not a date when read {}; {ACCEPTED}",
                        order.map(DateOrder::code).unwrap_or_default()
                    )
                })?
            }
        };
        let local = date.and_time(self.time.with_nanosecond(0).unwrap_or(self.time));
        Ok(match self.offset {
            Some(minutes) => local - Duration::minutes(i64::from(minutes)),
            None => local,
        })
    }
}

fn numbers(text: &str, sep: char) -> Option<[&str; 3]> {
    let mut parts = text.split(sep);
    let out = [parts.next()?, parts.next()?, parts.next()?];
    if parts.next().is_some()
        || out
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    Some(out)
}

fn read_date(text: &str) -> Option<DatePart> {
    let (sep, parts) = ['-', '/', '.']
        .into_iter()
        .find_map(|sep| numbers(text, sep).map(|p| (sep, p)))?;
    let num = |s: &str| s.parse::<u32>().ok();
    if parts[0].len() == 4 {
        let year = parts[0].parse().ok()?;
        return NaiveDate::from_ymd_opt(year, num(parts[1])?, num(parts[2])?)
            .map(DatePart::Settled);
    }
    if parts[2].len() != 4 || parts[0].len() > 2 || parts[1].len() > 2 || sep == '-' {
        return None;
    }
    let year = parts[2].parse().ok()?;
    let (first, second) = (num(parts[0])?, num(parts[1])?);
    if sep == '.' {
        // Dotted dates are a day-first convention (de, ru, fi…); none writes month first.
        return NaiveDate::from_ymd_opt(year, second, first).map(DatePart::Settled);
    }
    if !(1..=31).contains(&first) || !(1..=31).contains(&second) {
        return None;
    }
    Some(DatePart::Open {
        first,
        second,
        year,
    })
}

/// Reads `H:MM[:SS[.fff]] [AM|PM]` at the start of `text`, returning the rest (the offset).
/// An empty `text` is midnight.
fn read_time(text: &str) -> Option<(NaiveTime, &str)> {
    if text.is_empty() {
        return Some((NaiveTime::MIN, ""));
    }
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(text.len());
    let (clock, rest) = text.split_at(end);
    let mut parts = clock.split(':');
    let hour: u32 = parts.next()?.parse().ok()?;
    let minute: u32 = parts.next()?.parse().ok()?;
    let (second, milli) = match parts.next() {
        None => (0, 0),
        Some(s) => match s.split_once('.') {
            None => (s.parse().ok()?, 0),
            Some((s, frac)) => {
                let digits: String = frac.chars().chain("000".chars()).take(3).collect();
                (s.parse().ok()?, digits.parse().ok()?)
            }
        },
    };
    if parts.next().is_some() {
        return None;
    }
    let rest = rest.trim_start();
    let upper = rest.to_ascii_uppercase();
    let (hour, rest) = if let Some(meridiem) = ["AM", "PM", "A.M.", "P.M."]
        .into_iter()
        .find(|m| upper.starts_with(m))
    {
        if !(1..=12).contains(&hour) {
            return None;
        }
        let pm = meridiem.starts_with('P');
        (
            (hour % 12) + if pm { 12 } else { 0 },
            &rest[meridiem.len()..],
        )
    } else {
        (hour, rest)
    };
    let time = NaiveTime::from_hms_milli_opt(hour, minute, second, milli)?;
    Some((time, rest.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    fn read(text: &str, order: Result<DateOrder, &str>) -> Result<NaiveDateTime, String> {
        Stamp::read(text)?.resolve(text, order)
    }

    #[test]
    fn reads_the_documented_forms() {
        let none = Err("nothing settles it");
        assert_eq!(
            read("2027-03-04 09:15:02", none),
            Ok(at("2027-03-04 09:15:02"))
        );
        assert_eq!(
            read("2027-03-04T09:15", none),
            Ok(at("2027-03-04 09:15:00"))
        );
        assert_eq!(
            read("2027-03-04T09:15:02Z", none),
            Ok(at("2027-03-04 09:15:02"))
        );
        assert_eq!(
            read("2027/03/04 9:15:02 AM GMT+10", none),
            Ok(at("2027-03-03 23:15:02"))
        );
        assert_eq!(
            read("2027/03/04 12:05:00 PM GMT-3", none),
            Ok(at("2027-03-04 15:05:00"))
        );
        assert_eq!(
            read("2027/03/04 12:05:00 am", none),
            Ok(at("2027-03-04 00:05:00"))
        );
        assert_eq!(
            read("2027-03-04 09:15:02.750 +05:30", none),
            Ok(at("2027-03-04 03:45:02"))
        );
        assert_eq!(
            read("04.03.2027 09:15", none),
            Ok(at("2027-03-04 09:15:00"))
        );
        assert_eq!(read("2027-03-04", none), Ok(at("2027-03-04 00:00:00")));
    }

    #[test]
    fn day_and_month_order_comes_from_the_date_or_the_file() {
        assert_eq!(
            read("25/03/2027 09:15", Err("x")),
            Ok(at("2027-03-25 09:15:00"))
        );
        assert_eq!(
            read("03/25/2027 09:15", Err("x")),
            Ok(at("2027-03-25 09:15:00"))
        );
        assert_eq!(
            read("04/03/2027 09:15", Ok(DateOrder::DayFirst)),
            Ok(at("2027-03-04 09:15:00"))
        );
        assert_eq!(
            read("04/03/2027 09:15", Ok(DateOrder::MonthFirst)),
            Ok(at("2027-04-03 09:15:00"))
        );
        assert_eq!(
            read("04/04/2027 09:15", Err("x")),
            Ok(at("2027-04-04 09:15:00"))
        );
        let err = read(
            "04/03/2027 09:15",
            Err("no date in this file settles which"),
        )
        .unwrap_err();
        assert!(err.contains("4 March 2027 or 3 April 2027"), "{err}");
        assert!(read("03/25/2027", Ok(DateOrder::DayFirst)).is_err());
    }

    #[test]
    fn rejects_what_it_cannot_read() {
        for bad in [
            "",
            "yesterday",
            "March 4, 2027",
            "2027-13-01",
            "2027-02-30 10:00",
            "04-03-2027",
            "25/25/2027",
            "2027-03-04 25:00",
            "2027-03-04 13:00 PM",
            "2027-03-04 09:15 Sydney",
            "46085.38",
        ] {
            assert!(Stamp::read(bad).is_err(), "{bad}");
        }
    }
}
