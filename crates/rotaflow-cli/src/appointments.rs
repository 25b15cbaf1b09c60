//! `rotaflow appointments DIR --roster ROSTER --out OUTDIR`: the booking plan of the month and
//! the simulated patient flow of each clinic day; staggered sessions get start times chosen by
//! simulation, and `--compare-stagger` compares them with everyone at the session start. The
//! documents (`plan.md`, `flow.json`, `stagger.md`, `stagger.json` and the printed average
//! day) are the library's (`appointments::report`).

use crate::args::{AppointmentsArgs, AppointmentsCommand};
use anyhow::Context;
use rotaflow::appointments::rebook::book_of_plan;
use rotaflow::appointments::report::stagger::{stagger_json, stagger_markdown, stagger_summary};
use rotaflow::appointments::ClinicPlanner;
use rotaflow::formats::{
    read_clinic_dir, read_roster_file, read_scenario_dir, write_book, write_files_atomic,
};

/// Runs `rotaflow appointments`.
pub fn run(a: &AppointmentsArgs) -> anyhow::Result<u8> {
    if let Some(AppointmentsCommand::Simulate(s)) = &a.action {
        return crate::book_flow::run(s);
    }
    let (Some(dir), Some(roster_path), Some(out)) = (&a.dir, &a.roster, &a.out) else {
        anyhow::bail!(
            "give the scenario folder DIR, --roster and --out (or `appointments simulate`)"
        );
    };
    let mut names = vec!["appointments.csv", "plan.md", "flow.json"];
    if a.compare_stagger {
        names.extend(["stagger.md", "stagger.json"]);
    }
    let mut inputs = crate::outputs::scenario_inputs(dir);
    inputs.push(roster_path.clone());
    let inputs: Vec<&std::path::Path> = inputs.iter().map(|p| p.as_path()).collect();
    crate::outputs::refuse_overwriting_inputs(&crate::outputs::in_dir(out, &names), &inputs)?;
    let scenario = crate::read_or_report!(read_scenario_dir(dir), dir);
    let clinic = crate::read_or_report!(read_clinic_dir(dir, &scenario), dir);
    let roster = crate::read_or_report!(read_roster_file(roster_path, &scenario), roster_path);
    anyhow::ensure!(
        a.replications >= 1,
        "--replications {}: give 1 or more",
        a.replications
    );
    let weights = a
        .weights
        .parse()
        .map_err(|e| anyhow::anyhow!("--weights: {e}"))?;
    let planner = ClinicPlanner::new(&scenario, &clinic, &roster)
        .weights(weights)
        .replications(a.replications)
        .seed(a.seed)
        .stagger_options(a.stagger.options()?);
    let plan = planner.book().context("booking the appointments")?;
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
    let flow = planner
        .simulate(&plan)
        .context("simulating the patient flow of each day")?;
    let comparison = match &a.compare_roster {
        None => None,
        Some(path) => {
            let other = crate::read_or_report!(read_roster_file(path, &scenario), path);
            let days = planner.compare(&plan, &flow, &other).with_context(|| {
                format!(
                    "comparing the plan's patient flow with the staff of {}",
                    path.display()
                )
            })?;
            Some(days)
        }
    };
    let stagger = if a.compare_stagger {
        let cmp = planner
            .compare_stagger(&plan)
            .context("comparing the staggered sessions with everyone at the session start")?;
        if cmp.days.is_empty() {
            crate::say!(
                "--compare-stagger: no session with patients has arrivals=stagger in sessions.csv, so there is nothing to compare"
            );
        }
        Some(cmp)
    } else {
        None
    };
    let csv = write_book(&scenario, &clinic, &book_of_plan(&clinic, &plan));
    let roster_name = roster_path.display().to_string();
    let other_name = a.compare_roster.as_ref().map(|p| p.display().to_string());
    let mut doc = planner.document(&plan, &flow, &roster_name);
    doc.comparison = comparison.as_deref();
    doc.compare_roster = other_name.as_deref();
    let md = doc.markdown();
    let json = doc.json()?;
    let mut files = vec![
        ("appointments.csv", csv.into_bytes()),
        ("plan.md", md.into_bytes()),
        ("flow.json", json.into_bytes()),
    ];
    if let Some(cmp) = &stagger {
        let json = stagger_json(cmp)?;
        crate::print_out(&stagger_summary(&scenario, cmp))?;
        files.push(("stagger.md", stagger_markdown(&scenario, cmp).into_bytes()));
        files.push(("stagger.json", json.into_bytes()));
    }
    write_files_atomic(out, &files)
        .with_context(|| format!("writing the results to {}", out.display()))?;
    if !a.quiet {
        crate::say!(
            "{}: {} booked, {} not booked; wrote {} to {}",
            scenario.name(),
            plan.appointments.len(),
            plan.unbooked.len(),
            if stagger.is_some() {
                "appointments.csv, plan.md, flow.json, stagger.md and stagger.json"
            } else {
                "appointments.csv, plan.md and flow.json"
            },
            out.display()
        );
    }
    Ok(0)
}
