//! `iln` alone: the full-screen app.

use iln::store::Store;

use super::{CliError, Db};

pub fn run(db: &Db) -> Result<(), CliError> {
    let store = Store::open(&db.path)?;
    Ok(iln::tui::run(store)?)
}
