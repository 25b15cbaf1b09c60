//! The single definition of a roster's cost.
//!
//! [`evaluate`] returns the [`Score`] with every violation explained and broken down per rule,
//! per staff member and per day; [`score`] computes the same score without building any text.
//! The score splits into independent parts, one per staff member ([`staff_score`]) and one per
//! shift of each day ([`slot_score`]); the full score is their sum, which is what incremental
//! (delta) evaluation builds on.

mod report;

pub use report::{DayTotal, EvaluationReport, RuleTotal, StaffTotal, ViolationReport};

use crate::model::{Scenario, ShiftId, StaffId, Weight};
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
    /// Every breach, staff rules first (by staff) then cover (by day and shift).
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

/// Counts of people per (day, shift), overall and per role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoverCounts {
    shifts: usize,
    roles: usize,
    any: Vec<u32>,
    by_role: Vec<u32>,
}

impl CoverCounts {
    /// Counts everyone on duty in `roster`.
    pub fn new(scenario: &Scenario, roster: &Roster) -> Self {
        let shifts = scenario.shifts().len();
        let roles = scenario.roles().len();
        let days = scenario.days();
        let mut c = CoverCounts {
            shifts,
            roles,
            any: vec![0; days * shifts],
            by_role: vec![0; days * shifts * roles],
        };
        for a in roster.assignments() {
            c.add(scenario, a.staff, a.day, a.shift, 1);
        }
        c
    }

    /// Adds (`sign = 1`) or removes (`sign = -1`) one person on a shift.
    #[inline]
    pub fn add(
        &mut self,
        scenario: &Scenario,
        staff: StaffId,
        day: usize,
        shift: ShiftId,
        sign: i32,
    ) {
        let slot = day * self.shifts + shift.index();
        self.any[slot] = self.any[slot].wrapping_add_signed(sign);
        for r in &scenario.staff_member(staff).roles {
            let i = slot * self.roles + r.index();
            self.by_role[i] = self.by_role[i].wrapping_add_signed(sign);
        }
    }

    /// People on `shift` on `day` who count for a cover entry with `role`.
    #[inline]
    pub fn count(&self, day: usize, shift: ShiftId, role: Option<crate::model::RoleId>) -> u32 {
        let slot = day * self.shifts + shift.index();
        match role {
            None => self.any[slot],
            Some(r) => self.by_role[slot * self.roles + r.index()],
        }
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

/// The cover part of the score for one shift on one day, given the counts.
pub fn slot_score(scenario: &Scenario, counts: &CoverCounts, day: usize, shift: ShiftId) -> Score {
    let mut sink = ScoreSink(Score::ZERO);
    rules::check_cover_slot(
        scenario,
        scenario.cover_of(day, shift),
        |c| counts.count(day, shift, c.role),
        &mut sink,
    );
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
            let shift = ShiftId::new(s);
            rules::check_cover_slot(
                scenario,
                scenario.cover_of(day, shift),
                |c| counts.count(day, shift, c.role),
                sink,
            );
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
