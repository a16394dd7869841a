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
    /// Carried over (deferred or left unmatched last time): placed before the others.
    pub priority: bool,
    pub status: ApplicationStatus,
    /// In a draft or running partnership: never deferred, since that would leave a partner
    /// alone; counted among the country's accepted.
    pub partnered: bool,
    /// The status the coordinator set against the cap for this one applicant, if any.
    pub hold: Option<ApplicationStatus>,
}

/// What applying the cap does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CapOutcome {
    /// The applications whose status changes, in id order.
    pub changes: Vec<(ApplicationId, ApplicationStatus)>,
    /// Applications in a partnership that submission order alone would have deferred.
    pub left_alone: Vec<ApplicationId>,
}

/// How many applicants one country may have accepted: `cap_percent` of the applicants who
/// count ([`ApplicationStatus::is_live`]), rounded down, and never fewer than one.
pub fn country_limit(applicants: usize, cap_percent: u32) -> usize {
    (applicants * cap_percent as usize / 100).max(1)
}

/// Decides accept or defer for every application it counts (not withdrawn, not an
/// invitation waiting for its application). Per country, those
/// in a partnership and those the coordinator holds accepted keep their place; the others
/// fill what is left of the country's `limit`, those with priority first, then in
/// submission order (ties by id); the rest, and those held deferred, are deferred.
pub fn apply(entries: &[CapEntry<'_>], cap_percent: u32) -> CapOutcome {
    let mut live: Vec<&CapEntry> = entries.iter().filter(|e| e.status.is_live()).collect();
    let limit = country_limit(live.len(), cap_percent);
    live.sort_by_key(|e| (e.country, !e.priority, e.submitted_at, e.id));
    let mut out = CapOutcome::default();
    for country in live.chunk_by(|a, b| a.country == b.country) {
        // In a partnership and accepted (a draft member the coordinator deferred is theirs
        // to decide), or held accepted.
        let kept = |e: &&&CapEntry| {
            (e.partnered && e.status == ApplicationStatus::Accepted)
                || e.hold == Some(ApplicationStatus::Accepted)
        };
        let mut free = limit.saturating_sub(country.iter().filter(kept).count());
        for (rank, e) in country.iter().enumerate() {
            if e.partnered && e.status == ApplicationStatus::Accepted && rank >= limit {
                out.left_alone.push(e.id);
            }
            let wanted = if kept(&e) {
                ApplicationStatus::Accepted
            } else if e.hold == Some(ApplicationStatus::Deferred) || free == 0 {
                ApplicationStatus::Deferred
            } else {
                free -= 1;
                ApplicationStatus::Accepted
            };
            if wanted != e.status {
                out.changes.push((e.id, wanted));
            }
        }
    }
    out.changes.sort_by_key(|c| c.0);
    out.left_alone.sort();
    out
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
                priority: false,
                status: ApplicationStatus::Pending,
                partnered: false,
                hold: None,
            });
        }
        for i in 0..6 {
            entries.push(CapEntry {
                id: ApplicationId(10 + i),
                country: ["NZ", "KE", "CL", "IN", "CA", "FJ"][i as usize],
                submitted_at: at(0),
                priority: false,
                status: ApplicationStatus::Accepted,
                partnered: false,
                hold: None,
            });
        }
        entries.push(CapEntry {
            id: ApplicationId(30),
            country: "AU",
            submitted_at: at(0),
            priority: false,
            status: ApplicationStatus::Withdrawn,
            partnered: false,
            hold: None,
        });
        let out = apply(&entries, 20);
        assert!(out.left_alone.is_empty());
        assert_eq!(
            out.changes,
            vec![
                (ApplicationId(1), ApplicationStatus::Deferred),
                (ApplicationId(2), ApplicationStatus::Accepted),
                (ApplicationId(3), ApplicationStatus::Deferred),
                (ApplicationId(4), ApplicationStatus::Accepted),
            ]
        );
    }

    /// Carried over from the round before, they are not deferred again for a late
    /// submission: priority goes first.
    #[test]
    fn priority_goes_before_submission_order() {
        let mut entries: Vec<CapEntry> = (0..10)
            .map(|i| CapEntry {
                id: ApplicationId(i + 1),
                country: if i < 4 {
                    "AU"
                } else {
                    ["NZ", "KE", "CL", "IN", "CA", "FJ"][i as usize - 4]
                },
                submitted_at: at(i as u32),
                priority: false,
                status: ApplicationStatus::Pending,
                partnered: false,
                hold: None,
            })
            .collect();
        // The last Australian to apply had priority.
        entries[3].priority = true;
        let out = apply(&entries, 20);
        let deferred: Vec<ApplicationId> = out
            .changes
            .iter()
            .filter(|c| c.1 == ApplicationStatus::Deferred)
            .map(|c| c.0)
            .collect();
        assert_eq!(deferred, [ApplicationId(2), ApplicationId(3)]);
    }

    #[test]
    fn partnered_and_held_applicants_keep_their_place() {
        // 10 live: 2 per country. AU applied at 1, 2, 3, 4; the one at 4 is in a partnership,
        // the one at 3 is held accepted by hand; so the one at 2 is deferred, and the one at
        // 1 too, held deferred by hand. NZ's one is fine.
        let au = |id: i64, m: u32, partnered: bool, hold: Option<ApplicationStatus>| CapEntry {
            id: ApplicationId(id),
            country: "AU",
            submitted_at: at(m),
            priority: false,
            status: ApplicationStatus::Accepted,
            partnered,
            hold,
        };
        let mut entries = vec![
            au(1, 1, false, Some(ApplicationStatus::Deferred)),
            au(2, 2, false, None),
            au(3, 3, false, Some(ApplicationStatus::Accepted)),
            au(4, 4, true, None),
        ];
        for i in 0..6 {
            entries.push(CapEntry {
                id: ApplicationId(10 + i),
                country: ["NZ", "KE", "CL", "IN", "CA", "FJ"][i as usize],
                submitted_at: at(0),
                priority: false,
                status: ApplicationStatus::Accepted,
                partnered: false,
                hold: None,
            });
        }
        let out = apply(&entries, 20);
        assert_eq!(
            out.changes,
            vec![
                (ApplicationId(1), ApplicationStatus::Deferred),
                (ApplicationId(2), ApplicationStatus::Deferred),
            ]
        );
        assert_eq!(out.left_alone, vec![ApplicationId(4)]);
    }

    #[test]
    fn limit_is_never_zero() {
        assert_eq!(country_limit(3, 20), 1);
        assert_eq!(country_limit(860, 20), 172);
    }
}
