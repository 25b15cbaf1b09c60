//! Commitments (doctors' calendars, [`crate::model::Commitment`]): a working commitment needs
//! a shift that covers its hours, one away from the ward forbids the shifts that overlap it.
//! Always hard; one unit per commitment and day not kept.

use super::{RuleKind, Sink, StaffCtx};
use crate::model::Weight;

pub(super) fn check(ctx: &StaffCtx<'_>, sink: &mut impl Sink) {
    for r in ctx.scenario.day_rules_of(ctx.id) {
        let d = r.day as usize;
        if d >= ctx.line.len() {
            break;
        }
        let actual = ctx.line[d];
        if r.allowed.contains(actual) {
            continue;
        }
        let c = &ctx.scenario.commitments()[r.commitment as usize];
        let mut b = ctx.breach(RuleKind::Commitment, Weight::Hard, 1);
        b.first_day = Some(d);
        b.last_day = Some(d);
        b.shift = actual;
        sink.breach(b, || {
            let when = ctx.date(c.day as usize);
            match actual {
                None => format!(
                    "{}: day off on {when} but has the {} to do, hard",
                    ctx.staff.name,
                    c.describe()
                ),
                Some(s) if c.kind.is_work() => format!(
                    "{}: works {} on {when}, which does not cover the {}, hard",
                    ctx.staff.name,
                    ctx.shift_code(s),
                    c.describe()
                ),
                Some(s) => {
                    let other = if d == c.day as usize {
                        String::new()
                    } else {
                        format!(" on {when}")
                    };
                    format!(
                        "{}: works {} on {}, which clashes with the {}{other}, hard",
                        ctx.staff.name,
                        ctx.shift_code(s),
                        ctx.date(d),
                        c.describe()
                    )
                }
            }
        });
    }
}
