//! Typed ids of stored records, so that one kind of id cannot be passed where another is
//! wanted. Each is the record's row id; it prints, and serialises, as the plain number.

use std::fmt;

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize,
            serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(s: &str) -> Result<$name, Self::Err> {
                s.parse().map($name)
            }
        }
    )*};
}

ids! {
    /// A round.
    RoundId;
    /// One person's application to one round.
    ApplicationId;
    /// A person, the same across rounds.
    PersonId;
    /// A pair or trio of applications, draft or published.
    PartnershipId;
    /// A discussion topic (or an empty slot for one).
    TopicId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_print_and_parse_as_their_number() {
        assert_eq!(ApplicationId(42).to_string(), "42");
        assert_eq!(format!("round {}", RoundId(7)), "round 7");
        assert_eq!("12".parse::<TopicId>(), Ok(TopicId(12)));
    }
}
