//! Wishes: shift or day on/off requests, each with its own weight; one unit per wish not
//! granted.

use super::{cost, RuleKind, Sink, StaffCtx};
use crate::model::RequestKind;

pub(super) fn check(ctx: &StaffCtx<'_>, sink: &mut impl Sink) {
    for r in ctx.scenario.requests_of(ctx.id) {
        let d = r.day as usize;
        if d >= ctx.line.len() {
            continue;
        }
        let actual = ctx.line[d];
        let granted = match (r.kind, r.shift) {
            (RequestKind::On, Some(s)) => actual == Some(s),
            (RequestKind::On, None) => actual.is_some(),
            (RequestKind::Off, Some(s)) => actual != Some(s),
            (RequestKind::Off, None) => actual.is_none(),
        };
        if !granted {
            let mut b = ctx.breach(RuleKind::Request, r.weight, 1);
            b.first_day = Some(d);
            b.last_day = Some(d);
            b.shift = r.shift;
            sink.breach(b, || {
                let what = match r.shift {
                    Some(s) => format!("shift {}", ctx.shift_code(s)),
                    None => "the day".to_string(),
                };
                let verb = match r.kind {
                    RequestKind::On => "to work",
                    RequestKind::Off => "not to work",
                };
                format!(
                    "{}: asked {verb} {what} on {}, not granted ({})",
                    ctx.staff.name,
                    ctx.date(d),
                    cost(r.weight)
                )
            });
        }
    }
}
