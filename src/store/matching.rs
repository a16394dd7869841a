//! A round's draft matching: what the matcher proposes before a coordinator publishes it.

use rusqlite::params;
use serde_json::json;

use super::{Result, Store, StoreError};

impl Store {
    /// Unlocked draft partnerships of a round: what a new run would replace.
    pub fn unlocked_draft_count(&self, round_id: i64) -> Result<usize> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM partnerships
             WHERE round_id = ?1 AND status = 'draft' AND locked = 0",
            [round_id],
            |r| r.get::<_, i64>(0),
        )? as usize)
    }

    /// Replaces the round's unlocked draft partnerships with `groups` (application ids and
    /// score), in one transaction. Locked drafts and published partnerships stay as they are.
    /// Returns how many drafts were replaced.
    pub fn replace_draft_matching(
        &mut self,
        round_id: i64,
        groups: &[(Vec<i64>, i64)],
        summary: &str,
    ) -> Result<usize> {
        self.round(round_id)?;
        self.action("matching.draft", |tx| {
            let replaced = tx.execute(
                "DELETE FROM partnerships WHERE round_id = ?1 AND status = 'draft' AND locked = 0",
                [round_id],
            )?;
            let mut insert = tx.prepare(
                "INSERT INTO partnerships (round_id, status, score, locked)
                 VALUES (?1, 'draft', ?2, 0)",
            )?;
            let mut member = tx.prepare(
                "INSERT INTO partnership_members (partnership_id, application_id)
                 SELECT ?1, id FROM applications
                 WHERE id = ?2 AND round_id = ?3 AND status = 'accepted'",
            )?;
            for (members, score) in groups {
                insert.execute(params![round_id, score])?;
                let id = tx.last_insert_rowid();
                for &m in members {
                    if member.execute(params![id, m, round_id])? != 1 {
                        return Err(StoreError::Invalid(format!(
                            "application {m} is not an accepted application of this round"
                        )));
                    }
                }
            }
            // A person is in at most one live partnership of a round.
            let doubled: Option<i64> = tx
                .query_row(
                    "SELECT m.application_id FROM partnership_members m
                     JOIN partnerships p ON p.id = m.partnership_id
                     WHERE p.round_id = ?1 AND p.status IN ('draft', 'active')
                     GROUP BY m.application_id HAVING count(*) > 1 LIMIT 1",
                    [round_id],
                    |r| r.get(0),
                )
                .ok();
            if let Some(app) = doubled {
                return Err(StoreError::Invalid(format!(
                    "application {app} would be in two partnerships"
                )));
            }
            Ok((
                replaced,
                summary.to_string(),
                json!({"round": round_id, "replaced": replaced, "groups": groups.len()}),
            ))
        })
    }
}
