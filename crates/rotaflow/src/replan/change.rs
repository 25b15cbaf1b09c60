//! The changes a re-plan takes: absences, extra needs, agreed shifts and released days.

use crate::model::{RoleId, ShiftId, StaffId};
use serde::{Deserialize, Serialize};

/// What a change says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The person works nothing on those days (sickness, emergency, congress); the days
    /// credit hours like leave.
    Absent,
    /// More people wanted on a shift (an emergency list): `count` more of `role` (or of
    /// anyone).
    Need,
    /// The person must work `shift` on those days (a swap agreed on the ward).
    Fix,
    /// The person may be moved freely on those days: changing them costs nothing.
    Release,
}

impl ChangeKind {
    /// The name used in change files.
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Absent => "absent",
            ChangeKind::Need => "need",
            ChangeKind::Fix => "fix",
            ChangeKind::Release => "release",
        }
    }
}

/// One change to a published roster, over the days `first_day..=last_day`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// What the change says.
    pub kind: ChangeKind,
    /// The person (absent, fix, release).
    pub staff: Option<StaffId>,
    /// First day index.
    pub first_day: u32,
    /// Last day index (inclusive).
    pub last_day: u32,
    /// The shift (need, fix).
    pub shift: Option<ShiftId>,
    /// The role wanted (need; `None` counts anyone).
    pub role: Option<RoleId>,
    /// How many more people (need).
    pub count: u32,
    /// Why, in words (shown in explanations: `sickness`, `congress`).
    pub reason: String,
}

impl Change {
    /// `staff` is away on days `first..=last` for `reason`.
    pub fn absent(staff: StaffId, first: u32, last: u32, reason: &str) -> Self {
        Change {
            kind: ChangeKind::Absent,
            staff: Some(staff),
            first_day: first,
            last_day: last,
            shift: None,
            role: None,
            count: 0,
            reason: reason.to_string(),
        }
    }

    /// `count` more people of `role` (anyone when `None`) on `shift` on days `first..=last`.
    pub fn need(shift: ShiftId, role: Option<RoleId>, count: u32, first: u32, last: u32) -> Self {
        Change {
            kind: ChangeKind::Need,
            staff: None,
            first_day: first,
            last_day: last,
            shift: Some(shift),
            role,
            count,
            reason: String::new(),
        }
    }

    /// `staff` works `shift` on days `first..=last`.
    pub fn fix(staff: StaffId, shift: ShiftId, first: u32, last: u32) -> Self {
        Change {
            kind: ChangeKind::Fix,
            staff: Some(staff),
            first_day: first,
            last_day: last,
            shift: Some(shift),
            role: None,
            count: 0,
            reason: String::new(),
        }
    }

    /// `staff` may be moved freely on days `first..=last`.
    pub fn release(staff: StaffId, first: u32, last: u32) -> Self {
        Change {
            kind: ChangeKind::Release,
            staff: Some(staff),
            first_day: first,
            last_day: last,
            shift: None,
            role: None,
            count: 0,
            reason: String::new(),
        }
    }
}
