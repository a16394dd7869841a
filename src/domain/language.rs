//! Working languages: every language with an ISO 639-1 code, from the `isolang` crate's
//! table, found by code, English name or its own name. The languages the program meets
//! most are named here, listed first, with the other spellings survey answers use.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use super::DomainError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Language(isolang::Language);

/// A common language, its name as iln shows it, and other spellings of it.
type Common = (Language, &'static str, &'static [&'static str]);

macro_rules! common {
    ($($name:ident = $iso:ident, $display:literal $(, [$($alias:literal),*])?;)+) => {
        #[allow(non_upper_case_globals)]
        impl Language {
            $(pub const $name: Language = Language(isolang::Language::$iso);)+

            /// The languages the program meets most, in the order lists show them.
            pub const ALL: &'static [Language] = &[$(Language::$name),+];
        }

        const COMMON: &[Common] = &[$((Language::$name, $display, &[$($($alias),*)?])),+];
    };
}

common! {
    English = Eng, "English";
    Spanish = Spa, "Spanish", ["español", "espanol", "castellano"];
    French = Fra, "French", ["français", "francais"];
    Arabic = Ara, "Arabic", ["العربية"];
    Portuguese = Por, "Portuguese", ["português", "portugues"];
    Russian = Rus, "Russian", ["русский"];
    Chinese = Zho, "Chinese", ["mandarin", "mandarin chinese", "中文", "cantonese", "putonghua"];
    German = Deu, "German", ["deutsch"];
    Italian = Ita, "Italian", ["italiano"];
    Japanese = Jpn, "Japanese", ["日本語"];
    Korean = Kor, "Korean", ["한국어"];
    Hindi = Hin, "Hindi";
    Bengali = Ben, "Bengali", ["bangla"];
    Urdu = Urd, "Urdu";
    Indonesian = Ind, "Indonesian", ["bahasa indonesia"];
    Malay = Msa, "Malay", ["bahasa melayu", "bahasa malaysia"];
    Swahili = Swa, "Swahili", ["kiswahili"];
    Turkish = Tur, "Turkish", ["türkçe"];
    Persian = Fas, "Persian", ["farsi"];
    Dutch = Nld, "Dutch", ["nederlands"];
    Swedish = Swe, "Swedish";
    Polish = Pol, "Polish";
    Greek = Ell, "Greek";
    Vietnamese = Vie, "Vietnamese";
    Thai = Tha, "Thai";
    Tagalog = Tgl, "Tagalog", ["filipino"];
    Hebrew = Heb, "Hebrew";
    Ukrainian = Ukr, "Ukrainian";
    Maori = Mri, "Māori", ["maori", "te reo", "te reo māori"];
}

impl Language {
    /// Every language with a two-letter code: the common ones first, then the others by
    /// name.
    pub fn every() -> &'static [Language] {
        static EVERY: OnceLock<Vec<Language>> = OnceLock::new();
        EVERY.get_or_init(|| {
            let mut others: Vec<Language> = isolang::languages()
                .filter(|l| l.to_639_1().is_some())
                .map(Language)
                .filter(|l| !Language::ALL.contains(l))
                .collect();
            others.sort_by_key(|l| l.name());
            Language::ALL.iter().copied().chain(others).collect()
        })
    }

    /// The names of [`Language::every`], in its order.
    pub fn names() -> &'static [&'static str] {
        static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
        NAMES.get_or_init(|| Language::every().iter().map(|l| l.name()).collect())
    }

    /// A number for the language, the same in every run (its place in the ISO 639-3 table).
    pub fn number(self) -> u16 {
        self.0 as u16
    }

    /// The ISO 639-1 code, as stored and exported.
    pub fn code(self) -> &'static str {
        self.0
            .to_639_1()
            .expect("only languages with a two-letter code are made")
    }

    pub fn name(self) -> &'static str {
        match COMMON.iter().find(|c| c.0 == self) {
            Some(c) => c.1,
            None => self.0.to_name(),
        }
    }

    /// Finds a language by its two- or three-letter code, its English name or its own
    /// name, ignoring case, and a common one by the other spellings above.
    pub fn find(text: &str) -> Option<Language> {
        let text = text.trim();
        let key = text.to_lowercase();
        if key.is_empty() {
            return None;
        }
        let common = COMMON
            .iter()
            .find(|c| key == c.0.code() || key == c.1.to_lowercase() || c.2.contains(&&*key));
        if let Some(c) = common {
            return Some(c.0);
        }
        let by_code = match key.len() {
            2 => isolang::Language::from_639_1(&key),
            3 => isolang::Language::from_639_3(&key),
            _ => None,
        };
        match by_code {
            Some(found) => found.to_639_1().is_some().then_some(Language(found)),
            None => by_name().get(&key).copied(),
        }
    }

    pub fn parse(text: &str) -> Result<Language, DomainError> {
        Language::find(text).ok_or_else(|| DomainError::Unknown {
            what: "language",
            value: text.trim().to_string(),
            hint: "use a language name such as Spanish or Tamil, or a two-letter code such as es"
                .to_string(),
        })
    }
}

/// Names people use for languages whose ISO name differs, by code.
const OTHER_NAMES: &[(&str, &str)] = &[
    ("pa", "punjabi"),
    ("ps", "pashto"),
    ("si", "sinhalese"),
    ("to", "tongan"),
    ("ug", "uyghur"),
    ("ht", "haitian creole"),
    ("ky", "kyrgyz"),
    ("dv", "maldivian"),
];

/// Every language with a two-letter code by its English name and its own name, in lower
/// case. (The table names some lesser-known languages alike, such as two called Tonga: the
/// one with a two-letter code is meant.)
fn by_name() -> &'static HashMap<String, Language> {
    static BY_NAME: OnceLock<HashMap<String, Language>> = OnceLock::new();
    BY_NAME.get_or_init(|| {
        let mut map = HashMap::new();
        for &l in Language::every() {
            let name = l.0.to_name().to_lowercase();
            // "Tonga (Tonga Islands)" is Tonga too.
            if let Some((short, _)) = name.split_once(" (") {
                map.entry(short.to_string()).or_insert(l);
            }
            map.entry(name).or_insert(l);
            for (_, other) in OTHER_NAMES.iter().filter(|(code, _)| *code == l.code()) {
                map.entry(other.to_string()).or_insert(l);
            }
            if let Some(own) = l.0.to_autonym() {
                map.entry(own.to_lowercase()).or_insert(l);
            }
        }
        map
    })
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_with_a_two_letter_code_is_found_by_code_and_name() {
        let every = Language::every();
        assert!(every.len() > 180, "{}", every.len());
        assert_eq!(&every[..Language::ALL.len()], Language::ALL);
        for &l in every {
            assert_eq!(Language::find(l.code()), Some(l), "{}", l.code());
            assert_eq!(Language::find(l.name()), Some(l), "{}", l.name());
        }
    }

    #[test]
    fn names_as_people_write_them() {
        for (text, code) in [
            ("Tamil", "ta"),
            ("tamil", "ta"),
            ("tam", "ta"),
            ("தமிழ்", "ta"),
            ("Amharic", "am"),
            ("isiZulu", "zu"),
            ("Cymraeg", "cy"),
            ("Mandarin Chinese", "zh"),
            ("Español", "es"),
            ("te reo Māori", "mi"),
            ("Modern Greek", "el"),
            ("Greek", "el"),
            ("Tongan", "to"),
            ("Punjabi", "pa"),
            ("Haitian Creole", "ht"),
        ] {
            assert_eq!(Language::find(text).map(|l| l.code()), Some(code), "{text}");
        }
        assert_eq!(Language::find("Klingon"), None);
        assert_eq!(Language::find("Other"), None);
        assert_eq!(
            Language::find("tlh"),
            None,
            "no two-letter code, so not a working language here"
        );
        assert_eq!(Language::Greek.name(), "Greek");
        assert_eq!(Language::find("ta").unwrap().name(), "Tamil");
    }
}
