//! The demo's people: where they come from, what they are called, where they work and what
//! they want from a partner, drawn from a seeded generator.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::domain::{
    ApplicationForm, CareerStage, Country, Interest, Language, PlaceWish, Region, Sector,
    StageWish, TimeZone,
};

/// A country's place in the demo: how many applicants it sends (relative weight), the
/// naming tradition of its applicants, and the languages they work in besides English
/// (with the share who work in English at all).
struct Source {
    code: &'static str,
    weight: f64,
    names: &'static str,
    languages: &'static [Language],
    english: f64,
}

use Language as L;

#[rustfmt::skip]
const SOURCES: &[Source] = &[
    Source { code: "AU", weight: 15.0, names: "anglo", languages: &[], english: 1.0 },
    Source { code: "US", weight: 13.0, names: "anglo", languages: &[L::Spanish], english: 1.0 },
    Source { code: "GB", weight: 9.0, names: "anglo", languages: &[], english: 1.0 },
    Source { code: "CA", weight: 6.0, names: "anglo", languages: &[L::French], english: 1.0 },
    Source { code: "NZ", weight: 5.0, names: "pacific", languages: &[L::Maori], english: 1.0 },
    Source { code: "IN", weight: 5.0, names: "south_asian", languages: &[L::Hindi], english: 0.95 },
    Source { code: "ZA", weight: 3.5, names: "east_african", languages: &[], english: 1.0 },
    Source { code: "NG", weight: 3.5, names: "west_african", languages: &[], english: 1.0 },
    Source { code: "KE", weight: 3.0, names: "east_african", languages: &[L::Swahili], english: 1.0 },
    Source { code: "PH", weight: 3.0, names: "southeast_asian", languages: &[L::Tagalog], english: 1.0 },
    Source { code: "IE", weight: 2.0, names: "anglo", languages: &[], english: 1.0 },
    Source { code: "MY", weight: 2.0, names: "southeast_asian", languages: &[L::Malay, L::Chinese], english: 0.95 },
    Source { code: "SG", weight: 2.0, names: "chinese", languages: &[L::Chinese, L::Malay], english: 1.0 },
    Source { code: "ES", weight: 2.0, names: "hispanic", languages: &[L::Spanish], english: 0.75 },
    Source { code: "MX", weight: 2.0, names: "hispanic", languages: &[L::Spanish], english: 0.7 },
    Source { code: "BR", weight: 2.0, names: "lusophone", languages: &[L::Portuguese, L::Spanish], english: 0.7 },
    Source { code: "AR", weight: 1.8, names: "hispanic", languages: &[L::Spanish], english: 0.7 },
    Source { code: "CO", weight: 1.5, names: "hispanic", languages: &[L::Spanish], english: 0.65 },
    Source { code: "CL", weight: 1.4, names: "hispanic", languages: &[L::Spanish], english: 0.7 },
    Source { code: "PE", weight: 1.0, names: "hispanic", languages: &[L::Spanish], english: 0.6 },
    Source { code: "FR", weight: 1.5, names: "francophone", languages: &[L::French], english: 0.75 },
    Source { code: "SN", weight: 0.8, names: "francophone", languages: &[L::French], english: 0.5 },
    Source { code: "CM", weight: 0.7, names: "francophone", languages: &[L::French], english: 0.7 },
    Source { code: "MA", weight: 0.8, names: "arabic", languages: &[L::Arabic, L::French], english: 0.6 },
    Source { code: "TN", weight: 0.5, names: "arabic", languages: &[L::Arabic, L::French], english: 0.6 },
    Source { code: "EG", weight: 1.2, names: "arabic", languages: &[L::Arabic], english: 0.85 },
    Source { code: "JO", weight: 0.7, names: "arabic", languages: &[L::Arabic], english: 0.9 },
    Source { code: "LB", weight: 0.6, names: "arabic", languages: &[L::Arabic, L::French], english: 0.85 },
    Source { code: "AE", weight: 0.9, names: "arabic", languages: &[L::Arabic], english: 1.0 },
    Source { code: "SA", weight: 0.7, names: "arabic", languages: &[L::Arabic], english: 0.9 },
    Source { code: "QA", weight: 0.5, names: "arabic", languages: &[L::Arabic], english: 1.0 },
    Source { code: "RU", weight: 1.2, names: "slavic", languages: &[L::Russian], english: 0.6 },
    Source { code: "UA", weight: 0.8, names: "slavic", languages: &[L::Ukrainian, L::Russian], english: 0.75 },
    Source { code: "KZ", weight: 0.5, names: "slavic", languages: &[L::Russian], english: 0.6 },
    Source { code: "PL", weight: 0.8, names: "slavic", languages: &[L::Polish], english: 0.9 },
    Source { code: "HR", weight: 0.5, names: "slavic", languages: &[], english: 0.95 },
    Source { code: "CN", weight: 1.5, names: "chinese", languages: &[L::Chinese], english: 0.8 },
    Source { code: "HK", weight: 0.8, names: "chinese", languages: &[L::Chinese], english: 1.0 },
    Source { code: "TW", weight: 0.7, names: "chinese", languages: &[L::Chinese], english: 0.85 },
    Source { code: "JP", weight: 1.2, names: "japanese", languages: &[L::Japanese], english: 0.8 },
    Source { code: "KR", weight: 1.0, names: "korean", languages: &[L::Korean], english: 0.85 },
    Source { code: "ID", weight: 1.2, names: "southeast_asian", languages: &[L::Indonesian], english: 0.85 },
    Source { code: "VN", weight: 0.8, names: "southeast_asian", languages: &[L::Vietnamese], english: 0.8 },
    Source { code: "TH", weight: 0.7, names: "southeast_asian", languages: &[L::Thai], english: 0.85 },
    Source { code: "PK", weight: 1.0, names: "south_asian", languages: &[L::Urdu], english: 0.95 },
    Source { code: "BD", weight: 0.9, names: "south_asian", languages: &[L::Bengali], english: 0.9 },
    Source { code: "LK", weight: 0.8, names: "south_asian", languages: &[], english: 1.0 },
    Source { code: "NP", weight: 0.6, names: "south_asian", languages: &[L::Hindi], english: 0.9 },
    Source { code: "GH", weight: 1.0, names: "west_african", languages: &[], english: 1.0 },
    Source { code: "UG", weight: 0.8, names: "east_african", languages: &[L::Swahili], english: 1.0 },
    Source { code: "TZ", weight: 0.6, names: "east_african", languages: &[L::Swahili], english: 0.9 },
    Source { code: "ZW", weight: 0.6, names: "east_african", languages: &[], english: 1.0 },
    Source { code: "ZM", weight: 0.5, names: "east_african", languages: &[], english: 1.0 },
    Source { code: "MW", weight: 0.4, names: "east_african", languages: &[], english: 1.0 },
    Source { code: "BW", weight: 0.4, names: "east_african", languages: &[], english: 1.0 },
    Source { code: "ET", weight: 0.5, names: "east_african", languages: &[], english: 0.9 },
    Source { code: "RW", weight: 0.4, names: "east_african", languages: &[L::French, L::Swahili], english: 0.9 },
    Source { code: "DE", weight: 1.0, names: "nordic_germanic", languages: &[L::German], english: 0.95 },
    Source { code: "NL", weight: 0.9, names: "nordic_germanic", languages: &[L::Dutch], english: 1.0 },
    Source { code: "SE", weight: 0.7, names: "nordic_germanic", languages: &[L::Swedish], english: 1.0 },
    Source { code: "DK", weight: 0.5, names: "nordic_germanic", languages: &[], english: 1.0 },
    Source { code: "FI", weight: 0.5, names: "nordic_germanic", languages: &[L::Swedish], english: 1.0 },
    Source { code: "NO", weight: 0.5, names: "nordic_germanic", languages: &[], english: 1.0 },
    Source { code: "IT", weight: 0.9, names: "southern_european", languages: &[L::Italian], english: 0.8 },
    Source { code: "GR", weight: 0.6, names: "southern_european", languages: &[L::Greek], english: 0.9 },
    Source { code: "PT", weight: 0.6, names: "lusophone", languages: &[L::Portuguese], english: 0.85 },
    Source { code: "TR", weight: 0.7, names: "southern_european", languages: &[L::Turkish], english: 0.8 },
    Source { code: "IR", weight: 0.5, names: "arabic", languages: &[L::Persian], english: 0.8 },
    Source { code: "FJ", weight: 0.6, names: "pacific", languages: &[], english: 1.0 },
    Source { code: "PG", weight: 0.4, names: "pacific", languages: &[], english: 1.0 },
    Source { code: "WS", weight: 0.3, names: "pacific", languages: &[], english: 1.0 },
    Source { code: "JM", weight: 0.6, names: "anglo", languages: &[], english: 1.0 },
    Source { code: "TT", weight: 0.4, names: "anglo", languages: &[], english: 1.0 },
    Source { code: "CR", weight: 0.4, names: "hispanic", languages: &[L::Spanish], english: 0.7 },
    Source { code: "EC", weight: 0.4, names: "hispanic", languages: &[L::Spanish], english: 0.6 },
    Source { code: "UY", weight: 0.4, names: "hispanic", languages: &[L::Spanish], english: 0.7 },
    Source { code: "CU", weight: 0.3, names: "hispanic", languages: &[L::Spanish], english: 0.5 },
    Source { code: "MZ", weight: 0.3, names: "lusophone", languages: &[L::Portuguese], english: 0.6 },
    Source { code: "MN", weight: 0.3, names: "korean", languages: &[L::Russian], english: 0.7 },
];

/// Time zones for countries that span several; others use the country's main one.
fn zones(code: &str) -> &'static [&'static str] {
    match code {
        "US" => &[
            "America/New_York",
            "America/New_York",
            "America/Chicago",
            "America/Denver",
            "America/Los_Angeles",
        ],
        "CA" => &[
            "America/Toronto",
            "America/Toronto",
            "America/Winnipeg",
            "America/Edmonton",
            "America/Vancouver",
            "America/St_Johns",
        ],
        "AU" => &[
            "Australia/Sydney",
            "Australia/Melbourne",
            "Australia/Brisbane",
            "Australia/Adelaide",
            "Australia/Perth",
        ],
        "BR" => &["America/Sao_Paulo", "America/Sao_Paulo", "America/Manaus"],
        "RU" => &[
            "Europe/Moscow",
            "Europe/Moscow",
            "Europe/Samara",
            "Asia/Krasnoyarsk",
            "Asia/Vladivostok",
        ],
        "MX" => &["America/Mexico_City", "America/Mazatlan"],
        "ID" => &["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"],
        "KZ" => &["Asia/Almaty", "Asia/Qostanay"],
        _ => &[],
    }
}

#[rustfmt::skip]
const ROLES: &[(Sector, &[&str])] = &[
    (Sector::Academic, &["Liaison librarian", "Research data librarian", "Scholarly communications librarian", "Subject librarian", "Systems librarian", "Head of collections"]),
    (Sector::Public, &["Branch manager", "Children's librarian", "Community engagement librarian", "Library assistant", "Local studies librarian", "Digital inclusion officer"]),
    (Sector::School, &["Teacher librarian", "School library coordinator", "Library technician"]),
    (Sector::Special, &["Law librarian", "Health librarian", "Knowledge manager", "Corporate information specialist"]),
    (Sector::National, &["Cataloguer", "Digital preservation officer", "Curator of manuscripts"]),
    (Sector::Government, &["Parliamentary research librarian", "Records manager", "Government information officer"]),
    (Sector::LisStudent, &["Master of Information student", "LIS student and library volunteer"]),
];

fn names() -> &'static BTreeMap<String, NamePool> {
    static NAMES: std::sync::OnceLock<BTreeMap<String, NamePool>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        toml::from_str(include_str!("../../assets/demo-names.toml"))
            .expect("assets/demo-names.toml is valid")
    })
}

#[derive(serde::Deserialize)]
struct NamePool {
    given: Vec<String>,
    family: Vec<String>,
}

/// How much of a round the first country sends: its natural share, or more than the
/// country cap allows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Lean {
    Natural,
    /// About a quarter of the applications: a few over the cap.
    Slightly,
    /// About a third: many over the cap.
    Heavily,
}

/// Makes applicants for one round.
pub(super) struct Generator {
    pub(super) rng: ChaCha8Rng,
    weights: Vec<f64>,
    serial: usize,
}

impl Generator {
    pub(super) fn new(seed: u64, lean: Lean) -> Generator {
        let mut generator = Generator {
            rng: ChaCha8Rng::seed_from_u64(seed),
            weights: SOURCES.iter().map(|s| s.weight).collect(),
            serial: 0,
        };
        generator.lean(lean);
        generator
    }

    /// Changes how much the first country sends, for the applicants made from now on.
    pub(super) fn lean(&mut self, lean: Lean) {
        let rest: f64 = self.weights[1..].iter().sum();
        self.weights[0] = match lean {
            Lean::Natural => SOURCES[0].weight,
            Lean::Slightly => rest / 3.0,
            Lean::Heavily => rest / 2.0,
        };
    }

    fn source(&mut self) -> &'static Source {
        let total: f64 = self.weights.iter().sum();
        let mut x = self.rng.random::<f64>() * total;
        for (i, w) in self.weights.iter().enumerate() {
            if x < *w {
                return &SOURCES[i];
            }
            x -= w;
        }
        &SOURCES[SOURCES.len() - 1]
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        *items.choose(&mut self.rng).expect("non-empty list")
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|i| i.1).sum();
        let mut x = self.rng.random_range(0..total);
        for &(item, w) in items {
            if x < w {
                return item;
            }
            x -= w;
        }
        items[items.len() - 1].0
    }

    pub(super) fn applicant(&mut self, window: (NaiveDate, NaiveDate)) -> ApplicationForm {
        let source = self.source();
        let country = Country::find(source.code).expect("demo countries are in the table");
        let pool = &names()[source.names];
        let given = pool.given.choose(&mut self.rng).expect("names").clone();
        let family = pool.family.choose(&mut self.rng).expect("names").clone();
        self.serial += 1;
        let email = format!(
            "{}.{}{}@{}",
            ascii_slug(&given),
            ascii_slug(&family),
            self.serial,
            format_args!(
                "lib{}.example.{}",
                self.serial % 97,
                source.code.to_lowercase()
            )
        );

        let sector = self.weighted(&[
            (Sector::Academic, 40),
            (Sector::Public, 25),
            (Sector::Special, 11),
            (Sector::School, 10),
            (Sector::Government, 5),
            (Sector::National, 3),
            (Sector::LisStudent, 6),
        ]);
        let career_stage = if sector == Sector::LisStudent {
            self.weighted(&[(CareerStage::Student, 8), (CareerStage::Early, 2)])
        } else {
            self.weighted(&[
                (CareerStage::Student, 3),
                (CareerStage::Early, 35),
                (CareerStage::Mid, 37),
                (CareerStage::Late, 25),
            ])
        };
        let roles = ROLES.iter().find(|r| r.0 == sector).expect("roles").1;
        let role = self.pick(roles).to_string();

        let mut languages = Vec::new();
        let english = self.rng.random_bool(source.english);
        let native_first = !source.languages.is_empty() && self.rng.random_bool(0.5);
        if native_first || !english {
            languages.push(source.languages.first().copied().unwrap_or(L::English));
        }
        if english && !languages.contains(&L::English) {
            languages.push(L::English);
        }
        for &l in source.languages.iter().skip(1) {
            if self.rng.random_bool(0.35) && !languages.contains(&l) {
                languages.push(l);
            }
        }
        if !source.languages.is_empty()
            && !languages.contains(&source.languages[0])
            && self.rng.random_bool(0.6)
        {
            languages.push(source.languages[0]);
        }
        // A few people everywhere also work in a widely learnt second language.
        if self.rng.random_bool(0.08) {
            let extra = self.pick(&[L::French, L::Spanish, L::German, L::Chinese, L::Arabic]);
            if !languages.contains(&extra) {
                languages.push(extra);
            }
        }

        let mut interests: Vec<Interest> = Interest::suggestions();
        interests.shuffle(&mut self.rng);
        interests.truncate(self.rng.random_range(3..=6));

        let wish_sectors = if self.rng.random_bool(0.4) {
            Vec::new()
        } else {
            let mut all = Sector::ALL.to_vec();
            all.retain(|&s| s != Sector::LisStudent);
            all.shuffle(&mut self.rng);
            all.truncate(self.rng.random_range(1..=2));
            all.sort();
            all
        };
        let wish_stage = self.weighted(&[
            (StageWish::Any, 45),
            (StageWish::Same, 20),
            (StageWish::Earlier, 12),
            (StageWish::Later, 23),
        ]);
        let wish_place = match self.rng.random_range(0..10) {
            0..=5 => PlaceWish::Any,
            6..=8 => {
                let others: Vec<Region> = Region::ALL
                    .into_iter()
                    .filter(|&r| r != country.region)
                    .collect();
                PlaceWish::Region(self.pick(&others))
            }
            _ => PlaceWish::Country(self.source().code),
        };
        let zones = zones(source.code);
        let time_zone = if zones.is_empty() {
            TimeZone::Zone(country.zone)
        } else {
            TimeZone::named(self.pick(zones)).expect("demo zones are IANA names")
        };

        let days = (window.1 - window.0).num_days().max(1) as u64;
        let day = window.0 + Days::new(self.rng.random_range(0..days));
        let seconds = self.rng.random_range(6 * 3600..23 * 3600);
        let submitted_at = NaiveDateTime::new(
            day,
            NaiveTime::from_num_seconds_from_midnight_opt(seconds, 0).expect("valid time"),
        );

        ApplicationForm {
            name: format!("{given} {family}"),
            email,
            country: country.code,
            city: String::new(),
            time_zone,
            sector,
            role,
            career_stage,
            interests,
            languages,
            wish_sectors,
            wish_stage,
            wish_place,
            consent: true,
            submitted_at,
            priority: false,
            notes: String::new(),
        }
    }
}

/// Lower-case ASCII letters of a name, for a plausible e-mail address.
fn ascii_slug(name: &str) -> String {
    let folded: String = name
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'ã' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ï' => 'i',
            'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            other => other,
        })
        .collect();
    folded
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}
