//! Shift groups and the rules about sequences of days that use them: runs of a shift or group
//! (minimum and maximum length, days off after a run) and patterns of day values.

use super::{GroupId, Limit, ShiftId, Weight};
use serde::{Deserialize, Serialize};

/// A named set of shift types, such as `nights` = {N, N12}, that sequence rules and patterns
/// can refer to by its code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftGroup {
    /// External code used in files (`nights`). Must differ from every shift code.
    pub code: String,
    /// Readable name used in explanations (`Nights`).
    pub name: String,
    /// The shift types in the group, each at most once; at least one.
    pub shifts: Vec<ShiftId>,
}

/// One shift type or a group of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum ShiftSet {
    /// A single shift type.
    Shift(ShiftId),
    /// A shift group.
    Group(GroupId),
}

/// What one day of a [`Pattern`] matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "set")]
pub enum DayMatch {
    /// A day off (`-` in files).
    Off,
    /// Any shift (`work`).
    Work,
    /// Any day, worked or not (`*`).
    Any,
    /// A shift of the set (its code).
    In(ShiftSet),
    /// A day off or a shift outside the set (`!` and its code).
    NotIn(ShiftSet),
}

/// A sequence of consecutive days that is forbidden (hard) or penalised (soft): every place
/// where the days match it costs its weight once. `N - N` is "a night, a single day off, a
/// night"; `N E` is the succession night then early.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pattern {
    /// The days, first to last: at least one, at most [`MAX_PATTERN_DAYS`], neither the first
    /// nor the last [`DayMatch::Any`].
    pub days: Vec<DayMatch>,
    /// The cost of each occurrence.
    pub weight: Weight,
}

/// Longest pattern accepted, in days.
pub const MAX_PATTERN_DAYS: usize = 14;

/// Limits on the runs of consecutive days worked on shifts of one set (a shift type or a
/// group): "nights in blocks of 2 to 3, then at least 2 days off".
///
/// A run is a maximal sequence of consecutive days each worked on a shift of the set. It
/// follows the same border rules as blocks of working days: a run touching day 0 is extended
/// by the history's last days, or exempt from the minimum without history when the scenario's
/// `exempt_start` is set; a run touching the last day is exempt from the minimum when
/// `exempt_end` is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunRule {
    /// The shifts whose runs are limited.
    pub set: ShiftSet,
    /// Minimum run length; each day short is one unit.
    pub min: Option<Limit>,
    /// Maximum run length; each day over is one unit.
    pub max: Option<Limit>,
    /// Days off needed after a run before the next worked day; each day short is one unit.
    /// Off days that reach the end of the horizon are never short (the next period decides).
    pub off_after: Option<Limit>,
}

impl RunRule {
    /// A rule on the runs of `set` with no limit yet.
    pub fn new(set: ShiftSet) -> Self {
        Self {
            set,
            min: None,
            max: None,
            off_after: None,
        }
    }
}

/// A set of day values (day off, or one of the shift types) as a bit set, used to test a
/// day of a line against a run rule or a pattern without looking up groups.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ValueSet {
    bits: Vec<u64>,
}

impl ValueSet {
    /// The empty set for `shifts` shift types.
    pub(crate) fn empty(shifts: usize) -> Self {
        Self {
            bits: vec![0; (shifts + 1).div_ceil(64)],
        }
    }

    fn bit(value: Option<ShiftId>) -> usize {
        value.map_or(0, |s| s.index() + 1)
    }

    /// Adds a day value.
    pub(crate) fn insert(&mut self, value: Option<ShiftId>) {
        let b = Self::bit(value);
        self.bits[b / 64] |= 1 << (b % 64);
    }

    /// True when the day value (`None` = day off) is in the set.
    #[inline]
    pub fn contains(&self, value: Option<ShiftId>) -> bool {
        let b = Self::bit(value);
        self.bits[b / 64] >> (b % 64) & 1 == 1
    }

    /// The shifts in the set (day off excluded).
    pub fn shifts(&self, shifts: usize) -> impl Iterator<Item = ShiftId> + '_ {
        (0..shifts)
            .map(ShiftId::new)
            .filter(|s| self.contains(Some(*s)))
    }

    /// True when the set holds every value (day off and all `shifts` shift types).
    pub fn is_everything(&self, shifts: usize) -> bool {
        self.contains(None) && (0..shifts).all(|s| self.contains(Some(ShiftId::new(s))))
    }
}
