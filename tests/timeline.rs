//! Two overlapping rounds on an injected calendar, through the commands a coordinator runs
//! (each with its own `ILN_TODAY`) and, for what only the app does, the store the app uses:
//! A opens, imports, caps, closes, matches and publishes; someone withdraws and their
//! partner joins a running pair; a problem is settled; B opens from A in A's last month,
//! inviting A's deferred and unmatched; A's term passes and the date alone ends it; an
//! invitation answered by B's import gets priority. Every refused move says why.

use std::path::Path;
use std::process::{Command, Output};

use chrono::NaiveDate;
use iln::domain::{ApplicationStatus, PartnershipStatus, RoundStatus};
use iln::ops::candidates;
use iln::store::{ProblemKind, ProblemOutcome, Store};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// `iln` on `today`.
fn iln_on(today: &str, db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iln"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ILN_DB")
        .env("ILN_TODAY", today)
        .env_remove("ILN_CONFIG")
        .env("XDG_CONFIG_HOME", db.parent().unwrap())
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

fn refused(out: Output) -> String {
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr).unwrap()
}

/// A survey export of `people` (name, e-mail, country, languages), shaped as a form tool
/// writes it.
fn survey(path: &Path, people: &[(&str, &str, &str, &str)]) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record([
        "Timestamp",
        "Email Address",
        "What is your full name?",
        "Which country do you work in?",
        "Which library sector do you work in?",
        "Which career stage are you at?",
        "Which languages could you use with your partner? (select all that apply)",
        "Do you agree to follow the code of conduct?",
    ])
    .unwrap();
    for (name, email, country, languages) in people {
        w.write_record([
            "2027/01/10 9:30:00 AM",
            email,
            name,
            country,
            "Public",
            "Mid career (5-15 years)",
            languages,
            "Yes",
        ])
        .unwrap();
    }
    w.flush().unwrap();
}

fn round_json(today: &str, db: &Path, name: &str) -> serde_json::Value {
    let listed: serde_json::Value =
        serde_json::from_str(&ok(iln_on(today, db, &["round", "list", "--json"]))).unwrap();
    listed
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .cloned()
        .unwrap_or_else(|| panic!("no round {name} in {listed}"))
}

#[test]
fn two_overlapping_rounds_from_opening_to_the_end_by_the_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("iln.db");
    Store::open(&db).unwrap();

    // January: A opens and takes eleven applications, four of them from New Zealand.
    let jan = "2027-01-04";
    let said = ok(iln_on(
        jan,
        &db,
        &["round", "new", "2027 A", "--opens", jan],
    ));
    assert!(
        said.contains("partnerships 2027-02-15 to 2027-06-15"),
        "{said}"
    );
    let a_csv = dir.path().join("a.csv");
    survey(
        &a_csv,
        &[
            (
                "Aroha Ngata",
                "aroha@lib.example.nz",
                "New Zealand",
                "English",
            ),
            ("Mere Tane", "mere@lib.example.nz", "New Zealand", "English"),
            (
                "Hemi Walker",
                "hemi@lib.example.nz",
                "New Zealand",
                "English",
            ),
            (
                "Kiri Smith",
                "kiri@lib.example.nz",
                "New Zealand",
                "English",
            ),
            (
                "Wanjiru Kamau",
                "wanjiru@lib.example.ke",
                "Kenya",
                "English, Swahili",
            ),
            (
                "Otieno Odhiambo",
                "otieno@lib.example.ke",
                "Kenya",
                "English",
            ),
            (
                "Dora Rojas",
                "dora@lib.example.cl",
                "Chile",
                "Spanish, English",
            ),
            ("Pablo Soto", "pablo@lib.example.cl", "Chile", "English"),
            (
                "Amelia Hughes",
                "amelia@lib.example.uk",
                "United Kingdom",
                "English",
            ),
            ("Kenji Sato", "kenji@lib.example.jp", "Japan", "English"),
            ("Emi Tanaka", "emi@lib.example.jp", "Japan", "Japanese"),
        ],
    );
    ok(iln_on(
        jan,
        &db,
        &["import", a_csv.to_str().unwrap(), "--round", "2027 A"],
    ));
    // Closing with pending applications is refused, saying how many.
    let err = refused(iln_on(jan, &db, &["round", "advance", "2027 A"]));
    assert!(err.contains("11 applications are still pending"), "{err}");
    // Matching is refused while applications are open.
    let err = refused(iln_on(jan, &db, &["match", "--round", "2027 A"]));
    assert!(err.contains("2027 A"), "{err}");

    // February: the cap (20% of 11: two per country) defers two New Zealanders; A closes,
    // is matched and published.
    let feb = "2027-02-08";
    let said = ok(iln_on(feb, &db, &["cap", "--round", "2027 A"]));
    assert!(said.contains("2 deferred"), "{said}");
    assert_eq!(
        ok(iln_on(feb, &db, &["round", "advance", "2027 A"])).trim(),
        "moved 2027 A from open to closed"
    );
    let err = refused(iln_on(feb, &db, &["publish", "--round", "2027 A"]));
    assert!(err.contains("no draft to publish in 2027 A"), "{err}");
    ok(iln_on(feb, &db, &["match", "--round", "2027 A"]));
    let err = refused(iln_on(feb, &db, &["round", "advance", "2027 A"]));
    assert!(
        err.contains("when its draft of 4 partnerships is published"),
        "{err}"
    );
    ok(iln_on(feb, &db, &["publish", "--round", "2027 A"]));
    let a = round_json(feb, &db, "2027 A");
    assert_eq!(a["stage"], "active");
    assert_eq!(a["counts"]["deferred"], 2);
    assert_eq!(a["counts"]["matched"], 8);
    assert_eq!(
        a["counts"]["unmatched"], 1,
        "Emi shares a language with nobody"
    );
    // Applications of a running round are no longer capped away: partnered people stay.
    let said = ok(iln_on(feb, &db, &["cap", "--round", "2027 A"]));
    assert!(said.contains("nothing changed"), "{said}");

    // March, in the app: Kenji withdraws; his partner joins a running pair as its third
    // member, there being nobody in the pool to pair with; a problem is logged and resolved.
    {
        let mut store = Store::open(&db).unwrap();
        let round = store.round_by_name("2027 A").unwrap().id;
        let apps = store.applications(round).unwrap();
        let by_name = |name: &str| apps.iter().find(|a| a.form.name == name).unwrap().clone();
        let kenji = by_name("Kenji Sato");
        let his = store
            .partnerships(round)
            .unwrap()
            .into_iter()
            .find(|p| p.members.contains(&kenji.id))
            .unwrap();
        let partner = *his.members.iter().find(|&&m| m != kenji.id).unwrap();
        store
            .withdraw_from_partnership(kenji.id, kenji.version, &his, d("2027-03-01"))
            .unwrap();
        let ended = store.partnership(his.id).unwrap();
        assert_eq!(ended.status, PartnershipStatus::EndedEarly);
        assert_eq!(ended.end_reason.as_deref(), Some("withdrawal"));
        let offered = candidates::ranked(&store, round, partner, 10).unwrap();
        let pair = offered
            .iter()
            .find_map(|c| c.joins.clone())
            .expect("a running pair to join");
        store.join_partnership(&pair, partner).unwrap();
        assert_eq!(store.partnership(pair.id).unwrap().members.len(), 3);

        let running = store.partnership(pair.id).unwrap();
        let problem = store
            .log_problem(
                &running,
                ProblemKind::Unresponsive,
                "No reply since the second week",
                Some(d("2027-03-15")),
                d("2027-03-08"),
            )
            .unwrap();
        store
            .settle_problem(
                &problem,
                ProblemOutcome::Resolved,
                "Talking again",
                d("2027-03-20"),
            )
            .unwrap();
        assert!(store.problems(round).unwrap()[0].settled.is_some());
    }

    // May, A's last month: B opens from A, inviting the two deferred and Emi, unmatched.
    let may = "2027-05-24";
    let said = ok(iln_on(
        may,
        &db,
        &["round", "new", "2027 B", "--opens", may, "--from", "2027 A"],
    ));
    assert!(
        said.contains("2 deferred") && said.contains("1 left unmatched"),
        "{said}"
    );
    assert!(
        said.contains("0 whose partnership ended early"),
        "rematched: {said}"
    );
    assert_eq!(round_json(may, &db, "2027 A")["stage"], "active");
    let b = round_json(may, &db, "2027 B");
    assert_eq!(b["stage"], "open");
    assert_eq!(b["counts"]["invited"], 3);

    // B's import: one of those A deferred applies again (their address typed in capitals
    // this time); and someone new.
    let again = {
        let store = Store::open(&db).unwrap();
        let round = store.round_by_name("2027 A").unwrap().id;
        let apps = store.applications(round).unwrap();
        let deferred = apps
            .iter()
            .find(|a| a.status == ApplicationStatus::Deferred)
            .unwrap();
        (
            deferred.form.name.clone(),
            deferred.form.email.to_uppercase(),
        )
    };
    let b_csv = dir.path().join("b.csv");
    survey(
        &b_csv,
        &[
            (&again.0, &again.1, "New Zealand", "English"),
            (
                "Sofia Lopes",
                "sofia@lib.example.pt",
                "Portugal",
                "Portuguese, English",
            ),
        ],
    );
    let said = ok(iln_on(
        may,
        &db,
        &["import", b_csv.to_str().unwrap(), "--round", "2027 B"],
    ));
    assert!(
        said.contains("2 new"),
        "an answered invitation counts as new: {said}"
    );
    let b = round_json(may, &db, "2027 B");
    assert_eq!(b["counts"]["invited"], 2);
    assert_eq!(b["counts"]["pending"], 2);
    {
        let store = Store::open(&db).unwrap();
        let round = store.round_by_name("2027 B").unwrap().id;
        let apps = store.applications(round).unwrap();
        let back = apps.iter().find(|a| a.form.name == again.0).unwrap();
        assert_eq!(back.status, ApplicationStatus::Pending);
        assert!(back.form.priority, "an answered invitation gets priority");
        let sofia = apps.iter().find(|a| a.form.name == "Sofia Lopes").unwrap();
        assert!(!sofia.form.priority);
    }

    // June 15, A's end: any command on that day ends A's partnerships and A, by the date.
    let end = "2027-06-15";
    let a = round_json("2027-06-14", &db, "2027 A");
    assert_eq!(a["stage"], "active", "not the day before");
    let a = round_json(end, &db, "2027 A");
    assert_eq!(a["stage"], "ended");
    {
        let store = Store::open(&db).unwrap();
        let round = store.round_by_name("2027 A").unwrap();
        assert_eq!(round.plan.status, RoundStatus::Ended);
        for p in store.partnerships(round.id).unwrap() {
            match p.status {
                PartnershipStatus::Ended => assert_eq!(p.ends_on, Some(d(end))),
                PartnershipStatus::EndedEarly => assert_eq!(p.ends_on, Some(d("2027-03-01"))),
                other => panic!("{other:?} after the end"),
            }
        }
        assert_eq!(
            store.round_by_name("2027 B").unwrap().plan.status,
            RoundStatus::Open
        );
    }
    // An ended round only reads.
    let err = refused(iln_on(end, &db, &["round", "advance", "2027 A"]));
    assert!(err.contains("nothing in it changes"), "{err}");
    let err = refused(iln_on(end, &db, &["cap", "--round", "2027 A"]));
    assert!(err.contains("2027 A has ended"), "{err}");
    let err = refused(iln_on(end, &db, &["match", "--round", "2027 A"]));
    assert!(err.contains("2027 A"), "{err}");
}
