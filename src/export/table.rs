//! A table of records written as CSV (cells a spreadsheet would run as formulas marked as
//! text) or JSON (an array of objects, values typed), the one shape every export has.

use std::io::Write;

use serde_json::{Map, Value};

use crate::spreadsheet;

/// How a table is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    /// The format a file's name asks for: `.json` is JSON, anything else CSV.
    pub fn of_path(path: &std::path::Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Csv,
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        match s.trim().to_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            other => Err(format!("no format {other:?}; use csv or json")),
        }
    }
}

/// Named columns and rows of values, one per column.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    pub fn new(columns: &[&str]) -> Table {
        Table {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    pub fn write(&self, format: Format, out: impl Write) -> std::io::Result<()> {
        match format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(&self.columns)?;
                for row in &self.rows {
                    w.write_record(
                        row.iter()
                            .map(|v| spreadsheet::escape(&cell(v)).into_owned()),
                    )?;
                }
                w.flush()?;
            }
            Format::Json => {
                let objects: Vec<Value> = self
                    .rows
                    .iter()
                    .map(|row| {
                        let map: Map<String, Value> = self
                            .columns
                            .iter()
                            .cloned()
                            .zip(row.iter().cloned())
                            .collect();
                        Value::Object(map)
                    })
                    .collect();
                let mut out = out;
                serde_json::to_writer_pretty(&mut out, &objects)?;
                out.write_all(b"\n")?;
            }
        }
        Ok(())
    }
}

/// A value as a CSV cell: text as it is, nothing as an empty cell.
fn cell(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn csv_marks_formulas_and_json_keeps_types() {
        let mut t = Table::new(&["name", "score", "ended"]);
        t.push(vec![json!("=SUM(A1)"), json!(42), Value::Null]);
        let mut csv = Vec::new();
        t.write(Format::Csv, &mut csv).unwrap();
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            "name,score,ended\n'=SUM(A1),42,\n"
        );
        let mut js = Vec::new();
        t.write(Format::Json, &mut js).unwrap();
        let back: Value = serde_json::from_slice(&js).unwrap();
        assert_eq!(
            back,
            json!([{"name": "=SUM(A1)", "score": 42, "ended": null}])
        );
    }
}
