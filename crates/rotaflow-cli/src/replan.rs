//! `rotaflow replan DIR --roster PUBLISHED.csv --changes CHANGES.csv --from DATE --out OUTDIR`.

use crate::args::ReplanArgs;
use crate::search::Progress;
use anyhow::Context;
use rotaflow::appointments::clinic::Clinic;
use rotaflow::appointments::rebook::{booked_per_doctor_day, rebook, BookEntry, RebookSummary};
use rotaflow::formats::{
    read_book_file, read_changes_file, read_clinic_dir, read_roster_file, read_scenario_dir,
    write_book, write_rebook, write_roster,
};
use rotaflow::replan::{prepare, protect_bookings, Outcome, ReplanOptions};
use rotaflow::solver::{Observer, Solver, StopReason, DEFAULT_ACCEPTANCE};
use rotaflow::Scenario;
use serde::Serialize;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// Search time when neither a time nor a work limit is given.
const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(5);

#[derive(Serialize)]
struct ReplanReport<'a> {
    scenario: &'a str,
    #[serde(flatten)]
    outcome: &'a Outcome,
    solver: String,
    seed: u64,
    threads: u16,
    change_weight: u32,
    time_limit_seconds: Option<f64>,
    work_limit: Option<u64>,
    stop_reason: StopReason,
    moves: u64,
    seconds: f64,
    evaluation: &'a rotaflow::EvaluationReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    rebooking: Option<RebookSummary>,
}

/// A re-plan's inputs, read and prepared.
pub(crate) struct Loaded {
    pub scenario: Scenario,
    pub published: rotaflow::Roster,
    pub first_day: usize,
    pub prepared: rotaflow::replan::Prepared,
    /// Number of changes read.
    pub changes: usize,
    /// The clinic and its appointment book, with `--appointments`.
    pub book: Option<(Clinic, Vec<BookEntry>)>,
}

/// Reads the scenario, the published roster and the changes, and prepares the re-plan's
/// scenario; `Err(code)` when an input has problems (printed with file and line).
pub(crate) fn load(
    dir: &Path,
    roster: &Path,
    changes_file: &Path,
    from: &str,
    change_weight: u32,
    book: Option<&Path>,
) -> anyhow::Result<Result<Loaded, u8>> {
    let report = |path: &Path, e: &rotaflow::formats::FormatErrors| {
        Ok(Err(crate::report_problems(&path.display().to_string(), e)))
    };
    let scenario = match read_scenario_dir(dir) {
        Ok(s) => s,
        Err(e) => return report(dir, &e),
    };
    let published = match read_roster_file(roster, &scenario) {
        Ok(r) => r,
        Err(e) => return report(roster, &e),
    };
    let h = scenario.horizon();
    let first_day = rotaflow::model::parse_date(from.trim())
        .with_context(|| {
            format!("--from {from}: write the first day that may change as YYYY-MM-DD")
        })
        .and_then(|d| {
            h.day_of(d).with_context(|| {
                format!(
                    "--from {d} is outside the plan {}..{}: give a day of the plan",
                    h.start,
                    h.end()
                )
            })
        })?;
    let changes = match read_changes_file(changes_file, &scenario) {
        Ok(c) => c,
        Err(e) => return report(changes_file, &e),
    };
    let options = ReplanOptions {
        first_day: first_day as u32,
        change_weight,
    };
    let book = match book {
        None => None,
        Some(path) => {
            let clinic = match read_clinic_dir(dir, &scenario) {
                Ok(c) => c,
                Err(e) => return report(dir, &e),
            };
            match read_book_file(path, &scenario, &clinic) {
                Ok(b) => Some((clinic, b)),
                Err(e) => return report(path, &e),
            }
        }
    };
    let mut prepared = match prepare(&scenario, &published, &changes.changes, &options) {
        Ok(p) => p,
        Err(errs) => return report(changes_file, &changes.format_errors(&errs)),
    };
    if let Some((_, b)) = &book {
        let booked = booked_per_doctor_day(b, first_day as u32);
        protect_bookings(&mut prepared, &booked, change_weight)
            .map_err(|e| anyhow::anyhow!("the appointment book cannot be weighed in: {e}"))?;
    }
    Ok(Ok(Loaded {
        scenario,
        published,
        first_day,
        prepared,
        changes: changes.changes.len(),
        book,
    }))
}

pub fn run(a: &ReplanArgs) -> anyhow::Result<u8> {
    if let Some(t) = a.time_limit {
        anyhow::ensure!(
            t.is_finite() && t >= 0.0,
            "--time-limit {t}: give a number of seconds, 0 or more"
        );
    }
    {
        use crate::outputs::{in_dir, refuse_overwriting_inputs, scenario_inputs};
        let mut names = vec![
            "roster.csv",
            "changes.csv",
            "report.json",
            "history-out.csv",
            "report.md",
        ];
        if a.appointments.is_some() {
            names.extend(["rebook.csv", "appointments.csv"]);
        }
        let scenario_files = scenario_inputs(&a.dir);
        let mut inputs: Vec<&std::path::Path> = vec![&a.roster, &a.changes];
        inputs.extend(a.appointments.as_deref());
        inputs.extend(scenario_files.iter().map(|p| p.as_path()));
        refuse_overwriting_inputs(&in_dir(&a.out, &names), &inputs)?;
    }
    let Loaded {
        scenario,
        published,
        first_day,
        prepared,
        changes,
        book,
    } = match load(
        &a.dir,
        &a.roster,
        &a.changes,
        &a.from,
        a.change_weight,
        a.appointments.as_deref(),
    )? {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let h = scenario.horizon();
    // Before the search, not after it: an unusable --out would throw the search away.
    crate::search::check_out(&a.out)?;
    let interrupt = crate::search::interrupt_flag();
    let s = &prepared.scenario;
    let mut solver = Solver::new(s)
        .seed(a.seed)
        .threads(usize::from(a.threads))
        .windows(false)
        .acceptance(DEFAULT_ACCEPTANCE.to_vec())
        .interrupt(interrupt.clone())
        .default_time_limit(DEFAULT_TIME_LIMIT);
    if let Some(t) = a.time_limit {
        solver = solver.time_limit(Duration::from_secs_f64(t));
    }
    if let Some(w) = a.work_limit {
        solver = solver.work_limit(w);
    }
    let solve_options = solver.options();
    let time_limit = solve_options.time_limit.map(|t| t.as_secs_f64());
    if !a.quiet {
        crate::say!(
            "re-planning {} from {} with {} change(s); searching {} (Ctrl-C stops and keeps the best roster)",
            s.name(),
            h.date(first_day),
            changes,
            match (time_limit, a.work_limit) {
                (Some(t), _) => format!("up to {t} s"),
                (None, Some(w)) => format!("{w} moves"),
                (None, None) => "construction only".into(),
            }
        );
    }
    let mut progress = Progress::new(a.quiet);
    let solution = solver
        .on_progress(|p| {
            progress.improved(p);
            std::ops::ControlFlow::Continue(())
        })
        .run()
        .solution;
    progress.flush();
    let eval = rotaflow::evaluate(s, &solution.roster).report(s, &solution.roster);
    let outcome = Outcome::new(&scenario, &published, &prepared, &solution.roster, &eval);
    let rebooked = book
        .as_ref()
        .map(|(c, b)| rebook(s, c, &solution.roster, b, first_day as u32));
    let report = ReplanReport {
        scenario: s.name(),
        outcome: &outcome,
        solver: solve_options.describe(),
        seed: a.seed,
        threads: a.threads,
        change_weight: a.change_weight,
        time_limit_seconds: time_limit,
        work_limit: a.work_limit,
        stop_reason: solution.stop,
        moves: solution.moves,
        seconds: solution.elapsed.as_secs_f64(),
        evaluation: &eval,
        rebooking: book
            .as_ref()
            .zip(rebooked.as_ref())
            .map(|((c, _), r)| r.summary(s, c)),
    };
    let mut roster_csv = Vec::new();
    write_roster(s, &solution.roster, &mut roster_csv)?;
    let mut changes_csv = Vec::new();
    rotaflow::formats::write_changes(&outcome.changes, &mut changes_csv)?;
    let run = [
        ("Solver".to_string(), report.solver.clone()),
        ("Seed".to_string(), a.seed.to_string()),
        (
            "Search".to_string(),
            format!(
                "{} moves in {:.1} s (stopped: {:?})",
                solution.moves, report.seconds, solution.stop
            ),
        ),
    ];
    let mut md = outcome.markdown(s, &solution.roster, &eval, a.change_weight, &run);
    let mut files = vec![
        ("roster.csv", roster_csv),
        ("changes.csv", changes_csv),
        ("report.json", serde_json::to_vec_pretty(&report)?),
        (
            "history-out.csv",
            rotaflow::formats::history_out(
                s,
                &solution.roster,
                rotaflow::formats::HistoryOptions::default(),
            )
            .into_bytes(),
        ),
    ];
    if let (Some((clinic, _)), Some(r)) = (&book, &rebooked) {
        md.push('\n');
        md.push_str(&r.markdown(s, clinic));
        files.push(("rebook.csv", write_rebook(&r.rows(s, clinic)).into_bytes()));
        files.push((
            "appointments.csv",
            write_book(s, clinic, &r.book).into_bytes(),
        ));
    }
    files.push(("report.md", md.into_bytes()));
    rotaflow::formats::write_files_atomic(&a.out, &files)
        .with_context(|| format!("cannot write the results into {}", a.out.display()))?;
    let interrupted = interrupt.load(Ordering::Relaxed);
    let out = a.out.display().to_string();
    let summary = outcome.summary(s.name(), &out, rebooked.as_ref());
    crate::print_out(&summary)?;
    Ok(if interrupted {
        crate::EXIT_INTERRUPTED
    } else {
        0
    })
}
