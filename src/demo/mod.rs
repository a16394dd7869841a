//! Demo data: a realistic program, deterministic for a seed and the day it is made on.
//!
//! By default a program in mid-life: a round that has ended (so "never partnered before"
//! matters), the round running now with a few problems logged and someone to rematch, and
//! the next round open, with invitations for those the running round deferred or left
//! without a partner, and the applications in so far. Or, to try matching at once, an ended
//! round and the next one closed and ready to match. Applicants spread over dozens of
//! countries with a long tail; a few discussion topics per round.

mod people;
mod topics;

use std::collections::HashSet;

use chrono::{Datelike, Days, Months, NaiveDate};
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use crate::domain::{
    ApplicationForm, ApplicationId, ApplicationStatus, PartnershipStatus, Round, RoundPlan,
    RoundStatus,
};
use crate::ops::{matching, publish};
use crate::store::{NewPartnership, ProblemKind, ProblemOutcome, Store, StoreError, TopicDraft};
use crate::text::counted;
use people::{Generator, Lean};

/// What the demo program looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DemoStage {
    /// An ended round, the running round, and the next round open.
    MidLife,
    /// An ended round, and the next round closed with the country cap applied.
    ReadyToMatch,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoOptions {
    /// Applications in the round taking them (the round that runs, in mid-life).
    pub applicants: usize,
    pub seed: u64,
    /// Let the biggest country take about a third of the applications of the round taking
    /// them, so that the country cap has some to defer.
    pub over_cap: bool,
    pub stage: DemoStage,
    /// The day the program is seen on: its rounds are dated around it.
    pub today: NaiveDate,
}

impl DemoOptions {
    /// The usual demo, in mid-life on `today`.
    pub fn on(today: NaiveDate) -> DemoOptions {
        DemoOptions {
            applicants: DEFAULT_APPLICANTS,
            seed: 1,
            over_cap: false,
            stage: DemoStage::MidLife,
            today,
        }
    }

    /// The demo ready for matching on `today`.
    pub fn ready_to_match(today: NaiveDate) -> DemoOptions {
        DemoOptions {
            stage: DemoStage::ReadyToMatch,
            ..DemoOptions::on(today)
        }
    }
}

pub const DEFAULT_APPLICANTS: usize = 300;

/// What the demo wrote, round by round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoSummary {
    pub rounds: Vec<DemoRound>,
    pub topics: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoRound {
    pub name: String,
    pub stage: RoundStatus,
    pub applicants: usize,
    pub accepted: usize,
    pub deferred: usize,
    pub invited: usize,
    pub countries: usize,
    /// Published partnerships (running or ended).
    pub partnerships: usize,
    pub open_problems: usize,
}

impl DemoSummary {
    /// The round to show first: the one running, else the newest.
    pub fn main_round(&self) -> &DemoRound {
        self.rounds
            .iter()
            .find(|r| r.stage == RoundStatus::Active)
            .or(self.rounds.last())
            .expect("the demo writes rounds")
    }

    /// One line per round, oldest first.
    pub fn lines(&self) -> Vec<String> {
        self.rounds.iter().map(DemoRound::line).collect()
    }
}

impl DemoRound {
    /// The round in a line: its name, stage and what it holds.
    pub fn line(&self) -> String {
        let mut parts = vec![format!(
            "{} from {}",
            counted(self.applicants, "application", "applications"),
            counted(self.countries, "country", "countries")
        )];
        if self.deferred > 0 {
            parts.push(format!("{} deferred", self.deferred));
        }
        if self.invited > 0 {
            parts.push(counted(
                self.invited,
                "invitation waiting",
                "invitations waiting",
            ));
        }
        if self.partnerships > 0 {
            parts.push(counted(self.partnerships, "partnership", "partnerships"));
        }
        if self.open_problems > 0 {
            parts.push(counted(self.open_problems, "open problem", "open problems"));
        }
        format!("{} ({}): {}", self.name, self.stage, parts.join(", "))
    }
}

/// Fills an empty database with the demo program. The caller checks that the database is
/// empty; running this twice on one database fails on the round names.
pub fn populate(store: &mut Store, opts: &DemoOptions) -> Result<DemoSummary, StoreError> {
    let rounds = match opts.stage {
        DemoStage::MidLife => mid_life(store, opts)?,
        DemoStage::ReadyToMatch => ready_to_match(store, opts)?,
    };
    let figures = store.round_figures()?;
    let mut out = Vec::new();
    for round in rounds {
        let f = figures
            .iter()
            .find(|f| f.round.id == round.id)
            .expect("the demo's rounds are stored");
        out.push(DemoRound {
            name: f.round.plan.name.clone(),
            stage: f.round.plan.status,
            applicants: f.applicants,
            accepted: f.accepted,
            deferred: f.deferred,
            invited: f.invited,
            countries: f.countries,
            partnerships: store
                .partnerships(round.id)?
                .iter()
                .filter(|p| p.status != PartnershipStatus::Draft)
                .count(),
            open_problems: store
                .problems(round.id)?
                .iter()
                .filter(|p| p.settled.is_none())
                .count(),
        });
    }
    let mut topics = 0;
    for round in &out {
        topics += store.topics(store.round_by_name(&round.name)?.id)?.len();
    }
    Ok(DemoSummary {
        rounds: out,
        topics,
    })
}

/// A plan for a round whose partnerships start on `starts` (a Monday): applications open
/// eight weeks before and close four weeks before, matching a week later; four months'
/// term. Named for its start, among the rounds stored.
fn plan(store: &Store, starts: NaiveDate, status: RoundStatus) -> Result<RoundPlan, StoreError> {
    let plan = RoundPlan {
        name: String::new(),
        opens_on: starts - Days::new(56),
        closes_on: starts - Days::new(28),
        matching_on: starts - Days::new(21),
        starts_on: starts,
        term_months: 4,
        cap_percent: 20,
        status,
    };
    Ok(plan.named_among(&store.rounds()?))
}

fn monday_on_or_after(day: NaiveDate) -> NaiveDate {
    let ahead = (7 - day.weekday().num_days_from_monday()) % 7;
    day + Days::new(ahead.into())
}

fn monday_on_or_before(day: NaiveDate) -> NaiveDate {
    day - Days::new(day.weekday().num_days_from_monday().into())
}

/// An ended round of `count` people, all accepted and paired greedily, their partnerships
/// over (a few ended early). Returns the round and its people's forms.
fn ended_round(
    store: &mut Store,
    generator: &mut Generator,
    mut plan: RoundPlan,
    count: usize,
) -> Result<(Round, Vec<ApplicationForm>), StoreError> {
    // Made active, then ended by the calendar once its partnerships are written.
    plan.status = RoundStatus::Active;
    let round = store.create_round(&plan)?;
    let forms: Vec<ApplicationForm> = (0..count)
        .map(|_| generator.applicant((plan.opens_on, plan.closes_on)))
        .collect();
    store.save_applications_with_status(
        round.id,
        &forms,
        ApplicationStatus::Accepted,
        "demo data",
    )?;
    let rows = store.application_rows(round.id)?;
    let partnerships = past_partnerships(&mut generator.rng, &rows, &plan);
    store.create_partnerships(
        round.id,
        &partnerships,
        "demo partnerships of an ended round",
    )?;
    store.follow_calendar(plan.ends_on())?;
    Ok((round, forms))
}

/// `count` applications to the round of `plan`, submitted between its opening and
/// `until`; the first `returning` come again from `earlier` (their preferences changed a
/// little), the rest are new.
fn applications(
    generator: &mut Generator,
    plan: &RoundPlan,
    until: NaiveDate,
    earlier: &[ApplicationForm],
    returning: usize,
    count: usize,
) -> Vec<ApplicationForm> {
    let window = (plan.opens_on, until);
    let mut forms = Vec::with_capacity(count);
    let mut seen = HashSet::new();
    for old in earlier.iter().take(returning) {
        let mut again = generator.applicant(window);
        again.name = old.name.clone();
        again.email = old.email.clone();
        again.country = old.country;
        again.time_zone = old.time_zone;
        again.languages = old.languages.clone();
        seen.insert(again.email.clone());
        forms.push(again);
    }
    while forms.len() < count {
        let form = generator.applicant(window);
        if seen.insert(form.email.clone()) {
            forms.push(form);
        }
    }
    forms
}

/// Withdraws the round's applications whose id is a multiple of 97: a few, spread out.
fn withdraw_a_few(store: &mut Store, round: &Round) -> Result<(), StoreError> {
    let withdrawn: Vec<(ApplicationId, ApplicationStatus)> = store
        .application_rows(round.id)?
        .iter()
        .filter(|r| r.id.0 % 97 == 0)
        .map(|r| (r.id, ApplicationStatus::Withdrawn))
        .collect();
    store.set_application_statuses(&withdrawn, "demo withdrawals")?;
    Ok(())
}

fn add_topics(store: &mut Store, round: &Round, topics: &[TopicDraft]) -> Result<(), StoreError> {
    for t in topics {
        store.create_topic(round.id, t)?;
    }
    Ok(())
}

/// An ended round, and the next round closed with the cap applied, its partnerships to
/// start about seven weeks after `today`.
fn ready_to_match(store: &mut Store, opts: &DemoOptions) -> Result<Vec<Round>, StoreError> {
    let lean = if opts.over_cap {
        Lean::Heavily
    } else {
        Lean::Natural
    };
    let mut generator = Generator::new(opts.seed, lean);
    let starts = monday_on_or_after(opts.today + Days::new(49));

    // The past round: a smaller cohort, all matched and their partnerships now over.
    let past_plan = RoundPlan {
        opens_on: starts - Days::new(252),
        closes_on: starts - Days::new(227),
        matching_on: starts - Days::new(220),
        ..plan(store, starts - Days::new(210), RoundStatus::Active)?
    };
    let past_count = (opts.applicants * 3 / 5).max(4);
    let (past, past_forms) = ended_round(store, &mut generator, past_plan, past_count)?;

    let plan = RoundPlan {
        opens_on: starts - Days::new(70),
        closes_on: starts - Days::new(42),
        matching_on: starts - Days::new(35),
        ..plan(store, starts, RoundStatus::Open)?
    };
    let round = store.create_round(&plan)?;
    let returning = (past_count / 3).min(opts.applicants / 4);
    let mut forms = applications(
        &mut generator,
        &plan,
        plan.closes_on,
        &past_forms,
        returning,
        opts.applicants,
    );
    // A few were left over last time: they get priority now.
    for form in forms.iter_mut().skip(returning).step_by(40) {
        form.priority = true;
        form.notes = "Deferred from the previous round by the country cap.".to_string();
    }
    store.save_applications(round.id, &forms, "demo data")?;
    store.apply_country_cap(round.id, round.version)?;
    withdraw_a_few(store, &round)?;
    store.advance_round(round.id, round.version, opts.today)?;

    add_topics(store, &past, &topics::ended(past.plan.starts_on))?;
    add_topics(store, &round, &topics::planned(plan.starts_on))?;
    Ok(vec![past, store.round(round.id)?])
}

/// A program in mid-life on `today`: an ended round; the running round, three weeks from
/// its end, with a withdrawal and a few problems logged; the next round open for a week,
/// with invitations from the running round and the applications in so far.
fn mid_life(store: &mut Store, opts: &DemoOptions) -> Result<Vec<Round>, StoreError> {
    let today = opts.today;
    let mut generator = Generator::new(opts.seed, Lean::Natural);
    let next_starts = monday_on_or_after(today + Days::new(49));
    // The running round ends four weeks after the next one opens: rounds overlap.
    let running_starts = monday_on_or_before(
        (next_starts - Days::new(28))
            .checked_sub_months(Months::new(4))
            .expect("demo dates are in range"),
    );
    let ended_starts = running_starts - Days::new(26 * 7);

    let ended_plan = plan(store, ended_starts, RoundStatus::Active)?;
    let ended_count = (opts.applicants * 3 / 5).max(4);
    let (ended, ended_forms) = ended_round(store, &mut generator, ended_plan, ended_count)?;

    // The running round: a few over the cap from one country, deferred; matched by the
    // engine and published on its matching day.
    generator.lean(Lean::Slightly);
    let running_plan = plan(store, running_starts, RoundStatus::Open)?;
    let running = store.create_round(&running_plan)?;
    let forms = applications(
        &mut generator,
        &running_plan,
        running_plan.closes_on,
        &ended_forms,
        (ended_count / 3).min(opts.applicants / 4),
        opts.applicants,
    );
    store.save_applications(running.id, &forms, "demo data")?;
    store.apply_country_cap(running.id, running.version)?;
    withdraw_a_few(store, &running)?;
    store.advance_round(running.id, running.version, running_plan.closes_on)?;
    match_and_publish(store, running.id, running_plan.matching_on)?;
    during_the_round(store, &running, today)?;

    // The next round, open for a week: invitations first, then the applications so far,
    // some of them answering an invitation.
    generator.lean(if opts.over_cap {
        Lean::Heavily
    } else {
        Lean::Natural
    });
    let next_plan = plan(store, next_starts, RoundStatus::Open)?;
    let (next, _) = store.create_round_from(&next_plan, running.id)?;
    let answering: Vec<ApplicationForm> = store
        .applications(next.id)?
        .into_iter()
        .filter(|a| a.status == ApplicationStatus::Invited)
        .step_by(2)
        .map(|a| a.form)
        .collect();
    let mut earlier = answering;
    earlier.extend(ended_forms.iter().skip(ended_count / 3).cloned());
    let count = (opts.applicants / 2).max(4);
    let forms = applications(
        &mut generator,
        &next_plan,
        today,
        &earlier,
        (earlier.len()).min(count / 3),
        count,
    );
    store.save_applications(next.id, &forms, "demo data")?;

    add_topics(store, &ended, &topics::ended(ended.plan.starts_on))?;
    add_topics(store, &running, &topics::running(running_starts, today))?;
    add_topics(store, &next, &topics::planned(next_starts))?;
    Ok(vec![
        store.round(ended.id)?,
        store.round(running.id)?,
        store.round(next.id)?,
    ])
}

/// Matches the closed round with the engine and publishes the draft on `on`.
fn match_and_publish(
    store: &mut Store,
    round_id: crate::domain::RoundId,
    on: NaiveDate,
) -> Result<(), StoreError> {
    let demo_error = |e: &dyn std::fmt::Display| StoreError::Invalid(format!("demo matching: {e}"));
    let prepared = matching::prepare(store, round_id).map_err(|e| demo_error(&e))?;
    let outcome = matching::solve(&prepared, &mut |_| crate::engine::solver::Control::Continue)
        .map_err(|e| demo_error(&e))?;
    matching::save_draft(store, round_id, &outcome, &prepared.draft).map_err(|e| demo_error(&e))?;
    let round = store.round(round_id)?;
    let plan = publish::preview(store, &round, on).map_err(|e| demo_error(&e))?;
    publish::publish(store, &plan).map_err(|e| demo_error(&e))?;
    Ok(())
}

/// What a running round has seen by `today`: someone withdrew (their partner waits for a
/// rematch), a partner stopped replying (follow-up overdue), a question about meeting
/// times (follow-up due soon), and a silence that was put right.
fn during_the_round(store: &mut Store, round: &Round, today: NaiveDate) -> Result<(), StoreError> {
    let days_ago = |n: u64| today - Days::new(n);
    let active: Vec<_> = store
        .partnerships(round.id)?
        .into_iter()
        .filter(|p| p.status == PartnershipStatus::Active && p.members.len() == 2)
        .collect();
    let pick = |i: usize| active[i * active.len() / 5].id;
    if active.len() < 5 {
        return Ok(());
    }

    let left = store.partnership(pick(1))?;
    let leaving = store.application(left.members[0])?;
    store.withdraw_from_partnership(leaving.id, leaving.version, &left, days_ago(19))?;

    let silent = store.partnership(pick(2))?;
    store.log_problem(
        &silent,
        ProblemKind::Unresponsive,
        "No reply to three messages since the second week.",
        Some(days_ago(3)),
        days_ago(17),
    )?;
    let apart = store.partnership(pick(3))?;
    store.log_problem(
        &apart,
        ProblemKind::Other,
        "Nine hours apart and both working shifts; asked for help finding a time to talk.",
        Some(today + Days::new(4)),
        days_ago(6),
    )?;
    let quiet = store.partnership(pick(4))?;
    let problem = store.log_problem(
        &quiet,
        ProblemKind::Unresponsive,
        "Quiet for a month after one of them changed jobs.",
        Some(days_ago(30)),
        days_ago(40),
    )?;
    store.settle_problem(
        &problem,
        ProblemOutcome::Resolved,
        "Back in touch; they now talk every other Friday.",
        days_ago(28),
    )?;
    Ok(())
}

/// Pairs the past round greedily across borders with a shared language; a few partnerships
/// ended early.
fn past_partnerships(
    rng: &mut ChaCha8Rng,
    rows: &[crate::store::ApplicationRow],
    plan: &RoundPlan,
) -> Vec<NewPartnership> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.shuffle(rng);
    let mut taken = vec![false; rows.len()];
    let mut out = Vec::new();
    for (pos, &i) in order.iter().enumerate() {
        if taken[i] {
            continue;
        }
        let partner = order[pos + 1..].iter().copied().find(|&j| {
            !taken[j]
                && rows[j].country.code != rows[i].country.code
                && rows[j]
                    .languages
                    .iter()
                    .any(|l| rows[i].languages.contains(l))
        });
        let Some(j) = partner else { continue };
        taken[i] = true;
        taken[j] = true;
        let early = out.len() % 25 == 7;
        out.push(NewPartnership {
            status: if early {
                PartnershipStatus::EndedEarly
            } else {
                PartnershipStatus::Ended
            },
            score: None,
            locked: false,
            members: vec![rows[i].id.min(rows[j].id), rows[i].id.max(rows[j].id)],
            starts_on: Some(plan.starts_on),
            ends_on: Some(if early {
                plan.starts_on + Days::new(45)
            } else {
                plan.ends_on()
            }),
            end_reason: early.then(|| "Partner stopped replying after the first month".into()),
        });
    }
    out
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CareerStage, Language as L, Sector};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn made(opts: &DemoOptions) -> (Store, DemoSummary) {
        let mut store = Store::open_in_memory().unwrap();
        let summary = populate(&mut store, opts).unwrap();
        (store, summary)
    }

    fn ready(applicants: usize, seed: u64, over_cap: bool) -> DemoOptions {
        DemoOptions {
            applicants,
            seed,
            over_cap,
            ..DemoOptions::ready_to_match(day("2026-11-20"))
        }
    }

    #[test]
    fn same_seed_same_program() {
        let run = |seed| {
            let (store, summary) = made(&ready(120, seed, false));
            let round = store.round_by_name(&summary.main_round().name).unwrap();
            (summary.clone(), store.applications(round.id).unwrap())
        };
        let (a, apps_a) = run(7);
        let (b, apps_b) = run(7);
        assert_eq!(a, b);
        assert_eq!(apps_a, apps_b);
        let (_, apps_c) = run(8);
        assert_ne!(apps_a, apps_c);
    }

    #[test]
    fn spread_is_realistic_and_under_the_cap() {
        let (store, s) = made(&ready(800, 1, false));
        let [past, round] = &s.rounds[..] else {
            panic!("{s:?}")
        };
        assert_eq!(round.applicants, 800);
        assert_eq!(round.stage, RoundStatus::Closed);
        assert!(round.countries >= 40, "{} countries", round.countries);
        assert_eq!(round.deferred, 0, "no country above the cap unless asked");
        assert!(past.partnerships > 100);
        assert_eq!(past.stage, RoundStatus::Ended);
        let round = store.round_by_name(&round.name).unwrap();
        let apps = store.applications(round.id).unwrap();
        for &sector in Sector::ALL {
            assert!(apps.iter().any(|a| a.form.sector == sector), "{sector}");
        }
        for &stage in CareerStage::ALL {
            assert!(apps.iter().any(|a| a.form.career_stage == stage), "{stage}");
        }
        for lang in [
            L::Spanish,
            L::French,
            L::Arabic,
            L::Portuguese,
            L::Russian,
            L::Chinese,
        ] {
            assert!(
                apps.iter().any(|a| a.form.languages.contains(&lang)),
                "{lang:?}"
            );
        }
        let english = apps
            .iter()
            .filter(|a| a.form.languages.contains(&L::English))
            .count();
        assert!(english * 100 / apps.len() > 75);
        assert!(
            apps.iter()
                .all(|a| (3..=6).contains(&a.form.interests.len()))
        );
        assert!(apps.iter().any(|a| a.form.wish_sectors.is_empty()));
        assert!(apps.iter().any(|a| a.form.priority));
        assert!(!store.past_partners().unwrap().is_empty());
    }

    #[test]
    fn over_cap_defers_the_overflow() {
        let (_, s) = made(&ready(300, 3, true));
        assert!(s.main_round().deferred > 10, "{s:?}");
    }

    /// The program in mid-life, on two days far apart: an ended round, a running one with
    /// its problems, the next one open with invitations and applications; nothing the
    /// calendar would still change on that day.
    #[test]
    fn mid_life_on_any_day() {
        for today in ["2026-11-20", "2029-03-02"] {
            let today = day(today);
            let (mut store, s) = made(&DemoOptions::on(today));
            let stages: Vec<RoundStatus> = s.rounds.iter().map(|r| r.stage).collect();
            assert_eq!(
                stages,
                [RoundStatus::Ended, RoundStatus::Active, RoundStatus::Open],
                "{s:?}"
            );
            let [ended, running, next] = &s.rounds[..] else {
                unreachable!()
            };
            assert!(ended.partnerships > 50, "{s:?}");
            assert!(running.partnerships > 100 && running.deferred > 0, "{s:?}");
            assert_eq!(running.open_problems, 2);
            assert!(next.invited > 0 && next.applicants > 100, "{s:?}");
            assert_eq!(s.main_round().name, running.name);

            let rounds = store.rounds().unwrap();
            let plan = |name: &str| &rounds.iter().find(|r| r.plan.name == name).unwrap().plan;
            assert!(plan(&next.name).opens_on <= today && today < plan(&next.name).closes_on);
            assert!(plan(&running.name).starts_on < today && today < plan(&running.name).ends_on());
            assert!(
                plan(&next.name).opens_on < plan(&running.name).ends_on(),
                "rounds overlap"
            );
            assert!(store.follow_calendar(today).unwrap().is_empty());

            // Someone withdrew from a partnership: their partner waits for a rematch.
            let running_id = store.round_by_name(&running.name).unwrap().id;
            let partnerships = store.partnerships(running_id).unwrap();
            assert!(
                partnerships
                    .iter()
                    .any(|p| p.status == PartnershipStatus::EndedEarly)
            );
            // Answered invitations keep their priority; the rest still wait.
            let next_id = store.round_by_name(&next.name).unwrap().id;
            let apps = store.applications(next_id).unwrap();
            assert!(
                apps.iter()
                    .any(|a| a.status == ApplicationStatus::Pending && a.form.priority)
            );
        }
    }

    #[test]
    fn mid_life_over_cap_leaves_the_cap_something_to_defer() {
        let mut opts = DemoOptions::on(day("2026-11-20"));
        opts.over_cap = true;
        let (store, s) = made(&opts);
        let next = store.round_by_name(&s.rounds[2].name).unwrap();
        let (outcome, _) = store.cap_outcome(next.id).unwrap();
        assert!(outcome.changes.len() > 10, "{}", outcome.changes.len());
    }
}
