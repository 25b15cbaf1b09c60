//! Fixed assignments: a pinned shift must be worked. Always hard; one unit per assignment.

use super::{RuleKind, Sink, StaffCtx};
use crate::model::Weight;

pub(super) fn check(ctx: &StaffCtx<'_>, sink: &mut impl Sink) {
    for f in ctx.scenario.fixed_of(ctx.id) {
        let d = f.day as usize;
        if d >= ctx.line.len() {
            continue;
        }
        let actual = ctx.line[d];
        if actual != Some(f.shift) {
            let mut b = ctx.breach(RuleKind::Fixed, Weight::Hard, 1);
            b.first_day = Some(d);
            b.last_day = Some(d);
            b.shift = Some(f.shift);
            sink.breach(b, || {
                let got = actual.map_or("a day off".to_string(), |s| {
                    format!("shift {}", ctx.shift_code(s))
                });
                format!(
                    "{}: fixed to {} on {} but has {}, hard",
                    ctx.staff.name,
                    ctx.shift_code(f.shift),
                    ctx.date(d),
                    got
                )
            });
        }
    }
}
