//! Plain types of the program and the rules that hold for them. No I/O here.

pub mod application;
pub mod cadence;
pub mod cap;
pub mod country;
pub mod ids;
pub mod interest;
pub mod language;
pub mod message;
pub mod partnership;
pub mod preference;
pub mod round;
pub mod stage;
pub mod time_zone;
pub mod topic;
pub mod vocab;

pub use application::{
    Application, ApplicationForm, ApplicationStatus, ERASED_DOMAIN, NewApplication, Person,
};
pub use cadence::Cadence;
pub use country::{Country, Region};
pub use ids::{ApplicationId, PartnershipId, PersonId, RoundId, TopicId};
pub use interest::Interest;
pub use language::Language;
pub use message::MessageKind;
pub use partnership::{Partnership, PartnershipStatus, paired};
pub use preference::{PlaceWish, StageWish};
pub use round::{Round, RoundPlan, RoundStatus};
pub use time_zone::{TimeZone, UtcOffset, days_of_term};
pub use topic::{LibraryTopic, Topic, TopicStatus};
pub use vocab::{CareerStage, Sector};

/// Why a value is not acceptable, worded so that it can follow `column "X": ` in a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("unknown {what} {value:?}; {hint}")]
    Unknown {
        what: &'static str,
        value: String,
        hint: String,
    },
    #[error("{0}")]
    Invalid(String),
    /// A stored value the code cannot read: the database was edited by something else.
    #[error("stored data is not readable: {0}")]
    Corrupt(String),
}
