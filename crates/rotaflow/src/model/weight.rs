//! How much breaking a rule costs: hard (must not happen) or soft with an integer weight.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The cost class of a rule. Hard violations are counted separately from soft penalties and
/// always dominate them: a roster with fewer hard violations is better, whatever its soft penalty.
///
/// Hard amounts are counted in each rule's unit (a shift, a day, a person, a weekend, a
/// minute for the limits of paid time). A hard rule may carry a rank ([`Weight::HardRank`],
/// written `hard:5`) that multiplies its units, so that a breach of it outweighs as many units
/// of the plain hard rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weight {
    /// Must be respected; each unit of violation adds 1 to the hard score.
    Hard,
    /// Must be respected, ranked: each unit of violation adds the rank (2 or more) to the
    /// hard score.
    HardRank(u32),
    /// May be broken; each unit of violation adds the weight to the soft score.
    Soft(u32),
}

/// Largest rank of a hard rule.
pub const MAX_HARD_RANK: u32 = 1_000_000;

impl Weight {
    /// True for [`Weight::Hard`] and [`Weight::HardRank`].
    pub fn is_hard(self) -> bool {
        matches!(self, Weight::Hard | Weight::HardRank(_))
    }

    /// A hard weight of rank `rank` ([`Weight::Hard`] for 0 or 1).
    pub fn hard(rank: u32) -> Self {
        if rank <= 1 {
            Weight::Hard
        } else {
            Weight::HardRank(rank)
        }
    }

    /// Hard units added per unit of violation (0 for soft weights).
    pub fn hard_rank(self) -> u32 {
        match self {
            Weight::Hard => 1,
            Weight::HardRank(r) => r,
            Weight::Soft(_) => 0,
        }
    }

    /// The stricter of two costs: hard beats soft, a higher rank or weight a lower one.
    pub fn stricter(self, other: Weight) -> Weight {
        match (self, other) {
            (a, b) if a.is_hard() || b.is_hard() => Weight::hard(a.hard_rank().max(b.hard_rank())),
            (Weight::Soft(x), Weight::Soft(y)) => Weight::Soft(x.max(y)),
            (a, _) => a,
        }
    }
}

impl fmt::Display for Weight {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Weight::Hard => f.write_str("hard"),
            Weight::HardRank(r) => write!(f, "hard:{r}"),
            Weight::Soft(w) => write!(f, "{w}"),
        }
    }
}

impl FromStr for Weight {
    type Err = String;

    /// Parses `hard` (any case), `hard:N` (a hard rule of rank N, 1 to 1000000) or a
    /// non-negative integer weight.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("hard") {
            return Ok(Weight::Hard);
        }
        let rank = t
            .get(..5)
            .filter(|p| p.eq_ignore_ascii_case("hard:"))
            .map(|_| &t[5..]);
        if let Some(rank) = rank {
            return match rank.trim().parse::<u32>() {
                Ok(r) if (1..=MAX_HARD_RANK).contains(&r) => Ok(Weight::hard(r)),
                _ => Err(format!(
                    "`{t}` is not a hard rank: write hard:N with N a whole number from 1 to \
                     {MAX_HARD_RANK}, such as hard:5"
                )),
            };
        }
        t.parse::<u32>().map(Weight::Soft).map_err(|_| {
            format!("`{t}` is not a weight: write `hard`, `hard:N` (a ranked hard rule) or a whole number such as 10")
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
        assert_eq!("hard:5".parse::<Weight>(), Ok(Weight::HardRank(5)));
        assert_eq!("Hard: 1".parse::<Weight>(), Ok(Weight::Hard));
        assert_eq!(Weight::HardRank(5).to_string(), "hard:5");
        assert!("hard:0".parse::<Weight>().is_err());
        assert!("hard:x".parse::<Weight>().is_err());
        assert!("hard:2000000".parse::<Weight>().is_err());
    }

    #[test]
    fn the_stricter_weight_is_the_higher_rank() {
        assert_eq!(Weight::Hard.stricter(Weight::Soft(9)), Weight::Hard);
        assert_eq!(
            Weight::Hard.stricter(Weight::HardRank(3)),
            Weight::HardRank(3)
        );
        assert_eq!(Weight::Soft(2).stricter(Weight::Soft(9)), Weight::Soft(9));
    }
}
