//! Which column holds which field: first the columns a mapping file names, then, for the
//! fields left, the header that matches the field's key words best.

use std::collections::BTreeMap;

use super::fields::{Field, HeaderWords};
use super::mapping::Mapping;

/// The column index of each field found.
#[derive(Clone, Debug, Default)]
pub struct Columns(BTreeMap<Field, usize>);

impl Columns {
    pub fn get(&self, field: Field) -> Option<usize> {
        self.0.get(&field).copied()
    }

    /// Every field in its own column, in [`Field::ALL`] order.
    pub fn each_field() -> Columns {
        Columns(
            Field::ALL
                .iter()
                .enumerate()
                .map(|(i, &f)| (f, i))
                .collect(),
        )
    }
}

/// A problem with the header, at the column it names (a header text or a field key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderProblem {
    pub field: Field,
    pub column: String,
    pub message: String,
}

/// Finds the columns; problems are missing required columns, columns a mapping names that
/// are not in the file, and fields two headers match equally well. `matched_by` is the text
/// each column's field is found by (its header, or nothing for a survey tool's own column).
pub fn resolve(
    headers: &[String],
    matched_by: &[String],
    mapping: Option<&Mapping>,
) -> (Columns, Vec<HeaderProblem>) {
    let mut found = BTreeMap::new();
    let mut problems = Vec::new();
    let mut claimed = vec![false; headers.len()];

    for mapped in mapping.map(|m| m.columns.as_slice()).unwrap_or_default() {
        // No column for this (optional) field: the key words leave it alone too.
        if mapped.header.is_empty() {
            continue;
        }
        let exact = headers.iter().position(|h| h.trim() == mapped.header);
        // A difference in case only is forgiven: spreadsheets retype headers.
        let loose = || {
            headers
                .iter()
                .position(|h| h.trim().to_lowercase() == mapped.header.to_lowercase())
        };
        match exact.or_else(loose) {
            Some(i) => {
                claimed[i] = true;
                found.insert(mapped.field, i);
            }
            None => problems.push(HeaderProblem {
                field: mapped.field,
                column: mapped.header.clone(),
                message: format!(
                    "is not a header of this file, but {}:{} names it for {}; copy the header \
                     text exactly from the file's first line{}",
                    mapping.map_or("", |m| m.file.as_str()),
                    mapped.line,
                    mapped.field.key(),
                    closest(headers, &mapped.header)
                        .map(|h| format!(" (did you mean {h:?}?)"))
                        .unwrap_or_default()
                ),
            }),
        }
    }
    let mapped_fields: Vec<Field> = mapping
        .map(|m| m.columns.iter().map(|c| c.field).collect())
        .unwrap_or_default();

    // Each unclaimed header goes to the field it names best; each field then takes the
    // best of the headers that went to it.
    let mut candidates: BTreeMap<Field, Vec<(u32, usize)>> = BTreeMap::new();
    for (i, header) in matched_by.iter().enumerate() {
        if claimed[i] || header.is_empty() {
            continue;
        }
        let words = HeaderWords::of(header);
        let best = Field::ALL
            .into_iter()
            .filter(|f| !mapped_fields.contains(f))
            .filter_map(|f| f.score(&words).map(|s| (s, f)))
            .max_by_key(|&(s, f)| (s, std::cmp::Reverse(f)));
        if let Some((score, field)) = best {
            candidates.entry(field).or_default().push((score, i));
        }
    }
    let mut ambiguous = Vec::new();
    for (field, mut options) in candidates {
        options.sort_by_key(|&(score, i)| (std::cmp::Reverse(score), i));
        let (top, first) = options[0];
        let tied: Vec<usize> = options
            .iter()
            .filter(|&&(s, _)| s == top)
            .map(|&(_, i)| i)
            .collect();
        if tied.len() > 1 {
            ambiguous.push(field);
            let names: Vec<String> = tied.iter().map(|&i| headers[i].clone()).collect();
            problems.push(HeaderProblem {
                field,
                column: headers[first].clone(),
                message: format!(
                    "{} could each be {}; name the right one in a mapping file, e.g. \
                     [columns] {} = {:?}",
                    quoted_list(&names),
                    field.describe(),
                    field.key(),
                    headers[first]
                ),
            });
            continue;
        }
        found.insert(field, first);
    }

    for field in Field::ALL {
        let accounted = found.contains_key(&field)
            || mapped_fields.contains(&field)
            || ambiguous.contains(&field);
        if field.required() && !accounted {
            let mapping_hint = match mapping {
                Some(m) => format!("add {} = \"<header>\" to {}", field.key(), m.file),
                None => format!(
                    "rename the header, or name it in a mapping file: [columns] {} = \"<header>\"",
                    field.key()
                ),
            };
            problems.push(HeaderProblem {
                field,
                column: field.key().to_string(),
                message: format!(
                    "no column holds {} (looked for {}); {mapping_hint}",
                    field.describe(),
                    field.alias_hint()
                ),
            });
        }
    }
    (Columns(found), problems)
}

/// The header sharing the most words with `wanted`, if any shares one.
fn closest<'a>(headers: &'a [String], wanted: &str) -> Option<&'a str> {
    let words = |s: &str| -> Vec<String> {
        s.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 2)
            .map(str::to_string)
            .collect()
    };
    let wanted = words(wanted);
    // Reversed so that, of equally close headers, the first one in the file wins.
    headers
        .iter()
        .rev()
        .map(|h| (words(h).iter().filter(|w| wanted.contains(w)).count(), h))
        .filter(|&(n, _)| n > 0)
        .max_by_key(|&(n, _)| n)
        .map(|(_, h)| h.as_str())
}

fn quoted_list(items: &[String]) -> String {
    items
        .iter()
        .map(|h| format!("{h:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}
