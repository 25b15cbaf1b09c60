//! A roster made by another system, judged by rotaflow's evaluator: the general ward's
//! scenario folder and a roster CSV (`staff,date,shift`) read, every broken rule explained.
//!
//! Run with `cargo run --example evaluate_roster [SCENARIO_DIR ROSTER_CSV]`.

use rotaflow::formats::{read_roster_file, read_scenario_dir};
use rotaflow::prelude::*;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/examples/general-ward");
    let mut args = std::env::args_os().skip(1);
    let (dir, file) = match (args.next(), args.next()) {
        (Some(d), Some(f)) => (PathBuf::from(d), PathBuf::from(f)),
        _ => (data.clone(), data.join("solutions/zero-penalty-roster.csv")),
    };
    let scenario = read_scenario_dir(&dir)?;
    let mut roster = read_roster_file(&file, &scenario)?;
    let report = evaluate(&scenario, &roster).report(&scenario, &roster);
    println!("{}\n", report.summarize(5));

    // The same roster with the first person's first working day taken away: what breaks?
    let first = StaffId::new(0);
    if let Some(day) = roster.line(first).iter().position(Option::is_some) {
        roster.set(first, day, None);
        let after = evaluate(&scenario, &roster).report(&scenario, &roster);
        println!(
            "without {}'s shift on day {}:\n{}",
            scenario.staff_member(first).code,
            day + 1,
            report.diff(&after)
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs() {
        super::main().expect("the example runs");
    }
}
