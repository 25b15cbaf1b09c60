//! `rotaflow evaluate DIR --roster FILE [--json]`.

use crate::args::EvaluateArgs;
use rotaflow::formats::{read_roster_file, read_scenario_dir};
use std::fmt::Write as _;

pub fn run(a: &EvaluateArgs) -> anyhow::Result<u8> {
    let scenario = crate::read_or_report!(read_scenario_dir(&a.dir), a.dir);
    let roster = crate::read_or_report!(read_roster_file(&a.roster, &scenario), a.roster);
    let report = rotaflow::evaluate(&scenario, &roster).report(&scenario, &roster);
    if a.json {
        crate::print_out(&(serde_json::to_string_pretty(&report)? + "\n"))?;
        return Ok(0);
    }
    let mut o = String::new();
    writeln!(
        o,
        "{}: {} hard / {} soft",
        scenario.name(),
        report.hard,
        report.soft
    )?;
    if report.hard == 0 {
        writeln!(o, "every hard rule is respected")?;
    }
    if !report.by_rule.is_empty() {
        writeln!(
            o,
            "\n{:<22} {:>8} {:>8} {:>10}",
            "rule", "breaches", "hard", "soft"
        )?;
        for r in &report.by_rule {
            writeln!(
                o,
                "{:<22} {:>8} {:>8} {:>10}",
                r.rule, r.breaches, r.hard, r.soft
            )?;
        }
    }
    for hard in [true, false] {
        let list: Vec<_> = report
            .violations
            .iter()
            .filter(|v| v.hard == hard)
            .collect();
        if !list.is_empty() {
            writeln!(o, "\n{} violations:", if hard { "hard" } else { "soft" })?;
            for v in list {
                writeln!(o, "  {}", v.message)?;
            }
        }
    }
    crate::print_out(&o)?;
    Ok(0)
}
