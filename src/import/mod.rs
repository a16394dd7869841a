//! Importing a round's applications from a survey tool's CSV export.
//!
//! A file is read whole, every problem in it is collected, and only then is anything
//! written: by default one bad row imports nothing; with `skip_invalid` the good rows are
//! imported and the bad ones are written to `<stem>.rejects.csv` in the exports folder
//! beside the database (beside the input when there is none). Either way the import is one
//! store call: one transaction, one audit row, and stopped halfway it leaves nothing.
//! Re-importing a file updates the applications it already brought in (same e-mail).
//!
//! Columns are found by key words in the headers (see [`fields`]) or named in a mapping
//! file (see [`mapping`]); submission times are read as documented in [`timestamp`].

pub mod fields;
pub mod mapping;
pub mod timestamp;

mod columns;
mod rejects;
mod row;
mod shape;
mod source;
mod values;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::domain::{ApplicationForm, Round, RoundId, RoundPlan};
use crate::progress::{Progress, Stage};
use crate::store::{ImportOutcome, Store, StoreError};
use crate::text::counted;

pub use fields::Field;
pub use mapping::Mapping;
pub use timestamp::DateOrder;
pub use values::suggest;

/// What the caller decides about an import.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// A TOML file naming the column of each field, for headers the key words miss.
    pub mapping: Option<PathBuf>,
    /// Import the good rows and write the bad ones to a rejects file, instead of
    /// importing nothing when a row is bad.
    pub skip_invalid: bool,
    /// The folder the rejects file goes into: the database's exports folder
    /// ([`crate::files::exports_dir`]); beside the input when there is no database file.
    pub exports: Option<PathBuf>,
}

/// One thing wrong with the input, where it is and how to put it right.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// The physical line (1-based) where the record starts; the header is line 1.
    pub line: usize,
    /// The header text of the column as it is in the file (a field key when the column is
    /// missing); empty when the problem is with the whole row or file.
    pub column: String,
    pub message: String,
}

impl Problem {
    /// `line 5: column "Email": …`, for a rejects file that sits next to the input.
    pub fn to_string_without_file(&self) -> String {
        match self.column.as_str() {
            "" => format!("line {}: {}", self.line, self.message),
            column => format!("line {}: column \"{column}\": {}", self.line, self.message),
        }
    }
}

/// `file:line: column "X": message`, or `file:line: message` for a problem with a whole row
/// or file.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column.as_str() {
            "" => write!(f, "{}:{}: {}", self.file, self.line, self.message),
            column => write!(
                f,
                "{}:{}: column \"{column}\": {}",
                self.file, self.line, self.message
            ),
        }
    }
}

/// What an import did.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportReport {
    pub outcome: ImportOutcome,
    /// Rows left out because they had problems (with `skip_invalid` only).
    pub skipped: usize,
    /// Where the skipped rows were written, when there were any.
    pub rejects_file: Option<PathBuf>,
    /// The problems of the skipped rows.
    pub problems: Vec<Problem>,
    /// Applications submitted before the round opened or after it closed: imported, and
    /// worth a look (a form left open, or the wrong round).
    pub outside_window: Vec<(String, NaiveDateTime)>,
    /// The round imported into, as it was then.
    pub round: Round,
}

impl ImportReport {
    /// A warning about the applications submitted outside the round's application window,
    /// naming the first few, if there are any.
    pub fn window_warning(&self) -> Option<String> {
        window_warning(&self.round, &self.outside_window, "was", "were")
    }
}

/// The applications among `forms` submitted before `round` opened or after it closed, by
/// name and time.
pub fn outside_window<'f>(
    round: &Round,
    forms: impl IntoIterator<Item = &'f ApplicationForm>,
) -> Vec<(String, NaiveDateTime)> {
    let window = round.plan.opens_on..=round.plan.closes_on;
    forms
        .into_iter()
        .filter(|f| !window.contains(&f.submitted_at.date()))
        .map(|f| (f.name.clone(), f.submitted_at))
        .collect()
}

/// A warning about applications submitted outside the round's window, naming the first
/// few; `was`/`were` say whether they are imported or would be.
pub fn window_warning(
    round: &Round,
    outside: &[(String, NaiveDateTime)],
    was: &str,
    were: &str,
) -> Option<String> {
    let n = outside.len();
    if n == 0 {
        return None;
    }
    let named: Vec<String> = outside
        .iter()
        .take(3)
        .map(|(name, at)| format!("{name} ({})", at.date()))
        .collect();
    let more = match n - named.len() {
        0 => String::new(),
        rest => format!(" and {rest} more"),
    };
    Some(format!(
        "{} submitted outside {}'s application window ({} to {}): {}{more}",
        counted(
            n,
            &format!("application {was}"),
            &format!("applications {were}")
        ),
        round.name(),
        round.plan.opens_on,
        round.plan.closes_on,
        named.join(", ")
    ))
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}", invalid_message(problems))]
    Invalid { problems: Vec<Problem> },
    #[error(
        "{}: {source}; check that the path is right and that the file (and its folder) can be read and written",
        path.display()
    )]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}: the file is {} MB; iln reads survey exports of up to {} MB (about a million \
         answers); check that it is the survey export, or split it and import each part",
        path.display(),
        size / 1_000_000,
        MAX_INPUT / 1_000_000
    )]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{}:{line}: {message}", file.display())]
    Mapping {
        file: PathBuf,
        line: usize,
        message: String,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The largest file iln reads: far beyond any survey export, small enough that reading it
/// (a few times its size in memory) never threatens the machine.
pub const MAX_INPUT: u64 = 256_000_000;

/// The bytes of the file at `path`, read so that memory stays bounded: a file that is not
/// text is known from its first block (and only that block is returned, for the reader to
/// refuse), and a file larger than [`MAX_INPUT`] is refused before it is read.
pub fn read_input(path: &Path) -> Result<Vec<u8>, ImportError> {
    use std::io::Read;
    let io = |source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    let mut bytes = Vec::new();
    let mut reader = file.take(MAX_INPUT + 1);
    (&mut reader)
        .take(source::HEAD as u64)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if !source::is_spreadsheet(&bytes) && source::not_text(&bytes).is_some() {
        return Ok(bytes);
    }
    if size > MAX_INPUT {
        return Err(ImportError::TooLarge {
            path: path.to_path_buf(),
            size,
        });
    }
    reader.read_to_end(&mut bytes).map_err(io)?;
    // A file that grew past the limit while it was read (or a pipe, whose size is unknown).
    if bytes.len() as u64 > MAX_INPUT {
        return Err(ImportError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// How many problems a message lists; the rest are counted.
pub const LISTED: usize = 100;

/// The problems as lines to show, at most [`LISTED`], then how many more there are.
pub fn listed_problems(problems: &[Problem], line: impl Fn(&Problem) -> String) -> Vec<String> {
    let mut lines: Vec<String> = problems.iter().take(LISTED).map(line).collect();
    if problems.len() > LISTED {
        let n = problems.len() - LISTED;
        lines.push(format!(
            "… and {n} more {}, not listed; importing the valid rows only (--skip-invalid) \
             writes every rejected row with its problems to a rejects file",
            crate::text::agree(n, "problem", "problems")
        ));
    }
    lines
}

fn invalid_message(problems: &[Problem]) -> String {
    let count = counted(problems.len(), "problem", "problems");
    let lines = listed_problems(problems, Problem::to_string);
    format!("{count}, nothing imported:\n{}", lines.join("\n"))
}

/// A row that passed every check.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedRow {
    pub line: usize,
    pub form: ApplicationForm,
}

/// A row with problems, with its cells as they were in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RejectedRow {
    pub line: usize,
    pub cells: Vec<String>,
    pub problems: Vec<Problem>,
}

/// The result of reading a file without touching a database.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    /// The header cells, trimmed.
    pub headers: Vec<String>,
    /// The rows that passed every check, with the line each starts on.
    pub rows: Vec<ParsedRow>,
    /// The rows with problems.
    pub rejects: Vec<RejectedRow>,
    /// Every problem, in file order: those of the file as a whole first (line 1).
    pub problems: Vec<Problem>,
    /// Whether a problem concerns the whole file (encoding, header, mapping), so that not
    /// even the good rows can be imported.
    pub file_unreadable: bool,
    /// Where each field was found, in [`Field::ALL`] order.
    pub fields: Vec<FoundField>,
    /// A few of each column's answers (the first distinct ones), by header position.
    pub samples: Vec<Vec<String>>,
    /// The answers iln cannot read as terms, once each, by field and then most frequent.
    pub unplaced: Vec<Unplaced>,
    format: source::Format,
}

/// An answer iln cannot read as a term of a field, and how often the file gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unplaced {
    pub field: Field,
    pub answer: String,
    pub count: usize,
    /// The line of its first row.
    pub line: usize,
}

/// How many answers of a column [`Parsed::samples`] keeps, and how long each may be.
const SAMPLES: usize = 3;
const SAMPLE_CHARS: usize = 40;

/// A field and the header of its column, or why it has none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundField {
    pub field: Field,
    pub header: Option<String>,
    /// What kept the column from being settled (none found, or several alike).
    pub unsettled: Option<String>,
}

impl Parsed {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Parses without touching a database (used by [`import_file`] and tests): the good rows
/// with their line, and all problems.
pub fn parse_bytes(bytes: &[u8], file_name: &str, mapping: Option<&Mapping>) -> Parsed {
    parse_watched(bytes, file_name, mapping, &Progress::default())
}

/// [`parse_bytes`], saying in `progress` how far it has got; when asked there to stop, it
/// ends early with what it has (the caller, which asked, knows to drop it).
pub fn parse_watched(
    bytes: &[u8],
    file_name: &str,
    mapping: Option<&Mapping>,
    progress: &Progress,
) -> Parsed {
    let problem = |line: usize, column: &str, message: String| Problem {
        file: file_name.to_string(),
        line,
        column: column.to_string(),
        message,
    };
    let (format, header, records) = match source::read(bytes, progress) {
        source::Content::Records {
            format,
            header,
            records,
        } => (format, header, records),
        source::Content::Unreadable { line, message } => {
            return Parsed {
                problems: vec![problem(line, "", message)],
                file_unreadable: true,
                ..Parsed::default()
            };
        }
    };
    if progress.is_stopped() {
        return Parsed::default();
    }
    let shape::Shaped {
        header,
        matched_by,
        records,
    } = shape::shape(header, records);
    let headers = unique(header.cells.iter().map(|h| h.trim().to_string()).collect());
    let mut parsed = Parsed {
        headers: headers.clone(),
        format,
        ..Parsed::default()
    };
    for (i, message) in &header.not_utf8 {
        parsed
            .problems
            .push(problem(1, &headers[*i], message.clone()));
    }
    let (columns, header_problems) = columns::resolve(&headers, &matched_by, mapping);
    parsed.fields = Field::ALL
        .iter()
        .map(|&field| FoundField {
            field,
            header: columns.get(field).map(|i| headers[i].clone()),
            unsettled: header_problems
                .iter()
                .find(|p| p.field == field)
                .map(|p| p.message.clone()),
        })
        .collect();
    for p in header_problems {
        parsed.problems.push(problem(1, &p.column, p.message));
    }
    // Google Sheets pads an export with rows of empty cells; they are not applications.
    let records: Vec<source::RawRecord> = records.into_iter().filter(|r| !r.is_blank()).collect();
    if records.is_empty() {
        parsed.problems.push(problem(
            1,
            "",
            "the file has a header but no applications below it; export the survey \
             responses, not just the questions"
                .to_string(),
        ));
    }
    parsed.file_unreadable = !parsed.problems.is_empty();

    parsed.samples = (0..headers.len())
        .map(|i| samples_of(&records, i))
        .collect();
    parsed.unplaced = unplaced_answers(&records, &columns, mapping);

    let order = date_rule(&records, &columns, mapping);
    let order = order.as_ref().map(|o| *o).map_err(String::as_str);
    let no_values = mapping::Values::default();
    let values = mapping.map_or(&no_values, Mapping::values);
    progress.begin(Stage::Checking, records.len());
    let mut results: Vec<Result<ApplicationForm, Vec<row::CellProblem>>> = records
        .iter()
        .enumerate()
        .take_while(|(i, _)| {
            if i % 256 == 0 {
                progress.set(*i);
            }
            !progress.is_stopped()
        })
        .map(|(_, r)| row::read(r, headers.len(), &columns, values, order))
        .collect();
    if progress.is_stopped() {
        return parsed;
    }
    mark_duplicate_emails(&records, headers.len(), &columns, &mut results);

    for (record, result) in records.into_iter().zip(results) {
        match result {
            Ok(form) => parsed.rows.push(ParsedRow {
                line: record.line,
                form,
            }),
            Err(mut cell_problems) => {
                cell_problems.sort_by_key(|p| p.column);
                let problems: Vec<Problem> = cell_problems
                    .into_iter()
                    .map(|p| {
                        let column = p.column.and_then(|i| headers.get(i)).map_or("", |h| h);
                        problem(record.line, column, p.message)
                    })
                    .collect();
                parsed.problems.extend(problems.iter().cloned());
                parsed.rejects.push(RejectedRow {
                    line: record.line,
                    cells: record.cells,
                    problems,
                });
            }
        }
    }
    parsed
}

/// The headers with a repeated one numbered ("Notes", "Notes (2)"), so that a mapping that
/// names a header names one column.
fn unique(headers: Vec<String>) -> Vec<String> {
    // Names taken so far (compared without case), and the number each repeated header
    // was last given: a file of thousands of like headers is numbered in one pass.
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut last: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<String> = Vec::with_capacity(headers.len());
    for header in headers {
        let key = header.to_ascii_lowercase();
        let mut name = header.clone();
        if !header.is_empty() && taken.contains(&key) {
            let n = last.entry(key).or_insert(1);
            loop {
                *n += 1;
                name = format!("{header} ({n})");
                if !taken.contains(&name.to_ascii_lowercase()) {
                    break;
                }
            }
        }
        taken.insert(name.to_ascii_lowercase());
        out.push(name);
    }
    out
}

/// The first few distinct answers of column `i`, shortened.
fn samples_of(records: &[source::RawRecord], i: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for cell in records.iter().filter_map(|r| r.cells.get(i)) {
        let cell = cell.trim();
        if cell.is_empty() || out.iter().any(|o| o == cell) {
            continue;
        }
        out.push(cell.to_string());
        if out.len() == SAMPLES {
            break;
        }
    }
    out.iter()
        .map(|sample| crate::text::shortened(sample, SAMPLE_CHARS))
        .collect()
}

/// Every answer the file gives that iln cannot read as a term, once, with its count.
fn unplaced_answers(
    records: &[source::RawRecord],
    columns: &columns::Columns,
    mapping: Option<&Mapping>,
) -> Vec<Unplaced> {
    let no_values = mapping::Values::default();
    let values = mapping.map_or(&no_values, Mapping::values);
    let mut out: Vec<Unplaced> = Vec::new();
    for field in Field::ALL {
        let Some(col) = columns.get(field) else {
            continue;
        };
        let start = out.len();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for r in records {
            let Some(cell) = r.cells.get(col) else {
                continue;
            };
            // Only a time zone is read in the applicant's country.
            let country = columns
                .get(Field::Country)
                .filter(|_| field == Field::TimeZone)
                .and_then(|c| r.cells.get(c))
                .and_then(|c| crate::domain::Country::find(&values.translate(Field::Country, c)));
            for answer in mapping::unplaced(field, cell, values, country) {
                match seen.get(&answer.to_lowercase()) {
                    Some(&at) => out[at].count += 1,
                    None => {
                        seen.insert(answer.to_lowercase(), out.len());
                        out.push(Unplaced {
                            field,
                            answer,
                            count: 1,
                            line: r.line,
                        });
                    }
                }
            }
        }
        out[start..].sort_by(|a, b| b.count.cmp(&a.count).then(a.line.cmp(&b.line)));
    }
    out
}

/// How dates like 04/03/2027 read in this file: as the mapping says, else as the file's
/// unambiguous dates show; `Err` says why it is not known.
fn date_rule(
    records: &[source::RawRecord],
    columns: &columns::Columns,
    mapping: Option<&Mapping>,
) -> Result<DateOrder, String> {
    if let Some(order) = mapping.and_then(Mapping::date_order) {
        return Ok(order);
    }
    let Some(col) = columns.get(Field::Submitted) else {
        return Err("the file has no submission times".to_string());
    };
    let mut day_first = None;
    let mut month_first = None;
    for r in records {
        let Some(cell) = r.cells.get(col) else {
            continue;
        };
        match timestamp::Stamp::read(cell).ok().and_then(|s| s.evidence()) {
            Some(DateOrder::DayFirst) => day_first = day_first.or(Some((r.line, cell.trim()))),
            Some(DateOrder::MonthFirst) => {
                month_first = month_first.or(Some((r.line, cell.trim())))
            }
            None => {}
        }
    }
    match (day_first, month_first) {
        (Some(_), None) => Ok(DateOrder::DayFirst),
        (None, Some(_)) => Ok(DateOrder::MonthFirst),
        (None, None) => Err("no date in this file settles which".to_string()),
        (Some((dl, d)), Some((ml, m))) => Err(format!(
            "this file has dates both day first (line {dl}: {d}) and month first (line {ml}: {m})"
        )),
    }
}

/// Marks every row whose e-mail (ignoring case) is on another row too: which of them is
/// the right one is for the coordinator to say, so none of them is imported.
fn mark_duplicate_emails(
    records: &[source::RawRecord],
    header_len: usize,
    columns: &columns::Columns,
    results: &mut [Result<ApplicationForm, Vec<row::CellProblem>>],
) {
    let Some(col) = columns.get(Field::Email) else {
        return;
    };
    let mut lines_by_email: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        // A row with its cells out of place has no reliable e-mail cell; it is refused anyway.
        if r.cells.len() != header_len {
            continue;
        }
        let email = r.cells.get(col).map_or("", |c| c.trim()).to_lowercase();
        if !email.is_empty() {
            lines_by_email.entry(email).or_default().push(i);
        }
    }
    for indices in lines_by_email.values().filter(|v| v.len() > 1) {
        for &i in indices {
            let others: Vec<String> = indices
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| records[j].line.to_string())
                .collect();
            let lines = match others.as_slice() {
                [one] => format!("line {one}"),
                [rest @ .., last] => format!("lines {} and {last}", rest.join(", ")),
                [] => continue,
            };
            let email = records[i].cells.get(col).map_or("", |c| c.trim());
            let problem = row::CellProblem {
                column: Some(col),
                message: format!(
                    "{email:?} is also on {lines}; a person applies once per round, so \
                     delete all but the right row"
                ),
            };
            match &mut results[i] {
                Err(problems) => problems.push(problem),
                ok => *ok = Err(vec![problem]),
            }
        }
    }
}

/// Reads `path` and saves its applications to round `round_id`, as [`ImportOptions`] say.
pub fn import_file(
    store: &mut Store,
    round_id: RoundId,
    path: &Path,
    opts: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    // A wrong round is reported before the file, which may take a while to fix.
    store.round(round_id)?;
    let checked = check_file(path, opts)?;
    save_checked(store, round_id, checked, &Progress::default())
}

/// `form` with one field given anew as text, checked as an import checks it: the same words
/// are understood, and the same mistakes refused (the message says what is wrong and how
/// to write it). A date such as 04/03/2027 is refused as unclear; write 2027-03-04.
pub fn revise(form: &ApplicationForm, field: Field, text: &str) -> Result<ApplicationForm, String> {
    // A time zone that was the country's own moves with a corrected country.
    let zone_follows_country = field == Field::Country
        && form.time_zone == crate::domain::TimeZone::Zone(form.country().zone);
    let cells = Field::ALL
        .iter()
        .map(|&f| {
            if f == field {
                text.to_string()
            } else if f == Field::TimeZone && zone_follows_country {
                String::new()
            } else {
                f.text_of(form)
            }
        })
        .collect();
    let record = source::RawRecord {
        line: 1,
        cells,
        not_utf8: Vec::new(),
    };
    let dates = Err("a date such as 04/03/2027 could be either; write it as 2027-03-04");
    row::read(
        &record,
        Field::ALL.len(),
        &columns::Columns::each_field(),
        &mapping::Values::default(),
        dates,
    )
    .map_err(|problems| {
        problems
            .into_iter()
            .map(|p| p.message)
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// Reads `path` (with the mapping `opts` names) without writing anything anywhere.
pub fn read_file(path: &Path, opts: &ImportOptions) -> Result<Parsed, ImportError> {
    let mapping = opts.mapping.as_deref().map(Mapping::load).transpose()?;
    read_file_with(path, mapping.as_ref())
}

/// Reads `path` with a mapping already in hand (the import assistant's).
pub fn read_file_with(path: &Path, mapping: Option<&Mapping>) -> Result<Parsed, ImportError> {
    let bytes = read_input(path)?;
    Ok(parse_bytes(&bytes, &path.display().to_string(), mapping))
}

/// A file that passed [`check_file`]: what [`save_checked`] will save.
#[derive(Debug)]
pub struct CheckedFile {
    source: String,
    forms: Vec<ApplicationForm>,
    rejects_file: Option<PathBuf>,
    skipped: usize,
    problems: Vec<Problem>,
}

/// Reads and validates `path` without touching a database, so that a caller can check a
/// file before creating the round it goes into. With `skip_invalid`, the rejects file is
/// written here.
pub fn check_file(path: &Path, opts: &ImportOptions) -> Result<CheckedFile, ImportError> {
    let mapping = opts.mapping.as_deref().map(Mapping::load).transpose()?;
    check_file_with(
        path,
        mapping.as_ref(),
        opts.skip_invalid,
        opts.exports.as_deref(),
        &Progress::default(),
    )
}

/// [`check_file`] with a mapping already in hand.
pub fn check_file_with(
    path: &Path,
    mapping: Option<&Mapping>,
    skip_invalid: bool,
    exports: Option<&Path>,
    progress: &Progress,
) -> Result<CheckedFile, ImportError> {
    let bytes = read_input(path)?;
    check_bytes(path, &bytes, mapping, skip_invalid, exports, progress)
}

/// [`check_file_with`] on the file's bytes as already read (those the import assistant
/// showed): what is imported is what was shown, even if the file changed since.
pub fn check_bytes(
    path: &Path,
    bytes: &[u8],
    mapping: Option<&Mapping>,
    skip_invalid: bool,
    exports: Option<&Path>,
    progress: &Progress,
) -> Result<CheckedFile, ImportError> {
    let file_name = path.display().to_string();
    let parsed = parse_watched(bytes, &file_name, mapping, progress);
    if progress.is_stopped() {
        return Err(StoreError::Stopped.into());
    }
    if parsed.file_unreadable || (!parsed.is_clean() && !skip_invalid) {
        return Err(ImportError::Invalid {
            problems: parsed.problems,
        });
    }
    let rejects_file = if parsed.rejects.is_empty() {
        None
    } else {
        // Written before the database changes, so that a failure to write it leaves the
        // round as it was.
        let out = rejects::path_for(path, exports)?;
        rejects::write(&out, parsed.format, &parsed.headers, &parsed.rejects)?;
        Some(out)
    };
    let source = path
        .file_name()
        .map_or_else(|| file_name.clone(), |n| n.to_string_lossy().into_owned());
    Ok(CheckedFile {
        source,
        forms: parsed.rows.into_iter().map(|r| r.form).collect(),
        rejects_file,
        skipped: parsed.rejects.len(),
        problems: parsed.problems,
    })
}

impl CheckedFile {
    /// The error of a save that failed: its rejects file goes too, as nothing of the file
    /// was imported and the rows it lists would mislead.
    fn unsaved(self, e: StoreError) -> ImportError {
        if let Some(path) = &self.rejects_file {
            let _ = std::fs::remove_file(path);
        }
        e.into()
    }

    /// The days of the first and last submission, if the file has any applications.
    pub fn submitted_range(&self) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
        let days = self.forms.iter().map(|f| f.submitted_at.date());
        Some((days.clone().min()?, days.max()?))
    }
}

/// Saves a checked file's applications to round `round_id`, in one transaction, saying in
/// `progress` how far it has got; stopped there, it saves nothing.
pub fn save_checked(
    store: &mut Store,
    round_id: RoundId,
    checked: CheckedFile,
    progress: &Progress,
) -> Result<ImportReport, ImportError> {
    let round = store.round(round_id)?;
    let outcome = if checked.forms.is_empty() {
        Ok(ImportOutcome::default())
    } else {
        store.import_applications(round_id, &checked.forms, &checked.source, progress)
    };
    match outcome {
        Ok(outcome) => Ok(report(round, outcome, checked)),
        Err(e) => Err(checked.unsaved(e)),
    }
}

/// As [`save_checked`], into a round made for the file in the same transaction: an import
/// refused or stopped halfway leaves no empty round.
pub fn save_checked_in_new_round(
    store: &mut Store,
    plan: &RoundPlan,
    checked: CheckedFile,
    progress: &Progress,
) -> Result<ImportReport, ImportError> {
    match store.create_round_with_applications(plan, &checked.forms, &checked.source, progress) {
        Ok((round, outcome)) => Ok(report(round, outcome, checked)),
        Err(e) => Err(checked.unsaved(e)),
    }
}

fn report(round: Round, outcome: ImportOutcome, checked: CheckedFile) -> ImportReport {
    let outside_window = outside_window(&round, &checked.forms);
    ImportReport {
        outcome,
        skipped: checked.skipped,
        rejects_file: checked.rejects_file,
        problems: checked.problems,
        outside_window,
        round,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_headers_are_numbered_without_case_and_never_clash() {
        let headers = ["Notes", "notes", "Notes (2)", "Notes", "", ""];
        assert_eq!(
            unique(headers.iter().map(|h| h.to_string()).collect()),
            ["Notes", "notes (2)", "Notes (2) (2)", "Notes (3)", "", ""]
        );
        // Thousands of like headers, as a broken export can hold, in one pass.
        let many = unique(vec!["Q".to_string(); 20_000]);
        assert_eq!(many[19_999], "Q (20000)");
    }
}
