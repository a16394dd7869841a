//! What goes out to participants, the same from the command line and the TUI: the messages
//! of one kind in a round, written from the program's templates, as files (`.eml`, mbox,
//! mail-merge CSV) or sent through the coordinator's SMTP server, each recorded once it went
//! out so that no message goes twice.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::domain::{
    Application, ApplicationId, ApplicationStatus, MessageKind, Partnership, PartnershipId,
    PartnershipStatus, Round, RoundStatus, Topic, TopicStatus,
};
use crate::export::mail::fields::{
    Fields, PartnershipFields, PersonFields, ProgramFields, RoundFields, TopicFields, listed,
};
use crate::export::mail::merge::{self, MergeRow};
use crate::export::mail::message::{self, MailError, Recipient};
use crate::export::mail::templates::{self, Rendered, TemplateError};
use crate::ops::matching;
use crate::store::{SentMessage, Store, StoreError};
use crate::text::counted;

#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error(transparent)]
    Mail(#[from] MailError),
    #[error("{0}")]
    Refused(String),
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// One message: what it is, whom it goes to, its merge fields, and whether it went out.
#[derive(Clone, Debug, PartialEq)]
pub struct Outgoing {
    /// Names the message for good: a partnership's introduction by its id and members, a
    /// notice by the application, a topic by topic and application.
    pub key: String,
    pub kind: MessageKind,
    pub partnership_id: Option<PartnershipId>,
    pub to: Vec<(ApplicationId, Recipient)>,
    pub fields: Fields,
    /// When it was recorded as sent, if it was.
    pub sent_at: Option<String>,
}

impl Outgoing {
    pub fn recipients(&self) -> Vec<Recipient> {
        self.to.iter().map(|(_, r)| r.clone()).collect()
    }

    pub fn message_id(&self) -> String {
        message::message_id(&self.key, &self.fields.program.email)
    }

    /// The record of this message as sent (the store dates it).
    fn as_sent(&self) -> SentMessage {
        SentMessage {
            key: self.key.clone(),
            kind: self.kind,
            partnership_id: self.partnership_id,
            recipients: self.to.iter().map(|(id, _)| *id).collect(),
            message_id: self.message_id(),
            sent_at: String::new(),
        }
    }
}

/// Every message of `kind` in `round` (of `topic`, for a topic), sent or not, in a stable
/// order. Refused, saying what to do, when the program has no sender address or the round is
/// not at a stage where the kind makes sense.
pub fn messages(
    store: &Store,
    round: &Round,
    kind: MessageKind,
    topic: Option<&Topic>,
) -> Result<Vec<Outgoing>, OutboxError> {
    let settings = store.program_settings()?;
    if settings.email.trim().is_empty() {
        return Err(OutboxError::Refused(
            "the program has no sender address yet; set it with iln program --name NAME \
             --email ADDRESS --signature TEXT"
                .into(),
        ));
    }
    check_stage(round, kind, topic)?;
    let program = ProgramFields {
        name: settings.name.clone(),
        email: settings.email.clone(),
        signature: settings.signature.clone(),
    };
    let next_round = store
        .rounds()?
        .into_iter()
        .filter(|r| r.plan.opens_on > round.plan.opens_on)
        .min_by_key(|r| r.plan.opens_on)
        .map(|r| RoundFields::of(&r));
    let apps: HashMap<ApplicationId, Application> = store
        .applications(round.id)?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let partnerships = store.partnerships(round.id)?;
    let sent = store.sent_messages(round.id)?;
    let base = Fields {
        program,
        round: RoundFields::of(round),
        next_round,
        greeting: String::new(),
        person: None,
        members: Vec::new(),
        partnership: None,
        topic: None,
    };
    let to_one = |key: String, a: &Application, fields: Fields| {
        let person = PersonFields::of(a);
        Outgoing {
            sent_at: sent.get(&key).map(|s| s.sent_at.clone()),
            key,
            kind,
            partnership_id: None,
            to: vec![(a.id, recipient(&person))],
            fields: Fields {
                greeting: person.first_name.clone(),
                person: Some(person),
                ..fields
            },
        }
    };
    let in_partnership: HashSet<ApplicationId> = partnerships
        .iter()
        .filter(|p| p.status != PartnershipStatus::Draft)
        .flat_map(|p| p.members.iter().copied())
        .collect();
    let mut out = Vec::new();
    match kind {
        MessageKind::Introduction | MessageKind::Rematch => {
            let prepared = matching::prepare(store, round.id)
                .map_err(|e| OutboxError::Refused(e.to_string()))?;
            let ended_early: HashSet<ApplicationId> = partnerships
                .iter()
                .filter(|p| p.status == PartnershipStatus::EndedEarly)
                .flat_map(|p| p.members.iter().copied())
                .collect();
            for p in partnerships
                .iter()
                .filter(|p| p.status == PartnershipStatus::Active)
            {
                // Formed during the round: a member was partnered before in it, or the
                // partnership was introduced with other members (someone joined it).
                let rematch = p.members.iter().any(|m| ended_early.contains(m))
                    || sent
                        .values()
                        .any(|s| s.partnership_id == Some(p.id) && s.recipients != p.members);
                // A partnership with an erased member is not introduced: it is to be ended,
                // and its other member rematched.
                let erased = p
                    .members
                    .iter()
                    .any(|m| apps.get(m).is_none_or(Application::is_erased));
                if rematch != (kind == MessageKind::Rematch) || erased {
                    continue;
                }
                let members: Vec<&Application> =
                    p.members.iter().filter_map(|m| apps.get(m)).collect();
                let people: Vec<PersonFields> =
                    members.iter().map(|a| PersonFields::of(a)).collect();
                let key = format!("{}/p{}/{}", kind.code(), p.id, ids(&p.members));
                out.push(Outgoing {
                    sent_at: sent.get(&key).map(|s| s.sent_at.clone()),
                    key,
                    kind,
                    partnership_id: Some(p.id),
                    to: members
                        .iter()
                        .zip(&people)
                        .map(|(a, person)| (a.id, recipient(person)))
                        .collect(),
                    fields: Fields {
                        greeting: listed(people.iter().map(|m| m.first_name.clone())),
                        partnership: Some(partnership_fields(p, &members, &prepared)),
                        members: people,
                        ..base.clone()
                    },
                });
            }
        }
        MessageKind::Acceptance | MessageKind::Deferral => {
            let wanted = if kind == MessageKind::Acceptance {
                ApplicationStatus::Accepted
            } else {
                ApplicationStatus::Deferred
            };
            for a in sorted(&apps).filter(|a| a.status == wanted) {
                out.push(to_one(
                    format!("{}/a{}", kind.code(), a.id),
                    a,
                    base.clone(),
                ));
            }
        }
        MessageKind::NoMatch => {
            for a in sorted(&apps).filter(|a| {
                a.status == ApplicationStatus::Accepted && !in_partnership.contains(&a.id)
            }) {
                out.push(to_one(
                    format!("{}/a{}", kind.code(), a.id),
                    a,
                    base.clone(),
                ));
            }
        }
        MessageKind::ReEnrol => {
            // Who took part, but not who withdrew.
            for a in sorted(&apps).filter(|a| {
                in_partnership.contains(&a.id) && a.status != ApplicationStatus::Withdrawn
            }) {
                out.push(to_one(
                    format!("{}/a{}", kind.code(), a.id),
                    a,
                    base.clone(),
                ));
            }
        }
        MessageKind::Topic => {
            let topic = topic.expect("checked by check_stage");
            let running: HashSet<ApplicationId> = partnerships
                .iter()
                .filter(|p| p.status == PartnershipStatus::Active)
                .flat_map(|p| p.members.iter().copied())
                .collect();
            let fields = Fields {
                topic: Some(TopicFields::of(topic, &topic.post_link)),
                ..base.clone()
            };
            for a in sorted(&apps).filter(|a| running.contains(&a.id)) {
                out.push(to_one(
                    format!("topic/t{}/a{}", topic.id, a.id),
                    a,
                    fields.clone(),
                ));
            }
        }
    }
    Ok(out)
}

/// The topic a command names with `--topic`: none for a kind other than topic, and for a
/// topic, the one named (refused, listing the round's topics, when none is named).
pub fn topic_for(
    store: &Store,
    round: &Round,
    kind: MessageKind,
    name: Option<&str>,
) -> Result<Option<Topic>, OutboxError> {
    match name {
        Some(name) => topic_called(store, round, name).map(Some),
        None if kind == MessageKind::Topic => Err(OutboxError::Refused(format!(
            "name the topic with --topic TITLE (or its date); {}'s topics: {}",
            round.plan.name,
            topic_titles(&store.topics(round.id)?)
        ))),
        None => Ok(None),
    }
}

/// The round's topic titled `name` (any case), or published on the date `name`.
pub fn topic_called(store: &Store, round: &Round, name: &str) -> Result<Topic, OutboxError> {
    let topics = store.topics(round.id)?;
    let wanted = name.trim().to_lowercase();
    topics
        .iter()
        .find(|t| t.title.trim().to_lowercase() == wanted || t.publish_on.to_string() == wanted)
        .cloned()
        .ok_or_else(|| {
            OutboxError::Refused(format!(
                "{} has no topic {name:?}; its topics: {}",
                round.plan.name,
                topic_titles(&topics)
            ))
        })
}

/// The topics with a title, each with its date, for a message that asks for one.
fn topic_titles(topics: &[Topic]) -> String {
    let titled: Vec<String> = topics
        .iter()
        .filter(|t| !t.title.trim().is_empty())
        .map(|t| format!("\"{}\" ({})", t.title.trim(), t.publish_on))
        .collect();
    if titled.is_empty() {
        "none with a title".to_string()
    } else {
        titled.join(", ")
    }
}

/// Whether the round is at a stage where the kind has anyone to go to.
fn check_stage(round: &Round, kind: MessageKind, topic: Option<&Topic>) -> Result<(), OutboxError> {
    let name = &round.plan.name;
    let published = matches!(round.plan.status, RoundStatus::Active | RoundStatus::Ended);
    let refused = match kind {
        MessageKind::Introduction | MessageKind::Rematch
            if round.plan.status != RoundStatus::Active =>
        {
            Some(format!(
                "introductions go to running partnerships, and {name} is {}; publish its \
                 matching first",
                round.plan.status
            ))
        }
        MessageKind::NoMatch if !published => Some(format!(
            "who is left without a partner is known once {name} is published"
        )),
        MessageKind::ReEnrol if round.plan.status != RoundStatus::Ended => Some(format!(
            "the invitation to apply again goes out once {name} has ended"
        )),
        MessageKind::Topic => match topic {
            None => Some("name the topic to send (--topic TITLE)".to_string()),
            Some(t) if !matches!(t.status, TopicStatus::Ready | TopicStatus::Published) => {
                Some(format!(
                    "the topic \"{}\" is {}; mark it ready first",
                    t.title.trim(),
                    t.status
                ))
            }
            _ => None,
        },
        _ => None,
    };
    refused.map_or(Ok(()), |why| Err(OutboxError::Refused(why)))
}

/// The applications messages may go to, by id: not those of people erased.
fn sorted(apps: &HashMap<ApplicationId, Application>) -> impl Iterator<Item = &Application> {
    let mut all: Vec<&Application> = apps.values().filter(|a| !a.is_erased()).collect();
    all.sort_by_key(|a| a.id);
    all.into_iter()
}

fn ids(members: &[ApplicationId]) -> String {
    members
        .iter()
        .map(|m| m.0.to_string())
        .collect::<Vec<_>>()
        .join("-")
}

fn recipient(p: &PersonFields) -> Recipient {
    Recipient {
        name: p.name.clone(),
        email: p.email.clone(),
    }
}

/// What the members share, and their working-day overlap over the term (the least over
/// every two of them).
fn partnership_fields(
    p: &Partnership,
    members: &[&Application],
    prepared: &matching::Prepared,
) -> PartnershipFields {
    let common = |of: &dyn Fn(&Application) -> Vec<String>| -> String {
        let mut shared = members.first().map(|a| of(a)).unwrap_or_default();
        for a in members.iter().skip(1) {
            let theirs = of(a);
            shared.retain(|x| theirs.contains(x));
        }
        listed(shared)
    };
    let shared_interests = common(&|a| {
        a.form
            .interests
            .iter()
            .map(|i| i.name().to_string())
            .collect()
    });
    let shared_languages = common(&|a| {
        a.form
            .languages
            .iter()
            .map(|l| l.name().to_string())
            .collect()
    });
    let scored: Vec<_> = p
        .members
        .iter()
        .filter_map(|&m| prepared.applicant(m))
        .collect();
    let (mut least, mut most) = (u32::MAX, u32::MAX);
    for (i, a) in scored.iter().enumerate() {
        for b in &scored[i + 1..] {
            least = least.min(a.least_overlap_hours(b));
            most = most.min(a.most_overlap_hours(b));
        }
    }
    let overlap = match (least, most) {
        (u32::MAX, _) => "some hours".to_string(),
        (l, m) if l == m => counted(l as usize, "hour", "hours"),
        (l, m) => format!("{l}–{m} hours as clocks change"),
    };
    PartnershipFields {
        // Published partnerships have both dates.
        starts: p.starts_on.unwrap_or_default(),
        ends: p.ends_on.unwrap_or_default(),
        overlap,
        overlap_hours: if most == u32::MAX { 0 } else { most },
        shared_interests,
        shared_languages,
    }
}

/// A message written: its text, and the mail built from it.
pub struct Written {
    pub outgoing: Outgoing,
    pub rendered: Rendered,
    pub mail: lettre::Message,
}

/// Writes each message from the program's template of its kind, as mail dated `date`.
/// A message that cannot be mail (an address mail does not accept) is left out and named
/// with why, so that the others still go; a template that cannot be written stops all.
pub fn write(
    store: &Store,
    messages: &[Outgoing],
    date: SystemTime,
) -> Result<(Vec<Written>, Vec<Unwritable>), OutboxError> {
    let texts = templates_of(store, messages)?;
    let mut out = Vec::with_capacity(messages.len());
    let mut left_out = Vec::new();
    for m in messages {
        match write_one(m, &texts[&m.kind], date)? {
            Ok(w) => out.push(w),
            Err(u) => left_out.push(u),
        }
    }
    Ok((out, left_out))
}

/// The program's template of each kind among `messages`, read once.
fn templates_of(
    store: &Store,
    messages: &[Outgoing],
) -> Result<HashMap<MessageKind, String>, OutboxError> {
    let mut kinds: Vec<MessageKind> = messages.iter().map(|m| m.kind).collect();
    kinds.sort();
    kinds.dedup();
    kinds
        .into_iter()
        .map(|kind| Ok((kind, store.template(kind)?.text)))
        .collect()
}

/// A message left out, with whom it was for and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unwritable {
    pub who: String,
    pub why: String,
}

fn who(m: &Outgoing) -> String {
    listed(
        m.to.iter()
            .map(|(_, r)| format!("{} <{}>", r.name, r.email)),
    )
}

/// One message from `text`: `Err` for the template, `Ok(Err)` for the message alone.
fn write_one(
    m: &Outgoing,
    text: &str,
    date: SystemTime,
) -> Result<Result<Written, Unwritable>, OutboxError> {
    let rendered = templates::render(m.kind, text, &m.fields)?;
    Ok(
        match message::build(
            &rendered,
            &m.recipients(),
            &m.fields.program,
            &m.message_id(),
            date,
        ) {
            Ok(mail) => Ok(Written {
                outgoing: m.clone(),
                rendered,
                mail,
            }),
            Err(e @ MailError::Sender(_)) => return Err(e.into()),
            Err(e) => Err(Unwritable {
                who: who(m),
                why: e.to_string(),
            }),
        },
    )
}

/// What would make the messages read wrong if they went out today: dates they give that
/// have passed, a topic with no link to its post.
pub fn warnings(
    round: &Round,
    messages: &[Outgoing],
    topic: Option<&Topic>,
    today: chrono::NaiveDate,
) -> Vec<String> {
    let Some(first) = messages.iter().find(|m| m.sent_at.is_none()) else {
        return Vec::new();
    };
    let plan = &round.plan;
    let mut out = Vec::new();
    match first.kind {
        MessageKind::Acceptance if today > plan.matching_on => out.push(format!(
            "{} matched on {}: an acceptance now says matching is still to come",
            plan.name, plan.matching_on
        )),
        MessageKind::Introduction | MessageKind::Rematch => {
            let started = messages
                .iter()
                .filter(|m| m.sent_at.is_none())
                .filter_map(|m| m.fields.partnership.as_ref().map(|p| p.starts))
                .min();
            if let Some(start) = started.filter(|&s| s + chrono::Days::new(14) < today) {
                out.push(format!(
                    "some of these partnerships started on {start}: their introduction comes \
                     late"
                ));
            }
        }
        MessageKind::Deferral | MessageKind::NoMatch | MessageKind::ReEnrol => {
            if let Some(next) = first.fields.next_round.as_ref().filter(|n| n.opens < today) {
                out.push(format!(
                    "they say {} opens on {}, which has passed (it closes on {})",
                    next.name, next.opens, next.closes
                ));
            }
        }
        _ => {}
    }
    if let Some(t) = topic.filter(|t| t.post_link.trim().is_empty()) {
        out.push(format!(
            "\"{}\" has no post link: its e-mail carries the post's text instead (L in Topics \
             sets one)",
            t.title.trim()
        ));
    }
    out
}

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exported {
    pub messages: usize,
    pub recipients: usize,
    pub dir: PathBuf,
    /// The keys of the messages written.
    pub written: Vec<String>,
    /// Messages left out, and why.
    pub left_out: Vec<Unwritable>,
}

/// Records the messages an export wrote, and that were not sent before, as sent: for a
/// coordinator who sends them with a mail tool of their own, so that `iln send` leaves them
/// out. Returns how many were recorded.
pub fn record_sent_elsewhere(
    store: &mut Store,
    round: &Round,
    messages: &[Outgoing],
    written: &[String],
) -> Result<usize, OutboxError> {
    let sent: Vec<SentMessage> = written_not_sent(messages, written)
        .into_iter()
        .map(Outgoing::as_sent)
        .collect();
    if let Some(kind) = messages.first().map(|m| m.kind)
        && !sent.is_empty()
    {
        store.record_sent_elsewhere(round.id, kind, &sent)?;
    }
    Ok(sent.len())
}

/// Of `messages`, those an export wrote (by key) that were not sent before.
pub fn written_not_sent<'m>(messages: &'m [Outgoing], written: &[String]) -> Vec<&'m Outgoing> {
    let written: HashSet<&str> = written.iter().map(String::as_str).collect();
    messages
        .iter()
        .filter(|m| m.sent_at.is_none() && written.contains(m.key.as_str()))
        .collect()
}

/// Writes `messages` into `dir`: one `.eml` each, `messages.mbox` with all of them, and
/// `mail-merge.csv` with a row per recipient.
pub fn export(
    store: &Store,
    messages: &[Outgoing],
    dir: &Path,
    date: SystemTime,
) -> Result<Exported, OutboxError> {
    let (written, left_out) = write(store, messages, date)?;
    let failed = |path: &Path| {
        let path = path.to_path_buf();
        move |source| OutboxError::Write { path, source }
    };
    crate::files::create_private_dir(dir).map_err(failed(dir))?;
    let mut all = Vec::with_capacity(written.len());
    for (i, w) in written.iter().enumerate() {
        let bytes = w.mail.formatted();
        let path = dir.join(format!(
            "{:03}-{}.eml",
            i + 1,
            w.outgoing.key.replace('/', "-")
        ));
        crate::files::write_private(&path, &bytes).map_err(failed(&path))?;
        all.push(bytes);
    }
    let mbox = dir.join("messages.mbox");
    crate::files::write_private(&mbox, &message::mbox(&all)).map_err(failed(&mbox))?;
    let rows: Vec<MergeRow> = written
        .iter()
        .map(|w| MergeRow {
            kind: w.outgoing.kind.code(),
            key: &w.outgoing.key,
            to: &[],
            subject: &w.rendered.subject,
            text: &w.rendered.text,
            fields: &w.outgoing.fields,
        })
        .collect();
    let recipients: Vec<Vec<Recipient>> = written.iter().map(|w| w.outgoing.recipients()).collect();
    let rows: Vec<MergeRow> = rows
        .into_iter()
        .zip(&recipients)
        .map(|(row, to)| MergeRow { to, ..row })
        .collect();
    let csv = dir.join("mail-merge.csv");
    let file = crate::files::create_private(&csv).map_err(failed(&csv))?;
    let count = merge::write(&rows, std::io::BufWriter::new(file)).map_err(failed(&csv))?;
    Ok(Exported {
        messages: written.len(),
        recipients: count,
        dir: dir.to_path_buf(),
        written: written.iter().map(|w| w.outgoing.key.clone()).collect(),
        left_out,
    })
}

/// Where messages go: an SMTP server, or anything that takes a message as a server would
/// (tests).
pub trait Outbox {
    /// Sends one message; the error is the server's answer.
    fn send(&self, mail: &lettre::Message) -> Result<(), String>;
}

impl Outbox for lettre::SmtpTransport {
    fn send(&self, mail: &lettre::Message) -> Result<(), String> {
        lettre::Transport::send(self, mail)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// Why `m` must not go out as it was written, if a recipient is no longer as the round held
/// them when the messages were listed.
fn changed_recipient(store: &Store, m: &Outgoing) -> Result<Option<String>, OutboxError> {
    for (id, to) in &m.to {
        let now = store.application(*id)?;
        if now.is_erased() {
            return Ok(Some(
                "not sent: a recipient was erased after the sending began".to_string(),
            ));
        }
        if now.form.email != to.email {
            return Ok(Some(format!(
                "not sent: the address of {} changed after the sending began; send again to \
                 use the new one",
                to.name
            )));
        }
    }
    Ok(None)
}

/// What a send run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SendReport {
    pub sent: usize,
    /// Sent before, and not sent again.
    pub skipped: usize,
    /// Who it failed for, with the server's answer; tried again next time.
    pub failed: Vec<(String, String)>,
}

/// Sends the messages not yet sent, at most `per_minute` a minute, recording each as sent
/// the moment the server takes it. `progress` hears of each (sent so far, of how many).
pub fn send(
    store: &mut Store,
    round: &Round,
    messages: &[Outgoing],
    outbox: &dyn Outbox,
    per_minute: u32,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<SendReport, OutboxError> {
    let due: Vec<Outgoing> = messages
        .iter()
        .filter(|m| m.sent_at.is_none())
        .cloned()
        .collect();
    let mut report = SendReport {
        skipped: messages.len() - due.len(),
        ..SendReport::default()
    };
    let pause = Duration::from_secs(60) / per_minute.max(1);
    let texts = templates_of(store, &due)?;
    for (i, m) in due.iter().enumerate() {
        if i > 0 {
            std::thread::sleep(pause);
        }
        // The list was made when the send began: a recipient erased or given another
        // address since is not written to.
        if let Some(why) = changed_recipient(store, m)? {
            report.failed.push((who(m), why));
            progress(i + 1, due.len());
            continue;
        }
        let text = &texts[&m.kind];
        // Written as it goes out, so that it is dated when it was sent.
        let w = match write_one(m, text, SystemTime::now())? {
            Ok(w) => w,
            Err(u) => {
                report.failed.push((u.who, u.why));
                progress(i + 1, due.len());
                continue;
            }
        };
        match outbox.send(&w.mail) {
            Ok(()) => {
                store.record_sent(round.id, &m.as_sent())?;
                report.sent += 1;
            }
            Err(answer) => report.failed.push((who(m), answer)),
        }
        progress(i + 1, due.len());
    }
    if let Some(kind) = messages.first().map(|m| m.kind) {
        store.record_send_run(round.id, kind, report.sent, report.failed.len())?;
    }
    Ok(report)
}
