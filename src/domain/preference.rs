//! What an applicant wishes for in a partner. Matching is preference-driven: a pair scores
//! by how well each partner meets the other's wishes.

use std::fmt;

use super::{Country, DomainError, Region};

/// A wish about the partner's career stage, relative to the applicant's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum StageWish {
    #[default]
    Any,
    Same,
    Earlier,
    Later,
}

impl StageWish {
    pub const ALL: [StageWish; 4] = [
        StageWish::Any,
        StageWish::Same,
        StageWish::Earlier,
        StageWish::Later,
    ];

    pub fn code(self) -> &'static str {
        match self {
            StageWish::Any => "any",
            StageWish::Same => "same",
            StageWish::Earlier => "earlier",
            StageWish::Later => "later",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            StageWish::Any => "any stage",
            StageWish::Same => "same stage",
            StageWish::Earlier => "earlier in career",
            StageWish::Later => "later in career",
        }
    }

    pub fn parse(text: &str) -> Result<StageWish, DomainError> {
        let t = text.trim().to_lowercase();
        if t.is_empty() || t == "any" || t.contains("no preference") || t.contains("any stage") {
            return Ok(StageWish::Any);
        }
        for w in StageWish::ALL {
            if t == w.code() || t == w.name() {
                return Ok(w);
            }
        }
        // Survey answers are sentences: "Someone earlier in their career than me".
        if t.contains("same") || t.contains("similar") {
            Ok(StageWish::Same)
        } else if t.contains("earlier") || t.contains("less experience") {
            Ok(StageWish::Earlier)
        } else if t.contains("later") || t.contains("more experience") {
            Ok(StageWish::Later)
        } else {
            Err(DomainError::Unknown {
                what: "career-stage wish",
                value: text.trim().to_string(),
                hint: "use any, same, earlier or later".to_string(),
            })
        }
    }
}

impl fmt::Display for StageWish {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A wish about where the partner works.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum PlaceWish {
    #[default]
    Any,
    Region(Region),
    /// ISO code of the wished-for country.
    Country(&'static str),
}

impl PlaceWish {
    /// The stored form: `any`, `region:Africa`, `country:NZ`.
    pub fn code(self) -> String {
        match self {
            PlaceWish::Any => "any".to_string(),
            PlaceWish::Region(r) => format!("region:{}", r.name()),
            PlaceWish::Country(c) => format!("country:{c}"),
        }
    }

    pub fn from_code(text: &str) -> Result<PlaceWish, DomainError> {
        match text.split_once(':') {
            None if text == "any" => Ok(PlaceWish::Any),
            Some(("region", r)) => Region::parse(r)
                .map(PlaceWish::Region)
                .ok_or_else(|| DomainError::Corrupt(format!("place wish {text:?}"))),
            Some(("country", c)) => Country::find(c)
                .map(|c| PlaceWish::Country(c.code))
                .ok_or_else(|| DomainError::Corrupt(format!("place wish {text:?}"))),
            _ => Err(DomainError::Corrupt(format!("place wish {text:?}"))),
        }
    }

    /// Reads a survey answer: empty or "any", a region name, or a country.
    pub fn parse(text: &str) -> Result<PlaceWish, DomainError> {
        let t = text.trim();
        let lower = t.to_lowercase();
        if t.is_empty() || lower == "any" || lower.contains("no preference") {
            return Ok(PlaceWish::Any);
        }
        if let Some(r) = Region::parse(t) {
            return Ok(PlaceWish::Region(r));
        }
        if let Some(c) = Country::find(t) {
            return Ok(PlaceWish::Country(c.code));
        }
        Err(DomainError::Unknown {
            what: "country or region wish",
            value: t.to_string(),
            hint: format!(
                "use any, a region ({}) or a country",
                Region::ALL.map(|r| r.name()).join(", ")
            ),
        })
    }

    /// Whether a partner from `country` meets this wish.
    pub fn accepts(self, country: &Country) -> bool {
        match self {
            PlaceWish::Any => true,
            PlaceWish::Region(r) => country.region == r,
            PlaceWish::Country(c) => country.code == c,
        }
    }
}

impl fmt::Display for PlaceWish {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlaceWish::Any => f.write_str("anywhere"),
            PlaceWish::Region(r) => write!(f, "{r}"),
            PlaceWish::Country(c) => {
                let name = Country::find(c).map(|c| c.name).unwrap_or(c);
                f.write_str(name)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_wishes_read_survey_sentences() {
        assert_eq!(StageWish::parse("").unwrap(), StageWish::Any);
        assert_eq!(
            StageWish::parse("Someone later in their career than me").unwrap(),
            StageWish::Later
        );
        assert_eq!(StageWish::parse("SAME").unwrap(), StageWish::Same);
        assert!(StageWish::parse("purple").is_err());
    }

    #[test]
    fn place_wishes_round_trip() {
        for w in [
            PlaceWish::Any,
            PlaceWish::Region(Region::LatinAmerica),
            PlaceWish::Country("KE"),
        ] {
            assert_eq!(PlaceWish::from_code(&w.code()).unwrap(), w);
        }
        assert_eq!(
            PlaceWish::parse("Africa").unwrap(),
            PlaceWish::Region(Region::Africa)
        );
        assert_eq!(PlaceWish::parse("Kenya").unwrap(), PlaceWish::Country("KE"));
        let kenya = Country::find("KE").unwrap();
        assert!(PlaceWish::Region(Region::Africa).accepts(kenya));
        assert!(!PlaceWish::Country("NZ").accepts(kenya));
    }
}
