//! What an outpatient department offers and what patients ask for: stages served by rostered
//! roles, visit types, weekly doctor sessions and appointment requests. Plain data that refers
//! to a roster [`Scenario`](crate::Scenario) by typed ids; read from CSV files by
//! [`formats::read_clinic`](crate::formats::read_clinic), which checks every reference.

use crate::appointments::simulation::Punctuality;
use crate::appointments::ServiceDistribution;
use crate::model::{RoleId, ShiftId, ShiftType, StaffId};
use chrono::Weekday;
use serde::{Deserialize, Serialize};

/// Urgency from which a request counts as urgent: booking it inside its window comes before
/// every other goal.
pub const URGENT: u8 = 7;
/// Largest urgency.
pub const MAX_URGENCY: u8 = 9;
/// Urgency of a routine request (`routine`), the priority of a booked appointment whose book
/// does not give one.
pub const ROUTINE: u8 = 5;

/// A step of a visit before or after the doctor (check-in, triage, checkout), served by the
/// rostered staff holding one role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClinicStage {
    /// Code people use (`checkin`).
    pub code: String,
    /// Readable name.
    pub name: String,
    /// The role whose rostered staff serve this stage.
    pub role: RoleId,
}

/// One step of a visit type's route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VisitStep {
    /// A stage of [`Clinic::stages`] with the service time of this visit type there.
    Stage {
        /// Index into [`Clinic::stages`].
        stage: usize,
        /// Service time at the stage.
        service: ServiceDistribution,
    },
    /// The consultation with the session's doctor (service time [`VisitType::service`]).
    Doctor,
}

/// A kind of visit: how long the consultation takes, how often patients miss it, and the
/// stages they pass through.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitType {
    /// Code people use (`FU`).
    pub code: String,
    /// Readable name.
    pub name: String,
    /// Consultation time with the doctor.
    pub service: ServiceDistribution,
    /// Probability that the patient does not come, in `[0, 1)`.
    pub no_show: f64,
    /// The route in order; exactly one step is [`VisitStep::Doctor`].
    pub steps: Vec<VisitStep>,
    /// When these patients arrive relative to the time they are asked to come; `None` =
    /// [`FlowOptions::punctuality`](super::booking::day_flow::FlowOptions::punctuality).
    pub punctuality: Option<Punctuality>,
}

impl VisitType {
    /// Mean consultation minutes with the doctor.
    pub fn consult_minutes(&self) -> f64 {
        self.service.mean()
    }

    /// Mean minutes of the stages before the doctor.
    pub fn minutes_before_doctor(&self) -> f64 {
        self.steps
            .iter()
            .take_while(|s| !matches!(s, VisitStep::Doctor))
            .map(|s| match s {
                VisitStep::Stage { service, .. } => service.mean(),
                VisitStep::Doctor => 0.0,
            })
            .sum()
    }

    /// Mean minutes of the stages after the doctor (checkout, say).
    pub fn minutes_after_doctor(&self) -> f64 {
        self.steps
            .iter()
            .skip_while(|s| !matches!(s, VisitStep::Doctor))
            .map(|s| match s {
                VisitStep::Stage { service, .. } => service.mean(),
                VisitStep::Doctor => 0.0,
            })
            .sum()
    }

    /// The stages of the route (without the doctor), in order.
    pub fn stages(&self) -> impl Iterator<Item = usize> + '_ {
        self.steps.iter().filter_map(|s| match s {
            VisitStep::Stage { stage, .. } => Some(*stage),
            VisitStep::Doctor => None,
        })
    }
}

/// A weekly clinic session of one doctor. On a date with its weekday it runs only when the
/// roster has the doctor on duty over its hours that day: on `shift`, or on any other shift
/// that covers the session (a day shift covering a morning and an afternoon session runs
/// both).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionSpec {
    /// The clinic (specialty) the session belongs to (`CARD`).
    pub clinic: String,
    /// The doctor who holds the session.
    pub doctor: StaffId,
    /// Day of the week.
    pub weekday: Weekday,
    /// The shift the session belongs to (it lies inside the shift's hours); the doctor
    /// rostered on it, or on any other shift covering the session, runs the session.
    pub shift: ShiftId,
    /// Start, minutes after midnight.
    pub start: u32,
    /// Number of appointment slots.
    pub slots: usize,
    /// Length of a slot in minutes.
    pub slot_minutes: u32,
    /// Consulting room.
    pub room: String,
    /// Most patients booked into one session; `None` = only the minutes limit.
    pub max_patients: Option<u32>,
    /// The patients' start times are staggered across the session by simulation
    /// ([`booking::stagger_book`](super::booking::stagger_book), a check-up session) instead
    /// of taken from the session's appointment template.
    #[serde(default)]
    pub staggered: bool,
}

impl SessionSpec {
    /// Length in minutes (`slots * slot_minutes`).
    pub fn minutes(&self) -> u32 {
        self.slots as u32 * self.slot_minutes
    }

    /// End, minutes after midnight.
    pub fn end(&self) -> u32 {
        self.start + self.minutes()
    }

    /// True when a person on `shift` is on duty over the whole session.
    pub fn covered_by(&self, shift: &ShiftType) -> bool {
        shift.start <= self.start && self.end() <= shift.end_offset()
    }
}

/// A patient's request for an appointment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppointmentRequest {
    /// Patient code.
    pub patient: String,
    /// The clinic to be seen in.
    pub clinic: String,
    /// Index into [`Clinic::visit_types`].
    pub visit_type: usize,
    /// First day (index into the horizon) the patient may be seen.
    pub earliest: u32,
    /// Last day the patient may be seen.
    pub latest: u32,
    /// Urgency from 1 (can wait) to [`MAX_URGENCY`]; [`URGENT`] and above is urgent.
    pub urgency: u8,
    /// The doctor the patient should see again, for continuity of care.
    pub doctor: Option<StaffId>,
}

impl AppointmentRequest {
    /// True for urgent requests.
    pub fn is_urgent(&self) -> bool {
        self.urgency >= URGENT
    }
}

/// Everything the booking needs besides the roster scenario.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Clinic {
    /// Stages other than the doctor.
    pub stages: Vec<ClinicStage>,
    /// Visit types.
    pub visit_types: Vec<VisitType>,
    /// Weekly sessions.
    pub sessions: Vec<SessionSpec>,
    /// Appointment requests, in file order.
    pub requests: Vec<AppointmentRequest>,
}

/// The word for an urgency in files and reports: `urgent` (9), `routine` (5), `checkup` (2),
/// else the number; [`parse_priority`] reads it back.
pub fn priority_word(urgency: u8) -> String {
    match urgency {
        9 => "urgent".into(),
        ROUTINE => "routine".into(),
        2 => "checkup".into(),
        n => n.to_string(),
    }
}

/// Parses a priority: `urgent` (9), `routine` (5), `checkup` (2) or a whole number 1 to 9.
pub fn parse_priority(s: &str) -> Result<u8, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "urgent" => Ok(9),
        "routine" => Ok(ROUTINE),
        "checkup" | "check-up" => Ok(2),
        t => match t.parse::<u8>() {
            Ok(n) if (1..=MAX_URGENCY).contains(&n) => Ok(n),
            _ => Err(format!(
                "`{t}` is not a priority: write urgent, routine, checkup or a whole number from 1 (can wait) to 9 (most urgent; 7 and above is urgent)"
            )),
        },
    }
}

/// When the doctor of `spec` already has sessions on its weekday among `earlier` (each named
/// for the message by `name_of(i)`, such as `on line 4` or `(session 2)`) and no one shift of
/// `scenario` covers them all with `spec`, the message saying so: a person works one shift a
/// day, so one of these sessions could never run. `shifts_from` says where the shifts come
/// from (` in shifts.csv`, or empty).
pub(crate) fn no_shift_covers_the_day(
    scenario: &crate::model::Scenario,
    earlier: &[SessionSpec],
    name_of: impl Fn(usize) -> String,
    spec: &SessionSpec,
    shifts_from: &str,
) -> Option<String> {
    use crate::model::format_clock;
    let same_day: Vec<(usize, &SessionSpec)> = earlier
        .iter()
        .enumerate()
        .filter(|(_, o)| o.doctor == spec.doctor && o.weekday == spec.weekday)
        .collect();
    if same_day.is_empty() {
        return None;
    }
    let from = same_day
        .iter()
        .map(|(_, o)| o.start)
        .fold(spec.start, u32::min);
    let to = same_day
        .iter()
        .map(|(_, o)| o.end())
        .fold(spec.end(), u32::max);
    let covers = |sh: &ShiftType| sh.start <= from && to <= sh.end_offset();
    if scenario.shifts().iter().any(covers) {
        return None;
    }
    let others: Vec<String> = same_day
        .iter()
        .map(|&(i, o)| {
            format!(
                "{}-{} {}",
                format_clock(o.start),
                format_clock(o.end()),
                name_of(i)
            )
        })
        .collect();
    let (from, to) = (format_clock(from), format_clock(to));
    Some(format!(
        "{} also has a session on {} at {}, and no one shift{shifts_from} covers {from}-{to}; a \
         person works one shift a day, so one of these sessions would never run: move a \
         session to another weekday or doctor, or add a shift covering {from}-{to} (a day \
         shift) and roster the doctor on it",
        scenario.staff_member(spec.doctor).code,
        crate::model::weekday_name(spec.weekday),
        others.join(" and "),
    ))
}

/// When the session from `start` to `end` (minutes after midnight) is not inside `shift`,
/// the message saying so.
pub(crate) fn outside_shift(start: u32, end: u32, shift: &ShiftType) -> Option<String> {
    use crate::model::format_clock;
    (start < shift.start || end > shift.end_offset()).then(|| {
        format!(
            "the session {}-{} is not inside shift {} ({}-{}); the doctor must be on duty for the whole session",
            format_clock(start),
            format_clock(end),
            shift.code,
            format_clock(shift.start),
            format_clock(shift.end)
        )
    })
}

/// When `spec` overlaps a session among `earlier` on its weekday that has the same doctor or
/// the same room, the column to blame (`doctor` when the doctor is the same, else `room`) and
/// the message saying so, naming the first such session by `name_of(i)` (such as `on line 4`
/// or `(session 2)`).
pub(crate) fn overlapping_session(
    earlier: &[SessionSpec],
    name_of: impl Fn(usize) -> String,
    spec: &SessionSpec,
) -> Option<(&'static str, String)> {
    let (i, o) = earlier.iter().enumerate().find(|(_, o)| {
        o.weekday == spec.weekday
            && o.start < spec.end()
            && spec.start < o.end()
            && (o.doctor == spec.doctor || o.room == spec.room)
    })?;
    let (field, what) = if o.doctor == spec.doctor {
        ("doctor", "the doctor")
    } else {
        ("room", "the room")
    };
    Some((
        field,
        format!(
            "{what} already has a session at this time {}; sessions of one doctor or room must \
             not overlap",
            name_of(i)
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priorities_parse_words_and_numbers() {
        assert_eq!(parse_priority("Urgent"), Ok(9));
        assert_eq!(parse_priority("routine"), Ok(5));
        assert_eq!(parse_priority("checkup"), Ok(2));
        assert_eq!(parse_priority("7"), Ok(7));
        assert!(parse_priority("0").is_err());
        assert!(parse_priority("10").is_err());
        assert!(parse_priority("soon")
            .unwrap_err()
            .contains("not a priority"));
    }

    #[test]
    fn visit_minutes_before_the_doctor() {
        let v = VisitType {
            code: "NEW".into(),
            name: "New".into(),
            service: ServiceDistribution::Exponential { mean: 30.0 },
            no_show: 0.1,
            steps: vec![
                VisitStep::Stage {
                    stage: 0,
                    service: ServiceDistribution::Deterministic { minutes: 3.0 },
                },
                VisitStep::Doctor,
                VisitStep::Stage {
                    stage: 1,
                    service: ServiceDistribution::Deterministic { minutes: 5.0 },
                },
            ],
            punctuality: None,
        };
        assert_eq!(v.minutes_before_doctor(), 3.0);
        assert_eq!(v.consult_minutes(), 30.0);
        assert_eq!(v.stages().collect::<Vec<_>>(), vec![0, 1]);
    }
}
