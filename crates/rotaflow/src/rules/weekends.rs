//! Maximum number of working weekends; a weekend counts as worked when any of its days is
//! worked. One unit per weekend over.

use super::{cost, RuleKind, Sink, StaffCtx};
use crate::model::{Scenario, ShiftId};

/// Weekends with any work in `line`.
pub(crate) fn worked(scenario: &Scenario, line: &[Option<ShiftId>]) -> u32 {
    // Weekend ids grow with the day, so distinct worked weekends are counted in one pass.
    let mut count = 0;
    let mut last = None;
    for (d, s) in line.iter().enumerate() {
        if s.is_some() {
            if let Some(w) = scenario.weekend_of(d) {
                if last != Some(w) {
                    count += 1;
                    last = Some(w);
                }
            }
        }
    }
    count
}

pub(super) fn check(ctx: &StaffCtx<'_>, sink: &mut impl Sink) {
    let Some(limit) = ctx.contract.max_weekends else {
        return;
    };
    let count = u64::from(worked(ctx.scenario, ctx.line));
    if count > u64::from(limit.value) {
        sink.breach(
            ctx.breach(
                RuleKind::MaxWeekends,
                limit.weight,
                count - u64::from(limit.value),
            ),
            || {
                format!(
                    "{}: works {count} weekends, max {} ({})",
                    ctx.staff.name,
                    limit.value,
                    cost(limit.weight)
                )
            },
        );
    }
}
