//! The roster problem as a mixed-integer linear program whose objective is exactly the
//! evaluator's cost.
//!
//! A model is built for a *base* roster and a mask of *free* cells (staff, day); every other
//! cell keeps the base roster's value and enters the model as a constant. All expressions are
//! kept as integer affine forms ([`Lin`]) over the model's variables, so a term whose cells are
//! all fixed folds into a constant instead of creating a variable or a row.
//!
//! Variables:
//! - `x[i,d,s]` binary for every free cell (staff `i`, day `d`) and shift `s`, with
//!   `sum_s x[i,d,s] <= 1` (one shift a day). `W[i,d] = sum_s x[i,d,s]` is "works on day d",
//!   `1 - W[i,d]` "is off".
//! - penalty variables `p >= 0`, one per term `amount = max(0, lin)`, with the single row
//!   `p >= lin` (`lin` integer at integer points). Since every penalty has a positive cost in
//!   the objective that minimises it, `p = max(0, lin)` at an optimum. Terms whose `lin` cannot
//!   be positive are dropped, terms whose `lin` cannot be negative are added to the objective
//!   directly (no variable), and constant terms become constants.
//! - for the weekend rule, `y[i,k] >= W[i,d]` for each day `d` of weekend `k` ("weekend k is
//!   worked"); `y` has no cost of its own and is pushed down to `max_d W[i,d]` by the penalty.
//! - for hard minimum block lengths, block-start variables `u[i,t] >= state[t] - state[t-1]`
//!   used only by the floor rows ([`Model::floor_rows`]).
//!
//! Rows per rule (`state` is `W` for working days, `1 - W` for days off):
//! - leave: `W[i,d]` hard; fixed: `1 - x[i,d,s]` hard; wishes: `1 - x`, `1 - W`, `x` or `W`.
//! - max shifts of a type, max nights, min/max total minutes: `max(0, count - max)` and
//!   `max(0, min - total)` over the horizon; a hard paid-time limit counts the hours
//!   started, an integer `u` with `60 u >= max(0, ...)` (also for the rolling week).
//! - consecutive blocks: windows of `max + 1` days for maxima, exact-block patterns for
//!   minima, history at day 0 (see `Builder::consecutive`).
//! - weekends: `max(0, sum_k y[i,k] - max)`.
//! - rest: one row per worked shift and following day whatever the days off in between,
//!   history's last shift included (see `Builder::rest`).
//! - successions: `max(0, x[d-1,a] + x[d,b] - 1)`, and `x[0,b]` after the history's shift.
//! - runs of a shift or group, days off after them, patterns: see `sequence.rs`.
//! - pairing: `max(0, a - sum b)` (only with) and `max(0, a + b - 1)` (never with), see
//!   `pairs.rs`.
//! - fairness: integer units outside each member's band (see `fairness.rs`).
//! - cover: `max(0, required - count)` and `max(0, count - required)` per entry and role.
//!   For exclusive roles, a person holding several works in one: `y[i,d,s,r] >= 0` with
//!   `sum_r y[i,d,s,r] = x[i,d,s]` ([`Model::splits`]), counted in role `r`'s entries.
//!
//! The objective has two parts, `hard` (sum of hard amounts) and `soft` (sum of amount x
//! weight); [`super`] minimises them lexicographically. Each rule's rows are documented where
//! they are built, next to the rule they mirror in `crate::rules`.

use crate::evaluation::{assign_roles, staff_score};
use crate::model::{RequestKind, RoleId, Scenario, ShiftId, StaffId, Weight};
use crate::roster::Roster;

mod blocks;
mod changes;
mod commitments;
mod cover;
mod fairness;
mod pairs;
mod sequence;
mod weekends;

/// Index of a model variable.
pub(crate) type Var = usize;

/// What a variable is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum VarKind {
    /// A binary `x[i,d,s]`.
    Cell,
    /// A continuous (or, for some backends, integer) auxiliary variable `>= 0` with no upper
    /// bound: a penalty amount or a worked-weekend indicator.
    Aux,
    /// An integer auxiliary variable `>= 0` with no upper bound, for every backend: a count
    /// of whole units of a fairness rule (see [`Model::scaled_lower`]).
    Count,
}

/// An integer affine expression `constant + sum coef * var`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Lin {
    /// The constant part.
    pub(crate) constant: i64,
    /// The linear part; after [`Lin::normalise`], sorted by variable without duplicates or
    /// zero coefficients.
    pub(crate) terms: Vec<(Var, i64)>,
}

impl Lin {
    /// The constant `c`.
    pub(crate) fn constant(c: i64) -> Self {
        Self {
            constant: c,
            terms: Vec::new(),
        }
    }

    /// The variable `v`.
    pub(crate) fn var(v: Var) -> Self {
        Self {
            constant: 0,
            terms: vec![(v, 1)],
        }
    }

    /// Adds `k * other`.
    pub(crate) fn add_scaled(&mut self, other: &Lin, k: i64) {
        self.constant += k * other.constant;
        self.terms
            .extend(other.terms.iter().map(|&(v, c)| (v, c * k)));
    }

    /// Adds `other`.
    pub(crate) fn add(&mut self, other: &Lin) {
        self.add_scaled(other, 1);
    }

    /// `k * self`.
    pub(crate) fn scaled(mut self, k: i64) -> Self {
        self.constant *= k;
        for t in &mut self.terms {
            t.1 *= k;
        }
        self
    }

    /// Sorts the terms by variable, merges duplicates and drops zero coefficients.
    pub(crate) fn normalise(&mut self) {
        self.terms.sort_unstable_by_key(|t| t.0);
        let mut out: Vec<(Var, i64)> = Vec::with_capacity(self.terms.len());
        for &(v, c) in &self.terms {
            match out.last_mut() {
                Some(last) if last.0 == v => last.1 += c,
                _ => out.push((v, c)),
            }
        }
        out.retain(|t| t.1 != 0);
        self.terms = out;
    }

    /// The value at `values` (indexed by variable).
    pub(crate) fn eval(&self, values: &[f64]) -> f64 {
        self.constant as f64
            + self
                .terms
                .iter()
                .map(|&(v, c)| c as f64 * values[v])
                .sum::<f64>()
    }
}

/// The model: variables, rows and the two objective parts.
#[derive(Clone, Debug)]
pub(crate) struct Model {
    /// Kind of each variable, by index.
    pub(crate) kinds: Vec<VarKind>,
    /// `sum of these <= 1`: the shifts of one free cell.
    pub(crate) one_per_day: Vec<Vec<Var>>,
    /// `var >= lin`. Every row of an auxiliary variable comes before any row that uses it, so
    /// the least values of the auxiliary variables for given cells are found in one pass
    /// ([`Model::values_for`]).
    pub(crate) lower: Vec<(Var, Lin)>,
    /// `lin <= 0` rows that every roster with each hard term at its least value satisfies
    /// (strong minimum-block rows, see `Builder::block_cuts`). They cut fractional points
    /// only, so the solver adds them when the hard part is capped at its floor.
    pub(crate) floor_rows: Vec<Lin>,
    /// `coef * var >= lin` rows of integer variables ([`VarKind::Count`]): with `coef > 0`,
    /// the least integer value is `ceil(lin / coef)`. They come after every `lower` row.
    pub(crate) scaled_lower: Vec<(Var, i64, Lin)>,
    /// `var <= lin` rows, holding an auxiliary variable to its exact value where a larger one
    /// could lower the cost (worked-weekend indicators counted by fairness rules); the least
    /// values of [`Model::values_for`] satisfy them.
    pub(crate) upper: Vec<(Var, Lin)>,
    /// `sum of vars == lin` rows: the roles `y[i,d,s,r]` a person on a shift works in.
    pub(crate) splits: Vec<(Vec<Var>, Lin)>,
    /// The person, day, shift and role of each variable in `splits`.
    role_vars: Vec<(Var, StaffId, usize, ShiftId, RoleId)>,
    /// `var == value` rows, used only to hold a whole roster in tests.
    pub(crate) pins: Vec<(Var, f64)>,
    /// Sum of hard amounts.
    pub(crate) hard: Lin,
    /// The sum of the least values of the hard terms taken one by one. When terms cancel in
    /// `hard` (a shift that both ends a short block and counts towards a hard minimum of
    /// shifts), the least value of `hard` can be reached with a term above its own least, and
    /// the floor rows, which assume every term at its least, are then dropped.
    hard_floor: i64,
    /// Sum of soft amount x weight.
    pub(crate) soft: Lin,
    /// The roster giving the value of every cell that is not free.
    base: Roster,
    /// Variable of `x[i,d,s]` at `(i * days + d) * shifts + s`, for free cells.
    cell_var: Vec<Option<Var>>,
    /// Number of free cells.
    free_cells: usize,
    shifts: usize,
    days: usize,
}

impl Model {
    /// Builds the model for `scenario` around `base`, with the cells where `free[i * days + d]`
    /// is true left to the solver. `base` must fit the scenario and `free` have one entry per
    /// cell.
    pub(crate) fn build(scenario: &Scenario, base: &Roster, free: &[bool]) -> Model {
        let shifts = scenario.shifts().len();
        let days = scenario.days();
        let staff = scenario.staff().len();
        debug_assert!(base.fits(scenario) && free.len() == staff * days);
        let mut m = Model {
            kinds: Vec::new(),
            one_per_day: Vec::new(),
            lower: Vec::new(),
            floor_rows: Vec::new(),
            scaled_lower: Vec::new(),
            upper: Vec::new(),
            splits: Vec::new(),
            role_vars: Vec::new(),
            pins: Vec::new(),
            hard: Lin::default(),
            hard_floor: 0,
            soft: Lin::default(),
            base: base.clone(),
            cell_var: vec![None; staff * days * shifts],
            free_cells: 0,
            shifts,
            days,
        };
        for (cell, &is_free) in free.iter().enumerate() {
            if !is_free {
                continue;
            }
            m.free_cells += 1;
            let vars: Vec<Var> = (0..shifts)
                .map(|s| {
                    let v = m.kinds.len();
                    m.kinds.push(VarKind::Cell);
                    m.cell_var[cell * shifts + s] = Some(v);
                    v
                })
                .collect();
            if vars.len() > 1 {
                m.one_per_day.push(vars);
            }
        }
        let mut b = Builder { sc: scenario, m };
        for i in 0..staff {
            if free[i * days..(i + 1) * days].iter().any(|f| *f) {
                b.staff_rules(i);
            } else {
                // No free cell: the person's cost is a constant, the evaluator's own figure.
                let id = StaffId::new(i);
                let s = staff_score(scenario, id, base.line(id));
                b.m.hard.constant += s.hard as i64;
                b.m.hard_floor += s.hard as i64;
                b.m.soft.constant += s.soft as i64;
            }
        }
        b.cover();
        b.pairs();
        b.fairness();
        let mut m = b.m;
        m.hard.normalise();
        m.soft.normalise();
        if m.range(&m.hard).0 != Some(m.hard_floor) {
            m.floor_rows.clear();
        }
        m
    }

    /// Number of variables.
    pub(crate) fn variables(&self) -> usize {
        self.kinds.len()
    }

    /// Number of rows (constraints), not counting the lexicographic cap added by phase 2.
    pub(crate) fn constraints(&self) -> usize {
        self.one_per_day.len()
            + self.lower.len()
            + self.scaled_lower.len()
            + self.upper.len()
            + self.splits.len()
            + self.pins.len()
    }

    /// Number of free cells.
    pub(crate) fn free_cells(&self) -> usize {
        self.free_cells
    }

    /// The values of all variables for `roster` (which must fit the model's `scenario`): the
    /// free cells as in `roster`, the roles as the evaluator allocates them, every auxiliary
    /// variable at the least value its rows allow. At these values the objective parts are the
    /// roster's cost.
    pub(crate) fn values_for(&self, scenario: &Scenario, roster: &Roster) -> Vec<f64> {
        let mut values = vec![0.0; self.kinds.len()];
        if !self.role_vars.is_empty() {
            let roles = assign_roles(scenario, &roster.without_roles());
            for &(v, i, d, s, r) in &self.role_vars {
                if roster.get(i, d) == Some(s) && roles.role(i, d) == Some(r) {
                    values[v] = 1.0;
                }
            }
        }
        for (idx, v) in self.cell_var.iter().enumerate() {
            if let Some(v) = *v {
                let s = idx % self.shifts;
                let cell = idx / self.shifts;
                let (i, d) = (cell / self.days, cell % self.days);
                if roster.get(StaffId::new(i), d) == Some(ShiftId::new(s)) {
                    values[v] = 1.0;
                }
            }
        }
        for (v, lin) in &self.lower {
            let x = lin.eval(&values);
            if x > values[*v] {
                values[*v] = x;
            }
        }
        for (v, coef, lin) in &self.scaled_lower {
            let x = (lin.eval(&values) / *coef as f64 - 1e-9).ceil();
            if x > values[*v] {
                values[*v] = x;
            }
        }
        values
    }

    /// The roster read from solver values: the base roster with every free cell set to the
    /// shift whose variable is above one half (at most one is, by the one-shift-a-day rows).
    pub(crate) fn roster_from(&self, values: &[f64]) -> Roster {
        let mut r = self.base.clone();
        for (idx, v) in self.cell_var.iter().enumerate() {
            if let Some(v) = *v {
                let s = idx % self.shifts;
                let cell = idx / self.shifts;
                let (i, d) = (StaffId::new(cell / self.days), cell % self.days);
                if s == 0 {
                    r.set(i, d, None);
                }
                if values.get(v).is_some_and(|x| *x > 0.5) {
                    r.set(i, d, Some(ShiftId::new(s)));
                }
            }
        }
        r
    }

    /// Adds rows holding every free cell to `roster`'s value (tests only).
    #[cfg(test)]
    pub(crate) fn pin(&mut self, sc: &Scenario, roster: &Roster) {
        let values = self.values_for(sc, roster);
        for (v, kind) in self.kinds.iter().enumerate() {
            if *kind == VarKind::Cell {
                self.pins.push((v, values[v]));
            }
        }
    }

    /// Least and greatest possible value of `lin` from the variable bounds alone (cells in
    /// 0..=1, auxiliary variables in 0..); `None` is unbounded.
    pub(crate) fn range(&self, lin: &Lin) -> (Option<i64>, Option<i64>) {
        let mut lo = Some(lin.constant);
        let mut hi = Some(lin.constant);
        for &(v, c) in &lin.terms {
            let bounded = self.kinds[v] == VarKind::Cell;
            if c < 0 {
                lo = if bounded { lo.map(|x| x + c) } else { None };
            } else if bounded {
                hi = hi.map(|x| x + c);
            } else {
                hi = None;
            }
        }
        (lo, hi)
    }
}

struct Builder<'a> {
    sc: &'a Scenario,
    m: Model,
}

impl Builder<'_> {
    /// `x[i,d,s]`: a variable for a free cell, else the base roster's 0 or 1.
    fn x(&self, i: usize, d: usize, s: usize) -> Lin {
        let idx = (i * self.m.days + d) * self.m.shifts + s;
        match self.m.cell_var[idx] {
            Some(v) => Lin::var(v),
            None => Lin::constant(i64::from(
                self.m.base.get(StaffId::new(i), d) == Some(ShiftId::new(s)),
            )),
        }
    }

    /// `W[i,d]`: works on day `d`.
    fn w(&self, i: usize, d: usize) -> Lin {
        let idx = (i * self.m.days + d) * self.m.shifts;
        if self.m.cell_var[idx].is_some() {
            let mut l = Lin::default();
            for s in 0..self.m.shifts {
                l.add(&self.x(i, d, s));
            }
            l
        } else {
            Lin::constant(i64::from(self.m.base.get(StaffId::new(i), d).is_some()))
        }
    }

    /// `W[i,d]` when `worked`, else `1 - W[i,d]`.
    fn state(&self, i: usize, d: usize, worked: bool) -> Lin {
        let w = self.w(i, d);
        if worked {
            w
        } else {
            let mut l = Lin::constant(1);
            l.add_scaled(&w, -1);
            l
        }
    }

    fn new_aux(&mut self) -> Var {
        self.m.kinds.push(VarKind::Aux);
        self.m.kinds.len() - 1
    }

    /// Adds `weight x lin` to the objective; `lin` is non-negative at every point.
    fn add_cost(&mut self, lin: &Lin, weight: Weight) {
        match weight {
            Weight::Hard | Weight::HardRank(_) => {
                let rank = i64::from(weight.hard_rank());
                let least = self.m.range(lin).0.unwrap_or(0);
                self.m.hard_floor += least * rank;
                self.m.hard.add_scaled(lin, rank);
            }
            Weight::Soft(w) => self.m.soft.add_scaled(lin, i64::from(w)),
        }
    }

    /// Adds the cost `weight x max(0, lin)`.
    fn penalty(&mut self, mut lin: Lin, weight: Weight) {
        if weight == Weight::Soft(0) {
            return;
        }
        lin.normalise();
        match self.m.range(&lin) {
            (_, Some(hi)) if hi <= 0 => {}
            (Some(lo), _) if lo >= 0 => self.add_cost(&lin, weight),
            _ => {
                let p = self.new_aux();
                self.m.lower.push((p, lin));
                self.add_cost(&Lin::var(p), weight);
            }
        }
    }

    /// Adds the cost of a paid-time breach of `max(0, lin)` minutes: `weight x max(0, lin)`
    /// when soft; when hard, `weight x u` with `u` the hours started, the least integer with
    /// `60 u >= lin` ([`crate::rules::minute_units`]).
    fn minutes_penalty(&mut self, mut lin: Lin, weight: Weight) {
        if !weight.is_hard() {
            return self.penalty(lin, weight);
        }
        lin.normalise();
        if matches!(self.m.range(&lin), (_, Some(hi)) if hi <= 0) {
            return;
        }
        let u = self.m.kinds.len();
        self.m.kinds.push(VarKind::Count);
        self.m
            .scaled_lower
            .push((u, crate::rules::HARD_MINUTES as i64, lin));
        self.add_cost(&Lin::var(u), weight);
    }

    /// The sum over days of `coef(s) * x[i,d,s]`.
    fn total(&self, i: usize, coef: impl Fn(usize) -> i64) -> Lin {
        let mut l = Lin::default();
        for d in 0..self.m.days {
            for s in 0..self.m.shifts {
                let c = coef(s);
                if c != 0 {
                    l.add_scaled(&self.x(i, d, s), c);
                }
            }
        }
        l
    }

    fn staff_rules(&mut self, i: usize) {
        let sc = self.sc;
        let id = StaffId::new(i);
        let contract = sc.contract_of(id);
        let staff = sc.staff_member(id);
        let days = self.m.days;

        // Leave (rules/leave.rs): one hard unit per day worked: W[i,d].
        for l in sc.leave_of(id) {
            let d = l.day as usize;
            if d < days {
                let w = self.w(i, d);
                self.penalty(w, Weight::Hard);
            }
        }
        // Fixed (rules/fixed.rs): one hard unit unless the shift is worked: 1 - x[i,d,s].
        for f in sc.fixed_of(id) {
            let d = f.day as usize;
            if d < days {
                let mut l = Lin::constant(1);
                l.add_scaled(&self.x(i, d, f.shift.index()), -1);
                self.penalty(l, Weight::Hard);
            }
        }
        self.commitments(i);
        // Requests (rules/requests.rs): one unit per wish not granted.
        for r in sc.requests_of(id) {
            let d = r.day as usize;
            if d >= days {
                continue;
            }
            let worked = match r.shift {
                Some(s) => self.x(i, d, s.index()),
                None => self.w(i, d),
            };
            let l = match r.kind {
                RequestKind::On => {
                    let mut l = Lin::constant(1);
                    l.add_scaled(&worked, -1);
                    l
                }
                RequestKind::Off => worked,
            };
            self.penalty(l, r.weight);
        }
        self.changes(i);
        // Max shifts per type (rules/max_shifts.rs): max(0, count - max).
        for &(shift, limit) in &contract.max_shifts {
            let mut l = self.total(i, |s| i64::from(s == shift.index()));
            l.constant -= i64::from(limit.value);
            self.penalty(l, limit.weight);
        }
        // Total minutes (rules/total_minutes.rs): max(0, min - T) and max(0, T - max).
        let (min_minutes, max_minutes) = sc.total_minutes_limits(StaffId::new(i));
        if min_minutes.is_some() || max_minutes.is_some() {
            let t = self.total(i, |s| i64::from(sc.shifts()[s].minutes));
            if let Some(l) = min_minutes {
                let mut e = t.clone().scaled(-1);
                e.constant += i64::from(l.value);
                self.minutes_penalty(e, l.weight);
            }
            if let Some(l) = max_minutes {
                let mut e = t;
                e.constant -= i64::from(l.value);
                self.minutes_penalty(e, l.weight);
            }
        }
        // Total shifts (rules/total_shifts.rs): max(0, min - S) and max(0, S - max).
        if contract.min_total_shifts.is_some() || contract.max_total_shifts.is_some() {
            let mut t = self.total(i, |_| 1);
            t.constant += i64::from(staff.history.as_ref().map_or(0, |h| h.shifts_before));
            if let Some(l) = contract.min_total_shifts {
                let mut e = t.clone().scaled(-1);
                e.constant += i64::from(l.value);
                self.penalty(e, l.weight);
            }
            if let Some(l) = contract.max_total_shifts {
                let mut e = t;
                e.constant -= i64::from(l.value);
                self.penalty(e, l.weight);
            }
        }
        // Worked weekends in a row (rules/weekends.rs): see `weekends.rs`.
        if let Some(limit) = contract.max_consecutive_weekends {
            let carried = staff.history.as_ref().map_or(0, |h| h.weekends_in_a_row);
            self.consecutive_weekends(i, limit, carried);
        }
        // Weekends off in a window (rules/weekends_off.rs): see `weekends.rs`.
        if let Some(rule) = contract.min_weekends_off {
            let carried = staff.history.as_ref().map_or(0, |h| h.weekends_in_a_row);
            self.weekends_off(i, rule, carried);
        }
        // Complete weekends (rules/weekends.rs): see `weekends.rs`.
        if let Some(weight) = contract.complete_weekends {
            self.complete_weekends(i, weight);
        }
        // Consecutive working days and days off (rules/consecutive.rs).
        let history = staff.history.as_ref();
        self.consecutive(
            i,
            true,
            contract.min_consecutive_work,
            contract.max_consecutive_work,
            history.map(|h| h.consecutive_work),
        );
        self.consecutive(
            i,
            false,
            contract.min_consecutive_off,
            contract.max_consecutive_off,
            history.map(|h| h.consecutive_off),
        );
        // Weekends (rules/weekends.rs): y[k] >= W[d] for d in weekend k (see `weekends.rs`);
        // max(0, sum y - max).
        if let Some(limit) = contract
            .max_weekends
            .filter(|l| l.weight != Weight::Soft(0))
        {
            let mut sum = Lin::constant(-i64::from(limit.value));
            for w in self.weekends_worked(i, false) {
                sum.add(&w);
            }
            self.penalty(sum, limit.weight);
        }
        // Minimum rest (rules/rest.rs).
        if let Some(limit) = contract.min_rest_minutes {
            self.rest(i, limit);
        }
        // Successions (rules/successions.rs): x[d-1,a] + x[d,b] - 1, and the history's last
        // shift for day 0.
        let last = history.and_then(|h| h.last_shift);
        for rule in &contract.successions {
            let (a, b) = (rule.from.index(), rule.to.index());
            for d in 0..days {
                let prev = if d == 0 {
                    if last != Some(rule.from) {
                        continue;
                    }
                    Lin::constant(1)
                } else {
                    self.x(i, d - 1, a)
                };
                let mut l = prev;
                l.add(&self.x(i, d, b));
                l.constant -= 1;
                self.penalty(l, rule.weight);
            }
        }
        // Max nights (rules/nights.rs): max(0, nights - max).
        if let Some(limit) = contract.max_nights {
            let mut l = self.total(i, |s| i64::from(sc.shifts()[s].night));
            l.constant -= i64::from(limit.value);
            self.penalty(l, limit.weight);
        }
        // Runs of a shift or group and patterns (rules/runs.rs, rules/patterns.rs).
        self.sequence_rules(i);
        // Rolling week (rules/week_minutes.rs): for each window of 7 days ending on day e,
        // max(0, minutes of the known days before the plan in it + sum of the plan's minutes
        // in it - max).
        if let Some(limit) = contract.max_week_minutes {
            let w = crate::rules::WEEK_WINDOW;
            let before = sc.known_days(id);
            let k = before.len().min(w - 1);
            let known: Vec<i64> = before[before.len() - k..]
                .iter()
                .map(|c| c.map_or(0, |s| i64::from(sc.shift(s).minutes)))
                .collect();
            for e in 0..days {
                let mut l = Lin::constant(-i64::from(limit.value));
                // Days before the plan in the window: positions e - 6 .. -1.
                let start = (e + k + 1).saturating_sub(w).min(k);
                l.constant += known[start..].iter().sum::<i64>();
                for d in (e + 1).saturating_sub(w)..=e {
                    for s in 0..self.m.shifts {
                        l.add_scaled(&self.x(i, d, s), i64::from(sc.shifts()[s].minutes));
                    }
                }
                self.minutes_penalty(l, limit.weight);
            }
        }
    }
}
