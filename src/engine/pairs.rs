//! Passes over every pair of a round, split over the machine's cores, and the table that
//! keeps every pair's score. A round of 10,000 applicants has 50 million pairs: they are
//! scored once, in parallel, and pricing and diagnostics read the table after that.

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

/// Every pair's score (or "not allowed"), filled once by [`PairTable::fill`]. Scores are
/// stored in 16 bits when the weights bound them below 65,535 (the defaults bound them
/// near 500), so 10,000 applicants take 100 MB; larger weights take 32 bits.
pub struct PairTable {
    n: usize,
    cells: Cells,
}

enum Cells {
    /// 0: not allowed; otherwise score + 1.
    Narrow(Vec<u16>),
    /// -1: not allowed; otherwise the score.
    Wide(Vec<i32>),
}

trait Cell: Copy + Send + Sync {
    const EMPTY: Self;
    fn store(score: Option<i64>) -> Self;
    fn load(self) -> Option<i64>;
}

impl Cell for u16 {
    const EMPTY: u16 = 0;
    fn store(score: Option<i64>) -> u16 {
        debug_assert!(score.is_none_or(|s| (0..u16::MAX as i64).contains(&s)));
        score.map_or(0, |s| s as u16 + 1)
    }
    fn load(self) -> Option<i64> {
        (self != 0).then(|| self as i64 - 1)
    }
}

impl Cell for i32 {
    const EMPTY: i32 = -1;
    fn store(score: Option<i64>) -> i32 {
        debug_assert!(score.is_none_or(|s| (0..i32::MAX as i64).contains(&s)));
        score.map_or(-1, |s| s as i32)
    }
    fn load(self) -> Option<i64> {
        (self >= 0).then_some(self as i64)
    }
}

impl PairTable {
    /// Scores every pair `i < j < n` with `score` (scores from 0 to `bound`) and calls
    /// `visit(state, i, j, score)` on each, each thread with its own state made by `init`;
    /// returns the table and the states in range order.
    pub fn fill<T: Send>(
        n: usize,
        bound: i64,
        score: impl Fn(usize, usize) -> Option<i64> + Sync,
        init: impl Fn() -> T + Sync,
        visit: impl Fn(&mut T, usize, usize, Option<i64>) + Sync,
    ) -> (PairTable, Vec<T>) {
        assert!(
            (0..i32::MAX as i64).contains(&bound),
            "scores fit in 32 bits"
        );
        if bound < u16::MAX as i64 {
            let (cells, states) = fill_cells::<u16, T>(n, &score, &init, &visit);
            (
                PairTable {
                    n,
                    cells: Cells::Narrow(cells),
                },
                states,
            )
        } else {
            let (cells, states) = fill_cells::<i32, T>(n, &score, &init, &visit);
            (
                PairTable {
                    n,
                    cells: Cells::Wide(cells),
                },
                states,
            )
        }
    }

    /// The score of pair `i`, `j` (either order), `None` if not allowed.
    pub fn get(&self, i: usize, j: usize) -> Option<i64> {
        if i == j {
            return None;
        }
        let at = cell_index(self.n, i.min(j), i.max(j));
        match &self.cells {
            Cells::Narrow(c) => c[at].load(),
            Cells::Wide(c) => c[at].load(),
        }
    }

    /// Calls `visit(state, i, j, score)` for every allowed pair `i < j`, each thread with
    /// its own state made by `init`; returns the states in range order (so results are
    /// deterministic).
    pub fn for_each_allowed<T: Send>(
        &self,
        init: impl Fn() -> T + Sync,
        visit: impl Fn(&mut T, usize, usize, i64) + Sync,
    ) -> Vec<T> {
        match &self.cells {
            Cells::Narrow(c) => visit_cells(self.n, c, init, visit),
            Cells::Wide(c) => visit_cells(self.n, c, init, visit),
        }
    }
}

/// Where row `i` (the pairs `i < j`) starts; rows are laid one after the other, and row
/// `n` is the end of the table.
fn row_start(n: usize, i: usize) -> usize {
    if i == 0 { 0 } else { i * (2 * n - i - 1) / 2 }
}

fn cell_index(n: usize, i: usize, j: usize) -> usize {
    row_start(n, i) + (j - i - 1)
}

fn fill_cells<C: Cell, T: Send>(
    n: usize,
    score: &(impl Fn(usize, usize) -> Option<i64> + Sync),
    init: &(impl Fn() -> T + Sync),
    visit: &(impl Fn(&mut T, usize, usize, Option<i64>) + Sync),
) -> (Vec<C>, Vec<T>) {
    let mut cells = vec![C::EMPTY; n * n.saturating_sub(1) / 2];
    let ranges = balanced_ranges(n, if n < 400 { 1 } else { threads() });
    // Each thread owns the rows of its range: a contiguous slice of the table.
    let mut slices = Vec::with_capacity(ranges.len());
    let mut rest: &mut [C] = &mut cells;
    for range in &ranges {
        let len = row_start(n, range.end) - row_start(n, range.start);
        let (head, tail) = rest.split_at_mut(len);
        slices.push(head);
        rest = tail;
    }
    let states = thread::scope(|s| {
        let handles: Vec<_> = ranges
            .into_iter()
            .zip(slices)
            .map(|(range, slice)| {
                s.spawn(move || {
                    let mut state = init();
                    let mut at = 0;
                    for i in range {
                        for j in i + 1..n {
                            let sc = score(i, j);
                            slice[at] = C::store(sc);
                            at += 1;
                            visit(&mut state, i, j, sc);
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
    });
    (cells, states)
}

fn visit_cells<C: Cell, T: Send>(
    n: usize,
    cells: &[C],
    init: impl Fn() -> T + Sync,
    visit: impl Fn(&mut T, usize, usize, i64) + Sync,
) -> Vec<T> {
    let ranges = balanced_ranges(n, if n < 400 { 1 } else { threads() });
    thread::scope(|s| {
        let handles: Vec<_> = ranges
            .into_iter()
            .map(|range| {
                let (init, visit) = (&init, &visit);
                s.spawn(move || {
                    let mut state = init();
                    for i in range {
                        let row = &cells[row_start(n, i)..row_start(n, i + 1)];
                        for (j, cell) in (i + 1..n).zip(row) {
                            if let Some(score) = cell.load() {
                                visit(&mut state, i, j, score);
                            }
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
    fn every_pair_is_scored_once_and_read_back() {
        // A made-up score: some pairs not allowed, the rest i + 2j; both cell widths.
        let score = |i: usize, j: usize| (!(i + j).is_multiple_of(7)).then_some((i + 2 * j) as i64);
        for bound in [5_000, 100_000] {
            for n in [0, 1, 2, 5, 450, 997] {
                let (table, counts) = PairTable::fill(
                    n,
                    bound,
                    score,
                    || 0usize,
                    |c, i, j, s| {
                        assert!(i < j && j < n);
                        assert_eq!(s, score(i, j));
                        *c += 1;
                    },
                );
                assert_eq!(counts.iter().sum::<usize>(), n * n.saturating_sub(1) / 2);
                for i in 0..n.min(40) {
                    for j in 0..n {
                        let expected = if i == j {
                            None
                        } else {
                            score(i.min(j), i.max(j))
                        };
                        assert_eq!(table.get(i, j), expected, "n {n} pair {i} {j}");
                    }
                }
                let allowed = table.for_each_allowed(Vec::new, |seen, i, j, s| {
                    assert_eq!(Some(s), score(i, j));
                    seen.push((i, j));
                });
                let allowed: Vec<_> = allowed.into_iter().flatten().collect();
                let expected: Vec<_> = (0..n)
                    .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
                    .filter(|&(i, j)| score(i, j).is_some())
                    .collect();
                assert_eq!(allowed, expected);
            }
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
