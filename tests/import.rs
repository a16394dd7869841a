//! Import of survey CSV exports: every kind of bad input is refused with its line and column
//! and leaves the database as it was; the shapes real exports take (BOM, semicolons, CRLF,
//! quoted multi-line cells, multi-value cells) import right; re-imports update; bad rows can
//! be skipped into a rejects file; mapping files name unusual headers.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use iln::domain::{
    CareerStage, Interest, Language, PlaceWish, Region, RoundId, RoundPlan, Sector, StageWish,
    TimeZone, UtcOffset,
};
use iln::import::{
    Field, ImportError, ImportOptions, ImportReport, Mapping, Problem, import_file, parse_bytes,
};
use iln::store::{AuditEntry, Store};

// ---------------------------------------------------------------------------------------
// A small survey export to vary row by row.

const HEADERS: [&str; 16] = [
    "Timestamp",
    "Email Address",
    "Full name",
    "Country",
    "City",
    "Time zone",
    "Library sector",
    "Role",
    "Career stage",
    "Areas of interest",
    "Languages",
    "Partner sector",
    "Partner career stage",
    "Partner region",
    "Code of conduct",
    "Notes",
];

#[derive(Clone)]
struct Row(Vec<String>);

impl Row {
    fn new(n: usize) -> Row {
        let mut cells: Vec<String> = [
            format!("2027/03/0{} 9:15:02 AM GMT+10", 1 + n % 9),
            format!("person{n}@library.org"),
            format!("Person {n}"),
        ]
        .to_vec();
        cells.extend(
            [
                "New Zealand",
                "Wellington",
                "",
                "Academic",
                "Liaison librarian",
                "Mid career (5-15 years)",
                "Open access, Advocacy, Research support",
                "English, Spanish",
                "No preference",
                "No preference",
                "No preference",
                "I agree",
                "",
            ]
            .map(str::to_string),
        );
        Row(cells)
    }

    fn set(mut self, header: &str, value: &str) -> Row {
        let i = column(header);
        self.0[i] = value.to_string();
        self
    }
}

fn column(header: &str) -> usize {
    HEADERS
        .iter()
        .position(|h| *h == header)
        .unwrap_or_else(|| panic!("no test header {header:?}"))
}

/// The CSV text of a header and rows, quoted as a survey tool would.
fn csv_text(headers: &[&str], rows: &[Row]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(headers).unwrap();
    for r in rows {
        w.write_record(&r.0).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

fn survey(rows: &[Row]) -> String {
    csv_text(&HEADERS, rows)
}

fn good_rows(n: usize) -> Vec<Row> {
    (1..=n).map(Row::new).collect()
}

// ---------------------------------------------------------------------------------------
// A store with a round, and files in a temporary folder.

struct Fixture {
    store: Store,
    round: RoundId,
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let mut store = Store::open_in_memory().unwrap();
        let date = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        let round = store
            .create_round(&RoundPlan::starting("2027 A", date))
            .unwrap()
            .id;
        Fixture {
            store,
            round,
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A fixture whose round already holds applications, so that "unchanged" means
    /// something.
    fn with_applications() -> Fixture {
        let mut f = Fixture::new();
        let seed: Vec<Row> = (100..103).map(Row::new).collect();
        f.import("seed.csv", survey(&seed).as_bytes()).unwrap();
        f
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn import_with(
        &mut self,
        name: &str,
        bytes: &[u8],
        opts: &ImportOptions,
    ) -> Result<ImportReport, ImportError> {
        let path = self.write(name, bytes);
        import_file(&mut self.store, self.round, &path, opts)
    }

    fn import(&mut self, name: &str, bytes: &[u8]) -> Result<ImportReport, ImportError> {
        self.import_with(name, bytes, &ImportOptions::default())
    }

    fn snapshot(&self) -> (Vec<iln::domain::Application>, Vec<AuditEntry>) {
        (
            self.store.applications(self.round).unwrap(),
            self.store.audit_log(100).unwrap(),
        )
    }

    /// Imports a file that must be refused, checks that nothing changed, and returns the
    /// problems.
    fn refuse_with(&mut self, bytes: &[u8], opts: &ImportOptions) -> Vec<Problem> {
        let before = self.snapshot();
        let result = self.import_with("survey.csv", bytes, opts);
        let after = self.snapshot();
        assert_eq!(before, after, "a refused import changed the database");
        match result {
            Err(ImportError::Invalid { problems }) => {
                for p in &problems {
                    assert!(p.file.ends_with("survey.csv"), "{p}");
                }
                problems
            }
            other => panic!("expected the import to be refused, got {other:?}"),
        }
    }

    fn refuse(&mut self, bytes: &[u8]) -> Vec<Problem> {
        self.refuse_with(bytes, &ImportOptions::default())
    }
}

/// (line, column, a piece of the message) of each problem.
fn summary(problems: &[Problem]) -> Vec<(usize, String, String)> {
    problems
        .iter()
        .map(|p| (p.line, p.column.clone(), p.message.clone()))
        .collect()
}

/// Asserts one problem at `line` in `column` whose message contains `fragment`.
#[track_caller]
fn assert_one(problems: &[Problem], line: usize, column: &str, fragment: &str) {
    assert_eq!(problems.len(), 1, "{:#?}", summary(problems));
    let p = &problems[0];
    assert_eq!((p.line, p.column.as_str()), (line, column), "{p}");
    assert!(p.message.contains(fragment), "{p}\n  lacks {fragment:?}");
}

/// One bad row among good ones, on line 3.
fn with_bad_row(bad: Row) -> Vec<u8> {
    let mut rows = good_rows(3);
    rows[1] = bad;
    survey(&rows).into_bytes()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn repo_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

// ---------------------------------------------------------------------------------------
// The sample files.

#[test]
fn sample_survey_imports_cleanly_and_is_varied() {
    let path = repo_file("assets/sample-survey.csv");
    let parsed = parse_bytes(&std::fs::read(&path).unwrap(), "sample-survey.csv", None);
    assert!(parsed.is_clean(), "{:#?}", parsed.problems);
    let forms: Vec<_> = parsed.rows.iter().map(|r| &r.form).collect();
    assert!((60..=80).contains(&forms.len()), "{} rows", forms.len());

    let mut per_country: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &forms {
        *per_country.entry(f.country).or_default() += 1;
    }
    assert!(per_country.len() >= 20, "{per_country:?}");
    let largest = per_country.values().max().unwrap();
    assert!(
        largest * 5 <= forms.len(),
        "a country above 20%: {per_country:?}"
    );

    let sectors: BTreeSet<Sector> = forms.iter().map(|f| f.sector).collect();
    assert_eq!(sectors.len(), Sector::ALL.len());
    let stages: BTreeSet<CareerStage> = forms.iter().map(|f| f.career_stage).collect();
    assert_eq!(stages.len(), CareerStage::ALL.len());
    let languages: BTreeSet<Language> = forms.iter().flat_map(|f| f.languages.clone()).collect();
    for l in [
        Language::English,
        Language::Spanish,
        Language::French,
        Language::Arabic,
        Language::Portuguese,
    ] {
        assert!(languages.contains(&l), "{l}");
    }
    assert!(forms.iter().all(|f| (3..=6).contains(&f.interests.len())));
    let no_wish = forms
        .iter()
        .filter(|f| f.wish_place == PlaceWish::Any && f.wish_sectors.is_empty())
        .count();
    assert!(no_wish > 0 && no_wish < forms.len());
    assert!(forms.iter().any(|f| f.notes.contains('\n')));

    let mut fx = Fixture::new();
    let audit_before = fx.store.audit_log(100).unwrap().len();
    let report = import_file(&mut fx.store, fx.round, &path, &ImportOptions::default()).unwrap();
    assert_eq!(report.outcome.created, forms.len());
    assert_eq!(report.skipped, 0);
    assert_eq!(
        fx.store.application_rows(fx.round).unwrap().len(),
        forms.len()
    );
    let audit = fx.store.audit_log(10).unwrap();
    assert_eq!(
        audit.len(),
        audit_before + 1,
        "one audit row for the import"
    );
    assert_eq!(audit[0].action, "applications.import");
}

#[test]
fn sample_mistakes_are_all_reported() {
    let mut fx = Fixture::with_applications();
    let path = repo_file("assets/sample-survey-mistakes.csv");
    let bytes = std::fs::read(&path).unwrap();
    let problems = fx.refuse(&bytes);
    let error = ImportError::Invalid {
        problems: problems
            .into_iter()
            .map(|p| Problem {
                file: "sample-survey-mistakes.csv".to_string(),
                ..p
            })
            .collect(),
    };
    insta::assert_snapshot!(error.to_string());
}

#[test]
fn sample_mapping_imports_the_unusual_headers() {
    let mut fx = Fixture::new();
    let csv_path = repo_file("tests/fixtures/import/unusual-headers.csv");
    let opts = ImportOptions {
        mapping: Some(repo_file("assets/sample-mapping.toml")),
        ..Default::default()
    };
    let report = import_file(&mut fx.store, fx.round, &csv_path, &opts).unwrap();
    assert_eq!(report.outcome.created, 3);
    let apps = fx.store.applications(fx.round).unwrap();
    let tariq = apps.iter().find(|a| a.form.name == "Tariq Aziz").unwrap();
    assert_eq!(tariq.form.country, "PK");
    assert_eq!(tariq.form.sector, Sector::Academic);
    assert_eq!(tariq.form.career_stage, CareerStage::Early);
    assert_eq!(tariq.form.languages, [Language::English, Language::Urdu]);
    assert_eq!(tariq.form.wish_stage, StageWish::Later);
    assert_eq!(tariq.form.notes, "Fridays are short days here.");
    // 03/03/2027 read day first, as the mapping says.
    assert_eq!(tariq.form.submitted_at, at("2027-03-03 09:30:00"));
    let noa = apps.iter().find(|a| a.form.name == "Noa Levi").unwrap();
    assert_eq!(noa.form.submitted_at, at("2027-03-02 14:05:00"));
    assert_eq!(noa.form.time_zone.usual_offset(), UtcOffset(120));
    let eleni = apps
        .iter()
        .find(|a| a.form.name == "Eleni Papadopoulou")
        .unwrap();
    assert_eq!(eleni.form.wish_sectors, [Sector::Public, Sector::School]);
    assert_eq!(eleni.form.wish_place, PlaceWish::Region(Region::Africa));
    // "Municipal lending library", a public library by the mapping's [values].
    assert_eq!(eleni.form.sector, Sector::Public);

    // Without the mapping the same file does not import.
    let mut fx = Fixture::new();
    let problems = fx.refuse(&std::fs::read(&csv_path).unwrap());
    let missing: Vec<&str> = problems
        .iter()
        .filter(|p| p.line == 1)
        .map(|p| p.column.as_str())
        .collect();
    assert_eq!(
        missing,
        ["submitted_at", "name", "sector", "languages", "consent"]
    );
}

// ---------------------------------------------------------------------------------------
// Each kind of bad input: refused, with line and column, database unchanged.

#[test]
fn unknown_country_is_refused_with_a_suggestion() {
    let mut fx = Fixture::with_applications();
    let problems = fx.refuse(&with_bad_row(Row::new(2).set("Country", "Untied States")));
    assert_one(&problems, 3, "Country", "unknown country \"Untied States\"");
    assert!(
        problems[0]
            .message
            .contains("did you mean \"United States\"?")
    );
    assert_eq!(
        problems[0].to_string(),
        format!(
            "{}:3: column \"Country\": {}",
            problems[0].file, problems[0].message
        )
    );
}

#[test]
fn bad_email_is_refused() {
    let mut fx = Fixture::with_applications();
    let problems = fx.refuse(&with_bad_row(
        Row::new(2).set("Email Address", "ana.lopez.biblioteca.es"),
    ));
    assert_one(
        &problems,
        3,
        "Email Address",
        "not an e-mail address (no @)",
    );
}

#[test]
fn every_required_field_left_empty_is_refused() {
    let mut fx = Fixture::with_applications();
    for (header, fragment) in [
        ("Timestamp", "is empty; every application needs the time"),
        ("Email Address", "is empty"),
        (
            "Full name",
            "is empty; every application needs the applicant's name",
        ),
        ("Country", "is empty; every application needs the country"),
        (
            "Library sector",
            "is empty; every application needs the library sector",
        ),
        (
            "Career stage",
            "is empty; every application needs the career stage",
        ),
        (
            "Languages",
            "is empty; every application needs the working languages",
        ),
        (
            "Code of conduct",
            "is empty, so the code of conduct was not accepted",
        ),
    ] {
        let problems = fx.refuse(&with_bad_row(Row::new(2).set(header, "  ")));
        assert_one(&problems, 3, header, fragment);
    }
}

#[test]
fn the_same_email_twice_is_refused_on_both_lines() {
    let mut fx = Fixture::with_applications();
    let rows = vec![
        Row::new(1),
        Row::new(2),
        Row::new(3).set("Email Address", "PERSON1@Library.org"),
    ];
    let problems = fx.refuse(survey(&rows).as_bytes());
    assert_eq!(problems.len(), 2, "{:#?}", summary(&problems));
    assert_eq!(
        (problems[0].line, problems[0].column.as_str()),
        (2, "Email Address")
    );
    assert!(problems[0].message.contains("is also on line 4"));
    assert_eq!(
        (problems[1].line, problems[1].column.as_str()),
        (4, "Email Address")
    );
    assert!(
        problems[1]
            .message
            .contains("\"PERSON1@Library.org\" is also on line 2")
    );
}

#[test]
fn unknown_language_is_refused() {
    let mut fx = Fixture::with_applications();
    let problems = fx.refuse(&with_bad_row(
        Row::new(2).set("Languages", "English, Klingon, Englsh"),
    ));
    assert_one(
        &problems,
        3,
        "Languages",
        "unknown language \"Klingon\", \"Englsh\" (did you mean \"English\"?)",
    );
}

#[test]
fn unknown_sector_is_refused() {
    let mut fx = Fixture::with_applications();
    let problems = fx.refuse(&with_bad_row(Row::new(2).set("Library sector", "Museum")));
    assert_one(
        &problems,
        3,
        "Library sector",
        "unknown library sector \"Museum\"",
    );
}

#[test]
fn unknown_career_stage_is_refused() {
    let mut fx = Fixture::with_applications();
    let problems = fx.refuse(&with_bad_row(Row::new(2).set("Career stage", "Veteran")));
    assert_one(
        &problems,
        3,
        "Career stage",
        "unknown career stage \"Veteran\"",
    );
}

#[test]
fn a_programs_own_interests_are_kept_counted_and_merged() {
    let mut fx = Fixture::new();
    let rows = vec![
        Row::new(1).set(
            "Areas of interest",
            "Makerspaces, Children, young people and families, Cataloguing and metadata",
        ),
        Row::new(2).set("Areas of interest", "makerspaces;  Cataloguing & Metadata"),
        Row::new(3).set("Areas of interest", "Maker spaces, Advocacy"),
    ];
    fx.import("survey.csv", survey(&rows).as_bytes()).unwrap();
    let forms: Vec<_> = fx
        .store
        .applications(fx.round)
        .unwrap()
        .into_iter()
        .map(|a| a.form)
        .collect();
    let names = |f: &iln::domain::ApplicationForm| -> Vec<String> {
        f.interests.iter().map(|i| i.name().to_string()).collect()
    };
    // The first spelling seen names the entry; a comma inside a label stays.
    assert_eq!(
        names(&forms[0]),
        [
            "Makerspaces",
            "Children, young people and families",
            "Cataloguing and metadata"
        ]
    );
    assert_eq!(
        names(&forms[1]),
        ["Makerspaces", "Cataloguing and metadata"]
    );
    let list = fx.store.interests(Some(fx.round)).unwrap();
    let counts: Vec<(&str, usize)> = list
        .iter()
        .map(|e| (e.name.as_str(), e.applications))
        .collect();
    assert_eq!(
        counts,
        [
            ("Cataloguing and metadata", 2),
            ("Makerspaces", 2),
            ("Advocacy", 1),
            ("Children, young people and families", 1),
            ("Maker spaces", 1),
        ]
    );
    assert!(list.iter().all(|e| e.in_round == e.applications));

    // Two spellings become one; the merge is audited, and an older view of the list is
    // refused.
    let from = list
        .iter()
        .find(|e| e.name == "Maker spaces")
        .unwrap()
        .clone();
    let into = list
        .iter()
        .find(|e| e.name == "Makerspaces")
        .unwrap()
        .clone();
    fx.store.merge_interests(&from, &into).unwrap();
    let list = fx.store.interests(None).unwrap();
    assert_eq!(list[0].name, "Makerspaces");
    assert_eq!(list[0].applications, 3);
    assert!(!list.iter().any(|e| e.name == "Maker spaces"));
    let three = fx.store.applications(fx.round).unwrap().remove(2).form;
    assert_eq!(names(&three), ["Makerspaces", "Advocacy"]);
    let audit = fx.store.audit_log(1).unwrap();
    assert!(
        audit[0]
            .summary
            .contains("merged the interest \"Maker spaces\" into \"Makerspaces\""),
        "{:?}",
        audit[0]
    );
    let err = fx.store.merge_interests(&from, &into).unwrap_err();
    assert!(err.to_string().contains("no longer on the list"), "{err}");
    // The spelling given up stays given up: importing the file again files it under the
    // interest it was merged into.
    fx.import("survey.csv", survey(&rows).as_bytes()).unwrap();
    let again = fx.store.interests(None).unwrap();
    assert!(!again.iter().any(|e| e.name == "Maker spaces"), "{again:?}");
    assert_eq!(again[0].name, "Makerspaces");
    assert_eq!(again[0].applications, 3);
}

#[test]
fn unknown_partner_sector_is_refused() {
    let mut fx = Fixture::with_applications();
    let problems = fx.refuse(&with_bad_row(
        Row::new(2).set("Partner sector", "Public, Zoo"),
    ));
    assert_one(
        &problems,
        3,
        "Partner sector",
        "unknown library sector \"Zoo\"",
    );
}

#[test]
fn bad_stage_wish_is_refused() {
    let mut fx = Fixture::with_applications();
    let problems = fx.refuse(&with_bad_row(
        Row::new(2).set("Partner career stage", "Someone fun"),
    ));
    assert_one(
        &problems,
        3,
        "Partner career stage",
        "unknown career-stage wish \"Someone fun\"; use any, same, earlier or later",
    );
}

#[test]
fn bad_place_wish_is_refused() {
    let mut fx = Fixture::with_applications();
    let problems = fx.refuse(&with_bad_row(
        Row::new(2).set("Partner region", "Scandinavia"),
    ));
    assert_one(
        &problems,
        3,
        "Partner region",
        "unknown country or region wish \"Scandinavia\"",
    );
}

#[test]
fn bad_time_zone_is_refused() {
    let mut fx = Fixture::with_applications();
    let problems = fx.refuse(&with_bad_row(Row::new(2).set("Time zone", "After lunch")));
    assert_one(
        &problems,
        3,
        "Time zone",
        "\"After lunch\" is not a time zone; write it like UTC+10",
    );
}

/// Found by fuzzing: an offset of four bytes that are not four digits once split a
/// character and stopped the whole import with a panic.
#[test]
fn an_offset_of_letters_is_a_problem_not_a_crash() {
    let mut fx = Fixture::with_applications();
    let problems = fx.refuse(&with_bad_row(Row::new(2).set("Time zone", "UTC+2ԈY")));
    assert_one(&problems, 3, "Time zone", "is not a time zone");
}

#[test]
fn unreadable_timestamp_is_refused_naming_the_accepted_forms() {
    let mut fx = Fixture::with_applications();
    let problems = fx.refuse(&with_bad_row(
        Row::new(2).set("Timestamp", "March 3, 2027 10:05"),
    ));
    assert_one(
        &problems,
        3,
        "Timestamp",
        "is not a date and time this import reads; write it like 2027-03-04 09:15:02 \
         (also accepted: 2027/03/04 9:15:02 AM GMT+10, 04/03/2027 09:15",
    );
}

#[test]
fn ambiguous_day_and_month_is_refused_unless_the_file_settles_it() {
    let mut fx = Fixture::with_applications();
    let rows = vec![
        Row::new(1).set("Timestamp", "04/03/2027 09:15"),
        Row::new(2).set("Timestamp", "05/05/2027 09:15"),
    ];
    let problems = fx.refuse(survey(&rows).as_bytes());
    assert_one(
        &problems,
        2,
        "Timestamp",
        "\"04/03/2027 09:15\" could be 4 March 2027 or 3 April 2027 and no date in this file \
         settles which; write dates as 2027-03-04 or set [dates] order",
    );

    // A date with a day above 12 settles the order for the whole file.
    let mut settled = rows.clone();
    settled.push(Row::new(3).set("Timestamp", "25/03/2027 10:00"));
    let parsed = parse_bytes(survey(&settled).as_bytes(), "s.csv", None);
    assert!(parsed.is_clean(), "{:#?}", parsed.problems);
    assert_eq!(parsed.rows[0].form.submitted_at, at("2027-03-04 09:15:00"));

    // Dates that settle it both ways leave the open ones refused.
    let mut mixed = settled.clone();
    mixed.push(Row::new(4).set("Timestamp", "03/26/2027 10:00"));
    let problems = fx.refuse(survey(&mixed).as_bytes());
    assert_one(
        &problems,
        2,
        "Timestamp",
        "this file has dates both day first (line 4: 25/03/2027 10:00) and month first \
         (line 5: 03/26/2027 10:00)",
    );

    // A mapping file can say it.
    let mapping = Mapping::parse("[dates]\norder = \"month-first\"\n", "m.toml").unwrap();
    let parsed = parse_bytes(survey(&rows).as_bytes(), "s.csv", Some(&mapping));
    assert!(parsed.is_clean(), "{:#?}", parsed.problems);
    assert_eq!(parsed.rows[0].form.submitted_at, at("2027-04-03 09:15:00"));
}

#[test]
fn consent_not_given_is_refused() {
    let mut fx = Fixture::with_applications();
    for answer in ["No", "I do not agree"] {
        let problems = fx.refuse(&with_bad_row(Row::new(2).set("Code of conduct", answer)));
        assert_one(
            &problems,
            3,
            "Code of conduct",
            "the code of conduct was not accepted; only applicants who accept",
        );
    }
    let problems = fx.refuse(&with_bad_row(Row::new(2).set("Code of conduct", "maybe")));
    assert_one(&problems, 3, "Code of conduct", "is not a clear yes");
}

#[test]
fn bad_priority_is_refused() {
    let mut fx = Fixture::with_applications();
    let mut headers = HEADERS.to_vec();
    headers.push("Priority");
    let rows = vec![
        Row(Row::new(1)
            .0
            .into_iter()
            .chain(["yes".to_string()])
            .collect()),
        Row(Row::new(2)
            .0
            .into_iter()
            .chain(["perhaps".to_string()])
            .collect()),
    ];
    let problems = fx.refuse(csv_text(&headers, &rows).as_bytes());
    assert_one(&problems, 3, "Priority", "\"perhaps\" is not yes or no");
}

#[test]
fn every_required_column_absent_is_reported_once_on_line_1() {
    let mut fx = Fixture::with_applications();
    for (header, key, words) in [
        ("Timestamp", "submitted_at", "\"timestamp\""),
        ("Email Address", "email", "\"email\""),
        ("Full name", "name", "\"name\""),
        ("Country", "country", "\"country\""),
        ("Library sector", "sector", "\"sector\""),
        ("Career stage", "career_stage", "\"career\""),
        ("Languages", "languages", "\"language\""),
        ("Code of conduct", "consent", "\"code conduct\""),
    ] {
        let i = column(header);
        let headers: Vec<&str> = HEADERS
            .iter()
            .enumerate()
            .map(|(j, h)| if j == i { "Something else" } else { *h })
            .collect();
        let problems = fx.refuse(csv_text(&headers, &good_rows(3)).as_bytes());
        assert_one(&problems, 1, key, "no column holds");
        assert!(problems[0].message.contains(words), "{}", problems[0]);
        assert!(
            problems[0]
                .message
                .contains(&format!("[columns] {key} = \"<header>\"")),
            "{}",
            problems[0]
        );
    }
}

#[test]
fn optional_columns_may_be_absent() {
    let keep = [
        "Timestamp",
        "Email Address",
        "Full name",
        "Country",
        "Library sector",
        "Career stage",
        "Languages",
        "Code of conduct",
    ];
    let idx: Vec<usize> = keep.iter().map(|h| column(h)).collect();
    let rows: Vec<Row> = good_rows(2)
        .into_iter()
        .map(|r| Row(idx.iter().map(|&i| r.0[i].clone()).collect()))
        .collect();
    let parsed = parse_bytes(csv_text(&keep, &rows).as_bytes(), "s.csv", None);
    assert!(parsed.is_clean(), "{:#?}", parsed.problems);
    let form = &parsed.rows[0].form;
    assert_eq!(
        form.time_zone.zone_name(),
        Some("Pacific/Auckland"),
        "New Zealand's zone"
    );
    assert_eq!(form.wish_stage, StageWish::Any);
    assert!(form.interests.is_empty() && form.notes.is_empty() && !form.priority);
}

#[test]
fn a_mapping_naming_a_missing_header_is_refused() {
    let mut fx = Fixture::with_applications();
    let mapping = fx.write(
        "mapping.toml",
        b"[columns]\nemail = \"Email Address\"\ncountry = \"Country you work in\"\n",
    );
    let opts = ImportOptions {
        mapping: Some(mapping.clone()),
        ..Default::default()
    };
    let problems = fx.refuse_with(survey(&good_rows(2)).as_bytes(), &opts);
    assert_one(
        &problems,
        1,
        "Country you work in",
        &format!(
            "is not a header of this file, but {}:3 names it for country",
            mapping.display()
        ),
    );
    assert!(problems[0].message.contains("(did you mean \"Country\"?)"));
}

#[test]
fn bad_mapping_toml_is_refused_with_its_line() {
    let mut fx = Fixture::with_applications();
    let before = fx.snapshot();
    let mapping = fx.write(
        "mapping.toml",
        b"# my mapping\n[columns]\nemail = \"Email Address\"\ncountry = Country\n",
    );
    let opts = ImportOptions {
        mapping: Some(mapping.clone()),
        ..Default::default()
    };
    let err = fx
        .import_with("survey.csv", survey(&good_rows(2)).as_bytes(), &opts)
        .unwrap_err();
    match &err {
        ImportError::Mapping { file, line, .. } => {
            assert_eq!((file.as_path(), *line), (mapping.as_path(), 4));
        }
        other => panic!("expected a mapping error, got {other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with(&format!("{}:4: ", mapping.display())),
        "{err}"
    );
    assert_eq!(before, fx.snapshot());

    let unknown_key = fx.write("mapping.toml", b"[columns]\ne_mail = \"Email Address\"\n");
    let opts = ImportOptions {
        mapping: Some(unknown_key),
        ..Default::default()
    };
    let err = fx
        .import_with("survey.csv", survey(&good_rows(2)).as_bytes(), &opts)
        .unwrap_err();
    assert!(
        err.to_string().contains(":2: unknown field \"e_mail\""),
        "{err}"
    );
}

#[test]
fn a_missing_mapping_file_or_csv_names_the_path() {
    let mut fx = Fixture::new();
    let missing = fx.dir.path().join("nowhere.csv");
    let err =
        import_file(&mut fx.store, fx.round, &missing, &ImportOptions::default()).unwrap_err();
    assert!(matches!(&err, ImportError::Io { path, .. } if *path == missing));
    assert!(err.to_string().starts_with(&missing.display().to_string()));
}

#[test]
fn rows_with_the_wrong_number_of_fields_are_refused() {
    let mut fx = Fixture::with_applications();
    let text = survey(&good_rows(3));
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // Line 3 loses its last two fields; line 4 gets an unquoted comma in the city.
    let cut = lines[2].rfind(',').unwrap();
    lines[2].truncate(cut);
    let cut = lines[2].rfind(',').unwrap();
    lines[2].truncate(cut);
    lines[3] = lines[3].replace("Wellington", "Wellington, Te Aro");
    let problems = fx.refuse(lines.join("\n").as_bytes());
    assert_eq!(
        summary(&problems),
        [
            (
                3,
                String::new(),
                "the row has 14 fields but the header has 16; a cell that holds the delimiter \
                 or a line break must be in double quotes"
                    .to_string()
            ),
            (
                4,
                String::new(),
                "the row has 17 fields but the header has 16; a cell that holds the delimiter \
                 or a line break must be in double quotes"
                    .to_string()
            ),
        ]
    );
    assert!(problems[0].to_string().ends_with("survey.csv:3: the row has 14 fields but the header has 16; a cell that holds the delimiter or a line break must be in double quotes"));
}

#[test]
fn a_trailing_empty_field_is_not_a_wrong_count() {
    let text = survey(&good_rows(2)).replace('\n', ",\n");
    let parsed = parse_bytes(text.as_bytes(), "s.csv", None);
    // The header has an empty 17th cell too, and the rows one more empty cell.
    assert!(parsed.is_clean(), "{:#?}", parsed.problems);
}

#[test]
fn invalid_utf8_is_refused_naming_the_line() {
    let mut fx = Fixture::with_applications();
    let mut bytes = survey(&good_rows(3)).into_bytes();
    // "Person 2" becomes "Jos\xE9", Latin-1 for José, on line 3.
    let at = bytes.windows(8).position(|w| w == b"Person 2").unwrap();
    bytes.splice(at..at + 8, b"Jos\xE9".iter().copied());
    // Near the start of the file, the file as a whole is refused at once.
    let problems = fx.refuse(&bytes);
    assert_one(
        &problems,
        3,
        "",
        "the file is not UTF-8 text (byte 0xE9 after",
    );
    assert!(problems[0].message.contains("save it as \"CSV UTF-8\""));
    // Further down, the cell is named.
    let mut rows = good_rows(120);
    rows[110] = rows[110].clone().set("Full name", "JOSE");
    let mut bytes = survey(&rows).into_bytes();
    let at = bytes.windows(4).position(|w| w == b"JOSE").unwrap();
    bytes[at + 3] = 0xC9;
    let problems = fx.refuse(&bytes);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].column, "Full name");
    assert!(
        problems[0]
            .message
            .contains("is not UTF-8 text (byte 0xC9 after \"JOS\")"),
        "{problems:#?}"
    );
}

#[test]
fn utf16_is_refused() {
    let mut fx = Fixture::with_applications();
    let problems = fx.refuse(b"\xFF\xFET\x00i\x00");
    assert_one(&problems, 1, "", "the file is UTF-16 text");
}

#[test]
fn empty_file_and_header_only_are_refused() {
    let mut fx = Fixture::with_applications();
    for empty in [&b""[..], b"\xEF\xBB\xBF", b"\n\n  \n"] {
        let problems = fx.refuse(empty);
        assert_one(&problems, 1, "", "the file is empty");
    }
    let header_only = survey(&[]);
    let problems = fx.refuse(header_only.as_bytes());
    assert_one(
        &problems,
        1,
        "",
        "the file has a header but no applications",
    );
    // Rows of empty cells, as spreadsheets pad an export, are no applications either.
    let padded = format!("{header_only}{}\n{}\n", ",".repeat(15), ",".repeat(15));
    let problems = fx.refuse(padded.as_bytes());
    assert_one(
        &problems,
        1,
        "",
        "the file has a header but no applications",
    );
}

#[test]
fn two_headers_matching_a_field_equally_are_refused() {
    let mut fx = Fixture::with_applications();
    let mut headers = HEADERS.to_vec();
    headers[column("Full name")] = "Your first name";
    headers[column("City")] = "Your family name";
    let problems = fx.refuse(csv_text(&headers, &good_rows(2)).as_bytes());
    assert_one(
        &problems,
        1,
        "Your first name",
        "\"Your first name\", \"Your family name\" could each be the applicant's name",
    );
}

#[test]
fn every_problem_is_reported_at_once_in_file_order() {
    let mut fx = Fixture::with_applications();
    let rows = vec![
        Row::new(1)
            .set("Country", "Atlantis")
            .set("Languages", "Klingon")
            .set("Full name", ""),
        Row::new(2),
        Row::new(3)
            .set("Career stage", "Ancient")
            .set("Timestamp", "soon"),
    ];
    let problems = fx.refuse(survey(&rows).as_bytes());
    let at: Vec<(usize, &str)> = problems
        .iter()
        .map(|p| (p.line, p.column.as_str()))
        .collect();
    assert_eq!(
        at,
        [
            (2, "Full name"),
            (2, "Country"),
            (2, "Languages"),
            (4, "Timestamp"),
            (4, "Career stage"),
        ]
    );
    let err = ImportError::Invalid { problems };
    let text = err.to_string();
    assert!(
        text.starts_with("5 problems, nothing imported:\n"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 6);
}

// ---------------------------------------------------------------------------------------
// The shapes real exports take.

#[test]
fn bom_and_semicolons_import() {
    let text = survey(&good_rows(3));
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    for record in csv::Reader::from_reader(text.as_bytes()).records() {
        w.write_record(&record.unwrap()).unwrap();
    }
    let body = w.into_inner().unwrap();
    let header = HEADERS.join(";");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(header.as_bytes());
    bytes.push(b'\n');
    bytes.extend_from_slice(&body);

    let mut fx = Fixture::new();
    let report = fx.import("semicolons.csv", &bytes).unwrap();
    assert_eq!(report.outcome.created, 3);
    let apps = fx.store.applications(fx.round).unwrap();
    // The multi-value cells, quoted because they hold commas, stay whole.
    assert_eq!(
        apps[0].form.interests,
        Interest::all_of(&["Open access", "Advocacy", "Research support"])
    );
    assert_eq!(apps[0].form.submitted_at, at("2027-03-01 23:15:02"));
}

#[test]
fn multi_line_cells_import_and_later_lines_count_right() {
    let rows = vec![
        Row::new(1).set(
            "Notes",
            "Happy to meet by video.\nTuesdays suit me best.\n\nThanks!",
        ),
        Row::new(2),
        Row::new(3)
            .set("Notes", "Two\nlines")
            .set("Country", "Narnia"),
        Row::new(4).set("Country", "Atlantis"),
    ];
    let parsed = parse_bytes(survey(&rows).as_bytes(), "s.csv", None);
    assert_eq!(parsed.rows[0].line, 2);
    assert_eq!(
        parsed.rows[0].form.notes,
        "Happy to meet by video.\nTuesdays suit me best.\n\nThanks!"
    );
    assert_eq!(parsed.rows[1].line, 6);
    let at: Vec<(usize, &str)> = parsed
        .problems
        .iter()
        .map(|p| (p.line, p.column.as_str()))
        .collect();
    assert_eq!(at, [(7, "Country"), (9, "Country")]);
}

#[test]
fn crlf_line_ends_import_and_count_lines_right() {
    let rows = vec![
        Row::new(1).set("Notes", "first\nsecond"),
        Row::new(2).set("Country", "Atlantis"),
    ];
    let text = survey(&rows).replace('\n', "\r\n");
    let mut bytes = text.clone().into_bytes();
    bytes.extend_from_slice(b"\r\n\r\n");
    let parsed = parse_bytes(&bytes, "s.csv", None);
    assert_eq!(parsed.rows[0].line, 2);
    assert_eq!(parsed.rows[0].form.notes, "first\nsecond");
    assert_eq!(
        (parsed.problems[0].line, parsed.problems[0].column.as_str()),
        (4, "Country")
    );

    let mut fx = Fixture::new();
    let fixed = text.replace("Atlantis", "Chile");
    let report = fx.import("crlf.csv", fixed.as_bytes()).unwrap();
    assert_eq!(report.outcome.created, 2);
    let apps = fx.store.applications(fx.round).unwrap();
    assert_eq!(apps[1].form.country, "CL");
    assert_eq!(apps[1].form.notes, "");
}

#[test]
fn multi_value_cells_and_survey_spellings_import() {
    let rows = vec![
        Row::new(1)
            .set("Languages", "Español, English\nFrançais")
            .set(
                "Areas of interest",
                "Cataloguing & metadata; Children & youth | research data",
            )
            .set("Partner sector", "Public, School")
            .set(
                "Partner career stage",
                "Someone earlier in their career than me",
            )
            .set("Partner region", "Latin America")
            .set("Library sector", "Special (e.g. law, health, corporate)")
            .set("Career stage", "Late career (15+ years)")
            .set(
                "Time zone",
                "(GMT+05:30) Chennai, Kolkata, Mumbai, New Delhi",
            )
            .set("Country", "USA"),
        Row::new(2)
            .set("Partner sector", "Academic, No preference")
            .set("Partner region", "Kenya")
            .set("Code of conduct", "Yes")
            .set("Time zone", "UTC-3:30"),
    ];
    let parsed = parse_bytes(survey(&rows).as_bytes(), "s.csv", None);
    assert!(parsed.is_clean(), "{:#?}", parsed.problems);
    let a = &parsed.rows[0].form;
    assert_eq!(
        a.languages,
        [Language::Spanish, Language::English, Language::French]
    );
    assert_eq!(
        a.interests,
        Interest::all_of(&[
            "Cataloguing & metadata",
            "Children & youth",
            "Research data"
        ])
    );
    assert_eq!(a.wish_sectors, [Sector::Public, Sector::School]);
    assert_eq!(a.wish_stage, StageWish::Earlier);
    assert_eq!(a.wish_place, PlaceWish::Region(Region::LatinAmerica));
    assert_eq!(a.sector, Sector::Special);
    assert_eq!(a.career_stage, CareerStage::Late);
    assert_eq!(a.time_zone.usual_offset(), UtcOffset(330));
    assert_eq!(a.country, "US");
    let b = &parsed.rows[1].form;
    assert!(b.wish_sectors.is_empty(), "No preference means any sector");
    assert_eq!(b.wish_place, PlaceWish::Country("KE"));
    assert_eq!(b.time_zone.usual_offset(), UtcOffset(-210));
    assert!(b.consent);
}

#[test]
fn a_priority_column_sets_priority() {
    let mut headers = HEADERS.to_vec();
    headers.push("Priority");
    let rows = vec![
        Row(Row::new(1)
            .0
            .into_iter()
            .chain(["Yes".to_string()])
            .collect()),
        Row(Row::new(2).0.into_iter().chain([String::new()]).collect()),
    ];
    let parsed = parse_bytes(csv_text(&headers, &rows).as_bytes(), "s.csv", None);
    assert!(parsed.is_clean(), "{:#?}", parsed.problems);
    assert!(parsed.rows[0].form.priority);
    assert!(!parsed.rows[1].form.priority);
}

#[test]
fn long_survey_questions_are_recognised() {
    let headers = [
        "Timestamp",
        "What is your email address?",
        "Your name (as you would like your partner to see it)",
        "Which country do you work in?",
        "Which library sector do you work in?",
        "Which career stage are you at?",
        "Which languages could you use with your partner? (select all that apply)",
        "Would you prefer a partner at a particular career stage?",
        "Is there a country or region you would like your partner to be from?",
        "Do you agree to follow the code of conduct?",
    ];
    let text = format!(
        "{}\n{}\n",
        headers
            .iter()
            .map(|h| format!("\"{h}\""))
            .collect::<Vec<_>>()
            .join(","),
        "2027-03-04 09:15:02,ana@bib.es,Ana López,Spain,Public,Early career (0-5 years),\"Spanish, English\",Someone later in their career than me,Africa,I agree"
    );
    let parsed = parse_bytes(text.as_bytes(), "s.csv", None);
    assert!(parsed.is_clean(), "{:#?}", parsed.problems);
    let f = &parsed.rows[0].form;
    assert_eq!(f.name, "Ana López");
    assert_eq!(f.career_stage, CareerStage::Early);
    assert_eq!(f.wish_stage, StageWish::Later);
    assert_eq!(f.country, "ES");
    assert_eq!(f.wish_place, PlaceWish::Region(Region::Africa));
}

// ---------------------------------------------------------------------------------------
// Re-imports, skipping bad rows.

#[test]
fn reimport_updates_instead_of_duplicating() {
    let mut fx = Fixture::new();
    let audit_before = fx.store.audit_log(100).unwrap().len();
    let first = fx
        .import("survey.csv", survey(&good_rows(3)).as_bytes())
        .unwrap();
    assert_eq!((first.outcome.created, first.outcome.updated), (3, 0));

    let mut rows = good_rows(4);
    rows[1] = rows[1]
        .clone()
        .set("City", "Dunedin")
        .set("Email Address", "PERSON2@library.org");
    let second = fx.import("survey.csv", survey(&rows).as_bytes()).unwrap();
    assert_eq!((second.outcome.created, second.outcome.updated), (1, 3));

    let apps = fx.store.applications(fx.round).unwrap();
    assert_eq!(apps.len(), 4);
    let person2 = apps
        .iter()
        .find(|a| a.form.email.eq_ignore_ascii_case("person2@library.org"))
        .unwrap();
    assert_eq!(person2.form.city, "Dunedin");
    let audit = fx.store.audit_log(100).unwrap();
    assert_eq!(audit.len(), audit_before + 2, "one audit row per import");
}

#[test]
fn skip_invalid_imports_the_good_rows_and_writes_the_rejects() {
    let mut fx = Fixture::new();
    let rows = vec![
        Row::new(1),
        Row::new(2)
            .set("Country", "Untied States")
            .set("Notes", "two\nlines"),
        Row::new(3),
        Row::new(4).set("Email Address", "person1@LIBRARY.org"),
        Row::new(5).set("Languages", "Klingon"),
    ];
    let exports = fx.dir.path().join("exports").join("iln-exports");
    let opts = ImportOptions {
        mapping: None,
        skip_invalid: true,
        exports: Some(exports.clone()),
    };
    let report = fx
        .import_with("round-a.csv", survey(&rows).as_bytes(), &opts)
        .unwrap();
    assert_eq!(report.outcome.created, 1, "only Person 3 is sound");
    assert_eq!(report.skipped, 4);
    let rejects = report.rejects_file.clone().unwrap();
    assert_eq!(rejects, exports.join("round-a.rejects.csv"));
    assert!(!fx.dir.path().join("round-a.rejects.csv").exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&rejects), 0o600, "the rejects hold personal data");
        assert_eq!(mode(&exports), 0o700);
    }
    let at: Vec<(usize, &str)> = report
        .problems
        .iter()
        .map(|p| (p.line, p.column.as_str()))
        .collect();
    assert_eq!(
        at,
        [
            (2, "Email Address"),
            (3, "Country"),
            (6, "Email Address"),
            (7, "Languages")
        ]
    );
    let apps = fx.store.applications(fx.round).unwrap();
    assert_eq!(apps.len(), 1);
    assert_eq!(apps[0].form.name, "Person 3");

    // The rejects file has the original columns plus the problems, and reads back.
    let mut reader = csv::Reader::from_path(&rejects).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let mut expected: Vec<String> = HEADERS.iter().map(|h| h.to_string()).collect();
    expected.push("problems".to_string());
    assert_eq!(header, expected);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 4);
    assert_eq!(&records[1][column("Country")], "Untied States");
    assert_eq!(&records[1][column("Notes")], "two\nlines");
    assert!(
        records[1][16].starts_with("line 3: column \"Country\": unknown country"),
        "{}",
        &records[1][16]
    );

    // Once fixed, the rejects import (their problems column is ignored).
    let fixed = std::fs::read_to_string(&rejects)
        .unwrap()
        .replace("Untied States", "United States")
        .replace("person1@LIBRARY.org", "person4@library.org")
        .replace("Klingon", "English");
    let fixed_rows: Vec<u8> = {
        // Person 1 is the row that clashed with Person 4; it stays out of this file.
        let mut reader = csv::Reader::from_reader(fixed.as_bytes());
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(reader.headers().unwrap()).unwrap();
        for r in reader.records() {
            let r = r.unwrap();
            if &r[column("Full name")] != "Person 1" {
                w.write_record(&r).unwrap();
            }
        }
        w.into_inner().unwrap()
    };
    let report = fx.import("fixed.csv", &fixed_rows).unwrap();
    assert_eq!(report.outcome.created, 3);
}

#[test]
fn skip_invalid_still_refuses_a_file_with_header_problems() {
    let mut fx = Fixture::with_applications();
    let mut headers = HEADERS.to_vec();
    headers[column("Country")] = "Nation";
    let opts = ImportOptions {
        mapping: None,
        skip_invalid: true,
        exports: None,
    };
    let problems = fx.refuse_with(csv_text(&headers, &good_rows(2)).as_bytes(), &opts);
    assert_one(&problems, 1, "country", "no column holds the country");
    assert!(!fx.dir.path().join("survey.rejects.csv").exists());
}

#[test]
fn a_missing_round_is_reported_before_the_file() {
    let mut fx = Fixture::new();
    let path = fx.write("survey.csv", b"not even a survey");
    let err = import_file(
        &mut fx.store,
        RoundId(999),
        &path,
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, ImportError::Store(_)), "{err:?}");
}

// ---------------------------------------------------------------------------------------
// `iln export applicants`: an exported round imports back as it was.

mod round_trip {
    use chrono::{Duration, NaiveDate};
    use iln::domain::{ApplicationForm, Country, Interest};
    use iln::export::applicants;
    use iln::import::{ImportOptions, import_file};
    use iln::store::Store;
    use proptest::prelude::*;
    use proptest::sample::{select, subsequence};

    use super::*;

    /// Text as people type it into a form, with what a CSV or a spreadsheet finds awkward:
    /// delimiters, quotes, line breaks, and the characters that start a formula.
    /// Text of one line (a name, a city, a role).
    fn line(min: usize) -> impl Strategy<Value = String> {
        proptest::string::string_regex(&format!("[A-Za-zéüñ0-9 ,;\"'=+@\\-]{{{min},24}}"))
            .unwrap()
            .prop_map(|s| s.trim().to_string())
            .prop_filter("not empty", move |s| s.len() >= min)
    }

    /// Text that may run over lines (notes).
    fn text(min: usize) -> impl Strategy<Value = String> {
        proptest::string::string_regex(&format!("[A-Za-zéüñ0-9 ,;\"'=+@\\-\\n]{{{min},24}}"))
            .unwrap()
            .prop_map(|s| s.trim().to_string())
            .prop_filter("not empty", move |s| s.len() >= min)
    }

    fn place() -> impl Strategy<Value = PlaceWish> {
        prop_oneof![
            Just(PlaceWish::Any),
            select(Region::ALL.to_vec()).prop_map(PlaceWish::Region),
            select(Country::all().iter().map(|c| c.code).collect::<Vec<_>>())
                .prop_map(PlaceWish::Country),
        ]
    }

    /// A time zone as the importer keeps it: an IANA zone, or a fixed offset.
    fn zone() -> impl Strategy<Value = TimeZone> {
        prop_oneof![
            (-48i32..=56).prop_map(|q| TimeZone::Fixed(UtcOffset(q * 15))),
            select(Country::all().iter().map(|c| c.zone).collect::<Vec<_>>())
                .prop_map(TimeZone::Zone),
        ]
    }

    /// The program's own interests, one holding a comma, beside the suggestions.
    fn interest_pool() -> Vec<Interest> {
        let mut pool = Interest::suggestions();
        pool.extend(Interest::all_of(&[
            "Children, young people and families",
            "Makerspaces",
        ]));
        pool
    }

    prop_compose! {
        fn form(i: usize)(
            name in line(1),
            country in select(Country::all().iter().map(|c| c.code).collect::<Vec<_>>()),
            city in line(0),
            time_zone in zone(),
            sector in select(Sector::ALL.to_vec()),
            role in line(0),
            career_stage in select(CareerStage::ALL.to_vec()),
            interests in subsequence(interest_pool(), 0..5),
            languages in subsequence(Language::every().to_vec(), 1..4),
            wish_sectors in subsequence(Sector::ALL.to_vec(), 0..3),
            wish_stage in select(StageWish::ALL.to_vec()),
            wish_place in place(),
            seconds in 0i64..60 * 86_400,
            priority in any::<bool>(),
            notes in text(0),
        ) -> ApplicationForm {
            ApplicationForm {
                name,
                email: format!("applicant{i}@library{i}.example.org"),
                country,
                city,
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
                submitted_at: NaiveDate::from_ymd_opt(2027, 1, 1)
                    .unwrap()
                    .and_hms_opt(0, 0, 0)
                    .unwrap()
                    + Duration::seconds(seconds),
                priority,
                notes,
            }
        }
    }

    fn forms() -> impl Strategy<Value = Vec<ApplicationForm>> {
        (1usize..8).prop_flat_map(|n| (0..n).map(form).collect::<Vec<_>>())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn an_exported_round_imports_back_identical(forms in forms()) {
            let dir = tempfile::tempdir().unwrap();
            let mut store = Store::open_in_memory().unwrap();
            let plan = |name: &str| RoundPlan::starting(name, NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
            let first = store.create_round(&plan("First")).unwrap().id;
            let second = store.create_round(&plan("Second")).unwrap().id;
            store.save_applications(first, &forms, "test").unwrap();
            let path = dir.path().join("applicants.csv");
            let saved: Vec<ApplicationForm> =
                store.applications(first).unwrap().into_iter().map(|a| a.form).collect();
            applicants::write(&saved, std::fs::File::create(&path).unwrap()).unwrap();

            let report = import_file(&mut store, second, &path, &ImportOptions::default());
            prop_assert!(report.is_ok(), "{:?}", report.err());
            let by_email = |round| {
                let mut forms: Vec<ApplicationForm> =
                    store.applications(round).unwrap().into_iter().map(|a| a.form).collect();
                forms.sort_by(|a, b| a.email.cmp(&b.email));
                forms
            };
            prop_assert_eq!(by_email(second), by_email(first));

            // Each field as the app shows it to correct reads back as it was.
            for form in &saved {
                for field in iln::import::Field::ALL {
                    let shown = field.words_of(form);
                    let read = iln::import::revise(form, field, &shown);
                    prop_assert_eq!(read.as_ref(), Ok(form), "{}: {:?}", field, shown);
                }
            }
        }
    }

    #[test]
    fn formulas_are_escaped_in_the_file() {
        let mut form = super::round_trip_example();
        form.name = "=HYPERLINK(\"http://example.org\",\"x\")".to_string();
        form.notes = "+1 555 0100; -2 @home".to_string();
        let mut out = Vec::new();
        applicants::write(&[form], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\"'=HYPERLINK"), "{text}");
        assert!(text.contains("'+1 555 0100"), "{text}");
        assert!(text.contains("UTC"), "{text}");
    }
}

fn round_trip_example() -> iln::domain::ApplicationForm {
    iln::domain::ApplicationForm {
        name: "Ana".to_string(),
        email: "ana@example.org".to_string(),
        country: "AR",
        city: String::new(),
        time_zone: TimeZone::Fixed(UtcOffset(-180)),
        sector: Sector::Public,
        role: String::new(),
        career_stage: CareerStage::Mid,
        interests: Vec::new(),
        languages: vec![Language::Spanish],
        wish_sectors: Vec::new(),
        wish_stage: StageWish::Any,
        wish_place: PlaceWish::Any,
        consent: true,
        submitted_at: NaiveDate::from_ymd_opt(2027, 1, 2)
            .unwrap()
            .and_hms_opt(9, 30, 0)
            .unwrap(),
        priority: false,
        notes: String::new(),
    }
}

// ---------------------------------------------------------------------------------------
// A survey's own answer wording: built-in leniency, and `[values]` in a mapping file.

#[test]
fn a_surveys_usual_wording_imports_without_a_mapping() {
    let mut fx = Fixture::new();
    let rows = vec![
        Row::new(1)
            .set("Library sector", "School library")
            .set("Career stage", "Student (LIS)")
            .set(
                "Areas of interest",
                "Cataloguing and metadata, Technology & Systems",
            )
            .set("Partner sector", "Public library; University library")
            .set("Partner career stage", "Same as me"),
        Row::new(2).set("Library sector", "LIS student"),
    ];
    fx.import("survey.csv", survey(&rows).as_bytes()).unwrap();
    let forms: Vec<_> = fx
        .store
        .applications(fx.round)
        .unwrap()
        .into_iter()
        .map(|a| a.form)
        .collect();
    let one = forms.iter().find(|f| f.name == "Person 1").unwrap();
    assert_eq!(one.sector, Sector::School);
    assert_eq!(one.career_stage, CareerStage::Student);
    assert_eq!(
        one.interests,
        Interest::all_of(&["Cataloguing & metadata", "Technology & systems"])
    );
    assert_eq!(one.wish_sectors, vec![Sector::Public, Sector::Academic]);
    assert_eq!(one.wish_stage, StageWish::Same);
    let two = forms.iter().find(|f| f.name == "Person 2").unwrap();
    assert_eq!(two.sector, Sector::LisStudent);
}

#[test]
fn values_in_a_mapping_file_put_a_surveys_answers_as_terms() {
    let mut fx = Fixture::new();
    let mapping = fx.write(
        "mapping.toml",
        "[values.sector]\n\"Corporate / special library\" = \"special\"\n\n\
         [values.interests]\n\"Makerspaces\" = \"Technology & systems\"\n\"Other\" = \"\"\n\n\
         [values.country]\n\"Aotearoa\" = \"NZ\"\n"
            .as_bytes(),
    );
    let opts = ImportOptions {
        mapping: Some(mapping.clone()),
        ..Default::default()
    };
    let rows = vec![
        Row::new(1)
            .set("Library sector", "Corporate / Special library")
            .set("Areas of interest", "Makerspaces, Other, Advocacy")
            .set("Country", "Aotearoa"),
    ];
    fx.import_with("survey.csv", survey(&rows).as_bytes(), &opts)
        .unwrap();
    let form = &fx.store.applications(fx.round).unwrap()[0].form;
    assert_eq!(form.sector, Sector::Special);
    assert_eq!(
        form.interests,
        Interest::all_of(&["Technology & systems", "Advocacy"])
    );
    assert_eq!(form.country, "NZ");

    // A term iln does not know, a field that takes no values, and an answer mapped to
    // nothing where every application needs one are each refused on their line.
    for (text, line, fragment) in [
        (
            "[values.sector]\n\"Corporate\" = \"specal\"\n",
            2,
            "unknown library sector \"specal\"",
        ),
        (
            "[values.email]\n\"x\" = \"y\"\n",
            1,
            "answers can be mapped for",
        ),
        (
            "[values.sector]\n\"Other\" = \"\"\n",
            2,
            "every application needs the library sector",
        ),
    ] {
        match Mapping::parse(text, "m.toml") {
            Err(ImportError::Mapping {
                line: l, message, ..
            }) => {
                assert_eq!(l, line, "{message}");
                assert!(message.contains(fragment), "{message}");
            }
            other => panic!("{text}: expected a mapping error, got {other:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Export shapes of survey tools.

#[test]
fn a_qualtrics_export_imports_as_it_comes() {
    let mut fx = Fixture::new();
    let csv_path = repo_file("tests/fixtures/import/qualtrics.csv");
    let report = import_file(
        &mut fx.store,
        fx.round,
        &csv_path,
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.outcome.created, 4);
    let apps = fx.store.applications(fx.round).unwrap();
    let lucas = apps
        .iter()
        .find(|a| a.form.name == "Lucas Ferreira")
        .unwrap();
    // The applicant's own e-mail, not the panel's recipient e-mail beside it.
    assert_eq!(lucas.form.email, "lucas.ferreira@usp.example.br");
    // The time the response was recorded, not the start or the end date.
    assert_eq!(lucas.form.submitted_at, at("2027-03-02 14:20:33"));
    assert_eq!(lucas.form.sector, Sector::Academic);
    assert_eq!(lucas.form.career_stage, CareerStage::Early);
    assert_eq!(lucas.form.wish_sectors, [Sector::Academic, Sector::Special]);
    assert_eq!(
        lucas.form.languages,
        [Language::Portuguese, Language::English, Language::Spanish]
    );
    let mere = apps.iter().find(|a| a.form.name == "Mere Tūhoe").unwrap();
    assert_eq!(mere.form.wish_stage, StageWish::Same);
    assert_eq!(mere.form.wish_place, PlaceWish::Region(Region::Asia));
    assert_eq!(
        mere.form.interests,
        Interest::all_of(&["Community outreach", "Advocacy", "Children & youth"])
    );
    let priya = apps.iter().find(|a| a.form.name == "Priya Raman").unwrap();
    assert_eq!(priya.form.sector, Sector::School);
    assert_eq!(priya.form.career_stage, CareerStage::Student);
    let wanjiru = apps
        .iter()
        .find(|a| a.form.name == "Wanjiru Kamau")
        .unwrap();
    assert_eq!(wanjiru.form.notes, "=SUM(1,2) is not a formula here");
}

#[test]
fn a_surveymonkey_export_imports_as_it_comes() {
    let mut fx = Fixture::new();
    let csv_path = repo_file("tests/fixtures/import/surveymonkey.csv");
    let report = import_file(
        &mut fx.store,
        fx.round,
        &csv_path,
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.outcome.created, 3);
    let apps = fx.store.applications(fx.round).unwrap();
    // The name from the tool's first and last name, as no question asks it.
    let camila = apps.iter().find(|a| a.form.name == "Camila Rojas").unwrap();
    assert_eq!(camila.form.email, "c.rojas@bibliotecas.example.cl");
    // The end date, read month first (03/15 settles it), in 12-hour time.
    assert_eq!(camila.form.submitted_at, at("2027-03-15 09:14:56"));
    assert_eq!(camila.form.sector, Sector::Public);
    // The choices made, from one column per choice.
    assert_eq!(
        camila.form.interests,
        Interest::all_of(&["Information literacy", "Advocacy"])
    );
    assert_eq!(
        camila.form.languages,
        [Language::English, Language::Spanish]
    );
    assert_eq!(camila.form.wish_place, PlaceWish::Region(Region::Europe));
    let tomas = apps.iter().find(|a| a.form.name == "Tomás Novák").unwrap();
    assert_eq!(tomas.form.country, "CZ");
    assert_eq!(tomas.form.submitted_at, at("2027-03-16 23:58:03"));
    assert_eq!(tomas.form.wish_sectors, [Sector::Special]);
    let amina = apps.iter().find(|a| a.form.name == "Amina Diallo").unwrap();
    assert_eq!(amina.form.sector, Sector::Academic);
    assert_eq!(amina.form.career_stage, CareerStage::Late);
}

#[test]
fn a_microsoft_forms_export_imports_as_it_comes() {
    // As Microsoft Forms downloads it (.xlsx, dates as date cells), and saved as CSV.
    for file in ["microsoft-forms.xlsx", "microsoft-forms.csv"] {
        microsoft_forms_export_imports(file);
    }
}

/// A spreadsheet whose cell reference overflows calamine's column arithmetic (found by
/// fuzzing) is one problem naming the file, and nothing is imported.
#[test]
fn a_spreadsheet_with_an_overflowing_cell_reference_is_a_problem_not_a_crash() {
    let mut fx = Fixture::new();
    let path = repo_file("tests/fixtures/import/overflowing-cell.xlsx");
    let err = import_file(&mut fx.store, fx.round, &path, &ImportOptions::default())
        .expect_err("the file cannot be read");
    let said = err.to_string();
    assert!(
        said.contains("overflowing-cell.xlsx") && said.contains("cannot be read"),
        "{said}"
    );
    assert!(fx.store.applications(fx.round).unwrap().is_empty());
}

fn microsoft_forms_export_imports(file: &str) {
    let mut fx = Fixture::new();
    let path = repo_file(&format!("tests/fixtures/import/{file}"));
    let report = import_file(&mut fx.store, fx.round, &path, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    assert_eq!(report.outcome.created, 3);
    let apps = fx.store.applications(fx.round).unwrap();
    // The question's name and e-mail, not the account's "anonymous".
    let hiroko = apps.iter().find(|a| a.form.name == "Hiroko Sato").unwrap();
    assert_eq!(hiroko.form.email, "h.sato@library.example.jp");
    // The completion time, not the start time.
    assert_eq!(hiroko.form.submitted_at, at("2027-03-14 10:15:40"));
    // Choices as Microsoft Forms writes them: each followed by a semicolon.
    assert_eq!(
        hiroko.form.languages,
        [Language::Japanese, Language::English]
    );
    assert_eq!(
        hiroko.form.interests,
        Interest::all_of(&["Reference services", "Technology & systems"])
    );
    assert_eq!(hiroko.form.wish_stage, StageWish::Same);
    let seun = apps
        .iter()
        .find(|a| a.form.name == "Oluwaseun Adeyemi")
        .unwrap();
    assert_eq!(seun.form.wish_sectors, [Sector::Academic]);
    assert_eq!(seun.form.wish_place, PlaceWish::Region(Region::Oceania));
}

#[test]
fn a_broken_spreadsheet_is_named_not_printed() {
    let parsed = parse_bytes(
        b"PK\x03\x04\x14\x00garbage\xff\xfe",
        "applicants.xlsx",
        None,
    );
    assert!(parsed.rows.is_empty());
    let said: Vec<String> = parsed.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].contains("looks like a spreadsheet but cannot be read as one"),
        "{said:?}"
    );
    assert!(!said[0].contains("garbage"), "{said:?}");
}

#[test]
fn applications_submitted_outside_the_window_import_with_a_warning() {
    let mut fx = Fixture::new();
    let rows = vec![
        Row::new(1),
        // 9:15 in the morning at GMT+10 is the evening before in UTC.
        Row::new(2).set("Timestamp", "2026/12/01 9:15:02 AM GMT+10"),
    ];
    let report = fx.import("survey.csv", survey(&rows).as_bytes()).unwrap();
    assert_eq!(report.outcome.created, 2);
    assert_eq!(report.outside_window.len(), 1);
    let warning = report.window_warning().unwrap();
    assert!(
        warning.starts_with("1 application was submitted outside 2027 A's application window")
            && warning.ends_with("Person 2 (2026-11-30)"),
        "{warning}"
    );
}

// ---------------------------------------------------------------------------------------
// Correcting an application by hand, checked as an import checks it.

#[test]
fn a_field_corrected_by_hand_is_checked_as_an_import_checks_it() {
    let mut fx = Fixture::new();
    fx.import("survey.csv", survey(&good_rows(2)).as_bytes())
        .unwrap();
    let apps = fx.store.applications(fx.round).unwrap();
    let (one, two) = (&apps[0], &apps[1]);

    // Each field as the app shows it to correct reads back as it was.
    for field in Field::ALL {
        let shown = field.words_of(&one.form);
        assert_eq!(
            iln::import::revise(&one.form, field, &shown).as_ref(),
            Ok(&one.form),
            "{field}: {shown}"
        );
    }
    let form = iln::import::revise(&one.form, Field::Country, "Viet Nam").unwrap();
    assert_eq!(form.country, "VN");
    let form = iln::import::revise(&form, Field::Languages, "Vietnamese, English").unwrap();
    assert_eq!(form.languages, [Language::Vietnamese, Language::English]);
    let err = iln::import::revise(&form, Field::Email, "not an address").unwrap_err();
    assert!(err.contains("is not an e-mail address"), "{err}");
    let err = iln::import::revise(&form, Field::Country, "Untied States").unwrap_err();
    assert!(err.contains("did you mean \"United States\""), "{err}");

    fx.store
        .update_application_form(one.id, one.version, &form)
        .unwrap();
    let saved = &fx.store.applications(fx.round).unwrap()[0];
    assert_eq!(saved.form, form);
    assert_eq!(fx.store.audit_log(1).unwrap()[0].action, "application.edit");

    // On the version shown before: refused, nothing written.
    let again = iln::import::revise(&form, Field::City, "Hanoi").unwrap();
    let err = fx
        .store
        .update_application_form(one.id, one.version, &again)
        .unwrap_err();
    assert!(
        err.to_string().contains("changed in another window"),
        "{err}"
    );

    // Another person's e-mail address: refused.
    let taken = iln::import::revise(&two.form, Field::Email, &one.form.email).unwrap();
    let err = fx
        .store
        .update_application_form(two.id, two.version, &taken)
        .unwrap_err();
    assert!(err.to_string().contains("another person"), "{err}");
    // A new one is the person's, in every round: their application elsewhere is read again.
    let later = fx
        .store
        .create_round(&RoundPlan::starting(
            "2027 B",
            NaiveDate::from_ymd_opt(2027, 8, 1).unwrap(),
        ))
        .unwrap()
        .id;
    fx.store
        .save_applications(later, std::slice::from_ref(&two.form), "test")
        .unwrap();
    let elsewhere = fx.store.applications(later).unwrap()[0].clone();
    let moved = iln::import::revise(&two.form, Field::Email, "new@library.org").unwrap();
    fx.store
        .update_application_form(two.id, two.version, &moved)
        .unwrap();
    let now = fx.store.application(elsewhere.id).unwrap();
    assert_eq!(now.form.email, "new@library.org");
    assert!(now.version > elsewhere.version);
    assert!(
        fx.store
            .person_by_email("new@library.org")
            .unwrap()
            .is_some()
    );
}

// ---------------------------------------------------------------------------------------
// What the import assistant lists is what the row reader refuses, and a mapping reaches
// every answer it lists.

#[test]
fn every_answer_the_reader_refuses_is_listed_once_and_its_mapping_reaches_it() {
    let long = "x".repeat(90);
    let rows = vec![
        // Typed by hand in small letters: two languages, one of them unknown.
        Row::new(1).set("Languages", "english, ilocano"),
        Row::new(2).set("Languages", "English; Spanish, Ilocano"),
        // An interest too long to be one.
        Row::new(3).set("Areas of interest", &format!("Advocacy; {long}")),
        // "Either" is no preference, as the reader takes it.
        Row::new(4).set("Partner career stage", "Either"),
        // A zone name read in the applicant's country: refused for Fiji, so listed.
        Row::new(5)
            .set("Time zone", "Pacific time")
            .set("Country", "Fiji"),
    ];
    let bytes = survey(&rows);
    let parsed = parse_bytes(bytes.as_bytes(), "s.csv", None);
    let listed: Vec<(Field, &str, usize)> = parsed
        .unplaced
        .iter()
        .map(|u| (u.field, u.answer.as_str(), u.count))
        .collect();
    assert_eq!(
        listed,
        [
            (Field::TimeZone, "Pacific time", 1),
            (Field::Interests, long.as_str(), 1),
            (Field::Languages, "ilocano", 2),
        ]
    );
    let refused: BTreeSet<usize> = parsed.rejects.iter().map(|r| r.line).collect();
    assert_eq!(refused, BTreeSet::from([2, 3, 4, 6]));

    let mapping = Mapping::parse(
        &format!(
            "[values.languages]\n\"Ilocano\" = \"Tagalog\"\n\n[values.interests]\n\"{long}\" = \"\"\n\n\
             [values.time_zone]\n\"Pacific time\" = \"\"\n"
        ),
        "m.toml",
    )
    .unwrap();
    let parsed = parse_bytes(bytes.as_bytes(), "s.csv", Some(&mapping));
    assert!(parsed.is_clean(), "{:#?}", parsed.problems);
    assert!(parsed.unplaced.is_empty());
    let langs: Vec<&str> = parsed.rows[1]
        .form
        .languages
        .iter()
        .map(|l| l.code())
        .collect();
    assert_eq!(langs, ["en", "es", "tl"]);
    assert_eq!(parsed.rows[2].form.interests.len(), 1);
    assert_eq!(
        parsed.rows[4].form.time_zone.zone_name(),
        Some("Pacific/Fiji"),
        "left out: the country's zone"
    );
}

#[test]
fn a_repeated_header_is_numbered_so_a_mapping_names_one_column() {
    let mut headers: Vec<&str> = HEADERS.to_vec();
    headers.push("Notes");
    let rows: Vec<Row> = (1..=2)
        .map(|n| {
            let mut r = Row::new(n);
            r.0[15] = "first notes".into();
            r.0.push("second notes".into());
            r
        })
        .collect();
    let bytes = csv_text(&headers, &rows);
    let parsed = parse_bytes(bytes.as_bytes(), "s.csv", None);
    assert_eq!(parsed.headers[16], "Notes (2)");
    let mapping = Mapping::parse("[columns]\nnotes = \"Notes (2)\"\n", "m.toml").unwrap();
    let parsed = parse_bytes(bytes.as_bytes(), "s.csv", Some(&mapping));
    assert!(parsed.is_clean(), "{:#?}", parsed.problems);
    assert_eq!(parsed.rows[0].form.notes, "second notes");
}

/// A NUL or escape in a name, or an address mail cannot take, is the row's problem with its
/// line and column, not the whole import's: with --skip-invalid the other rows go in.
#[test]
fn control_characters_and_bad_addresses_are_row_problems() {
    let mut fx = Fixture::new();
    let rows = vec![
        Row::new(1).set("Full name", "Ana\u{0}Lopez"),
        Row::new(2).set("Full name", "Bo \u{1b}]0;pwned\u{7}"),
        Row::new(3).set("Email Address", "zoe,evil@x.org"),
        Row::new(4).set("Role", "Librarian \u{202e}nairarbil"),
        Row::new(5),
    ];
    let err = fx
        .import_with(
            "round-a.csv",
            survey(&rows).as_bytes(),
            &ImportOptions::default(),
        )
        .unwrap_err();
    let ImportError::Invalid { problems } = err else {
        panic!("{err:?}")
    };
    let at: Vec<(usize, &str)> = problems
        .iter()
        .map(|p| (p.line, p.column.as_str()))
        .collect();
    assert_eq!(
        at,
        [
            (2, "Full name"),
            (3, "Full name"),
            (4, "Email Address"),
            (5, "Role")
        ],
        "{problems:#?}"
    );
    assert!(problems[0].message.contains("control character (U+0000)"));
    assert!(
        fx.store.applications(fx.round).unwrap().is_empty(),
        "nothing imported"
    );

    let opts = ImportOptions {
        mapping: None,
        skip_invalid: true,
        exports: None,
    };
    let report = fx
        .import_with("round-a.csv", survey(&rows).as_bytes(), &opts)
        .unwrap();
    assert_eq!((report.outcome.created, report.skipped), (1, 4));
}

/// A file of binary data is refused at once, with one problem that says what to export,
/// and nothing is read as rows.
#[test]
fn a_binary_file_is_refused_at_once() {
    let mut fx = Fixture::new();
    let mut bytes = b"Timestamp,Email Address\n".to_vec();
    bytes.extend((0..50_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    bytes[100] = 0;
    let err = fx
        .import_with("random.csv", &bytes, &ImportOptions::default())
        .unwrap_err();
    let ImportError::Invalid { problems } = err else {
        panic!("{err:?}")
    };
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].message.contains("binary data, not text"),
        "{problems:#?}"
    );
}

/// However many rows are wrong, the message lists the first hundred problems and counts
/// the rest, so that a bad file cannot flood the terminal.
#[test]
fn a_file_with_many_problems_lists_a_hundred_and_counts_the_rest() {
    let mut fx = Fixture::new();
    let rows: Vec<Row> = (1..=150)
        .map(|n| Row::new(n).set("Languages", "Klingon"))
        .collect();
    let err = fx
        .import_with(
            "round-a.csv",
            survey(&rows).as_bytes(),
            &ImportOptions::default(),
        )
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("150 problems, nothing imported:"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 1 + 100 + 1, "{text}");
    assert!(text.ends_with("… and 50 more problems, not listed; importing the valid rows only (--skip-invalid) writes every rejected row with its problems to a rejects file"), "{text}");
}

/// A file too large to be a survey export is refused before it is read, and one that is not
/// text from its first block on is refused however large it is: memory stays bounded.
#[test]
fn a_huge_file_is_refused_before_it_is_read() {
    let mut fx = Fixture::new();
    let path = fx.write("huge.csv", survey(&good_rows(200)).as_bytes());
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    // Sparse: the disk holds only the rows written above.
    file.set_len(iln::import::MAX_INPUT + 1).unwrap();
    let err = import_file(&mut fx.store, fx.round, &path, &ImportOptions::default()).unwrap_err();
    assert!(matches!(err, ImportError::TooLarge { .. }), "{err:?}");
    assert!(
        err.to_string().contains("huge.csv: the file is 256 MB"),
        "{err}"
    );

    let binary = fx.write("random.csv", &[0u8; 100]);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&binary)
        .unwrap();
    file.set_len(4 * iln::import::MAX_INPUT).unwrap();
    let ImportError::Invalid { problems } =
        import_file(&mut fx.store, fx.round, &binary, &ImportOptions::default()).unwrap_err()
    else {
        panic!("not refused as binary")
    };
    assert!(problems[0].message.contains("binary data"), "{problems:?}");
    assert!(fx.store.applications(fx.round).unwrap().is_empty());
}
