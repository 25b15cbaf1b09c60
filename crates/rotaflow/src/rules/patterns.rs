//! Forbidden or penalised patterns ([`Pattern`](crate::model::Pattern)): one unit for every
//! place where consecutive days match the pattern. The line is judged together with the days
//! before day 0 that the history makes known; a match must end inside the horizon (so a
//! pattern that crosses day 0 counts once, here) and is not judged past the end of the line.

use super::{cost, extended_day, Breach, RuleKind, Sink, StaffCtx};

pub(super) fn check(ctx: &StaffCtx<'_>, sink: &mut impl Sink) {
    let patterns = &ctx.contract.patterns;
    if patterns.is_empty() {
        return;
    }
    let sets = ctx.scenario.pattern_sets(ctx.staff.contract);
    let known = ctx.scenario.known_days(ctx.id);
    let k = known.len();
    let len = k + ctx.line.len();
    for (pattern, days) in patterns.iter().zip(sets) {
        let n = days.len();
        if n > len {
            continue;
        }
        // Starts whose last day is inside the horizon.
        let first = (k + 1).saturating_sub(n);
        for p in first..=len - n {
            if !days
                .iter()
                .enumerate()
                .all(|(j, set)| set.contains(extended_day(known, ctx.line, p + j)))
            {
                continue;
            }
            let (a, b) = (p.saturating_sub(k), p + n - 1 - k);
            let br = Breach {
                first_day: Some(a),
                last_day: Some(b),
                ..ctx.breach(RuleKind::Pattern, pattern.weight, 1)
            };
            sink.breach(br, || {
                let from = if p < k {
                    format!("{} days before {}", k - p, ctx.date(0))
                } else {
                    ctx.date(a).to_string()
                };
                format!(
                    "{}: pattern `{}` from {from} to {} ({})",
                    ctx.staff.name,
                    ctx.scenario.pattern_text(pattern),
                    ctx.date(b),
                    cost(pattern.weight)
                )
            });
        }
    }
}
