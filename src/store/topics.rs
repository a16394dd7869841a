//! Discussion topics.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};
use serde_json::json;

use super::{Result, Store, StoreError, corrupt, stored};
use crate::domain::{DomainError, Topic, TopicStatus};

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

const COLUMNS: &str =
    "id, round_id, publish_on, title, summary, body, questions, status, published_on";

fn topic_from_row(r: &Row) -> rusqlite::Result<Topic> {
    let questions: String = r.get(6)?;
    let status: String = r.get(7)?;
    Ok(Topic {
        id: r.get(0)?,
        round_id: r.get(1)?,
        publish_on: r.get(2)?,
        title: r.get(3)?,
        summary: r.get(4)?,
        body: r.get(5)?,
        questions: serde_json::from_str(&questions)
            .map_err(|e| corrupt(DomainError::Corrupt(format!("topic questions: {e}"))))?,
        status: stored(TopicStatus::from_code(&status), "topics.status", &status)?,
        published_on: r.get(8)?,
    })
}

impl Store {
    pub fn create_topic(&mut self, round_id: i64, t: &TopicDraft) -> Result<Topic> {
        self.action("topic.create", |tx| {
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
                    serde_json::to_string(&t.questions).expect("strings serialise"),
                    t.status.code(),
                    t.published_on
                ],
            )?;
            let id = tx.last_insert_rowid();
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

    pub fn update_topic(&mut self, id: i64, t: &TopicDraft) -> Result<Topic> {
        self.action("topic.update", |tx| {
            let n = tx.execute(
                "UPDATE topics SET publish_on = ?2, title = ?3, summary = ?4, body = ?5,
                        questions = ?6, status = ?7, published_on = ?8
                 WHERE id = ?1",
                params![
                    id,
                    t.publish_on,
                    t.title,
                    t.summary,
                    t.body,
                    serde_json::to_string(&t.questions).expect("strings serialise"),
                    t.status.code(),
                    t.published_on
                ],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound(format!("topic {id}")));
            }
            let topic = tx.query_row(
                &format!("SELECT {COLUMNS} FROM topics WHERE id = ?1"),
                [id],
                topic_from_row,
            )?;
            Ok((
                topic,
                format!("edited topic {:?}", t.title),
                json!({"topic": id}),
            ))
        })
    }

    pub fn topic(&self, id: i64) -> Result<Topic> {
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
    pub fn topics(&self, round_id: i64) -> Result<Vec<Topic>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM topics WHERE round_id = ?1 ORDER BY publish_on, id"
        ))?;
        let rows = stmt.query_map([round_id], topic_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
