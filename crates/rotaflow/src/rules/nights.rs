//! Maximum number of night shifts over the horizon; one unit per night over.

use super::{cost, LineSummary, RuleKind, Sink, StaffCtx};

pub(super) fn check(ctx: &StaffCtx<'_>, sum: &LineSummary, sink: &mut impl Sink) {
    let Some(limit) = ctx.contract.max_nights else {
        return;
    };
    let n = u64::from(sum.nights);
    if n > u64::from(limit.value) {
        sink.breach(
            ctx.breach(
                RuleKind::MaxNights,
                limit.weight,
                n - u64::from(limit.value),
            ),
            || {
                format!(
                    "{}: {n} night shifts, max {} ({})",
                    ctx.staff.name,
                    limit.value,
                    cost(limit.weight)
                )
            },
        );
    }
}
