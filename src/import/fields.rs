//! The fields of the application form as an import sees them: their key in a mapping file,
//! whether a file must have a column for them, and the key words that recognise their column
//! among the long question texts of a survey export.

use std::fmt;

use crate::domain::vocab::codes;
use crate::domain::{ApplicationForm, PlaceWish};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Submitted,
    Name,
    Email,
    Country,
    City,
    TimeZone,
    Sector,
    Role,
    CareerStage,
    Interests,
    Languages,
    WishSectors,
    WishStage,
    WishPlace,
    Consent,
    Priority,
    Notes,
}

/// Words that make a question about the wished-for partner rather than the applicant.
const PARTNER_WORDS: &[&str] = &[
    "partner",
    "prefer",
    "preference",
    "preferred",
    "wish",
    "match",
    "paired",
];

impl Field {
    pub const ALL: [Field; 17] = [
        Field::Submitted,
        Field::Name,
        Field::Email,
        Field::Country,
        Field::City,
        Field::TimeZone,
        Field::Sector,
        Field::Role,
        Field::CareerStage,
        Field::Interests,
        Field::Languages,
        Field::WishSectors,
        Field::WishStage,
        Field::WishPlace,
        Field::Consent,
        Field::Priority,
        Field::Notes,
    ];

    /// The key of this field in a mapping file's `[columns]` table.
    pub fn key(self) -> &'static str {
        match self {
            Field::Submitted => "submitted_at",
            Field::Name => "name",
            Field::Email => "email",
            Field::Country => "country",
            Field::City => "city",
            Field::TimeZone => "time_zone",
            Field::Sector => "sector",
            Field::Role => "role",
            Field::CareerStage => "career_stage",
            Field::Interests => "interests",
            Field::Languages => "languages",
            Field::WishSectors => "wish_sectors",
            Field::WishStage => "wish_stage",
            Field::WishPlace => "wish_place",
            Field::Consent => "consent",
            Field::Priority => "priority",
            Field::Notes => "notes",
        }
    }

    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key.trim())
    }

    /// The field's name on a form: `E-mail`, `Partner sectors`.
    pub fn label(self) -> &'static str {
        match self {
            Field::Submitted => "Submitted",
            Field::Name => "Name",
            Field::Email => "E-mail",
            Field::Country => "Country",
            Field::City => "City",
            Field::TimeZone => "Time zone",
            Field::Sector => "Sector",
            Field::Role => "Role",
            Field::CareerStage => "Career stage",
            Field::Interests => "Interests",
            Field::Languages => "Languages",
            Field::WishSectors => "Partner sectors",
            Field::WishStage => "Partner stage",
            Field::WishPlace => "Partner place",
            Field::Consent => "Code of conduct",
            Field::Priority => "Priority",
            Field::Notes => "Notes",
        }
    }

    /// What the column holds, for messages ("no column holds the e-mail address").
    pub fn describe(self) -> &'static str {
        match self {
            Field::Submitted => "the time the form was submitted",
            Field::Name => "the applicant's name",
            Field::Email => "the e-mail address",
            Field::Country => "the country the applicant works in",
            Field::City => "the city",
            Field::TimeZone => "the time zone",
            Field::Sector => "the library sector",
            Field::Role => "the role",
            Field::CareerStage => "the career stage",
            Field::Interests => "the areas of interest",
            Field::Languages => "the working languages",
            Field::WishSectors => "the sectors wished for in a partner",
            Field::WishStage => "the career stage wished for in a partner",
            Field::WishPlace => "the country or region wished for in a partner",
            Field::Consent => "the consent to the code of conduct",
            Field::Priority => "the priority flag",
            Field::Notes => "the notes",
        }
    }

    /// The value of this field of a form as the importer reads it back: codes for terms,
    /// a region by its name, the submission time as `YYYY-MM-DD HH:MM:SS`.
    pub fn text_of(self, form: &ApplicationForm) -> String {
        let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
        match self {
            Field::Submitted => form.submitted_at.format("%Y-%m-%d %H:%M:%S").to_string(),
            Field::Name => form.name.clone(),
            Field::Email => form.email.clone(),
            Field::Country => form.country.to_string(),
            Field::City => form.city.clone(),
            Field::TimeZone => form.time_zone.to_string(),
            Field::Sector => form.sector.code().to_string(),
            Field::Role => form.role.clone(),
            Field::CareerStage => form.career_stage.code().to_string(),
            Field::Interests => interest_names(&form.interests),
            Field::Languages => codes(&form.languages, |l| l.code()),
            Field::WishSectors => codes(&form.wish_sectors, |s| s.code()),
            Field::WishStage => form.wish_stage.code().to_string(),
            // As a survey answers it: a region by its name, a country by its code.
            Field::WishPlace => match form.wish_place {
                PlaceWish::Any => "any".to_string(),
                PlaceWish::Region(r) => r.name().to_string(),
                PlaceWish::Country(c) => c.to_string(),
            },
            Field::Consent => yes_no(form.consent),
            Field::Priority => yes_no(form.priority),
            Field::Notes => form.notes.clone(),
        }
    }

    /// The value of this field of a form in words, for a coordinator to read and correct:
    /// names where [`Field::text_of`] writes codes. It reads back the same.
    pub fn words_of(self, form: &ApplicationForm) -> String {
        let names = |names: Vec<&str>| names.join(", ");
        match self {
            Field::Country => form.country().name.to_string(),
            Field::Sector => form.sector.name().to_string(),
            Field::CareerStage => form.career_stage.name().to_string(),
            Field::Interests => interest_names(&form.interests),
            Field::Languages => names(form.languages.iter().map(|l| l.name()).collect()),
            Field::WishSectors => names(form.wish_sectors.iter().map(|s| s.name()).collect()),
            Field::WishStage => form.wish_stage.name().to_string(),
            other => other.text_of(form),
        }
    }

    /// Whether a mapping file's `[values]` may map answers of this field to iln's terms.
    pub fn takes_values(self) -> bool {
        matches!(
            self,
            Field::Country
                | Field::TimeZone
                | Field::Sector
                | Field::CareerStage
                | Field::Interests
                | Field::Languages
                | Field::WishSectors
                | Field::WishStage
                | Field::WishPlace
        )
    }

    /// Whether a cell of this field may hold several terms (`English, Spanish`).
    pub fn has_several_terms(self) -> bool {
        matches!(
            self,
            Field::Interests | Field::Languages | Field::WishSectors
        )
    }

    /// What one term of this field is called, for a sentence about an answer ("is not a
    /// language iln knows").
    pub fn term_noun(self) -> &'static str {
        match self {
            Field::Country => "country",
            Field::Sector | Field::WishSectors => "library sector",
            Field::CareerStage => "career stage",
            Field::Interests => "interest",
            Field::Languages => "language",
            Field::WishStage => "wish about a partner's career stage",
            Field::WishPlace => "country or region",
            Field::TimeZone => "time zone",
            _ => "answer",
        }
    }

    /// The terms an answer to this field can be mapped to, by name, for a coordinator to
    /// choose from (empty for fields of free text, and for interests, which take any).
    pub fn terms(self) -> Vec<&'static str> {
        use crate::domain::{CareerStage, Country, Language, Region, Sector, StageWish};
        let countries = || Country::all().iter().map(|c| c.name);
        match self {
            Field::Country => countries().collect(),
            Field::Sector | Field::WishSectors => Sector::ALL.iter().map(|s| s.name()).collect(),
            Field::CareerStage => CareerStage::ALL.iter().map(|c| c.name()).collect(),
            Field::Languages => Language::names().to_vec(),
            Field::TimeZone => chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).collect(),
            Field::WishStage => StageWish::ALL.iter().map(|w| w.name()).collect(),
            Field::WishPlace => Region::ALL
                .iter()
                .map(|r| r.name())
                .chain(countries())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Whether a file without a column for this field cannot be imported. The others have
    /// a sensible default (no city, the country's time zone, no wish, no notes…).
    pub fn required(self) -> bool {
        matches!(
            self,
            Field::Submitted
                | Field::Name
                | Field::Email
                | Field::Country
                | Field::Sector
                | Field::CareerStage
                | Field::Languages
                | Field::Consent
        )
    }

    /// Short headers that name this field outright; they beat any key-word match.
    fn exact(self) -> &'static [&'static str] {
        match self {
            // The time a response was finished, where a tool also gives its start.
            Field::Submitted => &[
                "submitted_at",
                "timestamp",
                "submitted",
                "date submitted",
                "completion time",
                "end date",
                "recorded date",
            ],
            Field::Name => &["name", "full name", "your name"],
            Field::Email => &["email", "email address", "e-mail address", "work email"],
            Field::Country => &["country"],
            Field::City => &["city"],
            Field::TimeZone => &["time_zone", "timezone", "utc offset"],
            Field::Sector => &["sector", "library sector"],
            Field::Role => &["role", "job title"],
            Field::CareerStage => &["career_stage"],
            Field::Interests => &["interests", "areas of interest"],
            Field::Languages => &["languages"],
            Field::WishSectors => &["wish_sectors", "partner sector"],
            Field::WishStage => &["wish_stage", "partner stage", "partner career stage"],
            Field::WishPlace => &["wish_place", "partner country", "partner region"],
            Field::Consent => &["consent", "code of conduct"],
            Field::Priority => &["priority"],
            Field::Notes => &["notes", "comments"],
        }
    }

    /// Sets of key words; a header holding every word of one set may be this field's column.
    /// For the partner wishes each set also needs one of the partner words.
    fn rules(self) -> &'static [&'static [&'static str]] {
        match self {
            Field::Submitted => &[&["timestamp"], &["submitted"], &["submission"], &["date"]],
            Field::Name => &[&["name"]],
            Field::Email => &[&["email"]],
            Field::Country => &[&["country"]],
            Field::City => &[&["city"], &["town"]],
            Field::TimeZone => &[
                &["time", "zone"],
                &["timezone"],
                &["utc"],
                &["gmt"],
                &["offset"],
            ],
            Field::Sector | Field::WishSectors => &[
                &["sector"],
                &["library", "type"],
                &["library", "kind"],
                &["institution", "type"],
                &["institution", "kind"],
            ],
            Field::Role => &[&["role"], &["job"], &["position"]],
            Field::CareerStage | Field::WishStage => &[
                &["career"],
                &["stage"],
                &["experience"],
                &["how", "long"],
                &["year"],
            ],
            Field::Interests => &[&["interest"], &["topic"], &["area"]],
            Field::Languages => &[&["language"]],
            Field::WishPlace => &[
                &["country"],
                &["region"],
                &["where"],
                &["location"],
                &["part", "world"],
            ],
            Field::Consent => &[
                &["consent"],
                &["code", "conduct"],
                &["agree"],
                &["guideline"],
            ],
            Field::Priority => &[&["priority"]],
            Field::Notes => &[
                &["note"],
                &["comment"],
                &["remark"],
                &["anything", "else"],
                &["additional", "information"],
                &["other", "information"],
            ],
        }
    }

    /// Words that rule a header out for this field even when a rule matches.
    fn unless(self) -> &'static [&'static str] {
        match self {
            // "Name of your library" is not the applicant's name.
            Field::Name => &[
                "library",
                "institution",
                "organisation",
                "organization",
                "employer",
                "user",
            ],
            Field::Email => &["partner"],
            _ => &[],
        }
    }

    fn about_partner(self) -> bool {
        matches!(
            self,
            Field::WishSectors | Field::WishStage | Field::WishPlace
        )
    }

    /// How well a header names this field: `None` when it does not, more when it matches
    /// more key words (so "partner's career stage" beats "career stage" for the wish).
    pub fn header_score(self, header: &str) -> Option<u32> {
        self.score(&HeaderWords::of(header))
    }

    /// [`Field::header_score`] of a header already split into words, to score it against
    /// every field without splitting it again.
    pub fn score(self, header: &HeaderWords) -> Option<u32> {
        let header_words = &header.0;
        if exact_words(self).iter().any(|e| header_words == e) {
            return Some(100);
        }
        let has = |w: &str| header_words.iter().any(|h| h == w);
        if self.unless().iter().any(|u| has(u)) {
            return None;
        }
        let partner = PARTNER_WORDS.iter().any(|p| has(p));
        if self.about_partner() && !partner {
            return None;
        }
        let best = self
            .rules()
            .iter()
            .filter(|rule| rule.iter().all(|w| has(w)))
            .map(|rule| rule.len() as u32)
            .max()?;
        Some(best + u32::from(self.about_partner()))
    }

    /// The key words of this field's rules, for a message about a column not found.
    pub fn alias_hint(self) -> String {
        let rules: Vec<String> = self
            .rules()
            .iter()
            .map(|r| format!("\"{}\"", r.join(" ")))
            .collect();
        let partner = if self.about_partner() {
            " together with \"partner\" or \"prefer\""
        } else {
            ""
        };
        format!("a header with the words {}{partner}", rules.join(" or "))
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The words of a header, lower case, without punctuation and in singular form, so that
/// "E-mail address:", "email Address" and "Your e-mail addresses" compare alike.
/// Interests joined by semicolons, which [`super::values::split_list`] then splits on alone,
/// so that a name holding a comma ("Children, young people and families") stays whole; a
/// lone such name is followed by a semicolon for the same reason.
fn interest_names(interests: &[crate::domain::Interest]) -> String {
    let joined = interests
        .iter()
        .map(|i| i.name())
        .collect::<Vec<_>>()
        .join("; ");
    if interests.len() == 1 && joined.contains(',') {
        joined + ";"
    } else {
        joined
    }
}

/// The words of each field's exact headers, split once.
fn exact_words(field: Field) -> &'static [Vec<String>] {
    static EXACT: std::sync::OnceLock<std::collections::HashMap<Field, Vec<Vec<String>>>> =
        std::sync::OnceLock::new();
    &EXACT.get_or_init(|| {
        Field::ALL
            .iter()
            .map(|&f| (f, f.exact().iter().map(|e| words(e)).collect()))
            .collect()
    })[&field]
}

/// A header's words as [`Field::score`] compares them: lower case, singular.
pub struct HeaderWords(Vec<String>);

impl HeaderWords {
    pub fn of(header: &str) -> HeaderWords {
        HeaderWords(words(header))
    }
}

fn words(text: &str) -> Vec<String> {
    let lower = text.to_lowercase().replace("e-mail", "email");
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(singular)
        .collect()
}

fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies").filter(|s| s.len() > 1) {
        return format!("{stem}y");
    }
    for ending in ["sses", "shes", "ches", "xes"] {
        if word.ends_with(ending) {
            return word[..word.len() - 2].to_string();
        }
    }
    match word.strip_suffix('s') {
        Some(stem) if stem.len() > 2 && !stem.ends_with('s') => stem.to_string(),
        _ => word.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn best(header: &str) -> Option<Field> {
        let mut scored: Vec<(u32, Field)> = Field::ALL
            .into_iter()
            .filter_map(|f| f.header_score(header).map(|s| (s, f)))
            .collect();
        scored.sort_by_key(|&(s, f)| (std::cmp::Reverse(s), f));
        scored.first().map(|&(_, f)| f)
    }

    #[test]
    fn words_ignore_case_punctuation_and_plurals() {
        assert_eq!(
            words("Your E-mail Addresses?"),
            ["your", "email", "address"]
        );
        assert_eq!(words("Countries / regions"), ["country", "region"]);
        assert_eq!(words("Which languages…"), ["which", "language"]);
    }

    #[test]
    fn survey_questions_find_their_fields() {
        let cases = [
            ("Timestamp", Field::Submitted),
            ("Email Address", Field::Email),
            ("What is your email address?", Field::Email),
            ("Your full name", Field::Name),
            ("Which country do you work in?", Field::Country),
            ("Which city do you work in?", Field::City),
            ("What is your time zone? (e.g. UTC+10)", Field::TimeZone),
            ("Which library sector do you work in?", Field::Sector),
            ("What type of library do you work in?", Field::Sector),
            ("What is your current role or job title?", Field::Role),
            ("Which career stage are you at?", Field::CareerStage),
            (
                "Which areas of librarianship interest you? (choose 3 to 6)",
                Field::Interests,
            ),
            (
                "Which languages could you use with your partner? (select all that apply)",
                Field::Languages,
            ),
            (
                "Which library sectors would you like your partner to work in?",
                Field::WishSectors,
            ),
            (
                "Would you prefer a partner at a particular career stage?",
                Field::WishStage,
            ),
            (
                "Is there a country or region you would like your partner to be from?",
                Field::WishPlace,
            ),
            (
                "I agree to follow the ILN code of conduct and to reply to my partner within a week",
                Field::Consent,
            ),
            ("Anything else you would like us to know?", Field::Notes),
            ("Priority", Field::Priority),
        ];
        for (header, field) in cases {
            assert_eq!(best(header), Some(field), "{header}");
        }
        assert_eq!(best("Name of your library"), None);
        assert_eq!(best("How did you hear about us?"), None);
    }
}
