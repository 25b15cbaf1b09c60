//! The business rules, one per file. Each rule looks at one staff member's line of shifts (or,
//! for cover and pairing, at one shift of one day; for fairness, at the counts of a group)
//! and reports breaches into a [`Sink`]. Rules know nothing
//! about how scores are added up or displayed: the evaluator decides that.
//!
//! A [`Breach`] carries the amount of violation in the rule's own unit (days, minutes, shifts,
//! people) and the [`Weight`] it costs per unit. The readable message is built lazily, so the
//! fast scoring path never formats a string.

mod changes;
mod commitments;
mod consecutive;
mod cover;
mod fairness;
mod fixed;
mod leave;
mod max_shifts;
mod nights;
mod pairs;
mod patterns;
mod requests;
mod rest;
mod runs;
mod successions;
mod total_minutes;
mod total_shifts;
mod week_minutes;
mod weekends;
mod weekends_off;

use crate::model::{Contract, Scenario, ShiftId, Staff, StaffId, Weight};
use serde::{Deserialize, Serialize};
use std::fmt;

pub(crate) use cover::{allocate, check_slot as check_cover_slot};
pub(crate) use fairness::{check as check_fairness, score as fairness_score};
pub(crate) use pairs::check as check_pair;
pub(crate) use runs::first_run_start_known;
pub(crate) use week_minutes::WINDOW as WEEK_WINDOW;
pub(crate) use weekends::worked as weekends_worked;

/// The kinds of rule, each with a stable snake_case name used in reports and JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// Fewer people on a shift than required (per missing person).
    CoverUnder,
    /// More people on a shift than required (per extra person).
    CoverOver,
    /// Work on a leave day (per day).
    Leave,
    /// A fixed assignment not kept (per assignment).
    Fixed,
    /// A wish not granted (per wish).
    Request,
    /// More shifts of one type than the contract allows (per shift).
    MaxShifts,
    /// Fewer paid minutes than the contract's minimum (per minute).
    MinTotalMinutes,
    /// More paid minutes than the contract's maximum (per minute).
    MaxTotalMinutes,
    /// A block of working days shorter than the minimum (per day short).
    MinConsecutiveWork,
    /// A block of working days longer than the maximum (per day over).
    MaxConsecutiveWork,
    /// A block of days off shorter than the minimum (per day short).
    MinConsecutiveOff,
    /// A block of days off longer than the maximum (per day over).
    MaxConsecutiveOff,
    /// More working weekends than allowed (per weekend).
    MaxWeekends,
    /// Too little rest between two shifts (per pair of shifts).
    MinRest,
    /// A forbidden or penalised shift succession (per occurrence).
    Succession,
    /// More night shifts than allowed (per night).
    MaxNights,
    /// A run of a shift or group shorter than the minimum (per day short).
    MinConsecutive,
    /// A run of a shift or group longer than the maximum (per day over).
    MaxConsecutive,
    /// Too few days off after a run of a shift or group (per day short).
    MinOffAfter,
    /// A forbidden or penalised pattern of days (per occurrence).
    Pattern,
    /// Fewer shifts in total than the minimum (per shift short).
    MinTotalShifts,
    /// More shifts in total than the maximum (per shift over).
    MaxTotalShifts,
    /// A weekend partly worked where weekends must be complete (per weekend).
    CompleteWeekends,
    /// More worked weekends in a row than allowed (per weekend over).
    MaxConsecutiveWeekends,
    /// A person's share of nights, weekends, holidays or a shift group outside their fair
    /// band (per shift, or per weekend, outside it).
    Fairness,
    /// A shift worked without any of the people a person may work only with (per shift).
    OnlyWith,
    /// A shift worked together with someone a person must never work with (per person
    /// together on a shift).
    NeverWith,
    /// More paid minutes in 7 consecutive days than allowed (per minute over, per window).
    MaxWeekMinutes,
    /// Too few weekends off in a run of consecutive weekends (per worked weekend over, per
    /// window).
    MinWeekendsOff,
    /// A person-day changed from the published roster of a re-plan (per change; a day off
    /// taken away counts twice).
    Change,
    /// A commitment not kept: a theatre list, clinic, ward round or on-call without a shift
    /// that covers it, or a shift that clashes with a meeting, conference or teaching (per
    /// commitment and day).
    Commitment,
}

impl RuleKind {
    /// Every rule kind, in report order.
    pub const ALL: [RuleKind; 31] = [
        RuleKind::CoverUnder,
        RuleKind::CoverOver,
        RuleKind::Leave,
        RuleKind::Fixed,
        RuleKind::Request,
        RuleKind::MaxShifts,
        RuleKind::MinTotalMinutes,
        RuleKind::MaxTotalMinutes,
        RuleKind::MinConsecutiveWork,
        RuleKind::MaxConsecutiveWork,
        RuleKind::MinConsecutiveOff,
        RuleKind::MaxConsecutiveOff,
        RuleKind::MaxWeekends,
        RuleKind::MinRest,
        RuleKind::Succession,
        RuleKind::MaxNights,
        RuleKind::MinConsecutive,
        RuleKind::MaxConsecutive,
        RuleKind::MinOffAfter,
        RuleKind::Pattern,
        RuleKind::MinTotalShifts,
        RuleKind::MaxTotalShifts,
        RuleKind::CompleteWeekends,
        RuleKind::MaxConsecutiveWeekends,
        RuleKind::Fairness,
        RuleKind::OnlyWith,
        RuleKind::NeverWith,
        RuleKind::MaxWeekMinutes,
        RuleKind::MinWeekendsOff,
        RuleKind::Change,
        RuleKind::Commitment,
    ];

    /// The stable snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            RuleKind::CoverUnder => "cover_under",
            RuleKind::CoverOver => "cover_over",
            RuleKind::Leave => "leave",
            RuleKind::Fixed => "fixed",
            RuleKind::Request => "request",
            RuleKind::MaxShifts => "max_shifts",
            RuleKind::MinTotalMinutes => "min_total_minutes",
            RuleKind::MaxTotalMinutes => "max_total_minutes",
            RuleKind::MinConsecutiveWork => "min_consecutive_work",
            RuleKind::MaxConsecutiveWork => "max_consecutive_work",
            RuleKind::MinConsecutiveOff => "min_consecutive_off",
            RuleKind::MaxConsecutiveOff => "max_consecutive_off",
            RuleKind::MaxWeekends => "max_weekends",
            RuleKind::MinRest => "min_rest",
            RuleKind::Succession => "succession",
            RuleKind::MaxNights => "max_nights",
            RuleKind::MinConsecutive => "min_consecutive",
            RuleKind::MaxConsecutive => "max_consecutive",
            RuleKind::MinOffAfter => "min_off_after",
            RuleKind::Pattern => "pattern",
            RuleKind::MinTotalShifts => "min_total_shifts",
            RuleKind::MaxTotalShifts => "max_total_shifts",
            RuleKind::CompleteWeekends => "complete_weekends",
            RuleKind::MaxConsecutiveWeekends => "max_consecutive_weekends",
            RuleKind::Fairness => "fairness",
            RuleKind::OnlyWith => "only_with",
            RuleKind::NeverWith => "never_with",
            RuleKind::MaxWeekMinutes => "max_week_minutes",
            RuleKind::MinWeekendsOff => "min_weekends_off",
            RuleKind::Change => "change",
            RuleKind::Commitment => "commitment",
        }
    }

    /// The unit in which the amount of a breach is counted.
    pub fn unit(self) -> &'static str {
        match self {
            RuleKind::CoverUnder | RuleKind::CoverOver => "people",
            RuleKind::Leave | RuleKind::Commitment => "days",
            RuleKind::Fixed => "assignments",
            RuleKind::Request => "wishes",
            RuleKind::MaxShifts
            | RuleKind::MaxNights
            | RuleKind::MinTotalShifts
            | RuleKind::MaxTotalShifts
            | RuleKind::Fairness
            | RuleKind::OnlyWith
            | RuleKind::NeverWith => "shifts",
            RuleKind::MinTotalMinutes | RuleKind::MaxTotalMinutes | RuleKind::MaxWeekMinutes => {
                "minutes (hard: hours started)"
            }
            RuleKind::MinConsecutiveWork
            | RuleKind::MaxConsecutiveWork
            | RuleKind::MinConsecutiveOff
            | RuleKind::MaxConsecutiveOff
            | RuleKind::MinConsecutive
            | RuleKind::MaxConsecutive
            | RuleKind::MinOffAfter => "days",
            RuleKind::Pattern => "patterns",
            RuleKind::MaxWeekends
            | RuleKind::CompleteWeekends
            | RuleKind::MaxConsecutiveWeekends
            | RuleKind::MinWeekendsOff => "weekends",
            RuleKind::MinRest => "rest breaks",
            RuleKind::Succession => "successions",
            RuleKind::Change => "changes (a day off taken away: 2)",
        }
    }
}

impl fmt::Display for RuleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One breach of one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Breach {
    /// Which rule.
    pub rule: RuleKind,
    /// Hard, or soft with its weight per unit.
    pub weight: Weight,
    /// Units of violation (at least 1).
    pub amount: u64,
    /// The staff member concerned, if the rule is about one person.
    pub staff: Option<StaffId>,
    /// First day concerned, if the breach has a place in time.
    pub first_day: Option<usize>,
    /// Last day concerned (equal to `first_day` for a single day).
    pub last_day: Option<usize>,
    /// The shift concerned, if any.
    pub shift: Option<ShiftId>,
}

/// Receives breaches from the rules.
pub trait Sink {
    /// Records one breach. `explain` builds the readable message; sinks that only add up
    /// scores never call it.
    fn breach(&mut self, breach: Breach, explain: impl FnOnce() -> String);
}

/// Everything a staff rule needs to judge one person's line of shifts.
#[derive(Clone, Copy)]
pub struct StaffCtx<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Who.
    pub id: StaffId,
    /// The staff member.
    pub staff: &'a Staff,
    /// Their contract.
    pub contract: &'a Contract,
    /// Their shift on each day of the horizon, or on the first days only when `open_end`.
    pub line: &'a [Option<ShiftId>],
    /// True when `line` is only the beginning of the horizon (during construction): blocks
    /// touching its end are not judged against minimums, minimum totals are not judged, and
    /// leave, fixed assignments and wishes after its end are ignored.
    pub open_end: bool,
}

impl<'a> StaffCtx<'a> {
    /// Builds the context for `id` with the given line of shifts.
    pub fn new(scenario: &'a Scenario, id: StaffId, line: &'a [Option<ShiftId>]) -> Self {
        Self {
            scenario,
            id,
            staff: scenario.staff_member(id),
            contract: scenario.contract_of(id),
            line,
            open_end: false,
        }
    }

    /// Builds the context for the first `line.len()` days of the horizon only.
    pub fn prefix(scenario: &'a Scenario, id: StaffId, line: &'a [Option<ShiftId>]) -> Self {
        Self {
            open_end: true,
            ..Self::new(scenario, id, line)
        }
    }

    /// A breach about this staff member.
    fn breach(&self, rule: RuleKind, weight: Weight, amount: u64) -> Breach {
        Breach {
            rule,
            weight,
            amount,
            staff: Some(self.id),
            first_day: None,
            last_day: None,
            shift: None,
        }
    }

    fn date(&self, day: usize) -> chrono::NaiveDate {
        self.scenario.horizon().date(day)
    }

    fn span(&self, first: usize, last: usize) -> String {
        self.scenario.horizon().span(first, last)
    }

    fn shift_code(&self, s: ShiftId) -> &str {
        &self.scenario.shift(s).code
    }
}

/// The day value at position `p` of a line extended by the `known` days before day 0
/// ([`Scenario::known_days`]): position `p < known.len()` is a day of the previous period,
/// position `known.len() + d` is day `d` of `line`.
#[inline]
fn extended_day(known: &[Option<ShiftId>], line: &[Option<ShiftId>], p: usize) -> Option<ShiftId> {
    if p < known.len() {
        known[p]
    } else {
        line[p - known.len()]
    }
}

/// Formats the cost of a weight for messages: `hard`, `hard, rank 5` or `soft, weight 5`.
/// Minutes in one hard unit of the paid-time rules.
pub(crate) const HARD_MINUTES: u64 = 60;

/// The units of a breach of `minutes` short or over a paid-time limit: each minute when the
/// limit is soft, each hour started ([`HARD_MINUTES`]) when it is hard, so that a hard hours
/// limit weighs like the other hard rules (one shift over is about 8 to 12 units, not 480 to
/// 720).
pub(crate) fn minute_units(weight: Weight, minutes: u64) -> u64 {
    if weight.is_hard() {
        minutes.div_ceil(HARD_MINUTES)
    } else {
        minutes
    }
}

/// [`cost`] for a paid-time breach of `minutes`: says how many hours a hard one counts.
fn minutes_cost(weight: Weight, minutes: u64) -> String {
    if weight.is_hard() {
        let h = minute_units(weight, minutes);
        let s = if h == 1 { "" } else { "s" };
        format!("{}: {h} hour{s} started", cost(weight))
    } else {
        cost(weight)
    }
}

fn cost(weight: Weight) -> String {
    match weight {
        Weight::Hard => "hard".into(),
        Weight::HardRank(r) => format!("hard, rank {r}"),
        Weight::Soft(w) => format!("soft, weight {w}"),
    }
}

/// Totals of one line computed in a single pass and shared by the counting rules.
pub(crate) struct LineSummary {
    /// Shifts of each type, for the first 64 types (enough for every known instance).
    small: [u16; 64],
    /// Shifts of each type when there are more than 64 types.
    large: Vec<u32>,
    /// Paid minutes.
    pub minutes: u64,
    /// Shifts of any type.
    pub shifts: u32,
    /// Night shifts.
    pub nights: u32,
}

impl LineSummary {
    fn new(ctx: &StaffCtx<'_>) -> Self {
        let shifts = ctx.scenario.shifts();
        let mut s = LineSummary {
            small: [0; 64],
            large: if shifts.len() > 64 {
                vec![0; shifts.len()]
            } else {
                Vec::new()
            },
            minutes: 0,
            nights: 0,
            shifts: 0,
        };
        for id in ctx.line.iter().flatten() {
            s.shifts += 1;
            let t = &shifts[id.index()];
            s.minutes += u64::from(t.minutes);
            s.nights += u32::from(t.night);
            if s.large.is_empty() {
                s.small[id.index()] += 1;
            } else {
                s.large[id.index()] += 1;
            }
        }
        s
    }

    /// Number of shifts of type `shift`.
    #[inline]
    pub fn count(&self, shift: ShiftId) -> u32 {
        if self.large.is_empty() {
            u32::from(self.small[shift.index()])
        } else {
            self.large[shift.index()]
        }
    }
}

/// Runs every staff rule for one person.
pub fn check_staff(ctx: &StaffCtx<'_>, sink: &mut impl Sink) {
    let sum = LineSummary::new(ctx);
    let c = ctx.contract;
    leave::check(ctx, sink);
    fixed::check(ctx, sink);
    commitments::check(ctx, sink);
    requests::check(ctx, sink);
    // The rules a contract may leave out are not called then (each also returns at once):
    // this runs for every line a move changes.
    if ctx.scenario.baseline().is_some() {
        changes::check(ctx, sink);
    }
    max_shifts::check(ctx, &sum, sink);
    total_minutes::check(ctx, &sum, sink);
    total_shifts::check(ctx, &sum, sink);
    consecutive::check(ctx, sink);
    if c.max_weekends.is_some() {
        weekends::check(ctx, sink);
    }
    if c.complete_weekends.is_some() {
        weekends::check_complete(ctx, sink);
    }
    if c.max_consecutive_weekends.is_some() {
        weekends::check_consecutive(ctx, sink);
    }
    if c.min_rest_minutes.is_some() {
        rest::check(ctx, sink);
    }
    if !c.successions.is_empty() {
        successions::check(ctx, sink);
    }
    if c.max_nights.is_some() {
        nights::check(ctx, &sum, sink);
    }
    if !c.runs.is_empty() {
        runs::check(ctx, sink);
    }
    if !c.patterns.is_empty() {
        patterns::check(ctx, sink);
    }
    if c.max_week_minutes.is_some() {
        week_minutes::check(ctx, sink);
    }
    if c.min_weekends_off.is_some() {
        weekends_off::check(ctx, sink);
    }
}

#[cfg(test)]
pub(crate) mod tests;
