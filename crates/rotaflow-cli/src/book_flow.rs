//! `rotaflow appointments simulate DIR --book BOOK --roster ROSTER [--out OUTDIR]`: an
//! appointment book the clinic already has, simulated with the roster's staff against the
//! same patients re-timed by the optimal session templates. The book is read by
//! `formats::read_book_file_on_roster`, the simulation and the documents are the library's
//! (`appointments::book_flow`, `appointments::report::book_flow`).

use crate::args::SimulateBookArgs;
use anyhow::{anyhow, Context};
use rotaflow::appointments::ClinicPlanner;
use rotaflow::formats::{
    read_book_file_on_roster, read_clinic_dir, read_roster_file, read_scenario_dir, write_book,
    write_files_atomic,
};

/// Runs `rotaflow appointments simulate`.
pub fn run(a: &SimulateBookArgs) -> anyhow::Result<u8> {
    anyhow::ensure!(
        a.replications >= 1,
        "--replications {}: give 1 or more",
        a.replications
    );
    let punctuality = a
        .unpunctuality
        .as_deref()
        .map(str::parse)
        .transpose()
        .map_err(|e: String| anyhow!("--unpunctuality: {e}"))?;
    if let Some(out) = &a.out {
        let names = ["book-flow.md", "book-flow.json", "optimised-book.csv"];
        let mut inputs = crate::outputs::scenario_inputs(&a.dir);
        inputs.extend([a.roster.clone(), a.book.clone()]);
        let inputs: Vec<&std::path::Path> = inputs.iter().map(|p| p.as_path()).collect();
        crate::outputs::refuse_overwriting_inputs(&crate::outputs::in_dir(out, &names), &inputs)?;
    }
    let scenario = crate::read_or_report!(read_scenario_dir(&a.dir), a.dir);
    let clinic = crate::read_or_report!(read_clinic_dir(&a.dir, &scenario), a.dir);
    let roster = crate::read_or_report!(read_roster_file(&a.roster, &scenario), a.roster);
    let book = crate::read_or_report!(
        read_book_file_on_roster(&a.book, &scenario, &clinic, &roster),
        a.book
    );
    let mut planner = ClinicPlanner::new(&scenario, &clinic, &roster)
        .replications(a.replications)
        .seed(a.seed);
    if let Some(p) = punctuality {
        planner = planner.punctuality(p);
    }
    if !a.quiet {
        crate::say!(
            "{} appointments read from {}; simulating them and their re-timed book, {} replications per day",
            book.len(),
            a.book.display(),
            a.replications
        );
    }
    let flow = planner
        .simulate_book(&book)
        .with_context(|| format!("simulating the appointment book {}", a.book.display()))?;
    let (book_name, roster_name) = (a.book.display().to_string(), a.roster.display().to_string());
    let doc = planner.book_document(&flow, &book_name, &roster_name);
    crate::print_out(&doc.summary())?;
    if let Some(out) = &a.out {
        let csv = write_book(&scenario, &flow.clinic, &flow.optimised_book());
        write_files_atomic(
            out,
            &[
                ("book-flow.md", doc.markdown().into_bytes()),
                ("book-flow.json", doc.json()?.into_bytes()),
                ("optimised-book.csv", csv.into_bytes()),
            ],
        )
        .with_context(|| format!("writing the results to {}", out.display()))?;
        if !a.quiet {
            crate::say!(
                "wrote book-flow.md, book-flow.json and optimised-book.csv to {}",
                out.display()
            );
        }
    }
    Ok(0)
}
