//! One person across the program: everything held about them, for a request to see it, and
//! their erasure, which keeps every round's figures right. Also the references to people
//! in the audit log and the undo history, which hold ids and are given names when read, so
//! that an erased person's name is nowhere in the file.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde_json::{Value, json};

use super::{Changes, Result, Store, StoreError};
use crate::domain::{ApplicationId, PersonId};

/// What an erased person is called wherever their name was.
pub const ERASED_NAME: &str = "Erased person";

/// A reference to an application in a stored summary, named when the summary is read.
pub(super) fn application_ref(id: ApplicationId) -> String {
    format!("{{application:{}}}", id.0)
}

/// `{application:12} & {application:40}`: the members of a partnership, for a summary.
pub(super) fn applications_ref(ids: &[ApplicationId]) -> String {
    ids.iter()
        .map(|&id| application_ref(id))
        .collect::<Vec<_>>()
        .join(" & ")
}

/// `{person:3}`: a person in a stored summary, rendered by `named`.
pub(super) fn person_ref(id: PersonId) -> String {
    format!("{{person:{}}}", id.0)
}

/// `summary` with its references (`{application:N}`, `{person:N}`) replaced by the names
/// they stand for now, or by their number when the record is no longer there.
pub(super) fn named(conn: &Connection, summary: &str) -> Result<String> {
    let mut out = String::with_capacity(summary.len());
    let mut rest = summary;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        let token = &rest[at + 1..];
        let reference = token.find('}').and_then(|end| {
            let (kind, id) = token[..end].split_once(':')?;
            let table = match kind {
                "application" => "applications",
                "person" => "people",
                _ => return None,
            };
            Some((kind, table, id.parse::<i64>().ok()?, end))
        });
        let Some((kind, table, id, end)) = reference else {
            out.push('{');
            rest = token;
            continue;
        };
        let name: Option<String> = conn
            .query_row(
                &format!("SELECT name FROM {table} WHERE id = ?1"),
                [id],
                |r| r.get(0),
            )
            .optional()?;
        out.push_str(&name.unwrap_or_else(|| format!("{kind} {id}")));
        rest = &token[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// What erasing a person changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Erased {
    pub person: PersonId,
    pub applications: usize,
    pub rounds: usize,
}

impl Store {
    /// Everything held about the person, as JSON: who they are, each application with its
    /// round, answers and status, their partnerships (partners by application number only,
    /// their data being theirs), the problems logged on those, the messages sent to them,
    /// and the audit entries about them.
    pub fn person_record(&self, id: PersonId) -> Result<Value> {
        let conn = &self.conn;
        let (email, name): (String, String) = conn
            .query_row("SELECT email, name FROM people WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("person {}", id.0)))?;
        let mut applications = Vec::new();
        let mut stmt = conn.prepare(
            "SELECT a.id, r.name, a.name, a.country, a.city, a.utc_offset_minutes, a.time_zone,
                    a.sector, a.role, a.career_stage, a.languages, a.wish_sectors, a.wish_stage,
                    a.wish_place, a.consent, a.submitted_at, a.status, a.priority, a.notes,
                    a.cap_hold,
                    (SELECT group_concat(i.name, '; ') FROM application_interests ai
                     JOIN interests i ON i.id = ai.interest_id
                     WHERE ai.application_id = a.id ORDER BY ai.position)
             FROM applications a JOIN rounds r ON r.id = a.round_id
             WHERE a.person_id = ?1 ORDER BY r.opens_on, a.id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(json!({
                "application": r.get::<_, i64>(0)?,
                "round": r.get::<_, String>(1)?,
                "name": r.get::<_, String>(2)?,
                "country": r.get::<_, String>(3)?,
                "city": r.get::<_, String>(4)?,
                "utc_offset_minutes": r.get::<_, i64>(5)?,
                "time_zone": r.get::<_, Option<String>>(6)?,
                "sector": r.get::<_, String>(7)?,
                "role": r.get::<_, String>(8)?,
                "career_stage": r.get::<_, String>(9)?,
                "languages": r.get::<_, String>(10)?,
                "wish_sectors": r.get::<_, String>(11)?,
                "wish_stage": r.get::<_, String>(12)?,
                "wish_place": r.get::<_, String>(13)?,
                "consent": r.get::<_, bool>(14)?,
                "submitted_at": r.get::<_, String>(15)?,
                "status": r.get::<_, String>(16)?,
                "priority": r.get::<_, bool>(17)?,
                "notes": r.get::<_, String>(18)?,
                "cap_hold": r.get::<_, Option<String>>(19)?,
                "interests": r.get::<_, Option<String>>(20)?.unwrap_or_default(),
            }))
        })?;
        for row in rows {
            applications.push(row?);
        }
        let mut partnerships = Vec::new();
        let mut stmt = conn.prepare(
            "SELECT p.id, r.name, p.status, p.score, p.starts_on, p.ends_on, p.end_reason,
                    (SELECT group_concat(o.application_id, ',') FROM partnership_members o
                     WHERE o.partnership_id = p.id AND o.application_id <> m.application_id)
             FROM partnership_members m
             JOIN applications a ON a.id = m.application_id
             JOIN partnerships p ON p.id = m.partnership_id
             JOIN rounds r ON r.id = p.round_id
             WHERE a.person_id = ?1 ORDER BY p.id",
        )?;
        let rows = stmt.query_map([id], |r| {
            let partner_ids: Option<String> = r.get(7)?;
            Ok(json!({
                "partnership": r.get::<_, i64>(0)?,
                "round": r.get::<_, String>(1)?,
                "status": r.get::<_, String>(2)?,
                "score": r.get::<_, Option<i64>>(3)?,
                "starts_on": r.get::<_, Option<String>>(4)?,
                "ends_on": r.get::<_, Option<String>>(5)?,
                "end_reason": r.get::<_, Option<String>>(6)?,
                "partner_applications": partner_ids
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(|s| s.parse::<i64>().ok())
                    .collect::<Vec<_>>(),
            }))
        })?;
        for row in rows {
            partnerships.push(row?);
        }
        let mut problems = Vec::new();
        let mut stmt = conn.prepare(
            "SELECT pp.partnership_id, pp.kind, pp.note, pp.logged_on, pp.follow_up_on,
                    pp.outcome, pp.outcome_note, pp.settled_on
             FROM partnership_problems pp
             WHERE pp.partnership_id IN (SELECT m.partnership_id FROM partnership_members m
                                         JOIN applications a ON a.id = m.application_id
                                         WHERE a.person_id = ?1)
             ORDER BY pp.id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(json!({
                "partnership": r.get::<_, i64>(0)?,
                "kind": r.get::<_, String>(1)?,
                "note": r.get::<_, String>(2)?,
                "logged_on": r.get::<_, String>(3)?,
                "follow_up_on": r.get::<_, Option<String>>(4)?,
                "outcome": r.get::<_, Option<String>>(5)?,
                "outcome_note": r.get::<_, Option<String>>(6)?,
                "settled_on": r.get::<_, Option<String>>(7)?,
            }))
        })?;
        for row in rows {
            problems.push(row?);
        }
        let apps = application_ids(conn, id)?;
        let mut messages = Vec::new();
        let mut stmt = conn.prepare(
            "SELECT kind, sent_at, message_id, recipients FROM sent_messages ORDER BY sent_at",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for row in rows {
            let (kind, sent_at, message_id, recipients) = row?;
            if recipients
                .split(',')
                .filter_map(|s| s.trim().parse::<i64>().ok())
                .any(|r| apps.contains(&r))
            {
                messages.push(json!({"kind": kind, "sent_at": sent_at, "message_id": message_id}));
            }
        }
        let mut audit = Vec::new();
        for entry in self.audit_log(usize::MAX)? {
            if about(&entry.detail, id, &apps) {
                audit.push(
                    json!({"at": entry.at, "action": entry.action, "summary": entry.summary}),
                );
            }
        }
        Ok(json!({
            "person": id.0,
            "email": email,
            "name": name,
            "applications": applications,
            "partnerships": partnerships,
            "problems": problems,
            "messages_sent": messages,
            "audit": audit,
        }))
    }

    /// Records in the audit log, by number, that what is held about the person was
    /// exported (to whom it went is the coordinator's to note).
    pub fn record_person_export(&mut self, id: PersonId) -> Result<()> {
        self.action("person.export", Changes::NONE, |_| {
            Ok((
                (),
                format!("exported what is held about person {}", id.0),
                json!({"person": id.0}),
            ))
        })
    }

    /// Erases the person: their name, e-mail address, city, role, notes and interests in
    /// every round, the pairs forbidden for them, and the notes of problems logged on their
    /// partnerships. What the round figures count stays (country, sector, career stage,
    /// languages, status, partnerships and scores), so that every round still adds up. Their
    /// name and address are also taken out of the audit log and the undo history written
    /// before those held ids. Afterwards the file is rewritten and its journal emptied, so
    /// that no copy of what was erased is left in it.
    pub fn erase_person(&mut self, id: PersonId) -> Result<Erased> {
        let (email, name): (String, String) = self
            .conn
            .query_row("SELECT email, name FROM people WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("person {}", id.0)))?;
        let names: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare("SELECT DISTINCT name FROM applications WHERE person_id = ?1")?;
            let rows = stmt.query_map([id], |r| r.get::<_, String>(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let erased = self.action(
            "person.erase",
            Changes::APPLICATIONS | Changes::PARTNERSHIPS,
            |tx| {
                let apps = application_ids(tx, id)?;
                let rounds: i64 = tx.query_row(
                    "SELECT count(DISTINCT round_id) FROM applications WHERE person_id = ?1",
                    [id],
                    |r| r.get(0),
                )?;
                tx.execute(
                    "UPDATE people SET name = ?2, email = 'erased-' || id || '@' || ?3
                     WHERE id = ?1",
                    params![id, ERASED_NAME, crate::domain::ERASED_DOMAIN],
                )?;
                tx.execute(
                    "UPDATE applications SET name = ?2, city = '', role = '', notes = ''
                     WHERE person_id = ?1",
                    params![id, ERASED_NAME],
                )?;
                tx.execute(
                    "DELETE FROM application_interests WHERE application_id IN
                     (SELECT id FROM applications WHERE person_id = ?1)",
                    [id],
                )?;
                tx.execute(
                    "DELETE FROM forbidden_pairs WHERE ?1 IN (person_a, person_b)",
                    [id],
                )?;
                tx.execute(
                    "UPDATE partnership_problems SET note = '',
                            outcome_note = CASE WHEN outcome_note IS NULL THEN NULL ELSE '' END
                     WHERE partnership_id IN (SELECT m.partnership_id FROM partnership_members m
                                              JOIN applications a ON a.id = m.application_id
                                              WHERE a.person_id = ?1)",
                    [id],
                )?;
                // Entries about them written before the audit log held ids only may hold
                // their answers as they were.
                for app in &apps {
                    tx.execute(
                        "UPDATE audit_log
                         SET detail = json_remove(detail, '$.before', '$.after', '$.name',
                                                  '$.email')
                         WHERE json_extract(detail, '$.application') = ?1",
                        [app],
                    )?;
                }
                let mut words: Vec<&str> = names.iter().map(String::as_str).collect();
                words.push(&name);
                words.push(&email);
                scrub(tx, &words, &format!("{ERASED_NAME} {}", id.0))?;
                Ok((
                    Erased {
                        person: id,
                        applications: apps.len(),
                        rounds: rounds as usize,
                    },
                    format!("erased person {}", id.0),
                    json!({"person": id.0, "applications": apps}),
                ))
            },
        )?;
        // The file is rebuilt without the pages the old text was on, and the journal, which
        // still holds pages as they were, checkpointed and emptied.
        self.conn.execute_batch("VACUUM")?;
        let busy: i64 = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        if busy != 0 {
            return Err(StoreError::Invalid(
                "the person is erased, but another iln has the database open, so old copies \
                 of the data may stay in its journal until it closes; close it and run the \
                 erase again"
                    .into(),
            ));
        }
        Ok(erased)
    }
}

fn application_ids(conn: &Connection, person: PersonId) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare("SELECT id FROM applications WHERE person_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([person], |r| r.get::<_, i64>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether an audit entry's detail names the person or one of their applications.
fn about(detail: &Value, person: PersonId, apps: &[i64]) -> bool {
    let is = |key: &str, ids: &dyn Fn(i64) -> bool| match detail.get(key) {
        Some(Value::Number(n)) => n.as_i64().is_some_and(ids),
        Some(Value::Array(list)) => list.iter().any(|v| v.as_i64().is_some_and(ids)),
        _ => false,
    };
    is("person", &|n| n == person.0)
        || is("application", &|n| apps.contains(&n))
        || is("applications", &|n| apps.contains(&n))
}

/// Replaces each of `words` (names, an address) with `instead` in the free text of the
/// audit log and the undo history, where entries written before they held ids kept names.
fn scrub(tx: &Transaction, words: &[&str], instead: &str) -> Result<()> {
    for word in words.iter().filter(|w| w.trim().len() > 1) {
        tx.execute(
            "UPDATE audit_log SET summary = replace(summary, ?1, ?2) WHERE instr(summary, ?1) > 0",
            params![word, instead],
        )?;
        tx.execute(
            "UPDATE draft_history SET summary = replace(summary, ?1, ?2)
             WHERE instr(summary, ?1) > 0",
            params![word, instead],
        )?;
        // In the detail the word is as JSON writes it, so the detail stays valid JSON.
        let quoted = serde_json::to_string(word).expect("a string serialises");
        tx.execute(
            "UPDATE audit_log SET detail = replace(detail, ?1, ?2) WHERE instr(detail, ?1) > 0",
            params![&quoted[1..quoted.len() - 1], instead],
        )?;
    }
    Ok(())
}
