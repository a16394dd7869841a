//! Writing a round's records out as files, the same from the command line and the TUI.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use crate::domain::Round;
use crate::export::applicants as applicants_csv;
use crate::export::topics::{self, RoundExport};
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write {}: {source}", path.display())]
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

/// Writes `round`'s applications to `path` as a CSV file that imports back as it was;
/// returns how many it wrote. Invitations are not applications yet, and are left out.
pub fn applicants(store: &Store, round: &Round, path: &Path) -> Result<usize, ExportError> {
    let forms: Vec<_> = store
        .applications(round.id)?
        .into_iter()
        .filter(|a| a.status != crate::domain::ApplicationStatus::Invited)
        .map(|a| a.form)
        .collect();
    let failed = |source: std::io::Error| ExportError::Write {
        path: path.to_path_buf(),
        source,
    };
    let file = File::create(path).map_err(failed)?;
    applicants_csv::write(&forms, BufWriter::new(file)).map_err(|e| failed(e.into()))?;
    Ok(forms.len())
}
