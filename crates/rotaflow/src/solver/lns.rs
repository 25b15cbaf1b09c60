//! Large neighbourhood search: re-optimise a window of cells of a search's best roster with
//! the MIP of [`super::mip`], every other cell fixed, and adopt the result when it is better.
//!
//! ## Windows
//! Each window is chosen with the search's seeded generator among five shapes, all sized to
//! a target number of cells:
//! - a few staff members over a run of days;
//! - every staff member (or as many as fit) over a few days, for cover;
//! - a few whole staff lines;
//! - staff members sharing a role with a randomly chosen one, over a run of days;
//! - a window around a breach of the current roster: the person concerned and others sharing
//!   a role over the days of the breach, or every staff member on the days of a cover breach.
//!
//! Cells with a fixed assignment are never in a window.
//!
//! ## Adaptive size
//! The target grows by a quarter when a window is proven optimal without improvement (the
//! neighbourhood is too small to escape) and shrinks by a fifth when the node limit (or, in a
//! time-limited run, the time limit) stops the solve before a proof (too large to be
//! searched). Under a work limit both signals depend only on the MIP result, never on the
//! clock, so the adaptation is reproducible.
//!
//! ## When
//! A search solves windows after an epoch of local search that found nothing better (the
//! local search has stalled), [`WINDOWS_PER_EPOCH`] in a row, each on the best roster so far,
//! and continues its local search from any improvement. With several parallel searches, the
//! even-numbered ones solve windows and the odd-numbered ones only search locally; the best
//! roster is exchanged between them after every epoch as before. The command line turns
//! windows on by default only with the HiGHS backend ([`super::LNS_BY_DEFAULT`]): with
//! microlp the window MIPs take more local-search time than they give back.
//!
//! ## Determinism
//! A window solve is limited by branch-and-bound nodes ([`WINDOW_NODES`] per phase), which
//! gives the same answer on every machine. With a time limit, each solve is also given a
//! wall-clock limit (at most [`WINDOW_TIME`], never past the run's deadline), which makes a
//! time-limited run depend on the machine, as the local search already does. Under a work
//! limit alone there is no clock anywhere: windows are chosen by the search's own seeded
//! generator, a stall is judged from scores after a fixed number of moves, and the window
//! size adapts only to the MIP's answers, so the same seed, work limit and number of searches
//! give the same roster. (The work limit counts local search moves; windows come on top.)

use super::mip::{solve_window, MipOptions, Window};
use super::{interrupted, LocalSearch, Observer, SolveOptions, StopReason};
use crate::evaluation::evaluate;
use crate::model::{Scenario, StaffId};
use crate::roster::Roster;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::{Duration, Instant};

/// Windows each search re-optimises after each epoch of local search.
pub const WINDOWS_PER_EPOCH: usize = 10;

/// Branch-and-bound nodes allowed per phase of a window solve.
pub const WINDOW_NODES: u64 = 150;

/// Longest wall-clock time of one window solve in a time-limited run.
pub const WINDOW_TIME: Duration = Duration::from_secs(3);

/// Bounds and start of the target window size, in cells.
const MIN_CELLS: usize = 8;
const MAX_CELLS: usize = 600;
const START_CELLS: usize = 40;

/// What happened in the large neighbourhood search of one search.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LnsStats {
    /// Windows solved.
    pub windows: u64,
    /// Windows whose solve gave a better roster.
    pub improved: u64,
    /// Windows proven optimal (improved or not).
    pub proven: u64,
}

/// The large neighbourhood search state of one search: its generator and window size.
pub(crate) struct Lns {
    rng: ChaCha8Rng,
    /// Target window size in cells.
    cells: usize,
    /// `locked[staff * days + day]`: solvers never change the cell ([`Scenario::locked_cells`]).
    locked: Vec<bool>,
    /// For each staff member, the others sharing at least one role.
    peers: Vec<Vec<StaffId>>,
    pub(crate) stats: LnsStats,
}

impl Lns {
    /// A new state for one search, seeded like that search.
    pub(crate) fn new(scenario: &Scenario, seed: u64) -> Self {
        let n = scenario.staff().len();
        let locked = scenario.locked_cells();
        let staff = scenario.staff();
        let peers = (0..n)
            .map(|i| {
                (0..n)
                    .filter(|&j| {
                        j != i && staff[i].roles.iter().any(|r| staff[j].roles.contains(r))
                    })
                    .map(StaffId::new)
                    .collect()
            })
            .collect();
        Self {
            // A different stream from the local search's and construction's.
            rng: ChaCha8Rng::seed_from_u64(seed ^ 0xD1B5_4A32_D192_ED03),
            cells: START_CELLS,
            locked,
            peers,
            stats: LnsStats::default(),
        }
    }

    /// Re-optimises [`WINDOWS_PER_EPOCH`] windows of `ls`'s best roster, one after another,
    /// and hands every improvement to `ls` (which continues from it). Returns why it stopped
    /// early, if it did.
    pub(crate) fn phase(
        &mut self,
        scenario: &Scenario,
        ls: &mut LocalSearch<'_>,
        options: &SolveOptions,
        start: Instant,
        observer: &mut dyn Observer,
    ) -> Option<StopReason> {
        let mut roster = ls.best().clone();
        let mut current = ls.best_score();
        for _ in 0..WINDOWS_PER_EPOCH {
            if options.target.is_some_and(|t| current <= t) {
                return Some(StopReason::Target);
            }
            if interrupted(options) {
                return Some(StopReason::Interrupted);
            }
            let time_limit = match options.time_limit {
                Some(t) => {
                    let left = t.saturating_sub(start.elapsed());
                    if left.is_zero() {
                        return Some(StopReason::TimeLimit);
                    }
                    Some(left.min(WINDOW_TIME))
                }
                None => None,
            };
            let cells = self.choose(scenario, &roster);
            if cells.is_empty() {
                // Every cell of this window has a fixed assignment.
                continue;
            }
            let mip = MipOptions {
                time_limit,
                node_limit: Some(WINDOW_NODES),
                ..MipOptions::default()
            };
            let Some(r) = solve_window(scenario, &roster, &Window::Cells(cells), &mip) else {
                break;
            };
            self.stats.windows += 1;
            self.stats.proven += u64::from(r.optimal);
            if r.score < current {
                self.stats.improved += 1;
                roster = r.roster;
                current = r.score;
                ls.adopt(&roster, current, start.elapsed());
                observer.improved(&super::Progress {
                    elapsed: start.elapsed(),
                    score: current,
                    roster: &roster,
                });
            } else if r.optimal {
                self.cells = (self.cells + self.cells / 4 + 1).min(MAX_CELLS);
            } else {
                self.cells = (self.cells - self.cells / 5).max(MIN_CELLS);
            }
        }
        None
    }

    /// The free cells of the next window of `roster`.
    fn choose(&mut self, scenario: &Scenario, roster: &Roster) -> Vec<(StaffId, usize)> {
        let n = scenario.staff().len();
        let days = scenario.days();
        if n == 0 || days == 0 {
            return Vec::new();
        }
        let target = self.cells.min(n * days);
        let (staff, range) = match self.rng.random_range(0..10u32) {
            // A few staff members over a run of days.
            0..=2 => {
                let (k, len) = self.shape(n, days, target);
                (self.random_staff(n, k), self.run_of_days(days, len))
            }
            // Every staff member (or as many as fit) over a few days.
            3..=4 => {
                let len = (target / n).clamp(1, days);
                let k = (target / len).clamp(1, n);
                (self.random_staff(n, k), self.run_of_days(days, len))
            }
            // Whole lines.
            5 => {
                let k = (target / days).clamp(1, n);
                (self.random_staff(n, k), 0..days)
            }
            // Staff sharing a role.
            6..=7 => {
                let first = StaffId::new(self.rng.random_range(0..n));
                let (k, len) = self.shape(n, days, target);
                (self.with_peers(first, k), self.run_of_days(days, len))
            }
            // Around a breach.
            _ => self.around_breach(scenario, roster, target),
        };
        let mut cells = Vec::with_capacity(staff.len() * range.len());
        for &s in &staff {
            for d in range.clone() {
                if !self.locked[s.index() * days + d] {
                    cells.push((s, d));
                }
            }
        }
        cells
    }

    /// A number of staff members (2 to 6 when the target allows, more when a run of days
    /// cannot hold the target) and a number of days making about `target` cells.
    fn shape(&mut self, n: usize, days: usize, target: usize) -> (usize, usize) {
        let k = self.rng.random_range(2..=6usize).min(n);
        let len = target / k;
        if len > days {
            ((target / days).min(n), days)
        } else {
            (k, len)
        }
    }

    /// `k` distinct staff members, at random.
    fn random_staff(&mut self, n: usize, k: usize) -> Vec<StaffId> {
        let mut all: Vec<StaffId> = (0..n).map(StaffId::new).collect();
        let (chosen, _) = all.partial_shuffle(&mut self.rng, k.min(n));
        chosen.to_vec()
    }

    /// `first` and `k - 1` others, at random among those sharing a role with it first, then
    /// among the rest when there are too few.
    fn with_peers(&mut self, first: StaffId, k: usize) -> Vec<StaffId> {
        let mut peers = self.peers[first.index()].clone();
        let take = k.saturating_sub(1).min(peers.len());
        let (chosen, _) = peers.partial_shuffle(&mut self.rng, take);
        let mut staff = vec![first];
        staff.extend_from_slice(chosen);
        if staff.len() < k {
            let mut rest: Vec<StaffId> = (0..self.peers.len())
                .map(StaffId::new)
                .filter(|s| !staff.contains(s))
                .collect();
            let (more, _) = rest.partial_shuffle(&mut self.rng, k - staff.len());
            staff.extend_from_slice(more);
        }
        staff
    }

    /// A run of about `len` days (at least 2 when the horizon allows) at a random start.
    fn run_of_days(&mut self, days: usize, len: usize) -> std::ops::Range<usize> {
        let len = len.clamp(2.min(days), days);
        let first = self.rng.random_range(0..=days - len);
        first..first + len
    }

    /// A window around a breach of `roster` chosen at random, or a few staff over a run of
    /// days when there is none.
    fn around_breach(
        &mut self,
        scenario: &Scenario,
        roster: &Roster,
        target: usize,
    ) -> (Vec<StaffId>, std::ops::Range<usize>) {
        let n = scenario.staff().len();
        let days = scenario.days();
        let breaches = evaluate(scenario, roster).violations;
        if breaches.is_empty() {
            let (k, len) = self.shape(n, days, target);
            return (self.random_staff(n, k), self.run_of_days(days, len));
        }
        let b = &breaches[self.rng.random_range(0..breaches.len())].breach;
        let first = b.first_day.unwrap_or(0).min(days - 1);
        let last = b.last_day.unwrap_or(days - 1).clamp(first, days - 1);
        let (staff, len) = match b.staff {
            Some(s) => {
                let (k, len) = self.shape(n, days, target);
                (self.with_peers(s, k), len)
            }
            None => {
                let len = (target / n).max(1);
                let k = (target / len).clamp(1, n);
                (self.random_staff(n, k), len)
            }
        };
        // At least the breach's days (up to the target), centred on them.
        let len = len.max((last - first + 1).min(target)).clamp(1, days);
        let centre = (first + last) / 2;
        let lo = centre.saturating_sub(len / 2).min(days - len);
        (staff, lo..lo + len)
    }
}

#[cfg(test)]
mod tests;
