//! The crash harness: the real binary is killed (SIGKILL, nothing to clean up with) at points
//! spread over an import into a new round, a match, a publish, a topic saved in the app and a
//! run of sends, each time on a fresh copy of the same database. After every kill the file
//! must pass `PRAGMA integrity_check` and hold either everything it held before the command
//! or everything a finished run leaves: never part of one change. Sending is one change per
//! message: each message recorded as sent was taken by the server, and would be recorded so
//! by a finished run.
//!
//! `ILN_CRASH_POINTS=N` multiplies the kill points (scripts/crash.sh runs it longer).

#![cfg(unix)]

mod pty;
mod smtp;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rexpect::process::Signal;
use rusqlite::{Connection, OpenFlags};
use smtp::TestSmtp;

const TODAY: &str = "2026-11-20";

fn iln_command(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_iln"));
    c.arg("--db")
        .arg(db)
        .args(args)
        .env("ILN_TODAY", TODAY)
        .env_remove("ILN_DB")
        .env_remove("ILN_CONFIG")
        .env_remove("ILN_SMTP_PASSWORD")
        .env("XDG_CONFIG_HOME", db.parent().unwrap())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn run(db: &Path, args: &[&str]) {
    let out = iln_command(db, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "iln {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The database as one file (its log checkpointed into it), so that a copy is the whole of it.
fn settle(db: &Path) {
    let conn = Connection::open(db).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
}

fn copy_of(base: &Path, dir: &Path, name: &str) -> PathBuf {
    let db = dir.join(name);
    for end in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{end}", db.display()));
    }
    std::fs::copy(base, &db).unwrap();
    db
}

/// What a database holds, table by table and row by row, leaving out the columns the clock
/// writes (when something happened, how long a match took, a message's id) and the tables
/// named in `skip`.
fn contents(db: &Path, skip: &[&str]) -> String {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok", "integrity_check of {}", db.display());
    let clock = [
        "at",
        "saved_at",
        "ran_at",
        "sent_at",
        "message_id",
        "match_results.summary",
    ];
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    tables.retain(|t| !skip.contains(&t.as_str()));
    let mut out = String::new();
    for table in tables {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .filter(|c: &String| {
                !clock.contains(&c.as_str()) && !clock.contains(&format!("{table}.{c}").as_str())
            })
            .collect();
        let list = columns
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let mut rows: Vec<String> = conn
            .prepare(&format!("SELECT {list} FROM \"{table}\""))
            .unwrap()
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|row| without_timings(&row.unwrap()))
            .collect();
        rows.sort();
        out.push_str(&format!("== {table}\n{}\n", rows.join("\n")));
    }
    out
}

/// A stored matching result says how many seconds its solve took: the clock, not the data.
fn without_timings(row: &str) -> String {
    let mut out = String::new();
    let mut rest = row;
    while let Some(at) = rest.find("seconds") {
        let after = &rest[at + "seconds".len()..];
        let value = after.trim_start_matches(['\\', '"', ':']);
        let number = value.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
        out.push_str(&rest[..at]);
        out.push_str("seconds:_");
        rest = number;
    }
    out.push_str(rest);
    out
}

/// How the kills of one command went.
#[derive(Default, Debug)]
struct Tally {
    kills: usize,
    /// Killed while it ran (rather than after it had finished).
    while_running: usize,
    found_before: usize,
    found_after: usize,
}

fn points(n: usize) -> usize {
    let times: usize = std::env::var("ILN_CRASH_POINTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    n * times.max(1)
}

/// Kills `command` on copies of `base` at `n` points spread over the time a whole run takes,
/// checking each copy with `check` (given the contents before and after a whole run).
fn kill_throughout(
    name: &str,
    base: &Path,
    n: usize,
    skip: &[&str],
    command: impl Fn(&Path) -> Command,
) -> Tally {
    let dir = base.parent().unwrap();
    let before = contents(base, skip);
    let whole = copy_of(base, dir, &format!("{name}-whole.db"));
    let started = Instant::now();
    let status = command(&whole).status().unwrap();
    let took = started.elapsed();
    assert!(status.success(), "{name}: a whole run succeeds");
    let after = contents(&whole, skip);
    assert_ne!(before, after, "{name}: a whole run changes the database");

    let mut tally = Tally::default();
    for i in 0..n {
        let db = copy_of(base, dir, &format!("{name}-{i}.db"));
        let mut child: Child = command(&db).spawn().unwrap();
        // From just after the start to half as long again as a whole run took (other tests
        // may slow this one).
        std::thread::sleep(took.mul_f64((i as f64 + 0.5) / n as f64 * 1.5));
        if child.try_wait().unwrap().is_none() {
            tally.while_running += 1;
        }
        let _ = child.kill();
        child.wait().unwrap();
        tally.kills += 1;
        let found = contents(&db, skip);
        if found == before {
            tally.found_before += 1;
        } else if found == after {
            tally.found_after += 1;
        } else {
            panic!(
                "{name}, killed at point {i} of {n}: the database holds part of a change\n{}",
                first_difference(&found, &before, &after)
            );
        }
    }
    eprintln!("{name}: {tally:?} (a whole run took {took:?})");
    tally
}

fn first_difference(found: &str, before: &str, after: &str) -> String {
    let differs = |other: &str| {
        found
            .lines()
            .zip(other.lines())
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!("found {a:?}\n  not {b:?}"))
            .unwrap_or_else(|| "one is longer".to_string())
    };
    format!(
        "against before: {}\nagainst after: {}",
        differs(before),
        differs(after)
    )
}

/// A demo database ready to match (2027 A closed, capped), written once for every command.
fn ready(dir: &Path, applicants: &str) -> PathBuf {
    let db = dir.join("ready.db");
    run(
        &db,
        &["demo", "--applicants", applicants, "--ready-to-match"],
    );
    settle(&db);
    db
}

fn assert_landed(name: &str, tally: &Tally) {
    // Timing varies with the machine's load; a quarter is far below what a sweep to half as
    // long again as a whole run gives (two thirds), and far above none.
    assert!(
        tally.while_running * 4 >= tally.kills,
        "{name}: kills land while the command runs: {tally:?}"
    );
    assert!(tally.found_before > 0, "{name}: {tally:?}");
}

#[test]
fn killed_anywhere_in_an_import_match_or_publish_the_database_is_whole_and_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let base = ready(dir.path(), "300");
    let csv = dir.path().join("applicants.csv");
    run(
        &base,
        &[
            "export",
            "applicants",
            "--round",
            "2027 A",
            "-o",
            csv.to_str().unwrap(),
        ],
    );
    // An import that makes its round: the round and its applications come together.
    let import = kill_throughout("import", &base, points(30), &[], |db| {
        iln_command(
            db,
            &[
                "import",
                csv.to_str().unwrap(),
                "--round",
                "2028 A",
                "--create-round",
            ],
        )
    });
    assert_landed("import", &import);

    let matched = kill_throughout("match", &base, points(25), &[], |db| {
        iln_command(db, &["match", "--round", "2027 A"])
    });
    assert_landed("match", &matched);

    let drafted = dir.path().join("drafted.db");
    std::fs::copy(&base, &drafted).unwrap();
    run(&drafted, &["match", "--round", "2027 A"]);
    settle(&drafted);
    let published = kill_throughout("publish", &drafted, points(20), &[], |db| {
        iln_command(db, &["publish", "--round", "2027 A"])
    });
    assert_landed("publish", &published);
}

#[test]
fn killed_while_sending_each_message_recorded_as_sent_was_sent() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.db");
    run(&base, &["demo", "--applicants", "60", "--seed", "2"]);
    run(
        &base,
        &[
            "program",
            "--name",
            "The Librarians' Exchange",
            "--email",
            "coordinators@exchange.example.org",
        ],
    );
    settle(&base);
    let server = TestSmtp::start(Vec::new(), None);
    let url = server.url();
    let send = |db: &Path| {
        iln_command(
            db,
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
    };
    // What a whole run records; every other table is as before or as after.
    let whole = copy_of(&base, dir.path(), "whole.db");
    let started = Instant::now();
    assert!(send(&whole).status().unwrap().success());
    let took = started.elapsed();
    let all_sent = sent(&whole);
    assert!(all_sent.len() > 5, "{all_sent:?}");
    let others = |db: &Path| contents(db, &["sent_messages", "audit_log", "change_counts"]);
    let (before, after) = (others(&base), others(&whole));

    let n = points(20);
    let mut partly = 0;
    for i in 0..n {
        let db = copy_of(&base, dir.path(), &format!("send-{i}.db"));
        server.got.lock().unwrap().clear();
        let mut child = send(&db).spawn().unwrap();
        std::thread::sleep(took.mul_f64((i as f64 + 0.5) / n as f64));
        let _ = child.kill();
        child.wait().unwrap();
        let found = others(&db);
        assert!(
            found == before || found == after,
            "point {i}: part of a change"
        );
        let recorded = sent(&db);
        assert!(recorded.is_subset(&all_sent), "point {i}: {recorded:?}");
        let taken: BTreeSet<String> = server
            .ids()
            .iter()
            .map(|id| id.trim_matches(['<', '>']).to_string())
            .collect();
        for (_, id) in &recorded {
            assert!(
                taken.contains(id.trim_matches(['<', '>'])),
                "point {i}: {id} is recorded as sent but the server never took it"
            );
        }
        if !recorded.is_empty() && recorded.len() < all_sent.len() {
            partly += 1;
        }
    }
    eprintln!(
        "send: {n} kills, {partly} with part of the messages sent (a whole run took {took:?})"
    );
    assert!(partly > 0, "some kills land between two messages");
}

/// The messages a database records as sent: (key, message id).
fn sent(db: &Path) -> BTreeSet<(String, String)> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    conn.prepare("SELECT key, message_id FROM sent_messages")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// In the app: the first topic's editor, a word typed, Ctrl-S, and SIGKILL some time after.
fn save_a_topic_then_kill(db: &Path, after: Duration) {
    let mut app = pty::app_on(db, TODAY);
    app.send("4").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    app.send("e").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    app.send("Saved through a kill ").unwrap();
    app.send("\u{13}").unwrap();
    app.flush().unwrap();
    std::thread::sleep(after);
    app.process_mut().signal(Signal::SIGKILL).unwrap();
    let _ = app.process_mut().wait();
}

#[test]
fn killed_while_a_topic_is_saved_the_topic_is_as_it_was_or_as_saved() {
    let dir = tempfile::tempdir().unwrap();
    let base = ready(dir.path(), "30");
    // Drafts are kept as text is typed; the topics themselves change only by the save.
    let skip = ["topic_drafts", "change_counts"];
    let whole = copy_of(&base, dir.path(), "whole.db");
    save_a_topic_then_kill(&whole, Duration::from_millis(1500));
    let (before, after) = (contents(&base, &skip), contents(&whole, &skip));
    assert_ne!(before, after, "a whole save changes the topic");
    assert!(after.contains("Saved through a kill"));
    let n = points(12);
    let (mut as_before, mut as_after) = (0, 0);
    for i in 0..n {
        let db = copy_of(&base, dir.path(), &format!("topic-{i}.db"));
        save_a_topic_then_kill(&db, Duration::from_millis((i * 400 / n) as u64));
        let found = contents(&db, &skip);
        if found == before {
            as_before += 1;
        } else if found == after {
            as_after += 1;
        } else {
            panic!(
                "point {i}: part of a save\n{}",
                first_difference(&found, &before, &after)
            );
        }
    }
    eprintln!("topic save: {n} kills, {as_before} as before, {as_after} as saved");
}
