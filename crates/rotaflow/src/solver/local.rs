//! Local search with late acceptance: random change and swap moves, each scored incrementally
//! (only the staff lines and cover slots a move touches are re-evaluated), accepted when the
//! new score is no worse than the current one or than the score some moves ago.

use super::{interrupted, Observer, SolveOptions, StopReason};
use crate::evaluation::{slot_score, staff_score, CoverCounts, Score};
use crate::model::{Scenario, ShiftId, StaffId};
use crate::roster::Roster;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::{Duration, Instant};

/// Length of the late-acceptance history.
const HISTORY: usize = 2000;

/// A local search over one roster, keeping per-staff and per-slot scores up to date.
pub struct LocalSearch<'a> {
    scenario: &'a Scenario,
    roster: Roster,
    staff_scores: Vec<Score>,
    counts: CoverCounts,
    slot_scores: Vec<Score>,
    total: Score,
    best: Roster,
    best_score: Score,
    locked: Vec<bool>,
    movable: Vec<(StaffId, usize)>,
    rng: ChaCha8Rng,
    moves: u64,
    time_to_best: Duration,
}

impl<'a> LocalSearch<'a> {
    /// Starts from `roster`. Cells with a fixed assignment are never changed.
    pub fn new(scenario: &'a Scenario, roster: Roster, seed: u64) -> Self {
        let n = scenario.staff().len();
        let days = scenario.days();
        let shifts = scenario.shifts().len();
        let staff_scores: Vec<Score> = (0..n)
            .map(|i| staff_score(scenario, StaffId::new(i), roster.line(StaffId::new(i))))
            .collect();
        let counts = CoverCounts::new(scenario, &roster);
        let slot_scores: Vec<Score> = (0..days * shifts)
            .map(|k| slot_score(scenario, &counts, k / shifts, ShiftId::new(k % shifts)))
            .collect();
        let total = staff_scores
            .iter()
            .chain(slot_scores.iter())
            .fold(Score::ZERO, |a, b| a + *b);
        let mut locked = vec![false; n * days];
        for f in scenario.fixed() {
            locked[f.staff.index() * days + f.day as usize] = true;
        }
        let movable = (0..n * days)
            .filter(|&c| !locked[c])
            .map(|c| (StaffId::new(c / days), c % days))
            .collect();
        Self {
            scenario,
            best: roster.clone(),
            roster,
            staff_scores,
            counts,
            slot_scores,
            total,
            best_score: total,
            locked,
            movable,
            // A different stream from construction's.
            rng: ChaCha8Rng::seed_from_u64(seed ^ 0x9E37_79B9_7F4A_7C15),
            moves: 0,
            time_to_best: Duration::ZERO,
        }
    }

    /// The best roster found.
    pub fn best(&self) -> &Roster {
        &self.best
    }

    /// The best score found.
    pub fn best_score(&self) -> Score {
        self.best_score
    }

    /// The score of the current roster, kept incrementally.
    pub fn current_score(&self) -> Score {
        self.total
    }

    /// The current roster.
    pub fn current(&self) -> &Roster {
        &self.roster
    }

    /// Moves evaluated so far.
    pub fn moves(&self) -> u64 {
        self.moves
    }

    /// When the best roster was found, from the start given to [`LocalSearch::run`].
    pub fn time_to_best(&self) -> Duration {
        self.time_to_best
    }

    /// Searches until a limit in `options` is reached.
    pub fn run(
        &mut self,
        options: &SolveOptions,
        start: Instant,
        observer: &mut dyn Observer,
    ) -> StopReason {
        if self.movable.is_empty() {
            return StopReason::WorkLimit;
        }
        let mut history = vec![self.total; HISTORY];
        loop {
            if options.work_limit.is_some_and(|w| self.moves >= w) {
                return StopReason::WorkLimit;
            }
            if options.target.is_some_and(|t| self.best_score <= t) {
                return StopReason::Target;
            }
            if self.moves % 1024 == 0 {
                if options.time_limit.is_some_and(|t| start.elapsed() >= t) {
                    return StopReason::TimeLimit;
                }
                if interrupted(options) {
                    return StopReason::Interrupted;
                }
            }
            let slot = (self.moves % HISTORY as u64) as usize;
            self.moves += 1;
            let before = self.total;
            let undo = if self.rng.random_bool(0.7) {
                self.random_change()
            } else {
                self.random_swap()
            };
            let Some(undo) = undo else { continue };
            let after = self.total;
            if after <= before || after <= history[slot] {
                if after < self.best_score {
                    self.best_score = after;
                    self.best.clone_from(&self.roster);
                    self.time_to_best = start.elapsed();
                    observer.improved(self.time_to_best, after);
                }
            } else {
                for (staff, day, shift) in undo.into_iter().rev() {
                    self.assign(staff, day, shift);
                }
            }
            if self.total < history[slot] {
                history[slot] = self.total;
            }
        }
    }

    /// Sets one cell, updating every cached score. Returns the previous value.
    pub fn assign(
        &mut self,
        staff: StaffId,
        day: usize,
        shift: Option<ShiftId>,
    ) -> Option<ShiftId> {
        let old = self.roster.set(staff, day, shift);
        if old == shift {
            return old;
        }
        let s = self.scenario;
        let new_staff = staff_score(s, staff, self.roster.line(staff));
        self.total = self.total - self.staff_scores[staff.index()] + new_staff;
        self.staff_scores[staff.index()] = new_staff;
        let shifts = s.shifts().len();
        for (cell, sign) in [(old, -1), (shift, 1)] {
            if let Some(sh) = cell {
                self.counts.add(s, staff, day, sh, sign);
                let k = day * shifts + sh.index();
                let new_slot = slot_score(s, &self.counts, day, sh);
                self.total = self.total - self.slot_scores[k] + new_slot;
                self.slot_scores[k] = new_slot;
            }
        }
        old
    }

    fn random_change(&mut self) -> Option<Vec<(StaffId, usize, Option<ShiftId>)>> {
        let (staff, day) = self.movable[self.rng.random_range(0..self.movable.len())];
        let shifts = self.scenario.shifts().len();
        let current = self.roster.get(staff, day);
        let pick = self.rng.random_range(0..shifts + 1);
        let value = (pick < shifts).then(|| ShiftId::new(pick));
        if value == current {
            return None;
        }
        let old = self.assign(staff, day, value);
        Some(vec![(staff, day, old)])
    }

    fn random_swap(&mut self) -> Option<Vec<(StaffId, usize, Option<ShiftId>)>> {
        let (a, day) = self.movable[self.rng.random_range(0..self.movable.len())];
        let n = self.scenario.staff().len();
        let b = StaffId::new(self.rng.random_range(0..n));
        let days = self.scenario.days();
        if a == b || self.locked[b.index() * days + day] {
            return None;
        }
        let (va, vb) = (self.roster.get(a, day), self.roster.get(b, day));
        if va == vb {
            return None;
        }
        let old_a = self.assign(a, day, vb);
        let old_b = self.assign(b, day, va);
        Some(vec![(a, day, old_a), (b, day, old_b)])
    }
}
