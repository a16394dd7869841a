//! The rejects file written into the database's exports folder when bad rows are skipped:
//! the rows as they were, plus a `problems` column, in the input's delimiter and encoding so that the fixed
//! rows can be imported again.

use std::path::{Path, PathBuf};

use super::source::Format;
use super::{ImportError, RejectedRow};

/// `survey.csv` → `survey.rejects.csv`, in `exports` (made, private, if it is not there),
/// or beside the input when there is no exports folder.
pub fn path_for(input: &Path, exports: Option<&Path>) -> Result<PathBuf, ImportError> {
    let stem = input
        .file_stem()
        .map_or_else(|| "import".into(), |s| s.to_string_lossy().into_owned());
    let name = format!("{stem}.rejects.csv");
    match exports {
        Some(dir) => {
            crate::files::create_private_dir(dir).map_err(|source| ImportError::Io {
                path: dir.to_path_buf(),
                source,
            })?;
            Ok(dir.join(name))
        }
        None => Ok(input.with_file_name(name)),
    }
}

pub fn write(
    path: &Path,
    format: Format,
    headers: &[String],
    rows: &[RejectedRow],
) -> Result<(), ImportError> {
    let io = |source: std::io::Error| ImportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut out = Vec::new();
    if format.bom {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(format.delimiter)
            .flexible(true)
            .from_writer(&mut out);
        let csv_err = |e: csv::Error| io(std::io::Error::other(e));
        let mut header: Vec<&str> = headers.iter().map(String::as_str).collect();
        header.push("problems");
        writer.write_record(&header).map_err(csv_err)?;
        for row in rows {
            let mut cells: Vec<&str> = row.cells.iter().map(String::as_str).collect();
            // A short row is padded so that its problems land in the problems column.
            if cells.len() < headers.len() {
                cells.resize(headers.len(), "");
            }
            let problems: Vec<String> = row
                .problems
                .iter()
                .map(|p| p.to_string_without_file())
                .collect();
            let problems = problems.join("\n");
            cells.push(&problems);
            writer.write_record(&cells).map_err(csv_err)?;
        }
        writer.flush().map_err(io)?;
    }
    crate::files::write_private(path, &out).map_err(io)
}
