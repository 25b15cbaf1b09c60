//! `rotaflow replan DIR --roster PUBLISHED.csv --changes CHANGES.csv --from DATE --out OUTDIR`.

use crate::args::ReplanArgs;
use crate::plan::{solver_description, Progress};
use anyhow::Context;
use chrono::NaiveDate;
use rotaflow::formats::{read_changes_file, read_roster_file, read_scenario_dir, write_roster};
use rotaflow::replan::{
    calls, changed_cells, prepare, soft_gaps, Call, CellChange, Gap, ReplanOptions,
};
use rotaflow::rules::RuleKind;
use rotaflow::solver::{solve, Acceptance, SolveOptions, StopReason, DEFAULT_ACCEPTANCE};
use rotaflow::{Scenario, Score};
use serde::Serialize;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// Search time when neither a time nor a work limit is given, in seconds.
const DEFAULT_TIME_LIMIT: f64 = 5.0;

#[derive(Serialize)]
struct ReplanReport<'a> {
    scenario: &'a str,
    from: NaiveDate,
    hard: u64,
    /// The scenario's own soft cost, without the cost of the changes.
    soft: u64,
    /// The soft cost of the changes (`change` rule).
    change_cost: u64,
    /// Person-days that differ from the published roster, the absent people's included.
    changed_cells: usize,
    /// Person-days changed for people other than those away on the changed day.
    changed_for_others: usize,
    /// Published shifts the absent people lose.
    lost_shifts: usize,
    /// Whom to tell, in plain words.
    calls: &'a [Call],
    /// Shifts left short of soft cover the published roster had, because a change would
    /// cost more than the gap.
    soft_gaps: &'a [Gap],
    notes: &'a [String],
    changes: Vec<ChangeRow>,
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
}

/// One row of changes.csv (and of the report): empty shift codes are days off.
#[derive(Serialize)]
struct ChangeRow {
    date: NaiveDate,
    staff: String,
    before: String,
    after: String,
}

/// A re-plan's inputs, read and prepared.
pub(crate) struct Loaded {
    pub scenario: Scenario,
    pub published: rotaflow::Roster,
    pub first_day: usize,
    pub prepared: rotaflow::replan::Prepared,
    /// Number of changes read.
    pub changes: usize,
}

/// Reads the scenario, the published roster and the changes, and prepares the re-plan's
/// scenario; `Err(code)` when an input has problems (printed with file and line).
pub(crate) fn load(
    dir: &Path,
    roster: &Path,
    changes_file: &Path,
    from: &str,
    change_weight: u32,
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
    let first_day = NaiveDate::parse_from_str(from.trim(), "%Y-%m-%d")
        .ok()
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
    match prepare(&scenario, &published, &changes.changes, &options) {
        Ok(prepared) => Ok(Ok(Loaded {
            scenario,
            published,
            first_day,
            prepared,
            changes: changes.changes.len(),
        })),
        Err(errs) => report(changes_file, &changes.format_errors(&errs)),
    }
}

pub fn run(a: &ReplanArgs) -> anyhow::Result<u8> {
    if let Some(t) = a.time_limit {
        anyhow::ensure!(
            t.is_finite() && t >= 0.0,
            "--time-limit {t}: give a number of seconds, 0 or more"
        );
    }
    let Loaded {
        scenario,
        published,
        first_day,
        prepared,
        changes,
    } = match load(&a.dir, &a.roster, &a.changes, &a.from, a.change_weight)? {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let h = scenario.horizon();
    // Before the search, not after it: an unusable --out would throw the search away.
    rotaflow::formats::check_output_dir(&a.out).with_context(|| {
        format!(
            "cannot write the results into {}: give --out a folder you can write to",
            a.out.display()
        )
    })?;
    let interrupt = crate::plan::interrupt_flag();
    let time_limit = crate::plan::time_limit(a.time_limit, a.work_limit, DEFAULT_TIME_LIMIT);
    let solve_options = SolveOptions {
        seed: a.seed,
        time_limit: time_limit.map(Duration::from_secs_f64),
        work_limit: a.work_limit,
        target: Some(Score::ZERO),
        interrupt: Some(interrupt.clone()),
        threads: usize::from(a.threads),
        lns: false,
        acceptance: DEFAULT_ACCEPTANCE.to_vec(),
    };
    let s = &prepared.scenario;
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
    let solution = solve(s, &solve_options, &mut progress);
    progress.flush();
    let eval = rotaflow::evaluate(s, &solution.roster).report(s, &solution.roster);
    let change_cost = eval
        .by_rule
        .iter()
        .filter(|r| r.rule == RuleKind::Change.name())
        .map(|r| r.soft)
        .sum::<u64>();
    let cells = changed_cells(&published, &solution.roster);
    let away = |c: &CellChange| s.leave_of(c.staff).any(|l| l.day as usize == c.day);
    let who_to_call = calls(s, &cells);
    let gaps = soft_gaps(&scenario, &published, s, &solution.roster);
    let rules: Vec<Acceptance> = (0..solve_options.threads.max(1))
        .map(|i| solve_options.acceptance_of(i))
        .collect();
    let report = ReplanReport {
        scenario: s.name(),
        from: h.date(first_day),
        hard: eval.hard,
        soft: eval.soft - change_cost,
        change_cost,
        changed_cells: cells.len(),
        changed_for_others: cells.iter().filter(|c| !away(c)).count(),
        lost_shifts: prepared.lost_shifts,
        calls: &who_to_call,
        soft_gaps: &gaps,
        notes: &prepared.notes,
        changes: cells.iter().map(|c| change_row(s, c)).collect(),
        solver: solver_description(&rules, false),
        seed: a.seed,
        threads: a.threads,
        change_weight: a.change_weight,
        time_limit_seconds: time_limit,
        work_limit: a.work_limit,
        stop_reason: solution.stop,
        moves: solution.moves,
        seconds: solution.elapsed.as_secs_f64(),
        evaluation: &eval,
    };
    let mut roster_csv = Vec::new();
    write_roster(s, &solution.roster, &mut roster_csv)?;
    let mut changes_csv = Vec::new();
    rotaflow::formats::write_changes(s, &cells, &mut changes_csv)?;
    let md = markdown(s, &report, &solution.roster);
    let files = [
        ("roster.csv", roster_csv),
        ("changes.csv", changes_csv),
        ("report.md", md.into_bytes()),
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
    rotaflow::formats::write_files_atomic(&a.out, &files)
        .with_context(|| format!("cannot write the results into {}", a.out.display()))?;
    let interrupted = interrupt.load(Ordering::Relaxed);
    let mut summary = format!(
        "{}: {} hard / {} soft, {} person-day(s) changed ({} for people not away), {} to call; \
         wrote roster.csv, changes.csv, report.md, report.json and history-out.csv to {}\n",
        s.name(),
        report.hard,
        report.soft,
        report.changed_cells,
        report.changed_for_others,
        who_to_call.len(),
        a.out.display()
    );
    if !gaps.is_empty() {
        summary.push_str(&format!(
            "note: {} shift(s) the published roster filled are left short (soft cover; a change \
             costs more): report.md says how to fill them\n",
            gaps.len()
        ));
    }
    if report.hard > 0 {
        summary.push_str(&format!(
            "warning: the roster breaks hard rules ({} unit(s)); report.md lists them\n",
            report.hard
        ));
    }
    crate::print_out(&summary)?;
    Ok(if interrupted {
        crate::EXIT_INTERRUPTED
    } else {
        0
    })
}

fn change_row(s: &Scenario, c: &CellChange) -> ChangeRow {
    let code = |v: Option<rotaflow::ShiftId>| v.map_or(String::new(), |x| s.shift(x).code.clone());
    ChangeRow {
        date: s.horizon().date(c.day),
        staff: s.staff_member(c.staff).code.clone(),
        before: code(c.before),
        after: code(c.after),
    }
}

/// report.md: the re-plan's summary, whom to call, then the usual roster report.
fn markdown(s: &Scenario, r: &ReplanReport<'_>, roster: &rotaflow::Roster) -> String {
    let mut md = format!("# Re-plan of {} from {}\n\n", r.scenario, r.from);
    md.push_str(&format!(
        "- Hard: {}; soft (the scenario's rules): {}; cost of the changes: {}\n\
         - Person-days changed: {} ({} for people not away); shifts lost to absences: {}\n\
         - Days before {} are as published.\n\n",
        r.hard, r.soft, r.change_cost, r.changed_cells, r.changed_for_others, r.lost_shifts, r.from
    ));
    md.push_str("## Whom to call\n\n");
    if r.calls.is_empty() {
        md.push_str("Nobody: no one else's days change.\n");
    }
    for c in r.calls.iter().filter(|c| c.called_in) {
        md.push_str(&format!("- **{}** (called in on a day off)\n", c.message));
    }
    for c in r.calls.iter().filter(|c| !c.called_in) {
        md.push_str(&format!("- {}\n", c.message));
    }
    if !r.soft_gaps.is_empty() {
        let missing: u64 = r.soft_gaps.iter().map(|g| g.missing).sum();
        let top = r.soft_gaps.iter().map(|g| g.weight).max().unwrap_or(0);
        md.push_str(&format!(
            "\n## Left short\n\n{missing} place(s) on {} shift(s) that the published roster \
             filled stay short: their cover is soft (weight {top} at most) and calling someone \
             in costs more (--change-weight {}). To fill them, re-plan with a lower change \
             weight, such as --change-weight {}.\n\n",
            r.soft_gaps.len(),
            r.change_weight,
            (top / 5).max(1)
        ));
        for g in r.soft_gaps {
            md.push_str(&format!(
                "- {} {}: {} short (soft, weight {})\n",
                s.horizon().date(g.day),
                s.shift(g.shift).code,
                g.missing,
                g.weight
            ));
        }
    }
    if !r.notes.is_empty() {
        md.push_str("\n## Notes\n\n");
        for n in r.notes {
            md.push_str(&format!("- {n}\n"));
        }
    }
    md.push('\n');
    let run = vec![
        ("Solver".to_string(), r.solver.clone()),
        ("Seed".to_string(), r.seed.to_string()),
        (
            "Search".to_string(),
            format!(
                "{} moves in {:.1} s (stopped: {:?})",
                r.moves, r.seconds, r.stop_reason
            ),
        ),
    ];
    md.push_str(&rotaflow::report::markdown(s, roster, r.evaluation, &run));
    md
}
