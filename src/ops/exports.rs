//! Writing a round's records out as files, the same from the command line and the TUI.

use std::path::{Path, PathBuf};

use crate::domain::Round;
use crate::export::topics::{self, RoundExport};
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write into {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Writes each of `round`'s topics with text into `dir` as a post and an e-mail.
pub fn topics(store: &Store, round: &Round, dir: &Path) -> Result<RoundExport, ExportError> {
    let all = store.topics(round.id)?;
    topics::write_round(&all, round.name(), dir).map_err(|source| ExportError::Write {
        path: dir.to_path_buf(),
        source,
    })
}
