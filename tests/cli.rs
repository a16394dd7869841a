//! The `iln` binary run as a coordinator would: demo data, `iln match` (text and JSON),
//! `iln export candidates`, and the refusals that must leave the database unchanged.

use std::path::Path;
use std::process::{Command, Output};

fn iln(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iln"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ILN_DB")
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
        &["demo", "--applicants", applicants, "--seed", "4"],
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
    drop(store);
    let again: serde_json::Value =
        serde_json::from_str(&ok(iln(&db, &["match", "--round", "2027 A", "--json"]))).unwrap();
    assert_eq!(again["replaced_drafts"].as_u64().unwrap(), pairs + trios);
    assert_eq!(again["matching_weight"], json["matching_weight"]);

    let text = ok(iln(&db, &["match", "--round", "2027 A"]));
    assert!(text.contains("pairs"), "{text}");
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
    assert!(err.contains("most-matched or highest-total"), "{err}");
    let out = iln(&db, &["demo"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--db") && err.contains("--force"), "{err}");

    let store = iln::store::Store::open(&db).unwrap();
    let round = store.round_by_name("2027 A").unwrap();
    assert!(store.partnerships(round.id).unwrap().is_empty());
}
