//! An import to run: which file, into which round, and with which mapping.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::domain::{RoundId, RoundPlan};
use crate::import::Mapping;

/// An import: which file, into which round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportJob {
    pub into: ImportInto,
    pub path: PathBuf,
    pub skip_invalid: bool,
    /// The mapping settled in the import assistant; the key words alone without one.
    pub mapping: Option<Mapping>,
    /// The file as the assistant read and showed it: imported as shown, even if the file
    /// changed on disk since. Read at the import without one.
    pub shown: Option<Arc<Vec<u8>>>,
}

/// The round an import goes into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportInto {
    Round {
        id: RoundId,
        name: String,
    },
    /// A round created for the import once the file is found good, so that a file that
    /// imports nothing leaves no empty round behind.
    NewRound(RoundPlan),
}

impl ImportInto {
    pub fn round_name(&self) -> &str {
        match self {
            ImportInto::Round { name, .. } => name,
            ImportInto::NewRound(plan) => &plan.name,
        }
    }
}

impl ImportJob {
    pub fn file(&self) -> String {
        file_name(&self.path)
    }

    pub fn round_name(&self) -> &str {
        self.into.round_name()
    }
}

/// A file's name without its folder, for messages.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
