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
    /// Applicants (invitations and withdrawals aside) by country, most first.
    pub applicants_by_country: Vec<(String, usize)>,
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
/// (`p` is the partnership, `?1` the round.)
pub(super) const COUNTED: &str = "
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
            deferred_by_country: pairs(
                "SELECT a.country, count(*) FROM applications a
                 WHERE a.round_id = ?1 AND a.status = 'deferred'
                 GROUP BY a.country ORDER BY count(*) DESC, a.country",
            )?,
            ..RoundCounts::default()
        };
        // Applicants by country, and participants by country, sector and career stage, in
        // one pass over the index.
        let mut applicants: BTreeMap<String, usize> = BTreeMap::new();
        let mut by_country: BTreeMap<String, usize> = BTreeMap::new();
        let mut by_sector: BTreeMap<String, usize> = BTreeMap::new();
        let mut by_stage: BTreeMap<String, usize> = BTreeMap::new();
        let mut stmt = c.prepare(
            // Grouped in the index's order, so that no temporary tree is built.
            "SELECT a.status, a.country, a.sector, a.career_stage, count(*)
             FROM applications a WHERE a.round_id = ?1
             GROUP BY a.status, a.country, a.sector, a.career_stage",
        )?;
        let rows = stmt.query_map([round_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)? as usize,
            ))
        })?;
        for row in rows {
            let (status, country, sector, stage, n) = row?;
            if status == "invited" || status == "withdrawn" {
                continue;
            }
            *applicants.entry(country.clone()).or_default() += n;
            if status == "accepted" {
                counts.participants += n;
                *by_country.entry(country).or_default() += n;
                *by_sector.entry(sector).or_default() += n;
                *by_stage.entry(stage).or_default() += n;
            }
        }
        let most_first = |m: BTreeMap<String, usize>| {
            let mut v: Vec<(String, usize)> = m.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v
        };
        counts.applicants_by_country = most_first(applicants);
        counts.by_country = most_first(by_country);
        counts.by_sector = most_first(by_sector);
        counts.by_career_stage = most_first(by_stage);
        // Earlier rounds: those that opened before this one.
        let earlier = "SELECT e.id FROM rounds e, rounds t
                       WHERE t.id = ?1 AND e.opens_on < t.opens_on";
        let before: std::collections::HashSet<String> = {
            let mut stmt = c.prepare(&format!(
                "SELECT DISTINCT a.country FROM applications a
                 WHERE a.status = 'accepted' AND a.round_id IN ({earlier})"
            ))?;
            stmt.query_map([round_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        counts.new_countries = counts
            .by_country
            .iter()
            .map(|(code, _)| code.clone())
            .filter(|code| !before.contains(code))
            .collect();
        counts.new_countries.sort();
        // Returning participants: how many earlier rounds each took part in, counted here
        // from two reads of the index (a join of the two ran some times slower at 100,000).
        // Only worth reading when an earlier round had anyone.
        if !before.is_empty() {
            let mut earlier_rounds: std::collections::HashMap<i64, usize> = Default::default();
            let mut stmt = c.prepare(&format!(
                "SELECT b.person_id FROM applications b
                 WHERE b.status = 'accepted' AND b.round_id IN ({earlier})"
            ))?;
            for person in stmt.query_map([round_id], |r| r.get::<_, i64>(0))? {
                *earlier_rounds.entry(person?).or_default() += 1;
            }
            let mut stmt = c.prepare(&format!(
                "SELECT a.person_id FROM applications a WHERE {accepted}"
            ))?;
            for person in stmt.query_map([round_id], |r| r.get::<_, i64>(0))? {
                if let Some(&n) = earlier_rounds.get(&person?) {
                    *counts.returning.entry(n).or_default() += 1;
                }
            }
        }
        // Who is in the partnerships that run (or ran to their end), with their country:
        // the matched, the trios and the countries partnered, in one pass.
        let mut stmt = c.prepare(&format!(
            "SELECT p.id, m.application_id FROM partnerships p
             JOIN partnership_members m ON m.partnership_id = p.id
             WHERE p.round_id = ?1 AND ({COUNTED}) AND p.status <> 'ended_early'
             ORDER BY p.id"
        ))?;
        let members: Vec<(i64, i64)> = stmt
            .query_map([round_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        // Each member's country, read once for the round (only when someone is partnered),
        // as an index into the round's few country codes: tens of thousands of members
        // cost no allocation each.
        let mut codes: Vec<String> = Vec::new();
        let mut country_of: std::collections::HashMap<i64, usize> = Default::default();
        if !members.is_empty() {
            let mut index: std::collections::HashMap<String, usize> = Default::default();
            let mut stmt =
                c.prepare("SELECT a.id, a.country FROM applications a WHERE a.round_id = ?1")?;
            let mut rows = stmt.query([round_id])?;
            while let Some(row) = rows.next()? {
                let code = row.get_ref(1)?.as_str().map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        1,
                        rusqlite::types::Type::Text,
                        e.into(),
                    )
                })?;
                let n = match index.get(code) {
                    Some(&n) => n,
                    None => {
                        codes.push(code.to_string());
                        index.insert(code.to_string(), codes.len() - 1);
                        codes.len() - 1
                    }
                };
                country_of.insert(row.get(0)?, n);
            }
        }
        // Members arrive partnership by partnership (the query orders them so).
        let mut links: std::collections::HashMap<(usize, usize), usize> = Default::default();
        let mut count_group = |group: &[usize], links: &mut std::collections::HashMap<_, _>| {
            counts.trios += usize::from(group.len() == 3);
            for (i, &a) in group.iter().enumerate() {
                for &b in &group[i + 1..] {
                    let key = if codes[a] <= codes[b] { (a, b) } else { (b, a) };
                    *links.entry(key).or_default() += 1;
                }
            }
        };
        let mut group: Vec<usize> = Vec::with_capacity(3);
        let mut current = None;
        for (id, member) in members {
            if current != Some(id) {
                count_group(&group, &mut links);
                group.clear();
                current = Some(id);
            }
            if let Some(&n) = country_of.get(&member) {
                group.push(n);
            }
            counts.matched += 1;
        }
        count_group(&group, &mut links);
        let mut links: Vec<(String, String, usize)> = links
            .into_iter()
            .map(|((a, b), n)| (codes[a].clone(), codes[b].clone(), n))
            .collect();
        links.sort();
        counts.country_links = links;
        counts.country_links.sort_by_key(|l| std::cmp::Reverse(l.2));
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
        // In order, lowest first.
        counts.lowest_score = counts.scores.first().copied();
        counts.mean_score = (!counts.scores.is_empty())
            .then(|| counts.scores.iter().sum::<i64>() as f64 / counts.scores.len() as f64);
        Ok(counts)
    }

    /// Every round's participants (accepted) and their countries, oldest first.
    pub fn round_sizes(&self) -> Result<Vec<RoundSize>> {
        let mut rounds = self
            .conn
            .prepare("SELECT r.id, r.name FROM rounds r ORDER BY r.opens_on, r.id")?;
        let rounds: Vec<(i64, String)> = rounds
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        // One pass over each round's participants, grouped by country in the index's
        // order (count(DISTINCT) would build a temporary tree and read them twice).
        let mut size = self.conn.prepare(
            "SELECT coalesce(sum(n), 0), count(*) FROM (
                 SELECT count(*) AS n FROM applications a
                 WHERE a.round_id = ?1 AND a.status = 'accepted' GROUP BY a.country)",
        )?;
        rounds
            .into_iter()
            .map(|(id, name)| {
                let (participants, countries) = size.query_row([id], |r| {
                    Ok((r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize))
                })?;
                Ok(RoundSize {
                    name,
                    participants,
                    countries,
                })
            })
            .collect()
    }
}
