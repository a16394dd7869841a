//! Exact maximum-weight matching on general graphs, with an optimality certificate.
//!
//! This is Edmonds' weighted blossom algorithm in the primal-dual form described by Galil
//! ("Efficient algorithms for finding maximum matching in graphs", 1986): the solver keeps a
//! matching and a feasible dual solution — one value per vertex and one per odd set
//! ("blossom") — and alternates between growing alternating trees on tight edges and
//! changing the duals, until complementary slackness holds. The duals are returned with the
//! matching, so the caller can price edges that were never given to the solver.
//!
//! # Scale of the duals
//!
//! Everything dual is reported **doubled**, so that no halves appear with integer weights:
//! `vertex_duals[v] = 2·y_v`, `Blossom::z = 2·z_B`, and [`Matching::slack`] returns
//! `2·(y_u + y_v + Σ_{B ∋ u,v} z_B − w')`, where `w'` is the weight under the objective
//! actually solved (see below).
//!
//! # The two objectives and why the duals certify them
//!
//! * [`Mode::MaxWeight`] maximises the total weight. Edges of weight ≤ 0 can never raise
//!   the total, so they are left out of the search (their slack is ≥ 0 under any
//!   non-negative duals, so they never violate the certificate). `w' = w`.
//! * [`Mode::MaxCardinality`] first maximises the number of pairs, then the weight. It is
//!   solved as plain maximum weight on `w' = w + C` with `C = n·W + 1`, where `W` is the
//!   largest `|w|` of the graph (the bonus is stored in [`Matching::cardinality_bonus`]).
//!   Two matchings differ in weight by at most `(|M| + |M'|)·W ≤ n·W < C`, so one more pair
//!   is always worth more than any weight difference: a maximum-`w'` matching has maximum
//!   cardinality, and among those maximum `w`. Every `w' > 0`, so all edges take part.
//!
//! In both modes the returned duals satisfy: `y ≥ 0`, `z ≥ 0`, slack ≥ 0 on every edge,
//! slack = 0 on matched edges, `y = 0` on exposed vertices, and every blossom with `z > 0`
//! holds `(|B| − 1)/2` matched edges. By weak LP duality any matching `M'` of any graph on
//! which all slacks are ≥ 0 has `w'(M') ≤ Σ y + Σ z·⌊|B|/2⌋ = w'(M)`, the equality coming
//! from complementary slackness. The slackness conditions concern only `M`, its exposed
//! vertices and the blossoms, not the edge set; so if a matching solved on a sparse subgraph
//! has no negative-slack pair in the full graph, it is optimal on the full graph. In
//! max-cardinality mode the bonus must also be large enough for the full graph: a pair whose
//! `|w|` is too large for the stored bonus is reported as violating (slack
//! [`Weight::MIN`]), so adding it and solving again picks a larger bonus.
//! [`verify_optimality`] checks all of these conditions on a given edge set.
//!
//! # Input conventions
//!
//! Vertices are `0..n`; edges are `(u, v, w)` in any order. Self-loops are ignored. If a
//! pair appears more than once, the largest weight counts (a matching may use the pair at
//! most once, so the best copy is the only one that matters).
//!
//! # How it runs, and what it costs
//!
//! The structure is the classic one (labels S and T, a forest of alternating trees grown
//! from every exposed vertex at once, blossoms shrunk as they are found and expanded when
//! their dual reaches zero, four kinds of dual change). Every vertex dual starts at the
//! largest weight, so all exposed vertices always share one dual and every change is an
//! integer. Three things keep it fast on the sparse graphs the engine gives it:
//!
//! * Exposed vertices joined by an edge of the top weight are matched before any search.
//! * The forest is kept across augmentations. The textbook version starts over after each
//!   augmenting path, rescanning every edge of every exposed vertex; here only the two
//!   trees that met are taken apart, and what the other trees had recorded about them
//!   (least-slack edges, tight edges, marks inside inner blossoms) is recomputed.
//! * Dual changes and the next-event search visit only the vertices and blossoms that were
//!   ever labelled, not the whole graph.
//!
//! Nothing recurses (nested blossoms use explicit stacks), so deep blossoms cannot overflow
//! a thread's stack. The result depends only on `n`, the set of edges and the mode: nothing
//! iterates over hash maps, ties are broken by position.

use std::cmp::Reverse;
use std::fmt;

/// Edge weights, duals and slacks.
pub type Weight = i64;

/// Duals and slacks are reported multiplied by this, so that they are integers: with
/// integer weights the true duals are multiples of 1/2.
pub const DUAL_SCALE: Weight = 2;

/// Which optimum to look for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The largest total weight. Edges of weight ≤ 0 are never used.
    MaxWeight,
    /// The most pairs; among matchings with the most pairs, the largest total weight.
    MaxCardinality,
}

/// How far a solve has come, reported to the progress callback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Augmenting paths found so far.
    pub augmentations: usize,
    /// Vertices currently matched.
    pub matched_vertices: usize,
    /// Vertices in the graph.
    pub vertices: usize,
}

/// What the progress callback wants the solver to do next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    /// Keep going.
    Continue,
    /// Stop as soon as possible; the solve returns [`Cancelled`].
    Cancel,
}

/// The solve was stopped by its progress callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cancelled;

impl fmt::Display for Cancelled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the matching was cancelled")
    }
}

impl std::error::Error for Cancelled {}

/// An odd set of vertices with a positive dual, part of the optimality certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blossom {
    /// The vertices of the blossom, ascending; always an odd number, at least three.
    pub members: Vec<usize>,
    /// The blossom's dual at [`DUAL_SCALE`] (`2·z_B`); positive.
    pub z: Weight,
}

/// A matching together with the duals that prove it optimal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matching {
    /// `mate[v]` is the vertex matched to `v`, if any.
    pub mate: Vec<Option<usize>>,
    /// The total (original) weight of the matched edges.
    pub weight: Weight,
    /// The objective that was solved.
    pub mode: Mode,
    /// The amount `C` added to every weight before solving: `n·W + 1` in max-cardinality
    /// mode 0 in max-weight mode.
    pub cardinality_bonus: Weight,
    /// Vertex duals at [`DUAL_SCALE`]: `vertex_duals[v] = 2·y_v ≥ 0`.
    pub vertex_duals: Vec<Weight>,
    /// Blossoms with a positive dual, outer blossoms before the blossoms nested in them.
    pub blossoms: Vec<Blossom>,
    /// `blossoms_of[blossom_start[v]..blossom_start[v + 1]]`: indices into `blossoms` of the
    /// blossoms that contain `v`, ascending (so outermost first), and at the same places in
    /// `z_within`, the sum of their duals from the outermost down to each one.
    blossom_start: Vec<u32>,
    blossoms_of: Vec<u32>,
    z_within: Vec<i128>,
}

impl Matching {
    /// The matched pairs `(u, v)` with `u < v`, sorted.
    pub fn pairs(&self) -> Vec<(usize, usize)> {
        self.mate
            .iter()
            .enumerate()
            .filter_map(|(u, m)| m.filter(|&v| u < v).map(|v| (u, v)))
            .collect()
    }

    /// The number of matched pairs.
    pub fn cardinality(&self) -> usize {
        self.mate.iter().flatten().count() / 2
    }

    /// The reduced cost of the pair `(u, v)` with weight `w` under the returned duals, at
    /// [`DUAL_SCALE`]: `2·(y_u + y_v + Σ_{B ∋ u,v} z_B − w')` with `w'` the weight under the
    /// objective solved. The pair need not have been in the solved graph.
    ///
    /// Negative means the pair could improve the matching (it violates the certificate);
    /// matched pairs have slack 0. In max-cardinality mode a pair with `n·|w|` at least the
    /// stored bonus cannot be certified and gets [`Weight::MIN`]. A self-loop never
    /// violates anything and gets [`Weight::MAX`].
    ///
    /// Runs in time proportional to how deeply `u` and `v` are nested in blossoms.
    ///
    /// # Panics
    /// If `u` or `v` is not a vertex of the solved graph.
    pub fn slack(&self, u: usize, v: usize, w: Weight) -> Weight {
        if u == v {
            return Weight::MAX;
        }
        let n = self.mate.len() as i128;
        let w = w as i128;
        let w_solved = match self.mode {
            Mode::MaxWeight => w,
            Mode::MaxCardinality => {
                if n * w.abs() >= self.cardinality_bonus as i128 {
                    return Weight::MIN;
                }
                w + self.cardinality_bonus as i128
            }
        };
        let s = self.vertex_duals[u] as i128 + self.vertex_duals[v] as i128 + self.common_z(u, v)
            - DUAL_SCALE as i128 * w_solved;
        s.clamp(Weight::MIN as i128, Weight::MAX as i128) as Weight
    }

    /// Whether the pair `(u, v)` with weight `w` violates the certificate: `slack < 0`.
    /// Blossom duals only add to the slack, so most pairs are settled by the vertex duals
    /// alone, without looking at blossoms; this is what pricing millions of pairs calls.
    pub fn violates(&self, u: usize, v: usize, w: Weight) -> bool {
        if u == v {
            return false;
        }
        let n = self.mate.len() as i128;
        let w = w as i128;
        let bonus = self.cardinality_bonus as i128;
        if self.mode == Mode::MaxCardinality && n * w.abs() >= bonus {
            return true;
        }
        let vertices = self.vertex_duals[u] as i128 + self.vertex_duals[v] as i128;
        let solved = DUAL_SCALE as i128 * (w + bonus);
        if vertices >= solved {
            return false;
        }
        // When both sit in the same outermost blossom, its dual alone often settles it.
        let outermost = self.common_outermost_z(u, v);
        outermost == 0 || (vertices + outermost < solved && vertices + self.common_z(u, v) < solved)
    }

    /// The dual of the outermost blossom holding both `u` and `v`, 0 if there is none.
    fn common_outermost_z(&self, u: usize, v: usize) -> i128 {
        let (su, sv) = (
            self.blossom_start[u] as usize,
            self.blossom_start[v] as usize,
        );
        let has = |x: usize, start: usize| self.blossom_start[x + 1] as usize > start;
        if has(u, su) && has(v, sv) && self.blossoms_of[su] == self.blossoms_of[sv] {
            self.z_within[su]
        } else {
            0
        }
    }

    /// The sum of the (scaled) duals of the blossoms containing both `u` and `v`. Blossoms
    /// are nested or disjoint and each vertex lists its own outermost first, so the common
    /// ones are a common start of both lists, found by bisection: pricing calls this for
    /// millions of pairs, some nested dozens of blossoms deep.
    fn common_z(&self, u: usize, v: usize) -> i128 {
        let range = |x: usize| self.blossom_start[x] as usize..self.blossom_start[x + 1] as usize;
        let (ru, rv) = (range(u), range(v));
        let (lu, lv) = (&self.blossoms_of[ru.clone()], &self.blossoms_of[rv]);
        if lu.is_empty() || lv.is_empty() || lu[0] != lv[0] {
            return 0;
        }
        // The number of common blossoms: lists agree exactly on a prefix.
        let (mut same, mut differ) = (1, lu.len().min(lv.len()) + 1);
        while differ - same > 1 {
            let mid = (same + differ) / 2;
            if lu[mid - 1] == lv[mid - 1] {
                same = mid;
            } else {
                differ = mid;
            }
        }
        self.z_within[ru.start + same - 1]
    }

    /// Builds a matching from its public parts, indexing the blossoms for [`Self::slack`].
    fn assemble(
        mate: Vec<Option<usize>>,
        weight: Weight,
        mode: Mode,
        cardinality_bonus: Weight,
        vertex_duals: Vec<Weight>,
        blossoms: Vec<Blossom>,
    ) -> Matching {
        let n = mate.len();
        let mut count = vec![0u32; n + 1];
        for b in &blossoms {
            for &v in &b.members {
                count[v + 1] += 1;
            }
        }
        for i in 0..n {
            count[i + 1] += count[i];
        }
        let mut fill = count.clone();
        let mut blossoms_of = vec![0u32; count[n] as usize];
        for (i, b) in blossoms.iter().enumerate() {
            for &v in &b.members {
                blossoms_of[fill[v] as usize] = i as u32;
                fill[v] += 1;
            }
        }
        let mut z_within = vec![0i128; blossoms_of.len()];
        for v in 0..n {
            let mut sum = 0;
            for at in count[v] as usize..count[v + 1] as usize {
                sum += blossoms[blossoms_of[at] as usize].z as i128;
                z_within[at] = sum;
            }
        }
        Matching {
            mate,
            weight,
            mode,
            cardinality_bonus,
            vertex_duals,
            blossoms,
            blossom_start: count,
            blossoms_of,
            z_within,
        }
    }
}

/// Solves the matching problem on vertices `0..n` and `edges` for the given objective.
///
/// `progress` is called before the search starts, then at least every 64 augmentations
/// and every few thousand dual changes, and once when done (that last answer is
/// ignored). If it returns [`Control::Cancel`] the solve stops and returns [`Cancelled`].
///
/// # Panics
/// If an edge names a vertex outside `0..n`, or if the weights are so large that the
/// doubled duals could overflow: `8·(C + W + 1)` must stay below `i64::MAX`, with `W` the
/// largest `|w|` and `C` the cardinality bonus (0 in max-weight mode, `n·W + 1` otherwise).
pub fn solve(
    n: usize,
    edges: &[(usize, usize, Weight)],
    mode: Mode,
    progress: &mut dyn FnMut(&Progress) -> Control,
) -> Result<Matching, Cancelled> {
    let mut solver = Solver::new(n, edges, mode);
    let mut reporter = Reporter {
        callback: progress,
        vertices: n,
    };
    solver.run(&mut reporter)?;
    let matched = solver.mate.iter().filter(|&&p| p != NIL).count();
    let augmentations = solver.augmentations;
    let result = solver.into_matching(mode);
    // The work is done; a late cancel would only throw a finished result away.
    let _ = reporter.report(augmentations, matched);
    Ok(result)
}

/// "No vertex / no edge / no blossom".
const NIL: usize = usize::MAX;

/// Report progress at least this often, counted in augmentations…
const AUGMENTATIONS_PER_REPORT: usize = 64;
/// …and in dual changes.
const DUAL_CHANGES_PER_REPORT: usize = 4096;

/// Labels of top-level blossoms (and of vertices inside T-blossoms).
const FREE: u8 = 0;
const OUTER: u8 = 1; // "S"
const INNER: u8 = 2; // "T"
/// Marks an outer blossom already visited while looking for a common base.
const SEEN: u8 = 4;

struct Reporter<'a> {
    callback: &'a mut dyn FnMut(&Progress) -> Control,
    vertices: usize,
}

impl Reporter<'_> {
    fn report(&mut self, augmentations: usize, matched_vertices: usize) -> Result<(), Cancelled> {
        let progress = Progress {
            augmentations,
            matched_vertices,
            vertices: self.vertices,
        };
        match (self.callback)(&progress) {
            Control::Continue => Ok(()),
            Control::Cancel => Err(Cancelled),
        }
    }
}

/// What a dual change brings about.
#[derive(Clone, Copy, Debug)]
enum Event {
    /// This edge becomes tight.
    Tight(usize),
    /// This inner blossom's dual reaches zero.
    Empty(usize),
}

/// Wraps a possibly negative position into `0..len`, as cyclic lists need.
fn wrap(j: isize, len: usize) -> usize {
    j.rem_euclid(len as isize) as usize
}

/// The solver's state. Edge `k` has the endpoints `endpoint[2k]` and `endpoint[2k + 1]`;
/// an endpoint index `p` names the edge `p / 2` seen from the other end, so `p ^ 1` is the
/// opposite end. Ids `0..n` are vertices (trivial blossoms), `n..2n` non-trivial blossoms.
struct Solver {
    n: usize,
    endpoint: Vec<usize>,
    /// The solved weight `w'` of each edge.
    weight: Vec<Weight>,
    /// The original weight of each edge.
    original: Vec<Weight>,
    bonus: Weight,
    /// `neighbours[start[v]..start[v + 1]]`: the remote endpoints of `v`'s edges.
    start: Vec<usize>,
    neighbours: Vec<usize>,

    /// `mate[v]`: the remote endpoint of `v`'s matched edge, or NIL.
    mate: Vec<usize>,
    label: Vec<u8>,
    /// The endpoint through which a labelled blossom got its label (NIL for a root).
    label_end: Vec<usize>,
    /// The top-level blossom containing each vertex.
    in_blossom: Vec<usize>,
    parent: Vec<usize>,
    /// Sub-blossoms in cyclic order, starting with the one that holds the base.
    children: Vec<Vec<usize>>,
    /// `ends[b][i]` joins `children[b][i]` to `children[b][i + 1]`.
    ends: Vec<Vec<usize>>,
    base: Vec<usize>,
    /// The least-slack edge from a free vertex or an outer blossom to an outer blossom.
    best_edge: Vec<usize>,
    /// For an outer blossom, its least-slack edge to each other outer blossom (None: not
    /// computed, use the members' edges).
    best_edges: Vec<Option<Vec<usize>>>,
    unused: Vec<usize>,
    /// Doubled vertex duals, then blossom duals (`dual[b]` is `z_B`, undoubled).
    dual: Vec<Weight>,
    queue: Vec<usize>,

    /// Vertices whose blossom was ever labelled or given a best edge: the only ones a
    /// dual change or the next-event search has to look at.
    touched_vertices: Vec<usize>,
    vertex_mark: Vec<bool>,
    /// Blossoms (vertices included) that were ever labelled.
    touched_blossoms: Vec<usize>,
    blossom_mark: Vec<bool>,
    /// The root (an exposed vertex) of the tree each labelled vertex belongs to.
    tree: Vec<usize>,
    /// `tree_members[r]`: the vertices labelled into the tree rooted at `r` (some may have
    /// left it since).
    tree_members: Vec<Vec<usize>>,
    /// Vertices without a mate, ascending, from `exposed_from` on (earlier ones, and some
    /// later ones, may have been matched since).
    exposed: Vec<usize>,
    exposed_from: usize,
    exposed_count: usize,

    augmentations: usize,
    dual_changes: usize,
    /// Scratch buffers.
    leaves_buf: Vec<usize>,
    events: Vec<Event>,
    best_to: Vec<usize>,
}

impl Solver {
    fn new(n: usize, edges: &[(usize, usize, Weight)], mode: Mode) -> Solver {
        let mut list: Vec<(usize, usize, Weight)> = Vec::with_capacity(edges.len());
        for &(u, v, w) in edges {
            assert!(
                u < n && v < n,
                "edge ({u}, {v}) has an endpoint outside 0..{n}"
            );
            if u != v && (mode == Mode::MaxCardinality || w > 0) {
                list.push((u.min(v), u.max(v), w));
            }
        }
        list.sort_unstable_by_key(|&(u, v, w)| (u, v, Reverse(w)));
        list.dedup_by_key(|e| (e.0, e.1));

        let largest = list.iter().map(|e| (e.2 as i128).abs()).max().unwrap_or(0);
        let bonus = match mode {
            Mode::MaxWeight => 0,
            Mode::MaxCardinality => n as i128 * largest + 1,
        };
        assert!(
            8 * (bonus + largest + 1) <= i64::MAX as i128,
            "weights too large for exact matching on {n} vertices (max |w| = {largest})"
        );
        let bonus = bonus as Weight;

        let m = list.len();
        let mut endpoint = Vec::with_capacity(2 * m);
        let mut weight = Vec::with_capacity(m);
        let mut original = Vec::with_capacity(m);
        let mut start = vec![0usize; n + 1];
        for &(u, v, w) in &list {
            endpoint.push(u);
            endpoint.push(v);
            weight.push(w + bonus);
            original.push(w);
            start[u + 1] += 1;
            start[v + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut neighbours = vec![0usize; 2 * m];
        for k in 0..m {
            let (u, v) = (endpoint[2 * k], endpoint[2 * k + 1]);
            neighbours[fill[u]] = 2 * k + 1;
            fill[u] += 1;
            neighbours[fill[v]] = 2 * k;
            fill[v] += 1;
        }
        let top = weight.iter().copied().max().unwrap_or(0).max(0);
        let mut dual = vec![top; n];
        dual.resize(2 * n, 0);
        Solver {
            n,
            endpoint,
            weight,
            original,
            bonus,
            start,
            neighbours,
            mate: vec![NIL; n],
            label: vec![FREE; 2 * n],
            label_end: vec![NIL; 2 * n],
            in_blossom: (0..n).collect(),
            parent: vec![NIL; 2 * n],
            children: vec![Vec::new(); 2 * n],
            ends: vec![Vec::new(); 2 * n],
            base: (0..n).chain(std::iter::repeat_n(NIL, n)).collect(),
            best_edge: vec![NIL; 2 * n],
            best_edges: vec![None; 2 * n],
            unused: (n..2 * n).rev().collect(),
            dual,
            queue: Vec::new(),
            touched_vertices: Vec::new(),
            vertex_mark: vec![false; n],
            touched_blossoms: Vec::new(),
            blossom_mark: vec![false; 2 * n],
            tree: vec![NIL; n],
            tree_members: vec![Vec::new(); n],
            exposed: (0..n).collect(),
            exposed_from: 0,
            exposed_count: n,
            augmentations: 0,
            dual_changes: 0,
            leaves_buf: Vec::new(),
            events: Vec::new(),
            best_to: vec![NIL; 2 * n],
        }
    }

    fn neighbours(&self, v: usize) -> std::ops::Range<usize> {
        self.start[v]..self.start[v + 1]
    }

    /// Doubled slack of edge `k`, blossom duals left out (they cancel for edges that cross
    /// between top-level blossoms, the only ones this is asked about).
    fn slack(&self, k: usize) -> Weight {
        self.dual[self.endpoint[2 * k]] + self.dual[self.endpoint[2 * k + 1]] - 2 * self.weight[k]
    }

    fn touch_vertex(&mut self, v: usize) {
        if !self.vertex_mark[v] {
            self.vertex_mark[v] = true;
            self.touched_vertices.push(v);
        }
    }

    fn touch_blossom(&mut self, b: usize) {
        if !self.blossom_mark[b] {
            self.blossom_mark[b] = true;
            self.touched_blossoms.push(b);
        }
    }

    /// The end of edge `k` that is not in top-level blossom `b`.
    fn far_end(&self, k: usize, b: usize) -> usize {
        let (i, j) = (self.endpoint[2 * k], self.endpoint[2 * k + 1]);
        if self.in_blossom[j] == b { i } else { j }
    }

    /// Whether edge `k` leads from top-level blossom `b` to another outer blossom.
    fn leads_to_outer(&self, k: usize, b: usize) -> bool {
        let far = self.in_blossom[self.far_end(k, b)];
        far != b && self.label[far] == OUTER
    }

    /// Appends the vertices of blossom `b` to `out`, in the order of its children.
    fn leaves_into(&self, b: usize, out: &mut Vec<usize>) {
        let mut stack = vec![b];
        while let Some(t) = stack.pop() {
            if t < self.n {
                out.push(t);
            } else {
                stack.extend(self.children[t].iter().rev());
            }
        }
    }

    fn leaves(&mut self, b: usize) -> Vec<usize> {
        let mut out = std::mem::take(&mut self.leaves_buf);
        out.clear();
        self.leaves_into(b, &mut out);
        out
    }

    fn give_back(&mut self, buf: Vec<usize>) {
        self.leaves_buf = buf;
    }

    /// Labels the top-level blossom of `w` with `t`, reached through endpoint `p`; an inner
    /// blossom's base mate is labelled outer in turn.
    fn assign_label(&mut self, mut w: usize, mut t: u8, mut p: usize) {
        loop {
            let b = self.in_blossom[w];
            debug_assert!(self.label[w] == FREE && self.label[b] == FREE);
            let root = if p == NIL {
                w
            } else {
                self.tree[self.endpoint[p]]
            };
            self.label[w] = t;
            self.label[b] = t;
            self.label_end[w] = p;
            self.label_end[b] = p;
            self.best_edge[w] = NIL;
            self.best_edge[b] = NIL;
            self.touch_blossom(b);
            let leaves = self.leaves(b);
            for &v in &leaves {
                self.touch_vertex(v);
                self.tree[v] = root;
            }
            self.tree_members[root].extend_from_slice(&leaves);
            if t == OUTER {
                self.queue.extend_from_slice(&leaves);
            }
            self.give_back(leaves);
            if t == OUTER {
                return;
            }
            let base_mate = self.mate[self.base[b]];
            debug_assert!(base_mate != NIL);
            w = self.endpoint[base_mate];
            t = OUTER;
            p = base_mate ^ 1;
        }
    }

    /// Walks up from outer vertices `v` and `w` towards their roots; returns the base of
    /// the first blossom both paths meet (a new blossom), or NIL (an augmenting path).
    fn scan_blossom(&mut self, mut v: usize, mut w: usize) -> usize {
        let mut path = Vec::new();
        let mut found = NIL;
        while v != NIL || w != NIL {
            let mut b = self.in_blossom[v];
            if self.label[b] & SEEN != 0 {
                found = self.base[b];
                break;
            }
            debug_assert!(self.label[b] == OUTER);
            path.push(b);
            self.label[b] = OUTER | SEEN;
            if self.label_end[b] == NIL {
                v = NIL;
            } else {
                v = self.endpoint[self.label_end[b]];
                b = self.in_blossom[v];
                debug_assert!(self.label[b] == INNER);
                v = self.endpoint[self.label_end[b]];
            }
            if w != NIL {
                std::mem::swap(&mut v, &mut w);
            }
        }
        for b in path {
            self.label[b] = OUTER;
        }
        found
    }

    /// Shrinks the odd cycle closed by edge `k` through `base` into a new outer blossom.
    fn add_blossom(&mut self, base: usize, k: usize) {
        let (mut v, mut w) = (self.endpoint[2 * k], self.endpoint[2 * k + 1]);
        let bb = self.in_blossom[base];
        let mut bv = self.in_blossom[v];
        let mut bw = self.in_blossom[w];
        let b = self.unused.pop().expect("at most n/2 blossoms are alive");
        self.base[b] = base;
        self.parent[b] = NIL;
        self.parent[bb] = b;
        let mut path = Vec::new();
        let mut endps = Vec::new();
        while bv != bb {
            self.parent[bv] = b;
            path.push(bv);
            endps.push(self.label_end[bv]);
            v = self.endpoint[self.label_end[bv]];
            bv = self.in_blossom[v];
        }
        path.push(bb);
        path.reverse();
        endps.reverse();
        endps.push(2 * k);
        while bw != bb {
            self.parent[bw] = b;
            path.push(bw);
            endps.push(self.label_end[bw] ^ 1);
            w = self.endpoint[self.label_end[bw]];
            bw = self.in_blossom[w];
        }
        debug_assert!(self.label[bb] == OUTER);
        self.label[b] = OUTER;
        self.label_end[b] = self.label_end[bb];
        self.dual[b] = 0;
        self.touch_blossom(b);
        let leaves = self.leaves_of_path(&path);
        for &x in &leaves {
            if self.label[self.in_blossom[x]] == INNER {
                // Inner vertices become outer: their edges must be scanned now.
                self.queue.push(x);
            }
            self.in_blossom[x] = b;
            // Labels inside an outer blossom mean nothing; cleared, they cannot mislead
            // if this blossom is later taken apart and becomes inner.
            self.label[x] = FREE;
        }
        self.give_back(leaves);
        for &sub in &path {
            self.label[sub] = FREE;
        }

        // The new blossom's least-slack edge to every other outer blossom.
        let mut reached = Vec::new();
        for &sub in &path {
            let list = match self.best_edges[sub].take() {
                Some(list) => list,
                None => {
                    let leaves = self.leaves(sub);
                    let list = leaves
                        .iter()
                        .flat_map(|&x| self.neighbours(x).map(|i| self.neighbours[i] / 2))
                        .collect();
                    self.give_back(leaves);
                    list
                }
            };
            for e in list {
                let (i, j) = (self.endpoint[2 * e], self.endpoint[2 * e + 1]);
                // The far end: the one outside the new blossom.
                let far = if self.in_blossom[j] == b { i } else { j };
                let bj = self.in_blossom[far];
                if bj != b && self.label[bj] == OUTER {
                    let current = self.best_to[bj];
                    if current == NIL {
                        reached.push(bj);
                        self.best_to[bj] = e;
                    } else if self.slack(e) < self.slack(current) {
                        self.best_to[bj] = e;
                    }
                }
            }
            self.best_edge[sub] = NIL;
        }
        let list: Vec<usize> = reached
            .iter()
            .map(|&bj| std::mem::replace(&mut self.best_to[bj], NIL))
            .collect();
        let mut best = NIL;
        for &e in &list {
            if best == NIL || self.slack(e) < self.slack(best) {
                best = e;
            }
        }
        self.best_edges[b] = Some(list);
        self.best_edge[b] = best;
        self.children[b] = path;
        self.ends[b] = endps;
    }

    fn leaves_of_path(&mut self, path: &[usize]) -> Vec<usize> {
        let mut out = std::mem::take(&mut self.leaves_buf);
        out.clear();
        for &sub in path {
            self.leaves_into(sub, &mut out);
        }
        out
    }

    /// Undoes inner blossom `b`, whose dual reached zero; its children are relabelled so
    /// that the alternating tree stays valid.
    fn expand_blossom(&mut self, b: usize) {
        debug_assert!(self.label[b] == INNER);
        let children = std::mem::take(&mut self.children[b]);
        let ends = std::mem::take(&mut self.ends[b]);
        for &s in &children {
            self.parent[s] = NIL;
            if s < self.n {
                self.in_blossom[s] = s;
            } else {
                let leaves = self.leaves(s);
                for &x in &leaves {
                    self.in_blossom[x] = s;
                }
                self.give_back(leaves);
            }
            self.touch_blossom(s);
        }
        self.relabel_children(b, &children, &ends);
        self.label[b] = FREE;
        self.label_end[b] = NIL;
        self.base[b] = NIL;
        self.best_edges[b] = None;
        self.best_edge[b] = NIL;
        self.unused.push(b);
    }

    /// After an inner blossom `b` is expanded mid-stage: the even-length path of children
    /// from the entry child to the base child becomes part of the tree (alternately inner
    /// and outer); the other children are free again unless an edge already reaches them.
    fn relabel_children(&mut self, b: usize, children: &[usize], ends: &[usize]) {
        let len = children.len();
        let entry = self.in_blossom[self.endpoint[self.label_end[b] ^ 1]];
        let at = children
            .iter()
            .position(|&c| c == entry)
            .expect("the entry child is a child");
        let (mut j, step, trick): (isize, isize, usize) = if at & 1 == 1 {
            (at as isize - len as isize, 1, 0)
        } else {
            (at as isize, -1, 1)
        };
        let mut p = self.label_end[b];
        while j != 0 {
            let q = self.endpoint[p ^ 1];
            self.label[q] = FREE;
            let r = self.endpoint[ends[wrap(j - trick as isize, len)] ^ trick ^ 1];
            self.label[r] = FREE;
            self.assign_label(q, INNER, p);
            j += step;
            p = ends[wrap(j - trick as isize, len)] ^ trick;
            j += step;
        }
        let bv = children[wrap(j, len)];
        let q = self.endpoint[p ^ 1];
        self.label[q] = INNER;
        self.label[bv] = INNER;
        self.label_end[q] = p;
        self.label_end[bv] = p;
        self.best_edge[bv] = NIL;
        self.touch_blossom(bv);
        j += step;
        while children[wrap(j, len)] != entry {
            let bv = children[wrap(j, len)];
            if self.label[bv] == OUTER {
                j += step;
                continue;
            }
            let leaves = self.leaves(bv);
            let reached = leaves.iter().copied().find(|&x| self.label[x] != FREE);
            self.give_back(leaves);
            if let Some(x) = reached {
                debug_assert!(self.label[x] == INNER && self.in_blossom[x] == bv);
                self.label[x] = FREE;
                let base_mate = self.endpoint[self.mate[self.base[bv]]];
                self.label[base_mate] = FREE;
                self.assign_label(x, INNER, self.label_end[x]);
            }
            j += step;
        }
    }

    /// Swaps matched and unmatched edges inside blossom `b` so that `v` becomes its base.
    fn augment_blossom(&mut self, b0: usize, v0: usize) {
        let mut stack = vec![(b0, v0)];
        while let Some((b, v)) = stack.pop() {
            let mut t = v;
            while self.parent[t] != b {
                t = self.parent[t];
            }
            if t >= self.n {
                stack.push((t, v));
            }
            let len = self.children[b].len();
            let i = self.children[b]
                .iter()
                .position(|&c| c == t)
                .expect("t is a child");
            let (mut j, step, trick): (isize, isize, usize) = if i & 1 == 1 {
                (i as isize - len as isize, 1, 0)
            } else {
                (i as isize, -1, 1)
            };
            while j != 0 {
                j += step;
                let t = self.children[b][wrap(j, len)];
                let p = self.ends[b][wrap(j - trick as isize, len)] ^ trick;
                if t >= self.n {
                    stack.push((t, self.endpoint[p]));
                }
                j += step;
                let t = self.children[b][wrap(j, len)];
                if t >= self.n {
                    stack.push((t, self.endpoint[p ^ 1]));
                }
                self.mate[self.endpoint[p]] = p ^ 1;
                self.mate[self.endpoint[p ^ 1]] = p;
            }
            self.children[b].rotate_left(i);
            self.ends[b].rotate_left(i);
            self.base[b] = v;
        }
    }

    /// Flips the augmenting path through edge `k` between two outer vertices.
    fn augment_matching(&mut self, k: usize) {
        let (v, w) = (self.endpoint[2 * k], self.endpoint[2 * k + 1]);
        for (mut s, mut p) in [(v, 2 * k + 1), (w, 2 * k)] {
            loop {
                let bs = self.in_blossom[s];
                debug_assert!(self.label[bs] == OUTER);
                if bs >= self.n {
                    self.augment_blossom(bs, s);
                }
                self.mate[s] = p;
                if self.label_end[bs] == NIL {
                    break;
                }
                let t = self.endpoint[self.label_end[bs]];
                let bt = self.in_blossom[t];
                debug_assert!(self.label[bt] == INNER);
                s = self.endpoint[self.label_end[bt]];
                let j = self.endpoint[self.label_end[bt] ^ 1];
                if bt >= self.n {
                    self.augment_blossom(bt, j);
                }
                self.mate[j] = self.label_end[bt];
                p = self.label_end[bt] ^ 1;
            }
        }
    }

    /// Matches exposed vertices joined by a tight edge; each such pair is an augmenting
    /// path of one edge. Cheap, and it finds the pairs of equal top weight at once.
    fn match_tight_pairs(&mut self) {
        for i in 0..self.exposed.len() {
            let v = self.exposed[i];
            if self.mate[v] != NIL {
                continue;
            }
            for at in self.neighbours(v) {
                let p = self.neighbours[at];
                let w = self.endpoint[p];
                if self.mate[w] == NIL && self.slack(p / 2) == 0 {
                    self.mate[v] = p;
                    self.mate[w] = p ^ 1;
                    self.exposed_count -= 2;
                    break;
                }
            }
        }
        let mate = &self.mate;
        self.exposed.retain(|&v| mate[v] == NIL);
    }

    /// An exposed vertex; its dual is the smallest of all vertex duals (exposed vertices
    /// are outer from the start, so theirs went down with every dual change).
    fn some_exposed(&mut self) -> usize {
        while self.mate[self.exposed[self.exposed_from]] != NIL {
            self.exposed_from += 1;
        }
        self.exposed[self.exposed_from]
    }

    /// Grows alternating trees from every exposed vertex, augmenting whenever two trees
    /// meet and changing duals when no tight edge is left to follow, until every vertex is
    /// matched or the exposed vertices' dual reaches zero.
    ///
    /// Unlike the textbook version, the forest is not rebuilt after each augmentation: only
    /// the two trees that met are taken apart ([`Self::dissolve`]), and the others keep
    /// growing. With thousands of exposed vertices, rebuilding would rescan every edge of
    /// every exposed vertex per augmentation.
    fn run(&mut self, reporter: &mut Reporter<'_>) -> Result<(), Cancelled> {
        self.match_tight_pairs();
        reporter.report(0, self.n - self.exposed_count)?;
        for i in 0..self.exposed.len() {
            let v = self.exposed[i];
            if self.label[self.in_blossom[v]] == FREE {
                self.assign_label(v, OUTER, NIL);
            }
        }
        let mut next_report = AUGMENTATIONS_PER_REPORT;
        loop {
            self.scan_queue();
            if self.exposed_count == 0 {
                return Ok(());
            }
            self.dual_changes += 1;
            if self.augmentations >= next_report
                || self.dual_changes.is_multiple_of(DUAL_CHANGES_PER_REPORT)
            {
                next_report = self.augmentations + AUGMENTATIONS_PER_REPORT;
                reporter.report(self.augmentations, self.n - self.exposed_count)?;
            }
            if !self.change_duals() {
                return Ok(());
            }
        }
    }

    /// Scans the edges of queued outer vertices, following tight edges: labelling free
    /// blossoms inner, shrinking blossoms, augmenting between trees.
    fn scan_queue(&mut self) {
        while let Some(v) = self.queue.pop() {
            for at in self.neighbours(v) {
                // The tree of `v` may have been taken apart by an augmentation.
                if self.label[self.in_blossom[v]] != OUTER {
                    break;
                }
                let p = self.neighbours[at];
                let k = p / 2;
                let w = self.endpoint[p];
                let bv = self.in_blossom[v];
                let bw = self.in_blossom[w];
                if bv == bw {
                    continue;
                }
                // Between different top-level blossoms the vertex duals alone give the
                // slack, and with integer duals "tight" is exact: no marks to keep.
                let k_slack = self.slack(k);
                if k_slack <= 0 {
                    if self.label[bw] == FREE {
                        self.assign_label(w, INNER, p ^ 1);
                    } else if self.label[bw] == OUTER {
                        let base = self.scan_blossom(v, w);
                        if base != NIL {
                            self.add_blossom(base, k);
                        } else {
                            let roots = [self.tree[v], self.tree[w]];
                            self.augment_matching(k);
                            self.augmentations += 1;
                            self.exposed_count -= 2;
                            if self.exposed_count == 0 {
                                self.queue.clear();
                                return;
                            }
                            self.check("after augment");
                            self.dissolve(roots);
                            self.check("after dissolve");
                        }
                    } else if self.label[w] == FREE {
                        // `w` sits in an inner blossom; remember how it was reached, in
                        // case the blossom is expanded.
                        self.label[w] = INNER;
                        self.label_end[w] = p ^ 1;
                    }
                } else if self.label[bw] == OUTER {
                    let best = self.best_edge[bv];
                    if best != NIL && !self.leads_to_outer(best, bv) {
                        self.rebuild_outer_best(bv);
                    }
                    let best = self.best_edge[bv];
                    if best == NIL || k_slack < self.slack(best) {
                        self.best_edge[bv] = k;
                    }
                } else if self.label[w] == FREE {
                    let best = self.best_edge[w];
                    if best != NIL && !self.reached_from_outer(best, w) {
                        self.rebuild_vertex_best(w);
                    }
                    if self.label[self.in_blossom[w]] == FREE || self.label[w] == FREE {
                        let best = self.best_edge[w];
                        if best == NIL || k_slack < self.slack(best) {
                            self.best_edge[w] = k;
                            self.touch_vertex(w);
                        }
                    }
                }
            }
        }
    }

    /// Whether the end of edge `k` other than vertex `x` is in an outer blossom.
    fn reached_from_outer(&self, k: usize, x: usize) -> bool {
        let (i, j) = (self.endpoint[2 * k], self.endpoint[2 * k + 1]);
        let far = if i == x { j } else { i };
        self.label[self.in_blossom[far]] == OUTER
    }

    /// Recomputes the least-slack edge from outer blossoms to vertex `x`, which is not in
    /// an outer blossom. A tight one labels `x`'s free blossom inner at once, or marks `x`
    /// as reached inside its inner blossom.
    fn rebuild_vertex_best(&mut self, x: usize) {
        let bx = self.in_blossom[x];
        if self.label[bx] == OUTER {
            return;
        }
        let mut best = NIL;
        let mut best_slack = 0;
        for at in self.neighbours(x) {
            let p = self.neighbours[at];
            let far = self.endpoint[p];
            if self.label[self.in_blossom[far]] != OUTER {
                continue;
            }
            let k = p / 2;
            let s = self.slack(k);
            if s <= 0 {
                if self.label[bx] == FREE {
                    self.assign_label(x, INNER, p);
                    return;
                }
                if self.label[x] == FREE {
                    self.label[x] = INNER;
                    self.label_end[x] = p;
                }
            }
            if best == NIL || s < best_slack {
                (best, best_slack) = (k, s);
            }
        }
        self.best_edge[x] = best;
        if best != NIL {
            self.touch_vertex(x);
        }
    }

    /// Recomputes the least-slack edge from outer blossom `b` to another outer blossom,
    /// after the one it had led into a tree that was taken apart.
    fn rebuild_outer_best(&mut self, b: usize) {
        let leaves = self.leaves(b);
        let mut best = NIL;
        let mut best_slack = 0;
        for &x in &leaves {
            for at in self.neighbours(x) {
                let k = self.neighbours[at] / 2;
                if self.leads_to_outer(k, b) {
                    let s = self.slack(k);
                    if best == NIL || s < best_slack {
                        (best, best_slack) = (k, s);
                    }
                }
            }
        }
        self.give_back(leaves);
        self.best_edge[b] = best;
    }

    /// Takes apart the two trees whose roots were just matched to each other: their
    /// blossoms become free (all their vertices are matched now), and what the living
    /// trees recorded about edges into them is corrected.
    fn dissolve(&mut self, roots: [usize; 2]) {
        let mut gone = Vec::new();
        for r in roots {
            for v in std::mem::take(&mut self.tree_members[r]) {
                if self.tree[v] != r {
                    continue;
                }
                self.tree[v] = NIL;
                let b = self.in_blossom[v];
                self.label[v] = FREE;
                self.label[b] = FREE;
                self.best_edge[v] = NIL;
                self.best_edge[b] = NIL;
                // Its list of least-slack edges would miss what its members see when
                // they are scanned again in another tree.
                self.best_edges[b] = None;
                gone.push(v);
            }
        }
        for &v in &gone {
            for at in self.neighbours(v) {
                let p = self.neighbours[at];
                let f = self.endpoint[p];
                if self.label[f] == INNER
                    && self.label[self.in_blossom[f]] == INNER
                    && self.label_end[f] == (p ^ 1)
                {
                    // `f`, inside a living inner blossom, was reached from `v`.
                    self.label[f] = FREE;
                    self.rebuild_vertex_best(f);
                }
            }
        }
        for &v in &gone {
            self.rebuild_vertex_best(v);
        }
    }

    /// Makes the smallest dual change that creates a new tight edge, empties an inner
    /// blossom's dual or brings the exposed vertices' dual to zero, and handles every event
    /// of that size at once (many edges often become tight together). Returns false when
    /// the exposed vertices' dual reaches zero first: the solve is over.
    fn change_duals(&mut self) -> bool {
        // 1: the exposed vertices' dual, the smallest of all vertex duals, reaches zero.
        let exposed = self.some_exposed();
        let mut delta = self.dual[exposed];
        let mut events = std::mem::take(&mut self.events);
        events.clear();
        // Keeps the events of the smallest size; the end of the search wins ties.
        let offer = |events: &mut Vec<Event>, delta: &mut Weight, d: Weight, e: Event| {
            if d < *delta {
                *delta = d;
                events.clear();
                events.push(e);
            } else if d == *delta && !events.is_empty() {
                events.push(e);
            }
        };
        // Best edges left stale by a dissolved tree are rebuilt first. A rebuild may find
        // a tight edge and label a blossom: its new outer vertices must be scanned before
        // any dual changes, or their edges to free vertices could turn negative unseen.
        let mut i = 0;
        while i < self.touched_vertices.len() {
            let v = self.touched_vertices[i];
            i += 1;
            if self.label[self.in_blossom[v]] == FREE
                && self.best_edge[v] != NIL
                && !self.reached_from_outer(self.best_edge[v], v)
            {
                self.rebuild_vertex_best(v);
            }
        }
        if !self.queue.is_empty() {
            return true;
        }
        // 2: an edge from an outer vertex to a free vertex becomes tight.
        let mut i = 0;
        while i < self.touched_vertices.len() {
            let v = self.touched_vertices[i];
            i += 1;
            if self.label[self.in_blossom[v]] != FREE || self.best_edge[v] == NIL {
                continue;
            }
            let e = self.best_edge[v];
            offer(&mut events, &mut delta, self.slack(e), Event::Tight(e));
        }
        let mut i = 0;
        while i < self.touched_blossoms.len() {
            let b = self.touched_blossoms[i];
            i += 1;
            if self.parent[b] != NIL || (b >= self.n && self.base[b] == NIL) {
                continue;
            }
            // 3: an edge between two outer blossoms becomes tight.
            if self.label[b] == OUTER && self.best_edge[b] != NIL {
                if !self.leads_to_outer(self.best_edge[b], b) {
                    self.rebuild_outer_best(b);
                }
                let e = self.best_edge[b];
                if e != NIL {
                    let s = self.slack(e);
                    debug_assert!(s % 2 == 0, "outer-outer slack {s} is odd");
                    offer(&mut events, &mut delta, s / 2, Event::Tight(e));
                }
            }
            // 4: an inner blossom's dual reaches zero.
            if b >= self.n && self.label[b] == INNER {
                offer(&mut events, &mut delta, self.dual[b], Event::Empty(b));
            }
        }
        debug_assert!(delta >= 0);
        if delta > 0 {
            for &v in &self.touched_vertices {
                match self.label[self.in_blossom[v]] {
                    OUTER => self.dual[v] -= delta,
                    INNER => self.dual[v] += delta,
                    _ => {}
                }
            }
            for &b in &self.touched_blossoms {
                if b >= self.n && self.base[b] != NIL && self.parent[b] == NIL {
                    match self.label[b] {
                        OUTER => self.dual[b] += delta,
                        INNER => self.dual[b] -= delta,
                        _ => {}
                    }
                }
            }
        }
        self.check("after a dual change");
        let more = !events.is_empty();
        // Tight edges first: expanding a blossom changes labels but not these edges.
        for &event in &events {
            if let Event::Tight(e) = event {
                let (i, j) = (self.endpoint[2 * e], self.endpoint[2 * e + 1]);
                let outer = if self.label[self.in_blossom[i]] == OUTER {
                    i
                } else {
                    j
                };
                if self.label[self.in_blossom[outer]] == OUTER {
                    self.queue.push(outer);
                }
            }
        }
        for &event in &events {
            if let Event::Empty(b) = event
                && self.base[b] != NIL
                && self.parent[b] == NIL
                && self.label[b] == INNER
                && self.dual[b] == 0
            {
                self.expand_blossom(b);
            }
        }
        self.events = events;
        more
    }

    /// In tests, after every step: no edge has negative slack (blossom duals included),
    /// and matched edges and the edges that labelled a blossom are tight.
    /// Only small graphs: the check costs a pass over every edge per step.
    #[cfg(test)]
    fn check(&self, when: &str) {
        if self.n > 64 {
            return;
        }
        let full_slack = |k: usize| {
            let (u, v) = (self.endpoint[2 * k], self.endpoint[2 * k + 1]);
            let mut s = self.slack(k);
            let mut outer_of_u = Vec::new();
            let mut a = u;
            while self.parent[a] != NIL {
                a = self.parent[a];
                outer_of_u.push(a);
            }
            let mut b = v;
            while self.parent[b] != NIL {
                b = self.parent[b];
                if outer_of_u.contains(&b) {
                    s += 2 * self.dual[b];
                }
            }
            s
        };
        for k in 0..self.endpoint.len() / 2 {
            assert!(full_slack(k) >= 0, "{when}: edge {k} has negative slack");
        }
        for u in 0..self.n {
            if self.mate[u] != NIL {
                assert_eq!(
                    full_slack(self.mate[u] / 2),
                    0,
                    "{when}: matched edge not tight"
                );
            }
        }
        for b in 0..2 * self.n {
            let alive = b < self.n || self.base[b] != NIL;
            if alive && self.parent[b] == NIL && self.label[b] != FREE && self.label_end[b] != NIL {
                assert_eq!(
                    full_slack(self.label_end[b] / 2),
                    0,
                    "{when}: label edge not tight"
                );
            }
        }
    }

    #[cfg(not(test))]
    fn check(&self, _when: &str) {}

    /// Packs the matching and the duals.
    fn into_matching(self, mode: Mode) -> Matching {
        let n = self.n;
        let mut weight = 0;
        let mut mate = vec![None; n];
        for (v, &p) in self.mate.iter().enumerate() {
            if p != NIL {
                mate[v] = Some(self.endpoint[p]);
                if v < self.endpoint[p] {
                    weight += self.original[p / 2];
                }
            }
        }
        let vertex_duals = self.dual[..n].to_vec();
        // Live blossoms with a positive dual; sorted outer before nested (larger first),
        // then by members, so that the result does not depend on recycled ids.
        let mut blossoms: Vec<Blossom> = (n..2 * n)
            .filter(|&b| self.base[b] != NIL && self.dual[b] > 0)
            .map(|b| {
                let mut members = Vec::new();
                self.leaves_into(b, &mut members);
                members.sort_unstable();
                Blossom {
                    members,
                    z: DUAL_SCALE * self.dual[b],
                }
            })
            .collect();
        blossoms.sort_by(|a, b| {
            (Reverse(a.members.len()), &a.members).cmp(&(Reverse(b.members.len()), &b.members))
        });
        Matching::assemble(mate, weight, mode, self.bonus, vertex_duals, blossoms)
    }
}

/// Checks that `m` is a matching of `edges` and that its duals prove it optimal for `mode`
/// on exactly this edge set: the conditions listed in the module documentation, plus the
/// stated weight and the equality of the primal and dual objectives.
///
/// Returns a description of the first violation found.
pub fn verify_optimality(
    n: usize,
    edges: &[(usize, usize, Weight)],
    mode: Mode,
    m: &Matching,
) -> Result<(), String> {
    if m.mode != mode {
        return Err(format!("solved for {:?}, checked for {mode:?}", m.mode));
    }
    if m.mate.len() != n || m.vertex_duals.len() != n {
        return Err(format!(
            "sizes: {} mates and {} vertex duals for {n} vertices",
            m.mate.len(),
            m.vertex_duals.len()
        ));
    }
    // The edge set as the solver sees it: pairs normalised, duplicates keep the largest.
    let mut list: Vec<(usize, usize, Weight)> = Vec::with_capacity(edges.len());
    for &(u, v, w) in edges {
        if u >= n || v >= n {
            return Err(format!("edge ({u}, {v}) has an endpoint outside 0..{n}"));
        }
        if u != v {
            list.push((u.min(v), u.max(v), w));
        }
    }
    list.sort_unstable_by_key(|&(u, v, w)| (u, v, Reverse(w)));
    list.dedup_by_key(|e| (e.0, e.1));

    let bonus = m.cardinality_bonus as i128;
    match mode {
        Mode::MaxWeight if bonus != 0 => {
            return Err(format!("max-weight mode with a bonus of {bonus}"));
        }
        Mode::MaxCardinality => {
            let largest = list.iter().map(|e| (e.2 as i128).abs()).max().unwrap_or(0);
            if bonus <= n as i128 * largest {
                return Err(format!(
                    "cardinality bonus {bonus} is not above n·max|w| = {}",
                    n as i128 * largest
                ));
            }
        }
        Mode::MaxWeight => {}
    }
    let solved = |w: Weight| w as i128 + bonus;

    for (v, &y) in m.vertex_duals.iter().enumerate() {
        if y < 0 {
            return Err(format!("vertex {v} has a negative dual {y}"));
        }
    }
    let mut mark = vec![usize::MAX; n];
    for (i, b) in m.blossoms.iter().enumerate() {
        if b.z < 0 {
            return Err(format!("blossom {i} has a negative dual {}", b.z));
        }
        if b.members.len() < 3 || b.members.len() % 2 == 0 {
            return Err(format!("blossom {i} has {} members", b.members.len()));
        }
        for &v in &b.members {
            if v >= n || mark[v] == i {
                return Err(format!("blossom {i} lists vertex {v} wrongly"));
            }
            mark[v] = i;
        }
    }
    // Per-vertex blossom lists, as in `Matching::assemble`, rebuilt from the public fields.
    let check = Matching::assemble(
        m.mate.clone(),
        m.weight,
        m.mode,
        m.cardinality_bonus,
        m.vertex_duals.clone(),
        m.blossoms.clone(),
    );

    let mut total: i128 = 0;
    let mut total_solved: i128 = 0;
    for (u, &mu) in m.mate.iter().enumerate() {
        match mu {
            None => {
                if m.vertex_duals[u] != 0 {
                    return Err(format!(
                        "vertex {u} is exposed with dual {}",
                        m.vertex_duals[u]
                    ));
                }
            }
            Some(v) => {
                if v >= n || v == u || m.mate[v] != Some(u) {
                    return Err(format!("mate of {u} is {v}, not a matching"));
                }
                if u < v {
                    let Ok(at) = list.binary_search_by(|e| (e.0, e.1).cmp(&(u, v))) else {
                        return Err(format!("matched pair ({u}, {v}) is not an edge"));
                    };
                    let w = list[at].2;
                    total += w as i128;
                    total_solved += solved(w);
                    let s = check.slack_exact(u, v, solved(w));
                    if s != 0 {
                        return Err(format!("matched pair ({u}, {v}) has slack {s}"));
                    }
                }
            }
        }
    }
    for &(u, v, w) in &list {
        let s = check.slack_exact(u, v, solved(w));
        if s < 0 {
            return Err(format!("edge ({u}, {v}, {w}) has negative slack {s}"));
        }
    }
    let mut dual_objective: i128 = m.vertex_duals.iter().map(|&y| y as i128).sum();
    mark.fill(usize::MAX);
    for (i, b) in m.blossoms.iter().enumerate() {
        dual_objective += b.z as i128 * (b.members.len() as i128 - 1) / 2;
        if b.z > 0 {
            for &v in &b.members {
                mark[v] = i;
            }
            let inside = b
                .members
                .iter()
                .filter(|&&v| m.mate[v].is_some_and(|x| mark[x] == i))
                .count()
                / 2;
            if inside != (b.members.len() - 1) / 2 {
                return Err(format!(
                    "blossom {i} with positive dual holds {inside} matched pairs, not {}",
                    (b.members.len() - 1) / 2
                ));
            }
        }
    }
    if total != m.weight as i128 {
        return Err(format!(
            "stated weight {} but the pairs weigh {total}",
            m.weight
        ));
    }
    if dual_objective != DUAL_SCALE as i128 * total_solved {
        return Err(format!(
            "dual objective {dual_objective} differs from the scaled solved weight {}",
            DUAL_SCALE as i128 * total_solved
        ));
    }
    Ok(())
}

impl Matching {
    /// The scaled slack for an already transformed weight, without clamping.
    fn slack_exact(&self, u: usize, v: usize, w_solved: i128) -> i128 {
        self.vertex_duals[u] as i128 + self.vertex_duals[v] as i128 + self.common_z(u, v)
            - DUAL_SCALE as i128 * w_solved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (splitmix64).
    pub(super) struct Rng(pub u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        /// Uniform in `0..bound` (bound > 0).
        fn below(&mut self, bound: u64) -> u64 {
            self.next() % bound
        }

        /// Uniform in `lo..=hi`.
        pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
            lo + self.below((hi - lo + 1) as u64) as i64
        }

        fn chance(&mut self, percent: u64) -> bool {
            self.below(100) < percent
        }
    }

    type Edges = Vec<(usize, usize, Weight)>;

    fn never_cancel() -> impl FnMut(&Progress) -> Control {
        |_: &Progress| Control::Continue
    }

    fn run(n: usize, edges: &[(usize, usize, Weight)], mode: Mode) -> Matching {
        solve(n, edges, mode, &mut never_cancel()).expect("not cancelled")
    }

    /// The optimum by exhaustive search over subsets: (pairs, weight), where max-weight mode
    /// maximises the weight only and max-cardinality mode maximises (pairs, weight).
    fn brute_force(n: usize, edges: &[(usize, usize, Weight)], mode: Mode) -> (usize, Weight) {
        let mut w = vec![None::<Weight>; n * n];
        for &(u, v, x) in edges {
            if u != v {
                for (a, b) in [(u, v), (v, u)] {
                    w[a * n + b] = Some(w[a * n + b].map_or(x, |y: Weight| y.max(x)));
                }
            }
        }
        let better = |a: (usize, Weight), b: (usize, Weight)| match mode {
            Mode::MaxWeight => a.1 > b.1,
            Mode::MaxCardinality => a > b,
        };
        let mut best = vec![(0usize, 0 as Weight); 1 << n];
        for mask in 1usize..(1 << n) {
            let i = mask.trailing_zeros() as usize;
            let rest = mask & !(1 << i);
            let mut b = best[rest];
            let mut others = rest;
            while others != 0 {
                let j = others.trailing_zeros() as usize;
                others &= others - 1;
                if let Some(x) = w[i * n + j] {
                    let (c, s) = best[rest & !(1 << j)];
                    let cand = (c + 1, s + x);
                    if better(cand, b) {
                        b = cand;
                    }
                }
            }
            best[mask] = b;
        }
        best[(1 << n) - 1]
    }

    /// `mate` is a symmetric matching using only pairs of `edges`, of the stated weight.
    fn check_is_matching(n: usize, edges: &[(usize, usize, Weight)], m: &Matching) {
        assert_eq!(m.mate.len(), n);
        let mut total = 0;
        for (u, v) in m.pairs() {
            assert_eq!(m.mate[u], Some(v));
            assert_eq!(m.mate[v], Some(u));
            let w = edges
                .iter()
                .filter(|e| (e.0 == u && e.1 == v) || (e.0 == v && e.1 == u))
                .map(|e| e.2)
                .max()
                .expect("matched pairs are edges");
            total += w;
        }
        for (u, mu) in m.mate.iter().enumerate() {
            if let Some(v) = *mu {
                assert_eq!(m.mate[v], Some(u));
                assert_ne!(u, v);
            }
        }
        assert_eq!(total, m.weight);
    }

    /// A random graph of one of several shapes, on `n` vertices.
    fn random_graph(rng: &mut Rng, n: usize) -> Edges {
        let density = [10, 30, 60, 100][rng.below(4) as usize];
        let (lo, hi) = [
            (0, 3),
            (-5, 5),
            (1, 1000),
            (1, 1),
            (0, 0),
            (-9, -1),
            (0, 300),
        ][rng.below(7) as usize];
        let mut edges = Vec::new();
        for u in 0..n {
            for v in u + 1..n {
                if rng.chance(density) {
                    let (a, b) = if rng.chance(50) { (u, v) } else { (v, u) };
                    edges.push((a, b, rng.range(lo, hi)));
                }
            }
        }
        // Occasional duplicates and self-loops.
        if n > 0 && rng.chance(20) {
            for _ in 0..3 {
                let u = rng.below(n as u64) as usize;
                let v = rng.below(n as u64) as usize;
                edges.push((u, v, rng.range(lo, hi)));
            }
        }
        // Shuffle so that input order varies too.
        for i in (1..edges.len()).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            edges.swap(i, j);
        }
        edges
    }

    #[test]
    fn small_cases() {
        for mode in [Mode::MaxWeight, Mode::MaxCardinality] {
            let m = run(0, &[], mode);
            assert_eq!((m.weight, m.cardinality()), (0, 0));
            verify_optimality(0, &[], mode, &m).unwrap();

            let m = run(3, &[], mode);
            assert_eq!(m.mate, vec![None; 3]);
            verify_optimality(3, &[], mode, &m).unwrap();

            let edges = [(1, 0, 7)];
            let m = run(2, &edges, mode);
            assert_eq!(m.pairs(), vec![(0, 1)]);
            assert_eq!(m.weight, 7);
            verify_optimality(2, &edges, mode, &m).unwrap();
        }
        // A negative edge is worth taking only when the count comes first.
        let edges = [(0, 1, -4)];
        assert_eq!(run(2, &edges, Mode::MaxWeight).cardinality(), 0);
        let m = run(2, &edges, Mode::MaxCardinality);
        assert_eq!((m.cardinality(), m.weight), (1, -4));
        // Path 0-1-2-3 with a heavy middle: weight prefers the middle, count the ends.
        let edges = [(0, 1, 2), (1, 2, 5), (2, 3, 2)];
        assert_eq!(run(4, &edges, Mode::MaxWeight).pairs(), vec![(1, 2)]);
        assert_eq!(
            run(4, &edges, Mode::MaxCardinality).pairs(),
            vec![(0, 1), (2, 3)]
        );
    }

    #[test]
    fn duplicates_keep_the_largest_weight_and_self_loops_are_ignored() {
        let edges = [(0, 1, 3), (1, 0, 9), (0, 1, 4), (2, 2, 100), (1, 2, 8)];
        for mode in [Mode::MaxWeight, Mode::MaxCardinality] {
            let m = run(3, &edges, mode);
            assert_eq!(m.pairs(), vec![(0, 1)]);
            assert_eq!(m.weight, 9);
            verify_optimality(3, &edges, mode, &m).unwrap();
            assert_eq!(m.slack(2, 2, 100), Weight::MAX);
        }
    }

    #[test]
    fn blossoms_are_found_and_certified() {
        // A triangle hanging off a path: the optimum needs an odd cycle with a positive dual.
        let edges = [
            (0, 1, 10),
            (1, 2, 10),
            (0, 2, 10),
            (2, 3, 4),
            (3, 4, 6),
            (0, 5, 3),
        ];
        for mode in [Mode::MaxWeight, Mode::MaxCardinality] {
            let m = run(6, &edges, mode);
            verify_optimality(6, &edges, mode, &m).unwrap();
            assert_eq!(
                brute_force(6, &edges, mode),
                (m.cardinality(), m.weight),
                "{mode:?}"
            );
        }
        // Random graphs produce nested blossoms with positive duals.
        let mut rng = Rng(7);
        let mut seen = 0;
        for _ in 0..200 {
            let n = 12;
            let edges: Edges = (0..n)
                .flat_map(|u| (u + 1..n).map(move |v| (u, v)))
                .map(|(u, v)| (u, v, rng.range(1, 20)))
                .collect();
            let m = run(n, &edges, Mode::MaxWeight);
            verify_optimality(n, &edges, Mode::MaxWeight, &m).unwrap();
            seen += m.blossoms.len();
        }
        assert!(seen > 0, "no blossom ever had a positive dual");
    }

    #[test]
    fn matches_brute_force_on_random_small_graphs() {
        let mut rng = Rng(2024);
        let mut graphs = 0;
        for round in 0..3000 {
            let n = if round < 50 {
                round % 5
            } else {
                rng.below(15) as usize
            };
            let edges = random_graph(&mut rng, n);
            for mode in [Mode::MaxWeight, Mode::MaxCardinality] {
                let m = run(n, &edges, mode);
                check_is_matching(n, &edges, &m);
                verify_optimality(n, &edges, mode, &m)
                    .unwrap_or_else(|e| panic!("{e}\nn={n} {mode:?} edges={edges:?}"));
                let (pairs, weight) = brute_force(n, &edges, mode);
                assert_eq!(m.weight, weight, "n={n} {mode:?} edges={edges:?}");
                if mode == Mode::MaxCardinality {
                    assert_eq!(m.cardinality(), pairs, "n={n} edges={edges:?}");
                }
                graphs += 1;
            }
        }
        assert_eq!(graphs, 6000);
    }

    #[test]
    fn complete_graphs_match_brute_force() {
        let mut rng = Rng(99);
        for n in 1..=14 {
            for (lo, hi) in [(0, 2), (1, 50), (-20, 20)] {
                let edges: Edges = (0..n)
                    .flat_map(|u| (u + 1..n).map(move |v| (u, v)))
                    .map(|(u, v)| (u, v, rng.range(lo, hi)))
                    .collect();
                for mode in [Mode::MaxWeight, Mode::MaxCardinality] {
                    let m = run(n, &edges, mode);
                    verify_optimality(n, &edges, mode, &m).unwrap();
                    let (pairs, weight) = brute_force(n, &edges, mode);
                    assert_eq!(m.weight, weight);
                    if mode == Mode::MaxCardinality {
                        assert_eq!(m.cardinality(), pairs);
                        assert_eq!(pairs, n / 2);
                    }
                }
            }
        }
    }

    #[test]
    fn disconnected_graphs() {
        // Two triangles and an isolated vertex and an isolated edge.
        let edges = [
            (0, 1, 5),
            (1, 2, 6),
            (0, 2, 7),
            (3, 4, 1),
            (4, 5, 1),
            (3, 5, 1),
            (7, 8, 2),
        ];
        for mode in [Mode::MaxWeight, Mode::MaxCardinality] {
            let m = run(9, &edges, mode);
            verify_optimality(9, &edges, mode, &m).unwrap();
            assert_eq!((m.cardinality(), m.weight), (3, 10));
            assert_eq!(m.mate[6], None);
        }
    }

    #[test]
    fn verify_rejects_what_is_not_optimal() {
        let n = 4;
        let edges = [(0, 1, 2), (1, 2, 5), (2, 3, 2)];
        let good = run(n, &edges, Mode::MaxWeight);
        verify_optimality(n, &edges, Mode::MaxWeight, &good).unwrap();

        // A worse matching with the same duals: its edges are not tight.
        let mut worse = good.clone();
        worse.mate = vec![Some(1), Some(0), Some(3), Some(2)];
        worse.weight = 4;
        assert!(verify_optimality(n, &edges, Mode::MaxWeight, &worse).is_err());

        // Lowered duals leave an edge with negative slack.
        let mut low = good.clone();
        low.vertex_duals[1] -= 2;
        low.vertex_duals[2] += 2;
        assert!(verify_optimality(n, &edges, Mode::MaxWeight, &low).is_err());

        // An exposed vertex with a positive dual.
        let mut exposed = good.clone();
        exposed.vertex_duals[0] = 4;
        assert!(verify_optimality(n, &edges, Mode::MaxWeight, &exposed).is_err());

        // A wrong stated weight; a matched pair that is not an edge; an asymmetric mate.
        let mut wrong = good.clone();
        wrong.weight += 1;
        assert!(verify_optimality(n, &edges, Mode::MaxWeight, &wrong).is_err());
        let mut not_edge = good.clone();
        not_edge.mate = vec![Some(3), Some(2), Some(1), Some(0)];
        assert!(verify_optimality(n, &edges, Mode::MaxWeight, &not_edge).is_err());
        let mut lopsided = good.clone();
        lopsided.mate[0] = Some(1);
        assert!(verify_optimality(n, &edges, Mode::MaxWeight, &lopsided).is_err());

        // A new edge the duals do not cover makes the certificate fail on the larger graph.
        let more = [(0, 1, 2), (1, 2, 5), (2, 3, 2), (0, 3, 9)];
        assert!(verify_optimality(n, &more, Mode::MaxWeight, &good).is_err());
        assert!(good.slack(0, 3, 9) < 0);

        // The mode matters, and the cardinality bonus must be large enough.
        assert!(verify_optimality(n, &edges, Mode::MaxCardinality, &good).is_err());
        let card = run(n, &edges, Mode::MaxCardinality);
        verify_optimality(n, &edges, Mode::MaxCardinality, &card).unwrap();
        let big = [(0, 1, 2), (1, 2, 5), (2, 3, 2), (0, 2, 1000)];
        assert!(verify_optimality(n, &big, Mode::MaxCardinality, &card).is_err());
        assert_eq!(card.slack(0, 2, 1000), Weight::MIN);

        // A blossom with a positive dual that is not full.
        let tri = [(0, 1, 4), (1, 2, 4), (0, 2, 4)];
        let mut m = run(3, &tri, Mode::MaxWeight);
        verify_optimality(3, &tri, Mode::MaxWeight, &m).unwrap();
        m.mate = vec![None; 3];
        m.weight = 0;
        assert!(verify_optimality(3, &tri, Mode::MaxWeight, &m).is_err());
    }

    /// Each vertex keeps its `k` best edges.
    fn sparsify(n: usize, edges: &[(usize, usize, Weight)], k: usize) -> Edges {
        let mut by_vertex: Vec<Vec<(Weight, usize)>> = vec![Vec::new(); n];
        for (i, &(u, v, w)) in edges.iter().enumerate() {
            by_vertex[u].push((w, i));
            by_vertex[v].push((w, i));
        }
        let mut keep = vec![false; edges.len()];
        for list in &mut by_vertex {
            list.sort_by_key(|&(w, i)| (Reverse(w), i));
            for &(_, i) in list.iter().take(k) {
                keep[i] = true;
            }
        }
        edges
            .iter()
            .zip(keep)
            .filter(|(_, k)| *k)
            .map(|(e, _)| *e)
            .collect()
    }

    #[test]
    fn pricing_reaches_the_full_optimum() {
        let mut rng = Rng(31337);
        for _ in 0..120 {
            let n = 10 + rng.below(50) as usize;
            let mut full = Edges::new();
            for u in 0..n {
                for v in u + 1..n {
                    if rng.chance(70) {
                        full.push((u, v, rng.range(-20, 300)));
                    }
                }
            }
            let k = 1 + rng.below(4) as usize;
            for mode in [Mode::MaxWeight, Mode::MaxCardinality] {
                let dense = run(n, &full, mode);
                verify_optimality(n, &full, mode, &dense).unwrap();
                let mut edges = sparsify(n, &full, k);
                let mut m = run(n, &edges, mode);
                let mut solves = 1;
                loop {
                    verify_optimality(n, &edges, mode, &m).unwrap();
                    let violated: Edges = full
                        .iter()
                        .filter(|&&(u, v, w)| {
                            let violated = m.slack(u, v, w) < 0;
                            assert_eq!(m.violates(u, v, w), violated);
                            violated
                        })
                        .copied()
                        .collect();
                    if violated.is_empty() {
                        break;
                    }
                    edges.extend(violated);
                    m = run(n, &edges, mode);
                    solves += 1;
                    assert!(solves < 100);
                }
                assert_eq!(m.weight, dense.weight, "n={n} k={k} {mode:?}");
                assert_eq!(m.cardinality(), dense.cardinality(), "n={n} k={k} {mode:?}");
                // The certificate from the sparse solve holds on the full graph.
                verify_optimality(n, &full, mode, &m).unwrap();
            }
        }
    }

    #[test]
    fn larger_random_graphs_are_certified() {
        let mut rng = Rng(11);
        for round in 0..12 {
            let n = 200 + rng.below(800) as usize;
            let mut edges = Edges::new();
            for u in 0..n {
                let preferred = rng.below(4);
                for c in 0..8 {
                    let v = rng.below(n as u64) as usize;
                    let w = if c < preferred {
                        rng.range(200, 300)
                    } else {
                        rng.range(0, 150)
                    };
                    edges.push((u, v, if round % 3 == 0 { w % 4 } else { w }));
                }
            }
            for mode in [Mode::MaxWeight, Mode::MaxCardinality] {
                let m = run(n, &edges, mode);
                verify_optimality(n, &edges, mode, &m).unwrap();
                // Max cardinality never has fewer pairs, max weight never less weight.
                if mode == Mode::MaxCardinality {
                    let w = run(n, &edges, Mode::MaxWeight);
                    assert!(m.cardinality() >= w.cardinality());
                    assert!(m.weight <= w.weight);
                }
            }
        }
    }

    /// Sparse graphs with few distinct weights: many trees grow at once, meet, and are
    /// taken apart while the others keep growing. Once caught a dual change made while a
    /// rebuilt best edge had just labelled a blossom whose edges were not yet scanned.
    #[test]
    fn sparse_graphs_with_many_ties_are_certified() {
        let mut rng = Rng(339);
        for _ in 0..3_000 {
            let n = 8 + rng.below(40) as usize;
            let degree = 1 + rng.below(5);
            let top = rng.range(2, 14);
            let mut edges = Edges::new();
            for u in 0..n {
                for _ in 0..degree {
                    edges.push((u, rng.below(n as u64) as usize, rng.range(1, top)));
                }
            }
            for mode in [Mode::MaxWeight, Mode::MaxCardinality] {
                let m = run(n, &edges, mode);
                verify_optimality(n, &edges, mode, &m).unwrap();
            }
        }
    }

    #[test]
    fn deterministic() {
        let mut rng = Rng(77);
        for _ in 0..20 {
            let n = 50 + rng.below(200) as usize;
            let mut edges = Edges::new();
            for u in 0..n {
                for _ in 0..6 {
                    edges.push((u, rng.below(n as u64) as usize, rng.range(0, 5)));
                }
            }
            for mode in [Mode::MaxWeight, Mode::MaxCardinality] {
                let a = run(n, &edges, mode);
                let b = run(n, &edges, mode);
                assert_eq!(a, b);
                assert_eq!(format!("{a:?}"), format!("{b:?}"));
            }
        }
    }

    #[test]
    fn progress_is_reported_and_cancel_stops_the_solve() {
        let mut rng = Rng(3);
        let n = 2000;
        let edges: Edges = (0..n * 10)
            .map(|i| (i % n, rng.below(n as u64) as usize, rng.range(0, 300)))
            .collect();
        let mut calls = Vec::new();
        let m = solve(n, &edges, Mode::MaxCardinality, &mut |p: &Progress| {
            calls.push(*p);
            Control::Continue
        })
        .unwrap();
        assert!(calls.len() >= 2);
        assert!(calls.iter().all(|p| p.vertices == n));
        let last = calls.last().unwrap();
        assert_eq!(last.matched_vertices, 2 * m.cardinality());
        assert!(
            calls
                .windows(2)
                .all(|w| w[0].augmentations <= w[1].augmentations)
        );

        assert_eq!(
            solve(n, &edges, Mode::MaxWeight, &mut |_: &Progress| {
                Control::Cancel
            }),
            Err(Cancelled)
        );
        let mut left = 2;
        let cancelled = solve(n, &edges, Mode::MaxCardinality, &mut |_: &Progress| {
            left -= 1;
            if left == 0 {
                Control::Cancel
            } else {
                Control::Continue
            }
        });
        assert_eq!(cancelled, Err(Cancelled));
    }
}
