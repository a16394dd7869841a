//! The next round from an earlier one: a new round with an invitation for each person the
//! earlier one deferred, left unmatched, or whose partnership ended early without a rematch.

use rusqlite::params;
use serde_json::json;

use super::rounds::{insert_round, read_round};
use super::{Changes, Result, Store};
use crate::domain::{Round, RoundId, RoundPlan, RoundStatus};
use crate::text::counted;

/// Who a new round invited, by why.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Invited {
    pub deferred: usize,
    pub unmatched: usize,
    pub ended_early: usize,
}

impl Invited {
    pub fn total(&self) -> usize {
        self.deferred + self.unmatched + self.ended_early
    }
}

/// Those of the round to invite for one reason: application ids, by a query over the round.
const DEFERRED: &str = "SELECT id FROM applications WHERE round_id = ?1 AND status = 'deferred'";

/// Accepted, and in no partnership that ran (or runs): matched by nobody.
const UNMATCHED: &str = "
    SELECT a.id FROM applications a
    WHERE a.round_id = ?1 AND a.status = 'accepted'
      AND NOT EXISTS (SELECT 1 FROM partnership_members m
                      JOIN partnerships p ON p.id = m.partnership_id
                      WHERE m.application_id = a.id
                        AND p.status IN ('active', 'ended', 'ended_early'))";

/// Accepted, with a partnership that ended early and none after it.
const ENDED_EARLY: &str = "
    SELECT a.id FROM applications a
    WHERE a.round_id = ?1 AND a.status = 'accepted'
      AND EXISTS (SELECT 1 FROM partnership_members m
                  JOIN partnerships p ON p.id = m.partnership_id
                  WHERE m.application_id = a.id AND p.status = 'ended_early')
      AND NOT EXISTS (SELECT 1 FROM partnership_members m
                      JOIN partnerships p ON p.id = m.partnership_id
                      WHERE m.application_id = a.id AND p.status IN ('active', 'ended'))";

impl Store {
    /// Creates a round from `plan` with an invitation for each person `from` deferred, left
    /// unmatched, or whose partnership ended early without a rematch (the last two once its
    /// partnerships are published). An invitation copies the person's application and waits,
    /// with priority, for their new one. One action, audited.
    pub fn create_round_from(
        &mut self,
        plan: &RoundPlan,
        from: RoundId,
    ) -> Result<(Round, Invited)> {
        plan.validate()?;
        self.action(
            "round.create_from",
            Changes::ROUNDS | Changes::APPLICATIONS,
            |tx| {
                let previous = read_round(tx, from)?;
                let round = insert_round(tx, plan)?;
                let published = matches!(
                    previous.plan.status,
                    RoundStatus::Active | RoundStatus::Ended
                );
                let mut invited = Invited::default();
                let reasons: [(&str, &str, &mut usize); 3] = [
                    (
                        DEFERRED,
                        "deferred by the country cap",
                        &mut invited.deferred,
                    ),
                    (UNMATCHED, "left unmatched", &mut invited.unmatched),
                    (
                        ENDED_EARLY,
                        "partnership ended early, not rematched",
                        &mut invited.ended_early,
                    ),
                ];
                for (query, why, count) in reasons {
                    if query != DEFERRED && !published {
                        continue;
                    }
                    let ids: Vec<i64> = {
                        let mut stmt = tx.prepare(query)?;
                        stmt.query_map([from], |r| r.get(0))?
                            .collect::<rusqlite::Result<_>>()?
                    };
                    let note = format!("Invited from {}: {why}.", previous.plan.name);
                    for old in ids {
                        let added = tx.execute(
                        "INSERT OR IGNORE INTO applications (round_id, person_id, name, country,
                                city, utc_offset_minutes, sector, role, career_stage, languages,
                                wish_sectors, wish_stage, wish_place, consent, submitted_at,
                                status, priority, notes, time_zone)
                         SELECT ?1, person_id, name, country, city, utc_offset_minutes, sector,
                                role, career_stage, languages, wish_sectors, wish_stage,
                                wish_place, consent, submitted_at, 'invited', 1, ?3, time_zone
                         FROM applications WHERE id = ?2",
                        params![round.id, old, note],
                    )?;
                        if added == 0 {
                            continue;
                        }
                        let new = tx.last_insert_rowid();
                        tx.execute(
                        "INSERT INTO application_interests (application_id, interest_id, position)
                         SELECT ?1, interest_id, position FROM application_interests
                         WHERE application_id = ?2",
                        params![new, old],
                    )?;
                        *count += 1;
                    }
                }
                Ok((
                    (round.clone(), invited),
                    format!(
                        "created round {} from {}, inviting {}",
                        round.plan.name,
                        previous.plan.name,
                        counted(invited.total(), "person", "people")
                    ),
                    json!({"round": round.id, "from": from, "deferred": invited.deferred,
                       "unmatched": invited.unmatched, "ended_early": invited.ended_early}),
                ))
            },
        )
    }
}
