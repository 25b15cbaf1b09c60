//! The answer: which shift each staff member works on each day. Independent of how it was
//! found; at most one shift per person per day.

use crate::model::{RoleId, Scenario, ShiftId, StaffId};
use serde::{Deserialize, Serialize};

/// A roster: for every staff member and day, the shift worked or `None` for a day off.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Roster {
    staff: usize,
    days: usize,
    cells: Vec<Option<ShiftId>>,
    /// The role each worked cell is done in, when written (empty when no cell has one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    roles: Vec<Option<RoleId>>,
}

/// One worked shift.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// Who.
    pub staff: StaffId,
    /// Day index.
    pub day: usize,
    /// Which shift.
    pub shift: ShiftId,
}

impl Roster {
    /// An empty roster (everyone off every day) of the given size.
    pub fn empty(staff: usize, days: usize) -> Self {
        Self {
            staff,
            days,
            cells: vec![None; staff * days],
            roles: Vec::new(),
        }
    }

    /// An empty roster sized for `scenario`.
    pub fn for_scenario(scenario: &Scenario) -> Self {
        Self::empty(scenario.staff().len(), scenario.days())
    }

    /// Number of staff rows.
    pub fn staff_count(&self) -> usize {
        self.staff
    }

    /// Number of days.
    pub fn days(&self) -> usize {
        self.days
    }

    /// The shift of `staff` on `day`.
    #[inline]
    pub fn get(&self, staff: StaffId, day: usize) -> Option<ShiftId> {
        self.cells[staff.index() * self.days + day]
    }

    /// Sets the shift of `staff` on `day` and returns the previous one.
    /// Any role written for the cell is cleared when the shift changes.
    #[inline]
    pub fn set(&mut self, staff: StaffId, day: usize, shift: Option<ShiftId>) -> Option<ShiftId> {
        let i = staff.index() * self.days + day;
        let old = std::mem::replace(&mut self.cells[i], shift);
        if old != shift && !self.roles.is_empty() {
            self.roles[i] = None;
        }
        old
    }

    /// The role written for a worked cell, if any.
    #[inline]
    pub fn role(&self, staff: StaffId, day: usize) -> Option<RoleId> {
        self.roles
            .get(staff.index() * self.days + day)
            .copied()
            .flatten()
    }

    /// Writes the role a person works in on a day (`None` leaves the choice to rotaflow).
    /// A role on a day off is ignored.
    pub fn set_role(&mut self, staff: StaffId, day: usize, role: Option<RoleId>) {
        let i = staff.index() * self.days + day;
        if self.cells[i].is_none() {
            return;
        }
        if self.roles.is_empty() {
            if role.is_none() {
                return;
            }
            self.roles = vec![None; self.cells.len()];
        }
        self.roles[i] = role;
    }

    /// True when some cell has a role written.
    pub fn has_roles(&self) -> bool {
        self.roles.iter().any(Option::is_some)
    }

    /// The same roster without any written role.
    pub fn without_roles(&self) -> Roster {
        Roster {
            roles: Vec::new(),
            ..self.clone()
        }
    }

    /// The whole row of one staff member, indexed by day.
    #[inline]
    pub fn line(&self, staff: StaffId) -> &[Option<ShiftId>] {
        let a = staff.index() * self.days;
        &self.cells[a..a + self.days]
    }

    /// Every worked shift, by staff then day.
    pub fn assignments(&self) -> impl Iterator<Item = Assignment> + '_ {
        self.cells.iter().enumerate().filter_map(move |(i, c)| {
            c.map(|shift| Assignment {
                staff: StaffId::new(i / self.days),
                day: i % self.days,
                shift,
            })
        })
    }

    /// Number of worked shifts.
    pub fn worked(&self) -> usize {
        self.cells.iter().filter(|c| c.is_some()).count()
    }

    /// True when the roster's size matches the scenario.
    pub fn fits(&self, scenario: &Scenario) -> bool {
        self.staff == scenario.staff().len() && self.days == scenario.days()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_get_and_iterate() {
        let mut r = Roster::empty(2, 3);
        assert_eq!(r.set(StaffId(1), 2, Some(ShiftId(0))), None);
        assert_eq!(r.get(StaffId(1), 2), Some(ShiftId(0)));
        assert_eq!(r.line(StaffId(1)), &[None, None, Some(ShiftId(0))]);
        let all: Vec<_> = r.assignments().collect();
        assert_eq!(
            all,
            vec![Assignment {
                staff: StaffId(1),
                day: 2,
                shift: ShiftId(0)
            }]
        );
        assert_eq!(r.worked(), 1);
    }
}
