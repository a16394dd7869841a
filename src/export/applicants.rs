//! A round's applications as a CSV file the importer reads back as they were: one column
//! per field of the form, headed by the field's key in a mapping file, with codes for terms
//! and a cell a spreadsheet would run as a formula marked as text.

use std::io::Write;

use crate::domain::ApplicationForm;
use crate::import::fields::Field;

use crate::spreadsheet;

/// Writes `forms` as CSV to `out`: a header of field keys, then one row per form.
pub fn write(forms: &[ApplicationForm], out: impl Write) -> csv::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(Field::ALL.iter().map(|f| f.key()))?;
    for form in forms {
        csv.write_record(
            Field::ALL
                .iter()
                .map(|&f| spreadsheet::escape(&f.text_of(form)).into_owned()),
        )?;
    }
    csv.flush()?;
    Ok(())
}
