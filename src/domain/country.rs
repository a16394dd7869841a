//! Countries: ISO 3166-1 alpha-2 code, name, region, a representative UTC offset and a
//! point for a map, read from `assets/countries.csv` (compiled into the binary).

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

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
    /// Minutes east of UTC for the country's main population centre (standard time).
    pub utc_offset_minutes: i32,
    pub latitude: f64,
    pub longitude: f64,
}

struct Table {
    countries: Vec<Country>,
    by_key: HashMap<String, usize>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let text: &'static str = include_str!("../../assets/countries.csv");
        let mut countries = Vec::new();
        let mut by_key = HashMap::new();
        // The table ships with the binary and is checked by a unit test, so a malformed
        // line here is a build defect, not user input.
        for (i, line) in text.lines().skip(1).enumerate() {
            let f: Vec<&'static str> = line.splitn(7, ',').collect();
            assert!(
                f.len() == 7,
                "assets/countries.csv line {}: 7 fields",
                i + 2
            );
            let country = Country {
                code: f[0],
                name: f[1],
                region: Region::parse(f[2]).expect("known region in countries.csv"),
                utc_offset_minutes: f[3].parse().expect("offset in countries.csv"),
                latitude: f[4].parse().expect("latitude in countries.csv"),
                longitude: f[5].parse().expect("longitude in countries.csv"),
            };
            let idx = countries.len();
            by_key.insert(f[0].to_lowercase(), idx);
            by_key.insert(f[1].to_lowercase(), idx);
            for alias in f[6].split(';').filter(|a| !a.trim().is_empty()) {
                by_key.insert(alias.trim().to_lowercase(), idx);
            }
            countries.push(country);
        }
        Table { countries, by_key }
    })
}

impl Country {
    /// Every known country, in alphabetical order of code.
    pub fn all() -> &'static [Country] {
        &table().countries
    }

    /// Finds a country by ISO code, English name or a common alias, ignoring case.
    pub fn find(text: &str) -> Option<&'static Country> {
        let t = table();
        t.by_key
            .get(&text.trim().to_lowercase())
            .map(|&i| &t.countries[i])
    }

    /// Like [`Country::find`], with an error that says what is accepted.
    pub fn parse(text: &str) -> Result<&'static Country, DomainError> {
        Country::find(text).ok_or_else(|| DomainError::Unknown {
            what: "country",
            value: text.trim().to_string(),
            hint: "use an ISO 3166 code such as NZ or an English name such as New Zealand"
                .to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_loads_and_codes_are_unique_iso_shape() {
        let all = Country::all();
        assert!(all.len() > 100);
        let mut codes: Vec<_> = all.iter().map(|c| c.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
        for c in all {
            assert!(c.code.len() == 2 && c.code.chars().all(|ch| ch.is_ascii_uppercase()));
            assert!((-90.0..=90.0).contains(&c.latitude));
            assert!((-180.0..=180.0).contains(&c.longitude));
            assert!((-720..=840).contains(&c.utc_offset_minutes));
        }
    }

    #[test]
    fn finds_by_code_name_and_alias() {
        assert_eq!(Country::find("nz").unwrap().name, "New Zealand");
        assert_eq!(
            Country::find(" United States of America ").unwrap().code,
            "US"
        );
        assert_eq!(Country::find("turkey").unwrap().code, "TR");
        assert!(Country::parse("Atlantis").is_err());
    }
}
