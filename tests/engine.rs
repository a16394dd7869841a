//! The matching engine on demo rounds: exact (sparse + pricing equals the dense solve),
//! never breaking a hard rule or a lock, explained, deterministic.

use iln::demo::{self, DemoOptions};
use iln::domain::{
    ApplicationForm, ApplicationId, ApplicationStatus, CareerStage, Country, Interest, Language,
    PersonId, PlaceWish, RoundId, Sector, StageWish, TimeZone,
};
use iln::engine::round::{self, RoundInput, Unmatched};
use iln::engine::score::{Applicant, Scorer};
use iln::engine::settings::{Objective, Settings};
use iln::engine::solver::{self, Control, Mode};
use iln::ops::matching;
use iln::store::Store;

fn demo_round(applicants: usize, seed: u64) -> matching::Prepared {
    let mut store = Store::open_in_memory().unwrap();
    demo::populate(
        &mut store,
        &DemoOptions {
            applicants,
            seed,
            over_cap: false,
            ..DemoOptions::ready_to_match(demo_day())
        },
    )
    .unwrap();
    let round = store.round_by_name("2027 A").unwrap();
    matching::prepare(&store, round.id).unwrap()
}

fn go() -> impl FnMut(round::Phase) -> Control {
    |_| Control::Continue
}

fn dense_weight(p: &matching::Prepared, mode: Mode) -> (i64, usize) {
    let scorer = p.scorer();
    let mut edges = Vec::new();
    for i in 0..scorer.len() {
        for j in i + 1..scorer.len() {
            if let Some(s) = scorer.score(i, j) {
                edges.push((i, j, s));
            }
        }
    }
    let m = solver::solve(scorer.len(), &edges, mode, &mut |_| Control::Continue).unwrap();
    solver::verify_optimality(scorer.len(), &edges, mode, &m).unwrap();
    (m.weight, m.pairs().len())
}

#[test]
fn sparse_with_pricing_equals_the_dense_solve() {
    for (n, seed) in [(60, 1), (150, 2), (240, 3), (301, 4)] {
        let mut p = demo_round(n, seed);
        for (objective, mode) in [
            (Objective::MostMatched, Mode::MaxCardinality),
            (Objective::HighestTotal, Mode::MaxWeight),
        ] {
            p.settings.rules.objective = objective;
            // Few candidates, so that pricing has pairs to find.
            p.settings.rules.candidates = 2;
            p.settings.rules.allow_trios = false;
            let out = round::run(&p.input, &p.settings, &mut go()).unwrap();
            let (weight, pairs) = dense_weight(&p, mode);
            assert_eq!(out.matching_weight, weight, "n={n} {objective:?}");
            assert_eq!(out.pairs(), pairs, "n={n} {objective:?}");
            let allowed = {
                let s = p.scorer();
                (0..s.len())
                    .flat_map(|i| (i + 1..s.len()).map(move |j| (i, j)))
                    .filter(|&(i, j)| s.score(i, j).is_some())
                    .count() as u64
            };
            assert_eq!(out.certificate.verified_pairs, allowed);
            assert!(
                out.certificate
                    .to_string()
                    .starts_with("optimal: verified over")
            );
        }
    }
}

#[test]
fn no_group_breaks_a_hard_rule_or_a_lock() {
    let mut p = demo_round(200, 9);
    let scorer = p.scorer();
    // Lock two allowed pairs.
    let mut locks = Vec::new();
    'outer: for i in 0..scorer.len() {
        for j in i + 1..scorer.len() {
            if scorer.score(i, j).is_some() && locks.len() < 2 {
                let a = &p.input.applicants;
                if !locks
                    .iter()
                    .flatten()
                    .any(|&x| x == a[i].id || x == a[j].id)
                {
                    locks.push(vec![a[i].id, a[j].id]);
                    continue 'outer;
                }
            }
        }
    }
    drop(scorer);
    p.input.locked = locks.clone();
    let out = round::run(&p.input, &p.settings, &mut go()).unwrap();
    let scorer = p.scorer();
    let index = |id: ApplicationId| p.input.applicants.iter().position(|a| a.id == id).unwrap();
    let mut seen = std::collections::HashSet::new();
    for g in &out.groups {
        for &m in &g.members {
            assert!(seen.insert(m), "{m} is in two groups");
        }
        for (x, &a) in g.members.iter().enumerate() {
            for &b in &g.members[x + 1..] {
                assert!(
                    scorer.forbids(index(a), index(b)).is_none(),
                    "{a} and {b} break {:?}",
                    scorer.forbids(index(a), index(b))
                );
            }
        }
    }
    for lock in &locks {
        assert!(
            out.groups.iter().any(|g| g.locked && g.members == *lock),
            "lock {lock:?} kept"
        );
    }
    for u in &out.unmatched {
        assert!(!seen.contains(&u.id()));
    }
    assert_eq!(
        seen.len() + out.unmatched.len(),
        p.input.applicants.len(),
        "everyone is matched or has a reason"
    );
}

#[test]
fn explanations_add_up_to_the_score() {
    let p = demo_round(80, 5);
    let scorer = p.scorer();
    let mut explained = 0;
    for i in 0..scorer.len() {
        for j in i + 1..scorer.len() {
            match scorer.explain(i, j) {
                Ok(e) => {
                    assert_eq!(e.lines.iter().map(|l| l.points).sum::<i64>(), e.score);
                    assert_eq!(Some(e.score), scorer.score(i, j));
                    explained += 1;
                }
                Err(rule) => assert_eq!(scorer.forbids(i, j), Some(rule)),
            }
        }
    }
    assert!(explained > 1000);
}

#[test]
fn the_same_input_gives_the_same_output() {
    let p = demo_round(300, 11);
    let render = || {
        let mut out = round::run(&p.input, &p.settings, &mut go()).unwrap();
        out.seconds = 0.0;
        (serde_json::to_string(&out).unwrap(), out.solver_graph)
    };
    assert_eq!(render(), render());
}

/// Application ids from their numbers.
fn app_ids(ids: &[i64]) -> Vec<ApplicationId> {
    ids.iter().map(|&id| ApplicationId(id)).collect()
}

fn person(id: i64, country: &'static str, languages: &[Language]) -> Applicant {
    Applicant::from_application(
        &iln::domain::Application {
            id: ApplicationId(id),
            version: 1,
            person_id: PersonId(id),
            round_id: RoundId(1),
            status: ApplicationStatus::Accepted,
            form: ApplicationForm {
                name: format!("P{id}"),
                email: format!("p{id}@x.example.org"),
                country,
                city: String::new(),
                time_zone: TimeZone::Zone(Country::find(country).unwrap().zone),
                sector: Sector::Public,
                role: String::new(),
                career_stage: CareerStage::Early,
                interests: Interest::all_of(&["Advocacy"]),
                languages: languages.to_vec(),
                wish_sectors: vec![],
                wish_stage: StageWish::Any,
                wish_place: PlaceWish::Any,
                consent: true,
                submitted_at: Default::default(),
                priority: false,
                notes: String::new(),
            },
        },
        &[],
    )
}

#[test]
fn odd_people_form_a_trio_or_are_left_over_with_a_reason() {
    let (english, french) = (Language::English, Language::French);
    let input = RoundInput {
        applicants: vec![
            person(1, "NZ", &[english]),
            person(2, "KE", &[english]),
            person(3, "CL", &[english]),
            person(4, "FR", &[french]),
        ],
        ..Default::default()
    };
    let mut settings = Settings::default();
    let out = round::run(&input, &settings, &mut go()).unwrap();
    assert_eq!(out.trios(), 1);
    assert_eq!(out.groups[0].members, app_ids(&[1, 2, 3]));
    assert_eq!(out.unmatched.len(), 1);
    assert!(matches!(
        &out.unmatched[0],
        Unmatched::NoAllowedPartner { id: ApplicationId(4), rule } if rule == "no shared working language"
    ));

    settings.rules.allow_trios = false;
    let out = round::run(&input, &settings, &mut go()).unwrap();
    assert_eq!(out.pairs(), 1);
    assert_eq!(out.unmatched.len(), 2);
    assert!(
        out.unmatched
            .iter()
            .any(|u| matches!(u, Unmatched::LeftOver { .. }))
    );
}

#[test]
fn past_partners_and_forbidden_pairs_are_never_paired() {
    let english = Language::English;
    let input = RoundInput {
        applicants: vec![
            person(1, "NZ", &[english]),
            person(2, "KE", &[english]),
            person(3, "CL", &[english]),
            person(4, "IN", &[english]),
        ],
        past_partners: vec![(PersonId(1), PersonId(2))],
        forbidden: vec![(PersonId(1), PersonId(3))],
        ..Default::default()
    };
    let out = round::run(&input, &Settings::default(), &mut go()).unwrap();
    assert!(out.groups.iter().any(|g| g.members == app_ids(&[1, 4])));
    assert!(out.groups.iter().any(|g| g.members == app_ids(&[2, 3])));
    let settings = Settings::default();
    let scorer = Scorer::new(
        &input.applicants,
        &settings.weights,
        &settings.rules,
        &input.past_partners,
        &input.forbidden,
    );
    assert!(scorer.score(0, 1).is_none() && scorer.score(0, 2).is_none());
}

#[test]
fn cancelling_stops_the_run() {
    let p = demo_round(100, 1);
    let r = round::run(&p.input, &p.settings, &mut |_| Control::Cancel);
    assert!(r.is_err());
}

/// The day the demo data of these tests is made on.
fn demo_day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}
