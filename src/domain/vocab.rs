//! Closed vocabularies of the application form: library sectors and career stages. Each term has a stable code (stored in the database), a display name,
//! and aliases that survey exports are known to use.

use std::fmt;

use super::DomainError;

/// Declares a vocabulary enum with its stored code, display name and accepted aliases.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal, $hint:literal {
        $($variant:ident => $code:literal, $display:literal $(, [$($alias:literal),*])?;)+
    }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code stored in the database and written in exports.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn name(self) -> &'static str {
                match self { $($name::$variant => $display),+ }
            }

            /// Finds a term by code, name or alias, ignoring case and surrounding space;
            /// failing that, by the same words in any order, without punctuation or the
            /// words a form adds around a term ("School library", "Student (LIS)"), or by
            /// words that each name the same term ("Academic / university library").
            pub fn find(text: &str) -> Option<$name> {
                let key = text.trim().to_lowercase();
                $(
                    if key == $code || key == $display.to_lowercase()
                        $($(|| key == $alias)*)? {
                        return Some($name::$variant);
                    }
                )+
                let words = term_words(&key);
                if words.is_empty() {
                    return None;
                }
                let by_words = |words: &[String]| {
                    $(
                        if words == term_words($display)
                            $($(|| words == term_words($alias))*)? {
                            return Some($name::$variant);
                        }
                    )+
                    None
                };
                if let Some(found) = by_words(&words) {
                    return Some(found);
                }
                // "Academic / university library": each word names the same term alone.
                let mut alike = words.iter().map(|w| by_words(std::slice::from_ref(w)));
                let first = alike.next().flatten()?;
                alike.all(|t| t == Some(first)).then_some(first)
            }

            pub fn parse(text: &str) -> Result<$name, DomainError> {
                $name::find(text).ok_or_else(|| DomainError::Unknown {
                    what: $what,
                    value: text.trim().to_string(),
                    hint: $hint.to_string(),
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

vocabulary! {
    /// The kind of library or information service a person works in.
    Sector, "library sector",
    "use one of: academic, public, school, special, national, government, LIS student" {
        Academic => "academic", "Academic", ["university", "college", "higher education"];
        Public => "public", "Public";
        School => "school", "School";
        Special => "special", "Special", ["corporate", "law", "health", "medical"];
        National => "national", "National", ["national library"];
        Government => "government", "Government", ["state", "parliamentary"];
        LisStudent => "lis_student", "LIS student", ["student", "lis student", "library student"];
    }
}

vocabulary! {
    /// How far into their career a person is. The order is meaningful (earlier < later).
    CareerStage, "career stage", "use one of: student, early, mid, late" {
        Student => "student", "Student", ["lis student"];
        Early => "early", "Early career", ["early-career", "new professional", "early career (0-5 years)"];
        Mid => "mid", "Mid career", ["mid-career", "mid career (5-15 years)"];
        Late => "late", "Late career", ["late-career", "senior", "late career (15+ years)"];
    }
}

/// Words a form puts around a term that do not tell terms apart.
const FILLER: &[&str] = &[
    "or",
    "library",
    "libraries",
    "librarian",
    "sector",
    "and",
    "the",
    "a",
];

/// A term's words, lower-cased and sorted, without punctuation or [`FILLER`].
fn term_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !FILLER.contains(w))
        .map(str::to_string)
        .collect();
    words.sort_unstable();
    words
}

/// Splits a multi-value cell (`English, Spanish`, `English; Spanish`, one per line) and
/// parses each term, keeping the order given and dropping repeats.
pub fn parse_list<T: Copy + PartialEq>(
    text: &str,
    parse: impl Fn(&str) -> Result<T, DomainError>,
) -> Result<Vec<T>, DomainError> {
    let mut out = Vec::new();
    for part in text.split([',', ';', '\n', '|']) {
        if part.trim().is_empty() {
            continue;
        }
        let term = parse(part)?;
        if !out.contains(&term) {
            out.push(term);
        }
    }
    Ok(out)
}

/// Joins terms by their stored codes, for a database column.
pub fn codes<T: Copy>(items: &[T], code: impl Fn(T) -> &'static str) -> String {
    items.iter().map(|&t| code(t)).collect::<Vec<_>>().join(",")
}

/// Parses a column written by [`codes`].
pub fn from_codes<T: Copy + PartialEq>(
    text: &str,
    find: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, DomainError> {
    parse_list(text, |s| {
        find(s).ok_or_else(|| DomainError::Corrupt(format!("unknown stored code {s:?}")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Language;

    #[test]
    fn codes_round_trip_for_every_term() {
        for &s in Sector::ALL {
            assert_eq!(Sector::find(s.code()), Some(s));
        }
        for &c in CareerStage::ALL {
            assert_eq!(CareerStage::find(&c.name().to_uppercase()), Some(c));
        }
    }

    #[test]
    fn a_forms_own_wording_finds_the_term() {
        for (answer, sector) in [
            ("School library", Sector::School),
            ("Public library", Sector::Public),
            ("University library", Sector::Academic),
            ("Academic Libraries", Sector::Academic),
            ("National library", Sector::National),
            ("Special library", Sector::Special),
            ("LIS student", Sector::LisStudent),
        ] {
            assert_eq!(Sector::find(answer), Some(sector), "{answer}");
        }
        assert_eq!(
            CareerStage::find("Student (LIS)"),
            Some(CareerStage::Student)
        );
        assert_eq!(CareerStage::find("Mid-Career"), Some(CareerStage::Mid));
        assert_eq!(
            Sector::find("Academic / university library"),
            Some(Sector::Academic)
        );
        assert_eq!(
            Sector::find("Academic or public library"),
            None,
            "two terms"
        );
        // Filler alone, or a different word, is no term.
        assert_eq!(Sector::find("Library"), None);
        assert_eq!(Sector::find("Prison library"), None);
    }

    #[test]
    fn lists_split_on_common_separators() {
        let l = parse_list("English, español;French\nEnglish", Language::parse).unwrap();
        assert_eq!(
            l,
            vec![Language::English, Language::Spanish, Language::French]
        );
        assert!(parse_list("English, Klingon", Language::parse).is_err());
        assert_eq!(codes(&l, Language::code), "en,es,fr");
        assert_eq!(from_codes("en,es,fr", Language::find).unwrap(), l);
    }

    #[test]
    fn career_stages_are_ordered() {
        assert!(CareerStage::Student < CareerStage::Early);
        assert!(CareerStage::Mid < CareerStage::Late);
    }
}
