//! Cells a spreadsheet opens safely. A cell that starts with `=`, `+`, `-` or `@` (or a tab
//! or carriage return) is run as a formula by Excel, LibreOffice and Google Sheets, so an
//! applicant's answer could otherwise act in the coordinator's spreadsheet. Such a cell is
//! written with a leading `'`, which spreadsheets read as "text"; iln's importer takes the
//! mark off again, so that a file iln wrote imports back as it was.

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` as a cell no spreadsheet runs. Text that starts with `'` is marked too, since a
/// spreadsheet would take its own apostrophe off, and the importer too.
pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) || text.starts_with('\'') {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// A cell as [`escape`] wrote it, back as it was typed.
pub fn unescape(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) || rest.starts_with('\'') => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_marked_as_text_and_read_back() {
        for formula in [
            "=HYPERLINK(\"http://x\")",
            "+61 2 5550 1234",
            "-05:00",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            let cell = escape(formula);
            assert!(cell.starts_with('\''), "{cell}");
            assert_eq!(unescape(&cell), formula);
        }
        for plain in ["Ana López", "UTC+10:00", "", "a=b"] {
            assert_eq!(escape(plain), plain);
            assert_eq!(unescape(plain), plain);
        }
        // An apostrophe of the text's own survives both a spreadsheet and the importer.
        for quoted in ["'quoted", "'=x", "''"] {
            assert_eq!(escape(quoted), format!("'{quoted}"));
            assert_eq!(unescape(&escape(quoted)), quoted);
        }
        // A survey's own apostrophe before a letter is left alone.
        assert_eq!(unescape("'tis"), "'tis");
    }
}
