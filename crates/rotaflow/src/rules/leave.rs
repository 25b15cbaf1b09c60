//! Leave: no work on a day the staff member is away. Always hard; one unit per day worked.

use super::{RuleKind, Sink, StaffCtx};
use crate::model::Weight;

pub(super) fn check(ctx: &StaffCtx<'_>, sink: &mut impl Sink) {
    for l in ctx.scenario.leave_of(ctx.id) {
        let d = l.day as usize;
        if d >= ctx.line.len() {
            continue;
        }
        if let Some(s) = ctx.line[d] {
            let mut b = ctx.breach(RuleKind::Leave, Weight::Hard, 1);
            b.first_day = Some(d);
            b.last_day = Some(d);
            b.shift = Some(s);
            sink.breach(b, || {
                format!(
                    "{}: works {} on {} but is on leave ({}), hard",
                    ctx.staff.name,
                    ctx.shift_code(s),
                    ctx.date(d),
                    l.reason
                )
            });
        }
    }
}
