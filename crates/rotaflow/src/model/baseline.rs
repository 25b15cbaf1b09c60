//! The published roster a re-plan stays close to.
//!
//! A roster that is already out is changed as little as the new situation allows: every
//! person-day that differs from the published value costs its weight (rule
//! [`crate::rules::RuleKind::Change`]), and days before [`Baseline::first_day`] may not change
//! at all (solvers keep them; a roster that changes them breaks a hard rule).

use super::{Location, ScenarioParts, ShiftId, StaffId};
use serde::{Deserialize, Serialize};

/// How many times its weight a change costs when it takes a day off away (the person is called
/// in on a day they had planned to be free); moving a shift or cancelling one costs the weight
/// once.
pub const DAY_OFF_TAKEN_UNITS: u64 = 2;

/// The published roster of a re-plan and what changing each of its person-days costs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// The published value of every person-day: `lines[staff][day]`, `None` for a day off.
    /// One line per staff member, in staff order, one value per day of the horizon.
    pub lines: Vec<Vec<Option<ShiftId>>>,
    /// The first day that may change. Earlier days keep their published value: solvers never
    /// change them, and a roster that does breaks a hard rule.
    pub first_day: u32,
    /// Soft cost of changing each person-day from `first_day` on, `weights[staff][day]` (same
    /// shape as `lines`; entries before `first_day` are not used). 0 means the person-day may
    /// move freely. A day off taken away costs [`DAY_OFF_TAKEN_UNITS`] times the weight.
    pub weights: Vec<Vec<u32>>,
}

impl Baseline {
    /// The units a change of one person-day from `before` to `after` counts: 0 when equal,
    /// [`DAY_OFF_TAKEN_UNITS`] when a day off is taken away, else 1.
    pub fn units(before: Option<ShiftId>, after: Option<ShiftId>) -> u64 {
        match (before, after) {
            (b, a) if b == a => 0,
            (None, Some(_)) => DAY_OFF_TAKEN_UNITS,
            _ => 1,
        }
    }

    /// The published value of `staff`'s `day`, when the baseline has it.
    pub fn value(&self, staff: usize, day: usize) -> Option<Option<ShiftId>> {
        self.lines.get(staff).and_then(|l| l.get(day)).copied()
    }

    /// Whether `day` is frozen (before [`Baseline::first_day`]).
    pub fn is_frozen(&self, day: usize) -> bool {
        day < self.first_day as usize
    }

    /// The weight of changing `staff`'s `day` (0 where none is given).
    pub fn weight(&self, staff: usize, day: usize) -> u32 {
        self.weights
            .get(staff)
            .and_then(|l| l.get(day))
            .copied()
            .unwrap_or(0)
    }
}

/// Problems of `p.baseline`: its shape (one line of weights and values per staff member and
/// day), unknown shifts, and fixed shifts or leave before its first day that the published
/// roster does not have (those days cannot change).
pub(super) fn validate(p: &ScenarioParts, err: &mut dyn FnMut(Location, &'static str, String)) {
    let Some(b) = &p.baseline else {
        return;
    };
    let days = p.horizon.days as usize;
    if b.lines.len() != p.staff.len() || b.weights.len() != p.staff.len() {
        err(
            Location::Horizon,
            "baseline",
            format!(
                "the published roster has {} lines and {} lines of weights for {} staff members; \
                 give one of each per staff member",
                b.lines.len(),
                b.weights.len(),
                p.staff.len()
            ),
        );
        return;
    }
    if b.first_day as usize > days {
        err(
            Location::Horizon,
            "first_day",
            format!(
                "the re-plan starts on day {} of a {days}-day plan; start it within the plan",
                b.first_day
            ),
        );
    }
    for (i, (line, weights)) in b.lines.iter().zip(&b.weights).enumerate() {
        let at = Location::Baseline(StaffId::new(i));
        if line.len() != days || weights.len() != days {
            err(
                at,
                "published",
                format!(
                    "{} published days and {} weights for a {days}-day plan; give one per day",
                    line.len(),
                    weights.len()
                ),
            );
            continue;
        }
        if line.iter().flatten().any(|s| s.index() >= p.shifts.len()) {
            err(at, "published", "unknown shift index".into());
        }
    }
    let frozen = |staff: StaffId, day: u32| {
        (day < b.first_day)
            .then(|| b.lines.get(staff.index()).and_then(|l| l.get(day as usize)))
            .flatten()
    };
    for (k, f) in p.fixed.iter().enumerate() {
        if let Some(&v) = frozen(f.staff, f.day) {
            if v != Some(f.shift) {
                err(
                    Location::Fixed(k),
                    "shift",
                    "this day is before the re-plan's first day, where the published roster \
                     cannot change, and it has another value there; fix only days from the \
                     re-plan's first day on"
                        .into(),
                );
            }
        }
    }
    for (k, l) in p.leave.iter().enumerate() {
        if let Some(Some(_)) = frozen(l.staff, l.day) {
            err(
                Location::Leave(k),
                "date",
                "this day is before the re-plan's first day, where the published roster cannot \
                 change, and the person works that day; give leave only from the re-plan's \
                 first day on"
                    .into(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_off_taken_away_counts_more_than_a_moved_shift() {
        let (a, b) = (Some(ShiftId::new(0)), Some(ShiftId::new(1)));
        assert_eq!(Baseline::units(a, a), 0);
        assert_eq!(Baseline::units(None, None), 0);
        assert_eq!(Baseline::units(a, b), 1);
        assert_eq!(Baseline::units(a, None), 1);
        assert_eq!(Baseline::units(None, a), DAY_OFF_TAKEN_UNITS);
    }
}
