//! `rotaflow generate curtois --days D --staff S --shifts T [--seed N] --out FILE
//! [--planted ROSTER]`.

use crate::args::GenerateFormat;
use anyhow::Context;
use rotaflow::formats::curtois_gen::{generate, GenParams};
use rotaflow::formats::{curtois, write_paths_atomic, write_roster};
use std::path::Path;

pub fn run(format: GenerateFormat) -> anyhow::Result<u8> {
    let GenerateFormat::Curtois(a) = format;
    let params = GenParams::new(a.days, a.staff, a.shifts).map_err(|e| anyhow::anyhow!("{e}"))?;
    let (text, planted) = generate(&params, a.seed);
    // Read the text back as any instance file is read: the generator and the importer must
    // agree, and the planted roster must break no hard constraint.
    let shown = a.out.display().to_string();
    let instance = curtois::parse(text.as_bytes(), &shown).map_err(|e| {
        anyhow::anyhow!("internal error: the generated instance does not parse: {e}")
    })?;
    let check = curtois::check(&instance, &planted);
    anyhow::ensure!(
        check.is_feasible(),
        "internal error: the planted roster breaks {} hard constraint(s), first: {}",
        check.violations.len(),
        check.violations.first().map_or("", |v| v.message.as_str())
    );
    if let Some(path) = &a.planted {
        crate::outputs::refuse_same_file(&a.out, "--out", path, "--planted")?;
    }
    let mut files: Vec<(&Path, Vec<u8>)> = vec![(&a.out, text.into_bytes())];
    let mut summary = format!(
        "{shown}: wrote a synthetic Curtois instance ({} days, {} staff, {} shift types, seed {}); \
         its planted roster breaks no hard constraint and scores {}",
        a.days, a.staff, a.shifts, a.seed, check.objective
    );
    if let Some(path) = &a.planted {
        let name = a.out.file_stem().map_or("generated".to_string(), |s| {
            s.to_string_lossy().into_owned()
        });
        let scenario = instance
            .to_scenario(curtois::default_start(), &name)
            .map_err(|e| anyhow::anyhow!("internal error: {shown}: {e}"))?;
        let mut roster = rotaflow::Roster::for_scenario(&scenario);
        for (e, line) in planted.iter().enumerate() {
            for (d, cell) in line.iter().enumerate() {
                roster.set(
                    rotaflow::StaffId::new(e),
                    d,
                    cell.map(rotaflow::ShiftId::new),
                );
            }
        }
        let mut bytes = Vec::new();
        write_roster(&scenario, &roster, &mut bytes)?;
        files.push((path, bytes));
        summary.push_str(&format!("; wrote it to {}", path.display()));
    }
    // Both files or neither: a planted roster that cannot be written leaves the old instance.
    for (path, _) in &files {
        create_parent(path)?;
    }
    write_paths_atomic(&files).with_context(|| {
        let names: Vec<String> = files.iter().map(|(p, _)| p.display().to_string()).collect();
        format!("cannot write {}", names.join(" and "))
    })?;
    summary.push('\n');
    crate::print_out(&summary)?;
    Ok(0)
}

/// Creates the folder that will hold `file`, if it does not exist yet.
fn create_parent(file: &Path) -> anyhow::Result<()> {
    match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the folder {}", dir.display())),
        _ => Ok(()),
    }
}
