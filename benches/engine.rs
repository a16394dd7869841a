//! Matching engine benchmarks on demo rounds of 1,000, 3,000 and 10,000 applicants.
//!
//! `cargo bench --bench engine`; `ILN_BENCH_SIZES=1000,3000` picks sizes.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

use iln::demo::{self, DemoOptions};
use iln::store::Store;

fn sizes() -> Vec<usize> {
    std::env::var("ILN_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 3_000, 10_000])
}

fn demo_store(applicants: usize) -> Store {
    let mut store = Store::open_in_memory().expect("in-memory store");
    demo::populate(
        &mut store,
        &DemoOptions {
            applicants,
            seed: 1,
            over_cap: false,
        },
    )
    .expect("demo data");
    store
}

fn engine(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine");
    group.sample_size(10);
    for n in sizes() {
        let store = demo_store(n);
        let round = store
            .round_by_name(demo::CURRENT_ROUND)
            .expect("demo round");
        group.bench_with_input(BenchmarkId::new("load", n), &n, |b, _| {
            b.iter(|| black_box(store.applications(round.id).expect("applications")))
        });
    }
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
