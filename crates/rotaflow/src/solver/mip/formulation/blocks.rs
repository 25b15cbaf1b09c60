//! Rows of the block and rest rules (rules/consecutive.rs and rules/rest.rs): minimum and
//! maximum lengths of blocks of working days and of days off, with the history's blocks
//! carried across day 0, their strengthening cuts, and the minimum rest between two worked
//! shifts.

use super::{Builder, Lin};
use crate::model::{Limit, StaffId, Weight, DAY_MINUTES};

impl Builder<'_> {
    /// Minimum and maximum block lengths of working days (`worked`) or days off, mirroring
    /// rules/consecutive.rs. `carried` is the history's block of the same kind (days before
    /// day 0, possibly 0), `None` without history.
    ///
    /// - **Maximum `m`**: for every window of `m + 1` consecutive days `[t, t + m]` that ends
    ///   inside the horizon and starts no earlier than the history block (`t >= -carried`) and
    ///   no earlier than `-m`, the penalty `max(0, sum of the window's states - m)`, the days
    ///   before day 0 counting as 1. Inside one maximal block of `L` horizon days and `c`
    ///   history days, exactly `min(L + c - m, L)` windows are full, the evaluator's excess;
    ///   a window touching a day of the other kind sums to at most `m`.
    /// - **Minimum `m`**: for every start `s` and length `k` of a possible block `[s, e]` with
    ///   `len = k + carried (if s = 0) < m` that is not exempt, the penalty
    ///   `(m - len) * max(0, sum_{s..=e} state - (k - 1) - state[s-1] - state[e+1])`: the
    ///   bracket is 1 exactly when `[s, e]` is a maximal block, at most 0 otherwise. The
    ///   neighbour terms are absent at the horizon's borders. Exempt: `e` is the last day with
    ///   `exempt_end`, or `s = 0` without history with `exempt_start`.
    /// - **History block of this kind that ended before day 0**: judged against this kind's
    ///   minimum when day 0 is of the other kind: `(m - carried) * (day 0 is not of this
    ///   kind)` when `0 < carried < m`.
    pub(super) fn consecutive(
        &mut self,
        i: usize,
        worked: bool,
        min: Option<Limit>,
        max: Option<Limit>,
        carried: Option<u32>,
    ) {
        let days = self.m.days as i64;
        let has_history = carried.is_some();
        let c = i64::from(carried.unwrap_or(0));
        if let Some(limit) = max.filter(|l| l.weight != Weight::Soft(0)) {
            let m = i64::from(limit.value);
            let first = (-c).max(-m);
            let mut t = first;
            while t + m < days {
                // The days before day 0 count as 1 each (counted, not looped over: a
                // history can be long).
                let mut l = Lin::constant(-m + (-t).max(0));
                for j in t.max(0)..=t + m {
                    l.add(&self.state(i, j as usize, worked));
                }
                self.penalty(l, limit.weight);
                t += 1;
            }
        }
        if let Some(limit) = min.filter(|l| l.weight != Weight::Soft(0)) {
            let m = i64::from(limit.value);
            let settings = self.sc.settings();
            // Short blocks made only of fixed cells: they are constants of the objective, and
            // the strong rows below must not be built across them.
            let mut fixed_short: Vec<(i64, i64)> = Vec::new();
            // A history block of this kind that ended the day before day 0 is judged when
            // day 0 is of the other kind.
            if has_history && c > 0 && c < m {
                let l = self.state(i, 0, !worked).scaled(m - c);
                self.penalty(l, limit.weight);
            }
            for s in 0..days {
                for k in 1..=days - s {
                    let e = s + k - 1;
                    let carried_here = if s == 0 && has_history { c } else { 0 };
                    let len = k + carried_here;
                    if len >= m || self.state(i, e as usize, worked) == Lin::constant(0) {
                        // Not short, or day `e` is fixed to the other kind: no block of this
                        // kind starting on `s` reaches `e` (nor any later day).
                        break;
                    }
                    let exempt = (e == days - 1 && settings.exempt_end)
                        || (s == 0 && !has_history && settings.exempt_start);
                    if exempt {
                        continue;
                    }
                    let mut l = Lin::constant(-(k - 1));
                    for j in s..=e {
                        l.add(&self.state(i, j as usize, worked));
                    }
                    if s > 0 {
                        l.add_scaled(&self.state(i, (s - 1) as usize, worked), -1);
                    }
                    if e < days - 1 {
                        l.add_scaled(&self.state(i, (e + 1) as usize, worked), -1);
                    }
                    l.normalise();
                    if l.terms.is_empty() && l.constant > 0 {
                        fixed_short.push((s, e));
                    }
                    let l = l.scaled(m - len);
                    self.penalty(l, limit.weight);
                }
            }
            if limit.weight.is_hard() && m >= 2 {
                self.block_cuts(i, worked, m, carried, &fixed_short);
            }
        }
    }

    /// Strong rows for a hard minimum block length `m` (the min-up / min-down inequalities of
    /// unit commitment): with `u[t] >= state[t] - state[t-1]` ("a block starts on t"),
    /// `sum_{t-m < tau <= t} u[tau] <= state[t]` for every day `t`. A roster without short
    /// block satisfies them: a block starting in the `m` days up to `t` is at least `m` long
    /// (or runs to the last day), so it covers `t`, and no two blocks start that close.
    /// Hence they are added only when every hard term is at its least value
    /// ([`Model::floor_rows`]), and not across the short blocks of fixed cells
    /// (`fixed_short`, first and last day), which are part of that least value. A block
    /// starting on day 0 counts only when it is judged from day 0: with history, when the
    /// history's block of this kind is empty; without, when `exempt_start` is off.
    pub(super) fn block_cuts(
        &mut self,
        i: usize,
        worked: bool,
        m: i64,
        carried: Option<u32>,
        fixed_short: &[(i64, i64)],
    ) {
        let days = self.m.days as i64;
        let mut starts: Vec<Lin> = Vec::with_capacity(days as usize);
        for t in 0..days {
            let mut l = self.state(i, t as usize, worked);
            if t > 0 {
                l.add_scaled(&self.state(i, (t - 1) as usize, worked), -1);
            } else {
                match carried {
                    Some(c) if c > 0 => l.constant -= 1,
                    Some(_) => {}
                    None if self.sc.settings().exempt_start => l = Lin::default(),
                    None => {}
                }
            }
            l.normalise();
            let u = match self.m.range(&l) {
                (_, Some(hi)) if hi <= 0 => Lin::default(),
                (Some(lo), _) if lo >= 0 => l,
                _ => {
                    let v = self.new_aux();
                    self.m.lower.push((v, l));
                    Lin::var(v)
                }
            };
            starts.push(u);
        }
        for t in 0..days {
            if fixed_short.iter().any(|&(s, e)| s > t - m && e < t) {
                continue;
            }
            let mut row = self.state(i, t as usize, worked).scaled(-1);
            for u in &starts[(t - m + 1).max(0) as usize..=t as usize] {
                row.add(u);
            }
            row.normalise();
            if row.terms.is_empty() || self.m.range(&row).1.is_some_and(|hi| hi <= 0) {
                continue;
            }
            self.m.floor_rows.push(row);
        }
    }

    /// Minimum rest (rules/rest.rs): the evaluator compares each worked shift with the next
    /// worked shift, whatever the number of days off between them, and the history's last
    /// shift (day -1) with the first worked shift. For a worked shift `a` on day `p` and each
    /// gap `k >= 1`, let `B` be the shifts `b` with `k * 1440 + start(b) - end(a) < min`; the
    /// penalty is `max(0, x[p,a] + sum_{b in B} x[p+k,b] - 1 - sum_{p<j<p+k} W[j])`, which is 1
    /// exactly when `a` on `p` and some `b` of `B` on `p + k` are consecutive worked shifts. `B`
    /// only shrinks as `k` grows, so the loop stops at the first empty `B`: with a minimum
    /// below 24 h and shifts of at most 24 h only `k = 1` (and sometimes 2) contributes, but
    /// longer minimums are modelled exactly too.
    pub(super) fn rest(&mut self, i: usize, limit: Limit) {
        if limit.weight == Weight::Soft(0) {
            return;
        }
        let sc = self.sc;
        let days = self.m.days as i64;
        let shifts = self.m.shifts;
        let min = i64::from(limit.value);
        let day = i64::from(DAY_MINUTES);
        let last = sc
            .staff_member(StaffId::new(i))
            .history
            .as_ref()
            .and_then(|h| h.last_shift);
        let mut starts: Vec<(i64, usize)> = Vec::new();
        if let Some(a) = last {
            starts.push((-1, a.index()));
        }
        for p in 0..days {
            for a in 0..shifts {
                starts.push((p, a));
            }
        }
        for (p, a) in starts {
            let end = i64::from(sc.shifts()[a].end_offset());
            let mut k = 1;
            while p + k < days {
                let q = p + k;
                let set: Vec<usize> = (0..shifts)
                    .filter(|&b| k * day + i64::from(sc.shifts()[b].start) - end < min)
                    .collect();
                if set.is_empty() || (k > 1 && self.w(i, (q - 1) as usize) == Lin::constant(1)) {
                    // No shift close enough, or a fixed worked day in between: no later day
                    // can follow `a` on `p` directly either.
                    break;
                }
                let mut l = if p < 0 {
                    Lin::constant(1)
                } else {
                    self.x(i, p as usize, a)
                };
                for &b in &set {
                    l.add(&self.x(i, q as usize, b));
                }
                l.constant -= 1;
                for j in p + 1..q {
                    l.add_scaled(&self.w(i, j as usize), -1);
                }
                self.penalty(l, limit.weight);
                k += 1;
            }
        }
    }
}
