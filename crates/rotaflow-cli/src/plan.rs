//! `rotaflow plan DIR --out OUTDIR`.

use crate::args::PlanArgs;
use crate::search::{check_out, interrupt_flag, Progress};
use anyhow::Context;
use rotaflow::formats::{read_scenario_dir, write_files_atomic, write_roster};
use rotaflow::solver::{Acceptance, ExactPolish, Observer, SolveOptions, Solver};
use serde::Serialize;
use std::ops::ControlFlow;
use std::sync::atomic::Ordering;
use std::time::Duration;

#[derive(Serialize)]
struct PlanReport<'a> {
    scenario: &'a str,
    hard: u64,
    soft: u64,
    solver: String,
    /// The acceptance rule of each search, by search number.
    acceptance: Vec<Acceptance>,
    seed: u64,
    threads: u16,
    time_limit_seconds: Option<f64>,
    work_limit: Option<u64>,
    stop_reason: rotaflow::solver::StopReason,
    moves: u64,
    lns: bool,
    lns_windows: u64,
    lns_improved: u64,
    seconds: f64,
    seconds_to_best: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    exact: Option<&'a ExactPolish>,
    evaluation: &'a rotaflow::EvaluationReport,
}

/// The files `plan` writes into `--out`.
const OUTPUTS: [&str; 5] = [
    "roster.csv",
    "roster-grid.csv",
    "report.md",
    "report.json",
    "history-out.csv",
];

pub fn run(a: &PlanArgs) -> anyhow::Result<u8> {
    let scenario = crate::read_or_report!(read_scenario_dir(&a.dir), a.dir);
    if let Some(t) = a.time_limit {
        anyhow::ensure!(
            t.is_finite() && t >= 0.0,
            "--time-limit {t}: give a number of seconds, 0 or more"
        );
    }
    // Before the search, not after it: an unusable --out would throw the search away.
    let inputs = crate::outputs::scenario_inputs(&a.dir);
    let inputs: Vec<&std::path::Path> = inputs.iter().map(|p| p.as_path()).collect();
    crate::outputs::refuse_overwriting_inputs(&crate::outputs::in_dir(&a.out, &OUTPUTS), &inputs)?;
    check_out(&a.out)?;
    let interrupt = interrupt_flag();
    let mut solver = Solver::new(&scenario)
        .seed(a.seed)
        .threads(usize::from(a.threads))
        .windows(a.strategy.lns())
        .acceptance(a.strategy.acceptance())
        .exact(a.exact)
        .interrupt(interrupt.clone());
    if let Some(t) = a.time_limit {
        solver = solver.time_limit(Duration::from_secs_f64(t));
    }
    if let Some(w) = a.work_limit {
        solver = solver.work_limit(w);
    }
    let options = solver.options();
    let time_limit = options.time_limit.map(|t| t.as_secs_f64());
    if !a.quiet {
        let limit = match (time_limit, a.work_limit) {
            (Some(t), Some(w)) => format!("up to {t} s or {w} moves"),
            (Some(t), None) => format!("up to {t} s"),
            (None, Some(w)) => format!("{w} moves"),
            (None, None) => "construction only".to_string(),
        };
        crate::say!(
            "planning {}: {} staff, {} days; searching {limit} (Ctrl-C stops and keeps the best roster){}",
            scenario.name(),
            scenario.staff().len(),
            scenario.days(),
            if a.exact {
                format!(
                    ", then the whole roster as one MIP ({})",
                    rotaflow::solver::mip::backend_name()
                )
            } else {
                String::new()
            }
        );
    }
    let mut progress = Progress::new(a.quiet);
    let solved = solver
        .on_progress(|p| {
            progress.improved(p);
            ControlFlow::Continue(())
        })
        .run();
    progress.flush();
    let interrupted = interrupt.load(Ordering::Relaxed);
    finish(
        a,
        &scenario,
        &solved.solution,
        solved.exact.as_ref(),
        &options,
        time_limit,
        interrupted,
    )
}

/// Evaluates the final roster and writes the result files; the exit code.
fn finish(
    a: &PlanArgs,
    scenario: &rotaflow::Scenario,
    solution: &rotaflow::solver::Solution,
    exact: Option<&ExactPolish>,
    options: &SolveOptions,
    time_limit: Option<f64>,
    interrupted: bool,
) -> anyhow::Result<u8> {
    let eval = rotaflow::evaluate(scenario, &solution.roster).report(scenario, &solution.roster);
    debug_assert_eq!(eval.score(), solution.score);
    let rules = options.rules();
    let solver = options.describe();
    let report = PlanReport {
        scenario: scenario.name(),
        hard: eval.hard,
        soft: eval.soft,
        solver: solver.clone(),
        acceptance: rules,
        seed: a.seed,
        threads: a.threads,
        time_limit_seconds: time_limit,
        work_limit: a.work_limit,
        stop_reason: solution.stop,
        moves: solution.moves,
        lns: options.lns,
        lns_windows: solution.lns.windows,
        lns_improved: solution.lns.improved,
        seconds: solution.elapsed.as_secs_f64(),
        seconds_to_best: solution.time_to_best.as_secs_f64(),
        exact,
        evaluation: &eval,
    };
    let mut roster_csv = Vec::new();
    write_roster(scenario, &solution.roster, &mut roster_csv)?;
    let mut run_lines = vec![
        ("Solver".to_string(), solver),
        ("Seed".to_string(), a.seed.to_string()),
        ("Parallel searches".to_string(), a.threads.to_string()),
        (
            "Search".to_string(),
            format!(
                "{} moves and {} MIP windows ({} improved) in {:.1} s (stopped: {:?})",
                solution.moves,
                solution.lns.windows,
                solution.lns.improved,
                solution.elapsed.as_secs_f64(),
                solution.stop
            ),
        ),
    ];
    if let Some(x) = report.exact {
        run_lines.push(("Exact MIP".to_string(), x.summary()));
    }
    let md = rotaflow::report::markdown(scenario, &solution.roster, &eval, &run_lines);
    let files = [
        ("roster.csv", roster_csv),
        (
            "roster-grid.csv",
            rotaflow::report::grid_csv(scenario, &solution.roster).into_bytes(),
        ),
        ("report.md", md.into_bytes()),
        ("report.json", serde_json::to_vec_pretty(&report)?),
        (
            "history-out.csv",
            rotaflow::formats::history_out(
                scenario,
                &solution.roster,
                rotaflow::formats::HistoryOptions {
                    carry_totals: a.carry_totals,
                },
            )
            .into_bytes(),
        ),
    ];
    write_files_atomic(&a.out, &files)
        .with_context(|| format!("cannot write the results into {}", a.out.display()))?;
    if interrupted && !a.quiet {
        crate::say!("interrupted: wrote the best roster found so far");
    }
    let mut summary = format!(
        "{}: {} hard / {} soft; wrote roster.csv, roster-grid.csv, report.md, report.json and history-out.csv to {}",
        scenario.name(),
        eval.hard,
        eval.soft,
        a.out.display()
    );
    if eval.hard > 0 {
        summary.push_str(&format!(
            "\nwarning: the roster breaks hard rules ({} unit(s)); report.md lists them",
            eval.hard
        ));
    }
    summary.push('\n');
    crate::print_out(&summary)?;
    Ok(if interrupted {
        crate::EXIT_INTERRUPTED
    } else {
        0
    })
}
