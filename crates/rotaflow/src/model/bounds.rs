//! The largest score a scenario can reach, so that no score ever wraps around.
//!
//! Scores are whole numbers ([`crate::Score`]: 64 bits; changes between rosters: signed 64
//! bits). A scenario is refused when, in the worst roster, its weights times the most units
//! each rule can count could pass [`MAX_SCORE`]. The bound is generous (every rule at its
//! worst at once), far above any real roster's score, and far below what real weights reach:
//! a thousand rules with weight 10 000 on a year of 1 000 people stay below a millionth of it.

use super::{
    Contract, Limit, Location, ModelError, ScenarioParts, Weight, DAY_MINUTES, MAX_BALANCE,
};

/// The largest hard or soft score a scenario may be able to reach (2^62).
pub const MAX_SCORE: u64 = 1 << 62;

/// The worst-case hard and soft totals, and the largest single part of each.
#[derive(Default)]
struct Worst {
    hard: u128,
    soft: u128,
    largest_hard: Option<(u128, Location, &'static str)>,
    largest_soft: Option<(u128, Location, &'static str)>,
}

impl Worst {
    /// Adds a rule of cost `weight` that counts at most `units` units.
    fn add(&mut self, location: Location, field: &'static str, weight: Weight, units: u128) {
        let (total, largest, per_unit) = match weight {
            Weight::Soft(w) => (&mut self.soft, &mut self.largest_soft, u128::from(w)),
            w => (
                &mut self.hard,
                &mut self.largest_hard,
                u128::from(w.hard_rank()),
            ),
        };
        let part = per_unit.saturating_mul(units);
        *total = total.saturating_add(part);
        if largest.as_ref().is_none_or(|(p, _, _)| part > *p) {
            *largest = Some((part, location, field));
        }
    }

    fn add_limit(
        &mut self,
        location: Location,
        field: &'static str,
        limit: Option<Limit>,
        units: u128,
    ) {
        if let Some(l) = limit {
            self.add(location, field, l.weight, units);
        }
    }
}

/// Problems with scenarios whose hard or soft score could pass [`MAX_SCORE`]: one per score,
/// placed at the largest single contributor.
pub(super) fn check(p: &ScenarioParts) -> Vec<ModelError> {
    let w = worst(p);
    let mut errs = Vec::new();
    for (total, largest, what) in [
        (w.soft, w.largest_soft, "soft"),
        (w.hard, w.largest_hard, "hard"),
    ] {
        if total <= u128::from(MAX_SCORE) {
            continue;
        }
        if let Some((_, location, field)) = largest {
            errs.push(ModelError {
                location,
                field,
                message: format!(
                    "the {what} weights could add up to about {:.1e} in the worst roster, more \
                     than the {:.1e} a score can hold: lower this weight (the largest part of \
                     the total) or the other large weights and numbers",
                    total as f64, MAX_SCORE as f64
                ),
            });
        }
    }
    errs
}

/// The worst-case totals of `p`.
fn worst(p: &ScenarioParts) -> Worst {
    let mut w = Worst::default();
    // Days a rule may look at: the plan and the history days before it.
    let days = u128::from(p.horizon.days) + 7;
    let n_staff = p.staff.len() as u128;
    let n_shifts = p.shifts.len().max(1) as u128;
    // Paid minutes one person can have in a day (shifts are shorter than a day; leave credit
    // is at most a day).
    let day_minutes = 2 * u128::from(DAY_MINUTES);
    for (i, c) in p.cover.iter().enumerate() {
        let at = Location::Cover(i);
        w.add(at, "under_weight", c.under, u128::from(c.required));
        w.add(at, "over_weight", c.over, n_staff);
    }
    for (i, r) in p.requests.iter().enumerate() {
        w.add(Location::Request(i), "weight", r.weight, 1);
    }
    for (i, f) in p.fairness.iter().enumerate() {
        let balance = u128::from(MAX_BALANCE.unsigned_abs());
        let units = n_staff * (days * n_shifts + balance);
        w.add(
            Location::Fairness(i),
            "weight",
            Weight::Soft(f.weight),
            units,
        );
    }
    for (i, q) in p.pairings.iter().enumerate() {
        w.add(Location::Pairing(i), "weight", q.weight, days * n_shifts);
    }
    if let Some(b) = &p.baseline {
        for (i, line) in b.weights.iter().enumerate() {
            let at = Location::Baseline(super::StaffId::new(i));
            w.add(at, "published", Weight::Hard, line.len() as u128);
            for &x in line {
                let units = u128::from(super::DAY_OFF_TAKEN_UNITS);
                w.add(at, "change_weight", Weight::Soft(x), units);
            }
        }
    }
    for (ci, c) in p.contracts.iter().enumerate() {
        let members: Vec<_> = p
            .staff
            .iter()
            .filter(|s| s.contract.index() == ci)
            .collect();
        if members.is_empty() {
            continue;
        }
        let carried = members
            .iter()
            .map(|s| u128::from(s.carried_minutes.unsigned_abs()))
            .max()
            .unwrap_or(0);
        let fte = members
            .iter()
            .map(|s| u128::from(s.fte_permille.unwrap_or(1000)))
            .max()
            .unwrap_or(1000);
        let target = u128::from(c.weekly_minutes.unwrap_or(0)) * (days / 7 + 1) * fte / 1000;
        let minutes = days * day_minutes + carried + target;
        let mut per_person = Worst::default();
        contract_worst(c, ci, days, minutes, day_minutes, &mut per_person);
        let n = members.len() as u128;
        for (part, largest, weight) in [
            (per_person.soft, per_person.largest_soft, Weight::Soft(1)),
            (per_person.hard, per_person.largest_hard, Weight::Hard),
        ] {
            if let Some((_, location, field)) = largest {
                w.add(location, field, weight, part.saturating_mul(n));
            }
        }
    }
    w
}

/// The worst case of one person on contract `c`.
fn contract_worst(
    c: &Contract,
    ci: usize,
    days: u128,
    minutes: u128,
    day_minutes: u128,
    w: &mut Worst,
) {
    let at = Location::Contract(super::ContractId::new(ci));
    let value = |l: &Option<Limit>| l.map_or(0, |l| u128::from(l.value));
    w.add_limit(
        at,
        "min_total_minutes",
        c.min_total_minutes,
        minutes + value(&c.min_total_minutes),
    );
    w.add_limit(at, "max_total_minutes", c.max_total_minutes, minutes);
    w.add_limit(at, "below_target", c.below_target, minutes);
    w.add_limit(at, "above_target", c.above_target, minutes);
    w.add_limit(
        at,
        "max_hours_7_days",
        c.max_week_minutes,
        days * 7 * day_minutes,
    );
    for (_, l) in &c.max_shifts {
        w.add(at, "max_shifts", l.weight, days);
    }
    for (field, l) in [
        ("min_consecutive_work", c.min_consecutive_work),
        ("max_consecutive_work", c.max_consecutive_work),
        ("min_consecutive_off", c.min_consecutive_off),
        ("max_consecutive_off", c.max_consecutive_off),
    ] {
        w.add_limit(at, field, l, days * (1 + value(&l)));
    }
    w.add_limit(at, "max_weekends", c.max_weekends, days);
    w.add_limit(at, "min_rest_minutes", c.min_rest_minutes, days);
    w.add_limit(at, "max_nights", c.max_nights, days);
    w.add_limit(
        at,
        "min_total_shifts",
        c.min_total_shifts,
        value(&c.min_total_shifts),
    );
    w.add_limit(at, "max_total_shifts", c.max_total_shifts, days);
    w.add_limit(
        at,
        "max_consecutive_weekends",
        c.max_consecutive_weekends,
        days,
    );
    if let Some(weight) = c.complete_weekends {
        w.add(at, "complete_weekends", weight, days);
    }
    if let Some(o) = c.min_weekends_off {
        w.add(
            at,
            "min_weekends_off",
            o.weight,
            days * u128::from(o.window),
        );
    }
    for s in &c.successions {
        w.add(at, "successions", s.weight, days);
    }
    for pat in &c.patterns {
        w.add(at, "patterns", pat.weight, days);
    }
    for r in &c.runs {
        for l in [r.min, r.max, r.off_after] {
            w.add_limit(at, "runs", l, days * (1 + value(&l)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cover, ShiftId};

    fn cover(required: u32, under: u32) -> Cover {
        Cover {
            day: 0,
            shift: ShiftId::new(0),
            role: None,
            required,
            under: Weight::Soft(under),
            over: Weight::Soft(0),
        }
    }

    #[test]
    fn weights_that_could_wrap_the_score_are_refused_where_they_are() {
        let mut p = crate::evaluation::tests::one_person(Contract::new("C", "c"), None);
        p.cover.push(cover(u32::MAX, u32::MAX));
        p.cover.push(cover(u32::MAX, u32::MAX));
        let errs = check(&p);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].field, "under_weight");
        assert!(matches!(errs[0].location, Location::Cover(_)));
        assert!(
            errs[0].message.contains("soft weights"),
            "{}",
            errs[0].message
        );
    }

    #[test]
    fn real_weights_are_far_from_the_limit() {
        let mut p = crate::evaluation::tests::one_person(Contract::new("C", "c"), None);
        for _ in 0..1000 {
            p.cover.push(cover(50, 10_000));
        }
        assert!(check(&p).is_empty());
        assert!(worst(&p).soft < u128::from(MAX_SCORE) / 1_000_000);
    }
}
