//! Passes over every pair of a round, split over the machine's cores. A round of 10,000
//! applicants has 50 million pairs, so the two passes that must see them all — building
//! candidate lists and pricing left-out pairs — share this one parallel loop.

use std::thread;

/// Splits `0..n` into `parts` ranges of `i` holding about equal numbers of pairs `(i, j > i)`.
fn balanced_ranges(n: usize, parts: usize) -> Vec<std::ops::Range<usize>> {
    let total = n * n.saturating_sub(1) / 2;
    let mut ranges = Vec::with_capacity(parts);
    let mut start = 0;
    let mut acc = 0;
    for i in 0..n {
        acc += n - 1 - i;
        if ranges.len() + 1 < parts && acc * parts >= total * (ranges.len() + 1) {
            ranges.push(start..i + 1);
            start = i + 1;
        }
    }
    ranges.push(start..n);
    ranges
}

/// How many threads pair passes use.
pub fn threads() -> usize {
    thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
}

/// Calls `visit(state, i, j)` for every pair `i < j < n`, each thread with its own state
/// made by `init`; returns the states in range order (so results are deterministic).
pub fn for_each_pair<T: Send>(
    n: usize,
    init: impl Fn() -> T + Sync,
    visit: impl Fn(&mut T, usize, usize) + Sync,
) -> Vec<T> {
    let ranges = balanced_ranges(n, if n < 400 { 1 } else { threads() });
    if ranges.len() == 1 {
        let mut state = init();
        for i in 0..n {
            for j in i + 1..n {
                visit(&mut state, i, j);
            }
        }
        return vec![state];
    }
    thread::scope(|s| {
        let handles: Vec<_> = ranges
            .into_iter()
            .map(|range| {
                let (init, visit) = (&init, &visit);
                s.spawn(move || {
                    let mut state = init();
                    for i in range {
                        for j in i + 1..n {
                            visit(&mut state, i, j);
                        }
                    }
                    state
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("pair pass thread"))
            .collect()
    })
}

/// The `k` best entries seen, best first: highest score, then lowest index.
#[derive(Clone, Debug, Default)]
pub struct TopK {
    items: Vec<(i64, u32)>,
}

impl TopK {
    fn better(a: (i64, u32), b: (i64, u32)) -> bool {
        a.0 > b.0 || (a.0 == b.0 && a.1 < b.1)
    }

    pub fn offer(&mut self, k: usize, score: i64, index: u32) {
        let item = (score, index);
        if self.items.len() == k {
            if !Self::better(item, self.items[k - 1]) {
                return;
            }
            self.items.pop();
        }
        let at = self
            .items
            .iter()
            .position(|&x| Self::better(item, x))
            .unwrap_or(self.items.len());
        self.items.insert(at, item);
    }

    pub fn merge(&mut self, k: usize, other: &TopK) {
        for &(s, i) in &other.items {
            self.offer(k, s, i);
        }
    }

    pub fn items(&self) -> &[(i64, u32)] {
        &self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pair_once() {
        for n in [0, 1, 2, 5, 450, 997] {
            let counts = for_each_pair(
                n,
                || 0usize,
                |c, i, j| {
                    assert!(i < j && j < n);
                    *c += 1;
                },
            );
            assert_eq!(counts.iter().sum::<usize>(), n * n.saturating_sub(1) / 2);
        }
        let r = balanced_ranges(1000, 2);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].start, 0);
        assert_eq!(r[1].end, 1000);
    }

    #[test]
    fn top_k_keeps_the_best_with_ties_by_index() {
        let mut t = TopK::default();
        for (s, i) in [(5, 9), (7, 3), (5, 2), (1, 1), (7, 1)] {
            t.offer(3, s, i);
        }
        assert_eq!(t.items(), &[(7, 1), (7, 3), (5, 2)]);
    }
}
