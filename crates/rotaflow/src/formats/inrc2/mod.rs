//! INRC-II, the Second International Nurse Rostering Competition (Ceschia et al.,
//! arXiv:1501.04177): reading its text files and converting an instance, solved
//! **statically** (all weeks at once from the initial history), into a rotaflow scenario that
//! uses rotaflow's own rules.
//!
//! | INRC-II | rotaflow |
//! |---------|----------|
//! | skill | exclusive role (a nurse works in one skill per shift) |
//! | shift type, its min/max consecutive assignments (weight 15) | shift, `min_consecutive` / `max_consecutive` of the shift |
//! | forbidden succession | hard succession, every contract |
//! | min/max total assignments (20) | `min_total_shifts` / `max_total_shifts` |
//! | min/max consecutive working days (30), days off (30) | `min_`/`max_consecutive_work`, `min_`/`max_consecutive_off` |
//! | max working weekends (30), complete weekends (30) | `max_weekends`, `complete_weekends` |
//! | minimum cover (hard), optimal cover (30 per nurse missing) | two levels of cover per day, shift and skill |
//! | shift-off request (10) | a wish for a day off, or not that shift |
//! | history | `history.csv`: runs, the recent days (the last shift's run, the working run before it), assignments already worked (`shifts_before`) |
//!
//! Names are kept as ids: nurse names as staff ids, shift type names as shift ids, skill names
//! as role ids. INRC-II gives no clock times; shifts get typical times by name (Early 06:00,
//! Day 09:00, Late 14:00, Night 22:00, others 08:00), 8 hours each, which no rule here uses.
//!
//! Where the optimal cover equals the minimum, only the hard row is kept: a roster that meets
//! the minimum meets it too, so the scores of rosters without hard breaches are unchanged.

mod parse;

pub use parse::{parse_history, parse_scenario, parse_solution_week, parse_week, read_instance};

use crate::formats::{FormatError, FormatErrors};
use crate::model::{
    Contract as RfContract, ContractId, Cover, Fixed, History as RfHistory, Horizon, Leave, Limit,
    Request, RequestKind, Role, RoleId, RunRule, Scenario, ScenarioErrors, ScenarioParts, Settings,
    ShiftId, ShiftSet, ShiftType as RfShift, Staff, StaffId, Succession, Weight, MAX_PATTERN_DAYS,
};
use crate::roster::Roster;
use chrono::{Datelike, NaiveDate, Weekday};

/// A shift type with its limits on consecutive assignments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShiftType {
    /// Name, used as the shift id.
    pub name: String,
    /// Minimum consecutive assignments of this type.
    pub min_consecutive: u32,
    /// Maximum consecutive assignments of this type.
    pub max_consecutive: u32,
}

/// A contract of the scenario file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contract {
    /// Name, used as the contract id.
    pub name: String,
    /// Minimum and maximum assignments over the whole horizon.
    pub total: (u32, u32),
    /// Minimum and maximum consecutive working days.
    pub work: (u32, u32),
    /// Minimum and maximum consecutive days off.
    pub off: (u32, u32),
    /// Maximum working weekends over the whole horizon.
    pub max_weekends: u32,
    /// Whether weekends must be complete.
    pub complete_weekends: bool,
}

/// A nurse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nurse {
    /// Name, used as the staff id.
    pub name: String,
    /// Index into [`ScenarioFile::contracts`].
    pub contract: usize,
    /// Indices into [`ScenarioFile::skills`].
    pub skills: Vec<usize>,
}

/// The scenario file (`Sc-*.txt`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioFile {
    /// The scenario's name.
    pub name: String,
    /// Number of weeks.
    pub weeks: usize,
    /// Skill names.
    pub skills: Vec<String>,
    /// Shift types.
    pub shifts: Vec<ShiftType>,
    /// Forbidden successions `(from, to)` of shift type indices.
    pub forbidden: Vec<(usize, usize)>,
    /// Contracts.
    pub contracts: Vec<Contract>,
    /// Nurses.
    pub nurses: Vec<Nurse>,
}

/// One nurse's line of a history file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct History {
    /// Line in the file.
    pub line: u64,
    /// Index into [`ScenarioFile::nurses`].
    pub nurse: usize,
    /// Assignments worked in earlier weeks.
    pub assignments: u32,
    /// Working weekends in earlier weeks.
    pub weekends: u32,
    /// The shift type worked on the day before the first day, if any.
    pub last: Option<usize>,
    /// Consecutive days of that shift type up to the day before the first day.
    pub same: u32,
    /// Consecutive working days up to the day before the first day.
    pub work: u32,
    /// Consecutive days off up to the day before the first day.
    pub off: u32,
}

/// Cover of one shift type and skill on each day of a week: `(minimum, optimal)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    /// Shift type index.
    pub shift: usize,
    /// Skill index.
    pub skill: usize,
    /// `(minimum, optimal)` for Monday .. Sunday.
    pub per_day: [(u32, u32); 7],
}

/// A wish not to work (a shift type, or any shift) on a day of the week.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OffRequest {
    /// Nurse index.
    pub nurse: usize,
    /// The shift type not wanted; `None` for any.
    pub shift: Option<usize>,
    /// Day of the week, 0 = Monday.
    pub day: usize,
}

/// A week-data file (`WD-*.txt`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Week {
    /// Cover per shift type and skill.
    pub requirements: Vec<Requirement>,
    /// Shift-off requests.
    pub off_requests: Vec<OffRequest>,
}

/// One assignment of a solution week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Assignment {
    /// Line in the file.
    pub line: u64,
    /// Nurse index.
    pub nurse: usize,
    /// Day of the week, 0 = Monday.
    pub day: usize,
    /// Shift type index.
    pub shift: usize,
    /// Skill index.
    pub skill: usize,
}

/// An instance to solve statically: the scenario, its initial history and the weeks in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instance {
    /// A name for reports.
    pub name: String,
    /// The scenario file.
    pub scenario: ScenarioFile,
    /// The initial history.
    pub history: Vec<History>,
    /// The weeks, in the order they are solved.
    pub weeks: Vec<Week>,
}

/// Typical clock times by shift name (start, end), in minutes; INRC-II gives none.
fn clock(name: &str) -> (u32, u32, bool) {
    match name.to_ascii_lowercase().as_str() {
        "early" => (360, 840, false),
        "day" => (540, 1020, false),
        "late" => (840, 1320, false),
        "night" => (1320, 360, true),
        _ => (480, 960, false),
    }
}

impl Instance {
    /// The rotaflow scenario of the instance, starting on `start` (a Monday).
    ///
    /// Refuses a history whose counters of assignments or weekends are not 0: a static
    /// instance starts from the initial history.
    pub fn to_scenario(&self, start: NaiveDate) -> Result<Scenario, FormatErrors> {
        let sc = &self.scenario;
        let mut errs = FormatErrors::default();
        if start.weekday() != Weekday::Mon {
            errs.push(FormatError::file(
                "--start",
                format!(
                    "{start} is a {}; INRC-II weeks start on a Monday",
                    start.weekday()
                ),
            ));
        }
        for h in &self.history {
            if h.weekends > 0 {
                errs.push(FormatError::at(
                    "history",
                    h.line,
                    None,
                    format!(
                        "{} has {} working weekends from earlier weeks; rotaflow solves an \
                         instance statically from its initial history, whose weekend \
                         counters are 0",
                        sc.nurses[h.nurse].name, h.weekends
                    ),
                ));
            }
        }
        if !errs.is_empty() {
            return Err(errs);
        }
        self.parts(start).map_err(|e: ScenarioErrors| {
            FormatErrors::from(FormatError::file(&self.name, e.to_string()))
        })
    }

    fn parts(&self, start: NaiveDate) -> Result<Scenario, ScenarioErrors> {
        let sc = &self.scenario;
        let shifts = sc
            .shifts
            .iter()
            .map(|s| {
                let (a, b, night) = clock(&s.name);
                RfShift {
                    code: s.name.clone(),
                    name: s.name.clone(),
                    start: a,
                    end: b,
                    minutes: 480,
                    night,
                }
            })
            .collect();
        let roles = sc
            .skills
            .iter()
            .map(|k| Role {
                exclusive: true,
                ..Role::new(k.clone(), k.clone())
            })
            .collect();
        let soft = |value: u32, w: u32| Some(Limit::soft(value, w));
        let contracts = sc
            .contracts
            .iter()
            .map(|c| {
                let mut r = RfContract::new(c.name.clone(), c.name.clone());
                r.min_total_shifts = soft(c.total.0, 20);
                r.max_total_shifts = soft(c.total.1, 20);
                r.min_consecutive_work = soft(c.work.0, 30);
                r.max_consecutive_work = soft(c.work.1, 30);
                r.min_consecutive_off = soft(c.off.0, 30);
                r.max_consecutive_off = soft(c.off.1, 30);
                r.max_weekends = soft(c.max_weekends, 30);
                r.complete_weekends = c.complete_weekends.then_some(Weight::Soft(30));
                for (i, s) in sc.shifts.iter().enumerate() {
                    let mut run = RunRule::new(ShiftSet::Shift(ShiftId::new(i)));
                    run.min = soft(s.min_consecutive, 15);
                    run.max = soft(s.max_consecutive, 15);
                    r.runs.push(run);
                }
                r.successions = sc
                    .forbidden
                    .iter()
                    .map(|&(a, b)| Succession {
                        from: ShiftId::new(a),
                        to: ShiftId::new(b),
                        weight: Weight::Hard,
                    })
                    .collect();
                r
            })
            .collect();
        let mut staff: Vec<Staff> = sc
            .nurses
            .iter()
            .map(|n| Staff {
                code: n.name.clone(),
                name: n.name.clone(),
                contract: ContractId::new(n.contract),
                roles: n.skills.iter().map(|&k| RoleId::new(k)).collect(),
                history: None,
                fte_permille: None,
                carried_minutes: 0,
            })
            .collect();
        for h in &self.history {
            staff[h.nurse].history = Some(self.history_of(h));
        }
        let mut cover = Vec::new();
        let mut requests = Vec::new();
        for (w, week) in self.weeks.iter().enumerate() {
            for r in &week.requirements {
                for (d, &(min, opt)) in r.per_day.iter().enumerate() {
                    let base = Cover {
                        day: (w * 7 + d) as u32,
                        shift: ShiftId::new(r.shift),
                        role: Some(RoleId::new(r.skill)),
                        required: min,
                        under: Weight::Hard,
                        over: Weight::Soft(0),
                    };
                    if min > 0 {
                        cover.push(base);
                    }
                    if opt > min {
                        cover.push(Cover {
                            required: opt,
                            under: Weight::Soft(30),
                            ..base
                        });
                    }
                }
            }
            for o in &week.off_requests {
                let request = Request {
                    staff: StaffId::new(o.nurse),
                    day: (w * 7 + o.day) as u32,
                    shift: o.shift.map(ShiftId::new),
                    kind: RequestKind::Off,
                    weight: Weight::Soft(10),
                };
                if !requests.contains(&request) {
                    requests.push(request);
                }
            }
        }
        let settings = Settings {
            weekend: vec![Weekday::Sat, Weekday::Sun],
            exempt_start: true,
            exempt_end: true,
            weekend_clock: None,
            time_zone: None,
        };
        Scenario::new(ScenarioParts {
            name: self.name.clone(),
            horizon: Horizon::new(start, (self.weeks.len() * 7) as u32),
            settings,
            groups: Vec::new(),
            shifts,
            roles,
            contracts,
            staff,
            cover,
            requests,
            leave: Vec::<Leave>::new(),
            fixed: Vec::<Fixed>::new(),
            fairness: Vec::new(),
            holidays: Vec::new(),
            pairings: Vec::new(),
            commitments: Vec::new(),
            baseline: None,
        })
    }

    /// A nurse's history: the counters, and the recent days: the last shift's run, the rest of
    /// the working run before it on another shift, and the day off before that (up to the
    /// days rotaflow keeps).
    fn history_of(&self, h: &History) -> RfHistory {
        let mut recent = Vec::new();
        if let (Some(last), true) = (h.last, h.work > 0) {
            let keep = MAX_PATTERN_DAYS;
            let work = (h.work as usize).min(keep);
            let same = (h.same as usize).clamp(1, work);
            let other = (0..self.scenario.shifts.len()).find(|&s| s != last);
            if let Some(other) = other.filter(|_| work > same) {
                recent.extend(std::iter::repeat_n(Some(ShiftId::new(other)), work - same));
            }
            recent.extend(std::iter::repeat_n(Some(ShiftId::new(last)), same));
            if work < keep && recent.len() == work {
                recent.insert(0, None);
            }
        }
        RfHistory {
            consecutive_work: h.work,
            consecutive_off: if h.work > 0 { 0 } else { h.off },
            last_shift: h.last.filter(|_| h.work > 0).map(ShiftId::new),
            recent,
            shifts_before: h.assignments,
            weekends_in_a_row: 0,
        }
    }
}

/// The initial history and the weeks of a published solution's folder name:
/// `Solution_H_1-WD_5-3-1-0` gives `(1, [5, 3, 1, 0])`; `None` for other names.
///
/// ```
/// use rotaflow::formats::inrc2::solution_folder;
///
/// assert_eq!(solution_folder("Solution_H_1-WD_5-3-1-0"), Some((1, vec![5, 3, 1, 0])));
/// assert_eq!(solution_folder("validator.txt"), None);
/// ```
pub fn solution_folder(name: &str) -> Option<(usize, Vec<usize>)> {
    let rest = name.strip_prefix("Solution_H_")?;
    let (h, weeks) = rest.split_once("-WD_")?;
    let weeks = weeks
        .split('-')
        .map(|w| w.parse().ok())
        .collect::<Option<Vec<usize>>>()?;
    Some((h.parse().ok()?, weeks))
}

/// Writes one week of a solution (`week` counts from 0) into `roster`, each assignment with
/// its skill as the role. Every problem is reported with the file's line.
pub fn apply_solution_week(
    scenario: &Scenario,
    roster: &mut Roster,
    week: usize,
    assignments: &[Assignment],
    file: &str,
) -> Result<(), FormatErrors> {
    let mut errs = FormatErrors::default();
    for a in assignments {
        let day = week * 7 + a.day;
        let staff = StaffId::new(a.nurse);
        if day >= scenario.days() {
            errs.push(FormatError::at(
                file,
                a.line,
                None,
                format!(
                    "week {} is beyond the {} days of the instance",
                    week + 1,
                    scenario.days()
                ),
            ));
            continue;
        }
        if roster.get(staff, day).is_some() {
            errs.push(FormatError::at(
                file,
                a.line,
                None,
                format!(
                    "{} already works on {}; a nurse works at most one shift a day",
                    scenario.staff_member(staff).code,
                    parse::DAYS[a.day]
                ),
            ));
            continue;
        }
        let role = RoleId::new(a.skill);
        if !scenario.staff_member(staff).has_role(role) {
            errs.push(FormatError::at(
                file,
                a.line,
                None,
                format!(
                    "{} does not have the skill {}",
                    scenario.staff_member(staff).code,
                    scenario.roles()[role.index()].code
                ),
            ));
            continue;
        }
        roster.set(staff, day, Some(ShiftId::new(a.shift)));
        roster.set_role(staff, day, Some(role));
    }
    errs.into_result(())
}

#[cfg(test)]
mod tests;
