//! Rows of the complete-weekends rule (rules/weekends.rs): per weekend of two or more days,
//! `p >= W[d] - W[e]` for every two of its days, so `p = max W - min W`, 1 exactly when the
//! weekend is partly worked (for two days, the two terms `max(0, W[d] - W[e])` directly).
//!
//! Worked weekends in a row (`max_consecutive_weekends` `m`): with `Y[k]` "weekend k is
//! worked" (`y >= W[d]` for its days, pushed down by the penalties that use it), the penalty
//! `max(0, sum_{k..=k+m} Y - m)` for every window of `m + 1` weekends that ends inside the
//! plan and starts no earlier than the history's run (`k >= -carried`, the weekends before
//! counting 1) nor than `-m`: as for working days, exactly the evaluator's excess.

use super::{Builder, Lin};
use crate::model::{Limit, WeekendsOff, Weight};

impl Builder<'_> {
    pub(super) fn complete_weekends(&mut self, i: usize, weight: Weight) {
        let sc = self.sc;
        let days = self.m.days;
        if weight == Weight::Soft(0) {
            return;
        }
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); sc.weekends() as usize];
        for d in 0..days {
            if let Some(k) = sc.weekend_of(d) {
                members[k as usize].push(d);
            }
        }
        for ds in members.iter().filter(|ds| ds.len() >= 2) {
            let ws: Vec<Lin> = ds.iter().map(|&d| self.w(i, d)).collect();
            if ws.len() == 2 {
                for (a, b) in [(0, 1), (1, 0)] {
                    let mut l = ws[a].clone();
                    l.add_scaled(&ws[b], -1);
                    self.penalty(l, weight);
                }
                continue;
            }
            let p = self.new_aux();
            for a in 0..ws.len() {
                for b in 0..ws.len() {
                    if a != b {
                        let mut l = ws[a].clone();
                        l.add_scaled(&ws[b], -1);
                        l.normalise();
                        self.m.lower.push((p, l));
                    }
                }
            }
            self.add_cost(&Lin::var(p), weight);
        }
    }

    /// "Weekend k is worked" for each weekend of the plan: a constant when a day of it is
    /// fixed as worked or none can be, `W[d]` for a single open day, else an auxiliary
    /// `y >= W[d]` for each open day; with `exact`, also `y <= 1` and `y <= sum W[d]`, so
    /// that `y` is the indicator even where a larger value would lower the cost.
    pub(super) fn weekends_worked(&mut self, i: usize, exact: bool) -> Vec<Lin> {
        let sc = self.sc;
        // Per weekend, per day: the shifts of the day that count for it (all of them without
        // a weekend by clock time), as `sum x[i,d,s]` (at most 1: one shift a day).
        let mut members: Vec<Vec<Lin>> = vec![Vec::new(); sc.weekends() as usize];
        for d in 0..self.m.days {
            let mut by_weekend: Vec<(u32, Lin)> = Vec::new();
            for s in 0..self.m.shifts {
                if let Some(k) = sc.cell_weekend(d, crate::model::ShiftId::new(s)) {
                    match by_weekend.iter_mut().find(|(w, _)| *w == k) {
                        Some((_, l)) => l.add(&self.x(i, d, s)),
                        None => by_weekend.push((k, self.x(i, d, s))),
                    }
                }
            }
            for (k, mut l) in by_weekend {
                l.normalise();
                members[k as usize].push(l);
            }
        }
        members
            .into_iter()
            .map(|ws| {
                if ws.iter().any(|w| w.terms.is_empty() && w.constant == 1) {
                    return Lin::constant(1);
                }
                let open: Vec<Lin> = ws.into_iter().filter(|w| !w.terms.is_empty()).collect();
                match open.len() {
                    0 => Lin::constant(0),
                    1 => open[0].clone(),
                    _ => {
                        let y = self.new_aux();
                        let mut sum = Lin::default();
                        for w in open {
                            sum.add(&w);
                            self.m.lower.push((y, w));
                        }
                        if exact {
                            sum.normalise();
                            self.m.upper.push((y, Lin::constant(1)));
                            self.m.upper.push((y, sum));
                        }
                        Lin::var(y)
                    }
                }
            })
            .collect()
    }

    /// Weekends off in a window (rules/weekends_off.rs): for every window of `n` weekends
    /// ending on weekend `e` of the plan, with `b` the history's worked weekends inside it and
    /// `I = sum Y` over its weekends inside the plan, the evaluator's amount is
    /// `min(b + I - (n - off), I)` when positive: `max(0, I + b - (n - off))` when
    /// `b <= n - off`, else `I`.
    pub(super) fn weekends_off(&mut self, i: usize, rule: WeekendsOff, carried: u32) {
        if rule.weight == Weight::Soft(0) {
            return;
        }
        let worked = self.weekends_worked(i, false);
        let n = i64::from(rule.window);
        let allowed = i64::from(rule.window - rule.off);
        for e in 0..worked.len() as i64 {
            let start = e - n + 1;
            let before = (-start).clamp(0, i64::from(carried));
            let mut inside = Lin::default();
            for k in start.max(0)..=e {
                inside.add(&worked[k as usize]);
            }
            // over = min(before + inside - allowed, inside), at least 0: with `before <=
            // allowed` the first term is the smaller; otherwise every worked weekend inside
            // is over.
            let mut l = inside;
            if before <= allowed {
                l.constant += before - allowed;
            }
            self.penalty(l, rule.weight);
        }
    }

    pub(super) fn consecutive_weekends(&mut self, i: usize, limit: Limit, carried: u32) {
        if limit.weight == Weight::Soft(0) {
            return;
        }
        let worked = self.weekends_worked(i, false);
        let n = worked.len() as i64;
        let m = i64::from(limit.value);
        let first = -(i64::from(carried).min(m));
        for t in first..n - m {
            let mut l = Lin::constant(-m);
            for k in t..=t + m {
                if k < 0 {
                    l.constant += 1;
                } else {
                    l.add(&worked[k as usize]);
                }
            }
            self.penalty(l, limit.weight);
        }
    }
}
