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
//! patient flow simulation ([`flow`]) uses each visit type's own distributions.
//!
//! ## The search
//! Greedy, most urgent and tightest window first, each request to the session where it adds
//! least cost; then local search until no move improves: move a booked request to another
//! session, and book an unbooked request by moving (or unbooking) one patient of a full
//! session. Everything is in a fixed order, so the same input gives the same plan. Within a
//! session, patients take the template's slots in order of urgency, then file order.
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

pub mod flow;
pub mod staffing;
mod templates;
#[cfg(test)]
pub(crate) mod tests;

use super::clinic::{AppointmentRequest, Clinic, VisitStep};
use super::AppointmentError;
use crate::model::{Scenario, StaffId};
use crate::roster::Roster;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
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
    Flow(#[from] super::flow::FlowError),
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

/// True when `staff` is rostered on `day` on a shift overlapping `[from, to)` (minutes after
/// midnight).
fn on_duty(
    scenario: &Scenario,
    roster: &Roster,
    staff: StaffId,
    day: u32,
    from: u32,
    to: u32,
) -> bool {
    roster.get(staff, day as usize).is_some_and(|sh| {
        let s = scenario.shift(sh);
        s.start < to && from < s.end_offset()
    })
}

fn check_roster(scenario: &Scenario, roster: &Roster) -> BookingResult<()> {
    if roster.fits(scenario) {
        Ok(())
    } else {
        Err(BookingError::Invalid(
            "the roster does not belong to this scenario (other staff or days)".into(),
        ))
    }
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

/// The booking problem of one roster: running sessions, what each request may use, and the
/// pieces of the cost.
pub struct Problem<'a> {
    scenario: &'a Scenario,
    clinic: &'a Clinic,
    weights: BookingWeights,
    runs: Vec<SessionRun>,
    /// Per run and clinic stage: is somebody with the stage's role on duty?
    staffed: Vec<Vec<bool>>,
    /// Per request: the runs it may use (clinic, window, staffed stages), in run order.
    candidates: Vec<Vec<usize>>,
    /// Per request: the other requests of the same patient.
    siblings: Vec<Vec<usize>>,
    cache: TemplateCache,
}

impl<'a> Problem<'a> {
    /// Sets up the problem: which sessions run and where each request may go.
    pub fn new(
        scenario: &'a Scenario,
        roster: &Roster,
        clinic: &'a Clinic,
        options: &BookingOptions,
    ) -> BookingResult<Problem<'a>> {
        check_roster(scenario, roster)?;
        check_clinic(scenario, clinic)?;
        let runs = running_sessions(scenario, roster, clinic);
        // Per run and stage: staffed? As in the day's flow model (`flow::hourly_staff`), a
        // person counts for the first stage whose role they hold, and the doctors holding a
        // session that day do not count.
        let first_stage: Vec<Option<usize>> = scenario
            .staff()
            .iter()
            .map(|p| {
                clinic
                    .stages
                    .iter()
                    .position(|st| p.roles.contains(&st.role))
            })
            .collect();
        let staffed: Vec<Vec<bool>> = runs
            .iter()
            .map(|r| {
                let s = &clinic.sessions[r.spec];
                let busy: Vec<StaffId> = runs
                    .iter()
                    .filter(|x| x.day == r.day)
                    .map(|x| clinic.sessions[x.spec].doctor)
                    .collect();
                (0..clinic.stages.len())
                    .map(|st| {
                        first_stage.iter().enumerate().any(|(i, f)| {
                            let id = StaffId(i as u32);
                            *f == Some(st)
                                && !busy.contains(&id)
                                && on_duty(scenario, roster, id, r.day, s.start, s.end())
                        })
                    })
                    .collect()
            })
            .collect();
        let candidates = clinic
            .requests
            .iter()
            .map(|q| {
                let vt = &clinic.visit_types[q.visit_type];
                runs.iter()
                    .enumerate()
                    .filter(|(k, r)| {
                        in_window(clinic, q, r) && vt.stages().all(|st| staffed[*k][st])
                    })
                    .map(|(k, _)| k)
                    .collect()
            })
            .collect();
        let mut by_patient: HashMap<&str, Vec<usize>> = HashMap::new();
        for (r, q) in clinic.requests.iter().enumerate() {
            by_patient.entry(q.patient.as_str()).or_default().push(r);
        }
        let siblings = clinic
            .requests
            .iter()
            .enumerate()
            .map(|(r, q)| {
                by_patient[q.patient.as_str()]
                    .iter()
                    .copied()
                    .filter(|&x| x != r)
                    .collect()
            })
            .collect();
        Ok(Problem {
            scenario,
            clinic,
            weights: options.weights,
            runs,
            staffed,
            candidates,
            siblings,
            cache: TemplateCache::default(),
        })
    }

    /// The running sessions.
    pub fn runs(&self) -> &[SessionRun] {
        &self.runs
    }

    /// The runs request `r` may be booked into (capacity aside).
    pub fn candidates(&self, r: usize) -> &[usize] {
        self.candidates.get(r).map_or(&[], Vec::as_slice)
    }

    /// Mean consultation minutes of request `r`.
    fn minutes(&self, r: usize) -> f64 {
        self.clinic.visit_types[self.clinic.requests[r].visit_type].consult_minutes()
    }

    fn no_show(&self, r: usize) -> f64 {
        self.clinic.visit_types[self.clinic.requests[r].visit_type].no_show
    }

    /// True when request `r` may go to run `k` under `assignment` as far as its patient is
    /// concerned: no other request of the same patient is booked that day (`except` is
    /// ignored, for a request about to move).
    pub fn day_free(
        &self,
        assignment: &[Option<usize>],
        r: usize,
        k: usize,
        except: Option<usize>,
    ) -> bool {
        let day = self.runs[k].day;
        self.siblings[r].iter().all(|&x| {
            Some(x) == except
                || assignment
                    .get(x)
                    .copied()
                    .flatten()
                    .is_none_or(|k2| self.runs.get(k2).is_none_or(|run| run.day != day))
        })
    }

    /// True when run `k` can take patients `members` (capacity only).
    pub fn fits(&self, k: usize, members: &[usize]) -> bool {
        let s = &self.clinic.sessions[self.runs[k].spec];
        let minutes: f64 = members.iter().map(|&r| self.minutes(r)).sum();
        minutes <= f64::from(s.minutes()) + 1e-9
            && s.max_patients.is_none_or(|m| members.len() <= m as usize)
    }

    /// The cost of request `r` booked into `run` (or left unbooked): the unbooked, continuity
    /// and delay parts, as `(urgent unbooked, unbooked, continuity, delay)`.
    fn request_parts(&self, r: usize, run: Option<usize>) -> (u32, f64, f64, f64) {
        let q = &self.clinic.requests[r];
        let w = &self.weights;
        match run {
            None => (
                u32::from(q.is_urgent()),
                w.unbooked * (1.0 + f64::from(q.urgency)),
                0.0,
                0.0,
            ),
            Some(k) => {
                let run = &self.runs[k];
                let doctor = self.clinic.sessions[run.spec].doctor;
                let cont = match q.doctor {
                    Some(d) if d != doctor => w.continuity,
                    _ => 0.0,
                };
                let delay = w.delay_per_day
                    * f64::from(q.urgency)
                    * f64::from(run.day.saturating_sub(q.earliest));
                (0, 0.0, cont, delay)
            }
        }
    }

    /// The cost of run `k` with patients `members`: `(load, template)` parts.
    fn session_parts(&mut self, k: usize, members: &[usize]) -> BookingResult<(f64, f64)> {
        if members.is_empty() {
            return Ok((0.0, 0.0));
        }
        let s = &self.clinic.sessions[self.runs[k].spec];
        let (slots, slot_minutes, total) = (s.slots, s.slot_minutes, f64::from(s.minutes()));
        let minutes: f64 = members.iter().map(|&r| self.minutes(r)).sum();
        let n = members.len() as f64;
        let no_show = members.iter().map(|&r| self.no_show(r)).sum::<f64>() / n;
        let share = minutes / total;
        let t = self.cache.get(
            slots,
            slot_minutes,
            members.len() as u32,
            minutes / n,
            no_show,
        )?;
        Ok((
            self.weights.load * share * share,
            self.weights.template * t.objective,
        ))
    }

    fn request_soft(&self, r: usize, run: Option<usize>) -> (u32, f64) {
        let (u, a, b, c) = self.request_parts(r, run);
        (u, a + b + c)
    }

    fn session_soft(&mut self, k: usize, members: &[usize]) -> BookingResult<f64> {
        let (a, b) = self.session_parts(k, members)?;
        Ok(a + b)
    }

    /// The cost of `assignment` (one entry per request). This is the single definition of a
    /// plan's cost; [`book`] reports it and its search moves by differences of its parts.
    pub fn cost(&mut self, assignment: &[Option<usize>]) -> BookingResult<BookingCost> {
        if assignment.len() != self.clinic.requests.len() {
            return Err(BookingError::Invalid(format!(
                "{} assignments for {} requests",
                assignment.len(),
                self.clinic.requests.len()
            )));
        }
        if let Some(k) = assignment.iter().flatten().find(|&&k| k >= self.runs.len()) {
            return Err(BookingError::Invalid(format!(
                "session run {k} does not exist ({} sessions run)",
                self.runs.len()
            )));
        }
        let mut c = BookingCost::default();
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); self.runs.len()];
        for (r, a) in assignment.iter().enumerate() {
            let (u, unb, cont, delay) = self.request_parts(r, *a);
            c.urgent_unbooked += u;
            c.unbooked += u32::from(a.is_none());
            c.unbooked_cost += unb;
            c.continuity_cost += cont;
            c.delay_cost += delay;
            if let Some(k) = *a {
                members[k].push(r);
            }
        }
        for (k, m) in members.iter().enumerate() {
            let (load, tpl) = self.session_parts(k, m)?;
            c.load_cost += load;
            c.template_cost += tpl;
        }
        c.soft = c.unbooked_cost + c.continuity_cost + c.delay_cost + c.load_cost + c.template_cost;
        Ok(c)
    }

    /// Hard problems of `assignment`, in words (empty when every hard rule holds): a request
    /// in a session it may not use, or a session over capacity.
    pub fn hard_problems(&self, assignment: &[Option<usize>]) -> Vec<String> {
        let mut out = Vec::new();
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); self.runs.len()];
        for (r, a) in assignment.iter().enumerate() {
            if let Some(k) = *a {
                if self.candidates.get(r).is_none_or(|c| !c.contains(&k)) {
                    out.push(format!(
                        "request {r} is in session run {k}, which it may not use"
                    ));
                } else {
                    members[k].push(r);
                }
            }
        }
        for (k, m) in members.iter().enumerate() {
            if !self.fits(k, m) {
                out.push(format!("session run {k} is over capacity"));
            }
            for &r in m {
                if !self.day_free(assignment, r, k, None) {
                    out.push(format!(
                        "patient {} is booked twice on day {}",
                        self.clinic.requests[r].patient, self.runs[k].day
                    ));
                }
            }
        }
        out
    }
}

fn in_window(clinic: &Clinic, q: &AppointmentRequest, r: &SessionRun) -> bool {
    clinic.sessions[r.spec].clinic == q.clinic && q.earliest <= r.day && r.day <= q.latest
}

/// Checks the references of clinic data built in code (the file reader checks them too).
fn check_clinic(scenario: &Scenario, clinic: &Clinic) -> BookingResult<()> {
    let bad = |m: String| Err(BookingError::Invalid(m));
    for s in &clinic.sessions {
        if s.doctor.index() >= scenario.staff().len() || s.shift.index() >= scenario.shifts().len()
        {
            return bad(format!(
                "a session of clinic {} names an unknown doctor or shift",
                s.clinic
            ));
        }
        if s.slots == 0 || s.slot_minutes == 0 {
            return bad(format!("a session of clinic {} has no slots", s.clinic));
        }
    }
    if clinic
        .stages
        .iter()
        .any(|st| st.role.index() >= scenario.roles().len())
    {
        return bad("a clinic stage names an unknown role".into());
    }
    for v in &clinic.visit_types {
        let doctors = v
            .steps
            .iter()
            .filter(|s| matches!(s, VisitStep::Doctor))
            .count();
        if doctors != 1 || v.stages().any(|st| st >= clinic.stages.len()) {
            return bad(format!(
                "visit type {} must have one doctor step and known stages",
                v.code
            ));
        }
        if !(0.0..1.0).contains(&v.no_show) || v.service.validate().is_err() {
            return bad(format!(
                "visit type {} has an invalid no-show or service time",
                v.code
            ));
        }
    }
    for q in &clinic.requests {
        if q.visit_type >= clinic.visit_types.len()
            || q.earliest > q.latest
            || q.latest as usize >= scenario.days()
            || q.doctor
                .is_some_and(|d| d.index() >= scenario.staff().len())
        {
            return bad(format!("the request of patient {} is invalid", q.patient));
        }
    }
    Ok(())
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

/// Search state: the assignment and the members of each run.
struct State {
    assign: Vec<Option<usize>>,
    members: Vec<Vec<usize>>,
    /// Cached session cost per run.
    session: Vec<f64>,
}

impl State {
    fn with(&self, k: usize, r: usize) -> Vec<usize> {
        let mut m = self.members[k].clone();
        m.push(r);
        m.sort_unstable();
        m
    }

    fn without(&self, k: usize, r: usize) -> Vec<usize> {
        self.members[k]
            .iter()
            .copied()
            .filter(|&x| x != r)
            .collect()
    }
}

/// A cost difference `(urgent unbooked, soft)`.
type Delta = (i64, f64);

fn better(a: Delta, b: Delta) -> bool {
    a.0 < b.0 || (a.0 == b.0 && a.1 < b.1 - 1e-9)
}

fn move_delta(
    p: &mut Problem<'_>,
    st: &State,
    r: usize,
    to: Option<usize>,
) -> BookingResult<Option<Delta>> {
    let from = st.assign[r];
    if from == to {
        return Ok(None);
    }
    let (u0, c0) = p.request_soft(r, from);
    let (u1, c1) = p.request_soft(r, to);
    let mut d = c1 - c0;
    if let Some(k) = to {
        let m = st.with(k, r);
        if !p.fits(k, &m) || !p.day_free(&st.assign, r, k, None) {
            return Ok(None);
        }
        d += p.session_soft(k, &m)? - st.session[k];
    }
    if let Some(k) = from {
        let m = st.without(k, r);
        d += p.session_soft(k, &m)? - st.session[k];
    }
    Ok(Some((i64::from(u1) - i64::from(u0), d)))
}

fn apply(p: &mut Problem<'_>, st: &mut State, r: usize, to: Option<usize>) -> BookingResult<()> {
    if let Some(k) = st.assign[r] {
        st.members[k] = st.without(k, r);
        st.session[k] = p.session_soft(k, &st.members[k])?;
    }
    if let Some(k) = to {
        st.members[k] = st.with(k, r);
        st.session[k] = p.session_soft(k, &st.members[k])?;
    }
    st.assign[r] = to;
    Ok(())
}

/// An improving change: its delta, where the request goes, and the patient moved to make
/// room (with where they go).
type Improvement = (Delta, Option<usize>, Option<(usize, Option<usize>)>);

/// Largest number of local-search sweeps (each tries every move once).
const MAX_SWEEPS: usize = 50;

/// Books the requests of `clinic` into the sessions the roster runs (see the module
/// documentation for the rules and the objective). Deterministic.
pub fn book(
    scenario: &Scenario,
    roster: &Roster,
    clinic: &Clinic,
    options: &BookingOptions,
) -> BookingResult<BookingPlan> {
    let mut p = Problem::new(scenario, roster, clinic, options)?;
    let n = clinic.requests.len();
    let mut st = State {
        assign: vec![None; n],
        members: vec![Vec::new(); p.runs.len()],
        session: vec![0.0; p.runs.len()],
    };
    // Greedy: most urgent, then tightest window, then file order.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&r| {
        let q = &clinic.requests[r];
        (std::cmp::Reverse(q.urgency), q.latest - q.earliest, r)
    });
    for &r in &order {
        let mut best: Option<(Delta, usize)> = None;
        for &k in &p.candidates[r].clone() {
            if let Some(d) = move_delta(&mut p, &st, r, Some(k))? {
                if best.is_none_or(|(b, _)| better(d, b)) {
                    best = Some((d, k));
                }
            }
        }
        if let Some((_, k)) = best {
            apply(&mut p, &mut st, r, Some(k))?;
        }
    }
    // Local search.
    for _ in 0..MAX_SWEEPS {
        let mut improved = false;
        for &r in &order {
            let cands = p.candidates[r].clone();
            let mut best: Option<Improvement> = None;
            for &k in &cands {
                if let Some(d) = move_delta(&mut p, &st, r, Some(k))? {
                    if (d.0 < 0 || (d.0 == 0 && d.1 < -1e-9))
                        && best.as_ref().is_none_or(|(b, _, _)| better(d, *b))
                    {
                        best = Some((d, Some(k), None));
                    }
                }
            }
            if st.assign[r].is_none() {
                // Make room: move one patient of a candidate session elsewhere (or out).
                for &k in &cands {
                    for q in st.members[k].clone() {
                        let mut trial = st.without(k, q);
                        trial.push(r);
                        trial.sort_unstable();
                        if !p.fits(k, &trial) || !p.day_free(&st.assign, r, k, Some(q)) {
                            continue;
                        }
                        let mut targets: Vec<Option<usize>> = p.candidates[q]
                            .iter()
                            .filter(|&&x| x != k)
                            .map(|&x| Some(x))
                            .collect();
                        targets.push(None);
                        for t in targets {
                            // q leaves k for t (or is unbooked), r takes q's place in k.
                            let (uq0, cq0) = p.request_soft(q, Some(k));
                            let (uq1, cq1) = p.request_soft(q, t);
                            let (ur0, cr0) = p.request_soft(r, None);
                            let (ur1, cr1) = p.request_soft(r, Some(k));
                            let mut soft = cq1 - cq0 + cr1 - cr0;
                            soft += p.session_soft(k, &trial)? - st.session[k];
                            if let Some(t) = t {
                                let m = st.with(t, q);
                                let clash =
                                    p.siblings[q].contains(&r) && p.runs[t].day == p.runs[k].day;
                                if clash || !p.fits(t, &m) || !p.day_free(&st.assign, q, t, None) {
                                    continue;
                                }
                                soft += p.session_soft(t, &m)? - st.session[t];
                            }
                            let hard =
                                i64::from(uq1) - i64::from(uq0) + i64::from(ur1) - i64::from(ur0);
                            let d = (hard, soft);
                            if (d.0 < 0 || (d.0 == 0 && d.1 < -1e-9))
                                && best.as_ref().is_none_or(|(b, _, _)| better(d, *b))
                            {
                                best = Some((d, Some(k), Some((q, t))));
                            }
                        }
                    }
                }
            }
            if let Some((_, k, eject)) = best {
                if let Some((q, t)) = eject {
                    apply(&mut p, &mut st, q, t)?;
                }
                apply(&mut p, &mut st, r, k)?;
                improved = true;
            }
        }
        if !improved {
            break;
        }
    }
    finish(&mut p, st.assign, roster)
}

/// Builds the plan of an assignment: templates, slot times, reasons, cost.
fn finish(
    p: &mut Problem<'_>,
    assignment: Vec<Option<usize>>,
    roster: &Roster,
) -> BookingResult<BookingPlan> {
    let clinic = p.clinic;
    let cost = p.cost(&assignment)?;
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); p.runs.len()];
    for (r, a) in assignment.iter().enumerate() {
        if let Some(k) = a {
            members[*k].push(r);
        }
    }
    let mut appointments = Vec::new();
    let mut templates = Vec::new();
    for (k, m) in members.iter_mut().enumerate() {
        if m.is_empty() {
            templates.push(None);
            continue;
        }
        m.sort_by_key(|&r| (std::cmp::Reverse(clinic.requests[r].urgency), r));
        let s = &clinic.sessions[p.runs[k].spec];
        let n = m.len() as f64;
        let mean = m.iter().map(|&r| p.minutes(r)).sum::<f64>() / n;
        let no_show = m.iter().map(|&r| p.no_show(r)).sum::<f64>() / n;
        let t = p
            .cache
            .get(s.slots, s.slot_minutes, m.len() as u32, mean, no_show)?
            .clone();
        let mut next = m.iter();
        for (slot, &c) in t.schedule.counts().iter().enumerate() {
            for _ in 0..c {
                if let Some(&r) = next.next() {
                    appointments.push(Appointment {
                        request: r,
                        run: k,
                        slot,
                        minute: s.start + slot as u32 * s.slot_minutes,
                    });
                }
            }
        }
        templates.push(Some(t));
    }
    let unbooked = assignment
        .iter()
        .enumerate()
        .filter(|(_, a)| a.is_none())
        .map(|(r, _)| Unbooked {
            request: r,
            reason: reason(p, roster, &assignment, r),
        })
        .collect();
    Ok(BookingPlan {
        runs: p.runs.clone(),
        assignment,
        appointments,
        templates,
        unbooked,
        cost,
        weights: p.weights,
    })
}

/// Why request `r` is not booked, in plain words.
fn reason(p: &Problem<'_>, roster: &Roster, assignment: &[Option<usize>], r: usize) -> String {
    let (scenario, clinic) = (p.scenario, p.clinic);
    let q = &clinic.requests[r];
    let h = scenario.horizon();
    let window = format!(
        "between {} and {}",
        h.date(q.earliest as usize),
        h.date(q.latest as usize)
    );
    let code = |s: StaffId| scenario.staff_member(s).code.clone();
    // Weekly sessions of the clinic falling in the window.
    let mut planned = Vec::new();
    for day in q.earliest..=q.latest {
        for (i, s) in clinic.sessions.iter().enumerate() {
            if s.clinic == q.clinic && h.weekday(day as usize) == s.weekday {
                planned.push((i, day));
            }
        }
    }
    if planned.is_empty() {
        return format!("clinic {} holds no session {window}", q.clinic);
    }
    let running: Vec<usize> = p
        .runs
        .iter()
        .enumerate()
        .filter(|(_, run)| in_window(clinic, q, run))
        .map(|(k, _)| k)
        .collect();
    if running.is_empty() {
        let list: Vec<String> = planned
            .iter()
            .take(4)
            .map(|&(i, d)| {
                let s = &clinic.sessions[i];
                let on = roster
                    .get(s.doctor, d as usize)
                    .map_or("off".to_string(), |sh| {
                        format!("on {}", scenario.shift(sh).code)
                    });
                format!(
                    "{}: {} is {on}, the session needs {} or another shift covering {}-{}",
                    h.date(d as usize),
                    code(s.doctor),
                    scenario.shift(s.shift).code,
                    crate::model::format_clock(s.start),
                    crate::model::format_clock(s.end())
                )
            })
            .collect();
        return format!(
            "none of the {} sessions of clinic {} {window} runs: the roster does not have their doctors on the session shifts ({}{})",
            planned.len(),
            q.clinic,
            list.join("; "),
            if planned.len() > 4 { "; ..." } else { "" }
        );
    }
    if p.candidates[r].is_empty() {
        let vt = &clinic.visit_types[q.visit_type];
        let missing: Vec<String> = vt
            .stages()
            .filter(|&st| running.iter().all(|&k| !p.staffed[k][st]))
            .map(|st| {
                let st = &clinic.stages[st];
                format!("{} ({})", st.code, scenario.roles()[st.role.index()].name)
            })
            .collect();
        if missing.is_empty() {
            return format!(
                "none of the {} running session(s) of clinic {} {window} has staff on duty for every stage visit type {} passes",
                running.len(),
                q.clinic,
                vt.code
            );
        }
        return format!(
            "visit type {} needs stage {}, and nobody with that role is rostered during the {} running session(s) of clinic {} {window}",
            vt.code,
            missing.join(" and "),
            running.len(),
            q.clinic
        );
    }
    let taken = p.candidates[r]
        .iter()
        .filter(|&&k| !p.day_free(assignment, r, k, None))
        .count();
    let mut text = if taken == 0 {
        format!(
            "all {} session(s) of clinic {} {window} that it could use are full",
            p.candidates[r].len(),
            q.clinic
        )
    } else {
        format!(
            "the {} session(s) of clinic {} {window} that it could use are full or on a day the patient already has an appointment ({taken})",
            p.candidates[r].len(),
            q.clinic
        )
    };
    if let Some(d) = q.doctor {
        let own = p.candidates[r]
            .iter()
            .any(|&k| clinic.sessions[p.runs[k].spec].doctor == d);
        if !own {
            text.push_str(&format!(
                "; the preferred doctor {} has no session in the window",
                code(d)
            ));
        }
    }
    text
}
