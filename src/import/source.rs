//! From the bytes of a file to a header and records, each record with the physical line it
//! starts on: encoding checks (UTF-8, with or without BOM), the delimiter sniffed from the
//! header line, quoted cells spanning lines, CRLF or LF line ends; or, for a spreadsheet
//! (`.xlsx`, `.xls`, `.ods`), the rows of its first sheet, dates as dates.

use crate::progress::{Progress, Stage};
use crate::spreadsheet;
use csv::{ByteRecord, ReaderBuilder};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How the file is written, so that a rejects file can be written the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Format {
    pub delimiter: u8,
    pub bom: bool,
}

impl Default for Format {
    fn default() -> Self {
        Format {
            delimiter: b',',
            bom: false,
        }
    }
}

/// One record: its first line, and its cells decoded (lossily where they are not UTF-8,
/// with the positions of those cells in `not_utf8`).
#[derive(Clone, Debug)]
pub struct RawRecord {
    pub line: usize,
    pub cells: Vec<String>,
    pub not_utf8: Vec<(usize, String)>,
}

impl RawRecord {
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// What a file holds, or why it holds nothing readable.
pub enum Content {
    Records {
        format: Format,
        header: RawRecord,
        records: Vec<RawRecord>,
    },
    /// A problem with the file as a whole, at a line (1 unless the reader says otherwise).
    Unreadable { line: usize, message: String },
}

/// How far into a file NUL bytes mark it as binary, and how many an answer may hold by
/// mistake before they do.
const BINARY_PROBE: usize = 8192;
const STRAY_NULS: usize = 3;

/// How many bytes of a file [`not_text`] looks at: what a reader of a huge file reads
/// before anything else.
pub const HEAD: usize = BINARY_PROBE;

/// Whether the bytes start as a spreadsheet file does (read as rows of its first sheet).
pub fn is_spreadsheet(bytes: &[u8]) -> bool {
    SPREADSHEET_MAGIC.iter().any(|m| bytes.starts_with(m))
}

/// Why a file whose first bytes are `head` is not a text file to read as rows, with the line
/// it shows at: UTF-16, NUL bytes (a binary file), or bytes that are not UTF-8. Only the
/// first [`HEAD`] bytes count, so that a huge file of the wrong kind is refused at once; a
/// stray NUL or two in an answer, or a bad byte further down, is that row's problem.
pub fn not_text(head: &[u8]) -> Option<(usize, String)> {
    let head = &head[..head.len().min(HEAD)];
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Some((
            1,
            "the file is UTF-16 text; save it as \"CSV UTF-8\" from your spreadsheet".into(),
        ));
    }
    if head.iter().filter(|&&b| b == 0).count() > STRAY_NULS {
        return Some((
            1,
            "the file holds binary data, not text (NUL bytes near its start); export the \
             survey responses as CSV (UTF-8) or .xlsx"
                .into(),
        ));
    }
    let body = head.strip_prefix(UTF8_BOM).unwrap_or(head);
    match std::str::from_utf8(body) {
        // A character cut by the end of the block is not an error.
        Err(e) if e.error_len().is_some() => {
            let at = e.valid_up_to();
            let line = 1 + body[..at].iter().filter(|&&b| b == b'\n').count();
            let line_start = body[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            Some((
                line,
                format!(
                    "the file is not UTF-8 text (byte 0x{:02X} after {:?}); save it as \
                     \"CSV UTF-8\" from your spreadsheet, or export it again as .xlsx",
                    body[at],
                    String::from_utf8_lossy(&body[at.saturating_sub(20).max(line_start)..at])
                ),
            ))
        }
        _ => None,
    }
}

/// The first bytes of a zip archive (`.xlsx`, `.ods`) and of an old Office file (`.xls`).
const SPREADSHEET_MAGIC: [&[u8]; 2] = [b"PK\x03\x04", b"\xD0\xCF\x11\xE0"];

/// The records of a CSV file or of a spreadsheet's first sheet. Reading a CSV file says in
/// `progress` how far it has got, and ends early when asked there to stop.
pub fn read(bytes: &[u8], progress: &Progress) -> Content {
    if is_spreadsheet(bytes) {
        return spreadsheet_rows(bytes);
    }
    if let Some((line, message)) = not_text(bytes) {
        return Content::Unreadable { line, message };
    }
    let bom = bytes.starts_with(UTF8_BOM);
    let body = if bom { &bytes[UTF8_BOM.len()..] } else { bytes };
    if body.iter().all(u8::is_ascii_whitespace) {
        return unreadable(
            "the file is empty; export the survey responses as CSV, with the questions as \
             the header row",
        );
    }
    let format = Format {
        delimiter: sniff_delimiter(body),
        bom,
    };
    let lines = LineStarts::new(body);
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(format.delimiter)
        .from_reader(body);
    let mut rows = Vec::new();
    let mut record = ByteRecord::new();
    progress.begin(Stage::Reading, body.len());
    loop {
        if rows.len() % 1024 == 0 {
            if progress.is_stopped() {
                break;
            }
            progress.set(reader.position().byte() as usize);
        }
        match reader.read_byte_record(&mut record) {
            Ok(true) => {
                // The csv crate's own line number is that of the end of the previous
                // record (it lags behind CRLF and blank lines), so the line is worked out
                // from where the record's first byte is.
                let offset = record.position().map_or(0, |p| p.byte() as usize);
                rows.push(decode(&record, lines.line_of_record(body, offset)));
            }
            Ok(false) => break,
            // Reading from memory with flexible records and bytes cannot fail; if it ever
            // does, say where rather than lose rows silently.
            Err(e) => {
                return Content::Unreadable {
                    line: e.position().map_or(1, |p| p.line() as usize),
                    message: format!("the file cannot be read as CSV ({e})"),
                };
            }
        }
    }
    let mut rows = rows.into_iter();
    match rows.next() {
        Some(header) => Content::Records {
            format,
            header,
            records: rows.collect(),
        },
        None => unreadable("the file is empty"),
    }
}

fn unreadable(message: &str) -> Content {
    Content::Unreadable {
        line: 1,
        message: message.to_string(),
    }
}

fn decode(record: &ByteRecord, line: usize) -> RawRecord {
    let mut cells = Vec::with_capacity(record.len());
    let mut not_utf8 = Vec::new();
    for (i, field) in record.iter().enumerate() {
        match std::str::from_utf8(field) {
            // Line breaks inside a cell are kept as LF whatever the file's line ends are.
            // A cell iln escaped for spreadsheets comes back as it was typed.
            Ok(text) if text.contains('\r') => {
                cells.push(spreadsheet::unescape(text).replace("\r\n", "\n"))
            }
            Ok(text) => cells.push(spreadsheet::unescape(text).to_string()),
            Err(e) => {
                let byte = field[e.valid_up_to()];
                not_utf8.push((
                    i,
                    format!(
                        "is not UTF-8 text (byte 0x{byte:02X} after {:?}); save the file as \
                         \"CSV UTF-8\" from your spreadsheet",
                        String::from_utf8_lossy(&field[..e.valid_up_to()])
                    ),
                ));
                cells.push(String::from_utf8_lossy(field).into_owned());
            }
        }
    }
    RawRecord {
        line,
        cells,
        not_utf8,
    }
}

/// The delimiter that occurs most often outside quotes in the header record: comma,
/// semicolon (what spreadsheets write where the decimal mark is a comma) or tab.
fn sniff_delimiter(body: &[u8]) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for &b in body {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                if let Some(c) = counts.iter_mut().find(|(d, _)| *d == b) {
                    c.1 += 1;
                }
            }
            _ => {}
        }
    }
    // Ties go to the comma, the first in the list.
    counts
        .iter()
        .fold((b',', 0), |best, &c| if c.1 > best.1 { c } else { best })
        .0
}

/// Where each physical line starts. A line ends at LF, at CRLF, or at a lone CR (old Mac
/// files), the same ends the CSV reader accepts.
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn new(body: &[u8]) -> LineStarts {
        let mut starts = vec![0];
        for (i, &b) in body.iter().enumerate() {
            let ends_line = b == b'\n' || (b == b'\r' && body.get(i + 1) != Some(&b'\n'));
            if ends_line {
                starts.push(i + 1);
            }
        }
        LineStarts(starts)
    }

    /// The line of a record the reader reports at `offset`: the reader's offset may point
    /// at the line end before the record and at blank lines, which are skipped here.
    fn line_of_record(&self, body: &[u8], offset: usize) -> usize {
        let first = body
            .iter()
            .skip(offset)
            .position(|&b| b != b'\r' && b != b'\n')
            .map_or(body.len(), |p| offset + p);
        self.0.partition_point(|&start| start <= first)
    }
}

/// The rows of a spreadsheet's first sheet, each row on the line of its number, so that a
/// problem names the row a spreadsheet shows. A date cell reads as `YYYY-MM-DD HH:MM:SS`.
fn spreadsheet_rows(bytes: &[u8]) -> Content {
    use calamine::{Data, DataType, Reader};
    let cursor = std::io::Cursor::new(bytes);
    let mut book = match calamine::open_workbook_auto_from_rs(cursor) {
        Ok(book) => book,
        Err(e) => {
            return unreadable(&format!(
                "the file looks like a spreadsheet but cannot be read as one ({e}); save it \
                 again as .xlsx, or as \"CSV UTF-8\""
            ));
        }
    };
    let range = match book.worksheet_range_at(0) {
        Some(Ok(range)) => range,
        Some(Err(e)) => return unreadable(&format!("its first sheet cannot be read ({e})")),
        None => return unreadable("the spreadsheet has no sheets"),
    };
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let text = |cell: &Data| match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::DateTime(_) => cell
            .as_datetime()
            .map(|d| d.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default(),
        other => other.to_string(),
    };
    let mut rows = range.rows().enumerate().map(|(i, row)| RawRecord {
        line: first_row + i + 1,
        cells: row
            .iter()
            .map(|c| spreadsheet::unescape(&text(c)).to_string())
            .collect(),
        not_utf8: Vec::new(),
    });
    match rows.next() {
        Some(header) => Content::Records {
            format: Format::default(),
            header,
            records: rows.collect(),
        },
        None => unreadable("the spreadsheet's first sheet is empty"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(bytes: &[u8]) -> Vec<usize> {
        match read(bytes, &Progress::default()) {
            Content::Records {
                header, records, ..
            } => std::iter::once(header.line)
                .chain(records.iter().map(|r| r.line))
                .collect(),
            Content::Unreadable { message, .. } => panic!("{message}"),
        }
    }

    #[test]
    fn lines_count_multi_line_cells_blank_lines_and_crlf() {
        let lf = b"h1,h2\na,\"multi\nline\n\"\n\n\nb,c\nd\n";
        assert_eq!(lines(lf), [1, 2, 7, 8]);
        let crlf = b"h1,h2\r\n\r\na,\"multi\r\nline\r\n\"\r\n\r\n\r\nb,c\r\nd";
        assert_eq!(lines(crlf), [1, 3, 8, 9]);
        let cr = b"h1,h2\ra,b\rc,d";
        assert_eq!(lines(cr), [1, 2, 3]);
    }

    #[test]
    fn sniffs_the_delimiter_outside_quotes() {
        assert_eq!(sniff_delimiter(b"a;b;\"c,d,e\"\n1,2,3"), b';');
        assert_eq!(sniff_delimiter(b"a,b\n;;;;"), b',');
        assert_eq!(sniff_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter(b"single"), b',');
    }

    #[test]
    fn bom_is_dropped_and_remembered() {
        match read(b"\xEF\xBB\xBFh1;h2\n1;2\n", &Progress::default()) {
            Content::Records { format, header, .. } => {
                assert_eq!(header.cells, ["h1", "h2"]);
                assert_eq!(
                    format,
                    Format {
                        delimiter: b';',
                        bom: true
                    }
                );
            }
            Content::Unreadable { message, .. } => panic!("{message}"),
        }
    }

    #[test]
    fn bytes_not_utf8_refuse_the_file_near_its_start_and_name_the_cell_further_down() {
        match read(b"h1,h2\nok,fine\nok,Jos\xE9\n", &Progress::default()) {
            Content::Unreadable { line, message } => {
                assert_eq!(line, 3);
                assert!(message.contains("byte 0xE9 after \"ok,Jos\""), "{message}");
            }
            Content::Records { .. } => panic!("read as text"),
        }
        let mut far = b"h1,h2\n".to_vec();
        while far.len() < HEAD {
            far.extend_from_slice(b"ok,fine\n");
        }
        far.extend_from_slice(b"ok,Jos\xE9\n");
        match read(&far, &Progress::default()) {
            Content::Records { records, .. } => {
                let last = records.last().unwrap();
                assert_eq!(last.not_utf8.len(), 1);
                assert_eq!(last.not_utf8[0].0, 1);
                assert!(last.not_utf8[0].1.contains("0xE9"));
            }
            Content::Unreadable { message, .. } => panic!("{message}"),
        }
    }
}
