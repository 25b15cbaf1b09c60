//! [`ScenarioBuilder`]: a scenario written in code, things referred to by the ids the builder
//! hands out, derived fields derived, every problem reported at [`ScenarioBuilder::build`].

use super::{
    parse_clock, Commitment, Contract, ContractId, Cover, Fixed, History, Horizon, Leave, Limit,
    Location, ModelError, Pattern, Request, RequestKind, Role, RoleId, RunRule, Scenario,
    ScenarioParts, Settings, ShiftId, ShiftType, Staff, StaffId, Succession, WeekendsOff, Weight,
};
use chrono::NaiveDate;
use std::fmt;

/// A problem found while building a scenario in code, named by the codes the caller gave.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A clock time that is not `HH:MM`.
    #[error("shift {code}: {message}")]
    Clock {
        /// The shift's code.
        code: String,
        /// What is wrong.
        message: String,
    },
    /// A day that does not exist (30 February).
    #[error("{year}-{month:02}-{day:02} is not a date")]
    NoSuchDate {
        /// The year given.
        year: i32,
        /// The month given.
        month: u32,
        /// The day given.
        day: u32,
    },
    /// A date outside the plan.
    #[error("{date} is not in the plan ({first} to {last})")]
    Date {
        /// The date given.
        date: NaiveDate,
        /// The plan's first day.
        first: NaiveDate,
        /// The plan's last day.
        last: NaiveDate,
    },
    /// The scenario breaks the model's rules (every problem found, as [`Scenario::new`]
    /// reports them).
    #[error("{}", Problems(.0))]
    Invalid(Vec<Problem>),
}

/// One problem of a scenario, with what it is about named by code.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Problem {
    /// What the problem is about, by code (`contract FT`, `cover E on 2027-03-01`).
    pub subject: String,
    /// The problem as validation found it.
    pub error: ModelError,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.subject, self.error.field, self.error.message
        )
    }
}

struct Problems<'a>(&'a [Problem]);

impl fmt::Display for Problems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the scenario has {} problem(s)", self.0.len())?;
        for p in self.0 {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

/// Builds a [`Scenario`] in code.
///
/// ```
/// use rotaflow::prelude::*;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mut b = ScenarioBuilder::new("Beech Ward", date(2027, 3, 1)?, 7);
/// let early = b.shift("E", "Early", "07:00", "15:00")?;
/// let night = b.shift("N", "Night", "21:00", "07:30")?; // ends next morning: a night
/// let rn = b.role("RN", "Registered nurse");
/// let ft = b
///     .contract("FT")
///     .max_consecutive_work(Limit::hard(5))
///     .min_rest_minutes(Limit::hard(11 * 60))
///     .add();
/// for i in 0..5 {
///     b.staff(format!("N{i}"), ft).roles(&[rn]);
/// }
/// b.cover_daily(early, 2).role(rn).under(Weight::Soft(100));
/// b.cover_daily(night, 1).under(Weight::Hard);
/// let n0 = b.staff_id("N0").expect("added above");
/// b.leave(n0, b.day(date(2027, 3, 3)?)?, "annual leave");
/// let scenario = b.build()?;
/// assert_eq!(scenario.shift(night).minutes, 630);
/// assert!(scenario.shift(night).night);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct ScenarioBuilder {
    parts: ScenarioParts,
}

/// The date `year-month-day`, or an error naming it when there is no such day.
pub fn date(year: i32, month: u32, day: u32) -> Result<NaiveDate, BuildError> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or(BuildError::NoSuchDate { year, month, day })
}

impl ScenarioBuilder {
    /// A scenario called `name` planning `days` days from `start`, with default settings
    /// (weekend Saturday and Sunday, blocks at the plan's edges exempt from minimum lengths).
    pub fn new(name: impl Into<String>, start: NaiveDate, days: u32) -> Self {
        ScenarioBuilder {
            parts: ScenarioParts {
                name: name.into(),
                horizon: Horizon::new(start, days),
                settings: Settings::default(),
                shifts: vec![],
                roles: vec![],
                groups: vec![],
                contracts: vec![],
                staff: vec![],
                cover: vec![],
                requests: vec![],
                leave: vec![],
                fixed: vec![],
                commitments: vec![],
                fairness: vec![],
                holidays: vec![],
                pairings: vec![],
                baseline: None,
            },
        }
    }

    /// The scenario-wide settings, to change.
    pub fn settings(&mut self) -> &mut Settings {
        &mut self.parts.settings
    }

    /// The day index of `date` (0 is the first day of the plan).
    pub fn day(&self, date: NaiveDate) -> Result<u32, BuildError> {
        let h = &self.parts.horizon;
        h.day_of(date)
            .map(|d| d as u32)
            .ok_or_else(|| BuildError::Date {
                date,
                first: h.start,
                last: h.end(),
            })
    }

    /// Adds a shift type from clock times `HH:MM` (an end at or before the start ends next
    /// morning). Paid minutes are the clock duration; a shift that works past midnight counts
    /// as a night. Use [`ScenarioBuilder::shift_type`] for unpaid breaks or other nights.
    pub fn shift(
        &mut self,
        code: impl Into<String>,
        name: impl Into<String>,
        start: &str,
        end: &str,
    ) -> Result<ShiftId, BuildError> {
        let code = code.into();
        let clock = |t: &str| {
            parse_clock(t).map_err(|message| BuildError::Clock {
                code: code.clone(),
                message,
            })
        };
        let (start, end) = (clock(start)? % 1440, clock(end)? % 1440);
        let mut shift = ShiftType {
            code,
            name: name.into(),
            start,
            end,
            minutes: 0,
            night: false,
        };
        shift.minutes = shift.duration();
        // Working past midnight makes a night; a shift that ends at 24:00 does not.
        shift.night = shift.end_offset() > super::DAY_MINUTES;
        Ok(self.shift_type(shift))
    }

    /// Adds a shift type given in full.
    pub fn shift_type(&mut self, shift: ShiftType) -> ShiftId {
        self.parts.shifts.push(shift);
        ShiftId::new(self.parts.shifts.len() - 1)
    }

    /// Adds a role (shared: cover counts everyone on the shift who holds it).
    pub fn role(&mut self, code: impl Into<String>, name: impl Into<String>) -> RoleId {
        self.parts.roles.push(Role {
            code: code.into(),
            name: name.into(),
            exclusive: false,
        });
        RoleId::new(self.parts.roles.len() - 1)
    }

    /// Starts a contract; set its limits and finish with [`ContractBuilder::add`].
    pub fn contract(&mut self, code: impl Into<String>) -> ContractBuilder<'_> {
        let code = code.into();
        ContractBuilder {
            contract: Contract::new(code.clone(), code),
            builder: self,
        }
    }

    /// Adds a contract given in full.
    pub fn contract_full(&mut self, contract: Contract) -> ContractId {
        self.parts.contracts.push(contract);
        ContractId::new(self.parts.contracts.len() - 1)
    }

    /// Adds a staff member on `contract`, named by their code until [`StaffEntry::name`]
    /// says otherwise.
    pub fn staff(&mut self, code: impl Into<String>, contract: ContractId) -> StaffEntry<'_> {
        let code = code.into();
        self.parts.staff.push(Staff {
            name: code.clone(),
            code,
            contract,
            roles: vec![],
            history: None,
            fte_permille: None,
            carried_minutes: 0,
        });
        let id = StaffId::new(self.parts.staff.len() - 1);
        StaffEntry { builder: self, id }
    }

    /// The id of the staff member with this code, if added.
    pub fn staff_id(&self, code: &str) -> Option<StaffId> {
        self.parts
            .staff
            .iter()
            .position(|s| s.code == code)
            .map(StaffId::new)
    }

    /// Asks for `required` people on `shift` every day of the plan (anyone; see
    /// [`CoverRows::role`]), short of it hard and over it free until changed.
    pub fn cover_daily(&mut self, shift: ShiftId, required: u32) -> CoverRows<'_> {
        let days: Vec<u32> = (0..self.parts.horizon.days).collect();
        self.cover_on(shift, required, &days)
    }

    /// Asks for `required` people on `shift` on the given days, short of it hard and over it
    /// free until changed.
    pub fn cover_on(&mut self, shift: ShiftId, required: u32, days: &[u32]) -> CoverRows<'_> {
        let first = self.parts.cover.len();
        self.parts.cover.extend(days.iter().map(|&day| Cover {
            day,
            shift,
            role: None,
            required,
            under: Weight::Hard,
            over: Weight::Soft(0),
        }));
        CoverRows {
            builder: self,
            first,
        }
    }

    /// A day `staff` cannot work (leave, training, sickness), with its reason.
    pub fn leave(&mut self, staff: StaffId, day: u32, reason: impl Into<String>) -> &mut Self {
        self.parts.leave.push(Leave {
            staff,
            day,
            reason: reason.into(),
            credit_minutes: None,
        });
        self
    }

    /// A wish: `staff` would like `day` off (`shift` `None`) or not to work `shift` that day.
    pub fn wish_off(
        &mut self,
        staff: StaffId,
        day: u32,
        shift: Option<ShiftId>,
        weight: Weight,
    ) -> &mut Self {
        self.request(staff, day, shift, RequestKind::Off, weight)
    }

    /// A wish: `staff` would like to work on `day` (`shift` `None`: any shift) or that shift.
    pub fn wish_on(
        &mut self,
        staff: StaffId,
        day: u32,
        shift: Option<ShiftId>,
        weight: Weight,
    ) -> &mut Self {
        self.request(staff, day, shift, RequestKind::On, weight)
    }

    fn request(
        &mut self,
        staff: StaffId,
        day: u32,
        shift: Option<ShiftId>,
        kind: RequestKind,
        weight: Weight,
    ) -> &mut Self {
        self.parts.requests.push(Request {
            staff,
            day,
            shift,
            kind,
            weight,
        });
        self
    }

    /// Pins `staff` to `shift` on `day`.
    pub fn fix(&mut self, staff: StaffId, day: u32, shift: ShiftId) -> &mut Self {
        self.parts.fixed.push(Fixed { staff, day, shift });
        self
    }

    /// Adds a doctor's commitment (theatre list, clinic, meeting, congress).
    pub fn commitment(&mut self, commitment: Commitment) -> &mut Self {
        self.parts.commitments.push(commitment);
        self
    }

    /// Everything else (shift groups, fairness, pairings, holidays), in the form
    /// [`Scenario::new`] takes.
    pub fn parts_mut(&mut self) -> &mut ScenarioParts {
        &mut self.parts
    }

    /// Validates and builds the scenario; every problem is reported, named by code.
    pub fn build(self) -> Result<Scenario, BuildError> {
        let parts = self.parts.clone();
        Scenario::new(self.parts).map_err(|e| {
            BuildError::Invalid(
                e.0.into_iter()
                    .map(|error| Problem {
                        subject: describe(&parts, error.location),
                        error,
                    })
                    .collect(),
            )
        })
    }
}

/// The code of `list[i]`, or `#i+1` when there is no such entry.
fn code_at<T>(list: &[T], i: usize, code: impl Fn(&T) -> &String) -> String {
    list.get(i)
        .map_or(format!("#{}", i + 1), |t| code(t).clone())
}

/// What `location` is about, by code.
pub fn describe(parts: &ScenarioParts, location: Location) -> String {
    let h = &parts.horizon;
    let date = |d: u32| h.date(d as usize).to_string();
    let shift = |s: ShiftId| code_at(&parts.shifts, s.index(), |t| &t.code);
    let staff = |s: StaffId| code_at(&parts.staff, s.index(), |t| &t.code);
    let nth = |kind: &str, i: usize| format!("{kind} #{}", i + 1);
    match location {
        Location::Horizon => "the plan's days".into(),
        Location::Settings => "the settings".into(),
        Location::Shift(s) => format!("shift {}", shift(s)),
        Location::Role(r) => format!("role {}", code_at(&parts.roles, r.index(), |t| &t.code)),
        Location::Group(g) => format!(
            "shift group {}",
            code_at(&parts.groups, g.index(), |t| &t.code)
        ),
        Location::Contract(c) => format!(
            "contract {}",
            code_at(&parts.contracts, c.index(), |t| &t.code)
        ),
        Location::Staff(s) => format!("staff {}", staff(s)),
        Location::Cover(i) => parts.cover.get(i).map_or(nth("cover", i), |c| {
            format!("cover {} on {}", shift(c.shift), date(c.day))
        }),
        Location::Request(i) => parts.requests.get(i).map_or(nth("wish", i), |r| {
            format!("wish of {} on {}", staff(r.staff), date(r.day))
        }),
        Location::Leave(i) => parts.leave.get(i).map_or(nth("leave", i), |l| {
            format!("leave of {} on {}", staff(l.staff), date(l.day))
        }),
        Location::Fixed(i) => parts.fixed.get(i).map_or(nth("fixed shift", i), |f| {
            format!("fixed shift of {} on {}", staff(f.staff), date(f.day))
        }),
        Location::Commitment(i) => parts.commitments.get(i).map_or(nth("commitment", i), |c| {
            format!("commitment of {} on {}", staff(c.staff), date(c.day))
        }),
        Location::Fairness(i) => parts.fairness.get(i).map_or(nth("fairness rule", i), |f| {
            format!("fairness rule {}", f.code)
        }),
        Location::Holiday(i) => parts
            .holidays
            .get(i)
            .map_or(nth("holiday", i), |d| format!("holiday {}", date(d.day))),
        Location::Pairing(i) => parts.pairings.get(i).map_or(nth("pairing", i), |p| {
            format!("pairing of {}", staff(p.staff))
        }),
        Location::Baseline(s) => format!("published roster of {}", staff(s)),
    }
}

/// A contract being written ([`ScenarioBuilder::contract`]); [`ContractBuilder::add`] adds
/// it. Limits are in the units of [`Contract`]: minutes, days, shifts or weekends.
#[must_use = "a contract is only added by `add`"]
pub struct ContractBuilder<'b> {
    builder: &'b mut ScenarioBuilder,
    contract: Contract,
}

macro_rules! limits {
    ($($(#[$doc:meta])* $name:ident;)*) => {
        $(
            $(#[$doc])*
            pub fn $name(mut self, limit: Limit) -> Self {
                self.contract.$name = Some(limit);
                self
            }
        )*
    };
}

impl ContractBuilder<'_> {
    /// The contract's readable name (its code until set).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.contract.name = name.into();
        self
    }

    limits! {
        /// Fewest paid minutes over the plan.
        min_total_minutes;
        /// Most paid minutes over the plan.
        max_total_minutes;
        /// Shortest block of working days.
        min_consecutive_work;
        /// Longest block of working days.
        max_consecutive_work;
        /// Shortest block of days off.
        min_consecutive_off;
        /// Longest block of days off.
        max_consecutive_off;
        /// Most weekends with any work.
        max_weekends;
        /// Least rest between two shifts, in minutes.
        min_rest_minutes;
        /// Most night shifts.
        max_nights;
        /// Fewest shifts of any type.
        min_total_shifts;
        /// Most shifts of any type.
        max_total_shifts;
        /// Most worked weekends in a row.
        max_consecutive_weekends;
        /// Most paid minutes in any 7 consecutive days.
        max_week_minutes;
        /// Paid minutes a person may work below their hours owed.
        below_target;
        /// Paid minutes a person may work above their hours owed.
        above_target;
    }

    /// Most shifts of type `shift` (0: never this shift).
    pub fn max_shifts(mut self, shift: ShiftId, limit: Limit) -> Self {
        self.contract.max_shifts.push((shift, limit));
        self
    }

    /// `from` on one day followed by `to` on the next costs `weight` (hard: forbidden).
    pub fn forbid_succession(mut self, from: ShiftId, to: ShiftId, weight: Weight) -> Self {
        self.contract
            .successions
            .push(Succession { from, to, weight });
        self
    }

    /// Whole weekends: all days of a weekend worked or all off.
    pub fn complete_weekends(mut self, weight: Weight) -> Self {
        self.contract.complete_weekends = Some(weight);
        self
    }

    /// At least `off` weekends off in any `window` consecutive weekends.
    pub fn weekends_off(mut self, off: u32, window: u32, weight: Weight) -> Self {
        self.contract.min_weekends_off = Some(WeekendsOff {
            off,
            window,
            weight,
        });
        self
    }

    /// Contracted paid minutes per week of a full-time person (hours owed follow from it and
    /// each person's FTE).
    pub fn weekly_minutes(mut self, minutes: u32) -> Self {
        self.contract.weekly_minutes = Some(minutes);
        self
    }

    /// A limit on runs of a shift type or group (night blocks, say).
    pub fn run(mut self, rule: RunRule) -> Self {
        self.contract.runs.push(rule);
        self
    }

    /// A forbidden or penalised sequence of days.
    pub fn pattern(mut self, pattern: Pattern) -> Self {
        self.contract.patterns.push(pattern);
        self
    }

    /// Adds the contract and returns its id.
    pub fn add(self) -> ContractId {
        self.builder.contract_full(self.contract)
    }
}

/// A staff member just added ([`ScenarioBuilder::staff`]), to describe further.
pub struct StaffEntry<'b> {
    builder: &'b mut ScenarioBuilder,
    id: StaffId,
}

impl StaffEntry<'_> {
    fn staff(&mut self) -> &mut Staff {
        &mut self.builder.parts.staff[self.id.index()]
    }

    /// The person's id.
    pub fn id(&self) -> StaffId {
        self.id
    }

    /// Their readable name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.staff().name = name.into();
        self
    }

    /// The roles they hold.
    pub fn roles(mut self, roles: &[RoleId]) -> Self {
        self.staff().roles = roles.to_vec();
        self
    }

    /// Their full-time equivalent in thousandths (800 = 0.8).
    pub fn fte_permille(mut self, permille: u32) -> Self {
        self.staff().fte_permille = Some(permille);
        self
    }

    /// How the previous period ended for them.
    pub fn history(mut self, history: History) -> Self {
        self.staff().history = Some(history);
        self
    }
}

/// Cover rows just added ([`ScenarioBuilder::cover_daily`], [`ScenarioBuilder::cover_on`]),
/// to qualify together.
pub struct CoverRows<'b> {
    builder: &'b mut ScenarioBuilder,
    first: usize,
}

impl CoverRows<'_> {
    fn each(self, f: impl Fn(&mut Cover)) -> Self {
        self.builder.parts.cover[self.first..]
            .iter_mut()
            .for_each(f);
        self
    }

    /// Counts only people holding `role`.
    pub fn role(self, role: RoleId) -> Self {
        self.each(|c| c.role = Some(role))
    }

    /// Cost of each person short (hard by default).
    pub fn under(self, weight: Weight) -> Self {
        self.each(|c| c.under = weight)
    }

    /// Cost of each person over (free by default).
    pub fn over(self, weight: Weight) -> Self {
        self.each(|c| c.over = weight)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ward() -> Result<(ScenarioBuilder, ShiftId, ContractId), BuildError> {
        let mut b = ScenarioBuilder::new("ward", date(2027, 3, 1)?, 7);
        let early = b.shift("E", "Early", "07:00", "15:00")?;
        let ft = b.contract("FT").max_consecutive_work(Limit::hard(5)).add();
        Ok((b, early, ft))
    }

    #[test]
    fn derived_fields_are_derived() {
        let mut b = ScenarioBuilder::new("ward", date(2027, 3, 1).unwrap(), 7);
        let e = b.shift("E", "Early", "07:00", "15:00").unwrap();
        let n = b.shift("N", "Night", "21:00", "07:30").unwrap();
        let d = b.shift("D", "Day", "08:00", "24:00").unwrap();
        let ft = b.contract("FT").add();
        b.staff("A", ft).name("Ana");
        let s = b.build().unwrap();
        assert_eq!((s.shift(e).minutes, s.shift(e).night), (480, false));
        assert_eq!((s.shift(n).minutes, s.shift(n).night), (630, true));
        assert_eq!((s.shift(d).end, s.shift(d).minutes), (0, 960));
        assert!(!s.shift(d).night);
        assert_eq!(s.staff()[0].name, "Ana");
        assert_eq!(s.contracts()[0].name, "FT");
    }

    #[test]
    fn cover_rows_are_qualified_together_and_only_their_own() {
        let (mut b, early, ft) = ward().unwrap();
        let rn = b.role("RN", "Registered nurse");
        b.staff("A", ft).roles(&[rn]);
        b.cover_daily(early, 1).under(Weight::Soft(100));
        b.cover_on(early, 2, &[0, 1]).role(rn).over(Weight::Soft(5));
        let s = b.build().unwrap();
        let any: Vec<_> = s.cover().iter().filter(|c| c.role.is_none()).collect();
        let rns: Vec<_> = s.cover().iter().filter(|c| c.role == Some(rn)).collect();
        assert_eq!(any.len(), 7);
        assert!(any
            .iter()
            .all(|c| c.under == Weight::Soft(100) && c.over == Weight::Soft(0)));
        assert_eq!(rns.len(), 2);
        assert!(rns
            .iter()
            .all(|c| c.required == 2 && c.under == Weight::Hard && c.over == Weight::Soft(5)));
    }

    #[test]
    fn every_problem_is_reported_by_code() {
        let (mut b, early, ft) = ward().unwrap();
        b.shift("E", "Early again", "08:00", "16:00").unwrap();
        b.staff("A", ft);
        b.staff("B", ContractId(7));
        b.fix(StaffId(0), 9, early);
        let err = b.build().unwrap_err();
        let BuildError::Invalid(problems) = &err else {
            panic!("expected validation problems, got {err}");
        };
        let subjects: Vec<&str> = problems.iter().map(|p| p.subject.as_str()).collect();
        assert!(subjects.contains(&"shift E"), "{subjects:?}");
        assert!(subjects.contains(&"staff B"), "{subjects:?}");
        assert!(
            subjects.iter().any(|s| s.starts_with("fixed shift of A")),
            "{subjects:?}"
        );
        let text = err.to_string();
        assert!(text.starts_with("the scenario has"), "{text}");
        assert!(text.contains("\n  staff B: contract:"), "{text}");
    }

    #[test]
    fn bad_clock_times_and_dates_are_errors() {
        let mut b = ScenarioBuilder::new("ward", date(2027, 3, 1).unwrap(), 7);
        let e = b.shift("E", "Early", "7am", "15:00").unwrap_err();
        assert!(e
            .to_string()
            .starts_with("shift E: `7am` is not a clock time"));
        assert_eq!(
            date(2027, 2, 30).unwrap_err().to_string(),
            "2027-02-30 is not a date"
        );
        assert_eq!(b.day(date(2027, 3, 7).unwrap()), Ok(6));
        assert_eq!(
            b.day(date(2027, 3, 8).unwrap()).unwrap_err().to_string(),
            "2027-03-08 is not in the plan (2027-03-01 to 2027-03-07)"
        );
    }

    #[test]
    fn wishes_leave_and_lookups() {
        let (mut b, early, ft) = ward().unwrap();
        let a = b.staff("A", ft).id();
        assert_eq!(b.staff_id("A"), Some(a));
        assert_eq!(b.staff_id("Z"), None);
        b.leave(a, 2, "course")
            .wish_off(a, 3, None, Weight::Soft(5))
            .wish_on(a, 4, Some(early), Weight::Soft(2))
            .fix(a, 5, early);
        let s = b.build().unwrap();
        assert_eq!(s.leave().len(), 1);
        assert_eq!(s.requests().len(), 2);
        assert_eq!(s.fixed().len(), 1);
    }
}
