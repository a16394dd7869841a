//! Scoring a pair: the hard rules that forbid it, or an integer score that is the sum, over
//! criteria and in both directions, of weight × fit — with an explanation that adds up to it.

use std::fmt;

use crate::domain::{
    Application, ApplicationId, CareerStage, Country, Interest, Language, PersonId, PlaceWish,
    Region, Sector, StageWish, TimeZone, UtcOffset,
};
use chrono::NaiveDate;

use super::settings::{Rules, Weights};

/// The rule that forbids a pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HardRule {
    SameCountry,
    NoSharedLanguage,
    PartneredBefore,
    Forbidden,
    TimeZoneGap { hours: u32, limit: u32 },
}

impl HardRule {
    /// A short name for summaries ("same country").
    pub fn name(self) -> &'static str {
        match self {
            HardRule::SameCountry => "same country",
            HardRule::NoSharedLanguage => "no shared working language",
            HardRule::PartneredBefore => "partnered before",
            HardRule::Forbidden => "pair forbidden by a coordinator",
            HardRule::TimeZoneGap { .. } => "time zones too far apart",
        }
    }
}

impl fmt::Display for HardRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HardRule::TimeZoneGap { hours, limit } => {
                write!(f, "time zones {hours} h apart (limit {limit} h)")
            }
            other => f.write_str(other.name()),
        }
    }
}

/// What the engine knows of one accepted applicant, packed for fast pair scoring.
#[derive(Clone, Debug, PartialEq)]
pub struct Applicant {
    /// Application id.
    pub id: ApplicationId,
    pub person_id: PersonId,
    pub name: String,
    pub country: &'static Country,
    pub time_zone: TimeZone,
    /// The zone's offset on each of the term's days ([`crate::domain::days_of_term`]), or
    /// its usual offset alone where the term is not known.
    offsets: Box<[UtcOffset]>,
    pub sector: Sector,
    pub stage: CareerStage,
    /// The interests, and their keys hashed and sorted: counting shared ones is then a walk
    /// along two short lists of numbers.
    interests: Vec<Interest>,
    interest_keys: Box<[u64]>,
    languages: Vec<Language>,
    /// The languages as numbers, sorted, for counting shared ones.
    language_keys: Box<[u16]>,
    /// Sectors wished for, as a bit set; 0 means any.
    wish_sectors: u32,
    pub wish_stage: StageWish,
    pub wish_place: PlaceWish,
    pub priority: bool,
    /// Integer forms of the country, sector and place wish: scoring compares millions of
    /// pairs, and these save comparing strings and searching vocabularies each time.
    country_key: u32,
    sector_bit: u32,
    place: PlaceKey,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum PlaceKey {
    Any,
    Region(Region),
    Country(u32),
}

/// An interest's key as a number. (The standard hasher's keys are fixed, so two runs agree.)
fn key_hash(interest: &Interest) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    interest.key().hash(&mut h);
    h.finish()
}

/// How many numbers two sorted lists share.
fn shared_count<T: Ord>(a: &[T], b: &[T]) -> u32 {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// A country code as a number (codes are short ASCII).
fn country_key(code: &str) -> u32 {
    code.bytes().take(4).fold(0, |k, b| k << 8 | b as u32)
}

fn mask<T: Copy>(items: &[T], index: impl Fn(T) -> usize) -> u64 {
    items.iter().fold(0, |m, &t| m | 1 << index(t))
}

fn position<T: PartialEq>(all: &[T], t: &T) -> usize {
    all.iter()
        .position(|x| x == t)
        .expect("term in its vocabulary")
}

impl Applicant {
    /// The working languages, in the order the applicant gave them.
    pub fn languages(&self) -> &[Language] {
        &self.languages
    }

    /// Hours of working day two people share on every day of the term, as clocks change.
    pub fn least_overlap_hours(&self, other: &Applicant) -> u32 {
        self.offset_pairs(other)
            .map(|(a, b)| a.working_overlap_hours(b))
            .min()
            .unwrap_or(0)
    }

    /// Hours of working day two people share on the best day of the term.
    pub fn most_overlap_hours(&self, other: &Applicant) -> u32 {
        self.offset_pairs(other)
            .map(|(a, b)| a.working_overlap_hours(b))
            .max()
            .unwrap_or(0)
    }

    /// The widest the two time zones are apart over the term, in whole hours.
    pub fn widest_gap_hours(&self, other: &Applicant) -> u32 {
        self.offset_pairs(other)
            .map(|(a, b)| a.gap_hours(b))
            .max()
            .unwrap_or(0)
    }

    /// The two offsets on each day of the term (a lone usual offset stands for every day).
    fn offset_pairs<'a>(
        &'a self,
        other: &'a Applicant,
    ) -> impl Iterator<Item = (UtcOffset, UtcOffset)> + 'a {
        let days = self.offsets.len().max(other.offsets.len());
        let at = |offsets: &[UtcOffset], k: usize| offsets[k.min(offsets.len() - 1)];
        (0..days).map(move |k| (at(&self.offsets, k), at(&other.offsets, k)))
    }

    /// What the engine needs of an application, its working day compared on `term_days`.
    pub fn from_application(a: &Application, term_days: &[NaiveDate]) -> Applicant {
        let f = &a.form;
        Applicant {
            id: a.id,
            person_id: a.person_id,
            name: f.name.clone(),
            country: f.country(),
            time_zone: f.time_zone,
            offsets: if term_days.is_empty() {
                Box::new([f.time_zone.usual_offset()])
            } else {
                term_days
                    .iter()
                    .map(|&d| f.time_zone.offset_on(d))
                    .collect()
            },
            sector: f.sector,
            stage: f.career_stage,
            interests: f.interests.clone(),
            interest_keys: {
                let mut keys: Vec<u64> = f.interests.iter().map(key_hash).collect();
                keys.sort_unstable();
                keys.dedup();
                keys.into()
            },
            languages: f.languages.clone(),
            language_keys: {
                let mut keys: Vec<u16> = f.languages.iter().map(|l| l.number()).collect();
                keys.sort_unstable();
                keys.dedup();
                keys.into()
            },
            wish_sectors: mask(&f.wish_sectors, |s| position(Sector::ALL, &s)) as u32,
            wish_stage: f.wish_stage,
            wish_place: f.wish_place,
            priority: f.priority,
            country_key: country_key(f.country().code),
            sector_bit: 1 << position(Sector::ALL, &f.sector),
            place: match f.wish_place {
                PlaceWish::Any => PlaceKey::Any,
                PlaceWish::Region(r) => PlaceKey::Region(r),
                PlaceWish::Country(c) => PlaceKey::Country(country_key(c)),
            },
        }
    }
}

/// The criteria a direction is scored on, in the order explanations list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Criterion {
    Sector,
    CareerStage,
    Place,
    Interests,
    TimeZone,
    Languages,
    Priority,
}

impl Criterion {
    pub const ALL: [Criterion; 7] = [
        Criterion::Sector,
        Criterion::CareerStage,
        Criterion::Place,
        Criterion::Interests,
        Criterion::TimeZone,
        Criterion::Languages,
        Criterion::Priority,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Criterion::Sector => "sector",
            Criterion::CareerStage => "career stage",
            Criterion::Place => "country/region",
            Criterion::Interests => "shared interests",
            Criterion::TimeZone => "working-day overlap",
            Criterion::Languages => "extra languages",
            Criterion::Priority => "priority",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    /// A stated wish the partner meets, or a shared quality that scores.
    Met,
    /// A stated wish the partner does not meet, or nothing shared.
    Missed,
    /// No wish stated: nothing to meet.
    NoWish,
}

/// One criterion in one direction: how well `partner` meets `wisher`'s wishes.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub criterion: Criterion,
    /// Application ids: whose wish, and who meets it.
    pub wisher: ApplicationId,
    pub partner: ApplicationId,
    pub fit: Fit,
    pub points: i64,
    pub note: String,
}

/// Why a pair scores what it does: every criterion in both directions.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    pub lines: Vec<Line>,
    pub score: i64,
}

const CRITERIA: usize = Criterion::ALL.len();

/// Scores pairs of one round's applicants under its weights and rules.
pub struct Scorer<'a> {
    pub applicants: &'a [Applicant],
    weights: &'a Weights,
    rules: &'a Rules,
    /// Per applicant index: indices it may not be paired with and why, sorted.
    blocks: Vec<Vec<(u32, HardRule)>>,
    packed: Packed,
}

/// The round's applicants in the forms pair scoring reads fastest: their interests and
/// languages as bit sets over the round's own lists, and their time zones as one of the
/// few distinct courses of offsets over the term, with the overlap of every two courses
/// worked out once.
struct Packed {
    /// `None` when the round names more than 128 interests (or languages): the sorted keys
    /// are counted instead.
    interests: Option<Vec<u128>>,
    languages: Option<Vec<u128>>,
    /// Per applicant, its zone course; then, per two courses, the least hours of working
    /// day they share and the widest gap between them over the term.
    course: Vec<u16>,
    courses: usize,
    least_overlap: Vec<u8>,
    widest_gap: Vec<u8>,
}

impl Packed {
    fn new(applicants: &[Applicant]) -> Packed {
        fn bits<T: Copy + Ord>(lists: Vec<&[T]>) -> Option<Vec<u128>> {
            let mut all: Vec<T> = lists.iter().flat_map(|l| l.iter().copied()).collect();
            all.sort_unstable();
            all.dedup();
            if all.len() > 128 {
                return None;
            }
            let bit = |t: &T| 1u128 << all.binary_search(t).expect("listed");
            Some(
                lists
                    .iter()
                    .map(|l| l.iter().map(bit).fold(0, |m, b| m | b))
                    .collect(),
            )
        }
        let mut seen: std::collections::HashMap<&[UtcOffset], u16> = Default::default();
        let mut distinct: Vec<&Applicant> = Vec::new();
        let course = applicants
            .iter()
            .map(|a| {
                *seen.entry(&a.offsets).or_insert_with(|| {
                    distinct.push(a);
                    (distinct.len() - 1) as u16
                })
            })
            .collect();
        let courses = distinct.len();
        let mut least_overlap = vec![0; courses * courses];
        let mut widest_gap = vec![0; courses * courses];
        for (p, a) in distinct.iter().enumerate() {
            for (q, b) in distinct.iter().enumerate() {
                least_overlap[p * courses + q] = a.least_overlap_hours(b) as u8;
                widest_gap[p * courses + q] = a.widest_gap_hours(b) as u8;
            }
        }
        Packed {
            interests: bits(applicants.iter().map(|a| &*a.interest_keys).collect()),
            languages: bits(applicants.iter().map(|a| &*a.language_keys).collect()),
            course,
            courses,
            least_overlap,
            widest_gap,
        }
    }

    fn pair(&self, i: usize, j: usize) -> usize {
        self.course[i] as usize * self.courses + self.course[j] as usize
    }
}

impl<'a> Scorer<'a> {
    /// `past_partners` and `forbidden` are pairs of person ids.
    pub fn new(
        applicants: &'a [Applicant],
        weights: &'a Weights,
        rules: &'a Rules,
        past_partners: &[(PersonId, PersonId)],
        forbidden: &[(PersonId, PersonId)],
    ) -> Scorer<'a> {
        let mut by_person: std::collections::HashMap<PersonId, Vec<u32>> = Default::default();
        for (i, a) in applicants.iter().enumerate() {
            by_person.entry(a.person_id).or_default().push(i as u32);
        }
        let mut blocks = vec![Vec::new(); applicants.len()];
        for (pairs, rule) in [
            (forbidden, HardRule::Forbidden),
            (past_partners, HardRule::PartneredBefore),
        ] {
            for &(p, q) in pairs {
                let (Some(ps), Some(qs)) = (by_person.get(&p), by_person.get(&q)) else {
                    continue;
                };
                for &i in ps {
                    for &j in qs {
                        blocks[i as usize].push((j, rule));
                        blocks[j as usize].push((i, rule));
                    }
                }
            }
        }
        for b in &mut blocks {
            // Where a pair is both forbidden and past partners, report the coordinator's word.
            b.sort_by_key(|&(j, rule)| (j, rule != HardRule::Forbidden));
            b.dedup_by_key(|e| e.0);
        }
        Scorer {
            applicants,
            weights,
            rules,
            blocks,
            packed: Packed::new(applicants),
        }
    }

    pub fn len(&self) -> usize {
        self.applicants.len()
    }

    pub fn is_empty(&self) -> bool {
        self.applicants.is_empty()
    }

    /// No pair scores more than this: every criterion met in both directions, both people
    /// priority (a bound, used to size the table of scores).
    pub fn score_bound(&self) -> i64 {
        let w = self.weights;
        let most_languages = self
            .applicants
            .iter()
            .map(|a| a.language_keys.len() as i64)
            .max()
            .unwrap_or(1);
        let direction = w.sector
            + w.career_stage
            + w.place
            + w.interests * w.interests_cap as i64
            + w.time_zone * 8
            + w.languages * (most_languages - 1).max(0);
        2 * (direction * (100 + w.priority_percent) / 100 + w.priority_bonus)
    }

    /// The first hard rule that forbids pairing applicants `i` and `j`, if any.
    pub fn forbids(&self, i: usize, j: usize) -> Option<HardRule> {
        let (a, b) = (&self.applicants[i], &self.applicants[j]);
        if a.country_key == b.country_key {
            return Some(HardRule::SameCountry);
        }
        if self.shared_languages(i, j) == 0 {
            return Some(HardRule::NoSharedLanguage);
        }
        let blocks = &self.blocks[i];
        if !blocks.is_empty()
            && let Ok(k) = blocks.binary_search_by_key(&(j as u32), |e| e.0)
        {
            return Some(blocks[k].1);
        }
        let limit = self.rules.max_time_zone_gap_hours;
        if limit > 0 {
            let hours = self.packed.widest_gap[self.packed.pair(i, j)] as u32;
            if hours > limit {
                return Some(HardRule::TimeZoneGap { hours, limit });
            }
        }
        None
    }

    fn shared_languages(&self, i: usize, j: usize) -> u32 {
        let (a, b) = (&self.applicants[i], &self.applicants[j]);
        match &self.packed.languages {
            Some(bits) => (bits[i] & bits[j]).count_ones(),
            None => shared_count(&a.language_keys, &b.language_keys),
        }
    }

    fn shared_interests(&self, i: usize, j: usize) -> u32 {
        let (a, b) = (&self.applicants[i], &self.applicants[j]);
        match &self.packed.interests {
            Some(bits) => (bits[i] & bits[j]).count_ones(),
            None => shared_count(&a.interest_keys, &b.interest_keys),
        }
    }

    /// Points for each criterion of how well applicant `j` meets applicant `i`'s wishes.
    fn direction(&self, i: usize, j: usize) -> [i64; CRITERIA] {
        let w = self.weights;
        let from = &self.applicants[i];
        let [sector, stage, place] = wishes_met(from, &self.applicants[j]).map(|m| m == Some(true));
        let shared_interests = self.shared_interests(i, j);
        let shared_languages = self.shared_languages(i, j) as i64;
        let overlap = self.packed.least_overlap[self.packed.pair(i, j)] as i64;
        let mut points = [
            if sector { w.sector } else { 0 },
            if stage { w.career_stage } else { 0 },
            if place { w.place } else { 0 },
            w.interests * shared_interests.min(w.interests_cap) as i64,
            w.time_zone * overlap,
            w.languages * (shared_languages - 1).max(0),
            0,
        ];
        if from.priority {
            for p in &mut points[..CRITERIA - 1] {
                *p = *p * (100 + w.priority_percent) / 100;
            }
            points[CRITERIA - 1] = w.priority_bonus;
        }
        points
    }

    /// How many of `i`'s wishes (sector, career stage, place) are stated, and how many at
    /// least one of `partners` meets.
    pub fn wishes_met(&self, i: usize, partners: impl Iterator<Item = usize>) -> (u64, u64) {
        let mut met = [false; 3];
        let mut stated = [false; 3];
        for j in partners {
            let m = wishes_met(&self.applicants[i], &self.applicants[j]);
            for k in 0..3 {
                stated[k] |= m[k].is_some();
                met[k] |= m[k] == Some(true);
            }
        }
        let count = |xs: [bool; 3]| xs.iter().filter(|&&x| x).count() as u64;
        (count(stated), count(met))
    }

    /// How well `j` meets `i`'s wishes: `i`'s side of the pair's score.
    pub fn satisfaction(&self, i: usize, j: usize) -> i64 {
        self.direction(i, j).iter().sum()
    }

    /// The pair's score, or `None` when a hard rule forbids it.
    pub fn score(&self, i: usize, j: usize) -> Option<i64> {
        if i == j || self.forbids(i, j).is_some() {
            return None;
        }
        Some(self.satisfaction(i, j) + self.satisfaction(j, i))
    }

    /// The pair's score with every criterion in both directions, or the rule that forbids it.
    pub fn explain(&self, i: usize, j: usize) -> Result<Explanation, HardRule> {
        if let Some(rule) = self.forbids(i, j) {
            return Err(rule);
        }
        let mut lines = Vec::with_capacity(2 * CRITERIA);
        for (x, y) in [(i, j), (j, i)] {
            let (from, to) = (&self.applicants[x], &self.applicants[y]);
            let points = self.direction(x, y);
            let wishes = wishes_met(from, to);
            for (k, criterion) in Criterion::ALL.into_iter().enumerate() {
                if criterion == Criterion::Priority && !from.priority {
                    continue;
                }
                let (fit, note) = describe(criterion, from, to, points[k], wishes);
                lines.push(Line {
                    criterion,
                    wisher: from.id,
                    partner: to.id,
                    fit,
                    points: points[k],
                    note,
                });
            }
        }
        let score = lines.iter().map(|l| l.points).sum();
        Ok(Explanation { lines, score })
    }
}

/// For `from`'s sector, career-stage and place wishes: `None` when no wish is stated, else
/// whether `to` meets it.
fn wishes_met(from: &Applicant, to: &Applicant) -> [Option<bool>; 3] {
    let sector = (from.wish_sectors != 0).then_some(from.wish_sectors & to.sector_bit != 0);
    let stage = match from.wish_stage {
        StageWish::Any => None,
        StageWish::Same => Some(to.stage == from.stage),
        StageWish::Earlier => Some(to.stage < from.stage),
        StageWish::Later => Some(to.stage > from.stage),
    };
    let place = match from.place {
        PlaceKey::Any => None,
        PlaceKey::Region(r) => Some(to.country.region == r),
        PlaceKey::Country(c) => Some(to.country_key == c),
    };
    [sector, stage, place]
}

fn met_or_missed(points: i64) -> Fit {
    if points > 0 { Fit::Met } else { Fit::Missed }
}

/// Words for one line of an explanation.
fn describe(
    c: Criterion,
    from: &Applicant,
    to: &Applicant,
    points: i64,
    wishes: [Option<bool>; 3],
) -> (Fit, String) {
    let wish_fit = |k: usize| match wishes[k] {
        None => Fit::NoWish,
        Some(true) => Fit::Met,
        Some(false) => Fit::Missed,
    };
    match c {
        Criterion::Sector if from.wish_sectors == 0 => (Fit::NoWish, "any sector".into()),
        Criterion::Sector => {
            let wished: Vec<&str> = Sector::ALL
                .iter()
                .enumerate()
                .filter(|(k, _)| from.wish_sectors & (1 << k) != 0)
                .map(|(_, s)| s.name())
                .collect();
            (
                wish_fit(0),
                format!("wants {}; partner is {}", wished.join(" or "), to.sector),
            )
        }
        Criterion::CareerStage if from.wish_stage == StageWish::Any => {
            (Fit::NoWish, "any career stage".into())
        }
        Criterion::CareerStage => (
            wish_fit(1),
            format!(
                "wants {} ({}); partner is {}",
                from.wish_stage,
                from.stage.name().to_lowercase(),
                to.stage.name().to_lowercase()
            ),
        ),
        Criterion::Place if from.wish_place == PlaceWish::Any => (Fit::NoWish, "anywhere".into()),
        Criterion::Place => (
            wish_fit(2),
            format!(
                "wants {}; partner is in {}",
                from.wish_place, to.country.name
            ),
        ),
        Criterion::Interests => {
            let shared: Vec<&str> = from
                .interests
                .iter()
                .filter(|i| to.interests.contains(i))
                .map(|i| i.name())
                .collect();
            let note = if shared.is_empty() {
                "no interest in common".to_string()
            } else {
                shared.join(", ")
            };
            (met_or_missed(points), note)
        }
        Criterion::TimeZone => {
            let (least, most) = (from.least_overlap_hours(to), from.most_overlap_hours(to));
            let hours = if least == most {
                format!("{least} h of working day shared")
            } else {
                format!("{least}–{most} h of working day shared as clocks change")
            };
            (
                met_or_missed(points),
                format!("{hours} ({} / {})", from.time_zone, to.time_zone),
            )
        }
        Criterion::Languages => {
            let shared: Vec<&str> = from
                .languages
                .iter()
                .filter(|l| to.languages.contains(l))
                .map(|l| l.name())
                .collect();
            (
                met_or_missed(points),
                format!("shared: {}", shared.join(", ")),
            )
        }
        Criterion::Priority => (Fit::Met, "left unmatched or deferred last round".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ApplicationForm, ApplicationStatus, RoundId};
    use crate::engine::settings::Settings;

    pub(crate) fn applicant(
        id: i64,
        country: &'static str,
        f: impl FnOnce(&mut ApplicationForm),
    ) -> Applicant {
        applicant_on(id, country, &[], f)
    }

    fn applicant_on(
        id: i64,
        country: &'static str,
        term_days: &[NaiveDate],
        f: impl FnOnce(&mut ApplicationForm),
    ) -> Applicant {
        let mut form = ApplicationForm {
            name: format!("P{id}"),
            email: format!("p{id}@x.example.org"),
            country,
            city: String::new(),
            time_zone: TimeZone::Zone(Country::find(country).unwrap().zone),
            sector: Sector::Academic,
            role: String::new(),
            career_stage: CareerStage::Mid,
            interests: Interest::all_of(&["Advocacy", "Technology & systems", "Open access"]),
            languages: vec![Language::English],
            wish_sectors: vec![],
            wish_stage: StageWish::Any,
            wish_place: PlaceWish::Any,
            consent: true,
            submitted_at: chrono::NaiveDateTime::default(),
            priority: false,
            notes: String::new(),
        };
        f(&mut form);
        Applicant::from_application(
            &Application {
                id: ApplicationId(id),
                version: 1,
                person_id: PersonId(id * 10),
                round_id: RoundId(1),
                status: ApplicationStatus::Accepted,
                form,
            },
            term_days,
        )
    }

    #[test]
    fn working_days_are_compared_as_clocks_change_over_the_term() {
        let days = crate::domain::days_of_term(
            NaiveDate::from_ymd_opt(2027, 2, 15).unwrap(),
            NaiveDate::from_ymd_opt(2027, 6, 15).unwrap(),
        );
        let at = |id, zone| {
            applicant_on(id, "AU", &days, |f| {
                f.time_zone = TimeZone::named(zone).unwrap()
            })
        };
        let (sydney, los_angeles) = (at(1, "Australia/Sydney"), at(2, "America/Los_Angeles"));
        // February: UTC+11 and UTC-8, 3 h shared; from April, UTC+10 and UTC-7, 1 h.
        assert_eq!(sydney.least_overlap_hours(&los_angeles), 1);
        assert_eq!(sydney.most_overlap_hours(&los_angeles), 3);
        assert_eq!(sydney.widest_gap_hours(&los_angeles), 7);
        let (_, note) = describe(Criterion::TimeZone, &sydney, &los_angeles, 1, [None; 3]);
        assert_eq!(
            note,
            "1–3 h of working day shared as clocks change \
             (Australia/Sydney / America/Los_Angeles)"
        );
    }

    #[test]
    fn hard_rules_name_themselves() {
        let s = Settings::default();
        let mut rules = s.rules.clone();
        rules.max_time_zone_gap_hours = 6;
        let people = vec![
            applicant(1, "NZ", |_| {}),
            applicant(2, "NZ", |_| {}),
            applicant(3, "CL", |f| f.languages = vec![Language::Spanish]),
            applicant(4, "AU", |_| {}),
            applicant(5, "GB", |_| {}),
            applicant(6, "FJ", |_| {}),
        ];
        let scorer = Scorer::new(
            &people,
            &s.weights,
            &rules,
            &[(PersonId(10), PersonId(40))],
            &[(PersonId(10), PersonId(60))],
        );
        assert_eq!(scorer.forbids(0, 1), Some(HardRule::SameCountry));
        assert_eq!(scorer.forbids(0, 2), Some(HardRule::NoSharedLanguage));
        assert_eq!(scorer.forbids(0, 3), Some(HardRule::PartneredBefore));
        assert_eq!(scorer.forbids(3, 0), Some(HardRule::PartneredBefore));
        assert_eq!(scorer.forbids(0, 5), Some(HardRule::Forbidden));
        assert_eq!(
            scorer.forbids(0, 4),
            Some(HardRule::TimeZoneGap {
                hours: 12,
                limit: 6
            })
        );
        assert_eq!(scorer.score(0, 4), None);
        assert!(scorer.explain(0, 2).is_err());
        assert!(scorer.score(3, 5).is_some());
    }

    #[test]
    fn both_directions_score_and_explanations_add_up() {
        let s = Settings::default();
        let people = vec![
            applicant(1, "NZ", |f| {
                f.wish_sectors = vec![Sector::Public];
                f.wish_stage = StageWish::Later;
                f.wish_place = PlaceWish::Country("CA");
                f.languages = vec![Language::English, Language::French];
            }),
            applicant(2, "CA", |f| {
                f.sector = Sector::Public;
                f.career_stage = CareerStage::Late;
                f.wish_sectors = vec![Sector::School];
                f.languages = vec![Language::French, Language::English];
                f.priority = true;
            }),
        ];
        let scorer = Scorer::new(&people, &s.weights, &s.rules, &[], &[]);
        let e = scorer.explain(0, 1).unwrap();
        assert_eq!(e.score, e.lines.iter().map(|l| l.points).sum::<i64>());
        assert_eq!(Some(e.score), scorer.score(0, 1));
        assert_eq!(scorer.score(0, 1), scorer.score(1, 0));
        let line = |wisher, c| {
            e.lines
                .iter()
                .find(|l| l.wisher == ApplicationId(wisher) && l.criterion == c)
                .unwrap()
        };
        let w = &s.weights;
        assert_eq!(line(1, Criterion::Sector).points, w.sector);
        assert_eq!(line(1, Criterion::CareerStage).fit, Fit::Met);
        assert_eq!(line(1, Criterion::Place).points, w.place);
        assert_eq!(line(2, Criterion::Sector).fit, Fit::Missed);
        assert_eq!(line(2, Criterion::CareerStage).fit, Fit::NoWish);
        assert_eq!(line(1, Criterion::Languages).points, w.languages);
        // Person 2 is priority: their side weighs more and carries the bonus.
        assert_eq!(line(2, Criterion::Priority).points, w.priority_bonus);
        assert_eq!(
            line(2, Criterion::Languages).points,
            w.languages * (100 + w.priority_percent) / 100
        );
        assert_eq!(
            line(1, Criterion::Interests).points,
            w.interests * 3,
            "three shared interests"
        );
    }
}
