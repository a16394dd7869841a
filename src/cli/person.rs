//! `iln person show|export|erase EMAIL`: what the program holds about one person, a copy of
//! it for them, and their erasure.

use std::path::PathBuf;

use iln::domain::Person;
use iln::store::Store;
use iln::text::counted;
use serde_json::Value;

use super::{CliError, Db};

#[derive(clap::Subcommand)]
pub enum PersonCommand {
    /// What is held about the person: their applications, partnerships and messages
    Show {
        /// The person's e-mail address, as in any of their applications
        email: String,
    },
    /// Write everything held about the person to a JSON file (readable by you only)
    Export {
        email: String,
        /// The file to write
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Erase the person from every round, keeping the rounds' figures; asks for --yes
    Erase {
        email: String,
        /// Erase, rather than only say what would be erased
        #[arg(long)]
        yes: bool,
    },
}

pub fn run(db: &Db, what: PersonCommand) -> Result<(), CliError> {
    let mut store = db.open()?;
    match what {
        PersonCommand::Show { email } => {
            let person = find(&store, &email)?;
            let record = store.person_record(person.id)?;
            show(&record);
        }
        PersonCommand::Export { email, output } => {
            let person = find(&store, &email)?;
            let record = store.person_record(person.id)?;
            let text = serde_json::to_string_pretty(&record).expect("JSON serialises");
            iln::files::write_private(&output, text.as_bytes()).map_err(|source| {
                CliError::Write {
                    path: output.clone(),
                    source,
                }
            })?;
            store.record_person_export(person.id)?;
            say!(
                "wrote what is held about person {} to {}",
                person.id.0,
                output.display()
            );
        }
        PersonCommand::Erase { email, yes } => {
            let person = find(&store, &email)?;
            let record = store.person_record(person.id)?;
            let rounds = record["applications"].as_array().map_or(0, Vec::len);
            let running = running_partnerships(&record);
            if !yes {
                say!(
                    "would erase {} <{}> from {}: name, address, city, role, notes, \
                     interests, pairs forbidden for them and the notes of problems on their \
                     partnerships; the rounds' figures stay. Export it first if they asked \
                     for a copy (iln person export). Run again with --yes to erase.{running}",
                    person.name,
                    person.email,
                    counted(rounds, "application", "applications")
                );
                return Ok(());
            }
            let done = store.erase_person(person.id)?;
            say!(
                "erased person {} from {} in {}; the audit log records it by number.{running}",
                done.person.0,
                counted(done.applications, "application", "applications"),
                counted(done.rounds, "round", "rounds")
            );
        }
    }
    Ok(())
}

/// What the coordinator must do about the person's running partnerships once they are
/// erased (an erased person is sent nothing), or nothing.
fn running_partnerships(record: &Value) -> String {
    let rounds: Vec<&str> = record["partnerships"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["status"] == "active")
        .filter_map(|p| p["round"].as_str())
        .collect();
    if rounds.is_empty() {
        return String::new();
    }
    format!(
        " They are in a running partnership in {}: an erased person is sent nothing, so end \
         it in Matches and rematch their partner.",
        rounds.join(", ")
    )
}

fn find(store: &Store, email: &str) -> Result<Person, CliError> {
    store.person_by_email(email)?.ok_or_else(|| {
        CliError::Usage(format!(
            "no one with the address {email:?} is in this database; check the spelling, or \
             list a round's applicants with iln export applicants"
        ))
    })
}

fn show(record: &Value) {
    let text = |v: &Value| v.as_str().unwrap_or("").to_string();
    say!("{} <{}>", text(&record["name"]), text(&record["email"]));
    let list = |key: &str| record[key].as_array().cloned().unwrap_or_default();
    for a in list("applications") {
        say!(
            "  {}: {} from {} ({}, {}), applied {}",
            text(&a["round"]),
            text(&a["status"]),
            text(&a["country"]),
            text(&a["sector"]),
            text(&a["career_stage"]),
            text(&a["submitted_at"])
        );
    }
    for p in list("partnerships") {
        say!(
            "  partnership {} in {}: {}{}",
            p["partnership"],
            text(&p["round"]),
            text(&p["status"]),
            match (p["starts_on"].as_str(), p["ends_on"].as_str()) {
                (Some(from), Some(to)) => format!(", {from} to {to}"),
                _ => String::new(),
            }
        );
    }
    say!(
        "  {}, {}, {} about them",
        counted(list("problems").len(), "problem logged", "problems logged"),
        counted(list("messages_sent").len(), "message sent", "messages sent"),
        counted(list("audit").len(), "audit entry", "audit entries")
    );
}
