//! `iln send KIND --round NAME --smtp URL`: the round's messages of a kind through the
//! coordinator's SMTP server. Shows what it would send; sends only with `--yes`. Each
//! message is recorded as sent, so a second run (or one after a crash or a refusal) sends
//! exactly the rest.

use std::io::IsTerminal;

use iln::ops::outbox;
use iln::ops::smtp::SmtpUrl;
use iln::text::{counted, shown};

use super::template::Kind;
use super::{CliError, Db};

#[derive(clap::Args)]
pub struct Args {
    /// Which messages: introductions, rematches, acceptance, deferral, no-match, re-enrol,
    /// topic
    kind: Kind,
    #[arg(long)]
    round: String,
    /// For a topic: its title, or the date it is published on
    #[arg(long)]
    topic: Option<String>,
    /// The server: smtp://HOST:587 (STARTTLS) or smtps://HOST:465 (TLS), with the user as
    /// smtp://USER@HOST if it wants a login; the password comes from ILN_SMTP_PASSWORD or
    /// is asked for. By default the server the program's settings name (iln program --smtp)
    #[arg(long, value_name = "URL")]
    smtp: Option<String>,
    /// At most this many messages a minute
    #[arg(long, default_value_t = 30)]
    per_minute: u32,
    /// Send; without it, only say what would be sent
    #[arg(long)]
    yes: bool,
}

pub fn run(db: &Db, args: Args) -> Result<(), CliError> {
    let mut store = db.open()?;
    let named = match args.smtp {
        Some(url) => url,
        None => store.program_settings()?.smtp_url,
    };
    if named.trim().is_empty() {
        return Err(CliError::Smtp(
            "name the SMTP server: --smtp smtp://USER@HOST:587, or once for all with iln \
             program --smtp"
                .into(),
        ));
    }
    let url = SmtpUrl::parse(&named).map_err(CliError::Smtp)?;
    let round = store.round_by_name(&args.round)?;
    let topic = outbox::topic_for(&store, &round, args.kind.0, args.topic.as_deref())?;
    let messages = outbox::messages(&store, &round, args.kind.0, topic.as_ref())?;
    let due = messages.iter().filter(|m| m.sent_at.is_none()).count();
    let people: usize = messages
        .iter()
        .filter(|m| m.sent_at.is_none())
        .map(|m| m.to.len())
        .sum();
    let what = format!(
        "{} ({}) of {} to {} ({} sent before) through {}:{}",
        counted(due, "message", "messages"),
        args.kind.0,
        round.name(),
        counted(people, "person", "people"),
        messages.len() - due,
        url.host,
        url.port
    );
    if messages.is_empty() {
        say!("no {} message to send in {}", args.kind.0, round.name());
        return Ok(());
    }
    if due == 0 {
        say!("nothing to send: {what}");
        return Ok(());
    }
    for warning in outbox::warnings(&round, &messages, topic.as_ref(), super::today()) {
        say_err!("warning: {}", shown(&warning));
    }
    if !args.yes {
        say!("would send {what}; run again with --yes to send");
        let due: Vec<_> = messages
            .iter()
            .filter(|m| m.sent_at.is_none())
            .cloned()
            .collect();
        let (_, left_out) = outbox::write(&store, &due, std::time::SystemTime::now())?;
        for u in &left_out {
            say!("  cannot send to {}: {}", shown(&u.who), shown(&u.why));
        }
        return Ok(());
    }
    let password = match (&url.user, std::env::var("ILN_SMTP_PASSWORD")) {
        (None, _) => None,
        (Some(_), Ok(p)) => Some(p),
        (Some(user), Err(_)) if std::io::stdin().is_terminal() => Some(
            rpassword::prompt_password(format!("password for {user} at {}: ", url.host))
                .map_err(|e| CliError::Smtp(format!("could not read the password: {e}")))?,
        ),
        (Some(user), Err(_)) => {
            return Err(CliError::Smtp(format!(
                "{user} needs a password: set ILN_SMTP_PASSWORD, or run iln send in a terminal \
                 to be asked for it"
            )));
        }
    };
    let transport = url.transport(password).map_err(CliError::Smtp)?;
    say!("sending {what}");
    // A count that overwrites itself, where someone watches it.
    let watched = std::io::stderr().is_terminal();
    let report = outbox::send(
        &mut store,
        &round,
        &messages,
        &transport,
        args.per_minute,
        &mut |done, of| {
            if watched {
                eprint!("\r{done} of {of}");
            }
        },
    )?;
    if watched {
        say_err!();
    }
    say!(
        "sent {}; {} sent before; {} failed",
        counted(report.sent, "message", "messages"),
        report.skipped,
        report.failed.len()
    );
    for (who, answer) in &report.failed {
        say!("  not sent to {}: {}", shown(who), shown(answer));
    }
    // The server sent through is offered next time, in the app too.
    let mut settings = store.program_settings()?;
    if report.sent > 0 && settings.smtp_url != named.trim() {
        settings.smtp_url = named.trim().to_string();
        store.set_program_settings(&settings)?;
    }
    if report.failed.is_empty() {
        Ok(())
    } else {
        Err(CliError::Smtp(format!(
            "{} not sent; run the same command again to send exactly those",
            counted(report.failed.len(), "message was", "messages were")
        )))
    }
}
