//! Store: migrations, the refusal of newer databases, round trips for every table, schema
//! constraints and all-or-nothing actions; the topics API (planning, saving, moving,
//! publishing, removing) and the unsaved editor drafts that survive a crash; a round's draft
//! matching (its undo history across a reopen, forbidding, refused changes, publishing) and
//! the published round (problems, ending early, the rematch pool, the last run's summary).

use chrono::{NaiveDate, NaiveDateTime};
use iln::demo::{self, DemoOptions};
use iln::domain::{
    ApplicationForm, ApplicationId, ApplicationStatus, Cadence, CareerStage, Interest, Language,
    Partnership, PartnershipId, PartnershipStatus, PersonId, PlaceWish, Region, RoundId, RoundPlan,
    RoundStatus, Sector, StageWish, TimeZone, Topic, TopicId, TopicStatus,
};
use iln::engine::round::Outcome;
use iln::engine::settings::Settings;
use iln::engine::solver::Control;
use iln::ops::matching::{self, RunSummary};
use iln::store::{
    Changes, NewPartnership, ProblemKind, ProblemOutcome, Published, Store, StoreError, TopicDraft,
    TopicText, UnsavedDraft, migrations,
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
        time_zone: TimeZone::named("Pacific/Auckland").unwrap(),
        sector: Sector::Academic,
        role: "Liaison librarian".to_string(),
        career_stage: CareerStage::Mid,
        interests: Interest::all_of(&["Open access", "Advocacy", "Research support"]),
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

fn round(store: &mut Store, name: &str) -> RoundId {
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
    let updated = store
        .update_round(created.id, round_version(&store, created.id), &plan)
        .unwrap();
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
    let changes = store
        .apply_country_cap(r, round_version(&store, r))
        .unwrap();
    assert_eq!(changes.len(), 10);
    let figures = &store.round_figures().unwrap()[0];
    assert_eq!((figures.accepted, figures.deferred), (8, 2));
    assert_eq!(figures.countries, 7);

    let id = store.application_rows(r).unwrap()[0].id;
    store
        .set_application_status(
            id,
            application_version(&store, id),
            ApplicationStatus::Withdrawn,
        )
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
    let ids: Vec<ApplicationId> = store
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
    let t2 = store
        .update_topic(t.id, topic_version(&store, t.id), &draft)
        .unwrap();
    assert_eq!(store.topics(r).unwrap(), vec![t2]);
    // The schema refuses a published topic without a date.
    draft.published_on = None;
    assert!(
        store
            .update_topic(t.id, topic_version(&store, t.id), &draft)
            .is_err()
    );
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
fn topics_state(
    store: &Store,
    round_id: RoundId,
) -> (Vec<Topic>, Vec<Option<UnsavedDraft>>, usize) {
    let topics = store.topics(round_id).unwrap();
    let drafts = topics
        .iter()
        .map(|t| store.unsaved(t.id).unwrap())
        .collect();
    (topics, drafts, audit_rows(store))
}

/// The round's draft as a view would have shown it just now, for publishing.
fn draft_seen(store: &Store, round_id: RoundId) -> Vec<(PartnershipId, i64)> {
    store
        .partnerships(round_id)
        .unwrap()
        .iter()
        .filter(|p| p.status == PartnershipStatus::Draft)
        .map(|p| (p.id, p.version))
        .collect()
}

/// The groups two people are in now, as the candidate list would show them.
fn groups_now(
    store: &Store,
    round_id: RoundId,
    a: ApplicationId,
    b: ApplicationId,
) -> Vec<Vec<ApplicationId>> {
    store
        .partnerships(round_id)
        .unwrap()
        .into_iter()
        .filter(|p| {
            matches!(
                p.status,
                PartnershipStatus::Draft | PartnershipStatus::Active
            )
        })
        .filter(|p| p.members.contains(&a) || p.members.contains(&b))
        .map(|p| p.members)
        .collect()
}

/// Undoes the round's last draft change, as the pane offers it now.
fn undo(store: &mut Store, round: RoundId) -> Result<Option<String>, StoreError> {
    match store.draft_history(round)?.undo {
        Some(step) => store.undo_draft(round, &step),
        None => Ok(None),
    }
}

/// Redoes the change last undone, as the pane offers it now.
fn redo(store: &mut Store, round: RoundId) -> Result<Option<String>, StoreError> {
    match store.draft_history(round)?.redo {
        Some(step) => store.redo_draft(round, &step),
        None => Ok(None),
    }
}

fn audit_rows(store: &Store) -> usize {
    store.audit_log(100_000).unwrap().len()
}

/// The version of a record as a view would have shown it just now (0 for a missing one).
fn topic_version(store: &Store, id: TopicId) -> i64 {
    store.topic(id).map_or(0, |t| t.version)
}

fn application_version(store: &Store, id: ApplicationId) -> i64 {
    store.application(id).map_or(0, |a| a.version)
}

fn round_version(store: &Store, id: RoundId) -> i64 {
    store.round(id).map_or(0, |r| r.version)
}

/// A partnership as a view would have shown it just now; an unknown id as a draft pair that
/// is no longer there.
fn shown(store: &Store, id: PartnershipId) -> iln::domain::Partnership {
    store
        .partnership(id)
        .unwrap_or_else(|_| iln::domain::Partnership {
            id,
            version: 1,
            round_id: RoundId(1),
            status: iln::domain::PartnershipStatus::Draft,
            score: None,
            locked: false,
            members: vec![ApplicationId(1), ApplicationId(2)],
            starts_on: None,
            ends_on: None,
            end_reason: None,
        })
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

    // Another cadence adds only the dates the monthly plan has no slot near: none within
    // half its spacing (a week) of one (05-10 and 06-07 are by 05-12 and 06-12).
    let fortnightly = Cadence::Fortnightly.dates(plan.starts_on, plan.ends_on());
    assert_eq!(fortnightly.len(), 9);
    let new = fortnightly
        .iter()
        .filter(|&&f| dates.iter().all(|&m| (f - m).num_days().abs() >= 7))
        .count();
    assert_eq!(new, 6);
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
        .save_topic_text(
            written.id,
            topic_version(&store, written.id),
            &text("Written already"),
        )
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
    let err = store
        .plan_topics(RoundId(42), Cadence::Monthly)
        .unwrap_err();
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
    let t = store
        .save_topic_text(slot.id, topic_version(&store, slot.id), &blank)
        .unwrap();
    assert_eq!(t.status, TopicStatus::Empty);

    let typed = text("Getting started");
    store.keep_unsaved(slot.id, 1, &text("Half typed")).unwrap();
    assert!(store.unsaved(slot.id).unwrap().is_some());
    let t = store
        .save_topic_text(slot.id, topic_version(&store, slot.id), &typed)
        .unwrap();
    assert_eq!(t.status, TopicStatus::Draft);
    assert_eq!(TopicText::of(&t), typed);
    assert_eq!(t.publish_on, slot.publish_on);
    assert_eq!(store.topic(slot.id).unwrap(), t);
    assert_eq!(store.unsaved(slot.id).unwrap(), None);
    assert_eq!(store.audit_log(1).unwrap()[0].action, "topic.update");

    // A topic that is past the draft stage keeps its status when its text changes.
    store
        .set_topic_status(
            t.id,
            topic_version(&store, t.id),
            TopicStatus::Ready,
            d("2027-04-01"),
        )
        .unwrap();
    let t = store
        .save_topic_text(t.id, topic_version(&store, t.id), &text("Getting going"))
        .unwrap();
    assert_eq!(t.status, TopicStatus::Ready);
    assert_eq!(t.title, "Getting going");
}

#[test]
fn move_topic_changes_the_date_but_not_of_a_published_topic() {
    let mut store = Store::open_in_memory().unwrap();
    let r = round(&mut store, "2027 A");
    let slot = store.add_topic_slot(r, d("2027-04-12")).unwrap();
    let t = store
        .save_topic_text(slot.id, topic_version(&store, slot.id), &text("Moving"))
        .unwrap();
    let moved = store
        .move_topic(t.id, topic_version(&store, t.id), d("2027-04-19"))
        .unwrap();
    assert_eq!(moved.publish_on, d("2027-04-19"));
    assert_eq!(
        moved,
        Topic {
            publish_on: d("2027-04-19"),
            version: t.version + 1,
            ..t.clone()
        }
    );
    assert_eq!(store.topic(t.id).unwrap(), moved);

    let published = store
        .set_topic_status(
            t.id,
            topic_version(&store, t.id),
            TopicStatus::Published,
            d("2027-04-19"),
        )
        .unwrap();
    store.keep_unsaved(t.id, 1, &text("Unsaved edit")).unwrap();
    let before = topics_state(&store, r);
    let err = store
        .move_topic(t.id, topic_version(&store, t.id), d("2027-05-01"))
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert!(err.to_string().contains("published"), "{err}");
    assert_eq!(topics_state(&store, r), before);
    assert_eq!(store.topic(t.id).unwrap(), published);

    let err = store
        .move_topic(
            TopicId(9999),
            topic_version(&store, TopicId(9999)),
            d("2027-05-01"),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err}");
    assert_eq!(topics_state(&store, r), before);
}

#[test]
fn publishing_records_the_day_and_going_back_clears_it() {
    let mut store = Store::open_in_memory().unwrap();
    let r = round(&mut store, "2027 A");
    let slot = store.add_topic_slot(r, d("2027-04-12")).unwrap();
    store
        .save_topic_text(slot.id, topic_version(&store, slot.id), &text("Out soon"))
        .unwrap();

    let ready = store
        .set_topic_status(
            slot.id,
            topic_version(&store, slot.id),
            TopicStatus::Ready,
            d("2027-04-10"),
        )
        .unwrap();
    assert_eq!(
        (ready.status, ready.published_on),
        (TopicStatus::Ready, None)
    );

    let published = store
        .set_topic_status(
            slot.id,
            topic_version(&store, slot.id),
            TopicStatus::Published,
            d("2027-04-13"),
        )
        .unwrap();
    assert_eq!(published.status, TopicStatus::Published);
    // The day it went out, not the day it was planned for.
    assert_eq!(published.published_on, Some(d("2027-04-13")));
    assert_eq!(published.publish_on, d("2027-04-12"));
    assert_eq!(store.topic(slot.id).unwrap(), published);
    assert_eq!(store.audit_log(1).unwrap()[0].action, "topic.update");

    let back = store
        .set_topic_status(
            slot.id,
            topic_version(&store, slot.id),
            TopicStatus::Ready,
            d("2027-04-14"),
        )
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
    store
        .remove_topic(topics[1].id, topic_version(&store, topics[1].id))
        .unwrap();
    assert_eq!(audit_rows(&store), audit + 1);
    let log = store.audit_log(1).unwrap();
    assert_eq!(log[0].action, "topic.remove");
    assert_eq!(log[0].detail["topic"], topics[1].id.0);
    let left: Vec<TopicId> = store.topics(r).unwrap().iter().map(|t| t.id).collect();
    assert_eq!(left, vec![topics[0].id, topics[2].id, topics[3].id]);
    assert!(matches!(
        store.topic(topics[1].id),
        Err(StoreError::NotFound(_))
    ));
    // Removing it again is refused: it was removed since it was shown.
    assert!(matches!(
        store.remove_topic(topics[1].id, topics[1].version),
        Err(StoreError::Stale(_))
    ));

    let t = store
        .save_topic_text(
            topics[0].id,
            topic_version(&store, topics[0].id),
            &text("Kept"),
        )
        .unwrap();
    store
        .set_topic_status(
            t.id,
            topic_version(&store, t.id),
            TopicStatus::Published,
            d("2027-04-12"),
        )
        .unwrap();
    store.keep_unsaved(t.id, 1, &text("Correction")).unwrap();
    let before = topics_state(&store, r);
    let err = store
        .remove_topic(t.id, topic_version(&store, t.id))
        .unwrap_err();
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
    store.keep_unsaved(a.id, 1, &text("Going")).unwrap();
    store.keep_unsaved(b.id, 1, &text("Staying")).unwrap();
    store
        .remove_topic(a.id, topic_version(&store, a.id))
        .unwrap();
    assert_eq!(store.unsaved(a.id).unwrap(), None);
    assert_eq!(store.unsaved(b.id).unwrap().unwrap().text, text("Staying"));
    drop(store);
    // Gone from the table itself, not only from what the store shows.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let ids: Vec<TopicId> = conn
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
    store.keep_unsaved(t.id, 1, &first).unwrap();
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
    store.keep_unsaved(t.id, 1, &second).unwrap();
    assert_eq!(store.unsaved(t.id).unwrap().unwrap().text, second);

    store.discard_unsaved(t.id).unwrap();
    assert_eq!(store.unsaved(t.id).unwrap(), None);
    // Discarding what is not there is fine.
    store.discard_unsaved(t.id).unwrap();
    assert_eq!(store.topic(t.id).unwrap(), t);

    // Saved text round-trips exactly too.
    let saved = store
        .save_topic_text(t.id, topic_version(&store, t.id), &unicode_text())
        .unwrap();
    assert_eq!(
        TopicText::of(&store.topic(saved.id).unwrap()),
        unicode_text()
    );

    // No unsaved text for a topic that does not exist.
    assert!(store.keep_unsaved(TopicId(9999), 1, &first).is_err());
}

/// Set in the child process of `an_unsaved_draft_survives_the_process_being_killed`.
const KILL_MID_EDIT: &str = "ILN_TEST_KILL_MID_EDIT";

#[test]
fn an_unsaved_draft_survives_the_process_being_killed() {
    if let Some(path) = std::env::var_os(KILL_MID_EDIT) {
        // The child: keep the editor's text, say so, and wait to be killed.
        let mut store = Store::open(std::path::Path::new(&path)).unwrap();
        let id = store.topics(RoundId(1)).unwrap()[0].id;
        store.keep_unsaved(id, 1, &unicode_text()).unwrap();
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
        assert_eq!(r, RoundId(1));
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
            .keep_unsaved(slot.id, 1, &text(&format!("Typing {i}")))
            .unwrap();
    }
    store.discard_unsaved(slot.id).unwrap();
    store.keep_unsaved(slot.id, 1, &text("Typing")).unwrap();
    assert_eq!(
        actions(&store),
        expected,
        "unsaved text writes no audit row"
    );

    store
        .save_topic_text(slot.id, topic_version(&store, slot.id), &text("Saved"))
        .unwrap();
    expected.push("topic.update");
    store
        .move_topic(slot.id, topic_version(&store, slot.id), d("2027-04-21"))
        .unwrap();
    expected.push("topic.update");
    store
        .set_topic_status(
            slot.id,
            topic_version(&store, slot.id),
            TopicStatus::Ready,
            d("2027-04-01"),
        )
        .unwrap();
    expected.push("topic.update");
    let first = store.topics(r).unwrap()[0].id;
    store
        .remove_topic(first, topic_version(&store, first))
        .unwrap();
    expected.push("topic.remove");
    assert_eq!(actions(&store), expected);
}

/// The demo program (a past round, all matched, and a current round of 60), in `store`;
/// returns the current round.
fn demo_round(store: &mut Store) -> RoundId {
    demo::populate(
        store,
        &DemoOptions {
            applicants: 60,
            seed: 3,
            ..DemoOptions::ready_to_match(demo_day())
        },
    )
    .unwrap();
    store.round_by_name("2027 A").unwrap().id
}

/// Runs the engine on the round and keeps its outcome as the draft.
fn match_and_save(store: &mut Store, round_id: RoundId) -> Outcome {
    let prepared = matching::prepare(store, round_id).unwrap();
    let outcome = matching::solve(&prepared, &mut |_| Control::Continue).unwrap();
    matching::save_draft(store, round_id, &outcome, &prepared.draft).unwrap();
    outcome
}

/// A round's drafts as members, score and lock, sorted: what undo and redo must restore
/// (partnership ids change when drafts are rewritten).
fn drafts(store: &Store, round_id: RoundId) -> Vec<(Vec<ApplicationId>, Option<i64>, bool)> {
    let mut v: Vec<_> = store
        .partnerships(round_id)
        .unwrap()
        .into_iter()
        .filter(|p| p.status == PartnershipStatus::Draft)
        .map(|p| (p.members, p.score, p.locked))
        .collect();
    v.sort();
    v
}

/// The round's draft pairs (not trios), in id order.
fn draft_pairs(store: &Store, round_id: RoundId) -> Vec<Partnership> {
    store
        .partnerships(round_id)
        .unwrap()
        .into_iter()
        .filter(|p| p.status == PartnershipStatus::Draft && p.members.len() == 2)
        .collect()
}

/// The draft history as the database keeps it: round, summary, undone.
fn history(path: &std::path::Path) -> Vec<(RoundId, String, bool)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.prepare("SELECT round_id, summary, undone FROM draft_history ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn person(store: &Store, application_id: ApplicationId) -> PersonId {
    store.application(application_id).unwrap().person_id
}

/// The two people of a pair of applications, smaller first.
fn people(store: &Store, members: &[ApplicationId]) -> (PersonId, PersonId) {
    let (a, b) = (person(store, members[0]), person(store, members[1]));
    (a.min(b), a.max(b))
}

fn last_action(store: &Store) -> (String, String) {
    let e = store.audit_log(1).unwrap().remove(0);
    (e.action, e.summary)
}

#[test]
fn typed_ids_are_the_same_numbers_in_json_and_in_the_database() {
    // In JSON an id is the plain number it always was, and it reads back from one.
    assert_eq!(serde_json::to_string(&ApplicationId(42)).unwrap(), "42");
    assert_eq!(
        serde_json::to_string(&(RoundId(1), PersonId(2), PartnershipId(3), TopicId(4))).unwrap(),
        "[1,2,3,4]"
    );
    assert_eq!(
        serde_json::from_str::<Vec<ApplicationId>>("[7,8]").unwrap(),
        [ApplicationId(7), ApplicationId(8)]
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let mut store = Store::open(&path).unwrap();
    let r = demo_round(&mut store);
    let outcome = match_and_save(&mut store, r);
    let pair = draft_pairs(&store, r).remove(0);
    store.set_partnership_locked(&pair, true).unwrap();
    let topic = store.add_topic_slot(r, d("2027-04-12")).unwrap();
    let app = store.application(pair.members[0]).unwrap();

    // In the database an id is the row id: as a parameter and as a column, typed or not.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let of_pair: (RoundId, i64) = conn
        .query_row(
            "SELECT round_id, round_id FROM partnerships WHERE id = ?1",
            [pair.id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!(of_pair, (r, r.0));
    let of_app: (PersonId, RoundId) = conn
        .query_row(
            "SELECT person_id, round_id FROM applications WHERE id = ?1",
            [app.id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!(of_app, (app.person_id, r));
    let of_topic: TopicId = conn
        .query_row(
            "SELECT id FROM topics WHERE round_id = ?1 AND publish_on = ?2",
            rusqlite::params![r, topic.publish_on],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(of_topic, topic.id);

    // The JSON the store keeps holds plain numbers: the history's snapshots and the run
    // summary.
    let after: String = conn
        .query_row(
            "SELECT after FROM draft_history ORDER BY id DESC LIMIT 1",
            [],
            |row| row.get(0),
        )
        .unwrap();
    let after: serde_json::Value = serde_json::from_str(&after).unwrap();
    let members = serde_json::json!([pair.members[0].0, pair.members[1].0]);
    assert!(
        after["drafts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["members"] == members && g["locked"] == true),
        "{after}"
    );
    let summary: String = conn
        .query_row(
            "SELECT summary FROM match_results WHERE round_id = ?1",
            [r],
            |row| row.get(0),
        )
        .unwrap();
    let summary: serde_json::Value = serde_json::from_str(&summary).unwrap();
    let unmatched: Vec<serde_json::Value> =
        outcome.unmatched.iter().map(|u| u.id().0.into()).collect();
    assert!(!unmatched.is_empty());
    assert_eq!(
        summary["unmatched"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["id"].clone())
            .collect::<Vec<_>>(),
        unmatched
    );
    // And it reads back: the summary, and the snapshot that undoing the lock goes back to.
    assert_eq!(
        RunSummary::last(&store, r).unwrap().unwrap().unmatched,
        outcome.unmatched
    );
    undo(&mut store, r).unwrap().expect("a step to undo");
    assert!(drafts(&store, r).contains(&(pair.members.clone(), pair.score, false)));
}

#[test]
fn undo_and_redo_walk_the_draft_history_across_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let mut store = Store::open(&path).unwrap();
    let r = demo_round(&mut store);
    assert!(drafts(&store, r).is_empty());

    match_and_save(&mut store, r);
    let after_match = drafts(&store, r);
    assert!(after_match.len() >= 20, "{after_match:?}");
    assert!(
        after_match
            .iter()
            .all(|(_, score, locked)| score.is_some() && !locked)
    );
    assert_eq!(last_action(&store).0, "matching.draft");

    let pairs = draft_pairs(&store, r);
    assert!(pairs.len() >= 3);
    let (locked, p1, p2) = (&pairs[0], &pairs[1], &pairs[2]);
    store
        .set_partnership_locked(&shown(&store, locked.id), true)
        .unwrap();
    let after_lock = drafts(&store, r);
    assert!(after_lock.contains(&(locked.members.clone(), locked.score, true)));
    assert_eq!(last_action(&store).0, "partnership.lock");

    // Two people from different pairs, paired by hand: both pairs are dissolved.
    let (a, a_partner) = (p1.members[0], p1.members[1]);
    let (b, b_partner) = (p2.members[1], p2.members[0]);
    let mut dissolved = store
        .pair_by_hand(r, a, b, Some(17), &groups_now(&store, r, a, b))
        .unwrap();
    dissolved.sort();
    let mut expected = vec![p1.members.clone(), p2.members.clone()];
    expected.sort();
    assert_eq!(dissolved, expected);
    let after_pair = drafts(&store, r);
    assert!(after_pair.contains(&(vec![a.min(b), a.max(b)], Some(17), true)));
    for former in [a_partner, b_partner] {
        assert!(
            after_pair.iter().all(|(m, _, _)| !m.contains(&former)),
            "{former} is unpaired"
        );
    }
    assert_eq!(after_pair.len(), after_lock.len() - 1);
    let (action, _) = last_action(&store);
    assert_eq!(action, "partnership.pair");
    assert_eq!(store.audit_log(1).unwrap()[0].detail["dissolved"], 2);

    let undone = undo(&mut store, r).unwrap().expect("a step to undo");
    assert!(
        undone.starts_with("paired ") && undone.ends_with(" by hand"),
        "{undone}"
    );
    assert_eq!(drafts(&store, r), after_lock);
    let (action, summary) = last_action(&store);
    assert_eq!(action, "draft.undo");
    assert!(summary.starts_with("undid: "), "{summary}");

    // The history lives in the database: it outlasts the store.
    drop(store);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(drafts(&store, r), after_lock);
    let undone = undo(&mut store, r).unwrap().expect("a step to undo");
    assert!(undone.starts_with("locked "), "{undone}");
    assert_eq!(drafts(&store, r), after_match);

    let redone = redo(&mut store, r).unwrap().expect("a step to redo");
    assert!(redone.starts_with("locked "), "{redone}");
    assert_eq!(drafts(&store, r), after_lock);
    assert_eq!(last_action(&store).0, "draft.redo");
    let redone = redo(&mut store, r).unwrap().expect("a step to redo");
    assert!(
        redone.starts_with("paired ") && redone.ends_with(" by hand"),
        "{redone}"
    );
    assert_eq!(drafts(&store, r), after_pair);
    assert_eq!(redo(&mut store, r).unwrap(), None);

    // A new change after an undo ends the redo branch.
    undo(&mut store, r).unwrap().unwrap();
    assert_eq!(drafts(&store, r), after_lock);
    let gone = draft_pairs(&store, r)
        .into_iter()
        .find(|p| !p.locked)
        .unwrap();
    store.unpair(&shown(&store, gone.id)).unwrap();
    let after_unpair = drafts(&store, r);
    assert_eq!(after_unpair.len(), after_lock.len() - 1);
    assert!(after_unpair.iter().all(|(m, _, _)| *m != gone.members));
    let audit = audit_rows(&store);
    assert_eq!(redo(&mut store, r).unwrap(), None);
    assert_eq!(drafts(&store, r), after_unpair);
    assert_eq!(audit_rows(&store), audit, "nothing to redo writes nothing");
    let steps: Vec<(String, bool)> = history(&path)
        .into_iter()
        .map(|(round, summary, undone)| {
            assert_eq!(round, r);
            (summary, undone)
        })
        .collect();
    assert_eq!(steps.len(), 3, "{steps:?}");
    assert!(steps.iter().all(|(_, undone)| !undone), "{steps:?}");
    assert!(steps[0].0.starts_with("matched: "), "{steps:?}");
    assert!(steps[2].0.starts_with("unpaired "), "{steps:?}");

    // Back to before the first run, and then there is nothing left to undo.
    for _ in 0..3 {
        undo(&mut store, r).unwrap().expect("a step to undo");
    }
    assert!(drafts(&store, r).is_empty());
    let audit = audit_rows(&store);
    assert_eq!(undo(&mut store, r).unwrap(), None);
    assert_eq!(audit_rows(&store), audit, "nothing to undo writes nothing");
    assert!(drafts(&store, r).is_empty());
    // Another round has a history of its own.
    let other = store.round_by_name("2026 A").unwrap().id;
    assert_eq!(undo(&mut store, other).unwrap(), None);
    assert_eq!(redo(&mut store, other).unwrap(), None);
}

#[test]
fn forbidding_a_draft_pair_can_be_undone() {
    let mut store = Store::open_in_memory().unwrap();
    let r = demo_round(&mut store);
    match_and_save(&mut store, r);
    let after_match = drafts(&store, r);
    let before = store.forbidden_pairs().unwrap();
    let pairs = draft_pairs(&store, r);
    let (p, q) = (&pairs[0], &pairs[1]);
    let (pa, pb) = people(&store, &p.members);

    store
        .forbid_draft_pair(&shown(&store, p.id), "they work in the same library")
        .unwrap();
    let after_forbid = drafts(&store, r);
    assert_eq!(after_forbid.len(), after_match.len() - 1);
    assert!(after_forbid.iter().all(|(m, _, _)| *m != p.members));
    let forbidden = store.forbidden_pairs().unwrap();
    assert_eq!(forbidden.len(), before.len() + 1);
    assert!(forbidden.contains(&(pa, pb, "they work in the same library".to_string())));
    let log = store.audit_log(1).unwrap();
    assert_eq!(log[0].action, "pair.forbid");
    assert_eq!(
        (
            log[0].detail["person_a"].as_i64(),
            log[0].detail["person_b"].as_i64()
        ),
        (Some(pa.0), Some(pb.0))
    );

    undo(&mut store, r).unwrap().expect("a step to undo");
    assert_eq!(drafts(&store, r), after_match);
    assert_eq!(store.forbidden_pairs().unwrap(), before);

    redo(&mut store, r).unwrap().expect("a step to redo");
    assert_eq!(drafts(&store, r), after_forbid);
    assert_eq!(
        store.forbidden_pairs().unwrap(),
        forbidden,
        "redo forbids the pair again, with its reason"
    );

    // A pair forbidden before: forbidding its draft and undoing that keeps the older entry.
    let (qa, qb) = people(&store, &q.members);
    store.forbid_pair(qa, qb, "asked not to be paired").unwrap();
    let older = store.forbidden_pairs().unwrap();
    let q_id = draft_pairs(&store, r)
        .into_iter()
        .find(|x| x.members == q.members)
        .unwrap()
        .id;
    store
        .forbid_draft_pair(&shown(&store, q_id), "again")
        .unwrap();
    assert_eq!(store.forbidden_pairs().unwrap(), older);
    assert!(drafts(&store, r).iter().all(|(m, _, _)| *m != q.members));
    undo(&mut store, r).unwrap().expect("a step to undo");
    assert_eq!(drafts(&store, r), after_forbid);
    assert_eq!(store.forbidden_pairs().unwrap(), older);
    assert!(older.contains(&(qa, qb, "asked not to be paired".to_string())));

    // A trio cannot be forbidden as a pair.
    let pairs = draft_pairs(&store, r);
    let (x, y) = (&pairs[0], &pairs[1]);
    store.unpair(&shown(&store, x.id)).unwrap();
    store.unpair(&shown(&store, y.id)).unwrap();
    let trio = store
        .create_partnerships(
            r,
            &[NewPartnership {
                status: PartnershipStatus::Draft,
                score: Some(10),
                locked: false,
                members: vec![x.members[0], x.members[1], y.members[0]],
                starts_on: None,
                ends_on: None,
                end_reason: None,
            }],
            "test",
        )
        .unwrap()[0];
    let state = (
        drafts(&store, r),
        store.forbidden_pairs().unwrap(),
        audit_rows(&store),
    );
    let err = store
        .forbid_draft_pair(&shown(&store, trio), "no")
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert!(err.to_string().contains("trio"), "{err}");
    assert_eq!(
        (
            drafts(&store, r),
            store.forbidden_pairs().unwrap(),
            audit_rows(&store)
        ),
        state
    );
    // The last step is still the second unpair.
    let undone = undo(&mut store, r).unwrap().unwrap();
    assert!(undone.starts_with("unpaired "), "{undone}");
    assert!(drafts(&store, r).iter().any(|(m, _, _)| *m == y.members));
}

#[test]
fn bad_draft_changes_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let mut store = Store::open(&path).unwrap();
    let r = demo_round(&mut store);
    match_and_save(&mut store, r);
    store
        .save_applications(r, &[form("Late Comer", "late@x.example.org", "NZ")], "test")
        .unwrap();
    let pending = store
        .applications(r)
        .unwrap()
        .into_iter()
        .find(|a| a.form.email == "late@x.example.org")
        .unwrap();
    assert_eq!(pending.status, ApplicationStatus::Pending);
    let past = store.round_by_name("2026 A").unwrap().id;
    let elsewhere = store.applications(past).unwrap()[0].id;
    let pair = draft_pairs(&store, r)[0].clone();
    let accepted = pair.members[0];

    let state = |store: &Store| (drafts(store, r), audit_rows(store), history(&path));
    let before = state(&store);
    for (x, y, says) in [
        (pending.id, accepted, "not an accepted application"),
        (accepted, pending.id, "not an accepted application"),
        (accepted, accepted, "two different people"),
        (
            elsewhere,
            accepted,
            "not an accepted application of this round",
        ),
        (
            accepted,
            ApplicationId(99_999),
            "not an accepted application",
        ),
    ] {
        let err = store
            .pair_by_hand(r, x, y, None, &groups_now(&store, r, x, y))
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{x} {y}: {err}");
        assert!(err.to_string().contains(says), "{x} {y}: {err}");
        assert_eq!(state(&store), before, "{x} {y}");
    }
    // Both from another round, paired in the draft of this one.
    let other = store.applications(past).unwrap()[1].id;
    assert!(
        store
            .pair_by_hand(
                r,
                elsewhere,
                other,
                None,
                &groups_now(&store, r, elsewhere, other)
            )
            .is_err()
    );
    assert_eq!(state(&store), before);
    // Partnerships that are not there (any more): refused as changed since shown.
    assert!(matches!(
        store.set_partnership_locked(&shown(&store, PartnershipId(99_999)), true),
        Err(StoreError::Stale(_))
    ));
    assert!(matches!(
        store.unpair(&shown(&store, PartnershipId(99_999))),
        Err(StoreError::Stale(_))
    ));
    assert!(matches!(
        store.forbid_draft_pair(&shown(&store, PartnershipId(99_999)), "x"),
        Err(StoreError::Stale(_))
    ));
    assert_eq!(state(&store), before);

    // Published partnerships are not changed as drafts.
    let ended = store.partnerships(past).unwrap()[0].id;
    store
        .publish_draft(
            r,
            round_version(&store, r),
            d("2027-01-11"),
            &draft_seen(&store, r),
        )
        .unwrap();
    let active = store.partnerships(r).unwrap();
    let published = active.iter().find(|p| p.members == pair.members).unwrap();
    assert_eq!(published.status, PartnershipStatus::Active);
    let before = state(&store);
    let all = store.partnerships(r).unwrap();
    for id in [published.id, ended] {
        for err in [
            store
                .set_partnership_locked(&shown(&store, id), true)
                .unwrap_err(),
            store
                .set_partnership_locked(&shown(&store, id), false)
                .unwrap_err(),
            store.unpair(&shown(&store, id)).unwrap_err(),
            store
                .forbid_draft_pair(&shown(&store, id), "no")
                .unwrap_err(),
        ] {
            assert!(matches!(err, StoreError::Invalid(_)), "{id}: {err}");
            assert!(err.to_string().contains("published"), "{id}: {err}");
        }
    }
    // Nor paired by hand with someone else: they are in a partnership already.
    let err = store
        .pair_by_hand(
            r,
            pair.members[0],
            pending.id,
            None,
            &groups_now(&store, r, pair.members[0], pending.id),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    let other_active = all.iter().find(|p| p.id != published.id).unwrap();
    let err = store
        .pair_by_hand(
            r,
            pair.members[0],
            other_active.members[0],
            None,
            &groups_now(&store, r, pair.members[0], other_active.members[0]),
        )
        .unwrap_err();
    assert!(err.to_string().contains("two partnerships"), "{err}");
    assert_eq!(state(&store), before);
    assert_eq!(store.partnerships(r).unwrap(), all);
}

#[test]
fn publishing_turns_the_draft_into_partnerships() {
    let mut store = Store::open_in_memory().unwrap();
    let r = demo_round(&mut store);
    let round = store.round(r).unwrap();
    let ends_on = round.plan.ends_on();
    assert_eq!(ends_on, d("2027-05-11"));
    assert_ne!(round.plan.status, RoundStatus::Active);
    match_and_save(&mut store, r);
    // The first draft moved the round into matching.
    let round = store.round(r).unwrap();
    assert_eq!(round.plan.status, RoundStatus::Matching);
    let first = draft_pairs(&store, r)[0].id;
    store
        .set_partnership_locked(&shown(&store, first), true)
        .unwrap();
    let draft = drafts(&store, r);
    let past_before = store.past_partners().unwrap();

    // Nothing is published into a term that is over.
    for late in [ends_on, d("2027-06-01")] {
        let audit = audit_rows(&store);
        let err = store
            .publish_draft(r, round_version(&store, r), late, &draft_seen(&store, r))
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err}");
        assert!(err.to_string().contains(&ends_on.to_string()), "{err}");
        assert_eq!(drafts(&store, r), draft);
        assert_eq!(store.round(r).unwrap(), round);
        assert_eq!(audit_rows(&store), audit);
    }

    let starts_on = d("2027-01-11");
    let published = store
        .publish_draft(
            r,
            round_version(&store, r),
            starts_on,
            &draft_seen(&store, r),
        )
        .unwrap();
    assert_eq!(
        published,
        Published {
            partnerships: draft.len(),
            people: draft.iter().map(|(m, _, _)| m.len()).sum(),
            starts_on,
            ends_on,
        }
    );
    let partnerships = store.partnerships(r).unwrap();
    assert_eq!(partnerships.len(), draft.len());
    for p in &partnerships {
        assert_eq!(p.status, PartnershipStatus::Active, "{p:?}");
        assert_eq!((p.starts_on, p.ends_on), (Some(starts_on), Some(ends_on)));
        assert!(!p.locked, "{p:?}");
        assert_eq!(p.end_reason, None);
    }
    let mut members: Vec<(Vec<ApplicationId>, Option<i64>)> = partnerships
        .iter()
        .map(|p| (p.members.clone(), p.score))
        .collect();
    members.sort();
    assert_eq!(
        members,
        draft
            .iter()
            .map(|(m, s, _)| (m.clone(), *s))
            .collect::<Vec<_>>()
    );
    assert!(drafts(&store, r).is_empty());
    assert_eq!(store.round(r).unwrap().plan.status, RoundStatus::Active);
    let (action, summary) = last_action(&store);
    assert_eq!(action, "matching.publish");
    assert!(
        summary.contains(&format!("{} partnerships", draft.len())),
        "{summary}"
    );

    // Every pair of people in a published group are past partners now.
    let past = store.past_partners().unwrap();
    let mut new_pairs = 0;
    for p in &partnerships {
        for i in 0..p.members.len() {
            for j in i + 1..p.members.len() {
                let pair = people(&store, &[p.members[i], p.members[j]]);
                assert!(past.contains(&pair), "{pair:?}");
                new_pairs += usize::from(!past_before.contains(&pair));
            }
        }
    }
    assert!(new_pairs > 0);
    assert!(past.len() >= past_before.len() + new_pairs);

    // The draft's history ended with publishing.
    let audit = audit_rows(&store);
    assert_eq!(undo(&mut store, r).unwrap(), None);
    assert_eq!(redo(&mut store, r).unwrap(), None);
    assert_eq!(store.partnerships(r).unwrap(), partnerships);

    let err = store
        .publish_draft(
            r,
            round_version(&store, r),
            starts_on,
            &draft_seen(&store, r),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert!(err.to_string().contains("no draft"), "{err}");
    assert_eq!(audit_rows(&store), audit);
    assert_eq!(store.partnerships(r).unwrap(), partnerships);
}

#[test]
fn problems_and_ending_early_make_a_rematch_pool() {
    let mut store = Store::open_in_memory().unwrap();
    let r = demo_round(&mut store);
    let outcome = match_and_save(&mut store, r);
    let never_matched: Vec<ApplicationId> = outcome.unmatched.iter().map(|u| u.id()).collect();

    let draft = draft_pairs(&store, r)[0].id;
    let audit = audit_rows(&store);
    let err = store
        .log_problem(
            &shown(&store, draft),
            ProblemKind::Unresponsive,
            "no reply",
            None,
            d("2027-01-20"),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert!(err.to_string().contains("draft"), "{err}");
    assert!(store.problems(r).unwrap().is_empty());
    assert_eq!(audit_rows(&store), audit);

    store
        .publish_draft(
            r,
            round_version(&store, r),
            d("2027-01-11"),
            &draft_seen(&store, r),
        )
        .unwrap();
    let active: Vec<Partnership> = store
        .partnerships(r)
        .unwrap()
        .into_iter()
        .filter(|p| p.members.len() == 2)
        .collect();
    let (x, y) = (&active[0], &active[1]);

    let problem = store
        .log_problem(
            &shown(&store, x.id),
            ProblemKind::Unresponsive,
            "No reply since the second week.",
            Some(d("2027-02-15")),
            d("2027-02-01"),
        )
        .unwrap();
    assert_eq!(problem.partnership_id, x.id);
    assert_eq!(store.problems(r).unwrap(), vec![problem.clone()]);
    let stored = &store.problems(r).unwrap()[0];
    assert_eq!(stored.kind, ProblemKind::Unresponsive);
    assert_eq!(stored.note, "No reply since the second week.");
    assert_eq!(stored.follow_up_on, Some(d("2027-02-15")));
    assert_eq!(stored.logged_on, d("2027-02-01"));
    assert_eq!(last_action(&store).0, "partnership.problem");
    assert!(
        store
            .problems(store.round_by_name("2026 A").unwrap().id)
            .unwrap()
            .is_empty()
    );

    // Ending early needs a reason.
    let before = (store.partnerships(r).unwrap(), audit_rows(&store));
    for blank in ["", "  \n"] {
        let err = store
            .end_early(&shown(&store, x.id), blank, d("2027-02-20"))
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err}");
        assert_eq!((store.partnerships(r).unwrap(), audit_rows(&store)), before);
    }
    let ended = store
        .end_early(
            &shown(&store, x.id),
            " Partner changed jobs ",
            d("2027-02-20"),
        )
        .unwrap();
    assert_eq!(ended.status, PartnershipStatus::EndedEarly);
    assert_eq!(ended.end_reason.as_deref(), Some("Partner changed jobs"));
    assert_eq!(ended.ends_on, Some(d("2027-02-20")));
    assert_eq!(ended.starts_on, Some(d("2027-01-11")));
    assert_eq!(ended.members, x.members);
    assert_eq!(
        store.partnerships(r).unwrap().iter().find(|p| p.id == x.id),
        Some(&ended)
    );
    assert_eq!(last_action(&store).0, "partnership.end_early");
    // Once only; and a day before the start ends it on its first day.
    let err = store
        .end_early(&shown(&store, x.id), "again", d("2027-03-01"))
        .unwrap_err();
    assert!(err.to_string().contains("ended_early"), "{err}");
    let ended_y = store
        .end_early(&shown(&store, y.id), "Both withdrew", d("2027-01-01"))
        .unwrap();
    assert_eq!(ended_y.ends_on, Some(d("2027-01-11")));
    // A problem can still be logged on a partnership that ended.
    store
        .log_problem(
            &shown(&store, x.id),
            ProblemKind::Other,
            "",
            None,
            d("2027-02-21"),
        )
        .unwrap();
    assert_eq!(store.problems(r).unwrap().len(), 2);

    // The rematch pool: the members of the partnerships that ended early, and the people
    // never matched; the members of running partnerships are not matched again.
    let prepared = matching::prepare(&store, r).unwrap();
    let mut pool: Vec<ApplicationId> = prepared.input.applicants.iter().map(|a| a.id).collect();
    pool.sort_unstable();
    let mut expected: Vec<ApplicationId> = never_matched
        .iter()
        .chain(&x.members)
        .chain(&y.members)
        .copied()
        .collect();
    expected.sort_unstable();
    assert_eq!(pool, expected);
    assert!(prepared.input.locked.is_empty());
    for former in [x, y] {
        let pair = people(&store, &former.members);
        assert!(prepared.input.past_partners.contains(&pair), "{pair:?}");
        let at = |id: ApplicationId| pool.iter().position(|&p| p == id).unwrap();
        assert_eq!(
            prepared
                .scorer()
                .score(at(former.members[0]), at(former.members[1])),
            None,
            "former partners may not be paired again"
        );
    }

    let rematch = matching::solve(&prepared, &mut |_| Control::Continue).unwrap();
    for g in &rematch.groups {
        assert!(g.members.iter().all(|m| pool.contains(m)), "{g:?}");
        for former in [x, y] {
            assert!(
                !former.members.iter().all(|m| g.members.contains(m)),
                "{g:?} puts former partners {:?} together again",
                former.members
            );
        }
    }
    // Here the four can be rematched across the former pairs, and are.
    for m in x.members.iter().chain(&y.members) {
        assert!(
            rematch.groups.iter().any(|g| g.members.contains(m)),
            "{m} is rematched: {:?}",
            rematch.groups
        );
    }
    // The pool can be drafted and published alongside the running partnerships.
    matching::save_draft(&mut store, r, &rematch, &prepared.draft).unwrap();
    assert_eq!(drafts(&store, r).len(), rematch.groups.len());
}

#[test]
fn the_last_run_summary_is_kept() {
    let mut store = Store::open_in_memory().unwrap();
    let r = demo_round(&mut store);
    assert_eq!(RunSummary::last(&store, r).unwrap(), None);
    let outcome = match_and_save(&mut store, r);
    let last = RunSummary::last(&store, r).unwrap().expect("kept");
    assert_eq!(last.unmatched, outcome.unmatched);
    assert_eq!(last.certificate, outcome.certificate);
    assert_eq!(
        (last.wishes_stated, last.wishes_met, last.blocking_pairs),
        (
            outcome.wishes_stated,
            outcome.wishes_met,
            outcome.blocking_pairs
        )
    );
    let past = store.round_by_name("2026 A").unwrap().id;
    assert_eq!(RunSummary::last(&store, past).unwrap(), None);

    // Undoing the run takes back the draft; the next run's summary replaces the kept one.
    undo(&mut store, r).unwrap().unwrap();
    assert!(drafts(&store, r).is_empty());
    let a = store.applications(r).unwrap()[0].id;
    store
        .set_application_status(
            a,
            application_version(&store, a),
            ApplicationStatus::Withdrawn,
        )
        .unwrap();
    let again = match_and_save(&mut store, r);
    let last = RunSummary::last(&store, r).unwrap().expect("kept");
    assert_eq!(last.unmatched, again.unmatched);
    assert_eq!(last.certificate, again.certificate);
    assert!(again.groups.iter().all(|g| !g.members.contains(&a)));
}

#[test]
fn undoing_a_run_brings_back_the_summary_before_it() {
    let mut store = Store::open_in_memory().unwrap();
    let round = demo_round(&mut store);
    let first = match_and_save(&mut store, round);
    let kept = matching::RunSummary::last(&store, round).unwrap().unwrap();
    assert_eq!(kept, matching::RunSummary::of(&first));
    match_and_save(&mut store, round);
    undo(&mut store, round).unwrap().unwrap();
    // The draft and the summary are the first run's again (the second run changed no pair,
    // but it was a step of its own).
    assert_eq!(
        matching::RunSummary::last(&store, round).unwrap().unwrap(),
        kept
    );
    undo(&mut store, round).unwrap().unwrap();
    assert_eq!(matching::RunSummary::last(&store, round).unwrap(), None);
    assert!(drafts(&store, round).is_empty());
    redo(&mut store, round).unwrap().unwrap();
    assert_eq!(
        matching::RunSummary::last(&store, round).unwrap().unwrap(),
        kept
    );
}

#[test]
fn people_no_longer_accepted_block_publishing_but_not_a_new_run_or_undo() {
    let mut store = Store::open_in_memory().unwrap();
    let r = demo_round(&mut store);
    match_and_save(&mut store, r);
    let pair = store
        .partnerships(r)
        .unwrap()
        .into_iter()
        .find(|p| p.members.len() == 2)
        .unwrap();
    store
        .set_partnership_locked(&shown(&store, pair.id), true)
        .unwrap();
    store
        .unpair(
            &store
                .partnerships(r)
                .unwrap()
                .into_iter()
                .find(|p| p.id != pair.id)
                .unwrap(),
        )
        .unwrap();
    store
        .set_application_status(
            pair.members[0],
            application_version(&store, pair.members[0]),
            ApplicationStatus::Withdrawn,
        )
        .unwrap();

    // Publishing refuses, naming who is no longer accepted; nothing changes.
    let before = store.partnerships(r).unwrap();
    let err = store
        .publish_draft(
            r,
            round_version(&store, r),
            d("2027-01-11"),
            &draft_seen(&store, r),
        )
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no longer accepted") && err.contains("withdrawn"),
        "{err}"
    );
    assert_eq!(store.partnerships(r).unwrap(), before);

    // Undo leaves out the pair with the withdrawn person and says so.
    let said = undo(&mut store, r).unwrap().unwrap();
    assert!(said.contains("left out"), "{said}");
    assert!(
        store
            .partnerships(r)
            .unwrap()
            .iter()
            .all(|p| !p.members.contains(&pair.members[0]))
    );

    // A new run drops the stale lock instead of failing on it.
    redo(&mut store, r).unwrap();
    match_and_save(&mut store, r);
    let drafts = store.partnerships(r).unwrap();
    assert!(drafts.iter().all(|p| !p.members.contains(&pair.members[0])));
    store
        .publish_draft(
            r,
            round_version(&store, r),
            d("2027-01-11"),
            &draft_seen(&store, r),
        )
        .unwrap();
}

#[test]
fn an_early_end_never_ends_after_the_term() {
    let mut store = Store::open_in_memory().unwrap();
    let r = demo_round(&mut store);
    match_and_save(&mut store, r);
    store
        .publish_draft(
            r,
            round_version(&store, r),
            d("2027-01-11"),
            &draft_seen(&store, r),
        )
        .unwrap();
    let p = store.partnerships(r).unwrap()[0].clone();
    let ended = store
        .end_early(&shown(&store, p.id), "late paperwork", d("2027-09-01"))
        .unwrap();
    assert_eq!(ended.ends_on, p.ends_on);
}

// ---- Never acting on what was not shown: ids, versions, change notices ----

#[test]
fn ids_are_never_reused() {
    let mut store = Store::open_in_memory().unwrap();
    let r = demo_round(&mut store);
    match_and_save(&mut store, r);
    let highest = store.partnerships(r).unwrap().iter().map(|p| p.id).max();
    let last = store.partnership(highest.unwrap()).unwrap();
    store.unpair(&last).unwrap();
    // The freed id is not handed to the next partnership, so a view still showing the old
    // pair can never reach a new one through it.
    let [a, b] = last.members[..2] else { panic!() };
    store
        .pair_by_hand(r, a, b, None, &groups_now(&store, r, a, b))
        .unwrap();
    assert!(
        store
            .partnerships(r)
            .unwrap()
            .iter()
            .all(|p| p.id != last.id)
    );

    let slot = store.add_topic_slot(r, d("2027-05-01")).unwrap();
    store.remove_topic(slot.id, slot.version).unwrap();
    let again = store.add_topic_slot(r, d("2027-05-01")).unwrap();
    assert!(again.id > slot.id);
}

#[test]
fn a_schema_3_database_is_upgraded_with_its_ids_and_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // A database as the previous release left it: schema 3, with data.
        let conn = rusqlite::Connection::open(&path).unwrap();
        for m in &migrations::MIGRATIONS[..3] {
            conn.execute_batch(m).unwrap();
        }
        conn.execute_batch(
            "PRAGMA user_version = 3;
             INSERT INTO rounds (id, name, opens_on, closes_on, matching_on, starts_on,
                                 term_months, cap_percent, status)
             VALUES (7, '2026 B', '2026-07-01', '2026-08-01', '2026-08-15', '2026-09-01', 4,
                     20, 'active');
             INSERT INTO people (id, email, name) VALUES (3, 'ana@lib.example.org', 'Ana'),
                                                          (4, 'ben@lib.example.org', 'Ben');
             INSERT INTO applications (id, round_id, person_id, name, country,
                 utc_offset_minutes, sector, career_stage, interests, languages, consent,
                 submitted_at, status)
             VALUES (11, 7, 3, 'Ana', 'NZ', 720, 'public', 'mid', 'open_access,advocacy', 'en',
                     1, '2026-07-02T10:00:00', 'accepted'),
                    (12, 7, 4, 'Ben', 'KE', 180, 'academic', 'early', 'advocacy', 'en', 1,
                     '2026-07-03T10:00:00', 'accepted');
             INSERT INTO partnerships (id, round_id, status, score, starts_on, ends_on)
             VALUES (21, 7, 'active', 30, '2026-09-01', '2027-01-01');
             INSERT INTO partnership_members VALUES (21, 11), (21, 12);
             INSERT INTO topics (id, round_id, publish_on, title, status)
             VALUES (31, 7, '2026-09-15', 'Hello', 'draft');",
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    let round = store.round(RoundId(7)).unwrap();
    assert_eq!((round.plan.name.as_str(), round.version), ("2026 B", 1));
    let p = store.partnership(PartnershipId(21)).unwrap();
    assert_eq!(
        (p.members.clone(), p.version, p.score),
        (vec![ApplicationId(11), ApplicationId(12)], 1, Some(30))
    );
    assert_eq!(store.topic(TopicId(31)).unwrap().title, "Hello");
    assert_eq!(
        store.application(ApplicationId(12)).unwrap().form.name,
        "Ben"
    );
    // The interests' old codes became the program's list, in the order given; the offset
    // stays a fixed one.
    let ana = store.application(ApplicationId(11)).unwrap().form;
    assert_eq!(
        ana.interests,
        Interest::all_of(&["Open access", "Advocacy"])
    );
    assert_eq!(
        ana.time_zone,
        iln::domain::TimeZone::Fixed(iln::domain::UtcOffset(720))
    );
    let list: Vec<(String, usize)> = store
        .interests(None)
        .unwrap()
        .into_iter()
        .map(|e| (e.name, e.applications))
        .collect();
    assert_eq!(
        list,
        [("Advocacy".to_string(), 2), ("Open access".to_string(), 1)]
    );
    // Foreign keys hold after the tables were rebuilt, and new ids follow the old ones.
    let t = store.add_topic_slot(RoundId(7), d("2026-10-15")).unwrap();
    assert!(t.id > TopicId(31));
    let conn = rusqlite::Connection::open(&path).unwrap();
    let problems: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(problems, 0);
    let autoincrement: String = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'partnerships'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(autoincrement.contains("AUTOINCREMENT"), "{autoincrement}");
}

#[test]
fn every_update_bumps_the_version() {
    let mut store = Store::open_in_memory().unwrap();
    let r = demo_round(&mut store);
    let app = store.applications(r).unwrap()[0].clone();
    store
        .set_application_status(app.id, app.version, ApplicationStatus::Withdrawn)
        .unwrap();
    assert_eq!(store.application(app.id).unwrap().version, app.version + 1);
    let round = store.round(r).unwrap();
    let mut plan = round.plan.clone();
    plan.term_months += 1;
    store.update_round(r, round.version, &plan).unwrap();
    assert_eq!(store.round(r).unwrap().version, round.version + 1);
    // A change to the weights is no change to the plan a round form shows.
    store
        .set_round_settings(r, &store.round_settings(r).unwrap(), &Settings::default())
        .unwrap();
    assert_eq!(store.round(r).unwrap().version, round.version + 1);
}

/// What a refused change must leave as it was.
fn everything(
    store: &Store,
    r: RoundId,
) -> (Vec<iln::domain::Partnership>, Vec<Topic>, usize, usize) {
    (
        store.partnerships(r).unwrap(),
        store.topics(r).unwrap(),
        store.forbidden_pairs().unwrap().len(),
        audit_rows(store),
    )
}

#[test]
fn changes_made_on_a_pair_that_was_matched_again_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let mut mine = Store::open(&path).unwrap();
    let r = demo_round(&mut mine);
    match_and_save(&mut mine, r);
    // What this window shows: the first draft pair.
    let shown = mine
        .partnerships(r)
        .unwrap()
        .into_iter()
        .find(|p| p.members.len() == 2)
        .unwrap();
    let counted = draft_seen(&mine, r);
    let someone = mine
        .partnerships(r)
        .unwrap()
        .into_iter()
        .find(|p| p.id != shown.id && p.status == PartnershipStatus::Draft)
        .unwrap()
        .members[0];
    let (x, y) = (shown.members[0], someone);
    let groups_shown = groups_now(&mine, r, x, y);
    // Another window matches the round again: every unlocked draft is replaced.
    let mut other = Store::open(&path).unwrap();
    match_and_save(&mut other, r);
    let before = everything(&mine, r);
    // Publishing the draft that was counted is refused: it is not the draft now.
    let err = mine
        .publish_draft(r, round_version(&mine, r), d("2027-01-11"), &counted)
        .unwrap_err();
    assert!(
        err.to_string().contains("draft of 2027 A was changed"),
        "{err}"
    );
    assert_eq!(everything(&mine, r), before);

    for err in [
        mine.unpair(&shown).unwrap_err(),
        mine.forbid_draft_pair(&shown, "never").unwrap_err(),
        mine.set_partnership_locked(&shown, true).unwrap_err(),
    ] {
        assert!(matches!(err, StoreError::Stale(_)), "{err}");
        let said = err.to_string();
        assert!(said.contains(" & "), "names the pair shown: {said}");
        assert!(said.contains("another window"), "{said}");
        // Matching again is deterministic: the same pair is made again, under a new id,
        // and the message says so rather than leave the list looking unchanged.
        assert!(said.contains("into the same group"), "{said}");
    }
    assert_eq!(everything(&mine, r), before, "nothing changed");

    // Locked elsewhere: the lock shown is not the lock now.
    let now = mine.partnership(before.0[0].id).unwrap();
    other.set_partnership_locked(&now, true).unwrap();
    let err = mine.set_partnership_locked(&now, true).unwrap_err();
    assert!(
        err.to_string().contains("were locked in another window"),
        "{err}"
    );
    // The pair as it is now can be changed.
    let now = mine.partnership(now.id).unwrap();
    mine.set_partnership_locked(&now, false).unwrap();

    // Pairing by hand from a candidate list that showed the old groups is refused once the
    // other window has broken up one of them: it would change groups nobody saw.
    let xs_group = other
        .partnerships(r)
        .unwrap()
        .into_iter()
        .find(|p| p.status == PartnershipStatus::Draft && p.members.contains(&x))
        .unwrap();
    other.unpair(&xs_group).unwrap();
    let before = everything(&mine, r);
    let err = mine.pair_by_hand(r, x, y, None, &groups_shown).unwrap_err();
    assert!(
        err.to_string()
            .contains("paired differently in another window"),
        "{err}"
    );
    assert_eq!(everything(&mine, r), before);
    // Shown as they are now, the pairing goes through.
    mine.pair_by_hand(r, x, y, None, &groups_now(&mine, r, x, y))
        .unwrap();
}

#[test]
fn a_status_change_on_an_application_changed_elsewhere_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let mut mine = Store::open(&path).unwrap();
    let r = demo_round(&mut mine);
    let shown = mine.application_rows(r).unwrap()[0].clone();
    let mut other = Store::open(&path).unwrap();
    other
        .set_application_status(shown.id, shown.version, ApplicationStatus::Withdrawn)
        .unwrap();
    let audit = audit_rows(&mine);
    let err = mine
        .set_application_status(shown.id, shown.version, ApplicationStatus::Accepted)
        .unwrap_err();
    assert!(matches!(err, StoreError::Stale(_)), "{err}");
    assert!(err.to_string().contains("withdrawn now"), "{err}");
    assert!(err.to_string().contains(&shown.name), "{err}");
    assert_eq!(
        mine.application(shown.id).unwrap().status,
        ApplicationStatus::Withdrawn
    );
    assert_eq!(audit_rows(&mine), audit);
}

#[test]
fn a_second_save_of_a_topic_and_a_stale_round_edit_are_refused() {
    let mut store = Store::open_in_memory().unwrap();
    let r = round(&mut store, "2027 A");
    let slot = store.add_topic_slot(r, d("2027-04-12")).unwrap();
    // Two editors opened on the same version; the first save wins, the second is told.
    store
        .save_topic_text(slot.id, slot.version, &text("First"))
        .unwrap();
    let before = topics_state(&store, r);
    let err = store
        .save_topic_text(slot.id, slot.version, &text("Second"))
        .unwrap_err();
    assert!(matches!(err, StoreError::Stale(_)), "{err}");
    assert!(err.to_string().contains("“First” was changed"), "{err}");
    assert_eq!(topics_state(&store, r), before);
    for err in [
        store
            .move_topic(slot.id, slot.version, d("2027-04-20"))
            .unwrap_err(),
        store
            .set_topic_status(slot.id, slot.version, TopicStatus::Ready, d("2027-04-01"))
            .unwrap_err(),
        store.remove_topic(slot.id, slot.version).unwrap_err(),
    ] {
        assert!(matches!(err, StoreError::Stale(_)), "{err}");
    }
    assert_eq!(topics_state(&store, r), before);

    let shown = store.round(r).unwrap();
    // Another window edits the round's term meanwhile.
    let mut theirs = shown.plan.clone();
    theirs.term_months = 6;
    store.update_round(r, shown.version, &theirs).unwrap();
    let mut plan = shown.plan.clone();
    plan.cap_percent = 30;
    let err = store.update_round(r, shown.version, &plan).unwrap_err();
    assert!(
        err.to_string().contains("round 2027 A was changed"),
        "{err}"
    );
    assert_eq!(
        store.round(r).unwrap().plan.cap_percent,
        shown.plan.cap_percent
    );
}

#[test]
fn every_command_says_what_it_changed() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(store.take_changes(), Changes::NONE);
    let r = round(&mut store, "2027 A");
    assert_eq!(store.take_changes(), Changes::ROUNDS);
    store
        .save_applications(r, &[form("Ana", "ana@lib.example.org", "NZ")], "test")
        .unwrap();
    assert_eq!(store.take_changes(), Changes::APPLICATIONS);
    let slot = store.add_topic_slot(r, d("2027-04-12")).unwrap();
    store.keep_unsaved(slot.id, 1, &text("Typed")).unwrap();
    assert_eq!(store.take_changes(), Changes::TOPICS);
    // Reading changes nothing; a refused change is noticed as a change of its kind, since
    // what the view showed is out of date.
    store.topics(r).unwrap();
    assert_eq!(store.take_changes(), Changes::NONE);
    assert!(store.remove_topic(slot.id, slot.version + 5).is_err());
    assert_eq!(store.take_changes(), Changes::TOPICS);
    assert!(store.plan_topics(RoundId(999), Cadence::Monthly).is_err());
    assert_eq!(store.take_changes(), Changes::NONE);

    let mut store = Store::open_in_memory().unwrap();
    let r = demo_round(&mut store);
    store.take_changes();
    match_and_save(&mut store, r);
    // A change to the draft may move the round's stage too.
    assert_eq!(
        store.take_changes(),
        Changes::PARTNERSHIPS | Changes::ROUNDS
    );
    store
        .publish_draft(
            r,
            round_version(&store, r),
            d("2027-01-11"),
            &draft_seen(&store, r),
        )
        .unwrap();
    assert_eq!(
        store.take_changes(),
        Changes::PARTNERSHIPS | Changes::ROUNDS
    );
}

#[test]
fn changes_made_by_another_connection_are_noticed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let mut mine = Store::open(&path).unwrap();
    let r = round(&mut mine, "2027 A");
    assert_eq!(mine.changed_elsewhere().unwrap(), Changes::NONE);
    // Its own commits are not news to it.
    mine.add_topic_slot(r, d("2027-04-12")).unwrap();
    assert_eq!(mine.changed_elsewhere().unwrap(), Changes::NONE);
    // Another connection's are, by kind: a topic, then a status and the text kept while
    // typing (topics again).
    let mut other = Store::open(&path).unwrap();
    let slot = other.add_topic_slot(r, d("2027-05-12")).unwrap();
    assert_eq!(mine.changed_elsewhere().unwrap(), Changes::TOPICS);
    assert_eq!(
        mine.changed_elsewhere().unwrap(),
        Changes::NONE,
        "told once"
    );
    other
        .save_applications(r, &[form("Ana", "ana@lib.example.org", "NZ")], "test")
        .unwrap();
    other.keep_unsaved(slot.id, 1, &text("Typing")).unwrap();
    assert_eq!(
        mine.changed_elsewhere().unwrap(),
        Changes::APPLICATIONS | Changes::TOPICS
    );
    // Both write in turn: each sees the other's. One that wrote after the other without
    // looking first may count its own change too (a spare refresh, never a missed one).
    mine.add_topic_slot(r, d("2027-06-12")).unwrap();
    other
        .set_round_settings(
            r,
            &other.round_settings(r).unwrap(),
            &other.round_settings(r).unwrap(),
        )
        .unwrap();
    mine.add_topic_slot(r, d("2027-07-12")).unwrap();
    assert_eq!(
        mine.changed_elsewhere().unwrap(),
        Changes::ROUNDS | Changes::TOPICS
    );
    assert!(other.changed_elsewhere().unwrap().touches(Changes::TOPICS));
}

// ---- Matching settings: the store's defaults and a round's own ----

#[test]
fn a_round_without_settings_of_its_own_uses_the_store_defaults() {
    let mut store = Store::open_in_memory().unwrap();
    let r = round(&mut store, "2027 A");
    assert_eq!(store.round_settings(r).unwrap(), Settings::default());
    assert_eq!(store.round_own_settings(r).unwrap(), None);

    let mut defaults = Settings::default();
    defaults.weights.sector = 40;
    defaults.rules.allow_trios = false;
    store.set_default_settings(defaults.clone());
    assert_eq!(store.default_settings(), &defaults);
    assert_eq!(store.round_settings(r).unwrap(), defaults);
    assert_eq!(store.round_own_settings(r).unwrap(), None);
    // Matching reads them too.
    assert_eq!(matching::prepare(&store, r).unwrap().settings, defaults);
}

#[test]
fn settings_a_round_saved_are_kept_whatever_the_defaults() {
    let mut store = Store::open_in_memory().unwrap();
    let r = round(&mut store, "2027 A");
    let mut own = Settings::default();
    own.weights.place = 3;
    store.take_changes();
    store
        .set_round_settings(r, &store.round_settings(r).unwrap(), &own)
        .unwrap();
    assert_eq!(store.take_changes(), Changes::ROUNDS);
    let audit = &store.audit_log(1).unwrap()[0];
    assert_eq!(audit.action, "round.settings");
    assert_eq!(store.round_settings(r).unwrap(), own);

    let mut defaults = Settings::default();
    defaults.weights.place = 20;
    defaults.weights.sector = 1;
    store.set_default_settings(defaults);
    assert_eq!(store.round_settings(r).unwrap(), own);
    assert_eq!(store.round_own_settings(r).unwrap(), Some(own.clone()));
    assert_eq!(matching::prepare(&store, r).unwrap().settings, own);

    // Out of range: refused, and the saved ones stay.
    let mut wild = own.clone();
    wild.weights.sector = 5000;
    let err = store
        .set_round_settings(r, &store.round_settings(r).unwrap(), &wild)
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert!(err.to_string().contains("sector"), "{err}");
    assert_eq!(store.round_settings(r).unwrap(), own);
}

/// Writes a round's settings column as another program might have.
fn write_raw_settings(path: &std::path::Path, round: RoundId, json: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute(
        "UPDATE rounds SET settings = ?2 WHERE id = ?1",
        rusqlite::params![round, json],
    )
    .unwrap();
}

#[test]
fn partial_saved_settings_take_the_rest_from_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let mut store = Store::open(&path).unwrap();
    let r = round(&mut store, "2027 A");
    write_raw_settings(&path, r, r#"{"weights": {"sector": 30}}"#);
    let mut defaults = Settings::default();
    defaults.weights.place = 20;
    store.set_default_settings(defaults.clone());
    let s = store.round_settings(r).unwrap();
    assert_eq!(s.weights.sector, 30);
    assert_eq!(s.weights.place, 20);
    assert_eq!(s.rules, defaults.rules);
}

#[test]
fn unreadable_saved_settings_are_refused_naming_the_round() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let mut store = Store::open(&path).unwrap();
    let r = round(&mut store, "2027 A");
    for bad in [
        r#"{"weights": {"sectr": 3}}"#,
        r#"{"weights": {"sector": -3}}"#,
        r#"[1, 2]"#,
    ] {
        write_raw_settings(&path, r, bad);
        let err = store.round_settings(r).unwrap_err();
        assert!(matches!(err, StoreError::BadSettings { .. }), "{err}");
        let text = err.to_string();
        assert!(
            text.starts_with(r#"round "2027 A": its saved matching settings cannot be read"#),
            "{text}"
        );
        assert!(text.contains("save them again"), "{text}");
        let err = matching::prepare(&store, r).err().unwrap();
        assert!(err.to_string().contains(r#"round "2027 A""#), "{err}");
    }
    // Saving settings replaces what could not be read (the weights window shows the
    // defaults in its place).
    let shown = store.default_settings().clone();
    store
        .set_round_settings(r, &shown, &Settings::default())
        .unwrap();
    assert_eq!(store.round_settings(r).unwrap(), Settings::default());
}

#[test]
fn drafts_not_touched_by_a_change_keep_their_ids() {
    let mut store = Store::open_in_memory().unwrap();
    let r = demo_round(&mut store);
    match_and_save(&mut store, r);
    let before = store.partnerships(r).unwrap();
    let (x, y) = (&before[0], &before[1]);
    let (a, b) = (x.members[0], y.members[0]);
    store
        .pair_by_hand(r, a, b, None, &groups_now(&store, r, a, b))
        .unwrap();
    let after = store.partnerships(r).unwrap();
    // Every draft but the two broken up is the same row as before.
    for p in before.iter().filter(|p| p.id != x.id && p.id != y.id) {
        assert!(after.contains(p), "{:?} was rewritten", p.members);
    }
    // Undo brings the two back; the rest still keep their ids.
    undo(&mut store, r).unwrap();
    let undone = store.partnerships(r).unwrap();
    for p in before.iter().filter(|p| p.id != x.id && p.id != y.id) {
        assert!(undone.contains(p), "{:?} was rewritten", p.members);
    }
    let members = |ps: &[iln::domain::Partnership]| {
        let mut m: Vec<_> = ps.iter().map(|p| p.members.clone()).collect();
        m.sort();
        m
    };
    assert_eq!(members(&undone), members(&before));
}

#[test]
fn undo_takes_back_only_the_change_it_offered() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let mut mine = Store::open(&path).unwrap();
    let r = demo_round(&mut mine);
    match_and_save(&mut mine, r);
    let offered = mine.draft_history(r).unwrap().undo.expect("the run");
    // Another window unpairs a pair meanwhile: undo now would take that back instead.
    let mut other = Store::open(&path).unwrap();
    let pair = other.partnerships(r).unwrap().remove(0);
    other.unpair(&pair).unwrap();
    let before = mine.partnerships(r).unwrap();
    let err = mine.undo_draft(r, &offered).unwrap_err();
    assert!(matches!(err, StoreError::Stale(_)), "{err}");
    assert!(
        err.to_string().contains("“unpaired "),
        "names the newer change: {err}"
    );
    assert_eq!(mine.partnerships(r).unwrap(), before, "nothing changed");
    // Offered the newer change, it goes.
    let now = mine.draft_history(r).unwrap().undo.unwrap();
    assert!(
        mine.undo_draft(r, &now)
            .unwrap()
            .unwrap()
            .starts_with("unpaired ")
    );
}

#[test]
fn a_run_is_kept_only_over_the_draft_it_started_from() {
    let mut store = Store::open_in_memory().unwrap();
    let r = demo_round(&mut store);
    match_and_save(&mut store, r);
    let prepared = matching::prepare(&store, r).unwrap();
    let outcome = matching::solve(&prepared, &mut |_| Control::Continue).unwrap();
    // While it ran, a pair was locked (in another window, or this one).
    let pair = store.partnerships(r).unwrap().remove(0);
    store.set_partnership_locked(&pair, true).unwrap();
    let before = store.partnerships(r).unwrap();
    let err = matching::save_draft(&mut store, r, &outcome, &prepared.draft).unwrap_err();
    assert!(
        err.to_string()
            .contains("changed in another window while matching ran"),
        "{err}"
    );
    assert_eq!(store.partnerships(r).unwrap(), before, "nothing changed");
    // Prepared again, it is kept, and the lock with it.
    let prepared = matching::prepare(&store, r).unwrap();
    let outcome = matching::solve(&prepared, &mut |_| Control::Continue).unwrap();
    matching::save_draft(&mut store, r, &outcome, &prepared.draft).unwrap();
    assert!(store.partnership(pair.id).unwrap().locked);
}

#[test]
fn weights_saved_meanwhile_elsewhere_are_not_written_over_and_a_weights_save_leaves_the_round_form_alone()
 {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let mut mine = Store::open(&path).unwrap();
    let r = round(&mut mine, "2027 A");
    let shown = mine.round_settings(r).unwrap();
    let round_shown = mine.round(r).unwrap();
    let mut other = Store::open(&path).unwrap();
    let mut theirs = shown.clone();
    theirs.weights.sector += 1;
    other.set_round_settings(r, &shown, &theirs).unwrap();
    let mut mine_too = shown.clone();
    mine_too.weights.languages += 1;
    let err = mine.set_round_settings(r, &shown, &mine_too).unwrap_err();
    assert!(matches!(err, StoreError::Stale(_)), "{err}");
    assert!(
        err.to_string()
            .contains("weights and rules of 2027 A were changed"),
        "{err}"
    );
    assert_eq!(mine.round_settings(r).unwrap(), theirs);
    // The round's plan did not change: a form opened on it saves.
    let mut plan = round_shown.plan.clone();
    plan.cap_percent = 25;
    mine.update_round(r, round_shown.version, &plan).unwrap();
}

#[test]
fn an_application_entered_by_mistake_is_deleted_as_shown_and_never_once_partnered() {
    let mut store = Store::open_in_memory().unwrap();
    let r = round(&mut store, "2027 A");
    let forms = [
        form("A", "a@x.example.org", "NZ"),
        form("B", "b@x.example.org", "KE"),
        form("C", "c@x.example.org", "CL"),
    ];
    store.save_applications(r, &forms, "test").unwrap();
    let apps = store.applications(r).unwrap();
    let version = |store: &Store, id| {
        store
            .application_versions(r)
            .unwrap()
            .into_iter()
            .find(|v| v.0 == id)
            .unwrap()
            .1
    };
    let (a, b, c) = (apps[0].id, apps[1].id, apps[2].id);

    // Changed since it was shown: refused, nothing deleted.
    let shown = version(&store, c);
    store
        .set_application_status(c, shown, ApplicationStatus::Accepted)
        .unwrap();
    let err = store.delete_application(c, shown).unwrap_err();
    assert!(matches!(err, StoreError::Stale(_)), "{err}");
    assert_eq!(store.applications(r).unwrap().len(), 3);

    // In a partnership: refused.
    store
        .create_partnerships(
            r,
            &[NewPartnership {
                status: PartnershipStatus::Draft,
                score: Some(50),
                locked: false,
                members: vec![a, b],
                starts_on: None,
                ends_on: None,
                end_reason: None,
            }],
            "test",
        )
        .unwrap();
    let err = store.delete_application(a, version(&store, a)).unwrap_err();
    assert!(err.to_string().contains("is in a partnership"), "{err}");

    // As shown: deleted, with the person who had no other application, and audited.
    // A person a forbidden pair names stays, and so does the pair.
    store
        .save_applications(r, &[form("D", "d@x.example.org", "FJ")], "test")
        .unwrap();
    let d = store.applications(r).unwrap()[3].id;
    store.delete_application(d, version(&store, d)).unwrap();
    assert_eq!(store.person_by_email("d@x.example.org").unwrap(), None);
    store
        .forbid_pair(apps[0].person_id, apps[2].person_id, "test")
        .unwrap();
    store.delete_application(c, version(&store, c)).unwrap();
    assert_eq!(store.applications(r).unwrap().len(), 2);
    assert_eq!(store.forbidden_pairs().unwrap().len(), 1);
    assert!(store.person_by_email("c@x.example.org").unwrap().is_some());
    let audit = store.audit_log(1).unwrap();
    assert_eq!(audit[0].action, "application.delete");
    assert!(audit[0].summary.contains("C"), "{:?}", audit[0]);
}

// ---- A round's life: stages, each step's condition, and the calendar ----

#[test]
fn a_round_goes_from_open_to_ended_each_step_checked_and_the_date_ends_it() {
    let mut store = Store::open_in_memory().unwrap();
    let r = round(&mut store, "2027 A");
    let nz = |n: usize| form(&format!("NZ {n}"), &format!("nz{n}@lib.example.org"), "NZ");
    let ke = |n: usize| form(&format!("KE {n}"), &format!("ke{n}@lib.example.org"), "KE");
    store
        .save_applications(r, &[nz(1), nz(2), ke(1), ke(2)], "survey")
        .unwrap();
    let today = d("2027-03-31");
    let version = |store: &Store| store.round(r).unwrap().version;

    // Open: refused while anything is pending, naming how many.
    let err = store.advance_round(r, version(&store), today).unwrap_err();
    assert!(
        err.to_string()
            .contains("2027 A stays open: 4 applications are still pending"),
        "{err}"
    );
    // Matching is refused while applications are open.
    assert!(matching::check_can_match(&store, r).is_err());
    let all: Vec<_> = store
        .application_rows(r)
        .unwrap()
        .iter()
        .map(|a| (a.id, ApplicationStatus::Accepted))
        .collect();
    store
        .set_application_statuses(&all, "accepted all")
        .unwrap();
    assert_eq!(
        store.advance_round(r, version(&store), today).unwrap(),
        RoundStatus::Closed
    );
    // A move named on a version that is not the round's now is refused.
    assert!(matches!(
        store.advance_round(r, version(&store) - 1, today),
        Err(StoreError::Stale(_))
    ));
    assert_eq!(
        store.advance_round(r, version(&store), today).unwrap(),
        RoundStatus::Matching
    );
    let err = store.advance_round(r, version(&store), today).unwrap_err();
    assert!(err.to_string().contains("no draft matching yet"), "{err}");
    match_and_save(&mut store, r);
    let err = store.advance_round(r, version(&store), today).unwrap_err();
    assert!(
        err.to_string()
            .contains("when its draft of 2 partnerships is published"),
        "{err}"
    );
    let seen = draft_seen(&store, r);
    store
        .publish_draft(r, version(&store), d("2027-04-12"), &seen)
        .unwrap();
    let round = store.round(r).unwrap();
    assert_eq!(round.plan.status, RoundStatus::Active);
    let ends = round.plan.ends_on();
    let err = store.advance_round(r, round.version, today).unwrap_err();
    assert!(
        err.to_string().contains(&format!("run until {ends}")),
        "{err}"
    );
    let moves = store
        .audit_log(50)
        .unwrap()
        .iter()
        .filter(|e| e.action == "round.advance")
        .count();
    assert_eq!(moves, 2, "each move is audited");

    // The day before the end nothing is due; on the day, the date alone ends it all.
    let before = store.audit_log(50).unwrap().len();
    assert!(
        store
            .follow_calendar(ends.pred_opt().unwrap())
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.audit_log(50).unwrap().len(),
        before,
        "nothing recorded"
    );
    let done = store.follow_calendar(ends).unwrap();
    assert_eq!(done.partnerships_ended, 2);
    assert_eq!(done.rounds_ended, ["2027 A"]);
    assert!(store.follow_calendar(ends).unwrap().is_empty(), "once");
    let partnerships = store.partnerships(r).unwrap();
    assert!(
        partnerships
            .iter()
            .all(|p| p.status == PartnershipStatus::Ended)
    );
    assert!(
        partnerships.iter().all(|p| p.ends_on == Some(ends)),
        "end date kept"
    );
    assert_eq!(store.round(r).unwrap().plan.status, RoundStatus::Ended);

    // An ended round is only read.
    let app = store.application_rows(r).unwrap()[0].clone();
    let err = store
        .set_application_status(app.id, app.version, ApplicationStatus::Withdrawn)
        .unwrap_err();
    assert!(err.to_string().contains("2027 A has ended"), "{err}");
    assert!(store.save_applications(r, &[nz(3)], "late").is_err());
    assert!(matching::check_can_match(&store, r).is_err());
    let err = store.advance_round(r, version(&store), ends).unwrap_err();
    assert!(err.to_string().contains("nothing in it changes"), "{err}");
}

#[test]
fn the_next_round_invites_the_deferred_the_unmatched_and_the_ended_early() {
    let mut store = Store::open_in_memory().unwrap();
    demo::populate(
        &mut store,
        &DemoOptions {
            applicants: 80,
            seed: 3,
            over_cap: true,
            ..DemoOptions::ready_to_match(demo_day())
        },
    )
    .unwrap();
    let a = store.round_by_name("2027 A").unwrap().id;
    let deferred: Vec<ApplicationId> = store
        .application_rows(a)
        .unwrap()
        .iter()
        .filter(|r| r.status == ApplicationStatus::Deferred)
        .map(|r| r.id)
        .collect();
    assert!(!deferred.is_empty(), "the over-cap demo defers some");

    // Before publishing, only the deferred are invited.
    let plan_b = RoundPlan::starting("2027 B", d("2027-04-12"));
    let (b, invited) = store.create_round_from(&plan_b, a).unwrap();
    assert_eq!(invited.deferred, deferred.len());
    assert_eq!((invited.unmatched, invited.ended_early), (0, 0));
    assert_eq!(store.application_rows(b.id).unwrap().len(), deferred.len());

    // Matched, published, one partnership ended early: its members and the unmatched are
    // invited to the round after.
    match_and_save(&mut store, a);
    let seen = draft_seen(&store, a);
    store
        .publish_draft(a, round_version(&store, a), d("2027-01-11"), &seen)
        .unwrap();
    let pair = store
        .partnerships(a)
        .unwrap()
        .into_iter()
        .find(|p| p.members.len() == 2)
        .unwrap();
    store
        .end_early(&pair, "moved jobs", d("2027-02-01"))
        .unwrap();
    let matched = store.matched_count(a).unwrap();
    let accepted = store
        .application_rows(a)
        .unwrap()
        .iter()
        .filter(|r| r.status == ApplicationStatus::Accepted)
        .count();
    let plan_c = RoundPlan::starting("2027 C", d("2027-04-19"));
    let (c, invited) = store.create_round_from(&plan_c, a).unwrap();
    assert_eq!(invited.deferred, deferred.len());
    assert_eq!(invited.ended_early, 2);
    // The pair that ended early no longer counts as matched; its two are invited as
    // ended early, the rest of the unmatched as left unmatched.
    assert_eq!(invited.unmatched, accepted - matched - invited.ended_early);
    let rows = store.application_rows(c.id).unwrap();
    assert_eq!(rows.len(), invited.total());
    assert!(rows.iter().all(|r| r.status == ApplicationStatus::Invited));
    let one = store.application(pair.members[0]).unwrap();
    let invitation = store
        .applications(c.id)
        .unwrap()
        .into_iter()
        .find(|x| x.person_id == one.person_id)
        .unwrap();
    assert!(invitation.form.priority);
    assert!(
        invitation.form.notes.contains("ended early"),
        "{}",
        invitation.form.notes
    );
    assert_eq!(invitation.form.interests, one.form.interests);
    // Invitations are not counted by the cap, nor as applicants.
    let figures = store.round_figures().unwrap();
    let fc = figures.iter().find(|f| f.round.id == c.id).unwrap();
    assert_eq!((fc.applicants, fc.invited), (0, invited.total()));
    assert_eq!(store.cap_outcome(c.id).unwrap().1, 0);

    // The person's new application answers the invitation: pending, with priority.
    let mut again = one.form.clone();
    again.priority = false;
    again.city = "Somewhere new".into();
    let outcome = store.save_applications(c.id, &[again], "survey").unwrap();
    assert_eq!(
        (outcome.created, outcome.updated),
        (1, 0),
        "an invitation answered is a new application"
    );
    let answered = store
        .applications(c.id)
        .unwrap()
        .into_iter()
        .find(|x| x.person_id == one.person_id)
        .unwrap();
    assert_eq!(answered.status, ApplicationStatus::Pending);
    assert!(answered.form.priority, "priority comes with the invitation");
    assert_eq!(answered.form.city, "Somewhere new");
    // Imported again (an export without a priority column): the priority stays.
    let mut later = answered.form.clone();
    later.priority = false;
    store.save_applications(c.id, &[later], "survey").unwrap();
    assert!(store.application(answered.id).unwrap().form.priority);
    // The round's export holds its applications, not the invitations still waiting.
    let dir = tempfile::tempdir().unwrap();
    let round_c = store.round(c.id).unwrap();
    let written = iln::ops::exports::table(
        &store,
        &round_c,
        iln::ops::exports::Records::Applicants,
        iln::export::table::Format::Csv,
        &dir.path().join("c.csv"),
    )
    .unwrap();
    assert_eq!(written, 1);
}

#[test]
fn a_round_that_runs_or_has_ended_keeps_what_it_promised() {
    let mut store = Store::open_in_memory().unwrap();
    let r = demo_round(&mut store);
    let leaving = store.application_rows(r).unwrap()[0].clone();
    store
        .set_application_status(leaving.id, leaving.version, ApplicationStatus::Withdrawn)
        .unwrap();
    match_and_save(&mut store, r);
    let seen = draft_seen(&store, r);
    store
        .publish_draft(r, round_version(&store, r), d("2027-01-11"), &seen)
        .unwrap();
    let round = store.round(r).unwrap();

    // Published partnerships keep their dates: the start and term cannot move.
    let mut shorter = round.plan.clone();
    shorter.term_months = 2;
    let err = store.update_round(r, round.version, &shorter).unwrap_err();
    assert!(err.to_string().contains("start and term stay"), "{err}");
    let mut renamed = round.plan.clone();
    renamed.cap_percent = 25;
    store.update_round(r, round.version, &renamed).unwrap();

    // Nobody in a running partnership changes status by a batch either.
    let member = store.partnerships(r).unwrap()[0].members[0];
    let err = store
        .set_application_statuses(&[(member, ApplicationStatus::Deferred)], "batch")
        .unwrap_err();
    assert!(err.to_string().contains("running partnership"), "{err}");
    // Nor is a withdrawn applicant held against the cap.
    let withdrawn = store.application_row(leaving.id).unwrap();
    let err = store
        .set_cap_hold(
            withdrawn.id,
            withdrawn.version,
            Some(ApplicationStatus::Accepted),
        )
        .unwrap_err();
    assert!(err.to_string().contains("is withdrawn"), "{err}");

    // A problem still open when the round ends can be settled after.
    let p = store.partnerships(r).unwrap()[0].clone();
    let problem = store
        .log_problem(
            &p,
            ProblemKind::Unresponsive,
            "no reply",
            None,
            d("2027-02-01"),
        )
        .unwrap();
    let ends = store.round(r).unwrap().plan.ends_on();
    assert_eq!(
        store.follow_calendar(ends).unwrap().rounds_ended,
        ["2027 A"]
    );
    store
        .settle_problem(&problem, ProblemOutcome::Closed, "round over", ends)
        .unwrap();
    // An ended round is not edited.
    let round = store.round(r).unwrap();
    let err = store
        .update_round(r, round.version, &round.plan)
        .unwrap_err();
    assert!(err.to_string().contains("has ended"), "{err}");
}

#[test]
fn ids_given_before_the_rebuild_of_applications_are_not_given_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for m in &migrations::MIGRATIONS[..11] {
            conn.execute_batch(m).unwrap();
        }
        conn.execute_batch(
            "PRAGMA user_version = 11;
             INSERT INTO rounds (id, name, opens_on, closes_on, matching_on, starts_on,
                                 term_months, cap_percent, status)
             VALUES (1, '2027 A', '2027-03-01', '2027-03-29', '2027-04-05', '2027-04-12', 4,
                     20, 'open');
             INSERT INTO people (id, email, name) VALUES (1, 'a@lib.example.org', 'A'),
                                                          (2, 'b@lib.example.org', 'B');
             INSERT INTO applications (round_id, person_id, name, country,
                 utc_offset_minutes, sector, career_stage, languages, consent, submitted_at)
             VALUES (1, 1, 'A', 'NZ', 720, 'public', 'mid', 'en', 1, '2027-03-02T10:00:00'),
                    (1, 2, 'B', 'KE', 180, 'public', 'mid', 'en', 1, '2027-03-02T11:00:00');
             DELETE FROM applications WHERE id = 2;",
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    let id = store
        .add_application(RoundId(1), &form("C", "c@lib.example.org", "CL"))
        .unwrap();
    assert_eq!(
        id,
        ApplicationId(3),
        "id 2 was given once; it is not given again"
    );
}

/// The day the demo data of these tests is made on.
fn demo_day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}

/// Two stores on one file (two windows, or the app and a command) race every kind of change
/// that names a version: the second, made on what it read before the first, is refused as
/// stale, and the first one's result stands untouched.
#[test]
fn two_stores_on_one_file_never_overwrite_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    let mut a = Store::open(&path).unwrap();
    let mut b = Store::open(&path).unwrap();
    let r = round(&mut a, "2027 A");
    let app = a
        .add_application(r, &form("Aroha Ngata", "aroha@example.org", "NZ"))
        .unwrap();
    let topic = a.add_topic_slot(r, d("2027-03-15")).unwrap().id;
    let stale = |what: &str, result: Result<(), StoreError>| match result {
        Err(StoreError::Stale(said)) => assert!(!said.is_empty(), "{what}"),
        other => panic!("{what}: the second change was not refused: {other:?}"),
    };

    // Rounds: an edit, and a stage move, on the version both read.
    let seen = round_version(&b, r);
    let mut plan = a.round(r).unwrap().plan;
    plan.name = "2027 A (first)".into();
    a.update_round(r, seen, &plan).unwrap();
    let mut theirs = b.round(r).unwrap().plan;
    theirs.cap_percent = 30;
    stale("round edit", b.update_round(r, seen, &theirs).map(drop));
    stale(
        "stage move",
        b.advance_round(r, seen, d("2027-03-01")).map(drop),
    );
    let now = b.round(r).unwrap();
    assert_eq!(now.plan.name, "2027 A (first)");
    assert_eq!(now.plan.cap_percent, plan.cap_percent);
    assert_eq!(now.plan.status, RoundStatus::Open);

    // Applications: a status, the form, a hold on the cap, a removal.
    let seen = application_version(&b, app);
    a.set_application_status(app, seen, ApplicationStatus::Accepted)
        .unwrap();
    stale(
        "status",
        b.set_application_status(app, seen, ApplicationStatus::Deferred),
    );
    let mut edited = b.application(app).unwrap().form;
    edited.city = "Rotorua".into();
    stale("form", b.update_application_form(app, seen, &edited));
    stale(
        "cap hold",
        b.set_cap_hold(app, seen, Some(ApplicationStatus::Deferred)),
    );
    stale("removal", b.delete_application(app, seen));
    let now = b.application(app).unwrap();
    assert_eq!(now.status, ApplicationStatus::Accepted);
    assert_eq!(now.form.city, "Wellington");

    // Topics: the text, the whole topic, its date, its post link, its removal.
    let seen = topic_version(&b, topic);
    a.save_topic_text(topic, seen, &text("Ours")).unwrap();
    stale(
        "topic text",
        b.save_topic_text(topic, seen, &text("Theirs")).map(drop),
    );
    let draft = TopicDraft {
        publish_on: d("2027-03-15"),
        title: "Theirs".into(),
        summary: String::new(),
        body: String::new(),
        questions: Vec::new(),
        status: TopicStatus::Draft,
        published_on: None,
    };
    stale("topic", b.update_topic(topic, seen, &draft).map(drop));
    stale("date", b.move_topic(topic, seen, d("2027-03-22")).map(drop));
    stale(
        "post link",
        b.set_topic_post_link(topic, seen, "https://example.org/theirs")
            .map(drop),
    );
    stale("topic removal", b.remove_topic(topic, seen));
    let now = b.topic(topic).unwrap();
    assert_eq!(now.title, "Ours");
    assert_eq!(now.publish_on, d("2027-03-15"));
}
