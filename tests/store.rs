//! Store: migrations, the refusal of newer databases, round trips for every table, schema
//! constraints and all-or-nothing actions.

use chrono::{NaiveDate, NaiveDateTime};
use iln::domain::{
    ApplicationForm, ApplicationStatus, CareerStage, Interest, Language, PartnershipStatus,
    PlaceWish, Region, RoundPlan, RoundStatus, Sector, StageWish, TopicStatus, UtcOffset,
};
use iln::store::{NewPartnership, Store, StoreError, TopicDraft, migrations};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn form(name: &str, email: &str, country: &'static str) -> ApplicationForm {
    ApplicationForm {
        name: name.to_string(),
        email: email.to_string(),
        country,
        city: "Wellington".to_string(),
        utc_offset: UtcOffset(720),
        sector: Sector::Academic,
        role: "Liaison librarian".to_string(),
        career_stage: CareerStage::Mid,
        interests: vec![
            Interest::OpenAccess,
            Interest::Advocacy,
            Interest::ResearchSupport,
        ],
        languages: vec![Language::English, Language::Maori],
        wish_sectors: vec![Sector::Public, Sector::School],
        wish_stage: StageWish::Later,
        wish_place: PlaceWish::Region(Region::LatinAmerica),
        consent: true,
        submitted_at: at("2027-03-02 09:15:02"),
        priority: true,
        notes: "Prefers video calls.\nAvailable mornings.".to_string(),
    }
}

fn round(store: &mut Store, name: &str) -> i64 {
    store
        .create_round(&RoundPlan::starting(name, d("2027-03-01")))
        .unwrap()
        .id
}

#[test]
fn migrations_apply_and_validate() {
    migrations::validate().unwrap();
    let store = Store::open_in_memory().unwrap();
    assert!(store.is_empty().unwrap());
}

#[test]
fn reopening_keeps_data_and_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("iln.db");
    {
        let mut store = Store::open(&path).unwrap();
        round(&mut store, "2027 A");
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.rounds().unwrap().len(), 1);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, migrations::latest());
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn newer_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 999;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::NewerVersion { found: 999, .. }));
    let message = err.to_string();
    assert!(message.contains("newer version of iln"), "{message}");
    assert!(message.contains("future.db"), "{message}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_file_that_is_not_a_database_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    std::fs::write(
        &path,
        "these are not the tables you are looking for".repeat(40),
    )
    .unwrap();
    let err = Store::open(&path).err().expect("refused").to_string();
    assert!(
        err.contains("notes.db") && err.contains("not an iln database"),
        "{err}"
    );
}

#[test]
fn rounds_round_trip_and_names_are_unique() {
    let mut store = Store::open_in_memory().unwrap();
    let mut plan = RoundPlan::starting("2027 A", d("2027-03-01"));
    plan.term_months = 6;
    plan.cap_percent = 25;
    let created = store.create_round(&plan).unwrap();
    assert_eq!(store.round(created.id).unwrap(), created);
    assert_eq!(store.round_by_name("2027 a").unwrap(), created);
    let err = store.create_round(&plan).unwrap_err().to_string();
    assert!(err.contains("already exists"), "{err}");
    let mut padded = plan.clone();
    padded.name = " 2027 A ".into();
    let err = store.create_round(&padded).unwrap_err().to_string();
    assert!(err.contains("already exists"), "{err}");

    plan.status = RoundStatus::Matching;
    plan.name = "2027 First".into();
    let updated = store.update_round(created.id, &plan).unwrap();
    assert_eq!(store.round(created.id).unwrap(), updated);
    assert_eq!(updated.plan.ends_on(), plan.ends_on());

    let unknown = store.round_by_name("1999 Z").unwrap_err().to_string();
    assert!(
        unknown.contains("2027 First"),
        "lists known rounds: {unknown}"
    );
}

#[test]
fn invalid_round_is_not_saved() {
    let mut store = Store::open_in_memory().unwrap();
    let mut plan = RoundPlan::starting("2027 A", d("2027-03-01"));
    plan.starts_on = d("2027-01-01");
    assert!(store.create_round(&plan).is_err());
    assert!(store.rounds().unwrap().is_empty());
    assert!(store.audit_log(10).unwrap().is_empty());
}

#[test]
fn applications_round_trip_every_field() {
    let mut store = Store::open_in_memory().unwrap();
    let r = round(&mut store, "2027 A");
    let f = form("Aroha Ngata", "Aroha@Library.example.nz", "NZ");
    let outcome = store
        .save_applications(r, std::slice::from_ref(&f), "test")
        .unwrap();
    assert_eq!((outcome.created, outcome.updated), (1, 0));
    let apps = store.applications(r).unwrap();
    assert_eq!(apps.len(), 1);
    assert_eq!(apps[0].form, f);
    assert_eq!(apps[0].status, ApplicationStatus::Pending);
    assert_eq!(store.application(apps[0].id).unwrap(), apps[0]);

    let rows = store.application_rows(r).unwrap();
    assert_eq!(rows[0].country.code, "NZ");
    assert_eq!(rows[0].languages, f.languages);

    // Same person (e-mail in another case), new details: an update, not a duplicate.
    let mut again = f.clone();
    again.email = "aroha@library.example.NZ".into();
    again.career_stage = CareerStage::Late;
    let outcome = store.save_applications(r, &[again], "test").unwrap();
    assert_eq!((outcome.created, outcome.updated), (0, 1));
    let apps = store.applications(r).unwrap();
    assert_eq!(apps.len(), 1);
    assert_eq!(apps[0].form.career_stage, CareerStage::Late);

    // The same person in another round is the same person.
    let r2 = round(&mut store, "2027 B");
    store.save_applications(r2, &[f], "test").unwrap();
    assert_eq!(
        store.applications(r2).unwrap()[0].person_id,
        apps[0].person_id
    );
    let person = store
        .person_by_email("AROHA@library.example.nz")
        .unwrap()
        .unwrap();
    assert_eq!(person.id, apps[0].person_id);
}

#[test]
fn a_bad_application_in_a_batch_saves_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let r = round(&mut store, "2027 A");
    let good = form("Ana Silva", "ana@bib.example.br", "BR");
    let mut bad = form("Bo", "bo-at-example", "SE");
    bad.consent = true;
    let err = store
        .save_applications(r, &[good, bad], "test")
        .unwrap_err();
    assert!(err.to_string().contains("email"), "{err}");
    assert!(store.applications(r).unwrap().is_empty());
    assert!(
        store
            .person_by_email("ana@bib.example.br")
            .unwrap()
            .is_none()
    );
}

#[test]
fn statuses_and_the_country_cap() {
    let mut store = Store::open_in_memory().unwrap();
    let r = round(&mut store, "2027 A");
    let mut forms = Vec::new();
    for i in 0..10 {
        let country = if i < 4 {
            "AU"
        } else {
            ["NZ", "KE", "CL", "IN", "CA", "FJ"][i - 4]
        };
        let mut f = form(
            &format!("Person {i}"),
            &format!("p{i}@x.example.org"),
            country,
        );
        f.submitted_at = at(&format!("2027-03-02 09:{i:02}:00"));
        forms.push(f);
    }
    store.save_applications(r, &forms, "test").unwrap();
    let changes = store.apply_country_cap(r).unwrap();
    assert_eq!(changes.len(), 10);
    let figures = &store.round_figures().unwrap()[0];
    assert_eq!((figures.accepted, figures.deferred), (8, 2));
    assert_eq!(figures.countries, 7);

    let id = store.application_rows(r).unwrap()[0].id;
    store
        .set_application_status(id, ApplicationStatus::Withdrawn)
        .unwrap();
    assert_eq!(
        store.application(id).unwrap().status,
        ApplicationStatus::Withdrawn
    );
    let log = store.audit_log(1).unwrap();
    assert_eq!(log[0].action, "application.status");
    assert_eq!(log[0].detail["before"], "accepted");
}

#[test]
fn partnerships_round_trip_and_make_past_partners() {
    let mut store = Store::open_in_memory().unwrap();
    let r = round(&mut store, "2027 A");
    let forms = [
        form("A", "a@x.example.org", "NZ"),
        form("B", "b@x.example.org", "KE"),
        form("C", "c@x.example.org", "CL"),
        form("D", "d@x.example.org", "FJ"),
    ];
    store.save_applications(r, &forms, "test").unwrap();
    let ids: Vec<i64> = store
        .applications(r)
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    let items = vec![
        NewPartnership {
            status: PartnershipStatus::Ended,
            score: Some(42),
            locked: true,
            members: vec![ids[0], ids[1], ids[2]],
            starts_on: Some(d("2027-04-01")),
            ends_on: Some(d("2027-08-01")),
            end_reason: None,
        },
        NewPartnership {
            status: PartnershipStatus::Draft,
            score: None,
            locked: false,
            members: vec![ids[2], ids[3]],
            starts_on: None,
            ends_on: None,
            end_reason: None,
        },
    ];
    let created = store.create_partnerships(r, &items, "test").unwrap();
    let stored = store.partnerships(r).unwrap();
    assert_eq!(stored.len(), 2);
    for (s, (item, id)) in stored.iter().zip(items.iter().zip(created)) {
        assert_eq!(s.id, id);
        assert_eq!(s.status, item.status);
        assert_eq!(s.score, item.score);
        assert_eq!(s.locked, item.locked);
        assert_eq!(s.members, item.members);
        assert_eq!(s.starts_on, item.starts_on);
        assert_eq!(s.ends_on, item.ends_on);
    }
    // Only the published (here: ended) trio counts: three pairs of people.
    assert_eq!(store.past_partners().unwrap().len(), 3);

    // A draft with one member is refused; so is a fourth member.
    let mut lonely = items[1].clone();
    lonely.members.truncate(1);
    assert!(store.create_partnerships(r, &[lonely], "test").is_err());
    let mut crowd = items[0].clone();
    crowd.members.push(ids[3]);
    assert!(store.create_partnerships(r, &[crowd], "test").is_err());
    assert_eq!(store.partnerships(r).unwrap().len(), 2);
}

#[test]
fn forbidden_pairs_round_trip() {
    let mut store = Store::open_in_memory().unwrap();
    let r = round(&mut store, "2027 A");
    store
        .save_applications(
            r,
            &[
                form("A", "a@x.example.org", "NZ"),
                form("B", "b@x.example.org", "KE"),
            ],
            "test",
        )
        .unwrap();
    let apps = store.applications(r).unwrap();
    let (a, b) = (apps[0].person_id, apps[1].person_id);
    store.forbid_pair(b, a, "work together already").unwrap();
    assert_eq!(
        store.forbidden_pairs().unwrap(),
        vec![(a.min(b), a.max(b), "work together already".to_string())]
    );
    assert!(store.forbid_pair(a, a, "").is_err());
}

#[test]
fn topics_round_trip_with_unicode() {
    let mut store = Store::open_in_memory().unwrap();
    let r = round(&mut store, "2027 A");
    let mut draft = TopicDraft {
        publish_on: d("2027-04-12"),
        title: "Bibliotecas y comunidad — 图书馆 📚".into(),
        summary: "مكتبات".into(),
        body: "# Heading\n\nBody with *markdown*.".into(),
        questions: vec!["¿Qué opinas?".into(), "What next?".into()],
        status: TopicStatus::Draft,
        published_on: None,
    };
    let t = store.create_topic(r, &draft).unwrap();
    assert_eq!(store.topic(t.id).unwrap(), t);
    assert_eq!(t.questions, draft.questions);
    draft.status = TopicStatus::Published;
    draft.published_on = Some(d("2027-04-12"));
    let t2 = store.update_topic(t.id, &draft).unwrap();
    assert_eq!(store.topics(r).unwrap(), vec![t2]);
    // The schema refuses a published topic without a date.
    draft.published_on = None;
    assert!(store.update_topic(t.id, &draft).is_err());
    assert_eq!(
        store.topic(t.id).unwrap().published_on,
        Some(d("2027-04-12"))
    );
}

#[test]
fn every_action_is_audited() {
    let mut store = Store::open_in_memory().unwrap();
    let r = round(&mut store, "2027 A");
    store
        .save_applications(r, &[form("A", "a@x.example.org", "NZ")], "file.csv")
        .unwrap();
    let log = store.audit_log(10).unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["applications.import", "round.create"]);
    assert!(log[0].summary.contains("file.csv"));
}

#[test]
fn schema_constraints_hold_without_the_code() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    Store::open(&path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "foreign_keys", true).unwrap();
    let refuse = |sql: &str| assert!(conn.execute_batch(sql).is_err(), "accepted: {sql}");
    refuse("INSERT INTO people (email, name) VALUES ('no-at-sign', 'X')");
    refuse("INSERT INTO people (email, name) VALUES ('a@b.org', '  ')");
    conn.execute_batch("INSERT INTO people (email, name) VALUES ('a@b.org', 'A')")
        .unwrap();
    refuse("INSERT INTO people (email, name) VALUES ('A@B.ORG', 'Same')");
    refuse(
        "INSERT INTO rounds (name, opens_on, closes_on, matching_on, starts_on, term_months,
         cap_percent, status) VALUES ('R', '2027-03-01', '2027-02-01', '2027-03-05',
         '2027-03-06', 4, 20, 'open')",
    );
    refuse(
        "INSERT INTO rounds (name, opens_on, closes_on, matching_on, starts_on, term_months,
         cap_percent, status) VALUES ('R', '2027-03-01', '2027-03-02', '2027-03-05',
         '2027-03-06', 4, 20, 'someday')",
    );
    refuse(
        "INSERT INTO applications (round_id, person_id, name, country, utc_offset_minutes,
            sector, career_stage, languages, consent, submitted_at)
            VALUES (99, 1, 'A', 'NZ', 0, 'academic', 'mid', 'en', 1, '2027-01-01')",
    );
    refuse("INSERT INTO forbidden_pairs (person_a, person_b) VALUES (1, 1)");
}
