//! Writing a round's records out as files, the same from the command line and the TUI:
//! every table as CSV or JSON, and topics as posts and e-mails. Files are private to the
//! owner (they hold personal data).

use std::collections::HashMap;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::domain::{ApplicationId, ApplicationStatus, Round};
use crate::export::table::{Format, Table};
use crate::export::topics::{self, RoundExport};
use crate::import::fields::Field;
use crate::ops::candidates::{self, PairSet};
use crate::ops::matching::MatchError;
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Match(#[from] MatchError),
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The tables a round can be written out as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Records {
    /// Its applications, one column per field of the form, as `iln import` reads them
    /// back (invitations are no applications yet, and are left out).
    Applicants,
    /// Its partnerships with their members, dates, and when their introduction went out.
    Partnerships,
    /// The problems logged on its partnerships, open and settled.
    Problems,
    /// Its topics' dates, texts, status and post links.
    Topics,
    /// Every allowed pair of the people the matcher pairs, with its score; or only those the
    /// solver needed.
    Candidates { solver_graph: bool },
}

impl Records {
    /// What the table holds, for messages: "applications", "partnerships"…
    pub fn noun(self) -> &'static str {
        match self {
            Records::Applicants => "applications",
            Records::Partnerships => "partnerships",
            Records::Problems => "problems",
            Records::Topics => "topics",
            Records::Candidates { .. } => "allowed pairs",
        }
    }
}

/// Writes `round`'s `records` to `path` in `format`; returns how many rows it wrote.
pub fn table(
    store: &Store,
    round: &Round,
    records: Records,
    format: Format,
    path: &Path,
) -> Result<usize, ExportError> {
    let table = match records {
        Records::Applicants => applicants(store, round)?,
        Records::Partnerships => partnerships(store, round)?,
        Records::Problems => problems(store, round)?,
        Records::Topics => topic_table(store, round)?,
        Records::Candidates { solver_graph } => candidate_table(store, round, solver_graph)?,
    };
    let failed = |source: std::io::Error| ExportError::Write {
        path: path.to_path_buf(),
        source,
    };
    let file = crate::files::create_private(path).map_err(failed)?;
    table.write(format, BufWriter::new(file)).map_err(failed)?;
    Ok(table.rows.len())
}

/// Writes each of `round`'s topics with text into `dir` as a post and an e-mail.
pub fn topics(store: &Store, round: &Round, dir: &Path) -> Result<RoundExport, ExportError> {
    let all = store.topics(round.id)?;
    topics::write_round(&all, round.name(), dir).map_err(|source| ExportError::Write {
        path: dir.to_path_buf(),
        source,
    })
}

fn applicants(store: &Store, round: &Round) -> Result<Table, ExportError> {
    let keys: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
    let mut table = Table::new(&keys);
    for a in store.applications(round.id)? {
        if a.status == ApplicationStatus::Invited {
            continue;
        }
        table.push(
            Field::ALL
                .iter()
                .map(|f| Value::String(f.text_of(&a.form)))
                .collect(),
        );
    }
    Ok(table)
}

/// Up to three members, by name, e-mail and country.
const MEMBER_COLUMNS: [&str; 9] = [
    "member_1_name",
    "member_1_email",
    "member_1_country",
    "member_2_name",
    "member_2_email",
    "member_2_country",
    "member_3_name",
    "member_3_email",
    "member_3_country",
];

fn partnerships(store: &Store, round: &Round) -> Result<Table, ExportError> {
    let people = store.application_rows(round.id)?;
    let by_id: HashMap<ApplicationId, _> = people.iter().map(|r| (r.id, r)).collect();
    let introduced: HashMap<i64, String> = store
        .sent_messages(round.id)?
        .into_values()
        .filter(|s| s.kind.to_partnerships())
        .filter_map(|s| Some((s.partnership_id?.0, s.sent_at)))
        .collect();
    let mut columns = vec![
        "id",
        "status",
        "score",
        "locked",
        "starts_on",
        "ends_on",
        "end_reason",
        "introduced_at",
    ];
    columns.extend(MEMBER_COLUMNS);
    let mut table = Table::new(&columns);
    for p in store.partnerships(round.id)? {
        let mut row = vec![
            json!(p.id.0),
            json!(p.status.code()),
            json!(p.score),
            json!(p.locked),
            json!(p.starts_on),
            json!(p.ends_on),
            json!(p.end_reason),
            json!(introduced.get(&p.id.0)),
        ];
        for i in 0..3 {
            match p.members.get(i).and_then(|m| by_id.get(m)) {
                Some(m) => row.extend([json!(m.name), json!(m.email), json!(m.country.code)]),
                None => row.extend([Value::Null, Value::Null, Value::Null]),
            }
        }
        table.push(row);
    }
    Ok(table)
}

fn problems(store: &Store, round: &Round) -> Result<Table, ExportError> {
    let people: HashMap<ApplicationId, String> = store
        .application_rows(round.id)?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect();
    let members: HashMap<_, String> = store
        .partnerships(round.id)?
        .into_iter()
        .map(|p| {
            let names: Vec<&str> = p
                .members
                .iter()
                .filter_map(|m| people.get(m).map(String::as_str))
                .collect();
            (p.id, names.join(" & "))
        })
        .collect();
    let mut table = Table::new(&[
        "id",
        "partnership_id",
        "partners",
        "kind",
        "note",
        "logged_on",
        "follow_up_on",
        "outcome",
        "outcome_note",
        "settled_on",
    ]);
    for x in store.problems(round.id)? {
        let settled = x.settled.as_ref();
        table.push(vec![
            json!(x.id),
            json!(x.partnership_id.0),
            json!(members.get(&x.partnership_id)),
            json!(x.kind.code()),
            json!(x.note),
            json!(x.logged_on),
            json!(x.follow_up_on),
            json!(settled.map(|s| s.outcome.code())),
            json!(settled.map(|s| s.note.clone())),
            json!(settled.map(|s| s.on)),
        ]);
    }
    Ok(table)
}

fn topic_table(store: &Store, round: &Round) -> Result<Table, ExportError> {
    let mut table = Table::new(&[
        "id",
        "publish_on",
        "status",
        "title",
        "summary",
        "body",
        "questions",
        "published_on",
        "post_link",
    ]);
    for t in store.topics(round.id)? {
        table.push(vec![
            json!(t.id.0),
            json!(t.publish_on),
            json!(t.status.code()),
            json!(t.title),
            json!(t.summary),
            json!(t.body),
            json!(t.questions),
            json!(t.published_on),
            json!(t.post_link),
        ]);
    }
    Ok(table)
}

fn candidate_table(store: &Store, round: &Round, solver_graph: bool) -> Result<Table, ExportError> {
    let which = if solver_graph {
        PairSet::SolverGraph
    } else {
        PairSet::Allowed
    };
    let found = candidates::round_pairs(store, round.id, which)?;
    let mut table = Table::new(&["id_a", "id_b", "score"]);
    for p in found.pairs {
        table.push(vec![json!(p.a.0), json!(p.b.0), json!(p.score)]);
    }
    Ok(table)
}
