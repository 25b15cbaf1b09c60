//! Reading fairness rules (`fairness.csv`), public holidays (`holidays.csv`) and the balances
//! carried in by `history.csv` (columns `balance_<rule>`).

use super::scenario_read::{Ids, Reader};
use super::sequence_read::SetIds;
use super::table::{Row, Table};
use super::Source;
use crate::model::*;

impl<S: Source> Reader<'_, S> {
    /// `fairness.csv`: `name,count,among,weight`.
    pub(super) fn fairness(&mut self, set_ids: &SetIds, rids: &Ids, cids: &Ids) -> Vec<Fairness> {
        let Some(t) = self.table(
            "fairness.csv",
            &["name", "count", "among", "weight"],
            &[],
            false,
        ) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for row in &t.rows {
            let name = t.get(row, "name").to_string();
            let counts = self.fair_count(&t, row, set_ids);
            let among = self.fair_among(&t, row, rids, cids);
            let weight = self.fair_weight(&t, row);
            let (Some(counts), Some(among), Some(weight)) = (counts, among, weight) else {
                continue;
            };
            out.push(Fairness::new(name, counts, among, weight));
            self.lines.fairness.push(row.line);
        }
        out
    }

    fn fair_count(&mut self, t: &Table, row: &Row, set_ids: &SetIds) -> Option<FairCount> {
        match t.get(row, "count") {
            "weekends" => Some(FairCount::Weekends),
            "holidays" => Some(FairCount::Holidays),
            v => match set_ids.get(v) {
                Some(&set) => Some(FairCount::Shifts(set)),
                None => {
                    self.errs.push(t.err(
                        row,
                        "count",
                        format!(
                            "`{v}` is not a shift (shifts.csv) or group (groups.csv), nor \
                             `weekends` or `holidays`: write what the rule spreads fairly"
                        ),
                    ));
                    None
                }
            },
        }
    }

    fn fair_among(&mut self, t: &Table, row: &Row, rids: &Ids, cids: &Ids) -> Option<FairAmong> {
        let v = t.get(row, "among");
        let role = |c: &str| rids.get(c).map(|&r| FairAmong::Role(RoleId(r)));
        let contract = |c: &str| cids.get(c).map(|&c| FairAmong::Contract(ContractId(c)));
        let found = if v == "all" {
            Ok(FairAmong::All)
        } else if let Some(code) = v.strip_prefix("role:") {
            role(code).ok_or(format!("`{code}` is not a role of roles.csv"))
        } else if let Some(code) = v.strip_prefix("contract:") {
            contract(code).ok_or(format!("`{code}` is not a contract of contracts.csv"))
        } else {
            match (role(v), contract(v)) {
                (Some(_), Some(_)) => Err(format!(
                    "`{v}` is both a role and a contract: write role:{v} or contract:{v}"
                )),
                (Some(r), None) => Ok(r),
                (None, Some(c)) => Ok(c),
                (None, None) => Err(format!(
                    "`{v}` is not `all`, a role (roles.csv) or a contract (contracts.csv): \
                     write whom the rule compares"
                )),
            }
        };
        found
            .map_err(|m| self.errs.push(t.err(row, "among", m)))
            .ok()
    }

    fn fair_weight(&mut self, t: &Table, row: &Row) -> Option<u32> {
        let v = t.get(row, "weight");
        match v.parse::<u32>() {
            Ok(w) if w > 0 => Some(w),
            _ => {
                let msg = if v.eq_ignore_ascii_case("hard") {
                    "fairness is a soft rule: write a whole number weight such as 20".to_string()
                } else {
                    format!(
                        "`{v}` is not a weight: write a whole number of 1 or more, the cost \
                         of each shift outside a person's fair share"
                    )
                };
                self.errs.push(t.err(row, "weight", msg));
                None
            }
        }
    }

    /// `holidays.csv`: `date,name`; holidays outside the plan are skipped (a calendar of the
    /// whole year may be given).
    pub(super) fn holidays(&mut self) -> Vec<Holiday> {
        let Some(t) = self.table("holidays.csv", &["date", "name"], &[], false) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for row in &t.rows {
            let Some(date) = self.date(&t, row, "date", t.get(row, "date")) else {
                continue;
            };
            let Some(day) = self.horizon.as_ref().and_then(|h| h.day_of(date)) else {
                continue;
            };
            out.push(Holiday {
                day: day as u32,
                name: t.get(row, "name").to_string(),
            });
            self.lines.holidays.push(row.line);
        }
        out
    }

    /// The balance columns of `history.csv` for `fairness`, in rule order.
    pub(super) fn balance_columns(fairness: &[Fairness]) -> Vec<String> {
        fairness
            .iter()
            .map(|f| format!("balance_{}", f.code))
            .collect()
    }

    /// Reads the balances of one `history.csv` row into `fairness`; false on an error.
    pub(super) fn balances(
        &mut self,
        t: &Table,
        row: &Row,
        staff: u32,
        fairness: &mut [Fairness],
    ) -> bool {
        let mut ok = true;
        let mut seen = std::collections::HashSet::new();
        for f in fairness.iter_mut() {
            // A code used twice is reported by validation; its column is read once.
            if !seen.insert(f.code.clone()) {
                continue;
            }
            let col = format!("balance_{}", f.code);
            let v = t.get(row, &col);
            if v.is_empty() {
                continue;
            }
            match v.parse::<i32>() {
                Ok(b) if b.unsigned_abs() <= MAX_BALANCE.unsigned_abs() => {
                    f.balances.push((StaffId(staff), b))
                }
                _ => {
                    ok = false;
                    self.errs.push(t.err(
                        row,
                        &col,
                        format!(
                            "`{v}` is not a balance: write the whole number of shifts worked \
                             beyond the fair share in earlier periods (negative when fewer), \
                             between -{MAX_BALANCE} and {MAX_BALANCE}"
                        ),
                    ));
                }
            }
        }
        ok
    }
}
