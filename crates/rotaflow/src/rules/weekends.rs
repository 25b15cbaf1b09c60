//! Maximum number of working weekends; a weekend counts as worked when any of its days is
//! worked (with a weekend by clock time, when any shift worked overlaps its window: a Friday
//! night). One unit per weekend over.

use super::{cost, RuleKind, Sink, StaffCtx};
use crate::model::{Scenario, ShiftId};

/// Weekends with any work in `line`.
pub(crate) fn worked(scenario: &Scenario, line: &[Option<ShiftId>]) -> u32 {
    // Weekend ids grow with the day, so distinct worked weekends are counted in one pass.
    let mut count = 0;
    let mut last = None;
    if scenario.settings().weekend_clock.is_none() {
        // Every shift of a day counts for the day's weekend: only weekend days are looked at.
        for &(d, w) in scenario.weekend_days() {
            let Some(cell) = line.get(d as usize) else {
                break;
            };
            if cell.is_some() && last != Some(w) {
                count += 1;
                last = Some(w);
            }
        }
        return count;
    }
    for (d, s) in line.iter().enumerate() {
        let Some(s) = *s else { continue };
        if let Some(w) = scenario.cell_weekend(d, s) {
            if last != Some(w) {
                count += 1;
                last = Some(w);
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

/// Complete weekends: one unit per weekend with some of its days (inside the plan) worked and
/// some off. A weekend cut by the start or end of the plan is judged on its days inside; while
/// a line is being built (open end), a weekend that goes on past its last day is not judged.
pub(super) fn check_complete(ctx: &StaffCtx<'_>, sink: &mut impl Sink) {
    let Some(weight) = ctx.contract.complete_weekends else {
        return;
    };
    let sc = ctx.scenario;
    // (weekend, first day, last day, days worked, days in it)
    let mut current: Option<(u32, usize, usize, usize, usize)> = None;
    for (d, cell) in ctx.line.iter().enumerate() {
        let Some(w) = sc.weekend_of(d) else {
            continue;
        };
        match current.as_mut() {
            Some(c) if c.0 == w => {
                c.2 = d;
                c.3 += usize::from(cell.is_some());
                c.4 += 1;
            }
            _ => {
                if let Some((_, first, last, worked, days)) = current {
                    judge_complete(ctx, weight, first, last, worked, days, sink);
                }
                current = Some((w, d, d, usize::from(cell.is_some()), 1));
            }
        }
    }
    let next = ctx.line.len();
    let cut = ctx.open_end
        && next < sc.days()
        && current.is_some_and(|c| sc.weekend_of(next) == Some(c.0));
    if let (Some((_, first, last, worked, days)), false) = (current, cut) {
        judge_complete(ctx, weight, first, last, worked, days, sink);
    }
}

fn judge_complete(
    ctx: &StaffCtx<'_>,
    weight: crate::model::Weight,
    first: usize,
    last: usize,
    worked: usize,
    days: usize,
    sink: &mut impl Sink,
) {
    if worked == 0 || worked == days {
        return;
    }
    let mut b = ctx.breach(RuleKind::CompleteWeekends, weight, 1);
    b.first_day = Some(first);
    b.last_day = Some(last);
    sink.breach(b, || {
        format!(
            "{}: works {worked} of the {days} days of the weekend {} (complete weekends, {})",
            ctx.staff.name,
            ctx.span(first, last),
            cost(weight)
        )
    });
}

/// Worked state and first and last day of each weekend the line reaches, in order: by its
/// days, or by a shift that counts for it (a Friday night before a weekend by clock time,
/// which then begins on the Friday).
pub(super) fn spans(ctx: &StaffCtx<'_>) -> Vec<(bool, usize, usize)> {
    let sc = ctx.scenario;
    let mut weekends: Vec<(bool, usize, usize)> = Vec::new();
    for (d, cell) in ctx.line.iter().enumerate() {
        let counts_for = cell.and_then(|s| sc.cell_weekend(d, s));
        for w in [sc.weekend_of(d), counts_for].into_iter().flatten() {
            let w = w as usize;
            if weekends.len() <= w {
                weekends.resize(w + 1, (false, d, d));
            }
            weekends[w].2 = weekends[w].2.max(d);
        }
        if let Some(w) = counts_for {
            weekends[w as usize].0 = true;
        }
    }
    weekends
}

/// Most worked weekends in a row: in every run of worked weekends (continued by the
/// history's `weekends_in_a_row` when it touches the first weekend), each weekend beyond the
/// limit is one unit, counting only weekends inside the plan.
pub(super) fn check_consecutive(ctx: &StaffCtx<'_>, sink: &mut impl Sink) {
    let Some(limit) = ctx.contract.max_consecutive_weekends else {
        return;
    };
    let weekends = spans(ctx);
    let carried = ctx
        .staff
        .history
        .as_ref()
        .map_or(0, |h| h.weekends_in_a_row);
    let max = u64::from(limit.value);
    let mut k = 0;
    while k < weekends.len() {
        if !weekends[k].0 {
            k += 1;
            continue;
        }
        let start = k;
        while k < weekends.len() && weekends[k].0 {
            k += 1;
        }
        let inside = (k - start) as u64;
        let before = if start == 0 { u64::from(carried) } else { 0 };
        let run = inside + before;
        if run > max {
            let over = (run - max).min(inside);
            let (first, last) = (weekends[start].1, weekends[k - 1].2);
            let mut b = ctx.breach(RuleKind::MaxConsecutiveWeekends, limit.weight, over);
            b.first_day = Some(first);
            b.last_day = Some(last);
            sink.breach(b, || {
                let from_history = if before > 0 {
                    format!(" (with {before} before the plan)")
                } else {
                    String::new()
                };
                format!(
                    "{}: {run} weekends in a row worked{from_history}, {}, max {} ({over} over, {})",
                    ctx.staff.name,
                    ctx.span(first, last),
                    limit.value,
                    cost(limit.weight)
                )
            });
        }
    }
}
