//! People and their applications. A person is the same across rounds (identity: e-mail,
//! case-insensitive); they fill in a new application every round.

use std::fmt;

use chrono::NaiveDateTime;

use super::{
    ApplicationId, CareerStage, Country, DomainError, Interest, Language, PersonId, PlaceWish,
    RoundId, Sector, StageWish, TimeZone,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub id: PersonId,
    pub email: String,
    pub name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ApplicationStatus {
    Pending,
    Accepted,
    Deferred,
    Withdrawn,
    /// Carried over from an earlier round (deferred, left unmatched, or ended early without
    /// a rematch): the person's new application has not come yet.
    Invited,
}

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 5] = [
        ApplicationStatus::Pending,
        ApplicationStatus::Accepted,
        ApplicationStatus::Deferred,
        ApplicationStatus::Withdrawn,
        ApplicationStatus::Invited,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ApplicationStatus::Pending => "pending",
            ApplicationStatus::Accepted => "accepted",
            ApplicationStatus::Deferred => "deferred",
            ApplicationStatus::Withdrawn => "withdrawn",
            ApplicationStatus::Invited => "invited",
        }
    }

    /// Whether the country cap counts the application: not withdrawn, and not an
    /// invitation still waiting for the person's new application.
    pub fn is_live(self) -> bool {
        !matches!(
            self,
            ApplicationStatus::Withdrawn | ApplicationStatus::Invited
        )
    }

    pub fn from_code(code: &str) -> Option<ApplicationStatus> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

impl fmt::Display for ApplicationStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Everything an applicant tells the program on the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplicationForm {
    pub name: String,
    pub email: String,
    /// ISO code of the country the person works in.
    pub country: &'static str,
    pub city: String,
    pub time_zone: TimeZone,
    pub sector: Sector,
    pub role: String,
    pub career_stage: CareerStage,
    pub interests: Vec<Interest>,
    /// Languages the person can work in, the one they prefer first.
    pub languages: Vec<Language>,
    /// Sectors wished for in a partner; empty means any.
    pub wish_sectors: Vec<Sector>,
    pub wish_stage: StageWish,
    pub wish_place: PlaceWish,
    pub consent: bool,
    pub submitted_at: NaiveDateTime,
    /// Left unmatched or deferred last round: weighs more in matching.
    pub priority: bool,
    pub notes: String,
}

/// An application as it is stored.
#[derive(Clone, Debug, PartialEq)]
pub struct Application {
    pub id: ApplicationId,
    /// Bumped by every change (a status, a re-import), so that a change made on an older
    /// view is refused.
    pub version: i64,
    pub person_id: PersonId,
    pub round_id: RoundId,
    pub status: ApplicationStatus,
    pub form: ApplicationForm,
}

pub type NewApplication = ApplicationForm;

/// The domain of the address an erased person is given in place of theirs: `.invalid`
/// never resolves, and iln writes no message to it.
pub const ERASED_DOMAIN: &str = "erased.invalid";

impl Application {
    /// Whether the person behind the application was erased (`iln person erase`).
    pub fn is_erased(&self) -> bool {
        self.form
            .email
            .rsplit_once('@')
            .is_some_and(|(_, domain)| domain == ERASED_DOMAIN)
    }
}

impl ApplicationForm {
    pub fn country(&self) -> &'static Country {
        Country::find(self.country).expect("application country is a known code")
    }

    /// The fields that differ in `other`, by name: what an audit entry records of an edit,
    /// rather than the answers themselves.
    pub fn changed_fields(&self, other: &ApplicationForm) -> Vec<&'static str> {
        let differs = [
            ("name", self.name != other.name),
            ("email", self.email != other.email),
            ("country", self.country != other.country),
            ("city", self.city != other.city),
            ("time_zone", self.time_zone != other.time_zone),
            ("sector", self.sector != other.sector),
            ("role", self.role != other.role),
            ("career_stage", self.career_stage != other.career_stage),
            ("interests", self.interests != other.interests),
            ("languages", self.languages != other.languages),
            ("wish_sectors", self.wish_sectors != other.wish_sectors),
            ("wish_stage", self.wish_stage != other.wish_stage),
            ("wish_place", self.wish_place != other.wish_place),
            ("consent", self.consent != other.consent),
            ("submitted_at", self.submitted_at != other.submitted_at),
            ("priority", self.priority != other.priority),
            ("notes", self.notes != other.notes),
        ];
        differs
            .iter()
            .filter(|(_, d)| *d)
            .map(|(f, _)| *f)
            .collect()
    }

    /// The problems with this form, each naming its field; empty when the form is valid.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if self.name.trim().is_empty() {
            out.push(("name", "is empty; every applicant needs a name".to_string()));
        }
        if let Err(e) = validate_email(&self.email) {
            out.push(("email", e.to_string()));
        }
        for (field, text, lines) in [
            ("name", &self.name, false),
            ("city", &self.city, false),
            ("role", &self.role, false),
            ("notes", &self.notes, true),
        ] {
            if let Err(why) = check_text(text, lines) {
                out.push((field, why));
            }
        }
        out
    }
}

/// The longest answer iln keeps in a one-line field (a name, a city, a role) and in notes:
/// far beyond any real answer, so that a runaway cell cannot fill the screen or the file.
pub const MAX_LINE: usize = 300;
pub const MAX_NOTES: usize = 10_000;

/// Refuses text that would move a terminal's cursor, turn text around or break a mail
/// header: any control character (but line breaks and tabs where `lines` allows them, in
/// notes) and the bidirectional overrides and isolates; and text longer than the field
/// keeps.
pub fn check_text(text: &str, lines: bool) -> Result<(), String> {
    let most = if lines { MAX_NOTES } else { MAX_LINE };
    let length = text.chars().count();
    if length > most {
        return Err(format!(
            "is {length} characters long; iln keeps at most {most} here, shorten the answer"
        ));
    }
    match text.chars().find(|&c| {
        (c.is_control() && !(lines && matches!(c, '\n' | '\r' | '\t')))
            || crate::text::turns_text(c)
    }) {
        Some(c) => Err(format!(
            "holds a control character (U+{:04X}); remove it from the answer",
            c as u32
        )),
        None => Ok(()),
    }
}

/// Checks the shape of an e-mail address: one `@`, something before it, a dotted domain
/// after it, no spaces.
pub fn validate_email(email: &str) -> Result<(), DomainError> {
    let bad = |why: &str| {
        DomainError::Invalid(format!(
            "{email:?} is not an e-mail address ({why}); write it like name@library.org"
        ))
    };
    if email.trim().is_empty() {
        return Err(DomainError::Invalid(
            "is empty; every applicant needs an e-mail address".to_string(),
        ));
    }
    if email.chars().any(char::is_whitespace) {
        return Err(bad("it contains a space"));
    }
    if email.chars().any(char::is_control) {
        return Err(bad("it contains a control character"));
    }
    // What mail only takes in quotes, and no form asks for.
    if let Some(c) = email.chars().find(|c| ",;<>()[]\\\":".contains(*c)) {
        return Err(bad(&format!("it contains {c:?}")));
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err(bad("no @"));
    };
    if local.is_empty() || domain.contains('@') {
        return Err(bad("the part before or after @ is wrong"));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
        return Err(bad("the domain after @ needs a dot, like library.org"));
    }
    if labels
        .iter()
        .any(|l| !l.chars().all(|c| c.is_alphanumeric() || c == '-'))
    {
        return Err(bad(
            "the domain after @ holds letters, digits, - and dots only",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(validate_email("ana@biblioteca.es").is_ok());
        assert!(validate_email("Ana.Lopez+iln@uni.edu.ar").is_ok());
        for bad in [
            "",
            "ana",
            "ana@",
            "@x.org",
            "ana@x",
            "ana @x.org",
            "zoe,evil@x.org",
            "a<b>@x.org",
            "ana@x_y.org",
            "ana\u{0}@x.org",
            "a@b@c.org",
            "a@x..org",
        ] {
            assert!(validate_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn statuses_round_trip() {
        for s in ApplicationStatus::ALL {
            assert_eq!(ApplicationStatus::from_code(s.code()), Some(s));
        }
    }
}
