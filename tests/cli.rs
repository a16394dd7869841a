//! The `iln` binary run as a coordinator would: demo data, `iln match` (text and JSON),
//! `iln export candidates`, `iln export topics`, and the refusals that must leave the
//! database (and the disk) unchanged.

use std::path::Path;
use std::process::{Command, Output};

fn iln(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iln"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ILN_DB")
        // A fixed day, so that the calendar ends nothing the tests expect running.
        .env("ILN_TODAY", "2026-11-20")
        // A config file on the machine running the tests must not change what they see.
        .env_remove("ILN_CONFIG")
        .env("XDG_CONFIG_HOME", db.parent().unwrap_or(db))
        .output()
        .expect("iln runs")
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "iln failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn demo(db: &Path, applicants: &str) {
    ok(iln(
        db,
        &[
            "demo",
            "--applicants",
            applicants,
            "--seed",
            "4",
            "--ready-to-match",
        ],
    ));
}

#[test]
fn match_stores_a_draft_and_reports_it_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    demo(&db, "120");
    let json: serde_json::Value =
        serde_json::from_str(&ok(iln(&db, &["match", "--round", "2027 A", "--json"]))).unwrap();
    let pairs = json["pairs"].as_u64().unwrap();
    let trios = json["trios"].as_u64().unwrap();
    let unmatched = json["unmatched"].as_array().unwrap().len() as u64;
    assert_eq!(
        2 * pairs + 3 * trios + unmatched,
        json["applicants"].as_u64().unwrap()
    );
    assert!(pairs > 40);
    assert!(json["matching_weight"].as_i64().unwrap() > 0);
    assert!(
        json["certificate"]
            .as_str()
            .unwrap()
            .starts_with("optimal: verified over")
    );
    assert_eq!(json["replaced_drafts"], 0);

    // The draft is in the database; a second run replaces it, with the same result.
    let store = iln::store::Store::open(&db).unwrap();
    let round = store.round_by_name("2027 A").unwrap();
    let drafts = store.partnerships(round.id).unwrap();
    assert_eq!(drafts.len() as u64, pairs + trios);
    // Every pair and trio is listed with its members and score, as the draft holds them.
    let groups = json["groups"].as_array().unwrap();
    assert_eq!(groups.len() as u64, pairs + trios);
    let total: i64 = groups.iter().map(|g| g["score"].as_i64().unwrap()).sum();
    assert_eq!(total, json["total_score"].as_i64().unwrap());
    let first = &groups[0]["members"][0];
    let first_id = iln::domain::ApplicationId(first["id"].as_i64().unwrap());
    assert!(drafts.iter().any(|p| p.members.contains(&first_id)));
    assert_eq!(
        store.application(first_id).unwrap().form.name,
        first["name"].as_str().unwrap()
    );
    drop(store);
    let again: serde_json::Value =
        serde_json::from_str(&ok(iln(&db, &["match", "--round", "2027 A", "--json"]))).unwrap();
    assert_eq!(again["replaced_drafts"].as_u64().unwrap(), pairs + trios);
    assert_eq!(again["matching_weight"], json["matching_weight"]);

    let text = ok(iln(&db, &["match", "--round", "2027 A"]));
    assert!(text.contains("pairs"), "{text}");
    let listed = text.lines().filter(|l| l.contains(" & ")).count() as u64;
    assert_eq!(listed, pairs + trios, "{text}");
    assert!(text.contains("optimal: verified over"), "{text}");
}

#[test]
fn export_candidates_writes_every_allowed_pair() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    demo(&db, "60");
    let all = dir.path().join("all.csv");
    let solved = dir.path().join("solved.csv");
    ok(iln(
        &db,
        &[
            "export",
            "candidates",
            "--round",
            "2027 A",
            "-o",
            all.to_str().unwrap(),
        ],
    ));
    ok(iln(
        &db,
        &[
            "export",
            "candidates",
            "--round",
            "2027 A",
            "--solver-graph",
            "-o",
            solved.to_str().unwrap(),
        ],
    ));
    let read = |p: &Path| -> Vec<(i64, i64, i64)> {
        let text = std::fs::read_to_string(p).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("id_a,id_b,score"));
        lines
            .map(|l| {
                let v: Vec<i64> = l.split(',').map(|x| x.parse().unwrap()).collect();
                (v[0], v[1], v[2])
            })
            .collect()
    };
    let all = read(&all);
    let solved = read(&solved);
    assert!(!solved.is_empty() && solved.len() < all.len());
    for e in &solved {
        assert!(all.contains(e), "{e:?} is an allowed pair");
    }
    let json: serde_json::Value =
        serde_json::from_str(&ok(iln(&db, &["match", "--round", "2027 A", "--json"]))).unwrap();
    let certified = json["certificate"].as_str().unwrap().to_string();
    assert!(
        certified.contains(&format!("over {} pairs", all.len())),
        "{certified}"
    );
}

#[test]
fn refusals_name_the_fix_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    demo(&db, "40");

    let out = iln(&db, &["match", "--round", "No such round"]);
    assert!(!out.status.success());
    let out = iln(
        &db,
        &["match", "--round", "2027 A", "--objective", "fastest"],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("most-matched") && err.contains("highest-total"),
        "names the choices: {err}"
    );
    let out = iln(&db, &["demo"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--db") && err.contains("--force"), "{err}");

    let store = iln::store::Store::open(&db).unwrap();
    let round = store.round_by_name("2027 A").unwrap();
    assert!(store.partnerships(round.id).unwrap().is_empty());
}

/// `demo --force` never replaces a file another iln has open (it would go on writing to
/// the deleted file); once that one is closed, it does.
#[test]
fn demo_force_leaves_a_database_another_iln_has_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    demo(&db, "40");
    let open_elsewhere = iln::store::Store::open(&db).unwrap();
    let rounds = open_elsewhere.rounds().unwrap().len();
    let out = iln(&db, &["demo", "--force", "--applicants", "20"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&*db.to_string_lossy()) && err.contains("open in another iln"),
        "{err}"
    );
    // The file is the one that was open, whole.
    assert_eq!(open_elsewhere.rounds().unwrap().len(), rounds);
    let applied = |store: &iln::store::Store| -> usize {
        store
            .rounds()
            .unwrap()
            .iter()
            .map(|r| store.applications(r.id).unwrap().len())
            .sum()
    };
    let before = applied(&open_elsewhere);
    assert!(before > 20);
    assert_eq!(applied(&iln::store::Store::open(&db).unwrap()), before);
    drop(open_elsewhere);
    let out = iln(&db, &["demo", "--force", "--applicants", "20"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn export_topics(db: &Path, round: &str, dir: &Path) -> Output {
    iln(
        db,
        &[
            "export",
            "topics",
            "--round",
            round,
            "-o",
            dir.to_str().unwrap(),
        ],
    )
}

/// The file names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    v.sort();
    v
}

#[test]
fn export_topics_writes_a_post_and_an_email_per_topic_with_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    demo(&db, "40");
    // One more topic, in other scripts, beside the demo's ready, draft and empty ones.
    let (round, topics) = {
        let mut store = iln::store::Store::open(&db).unwrap();
        let round = store.round_by_name("2027 A").unwrap();
        let slot = store
            .add_topic_slot(round.id, "2027-03-22".parse().unwrap())
            .unwrap();
        store
            .save_topic_text(
                slot.id,
                slot.version,
                &iln::store::TopicText {
                    title: "Café \"talk\": 図書館 / مكتبة".into(),
                    summary: "Trois langues, one post.".into(),
                    body: "## Bonjour\n\nこんにちは。".into(),
                    questions: vec!["¿Y tú?".into()],
                },
            )
            .unwrap();
        let topics = store.topics(round.id).unwrap();
        (round, topics)
    };
    use iln::domain::TopicStatus;
    let with_text: Vec<_> = topics
        .iter()
        .filter(|t| t.status != TopicStatus::Empty)
        .collect();
    let empty = topics.len() - with_text.len();
    assert_eq!((with_text.len(), empty), (3, 1), "{topics:#?}");

    let out_dir = dir.path().join("out").join("topics");
    let out = export_topics(&db, "2027 A", &out_dir);
    assert_eq!(out.status.code(), Some(0));
    let stdout = ok(out);
    assert_eq!(
        stdout.trim_end(),
        format!(
            "wrote 3 topics of round 2027 A to {} (6 files); 1 empty slot skipped",
            out_dir.display()
        )
    );

    let mut expected = vec![
        "2027-01-11-getting-to-know-each-other.md".to_string(),
        "2027-01-11-getting-to-know-each-other.email.txt".to_string(),
        "2027-02-08-a-day-in-our-workplaces.md".to_string(),
        "2027-02-08-a-day-in-our-workplaces.email.txt".to_string(),
        "2027-03-22-café-talk-図書館-مكتبة.md".to_string(),
        "2027-03-22-café-talk-図書館-مكتبة.email.txt".to_string(),
    ];
    expected.sort();
    assert_eq!(names(&out_dir), expected, "no file for the empty slot");

    for t in with_text {
        let stem = iln::export::topics::file_stem(t);
        let post = std::fs::read_to_string(out_dir.join(format!("{stem}.md"))).unwrap();
        let title = t.title.replace('"', "\\\"");
        let front = format!(
            "---\ntitle: \"{title}\"\ndate: {}\nround: \"2027 A\"\nsummary: \"{}\"\n---\n\n",
            t.publish_on, t.summary
        );
        assert!(post.starts_with(&front), "{post}");
        assert!(post.contains(t.body.trim()), "{post}");
        for q in &t.questions {
            assert!(post.contains(&format!(". {q}\n")), "{post}");
        }
        assert_eq!(post, iln::export::topics::blog_post(t, round.name()));

        let email = std::fs::read_to_string(out_dir.join(format!("{stem}.email.txt"))).unwrap();
        assert!(
            email.starts_with(&format!("Subject: [2027 A] {}\n", t.title)),
            "{email}"
        );
        assert!(email.contains(&t.summary), "{email}");
        // No post link yet: the e-mail carries the post's text, and no placeholder.
        assert!(email.contains(t.body.trim()), "{email}");
        assert!(!email.contains("{{"), "{email}");
        assert_eq!(email, iln::export::topics::email(t, round.name()));
    }

    // Again into the same folder: the same files, rewritten.
    ok(export_topics(&db, "2027 A", &out_dir));
    assert_eq!(names(&out_dir), expected);
}

#[test]
fn export_topics_refusals_name_the_problem_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    demo(&db, "40");

    let out_dir = dir.path().join("posts");
    let out = export_topics(&db, "2031 Z", &out_dir);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("\"2031 Z\""), "names the round: {err}");
    assert!(err.contains("2027 A"), "lists the known rounds: {err}");
    assert!(!out_dir.exists(), "no folder for an unknown round");

    let file = dir.path().join("posts.md");
    std::fs::write(&file, "my notes\n").unwrap();
    let out = export_topics(&db, "2027 A", &file);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&file.display().to_string()), "{err}");
    assert!(err.contains("not a folder"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my notes\n");

    let mut files = names(dir.path());
    files.retain(|n| !n.starts_with("iln.db"));
    assert_eq!(files, vec!["posts.md"], "nothing else written");
}

// ---- The config file: default weights and rules for `iln match`, warnings, `iln config` ----

/// Runs iln with the config file at `config`, and nothing from the environment.
fn iln_configured(db: &Path, config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iln"))
        .arg("--db")
        .arg(db)
        .arg("--config")
        .arg(config)
        .args(args)
        .env_remove("ILN_DB")
        .env("ILN_TODAY", "2026-11-20")
        .env_remove("ILN_CONFIG")
        .output()
        .expect("iln runs")
}

fn match_json(out: Output) -> serde_json::Value {
    serde_json::from_str(&ok(out)).unwrap()
}

const ZERO_WEIGHTS: &str = "[weights]\nsector = 0\ncareer_stage = 0\nplace = 0\ninterests = 0\n\
                            time_zone = 0\nlanguages = 0\npriority_bonus = 0\n";

#[test]
fn match_uses_the_config_weights_for_a_round_without_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    demo(&db, "80");
    let empty = dir.path().join("empty.toml");
    std::fs::write(&empty, "").unwrap();
    let zero = dir.path().join("zero.toml");
    std::fs::write(&zero, ZERO_WEIGHTS).unwrap();
    let args = ["match", "--round", "2027 A", "--json"];

    let shipped = match_json(iln_configured(&db, &empty, &args));
    assert!(shipped["total_score"].as_i64().unwrap() > 0);
    // Every weight 0: as many pairs, none scoring anything.
    let weightless = match_json(iln_configured(&db, &zero, &args));
    assert_eq!(weightless["pairs"], shipped["pairs"]);
    assert_eq!(weightless["total_score"], 0);
    // ILN_CONFIG names the file too.
    let out = Command::new(env!("CARGO_BIN_EXE_iln"))
        .arg("--db")
        .arg(&db)
        .args(args)
        .env_remove("ILN_DB")
        .env("ILN_TODAY", "2026-11-20")
        .env("ILN_CONFIG", &zero)
        .output()
        .unwrap();
    assert_eq!(match_json(out)["total_score"], 0);

    // The rules too.
    let rules = dir.path().join("rules.toml");
    std::fs::write(&rules, "[rules]\nobjective = \"highest-total\"\n").unwrap();
    assert_eq!(
        match_json(iln_configured(&db, &rules, &args))["objective"],
        "highest-total"
    );
    assert_eq!(
        match_json(iln_configured(&db, &empty, &args))["objective"],
        "most-matched"
    );

    // A round with settings of its own keeps them, whatever the config says.
    {
        let mut store = iln::store::Store::open(&db).unwrap();
        let round = store.round_by_name("2027 A").unwrap();
        store
            .set_round_settings(
                round.id,
                &store.round_settings(round.id).unwrap(),
                &iln::engine::settings::Settings::default(),
            )
            .unwrap();
    }
    let own = match_json(iln_configured(&db, &zero, &args));
    assert_eq!(own["total_score"], shipped["total_score"]);
}

#[test]
fn a_bad_config_warns_and_the_command_still_runs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    demo(&db, "40");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[keys]\npublis-draft = \"P\"\n\n[weights]\nsector = 2000\nlanguages = 0\n",
    )
    .unwrap();
    let out = iln_configured(&db, &config, &["match", "--round", "2027 A", "--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let json = match_json(out);
    assert!(json["pairs"].as_u64().unwrap() > 0);
    let path = config.display();
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            format!(
                "warning: {path}:2:1: [keys] \"publis-draft\": no such action; did you mean \
                 \"publish-draft\"? (this entry is ignored)"
            ),
            format!(
                "warning: {path}:5:10: [weights] weight sector = 2000: use a whole number from \
                 0 to 1000; sector stays 12"
            ),
        ]
    );

    // `iln config` lists the same problems and fails, so that a script can check the file.
    let out = iln_configured(&db, &config, &["config"]);
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stdout.trim(), format!("config file: {path} (read)"));
    assert!(stderr.contains("no such action"), "{stderr}");
    assert!(
        stderr.ends_with(&format!(
            "error: 2 problems in {path} (listed above); iln still runs, on its defaults for \
             what is wrong\n"
        )),
        "{stderr}"
    );

    // Not TOML: the command runs on the defaults, saying so.
    std::fs::write(&config, "[weights\nsector = 30\n").unwrap();
    let out = iln_configured(&db, &config, &["report", "readiness", "--round", "2027 A"]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    ok(out);
    assert!(
        stderr.starts_with(&format!("warning: {path}:1:9: not valid TOML: ")),
        "{stderr}"
    );

    // A key that would clash with another in the app is found by `iln config` too.
    std::fs::write(&config, "[keys]\nquit = \"j\"\n").unwrap();
    let out = iln_configured(&db, &config, &["config"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("warning: [keys] quit = j: ") && stderr.contains("it keeps q"),
        "{stderr}"
    );

    // A file that is fine, and one named that is not there.
    std::fs::write(&config, "[weights]\nsector = 30\n").unwrap();
    let out = iln_configured(&db, &config, &["config"]);
    assert_eq!(
        ok(out),
        format!("config file: {path} (read)\nno problems\n")
    );
    let missing = dir.path().join("missing.toml");
    let out = iln_configured(
        &db,
        &missing,
        &["backup", dir.path().join("b.db").to_str().unwrap()],
    );
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    ok(out);
    assert!(
        stderr.starts_with(&format!("warning: {}: no such file", missing.display())),
        "{stderr}"
    );
}

#[test]
fn cap_applies_the_country_cap_as_the_app_does() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    ok(iln(
        &db,
        &["demo", "--applicants", "120", "--seed", "4", "--over-cap"],
    ));
    // The demo's open round takes applications, more from one country than the cap allows.
    let said = ok(iln(&db, &["cap", "--round", "2027 A"]));
    assert!(
        said.starts_with("applied the 20% country cap to 2027 A: at most "),
        "{said}"
    );
    let store = iln::store::Store::open(&db).unwrap();
    let round = store.round_by_name("2027 A").unwrap();
    let figures = store.round_figures().unwrap();
    let f = figures.iter().find(|f| f.round.id == round.id).unwrap();
    assert_eq!(f.pending, 0);
    assert!(f.deferred > 0, "the over-cap country is deferred");
    assert!(said.contains(&format!("{} deferred", f.deferred)), "{said}");
    // Again: nothing to change, and it says so.
    let again = ok(iln(&db, &["cap", "--round", "2027 A"]));
    assert!(again.contains("nothing changed"), "{again}");
    // An unknown round is refused, naming the known ones.
    let out = iln(&db, &["cap", "--round", "2031 Z"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("known rounds"));
}

#[test]
fn export_applicants_writes_a_file_that_imports_back_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    ok(iln(&db, &["demo", "--ready-to-match"]));
    let csv = dir.path().join("applicants.csv");
    let said = ok(iln(
        &db,
        &[
            "export",
            "applicants",
            "--round",
            "2027 A",
            "-o",
            csv.to_str().unwrap(),
        ],
    ));
    assert!(
        said.starts_with("wrote 300 applications of 2027 A to "),
        "{said}"
    );
    ok(iln(
        &db,
        &[
            "import",
            csv.to_str().unwrap(),
            "--round",
            "Copy",
            "--create-round",
        ],
    ));
    let store = iln::store::Store::open(&db).unwrap();
    let forms = |name: &str| {
        let round = store.round_by_name(name).unwrap();
        let mut forms: Vec<_> = store
            .applications(round.id)
            .unwrap()
            .into_iter()
            .map(|a| a.form)
            .collect();
        forms.sort_by(|a, b| a.email.cmp(&b.email));
        forms
    };
    assert_eq!(forms("Copy"), forms("2027 A"));
}

#[test]
fn import_dry_run_says_what_would_happen_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    ok(iln(&db, &["demo"]));
    let before = std::fs::read(&db).unwrap();
    let survey = repo_path("assets/sample-survey.csv");
    let said = ok(iln(
        &db,
        &[
            "import",
            survey.to_str().unwrap(),
            "--round",
            "2027 A",
            "--dry-run",
        ],
    ));
    assert!(said.contains("  email         \"Email Address\""), "{said}");
    assert!(
        said.contains("dry run: would import into 2027 A: ")
            && said.contains("; nothing was changed"),
        "{said}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before, "the database changed");

    // A file with problems: they are listed, the command fails, and still nothing changes.
    let mistakes = repo_path("assets/sample-survey-mistakes.csv");
    let out = iln(
        &db,
        &[
            "import",
            mistakes.to_str().unwrap(),
            "--round",
            "2027 A",
            "--dry-run",
        ],
    );
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("dry run: nothing would be imported into 2027 A"),
        "{stdout}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before, "the database changed");
    assert!(!repo_path("assets/sample-survey-mistakes.rejects.csv").exists());

    // Into a round to be created, with no database yet: none is created.
    let none = dir.path().join("none.db");
    let said = ok(iln(
        &none,
        &[
            "import",
            survey.to_str().unwrap(),
            "--round",
            "New",
            "--create-round",
            "--dry-run",
        ],
    ));
    assert!(said.contains("would import into New: "), "{said}");
    assert!(!none.exists(), "a dry run created the database");
}

#[test]
fn write_mapping_writes_the_columns_found_and_comments_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    let out = dir.path().join("mapping.toml");
    let file = repo_path("tests/fixtures/import/unusual-headers.csv");
    let said = ok(iln(
        &db,
        &[
            "import",
            file.to_str().unwrap(),
            "--round",
            "2027 A",
            "--write-mapping",
            out.to_str().unwrap(),
        ],
    ));
    assert!(said.starts_with("wrote the columns of "), "{said}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("email = \"Your work e-mail\""), "{text}");
    assert!(
        text.contains("# name = \"\"   # no column holds the applicant's name"),
        "{text}"
    );
    // What it wrote reads as a mapping file, the unsettled lines being comments.
    iln::import::Mapping::parse(&text, "mapping.toml").unwrap();
    assert!(!db.exists(), "writing a mapping touched the database");

    // A mapping file that is there already is never written over.
    std::fs::write(&out, "# mine\n").unwrap();
    let refused = iln(
        &db,
        &[
            "import",
            file.to_str().unwrap(),
            "--round",
            "2027 A",
            "--write-mapping",
            out.to_str().unwrap(),
        ],
    );
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("it exists already"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "# mine\n");
}

fn repo_path(relative: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

#[test]
fn interests_are_listed_with_counts_and_merged_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    demo(&db, "60");
    let list = ok(iln(&db, &["interests", "--round", "2027 A"]));
    let first = list.lines().nth(1).unwrap();
    let count: usize = first.split_whitespace().nth(1).unwrap().parse().unwrap();
    assert!(
        list.contains("Research data") && list.contains("Open access"),
        "{list}"
    );
    let merged = ok(iln(
        &db,
        &[
            "interests",
            "merge",
            "research  DATA",
            "--into",
            "open access",
        ],
    ));
    assert!(
        merged.starts_with("merged \"Research data\" into \"Open access\""),
        "{merged}"
    );
    let after = ok(iln(&db, &["interests"]));
    assert!(!after.contains("Research data"), "{after}");
    assert!(count > 0);
    let out = iln(
        &db,
        &["interests", "merge", "Knitting", "--into", "Advocacy"],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no interest \"Knitting\" on the list"),
        "{err}"
    );
}

#[test]
fn rounds_are_listed_created_and_moved_on_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    demo(&db, "60");
    let listed: serde_json::Value =
        serde_json::from_str(&ok(iln(&db, &["round", "list", "--json"]))).unwrap();
    let current = &listed[0];
    assert_eq!(current["name"], "2027 A");
    assert_eq!(current["stage"], "closed");
    assert_eq!(current["ends"], "2027-05-11");
    let counts = &current["counts"];
    assert_eq!(
        counts["accepted"].as_u64().unwrap(),
        counts["unmatched"].as_u64().unwrap()
    );
    assert_eq!(listed[1]["stage"], "ended");

    let moved = ok(iln(&db, &["round", "advance", "2027 A"]));
    assert_eq!(moved.trim(), "moved 2027 A from closed to matching");
    let out = iln(&db, &["round", "advance", "2027 A"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2027 A stays matching: the round has no draft"),
        "{err}"
    );
    let out = iln(&db, &["round", "advance", "2026 A"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing in it changes"));

    let created = ok(iln(
        &db,
        &["round", "new", "2027 B", "--opens", "2027-04-05"],
    ));
    assert!(
        created.starts_with("created round 2027 B: applications 2027-04-05 to 2027-05-03"),
        "{created}"
    );
    let listed = ok(iln(&db, &["round", "list"]));
    assert!(listed.contains("2027 B  open"), "{listed}");

    // Dates given move the ones after them; dates out of order are refused, naming the
    // field, and no round is made.
    let created = ok(iln(
        &db,
        &[
            "round",
            "new",
            "2027 C",
            "--opens",
            "2027-06-01",
            "--closes",
            "2027-06-20",
            "--term",
            "6",
            "--cap",
            "25",
        ],
    ));
    assert_eq!(
        created.trim(),
        "created round 2027 C: applications 2027-06-01 to 2027-06-20, matching on \
         2027-06-27, partnerships 2027-07-04 to 2028-01-04"
    );
    let out = iln(
        &db,
        &[
            "round",
            "new",
            "2027 D",
            "--opens",
            "2027-09-01",
            "--starts",
            "2027-09-10",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("starts"), "{err}");
    let listed = ok(iln(&db, &["round", "list"]));
    assert!(!listed.contains("2027 D"), "{listed}");

    // The round after one invites those it deferred (here none are left unmatched yet: the
    // round is not published).
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    ok(iln(
        &db,
        &[
            "demo",
            "--applicants",
            "80",
            "--seed",
            "3",
            "--over-cap",
            "--ready-to-match",
        ],
    ));
    let out = ok(iln(
        &db,
        &[
            "round",
            "new",
            "2027 B",
            "--opens",
            "2027-04-05",
            "--from",
            "2027 A",
        ],
    ));
    assert!(out.starts_with("invited "), "{out}");
    assert!(
        out.contains(", 0 left unmatched, 0 whose partnership ended early"),
        "{out}"
    );
    let listed: serde_json::Value =
        serde_json::from_str(&ok(iln(&db, &["round", "list", "--json"]))).unwrap();
    let next = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "2027 B")
        .unwrap();
    assert!(next["counts"]["invited"].as_u64().unwrap() > 0);
}

/// Every table of a round as CSV or JSON (by the file's name or --format), readable by the
/// owner alone.
#[test]
fn every_table_exports_as_csv_or_json_privately() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    ok(iln(&db, &["demo", "--applicants", "60", "--seed", "3"]));
    let store = iln::store::Store::open(&db).unwrap();
    let round = store.round_by_name("2026 B").unwrap();
    let partnerships = store.partnerships(round.id).unwrap().len();
    drop(store);

    let json = dir.path().join("p.json");
    let said = ok(iln(
        &db,
        &[
            "export",
            "partnerships",
            "--round",
            "2026 B",
            "-o",
            json.to_str().unwrap(),
        ],
    ));
    assert!(
        said.starts_with(&format!("wrote {partnerships} partnerships of 2026 B to ")),
        "{said}"
    );
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(rows.len(), partnerships);
    assert!(rows[0]["member_1_email"].as_str().unwrap().contains('@'));
    assert!(rows[0]["score"].is_number());

    let csv = dir.path().join("problems.txt");
    let said = ok(iln(
        &db,
        &[
            "export",
            "problems",
            "--round",
            "2026 B",
            "-o",
            csv.to_str().unwrap(),
            "--format",
            "csv",
        ],
    ));
    assert!(said.starts_with("wrote 3 problems of 2026 B"), "{said}");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.starts_with("id,partnership_id,partners,kind,note,logged_on,follow_up_on,outcome")
    );
    assert!(text.contains(",resolved,"), "{text}");

    let topics = dir.path().join("topics.json");
    ok(iln(
        &db,
        &[
            "export",
            "topics",
            "--round",
            "2026 B",
            "-o",
            topics.to_str().unwrap(),
            "--format",
            "json",
        ],
    ));
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&topics).unwrap()).unwrap();
    assert!(rows.iter().any(|t| t["status"] == "published"));

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for f in [&json, &csv, &topics] {
            let mode = std::fs::metadata(f).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", f.display());
        }
    }
    let out = iln(
        &db,
        &[
            "export", "problems", "--round", "2026 B", "-o", "x.csv", "--format", "xml",
        ],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("use csv or json"));
}

/// Output read by a reader that stops early (`| head`) ends the command quietly, without a
/// panic on the closed pipe.
#[cfg(unix)]
#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    demo(&db, "600");
    let mut child = Command::new(env!("CARGO_BIN_EXE_iln"))
        .arg("--db")
        .arg(&db)
        .args([
            "export",
            "candidates",
            "--round",
            "2027 A",
            "-o",
            "/dev/stdout",
        ])
        .env("ILN_TODAY", "2026-11-20")
        .env_remove("ILN_DB")
        .env_remove("ILN_CONFIG")
        .env("XDG_CONFIG_HOME", dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first, "id_a,id_b,score\n");
    // The reader is gone now.
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(out.status.code(), Some(101), "{err}");
}

/// Only `iln demo` and the app create a database; any other command refuses a path where
/// there is none, naming it, and creates nothing. What iln creates is its owner's alone,
/// whatever the umask (the tests run under the usual 022).
#[cfg(unix)]
#[test]
fn a_mistyped_path_is_refused_and_new_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("nowhere").join("typo.db");
    for args in [
        vec!["backup", "b.db"],
        vec!["round", "list"],
        vec!["match", "--round", "2027 A"],
    ] {
        let out = iln(&typo, &args);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("there is no database at") && err.contains("typo.db"),
            "{err}"
        );
    }
    assert!(!dir.path().join("nowhere").exists(), "nothing created");
    let out = iln(dir.path(), &["round", "list"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is a folder; name the database file"), "{err}");

    let db = dir.path().join("new").join("iln.db");
    ok(iln(&db, &["demo", "--applicants", "20"]));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(&dir.path().join("new")), 0o700);
    let backup = dir.path().join("backup.db");
    ok(iln(&db, &["backup", backup.to_str().unwrap()]));
    assert_eq!(
        mode(&backup),
        0o600,
        "a backup holds the same personal data"
    );
    iln::store::Store::open(&backup)
        .unwrap()
        .round_by_name("2027 A")
        .unwrap();
    // While a connection writes, its -wal and -shm files are there: private too.
    let mut store = iln::store::Store::open(&db).unwrap();
    let settings = store.program_settings().unwrap();
    store.set_program_settings(&settings).unwrap();
    for suffix in ["-wal", "-shm"] {
        let side = dir.path().join("new").join(format!("iln.db{suffix}"));
        assert_eq!(mode(&side), 0o600, "{}", side.display());
    }
}

/// A database this user may read but not write is read as usual, and a change to it is
/// refused naming the file and which is read-only (the file, or its folder where SQLite
/// keeps the journal), never "not an iln database"; nothing changes. Root may write
/// anything, so as root the commands run as `nobody`.
#[test]
fn a_read_only_file_or_folder_is_said_as_such() {
    use std::os::unix::fs::PermissionsExt;
    let root = unsafe { libc::geteuid() } == 0;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("db");
    std::fs::create_dir(&folder).unwrap();
    let db = folder.join("iln.db");
    demo(&db, "20");
    let set = |p: &Path, mode: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    let as_reader = |args: &[&str]| {
        let mut command = if root {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(env!("CARGO_BIN_EXE_iln"));
            c
        } else {
            Command::new(env!("CARGO_BIN_EXE_iln"))
        };
        command
            .arg("--db")
            .arg(&db)
            .arg("--config")
            .arg(dir.path().join("none.toml"))
            .args(args)
            .env_remove("ILN_DB")
            .env("ILN_TODAY", "2026-11-20")
            .output()
            .expect("iln runs")
    };
    let before = ok(iln(&db, &["program"]));
    // (The test's own folder must let the other user through to the database.)
    set(dir.path(), 0o755);
    // Readable and not writable: root's file to nobody, or a file without its w bits.
    set(&db, if root { 0o644 } else { 0o444 });

    // The file read-only, its folder writable.
    set(&folder, 0o777);
    let listed = as_reader(&["round", "list"]);
    assert!(
        String::from_utf8_lossy(&listed.stdout).contains("2027 A"),
        "reading works: {}",
        String::from_utf8_lossy(&listed.stderr)
    );
    let out = as_reader(&["program", "--name", "Changed"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&*db.to_string_lossy()) && err.contains("the file is read-only for you"),
        "{err}"
    );

    // The folder read-only, with no journal files beside the database yet.
    for side in ["iln.db-wal", "iln.db-shm"] {
        let _ = std::fs::remove_file(folder.join(side));
    }
    set(&db, 0o666);
    set(&folder, 0o555);
    let out = as_reader(&["round", "list"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("is read-only for you, and SQLite keeps the database's journal")
            && !err.contains("not an iln database"),
        "{err}"
    );

    set(&folder, 0o700);
    set(&db, 0o600);
    assert_eq!(ok(iln(&db, &["program"])), before, "nothing changed");
}

/// Whatever a database from before the checks holds, and whatever a file's header says,
/// reaches the terminal escaped: no escape sequence, bell or bidirectional control gets
/// through, on standard output or in an error.
#[test]
fn data_reaches_the_terminal_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    demo(&db, "40");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE rounds SET name = 'Ana' || char(27) || ']0;title' || char(7) \
         || char(8238) || 'evil' || char(10) || 'Bcc: x' WHERE name = '2026 A'",
        [],
    )
    .unwrap();
    drop(conn);
    let clean = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes).into_owned();
        assert!(
            !text.chars().any(|c| iln::text::is_hidden(c) && c != '\n'),
            "{text:?}"
        );
        text
    };
    let said = clean(&ok(iln(&db, &["round", "list"])).into_bytes());
    assert!(
        said.contains("Ana\\u{1b}]0;title\\u{7}\\u{202e}evil"),
        "{said}"
    );
    let file = dir.path().join("odd.csv");
    std::fs::write(
        &file,
        "Name\u{1b}[2J,Where\u{202e}\nAna,NZ\n".to_string() + &"x,".repeat(5_000),
    )
    .unwrap();
    let out = iln(
        &db,
        &["import", file.to_str().unwrap(), "--round", "2027 A"],
    );
    assert!(!out.status.success());
    let err = clean(&out.stderr);
    assert!(err.contains("the row has 5001 fields"), "{err}");
    let out = iln(
        &db,
        &[
            "import",
            file.to_str().unwrap(),
            "--round",
            "2027 A",
            "--dry-run",
        ],
    );
    clean(&out.stdout);
    clean(&out.stderr);
}

/// A command that finds another iln writing says that it waits, and when the writer holds
/// on past the wait, says what happened and changes nothing; once the writer is done, the
/// same command goes through.
#[test]
fn a_command_waits_for_another_writer_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    demo(&db, "30");
    let writer = rusqlite::Connection::open(&db).unwrap();
    writer.execute_batch("BEGIN IMMEDIATE").unwrap();
    let out = iln(&db, &["round", "new", "2029 A", "--opens", "2028-11-01"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("another iln is writing to the database; waiting"),
        "{err}"
    );
    assert!(
        err.contains("kept the database busy") && err.contains("nothing was changed"),
        "{err}"
    );
    writer.execute_batch("ROLLBACK").unwrap();
    drop(writer);
    let store = iln::store::Store::open(&db).unwrap();
    assert!(
        store.round_by_name("2029 A").is_err(),
        "nothing was created"
    );
    drop(store);
    let out = iln(&db, &["round", "new", "2029 A", "--opens", "2028-11-01"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("waiting"));
}

/// Erasing someone in a running partnership says what is left to do: the erased are sent
/// nothing, so their partner needs a new match.
#[test]
fn erasing_someone_in_a_running_partnership_says_to_rematch_their_partner() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    ok(iln(&db, &["demo", "--applicants", "40", "--seed", "4"]));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (email, round): (String, String) = conn
        .query_row(
            "SELECT p.email, r.name FROM people p
             JOIN applications a ON a.person_id = p.id
             JOIN partnership_members m ON m.application_id = a.id
             JOIN partnerships ps ON ps.id = m.partnership_id
             JOIN rounds r ON r.id = ps.round_id
             WHERE ps.status = 'active' LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    drop(conn);
    let running = format!("They are in a running partnership in {round}");
    let asked = ok(iln(&db, &["person", "erase", &email]));
    assert!(asked.contains(&running), "{asked}");
    let done = ok(iln(&db, &["person", "erase", &email, "--yes"]));
    assert!(done.contains("erased person"), "{done}");
    assert!(done.contains(&running), "{done}");
    assert!(done.contains("rematch their partner"), "{done}");
}
