//! `iln interests [--round NAME]`: the program's interests with their counts, as `I` shows
//! them in the app; `iln interests merge FROM --into TO` makes two spellings one.

use iln::domain::interest::interest_key;
use iln::store::{InterestEntry, StoreError};
use iln::text::counted;

use super::{CliError, Db};

#[derive(clap::Args)]
pub struct Args {
    /// Count the applications of this round beside those of every round
    #[arg(long)]
    round: Option<String>,
    #[command(subcommand)]
    merge: Option<Merge>,
}

#[derive(clap::Subcommand)]
enum Merge {
    /// Make every application naming FROM name INTO instead; FROM leaves the list
    Merge {
        /// The spelling to give up, as the list names it (case and spacing aside)
        from: String,
        /// The interest to keep
        #[arg(long)]
        into: String,
    },
}

pub fn run(db: &Db, args: Args) -> Result<(), CliError> {
    let mut store = db.open()?;
    let round = match &args.round {
        Some(name) => Some(store.round_by_name(name)?),
        None => None,
    };
    let list = store.interests(round.as_ref().map(|r| r.id))?;
    match args.merge {
        None => {
            if list.is_empty() {
                say!("no interests yet: they come with the applications imported");
            }
            match &round {
                Some(r) => say!("{:>8} {:>8}  interest", r.plan.name, "all"),
                None => say!("{:>8}  interest", "all"),
            }
            for e in &list {
                match round {
                    Some(_) => say!("{:>8} {:>8}  {}", e.in_round, e.applications, e.name),
                    None => say!("{:>8}  {}", e.applications, e.name),
                }
            }
        }
        Some(Merge::Merge { from, into }) => {
            let from = find(&list, &from)?;
            let into = find(&list, &into)?;
            store.merge_interests(from, into)?;
            say!(
                "merged {:?} into {:?}: {} now name {:?}",
                from.name,
                into.name,
                counted(from.applications, "application", "applications"),
                into.name
            );
        }
    }
    Ok(())
}

/// The entry a name given on the command line means.
fn find<'a>(list: &'a [InterestEntry], name: &str) -> Result<&'a InterestEntry, CliError> {
    let key = interest_key(name);
    list.iter()
        .find(|e| interest_key(&e.name) == key)
        .ok_or_else(|| {
            CliError::Store(StoreError::Invalid(format!(
                "no interest {name:?} on the list; `iln interests` lists them"
            )))
        })
}
