//! Rows of the fairness rules (rules/fairness.rs, measure in `model/fairness.rs`).
//!
//! For a rule with members `p` (bases `a_p`, balances `b_p`, total basis `F`, total balance
//! `B`), `c_p` is the member's count: `sum x[p,d,s]` over the rule's shifts, the worked-weekend
//! indicators `Y[p,k]` (held exactly to `max W` by `Y <= 1` and `Y <= sum W` as well as the
//! usual `Y >= W`, since here a larger `Y` could lower the cost), or `sum W[p,d]` over public
//! holidays. With `T = sum c_p` and `diff_p = F c_p - (T + B) a_p + b_p F` (integer), the
//! member's units outside the band are `floor(|diff_p| / F)`: an integer variable `u_p >= 0`
//! with `F u_p >= diff_p - F + 1` and `F u_p >= -diff_p - F + 1`, costing the rule's weight
//! each. A rule none of whose members has a free cell is a constant, the evaluator's own.

use super::{Builder, Lin, VarKind};
use crate::model::{FairCount, Weight};
use crate::rules;

impl Builder<'_> {
    pub(super) fn fairness(&mut self) {
        let sc = self.sc;
        for k in 0..sc.fairness().len() {
            let rule = &sc.fairness()[k];
            let g = sc.fair_group(k);
            let counts: Vec<Lin> = g
                .members
                .iter()
                .map(|m| self.fair_count(k, m.index()))
                .collect();
            if counts.iter().all(|c| c.terms.is_empty()) {
                let values: Vec<u32> = counts.iter().map(|c| c.constant as u32).collect();
                self.m.soft.constant += rules::fairness_score(sc, k, &values) as i64;
                continue;
            }
            let f = g.total_basis as i64;
            let mut total = Lin::default();
            for c in &counts {
                total.add(c);
            }
            total.constant += g.total_balance;
            for (pos, c) in counts.iter().enumerate() {
                // diff = F c - (T + B) a + b F
                let mut diff = c.clone().scaled(f);
                diff.add_scaled(&total, -(g.basis[pos] as i64));
                diff.constant += g.balance[pos] * f;
                diff.normalise();
                let u = self.m.kinds.len();
                self.m.kinds.push(VarKind::Count);
                for sign in [1, -1] {
                    let mut row = diff.clone().scaled(sign);
                    row.constant -= f - 1;
                    self.m.scaled_lower.push((u, f, row));
                }
                self.add_cost(&Lin::var(u), Weight::Soft(rule.weight));
            }
        }
    }

    /// Member `i`'s count for fairness rule `k`.
    fn fair_count(&mut self, k: usize, i: usize) -> Lin {
        let sc = self.sc;
        let mut c = Lin::default();
        match sc.fairness()[k].counts {
            FairCount::Shifts(_) => {
                let set = sc.fair_set(k).clone();
                for d in 0..self.m.days {
                    for s in set.shifts(self.m.shifts) {
                        c.add(&self.x(i, d, s.index()));
                    }
                }
            }
            FairCount::Weekends => {
                for y in self.weekends_worked(i, true) {
                    c.add(&y);
                }
            }
            FairCount::Holidays => {
                for d in (0..self.m.days).filter(|&d| sc.is_holiday(d)) {
                    c.add(&self.w(i, d));
                }
            }
        }
        c.normalise();
        c
    }
}
