//! Rows of the pairing rules (rules/pairs.rs): for every day and shift a rule applies to,
//! with `a = x[i,d,s]` for the person the rule is about and `b_j = x[j,d,s]` for each other,
//! `max(0, a - sum_j b_j)` for `only_with` (1 exactly when `i` is on without any of them) and
//! `max(0, a + b_j - 1)` for each other of `never_with` (1 when both are on).

use super::{Builder, Lin};
use crate::model::{PairKind, ShiftId};

impl Builder<'_> {
    pub(super) fn pairs(&mut self) {
        let sc = self.sc;
        for (k, rule) in sc.pairings().iter().enumerate() {
            for s in 0..self.m.shifts {
                if !sc.pairs_on_shift(ShiftId::new(s)).contains(&(k as u32)) {
                    continue;
                }
                for d in rule.first_day as usize..=rule.last_day as usize {
                    let a = self.x(rule.staff.index(), d, s);
                    match rule.kind {
                        PairKind::OnlyWith => {
                            let mut l = a;
                            for o in &rule.others {
                                l.add_scaled(&self.x(o.index(), d, s), -1);
                            }
                            self.penalty(l, rule.weight);
                        }
                        PairKind::NeverWith => {
                            for o in &rule.others {
                                let mut l: Lin = a.clone();
                                l.add(&self.x(o.index(), d, s));
                                l.constant -= 1;
                                self.penalty(l, rule.weight);
                            }
                        }
                    }
                }
            }
        }
    }
}
