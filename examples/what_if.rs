//! A what-if loop: the general ward planned as it is, then with one nurse fewer and with one
//! more full-time nurse, each with the same seed and work limit (so each figure is
//! reproducible), and the differences listed against the base. A full-time nurse owes their
//! hours, so on a ward already covered the extra nurse shows up as cover over the need.
//!
//! Run with `cargo run --release --example what_if`.

use rotaflow::formats::read_scenario_dir;
use rotaflow::prelude::*;
use rotaflow::ScenarioParts;
use std::path::PathBuf;

const WORK: u64 = 300_000;

fn plan(scenario: &Scenario) -> EvaluationReport {
    Solver::new(scenario).work_limit(WORK).run().explain()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/examples/general-ward");
    let base = read_scenario_dir(&dir)?;
    let base_report = plan(&base);
    println!("base: {}", base_report.summarize(2));

    let variants: Vec<(&str, ScenarioParts)> = vec![
        ("one nurse fewer", without_last_staff(base.parts())),
        (
            "one more full-time nurse",
            with_copy_of_first_staff(base.parts()),
        ),
    ];
    for (what, parts) in variants {
        let scenario = Scenario::new(parts)?;
        let d = base_report.diff(&plan(&scenario));
        println!("\n{what}: {} -> {}", d.before, d.after);
        for r in &d.rules {
            println!(
                "  {:<22} {:>3} -> {:>3} breach(es), {} -> {}",
                r.rule, r.breaches.0, r.breaches.1, r.score.0, r.score.1
            );
        }
        println!("  {} people's work or cost changed", d.staff.len());
    }
    Ok(())
}

/// The scenario without its last staff member (and whatever referred to them).
fn without_last_staff(parts: &ScenarioParts) -> ScenarioParts {
    let mut p = parts.clone();
    let gone = StaffId::new(p.staff.len() - 1);
    p.staff.pop();
    p.leave.retain(|l| l.staff != gone);
    p.requests.retain(|r| r.staff != gone);
    p.fixed.retain(|f| f.staff != gone);
    p.commitments.retain(|c| c.staff != gone);
    p.pairings
        .retain(|x| x.staff != gone && !x.others.contains(&gone));
    p
}

/// The scenario with one more person on the first person's contract and roles.
fn with_copy_of_first_staff(parts: &ScenarioParts) -> ScenarioParts {
    let mut p = parts.clone();
    let mut extra = p.staff[0].clone();
    extra.code = "NEW1".into();
    extra.name = "New nurse".into();
    extra.history = None;
    p.staff.push(extra);
    p
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs() {
        super::main().expect("the example runs");
    }
}
