//! Shift types and roles.

use serde::{Deserialize, Serialize};

/// Minutes in a day.
pub const DAY_MINUTES: u32 = 24 * 60;

/// A kind of shift worked on a day, such as an early, late or night shift.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftType {
    /// External code used in files (`E`, `L`, `N`).
    pub code: String,
    /// Readable name (`Early`).
    pub name: String,
    /// Clock start, minutes after midnight of the day the shift belongs to (0..1440).
    pub start: u32,
    /// Clock end, minutes after midnight (0..1440). An end at or before the start means the
    /// shift ends on the next day.
    pub end: u32,
    /// Paid working minutes counted towards contract totals (may be less than the clock
    /// duration when it includes an unpaid break).
    pub minutes: u32,
    /// Counted by the max-nights contract rule.
    pub night: bool,
}

impl ShiftType {
    /// Clock duration in minutes (crossing midnight handled).
    pub fn duration(&self) -> u32 {
        if self.end > self.start {
            self.end - self.start
        } else {
            self.end + DAY_MINUTES - self.start
        }
    }

    /// True when the shift ends on the day after it starts.
    pub fn crosses_midnight(&self) -> bool {
        self.end <= self.start
    }

    /// Minutes from midnight of the shift's own day to its end (may exceed 1440).
    pub fn end_offset(&self) -> u32 {
        self.start + self.duration()
    }
}

/// Formats minutes after midnight as `HH:MM`.
pub fn format_clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60 % 24, minutes % 60)
}

/// Parses `HH:MM` (00:00 to 24:00) into minutes after midnight; `24:00` is returned as 1440.
pub fn parse_clock(s: &str) -> Result<u32, String> {
    let t = s.trim();
    let bad = || format!("`{t}` is not a clock time: write HH:MM, for example 07:30");
    let (h, m) = t.split_once(':').ok_or_else(bad)?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return Err(bad());
    }
    let h: u32 = h.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// A role or skill (charge nurse, registered nurse, nursing assistant). A staff member may hold
/// several.
///
/// Cover for a **shared** role (the default) counts every person on the shift who holds it,
/// whatever else they also count for: a charge nurse holding `CN RN` is the charge nurse *and*
/// one of the registered nurses. Among the **exclusive** roles, a person on a shift works in
/// one only, and counts for that one: the role written in the roster, or else the one that
/// meets cover best (see [`crate::evaluation::assign_roles`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    /// External code used in files.
    pub code: String,
    /// Readable name.
    pub name: String,
    /// True when a person on a shift counts for only one of their exclusive roles.
    #[serde(default)]
    pub exclusive: bool,
}

impl Role {
    /// A shared role.
    pub fn new(code: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            name: name.into(),
            exclusive: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shift(start: u32, end: u32) -> ShiftType {
        ShiftType {
            code: "X".into(),
            name: "X".into(),
            start,
            end,
            minutes: 0,
            night: false,
        }
    }

    #[test]
    fn durations_cross_midnight() {
        assert_eq!(shift(7 * 60, 15 * 60).duration(), 480);
        assert_eq!(shift(22 * 60, 7 * 60).duration(), 540);
        assert!(shift(22 * 60, 7 * 60).crosses_midnight());
        assert_eq!(shift(22 * 60, 7 * 60).end_offset(), 31 * 60);
        assert_eq!(shift(0, 0).duration(), DAY_MINUTES);
    }

    #[test]
    fn clock_parsing() {
        assert_eq!(parse_clock("07:30"), Ok(450));
        assert_eq!(parse_clock("7:05"), Ok(425));
        assert_eq!(parse_clock("24:00"), Ok(1440));
        assert!(parse_clock("24:01").is_err());
        assert!(parse_clock("12:60").is_err());
        assert!(parse_clock("noon").is_err());
        assert!(parse_clock("12:5").is_err());
        assert_eq!(format_clock(450), "07:30");
    }
}
