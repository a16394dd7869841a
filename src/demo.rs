//! Demo data: a realistic program, deterministic for a seed. A past round whose
//! partnerships have ended (so "never partnered before" matters), a current round of
//! applications spread over dozens of countries with a long tail, and a few discussion
//! topics.

use std::collections::{BTreeMap, HashSet};

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::domain::{
    ApplicationForm, ApplicationId, ApplicationStatus, CareerStage, Country, Interest, Language,
    PartnershipStatus, PlaceWish, Region, RoundPlan, RoundStatus, Sector, StageWish, TimeZone,
    TopicStatus,
};
use crate::store::{NewPartnership, Store, StoreError, TopicDraft};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoOptions {
    /// Applications in the current round.
    pub applicants: usize,
    pub seed: u64,
    /// Let the biggest country take about a third of the applications, so that the
    /// country cap defers some of them.
    pub over_cap: bool,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            applicants: 300,
            seed: 1,
            over_cap: false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoSummary {
    pub round: String,
    pub applicants: usize,
    pub accepted: usize,
    pub deferred: usize,
    pub countries: usize,
    pub past_round: String,
    pub past_partnerships: usize,
    pub topics: usize,
}

pub const CURRENT_ROUND: &str = "2027 A";
pub const PAST_ROUND: &str = "2026 B";

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
        toml::from_str(include_str!("../assets/demo-names.toml"))
            .expect("assets/demo-names.toml is valid")
    })
}

#[derive(serde::Deserialize)]
struct NamePool {
    given: Vec<String>,
    family: Vec<String>,
}

fn date(s: &str) -> NaiveDate {
    s.parse().expect("demo dates are valid")
}

pub fn current_round_plan() -> RoundPlan {
    RoundPlan {
        name: CURRENT_ROUND.to_string(),
        opens_on: date("2026-11-02"),
        closes_on: date("2026-11-30"),
        matching_on: date("2026-12-07"),
        starts_on: date("2027-01-11"),
        term_months: 4,
        cap_percent: 20,
        status: RoundStatus::Closed,
    }
}

pub fn past_round_plan() -> RoundPlan {
    RoundPlan {
        name: PAST_ROUND.to_string(),
        opens_on: date("2026-05-04"),
        closes_on: date("2026-05-29"),
        matching_on: date("2026-06-05"),
        starts_on: date("2026-06-15"),
        term_months: 4,
        cap_percent: 20,
        // Made active, then ended by the calendar once its partnerships are written.
        status: RoundStatus::Active,
    }
}

/// Makes applicants for one round.
struct Generator {
    rng: ChaCha8Rng,
    weights: Vec<f64>,
    serial: usize,
}

impl Generator {
    fn new(seed: u64, over_cap: bool) -> Generator {
        let mut weights: Vec<f64> = SOURCES.iter().map(|s| s.weight).collect();
        if over_cap {
            // About a third of all applications from the first country.
            let rest: f64 = weights[1..].iter().sum();
            weights[0] = rest / 2.0;
        }
        Generator {
            rng: ChaCha8Rng::seed_from_u64(seed),
            weights,
            serial: 0,
        }
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

    fn applicant(&mut self, window: (NaiveDate, NaiveDate)) -> ApplicationForm {
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

/// Fills an empty database with the demo program. The caller checks that the database is
/// empty; running this twice on one database fails on the round names.
pub fn populate(store: &mut Store, opts: &DemoOptions) -> Result<DemoSummary, StoreError> {
    let mut generator = Generator::new(opts.seed, opts.over_cap);

    // The past round: a smaller cohort, all matched and their partnerships now over.
    let past_plan = past_round_plan();
    let past = store.create_round(&past_plan)?;
    let past_count = (opts.applicants * 3 / 5).max(4);
    let past_forms: Vec<ApplicationForm> = (0..past_count)
        .map(|_| generator.applicant((past_plan.opens_on, past_plan.closes_on)))
        .collect();
    store.save_applications_with_status(
        past.id,
        &past_forms,
        ApplicationStatus::Accepted,
        "demo data",
    )?;
    let past_rows = store.application_rows(past.id)?;
    let partnerships = past_partnerships(&mut generator.rng, &past_rows, &past_plan);
    store.create_partnerships(
        past.id,
        &partnerships,
        "demo partnerships of the past round",
    )?;
    store.follow_calendar(past_plan.ends_on())?;

    // The current round: a third of the past round's people apply again (their
    // preferences changed a little), the rest are new.
    let plan = current_round_plan();
    let round = store.create_round(&plan)?;
    let mut forms = Vec::with_capacity(opts.applicants);
    let returning = (past_count / 3).min(opts.applicants / 4);
    let mut seen = HashSet::new();
    for old in past_forms.iter().take(returning) {
        let mut again = generator.applicant((plan.opens_on, plan.closes_on));
        again.name = old.name.clone();
        again.email = old.email.clone();
        again.country = old.country;
        again.time_zone = old.time_zone;
        again.languages = old.languages.clone();
        seen.insert(again.email.clone());
        forms.push(again);
    }
    while forms.len() < opts.applicants {
        let form = generator.applicant((plan.opens_on, plan.closes_on));
        if seen.insert(form.email.clone()) {
            forms.push(form);
        }
    }
    // A few were left over last time: they get priority now.
    for form in forms.iter_mut().skip(returning).step_by(40) {
        form.priority = true;
        form.notes = "Deferred from the previous round by the country cap.".to_string();
    }
    store.save_applications(round.id, &forms, "demo data")?;
    store.apply_country_cap(round.id, round.version)?;
    let withdrawn: Vec<(ApplicationId, ApplicationStatus)> = store
        .application_rows(round.id)?
        .iter()
        .filter(|r| r.id.0 % 97 == 0)
        .map(|r| (r.id, ApplicationStatus::Withdrawn))
        .collect();
    store.set_application_statuses(&withdrawn, "demo withdrawals")?;

    let topics = demo_topics(&past_plan, &plan);
    for (round_id, t) in topics.iter().map(|t| {
        (
            if t.publish_on < plan.opens_on {
                past.id
            } else {
                round.id
            },
            t,
        )
    }) {
        store.create_topic(round_id, t)?;
    }

    let figures = store
        .round_figures()?
        .into_iter()
        .find(|f| f.round.id == round.id)
        .expect("the round just made");
    Ok(DemoSummary {
        round: plan.name,
        applicants: figures.applicants,
        accepted: figures.accepted,
        deferred: figures.deferred,
        countries: figures.countries,
        past_round: past_plan.name,
        past_partnerships: partnerships.len(),
        topics: topics.len(),
    })
}

/// Pairs the past round greedily across borders with a shared language; a few partnerships
/// ended early.
fn past_partnerships(
    rng: &mut ChaCha8Rng,
    rows: &[crate::store::ApplicationRow],
    plan: &RoundPlan,
) -> Vec<NewPartnership> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.shuffle(rng);
    let mut taken = vec![false; rows.len()];
    let mut out = Vec::new();
    for (pos, &i) in order.iter().enumerate() {
        if taken[i] {
            continue;
        }
        let partner = order[pos + 1..].iter().copied().find(|&j| {
            !taken[j]
                && rows[j].country.code != rows[i].country.code
                && rows[j]
                    .languages
                    .iter()
                    .any(|l| rows[i].languages.contains(l))
        });
        let Some(j) = partner else { continue };
        taken[i] = true;
        taken[j] = true;
        let early = out.len() % 25 == 7;
        out.push(NewPartnership {
            status: if early {
                PartnershipStatus::EndedEarly
            } else {
                PartnershipStatus::Ended
            },
            score: None,
            locked: false,
            members: vec![rows[i].id.min(rows[j].id), rows[i].id.max(rows[j].id)],
            starts_on: Some(plan.starts_on),
            ends_on: Some(if early {
                plan.starts_on + Days::new(45)
            } else {
                plan.ends_on()
            }),
            end_reason: early.then(|| "Partner stopped replying after the first month".into()),
        });
    }
    out
}

fn topic(
    publish_on: NaiveDate,
    title: &str,
    summary: &str,
    body: &str,
    questions: &[&str],
    status: TopicStatus,
) -> TopicDraft {
    TopicDraft {
        publish_on,
        title: title.to_string(),
        summary: summary.to_string(),
        body: body.to_string(),
        questions: questions.iter().map(|q| q.to_string()).collect(),
        status,
        published_on: (status == TopicStatus::Published).then_some(publish_on),
    }
}

fn demo_topics(past: &RoundPlan, current: &RoundPlan) -> Vec<TopicDraft> {
    let p = past.starts_on;
    let c = current.starts_on;
    vec![
        topic(
            p,
            "Hello from my library",
            "Introduce yourself and the place you work.",
            "Start with the basics: where you work, who comes through the door and what a \
             normal week looks like. Photos of your desk or your building are welcome.",
            &[
                "What does a typical day look like for you?",
                "Who are the people your library serves?",
            ],
            TopicStatus::Published,
        ),
        topic(
            p + Days::new(30),
            "How did you get here?",
            "Compare the paths that led you both into libraries.",
            "Few of us planned this career from school. Trade the stories of how you arrived, \
             and what surprised you on the way.",
            &[
                "What was your first library job?",
                "Which skill do you use most that no course taught you?",
            ],
            TopicStatus::Published,
        ),
        topic(
            c,
            "Getting to know each other",
            "A first conversation with your new partner.",
            "Welcome to the round. Say hello within a week, agree how often you will talk, \
             and tell each other what you hope to get from the next four months.",
            &[
                "What made you apply this round?",
                "How and when do you prefer to keep in touch?",
            ],
            TopicStatus::Ready,
        ),
        topic(
            c + Days::new(28),
            "A day in our workplaces",
            "Walk your partner through your library.",
            "Describe your building, your team and the services you are proudest of. \
             What would surprise a visitor from your partner's country?",
            &["What is one service you wish your library offered?"],
            TopicStatus::Draft,
        ),
        topic(c + Days::new(56), "", "", "", &[], TopicStatus::Empty),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_program() {
        let run = |seed| {
            let mut store = Store::open_in_memory().unwrap();
            let summary = populate(
                &mut store,
                &DemoOptions {
                    applicants: 120,
                    seed,
                    over_cap: false,
                },
            )
            .unwrap();
            let round = store.round_by_name(CURRENT_ROUND).unwrap();
            (summary, store.applications(round.id).unwrap())
        };
        let (a, apps_a) = run(7);
        let (b, apps_b) = run(7);
        assert_eq!(a, b);
        assert_eq!(apps_a, apps_b);
        let (_, apps_c) = run(8);
        assert_ne!(apps_a, apps_c);
    }

    #[test]
    fn spread_is_realistic_and_under_the_cap() {
        let mut store = Store::open_in_memory().unwrap();
        let s = populate(
            &mut store,
            &DemoOptions {
                applicants: 800,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(s.applicants, 800);
        assert!(s.countries >= 40, "{} countries", s.countries);
        assert_eq!(s.deferred, 0, "no country above the cap unless asked");
        assert!(s.past_partnerships > 100);
        let round = store.round_by_name(CURRENT_ROUND).unwrap();
        let apps = store.applications(round.id).unwrap();
        for &sector in Sector::ALL {
            assert!(apps.iter().any(|a| a.form.sector == sector), "{sector}");
        }
        for &stage in CareerStage::ALL {
            assert!(apps.iter().any(|a| a.form.career_stage == stage), "{stage}");
        }
        for lang in [
            L::Spanish,
            L::French,
            L::Arabic,
            L::Portuguese,
            L::Russian,
            L::Chinese,
        ] {
            assert!(
                apps.iter().any(|a| a.form.languages.contains(&lang)),
                "{lang}"
            );
        }
        let english = apps
            .iter()
            .filter(|a| a.form.languages.contains(&L::English))
            .count();
        assert!(english * 100 / apps.len() > 75);
        assert!(
            apps.iter()
                .all(|a| (3..=6).contains(&a.form.interests.len()))
        );
        assert!(apps.iter().any(|a| a.form.wish_sectors.is_empty()));
        assert!(apps.iter().any(|a| a.form.priority));
        assert!(!store.past_partners().unwrap().is_empty());
    }

    #[test]
    fn over_cap_defers_the_overflow() {
        let mut store = Store::open_in_memory().unwrap();
        let s = populate(
            &mut store,
            &DemoOptions {
                applicants: 300,
                seed: 3,
                over_cap: true,
            },
        )
        .unwrap();
        assert!(s.deferred > 10, "{s:?}");
    }
}
