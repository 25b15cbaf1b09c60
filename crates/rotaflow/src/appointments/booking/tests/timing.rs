//! The final appointment times of a session: the template's slots for alike patients, the
//! mixed-session search for mixed ones, and the figures `plan.md` shows against the
//! simulation of the booked sessions.

use super::super::*;
use super::{plan_of, ROSTER};
use crate::appointments::simulation::{
    simulate, BookedPatient, Estimate, FlowModel, SimOptions, Stage,
};
use crate::appointments::{
    evaluate_sequence, optimize_sequence, MixedPatient, SequencePatient, ServiceDistribution,
    Weights,
};
use crate::formats::{read_clinic_dir, read_roster_file, read_scenario_dir};

/// The run's patients in appointment order: (appointment minute from the session start,
/// consultation time, no-show probability).
fn booked(clinic: &Clinic, plan: &BookingPlan, k: usize) -> Vec<SequencePatient> {
    let start = clinic.sessions[plan.runs[k].spec].start;
    plan.appointments
        .iter()
        .filter(|a| a.run == k)
        .map(|a| {
            let v = &clinic.visit_types[clinic.requests[a.request].visit_type];
            SequencePatient {
                appointment: f64::from(a.minute - start),
                service: v.service.clone(),
                no_show: v.no_show,
            }
        })
        .collect()
}

#[test]
fn a_mixed_session_is_timed_for_each_patients_own_consultation() {
    // Monday: two follow-ups (exponential 20, always come) and a new patient (exponential
    // 30, 10% no-show), who needs triage: only on Wednesday. So Wednesday mixes them.
    let reqs = "P1,A,FU,2027-03-03,2027-03-03,urgent,\nP2,A,NEW,2027-03-03,2027-03-03,routine,\nP3,A,FU,2027-03-03,2027-03-03,routine,\nP4,A,FU,2027-03-01,2027-03-01,routine,\nP5,A,FU,2027-03-01,2027-03-01,routine,\n";
    let (_, _, clinic, plan) = plan_of(reqs, ROSTER);
    assert!(plan.unbooked.is_empty());
    let day_of_run = |k: usize| plan.runs[k].day;
    let monday = (0..plan.runs.len()).find(|&k| day_of_run(k) == 0).unwrap();
    let wednesday = (0..plan.runs.len()).find(|&k| day_of_run(k) == 2).unwrap();
    let alike = plan.templates[monday].as_ref().unwrap();
    let mixed = plan.templates[wednesday].as_ref().unwrap();
    assert!(!alike.mixed && mixed.mixed);
    // The mixed session: the search's order and slots, members listed urgent first, then in
    // file order (P1, P2, P3).
    let fu = MixedPatient {
        service: ServiceDistribution::Exponential { mean: 20.0 },
        no_show: 0.0,
    };
    let new = MixedPatient {
        service: ServiceDistribution::Exponential { mean: 30.0 },
        no_show: 0.1,
    };
    let weights = Weights::new(2.9, 0.2, 1.0);
    let r = optimize_sequence(&[fu.clone(), new, fu], 12, 10, &weights).unwrap();
    let got: Vec<(usize, usize)> = plan
        .appointments
        .iter()
        .filter(|a| a.run == wednesday)
        .map(|a| (a.request, a.slot))
        .collect();
    let members = [0usize, 1, 2];
    let want: Vec<(usize, usize)> = r
        .order
        .iter()
        .zip(&r.slots)
        .map(|(&i, &s)| (members[i], s))
        .collect();
    assert_eq!(got, want);
    assert_eq!(mixed.schedule.patients(), 3);
    // Its figures are the evaluator's on the booked times.
    let e = evaluate_sequence(&booked(&clinic, &plan, wednesday), 120.0, &weights, 1).unwrap();
    assert_eq!(mixed.booked.as_ref(), Some(&e));
    assert_eq!(e, r.evaluation);
    // The alike session keeps the template, and its own figures are the template model's up
    // to the minute grid (exponential 20 is the template model itself).
    let b = alike.booked.as_ref().unwrap();
    assert!(
        (b.wait - alike.wait).abs() < 0.05,
        "{} vs {}",
        b.wait,
        alike.wait
    );
    assert!((b.overtime - alike.overtime).abs() < 0.05);
    assert!((b.idle - alike.idle).abs() < 0.05);
}

#[test]
fn the_example_plans_sessions_agree_with_the_simulation_of_them() {
    // The outpatient example's booked sessions, each simulated as booked: one doctor, the
    // patients on time at their appointments with their own consultation times and no-show
    // rates. W, I and L of plan.md's figures lie within the simulation's 99% interval.
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/examples/outpatient-clinic"
    );
    let scenario = read_scenario_dir(dir).unwrap();
    let clinic = read_clinic_dir(dir, &scenario).unwrap();
    let roster = read_roster_file(format!("{dir}/solutions/roster.csv"), &scenario).unwrap();
    let plan = book(&scenario, &roster, &clinic, &BookingOptions::default()).unwrap();
    let mixed: Vec<usize> = (0..plan.runs.len())
        .filter(|&k| plan.templates[k].as_ref().is_some_and(|t| t.mixed))
        .collect();
    assert!(mixed.len() >= 3, "{} mixed sessions", mixed.len());
    for &k in mixed.iter().take(3) {
        let t = plan.templates[k].as_ref().unwrap();
        let fig = t.booked.as_ref().unwrap();
        let session = f64::from(clinic.sessions[plan.runs[k].spec].minutes());
        let stage = Stage::new("doctor", 1, ServiceDistribution::Exponential { mean: 1.0 });
        let mut model = FlowModel::new(session, vec![stage]);
        for p in booked(&clinic, &plan, k) {
            model.booked.push(BookedPatient {
                no_show: p.no_show,
                services: vec![(0, p.service)],
                ..BookedPatient::at(p.appointment)
            });
        }
        let sim = simulate(&model, &SimOptions::new(3_000, 7 + k as u64)).unwrap();
        let w: Vec<f64> = sim
            .runs
            .iter()
            .filter_map(|r| r.day.total_wait_booked)
            .map(|x| x / fig.expected_shows)
            .collect();
        let w = Estimate::from_samples(&w).unwrap();
        let idle = sim.summary.day.idle_minutes.unwrap();
        let over = sim.summary.day.overtime_minutes.unwrap();
        for (name, est, want) in [
            ("W", w, fig.wait),
            ("I", idle, fig.idle),
            ("L", over, fig.overtime),
        ] {
            assert!(
                est.covers(want, 0.99),
                "run {k} {name}: simulated {} +- {} (99%), plan {want}",
                est.mean,
                est.half_width_at(0.99).unwrap()
            );
        }
    }
}
