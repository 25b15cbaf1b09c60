//! Reads a scenario folder of CSV files (see `data/README.md` for every file and column).

use super::sequence_read::{set_ids, SetIds, RUN_RULES};
use super::table::{Row, Table};
use super::{DirSource, FormatError, FormatErrors, Source};
use crate::model::*;
use chrono::{NaiveDate, Weekday};
use std::collections::{BTreeMap, HashMap, HashSet};
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
pub const OPTIONAL_FILES: [&str; 12] = [
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
];

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
    settings_days: u64,
    shifts: Vec<u64>,
    roles: Vec<u64>,
    pub(super) groups: Vec<u64>,
    contracts: Vec<u64>,
    pub(super) contract_rules: HashMap<(usize, &'static str), u64>,
    /// Run rules by (contract, rule, shift or group id).
    pub(super) runs: HashMap<(usize, &'static str, String), u64>,
    pub(super) patterns: HashMap<usize, u64>,
    successions: HashMap<usize, u64>,
    staff: Vec<u64>,
    history: HashMap<usize, u64>,
    cover: Vec<u64>,
    requests: Vec<u64>,
    leave: Vec<u64>,
    fixed: Vec<u64>,
    pub(super) fairness: Vec<u64>,
    pub(super) holidays: Vec<u64>,
    pub(super) pairings: Vec<u64>,
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
                Location::Settings => at("settings.csv", None, e.field),
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
type CoverKey = (u32, u32, Option<u32>);

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
        })
    }

    fn settings(&mut self) -> (String, Settings) {
        let mut settings = Settings::default();
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
                other => self.errs.push(t.err(
                    row,
                    "key",
                    format!("unknown setting `{other}`; known settings: name, start_date, days, weekend, exempt_start, exempt_end"),
                )),
            }
        }
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
            self.horizon = Some(Horizon::new(start, days));
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

    fn contracts(&mut self) -> Vec<Contract> {
        let mut out = Vec::new();
        let Some(t) = self.table("contracts.csv", &["id", "name"], &["hours_per_week"], true)
        else {
            return out;
        };
        let mut seen = HashMap::new();
        for row in &t.rows {
            let weekly = self.optional_hours(&t, row, "hours_per_week");
            if let Some(code) = self.new_id(&t, row, "id", &mut seen) {
                self.lines.contracts.push(row.line);
                let mut c = Contract::new(code, t.name(row, "name", &mut self.errs));
                c.weekly_minutes = weekly.flatten();
                out.push(c);
            }
        }
        self.some_rows(&t, "contract");
        out
    }

    fn contract_rules(
        &mut self,
        contracts: &mut [Contract],
        cids: &Ids,
        sids: &Ids,
        set_ids: &SetIds,
    ) {
        let Some(t) = self.table(
            "contract_rules.csv",
            &["contract", "rule", "value", "weight"],
            &["shift"],
            false,
        ) else {
            return;
        };
        for row in &t.rows {
            let c = self.lookup(&t, row, "contract", cids, "contract", "contracts.csv");
            let weight = self.weight_of(&t, row, "weight");
            let (Some(c), Some(weight)) = (c, weight) else {
                continue;
            };
            let rule = t.get(row, "rule");
            if RUN_RULES.contains(&rule) {
                if let Some(value) = self.uint(&t, row, "value", t.get(row, "value")) {
                    let limit = Limit { value, weight };
                    let contract = (c as usize, &mut contracts[c as usize]);
                    self.run_rule(&t, row, contract, rule, limit, set_ids);
                }
                continue;
            }
            let shift_text = t.get(row, "shift");
            let value_text = t.get(row, "value");
            if rule == "complete_weekends" {
                self.complete_weekends(&t, row, (c as usize, &mut contracts[c as usize]), weight);
                continue;
            }
            if rule == "min_weekends_off" {
                self.min_weekends_off(&t, row, (c as usize, &mut contracts[c as usize]), weight);
                continue;
            }
            let (field, value): (&'static str, Option<u32>) = match rule {
                "min_total_minutes"
                | "max_total_minutes"
                | "max_consecutive_work"
                | "min_consecutive_work"
                | "min_consecutive_off"
                | "max_consecutive_off"
                | "max_weekends"
                | "max_nights"
                | "max_shifts"
                | "min_total_shifts"
                | "max_total_shifts"
                | "max_consecutive_weekends"
                | "max_minutes_7_days"
                | "min_rest_minutes" => {
                    (static_rule(rule), self.uint(&t, row, "value", value_text))
                }
                "hours_below_target" => ("below_target", self.hours(&t, row, value_text)),
                "hours_above_target" => ("above_target", self.hours(&t, row, value_text)),
                "min_total_hours" => ("min_total_minutes", self.hours(&t, row, value_text)),
                "max_total_hours" => ("max_total_minutes", self.hours(&t, row, value_text)),
                "min_rest_hours" => ("min_rest_minutes", self.hours(&t, row, value_text)),
                "max_hours_7_days" => ("max_minutes_7_days", self.hours(&t, row, value_text)),
                other => {
                    self.errs.push(t.err(row, "rule", format!(
                        "unknown rule `{other}`; known rules: min_total_hours, max_total_hours, hours_below_target, hours_above_target, min_total_minutes, max_total_minutes, min_total_shifts, max_total_shifts, max_shifts, min_consecutive_work, max_consecutive_work, min_consecutive_off, max_consecutive_off, max_weekends, min_rest_hours, min_rest_minutes, max_nights, complete_weekends, max_consecutive_weekends, max_hours_7_days, max_minutes_7_days, min_weekends_off, min_consecutive, max_consecutive, min_off_after"
                    )));
                    continue;
                }
            };
            let Some(value) = value else { continue };
            let limit = Limit { value, weight };
            let contract = &mut contracts[c as usize];
            if field == "max_shifts" {
                if shift_text.is_empty() {
                    self.errs.push(t.err(
                        row,
                        "shift",
                        "max_shifts needs the shift it limits in the `shift` column",
                    ));
                    continue;
                }
                let Some(s) = self.lookup(&t, row, "shift", sids, "shift", "shifts.csv") else {
                    continue;
                };
                let s = ShiftId(s);
                if contract.max_shifts.iter().any(|(x, _)| *x == s) {
                    self.errs.push(t.err(
                        row,
                        "shift",
                        format!(
                            "contract {}: max_shifts for shift {shift_text} is already given",
                            contract.code
                        ),
                    ));
                    continue;
                }
                contract.max_shifts.push((s, limit));
                self.lines
                    .contract_rules
                    .insert((c as usize, "max_shifts"), row.line);
                continue;
            }
            if !shift_text.is_empty() {
                self.errs.push(t.err(
                    row,
                    "shift",
                    format!("`{rule}` applies to all shifts; leave `shift` empty"),
                ));
                continue;
            }
            let slot = match field {
                "min_total_minutes" => &mut contract.min_total_minutes,
                "max_total_minutes" => &mut contract.max_total_minutes,
                "min_consecutive_work" => &mut contract.min_consecutive_work,
                "max_consecutive_work" => &mut contract.max_consecutive_work,
                "min_consecutive_off" => &mut contract.min_consecutive_off,
                "max_consecutive_off" => &mut contract.max_consecutive_off,
                "max_weekends" => &mut contract.max_weekends,
                "min_rest_minutes" => &mut contract.min_rest_minutes,
                "max_nights" => &mut contract.max_nights,
                "min_total_shifts" => &mut contract.min_total_shifts,
                "max_total_shifts" => &mut contract.max_total_shifts,
                "below_target" => &mut contract.below_target,
                "max_consecutive_weekends" => &mut contract.max_consecutive_weekends,
                "max_minutes_7_days" => &mut contract.max_week_minutes,
                "above_target" => &mut contract.above_target,
                _ => unreachable!("every field is listed"),
            };
            if slot.is_some() {
                let first = self
                    .lines
                    .contract_rules
                    .get(&(c as usize, field))
                    .copied()
                    .unwrap_or(0);
                self.errs.push(t.err(
                    row,
                    "rule",
                    format!(
                        "contract {}: {field} is already set on line {first}",
                        contract.code
                    ),
                ));
                continue;
            }
            *slot = Some(limit);
            self.lines
                .contract_rules
                .insert((c as usize, field), row.line);
        }
    }

    fn successions(&mut self, contracts: &mut [Contract], cids: &Ids, sids: &Ids) {
        let Some(t) = self.table(
            "successions.csv",
            &["contract", "from", "to", "weight"],
            &[],
            false,
        ) else {
            return;
        };
        // Pairs that so far come only from `*` rows, per contract.
        let mut wildcard_pairs: HashSet<(usize, ShiftId, ShiftId)> = HashSet::new();
        for row in &t.rows {
            let Some(targets) = self.contracts_of(&t, row, contracts.len(), cids) else {
                continue;
            };
            let from = self.lookup(&t, row, "from", sids, "shift", "shifts.csv");
            let to = self.lookup(&t, row, "to", sids, "shift", "shifts.csv");
            let weight = self.weight_of(&t, row, "weight");
            let (Some(from), Some(to), Some(weight)) = (from, to, weight) else {
                continue;
            };
            let wildcard = t.get(row, "contract") == "*";
            for c in targets {
                let contract = &mut contracts[c];
                let (from, to) = (ShiftId(from), ShiftId(to));
                let key = (c, from, to);
                if let Some(x) = contract
                    .successions
                    .iter_mut()
                    .find(|x| x.from == from && x.to == to)
                {
                    let earlier_wildcard = wildcard_pairs.contains(&key);
                    if wildcard || earlier_wildcard {
                        // A `*` row and a row for this contract name the same pair: whichever
                        // comes first, the stricter cost applies.
                        x.weight = stricter(x.weight, weight);
                        if !wildcard {
                            wildcard_pairs.remove(&key);
                        }
                        continue;
                    }
                    self.errs.push(t.err(
                        row,
                        "from",
                        format!(
                            "contract {}: the succession {} -> {} is already given",
                            contract.code,
                            t.get(row, "from"),
                            t.get(row, "to")
                        ),
                    ));
                    continue;
                }
                if wildcard {
                    wildcard_pairs.insert(key);
                }
                contract.successions.push(Succession { from, to, weight });
                self.lines.successions.entry(c).or_insert(row.line);
            }
        }
    }

    fn staff(&mut self, cids: &Ids, rids: &Ids) -> Vec<Staff> {
        let mut out = Vec::new();
        let Some(t) = self.table(
            "staff.csv",
            &["id", "name", "contract"],
            &["roles", "fte"],
            true,
        ) else {
            return out;
        };
        let mut seen = HashMap::new();
        for row in &t.rows {
            let code = self.new_id(&t, row, "id", &mut seen);
            let contract = self.lookup(&t, row, "contract", cids, "contract", "contracts.csv");
            let mut roles = Vec::new();
            let mut ok = true;
            for r in t.get(row, "roles").split_whitespace() {
                match rids.get(r) {
                    Some(&id) if roles.contains(&RoleId(id)) => {
                        self.errs
                            .push(t.err(row, "roles", format!("role `{r}` is listed twice")));
                        ok = false;
                    }
                    Some(&id) => roles.push(RoleId(id)),
                    None => {
                        self.errs
                            .push(t.err(row, "roles", unknown("role", r, "roles.csv", rids)));
                        ok = false;
                    }
                }
            }
            let fte = self.fte(&t, row);
            if let (Some(code), Some(contract), true, Some(fte)) = (code, contract, ok, fte) {
                self.lines.staff.push(row.line);
                out.push(Staff {
                    code,
                    name: t.name(row, "name", &mut self.errs),
                    contract: ContractId(contract),
                    roles,
                    history: None,
                    fte_permille: fte,
                    carried_minutes: 0,
                });
            }
        }
        if t.rows.is_empty() {
            self.errs.push(FormatError::file(
                &t.file,
                "no staff member is listed; add at least one line",
            ));
        }
        out
    }

    fn history(&mut self, staff: &mut [Staff], stids: &Ids, sids: &Ids, fairness: &mut [Fairness]) {
        let balance_columns = Self::balance_columns(fairness);
        let mut optional = vec![
            "last_shift",
            "recent",
            "shifts_before",
            "weekends_in_a_row",
            "hours_balance",
        ];
        optional.extend(balance_columns.iter().map(String::as_str));
        let Some(t) = self.table(
            "history.csv",
            &["staff", "consecutive_work", "consecutive_off"],
            &optional,
            false,
        ) else {
            return;
        };
        for row in &t.rows {
            let s = self.lookup(&t, row, "staff", stids, "staff member", "staff.csv");
            if let Some(s) = s {
                if self.lines.history.contains_key(&(s as usize)) {
                    let first = self.lines.history[&(s as usize)];
                    self.errs.push(t.err(
                        row,
                        "staff",
                        format!(
                            "history of {} is already given on line {first}",
                            staff[s as usize].code
                        ),
                    ));
                    continue;
                }
                if !self.balances(&t, row, s, fairness) {
                    continue;
                }
                match self.signed_hours(&t, row, "hours_balance") {
                    Some(m) => staff[s as usize].carried_minutes = m,
                    None => continue,
                }
                self.lines.history.insert(s as usize, row.line);
                // A row may carry only balances: then nothing else is known of the days
                // before the plan.
                let only_balances = [
                    "consecutive_work",
                    "consecutive_off",
                    "last_shift",
                    "recent",
                    "shifts_before",
                    "weekends_in_a_row",
                ]
                .iter()
                .all(|c| t.get(row, c).is_empty());
                let has_balance = !t.get(row, "hours_balance").is_empty()
                    || balance_columns.iter().any(|c| !t.get(row, c).is_empty());
                if only_balances && has_balance {
                    continue;
                }
            }
            let work = self.uint(&t, row, "consecutive_work", t.get(row, "consecutive_work"));
            let off = self.uint(&t, row, "consecutive_off", t.get(row, "consecutive_off"));
            let last = match t.get(row, "last_shift") {
                "" => Some(None),
                _ => self
                    .lookup(&t, row, "last_shift", sids, "shift", "shifts.csv")
                    .map(|x| Some(ShiftId(x))),
            };
            let recent = self.recent_days(&t, row, sids);
            let before = match t.get(row, "shifts_before") {
                "" => Some(0),
                x => self.uint(&t, row, "shifts_before", x),
            };
            let weekends = match t.get(row, "weekends_in_a_row") {
                "" => Some(0),
                x => self.uint(&t, row, "weekends_in_a_row", x),
            };
            let (
                Some(s),
                Some(work),
                Some(off),
                Some(last),
                Some(recent),
                Some(before),
                Some(weekends),
            ) = (s, work, off, last, recent, before, weekends)
            else {
                continue;
            };
            let member = &mut staff[s as usize];
            member.history = Some(History {
                consecutive_work: work,
                consecutive_off: off,
                last_shift: last,
                recent,
                shifts_before: before,
                weekends_in_a_row: weekends,
            });
        }
    }

    fn cover(&mut self, sids: &Ids, rids: &Ids) -> Vec<Cover> {
        let Some(t) = self.table(
            "cover.csv",
            &["day", "shift", "required", "under_weight", "over_weight"],
            &["role"],
            true,
        ) else {
            return Vec::new();
        };
        // (day, shift, role) -> (precedence, [(line, cover)]): the levels of the most specific
        // rows.
        let mut chosen: BTreeMap<CoverKey, (u8, Vec<(u64, Cover)>)> = BTreeMap::new();
        let mut reported: HashSet<(u64, u64)> = HashSet::new();
        for row in &t.rows {
            let shift = self.lookup(&t, row, "shift", sids, "shift", "shifts.csv");
            let role = match t.get(row, "role") {
                "" => Some(None),
                _ => self
                    .lookup(&t, row, "role", rids, "role", "roles.csv")
                    .map(Some),
            };
            let required = self.uint(&t, row, "required", t.get(row, "required"));
            let under = self.weight_of(&t, row, "under_weight");
            let over = self.weight_of(&t, row, "over_weight");
            let spec = self.day_spec(&t, row);
            let (
                Some(shift),
                Some(role),
                Some(required),
                Some(under),
                Some(over),
                Some((level, days)),
            ) = (shift, role, required, under, over, spec)
            else {
                continue;
            };
            for day in days {
                let cover = Cover {
                    day,
                    shift: ShiftId(shift),
                    role: role.map(RoleId),
                    required,
                    under,
                    over,
                };
                let entry = chosen
                    .entry((day, shift, role))
                    .or_insert((level, Vec::new()));
                if entry.0 > level {
                    continue;
                }
                if entry.0 < level {
                    *entry = (level, Vec::new());
                }
                match entry.1.iter().find(|(_, c)| c.required == required) {
                    Some((first, _)) => {
                        if reported.insert((*first, row.line)) {
                            self.errs.push(t.err(
                                row,
                                "day",
                                format!(
                                    "cover of {required} for this day, shift and role is already \
                                 given on line {first}; levels of cover (a minimum and a \
                                 preferred number) need different numbers required"
                                ),
                            ));
                        }
                    }
                    None => entry.1.push((row.line, cover)),
                }
            }
        }
        let mut out = Vec::with_capacity(chosen.len());
        for (_, (_, levels)) in chosen {
            for (line, c) in levels {
                self.lines.cover.push(line);
                out.push(c);
            }
        }
        out
    }

    /// `complete_weekends`: no shift, no value, a weight; once per contract.
    fn complete_weekends(
        &mut self,
        t: &Table,
        row: &Row,
        (c, contract): (usize, &mut Contract),
        weight: Weight,
    ) {
        if !t.get(row, "shift").is_empty() {
            self.errs.push(t.err(
                row,
                "shift",
                "`complete_weekends` applies to all shifts; leave `shift` empty",
            ));
            return;
        }
        if !t.get(row, "value").is_empty() {
            self.errs.push(t.err(
                row,
                "value",
                "`complete_weekends` takes no value; leave `value` empty and give the cost \
                 of each partly worked weekend in `weight`",
            ));
            return;
        }
        if contract.complete_weekends.is_some() {
            let first = self
                .lines
                .contract_rules
                .get(&(c, "complete_weekends"))
                .copied()
                .unwrap_or(0);
            self.errs.push(t.err(
                row,
                "rule",
                format!(
                    "contract {}: complete_weekends is already set on line {first}",
                    contract.code
                ),
            ));
            return;
        }
        contract.complete_weekends = Some(weight);
        self.lines
            .contract_rules
            .insert((c, "complete_weekends"), row.line);
    }

    /// `min_weekends_off`: `value` is `K/N`, at least K weekends off in any N in a row.
    fn min_weekends_off(
        &mut self,
        t: &Table,
        row: &Row,
        (c, contract): (usize, &mut Contract),
        weight: Weight,
    ) {
        if !t.get(row, "shift").is_empty() {
            self.errs.push(t.err(
                row,
                "shift",
                "`min_weekends_off` applies to all shifts; leave `shift` empty",
            ));
            return;
        }
        let v = t.get(row, "value");
        let parsed = v.split_once('/').and_then(|(k, n)| {
            Some((k.trim().parse::<u32>().ok()?, n.trim().parse::<u32>().ok()?))
        });
        let Some((off, window)) = parsed.filter(|&(k, n)| k >= 1 && k <= n && n <= 52) else {
            self.errs.push(t.err(
                row,
                "value",
                format!(
                    "`{v}` is not weekends off in a window: write K/N, at least K weekends off \
                     in any N in a row, with 1 <= K <= N <= 52 (2/4: two off in every four)"
                ),
            ));
            return;
        };
        if contract.min_weekends_off.is_some() {
            let first = self
                .lines
                .contract_rules
                .get(&(c, "min_weekends_off"))
                .copied()
                .unwrap_or(0);
            self.errs.push(t.err(
                row,
                "rule",
                format!(
                    "contract {}: min_weekends_off is already set on line {first}",
                    contract.code
                ),
            ));
            return;
        }
        contract.min_weekends_off = Some(WeekendsOff {
            off,
            window,
            weight,
        });
        self.lines
            .contract_rules
            .insert((c, "min_weekends_off"), row.line);
    }

    /// Parses the `day` column of cover.csv: precedence level and the days it applies to.
    fn day_spec(&mut self, t: &Table, row: &Row) -> Option<(u8, Vec<u32>)> {
        let text = t.get(row, "day");
        let horizon = self.horizon.clone();
        if text.eq_ignore_ascii_case("all") {
            return Some((
                0,
                horizon.map(|h| (0..h.days).collect()).unwrap_or_default(),
            ));
        }
        if let Some(wd) = parse_weekday(text) {
            let days = horizon
                .map(|h| {
                    (0..h.days)
                        .filter(|&d| h.weekday(d as usize) == wd)
                        .collect()
                })
                .unwrap_or_default();
            return Some((1, days));
        }
        if text.contains('-') {
            let day = self.day_in_horizon(t, row, "day")?;
            return Some((2, vec![day]));
        }
        self.errs.push(t.err(
            row,
            "day",
            format!(
                "`{text}` is not a day: write a date (2027-03-01), a weekday (mon..sun) or `all`"
            ),
        ));
        None
    }

    fn requests(&mut self, stids: &Ids, sids: &Ids) -> Vec<Request> {
        let mut out = Vec::new();
        let Some(t) = self.table(
            "requests.csv",
            &["staff", "date", "kind", "weight"],
            &["shift", "to"],
            false,
        ) else {
            return out;
        };
        for row in &t.rows {
            let staff = self.lookup(&t, row, "staff", stids, "staff member", "staff.csv");
            let days = self.request_days(&t, row);
            let shift = match t.get(row, "shift") {
                "" => Some(None),
                _ => self
                    .lookup(&t, row, "shift", sids, "shift", "shifts.csv")
                    .map(|s| Some(ShiftId(s))),
            };
            let kind = match t.get(row, "kind").to_ascii_lowercase().as_str() {
                "on" => Some(RequestKind::On),
                "off" => Some(RequestKind::Off),
                other => {
                    self.errs.push(t.err(row, "kind", format!(
                        "`{other}` is not a kind of request: write `on` (wants to work) or `off` (wants not to work)"
                    )));
                    None
                }
            };
            let weight = self.weight_of(&t, row, "weight");
            if let (Some(staff), Some(days), Some(shift), Some(kind), Some(weight)) =
                (staff, days, shift, kind, weight)
            {
                for day in days {
                    self.lines.requests.push(row.line);
                    out.push(Request {
                        staff: StaffId(staff),
                        day,
                        shift,
                        kind,
                        weight,
                    });
                }
            }
        }
        out
    }

    /// The `date` column of requests.csv: a date inside the plan, a weekday (`wed`: every
    /// Wednesday of the plan) or `all` (every day); with `to`, every day from `date` to `to`
    /// that is inside the plan.
    fn request_days(&mut self, t: &Table, row: &Row) -> Option<Vec<u32>> {
        let text = t.get(row, "date");
        let horizon = self.horizon.clone();
        if !t.get(row, "to").is_empty() {
            let from = self.date(t, row, "date", text);
            let to = self.date(t, row, "to", t.get(row, "to"));
            let (from, to, h) = (from?, to?, horizon?);
            if to < from {
                self.errs.push(t.err(
                    row,
                    "to",
                    format!("the wish ends ({to}) before it starts ({from}); swap the dates"),
                ));
                return None;
            }
            return Some(
                (0..h.days)
                    .filter(|&d| (from..=to).contains(&h.date(d as usize)))
                    .collect(),
            );
        }
        if text.eq_ignore_ascii_case("all") {
            return Some(horizon.map(|h| (0..h.days).collect()).unwrap_or_default());
        }
        if let Some(wd) = parse_weekday(text) {
            return Some(
                horizon
                    .map(|h| {
                        (0..h.days)
                            .filter(|&d| h.weekday(d as usize) == wd)
                            .collect()
                    })
                    .unwrap_or_default(),
            );
        }
        if chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_err() {
            self.errs.push(t.err(
                row,
                "date",
                format!(
                    "`{text}` is not a day: write a date (2027-03-01), a weekday (mon..sun: \
                     every such day of the plan) or `all`"
                ),
            ));
            return None;
        }
        self.day_in_horizon(t, row, "date").map(|d| vec![d])
    }

    fn leave(&mut self, stids: &Ids) -> Vec<Leave> {
        let mut out: Vec<Leave> = Vec::new();
        let Some(t) = self.table(
            "leave.csv",
            &["staff", "from", "to"],
            &["reason", "hours"],
            false,
        ) else {
            return out;
        };
        let mut taken: HashSet<(u32, u32)> = HashSet::new();
        for row in &t.rows {
            let staff = self.lookup(&t, row, "staff", stids, "staff member", "staff.csv");
            let from = self.date(&t, row, "from", t.get(row, "from"));
            let to = self.date(&t, row, "to", t.get(row, "to"));
            let (Some(staff), Some(from), Some(to)) = (staff, from, to) else {
                continue;
            };
            if to < from {
                self.errs.push(t.err(
                    row,
                    "to",
                    format!("the leave ends ({to}) before it starts ({from}); swap the dates"),
                ));
                continue;
            }
            let Some(credit) = self.optional_hours(&t, row, "hours") else {
                continue;
            };
            let Some(h) = &self.horizon else { continue };
            let reason = match t.get(row, "reason") {
                "" => "leave".to_string(),
                r => r.to_string(),
            };
            // Only the part of the range inside the horizon matters.
            let first = from.max(h.start);
            let last = to.min(h.end());
            let mut date = first;
            while date <= last {
                if let Some(day) = h.day_of(date) {
                    if taken.insert((staff, day as u32)) {
                        self.lines.leave.push(row.line);
                        out.push(Leave {
                            staff: StaffId(staff),
                            day: day as u32,
                            reason: reason.clone(),
                            credit_minutes: credit,
                        });
                    }
                }
                match date.succ_opt() {
                    Some(next) => date = next,
                    None => break,
                }
            }
        }
        out
    }

    fn fixed(&mut self, stids: &Ids, sids: &Ids) -> Vec<Fixed> {
        let mut out = Vec::new();
        let Some(t) = self.table("fixed.csv", &["staff", "date", "shift"], &[], false) else {
            return out;
        };
        let mut seen: HashMap<(u32, u32), u64> = HashMap::new();
        for row in &t.rows {
            let staff = self.lookup(&t, row, "staff", stids, "staff member", "staff.csv");
            let day = self.day_in_horizon(&t, row, "date");
            let shift = self.lookup(&t, row, "shift", sids, "shift", "shifts.csv");
            let (Some(staff), Some(day), Some(shift)) = (staff, day, shift) else {
                continue;
            };
            if let Some(first) = seen.insert((staff, day), row.line) {
                self.errs.push(t.err(row, "date", format!(
                    "this staff member already has a fixed shift that day (line {first}); a person works at most one shift a day"
                )));
                continue;
            }
            self.lines.fixed.push(row.line);
            out.push(Fixed {
                staff: StaffId(staff),
                day,
                shift: ShiftId(shift),
            });
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
    fn hours(&mut self, t: &Table, row: &Row, v: &str) -> Option<u32> {
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
        match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
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

fn static_rule(rule: &str) -> &'static str {
    match rule {
        "min_total_minutes" => "min_total_minutes",
        "max_total_minutes" => "max_total_minutes",
        "max_consecutive_work" => "max_consecutive_work",
        "min_consecutive_work" => "min_consecutive_work",
        "min_consecutive_off" => "min_consecutive_off",
        "max_consecutive_off" => "max_consecutive_off",
        "max_weekends" => "max_weekends",
        "max_nights" => "max_nights",
        "max_shifts" => "max_shifts",
        "min_total_shifts" => "min_total_shifts",
        "max_total_shifts" => "max_total_shifts",
        "max_consecutive_weekends" => "max_consecutive_weekends",
        "max_minutes_7_days" => "max_minutes_7_days",
        _ => "min_rest_minutes",
    }
}

/// The stricter of two costs: hard beats any number, a higher rank or number a lower one.
pub(super) fn stricter(a: Weight, b: Weight) -> Weight {
    a.stricter(b)
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
