//! `x` in a pane: what of the round to write out (a table as CSV or JSON, the round's
//! figures, its topics as posts, or messages as mail files), then where. The same use cases
//! as `iln export` and `iln report`.

use std::path::Path;

use super::{Cx, Intent as AnyIntent};
use crate::domain::{MessageKind, Round, RoundId, TopicId};
use crate::export::table::Format;
use crate::ops::exports::{self, Records};
use crate::ops::outbox;
use crate::text::{counted, shown};
use crate::tui::kit::modal::{Answer, Modal, PathKind, PathPrompt, PickItem, Picker, Question};

/// One thing a pane can write out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    Table(Records),
    Messages(MessageKind),
    /// A topic's e-mail to each participant.
    TopicMessages(TopicId),
    /// The round in numbers, as `iln report` writes it.
    Report,
    /// Each topic as a blog post and an e-mail text, as `iln export topics` writes them.
    Posts,
}

impl Export {
    fn label(self) -> String {
        match self {
            Export::Table(r) => format!("The {} (CSV, or JSON for a .json name)", r.noun()),
            Export::Messages(kind) => format!("Messages: {}", kind.describe()),
            Export::TopicMessages(_) => "the topic's e-mails to participants".to_string(),
            Export::Report => {
                "The round in numbers (Markdown for a .md name, JSON for .json, else text)"
                    .to_string()
            }
            Export::Posts => "The topics as blog posts and e-mail texts".to_string(),
        }
    }

    /// The file or folder name offered for the round.
    fn default_name(self, round: &str) -> String {
        let slug = crate::export::topics::slug(round);
        match self {
            Export::Table(Records::Candidates { .. }) => format!("{slug}-candidates.csv"),
            Export::Table(r) => format!("{slug}-{}.csv", r.noun()),
            Export::Messages(kind) => format!("{slug}-{}", kind.code()),
            Export::TopicMessages(id) => format!("{slug}-topic-{}", id.0),
            Export::Report => format!("{slug}-in-numbers.md"),
            Export::Posts => format!("topics-{slug}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Intent {
    Which {
        round_id: RoundId,
        choices: Vec<Export>,
    },
    To {
        round_id: RoundId,
        what: Export,
    },
    /// Record the messages just written (by key), not sent before, as sent: the
    /// coordinator sends them with a mail tool of their own.
    RecordSent {
        round_id: RoundId,
        what: Export,
        keys: Vec<String>,
    },
}

/// What the Rounds and Overview panes offer: the whole round.
pub fn the_round() -> Vec<Export> {
    vec![
        Export::Report,
        Export::Table(Records::Applicants),
        Export::Table(Records::Partnerships),
        Export::Table(Records::Problems),
        Export::Table(Records::Topics),
    ]
}

/// Asks which of `choices` to write out of `round`.
pub fn ask(round: &Round, choices: Vec<Export>, cx: &mut Cx) {
    let items = choices
        .iter()
        .map(|&c| PickItem {
            label: c.label(),
            description: match c {
                Export::Table(_) => "A file readable by you alone; a cell a spreadsheet would \
                                     run as a formula is marked as text."
                    .to_string(),
                Export::Report => "The figures the Overview shows, ready for the program's \
                                   blog as Markdown."
                    .to_string(),
                Export::Posts => "A folder with a post (.md) and an e-mail (.email.txt) for \
                                  each topic with text; files of the same name are replaced."
                    .to_string(),
                Export::Messages(_) | Export::TopicMessages(_) => {
                    "A folder with one .eml file per message, \
                                        messages.mbox with all of them, and mail-merge.csv \
                                        with a row per recipient."
                        .to_string()
                }
            },
        })
        .collect();
    cx.open(Modal::Picker(Picker::new(
        &format!("Export from {}", round.plan.name),
        "What to write out:".to_string(),
        items,
        AnyIntent::Export(Intent::Which {
            round_id: round.id,
            choices,
        }),
    )));
}

/// Asks where to write `what` of `round`.
pub fn ask_where(round: &Round, what: Export, cx: &mut Cx) {
    let kind = match what {
        Export::Table(_) | Export::Report => PathKind::NewFile,
        Export::Messages(_) | Export::TopicMessages(_) | Export::Posts => PathKind::Folder,
    };
    let mut prompt = PathPrompt::new(
        "Export",
        vec![format!(
            "Where to write {} of {}:",
            what.label(),
            round.plan.name
        )],
        kind,
        AnyIntent::Export(Intent::To {
            round_id: round.id,
            what,
        }),
    );
    prompt.input.set(what.default_name(&round.plan.name));
    cx.open(Modal::PathPrompt(prompt));
}

pub fn answer(intent: Intent, answer: Answer, cx: &mut Cx) -> Result<(), String> {
    match (intent, answer) {
        (Intent::Which { round_id, choices }, Answer::Picked(i)) => {
            if let (Some(&what), Ok(round)) = (choices.get(i), cx.store.round(round_id)) {
                ask_where(&round, what, cx);
            }
        }
        (Intent::To { round_id, what }, Answer::Path(path)) => {
            let said = write(cx, round_id, what, &path)?;
            cx.info(said);
        }
        (
            Intent::RecordSent {
                round_id,
                what,
                keys,
            },
            Answer::Yes,
        ) => {
            let round = cx.store.round(round_id).map_err(|e| e.to_string())?;
            let (messages, _) = messages_of(cx, &round, what)?;
            let n = outbox::record_sent_elsewhere(cx.store, &round, &messages, &keys)
                .map_err(|e| format!("Nothing recorded: {e}"))?;
            cx.info(format!(
                "Recorded {} of {} as sent; iln will not send them again.",
                counted(n, "message", "messages"),
                round.plan.name
            ));
        }
        (Intent::RecordSent { .. }, Answer::No) => {
            cx.info("Nothing recorded as sent: iln can still send these messages.");
        }
        _ => {}
    }
    Ok(())
}

/// The messages `what` stands for, with their kind.
fn messages_of(
    cx: &Cx,
    round: &Round,
    what: Export,
) -> Result<(Vec<outbox::Outgoing>, MessageKind), String> {
    let (kind, topic) = match what {
        Export::TopicMessages(id) => (
            MessageKind::Topic,
            Some(cx.store.topic(id).map_err(|e| e.to_string())?),
        ),
        Export::Messages(kind) => (kind, None),
        _ => unreachable!("only messages are recorded as sent"),
    };
    let messages =
        outbox::messages(cx.store, round, kind, topic.as_ref()).map_err(|e| e.to_string())?;
    Ok((messages, kind))
}

/// Writes `what` of the round to `path`; says what it wrote, or why not (kept under the
/// prompt's field).
fn write(cx: &mut Cx, round_id: RoundId, what: Export, path: &Path) -> Result<String, String> {
    let round = cx.store.round(round_id).map_err(|e| e.to_string())?;
    match what {
        Export::Table(records) => {
            let rows = exports::table(cx.store, &round, records, Format::of_path(path), path)
                .map_err(|e| e.to_string())?;
            Ok(format!(
                "Wrote {rows} {} of {} to {}.",
                records.noun(),
                round.plan.name,
                path.display()
            ))
        }
        Export::Report => {
            let report =
                crate::ops::figures::report(cx.store, &round).map_err(|e| e.to_string())?;
            let text = match path.extension().and_then(|e| e.to_str()) {
                Some("md" | "markdown") => report.markdown(),
                Some("json") => {
                    serde_json::to_string_pretty(&report).map_err(|e| e.to_string())? + "\n"
                }
                _ => report.text(),
            };
            crate::files::write_private(path, text.as_bytes())
                .map_err(|e| format!("Could not write {}: {e}", path.display()))?;
            Ok(format!(
                "Wrote {} in numbers to {}.",
                round.plan.name,
                path.display()
            ))
        }
        Export::Posts => {
            let export = exports::topics(cx.store, &round, path)
                .map_err(|e| format!("Export stopped: {e}"))?;
            // The full path, since a relative one depends on where iln was started.
            let dir = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            Ok(crate::text::sentence(export.describe(round.name(), &dir)) + ".")
        }
        Export::Messages(_) | Export::TopicMessages(_) => {
            let (messages, kind) = messages_of(cx, &round, what)?;
            let done = outbox::export(cx.store, &messages, path, std::time::SystemTime::now())
                .map_err(|e| e.to_string())?;
            let unsent: Vec<String> = outbox::written_not_sent(&messages, &done.written)
                .into_iter()
                .map(|m| m.key.clone())
                .collect();
            if !unsent.is_empty() {
                cx.open(Modal::Question(Question {
                    title: "Sent with your own mail tool?".to_string(),
                    text: format!(
                        "If you send these {} yourself, y records them as sent, so that iln \
                         does not send them again. n leaves them for iln to send.",
                        counted(unsent.len(), "message", "messages")
                    ),
                    intent: AnyIntent::Export(Intent::RecordSent {
                        round_id,
                        what,
                        keys: unsent,
                    }),
                }));
            }
            // The full path, since a relative one depends on where iln was started.
            let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            let left_out = match done.left_out.as_slice() {
                [] => String::new(),
                [one] => format!(" Left out, for {}: {}", shown(&one.who), shown(&one.why)),
                many => format!(
                    " {} left out, the first for {}: {}",
                    many.len(),
                    shown(&many[0].who),
                    shown(&many[0].why)
                ),
            };
            Ok(format!(
                "Wrote {} ({kind}) of {} to {}.{left_out}",
                counted(done.messages, "message", "messages"),
                round.plan.name,
                path.display()
            ))
        }
    }
}
