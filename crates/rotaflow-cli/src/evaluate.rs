//! `rotaflow evaluate DIR --roster FILE [--json]`.

use crate::args::EvaluateArgs;
use rotaflow::formats::{read_roster_file, read_scenario_dir};

pub fn run(a: &EvaluateArgs) -> anyhow::Result<u8> {
    let scenario = match read_scenario_dir(&a.dir) {
        Ok(s) => s,
        Err(e) => return Ok(crate::report_problems(&a.dir.display().to_string(), &e)),
    };
    let roster = match read_roster_file(&a.roster, &scenario) {
        Ok(r) => r,
        Err(e) => return Ok(crate::report_problems(&a.roster.display().to_string(), &e)),
    };
    let report = rotaflow::evaluate(&scenario, &roster).report(&scenario, &roster);
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(0);
    }
    println!(
        "{}: {} hard / {} soft",
        scenario.name(),
        report.hard,
        report.soft
    );
    if report.hard == 0 {
        println!("every hard rule is respected");
    }
    if !report.by_rule.is_empty() {
        println!(
            "\n{:<22} {:>8} {:>8} {:>10}",
            "rule", "breaches", "hard", "soft"
        );
        for r in &report.by_rule {
            println!(
                "{:<22} {:>8} {:>8} {:>10}",
                r.rule, r.breaches, r.hard, r.soft
            );
        }
    }
    for hard in [true, false] {
        let list: Vec<_> = report
            .violations
            .iter()
            .filter(|v| v.hard == hard)
            .collect();
        if !list.is_empty() {
            println!("\n{} violations:", if hard { "hard" } else { "soft" });
            for v in list {
                println!("  {}", v.message);
            }
        }
    }
    Ok(0)
}
