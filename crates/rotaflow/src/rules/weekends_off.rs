//! Weekends off in a rolling window: at least `off` weekends off in any `window` consecutive
//! weekends (2 in 4). One unit per worked weekend beyond `window - off`, in each window that
//! ends inside the plan; a window reaching back before the plan counts the history's
//! `weekends_in_a_row` as worked and the weekends before them as off.

use super::{cost, RuleKind, Sink, StaffCtx};

pub(super) fn check(ctx: &StaffCtx<'_>, sink: &mut impl Sink) {
    let Some(rule) = ctx.contract.min_weekends_off else {
        return;
    };
    let weekends = super::weekends::spans(ctx);
    let carried = ctx
        .staff
        .history
        .as_ref()
        .map_or(0, |h| h.weekends_in_a_row) as i64;
    let n = i64::from(rule.window);
    let allowed = u64::from(rule.window - rule.off);
    for end in 0..weekends.len() as i64 {
        let start = end - n + 1;
        let before = (-start).clamp(0, carried) as u64;
        let inside = (start.max(0)..=end)
            .filter(|&k| weekends[k as usize].0)
            .count() as u64;
        let worked = before + inside;
        if worked <= allowed || inside == 0 {
            continue;
        }
        // Only weekends of this plan are counted over (those before it were judged before).
        let over = (worked - allowed).min(inside);
        let first = weekends[start.max(0) as usize].1;
        let last = weekends[end as usize].2;
        let mut b = ctx.breach(RuleKind::MinWeekendsOff, rule.weight, over);
        b.first_day = Some(first);
        b.last_day = Some(last);
        sink.breach(b, || {
            let from_history = if before > 0 {
                format!(", {before} of them before the plan")
            } else {
                String::new()
            };
            format!(
                "{}: works {worked} of {} weekends in a row ({}{from_history}), at least {} off ({over} over, {})",
                ctx.staff.name,
                rule.window,
                ctx.span(first, last),
                rule.off,
                cost(rule.weight)
            )
        });
    }
}
