//! Rounds and their figures.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::json;

use super::{Changes, Result, Store, StoreError, stored};
use crate::domain::{Round, RoundId, RoundPlan, RoundStatus};
use crate::engine::settings::Settings;

/// A round with the counts the Rounds pane shows.
#[derive(Clone, Debug, PartialEq)]
pub struct RoundFigures {
    pub round: Round,
    pub applicants: usize,
    pub pending: usize,
    pub accepted: usize,
    pub deferred: usize,
    pub withdrawn: usize,
    /// Countries among applicants who have not withdrawn (invitations aside).
    pub countries: usize,
    /// Invitations still waiting for the person's new application.
    pub invited: usize,
}

const COLUMNS: &str = "id, name, opens_on, closes_on, matching_on, starts_on, term_months, \
                       cap_percent, status, version";

fn round_from_row(r: &Row) -> rusqlite::Result<Round> {
    let status: String = r.get(8)?;
    Ok(Round {
        id: r.get(0)?,
        version: r.get(9)?,
        plan: RoundPlan {
            name: r.get(1)?,
            opens_on: r.get(2)?,
            closes_on: r.get(3)?,
            matching_on: r.get(4)?,
            starts_on: r.get(5)?,
            term_months: r.get(6)?,
            cap_percent: r.get(7)?,
            status: stored(RoundStatus::from_code(&status), "rounds.status", &status)?,
        },
    })
}

pub(super) fn read_round(conn: &Connection, id: RoundId) -> Result<Round> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM rounds WHERE id = ?1"),
        [id],
        round_from_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("round {id}")))
}

/// Writes a new round, refusing a name taken.
pub(super) fn insert_round(tx: &Connection, plan: &RoundPlan) -> Result<Round> {
    let taken: Option<RoundId> = tx
        .query_row(
            "SELECT id FROM rounds WHERE name = ?1",
            [plan.name.trim()],
            |r| r.get(0),
        )
        .optional()?;
    if taken.is_some() {
        return Err(StoreError::Invalid(format!(
            "a round named {:?} already exists; choose another name",
            plan.name.trim()
        )));
    }
    tx.execute(
        "INSERT INTO rounds (name, opens_on, closes_on, matching_on, starts_on,
                                 term_months, cap_percent, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            plan.name.trim(),
            plan.opens_on,
            plan.closes_on,
            plan.matching_on,
            plan.starts_on,
            plan.term_months,
            plan.cap_percent,
            plan.status.code()
        ],
    )?;
    let id = RoundId(tx.last_insert_rowid());
    read_round(tx, id)
}

impl Store {
    pub fn create_round(&mut self, plan: &RoundPlan) -> Result<Round> {
        plan.validate()?;
        self.action("round.create", Changes::ROUNDS, |tx| {
            let round = insert_round(tx, plan)?;
            let id = round.id;
            Ok((
                round,
                format!("created round {}", plan.name.trim()),
                json!({"round": id}),
            ))
        })
    }

    /// Saves a round's plan (its stage aside: that moves by [`Store::advance_round`]);
    /// `seen` is the version the form was opened on, and the save is refused when the round
    /// changed since.
    pub fn update_round(&mut self, id: RoundId, seen: i64, plan: &RoundPlan) -> Result<Round> {
        plan.validate()?;
        let before = self.round(id)?;
        self.action("round.update", Changes::ROUNDS, |tx| {
            if before.plan.status == crate::domain::RoundStatus::Ended {
                return Err(StoreError::Invalid(format!(
                    "{} has ended; nothing in it changes any more",
                    before.plan.name
                )));
            }
            // Published partnerships run on the dates they were given: the term stays.
            let published: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM partnerships WHERE round_id = ?1
                                AND status <> 'draft')",
                [id],
                |r| r.get(0),
            )?;
            if published
                && (plan.starts_on != before.plan.starts_on
                    || plan.term_months != before.plan.term_months)
            {
                return Err(StoreError::Invalid(format!(
                    "{}'s partnerships are published with their dates; its start and term stay \
                     {} and {} months",
                    before.plan.name, before.plan.starts_on, before.plan.term_months
                )));
            }
            let clash: Option<RoundId> = tx
                .query_row(
                    "SELECT id FROM rounds WHERE name = ?1 AND id <> ?2",
                    params![plan.name.trim(), id],
                    |r| r.get(0),
                )
                .optional()?;
            if clash.is_some() {
                return Err(StoreError::Invalid(format!(
                    "another round is named {:?}; choose another name",
                    plan.name
                )));
            }
            // Checked in the same statement as the write.
            let written = tx.execute(
                "UPDATE rounds SET name = ?2, opens_on = ?3, closes_on = ?4, matching_on = ?5,
                        starts_on = ?6, term_months = ?7, cap_percent = ?8
                 WHERE id = ?1 AND version = ?9",
                params![
                    id,
                    plan.name.trim(),
                    plan.opens_on,
                    plan.closes_on,
                    plan.matching_on,
                    plan.starts_on,
                    plan.term_months,
                    plan.cap_percent,
                    seen
                ],
            )?;
            if written == 0 {
                return Err(StoreError::Stale(format!(
                    "round {} was changed in another window while the form was open",
                    before.plan.name
                )));
            }
            Ok((
                read_round(tx, id)?,
                format!("edited round {}", plan.name.trim()),
                json!({"round": id, "before": before.plan.name}),
            ))
        })
    }

    pub fn round(&self, id: RoundId) -> Result<Round> {
        read_round(&self.conn, id)
    }

    /// Finds a round by name, ignoring case.
    pub fn round_by_name(&self, name: &str) -> Result<Round> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM rounds WHERE name = ?1"),
                [name.trim()],
                round_from_row,
            )
            .optional()?
            .ok_or_else(|| {
                let known = self
                    .rounds()
                    .map(|rs| {
                        rs.iter()
                            .map(|r| r.plan.name.clone())
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default();
                StoreError::NotFound(format!(
                    "round {name:?} (known rounds: {})",
                    if known.is_empty() { "none" } else { &known }
                ))
            })
    }

    /// Every round, newest first (by opening date).
    pub fn rounds(&self) -> Result<Vec<Round>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM rounds ORDER BY opens_on DESC, id DESC"
        ))?;
        let rows = stmt.query_map([], round_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every round with its application counts, newest first.
    pub fn round_figures(&self) -> Result<Vec<RoundFigures>> {
        let mut stmt = self.conn.prepare(
            "SELECT round_id, sum(status <> 'invited'),
                    sum(status = 'pending'), sum(status = 'accepted'),
                    sum(status = 'deferred'), sum(status = 'withdrawn'),
                    count(DISTINCT CASE WHEN status NOT IN ('withdrawn', 'invited')
                                        THEN country END),
                    sum(status = 'invited')
             FROM applications GROUP BY round_id",
        )?;
        let mut counts = std::collections::HashMap::new();
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, RoundId>(0)?,
                [
                    r.get::<_, i64>(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ],
            ))
        })? {
            let (id, c) = row?;
            counts.insert(id, c.map(|n| n as usize));
        }
        Ok(self
            .rounds()?
            .into_iter()
            .map(|round| {
                let c = counts.get(&round.id).copied().unwrap_or_default();
                RoundFigures {
                    round,
                    applicants: c[0],
                    pending: c[1],
                    accepted: c[2],
                    deferred: c[3],
                    withdrawn: c[4],
                    countries: c[5],
                    invited: c[6],
                }
            })
            .collect())
    }

    /// What a round uses while it has no matching settings saved of its own (the shipped
    /// defaults unless set, from the user's config). Settings a round saved keep their
    /// values; fields a saved round's settings leave out come from these.
    pub fn set_default_settings(&mut self, settings: Settings) {
        self.default_settings = settings;
    }

    pub fn default_settings(&self) -> &Settings {
        &self.default_settings
    }

    /// The round's matching settings: its own, or the store's defaults while it has none.
    /// Saved settings that cannot be read are refused, naming the round.
    pub fn round_settings(&self, id: RoundId) -> Result<Settings> {
        Ok(self
            .round_own_settings(id)?
            .unwrap_or_else(|| self.default_settings.clone()))
    }

    /// The settings saved for the round itself, `None` while it uses the defaults.
    pub fn round_own_settings(&self, id: RoundId) -> Result<Option<Settings>> {
        let stored = self.round_settings_text(id)?;
        let value: serde_json::Value =
            serde_json::from_str(&stored).map_err(|e| self.bad_settings(id, e.to_string()))?;
        if value.as_object().is_some_and(|o| o.is_empty()) {
            return Ok(None);
        }
        if !value.is_object() {
            return Err(self.bad_settings(id, format!("{stored} is not an object")));
        }
        self.default_settings
            .overlay(value)
            .map(Some)
            .map_err(|reason| self.bad_settings(id, reason))
    }

    fn bad_settings(&self, id: RoundId, reason: String) -> StoreError {
        StoreError::BadSettings {
            round: self
                .round(id)
                .map(|r| format!("{:?}", r.plan.name))
                .unwrap_or_else(|_| id.to_string()),
            reason,
        }
    }

    /// The settings column as stored (JSON), `{}` when never set.
    fn round_settings_text(&self, id: RoundId) -> Result<String> {
        self.conn
            .query_row("SELECT settings FROM rounds WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("round {id}")))
    }

    /// Saves matching settings for the round itself: from now on it uses these, whatever the
    /// defaults. `seen` are the settings the coordinator changed: when the round's settings
    /// are others by now (saved in another window), the save is refused. Settings out of
    /// range are refused.
    pub fn set_round_settings(
        &mut self,
        id: RoundId,
        seen: &Settings,
        settings: &Settings,
    ) -> Result<()> {
        settings.validate().map_err(StoreError::Invalid)?;
        let round = self.round(id)?;
        if round.plan.status == crate::domain::RoundStatus::Ended {
            return Err(StoreError::Invalid(format!(
                "{} has ended; nothing in it changes any more",
                round.plan.name
            )));
        }
        let text = self.round_settings_text(id)?;
        // Unreadable saved settings are shown as the defaults, to be saved over.
        let now = self
            .round_settings(id)
            .unwrap_or_else(|_| self.default_settings().clone());
        if now != *seen {
            self.changes |= Changes::ROUNDS;
            return Err(StoreError::Stale(format!(
                "the weights and rules of {} were changed in another window",
                round.plan.name
            )));
        }
        let before: serde_json::Value =
            serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text.clone()));
        let after = serde_json::to_value(settings).expect("settings serialise");
        self.action("round.settings", Changes::ROUNDS, |tx| {
            let still: String =
                tx.query_row("SELECT settings FROM rounds WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
            if still != text {
                return Err(StoreError::Stale(format!(
                    "the weights and rules of {} were changed in another window",
                    round.plan.name
                )));
            }
            tx.execute(
                "UPDATE rounds SET settings = ?2 WHERE id = ?1",
                params![id, after.to_string()],
            )?;
            Ok((
                (),
                "changed matching settings".to_string(),
                json!({"round": id, "before": before, "after": after}),
            ))
        })
    }
}
