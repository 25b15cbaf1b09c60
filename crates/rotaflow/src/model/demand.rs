//! What the ward needs: cover per day, shift and role; and what staff ask for: leave, fixed
//! assignments and wishes.

use super::{RoleId, ShiftId, StaffId, Weight};
use serde::{Deserialize, Serialize};

/// Staff needed on one shift of one day, optionally of one role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cover {
    /// Day index.
    pub day: u32,
    /// The shift.
    pub shift: ShiftId,
    /// Only staff holding this role count; `None` counts everyone on the shift.
    pub role: Option<RoleId>,
    /// Number of people wanted.
    pub required: u32,
    /// Cost of each person missing.
    pub under: Weight,
    /// Cost of each person beyond `required`.
    pub over: Weight,
}

/// Whether a wish asks to work or not to work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// Wants to work (the shift, or any shift when none is named).
    On,
    /// Wants not to work (the shift, or at all when none is named).
    Off,
}

/// A staff member's wish for one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// Who asks.
    pub staff: StaffId,
    /// Day index.
    pub day: u32,
    /// The shift concerned; `None` means the whole day.
    pub shift: Option<ShiftId>,
    /// On or off.
    pub kind: RequestKind,
    /// Cost when the wish is not granted.
    pub weight: Weight,
}

/// A day on which a staff member must not work (holiday, sickness, training). Always hard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leave {
    /// Who is away.
    pub staff: StaffId,
    /// Day index.
    pub day: u32,
    /// Free text shown in explanations (`annual leave`).
    pub reason: String,
    /// Paid minutes the day credits towards the person's target; `None` is their daily
    /// share (weekly minutes x FTE / 7).
    #[serde(default)]
    pub credit_minutes: Option<u32>,
}

/// An assignment fixed in advance that the planner must keep. Always hard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fixed {
    /// Who.
    pub staff: StaffId,
    /// Day index.
    pub day: u32,
    /// The shift to work.
    pub shift: ShiftId,
}
