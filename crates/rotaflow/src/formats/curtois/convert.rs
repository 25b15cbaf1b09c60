//! [`Instance::to_scenario`]: the instance mapped onto the rotaflow model, so that the
//! evaluator computes exactly the benchmark's objective and hard constraints.

use super::{Employee, Instance, ShiftRequest};
use crate::model::{
    Contract, ContractId, Cover, Horizon, Leave, Limit, Location, ModelError, Request, RequestKind,
    Scenario, ScenarioErrors, ScenarioParts, Settings, ShiftId, ShiftType, Staff, StaffId,
    Succession, Weight, DAY_MINUTES,
};
use chrono::{Datelike, NaiveDate, Weekday};

/// The `reason` given to the [`Leave`] entries that [`Instance::to_scenario`] makes from
/// `SECTION_DAYS_OFF`.
pub const DAY_OFF_REASON: &str = "day off (benchmark)";

/// The limits of one employee, as compared when deduplicating contracts.
#[derive(PartialEq, Eq)]
struct Limits<'a> {
    max_shifts: &'a [Option<u32>],
    totals: [u32; 6],
}

impl<'a> Limits<'a> {
    fn of(e: &'a Employee) -> Self {
        Self {
            max_shifts: &e.max_shifts,
            totals: [
                e.max_total_minutes,
                e.min_total_minutes,
                e.max_consecutive_shifts,
                e.min_consecutive_shifts,
                e.min_consecutive_days_off,
                e.max_weekends,
            ],
        }
    }
}

impl Instance {
    /// Maps the instance onto a [`Scenario`] whose evaluation is the benchmark's: the soft
    /// score is the benchmark objective and the hard score is 0 exactly when every benchmark
    /// constraint holds.
    ///
    /// - One [`ShiftType`] per benchmark shift (code and name = the shift id, paid minutes =
    ///   length, not a night shift). Curtois instances have no clock times and no rest rule,
    ///   so the clock times are nominal: start 00:00, end = length after it (modulo a day).
    /// - No roles. Contracts are deduplicated: employees with identical limits share one,
    ///   coded `C1`, `C2`, ... in order of first use. Every limit is hard: max shifts per shift
    ///   type (0 = never), min and max total minutes, min and max consecutive working days, min
    ///   consecutive days off, max weekends, and every "cannot follow" pair as a hard
    ///   [`Succession`] on every contract.
    /// - Staff code and name = the employee id, no history.
    /// - Days off become [`Leave`] with the reason [`DAY_OFF_REASON`] (a day listed twice
    ///   becomes one leave day); shift-on requests become [`RequestKind::On`] requests for the
    ///   shift and shift-off requests [`RequestKind::Off`], soft with their weight; cover rows
    ///   become [`Cover`] for everyone (`role: None`), soft under and over.
    /// - Settings: blocks touching day 0 or the last day are exempt from the minimum-length
    ///   rules; the weekend is Saturday and Sunday.
    ///
    /// # Errors
    /// When `start` is not a Monday: the benchmark's weekends are days `7w+5` and `7w+6`,
    /// which are Saturday and Sunday only when day 0 is a Monday. Also when the instance holds
    /// values the model cannot represent (a shift of 0 minutes or longer than two days, a
    /// maximum of 0 consecutive shifts, a minimum above its maximum), as reported by
    /// [`Scenario::new`].
    pub fn to_scenario(&self, start: NaiveDate, name: &str) -> Result<Scenario, ScenarioErrors> {
        if start.weekday() != Weekday::Mon {
            return Err(ScenarioErrors(vec![ModelError {
                location: Location::Horizon,
                field: "start",
                message: format!(
                    "{start} is a {:?}; Curtois instances start on a Monday (weekends are days \
                     7w+5 and 7w+6), so the start date must be a Monday such as 2024-01-01",
                    start.weekday()
                ),
            }]));
        }
        let shifts: Vec<ShiftType> = self
            .shifts
            .iter()
            .map(|s| ShiftType {
                code: s.id.clone(),
                name: s.id.clone(),
                start: 0,
                end: s.minutes % DAY_MINUTES,
                minutes: s.minutes,
                night: false,
            })
            .collect();
        let mut successions = Vec::new();
        for (from, s) in self.shifts.iter().enumerate() {
            for &to in &s.cannot_follow {
                let succ = Succession {
                    from: ShiftId::new(from),
                    to: ShiftId::new(to),
                    weight: Weight::Hard,
                };
                if !successions.contains(&succ) {
                    successions.push(succ);
                }
            }
        }
        let mut contracts: Vec<Contract> = Vec::new();
        let mut contract_users: Vec<usize> = Vec::new();
        let mut contract_limits: Vec<Limits<'_>> = Vec::new();
        let mut staff = Vec::with_capacity(self.staff.len());
        for e in &self.staff {
            let limits = Limits::of(e);
            let id = match contract_limits.iter().position(|l| *l == limits) {
                Some(i) => {
                    contract_users[i] += 1;
                    i
                }
                None => {
                    contracts.push(contract_for(e, contracts.len() + 1, &successions));
                    contract_limits.push(limits);
                    contract_users.push(1);
                    contracts.len() - 1
                }
            };
            staff.push(Staff {
                code: e.id.clone(),
                name: e.id.clone(),
                contract: ContractId::new(id),
                roles: Vec::new(),
                history: None,
                fte_permille: None,
                carried_minutes: 0,
            });
        }
        for (c, users) in contracts.iter_mut().zip(contract_users) {
            if users > 1 {
                c.name = format!("{} and {} more", c.name, users - 1);
            }
        }
        let mut leave = Vec::new();
        for (i, e) in self.staff.iter().enumerate() {
            let mut days = e.days_off.clone();
            days.sort_unstable();
            days.dedup();
            leave.extend(days.into_iter().map(|day| Leave {
                staff: StaffId::new(i),
                day,
                reason: DAY_OFF_REASON.to_string(),
                credit_minutes: None,
            }));
        }
        let request = |r: &ShiftRequest, kind| Request {
            staff: StaffId::new(r.employee),
            day: r.day,
            shift: Some(ShiftId::new(r.shift)),
            kind,
            weight: Weight::Soft(r.weight),
        };
        let requests = self
            .shift_on_requests
            .iter()
            .map(|r| request(r, RequestKind::On))
            .chain(
                self.shift_off_requests
                    .iter()
                    .map(|r| request(r, RequestKind::Off)),
            )
            .collect();
        let cover = self
            .cover
            .iter()
            .map(|c| Cover {
                day: c.day,
                shift: ShiftId::new(c.shift),
                role: None,
                required: c.requirement,
                under: Weight::Soft(c.under_weight),
                over: Weight::Soft(c.over_weight),
            })
            .collect();
        Scenario::new(ScenarioParts {
            groups: Vec::new(),
            name: name.to_string(),
            horizon: Horizon::new(start, self.days),
            settings: Settings {
                exempt_start: true,
                exempt_end: true,
                weekend: vec![Weekday::Sat, Weekday::Sun],
                weekend_clock: None,
                time_zone: None,
            },
            shifts,
            roles: Vec::new(),
            contracts,
            staff,
            cover,
            requests,
            leave,
            fixed: Vec::new(),
            fairness: Vec::new(),
            holidays: Vec::new(),
            pairings: Vec::new(),
            commitments: Vec::new(),
            baseline: None,
        })
    }
}

/// The hard contract `C{number}` holding the limits of `e`.
fn contract_for(e: &Employee, number: usize, successions: &[Succession]) -> Contract {
    let mut c = Contract::new(format!("C{number}"), format!("limits of {}", e.id));
    c.max_shifts = e
        .max_shifts
        .iter()
        .enumerate()
        .filter_map(|(s, m)| m.map(|m| (ShiftId::new(s), Limit::hard(m))))
        .collect();
    c.max_total_minutes = Some(Limit::hard(e.max_total_minutes));
    c.min_total_minutes = Some(Limit::hard(e.min_total_minutes));
    c.max_consecutive_work = Some(Limit::hard(e.max_consecutive_shifts));
    c.min_consecutive_work = Some(Limit::hard(e.min_consecutive_shifts));
    c.min_consecutive_off = Some(Limit::hard(e.min_consecutive_days_off));
    c.max_weekends = Some(Limit::hard(e.max_weekends));
    c.successions = successions.to_vec();
    c
}
