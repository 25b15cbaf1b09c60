//! The booking problem of one roster: which sessions run with their stages staffed, where
//! each request may go, and the pieces of the cost ([`Problem::cost`]).

use super::{
    running_sessions, BookingCost, BookingError, BookingOptions, BookingResult, BookingWeights,
    SessionRun, TemplateCache,
};
use crate::appointments::clinic::{AppointmentRequest, Clinic, VisitStep};
use crate::model::{Scenario, StaffId};
use crate::roster::Roster;
use std::collections::HashMap;

/// True when `staff` is rostered on `day` on a shift overlapping `[from, to)` (minutes after
/// midnight).
pub(super) fn on_duty(
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

pub(super) fn check_roster(scenario: &Scenario, roster: &Roster) -> BookingResult<()> {
    if roster.fits(scenario) {
        Ok(())
    } else {
        Err(BookingError::Invalid(
            "the roster does not belong to this scenario (other staff or days)".into(),
        ))
    }
}

/// The booking problem of one roster: running sessions, what each request may use, and the
/// pieces of the cost.
pub struct Problem<'a> {
    pub(super) scenario: &'a Scenario,
    pub(super) clinic: &'a Clinic,
    pub(super) weights: BookingWeights,
    pub(super) runs: Vec<SessionRun>,
    /// Per run and clinic stage: is somebody with the stage's role on duty?
    pub(super) staffed: Vec<Vec<bool>>,
    /// Per request: the runs it may use (clinic, window, staffed stages), in run order.
    pub(super) candidates: Vec<Vec<usize>>,
    /// Per request: the other requests of the same patient.
    pub(super) siblings: Vec<Vec<usize>>,
    pub(super) cache: TemplateCache,
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
    pub(super) fn minutes(&self, r: usize) -> f64 {
        self.clinic.visit_types[self.clinic.requests[r].visit_type].consult_minutes()
    }

    pub(super) fn no_show(&self, r: usize) -> f64 {
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
    pub(super) fn request_parts(&self, r: usize, run: Option<usize>) -> (u32, f64, f64, f64) {
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
    pub(super) fn session_parts(
        &mut self,
        k: usize,
        members: &[usize],
    ) -> BookingResult<(f64, f64)> {
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

    pub(super) fn request_soft(&self, r: usize, run: Option<usize>) -> (u32, f64) {
        let (u, a, b, c) = self.request_parts(r, run);
        (u, a + b + c)
    }

    pub(super) fn session_soft(&mut self, k: usize, members: &[usize]) -> BookingResult<f64> {
        let (a, b) = self.session_parts(k, members)?;
        Ok(a + b)
    }

    /// The cost of `assignment` (one entry per request). This is the single definition of a
    /// plan's cost; [`book`](super::book) reports it and its search moves by differences of its parts.
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

pub(super) fn in_window(clinic: &Clinic, q: &AppointmentRequest, r: &SessionRun) -> bool {
    clinic.sessions[r.spec].clinic == q.clinic && q.earliest <= r.day && r.day <= q.latest
}

/// Checks the references of clinic data built in code (the file reader checks them too).
pub(super) fn check_clinic(scenario: &Scenario, clinic: &Clinic) -> BookingResult<()> {
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
