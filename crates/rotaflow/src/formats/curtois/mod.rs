//! The Curtois & Qu shift scheduling benchmark format (`Instance1.txt` .. `Instance24.txt`,
//! schedulingbenchmarks.org).
//!
//! Three parts:
//! - [`parse`] reads an instance file into an [`Instance`] that holds the file faithfully, with
//!   shift and employee ids resolved to indices. Every problem is reported with its line.
//! - [`Instance::to_scenario`] maps the instance onto the rotaflow model so that the evaluator
//!   ([`crate::evaluate`]) computes exactly the benchmark's objective as the soft score, and
//!   reports a hard violation exactly when the benchmark's constraints are broken.
//! - [`check`] is an independent checker written directly from the benchmark's constraint list
//!   on the raw [`Instance`], without the model, the rules or the evaluator. It exists so that
//!   tests can hold the evaluator to the benchmark's definition.
//!
//! ## File format
//! Plain text with CRLF or LF line endings. Lines starting with `#` are comments; a blank line
//! ends a section; fields are separated by commas (spaces around fields are ignored); sections
//! may come in any order. Day indexes start at 0 and day 0 is a Monday.
//! - `SECTION_HORIZON`: the number of days `H` (required).
//! - `SECTION_SHIFTS`: `ShiftID, length in minutes, shifts that cannot follow (| separated)`
//!   (required).
//! - `SECTION_STAFF`: `ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts,
//!   MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends`, where `MaxShifts` is
//!   `shiftID=max|shiftID=max|...` (required).
//! - `SECTION_DAYS_OFF`: `EmployeeID, day, day, ...`.
//! - `SECTION_SHIFT_ON_REQUESTS` and `SECTION_SHIFT_OFF_REQUESTS`:
//!   `EmployeeID, day, ShiftID, weight`.
//! - `SECTION_COVER`: `day, ShiftID, requirement, weight for under, weight for over`.
//!
//! ## Constraints (all hard) and objective
//! 1. At most one shift per employee per day.
//! 2. A shift listed as "cannot follow" shift `s` is not worked the day after `s`.
//! 3. At most `MaxShifts[s]` shifts of type `s` (a shift missing from `MaxShifts` is unlimited).
//! 4. `MinTotalMinutes <= worked minutes <= MaxTotalMinutes`.
//! 5. At most `MaxConsecutiveShifts` consecutive working days (also at the borders).
//! 6. Every maximal block of working days lasts at least `MinConsecutiveShifts` days, except a
//!    block touching day 0 or day H-1.
//! 7. Every maximal block of days off lasts at least `MinConsecutiveDaysOff` days, except a block
//!    touching day 0 or day H-1.
//! 8. Weekend `w` is days `7w+5` and `7w+6` and counts when either is worked; at most
//!    `MaxWeekends` weekends are worked.
//! 9. No work on a day off.
//!
//! The objective adds the weight of every shift-on request not granted, the weight of every
//! shift-off request not granted, and for every cover row `(req - x) * under` when `x < req`
//! people work the shift and `(x - req) * over` when `x > req`.
//!
//! ## Files
//! - `mod.rs` (this file): the instance types and the re-exports.
//! - `parse.rs`: [`parse`](fn@parse), the reader of instance files.
//! - `convert.rs`: [`Instance::to_scenario`], the mapping onto the rotaflow model.
//! - `check.rs`: [`check`](fn@check), the independent checker, and what it reports.
//! - `generate.rs`: synthetic instances with a planted roster (also reachable as
//!   `formats::curtois_gen`).
//! - `tests.rs` and `tests/`: the tests, one file per concern.

mod best_known;
mod check;
mod convert;
pub mod generate;
mod parse;

pub use best_known::{best_known, BEST_KNOWN};
pub use check::{check, CheckResult, Constraint, HardViolation};
pub use convert::DAY_OFF_REASON;
pub use parse::parse;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One shift type of the benchmark (a line of `SECTION_SHIFTS`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shift {
    /// The shift id as written in the file (`D`, `E`, `a1`).
    pub id: String,
    /// Length in minutes; this is what counts towards the total-minutes limits.
    pub minutes: u32,
    /// Indices (into [`Instance::shifts`]) of the shifts that may not be worked on the day
    /// after this one, in file order.
    pub cannot_follow: Vec<usize>,
}

/// One employee of the benchmark (a line of `SECTION_STAFF`, plus their days off).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Employee {
    /// The employee id as written in the file (`A`, `AB`).
    pub id: String,
    /// `MaxShifts`, indexed like [`Instance::shifts`]: the most shifts of that type the
    /// employee may work (`Some(0)` = never); `None` when the file gives no limit for the shift.
    pub max_shifts: Vec<Option<u32>>,
    /// `MaxTotalMinutes`: the most minutes the employee may work over the horizon.
    pub max_total_minutes: u32,
    /// `MinTotalMinutes`: the fewest minutes the employee must work over the horizon.
    pub min_total_minutes: u32,
    /// `MaxConsecutiveShifts`: the longest allowed run of consecutive working days.
    pub max_consecutive_shifts: u32,
    /// `MinConsecutiveShifts`: the shortest allowed run of consecutive working days (runs
    /// touching the first or last day are exempt).
    pub min_consecutive_shifts: u32,
    /// `MinConsecutiveDaysOff`: the shortest allowed run of consecutive days off (runs touching
    /// the first or last day are exempt).
    pub min_consecutive_days_off: u32,
    /// `MaxWeekends`: the most weekends (Saturday and Sunday) with any work.
    pub max_weekends: u32,
    /// Days on which the employee must not work (`SECTION_DAYS_OFF`), in file order; a day
    /// listed twice is kept twice.
    pub days_off: Vec<u32>,
}

/// A shift-on or shift-off request (a line of `SECTION_SHIFT_ON_REQUESTS` or
/// `SECTION_SHIFT_OFF_REQUESTS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftRequest {
    /// Index of the employee in [`Instance::staff`].
    pub employee: usize,
    /// Day index.
    pub day: u32,
    /// Index of the shift in [`Instance::shifts`].
    pub shift: usize,
    /// Penalty when the request is not granted.
    pub weight: u32,
}

/// A cover requirement (a line of `SECTION_COVER`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverRow {
    /// Day index.
    pub day: u32,
    /// Index of the shift in [`Instance::shifts`].
    pub shift: usize,
    /// Number of employees wanted on the shift that day.
    pub requirement: u32,
    /// Penalty per employee missing.
    pub under_weight: u32,
    /// Penalty per employee beyond the requirement.
    pub over_weight: u32,
}

/// A parsed benchmark instance: the file's content with ids resolved to indices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instance {
    /// Number of days `H` (`SECTION_HORIZON`); days are numbered `0..H` and day 0 is a Monday.
    pub days: u32,
    /// Shift types, in file order.
    pub shifts: Vec<Shift>,
    /// Employees, in file order.
    pub staff: Vec<Employee>,
    /// Shift-on requests, in file order: a penalty when the shift is not worked.
    pub shift_on_requests: Vec<ShiftRequest>,
    /// Shift-off requests, in file order: a penalty when the shift is worked.
    pub shift_off_requests: Vec<ShiftRequest>,
    /// Cover rows, in file order; at most one per day and shift.
    pub cover: Vec<CoverRow>,
}

/// The start date used when none is given: 2024-01-01, a Monday (Curtois instances start on a
/// Monday).
pub fn default_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).expect("2024-01-01 is a valid date")
}

impl Instance {
    /// The index of the shift with this id.
    pub fn shift_index(&self, id: &str) -> Option<usize> {
        self.shifts.iter().position(|s| s.id == id)
    }

    /// The index of the employee with this id.
    pub fn employee_index(&self, id: &str) -> Option<usize> {
        self.staff.iter().position(|e| e.id == id)
    }
}

#[cfg(test)]
mod tests;
