//! How much breaking a rule costs: hard (must not happen) or soft with an integer weight.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The cost class of a rule. Hard violations are counted separately from soft penalties and
/// always dominate them: a roster with fewer hard violations is better, whatever its soft penalty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weight {
    /// Must be respected; each unit of violation adds 1 to the hard score.
    Hard,
    /// May be broken; each unit of violation adds the weight to the soft score.
    Soft(u32),
}

impl Weight {
    /// True for [`Weight::Hard`].
    pub fn is_hard(self) -> bool {
        matches!(self, Weight::Hard)
    }
}

impl fmt::Display for Weight {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Weight::Hard => f.write_str("hard"),
            Weight::Soft(w) => write!(f, "{w}"),
        }
    }
}

impl FromStr for Weight {
    type Err = String;

    /// Parses `hard` (any case) or a non-negative integer weight.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("hard") {
            return Ok(Weight::Hard);
        }
        t.parse::<u32>().map(Weight::Soft).map_err(|_| {
            format!("`{t}` is not a weight: write `hard` or a whole number such as 10")
        })
    }
}

/// A bound on a quantity together with the cost of exceeding it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limit {
    /// The bound, in the unit of the rule (days, minutes, shifts, weekends).
    pub value: u32,
    /// The cost of each unit beyond the bound.
    pub weight: Weight,
}

impl Limit {
    /// A hard limit.
    pub fn hard(value: u32) -> Self {
        Self {
            value,
            weight: Weight::Hard,
        }
    }

    /// A soft limit with `weight` per unit beyond the bound.
    pub fn soft(value: u32, weight: u32) -> Self {
        Self {
            value,
            weight: Weight::Soft(weight),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_weights() {
        assert_eq!("hard".parse::<Weight>(), Ok(Weight::Hard));
        assert_eq!(" HARD ".parse::<Weight>(), Ok(Weight::Hard));
        assert_eq!("12".parse::<Weight>(), Ok(Weight::Soft(12)));
        assert!("-1".parse::<Weight>().is_err());
        assert!("soft".parse::<Weight>().is_err());
        assert_eq!(Weight::Soft(3).to_string(), "3");
    }
}
