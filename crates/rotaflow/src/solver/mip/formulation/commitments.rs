//! Rows of the commitment rule (rules/commitments.rs): one hard unit when a person's day value
//! is not one their commitment allows.

use super::{Builder, Lin};
use crate::model::{ShiftId, StaffId, Weight};

impl Builder<'_> {
    /// Commitments of staff member `i`: per day rule, the sum of `x[i,d,s]` over the shifts it
    /// does not allow, plus `1 - W[i,d]` when it does not allow a day off (at most one value a
    /// day, so the sum is 0 or 1).
    pub(super) fn commitments(&mut self, i: usize) {
        let sc = self.sc;
        for r in sc.day_rules_of(StaffId::new(i)) {
            let d = r.day as usize;
            if d >= self.m.days {
                continue;
            }
            let mut l = Lin::default();
            if !r.allowed.contains(None) {
                l = Lin::constant(1);
                l.add_scaled(&self.w(i, d), -1);
            }
            for s in 0..self.m.shifts {
                if !r.allowed.contains(Some(ShiftId::new(s))) {
                    l.add_scaled(&self.x(i, d, s), 1);
                }
            }
            self.penalty(l, Weight::Hard);
        }
    }
}
