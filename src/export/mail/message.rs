//! A written message as mail: RFC 5322 with a plain and an HTML part, built by `lettre` so
//! that every header from data (names, the subject) is encoded as mail requires; an mbox
//! of several.

use std::time::SystemTime;

use lettre::Message;
use lettre::message::{Mailbox, MultiPart};

use super::fields::ProgramFields;
use super::templates::Rendered;

/// Someone a message goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipient {
    pub name: String,
    pub email: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("{who}'s e-mail address {email:?} is not one mail accepts; correct it in Applicants")]
    Recipient { who: String, email: String },
    #[error(
        "the program's address {0:?} is not an e-mail address; set it with iln program --email"
    )]
    Sender(String),
    #[error("the message could not be built: {0}")]
    Build(String),
}

/// A mailbox with a display name that stays one line of text, whatever the data held.
fn mailbox(name: &str, email: &str) -> Option<Mailbox> {
    let name: String = name
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let address = email.trim().parse().ok()?;
    Some(Mailbox::new((!name.is_empty()).then_some(name), address))
}

/// The message `rendered` to `to`, from the program (also its Reply-To), with its own
/// Message-ID (angle brackets included) and date.
pub fn build(
    rendered: &Rendered,
    to: &[Recipient],
    program: &ProgramFields,
    message_id: &str,
    date: SystemTime,
) -> Result<Message, MailError> {
    let from = mailbox(&program.name, &program.email)
        .ok_or_else(|| MailError::Sender(program.email.clone()))?;
    let mut builder = Message::builder()
        .from(from.clone())
        .reply_to(from)
        .subject(rendered.subject.clone())
        .message_id(Some(message_id.to_string()))
        .date(date);
    for r in to {
        let mailbox = mailbox(&r.name, &r.email).ok_or_else(|| MailError::Recipient {
            who: r.name.clone(),
            email: r.email.clone(),
        })?;
        builder = builder.to(mailbox);
    }
    builder
        .multipart(MultiPart::alternative_plain_html(
            rendered.text.clone(),
            rendered.html.clone(),
        ))
        .map_err(|e| MailError::Build(e.to_string()))
}

/// A Message-ID for the message `key` of a program sending from `email`: the same for the
/// same message every time, so that a message sent twice is known for one.
pub fn message_id(key: &str, email: &str) -> String {
    let domain = email
        .rsplit_once('@')
        .map(|(_, d)| d.trim())
        .filter(|d| !d.is_empty())
        .unwrap_or("iln.invalid");
    let local: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '.'
            }
        })
        .collect();
    format!("<{local}@{domain}>")
}

/// Messages as one mbox (mboxrd): each after a `From ` line, its lines ending in LF, and a
/// body line starting with `From ` (after any `>`s) given one more `>`.
pub fn mbox(messages: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for m in messages {
        out.extend_from_slice(b"From iln@localhost Thu Jan  1 00:00:00 1970\n");
        let text = String::from_utf8_lossy(m);
        for line in text.split("\r\n") {
            if line.trim_start_matches('>').starts_with("From ") {
                out.push(b'>');
            }
            out.extend_from_slice(line.as_bytes());
            out.push(b'\n');
        }
        out.push(b'\n');
    }
    out
}
