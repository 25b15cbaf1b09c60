//! Reading the sequence rules of a scenario folder: `groups.csv`, the run rules of
//! `contract_rules.csv` (`min_consecutive`, `max_consecutive`, `min_off_after`),
//! `patterns.csv` and the `recent` column of `history.csv`.

use super::scenario_read::{stricter, unknown, Ids, Reader};
use super::table::{Row, Table};
use super::Source;
use crate::model::*;
use std::collections::HashMap;

/// Shift and group ids, each naming a [`ShiftSet`].
pub(super) type SetIds = HashMap<String, ShiftSet>;

/// The rules of `contract_rules.csv` that limit runs of a shift or group.
pub(super) const RUN_RULES: [&str; 3] = ["min_consecutive", "max_consecutive", "min_off_after"];

/// Words of a pattern that are not ids.
pub(super) const KEYWORDS: [&str; 5] = ["-", "off", "work", "*", "any"];

impl<S: Source> Reader<'_, S> {
    /// Reads `groups.csv`: `id,name,shifts`.
    pub(super) fn groups(&mut self, sids: &Ids) -> Vec<ShiftGroup> {
        let mut out = Vec::new();
        let Some(t) = self.table("groups.csv", &["id", "name", "shifts"], &[], false) else {
            return out;
        };
        let mut seen = HashMap::new();
        for row in &t.rows {
            let Some(code) = self.new_id(&t, row, "id", &mut seen) else {
                continue;
            };
            if sids.contains_key(&code) {
                self.errs.push(t.err(
                    row,
                    "id",
                    format!("`{code}` is already a shift id; give the group another id"),
                ));
                continue;
            }
            if KEYWORDS.contains(&code.as_str()) {
                self.errs.push(t.err(
                    row,
                    "id",
                    format!("`{code}` is a word of patterns; give the group another id"),
                ));
                continue;
            }
            let mut shifts = Vec::new();
            let mut ok = true;
            for s in t.get(row, "shifts").split_whitespace() {
                match sids.get(s) {
                    Some(&id) if shifts.contains(&ShiftId(id)) => {
                        self.errs.push(t.err(
                            row,
                            "shifts",
                            format!("shift `{s}` is listed twice"),
                        ));
                        ok = false;
                    }
                    Some(&id) => shifts.push(ShiftId(id)),
                    None => {
                        self.errs.push(t.err(
                            row,
                            "shifts",
                            unknown("shift", s, "shifts.csv", sids),
                        ));
                        ok = false;
                    }
                }
            }
            if ok && shifts.is_empty() {
                self.errs.push(t.err(
                    row,
                    "shifts",
                    "the group has no shift; list shift ids separated by spaces, such as `N N12`",
                ));
                ok = false;
            }
            if ok {
                self.lines.groups.push(row.line);
                out.push(ShiftGroup {
                    code,
                    name: t.name(row, "name", &mut self.errs),
                    shifts,
                });
            }
        }
        out
    }

    /// One run rule row of `contract_rules.csv` (`rule` is one of [`RUN_RULES`]).
    pub(super) fn run_rule(
        &mut self,
        t: &Table,
        row: &Row,
        contract: (usize, &mut Contract),
        rule: &str,
        limit: Limit,
        set_ids: &SetIds,
    ) {
        let (c, contract) = contract;
        let v = t.get(row, "shift");
        if v.is_empty() {
            self.errs.push(t.err(
                row,
                "shift",
                format!(
                    "{rule} needs the shift or group whose runs it limits in the `shift` column"
                ),
            ));
            return;
        }
        let Some(&set) = set_ids.get(v) else {
            self.errs.push(t.err(
                row,
                "shift",
                unknown(
                    "shift or group",
                    v,
                    "shifts.csv or groups.csv",
                    &to_ids(set_ids),
                ),
            ));
            return;
        };
        if rule == "max_consecutive" && limit.value == 0 {
            self.errs.push(t.err(
                row,
                "value",
                format!("max_consecutive 0 would forbid {v} altogether; use max_shifts 0 for that"),
            ));
            return;
        }
        let pos = match contract.runs.iter().position(|r| r.set == set) {
            Some(p) => p,
            None => {
                contract.runs.push(RunRule::new(set));
                contract.runs.len() - 1
            }
        };
        let r = &mut contract.runs[pos];
        let slot = match rule {
            "min_consecutive" => &mut r.min,
            "max_consecutive" => &mut r.max,
            _ => &mut r.off_after,
        };
        let key = (c, rule_field(rule), v.to_string());
        if slot.is_some() {
            let first = self.lines.runs.get(&key).copied().unwrap_or(0);
            self.errs.push(t.err(
                row,
                "rule",
                format!(
                    "contract {}: {rule} of {v} is already set on line {first}",
                    contract.code
                ),
            ));
            return;
        }
        *slot = Some(limit);
        self.lines.runs.insert(key, row.line);
        self.lines
            .contract_rules
            .entry((c, "runs"))
            .or_insert(row.line);
    }

    /// Reads `patterns.csv`: `contract,pattern,weight`, the contract `*` meaning every one.
    pub(super) fn patterns(&mut self, contracts: &mut [Contract], cids: &Ids, set_ids: &SetIds) {
        let Some(t) = self.table(
            "patterns.csv",
            &["contract", "pattern", "weight"],
            &[],
            false,
        ) else {
            return;
        };
        for row in &t.rows {
            let Some(targets) = self.contracts_of(&t, row, contracts.len(), cids) else {
                continue;
            };
            let days = self.pattern(&t, row, set_ids);
            let weight = self.weight_of(&t, row, "weight");
            let (Some(days), Some(weight)) = (days, weight) else {
                continue;
            };
            for c in targets {
                let contract = &mut contracts[c];
                if let Some(x) = contract.patterns.iter_mut().find(|p| p.days == days) {
                    // The same pattern twice (from `*` and a contract row): the stricter cost.
                    x.weight = stricter(x.weight, weight);
                    continue;
                }
                contract.patterns.push(Pattern {
                    days: days.clone(),
                    weight,
                });
                self.lines.patterns.entry(c).or_insert(row.line);
            }
        }
    }

    /// The days of the pattern in column `pattern`.
    fn pattern(&mut self, t: &Table, row: &Row, set_ids: &SetIds) -> Option<Vec<DayMatch>> {
        let text = t.get(row, "pattern");
        let mut days = Vec::new();
        for word in text.split_whitespace() {
            let (negated, id) = match word.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, word),
            };
            let keyword = match id {
                "-" | "off" => Some(DayMatch::Off),
                "work" => Some(DayMatch::Work),
                "*" | "any" => Some(DayMatch::Any),
                _ => None,
            };
            let m = match (keyword, set_ids.get(id)) {
                (Some(_), Some(_)) => {
                    self.errs.push(t.err(
                        row,
                        "pattern",
                        format!("`{id}` is both a word of patterns and a shift or group id; rename the shift or group"),
                    ));
                    return None;
                }
                (Some(k), None) if !negated => k,
                (Some(_), None) => {
                    self.errs.push(t.err(
                        row,
                        "pattern",
                        format!("`{word}`: `!` goes before a shift or group id only (`!N`)"),
                    ));
                    return None;
                }
                (None, Some(&set)) if negated => DayMatch::NotIn(set),
                (None, Some(&set)) => DayMatch::In(set),
                (None, None) => {
                    self.errs.push(t.err(
                        row,
                        "pattern",
                        format!(
                            "{}; a pattern is day values separated by spaces: shift or group ids, `-` (day off), `work` (any shift), `*` (any day), `!X` (anything but X)",
                            unknown("shift or group", id, "shifts.csv or groups.csv", &to_ids(set_ids))
                        ),
                    ));
                    return None;
                }
            };
            days.push(m);
        }
        let n = days.len();
        if n == 0 || n > MAX_PATTERN_DAYS {
            self.errs.push(t.err(
                row,
                "pattern",
                format!(
                    "the pattern has {n} days; write 1 to {MAX_PATTERN_DAYS} day values separated by spaces, such as `N - N`"
                ),
            ));
            return None;
        }
        if days[0] == DayMatch::Any || days[n - 1] == DayMatch::Any {
            self.errs.push(t.err(
                row,
                "pattern",
                "a pattern must not start or end with `*` (any day); remove it",
            ));
            return None;
        }
        Some(days)
    }

    /// The `recent` column of `history.csv`: shift ids and `-` for days off, oldest first.
    pub(super) fn recent_days(
        &mut self,
        t: &Table,
        row: &Row,
        sids: &Ids,
    ) -> Option<Vec<Option<ShiftId>>> {
        let mut out = Vec::new();
        for word in t.get(row, "recent").split_whitespace() {
            if word == "-" {
                out.push(None);
                continue;
            }
            match sids.get(word) {
                Some(&s) => out.push(Some(ShiftId(s))),
                None => {
                    self.errs.push(t.err(
                        row,
                        "recent",
                        format!(
                            "{}; write the last days' shift ids and `-` for days off, oldest first",
                            unknown("shift", word, "shifts.csv", sids)
                        ),
                    ));
                    return None;
                }
            }
        }
        Some(out)
    }
}

/// Shift and group ids together.
pub(super) fn set_ids(sids: &Ids, groups: &[ShiftGroup]) -> SetIds {
    let mut m: SetIds = sids
        .iter()
        .map(|(k, &v)| (k.clone(), ShiftSet::Shift(ShiftId(v))))
        .collect();
    for (i, g) in groups.iter().enumerate() {
        m.entry(g.code.clone())
            .or_insert(ShiftSet::Group(GroupId::new(i)));
    }
    m
}

fn to_ids(set_ids: &SetIds) -> Ids {
    set_ids.keys().map(|k| (k.clone(), 0)).collect()
}

fn rule_field(rule: &str) -> &'static str {
    match rule {
        "min_consecutive" => "min_consecutive",
        "max_consecutive" => "max_consecutive",
        _ => "min_off_after",
    }
}
