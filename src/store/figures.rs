//! A round's figures as SQL aggregates: who took part, from where, whether they came back,
//! how they were matched and how the round went. `ops::figures` puts them together.

use std::collections::BTreeMap;

use super::{Result, Store};
use crate::domain::RoundId;

/// Counts read for one round, as the database holds them (codes, not names).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoundCounts {
    pub participants: usize,
    /// Country codes of the participants, with how many each.
    pub by_country: Vec<(String, usize)>,
    /// Participants' countries no earlier round had among its participants.
    pub new_countries: Vec<String>,
    /// Returning participants by how many earlier rounds they took part in.
    pub returning: BTreeMap<usize, usize>,
    pub by_sector: Vec<(String, usize)>,
    pub by_career_stage: Vec<(String, usize)>,
    /// Countries with someone deferred, and how many.
    pub deferred_by_country: Vec<(String, usize)>,
    /// Participants in a partnership: published ones, or the draft before publishing.
    pub matched: usize,
    pub trios: usize,
    /// Scores of those partnerships.
    pub mean_score: Option<f64>,
    pub lowest_score: Option<i64>,
    pub problems_open: usize,
    pub problems_resolved: usize,
    pub problems_closed: usize,
    pub ended_early: usize,
    /// People whose partnership ended early and who are in another one of the round.
    pub rematched: usize,
    /// Partnerships whose introduction went out.
    pub introduced: usize,
    pub topics_published: usize,
    pub topics_planned: usize,
    /// The last matching run's summary, as kept.
    pub run_summary: Option<serde_json::Value>,
    /// The scores of the partnerships that count.
    pub scores: Vec<i64>,
    /// Pairs of countries (codes, in order) partnered in the round's partnerships that
    /// count, with how many partnerships join them.
    pub country_links: Vec<(String, String, usize)>,
}

/// One round's size, for the program's history.
#[derive(Clone, Debug, PartialEq)]
pub struct RoundSize {
    pub name: String,
    pub participants: usize,
    pub countries: usize,
}

/// The partnerships that count: published ones, or the draft while nothing is published.
const COUNTED: &str = "
    CASE WHEN EXISTS (SELECT 1 FROM partnerships q
                      WHERE q.round_id = ?1 AND q.status <> 'draft')
         THEN p.status <> 'draft' ELSE p.status = 'draft' END";

impl Store {
    pub fn round_counts(&self, round_id: RoundId) -> Result<RoundCounts> {
        let c = &self.conn;
        let one = |sql: &str| -> Result<usize> {
            Ok(c.query_row(sql, [round_id], |r| r.get::<_, i64>(0))? as usize)
        };
        let pairs = |sql: &str| -> Result<Vec<(String, usize)>> {
            let mut stmt = c.prepare(sql)?;
            let rows = stmt.query_map([round_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let accepted = "a.round_id = ?1 AND a.status = 'accepted'";
        let mut counts = RoundCounts {
            participants: one(&format!(
                "SELECT count(*) FROM applications a WHERE {accepted}"
            ))?,
            by_country: pairs(&format!(
                "SELECT a.country, count(*) FROM applications a WHERE {accepted}
                 GROUP BY a.country ORDER BY count(*) DESC, a.country"
            ))?,
            by_sector: pairs(&format!(
                "SELECT a.sector, count(*) FROM applications a WHERE {accepted}
                 GROUP BY a.sector ORDER BY count(*) DESC, a.sector"
            ))?,
            by_career_stage: pairs(&format!(
                "SELECT a.career_stage, count(*) FROM applications a WHERE {accepted}
                 GROUP BY a.career_stage ORDER BY count(*) DESC, a.career_stage"
            ))?,
            deferred_by_country: pairs(
                "SELECT a.country, count(*) FROM applications a
                 WHERE a.round_id = ?1 AND a.status = 'deferred'
                 GROUP BY a.country ORDER BY count(*) DESC, a.country",
            )?,
            ..RoundCounts::default()
        };
        // Earlier rounds: those that opened before this one.
        let earlier = "SELECT e.id FROM rounds e, rounds t
                       WHERE t.id = ?1 AND e.opens_on < t.opens_on";
        counts.new_countries = pairs(&format!(
            "SELECT a.country, 0 FROM applications a WHERE {accepted}
               AND a.country NOT IN (SELECT b.country FROM applications b
                                     WHERE b.status = 'accepted' AND b.round_id IN ({earlier}))
             GROUP BY a.country ORDER BY a.country"
        ))?
        .into_iter()
        .map(|(code, _)| code)
        .collect();
        for (before, n) in pairs(&format!(
            "SELECT CAST(before AS TEXT), count(*) FROM (
                 SELECT (SELECT count(*) FROM applications b
                         WHERE b.person_id = a.person_id AND b.status = 'accepted'
                           AND b.round_id IN ({earlier})) AS before
                 FROM applications a WHERE {accepted})
             WHERE before > 0 GROUP BY before"
        ))? {
            counts.returning.insert(before.parse().unwrap_or(0), n);
        }
        counts.matched = one(&format!(
            "SELECT count(DISTINCT m.application_id) FROM partnerships p
             JOIN partnership_members m ON m.partnership_id = p.id
             WHERE p.round_id = ?1 AND ({COUNTED}) AND p.status <> 'ended_early'"
        ))?;
        counts.trios = one(&format!(
            "SELECT count(*) FROM partnerships p WHERE p.round_id = ?1 AND ({COUNTED})
               AND p.status <> 'ended_early'
               AND (SELECT count(*) FROM partnership_members m WHERE m.partnership_id = p.id) = 3"
        ))?;
        let (mean, lowest): (Option<f64>, Option<i64>) = c.query_row(
            &format!(
                "SELECT avg(p.score), min(p.score) FROM partnerships p
                 WHERE p.round_id = ?1 AND ({COUNTED}) AND p.score IS NOT NULL"
            ),
            [round_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        counts.mean_score = mean;
        counts.lowest_score = lowest;
        let problems = "SELECT count(*) FROM partnership_problems x
                        JOIN partnerships p ON p.id = x.partnership_id WHERE p.round_id = ?1";
        counts.problems_open = one(&format!("{problems} AND x.outcome IS NULL"))?;
        counts.problems_resolved = one(&format!("{problems} AND x.outcome = 'resolved'"))?;
        counts.problems_closed = one(&format!("{problems} AND x.outcome = 'closed'"))?;
        counts.ended_early = one(
            "SELECT count(*) FROM partnerships WHERE round_id = ?1 AND status = 'ended_early'",
        )?;
        counts.rematched = one(
            "SELECT count(DISTINCT m.application_id) FROM partnership_members m
             JOIN partnerships p ON p.id = m.partnership_id
             WHERE p.round_id = ?1 AND p.status = 'ended_early'
               AND EXISTS (SELECT 1 FROM partnership_members n
                           JOIN partnerships q ON q.id = n.partnership_id
                           WHERE n.application_id = m.application_id AND q.id <> p.id
                             AND q.status IN ('active', 'ended'))",
        )?;
        counts.introduced = one("SELECT count(DISTINCT partnership_id) FROM sent_messages
             WHERE round_id = ?1 AND kind IN ('introductions', 'rematches')")?;
        counts.topics_published =
            one("SELECT count(*) FROM topics WHERE round_id = ?1 AND status = 'published'")?;
        counts.topics_planned = one("SELECT count(*) FROM topics WHERE round_id = ?1")?;
        counts.run_summary = self.match_result(round_id)?;
        let mut stmt = c.prepare(&format!(
            "SELECT p.score FROM partnerships p
             WHERE p.round_id = ?1 AND ({COUNTED}) AND p.score IS NOT NULL ORDER BY p.score"
        ))?;
        counts.scores = stmt
            .query_map([round_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = c.prepare(&format!(
            "SELECT min(a.country, b.country), max(a.country, b.country), count(*)
             FROM partnerships p
             JOIN partnership_members ma ON ma.partnership_id = p.id
             JOIN partnership_members mb ON mb.partnership_id = p.id
                  AND mb.application_id > ma.application_id
             JOIN applications a ON a.id = ma.application_id
             JOIN applications b ON b.id = mb.application_id
             WHERE p.round_id = ?1 AND ({COUNTED}) AND p.status <> 'ended_early'
             GROUP BY 1, 2 ORDER BY 3 DESC"
        ))?;
        counts.country_links = stmt
            .query_map([round_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as usize))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(counts)
    }

    /// Every round's participants (accepted) and their countries, oldest first.
    pub fn round_sizes(&self) -> Result<Vec<RoundSize>> {
        let mut stmt = self.conn.prepare(
            "SELECT r.name, count(a.id), count(DISTINCT a.country)
             FROM rounds r LEFT JOIN applications a
                  ON a.round_id = r.id AND a.status = 'accepted'
             GROUP BY r.id ORDER BY r.opens_on, r.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(RoundSize {
                name: r.get(0)?,
                participants: r.get::<_, i64>(1)? as usize,
                countries: r.get::<_, i64>(2)? as usize,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
