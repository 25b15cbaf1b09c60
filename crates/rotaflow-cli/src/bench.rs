//! `rotaflow bench curtois FILES... --time-limit SECONDS --out DIR [--seed N]
//! [--work-limit MOVES]`, and the hidden `rotaflow bench-one` that solves one instance in a
//! child process.
//!
//! Each instance runs in its own process (the current executable, re-run as `bench-one`), so
//! that its peak memory can be measured: the child reads its own peak resident set size
//! (`VmHWM` in `/proc/self/status`, Linux only) just before it exits and reports it with the
//! rest of its result as one JSON line on standard output. The child writes
//! `DIR/<instance>/roster.csv` itself; the parent writes `DIR/results.csv` once every instance
//! has run, or after Ctrl-C with the instances finished so far.
//!
//! Ctrl-C reaches the running child as well (same process group); in addition the parent
//! closes the child's standard input, which the child takes as a request to stop, so the child
//! stops even when only the parent is signalled. An interrupted child still writes its best
//! roster and reports it.

use crate::args::{BenchFormat, BenchOneArgs};
use anyhow::Context;
use rotaflow::formats::curtois;
use rotaflow::formats::{write_files_atomic, write_roster};
use rotaflow::report::bench::{progress_line, results_csv, results_table, BenchResult};
use rotaflow::solver::Solver;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The instance name used for folders and in results.csv: the file name without extension.
fn instance_name(file: &Path) -> String {
    file.file_stem()
        .map_or("instance".to_string(), |s| s.to_string_lossy().into_owned())
}

/// Reads and converts an instance; `Ok(Err(code))` when the file has problems (already
/// printed, each with its line).
fn load(file: &Path) -> anyhow::Result<Result<(curtois::Instance, rotaflow::Scenario), u8>> {
    let shown = file.display().to_string();
    let f = rotaflow::formats::open_input(file).with_context(|| format!("cannot open {shown}"))?;
    let instance = match curtois::parse(f, &shown) {
        Ok(i) => i,
        Err(e) => return Ok(Err(crate::report_problems(&shown, &e))),
    };
    let scenario = instance
        .to_scenario(curtois::default_start(), &instance_name(file))
        .map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
    Ok(Ok((instance, scenario)))
}

/// Refuses a seed given twice in `--seeds`: both runs would write the same result files.
pub(crate) fn refuse_repeated_seeds(seeds: &[u64]) -> anyhow::Result<()> {
    for (i, seed) in seeds.iter().enumerate() {
        anyhow::ensure!(
            !seeds[..i].contains(seed),
            "--seeds gives seed {seed} twice: both runs would write the same result files; give \
             each seed once"
        );
    }
    Ok(())
}

fn check_time_limit(t: f64) -> anyhow::Result<()> {
    anyhow::ensure!(
        t.is_finite() && t >= 0.0,
        "--time-limit {t}: give a number of seconds, 0 or more"
    );
    Ok(())
}

/// `rotaflow bench curtois ...`: runs every instance in a child process and writes
/// results.csv.
pub fn run(format: BenchFormat) -> anyhow::Result<u8> {
    let a = match format {
        BenchFormat::Curtois(a) => a,
        BenchFormat::Inrc2(a) => return crate::bench_inrc2::run(&a),
        BenchFormat::Replan(a) => return crate::bench_replan::run(&a),
    };
    check_time_limit(a.time_limit)?;
    // Read every file first, so that a broken file is reported before hours of solving.
    let mut names: Vec<(String, &PathBuf)> = Vec::new();
    for file in &a.files {
        if let Err(code) = load(file)? {
            return Ok(code);
        }
        let name = instance_name(file);
        if let Some((_, other)) = names.iter().find(|(n, _)| *n == name) {
            anyhow::bail!(
                "{} and {} have the same instance name `{name}`: their rosters would both go to \
                 {}; give each instance once",
                other.display(),
                file.display(),
                a.out.join(&name).display()
            );
        }
        names.push((name, file));
    }
    let exe = std::env::current_exe().context("cannot find the rotaflow executable to re-run")?;
    let interrupt = Arc::new(AtomicBool::new(false));
    // The running child's standard input: closing it asks the child to stop.
    let child_stdin: Arc<Mutex<Option<ChildStdin>>> = Arc::new(Mutex::new(None));
    {
        let flag = interrupt.clone();
        let stdin = child_stdin.clone();
        let _ = ctrlc::set_handler(move || {
            flag.store(true, Ordering::SeqCst);
            if let Ok(mut s) = stdin.lock() {
                s.take();
            }
        });
    }
    let limit = match a.work_limit {
        Some(w) => format!("up to {} s or {w} moves", a.time_limit),
        None => format!("up to {} s", a.time_limit),
    };
    let total = names.len();
    let mut results: Vec<BenchResult> = Vec::new();
    let mut failure: Option<anyhow::Error> = None;
    for (i, (name, file)) in names.iter().enumerate() {
        if interrupt.load(Ordering::SeqCst) {
            break;
        }
        crate::say!(
            "[{}/{total}] {name}: solving {limit} (Ctrl-C stops and keeps the results so far)",
            i + 1
        );
        let mut cmd = Command::new(&exe);
        cmd.arg("bench-one")
            .arg(file)
            .arg("--out")
            .arg(a.out.join(name))
            .arg("--time-limit")
            .arg(a.time_limit.to_string())
            .arg("--seed")
            .arg(a.seed.to_string())
            .arg("--threads")
            .arg(a.threads.to_string());
        if let Some(w) = a.work_limit {
            cmd.arg("--work-limit").arg(w.to_string());
        }
        cmd.args(a.strategy.to_args());
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("cannot start {} bench-one", exe.display()))?;
        {
            let mut slot = child_stdin
                .lock()
                .map_err(|_| anyhow::anyhow!("internal error: a lock was poisoned"))?;
            let stdin = child.stdin.take();
            // Ctrl-C before the child existed: ask it to stop at once.
            if !interrupt.load(Ordering::SeqCst) {
                *slot = stdin;
            }
        }
        let mut out = String::new();
        let read = child.stdout.take().map(|mut o| o.read_to_string(&mut out));
        let status = child.wait().context("cannot wait for the child process")?;
        if let Ok(mut slot) = child_stdin.lock() {
            slot.take();
        }
        let parsed = out
            .lines()
            .rev()
            .find(|l| l.trim_start().starts_with('{'))
            .map(serde_json::from_str::<BenchResult>);
        match (status.success(), read, parsed) {
            (true, Some(Ok(_)), Some(Ok(r))) => {
                crate::say!("[{}/{total}] {}", i + 1, progress_line(&r));
                results.push(r);
            }
            _ if interrupt.load(Ordering::SeqCst) => {
                crate::say!("[{}/{total}] {name}: interrupted before a result", i + 1);
                break;
            }
            (ok, _, parsed) => {
                let why = match (ok, parsed) {
                    (false, _) => format!("the child process failed ({status})"),
                    (true, Some(Err(e))) => format!("its result line is not valid JSON: {e}"),
                    (true, _) => "it printed no result line".to_string(),
                };
                failure = Some(anyhow::anyhow!(
                    "{name} ({}): {why}; results.csv holds the instances before it",
                    file.display()
                ));
                break;
            }
        }
    }
    let csv = results_csv(&results, a.seed, a.time_limit);
    write_files_atomic(&a.out, &[("results.csv", csv.into_bytes())])
        .with_context(|| format!("cannot write results.csv into {}", a.out.display()))?;
    crate::print_out(&results_table(&results))?;
    crate::say!(
        "wrote {} and {} roster(s) under {}",
        a.out.join("results.csv").display(),
        results.len(),
        a.out.display()
    );
    if let Some(e) = failure {
        return Err(e);
    }
    if interrupt.load(Ordering::SeqCst) {
        crate::say!(
            "interrupted: results.csv holds {} of {total} instance(s)",
            results.len()
        );
    }
    Ok(if interrupt.load(Ordering::SeqCst) {
        crate::EXIT_INTERRUPTED
    } else {
        0
    })
}

/// The gap to the best-known value in percent, when the roster is feasible and the best-known
/// value is known and positive.
/// Peak resident set size of this process in KiB (`VmHWM` of `/proc/self/status`); `None`
/// where that file does not exist (other systems than Linux).
fn peak_memory_kib() -> Option<u64> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// `rotaflow bench-one FILE --out DIR --time-limit T [--seed N] [--work-limit W]`: solves one
/// instance, writes DIR/roster.csv, checks the roster with the independent checker and prints
/// an [`BenchResult`] as one JSON line. Standard input closing (or any input) stops the search.
pub fn run_one(a: &BenchOneArgs) -> anyhow::Result<u8> {
    check_time_limit(a.time_limit)?;
    let (instance, scenario) = match load(&a.file)? {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let interrupt = Arc::new(AtomicBool::new(false));
    {
        let flag = interrupt.clone();
        let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
        let flag = interrupt.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 64];
            // Returns at end of input, on any input, or on an error: each means "stop".
            let _ = std::io::stdin().read(&mut buf);
            flag.store(true, Ordering::SeqCst);
        });
    }
    let mut solver = Solver::new(&scenario)
        .seed(a.seed)
        .time_limit(Duration::from_secs_f64(a.time_limit))
        .target(None)
        .interrupt(interrupt)
        .threads(usize::from(a.threads))
        .windows(a.strategy.lns())
        .acceptance(a.strategy.acceptance());
    if let Some(w) = a.work_limit {
        solver = solver.work_limit(w);
    }
    let solution = solver.run().solution;
    let shown = a.file.display().to_string();
    let score = rotaflow::score(&scenario, &solution.roster);
    anyhow::ensure!(
        score == solution.score,
        "{shown}: the solver reports {} but the evaluator scores its roster {score}",
        solution.score
    );
    let grid: Vec<Vec<Option<usize>>> = (0..scenario.staff().len())
        .map(|e| {
            solution
                .roster
                .line(rotaflow::StaffId::new(e))
                .iter()
                .map(|c| c.map(|s| s.index()))
                .collect()
        })
        .collect();
    let check = curtois::check(&instance, &grid);
    anyhow::ensure!(
        check.objective == score.soft && check.hard_amount() == score.hard,
        "{shown}: the evaluator and the independent checker disagree on the roster found: \
         evaluator {} hard / {} soft, checker {} hard / {} objective (first violation: {})",
        score.hard,
        score.soft,
        check.hard_amount(),
        check.objective,
        check
            .violations
            .first()
            .map_or("none", |v| v.message.as_str())
    );
    let mut roster_csv = Vec::new();
    write_roster(&scenario, &solution.roster, &mut roster_csv)?;
    write_files_atomic(&a.out, &[("roster.csv", roster_csv)])
        .with_context(|| format!("cannot write roster.csv into {}", a.out.display()))?;
    let result = BenchResult {
        instance: instance_name(&a.file),
        days: instance.days,
        staff: instance.staff.len(),
        shifts: instance.shifts.len(),
        objective: score.soft,
        hard: score.hard,
        seconds: solution.elapsed.as_secs_f64(),
        seconds_to_best: solution.time_to_best.as_secs_f64(),
        moves: solution.moves,
        stop: solution.stop,
        peak_memory_kib: peak_memory_kib(),
    };
    crate::print_out(&(serde_json::to_string(&result)? + "\n"))?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peak_memory_is_read_on_linux() {
        let m = peak_memory_kib();
        assert_eq!(m.is_some(), cfg!(target_os = "linux"));
        assert!(m.is_none_or(|k| k > 0));
    }
}
