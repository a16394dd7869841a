//! Matching engine benchmarks on demo rounds of 1,000, 3,000 and 10,000 applicants:
//! scoring every pair into candidate lists, solving the candidate graph, solving the final
//! graph pricing ends with (candidates plus every pair pricing added: the hard solve), and
//! the whole match (scoring, solving, pricing to the certificate, trios, diagnostics).
//!
//! `cargo bench --bench engine`; `ILN_BENCH_SIZES=1000,3000` picks sizes.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::collections::HashMap;
use std::hint::black_box;

use iln::demo::{self, DemoOptions};
use iln::domain::ApplicationId;
use iln::engine::round::candidate_graph;
use iln::engine::solver::{self, Control, Mode};
use iln::ops::matching;
use iln::store::Store;

fn sizes() -> Vec<usize> {
    std::env::var("ILN_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 3_000, 10_000])
}

fn prepared(applicants: usize) -> matching::Prepared {
    let mut store = Store::open_in_memory().expect("in-memory store");
    demo::populate(
        &mut store,
        &DemoOptions {
            applicants,
            ..DemoOptions::ready_to_match(iln::clock::today())
        },
    )
    .expect("demo data");
    let round = store
        .rounds()
        .expect("rounds")
        .into_iter()
        .find(|r| r.plan.status == iln::domain::RoundStatus::Closed)
        .expect("the demo's round to match");
    matching::prepare(&store, round.id).expect("prepare")
}

fn engine(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine");
    group.sample_size(10);
    for n in sizes() {
        let p = prepared(n);
        let scorer = p.scorer();
        let k = p.settings.rules.candidates;
        group.bench_with_input(BenchmarkId::new("score", n), &n, |b, _| {
            b.iter(|| black_box(candidate_graph(&scorer, k)))
        });
        let edges = candidate_graph(&scorer, k);
        group.bench_with_input(BenchmarkId::new("solve", n), &n, |b, _| {
            b.iter(|| {
                black_box(
                    solver::solve(scorer.len(), &edges, Mode::MaxCardinality, &mut |_| {
                        Control::Continue
                    })
                    .expect("not cancelled"),
                )
            })
        });
        let outcome = matching::solve(&p, &mut |_| Control::Continue).expect("solved");
        let index: HashMap<ApplicationId, usize> = scorer
            .applicants
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id, i))
            .collect();
        let priced: Vec<(usize, usize, i64)> = outcome
            .solver_graph
            .iter()
            .map(|&(a, b, w)| (index[&a], index[&b], w))
            .collect();
        group.bench_with_input(BenchmarkId::new("solve-priced", n), &n, |b, _| {
            b.iter(|| {
                black_box(
                    solver::solve(scorer.len(), &priced, Mode::MaxCardinality, &mut |_| {
                        Control::Continue
                    })
                    .expect("not cancelled"),
                )
            })
        });
        group.bench_with_input(BenchmarkId::new("match", n), &n, |b, _| {
            b.iter(|| black_box(matching::solve(&p, &mut |_| Control::Continue).expect("solved")))
        });
    }
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
