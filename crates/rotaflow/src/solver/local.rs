//! Local search with late acceptance. Moves change one cell, swap two people's shifts on a day,
//! swap two people's shifts over a run of days, repair a shift with too few or too many
//! people, or replace one person's whole line by the best line of a dynamic programme with
//! everyone else fixed (the `line` module; the move that mends block-length and paid-minute
//! rules, which no single cell change can). Each move is scored incrementally: only the staff
//! lines and cover slots it touches are re-evaluated, and a rejected move is rolled back from
//! saved scores without re-scoring.
//!
//! The acceptance test weighs a unit of hard violation by an adaptive weight (raised while the
//! search mostly stands on rosters that break hard rules, lowered otherwise) and compares with
//! the value recorded a fixed number of moves ago; a search that finds no better roster for
//! `RESTART_MOVES` moves starts again from its best roster.

use super::line::{cover_deltas, LineDp};
use super::{interrupted, Observer, SolveOptions, StopReason};
use crate::evaluation::{slot_score, staff_score, CoverCounts, Score};
use crate::model::{Scenario, ShiftId, StaffId};
use crate::roster::Roster;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::{Duration, Instant};

/// Late-acceptance history lengths, by search number: a short history converges fast, a long
/// one explores more; parallel searches use both and share their best roster.
const HISTORY: [usize; 2] = [2_000, 20_000];

/// Longest run of days moved by a block swap.
const MAX_BLOCK: usize = 7;

/// Moves between two updates of the hard-violation weight.
const WEIGHT_PERIOD: u64 = 5_000;

/// Moves without a better roster after which a search starts again from its best roster.
const RESTART_MOVES: u64 = 1_000_000;

/// Weight of one unit of hard violation in the acceptance test at the start.
const START_HARD_WEIGHT: u64 = 64;

/// Bounds of the weight of one unit of hard violation in the acceptance test.
const MIN_HARD_WEIGHT: u64 = 4;
const MAX_HARD_WEIGHT: u64 = 1 << 30;

/// Share of the search's time meant for whole-line re-optimisation, in percent: the chance of
/// a line move is set from this and from the size of its programme relative to a cell move.
const LINE_SHARE: u64 = 30;

/// What is needed to take one cell change back.
#[derive(Clone, Copy)]
struct Undo {
    staff: StaffId,
    day: usize,
    old: Option<ShiftId>,
    new: Option<ShiftId>,
    staff_score: Score,
    /// Cover slots re-scored by the change and their previous scores.
    slots: [(usize, Score); 2],
    n_slots: u8,
}

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
    /// Late-acceptance history: values (at the hard weight of the time they were recorded).
    history: Vec<u64>,
    history_len: usize,
    undo: Vec<Undo>,
    /// Weight of one unit of hard violation when comparing rosters in the acceptance test.
    /// The search may cross rosters that break hard rules; the weight rises while it stays
    /// infeasible and falls while it is feasible. The best roster is always judged hard first.
    hard_weight: u64,
    /// Moves since the last weight update that ended on a roster breaking hard rules.
    infeasible_moves: u64,
    /// The programme re-optimising one person's line, and its cover costs.
    line: LineDp,
    cover: Vec<i64>,
    /// Chance of a line move, in millionths.
    line_ppm: u32,
    /// The move count when the best roster was last improved (or the search restarted).
    last_best: u64,
}

impl<'a> LocalSearch<'a> {
    /// Starts from `roster`. Cells with a fixed assignment are never changed.
    pub fn new(scenario: &'a Scenario, roster: Roster, seed: u64) -> Self {
        Self::with_history(scenario, roster, seed, HISTORY[0])
    }

    /// Like [`LocalSearch::new`] with the `index`-th search's settings (searches run in
    /// parallel differ in how far back the acceptance test looks).
    pub fn numbered(scenario: &'a Scenario, roster: Roster, seed: u64, index: usize) -> Self {
        Self::with_history(scenario, roster, seed, HISTORY[index % HISTORY.len()])
    }

    fn with_history(scenario: &'a Scenario, roster: Roster, seed: u64, history_len: usize) -> Self {
        let n = scenario.staff().len();
        let days = scenario.days();
        let mut locked = vec![false; n * days];
        for f in scenario.fixed() {
            locked[f.staff.index() * days + f.day as usize] = true;
        }
        let movable = (0..n * days)
            .filter(|&c| !locked[c])
            .map(|c| (StaffId::new(c / days), c % days))
            .collect();
        let mut ls = Self {
            scenario,
            best: roster.clone(),
            roster,
            staff_scores: Vec::new(),
            counts: CoverCounts::new(scenario, &Roster::empty(0, 0)),
            slot_scores: Vec::new(),
            total: Score::ZERO,
            best_score: Score::ZERO,
            locked,
            movable,
            // A different stream from construction's.
            rng: ChaCha8Rng::seed_from_u64(seed ^ 0x9E37_79B9_7F4A_7C15),
            moves: 0,
            time_to_best: Duration::ZERO,
            history: Vec::new(),
            history_len,
            undo: Vec::with_capacity(2 * MAX_BLOCK),
            hard_weight: START_HARD_WEIGHT,
            infeasible_moves: 0,
            line: LineDp::default(),
            cover: Vec::new(),
            line_ppm: line_chance(scenario),
            last_best: 0,
        };
        ls.rescore();
        ls.best_score = ls.total;
        ls
    }

    /// Recomputes every cached score from the current roster.
    fn rescore(&mut self) {
        let s = self.scenario;
        let shifts = s.shifts().len();
        self.staff_scores = (0..s.staff().len())
            .map(|i| staff_score(s, StaffId::new(i), self.roster.line(StaffId::new(i))))
            .collect();
        self.counts = CoverCounts::new(s, &self.roster);
        self.slot_scores = (0..s.days() * shifts)
            .map(|k| slot_score(s, &self.counts, k / shifts, ShiftId::new(k % shifts)))
            .collect();
        self.total = self
            .staff_scores
            .iter()
            .chain(self.slot_scores.iter())
            .fold(Score::ZERO, |a, b| a + *b);
        self.history = vec![self.value(self.total); self.history_len];
    }

    /// Continues from `roster` (for example the best roster of another search), keeping the
    /// random stream and the move count.
    pub fn restart_from(&mut self, roster: &Roster, score: Score) {
        self.roster.clone_from(roster);
        self.rescore();
        debug_assert_eq!(self.total, score);
        if score < self.best_score {
            self.best.clone_from(roster);
            self.best_score = score;
            self.last_best = self.moves;
        }
    }

    /// Continues from `roster`, a better roster found elsewhere at `elapsed` (from the start
    /// given to [`LocalSearch::run`]); like [`LocalSearch::restart_from`], and records the
    /// time when it is better than the best so far.
    pub(crate) fn adopt(&mut self, roster: &Roster, score: Score, elapsed: Duration) {
        if score < self.best_score {
            self.time_to_best = elapsed;
        }
        self.restart_from(roster, score);
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

    /// Searches until a limit in `options` is reached (`work_limit` counts this search's moves
    /// since it was created).
    pub fn run(
        &mut self,
        options: &SolveOptions,
        start: Instant,
        observer: &mut dyn Observer,
    ) -> StopReason {
        if self.movable.is_empty() {
            return StopReason::WorkLimit;
        }
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
            self.step(start, observer);
        }
    }

    /// The value compared by the acceptance test.
    #[inline]
    fn value(&self, s: Score) -> u64 {
        s.hard
            .saturating_mul(self.hard_weight)
            .saturating_add(s.soft)
    }

    /// One move: propose, score incrementally, accept or roll back.
    fn step(&mut self, start: Instant, observer: &mut dyn Observer) {
        let slot = (self.moves % self.history_len as u64) as usize;
        self.moves += 1;
        if self.moves % WEIGHT_PERIOD == 0 {
            // Mostly infeasible lately: make hard violation dearer; otherwise cheaper, so that
            // the search can cross infeasible rosters to reach better feasible ones.
            self.hard_weight = if self.infeasible_moves * 2 > WEIGHT_PERIOD {
                (self.hard_weight * 2).min(MAX_HARD_WEIGHT)
            } else {
                (self.hard_weight / 2).max(MIN_HARD_WEIGHT)
            };
            self.infeasible_moves = 0;
        }
        if self.moves - self.last_best > RESTART_MOVES {
            // Long without a better roster: the search may be stuck (typically on rosters
            // breaking a hard rule that no single move mends); start again from the best.
            self.last_best = self.moves;
            let best = self.best.clone();
            self.hard_weight = START_HARD_WEIGHT;
            self.restart_from(&best, self.best_score);
        }
        let before = self.total;
        self.undo.clear();
        let r = self.rng.random_range(0..100u32);
        if self.line_ppm > 0 && self.rng.random_range(0..1_000_000) < self.line_ppm {
            self.line_move();
        } else if r < 40 {
            self.random_change();
        } else if r < 65 {
            self.random_swap();
        } else if r < 78 {
            self.block_swap();
        } else if r < 88 {
            self.block_change();
        } else {
            self.repair_cover();
        }
        if self.undo.is_empty() {
            if self.total.hard > 0 {
                self.infeasible_moves += 1;
            }
            return;
        }
        let after = self.total;
        let v = self.value(after);
        if v <= self.value(before) || v <= self.history[slot] {
            if after < self.best_score {
                self.best_score = after;
                self.best.clone_from(&self.roster);
                self.time_to_best = start.elapsed();
                self.last_best = self.moves;
                observer.improved(self.time_to_best, after);
            }
        } else {
            self.rollback(before);
        }
        // The roster the search stands on after the move, not the one it proposed.
        if self.total.hard > 0 {
            self.infeasible_moves += 1;
        }
        let now = self.value(self.total);
        if now < self.history[slot] {
            self.history[slot] = now;
        }
    }

    /// Sets one cell, updating every cached score. Returns the previous value.
    pub fn assign(
        &mut self,
        staff: StaffId,
        day: usize,
        shift: Option<ShiftId>,
    ) -> Option<ShiftId> {
        self.undo.clear();
        let old = self.roster.get(staff, day);
        self.change(staff, day, shift);
        self.undo.clear();
        old
    }

    /// Changes one cell and records how to take it back.
    fn change(&mut self, staff: StaffId, day: usize, shift: Option<ShiftId>) {
        let old = self.roster.set(staff, day, shift);
        if old == shift {
            return;
        }
        let s = self.scenario;
        let mut u = Undo {
            staff,
            day,
            old,
            new: shift,
            staff_score: self.staff_scores[staff.index()],
            slots: [(0, Score::ZERO); 2],
            n_slots: 0,
        };
        let new_staff = staff_score(s, staff, self.roster.line(staff));
        self.total = self.total - u.staff_score + new_staff;
        self.staff_scores[staff.index()] = new_staff;
        let shifts = s.shifts().len();
        for (cell, sign) in [(old, -1), (shift, 1)] {
            if let Some(sh) = cell {
                self.counts.add(s, staff, day, sh, sign);
                let k = day * shifts + sh.index();
                u.slots[u.n_slots as usize] = (k, self.slot_scores[k]);
                u.n_slots += 1;
                let new_slot = slot_score(s, &self.counts, day, sh);
                self.total = self.total - self.slot_scores[k] + new_slot;
                self.slot_scores[k] = new_slot;
            }
        }
        self.undo.push(u);
    }

    /// Takes back every change of the current move and restores the total.
    fn rollback(&mut self, total: Score) {
        let s = self.scenario;
        while let Some(u) = self.undo.pop() {
            self.roster.set(u.staff, u.day, u.old);
            if let Some(sh) = u.new {
                self.counts.add(s, u.staff, u.day, sh, -1);
            }
            if let Some(sh) = u.old {
                self.counts.add(s, u.staff, u.day, sh, 1);
            }
            self.staff_scores[u.staff.index()] = u.staff_score;
            for &(k, score) in u.slots[..u.n_slots as usize].iter().rev() {
                self.slot_scores[k] = score;
            }
        }
        self.total = total;
    }

    fn is_locked(&self, staff: StaffId, day: usize) -> bool {
        self.locked[staff.index() * self.scenario.days() + day]
    }

    fn random_change(&mut self) {
        let (staff, day) = self.movable[self.rng.random_range(0..self.movable.len())];
        let shifts = self.scenario.shifts().len();
        let pick = self.rng.random_range(0..shifts + 1);
        let value = (pick < shifts).then(|| ShiftId::new(pick));
        if value != self.roster.get(staff, day) {
            self.change(staff, day, value);
        }
    }

    fn random_swap(&mut self) {
        let (a, day) = self.movable[self.rng.random_range(0..self.movable.len())];
        let b = StaffId::new(self.rng.random_range(0..self.scenario.staff().len()));
        if a == b || self.is_locked(b, day) {
            return;
        }
        let (va, vb) = (self.roster.get(a, day), self.roster.get(b, day));
        if va != vb {
            self.change(a, day, vb);
            self.change(b, day, va);
        }
    }

    /// Swaps two people's shifts over a run of 2 to 7 days.
    fn block_swap(&mut self) {
        let days = self.scenario.days();
        let n = self.scenario.staff().len();
        if days < 2 || n < 2 {
            return;
        }
        let a = StaffId::new(self.rng.random_range(0..n));
        let b = StaffId::new(self.rng.random_range(0..n));
        if a == b {
            return;
        }
        let len = self.rng.random_range(2..=MAX_BLOCK.min(days));
        let first = self.rng.random_range(0..=days - len);
        for d in first..first + len {
            if self.is_locked(a, d) || self.is_locked(b, d) {
                return;
            }
        }
        for d in first..first + len {
            let (va, vb) = (self.roster.get(a, d), self.roster.get(b, d));
            if va != vb {
                self.change(a, d, vb);
                self.change(b, d, va);
            }
        }
    }

    /// Gives one person the same shift (or days off) over a run of 2 to 4 days.
    fn block_change(&mut self) {
        let days = self.scenario.days();
        if days < 2 {
            return;
        }
        let staff = StaffId::new(self.rng.random_range(0..self.scenario.staff().len()));
        let len = self.rng.random_range(2..=4.min(days));
        let first = self.rng.random_range(0..=days - len);
        let shifts = self.scenario.shifts().len();
        let pick = self.rng.random_range(0..shifts + 1);
        let value = (pick < shifts).then(|| ShiftId::new(pick));
        for d in first..first + len {
            if self.is_locked(staff, d) {
                return;
            }
        }
        for d in first..first + len {
            if self.roster.get(staff, d) != value {
                self.change(staff, d, value);
            }
        }
    }

    /// Re-optimises the line of a person chosen at random.
    fn line_move(&mut self) {
        let staff = StaffId::new(self.rng.random_range(0..self.scenario.staff().len()));
        self.line_move_of(staff);
    }

    /// Replaces one person's whole line by the best line of the line programme (everyone
    /// else fixed), when that is at least as good as their current line.
    fn line_move_of(&mut self, staff: StaffId) {
        let s = self.scenario;
        let days = s.days();
        let hard = self.hard_weight as i64;
        let current = self.roster.line(staff).to_vec();
        cover_deltas(s, &mut self.counts, staff, &current, hard, &mut self.cover);
        let locked = &self.locked[staff.index() * days..(staff.index() + 1) * days];
        let Some((line, value)) =
            self.line
                .best_line(s, staff, &current, locked, &self.cover, hard)
        else {
            return;
        };
        let values = s.shifts().len() + 1;
        let own = self.staff_scores[staff.index()];
        let now = own.hard as i64 * hard
            + own.soft as i64
            + current
                .iter()
                .enumerate()
                .map(|(d, c)| self.cover[d * values + c.map_or(0, |x| x.index() + 1)])
                .sum::<i64>();
        if value > now || line == current {
            return;
        }
        for (d, cell) in line.into_iter().enumerate() {
            if cell != current[d] {
                self.change(staff, d, cell);
            }
        }
    }

    /// Sets the chance of a line move, in millionths (tests).
    #[cfg(test)]
    pub(crate) fn set_line_chance(&mut self, ppm: u32) {
        self.line_ppm = ppm;
    }

    /// Picks a shift whose cover is broken and adds or removes one person there.
    fn repair_cover(&mut self) {
        let s = self.scenario;
        let shifts = s.shifts().len();
        let slots = self.slot_scores.len();
        if slots == 0 {
            return;
        }
        // A few tries to find a shift with a cover penalty.
        let Some(k) = (0..8)
            .map(|_| self.rng.random_range(0..slots))
            .find(|&k| self.slot_scores[k] != Score::ZERO)
        else {
            return;
        };
        let (day, shift) = (k / shifts, ShiftId::new(k % shifts));
        let under = s
            .cover_of(day, shift)
            .iter()
            .any(|c| self.counts.count(day, shift, c.role) < c.required);
        let n = s.staff().len();
        let start = self.rng.random_range(0..n);
        for i in 0..n {
            let staff = StaffId::new((start + i) % n);
            if self.is_locked(staff, day) {
                continue;
            }
            let cell = self.roster.get(staff, day);
            if under && cell != Some(shift) {
                // Someone off, or on another shift, takes this one.
                self.change(staff, day, Some(shift));
                return;
            }
            if !under && cell == Some(shift) {
                self.change(staff, day, None);
                return;
            }
        }
    }
}

/// The chance of a line move in millionths, so that line moves take about [`LINE_SHARE`]
/// percent of the work: a cell move re-scores one line (about 30 operations a day), a line
/// move solves a programme of `days x states x values` steps, a few rounds.
fn line_chance(scenario: &Scenario) -> u32 {
    let days = scenario.days() as u64;
    if days == 0 || scenario.staff().is_empty() {
        return 0;
    }
    let cell = 30 * days;
    let line = 2
        * days
        * LineDp::states(scenario, StaffId::new(0)) as u64
        * (scenario.shifts().len() as u64 + 1);
    let p = 1_000_000 * LINE_SHARE * cell / (100 * line.max(1));
    p.clamp(20, 200_000) as u32
}
