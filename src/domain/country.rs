//! Countries: every ISO 3166-1 entry, from the `keshvar` crate (names, names in other
//! languages, region, a point for a map), with the time zone of its main population centre
//! from `assets/country_zones.csv` (written from the tz database by
//! `scripts/country_zones.py`).

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use keshvar::SubRegion;
use unicode_normalization::UnicodeNormalization;

use super::DomainError;

/// World regions used for partner wishes ("a partner in Africa").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Region {
    Africa,
    Asia,
    Europe,
    LatinAmerica,
    MiddleEast,
    NorthAmerica,
    Oceania,
}

impl Region {
    pub const ALL: [Region; 7] = [
        Region::Africa,
        Region::Asia,
        Region::Europe,
        Region::LatinAmerica,
        Region::MiddleEast,
        Region::NorthAmerica,
        Region::Oceania,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Region::Africa => "Africa",
            Region::Asia => "Asia",
            Region::Europe => "Europe",
            Region::LatinAmerica => "Latin America",
            Region::MiddleEast => "Middle East",
            Region::NorthAmerica => "North America",
            Region::Oceania => "Oceania",
        }
    }

    pub fn parse(text: &str) -> Option<Region> {
        let key = text.trim().to_lowercase();
        Region::ALL
            .into_iter()
            .find(|r| r.name().to_lowercase() == key)
            .or(match key.as_str() {
                "latin america and the caribbean" | "caribbean" | "south america" => {
                    Some(Region::LatinAmerica)
                }
                "pacific" => Some(Region::Oceania),
                _ => None,
            })
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Country {
    pub code: &'static str,
    pub name: &'static str,
    pub region: Region,
    /// The IANA time zone of the country's main population centre.
    pub zone: chrono_tz::Tz,
    /// Every zone of the country, the main one first.
    pub zones: Vec<chrono_tz::Tz>,
    /// Minutes east of UTC in that zone's standard (winter) time.
    pub utc_offset_minutes: i32,
    pub latitude: f64,
    pub longitude: f64,
}

/// English names as people write them where the CLDR name is an official form.
const COMMON_NAMES: &[(&str, &str)] = &[
    ("BN", "Brunei"),
    ("CD", "DR Congo"),
    ("FK", "Falkland Islands"),
    ("FM", "Micronesia"),
    ("LA", "Laos"),
    ("MF", "Saint Martin"),
    ("PS", "Palestine"),
    ("RU", "Russia"),
    ("SX", "Sint Maarten"),
    ("VA", "Vatican City"),
    ("VG", "British Virgin Islands"),
    ("VI", "US Virgin Islands"),
];

/// Short forms survey answers use that no name list carries.
const EXTRA_NAMES: &[(&str, &str)] = &[
    ("AE", "UAE"),
    ("CN", "PRC"),
    ("CD", "DRC"),
    ("GB", "UK"),
    ("GB", "U.K."),
    ("IE", "Republic of Ireland"),
    ("GB", "Great Britain"),
    ("GB", "England"),
    ("GB", "Scotland"),
    ("GB", "Wales"),
    ("GB", "Northern Ireland"),
    ("KR", "Korea"),
    ("NL", "Holland"),
    ("NZ", "Aotearoa"),
    ("NZ", "Aotearoa New Zealand"),
    ("US", "USA"),
    ("US", "U.S."),
    ("US", "U.S.A."),
    ("US", "US of America"),
];

/// Languages whose names for countries are looked up, beside English.
const NAME_LANGUAGES: &[&str] = &[
    "ar", "da", "de", "es", "fi", "fr", "id", "it", "ja", "ko", "ms", "nb", "nl", "pl", "pt", "ru",
    "sv", "sw", "tr", "vi", "zh",
];

/// The text a name is filed under: letters folded to lower case without accents, every
/// run of punctuation and space one space, and a leading "the" dropped, so that
/// "Korea, Republic of", "Korea (Republic of)" and "korea republic of" are one key.
pub(crate) fn name_key(text: &str) -> String {
    let folded: String = text
        .replace('&', " and ")
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = folded.split_whitespace().collect();
    match words.split_first() {
        Some((&"the", rest)) if !rest.is_empty() => rest.join(" "),
        _ => words.join(" "),
    }
}

fn region_of(country: &keshvar::Country, code: &str) -> Region {
    use SubRegion::*;
    match (code, country.maybe_subregion()) {
        ("AM" | "AZ" | "GE", _) => Region::Asia,
        ("CY", _) => Region::Europe,
        ("EG" | "IR", _) => Region::MiddleEast,
        (_, Some(WesternAsia)) => Region::MiddleEast,
        (_, Some(Caribbean | CentralAmerica | SouthAmerica)) => Region::LatinAmerica,
        (_, Some(NorthernAmerica)) => Region::NorthAmerica,
        (_, Some(AustraliaAndNewZealand | Melanesia | Micronesia | Polynesia)) => Region::Oceania,
        (_, Some(EasternEurope | NorthernEurope | SouthernEurope | WesternEurope)) => {
            Region::Europe
        }
        (_, Some(CentralAsia | EasternAsia | SouthEasternAsia | SouthernAsia)) => Region::Asia,
        (_, Some(_)) => Region::Africa,
        // Antarctica, Bouvet Island and Heard Island have no region: partner wishes look
        // for them where their nearest stations are supplied from.
        ("BV", None) => Region::Africa,
        (_, None) => Region::Oceania,
    }
}

struct Table {
    countries: Vec<Country>,
    by_key: HashMap<String, usize>,
}

fn zones() -> HashMap<&'static str, Vec<chrono_tz::Tz>> {
    let text: &'static str = include_str!("../../assets/country_zones.csv");
    // The table ships with the binary and a unit test reads every line, so a bad line is a
    // build defect, not user input.
    text.lines()
        .skip(1)
        .map(|line| {
            let (code, zones) = line.split_once(',').expect("code,zones");
            let zones = zones
                .split(' ')
                .map(|z| z.parse().expect("an IANA zone in country_zones.csv"))
                .collect();
            (code, zones)
        })
        .collect()
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let zone_table = zones();
        let mut source: Vec<keshvar::Country> = keshvar::CountryIterator::new().collect();
        source.sort_by_key(|c| c.alpha2().to_string());
        let mut countries = Vec::new();
        // Each name is filed with its rank (codes and English names first); a name two
        // countries share at the same rank finds neither.
        let mut keys: HashMap<String, (u8, Option<usize>)> = HashMap::new();
        let mut file = |name: &str, rank: u8, idx: usize| {
            let key = name_key(name);
            if key.is_empty() {
                return;
            }
            let entry = keys.entry(key).or_insert((rank, Some(idx)));
            if rank < entry.0 {
                *entry = (rank, Some(idx));
            } else if rank == entry.0 && entry.1 != Some(idx) {
                entry.1 = None;
            }
        };
        for (idx, c) in source.iter().enumerate() {
            let code: &'static str = Box::leak(c.alpha2().to_string().into_boxed_str());
            let english = c
                .translations()
                .get("en")
                .copied()
                .unwrap_or(c.iso_short_name());
            let name = COMMON_NAMES
                .iter()
                .find(|(k, _)| *k == code)
                .map_or(english, |(_, n)| n);
            let own_zones = zone_table[code].clone();
            let zone = own_zones[0];
            let geo = c.geo();
            countries.push(Country {
                code,
                name,
                region: region_of(c, code),
                zone,
                zones: own_zones,
                utc_offset_minutes: super::TimeZone::Zone(zone).usual_offset().minutes(),
                latitude: geo.latitude(),
                longitude: geo.longitude(),
            });
            for n in [
                code,
                &c.alpha3().to_string(),
                name,
                english,
                c.iso_short_name(),
            ] {
                file(n, 0, idx);
            }
            for (_, n) in EXTRA_NAMES.iter().filter(|(k, _)| *k == code) {
                file(n, 0, idx);
            }
            file(c.iso_long_name(), 1, idx);
            for n in c.unofficial_name_list() {
                file(n, 1, idx);
            }
            for lang in NAME_LANGUAGES {
                if let Some(n) = c.translations().get(lang) {
                    file(n, 2, idx);
                }
            }
        }
        let by_key = keys
            .into_iter()
            .filter_map(|(k, (_, idx))| Some((k, idx?)))
            .collect();
        Table { countries, by_key }
    })
}

impl Country {
    /// Every ISO 3166-1 country, in alphabetical order of code.
    pub fn all() -> &'static [Country] {
        &table().countries
    }

    /// Finds a country by ISO code (two or three letters), ISO short or official name,
    /// common English name, or its name in a major language, ignoring case, accents and
    /// punctuation.
    pub fn find(text: &str) -> Option<&'static Country> {
        let t = table();
        t.by_key.get(&name_key(text)).map(|&i| &t.countries[i])
    }

    /// Like [`Country::find`], with an error that says what is accepted.
    pub fn parse(text: &str) -> Result<&'static Country, DomainError> {
        Country::find(text).ok_or_else(|| DomainError::Unknown {
            what: "country",
            value: text.trim().to_string(),
            hint: "use an ISO 3166 code such as NZ or a name such as New Zealand".to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_iso_country_is_there_with_a_zone_and_a_point() {
        let all = Country::all();
        assert_eq!(all.len(), 249);
        let zones = zones();
        assert_eq!(zones.len(), 249, "one zone line per country");
        for c in all {
            assert!(c.code.len() == 2 && c.code.chars().all(|ch| ch.is_ascii_uppercase()));
            assert!((-90.0..=90.0).contains(&c.latitude));
            assert!((-180.0..=180.0).contains(&c.longitude));
            assert!((-720..=840).contains(&c.utc_offset_minutes));
            assert_eq!(Country::find(c.code).unwrap().code, c.code);
            assert_eq!(Country::find(c.name).unwrap().code, c.code, "{}", c.name);
        }
    }

    #[test]
    fn every_iso_short_name_finds_its_country() {
        for c in keshvar::CountryIterator::new() {
            let code = c.alpha2().to_string();
            let found = Country::find(c.iso_short_name());
            assert_eq!(
                found.map(|f| f.code),
                Some(code.as_str()),
                "{}",
                c.iso_short_name()
            );
        }
    }

    #[test]
    fn finds_official_common_and_other_language_names() {
        for (text, code) in [
            ("nz", "NZ"),
            (" United States of America ", "US"),
            ("USA", "US"),
            ("turkey", "TR"),
            ("Türkiye", "TR"),
            ("Viet Nam", "VN"),
            ("Vietnam", "VN"),
            ("Côte d'Ivoire", "CI"),
            ("Cote d’Ivoire", "CI"),
            ("Ivory Coast", "CI"),
            ("Korea, Republic of", "KR"),
            ("Republic of Korea", "KR"),
            ("Greenland", "GL"),
            ("Bhutan", "BT"),
            ("French Guiana", "GF"),
            ("the Netherlands", "NL"),
            ("Deutschland", "DE"),
            ("España", "ES"),
            ("Brasil", "BR"),
            ("日本", "JP"),
            ("Russian Federation", "RU"),
            ("Tanzania, United Republic of", "TZ"),
            ("DEU", "DE"),
            ("Trinidad & Tobago", "TT"),
            ("U.K.", "GB"),
            ("DRC", "CD"),
        ] {
            assert_eq!(Country::find(text).map(|c| c.code), Some(code), "{text}");
        }
        assert!(Country::parse("Atlantis").is_err());
        assert_eq!(Country::find("Russia").unwrap().name, "Russia");
        assert_eq!(Country::find("VN").unwrap().name, "Vietnam");
    }

    #[test]
    fn regions_and_zones_follow_the_country() {
        let of = |code| Country::find(code).unwrap();
        assert_eq!(of("GL").region, Region::NorthAmerica);
        assert_eq!(of("BT").region, Region::Asia);
        assert_eq!(of("GF").region, Region::LatinAmerica);
        assert_eq!(of("JO").region, Region::MiddleEast);
        assert_eq!(of("AU").zone, chrono_tz::Australia::Sydney);
        assert!(of("AU").zones.contains(&chrono_tz::Australia::Perth));
        assert!(of("US").zones.contains(&chrono_tz::America::Chicago));
        assert_eq!(of("AU").utc_offset_minutes, 600);
        assert_eq!(of("IN").utc_offset_minutes, 330);
        assert_eq!(of("IE").utc_offset_minutes, 0);
    }
}
