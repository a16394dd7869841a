//! Mapping files: a coordinator's TOML that names, for each field, the exact header of its
//! column, for exports whose questions the built-in key words do not recognise.
//!
//! ```toml
//! [columns]
//! email = "Your work e-mail"
//! country = "Country you work in"
//!
//! [dates]
//! order = "day-first"   # how to read 04/03/2027; or "month-first"
//!
//! [values.sector]       # the survey's own answers, as iln's terms
//! "Corporate / special library" = "special"
//!
//! [values.wish_sectors]
//! "Other" = ""          # left out (only where an answer may be empty)
//! ```
//!
//! Fields left out are still looked for by their key words.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::ImportError;
use super::fields::Field;
use super::timestamp::DateOrder;
use super::values::{is_any, split_list};
use crate::domain::{CareerStage, Country, Interest, Language, PlaceWish, Sector, StageWish};

/// A parsed mapping file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    /// The file's name, for messages.
    pub(crate) file: String,
    pub(crate) columns: Vec<MappedColumn>,
    pub(crate) date_order: Option<DateOrder>,
    pub(crate) values: Values,
}

/// A survey's own answers mapped to iln's terms, per field (`[values.sector]`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Values(BTreeMap<Field, BTreeMap<String, String>>);

impl Values {
    /// `text` with an answer the mapping names replaced by its term: the whole cell, or in
    /// a field of several terms each term alone.
    pub fn translate<'t>(&self, field: Field, text: &'t str) -> Cow<'t, str> {
        let Some(answers) = self.0.get(&field) else {
            return Cow::Borrowed(text);
        };
        let term = |answer: &str| answers.get(&answer.trim().to_lowercase()).cloned();
        if let Some(whole) = term(text) {
            return Cow::Owned(whole);
        }
        if !field.has_several_terms() {
            return Cow::Borrowed(text);
        }
        // A part not mapped as a whole may be several answers the reader splits again on
        // commas ("english, ilocano"): each of those is mapped too.
        let parts: Vec<String> = split_list(text)
            .flat_map(|part| match term(part) {
                Some(mapped) => vec![mapped],
                None if part.contains(',') => part
                    .split(',')
                    .map(|piece| term(piece).unwrap_or_else(|| piece.trim().to_string()))
                    .collect(),
                None => vec![part.to_string()],
            })
            .filter(|part| !part.is_empty())
            .collect();
        // Semicolons, so that the terms are split again where they were (split_list).
        Cow::Owned(parts.join("; "))
    }
}

/// The answers of one cell that iln cannot read as terms of `field`, after the mapping's
/// `[values]`, read as the row reader reads them: what the import assistant lists for the
/// coordinator to map. A time zone is read in the applicant's `country`.
pub(crate) fn unplaced(
    field: Field,
    text: &str,
    values: &Values,
    country: Option<&Country>,
) -> Vec<String> {
    if !field.takes_values() {
        return Vec::new();
    }
    let text = values.translate(field, text);
    let t = text.trim();
    let wish = matches!(
        field,
        Field::WishSectors | Field::WishStage | Field::WishPlace
    );
    if t.is_empty() || (wish && (is_any(t) || split_list(t).any(is_any))) {
        return Vec::new();
    }
    if field == Field::WishSectors && super::values::relative(t).is_some() {
        return Vec::new();
    }
    // As the row reader reads the field: terms with a bracketed explanation dropped when
    // need be ("Mid career (5-15 years)"), wishes and time zones as they are.
    let fits = |part: &str| match field {
        Field::TimeZone => super::values::time_zone(part, country).is_ok(),
        Field::WishStage | Field::WishPlace => check_term(field, part).is_ok(),
        _ => super::values::term(part, |p| {
            check_term(field, p).map_err(crate::domain::DomainError::Invalid)
        })
        .is_ok(),
    };
    if !field.has_several_terms() {
        return if fits(t) {
            Vec::new()
        } else {
            vec![t.to_string()]
        };
    }
    let mut out = Vec::new();
    for whole in split_list(t) {
        if fits(whole) {
            continue;
        }
        if whole.contains(',') {
            out.extend(
                whole
                    .split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty() && !fits(p))
                    .map(str::to_string),
            );
        } else {
            out.push(whole.to_string());
        }
    }
    out
}

/// Checks that `term` is one iln knows for `field`, as `[values]` maps an answer to it.
pub(crate) fn check_term(field: Field, term: &str) -> Result<(), String> {
    let known = match field {
        Field::Country => Country::parse(term).map(drop),
        Field::Sector | Field::WishSectors => Sector::parse(term).map(drop),
        Field::CareerStage => CareerStage::parse(term).map(drop),
        Field::Interests => Interest::parse(term).map(drop),
        Field::Languages => Language::parse(term).map(drop),
        Field::WishStage => StageWish::parse(term).map(drop),
        Field::WishPlace => PlaceWish::parse(term).map(drop),
        Field::TimeZone => {
            return super::values::time_zone(term, None).map(drop);
        }
        _ => return Err(format!("{} takes no [values]", field.key())),
    };
    known.map_err(|e| e.to_string())
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MappedColumn {
    pub field: Field,
    pub header: String,
    /// The line of the mapping file that names this column.
    pub line: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingToml {
    #[serde(default)]
    columns: BTreeMap<Spanned<String>, Spanned<String>>,
    dates: Option<DatesToml>,
    #[serde(default)]
    values: BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DatesToml {
    order: Spanned<String>,
}

impl Mapping {
    /// Reads and checks the mapping file at `path`.
    pub fn load(path: &Path) -> Result<Mapping, ImportError> {
        let text = std::fs::read_to_string(path).map_err(|source| ImportError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Mapping::parse(&text, &path.display().to_string())
    }

    /// Parses a mapping file's text; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Mapping, ImportError> {
        let error = |line: usize, message: String| ImportError::Mapping {
            file: PathBuf::from(file),
            line,
            message,
        };
        let parsed: MappingToml = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            error(
                line,
                format!(
                    "{}; a mapping file is TOML with a [columns] table of field = \"header\" \
                     lines (see assets/sample-mapping.toml)",
                    e.message().trim_end()
                ),
            )
        })?;
        let mut columns: Vec<MappedColumn> = Vec::new();
        // In file order, so that an error names the later of two clashing lines.
        let mut entries: Vec<_> = parsed.columns.iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        for (key, header) in entries {
            let line = line_of(text, key.span().start);
            let Some(field) = Field::from_key(key.get_ref()) else {
                let keys: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
                return Err(error(
                    line,
                    format!(
                        "unknown field {:?} in [columns]; use one of: {}",
                        key.get_ref(),
                        keys.join(", ")
                    ),
                ));
            };
            let header_text = header.get_ref().trim();
            // An empty header says the file has no column for an optional field, so that
            // key words do not give it one.
            if header_text.is_empty() && field.required() {
                return Err(error(
                    line,
                    format!(
                        "{} is mapped to an empty header, but every application needs {}; give \
                         the column's header text",
                        field.key(),
                        field.describe()
                    ),
                ));
            }
            if let Some(other) = columns
                .iter()
                .find(|c| !header_text.is_empty() && c.header == header_text)
            {
                return Err(error(
                    line,
                    format!(
                        "{} and {} (line {}) both name the column {header_text:?}; each column \
                         holds one field",
                        field.key(),
                        other.field.key(),
                        other.line
                    ),
                ));
            }
            columns.push(MappedColumn {
                field,
                header: header_text.to_string(),
                line,
            });
        }
        let date_order = match parsed.dates {
            None => None,
            Some(dates) => Some(DateOrder::from_code(dates.order.get_ref()).ok_or_else(|| {
                error(
                    line_of(text, dates.order.span().start),
                    format!(
                        "[dates] order {:?} is not known; use \"day-first\" (04/03/2027 is 4 \
                         March) or \"month-first\" (04/03/2027 is 3 April)",
                        dates.order.get_ref()
                    ),
                )
            })?),
        };
        let mut values = Values::default();
        for (key, answers) in &parsed.values {
            let line = line_of(text, key.span().start);
            let Some(field) = Field::from_key(key.get_ref()).filter(|f| f.takes_values()) else {
                let takes: Vec<&str> = Field::ALL
                    .iter()
                    .filter(|f| f.takes_values())
                    .map(|f| f.key())
                    .collect();
                return Err(error(
                    line,
                    format!(
                        "[values.{}]: answers can be mapped for {} only",
                        key.get_ref(),
                        takes.join(", ")
                    ),
                ));
            };
            let map = values.0.entry(field).or_default();
            for (answer, term) in answers {
                let line = line_of(text, answer.span().start);
                let term_text = term.get_ref().trim();
                let mapped = if term_text.is_empty() {
                    if field.required() {
                        Err(format!(
                            "every application needs {}, so an answer cannot be mapped to \
                             nothing",
                            field.describe()
                        ))
                    } else {
                        Ok(())
                    }
                } else {
                    check_term(field, term_text)
                };
                if let Err(why) = mapped {
                    return Err(error(
                        line,
                        format!(
                            "[values.{}] {:?} = {:?}: {why}",
                            field.key(),
                            answer.get_ref(),
                            term.get_ref()
                        ),
                    ));
                }
                map.insert(
                    answer.get_ref().trim().to_lowercase(),
                    term_text.to_string(),
                );
            }
        }
        Ok(Mapping {
            file: file.to_string(),
            columns,
            date_order,
            values,
        })
    }

    /// A mapping that names nothing yet (`file` names it in messages).
    pub fn new(file: &str) -> Mapping {
        Mapping {
            file: file.to_string(),
            columns: Vec::new(),
            date_order: None,
            values: Values::default(),
        }
    }

    /// The column the mapping names for `field`: `Some(None)` when it says the file has
    /// none, `None` when it leaves the field to the key words.
    pub fn column(&self, field: Field) -> Option<Option<&str>> {
        self.columns
            .iter()
            .find(|c| c.field == field)
            .map(|c| Some(c.header.as_str()).filter(|h| !h.is_empty()))
    }

    /// Names the column of `field` (`None`: the file has none, for an optional field). A
    /// field that named the same column before gives it up.
    pub fn set_column(&mut self, field: Field, header: Option<&str>) {
        let header = header.unwrap_or_default().trim().to_string();
        self.columns
            .retain(|c| c.field != field && (header.is_empty() || c.header != header));
        self.columns.push(MappedColumn {
            field,
            header,
            line: 0,
        });
        self.columns.sort_by_key(|c| c.field);
    }

    /// Sets how dates such as 04/03/2027 read (`None`: as the file's other dates show).
    pub fn set_date_order(&mut self, order: Option<DateOrder>) {
        self.date_order = order;
    }

    /// Maps a survey's answer to a term of `field` ("" leaves it out), checked as a
    /// mapping file's line is.
    pub fn set_value(&mut self, field: Field, answer: &str, term: &str) -> Result<(), String> {
        if term.trim().is_empty() {
            if field.required() {
                return Err(format!(
                    "every application needs {}, so an answer cannot be left out",
                    field.describe()
                ));
            }
        } else {
            check_term(field, term)?;
        }
        self.values
            .0
            .entry(field)
            .or_default()
            .insert(answer.trim().to_lowercase(), term.trim().to_string());
        Ok(())
    }

    /// The mapping as a file [`Mapping::parse`] reads back the same.
    pub fn to_toml(&self) -> String {
        let quoted = |text: &str| toml::Value::String(text.to_string()).to_string();
        let mut out = String::from("[columns]\n");
        for c in &self.columns {
            out.push_str(&format!("{} = {}\n", c.field.key(), quoted(&c.header)));
        }
        if let Some(order) = self.date_order {
            out.push_str(&format!("\n[dates]\norder = {}\n", quoted(order.code())));
        }
        for (field, answers) in &self.values.0 {
            out.push_str(&format!("\n[values.{}]\n", field.key()));
            for (answer, term) in answers {
                out.push_str(&format!("{} = {}\n", quoted(answer), quoted(term)));
            }
        }
        out
    }

    /// The date order the file sets, if any.
    pub fn date_order(&self) -> Option<DateOrder> {
        self.date_order
    }

    /// The survey's own answers the file maps to iln's terms.
    pub fn values(&self) -> &Values {
        &self.values
    }
}

/// A mapping file for the columns `fields` found in `source`, as a coordinator would write
/// it: a line per field found, and a commented line, saying why, for each field iln could
/// not settle, to fill in.
pub fn inferred(source: &str, fields: &[super::FoundField]) -> String {
    let quoted = |text: &str| toml::Value::String(text.to_string()).to_string();
    let mut out = format!(
        "# The columns of {source} as iln found them (iln import --write-mapping).\n\
         # Check each line; a line starting with # is a field iln could not settle: give it\n\
         # the header of its column and remove the #, or leave it out.\n\n[columns]\n"
    );
    for found in fields {
        let key = found.field.key();
        match (&found.header, &found.unsettled) {
            (Some(header), _) => out.push_str(&format!("{key} = {}\n", quoted(header))),
            (None, Some(why)) => {
                out.push_str(&format!("# {key} = \"\"   # {}\n", why.replace('\n', " ")))
            }
            (None, None) => {
                out.push_str(&format!("# {key} = \"\"   # optional; no column found\n"))
            }
        }
    }
    out
}

/// The 1-based line holding byte `offset` of `text`.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    1 + text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> (usize, String) {
        match Mapping::parse(text, "m.toml") {
            Err(ImportError::Mapping { line, message, .. }) => (line, message),
            other => panic!("expected a mapping error, got {other:?}"),
        }
    }

    #[test]
    fn reads_columns_and_date_order() {
        let m = Mapping::parse(
            "# comment\n[columns]\nemail = \"Work e-mail\"\ncountry = \" Country \"\n\n[dates]\norder = \"day-first\"\n",
            "m.toml",
        )
        .unwrap();
        assert_eq!(m.columns.len(), 2);
        assert_eq!(m.columns[0].field, Field::Email);
        assert_eq!(m.columns[0].line, 3);
        assert_eq!(m.columns[1].header, "Country");
        assert_eq!(m.date_order(), Some(DateOrder::DayFirst));
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(err("[columns]\nemail = \"a\"\nemial = \"b\"\n").0, 3);
        assert_eq!(err("[columns]\nemail = \"a\"\ncountry = \"a\"\n").0, 3);
        assert_eq!(err("[columns]\n\nemail = a\n").0, 3);
        assert_eq!(err("[dates]\norder = \"sideways\"\n").0, 2);
        assert_eq!(err("[colums]\nemail = \"a\"\n").0, 1);
        assert!(err("[columns]\nemail = \"\"\n").1.contains("empty header"));
    }
}
