//! The mail-merge CSV: one row per recipient, every merge field a column, for the mail-merge
//! tools coordinators already use. Cells a spreadsheet would run as formulas are marked as
//! text.

use std::io::Write;

use serde_json::Value;

use super::fields::Fields;
use super::message::Recipient;
use crate::spreadsheet;

/// One message's row data: what it is, whom it goes to, and what it says.
pub struct MergeRow<'a> {
    pub kind: &'a str,
    pub key: &'a str,
    pub to: &'a [Recipient],
    pub subject: &'a str,
    pub text: &'a str,
    pub fields: &'a Fields,
}

/// Fields flattened to columns: `round_name`, `members_1_email`, `topic_questions`…
fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    let name = |key: &str| {
        if prefix.is_empty() {
            key.to_string()
        } else {
            format!("{prefix}_{key}")
        }
    };
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                flatten(&name(k), v, out);
            }
        }
        Value::Array(items) if items.iter().all(|i| i.is_object()) => {
            for (i, item) in items.iter().enumerate() {
                flatten(&name(&(i + 1).to_string()), item, out);
            }
        }
        Value::Array(items) => {
            let lines: Vec<String> = items.iter().map(plain).collect();
            out.push((prefix.to_string(), lines.join("\n")));
        }
        other => out.push((prefix.to_string(), plain(other))),
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Writes the rows, with the union of every row's columns as the header.
pub fn write(rows: &[MergeRow<'_>], out: impl Write) -> std::io::Result<usize> {
    let mut records: Vec<Vec<(String, String)>> = Vec::new();
    for row in rows {
        let mut fields = Vec::new();
        flatten(
            "",
            &serde_json::to_value(row.fields).expect("fields serialise"),
            &mut fields,
        );
        for to in row.to {
            let mut record = vec![
                ("kind".to_string(), row.kind.to_string()),
                ("key".to_string(), row.key.to_string()),
                ("to_name".to_string(), to.name.clone()),
                ("to_email".to_string(), to.email.clone()),
                ("subject".to_string(), row.subject.to_string()),
            ];
            record.extend(fields.iter().cloned());
            record.push(("text".to_string(), row.text.to_string()));
            records.push(record);
        }
    }
    let mut columns: Vec<String> = Vec::new();
    for record in &records {
        for (c, _) in record {
            if !columns.contains(c) {
                columns.push(c.clone());
            }
        }
    }
    let mut w = csv::Writer::from_writer(out);
    w.write_record(&columns)?;
    for record in &records {
        let cells: Vec<std::borrow::Cow<'_, str>> = columns
            .iter()
            .map(|c| {
                record
                    .iter()
                    .find(|(k, _)| k == c)
                    .map_or("".into(), |(_, v)| spreadsheet::escape(v))
            })
            .collect();
        w.write_record(cells.iter().map(|c| c.as_ref()))?;
    }
    w.flush()?;
    Ok(records.len())
}
