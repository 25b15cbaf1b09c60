//! Minimum and maximum paid minutes over the horizon; one unit per minute short or over (per
//! hour started when the limit is hard, see [`super::minute_units`]). The
//! limits are the contract's, or around the person's target (their hours owed, leave
//! credited) when the contract sets `below_target` or `above_target`.

use super::{minute_units, minutes_cost, LineSummary, RuleKind, Sink, StaffCtx};

pub(super) fn hours(minutes: u64) -> String {
    if minutes < 60 && minutes > 0 {
        format!("{minutes} min")
    } else if minutes % 60 == 0 {
        format!("{} h", minutes / 60)
    } else {
        format!("{} h {} min", minutes / 60, minutes % 60)
    }
}

pub(super) fn check(ctx: &StaffCtx<'_>, sum: &LineSummary, sink: &mut impl Sink) {
    let (min_limit, max_limit) = ctx.scenario.total_minutes_limits(ctx.id);
    if min_limit.is_none() && max_limit.is_none() {
        return;
    }
    let target = ctx
        .scenario
        .target_minutes(ctx.id)
        .filter(|_| ctx.contract.below_target.is_some() || ctx.contract.above_target.is_some())
        .map_or(String::new(), |t| {
            format!(" (target {}, leave credited)", hours(u64::from(t)))
        });
    let total = sum.minutes;
    if let Some(l) = min_limit.filter(|_| !ctx.open_end) {
        let min = u64::from(l.value);
        if total < min {
            sink.breach(
                ctx.breach(
                    RuleKind::MinTotalMinutes,
                    l.weight,
                    minute_units(l.weight, min - total),
                ),
                || {
                    format!(
                        "{}: works {}, min {}{target} ({} short, {})",
                        ctx.staff.name,
                        hours(total),
                        hours(min),
                        hours(min - total),
                        minutes_cost(l.weight, min - total)
                    )
                },
            );
        }
    }
    if let Some(l) = max_limit {
        let max = u64::from(l.value);
        if total > max {
            sink.breach(
                ctx.breach(
                    RuleKind::MaxTotalMinutes,
                    l.weight,
                    minute_units(l.weight, total - max),
                ),
                || {
                    format!(
                        "{}: works {}, max {}{target} ({} over, {})",
                        ctx.staff.name,
                        hours(total),
                        hours(max),
                        hours(total - max),
                        minutes_cost(l.weight, total - max)
                    )
                },
            );
        }
    }
}
