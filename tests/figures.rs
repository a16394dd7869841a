//! A round in numbers, against values worked out by hand for a program of three rounds:
//! new and returning people and countries, a capped country, a withdrawal, an early end and
//! two rematches, problems, an introduction sent, topics; and `iln report` in its three
//! formats.

use std::collections::{BTreeMap, HashMap};
use std::process::Command;

use chrono::NaiveDate;
use iln::domain::{
    ApplicationForm, ApplicationId, ApplicationStatus, MessageKind, PartnershipStatus, RoundId,
    RoundPlan, RoundStatus, TopicStatus,
};
use iln::ops::figures::{self, Share};
use iln::store::{NewPartnership, ProblemKind, ProblemOutcome, SentMessage, Store, TopicDraft};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn form(name: &str, country: &'static str) -> ApplicationForm {
    ApplicationForm {
        name: name.into(),
        email: format!("{}@example.org", name.to_lowercase()),
        country,
        city: String::new(),
        time_zone: iln::domain::TimeZone::named("UTC").unwrap(),
        sector: iln::domain::Sector::Public,
        role: "Librarian".into(),
        career_stage: iln::domain::CareerStage::Mid,
        interests: Vec::new(),
        languages: vec![iln::domain::Language::English],
        wish_sectors: Vec::new(),
        wish_stage: iln::domain::StageWish::Any,
        wish_place: iln::domain::PlaceWish::Any,
        consent: true,
        submitted_at: "2026-01-05T10:00:00".parse().unwrap(),
        priority: false,
        notes: String::new(),
    }
}

/// A round opening on `opens`, its people with their status.
fn round(
    store: &mut Store,
    name: &str,
    opens: &str,
    people: &[(&str, &'static str, ApplicationStatus)],
) -> (RoundId, HashMap<String, ApplicationId>) {
    let round = store
        .create_round(&RoundPlan {
            status: RoundStatus::Active,
            ..RoundPlan::starting(name, d(opens))
        })
        .unwrap();
    for status in [
        ApplicationStatus::Accepted,
        ApplicationStatus::Deferred,
        ApplicationStatus::Withdrawn,
    ] {
        let forms: Vec<_> = people
            .iter()
            .filter(|p| p.2 == status)
            .map(|p| form(p.0, p.1))
            .collect();
        if !forms.is_empty() {
            store
                .save_applications_with_status(round.id, &forms, status, "test")
                .unwrap();
        }
    }
    let ids = store
        .application_rows(round.id)
        .unwrap()
        .into_iter()
        .map(|r| (r.name, r.id))
        .collect();
    (round.id, ids)
}

fn partnership(status: PartnershipStatus, score: i64, members: &[ApplicationId]) -> NewPartnership {
    let mut members = members.to_vec();
    members.sort();
    NewPartnership {
        status,
        score: Some(score),
        locked: false,
        members,
        starts_on: Some(d("2026-08-03")),
        ends_on: Some(d(if status == PartnershipStatus::EndedEarly {
            "2026-09-01"
        } else {
            "2026-12-03"
        })),
        end_reason: (status == PartnershipStatus::EndedEarly).then(|| "withdrawal".into()),
    }
}

use ApplicationStatus::{Accepted, Deferred, Withdrawn};

/// Three rounds; returns the store and the middle round.
fn program() -> (Store, RoundId) {
    program_in(Store::open_in_memory().unwrap())
}

fn program_in(mut store: Store) -> (Store, RoundId) {
    // Round one: Ana (NZ), Bo (KE), Cy (CL), Di (JP).
    let (one, p) = round(
        &mut store,
        "2026 A",
        "2026-01-05",
        &[
            ("Ana", "NZ", Accepted),
            ("Bo", "KE", Accepted),
            ("Cy", "CL", Accepted),
            ("Di", "JP", Accepted),
        ],
    );
    store
        .create_partnerships(
            one,
            &[
                partnership(PartnershipStatus::Ended, 70, &[p["Ana"], p["Bo"]]),
                partnership(PartnershipStatus::Ended, 30, &[p["Cy"], p["Di"]]),
            ],
            "test",
        )
        .unwrap();

    // Round two: Ana and Cy come back; Ed (GB), Fi (NZ), Hu (FR), Ib (IN), Jo (US) and Mo
    // (CL) are new; Gi (NZ) is deferred; Wu (AU) withdrew.
    let (two, p) = round(
        &mut store,
        "2026 B",
        "2026-06-01",
        &[
            ("Ana", "NZ", Accepted),
            ("Cy", "CL", Accepted),
            ("Ed", "GB", Accepted),
            ("Fi", "NZ", Accepted),
            ("Hu", "FR", Accepted),
            ("Ib", "IN", Accepted),
            ("Jo", "US", Accepted),
            ("Mo", "CL", Accepted),
            ("Gi", "NZ", Deferred),
            ("Wu", "AU", Withdrawn),
        ],
    );
    // Cy and Hu's partnership ended early; both were rematched, Hu into a trio.
    let made = store
        .create_partnerships(
            two,
            &[
                partnership(PartnershipStatus::Active, 60, &[p["Ana"], p["Ed"]]),
                partnership(PartnershipStatus::EndedEarly, 40, &[p["Cy"], p["Hu"]]),
                partnership(PartnershipStatus::Active, 50, &[p["Cy"], p["Ib"]]),
                partnership(PartnershipStatus::Active, 90, &[p["Fi"], p["Hu"], p["Jo"]]),
            ],
            "test",
        )
        .unwrap();
    let first = store.partnership(made[0]).unwrap();
    let problem = store
        .log_problem(
            &first,
            ProblemKind::Unresponsive,
            "quiet",
            None,
            d("2026-09-01"),
        )
        .unwrap();
    store
        .settle_problem(
            &problem,
            ProblemOutcome::Resolved,
            "talking",
            d("2026-09-10"),
        )
        .unwrap();
    let first = store.partnership(made[0]).unwrap();
    store
        .log_problem(&first, ProblemKind::Other, "times", None, d("2026-10-01"))
        .unwrap();
    store
        .record_sent(
            two,
            &SentMessage {
                key: "introductions/x".into(),
                kind: MessageKind::Introduction,
                partnership_id: Some(made[0]),
                recipients: first.members.clone(),
                message_id: "<x@example.org>".into(),
                sent_at: String::new(),
            },
        )
        .unwrap();
    for (day, status) in [
        ("2026-08-03", TopicStatus::Published),
        ("2026-09-01", TopicStatus::Published),
        ("2026-10-01", TopicStatus::Ready),
    ] {
        store
            .create_topic(
                two,
                &TopicDraft {
                    publish_on: d(day),
                    title: format!("Topic of {day}"),
                    summary: String::new(),
                    body: String::new(),
                    questions: Vec::new(),
                    status,
                    published_on: (status == TopicStatus::Published).then(|| d(day)),
                },
            )
            .unwrap();
    }

    // Round three: Ana for her third round, Ed for his second; Ko (DE) is new, and so is
    // Lu from Kenya, which took part in round one.
    round(
        &mut store,
        "2027 A",
        "2026-12-01",
        &[
            ("Ana", "NZ", Accepted),
            ("Ed", "GB", Accepted),
            ("Ko", "DE", Accepted),
            ("Lu", "KE", Accepted),
        ],
    );
    (store, two)
}

fn shares(list: &[(&str, usize)]) -> Vec<Share> {
    list.iter()
        .map(|(name, count)| Share {
            name: name.to_string(),
            count: *count,
        })
        .collect()
}

#[test]
fn the_middle_round_in_numbers() {
    let (store, two) = program();
    let r = figures::report(&store, &store.round(two).unwrap()).unwrap();
    assert_eq!(r.participants, 8);
    assert_eq!(r.countries, 6, "NZ, CL, GB, FR, IN, US");
    assert_eq!(
        r.new_countries,
        ["France", "India", "United Kingdom", "United States"],
        "by name"
    );
    assert_eq!(r.returning.total, 2);
    assert_eq!(r.returning.by_rounds_before, BTreeMap::from([(1, 2)]));
    assert_eq!(r.by_sector, shares(&[("Public", 8)]));
    assert_eq!(r.by_career_stage, shares(&[("Mid career", 8)]));
    assert_eq!(r.capped_countries, shares(&[("New Zealand", 1)]));
    assert_eq!(r.deferred, 1);
    // In a partnership that runs: Ana, Ed, Cy, Ib, Fi, Hu, Jo; Mo is not.
    assert_eq!((r.matched, r.unmatched, r.trios), (7, 1, 1));
    // Published partnerships: 60, 40, 50 and 90.
    assert_eq!(r.mean_score, Some(60.0));
    assert_eq!(r.lowest_score, Some(40));
    assert_eq!(r.wishes_met, None, "no matching run kept");
    assert_eq!(
        (r.problems.open, r.problems.resolved, r.problems.closed),
        (1, 1, 0)
    );
    assert_eq!((r.ended_early, r.rematched), (1, 2));
    assert_eq!(r.introductions_sent, 1);
    assert_eq!((r.topics.published, r.topics.planned), (2, 3));
}

#[test]
fn the_first_and_last_rounds_in_numbers() {
    let (store, _) = program();
    let one = store.round_by_name("2026 A").unwrap();
    let r = figures::report(&store, &one).unwrap();
    assert_eq!(
        r.new_countries.len(),
        4,
        "every country is new in the first round"
    );
    assert_eq!(r.returning.total, 0);
    assert_eq!((r.matched, r.unmatched), (4, 0));
    assert_eq!(r.mean_score, Some(50.0));

    let three = store.round_by_name("2027 A").unwrap();
    let r = figures::report(&store, &three).unwrap();
    assert_eq!(r.participants, 4);
    assert_eq!(r.new_countries, ["Germany"], "Kenya took part in round one");
    assert_eq!(r.returning.total, 2);
    assert_eq!(
        r.returning.by_rounds_before,
        BTreeMap::from([(1, 1), (2, 1)]),
        "Ed's second round, Ana's third"
    );
    assert_eq!((r.matched, r.unmatched, r.trios), (0, 4, 0));
    assert_eq!(r.mean_score, None);
}

/// What `iln --db DB ARGS` prints, on the tests' day, with a config of its own in `dir`;
/// the command must succeed.
fn iln(db: &std::path::Path, dir: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_iln"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("ILN_TODAY", "2026-11-20")
        .env_remove("ILN_DB")
        .env_remove("ILN_CONFIG")
        .env("XDG_CONFIG_HOME", dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn iln_report_prints_the_same_figures_as_text_markdown_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    {
        let (store, _) = program();
        store.backup_to(&db).unwrap();
    }
    let run = |args: &[&str]| iln(&db, dir.path(), args);
    let json: serde_json::Value =
        serde_json::from_str(&run(&["report", "--round", "2026 B", "--format", "json"])).unwrap();
    for key in [
        "participants",
        "countries",
        "new_countries",
        "returning",
        "by_sector",
        "by_career_stage",
        "capped_countries",
        "deferred",
        "matched",
        "unmatched",
        "trios",
        "problems",
        "ended_early",
        "rematched",
        "introductions_sent",
        "topics",
    ] {
        assert!(json.get(key).is_some(), "{key} in {json}");
    }
    assert_eq!(json["participants"], 8);
    assert_eq!(json["new_countries"][0], "France");
    let text = run(&["report", "--round", "2026 B"]);
    assert!(text.contains("Participants  8 from 6 countries"), "{text}");
    assert!(
        text.contains("Returning     2 back: 2 for their 2nd round"),
        "{text}"
    );
    let markdown = run(&["report", "--round", "2026 B", "--format", "markdown"]);
    assert!(
        markdown.starts_with("## 2026 B in numbers\n\n- **8** librarians from **6 countries**"),
        "{markdown}"
    );
    assert!(
        markdown.contains("\n- **2** back from an earlier round: 2 for their 2nd round\n"),
        "{markdown}"
    );
    // Every value of the JSON is the use case's, as the Overview shows it.
    let store = Store::open(&db).unwrap();
    let round = store.round_by_name("2026 B").unwrap();
    let figures = iln::ops::figures::report(&store, &round).unwrap();
    assert_eq!(json, serde_json::to_value(&figures).unwrap());
}

/// Ana took part in all three rounds, with a partnership in two, a problem, a message, a
/// note and a pair forbidden for her. Her export holds all of it; her erasure leaves every
/// round's figures as they were and nothing of her in the database file.
#[test]
fn a_person_is_exported_and_erased_across_three_rounds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let (mut store, two) = program_in(Store::open(&path).unwrap());
    let ana = store.person_by_email("ana@example.org").unwrap().unwrap();
    let bo = store.person_by_email("bo@example.org").unwrap().unwrap();
    let mine = store
        .applications(two)
        .unwrap()
        .into_iter()
        .find(|a| a.person_id == ana.id)
        .unwrap();
    let mut form = mine.form.clone();
    form.notes = "Prefers calls on Tuesdays".into();
    store
        .update_application_form(mine.id, mine.version, &form)
        .unwrap();
    store
        .forbid_pair(ana.id, bo.id, "Ana asked not to")
        .unwrap();
    let rounds = store.rounds().unwrap();
    let figures_now = |store: &Store| -> Vec<String> {
        rounds
            .iter()
            .map(|r| format!("{:?}", figures::report(store, r).unwrap()))
            .collect()
    };
    let before = figures_now(&store);

    let record = store.person_record(ana.id).unwrap();
    assert_eq!(record["email"], "ana@example.org");
    let rounds_of = |key: &str| -> Vec<String> {
        record[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["round"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(rounds_of("applications"), ["2026 A", "2026 B", "2027 A"]);
    assert_eq!(rounds_of("partnerships"), ["2026 A", "2026 B"]);
    assert_eq!(record["problems"].as_array().unwrap().len(), 2);
    assert_eq!(record["messages_sent"].as_array().unwrap().len(), 1);
    assert_eq!(
        record["applications"][1]["notes"],
        "Prefers calls on Tuesdays"
    );
    store.record_person_export(ana.id).unwrap();

    let done = store.erase_person(ana.id).unwrap();
    assert_eq!((done.applications, done.rounds), (3, 3));
    assert_eq!(figures_now(&store), before, "every round adds up as before");
    assert!(store.person_by_email("ana@example.org").unwrap().is_none());
    assert!(store.forbidden_pairs().unwrap().is_empty());
    let log = store.audit_log(2).unwrap();
    assert_eq!(
        (log[0].action.as_str(), log[1].action.as_str()),
        ("person.erase", "person.export")
    );
    assert_eq!(log[0].detail["person"], ana.id.0);
    let edit = store
        .audit_log(100)
        .unwrap()
        .into_iter()
        .find(|e| e.action == "application.edit")
        .unwrap();
    assert_eq!(edit.summary, "edited the application of Erased person");
    drop(store);
    for file in ["iln.db", "iln.db-wal"] {
        let Ok(bytes) = std::fs::read(dir.path().join(file)) else {
            continue;
        };
        for trace in [
            "ana@example.org",
            "Prefers calls on Tuesdays",
            "Ana asked not to",
        ] {
            assert!(
                !bytes.windows(trace.len()).any(|w| w == trace.as_bytes()),
                "{trace:?} is still in {file}"
            );
        }
    }
}

/// `iln round list` counts the matched and the unmatched as the report does, in every round
/// of the hand-built program and of the demo's (where an ended round has early ends); and
/// a round matched by nobody's wishes says so rather than "not matched yet".
#[test]
fn round_list_and_report_agree_on_who_is_matched() {
    let dir = tempfile::tempdir().unwrap();
    let run = |db: &std::path::Path, args: &[&str]| iln(db, dir.path(), args);
    let hand = dir.path().join("hand.db");
    program().0.backup_to(&hand).unwrap();
    let demo = dir.path().join("demo.db");
    run(&demo, &["demo"]);
    for db in [&hand, &demo] {
        let list: serde_json::Value =
            serde_json::from_str(&run(db, &["round", "list", "--json"])).unwrap();
        for round in list.as_array().unwrap() {
            let name = round["name"].as_str().unwrap();
            let report: serde_json::Value =
                serde_json::from_str(&run(db, &["report", "--round", name, "--format", "json"]))
                    .unwrap();
            assert_eq!(round["counts"]["matched"], report["matched"], "{name}");
            assert_eq!(round["counts"]["unmatched"], report["unmatched"], "{name}");
            let text = run(db, &["report", "--round", name]);
            if report["matched"].as_u64().unwrap() > 0 {
                assert!(!text.contains("not matched yet"), "{name}: {text}");
            }
        }
    }
}
