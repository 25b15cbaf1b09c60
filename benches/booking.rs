//! Criterion benchmark of clinic booking on the outpatient-clinic example (March 2027: 16
//! weekly sessions, 70 of which the reference roster runs, 332 appointment requests).
//!
//! - `booking/book_month`: the whole booking plan (greedy, local search, templates computed
//!   afresh in each iteration).
//! - `booking/flow_month_20_replications`: building and simulating every clinic day of the
//!   plan with 20 replications.
//!
//! Run: `cargo bench -p rotaflow --bench booking`.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{criterion_group, criterion_main, Criterion};
use rotaflow::appointments::booking::day_flow::{day_flows, simulate_days, FlowOptions};
use rotaflow::appointments::booking::{book, BookingOptions};
use rotaflow::formats::{read_clinic_dir, read_roster_file, read_scenario_dir};
use std::hint::black_box;

fn bench_booking(c: &mut Criterion) {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/examples/outpatient-clinic"
    );
    let scenario = read_scenario_dir(dir).expect("valid example");
    let clinic = read_clinic_dir(dir, &scenario).expect("valid clinic");
    let roster =
        read_roster_file(format!("{dir}/solutions/roster.csv"), &scenario).expect("valid roster");
    let options = BookingOptions::default();
    let mut group = c.benchmark_group("booking");
    group.sample_size(10);
    group.bench_function("book_month", |b| {
        b.iter(|| book(black_box(&scenario), &roster, &clinic, &options).expect("books"))
    });
    let plan = book(&scenario, &roster, &clinic, &options).expect("books");
    let flow = FlowOptions::default();
    group.bench_function("flow_month_20_replications", |b| {
        b.iter(|| {
            let days = day_flows(&scenario, &roster, &clinic, black_box(&plan), &flow)
                .expect("valid days");
            simulate_days(&days, &flow).expect("simulates")
        })
    });
    group.finish();
}

criterion_group!(benches, bench_booking);
criterion_main!(benches);
