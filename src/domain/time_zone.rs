//! A participant's working time zone: an IANA zone where one is known (so that working
//! days are compared as clocks change over a round), else a fixed offset from UTC, which is
//! what many survey answers give ("UTC+10", "GMT-3", "+05:30").

use std::fmt;

use chrono::{NaiveDate, Offset, TimeZone as _};
use chrono_tz::Tz;

use super::DomainError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeZone {
    Zone(Tz),
    Fixed(UtcOffset),
}

impl TimeZone {
    /// The zone named by its IANA name, in any case.
    pub fn named(name: &str) -> Option<TimeZone> {
        Tz::from_str_insensitive(name.trim())
            .ok()
            .map(TimeZone::Zone)
    }

    /// The offset at noon (UTC) of a day.
    pub fn offset_on(self, day: NaiveDate) -> UtcOffset {
        match self {
            TimeZone::Fixed(offset) => offset,
            TimeZone::Zone(zone) => {
                let noon = day.and_hms_opt(12, 0, 0).expect("noon exists");
                UtcOffset(zone.offset_from_utc_datetime(&noon).fix().local_minus_utc() / 60)
            }
        }
    }

    /// The standard (winter) offset: the smaller of the offsets in January and July. (The
    /// zone data's own "base" offset will not do: Ireland's is its summer time.)
    pub fn usual_offset(self) -> UtcOffset {
        let on = |month| self.offset_on(NaiveDate::from_ymd_opt(2027, month, 1).expect("a day"));
        on(1).min(on(7))
    }

    /// The IANA name, where the zone is one.
    pub fn zone_name(self) -> Option<&'static str> {
        match self {
            TimeZone::Zone(zone) => Some(zone.name()),
            TimeZone::Fixed(_) => None,
        }
    }

    /// The zone as stored: its usual offset in minutes and its IANA name, if any.
    pub fn from_stored(minutes: i32, name: Option<&str>) -> Option<TimeZone> {
        match name {
            Some(name) => TimeZone::named(name),
            None => Some(TimeZone::Fixed(UtcOffset(minutes))),
        }
    }
}

impl fmt::Display for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeZone::Zone(zone) => f.write_str(zone.name()),
            TimeZone::Fixed(offset) => offset.fmt(f),
        }
    }
}

/// Days across a term on which two zones are compared: its first day, the first of each
/// month after it and its last day, so that every change of clocks inside the term is seen.
pub fn days_of_term(starts_on: NaiveDate, ends_on: NaiveDate) -> Vec<NaiveDate> {
    use chrono::Datelike;
    let mut days = vec![starts_on];
    let mut day = starts_on.with_day(1).expect("the first exists");
    while let Some(next) = day.checked_add_months(chrono::Months::new(1)) {
        if next >= ends_on {
            break;
        }
        days.push(next);
        day = next;
    }
    if ends_on > starts_on {
        days.push(ends_on);
    }
    days
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UtcOffset(pub i32);

impl UtcOffset {
    pub fn minutes(self) -> i32 {
        self.0
    }

    pub fn parse(text: &str) -> Result<UtcOffset, DomainError> {
        let bad = || {
            DomainError::Invalid(format!(
                "{:?} is not a UTC offset; write it like UTC+10, UTC-03:30 or +05:45",
                text.trim()
            ))
        };
        let t = text.trim().to_ascii_uppercase();
        let rest = t
            .strip_prefix("UTC")
            .or_else(|| t.strip_prefix("GMT"))
            .unwrap_or(&t)
            .trim();
        if rest.is_empty() {
            return Ok(UtcOffset(0));
        }
        let (sign, digits) = match rest.as_bytes()[0] {
            b'+' => (1, &rest[1..]),
            b'-' => (-1, &rest[1..]),
            // U+2212 MINUS SIGN, which spreadsheets like to produce.
            _ if rest.starts_with('\u{2212}') => (-1, &rest['\u{2212}'.len_utf8()..]),
            _ => return Err(bad()),
        };
        let (h, m) = match digits.split_once(':') {
            Some((h, m)) => (h, m),
            // "+0530": four digits, hours then minutes.
            None if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) => {
                digits.split_at(2)
            }
            None => (digits, "0"),
        };
        let h: i32 = h.trim().parse().map_err(|_| bad())?;
        let m: i32 = m.trim().parse().map_err(|_| bad())?;
        if !(0..=14).contains(&h) || !(0..60).contains(&m) {
            return Err(bad());
        }
        let minutes = sign * (h * 60 + m);
        if !(-720..=840).contains(&minutes) {
            return Err(bad());
        }
        Ok(UtcOffset(minutes))
    }

    /// Hours two people's working days (09:00–17:00 local) share, 0 to 8.
    pub fn working_overlap_hours(self, other: UtcOffset) -> u32 {
        (8 * 60 - self.gap_minutes(other) as i32).max(0) as u32 / 60
    }

    /// Minutes between two offsets, the short way round the globe (across the date line
    /// when that is shorter).
    fn gap_minutes(self, other: UtcOffset) -> u32 {
        let gap = (self.0 - other.0).unsigned_abs() % (24 * 60);
        gap.min(24 * 60 - gap)
    }

    /// The gap in whole hours, the short way round the globe.
    pub fn gap_hours(self, other: UtcOffset) -> u32 {
        self.gap_minutes(other) / 60
    }
}

impl fmt::Display for UtcOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { '-' } else { '+' };
        let m = self.0.abs();
        if m % 60 == 0 {
            write!(f, "UTC{sign}{}", m / 60)
        } else {
            write!(f, "UTC{sign}{}:{:02}", m / 60, m % 60)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by fuzzing: four bytes that are not four digits ("2ԈY") were split in the
    /// middle of a character, a panic that stopped the whole import.
    #[test]
    fn four_bytes_that_are_not_digits_are_refused_not_split() {
        for text in ["UTC+2ԈY", "+ԈԈ", "-1é2"] {
            assert!(UtcOffset::parse(text).is_err(), "{text}");
        }
        assert_eq!(UtcOffset::parse("+0530").unwrap().minutes(), 330);
    }

    #[test]
    fn parses_survey_spellings() {
        assert_eq!(UtcOffset::parse("UTC+10").unwrap(), UtcOffset(600));
        assert_eq!(UtcOffset::parse("gmt-3").unwrap(), UtcOffset(-180));
        assert_eq!(UtcOffset::parse("+05:30").unwrap(), UtcOffset(330));
        assert_eq!(UtcOffset::parse("UTC").unwrap(), UtcOffset(0));
        assert_eq!(UtcOffset::parse("+0545").unwrap(), UtcOffset(345));
        assert!(UtcOffset::parse("UTC+15").is_err());
        assert!(UtcOffset::parse("Sydney").is_err());
        assert_eq!(UtcOffset(330).to_string(), "UTC+5:30");
        assert_eq!(UtcOffset(-180).to_string(), "UTC-3");
    }

    #[test]
    fn named_zones_follow_daylight_saving() {
        let sydney = TimeZone::named("australia/sydney").unwrap();
        let los_angeles = TimeZone::named("America/Los_Angeles").unwrap();
        let jan = NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
        let jul = NaiveDate::from_ymd_opt(2027, 7, 15).unwrap();
        assert_eq!(sydney.offset_on(jan), UtcOffset(660));
        assert_eq!(sydney.offset_on(jul), UtcOffset(600));
        assert_eq!(sydney.usual_offset(), UtcOffset(600));
        assert_eq!(
            TimeZone::named("Europe/Dublin").unwrap().usual_offset(),
            UtcOffset(0)
        );
        // Both move their clocks, in opposite seasons: 3 h shared in January, 1 in July.
        let overlap = |d| {
            sydney
                .offset_on(d)
                .working_overlap_hours(los_angeles.offset_on(d))
        };
        assert_eq!((overlap(jan), overlap(jul)), (3, 1));
        let fixed = TimeZone::Fixed(UtcOffset(330));
        assert_eq!(fixed.offset_on(jan), fixed.offset_on(jul));
        assert_eq!(fixed.to_string(), "UTC+5:30");
        assert_eq!(sydney.to_string(), "Australia/Sydney");
        assert_eq!(
            TimeZone::from_stored(600, Some("Australia/Sydney")),
            Some(sydney)
        );
        assert_eq!(TimeZone::from_stored(330, None), Some(fixed));
    }

    #[test]
    fn term_days_see_every_month() {
        let d = |m, day| NaiveDate::from_ymd_opt(2027, m, day).unwrap();
        assert_eq!(
            days_of_term(d(2, 15), d(6, 15)),
            vec![d(2, 15), d(3, 1), d(4, 1), d(5, 1), d(6, 1), d(6, 15)]
        );
        assert_eq!(days_of_term(d(2, 15), d(2, 15)), vec![d(2, 15)]);
    }

    #[test]
    fn overlap_takes_the_short_way_round() {
        assert_eq!(UtcOffset(0).working_overlap_hours(UtcOffset(60)), 7);
        assert_eq!(UtcOffset(600).working_overlap_hours(UtcOffset(-600)), 4);
        assert_eq!(UtcOffset(-300).working_overlap_hours(UtcOffset(480)), 0);
        assert_eq!(UtcOffset(720).gap_hours(UtcOffset(-660)), 1);
    }
}
