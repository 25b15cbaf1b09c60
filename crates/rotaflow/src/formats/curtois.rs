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

use super::{FormatError, FormatErrors};
use crate::model::{
    Contract, ContractId, Cover, Horizon, Leave, Limit, Location, ModelError, Request, RequestKind,
    Scenario, ScenarioErrors, ScenarioParts, Settings, ShiftId, ShiftType, Staff, StaffId,
    Succession, Weight, DAY_MINUTES, MAX_DAYS,
};
use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::io::Read;

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

/// The `reason` given to the [`Leave`] entries that [`Instance::to_scenario`] makes from
/// `SECTION_DAYS_OFF`.
pub const DAY_OFF_REASON: &str = "day off (benchmark)";

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Section {
    Horizon,
    Shifts,
    Staff,
    DaysOff,
    OnRequests,
    OffRequests,
    Cover,
}

const SECTIONS: [(Section, &str); 7] = [
    (Section::Horizon, "SECTION_HORIZON"),
    (Section::Shifts, "SECTION_SHIFTS"),
    (Section::Staff, "SECTION_STAFF"),
    (Section::DaysOff, "SECTION_DAYS_OFF"),
    (Section::OnRequests, "SECTION_SHIFT_ON_REQUESTS"),
    (Section::OffRequests, "SECTION_SHIFT_OFF_REQUESTS"),
    (Section::Cover, "SECTION_COVER"),
];

impl Section {
    fn header(self) -> &'static str {
        SECTIONS
            .iter()
            .find(|(s, _)| *s == self)
            .map_or("SECTION_?", |(_, h)| h)
    }
}

/// One data line: its 1-based number and its comma-separated, trimmed fields.
struct Row<'a> {
    line: u64,
    fields: Vec<&'a str>,
}

/// A section as read: the line of its header and its data lines.
struct RawSection<'a> {
    header_line: u64,
    rows: Vec<Row<'a>>,
}

/// Where the line scanner is.
enum State {
    /// Between sections (after a blank line, or before the first header).
    Outside,
    /// Inside a known section.
    In(Section),
    /// Inside an unknown or repeated section, whose lines are skipped.
    Skipping,
}

/// Ids defined in one section, with the line that defined each.
struct Ids<'a> {
    /// Id -> (index, line of definition).
    map: HashMap<&'a str, (usize, u64)>,
    /// False when the defining section is missing: references are then not reported as
    /// unknown (the missing section is reported once instead).
    present: bool,
}

struct Parser<'f> {
    file: &'f str,
    errors: FormatErrors,
}

/// Reads a Curtois & Qu instance. `file` names the input in error messages.
///
/// Every problem is reported (unknown or repeated sections, data outside a section, wrong
/// numbers of fields, bad numbers, unknown or repeated ids, days outside the horizon, missing
/// required sections), each with its line and field. Never panics.
pub fn parse(mut reader: impl Read, file: &str) -> Result<Instance, FormatErrors> {
    let mut bytes = Vec::new();
    if let Err(e) = reader.read_to_end(&mut bytes) {
        return Err(FormatError::file(file, format!("cannot read the file: {e}")).into());
    }
    let mut p = Parser {
        file,
        errors: FormatErrors::default(),
    };
    let sections = p.scan(&bytes);
    let instance = p.build(&sections);
    // Report in file order (problems with the whole file first); the sort is stable.
    p.errors.0.sort_by_key(|e| e.line);
    p.errors.into_result(instance)
}

impl<'f> Parser<'f> {
    fn error(&mut self, line: u64, column: Option<&str>, message: impl Into<String>) {
        self.errors
            .push(FormatError::at(self.file, line, column, message));
    }

    /// Splits the file into sections of data rows, reporting problems of structure.
    fn scan<'a>(&mut self, bytes: &'a [u8]) -> HashMap<Section, RawSection<'a>> {
        let mut sections: HashMap<Section, RawSection<'a>> = HashMap::new();
        let mut state = State::Outside;
        // A run of data lines outside any section: (first line, last line).
        let mut orphans: Option<(u64, u64)> = None;
        let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
        // A final line ending does not start another (empty) line.
        if lines.len() > 1 && lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        for (i, raw) in lines.into_iter().enumerate() {
            let number = i as u64 + 1;
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            let text = match std::str::from_utf8(raw) {
                Ok(t) => t,
                Err(_) => {
                    self.error(number, None, "the line is not valid UTF-8 text");
                    continue;
                }
            };
            let text = if number == 1 {
                text.strip_prefix('\u{feff}').unwrap_or(text)
            } else {
                text
            };
            let t = text.trim();
            if t.starts_with('#') {
                continue;
            }
            let is_data = !t.is_empty() && !t.starts_with("SECTION_");
            if !is_data || !matches!(state, State::Outside) {
                self.flush_orphans(&mut orphans);
            }
            if t.is_empty() {
                state = State::Outside;
            } else if t.starts_with("SECTION_") {
                let name = t.trim_end_matches(',').trim_end();
                state = match SECTIONS.iter().find(|(_, h)| *h == name) {
                    Some(&(s, _)) => match sections.get(&s) {
                        Some(first) => {
                            let first = first.header_line;
                            self.error(
                                number,
                                None,
                                format!(
                                    "{name} appears a second time (first on line {first}); \
                                     give each section once"
                                ),
                            );
                            State::Skipping
                        }
                        None => {
                            sections.insert(
                                s,
                                RawSection {
                                    header_line: number,
                                    rows: Vec::new(),
                                },
                            );
                            State::In(s)
                        }
                    },
                    None => {
                        let known: Vec<&str> = SECTIONS.iter().map(|(_, h)| *h).collect();
                        self.error(
                            number,
                            None,
                            format!(
                                "unknown section `{name}`; the sections are {}",
                                known.join(", ")
                            ),
                        );
                        State::Skipping
                    }
                };
            } else {
                match state {
                    State::Outside => {
                        orphans = Some(match orphans {
                            Some((first, _)) => (first, number),
                            None => (number, number),
                        });
                    }
                    State::In(s) => {
                        if let Some(sec) = sections.get_mut(&s) {
                            sec.rows.push(Row {
                                line: number,
                                fields: t.split(',').map(str::trim).collect(),
                            });
                        }
                    }
                    State::Skipping => {}
                }
            }
        }
        self.flush_orphans(&mut orphans);
        sections
    }

    fn flush_orphans(&mut self, orphans: &mut Option<(u64, u64)>) {
        if let Some((first, last)) = orphans.take() {
            let what = if first == last {
                "this line is".to_string()
            } else {
                format!("lines {first}-{last} are")
            };
            self.error(
                first,
                None,
                format!(
                    "{what} outside any section: a blank line ends a section, so remove the \
                     blank line above or start a section (such as SECTION_COVER) first"
                ),
            );
        }
    }

    /// Checks the number of fields of a row. Extra fields are accepted when they are empty
    /// (a trailing comma); `optional_last` accepts a row missing its last field.
    fn arity(&mut self, row: &Row<'_>, columns: &[&str], optional_last: bool) -> bool {
        let n = row.fields.len();
        let wanted = columns.len();
        let extra_empty = n > wanted && row.fields[wanted..].iter().all(|f| f.is_empty());
        if n == wanted || extra_empty || (optional_last && n + 1 == wanted) {
            return true;
        }
        self.error(
            row.line,
            None,
            format!(
                "expected {wanted} comma-separated fields ({}), found {n}",
                columns.join(", ")
            ),
        );
        false
    }

    /// A non-negative whole number in `row.fields[i]`.
    fn number(&mut self, row: &Row<'_>, i: usize, column: &str, what: &str) -> Option<u32> {
        let v = row.fields.get(i).copied().unwrap_or("");
        parse_number(v, what)
            .map_err(|m| self.error(row.line, Some(column), m))
            .ok()
    }

    /// A day index in `row.fields[i]`, checked against the horizon when it is known.
    fn day(&mut self, row: &Row<'_>, i: usize, column: &str, days: Option<u32>) -> Option<u32> {
        let d = self.number(row, i, column, "a day index, starting at 0")?;
        match days {
            Some(h) if d >= h => {
                self.error(
                    row.line,
                    Some(column),
                    format!(
                        "day {d} is outside the horizon of {h} days (days are numbered 0 to {})",
                        h - 1
                    ),
                );
                None
            }
            _ => Some(d),
        }
    }

    /// Resolves an id defined in another section.
    fn reference(
        &mut self,
        row: &Row<'_>,
        id: &str,
        column: &str,
        ids: &Ids<'_>,
        section: Section,
        what: &str,
    ) -> Option<usize> {
        if let Some(&(i, _)) = ids.map.get(id) {
            return Some(i);
        }
        if ids.present {
            let msg = if id.is_empty() {
                format!("the {what} id is empty")
            } else {
                format!(
                    "unknown {what} `{id}`: it is not defined in {}",
                    section.header()
                )
            };
            self.error(row.line, Some(column), msg);
        }
        None
    }

    /// Registers the id in the first field of a defining row; reports empty and repeated ids.
    fn define<'a>(&mut self, row: &Row<'a>, ids: &mut Ids<'a>, column: &str, what: &str) -> bool {
        let id = row.fields[0];
        if id.is_empty() {
            self.error(row.line, Some(column), format!("the {what} id is empty"));
            return false;
        }
        if let Some(&(_, first)) = ids.map.get(id) {
            self.error(
                row.line,
                Some(column),
                format!(
                    "{what} `{id}` is defined twice (first on line {first}); ids must be unique"
                ),
            );
            return false;
        }
        let next = ids.map.len();
        ids.map.insert(id, (next, row.line));
        true
    }

    fn build(&mut self, sections: &HashMap<Section, RawSection<'_>>) -> Instance {
        let days = self.horizon(sections.get(&Section::Horizon));
        let (shifts, shift_ids) = self.shifts(sections.get(&Section::Shifts));
        let (mut staff, staff_ids) = self.staff(sections.get(&Section::Staff), &shift_ids);
        if let Some(sec) = sections.get(&Section::DaysOff) {
            self.days_off(sec, days, &staff_ids, &mut staff);
        }
        let shift_on_requests = sections
            .get(&Section::OnRequests)
            .map(|sec| self.requests(sec, days, &shift_ids, &staff_ids))
            .unwrap_or_default();
        let shift_off_requests = sections
            .get(&Section::OffRequests)
            .map(|sec| self.requests(sec, days, &shift_ids, &staff_ids))
            .unwrap_or_default();
        let cover = sections
            .get(&Section::Cover)
            .map(|sec| self.cover(sec, days, &shift_ids))
            .unwrap_or_default();
        // A file cut short loses its last sections: every one must be there, even when empty.
        for (section, header) in &SECTIONS[3..] {
            if !sections.contains_key(section) {
                self.errors.push(FormatError::file(
                    self.file,
                    format!(
                        "missing {header}: every section must be present, even when it has no \
                         rows (is the file cut short?)"
                    ),
                ));
            }
        }
        Instance {
            days: days.unwrap_or(0),
            shifts,
            staff,
            shift_on_requests,
            shift_off_requests,
            cover,
        }
    }

    fn horizon(&mut self, sec: Option<&RawSection<'_>>) -> Option<u32> {
        let Some(sec) = sec else {
            self.errors.push(FormatError::file(
                self.file,
                "missing SECTION_HORIZON: the file must give the number of days",
            ));
            return None;
        };
        let Some(row) = sec.rows.first() else {
            self.error(
                sec.header_line,
                None,
                "SECTION_HORIZON has no value: give the number of days on the next line",
            );
            return None;
        };
        for extra in &sec.rows[1..] {
            self.error(
                extra.line,
                None,
                "SECTION_HORIZON has more than one value: give only the number of days",
            );
        }
        if !self.arity(row, &["days"], false) {
            return None;
        }
        let h = self.number(row, 0, "days", "the number of days")?;
        if h == 0 || h > MAX_DAYS {
            self.error(
                row.line,
                Some("days"),
                format!("the horizon has {h} days; it must have between 1 and {MAX_DAYS}"),
            );
            return None;
        }
        Some(h)
    }

    fn shifts<'a>(&mut self, sec: Option<&RawSection<'a>>) -> (Vec<Shift>, Ids<'a>) {
        let mut ids = Ids {
            map: HashMap::new(),
            present: sec.is_some(),
        };
        let Some(sec) = sec else {
            self.errors.push(FormatError::file(
                self.file,
                "missing SECTION_SHIFTS: the file must define at least one shift",
            ));
            return (Vec::new(), ids);
        };
        if sec.rows.is_empty() {
            self.error(
                sec.header_line,
                None,
                "SECTION_SHIFTS has no shift: define at least one",
            );
        }
        let columns = ["ShiftID", "Length", "CannotFollow"];
        let mut shifts = Vec::new();
        // The cannot-follow list of each defined shift, resolved once every shift is known.
        let mut follows: Vec<Option<&Row<'a>>> = Vec::new();
        for row in &sec.rows {
            if !self.define(row, &mut ids, "ShiftID", "shift") {
                continue;
            }
            let ok = self.arity(row, &columns, true);
            let minutes = if ok {
                self.number(row, 1, "Length", "the length in minutes")
            } else {
                None
            };
            shifts.push(Shift {
                id: row.fields[0].to_string(),
                minutes: minutes.unwrap_or(0),
                cannot_follow: Vec::new(),
            });
            follows.push(ok.then_some(row));
        }
        for (shift, row) in shifts.iter_mut().zip(follows) {
            let Some(row) = row else { continue };
            let list = row.fields.get(2).copied().unwrap_or("");
            for id in list.split('|').map(str::trim).filter(|s| !s.is_empty()) {
                if let Some(s) =
                    self.reference(row, id, "CannotFollow", &ids, Section::Shifts, "shift")
                {
                    shift.cannot_follow.push(s);
                }
            }
        }
        (shifts, ids)
    }

    fn staff<'a>(
        &mut self,
        sec: Option<&RawSection<'a>>,
        shift_ids: &Ids<'_>,
    ) -> (Vec<Employee>, Ids<'a>) {
        let mut ids = Ids {
            map: HashMap::new(),
            present: sec.is_some(),
        };
        let Some(sec) = sec else {
            self.errors.push(FormatError::file(
                self.file,
                "missing SECTION_STAFF: the file must define at least one employee",
            ));
            return (Vec::new(), ids);
        };
        if sec.rows.is_empty() {
            self.error(
                sec.header_line,
                None,
                "SECTION_STAFF has no employee: define at least one",
            );
        }
        let columns = [
            "ID",
            "MaxShifts",
            "MaxTotalMinutes",
            "MinTotalMinutes",
            "MaxConsecutiveShifts",
            "MinConsecutiveShifts",
            "MinConsecutiveDaysOff",
            "MaxWeekends",
        ];
        let n_shifts = shift_ids.map.len();
        let mut staff = Vec::new();
        for row in &sec.rows {
            if !self.define(row, &mut ids, "ID", "employee") {
                continue;
            }
            let mut e = Employee {
                id: row.fields[0].to_string(),
                max_shifts: vec![None; n_shifts],
                max_total_minutes: 0,
                min_total_minutes: 0,
                max_consecutive_shifts: 0,
                min_consecutive_shifts: 0,
                min_consecutive_days_off: 0,
                max_weekends: 0,
                days_off: Vec::new(),
            };
            if self.arity(row, &columns, false) {
                self.max_shifts(row, shift_ids, &mut e.max_shifts);
                let mut num =
                    |i: usize, what: &str| self.number(row, i, columns[i], what).unwrap_or(0);
                e.max_total_minutes = num(2, "a number of minutes");
                e.min_total_minutes = num(3, "a number of minutes");
                e.max_consecutive_shifts = num(4, "a number of days");
                e.min_consecutive_shifts = num(5, "a number of days");
                e.min_consecutive_days_off = num(6, "a number of days");
                e.max_weekends = num(7, "a number of weekends");
            }
            staff.push(e);
        }
        (staff, ids)
    }

    /// Parses `shiftID=max|shiftID=max|...` into `out` (indexed by shift).
    fn max_shifts(&mut self, row: &Row<'_>, shift_ids: &Ids<'_>, out: &mut [Option<u32>]) {
        let field = row.fields[1];
        for item in field.split('|').map(str::trim).filter(|s| !s.is_empty()) {
            let Some((id, max)) = item.split_once('=') else {
                self.error(
                    row.line,
                    Some("MaxShifts"),
                    format!("`{item}` is not of the form shiftID=max (such as D=14)"),
                );
                continue;
            };
            let (id, max) = (id.trim(), max.trim());
            let shift = self.reference(row, id, "MaxShifts", shift_ids, Section::Shifts, "shift");
            let value = match parse_number(max, "the maximum number of shifts") {
                Ok(v) => Some(v),
                Err(m) => {
                    self.error(row.line, Some("MaxShifts"), format!("{id}: {m}"));
                    None
                }
            };
            if let (Some(s), Some(v)) = (shift, value) {
                match out.get_mut(s) {
                    Some(slot @ None) => *slot = Some(v),
                    Some(Some(_)) => self.error(
                        row.line,
                        Some("MaxShifts"),
                        format!("shift `{id}` is given twice; give each shift's maximum once"),
                    ),
                    None => {}
                }
            }
        }
    }

    fn days_off(
        &mut self,
        sec: &RawSection<'_>,
        days: Option<u32>,
        staff_ids: &Ids<'_>,
        staff: &mut [Employee],
    ) {
        for row in &sec.rows {
            let e = self.reference(
                row,
                row.fields[0],
                "EmployeeID",
                staff_ids,
                Section::Staff,
                "employee",
            );
            for i in 1..row.fields.len() {
                if row.fields[i].is_empty() {
                    continue;
                }
                if let Some(d) = self.day(row, i, "Day", days) {
                    if let Some(emp) = e.and_then(|e| staff.get_mut(e)) {
                        emp.days_off.push(d);
                    }
                }
            }
        }
    }

    fn requests(
        &mut self,
        sec: &RawSection<'_>,
        days: Option<u32>,
        shift_ids: &Ids<'_>,
        staff_ids: &Ids<'_>,
    ) -> Vec<ShiftRequest> {
        let columns = ["EmployeeID", "Day", "ShiftID", "Weight"];
        let mut out = Vec::new();
        for row in &sec.rows {
            if !self.arity(row, &columns, false) {
                continue;
            }
            let f = &row.fields;
            let employee = self.reference(
                row,
                f[0],
                "EmployeeID",
                staff_ids,
                Section::Staff,
                "employee",
            );
            let day = self.day(row, 1, "Day", days);
            let shift = self.reference(row, f[2], "ShiftID", shift_ids, Section::Shifts, "shift");
            let weight = self.number(row, 3, "Weight", "a penalty weight");
            if let (Some(employee), Some(day), Some(shift), Some(weight)) =
                (employee, day, shift, weight)
            {
                out.push(ShiftRequest {
                    employee,
                    day,
                    shift,
                    weight,
                });
            }
        }
        out
    }

    fn cover(
        &mut self,
        sec: &RawSection<'_>,
        days: Option<u32>,
        shift_ids: &Ids<'_>,
    ) -> Vec<CoverRow> {
        let columns = ["Day", "ShiftID", "Requirement", "WeightUnder", "WeightOver"];
        let mut out = Vec::new();
        let mut seen: HashMap<(u32, usize), u64> = HashMap::new();
        for row in &sec.rows {
            if !self.arity(row, &columns, false) {
                continue;
            }
            let day = self.day(row, 0, "Day", days);
            let shift = self.reference(
                row,
                row.fields[1],
                "ShiftID",
                shift_ids,
                Section::Shifts,
                "shift",
            );
            let requirement = self.number(row, 2, "Requirement", "a number of employees");
            let under = self.number(row, 3, "WeightUnder", "a penalty weight");
            let over = self.number(row, 4, "WeightOver", "a penalty weight");
            let (Some(day), Some(shift)) = (day, shift) else {
                continue;
            };
            if let Some(first) = seen.get(&(day, shift)) {
                self.error(
                    row.line,
                    None,
                    format!(
                        "cover for day {day} and shift `{}` is given twice (first on line \
                         {first}); give one row per day and shift",
                        row.fields[1]
                    ),
                );
                continue;
            }
            seen.insert((day, shift), row.line);
            if let (Some(requirement), Some(under_weight), Some(over_weight)) =
                (requirement, under, over)
            {
                out.push(CoverRow {
                    day,
                    shift,
                    requirement,
                    under_weight,
                    over_weight,
                });
            }
        }
        out
    }
}

/// Parses a non-negative whole number that fits in a `u32`; `what` describes the field.
fn parse_number(v: &str, what: &str) -> Result<u32, String> {
    if v.is_empty() {
        return Err(format!("the field is empty; expected {what}"));
    }
    if !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "`{v}` is not a whole number (expected {what}, 0 or more)"
        ));
    }
    v.parse::<u32>()
        .map_err(|_| format!("`{v}` is too large (expected {what}, at most {})", u32::MAX))
}

// ---------------------------------------------------------------------------------------------
// Mapping to the model
// ---------------------------------------------------------------------------------------------

/// The limits of one employee, as compared when deduplicating contracts.
#[derive(PartialEq, Eq)]
struct Limits<'a> {
    max_shifts: &'a [Option<u32>],
    totals: [u32; 6],
}

impl<'a> Limits<'a> {
    fn of(e: &'a Employee) -> Self {
        Self {
            max_shifts: &e.max_shifts,
            totals: [
                e.max_total_minutes,
                e.min_total_minutes,
                e.max_consecutive_shifts,
                e.min_consecutive_shifts,
                e.min_consecutive_days_off,
                e.max_weekends,
            ],
        }
    }
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

    /// Maps the instance onto a [`Scenario`] whose evaluation is the benchmark's: the soft
    /// score is the benchmark objective and the hard score is 0 exactly when every benchmark
    /// constraint holds.
    ///
    /// - One [`ShiftType`] per benchmark shift (code and name = the shift id, paid minutes =
    ///   length, not a night shift). Curtois instances have no clock times and no rest rule,
    ///   so the clock times are nominal: start 00:00, end = length after it (modulo a day).
    /// - No roles. Contracts are deduplicated: employees with identical limits share one,
    ///   coded `C1`, `C2`, ... in order of first use. Every limit is hard: max shifts per shift
    ///   type (0 = never), min and max total minutes, min and max consecutive working days, min
    ///   consecutive days off, max weekends, and every "cannot follow" pair as a hard
    ///   [`Succession`] on every contract.
    /// - Staff code and name = the employee id, no history.
    /// - Days off become [`Leave`] with the reason [`DAY_OFF_REASON`] (a day listed twice
    ///   becomes one leave day); shift-on requests become [`RequestKind::On`] requests for the
    ///   shift and shift-off requests [`RequestKind::Off`], soft with their weight; cover rows
    ///   become [`Cover`] for everyone (`role: None`), soft under and over.
    /// - Settings: blocks touching day 0 or the last day are exempt from the minimum-length
    ///   rules; the weekend is Saturday and Sunday.
    ///
    /// # Errors
    /// When `start` is not a Monday: the benchmark's weekends are days `7w+5` and `7w+6`,
    /// which are Saturday and Sunday only when day 0 is a Monday. Also when the instance holds
    /// values the model cannot represent (a shift of 0 minutes or longer than two days, a
    /// maximum of 0 consecutive shifts, a minimum above its maximum), as reported by
    /// [`Scenario::new`].
    pub fn to_scenario(&self, start: NaiveDate, name: &str) -> Result<Scenario, ScenarioErrors> {
        if start.weekday() != Weekday::Mon {
            return Err(ScenarioErrors(vec![ModelError {
                location: Location::Horizon,
                field: "start",
                message: format!(
                    "{start} is a {:?}; Curtois instances start on a Monday (weekends are days \
                     7w+5 and 7w+6), so the start date must be a Monday such as 2024-01-01",
                    start.weekday()
                ),
            }]));
        }
        let shifts: Vec<ShiftType> = self
            .shifts
            .iter()
            .map(|s| ShiftType {
                code: s.id.clone(),
                name: s.id.clone(),
                start: 0,
                end: s.minutes % DAY_MINUTES,
                minutes: s.minutes,
                night: false,
            })
            .collect();
        let mut successions = Vec::new();
        for (from, s) in self.shifts.iter().enumerate() {
            for &to in &s.cannot_follow {
                let succ = Succession {
                    from: ShiftId::new(from),
                    to: ShiftId::new(to),
                    weight: Weight::Hard,
                };
                if !successions.contains(&succ) {
                    successions.push(succ);
                }
            }
        }
        let mut contracts: Vec<Contract> = Vec::new();
        let mut contract_users: Vec<usize> = Vec::new();
        let mut contract_limits: Vec<Limits<'_>> = Vec::new();
        let mut staff = Vec::with_capacity(self.staff.len());
        for e in &self.staff {
            let limits = Limits::of(e);
            let id = match contract_limits.iter().position(|l| *l == limits) {
                Some(i) => {
                    contract_users[i] += 1;
                    i
                }
                None => {
                    contracts.push(contract_for(e, contracts.len() + 1, &successions));
                    contract_limits.push(limits);
                    contract_users.push(1);
                    contracts.len() - 1
                }
            };
            staff.push(Staff {
                code: e.id.clone(),
                name: e.id.clone(),
                contract: ContractId::new(id),
                roles: Vec::new(),
                history: None,
                fte_permille: None,
                carried_minutes: 0,
            });
        }
        for (c, users) in contracts.iter_mut().zip(contract_users) {
            if users > 1 {
                c.name = format!("{} and {} more", c.name, users - 1);
            }
        }
        let mut leave = Vec::new();
        for (i, e) in self.staff.iter().enumerate() {
            let mut days = e.days_off.clone();
            days.sort_unstable();
            days.dedup();
            leave.extend(days.into_iter().map(|day| Leave {
                staff: StaffId::new(i),
                day,
                reason: DAY_OFF_REASON.to_string(),
                credit_minutes: None,
            }));
        }
        let request = |r: &ShiftRequest, kind| Request {
            staff: StaffId::new(r.employee),
            day: r.day,
            shift: Some(ShiftId::new(r.shift)),
            kind,
            weight: Weight::Soft(r.weight),
        };
        let requests = self
            .shift_on_requests
            .iter()
            .map(|r| request(r, RequestKind::On))
            .chain(
                self.shift_off_requests
                    .iter()
                    .map(|r| request(r, RequestKind::Off)),
            )
            .collect();
        let cover = self
            .cover
            .iter()
            .map(|c| Cover {
                day: c.day,
                shift: ShiftId::new(c.shift),
                role: None,
                required: c.requirement,
                under: Weight::Soft(c.under_weight),
                over: Weight::Soft(c.over_weight),
            })
            .collect();
        Scenario::new(ScenarioParts {
            groups: Vec::new(),
            name: name.to_string(),
            horizon: Horizon::new(start, self.days),
            settings: Settings {
                exempt_start: true,
                exempt_end: true,
                weekend: vec![Weekday::Sat, Weekday::Sun],
                weekend_clock: None,
                time_zone: None,
            },
            shifts,
            roles: Vec::new(),
            contracts,
            staff,
            cover,
            requests,
            leave,
            fixed: Vec::new(),
            fairness: Vec::new(),
            holidays: Vec::new(),
            pairings: Vec::new(),
            commitments: Vec::new(),
            baseline: None,
        })
    }
}

/// The hard contract `C{number}` holding the limits of `e`.
fn contract_for(e: &Employee, number: usize, successions: &[Succession]) -> Contract {
    let mut c = Contract::new(format!("C{number}"), format!("limits of {}", e.id));
    c.max_shifts = e
        .max_shifts
        .iter()
        .enumerate()
        .filter_map(|(s, m)| m.map(|m| (ShiftId::new(s), Limit::hard(m))))
        .collect();
    c.max_total_minutes = Some(Limit::hard(e.max_total_minutes));
    c.min_total_minutes = Some(Limit::hard(e.min_total_minutes));
    c.max_consecutive_work = Some(Limit::hard(e.max_consecutive_shifts));
    c.min_consecutive_work = Some(Limit::hard(e.min_consecutive_shifts));
    c.min_consecutive_off = Some(Limit::hard(e.min_consecutive_days_off));
    c.max_weekends = Some(Limit::hard(e.max_weekends));
    c.successions = successions.to_vec();
    c
}

// ---------------------------------------------------------------------------------------------
// Independent checker
// ---------------------------------------------------------------------------------------------

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::evaluate;
    use crate::roster::Roster;
    use proptest::prelude::*;

    const SMALL: &str = "# A small instance written for the tests.
SECTION_STAFF
# ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends
A, E=3|L=0, 2000, 480, 3, 2, 2, 1
B,E=3|L=0,2000,480,3,2,2,1
C,,2400,0,5,1,1,2,

SECTION_SHIFTS
E,480,
L , 600 , E|E
N,720,E|L

SECTION_HORIZON
14

SECTION_DAYS_OFF
A,0,3
C,5
A,3

SECTION_SHIFT_ON_REQUESTS
B,2,L,4

SECTION_SHIFT_OFF_REQUESTS
C,13,N,2

SECTION_COVER
0,E,2,100,1
13,N,1,50,3
";

    fn small() -> Instance {
        parse(SMALL.as_bytes(), "small.txt").expect("the small instance parses")
    }

    const REAL: [&str; 12] = [
        include_str!("../../../../data/benchmarks/curtois/Instance1.txt"),
        include_str!("../../../../data/benchmarks/curtois/Instance2.txt"),
        include_str!("../../../../data/benchmarks/curtois/Instance3.txt"),
        include_str!("../../../../data/benchmarks/curtois/Instance4.txt"),
        include_str!("../../../../data/benchmarks/curtois/Instance5.txt"),
        include_str!("../../../../data/benchmarks/curtois/Instance6.txt"),
        include_str!("../../../../data/benchmarks/curtois/Instance7.txt"),
        include_str!("../../../../data/benchmarks/curtois/Instance8.txt"),
        include_str!("../../../../data/benchmarks/curtois/Instance9.txt"),
        include_str!("../../../../data/benchmarks/curtois/Instance10.txt"),
        include_str!("../../../../data/benchmarks/curtois/Instance11.txt"),
        include_str!("../../../../data/benchmarks/curtois/Instance12.txt"),
    ];

    #[test]
    fn parses_sections_in_any_order_with_comments_spaces_and_trailing_commas() {
        let i = small();
        assert_eq!(i.days, 14);
        assert_eq!(
            i.shifts,
            vec![
                Shift {
                    id: "E".into(),
                    minutes: 480,
                    cannot_follow: vec![]
                },
                // Kept as written (E twice); the scenario deduplicates.
                Shift {
                    id: "L".into(),
                    minutes: 600,
                    cannot_follow: vec![0, 0]
                },
                Shift {
                    id: "N".into(),
                    minutes: 720,
                    cannot_follow: vec![0, 1]
                },
            ]
        );
        let a = &i.staff[0];
        assert_eq!(a.id, "A");
        assert_eq!(a.max_shifts, vec![Some(3), Some(0), None]);
        assert_eq!(
            (
                a.max_total_minutes,
                a.min_total_minutes,
                a.max_consecutive_shifts,
                a.min_consecutive_shifts,
                a.min_consecutive_days_off,
                a.max_weekends
            ),
            (2000, 480, 3, 2, 2, 1)
        );
        // Two lines for A are merged, in file order, duplicates kept.
        assert_eq!(a.days_off, vec![0, 3, 3]);
        let c = &i.staff[2];
        assert_eq!(c.max_shifts, vec![None, None, None]);
        assert_eq!((c.max_total_minutes, c.max_weekends), (2400, 2));
        assert_eq!(c.days_off, vec![5]);
        assert_eq!(
            i.shift_on_requests,
            vec![ShiftRequest {
                employee: 1,
                day: 2,
                shift: 1,
                weight: 4
            }]
        );
        assert_eq!(
            i.shift_off_requests,
            vec![ShiftRequest {
                employee: 2,
                day: 13,
                shift: 2,
                weight: 2
            }]
        );
        assert_eq!(
            i.cover,
            vec![
                CoverRow {
                    day: 0,
                    shift: 0,
                    requirement: 2,
                    under_weight: 100,
                    over_weight: 1
                },
                CoverRow {
                    day: 13,
                    shift: 2,
                    requirement: 1,
                    under_weight: 50,
                    over_weight: 3
                },
            ]
        );
        assert_eq!(i.shift_index("N"), Some(2));
        assert_eq!(i.employee_index("C"), Some(2));
        assert_eq!(i.employee_index("Z"), None);
    }

    #[test]
    fn crlf_lf_and_a_missing_final_line_ending_parse_alike() {
        let crlf = SMALL.replace('\n', "\r\n");
        assert_eq!(parse(crlf.as_bytes(), "x").unwrap(), small());
        let trimmed = SMALL.trim_end();
        assert_eq!(parse(trimmed.as_bytes(), "x").unwrap(), small());
        let bom = format!("\u{feff}{SMALL}");
        assert_eq!(parse(bom.as_bytes(), "x").unwrap(), small());
    }

    #[test]
    fn reports_every_problem_with_its_line_and_field() {
        let text = "SECTION_HORIZON
14

SECTION_SHIFTS
D,480,
D,300,
N,abc,X

SECTION_STAFF
A,D=14|Q=2,4320,3360,5,2,2,1
A,D=14,4320,3360,5,2,2,1
B,D=x,4320,-5,5,2,2
C,D14|N=99999999999,4320,3360,5,2,2,1

SECTION_DAYS_OFF
A,3,14
Z,1

SECTION_COVER
0,D,5,100,1
0,D,4,100,1
1,D,5,100
2,D,,100,1

SECTION_FOO
whatever

stray,line
another

SECTION_COVER
3,D,1,1,1
";
        let errs = parse(text.as_bytes(), "bad.txt").unwrap_err();
        let got: Vec<String> = errs.0.iter().map(|e| e.to_string()).collect();
        let want = [
            "bad.txt: missing SECTION_SHIFT_ON_REQUESTS: every section must be present, even when it has no rows (is the file cut short?)",
            "bad.txt: missing SECTION_SHIFT_OFF_REQUESTS: every section must be present, even when it has no rows (is the file cut short?)",
            "bad.txt:6: ShiftID: shift `D` is defined twice (first on line 5); ids must be unique",
            "bad.txt:7: Length: `abc` is not a whole number (expected the length in minutes, 0 or more)",
            "bad.txt:7: CannotFollow: unknown shift `X`: it is not defined in SECTION_SHIFTS",
            "bad.txt:10: MaxShifts: unknown shift `Q`: it is not defined in SECTION_SHIFTS",
            "bad.txt:11: ID: employee `A` is defined twice (first on line 10); ids must be unique",
            "bad.txt:12: expected 8 comma-separated fields (ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends), found 7",
            "bad.txt:13: MaxShifts: `D14` is not of the form shiftID=max (such as D=14)",
            "bad.txt:13: MaxShifts: N: `99999999999` is too large (expected the maximum number of shifts, at most 4294967295)",
            "bad.txt:16: Day: day 14 is outside the horizon of 14 days (days are numbered 0 to 13)",
            "bad.txt:17: EmployeeID: unknown employee `Z`: it is not defined in SECTION_STAFF",
            "bad.txt:21: cover for day 0 and shift `D` is given twice (first on line 20); give one row per day and shift",
            "bad.txt:22: expected 5 comma-separated fields (Day, ShiftID, Requirement, WeightUnder, WeightOver), found 4",
            "bad.txt:23: Requirement: the field is empty; expected a number of employees",
            "bad.txt:25: unknown section `SECTION_FOO`; the sections are SECTION_HORIZON, SECTION_SHIFTS, SECTION_STAFF, SECTION_DAYS_OFF, SECTION_SHIFT_ON_REQUESTS, SECTION_SHIFT_OFF_REQUESTS, SECTION_COVER",
            "bad.txt:28: lines 28-29 are outside any section: a blank line ends a section, so remove the blank line above or start a section (such as SECTION_COVER) first",
            "bad.txt:31: SECTION_COVER appears a second time (first on line 19); give each section once",
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn missing_and_empty_sections_are_reported() {
        let errs = parse("# only a comment\n".as_bytes(), "empty.txt").unwrap_err();
        let got: Vec<String> = errs.0.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            got,
            [
                "empty.txt: missing SECTION_HORIZON: the file must give the number of days",
                "empty.txt: missing SECTION_SHIFTS: the file must define at least one shift",
                "empty.txt: missing SECTION_STAFF: the file must define at least one employee",
                "empty.txt: missing SECTION_DAYS_OFF: every section must be present, even when it has no rows (is the file cut short?)",
                "empty.txt: missing SECTION_SHIFT_ON_REQUESTS: every section must be present, even when it has no rows (is the file cut short?)",
                "empty.txt: missing SECTION_SHIFT_OFF_REQUESTS: every section must be present, even when it has no rows (is the file cut short?)",
                "empty.txt: missing SECTION_COVER: every section must be present, even when it has no rows (is the file cut short?)",
            ]
        );
        // Without SECTION_STAFF, references to employees are not reported one by one.
        let text = "SECTION_HORIZON\n\nSECTION_SHIFTS\n\nSECTION_DAYS_OFF\nA,1\n";
        let got: Vec<String> = parse(text.as_bytes(), "f")
            .unwrap_err()
            .0
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(
            got,
            [
                "f: missing SECTION_STAFF: the file must define at least one employee",
                "f: missing SECTION_SHIFT_ON_REQUESTS: every section must be present, even when it has no rows (is the file cut short?)",
                "f: missing SECTION_SHIFT_OFF_REQUESTS: every section must be present, even when it has no rows (is the file cut short?)",
                "f: missing SECTION_COVER: every section must be present, even when it has no rows (is the file cut short?)",
                "f:1: SECTION_HORIZON has no value: give the number of days on the next line",
                "f:3: SECTION_SHIFTS has no shift: define at least one",
            ]
        );
        let text = "SECTION_HORIZON\n0\n7\n";
        let got: Vec<String> = parse(text.as_bytes(), "f")
            .unwrap_err()
            .0
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(
            &got[6..],
            [
                "f:2: days: the horizon has 0 days; it must have between 1 and 3660",
                "f:3: SECTION_HORIZON has more than one value: give only the number of days",
            ]
        );
    }

    #[test]
    fn invalid_utf8_and_a_single_stray_line_are_reported() {
        let mut bytes = SMALL.as_bytes().to_vec();
        bytes.extend_from_slice(b"\n1,E,1,1,1\n");
        bytes.extend_from_slice(b"SECTION_COVER\n\xff\xfe,E,1,1,1\n");
        let got: Vec<String> = parse(&bytes[..], "u.txt")
            .unwrap_err()
            .0
            .iter()
            .map(|e| e.to_string())
            .collect();
        let n = SMALL.lines().count() as u64;
        let cover = SMALL.lines().position(|l| l == "SECTION_COVER").unwrap() as u64 + 1;
        assert_eq!(
            got,
            [
                format!(
                    "u.txt:{}: this line is outside any section: a blank line ends a section, so \
                     remove the blank line above or start a section (such as SECTION_COVER) first",
                    n + 2
                ),
                format!(
                    "u.txt:{}: SECTION_COVER appears a second time (first on line {}); give each \
                     section once",
                    n + 3,
                    cover
                ),
                format!("u.txt:{}: the line is not valid UTF-8 text", n + 4),
            ]
        );
    }

    #[test]
    fn scenario_maps_shifts_contracts_leave_requests_cover_and_settings() {
        let i = small();
        let sc = i.to_scenario(default_start(), "small").unwrap();
        assert_eq!(sc.name(), "small");
        assert_eq!(sc.days(), 14);
        assert_eq!(sc.horizon().start, default_start());
        assert_eq!(sc.settings(), &Settings::default());
        let l = &sc.shifts()[1];
        assert_eq!(
            (l.code.as_str(), l.start, l.end, l.minutes, l.night),
            ("L", 0, 600, 600, false)
        );
        // A and B share C1; C has its own contract.
        assert_eq!(sc.contracts().len(), 2);
        assert_eq!(sc.staff()[0].contract, ContractId(0));
        assert_eq!(sc.staff()[1].contract, ContractId(0));
        assert_eq!(sc.staff()[2].contract, ContractId(1));
        let c1 = &sc.contracts()[0];
        assert_eq!(c1.code, "C1");
        assert_eq!(c1.name, "limits of A and 1 more");
        assert_eq!(
            c1.max_shifts,
            vec![(ShiftId(0), Limit::hard(3)), (ShiftId(1), Limit::hard(0))]
        );
        assert_eq!(c1.max_total_minutes, Some(Limit::hard(2000)));
        assert_eq!(c1.min_total_minutes, Some(Limit::hard(480)));
        assert_eq!(c1.max_consecutive_work, Some(Limit::hard(3)));
        assert_eq!(c1.min_consecutive_work, Some(Limit::hard(2)));
        assert_eq!(c1.min_consecutive_off, Some(Limit::hard(2)));
        assert_eq!(c1.max_consecutive_off, None);
        assert_eq!(c1.max_weekends, Some(Limit::hard(1)));
        assert_eq!((c1.min_rest_minutes, c1.max_nights), (None, None));
        let hard = |from, to| Succession {
            from: ShiftId(from),
            to: ShiftId(to),
            weight: Weight::Hard,
        };
        let all = vec![hard(1, 0), hard(2, 0), hard(2, 1)];
        assert_eq!(c1.successions, all);
        let c2 = &sc.contracts()[1];
        assert_eq!((c2.code.as_str(), c2.name.as_str()), ("C2", "limits of C"));
        assert!(c2.max_shifts.is_empty());
        assert_eq!(c2.successions, all);
        assert_eq!(sc.staff()[2].code, "C");
        assert_eq!(sc.staff()[2].name, "C");
        assert!(sc
            .staff()
            .iter()
            .all(|s| s.roles.is_empty() && s.history.is_none()));
        // A's day 3, listed twice, is one leave day.
        let leave: Vec<(u32, u32, &str)> = sc
            .leave()
            .iter()
            .map(|l| (l.staff.0, l.day, l.reason.as_str()))
            .collect();
        assert_eq!(
            leave,
            [
                (0, 0, DAY_OFF_REASON),
                (0, 3, DAY_OFF_REASON),
                (2, 5, DAY_OFF_REASON)
            ]
        );
        assert_eq!(
            sc.requests(),
            [
                Request {
                    staff: StaffId(1),
                    day: 2,
                    shift: Some(ShiftId(1)),
                    kind: RequestKind::On,
                    weight: Weight::Soft(4)
                },
                Request {
                    staff: StaffId(2),
                    day: 13,
                    shift: Some(ShiftId(2)),
                    kind: RequestKind::Off,
                    weight: Weight::Soft(2)
                },
            ]
        );
        assert_eq!(
            sc.cover()[1],
            Cover {
                day: 13,
                shift: ShiftId(2),
                role: None,
                required: 1,
                under: Weight::Soft(50),
                over: Weight::Soft(3)
            }
        );
        assert!(sc.fixed().is_empty() && sc.roles().is_empty());
    }

    #[test]
    fn scenario_needs_a_monday_and_representable_values() {
        let i = small();
        let tuesday = NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
        let err = i.to_scenario(tuesday, "x").unwrap_err();
        assert_eq!(err.0.len(), 1);
        assert_eq!(err.0[0].field, "start");
        assert!(err.0[0].message.contains("2024-01-02 is a Tue"));
        let monday = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        assert!(i.to_scenario(monday, "x").is_ok());

        let mut odd = small();
        odd.shifts[0].minutes = 0;
        odd.staff[2].max_consecutive_shifts = 0;
        let err = odd.to_scenario(default_start(), "x").unwrap_err();
        let fields: Vec<&str> = err.0.iter().map(|e| e.field).collect();
        // C's minimum of 1 consecutive shift is now above its maximum of 0, and a maximum of
        // 0 would forbid every working day.
        assert_eq!(
            fields,
            ["minutes", "min_consecutive_work", "max_consecutive_work"]
        );
    }

    #[test]
    fn a_day_long_shift_gets_a_day_long_clock() {
        let mut i = small();
        i.shifts[2].minutes = 1440;
        let sc = i.to_scenario(default_start(), "x").unwrap();
        assert_eq!(sc.shifts()[2].duration(), 1440);
        assert_eq!(sc.shifts()[2].minutes, 1440);
    }

    /// Rows of the small instance from patterns such as `"EE.L.."` (`.` = off).
    fn rows(i: &Instance, patterns: &[&str]) -> Vec<Vec<Option<usize>>> {
        patterns
            .iter()
            .map(|p| {
                p.chars()
                    .map(|c| (c != '.').then(|| i.shift_index(&c.to_string()).unwrap()))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn checker_counts_each_broken_constraint_by_hand() {
        let i = small();
        // Shifts: E 480 min; L 600 min, E cannot follow it; N 720 min, E and L cannot follow.
        // A and B: E <= 3, L never, 480..=2000 minutes, 2..=3 consecutive working days, at
        // least 2 days off in a row, 1 weekend. A's days off: 0 and 3.
        // C: no shift limit, 0..=2400 minutes, 1..=5 working days in a row, 1 day off, 2
        // weekends; day off 5. Weekends are days 5-6 and 12-13.
        let r = rows(
            &i,
            &[
                // Day: 0123456789...
                "EE.L.EEEE.....",
                "..............",
                "NE.NL.........",
            ],
        );
        // A: works day 0 and day 3, both days off (2 violations). Six E shifts, max 3 (3
        // over); one L, max 0 (1 over). Minutes 6 * 480 + 600 = 3480, max 2000 (1480 over).
        // Runs: work 0-1 (touches day 0), off 2 (1 day, min 2: 1 short), work 3 (1 day, min
        // 2: 1 short), off 4 (1 short), work 5-8 (4 days, max 3: 1 over), off 9-13 (touches
        // the end). One weekend (5-6), allowed.
        // B: nothing: 0 minutes, min 480 (480 short). The off run touches both ends.
        // C: N then E on days 0-1, N then L on days 3-4 (2 forbidden successions). Minutes 720 +
        // 480 + 720 + 600 = 2520, max 2400 (120 over). Off run 2 of 1 day is allowed (min 1).
        let res = check(&i, &r);
        let mut got: Vec<(Constraint, Option<usize>, Option<u32>, u64)> = res
            .violations
            .iter()
            .map(|v| (v.constraint, v.employee, v.day, v.amount))
            .collect();
        got.sort();
        let mut want = vec![
            (Constraint::DayOff, Some(0), Some(0), 1),
            (Constraint::DayOff, Some(0), Some(3), 1),
            (Constraint::MaxShifts, Some(0), None, 3),
            (Constraint::MaxShifts, Some(0), None, 1),
            (Constraint::MaxTotalMinutes, Some(0), None, 1480),
            (Constraint::MaxConsecutiveShifts, Some(0), Some(5), 1),
            (Constraint::MinConsecutiveShifts, Some(0), Some(3), 1),
            (Constraint::MinConsecutiveDaysOff, Some(0), Some(2), 1),
            (Constraint::MinConsecutiveDaysOff, Some(0), Some(4), 1),
            (Constraint::MinTotalMinutes, Some(1), None, 480),
            (Constraint::Succession, Some(2), Some(0), 1),
            (Constraint::Succession, Some(2), Some(3), 1),
            (Constraint::MaxTotalMinutes, Some(2), None, 120),
        ];
        want.sort();
        assert_eq!(got, want);
        // Objective: cover day 0 E: A alone, 2 required: 1 short x 100; day 13 N: nobody, 1
        // required: 1 short x 50. B's on-request (L on day 2) not granted: 4. C's off-request
        // (N on day 13): C is off, granted.
        assert_eq!(res.cover_penalty, 150);
        assert_eq!(res.request_penalty, 4);
        assert_eq!(res.objective, 154);
        assert!(!res.is_feasible());
        assert_eq!(
            res.hard_amount(),
            // Minutes per hour started: 1480 is 25, 480 is 8, 120 is 2.
            2 + 3 + 1 + 25 + 1 + 1 + 2 + 8 + 2 + 2
        );

        // The evaluator agrees on this roster.
        let sc = i.to_scenario(default_start(), "small").unwrap();
        let e = evaluate(&sc, &to_roster(&r));
        assert_eq!(e.score.soft, res.objective);
        assert_eq!(e.score.hard, res.hard_amount());
    }

    fn to_roster(rows: &[Vec<Option<usize>>]) -> Roster {
        let days = rows.first().map_or(0, Vec::len);
        let mut r = Roster::empty(rows.len(), days);
        for (e, row) in rows.iter().enumerate() {
            for (d, c) in row.iter().enumerate() {
                r.set(StaffId::new(e), d, c.map(ShiftId::new));
            }
        }
        r
    }

    #[test]
    fn checker_reports_a_roster_that_does_not_fit() {
        let i = small();
        let mut r = vec![vec![None; 14]; 2];
        r[0][4] = Some(7);
        r[1].pop();
        let res = check(&i, &r);
        let shape: Vec<(Option<usize>, Option<u32>)> = res
            .violations
            .iter()
            .filter(|v| v.constraint == Constraint::RosterShape)
            .map(|v| (v.employee, v.day))
            .collect();
        assert_eq!(shape, [(None, None), (Some(0), Some(4)), (Some(1), None)]);
        assert_eq!(
            res.violations[1].message,
            "A on day 4: shift index 7 does not exist (3 shifts)"
        );
    }

    #[test]
    fn checker_weekends_are_days_7w_plus_5_and_6_even_when_cut_by_the_horizon() {
        let text = SMALL.replace("SECTION_HORIZON\n14", "SECTION_HORIZON\n13");
        let text = text.replace("13,N,1,50,3\n", "").replace("C,13,N,2\n", "");
        let i = parse(text.as_bytes(), "x").unwrap();
        // C (max 2 weekends) works Sunday 6 and Saturday 12 (the horizon ends on day 12):
        // two weekends -> allowed; A (max 1) works Saturday 5 and Saturday 12 -> 1 over.
        let mut r = vec![vec![None; 13]; 3];
        r[2][6] = Some(2);
        r[2][12] = Some(2);
        r[0][5] = Some(0);
        r[0][12] = Some(0);
        let res = check(&i, &r);
        let weekends: Vec<(Option<usize>, u64)> = res
            .violations
            .iter()
            .filter(|v| v.constraint == Constraint::MaxWeekends)
            .map(|v| (v.employee, v.amount))
            .collect();
        assert_eq!(weekends, [(Some(0), 1)]);
        let sc = i.to_scenario(default_start(), "x").unwrap();
        let e = evaluate(&sc, &to_roster(&r));
        assert_eq!(e.score.hard, res.hard_amount());
        assert_eq!(e.score.soft, res.objective);
    }

    /// A deterministic roster pattern that works most days with varied shifts.
    fn pattern(i: &Instance) -> Vec<Vec<Option<usize>>> {
        let n = i.shifts.len().max(1);
        (0..i.staff.len())
            .map(|e| {
                (0..i.days as usize)
                    .map(|d| ((e * 7 + d * 3) % 5 != 0).then_some((e + d) % n))
                    .collect()
            })
            .collect()
    }

    /// Parses without panicking and, when the file parses, maps, checks and evaluates
    /// without panicking either; evaluator and checker must then agree.
    fn exercise(bytes: &[u8]) {
        let Ok(i) = parse(bytes, "fuzz.txt") else {
            return;
        };
        for r in [
            vec![vec![None; i.days as usize]; i.staff.len()],
            pattern(&i),
        ] {
            let res = check(&i, &r);
            if i.shifts.is_empty() {
                continue;
            }
            if let Ok(sc) = i.to_scenario(default_start(), "fuzz") {
                let e = evaluate(&sc, &to_roster(&r));
                assert_eq!(e.score.soft, res.objective);
                assert_eq!(e.score.hard, res.hard_amount());
            }
        }
    }

    #[derive(Clone, Debug)]
    enum Edit {
        DeleteByte(prop::sample::Index),
        InsertByte(prop::sample::Index, u8),
        ReplaceByte(prop::sample::Index, u8),
        DeleteLine(prop::sample::Index),
        DuplicateLine(prop::sample::Index),
        InsertText(prop::sample::Index, &'static str),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        let idx = any::<prop::sample::Index>;
        let snippet = prop::sample::select(vec![
            "\n",
            "\r\n",
            ",",
            "|",
            "=",
            "#",
            "-1",
            "999999999999",
            "SECTION_COVER",
            "SECTION_",
            "\n\n",
            "0",
            "28",
            "D",
            "\u{e9}",
        ]);
        prop_oneof![
            idx().prop_map(Edit::DeleteByte),
            (idx(), any::<u8>()).prop_map(|(i, b)| Edit::InsertByte(i, b)),
            (
                idx(),
                prop::sample::select(b"0123456789,|=\r\n#AZaz".to_vec())
            )
                .prop_map(|(i, b)| Edit::ReplaceByte(i, b)),
            idx().prop_map(Edit::DeleteLine),
            idx().prop_map(Edit::DuplicateLine),
            (idx(), snippet).prop_map(|(i, s)| Edit::InsertText(i, s)),
        ]
    }

    fn apply(text: &str, edits: &[Edit]) -> Vec<u8> {
        let mut b = text.as_bytes().to_vec();
        for e in edits {
            let n = b.len().max(1);
            match e {
                Edit::DeleteByte(i) => {
                    if !b.is_empty() {
                        b.remove(i.index(n));
                    }
                }
                Edit::InsertByte(i, x) => b.insert(i.index(n + 1).min(b.len()), *x),
                Edit::ReplaceByte(i, x) => {
                    if !b.is_empty() {
                        let k = i.index(n);
                        b[k] = *x;
                    }
                }
                Edit::DeleteLine(i) | Edit::DuplicateLine(i) => {
                    let mut lines: Vec<Vec<u8>> =
                        b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect();
                    let k = i.index(lines.len());
                    if matches!(e, Edit::DeleteLine(_)) {
                        lines.remove(k);
                    } else {
                        let l = lines[k].clone();
                        lines.insert(k, l);
                    }
                    b = lines.join(&b'\n');
                }
                Edit::InsertText(i, s) => {
                    let k = i.index(n + 1).min(b.len());
                    b.splice(k..k, s.bytes());
                }
            }
        }
        b
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
            exercise(&bytes);
        }

        #[test]
        fn random_section_shaped_text_never_panics(
            lines in prop::collection::vec(
                "(SECTION_(HORIZON|SHIFTS|STAFF|DAYS_OFF|SHIFT_ON_REQUESTS|SHIFT_OFF_REQUESTS|COVER|X))|([0-9A-C,|= -]{0,24})|(#.{0,5})",
                0..40),
            crlf in any::<bool>(),
        ) {
            let text = lines.join(if crlf { "\r\n" } else { "\n" });
            exercise(text.as_bytes());
        }

        #[test]
        fn mutated_real_files_never_panic(
            which in 0usize..12,
            edits in prop::collection::vec(edit(), 1..6),
        ) {
            exercise(&apply(REAL[which], &edits));
        }

        #[test]
        fn mutated_small_file_never_panics(edits in prop::collection::vec(edit(), 1..8)) {
            exercise(&apply(SMALL, &edits));
        }
    }
}
