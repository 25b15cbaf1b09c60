//! `roster.csv`: one row per worked shift, columns `date,staff,shift` and an optional `role`
//! (the role the person works in on that shift), ISO dates.

use super::table::Table;
use super::{FormatError, FormatErrors};
use crate::evaluation::assign_roles;
use crate::model::{RoleId, Scenario, StaffId};
use crate::roster::Roster;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;

/// Reads a roster for `scenario`. Every problem is reported: unknown staff, shift or role, a
/// role the person does not hold, dates outside the horizon, two shifts for one person on one
/// day. A roster of another scenario (more than three rows, and none of its staff codes, or
/// none of its shift codes, is in the scenario, or none of its dates in the horizon) gets one
/// error saying so.
pub fn read_roster(
    reader: impl Read,
    file: &str,
    scenario: &Scenario,
) -> Result<Roster, FormatErrors> {
    let mut errs = FormatErrors::default();
    let Some(t) = Table::read(
        file,
        reader,
        &["date", "staff", "shift"],
        &["role"],
        &mut errs,
    ) else {
        return Err(errs);
    };
    let mut roster = Roster::for_scenario(scenario);
    let h = scenario.horizon();
    let mut first_line: HashMap<(usize, usize), u64> = HashMap::new();
    if let Some(e) = another_scenario(&t, file, scenario) {
        errs.push(e);
        return Err(errs);
    }
    for row in &t.rows {
        let date_text = t.get(row, "date");
        let day = match crate::model::parse_date(date_text).ok_or(()) {
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
        let rcode = t.get(row, "role").trim();
        let role = match rcode {
            "" => Some(None),
            _ => match scenario.roles().iter().position(|r| r.code == rcode) {
                Some(r) => {
                    let r = RoleId::new(r);
                    match staff {
                        Some(s) if !scenario.staff_member(s).has_role(r) => {
                            errs.push(t.err(
                                row,
                                "role",
                                format!(
                                    "{code} does not hold role `{rcode}`; give one of their roles \
                                     in staff.csv, or leave the role empty"
                                ),
                            ));
                            None
                        }
                        _ => Some(Some(r)),
                    }
                }
                None => {
                    errs.push(t.err(
                        row,
                        "role",
                        format!("unknown role `{rcode}`; see roles.csv"),
                    ));
                    None
                }
            },
        };
        let (Some(day), Some(staff), Some(shift), Some(role)) = (day, staff, shift, role) else {
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
        roster.set_role(staff, day, role);
    }
    errs.into_result(roster)
}

/// One error when the roster cannot be meant for `scenario`: none of its staff codes is in
/// staff.csv, none of its shift codes in shifts.csv, or none of its dates in the horizon
/// (a line-by-line list would repeat the same news hundreds of times). Rosters of a few
/// rows keep their line-by-line problems, which say as much.
fn another_scenario(t: &Table, file: &str, scenario: &Scenario) -> Option<FormatError> {
    if t.rows.len() <= 3 {
        return None;
    }
    let h = scenario.horizon();
    let mut missing: Vec<String> = Vec::new();
    let column = |col: &str| -> Vec<&str> {
        let mut v: Vec<&str> = t.rows.iter().map(|row| t.get(row, col)).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let examples = |v: &[&str]| {
        let shown: Vec<&str> = v.iter().copied().take(4).collect();
        format!(
            "{}{}",
            shown.join(", "),
            if v.len() > shown.len() { ", ..." } else { "" }
        )
    };
    let staff = column("staff");
    if staff.iter().all(|c| scenario.staff_by_code(c).is_none()) {
        missing.push(format!(
            "none of its {} staff codes ({}) is in staff.csv",
            staff.len(),
            examples(&staff)
        ));
    }
    let shifts = column("shift");
    if shifts.iter().all(|c| scenario.shift_by_code(c).is_none()) {
        missing.push(format!(
            "none of its shift codes ({}) is in shifts.csv",
            examples(&shifts)
        ));
    }
    let dates = column("date");
    let in_horizon = |d: &&str| {
        crate::model::parse_date(d)
            .and_then(|d| h.day_of(d))
            .is_some()
    };
    if !dates.iter().any(in_horizon) {
        missing.push(format!(
            "none of its dates ({}..{}) is in the planning horizon {}..{}",
            dates[0],
            dates[dates.len() - 1],
            h.start,
            h.end()
        ));
    }
    (!missing.is_empty()).then(|| {
        FormatError::file(
            file,
            format!(
                "this roster is not one of scenario `{}`: {}; give the roster planned for this \
                 scenario's folder (the roster.csv that `rotaflow plan` writes for it)",
                scenario.name(),
                missing.join("; ")
            ),
        )
    })
}

/// Reads a roster file from disk.
pub fn read_roster_file(
    path: impl AsRef<Path>,
    scenario: &Scenario,
) -> Result<Roster, FormatErrors> {
    let path = path.as_ref();
    let shown = path.display().to_string();
    let f = super::open_input(path)
        .map_err(|e| FormatError::file(&shown, format!("cannot open the roster: {e}")))?;
    read_roster(f, &shown, scenario)
}

/// Writes a roster as CSV, sorted by date, then staff order, one row per worked shift. When the
/// scenario has exclusive roles or the roster has roles written, a `role` column gives the role
/// each person works in (see [`crate::evaluation::assign_roles`]).
pub fn write_roster(scenario: &Scenario, roster: &Roster, out: impl Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let with_roles = scenario.has_exclusive_roles() || roster.has_roles();
    let roster = if with_roles {
        assign_roles(scenario, roster)
    } else {
        roster.clone()
    };
    if with_roles {
        w.write_record(["date", "staff", "shift", "role"])?;
    } else {
        w.write_record(["date", "staff", "shift"])?;
    }
    let h = scenario.horizon();
    for day in 0..roster.days() {
        for (i, st) in scenario.staff().iter().enumerate() {
            let id = StaffId::new(i);
            if let Some(s) = roster.get(id, day) {
                let date = h.date(day).to_string();
                let mut rec = vec![date.as_str(), &st.code, &scenario.shift(s).code];
                if with_roles {
                    rec.push(
                        roster
                            .role(id, day)
                            .map_or("", |r| scenario.roles()[r.index()].code.as_str()),
                    );
                }
                w.write_record(rec)?;
            }
        }
    }
    w.flush()
}
