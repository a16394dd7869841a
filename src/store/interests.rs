//! The program's own list of interests: every spelling a survey offered, with how many
//! applications name it, and the merging of two spellings into one.

use rusqlite::{OptionalExtension, params};
use serde_json::json;

use super::{Changes, Result, Store, StoreError};
use crate::domain::RoundId;
use crate::text::counted;

/// One interest of the program's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterestEntry {
    pub id: i64,
    /// Bumped by every change to the entry, so that a merge chosen on an older list is refused.
    pub version: i64,
    pub name: String,
    /// Applications naming it, in every round.
    pub applications: usize,
    /// Of those, applications of the round asked about.
    pub in_round: usize,
}

impl Store {
    /// The program's interests, most named first, with their counts overall and in `round`.
    pub fn interests(&self, round: Option<RoundId>) -> Result<Vec<InterestEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT i.id, i.version, i.name, count(a.id), count(a.id) FILTER (WHERE a.round_id = ?1)
             FROM interests i
             LEFT JOIN application_interests ai ON ai.interest_id = i.id
             LEFT JOIN applications a ON a.id = ai.application_id
             GROUP BY i.id
             ORDER BY count(a.id) DESC, i.name COLLATE NOCASE, i.id",
        )?;
        let rows = stmt.query_map([round], |r| {
            Ok(InterestEntry {
                id: r.get(0)?,
                version: r.get(1)?,
                name: r.get(2)?,
                applications: r.get::<_, i64>(3)? as usize,
                in_round: r.get::<_, i64>(4)? as usize,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Makes every application naming `from` name `into` instead, and drops `from` from the
    /// list: two spellings of one interest become one. Both are named as the coordinator saw
    /// them; a change to either since is refused.
    pub fn merge_interests(&mut self, from: &InterestEntry, into: &InterestEntry) -> Result<()> {
        if from.id == into.id {
            return Err(StoreError::Invalid(format!(
                "{:?} is the same interest; choose another to merge it into",
                from.name
            )));
        }
        self.action("interest.merge", Changes::APPLICATIONS, |tx| {
            for seen in [from, into] {
                let now: Option<(i64, String)> = tx
                    .query_row(
                        "SELECT version, name FROM interests WHERE id = ?1",
                        [seen.id],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                match now {
                    Some((version, _)) if version == seen.version => {}
                    Some((_, name)) => {
                        return Err(StoreError::Stale(format!(
                            "the interest {:?} changed since it was shown (now {name:?})",
                            seen.name
                        )));
                    }
                    None => {
                        return Err(StoreError::Stale(format!(
                            "the interest {:?} is no longer on the list; it was merged or \
                             removed since it was shown",
                            seen.name
                        )));
                    }
                }
            }
            // Views holding these applications read them again.
            let moved = tx.execute(
                "UPDATE applications SET version = version + 1
                 WHERE id IN (SELECT application_id FROM application_interests
                              WHERE interest_id = ?1)",
                [from.id],
            )?;
            // An application naming both keeps the one it named first, under the new name.
            tx.execute(
                "DELETE FROM application_interests
                 WHERE interest_id = ?1
                   AND application_id IN (SELECT application_id FROM application_interests
                                          WHERE interest_id = ?2)
                   AND position > (SELECT position FROM application_interests o
                                   WHERE o.interest_id = ?2
                                     AND o.application_id = application_interests.application_id)",
                params![from.id, into.id],
            )?;
            tx.execute(
                "DELETE FROM application_interests
                 WHERE interest_id = ?2
                   AND application_id IN (SELECT application_id FROM application_interests
                                          WHERE interest_id = ?1)",
                params![from.id, into.id],
            )?;
            tx.execute(
                "UPDATE application_interests SET interest_id = ?2 WHERE interest_id = ?1",
                params![from.id, into.id],
            )?;
            // The spelling given up, and those merged into it before, now mean `into`.
            tx.execute(
                "UPDATE interest_aliases SET interest_id = ?2 WHERE interest_id = ?1",
                params![from.id, into.id],
            )?;
            tx.execute(
                "INSERT OR REPLACE INTO interest_aliases (key, interest_id)
                 SELECT key, ?2 FROM interests WHERE id = ?1",
                params![from.id, into.id],
            )?;
            tx.execute("DELETE FROM interests WHERE id = ?1", [from.id])?;
            tx.execute(
                "UPDATE interests SET version = version + 1 WHERE id = ?1",
                [into.id],
            )?;
            Ok((
                (),
                format!(
                    "merged the interest {:?} into {:?} ({})",
                    from.name,
                    into.name,
                    counted(moved, "application", "applications")
                ),
                json!({"from": from.id, "into": into.id, "applications": moved}),
            ))
        })
    }
}
