//! `rotaflow import curtois FILE --out DIR` and
//! `rotaflow import inrc2 SCENARIO HISTORY WEEK... --out DIR [--solution SOL...]`.

use crate::args::{ImportFormat, ImportInrc2Args};
use anyhow::Context;
use rotaflow::formats::{curtois, inrc2, write_atomic, write_roster, write_scenario_dir};
use rotaflow::roster::Roster;

pub fn run(format: ImportFormat) -> anyhow::Result<u8> {
    match format {
        ImportFormat::Curtois(a) => {
            check_import_dir(&a.out)?;
            let shown = a.file.display().to_string();
            let f = rotaflow::formats::open_input(&a.file)
                .with_context(|| format!("cannot open {shown}"))?;
            let instance = match curtois::parse(f, &shown) {
                Ok(i) => i,
                Err(e) => return Ok(crate::report_problems(&shown, &e)),
            };
            let name = a
                .file
                .file_stem()
                .map_or("curtois".to_string(), |s| s.to_string_lossy().into_owned());
            let scenario = instance
                .to_scenario(a.start, &name)
                .map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
            write_scenario_dir(&scenario, &a.out)
                .with_context(|| format!("cannot write the scenario into {}", a.out.display()))?;
            crate::print_out(&format!(
                "{shown}: wrote scenario `{name}` ({} staff, {} days, {} shift types) to {}\n",
                scenario.staff().len(),
                scenario.days(),
                scenario.shifts().len(),
                a.out.display()
            ))?;
            Ok(0)
        }
        ImportFormat::Inrc2(a) => import_inrc2(&a),
    }
}

/// Imports replace a scenario folder whole: `out` must be new, empty or hold only the files
/// of a scenario (which are then replaced, stale ones removed). Anything else in it would be
/// lost or, worse, read with the new scenario.
fn check_import_dir(out: &std::path::Path) -> anyhow::Result<()> {
    if !out.exists() {
        return Ok(());
    }
    anyhow::ensure!(
        out.is_dir(),
        "{} is not a folder: give --out a new or empty folder",
        out.display()
    );
    let mut foreign: Vec<String> = std::fs::read_dir(out)
        .with_context(|| format!("cannot read {}", out.display()))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != SOLUTION && !rotaflow::formats::scenario_files().any(|f| f == n))
        .collect();
    foreign.sort();
    if !foreign.is_empty() {
        let shown: Vec<&str> = foreign.iter().take(5).map(String::as_str).collect();
        anyhow::bail!(
            "{} already holds files that are not part of a scenario ({}{}): give --out a new or \
             empty folder (an import replaces the scenario files in it)",
            out.display(),
            shown.join(", "),
            if foreign.len() > 5 { ", ..." } else { "" }
        );
    }
    Ok(())
}

/// The file `import inrc2 --solution` writes the published solution into.
const SOLUTION: &str = "solution.csv";

fn import_inrc2(a: &ImportInrc2Args) -> anyhow::Result<u8> {
    check_import_dir(&a.out)?;
    let shown = a.scenario.display().to_string();
    if !a.solution.is_empty() && a.solution.len() != a.weeks.len() {
        return Ok(crate::report_problems(
            "--solution",
            &rotaflow::formats::FormatError::file(
                "--solution",
                format!(
                    "{} solution files for {} weeks: give one per week, in the same order",
                    a.solution.len(),
                    a.weeks.len()
                ),
            )
            .into(),
        ));
    }
    let instance = match inrc2::read_instance(&a.scenario, &a.history, &a.weeks) {
        Ok(i) => i,
        Err(e) => return Ok(crate::report_problems(&shown, &e)),
    };
    let scenario = match instance.to_scenario(a.start) {
        Ok(s) => s,
        Err(e) => return Ok(crate::report_problems(&shown, &e)),
    };
    let mut solution = None;
    if !a.solution.is_empty() {
        let mut roster = Roster::for_scenario(&scenario);
        for (k, path) in a.solution.iter().enumerate() {
            let file = path.display().to_string();
            let text = crate::read_text(path)?;
            let week = inrc2::parse_solution_week(text.as_bytes(), &file, &instance.scenario)
                .and_then(|w| inrc2::apply_solution_week(&scenario, &mut roster, k, &w, &file));
            if let Err(e) = week {
                return Ok(crate::report_problems(&file, &e));
            }
        }
        solution = Some(roster);
    }
    write_scenario_dir(&scenario, &a.out)
        .with_context(|| format!("cannot write the scenario into {}", a.out.display()))?;
    let path = a.out.join(SOLUTION);
    match &solution {
        Some(r) => write_atomic(&path, |w| write_roster(&scenario, r, w))
            .with_context(|| format!("cannot write {}", path.display()))?,
        None if path.is_file() => std::fs::remove_file(&path)
            .with_context(|| format!("cannot remove the earlier {}", path.display()))?,
        None => {}
    }
    crate::print_out(&format!(
        "{shown}: wrote scenario `{}` ({} nurses, {} days, {} shift types, {} skills) to {}{}\n",
        scenario.name(),
        scenario.staff().len(),
        scenario.days(),
        scenario.shifts().len(),
        scenario.roles().len(),
        a.out.display(),
        if solution.is_some() {
            ", with the solution in solution.csv"
        } else {
            ""
        }
    ))?;
    Ok(0)
}
