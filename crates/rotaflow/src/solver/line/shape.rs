//! The state space of one staff member's line programme: its sizes, the rules it counts
//! exactly, and the costs of extending a state by one day.

use super::{minute_gcd, unit, ALL_STATES, DAY_STATES};
use crate::model::{Limit, Scenario, ShiftId, StaffId, Weight};
use crate::rules::{minute_units, Breach, RuleKind, Sink, HARD_MINUTES};

/// The sizes and rules of one staff member's programme.
pub(super) struct Shape {
    /// Values of a cell: 0 is a day off, `v` is shift `v - 1`.
    pub(super) values: usize,
    /// Block lengths are exact below this and capped at it.
    pub(super) runs: usize,
    /// Paid-minute states (units of `minute_unit`); the last one means "over the maximum".
    pub(super) minutes: usize,
    pub(super) minute_unit: u32,
    /// Paid minutes of each value, in units.
    pub(super) units: Vec<usize>,
    /// Weekend-count states (1 when weekends are priced instead).
    pub(super) weekends: usize,
    /// 2 when the state also says whether the current weekend has been counted (a weekend by
    /// clock time, or of more than two days, can be worked, left and worked again), else 1.
    pub(super) seen: usize,
    /// The weekend each value of each day counts for (`day * values + value`).
    pub(super) cell_weekend: Vec<Option<u32>>,
    /// The weekend the cells of each day count for (the first found).
    pub(super) day_weekend: Vec<Option<u32>>,
    /// States of the counted limit (1 when there is none), the limit and its unit cost,
    /// and which values it counts.
    pub(super) counts: usize,
    pub(super) max_count: Option<(u32, i64)>,
    pub(super) counted: Vec<bool>,
    /// The limit counted in the state, whose price is never raised.
    pub(super) counted_limit: Option<Counted>,
    pub(super) min_work: Option<(u32, i64)>,
    pub(super) max_work: Option<(u32, i64)>,
    pub(super) min_off: Option<(u32, i64)>,
    pub(super) max_off: Option<(u32, i64)>,
    pub(super) min_total: Option<(u64, i64)>,
    pub(super) max_total: Option<(u64, i64)>,
    /// Whether the minimum and the maximum of paid minutes are hard: counted per hour
    /// started ([`crate::rules::minute_units`]) rather than per minute.
    pub(super) min_hard: bool,
    pub(super) max_hard: bool,
    /// Totals up to this are exact in the state (the maximum; when it is hard, every total
    /// a line can reach, or an hour over it where that does not fit); the last state is
    /// "over this".
    pub(super) cap: u64,
    pub(super) max_weekends: Option<(u32, i64)>,
}

impl Shape {
    /// Sizes the state space of `staff`'s programme.
    pub(super) fn new(scenario: &Scenario, staff: StaffId, hard: i64) -> Shape {
        let c = scenario.contract_of(staff);
        let history = scenario.staff_member(staff).history.as_ref();
        let days = scenario.days();
        let shifts = scenario.shifts();
        let values = shifts.len() + 1;
        let lim = |l: Option<Limit>| l.map(|l| (l.value, unit(l.weight, hard)));
        let (min_work, max_work) = (lim(c.min_consecutive_work), lim(c.max_consecutive_work));
        let (min_off, max_off) = (lim(c.min_consecutive_off), lim(c.max_consecutive_off));
        let carried = history.map_or(0, |h| h.consecutive_work.max(h.consecutive_off)) as usize;
        let longest = [min_work, max_work, min_off, max_off]
            .iter()
            .flatten()
            .map(|&(v, _)| v as usize + 1)
            .max()
            .unwrap_or(1);
        let runs = longest.min(days + carried + 1).max(1);
        let (min_minutes, max_minutes) = scenario.total_minutes_limits(staff);
        let min_total = min_minutes.map(|l| (u64::from(l.value), unit(l.weight, hard)));
        let max_total = max_minutes.map(|l| (u64::from(l.value), unit(l.weight, hard)));
        let min_hard = min_minutes.is_some_and(|l| l.weight.is_hard());
        let max_hard = max_minutes.is_some_and(|l| l.weight.is_hard());
        // The most paid minutes a line can hold: above a hard maximum, every total is held
        // exactly when the budget allows, else up to an hour over.
        let reachable = reachable_minutes(scenario);
        let mut cap = max_total.map_or(
            0,
            |(max, _)| {
                if max_hard {
                    reachable.max(max)
                } else {
                    max
                }
            },
        );
        let mut g = minute_gcd(scenario);
        let top_minutes = |g: u32, cap: u64| -> usize {
            if g == 0 {
                return 1;
            }
            match (min_total, max_total) {
                (_, Some(_)) => (cap / u64::from(g)) as usize + 2,
                (Some((min, _)), None) => min.div_ceil(u64::from(g)) as usize + 1,
                (None, None) => 1,
            }
        };
        let budget = DAY_STATES.min(ALL_STATES / days).max(values * runs);
        let (cell_weekend, day_weekend, gaps) = weekend_cells(scenario);
        let weekend_rules = c.max_weekends.is_some()
            || c.max_consecutive_weekends.is_some()
            || c.min_weekends_off.is_some();
        let seen = if weekend_rules && gaps { 2 } else { 1 };
        let size = |g: u32, cap: u64, weekends: usize, counts: usize| {
            values * runs * top_minutes(g, cap) * weekends * seen * counts
        };
        let limit = counted_limit(scenario, staff);
        let mut counts = limit.map_or(1, |(_, l)| l.value as usize + 2);
        let max_weekends = lim(c.max_weekends);
        let mut weekends = max_weekends.map_or(1, |(v, _)| v as usize + 2);
        // What does not fit is given up in this order: totals more than an hour over a hard
        // maximum, counting weekends, counting the shift limit (when minutes would have to
        // be more than 4 times coarser), exact minutes.
        if max_hard && size(g, cap, weekends, counts) > budget {
            cap = cap.min(max_total.map_or(0, |(max, _)| max + HARD_MINUTES));
        }
        if size(g, cap, weekends, counts) > budget {
            weekends = 1;
        }
        if size(g.saturating_mul(4), cap, weekends, counts) > budget {
            counts = 1;
        }
        while g > 0 && size(g, cap, weekends, counts) > budget {
            g *= 2;
        }
        let minutes = top_minutes(g, cap);
        let mut max_count = None;
        let mut counted = vec![false; values];
        let mut in_state = None;
        if let (Some((which, limit)), true) = (limit, counts > 1) {
            max_count = Some((limit.value, unit(limit.weight, hard)));
            in_state = Some(which);
            for (v, t) in shifts.iter().enumerate() {
                counted[v + 1] = match which {
                    Counted::Shift(s) => s.index() == v,
                    Counted::Nights => t.night,
                };
            }
        }
        let units = std::iter::once(0)
            .chain(
                shifts
                    .iter()
                    .map(|t| (t.minutes + g / 2).checked_div(g).unwrap_or(0) as usize),
            )
            .collect();
        Shape {
            values,
            runs,
            minutes,
            minute_unit: g.max(1),
            units,
            weekends,
            seen,
            cell_weekend,
            day_weekend,
            counts,
            max_count,
            counted,
            counted_limit: in_state,
            min_work,
            max_work,
            min_off,
            max_off,
            min_total,
            max_total,
            min_hard,
            max_hard,
            cap,
            max_weekends: if weekends > 1 { max_weekends } else { None },
        }
    }

    #[inline]
    pub(super) fn index(&self, v: usize, r: usize, m: usize, w: usize, k: usize) -> usize {
        (((v * self.runs + (r - 1)) * self.minutes + m) * self.weekends * self.seen + w)
            * self.counts
            + k
    }

    #[inline]
    pub(super) fn size(&self) -> usize {
        self.values * self.runs * self.minutes * self.weekends * self.seen * self.counts
    }

    /// (value, block length, minutes, weekend state, count) of state `s`; the weekend state
    /// is `weekends counted * seen + whether the current weekend is counted`.
    #[inline]
    pub(super) fn split(&self, s: usize) -> (usize, usize, usize, usize, usize) {
        let k = s % self.counts;
        let s = s / self.counts;
        let w = s % (self.weekends * self.seen);
        let s = s / (self.weekends * self.seen);
        let m = s % self.minutes;
        let s = s / self.minutes;
        let r = s % self.runs + 1;
        (s / self.runs, r, m, w, k)
    }

    /// Count state after working value `v` from count `k`, and the cost this adds.
    #[inline]
    pub(super) fn add_count(&self, k: usize, v: usize) -> (usize, i64) {
        match self.max_count {
            Some((max, w)) if self.counted[v] => {
                let new = k + 1;
                let c = if new as u32 > max { w } else { 0 };
                (new.min(self.counts - 1), c)
            }
            _ => (k, 0),
        }
    }

    /// Minutes state after adding `u` units to `m`, and the cost of the minutes over the
    /// maximum that this adds.
    #[inline]
    pub(super) fn add_minutes(&self, m: usize, u: usize) -> (usize, i64) {
        if u == 0 {
            return (m, 0);
        }
        let top = self.minutes - 1;
        let Some((max, w)) = self.max_total else {
            return ((m + u).min(top), 0);
        };
        let g = u64::from(self.minute_unit);
        let added = u as u64 * g;
        let weight = if self.max_hard {
            Weight::Hard
        } else {
            Weight::Soft(1)
        };
        if m == top {
            // Over the cap by an amount the state does not hold: every minute added is over
            // (for a hard maximum, at most one more hour started per started hour added).
            return (top, minute_units(weight, added) as i64 * w);
        }
        let (old, new) = (m as u64 * g, (m + u) as u64 * g);
        let units = |t: u64| minute_units(weight, t.saturating_sub(max)) as i64;
        let cost = (units(new) - units(old)) * w;
        (if new <= self.cap { m + u } else { top }, cost)
    }

    /// The cost at the end of a line of `m` minute states short of the minimum.
    #[inline]
    pub(super) fn min_total_cost(&self, m: usize) -> i64 {
        let Some((min, w)) = self.min_total else {
            return 0;
        };
        let worked = m as u64 * u64::from(self.minute_unit);
        if worked >= min || m == self.minutes - 1 {
            return 0;
        }
        let weight = if self.min_hard {
            Weight::Hard
        } else {
            Weight::Soft(1)
        };
        minute_units(weight, min - worked) as i64 * w
    }

    /// The cost of a block of `kind` (true: work) and length `r` ending on `end`.
    #[inline]
    pub(super) fn block_end(
        &self,
        work: bool,
        r: usize,
        end: usize,
        last: bool,
        exempt: Exempt,
    ) -> i64 {
        let min = if work { self.min_work } else { self.min_off };
        let Some((min, w)) = min else { return 0 };
        let len = r as u32;
        if len >= min {
            return 0;
        }
        if (last && exempt.end) || (exempt.start && r == end + 1) {
            return 0;
        }
        i64::from(min - len) * w
    }

    /// The cost of extending a block of `kind` to length `r` (true length, capped at `runs`).
    #[inline]
    pub(super) fn block_day(&self, work: bool, r: usize) -> i64 {
        let max = if work { self.max_work } else { self.max_off };
        match max {
            Some((max, w)) if r as u32 > max => w,
            _ => 0,
        }
    }
}

/// The most paid minutes a line can hold: every day its longest shift.
pub(super) fn reachable_minutes(scenario: &Scenario) -> u64 {
    let longest = scenario.shifts().iter().map(|t| t.minutes).max();
    scenario.days() as u64 * u64::from(longest.unwrap_or(0))
}

/// The weekend each value of each day counts for (`day * values + value`, none for a day
/// off), the weekend of each day's cells (the first found) and whether a weekend's cells can
/// be worked, left and worked again (a weekend by clock time, or of more than two days),
/// so that whether it is counted must be part of the state.
fn weekend_cells(scenario: &Scenario) -> (Vec<Option<u32>>, Vec<Option<u32>>, bool) {
    let days = scenario.days();
    let shifts = scenario.shifts().len();
    let values = shifts + 1;
    let mut cells = vec![None; days * values];
    let mut by_day = vec![None; days];
    for d in 0..days {
        for s in 0..shifts {
            let w = scenario.cell_weekend(d, ShiftId::new(s));
            cells[d * values + s + 1] = w;
            by_day[d] = by_day[d].or(w);
        }
    }
    let mut length = vec![0usize; scenario.weekends() as usize];
    for w in (0..days).filter_map(|d| scenario.weekend_of(d)) {
        length[w as usize] += 1;
    }
    let gaps = scenario.settings().weekend_clock.is_some() || length.iter().any(|&n| n > 2);
    (cells, by_day, gaps)
}

/// The heaviest weight of the breaches of worked weekends in a row and of weekends off in a
/// window, if any.
pub(super) struct WeekendRuns(pub(super) Option<Weight>);

impl Sink for WeekendRuns {
    fn breach(&mut self, b: Breach, _explain: impl FnOnce() -> String) {
        if matches!(
            b.rule,
            RuleKind::MaxConsecutiveWeekends | RuleKind::MinWeekendsOff
        ) {
            self.0 = Some(self.0.map_or(b.weight, |w| w.stricter(b.weight)));
        }
    }
}

/// A limit on the number of shifts counted exactly in the programme's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Counted {
    /// The contract's maximum of shifts of this type.
    Shift(ShiftId),
    /// The contract's maximum of night shifts.
    Nights,
}

/// The limit of `staff`'s contract the programme counts in its state: the smallest limit on
/// shifts of a type or on nights that is above zero (a limit of zero is an exact cost per
/// shift) and below the number of days (a larger one never binds).
pub(super) fn counted_limit(scenario: &Scenario, staff: StaffId) -> Option<(Counted, Limit)> {
    let c = scenario.contract_of(staff);
    let days = scenario.days() as u32;
    c.max_shifts
        .iter()
        .map(|&(s, l)| (Counted::Shift(s), l))
        .chain(c.max_nights.map(|l| (Counted::Nights, l)))
        .filter(|(_, l)| l.value > 0 && l.value < days)
        .min_by_key(|(_, l)| l.value)
}

#[derive(Clone, Copy)]
pub(super) struct Exempt {
    /// A block touching day 0 is exempt from the minimum (no history, `exempt_start`).
    pub(super) start: bool,
    /// The last block is exempt from the minimum (`exempt_end`).
    pub(super) end: bool,
}
