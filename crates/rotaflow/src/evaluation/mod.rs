//! The single definition of a roster's cost.
//!
//! [`evaluate`] returns the [`Score`] with every violation explained and broken down per rule,
//! per staff member and per day; [`score`] computes the same score without building any text.
//! The score splits into parts: one per staff member ([`staff_score`]), one per shift of each
//! day ([`slot_score`]: its cover and pairing rules) and one per fairness rule (which ties its members together: each
//! person's fair share depends on what the whole group works); the full score is their sum,
//! which is what incremental (delta) evaluation builds on.

mod compare;
mod fairness;
mod report;

pub use compare::{ReportDiff, RuleChange, StaffChange};
pub(crate) use fairness::{FairTally, FairUndo};

pub use report::{
    DayTotal, EvaluationReport, FairMemberReport, FairnessReport, RuleTotal, StaffTotal,
    ViolationReport,
};

use crate::model::{RoleId, Scenario, ShiftId, StaffId, Weight};
use crate::roster::Roster;
use crate::rules::{self, Breach, RuleKind, Sink, StaffCtx};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::{Add, AddAssign, Sub};

/// A roster's cost: total hard violation and total soft penalty. Lower is better; hard is
/// compared first, so any roster with less hard violation is better whatever its soft penalty.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Score {
    /// Sum of the amounts of all hard breaches.
    pub hard: u64,
    /// Sum of amount times weight of all soft breaches.
    pub soft: u64,
}

impl Score {
    /// The score of a perfect roster.
    pub const ZERO: Score = Score { hard: 0, soft: 0 };

    /// True when no hard rule is broken.
    pub fn is_feasible(self) -> bool {
        self.hard == 0
    }

    /// The score contribution of one breach.
    pub fn of(weight: Weight, amount: u64) -> Score {
        match weight {
            Weight::Hard => Score {
                hard: amount,
                soft: 0,
            },
            Weight::HardRank(r) => Score {
                hard: amount * u64::from(r),
                soft: 0,
            },
            Weight::Soft(w) => Score {
                hard: 0,
                soft: amount * u64::from(w),
            },
        }
    }
}

impl Add for Score {
    type Output = Score;
    fn add(self, o: Score) -> Score {
        Score {
            hard: self.hard + o.hard,
            soft: self.soft + o.soft,
        }
    }
}

impl AddAssign for Score {
    fn add_assign(&mut self, o: Score) {
        *self = *self + o;
    }
}

impl Sub for Score {
    type Output = Score;
    /// Saturating difference (for reporting progress; use [`ScoreDelta`] for signed deltas).
    fn sub(self, o: Score) -> Score {
        Score {
            hard: self.hard.saturating_sub(o.hard),
            soft: self.soft.saturating_sub(o.soft),
        }
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} hard / {} soft", self.hard, self.soft)
    }
}

/// A signed change of score, as produced by a move.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScoreDelta {
    /// Change of the hard part.
    pub hard: i64,
    /// Change of the soft part.
    pub soft: i64,
}

impl ScoreDelta {
    /// `after - before`.
    pub fn between(before: Score, after: Score) -> Self {
        Self {
            hard: after.hard as i64 - before.hard as i64,
            soft: after.soft as i64 - before.soft as i64,
        }
    }
}

/// One broken rule, explained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The breach as the rule reported it.
    pub breach: Breach,
    /// What it costs.
    pub score: Score,
    /// A sentence a ward manager can read.
    pub message: String,
}

/// The full result of evaluating a roster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    /// The total.
    pub score: Score,
    /// Every breach: staff rules first (by staff), then cover (by day and shift), then
    /// fairness (by rule, then member).
    pub violations: Vec<Violation>,
}

impl Evaluation {
    /// Totals per rule kind, in [`RuleKind::ALL`] order, only kinds with breaches.
    pub fn by_rule(&self) -> Vec<(RuleKind, Score, usize)> {
        RuleKind::ALL
            .iter()
            .filter_map(|&k| {
                let mut s = Score::ZERO;
                let mut n = 0;
                for v in self.violations.iter().filter(|v| v.breach.rule == k) {
                    s += v.score;
                    n += 1;
                }
                (n > 0).then_some((k, s, n))
            })
            .collect()
    }

    /// Totals per staff member (index = staff index); cover breaches belong to nobody.
    pub fn by_staff(&self, staff: usize) -> Vec<Score> {
        let mut out = vec![Score::ZERO; staff];
        for v in &self.violations {
            if let Some(s) = v.breach.staff {
                out[s.index()] += v.score;
            }
        }
        out
    }

    /// Totals per day (index = day); a breach counts on its first day, breaches with no day
    /// (such as monthly totals) are not included.
    pub fn by_day(&self, days: usize) -> Vec<Score> {
        let mut out = vec![Score::ZERO; days];
        for v in &self.violations {
            if let Some(d) = v.breach.first_day {
                out[d] += v.score;
            }
        }
        out
    }

    /// The readable, serialisable form with codes and dates.
    pub fn report(&self, scenario: &Scenario, roster: &Roster) -> EvaluationReport {
        report::build(self, scenario, roster)
    }
}

struct ScoreSink(Score);

impl Sink for ScoreSink {
    #[inline]
    fn breach(&mut self, b: Breach, _explain: impl FnOnce() -> String) {
        self.0 += Score::of(b.weight, b.amount);
    }
}

struct DetailSink(Vec<Violation>);

impl Sink for DetailSink {
    fn breach(&mut self, b: Breach, explain: impl FnOnce() -> String) {
        self.0.push(Violation {
            score: Score::of(b.weight, b.amount),
            message: explain(),
            breach: b,
        });
    }
}

/// Counts of people per (day, shift): overall, per role held, per type of exclusive roles
/// (see [`Scenario::role_types`]), and who of each pairing rule is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoverCounts {
    shifts: usize,
    roles: usize,
    types: usize,
    pairs: usize,
    any: Vec<u32>,
    by_role: Vec<u32>,
    by_type: Vec<u32>,
    /// Per slot and pairing rule: whether the person the rule is about is on (0 or 1), and
    /// how many of the others are.
    pair_on: Vec<[u16; 2]>,
}

impl CoverCounts {
    /// Counts everyone on duty in `roster`; a person written into a role in the roster counts
    /// in that role.
    pub fn new(scenario: &Scenario, roster: &Roster) -> Self {
        let shifts = scenario.shifts().len();
        let roles = scenario.roles().len();
        let days = scenario.days();
        let types = if scenario.has_exclusive_roles() {
            scenario.role_types().len()
        } else {
            0
        };
        let pairs = scenario.pairings().len();
        let mut c = CoverCounts {
            shifts,
            roles,
            types,
            pairs,
            any: vec![0; days * shifts],
            by_role: vec![0; days * shifts * roles],
            by_type: vec![0; days * shifts * types],
            pair_on: vec![[0; 2]; days * shifts * pairs],
        };
        for a in roster.assignments() {
            let role = roster.role(a.staff, a.day);
            c.add_in(scenario, a.staff, a.day, a.shift, role, 1);
        }
        c
    }

    /// Adds (`sign = 1`) or removes (`sign = -1`) one person on a shift, in whichever of their
    /// exclusive roles meets cover best.
    #[inline]
    pub fn add(
        &mut self,
        scenario: &Scenario,
        staff: StaffId,
        day: usize,
        shift: ShiftId,
        sign: i32,
    ) {
        self.add_in(scenario, staff, day, shift, None, sign);
    }

    /// As [`CoverCounts::add`], for a person written into `role` (when given).
    pub fn add_in(
        &mut self,
        scenario: &Scenario,
        staff: StaffId,
        day: usize,
        shift: ShiftId,
        role: Option<RoleId>,
        sign: i32,
    ) {
        let slot = day * self.shifts + shift.index();
        self.any[slot] = self.any[slot].wrapping_add_signed(sign);
        for r in &scenario.staff_member(staff).roles {
            let i = slot * self.roles + r.index();
            self.by_role[i] = self.by_role[i].wrapping_add_signed(sign);
        }
        if self.types > 0 {
            let t = match role {
                Some(r) => scenario.pinned_role_type(r),
                None => scenario.role_type_of(staff),
            };
            let i = slot * self.types + t;
            self.by_type[i] = self.by_type[i].wrapping_add_signed(sign);
        }
        if self.pairs > 0 {
            for &(k, which) in scenario.pairs_of(staff) {
                let on = &mut self.pair_on[slot * self.pairs + k as usize][which as usize];
                *on = on.wrapping_add_signed(sign as i16);
            }
        }
    }

    /// People on `shift` on `day` of each exclusive role type (empty without exclusive roles).
    pub fn types_on(&self, day: usize, shift: ShiftId) -> &[u32] {
        let slot = day * self.shifts + shift.index();
        &self.by_type[slot * self.types..(slot + 1) * self.types]
    }

    /// People on `shift` on `day` who count for a cover entry with `role`: everyone for no
    /// role, the holders of a shared role, and those working in an exclusive role under a
    /// least-cost allocation of the shift's people to exclusive roles.
    pub fn count(
        &self,
        scenario: &Scenario,
        day: usize,
        shift: ShiftId,
        role: Option<RoleId>,
    ) -> u32 {
        let slot = day * self.shifts + shift.index();
        match role {
            None => self.any[slot],
            Some(r) if scenario.roles()[r.index()].exclusive => {
                let entries = scenario.cover_of(day, shift);
                rules::allocate(scenario, entries, self.types_on(day, shift)).count[r.index()]
            }
            Some(r) => self.by_role[slot * self.roles + r.index()],
        }
    }

    /// Judges the cover and the pairing rules of one shift on one day.
    fn check(&self, scenario: &Scenario, day: usize, shift: ShiftId, sink: &mut impl Sink) {
        self.check_cover(scenario, day, shift, sink);
        self.check_pairs(scenario, day, shift, sink);
    }

    /// Judges the pairing rules that apply to one shift on one day.
    #[inline]
    fn check_pairs(&self, scenario: &Scenario, day: usize, shift: ShiftId, sink: &mut impl Sink) {
        if self.pairs == 0 {
            return;
        }
        let slot = day * self.shifts + shift.index();
        for &k in scenario.pairs_on_shift(shift) {
            let rule = &scenario.pairings()[k as usize];
            if (rule.first_day..=rule.last_day).contains(&(day as u32)) {
                let on = self.pair_on[slot * self.pairs + k as usize];
                rules::check_pair(scenario, k as usize, day, shift, on, sink);
            }
        }
    }

    /// Judges the cover of one shift on one day.
    fn check_cover(&self, scenario: &Scenario, day: usize, shift: ShiftId, sink: &mut impl Sink) {
        let entries = scenario.cover_of(day, shift);
        if entries.is_empty() {
            return;
        }
        let slot = day * self.shifts + shift.index();
        let exclusive = |r: RoleId| scenario.roles()[r.index()].exclusive;
        let allocation = (self.types > 0 && entries.iter().any(|c| c.role.is_some_and(exclusive)))
            .then(|| rules::allocate(scenario, entries, self.types_on(day, shift)));
        rules::check_cover_slot(
            scenario,
            entries,
            |c| match c.role {
                None => self.any[slot],
                Some(r) => match &allocation {
                    Some(a) if exclusive(r) => a.count[r.index()],
                    _ => self.by_role[slot * self.roles + r.index()],
                },
            },
            sink,
        );
    }
}

/// The full evaluation of `roster`, with explanations.
///
/// # Panics
/// When the roster's size does not match the scenario (see [`Roster::fits`]).
pub fn evaluate(scenario: &Scenario, roster: &Roster) -> Evaluation {
    assert!(
        roster.fits(scenario),
        "roster size does not match the scenario"
    );
    let mut sink = DetailSink(Vec::new());
    run_all(scenario, roster, &mut sink);
    let score = sink.0.iter().fold(Score::ZERO, |a, v| a + v.score);
    Evaluation {
        score,
        violations: sink.0,
    }
}

/// The score of `roster`, equal to `evaluate(scenario, roster).score` but without building
/// explanations.
///
/// # Panics
/// When the roster's size does not match the scenario.
pub fn score(scenario: &Scenario, roster: &Roster) -> Score {
    assert!(
        roster.fits(scenario),
        "roster size does not match the scenario"
    );
    let mut sink = ScoreSink(Score::ZERO);
    run_all(scenario, roster, &mut sink);
    sink.0
}

/// The part of the score that depends only on one staff member's line of shifts (contract
/// rules, leave, fixed assignments, wishes).
pub fn staff_score(scenario: &Scenario, staff: StaffId, line: &[Option<ShiftId>]) -> Score {
    let mut sink = ScoreSink(Score::ZERO);
    rules::check_staff(&StaffCtx::new(scenario, staff, line), &mut sink);
    sink.0
}

/// The staff part of the score for the first `line.len()` days only, judging the line as
/// open-ended (see [`StaffCtx::open_end`]). Used while a roster is being built day by day.
pub fn staff_prefix_score(scenario: &Scenario, staff: StaffId, line: &[Option<ShiftId>]) -> Score {
    let mut sink = ScoreSink(Score::ZERO);
    rules::check_staff(&StaffCtx::prefix(scenario, staff, line), &mut sink);
    sink.0
}

/// The part of the score for one shift on one day, given the counts: its cover and its
/// pairing rules.
pub fn slot_score(scenario: &Scenario, counts: &CoverCounts, day: usize, shift: ShiftId) -> Score {
    let mut sink = ScoreSink(Score::ZERO);
    counts.check(scenario, day, shift, &mut sink);
    sink.0
}

/// The cover part alone of [`slot_score`] (the pairing rules left out).
pub(crate) fn cover_slot_score(
    scenario: &Scenario,
    counts: &CoverCounts,
    day: usize,
    shift: ShiftId,
) -> Score {
    let mut sink = ScoreSink(Score::ZERO);
    counts.check_cover(scenario, day, shift, &mut sink);
    sink.0
}

fn run_all(scenario: &Scenario, roster: &Roster, sink: &mut impl Sink) {
    for i in 0..scenario.staff().len() {
        let id = StaffId::new(i);
        rules::check_staff(&StaffCtx::new(scenario, id, roster.line(id)), sink);
    }
    let counts = CoverCounts::new(scenario, roster);
    for day in 0..scenario.days() {
        for s in 0..scenario.shifts().len() {
            counts.check(scenario, day, ShiftId::new(s), sink);
        }
    }
    for k in 0..scenario.fairness().len() {
        let counts: Vec<u32> = scenario
            .fair_group(k)
            .members
            .iter()
            .map(|&m| scenario.fair_count(k, roster.line(m)))
            .collect();
        rules::check_fairness(scenario, k, &counts, sink);
    }
}

/// `roster` with the role each person works in written into every worked cell that has none:
/// for exclusive roles, the allocation the score uses (people of the same role type are given
/// roles in staff order); for a person with one role, that role. Cells that already have a
/// role keep it, and the score does not change.
pub fn assign_roles(scenario: &Scenario, roster: &Roster) -> Roster {
    let mut out = roster.clone();
    let counts = CoverCounts::new(scenario, roster);
    let types = scenario.role_types();
    for day in 0..scenario.days() {
        for s in 0..scenario.shifts().len() {
            let shift = ShiftId::new(s);
            let alloc = (counts.types > 0).then(|| {
                rules::allocate(
                    scenario,
                    scenario.cover_of(day, shift),
                    counts.types_on(day, shift),
                )
            });
            // Roles already written use up their share of the allocation first.
            let mut flow = alloc.map(|a| a.flow).unwrap_or_default();
            for i in 0..scenario.staff().len() {
                let id = StaffId::new(i);
                if roster.get(id, day) != Some(shift) {
                    continue;
                }
                if let Some(r) = roster.role(id, day) {
                    let t = scenario.pinned_role_type(r);
                    if let Some(f) = flow.get_mut(t).and_then(|f| f.first_mut()) {
                        *f = f.saturating_sub(1);
                    }
                }
            }
            for i in 0..scenario.staff().len() {
                let id = StaffId::new(i);
                if roster.get(id, day) != Some(shift) || roster.role(id, day).is_some() {
                    continue;
                }
                let member = scenario.staff_member(id);
                let t = scenario.role_type_of(id);
                let role = match flow.get_mut(t) {
                    Some(f) if !types[t].is_empty() => f.iter_mut().position(|n| *n > 0).map(|k| {
                        f[k] -= 1;
                        types[t][k]
                    }),
                    _ => match member.roles.as_slice() {
                        [only] => Some(*only),
                        _ => None,
                    },
                };
                out.set_role(id, day, role);
            }
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests;
