//! Reading single cells the way survey answers are written: yes/no answers, lists of terms,
//! "No preference", time zones as pickers show them, and near-miss spellings.

use crate::domain::{Country, DomainError, TimeZone, UtcOffset};

/// Reads a term, trying the text without a trailing explanation in brackets when the whole
/// does not match: "Mid-career (5–15 years)" is "Mid-career".
pub fn term<T>(
    text: &str,
    parse: impl Fn(&str) -> Result<T, DomainError>,
) -> Result<T, DomainError> {
    match parse(text) {
        Ok(t) => Ok(t),
        Err(e) => match text.split_once('(') {
            Some((head, _)) if !head.trim().is_empty() => parse(head).map_err(|_| e),
            _ => Err(e),
        },
    }
}

/// Reads every term of a multi-value cell (`English, Spanish`, one per line…), in order and
/// without repeats; the error lists every term not understood, not just the first.
pub fn terms<T: PartialEq>(
    text: &str,
    parse: impl Fn(&str) -> Result<T, DomainError>,
    known: &[&str],
) -> Result<Vec<T>, String> {
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    let mut what = "";
    let mut hint = String::new();
    for whole in split_list(text) {
        // "english, spanish" typed by hand: small letters, but two terms.
        let pieces: Vec<&str> = match term(whole, &parse) {
            Err(_) if whole.contains(',') => whole.split(',').map(str::trim).collect(),
            _ => vec![whole],
        };
        for part in pieces {
            match term(part, &parse) {
                Ok(t) if !out.contains(&t) => out.push(t),
                Ok(_) => {}
                Err(DomainError::Unknown {
                    what: w,
                    value,
                    hint: h,
                }) => {
                    what = w;
                    hint = h;
                    unknown.push(with_suggestion(&value, known));
                }
                Err(other) => return Err(other.to_string()),
            }
        }
    }
    if unknown.is_empty() {
        Ok(out)
    } else {
        Err(format!("unknown {what} {}; {hint}", unknown.join(", ")))
    }
}

/// A wish said in terms of the applicant's own answer: "The same type of library as me", "A
/// different type of library".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relative {
    Same,
    Different,
}

pub fn relative(text: &str) -> Option<Relative> {
    let words: Vec<String> = text
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_string)
        .collect();
    let has = |w: &str| words.iter().any(|x| x == w);
    if has("same") || has("similar") {
        Some(Relative::Same)
    } else if has("different") || has("another") || has("other") {
        Some(Relative::Different)
    } else {
        None
    }
}

/// The parts of a multi-value cell. Where the cell has semicolons, line breaks or bars, only
/// those separate (a survey tool that uses them leaves commas inside answers); otherwise
/// commas do, except that in a cell of labels (its first letter a capital) a part starting
/// with a small letter continues the one before: Google Forms joins "Children, young people
/// and families" and "Advocacy" as "Children, young people and families, Advocacy".
pub fn split_list(text: &str) -> impl Iterator<Item = &str> {
    let strong = text.contains([';', '\n', '|']);
    // Typed by hand all in small letters ("cataloguing, metadata"), every comma separates.
    let labels = text.trim_start().starts_with(|c: char| !c.is_lowercase());
    let mut parts: Vec<&str> = Vec::new();
    let mut start = 0;
    for (at, c) in text.char_indices() {
        let separates = if strong {
            matches!(c, ';' | '\n' | '|')
        } else {
            c == ',' && !(labels && text[at + 1..].trim_start().starts_with(char::is_lowercase))
        };
        if separates {
            parts.push(&text[start..at]);
            start = at + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    parts.into_iter().map(str::trim).filter(|p| !p.is_empty())
}

/// Reads a single term with the domain's parser, adding a suggestion to an unknown value.
pub fn one<T>(
    text: &str,
    parse: impl Fn(&str) -> Result<T, DomainError>,
    known: &[&str],
) -> Result<T, String> {
    term(text, parse).map_err(|e| match e {
        DomainError::Unknown { what, value, hint } => {
            format!("unknown {what} {}; {hint}", with_suggestion(&value, known))
        }
        other => other.to_string(),
    })
}

/// `"Untied States" (did you mean "United States"?)`, or just the quoted value.
fn with_suggestion(value: &str, known: &[&str]) -> String {
    match suggest(value, known) {
        Some(s) => format!("{value:?} (did you mean {s:?}?)"),
        None => format!("{value:?}"),
    }
}

/// The known term closest in spelling to `value`, when it is close enough to be a typo:
/// within a few insertions, deletions, substitutions or swaps of two neighbours ("Untied"
/// → "United").
pub fn suggest<'a>(value: &str, known: &[&'a str]) -> Option<&'a str> {
    let v = value.trim().to_lowercase();
    let length = v.chars().count();
    let allowed = (length / 4).clamp(1, 3);
    known
        .iter()
        .map(|k| (k.to_lowercase(), *k))
        // The distance is at least the difference in length: most terms are not compared.
        .filter(|(lower, _)| lower.chars().count().abs_diff(length) <= allowed)
        .map(|(lower, k)| (strsim::osa_distance(&v, &lower), k))
        .filter(|&(d, _)| d <= allowed)
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k)
}

/// Whether a wish cell says "no wish": empty, "any", "No preference"…
pub fn is_any(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    matches!(
        t.as_str(),
        "" | "any"
            | "all"
            | "either"
            | "anyone"
            | "anywhere"
            | "n/a"
            | "any sector"
            | "all sectors"
    ) || t.contains("no preference")
}

/// Consent: yes/true/agree/"I agree…" are consent; an empty cell or no/false/"I do not
/// agree" is not, and neither is anything else (consent must be clear).
pub fn consent(text: &str) -> Result<(), String> {
    let t = text.trim().to_lowercase();
    const NOT_GIVEN: &str =
        "only applicants who accept it can take part (ask the applicant, then write yes)";
    if t.is_empty() {
        return Err(format!(
            "is empty, so the code of conduct was not accepted; {NOT_GIVEN}"
        ));
    }
    let words: Vec<&str> = t
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .collect();
    let negative = ["no", "not", "don't", "disagree", "false", "decline"]
        .iter()
        .any(|n| words.contains(n));
    let positive = [
        "yes", "y", "true", "1", "x", "agree", "accept", "consent", "ok", "sí", "oui",
    ]
    .iter()
    .any(|p| words.contains(p))
        || t.starts_with("i agree")
        || t.starts_with('✓')
        || t.starts_with('✔');
    if positive && !negative {
        Ok(())
    } else if negative {
        Err(format!(
            "{:?}: the code of conduct was not accepted; {NOT_GIVEN}",
            text.trim()
        ))
    } else {
        Err(format!(
            "{:?} is not a clear yes; write yes (or I agree) when the applicant accepted the \
             code of conduct",
            text.trim()
        ))
    }
}

/// A yes/no cell where empty means no.
pub fn yes_no(text: &str) -> Result<bool, String> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "x" => Ok(true),
        "" | "no" | "n" | "false" | "0" => Ok(false),
        _ => Err(format!(
            "{:?} is not yes or no; write yes or no",
            text.trim()
        )),
    }
}

/// A time zone as typed or picked: an IANA name such as `Australia/Sydney`; `UTC+10`,
/// `GMT+8`, `UTC +1` or `+05:30`; or a picker's `(UTC+10:00) Canberra, Melbourne, Sydney`,
/// which is the zone of a city it names where that zone's standard offset is the one
/// shown, else the offset. Empty means the country's zone.
pub fn time_zone(text: &str, country: Option<&Country>) -> Result<Option<TimeZone>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(country.map(|c| TimeZone::Zone(c.zone)));
    }
    // "AEST", "Pacific Time Zone", "CST (no daylight saving)": a name of one of the
    // country's zones. Tried before the zone database's names, where "EST" and "MST" are
    // fixed American offsets that an Australian or a Malaysian does not mean.
    let head = t.split('(').next().unwrap_or(t).trim();
    if let Some(found) = zone_called(head, country) {
        return found.map(Some);
    }
    // An IANA name has its area ("Australia/Sydney"); the database's other names ("GMT",
    // "EST", "Japan") are read above or as offsets below.
    if let Some(zone) = TimeZone::named(t).filter(|_| t.contains('/')) {
        return Ok(Some(zone));
    }
    let (offset, places) =
        if let Some((inner, rest)) = t.strip_prefix('(').and_then(|r| r.split_once(')')) {
            (inner, rest)
        } else {
            t.split_once('(')
                .map_or((t, ""), |(head, rest)| (head, rest.trim_end_matches(')')))
        };
    let offset = UtcOffset::parse(offset).map_err(|_| {
        format!(
            "{t:?} is not a time zone; write it like UTC+10, UTC-03:30, +05:45 or \
                 Australia/Sydney, or leave it empty for the country's usual time zone"
        )
    })?;
    // A picker's places: a city ("Chennai, Kolkata") or a zone's name ("Eastern Time (US &
    // Canada)"), taken where its standard offset is the one shown.
    let named = |place: &str| {
        zone_of_city(place).or_else(|| {
            let name = place.split('(').next().unwrap_or(place).trim();
            zone_called(name, country).and_then(Result::ok)
        })
    };
    let zone = places
        .split(',')
        .filter_map(named)
        .find(|zone| zone.usual_offset() == offset);
    // A bare "UTC" or "GMT" in a country on that time in winter is the country's zone, with
    // its summer time.
    let country_zone = country
        .map(|c| TimeZone::Zone(c.zone))
        .filter(|z| places.trim().is_empty() && z.usual_offset() == offset && head.len() <= 3);
    Ok(Some(
        zone.or(country_zone).unwrap_or(TimeZone::Fixed(offset)),
    ))
}

/// The zone a name such as "AEST" or "Pacific time" means in `country`: one it lists that
/// is the country's, else the country's own zone with the same standard offset as one it
/// lists; refused when neither. `None` when the text is no such name.
fn zone_called(name: &str, country: Option<&Country>) -> Option<Result<TimeZone, String>> {
    let zones = zones_called(name)?;
    let Some(c) = country else {
        return zones.first().map(|&z| Ok(TimeZone::Zone(z)));
    };
    let offsets: Vec<UtcOffset> = zones
        .iter()
        .map(|&z| TimeZone::Zone(z).usual_offset())
        .collect();
    let found = zones
        .iter()
        .copied()
        .find(|z| c.zones.contains(z))
        .or_else(|| {
            c.zones
                .iter()
                .copied()
                .find(|&z| offsets.contains(&TimeZone::Zone(z).usual_offset()))
        });
    Some(match found {
        Some(zone) => Ok(TimeZone::Zone(zone)),
        None => Err(format!(
            "{name:?} names a time zone that is not {}'s; write the time zone as \
             Australia/Sydney or UTC+10, or leave it empty for the country's usual one",
            c.name
        )),
    })
}

/// What people call time zones, and the zones each may mean (the country tells which).
const ZONE_NAMES: &[(&[&str], &[&str])] = &[
    (
        &["aest", "aedt", "australian eastern time"],
        &[
            "Australia/Sydney",
            "Australia/Melbourne",
            "Australia/Brisbane",
            "Australia/Hobart",
        ],
    ),
    (
        &["acst", "acdt", "australian central time"],
        &["Australia/Adelaide", "Australia/Darwin"],
    ),
    (&["awst", "australian western time"], &["Australia/Perth"]),
    (&["nzst", "nzdt", "new zealand time"], &["Pacific/Auckland"]),
    (
        &[
            "bst",
            "british summer time",
            "uk time",
            "bangladesh standard time",
        ],
        &["Europe/London", "Asia/Dhaka"],
    ),
    (
        &[
            "ist",
            "indian standard time",
            "irish standard time",
            "israel standard time",
        ],
        &["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"],
    ),
    (
        &["cet", "cest", "central european time"],
        &[
            "Europe/Paris",
            "Europe/Berlin",
            "Europe/Madrid",
            "Europe/Rome",
            "Europe/Amsterdam",
            "Europe/Brussels",
            "Europe/Vienna",
            "Europe/Zurich",
            "Europe/Stockholm",
            "Europe/Oslo",
            "Europe/Copenhagen",
            "Europe/Warsaw",
            "Europe/Prague",
            "Europe/Budapest",
            "Europe/Belgrade",
            "Africa/Lagos",
        ],
    ),
    (
        &["eet", "eest", "eastern european time"],
        &[
            "Europe/Athens",
            "Europe/Helsinki",
            "Europe/Kyiv",
            "Europe/Bucharest",
            "Europe/Sofia",
            "Africa/Cairo",
        ],
    ),
    (
        &["wet", "west", "western european time"],
        &["Europe/Lisbon", "Atlantic/Canary"],
    ),
    (
        &["est", "edt", "eastern time", "et"],
        // In Australia, EST is its eastern time.
        &[
            "America/New_York",
            "America/Toronto",
            "Australia/Sydney",
            "Australia/Melbourne",
            "Australia/Brisbane",
            "Australia/Hobart",
        ],
    ),
    (
        &["cst", "cdt", "central time", "ct"],
        &[
            "America/Chicago",
            "America/Winnipeg",
            "America/Mexico_City",
            "Asia/Shanghai",
            "Asia/Taipei",
            "America/Havana",
            "Australia/Adelaide",
            "Australia/Darwin",
        ],
    ),
    (
        &["mst", "mdt", "mountain time", "mt"],
        &[
            "America/Denver",
            "America/Edmonton",
            "America/Phoenix",
            "America/Mazatlan",
            // Malaysia Standard Time.
            "Asia/Kuala_Lumpur",
        ],
    ),
    (
        &["pst", "pdt", "pacific time", "pt"],
        &[
            "America/Los_Angeles",
            "America/Vancouver",
            "America/Tijuana",
        ],
    ),
    (&["akst", "akdt", "alaska time"], &["America/Anchorage"]),
    (&["hst", "hawaii time"], &["Pacific/Honolulu"]),
    (
        &["ast", "atlantic time", "arabia standard time"],
        &["America/Halifax", "America/Puerto_Rico", "Asia/Riyadh"],
    ),
    (&["jst", "japan time"], &["Asia/Tokyo"]),
    (
        &["ict", "indochina time"],
        &[
            "Asia/Bangkok",
            "Asia/Ho_Chi_Minh",
            "Asia/Phnom_Penh",
            "Asia/Vientiane",
        ],
    ),
    (&["fjt", "fiji time"], &["Pacific/Fiji"]),
    (&["tot", "tonga time"], &["Pacific/Tongatapu"]),
    (&["wst", "samoa time"], &["Pacific/Apia", "Australia/Perth"]),
    (&["kst", "korea time"], &["Asia/Seoul"]),
    (&["hkt", "hong kong time"], &["Asia/Hong_Kong"]),
    (&["sgt", "singapore time"], &["Asia/Singapore"]),
    (&["pht", "philippine time"], &["Asia/Manila"]),
    (&["wib", "western indonesia time"], &["Asia/Jakarta"]),
    (&["pkt", "pakistan time"], &["Asia/Karachi"]),
    (&["npt", "nepal time"], &["Asia/Kathmandu"]),
    (
        &["eat", "east africa time"],
        &[
            "Africa/Nairobi",
            "Africa/Dar_es_Salaam",
            "Africa/Kampala",
            "Africa/Addis_Ababa",
        ],
    ),
    (
        &["wat", "west africa time"],
        &["Africa/Lagos", "Africa/Kinshasa", "Africa/Douala"],
    ),
    (
        &["cat", "central africa time"],
        &[
            "Africa/Maputo",
            "Africa/Harare",
            "Africa/Lusaka",
            "Africa/Blantyre",
            "Africa/Gaborone",
            "Africa/Lubumbashi",
        ],
    ),
    (&["sast", "south africa time"], &["Africa/Johannesburg"]),
    (&["brt", "brasilia time"], &["America/Sao_Paulo"]),
    (
        &["art", "argentina time"],
        &["America/Argentina/Buenos_Aires"],
    ),
    (&["msk", "moscow time"], &["Europe/Moscow"]),
];

/// The zones a name such as "AEST" or "Pacific time" may mean, if it is one.
fn zones_called(name: &str) -> Option<Vec<chrono_tz::Tz>> {
    let key = name.trim().to_lowercase();
    let key = key.trim_end_matches(" zone");
    ZONE_NAMES
        .iter()
        .find(|(names, _)| names.contains(&key))
        .map(|(_, zones)| {
            zones
                .iter()
                .map(|z| z.parse().expect("a zone name in ZONE_NAMES"))
                .collect()
        })
}

/// The IANA zone named after a city ("Kolkata", "Buenos Aires"), if there is one.
fn zone_of_city(city: &str) -> Option<TimeZone> {
    let city = city.trim().replace(' ', "_");
    if city.is_empty() {
        return None;
    }
    chrono_tz::TZ_VARIANTS
        .iter()
        .find(|zone| {
            zone.name()
                .rsplit('/')
                .next()
                .is_some_and(|last| last.eq_ignore_ascii_case(&city))
        })
        .map(|&zone| TimeZone::Zone(zone))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CareerStage, Language};

    #[test]
    fn terms_list_every_unknown_with_suggestions() {
        let known = ["English", "Spanish", "French"];
        assert_eq!(
            terms("English, Español\nEnglish", Language::parse, &known),
            Ok(vec![Language::English, Language::Spanish])
        );
        let err = terms("Englsh, Klingon, French", Language::parse, &known).unwrap_err();
        assert!(
            err.starts_with(r#"unknown language "Englsh" (did you mean "English"?), "Klingon"; "#),
            "{err}"
        );
    }

    #[test]
    fn bracketed_explanations_are_ignored_when_needed() {
        assert_eq!(
            one("Mid-career (5–15 years)", CareerStage::parse, &[]),
            Ok(CareerStage::Mid)
        );
        assert!(one("(5–15 years)", CareerStage::parse, &[]).is_err());
    }

    #[test]
    fn suggestions_only_for_typos() {
        let known = ["United States", "United Kingdom", "Uganda"];
        assert_eq!(suggest("Untied States", &known), Some("United States"));
        assert_eq!(suggest("Atlantis", &known), None);
    }

    #[test]
    fn consent_needs_a_clear_yes() {
        for yes in [
            "Yes",
            "TRUE",
            "I agree",
            "I agree to the code of conduct",
            "✓",
            "Agree",
        ] {
            assert_eq!(consent(yes), Ok(()), "{yes}");
        }
        for no in ["", "No", "I do not agree", "Disagree", "maybe", "false"] {
            assert!(consent(no).is_err(), "{no}");
        }
    }

    #[test]
    fn time_zones_from_pickers() {
        let zone = |name| Ok(Some(TimeZone::named(name).unwrap()));
        let picked = time_zone("(GMT+10:00) Canberra, Melbourne, Sydney", None);
        let picked = picked.unwrap().unwrap();
        assert!(
            picked.zone_name().unwrap().starts_with("Australia/"),
            "{picked}"
        );
        assert_eq!(picked.usual_offset(), UtcOffset(600));
        assert_eq!(
            time_zone("UTC-3 (Buenos Aires)", None),
            zone("America/Argentina/Buenos_Aires")
        );
        // A city whose zone has another offset leaves the offset as written.
        assert_eq!(
            time_zone("(UTC+02:00) Sydney", None),
            Ok(Some(TimeZone::Fixed(UtcOffset(120))))
        );
        let nz = Country::find("NZ").unwrap();
        assert_eq!(time_zone("", Some(nz)), zone("Pacific/Auckland"));
        assert!(time_zone("Sydney", None).is_err());
    }

    #[test]
    fn zone_names_people_use_are_read_in_the_country() {
        let of = |text, code| {
            time_zone(text, Some(Country::find(code).unwrap()))
                .map(|z| z.and_then(|z| z.zone_name()))
        };
        assert_eq!(of("AEST", "AU"), Ok(Some("Australia/Sydney")));
        assert_eq!(
            of("CST (no daylight saving)", "CN"),
            Ok(Some("Asia/Shanghai"))
        );
        assert_eq!(of("CST", "US"), Ok(Some("America/Chicago")));
        assert_eq!(of("IST", "IN"), Ok(Some("Asia/Kolkata")));
        assert_eq!(of("IST", "IE"), Ok(Some("Europe/Dublin")));
        assert_eq!(of("BST (Bangladesh)", "BD"), Ok(Some("Asia/Dhaka")));
        // Names the zone database also knows as fixed offsets are read in the country.
        assert_eq!(of("EST", "US"), Ok(Some("America/New_York")));
        assert_eq!(of("EST", "AU"), Ok(Some("Australia/Sydney")));
        assert_eq!(of("MST", "MY"), Ok(Some("Asia/Kuala_Lumpur")));
        assert_eq!(of("GMT", "GB"), Ok(Some("Europe/London")));
        assert_eq!(of("UTC", "GH"), Ok(Some("Africa/Accra")));
        assert_eq!(of("AST", "SA"), Ok(Some("Asia/Riyadh")));
        // A zone of the country with the same standard offset as the one named.
        assert_eq!(of("EAT", "SO"), Ok(Some("Africa/Mogadishu")));
        assert_eq!(of("WAT", "NE"), Ok(Some("Africa/Niamey")));
        assert_eq!(
            of("Pacific Time Zone", "US"),
            Ok(Some("America/Los_Angeles"))
        );
        assert_eq!(
            of("(UTC-05:00) Eastern Time (US & Canada)", "US"),
            Ok(Some("America/New_York"))
        );
        assert_eq!(of("ICT", "VN"), Ok(Some("Asia/Ho_Chi_Minh")));
        assert_eq!(of("Pacific time", "CA"), Ok(Some("America/Vancouver")));
        let err = of("Pacific time", "FJ").unwrap_err();
        assert!(err.contains("not Fiji's"), "{err}");
        for name in ZONE_NAMES.iter().flat_map(|(_, zones)| zones.iter()) {
            assert!(TimeZone::named(name).is_some(), "{name}");
        }
    }

    #[test]
    fn time_zones_as_people_write_them() {
        for (written, minutes) in [
            ("Australia/Sydney", 600),
            ("australia/sydney", 600),
            ("America/St_Johns", -210),
            ("Asia/Kolkata", 330),
            ("(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi", 330),
            ("GMT+8", 480),
            ("UTC +1", 60),
            ("UTC−03:00", -180),
            ("Europe/London", 0),
            ("Europe/Dublin", 0),
            ("America/Santiago", -240),
        ] {
            let found = time_zone(written, None).unwrap().unwrap();
            assert_eq!(found.usual_offset(), UtcOffset(minutes), "{written}");
        }
        // Named zones stay named, so that summer time is seen; offsets stay offsets.
        assert_eq!(
            time_zone("australia/sydney", None)
                .unwrap()
                .unwrap()
                .zone_name(),
            Some("Australia/Sydney")
        );
        assert_eq!(
            time_zone("GMT+8", None),
            Ok(Some(TimeZone::Fixed(UtcOffset(480))))
        );
        let err = time_zone("Europe/Atlantis", None).unwrap_err();
        assert!(err.contains("Australia/Sydney"), "{err}");
    }
}
