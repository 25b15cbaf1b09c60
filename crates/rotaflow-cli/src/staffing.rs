//! `rotaflow staffing DIR --wait-target p90:15 --out cover.csv`: clerks and nurses needed per
//! weekday and shift for the expected patient flow, as a cover file.

use crate::args::StaffingArgs;
use anyhow::{bail, Context};
use rotaflow::appointments::booking::stage_cover::{
    cover_csv, cover_needs, stage_needs, stage_needs_from_plan,
};
use rotaflow::appointments::booking::{book, BookingOptions};
use rotaflow::appointments::simulation::servers::WaitTarget;
use rotaflow::formats::{read_clinic_dir, read_roster_file, read_scenario_dir, write_atomic};
use rotaflow::Weight;

/// Parses `p90:15` (P(wait > 15) <= 0.10) or `mean:10`.
pub fn parse_target(s: &str) -> anyhow::Result<WaitTarget> {
    let bad = || {
        anyhow::anyhow!(
            "--wait-target {s}: write pNN:MINUTES such as p90:15 (90% of patients wait at most 15 minutes) or mean:MINUTES such as mean:10"
        )
    };
    let (kind, minutes) = s.trim().split_once(':').ok_or_else(bad)?;
    let minutes: f64 = minutes.parse().map_err(|_| bad())?;
    if !(minutes.is_finite() && minutes >= 0.0) {
        bail!(bad());
    }
    if kind.eq_ignore_ascii_case("mean") {
        if minutes == 0.0 {
            bail!(
                "--wait-target {s}: a mean wait of 0 minutes needs unlimited staff (with random \
                 arrivals some patients always meet a queue); give a positive number of minutes \
                 such as mean:5, or a percentile such as p90:0"
            );
        }
        return Ok(WaitTarget::MeanWait { minutes });
    }
    let pct: f64 = kind
        .strip_prefix(['p', 'P'])
        .and_then(|p| p.parse().ok())
        .ok_or_else(bad)?;
    if !(pct > 0.0 && pct < 100.0) {
        bail!(bad());
    }
    Ok(WaitTarget::Tail {
        minutes,
        probability: 1.0 - pct / 100.0,
    })
}

pub fn run(a: &StaffingArgs) -> anyhow::Result<u8> {
    let target = parse_target(&a.wait_target)?;
    let weight = |flag: &str, v: &str| {
        v.parse::<Weight>()
            .map_err(|e| anyhow::anyhow!("--{flag} {v}: {e}"))
    };
    let under = weight("under-weight", &a.under_weight)?;
    let over = weight("over-weight", &a.over_weight)?;
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
            let plan = book(&scenario, &roster, &clinic, &BookingOptions::default())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wait_targets_parse() {
        assert_eq!(
            parse_target("p90:15").unwrap(),
            WaitTarget::Tail {
                minutes: 15.0,
                probability: 1.0 - 0.9
            }
        );
        assert_eq!(
            parse_target("mean:10").unwrap(),
            WaitTarget::MeanWait { minutes: 10.0 }
        );
        for bad in ["p90", "p100:5", "x:5", "mean:-1", "p0:5", "mean:0"] {
            assert!(parse_target(bad).is_err(), "{bad}");
        }
    }
}
