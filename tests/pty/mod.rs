//! The real binary in a pseudo-terminal, for the tests that signal, kill or wait on it.

use std::path::Path;
use std::process::Command;

use rexpect::session::{PtySession, spawn_command};

/// The app on `db` in a terminal of a usable size, as a window would give, on the day
/// `today` and with no config but the folder's own, once it shows its panes.
pub fn app_on(db: &Path, today: &str) -> PtySession {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!(
            "stty cols 100 rows 30; exec '{}' --db '{}'",
            env!("CARGO_BIN_EXE_iln"),
            db.display()
        ))
        .env("ILN_TODAY", today)
        .env("TERM", "xterm-256color")
        .env_remove("ILN_DB")
        .env_remove("ILN_CONFIG")
        .env("XDG_CONFIG_HOME", db.parent().unwrap());
    let mut app = spawn_command(command, Some(20_000)).unwrap();
    app.exp_string("Topics").unwrap();
    app
}
