//! A rolling week: at most so many paid minutes in any 7 consecutive days. One unit per
//! minute over (per hour started when the limit is hard, see [`super::minute_units`]), in
//! each window. The windows judged are those that end inside the plan (or,
//! while a line is being built, inside its known part); a window that begins before the plan
//! counts the days the history makes known, so each window is judged once across plans that
//! follow each other.

use super::total_minutes::hours;
use super::{minute_units, minutes_cost, RuleKind, Sink, StaffCtx};

/// Days in a window.
pub(crate) const WINDOW: usize = 7;

pub(super) fn check(ctx: &StaffCtx<'_>, sink: &mut impl Sink) {
    let Some(limit) = ctx.contract.max_week_minutes else {
        return;
    };
    let s = ctx.scenario;
    let minutes =
        |cell: &Option<crate::model::ShiftId>| cell.map_or(0, |sh| u64::from(s.shift(sh).minutes));
    let before = s.known_days(ctx.id);
    let k = before.len().min(WINDOW - 1);
    // Paid minutes of the known days before the plan (the last `k`), then of the plan.
    let days: Vec<u64> = before[before.len() - k..]
        .iter()
        .chain(ctx.line.iter())
        .map(minutes)
        .collect();
    let max = u64::from(limit.value);
    let mut sum: u64 = days[..k].iter().sum();
    for end in 0..ctx.line.len() {
        let i = k + end;
        sum += days[i];
        if i >= WINDOW {
            sum -= days[i - WINDOW];
        }
        if sum <= max {
            continue;
        }
        let first = end.saturating_sub(WINDOW - 1);
        let units = minute_units(limit.weight, sum - max);
        let mut b = ctx.breach(RuleKind::MaxWeekMinutes, limit.weight, units);
        b.first_day = Some(first);
        b.last_day = Some(end);
        let total = sum;
        sink.breach(b, || {
            let from = if end + 1 < WINDOW {
                format!(
                    "the 7 days to {} ({} of them before the plan)",
                    ctx.date(end),
                    WINDOW - 1 - end
                )
            } else {
                format!("the 7 days {}..{}", ctx.date(first), ctx.date(end))
            };
            format!(
                "{}: works {} in {from}, max {} ({} over, {})",
                ctx.staff.name,
                hours(total),
                hours(max),
                hours(total - max),
                minutes_cost(limit.weight, total - max)
            )
        });
    }
}
