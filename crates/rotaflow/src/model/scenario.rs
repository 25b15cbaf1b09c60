//! The scenario: everything the planner needs to know, validated once and indexed for fast
//! evaluation.

use super::index::{set_code, Index};
use super::*;
use chrono::Weekday;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Longest horizon accepted, in days (ten years).
pub const MAX_DAYS: u32 = 3660;

/// Scenario-wide settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// When a staff member has no [`History`], blocks of work or of days off that touch day 0
    /// are exempt from the minimum-length rules (their true length is unknown).
    pub exempt_start: bool,
    /// Blocks that touch the last day are exempt from the minimum-length rules (they may go on
    /// in the next period).
    pub exempt_end: bool,
    /// The days that form a weekend; a weekend counts as worked when any of its days is.
    pub weekend: Vec<Weekday>,
    /// A weekend by clock time (Friday 22:00 to Monday 06:00): a weekend counts as worked
    /// when any shift worked overlaps this window, so a Friday night counts. `None`: the
    /// weekend days alone.
    #[serde(default)]
    pub weekend_clock: Option<WeekendClock>,
    /// The ward's time zone (an IANA name such as `Europe/London`): the clock times of the
    /// shifts are in it. Calendar exports give every time in UTC through it; `None`: local
    /// times without a zone.
    #[serde(default)]
    pub time_zone: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            exempt_start: true,
            exempt_end: true,
            weekend: vec![Weekday::Sat, Weekday::Sun],
            weekend_clock: None,
            time_zone: None,
        }
    }
}

/// The raw parts of a scenario, all public, from which [`Scenario::new`] builds a validated
/// scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioParts {
    /// A name shown in reports.
    pub name: String,
    /// The days to plan.
    pub horizon: Horizon,
    /// Scenario-wide settings.
    pub settings: Settings,
    /// Shift types.
    pub shifts: Vec<ShiftType>,
    /// Roles.
    pub roles: Vec<Role>,
    /// Shift groups, referred to by run rules and patterns.
    #[serde(default)]
    pub groups: Vec<ShiftGroup>,
    /// Contracts.
    pub contracts: Vec<Contract>,
    /// Staff.
    pub staff: Vec<Staff>,
    /// Cover demand, at most one entry per day, shift and role.
    pub cover: Vec<Cover>,
    /// Wishes.
    pub requests: Vec<Request>,
    /// Hard days off.
    pub leave: Vec<Leave>,
    /// Pinned assignments.
    pub fixed: Vec<Fixed>,
    /// Doctors' calendars: theatre lists, clinics, meetings, conferences (see [`Commitment`]).
    #[serde(default)]
    pub commitments: Vec<Commitment>,
    /// Fairness rules (see [`Fairness`]).
    #[serde(default)]
    pub fairness: Vec<Fairness>,
    /// Public holidays in the plan.
    #[serde(default)]
    pub holidays: Vec<Holiday>,
    /// Pairing rules (see [`Pairing`]).
    #[serde(default)]
    pub pairings: Vec<Pairing>,
    /// The published roster a re-plan stays close to (see [`Baseline`]); `None` when planning
    /// from scratch. Not part of a scenario folder: `rotaflow replan` derives it from the
    /// published roster and the changes.
    #[serde(default)]
    pub baseline: Option<Baseline>,
}

/// Which part of the scenario a [`ModelError`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "index")]
pub enum Location {
    /// The horizon.
    Horizon,
    /// The settings.
    Settings,
    /// A shift type.
    Shift(ShiftId),
    /// A role.
    Role(RoleId),
    /// A shift group.
    Group(GroupId),
    /// A contract.
    Contract(ContractId),
    /// A staff member.
    Staff(StaffId),
    /// An entry of [`ScenarioParts::cover`].
    Cover(usize),
    /// An entry of [`ScenarioParts::requests`].
    Request(usize),
    /// An entry of [`ScenarioParts::leave`].
    Leave(usize),
    /// An entry of [`ScenarioParts::fixed`].
    Fixed(usize),
    /// An entry of [`ScenarioParts::commitments`].
    Commitment(usize),
    /// An entry of [`ScenarioParts::fairness`].
    Fairness(usize),
    /// An entry of [`ScenarioParts::holidays`].
    Holiday(usize),
    /// An entry of [`ScenarioParts::pairings`].
    Pairing(usize),
    /// The published roster of [`ScenarioParts::baseline`], for one staff member.
    Baseline(StaffId),
}

/// A problem found while validating a scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelError {
    /// Where the problem is.
    pub location: Location,
    /// The field concerned (`max_consecutive_work`, `contract`, `code`).
    pub field: &'static str,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}: {}", self.location, self.field, self.message)
    }
}

/// A validated scenario. Build one with [`Scenario::new`]; read it with the accessor methods.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ScenarioParts", into = "ScenarioParts")]
pub struct Scenario {
    parts: ScenarioParts,
    index: Index,
}

impl TryFrom<ScenarioParts> for Scenario {
    type Error = ScenarioErrors;
    fn try_from(parts: ScenarioParts) -> Result<Self, Self::Error> {
        Scenario::new(parts)
    }
}

impl From<Scenario> for ScenarioParts {
    fn from(s: Scenario) -> Self {
        s.parts
    }
}

/// All problems found in a scenario.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the scenario has {} problem(s); first: {}", .0.len(), .0.first().map(|e| e.to_string()).unwrap_or_default())]
pub struct ScenarioErrors(pub Vec<ModelError>);

impl Scenario {
    /// Validates the parts and builds the lookup tables. Every problem is reported, not only
    /// the first.
    pub fn new(mut parts: ScenarioParts) -> Result<Self, ScenarioErrors> {
        let errors = super::validate::validate(&parts);
        if !errors.is_empty() {
            return Err(ScenarioErrors(errors));
        }
        // A canonical order, so that equal scenarios compare equal however they were read.
        parts.cover.sort_by_key(|c| {
            (
                c.day,
                c.shift,
                c.role.map(|r| r.0 + 1).unwrap_or(0),
                c.required,
            )
        });
        parts.leave.sort_by_key(|l| (l.staff, l.day));
        parts.fixed.sort_by_key(|f| (f.staff, f.day));
        parts.requests.sort_by_key(|r| (r.staff, r.day));
        parts
            .commitments
            .sort_by_key(|c| (c.staff, c.day, c.start, c.kind));
        for c in &mut parts.contracts {
            // A run rule without any limit says nothing.
            c.runs
                .retain(|r| r.min.is_some() || r.max.is_some() || r.off_after.is_some());
        }
        let index = Index::build(&parts);
        Ok(Self { parts, index })
    }

    /// The raw parts, in canonical order: cover by day, shift and role; leave, fixed
    /// assignments and wishes by staff and day.
    pub fn parts(&self) -> &ScenarioParts {
        &self.parts
    }
    /// The published roster a re-plan stays close to, if any.
    pub fn baseline(&self) -> Option<&Baseline> {
        self.parts.baseline.as_ref()
    }
    /// The cells solvers never change, `locked[staff * days + day]`: fixed shifts and, in a
    /// re-plan, every person-day before the re-plan's first day.
    pub fn locked_cells(&self) -> Vec<bool> {
        let days = self.days();
        let mut locked = vec![false; self.staff().len() * days];
        for f in self.fixed() {
            locked[f.staff.index() * days + f.day as usize] = true;
        }
        if let Some(b) = self.baseline() {
            let first = (b.first_day as usize).min(days);
            for line in locked.chunks_mut(days.max(1)) {
                line[..first].iter_mut().for_each(|c| *c = true);
            }
        }
        locked
    }
    /// The name shown in reports.
    pub fn name(&self) -> &str {
        &self.parts.name
    }
    /// The planning horizon.
    pub fn horizon(&self) -> &Horizon {
        &self.parts.horizon
    }
    /// Number of days.
    pub fn days(&self) -> usize {
        self.parts.horizon.len()
    }
    /// Scenario-wide settings.
    pub fn settings(&self) -> &Settings {
        &self.parts.settings
    }
    /// Shift types, indexed by [`ShiftId`].
    pub fn shifts(&self) -> &[ShiftType] {
        &self.parts.shifts
    }
    /// One shift type.
    pub fn shift(&self, id: ShiftId) -> &ShiftType {
        &self.parts.shifts[id.index()]
    }
    /// Roles, indexed by [`RoleId`].
    pub fn roles(&self) -> &[Role] {
        &self.parts.roles
    }
    /// Contracts, indexed by [`ContractId`].
    pub fn contracts(&self) -> &[Contract] {
        &self.parts.contracts
    }
    /// Staff, indexed by [`StaffId`].
    pub fn staff(&self) -> &[Staff] {
        &self.parts.staff
    }
    /// One staff member.
    pub fn staff_member(&self, id: StaffId) -> &Staff {
        &self.parts.staff[id.index()]
    }
    /// The contract of a staff member.
    pub fn contract_of(&self, id: StaffId) -> &Contract {
        &self.parts.contracts[self.parts.staff[id.index()].contract.index()]
    }
    /// All cover entries, sorted by day, shift and role.
    pub fn cover(&self) -> &[Cover] {
        &self.parts.cover
    }
    /// Cover entries of one shift on one day.
    pub fn cover_of(&self, day: usize, shift: ShiftId) -> &[Cover] {
        let slot = day * self.parts.shifts.len() + shift.index();
        let a = self.index.cover_start[slot] as usize;
        let b = self.index.cover_start[slot + 1] as usize;
        &self.parts.cover[a..b]
    }

    /// The paid minutes `staff` owes over the period: their contract's weekly minutes times
    /// their FTE for the days of the plan, less what their leave days credit and the balance
    /// carried in ([`Staff::carried_minutes`]), at least 0. `None` when the contract has no
    /// weekly minutes.
    pub fn target_minutes(&self, staff: StaffId) -> Option<u32> {
        self.index.target_minutes[staff.index()]
    }
    /// The paid minutes `staff` owes for this plan alone: as [`Scenario::target_minutes`]
    /// without the balance carried in. `None` when the contract has no weekly minutes.
    pub fn owed_minutes(&self, staff: StaffId) -> Option<u32> {
        super::hours::owed_of(&self.parts, staff.index(), self.staff_member(staff))
    }

    /// The least and most paid minutes `staff` should work: around their target when their
    /// contract limits the minutes below or above it, else the contract's own limits.
    pub fn total_minutes_limits(&self, staff: StaffId) -> (Option<Limit>, Option<Limit>) {
        self.index.minutes_limits[staff.index()]
    }

    /// True when some role is exclusive (see [`Role`]).
    pub fn has_exclusive_roles(&self) -> bool {
        self.index.role_types.len() > 1
    }

    /// The distinct sets of exclusive roles people may work in on a shift, by type: type 0 is
    /// the empty set, then each exclusive role alone (in role order), then the other sets
    /// staff members hold.
    pub fn role_types(&self) -> &[Vec<RoleId>] {
        &self.index.role_types
    }

    /// The type (index into [`Scenario::role_types`]) of the exclusive roles `staff` holds.
    pub fn role_type_of(&self, staff: StaffId) -> usize {
        usize::from(self.index.staff_type[staff.index()])
    }

    /// The type of a person written into `role` in a roster: that role alone when it is
    /// exclusive, else the empty set.
    pub fn pinned_role_type(&self, role: RoleId) -> usize {
        usize::from(self.index.pinned_type[role.index()])
    }
    /// All wishes.
    pub fn requests(&self) -> &[Request] {
        &self.parts.requests
    }
    /// Wishes of one staff member.
    pub fn requests_of(&self, id: StaffId) -> impl Iterator<Item = &Request> + '_ {
        self.index.requests_of[id.index()]
            .iter()
            .map(|&i| &self.parts.requests[i as usize])
    }
    /// All leave days.
    pub fn leave(&self) -> &[Leave] {
        &self.parts.leave
    }
    /// Leave days of one staff member, by day.
    pub fn leave_of(&self, id: StaffId) -> impl Iterator<Item = &Leave> + '_ {
        self.index.leave_of[id.index()]
            .iter()
            .map(|&i| &self.parts.leave[i as usize])
    }
    /// All fixed assignments.
    pub fn fixed(&self) -> &[Fixed] {
        &self.parts.fixed
    }
    /// Fixed assignments of one staff member, by day.
    pub fn fixed_of(&self, id: StaffId) -> impl Iterator<Item = &Fixed> + '_ {
        self.index.fixed_of[id.index()]
            .iter()
            .map(|&i| &self.parts.fixed[i as usize])
    }
    /// All commitments (doctors' calendars), by staff and day.
    pub fn commitments(&self) -> &[Commitment] {
        &self.parts.commitments
    }
    /// The day values `staff` may have because of their commitments, one [`DayRule`] per
    /// commitment and day concerned, by day.
    pub fn day_rules_of(&self, staff: StaffId) -> &[DayRule] {
        &self.index.day_rules[staff.index()]
    }
    /// The weekend that `day` belongs to, if it is a weekend day.
    pub fn weekend_of(&self, day: usize) -> Option<u32> {
        self.index.weekend_of[day]
    }
    /// The weekend `shift` worked on `day` counts for: the day's weekend, or with a weekend by
    /// clock time ([`Settings::weekend_clock`]) the weekend whose window the shift overlaps.
    #[inline]
    pub fn cell_weekend(&self, day: usize, shift: ShiftId) -> Option<u32> {
        self.index.cell_weekend[day * self.parts.shifts.len() + shift.index()]
    }
    /// Each weekend day and the weekend it belongs to, in day order.
    #[inline]
    pub(crate) fn weekend_days(&self) -> &[(u32, u32)] {
        &self.index.weekend_days
    }
    /// Number of weekends with at least one day in the horizon.
    pub fn weekends(&self) -> u32 {
        self.index.weekends
    }
    /// The cost of working `to` the day after `from` under `contract`, if that succession is
    /// forbidden or penalised.
    #[inline]
    pub fn succession(&self, contract: ContractId, from: ShiftId, to: ShiftId) -> Option<Weight> {
        self.index.succession[contract.index()][from.index() * self.parts.shifts.len() + to.index()]
    }

    /// Shift groups, indexed by [`GroupId`].
    pub fn groups(&self) -> &[ShiftGroup] {
        &self.parts.groups
    }
    /// The readable name of a shift or group, for explanations.
    pub fn set_name(&self, set: ShiftSet) -> &str {
        match set {
            ShiftSet::Shift(s) => &self.parts.shifts[s.index()].name,
            ShiftSet::Group(g) => &self.parts.groups[g.index()].name,
        }
    }
    /// The code of a shift or group, as written in files.
    pub fn set_code(&self, set: ShiftSet) -> &str {
        set_code(&self.parts, set)
    }
    /// The days before day 0 known from a staff member's history, oldest first (empty
    /// without history); see [`History::known_days`].
    #[inline]
    pub fn known_days(&self, staff: StaffId) -> &[Option<ShiftId>] {
        &self.index.known_days[staff.index()]
    }
    /// The day values of each run rule of `contract`, in [`Contract::runs`] order.
    #[inline]
    pub fn run_sets(&self, contract: ContractId) -> &[ValueSet] {
        &self.index.run_sets[contract.index()]
    }
    /// For each pattern of `contract` ([`Contract::patterns`] order), the day values each of
    /// its days matches.
    #[inline]
    pub fn pattern_sets(&self, contract: ContractId) -> &[Vec<ValueSet>] {
        &self.index.pattern_sets[contract.index()]
    }
    /// A pattern written as in files: `N - !E *`.
    pub fn pattern_text(&self, pattern: &Pattern) -> String {
        let words: Vec<String> = pattern
            .days
            .iter()
            .map(|m| match m {
                DayMatch::Off => "-".to_string(),
                DayMatch::Work => "work".to_string(),
                DayMatch::Any => "*".to_string(),
                DayMatch::In(x) => self.set_code(*x).to_string(),
                DayMatch::NotIn(x) => format!("!{}", self.set_code(*x)),
            })
            .collect();
        words.join(" ")
    }

    /// Fairness rules, in file order.
    pub fn fairness(&self) -> &[Fairness] {
        &self.parts.fairness
    }
    /// Fairness rule `k` prepared for evaluation: members, bases, balances.
    pub fn fair_group(&self, k: usize) -> &FairGroup {
        &self.index.fair_groups[k]
    }
    /// The fairness rules judging `staff`: (rule, position among the rule's members).
    #[inline]
    pub fn fair_of(&self, staff: StaffId) -> &[(u32, u32)] {
        &self.index.fair_of[staff.index()]
    }
    /// Public holidays in the plan.
    pub fn holidays(&self) -> &[Holiday] {
        &self.parts.holidays
    }
    /// True when `day` is a public holiday.
    #[inline]
    pub fn is_holiday(&self, day: usize) -> bool {
        self.index.holiday[day]
    }
    /// Pairing rules.
    pub fn pairings(&self) -> &[Pairing] {
        &self.parts.pairings
    }
    /// The pairing rules naming `staff`: (rule, 0 for the person the rule is about or 1 for
    /// one of the others).
    #[inline]
    pub fn pairs_of(&self, staff: StaffId) -> &[(u32, u8)] {
        &self.index.pairs_of[staff.index()]
    }
    /// The pairing rules that apply to `shift`.
    #[inline]
    pub fn pairs_on_shift(&self, shift: ShiftId) -> &[u32] {
        &self.index.pairs_on_shift[shift.index()]
    }
    /// The shift types fairness rule `k` counts (empty unless it counts shifts).
    pub(crate) fn fair_set(&self, k: usize) -> &ValueSet {
        &self.index.fair_sets[k]
    }
    /// How much of what fairness rule `k` counts `line` works: shifts of its set, worked
    /// weekends or shifts on public holidays.
    pub fn fair_count(&self, k: usize, line: &[Option<ShiftId>]) -> u32 {
        match self.parts.fairness[k].counts {
            FairCount::Weekends => crate::rules::weekends_worked(self, line),
            FairCount::Holidays => line
                .iter()
                .enumerate()
                .filter(|(d, s)| s.is_some() && self.index.holiday[*d])
                .count() as u32,
            FairCount::Shifts(_) => {
                let values = &self.index.fair_sets[k];
                line.iter()
                    .filter(|s| s.is_some() && values.contains(**s))
                    .count() as u32
            }
        }
    }

    /// Looks a shift up by its code.
    pub fn shift_by_code(&self, code: &str) -> Option<ShiftId> {
        self.parts
            .shifts
            .iter()
            .position(|s| s.code == code)
            .map(ShiftId::new)
    }
    /// Looks a staff member up by code.
    pub fn staff_by_code(&self, code: &str) -> Option<StaffId> {
        self.parts
            .staff
            .iter()
            .position(|s| s.code == code)
            .map(StaffId::new)
    }
}
