//! What goes out, in the app: `x` writes a round's table or messages where the coordinator
//! says, and Matches marks a partnership whose introduction went out.

mod driver;
mod smtp;

use crossterm::event::KeyCode;
use driver::{code, ctrl, demo_app_with, screen, status_text, today, type_text};
use iln::demo::DemoOptions;
use iln::domain::{MessageKind, RoundStatus};
use iln::ops::outbox;
use iln::store::{ProgramSettings, SentMessage, Store};
use iln::tui::App;
use iln::tui::kit::modal::Modal;

fn mid_life_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    iln::demo::populate(
        &mut store,
        &DemoOptions {
            applicants: 60,
            seed: 5,
            ..DemoOptions::on(today())
        },
    )
    .unwrap();
    store
        .set_program_settings(&ProgramSettings {
            smtp_url: String::new(),
            per_minute: 6000,
            name: "The Exchange".into(),
            email: "team@exchange.example.org".into(),
            signature: "The team".into(),
            version: 0,
        })
        .unwrap();
    store
}

/// Types a path into the open path prompt, in place of what it offers.
fn answer_path(app: &mut App, path: &std::path::Path) {
    assert!(
        matches!(app.modal(), Some(Modal::PathPrompt(_))),
        "{}",
        status_text(app)
    );
    ctrl(app, 'u');
    type_text(app, path.to_str().unwrap());
    code(app, KeyCode::Enter);
}

#[test]
fn x_writes_a_table_or_the_messages_where_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(mid_life_store()).with_today(today());
    // Applicants: the applications as CSV.
    type_text(&mut app, "2x");
    assert!(screen(&app, 100, 30).contains("Export from 2026 B"));
    code(&mut app, KeyCode::Enter);
    let csv = dir.path().join("applications.csv");
    answer_path(&mut app, &csv);
    assert!(
        status_text(&app).starts_with("Wrote 60 applications of 2026 B"),
        "{}",
        status_text(&app)
    );
    assert!(
        std::fs::read_to_string(&csv)
            .unwrap()
            .starts_with("submitted_at,")
    );

    // Matches: the introductions as mail files (the fourth choice).
    type_text(&mut app, "3X");
    for _ in 0..3 {
        type_text(&mut app, "j");
    }
    code(&mut app, KeyCode::Enter);
    let folder = dir.path().join("intros");
    answer_path(&mut app, &folder);
    let said = status_text(&app);
    assert!(said.contains("(introductions) of 2026 B"), "{said}");
    assert!(folder.join("messages.mbox").exists());
    assert!(folder.join("mail-merge.csv").exists());

    // Asked whether they go out with the coordinator's own mail tool: n records nothing.
    let Some(Modal::Question(q)) = app.modal() else {
        panic!("no question: {}", screen(&app, 100, 30))
    };
    assert!(q.text.contains("y records them as sent"), "{}", q.text);
    type_text(&mut app, "n");
    assert!(!app.popup_open());
    assert_eq!(screen(&app, 120, 40).matches("active ✉").count(), 0);

    // Written again, and y: each is recorded as sent, marked, and not asked of again.
    let intros = |app: &mut App, folder: &std::path::Path| {
        type_text(app, "X");
        for _ in 0..3 {
            type_text(app, "j");
        }
        code(app, KeyCode::Enter);
        answer_path(app, folder);
    };
    intros(&mut app, &dir.path().join("intros-2"));
    type_text(&mut app, "y");
    let said = status_text(&app);
    assert!(said.starts_with("Recorded "), "{said}");
    let store = app.store();
    let round = store.round_by_name("2026 B").unwrap();
    let messages = outbox::messages(store, &round, MessageKind::Introduction, None).unwrap();
    assert!(messages.iter().all(|m| m.sent_at.is_some()));
    assert!(said.starts_with(&format!(
        "Recorded {} messages of 2026 B as sent",
        messages.len()
    )));
    intros(&mut app, &dir.path().join("intros-3"));
    assert!(!app.popup_open(), "nothing left to record");
}

#[test]
fn matches_marks_a_partnership_whose_introduction_went_out() {
    let mut store = mid_life_store();
    let round = store
        .rounds()
        .unwrap()
        .into_iter()
        .find(|r| r.plan.status == RoundStatus::Active)
        .unwrap();
    let messages = outbox::messages(&store, &round, MessageKind::Introduction, None).unwrap();
    let first = &messages[0];
    store
        .record_sent(
            round.id,
            &SentMessage {
                key: first.key.clone(),
                kind: first.kind,
                partnership_id: first.partnership_id,
                recipients: first.to.iter().map(|(id, _)| *id).collect(),
                message_id: first.message_id(),
                sent_at: String::new(),
            },
        )
        .unwrap();
    let name = first.to[0].1.name.clone();
    let mut app = App::new(store).with_today(today());
    type_text(&mut app, "3/");
    type_text(&mut app, &first.to[0].1.email);
    code(&mut app, KeyCode::Enter);
    let seen = screen(&app, 120, 40);
    let row = seen.lines().find(|l| l.contains(&name)).unwrap();
    assert!(row.contains("active ✉"), "{row}");
    assert!(seen.contains("Sent    introduction, "), "{seen}");
    // Another partnership, not introduced, is not marked.
    let seen_all = {
        type_text(&mut app, "/");
        ctrl(&mut app, 'u');
        code(&mut app, KeyCode::Enter);
        screen(&app, 120, 40)
    };
    assert_eq!(seen_all.matches("active ✉").count(), 1, "{seen_all}");
    let _ = demo_app_with;
}

/// T in Topics edits a message template: checked as it is typed, refused on save with the
/// line at fault, saved once right, previewed with example fields, and left with a
/// question when there are changes not saved.
#[test]
fn a_template_is_edited_checked_previewed_and_saved() {
    let mut app = App::new(mid_life_store()).with_today(today());
    type_text(&mut app, "4T");
    assert!(screen(&app, 100, 30).contains("Message templates"));
    code(&mut app, KeyCode::Enter);
    let editor = app.topics().template_editor().expect("the template editor");
    assert_eq!(editor.kind, MessageKind::Introduction);
    assert!(editor.problem().is_none());
    assert!(screen(&app, 100, 30).contains("The template checks out."));

    app.paste("Subject: Hello {{ round.nam }}\n\n");
    let problem = app.topics().template_editor().unwrap().problem().unwrap();
    assert!(
        problem.starts_with("line 1: there is no field \"round.nam\""),
        "{problem}"
    );
    ctrl(&mut app, 's');
    assert!(
        status_text(&app).contains("was not saved"),
        "{}",
        status_text(&app)
    );
    assert_eq!(
        app.store()
            .template(MessageKind::Introduction)
            .unwrap()
            .version,
        0
    );

    // Undo the paste; write a subject of the program's own instead.
    ctrl(&mut app, 'z');
    assert!(app.topics().template_editor().unwrap().problem().is_none());
    app.paste("Subject: {{ round.name }}: say hello to {{ greeting }}\n\n");
    // The preview writes it with example fields (the first line is the subject now).
    ctrl(&mut app, 'p');
    let seen = screen(&app, 100, 30);
    assert!(
        seen.contains("Subject: 2027 A: say hello to Aroha and Dora"),
        "{seen}"
    );
    ctrl(&mut app, 'p');
    ctrl(&mut app, 's');
    assert!(status_text(&app).contains("Saved the introductions template"));
    let saved = app.store().template(MessageKind::Introduction).unwrap();
    assert_eq!(saved.version, 1);
    assert!(
        saved
            .text
            .starts_with("Subject: {{ round.name }}: say hello")
    );

    // A change not saved: Esc asks; yes leaves it as saved.
    type_text(&mut app, "x");
    code(&mut app, KeyCode::Esc);
    assert!(matches!(app.modal(), Some(Modal::Question(_))));
    type_text(&mut app, "y");
    assert!(app.topics().template_editor().is_none());
    assert_eq!(
        app.store()
            .template(MessageKind::Introduction)
            .unwrap()
            .version,
        1
    );
}

/// L sets a topic's post link (a bad address refused under the field), and M writes the
/// topic's e-mail to each participant with the link in it.
#[test]
fn a_topic_gets_its_post_link_and_is_mailed_to_participants() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(mid_life_store()).with_today(today());
    type_text(&mut app, "4");
    let topic = app.topics().selected().unwrap().clone();
    type_text(&mut app, "L");
    type_text(&mut app, "not a link");
    code(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.modal(), Some(Modal::TextPrompt(_))),
        "stays open"
    );
    assert!(screen(&app, 100, 30).contains("not a web address"));
    ctrl(&mut app, 'u');
    type_text(&mut app, "https://exchange.example.org/posts/hello");
    code(&mut app, KeyCode::Enter);
    assert_eq!(
        app.store().topic(topic.id).unwrap().post_link,
        "https://exchange.example.org/posts/hello"
    );
    let seen = screen(&app, 160, 30);
    assert!(
        seen.contains("Post link https://exchange.example.org/posts/hello"),
        "{seen}"
    );

    type_text(&mut app, "M");
    let folder = dir.path().join("topic-mail");
    answer_path(&mut app, &folder);
    assert!(
        status_text(&app).contains("(topic) of 2026 B"),
        "{}",
        status_text(&app)
    );
    let eml = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "eml"))
        .unwrap();
    let mail = std::fs::read_to_string(eml).unwrap();
    assert!(
        mail.contains("https://exchange.example.org/posts/hello"),
        "{mail}"
    );
}

/// S in Matches sends a kind of message through the server typed, after a question, in
/// the background; the marks follow, and the server is offered next time.
#[test]
fn s_sends_in_the_background_after_a_question() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iln.db");
    {
        let store = mid_life_store();
        store.backup_to(&path).unwrap();
    }
    let server = smtp::TestSmtp::start(Vec::new(), None);
    let mut app = App::new(Store::open(&path).unwrap()).with_today(today());
    type_text(&mut app, "3S");
    let seen = screen(&app, 100, 30);
    assert!(seen.contains("Send from 2026 B"), "{seen}");
    assert!(
        seen.contains("introductions  26 to send, 0 sent before"),
        "{seen}"
    );
    code(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    type_text(&mut app, "http://nowhere");
    code(&mut app, KeyCode::Enter);
    assert!(
        screen(&app, 100, 30).contains("smtp://"),
        "a bad address stays under the field"
    );
    ctrl(&mut app, 'u');
    type_text(&mut app, &server.url());
    code(&mut app, KeyCode::Enter);
    let Some(Modal::Question(q)) = app.modal() else {
        panic!("{}", status_text(&app))
    };
    assert!(
        q.text
            .starts_with("Send 26 messages (introductions) of 2026 B to 52 people"),
        "{}",
        q.text
    );
    type_text(&mut app, "y");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while !status_text(&app).starts_with("Sent ") {
        assert!(
            std::time::Instant::now() < deadline,
            "{}",
            status_text(&app)
        );
        app.tick(std::time::Instant::now());
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(status_text(&app).starts_with("Sent 26 messages (introductions) of 2026 B"));
    assert_eq!(server.ids().len(), 26);
    // The marks, read again from what the sending recorded.
    app.tick(std::time::Instant::now());
    let seen = screen(&app, 120, 40);
    assert!(seen.matches("active ✉").count() >= 10, "{seen}");
    assert_eq!(
        app.store().program_settings().unwrap().smtp_url,
        server.url()
    );
}
