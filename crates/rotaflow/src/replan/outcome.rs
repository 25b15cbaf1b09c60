//! What a re-plan changed: the changed person-days, whom to call, and soft cover left short.

use crate::model::{Scenario, ShiftId, StaffId, Weight};
use crate::roster::Roster;
use serde::{Deserialize, Serialize};

/// One person-day that differs between two rosters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellChange {
    /// Who.
    pub staff: StaffId,
    /// Day index.
    pub day: usize,
    /// The published value (`None`: a day off).
    pub before: Option<ShiftId>,
    /// The new value.
    pub after: Option<ShiftId>,
}

/// The person-days where `after` differs from `before` (shifts only, not roles), by staff,
/// then day.
pub fn changed_cells(before: &Roster, after: &Roster) -> Vec<CellChange> {
    let mut out = Vec::new();
    for i in 0..before.staff_count().min(after.staff_count()) {
        let s = StaffId::new(i);
        for (day, (&b, &a)) in before.line(s).iter().zip(after.line(s)).enumerate() {
            if a != b {
                out.push(CellChange {
                    staff: s,
                    day,
                    before: b,
                    after: a,
                });
            }
        }
    }
    out
}

/// What to tell one person about their changed days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Call {
    /// Who.
    pub staff: StaffId,
    /// Their code.
    pub code: String,
    /// Their name.
    pub name: String,
    /// Whether a change takes a day off away from them (call them first).
    pub called_in: bool,
    /// The message, in plain words: `Call Ann Smith: Tue 2027-03-09 now N (night) instead of
    /// a day off; ...`.
    pub message: String,
}

/// One [`Call`] per person with a changed day, in staff order; people who are away and lose
/// only shifts on their absent days are not called.
pub fn calls(scenario: &Scenario, changes: &[CellChange]) -> Vec<Call> {
    let mut out: Vec<Call> = Vec::new();
    let on_leave = |c: &CellChange| {
        scenario
            .leave_of(c.staff)
            .any(|l| l.day as usize == c.day && c.after.is_none())
    };
    let value = |v: Option<ShiftId>| match v {
        Some(s) => {
            let t = scenario.shift(s);
            format!("{} ({})", t.code, t.name)
        }
        None => "a day off".to_string(),
    };
    let mut i = 0;
    while i < changes.len() {
        let s = changes[i].staff;
        let mut j = i;
        while j < changes.len() && changes[j].staff == s {
            j += 1;
        }
        let mine: Vec<&CellChange> = changes[i..j].iter().filter(|c| !on_leave(c)).collect();
        i = j;
        if mine.is_empty() {
            continue;
        }
        let member = scenario.staff_member(s);
        let parts: Vec<String> = mine
            .iter()
            .map(|c| {
                let date = scenario.horizon().date(c.day);
                format!(
                    "{} now {} instead of {}",
                    date.format("%a %Y-%m-%d"),
                    value(c.after),
                    value(c.before)
                )
            })
            .collect();
        out.push(Call {
            staff: s,
            code: member.code.clone(),
            name: member.name.clone(),
            called_in: mine.iter().any(|c| c.before.is_none()),
            message: format!("Call {}: {}.", member.name, parts.join("; ")),
        });
    }
    out
}

/// A shift left short of soft cover that the published roster had filled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gap {
    /// Day index.
    pub day: usize,
    /// The shift.
    pub shift: ShiftId,
    /// People missing, beyond those the published roster already missed.
    pub missing: u64,
    /// The soft weight of each missing person.
    pub weight: u32,
}

/// The soft cover gaps of `roster` (judged by the re-plan's scenario `prepared`) from the first
/// day on that the `published` roster (judged by the `original` scenario) did not have: the
/// shifts a re-plan left short because a change would cost more than the gap. Hard gaps are
/// in the evaluation's hard total and not listed.
pub fn soft_gaps(
    original: &Scenario,
    published: &Roster,
    prepared: &Scenario,
    roster: &Roster,
) -> Vec<Gap> {
    use std::collections::BTreeMap;
    let first = prepared.baseline().map_or(0, |b| b.first_day as usize);
    let short = |s: &Scenario, r: &Roster| {
        let mut m: BTreeMap<(usize, ShiftId, u32), u64> = BTreeMap::new();
        for v in crate::evaluate(s, r).violations {
            let b = v.breach;
            if let (crate::rules::RuleKind::CoverUnder, Weight::Soft(w), Some(d), Some(sh)) =
                (b.rule, b.weight, b.first_day, b.shift)
            {
                if d >= first {
                    *m.entry((d, sh, w)).or_default() += b.amount;
                }
            }
        }
        m
    };
    let before = short(original, published);
    short(prepared, roster)
        .into_iter()
        .filter_map(|((day, shift, weight), n)| {
            let missing = n.saturating_sub(before.get(&(day, shift, weight)).copied().unwrap_or(0));
            (missing > 0).then_some(Gap {
                day,
                shift,
                missing,
                weight,
            })
        })
        .collect()
}
