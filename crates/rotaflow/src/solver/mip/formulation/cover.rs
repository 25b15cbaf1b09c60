//! Rows of the cover rule (rules/cover.rs), with the roles people work in for exclusive roles.

use super::{Builder, Lin, Var};
use crate::evaluation::{cover_slot_score, CoverCounts};
use crate::model::{RoleId, StaffId};

impl Builder<'_> {
    /// Cover (rules/cover.rs): for every entry, `count = sum of x[i,d,s]` over the staff who
    /// count for it (everyone for role `None`, the holders of a shared role);
    /// `max(0, required - count)` at the under weight and `max(0, count - required)` at the
    /// over weight. For an
    /// exclusive role, the count is `x[i,d,s]` of those whose only exclusive role it is plus
    /// `y[i,d,s,r]` of those who hold several, with `sum_r y[i,d,s,r] = x[i,d,s]`: for given
    /// cells the least cost over `y` is the evaluator's least-cost allocation (a transport
    /// problem with convex costs, whose optimum is whole).
    pub(super) fn cover(&mut self) {
        let sc = self.sc;
        let types = sc.role_types();
        let exclusive = |r: RoleId| sc.roles()[r.index()].exclusive;
        let mut slot: Option<(usize, usize)> = None;
        // (staff, role) -> y variable, for the current slot.
        let mut ys: Vec<(usize, RoleId, Var)> = Vec::new();
        // A slot with exclusive roles and no free cell costs what the evaluator says.
        let mut constant_slot = false;
        let base_counts = sc
            .has_exclusive_roles()
            .then(|| CoverCounts::new(sc, &self.m.base));
        for c in sc.cover() {
            let d = c.day as usize;
            let s = c.shift.index();
            if slot != Some((d, s)) {
                slot = Some((d, s));
                ys.clear();
                let any_exclusive = sc
                    .cover_of(d, c.shift)
                    .iter()
                    .any(|e| e.role.is_some_and(exclusive));
                let any_free = (0..sc.staff().len()).any(|i| !self.x(i, d, s).terms.is_empty());
                constant_slot = false;
                if let (true, false, Some(counts)) = (any_exclusive, any_free, &base_counts) {
                    let k = cover_slot_score(sc, counts, d, c.shift);
                    self.m.hard.constant += k.hard as i64;
                    self.m.hard_floor += k.hard as i64;
                    self.m.soft.constant += k.soft as i64;
                    constant_slot = true;
                } else if any_exclusive {
                    for i in 0..sc.staff().len() {
                        let t = sc.role_type_of(StaffId::new(i));
                        let x = self.x(i, d, s);
                        if types[t].len() < 2 || (x.terms.is_empty() && x.constant == 0) {
                            continue;
                        }
                        let vars: Vec<Var> = types[t]
                            .iter()
                            .map(|&r| {
                                let v = self.new_aux();
                                ys.push((i, r, v));
                                self.m.role_vars.push((v, StaffId::new(i), d, c.shift, r));
                                v
                            })
                            .collect();
                        self.m.splits.push((vars, x));
                    }
                }
            }
            if constant_slot {
                continue;
            }
            let mut count = Lin::default();
            match c.role {
                Some(r) if exclusive(r) => {
                    for i in 0..sc.staff().len() {
                        let t = sc.role_type_of(StaffId::new(i));
                        if types[t] == [r] {
                            count.add(&self.x(i, d, s));
                        }
                    }
                    for &(_, yr, v) in &ys {
                        if yr == r {
                            count.add(&Lin::var(v));
                        }
                    }
                }
                _ => {
                    for (i, st) in sc.staff().iter().enumerate() {
                        if c.role.is_none_or(|r| st.has_role(r)) {
                            count.add(&self.x(i, d, s));
                        }
                    }
                }
            }
            let mut under = count.clone().scaled(-1);
            under.constant += i64::from(c.required);
            self.penalty(under, c.under);
            let mut over = count;
            over.constant -= i64::from(c.required);
            self.penalty(over, c.over);
        }
    }
}
