//! `rotaflow staffing DIR --wait-target p90:15 --out cover.csv`: clerks and nurses needed per
//! weekday and shift for the expected patient flow, as a cover file.

use crate::args::StaffingArgs;
use anyhow::{bail, Context};
use rotaflow::appointments::booking::stage_cover::{
    cover_csv, cover_needs, stage_needs, stage_needs_from_plan,
};
use rotaflow::appointments::simulation::servers::WaitTarget;
use rotaflow::appointments::ClinicPlanner;
use rotaflow::formats::{read_clinic_dir, read_roster_file, read_scenario_dir, write_atomic};
use rotaflow::Weight;

/// Runs `rotaflow staffing`.
pub fn run(a: &StaffingArgs) -> anyhow::Result<u8> {
    let target: WaitTarget = a
        .wait_target
        .parse()
        .map_err(|e| anyhow::anyhow!("--wait-target {}: {e}", a.wait_target))?;
    let weight = |flag: &str, v: &str| {
        v.parse::<Weight>()
            .map_err(|e| anyhow::anyhow!("--{flag} {v}: {e}"))
    };
    let under = weight("under-weight", &a.under_weight)?;
    let over = weight("over-weight", &a.over_weight)?;
    let mut inputs = crate::outputs::scenario_inputs(&a.dir);
    inputs.extend(a.roster.clone());
    let inputs: Vec<&std::path::Path> = inputs.iter().map(|p| p.as_path()).collect();
    crate::outputs::refuse_overwriting_inputs(std::slice::from_ref(&a.out), &inputs)?;
    let scenario = crate::read_or_report!(read_scenario_dir(&a.dir), a.dir);
    let clinic = crate::read_or_report!(read_clinic_dir(&a.dir, &scenario), a.dir);
    if clinic.stages.is_empty() {
        bail!(
            "{}: stages.csv defines no stage, so there is no clerk or nurse cover to derive",
            a.dir.display()
        );
    }
    let needs = match &a.roster {
        None => stage_needs(&scenario, &clinic, target),
        Some(path) => {
            let roster = crate::read_or_report!(read_roster_file(path, &scenario), path);
            anyhow::ensure!(
                a.replications >= 1,
                "--replications {}: give 1 or more",
                a.replications
            );
            let plan = ClinicPlanner::new(&scenario, &clinic, &roster)
                .replications(a.replications)
                .seed(a.seed)
                .stagger_options(a.stagger.options()?)
                .book()
                .context("booking the appointments")?;
            stage_needs_from_plan(&scenario, &clinic, &plan, target)
        }
    }
    .context("sizing the clinic stages")?;
    let cover = cover_needs(&scenario, &clinic, &needs).context("the cover of the shifts")?;
    let text = cover_csv(&scenario, &cover, under, over);
    write_atomic(&a.out, |w| w.write_all(text.as_bytes()))
        .with_context(|| format!("writing {}", a.out.display()))?;
    let mut summary = String::new();
    for c in cover.iter().filter(|c| c.required > 0) {
        summary.push_str(&format!(
            "  {:?} {} {}: {}\n",
            c.weekday,
            scenario.shift(c.shift).code,
            scenario.roles()[c.role.index()].code,
            c.required
        ));
    }
    crate::print_out(&format!(
        "{}: staff needed for a wait target of {} at every stage (weekday, shift, role: people):\n{summary}wrote {}\n",
        scenario.name(),
        a.wait_target,
        a.out.display()
    ))?;
    Ok(0)
}
