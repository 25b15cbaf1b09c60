//! Criterion benchmark of the patient-flow simulation (`appointments::simulation`): one clinic day of
//! 8 hours with four stages (check-in 2 clerks, nurse triage 3 nurses, 5 doctors seen by
//! appointment time, checkout 1 clerk), 120 booked patients (one every 4 minutes, punctuality
//! normal with mean -5 and sd 8 minutes, 10 % no-shows) and about 24 walk-ins.
//!
//! - `flow/day_1_replication`: one simulated day.
//! - `flow/day_100_replications`: 100 replications with their confidence intervals.
//!
//! Patients simulated per second = (about 132 patients who come, x replications) / time.
//!
//! Run: `cargo bench -p rotaflow --bench flow`.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{criterion_group, criterion_main, Criterion};
use rotaflow::appointments::simulation::{
    simulate, BookedPatient, FlowModel, Punctuality, QueueDiscipline, SimOptions, Stage, WalkIns,
};
use rotaflow::appointments::ServiceDistribution;
use std::hint::black_box;

fn clinic_day() -> FlowModel {
    let stages = vec![
        Stage::new("check-in", 2, "gamma:3:0.5".parse().expect("valid")),
        Stage::new("nurse", 3, "lognormal:10:0.6".parse().expect("valid")),
        Stage::new("doctor", 5, ServiceDistribution::Exponential { mean: 20.0 })
            .with_discipline(QueueDiscipline::ByAppointmentTime),
        Stage::new("checkout", 1, "hist:2=1,4=2,6=1".parse().expect("valid")),
    ];
    let mut m = FlowModel::new(480.0, stages);
    let punctuality = Punctuality::Normal {
        mean: -5.0,
        sd: 8.0,
        earliest: -30.0,
        latest: 30.0,
    };
    for i in 0..120 {
        m.booked.push(BookedPatient {
            appointment: 4.0 * f64::from(i),
            route: None,
            punctuality,
            no_show: 0.1,
            cancel: 0.0,
            consultation: None,
            services: Vec::new(),
        });
    }
    m.walk_ins = Some(WalkIns {
        per_hour: vec![3.0; 8],
        route: Some(vec![0, 2, 3]),
    });
    m
}

fn bench_flow(c: &mut Criterion) {
    let mut group = c.benchmark_group("flow");
    group.sample_size(20);
    let model = clinic_day();
    group.bench_function("day_1_replication", |b| {
        b.iter(|| simulate(black_box(&model), &SimOptions::new(1, 7)).expect("valid model"))
    });
    group.bench_function("day_100_replications", |b| {
        b.iter(|| simulate(black_box(&model), &SimOptions::new(100, 7)).expect("valid model"))
    });
    group.finish();
}

criterion_group!(benches, bench_flow);
criterion_main!(benches);
