//! The real binary in a pseudo-terminal: a signal to stop (SIGTERM, SIGHUP, SIGINT,
//! SIGQUIT) puts the terminal back (the alternate screen left, the cursor shown) and keeps
//! the text being written in the topic editor, as `q` would.

#![cfg(unix)]

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use iln::store::Store;
use rexpect::process::Signal;
use rexpect::session::spawn_command;

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
        // A terminal of a usable size, as a window would give.
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!(
                "stty cols 100 rows 30; exec '{}' --db '{}'",
                env!("CARGO_BIN_EXE_iln"),
                db.display()
            ))
            .env("ILN_TODAY", TODAY)
            .env("TERM", "xterm-256color")
            .env_remove("ILN_DB")
            .env_remove("ILN_CONFIG")
            .env("XDG_CONFIG_HOME", dir.path());
        let mut app = spawn_command(command, Some(20_000)).unwrap();
        app.exp_string("Topics").unwrap();
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

        let store = Store::open(&db).unwrap();
        let round = store.round_by_name("2027 A").unwrap();
        let kept: Vec<String> = store
            .topics(round.id)
            .unwrap()
            .iter()
            .filter_map(|t| store.unsaved(t.id).unwrap())
            .map(|d| d.text.body)
            .collect();
        assert!(
            kept.iter().any(|b| b.contains("Kept through a signal")),
            "{signal:?}: the draft is kept: {kept:?}"
        );
    }
}
