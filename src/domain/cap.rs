//! The country cap: when more than a set share of a round's applicants come from one
//! country, those who applied first are accepted and the rest deferred to the next round.

use chrono::NaiveDateTime;

use super::{ApplicationId, ApplicationStatus};

/// What the cap needs to know about one application.
#[derive(Clone, Debug)]
pub struct CapEntry<'a> {
    pub id: ApplicationId,
    pub country: &'a str,
    pub submitted_at: NaiveDateTime,
    pub status: ApplicationStatus,
}

/// How many applicants one country may have accepted: `cap_percent` of the applicants who
/// have not withdrawn, rounded down, and never fewer than one.
pub fn country_limit(applicants: usize, cap_percent: u32) -> usize {
    (applicants * cap_percent as usize / 100).max(1)
}

/// Decides accept or defer for every application that has not withdrawn: per country, the
/// first `limit` by submission time (ties by id) are accepted, the rest deferred. Returns
/// only the applications whose status changes, in id order.
pub fn apply(
    entries: &[CapEntry<'_>],
    cap_percent: u32,
) -> Vec<(ApplicationId, ApplicationStatus)> {
    let mut live: Vec<&CapEntry> = entries
        .iter()
        .filter(|e| e.status != ApplicationStatus::Withdrawn)
        .collect();
    let limit = country_limit(live.len(), cap_percent);
    live.sort_by(|a, b| (a.country, a.submitted_at, a.id).cmp(&(b.country, b.submitted_at, b.id)));
    let mut changes = Vec::new();
    let mut rank = 0;
    let mut country = "";
    for e in live {
        if e.country != country {
            country = e.country;
            rank = 0;
        }
        rank += 1;
        let wanted = if rank <= limit {
            ApplicationStatus::Accepted
        } else {
            ApplicationStatus::Deferred
        };
        if wanted != e.status {
            changes.push((e.id, wanted));
        }
    }
    changes.sort_by_key(|c| c.0);
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2027, 3, 1)
            .unwrap()
            .and_hms_opt(9, minute, 0)
            .unwrap()
    }

    #[test]
    fn first_come_within_the_cap_rest_deferred() {
        // 10 live applicants, cap 20% → 2 per country. Four from AU, applied at 4, 1, 3, 2.
        let mut entries = Vec::new();
        for (i, m) in [4, 1, 3, 2].into_iter().enumerate() {
            entries.push(CapEntry {
                id: ApplicationId(i as i64 + 1),
                country: "AU",
                submitted_at: at(m),
                status: ApplicationStatus::Pending,
            });
        }
        for i in 0..6 {
            entries.push(CapEntry {
                id: ApplicationId(10 + i),
                country: ["NZ", "KE", "CL", "IN", "CA", "FJ"][i as usize],
                submitted_at: at(0),
                status: ApplicationStatus::Accepted,
            });
        }
        entries.push(CapEntry {
            id: ApplicationId(30),
            country: "AU",
            submitted_at: at(0),
            status: ApplicationStatus::Withdrawn,
        });
        let changes = apply(&entries, 20);
        assert_eq!(
            changes,
            vec![
                (ApplicationId(1), ApplicationStatus::Deferred),
                (ApplicationId(2), ApplicationStatus::Accepted),
                (ApplicationId(3), ApplicationStatus::Deferred),
                (ApplicationId(4), ApplicationStatus::Accepted),
            ]
        );
    }

    #[test]
    fn limit_is_never_zero() {
        assert_eq!(country_limit(3, 20), 1);
        assert_eq!(country_limit(860, 20), 172);
    }
}
