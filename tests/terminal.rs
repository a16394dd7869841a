//! The real binary in a pseudo-terminal: a signal to stop (SIGTERM, SIGHUP, SIGINT,
//! SIGQUIT) puts the terminal back (the alternate screen left, the cursor shown) and keeps
//! the text being written in the topic editor, as `q` would; Ctrl-Z under a shell suspends
//! it with the terminal put back and the text kept, and `fg` brings it back redrawn.

#![cfg(unix)]

mod pty;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use iln::store::Store;
use rexpect::process::Signal;
use rexpect::session::spawn_bash;

const TODAY: &str = "2026-11-20";

fn demo(db: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_iln"))
        .arg("--db")
        .arg(db)
        .args(["demo", "--applicants", "30", "--ready-to-match"])
        .env("ILN_TODAY", TODAY)
        .env_remove("ILN_DB")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_signal_puts_the_terminal_back_and_keeps_the_draft() {
    for signal in [
        Signal::SIGTERM,
        Signal::SIGHUP,
        Signal::SIGINT,
        Signal::SIGQUIT,
    ] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("iln.db");
        demo(&db);
        let mut app = pty::app_on(&db, TODAY);
        // Write in the first topic's editor, and stop before the editor keeps the text by
        // itself (it does every few seconds).
        app.send("4").unwrap();
        std::thread::sleep(Duration::from_millis(300));
        app.send("e").unwrap();
        std::thread::sleep(Duration::from_millis(300));
        app.send("Kept through a signal").unwrap();
        app.flush().unwrap();
        std::thread::sleep(Duration::from_millis(400));
        app.process_mut().signal(signal).unwrap();
        let rest = app.exp_eof().unwrap();
        assert!(
            rest.contains("\u{1b}[?1049l"),
            "{signal:?}: the alternate screen is left: {rest:?}"
        );
        assert!(
            rest.contains("\u{1b}[?25h"),
            "{signal:?}: the cursor is shown again"
        );

        let kept = kept_drafts(&db);
        assert!(
            kept.iter().any(|b| b.contains("Kept through a signal")),
            "{signal:?}: the draft is kept: {kept:?}"
        );
    }
}

/// A change that must wait for another iln's write says so on the screen while it waits
/// (the screen is held meanwhile), and lands once the other write is done.
#[test]
fn a_change_waiting_for_another_write_says_so_and_then_lands() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    demo(&db);
    let deferred_before = deferred(&db);
    let mut app = pty::app_on(&db, TODAY);
    app.send("2").unwrap();
    app.flush().unwrap();
    app.exp_string("Submitted").unwrap();
    // Another iln in the middle of a long write.
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    app.send("d").unwrap();
    app.flush().unwrap();
    app.exp_string("for another write: another iln, or an import here")
        .unwrap();
    std::thread::sleep(Duration::from_millis(1_200));
    other.execute_batch("COMMIT").unwrap();
    // (The frame after the wait draws all of the screen, skipping blank cells.)
    app.exp_string("Deferred").unwrap();
    app.send("q").unwrap();
    app.flush().unwrap();
    app.exp_eof().unwrap();
    assert_eq!(
        deferred(&db),
        deferred_before + 1,
        "the change waited, then made"
    );
}

/// How many applications of the demo's round to match are deferred.
fn deferred(db: &Path) -> usize {
    let store = Store::open(db).unwrap();
    let round = store.round_by_name("2027 A").unwrap();
    store
        .application_rows(round.id)
        .unwrap()
        .iter()
        .filter(|r| r.status == iln::domain::ApplicationStatus::Deferred)
        .count()
}

/// The bodies of the topic texts kept unsaved in the demo's round to match.
fn kept_drafts(db: &Path) -> Vec<String> {
    let store = Store::open(db).unwrap();
    let round = store.round_by_name("2027 A").unwrap();
    store
        .topics(round.id)
        .unwrap()
        .iter()
        .filter_map(|t| store.unsaved(t.id).unwrap())
        .map(|d| d.text.body)
        .collect()
}

#[test]
fn ctrl_z_suspends_with_the_terminal_back_and_fg_redraws() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    demo(&db);
    let mut shell = app_in_a_shell(dir.path(), &db);
    shell.send("4").unwrap();
    std::thread::sleep(Duration::from_millis(500));

    shell.send_control('z').unwrap();
    let before_prompt = shell.wait_for_prompt().unwrap();
    assert!(
        before_prompt.contains("\u{1b}[?1049l"),
        "the alternate screen is left: {before_prompt:?}"
    );
    assert!(
        before_prompt.contains("Stopped"),
        "the shell has the job stopped: {before_prompt:?}"
    );
    // The shell's terminal is out of raw mode: lines and signal keys again (echo is off
    // in this test's terminal from the start).
    shell.send_line("stty -a").unwrap();
    let modes = shell.wait_for_prompt().unwrap();
    assert!(
        modes.split_whitespace().any(|m| m == "icanon")
            && modes.split_whitespace().any(|m| m == "isig"),
        "{modes}"
    );

    // fg: the alternate screen again, the whole screen drawn, keys read one by one again
    // (the editor opens on one key and keeps what is typed without a line break).
    shell.send_line("fg").unwrap();
    shell.exp_string("\u{1b}[?1049h").unwrap();
    shell.exp_string("Overview").unwrap();
    shell.send("e").unwrap();
    shell.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    shell.send("Typed after a pause").unwrap();
    shell.flush().unwrap();
    std::thread::sleep(Duration::from_millis(1_500));
    assert!(
        kept_drafts(&db)
            .iter()
            .any(|b| b.contains("Typed after a pause")),
        "typing goes on after fg"
    );
    // A signal ends it as ever (the db path names this run's process only).
    let pid = app_running_on(&db).expect("the app is running");
    let killed = Command::new("sh")
        .arg("-c")
        .arg(format!("kill -TERM {pid}"))
        .status()
        .unwrap();
    assert!(killed.success());
    shell.wait_for_prompt().unwrap();
}

/// The app started from an interactive shell, as in a terminal window (where Ctrl-Z stops
/// only the job).
fn app_in_a_shell(dir: &Path, db: &Path) -> rexpect::session::PtyReplSession {
    let mut shell = spawn_bash(Some(20_000))
        .unwrap()
        .quit_command(Some("exit".into()));
    shell.send_line("stty cols 100 rows 30").unwrap();
    shell.wait_for_prompt().unwrap();
    shell
        .execute(
            &format!(
                "env -u ILN_DB -u ILN_CONFIG ILN_TODAY={TODAY} TERM=xterm-256color \
                 XDG_CONFIG_HOME='{}' '{}' --db '{}'",
                dir.display(),
                env!("CARGO_BIN_EXE_iln"),
                db.display()
            ),
            "Topics",
        )
        .unwrap();
    shell
}

/// The process id of the app running on `db` (its path names this test's process only).
fn app_running_on(db: &Path) -> Option<String> {
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| {
            std::fs::read(e.path().join("cmdline"))
                .is_ok_and(|c| String::from_utf8_lossy(&c).contains(&*db.to_string_lossy()))
        })
        .map(|e| e.file_name().to_string_lossy().into_owned())
}

/// A terminal that goes away (its shell killed) ends the app, running or suspended; it
/// once went on reading the end of the file for ever at full speed, deaf to signals.
#[test]
fn the_app_ends_when_its_terminal_goes() {
    for suspended in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("iln.db");
        demo(&db);
        let mut shell = app_in_a_shell(dir.path(), &db);
        if suspended {
            std::thread::sleep(Duration::from_millis(300));
            shell.send_control('z').unwrap();
            shell.wait_for_prompt().unwrap();
        }
        std::thread::sleep(Duration::from_millis(1_000));
        // The window closed: its shell gone and the terminal with it.
        shell.process_mut().kill(Signal::SIGKILL).unwrap();
        drop(shell.quit_command(None));
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while app_running_on(&db).is_some() {
            assert!(
                std::time::Instant::now() < deadline,
                "suspended {suspended}: the app still runs with no terminal"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}
