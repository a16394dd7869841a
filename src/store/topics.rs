//! Discussion topics.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde_json::json;

use super::{Changes, Result, Store, StoreError, corrupt, stored};
use crate::domain::{Cadence, DomainError, RoundId, Topic, TopicId, TopicStatus};

/// The fields of a topic a coordinator writes.
#[derive(Clone, Debug, PartialEq)]
pub struct TopicDraft {
    pub publish_on: NaiveDate,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub questions: Vec<String>,
    pub status: TopicStatus,
    pub published_on: Option<NaiveDate>,
}

/// What the editor holds of a topic: the text a coordinator types.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TopicText {
    pub title: String,
    pub summary: String,
    pub body: String,
    pub questions: Vec<String>,
}

impl TopicText {
    pub fn of(t: &Topic) -> TopicText {
        TopicText {
            title: t.title.clone(),
            summary: t.summary.clone(),
            body: t.body.clone(),
            questions: t.questions.clone(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.title.trim().is_empty()
            && self.summary.trim().is_empty()
            && self.body.trim().is_empty()
            && self.questions.iter().all(|q| q.trim().is_empty())
    }
}

/// Editor text kept for a topic that was not saved, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnsavedDraft {
    pub text: TopicText,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub saved_at: String,
    /// The version of the topic the text was typed over (`None` when kept by an iln that
    /// did not record it): restored, a save of it is refused if the topic was saved since.
    pub base_version: Option<i64>,
}

fn json_questions(q: &[String]) -> String {
    serde_json::to_string(q).expect("strings serialise")
}

const COLUMNS: &str = "id, round_id, publish_on, title, summary, body, questions, status, \
                       published_on, version, post_link";

fn topic_from_row(r: &Row) -> rusqlite::Result<Topic> {
    let questions: String = r.get(6)?;
    let status: String = r.get(7)?;
    Ok(Topic {
        id: r.get(0)?,
        version: r.get(9)?,
        round_id: r.get(1)?,
        publish_on: r.get(2)?,
        title: r.get(3)?,
        summary: r.get(4)?,
        body: r.get(5)?,
        questions: serde_json::from_str(&questions)
            .map_err(|e| corrupt(DomainError::Corrupt(format!("topic questions: {e}"))))?,
        status: stored(TopicStatus::from_code(&status), "topics.status", &status)?,
        published_on: r.get(8)?,
        post_link: r.get(10)?,
    })
}

/// Why a write naming a topic's version changed nothing: the topic is gone, or it changed
/// since the coordinator saw it.
fn changed_since(tx: &rusqlite::Transaction, id: TopicId) -> Result<StoreError> {
    let title: Option<(String, NaiveDate)> = tx
        .query_row(
            "SELECT title, publish_on FROM topics WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match title {
        None => gone(tx, id)?,
        Some((title, on)) if title.trim().is_empty() => StoreError::Stale(format!(
            "the topic slot of {on} was changed in another window"
        )),
        Some((title, _)) => {
            StoreError::Stale(format!("“{}” was changed in another window", title.trim()))
        }
    })
}

/// The unsaved text kept for a topic, if any.
fn read_unsaved(conn: &Connection, id: TopicId) -> Result<Option<UnsavedDraft>> {
    Ok(conn
        .query_row(
            "SELECT title, summary, body, questions, saved_at, base_version FROM topic_drafts
             WHERE topic_id = ?1",
            [id],
            |r| {
                let questions: String = r.get(3)?;
                Ok(UnsavedDraft {
                    text: TopicText {
                        title: r.get(0)?,
                        summary: r.get(1)?,
                        body: r.get(2)?,
                        questions: serde_json::from_str(&questions).map_err(|e| {
                            corrupt(DomainError::Corrupt(format!("draft questions: {e}")))
                        })?,
                    },
                    saved_at: r.get(4)?,
                    base_version: r.get(5)?,
                })
            },
        )
        .optional()?)
}

/// Why a topic is not there: removed (in another window: its id was handed out, and ids are
/// never reused), or never was.
fn gone(conn: &Connection, id: TopicId) -> Result<StoreError> {
    let last: Option<i64> = conn
        .query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = 'topics'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(if last.is_some_and(|last| id.0 <= last) {
        StoreError::Stale("the topic was removed in another window".into())
    } else {
        StoreError::NotFound(format!("topic {id}"))
    })
}

/// A topic as a change sees it: one that is gone was removed meanwhile (or never was).
fn read_topic(conn: &Connection, id: TopicId) -> Result<Topic> {
    match conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM topics WHERE id = ?1"),
            [id],
            topic_from_row,
        )
        .optional()?
    {
        Some(t) => Ok(t),
        None => Err(gone(conn, id)?),
    }
}

/// The fields a coordinator writes, of a topic as it is.
fn draft_of(t: Topic) -> TopicDraft {
    TopicDraft {
        publish_on: t.publish_on,
        title: t.title,
        summary: t.summary,
        body: t.body,
        questions: t.questions,
        status: t.status,
        published_on: t.published_on,
    }
}

/// Writes a topic's fields over version `seen`, or says why not.
fn write_topic(tx: &Transaction, id: TopicId, seen: i64, t: &TopicDraft) -> Result<Topic> {
    let n = tx.execute(
        "UPDATE topics SET publish_on = ?2, title = ?3, summary = ?4, body = ?5,
                questions = ?6, status = ?7, published_on = ?8
         WHERE id = ?1 AND version = ?9",
        params![
            id,
            t.publish_on,
            t.title,
            t.summary,
            t.body,
            json_questions(&t.questions),
            t.status.code(),
            t.published_on,
            seen
        ],
    )?;
    if n == 0 {
        return Err(changed_since(tx, id)?);
    }
    read_topic(tx, id)
}

impl Store {
    pub fn create_topic(&mut self, round_id: RoundId, t: &TopicDraft) -> Result<Topic> {
        self.action("topic.create", Changes::TOPICS, |tx| {
            tx.execute(
                "INSERT INTO topics (round_id, publish_on, title, summary, body, questions,
                                     status, published_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    round_id,
                    t.publish_on,
                    t.title,
                    t.summary,
                    t.body,
                    json_questions(&t.questions),
                    t.status.code(),
                    t.published_on
                ],
            )?;
            let id = TopicId(tx.last_insert_rowid());
            let topic = tx.query_row(
                &format!("SELECT {COLUMNS} FROM topics WHERE id = ?1"),
                [id],
                topic_from_row,
            )?;
            Ok((
                topic,
                format!("added topic for {}", t.publish_on),
                json!({"topic": id, "round": round_id}),
            ))
        })
    }

    /// Writes a topic's fields; `seen` is the version the coordinator saw, and the write is
    /// refused when the topic changed since.
    pub fn update_topic(&mut self, id: TopicId, seen: i64, t: &TopicDraft) -> Result<Topic> {
        self.action("topic.update", Changes::TOPICS, |tx| {
            let topic = write_topic(tx, id, seen, t)?;
            Ok((
                topic,
                format!("edited topic {:?}", t.title),
                json!({"topic": id}),
            ))
        })
    }

    /// Adds an empty slot on each date of `cadence` over the round's term that has no topic
    /// yet. Returns the slots added.
    pub fn plan_topics(&mut self, round_id: RoundId, cadence: Cadence) -> Result<usize> {
        let round = self.round(round_id)?;
        self.action("topic.plan", Changes::TOPICS, |tx| {
            // Read in the transaction: a slot added meanwhile elsewhere counts.
            let existing: Vec<NaiveDate> = {
                let mut stmt = tx.prepare("SELECT publish_on FROM topics WHERE round_id = ?1")?;
                stmt.query_map([round_id], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?
            };
            let dates = cadence.new_dates(round.plan.starts_on, round.plan.ends_on(), &existing);
            let mut added = 0;
            for date in &dates {
                added += tx.execute(
                    "INSERT INTO topics (round_id, publish_on, status) VALUES (?1, ?2, 'empty')",
                    params![round_id, date],
                )?;
            }
            Ok((
                added,
                format!("planned {added} topic slots ({cadence})"),
                json!({"round": round_id, "cadence": cadence.code(), "added": added}),
            ))
        })
    }

    /// An empty slot on `date`.
    pub fn add_topic_slot(&mut self, round_id: RoundId, date: NaiveDate) -> Result<Topic> {
        self.create_topic(
            round_id,
            &TopicDraft {
                publish_on: date,
                title: String::new(),
                summary: String::new(),
                body: String::new(),
                questions: Vec::new(),
                status: TopicStatus::Empty,
                published_on: None,
            },
        )
    }

    /// Saves the editor's text over the version the editor was opened on (`seen`). A topic
    /// saved meanwhile elsewhere is refused. The text kept unsaved for the topic goes with the
    /// save when it is this text or was kept by this store, not another window's.
    pub fn save_topic_text(&mut self, id: TopicId, seen: i64, text: &TopicText) -> Result<Topic> {
        let mine = self.kept.get(&id).cloned();
        let topic = self.action("topic.update", Changes::TOPICS, |tx| {
            let mut t = draft_of(read_topic(tx, id)?);
            t.title = text.title.clone();
            t.summary = text.summary.clone();
            t.body = text.body.clone();
            t.questions = text.questions.clone();
            // A slot gets its status from having text: typed into, it is a draft; emptied,
            // an empty slot again (a published topic keeps its record).
            if t.status == TopicStatus::Empty && !text.is_empty() {
                t.status = TopicStatus::Draft;
            } else if text.is_empty() && t.status != TopicStatus::Published {
                t.status = TopicStatus::Empty;
            }
            let topic = write_topic(tx, id, seen, &t)?;
            if let Some(kept) = read_unsaved(tx, id)?
                && (kept.text == *text || Some(&kept.text) == mine.as_ref())
            {
                tx.execute("DELETE FROM topic_drafts WHERE topic_id = ?1", [id])?;
            }
            Ok((
                topic,
                format!("edited topic {:?}", t.title),
                json!({"topic": id}),
            ))
        })?;
        self.kept.remove(&id);
        Ok(topic)
    }

    /// Moves a topic, as the coordinator saw it (`seen`), to another publish date.
    pub fn move_topic(&mut self, id: TopicId, seen: i64, date: NaiveDate) -> Result<Topic> {
        self.action("topic.update", Changes::TOPICS, |tx| {
            let mut t = draft_of(read_topic(tx, id)?);
            if t.status == TopicStatus::Published {
                return Err(StoreError::Invalid(
                    "a published topic keeps its date; add a new slot instead".into(),
                ));
            }
            t.publish_on = date;
            let topic = write_topic(tx, id, seen, &t)?;
            Ok((
                topic,
                format!("moved topic {:?} to {date}", t.title),
                json!({"topic": id}),
            ))
        })
    }

    /// Sets the status of a topic, as the coordinator saw it (`seen`); `Published` records
    /// `on` as the day it went out.
    pub fn set_topic_status(
        &mut self,
        id: TopicId,
        seen: i64,
        status: TopicStatus,
        on: NaiveDate,
    ) -> Result<Topic> {
        self.action("topic.update", Changes::TOPICS, |tx| {
            let mut t = draft_of(read_topic(tx, id)?);
            t.published_on = (status == TopicStatus::Published).then_some(on);
            t.status = status;
            let topic = write_topic(tx, id, seen, &t)?;
            Ok((
                topic,
                format!("topic {:?} is {status}", t.title),
                json!({"topic": id}),
            ))
        })
    }

    /// Sets where the topic's post is published (a web address, or nothing), as the
    /// coordinator saw the topic (`seen`): the link its e-mail gives.
    pub fn set_topic_post_link(&mut self, id: TopicId, seen: i64, link: &str) -> Result<Topic> {
        let link = link.trim();
        let web = link.starts_with("https://") || link.starts_with("http://");
        if !link.is_empty() && (!web || link.chars().any(|c| c.is_whitespace() || c.is_control())) {
            return Err(StoreError::Invalid(format!(
                "{link:?} is not a web address; give the post's address as https://…"
            )));
        }
        self.action("topic.link", Changes::TOPICS, |tx| {
            let title = read_topic(tx, id)?.title;
            if tx.execute(
                "UPDATE topics SET post_link = ?3 WHERE id = ?1 AND version = ?2",
                params![id, seen, link],
            )? == 0
            {
                return Err(changed_since(tx, id)?);
            }
            let topic = read_topic(tx, id)?;
            Ok((
                topic,
                format!("topic {title:?} links to {link}"),
                json!({"topic": id}),
            ))
        })
    }

    /// Removes a slot and its text, as the coordinator saw it (`seen`). Published topics
    /// stay on record.
    pub fn remove_topic(&mut self, id: TopicId, seen: i64) -> Result<()> {
        self.action("topic.remove", Changes::TOPICS, |tx| {
            let t = read_topic(tx, id)?;
            if t.status == TopicStatus::Published {
                return Err(StoreError::Invalid(
                    "a published topic stays on record; it cannot be removed".into(),
                ));
            }
            if tx.execute(
                "DELETE FROM topics WHERE id = ?1 AND version = ?2",
                params![id, seen],
            )? == 0
            {
                return Err(changed_since(tx, id)?);
            }
            Ok((
                (),
                format!("removed topic slot of {} {:?}", t.publish_on, t.title),
                json!({"topic": id, "round": t.round_id}),
            ))
        })
    }

    /// Keeps the editor's unsaved text. Not an audited action: it runs every few seconds
    /// while a coordinator types, and only the save that follows matters.
    pub fn keep_unsaved(&mut self, id: TopicId, base_version: i64, text: &TopicText) -> Result<()> {
        // Kept while typing, from the screen's thread: a window busy with a long write is not
        // waited for long; the next keep tries again.
        self.conn
            .busy_timeout(std::time::Duration::from_millis(200))?;
        let kept = self.unaudited(Changes::TOPICS, |tx| {
            tx.execute(
                "INSERT INTO topic_drafts (topic_id, title, summary, body, questions, base_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (topic_id) DO UPDATE SET title = excluded.title,
                     summary = excluded.summary, body = excluded.body,
                     questions = excluded.questions, base_version = excluded.base_version,
                     saved_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
                params![
                    id,
                    text.title,
                    text.summary,
                    text.body,
                    json_questions(&text.questions),
                    base_version
                ],
            )?;
            Ok(())
        });
        self.conn.busy_handler(Some(super::wait_for_writer))?;
        kept?;
        self.kept.insert(id, text.clone());
        Ok(())
    }

    /// Makes the unsaved text kept for a topic this store's own (restored into its editor),
    /// so that saving takes it away.
    pub fn adopt_unsaved(&mut self, id: TopicId) -> Result<()> {
        if let Some(draft) = self.unsaved(id)? {
            self.kept.insert(id, draft.text);
        }
        Ok(())
    }

    /// Takes away the unsaved text kept for a topic if it is this store's own, never
    /// another window's.
    pub fn discard_own_unsaved(&mut self, id: TopicId) -> Result<()> {
        let mine = self.kept.get(&id).cloned();
        match self.unsaved(id)? {
            Some(draft) if Some(&draft.text) == mine.as_ref() => self.discard_unsaved(id),
            _ => {
                self.kept.remove(&id);
                Ok(())
            }
        }
    }

    /// The unsaved text kept for a topic, if any.
    pub fn unsaved(&self, id: TopicId) -> Result<Option<UnsavedDraft>> {
        read_unsaved(&self.conn, id)
    }

    /// How many topics, in all rounds, have unsaved text kept.
    pub fn unsaved_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM topic_drafts", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// The topics of a round that have unsaved text kept.
    pub fn topics_with_unsaved(&self, round_id: RoundId) -> Result<Vec<TopicId>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.topic_id FROM topic_drafts d JOIN topics t ON t.id = d.topic_id
             WHERE t.round_id = ?1 ORDER BY d.topic_id",
        )?;
        let ids = stmt.query_map([round_id], |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }

    pub fn discard_unsaved(&mut self, id: TopicId) -> Result<()> {
        self.kept.remove(&id);
        if self.unsaved(id)?.is_none() {
            return Ok(());
        }
        self.unaudited(Changes::TOPICS, |tx| {
            tx.execute("DELETE FROM topic_drafts WHERE topic_id = ?1", [id])?;
            Ok(())
        })
    }

    pub fn topic(&self, id: TopicId) -> Result<Topic> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM topics WHERE id = ?1"),
                [id],
                topic_from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("topic {id}")))
    }

    /// A round's topics in date order.
    pub fn topics(&self, round_id: RoundId) -> Result<Vec<Topic>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM topics WHERE round_id = ?1 ORDER BY publish_on, id"
        ))?;
        let rows = stmt.query_map([round_id], topic_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
