//! The audit log: one row per coordinator action, written in the action's transaction.

use rusqlite::{Transaction, params};

use super::{Result, Store};

#[derive(Clone, Debug, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub action: String,
    pub summary: String,
    pub detail: serde_json::Value,
}

pub(super) fn record(
    tx: &Transaction,
    action: &str,
    summary: &str,
    detail: &serde_json::Value,
) -> Result<()> {
    tx.execute(
        "INSERT INTO audit_log (action, summary, detail) VALUES (?1, ?2, ?3)",
        params![action, summary, detail.to_string()],
    )?;
    Ok(())
}

impl Store {
    /// The newest `limit` entries, newest first, the applicants they refer to by name.
    pub fn audit_log(&self, limit: usize) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, at, action, summary, detail FROM audit_log ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            let detail: String = r.get(4)?;
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                action: r.get(2)?,
                summary: r.get(3)?,
                detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
            })
        })?;
        let mut entries: Vec<AuditEntry> = rows.collect::<rusqlite::Result<_>>()?;
        for entry in &mut entries {
            entry.summary = super::people::named(&self.conn, &entry.summary)?;
        }
        Ok(entries)
    }
}
