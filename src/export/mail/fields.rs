//! The merge fields of a message: what a template may name, as plain text ready to print.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::{Application, MessageKind, Round, Sector, Topic};

/// The program's sender details, from its settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ProgramFields {
    pub name: String,
    pub email: String,
    /// How messages are signed: the coordinators' names, the program's.
    pub signature: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RoundFields {
    pub name: String,
    pub opens: NaiveDate,
    pub closes: NaiveDate,
    pub matching: NaiveDate,
    pub starts: NaiveDate,
    pub ends: NaiveDate,
    pub months: u32,
    pub cap_percent: u32,
}

impl RoundFields {
    pub fn of(round: &Round) -> RoundFields {
        let p = &round.plan;
        RoundFields {
            name: p.name.clone(),
            opens: p.opens_on,
            closes: p.closes_on,
            matching: p.matching_on,
            starts: p.starts_on,
            ends: p.ends_on(),
            months: p.term_months,
            cap_percent: p.cap_percent,
        }
    }
}

/// One person, as an application of the round describes them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersonFields {
    pub name: String,
    /// The first word of the name, for a greeting.
    pub first_name: String,
    pub email: String,
    pub country: String,
    pub city: String,
    /// "Academic library", or "LIS student".
    pub workplace: String,
    pub role: String,
    pub career_stage: String,
    pub languages: String,
    pub interests: String,
    pub time_zone: String,
}

impl PersonFields {
    pub fn of(a: &Application) -> PersonFields {
        let f = &a.form;
        let name = clean(&f.name);
        PersonFields {
            first_name: name.split_whitespace().next().unwrap_or("").to_string(),
            name,
            email: f.email.trim().to_string(),
            country: crate::domain::Country::find(f.country)
                .map(|c| c.name.to_string())
                .unwrap_or_else(|| f.country.to_string()),
            city: clean(&f.city),
            workplace: match f.sector {
                Sector::LisStudent => f.sector.name().to_string(),
                s => format!("{} library", s.name()),
            },
            role: clean(&f.role),
            career_stage: f.career_stage.name().to_string(),
            languages: listed(f.languages.iter().map(|l| l.name().to_string())),
            interests: listed(f.interests.iter().map(|i| i.name().to_string())),
            time_zone: f.time_zone.to_string(),
        }
    }
}

/// What the members of a partnership share, and its dates.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartnershipFields {
    pub starts: NaiveDate,
    pub ends: NaiveDate,
    /// "3 hours", or "1–3 hours as clocks change".
    pub overlap: String,
    /// The most hours their working days share on a day of the term: 0 when they never meet.
    pub overlap_hours: u32,
    /// Empty when they share none.
    pub shared_interests: String,
    pub shared_languages: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TopicFields {
    pub title: String,
    pub summary: String,
    pub body: String,
    pub questions: Vec<String>,
    pub post_link: String,
    pub publish_on: NaiveDate,
}

impl TopicFields {
    pub fn of(t: &Topic, post_link: &str) -> TopicFields {
        TopicFields {
            title: t.title.trim().to_string(),
            summary: t.summary.trim().to_string(),
            body: t.body.trim().to_string(),
            questions: t
                .questions
                .iter()
                .map(|q| q.trim().to_string())
                .filter(|q| !q.is_empty())
                .collect(),
            post_link: post_link.trim().to_string(),
            publish_on: t.publish_on,
        }
    }
}

/// Every merge field of one message. Which parts are filled depends on its kind: `members`
/// and `partnership` for introductions, `person` for a message to one person, `topic` for
/// a topic.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fields {
    pub program: ProgramFields,
    pub round: RoundFields,
    /// The round after this one, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_round: Option<RoundFields>,
    /// Whom the message greets: "Aroha and Dora", or one person's first name.
    pub greeting: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<PersonFields>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<PersonFields>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partnership: Option<PartnershipFields>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<TopicFields>,
}

impl Fields {
    /// A message of `kind` with every field it offers filled with an example, for checking
    /// templates and previewing them.
    pub fn example(kind: MessageKind) -> Fields {
        let day = |s: &str| s.parse::<NaiveDate>().expect("example dates are valid");
        let round = RoundFields {
            name: "2027 A".into(),
            opens: day("2026-11-02"),
            closes: day("2026-11-30"),
            matching: day("2026-12-07"),
            starts: day("2027-01-11"),
            ends: day("2027-05-11"),
            months: 4,
            cap_percent: 20,
        };
        let person = |name: &str, email: &str, country: &str, languages: &str| PersonFields {
            name: name.into(),
            first_name: name.split_whitespace().next().unwrap_or("").into(),
            email: email.into(),
            country: country.into(),
            city: "Wellington".into(),
            workplace: "Public library".into(),
            role: "Community engagement librarian".into(),
            career_stage: "Mid career".into(),
            languages: languages.into(),
            interests: "Community outreach and Open access".into(),
            time_zone: "Pacific/Auckland".into(),
        };
        let aroha = person("Aroha Ngata", "aroha@example.org", "New Zealand", "English");
        let dora = person(
            "Dora Rojas",
            "dora@example.org",
            "Chile",
            "Spanish and English",
        );
        let mut fields = Fields {
            program: ProgramFields {
                name: "the International Librarians Network".into(),
                email: "coordinators@example.org".into(),
                signature: "The coordinators".into(),
            },
            next_round: Some(RoundFields {
                name: "2027 B".into(),
                opens: day("2027-04-12"),
                closes: day("2027-05-10"),
                matching: day("2027-05-17"),
                starts: day("2027-06-07"),
                ends: day("2027-10-07"),
                months: 4,
                cap_percent: 20,
            }),
            round,
            greeting: "Aroha".into(),
            person: None,
            members: Vec::new(),
            partnership: None,
            topic: None,
        };
        match kind {
            MessageKind::Introduction | MessageKind::Rematch => {
                fields.greeting = "Aroha and Dora".into();
                fields.members = vec![aroha, dora];
                fields.partnership = Some(PartnershipFields {
                    starts: day("2027-01-11"),
                    ends: day("2027-05-11"),
                    overlap: "2 hours".into(),
                    overlap_hours: 2,
                    shared_interests: "Community outreach".into(),
                    shared_languages: "English".into(),
                });
            }
            MessageKind::Topic => {
                fields.person = Some(aroha);
                fields.topic = Some(TopicFields {
                    title: "Getting to know each other".into(),
                    summary: "A first conversation with your new partner.".into(),
                    body: "Say hello and agree how often you will talk.".into(),
                    questions: vec!["What made you apply this round?".into()],
                    post_link: "https://example.org/topics/getting-to-know".into(),
                    publish_on: day("2027-01-11"),
                });
            }
            _ => fields.person = Some(aroha),
        }
        fields
    }
}

/// Names listed as a sentence: "A", "A and B", "A, B and C".
pub fn listed(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Text from an application as one line: control characters (a line break in a name)
/// become spaces.
fn clean(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}
