//! One record to one application form, collecting every problem of the row rather than
//! stopping at the first.

use std::borrow::Cow;

use chrono::NaiveDateTime;

use super::columns::Columns;
use super::fields::Field;
use super::mapping::Values;
use super::source::RawRecord;
use super::timestamp::{DateOrder, Stamp};
use super::values;
use crate::domain::application::{check_text, validate_email};
use crate::domain::{
    ApplicationForm, CareerStage, Country, Interest, Language, PlaceWish, Sector, StageWish,
};
use crate::text::counted;

/// A problem in a row, at a column index (`None` for the row as a whole).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellProblem {
    pub column: Option<usize>,
    pub message: String,
}

/// How to read dates such as 04/03/2027 in this file, or why that is not known.
pub type DateRule<'a> = Result<DateOrder, &'a str>;

/// Reads one record. `header_len` is the number of header cells.
pub fn read(
    record: &RawRecord,
    header_len: usize,
    columns: &Columns,
    values: &Values,
    dates: DateRule<'_>,
) -> Result<ApplicationForm, Vec<CellProblem>> {
    // A row with more or fewer cells than headers has its cells out of place (an unquoted
    // delimiter or line break): checking them would only report noise.
    if record.cells.len() != header_len {
        return Err(vec![CellProblem {
            column: None,
            message: format!(
                "the row has {} but the header has {header_len}; a cell that holds the \
                 delimiter or a line break must be in double quotes",
                counted(record.cells.len(), "field", "fields")
            ),
        }]);
    }
    let mut row = RowReader {
        record,
        columns,
        values,
        problems: record
            .not_utf8
            .iter()
            .map(|(i, message)| CellProblem {
                column: Some(*i),
                message: message.clone(),
            })
            .collect(),
    };

    let name = row.required(Field::Name, |t| {
        check_text(t, false).map(|()| t.to_string())
    });
    let email = row.required(Field::Email, |t| {
        validate_email(t)
            .map(|()| t.to_string())
            .map_err(|e| e.to_string())
    });
    let country_names: Vec<&str> = Country::all().iter().map(|c| c.name).collect();
    let country = row.required(Field::Country, |t| {
        values::one(t, Country::parse, &country_names)
    });
    let city = row.optional(Field::City, |t| {
        check_text(t, false).map(|()| t.to_string())
    });
    let time_zone = row.optional(Field::TimeZone, |t| values::time_zone(t, country));
    let sector = row.required(Field::Sector, |t| {
        values::one(t, Sector::parse, &names(Sector::ALL, Sector::name))
    });
    let role = row.optional(Field::Role, |t| {
        check_text(t, false).map(|()| t.to_string())
    });
    let career_stage = row.required(Field::CareerStage, |t| {
        values::one(
            t,
            CareerStage::parse,
            &names(CareerStage::ALL, CareerStage::name),
        )
    });
    let interests = row.optional(Field::Interests, |t| values::terms(t, Interest::parse, &[]));
    let languages = row.required(Field::Languages, |t| {
        values::terms(t, Language::parse, Language::names())
    });
    let wish_sectors = row.optional(Field::WishSectors, |t| {
        if values::split_list(t).any(values::is_any) {
            return Ok(Vec::new());
        }
        let terms = values::terms(t, Sector::parse, &names(Sector::ALL, Sector::name));
        match (terms, values::relative(t), sector) {
            (Ok(terms), _, _) => Ok(terms),
            (Err(_), Some(values::Relative::Same), Some(own)) => Ok(vec![own]),
            (Err(_), Some(values::Relative::Different), Some(own)) => {
                Ok(Sector::ALL.iter().copied().filter(|&s| s != own).collect())
            }
            // Without the applicant's own sector the row is refused on that column already.
            (Err(_), Some(_), None) => Ok(Vec::new()),
            (Err(e), None, _) => Err(e),
        }
    });
    let wish_stage = row.optional(Field::WishStage, |t| {
        if values::is_any(t) {
            return Ok(StageWish::Any);
        }
        StageWish::parse(t).map_err(|e| e.to_string())
    });
    let wish_place = row.optional(Field::WishPlace, |t| {
        if values::is_any(t) {
            return Ok(PlaceWish::Any);
        }
        PlaceWish::parse(t).map_err(|e| e.to_string())
    });
    let consent = row.required(Field::Consent, values::consent);
    let submitted_at = row.required(Field::Submitted, |t| -> Result<NaiveDateTime, String> {
        Stamp::read(t)?.resolve(t, dates)
    });
    let priority = row.optional(Field::Priority, values::yes_no);
    let notes = row.optional(Field::Notes, |t| {
        check_text(t, true).map(|()| t.to_string())
    });

    if !row.problems.is_empty() {
        row.problems.sort_by_key(|p| p.column);
        return Err(row.problems);
    }
    // A required value can still be absent here when its whole column is missing: that
    // was reported once for the header, so the row is refused without a problem of its own.
    let missing = Vec::new;
    Ok(ApplicationForm {
        name: name.ok_or_else(missing)?,
        email: email.ok_or_else(missing)?,
        country: country.ok_or_else(missing)?.code,
        city: city.unwrap_or_default(),
        time_zone: time_zone.flatten().ok_or_else(missing)?,
        sector: sector.ok_or_else(missing)?,
        role: role.unwrap_or_default(),
        career_stage: career_stage.ok_or_else(missing)?,
        interests: interests.unwrap_or_default(),
        languages: languages.ok_or_else(missing)?,
        wish_sectors: wish_sectors.unwrap_or_default(),
        wish_stage: wish_stage.unwrap_or_default(),
        wish_place: wish_place.unwrap_or_default(),
        consent: consent.is_some(),
        submitted_at: submitted_at.ok_or_else(missing)?,
        priority: priority.unwrap_or_default(),
        notes: notes.unwrap_or_default(),
    })
}

fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|&t| name(t)).collect()
}

struct RowReader<'a> {
    record: &'a RawRecord,
    columns: &'a Columns,
    values: &'a Values,
    problems: Vec<CellProblem>,
}

impl<'a> RowReader<'a> {
    /// The trimmed cell of `field`, with the answers a mapping file maps put as iln's terms,
    /// unless the field has no column or the cell could not be decoded (already reported).
    fn cell(&self, field: Field) -> Option<(usize, Cow<'a, str>)> {
        let i = self.columns.get(field)?;
        if self.record.not_utf8.iter().any(|(bad, _)| *bad == i) {
            return None;
        }
        let text = self.record.cells.get(i).map_or("", |c| c.trim());
        Some((i, self.values.translate(field, text)))
    }

    /// A field every application needs: an empty cell is a problem. A missing column was
    /// reported once for the file, so it is not repeated on each row.
    fn required<T>(
        &mut self,
        field: Field,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let (i, text) = self.cell(field)?;
        let text = text.as_ref();
        // Consent, submission time and e-mail have their own words for an empty cell.
        if text.is_empty() && !matches!(field, Field::Consent | Field::Submitted | Field::Email) {
            self.problems.push(CellProblem {
                column: Some(i),
                message: format!("is empty; every application needs {}", field.describe()),
            });
            return None;
        }
        self.check(i, parse(text))
    }

    fn optional<T>(
        &mut self,
        field: Field,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        match self.cell(field) {
            Some((i, text)) => self.check(i, parse(&text)),
            None => parse("").ok(),
        }
    }

    fn check<T>(&mut self, column: usize, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(message) => {
                self.problems.push(CellProblem {
                    column: Some(column),
                    message,
                });
                None
            }
        }
    }
}
