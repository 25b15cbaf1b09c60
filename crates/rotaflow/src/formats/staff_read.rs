//! Reading the staff (`staff.csv`) and what they carry in from before the plan
//! (`history.csv`).

use super::scenario_read::*;
use super::{FormatError, Source};
use crate::model::*;
use std::collections::HashMap;

impl<S: Source> Reader<'_, S> {
    pub(super) fn staff(&mut self, cids: &Ids, rids: &Ids) -> Vec<Staff> {
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

    pub(super) fn history(
        &mut self,
        staff: &mut [Staff],
        stids: &Ids,
        sids: &Ids,
        fairness: &mut [Fairness],
    ) {
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
}
