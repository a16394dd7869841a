//! Solves a CSV graph (id_a,id_b,score, as `iln export candidates` writes) with iln's solver
//! in max-cardinality mode and prints the total weight, pairs and median seconds as JSON.
//! Used by bench/peers.sh to time iln beside other tools on the same input.
//!
//! `cargo run --release --example solve_graph -- FILE [--runs N]`

use std::collections::BTreeMap;
use std::time::Instant;

use iln::engine::solver::{self, Control, Mode};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.first().ok_or("usage: solve_graph FILE [--runs N]")?;
    let runs: usize = match args.iter().position(|a| a == "--runs") {
        Some(i) => args.get(i + 1).ok_or("--runs needs a number")?.parse()?,
        None => 5,
    };
    let mut reader = csv::Reader::from_path(path)?;
    let mut index = BTreeMap::new();
    let mut edges = Vec::new();
    for row in reader.records() {
        let row = row?;
        let a: i64 = row[0].parse()?;
        let b: i64 = row[1].parse()?;
        let w: i64 = row[2].parse()?;
        let next = index.len();
        let u = *index.entry(a).or_insert(next);
        let next = index.len();
        let v = *index.entry(b).or_insert(next);
        edges.push((u, v, w));
    }
    let mut times = Vec::new();
    let mut result = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let m = solver::solve(index.len(), &edges, Mode::MaxCardinality, &mut |_| {
            Control::Continue
        })
        .map_err(|_| "cancelled")?;
        times.push(start.elapsed().as_secs_f64());
        result = Some(m);
    }
    times.sort_by(f64::total_cmp);
    let m = result.expect("at least one run");
    println!(
        "{{\"weight\": {}, \"pairs\": {}, \"median_seconds\": {:.6}}}",
        m.weight,
        m.pairs().len(),
        times[times.len() / 2]
    );
    Ok(())
}
