//! Minimum and maximum number of shifts (of any type) over the horizon; one unit per shift
//! short or over. Shifts worked earlier in the same reference period (the history's
//! `shifts_before`) count too. The minimum is not judged while a line is still being built
//! (open end).

use super::{cost, LineSummary, RuleKind, Sink, StaffCtx};

pub(super) fn check(ctx: &StaffCtx<'_>, sum: &LineSummary, sink: &mut impl Sink) {
    let c = ctx.contract;
    let before = ctx.staff.history.as_ref().map_or(0, |h| h.shifts_before);
    let total = u64::from(sum.shifts) + u64::from(before);
    if let Some(l) = c.min_total_shifts.filter(|_| !ctx.open_end) {
        let min = u64::from(l.value);
        if total < min {
            sink.breach(
                ctx.breach(RuleKind::MinTotalShifts, l.weight, min - total),
                || {
                    format!(
                        "{}: works {total} shifts, min {min} ({} short, {})",
                        ctx.staff.name,
                        min - total,
                        cost(l.weight)
                    )
                },
            );
        }
    }
    if let Some(l) = c.max_total_shifts {
        let max = u64::from(l.value);
        if total > max {
            sink.breach(
                ctx.breach(RuleKind::MaxTotalShifts, l.weight, total - max),
                || {
                    format!(
                        "{}: works {total} shifts, max {max} ({} over, {})",
                        ctx.staff.name,
                        total - max,
                        cost(l.weight)
                    )
                },
            );
        }
    }
}
