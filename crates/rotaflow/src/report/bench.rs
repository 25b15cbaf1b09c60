//! Results of `rotaflow bench curtois`: one [`BenchResult`] per instance, written as
//! results.csv ([`results_csv`], columns [`RESULT_COLUMNS`]), as an aligned table for people
//! ([`results_table`]) and as a progress line ([`progress_line`]), each with the gap to the
//! published best-known value ([`crate::formats::curtois::best_known`]).

use crate::formats::curtois::best_known;
use crate::solver::StopReason;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// What `bench-one` reports: one JSON line on standard output.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BenchResult {
    /// Instance name (the file name without extension).
    pub instance: String,
    /// Days of the horizon.
    pub days: u32,
    /// Number of employees.
    pub staff: usize,
    /// Number of shift types.
    pub shifts: usize,
    /// The benchmark objective of the roster (the evaluator's soft score, confirmed by the
    /// independent checker).
    pub objective: u64,
    /// The evaluator's hard score (0 when every benchmark constraint holds).
    pub hard: u64,
    /// Solver time in seconds.
    pub seconds: f64,
    /// Time at which the best roster was found, in seconds.
    pub seconds_to_best: f64,
    /// Moves evaluated by the local search.
    pub moves: u64,
    /// Why the search stopped.
    pub stop: StopReason,
    /// Peak resident memory of the child process in KiB (`VmHWM`), when known.
    pub peak_memory_kib: Option<u64>,
}

/// Columns of results.csv.
pub const RESULT_COLUMNS: [&str; 14] = [
    "instance",
    "days",
    "staff",
    "shifts",
    "objective",
    "hard",
    "best_known",
    "gap_percent",
    "seconds",
    "seconds_to_best",
    "moves",
    "peak_memory_mib",
    "seed",
    "time_limit",
];

/// The gap to the best-known value in percent, for a roster with no hard violation.
pub fn gap_percent(r: &BenchResult) -> Option<f64> {
    let best = best_known(&r.instance)?;
    (r.hard == 0 && best > 0).then(|| (r.objective as f64 - best as f64) * 100.0 / best as f64)
}

/// One line on an instance's result, for progress output.
pub fn progress_line(r: &BenchResult) -> String {
    let best = match (best_known(&r.instance), gap_percent(r)) {
        (Some(b), Some(g)) => format!(" (best known {b}, gap {g:.2}%)"),
        (Some(b), None) => format!(" (best known {b})"),
        _ => String::new(),
    };
    let memory = r.peak_memory_kib.map_or(String::new(), |k| {
        format!(", peak {:.1} MiB", k as f64 / 1024.0)
    });
    format!(
        "{}: {} days, {} staff, {} shift types: objective {}{best}, hard {}; {:.2} s (best at \
         {:.2} s), {} moves, stopped: {:?}{memory}",
        r.instance,
        r.days,
        r.staff,
        r.shifts,
        r.objective,
        r.hard,
        r.seconds,
        r.seconds_to_best,
        r.moves,
        r.stop
    )
}

/// The cells of one results.csv row, in [`RESULT_COLUMNS`] order.
pub fn row(r: &BenchResult, seed: u64, time_limit: f64) -> Vec<String> {
    vec![
        r.instance.clone(),
        r.days.to_string(),
        r.staff.to_string(),
        r.shifts.to_string(),
        r.objective.to_string(),
        r.hard.to_string(),
        best_known(&r.instance).map_or(String::new(), |b| b.to_string()),
        gap_percent(r).map_or(String::new(), |g| format!("{g:.2}")),
        format!("{:.3}", r.seconds),
        format!("{:.3}", r.seconds_to_best),
        r.moves.to_string(),
        r.peak_memory_kib
            .map_or(String::new(), |k| format!("{:.1}", k as f64 / 1024.0)),
        seed.to_string(),
        time_limit.to_string(),
    ]
}

/// results.csv: a header of [`RESULT_COLUMNS`] and one row per result.
pub fn results_csv(results: &[BenchResult], seed: u64, time_limit: f64) -> String {
    let quote = |c: &str| {
        if c.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", c.replace('"', "\"\""))
        } else {
            c.to_string()
        }
    };
    let mut o = RESULT_COLUMNS.join(",");
    o.push('\n');
    for r in results {
        let cells: Vec<String> = row(r, seed, time_limit).iter().map(|c| quote(c)).collect();
        o.push_str(&cells.join(","));
        o.push('\n');
    }
    o
}

/// The results as an aligned table for people.
pub fn results_table(results: &[BenchResult]) -> String {
    let header = [
        "instance",
        "days",
        "staff",
        "shifts",
        "objective",
        "hard",
        "best",
        "gap %",
        "seconds",
        "to best",
        "moves",
        "MiB",
    ];
    let rows: Vec<Vec<String>> = results
        .iter()
        .map(|r| {
            let mut c = row(r, 0, 0.0);
            c.truncate(header.len());
            c
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].len())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut o = String::new();
    let mut line = |cells: Vec<&str>| {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                if i == 0 {
                    format!("{c:<w$}")
                } else {
                    format!("{c:>w$}")
                }
            })
            .collect();
        let _ = writeln!(o, "{}", parts.join("  ").trim_end());
    };
    line(header.to_vec());
    for r in &rows {
        line(r.iter().map(String::as_str).collect());
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(name: &str, objective: u64, hard: u64) -> BenchResult {
        BenchResult {
            instance: name.to_string(),
            days: 14,
            staff: 8,
            shifts: 1,
            objective,
            hard,
            seconds: 1.5,
            seconds_to_best: 0.25,
            moves: 1000,
            stop: StopReason::WorkLimit,
            peak_memory_kib: Some(2048),
        }
    }

    #[test]
    fn rows_hold_the_gap_only_for_feasible_rosters_with_a_known_best() {
        let r = row(&result("Instance1", 637, 0), 7, 60.0);
        assert_eq!(
            r,
            [
                "Instance1",
                "14",
                "8",
                "1",
                "637",
                "0",
                "607",
                "4.94",
                "1.500",
                "0.250",
                "1000",
                "2.0",
                "7",
                "60"
            ]
        );
        let r = row(&result("Instance1", 637, 3), 7, 0.5);
        assert_eq!((r[7].as_str(), r[13].as_str()), ("", "0.5"));
        let r = row(&result("Synthetic", 10, 0), 1, 1.0);
        assert_eq!((r[6].as_str(), r[7].as_str()), ("", ""));
        let mut m = result("x,y", 1, 0);
        m.peak_memory_kib = None;
        let csv = results_csv(&[m], 1, 1.0);
        assert_eq!(
            csv.lines().nth(1).unwrap(),
            "\"x,y\",14,8,1,1,0,,,1.500,0.250,1000,,1,1"
        );
    }

    #[test]
    fn table_aligns_columns() {
        let t = results_table(&[result("Instance1", 607, 0), result("Instance10", 5000, 0)]);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("instance    days"));
        assert!(lines[1].starts_with("Instance1     14"));
        assert!(lines[2].contains(" 5000 "));
    }
}
