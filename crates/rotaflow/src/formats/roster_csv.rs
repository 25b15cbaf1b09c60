//! `roster.csv`: one row per worked shift, columns `date,staff,shift`, ISO dates.

use super::table::Table;
use super::{FormatError, FormatErrors};
use crate::model::Scenario;
use crate::roster::Roster;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;

/// Reads a roster for `scenario`. Every problem is reported: unknown staff or shift, dates
/// outside the horizon, two shifts for one person on one day.
pub fn read_roster(
    reader: impl Read,
    file: &str,
    scenario: &Scenario,
) -> Result<Roster, FormatErrors> {
    let mut errs = FormatErrors::default();
    let Some(t) = Table::read(file, reader, &["date", "staff", "shift"], &[], &mut errs) else {
        return Err(errs);
    };
    let mut roster = Roster::for_scenario(scenario);
    let h = scenario.horizon();
    let mut first_line: HashMap<(usize, usize), u64> = HashMap::new();
    for row in &t.rows {
        let date_text = t.get(row, "date");
        let day = match NaiveDate::parse_from_str(date_text, "%Y-%m-%d") {
            Ok(d) => match h.day_of(d) {
                Some(day) => Some(day),
                None => {
                    errs.push(t.err(
                        row,
                        "date",
                        format!(
                            "{d} is outside the planning horizon {}..{}",
                            h.start,
                            h.end()
                        ),
                    ));
                    None
                }
            },
            Err(_) => {
                errs.push(t.err(
                    row,
                    "date",
                    format!(
                        "`{date_text}` is not a date; write YYYY-MM-DD, for example 2027-03-01"
                    ),
                ));
                None
            }
        };
        let code = t.get(row, "staff");
        let staff = scenario.staff_by_code(code);
        if staff.is_none() {
            errs.push(t.err(
                row,
                "staff",
                format!("unknown staff member `{code}`; see staff.csv"),
            ));
        }
        let scode = t.get(row, "shift");
        let shift = scenario.shift_by_code(scode);
        if shift.is_none() {
            errs.push(t.err(
                row,
                "shift",
                format!("unknown shift `{scode}`; see shifts.csv"),
            ));
        }
        let (Some(day), Some(staff), Some(shift)) = (day, staff, shift) else {
            continue;
        };
        if let Some(first) = first_line.insert((staff.index(), day), row.line) {
            errs.push(t.err(row, "date", format!(
                "{code} already works a shift on {} (line {first}); a person works at most one shift a day",
                h.date(day)
            )));
            continue;
        }
        roster.set(staff, day, Some(shift));
    }
    errs.into_result(roster)
}

/// Reads a roster file from disk.
pub fn read_roster_file(
    path: impl AsRef<Path>,
    scenario: &Scenario,
) -> Result<Roster, FormatErrors> {
    let path = path.as_ref();
    let shown = path.display().to_string();
    let f = std::fs::File::open(path)
        .map_err(|e| FormatError::file(&shown, format!("cannot open the roster: {e}")))?;
    read_roster(std::io::BufReader::new(f), &shown, scenario)
}

/// Writes a roster as CSV, sorted by date, then staff order, one row per worked shift.
pub fn write_roster(scenario: &Scenario, roster: &Roster, out: impl Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["date", "staff", "shift"])?;
    let h = scenario.horizon();
    for day in 0..roster.days() {
        for (i, st) in scenario.staff().iter().enumerate() {
            if let Some(s) = roster.get(crate::model::StaffId::new(i), day) {
                w.write_record([
                    h.date(day).to_string().as_str(),
                    &st.code,
                    &scenario.shift(s).code,
                ])?;
            }
        }
    }
    w.flush()
}
