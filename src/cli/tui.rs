//! `iln` alone: the full-screen app.

use iln::config::Config;

use super::{CliError, Db};

pub fn run(db: &Db, config: Config) -> Result<(), CliError> {
    let store = db.create_or_open()?;
    Ok(iln::tui::run(store, config)?)
}
