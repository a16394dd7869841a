//! `iln template`: the program's message templates, listed, shown, replaced from a file
//! (checked first), restored to the default, or previewed with example fields.

use std::path::PathBuf;

use iln::domain::MessageKind;
use iln::export::mail::fields::Fields;
use iln::export::mail::templates;

use super::{CliError, Db};

#[derive(clap::Subcommand)]
pub enum Template {
    /// Every kind of message, and whether the program keeps its own text of it
    List,
    /// Print a template's text
    Show { kind: Kind },
    /// Keep the text of FILE as a template, once it passes its check
    Set { kind: Kind, file: PathBuf },
    /// Go back to the text iln ships
    Reset { kind: Kind },
    /// A template written with example fields, as a participant would read it
    Preview { kind: Kind },
}

/// A kind of message, as the command line names it.
#[derive(Clone, Copy, Debug)]
pub struct Kind(pub MessageKind);

impl std::str::FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Kind, String> {
        MessageKind::from_code(s.trim()).map(Kind).ok_or_else(|| {
            let all: Vec<&str> = MessageKind::ALL.iter().map(|k| k.code()).collect();
            format!("no message kind {s:?}; use one of: {}", all.join(", "))
        })
    }
}

pub fn run(db: &Db, what: Template) -> Result<(), CliError> {
    let mut store = db.open()?;
    match what {
        Template::List => {
            for kind in MessageKind::ALL {
                let own = store.template(kind)?.version > 0;
                say!(
                    "{:<14} {:<8} {}",
                    kind.code(),
                    if own { "own" } else { "default" },
                    kind.describe()
                );
            }
        }
        Template::Show { kind } => {
            print!("{}", iln::text::shown_lines(&store.template(kind.0)?.text))
        }
        Template::Set { kind, file } => {
            let text = std::fs::read_to_string(&file).map_err(|source| CliError::Read {
                path: file.clone(),
                source,
            })?;
            let seen = store.template(kind.0)?.version;
            store.set_template(kind.0, seen, Some(&text))?;
            say!("saved the {} template from {}", kind.0, file.display());
        }
        Template::Reset { kind } => {
            let seen = store.template(kind.0)?.version;
            store.set_template(kind.0, seen, None)?;
            say!("the {} template is the default again", kind.0);
        }
        Template::Preview { kind } => {
            let text = store.template(kind.0)?.text;
            let r = templates::render(kind.0, &text, &Fields::example(kind.0))?;
            say!("Subject: {}\n\n{}", r.subject, r.text);
        }
    }
    Ok(())
}
