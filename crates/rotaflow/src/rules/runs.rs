//! Runs of a shift type or group ([`RunRule`](crate::model::RunRule)): minimum and maximum
//! length (one unit per day short or over) and the days off needed after a run (one unit per
//! day short).
//!
//! The line is judged together with the days before day 0 that the history makes known
//! ([`Scenario::known_days`](crate::Scenario::known_days)). Border handling follows the
//! blocks of working days: a run touching day 0 counts its known days in the history; when
//! its start is not known (every known day is in the run and the history's working block may
//! be longer, or there is no history) it is not judged against the minimum, except without
//! history when the scenario's `exempt_start` is off. A run touching the last day is exempt
//! from the minimum when `exempt_end` is set (or the line is open-ended). A run that ended the
//! day before day 0 is judged against the minimum here. The maximum counts as excess only
//! days inside the horizon. Days off after a run are short only when a worked day inside the
//! horizon comes too early; days off that reach the end of the line are never short.

use super::{cost, extended_day, Breach, RuleKind, Sink, StaffCtx};
use crate::model::{Limit, RunRule, Scenario, ShiftId, StaffId, ValueSet};

pub(super) fn check(ctx: &StaffCtx<'_>, sink: &mut impl Sink) {
    let rules = &ctx.contract.runs;
    if rules.is_empty() {
        return;
    }
    let sets = ctx.scenario.run_sets(ctx.staff.contract);
    let known = ctx.scenario.known_days(ctx.id);
    for (rule, set) in rules.iter().zip(sets) {
        check_rule(ctx, known, rule, set, sink);
    }
}

/// Whether a run that begins on the first known day of `staff` (position 0 of the line
/// extended by [`Scenario::known_days`]) truly begins there: with history, when the
/// history's working block is exactly the known days; without, when `exempt_start` is off
/// (the plan then starts on a blank page).
pub(crate) fn first_run_start_known(scenario: &Scenario, staff: StaffId) -> bool {
    match &scenario.staff_member(staff).history {
        Some(h) => h.consecutive_work as usize == scenario.known_days(staff).len(),
        None => !scenario.settings().exempt_start,
    }
}

fn check_rule(
    ctx: &StaffCtx<'_>,
    known: &[Option<ShiftId>],
    rule: &RunRule,
    set: &ValueSet,
    sink: &mut impl Sink,
) {
    let k = known.len();
    let len = k + ctx.line.len();
    let settings = ctx.scenario.settings();
    let mut p = 0;
    while p < len {
        if !set.contains(extended_day(known, ctx.line, p)) {
            p += 1;
            continue;
        }
        let a = p;
        while p + 1 < len && set.contains(extended_day(known, ctx.line, p + 1)) {
            p += 1;
        }
        let b = p;
        p += 1;
        let run = Run {
            a,
            b,
            k,
            len: (b - a + 1) as u32,
        };
        // Whether the run's true start is known.
        let start_known = a > 0 || first_run_start_known(ctx.scenario, ctx.id);
        // A run of the previous period is judged here only against the minimum, when it
        // ended the day before day 0; a run touching the last day may go on.
        let judge_min = if b < k {
            b + 1 == k && len > k
        } else {
            !(b == len - 1 && (settings.exempt_end || ctx.open_end))
        };
        if let Some(l) = rule.max.filter(|l| b >= k && run.len > l.value) {
            let inside = (b + 1 - a.max(k)) as u32;
            let excess = (run.len - l.value).min(inside);
            report(ctx, sink, rule, run, RuleKind::MaxConsecutive, l, excess);
        }
        if let Some(l) = rule
            .min
            .filter(|l| judge_min && start_known && run.len < l.value)
        {
            let short = l.value - run.len;
            report(ctx, sink, rule, run, RuleKind::MinConsecutive, l, short);
        }
        if let Some(l) = rule.off_after {
            let mut q = b + 1;
            while q < len && extended_day(known, ctx.line, q).is_none() {
                q += 1;
            }
            let off = (q - b - 1) as u32;
            if q < len && q >= k && off < l.value {
                off_after(ctx, sink, rule, run, q, l);
            }
        }
    }
}

/// A run in positions of the extended line (`k` known days first).
#[derive(Clone, Copy)]
struct Run {
    a: usize,
    b: usize,
    k: usize,
    len: u32,
}

impl Run {
    /// First and last day of the run inside the horizon (day 0 for a run of the previous
    /// period).
    fn days(self) -> (usize, usize) {
        (self.a.saturating_sub(self.k), self.b.saturating_sub(self.k))
    }
}

#[allow(clippy::too_many_arguments)]
fn report(
    ctx: &StaffCtx<'_>,
    sink: &mut impl Sink,
    rule: &RunRule,
    run: Run,
    kind: RuleKind,
    limit: Limit,
    amount: u32,
) {
    let (first, last) = run.days();
    let b = Breach {
        first_day: Some(first),
        last_day: Some(last),
        ..ctx.breach(kind, limit.weight, u64::from(amount))
    };
    sink.breach(b, || {
        let carried = run.k.saturating_sub(run.a).min(run.len as usize);
        let when = if run.b < run.k {
            format!(
                "ending {} (previous period)",
                ctx.date(0).pred_opt().unwrap_or(ctx.date(0))
            )
        } else if carried > 0 {
            format!(
                "{} (with {carried} from the previous period)",
                ctx.span(first, last)
            )
        } else {
            ctx.span(first, last)
        };
        let bound = if kind == RuleKind::MaxConsecutive {
            "max"
        } else {
            "min"
        };
        format!(
            "{}: {} {} of {} in a row {when}, {bound} {} ({})",
            ctx.staff.name,
            run.len,
            if run.len == 1 { "day" } else { "days" },
            ctx.scenario.set_name(rule.set),
            limit.value,
            cost(limit.weight)
        )
    });
}

fn off_after(
    ctx: &StaffCtx<'_>,
    sink: &mut impl Sink,
    rule: &RunRule,
    run: Run,
    q: usize,
    limit: Limit,
) {
    let off = (q - run.b - 1) as u32;
    let day = q - run.k;
    let (first, _) = run.days();
    let b = Breach {
        first_day: Some(first),
        last_day: Some(day),
        ..ctx.breach(
            RuleKind::MinOffAfter,
            limit.weight,
            u64::from(limit.value - off),
        )
    };
    sink.breach(b, || {
        let ended = if run.b < run.k {
            "the previous period".to_string()
        } else {
            ctx.date(run.b - run.k).to_string()
        };
        let shift = ctx.line[day].map_or("?", |s| ctx.shift_code(s));
        let days = |n: u32| match n {
            0 => "no day off".to_string(),
            1 => "1 day off".to_string(),
            n => format!("{n} days off"),
        };
        format!(
            "{}: {} after {} ending {ended}, then {shift} on {}; {} needed ({})",
            ctx.staff.name,
            days(off),
            ctx.scenario.set_name(rule.set),
            ctx.date(day),
            days(limit.value),
            cost(limit.weight)
        )
    });
}
