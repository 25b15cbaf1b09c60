//! `rotaflow bench replan DIR --roster R --changes C --from D --time-limit S
//! --scratch-time-limit S2 --seeds 1,2,3 --out OUT`: for each seed, the re-plan (as `replan`
//! runs it) and a full re-plan from scratch (the changed scenario planned anew, without the
//! published roster), each compared with the published roster.

use crate::args::BenchReplanArgs;
use anyhow::Context;
use rotaflow::formats::write_roster;
use rotaflow::replan::ChangeFigures;
use rotaflow::solver::{Solver, DEFAULT_ACCEPTANCE};
use rotaflow::Scenario;
use std::time::Duration;

const COLUMNS: [&str; 11] = [
    "kind",
    "seed",
    "hard",
    "soft",
    "change_cost",
    "changed_cells",
    "changed_before_from",
    "changed_for_others",
    "lost_shifts",
    "seconds",
    "seconds_to_best",
];

pub fn run(a: &BenchReplanArgs) -> anyhow::Result<u8> {
    crate::bench::refuse_repeated_seeds(&a.seeds)?;
    let crate::replan::Loaded {
        published,
        first_day: first,
        prepared,
        ..
    } = match crate::replan::load(
        &a.dir,
        &a.roster,
        &a.changes,
        &a.from,
        a.change_weight,
        None,
    )? {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    // From scratch: the same changes, no published roster to keep.
    let mut parts = prepared.scenario.parts().clone();
    parts.baseline = None;
    let scratch = Scenario::new(parts).map_err(|e| anyhow::anyhow!("{:?}", e.0))?;
    let mut table = COLUMNS.join(",") + "\n";
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for &seed in &a.seeds {
        for (kind, s, limit) in [
            ("replan", &prepared.scenario, a.time_limit),
            ("scratch", &scratch, a.scratch_time_limit),
        ] {
            crate::say!("{kind}, seed {seed}: up to {limit} s");
            let sol = Solver::new(s)
                .seed(seed)
                .time_limit(Duration::from_secs_f64(limit))
                .threads(2)
                .acceptance(DEFAULT_ACCEPTANCE.to_vec())
                .windows(false)
                .run()
                .solution;
            // Each judged by its own scenario; the change rule (only in the re-plan's) apart.
            let eval = rotaflow::evaluate(s, &sol.roster).report(s, &sol.roster);
            let f = ChangeFigures::of(s, &published, &sol.roster, &eval);
            let row = [
                kind.to_string(),
                seed.to_string(),
                (eval.hard - f.change_hard).to_string(),
                (eval.soft - f.change_cost).to_string(),
                f.change_cost.to_string(),
                f.cells.len().to_string(),
                f.cells.iter().filter(|c| c.day < first).count().to_string(),
                f.for_others.to_string(),
                prepared.lost_shifts.to_string(),
                format!("{:.2}", sol.elapsed.as_secs_f64()),
                format!("{:.2}", sol.time_to_best.as_secs_f64()),
            ];
            crate::say!("  {}", row.join(","));
            table.push_str(&(row.join(",") + "\n"));
            let mut roster = Vec::new();
            write_roster(s, &sol.roster, &mut roster)?;
            files.push((format!("{kind}-seed{seed}.csv"), roster));
        }
    }
    crate::print_out(&table)?;
    files.push(("results.csv".into(), table.into_bytes()));
    let refs: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    rotaflow::formats::write_files_atomic(&a.out, &refs)
        .with_context(|| format!("cannot write the results into {}", a.out.display()))?;
    Ok(0)
}
