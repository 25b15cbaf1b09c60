//! Appointments not kept: late and early patients, late cancellations, unannounced no-shows,
//! late doctors, and the three queue disciplines, counted by hand on small days.

use super::*;
use crate::appointments::ServiceDistribution;
use proptest::prelude::*;

fn det(minutes: f64) -> ServiceDistribution {
    ServiceDistribution::Deterministic { minutes }
}

fn late_by(minutes: f64) -> Punctuality {
    Punctuality::Normal {
        mean: minutes,
        sd: 0.0,
        earliest: -60.0,
        latest: 60.0,
    }
}

/// One doctor seeing 10-minute consultations under `discipline`, patients booked at the
/// given minutes (with punctuality, no-show and cancellation probabilities).
fn day(discipline: QueueDiscipline, booked: &[(f64, Punctuality, f64, f64)]) -> FlowModel {
    let doctor = Stage::new("doctor", 1, det(10.0)).with_discipline(discipline);
    let mut m = FlowModel::new(120.0, vec![doctor]);
    for &(appointment, punctuality, no_show, cancel) in booked {
        let mut p = BookedPatient::at(appointment);
        p.punctuality = punctuality;
        p.no_show = no_show;
        p.cancel = cancel;
        m.booked.push(p);
    }
    m
}

/// Start of each booked patient's consultation (`None` = did not come), in booking order.
fn starts(m: &FlowModel) -> (Vec<Option<f64>>, DayRun) {
    let mut options = SimOptions::new(1, 3);
    options.record_patients = true;
    let sim = simulate(m, &options).unwrap();
    let run = &sim.runs[0];
    let mut out = vec![None; m.booked.len()];
    for p in run.patients.as_ref().unwrap() {
        if let PatientKind::Booked(i) = p.kind {
            out[i as usize] = p.visits.first().map(|v| v.start);
        }
    }
    (out, run.day.clone())
}

const ON_TIME: Punctuality = Punctuality::Punctual;

#[test]
fn appointment_order_waits_for_a_no_show_until_half_an_hour_after_their_time() {
    // Booked at 0, 10 (does not come, unannounced) and 20.
    let booked = [
        (0.0, ON_TIME, 0.0, 0.0),
        (10.0, ON_TIME, 1.0, 0.0),
        (20.0, ON_TIME, 0.0, 0.0),
    ];
    let (s, d) = starts(&day(QueueDiscipline::AppointmentOrder, &booked));
    // The doctor waits for the 10:00 patient until 40, then sees the third (there since 20).
    assert_eq!(s, vec![Some(0.0), None, Some(40.0)]);
    assert_eq!(d.total_wait_booked, Some(20.0));
    assert_eq!(d.no_shows, Some(1.0));
    assert_eq!(d.cancellations, Some(0.0));
    // Idle: 10-40 (the doctor waits), then busy until 50.
    assert_eq!(d.idle_minutes, Some(30.0));
    // Work-conserving and first come: the third is seen on time.
    for q in [QueueDiscipline::ByAppointmentTime, QueueDiscipline::Fcfs] {
        let (s, d) = starts(&day(q, &booked));
        assert_eq!(s, vec![Some(0.0), None, Some(20.0)], "{q:?}");
        assert_eq!(d.total_wait_booked, Some(0.0));
    }
}

#[test]
fn a_late_cancellation_is_known_so_nobody_waits_for_it() {
    let booked = [
        (0.0, ON_TIME, 0.0, 0.0),
        (10.0, ON_TIME, 0.0, 1.0),
        (20.0, ON_TIME, 0.0, 0.0),
    ];
    let (s, d) = starts(&day(QueueDiscipline::AppointmentOrder, &booked));
    assert_eq!(s, vec![Some(0.0), None, Some(20.0)]);
    assert_eq!(d.cancellations, Some(1.0));
    assert_eq!(d.no_shows, Some(0.0));
    assert_eq!(d.shows, Some(2.0));
    assert_eq!(d.total_wait_booked, Some(0.0));
}

#[test]
fn late_patients_hold_up_appointment_order_but_not_work_conserving_order() {
    // The 0:00 patient comes 15 minutes late, the 0:10 one on time.
    let booked = [(0.0, late_by(15.0), 0.0, 0.0), (10.0, ON_TIME, 0.0, 0.0)];
    let (s, d) = starts(&day(QueueDiscipline::AppointmentOrder, &booked));
    // The doctor waits for the first (15-25), the second waits from 10 to 25.
    assert_eq!(s, vec![Some(15.0), Some(25.0)]);
    assert_eq!(d.total_wait_booked, Some(15.0));
    assert_eq!(d.total_wait_from_arrival_booked, Some(15.0));
    let (s, d) = starts(&day(QueueDiscipline::ByAppointmentTime, &booked));
    // Work-conserving: the second is seen at 10-20, the first (there at 15) at 20.
    assert_eq!(s, vec![Some(20.0), Some(10.0)]);
    assert_eq!(d.total_wait_booked, Some(5.0));
}

#[test]
fn a_patient_passed_over_is_seen_next_when_they_come() {
    // The 0:00 patient comes at 38, after the doctor gave up on them at 30.
    let booked = [
        (0.0, late_by(38.0), 0.0, 0.0),
        (10.0, ON_TIME, 0.0, 0.0),
        (20.0, ON_TIME, 0.0, 0.0),
    ];
    let (s, _) = starts(&day(QueueDiscipline::AppointmentOrder, &booked));
    // 30-40 the second; at 40 the first (there since 38) goes before the third.
    assert_eq!(s, vec![Some(40.0), Some(30.0), Some(50.0)]);
}

#[test]
fn early_patients_are_seen_early_and_their_wait_counts_from_arrival_too() {
    // The 0:20 patient comes 15 minutes early, at 5; the doctor is free from 10.
    let booked = [(0.0, ON_TIME, 0.0, 0.0), (20.0, late_by(-15.0), 0.0, 0.0)];
    let (s, d) = starts(&day(QueueDiscipline::AppointmentOrder, &booked));
    assert_eq!(s, vec![Some(0.0), Some(10.0)]);
    // No wait caused by the clinic; 5 minutes from arrival.
    assert_eq!(d.total_wait_booked, Some(0.0));
    assert_eq!(d.total_wait_from_arrival_booked, Some(5.0));
}

#[test]
fn a_late_doctor_starts_late_and_is_not_idle_before() {
    let mut m = day(
        QueueDiscipline::AppointmentOrder,
        &[(0.0, ON_TIME, 0.0, 0.0), (10.0, ON_TIME, 0.0, 0.0)],
    );
    m.stages[0].lateness = Some(Lateness {
        mean: 12.0,
        sd: 0.0,
    });
    let (s, d) = starts(&m);
    assert_eq!(s, vec![Some(12.0), Some(22.0)]);
    assert_eq!(d.total_wait_booked, Some(24.0));
    assert_eq!(d.idle_minutes, Some(0.0));
    // Early (a negative draw) counts as on time.
    m.stages[0].lateness = Some(Lateness {
        mean: -5.0,
        sd: 0.0,
    });
    assert_eq!(starts(&m).0, vec![Some(0.0), Some(10.0)]);
    // A negative spread is refused.
    m.stages[0].lateness = Some(Lateness {
        mean: 5.0,
        sd: -1.0,
    });
    assert!(m.validate().is_err());
}

#[test]
fn walk_ins_are_seen_while_the_next_booked_patient_is_absent() {
    let mut m = day(
        QueueDiscipline::AppointmentOrder,
        &[(0.0, ON_TIME, 0.0, 0.0), (30.0, late_by(20.0), 0.0, 0.0)],
    );
    m = m.with_walk_ins(vec![6.0, 6.0]);
    let mut options = SimOptions::new(1, 11);
    options.record_patients = true;
    let sim = simulate(&m, &options).unwrap();
    let records = sim.runs[0].patients.as_ref().unwrap();
    // Every walk-in is seen; none is seen while a booked patient is there and due.
    for p in records
        .iter()
        .filter(|p| matches!(p.kind, PatientKind::WalkIn(_)))
    {
        assert_eq!(p.visits.len(), 1);
    }
    assert!(sim.runs[0].day.walk_ins.unwrap() > 0.0);
}

#[test]
fn cancellation_probability_out_of_range_is_refused() {
    let m = day(QueueDiscipline::Fcfs, &[(0.0, ON_TIME, 0.0, 1.5)]);
    let e = m.validate().unwrap_err().to_string();
    assert!(e.contains("cancellation probability"), "{e}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// With punctual patients and no no-shows, appointment order, work-conserving order and
    /// first come first served see everyone at the same times (one doctor), so the three
    /// give the same figures.
    #[test]
    fn disciplines_agree_when_every_appointment_is_kept(
        slots in proptest::collection::vec(0u32..24, 1..14),
        mean in 4.0f64..25.0,
        seed in 0u64..1000,
    ) {
        let booked: Vec<(f64, Punctuality, f64, f64)> =
            slots.iter().map(|&t| (f64::from(t) * 5.0, ON_TIME, 0.0, 0.0)).collect();
        let run = |q: QueueDiscipline| {
            let mut m = day(q, &booked);
            m.stages[0].service = ServiceDistribution::Exponential { mean };
            simulate(&m, &SimOptions::new(3, seed)).unwrap().summary
        };
        let strict = run(QueueDiscipline::AppointmentOrder);
        prop_assert_eq!(&strict, &run(QueueDiscipline::ByAppointmentTime));
        prop_assert_eq!(&strict, &run(QueueDiscipline::Fcfs));
    }

    /// Shows, no-shows and cancellations add up to the booked patients, and everyone who
    /// comes is seen, under every discipline.
    #[test]
    fn everyone_who_comes_is_seen(
        slots in proptest::collection::vec(0u32..24, 1..14),
        no_show in 0.0f64..0.5,
        cancel in 0.0f64..0.5,
        late in -20.0f64..40.0,
        seed in 0u64..1000,
    ) {
        for q in [QueueDiscipline::AppointmentOrder, QueueDiscipline::ByAppointmentTime, QueueDiscipline::Fcfs] {
            let booked: Vec<(f64, Punctuality, f64, f64)> = slots
                .iter()
                .map(|&t| (f64::from(t) * 5.0, Punctuality::Normal { mean: late, sd: 10.0, earliest: -60.0, latest: 60.0 }, no_show, cancel))
                .collect();
            let mut m = day(q, &booked);
            m.stages[0].lateness = Some(Lateness { mean: 5.0, sd: 10.0 });
            let mut options = SimOptions::new(2, seed);
            options.record_patients = true;
            let sim = simulate(&m, &options).unwrap();
            for run in &sim.runs {
                let d = &run.day;
                prop_assert_eq!(
                    d.shows.unwrap() + d.no_shows.unwrap() + d.cancellations.unwrap(),
                    booked.len() as f64
                );
                for p in run.patients.as_ref().unwrap() {
                    prop_assert_eq!(p.visits.len(), usize::from(p.arrival.is_some()));
                    prop_assert!(!(p.cancelled && p.arrival.is_some()));
                }
                prop_assert!(d.total_wait_from_arrival_booked.unwrap() + 1e-9 >= 0.0);
            }
        }
    }
}
