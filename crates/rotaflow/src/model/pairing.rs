//! Pairing rules: who works a shift only together with someone else (a new starter with a
//! preceptor), and who never works a shift together (two people who must not be on at the
//! same time).

use super::{Location, ScenarioParts, ShiftSet, StaffId, Weight};
use serde::{Deserialize, Serialize};

/// How a pairing rule ties a person to others on the same shift.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PairKind {
    /// The person works a shift only when at least one of the others works the same shift on
    /// the same day; one unit per shift worked without any of them.
    OnlyWith,
    /// The person never works a shift with any of the others; one unit per other on the same
    /// shift on the same day.
    NeverWith,
}

impl PairKind {
    /// The name used in files and reports (`only_with`, `never_with`).
    pub fn name(self) -> &'static str {
        match self {
            PairKind::OnlyWith => "only_with",
            PairKind::NeverWith => "never_with",
        }
    }
}

/// A pairing rule over a range of days and, optionally, a set of shifts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pairing {
    /// The person the rule is about.
    pub staff: StaffId,
    /// How they are tied to the others.
    pub kind: PairKind,
    /// The others (at least one; the person not among them).
    pub others: Vec<StaffId>,
    /// The shifts it applies to; every shift when `None`.
    #[serde(default)]
    pub shifts: Option<ShiftSet>,
    /// First day it applies (day index).
    pub first_day: u32,
    /// Last day it applies (day index, inclusive).
    pub last_day: u32,
    /// Cost of each unit.
    pub weight: Weight,
}

/// Checks the pairing rules of `p`, reporting each problem through `err`.
pub(super) fn validate(p: &ScenarioParts, err: &mut dyn FnMut(Location, &'static str, String)) {
    let mut seen = std::collections::HashSet::new();
    for (k, r) in p.pairings.iter().enumerate() {
        let at = Location::Pairing(k);
        if r.staff.index() >= p.staff.len() {
            err(
                at,
                "staff",
                format!("staff {} does not exist", r.staff.index()),
            );
        }
        if r.others.is_empty() {
            err(
                at,
                "others",
                "is empty: name the people the rule pairs the person with".into(),
            );
        }
        let mut others = std::collections::HashSet::new();
        for &o in &r.others {
            if o.index() >= p.staff.len() {
                err(at, "others", format!("staff {} does not exist", o.index()));
            } else if o == r.staff {
                err(
                    at,
                    "others",
                    format!(
                        "{} is the person the rule is about: list only the others",
                        p.staff[o.index()].code
                    ),
                );
            } else if !others.insert(o) {
                err(
                    at,
                    "others",
                    format!("{} is listed twice", p.staff[o.index()].code),
                );
            }
        }
        match r.shifts {
            Some(ShiftSet::Shift(s)) if s.index() >= p.shifts.len() => {
                err(at, "shift", format!("shift {} does not exist", s.index()))
            }
            Some(ShiftSet::Group(g)) if g.index() >= p.groups.len() => {
                err(at, "shift", format!("group {} does not exist", g.index()))
            }
            _ => {}
        }
        if r.first_day > r.last_day || r.last_day >= p.horizon.days {
            err(
                at,
                "to",
                format!(
                    "days {}..{} are not a range inside the plan's {} days: give `from` no later \
                     than `to`, both inside the plan",
                    r.first_day, r.last_day, p.horizon.days
                ),
            );
        }
        if r.weight == Weight::Soft(0) {
            err(
                at,
                "weight",
                "is 0, so the rule would say nothing: give `hard` or a positive weight, or \
                 remove the row"
                    .into(),
            );
        }
        let mut key_others = r.others.clone();
        key_others.sort();
        let key = (
            r.staff,
            r.kind,
            key_others,
            r.shifts,
            r.first_day,
            r.last_day,
        );
        if !seen.insert(key) {
            err(
                at,
                "staff",
                "the same rule is given twice: give it once".into(),
            );
        }
    }
}
