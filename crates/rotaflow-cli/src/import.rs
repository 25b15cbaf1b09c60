//! `rotaflow import curtois FILE --out DIR`.

use crate::args::ImportFormat;
use anyhow::Context;
use rotaflow::formats::{curtois, write_scenario_dir};

pub fn run(format: ImportFormat) -> anyhow::Result<u8> {
    match format {
        ImportFormat::Curtois(a) => {
            let shown = a.file.display().to_string();
            let f = std::fs::File::open(&a.file).with_context(|| format!("cannot open {shown}"))?;
            let instance = match curtois::parse(std::io::BufReader::new(f), &shown) {
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
    }
}
