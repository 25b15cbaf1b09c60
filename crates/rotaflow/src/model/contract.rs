//! Contracts: the bundle of working-time limits that applies to every staff member on it.

use super::{Limit, Pattern, RunRule, ShiftId, Weight};
use serde::{Deserialize, Serialize};

/// A pair of shifts on consecutive worked days that is forbidden (hard) or penalised (soft):
/// `from` worked on one day followed by `to` on the next day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Succession {
    /// The shift worked on the first day.
    pub from: ShiftId,
    /// The shift worked on the next day.
    pub to: ShiftId,
    /// Cost of each occurrence.
    pub weight: Weight,
}

/// Working-time limits. Every limit is optional; each is hard or soft with its own weight.
///
/// Units: minutes for the total-minutes limits and the rest limit, days for consecutive
/// limits, shifts for per-shift-type and night limits, weekends for the weekend limit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contract {
    /// External code used in files (`FT`, `PT50`).
    pub code: String,
    /// Readable name.
    pub name: String,
    /// Minimum paid minutes over the horizon; each minute short is one unit.
    pub min_total_minutes: Option<Limit>,
    /// Maximum paid minutes over the horizon; each minute over is one unit.
    pub max_total_minutes: Option<Limit>,
    /// Maximum number of shifts of one type over the horizon (0 = never this shift).
    pub max_shifts: Vec<(ShiftId, Limit)>,
    /// Minimum length of a block of consecutive working days; each day short is one unit.
    pub min_consecutive_work: Option<Limit>,
    /// Maximum length of a block of consecutive working days; each day over is one unit.
    pub max_consecutive_work: Option<Limit>,
    /// Minimum length of a block of consecutive days off; each day short is one unit.
    pub min_consecutive_off: Option<Limit>,
    /// Maximum length of a block of consecutive days off; each day over is one unit.
    pub max_consecutive_off: Option<Limit>,
    /// Maximum number of weekends with any work; each weekend over is one unit.
    pub max_weekends: Option<Limit>,
    /// Minimum rest in minutes between the end of one shift and the start of the next; each
    /// pair of shifts too close together is one unit.
    pub min_rest_minutes: Option<Limit>,
    /// Maximum number of night shifts over the horizon; each night over is one unit.
    pub max_nights: Option<Limit>,
    /// Forbidden or penalised shift successions on consecutive days.
    pub successions: Vec<Succession>,
    /// Limits on runs of a shift type or group (at most one entry per shift or group).
    #[serde(default)]
    pub runs: Vec<RunRule>,
    /// Forbidden or penalised sequences of days.
    #[serde(default)]
    pub patterns: Vec<Pattern>,
    /// Minimum number of shifts (of any type) over the horizon; each shift short is one unit.
    #[serde(default)]
    pub min_total_shifts: Option<Limit>,
    /// Maximum number of shifts (of any type) over the horizon; each shift over is one unit.
    #[serde(default)]
    pub max_total_shifts: Option<Limit>,
    /// Complete weekends: the days of a weekend are all worked or all off; each weekend with
    /// some days worked and some off is one unit, at this cost.
    #[serde(default)]
    pub complete_weekends: Option<Weight>,
    /// Most worked weekends in a row (1: at least one weekend off in every two); each worked
    /// weekend beyond is one unit. Weekends worked in a row before the plan come from the
    /// history's `weekends_in_a_row`.
    #[serde(default)]
    pub max_consecutive_weekends: Option<Limit>,
    /// Most paid minutes in any 7 consecutive days (a rolling week); each minute beyond, in
    /// each such window, is one unit. Windows that begin before the plan count the days the
    /// history makes known ([`super::History::recent`]); each window is judged in the plan in
    /// which it ends.
    #[serde(default)]
    pub max_week_minutes: Option<Limit>,
    /// At least so many weekends off in any run of so many consecutive weekends; each worked
    /// weekend beyond, in each window, is one unit.
    #[serde(default)]
    pub min_weekends_off: Option<WeekendsOff>,
    /// Contracted paid minutes per week of a full-time person on this contract; with a
    /// person's FTE it gives their target for the period (see [`Scenario::target_minutes`]).
    ///
    /// [`Scenario::target_minutes`]: super::Scenario::target_minutes
    #[serde(default)]
    pub weekly_minutes: Option<u32>,
    /// Paid minutes a person may work below their target; each minute beyond is one unit
    /// (replaces `min_total_minutes`).
    #[serde(default)]
    pub below_target: Option<Limit>,
    /// Paid minutes a person may work above their target; each minute beyond is one unit
    /// (replaces `max_total_minutes`).
    #[serde(default)]
    pub above_target: Option<Limit>,
}

/// At least `off` weekends off in any `window` consecutive weekends (2 in 4, say). Windows
/// that reach back before the plan count the history's `weekends_in_a_row` as worked and the
/// weekend before them as off (earlier ones as off too: they are not known).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WeekendsOff {
    /// Weekends off wanted in each window, at least 1.
    pub off: u32,
    /// Consecutive weekends in a window, at least `off`.
    pub window: u32,
    /// Cost of each worked weekend beyond `window - off` in a window.
    pub weight: Weight,
}

impl Contract {
    /// An empty contract (no limits) with the given code and name.
    pub fn new(code: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            name: name.into(),
            ..Self::default()
        }
    }

    /// The max-shifts limit for `shift`, if any.
    pub fn max_shifts_of(&self, shift: ShiftId) -> Option<Limit> {
        self.max_shifts
            .iter()
            .find(|(s, _)| *s == shift)
            .map(|(_, l)| *l)
    }
}
