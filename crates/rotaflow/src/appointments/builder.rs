//! [`ClinicBuilder`]: a [`Clinic`] written in code for a roster [`Scenario`], everything
//! referred to by the codes people use (roles, staff, shifts, stages, visit types, clinics),
//! derived fields derived, every problem reported at [`ClinicBuilder::build`].
//!
//! The checks are those `formats::read_clinic` makes on the clinic files, with each problem
//! named by what it is about instead of a file line.

use super::clinic::Clinic;
use super::simulation::Punctuality;
use super::ServiceDistribution;
use crate::model::Scenario;
use chrono::{NaiveDate, Weekday};
use std::fmt;

/// One problem of a clinic described in code, with what it is about named by code.
///
/// ```
/// # use rotaflow::appointments::{ClinicBuilder, ServiceDistribution};
/// # use rotaflow::prelude::*;
/// # use chrono::Weekday;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let mut b = ScenarioBuilder::new("Elm", date(2027, 3, 1)?, 7);
/// # b.shift("AM", "Morning", "08:00", "13:00")?;
/// # let dr = b.role("DR", "Doctor");
/// # let cl = b.role("CL", "Clerk");
/// # let any = b.contract("ANY").add();
/// # b.staff("DR01", any).roles(&[dr]);
/// # let scenario = b.build()?;
/// let mut c = ClinicBuilder::new(&scenario);
/// c.stage("checkin", "Check-in", "RN");
/// let Err(rotaflow::appointments::ClinicBuildError::Invalid(problems)) = c.build() else {
///     panic!("RN is no role of the scenario");
/// };
/// assert_eq!(problems[0].subject, "stage checkin");
/// assert_eq!(problems[0].field, "role");
/// assert_eq!(problems[0].to_string(), "stage checkin: role: unknown role `RN` (known: DR, CL)");
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ClinicProblem {
    /// What the problem is about (`stage checkin`, `session 2 (CARD, DR01, Monday 08:30)`,
    /// `request 4 (patient P0004)`).
    pub subject: String,
    /// The field concerned (`role`, `no_show`, `slot_minutes`).
    pub field: &'static str,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl fmt::Display for ClinicProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.subject, self.field, self.message)
    }
}

/// Why [`ClinicBuilder::build`] failed.
///
/// ```
/// # use rotaflow::appointments::{ClinicBuilder, ServiceDistribution};
/// # use rotaflow::prelude::*;
/// # use chrono::Weekday;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let mut b = ScenarioBuilder::new("Elm", date(2027, 3, 1)?, 7);
/// # b.shift("AM", "Morning", "08:00", "13:00")?;
/// # let dr = b.role("DR", "Doctor");
/// # let cl = b.role("CL", "Clerk");
/// # let any = b.contract("ANY").add();
/// # b.staff("DR01", any).roles(&[dr]);
/// # let scenario = b.build()?;
/// let mut c = ClinicBuilder::new(&scenario);
/// c.session("CARD", "DR09", Weekday::Mon, "AM", "08:30", "12:30").slot_minutes(7).room("R1");
/// let text = c.build().unwrap_err().to_string();
/// assert!(text.starts_with("the clinic has 1 problem(s)\n  session 1 (CARD, DR09, mon 08:30): doctor: unknown staff member `DR09`"), "{text}");
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClinicBuildError {
    /// The clinic breaks the rules of its files (every problem found).
    #[error("{}", Problems(.0))]
    Invalid(Vec<ClinicProblem>),
}

struct Problems<'a>(&'a [ClinicProblem]);

impl fmt::Display for Problems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the clinic has {} problem(s)", self.0.len())?;
        for p in self.0 {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

struct StageDraft {
    code: String,
    name: String,
    role: String,
}

/// A step of a route as given: a stage code with its service time, or the doctor.
enum StepDraft {
    Stage(String, ServiceDistribution),
    Doctor,
}

struct VisitDraft {
    code: String,
    name: String,
    service: ServiceDistribution,
    no_show: f64,
    steps: Vec<StepDraft>,
    punctuality: Option<Punctuality>,
}

struct SessionDraft {
    clinic: String,
    doctor: String,
    weekday: Weekday,
    shift: String,
    start: String,
    end: String,
    slot_minutes: Option<u32>,
    room: Option<String>,
    max_patients: Option<u32>,
    staggered: bool,
}

struct RequestDraft {
    patient: String,
    clinic: String,
    visit_type: String,
    earliest: NaiveDate,
    latest: NaiveDate,
    urgency: u8,
    doctor: Option<String>,
}

/// Describes a [`Clinic`] in code for `scenario`: its stages, visit types, weekly sessions and
/// appointment requests, each referring to the scenario's roles, staff and shifts and to each
/// other by code. Nothing is checked until [`ClinicBuilder::build`], which reports every
/// problem at once.
///
/// ```
/// use rotaflow::appointments::{ClinicBuilder, ServiceDistribution};
/// use rotaflow::prelude::*;
/// use chrono::Weekday;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mut b = ScenarioBuilder::new("Elm Outpatients", date(2027, 3, 1)?, 14);
/// b.shift("AM", "Morning", "08:00", "13:00")?;
/// let dr = b.role("DR", "Doctor");
/// let cl = b.role("CL", "Clerk");
/// let any = b.contract("ANY").add();
/// b.staff("DR01", any).roles(&[dr]);
/// b.staff("CL01", any).roles(&[cl]);
/// let scenario = b.build()?;
///
/// let mut c = ClinicBuilder::new(&scenario);
/// c.stage("checkin", "Check-in", "CL");
/// c.visit_type("FU", "Follow-up", ServiceDistribution::Gamma { mean: 15.0, cv: 0.5 }, 0.08)
///     .stage("checkin", ServiceDistribution::Deterministic { minutes: 2.0 })
///     .doctor();
/// c.session("CARD", "DR01", Weekday::Mon, "AM", "08:30", "12:30")
///     .slot_minutes(10)
///     .room("R1");
/// c.request("P1", "CARD", "FU", date(2027, 3, 1)?, date(2027, 3, 12)?, 5)
///     .doctor("DR01");
/// let clinic = c.build()?;
/// assert_eq!(clinic.sessions[0].slots, 24); // 4 hours of 10-minute slots
/// assert_eq!(clinic.requests[0].latest, 11); // a day of the plan
/// # Ok(())
/// # }
/// ```
pub struct ClinicBuilder<'s> {
    scenario: &'s Scenario,
    stages: Vec<StageDraft>,
    visit_types: Vec<VisitDraft>,
    sessions: Vec<SessionDraft>,
    requests: Vec<RequestDraft>,
}

impl<'s> ClinicBuilder<'s> {
    /// An empty clinic for `scenario`, whose roles, staff and shifts it refers to.
    pub fn new(scenario: &'s Scenario) -> Self {
        ClinicBuilder {
            scenario,
            stages: vec![],
            visit_types: vec![],
            sessions: vec![],
            requests: vec![],
        }
    }

    /// Adds a stage of a visit other than the doctor (check-in, triage), served by the
    /// rostered staff holding the role with code `role`; each stage needs a role of its own.
    /// Stages count in the order added (a person serves the first stage whose role they
    /// hold).
    pub fn stage(
        &mut self,
        code: impl Into<String>,
        name: impl Into<String>,
        role: impl Into<String>,
    ) -> &mut Self {
        self.stages.push(StageDraft {
            code: code.into(),
            name: name.into(),
            role: role.into(),
        });
        self
    }

    /// Adds a visit type with its consultation time and no-show probability (in `[0, 1)`).
    /// Its route is the steps given next ([`VisitTypeEntry::stage`],
    /// [`VisitTypeEntry::doctor`]); with none, patients see only the doctor.
    pub fn visit_type(
        &mut self,
        code: impl Into<String>,
        name: impl Into<String>,
        service: ServiceDistribution,
        no_show: f64,
    ) -> VisitTypeEntry<'_> {
        self.visit_types.push(VisitDraft {
            code: code.into(),
            name: name.into(),
            service,
            no_show,
            steps: vec![],
            punctuality: None,
        });
        VisitTypeEntry {
            draft: self.visit_types.last_mut().expect("just added"),
        }
    }

    /// Adds a weekly session of clinic `clinic` held by the doctor with code `doctor` on
    /// `weekday`, inside shift `shift`, from `start` to `end` (clock times `HH:MM`). Give its
    /// slot length ([`SessionEntry::slot_minutes`]) and room ([`SessionEntry::room`]); the
    /// number of slots follows.
    pub fn session(
        &mut self,
        clinic: impl Into<String>,
        doctor: impl Into<String>,
        weekday: Weekday,
        shift: impl Into<String>,
        start: &str,
        end: &str,
    ) -> SessionEntry<'_> {
        self.sessions.push(SessionDraft {
            clinic: clinic.into(),
            doctor: doctor.into(),
            weekday,
            shift: shift.into(),
            start: start.to_string(),
            end: end.to_string(),
            slot_minutes: None,
            room: None,
            max_patients: None,
            staggered: false,
        });
        SessionEntry {
            draft: self.sessions.last_mut().expect("just added"),
        }
    }

    /// Adds a patient's request to be seen in clinic `clinic` for visit type `visit_type`
    /// between two dates of the plan, with urgency 1 (can wait) to
    /// [`MAX_URGENCY`](super::clinic::MAX_URGENCY); from [`URGENT`](super::clinic::URGENT) it is urgent.
    pub fn request(
        &mut self,
        patient: impl Into<String>,
        clinic: impl Into<String>,
        visit_type: impl Into<String>,
        earliest: NaiveDate,
        latest: NaiveDate,
        urgency: u8,
    ) -> RequestEntry<'_> {
        self.requests.push(RequestDraft {
            patient: patient.into(),
            clinic: clinic.into(),
            visit_type: visit_type.into(),
            earliest,
            latest,
            urgency,
            doctor: None,
        });
        RequestEntry {
            draft: self.requests.last_mut().expect("just added"),
        }
    }

    /// Checks everything and builds the clinic; every problem is reported, named by code.
    ///
    /// ```
    /// use rotaflow::appointments::{ClinicBuildError, ClinicBuilder, ServiceDistribution};
    /// use rotaflow::prelude::*;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mut b = ScenarioBuilder::new("Elm", date(2027, 3, 1)?, 7);
    /// b.shift("AM", "Morning", "08:00", "13:00")?;
    /// let any = b.contract("ANY").add();
    /// b.staff("DR01", any);
    /// let scenario = b.build()?;
    ///
    /// let mut c = ClinicBuilder::new(&scenario);
    /// c.stage("checkin", "Check-in", "CL");
    /// c.visit_type("FU", "Follow-up", ServiceDistribution::Exponential { mean: 15.0 }, 1.2);
    /// let Err(ClinicBuildError::Invalid(problems)) = c.build() else {
    ///     panic!("two problems");
    /// };
    /// let subjects: Vec<&str> = problems.iter().map(|p| p.subject.as_str()).collect();
    /// assert_eq!(subjects, ["stage checkin", "visit type FU"]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn build(self) -> Result<Clinic, ClinicBuildError> {
        let mut c = check::Check::new(self.scenario);
        let stages = c.stages(&self.stages);
        let visit_types = c.visit_types(&self.visit_types, &stages);
        let sessions = c.sessions(&self.sessions);
        let requests = c.requests(&self.requests, &sessions, &visit_types);
        if c.problems.is_empty() {
            Ok(Clinic {
                stages,
                visit_types,
                sessions,
                requests,
            })
        } else {
            Err(ClinicBuildError::Invalid(c.problems))
        }
    }
}

/// A visit type just added ([`ClinicBuilder::visit_type`]), to give its route.
///
/// ```
/// # use rotaflow::appointments::{ClinicBuilder, ServiceDistribution};
/// # use rotaflow::prelude::*;
/// # use chrono::Weekday;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let mut b = ScenarioBuilder::new("Elm", date(2027, 3, 1)?, 7);
/// # b.shift("AM", "Morning", "08:00", "13:00")?;
/// # let dr = b.role("DR", "Doctor");
/// # let cl = b.role("CL", "Clerk");
/// # let any = b.contract("ANY").add();
/// # b.staff("DR01", any).roles(&[dr]);
/// # let scenario = b.build()?;
/// use rotaflow::appointments::clinic::VisitStep;
/// use rotaflow::appointments::simulation::Punctuality;
/// use ServiceDistribution::{Deterministic, Exponential};
///
/// let mut c = ClinicBuilder::new(&scenario);
/// c.stage("checkin", "Check-in", "CL");
/// c.visit_type("NEW", "New referral", Exponential { mean: 30.0 }, 0.1)
///     .stage("checkin", Deterministic { minutes: 3.0 })
///     .doctor()
///     .punctuality(Punctuality::Punctual);
/// let clinic = c.build()?;
/// assert_eq!(clinic.visit_types[0].steps[1], VisitStep::Doctor);
/// assert_eq!(clinic.visit_types[0].minutes_before_doctor(), 3.0);
/// # Ok(())
/// # }
/// ```
pub struct VisitTypeEntry<'b> {
    draft: &'b mut VisitDraft,
}

impl VisitTypeEntry<'_> {
    /// The next step of the route: the stage with code `stage`, taking `service` there.
    pub fn stage(self, stage: impl Into<String>, service: ServiceDistribution) -> Self {
        self.draft
            .steps
            .push(StepDraft::Stage(stage.into(), service));
        self
    }

    /// The next step of the route: the consultation with the session's doctor (exactly once
    /// in a route).
    pub fn doctor(self) -> Self {
        self.draft.steps.push(StepDraft::Doctor);
        self
    }

    /// When these patients arrive relative to the time they are asked to come (unset: the
    /// simulation's default, [`ClinicPlanner::punctuality`](super::ClinicPlanner::punctuality)).
    pub fn punctuality(self, punctuality: Punctuality) -> Self {
        self.draft.punctuality = Some(punctuality);
        self
    }
}

/// A session just added ([`ClinicBuilder::session`]), to describe further.
///
/// ```
/// # use rotaflow::appointments::{ClinicBuilder, ServiceDistribution};
/// # use rotaflow::prelude::*;
/// # use chrono::Weekday;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let mut b = ScenarioBuilder::new("Elm", date(2027, 3, 1)?, 7);
/// # b.shift("AM", "Morning", "08:00", "13:00")?;
/// # let dr = b.role("DR", "Doctor");
/// # let cl = b.role("CL", "Clerk");
/// # let any = b.contract("ANY").add();
/// # b.staff("DR01", any).roles(&[dr]);
/// # let scenario = b.build()?;
/// let mut c = ClinicBuilder::new(&scenario);
/// c.session("CARD", "DR01", Weekday::Tue, "AM", "09:00", "12:00")
///     .slot_minutes(20)
///     .room("R2")
///     .max_patients(8);
/// let clinic = c.build()?;
/// assert_eq!((clinic.sessions[0].slots, clinic.sessions[0].max_patients), (9, Some(8)));
/// # Ok(())
/// # }
/// ```
pub struct SessionEntry<'b> {
    draft: &'b mut SessionDraft,
}

impl SessionEntry<'_> {
    /// Length of a slot in minutes; it must divide the session's length.
    pub fn slot_minutes(self, minutes: u32) -> Self {
        self.draft.slot_minutes = Some(minutes);
        self
    }

    /// The consulting room (sessions in one room must not overlap).
    pub fn room(self, room: impl Into<String>) -> Self {
        self.draft.room = Some(room.into());
        self
    }

    /// Most patients booked into one session (unset: only the minutes limit).
    pub fn max_patients(self, patients: u32) -> Self {
        self.draft.max_patients = Some(patients);
        self
    }

    /// Staggers the patients' start times across the session by simulation (a check-up
    /// session; `arrivals` = `stagger` in `sessions.csv`).
    pub fn staggered(self) -> Self {
        self.draft.staggered = true;
        self
    }
}

/// A request just added ([`ClinicBuilder::request`]), to describe further.
///
/// ```
/// # use rotaflow::appointments::{ClinicBuilder, ServiceDistribution};
/// # use rotaflow::prelude::*;
/// # use chrono::Weekday;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let mut b = ScenarioBuilder::new("Elm", date(2027, 3, 1)?, 7);
/// # b.shift("AM", "Morning", "08:00", "13:00")?;
/// # let dr = b.role("DR", "Doctor");
/// # let cl = b.role("CL", "Clerk");
/// # let any = b.contract("ANY").add();
/// # b.staff("DR01", any).roles(&[dr]);
/// # let scenario = b.build()?;
/// let mut c = ClinicBuilder::new(&scenario);
/// c.visit_type("FU", "Follow-up", ServiceDistribution::Exponential { mean: 15.0 }, 0.1);
/// c.session("CARD", "DR01", Weekday::Mon, "AM", "08:30", "12:30").slot_minutes(15).room("R1");
/// c.request("P7", "CARD", "FU", date(2027, 3, 1)?, date(2027, 3, 7)?, 9).doctor("DR01");
/// let clinic = c.build()?;
/// assert!(clinic.requests[0].is_urgent());
/// assert_eq!(clinic.requests[0].doctor, scenario.staff().iter().position(|s| s.code == "DR01").map(StaffId::new));
/// # Ok(())
/// # }
/// ```
pub struct RequestEntry<'b> {
    draft: &'b mut RequestDraft,
}

impl RequestEntry<'_> {
    /// The doctor (by code) the patient should see again; they must hold a session in the
    /// request's clinic.
    pub fn doctor(self, doctor: impl Into<String>) -> Self {
        self.draft.doctor = Some(doctor.into());
        self
    }
}

mod check;
#[cfg(test)]
mod tests;
