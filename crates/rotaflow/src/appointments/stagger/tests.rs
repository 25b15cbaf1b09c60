use super::*;
use crate::appointments::simulation::{Consultation, Punctuality, Stage};
use crate::appointments::ServiceDistribution;
use proptest::prelude::*;

fn det(minutes: f64) -> ServiceDistribution {
    ServiceDistribution::Deterministic { minutes }
}

fn exp(mean: f64) -> ServiceDistribution {
    ServiceDistribution::Exponential { mean }
}

/// A small check-up morning: reception, blood, ECG, doctor, checkout; `n` patients all due
/// at minute 0, two packages alternating.
fn checkup_day(n: usize) -> (FlowModel, Vec<Movable>) {
    let stages = vec![
        Stage::new("reception", 1, det(3.0)),
        Stage::new("blood", 1, exp(6.0)),
        Stage::new("ecg", 1, exp(8.0)),
        Stage::new(
            "doctor",
            1,
            ServiceDistribution::Gamma {
                mean: 12.0,
                cv: 0.5,
            },
        ),
        Stage::new("checkout", 1, det(3.0)),
    ];
    let mut model = FlowModel::new(240.0, stages);
    for i in 0..n {
        let route = if i % 2 == 0 {
            vec![0, 1, 3, 4]
        } else {
            vec![0, 1, 2, 3, 4]
        };
        model.booked.push(BookedPatient {
            appointment: 0.0,
            route: Some(route),
            punctuality: Punctuality::Normal {
                mean: -3.0,
                sd: 5.0,
                earliest: -15.0,
                latest: 15.0,
            },
            no_show: 0.05,
            cancel: 0.0,
            services: Vec::new(),
            consultation: Some(Consultation {
                stage: 3,
                minute: 20.0,
            }),
        });
    }
    let movable = (0..n)
        .map(|patient| Movable {
            patient,
            earliest: 0.0,
            latest: 200.0,
        })
        .collect();
    (model, movable)
}

fn options(evaluations: u32) -> StaggerOptions {
    StaggerOptions {
        replications: 8,
        max_evaluations: evaluations,
        ..StaggerOptions::default()
    }
}

#[test]
fn the_stagger_beats_everyone_at_the_start_on_the_same_random_numbers() {
    let (model, movable) = checkup_day(14);
    let opts = options(150);
    let s = stagger(&model, &movable, &opts).unwrap();
    // Judged again independently: the bunched book and the chosen times.
    let bunched = objective(&model, &opts).unwrap();
    let chosen = objective(&with_starts(&model, &movable, &s.starts), &opts).unwrap();
    assert!((bunched - s.bunched_objective).abs() < 1e-9);
    assert!((chosen - s.objective).abs() < 1e-9);
    assert!(
        chosen < 0.5 * bunched,
        "stagger {chosen} against bunched {bunched}"
    );
    assert!(s.evaluations <= 150);
    // The starts lie on the grid inside the window, and are spread out.
    for t in &s.starts {
        assert!((0.0..=200.0).contains(t) && (t / 5.0).fract() == 0.0, "{t}");
    }
    let distinct: std::collections::BTreeSet<u64> = s.starts.iter().map(|t| *t as u64).collect();
    assert!(distinct.len() > 7, "{:?}", s.starts);
    // The consultation moved with the start.
    let m = with_starts(&model, &movable, &s.starts);
    for p in &m.booked {
        assert_eq!(p.consultation.unwrap().minute - p.appointment, 20.0);
    }
}

#[test]
fn the_same_seed_gives_the_same_stagger_and_another_seed_its_own_random_numbers() {
    let (model, movable) = checkup_day(8);
    let a = stagger(&model, &movable, &options(60)).unwrap();
    let b = stagger(&model, &movable, &options(60)).unwrap();
    assert_eq!(a, b);
    let other = StaggerOptions {
        seed: 99,
        ..options(60)
    };
    let c = stagger(&model, &movable, &other).unwrap();
    assert_ne!(a.bunched_objective, c.bunched_objective);
}

#[test]
fn empty_days_single_patients_and_fixed_windows_are_handled() {
    let (model, _) = checkup_day(0);
    let s = stagger(&model, &[], &options(10)).unwrap();
    assert!(s.starts.is_empty());
    assert_eq!(s.objective, s.bunched_objective);
    assert_eq!(s.evaluations, 1);

    let (model, movable) = checkup_day(1);
    let s = stagger(&model, &movable, &options(30)).unwrap();
    assert_eq!(s.starts.len(), 1);
    assert!(s.objective <= s.bunched_objective);

    // A window of one point leaves nothing to choose.
    let (model, mut movable) = checkup_day(3);
    for m in &mut movable {
        m.latest = m.earliest + 2.0;
    }
    let s = stagger(&model, &movable, &options(30)).unwrap();
    assert_eq!(s.starts, vec![0.0; 3]);
    assert_eq!(s.objective, s.bunched_objective);
}

#[test]
fn bad_options_and_patients_are_errors_not_panics() {
    let (model, movable) = checkup_day(2);
    let bad_grid = StaggerOptions {
        grid_minutes: 0.0,
        ..options(10)
    };
    assert!(stagger(&model, &movable, &bad_grid).is_err());
    assert!(stagger(&model, &movable, &options(0)).is_err());
    let mut weights = options(10);
    weights.weights.idle = f64::NAN;
    assert!(stagger(&model, &movable, &weights).is_err());
    let outside = [Movable {
        patient: 5,
        earliest: 0.0,
        latest: 10.0,
    }];
    assert!(stagger(&model, &outside, &options(10)).is_err());
    let twice = [movable[0], movable[0]];
    assert!(stagger(&model, &twice, &options(10)).is_err());
    let backwards = [Movable {
        patient: 0,
        earliest: 10.0,
        latest: 0.0,
    }];
    assert!(stagger(&model, &backwards, &options(10)).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Never worse than everyone at the earliest time, on the same random numbers, within the
    /// evaluation limit.
    #[test]
    fn never_worse_than_the_bunched_book(
        n in 0usize..7,
        window in 0u32..80,
        evaluations in 1u32..25,
        seed in 0u64..1000,
    ) {
        let (model, mut movable) = checkup_day(n);
        for m in &mut movable {
            m.latest = f64::from(window);
        }
        let opts = StaggerOptions { seed, replications: 3, ..options(evaluations) };
        let s = stagger(&model, &movable, &opts).unwrap();
        prop_assert!(s.evaluations <= evaluations);
        prop_assert!(s.objective <= s.bunched_objective);
        let again = objective(&with_starts(&model, &movable, &s.starts), &opts).unwrap();
        prop_assert!((again - s.objective).abs() < 1e-9);
    }
}
