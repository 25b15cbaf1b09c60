//! Building rosters. Solvers take a [`Scenario`] and [`SolveOptions`] and return the best
//! roster found with its score; they never read files or print. Every random choice goes
//! through a generator seeded from [`SolveOptions::seed`], so the same scenario, seed and work
//! limit give the same roster.
//!
//! - [`construct`]: a greedy construction that always returns a complete roster.
//! - [`solve`]: construction followed by local search until a limit is reached.

mod construct;
mod local;

pub use construct::construct;
pub use local::LocalSearch;

use crate::evaluation::{score, Score};
use crate::model::Scenario;
use crate::roster::Roster;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// When to stop searching. The search stops at the first limit reached; with none set, it
/// stops after construction.
#[derive(Clone, Debug, Default)]
pub struct SolveOptions {
    /// Seed of every random choice.
    pub seed: u64,
    /// Wall-clock limit (not reproducible: use `work_limit` for reproducible runs).
    pub time_limit: Option<Duration>,
    /// Number of moves evaluated by the local search (reproducible).
    pub work_limit: Option<u64>,
    /// Stop as soon as a roster at least this good is found.
    pub target: Option<Score>,
    /// Set to true from another thread (for example on Ctrl-C) to stop and return the best
    /// roster found so far.
    pub interrupt: Option<Arc<AtomicBool>>,
}

/// Why a search stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// Construction only: no search limit was given.
    Constructed,
    /// The time limit was reached.
    TimeLimit,
    /// The work limit was reached.
    WorkLimit,
    /// The target score was reached.
    Target,
    /// The interrupt flag was set.
    Interrupted,
}

/// What a solver returns.
#[derive(Clone, Debug)]
pub struct Solution {
    /// The best roster found.
    pub roster: Roster,
    /// Its score (equal to [`crate::score`] of the roster).
    pub score: Score,
    /// Why the search stopped.
    pub stop: StopReason,
    /// Moves evaluated by the local search.
    pub moves: u64,
    /// Time spent.
    pub elapsed: Duration,
    /// Time at which the best roster was found.
    pub time_to_best: Duration,
}

/// Receives progress from a running solver. Every method does nothing by default.
pub trait Observer {
    /// A better roster was found.
    fn improved(&mut self, _elapsed: Duration, _score: Score) {}
}

/// An observer that ignores everything.
#[derive(Clone, Copy, Debug, Default)]
pub struct Silent;

impl Observer for Silent {}

/// Builds a roster and improves it by local search until a limit in `options` is reached.
pub fn solve(scenario: &Scenario, options: &SolveOptions, observer: &mut dyn Observer) -> Solution {
    let start = Instant::now();
    let roster = construct(scenario, options.seed);
    let initial = score(scenario, &roster);
    observer.improved(start.elapsed(), initial);
    let searching = options.time_limit.is_some() || options.work_limit.is_some();
    let reached_target = options.target.is_some_and(|t| initial <= t);
    if !searching || reached_target {
        return Solution {
            roster,
            score: initial,
            stop: if reached_target {
                StopReason::Target
            } else {
                StopReason::Constructed
            },
            moves: 0,
            elapsed: start.elapsed(),
            time_to_best: start.elapsed(),
        };
    }
    let mut ls = LocalSearch::new(scenario, roster, options.seed);
    let stop = ls.run(options, start, observer);
    Solution {
        score: ls.best_score(),
        roster: ls.best().clone(),
        stop,
        moves: ls.moves(),
        elapsed: start.elapsed(),
        time_to_best: ls.time_to_best(),
    }
}

fn interrupted(options: &SolveOptions) -> bool {
    options
        .interrupt
        .as_ref()
        .is_some_and(|f| f.load(Ordering::Relaxed))
}

#[cfg(test)]
mod tests;
