//! Minimum rest between the end of one shift and the start of the next, derived from the
//! shifts' clock times (night shifts end on the next day). One unit per pair of shifts too close
//! together; the shift worked the day before day 0 (from history) counts too.

use super::{cost, RuleKind, Sink, StaffCtx};
use crate::model::DAY_MINUTES;

pub(super) fn check(ctx: &StaffCtx<'_>, sink: &mut impl Sink) {
    let Some(limit) = ctx.contract.min_rest_minutes else {
        return;
    };
    let scenario = ctx.scenario;
    // (day as i64, shift) of the previous worked shift.
    let mut prev = ctx
        .staff
        .history
        .as_ref()
        .and_then(|h| h.last_shift)
        .map(|s| (-1i64, s));
    for (d, cell) in ctx.line.iter().enumerate() {
        let Some(s) = *cell else { continue };
        if let Some((pd, ps)) = prev {
            let end = pd * i64::from(DAY_MINUTES) + i64::from(scenario.shift(ps).end_offset());
            let start = d as i64 * i64::from(DAY_MINUTES) + i64::from(scenario.shift(s).start);
            let rest = start - end;
            if rest < i64::from(limit.value) {
                let mut b = ctx.breach(RuleKind::MinRest, limit.weight, 1);
                b.first_day = Some(pd.max(0) as usize);
                b.last_day = Some(d);
                b.shift = Some(s);
                sink.breach(b, || {
                    let when = if pd < 0 {
                        "the previous period's last day".to_string()
                    } else {
                        ctx.date(pd as usize).to_string()
                    };
                    format!(
                        "{}: {} on {when} then {} on {}: {} rest, min {} ({})",
                        ctx.staff.name,
                        ctx.shift_code(ps),
                        ctx.shift_code(s),
                        ctx.date(d),
                        fmt_minutes(rest),
                        fmt_minutes(i64::from(limit.value)),
                        cost(limit.weight)
                    )
                });
            }
        }
        prev = Some((d as i64, s));
    }
}

fn fmt_minutes(m: i64) -> String {
    if m % 60 == 0 {
        format!("{} h", m / 60)
    } else {
        format!("{} h {} min", m / 60, m.abs() % 60)
    }
}
