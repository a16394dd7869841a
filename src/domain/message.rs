//! What goes out to participants: the kinds of message, each written from its template.

use std::fmt;

/// A kind of message, with its own template and recipients.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MessageKind {
    /// One per published partnership, to all its members: who the others are.
    Introduction,
    /// As an introduction, for a partnership formed during the round (a rematch, or a third
    /// member joining).
    Rematch,
    /// To each accepted applicant, before matching.
    Acceptance,
    /// To each applicant the country cap deferred: invited to the next round.
    Deferral,
    /// To each accepted applicant left without a partner once the round is published.
    NoMatch,
    /// To each participant of an ended round: an invitation to apply again.
    ReEnrol,
    /// A discussion topic, to each participant of the round's running partnerships.
    Topic,
}

impl MessageKind {
    pub const ALL: [MessageKind; 7] = [
        MessageKind::Introduction,
        MessageKind::Rematch,
        MessageKind::Acceptance,
        MessageKind::Deferral,
        MessageKind::NoMatch,
        MessageKind::ReEnrol,
        MessageKind::Topic,
    ];

    /// The name used on the command line, in file names and in the database.
    pub fn code(self) -> &'static str {
        match self {
            MessageKind::Introduction => "introductions",
            MessageKind::Rematch => "rematches",
            MessageKind::Acceptance => "acceptance",
            MessageKind::Deferral => "deferral",
            MessageKind::NoMatch => "no-match",
            MessageKind::ReEnrol => "re-enrol",
            MessageKind::Topic => "topic",
        }
    }

    pub fn from_code(code: &str) -> Option<MessageKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// What the kind is, for lists and questions.
    pub fn describe(self) -> &'static str {
        match self {
            MessageKind::Introduction => "introduction of each published partnership",
            MessageKind::Rematch => "introduction of each partnership formed during the round",
            MessageKind::Acceptance => "acceptance, to each accepted applicant",
            MessageKind::Deferral => "deferral over the country cap, with an invitation",
            MessageKind::NoMatch => "no partner this round, to each left unmatched",
            MessageKind::ReEnrol => "end of the round: an invitation to apply again",
            MessageKind::Topic => "a discussion topic, to each participant",
        }
    }

    /// The template iln ships for the kind (see `assets/templates`).
    pub fn default_template(self) -> &'static str {
        match self {
            MessageKind::Introduction => include_str!("../../assets/templates/introductions.md"),
            MessageKind::Rematch => include_str!("../../assets/templates/rematches.md"),
            MessageKind::Acceptance => include_str!("../../assets/templates/acceptance.md"),
            MessageKind::Deferral => include_str!("../../assets/templates/deferral.md"),
            MessageKind::NoMatch => include_str!("../../assets/templates/no-match.md"),
            MessageKind::ReEnrol => include_str!("../../assets/templates/re-enrol.md"),
            MessageKind::Topic => include_str!("../../assets/templates/topic.md"),
        }
    }

    /// Whether one message goes to the members of a partnership together.
    pub fn to_partnerships(self) -> bool {
        matches!(self, MessageKind::Introduction | MessageKind::Rematch)
    }
}

impl fmt::Display for MessageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
