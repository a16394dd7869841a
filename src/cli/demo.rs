//! `iln demo`: a new database filled with a realistic demo program.

use iln::demo::{self, DemoOptions};
use iln::store::Store;
use iln::text::counted;

use super::{CliError, Db};

#[derive(clap::Args)]
pub struct Args {
    /// Applications in the current round
    #[arg(long, default_value_t = 300)]
    applicants: usize,
    /// Seed: the same seed gives the same data
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Let one country exceed the cap, so that some applications are deferred
    #[arg(long)]
    over_cap: bool,
    /// Replace a database that already holds data
    #[arg(long)]
    force: bool,
}

pub fn run(db: &Db, args: Args) -> Result<(), CliError> {
    let path = &db.path;
    if path.exists() {
        // A file that is not an iln database counts as data: it is not ours to replace.
        let holds_data = match Store::open(path) {
            Ok(store) => !store.is_empty()?,
            Err(_) => true,
        };
        if holds_data && !args.force {
            return Err(CliError::DemoWouldOverwrite(path.clone()));
        }
        if holds_data {
            for suffix in ["", "-wal", "-shm"] {
                let mut p = path.as_os_str().to_owned();
                p.push(suffix);
                match std::fs::remove_file(&p) {
                    Err(source) if source.kind() != std::io::ErrorKind::NotFound => {
                        return Err(CliError::Replace {
                            path: path.clone(),
                            source,
                        });
                    }
                    _ => {}
                }
            }
        }
    }
    let mut store = db.open()?;
    let opts = DemoOptions {
        applicants: args.applicants,
        seed: args.seed,
        over_cap: args.over_cap,
    };
    let s = demo::populate(&mut store, &opts)?;
    println!(
        "demo program written to {}\n  round {}: {} from {} ({} accepted, {} deferred)\n  round {}: {}\n  {}\nopen it with: iln{}",
        path.display(),
        s.round,
        counted(s.applicants, "application", "applications"),
        counted(s.countries, "country", "countries"),
        s.accepted,
        s.deferred,
        s.past_round,
        counted(
            s.past_partnerships,
            "ended partnership",
            "ended partnerships"
        ),
        counted(s.topics, "discussion topic", "discussion topics"),
        if db.named_on_command_line {
            format!(" --db {}", path.display())
        } else {
            String::new()
        }
    );
    Ok(())
}
