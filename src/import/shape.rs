//! Survey tools that write more than one header row above the answers. Qualtrics writes
//! three: short column ids, the question texts, and a row of `{"ImportId": …}` JSON that
//! tells questions (`QID…`) from the tool's own columns (start and end dates, IP address,
//! the recipient's name and e-mail…). The question texts become the header; the tool's own
//! columns are kept out of the search for fields, all but the time the response was
//! recorded, so that the recipient's e-mail cannot be taken for the applicant's.

use super::source::RawRecord;

/// The header to show, the header text each column is matched by (empty: matched by
/// nothing), and the records of answers.
pub struct Shaped {
    pub header: RawRecord,
    pub matched_by: Vec<String>,
    pub records: Vec<RawRecord>,
}

pub fn shape(header: RawRecord, records: Vec<RawRecord>) -> Shaped {
    if let [texts, ids, ..] = records.as_slice()
        && is_qualtrics_ids(ids)
    {
        let matched_by = texts
            .cells
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let id = ids
                    .cells
                    .get(i)
                    .and_then(|c| import_id(c))
                    .unwrap_or_default();
                if id.starts_with("QID") || id == "recordedDate" {
                    text.trim().to_string()
                } else {
                    String::new()
                }
            })
            .collect();
        let mut records = records.into_iter();
        let texts = records.next().expect("two rows at least");
        records.next();
        return Shaped {
            header: texts,
            matched_by,
            records: records.collect(),
        };
    }
    Shaped {
        matched_by: header.cells.iter().map(|h| h.trim().to_string()).collect(),
        header,
        records,
    }
}

/// Whether a row is Qualtrics' row of import ids: most of its cells are `{"ImportId": …}`.
fn is_qualtrics_ids(row: &RawRecord) -> bool {
    let ids = row.cells.iter().filter(|c| import_id(c).is_some()).count();
    ids > 0 && ids * 2 >= row.cells.len()
}

fn import_id(cell: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(cell.trim()).ok()?;
    value.get("ImportId")?.as_str().map(str::to_string)
}
