//! `iln export`: a round's records written out for other tools, as CSV or JSON, its
//! messages as mail files, and its topics as posts and e-mails.

use std::path::{Path, PathBuf};

use iln::export::table::Format;
use iln::ops::exports::{self, Records};
use iln::ops::outbox;
use iln::text::{counted, shown};

use super::{CliError, Db};

/// Where a table goes and how.
#[derive(clap::Args)]
pub struct Target {
    #[arg(long)]
    round: String,
    /// The file to write (replaced if it exists; readable by you alone)
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// csv or json; by default what the file's name ends in (.json), else csv
    #[arg(long)]
    format: Option<Format>,
}

#[derive(clap::Subcommand)]
pub enum Export {
    /// A round's applications, one column per field headed by the field's key, so that
    /// `iln import` reads the file back as it was (cells a spreadsheet would run as
    /// formulas are marked as text)
    Applicants(Target),
    /// A round's partnerships: status, score, dates, members, and when their introduction
    /// went out
    Partnerships(Target),
    /// The problems logged on a round's partnerships, open and settled
    Problems(Target),
    /// Every allowed pair of a round's accepted applicants with its score (id_a,id_b,score)
    Candidates {
        #[command(flatten)]
        target: Target,
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
        /// Record the messages written as sent, for sending them with a mail tool of your
        /// own: `iln send` then leaves them out, and the app marks them ✉
        #[arg(long)]
        record_as_sent: bool,
    },
    /// A round's topics as blog posts (Markdown with front matter) and e-mail texts in a
    /// folder; with --format csv or json, the topics as a table in a file
    Topics {
        #[arg(long)]
        round: String,
        /// The folder to write into (created if missing), or with --format the file
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        #[arg(long)]
        format: Option<Format>,
    },
}

pub fn run(db: &Db, what: Export) -> Result<(), CliError> {
    match what {
        Export::Applicants(t) => write_table(db, &t, Records::Applicants),
        Export::Partnerships(t) => write_table(db, &t, Records::Partnerships),
        Export::Problems(t) => write_table(db, &t, Records::Problems),
        Export::Candidates {
            target,
            solver_graph,
        } => write_table(db, &target, Records::Candidates { solver_graph }),
        Export::Topics {
            round,
            output,
            format: Some(format),
        } => write_table(
            db,
            &Target {
                round,
                output,
                format: Some(format),
            },
            Records::Topics,
        ),
        Export::Topics {
            round,
            output,
            format: None,
        } => export_topics(db, &round, &output),
        Export::Emails {
            round,
            kind,
            topic,
            output,
            record_as_sent,
        } => {
            let mut store = db.open()?;
            let round = store.round_by_name(&round)?;
            let topic = outbox::topic_for(&store, &round, kind.0, topic.as_deref())?;
            let messages = outbox::messages(&store, &round, kind.0, topic.as_ref())?;
            for warning in outbox::warnings(&round, &messages, topic.as_ref(), super::today()) {
                say_err!("warning: {}", shown(&warning));
            }
            let done = outbox::export(&store, &messages, &output, std::time::SystemTime::now())?;
            say!(
                "wrote {} ({}) of {} to {} ({}): one .eml each, messages.mbox, mail-merge.csv",
                counted(done.messages, "message", "messages"),
                kind.0,
                round.name(),
                counted(done.recipients, "recipient", "recipients"),
                done.dir.display()
            );
            for u in &done.left_out {
                say!("  left out, for {}: {}", shown(&u.who), shown(&u.why));
            }
            if record_as_sent {
                let recorded =
                    outbox::record_sent_elsewhere(&mut store, &round, &messages, &done.written)?;
                let before = messages.iter().filter(|m| m.sent_at.is_some()).count();
                say!(
                    "recorded {} as sent ({before} sent before); iln send leaves them out",
                    counted(recorded, "message", "messages")
                );
            }
            if done.left_out.is_empty() {
                Ok(())
            } else {
                Err(CliError::Usage(format!(
                    "{} left out; correct the addresses in Applicants and export again",
                    counted(done.left_out.len(), "message was", "messages were")
                )))
            }
        }
    }
}

fn write_table(db: &Db, target: &Target, records: Records) -> Result<(), CliError> {
    let store = db.open()?;
    let round = store.round_by_name(&target.round)?;
    let format = target
        .format
        .unwrap_or_else(|| Format::of_path(&target.output));
    let rows = exports::table(&store, &round, records, format, &target.output)?;
    say!(
        "wrote {rows} {} of {} to {}",
        records.noun(),
        round.name(),
        target.output.display()
    );
    Ok(())
}

/// Writes each of a round's topics with text as `DATE-TITLE.md` and `DATE-TITLE.email.txt`.
fn export_topics(db: &Db, round: &str, output: &Path) -> Result<(), CliError> {
    let store = db.open()?;
    let round = store.round_by_name(round)?;
    let written = exports::topics(&store, &round, output)?;
    say!("{}", written.describe(round.name(), output));
    Ok(())
}
