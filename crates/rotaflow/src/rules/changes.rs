//! Changes to a published roster (a re-plan, [`crate::model::Baseline`]): each person-day that
//! differs from the published value costs its weight, twice when a day off is taken away; a
//! change before the re-plan's first day is hard.

use super::{cost, RuleKind, Sink, StaffCtx};
use crate::model::{Baseline, Weight};

pub(super) fn check(ctx: &StaffCtx<'_>, sink: &mut impl Sink) {
    let Some(b) = ctx.scenario.baseline() else {
        return;
    };
    let i = ctx.id.index();
    let (Some(published), Some(weights)) = (b.lines.get(i), b.weights.get(i)) else {
        return;
    };
    for (d, (&before, &after)) in published.iter().zip(ctx.line).enumerate() {
        let units = Baseline::units(before, after);
        if units == 0 {
            continue;
        }
        let (weight, units) = if b.is_frozen(d) {
            (Weight::Hard, 1)
        } else {
            match weights.get(d) {
                Some(&w) if w > 0 => (Weight::Soft(w), units),
                _ => continue,
            }
        };
        let mut breach = ctx.breach(RuleKind::Change, weight, units);
        breach.first_day = Some(d);
        breach.last_day = Some(d);
        breach.shift = after.or(before);
        sink.breach(breach, || {
            let name = |v: Option<crate::model::ShiftId>| match v {
                Some(s) => ctx.shift_code(s).to_string(),
                None => "off".to_string(),
            };
            let what = if before.is_none() {
                "a day off taken away"
            } else if after.is_none() {
                "a shift cancelled"
            } else {
                "a shift moved"
            };
            let when = if b.is_frozen(d) {
                ", before the re-plan's first day"
            } else {
                ""
            };
            format!(
                "{}: {} changed from {} to {} ({what}{when}; {})",
                ctx.staff.name,
                ctx.date(d),
                name(before),
                name(after),
                cost(weight)
            )
        });
    }
}
