//! The appointment book a clinic already has, simulated with the staff of a roster and
//! compared with the optimised book of the same patients (`rotaflow appointments simulate`).
//!
//! ## The existing book
//! Each entry of the book ([`BookEntry`]) is a patient with a doctor at a time on a date. It
//! belongs to the session of that doctor on that weekday whose hours hold the time
//! ([`doctor_session`], or [`session_of`] when the clinic is given). The session must run
//! under the roster: its doctor rostered that day on a shift covering the session
//! ([`off_duty`] says why not). That is an error, not a warning: the simulation uses the staff
//! the roster puts on duty, and a session without its doctor would either have to drop its
//! patients (hiding the bunching to be measured) or invent a doctor the roster does not have.
//! Any number of patients may share a time with the same doctor: that is the bunching.
//!
//! The book becomes a [`BookingPlan`] of a clinic whose appointment requests are the book's
//! entries, one each, in book order ([`plan_of_book`]): its runs are the sessions the book
//! uses, its appointments the booked times. [`day_flow`](super::booking::day_flow) then models
//! and simulates each clinic day exactly as it does for a booking plan (the patient numbering
//! by request order gives both books the same random numbers per patient).
//!
//! ## The optimised book
//! The same patients on the same dates with the same doctors (they have been told their date),
//! in the same sessions, re-timed by the booking's own timing rule (the session's optimal
//! template for its patients, most urgent first, see [`booking`](super::booking))
//! ([`retime`]); the patients of staggered sessions (`arrivals` = `stagger`) get the start
//! times the stagger search chooses on the simulated day, as the booking gives them
//! ([`stagger_plan`], with the given
//! [`StaggerOptions`]). [`simulate_book`] simulates both books day by day with common random numbers
//! and gives the paired difference existing minus optimised of each day's figures
//! ([`compare_days`]).

use super::booking::day_flow::{
    compare_days, day_flows, simulate_days, totals, DayComparison, FlowOptions,
};
use super::booking::stagger_book::{has_staggered, stagger_plan};
use super::booking::{
    time_runs, Appointment, BookingCost, BookingError, BookingPlan, BookingResult, BookingWeights,
    SessionRun, TemplateCache,
};
use super::clinic::{AppointmentRequest, Clinic};
use super::entry::SimulatedFlow;
use super::rebook::{book_of_plan, session_of, BookEntry};
use super::stagger::StaggerOptions;
use crate::model::{format_clock, Scenario, StaffId};
use crate::roster::Roster;

/// The session (index into [`Clinic::sessions`]) of `doctor` on the weekday of `day` whose
/// hours hold `minute` (minutes after midnight), the first in `sessions.csv` order; `None`
/// when no session of theirs holds that time.
pub fn doctor_session(
    scenario: &Scenario,
    clinic: &Clinic,
    doctor: StaffId,
    day: u32,
    minute: u32,
) -> Option<usize> {
    if day as usize >= scenario.days() {
        return None;
    }
    let weekday = scenario.horizon().weekday(day as usize);
    clinic.sessions.iter().position(|s| {
        s.doctor == doctor && s.weekday == weekday && s.start <= minute && minute < s.end()
    })
}

/// Why session `spec` cannot run on `day` under `roster` (its doctor is off, or on a shift
/// that does not cover the session's hours), in plain words; `None` when it runs.
pub fn off_duty(
    scenario: &Scenario,
    roster: &Roster,
    clinic: &Clinic,
    spec: usize,
    day: u32,
) -> Option<String> {
    let s = clinic.sessions.get(spec)?;
    let code = &scenario.staff_member(s.doctor).code;
    let date = scenario.horizon().date(day as usize);
    let hours = format!(
        "{}-{} ({} session)",
        format_clock(s.start),
        format_clock(s.end()),
        s.clinic
    );
    if s.doctor.index() >= roster.staff_count() || day as usize >= roster.days() {
        return Some(format!("the roster does not cover {code} on {date}"));
    }
    match roster.get(s.doctor, day as usize) {
        None => Some(format!(
            "the roster has {code} off on {date}, so the session {hours} does not run"
        )),
        Some(sh) => {
            let shift = scenario.shift(sh);
            (!s.covered_by(shift)).then(|| {
                format!(
                    "the roster has {code} on shift {} ({}-{}) on {date}, which does not cover the session {hours}",
                    shift.code,
                    format_clock(shift.start),
                    format_clock(shift.end_offset())
                )
            })
        }
    }
}

/// The clinic whose appointment requests are the entries of `book` (one each, in book order,
/// each for its own date and doctor) and the booking plan that books them at their times:
/// its runs are the sessions the book uses (by day, start, session order), its appointments
/// the booked times (by run, time, book order), its templates `None` (the book has none), no
/// request unbooked, its cost zero.
///
/// Errors name the patient and date: an entry outside the plan, with an unknown visit type,
/// at a time no session of its doctor holds, or in a session whose doctor the roster does not
/// have on duty ([`off_duty`]); an empty book.
pub fn plan_of_book(
    scenario: &Scenario,
    roster: &Roster,
    clinic: &Clinic,
    book: &[BookEntry],
) -> BookingResult<(Clinic, BookingPlan)> {
    if book.is_empty() {
        return Err(BookingError::Invalid(
            "the appointment book has no appointments".into(),
        ));
    }
    let mut specs = Vec::with_capacity(book.len());
    for e in book {
        let what = || {
            let date = if (e.day as usize) < scenario.days() {
                scenario.horizon().date(e.day as usize).to_string()
            } else {
                format!("day {}", e.day)
            };
            format!(
                "patient {} on {date} at {}",
                e.patient,
                format_clock(e.minute)
            )
        };
        if e.visit_type >= clinic.visit_types.len() || e.doctor.index() >= scenario.staff().len() {
            return Err(BookingError::Invalid(format!(
                "{}: unknown visit type or doctor",
                what()
            )));
        }
        let in_plan = (e.day as usize) < scenario.days();
        let spec = in_plan
            .then(|| session_of(scenario, clinic, e))
            .flatten()
            .ok_or_else(|| {
                BookingError::Invalid(format!(
                    "{}: no session of {} in clinic {} holds that time",
                    what(),
                    scenario.staff_member(e.doctor).code,
                    e.clinic
                ))
            })?;
        if let Some(why) = off_duty(scenario, roster, clinic, spec, e.day) {
            return Err(BookingError::Invalid(format!("{}: {why}", what())));
        }
        specs.push(spec);
    }
    let mut runs: Vec<SessionRun> = specs
        .iter()
        .zip(book)
        .map(|(&spec, e)| SessionRun { spec, day: e.day })
        .collect();
    runs.sort_by_key(|r| (r.day, clinic.sessions[r.spec].start, r.spec));
    runs.dedup();
    let mut derived = clinic.clone();
    derived.requests = book
        .iter()
        .map(|e| AppointmentRequest {
            patient: e.patient.clone(),
            clinic: e.clinic.clone(),
            visit_type: e.visit_type,
            earliest: e.day,
            latest: e.day,
            urgency: e.urgency,
            doctor: Some(e.doctor),
        })
        .collect();
    let mut assignment = Vec::with_capacity(book.len());
    let mut appointments = Vec::with_capacity(book.len());
    for (r, (&spec, e)) in specs.iter().zip(book).enumerate() {
        let run = SessionRun { spec, day: e.day };
        let k = runs.binary_search_by_key(&(e.day, clinic.sessions[spec].start, spec), |x| {
            (x.day, clinic.sessions[x.spec].start, x.spec)
        });
        let Ok(k) = k else {
            return Err(BookingError::Invalid(format!("session {run:?} lost")));
        };
        let s = &clinic.sessions[spec];
        let slot = ((e.minute - s.start) / s.slot_minutes.max(1)) as usize;
        assignment.push(Some(k));
        appointments.push(Appointment {
            request: r,
            run: k,
            slot: slot.min(s.slots.saturating_sub(1)),
            minute: e.minute,
        });
    }
    appointments.sort_by_key(|a| (a.run, a.minute, a.request));
    let plan = BookingPlan {
        templates: vec![None; runs.len()],
        runs,
        assignment,
        appointments,
        unbooked: Vec::new(),
        cost: BookingCost::default(),
        weights: BookingWeights::default(),
    };
    Ok((derived, plan))
}

/// The optimised book of `plan` (a plan of `clinic`, e.g. from [`plan_of_book`]): the same
/// patients in the same runs, re-timed by the booking's timing rule (each run's optimal
/// template for its patients, most urgent first), with each run's template.
pub fn retime(clinic: &Clinic, plan: &BookingPlan) -> BookingResult<BookingPlan> {
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); plan.runs.len()];
    for a in &plan.appointments {
        let ok = a.request < clinic.requests.len()
            && plan
                .runs
                .get(a.run)
                .is_some_and(|r| r.spec < clinic.sessions.len());
        if !ok {
            return Err(BookingError::Invalid(
                "the plan and the clinic do not belong together".into(),
            ));
        }
        members[a.run].push(a.request);
    }
    let (appointments, templates) = time_runs(
        &mut TemplateCache::default(),
        clinic,
        &plan.runs,
        &mut members,
    )?;
    Ok(BookingPlan {
        appointments,
        templates,
        ..plan.clone()
    })
}

/// An existing appointment book and its optimised book, each simulated day by day, and their
/// paired comparison ([`simulate_book`]).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct BookFlow {
    /// The clinic with the book's entries as its appointment requests, in book order.
    pub clinic: Clinic,
    /// The existing book as a booking plan of [`BookFlow::clinic`] ([`plan_of_book`]).
    pub existing: BookingPlan,
    /// The optimised book: the same patients and sessions, re-timed ([`retime`]).
    pub optimised: BookingPlan,
    /// The simulated patient flow of the existing book.
    pub existing_flow: SimulatedFlow,
    /// The simulated patient flow of the optimised book.
    pub optimised_flow: SimulatedFlow,
    /// Per clinic day, both books with the same random numbers: `a` the existing book, `b`
    /// the optimised one, `difference` existing minus optimised with its 95% interval.
    pub comparison: Vec<DayComparison>,
}

impl BookFlow {
    /// The optimised book's entries, by day, session and time.
    pub fn optimised_book(&self) -> Vec<BookEntry> {
        book_of_plan(&self.clinic, &self.optimised)
    }

    /// Patients whose appointment time the optimised book changes.
    pub fn moved(&self) -> usize {
        let mut old = vec![None; self.clinic.requests.len()];
        for a in &self.existing.appointments {
            old[a.request] = Some(a.minute);
        }
        self.optimised
            .appointments
            .iter()
            .filter(|a| old.get(a.request).copied().flatten() != Some(a.minute))
            .count()
    }
}

/// Simulates `book` with the staff of `roster` and compares it with its optimised book (see
/// the module documentation; staggered sessions searched with `stagger`): each clinic day of
/// both books with `options`, and their paired differences with common random numbers.
pub fn simulate_book(
    scenario: &Scenario,
    roster: &Roster,
    clinic: &Clinic,
    book: &[BookEntry],
    options: &FlowOptions,
    stagger: &StaggerOptions,
) -> BookingResult<BookFlow> {
    if options.replications == 0 {
        return Err(BookingError::Invalid(
            "the simulation needs at least 1 replication".into(),
        ));
    }
    let (derived, existing) = plan_of_book(scenario, roster, clinic, book)?;
    let mut optimised = retime(&derived, &existing)?;
    if has_staggered(&derived, &optimised) {
        optimised = stagger_plan(scenario, roster, &derived, &optimised, options, stagger)?;
    }
    let flow = |plan: &BookingPlan| -> BookingResult<SimulatedFlow> {
        let flows = day_flows(scenario, roster, &derived, plan, options)?;
        let days = simulate_days(&flows, options)?;
        Ok(SimulatedFlow {
            totals: totals(&days),
            flows,
            days,
        })
    };
    let existing_flow = flow(&existing)?;
    let optimised_flow = flow(&optimised)?;
    let comparison = compare_days(&existing_flow.flows, &optimised_flow.flows, options)?;
    Ok(BookFlow {
        clinic: derived,
        existing,
        optimised,
        existing_flow,
        optimised_flow,
        comparison,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appointments::simulation::DaySummary;
    use crate::formats::{read_book_file, read_clinic_dir, read_roster_file, read_scenario_dir};

    const EXAMPLE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/examples/outpatient-clinic"
    );

    fn example() -> (Scenario, Clinic, Roster) {
        let scenario = read_scenario_dir(EXAMPLE).unwrap();
        let clinic = read_clinic_dir(EXAMPLE, &scenario).unwrap();
        let roster =
            read_roster_file(format!("{EXAMPLE}/solutions/roster.csv"), &scenario).unwrap();
        (scenario, clinic, roster)
    }

    fn options(replications: u32, seed: u64) -> FlowOptions {
        FlowOptions {
            replications,
            seed,
            ..FlowOptions::default()
        }
    }

    #[test]
    fn a_staggered_session_is_optimised_by_the_stagger_search() {
        // The check-up centre's first day, everyone asked to start at the session start.
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/examples/checkup-centre"
        );
        let scenario = read_scenario_dir(dir).unwrap();
        let clinic = read_clinic_dir(dir, &scenario).unwrap();
        let roster = read_roster_file(format!("{dir}/solutions/roster.csv"), &scenario).unwrap();
        let planner = crate::appointments::ClinicPlanner::new(&scenario, &clinic, &roster);
        let plan = crate::appointments::booking::book(
            &scenario,
            &roster,
            &clinic,
            &planner.booking_options(),
        )
        .unwrap();
        let bunched = crate::appointments::booking::stagger_book::bunched_plan(&clinic, &plan);
        let book: Vec<BookEntry> = book_of_plan(&clinic, &bunched)
            .into_iter()
            .filter(|e| e.day == 0)
            .collect();
        assert!(book.len() > 5);
        let search = StaggerOptions {
            max_evaluations: 40,
            ..StaggerOptions::default()
        };
        let flow =
            simulate_book(&scenario, &roster, &clinic, &book, &options(5, 1), &search).unwrap();
        let times: std::collections::BTreeSet<u32> = flow
            .optimised
            .appointments
            .iter()
            .map(|a| a.minute)
            .collect();
        assert!(times.len() > 3, "the stagger spreads the day: {times:?}");
        // Timed by the stagger search, not by the doctor's template.
        let by_template = retime(&flow.clinic, &flow.existing).unwrap();
        assert_ne!(flow.optimised.appointments, by_template.appointments);
        let d = &flow.comparison[0].difference;
        let gain = d.mean_wait_booked.unwrap();
        assert!(
            gain.mean - gain.half_width.unwrap_or(0.0) > 0.0,
            "the staggered book waits less than everyone at the start: {gain:?}"
        );
    }

    /// Every figure of a paired difference is exactly zero.
    fn all_zero(d: &DaySummary) -> bool {
        d.values()
            .into_iter()
            .flatten()
            .all(|e| e.mean == 0.0 && e.half_width.is_none_or(|h| h == 0.0))
    }

    #[test]
    fn the_optimised_book_compared_with_itself_differs_by_exactly_nothing() {
        let (scenario, clinic, roster) = example();
        let book =
            read_book_file(format!("{EXAMPLE}/existing_book.csv"), &scenario, &clinic).unwrap();
        let first = simulate_book(
            &scenario,
            &roster,
            &clinic,
            &book,
            &options(4, 3),
            &StaggerOptions::default(),
        )
        .unwrap();
        let optimised = first.optimised_book();
        assert_eq!(optimised.len(), book.len());
        let again = simulate_book(
            &scenario,
            &roster,
            &clinic,
            &optimised,
            &options(4, 3),
            &StaggerOptions::default(),
        )
        .unwrap();
        assert_eq!(
            again.moved(),
            0,
            "re-timing the optimised book changes nothing"
        );
        assert_eq!(again.existing.appointments.len(), book.len());
        assert!(!again.comparison.is_empty());
        for day in &again.comparison {
            assert_eq!(day.a, day.b);
            assert!(all_zero(&day.difference), "{:?}", day.difference);
            assert!(day.difference.mean_wait_booked.is_some());
        }
        assert_eq!(again.existing_flow, again.optimised_flow);
    }

    #[test]
    fn the_same_patients_keep_their_date_doctor_and_session() {
        let (scenario, clinic, roster) = example();
        let book =
            read_book_file(format!("{EXAMPLE}/existing_book.csv"), &scenario, &clinic).unwrap();
        let (derived, existing) = plan_of_book(&scenario, &roster, &clinic, &book).unwrap();
        let optimised = retime(&derived, &existing).unwrap();
        assert_eq!(existing.runs, optimised.runs);
        let mut a: Vec<(usize, usize)> = existing
            .appointments
            .iter()
            .map(|x| (x.request, x.run))
            .collect();
        let mut b: Vec<(usize, usize)> = optimised
            .appointments
            .iter()
            .map(|x| (x.request, x.run))
            .collect();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b);
        for x in &optimised.appointments {
            let s = &clinic.sessions[optimised.runs[x.run].spec];
            assert!(s.start <= x.minute && x.minute < s.end());
            assert_eq!(s.doctor, book[x.request].doctor);
            assert_eq!(optimised.runs[x.run].day, book[x.request].day);
        }
        assert!(optimised.templates.iter().all(Option::is_some));
    }

    #[test]
    fn a_session_booked_all_at_its_start_waits_longer_than_re_timed() {
        let (scenario, clinic, roster) = example();
        let book =
            read_book_file(format!("{EXAMPLE}/existing_book.csv"), &scenario, &clinic).unwrap();
        // Monday 1 March: DR01's morning patients are all asked for 08:30.
        let monday: Vec<BookEntry> = book.iter().filter(|e| e.day == 0).cloned().collect();
        let dr01 = scenario.staff_by_code("DR01").unwrap();
        let bunched: Vec<&BookEntry> = monday.iter().filter(|e| e.doctor == dr01).collect();
        assert!(bunched.len() >= 5 && bunched.iter().all(|e| e.minute == 8 * 60 + 30));
        let flow = simulate_book(
            &scenario,
            &roster,
            &clinic,
            &monday,
            &options(30, 1),
            &StaggerOptions::default(),
        )
        .unwrap();
        assert_eq!(flow.comparison.len(), 1);
        let d = &flow.comparison[0].difference;
        let wait = d.mean_wait_from_appointment_booked.unwrap();
        assert!(
            wait.mean - wait.half_width.unwrap() > 0.0,
            "the bunched book waits longer from the appointment time: {wait:?}"
        );
        let a = flow
            .existing_flow
            .totals
            .mean_wait_from_appointment
            .unwrap();
        let b = flow
            .optimised_flow
            .totals
            .mean_wait_from_appointment
            .unwrap();
        assert!(a > b + 5.0, "{a} against {b}");
    }

    #[test]
    fn the_same_seed_gives_the_same_figures_and_another_seed_others() {
        let (scenario, clinic, roster) = example();
        let book =
            read_book_file(format!("{EXAMPLE}/existing_book.csv"), &scenario, &clinic).unwrap();
        let week: Vec<BookEntry> = book.iter().filter(|e| e.day <= 1).cloned().collect();
        let run = |seed| {
            simulate_book(
                &scenario,
                &roster,
                &clinic,
                &week,
                &options(3, seed),
                &StaggerOptions::default(),
            )
        };
        let (a, b, c) = (run(5).unwrap(), run(5).unwrap(), run(6).unwrap());
        assert_eq!(a, b);
        assert_eq!(
            a.optimised, c.optimised,
            "the seed does not change the books"
        );
        assert_ne!(a.comparison, c.comparison);
    }

    #[test]
    fn a_book_the_roster_cannot_run_is_refused_with_the_patient_and_date() {
        let (scenario, clinic, roster) = example();
        let dr01 = scenario.staff_by_code("DR01").unwrap();
        // DR01 holds no session on Tuesday 2 March; Saturday 6 March nobody does.
        let entry = |day: u32, minute: u32| BookEntry {
            patient: "P9".into(),
            day,
            minute,
            doctor: dr01,
            room: "R1".into(),
            clinic: "CARD".into(),
            visit_type: 0,
            urgency: 5,
        };
        let err = |b: &[BookEntry]| {
            simulate_book(
                &scenario,
                &roster,
                &clinic,
                b,
                &FlowOptions::default(),
                &StaggerOptions::default(),
            )
            .unwrap_err()
            .to_string()
        };
        assert!(err(&[entry(1, 540)]).starts_with(
            "patient P9 on 2027-03-02 at 09:00: no session of DR01 in clinic CARD holds that time"
        ));
        assert!(err(&[]).contains("no appointments"));
        assert!(err(&[entry(400, 540)]).contains("day 400"));
        // Monday 1 March with DR01 taken off the roster: their morning session does not run.
        let mut without = roster.clone();
        without.set(dr01, 0, None);
        let why = off_duty(&scenario, &without, &clinic, 0, 0).unwrap();
        assert_eq!(
            why,
            "the roster has DR01 off on 2027-03-01, so the session 08:30-12:30 (CARD session) does not run"
        );
        assert_eq!(off_duty(&scenario, &roster, &clinic, 0, 0), None);
        let msg = simulate_book(
            &scenario,
            &without,
            &clinic,
            &[entry(0, 9 * 60)],
            &FlowOptions::default(),
            &StaggerOptions::default(),
        )
        .unwrap_err()
        .to_string();
        assert_eq!(msg, format!("patient P9 on 2027-03-01 at 09:00: {why}"));
        assert!(why.contains("DR01"), "{why}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 16, ..Default::default() })]

        /// Any book of the tiny clinic: the optimised book keeps every patient in their
        /// session on the slot grid, and simulated as the existing book it changes nothing,
        /// every paired difference exactly zero.
        #[test]
        fn re_timing_keeps_the_sessions_and_is_a_fixed_point(
            entries in proptest::collection::vec((proptest::bool::ANY, 0u32..12, 0usize..2, 1u8..=9), 1..12),
        ) {
            use crate::appointments::booking::tests::source;
            use crate::formats::{read_clinic, read_roster, read_scenario};
            let src = source("");
            let scenario = read_scenario(&src).unwrap();
            let clinic = read_clinic(&src, &scenario).unwrap();
            let roster = read_roster(
                "date,staff,shift\n2027-03-01,D1,AM\n2027-03-03,D2,AM\n2027-03-01,C1,AM\n2027-03-03,C1,AM\n2027-03-01,N1,AM\n2027-03-03,N1,AM\n"
                    .as_bytes(),
                "roster.csv",
                &scenario,
            )
            .unwrap();
            let book: Vec<BookEntry> = entries
                .iter()
                .enumerate()
                .map(|(i, &(wed, slot, visit_type, urgency))| BookEntry {
                    patient: format!("P{i}"),
                    day: if wed { 2 } else { 0 },
                    minute: 9 * 60 + 10 * slot,
                    doctor: StaffId(u32::from(wed)),
                    room: "R1".into(),
                    clinic: "A".into(),
                    visit_type,
                    urgency,
                })
                .collect();
            let options = options(2, 9);
            let flow = simulate_book(&scenario, &roster, &clinic, &book, &options, &StaggerOptions::default()).unwrap();
            let optimised = flow.optimised_book();
            proptest::prop_assert_eq!(optimised.len(), book.len());
            for e in &optimised {
                let old = book.iter().find(|b| b.patient == e.patient).unwrap();
                proptest::prop_assert_eq!((e.day, e.doctor), (old.day, old.doctor));
                proptest::prop_assert!((540..660).contains(&e.minute) && (e.minute - 540) % 10 == 0);
            }
            let again = simulate_book(&scenario, &roster, &clinic, &optimised, &options, &StaggerOptions::default()).unwrap();
            proptest::prop_assert_eq!(again.moved(), 0);
            for day in &again.comparison {
                proptest::prop_assert!(all_zero(&day.difference));
            }
        }
    }
}
