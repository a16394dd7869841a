//! What goes out to participants: every template written for the demo program, `.eml`
//! files parsed back with a mail parser (hostile names, long subjects), the mail-merge CSV,
//! topic e-mails with their post link, and `iln send` to an SMTP server this test runs on
//! loopback (all arrive once, a second run sends none, a run killed halfway sends exactly
//! the rest when resumed, a refused recipient is listed and sent next time).

mod smtp;

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant, SystemTime};

use chrono::NaiveDate;
use iln::demo::{self, DemoOptions};
use iln::domain::{
    ApplicationForm, ApplicationStatus, MessageKind, PartnershipStatus, RoundPlan, RoundStatus,
    TopicStatus,
};
use iln::ops::outbox::{self, OutboxError};
use iln::ops::{matching, publish};
use iln::store::{ProgramSettings, Store};
use smtp::TestSmtp;

const TODAY: &str = "2026-11-20";

fn today() -> NaiveDate {
    TODAY.parse().unwrap()
}

fn program(store: &mut Store) {
    let seen = store.program_settings().unwrap().version;
    store
        .set_program_settings(&ProgramSettings {
            smtp_url: String::new(),
            per_minute: 6000,
            name: "The Librarians' Exchange".into(),
            email: "coordinators@exchange.example.org".into(),
            signature: "Warm wishes,\nThe coordinators".into(),
            version: seen,
        })
        .unwrap();
}

fn mid_life() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    demo::populate(
        &mut store,
        &DemoOptions {
            applicants: 60,
            seed: 5,
            ..DemoOptions::on(today())
        },
    )
    .unwrap();
    program(&mut store);
    store
}

fn round_at(store: &Store, stage: RoundStatus) -> iln::domain::Round {
    store
        .rounds()
        .unwrap()
        .into_iter()
        .find(|r| r.plan.status == stage)
        .unwrap()
}

/// The round's last topic already published.
fn last_published_topic(store: &Store, round: &iln::domain::Round) -> iln::domain::Topic {
    store
        .topics(round.id)
        .unwrap()
        .into_iter()
        .rfind(|t| t.status == TopicStatus::Published)
        .unwrap()
}

/// Every template, written for the demo program's rounds as the first of its messages.
#[test]
fn every_template_written_for_the_demo_program() {
    let mut store = mid_life();
    let running = round_at(&store, RoundStatus::Active);
    let ended = round_at(&store, RoundStatus::Ended);
    // A rematch: the partner of the one who withdrew joins a running pair.
    let partnerships = store.partnerships(running.id).unwrap();
    let left = partnerships
        .iter()
        .find(|p| p.status == PartnershipStatus::EndedEarly)
        .unwrap();
    let pooled = left
        .members
        .iter()
        .copied()
        .find(|&m| store.application(m).unwrap().status == ApplicationStatus::Accepted)
        .unwrap();
    let pair = partnerships
        .iter()
        .rev()
        .find(|p| p.status == PartnershipStatus::Active && p.members.len() == 2)
        .unwrap()
        .clone();
    store.join_partnership(&pair, pooled).unwrap();
    // A topic with its post's address.
    let topic = last_published_topic(&store, &running);
    let topic = store
        .set_topic_post_link(
            topic.id,
            topic.version,
            "https://exchange.example.org/topics/borrow",
        )
        .unwrap();

    for kind in MessageKind::ALL {
        let round = if kind == MessageKind::ReEnrol {
            &ended
        } else {
            &running
        };
        let topic = (kind == MessageKind::Topic).then_some(&topic);
        let messages = outbox::messages(&store, round, kind, topic).unwrap();
        assert!(!messages.is_empty(), "no {kind} message");
        let (written, _) = outbox::write(&store, &messages[..1], SystemTime::UNIX_EPOCH).unwrap();
        let r = &written[0].rendered;
        let to: Vec<String> = messages[0]
            .to
            .iter()
            .map(|(_, r)| format!("{} <{}>", r.name, r.email))
            .collect();
        insta::assert_snapshot!(
            format!("template_{}", kind.code().replace('-', "_")),
            format!(
                "To: {}\nSubject: {}\n\n{}",
                to.join(", "),
                r.subject,
                r.text
            )
        );
    }
}

/// Which messages each kind has, and the rematch told from the introduction.
#[test]
fn each_kind_goes_to_whom_it_should() {
    let store = mid_life();
    let running = round_at(&store, RoundStatus::Active);
    let open = round_at(&store, RoundStatus::Open);
    let count = |round: &iln::domain::Round, kind| {
        outbox::messages(&store, round, kind, None).map(|m| m.len())
    };
    let active = store
        .partnerships(running.id)
        .unwrap()
        .iter()
        .filter(|p| p.status == PartnershipStatus::Active)
        .count();
    assert_eq!(count(&running, MessageKind::Introduction).unwrap(), active);
    assert_eq!(count(&running, MessageKind::Rematch).unwrap(), 0);
    let figures = store.round_figures().unwrap();
    let f = figures.iter().find(|f| f.round.id == running.id).unwrap();
    assert_eq!(
        count(&running, MessageKind::Acceptance).unwrap(),
        f.accepted
    );
    assert_eq!(count(&running, MessageKind::Deferral).unwrap(), f.deferred);
    // Not yet: introductions of a round still taking applications, a re-enrolment before
    // the end, a topic without its name.
    for (kind, says) in [
        (MessageKind::Introduction, "publish its matching first"),
        (MessageKind::ReEnrol, "once 2026 B has ended"),
        (MessageKind::Topic, "--topic"),
    ] {
        let round = if kind == MessageKind::Introduction {
            &open
        } else {
            &running
        };
        match outbox::messages(&store, round, kind, None) {
            Err(OutboxError::Refused(why)) => assert!(why.contains(says), "{why}"),
            other => panic!("{kind}: {other:?}"),
        }
    }
    // Without a sender address nothing is written, and it says how to set one.
    let mut bare = Store::open_in_memory().unwrap();
    demo::populate(&mut bare, &DemoOptions::on(today())).unwrap();
    let running = round_at(&bare, RoundStatus::Active);
    match outbox::messages(&bare, &running, MessageKind::Introduction, None) {
        Err(OutboxError::Refused(why)) => assert!(why.contains("iln program --name"), "{why}"),
        other => panic!("{other:?}"),
    }
}

fn form(name: &str, email: &str, country: &'static str) -> ApplicationForm {
    ApplicationForm {
        name: name.into(),
        email: email.into(),
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
        submitted_at: "2027-01-05T10:00:00".parse().unwrap(),
        priority: false,
        notes: String::new(),
    }
}

/// A published round of four whose names would break a careless header.
fn hostile_round() -> (Store, iln::domain::Round) {
    let mut store = Store::open_in_memory().unwrap();
    program(&mut store);
    let round = store
        .create_round(&RoundPlan {
            status: RoundStatus::Closed,
            ..RoundPlan::starting("Round \"Ω\"", "2027-01-04".parse().unwrap())
        })
        .unwrap();
    store
        .save_applications_with_status(
            round.id,
            &[
                form("Zoë \"Zed\" O'Neil, Jr.", "zoe@example.org", "NZ"),
                form("王小明", "xiaoming@example.cn", "CN"),
                form("Eve Bcc: attacker@evil.example", "eve@example.org", "GB"),
                form("=HYPERLINK(\"http://x\")", "formula@example.org", "KE"),
            ],
            ApplicationStatus::Accepted,
            "test",
        )
        .unwrap();
    let prepared = matching::prepare(&store, round.id).unwrap();
    let outcome =
        matching::solve(&prepared, &mut |_| iln::engine::solver::Control::Continue).unwrap();
    matching::save_draft(&mut store, round.id, &outcome, &prepared.draft).unwrap();
    let r = store.round(round.id).unwrap();
    let plan = publish::preview(&store, &r, "2027-03-01".parse().unwrap()).unwrap();
    publish::publish(&mut store, &plan).unwrap();
    let round = store.round(round.id).unwrap();
    (store, round)
}

/// Every `.eml` parses back with what was meant: names with quotes, commas, other scripts
/// and a line break stay names (no Bcc appears), a long subject comes back whole, and the
/// HTML part shows a formula-like name as text.
#[test]
fn eml_files_parse_back_as_meant() {
    let (mut store, round) = hostile_round();
    let long = "Subject: {{ round.name }}: ваш партнёр, votre partenaire, 你的伙伴 — and a \
                subject long enough to be folded over several header lines by any mail \
                library that does its job\n";
    let text = format!("{long}{}", {
        let default = MessageKind::Introduction.default_template();
        &default[default.find('\n').unwrap()..]
    });
    store
        .set_template(MessageKind::Introduction, 0, Some(&text))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let messages = outbox::messages(&store, &round, MessageKind::Introduction, None).unwrap();
    assert_eq!(messages.len(), 2);
    // 2026-11-20 09:30:00 UTC, the date every message must carry.
    let sent_at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_167_000);
    let done = outbox::export(&store, &messages, dir.path(), sent_at).unwrap();
    assert_eq!((done.messages, done.recipients), (2, 4));

    let mut names = Vec::new();
    let mut emls: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    emls.sort();
    assert_eq!(emls.len(), 2);
    for path in &emls {
        let bytes = std::fs::read(path).unwrap();
        let raw = String::from_utf8(bytes.clone()).unwrap();
        assert!(raw.is_ascii(), "headers and bodies are encoded");
        assert!(!raw.to_lowercase().contains("\nbcc:"), "{raw}");
        let mail = mail_parser::MessageParser::default().parse(&bytes).unwrap();
        assert_eq!(
            mail.subject().unwrap(),
            "Round \"Ω\": ваш партнёр, votre partenaire, 你的伙伴 — and a subject long enough \
             to be folded over several header lines by any mail library that does its job"
        );
        assert!(mail.header("Bcc").is_none());
        assert_eq!(
            mail.from().unwrap().first().unwrap().address.as_deref(),
            Some("coordinators@exchange.example.org")
        );
        assert_eq!(
            mail.reply_to().unwrap().first().unwrap().address.as_deref(),
            Some("coordinators@exchange.example.org"),
            "replies go to the program"
        );
        assert_eq!(
            mail.date().unwrap().to_timestamp(),
            1_795_167_000,
            "{:?}",
            mail.date()
        );
        assert!(
            mail.message_id()
                .unwrap()
                .ends_with("@exchange.example.org")
        );
        for a in mail.to().unwrap().iter() {
            names.push((
                a.name.as_deref().unwrap_or_default().to_string(),
                a.address.as_deref().unwrap_or_default().to_string(),
            ));
        }
        let html = mail.body_html(0).unwrap();
        assert!(!html.contains("<a "), "{html}");
        let text = mail.body_text(0).unwrap().replace("\r\n", "\n");
        assert!(text.contains("Warm wishes,\nThe coordinators"), "{text}");
    }
    names.sort();
    assert_eq!(
        names,
        [
            (
                "=HYPERLINK(\"http://x\")".to_string(),
                "formula@example.org".to_string()
            ),
            (
                "Eve Bcc: attacker@evil.example".to_string(),
                "eve@example.org".to_string()
            ),
            (
                "Zoë \"Zed\" O'Neil, Jr.".to_string(),
                "zoe@example.org".to_string()
            ),
            ("王小明".to_string(), "xiaoming@example.cn".to_string()),
        ]
    );

    // The mbox holds both; the mail-merge CSV a row per recipient, formulas marked.
    let mbox = std::fs::read_to_string(dir.path().join("messages.mbox")).unwrap();
    assert_eq!(mbox.matches("\nFrom iln@localhost ").count() + 1, 2);
    let mut csv = csv::Reader::from_path(dir.path().join("mail-merge.csv")).unwrap();
    let header: Vec<String> = csv.headers().unwrap().iter().map(String::from).collect();
    for column in [
        "kind",
        "to_name",
        "to_email",
        "subject",
        "round_name",
        "members_1_name",
        "members_2_email",
        "partnership_overlap",
        "program_signature",
        "text",
    ] {
        assert!(header.iter().any(|h| h == column), "{column} in {header:?}");
    }
    let rows: Vec<HashMap<String, String>> = csv.deserialize().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 4);
    let formula = rows
        .iter()
        .find(|r| r["to_email"] == "formula@example.org")
        .unwrap();
    assert_eq!(formula["to_name"], "'=HYPERLINK(\"http://x\")");
}

/// A topic goes to each participant of the round's running partnerships, one message each
/// (nobody sees another's address), with its post's link filled in.
#[test]
fn a_topic_goes_to_each_participant_with_its_link() {
    let mut store = mid_life();
    let running = round_at(&store, RoundStatus::Active);
    let topic = last_published_topic(&store, &running);
    let err = store
        .set_topic_post_link(topic.id, topic.version, "exchange.example.org/x y")
        .unwrap_err();
    assert!(err.to_string().contains("not a web address"), "{err}");
    let topic = store
        .set_topic_post_link(topic.id, topic.version, "https://exchange.example.org/t/7")
        .unwrap();
    let messages = outbox::messages(&store, &running, MessageKind::Topic, Some(&topic)).unwrap();
    let running_people: usize = store
        .partnerships(running.id)
        .unwrap()
        .iter()
        .filter(|p| p.status == PartnershipStatus::Active)
        .map(|p| p.members.len())
        .sum();
    assert_eq!(messages.len(), running_people);
    assert!(messages.iter().all(|m| m.to.len() == 1));
    let (written, _) = outbox::write(&store, &messages[..1], SystemTime::now()).unwrap();
    assert!(
        written[0]
            .rendered
            .text
            .contains("Read the whole topic: https://exchange.example.org/t/7"),
        "{}",
        written[0].rendered.text
    );
    let found = outbox::topic_called(&store, &running, &topic.title.to_uppercase()).unwrap();
    assert_eq!(found.id, topic.id);
    assert!(outbox::topic_called(&store, &running, "No such topic").is_err());
    // A topic not named: the round's topics are listed to choose from.
    let err = outbox::topic_for(&store, &running, MessageKind::Topic, None).unwrap_err();
    assert!(
        err.to_string().contains(&format!(
            "\"{}\" ({})",
            topic.title.trim(),
            topic.publish_on
        )),
        "{err}"
    );
    let none = outbox::topic_for(&store, &running, MessageKind::Introduction, None).unwrap();
    assert!(none.is_none());
}

// ---- Sending, to an SMTP server on loopback ----

fn iln_command(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_iln"));
    c.arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ILN_DB")
        .env_remove("ILN_SMTP_PASSWORD")
        .env("ILN_TODAY", TODAY)
        .env_remove("ILN_CONFIG")
        .env("XDG_CONFIG_HOME", db.parent().unwrap());
    c
}

fn iln(db: &Path, args: &[&str]) -> Output {
    iln_command(db, args).output().unwrap()
}

fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A mid-life demo database with the program's sender set: its running round is 2026 B.
fn demo_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("iln.db");
    let out = iln(&db, &["demo", "--applicants", "40", "--seed", "2"]);
    assert!(out.status.success(), "{}", said(&out));
    let out = iln(
        &db,
        &[
            "program",
            "--name",
            "The Librarians' Exchange",
            "--email",
            "coordinators@exchange.example.org",
        ],
    );
    assert!(out.status.success(), "{}", said(&out));
    db
}

fn send(db: &Path, server: &TestSmtp, yes: bool) -> Output {
    let url = server.url();
    let mut args = vec![
        "send",
        "introductions",
        "--round",
        "2026 B",
        "--smtp",
        &url,
        "--per-minute",
        "60000",
    ];
    if yes {
        args.push("--yes");
    }
    iln(db, &args)
}

fn introductions(db: &Path) -> usize {
    let store = Store::open(db).unwrap();
    let round = store.round_by_name("2026 B").unwrap();
    outbox::messages(&store, &round, MessageKind::Introduction, None)
        .unwrap()
        .len()
}

#[test]
fn sending_shows_first_sends_each_message_once_and_a_second_run_none() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let total = introductions(&db);
    let server = TestSmtp::start(Vec::new(), None);

    let out = send(&db, &server, false);
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains(&format!("would send {total} messages (introductions)")));
    assert!(server.ids().is_empty(), "nothing without --yes");

    let out = send(&db, &server, true);
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains(&format!("sent {total} messages; 0 sent before; 0 failed")));
    let ids = server.ids();
    assert_eq!(ids.len(), total);
    assert_eq!(
        Store::open(&db)
            .unwrap()
            .program_settings()
            .unwrap()
            .smtp_url,
        server.url(),
        "the server is offered next time"
    );
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), total, "each message once");
    // Every member of a partnership is on its message, by name and address.
    let got = server.got.lock().unwrap();
    assert!(got.iter().all(|m| m.rcpt.len() >= 2));
    assert!(got[0].data.contains("To: "));
    drop(got);

    let out = send(&db, &server, true);
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("nothing to send"), "{}", said(&out));
    assert_eq!(server.ids().len(), total, "a second run sends none");
}

#[test]
fn a_run_killed_halfway_sends_exactly_the_rest_when_run_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let total = introductions(&db);
    let server = TestSmtp::start(Vec::new(), Some(3));
    let url = server.url();
    let mut child = iln_command(
        &db,
        &[
            "send",
            "introductions",
            "--round",
            "2026 B",
            "--smtp",
            &url,
            "--per-minute",
            "60000",
            "--yes",
        ],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !server.stalled.load(Ordering::SeqCst) {
        assert!(Instant::now() < deadline, "the fourth message never came");
        std::thread::sleep(Duration::from_millis(10));
    }
    // Killed while the server has not answered the fourth message.
    child.kill().unwrap();
    child.wait().unwrap();
    server.stall.store(false, Ordering::SeqCst);
    assert_eq!(server.ids().len(), 3);

    let out = send(&db, &server, true);
    assert!(out.status.success(), "{}", said(&out));
    assert!(
        said(&out).contains(&format!("sent {} messages; 3 sent before", total - 3)),
        "{}",
        said(&out)
    );
    let mut ids = server.ids();
    assert_eq!(ids.len(), total);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), total, "none twice");
}

#[test]
fn a_refused_recipient_is_listed_and_sent_next_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let total = introductions(&db);
    let refused = {
        let store = Store::open(&db).unwrap();
        let round = store.round_by_name("2026 B").unwrap();
        let messages = outbox::messages(&store, &round, MessageKind::Introduction, None).unwrap();
        messages[1].to[1].1.email.clone()
    };
    let server = TestSmtp::start(vec![refused.clone()], None);
    let out = send(&db, &server, true);
    assert!(!out.status.success());
    let text = said(&out);
    assert!(
        text.contains(&format!("sent {} messages", total - 1)),
        "{text}"
    );
    assert!(
        text.contains(&format!("<{refused}>")) && text.contains("550"),
        "{text}"
    );
    assert!(text.contains("run the same command again"), "{text}");

    let server = TestSmtp::start(Vec::new(), None);
    let out = send(&db, &server, true);
    assert!(out.status.success(), "{}", said(&out));
    assert_eq!(server.ids().len(), 1, "exactly the one refused before");
    assert!(server.got.lock().unwrap()[0].rcpt.contains(&refused));
}

/// Takes every message, as a server that accepts all would.
struct Accepting(std::sync::Mutex<usize>);

impl outbox::Outbox for Accepting {
    fn send(&self, _mail: &lettre::Message) -> Result<(), String> {
        *self.0.lock().unwrap() += 1;
        Ok(())
    }
}

/// An address mail does not take leaves out its own message only: the export writes the
/// rest and names it; a send sends the rest and lists it with why.
#[test]
fn a_bad_address_leaves_out_only_its_message() {
    // iln refuses such an address now; a database written before it may still hold one.
    let (mut store, round) = hostile_round();
    let mut messages = outbox::messages(&store, &round, MessageKind::Introduction, None).unwrap();
    let zoe = messages
        .iter_mut()
        .flat_map(|m| m.to.iter_mut())
        .find(|(_, r)| r.email == "zoe@example.org")
        .unwrap();
    zoe.1.email = "zoe,evil@x.org".into();
    let dir = tempfile::tempdir().unwrap();
    let done = outbox::export(&store, &messages, dir.path(), SystemTime::now()).unwrap();
    assert_eq!(done.messages, 1);
    assert_eq!(done.left_out.len(), 1);
    assert!(
        done.left_out[0].who.contains("zoe,evil@x.org"),
        "{:?}",
        done.left_out
    );
    assert!(
        done.left_out[0].why.contains("not one mail accepts"),
        "{:?}",
        done.left_out
    );

    let server = Accepting(std::sync::Mutex::new(0));
    let report = outbox::send(
        &mut store,
        &round,
        &messages,
        &server,
        60_000,
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!((report.sent, report.failed.len()), (1, 1));
    assert_eq!(*server.0.lock().unwrap(), 1);
}

/// Before anything goes out, what would read wrong today is said.
#[test]
fn warnings_say_what_has_passed() {
    let store = mid_life();
    let running = round_at(&store, RoundStatus::Active);
    let warn = |kind, topic: Option<&iln::domain::Topic>, day: &str| {
        let messages = outbox::messages(&store, &running, kind, topic).unwrap();
        outbox::warnings(&running, &messages, topic, day.parse().unwrap()).join(" | ")
    };
    assert!(warn(MessageKind::Acceptance, None, TODAY).contains("matched on"));
    assert!(warn(MessageKind::Introduction, None, TODAY).contains("started on"));
    assert!(warn(MessageKind::Deferral, None, "2027-01-01").contains("which has passed"));
    assert_eq!(warn(MessageKind::Deferral, None, "2026-11-01"), "");
    let topic = last_published_topic(&store, &running);
    assert!(warn(MessageKind::Topic, Some(&topic), TODAY).contains("has no post link"));
    // Without a link, the e-mail carries the post itself.
    let messages = outbox::messages(&store, &running, MessageKind::Topic, Some(&topic)).unwrap();
    let (written, _) = outbox::write(&store, &messages[..1], SystemTime::now()).unwrap();
    let first_words: String = topic
        .body
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        written[0]
            .rendered
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains(&first_words),
        "{}",
        written[0].rendered.text
    );
}

/// A name with a line break and a header after it stays one name in the header, whatever
/// the data held (iln refuses such names now; an older database may still hold one).
#[test]
fn a_line_break_in_a_name_never_makes_a_header() {
    use iln::export::mail::fields::ProgramFields;
    use iln::export::mail::message::{self, Recipient};
    use iln::export::mail::templates::Rendered;
    let rendered = Rendered {
        subject: "Hello".into(),
        text: "Hi\n".into(),
        html: "<p>Hi</p>".into(),
    };
    let mail = message::build(
        &rendered,
        &[Recipient {
            name: "Eve\r\nBcc: attacker@evil.example".into(),
            email: "eve@example.org".into(),
        }],
        &ProgramFields {
            name: "Team\nBcc: x@y.z".into(),
            email: "team@example.org".into(),
            signature: String::new(),
        },
        "<a@example.org>",
        SystemTime::now(),
    )
    .unwrap();
    let bytes = mail.formatted();
    let parsed = mail_parser::MessageParser::default().parse(&bytes).unwrap();
    assert!(parsed.header("Bcc").is_none());
    let to = parsed.to().unwrap().first().unwrap();
    assert_eq!(to.name.as_deref(), Some("Eve Bcc: attacker@evil.example"));
    assert_eq!(to.address.as_deref(), Some("eve@example.org"));
    assert_eq!(parsed.to().unwrap().iter().count(), 1);
}

/// An erased person is sent nothing: no topic, no introduction of their partnership, and
/// not a message listed before they were erased (a send that was already running).
#[test]
fn an_erased_person_is_sent_nothing() {
    let mut store = mid_life();
    let running = round_at(&store, RoundStatus::Active);
    let topic = last_published_topic(&store, &running);
    let listed = outbox::messages(&store, &running, MessageKind::Introduction, None).unwrap();
    let topics_before = outbox::messages(&store, &running, MessageKind::Topic, Some(&topic))
        .unwrap()
        .len();
    let pair = listed.iter().find(|m| m.to.len() == 2).unwrap();
    let (erased_app, _) = &pair.to[0];
    let person = store.application(*erased_app).unwrap().person_id;
    store.erase_person(person).unwrap();

    let introductions =
        outbox::messages(&store, &running, MessageKind::Introduction, None).unwrap();
    assert_eq!(introductions.len(), listed.len() - 1);
    assert!(introductions.iter().all(|m| m.key != pair.key));
    let topics = outbox::messages(&store, &running, MessageKind::Topic, Some(&topic)).unwrap();
    assert_eq!(topics.len(), topics_before - 1);
    assert!(topics.iter().all(|m| m.to[0].0 != *erased_app));

    // The list made before the erase: everyone else's goes out, theirs does not.
    let server = Accepting(std::sync::Mutex::new(0));
    let report = outbox::send(
        &mut store,
        &running,
        &listed,
        &server,
        60_000,
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(report.sent, listed.len() - 1);
    assert_eq!(report.failed.len(), 1);
    assert!(report.failed[0].1.contains("erased"), "{:?}", report.failed);
    assert_eq!(*server.0.lock().unwrap(), listed.len() - 1);
}

/// Messages exported for a mail tool of the coordinator's own can be recorded as sent:
/// `iln send` then leaves them out, and a second export records none again.
#[test]
fn exported_messages_recorded_as_sent_are_not_sent_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let total = introductions(&db);
    let out_dir = dir.path().join("out");
    let export = |record: bool| {
        let out = out_dir.display().to_string();
        let mut args = vec![
            "export",
            "emails",
            "--round",
            "2026 B",
            "--kind",
            "introductions",
            "-o",
            &out,
        ];
        if record {
            args.push("--record-as-sent");
        }
        iln(&db, &args)
    };
    // Without the flag, nothing is recorded.
    let out = export(false);
    assert!(out.status.success(), "{}", said(&out));
    assert!(!said(&out).contains("recorded"), "{}", said(&out));
    let out = export(true);
    assert!(out.status.success(), "{}", said(&out));
    assert!(
        said(&out).contains(&format!(
            "recorded {total} messages as sent (0 sent before)"
        )),
        "{}",
        said(&out)
    );
    let out = export(true);
    assert!(
        said(&out).contains(&format!(
            "recorded 0 messages as sent ({total} sent before)"
        )),
        "{}",
        said(&out)
    );

    let server = TestSmtp::start(Vec::new(), None);
    let out = send(&db, &server, true);
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("nothing to send"), "{}", said(&out));
    assert!(server.ids().is_empty());
    let store = Store::open(&db).unwrap();
    let audit = store.audit_log(10).unwrap();
    assert!(
        audit.iter().any(|e| e.action == "messages.sent_elsewhere"),
        "{audit:?}"
    );
}
