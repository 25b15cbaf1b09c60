use super::*;
use crate::appointments::clinic::VisitStep;
use crate::formats::{read_clinic_dir, read_roster_file, read_scenario_dir};
use crate::model::{date, ScenarioBuilder};
use crate::model::{format_clock, RoleId, StaffId};
use ServiceDistribution::{Deterministic, Exponential};

fn outpatients() -> &'static str {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/examples/outpatient-clinic"
    )
}

/// Two doctors, a clerk and a nurse over a week of morning and afternoon shifts.
fn scenario() -> Scenario {
    let mut b = ScenarioBuilder::new("clinic", date(2027, 3, 1).unwrap(), 7);
    b.shift("AM", "Morning", "08:00", "13:00").unwrap();
    b.shift("PM", "Afternoon", "13:00", "18:00").unwrap();
    let dr = b.role("DR", "Doctor");
    let cl = b.role("CL", "Clerk");
    let any = b.contract("ANY").add();
    b.staff("D1", any).roles(&[dr]);
    b.staff("D2", any).roles(&[dr]);
    b.staff("C1", any).roles(&[cl]);
    b.build().unwrap()
}

/// The clinic of [`scenario`]: check-in, one visit type, two sessions, two requests.
fn small(b: &mut ClinicBuilder<'_>) {
    b.stage("checkin", "Check-in", "CL");
    b.visit_type("FU", "Follow-up", Exponential { mean: 15.0 }, 0.1)
        .stage("checkin", Deterministic { minutes: 2.0 })
        .doctor();
    b.session("A", "D1", Weekday::Mon, "AM", "08:30", "12:30")
        .slot_minutes(10)
        .room("R1");
    b.session("A", "D2", Weekday::Tue, "PM", "13:00", "17:00")
        .slot_minutes(15)
        .room("R1")
        .max_patients(12);
    b.request(
        "P1",
        "A",
        "FU",
        date(2027, 3, 1).unwrap(),
        date(2027, 3, 5).unwrap(),
        5,
    )
    .doctor("D1");
    b.request(
        "P2",
        "A",
        "FU",
        date(2027, 3, 2).unwrap(),
        date(2027, 3, 2).unwrap(),
        9,
    );
}

#[test]
fn references_by_code_and_derived_fields() {
    let s = scenario();
    let mut b = ClinicBuilder::new(&s);
    small(&mut b);
    let c = b.build().unwrap();
    assert_eq!(c.stages[0].role, RoleId(1));
    assert_eq!(
        c.visit_types[0].steps,
        vec![
            VisitStep::Stage {
                stage: 0,
                service: Deterministic { minutes: 2.0 }
            },
            VisitStep::Doctor
        ]
    );
    assert_eq!(
        (c.sessions[0].slots, c.sessions[0].end()),
        (24, 12 * 60 + 30)
    );
    assert_eq!(c.sessions[1].doctor, StaffId(1));
    assert_eq!(
        (c.sessions[1].slots, c.sessions[1].max_patients),
        (16, Some(12))
    );
    assert_eq!(c.requests[0].doctor, Some(StaffId(0)));
    assert_eq!((c.requests[1].earliest, c.requests[1].latest), (1, 1));
    assert!(c.requests[1].is_urgent());
    // Without steps, patients see only the doctor.
    let mut b = ClinicBuilder::new(&s);
    b.visit_type("NEW", "New", Exponential { mean: 20.0 }, 0.0);
    assert_eq!(
        b.build().unwrap().visit_types[0].steps,
        vec![VisitStep::Doctor]
    );
}

#[test]
fn every_problem_is_reported_at_once_by_code() {
    let s = scenario();
    let mut b = ClinicBuilder::new(&s);
    b.stage("checkin", "Check-in", "XX");
    b.stage("doctor", "Doctor", "CL");
    b.visit_type("FU", "Follow-up", Exponential { mean: -1.0 }, 1.5)
        .stage("triage", Deterministic { minutes: 2.0 });
    b.session("A", "DX", Weekday::Mon, "AM", "08:30", "12:30")
        .slot_minutes(10)
        .room("R1");
    b.session("A", "D1", Weekday::Mon, "AM", "12:00", "14:00")
        .slot_minutes(10)
        .room("R2");
    b.session("A", "D2", Weekday::Wed, "AM", "09:00", "10:00")
        .slot_minutes(7)
        .room("R1");
    b.session("A", "D2", Weekday::Thu, "AM", "9am", "10:00");
    b.session("A", "D1", Weekday::Fri, "PM", "13:00", "17:00")
        .slot_minutes(10)
        .room("R2");
    b.request(
        "P1",
        "B",
        "XX",
        date(2027, 3, 1).unwrap(),
        date(2027, 4, 5).unwrap(),
        0,
    );
    b.request(
        "P2",
        "A",
        "FU",
        date(2027, 3, 5).unwrap(),
        date(2027, 3, 1).unwrap(),
        5,
    );
    let err = b.build().unwrap_err();
    let ClinicBuildError::Invalid(problems) = &err;
    let text = err.to_string();
    for want in [
        "stage checkin: role: unknown role `XX` (known: DR, CL)",
        "stage doctor: code: `doctor` is the consultation itself",
        "visit type FU: service: ",
        "visit type FU: no_show: 1.5 is not a no-show probability",
        "visit type FU: route: unknown stage `triage` (known: none)",
        "session 1 (A, DX, mon 08:30): doctor: unknown staff member `DX` (known: D1, D2, C1)",
        "session 2 (A, D1, mon 12:00): shift: the session 12:00-14:00 is not inside shift AM (08:00-13:00)",
        "session 3 (A, D2, wed 09:00): slot_minutes: 7 does not divide the session's 60 minutes",
        "session 4 (A, D2, thu 9am): start: `9am` is not a clock time",
        "session 4 (A, D2, thu 9am): slot_minutes: no slot length",
        "session 4 (A, D2, thu 9am): room: no room",
        "request 1 (patient P1): clinic: unknown clinic `B`: no session belongs to it (clinics: A)",
        "request 1 (patient P1): visit_type: unknown visit type `XX` (known: none)",
        "request 1 (patient P1): latest: 2027-04-05 is outside the planning horizon 2027-03-01..2027-03-07",
        "request 1 (patient P1): urgency: 0 is not an urgency",
        "request 2 (patient P2): visit_type: unknown visit type `FU` (known: none)",
    ] {
        assert!(text.contains(want), "missing `{want}` in:\n{text}");
    }
    assert!(text.starts_with("the clinic has 16 problem(s)\n"), "{text}");
    assert_eq!(problems.len(), 16, "{text}");
    // Its visit type refused, the second request is not checked further (its dates).
    assert!(!text.contains("request 2 (patient P2): latest"), "{text}");
}

#[test]
fn overlaps_and_days_no_shift_covers_are_problems() {
    let s = scenario();
    let mut b = ClinicBuilder::new(&s);
    b.session("A", "D1", Weekday::Mon, "AM", "08:30", "10:30")
        .slot_minutes(10)
        .room("R1");
    b.session("A", "D2", Weekday::Mon, "AM", "09:00", "10:00")
        .slot_minutes(10)
        .room("R1");
    b.session("A", "D1", Weekday::Mon, "PM", "13:00", "14:00")
        .slot_minutes(10)
        .room("R2");
    b.request(
        "P1",
        "A",
        "FU",
        date(2027, 3, 1).unwrap(),
        date(2027, 3, 1).unwrap(),
        5,
    )
    .doctor("D2");
    let text = b.build().unwrap_err().to_string();
    assert!(text.contains("session 2 (A, D2, mon 09:00): room: the room already has a session at this time (session 1)"), "{text}");
    assert!(text.contains("session 3 (A, D1, mon 13:00): doctor: D1 also has a session on mon at 08:30-10:30 (session 1), and no one shift covers 08:30-14:00"), "{text}");
    assert!(
        text.contains("request 1 (patient P1): visit_type: unknown visit type `FU`"),
        "{text}"
    );
}

/// Describes `clinic` (read for `scenario`) through the builder, by code.
fn described(scenario: &Scenario, clinic: &Clinic) -> Clinic {
    let mut b = ClinicBuilder::new(scenario);
    for st in &clinic.stages {
        b.stage(&st.code, &st.name, &scenario.roles()[st.role.index()].code);
    }
    for v in &clinic.visit_types {
        let mut e = b.visit_type(&v.code, &v.name, v.service.clone(), v.no_show);
        for step in &v.steps {
            e = match step {
                VisitStep::Stage { stage, service } => {
                    e.stage(&clinic.stages[*stage].code, service.clone())
                }
                VisitStep::Doctor => e.doctor(),
            };
        }
        if let Some(p) = v.punctuality {
            e.punctuality(p);
        }
    }
    for s in &clinic.sessions {
        let e = b
            .session(
                &s.clinic,
                &scenario.staff_member(s.doctor).code,
                s.weekday,
                &scenario.shift(s.shift).code,
                &format_clock(s.start),
                &format_clock(s.end()),
            )
            .slot_minutes(s.slot_minutes)
            .room(&s.room);
        if let Some(n) = s.max_patients {
            e.max_patients(n);
        }
    }
    let h = scenario.horizon();
    for q in &clinic.requests {
        let e = b.request(
            &q.patient,
            &q.clinic,
            &clinic.visit_types[q.visit_type].code,
            h.date(q.earliest as usize),
            h.date(q.latest as usize),
            q.urgency,
        );
        if let Some(d) = q.doctor {
            e.doctor(&scenario.staff_member(d).code);
        }
    }
    b.build().unwrap()
}

#[test]
fn the_example_clinic_described_in_code_equals_the_one_read_and_books_alike() {
    let dir = outpatients();
    let scenario = read_scenario_dir(dir).unwrap();
    let read = read_clinic_dir(dir, &scenario).unwrap();
    let built = described(&scenario, &read);
    assert_eq!(built, read);
    // A small case books identically (the whole month is checked by the CLI's golden test).
    let roster = read_roster_file(format!("{dir}/solutions/roster.csv"), &scenario).unwrap();
    let mut few = read.clone();
    few.requests.truncate(30);
    let built_few = described(&scenario, &few);
    let planner = |c| super::super::ClinicPlanner::new(&scenario, c, &roster).book();
    let plan = planner(&few).unwrap();
    assert!(plan.appointments.len() > 20, "{}", plan.appointments.len());
    assert_eq!(planner(&built_few).unwrap(), plan);
}
