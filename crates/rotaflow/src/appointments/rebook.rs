//! Re-booking a clinic's patients after the roster changed (a doctor off sick, called to an
//! emergency list): the appointments in sessions that no longer run move with the fewest
//! moves, and everyone else keeps their time.
//!
//! [`rebook`] keeps every appointment whose session still runs (its doctor rostered on a
//! shift covering the session that day) and moves the others, most urgent first, each into the best
//! session with room inside the patient's window (their request's `earliest..latest`, or the
//! week after the old date when the book has no request for them): the same doctor's next
//! session, else one of the same doctor's earlier sessions, else the nearest session of
//! another doctor of the same clinic. A session has room while the mean consultation times of
//! its patients fit its length and `max_patients` is not reached; the moved patient takes the
//! first free slot at which the doctor is expected to be free (the slot's time at or after the
//! session's start plus the mean consultations of the patients booked before it), or the last
//! free slot. A patient who fits nowhere is listed to be called.
//!
//! ```
//! # use rotaflow::appointments::rebook::*;
//! # use rotaflow::StaffId;
//! let moved = Move {
//!     before: BookEntry { patient: "P1".into(), day: 14, minute: 510, doctor: StaffId(0),
//!         room: "R1".into(), clinic: "CARD".into(), visit_type: 0, urgency: 9 },
//!     after: None,
//!     how: MoveKind::NotRebooked,
//! };
//! assert!(moved.after.is_none());
//! ```

use super::clinic::{AppointmentRequest, Clinic, SessionSpec};
use crate::model::{format_clock, Scenario, StaffId};
use crate::roster::Roster;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt::Write as _;

/// Days after the old date a patient without a request may be moved to.
pub const DEFAULT_WINDOW_DAYS: u32 = 7;

/// One booked appointment, as `appointments.csv` holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookEntry {
    /// Patient code.
    pub patient: String,
    /// Day (index into the horizon).
    pub day: u32,
    /// Appointment time with the doctor, minutes after midnight.
    pub minute: u32,
    /// The doctor.
    pub doctor: StaffId,
    /// Consulting room.
    pub room: String,
    /// The clinic (`CARD`).
    pub clinic: String,
    /// Index into [`Clinic::visit_types`].
    pub visit_type: usize,
    /// Urgency from 1 to 9 (`urgent` is 9).
    pub urgency: u8,
}

/// The appointments of a booking plan, in the plan's order (by day, session and time).
pub fn book_of_plan(clinic: &Clinic, plan: &super::booking::BookingPlan) -> Vec<BookEntry> {
    plan.appointments
        .iter()
        .map(|a| {
            let q = &clinic.requests[a.request];
            let run = plan.runs[a.run];
            let s = &clinic.sessions[run.spec];
            BookEntry {
                patient: q.patient.clone(),
                day: run.day,
                minute: a.minute,
                doctor: s.doctor,
                room: s.room.clone(),
                clinic: q.clinic.clone(),
                visit_type: q.visit_type,
                urgency: q.urgency,
            }
        })
        .collect()
}

/// A clinic session a doctor runs on one day, with its patients.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionDay {
    /// The doctor.
    pub staff: StaffId,
    /// Day index.
    pub day: u32,
    /// Start, minutes after midnight.
    pub start: u32,
    /// End, minutes after midnight.
    pub end: u32,
    /// The clinic (`CARD`).
    pub clinic: String,
    /// Consulting room.
    pub room: String,
    /// Patients booked.
    pub patients: u32,
}

/// The sessions that run under `roster`, each with the patients `book` has in it, by day and
/// start (for the doctors' calendars).
pub fn sessions_with_patients(
    scenario: &Scenario,
    clinic: &Clinic,
    roster: &Roster,
    book: &[BookEntry],
) -> Vec<SessionDay> {
    super::booking::running_sessions(scenario, roster, clinic)
        .into_iter()
        .map(|r| {
            let s = &clinic.sessions[r.spec];
            let patients = book
                .iter()
                .filter(|e| e.day == r.day && session_of(scenario, clinic, e) == Some(r.spec))
                .count() as u32;
            SessionDay {
                staff: s.doctor,
                day: r.day,
                start: s.start,
                end: s.end(),
                clinic: s.clinic.clone(),
                room: s.room.clone(),
                patients,
            }
        })
        .collect()
}

/// How a patient was moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveKind {
    /// Into another session of the same doctor.
    SameDoctor,
    /// Into a session of another doctor of the same clinic.
    OtherDoctor,
    /// Nowhere with room inside the window: the patient must be called.
    NotRebooked,
}

/// A patient whose session no longer runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Move {
    /// The appointment as it was.
    pub before: BookEntry,
    /// The new appointment, if one was found.
    pub after: Option<BookEntry>,
    /// How.
    pub how: MoveKind,
}

/// The outcome of [`rebook`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rebooking {
    /// The book after the moves (patients not re-booked left out), by day, time and doctor.
    pub book: Vec<BookEntry>,
    /// Each moved patient, most urgent first.
    pub moves: Vec<Move>,
    /// Per moved patient (same order), the window searched: first and last day.
    pub windows: Vec<(u32, u32)>,
}

/// The weekly session `e` was booked into: its doctor's session of its clinic on that weekday
/// whose hours hold the appointment time.
pub fn session_of(scenario: &Scenario, clinic: &Clinic, e: &BookEntry) -> Option<usize> {
    let weekday = scenario.horizon().weekday(e.day as usize);
    clinic.sessions.iter().position(|s| {
        s.doctor == e.doctor
            && s.clinic == e.clinic
            && s.weekday == weekday
            && s.start <= e.minute
            && e.minute < s.end()
    })
}

/// Per doctor and day on or after `first_day`, the patients booked with them: a change to that
/// doctor's day in a re-plan may cancel their session.
pub fn booked_per_doctor_day(book: &[BookEntry], first_day: u32) -> Vec<(StaffId, u32, u32)> {
    let mut counts: std::collections::BTreeMap<(StaffId, u32), u32> = Default::default();
    for e in book.iter().filter(|e| e.day >= first_day) {
        *counts.entry((e.doctor, e.day)).or_default() += 1;
    }
    counts.into_iter().map(|((s, d), n)| (s, d, n)).collect()
}

/// A running session's bookings while re-booking.
struct Load {
    spec: usize,
    day: u32,
    /// Per slot, the mean consultation minutes of the patient in it.
    slots: Vec<Option<f64>>,
}

impl Load {
    fn minutes(&self) -> f64 {
        self.slots.iter().flatten().sum()
    }
    fn count(&self) -> usize {
        self.slots.iter().flatten().count()
    }
    /// The slot a patient of `mean` minutes would take, if the session has room.
    fn slot_for(&self, spec: &SessionSpec, mean: f64) -> Option<usize> {
        let full_count = spec
            .max_patients
            .is_some_and(|m| self.count() >= m as usize);
        if full_count || self.minutes() + mean > f64::from(spec.minutes()) + 1e-9 {
            return None;
        }
        let mut before = 0.0;
        let mut last_free = None;
        for (k, s) in self.slots.iter().enumerate() {
            match s {
                Some(m) => before += m,
                None => {
                    if (k as f64) * f64::from(spec.slot_minutes) >= before - 1e-9 {
                        return Some(k);
                    }
                    last_free = Some(k);
                }
            }
        }
        last_free
    }
}

/// The request behind a booked appointment: the patient's request for that clinic and visit
/// type whose window holds the day (else any of theirs for the clinic).
fn request_of<'a>(clinic: &'a Clinic, e: &BookEntry) -> Option<&'a AppointmentRequest> {
    let mine = || {
        clinic
            .requests
            .iter()
            .filter(move |q| q.patient == e.patient && q.clinic == e.clinic)
    };
    mine()
        .find(|q| q.visit_type == e.visit_type && (q.earliest..=q.latest).contains(&e.day))
        .or_else(|| mine().next())
}

/// Moves the appointments on or after `first_day` whose sessions no longer run under `roster`
/// (see the module documentation). Appointments before `first_day` are never touched.
pub fn rebook(
    scenario: &Scenario,
    clinic: &Clinic,
    roster: &Roster,
    book: &[BookEntry],
    first_day: u32,
) -> Rebooking {
    let runs = super::booking::running_sessions(scenario, roster, clinic);
    let mut loads: Vec<Load> = runs
        .iter()
        .map(|r| Load {
            spec: r.spec,
            day: r.day,
            slots: vec![None; clinic.sessions[r.spec].slots],
        })
        .collect();
    let mean = |e: &BookEntry| {
        clinic
            .visit_types
            .get(e.visit_type)
            .map_or(0.0, |v| v.consult_minutes())
    };
    let mut kept = Vec::new();
    let mut to_move = Vec::new();
    for e in book {
        if e.day < first_day {
            kept.push(e.clone());
            continue;
        }
        let load = session_of(scenario, clinic, e)
            .and_then(|spec| loads.iter_mut().find(|l| l.spec == spec && l.day == e.day));
        match load {
            Some(l) => {
                let spec = &clinic.sessions[l.spec];
                let k = ((e.minute - spec.start) / spec.slot_minutes) as usize;
                if let Some(slot) = l.slots.get_mut(k) {
                    *slot = Some(slot.unwrap_or(0.0) + mean(e));
                }
                kept.push(e.clone());
            }
            None => to_move.push(e.clone()),
        }
    }
    // Patients with an appointment on a day (at most one a day each).
    let mut taken: HashSet<(String, u32)> =
        kept.iter().map(|e| (e.patient.clone(), e.day)).collect();
    to_move.sort_by(|a, b| {
        (b.urgency, a.day, a.minute, &a.patient).cmp(&(a.urgency, b.day, b.minute, &b.patient))
    });
    let last_day = scenario.days().saturating_sub(1) as u32;
    let mut moves = Vec::new();
    let mut windows = Vec::new();
    for e in to_move {
        let (lo, hi) = match request_of(clinic, &e) {
            Some(q) if q.latest >= first_day => (q.earliest.max(first_day), q.latest),
            _ => (
                first_day,
                (e.day.max(first_day) + DEFAULT_WINDOW_DAYS).min(last_day),
            ),
        };
        windows.push((lo, hi));
        let m = mean(&e);
        let best = loads
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                let s = &clinic.sessions[l.spec];
                s.clinic == e.clinic
                    && (lo..=hi).contains(&l.day)
                    && !taken.contains(&(e.patient.clone(), l.day))
            })
            .filter_map(|(i, l)| l.slot_for(&clinic.sessions[l.spec], m).map(|k| (i, k)))
            .min_by_key(|&(i, _)| {
                let l = &loads[i];
                let s = &clinic.sessions[l.spec];
                (
                    s.doctor != e.doctor,
                    l.day < e.day,
                    l.day.abs_diff(e.day),
                    l.day,
                    s.start,
                    l.spec,
                )
            });
        match best {
            Some((i, k)) => {
                let l = &mut loads[i];
                let s = &clinic.sessions[l.spec];
                l.slots[k] = Some(l.slots[k].unwrap_or(0.0) + m);
                let after = BookEntry {
                    day: l.day,
                    minute: s.start + k as u32 * s.slot_minutes,
                    doctor: s.doctor,
                    room: s.room.clone(),
                    ..e.clone()
                };
                taken.insert((e.patient.clone(), l.day));
                kept.push(after.clone());
                let how = if s.doctor == e.doctor {
                    MoveKind::SameDoctor
                } else {
                    MoveKind::OtherDoctor
                };
                moves.push(Move {
                    before: e,
                    after: Some(after),
                    how,
                });
            }
            None => moves.push(Move {
                before: e,
                after: None,
                how: MoveKind::NotRebooked,
            }),
        }
    }
    kept.sort_by(|a, b| {
        (a.day, a.minute, a.doctor, &a.patient).cmp(&(b.day, b.minute, b.doctor, &b.patient))
    });
    Rebooking {
        book: kept,
        moves,
        windows,
    }
}

/// One moved patient in words and codes, as `rebook.csv` and `report.json` show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RebookRow {
    /// Patient code.
    pub patient: String,
    /// Clinic.
    pub clinic: String,
    /// Visit type code.
    pub visit_type: String,
    /// Priority word (`urgent`, `routine`, `checkup` or 1 to 9).
    pub priority: String,
    /// The old appointment's date.
    pub old_date: chrono::NaiveDate,
    /// The old appointment's time, `HH:MM`.
    pub old_time: String,
    /// The old appointment's doctor (staff id).
    pub old_doctor: String,
    /// The new date; `None` when the patient could not be re-booked.
    pub new_date: Option<chrono::NaiveDate>,
    /// The new time.
    pub new_time: Option<String>,
    /// The new doctor.
    pub new_doctor: Option<String>,
    /// The new room.
    pub new_room: Option<String>,
}

/// What `report.json` says of a re-booking: counts and each moved patient.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RebookSummary {
    /// Patients moved to another session.
    pub moved: usize,
    /// Patients moved to another session of the same doctor.
    pub same_doctor: usize,
    /// Patients who could not be re-booked.
    pub not_rebooked: usize,
    /// Each moved patient, most urgent first.
    pub patients: Vec<RebookRow>,
}

impl Rebooking {
    /// Each moved patient as a row of `rebook.csv`, most urgent first.
    pub fn rows(&self, scenario: &Scenario, clinic: &Clinic) -> Vec<RebookRow> {
        let h = scenario.horizon();
        let code = |s: StaffId| scenario.staff_member(s).code.clone();
        self.moves
            .iter()
            .map(|m| {
                let b = &m.before;
                let a = m.after.as_ref();
                RebookRow {
                    patient: b.patient.clone(),
                    clinic: b.clinic.clone(),
                    visit_type: clinic
                        .visit_types
                        .get(b.visit_type)
                        .map_or(String::new(), |v| v.code.clone()),
                    priority: super::clinic::priority_word(b.urgency),
                    old_date: h.date(b.day as usize),
                    old_time: format_clock(b.minute),
                    old_doctor: code(b.doctor),
                    new_date: a.map(|a| h.date(a.day as usize)),
                    new_time: a.map(|a| format_clock(a.minute)),
                    new_doctor: a.map(|a| code(a.doctor)),
                    new_room: a.map(|a| a.room.clone()),
                }
            })
            .collect()
    }

    /// The counts and rows for `report.json`.
    pub fn summary(&self, scenario: &Scenario, clinic: &Clinic) -> RebookSummary {
        RebookSummary {
            moved: self.moved(),
            same_doctor: self
                .moves
                .iter()
                .filter(|m| m.how == MoveKind::SameDoctor)
                .count(),
            not_rebooked: self.not_rebooked(),
            patients: self.rows(scenario, clinic),
        }
    }

    /// Patients moved to another session (of any doctor).
    pub fn moved(&self) -> usize {
        self.moves.iter().filter(|m| m.after.is_some()).count()
    }

    /// Patients who could not be re-booked.
    pub fn not_rebooked(&self) -> usize {
        self.moves.len() - self.moved()
    }

    /// A Markdown section for the re-plan's report: each patient to notify, old and new time.
    pub fn markdown(&self, scenario: &Scenario, clinic: &Clinic) -> String {
        let mut o = String::new();
        let _ = writeln!(o, "## Patients to re-book\n");
        if self.moves.is_empty() {
            let _ = writeln!(
                o,
                "Every booked session still runs: no patient needs a new appointment.\n"
            );
            return o;
        }
        let _ = writeln!(
            o,
            "{} patient(s) were booked into sessions that no longer run: {} moved ({} to the \
             same doctor), {} to call. `rebook.csv` lists them.\n",
            self.moves.len(),
            self.moved(),
            self.moves
                .iter()
                .filter(|m| m.how == MoveKind::SameDoctor)
                .count(),
            self.not_rebooked()
        );
        let h = scenario.horizon();
        let who = |s: StaffId| scenario.staff_member(s).name.clone();
        let at = |e: &BookEntry| {
            format!(
                "{} {} {}",
                h.date(e.day as usize),
                format_clock(e.minute),
                who(e.doctor)
            )
        };
        o.push_str(&crate::text::table_head(
            &["patient", "clinic", "visit", "priority", "was", "now"],
            |i| i == 3,
        ));
        for (m, &(lo, hi)) in self.moves.iter().zip(&self.windows) {
            let b = &m.before;
            let now = match &m.after {
                Some(a) => at(a),
                None => format!(
                    "**not re-booked**: no {} session with room from {} to {}; call the patient",
                    b.clinic,
                    h.date(lo as usize),
                    h.date(hi as usize)
                ),
            };
            let visit = clinic
                .visit_types
                .get(b.visit_type)
                .map_or("", |v| v.code.as_str());
            let _ = writeln!(
                o,
                "| {} | {} | {visit} | {} | {} | {now} |",
                crate::text::cell(&b.patient),
                crate::text::cell(&b.clinic),
                super::clinic::priority_word(b.urgency),
                at(b)
            );
        }
        o.push('\n');
        o
    }
}

#[cfg(test)]
mod tests;
