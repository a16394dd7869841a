//! `iln demo`: a new database filled with a realistic demo program.

use iln::demo::{self, DemoOptions, DemoStage};
use iln::store::Store;
use iln::text::counted;

use super::{CliError, Db};

#[derive(clap::Args)]
pub struct Args {
    /// Applications in the round that is running (or, with --ready-to-match, in the round
    /// to match)
    #[arg(long, default_value_t = demo::DEFAULT_APPLICANTS)]
    applicants: usize,
    /// Seed: the same seed gives the same data
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Let one country exceed the cap in the round taking applications, so that `iln cap`
    /// has some to defer
    #[arg(long)]
    over_cap: bool,
    /// Instead of a program in mid-life, an ended round and the next one closed with the
    /// cap applied, ready for matching
    #[arg(long)]
    ready_to_match: bool,
    /// Replace a database that already holds data
    #[arg(long)]
    force: bool,
}

pub fn run(db: &Db, args: Args) -> Result<(), CliError> {
    let path = &db.path;
    // Replacing a file under a running iln would leave it writing to a deleted file.
    if path.exists() && Store::in_use_elsewhere(path) {
        return Err(CliError::InUse(path.clone()));
    }
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
    let mut store = db.create_or_open()?;
    let opts = DemoOptions {
        applicants: args.applicants,
        seed: args.seed,
        over_cap: args.over_cap,
        stage: if args.ready_to_match {
            DemoStage::ReadyToMatch
        } else {
            DemoStage::MidLife
        },
        today: iln::clock::today(),
    };
    let s = demo::populate(&mut store, &opts)?;
    say!("demo program written to {}", path.display());
    for line in s.lines() {
        say!("  round {line}");
    }
    say!(
        "  {}\nopen it with: iln{}",
        counted(s.topics, "discussion topic", "discussion topics"),
        if db.named_on_command_line {
            format!(" --db {}", path.display())
        } else {
            String::new()
        }
    );
    Ok(())
}
