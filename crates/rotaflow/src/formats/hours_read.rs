//! Reading hours owed: `hours_per_week` in contracts.csv, `fte` in staff.csv, `hours` in
//! leave.csv (hours a leave day credits), and the rules `hours_below_target` and
//! `hours_above_target` of contract_rules.csv.

use super::scenario_read::Reader;
use super::table::{Row, Table};
use super::Source;

impl<S: Source> Reader<'_, S> {
    /// A number of hours in column `col`, as whole minutes; an error names the column.
    pub(super) fn hours_in(&mut self, t: &Table, row: &Row, col: &str, v: &str) -> Option<u32> {
        match v.parse::<f64>() {
            Ok(h) if h.is_finite() && (0.0..=1_000_000.0).contains(&h) => {
                self.whole_minutes(t, row, col, v, h).map(|m| m as u32)
            }
            _ => {
                let msg = if v.starts_with('-') {
                    format!("`{v}` is negative; write hours 0 or more, such as 37.5")
                } else {
                    format!("`{v}` is not a number of hours; write a number such as 37.5")
                };
                self.errs.push(t.err(row, col, msg));
                None
            }
        }
    }

    /// Hours that may be negative (a balance), with up to two decimals, as whole minutes; 0
    /// when empty.
    pub(super) fn signed_hours(&mut self, t: &Table, row: &Row, col: &str) -> Option<i32> {
        let v = t.get(row, col);
        if v.is_empty() {
            return Some(0);
        }
        match v.parse::<f64>() {
            Ok(h) if h.is_finite() && h.abs() <= 1_000_000.0 => {
                self.whole_minutes(t, row, col, v, h).map(|m| m as i32)
            }
            _ => {
                self.errs.push(t.err(
                    row,
                    col,
                    format!(
                        "`{v}` is not a number of hours; write hours such as 7.5, or -7.5 \
                         when fewer were worked than owed"
                    ),
                ));
                None
            }
        }
    }

    /// `h` hours (written `v` in column `col`) as whole minutes, or an error when they are not
    /// a whole number of minutes.
    fn whole_minutes(&mut self, t: &Table, row: &Row, col: &str, v: &str, h: f64) -> Option<i64> {
        let minutes = h * 60.0;
        if (minutes - minutes.round()).abs() > 1e-6 {
            self.errs.push(t.err(
                row,
                col,
                format!("{v} hours is not a whole number of minutes; round it"),
            ));
            return None;
        }
        Some(minutes.round() as i64)
    }

    /// An optional number of hours in column `col`: `Some(None)` when empty, `None` on error.
    pub(super) fn optional_hours(
        &mut self,
        t: &Table,
        row: &Row,
        col: &str,
    ) -> Option<Option<u32>> {
        match t.get(row, col) {
            "" => Some(None),
            v => self.hours_in(t, row, col, v).map(Some),
        }
    }

    /// The `fte` column of staff.csv in thousandths: `Some(None)` when empty.
    pub(super) fn fte(&mut self, t: &Table, row: &Row) -> Option<Option<u32>> {
        let v = t.get(row, "fte");
        if v.is_empty() {
            return Some(None);
        }
        match v.parse::<f64>() {
            Ok(f) if f.is_finite() && f > 0.0 && f <= 2.0 => {
                let permille = f * 1000.0;
                if (permille - permille.round()).abs() > 1e-6 {
                    self.errs.push(t.err(
                        row,
                        "fte",
                        format!("`{v}` has more than three decimals; write 0.6 or 0.625"),
                    ));
                    return None;
                }
                Some(Some(permille.round() as u32))
            }
            _ => {
                self.errs.push(t.err(
                    row,
                    "fte",
                    format!(
                        "`{v}` is not a full-time equivalent: write a number above 0 and at \
                         most 2 (1 is full time, 0.6 is 60 %)"
                    ),
                ));
                None
            }
        }
    }
}
