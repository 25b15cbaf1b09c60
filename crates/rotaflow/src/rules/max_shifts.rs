//! Maximum number of shifts of one type over the horizon; one unit per shift over.

use super::{cost, LineSummary, RuleKind, Sink, StaffCtx};

pub(super) fn check(ctx: &StaffCtx<'_>, sum: &LineSummary, sink: &mut impl Sink) {
    for &(shift, limit) in &ctx.contract.max_shifts {
        let n = u64::from(sum.count(shift));
        if n > u64::from(limit.value) {
            let mut b = ctx.breach(
                RuleKind::MaxShifts,
                limit.weight,
                n - u64::from(limit.value),
            );
            b.shift = Some(shift);
            sink.breach(b, || {
                format!(
                    "{}: {n} {} shifts, max {} ({})",
                    ctx.staff.name,
                    ctx.shift_code(shift),
                    limit.value,
                    cost(limit.weight)
                )
            });
        }
    }
}
