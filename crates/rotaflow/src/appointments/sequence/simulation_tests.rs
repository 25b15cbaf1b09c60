//! The sequence evaluator against the clinic simulation on random mixed sessions: one doctor
//! stage, first come first served, patients on time, each with their own consultation time.

use super::*;
use crate::appointments::simulation::{
    simulate, BookedPatient, Estimate, FlowModel, SimOptions, Stage,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A random visit type: gamma, lognormal, deterministic or a histogram of whole minutes.
fn random_service(rng: &mut ChaCha8Rng) -> ServiceDistribution {
    let mean = f64::from(rng.random_range(5..=35u32));
    match rng.random_range(0..4u32) {
        0 => ServiceDistribution::Gamma {
            mean,
            cv: rng.random_range(0.2..1.2),
        },
        1 => ServiceDistribution::Lognormal {
            mean,
            cv: rng.random_range(0.2..1.0),
        },
        2 => ServiceDistribution::Deterministic { minutes: mean },
        _ => ServiceDistribution::Empirical {
            points: (0..3)
                .map(|_| {
                    (
                        f64::from(rng.random_range(2..=45u32)),
                        f64::from(rng.random_range(1..=5u32)),
                    )
                })
                .collect(),
        },
    }
}

/// A random session: three visit types, 3 to 9 patients of random types and no-show rates,
/// random whole-minute appointment times in order.
fn random_session(rng: &mut ChaCha8Rng) -> (Vec<SequencePatient>, f64) {
    let session = f64::from(rng.random_range(6..=16u32) * 15);
    let types: Vec<(ServiceDistribution, f64)> = (0..3)
        .map(|_| (random_service(rng), rng.random_range(0.0..0.3)))
        .collect();
    let n = rng.random_range(3..=9usize);
    let mut times: Vec<u32> = (0..n)
        .map(|_| rng.random_range(0..session as u32))
        .collect();
    times.sort_unstable();
    let patients = times
        .into_iter()
        .map(|t| {
            let (service, no_show) = types[rng.random_range(0..types.len())].clone();
            SequencePatient {
                appointment: f64::from(t),
                service,
                no_show,
            }
        })
        .collect();
    (patients, session)
}

#[test]
fn random_mixed_sessions_agree_with_the_simulation() {
    let mut rng = ChaCha8Rng::seed_from_u64(19);
    let weights = Weights::new(1.0, 0.2, 1.0);
    for case in 0..6 {
        let (patients, session) = random_session(&mut rng);
        // Two ticks per minute: the discretisation of the continuous times is far below the
        // simulation's interval.
        let e = evaluate_sequence(&patients, session, &weights, 2).unwrap();
        let stage = Stage::new("doctor", 1, ServiceDistribution::Exponential { mean: 1.0 });
        let mut model = FlowModel::new(session, vec![stage]);
        for p in &patients {
            model.booked.push(BookedPatient {
                no_show: p.no_show,
                services: vec![(0, p.service.clone())],
                ..BookedPatient::at(p.appointment)
            });
        }
        let sim = simulate(&model, &SimOptions::new(4_000, 100 + case)).unwrap();
        let w: Vec<f64> = sim
            .runs
            .iter()
            .filter_map(|r| r.day.total_wait_booked)
            .map(|t| t / e.expected_shows)
            .collect();
        let w = Estimate::from_samples(&w).unwrap();
        let idle = sim.summary.day.idle_minutes.unwrap();
        let over = sim.summary.day.overtime_minutes.unwrap();
        for (name, est, want) in [
            ("W", w, e.wait),
            ("I", idle, e.idle),
            ("L", over, e.overtime),
        ] {
            assert!(
                est.covers(want, 0.99),
                "case {case} {name}: simulated {} +- {} (99%), evaluator {want}; {patients:?}",
                est.mean,
                est.half_width_at(0.99).unwrap()
            );
        }
    }
}

#[test]
fn own_service_times_must_name_a_stage_of_the_model() {
    let stage = Stage::new("doctor", 1, ServiceDistribution::Exponential { mean: 10.0 });
    let mut model = FlowModel::new(60.0, vec![stage]);
    model.booked.push(BookedPatient {
        services: vec![(1, ServiceDistribution::Deterministic { minutes: 5.0 })],
        ..BookedPatient::at(0.0)
    });
    let err = simulate(&model, &SimOptions::new(1, 1))
        .unwrap_err()
        .to_string();
    assert!(err.contains("stage 2 does not exist"), "{err}");
    // A patient's own time replaces the stage's: a 5-minute consultation ends at minute 5.
    model.booked[0].services = vec![(0, ServiceDistribution::Deterministic { minutes: 5.0 })];
    model.session_minutes = 3.0;
    let sim = simulate(&model, &SimOptions::new(3, 1)).unwrap();
    let over = sim.summary.day.overtime_minutes.unwrap();
    assert!((over.mean - 2.0).abs() < 1e-9, "{over:?}");
}
