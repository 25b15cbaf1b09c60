//! Reading pairing rules (`pairs.csv`).

use super::scenario_read::{unknown, Ids, Reader};
use super::sequence_read::SetIds;
use super::Source;
use crate::model::*;

impl<S: Source> Reader<'_, S> {
    /// `pairs.csv`: `staff,rule,others,weight`, optionally `shift,from,to`. Rows whose days
    /// lie wholly outside the plan are skipped; the others are cut to the plan.
    pub(super) fn pairings(&mut self, stids: &Ids, set_ids: &SetIds) -> Vec<Pairing> {
        let Some(t) = self.table(
            "pairs.csv",
            &["staff", "rule", "others", "weight"],
            &["shift", "from", "to"],
            false,
        ) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for row in &t.rows {
            let staff = self.lookup(&t, row, "staff", stids, "staff member", "staff.csv");
            let kind = match t.get(row, "rule") {
                "only_with" => Some(PairKind::OnlyWith),
                "never_with" => Some(PairKind::NeverWith),
                v => {
                    self.errs.push(t.err(
                        row,
                        "rule",
                        format!(
                            "`{v}` is not a pairing rule: write only_with (works a shift only \
                             when one of the others does) or never_with (never on the same \
                             shift as any of them)"
                        ),
                    ));
                    None
                }
            };
            let mut others = Some(Vec::new());
            let list = t.get(row, "others");
            if list.is_empty() {
                self.errs.push(t.err(
                    row,
                    "others",
                    "is empty: give the staff ids the rule pairs the person with, separated by \
                     spaces",
                ));
                others = None;
            }
            for code in list.split_whitespace() {
                match stids.get(code) {
                    Some(&o) => {
                        if let Some(v) = others.as_mut() {
                            v.push(StaffId(o));
                        }
                    }
                    None => {
                        self.errs.push(t.err(
                            row,
                            "others",
                            unknown("staff member", code, "staff.csv", stids),
                        ));
                        others = None;
                    }
                }
            }
            let shifts = match t.get(row, "shift") {
                "" => Some(None),
                v => match set_ids.get(v) {
                    Some(&set) => Some(Some(set)),
                    None => {
                        self.errs.push(t.err(
                            row,
                            "shift",
                            format!(
                                "`{v}` is not a shift (shifts.csv) or group (groups.csv); leave \
                                 it empty for every shift"
                            ),
                        ));
                        None
                    }
                },
            };
            let from = match t.get(row, "from") {
                "" => Some(None),
                v => self.date(&t, row, "from", v).map(Some),
            };
            let to = match t.get(row, "to") {
                "" => Some(None),
                v => self.date(&t, row, "to", v).map(Some),
            };
            let weight = self.weight_of(&t, row, "weight");
            let (
                Some(staff),
                Some(kind),
                Some(others),
                Some(shifts),
                Some(from),
                Some(to),
                Some(weight),
            ) = (staff, kind, others, shifts, from, to, weight)
            else {
                continue;
            };
            let Some(h) = self.horizon.clone() else {
                continue;
            };
            let first = from.unwrap_or(h.start);
            let last = to.unwrap_or(h.end());
            if last < first {
                self.errs.push(t.err(
                    row,
                    "to",
                    format!("the rule ends ({last}) before it starts ({first}); swap the dates"),
                ));
                continue;
            }
            // Only the part of the range inside the plan matters.
            let (first, last) = (first.max(h.start), last.min(h.end()));
            let (Some(first_day), Some(last_day)) = (h.day_of(first), h.day_of(last)) else {
                continue;
            };
            out.push(Pairing {
                staff: StaffId(staff),
                kind,
                others,
                shifts,
                first_day: first_day as u32,
                last_day: last_day as u32,
                weight,
            });
            self.lines.pairings.push(row.line);
        }
        out
    }
}
