//! [`parse`]: reading an instance file into an [`Instance`], every problem reported with its
//! line and field.

use super::{CoverRow, Employee, Instance, Shift, ShiftRequest};
use crate::formats::{FormatError, FormatErrors};
use crate::model::MAX_DAYS;
use std::collections::HashMap;
use std::io::Read;

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
