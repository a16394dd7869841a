//! Survey tools that write more than one header row above the answers.
//!
//! Qualtrics writes three: short column ids, the question texts, and a row of
//! `{"ImportId": …}` JSON that tells questions (`QID…`) from the tool's own columns (start
//! and end dates, IP address, the recipient's name and e-mail…). The question texts become
//! the header; the tool's own columns are kept out of the search for fields, all but the
//! time the response was recorded, so that the recipient's e-mail cannot be taken for the
//! applicant's.
//!
//! SurveyMonkey writes two: the questions, then what each column of a question holds
//! (`Response`, `Open-Ended Response`, a choice, or a part such as `Email Address`). A
//! question whose columns are its choices (each cell the choice or empty) becomes one
//! column of the choices made; a question of parts gives a column per part, named by the
//! part. The tool's own columns ahead of the questions are kept out of the search, all but
//! the end date; its first and last name, when no question asks the name, make the name.
//!
//! Microsoft Forms writes one, beginning with its own columns: `ID`, `Start time`,
//! `Completion time`, then the `Email` and `Name` of the account that answered (often
//! `anonymous`). The completion time is the submission; the account's e-mail and name
//! count only when no question asks for them.

use super::fields::Field;
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
                // `QID8_4_TEXT` is the text box of a choice ("Other, please say"), beside
                // the question's own column `QID8`.
                let choice_text = id.ends_with("_TEXT") && id.matches('_').count() > 1;
                if (id.starts_with("QID") && !choice_text) || id == "recordedDate" {
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
    if is_surveymonkey(&header, &records) {
        return surveymonkey(header, records);
    }
    if is_microsoft_forms(&header) {
        return microsoft_forms(header, records);
    }
    Shaped {
        matched_by: header.cells.iter().map(|h| h.trim().to_string()).collect(),
        header,
        records,
    }
}

/// What SurveyMonkey's second header row says of a column that holds the answer itself.
const SINGLE: [&str; 2] = ["Response", "Open-Ended Response"];

/// Whether the file is SurveyMonkey's: its first column is the respondent's id, and the
/// second row is a header too, empty under the tool's own columns and naming the parts of
/// the questions.
fn is_surveymonkey(header: &RawRecord, records: &[RawRecord]) -> bool {
    cell(header, 0) == "Respondent ID"
        && records.first().is_some_and(|parts| {
            cell(parts, 0).is_empty() && parts.cells.iter().any(|c| !c.trim().is_empty())
        })
}

fn is_microsoft_forms(header: &RawRecord) -> bool {
    (0..3)
        .map(|i| cell(header, i))
        .eq(["ID", "Start time", "Completion time"])
}

fn microsoft_forms(header: RawRecord, records: Vec<RawRecord>) -> Shaped {
    let own = ["ID", "Start time", "Last modified time"];
    let account = [("Email", Field::Email), ("Name", Field::Name)];
    let asked = |field: Field| {
        header.cells.iter().skip(3).any(|h| {
            !account.iter().any(|(name, _)| h.trim() == *name) && field.header_score(h).is_some()
        })
    };
    let matched_by = header
        .cells
        .iter()
        .map(|h| {
            let h = h.trim();
            let questioned = account
                .iter()
                .find(|(name, _)| h == *name)
                .is_some_and(|&(_, field)| asked(field));
            if own.contains(&h) || questioned {
                String::new()
            } else {
                h.to_string()
            }
        })
        .collect();
    Shaped {
        header,
        matched_by,
        records,
    }
}

/// One column of the shaped file: the columns of the export it is made of, its header, and
/// the header text it is matched by.
struct Column {
    from: Vec<usize>,
    header: String,
    matched_by: String,
}

fn surveymonkey(header: RawRecord, records: Vec<RawRecord>) -> Shaped {
    let mut records = records.into_iter();
    let parts = records.next().expect("the second header row");
    let answers: Vec<RawRecord> = records.collect();
    let width = header.cells.len();

    // A question's columns: its own, and the ones after it with no question above them.
    let mut questions: Vec<(usize, usize)> = Vec::new();
    for i in 0..width {
        match questions.last_mut() {
            Some((_, end)) if cell(&header, i).is_empty() => *end = i + 1,
            _ => questions.push((i, i + 1)),
        }
    }
    let mut columns: Vec<Column> = Vec::new();
    let mut first_last = (None, None);
    for (start, end) in questions {
        let question = cell(&header, start).to_string();
        if (start..end).all(|i| cell(&parts, i).is_empty()) {
            // The tool's own column.
            match question.as_str() {
                "First Name" => first_last.0 = Some(start),
                "Last Name" => first_last.1 = Some(start),
                _ => {}
            }
            let matched_by = if question == "End Date" {
                question.clone()
            } else {
                String::new()
            };
            columns.push(Column {
                from: vec![start],
                header: question,
                matched_by,
            });
            continue;
        }
        let is_choice = |i: usize| {
            let label = cell(&parts, i);
            !label.is_empty()
                && answers
                    .iter()
                    .all(|r| matches!(cell(r, i), "") || cell(r, i) == label)
        };
        let other = |i: usize| cell(&parts, i).to_lowercase().starts_with("other");
        // The answer itself ("Response"), or a choice, or the text of "Other": one answer.
        let answer = |i: usize| SINGLE.contains(&cell(&parts, i)) || is_choice(i) || other(i);
        if end - start == 1 || (start..end).all(answer) {
            columns.push(Column {
                from: (start..end).collect(),
                header: question.clone(),
                matched_by: question,
            });
        } else {
            for i in start..end {
                let part = cell(&parts, i).to_string();
                columns.push(Column {
                    from: vec![i],
                    header: format!("{question} - {part}"),
                    matched_by: part,
                });
            }
        }
    }
    let asks_name = columns
        .iter()
        .any(|c| !c.matched_by.is_empty() && Field::Name.header_score(&c.matched_by).is_some());
    if let (false, (Some(first), Some(last))) = (asks_name, first_last) {
        columns.push(Column {
            from: vec![first, last],
            header: "First Name + Last Name".to_string(),
            matched_by: "Name".to_string(),
        });
    }

    let join = |row: &RawRecord, from: &[usize], by: &str| {
        from.iter()
            .map(|&i| cell(row, i))
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join(by)
    };
    let shaped = |row: &RawRecord| {
        // A row with its cells out of place is left as it is, for the import to refuse.
        if row.cells.len() != width {
            return row.clone();
        }
        RawRecord {
            line: row.line,
            cells: columns
                .iter()
                .map(|c| {
                    // Choices joined by semicolons: an option's label may hold a comma.
                    let by = if c.matched_by == "Name" && c.from.len() == 2 {
                        " "
                    } else {
                        "; "
                    };
                    join(row, &c.from, by)
                })
                .collect(),
            not_utf8: row
                .not_utf8
                .iter()
                .filter_map(|(bad, message)| {
                    let at = columns.iter().position(|c| c.from.contains(bad))?;
                    Some((at, message.clone()))
                })
                .collect(),
        }
    };
    Shaped {
        header: RawRecord {
            line: header.line,
            cells: columns.iter().map(|c| c.header.clone()).collect(),
            not_utf8: Vec::new(),
        },
        matched_by: columns.iter().map(|c| c.matched_by.clone()).collect(),
        records: answers.iter().map(shaped).collect(),
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

/// A row's cell, trimmed; empty where the row is short.
fn cell(row: &RawRecord, i: usize) -> &str {
    row.cells.get(i).map_or("", |c| c.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: usize, cells: &[&str]) -> RawRecord {
        RawRecord {
            line,
            cells: cells.iter().map(|c| c.to_string()).collect(),
            not_utf8: Vec::new(),
        }
    }

    #[test]
    fn a_surveymonkey_question_of_parts_gives_a_column_per_part() {
        let header = row(
            1,
            &[
                "Respondent ID",
                "End Date",
                "Your details",
                "",
                "Topics",
                "",
            ],
        );
        let records = vec![
            row(
                2,
                &["", "", "Name", "Email Address", "Advocacy", "Open access"],
            ),
            row(
                3,
                &[
                    "1",
                    "03/15/2027 9:00 AM",
                    "Ana Ruiz",
                    "ana@x.org",
                    "Advocacy",
                    "",
                ],
            ),
            row(
                4,
                &[
                    "2",
                    "03/16/2027 9:00 AM",
                    "Bo Li",
                    "bo@x.org",
                    "",
                    "Open access",
                ],
            ),
        ];
        let shaped = shape(header, records);
        assert_eq!(
            shaped.header.cells,
            [
                "Respondent ID",
                "End Date",
                "Your details - Name",
                "Your details - Email Address",
                "Topics"
            ]
        );
        assert_eq!(
            shaped.matched_by,
            ["", "End Date", "Name", "Email Address", "Topics"]
        );
        assert_eq!(shaped.records[1].cells[4], "Open access");
        assert_eq!(shaped.records[0].cells[2], "Ana Ruiz");
        assert_eq!(shaped.records[0].line, 3);
    }

    #[test]
    fn microsoft_forms_account_columns_count_only_when_no_question_asks() {
        let header = row(
            1,
            &[
                "ID",
                "Start time",
                "Completion time",
                "Email",
                "Name",
                "Your full name",
            ],
        );
        let shaped = shape(header.clone(), Vec::new());
        assert_eq!(
            shaped.matched_by,
            ["", "", "Completion time", "Email", "", "Your full name"]
        );
        let mut asks_email = header;
        asks_email
            .cells
            .push("Your work e-mail address".to_string());
        let shaped = shape(asks_email, Vec::new());
        assert_eq!(shaped.matched_by[3], "");
    }
}
