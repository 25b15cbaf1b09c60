//! Forbidden or penalised shift successions: shift `from` on one day followed by shift `to` on
//! the next day. One unit per occurrence; the history's last shift counts for day 0.

use super::{cost, RuleKind, Sink, StaffCtx};

pub(super) fn check(ctx: &StaffCtx<'_>, sink: &mut impl Sink) {
    if ctx.contract.successions.is_empty() {
        return;
    }
    let contract = ctx.staff.contract;
    let mut prev = ctx.staff.history.as_ref().and_then(|h| h.last_shift);
    for (d, cell) in ctx.line.iter().enumerate() {
        if let (Some(a), Some(b)) = (prev, *cell) {
            if let Some(weight) = ctx.scenario.succession(contract, a, b) {
                let mut br = ctx.breach(RuleKind::Succession, weight, 1);
                br.first_day = Some(d.saturating_sub(1));
                br.last_day = Some(d);
                br.shift = Some(b);
                sink.breach(br, || {
                    format!(
                        "{}: {} followed by {} on {} ({})",
                        ctx.staff.name,
                        ctx.shift_code(a),
                        ctx.shift_code(b),
                        ctx.date(d),
                        cost(weight)
                    )
                });
            }
        }
        prev = *cell;
    }
}
