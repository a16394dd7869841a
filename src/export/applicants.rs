//! A round's applications as a CSV file the importer reads back as they were: one column
//! per field of the form, headed by the field's key in a mapping file, with codes for terms
//! and a cell a spreadsheet would run as a formula marked as text.

use std::io::Write;

use crate::domain::vocab::codes;
use crate::domain::{ApplicationForm, PlaceWish};
use crate::import::fields::Field;

use crate::spreadsheet;

/// The value of one field of a form, as the importer reads it.
fn cell(form: &ApplicationForm, field: Field) -> String {
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
    match field {
        Field::Submitted => form.submitted_at.format("%Y-%m-%d %H:%M:%S").to_string(),
        Field::Name => form.name.clone(),
        Field::Email => form.email.clone(),
        Field::Country => form.country.to_string(),
        Field::City => form.city.clone(),
        Field::TimeZone => form.utc_offset.to_string(),
        Field::Sector => form.sector.code().to_string(),
        Field::Role => form.role.clone(),
        Field::CareerStage => form.career_stage.code().to_string(),
        Field::Interests => codes(&form.interests, |i| i.code()),
        Field::Languages => codes(&form.languages, |l| l.code()),
        Field::WishSectors => codes(&form.wish_sectors, |s| s.code()),
        Field::WishStage => form.wish_stage.code().to_string(),
        // As a survey answers it: the importer reads a region by its name, a country by
        // its code.
        Field::WishPlace => match form.wish_place {
            PlaceWish::Any => "any".to_string(),
            PlaceWish::Region(r) => r.name().to_string(),
            PlaceWish::Country(c) => c.to_string(),
        },
        Field::Consent => yes_no(form.consent),
        Field::Priority => yes_no(form.priority),
        Field::Notes => form.notes.clone(),
    }
}

/// Writes `forms` as CSV to `out`: a header of field keys, then one row per form.
pub fn write(forms: &[ApplicationForm], out: impl Write) -> csv::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(Field::ALL.iter().map(|f| f.key()))?;
    for form in forms {
        csv.write_record(
            Field::ALL
                .iter()
                .map(|&f| spreadsheet::escape(&cell(form, f)).into_owned()),
        )?;
    }
    csv.flush()?;
    Ok(())
}
