//! Classic appointment rules, for comparison with optimised templates.
//!
//! - *Individual*: one patient every `h = T * d / N` minutes from the start (`0, h, 2h, ...`).
//! - *Bailey-Welch*: two patients at the start, then one every `h` minutes (`0, 0, h, 2h, ...`,
//!   `N` patients in all).
//! - *Blocks*: `size` patients every `every_slots` slots from the first slot (the last block may
//!   be smaller).
//!
//! [`ClassicRule::arrivals`] gives the exact arrival minutes (the individual and Bailey-Welch
//! rules need not fall on the slot grid; Kaandorp and Koole evaluate them with exact
//! 24-minute spacing). [`ClassicRule::schedule`] rounds them to the nearest slot start, e.g. to
//! start the optimiser from a rule.

use super::error::{AppointmentError, Result};
use super::{Schedule, SessionModel};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A classic appointment rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ClassicRule {
    /// One patient every `T * d / N` minutes from the start.
    Individual,
    /// Two patients at the start, then one every `T * d / N` minutes.
    BaileyWelch,
    /// `size` patients every `every_slots` slots.
    Blocks {
        /// Patients per block (>= 1).
        size: u32,
        /// Slots from one block to the next (>= 1).
        every_slots: usize,
    },
}

impl fmt::Display for ClassicRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClassicRule::Individual => write!(f, "individual"),
            ClassicRule::BaileyWelch => write!(f, "Bailey-Welch"),
            ClassicRule::Blocks { size, every_slots } => {
                write!(f, "blocks of {size} every {every_slots} slots")
            }
        }
    }
}

impl ClassicRule {
    /// Arrival minutes of the `N` patients of `model` under this rule, non-decreasing.
    pub fn arrivals(&self, model: &SessionModel) -> Result<Vec<f64>> {
        model.validate()?;
        let n = model.patients as usize;
        let h = model.session_minutes() / n as f64;
        match *self {
            ClassicRule::Individual => Ok((0..n).map(|k| k as f64 * h).collect()),
            ClassicRule::BaileyWelch => {
                let mut out = vec![0.0; n.min(2)];
                out.extend((1..n.saturating_sub(1)).map(|k| k as f64 * h));
                Ok(out)
            }
            ClassicRule::Blocks { .. } => {
                let s = self.schedule(model)?;
                Ok(s.arrival_minutes(model.slot_minutes))
            }
        }
    }

    /// The rule on the slot grid: arrival minutes rounded to the nearest slot start (blocks
    /// are on the grid already).
    pub fn schedule(&self, model: &SessionModel) -> Result<Schedule> {
        model.validate()?;
        let mut counts = vec![0u32; model.slots];
        match *self {
            ClassicRule::Blocks { size, every_slots } => {
                if size == 0 || every_slots == 0 {
                    return Err(AppointmentError::InvalidRule(format!(
                        "blocks of {size} every {every_slots} slots; both numbers must be at least 1"
                    )));
                }
                let mut left = model.patients;
                let mut slot = 0usize;
                while left > 0 {
                    if slot >= model.slots {
                        return Err(AppointmentError::InvalidRule(format!(
                            "blocks of {size} every {every_slots} slots do not fit {} patients into {} slots; use larger blocks or a shorter step",
                            model.patients, model.slots
                        )));
                    }
                    let k = size.min(left);
                    counts[slot] += k;
                    left -= k;
                    slot += every_slots;
                }
            }
            _ => {
                let d = model.slot_minutes as f64;
                for a in self.arrivals(model)? {
                    let t = ((a / d) + 0.5 - 1e-9).floor().max(0.0) as usize;
                    counts[t.min(model.slots - 1)] += 1;
                }
            }
        }
        Ok(Schedule::new(counts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_for_the_base_case() {
        let m = SessionModel::kaandorp_koole(1.0);
        let ind = ClassicRule::Individual.arrivals(&m).unwrap();
        assert_eq!(ind, (0..10).map(|k| 24.0 * k as f64).collect::<Vec<_>>());
        let bw = ClassicRule::BaileyWelch.arrivals(&m).unwrap();
        assert_eq!(bw.len(), 10);
        assert_eq!(&bw[..3], &[0.0, 0.0, 24.0]);
        assert_eq!(bw[9], 192.0);
        let s = ClassicRule::Individual.schedule(&m).unwrap();
        assert_eq!(s.patients(), 10);
        assert_eq!(s.code(), "100001000010001000010000100001000010001000010000");
        let b = ClassicRule::Blocks {
            size: 2,
            every_slots: 10,
        }
        .schedule(&m)
        .unwrap();
        assert_eq!(b.code(), "200000000020000000002000000000200000000020000000");
        assert!(ClassicRule::Blocks {
            size: 1,
            every_slots: 10
        }
        .schedule(&m)
        .is_err());
        assert!(ClassicRule::Blocks {
            size: 0,
            every_slots: 1
        }
        .schedule(&m)
        .is_err());
        let one = SessionModel { patients: 1, ..m };
        assert_eq!(ClassicRule::BaileyWelch.arrivals(&one).unwrap(), vec![0.0]);
    }
}
