//! The scenario: everything the planner needs to know, validated once and indexed for fast
//! evaluation.

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

/// Lookup tables derived from the parts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Index {
    /// For each staff member, indices into `requests`.
    requests_of: Vec<Vec<u32>>,
    /// For each staff member, indices into `leave`, sorted by day.
    leave_of: Vec<Vec<u32>>,
    /// For each staff member, indices into `fixed`, sorted by day.
    fixed_of: Vec<Vec<u32>>,
    /// For each staff member, the day rules of their commitments, sorted by day.
    day_rules: Vec<Vec<DayRule>>,
    /// For each day, the weekend it belongs to.
    weekend_of: Vec<Option<u32>>,
    /// Number of distinct weekends that have at least one day in the horizon.
    weekends: u32,
    /// Each weekend day and its weekend, by day.
    weekend_days: Vec<(u32, u32)>,
    /// The weekend each shift on each day counts for (`day * shifts + shift`): the day's
    /// weekend, or with [`Settings::weekend_clock`] the weekend whose window the shift
    /// overlaps.
    cell_weekend: Vec<Option<u32>>,
    /// Cover entries sorted by (day, shift, role); `cover_start[day * shifts + shift]` is the
    /// first entry of that slot.
    cover_start: Vec<u32>,
    /// Per contract, the succession cost of `from * shifts + to`, if any.
    succession: Vec<Vec<Option<Weight>>>,
    /// Per staff member, the known days before day 0 ([`History::known_days`]).
    known_days: Vec<Vec<Option<ShiftId>>>,
    /// Per contract, the day values of each run rule's set, in `Contract::runs` order.
    run_sets: Vec<Vec<ValueSet>>,
    /// Per contract, the day values each day of each pattern matches, in
    /// `Contract::patterns` order.
    pattern_sets: Vec<Vec<Vec<ValueSet>>>,
    /// Distinct sets of exclusive roles a person may work in on a shift: type 0 is the empty
    /// set, then one single-role set per exclusive role (in role order), then every other set
    /// a staff member holds.
    role_types: Vec<Vec<RoleId>>,
    /// Per staff member, the type of the exclusive roles they hold.
    staff_type: Vec<u16>,
    /// Per role, the type of a person written into that role in a roster: the role's own
    /// single-role type when it is exclusive, else the empty type.
    pinned_type: Vec<u16>,
    /// Per staff member, the paid minutes owed over the period, when their contract has
    /// weekly minutes.
    target_minutes: Vec<Option<u32>>,
    /// Per staff member, the least and most paid minutes (the contract's, or around the
    /// target).
    minutes_limits: Vec<(Option<Limit>, Option<Limit>)>,
    /// Per fairness rule, its members, bases and balances.
    fair_groups: Vec<FairGroup>,
    /// Per staff member, the fairness rules judging them: (rule, position among its members).
    fair_of: Vec<Vec<(u32, u32)>>,
    /// Per day, whether it is a public holiday.
    holiday: Vec<bool>,
    /// Per fairness rule, the shifts it counts (empty for weekends and holidays).
    fair_sets: Vec<ValueSet>,
    /// Per staff member, the pairing rules naming them: (rule, 0 for the person the rule is
    /// about or 1 for one of the others).
    pairs_of: Vec<Vec<(u32, u8)>>,
    /// Per shift type, the pairing rules that apply to it.
    pairs_on_shift: Vec<Vec<u32>>,
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

impl Index {
    fn build(p: &ScenarioParts) -> Self {
        let n = p.staff.len();
        let days = p.horizon.len();
        let mut requests_of = vec![Vec::new(); n];
        for (i, r) in p.requests.iter().enumerate() {
            requests_of[r.staff.index()].push(i as u32);
        }
        let mut leave_of = vec![Vec::new(); n];
        for (i, l) in p.leave.iter().enumerate() {
            leave_of[l.staff.index()].push(i as u32);
        }
        for v in &mut leave_of {
            v.sort_by_key(|&i| p.leave[i as usize].day);
        }
        let mut fixed_of = vec![Vec::new(); n];
        for (i, f) in p.fixed.iter().enumerate() {
            fixed_of[f.staff.index()].push(i as u32);
        }
        for v in &mut fixed_of {
            v.sort_by_key(|&i| p.fixed[i as usize].day);
        }
        let day_rules = super::commitment::day_rules(p);
        let (weekend_of, weekends) = super::weekend::day_weekends(p);
        let cell_weekend = super::weekend::cell_weekends(p, &weekend_of);
        let weekend_days = (0..days)
            .filter_map(|d| weekend_of[d].map(|w| (d as u32, w)))
            .collect();
        let slots = days * p.shifts.len();
        let mut cover_start = vec![0u32; slots + 1];
        for c in &p.cover {
            cover_start[c.day as usize * p.shifts.len() + c.shift.index() + 1] += 1;
        }
        for i in 0..slots {
            cover_start[i + 1] += cover_start[i];
        }
        let n_shifts = p.shifts.len();
        let succession = p
            .contracts
            .iter()
            .map(|c| {
                let mut m = vec![None; n_shifts * n_shifts];
                for x in &c.successions {
                    m[x.from.index() * n_shifts + x.to.index()] = Some(x.weight);
                }
                m
            })
            .collect();
        let run_sets = p
            .contracts
            .iter()
            .map(|c| c.runs.iter().map(|r| set_values(p, r.set)).collect())
            .collect();
        let pattern_sets = p
            .contracts
            .iter()
            .map(|c| {
                c.patterns
                    .iter()
                    .map(|pat| pat.days.iter().map(|m| match_values(p, *m)).collect())
                    .collect()
            })
            .collect();
        let known_days = p
            .staff
            .iter()
            .map(|s| {
                s.history
                    .as_ref()
                    .map(History::known_days)
                    .unwrap_or_default()
            })
            .collect();
        let mut role_types: Vec<Vec<RoleId>> = vec![Vec::new()];
        let mut pinned_type = vec![0u16; p.roles.len()];
        for (r, role) in p.roles.iter().enumerate() {
            if role.exclusive {
                pinned_type[r] = role_types.len() as u16;
                role_types.push(vec![RoleId::new(r)]);
            }
        }
        let staff_type = p
            .staff
            .iter()
            .map(|s| {
                let mut set: Vec<RoleId> = s
                    .roles
                    .iter()
                    .copied()
                    .filter(|r| p.roles.get(r.index()).is_some_and(|x| x.exclusive))
                    .collect();
                set.sort();
                match role_types.iter().position(|t| *t == set) {
                    Some(t) => t as u16,
                    None => {
                        role_types.push(set);
                        (role_types.len() - 1) as u16
                    }
                }
            })
            .collect();
        let target_minutes: Vec<Option<u32>> = p
            .staff
            .iter()
            .enumerate()
            .map(|(i, st)| super::hours::target_of(p, i, st))
            .collect();
        let minutes_limits = p
            .staff
            .iter()
            .zip(&target_minutes)
            .map(|(st, t)| {
                let c = &p.contracts[st.contract.index()];
                match t {
                    Some(t) if c.below_target.is_some() || c.above_target.is_some() => (
                        c.below_target.map(|l| Limit {
                            value: t.saturating_sub(l.value),
                            weight: l.weight,
                        }),
                        c.above_target.map(|l| Limit {
                            value: t.saturating_add(l.value),
                            weight: l.weight,
                        }),
                    ),
                    _ => (c.min_total_minutes, c.max_total_minutes),
                }
            })
            .collect();
        let fair_groups = fairness::groups(p);
        let mut fair_of = vec![Vec::new(); n];
        for (k, g) in fair_groups.iter().enumerate() {
            for (pos, m) in g.members.iter().enumerate() {
                fair_of[m.index()].push((k as u32, pos as u32));
            }
        }
        let mut holiday = vec![false; days];
        for h in &p.holidays {
            holiday[h.day as usize] = true;
        }
        let fair_sets = p
            .fairness
            .iter()
            .map(|f| match f.counts {
                FairCount::Shifts(set) => set_values(p, set),
                _ => ValueSet::empty(p.shifts.len()),
            })
            .collect();
        let mut pairs_of = vec![Vec::new(); n];
        let mut pairs_on_shift = vec![Vec::new(); p.shifts.len()];
        for (k, r) in p.pairings.iter().enumerate() {
            pairs_of[r.staff.index()].push((k as u32, 0));
            for o in &r.others {
                pairs_of[o.index()].push((k as u32, 1));
            }
            let set = r.shifts.map(|set| set_values(p, set));
            for (sh, list) in pairs_on_shift.iter_mut().enumerate() {
                if set
                    .as_ref()
                    .is_none_or(|v| v.contains(Some(ShiftId::new(sh))))
                {
                    list.push(k as u32);
                }
            }
        }
        Index {
            pairs_of,
            pairs_on_shift,
            fair_groups,
            fair_of,
            holiday,
            fair_sets,
            target_minutes,
            minutes_limits,
            role_types,
            staff_type,
            pinned_type,
            known_days,
            run_sets,
            pattern_sets,
            succession,
            requests_of,
            leave_of,
            fixed_of,
            day_rules,
            weekend_of,
            cell_weekend,
            weekends,
            weekend_days,
            cover_start,
        }
    }
}

/// The code of a shift or group (which must exist).
pub(super) fn set_code(p: &ScenarioParts, set: ShiftSet) -> &str {
    match set {
        ShiftSet::Shift(s) => &p.shifts[s.index()].code,
        ShiftSet::Group(g) => &p.groups[g.index()].code,
    }
}

/// The day values of a shift or group (which must exist).
fn set_values(p: &ScenarioParts, set: ShiftSet) -> ValueSet {
    let mut v = ValueSet::empty(p.shifts.len());
    match set {
        ShiftSet::Shift(s) => v.insert(Some(s)),
        ShiftSet::Group(g) => {
            for s in &p.groups[g.index()].shifts {
                v.insert(Some(*s));
            }
        }
    }
    v
}

/// The day values one day of a pattern matches.
fn match_values(p: &ScenarioParts, m: DayMatch) -> ValueSet {
    let n = p.shifts.len();
    let all = |keep: &dyn Fn(Option<ShiftId>) -> bool| {
        let mut v = ValueSet::empty(n);
        for x in std::iter::once(None).chain((0..n).map(|s| Some(ShiftId::new(s)))) {
            if keep(x) {
                v.insert(x);
            }
        }
        v
    };
    match m {
        DayMatch::Off => all(&|x| x.is_none()),
        DayMatch::Work => all(&|x| x.is_some()),
        DayMatch::Any => all(&|_| true),
        DayMatch::In(set) => set_values(p, set),
        DayMatch::NotIn(set) => {
            let inside = set_values(p, set);
            all(&|x| !inside.contains(x))
        }
    }
}
