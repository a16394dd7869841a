//! A round's stage: moving it on, checked and audited; what each stage allows of the
//! commands that write to it; and the calendar, which ends partnerships and rounds whose
//! term has passed.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::rounds::read_round;
use super::{Changes, Result, Store, StoreError};
use crate::domain::stage::{self, Act, StageFacts};
use crate::domain::{ApplicationId, Round, RoundId, RoundStatus};
use crate::text::counted;

/// Refuses `act` on the round when its stage does not allow it.
pub(super) fn check_allows(conn: &Connection, round_id: RoundId, act: Act) -> Result<Round> {
    let round = read_round(conn, round_id)?;
    stage::allows(&round.plan, act).map_err(StoreError::Invalid)?;
    Ok(round)
}

/// Refuses `act` on the round of application `id` when its stage does not allow it (an
/// application not found is left for the command to report).
pub(super) fn check_application_allows(
    conn: &Connection,
    id: ApplicationId,
    act: Act,
) -> Result<()> {
    let round: Option<RoundId> = conn
        .query_row(
            "SELECT round_id FROM applications WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    match round {
        Some(round_id) => check_allows(conn, round_id, act).map(drop),
        None => Ok(()),
    }
}

/// Refuses a change to the round's draft when its stage does not allow matching, and moves
/// a closed round into matching, as its first draft is made. A round not found is left for
/// the command to report (it names what was shown).
pub(super) fn check_draft_change(conn: &Connection, round_id: RoundId) -> Result<()> {
    let round: Option<Round> = match read_round(conn, round_id) {
        Ok(round) => Some(round),
        Err(StoreError::NotFound(_)) => None,
        Err(e) => return Err(e),
    };
    let Some(round) = round else {
        return Ok(());
    };
    stage::allows(&round.plan, Act::Match).map_err(StoreError::Invalid)?;
    if round.plan.status == RoundStatus::Closed {
        conn.execute(
            "UPDATE rounds SET status = 'matching' WHERE id = ?1",
            [round.id],
        )?;
    }
    Ok(())
}

fn facts(conn: &Connection, round_id: RoundId) -> Result<StageFacts> {
    let count = |sql: &str| -> Result<usize> {
        Ok(conn.query_row(sql, [round_id], |r| r.get::<_, i64>(0))? as usize)
    };
    Ok(StageFacts {
        pending: count(
            "SELECT count(*) FROM applications WHERE round_id = ?1 AND status = 'pending'",
        )?,
        accepted: count(
            "SELECT count(*) FROM applications WHERE round_id = ?1 AND status = 'accepted'",
        )?,
        drafts: count(
            "SELECT count(*) FROM partnerships WHERE round_id = ?1 AND status = 'draft'",
        )?,
        active: count(
            "SELECT count(*) FROM partnerships WHERE round_id = ?1 AND status = 'active'",
        )?,
    })
}

/// What the calendar finds due on a day: running partnerships whose term has passed, and
/// running rounds whose term has passed.
struct Due {
    partnerships: i64,
    rounds: Vec<Round>,
}

impl Due {
    fn is_empty(&self) -> bool {
        self.partnerships == 0 && self.rounds.is_empty()
    }
}

fn due(conn: &Connection, today: NaiveDate) -> Result<Due> {
    let partnerships = conn.query_row(
        "SELECT count(*) FROM partnerships WHERE status = 'active' AND ends_on <= ?1",
        [today],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare("SELECT id FROM rounds WHERE status = 'active'")?;
    let ids: Vec<RoundId> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut rounds = Vec::new();
    for id in ids {
        let round = read_round(conn, id)?;
        if round.plan.ends_on() <= today {
            rounds.push(round);
        }
    }
    Ok(Due {
        partnerships,
        rounds,
    })
}

/// What the action below returns when another iln followed the calendar first: nothing is
/// recorded.
const NOTHING_DUE: &str = "nothing is due";

/// What the calendar changed on a day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CalendarChanges {
    /// Partnerships whose term passed.
    pub partnerships_ended: usize,
    /// Rounds whose term passed, by name.
    pub rounds_ended: Vec<String>,
}

impl CalendarChanges {
    pub fn is_empty(&self) -> bool {
        self.partnerships_ended == 0 && self.rounds_ended.is_empty()
    }
}

impl Store {
    /// How many of the round's accepted applicants are matched: in a partnership of it that
    /// counts (published, or the draft before publishing) and did not end early.
    pub fn matched_count(&self, round_id: RoundId) -> Result<usize> {
        Ok(self.conn.query_row(
            // As the round's figures count them (`round_counts`): in a partnership that
            // counts and did not end early.
            &format!(
                "SELECT count(DISTINCT m.application_id) FROM partnership_members m
                 JOIN partnerships p ON p.id = m.partnership_id
                 JOIN applications a ON a.id = m.application_id
                 WHERE p.round_id = ?1 AND a.status = 'accepted'
                   AND ({}) AND p.status <> 'ended_early'",
                super::figures::COUNTED
            ),
            [round_id],
            |r| r.get::<_, i64>(0),
        )? as usize)
    }

    /// The stage the round would move to next, or why it cannot on `today`.
    pub fn next_stage(
        &self,
        round_id: RoundId,
        today: NaiveDate,
    ) -> Result<std::result::Result<RoundStatus, String>> {
        let round = read_round(&self.conn, round_id)?;
        Ok(stage::next_stage(
            &round.plan,
            facts(&self.conn, round_id)?,
            today,
        ))
    }

    /// Moves the round, as the coordinator saw it (`seen`, its version), to its next stage,
    /// when the step's condition holds; the refusal says what is missing.
    pub fn advance_round(
        &mut self,
        round_id: RoundId,
        seen: i64,
        today: NaiveDate,
    ) -> Result<RoundStatus> {
        self.action("round.advance", Changes::ROUNDS, |tx| {
            let round = read_round(tx, round_id)?;
            if round.version != seen {
                return Err(StoreError::Stale(format!(
                    "round {} was changed in another window (now {})",
                    round.plan.name, round.plan.status
                )));
            }
            let next =
                stage::next_stage(&round.plan, facts(tx, round_id)?, today).map_err(|why| {
                    StoreError::Invalid(format!(
                        "{} stays {}: {why}",
                        round.plan.name, round.plan.status
                    ))
                })?;
            tx.execute(
                "UPDATE rounds SET status = ?2 WHERE id = ?1",
                params![round_id, next.code()],
            )?;
            Ok((
                next,
                format!(
                    "moved round {} from {} to {next}",
                    round.plan.name, round.plan.status
                ),
                json!({"round": round_id, "from": round.plan.status.code(), "to": next.code()}),
            ))
        })
    }

    /// Ends, as of `today`, the partnerships whose term has passed (their end date kept) and
    /// the running rounds whose term has passed. Run when iln starts and when the day
    /// changes; does nothing (and records nothing) when nothing is due.
    pub fn follow_calendar(&mut self, today: NaiveDate) -> Result<CalendarChanges> {
        // Read first, so that a day with nothing due records nothing; and again in the
        // transaction, where another iln may have done it meanwhile.
        if due(&self.conn, today)?.is_empty() {
            return Ok(CalendarChanges::default());
        }
        let done = self.action("calendar", Changes::ROUNDS | Changes::PARTNERSHIPS, |tx| {
            let rounds_due = due(tx, today)?;
            let partnerships_ended = tx.execute(
                "UPDATE partnerships SET status = 'ended' WHERE status = 'active' AND ends_on <= ?1",
                [today],
            )?;
            // A round ends when its term has passed and none of its partnerships runs on.
            let mut rounds_ended = Vec::new();
            for round in rounds_due.rounds {
                let ended = tx.execute(
                    "UPDATE rounds SET status = 'ended' WHERE id = ?1 AND status = 'active'
                       AND NOT EXISTS (SELECT 1 FROM partnerships
                                       WHERE round_id = ?1 AND status = 'active')",
                    [round.id],
                )?;
                if ended == 1 {
                    rounds_ended.push(round.plan.name.clone());
                }
            }
            let changes = CalendarChanges {
                partnerships_ended,
                rounds_ended,
            };
            if changes.is_empty() {
                return Err(StoreError::Invalid(NOTHING_DUE.into()));
            }
            let summary = format!(
                "on {today}, {} ended by date{}",
                counted(partnerships_ended, "partnership", "partnerships"),
                if changes.rounds_ended.is_empty() {
                    String::new()
                } else {
                    format!(", and round {}", changes.rounds_ended.join(", "))
                }
            );
            Ok((changes, summary, json!({"today": today})))
        });
        match done {
            Err(StoreError::Invalid(why)) if why == NOTHING_DUE => Ok(CalendarChanges::default()),
            other => other,
        }
    }
}
