//! Re-optimisation of one staff member's whole line with everyone else's shifts fixed.
//!
//! A dynamic programme over the days finds the cheapest line for a model of the staff rules:
//! wishes, leave, fixed assignments, successions and rest between consecutive days, the
//! minimum and maximum lengths of blocks of work and of days off (with the history and the
//! border exemptions), paid minutes and, when the state space allows, working weekends and
//! the tightest limit on the number of shifts of a type (or of nights) are part of its state
//! and costed exactly; a limit of zero shifts is an exact cost per shift. Other such limits
//! (and weekends when they are not in the state) are priced instead (Lagrangian relaxation):
//! a line that exceeds one is solved again with the offending shifts dearer, a few rounds.
//! Cover enters as the exact change of every cover slot when this person works there, the
//! others being fixed.
//!
//! Every candidate line is then scored by the evaluator ([`staff_score`]) plus that cover
//! change, so the model only proposes: the value of the move is always the evaluator's.

use crate::evaluation::{slot_score, staff_score, CoverCounts, Score};
use crate::model::{
    Baseline, History, RequestKind, Scenario, ShiftId, StaffId, Weight, DAY_MINUTES,
};
use crate::rules::{check_staff, weekends_worked, StaffCtx};

/// A cost no line reaches.
const INF: i64 = i64::MAX / 4;

/// Most states per day of the programme; paid minutes are counted in coarser units (and
/// weekends priced rather than counted) when the exact state space is larger.
const DAY_STATES: usize = 40_000;

/// Most back pointers kept (states per day times days).
const ALL_STATES: usize = 4_000_000;

/// Rounds of pricing the shift-type, night and weekend limits.
const ROUNDS: usize = 4;

/// The buffers of the programme, kept between calls.
#[derive(Default)]
pub(crate) struct LineDp {
    unary: Vec<i64>,
    pair: Vec<i64>,
    first: Vec<i64>,
    cost: Vec<i64>,
    next: Vec<i64>,
    back: Vec<u32>,
    line: Vec<Option<ShiftId>>,
    /// Costs from leave, fixed assignments and wishes, before cover and prices.
    base: Vec<i64>,
    /// Values allowed on the current day.
    allowed: Vec<usize>,
    /// [`Shape::add_minutes`] by minutes state and value (`m * values + v`), the new state
    /// times its stride in the index, filled for the states marked in `minutes_done` (for
    /// the current call).
    minutes_step: Vec<(usize, i64)>,
    minutes_done: Vec<bool>,
    /// [`Shape::add_count`] by count state and value.
    counts_step: Vec<(usize, i64)>,
    /// The weekend step of the current day by weekend state, whether the day before was
    /// worked, and value (the new state times its stride in the index).
    weekend_step: Vec<(usize, i64)>,
}

/// The cell of value `v` of the programme: 0 is a day off, `v` is shift `v - 1`.
#[inline]
fn cell(v: usize) -> Option<ShiftId> {
    (v > 0).then(|| ShiftId::new(v - 1))
}

/// The value of one unit of breach at `weight`, with hard units worth `hard`.
#[inline]
fn unit(weight: Weight, hard: i64) -> i64 {
    match weight {
        Weight::Hard => hard,
        Weight::HardRank(r) => hard.saturating_mul(i64::from(r)),
        Weight::Soft(w) => i64::from(w),
    }
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// The greatest common divisor of the shifts' paid minutes (0 when none is paid): the exact
/// unit of the programme's paid-minute state.
fn minute_gcd(scenario: &Scenario) -> u32 {
    scenario
        .shifts()
        .iter()
        .map(|t| t.minutes)
        .filter(|&m| m > 0)
        .fold(0, gcd)
}

impl LineDp {
    /// The best line found for `staff`, with its value relative to giving them no shift at
    /// all: the evaluator's staff score (hard units worth `hard`) plus `cover[d * values + v]`
    /// for the value `v` of each day `d` (0 = off, `v` = shift `v - 1`). Cells with
    /// `locked[d]` keep their value in `current`. Returns `None` when there is nothing to
    /// choose.
    pub(crate) fn best_line(
        &mut self,
        scenario: &Scenario,
        staff: StaffId,
        current: &[Option<ShiftId>],
        locked: &[bool],
        cover: &[i64],
        hard: i64,
    ) -> Option<(Vec<Option<ShiftId>>, i64)> {
        let days = scenario.days();
        if days == 0 {
            return None;
        }
        let shape = Shape::new(scenario, staff, hard);
        let values = shape.values;
        self.minutes_done.clear();
        self.minutes_done.resize(shape.minutes, false);
        self.minutes_step.resize(shape.minutes * values, (0, 0));
        self.pairs(scenario, staff, hard);
        let shifts = scenario.shifts();
        let contract = scenario.contract_of(staff);
        let history = scenario.staff_member(staff).history.as_ref();
        self.base_unary(scenario, staff, hard);
        let mut price = vec![0i64; values];
        let mut weekend_price = 0i64;
        let mut best: Option<(Vec<Option<ShiftId>>, i64)> = None;
        for _ in 0..ROUNDS {
            self.unary.clear();
            self.unary.extend_from_slice(&self.base);
            for d in 0..days {
                for v in 0..values {
                    self.unary[d * values + v] += cover[d * values + v] + price[v];
                }
            }
            if !self.run(scenario, history, &shape, locked, current, weekend_price) {
                return best;
            }
            let line = self.line.clone();
            let value = exact(scenario, staff, &line, cover, hard);
            if best.as_ref().is_none_or(|b| value < b.1) {
                best = Some((line.clone(), value));
            }
            // Price the limits the line exceeds and solve again.
            let mut exceeded = false;
            let mut raise = |p: &mut i64, weight: Weight| {
                let w = unit(weight, hard);
                *p = if *p == 0 {
                    (w / 8).max(1)
                } else {
                    (*p * 2).min(w)
                };
                exceeded = true;
            };
            for &(shift, limit) in &contract.max_shifts {
                if limit.value == 0 || shape.counted_limit == Some(Counted::Shift(shift)) {
                    continue;
                }
                let n = line.iter().filter(|c| **c == Some(shift)).count() as u32;
                if n > limit.value {
                    raise(&mut price[shift.index() + 1], limit.weight);
                }
            }
            if let Some(limit) = contract
                .max_nights
                .filter(|l| l.value > 0 && shape.counted_limit != Some(Counted::Nights))
            {
                let n = line
                    .iter()
                    .flatten()
                    .filter(|s| shifts[s.index()].night)
                    .count() as u32;
                if n > limit.value {
                    let mut p = 0;
                    raise(&mut p, limit.weight);
                    for (v, t) in shifts.iter().enumerate() {
                        if t.night {
                            price[v + 1] += p;
                        }
                    }
                }
            }
            if let (1, Some(limit)) = (shape.weekends, contract.max_weekends) {
                if weekends_worked(scenario, &line) > limit.value {
                    raise(&mut weekend_price, limit.weight);
                }
            }
            // Worked weekends in a row and weekends off in a window are not in the state:
            // a line that breaks one makes every weekend worked dearer.
            if contract.max_consecutive_weekends.is_some() || contract.min_weekends_off.is_some() {
                let mut runs = WeekendRuns(None);
                check_staff(&StaffCtx::new(scenario, staff, &line), &mut runs);
                if let Some(weight) = runs.0 {
                    raise(&mut weekend_price, weight);
                }
            }
            if !exceeded {
                break;
            }
        }
        best
    }

    /// Whether `staff`'s programme holds paid minutes, weekends and its counted limit exactly.
    /// (It is then exact for every rule but the shift limits it prices.)
    #[cfg(test)]
    pub(crate) fn is_exact(scenario: &Scenario, staff: StaffId) -> bool {
        let shape = Shape::new(scenario, staff, 1);
        let c = scenario.contract_of(staff);
        let values = shape.values;
        let one_weekend_a_day = (0..scenario.days()).all(|d| {
            (1..values).all(|v| {
                let w = shape.cell_weekend[d * values + v];
                w.is_none() || w == shape.day_weekend[d]
            })
        });
        shape.minute_unit == minute_gcd(scenario).max(1)
            && (!shape.max_hard || shape.cap >= shape::reachable_minutes(scenario))
            && (shape.weekends > 1 || c.max_weekends.is_none())
            && (one_weekend_a_day || c.max_weekends.is_none())
            && (shape.counts > 1 || counted_limit(scenario, staff).is_none())
    }

    /// States per day of `staff`'s programme.
    pub(crate) fn states(scenario: &Scenario, staff: StaffId) -> usize {
        Shape::new(scenario, staff, 1).size()
    }

    /// Costs of pairs of values on consecutive days (successions and rest), and of each value
    /// on day 0 after the history's last shift.
    fn pairs(&mut self, scenario: &Scenario, staff: StaffId, hard: i64) {
        let shifts = scenario.shifts();
        let values = shifts.len() + 1;
        let member = scenario.staff_member(staff);
        let c = scenario.contract_of(staff);
        let pair_cost = |a: ShiftId, b: ShiftId| -> i64 {
            let mut cost = 0;
            if let Some(w) = scenario.succession(member.contract, a, b) {
                cost += unit(w, hard);
            }
            if let Some(limit) = c.min_rest_minutes {
                let end = i64::from(shifts[a.index()].end_offset());
                let start = i64::from(DAY_MINUTES) + i64::from(shifts[b.index()].start);
                if start - end < i64::from(limit.value) {
                    cost += unit(limit.weight, hard);
                }
            }
            cost
        };
        self.pair.clear();
        self.pair.resize(values * values, 0);
        for a in 1..values {
            for b in 1..values {
                self.pair[a * values + b] = pair_cost(ShiftId::new(a - 1), ShiftId::new(b - 1));
            }
        }
        self.first.clear();
        self.first.resize(values, 0);
        if let Some(last) = member.history.as_ref().and_then(|h| h.last_shift) {
            for b in 1..values {
                self.first[b] = pair_cost(last, ShiftId::new(b - 1));
            }
        }
        // Patterns of two days, exactly, on every pair of values (days off included), and
        // after the last known day of the previous period.
        let last_known = scenario.known_days(staff).last().copied();
        for (pattern, sets) in c
            .patterns
            .iter()
            .zip(scenario.pattern_sets(member.contract))
        {
            if sets.len() != 2 {
                continue;
            }
            let w = unit(pattern.weight, hard);
            for a in 0..values {
                if !sets[0].contains(cell(a)) {
                    continue;
                }
                for b in 0..values {
                    if sets[1].contains(cell(b)) {
                        self.pair[a * values + b] += w;
                    }
                }
            }
            if let Some(last) = last_known {
                if sets[0].contains(last) {
                    for b in 0..values {
                        if sets[1].contains(cell(b)) {
                            self.first[b] += w;
                        }
                    }
                }
            }
        }
    }

    /// Costs of each value on each day from leave, fixed assignments, commitments and wishes.
    fn base_unary(&mut self, scenario: &Scenario, staff: StaffId, hard: i64) {
        let days = scenario.days();
        let values = scenario.shifts().len() + 1;
        self.base.clear();
        self.base.resize(days * values, 0);
        let base = &mut self.base;
        for l in scenario.leave_of(staff) {
            let d = l.day as usize;
            if d < days {
                for v in 1..values {
                    base[d * values + v] += hard;
                }
            }
        }
        for f in scenario.fixed_of(staff) {
            let d = f.day as usize;
            if d < days {
                for v in 0..values {
                    if v != f.shift.index() + 1 {
                        base[d * values + v] += hard;
                    }
                }
            }
        }
        // Commitments (rules/commitments.rs): each value a day rule does not allow.
        for r in scenario.day_rules_of(staff) {
            let d = r.day as usize;
            if d < days {
                for v in 0..values {
                    if !r.allowed.contains(cell(v)) {
                        base[d * values + v] += hard;
                    }
                }
            }
        }
        // A limit of zero shifts costs its weight for every such shift, exactly.
        let c = scenario.contract_of(staff);
        let mut never = vec![0i64; values];
        for &(s, l) in &c.max_shifts {
            if l.value == 0 {
                never[s.index() + 1] += unit(l.weight, hard);
            }
        }
        if let Some(l) = c.max_nights.filter(|l| l.value == 0) {
            for (v, t) in scenario.shifts().iter().enumerate() {
                if t.night {
                    never[v + 1] += unit(l.weight, hard);
                }
            }
        }
        // Patterns of one day are a cost per day and value.
        for (pattern, sets) in c
            .patterns
            .iter()
            .zip(scenario.pattern_sets(scenario.staff_member(staff).contract))
        {
            if sets.len() == 1 {
                let w = unit(pattern.weight, hard);
                for (v, n) in never.iter_mut().enumerate() {
                    if sets[0].contains(cell(v)) {
                        *n += w;
                    }
                }
            }
        }
        if never.iter().any(|&x| x != 0) {
            for d in 0..days {
                for v in 0..values {
                    base[d * values + v] += never[v];
                }
            }
        }
        for r in scenario.requests_of(staff) {
            let d = r.day as usize;
            if d >= days {
                continue;
            }
            let w = unit(r.weight, hard);
            for v in 0..values {
                let granted = match (r.kind, r.shift) {
                    (RequestKind::On, Some(s)) => v == s.index() + 1,
                    (RequestKind::On, None) => v > 0,
                    (RequestKind::Off, Some(s)) => v != s.index() + 1,
                    (RequestKind::Off, None) => v == 0,
                };
                if !granted {
                    base[d * values + v] += w;
                }
            }
        }
        // Changes to a published roster (rules/changes.rs): per day and value.
        if let Some(b) = scenario.baseline() {
            let i = staff.index();
            for d in 0..days {
                let Some(before) = b.value(i, d) else {
                    continue;
                };
                let w = if b.is_frozen(d) {
                    unit(Weight::Hard, hard)
                } else {
                    unit(Weight::Soft(b.weight(i, d)), hard)
                };
                for v in 0..values {
                    let after = v.checked_sub(1).map(ShiftId::new);
                    let units = Baseline::units(before, after);
                    let units = if b.is_frozen(d) { units.min(1) } else { units };
                    base[d * values + v] += w * units as i64;
                }
            }
        }
    }

    /// Solves the programme with the current unary costs; the line is left in `self.line`.
    /// Returns false when no line is possible.
    fn run(
        &mut self,
        scenario: &Scenario,
        history: Option<&History>,
        shape: &Shape,
        locked: &[bool],
        current: &[Option<ShiftId>],
        weekend_price: i64,
    ) -> bool {
        let days = scenario.days();
        let values = shape.values;
        let size = shape.size();
        let settings = scenario.settings();
        let exempt = Exempt {
            start: history.is_none() && settings.exempt_start,
            end: settings.exempt_end,
        };
        let allowed = |d: usize, v: usize| -> bool {
            !locked[d] || current[d].map_or(0, |s| s.index() + 1) == v
        };
        let add_weekend = |w: usize| -> (usize, i64) {
            if shape.weekends == 1 {
                return (0, weekend_price);
            }
            let Some((max, cost)) = shape.max_weekends else {
                return (0, weekend_price);
            };
            let top = shape.weekends - 1;
            let new = w + 1;
            let c = if new as u32 > max { cost } else { 0 };
            (new.min(top), c + weekend_price)
        };
        // The weekend state after value `v` on day `d` (after `pwork` on day `d - 1` and
        // weekend state `ws`), and its cost: whether `v` counts for a weekend not yet counted.
        // Nothing to count or price: the weekend state stays 0 (most programmes).
        let no_weekends = shape.weekends == 1 && shape.seen == 1 && weekend_price == 0;
        let weekend_step = |d: usize, v: usize, pwork: bool, ws: usize| -> (usize, i64) {
            if no_weekends {
                return (0, 0);
            }
            let (count, bit) = if shape.seen == 2 {
                (ws >> 1, ws & 1)
            } else {
                (ws, 0)
            };
            let day = shape.day_weekend[d];
            let same = d > 0 && day.is_some() && shape.day_weekend[d - 1] == day;
            let carried = same && if shape.seen == 2 { bit == 1 } else { pwork };
            let counts_for = shape.cell_weekend[d * values + v];
            let mut next = count;
            let mut cost = 0;
            if counts_for.is_some() && !(carried && counts_for == day) {
                (next, cost) = add_weekend(count);
            }
            let seen_now = carried || (counts_for.is_some() && counts_for == day);
            let bit = usize::from(shape.seen == 2 && seen_now);
            (next * shape.seen + bit, cost)
        };
        self.cost.clear();
        self.cost.resize(size, INF);
        // Only the back pointers of states reached are read, and each is written on the day
        // its state is reached: the buffer is not cleared between calls.
        if self.back.len() < size * days {
            self.back.resize(size * days, u32::MAX);
        }
        // Day 0.
        for v in 0..values {
            if !allowed(0, v) {
                continue;
            }
            let work = v > 0;
            let (carried, ended_min, ended_len) = match history {
                Some(h) if work => (h.consecutive_work, shape.min_off, h.consecutive_off),
                Some(h) => (h.consecutive_off, shape.min_work, h.consecutive_work),
                None => (0, None, 0),
            };
            let mut c = self.unary[v] + self.first[v];
            if let Some((min, w)) = ended_min {
                if ended_len > 0 && ended_len < min {
                    c += i64::from(min - ended_len) * w;
                }
            }
            let len = carried as usize + 1;
            // Capped lengths are beyond every limit, so the cap costs the same.
            let r = len.min(shape.runs);
            c += shape.block_day(work, r);
            let (m, mc) = shape.add_minutes(0, shape.units[v]);
            c += mc;
            let (wk, wc) = weekend_step(0, v, false, 0);
            c += wc;
            let (k, kc) = shape.add_count(0, v);
            c += kc;
            let s = shape.index(v, r, m, wk, k);
            if c < self.cost[s] {
                self.cost[s] = c;
            }
        }
        // Tables of the steps that depend on a state's part and a value only, filled once
        // per call (minutes: row by row, when first reached) or per day (weekends).
        // A state's index is the sum of its parts times these strides (see `Shape::index`).
        let ws_states = shape.weekends * shape.seen;
        let stride_m = ws_states * shape.counts;
        let stride_r = shape.minutes * stride_m;
        let stride_v = shape.runs * stride_r;
        self.counts_step.clear();
        for k in 0..shape.counts {
            for v in 0..values {
                self.counts_step.push(shape.add_count(k, v));
            }
        }
        for d in 1..days {
            self.next.clear();
            self.next.resize(size, INF);
            let back = &mut self.back[d * size..(d + 1) * size];
            let unary = &self.unary[d * values..(d + 1) * values];
            self.allowed.clear();
            self.allowed.extend((0..values).filter(|&v| allowed(d, v)));
            // (weekend state, worked the day before, value) -> weekend step.
            self.weekend_step.clear();
            for ws in 0..ws_states {
                for pwork in [false, true] {
                    for v in 0..values {
                        let (w2, c) = weekend_step(d, v, pwork, ws);
                        self.weekend_step.push((w2 * shape.counts, c));
                    }
                }
            }
            for s in 0..size {
                let base = self.cost[s];
                if base >= INF {
                    continue;
                }
                let (pv, r, m, wk, k) = shape.split(s);
                let pwork = pv > 0;
                // A value that goes on with the block, or one that ends it.
                let r_same = (r + 1).min(shape.runs);
                let c_same = shape.block_day(pwork, r_same);
                let off_same = (r_same - 1) * stride_r;
                let c_switch =
                    shape.block_end(pwork, r, d - 1, false, exempt) + shape.block_day(!pwork, 1);
                if !self.minutes_done[m] {
                    self.minutes_done[m] = true;
                    for v in 0..values {
                        let (m2, c) = shape.add_minutes(m, shape.units[v]);
                        self.minutes_step[m * values + v] = (m2 * stride_m, c);
                    }
                }
                let pair = &self.pair[pv * values..(pv + 1) * values];
                let minutes = &self.minutes_step[m * values..(m + 1) * values];
                let w0 = (wk * 2 + usize::from(pwork)) * values;
                let weekend = &self.weekend_step[w0..w0 + values];
                let count = &self.counts_step[k * values..(k + 1) * values];
                for &v in &self.allowed {
                    let (r2, bc) = if (v > 0) == pwork {
                        (off_same, c_same)
                    } else {
                        (0, c_switch)
                    };
                    let (m2, mc) = minutes[v];
                    let (wk2, wc) = weekend[v];
                    let (k2, kc) = count[v];
                    let c = base + unary[v] + bc + pair[v] + mc + wc + kc;
                    let t = v * stride_v + r2 + m2 + wk2 + k2;
                    if c < self.next[t] {
                        self.next[t] = c;
                        back[t] = s as u32;
                    }
                }
            }
            std::mem::swap(&mut self.cost, &mut self.next);
        }
        // The end: the last block's minimum and the minimum paid minutes.
        let mut end = None;
        for s in 0..size {
            let base = self.cost[s];
            if base >= INF {
                continue;
            }
            let (v, r, m, ..) = shape.split(s);
            let mut c = base + shape.block_end(v > 0, r, days - 1, true, exempt);
            c += shape.min_total_cost(m);
            if end.is_none_or(|(_, e)| c < e) {
                end = Some((s, c));
            }
        }
        let Some((mut s, _)) = end else {
            return false;
        };
        self.line.clear();
        self.line.resize(days, None);
        for d in (0..days).rev() {
            let (v, ..) = shape.split(s);
            self.line[d] = cell(v);
            if d > 0 {
                s = self.back[d * size + s] as usize;
            }
        }
        true
    }
}

/// Fills `out[d * values + v]` with the change of the slot scores, cover and pairing rules
/// (hard units worth `hard`)
/// when `staff` works value `v` on day `d` (0 = off, `v` = shift `v - 1`) rather than nothing,
/// everyone else as counted in `counts`, which must count `line` as `staff`'s shifts;
/// `counts` is left as it was.
pub(crate) fn cover_deltas(
    scenario: &Scenario,
    counts: &mut CoverCounts,
    staff: StaffId,
    line: &[Option<ShiftId>],
    hard: i64,
    out: &mut Vec<i64>,
) {
    let shifts = scenario.shifts().len();
    let values = shifts + 1;
    out.clear();
    out.resize(line.len() * values, 0);
    let value = |s: Score| s.hard as i64 * hard + s.soft as i64;
    for (d, cell) in line.iter().enumerate() {
        if let Some(sh) = *cell {
            counts.add(scenario, staff, d, sh, -1);
        }
        for j in 0..shifts {
            let sh = ShiftId::new(j);
            if scenario.cover_of(d, sh).is_empty() && scenario.pairs_on_shift(sh).is_empty() {
                continue;
            }
            let without = value(slot_score(scenario, counts, d, sh));
            counts.add(scenario, staff, d, sh, 1);
            let with = value(slot_score(scenario, counts, d, sh));
            counts.add(scenario, staff, d, sh, -1);
            out[d * values + j + 1] = with - without;
        }
        if let Some(sh) = *cell {
            counts.add(scenario, staff, d, sh, 1);
        }
    }
}

/// The value of `line`: the evaluator's staff score plus the cover change of each day.
fn exact(
    scenario: &Scenario,
    staff: StaffId,
    line: &[Option<ShiftId>],
    cover: &[i64],
    hard: i64,
) -> i64 {
    line_value(staff_score(scenario, staff, line), line, cover, hard)
}

/// The value of `line` whose staff score is `score`: that score (hard units worth `hard`) plus
/// the cover change of each day.
pub(crate) fn line_value(score: Score, line: &[Option<ShiftId>], cover: &[i64], hard: i64) -> i64 {
    let values = cover.len() / line.len().max(1);
    let mut value = score.hard as i64 * hard + score.soft as i64;
    for (d, cell) in line.iter().enumerate() {
        value += cover[d * values + cell.map_or(0, |s| s.index() + 1)];
    }
    value
}

mod shape;
#[cfg(test)]
use shape::counted_limit;
use shape::Counted;
use shape::{Exempt, Shape, WeekendRuns};
#[cfg(test)]
mod tests;
