//! What goes out to participants, as the store keeps it: the program's sender details, its
//! own text of each message template, and each message sent.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::{Changes, Result, Store, StoreError};
use crate::domain::{ApplicationId, MessageKind, PartnershipId, RoundId};

/// The program's sender details, at the version read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramSettings {
    pub name: String,
    pub email: String,
    pub signature: String,
    /// The SMTP server last sent through (`smtp://user@host:587`), offered next time.
    pub smtp_url: String,
    /// The app sends at most this many messages a minute.
    pub per_minute: u32,
    /// 0 while never saved.
    pub version: i64,
}

impl Default for ProgramSettings {
    fn default() -> ProgramSettings {
        ProgramSettings {
            name: String::new(),
            email: String::new(),
            signature: String::new(),
            smtp_url: String::new(),
            per_minute: 30,
            version: 0,
        }
    }
}

/// A template's text as the program keeps it, or the default when it keeps none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredTemplate {
    pub kind: MessageKind,
    pub text: String,
    /// 0 for the default text.
    pub version: i64,
}

/// A message recorded as sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentMessage {
    pub key: String,
    pub kind: MessageKind,
    pub partnership_id: Option<PartnershipId>,
    pub recipients: Vec<ApplicationId>,
    pub message_id: String,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub sent_at: String,
}

impl Store {
    pub fn program_settings(&self) -> Result<ProgramSettings> {
        Ok(self
            .conn
            .query_row(
                "SELECT name, email, signature, version, smtp_url, per_minute FROM program
                 WHERE id = 1",
                [],
                |r| {
                    Ok(ProgramSettings {
                        name: r.get(0)?,
                        email: r.get(1)?,
                        signature: r.get(2)?,
                        version: r.get(3)?,
                        smtp_url: r.get(4)?,
                        per_minute: r.get(5)?,
                    })
                },
            )
            .optional()?
            .unwrap_or_default())
    }

    /// Saves the program's sender details over the version the coordinator saw.
    pub fn set_program_settings(&mut self, new: &ProgramSettings) -> Result<ProgramSettings> {
        let email = new.email.trim();
        if !email.is_empty() && email.parse::<lettre::Address>().is_err() {
            return Err(StoreError::Invalid(format!(
                "{email:?} is not an e-mail address; give the address messages come from, \
                 as name@example.org"
            )));
        }
        self.action("program.settings", Changes::ROUNDS, |tx| {
            let now: i64 = tx
                .query_row("SELECT version FROM program WHERE id = 1", [], |r| r.get(0))
                .optional()?
                .unwrap_or(0);
            if now != new.version {
                return Err(StoreError::Stale(
                    "the program's settings were changed in another window".into(),
                ));
            }
            tx.execute(
                "INSERT INTO program (id, name, email, signature, smtp_url, per_minute)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name,
                     email = excluded.email, signature = excluded.signature,
                     smtp_url = excluded.smtp_url, per_minute = excluded.per_minute",
                params![
                    new.name.trim(),
                    email,
                    new.signature.trim_end(),
                    new.smtp_url.trim(),
                    new.per_minute.clamp(1, 100_000)
                ],
            )?;
            Ok((
                (),
                format!("set the program's sender to {} <{email}>", new.name.trim()),
                json!({"email": email}),
            ))
        })?;
        self.program_settings()
    }

    /// The program's text of `kind`'s template, else the default.
    pub fn template(&self, kind: MessageKind) -> Result<StoredTemplate> {
        let kept: Option<(String, i64)> = self
            .conn
            .query_row(
                "SELECT text, version FROM templates WHERE kind = ?1",
                [kind.code()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(match kept {
            Some((text, version)) => StoredTemplate {
                kind,
                text,
                version,
            },
            None => StoredTemplate {
                kind,
                text: kind.default_template().to_string(),
                version: 0,
            },
        })
    }

    /// Keeps `text` as the program's `kind` template, over the version shown (0: the
    /// default), once it passes its check; `None` goes back to the default.
    pub fn set_template(
        &mut self,
        kind: MessageKind,
        seen: i64,
        text: Option<&str>,
    ) -> Result<StoredTemplate> {
        if let Some(text) = text {
            crate::export::mail::templates::check(kind, text)
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
        }
        self.action("template.save", Changes::ROUNDS, |tx| {
            let now: i64 = tx
                .query_row(
                    "SELECT version FROM templates WHERE kind = ?1",
                    [kind.code()],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or(0);
            if now != seen {
                return Err(StoreError::Stale(format!(
                    "the {kind} template was changed in another window"
                )));
            }
            let summary = match text {
                Some(text) => {
                    tx.execute(
                        "INSERT INTO templates (kind, text) VALUES (?1, ?2)
                         ON CONFLICT (kind) DO UPDATE SET text = excluded.text",
                        params![kind.code(), text],
                    )?;
                    format!("saved the {kind} template")
                }
                None => {
                    tx.execute("DELETE FROM templates WHERE kind = ?1", [kind.code()])?;
                    format!("restored the default {kind} template")
                }
            };
            Ok(((), summary, json!({"kind": kind.code()})))
        })?;
        self.template(kind)
    }

    /// The messages of a round recorded as sent, by key.
    pub fn sent_messages(&self, round_id: RoundId) -> Result<HashMap<String, SentMessage>> {
        let mut stmt = self.conn.prepare(
            "SELECT key, kind, partnership_id, recipients, message_id, sent_at
             FROM sent_messages WHERE round_id = ?1",
        )?;
        let rows = stmt.query_map([round_id], |r| {
            let kind: String = r.get(1)?;
            let recipients: String = r.get(3)?;
            Ok(SentMessage {
                key: r.get(0)?,
                kind: super::stored(MessageKind::from_code(&kind), "kind", &kind)?,
                partnership_id: r.get(2)?,
                recipients: recipients
                    .split(',')
                    .filter_map(|id| id.parse().ok().map(ApplicationId))
                    .collect(),
                message_id: r.get(4)?,
                sent_at: r.get(5)?,
            })
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let row = row?;
            out.insert(row.key.clone(), row);
        }
        Ok(out)
    }

    /// Records one message as sent, now. Kept at once, message by message, so that a run
    /// stopped halfway sends exactly the rest next time. Not in the audit log (the send
    /// run is): the record is the log.
    pub fn record_sent(&mut self, round_id: RoundId, message: &SentMessage) -> Result<()> {
        self.unaudited(Changes::PARTNERSHIPS, |tx| {
            insert_sent(tx, round_id, message)
        })
    }

    /// Records `messages` as sent, all at once: the coordinator sends them with a mail tool
    /// of their own, and iln must not send them again.
    pub fn record_sent_elsewhere(
        &mut self,
        round_id: RoundId,
        kind: MessageKind,
        messages: &[SentMessage],
    ) -> Result<()> {
        let round = self.round(round_id)?;
        self.action("messages.sent_elsewhere", Changes::PARTNERSHIPS, |tx| {
            for m in messages {
                insert_sent(tx, round_id, m)?;
            }
            Ok((
                (),
                format!(
                    "recorded {} {kind} of {} as sent with another mail tool",
                    messages.len(),
                    round.plan.name
                ),
                json!({"round": round_id, "kind": kind.code(), "sent": messages.len()}),
            ))
        })
    }

    /// Notes in the audit log that a send run ended, with what it sent and what failed.
    pub fn record_send_run(
        &mut self,
        round_id: RoundId,
        kind: MessageKind,
        sent: usize,
        failed: usize,
    ) -> Result<()> {
        let round = self.round(round_id)?;
        self.action("messages.send", Changes::NONE, |_| {
            Ok((
                (),
                format!(
                    "sent {sent} {kind} of {} ({failed} failed)",
                    round.plan.name
                ),
                json!({"round": round_id, "kind": kind.code(), "sent": sent, "failed": failed}),
            ))
        })
    }
}

fn insert_sent(conn: &Connection, round_id: RoundId, message: &SentMessage) -> Result<()> {
    let recipients: Vec<String> = message.recipients.iter().map(|r| r.0.to_string()).collect();
    conn.execute(
        "INSERT INTO sent_messages (key, round_id, kind, partnership_id, recipients,
                                    message_id, sent_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
        params![
            message.key,
            round_id,
            message.kind.code(),
            message.partnership_id,
            recipients.join(","),
            message.message_id
        ],
    )?;
    Ok(())
}
