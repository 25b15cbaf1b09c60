//! Criterion benchmarks of the outpatient template module (Kaandorp-Koole base case:
//! 48 slots of 5 minutes, 10 patients, exponential service with mean 20, no-show 0.1).
//!
//! - `template/certificate_base_aw2`: full-neighbourhood certificate of the published optimum
//!   for aW = 2 (small-neighbourhood pass plus the exact branch and bound that proves no
//!   neighbour is better).
//! - `template/optimize_from_individual_aw1`: the whole search from the individual rule.
//! - `template/evaluate_exact` and `template/evaluate_grid_gamma`: one evaluation.
//! - `template_cli/exp12_n20` and `template_cli/lognormal_emergencies_n14`: what
//!   `rotaflow template optimize --slots 48 --slot-minutes 5` does (the optimum from the
//!   all-in-the-first-slot start and the classic rules beside it) for `--patients 20
//!   --service exp:12` and for `--patients 14 --service lognormal:15:0.6 --emergencies 0.5`
//!   (no-show 0.1, weights wait 1, idle 0.2, overtime 1: the command's defaults).
//! - `mixed/session_4h_n20`: the order and slots of a mixed session, 24 slots of 10 minutes,
//!   20 patients (12 follow-ups gamma 10 min cv 0.5, 3 new referrals gamma 25 min cv 0.5,
//!   2 procedures of 15 min, 3 reviews lognormal 12 min cv 0.8; no-show 0 to 12%), weights as
//!   the booking's (expected total wait + 0.2 idle + overtime).
//!
//! Run: `cargo bench -p rotaflow --bench template`.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{criterion_group, criterion_main, Criterion};
use rotaflow::appointments::{
    compare, evaluate_template, optimize, optimize_sequence, ClassicRule, CurrentTemplate, Method,
    MixedPatient, Schedule, SearchOptions, ServiceDistribution, SessionModel, Weights,
};
use std::hint::black_box;

fn bench_template(c: &mut Criterion) {
    let mut group = c.benchmark_group("template");
    group.sample_size(10);

    let model = SessionModel::kaandorp_koole(2.0);
    let optimum: Schedule = "101000100010000100001000010000100001000100000000"
        .parse()
        .expect("valid code");
    group.bench_function("certificate_base_aw2", |b| {
        b.iter(|| {
            let r =
                optimize(&model, black_box(&optimum), &SearchOptions::default()).expect("optimise");
            assert!(r.certified_optimal);
            r.certificate_nodes
        })
    });

    let model1 = SessionModel::kaandorp_koole(1.0);
    let start = ClassicRule::Individual.schedule(&model1).expect("rule");
    group.bench_function("optimize_from_individual_aw1", |b| {
        b.iter(|| {
            let r =
                optimize(&model1, black_box(&start), &SearchOptions::default()).expect("optimise");
            assert!(r.certified_optimal);
            r.evaluation.objective
        })
    });

    group.sample_size(50);
    group.bench_function("evaluate_exact", |b| {
        b.iter(|| {
            evaluate_template(&model, black_box(&optimum), Method::Exact)
                .expect("evaluate")
                .objective
        })
    });
    let gamma = SessionModel {
        service: ServiceDistribution::Gamma {
            mean: 20.0,
            cv: 0.5,
        },
        ..model.clone()
    };
    group.bench_function("evaluate_grid_gamma", |b| {
        b.iter(|| {
            evaluate_template(
                &gamma,
                black_box(&optimum),
                Method::Grid {
                    ticks_per_minute: 1,
                },
            )
            .expect("evaluate")
            .objective
        })
    });
    group.finish();
}

/// The session `rotaflow template optimize` builds from its defaults and these flags.
fn cli_model(patients: u32, service: &str, emergencies: f64) -> SessionModel {
    SessionModel::new(48, 5, patients, service.parse().expect("service"))
        .with_no_show(0.1)
        .with_weights(Weights::new(1.0, 0.2, 1.0))
        .with_emergencies(emergencies, None)
}

fn bench_template_cli(c: &mut Criterion) {
    let mut group = c.benchmark_group("template_cli");
    group.sample_size(10);
    for (name, model) in [
        ("exp12_n20", cli_model(20, "exp:12", 0.0)),
        (
            "lognormal_emergencies_n14",
            cli_model(14, "lognormal:15:0.6", 0.5),
        ),
    ] {
        let start = CurrentTemplate::Slots(Schedule::all_in_first_slot(48, model.patients));
        group.bench_function(name, |b| {
            b.iter(|| {
                compare(&model, black_box(&start), &SearchOptions::default())
                    .expect("optimise")
                    .optimal
                    .evaluation
                    .objective
            })
        });
    }
    group.finish();
}

/// The mixed session of `mixed/session_4h_n20`.
fn mixed_patients() -> Vec<MixedPatient> {
    let p = |service: &str, no_show: f64| MixedPatient {
        service: service.parse().expect("service"),
        no_show,
    };
    let mut list = Vec::new();
    for i in 0..20 {
        list.push(match i % 7 {
            0 => p("gamma:25:0.5", 0.12),
            3 if i < 14 => p("det:15", 0.0),
            5 => p("lognormal:12:0.8", 0.05),
            _ => p("gamma:10:0.5", 0.08),
        });
    }
    list
}

fn bench_mixed(c: &mut Criterion) {
    let mut group = c.benchmark_group("mixed");
    group.sample_size(10);
    let patients = mixed_patients();
    let shows: f64 = patients.iter().map(|p| 1.0 - p.no_show).sum();
    let weights = Weights::new(shows, 0.2, 1.0);
    group.bench_function("session_4h_n20", |b| {
        b.iter(|| {
            optimize_sequence(black_box(&patients), 24, 10, &weights)
                .expect("optimise")
                .evaluation
                .objective
        })
    });
    group.finish();
}

criterion_group!(benches, bench_template, bench_template_cli, bench_mixed);
criterion_main!(benches);
