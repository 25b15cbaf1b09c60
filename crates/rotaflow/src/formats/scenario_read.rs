//! Reads a scenario folder of CSV files (see `data/README.md` for every file and column).

use super::sequence_read::set_ids;
use super::table::{Row, Table};
use super::{DirSource, FormatError, FormatErrors, Source};
use crate::model::*;
use chrono::{NaiveDate, Weekday};
use std::collections::HashMap;
use std::path::Path;

/// Required files of a scenario folder.
pub const REQUIRED_FILES: [&str; 5] = [
    "settings.csv",
    "shifts.csv",
    "contracts.csv",
    "staff.csv",
    "cover.csv",
];

/// Optional files of a scenario folder.
pub const OPTIONAL_FILES: [&str; 13] = [
    "roles.csv",
    "groups.csv",
    "contract_rules.csv",
    "successions.csv",
    "patterns.csv",
    "history.csv",
    "requests.csv",
    "leave.csv",
    "fixed.csv",
    "fairness.csv",
    "holidays.csv",
    "pairs.csv",
    "commitments.csv",
];

/// Every file a scenario folder may hold: [`REQUIRED_FILES`] and [`OPTIONAL_FILES`] (clinic
/// files are separate).
pub fn scenario_files() -> impl Iterator<Item = &'static str> {
    REQUIRED_FILES.into_iter().chain(OPTIONAL_FILES)
}

/// Reads and validates the scenario in folder `dir`. Every problem in every file is reported.
pub fn read_scenario_dir(dir: impl AsRef<Path>) -> Result<Scenario, FormatErrors> {
    let dir = dir.as_ref();
    if !dir.is_dir() {
        return Err(FormatError::file(
            dir.display().to_string(),
            "not a folder: give the folder that holds settings.csv, staff.csv and the other scenario files",
        )
        .into());
    }
    read_scenario(&DirSource::new(dir))
}

/// Reads and validates a scenario from any [`Source`]. Every problem is reported.
pub fn read_scenario(src: &impl Source) -> Result<Scenario, FormatErrors> {
    let mut r = Reader {
        src,
        errs: FormatErrors::default(),
        lines: Lines::default(),
        horizon: None,
    };
    let parts = r.read_all();
    let Reader {
        mut errs, lines, ..
    } = r;
    if !errs.is_empty() {
        // Rows with problems were left out; list what else is wrong with the rest, too.
        if let Some(p) = &parts {
            let more = crate::model::local_problems(p);
            errs.0.extend(lines.map_errors(src, more).0);
        }
        return Err(errs);
    }
    let Some(parts) = parts else {
        return Err(
            FormatError::file(src.display("settings.csv"), "the plan has no horizon").into(),
        );
    };
    Scenario::new(parts).map_err(|e| lines.map_errors(src, e.0))
}

/// Line numbers of what was read, to map model errors back to files.
#[derive(Default)]
pub(super) struct Lines {
    pub(super) settings_days: u64,
    /// The line of each setting, by key.
    pub(super) settings: HashMap<String, u64>,
    pub(super) shifts: Vec<u64>,
    pub(super) roles: Vec<u64>,
    pub(super) groups: Vec<u64>,
    pub(super) contracts: Vec<u64>,
    pub(super) contract_rules: HashMap<(usize, &'static str), u64>,
    /// Run rules by (contract, rule, shift or group id).
    pub(super) runs: HashMap<(usize, &'static str, String), u64>,
    pub(super) patterns: HashMap<usize, u64>,
    pub(super) successions: HashMap<usize, u64>,
    pub(super) staff: Vec<u64>,
    pub(super) history: HashMap<usize, u64>,
    pub(super) cover: Vec<u64>,
    pub(super) requests: Vec<u64>,
    pub(super) leave: Vec<u64>,
    pub(super) fixed: Vec<u64>,
    pub(super) fairness: Vec<u64>,
    pub(super) holidays: Vec<u64>,
    pub(super) pairings: Vec<u64>,
    pub(super) commitments: Vec<u64>,
}

impl Lines {
    fn map_errors(&self, src: &impl Source, errors: Vec<ModelError>) -> FormatErrors {
        let mut out = FormatErrors::default();
        for e in errors {
            let at = |file: &str, line: Option<u64>, col: &str| FormatError {
                file: src.display(file),
                line,
                column: Some(col.to_string()),
                message: e.message.clone(),
            };
            let fe = match e.location {
                Location::Horizon => at("settings.csv", Some(self.settings_days), "value"),
                Location::Settings => match self.settings.get(e.field) {
                    Some(&line) => at("settings.csv", Some(line), "value"),
                    None => at("settings.csv", None, e.field),
                },
                Location::Shift(i) => {
                    at("shifts.csv", self.shifts.get(i.index()).copied(), e.field)
                }
                Location::Role(i) => at("roles.csv", self.roles.get(i.index()).copied(), e.field),
                Location::Group(i) => {
                    at("groups.csv", self.groups.get(i.index()).copied(), e.field)
                }
                Location::Contract(i) => {
                    if e.field == "patterns" {
                        at(
                            "patterns.csv",
                            self.patterns.get(&i.index()).copied(),
                            "pattern",
                        )
                    } else if e.field == "successions" {
                        at(
                            "successions.csv",
                            self.successions.get(&i.index()).copied(),
                            "from",
                        )
                    } else if let Some(l) = self.contract_rules.get(&(i.index(), e.field)) {
                        at("contract_rules.csv", Some(*l), "value")
                    } else {
                        at(
                            "contracts.csv",
                            self.contracts.get(i.index()).copied(),
                            e.field,
                        )
                    }
                }
                Location::Staff(i) => {
                    if e.field == "history" || e.field == "hours_balance" {
                        let col = if e.field == "history" {
                            "staff"
                        } else {
                            e.field
                        };
                        at("history.csv", self.history.get(&i.index()).copied(), col)
                    } else {
                        at("staff.csv", self.staff.get(i.index()).copied(), e.field)
                    }
                }
                Location::Cover(i) => at("cover.csv", self.cover.get(i).copied(), e.field),
                Location::Request(i) => at("requests.csv", self.requests.get(i).copied(), e.field),
                Location::Leave(i) => at("leave.csv", self.leave.get(i).copied(), e.field),
                Location::Fixed(i) => at("fixed.csv", self.fixed.get(i).copied(), e.field),
                Location::Fairness(i) => at("fairness.csv", self.fairness.get(i).copied(), e.field),
                Location::Holiday(i) => at("holidays.csv", self.holidays.get(i).copied(), e.field),
                Location::Pairing(i) => at("pairs.csv", self.pairings.get(i).copied(), e.field),
                Location::Commitment(i) => {
                    at("commitments.csv", self.commitments.get(i).copied(), e.field)
                }
                // A scenario folder has no published roster: only a re-plan adds one.
                Location::Baseline(_) => at("roster.csv", None, e.field),
            };
            out.push(fe);
        }
        out
    }
}

pub(super) struct Reader<'a, S: Source> {
    pub(super) src: &'a S,
    pub(super) errs: FormatErrors,
    pub(super) lines: Lines,
    pub(super) horizon: Option<Horizon>,
}

impl<'a, S: Source> Reader<'a, S> {
    /// A reader of further files of a scenario whose horizon is known (the clinic files).
    pub(super) fn with_horizon(src: &'a S, horizon: Horizon) -> Self {
        Reader {
            src,
            errs: FormatErrors::default(),
            lines: Lines::default(),
            horizon: Some(horizon),
        }
    }
}

pub(super) type Ids = HashMap<String, u32>;

/// Day, shift and role of a cover entry.
pub(super) type CoverKey = (u32, u32, Option<u32>);

impl<S: Source> Reader<'_, S> {
    pub(super) fn table(
        &mut self,
        name: &str,
        required: &[&str],
        optional: &[&str],
        needed: bool,
    ) -> Option<Table> {
        let shown = self.src.display(name);
        match self.src.open(name) {
            Ok(Some(rd)) => Table::read(&shown, rd, required, optional, &mut self.errs),
            Ok(None) => {
                if needed {
                    self.errs.push(FormatError::file(
                        shown,
                        format!(
                            "the file is missing; every scenario needs it, with columns {}",
                            required.join(",")
                        ),
                    ));
                }
                None
            }
            Err(e) => {
                self.errs.push(FormatError::file(
                    shown,
                    format!("cannot open the file: {e}"),
                ));
                None
            }
        }
    }

    fn read_all(&mut self) -> Option<ScenarioParts> {
        let (name, settings) = self.settings();
        let shifts = self.shifts();
        let shift_ids = ids(shifts.iter().map(|s| s.code.as_str()));
        let roles = self.roles();
        let role_ids = ids(roles.iter().map(|r| r.code.as_str()));
        let groups = self.groups(&shift_ids);
        let set_ids = set_ids(&shift_ids, &groups);
        let mut contracts = self.contracts();
        let contract_ids = ids(contracts.iter().map(|c| c.code.as_str()));
        self.contract_rules(&mut contracts, &contract_ids, &shift_ids, &set_ids);
        self.successions(&mut contracts, &contract_ids, &shift_ids);
        self.patterns(&mut contracts, &contract_ids, &set_ids);
        let holidays = self.holidays();
        let mut fairness = self.fairness(&set_ids, &role_ids, &contract_ids);
        let mut staff = self.staff(&contract_ids, &role_ids);
        let staff_ids = ids(staff.iter().map(|s| s.code.as_str()));
        self.history(&mut staff, &staff_ids, &shift_ids, &mut fairness);
        let cover = self.cover(&shift_ids, &role_ids);
        let requests = self.requests(&staff_ids, &shift_ids);
        let leave = self.leave(&staff_ids);
        let fixed = self.fixed(&staff_ids, &shift_ids);
        let pairings = self.pairings(&staff_ids, &set_ids);
        let commitments = self.commitments(&staff_ids);
        Some(ScenarioParts {
            groups,
            name,
            horizon: self.horizon.clone()?,
            settings,
            shifts,
            roles,
            contracts,
            staff,
            cover,
            requests,
            leave,
            fixed,
            fairness,
            holidays,
            pairings,
            commitments,
            baseline: None,
        })
    }

    fn settings(&mut self) -> (String, Settings) {
        let mut settings = Settings::default();
        // The weekend by clock time: (weekday, minutes) of its start and of its end.
        let mut clock: [Option<(Weekday, u32)>; 2] = [None, None];
        let mut name = String::new();
        let Some(t) = self.table("settings.csv", &["key", "value"], &[], true) else {
            return (name, settings);
        };
        let mut seen: HashMap<String, u64> = HashMap::new();
        let mut start: Option<NaiveDate> = None;
        let mut days: Option<u32> = None;
        for row in &t.rows {
            let key = t.get(row, "key");
            let value = t.get(row, "value");
            if let Some(first) = seen.insert(key.to_string(), row.line) {
                self.errs.push(t.err(
                    row,
                    "key",
                    format!("`{key}` is already set on line {first}"),
                ));
                continue;
            }
            match key {
                "name" => name = t.name(row, "value", &mut self.errs),
                "start_date" => start = self.date(&t, row, "value", value),
                "days" => {
                    days = self.uint(&t, row, "value", value);
                    self.lines.settings_days = row.line;
                }
                "weekend" => match parse_weekend(value) {
                    Ok(w) => settings.weekend = w,
                    Err(m) => self.errs.push(t.err(row, "value", m)),
                },
                "exempt_start" => {
                    if let Some(b) = self.boolean(&t, row, "value", value) {
                        settings.exempt_start = b;
                    }
                }
                "exempt_end" => {
                    if let Some(b) = self.boolean(&t, row, "value", value) {
                        settings.exempt_end = b;
                    }
                }
                "weekend_from" | "weekend_to" => match parse_day_time(value) {
                    Ok(at) => {
                        clock[usize::from(key == "weekend_to")] = Some(at);
                    }
                    Err(m) => self.errs.push(t.err(row, "value", m)),
                },
                "time_zone" => settings.time_zone = Some(value.to_string()),
                other => self.errs.push(t.err(
                    row,
                    "key",
                    format!("unknown setting `{other}`; known settings: name, start_date, days, weekend, weekend_from, weekend_to, exempt_start, exempt_end, time_zone"),
                )),
            }
        }
        match clock {
            [Some((from_day, from)), Some((to_day, to))] => {
                settings.weekend_clock = Some(WeekendClock {
                    from_day,
                    from,
                    to_day,
                    to,
                })
            }
            [None, None] => {}
            _ => self.errs.push(FormatError::file(
                &t.file,
                "weekend_from and weekend_to go together: give both (fri 22:00 and mon 06:00) \
                 or neither",
            )),
        }
        self.lines.settings.clone_from(&seen);
        for key in ["name", "start_date", "days"] {
            if !seen.contains_key(key) {
                self.errs.push(FormatError::file(
                    &t.file,
                    format!("the setting `{key}` is missing; add a line `{key},...`"),
                ));
            }
        }
        if let Some(d) = days.filter(|d| *d == 0 || *d > MAX_DAYS) {
            let row = t.rows.iter().find(|r| r.line == self.lines.settings_days);
            if let Some(row) = row {
                self.errs.push(t.err(
                    row,
                    "value",
                    format!("the horizon has {d} days; it must have between 1 and {MAX_DAYS}"),
                ));
            }
        } else if let (Some(start), Some(days)) = (start, days) {
            if let Some(message) = crate::model::horizon_end_problem(start, days) {
                if let Some(row) = t.rows.iter().find(|r| r.line == self.lines.settings_days) {
                    self.errs.push(t.err(row, "value", message));
                }
            } else {
                self.horizon = Some(Horizon::new(start, days));
            }
        }
        (name, settings)
    }

    fn shifts(&mut self) -> Vec<ShiftType> {
        let mut out = Vec::new();
        let Some(t) = self.table(
            "shifts.csv",
            &["id", "name", "start", "end"],
            &["minutes", "night"],
            true,
        ) else {
            return out;
        };
        let mut seen = HashMap::new();
        for row in &t.rows {
            let Some(code) = self.new_id(&t, row, "id", &mut seen) else {
                continue;
            };
            if super::sequence_read::KEYWORDS.contains(&code.as_str()) {
                self.errs.push(t.err(
                    row,
                    "id",
                    format!(
                        "`{code}` stands for a day off or any day in patterns and history; give \
                         the shift another id, such as D or N"
                    ),
                ));
                continue;
            }
            let start = self.clock(&t, row, "start");
            let end = self.clock(&t, row, "end");
            let (Some(start), Some(end)) = (start, end) else {
                continue;
            };
            if start >= DAY_MINUTES {
                self.errs
                    .push(t.err(row, "start", "a shift cannot start at 24:00; write 00:00"));
                continue;
            }
            let mut shift = ShiftType {
                code,
                name: t.name(row, "name", &mut self.errs),
                start,
                end: end % DAY_MINUTES,
                minutes: 0,
                night: false,
            };
            shift.minutes = match t.get(row, "minutes") {
                "" => shift.duration(),
                v => match self.uint(&t, row, "minutes", v) {
                    Some(m) => m,
                    None => continue,
                },
            };
            shift.night = match t.get(row, "night") {
                "" => shift.crosses_midnight(),
                v => match self.boolean(&t, row, "night", v) {
                    Some(b) => b,
                    None => continue,
                },
            };
            self.lines.shifts.push(row.line);
            out.push(shift);
        }
        self.some_rows(&t, "shift type");
        out
    }

    fn roles(&mut self) -> Vec<Role> {
        let mut out = Vec::new();
        let Some(t) = self.table("roles.csv", &["id", "name"], &["counting"], false) else {
            return out;
        };
        let mut seen = HashMap::new();
        for row in &t.rows {
            let exclusive = match t.get(row, "counting").trim() {
                "" => Some(false),
                x if x.eq_ignore_ascii_case("shared") => Some(false),
                x if x.eq_ignore_ascii_case("exclusive") => Some(true),
                x => {
                    self.errs.push(t.err(
                        row,
                        "counting",
                        format!(
                            "`{x}` is not a way of counting: write `shared` (everyone on the \
                             shift who holds the role counts) or `exclusive` (a person counts \
                             for one exclusive role only)"
                        ),
                    ));
                    None
                }
            };
            if let Some(code) = self.new_id(&t, row, "id", &mut seen) {
                self.lines.roles.push(row.line);
                out.push(Role {
                    code,
                    name: t.name(row, "name", &mut self.errs),
                    exclusive: exclusive.unwrap_or(false),
                });
            }
        }
        out
    }

    // ---- field helpers ----

    pub(super) fn new_id(
        &mut self,
        t: &Table,
        row: &Row,
        col: &str,
        seen: &mut HashMap<String, u64>,
    ) -> Option<String> {
        let v = t.get(row, col);
        if v.is_empty() {
            self.errs.push(t.err(row, col, "the id is empty"));
            return None;
        }
        if v.chars().any(|c| c.is_whitespace() || c.is_control()) || v.contains(',') {
            self.errs.push(t.err(
                row,
                col,
                format!(
                    "id `{}` contains a space or a control character; use letters, digits, - or _",
                    v.escape_debug()
                ),
            ));
            return None;
        }
        if let Some(first) = seen.insert(v.to_string(), row.line) {
            self.errs.push(t.err(
                row,
                col,
                format!("id `{v}` is already used on line {first}; ids must be unique"),
            ));
            return None;
        }
        Some(v.to_string())
    }

    pub(super) fn lookup(
        &mut self,
        t: &Table,
        row: &Row,
        col: &str,
        ids: &Ids,
        what: &str,
        file: &str,
    ) -> Option<u32> {
        let v = t.get(row, col);
        if v.is_empty() {
            self.errs.push(t.err(
                row,
                col,
                format!("the {what} is empty; give an id from {file}"),
            ));
            return None;
        }
        match ids.get(v) {
            Some(&id) => Some(id),
            None => {
                self.errs.push(t.err(row, col, unknown(what, v, file, ids)));
                None
            }
        }
    }

    /// The contracts a row of `successions.csv` or `patterns.csv` is for: `*` is every one.
    pub(super) fn contracts_of(
        &mut self,
        t: &Table,
        row: &Row,
        contracts: usize,
        cids: &Ids,
    ) -> Option<Vec<usize>> {
        if t.get(row, "contract") == "*" {
            return Some((0..contracts).collect());
        }
        self.lookup(t, row, "contract", cids, "contract", "contracts.csv")
            .map(|c| vec![c as usize])
    }

    pub(super) fn uint(&mut self, t: &Table, row: &Row, col: &str, v: &str) -> Option<u32> {
        match v.parse::<u32>() {
            Ok(n) => Some(n),
            Err(e) => {
                let msg = if v.is_empty() {
                    "the value is empty; write a whole number such as 5".to_string()
                } else if v.starts_with('-') && v[1..].bytes().all(|b| b.is_ascii_digit()) {
                    format!("`{v}` is negative; write a whole number without a minus sign")
                } else if *e.kind() == std::num::IntErrorKind::PosOverflow {
                    format!(
                        "`{v}` is too large; the largest number taken is {}",
                        u32::MAX
                    )
                } else {
                    format!("`{v}` is not a whole number; write a number such as 5")
                };
                self.errs.push(t.err(row, col, msg));
                None
            }
        }
    }

    /// Hours with up to two decimals, as whole minutes.
    pub(super) fn hours(&mut self, t: &Table, row: &Row, v: &str) -> Option<u32> {
        match v.parse::<f64>() {
            Ok(h) if h.is_finite() && (0.0..=1_000_000.0).contains(&h) => {
                let minutes = h * 60.0;
                if (minutes - minutes.round()).abs() > 1e-6 {
                    self.errs.push(t.err(row, "value", format!(
                        "{v} hours is not a whole number of minutes; round it or use the _minutes rule"
                    )));
                    return None;
                }
                Some(minutes.round() as u32)
            }
            _ => {
                let msg = if v.starts_with('-') {
                    format!("`{v}` is negative; write hours 0 or more, such as 157.5")
                } else {
                    format!("`{v}` is not a number of hours; write a number such as 157.5")
                };
                self.errs.push(t.err(row, "value", msg));
                None
            }
        }
    }

    pub(super) fn weight_of(&mut self, t: &Table, row: &Row, col: &str) -> Option<Weight> {
        match t.get(row, col).parse::<Weight>() {
            Ok(w) => Some(w),
            Err(m) => {
                self.errs.push(t.err(row, col, m));
                None
            }
        }
    }

    pub(super) fn boolean(&mut self, t: &Table, row: &Row, col: &str, v: &str) -> Option<bool> {
        match v.to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Some(true),
            "false" | "no" | "0" => Some(false),
            _ => {
                self.errs
                    .push(t.err(row, col, format!("`{v}` is not true or false")));
                None
            }
        }
    }

    /// Reports a file without rows: it must define at least one `what`.
    pub(super) fn some_rows(&mut self, t: &Table, what: &str) {
        if t.rows.is_empty() {
            self.errs.push(FormatError::file(
                &t.file,
                format!("no {what} is defined; add at least one line"),
            ));
        }
    }

    /// A weekday such as `mon` in column `col`.
    pub(super) fn weekday(&mut self, t: &Table, row: &Row, col: &str) -> Option<Weekday> {
        let v = t.get(row, col);
        let wd = parse_weekday(v);
        if wd.is_none() {
            self.errs.push(t.err(
                row,
                col,
                format!("`{v}` is not a weekday; write mon, tue, wed, thu, fri, sat or sun"),
            ));
        }
        wd
    }

    pub(super) fn clock(&mut self, t: &Table, row: &Row, col: &str) -> Option<u32> {
        match parse_clock(t.get(row, col)) {
            Ok(m) => Some(m),
            Err(m) => {
                self.errs.push(t.err(row, col, m));
                None
            }
        }
    }

    pub(super) fn date(&mut self, t: &Table, row: &Row, col: &str, v: &str) -> Option<NaiveDate> {
        match crate::model::parse_date(v) {
            Some(d) => Some(d),
            None => {
                self.errs.push(t.err(
                    row,
                    col,
                    format!("`{v}` is not a date; write YYYY-MM-DD, for example 2027-03-01"),
                ));
                None
            }
        }
    }

    pub(super) fn day_in_horizon(&mut self, t: &Table, row: &Row, col: &str) -> Option<u32> {
        let date = self.date(t, row, col, t.get(row, col))?;
        let h = self.horizon.clone()?;
        match h.day_of(date) {
            Some(d) => Some(d as u32),
            None => {
                self.errs.push(t.err(
                    row,
                    col,
                    format!(
                        "{date} is outside the planning horizon {}..{}",
                        h.start,
                        h.end()
                    ),
                ));
                None
            }
        }
    }
}

pub(super) fn ids<'a>(codes: impl Iterator<Item = &'a str>) -> Ids {
    let mut m = HashMap::new();
    for (i, c) in codes.enumerate() {
        m.entry(c.to_string()).or_insert(i as u32);
    }
    m
}

pub(super) fn unknown(what: &str, v: &str, file: &str, ids: &Ids) -> String {
    let mut known: Vec<&str> = ids.keys().map(String::as_str).collect();
    known.sort_unstable();
    let list = if known.is_empty() {
        format!("{file} defines none")
    } else if known.len() <= 12 {
        format!("known: {}", known.join(", "))
    } else {
        format!("see {file}")
    };
    format!("unknown {what} `{v}` ({list})")
}

/// The stricter of two costs: hard beats any number, a higher rank or number a lower one.
pub(super) fn stricter(a: Weight, b: Weight) -> Weight {
    a.stricter(b)
}

/// Parses a weekday and a time: `fri 22:00`.
fn parse_day_time(v: &str) -> Result<(Weekday, u32), String> {
    let bad = || format!("`{v}` is not a weekday and time: write for example `fri 22:00`");
    let (day, time) = v.split_once(' ').ok_or_else(bad)?;
    let day = parse_weekday(day.trim()).ok_or_else(bad)?;
    let time = parse_clock(time.trim()).map_err(|_| bad())?;
    Ok((day, time))
}

/// Parses a weekday name: `mon`, `Monday`, ...
pub(crate) fn parse_weekday(s: &str) -> Option<Weekday> {
    let s = s.to_ascii_lowercase();
    let all = [
        ("mon", Weekday::Mon),
        ("tue", Weekday::Tue),
        ("wed", Weekday::Wed),
        ("thu", Weekday::Thu),
        ("fri", Weekday::Fri),
        ("sat", Weekday::Sat),
        ("sun", Weekday::Sun),
    ];
    all.iter()
        .find(|(short, wd)| {
            s == *short || s == format!("{wd:?}").to_ascii_lowercase() || s == full_name(*wd)
        })
        .map(|(_, wd)| *wd)
}

fn full_name(wd: Weekday) -> &'static str {
    match wd {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

fn parse_weekend(s: &str) -> Result<Vec<Weekday>, String> {
    if s.eq_ignore_ascii_case("none") {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for w in s.split_whitespace() {
        match parse_weekday(w) {
            Some(d) if !out.contains(&d) => out.push(d),
            Some(_) => return Err(format!("`{w}` is listed twice")),
            None => {
                return Err(format!(
                    "`{w}` is not a weekday; write names such as `sat sun`, or `none`"
                ))
            }
        }
    }
    if out.is_empty() {
        return Err(
            "the weekend is empty; write weekday names such as `sat sun`, or `none`".into(),
        );
    }
    Ok(out)
}
