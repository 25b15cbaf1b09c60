//! Reading what the plan must meet: cover (`cover.csv`), wishes (`requests.csv`), leave
//! (`leave.csv`) and fixed shifts (`fixed.csv`).

use super::scenario_read::*;
use super::table::{Row, Table};
use super::Source;
use crate::model::*;
use std::collections::{BTreeMap, HashMap, HashSet};

impl<S: Source> Reader<'_, S> {
    pub(super) fn cover(&mut self, sids: &Ids, rids: &Ids) -> Vec<Cover> {
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

    /// Parses the `day` column of cover.csv: precedence level and the days it applies to.
    pub(super) fn day_spec(&mut self, t: &Table, row: &Row) -> Option<(u8, Vec<u32>)> {
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

    pub(super) fn requests(&mut self, stids: &Ids, sids: &Ids) -> Vec<Request> {
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
    pub(super) fn request_days(&mut self, t: &Table, row: &Row) -> Option<Vec<u32>> {
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
        if crate::model::parse_date(text).ok_or(()).is_err() {
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

    pub(super) fn leave(&mut self, stids: &Ids) -> Vec<Leave> {
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

    pub(super) fn fixed(&mut self, stids: &Ids, sids: &Ids) -> Vec<Fixed> {
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
}
