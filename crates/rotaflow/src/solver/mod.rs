//! Building rosters. Solvers take a [`Scenario`] and [`SolveOptions`] and return the best
//! roster found with its score; they never read files or print. Every random choice goes
//! through a generator seeded from [`SolveOptions::seed`], so the same scenario, seed and work
//! limit give the same roster.
//!
//! - [`construct`]: a greedy construction that always returns a complete roster.
//! - [`solve`]: construction followed by local search until a limit is reached, with (when
//!   [`SolveOptions::lns`] is set) a large neighbourhood search after each epoch that
//!   re-optimises windows of cells with the MIP of [`mip`] (see the `lns` module for the
//!   windows, their adaptive size and why the result stays reproducible).

mod construct;
pub mod coverage;
mod entry;
mod line;
mod lns;
mod local;
pub mod mip;

pub use construct::construct;
pub use entry::{ExactPolish, Solved, Solver, DEFAULT_SEED, DEFAULT_THREADS, DEFAULT_TIME_LIMIT};
pub use lns::{LnsStats, WINDOWS_PER_EPOCH, WINDOW_NODES, WINDOW_TIME};
pub use local::LocalSearch;

use crate::evaluation::{score, Score};
use crate::model::Scenario;
use crate::roster::Roster;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// When to stop searching. The search stops at the first limit reached; with none set, it
/// stops after construction. `SolveOptions::default()` is the bare minimum (one search, no
/// limit, no target); [`Solver::new`] starts from what `rotaflow plan` runs instead, and
/// [`Solver::options`] shows the options it will use.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
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
    /// Number of searches run in parallel, each on its own thread (0 counts as 1). The result
    /// depends on this number, not on the machine: with a work limit, the same seed and the same
    /// number of searches give the same roster anywhere.
    pub threads: usize,
    /// Large neighbourhood search: after an epoch of [`EPOCH_MOVES`] moves that found nothing
    /// better, a search re-optimises [`WINDOWS_PER_EPOCH`] windows of its best roster with the
    /// MIP of [`mip`] (each limited to [`WINDOW_NODES`] branch-and-bound nodes per phase, and
    /// to [`WINDOW_TIME`] with a time limit) and continues from any improvement; with several
    /// searches, only the even-numbered ones do. Work-limited runs stay reproducible. Off in
    /// [`SolveOptions::default`]; [`LNS_BY_DEFAULT`] says whether it pays with the backend
    /// built in.
    pub lns: bool,
    /// Acceptance rule of each search, by search number: search `i` uses
    /// `acceptance[i % acceptance.len()]`. Empty (the default): [`DEFAULT_ACCEPTANCE`].
    pub acceptance: Vec<Acceptance>,
}

/// The acceptance rules of the searches when [`SolveOptions::acceptance`] is empty: the
/// even-numbered searches anneal, the odd-numbered ones use late acceptance (so a lone search
/// anneals). Measured on the Curtois & Qu instances at 60 s (medians over seeds in
/// BENCHMARKS.md), this pair and two annealing searches are even overall: two annealing
/// searches lead on Instances 5, 6, 8 and 12, this pair on 2, 3, 7, 9, 10 and 11.
pub const DEFAULT_ACCEPTANCE: [Acceptance; 2] = [Acceptance::Annealing, Acceptance::LateAcceptance];

impl SolveOptions {
    /// The acceptance rule of the `search`-th search (see [`SolveOptions::acceptance`]).
    pub fn acceptance_of(&self, search: usize) -> Acceptance {
        let rules: &[Acceptance] = if self.acceptance.is_empty() {
            &DEFAULT_ACCEPTANCE
        } else {
            &self.acceptance
        };
        rules[search % rules.len()]
    }

    /// The acceptance rule of each search, by search number.
    pub fn rules(&self) -> Vec<Acceptance> {
        (0..self.threads.max(1))
            .map(|i| self.acceptance_of(i))
            .collect()
    }

    /// The search as a report names it: construction, the searches and their acceptance
    /// rules, and whether windows are re-optimised as MIPs.
    pub fn describe(&self) -> String {
        let rules = self.rules();
        let names: Vec<&str> = rules
            .iter()
            .map(|r| match r {
                Acceptance::Annealing => "annealing",
                Acceptance::LateAcceptance => "late acceptance",
            })
            .collect();
        let mut s = format!(
            "greedy construction + local search ({} {}: {})",
            rules.len(),
            if rules.len() == 1 {
                "search"
            } else {
                "searches"
            },
            names.join(", ")
        );
        if self.lns {
            s.push_str(" + large neighbourhood search (MIP windows)");
        }
        s
    }
}

/// How a local search decides whether to move to a worse roster.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Acceptance {
    /// Simulated annealing: a worse roster is taken with probability
    /// `exp(-increase / temperature)`, the temperature cooling over a cycle of moves and
    /// starting hot again with every better roster. The better rule on Curtois & Qu
    /// Instances 5, 6, 8 and 12 (see BENCHMARKS.md).
    Annealing,
    /// Late acceptance: a worse roster is taken when it is no worse than the roster of a fixed
    /// number of moves ago. Better than annealing on some instances with many small soft
    /// limits (see BENCHMARKS.md).
    LateAcceptance,
}

/// Whether a caller without a preference should set [`SolveOptions::lns`]: true with the
/// HiGHS backend (the `highs` feature), false with microlp. With microlp the window MIPs take
/// more of the local search's time than they give back on the Curtois & Qu instances (medians
/// over seeds in BENCHMARKS.md); with HiGHS they pay on some instances and cost on others.
pub const LNS_BY_DEFAULT: bool = cfg!(feature = "highs");

/// Moves each search makes between two exchanges of the best roster.
pub const EPOCH_MOVES: u64 = 100_000;

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
#[non_exhaustive]
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
    /// What the large neighbourhood search did, over all searches (zero without
    /// [`SolveOptions::lns`]).
    pub lns: LnsStats,
}

/// A better roster found by a running search, as an [`Observer`] sees it.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Progress<'r> {
    /// Time since the search started.
    pub elapsed: Duration,
    /// The score of the better roster.
    pub score: Score,
    /// The better roster itself.
    pub roster: &'r Roster,
}

impl Progress<'_> {
    /// [`Progress::elapsed`] in seconds.
    pub fn elapsed_secs(&self) -> f64 {
        self.elapsed.as_secs_f64()
    }
}

/// Receives progress from a running solver. Every method does nothing by default. To stop a
/// search from an observer, set the flag of [`SolveOptions::interrupt`] (the [`Solver`]'s
/// `on_progress` closure does this when it returns [`std::ops::ControlFlow::Break`]).
pub trait Observer {
    /// A better roster was found. With several searches, only the best of all of them at each
    /// exchange is reported.
    fn improved(&mut self, _progress: &Progress<'_>) {}
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
    observer.improved(&Progress {
        elapsed: start.elapsed(),
        score: initial,
        roster: &roster,
    });
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
            lns: LnsStats::default(),
        };
    }
    let n = options.threads.max(1);
    // The work limit is shared evenly between the searches.
    let per_search = options.work_limit.map(|w| w.div_ceil(n as u64));
    let mut searches: Vec<LocalSearch<'_>> = (0..n as u64)
        .map(|t| {
            LocalSearch::with_acceptance(
                scenario,
                roster.clone(),
                options
                    .seed
                    .wrapping_add(t.wrapping_mul(0x5851_F42D_4C95_7F2D)),
                options.acceptance_of(t as usize),
            )
        })
        .collect();
    let mut lnses: Vec<lns::Lns> = (0..n as u64)
        .map(|t| {
            lns::Lns::new(
                scenario,
                options
                    .seed
                    .wrapping_add(t.wrapping_mul(0x5851_F42D_4C95_7F2D)),
            )
        })
        .collect();
    let mut best = (roster, initial, start.elapsed());
    let mut epoch_end = 0u64;
    // Searches still busy with their epoch (see `epoch_of`).
    let busy = AtomicUsize::new(0);
    let stop = loop {
        epoch_end += EPOCH_MOVES;
        let epoch = SolveOptions {
            work_limit: Some(per_search.map_or(epoch_end, |w| w.min(epoch_end))),
            ..options.clone()
        };
        busy.store(n, Ordering::SeqCst);
        // One epoch of the `i`-th search: local search, then (when asked) windows once the
        // local search has stalled (no better roster this epoch). Without a work limit, a search
        // that is done goes on with local search until every search is done, rather than
        // wait idle at the exchange; with a work limit it waits, so that its work, and the
        // result, do not depend on the others' speed.
        let epoch_of = |ls: &mut LocalSearch<'_>,
                        lns: &mut lns::Lns,
                        i: usize,
                        observer: &mut dyn Observer| {
            // With several searches, even-numbered ones solve windows and odd-numbered ones
            // only search locally: the local search keeps its long runs.
            let windows = options.lns && (n == 1 || i % 2 == 0);
            let before = ls.best_score();
            let mut stop = if options.work_limit.is_some() {
                ls.run(&epoch, start, observer)
            } else {
                // Its own count: it may have gone on past the last epoch's end.
                let own = SolveOptions {
                    work_limit: Some(ls.moves() + EPOCH_MOVES),
                    ..options.clone()
                };
                ls.run(&own, start, observer)
            };
            if windows && stop == StopReason::WorkLimit && ls.best_score() >= before {
                if let Some(s) = lns.phase(scenario, ls, options, start, observer) {
                    stop = s;
                }
            }
            busy.fetch_sub(1, Ordering::SeqCst);
            while stop == StopReason::WorkLimit
                && options.work_limit.is_none()
                && busy.load(Ordering::SeqCst) > 0
            {
                let more = SolveOptions {
                    work_limit: Some(ls.moves() + 1024),
                    ..options.clone()
                };
                stop = ls.run(&more, start, observer);
            }
            stop
        };
        let stops: Vec<StopReason> = if n == 1 {
            vec![epoch_of(&mut searches[0], &mut lnses[0], 0, observer)]
        } else {
            std::thread::scope(|scope| {
                let handles: Vec<_> = searches
                    .iter_mut()
                    .zip(lnses.iter_mut())
                    .enumerate()
                    .map(|(i, (ls, lns))| {
                        let epoch_of = &epoch_of;
                        scope.spawn(move || epoch_of(ls, lns, i, &mut Silent))
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().expect("a search thread panicked"))
                    .collect()
            })
        };
        // The best of this epoch; ties go to the lowest-numbered search (deterministic).
        let ls = searches
            .iter()
            .enumerate()
            .min_by_key(|(i, ls)| (ls.best_score(), *i))
            .map(|(_, ls)| ls)
            .expect("at least one search");
        if ls.best_score() < best.1 {
            best = (ls.best().clone(), ls.best_score(), ls.time_to_best());
            if n > 1 {
                observer.improved(&Progress {
                    elapsed: best.2,
                    score: best.1,
                    roster: &best.0,
                });
            }
        }
        for ls in searches.iter_mut() {
            if ls.best_score() > best.1 {
                ls.restart_from(&best.0, best.1);
            }
        }
        if let Some(reason) = [
            StopReason::Interrupted,
            StopReason::TimeLimit,
            StopReason::Target,
        ]
        .into_iter()
        .find(|r| stops.contains(r))
        {
            break reason;
        }
        if options.target.is_some_and(|t| best.1 <= t) {
            break StopReason::Target;
        }
        if per_search.is_some_and(|w| epoch_end >= w) {
            break StopReason::WorkLimit;
        }
    };
    Solution {
        roster: best.0,
        score: best.1,
        stop,
        moves: searches.iter().map(LocalSearch::moves).sum(),
        elapsed: start.elapsed(),
        time_to_best: best.2,
        lns: lnses.iter().fold(LnsStats::default(), |a, l| LnsStats {
            windows: a.windows + l.stats.windows,
            improved: a.improved + l.stats.improved,
            proven: a.proven + l.stats.proven,
        }),
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
