//! `rotaflow appointments DIR --roster ROSTER --out OUTDIR`: the booking plan of the month and
//! the simulated patient flow of each clinic day. The documents (`plan.md`, `flow.json`) are
//! the library's (`appointments::report::booking`).

use crate::args::AppointmentsArgs;
use anyhow::Context;
use rotaflow::appointments::booking::day_flow::{
    compare_days, day_flows, simulate_days, totals, FlowOptions,
};
use rotaflow::appointments::booking::{book, BookingOptions};
use rotaflow::appointments::report::booking::PlanDocument;
use rotaflow::formats::{read_clinic_dir, read_roster_file, read_scenario_dir, write_files_atomic};

/// Runs `rotaflow appointments`.
pub fn run(a: &AppointmentsArgs) -> anyhow::Result<u8> {
    let scenario = crate::read_or_report!(read_scenario_dir(&a.dir), a.dir);
    let clinic = crate::read_or_report!(read_clinic_dir(&a.dir, &scenario), a.dir);
    let roster = crate::read_or_report!(read_roster_file(&a.roster, &scenario), a.roster);
    anyhow::ensure!(
        a.replications >= 1,
        "--replications {}: give 1 or more",
        a.replications
    );
    let booking = BookingOptions {
        weights: a
            .weights
            .parse()
            .map_err(|e| anyhow::anyhow!("--weights: {e}"))?,
    };
    let plan = book(&scenario, &roster, &clinic, &booking).context("booking the appointments")?;
    if !a.quiet {
        crate::say!(
            "booked {} of {} requests into {} running sessions ({} urgent left unbooked); simulating {} replications per day",
            plan.appointments.len(),
            clinic.requests.len(),
            plan.runs.len(),
            plan.cost.urgent_unbooked,
            a.replications
        );
    }
    let options = FlowOptions {
        replications: a.replications,
        seed: a.seed,
        ..FlowOptions::default()
    };
    let flows = day_flows(&scenario, &roster, &clinic, &plan, &options)
        .context("building the patient flow of each day")?;
    let kpis = simulate_days(&flows, &options).context("simulating the patient flow")?;
    let comparison = match &a.compare_roster {
        None => None,
        Some(path) => {
            let other = crate::read_or_report!(read_roster_file(path, &scenario), path);
            let other_flows =
                day_flows(&scenario, &other, &clinic, &plan, &options).with_context(|| {
                    format!(
                        "the plan's patient flow with the staff of {}",
                        path.display()
                    )
                })?;
            Some(
                compare_days(&flows, &other_flows, &options)
                    .context("comparing the two rosters")?,
            )
        }
    };
    let sum = totals(&kpis);
    let csv = rotaflow::formats::write_book(
        &scenario,
        &clinic,
        &rotaflow::appointments::rebook::book_of_plan(&clinic, &plan),
    );
    let roster_name = a.roster.display().to_string();
    let other_name = a.compare_roster.as_ref().map(|p| p.display().to_string());
    let doc = PlanDocument {
        scenario: &scenario,
        clinic: &clinic,
        plan: &plan,
        kpis: &kpis,
        totals: &sum,
        roster: &roster_name,
        comparison: comparison.as_deref(),
        compare_roster: other_name.as_deref(),
        seed: a.seed,
        replications: a.replications,
    };
    let md = doc.markdown();
    let json = doc.json()?;
    write_files_atomic(
        &a.out,
        &[
            ("appointments.csv", csv.into_bytes()),
            ("plan.md", md.into_bytes()),
            ("flow.json", json.into_bytes()),
        ],
    )
    .with_context(|| format!("writing the results to {}", a.out.display()))?;
    if !a.quiet {
        crate::say!(
            "{}: {} booked, {} not booked; wrote appointments.csv, plan.md and flow.json to {}",
            scenario.name(),
            plan.appointments.len(),
            plan.unbooked.len(),
            a.out.display()
        );
    }
    Ok(0)
}
