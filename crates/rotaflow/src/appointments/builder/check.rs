//! The checks of [`ClinicBuilder::build`](super::ClinicBuilder::build): those
//! `formats::read_clinic` makes on the clinic files, each problem named by code.

use super::{ClinicProblem, RequestDraft, SessionDraft, StageDraft, StepDraft, VisitDraft};
use crate::appointments::clinic::{
    no_shift_covers_the_day, outside_shift, overlapping_session, AppointmentRequest, ClinicStage,
    SessionSpec, VisitStep, VisitType, MAX_URGENCY,
};
use crate::appointments::ServiceDistribution;
use crate::model::{format_clock, parse_clock, weekday_name, RoleId, Scenario, ShiftId, StaffId};
use chrono::NaiveDate;
use std::collections::HashSet;

/// The checks of [`ClinicBuilder::build`], collecting problems.
pub(super) struct Check<'s> {
    scenario: &'s Scenario,
    pub(super) problems: Vec<ClinicProblem>,
}

/// `code` is a usable code: not empty, no space, control character or comma.
fn code_problem(code: &str) -> Option<String> {
    if code.is_empty() {
        Some("the code is empty".into())
    } else if code.chars().any(|c| c.is_whitespace() || c.is_control()) || code.contains(',') {
        Some(format!(
            "code `{}` contains a space or a control character; use letters, digits, - or _",
            code.escape_debug()
        ))
    } else {
        None
    }
}

/// The known codes, for messages.
fn known<'a>(codes: impl Iterator<Item = &'a str>) -> String {
    let list: Vec<&str> = codes.collect();
    if list.is_empty() {
        "none".into()
    } else {
        list.join(", ")
    }
}

impl<'s> Check<'s> {
    pub(super) fn new(scenario: &'s Scenario) -> Self {
        Check {
            scenario,
            problems: vec![],
        }
    }

    fn push(&mut self, subject: &str, field: &'static str, message: impl Into<String>) {
        self.problems.push(ClinicProblem {
            subject: subject.to_string(),
            field,
            message: message.into(),
        });
    }

    /// Index of the entry with code `code` among `codes`, else a problem naming the known
    /// ones.
    fn find<'a>(
        &mut self,
        subject: &str,
        field: &'static str,
        what: &str,
        code: &str,
        codes: impl Iterator<Item = &'a str> + Clone,
    ) -> Option<usize> {
        let found = codes.clone().position(|c| c == code);
        if found.is_none() {
            let message = format!("unknown {what} `{code}` (known: {})", known(codes));
            self.push(subject, field, message);
        }
        found
    }

    fn staff(&mut self, subject: &str, field: &'static str, code: &str) -> Option<StaffId> {
        let codes = self.scenario.staff().iter().map(|s| s.code.as_str());
        self.find(subject, field, "staff member", code, codes)
            .map(StaffId::new)
    }

    /// A new code among `seen`; a problem when it is unusable or taken.
    fn new_code(&mut self, subject: &str, code: &str, seen: &mut HashSet<String>) -> bool {
        if let Some(m) = code_problem(code) {
            self.push(subject, "code", m);
            false
        } else if !seen.insert(code.to_string()) {
            let m = format!("code `{code}` is already used; codes must be unique");
            self.push(subject, "code", m);
            false
        } else {
            true
        }
    }

    pub(super) fn stages(&mut self, drafts: &[StageDraft]) -> Vec<ClinicStage> {
        let mut out: Vec<ClinicStage> = Vec::new();
        let mut seen = HashSet::new();
        for d in drafts {
            let subject = format!("stage {}", d.code);
            let mut ok = self.new_code(&subject, &d.code, &mut seen);
            if d.code == "doctor" {
                self.push(
                    &subject,
                    "code",
                    "`doctor` is the consultation itself; give the other stages other codes",
                );
                ok = false;
            }
            let roles = self.scenario.roles().iter().map(|r| r.code.as_str());
            let role = self.find(&subject, "role", "role", &d.role, roles);
            let (true, Some(role)) = (ok, role.map(RoleId::new)) else {
                continue;
            };
            if let Some(other) = out.iter().find(|s| s.role == role) {
                let m = format!(
                    "role {} already serves stage {}; each stage needs a role of its own (the simulation keeps one pool of staff per stage)",
                    d.role, other.code
                );
                self.push(&subject, "role", m);
                continue;
            }
            out.push(ClinicStage {
                code: d.code.clone(),
                name: d.name.clone(),
                role,
            });
        }
        out
    }

    fn service(&mut self, subject: &str, field: &'static str, s: &ServiceDistribution) -> bool {
        match s.validate() {
            Ok(()) => true,
            Err(e) => {
                self.push(subject, field, e.to_string());
                false
            }
        }
    }

    pub(super) fn visit_types(
        &mut self,
        drafts: &[VisitDraft],
        stages: &[ClinicStage],
    ) -> Vec<VisitType> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for d in drafts {
            let subject = format!("visit type {}", d.code);
            let mut ok = self.new_code(&subject, &d.code, &mut seen);
            ok &= self.service(&subject, "service", &d.service);
            if !(0.0..1.0).contains(&d.no_show) {
                let m = format!(
                    "{} is not a no-show probability: give a number from 0 up to (not including) 1, such as 0.1",
                    d.no_show
                );
                self.push(&subject, "no_show", m);
                ok = false;
            }
            let steps = self.route(&subject, &d.steps, stages);
            if let (true, Some(steps)) = (ok, steps) {
                out.push(VisitType {
                    code: d.code.clone(),
                    name: d.name.clone(),
                    service: d.service.clone(),
                    no_show: d.no_show,
                    steps,
                    punctuality: d.punctuality,
                });
            }
        }
        out
    }

    fn route(
        &mut self,
        subject: &str,
        drafts: &[StepDraft],
        stages: &[ClinicStage],
    ) -> Option<Vec<VisitStep>> {
        if drafts.is_empty() {
            return Some(vec![VisitStep::Doctor]);
        }
        let mut steps = Vec::new();
        let mut ok = true;
        for d in drafts {
            match d {
                StepDraft::Doctor => {
                    if steps.contains(&VisitStep::Doctor) {
                        self.push(subject, "route", "the doctor is listed twice; list it once");
                        ok = false;
                    }
                    steps.push(VisitStep::Doctor);
                }
                StepDraft::Stage(code, service) => {
                    let codes = stages.iter().map(|s| s.code.as_str());
                    let Some(stage) = self.find(subject, "route", "stage", code, codes) else {
                        ok = false;
                        continue;
                    };
                    if steps
                        .iter()
                        .any(|s| matches!(s, VisitStep::Stage { stage: x, .. } if *x == stage))
                    {
                        let m = format!(
                            "stage `{code}` is listed twice; a visit passes each stage once"
                        );
                        self.push(subject, "route", m);
                        ok = false;
                        continue;
                    }
                    if self.service(subject, "route", service) {
                        steps.push(VisitStep::Stage {
                            stage,
                            service: service.clone(),
                        });
                    } else {
                        ok = false;
                    }
                }
            }
        }
        if ok && !steps.contains(&VisitStep::Doctor) {
            self.push(
                subject,
                "route",
                "the route has no doctor step; add the consultation where it happens",
            );
            ok = false;
        }
        ok.then_some(steps)
    }

    fn clock(&mut self, subject: &str, field: &'static str, text: &str) -> Option<u32> {
        match parse_clock(text) {
            Ok(m) => Some(m),
            Err(m) => {
                self.push(subject, field, m);
                None
            }
        }
    }

    pub(super) fn sessions(&mut self, drafts: &[SessionDraft]) -> Vec<SessionSpec> {
        let mut out: Vec<SessionSpec> = Vec::new();
        let mut numbers: Vec<usize> = Vec::new();
        for (i, d) in drafts.iter().enumerate() {
            let subject = format!(
                "session {} ({}, {}, {} {})",
                i + 1,
                d.clinic,
                d.doctor,
                weekday_name(d.weekday),
                d.start
            );
            let mut ok = true;
            if d.clinic.is_empty() || d.clinic.contains(char::is_whitespace) {
                self.push(
                    &subject,
                    "clinic",
                    "the clinic code is empty or has a space; use letters, digits, - or _",
                );
                ok = false;
            }
            let doctor = self.staff(&subject, "doctor", &d.doctor);
            let shifts = self.scenario.shifts().iter().map(|s| s.code.as_str());
            let shift = self
                .find(&subject, "shift", "shift", &d.shift, shifts)
                .map(ShiftId::new);
            let start = self.clock(&subject, "start", &d.start);
            let end = self.clock(&subject, "end", &d.end);
            if d.slot_minutes.is_none() {
                self.push(
                    &subject,
                    "slot_minutes",
                    "no slot length; give one with `slot_minutes`",
                );
            }
            let room = d.room.as_deref().unwrap_or("");
            if room.is_empty() {
                self.push(
                    &subject,
                    "room",
                    "no room; name the consulting room with `room`",
                );
            }
            if d.max_patients == Some(0) {
                self.push(
                    &subject,
                    "max_patients",
                    "0 patients would make the session useless; give 1 or more, or leave it unset",
                );
                ok = false;
            }
            let (true, Some(doctor), Some(shift), Some(start), Some(end), Some(slot), false) = (
                ok,
                doctor,
                shift,
                start,
                end,
                d.slot_minutes,
                room.is_empty(),
            ) else {
                continue;
            };
            if end <= start {
                let m = format!(
                    "the session ends ({}) before it starts ({}); sessions do not cross midnight",
                    format_clock(end),
                    format_clock(start)
                );
                self.push(&subject, "end", m);
                continue;
            }
            if slot == 0 || (end - start) % slot != 0 {
                let m = format!(
                    "{slot} does not divide the session's {} minutes; choose a slot length that does, such as 10 or 15",
                    end - start
                );
                self.push(&subject, "slot_minutes", m);
                continue;
            }
            if let Some(m) = outside_shift(start, end, self.scenario.shift(shift)) {
                self.push(&subject, "shift", m);
                continue;
            }
            let spec = SessionSpec {
                clinic: d.clinic.clone(),
                doctor,
                weekday: d.weekday,
                shift,
                start,
                slots: ((end - start) / slot) as usize,
                slot_minutes: slot,
                room: room.to_string(),
                max_patients: d.max_patients,
                staggered: d.staggered,
            };
            let session = |i: usize| format!("(session {})", numbers[i]);
            if let Some((field, m)) = overlapping_session(&out, session, &spec) {
                self.push(&subject, field, m);
                continue;
            }
            if let Some(m) = no_shift_covers_the_day(self.scenario, &out, session, &spec, "") {
                self.push(&subject, "doctor", m);
                continue;
            }
            numbers.push(i + 1);
            out.push(spec);
        }
        out
    }

    fn day(&mut self, subject: &str, field: &'static str, date: NaiveDate) -> Option<u32> {
        let h = self.scenario.horizon();
        let day = h.day_of(date).map(|d| d as u32);
        if day.is_none() {
            let m = format!(
                "{date} is outside the planning horizon {}..{}",
                h.start,
                h.end()
            );
            self.push(subject, field, m);
        }
        day
    }

    pub(super) fn requests(
        &mut self,
        drafts: &[RequestDraft],
        sessions: &[SessionSpec],
        visit_types: &[VisitType],
    ) -> Vec<AppointmentRequest> {
        let mut out = Vec::new();
        let mut clinics: Vec<&str> = sessions.iter().map(|s| s.clinic.as_str()).collect();
        clinics.sort_unstable();
        clinics.dedup();
        for (i, d) in drafts.iter().enumerate() {
            let subject = format!("request {} (patient {})", i + 1, d.patient);
            let mut ok = true;
            if d.patient.is_empty() {
                self.push(
                    &subject,
                    "patient",
                    "the patient is empty; give the patient's code",
                );
                ok = false;
            }
            if clinics.binary_search(&d.clinic.as_str()).is_err() {
                ok = false;
                // Without any session, the sessions' own problems say enough.
                if sessions.is_empty() {
                    continue;
                }
                let m = format!(
                    "unknown clinic `{}`: no session belongs to it (clinics: {})",
                    d.clinic,
                    known(clinics.iter().copied())
                );
                self.push(&subject, "clinic", m);
            }
            let codes = visit_types.iter().map(|v| v.code.as_str());
            let visit = self.find(&subject, "visit_type", "visit type", &d.visit_type, codes);
            let earliest = self.day(&subject, "earliest", d.earliest);
            let latest = self.day(&subject, "latest", d.latest);
            if !(1..=MAX_URGENCY).contains(&d.urgency) {
                let m = format!(
                    "{} is not an urgency: give a whole number from 1 (can wait) to 9 (most urgent; 7 and above is urgent)",
                    d.urgency
                );
                self.push(&subject, "urgency", m);
                ok = false;
            }
            let doctor = match &d.doctor {
                None => Some(None),
                Some(code) => self.staff(&subject, "doctor", code).map(Some),
            };
            let (true, Some(visit), Some(earliest), Some(latest), Some(doctor)) =
                (ok, visit, earliest, latest, doctor)
            else {
                continue;
            };
            if latest < earliest {
                let m = format!(
                    "the latest date {} is before the earliest {}; swap them",
                    d.latest, d.earliest
                );
                self.push(&subject, "latest", m);
                continue;
            }
            if let Some(doc) = doctor {
                if !sessions
                    .iter()
                    .any(|s| s.doctor == doc && s.clinic == d.clinic)
                {
                    let m = format!(
                        "{} has no session in clinic {}; leave the doctor unset or add the session",
                        d.doctor.as_deref().unwrap_or_default(),
                        d.clinic
                    );
                    self.push(&subject, "doctor", m);
                    continue;
                }
            }
            out.push(AppointmentRequest {
                patient: d.patient.clone(),
                clinic: d.clinic.clone(),
                visit_type: visit,
                earliest,
                latest,
                urgency: d.urgency,
                doctor,
            });
        }
        out
    }
}
