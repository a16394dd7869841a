//! Store: migrations, the refusal of newer databases, round trips for every table, schema
//! constraints and all-or-nothing actions; the topics API (planning, saving, moving,
//! publishing, removing) and the unsaved editor drafts that survive a crash.

use chrono::{NaiveDate, NaiveDateTime};
use iln::domain::{
    ApplicationForm, ApplicationStatus, Cadence, CareerStage, Interest, Language,
    PartnershipStatus, PlaceWish, Region, RoundPlan, RoundStatus, Sector, StageWish, Topic,
    TopicStatus, UtcOffset,
};
use iln::store::{
    NewPartnership, Store, StoreError, TopicDraft, TopicText, UnsavedDraft, migrations,
};

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

/// Everything a refused action must leave as it was: the round's topics, every unsaved
/// draft of them and the number of audit rows.
fn topics_state(store: &Store, round_id: i64) -> (Vec<Topic>, Vec<Option<UnsavedDraft>>, usize) {
    let topics = store.topics(round_id).unwrap();
    let drafts = topics
        .iter()
        .map(|t| store.unsaved(t.id).unwrap())
        .collect();
    (topics, drafts, audit_rows(store))
}

fn audit_rows(store: &Store) -> usize {
    store.audit_log(100_000).unwrap().len()
}

fn text(title: &str) -> TopicText {
    TopicText {
        title: title.to_string(),
        summary: format!("About {title}."),
        body: format!("# {title}\n\nSome words."),
        questions: vec!["One?".into(), "Two?".into()],
    }
}

#[test]
fn plan_topics_fills_the_rounds_term_once() {
    let mut store = Store::open_in_memory().unwrap();
    let r = round(&mut store, "2027 A");
    let plan = store.round(r).unwrap().plan;
    // Opens 2027-03-01: starts 2027-04-12, a 4-month term to 2027-08-12.
    assert_eq!(
        (plan.starts_on, plan.ends_on()),
        (d("2027-04-12"), d("2027-08-12"))
    );

    assert_eq!(store.plan_topics(r, Cadence::Monthly).unwrap(), 4);
    let topics = store.topics(r).unwrap();
    let dates: Vec<NaiveDate> = topics.iter().map(|t| t.publish_on).collect();
    assert_eq!(
        dates,
        vec![
            d("2027-04-12"),
            d("2027-05-12"),
            d("2027-06-12"),
            d("2027-07-12")
        ]
    );
    for t in &topics {
        assert_eq!(t.round_id, r);
        assert_eq!(t.status, TopicStatus::Empty);
        assert_eq!(t.published_on, None);
        assert!(TopicText::of(t).is_empty(), "{t:?}");
    }
    let log = store.audit_log(1).unwrap();
    assert_eq!(log[0].action, "topic.plan");
    assert_eq!(log[0].detail["added"], 4);

    // Again: every date has its slot already.
    assert_eq!(store.plan_topics(r, Cadence::Monthly).unwrap(), 0);
    assert_eq!(store.topics(r).unwrap(), topics);

    // Another cadence adds only the dates the monthly plan does not have.
    let fortnightly = Cadence::Fortnightly.dates(plan.starts_on, plan.ends_on());
    assert_eq!(fortnightly.len(), 9);
    let new = fortnightly.iter().filter(|d| !dates.contains(d)).count();
    assert_eq!(new, 8, "only the start date is shared");
    assert_eq!(store.plan_topics(r, Cadence::Fortnightly).unwrap(), new);
    assert_eq!(store.topics(r).unwrap().len(), 4 + new);
    assert_eq!(store.plan_topics(r, Cadence::Fortnightly).unwrap(), 0);
}

#[test]
fn plan_topics_skips_dates_already_used_and_keeps_their_text() {
    let mut store = Store::open_in_memory().unwrap();
    let r = round(&mut store, "2027 A");
    let other = round(&mut store, "2027 B");
    let written = store.add_topic_slot(r, d("2027-05-12")).unwrap();
    let written = store
        .save_topic_text(written.id, &text("Written already"))
        .unwrap();
    let empty = store.add_topic_slot(r, d("2027-07-12")).unwrap();
    // A topic of another round on the same date does not count.
    store.add_topic_slot(other, d("2027-06-12")).unwrap();

    assert_eq!(store.plan_topics(r, Cadence::Monthly).unwrap(), 2);
    let topics = store.topics(r).unwrap();
    assert_eq!(topics.len(), 4);
    assert_eq!(
        topics
            .iter()
            .filter(|t| t.publish_on == written.publish_on)
            .count(),
        1
    );
    assert_eq!(store.topic(written.id).unwrap(), written);
    assert_eq!(store.topic(empty.id).unwrap(), empty);
    assert_eq!(store.topics(other).unwrap().len(), 1);
    assert_eq!(store.plan_topics(r, Cadence::Monthly).unwrap(), 0);
}

#[test]
fn plan_topics_for_an_unknown_round_is_refused() {
    let mut store = Store::open_in_memory().unwrap();
    let err = store.plan_topics(42, Cadence::Monthly).unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err}");
    assert_eq!(audit_rows(&store), 0);
}

#[test]
fn save_topic_text_makes_a_draft_and_drops_the_unsaved_text() {
    let mut store = Store::open_in_memory().unwrap();
    let r = round(&mut store, "2027 A");
    let slot = store.add_topic_slot(r, d("2027-04-12")).unwrap();
    assert_eq!(slot.status, TopicStatus::Empty);

    // Saving nothing keeps an empty slot empty.
    let blank = TopicText {
        title: "  ".into(),
        questions: vec![" ".into()],
        ..TopicText::default()
    };
    let t = store.save_topic_text(slot.id, &blank).unwrap();
    assert_eq!(t.status, TopicStatus::Empty);

    let typed = text("Getting started");
    store.keep_unsaved(slot.id, &text("Half typed")).unwrap();
    assert!(store.unsaved(slot.id).unwrap().is_some());
    let t = store.save_topic_text(slot.id, &typed).unwrap();
    assert_eq!(t.status, TopicStatus::Draft);
    assert_eq!(TopicText::of(&t), typed);
    assert_eq!(t.publish_on, slot.publish_on);
    assert_eq!(store.topic(slot.id).unwrap(), t);
    assert_eq!(store.unsaved(slot.id).unwrap(), None);
    assert_eq!(store.audit_log(1).unwrap()[0].action, "topic.update");

    // A topic that is past the draft stage keeps its status when its text changes.
    store
        .set_topic_status(t.id, TopicStatus::Ready, d("2027-04-01"))
        .unwrap();
    let t = store.save_topic_text(t.id, &text("Getting going")).unwrap();
    assert_eq!(t.status, TopicStatus::Ready);
    assert_eq!(t.title, "Getting going");
}

#[test]
fn move_topic_changes_the_date_but_not_of_a_published_topic() {
    let mut store = Store::open_in_memory().unwrap();
    let r = round(&mut store, "2027 A");
    let slot = store.add_topic_slot(r, d("2027-04-12")).unwrap();
    let t = store.save_topic_text(slot.id, &text("Moving")).unwrap();
    let moved = store.move_topic(t.id, d("2027-04-19")).unwrap();
    assert_eq!(moved.publish_on, d("2027-04-19"));
    assert_eq!(
        moved,
        Topic {
            publish_on: d("2027-04-19"),
            ..t.clone()
        }
    );
    assert_eq!(store.topic(t.id).unwrap(), moved);

    let published = store
        .set_topic_status(t.id, TopicStatus::Published, d("2027-04-19"))
        .unwrap();
    store.keep_unsaved(t.id, &text("Unsaved edit")).unwrap();
    let before = topics_state(&store, r);
    let err = store.move_topic(t.id, d("2027-05-01")).unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert!(err.to_string().contains("published"), "{err}");
    assert_eq!(topics_state(&store, r), before);
    assert_eq!(store.topic(t.id).unwrap(), published);

    let err = store.move_topic(9999, d("2027-05-01")).unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err}");
    assert_eq!(topics_state(&store, r), before);
}

#[test]
fn publishing_records_the_day_and_going_back_clears_it() {
    let mut store = Store::open_in_memory().unwrap();
    let r = round(&mut store, "2027 A");
    let slot = store.add_topic_slot(r, d("2027-04-12")).unwrap();
    store.save_topic_text(slot.id, &text("Out soon")).unwrap();

    let ready = store
        .set_topic_status(slot.id, TopicStatus::Ready, d("2027-04-10"))
        .unwrap();
    assert_eq!(
        (ready.status, ready.published_on),
        (TopicStatus::Ready, None)
    );

    let published = store
        .set_topic_status(slot.id, TopicStatus::Published, d("2027-04-13"))
        .unwrap();
    assert_eq!(published.status, TopicStatus::Published);
    // The day it went out, not the day it was planned for.
    assert_eq!(published.published_on, Some(d("2027-04-13")));
    assert_eq!(published.publish_on, d("2027-04-12"));
    assert_eq!(store.topic(slot.id).unwrap(), published);
    assert_eq!(store.audit_log(1).unwrap()[0].action, "topic.update");

    let back = store
        .set_topic_status(slot.id, TopicStatus::Ready, d("2027-04-14"))
        .unwrap();
    assert_eq!((back.status, back.published_on), (TopicStatus::Ready, None));
    assert_eq!(store.topic(slot.id).unwrap(), back);
    assert_eq!(TopicText::of(&back), text("Out soon"));
}

#[test]
fn remove_topic_removes_a_slot_but_not_a_published_topic() {
    let mut store = Store::open_in_memory().unwrap();
    let r = round(&mut store, "2027 A");
    store.plan_topics(r, Cadence::Monthly).unwrap();
    let topics = store.topics(r).unwrap();

    let audit = audit_rows(&store);
    store.remove_topic(topics[1].id).unwrap();
    assert_eq!(audit_rows(&store), audit + 1);
    let log = store.audit_log(1).unwrap();
    assert_eq!(log[0].action, "topic.remove");
    assert_eq!(log[0].detail["topic"], topics[1].id);
    let left: Vec<i64> = store.topics(r).unwrap().iter().map(|t| t.id).collect();
    assert_eq!(left, vec![topics[0].id, topics[2].id, topics[3].id]);
    assert!(matches!(
        store.topic(topics[1].id),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.remove_topic(topics[1].id),
        Err(StoreError::NotFound(_))
    ));

    let t = store.save_topic_text(topics[0].id, &text("Kept")).unwrap();
    store
        .set_topic_status(t.id, TopicStatus::Published, d("2027-04-12"))
        .unwrap();
    store.keep_unsaved(t.id, &text("Correction")).unwrap();
    let before = topics_state(&store, r);
    let err = store.remove_topic(t.id).unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert!(err.to_string().contains("published"), "{err}");
    assert_eq!(topics_state(&store, r), before);
}

#[test]
fn removing_a_topic_removes_its_unsaved_draft() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let mut store = Store::open(&path).unwrap();
    let r = round(&mut store, "2027 A");
    let a = store.add_topic_slot(r, d("2027-04-12")).unwrap();
    let b = store.add_topic_slot(r, d("2027-05-12")).unwrap();
    store.keep_unsaved(a.id, &text("Going")).unwrap();
    store.keep_unsaved(b.id, &text("Staying")).unwrap();
    store.remove_topic(a.id).unwrap();
    assert_eq!(store.unsaved(a.id).unwrap(), None);
    assert_eq!(store.unsaved(b.id).unwrap().unwrap().text, text("Staying"));
    drop(store);
    // Gone from the table itself, not only from what the store shows.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let ids: Vec<i64> = conn
        .prepare("SELECT topic_id FROM topic_drafts")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(ids, vec![b.id]);
}

/// Text in many scripts and shapes, to be kept byte for byte.
fn unicode_text() -> TopicText {
    TopicText {
        title: "Café crème — 図書館と私 📚👩🏽‍💻".into(),
        summary: "مكتبات المستقبل · ספריות העתיד\u{200F} (RTL)".into(),
        body: "# Überschrift\n\n  Indented line with trailing spaces   \r\n\
               Ελληνικά, Русский, हिन्दी, 한국어\n\ttab\n\n\
               - e\u{301} (combining) vs é\n- 🏳️‍🌈 flag\n"
            .into(),
        questions: vec![
            "¿Qué opinas?".into(),
            "ما رأيك؟".into(),
            "מה דעתך?".into(),
            "你怎么看？".into(),
            "".into(),
            "  \"Quoted\", \\backslash\\ and [brackets] ".into(),
        ],
    }
}

#[test]
fn unsaved_text_round_trips_exactly_and_is_replaced_then_discarded() {
    let mut store = Store::open_in_memory().unwrap();
    let r = round(&mut store, "2027 A");
    let t = store.add_topic_slot(r, d("2027-04-12")).unwrap();
    assert_eq!(store.unsaved(t.id).unwrap(), None);

    let first = unicode_text();
    store.keep_unsaved(t.id, &first).unwrap();
    let kept = store.unsaved(t.id).unwrap().expect("kept");
    assert_eq!(kept.text, first);
    // `YYYY-MM-DDTHH:MM:SSZ`.
    assert_eq!(kept.saved_at.len(), 20, "{}", kept.saved_at);
    assert!(
        NaiveDateTime::parse_from_str(&kept.saved_at, "%Y-%m-%dT%H:%M:%SZ").is_ok(),
        "{}",
        kept.saved_at
    );
    // The topic itself is untouched.
    assert_eq!(store.topic(t.id).unwrap(), t);

    // Kept again: one row, the newer text.
    let mut second = unicode_text();
    second.title = "Second thoughts ✍️".into();
    second.questions.truncate(1);
    store.keep_unsaved(t.id, &second).unwrap();
    assert_eq!(store.unsaved(t.id).unwrap().unwrap().text, second);

    store.discard_unsaved(t.id).unwrap();
    assert_eq!(store.unsaved(t.id).unwrap(), None);
    // Discarding what is not there is fine.
    store.discard_unsaved(t.id).unwrap();
    assert_eq!(store.topic(t.id).unwrap(), t);

    // Saved text round-trips exactly too.
    let saved = store.save_topic_text(t.id, &unicode_text()).unwrap();
    assert_eq!(
        TopicText::of(&store.topic(saved.id).unwrap()),
        unicode_text()
    );

    // No unsaved text for a topic that does not exist.
    assert!(store.keep_unsaved(9999, &first).is_err());
}

/// Set in the child process of `an_unsaved_draft_survives_the_process_being_killed`.
const KILL_MID_EDIT: &str = "ILN_TEST_KILL_MID_EDIT";

#[test]
fn an_unsaved_draft_survives_the_process_being_killed() {
    if let Some(path) = std::env::var_os(KILL_MID_EDIT) {
        // The child: keep the editor's text, say so, and wait to be killed.
        let mut store = Store::open(std::path::Path::new(&path)).unwrap();
        let id = store.topics(1).unwrap()[0].id;
        store.keep_unsaved(id, &unicode_text()).unwrap();
        println!("kept");
        std::io::Write::flush(&mut std::io::stdout()).unwrap();
        std::thread::sleep(std::time::Duration::from_secs(60));
        unreachable!("the parent kills this process");
    }
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let id = {
        let mut store = Store::open(&path).unwrap();
        let r = round(&mut store, "2027 A");
        assert_eq!(r, 1);
        store.add_topic_slot(r, d("2027-04-12")).unwrap().id
    };
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "an_unsaved_draft_survives_the_process_being_killed",
            "--exact",
            "--nocapture",
        ])
        .env(KILL_MID_EDIT, &path)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let kept = stdout
        .lines()
        .map(Result::unwrap)
        .any(|line| line.trim() == "kept");
    // Already gone if it failed before keeping the text; the assertion below says so.
    let _ = child.kill();
    let status = child.wait().unwrap();
    assert!(kept, "the child kept the text before it was killed");
    assert!(!status.success(), "killed, not finished: {status}");

    let store = Store::open(&path).unwrap();
    let kept = store.unsaved(id).unwrap().expect("survived the kill");
    assert_eq!(kept.text, unicode_text());
    assert_eq!(store.topic(id).unwrap().status, TopicStatus::Empty);
    drop(store);
    // And a clean close and reopen after that.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.unsaved(id).unwrap().unwrap().text, unicode_text());
}

#[test]
fn keeping_unsaved_text_is_not_audited_but_topic_actions_are() {
    let mut store = Store::open_in_memory().unwrap();
    let r = round(&mut store, "2027 A");
    let mut expected = vec!["round.create"];
    let actions = |store: &Store| -> Vec<String> {
        let mut v: Vec<String> = store
            .audit_log(100)
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
        v.reverse();
        v
    };

    store.plan_topics(r, Cadence::Monthly).unwrap();
    expected.push("topic.plan");
    let slot = store.add_topic_slot(r, d("2027-04-20")).unwrap();
    expected.push("topic.create");
    assert_eq!(actions(&store), expected);

    for i in 0..5 {
        store
            .keep_unsaved(slot.id, &text(&format!("Typing {i}")))
            .unwrap();
    }
    store.discard_unsaved(slot.id).unwrap();
    store.keep_unsaved(slot.id, &text("Typing")).unwrap();
    assert_eq!(
        actions(&store),
        expected,
        "unsaved text writes no audit row"
    );

    store.save_topic_text(slot.id, &text("Saved")).unwrap();
    expected.push("topic.update");
    store.move_topic(slot.id, d("2027-04-21")).unwrap();
    expected.push("topic.update");
    store
        .set_topic_status(slot.id, TopicStatus::Ready, d("2027-04-01"))
        .unwrap();
    expected.push("topic.update");
    let first = store.topics(r).unwrap()[0].id;
    store.remove_topic(first).unwrap();
    expected.push("topic.remove");
    assert_eq!(actions(&store), expected);
}
