//! Mixed-integer programming: the whole roster problem as one MIP whose objective is exactly
//! the evaluator's cost, used to solve small instances exactly ([`solve_exact`]) and to
//! re-optimise a window of cells inside a larger roster ([`reoptimise_window`]), the building
//! block of a large neighbourhood search.
//!
//! ## Formulation
//! One binary per free cell and shift, one penalty variable per rule term that can be broken,
//! every rule of `crate::rules` with the evaluator's semantics and units (see the
//! `formulation` module for each rule's rows). Cells outside the window are constants, so
//! costs that span fixed and free cells (blocks crossing the window's edge, totals, weekends,
//! cover with fixed people on duty) are modelled exactly with the fixed part folded in. A
//! staff member without any free cell contributes the evaluator's own constant.
//!
//! ## Hard before soft: two phases, not a big M
//! `Score` compares hard first. A single objective `M * hard + soft` is lexicographic only
//! when `M` exceeds every possible soft total. On realistic data that bound is large: the
//! minute-based rules alone reach millions (a 1-minute weight on 9 000 minutes for each of 30
//! people), so `M * hard` spans ten or more orders of magnitude; a relative MIP gap or a
//! feasibility tolerance of 1e-6 on such an objective is worth more than the whole soft part,
//! and the soft optimum would be lost in rounding. So the solve is **lexicographic in two
//! phases**: phase 1 minimises the hard part `H`; phase 2 adds `hard <= H*` (the best hard
//! value found) and minimises the soft part. Both objectives keep small integer coefficients.
//! A phase is skipped when its objective cannot go lower than the incumbent's (for example
//! when the starting roster has no hard violation). The MIP is always feasible (every rule is
//! a penalty, never a constraint), so an over-constrained scenario still gives a roster.
//!
//! When `H*` is the least value the hard part can take at all (0 when every hard rule can
//! hold, the common case), phase 2 fixes every hard term at its least value instead of
//! adding the sum row, and adds the strong minimum-block rows (min-up / min-down
//! inequalities) that hold for every roster without a hard breach. They only cut fractional
//! points and speed the proof up several times.
//!
//! The starting roster (the construction, or the roster around a window) is the first
//! incumbent; a solver answer replaces it only when the evaluator-exact model value of the
//! answer's roster is at least as good, so the result is never worse than the start.
//!
//! ## Backends and determinism
//! microlp by default, HiGHS with the cargo feature `highs` (see [`backend_name`]). Without a
//! time limit both are deterministic: same input, same roster. With a time limit the result
//! depends on the machine's speed. [`MipOptions::node_limit`] bounds the branch-and-bound
//! nodes of each phase (microlp's `node_limit`, HiGHS' `mip_max_nodes`) and keeps the result
//! reproducible; the large neighbourhood search of [`crate::solver::solve`] relies on it.
//!
//! ## How fast
//! Measured on the Curtois instances (2 shared cores): Instance1 exact, proven optimum 607,
//! in about 3 s with HiGHS and 7-10 s with microlp (release). Windows around a local search
//! roster with no hard violation: 5 staff x 7 days in a few milliseconds with either backend;
//! 10 x 14 in about 2 s with HiGHS, beyond 10 s with microlp. Give LNS windows a node or time
//! limit ([`MipOptions::node_limit`], [`MipOptions::time_limit`]); the best roster found is
//! still returned, never worse than the start.

mod backend;
mod formulation;
#[cfg(test)]
mod tests;

use crate::evaluation::{score, Score};
use crate::model::{Scenario, StaffId};
use crate::roster::Roster;
use backend::Problem;
use formulation::{Lin, Model};
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::time::{Duration, Instant};

/// The name of the MIP backend compiled in: `"highs"` with the `highs` feature, else
/// `"microlp"`.
pub fn backend_name() -> &'static str {
    backend::NAME
}

/// Limits of a MIP solve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MipOptions {
    /// Wall-clock limit for the whole call (both phases). `None`: solve to the gap. Results
    /// under a time limit are not reproducible.
    pub time_limit: Option<Duration>,
    /// Most branch-and-bound nodes per phase. `None`: no limit. Unlike the time limit, a node
    /// limit keeps the result reproducible (used by the large neighbourhood search of
    /// [`crate::solver::solve`] under a work limit).
    #[serde(default)]
    pub node_limit: Option<u64>,
    /// Relative gap at which each phase may stop, `(incumbent - bound) / incumbent`; `0.0`
    /// (the default) asks for a proven optimum. Negative or non-finite values count as `0.0`.
    pub relative_gap: f64,
}

impl Default for MipOptions {
    fn default() -> Self {
        Self {
            time_limit: None,
            node_limit: None,
            relative_gap: 0.0,
        }
    }
}

impl MipOptions {
    /// Options with a wall-clock limit.
    pub fn with_time_limit(time_limit: Duration) -> Self {
        Self {
            time_limit: Some(time_limit),
            ..Self::default()
        }
    }

    /// The backend these options will be used with (see [`backend_name`]).
    pub fn backend(&self) -> &'static str {
        backend::NAME
    }
}

/// The cells (staff member, day) a window re-optimisation may change; every other cell keeps
/// its value. Staff members or days outside the scenario are ignored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Window {
    /// Every day of `days` for each of `staff`.
    Block {
        /// The staff members.
        staff: Vec<StaffId>,
        /// The days (day indices, end excluded).
        days: Range<usize>,
    },
    /// An explicit set of cells.
    Cells(Vec<(StaffId, usize)>),
}

impl Window {
    /// Every cell of the scenario.
    pub fn all(scenario: &Scenario) -> Self {
        Window::Block {
            staff: (0..scenario.staff().len()).map(StaffId::new).collect(),
            days: 0..scenario.days(),
        }
    }

    /// The days `days` of each of `staff`.
    pub fn block(staff: impl IntoIterator<Item = StaffId>, days: Range<usize>) -> Self {
        Window::Block {
            staff: staff.into_iter().collect(),
            days,
        }
    }

    /// The window as a mask over the scenario's cells, `mask[staff * days + day]`.
    pub fn mask(&self, scenario: &Scenario) -> Vec<bool> {
        let n = scenario.staff().len();
        let days = scenario.days();
        let mut mask = vec![false; n * days];
        let mut mark = |s: StaffId, d: usize| {
            if s.index() < n && d < days {
                mask[s.index() * days + d] = true;
            }
        };
        match self {
            Window::Block { staff, days } => {
                for &s in staff {
                    for d in days.clone() {
                        mark(s, d);
                    }
                }
            }
            Window::Cells(cells) => {
                for &(s, d) in cells {
                    mark(s, d);
                }
            }
        }
        mask
    }
}

/// What a MIP solve returns.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MipResult {
    /// The best roster found (never worse than the starting roster).
    pub roster: Roster,
    /// Its evaluator score ([`crate::score`]).
    pub score: Score,
    /// The objective values the MIP reported: hard from phase 1, soft from phase 2 (the
    /// starting roster's value for a phase that was skipped). Equal to `score` when
    /// `optimal`; otherwise at least `score`.
    pub objective: Score,
    /// True when the roster is proven lexicographically optimal over the free cells (for
    /// [`solve_exact`]: over all rosters).
    pub optimal: bool,
    /// True when the hard part is proven minimal.
    pub hard_optimal: bool,
    /// A lower bound on the soft part of the (lexicographic) optimum over the free cells:
    /// phase 2 bounds the soft part of every roster whose hard part is at most the best hard
    /// value known when it started, a set that contains the optimum. Equal to `score.soft`
    /// when `optimal`; `None` when the backend gave no bound (for example when the time limit
    /// ran out before phase 2).
    pub soft_lower_bound: Option<u64>,
    /// `(score.soft - soft_lower_bound) / score.soft` (0 when both are 0), when a bound is known.
    pub gap: Option<f64>,
    /// The backend used ([`backend_name`]).
    pub backend: &'static str,
    /// Number of free cells.
    pub free_cells: usize,
    /// Number of MIP variables.
    pub variables: usize,
    /// Number of MIP rows.
    pub constraints: usize,
    /// Wall-clock time of the call.
    pub elapsed: Duration,
}

/// Solves the whole roster problem exactly (up to `options`' limits), starting from the
/// greedy construction ([`crate::solver::construct`] with seed 0). For small instances (a few
/// hundred cells); larger ones need a time limit and then return the best roster found with
/// a bound.
pub fn solve_exact(scenario: &Scenario, options: &MipOptions) -> MipResult {
    let start = super::construct(scenario, 0);
    solve_exact_from(scenario, &start, options)
}

/// Like [`solve_exact`], with `start` as the first incumbent (for example a local search
/// result). A `start` that does not fit the scenario is replaced by the construction.
pub fn solve_exact_from(scenario: &Scenario, start: &Roster, options: &MipOptions) -> MipResult {
    let free = vec![true; scenario.staff().len() * scenario.days()];
    if start.fits(scenario) {
        optimise(scenario, start, &free, options)
    } else {
        optimise(scenario, &super::construct(scenario, 0), &free, options)
    }
}

/// Re-optimises the cells of `window` in `roster`, every other cell fixed, and returns the
/// full result (which may equal `roster` when nothing better exists). `None` when `roster`
/// does not fit the scenario.
pub fn solve_window(
    scenario: &Scenario,
    roster: &Roster,
    window: &Window,
    options: &MipOptions,
) -> Option<MipResult> {
    if !roster.fits(scenario) {
        return None;
    }
    Some(optimise(scenario, roster, &window.mask(scenario), options))
}

/// Re-optimises the cells of `window` in `roster`, every other cell fixed to its current
/// value. Returns the new roster only when its evaluator score is strictly better than
/// `roster`'s; `None` otherwise (also when `roster` does not fit the scenario).
pub fn reoptimise_window(
    scenario: &Scenario,
    roster: &Roster,
    window: &Window,
    options: &MipOptions,
) -> Option<Roster> {
    let before = roster.fits(scenario).then(|| score(scenario, roster))?;
    let r = solve_window(scenario, roster, window, options)?;
    (r.score < before).then_some(r.roster)
}

/// The model's value of an objective part at `values`, as an integer amount.
fn amount(lin: &Lin, values: &[f64]) -> u64 {
    lin.eval(values).round().max(0.0) as u64
}

/// `ceil(bound)` up to the solver's tolerance, as an amount.
fn ceil_amount(bound: f64) -> u64 {
    (bound - 1e-6).ceil().max(0.0) as u64
}

/// True when the backend's answer proves that an incumbent of value `current` is optimal:
/// its bound reaches `current`, or it proved an optimum no better than `current`. (A proven
/// optimum below `current` whose roster was not accepted proves nothing about `current`.)
fn proves(sol: &backend::Solved, current: u64) -> bool {
    let claimed = sol.objective.round().max(0.0) as u64;
    (sol.proven && claimed >= current) || sol.bound.is_some_and(|b| ceil_amount(b) >= current)
}

/// The lexicographic two-phase solve over the `free` cells of `base`.
fn optimise(scenario: &Scenario, base: &Roster, free: &[bool], options: &MipOptions) -> MipResult {
    let started = Instant::now();
    // A limit too far away to represent is no limit.
    let deadline = options.time_limit.and_then(|t| started.checked_add(t));
    let remaining = || deadline.map(|d| d.saturating_duration_since(Instant::now()));
    let out_of_time = || remaining().is_some_and(|r| r.is_zero());
    let gap = if options.relative_gap.is_finite() && options.relative_gap > 0.0 {
        options.relative_gap
    } else {
        0.0
    };
    let model = Model::build(scenario, base, free);
    let value_of = |v: &[f64]| Score {
        hard: amount(&model.hard, v),
        soft: amount(&model.soft, v),
    };
    // The incumbent: the model's values of the starting roster (its exact cost).
    let mut values = model.values_for(scenario, base);
    let mut current = value_of(&values);
    let accept = |sol_values: &[f64], values: &mut Vec<f64>, current: &mut Score| {
        let v = model.values_for(scenario, &model.roster_from(sol_values));
        let s = value_of(&v);
        if s <= *current {
            *values = v;
            *current = s;
        }
    };

    // Phase 1: the hard part.
    let mut objective_hard = current.hard;
    let hard_floor = model.range(&model.hard).0;
    let hard_optimal = if hard_floor.is_some_and(|lo| lo >= current.hard as i64) {
        true
    } else if out_of_time() {
        false
    } else {
        let p = Problem {
            model: &model,
            objective: &model.hard,
            cap: None,
            start: Some(&values),
            time_limit: remaining(),
            node_limit: options.node_limit,
            gap,
        };
        match backend::solve(&p) {
            Ok(sol) => {
                accept(&sol.values, &mut values, &mut current);
                objective_hard = sol.objective.round().max(0.0) as u64;
                proves(&sol, current.hard)
            }
            Err(_) => false,
        }
    };

    // Phase 2: the soft part, with the hard part capped at the best value found.
    let mut objective_soft = current.soft;
    let soft_floor = model.range(&model.soft).0;
    let (soft_optimal, bound) = if soft_floor.is_some_and(|lo| lo >= current.soft as i64) {
        (true, Some(current.soft))
    } else if out_of_time() {
        (false, None)
    } else {
        let p = Problem {
            model: &model,
            objective: &model.soft,
            cap: Some((&model.hard, current.hard as i64)),
            start: Some(&values),
            time_limit: remaining(),
            node_limit: options.node_limit,
            gap,
        };
        match backend::solve(&p) {
            Ok(sol) => {
                accept(&sol.values, &mut values, &mut current);
                objective_soft = sol.objective.round().max(0.0) as u64;
                let bound = sol.bound.map(|b| ceil_amount(b).min(current.soft));
                let proven = proves(&sol, current.soft);
                (proven, if proven { Some(current.soft) } else { bound })
            }
            Err(_) => (false, None),
        }
    };

    let mut roster = model.roster_from(&values);
    let mut final_score = score(scenario, &roster);
    let base_score = score(scenario, base);
    debug_assert_eq!(
        final_score, current,
        "the model's cost differs from the evaluator's"
    );
    if final_score > base_score {
        // Cannot happen while the model equals the evaluator; never return a worse roster.
        roster = base.clone();
        final_score = base_score;
    }
    let gap = bound.map(|b| {
        if final_score.soft == 0 {
            0.0
        } else {
            final_score.soft.saturating_sub(b) as f64 / final_score.soft as f64
        }
    });
    MipResult {
        roster,
        score: final_score,
        objective: Score {
            hard: objective_hard,
            soft: objective_soft,
        },
        optimal: hard_optimal && soft_optimal,
        hard_optimal,
        soft_lower_bound: bound,
        gap,
        backend: backend::NAME,
        free_cells: model.free_cells(),
        variables: model.variables(),
        constraints: model.constraints(),
        elapsed: started.elapsed(),
    }
}
