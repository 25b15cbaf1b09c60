//! The changes of a re-plan (`changes.csv` given to `rotaflow replan --changes`): columns
//! `kind,staff,from,to,shift,role,count,reason`, one change per row (see
//! [`crate::replan::Change`]).

use super::table::Table;
use super::{FormatError, FormatErrors};
use crate::model::{RoleId, Scenario, StaffId};
use crate::replan::{Change, ChangeKind, ReplanError};
use std::io::Read;
use std::path::Path;

/// The changes read from a file, with the line of each, so that problems found later
/// ([`crate::replan::prepare`]) are reported at their line.
#[derive(Clone, Debug)]
pub struct ChangeFile {
    /// The file name as shown in messages.
    pub file: String,
    /// The changes, in file order.
    pub changes: Vec<Change>,
    /// The line of each change.
    pub lines: Vec<u64>,
}

impl ChangeFile {
    /// `errors` of [`crate::replan::prepare`] as file errors, at the line and column of the
    /// change each is about (`roster` and `from` problems of the whole re-plan have no line).
    pub fn format_errors(&self, errors: &[ReplanError]) -> FormatErrors {
        let mut out = FormatErrors::default();
        for e in errors {
            out.push(match e.change.and_then(|k| self.lines.get(k)) {
                Some(&line) => FormatError::at(&self.file, line, Some(e.field), e.message.clone()),
                None => FormatError::file(&self.file, e.message.clone()),
            });
        }
        out
    }
}

/// Reads changes for `scenario`: every problem is reported (unknown kind, staff, shift or role,
/// dates that are not dates or lie outside the plan, a count that is not a whole number).
/// Whether each change has the fields its kind needs is checked by
/// [`crate::replan::prepare`].
pub fn read_changes(
    reader: impl Read,
    file: &str,
    scenario: &Scenario,
) -> Result<ChangeFile, FormatErrors> {
    let mut errs = FormatErrors::default();
    let Some(t) = Table::read(
        file,
        reader,
        &["kind", "from"],
        &["staff", "to", "shift", "role", "count", "reason"],
        &mut errs,
    ) else {
        return Err(errs);
    };
    let h = scenario.horizon();
    let mut out = ChangeFile {
        file: file.to_string(),
        changes: Vec::new(),
        lines: Vec::new(),
    };
    for row in &t.rows {
        let kind = match t.get(row, "kind") {
            "absent" => Some(ChangeKind::Absent),
            "need" => Some(ChangeKind::Need),
            "fix" => Some(ChangeKind::Fix),
            "release" => Some(ChangeKind::Release),
            v => {
                errs.push(t.err(
                    row,
                    "kind",
                    format!(
                        "`{v}` is not a kind of change: write absent (the person works nothing \
                         those days), need (more people on a shift), fix (a shift the person \
                         must work) or release (the person may be moved those days)"
                    ),
                ));
                None
            }
        };
        let day = |errs: &mut FormatErrors, column: &str, text: &str| -> Option<u32> {
            let Ok(d) = crate::model::parse_date(text).ok_or(()) else {
                errs.push(t.err(
                    row,
                    column,
                    format!("`{text}` is not a date; write YYYY-MM-DD, for example 2027-03-01"),
                ));
                return None;
            };
            match h.day_of(d) {
                Some(day) => Some(day as u32),
                None => {
                    errs.push(t.err(
                        row,
                        column,
                        format!(
                            "{d} is outside the plan {}..{}; give a day of the plan",
                            h.start,
                            h.end()
                        ),
                    ));
                    None
                }
            }
        };
        let from_text = t.get(row, "from");
        let first = if from_text.is_empty() {
            errs.push(t.err(row, "from", "is empty: give the first day, YYYY-MM-DD"));
            None
        } else {
            day(&mut errs, "from", from_text)
        };
        let last = match t.get(row, "to") {
            "" => first,
            v => day(&mut errs, "to", v),
        };
        let staff = match t.get(row, "staff") {
            "" => Some(None),
            code => match scenario.staff_by_code(code) {
                Some(s) => Some(Some(s)),
                None => {
                    errs.push(t.err(
                        row,
                        "staff",
                        format!("unknown staff member `{code}`; see staff.csv"),
                    ));
                    None
                }
            },
        };
        let shift = match t.get(row, "shift") {
            "" => Some(None),
            code => match scenario.shift_by_code(code) {
                Some(s) => Some(Some(s)),
                None => {
                    errs.push(t.err(
                        row,
                        "shift",
                        format!("unknown shift `{code}`; see shifts.csv"),
                    ));
                    None
                }
            },
        };
        let role = match t.get(row, "role") {
            "" => Some(None),
            code => match scenario.roles().iter().position(|r| r.code == code) {
                Some(r) => Some(Some(RoleId::new(r))),
                None => {
                    errs.push(t.err(row, "role", format!("unknown role `{code}`; see roles.csv")));
                    None
                }
            },
        };
        let count = match t.get(row, "count") {
            "" => Some(0),
            v => match v.parse::<u32>() {
                Ok(c) if c <= 1000 => Some(c),
                _ => {
                    errs.push(t.err(
                        row,
                        "count",
                        format!("`{v}` is not a number of people; write a whole number, 1 to 1000"),
                    ));
                    None
                }
            },
        };
        let (
            Some(kind),
            Some(first),
            Some(last),
            Some(staff),
            Some(shift),
            Some(role),
            Some(count),
        ) = (kind, first, last, staff, shift, role, count)
        else {
            continue;
        };
        let staff: Option<StaffId> = staff;
        out.changes.push(Change {
            kind,
            staff,
            first_day: first,
            last_day: last,
            shift,
            role,
            count,
            reason: t.get(row, "reason").to_string(),
        });
        out.lines.push(row.line);
    }
    errs.into_result(out)
}

/// Reads a change file from disk.
pub fn read_changes_file(
    path: impl AsRef<Path>,
    scenario: &Scenario,
) -> Result<ChangeFile, FormatErrors> {
    let path = path.as_ref();
    let shown = path.display().to_string();
    let f = super::open_input(path)
        .map_err(|e| FormatError::file(&shown, format!("cannot open the changes: {e}")))?;
    read_changes(f, &shown, scenario)
}

/// Writes the person-days a re-plan changed as `changes.csv`: `date,staff,before,after`, shift
/// codes, empty for a day off, one row per changed person-day, in the order given
/// ([`crate::replan::Outcome::changes`]: by date, then staff order).
pub fn write_changes(
    rows: &[crate::replan::ChangeRow],
    out: impl std::io::Write,
) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["date", "staff", "before", "after"])?;
    for r in rows {
        w.write_record([
            r.date.to_string().as_str(),
            r.staff.as_str(),
            r.before.as_str(),
            r.after.as_str(),
        ])?;
    }
    w.flush()
}
