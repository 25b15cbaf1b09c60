//! Local search with simulated annealing. Moves change one cell, swap two people's shifts on a day,
//! swap two people's shifts over a run of days, repair a shift with too few or too many
//! people, or replace one person's whole line by the best line of a dynamic programme with
//! everyone else fixed (the `line` module; the move that mends block-length and paid-minute
//! rules, which no single cell change can). Each move is scored incrementally: only the staff
//! lines and cover slots it touches are re-evaluated, with the fairness rules of the people
//! whose lines changed, and a rejected move is rolled back from saved scores without
//! re-scoring.
//!
//! The acceptance test weighs a unit of hard violation by an adaptive weight (raised while the
//! search mostly stands on rosters that break hard rules, lowered otherwise). A search accepts
//! a worse roster by one of two rules (see [`Acceptance`]): annealing accepts it with
//! probability `exp(-increase / temperature)`, the temperature cooling over a cycle of moves and
//! starting hot again with every better roster; late acceptance takes it when it is no worse
//! than the roster of a fixed number of moves ago. A search that finds no better roster in a
//! whole cycle starts again from its best.

use super::line::{cover_deltas, line_value, LineDp};
use super::{interrupted, Acceptance, Observer, SolveOptions, StopReason};
use crate::evaluation::{slot_score, staff_score, CoverCounts, FairTally, FairUndo, Score};
use crate::model::{Scenario, ShiftId, StaffId};
use crate::roster::Roster;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::{Duration, Instant};

/// The schedule of each acceptance rule. Annealing: the temperature falls geometrically from
/// `start` to `end` (fractions of the scenario's largest soft weight) over `cycle` moves.
/// Late acceptance (`late > 0`): a move is also accepted when it is no worse than the roster
/// of `late` moves ago. Either way a search that finds no better roster in a whole cycle starts
/// again from its best roster.
fn schedule(acceptance: Acceptance) -> Schedule {
    match acceptance {
        Acceptance::Annealing => Schedule {
            start: 0.1,
            end: 0.005,
            cycle: 3_000_000,
            late: 0,
        },
        Acceptance::LateAcceptance => Schedule {
            start: 0.0,
            end: 0.0,
            cycle: 1_000_000,
            late: 2_000,
        },
    }
}

/// One acceptance schedule (see [`schedule`]).
#[derive(Clone, Copy)]
struct Schedule {
    start: f64,
    end: f64,
    cycle: u64,
    late: usize,
}

/// Longest run of days moved by a block swap.
const MAX_BLOCK: usize = 7;

/// Moves between two updates of the hard-violation weight.
const WEIGHT_PERIOD: u64 = 5_000;

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
    /// The fairness rules' counts and costs (their cost is part of `total`).
    fair: FairTally,
    fair_undo: Vec<FairUndo>,
    total: Score,
    best: Roster,
    best_score: Score,
    locked: Vec<bool>,
    movable: Vec<(StaffId, usize)>,
    rng: ChaCha8Rng,
    moves: u64,
    time_to_best: Duration,
    /// Temperatures at the start and end of a cycle, in soft-score units, and its length.
    hot: f64,
    cold: f64,
    cycle: u64,
    /// The current temperature (updated every 1024 moves).
    temperature: f64,
    /// Late-acceptance values (at the hard weight of their time), empty when annealing.
    history: Vec<u64>,
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
    line_locked: Vec<bool>,
    /// Chance of a line move, in millionths.
    line_ppm: u32,
    /// The move count when the best roster was last improved (or the search restarted).
    last_best: u64,
}

impl<'a> LocalSearch<'a> {
    /// Starts from `roster`, annealing. Cells with a fixed assignment are never changed.
    pub fn new(scenario: &'a Scenario, roster: Roster, seed: u64) -> Self {
        Self::with_acceptance(scenario, roster, seed, Acceptance::Annealing)
    }

    /// Like [`LocalSearch::new`] with the given acceptance rule.
    pub fn with_acceptance(
        scenario: &'a Scenario,
        roster: Roster,
        seed: u64,
        acceptance: Acceptance,
    ) -> Self {
        Self::with_schedule(scenario, roster, seed, schedule(acceptance))
    }

    fn with_schedule(
        scenario: &'a Scenario,
        roster: Roster,
        seed: u64,
        schedule: Schedule,
    ) -> Self {
        let scale = soft_scale(scenario);
        // The search leaves roles to the allocation of least cost: written roles are dropped.
        // Locked cells take their value, whatever the start.
        let mut roster = roster.without_roles();
        super::construct::pin(scenario, &mut roster);
        let n = scenario.staff().len();
        let days = scenario.days();
        let locked = scenario.locked_cells();
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
            fair: FairTally::default(),
            fair_undo: Vec::new(),
            total: Score::ZERO,
            best_score: Score::ZERO,
            locked,
            movable,
            // A different stream from construction's.
            rng: ChaCha8Rng::seed_from_u64(seed ^ 0x9E37_79B9_7F4A_7C15),
            moves: 0,
            time_to_best: Duration::ZERO,
            hot: schedule.start * scale,
            cold: schedule.end * scale,
            cycle: schedule.cycle,
            temperature: schedule.start * scale,
            history: vec![0; schedule.late],
            undo: Vec::with_capacity(2 * MAX_BLOCK),
            hard_weight: START_HARD_WEIGHT,
            infeasible_moves: 0,
            line: LineDp::default(),
            cover: Vec::new(),
            line_locked: Vec::new(),
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
        self.fair = FairTally::new(s, &self.roster);
        self.fair_undo.clear();
        self.total.soft += self.fair.total();
        let now = self.value(self.total);
        self.history.fill(now);
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
            // An observer told of a better roster may have asked to stop: answer at once.
            if self.last_best == self.moves && interrupted(options) {
                return StopReason::Interrupted;
            }
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
        let since = self.moves - self.last_best;
        if since > self.cycle {
            // A whole cycle without a better roster: start again from the best (hot, when
            // annealing).
            self.last_best = self.moves;
            let best = self.best.clone();
            self.hard_weight = START_HARD_WEIGHT;
            self.restart_from(&best, self.best_score);
        }
        if self.moves % 1024 == 1 && self.history.is_empty() {
            // Cooling restarts with every better roster (the search reheats around it).
            let phase = (since as f64 / self.cycle as f64).min(1.0);
            self.temperature = self.hot * (self.cold / self.hot).powf(phase);
        }
        let before = self.total;
        self.clear_undo();
        let r = self.rng.random_range(0..100u32);
        if self.line_ppm > 0 && self.rng.random_range(0..1_000_000) < self.line_ppm {
            self.line_move();
        } else if r < 40 {
            self.random_change();
        } else if r < 65 {
            self.random_swap();
        } else if r < 78 {
            self.block_swap();
        } else if r < 81 && self.scenario.settings().weekend_clock.is_some() {
            self.clear_weekend();
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
        let b = self.value(before);
        let slot =
            (!self.history.is_empty()).then(|| (self.moves % self.history.len() as u64) as usize);
        let accept = v <= b
            || match slot {
                Some(k) => v <= self.history[k],
                None => {
                    let x: f64 = self.rng.random();
                    x < (-((v - b) as f64) / self.temperature).exp()
                }
            };
        if accept {
            if after < self.best_score {
                self.best_score = after;
                self.best.clone_from(&self.roster);
                self.time_to_best = start.elapsed();
                self.last_best = self.moves;
                observer.improved(&super::Progress {
                    elapsed: self.time_to_best,
                    score: after,
                    roster: &self.best,
                });
            }
        } else {
            self.rollback(before);
        }
        // The roster the search stands on after the move, not the one it proposed.
        if self.total.hard > 0 {
            self.infeasible_moves += 1;
        }
        if let Some(k) = slot {
            let now = self.value(self.total);
            if now < self.history[k] {
                self.history[k] = now;
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
        self.clear_undo();
        let old = self.roster.get(staff, day);
        self.change(staff, day, shift);
        self.clear_undo();
        old
    }

    /// Changes one cell and records how to take it back.
    fn change(&mut self, staff: StaffId, day: usize, shift: Option<ShiftId>) {
        if self.set_cell(staff, day, shift) {
            self.rescore_staff(staff);
        }
    }

    /// Changes several cells of one person's line, re-scoring the line once at the end.
    fn change_line(
        &mut self,
        staff: StaffId,
        cells: impl IntoIterator<Item = (usize, Option<ShiftId>)>,
    ) {
        let mut changed = false;
        for (day, shift) in cells {
            changed |= self.set_cell(staff, day, shift);
        }
        if changed {
            self.rescore_staff(staff);
        }
    }

    /// Changes one cell and re-scores the cover slots it touches, recording how to take it
    /// back; the person's line score is left to [`LocalSearch::rescore_staff`] (the undo
    /// record keeps the line's score from before the move). Returns whether the cell changed.
    fn set_cell(&mut self, staff: StaffId, day: usize, shift: Option<ShiftId>) -> bool {
        let old = self.roster.set(staff, day, shift);
        if old == shift {
            return false;
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
        true
    }

    /// Forgets how to take the current move back (it is kept, or there is none).
    fn clear_undo(&mut self) {
        self.undo.clear();
        self.fair_undo.clear();
    }

    /// Re-scores one person's line after [`LocalSearch::set_cell`] changes, and the fairness
    /// rules they belong to.
    fn rescore_staff(&mut self, staff: StaffId) {
        let s = self.scenario;
        let new_staff = staff_score(s, staff, self.roster.line(staff));
        self.total = self.total - self.staff_scores[staff.index()] + new_staff;
        self.staff_scores[staff.index()] = new_staff;
        if !s.fairness().is_empty() && !s.fair_of(staff).is_empty() {
            let before = self.fair.total();
            self.fair
                .update(s, staff, self.roster.line(staff), &mut self.fair_undo);
            self.total.soft = self.total.soft - before + self.fair.total();
        }
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
        self.fair.undo(&mut self.fair_undo);
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
        let mut cells = [(0, None, None); MAX_BLOCK];
        for (i, d) in (first..first + len).enumerate() {
            cells[i] = (d, self.roster.get(a, d), self.roster.get(b, d));
        }
        let cells = &cells[..len];
        self.change_line(a, cells.iter().map(|&(d, _, vb)| (d, vb)));
        self.change_line(b, cells.iter().map(|&(d, va, _)| (d, va)));
    }

    /// Gives one person the same shift (or days off) over a run of 2 to 4 days.
    /// Clears every shift of a person chosen at random that counts for a weekend chosen at
    /// random (with a weekend by clock time it may span three days: a Friday night, the
    /// Saturday and the Sunday), so that the weekend becomes one off.
    fn clear_weekend(&mut self) {
        let s = self.scenario;
        if s.weekends() == 0 {
            return;
        }
        let staff = StaffId::new(self.rng.random_range(0..s.staff().len()));
        let k = self.rng.random_range(0..s.weekends());
        let cells: Vec<usize> = (0..s.days())
            .filter(|&d| {
                self.roster
                    .get(staff, d)
                    .is_some_and(|sh| s.cell_weekend(d, sh) == Some(k))
            })
            .collect();
        if cells.is_empty() || cells.iter().any(|&d| self.is_locked(staff, d)) {
            return;
        }
        self.change_line(staff, cells.into_iter().map(|d| (d, None)));
    }

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
        self.change_line(staff, (first..first + len).map(|d| (d, value)));
    }

    /// Re-optimises the line of a person chosen at random; or, every other time when some
    /// shift has too few or too many people, puts one person on (or off) that shift and
    /// re-optimises the rest of their line around it (accepted or not by the acceptance test,
    /// like any move: this is how the search moves work between people without breaking their
    /// own rules).
    fn line_move(&mut self) {
        let n = self.scenario.staff().len();
        if self.rng.random_bool(0.2) {
            if let Some((staff, day, cell)) = self.pick_cover_cell() {
                self.line_move_of(StaffId::new(staff), Some((day, cell)));
                return;
            }
        }
        let staff = StaffId::new(self.rng.random_range(0..n));
        self.line_move_of(staff, None);
    }

    /// A person and a cell that would mend a broken cover: someone not on a shift that is
    /// short of people, or someone on a shift with too many.
    fn pick_cover_cell(&mut self) -> Option<(usize, usize, Option<ShiftId>)> {
        let s = self.scenario;
        let shifts = s.shifts().len();
        let slots = self.slot_scores.len();
        if slots == 0 {
            return None;
        }
        let k = (0..8)
            .map(|_| self.rng.random_range(0..slots))
            .find(|&k| self.slot_scores[k] != Score::ZERO)?;
        let (day, shift) = (k / shifts, ShiftId::new(k % shifts));
        let short: Vec<_> = s
            .cover_of(day, shift)
            .iter()
            .filter(|c| self.counts.count(s, day, shift, c.role) < c.required)
            .map(|c| c.role)
            .collect();
        let n = s.staff().len();
        let first = self.rng.random_range(0..n);
        (0..n).map(|i| (first + i) % n).find_map(|i| {
            let id = StaffId::new(i);
            if self.is_locked(id, day) {
                return None;
            }
            let cell = self.roster.get(id, day);
            if !short.is_empty() {
                let counts = short
                    .iter()
                    .any(|r| r.is_none_or(|r| s.staff_member(id).roles.contains(&r)));
                (counts && cell != Some(shift)).then_some((i, day, Some(shift)))
            } else {
                (cell == Some(shift)).then_some((i, day, None))
            }
        })
    }

    /// Replaces one person's whole line by the best line of the line programme (everyone
    /// else fixed). Without `forced`, only when that is at least as good as their current
    /// line; with `forced = (day, cell)`, the line keeps `cell` on `day` and the acceptance
    /// test judges it.
    fn line_move_of(&mut self, staff: StaffId, forced: Option<(usize, Option<ShiftId>)>) {
        let s = self.scenario;
        let days = s.days();
        let hard = self.hard_weight as i64;
        let mut current = self.roster.line(staff).to_vec();
        cover_deltas(s, &mut self.counts, staff, &current, hard, &mut self.cover);
        self.line_locked.clear();
        self.line_locked
            .extend_from_slice(&self.locked[staff.index() * days..(staff.index() + 1) * days]);
        let now = current.clone();
        if let Some((day, cell)) = forced {
            current[day] = cell;
            self.line_locked[day] = true;
        }
        let Some((line, value)) =
            self.line
                .best_line(s, staff, &current, &self.line_locked, &self.cover, hard)
        else {
            return;
        };
        if line == now {
            return;
        }
        if forced.is_none()
            && value > line_value(self.staff_scores[staff.index()], &now, &self.cover, hard)
        {
            return;
        }
        self.change_line(staff, line.into_iter().enumerate());
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
            .any(|c| self.counts.count(s, day, shift, c.role) < c.required);
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
/// move solves a programme of `days x states x values` steps (states averaged over the
/// staff), a few rounds.
fn line_chance(scenario: &Scenario) -> u32 {
    let days = scenario.days() as u64;
    if days == 0 || scenario.staff().is_empty() {
        return 0;
    }
    let n = scenario.staff().len() as u64;
    let states = (0..scenario.staff().len())
        .map(|i| LineDp::states(scenario, StaffId::new(i)) as u64)
        .sum::<u64>()
        / n;
    let cell = 30 * days;
    let line = 2 * days * states * (scenario.shifts().len() as u64 + 1);
    let p = 1_000_000 * LINE_SHARE * cell / (100 * line.max(1));
    p.clamp(20, 200_000) as u32
}

/// The scale of the annealing temperatures: the largest soft weight of a cover requirement or
/// a wish (100 when there is none), so that schedules mean the same whatever the weights.
fn soft_scale(scenario: &Scenario) -> f64 {
    let soft = |w: crate::model::Weight| match w {
        crate::model::Weight::Soft(w) => f64::from(w),
        _ => 0.0,
    };
    let cover = scenario
        .cover()
        .iter()
        .map(|c| soft(c.under).max(soft(c.over)));
    let wishes = scenario.requests().iter().map(|r| soft(r.weight));
    let max = cover.chain(wishes).fold(0.0, f64::max);
    if max > 0.0 {
        max
    } else {
        100.0
    }
}
