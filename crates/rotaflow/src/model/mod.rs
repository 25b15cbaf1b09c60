//! What exists: the horizon, shift types, roles, contracts, staff, cover, leave, fixed
//! assignments, wishes, doctors' commitments, fairness and pairing rules. Plain data, validated once by [`Scenario::new`].

mod baseline;
mod bounds;
mod builder;
pub(crate) mod commitment;
mod contract;
pub(crate) mod contradictions;
mod demand;
mod fairness;
mod horizon;
mod hours;
mod ids;
mod index;
mod pairing;
mod scenario;
mod sequence;
mod shift;
mod staff;
mod supply;
mod validate;
mod weekend;
mod weight;

pub use baseline::{Baseline, DAY_OFF_TAKEN_UNITS};
pub use bounds::MAX_SCORE;
pub use builder::{
    date, describe, BuildError, ContractBuilder, CoverRows, Problem, ScenarioBuilder, StaffEntry,
};
pub use commitment::{Commitment, CommitmentKind, DayRule};
pub use contract::{Contract, Succession, WeekendsOff};
pub use demand::{Cover, Fixed, Leave, Request, RequestKind};
pub use fairness::{FairAmong, FairCount, FairGroup, Fairness, Holiday, MAX_BALANCE};
pub(crate) use horizon::{horizon_end_problem, weekday_name};
pub use horizon::{parse_date, Horizon, LAST_DATE};
pub use hours::MAX_CARRIED_MINUTES;
pub use ids::{ContractId, GroupId, RoleId, ShiftId, StaffId};
pub use pairing::{PairKind, Pairing};
pub use scenario::{
    Location, ModelError, Scenario, ScenarioErrors, ScenarioParts, Settings, MAX_DAYS,
};
pub use sequence::{DayMatch, Pattern, RunRule, ShiftGroup, ShiftSet, ValueSet, MAX_PATTERN_DAYS};
pub use shift::{format_clock, parse_clock, Role, ShiftType, DAY_MINUTES};
pub use staff::{History, Staff};
pub use supply::{most_shifts, supply, weekly_shortages, SupplyLine};
pub(crate) use validate::local_problems;
pub use weekend::WeekendClock;
pub use weight::{Limit, Weight, MAX_HARD_RANK};
