//! Minimum and maximum lengths of blocks of consecutive working days and of consecutive days
//! off.
//!
//! Border handling: a block touching day 0 is extended by the staff member's [`History`]
//! (crate::model::History) when it is given; without history it is exempt from the minimum
//! when the scenario's `exempt_start` is set. A block touching the last day is exempt from the
//! minimum when `exempt_end` is set. A history block that ended just before day 0 is judged
//! against the minimum here, because the previous period could not judge it. The maximum is
//! always judged, counting only the days inside the horizon as excess.

use super::{cost, Breach, RuleKind, Sink, StaffCtx};
use crate::model::Limit;

pub(super) fn check(ctx: &StaffCtx<'_>, sink: &mut impl Sink) {
    let c = ctx.contract;
    if c.min_consecutive_work.is_none()
        && c.max_consecutive_work.is_none()
        && c.min_consecutive_off.is_none()
        && c.max_consecutive_off.is_none()
    {
        return;
    }
    let days = ctx.line.len();
    if days == 0 {
        return;
    }
    let settings = ctx.scenario.settings();
    let history = ctx.staff.history.as_ref();

    // A history block that ended the day before day 0.
    if let Some(h) = history {
        let day0_worked = ctx.line[0].is_some();
        let (prev_len, limit, rule, what) = if day0_worked {
            (
                h.consecutive_off,
                c.min_consecutive_off,
                RuleKind::MinConsecutiveOff,
                "days off",
            )
        } else {
            (
                h.consecutive_work,
                c.min_consecutive_work,
                RuleKind::MinConsecutiveWork,
                "working days",
            )
        };
        if let Some(l) = limit {
            if prev_len > 0 && prev_len < l.value {
                let mut b = ctx.breach(rule, l.weight, u64::from(l.value - prev_len));
                b.first_day = Some(0);
                b.last_day = Some(0);
                sink.breach(b, || {
                    format!(
                        "{}: {prev_len} consecutive {what} ending {} (previous period), min {} ({})",
                        ctx.staff.name,
                        ctx.date(0).pred_opt().unwrap_or(ctx.date(0)),
                        l.value,
                        cost(l.weight)
                    )
                });
            }
        }
    }

    let mut start = 0;
    while start < days {
        let worked = ctx.line[start].is_some();
        let mut end = start;
        while end + 1 < days && ctx.line[end + 1].is_some() == worked {
            end += 1;
        }
        let inside = (end - start + 1) as u32;
        let carried = match (start, history) {
            (0, Some(h)) if worked => h.consecutive_work,
            (0, Some(h)) => h.consecutive_off,
            _ => 0,
        };
        let len = inside + carried;
        let (min, max, min_rule, max_rule, what) = if worked {
            (
                c.min_consecutive_work,
                c.max_consecutive_work,
                RuleKind::MinConsecutiveWork,
                RuleKind::MaxConsecutiveWork,
                "working days",
            )
        } else {
            (
                c.min_consecutive_off,
                c.max_consecutive_off,
                RuleKind::MinConsecutiveOff,
                RuleKind::MaxConsecutiveOff,
                "days off",
            )
        };
        let block = Block {
            first: start,
            last: end,
            len,
            carried,
        };
        if let Some(l) = max {
            if len > l.value {
                let excess = (len - l.value).min(inside);
                report(ctx, sink, block, max_rule, l, excess, "max", what);
            }
        }
        if let Some(l) = min {
            let exempt = (end == days - 1 && (settings.exempt_end || ctx.open_end))
                || (start == 0 && history.is_none() && settings.exempt_start);
            if len < l.value && !exempt {
                report(ctx, sink, block, min_rule, l, l.value - len, "min", what);
            }
        }
        start = end + 1;
    }
}

#[derive(Clone, Copy)]
struct Block {
    first: usize,
    last: usize,
    len: u32,
    carried: u32,
}

#[allow(clippy::too_many_arguments)]
fn report(
    ctx: &StaffCtx<'_>,
    sink: &mut impl Sink,
    block: Block,
    rule: RuleKind,
    limit: Limit,
    amount: u32,
    bound: &str,
    what: &str,
) {
    let b = Breach {
        first_day: Some(block.first),
        last_day: Some(block.last),
        ..ctx.breach(rule, limit.weight, u64::from(amount))
    };
    sink.breach(b, || {
        let history = if block.carried > 0 {
            format!(" (with {} from the previous period)", block.carried)
        } else {
            String::new()
        };
        format!(
            "{}: {} consecutive {what} {}{history}, {bound} {} ({})",
            ctx.staff.name,
            block.len,
            ctx.span(block.first, block.last),
            limit.value,
            cost(limit.weight)
        )
    });
}
