//! The sequence evaluator against the session evaluators and by hand; the mixed-session
//! search.

use super::*;
use crate::appointments::{evaluate_template, Method, Schedule, SessionModel};

fn identical(
    model: &SessionModel,
    schedule: &Schedule,
    ticks: u32,
) -> (SequenceEvaluation, f64, f64) {
    let patients: Vec<SequencePatient> = schedule
        .arrival_minutes(model.slot_minutes)
        .into_iter()
        .map(|a| SequencePatient {
            appointment: a,
            service: model.service.clone(),
            no_show: model.no_show,
        })
        .collect();
    let e = evaluate_sequence(&patients, model.session_minutes(), &model.weights, ticks).unwrap();
    let g = evaluate_template(
        model,
        schedule,
        Method::Grid {
            ticks_per_minute: ticks,
        },
    )
    .unwrap();
    let scale = 1.0 + g.objective.abs();
    for (name, a, b) in [
        ("W", e.wait, g.wait),
        ("I", e.idle, g.idle),
        ("L", e.overtime, g.overtime),
        ("objective", e.objective, g.objective),
        ("makespan", e.makespan, g.makespan),
        ("P(overtime)", e.p_overtime, g.p_overtime),
        ("shows", e.expected_shows, g.expected_shows),
    ] {
        assert!(
            (a - b).abs() <= 1e-10 * scale,
            "{name}: sequence {a} vs grid {b} ({})",
            model.service
        );
    }
    (e, g.wait, g.objective)
}

#[test]
fn identical_patients_agree_with_the_grid_evaluator() {
    let schedules = [
        "110001000100010001000010001000100010000000000000",
        "300000000000000000000000000000000000000000000000",
        "111111111111111111110000000000000000000000000000",
    ];
    let services = [
        ServiceDistribution::Exponential { mean: 20.0 },
        ServiceDistribution::Gamma {
            mean: 15.0,
            cv: 0.6,
        },
        ServiceDistribution::Lognormal {
            mean: 12.0,
            cv: 1.2,
        },
        ServiceDistribution::Deterministic { minutes: 17.5 },
        ServiceDistribution::Empirical {
            points: vec![(5.0, 2.0), (12.5, 5.0), (40.0, 1.0)],
        },
    ];
    for text in schedules {
        let schedule: Schedule = text.parse().unwrap();
        for service in &services {
            for (no_show, ticks) in [(0.0, 1), (0.15, 1), (0.3, 2)] {
                let model = SessionModel {
                    service: service.clone(),
                    patients: schedule.patients(),
                    ..SessionModel::kaandorp_koole(1.5)
                }
                .with_no_show(no_show);
                let (e, w, _) = identical(&model, &schedule, ticks);
                // Per-patient waits average to W.
                let q = 1.0 - no_show;
                let mean = e.patient_waits.iter().sum::<f64>() * q / e.expected_shows;
                assert!((mean - w).abs() < 1e-9);
            }
        }
    }
}

#[test]
fn exponential_patients_are_close_to_the_exact_method() {
    // The exact method takes the exponential time itself, the sequence its minute-grid
    // discretisation (the mean kept, the variance up by at most 1/4 minute^2): a few
    // hundredths of a minute apart.
    let model = SessionModel::kaandorp_koole(1.0).with_no_show(0.1);
    let schedule: Schedule = "110001000100010001000010001000100010000000000000"
        .parse()
        .unwrap();
    let (e, _, _) = identical(&model, &schedule, 1);
    let exact = evaluate_template(&model, &schedule, Method::Exact).unwrap();
    for (name, a, b) in [
        ("W", e.wait, exact.wait),
        ("I", e.idle, exact.idle),
        ("L", e.overtime, exact.overtime),
    ] {
        assert!((a - b).abs() < 0.05, "{name}: sequence {a} vs exact {b}");
    }
    assert!((e.objective - exact.objective).abs() < 0.05);
}

#[test]
fn mixed_deterministic_session_by_hand() {
    // A 30-minute referral at 0, 10-minute follow-ups at 20 and 30, session of 45 minutes:
    // the doctor works 0-30, 30-40, 40-50; waits 0, 10, 10; overtime 5; never idle.
    let det = |m: f64| ServiceDistribution::Deterministic { minutes: m };
    let p = |a: f64, m: f64| SequencePatient {
        appointment: a,
        service: det(m),
        no_show: 0.0,
    };
    let e = evaluate_sequence(
        &[p(0.0, 30.0), p(20.0, 10.0), p(30.0, 10.0)],
        45.0,
        &Weights::new(1.0, 1.0, 1.0),
        1,
    )
    .unwrap();
    assert_eq!(e.patient_waits, vec![0.0, 10.0, 10.0]);
    assert!((e.wait - 20.0 / 3.0).abs() < 1e-12);
    assert!(e.idle.abs() < 1e-12);
    assert!((e.overtime - 5.0).abs() < 1e-12);
    assert!((e.makespan - 50.0).abs() < 1e-12);
    assert!((e.objective - (20.0 / 3.0 + 5.0)).abs() < 1e-12);
    // The referral may not come (probability 1/2): then the follow-ups find an empty room,
    // the first waits 0 and the second 0; the doctor idles 20 minutes before the first.
    let mut list = vec![p(0.0, 30.0), p(20.0, 10.0), p(30.0, 10.0)];
    list[0].no_show = 0.5;
    let e = evaluate_sequence(&list, 45.0, &Weights::new(1.0, 1.0, 1.0), 1).unwrap();
    assert_eq!(e.patient_waits, vec![0.0, 5.0, 5.0]);
    assert!((e.idle - 10.0).abs() < 1e-12, "{}", e.idle);
    assert!((e.overtime - 2.5).abs() < 1e-12);
    assert!((e.expected_shows - 2.5).abs() < 1e-12);
    assert!((e.wait - 10.0 / 2.5).abs() < 1e-12);
}

#[test]
fn bad_sequences_are_refused_with_a_reason() {
    let p = |a: f64, no_show: f64| SequencePatient {
        appointment: a,
        service: ServiceDistribution::Exponential { mean: 10.0 },
        no_show,
    };
    let w = Weights::new(1.0, 1.0, 1.0);
    let err = |list: &[SequencePatient], len: f64, ticks: u32| {
        evaluate_sequence(list, len, &w, ticks)
            .unwrap_err()
            .to_string()
    };
    assert!(err(&[], 60.0, 1).contains("no patients"));
    assert!(err(&[p(10.0, 0.0), p(5.0, 0.0)], 60.0, 1).contains("appointment order"));
    assert!(err(&[p(0.5, 0.0)], 60.0, 1).contains("grid"));
    assert!(err(&[p(60.0, 0.0)], 60.0, 1).contains("within the session"));
    assert!(err(&[p(0.0, 1.0)], 60.0, 1).contains("no-show"));
    assert!(err(&[p(0.0, f64::NAN)], 60.0, 1).contains("no-show"));
    assert!(err(&[p(0.0, 0.0)], f64::INFINITY, 1).contains("session length"));
    assert!(err(&[p(0.0, 0.0)], 60.0, 0).contains("ticks per minute"));
    let bad = SequencePatient {
        service: ServiceDistribution::Exponential { mean: -1.0 },
        ..p(0.0, 0.0)
    };
    assert!(evaluate_sequence(&[bad], 60.0, &w, 1).is_err());
    // Half a minute is on a grid of two ticks per minute.
    assert!(evaluate_sequence(&[p(0.5, 0.0)], 60.0, &w, 2).is_ok());
}

fn clinic_mix() -> Vec<MixedPatient> {
    let referral = MixedPatient {
        service: ServiceDistribution::Lognormal {
            mean: 30.0,
            cv: 0.5,
        },
        no_show: 0.1,
    };
    let follow_up = MixedPatient {
        service: ServiceDistribution::Gamma {
            mean: 10.0,
            cv: 0.4,
        },
        no_show: 0.05,
    };
    let procedure = MixedPatient {
        service: ServiceDistribution::Deterministic { minutes: 20.0 },
        no_show: 0.0,
    };
    vec![
        follow_up.clone(),
        referral.clone(),
        follow_up.clone(),
        procedure,
        follow_up.clone(),
        referral,
        follow_up,
    ]
}

/// The schedule's patients with their slot times.
fn as_sequence(
    patients: &[MixedPatient],
    r: &MixedSchedule,
    slot_minutes: u32,
) -> Vec<SequencePatient> {
    r.order
        .iter()
        .zip(&r.slots)
        .map(|(&i, &s)| SequencePatient {
            appointment: (s as u32 * slot_minutes) as f64,
            service: patients[i].service.clone(),
            no_show: patients[i].no_show,
        })
        .collect()
}

#[test]
fn mixed_search_is_a_local_optimum_and_deterministic() {
    let patients = clinic_mix();
    let w = Weights::new(6.5, 0.2, 1.0);
    let (slots, d) = (18, 10);
    let r = optimize_sequence(&patients, slots, d, &w).unwrap();
    assert_eq!(r, optimize_sequence(&patients, slots, d, &w).unwrap());
    let mut order = r.order.clone();
    order.sort_unstable();
    assert_eq!(order, (0..patients.len()).collect::<Vec<_>>());
    assert!(r.slots.windows(2).all(|p| p[0] <= p[1]));
    assert!(r.slots.iter().all(|&s| s < slots));
    let seq = as_sequence(&patients, &r, d);
    let e = evaluate_sequence(&seq, f64::from(slots as u32 * d), &w, 1).unwrap();
    assert!((e.objective - r.evaluation.objective).abs() < 1e-9);
    // No single patient one slot earlier or later, and no neighbour swap, improves.
    let total = f64::from(slots as u32 * d);
    for j in 0..seq.len() {
        for delta in [-10.0, 10.0] {
            let mut s = seq.clone();
            s[j].appointment += delta;
            if let Ok(o) = evaluate_sequence(&s, total, &w, 1) {
                assert!(o.objective >= e.objective - 1e-9, "{j} {delta}");
            }
        }
        if j + 1 < seq.len() {
            let mut s = seq.clone();
            let (a, b) = (s[j].clone(), s[j + 1].clone());
            s[j] = SequencePatient {
                appointment: a.appointment,
                ..b
            };
            s[j + 1] = SequencePatient {
                appointment: s[j + 1].appointment,
                ..a
            };
            let o = evaluate_sequence(&s, total, &w, 1).unwrap();
            assert!(o.objective >= e.objective - 1e-9, "swap {j}");
        }
    }
    // Better than booking everyone as if alike, every 20 minutes in list order.
    let naive: Vec<SequencePatient> = patients
        .iter()
        .enumerate()
        .map(|(k, p)| SequencePatient {
            appointment: 20.0 * k as f64,
            service: p.service.clone(),
            no_show: p.no_show,
        })
        .collect();
    let n = evaluate_sequence(&naive, total, &w, 1).unwrap();
    assert!(
        e.objective < n.objective,
        "{} vs {}",
        e.objective,
        n.objective
    );
    // The long, variable referrals are not put first.
    assert!(patients[r.order[0]].service.mean() < 30.0);
}

#[test]
fn mixed_search_handles_edge_cases() {
    let w = Weights::new(1.0, 0.2, 1.0);
    let one = vec![MixedPatient {
        service: ServiceDistribution::Exponential { mean: 15.0 },
        no_show: 0.2,
    }];
    let r = optimize_sequence(&one, 4, 15, &w).unwrap();
    assert_eq!((r.order.clone(), r.slots.clone()), (vec![0], vec![0]));
    // More patients than fit: still a schedule inside the session, overtime reported.
    let many = vec![one[0].clone(); 12];
    let r = optimize_sequence(&many, 4, 15, &w).unwrap();
    assert!(r.slots.iter().all(|&s| s < 4));
    assert!(r.evaluation.overtime > 60.0);
    assert!(optimize_sequence(&[], 4, 15, &w).is_err());
    assert!(optimize_sequence(&one, 0, 15, &w).is_err());
    assert!(optimize_sequence(&one, 4, 0, &w).is_err());
    assert!(optimize_sequence(&one, 200, 15, &w).is_err());
    assert!(optimize_sequence(&one, 4, 15, &Weights::new(-1.0, 0.0, 0.0)).is_err());
}
