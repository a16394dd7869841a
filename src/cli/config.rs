//! `iln config`: where the config file is, and what in it cannot be used.

use iln::tui::features::Mode;

use super::{CliError, ConfigFile};

pub fn run(file: &ConfigFile) -> Result<(), CliError> {
    let Some(path) = &file.path else {
        say!("no config file: there is no home directory to look in; name one with --config PATH");
        return Ok(());
    };
    let found = path.is_file();
    say!(
        "config file: {} ({})",
        path.display(),
        match (found, file.named) {
            (true, _) => "read",
            (false, true) => "not there",
            (false, false) =>
                "not there; iln runs on its defaults, and an example is in the README",
        }
    );
    // Keys that would clash are found only against the app's own keys, as it starts.
    let (_, clashes) = Mode::key_table(&file.config.keys);
    let count = file.config.problems.len() + clashes.len();
    if count == 0 {
        if found {
            say!("no problems");
        }
        return Ok(());
    }
    file.warn();
    for clash in &clashes {
        say_err!("warning: {clash}");
    }
    Err(CliError::ConfigProblems {
        path: path.clone(),
        count,
    })
}
