//! Areas of professional interest. Each program offers its own on its survey, so an interest
//! is any short text: two spellings that differ only in case, spacing, punctuation or `&`
//! for "and" are the same interest. The twenty below are suggestions and the demo's list.

use std::fmt;
use std::hash::{Hash, Hasher};

use super::DomainError;

/// The longest interest name kept, in characters: a survey option, not a paragraph.
pub const MAX_NAME: usize = 80;

#[derive(Clone, Debug)]
pub struct Interest {
    name: String,
    key: String,
}

/// Interests a new program may start from.
pub const SUGGESTIONS: &[&str] = &[
    "Cataloguing & metadata",
    "Reference services",
    "Information literacy",
    "Digital collections",
    "Research support",
    "Children & youth",
    "Community outreach",
    "Management & leadership",
    "Advocacy",
    "Open access",
    "Preservation & archives",
    "Technology & systems",
    "User experience",
    "Marketing & promotion",
    "Collection development",
    "Research data",
    "Professional development",
    "Diversity & inclusion",
    "Copyright & licensing",
    "Indigenous knowledge",
];

/// The text two spellings of one interest share: lower case, `&` as "and", and every run of
/// punctuation and space one space.
pub fn interest_key(text: &str) -> String {
    text.to_lowercase()
        .replace('&', " and ")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Interest {
    /// An interest named as written, tidied: spaces trimmed and runs of them made one,
    /// control characters dropped.
    pub fn parse(text: &str) -> Result<Interest, DomainError> {
        let name = text
            .split(|c: char| c.is_whitespace() || c.is_control())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let key = interest_key(&name);
        if key.is_empty() {
            return Err(DomainError::Invalid(format!(
                "{:?} names no interest; write its name, such as Research data",
                text.trim()
            )));
        }
        if name.chars().count() > MAX_NAME {
            return Err(DomainError::Invalid(format!(
                "the interest {:?}… is longer than {MAX_NAME} characters; shorten it",
                name.chars().take(30).collect::<String>()
            )));
        }
        Ok(Interest { name, key })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// What two spellings of this interest share ([`interest_key`]).
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The suggested interests, in their order above.
    pub fn suggestions() -> Vec<Interest> {
        Interest::all_of(SUGGESTIONS)
    }

    /// Interests named in the program's own text (suggestions, tests): each name must be one.
    pub fn all_of(names: &[&str]) -> Vec<Interest> {
        names
            .iter()
            .map(|n| Interest::parse(n).expect("a fixed interest name"))
            .collect()
    }
}

impl PartialEq for Interest {
    fn eq(&self, other: &Interest) -> bool {
        self.key == other.key
    }
}

impl Eq for Interest {}

impl Hash for Interest {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key.hash(state);
    }
}

impl fmt::Display for Interest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_interest_are_one() {
        let a = Interest::parse("  Children &  young people ").unwrap();
        let b = Interest::parse("children and young-people").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.name(), "Children & young people");
        assert_eq!(a.key(), "children and young people");
        assert_ne!(a, Interest::parse("Makerspaces").unwrap());
        assert!(Interest::parse(" , - ").is_err());
        assert!(Interest::parse(&"x".repeat(MAX_NAME + 1)).is_err());
        assert_eq!(Interest::parse("Tab\there").unwrap().name(), "Tab here");
    }

    #[test]
    fn suggestions_are_distinct() {
        let all = Interest::suggestions();
        for (i, a) in all.iter().enumerate() {
            assert!(!all[i + 1..].contains(a), "{a}");
        }
    }
}
