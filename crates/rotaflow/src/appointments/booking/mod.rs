//! The booking plan of a month: which sessions run (from the roster), which request goes to
//! which session, and at what time.
//!
//! ## Which sessions run
//! A weekly [`SessionSpec`](super::clinic::SessionSpec) runs on each date of its weekday on
//! which the roster has its doctor on a shift covering the session ([`running_sessions`]). A stage of a visit (check-in,
//! triage) is *staffed* for a running session when at least one person for whom it is the
//! first stage (in `stages.csv` order) whose role they hold is rostered that day on a shift
//! overlapping the session, leaving out the doctors who hold a session that day.
//!
//! ## What may be booked where (hard)
//! A request may go only to a running session of its clinic, on a day inside its window,
//! whose visit stages are all staffed, and only while the session has room: the mean
//! consultation minutes of its patients stay within the session's length, and the number of
//! patients within its `max_patients` when given. A patient with several requests gets at
//! most one appointment a day.
//!
//! ## The objective ([`cost`], the single definition)
//! A plan costs `(urgent requests left unbooked, soft)`, compared in that order. `soft` is the
//! sum of ([`BookingWeights`]):
//! - `unbooked * (1 + urgency)` for every request left unbooked;
//! - `continuity` for every booking with a doctor other than the preferred one;
//! - `delay_per_day * urgency * days` after the earliest date, so urgent patients come first;
//! - `load * (booked minutes / session minutes)^2` per running session: convex, so load
//!   (check-ups above all, whose windows are wide) spreads over days and doctors;
//! - `template *` the objective of the session's optimal Kaandorp-Koole template for its
//!   patients: expected total waiting time + 0.2 x the doctor's idle time + overtime
//!   (minutes).
//!
//! The template of a session with `N` patients is [`optimize()`](super::optimize()) of the
//! session's slot grid with exponential consultation times of the patients' mean
//! consultation time (whole minutes) and their mean no-show probability (whole percent), the
//! wait weighted by the expected number who come; with exponential times the optimum is
//! certified global when the search finishes within [`TEMPLATE_FULL_NODES`] nodes per round
//! (sessions of up to about 24 slots). Templates are cached per (slots, slot length, `N`,
//! mean, no-show). The
//! patient flow simulation ([`day_flow`]) uses each visit type's own distributions.
//!
//! ## The search
//! Greedy, most urgent and tightest window first, each request to the session where it adds
//! least cost; then local search until no move improves: move a booked request to another
//! session, and book an unbooked request by moving (or unbooking) one patient of a full
//! session. Everything is in a fixed order, so the same input gives the same plan.
//!
//! ## Appointment times
//! The search costs a session with its cached template; the final times are chosen once the
//! patients are known. When a session's patients are alike (one visit type, or visit types
//! with the same consultation time and no-show rate), they take the template's slots in order
//! of urgency, then file order. When they differ (a 30-minute new referral among 10-minute
//! follow-ups), their order and slots come from the mixed-session search
//! ([`optimize_sequence`](super::optimize_sequence)) with each patient's own consultation
//! time and no-show rate, the same weights as the template. Every session's figures in
//! [`SessionTemplate::booked`] come from [`evaluate_sequence`](super::evaluate_sequence):
//! each patient's own consultation time, everyone on time.
//!
//! ## Staggered sessions
//! A session with `arrivals` = `stagger` (a check-up session, [`SessionSpec::staggered`](super::clinic::SessionSpec::staggered))
//! is booked the same way, but its patients' times are then chosen by simulation of the
//! clinic day ([`stagger_book`]): their start times at the first station are staggered across
//! the session instead of taken from the template.
//!
//! ```
//! use rotaflow::appointments::booking::{book, BookingOptions};
//! use rotaflow::formats::{read_clinic_dir, read_roster_file, read_scenario_dir};
//!
//! let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/examples/outpatient-clinic");
//! let scenario = read_scenario_dir(dir).unwrap();
//! let clinic = read_clinic_dir(dir, &scenario).unwrap();
//! let roster = read_roster_file(format!("{dir}/solutions/roster.csv"), &scenario).unwrap();
//! let plan = book(&scenario, &roster, &clinic, &BookingOptions::default()).unwrap();
//! assert!(plan.appointments.len() > 300);
//! // One urgent request asks for a weekend, when no clinic is held.
//! assert_eq!(plan.cost.urgent_unbooked, 1);
//! assert!(plan.unbooked[0].reason.contains("holds no session"));
//! ```

pub mod day_flow;
mod in_order;
mod problem;
mod search;
pub mod stage_cover;
pub mod stagger_book;
mod templates;
#[cfg(test)]
pub(crate) mod tests;

use super::clinic::Clinic;
use super::AppointmentError;
use crate::model::{Scenario, StaffId};
use crate::roster::Roster;
pub use problem::Problem;
pub use search::book;
use serde::{Deserialize, Serialize};
pub(crate) use templates::time_runs;
pub use templates::{SessionTemplate, TemplateCache, TEMPLATE_FULL_NODES};
use thiserror::Error;

/// Why booking could not be done at all (bad data, not an over-full clinic).
#[derive(Debug, Clone, PartialEq, Error)]
pub enum BookingError {
    /// The roster does not belong to the scenario, or the clinic data do not fit it.
    #[error("{0}")]
    Invalid(String),
    /// A session template could not be optimised.
    #[error("session template: {0}")]
    Template(#[from] AppointmentError),
    /// The patient-flow model of a day is invalid.
    #[error("patient flow: {0}")]
    Flow(#[from] super::simulation::FlowError),
    /// The integer program of the stage cover per shift failed.
    #[error("stage cover: {0}")]
    Cover(String),
}

/// Result type of booking.
pub type BookingResult<T> = std::result::Result<T, BookingError>;

/// Weights of the soft part of the objective (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BookingWeights {
    /// Per unbooked request, times `1 + urgency`.
    pub unbooked: f64,
    /// Per booking not with the preferred doctor.
    pub continuity: f64,
    /// Per day after the earliest date, times the urgency.
    pub delay_per_day: f64,
    /// Per session, times the squared share of its minutes that is booked.
    pub load: f64,
    /// Per minute of the session templates' objective.
    pub template: f64,
}

impl std::str::FromStr for BookingWeights {
    type Err = AppointmentError;

    /// Reads `unbooked=1000,continuity=40,delay=1,load=1000,template=1`; keys not given keep
    /// their [default](BookingWeights::default).
    fn from_str(text: &str) -> Result<Self, AppointmentError> {
        const EXAMPLE: &str = "unbooked=1000,continuity=40,delay=1,load=1000,template=1";
        let mut w = BookingWeights::default();
        for (key, v) in super::session::weight_list(text, EXAMPLE)? {
            match key.as_str() {
                "unbooked" => w.unbooked = v,
                "continuity" => w.continuity = v,
                "delay" => w.delay_per_day = v,
                "load" => w.load = v,
                "template" => w.template = v,
                other => return Err(AppointmentError::Unreadable(format!(
                    "unknown key '{other}'; the keys are unbooked, continuity, delay, load and template (e.g. {EXAMPLE})"
                ))),
            }
        }
        Ok(w)
    }
}

impl Default for BookingWeights {
    /// Unbooked 1000, continuity 40, delay 1 per day and urgency point, load 1000, template 1.
    /// An unbooked request (at least 2000) costs more than any booking can.
    fn default() -> Self {
        BookingWeights {
            unbooked: 1000.0,
            continuity: 40.0,
            delay_per_day: 1.0,
            load: 1000.0,
            template: 1.0,
        }
    }
}

/// Options of [`book`].
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct BookingOptions {
    /// Objective weights.
    pub weights: BookingWeights,
}

/// A session that runs on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRun {
    /// Index into [`Clinic::sessions`].
    pub spec: usize,
    /// Day (index into the horizon).
    pub day: u32,
}

/// A booked appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appointment {
    /// Index into [`Clinic::requests`].
    pub request: usize,
    /// Index into [`BookingPlan::runs`].
    pub run: usize,
    /// Slot of the session template.
    pub slot: usize,
    /// Appointment time with the doctor, minutes after midnight.
    pub minute: u32,
}

/// A request that could not be booked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unbooked {
    /// Index into [`Clinic::requests`].
    pub request: usize,
    /// Why, in plain words.
    pub reason: String,
}

/// The cost of a plan (see the module documentation), compared urgent-unbooked first.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct BookingCost {
    /// Urgent requests left unbooked (the hard part).
    pub urgent_unbooked: u32,
    /// Requests left unbooked.
    pub unbooked: u32,
    /// Total soft cost: the sum of the five parts below.
    pub soft: f64,
    /// Part for unbooked requests.
    pub unbooked_cost: f64,
    /// Part for bookings away from the preferred doctor.
    pub continuity_cost: f64,
    /// Part for days waited after the earliest date.
    pub delay_cost: f64,
    /// Part for the load of sessions.
    pub load_cost: f64,
    /// Part for the session templates (expected wait, idle time, overtime).
    pub template_cost: f64,
}

/// The outcome of [`book`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookingPlan {
    /// Sessions that run, by day, then start, then session order.
    pub runs: Vec<SessionRun>,
    /// Per request: the run it is booked into.
    pub assignment: Vec<Option<usize>>,
    /// Booked appointments by day, session and time.
    pub appointments: Vec<Appointment>,
    /// Per run: its template (`None` when nobody is booked).
    pub templates: Vec<Option<SessionTemplate>>,
    /// Requests not booked, in file order, with the reason.
    pub unbooked: Vec<Unbooked>,
    /// The plan's cost, from [`cost`].
    pub cost: BookingCost,
    /// The weights the plan was booked and costed with.
    pub weights: BookingWeights,
}

/// Sessions that run: each weekly session on each date of its weekday on which the roster has
/// its doctor on a shift covering the session's hours (the session's shift or a longer one).
/// Ordered by day, start, then session order.
pub fn running_sessions(scenario: &Scenario, roster: &Roster, clinic: &Clinic) -> Vec<SessionRun> {
    let h = scenario.horizon();
    let mut runs = Vec::new();
    for day in 0..scenario.days() {
        for (i, s) in clinic.sessions.iter().enumerate() {
            if h.weekday(day) == s.weekday
                && s.doctor.index() < roster.staff_count()
                && day < roster.days()
                && roster
                    .get(s.doctor, day)
                    .is_some_and(|sh| s.covered_by(scenario.shift(sh)))
            {
                runs.push(SessionRun {
                    spec: i,
                    day: day as u32,
                });
            }
        }
    }
    runs.sort_by_key(|r| (r.day, clinic.sessions[r.spec].start, r.spec));
    runs
}

/// One doctor's month in a booking plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DoctorSummary {
    /// The doctor.
    pub doctor: StaffId,
    /// Sessions that run (the doctor rostered on a shift covering the session).
    pub sessions_run: usize,
    /// Sessions that run with at least one patient.
    pub sessions_used: usize,
    /// Patients booked.
    pub patients: usize,
    /// Minutes of the sessions that run.
    pub session_minutes: u32,
    /// Mean consultation minutes of the patients booked, summed (no-shows included).
    pub consult_minutes: f64,
    /// Requests naming this doctor that are booked with them.
    pub preferred_kept: usize,
    /// Requests naming this doctor that are booked with another doctor.
    pub preferred_elsewhere: usize,
    /// Requests naming this doctor that are not booked.
    pub preferred_unbooked: usize,
}

impl DoctorSummary {
    /// Booked consultation minutes per session minute, when a session runs.
    pub fn utilisation(&self) -> Option<f64> {
        (self.session_minutes > 0).then(|| self.consult_minutes / f64::from(self.session_minutes))
    }
}

/// Per doctor with a session in `clinic`, in staff order: sessions, patients, booked share of
/// the session time and how often the preferred doctor was kept, from `plan`.
pub fn doctor_summaries(clinic: &Clinic, plan: &BookingPlan) -> Vec<DoctorSummary> {
    let mut doctors: Vec<StaffId> = clinic.sessions.iter().map(|s| s.doctor).collect();
    doctors.sort_unstable();
    doctors.dedup();
    let mut out: Vec<DoctorSummary> = doctors
        .iter()
        .map(|&doctor| DoctorSummary {
            doctor,
            sessions_run: 0,
            sessions_used: 0,
            patients: 0,
            session_minutes: 0,
            consult_minutes: 0.0,
            preferred_kept: 0,
            preferred_elsewhere: 0,
            preferred_unbooked: 0,
        })
        .collect();
    let at = |d: StaffId| doctors.binary_search(&d).ok();
    let doctor_of = |k: usize| clinic.sessions[plan.runs[k].spec].doctor;
    for (k, run) in plan.runs.iter().enumerate() {
        if let Some(i) = at(doctor_of(k)) {
            out[i].sessions_run += 1;
            out[i].session_minutes += clinic.sessions[run.spec].minutes();
            out[i].sessions_used += usize::from(plan.templates.get(k).is_some_and(Option::is_some));
        }
    }
    for (q, a) in clinic.requests.iter().zip(&plan.assignment) {
        let booked_with = a.map(doctor_of);
        if let Some(i) = booked_with.and_then(at) {
            out[i].patients += 1;
            out[i].consult_minutes += clinic.visit_types[q.visit_type].consult_minutes();
        }
        if let Some(i) = q.doctor.and_then(at) {
            match booked_with {
                Some(d) if Some(d) == q.doctor => out[i].preferred_kept += 1,
                Some(_) => out[i].preferred_elsewhere += 1,
                None => out[i].preferred_unbooked += 1,
            }
        }
    }
    out
}

/// The cost of `assignment` (one run index or `None` per request) for this roster and clinic:
/// [`Problem::cost`] on a fresh problem.
pub fn cost(
    scenario: &Scenario,
    roster: &Roster,
    clinic: &Clinic,
    options: &BookingOptions,
    assignment: &[Option<usize>],
) -> BookingResult<BookingCost> {
    let mut p = Problem::new(scenario, roster, clinic, options)?;
    p.cost(assignment)
}
