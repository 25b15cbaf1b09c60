//! Validation of the simulation against exact results, determinism and invariants.

use super::*;
use crate::appointments::{evaluate_template, Method, Schedule, ServiceDistribution, SessionModel};
use proptest::prelude::*;

const KK_AW1: &str = "110001000100010001000010001000100010000000000000";

/// Simulated W (total wait / expected shows), I and L against an evaluator's figures, within
/// the 99% confidence interval.
fn check_against_session(session: &SessionModel, method: Method, reps: u32, seed: u64) {
    let schedule: Schedule = KK_AW1.parse().unwrap();
    let exact = evaluate_template(session, &schedule, method).unwrap();
    let model = FlowModel::from_session(session, &schedule).unwrap();
    let sim = simulate(&model, &SimOptions::new(reps, seed)).unwrap();
    let shows = session.expected_shows();
    let w: Vec<f64> = sim
        .runs
        .iter()
        .map(|r| r.day.total_wait_booked.unwrap() / shows)
        .collect();
    let w = Estimate::from_samples(&w).unwrap();
    let idle = sim.summary.day.idle_minutes.unwrap();
    let over = sim.summary.day.overtime_minutes.unwrap();
    for (name, est, want) in [
        ("W", w, exact.wait),
        ("I", idle, exact.idle),
        ("L", over, exact.overtime),
    ] {
        assert!(
            est.covers(want, 0.99),
            "{name}: simulated {} +- {} (99%), evaluator {want}",
            est.mean,
            est.half_width_at(0.99).unwrap()
        );
    }
}

#[test]
fn single_doctor_exponential_agrees_with_exact_evaluator() {
    check_against_session(&SessionModel::kaandorp_koole(1.0), Method::Exact, 20_000, 1);
}

#[test]
fn single_doctor_gamma_agrees_with_grid_evaluator() {
    let session = SessionModel {
        service: ServiceDistribution::Gamma {
            mean: 20.0,
            cv: 0.5,
        },
        ..SessionModel::kaandorp_koole(1.0)
    };
    check_against_session(
        &session,
        Method::Grid {
            ticks_per_minute: 4,
        },
        20_000,
        2,
    );
}

#[test]
fn walk_ins_only_agree_with_erlang_c() {
    // Load 0.7 per server, mean service 10 minutes; 1000 warm-up minutes of 6000.
    for c in 1..=3u32 {
        let mu = 0.1;
        let lambda = 0.7 * f64::from(c) * mu;
        let hours = 100;
        let stage = Stage::new(
            "desk",
            c,
            ServiceDistribution::Exponential { mean: 1.0 / mu },
        );
        let model =
            FlowModel::new(60.0 * hours as f64, vec![stage])
                .with_walk_ins(vec![lambda * 60.0; hours]);
        let mut options = SimOptions::new(100, 10 + u64::from(c));
        options.warm_up_minutes = 1000.0;
        let sim = simulate(&model, &options).unwrap();
        let wq = erlang::mmc_wait(lambda, mu, c).unwrap().mean_wait;
        let est = sim.summary.day.mean_wait_walk_in.unwrap();
        assert!(
            est.covers(wq, 0.99),
            "c = {c}: simulated {} +- {}, Erlang C {wq}",
            est.mean,
            est.half_width_at(0.99).unwrap()
        );
    }
}

/// A Jackson network: Poisson arrivals through three exponential stations in series (one,
/// two and three servers). In steady state each station is an M/M/c queue of the same
/// arrival rate (product form), so a patient's wait over the route is the sum of the three
/// Erlang C waits; the simulation must agree within its 99 % interval, at each station and
/// over the route.
#[test]
fn a_tandem_of_exponential_stations_agrees_with_the_product_form() {
    let lambda = 0.12; // patients per minute
    let stations = [(1u32, 6.0), (2, 12.0), (3, 20.0)]; // (servers, mean service)
    let stages: Vec<Stage> = stations
        .iter()
        .enumerate()
        .map(|(i, &(c, mean))| {
            Stage::new(
                format!("station {i}"),
                c,
                ServiceDistribution::Exponential { mean },
            )
        })
        .collect();
    let hours = 100;
    let model =
        FlowModel::new(60.0 * hours as f64, stages).with_walk_ins(vec![lambda * 60.0; hours]);
    let mut options = SimOptions::new(80, 21);
    options.warm_up_minutes = 1000.0;
    let sim = simulate(&model, &options).unwrap();
    let mut route = 0.0;
    for (i, &(c, mean)) in stations.iter().enumerate() {
        let wq = erlang::mmc_wait(lambda, 1.0 / mean, c).unwrap().mean_wait;
        route += wq;
        let est = sim.summary.stages[i].mean_wait_walk_in.unwrap();
        assert!(
            est.covers(wq, 0.99),
            "station {i}: simulated {} +- {}, M/M/{c} {wq}",
            est.mean,
            est.half_width_at(0.99).unwrap()
        );
    }
    let est = sim.summary.day.mean_wait_walk_in.unwrap();
    assert!(
        est.covers(route, 0.99),
        "route: simulated {} +- {}, product form {route}",
        est.mean,
        est.half_width_at(0.99).unwrap()
    );
    // Not vacuous: every station queues.
    assert!(route > 5.0, "{route}");
}

fn clinic(doctor_mean: f64) -> FlowModel {
    let stages = vec![
        Stage::new("check-in", 1, "gamma:3:0.5".parse().unwrap()),
        Stage::new("nurse", 2, "lognormal:10:0.6".parse().unwrap())
            .with_hourly_servers(&[1, 2, 2, 1]),
        Stage::new(
            "doctor",
            3,
            ServiceDistribution::Exponential { mean: doctor_mean },
        )
        .with_discipline(QueueDiscipline::ByAppointmentTime),
        Stage::new("checkout", 1, "hist:2=1,4=2,6=1".parse().unwrap()),
    ];
    let mut m = FlowModel::new(240.0, stages);
    let punct = Punctuality::Normal {
        mean: -5.0,
        sd: 8.0,
        earliest: -30.0,
        latest: 30.0,
    };
    for i in 0..36 {
        m.booked.push(BookedPatient {
            appointment: 6.0 * f64::from(i),
            route: None,
            punctuality: punct,
            no_show: 0.1,
            cancel: 0.0,
            consultation: None,
            services: Vec::new(),
        });
    }
    m.walk_ins = Some(WalkIns {
        per_hour: vec![2.0, 3.0, 3.0, 1.0],
        route: Some(vec![0, 2, 3]),
    });
    m
}

#[test]
fn same_seed_same_result_different_seed_differs() {
    let m = clinic(15.0);
    let a = simulate(&m, &SimOptions::new(20, 5)).unwrap();
    let b = simulate(&m, &SimOptions::new(20, 5)).unwrap();
    assert_eq!(a, b);
    let json_a = serde_json::to_string(&a.summary).unwrap();
    assert_eq!(json_a, serde_json::to_string(&b.summary).unwrap());
    let c = simulate(&m, &SimOptions::new(20, 6)).unwrap();
    assert_ne!(
        a.summary.day.mean_wait_booked,
        c.summary.day.mean_wait_booked
    );
}

#[test]
fn common_random_numbers_narrow_the_difference() {
    let a = clinic(15.0);
    let b = clinic(15.5);
    let options = SimOptions::new(200, 3);
    let crn = compare(&a, &b, &options).unwrap();
    let sa = simulate(&a, &options).unwrap();
    let sb = simulate(&b, &SimOptions::new(200, 4)).unwrap();
    let independent = difference(&sa, &sb).unwrap();
    let hw_crn = crn
        .difference
        .day
        .mean_wait_booked
        .unwrap()
        .half_width
        .unwrap();
    let hw_ind = independent
        .day
        .mean_wait_booked
        .unwrap()
        .half_width
        .unwrap();
    assert!(
        hw_crn < 0.25 * hw_ind,
        "CRN {hw_crn} vs independent {hw_ind}"
    );
    // A slower doctor makes patients wait longer, and CRN sees it.
    let d = crn.difference.day.mean_wait_booked.unwrap();
    assert!(d.mean + d.half_width.unwrap() < 0.0, "{d:?}");
}

#[test]
fn invalid_models_are_errors() {
    let good = clinic(15.0);
    let mut m = good.clone();
    m.stages[1].servers.push(ServerStep {
        from_minute: 100.0,
        servers: 0,
    });
    assert!(simulate(&m, &SimOptions::new(1, 1)).is_err());
    let mut m = good.clone();
    m.booked[0].route = Some(vec![0, 0]);
    assert!(simulate(&m, &SimOptions::new(1, 1))
        .unwrap_err()
        .to_string()
        .contains("twice"));
    let mut m = good.clone();
    m.booked[3].no_show = 1.5;
    assert!(simulate(&m, &SimOptions::new(1, 1)).is_err());
    let mut m = good.clone();
    m.stages[2].service = ServiceDistribution::Exponential { mean: -1.0 };
    assert!(simulate(&m, &SimOptions::new(1, 1)).is_err());
    assert!(simulate(&good, &SimOptions::new(0, 1)).is_err());
    let mut m = good;
    m.walk_ins.as_mut().unwrap().per_hour[0] = f64::NAN;
    assert!(simulate(&m, &SimOptions::new(1, 1)).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn simulated_days_are_consistent(
        seed in any::<u64>(),
        counts in proptest::collection::vec(0u32..4, 1..5),
        late in proptest::collection::vec(0u32..4, 1..5),
        walk in 0.0f64..20.0,
        n in 0usize..40,
    ) {
        let stages = vec![
            Stage::new("a", 1, "exp:4".parse().unwrap()).with_hourly_servers(&{
                let mut c = counts.clone(); c.push(1); c
            }),
            Stage::new("b", 1, "gamma:12:0.8".parse().unwrap()).with_hourly_servers(&{
                let mut c = late.clone(); c.push(2); c
            }),
        ];
        let mut m = FlowModel::new(180.0, stages).with_walk_ins(vec![walk; 3]);
        for i in 0..n {
            m.booked.push(BookedPatient {
                appointment: 5.0 * i as f64,
                route: if i % 3 == 0 { Some(vec![1]) } else { None },
                punctuality: Punctuality::Normal { mean: 0.0, sd: 10.0, earliest: -20.0, latest: 20.0 },
                no_show: 0.2,
                cancel: 0.0,
            consultation: None,
                services: Vec::new(),
            });
        }
        let mut options = SimOptions::new(1, seed);
        options.record_patients = true;
        let sim = simulate(&m, &options).unwrap();
        let run = &sim.runs[0];
        let patients = run.patients.as_ref().unwrap();
        let mut jobs: Vec<Vec<(f64, f64, u32)>> = vec![Vec::new(); 2];
        for p in patients {
            let Some(arrival) = p.arrival else { continue };
            let mut t = arrival;
            for v in &p.visits {
                prop_assert!(v.wait >= 0.0);
                prop_assert!(v.arrival >= t && v.start >= v.arrival && v.end >= v.start);
                // The server was on duty when the service started.
                prop_assert!(v.server < m.stages[v.stage].servers_at(v.start));
                jobs[v.stage].push((v.start, v.end, v.server));
                t = v.end;
            }
        }
        for (s, js) in jobs.iter_mut().enumerate() {
            // No server sees two patients at once.
            js.sort_by(|a, b| a.2.cmp(&b.2).then(a.0.total_cmp(&b.0)));
            for w in js.windows(2) {
                if w[0].2 == w[1].2 {
                    prop_assert!(w[1].0 >= w[0].1 - 1e-9);
                }
            }
            let busy: f64 = js.iter().map(|j| j.1 - j.0).sum();
            let f = &run.stages[s];
            prop_assert!((busy - f.busy_minutes.unwrap()).abs() < 1e-6);
            prop_assert!(
                busy <= f.available_minutes.unwrap() + f.overtime_minutes.unwrap()
                    + f.off_duty_minutes.unwrap() + 1e-6
            );
            prop_assert!(f.idle_minutes.unwrap() >= 0.0);
        }
    }
}

/// A patient asked to come 10 minutes early for a 3-minute check-in waits 7 minutes for the
/// doctor from arrival, but not at all from the appointment time; a patient 20 minutes late
/// waits from arrival only for check-in's own queue, and from the appointment time counts
/// from arrival (the later of the two) to the consultation.
#[test]
fn waits_from_the_appointment_time() {
    let det = |m: f64| ServiceDistribution::Deterministic { minutes: m };
    let mut doctor = Stage::new("doctor", 1, det(10.0));
    doctor.servers = vec![ServerStep {
        from_minute: 10.0,
        servers: 1,
    }];
    let mut m = FlowModel::new(120.0, vec![Stage::new("checkin", 1, det(3.0)), doctor]);
    let late = Punctuality::Normal {
        mean: 20.0,
        sd: 0.0,
        earliest: -30.0,
        latest: 30.0,
    };
    for (asked, due, punctuality) in [(0.0, 10.0, Punctuality::Punctual), (30.0, 40.0, late)] {
        m.booked.push(BookedPatient {
            appointment: asked,
            route: None,
            punctuality,
            no_show: 0.0,
            cancel: 0.0,
            consultation: Some(Consultation {
                stage: 1,
                minute: due,
            }),
            services: Vec::new(),
        });
    }
    let mut options = SimOptions::new(1, 7);
    options.record_patients = true;
    let sim = simulate(&m, &options).unwrap();
    let day = &sim.runs[0].day;
    // From arrival: 7 minutes at the doctor (first patient), 0 (second: arrives at 50,
    // checked in at 53, seen at once).
    assert_eq!(day.total_wait_booked, Some(7.0));
    // From the appointment: 0 (seen at 10, due at 10) and 3 (arrived at 50, after the
    // appointment at 40; seen at 53).
    assert_eq!(day.mean_wait_from_appointment_booked, Some(1.5));
    assert_eq!(day.p90_wait_from_appointment_booked, Some(3.0));
    assert_eq!(sim.runs[0].stages[1].mean_wait_from_appointment, Some(1.5));
    assert_eq!(sim.runs[0].stages[0].mean_wait_from_appointment, None);
    // A consultation at a stage off the route is refused.
    m.booked[0].route = Some(vec![0]);
    assert!(simulate(&m, &options).is_err());
}
