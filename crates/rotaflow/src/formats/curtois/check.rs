//! [`check`]: the independent checker, written directly from the benchmark's constraint list
//! on the raw [`Instance`], without the model, the rules or the evaluator.

use super::Instance;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The benchmark's hard constraints (numbered as in the benchmark's description), plus the
/// roster not fitting the instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Constraint {
    /// 2. A shift followed on the next day by a shift that cannot follow it.
    Succession,
    /// 3. More shifts of one type than `MaxShifts` allows.
    MaxShifts,
    /// 4. Fewer minutes than `MinTotalMinutes`.
    MinTotalMinutes,
    /// 4. More minutes than `MaxTotalMinutes`.
    MaxTotalMinutes,
    /// 5. A run of working days longer than `MaxConsecutiveShifts`.
    MaxConsecutiveShifts,
    /// 6. A run of working days, not touching the first or last day, shorter than
    ///    `MinConsecutiveShifts`.
    MinConsecutiveShifts,
    /// 7. A run of days off, not touching the first or last day, shorter than
    ///    `MinConsecutiveDaysOff`.
    MinConsecutiveDaysOff,
    /// 8. More worked weekends than `MaxWeekends`.
    MaxWeekends,
    /// 9. Work on a day off.
    DayOff,
    /// The roster does not fit the instance: wrong number of employees or days, or an unknown
    /// shift index (such cells are read as days off).
    RosterShape,
}

/// One broken constraint instance found by [`check`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HardViolation {
    /// Which constraint.
    pub constraint: Constraint,
    /// The employee index, when the constraint is about one employee.
    pub employee: Option<usize>,
    /// The first day concerned, when the violation has a place in time.
    pub day: Option<u32>,
    /// How much the constraint is broken by, in its natural unit: shifts over the maximum,
    /// minutes short or over, days short or over, weekends over, 1 per day off worked, 1 per
    /// forbidden succession, 1 per roster shape problem.
    pub amount: u64,
    /// A readable description.
    pub message: String,
}

impl HardViolation {
    /// The amount in rotaflow's hard units: the minutes short or over counted per hour
    /// started, every other amount as it is.
    pub fn units(&self) -> u64 {
        match self.constraint {
            Constraint::MinTotalMinutes | Constraint::MaxTotalMinutes => {
                self.amount.div_ceil(crate::rules::HARD_MINUTES)
            }
            _ => self.amount,
        }
    }
}

impl fmt::Display for HardViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// What [`check`] finds: the benchmark objective and the broken hard constraints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckResult {
    /// The benchmark objective: `request_penalty + cover_penalty`.
    pub objective: u64,
    /// Penalty of the shift-on and shift-off requests not granted.
    pub request_penalty: u64,
    /// Penalty of under- and over-cover.
    pub cover_penalty: u64,
    /// One entry per broken constraint instance: per employee and shift type for
    /// [`Constraint::MaxShifts`]; per employee for the total-minutes and weekend limits; per
    /// maximal run of days for the consecutive limits; per (employee, day) for
    /// [`Constraint::DayOff`] and [`Constraint::Succession`] (the day is the first day of the
    /// pair). Constraint 1 (one shift per day) cannot be broken: a roster cell holds at most
    /// one shift.
    pub violations: Vec<HardViolation>,
}

impl CheckResult {
    /// True when no hard constraint is broken.
    pub fn is_feasible(&self) -> bool {
        self.violations.is_empty()
    }

    /// Sum of the amounts of all violations, the minutes short or over counted per hour
    /// started (rotaflow's hard unit of paid time). For a roster that fits the instance this
    /// is the hard score the evaluator gives the scenario of [`Instance::to_scenario`].
    pub fn hard_amount(&self) -> u64 {
        self.violations.iter().map(HardViolation::units).sum()
    }
}

/// Checks a roster directly against the benchmark's definition, without the model or the
/// evaluator. `roster[e][d]` is the index (into `instance.shifts`) of the shift employee `e`
/// works on day `d`, or `None` for a day off.
///
/// Rows or days missing from the roster are read as days off, extra ones are ignored, and
/// unknown shift indices are read as days off; each such problem is reported as a
/// [`Constraint::RosterShape`] violation. Never panics.
pub fn check(instance: &Instance, roster: &[Vec<Option<usize>>]) -> CheckResult {
    let h = instance.days as usize;
    let n_shifts = instance.shifts.len();
    let mut violations = Vec::new();
    let mut shape = |employee: Option<usize>, day: Option<u32>, message: String| {
        violations.push(HardViolation {
            constraint: Constraint::RosterShape,
            employee,
            day,
            amount: 1,
            message,
        });
    };
    if roster.len() != instance.staff.len() {
        shape(
            None,
            None,
            format!(
                "the roster has {} rows for {} employees",
                roster.len(),
                instance.staff.len()
            ),
        );
    }
    // The roster as read: grid[e][d].
    let mut grid: Vec<Vec<Option<usize>>> = vec![vec![None; h]; instance.staff.len()];
    for (e, row) in roster.iter().enumerate().take(instance.staff.len()) {
        if row.len() != h {
            shape(
                Some(e),
                None,
                format!(
                    "the row of {} has {} days; the horizon has {h}",
                    instance.staff[e].id,
                    row.len()
                ),
            );
        }
        for (d, cell) in row.iter().enumerate().take(h) {
            match *cell {
                Some(s) if s >= n_shifts => shape(
                    Some(e),
                    Some(d as u32),
                    format!(
                        "{} on day {d}: shift index {s} does not exist ({n_shifts} shifts)",
                        instance.staff[e].id
                    ),
                ),
                c => grid[e][d] = c,
            }
        }
    }

    for (e, emp) in instance.staff.iter().enumerate() {
        let line = &grid[e];
        let mut add = |constraint, day: Option<usize>, amount: u64, message: String| {
            violations.push(HardViolation {
                constraint,
                employee: Some(e),
                day: day.map(|d| d as u32),
                amount,
                message,
            });
        };

        // 2. Forbidden successions, for pairs of days inside the horizon.
        for d in 1..h {
            if let (Some(a), Some(b)) = (line[d - 1], line[d]) {
                if instance.shifts[a].cannot_follow.contains(&b) {
                    add(
                        Constraint::Succession,
                        Some(d - 1),
                        1,
                        format!(
                            "{}: {} on day {} then {} on day {d}",
                            emp.id,
                            instance.shifts[a].id,
                            d - 1,
                            instance.shifts[b].id
                        ),
                    );
                }
            }
        }

        // 3. Maximum shifts per type.
        for (s, max) in emp.max_shifts.iter().enumerate() {
            let Some(max) = *max else { continue };
            let n = line.iter().filter(|c| **c == Some(s)).count() as u64;
            if n > u64::from(max) {
                add(
                    Constraint::MaxShifts,
                    None,
                    n - u64::from(max),
                    format!(
                        "{}: {n} shifts {}, max {max}",
                        emp.id,
                        instance.shifts.get(s).map_or("?", |x| x.id.as_str())
                    ),
                );
            }
        }

        // 4. Total minutes.
        let minutes: u64 = line
            .iter()
            .flatten()
            .map(|&s| u64::from(instance.shifts[s].minutes))
            .sum();
        if minutes < u64::from(emp.min_total_minutes) {
            add(
                Constraint::MinTotalMinutes,
                None,
                u64::from(emp.min_total_minutes) - minutes,
                format!(
                    "{}: {minutes} minutes, min {}",
                    emp.id, emp.min_total_minutes
                ),
            );
        }
        if minutes > u64::from(emp.max_total_minutes) {
            add(
                Constraint::MaxTotalMinutes,
                None,
                minutes - u64::from(emp.max_total_minutes),
                format!(
                    "{}: {minutes} minutes, max {}",
                    emp.id, emp.max_total_minutes
                ),
            );
        }

        // 5, 6, 7. Maximal runs of working days and of days off.
        let mut first = 0;
        while first < h {
            let working = line[first].is_some();
            let mut last = first;
            while last + 1 < h && line[last + 1].is_some() == working {
                last += 1;
            }
            let len = (last - first + 1) as u64;
            let at_border = first == 0 || last == h - 1;
            if working {
                let max = u64::from(emp.max_consecutive_shifts);
                if len > max {
                    add(
                        Constraint::MaxConsecutiveShifts,
                        Some(first),
                        len - max,
                        format!(
                            "{}: works days {first}..={last} ({len} days), max {max}",
                            emp.id
                        ),
                    );
                }
                let min = u64::from(emp.min_consecutive_shifts);
                if len < min && !at_border {
                    add(
                        Constraint::MinConsecutiveShifts,
                        Some(first),
                        min - len,
                        format!(
                            "{}: works days {first}..={last} ({len} days), min {min}",
                            emp.id
                        ),
                    );
                }
            } else {
                let min = u64::from(emp.min_consecutive_days_off);
                if len < min && !at_border {
                    add(
                        Constraint::MinConsecutiveDaysOff,
                        Some(first),
                        min - len,
                        format!(
                            "{}: off days {first}..={last} ({len} days), min {min}",
                            emp.id
                        ),
                    );
                }
            }
            first = last + 1;
        }

        // 8. Weekends: weekend w is days 7w+5 and 7w+6.
        let mut weekends = 0u64;
        let mut w = 0;
        while 7 * w + 5 < h {
            let sat = line[7 * w + 5].is_some();
            let sun = 7 * w + 6 < h && line[7 * w + 6].is_some();
            if sat || sun {
                weekends += 1;
            }
            w += 1;
        }
        if weekends > u64::from(emp.max_weekends) {
            add(
                Constraint::MaxWeekends,
                None,
                weekends - u64::from(emp.max_weekends),
                format!(
                    "{}: works {weekends} weekends, max {}",
                    emp.id, emp.max_weekends
                ),
            );
        }

        // 9. Days off (a day listed twice is one day off).
        let mut off = vec![false; h];
        for &d in &emp.days_off {
            if let Some(slot) = off.get_mut(d as usize) {
                *slot = true;
            }
        }
        for (d, is_off) in off.iter().enumerate() {
            if *is_off {
                if let Some(s) = line[d] {
                    add(
                        Constraint::DayOff,
                        Some(d),
                        1,
                        format!(
                            "{}: works {} on day {d}, a day off",
                            emp.id, instance.shifts[s].id
                        ),
                    );
                }
            }
        }
    }

    // Objective.
    let works = |e: usize, d: u32, s: usize| -> bool {
        grid.get(e)
            .and_then(|row| row.get(d as usize))
            .is_some_and(|c| *c == Some(s))
    };
    let mut request_penalty = 0u64;
    for r in &instance.shift_on_requests {
        if !works(r.employee, r.day, r.shift) {
            request_penalty += u64::from(r.weight);
        }
    }
    for r in &instance.shift_off_requests {
        if works(r.employee, r.day, r.shift) {
            request_penalty += u64::from(r.weight);
        }
    }
    let mut cover_penalty = 0u64;
    for c in &instance.cover {
        let x = (0..grid.len())
            .filter(|&e| works(e, c.day, c.shift))
            .count() as u64;
        let req = u64::from(c.requirement);
        if x < req {
            cover_penalty += (req - x) * u64::from(c.under_weight);
        } else if x > req {
            cover_penalty += (x - req) * u64::from(c.over_weight);
        }
    }
    CheckResult {
        objective: request_penalty + cover_penalty,
        request_penalty,
        cover_penalty,
        violations,
    }
}
