//! A participant's working time zone, kept as a fixed offset from UTC: enough to compare
//! working days, and what survey answers give ("UTC+10", "GMT-3", "+05:30").

use std::fmt;

use super::DomainError;

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
            None if digits.len() == 4 => digits.split_at(2),
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

    /// The winter offset of an IANA time zone such as `Australia/Sydney`, named in any
    /// case: the smaller of its offsets in January and July. (The zone data's own "base"
    /// offset will not do: Ireland's is its summer time.)
    pub fn of_zone(name: &str) -> Option<UtcOffset> {
        use chrono::{NaiveDate, Offset, TimeZone};
        let zone = chrono_tz::Tz::from_str_insensitive(name.trim()).ok()?;
        let minutes_on = |month| {
            let noon = NaiveDate::from_ymd_opt(2027, month, 1)?.and_hms_opt(12, 0, 0)?;
            let offset = zone.offset_from_utc_datetime(&noon).fix();
            Some(offset.local_minus_utc() / 60)
        };
        Some(UtcOffset(minutes_on(1)?.min(minutes_on(7)?)))
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
    fn overlap_takes_the_short_way_round() {
        assert_eq!(UtcOffset(0).working_overlap_hours(UtcOffset(60)), 7);
        assert_eq!(UtcOffset(600).working_overlap_hours(UtcOffset(-600)), 4);
        assert_eq!(UtcOffset(-300).working_overlap_hours(UtcOffset(480)), 0);
        assert_eq!(UtcOffset(720).gap_hours(UtcOffset(-660)), 1);
    }
}
