//! `iln export applicants`, `candidates`, `emails` and `topics`: data written out for other
//! tools.

use std::io::Write;
use std::path::{Path, PathBuf};

use iln::ops::candidates::{self, PairSet, ScoredPair};
use iln::ops::{exports, outbox};
use iln::text::counted;

use super::{CliError, Db};

#[derive(clap::Subcommand)]
pub enum Export {
    /// A round's applications as CSV with the columns `iln import` reads, so that the file
    /// imports back as it was (cells a spreadsheet would run as formulas are marked as text)
    Applicants {
        #[arg(long)]
        round: String,
        /// The CSV file to write
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Every allowed pair of a round's accepted applicants with its score (CSV: id_a,id_b,score)
    Candidates {
        #[arg(long)]
        round: String,
        /// The CSV file to write
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Only the pairs the exact engine solved on in the end (its certified subgraph)
        #[arg(long)]
        solver_graph: bool,
    },
    /// A round's messages of one kind as files: one .eml each, messages.mbox with all of
    /// them, and mail-merge.csv with a row per recipient and every merge field a column
    Emails {
        #[arg(long)]
        round: String,
        /// introductions, rematches, acceptance, deferral, no-match, re-enrol, topic
        #[arg(long, default_value = "introductions")]
        kind: super::template::Kind,
        /// For a topic: its title, or the date it is published on
        #[arg(long)]
        topic: Option<String>,
        /// The folder to write into (created if missing)
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
    },
    /// A round's topics as blog posts (Markdown with front matter) and e-mail texts
    Topics {
        #[arg(long)]
        round: String,
        /// The folder to write into (created if missing)
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
    },
}

pub fn run(db: &Db, what: Export) -> Result<(), CliError> {
    match what {
        Export::Candidates {
            round,
            output,
            solver_graph,
        } => export_candidates(db, &round, &output, solver_graph),
        Export::Topics { round, output } => export_topics(db, &round, &output),
        Export::Emails {
            round,
            kind,
            topic,
            output,
        } => {
            let store = db.open()?;
            let round = store.round_by_name(&round)?;
            let topic = match &topic {
                Some(name) => Some(outbox::topic_called(&store, &round, name)?),
                None => None,
            };
            let messages = outbox::messages(&store, &round, kind.0, topic.as_ref())?;
            let done = outbox::export(&store, &messages, &output, std::time::SystemTime::now())?;
            println!(
                "wrote {} ({}) of {} to {} ({}): one .eml each, messages.mbox, mail-merge.csv",
                counted(done.messages, "message", "messages"),
                kind.0,
                round.name(),
                counted(done.recipients, "recipient", "recipients"),
                done.dir.display()
            );
            Ok(())
        }
        Export::Applicants { round, output } => {
            let store = db.open()?;
            let round = store.round_by_name(&round)?;
            let written = exports::applicants(&store, &round, &output)?;
            println!(
                "wrote {} of {} to {}",
                counted(written, "application", "applications"),
                round.name(),
                output.display()
            );
            Ok(())
        }
    }
}

/// Writes the allowed pairs of the people the matcher pairs (locked groups aside), or with
/// `solver_graph` only the pairs the exact engine needed in the end.
fn export_candidates(
    db: &Db,
    round: &str,
    output: &Path,
    solver_graph: bool,
) -> Result<(), CliError> {
    let store = db.open()?;
    let round = store.round_by_name(round)?;
    let which = if solver_graph {
        PairSet::SolverGraph
    } else {
        PairSet::Allowed
    };
    let found = candidates::round_pairs(&store, round.id, which)?;
    write_pairs(output, &found.pairs).map_err(|source| CliError::Write {
        path: output.to_path_buf(),
        source,
    })?;
    println!(
        "wrote {} of {} to {}",
        counted(found.pairs.len(), "pair", "pairs"),
        counted(found.people, "applicant", "applicants"),
        output.display()
    );
    Ok(())
}

fn write_pairs(output: &Path, pairs: &[ScoredPair]) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(output)?);
    writeln!(out, "id_a,id_b,score")?;
    for p in pairs {
        writeln!(out, "{},{},{}", p.a, p.b, p.score)?;
    }
    out.flush()
}

/// Writes each of a round's topics with text as `DATE-TITLE.md` and `DATE-TITLE.email.txt`.
fn export_topics(db: &Db, round: &str, output: &Path) -> Result<(), CliError> {
    let store = db.open()?;
    let round = store.round_by_name(round)?;
    let written = exports::topics(&store, &round, output)?;
    println!("{}", written.describe(round.name(), output));
    Ok(())
}
