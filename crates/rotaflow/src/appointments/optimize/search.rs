//! The search itself: steepest descent over the small neighbourhood, branch and bound over the
//! full one (see the [module documentation](super) for the method).

mod lookahead;
mod pairs;
mod parallel;
mod small;

use super::{SearchOptions, GRID_FULL_NODES};
use crate::appointments::error::{AppointmentError, Result};
use crate::appointments::{Kernel, Schedule, SessionModel};

const BIG: f64 = 1e30;

/// Pattern modes of the search (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Pattern A, a `+1` placed, its `-1` to come (prefix holds one patient more).
    AOpen,
    /// Pattern A, pairs closed, another `+1` to come.
    ACont,
    /// Pattern B, a `-1` placed, its `+1` to come (prefix holds one patient less).
    BOpen,
    /// Pattern B, pairs closed, another `-1` to come.
    BCont,
}

impl Mode {
    fn index(self) -> usize {
        self as usize
    }
}

/// What happens at a slot: the change and the mode after it (`None` = a pair was just closed,
/// the candidate may stop here).
#[derive(Debug, Clone, Copy)]
struct Choice {
    delta: i32,
    /// Balance (patients moved into the prefix) after the change.
    balance: i64,
    next: Option<Mode>,
    /// Mode to continue in after closing.
    cont: Mode,
}

fn choices(mode: Mode) -> [Choice; 2] {
    match mode {
        Mode::AOpen => [
            Choice {
                delta: 0,
                balance: 1,
                next: Some(Mode::AOpen),
                cont: Mode::ACont,
            },
            Choice {
                delta: -1,
                balance: 0,
                next: None,
                cont: Mode::ACont,
            },
        ],
        Mode::ACont => [
            Choice {
                delta: 0,
                balance: 0,
                next: Some(Mode::ACont),
                cont: Mode::ACont,
            },
            Choice {
                delta: 1,
                balance: 1,
                next: Some(Mode::AOpen),
                cont: Mode::ACont,
            },
        ],
        Mode::BOpen => [
            Choice {
                delta: 0,
                balance: -1,
                next: Some(Mode::BOpen),
                cont: Mode::BCont,
            },
            Choice {
                delta: 1,
                balance: 0,
                next: None,
                cont: Mode::BCont,
            },
        ],
        Mode::BCont => [
            Choice {
                delta: 0,
                balance: 0,
                next: Some(Mode::BCont),
                cont: Mode::BCont,
            },
            Choice {
                delta: -1,
                balance: -1,
                next: Some(Mode::BOpen),
                cont: Mode::BCont,
            },
        ],
    }
}

/// The search state for one current template `x`.
struct Search<'a, K: Kernel> {
    k: &'a K,
    gap: usize,
    slots: usize,
    n: u32,
    rho: f64,
    wait_coef: f64,
    idle_w: f64,
    over_w: f64,
    x: Vec<u32>,
    /// cum[j] = x_0 + ... + x_j.
    cum: Vec<u32>,
    fwd: Vec<Vec<f64>>,
    cost: Vec<f64>,
    val: Vec<Vec<f64>>,
    total: f64,
}

impl<'a, K: Kernel> Search<'a, K> {
    fn new(k: &'a K, gap: usize, model: &SessionModel, x: Vec<u32>) -> Self {
        let q = 1.0 - model.no_show;
        let mut s = Search {
            k,
            gap,
            slots: model.slots,
            n: model.patients,
            rho: model.no_show,
            wait_coef: model.weights.wait / (model.patients as f64 * q),
            idle_w: model.weights.idle,
            over_w: model.weights.overtime,
            x,
            cum: Vec::new(),
            fwd: Vec::new(),
            cost: Vec::new(),
            val: Vec::new(),
            total: 0.0,
        };
        s.refresh();
        s
    }

    /// Idle-cost coefficient of a slot after which `rem` booked patients remain.
    fn idle_coef(&self, rem: i64) -> f64 {
        if rem <= 0 {
            0.0
        } else {
            self.idle_w * (1.0 - self.rho.powi(rem.min(i32::MAX as i64) as i32))
        }
    }

    fn rem(&self, j: usize, balance: i64) -> i64 {
        self.n as i64 - self.cum[j] as i64 - balance
    }

    /// One slot forward: arrivals of `count`, then the slot; returns the cost increment.
    fn step(
        &self,
        p: &[f64],
        count: u32,
        rem: i64,
        scratch: &mut Vec<f64>,
        out: &mut Vec<f64>,
    ) -> f64 {
        let w = self.k.arrive(p, count, scratch);
        let idle = self.k.advance(scratch, self.gap, out);
        self.wait_coef * w + self.idle_coef(rem) * idle
    }

    /// One slot backward (adjoint of `step`).
    fn step_adjoint(
        &self,
        u: &[f64],
        count: u32,
        rem: i64,
        scratch: &mut Vec<f64>,
        out: &mut Vec<f64>,
    ) {
        self.k
            .advance_adjoint(u, self.gap, self.idle_coef(rem), scratch);
        self.k.arrive_adjoint(scratch, count, self.wait_coef, out);
    }

    fn dot(p: &[f64], v: &[f64]) -> f64 {
        p.iter().zip(v).map(|(a, b)| a * b).sum()
    }

    /// Recomputes the prefix sums of `x`.
    fn update_cum(&mut self) {
        self.cum = self
            .x
            .iter()
            .scan(0u32, |acc, &c| {
                *acc += c;
                Some(*acc)
            })
            .collect();
    }

    /// Recomputes prefix sums, forward distributions, costs and value vectors of `x`.
    fn refresh(&mut self) {
        let t = self.slots;
        self.update_cum();
        let mut fwd = Vec::with_capacity(t + 1);
        let mut cost = Vec::with_capacity(t + 1);
        fwd.push(vec![1.0]);
        cost.push(0.0);
        let mut scratch = Vec::new();
        for j in 0..t {
            let mut out = Vec::new();
            let c = self.step(&fwd[j], self.x[j], self.rem(j, 0), &mut scratch, &mut out);
            cost.push(cost[j] + c);
            fwd.push(out);
        }
        let mut val = vec![Vec::new(); t + 1];
        self.k.work_values(self.over_w, &mut val[t]);
        for j in (0..t).rev() {
            let mut out = Vec::new();
            self.step_adjoint(
                &val[j + 1],
                self.x[j],
                self.rem(j, 0),
                &mut scratch,
                &mut out,
            );
            val[j] = out;
        }
        self.total = cost[t] + Self::dot(&fwd[t], &val[t]);
        self.fwd = fwd;
        self.cost = cost;
        self.val = val;
    }

    /// Objective of `x + delta` where `delta` is given as sorted `(slot, change)` pairs with
    /// zero sum; `None` if infeasible.
    fn candidate(&self, changes: &[(usize, i32)]) -> Option<f64> {
        let (first, last) = (changes.first()?.0, changes.last()?.0);
        let mut p = self.fwd[first].clone();
        let mut c = self.cost[first];
        let mut balance = 0i64;
        let mut it = changes.iter().peekable();
        let (mut scratch, mut out) = (Vec::new(), Vec::new());
        for j in first..=last {
            let mut d = 0;
            while let Some(&&(s, ch)) = it.peek() {
                if s == j {
                    d += ch;
                    it.next();
                } else {
                    break;
                }
            }
            balance += d as i64;
            let count = self.x[j] as i64 + d as i64;
            if count < 0 {
                return None;
            }
            c += self.step(
                &p,
                count as u32,
                self.rem(j, balance),
                &mut scratch,
                &mut out,
            );
            std::mem::swap(&mut p, &mut out);
        }
        Some(c + Self::dot(&p, &self.val[last + 1]))
    }

    fn eps(&self) -> f64 {
        1e-9 * self.total.abs().max(1.0)
    }

    /// Lower-bound vectors of the adaptive relaxation: `q[mode][choice][j]` is the value
    /// before the arrivals of slot `j` of taking `choice` there (in `mode`) and continuing
    /// optimally with state-dependent decisions; the value of a mode is the minimum over its
    /// choices. Infeasible choices get a huge value.
    fn bounds(&self) -> Bounds {
        let t = self.slots;
        let d = self.k.dim();
        let mut u = vec![vec![vec![BIG; d]; t + 1]; 4];
        let mut q = vec![vec![vec![vec![BIG; d]; t]; 2]; 4];
        let mut scratch = Vec::new();
        let mut tmp = Vec::new();
        let mut closed = vec![0.0; d];
        for j in (0..t).rev() {
            for mode in [Mode::AOpen, Mode::ACont, Mode::BOpen, Mode::BCont] {
                let mut best = vec![BIG; d];
                for (ci, ch) in choices(mode).into_iter().enumerate() {
                    let count = self.x[j] as i64 + ch.delta as i64;
                    if count < 0 {
                        continue;
                    }
                    let next: &[f64] = match ch.next {
                        Some(m) => &u[m.index()][j + 1],
                        None => {
                            for ((c, a), b) in closed
                                .iter_mut()
                                .zip(&self.val[j + 1])
                                .zip(&u[ch.cont.index()][j + 1])
                            {
                                *c = a.min(*b);
                            }
                            &closed
                        }
                    };
                    self.step_adjoint(
                        next,
                        count as u32,
                        self.rem(j, ch.balance),
                        &mut scratch,
                        &mut tmp,
                    );
                    for v in tmp.iter_mut() {
                        *v = v.min(BIG);
                    }
                    for (b, v) in best.iter_mut().zip(&tmp) {
                        *b = b.min(*v);
                    }
                    q[mode.index()][ci][j] = tmp.clone();
                }
                u[mode.index()][j] = best;
            }
        }
        Bounds { q }
    }
}

/// Per-choice lower-bound vectors, see [`Search::bounds`].
struct Bounds {
    q: Vec<Vec<Vec<Vec<f64>>>>,
}

/// An improvement found by the branch and bound: the node count when found, the cost, the
/// changes.
type Event = (u64, f64, Vec<(usize, i32)>);

/// Depth-first branch and bound over the full neighbourhood.
struct FullSearch<'s, 'a, K: Kernel> {
    s: &'s Search<'a, K>,
    bounds: &'s Bounds,
    best: f64,
    best_changes: Option<Vec<(usize, i32)>>,
    path: Vec<(usize, i32)>,
    nodes: u64,
    budget: Option<u64>,
    exhausted: bool,
    /// Improvements in the order found.
    events: Vec<Event>,
    /// Where a search run beside others reports its progress and learns to stop.
    watch: Option<parallel::Watch<'s>>,
    /// A thread taking the steps of a node's second child beside the first one's.
    helper: Option<&'s pairs::Helper>,
    pool: Vec<Vec<f64>>,
    scratch: Vec<f64>,
}

impl<'s, 'a, K: Kernel> FullSearch<'s, 'a, K> {
    fn new(s: &'s Search<'a, K>, bounds: &'s Bounds, best: f64, budget: Option<u64>) -> Self {
        FullSearch {
            s,
            bounds,
            best,
            best_changes: None,
            path: Vec::new(),
            nodes: 0,
            budget,
            exhausted: false,
            events: Vec::new(),
            watch: None,
            helper: None,
            pool: Vec::new(),
            scratch: Vec::new(),
        }
    }
}

impl<K: Kernel> FullSearch<'_, '_, K> {
    fn threshold(&self) -> f64 {
        self.best - self.s.eps()
    }

    /// Takes choice `ci` of `mode` at slot `j` from state `p` (before arrivals) with
    /// accumulated cost `c`, unless its lower bound shows that no completion can improve.
    /// `pre` is the step of this choice when it was taken ahead ([`FullSearch::pair`]).
    fn branch(
        &mut self,
        j: usize,
        p: &[f64],
        c: f64,
        mode: Mode,
        ci: usize,
        pre: Option<pairs::Stepped>,
    ) {
        let s = self.s;
        if self.exhausted {
            self.recycle(pre);
            return;
        }
        let ch = choices(mode)[ci];
        let count = s.x[j] as i64 + ch.delta as i64;
        if count < 0
            || c + Search::<K>::dot(p, &self.bounds.q[mode.index()][ci][j]) >= self.threshold()
        {
            self.recycle(pre);
            return;
        }
        if let Some(b) = self.budget {
            if self.nodes >= b {
                self.exhausted = true;
                self.recycle(pre);
                return;
            }
        }
        self.nodes += 1;
        if self.nodes % parallel::WATCH_NODES == 0 {
            if let Some(w) = &self.watch {
                if w.should_stop(self.nodes) {
                    self.exhausted = true;
                    self.recycle(pre);
                    return;
                }
            }
        }
        let (out, c2) = match pre {
            Some((out, step)) => (out, c + step),
            None => {
                let mut out = self.pool.pop().unwrap_or_default();
                let mut scratch = std::mem::take(&mut self.scratch);
                let c2 = c + s.step(
                    p,
                    count as u32,
                    s.rem(j, ch.balance),
                    &mut scratch,
                    &mut out,
                );
                self.scratch = scratch;
                (out, c2)
            }
        };
        if ch.delta != 0 {
            self.path.push((j, ch.delta));
        }
        let cont = match ch.next {
            None => {
                let cand = c2 + Search::<K>::dot(&out, &s.val[j + 1]);
                if cand < self.threshold() {
                    self.best = cand;
                    self.best_changes = Some(self.path.clone());
                    self.events.push((self.nodes, cand, self.path.clone()));
                }
                ch.cont
            }
            Some(m) => m,
        };
        if j + 1 < s.slots {
            let [first, second] = self.pair(j + 1, &out, c2, cont);
            self.branch(j + 1, &out, c2, cont, 0, first);
            self.branch(j + 1, &out, c2, cont, 1, second);
        }
        if ch.delta != 0 {
            self.path.pop();
        }
        self.pool.push(out);
    }

    /// Task `task` of the full neighbourhood: the candidates whose first change is at slot
    /// `task / 2`, a `+1` (pattern A) for even tasks, a `-1` (pattern B) for odd ones (the
    /// same choices as re-opening a pair in the "continue" modes).
    fn run_task(&mut self, task: usize) {
        let s = self.s;
        let j = task / 2;
        let mode = if task % 2 == 0 {
            Mode::ACont
        } else {
            Mode::BCont
        };
        self.branch(j, &s.fwd[j], s.cost[j], mode, 1, None);
    }

    /// Every task in order (one thread).
    #[cfg(test)]
    fn run(&mut self) {
        for task in 0..2 * self.s.slots {
            self.run_task(task);
            if self.exhausted {
                return;
            }
        }
    }
}

pub(super) type SearchOutcome = (Vec<u32>, usize, usize, bool, u64);

/// Multiply-adds the lookahead bounds may spend (about a fifth of a second).
const LOOKAHEAD_WORK: f64 = 3e9;

/// Deepest lookahead of the bounds.
const MAX_LOOKAHEAD: usize = 14;

/// Lookahead depth of the bounds for `slots` slots and `dim` queue states: as deep as
/// [`LOOKAHEAD_WORK`] allows (each level doubles the sequences enumerated per slot). The grid
/// method keeps the adaptive bound of [`Search::bounds`] (depth 0): its steps cost too much to
/// enumerate sequences, and its node-limited search then visits the nodes it always visited.
fn lookahead_depth(grid: bool, slots: usize, dim: usize) -> usize {
    if grid {
        return 0;
    }
    let per_level = 8.0 * slots as f64 * (dim * dim) as f64;
    (1..=MAX_LOOKAHEAD)
        .take_while(|&l| per_level * 2f64.powi(l as i32) <= LOOKAHEAD_WORK)
        .last()
        .unwrap_or(1)
}

/// Nodes a full search with the adaptive bound may visit before it is given up for one with
/// the lookahead bounds, whose own cost only pays off in larger searches.
const FIRST_TRY_NODES: u64 = 200_000;

/// One full-neighbourhood search of `s` with `bounds` and a node `budget`.
fn run_full<K: Kernel>(
    s: &Search<'_, K>,
    grid: bool,
    bounds: &Bounds,
    budget: Option<u64>,
) -> parallel::FullOutcome {
    // A node budget is mostly spent inside the first few tasks, which one thread searches
    // in order anyway; threads beside it would only search nodes past the budget.
    let threads = if budget.is_some() {
        1
    } else {
        parallel::threads()
    };
    // A node-limited search with the grid method takes the steps of a node's two children
    // together instead. The exact method's steps are too cheap for it: handing a step to the
    // other thread costs more than taking it.
    if grid && threads == 1 && parallel::threads() > 1 {
        s.with_helper(|h| s.full_search(bounds, budget, 1, Some(h)))
    } else {
        s.full_search(bounds, budget, threads, None)
    }
}

pub(super) fn search<K: Kernel>(
    k: K,
    grid: bool,
    model: &SessionModel,
    start: &Schedule,
    options: &SearchOptions,
) -> Result<SearchOutcome> {
    let depth = lookahead_depth(grid, model.slots, k.dim());
    search_with(k, grid, model, start, options, depth, FIRST_TRY_NODES)
}

/// [`search`] with the bounds' lookahead `depth` (0: the adaptive bound of [`Search::bounds`]),
/// each full search first tried with the adaptive bound within `first_try` nodes (0: never).
fn search_with<K: Kernel>(
    mut k: K,
    grid: bool,
    model: &SessionModel,
    start: &Schedule,
    options: &SearchOptions,
    depth: usize,
    first_try: u64,
) -> Result<SearchOutcome> {
    if model.slots.saturating_mul(k.dim()) > 2_000_000 {
        return Err(AppointmentError::UnsupportedMethod(format!(
            "the session is too large to optimise: {} slots times {} queue states; use fewer slots or patients, or a coarser grid",
            model.slots,
            k.dim()
        )));
    }
    let gap = k.add_gap(model.slot_minutes as f64)?;
    let budget = options
        .max_full_nodes
        .or(if grid { Some(GRID_FULL_NODES) } else { None });
    let mut s = Search::new(&k, gap, model, start.counts().to_vec());
    let (mut small, mut full) = (0usize, 0usize);
    // The grid method's candidates cost enough to be worth valuing on several threads.
    let small_threads = if grid { parallel::threads() } else { 1 };
    loop {
        if options.small_neighbourhood {
            while let Some(mv) = s.best_small_move(small_threads) {
                s.apply(&mv);
                small += 1;
            }
        }
        if !options.full_neighbourhood {
            return Ok((s.x.clone(), small, full, false, 0));
        }
        // The lookahead bounds cost a fixed amount of work, which most searches do not need:
        // the adaptive bound is tried first within `first_try` nodes, and only a search it
        // does not finish there is run again with the lookahead. A finished search finds the
        // same best neighbour whichever valid bounds pruned it.
        let first = (depth > 0 && first_try > 0).then(|| {
            let cap = budget.map_or(first_try, |b| b.min(first_try));
            run_full(&s, grid, &s.bounds(), Some(cap))
        });
        let (found, exhausted, nodes) = match first {
            Some(outcome) if !outcome.1 => outcome,
            _ => {
                let bb = if depth == 0 {
                    s.bounds()
                } else {
                    s.lookahead_bounds(depth)
                };
                run_full(&s, grid, &bb, budget)
            }
        };
        match found {
            Some(changes) => {
                s.apply(&changes);
                full += 1;
            }
            None => return Ok((s.x.clone(), small, full, !exhausted, nodes)),
        }
        if full > 100_000 {
            return Err(AppointmentError::UnsupportedMethod(
                "the full-neighbourhood search did not converge; this indicates a numerical problem".into(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appointments::Weights;
    use crate::appointments::{evaluate_template, AnyKernel, Method};

    fn brute_force_neighbours(x: &[u32]) -> Vec<Vec<u32>> {
        // All non-empty proper subsets S of {1..T}: x + sum_{t in S} u_t, u_t = e_{t-1} - e_t
        // cyclically (only for small T).
        let t = x.len();
        let mut out = Vec::new();
        for mask in 1u32..(1u32 << t) - 1 {
            let mut y: Vec<i64> = x.iter().map(|&v| v as i64).collect();
            for i in 0..t {
                if mask >> i & 1 == 1 {
                    let prev = (i + t - 1) % t;
                    y[prev] += 1;
                    y[i] -= 1;
                }
            }
            if y.iter().all(|&v| v >= 0) {
                out.push(y.into_iter().map(|v| v as u32).collect());
            }
        }
        out
    }

    fn small_model(service: &str) -> SessionModel {
        SessionModel::new(8, 10, 4, service.parse().unwrap())
            .with_no_show(0.15)
            .with_weights(Weights::new(1.5, 0.3, 1.0))
    }

    #[test]
    fn full_search_finds_the_best_neighbour() {
        // Compare the branch and bound with brute force over all 2^T - 2 subsets.
        for (service, codes) in [
            (
                "exp:25",
                &["40000000", "11110000", "20100100", "01010101", "00000013"][..],
            ),
            ("gamma:25:0.6", &["11110000", "20100100", "00000013"][..]),
        ] {
            let model = small_model(service);
            for &code in codes {
                let x: Schedule = code.parse().unwrap();
                let (mut k, method) =
                    AnyKernel::build(&model, Method::Auto, model.session_minutes()).unwrap();
                let best_brute = brute_force_neighbours(x.counts())
                    .into_iter()
                    .map(|y| {
                        evaluate_template(&model, &Schedule::new(y), Method::Auto)
                            .unwrap()
                            .objective
                    })
                    .fold(f64::INFINITY, f64::min);
                let found = match &mut k {
                    AnyKernel::Exact(k) => run_full(k, &model, &x),
                    AnyKernel::Grid(k) => run_full(k, &model, &x),
                };
                let own = evaluate_template(&model, &x, Method::Auto)
                    .unwrap()
                    .objective;
                match found {
                    Some(c) => assert!(
                        (c - best_brute).abs() < 1e-9,
                        "{service} {code} {method:?}: {c} vs {best_brute}"
                    ),
                    None => assert!(
                        best_brute >= own - 1e-9,
                        "{service} {code}: missed {best_brute} < {own}"
                    ),
                }
            }
        }
    }

    fn run_full<K: Kernel>(k: &mut K, model: &SessionModel, x: &Schedule) -> Option<f64> {
        let gap = k.add_gap(model.slot_minutes as f64).unwrap();
        let s = Search::new(&*k, gap, model, x.counts().to_vec());
        let bounds = s.bounds();
        let mut fs = FullSearch::new(&s, &bounds, s.total, None);
        fs.run();
        let changes = fs.best_changes.clone()?;
        // The reported cost is the true objective of the neighbour.
        let mut y: Vec<i64> = x.counts().iter().map(|&v| v as i64).collect();
        for (j, d) in &changes {
            y[*j] += *d as i64;
        }
        let y = Schedule::new(y.into_iter().map(|v| v as u32).collect());
        let direct = evaluate_template(model, &y, Method::Auto)
            .unwrap()
            .objective;
        assert!((direct - fs.best).abs() < 1e-9);
        Some(fs.best)
    }

    #[test]
    fn candidate_costs_match_direct_evaluation() {
        let model = SessionModel::kaandorp_koole(1.0);
        let x: Schedule = "110001000100010001000010001000100010000000000000"
            .parse()
            .unwrap();
        let (k, _) = AnyKernel::build(&model, Method::Exact, 240.0).unwrap();
        let AnyKernel::Exact(mut k) = k else {
            panic!("exact kernel expected")
        };
        let gap = k.add_gap(5.0).unwrap();
        let s = Search::new(&k, gap, &model, x.counts().to_vec());
        let direct = evaluate_template(&model, &x, Method::Exact)
            .unwrap()
            .objective;
        assert!((s.total - direct).abs() < 1e-10);
        for mv in s.small_moves() {
            if let Some(c) = s.candidate(&mv) {
                let mut y: Vec<i64> = x.counts().iter().map(|&v| v as i64).collect();
                for (j, d) in &mv {
                    y[*j] += *d as i64;
                }
                let y = Schedule::new(y.into_iter().map(|v| v as u32).collect());
                let e = evaluate_template(&model, &y, Method::Exact)
                    .unwrap()
                    .objective;
                assert!((c - e).abs() < 1e-10, "{mv:?}: {c} vs {e}");
            }
        }
    }
}
