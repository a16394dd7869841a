//! The use cases shared by the command line and the TUI: the readiness report, candidate
//! lists and the round's allowed pairs, the publish preview and publishing; the commands
//! `iln report readiness` and `iln publish`; and the TUI's popups showing what they compute.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use crossterm::event::{KeyCode, KeyEvent};
use iln::demo::{self, DemoOptions};
use iln::domain::{
    ApplicationForm, ApplicationId, ApplicationStatus, CareerStage, Language, PartnershipStatus,
    PlaceWish, RoundId, RoundPlan, RoundStatus, Sector, StageWish, TimeZone, UtcOffset,
};
use iln::engine::solver::Control;
use iln::ops::candidates::{self, PairSet, PairedNow, SHOWN};
use iln::ops::cap;
use iln::ops::matching;
use iln::ops::publish::{self, PublishError};
use iln::ops::readiness::{Exclusion, FEW_PARTNERS, Readiness, Tally};
use iln::store::Store;
use iln::text::{agree, counted};
use iln::tui::App;
use iln::tui::kit::modal::Modal;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn demo_store(applicants: usize) -> (Store, RoundId) {
    let mut store = Store::open_in_memory().unwrap();
    demo::populate(
        &mut store,
        &DemoOptions {
            applicants,
            seed: 3,
            ..DemoOptions::ready_to_match(demo_day())
        },
    )
    .unwrap();
    let round = store.round_by_name("2027 A").unwrap().id;
    (store, round)
}

fn match_round(store: &mut Store, round: RoundId) {
    let prepared = matching::prepare(store, round).unwrap();
    let outcome = matching::solve(&prepared, &mut |_| Control::Continue).unwrap();
    matching::save_draft(store, round, &outcome, &prepared.draft).unwrap();
}

fn form(name: &str, country: &'static str, languages: Vec<Language>) -> ApplicationForm {
    ApplicationForm {
        name: name.to_string(),
        email: format!("{}@example.org", name.to_lowercase()),
        country,
        city: "Somewhere".to_string(),
        time_zone: TimeZone::Fixed(UtcOffset(0)),
        sector: Sector::Public,
        role: "Librarian".to_string(),
        career_stage: CareerStage::Mid,
        interests: Vec::new(),
        languages,
        wish_sectors: Vec::new(),
        wish_stage: StageWish::Any,
        wish_place: PlaceWish::Any,
        consent: true,
        submitted_at: NaiveDateTime::parse_from_str("2027-02-01 10:00:00", "%Y-%m-%d %H:%M:%S")
            .unwrap(),
        priority: false,
        notes: String::new(),
    }
}

/// Three New Zealanders and one Chilean who all work in English, and a Japanese librarian
/// who works only in Japanese.
fn small_round() -> (Store, RoundId) {
    let mut store = Store::open_in_memory().unwrap();
    let round = store
        .create_round(&RoundPlan {
            // Applications are closed: it is ready to be matched.
            status: RoundStatus::Closed,
            ..RoundPlan::starting("Small", d("2027-02-01"))
        })
        .unwrap()
        .id;
    let en = || vec![Language::English];
    store
        .save_applications_with_status(
            round,
            &[
                form("Aroha", "NZ", en()),
                form("Bea", "NZ", en()),
                form("Carl", "NZ", en()),
                form("Dora", "CL", vec![Language::English, Language::Spanish]),
                form("Emi", "JP", vec![Language::Japanese]),
            ],
            ApplicationStatus::Accepted,
            "test",
        )
        .unwrap();
    (store, round)
}

fn tally(pairs: &[(&str, usize)]) -> Vec<Tally> {
    pairs
        .iter()
        .map(|&(label, count)| Tally {
            label: label.to_string(),
            count,
        })
        .collect()
}

#[test]
fn readiness_tallies_and_names_who_is_hard_to_match() {
    let (store, round) = small_round();
    let report = Readiness::read(&store, round).unwrap();
    assert_eq!(
        report
            .waiting
            .iter()
            .map(|w| w.name.as_str())
            .collect::<Vec<_>>(),
        ["Aroha", "Bea", "Carl", "Dora", "Emi"]
    );
    assert_eq!(
        report.by_country,
        tally(&[("New Zealand", 3), ("Chile", 1), ("Japan", 1)])
    );
    assert_eq!(report.by_sector, tally(&[("Public", 5)]));
    assert_eq!(
        report.by_language,
        tally(&[("English", 4), ("Japanese", 1), ("Spanish", 1)])
    );
    // Nobody has more than three allowed partners: the New Zealanders only Dora, Dora the
    // three of them, Emi nobody.
    let hard: Vec<(&str, usize, Option<Exclusion>)> = report
        .few_partners
        .iter()
        .map(|h| (h.name.as_str(), h.allowed, h.mostly.clone()))
        .collect();
    let rule = |rule, people| Some(Exclusion { rule, people });
    assert_eq!(
        hard,
        [
            ("Emi", 0, rule("no shared working language", 4)),
            ("Aroha", 1, rule("same country", 2)),
            ("Bea", 1, rule("same country", 2)),
            ("Carl", 1, rule("same country", 2)),
            ("Dora", 3, rule("no shared working language", 1)),
        ]
    );
    let lines = report.lines();
    assert_eq!(lines[0], "5 accepted applicants are waiting to be matched.");
    assert_eq!(lines[1], "By country: New Zealand 3, Chile 1, Japan 1.");
    assert_eq!(lines[2], "By sector: Public 5.");
    assert_eq!(
        lines[3],
        "By working language: English 4, Japanese 1, Spanish 1."
    );
    assert!(lines[4].starts_with(&format!(
        "5 people have {FEW_PARTNERS} allowed partners or fewer"
    )));
    assert_eq!(
        lines[5],
        "Emi (Japan): 0 allowed partners; mostly no shared working language (4 people)"
    );
    assert_eq!(lines.len(), 10);
}

#[test]
fn readiness_of_a_demo_round_adds_up() {
    let (store, round) = demo_store(80);
    let report = Readiness::read(&store, round).unwrap();
    let accepted = store
        .applications(round)
        .unwrap()
        .iter()
        .filter(|a| a.status == ApplicationStatus::Accepted)
        .count();
    assert_eq!(report.waiting.len(), accepted);
    let sum = |t: &[Tally]| t.iter().map(|t| t.count).sum::<usize>();
    assert_eq!(sum(&report.by_country), accepted);
    assert_eq!(sum(&report.by_sector), accepted);
    assert!(
        sum(&report.by_language) >= accepted,
        "everyone works in a language"
    );
    for t in [&report.by_country, &report.by_sector, &report.by_language] {
        assert!(t.windows(2).all(|w| w[0].count >= w[1].count), "{t:?}");
    }
    // A hard-to-match person's allowed partners are exactly their candidates.
    let prepared = matching::prepare(&store, round).unwrap();
    for h in &report.few_partners {
        let all = candidates::rank(&prepared, &PairedNow::default(), h.id, usize::MAX).unwrap();
        assert_eq!(all.len(), h.allowed, "{h:?}");
    }
    assert_eq!(
        report.lines()[0],
        format!("{accepted} accepted applicants are waiting to be matched.")
    );

    let empty = Readiness::of(&matching::Prepared {
        input: Default::default(),
        settings: Default::default(),
        draft: Vec::new(),
        published: Vec::new(),
    });
    assert_eq!(
        empty.lines()[0],
        "No accepted applicants are waiting to be matched."
    );
}

#[test]
fn candidates_are_ranked_and_agree_with_the_round_pairs() {
    let (mut store, round) = demo_store(60);
    let pairs = candidates::round_pairs(&store, round, PairSet::Allowed).unwrap();
    let prepared = matching::prepare(&store, round).unwrap();
    assert_eq!(pairs.people, prepared.input.applicants.len());
    assert_eq!(pairs.pairs, candidates::allowed_pairs(&prepared));
    let scores: HashMap<(ApplicationId, ApplicationId), i64> = pairs
        .pairs
        .iter()
        .flat_map(|p| [((p.a, p.b), p.score), ((p.b, p.a), p.score)])
        .collect();

    for a in &prepared.input.applicants {
        let all = candidates::rank(&prepared, &PairedNow::default(), a.id, usize::MAX).unwrap();
        let in_pairs = pairs
            .pairs
            .iter()
            .filter(|p| p.a == a.id || p.b == a.id)
            .count();
        assert_eq!(all.len(), in_pairs, "{}", a.name);
        assert!(
            all.windows(2)
                .all(|w| (w[0].score, Reverse(w[0].id)) >= (w[1].score, Reverse(w[1].id))),
            "best first, then by id"
        );
        for c in &all {
            assert_eq!(scores[&(a.id, c.id)], c.score);
            assert_eq!(candidates::pair_score(&prepared, a.id, c.id), Some(c.score));
            assert_eq!(c.partner, None);
            assert!(!c.is_current);
        }
    }

    // After matching: who each candidate is with now, and the person's own partner marked.
    match_round(&mut store, round);
    let drafts = store.partnerships(round).unwrap();
    let pair = drafts.iter().find(|p| p.members.len() == 2).unwrap();
    let (person, mate) = (pair.members[0], pair.members[1]);
    let shown = candidates::ranked(&store, round, person, SHOWN).unwrap();
    assert!(shown.len() <= SHOWN);
    let names: HashMap<ApplicationId, String> = store
        .applications(round)
        .unwrap()
        .into_iter()
        .map(|a| (a.id, a.form.name))
        .collect();
    for c in &shown {
        assert_eq!(c.is_current, c.id == mate, "{c:?}");
        let group = drafts.iter().find(|p| p.members.contains(&c.id));
        let expected = group.map(|g| {
            g.members
                .iter()
                .filter(|&&m| m != c.id)
                .map(|m| names[m].as_str())
                .collect::<Vec<_>>()
                .join(" & ")
        });
        assert_eq!(c.partner, expected, "{c:?}");
    }
    let all = candidates::ranked(&store, round, person, usize::MAX).unwrap();
    assert!(all.iter().any(|c| c.id == mate && c.is_current));
    assert_eq!(shown[..], all[..shown.len()]);

    // Someone outside the pool (here: of the past round) has no list, and says why.
    let past = store.round_by_name("2026 A").unwrap().id;
    let outsider = store.applications(past).unwrap()[0].id;
    let err = candidates::ranked(&store, round, outsider, SHOWN).unwrap_err();
    assert!(err.to_string().contains("not accepted"), "{err}");
    assert_eq!(candidates::pair_score(&prepared, person, outsider), None);
}

#[test]
fn locked_groups_stay_out_of_the_round_pairs() {
    let (mut store, round) = demo_store(40);
    match_round(&mut store, round);
    let all_before = candidates::round_pairs(&store, round, PairSet::Allowed).unwrap();
    let pair = store.partnerships(round).unwrap()[0].clone();
    store.set_partnership_locked(&pair, true).unwrap();
    let after = candidates::round_pairs(&store, round, PairSet::Allowed).unwrap();
    assert_eq!(after.people, all_before.people - pair.members.len());
    assert!(
        after
            .pairs
            .iter()
            .all(|p| !pair.members.contains(&p.a) && !pair.members.contains(&p.b))
    );
    let solver = candidates::round_pairs(&store, round, PairSet::SolverGraph).unwrap();
    assert_eq!(solver.people, after.people);
    for p in &solver.pairs {
        assert!(
            after.pairs.contains(p)
                || after.pairs.contains(&candidates::ScoredPair {
                    a: p.b,
                    b: p.a,
                    score: p.score
                })
        );
    }
}

#[test]
fn publish_preview_counts_the_draft_and_publishing_does_it() {
    let (mut store, round_id) = demo_store(80);
    let round = store.round(round_id).unwrap();
    let err = publish::preview(&store, &round, d("2026-11-20")).unwrap_err();
    assert!(matches!(err, PublishError::NoDraft { .. }), "{err}");

    match_round(&mut store, round_id);
    // Its first draft moved the round into matching.
    let round = store.round(round_id).unwrap();
    assert_eq!(round.plan.status, RoundStatus::Matching);
    let drafts = store.partnerships(round_id).unwrap();
    let accepted = store
        .applications(round_id)
        .unwrap()
        .iter()
        .filter(|a| a.status == ApplicationStatus::Accepted)
        .count();
    let plan = publish::preview(&store, &round, d("2026-11-20")).unwrap();
    assert_eq!(plan.round, round.plan.name);
    assert_eq!(plan.partnerships(), drafts.len());
    assert_eq!(
        plan.pairs,
        drafts.iter().filter(|p| p.members.len() == 2).count()
    );
    assert_eq!(
        plan.people,
        drafts.iter().map(|p| p.members.len()).sum::<usize>()
    );
    assert_eq!(plan.unmatched, accepted - plan.people);
    // Before the round starts, it starts on its day; after, on the day of publishing.
    assert_eq!(plan.starts_on, round.plan.starts_on);
    assert_eq!(plan.ends_on, round.plan.ends_on());
    let late = round.plan.starts_on + chrono::Days::new(9);
    assert_eq!(
        publish::preview(&store, &round, late).unwrap().starts_on,
        late
    );

    // Unpairing one pair leaves two more people unmatched.
    let pair = drafts.iter().find(|p| p.members.len() == 2).unwrap();
    store.unpair(pair).unwrap();
    let plan = publish::preview(&store, &round, d("2026-11-20")).unwrap();
    assert_eq!(plan.partnerships(), drafts.len() - 1);
    assert_eq!(plan.unmatched, accepted - plan.people);

    let done = publish::publish(&mut store, &plan).unwrap();
    assert_eq!(done.partnerships, plan.partnerships());
    assert_eq!(done.people, plan.people);
    assert_eq!(
        (done.starts_on, done.ends_on),
        (plan.starts_on, plan.ends_on)
    );
    assert!(
        store
            .partnerships(round_id)
            .unwrap()
            .iter()
            .all(|p| p.status == PartnershipStatus::Active)
    );
    assert!(matches!(
        publish::preview(&store, &round, d("2026-11-20")),
        Err(PublishError::NoDraft { .. })
    ));
}

#[test]
fn the_cap_preview_says_what_applying_it_changes_and_leaves_partnerships_alone() {
    let (mut store, round_id) = small_round();
    let mut plan = cap::preview(&store, round_id).unwrap();
    // Five live applications at 20%: one per country; two of the three New Zealanders
    // are deferred, everyone else stays accepted.
    assert_eq!((plan.live, plan.limit), (5, 1));
    assert_eq!((plan.would.accepted, plan.would.deferred), (0, 2));
    let done = cap::apply(&mut store, &plan).unwrap();
    assert_eq!(done, plan.would);
    plan = cap::preview(&store, round_id).unwrap();
    assert_eq!(plan.would.changed(), 0);

    match_round(&mut store, round_id);
    let round = store.round(round_id).unwrap();
    let publish_plan = publish::preview(&store, &round, d("2027-01-20")).unwrap();
    publish::publish(&mut store, &publish_plan).unwrap();
    // After publishing, the cap still applies, and leaves everyone partnered where they are.
    let partnered: Vec<ApplicationId> = store
        .partnerships(round_id)
        .unwrap()
        .iter()
        .flat_map(|p| p.members.clone())
        .collect();
    assert!(!partnered.is_empty());
    let mut plan = cap::preview(&store, round_id).unwrap();
    assert_eq!(plan.would.changed(), 0);
    // A lower cap would defer by submission order; the partnered stay, and are named.
    let mut lower = store.round(round_id).unwrap().plan;
    lower.cap_percent = 1;
    let version = store.round(round_id).unwrap().version;
    store.update_round(round_id, version, &lower).unwrap();
    plan = cap::preview(&store, round_id).unwrap();
    cap::apply(&mut store, &plan).unwrap();
    for id in &partnered {
        assert_eq!(
            store.application(*id).unwrap().status,
            ApplicationStatus::Accepted,
            "a partnered applicant is never deferred"
        );
    }
    // One applicant held against the cap keeps that status when it is applied again: Bea
    // (New Zealand, not partnered) is held accepted over the cap.
    let bea = store
        .applications(round_id)
        .unwrap()
        .into_iter()
        .find(|a| a.form.name == "Bea")
        .unwrap();
    assert!(!partnered.contains(&bea.id));
    assert_eq!(bea.status, ApplicationStatus::Deferred);
    store
        .set_cap_hold(bea.id, bea.version, Some(ApplicationStatus::Accepted))
        .unwrap();
    let plan = cap::preview(&store, round_id).unwrap();
    assert_eq!(plan.would.changed(), 0, "the hold is kept");
    cap::apply(&mut store, &plan).unwrap();
    assert_eq!(
        store.application(bea.id).unwrap().status,
        ApplicationStatus::Accepted
    );
}

// The TUI's popups show what the use cases compute.

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::from(code));
    app.do_pending_work();
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn wait_for_matching(app: &mut App) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while app.is_matching() {
        assert!(Instant::now() < deadline, "matching did not finish");
        app.tick(Instant::now());
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn the_tui_shows_the_candidates_and_the_publish_plan_of_the_use_cases() {
    let (store, _) = demo_store(80);
    let today = d("2026-11-20");
    let mut app = App::new(store).with_today(today);
    type_text(&mut app, "3m");
    wait_for_matching(&mut app);
    let round = app.current_round().unwrap().clone();

    let person = app.matches().selected_people()[0].0;
    type_text(&mut app, "c");
    let Some(popup) = app.matches().candidates() else {
        panic!("no candidate list");
    };
    assert_eq!(
        popup.rows,
        candidates::ranked(app.store(), round.id, person, SHOWN).unwrap()
    );
    press(&mut app, KeyCode::Esc);

    let plan = publish::preview(app.store(), &round, today).unwrap();
    type_text(&mut app, "P");
    let Some(Modal::Question(q)) = app.modal() else {
        panic!("no question");
    };
    assert!(
        q.text
            .contains(&format!("({})", counted(plan.people, "person", "people"))),
        "{}",
        q.text
    );
    assert!(q.text.contains(&format!(
        "They run from {} to {}",
        plan.starts_on, plan.ends_on
    )));
    // The count and its verb agree (the demo leaves one person out).
    let stay = format!(
        "{} {} unmatched",
        counted(plan.unmatched, "person", "people"),
        agree(plan.unmatched, "stays", "stay")
    );
    assert!(q.text.contains(&stay), "{}", q.text);
    assert_eq!(plan.unmatched, app.matches().unmatched_count());
}

// The commands.

fn iln(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iln"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ILN_DB")
        .env("ILN_TODAY", "2026-11-20")
        .output()
        .expect("iln runs")
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "iln failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn demo_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("iln.db");
    ok(iln(
        &db,
        &[
            "demo",
            "--applicants",
            "50",
            "--seed",
            "4",
            "--ready-to-match",
        ],
    ));
    db
}

#[test]
fn report_readiness_prints_the_report_as_text_or_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let expected = {
        let store = Store::open(&db).unwrap();
        let round = store.round_by_name("2027 A").unwrap();
        Readiness::read(&store, round.id).unwrap()
    };
    let text = ok(iln(&db, &["report", "readiness", "--round", "2027 A"]));
    assert_eq!(text, expected.lines().join("\n") + "\n");
    assert!(text.starts_with(&format!(
        "{} accepted applicants are waiting to be matched.\nBy country: ",
        expected.waiting.len()
    )));

    let json: serde_json::Value = serde_json::from_str(&ok(iln(
        &db,
        &["report", "readiness", "--round", "2027 A", "--json"],
    )))
    .unwrap();
    assert_eq!(json["round"], "2027 A");
    assert_eq!(
        json["waiting"].as_array().unwrap().len(),
        expected.waiting.len()
    );
    assert_eq!(
        json["by_country"][0]["label"],
        expected.by_country[0].label.as_str()
    );
    assert_eq!(
        json["few_partners"].as_array().unwrap().len(),
        expected.few_partners.len()
    );

    let out = iln(&db, &["report", "readiness", "--round", "2031 Z"]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: ") && err.contains("\"2031 Z\""),
        "{err}"
    );
}

#[test]
fn publish_refuses_without_a_draft_then_publishes_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());

    let out = iln(&db, &["publish", "--round", "2027 A"]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no draft to publish in 2027 A"), "{err}");
    assert!(
        err.contains("iln match --round \"2027 A\""),
        "names the fix: {err}"
    );

    let matched: serde_json::Value =
        serde_json::from_str(&ok(iln(&db, &["match", "--round", "2027 A", "--json"]))).unwrap();
    let (pairs, trios) = (
        matched["pairs"].as_u64().unwrap(),
        matched["trios"].as_u64().unwrap(),
    );
    let unmatched = matched["unmatched"].as_array().unwrap().len();
    let stay = if unmatched == 1 {
        "accepted applicant stays"
    } else {
        "accepted applicants stay"
    };
    let text = ok(iln(&db, &["publish", "--round", "2027 A"]));
    let store = Store::open(&db).unwrap();
    let round = store.round_by_name("2027 A").unwrap();
    let active = store.partnerships(round.id).unwrap();
    assert_eq!(active.len() as u64, pairs + trios);
    assert!(active.iter().all(|p| p.status == PartnershipStatus::Active));
    let people: usize = active.iter().map(|p| p.members.len()).sum();
    let (starts, ends) = (active[0].starts_on.unwrap(), active[0].ends_on.unwrap());
    assert_eq!(
        text,
        format!(
            "published {} partnerships of 2027 A ({pairs} pairs, {trios} trios; {people} \
             people), {starts} to {ends}\n  {unmatched} {stay} unmatched\n",
            pairs + trios
        )
    );
    drop(store);

    let out = iln(&db, &["publish", "--round", "2027 A"]);
    assert!(!out.status.success(), "nothing left to publish");
}

#[test]
fn exported_candidates_are_the_pairs_of_each_persons_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let csv = dir.path().join("pairs.csv");
    let said = ok(iln(
        &db,
        &[
            "export",
            "candidates",
            "--round",
            "2027 A",
            "-o",
            csv.to_str().unwrap(),
        ],
    ));
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("id_a,id_b,score"));
    let mut scores: HashMap<(i64, i64), i64> = HashMap::new();
    for l in lines {
        let v: Vec<i64> = l.split(',').map(|x| x.parse().unwrap()).collect();
        scores.insert((v[0], v[1]), v[2]);
        scores.insert((v[1], v[0]), v[2]);
    }
    let store = Store::open(&db).unwrap();
    let round = store.round_by_name("2027 A").unwrap();
    let prepared = matching::prepare(&store, round.id).unwrap();
    assert_eq!(
        said.trim_end(),
        format!(
            "wrote {} allowed pairs of 2027 A to {}",
            scores.len() / 2,
            csv.display()
        )
    );
    let mut listed = 0;
    for a in &prepared.input.applicants {
        let all = candidates::ranked(&store, round.id, a.id, usize::MAX).unwrap();
        for c in &all {
            assert_eq!(scores.get(&(a.id.0, c.id.0)), Some(&c.score));
        }
        listed += all.len();
    }
    assert_eq!(listed, scores.len(), "every pair is in both people's lists");
}

/// A running round of one pair (Aroha & Dora) and Kofi, accepted late into the rematch
/// pool, who shares a language with nobody else in it.
fn kofi_and_a_running_pair() -> (Store, RoundId, iln::domain::Application) {
    let mut store = Store::open_in_memory().unwrap();
    let round = store
        .create_round(&RoundPlan {
            status: RoundStatus::Closed,
            ..RoundPlan::starting("Small", d("2027-02-01"))
        })
        .unwrap()
        .id;
    store
        .save_applications_with_status(
            round,
            &[
                form("Aroha", "NZ", vec![Language::English]),
                form("Dora", "CL", vec![Language::English, Language::Spanish]),
                form("Emi", "JP", vec![Language::Japanese]),
            ],
            ApplicationStatus::Accepted,
            "test",
        )
        .unwrap();
    match_round(&mut store, round);
    let r = store.round(round).unwrap();
    let plan = publish::preview(&store, &r, d("2027-03-20")).unwrap();
    publish::publish(&mut store, &plan).unwrap();
    // Kofi applies late: nobody in the pool shares a language with him.
    store
        .add_application(round, &form("Kofi", "GH", vec![Language::English]))
        .unwrap();
    let kofi = store
        .applications(round)
        .unwrap()
        .into_iter()
        .find(|a| a.form.name == "Kofi")
        .unwrap();
    store
        .set_application_status(kofi.id, kofi.version, ApplicationStatus::Accepted)
        .unwrap();

    (store, round, kofi)
}

#[test]
fn someone_of_the_rematch_pool_with_no_possible_pair_may_join_a_running_pair() {
    let (mut store, round, kofi) = kofi_and_a_running_pair();
    let offered = candidates::ranked(&store, round, kofi.id, 10).unwrap();
    assert_eq!(offered.len(), 1, "{offered:?}");
    let pair = offered[0].joins.clone().expect("a running pair to join");
    assert_eq!(offered[0].name, "Aroha & Dora");
    store.join_partnership(&pair, kofi.id).unwrap();
    let now = store.partnership(pair.id).unwrap();
    assert_eq!(now.members.len(), 3);
    assert_eq!(now.status, PartnershipStatus::Active);
    // Named as shown: the pair is a trio now, and is not joined again.
    assert!(store.join_partnership(&pair, kofi.id).is_err());
}

/// The same by keys: Kofi's candidate list offers the running pair, Enter asks, and yes
/// makes the pair a trio, selected and said.
#[test]
fn joining_a_running_pair_by_keys_asks_first() {
    let (store, round, kofi) = kofi_and_a_running_pair();
    let mut app = App::new(store).with_today(d("2027-03-25"));
    assert_eq!(app.current_round().unwrap().id, round);
    type_text(&mut app, "3/Kofi");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.matches().selected_people()[0].0, kofi.id);
    type_text(&mut app, "c");
    let list = app.matches().candidates().expect("the candidate list");
    assert_eq!(list.rows.len(), 1);
    assert!(list.rows[0].joins.is_some());
    press(&mut app, KeyCode::Enter);
    let Some(Modal::Question(q)) = app.modal() else {
        panic!("no question")
    };
    assert!(
        q.text
            .contains("Add Kofi to Aroha & Dora's running partnership as a third member"),
        "{}",
        q.text
    );
    // No: nothing changes.
    type_text(&mut app, "n");
    let before = app.store().partnerships(round).unwrap();
    assert!(before.iter().all(|p| p.members.len() == 2));
    type_text(&mut app, "c");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "y");
    let after = app.store().partnerships(round).unwrap();
    let trio = after.iter().find(|p| p.members.len() == 3).expect("a trio");
    assert!(trio.members.contains(&kofi.id));
    assert_eq!(trio.status, PartnershipStatus::Active);
    let said = app.status().map(|s| s.text.clone()).unwrap_or_default();
    assert!(said.contains("Kofi joined Aroha & Dora"), "{said}");
}

/// The day the demo data of these tests is made on.
fn demo_day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}
