//! Partnerships, their members, past partners and forbidden pairs.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};
use serde_json::json;

use super::{Changes, Result, Store, StoreError, stored};
use crate::domain::{
    ApplicationId, Partnership, PartnershipId, PartnershipStatus, PersonId, RoundId,
};

/// A partnership to be written.
#[derive(Clone, Debug, PartialEq)]
pub struct NewPartnership {
    pub status: PartnershipStatus,
    pub score: Option<i64>,
    pub locked: bool,
    /// Application ids of the members: two, or three for a trio.
    pub members: Vec<ApplicationId>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
}

const PARTNERSHIP_SELECT: &str = "
    SELECT p.id, p.round_id, p.status, p.score, p.locked, p.starts_on, p.ends_on, p.end_reason,
           (SELECT group_concat(application_id, ',') FROM
               (SELECT application_id FROM partnership_members
                WHERE partnership_id = p.id ORDER BY application_id)),
           p.version
    FROM partnerships p";

fn partnership_from_row(r: &Row) -> rusqlite::Result<Partnership> {
    let status: String = r.get(2)?;
    let members: String = r.get(8)?;
    Ok(Partnership {
        id: r.get(0)?,
        version: r.get(9)?,
        round_id: r.get(1)?,
        status: stored(PartnershipStatus::from_code(&status), "status", &status)?,
        score: r.get(3)?,
        locked: r.get(4)?,
        starts_on: r.get(5)?,
        ends_on: r.get(6)?,
        end_reason: r.get(7)?,
        members: members.split(',').filter_map(|m| m.parse().ok()).collect(),
    })
}

impl Store {
    /// Writes partnerships for a round in one transaction (used by the matcher, publishing
    /// and demo data).
    pub fn create_partnerships(
        &mut self,
        round_id: RoundId,
        items: &[NewPartnership],
        summary: &str,
    ) -> Result<Vec<PartnershipId>> {
        for p in items {
            if !(2..=3).contains(&p.members.len()) {
                return Err(StoreError::Invalid(format!(
                    "a partnership has two or three members, not {}",
                    p.members.len()
                )));
            }
        }
        self.action("partnerships.create", Changes::PARTNERSHIPS, |tx| {
            let mut ids = Vec::with_capacity(items.len());
            let mut insert = tx.prepare(
                "INSERT INTO partnerships (round_id, status, score, locked, starts_on, ends_on,
                                           end_reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut member = tx.prepare(
                "INSERT INTO partnership_members (partnership_id, application_id)
                 SELECT ?1, id FROM applications WHERE id = ?2 AND round_id = ?3",
            )?;
            for p in items {
                insert.execute(params![
                    round_id,
                    p.status.code(),
                    p.score,
                    p.locked,
                    p.starts_on,
                    p.ends_on,
                    p.end_reason
                ])?;
                let id = PartnershipId(tx.last_insert_rowid());
                for &m in &p.members {
                    if member.execute(params![id, m, round_id])? != 1 {
                        return Err(StoreError::Invalid(format!(
                            "application {m} is not in round {round_id}"
                        )));
                    }
                }
                ids.push(id);
            }
            Ok((
                ids.clone(),
                summary.to_string(),
                json!({"round": round_id, "partnerships": ids}),
            ))
        })
    }

    /// One partnership, members ascending.
    pub fn partnership(&self, id: PartnershipId) -> Result<Partnership> {
        self.conn
            .query_row(
                &format!("{PARTNERSHIP_SELECT} WHERE p.id = ?1"),
                [id],
                partnership_from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("partnership {id}")))
    }

    /// A round's partnerships, in id order, members ascending.
    pub fn partnerships(&self, round_id: RoundId) -> Result<Vec<Partnership>> {
        let mut stmt = self.conn.prepare(&format!(
            "{PARTNERSHIP_SELECT} WHERE p.round_id = ?1 ORDER BY p.id"
        ))?;
        let rows = stmt.query_map([round_id], partnership_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every pair of people who have been partners (in a partnership that was published),
    /// in any round: person ids, smaller first, sorted.
    pub fn past_partners(&self) -> Result<Vec<(PersonId, PersonId)>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT min(a1.person_id, a2.person_id), max(a1.person_id, a2.person_id)
             FROM partnerships p
             JOIN partnership_members m1 ON m1.partnership_id = p.id
             JOIN partnership_members m2 ON m2.partnership_id = p.id
                                         AND m2.application_id > m1.application_id
             JOIN applications a1 ON a1.id = m1.application_id
             JOIN applications a2 ON a2.id = m2.application_id
             WHERE p.status <> 'draft'
             ORDER BY 1, 2",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records that two people must never be paired.
    pub fn forbid_pair(
        &mut self,
        person_a: PersonId,
        person_b: PersonId,
        reason: &str,
    ) -> Result<()> {
        if person_a == person_b {
            return Err(StoreError::Invalid(
                "a pair needs two different people".into(),
            ));
        }
        let (a, b) = (person_a.min(person_b), person_a.max(person_b));
        self.action("pair.forbid", Changes::PARTNERSHIPS, |tx| {
            tx.execute(
                "INSERT INTO forbidden_pairs (person_a, person_b, reason) VALUES (?1, ?2, ?3)
                 ON CONFLICT DO UPDATE SET reason = excluded.reason",
                params![a, b, reason],
            )?;
            Ok((
                (),
                format!("forbade pairing people {a} and {b}"),
                json!({"person_a": a, "person_b": b, "reason": reason}),
            ))
        })
    }

    /// Forbidden pairs: person ids (smaller first) and the reason, sorted.
    pub fn forbidden_pairs(&self) -> Result<Vec<(PersonId, PersonId, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT person_a, person_b, reason FROM forbidden_pairs ORDER BY person_a, person_b",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
