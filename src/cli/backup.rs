//! `iln backup TO`: a copy of the database, safe to take while iln is running.

use std::path::PathBuf;

use super::{CliError, Db};

#[derive(clap::Args)]
pub struct Args {
    /// Where to write the copy
    to: PathBuf,
}

pub fn run(db: &Db, args: Args) -> Result<(), CliError> {
    let store = db.open_as_is()?;
    store.backup_to(&args.to)?;
    say!("copied {} to {}", db.path.display(), args.to.display());
    Ok(())
}
