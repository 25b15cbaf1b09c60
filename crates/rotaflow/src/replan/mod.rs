//! Re-planning a roster that is already published: someone calls in sick, an emergency list
//! needs more people, a swap was agreed on the ward.
//!
//! [`prepare`] turns the scenario, the published roster and a list of [`Change`]s into a new
//! scenario: absences become leave (crediting hours as the scenario's rules say), extra needs
//! raise the cover, agreed shifts become fixed, and the published roster becomes the scenario's
//! [`Baseline`]: every person-day that differs from it costs the change weight (more the
//! sooner it is, twice when a day off is taken away), and the days before the re-plan's first
//! day cannot change. Solving that scenario ([`crate::solver::solve`], which starts from the
//! published roster) gives the roster with the fewest changes the new situation allows, hard
//! rules first; [`changed_cells`] and [`calls`] say what changed and whom to tell.
//!
//! ```
//! # use rotaflow::*;
//! # use rotaflow::replan::*;
//! # use chrono::NaiveDate;
//! # let early = ShiftType { code: "E".into(), name: "Early".into(), start: 420, end: 900,
//! #                         minutes: 480, night: false };
//! # let staff = |c: &str| Staff { code: c.into(), name: c.into(), contract: ContractId(0),
//! #     roles: vec![], history: None, fte_permille: None, carried_minutes: 0 };
//! # let parts = ScenarioParts {
//! #     name: "ward".into(),
//! #     horizon: Horizon::new(NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(), 7),
//! #     settings: Settings::default(), groups: vec![], shifts: vec![early], roles: vec![],
//! #     contracts: vec![Contract::new("FT", "Full time")],
//! #     staff: vec![staff("A"), staff("B"), staff("C")],
//! #     cover: (0..7).map(|day| Cover { day, shift: ShiftId(0), role: None, required: 1,
//! #         under: Weight::Hard, over: Weight::Soft(10) }).collect(),
//! #     requests: vec![], leave: vec![], fixed: vec![], fairness: vec![], holidays: vec![],
//! #     pairings: vec![], commitments: vec![], baseline: None,
//! # };
//! # let scenario = Scenario::new(parts).unwrap();
//! // A published roster: A works days 0-3, B days 4-6.
//! let mut published = Roster::for_scenario(&scenario);
//! for day in 0..7 {
//!     published.set(StaffId(if day < 4 { 0 } else { 1 }), day, Some(ShiftId(0)));
//! }
//! // A is sick on days 2 and 3; the re-plan starts on day 2.
//! let sick = Change::absent(StaffId(0), 2, 3, "sickness");
//! let options = ReplanOptions { first_day: 2, change_weight: DEFAULT_CHANGE_WEIGHT };
//! let prepared = prepare(&scenario, &published, &[sick], &options).expect("valid changes");
//! let solved = Solver::new(&prepared.scenario).work_limit(20_000).run();
//! assert_eq!(solved.score().hard, 0);
//! let changes = changed_cells(&published, solved.roster());
//! // A's two shifts go; two people are called in for them; days 0 and 1 stay as published.
//! assert_eq!(changes.len(), 4);
//! assert!(changes.iter().all(|c| c.day >= 2));
//! ```

mod change;
mod commitments;
mod cover;
mod outcome;
mod summary;

pub use change::{Change, ChangeKind};
pub use cover::{cover_options, CoverOption, Step};
pub use outcome::{calls, changed_cells, soft_gaps, Call, CellChange, Gap};
pub use summary::{ChangeFigures, ChangeRow, Outcome};

use crate::model::{
    Baseline, Cover, Fixed, Leave, Location, Scenario, ScenarioErrors, StaffId, Weight,
};
use crate::roster::Roster;
use serde::{Deserialize, Serialize};

/// The default cost of changing one person-day ([`ReplanOptions::change_weight`]): high
/// enough that a change outweighs most soft costs, so a re-plan changes little and mends what
/// the hard rules need.
pub const DEFAULT_CHANGE_WEIGHT: u32 = 1000;

/// How to re-plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplanOptions {
    /// The first day that may change; earlier days stay as published.
    pub first_day: u32,
    /// The cost `W` of changing one person-day. A change `k` days after `first_day` costs
    /// `W + W / (k + 1)` (twice `W` on the first day, about `W` weeks later), twice that when
    /// it takes a day off away.
    pub change_weight: u32,
}

impl Default for ReplanOptions {
    fn default() -> Self {
        ReplanOptions {
            first_day: 0,
            change_weight: DEFAULT_CHANGE_WEIGHT,
        }
    }
}

/// The weight of changing a person-day `k` days after the re-plan's first day.
pub fn change_weight(w: u32, k: u32) -> u32 {
    w.saturating_add(w / k.saturating_add(1))
}

/// A problem with a change, or with the scenario the changes make.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplanError {
    /// The change concerned (index into the list given to [`prepare`]), if one is.
    pub change: Option<usize>,
    /// The field concerned (`from`, `staff`, `shift`).
    pub field: &'static str,
    /// What is wrong and what to do.
    pub message: String,
}

/// The scenario to solve for a re-plan, and what preparing it decided.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The scenario with the changes and the published roster as its baseline.
    pub scenario: Scenario,
    /// Plain-words notes on what the changes overrode (a fixed shift dropped for an absence).
    pub notes: Vec<String>,
    /// Shifts the absent people lose: published shifts on their absent days.
    pub lost_shifts: usize,
    /// Working commitments (theatre lists, clinics) that cannot run because their holder is
    /// now away, by staff and day.
    pub cancelled: Vec<crate::model::Commitment>,
}

/// Builds the re-plan's scenario from `scenario`, the `published` roster and `changes`. Every
/// problem is reported: days outside the plan or before the first day, a fixed shift on a day
/// someone is away, a change that leaves the scenario invalid.
pub fn prepare(
    scenario: &Scenario,
    published: &Roster,
    changes: &[Change],
    options: &ReplanOptions,
) -> Result<Prepared, Vec<ReplanError>> {
    let days = scenario.days();
    let n = scenario.staff().len();
    let h = scenario.horizon();
    let mut errs = shape_problems(scenario, published, changes, options);
    if !errs.is_empty() {
        return Err(errs);
    }
    let mut parts = scenario.parts().clone();
    let mut notes = Vec::new();
    let cell = |s: StaffId, d: u32| s.index() * days + d as usize;
    let staff_name = |s: StaffId| scenario.staff_member(s).name.clone();
    // Before the first day the published roster is what happened: leave and fixed shifts
    // there that it does not have give way, with a note.
    let past = |d: u32| d < options.first_day;
    parts.leave.retain(|l| {
        let keep = !past(l.day) || published.get(l.staff, l.day as usize).is_none();
        if !keep {
            notes.push(format!(
                "{}'s leave on {} is before the re-plan's first day, where the published roster \
                 has them working: kept as published",
                staff_name(l.staff),
                h.date(l.day as usize)
            ));
        }
        keep
    });
    parts.fixed.retain(|f| {
        let keep = !past(f.day) || published.get(f.staff, f.day as usize) == Some(f.shift);
        if !keep {
            notes.push(format!(
                "{}'s fixed shift {} on {} is before the re-plan's first day, where the \
                 published roster differs: kept as published",
                staff_name(f.staff),
                scenario.shift(f.shift).code,
                h.date(f.day as usize)
            ));
        }
        keep
    });
    // Absences: leave on every day not already leave.
    let mut away = vec![false; n * days];
    for l in &parts.leave {
        away[cell(l.staff, l.day)] = true;
    }
    let mut lost_shifts = 0;
    // Per person, the published shifts and minutes their new absences take away.
    let mut lost_by_staff = vec![(0u32, 0u32); n];
    let mut leave_origin: Vec<Option<usize>> = vec![None; parts.leave.len()];
    for (k, c) in changes.iter().enumerate() {
        let (ChangeKind::Absent, Some(s)) = (c.kind, c.staff) else {
            continue;
        };
        for d in c.first_day..=c.last_day {
            if published.get(s, d as usize).is_some() {
                lost_shifts += 1;
            }
            if std::mem::replace(&mut away[cell(s, d)], true) {
                continue;
            }
            if let Some(shift) = published.get(s, d as usize) {
                let lost = &mut lost_by_staff[s.index()];
                lost.0 += 1;
                lost.1 += scenario.shift(shift).minutes;
            }
            parts.leave.push(Leave {
                staff: s,
                day: d,
                reason: if c.reason.is_empty() {
                    "absent".into()
                } else {
                    c.reason.clone()
                },
                credit_minutes: None,
            });
            leave_origin.push(Some(k));
        }
    }
    // Without hours owed (weekly hours), leave credits nothing towards a contract's minimum
    // totals; an absence then lowers the absent person's minimums by the shifts and minutes
    // it takes away, so that they are not given make-up shifts. (With hours owed, the absent
    // days credit the person's daily share, like any leave.)
    for (i, &(shifts, minutes)) in lost_by_staff.iter().enumerate() {
        let ci = parts.staff[i].contract.index();
        let c = &parts.contracts[ci];
        let lowers = c.weekly_minutes.is_none()
            && (c.min_total_minutes.is_some() || c.min_total_shifts.is_some());
        if shifts == 0 || !lowers {
            continue;
        }
        // Fairness among a contract's staff keeps the person on the contract itself.
        let shared = parts.fairness.iter().any(|f| {
            f.among == crate::model::FairAmong::Contract(crate::model::ContractId::new(ci))
        });
        if shared {
            notes.push(format!(
                "{}'s minimum hours are not lowered for their absence (a fairness rule is among \
                 the staff of their contract): the re-plan may give them make-up shifts",
                parts.staff[i].name
            ));
            continue;
        }
        let mut own = c.clone();
        own.code = format!("{}+{}", c.code, parts.staff[i].code);
        own.name = format!("{} ({} away)", c.name, parts.staff[i].name);
        if let Some(l) = &mut own.min_total_minutes {
            l.value = l.value.saturating_sub(minutes);
        }
        if let Some(l) = &mut own.min_total_shifts {
            l.value = l.value.saturating_sub(shifts);
        }
        notes.push(format!(
            "{}'s minimum hours and shifts are lowered by the {} shift(s) their absence takes \
             away, so that they are not given make-up shifts",
            parts.staff[i].name, shifts
        ));
        parts.staff[i].contract = crate::model::ContractId::new(parts.contracts.len());
        parts.contracts.push(own);
    }
    let cancelled =
        commitments::settle(&mut parts, published, options.first_day, &away, &mut notes);
    // Wishes to work on days now away cannot be granted: dropped (with a note when hard).
    parts.requests.retain(|r| {
        let keep = r.kind != crate::model::RequestKind::On || !away[cell(r.staff, r.day)];
        if !keep && r.weight.is_hard() {
            notes.push(format!(
                "{}'s hard wish to work on {} is dropped: they are away that day",
                staff_name(r.staff),
                h.date(r.day as usize)
            ));
        }
        keep
    });
    // Fixed shifts on days now away are dropped, with a note.
    parts.fixed.retain(|f| {
        let keep = !away[cell(f.staff, f.day)];
        if !keep {
            notes.push(format!(
                "{}'s fixed shift {} on {} is dropped: they are away that day",
                staff_name(f.staff),
                scenario.shift(f.shift).code,
                h.date(f.day as usize)
            ));
        }
        keep
    });
    let mut fixed_origin: Vec<Option<usize>> = vec![None; parts.fixed.len()];
    for (k, c) in changes.iter().enumerate() {
        let (ChangeKind::Fix, Some(s), Some(shift)) = (c.kind, c.staff, c.shift) else {
            continue;
        };
        for d in c.first_day..=c.last_day {
            if away[cell(s, d)] {
                err(
                    &mut errs,
                    Some(k),
                    "from",
                    format!(
                        "{} is away on {}: they cannot be fixed to a shift that day",
                        staff_name(s),
                        h.date(d as usize)
                    ),
                );
                continue;
            }
            if let Some(i) = parts.fixed.iter().position(|f| f.staff == s && f.day == d) {
                parts.fixed.remove(i);
                fixed_origin.remove(i);
            }
            parts.fixed.push(Fixed {
                staff: s,
                day: d,
                shift,
            });
            fixed_origin.push(Some(k));
        }
    }
    // Extra needs raise every level of cover of that day, shift and role (and the head count
    // of the shift when a role is named).
    for c in changes.iter().filter(|c| c.kind == ChangeKind::Need) {
        let shift = c.shift.expect("checked above");
        for d in c.first_day..=c.last_day {
            let mut raised = false;
            for e in parts
                .cover
                .iter_mut()
                .filter(|e| e.day == d && e.shift == shift)
            {
                if e.role == c.role || (c.role.is_some() && e.role.is_none()) {
                    e.required += c.count;
                    raised |= e.role == c.role;
                }
            }
            if !raised {
                parts.cover.push(Cover {
                    day: d,
                    shift,
                    role: c.role,
                    required: c.count,
                    under: Weight::Hard,
                    over: Weight::Soft(0),
                });
            }
        }
    }
    // The published roster, its frozen days and the weight of each change.
    let first_day = options.first_day;
    let mut weights: Vec<Vec<u32>> = (0..n)
        .map(|_| {
            (0..days as u32)
                .map(|d| {
                    d.checked_sub(first_day)
                        .map_or(0, |k| change_weight(options.change_weight, k))
                })
                .collect()
        })
        .collect();
    // Released days, and the absent people's own days (their lost shifts are not a choice),
    // change freely.
    for c in changes
        .iter()
        .filter(|c| matches!(c.kind, ChangeKind::Release | ChangeKind::Absent))
    {
        let s = c.staff.expect("checked above");
        for d in c.first_day..=c.last_day {
            weights[s.index()][d as usize] = 0;
        }
    }
    parts.baseline = Some(Baseline {
        lines: (0..n)
            .map(|i| published.line(StaffId::new(i)).to_vec())
            .collect(),
        first_day,
        weights,
    });
    if !errs.is_empty() {
        return Err(errs);
    }
    match Scenario::new(parts) {
        Ok(scenario) => Ok(Prepared {
            scenario,
            notes,
            lost_shifts,
            cancelled,
        }),
        Err(ScenarioErrors(model)) => Err(model
            .into_iter()
            .map(|e| {
                let change = match e.location {
                    Location::Fixed(i) => fixed_origin.get(i).copied().flatten(),
                    Location::Leave(i) => leave_origin.get(i).copied().flatten(),
                    _ => None,
                };
                ReplanError {
                    change,
                    field: if change.is_some() { "from" } else { e.field },
                    message: e.message,
                }
            })
            .collect()),
    }
}

/// Makes a change to a doctor's day with patients booked cost the change weight once more per
/// patient (`booked`: doctor, day, patients, as
/// [`crate::appointments::rebook::booked_per_doctor_day`] counts them), so that the re-plan
/// moves doctors without booked sessions first. Days that change freely (absent, released)
/// stay free.
pub fn protect_bookings(
    prepared: &mut Prepared,
    booked: &[(StaffId, u32, u32)],
    change_weight: u32,
) -> Result<(), ScenarioErrors> {
    let mut parts = prepared.scenario.parts().clone();
    let Some(b) = parts.baseline.as_mut() else {
        return Ok(());
    };
    for &(s, d, n) in booked {
        if let Some(w) = b
            .weights
            .get_mut(s.index())
            .and_then(|line| line.get_mut(d as usize))
        {
            if *w > 0 {
                *w = w.saturating_add(change_weight.saturating_mul(n));
            }
        }
    }
    prepared.scenario = Scenario::new(parts)?;
    Ok(())
}

/// The problems of the changes on their own: days outside the plan or before the first day,
/// fields a kind needs or does not take, unknown ids, a roster of another shape.
fn shape_problems(
    scenario: &Scenario,
    published: &Roster,
    changes: &[Change],
    options: &ReplanOptions,
) -> Vec<ReplanError> {
    let days = scenario.days();
    let n = scenario.staff().len();
    let mut errs: Vec<ReplanError> = Vec::new();
    if published.staff_count() != n || published.days() != days {
        err(
            &mut errs,
            None,
            "roster",
            format!(
                "the published roster has {} staff and {} days, the scenario {n} and {days}; \
                 give the roster planned for this scenario",
                published.staff_count(),
                published.days()
            ),
        );
    }
    if options.first_day as usize >= days {
        err(
            &mut errs,
            None,
            "from",
            format!(
                "the re-plan would start after the plan's last day ({}); give a first day within \
                 the plan",
                scenario.horizon().end()
            ),
        );
    }
    let h = scenario.horizon();
    let first = h.date(options.first_day.min(days as u32) as usize);
    for (k, c) in changes.iter().enumerate() {
        if c.last_day < c.first_day {
            err(
                &mut errs,
                Some(k),
                "to",
                "the change ends before it starts; swap the dates".into(),
            );
        }
        if c.last_day as usize >= days {
            err(
                &mut errs,
                Some(k),
                "to",
                format!("the change ends after the plan's last day ({})", h.end()),
            );
        }
        if c.first_day < options.first_day {
            err(
                &mut errs,
                Some(k),
                "from",
                format!(
                    "the change starts before the re-plan's first day ({first}), and days before \
                     it are never changed: start the change on {first} or later, or re-plan from \
                     an earlier day"
                ),
            );
        }
        let needs_staff = c.kind != ChangeKind::Need;
        if needs_staff != c.staff.is_some() {
            err(
                &mut errs,
                Some(k),
                "staff",
                if needs_staff {
                    format!("`{}` needs the staff member concerned", c.kind.name())
                } else {
                    "`need` is about a shift, not a person: leave staff empty".into()
                },
            );
        }
        if c.staff.is_some_and(|s| s.index() >= n) {
            err(&mut errs, Some(k), "staff", "unknown staff member".into());
        }
        let needs_shift = matches!(c.kind, ChangeKind::Need | ChangeKind::Fix);
        if needs_shift != c.shift.is_some() {
            err(
                &mut errs,
                Some(k),
                "shift",
                if needs_shift {
                    format!("`{}` needs the shift concerned", c.kind.name())
                } else {
                    format!("`{}` is about whole days: leave shift empty", c.kind.name())
                },
            );
        }
        if c.shift
            .is_some_and(|s| s.index() >= scenario.shifts().len())
        {
            err(&mut errs, Some(k), "shift", "unknown shift".into());
        }
        if c.role.is_some() && c.kind != ChangeKind::Need {
            err(
                &mut errs,
                Some(k),
                "role",
                format!("`{}` takes no role: leave role empty", c.kind.name()),
            );
        }
        if c.role.is_some_and(|r| r.index() >= scenario.roles().len()) {
            err(&mut errs, Some(k), "role", "unknown role".into());
        }
        if (c.kind == ChangeKind::Need) != (c.count > 0) {
            err(
                &mut errs,
                Some(k),
                "count",
                if c.kind == ChangeKind::Need {
                    "give how many more people are needed (1 or more)".into()
                } else {
                    format!("`{}` takes no count: leave count empty", c.kind.name())
                },
            );
        }
    }
    clashing_changes(scenario, changes, &mut errs);
    errs
}

/// A person works one shift a day: a `fix` on a day an earlier `fix` of theirs puts them on
/// another shift cannot hold. (A `fix` on a day they are absent is found with the baseline.)
fn clashing_changes(scenario: &Scenario, changes: &[Change], errs: &mut Vec<ReplanError>) {
    for (k, c) in changes.iter().enumerate() {
        let Some(staff) = c.staff.filter(|_| c.kind == ChangeKind::Fix) else {
            continue;
        };
        let clash = changes[..k].iter().find(|o| {
            o.kind == ChangeKind::Fix
                && o.staff == Some(staff)
                && o.shift != c.shift
                && o.first_day <= c.last_day
                && c.first_day <= o.last_day
        });
        if let Some(o) = clash {
            let day = scenario
                .horizon()
                .date(o.first_day.max(c.first_day) as usize);
            let code = scenario
                .staff()
                .get(staff.index())
                .map_or("?", |m| m.code.as_str());
            err(
                errs,
                Some(k),
                "shift",
                format!(
                    "{code} is already fixed to another shift on {day} by an earlier change; \
                     a person works one shift a day: keep one of them"
                ),
            );
        }
    }
}

/// Adds a problem about `change` (none: the whole re-plan) in `field`.
fn err(errs: &mut Vec<ReplanError>, change: Option<usize>, field: &'static str, message: String) {
    errs.push(ReplanError {
        change,
        field,
        message,
    });
}

#[cfg(test)]
mod tests;
