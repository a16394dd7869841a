//! A round's draft matching, from the matcher's proposal to publishing: every change to the
//! draft is one transaction, one audit entry and one step of an undo history kept in the
//! database (so undo works across restarts); publishing turns the draft into partnerships;
//! during the round, problems are logged and partnerships end early.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::people::applications_ref;
use super::stages::{check_allows, check_draft_change};
use super::{Changes, Result, Store, StoreError};
use crate::domain::stage::Act;
use crate::domain::{
    ApplicationId, Partnership, PartnershipId, PartnershipStatus, PersonId, RoundId, RoundStatus,
};
use crate::text::counted;

/// One draft group as the history keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Group {
    members: Vec<ApplicationId>,
    score: Option<i64>,
    locked: bool,
}

/// The state a history step goes between: the round's drafts, and a forbidden pair the
/// step added (person ids), if any, with its reason (so that redo forbids it again as it was).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Snapshot {
    drafts: Vec<Group>,
    #[serde(default)]
    forbidden: Option<(PersonId, PersonId)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    forbidden_reason: Option<String>,
    /// The round's last run summary at that point, so that undoing a run restores the
    /// summary of the run before it.
    #[serde(default)]
    result: Option<String>,
}

fn run_summary(tx: &Transaction, round_id: RoundId) -> Result<Option<String>> {
    Ok(tx
        .query_row(
            "SELECT summary FROM match_results WHERE round_id = ?1",
            [round_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// One change to a round's draft, as the undo history keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryStep {
    pub id: i64,
    /// What it did: `unpaired Ana Silva & Ben Okafor`.
    pub summary: String,
}

/// What undo and redo would do now.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DraftHistory {
    pub undo: Option<HistoryStep>,
    pub redo: Option<HistoryStep>,
}

/// The step undo (or redo) would take, with the drafts before and after it.
fn next_step(
    conn: &rusqlite::Connection,
    round_id: RoundId,
    undo: bool,
) -> Result<Option<(HistoryStep, Snapshot, Snapshot)>> {
    let sql = if undo {
        "SELECT id, summary, before, after FROM draft_history
         WHERE round_id = ?1 AND undone = 0 ORDER BY id DESC LIMIT 1"
    } else {
        "SELECT id, summary, before, after FROM draft_history
         WHERE round_id = ?1 AND undone = 1 ORDER BY id LIMIT 1"
    };
    let step: Option<(i64, String, String, String)> = conn
        .query_row(sql, [round_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((id, summary, before, after)) = step else {
        return Ok(None);
    };
    let parse = |s: &str| {
        serde_json::from_str::<Snapshot>(s)
            .map_err(|e| StoreError::Invalid(format!("the undo history is unreadable: {e}")))
    };
    Ok(Some((
        HistoryStep {
            id,
            summary: super::people::named(conn, &summary)?,
        },
        parse(&before)?,
        parse(&after)?,
    )))
}

/// What a problem logged on a partnership is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    Unresponsive,
    Withdrawal,
    Conduct,
    Other,
}

impl ProblemKind {
    pub const ALL: [ProblemKind; 4] = [
        ProblemKind::Unresponsive,
        ProblemKind::Withdrawal,
        ProblemKind::Conduct,
        ProblemKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ProblemKind::Unresponsive => "unresponsive",
            ProblemKind::Withdrawal => "withdrawal",
            ProblemKind::Conduct => "conduct",
            ProblemKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ProblemKind::Unresponsive => "unresponsive partner",
            ProblemKind::Withdrawal => "withdrawal",
            ProblemKind::Conduct => "code-of-conduct report",
            ProblemKind::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<ProblemKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub id: i64,
    /// Bumped by every change, so that a problem settled elsewhere is not settled again.
    pub version: i64,
    pub partnership_id: PartnershipId,
    pub kind: ProblemKind,
    pub note: String,
    pub follow_up_on: Option<NaiveDate>,
    pub logged_on: NaiveDate,
    /// How it was settled, on which day and with what note; `None` while it is open.
    pub settled: Option<Settled>,
}

/// How a problem ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemOutcome {
    /// Put right.
    Resolved,
    /// Not put right, but nothing more is to be done.
    Closed,
}

impl ProblemOutcome {
    pub fn code(self) -> &'static str {
        match self {
            ProblemOutcome::Resolved => "resolved",
            ProblemOutcome::Closed => "closed",
        }
    }

    pub fn from_code(code: &str) -> Option<ProblemOutcome> {
        [ProblemOutcome::Resolved, ProblemOutcome::Closed]
            .into_iter()
            .find(|o| o.code() == code)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settled {
    pub outcome: ProblemOutcome,
    pub on: NaiveDate,
    pub note: String,
}

impl Problem {
    pub fn is_open(&self) -> bool {
        self.settled.is_none()
    }

    /// Whether its follow-up is due on `today` or before and it is still open.
    pub fn is_due(&self, today: NaiveDate) -> bool {
        self.is_open() && self.follow_up_on.is_some_and(|d| d <= today)
    }
}

/// What publishing did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Published {
    pub partnerships: usize,
    pub people: usize,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

fn snapshot(tx: &Transaction, round_id: RoundId) -> Result<Vec<Group>> {
    let mut stmt = tx.prepare(
        "SELECT p.score, p.locked,
                (SELECT group_concat(application_id, ',') FROM
                    (SELECT application_id FROM partnership_members
                     WHERE partnership_id = p.id ORDER BY application_id))
         FROM partnerships p WHERE p.round_id = ?1 AND p.status = 'draft'
         ORDER BY p.id",
    )?;
    let rows = stmt.query_map([round_id], |r| {
        let members: String = r.get(2)?;
        Ok(Group {
            score: r.get(0)?,
            locked: r.get(1)?,
            members: members.split(',').filter_map(|m| m.parse().ok()).collect(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Makes the round's drafts `groups`, checking that every member is an accepted application
/// of the round and in no other live partnership. A draft whose members stay together keeps
/// its row (and id, so that what another window shows of it stays true); the others go and
/// the new ones are added.
fn write_drafts(tx: &Transaction, round_id: RoundId, groups: &[Group]) -> Result<()> {
    let current: Vec<(PartnershipId, String)> = {
        let mut stmt = tx.prepare(
            "SELECT p.id, (SELECT group_concat(application_id, ',') FROM
                 (SELECT application_id FROM partnership_members
                  WHERE partnership_id = p.id ORDER BY application_id))
             FROM partnerships p WHERE p.round_id = ?1 AND p.status = 'draft'",
        )?;
        stmt.query_map([round_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let mut wanted: Vec<&Group> = groups.iter().collect();
    for (id, members) in current {
        let members: Vec<ApplicationId> =
            members.split(',').filter_map(|m| m.parse().ok()).collect();
        match wanted.iter().position(|g| sorted(&g.members) == members) {
            Some(at) => {
                let g = wanted.remove(at);
                tx.execute(
                    "UPDATE partnerships SET score = ?2, locked = ?3
                     WHERE id = ?1 AND (score IS NOT ?2 OR locked <> ?3)",
                    params![id, g.score, g.locked],
                )?;
            }
            None => {
                tx.execute("DELETE FROM partnerships WHERE id = ?1", [id])?;
            }
        }
    }
    let new: Vec<Group> = wanted.into_iter().cloned().collect();
    insert_drafts(tx, round_id, &new)
}

fn sorted<T: Clone + Ord>(items: &[T]) -> Vec<T> {
    let mut v = items.to_vec();
    v.sort_unstable();
    v
}

/// The round's draft now: partnership ids and versions, in id order.
fn draft_now(tx: &Transaction, round_id: RoundId) -> Result<Vec<(PartnershipId, i64)>> {
    let mut stmt = tx.prepare(
        "SELECT id, version FROM partnerships WHERE round_id = ?1 AND status = 'draft'
         ORDER BY id",
    )?;
    let rows = stmt.query_map([round_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn insert_drafts(tx: &Transaction, round_id: RoundId, groups: &[Group]) -> Result<()> {
    let mut insert = tx.prepare(
        "INSERT INTO partnerships (round_id, status, score, locked) VALUES (?1, 'draft', ?2, ?3)",
    )?;
    let mut member = tx.prepare(
        "INSERT INTO partnership_members (partnership_id, application_id)
         SELECT ?1, id FROM applications WHERE id = ?2 AND round_id = ?3 AND status = 'accepted'",
    )?;
    for g in groups {
        if !(2..=3).contains(&g.members.len()) {
            return Err(StoreError::Invalid(format!(
                "a partnership has two or three members, not {}",
                g.members.len()
            )));
        }
        insert.execute(params![round_id, g.score, g.locked])?;
        let id = tx.last_insert_rowid();
        for &m in &g.members {
            if member.execute(params![id, m, round_id])? != 1 {
                return Err(StoreError::Invalid(format!(
                    "{} (application {m}) is not an accepted application of this round",
                    names(tx, &[m])?
                )));
            }
        }
    }
    let doubled: Option<ApplicationId> = tx
        .query_row(
            "SELECT m.application_id FROM partnership_members m
             JOIN partnerships p ON p.id = m.partnership_id
             WHERE p.round_id = ?1 AND p.status IN ('draft', 'active')
             GROUP BY m.application_id HAVING count(*) > 1 LIMIT 1",
            [round_id],
            |r| r.get(0),
        )
        .optional()?;
    match doubled {
        Some(app) => Err(StoreError::Invalid(format!(
            "{} (application {app}) would be in two partnerships",
            names(tx, &[app])?
        ))),
        None => Ok(()),
    }
}

fn round_of_partnership(
    tx: &Transaction,
    id: PartnershipId,
) -> Result<(RoundId, PartnershipStatus)> {
    tx.query_row(
        "SELECT round_id, status FROM partnerships WHERE id = ?1",
        [id],
        |r| {
            let status: String = r.get(1)?;
            Ok((r.get(0)?, status))
        },
    )
    .optional()?
    .and_then(|(round, status)| PartnershipStatus::from_code(&status).map(|s| (round, s)))
    .ok_or_else(|| StoreError::NotFound(format!("partnership {id}")))
}

/// `Ana Silva & Ben Okafor`: the applicants' names, for history and audit summaries.
fn names(tx: &Transaction, application_ids: &[ApplicationId]) -> Result<String> {
    let mut out = Vec::with_capacity(application_ids.len());
    for &id in application_ids {
        let name: Option<String> = tx
            .query_row("SELECT name FROM applications WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        out.push(name.unwrap_or_else(|| format!("application {id}")));
    }
    Ok(out.join(" & "))
}

/// The members (ascending) of the round's draft and running groups that hold `a` or `b`.
fn live_groups_of(
    tx: &Transaction,
    round_id: RoundId,
    a: ApplicationId,
    b: ApplicationId,
) -> Result<Vec<Vec<ApplicationId>>> {
    let mut stmt = tx.prepare(
        "SELECT (SELECT group_concat(application_id, ',') FROM
                    (SELECT application_id FROM partnership_members
                     WHERE partnership_id = p.id ORDER BY application_id))
         FROM partnerships p
         WHERE p.round_id = ?1 AND p.status IN ('draft', 'active')
           AND EXISTS (SELECT 1 FROM partnership_members m
                       WHERE m.partnership_id = p.id AND m.application_id IN (?2, ?3))",
    )?;
    let rows = stmt.query_map(params![round_id, a, b], |r| {
        let members: String = r.get(0)?;
        Ok(members.split(',').filter_map(|m| m.parse().ok()).collect())
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Refuses a change to a partnership that is no longer as the coordinator saw it: gone
/// (matched again, unpaired, undone) or changed since (its version moved on). Says what
/// happened, naming the members as they were shown.
fn check_seen(tx: &Transaction, seen: &Partnership) -> Result<()> {
    let now: Option<(i64, String, bool)> = tx
        .query_row(
            "SELECT version, status, locked FROM partnerships WHERE id = ?1",
            [seen.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let what = match now {
        Some((version, ..)) if version == seen.version => return Ok(()),
        // Matching again may well make the same pair, under a new id: say so, since the
        // list then looks as it did.
        None if live_groups_of(tx, seen.round_id, seen.members[0], seen.members[0])?
            .contains(&seen.members) =>
        {
            "were matched again in another window, into the same group, as a new draft".to_string()
        }
        None => "were matched again or unpaired in another window".to_string(),
        Some((_, status, _)) if status != seen.status.code() => {
            let status = PartnershipStatus::from_code(&status).unwrap_or(seen.status);
            format!("are {} now (changed in another window)", status.label())
        }
        Some((_, _, true)) if !seen.locked => "were locked in another window".to_string(),
        Some((_, _, false)) if seen.locked => "were unlocked in another window".to_string(),
        Some(_) => "were changed in another window".to_string(),
    };
    Err(StoreError::Stale(format!(
        "{} {what}",
        names(tx, &seen.members)?
    )))
}

/// Refuses a draft-only change on a published partnership.
fn draft_only(seen: &Partnership) -> Result<()> {
    if seen.status != PartnershipStatus::Draft {
        return Err(StoreError::Invalid(
            "this partnership is published; only draft pairs change here".into(),
        ));
    }
    Ok(())
}

fn person_of(tx: &Transaction, application_id: ApplicationId) -> Result<PersonId> {
    tx.query_row(
        "SELECT person_id FROM applications WHERE id = ?1",
        [application_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("application {application_id}")))
}

impl Store {
    /// Changes a round's draft in one transaction with one audit entry, and records the
    /// change as a step that [`Store::undo_draft`] can take back. `f` returns its value, the
    /// summary, the audit detail, and the forbidden pair it added with its reason (if it did).
    fn draft_action<T>(
        &mut self,
        round_id: RoundId,
        action: &str,
        f: impl FnOnce(
            &Transaction,
        ) -> Result<(
            T,
            String,
            serde_json::Value,
            Option<(PersonId, PersonId, String)>,
        )>,
    ) -> Result<T> {
        // The round's stage may move too (closed to matching, with its first draft).
        self.action(action, Changes::PARTNERSHIPS | Changes::ROUNDS, |tx| {
            let before = (snapshot(tx, round_id)?, run_summary(tx, round_id)?);
            let (value, summary, detail, forbidden) = f(tx)?;
            // After the command's own checks of what was shown, in the same transaction: a
            // stage that allows no change undoes it.
            check_draft_change(tx, round_id)?;
            let after = (snapshot(tx, round_id)?, run_summary(tx, round_id)?);
            if before != after || forbidden.is_some() {
                // A new step ends the redo branch.
                tx.execute(
                    "DELETE FROM draft_history WHERE round_id = ?1 AND undone = 1",
                    [round_id],
                )?;
                let json = |(drafts, result): (Vec<Group>, Option<String>)| {
                    serde_json::to_string(&Snapshot {
                        drafts,
                        forbidden: forbidden.as_ref().map(|&(p, q, _)| (p, q)),
                        forbidden_reason: forbidden.as_ref().map(|(_, _, r)| r.clone()),
                        result,
                    })
                    .expect("snapshots serialise")
                };
                tx.execute(
                    "INSERT INTO draft_history (round_id, summary, before, after)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![round_id, summary, json(before), json(after)],
                )?;
            }
            Ok((value, summary, detail))
        })
    }

    /// Unlocked draft partnerships of a round: what a new run would replace.
    pub fn unlocked_draft_count(&self, round_id: RoundId) -> Result<usize> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM partnerships
             WHERE round_id = ?1 AND status = 'draft' AND locked = 0",
            [round_id],
            |r| r.get::<_, i64>(0),
        )? as usize)
    }

    /// Replaces the round's unlocked draft partnerships with `groups` (application ids and
    /// score), in one transaction, and keeps `result` (a JSON summary of the run) as the
    /// round's last matching result. Locked drafts and published partnerships stay as they
    /// are. Returns how many drafts were replaced.
    pub fn replace_draft_matching(
        &mut self,
        round_id: RoundId,
        groups: &[(Vec<ApplicationId>, i64)],
        summary: &str,
        result: &serde_json::Value,
        seen: &[(PartnershipId, i64)],
    ) -> Result<usize> {
        let round = self.round(round_id)?;
        self.draft_action(round_id, "matching.draft", |tx| {
            if draft_now(tx, round_id)? != sorted(seen) {
                return Err(StoreError::Stale(format!(
                    "the draft of {} was changed in another window while matching ran, so \
                     the result was not kept; match again to take that change in",
                    round.plan.name
                )));
            }
            // A locked draft with someone no longer accepted is no lock the run could keep.
            let replaced = tx.execute(
                "DELETE FROM partnerships WHERE round_id = ?1 AND status = 'draft'
                   AND (locked = 0 OR EXISTS (
                       SELECT 1 FROM partnership_members m JOIN applications a
                         ON a.id = m.application_id
                       WHERE m.partnership_id = partnerships.id AND a.status <> 'accepted'))",
                [round_id],
            )?;
            let new: Vec<Group> = groups
                .iter()
                .map(|(members, score)| Group {
                    members: members.clone(),
                    score: Some(*score),
                    locked: false,
                })
                .collect();
            insert_drafts(tx, round_id, &new)?;
            // A run over a running round's rematch pool: the round's figures stay those of
            // the run it was published from; only who is left unmatched, and why, is new.
            let kept = match run_summary(tx, round_id)? {
                Some(old) if round.plan.status == RoundStatus::Active => {
                    let mut kept: serde_json::Value =
                        serde_json::from_str(&old).unwrap_or_else(|_| result.clone());
                    kept["unmatched"] = result["unmatched"].clone();
                    kept
                }
                _ => result.clone(),
            };
            tx.execute(
                "INSERT INTO match_results (round_id, summary) VALUES (?1, ?2)
                 ON CONFLICT (round_id) DO UPDATE SET summary = excluded.summary,
                     ran_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
                params![round_id, kept.to_string()],
            )?;
            Ok((
                replaced,
                summary.to_string(),
                json!({"round": round_id, "replaced": replaced, "groups": groups.len()}),
                None,
            ))
        })
    }

    /// The summary the last matching run of a round kept, if any.
    pub fn match_result(&self, round_id: RoundId) -> Result<Option<serde_json::Value>> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT summary FROM match_results WHERE round_id = ?1",
                [round_id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    }

    /// Locks a draft partnership (matching again keeps it) or unlocks it. `seen` is the
    /// partnership as the coordinator saw it; a changed one is refused.
    pub fn set_partnership_locked(&mut self, seen: &Partnership, locked: bool) -> Result<()> {
        let id = seen.id;
        draft_only(seen)?;
        self.draft_action(seen.round_id, "partnership.lock", |tx| {
            check_seen(tx, seen)?;
            let who = applications_ref(&seen.members);
            tx.execute(
                "UPDATE partnerships SET locked = ?2 WHERE id = ?1 AND status = 'draft'",
                params![id, locked],
            )?;
            Ok((
                (),
                format!("{} {who}", if locked { "locked" } else { "unlocked" }),
                json!({"partnership": id, "locked": locked}),
                None,
            ))
        })
    }

    /// Dissolves a draft partnership; its members go back to the unmatched. `seen` is the
    /// partnership as the coordinator saw it; a changed one is refused.
    pub fn unpair(&mut self, seen: &Partnership) -> Result<()> {
        let id = seen.id;
        draft_only(seen)?;
        self.draft_action(seen.round_id, "partnership.unpair", |tx| {
            check_seen(tx, seen)?;
            let who = applications_ref(&seen.members);
            tx.execute("DELETE FROM partnerships WHERE id = ?1", [id])?;
            Ok((
                (),
                format!("unpaired {who}"),
                json!({"partnership": id}),
                None,
            ))
        })
    }

    /// Pairs two accepted applications of a round by hand, as a locked draft with `score`.
    /// Any draft either of them was in is dissolved; returns those drafts' member lists.
    ///
    /// `shown` are the groups of `a` and `b` as the coordinator was shown them (members
    /// ascending; none for someone shown unpaired): when the groups now are others, the
    /// pairing is refused rather than break up a group nobody saw.
    pub fn pair_by_hand(
        &mut self,
        round_id: RoundId,
        a: ApplicationId,
        b: ApplicationId,
        score: Option<i64>,
        shown: &[Vec<ApplicationId>],
    ) -> Result<Vec<Vec<ApplicationId>>> {
        if a == b {
            return Err(StoreError::Invalid(
                "a pair needs two different people".into(),
            ));
        }
        self.draft_action(round_id, "partnership.pair", |tx| {
            let drafts = snapshot(tx, round_id)?;
            let (dissolved, kept): (Vec<Group>, Vec<Group>) = drafts
                .into_iter()
                .partition(|g| g.members.contains(&a) || g.members.contains(&b));
            let mut now = live_groups_of(tx, round_id, a, b)?;
            let mut seen: Vec<Vec<ApplicationId>> =
                shown.iter().filter(|g| !g.is_empty()).cloned().collect();
            now.sort();
            now.dedup();
            seen.sort();
            seen.dedup();
            if now != seen {
                return Err(StoreError::Stale(format!(
                    "{} were paired differently in another window",
                    names(tx, &[a, b])?
                )));
            }
            let mut groups = kept;
            let mut members = vec![a, b];
            members.sort_unstable();
            groups.push(Group {
                members,
                score,
                locked: true,
            });
            write_drafts(tx, round_id, &groups)?;
            Ok((
                dissolved.iter().map(|g| g.members.clone()).collect(),
                format!("paired {} by hand", applications_ref(&[a, b])),
                json!({"round": round_id, "members": [a, b], "dissolved": dissolved.len()}),
                None,
            ))
        })
    }

    /// Dissolves a draft pair and records that its two people must never be paired. `seen`
    /// is the pair as the coordinator saw it; a changed one is refused, so that only the pair
    /// shown is ever forbidden.
    pub fn forbid_draft_pair(&mut self, seen: &Partnership, reason: &str) -> Result<()> {
        let id = seen.id;
        draft_only(seen)?;
        self.draft_action(seen.round_id, "pair.forbid", |tx| {
            check_seen(tx, seen)?;
            let [x, y] = seen.members[..] else {
                return Err(StoreError::Invalid(
                    "only a pair can be forbidden; unpair a trio instead".into(),
                ));
            };
            let (p, q) = (person_of(tx, x)?, person_of(tx, y)?);
            let (p, q) = (p.min(q), p.max(q));
            let added = tx.execute(
                "INSERT INTO forbidden_pairs (person_a, person_b, reason) VALUES (?1, ?2, ?3)
                 ON CONFLICT DO NOTHING",
                params![p, q, reason],
            )?;
            tx.execute("DELETE FROM partnerships WHERE id = ?1", [id])?;
            Ok((
                (),
                format!("forbade pairing {}", applications_ref(&[x, y])),
                json!({"partnership": id, "person_a": p, "person_b": q, "reason": reason}),
                (added == 1).then(|| (p, q, reason.to_string())),
            ))
        })
    }

    /// The change to the round's draft that undo would take back, and the one redo would
    /// do again.
    pub fn draft_history(&self, round_id: RoundId) -> Result<DraftHistory> {
        Ok(DraftHistory {
            undo: next_step(&self.conn, round_id, true)?.map(|s| s.0),
            redo: next_step(&self.conn, round_id, false)?.map(|s| s.0),
        })
    }

    /// Takes back the round's last draft change, the one the coordinator was offered
    /// (`seen`); returns what it was, or `None` when there is nothing to undo.
    pub fn undo_draft(&mut self, round_id: RoundId, seen: &HistoryStep) -> Result<Option<String>> {
        self.step_history(round_id, true, seen)
    }

    /// Does again the change last undone, the one the coordinator was offered (`seen`);
    /// `None` when there is nothing to redo.
    pub fn redo_draft(&mut self, round_id: RoundId, seen: &HistoryStep) -> Result<Option<String>> {
        self.step_history(round_id, false, seen)
    }

    fn step_history(
        &mut self,
        round_id: RoundId,
        undo: bool,
        seen: &HistoryStep,
    ) -> Result<Option<String>> {
        let name = if undo { "draft.undo" } else { "draft.redo" };
        if next_step(&self.conn, round_id, undo)?.is_none() {
            return Ok(None);
        }
        self.action(name, Changes::PARTNERSHIPS, |tx| {
            check_allows(tx, round_id, Act::Match)?;
            let Some((step, before, after)) = next_step(tx, round_id, undo)? else {
                return Err(StoreError::Stale(
                    "the draft's history was changed in another window".into(),
                ));
            };
            if step.id != seen.id {
                return Err(StoreError::Stale(format!(
                    "the last change to the draft is now “{}”, made in another window; {} \
                     again {} that one",
                    step.summary,
                    if undo { "undo" } else { "redo" },
                    if undo { "undoes" } else { "redoes" }
                )));
            }
            let (id, summary) = (step.id, step.summary);
            let to = if undo { &before } else { &after };
            // Groups with someone withdrawn or deferred since cannot come back; the rest do.
            let mut accepted = tx.prepare(
                "SELECT count(*) FROM applications WHERE id = ?1 AND status = 'accepted'",
            )?;
            let mut kept = Vec::with_capacity(to.drafts.len());
            for g in &to.drafts {
                let mut all = true;
                for &m in &g.members {
                    all &= accepted.query_row([m], |r| r.get::<_, i64>(0))? == 1;
                }
                if all {
                    kept.push(g.clone());
                }
            }
            let left_out = to.drafts.len() - kept.len();
            write_drafts(tx, round_id, &kept)?;
            match &to.result {
                Some(result) => tx.execute(
                    "INSERT INTO match_results (round_id, summary) VALUES (?1, ?2)
                     ON CONFLICT (round_id) DO UPDATE SET summary = excluded.summary",
                    params![round_id, result],
                )?,
                None => tx.execute("DELETE FROM match_results WHERE round_id = ?1", [round_id])?,
            };
            if let Some((p, q)) = after.forbidden {
                if undo {
                    tx.execute(
                        "DELETE FROM forbidden_pairs WHERE person_a = ?1 AND person_b = ?2",
                        params![p, q],
                    )?;
                } else {
                    tx.execute(
                        "INSERT INTO forbidden_pairs (person_a, person_b, reason)
                         VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                        params![p, q, after.forbidden_reason.as_deref().unwrap_or_default()],
                    )?;
                }
            }
            tx.execute(
                "UPDATE draft_history SET undone = ?2 WHERE id = ?1",
                params![id, undo],
            )?;
            let verb = if undo { "undid" } else { "redid" };
            let summary = match left_out {
                0 => summary.clone(),
                n => format!(
                    "{summary} ({n} of its pairs left out: someone in them is no longer accepted)"
                ),
            };
            Ok((
                Some(summary.clone()),
                format!("{verb}: {summary}"),
                json!({"round": round_id, "step": id}),
            ))
        })
    }

    /// Publishes the round's draft: every draft group becomes an active partnership from
    /// `starts_on` to the end of the round's term, and so counts as past partners from now
    /// on; the round becomes active, and the draft's undo history ends here. `seen` is the
    /// draft as the coordinator was shown it (partnership ids and versions): a draft changed
    /// since is refused, so that what is published is what was counted.
    pub fn publish_draft(
        &mut self,
        round_id: RoundId,
        round_seen: i64,
        starts_on: NaiveDate,
        seen: &[(PartnershipId, i64)],
    ) -> Result<Published> {
        self.action("matching.publish", Changes::PARTNERSHIPS | Changes::ROUNDS, |tx| {
            // The round as the question showed it (its term gives the end date).
            let round = check_allows(tx, round_id, Act::Publish)?;
            if round.version != round_seen {
                return Err(StoreError::Stale(format!(
                    "round {} was changed in another window after the question (its dates or \
                     status)",
                    round.plan.name
                )));
            }
            let ends_on = round.plan.ends_on();
            if starts_on >= ends_on {
                return Err(StoreError::Invalid(format!(
                    "the round's term ended on {ends_on}; there is nothing left to publish into"
                )));
            }
            if draft_now(tx, round_id)? != sorted(seen) {
                return Err(StoreError::Stale(format!(
                    "the draft of {} was changed in another window after the question",
                    round.plan.name
                )));
            }
            let gone: Vec<String> = {
                let mut stmt = tx.prepare(
                    "SELECT a.name || ' (' || a.status || ')' FROM partnership_members m
                     JOIN partnerships p ON p.id = m.partnership_id
                     JOIN applications a ON a.id = m.application_id
                     WHERE p.round_id = ?1 AND p.status = 'draft' AND a.status <> 'accepted'
                     ORDER BY a.name",
                )?;
                stmt.query_map([round_id], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?
            };
            if !gone.is_empty() {
                return Err(StoreError::Invalid(format!(
                    "the draft has people who are no longer accepted: {}; unpair them or \
                     match again first",
                    gone.join(", ")
                )));
            }
            let people: i64 = tx.query_row(
                "SELECT count(*) FROM partnership_members m
                 JOIN partnerships p ON p.id = m.partnership_id
                 WHERE p.round_id = ?1 AND p.status = 'draft'",
                [round_id],
                |r| r.get(0),
            )?;
            let partnerships = tx.execute(
                "UPDATE partnerships SET status = 'active', starts_on = ?2, ends_on = ?3,
                        locked = 0
                 WHERE round_id = ?1 AND status = 'draft'",
                params![round_id, starts_on, ends_on],
            )?;
            if partnerships == 0 {
                return Err(StoreError::Invalid(
                    "there is no draft to publish; match the round first".into(),
                ));
            }
            tx.execute(
                "UPDATE rounds SET status = ?2 WHERE id = ?1",
                params![round_id, RoundStatus::Active.code()],
            )?;
            tx.execute("DELETE FROM draft_history WHERE round_id = ?1", [round_id])?;
            let published = Published {
                partnerships,
                people: people as usize,
                starts_on,
                ends_on,
            };
            Ok((
                published,
                format!(
                    "published {} ({}), {starts_on} to {ends_on}",
                    counted(partnerships, "partnership", "partnerships"),
                    counted(people as usize, "person", "people")
                ),
                json!({"round": round_id, "partnerships": partnerships, "starts_on": starts_on}),
            ))
        })
    }

    /// Logs a problem on a partnership, as the coordinator saw it (`seen`).
    pub fn log_problem(
        &mut self,
        seen: &Partnership,
        kind: ProblemKind,
        note: &str,
        follow_up_on: Option<NaiveDate>,
        logged_on: NaiveDate,
    ) -> Result<Problem> {
        let partnership_id = seen.id;
        self.action("partnership.problem", Changes::PARTNERSHIPS, |tx| {
            check_seen(tx, seen)?;
            check_allows(tx, round_of_partnership(tx, partnership_id)?.0, Act::Match)?;
            if seen.status == PartnershipStatus::Draft {
                return Err(StoreError::Invalid(
                    "problems are logged on published partnerships; this one is a draft".into(),
                ));
            }
            tx.execute(
                "INSERT INTO partnership_problems (partnership_id, kind, note, follow_up_on,
                                                   logged_on)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![partnership_id, kind.code(), note, follow_up_on, logged_on],
            )?;
            let problem = Problem {
                id: tx.last_insert_rowid(),
                version: 1,
                partnership_id,
                kind,
                note: note.to_string(),
                follow_up_on,
                logged_on,
                settled: None,
            };
            Ok((
                problem,
                format!(
                    "logged a problem on partnership {partnership_id}: {}",
                    kind.label()
                ),
                json!({"partnership": partnership_id, "kind": kind.code()}),
            ))
        })
    }

    /// The problems logged on a round's partnerships, oldest first.
    pub fn problems(&self, round_id: RoundId) -> Result<Vec<Problem>> {
        let mut stmt = self.conn.prepare(
            "SELECT x.id, x.partnership_id, x.kind, x.note, x.follow_up_on, x.logged_on,
                    x.version, x.outcome, x.settled_on, x.outcome_note
             FROM partnership_problems x JOIN partnerships p ON p.id = x.partnership_id
             WHERE p.round_id = ?1 ORDER BY x.id",
        )?;
        let rows = stmt.query_map([round_id], |r| {
            let kind: String = r.get(2)?;
            let outcome: Option<String> = r.get(7)?;
            let settled = match outcome {
                Some(o) => Some(Settled {
                    outcome: super::stored(ProblemOutcome::from_code(&o), "outcome", &o)?,
                    on: r.get(8)?,
                    note: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
                }),
                None => None,
            };
            Ok(Problem {
                id: r.get(0)?,
                version: r.get(6)?,
                partnership_id: r.get(1)?,
                kind: super::stored(ProblemKind::from_code(&kind), "kind", &kind)?,
                note: r.get(3)?,
                follow_up_on: r.get(4)?,
                logged_on: r.get(5)?,
                settled,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Settles a problem as the coordinator saw it (`seen`): resolved or closed, on `on`,
    /// with a note saying how.
    pub fn settle_problem(
        &mut self,
        seen: &Problem,
        outcome: ProblemOutcome,
        note: &str,
        on: NaiveDate,
    ) -> Result<()> {
        if note.trim().is_empty() {
            return Err(StoreError::Invalid(format!(
                "say how the problem was {}",
                outcome.code()
            )));
        }
        // Settled in any stage: a round ended by the date may leave a problem open.
        self.action("problem.settle", Changes::PARTNERSHIPS, |tx| {
            let written = tx.execute(
                "UPDATE partnership_problems SET outcome = ?2, outcome_note = ?3, settled_on = ?4
                 WHERE id = ?1 AND version = ?5 AND outcome IS NULL",
                params![seen.id, outcome.code(), note.trim(), on, seen.version],
            )?;
            if written == 0 {
                return Err(StoreError::Stale(
                    "the problem was changed or settled in another window".into(),
                ));
            }
            Ok((
                (),
                format!(
                    "{} the problem logged on {} ({}): {}",
                    outcome.code(),
                    seen.logged_on,
                    seen.kind.label(),
                    note.trim()
                ),
                json!({"problem": seen.id, "outcome": outcome.code()}),
            ))
        })
    }

    /// Ends an active partnership early, as the coordinator saw it (`seen`); its members join
    /// the round's rematch pool.
    pub fn end_early(
        &mut self,
        seen: &Partnership,
        reason: &str,
        on: NaiveDate,
    ) -> Result<Partnership> {
        let id = seen.id;
        if reason.trim().is_empty() {
            return Err(StoreError::Invalid(
                "say why the partnership ends early".into(),
            ));
        }
        let round_id = self.action("partnership.end_early", Changes::PARTNERSHIPS, |tx| {
            check_seen(tx, seen)?;
            let (round_id, status) = round_of_partnership(tx, id)?;
            check_allows(tx, round_id, Act::Match)?;
            if status != PartnershipStatus::Active {
                return Err(StoreError::Invalid(format!(
                    "only an active partnership ends early; this one is {}",
                    status.code()
                )));
            }
            tx.execute(
                "UPDATE partnerships SET status = 'ended_early',
                        ends_on = min(ends_on, max(starts_on, ?2)),
                        end_reason = ?3
                 WHERE id = ?1",
                params![id, on, reason.trim()],
            )?;
            Ok((
                round_id,
                format!("ended partnership {id} early: {}", reason.trim()),
                json!({"partnership": id, "on": on, "reason": reason.trim()}),
            ))
        })?;
        self.partnerships(round_id)?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or_else(|| StoreError::NotFound(format!("partnership {id}")))
    }

    /// The running partnership the application is in, if any.
    pub fn running_partnership_of(&self, id: ApplicationId) -> Result<Option<Partnership>> {
        let partnership: Option<PartnershipId> = self
            .conn
            .query_row(
                "SELECT p.id FROM partnerships p
                 JOIN partnership_members m ON m.partnership_id = p.id
                 WHERE m.application_id = ?1 AND p.status = 'active'",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        partnership.map(|p| self.partnership(p)).transpose()
    }

    /// Withdraws an applicant (at the version shown) who is in a running partnership (as
    /// shown): the partnership ends early on `on`, for "withdrawal", and the others in it
    /// join the rematch pool; both in one action.
    pub fn withdraw_from_partnership(
        &mut self,
        id: ApplicationId,
        seen: i64,
        partnership: &Partnership,
        on: NaiveDate,
    ) -> Result<()> {
        let name = self.application(id)?.form.name;
        self.action(
            "application.withdraw",
            Changes::APPLICATIONS | Changes::PARTNERSHIPS,
            |tx| {
                check_seen(tx, partnership)?;
                check_allows(tx, partnership.round_id, Act::Match)?;
                if partnership.status != PartnershipStatus::Active
                    || !partnership.members.contains(&id)
                {
                    return Err(StoreError::Invalid(format!(
                        "{name} is not in that running partnership"
                    )));
                }
                tx.execute(
                    "UPDATE partnerships SET status = 'ended_early',
                            ends_on = min(ends_on, max(starts_on, ?2)),
                            end_reason = 'withdrawal'
                     WHERE id = ?1",
                    params![partnership.id, on],
                )?;
                let changed = tx.execute(
                    "UPDATE applications SET status = 'withdrawn' WHERE id = ?1 AND version = ?2",
                    params![id, seen],
                )?;
                if changed == 0 {
                    return Err(StoreError::Stale(format!(
                        "the application of {name} changed in another window"
                    )));
                }
                Ok((
                    (),
                    format!(
                        "withdrew {name}, ending partnership {} early (withdrawal)",
                        partnership.id
                    ),
                    json!({"application": id, "partnership": partnership.id, "on": on}),
                ))
            },
        )
    }

    /// Adds someone of the round's rematch pool to a running pair (as shown) as its third
    /// member, where no pair is possible for them. One action, audited.
    pub fn join_partnership(&mut self, seen: &Partnership, person: ApplicationId) -> Result<()> {
        let name = self.application(person)?.form.name;
        self.action("partnership.join", Changes::PARTNERSHIPS, |tx| {
            check_seen(tx, seen)?;
            check_allows(tx, seen.round_id, Act::Match)?;
            if seen.status != PartnershipStatus::Active || seen.members.len() != 2 {
                return Err(StoreError::Invalid(
                    "only a running pair takes a third member".into(),
                ));
            }
            let free: bool = tx.query_row(
                "SELECT a.round_id = ?2 AND a.status = 'accepted'
                        AND NOT EXISTS (SELECT 1 FROM partnership_members m
                                        JOIN partnerships p ON p.id = m.partnership_id
                                        WHERE m.application_id = a.id
                                          AND p.status IN ('draft', 'active', 'ended'))
                 FROM applications a WHERE a.id = ?1",
                params![person, seen.round_id],
                |r| r.get(0),
            )?;
            if !free {
                return Err(StoreError::Invalid(format!(
                    "{name} is not in the round's rematch pool"
                )));
            }
            tx.execute(
                "INSERT INTO partnership_members (partnership_id, application_id) VALUES (?1, ?2)",
                params![seen.id, person],
            )?;
            tx.execute(
                "UPDATE partnerships SET version = version + 1 WHERE id = ?1",
                [seen.id],
            )?;
            Ok((
                (),
                format!(
                    "added {name} to partnership {} as its third member",
                    seen.id
                ),
                json!({"partnership": seen.id, "application": person}),
            ))
        })
    }
}
