//! `rotaflow bench inrc2 DIR... --time-limit S --out OUT [--seeds 1,2,3] [--threads N]`.
//!
//! Each published solution folder `Solution_H_h-WD_a-b-..` of an instance folder is one run:
//! the instance with that initial history and those weeks is imported, planned statically by
//! `rotaflow plan` in a child process once per seed, and compared with the published solution,
//! scored by the evaluator (which reproduces the competition validator's costs).

use crate::args::BenchInrc2Args;
use anyhow::Context;
use rotaflow::evaluation::score;
use rotaflow::formats::{inrc2, write_files_atomic, write_scenario_dir, FormatErrors};
use rotaflow::report::bench_inrc2::{
    progress_line, results_csv, row, table_line, Inrc2Outcome, Inrc2Run, TABLE_HEAD,
};
use rotaflow::roster::Roster;
use rotaflow::Scenario;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// One configuration of an instance, with its scenario.
struct Run {
    run: Inrc2Run,
    scenario: Scenario,
}

fn runs_of(dir: &Path) -> anyhow::Result<Result<Vec<Run>, (String, FormatErrors)>> {
    let instance = dir
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .with_context(|| format!("{} is not an instance folder", dir.display()))?;
    let sc = dir.join(format!("Sc-{instance}.txt"));
    anyhow::ensure!(
        sc.is_file(),
        "{}: no scenario file {}; give INRC-II instance folders such as \
         data/benchmarks/inrc2/n005w4",
        dir.display(),
        sc.display()
    );
    let mut folders: Vec<(String, usize, Vec<usize>)> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().into_owned();
            let (h, w) = inrc2::solution_folder(&name)?;
            Some((name, h, w))
        })
        .collect();
    folders.sort();
    anyhow::ensure!(
        !folders.is_empty(),
        "{}: no published solution folder (Solution_H_h-WD_a-b-...)",
        dir.display()
    );
    let mut out = Vec::new();
    for (folder, h, weeks) in folders {
        let week_files: Vec<PathBuf> = weeks
            .iter()
            .map(|w| dir.join(format!("WD-{instance}-{w}.txt")))
            .collect();
        let history = dir.join(format!("H0-{instance}-{h}.txt"));
        let shown = dir.join(&folder).display().to_string();
        let inst = match inrc2::read_instance(&sc, &history, &week_files) {
            Ok(i) => i,
            Err(e) => return Ok(Err((shown, e))),
        };
        let scenario = match inst.to_scenario(chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap())
        {
            Ok(s) => s,
            Err(e) => return Ok(Err((shown, e))),
        };
        let mut roster = Roster::for_scenario(&scenario);
        for (k, w) in weeks.iter().enumerate() {
            let path = dir
                .join(&folder)
                .join(format!("Sol-{instance}-{w}-{k}.txt"));
            let file = path.display().to_string();
            let text = crate::read_text(&path)?;
            let week = inrc2::parse_solution_week(text.as_bytes(), &file, &inst.scenario)
                .and_then(|a| inrc2::apply_solution_week(&scenario, &mut roster, k, &a, &file));
            if let Err(e) = week {
                return Ok(Err((file, e)));
            }
        }
        let published = score(&scenario, &roster);
        out.push(Run {
            run: Inrc2Run::new(
                &instance,
                h,
                weeks,
                scenario.staff().len(),
                scenario.days(),
                published,
            ),
            scenario,
        });
    }
    Ok(Ok(out))
}

/// Runs `rotaflow plan` on the run's scenario with `seed` and reads its report.
fn plan(
    exe: &Path,
    scenario_dir: &Path,
    out: &Path,
    seed: u64,
    a: &BenchInrc2Args,
) -> anyhow::Result<Inrc2Outcome> {
    let status = Command::new(exe)
        .arg("plan")
        .arg(scenario_dir)
        .arg("--out")
        .arg(out)
        .arg("--time-limit")
        .arg(a.time_limit.to_string())
        .arg("--seed")
        .arg(seed.to_string())
        .arg("--threads")
        .arg(a.threads.to_string())
        .arg("--quiet")
        .status()
        .with_context(|| format!("cannot start {} plan", exe.display()))?;
    anyhow::ensure!(status.success(), "`rotaflow plan` failed ({status})");
    let path = out.join("report.json");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let v: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not valid JSON", path.display()))?;
    let field = |k: &str| {
        v[k].as_u64()
            .with_context(|| format!("{}: no `{k}`", path.display()))
    };
    Ok(Inrc2Outcome::new(
        seed,
        field("hard")?,
        field("soft")?,
        v["seconds_to_best"].as_f64().unwrap_or(0.0),
        field("moves")?,
    ))
}

/// `rotaflow bench inrc2 ...`.
pub fn run(a: &BenchInrc2Args) -> anyhow::Result<u8> {
    anyhow::ensure!(
        a.time_limit.is_finite() && a.time_limit >= 0.0,
        "--time-limit {}: give a number of seconds, 0 or more",
        a.time_limit
    );
    crate::bench::refuse_repeated_seeds(&a.seeds)?;
    // Read and score everything first, so that a broken file is reported before any solving.
    let mut runs = Vec::new();
    for dir in &a.dirs {
        match runs_of(dir)? {
            Ok(r) => runs.extend(r),
            Err((what, e)) => return Ok(crate::report_problems(&what, &e)),
        }
    }
    let exe = std::env::current_exe().context("cannot find the rotaflow executable to re-run")?;
    let interrupt = Arc::new(AtomicBool::new(false));
    {
        // The child `plan` gets the same Ctrl-C, stops and writes its best roster.
        let flag = interrupt.clone();
        let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    }
    let total = runs.len() * a.seeds.len();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut table = String::from(TABLE_HEAD);
    let mut k = 0;
    'runs: for Run { run: r, scenario } in &runs {
        let dir = a.out.join(&r.name);
        let scenario_dir = dir.join("scenario");
        write_scenario_dir(scenario, &scenario_dir)
            .with_context(|| format!("cannot write {}", scenario_dir.display()))?;
        let mut outcomes = Vec::new();
        for &seed in &a.seeds {
            if interrupt.load(Ordering::SeqCst) {
                break 'runs;
            }
            k += 1;
            crate::say!(
                "[{k}/{total}] {} seed {seed}: planning up to {} s (published: {})",
                r.name,
                a.time_limit,
                r.published
            );
            let o = plan(
                &exe,
                &scenario_dir,
                &dir.join(format!("seed-{seed}")),
                seed,
                a,
            )?;
            crate::say!("[{k}/{total}] {}", progress_line(r, &o));
            rows.push(row(r, &o, a.time_limit));
            outcomes.push(o);
        }
        if let Some(line) = table_line(r, &outcomes) {
            table.push_str(&line);
        }
    }
    let csv = results_csv(&rows);
    write_files_atomic(&a.out, &[("results.csv", csv.into_bytes())])
        .with_context(|| format!("cannot write results.csv into {}", a.out.display()))?;
    crate::print_out(&table)?;
    crate::say!("wrote {}", a.out.join("results.csv").display());
    if interrupt.load(Ordering::SeqCst) {
        crate::say!(
            "interrupted: results.csv holds {} of {total} run(s)",
            rows.len()
        );
    }
    Ok(if interrupt.load(Ordering::SeqCst) {
        crate::EXIT_INTERRUPTED
    } else {
        0
    })
}
