//! Mappings the import assistant settled, kept by the headers of the file they were made
//! for: a survey exported again has the same headers, and is read the same way.

use rusqlite::{OptionalExtension, params};

use super::{Changes, Result, Store};

/// A mapping kept for a file's headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedMapping {
    /// The file it was made for.
    pub file: String,
    /// The mapping file's text (TOML).
    pub mapping: String,
    pub saved_at: String,
}

/// The headers as one key; the unit separator cannot be typed into a header.
fn key(headers: &[String]) -> String {
    headers
        .iter()
        .map(|h| h.trim())
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

impl Store {
    /// Keeps `mapping` (a mapping file's text) for files with these headers, over any kept
    /// before. Not audited: it is kept as it is made, choice by choice, so that closing the
    /// assistant loses none of them; what it imports is audited with the import.
    pub fn save_import_mapping(
        &mut self,
        headers: &[String],
        file: &str,
        mapping: &str,
    ) -> Result<()> {
        self.unaudited(Changes::NONE, |tx| {
            tx.execute(
                "INSERT INTO import_mappings (headers, file, mapping) VALUES (?1, ?2, ?3)
                 ON CONFLICT (headers) DO UPDATE SET file = ?2, mapping = ?3,
                     saved_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
                params![key(headers), file, mapping],
            )?;
            Ok(())
        })
    }

    /// The mapping kept for files with these headers, if any.
    pub fn import_mapping_for(&self, headers: &[String]) -> Result<Option<SavedMapping>> {
        Ok(self
            .conn
            .query_row(
                "SELECT file, mapping, saved_at FROM import_mappings WHERE headers = ?1",
                [key(headers)],
                |r| {
                    Ok(SavedMapping {
                        file: r.get(0)?,
                        mapping: r.get(1)?,
                        saved_at: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }
}
