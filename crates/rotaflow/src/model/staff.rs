//! Staff members and what is known of them from the previous planning period.

use super::{ContractId, RoleId, ShiftId};
use serde::{Deserialize, Serialize};

/// A person to be rostered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    /// External code used in files (`N07`).
    pub code: String,
    /// Readable name (`Ana Silva`).
    pub name: String,
    /// The contract whose limits apply.
    pub contract: ContractId,
    /// Roles held; cover for each of them counts this person.
    pub roles: Vec<RoleId>,
    /// The end of the previous period, when known.
    pub history: Option<History>,
    /// Full-time equivalent in thousandths (600 = 0.6), scaling the contract's weekly minutes;
    /// `None` is full time.
    #[serde(default)]
    pub fte_permille: Option<u32>,
    /// Paid minutes worked beyond the hours owed in earlier periods (negative when fewer),
    /// carried in by history.csv's `hours_balance`: this period's hours owed are lowered by
    /// it (raised when negative). Needs the contract's weekly minutes.
    #[serde(default)]
    pub carried_minutes: i32,
}

impl Staff {
    /// True when the staff member holds `role`.
    pub fn has_role(&self, role: RoleId) -> bool {
        self.roles.contains(&role)
    }
}

/// The state at the end of the previous period, used to judge blocks that touch day 0.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// Consecutive working days up to and including the day before day 0 (0 if that day was off).
    pub consecutive_work: u32,
    /// Consecutive days off up to and including the day before day 0 (0 if that day was worked).
    pub consecutive_off: u32,
    /// The shift worked on the day before day 0, if any.
    pub last_shift: Option<ShiftId>,
    /// The last days of the previous period as far as they are known, oldest first, the last
    /// one being the day before day 0 (`None` = a day off). Runs of a shift or group and
    /// patterns that cross day 0 are judged from these days; when empty, only what the fields
    /// above say is known.
    #[serde(default)]
    pub recent: Vec<Option<ShiftId>>,
    /// Shifts already worked in the same reference period before the plan starts; they count
    /// towards `min_total_shifts` and `max_total_shifts`.
    #[serde(default)]
    pub shifts_before: u32,
    /// Worked weekends in a row up to the plan's first weekend (0 when the last weekend before
    /// it was off); continues `max_consecutive_weekends` across the start.
    #[serde(default)]
    pub weekends_in_a_row: u32,
}

impl History {
    /// The days before day 0 that are known, oldest first: [`History::recent`] when given,
    /// else the days off of `consecutive_off`, or the last shift alone.
    pub fn known_days(&self) -> Vec<Option<ShiftId>> {
        if !self.recent.is_empty() {
            self.recent.clone()
        } else if self.consecutive_off > 0 {
            vec![None; self.consecutive_off.min(super::MAX_PATTERN_DAYS as u32) as usize]
        } else {
            self.last_shift.map(Some).into_iter().collect()
        }
    }
}
