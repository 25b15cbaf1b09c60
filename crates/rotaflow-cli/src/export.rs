//! `rotaflow export ics DIR --roster ROSTER.csv --out OUTDIR [--appointments BOOK.csv]`.

use crate::args::ExportFormat;
use anyhow::Context;
use rotaflow::appointments::rebook::sessions_with_patients;
use rotaflow::formats::{
    ics_calendars_with_sessions, read_book_file, read_clinic_dir, read_roster_file,
    read_scenario_dir, write_files_atomic,
};

pub fn run(format: ExportFormat) -> anyhow::Result<u8> {
    let ExportFormat::Ics(a) = format;
    let scenario = crate::read_or_report!(read_scenario_dir(&a.dir), a.dir);
    let roster = crate::read_or_report!(read_roster_file(&a.roster, &scenario), a.roster);
    let sessions = match &a.appointments {
        None => Vec::new(),
        Some(path) => {
            let clinic = crate::read_or_report!(read_clinic_dir(&a.dir, &scenario), a.dir);
            let book = crate::read_or_report!(read_book_file(path, &scenario, &clinic), path);
            sessions_with_patients(&scenario, &clinic, &roster, &book)
        }
    };
    let mut names = std::collections::HashSet::new();
    let files: Vec<(String, Vec<u8>)> = ics_calendars_with_sessions(&scenario, &roster, &sessions)
        .into_iter()
        .map(|(code, text)| {
            let mut name = file_name(&code);
            while !names.insert(name.clone()) {
                name.push('_');
            }
            (format!("{name}.ics"), text.into_bytes())
        })
        .collect();
    let mut inputs = crate::outputs::scenario_inputs(&a.dir);
    inputs.push(a.roster.clone());
    inputs.extend(a.appointments.clone());
    let inputs: Vec<&std::path::Path> = inputs.iter().map(|p| p.as_path()).collect();
    let outputs: Vec<std::path::PathBuf> = files.iter().map(|(n, _)| a.out.join(n)).collect();
    crate::outputs::refuse_overwriting_inputs(&outputs, &inputs)?;
    let refs: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    write_files_atomic(&a.out, &refs)
        .with_context(|| format!("cannot write the calendars into {}", a.out.display()))?;
    crate::print_out(&format!(
        "{}: wrote {} calendar(s) (STAFF_ID.ics) to {}{}\n",
        scenario.name(),
        files.len(),
        a.out.display(),
        match &scenario.settings().time_zone {
            Some(z) => format!(", times in UTC from {z}"),
            None => ", local times without a zone (set time_zone in settings.csv)".into(),
        }
    ))?;
    Ok(0)
}

/// A staff code as a file name: letters, digits, `-`, `_` and `.` kept, anything else
/// (a path separator, a space) replaced by `_`, and no leading dot.
fn file_name(code: &str) -> String {
    let mut name: String = code
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with('.') || name.is_empty() {
        name.insert(0, '_');
    }
    name
}

#[cfg(test)]
mod tests {
    #[test]
    fn staff_codes_become_safe_file_names() {
        assert_eq!(super::file_name("RN01"), "RN01");
        assert_eq!(super::file_name("../etc/x y"), "_.._etc_x_y");
        assert_eq!(super::file_name(""), "_");
    }
}
