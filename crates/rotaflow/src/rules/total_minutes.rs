//! Minimum and maximum paid minutes over the horizon; one unit per minute short or over.

use super::{cost, LineSummary, RuleKind, Sink, StaffCtx};

fn hours(minutes: u64) -> String {
    if minutes % 60 == 0 {
        format!("{} h", minutes / 60)
    } else {
        format!("{} h {} min", minutes / 60, minutes % 60)
    }
}

pub(super) fn check(ctx: &StaffCtx<'_>, sum: &LineSummary, sink: &mut impl Sink) {
    let c = ctx.contract;
    if c.min_total_minutes.is_none() && c.max_total_minutes.is_none() {
        return;
    }
    let total = sum.minutes;
    if let Some(l) = c.min_total_minutes.filter(|_| !ctx.open_end) {
        let min = u64::from(l.value);
        if total < min {
            sink.breach(
                ctx.breach(RuleKind::MinTotalMinutes, l.weight, min - total),
                || {
                    format!(
                        "{}: works {}, min {} ({} short, {})",
                        ctx.staff.name,
                        hours(total),
                        hours(min),
                        hours(min - total),
                        cost(l.weight)
                    )
                },
            );
        }
    }
    if let Some(l) = c.max_total_minutes {
        let max = u64::from(l.value);
        if total > max {
            sink.breach(
                ctx.breach(RuleKind::MaxTotalMinutes, l.weight, total - max),
                || {
                    format!(
                        "{}: works {}, max {} ({} over, {})",
                        ctx.staff.name,
                        hours(total),
                        hours(max),
                        hours(total - max),
                        cost(l.weight)
                    )
                },
            );
        }
    }
}
