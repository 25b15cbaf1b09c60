//! Reading contracts (`contracts.csv`), their rules (`contract_rules.csv`) and forbidden
//! successions (`successions.csv`).

use super::scenario_read::*;
use super::sequence_read::{SetIds, RUN_RULES};
use super::table::{Row, Table};
use super::Source;
use crate::model::*;
use std::collections::{HashMap, HashSet};

impl<S: Source> Reader<'_, S> {
    pub(super) fn contracts(&mut self) -> Vec<Contract> {
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

    pub(super) fn contract_rules(
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

    pub(super) fn successions(&mut self, contracts: &mut [Contract], cids: &Ids, sids: &Ids) {
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

    /// `complete_weekends`: no shift, no value, a weight; once per contract.
    pub(super) fn complete_weekends(
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
    pub(super) fn min_weekends_off(
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
