//! Evaluation speed: full scoring of a roster and incremental (single-cell) moves, and the
//! time to answer who can cover a shift.
//!
//! Run: `cargo bench -p rotaflow --bench evaluation`.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use rotaflow::formats::{curtois, read_scenario_dir};
use rotaflow::solver::{construct, LocalSearch, Silent, SolveOptions};
use rotaflow::{score, Scenario, ShiftId, StaffId};
use std::path::Path;

fn data(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(rel)
}

fn curtois_scenario(n: u32) -> Scenario {
    let path = data(&format!("benchmarks/curtois/Instance{n}.txt"));
    let file = std::fs::File::open(&path).expect("benchmark instance");
    curtois::parse(file, "instance")
        .expect("parses")
        .to_scenario(curtois::default_start(), "bench")
        .expect("converts")
}

fn bench(c: &mut Criterion) {
    let scenarios = [
        ("curtois12", curtois_scenario(12)),
        (
            "general-ward",
            read_scenario_dir(data("examples/general-ward")).expect("example is valid"),
        ),
    ];
    for (name, s) in &scenarios {
        let roster = construct(s, 1);
        let mut g = c.benchmark_group(format!("evaluate/{name}"));
        g.throughput(Throughput::Elements(1));
        g.bench_function("full_score", |b| {
            b.iter(|| score(black_box(s), black_box(&roster)))
        });
        g.bench_function("full_evaluate_with_messages", |b| {
            b.iter(|| rotaflow::evaluate(black_box(s), black_box(&roster)))
        });
        // One incremental move: change a cell and change it back (two re-scorings).
        let mut ls = LocalSearch::new(s, roster.clone(), 1);
        let n = s.staff().len();
        let days = s.days();
        let shifts = s.shifts().len();
        let mut k = 0usize;
        g.throughput(Throughput::Elements(2));
        g.bench_function("incremental_change_and_undo", |b| {
            b.iter(|| {
                k = k.wrapping_add(7919);
                let staff = StaffId::new(k % n);
                let day = (k / n) % days;
                let v = k % (shifts + 1);
                let old = ls.assign(staff, day, (v < shifts).then(|| ShiftId::new(v)));
                ls.assign(staff, day, old);
                black_box(ls.current_score())
            })
        });
        // The real search: 100 000 proposed moves (mixed kinds, most rejected and rolled back).
        let mut search = LocalSearch::new(s, roster.clone(), 7);
        let mut limit = 0u64;
        let start = std::time::Instant::now();
        g.throughput(Throughput::Elements(100_000));
        g.bench_function("search_100k_moves", |b| {
            b.iter(|| {
                limit += 100_000;
                let mut opts = SolveOptions::default();
                opts.work_limit = Some(limit);
                search.run(&opts, start, &mut Silent);
                black_box(search.current_score())
            })
        });
        g.finish();
    }
    // Who can cover one shift (`rotaflow cover`): every person and one-step swap tried, the
    // ten best explained, on a 60-staff month.
    let s = curtois_scenario(12);
    let roster = construct(&s, 1);
    let mut g = c.benchmark_group("cover/curtois12");
    g.sample_size(20);
    g.bench_function("cover_options_10", |b| {
        b.iter(|| {
            rotaflow::replan::cover_options(
                black_box(&s),
                black_box(&roster),
                10,
                ShiftId::new(0),
                None,
                10,
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
