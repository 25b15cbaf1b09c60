//! Rows of the sequence rules: runs of a shift or group (rules/runs.rs) and patterns
//! (rules/patterns.rs).
//!
//! Both rules judge the line extended by the known days before day 0 (positions `p < k` are
//! the history's `k` known days, constants here; position `p >= k` is day `p - k`). For a set
//! of day values `V`, `lit(p, V)` is 1 when position `p`'s value is in `V`:
//! `[off in V] * (1 - W[d]) + sum_{s in V} x[d,s]`, a 0/1 expression at integer points.
//!
//! - **Maximum run `m`**: `max(0, sum_{t..=t+m} lit - m)` for every window of `m + 1`
//!   positions that ends inside the horizon. Inside one maximal run of length `L` exactly
//!   `min(L - m, days of the run inside the horizon)` windows are full: the evaluator's excess.
//! - **Minimum run `m`**: for every possible run `[a, b]` of length `len < m` that the
//!   evaluator would judge (ending inside the horizon, or the day before day 0; start known;
//!   not exempt at the end), `(m - len) * max(0, sum_{a..=b} lit - (len - 1) - lit(a-1) -
//!   lit(b+1))`: the bracket is 1 exactly when `[a, b]` is a maximal run.
//! - **Days off after a run, `l`**: for every last day `b` of a run and gap `g < l` with the
//!   next worked day `q = b + 1 + g` inside the horizon, `(l - g) * max(0, lit(b) + ...)`
//!   with the literals "`b + 1` worked on a shift outside the set" (`g = 0`) or "`b + 1 ..
//!   q - 1` off and `q` worked" (`g >= 1`), minus their number less one.
//! - **Pattern** of `n` days: for every start whose last day is inside the horizon,
//!   `max(0, sum_j lit(p + j, V_j) - (n' - 1))` over the `n'` days that are not `*`.

use super::{Builder, Lin};
use crate::model::{Limit, ShiftId, StaffId, ValueSet, Weight};
use crate::rules::first_run_start_known;

impl Builder<'_> {
    /// `lit(p, set)` for staff `i` whose known days are `known`.
    fn lit(&self, i: usize, known: &[Option<ShiftId>], p: usize, set: &ValueSet) -> Lin {
        let k = known.len();
        if p < k {
            return Lin::constant(i64::from(set.contains(known[p])));
        }
        let d = p - k;
        let mut l = Lin::default();
        if set.contains(None) {
            l.constant += 1;
            l.add_scaled(&self.w(i, d), -1);
        }
        for s in set.shifts(self.m.shifts) {
            l.add(&self.x(i, d, s.index()));
        }
        l
    }

    /// `W` at position `p` of the extended line.
    fn worked_at(&self, i: usize, known: &[Option<ShiftId>], p: usize) -> Lin {
        if p < known.len() {
            Lin::constant(i64::from(known[p].is_some()))
        } else {
            self.w(i, p - known.len())
        }
    }

    /// Run rules and patterns of staff member `i`.
    pub(super) fn sequence_rules(&mut self, i: usize) {
        let sc = self.sc;
        let id = StaffId::new(i);
        let member = sc.staff_member(id);
        let contract = sc.contract_of(id);
        let known = sc.known_days(id);
        for (rule, set) in contract.runs.iter().zip(sc.run_sets(member.contract)) {
            if let Some(l) = rule.max.filter(|l| l.weight != Weight::Soft(0)) {
                self.run_max(i, known, set, l);
            }
            if let Some(l) = rule.min.filter(|l| l.weight != Weight::Soft(0)) {
                self.run_min(i, known, set, l);
            }
            if let Some(l) = rule.off_after.filter(|l| l.weight != Weight::Soft(0)) {
                self.off_after(i, known, set, l);
            }
        }
        let k = known.len();
        let len = k + self.m.days;
        for (pattern, days) in contract
            .patterns
            .iter()
            .zip(sc.pattern_sets(member.contract))
        {
            if pattern.weight == Weight::Soft(0) || days.len() > len {
                continue;
            }
            let n = days.len();
            let shifts = self.m.shifts;
            for p in (k + 1).saturating_sub(n)..=len - n {
                let mut l = Lin::default();
                let mut count = 0;
                for (j, set) in days.iter().enumerate() {
                    if set.is_everything(shifts) {
                        continue;
                    }
                    count += 1;
                    l.add(&self.lit(i, known, p + j, set));
                }
                l.constant -= count - 1;
                self.penalty(l, pattern.weight);
            }
        }
    }

    fn run_max(&mut self, i: usize, known: &[Option<ShiftId>], set: &ValueSet, limit: Limit) {
        let k = known.len();
        let len = k + self.m.days;
        let m = limit.value as usize;
        for t in (k.saturating_sub(m))..len.saturating_sub(m) {
            let mut l = Lin::constant(-(m as i64));
            for p in t..=t + m {
                l.add(&self.lit(i, known, p, set));
            }
            self.penalty(l, limit.weight);
        }
    }

    fn run_min(&mut self, i: usize, known: &[Option<ShiftId>], set: &ValueSet, limit: Limit) {
        let k = known.len();
        let len = k + self.m.days;
        let m = limit.value as usize;
        let settings = self.sc.settings();
        let start_known = first_run_start_known(self.sc, StaffId::new(i));
        for a in 0..len {
            if a == 0 && !start_known {
                continue;
            }
            for b in a..len {
                let run = b - a + 1;
                if run >= m {
                    break;
                }
                let l0 = self.lit(i, known, b, set);
                if l0 == Lin::constant(0) {
                    // Position `b` is not in the set: no run from `a` reaches it or beyond.
                    break;
                }
                if b + 1 < k || (b == len - 1 && settings.exempt_end) {
                    continue;
                }
                let mut l = Lin::constant(-(run as i64 - 1));
                for p in a..=b {
                    l.add(&self.lit(i, known, p, set));
                }
                if a > 0 {
                    l.add_scaled(&self.lit(i, known, a - 1, set), -1);
                }
                if b + 1 < len {
                    l.add_scaled(&self.lit(i, known, b + 1, set), -1);
                }
                let l = l.scaled((m - run) as i64);
                self.penalty(l, limit.weight);
            }
        }
    }

    fn off_after(&mut self, i: usize, known: &[Option<ShiftId>], set: &ValueSet, limit: Limit) {
        let k = known.len();
        let len = k + self.m.days;
        let need = limit.value as usize;
        for b in 0..len {
            let end = self.lit(i, known, b, set);
            if end == Lin::constant(0) {
                continue;
            }
            for g in 0..need {
                let q = b + 1 + g;
                if q >= len {
                    break;
                }
                if q < k {
                    continue;
                }
                let mut l = end.clone();
                if g == 0 {
                    l.add(&self.worked_at(i, known, q));
                    l.add_scaled(&self.lit(i, known, q, set), -1);
                    l.constant -= 1;
                } else {
                    for j in b + 1..q {
                        l.constant += 1;
                        l.add_scaled(&self.worked_at(i, known, j), -1);
                    }
                    l.add(&self.worked_at(i, known, q));
                    l.constant -= g as i64 + 1;
                }
                let l = l.scaled((need - g) as i64);
                self.penalty(l, limit.weight);
            }
        }
    }
}
