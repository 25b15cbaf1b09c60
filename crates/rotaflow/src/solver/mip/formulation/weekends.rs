//! Rows of the complete-weekends rule (rules/weekends.rs): per weekend of two or more days,
//! `p >= W[d] - W[e]` for every two of its days, so `p = max W - min W`, 1 exactly when the
//! weekend is partly worked (for two days, the two terms `max(0, W[d] - W[e])` directly).

use super::{Builder, Lin};
use crate::model::Weight;

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
}
