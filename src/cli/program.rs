//! `iln program`: the program's sender details, which every message goes out with.

use iln::store::ProgramSettings;

use super::{CliError, Db};

#[derive(clap::Args)]
pub struct Args {
    /// The program's name, as messages name it and show it as their sender
    #[arg(long)]
    name: Option<String>,
    /// The address messages come from, and replies go to
    #[arg(long)]
    email: Option<String>,
    /// How messages are signed (a line break as \n)
    #[arg(long)]
    signature: Option<String>,
    /// The SMTP server to send through when iln send is not given one
    /// (smtp://USER@HOST:587 or smtps://USER@HOST:465)
    #[arg(long, value_name = "URL")]
    smtp: Option<String>,
    /// At most this many messages a minute when the app sends (iln send has --per-minute)
    #[arg(long, value_name = "N")]
    per_minute: Option<u32>,
}

pub fn run(db: &Db, args: Args) -> Result<(), CliError> {
    let mut store = db.open()?;
    let mut settings = store.program_settings()?;
    if let Some(url) = args.smtp.as_deref().filter(|u| !u.trim().is_empty()) {
        iln::ops::smtp::SmtpUrl::parse(url).map_err(CliError::Smtp)?;
    }
    if args.name.is_some()
        || args.email.is_some()
        || args.signature.is_some()
        || args.smtp.is_some()
        || args.per_minute.is_some()
    {
        let new = ProgramSettings {
            name: args.name.unwrap_or(settings.name),
            email: args.email.unwrap_or(settings.email),
            signature: args
                .signature
                .map(|s| s.replace("\\n", "\n"))
                .unwrap_or(settings.signature),
            smtp_url: args.smtp.unwrap_or(settings.smtp_url),
            per_minute: args.per_minute.unwrap_or(settings.per_minute),
            version: settings.version,
        };
        settings = store.set_program_settings(&new)?;
    }
    let shown = |s: &str| {
        if s.trim().is_empty() {
            "(not set)".to_string()
        } else {
            iln::text::shown(s)
        }
    };
    say!("name       {}", shown(&settings.name));
    say!("email      {}", shown(&settings.email));
    say!(
        "signature  {}",
        shown(&settings.signature.replace('\n', " / "))
    );
    say!("smtp       {}", shown(&settings.smtp_url));
    say!("per minute {}", settings.per_minute);
    Ok(())
}
