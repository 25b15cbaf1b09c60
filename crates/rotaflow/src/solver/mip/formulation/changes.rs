//! Rows of the change rule (rules/changes.rs): the cost of each person-day that differs from
//! the published roster of a re-plan.

use super::{Builder, Lin};
use crate::model::{Weight, DAY_OFF_TAKEN_UNITS};

impl Builder<'_> {
    /// Changes (rules/changes.rs) of staff member `i`: a published shift `s` not worked costs
    /// `1 - x[i,d,s]` units, a published day off worked `2 W[i,d]`; hard before the first day
    /// (one unit), soft at the day's weight after it.
    pub(super) fn changes(&mut self, i: usize) {
        let sc = self.sc;
        let Some(b) = sc.baseline() else {
            return;
        };
        for d in 0..self.m.days {
            let Some(before) = b.value(i, d) else {
                continue;
            };
            let weight = if b.is_frozen(d) {
                Weight::Hard
            } else {
                Weight::Soft(b.weight(i, d))
            };
            let l = match before {
                Some(s) => {
                    let mut l = Lin::constant(1);
                    l.add_scaled(&self.x(i, d, s.index()), -1);
                    l
                }
                None if b.is_frozen(d) => self.w(i, d),
                None => self.w(i, d).scaled(DAY_OFF_TAKEN_UNITS as i64),
            };
            self.penalty(l, weight);
        }
    }
}
