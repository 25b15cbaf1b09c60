//! A clinic's appointment book (`appointments.csv`, as `rotaflow appointments` writes it) and
//! the re-booking list of a re-plan (`rebook.csv`).

use super::scenario_write::csv_text;
use super::table::{Row, Table};
use super::{FormatError, FormatErrors};
use crate::appointments::book_flow::{doctor_session, off_duty};
use crate::appointments::clinic::{parse_priority, priority_word, Clinic, ROUTINE};
use crate::appointments::rebook::{session_of, BookEntry, RebookRow};
use crate::model::{format_clock, parse_clock, weekday_name, Scenario, StaffId};
use crate::roster::Roster;
use std::io::Read;
use std::path::Path;

/// Columns of `appointments.csv`.
pub const BOOK_HEADER: &str = "patient,date,time,doctor,room,clinic,visit_type,priority";

/// Reads an appointment book for `scenario` and `clinic`: `appointments.csv` as
/// `rotaflow appointments` writes it, or a clinic's own book with at least
/// `patient,date,time,doctor,visit_type` (`room`, `clinic` and `priority` may be left out or
/// empty: the clinic and room are those of the doctor's session holding the time, the
/// priority routine). Every problem is reported with its line and column (unknown doctor,
/// clinic, visit type or priority, a date outside the plan, a time no session of that doctor
/// holds). Several patients at the same time with the same doctor are allowed.
pub fn read_book(
    reader: impl Read,
    file: &str,
    scenario: &Scenario,
    clinic: &Clinic,
) -> Result<Vec<BookEntry>, FormatErrors> {
    read_rows(reader, file, scenario, clinic, None)
}

/// [`read_book`], and each appointment's session must run under `roster`: its doctor rostered
/// that day on a shift covering the session (an error at the line's `doctor` column that says
/// why, [`off_duty`]).
pub fn read_book_on_roster(
    reader: impl Read,
    file: &str,
    scenario: &Scenario,
    clinic: &Clinic,
    roster: &Roster,
) -> Result<Vec<BookEntry>, FormatErrors> {
    read_rows(reader, file, scenario, clinic, Some(roster))
}

fn read_rows(
    reader: impl Read,
    file: &str,
    scenario: &Scenario,
    clinic: &Clinic,
    roster: Option<&Roster>,
) -> Result<Vec<BookEntry>, FormatErrors> {
    let mut errs = FormatErrors::default();
    let Some(t) = Table::read(
        file,
        reader,
        &["patient", "date", "time", "doctor", "visit_type"],
        &["room", "clinic", "priority"],
        &mut errs,
    ) else {
        return Err(errs);
    };
    let h = scenario.horizon();
    let mut out = Vec::new();
    for row in &t.rows {
        let patient = t.get(row, "patient");
        if patient.is_empty() {
            errs.push(t.err(row, "patient", "is empty: give the patient's code"));
        }
        let text = t.get(row, "date");
        let day = match crate::model::parse_date(text).ok_or(()) {
            Ok(d) => h.day_of(d).or_else(|| {
                errs.push(t.err(
                    row,
                    "date",
                    format!(
                        "{d} is outside the plan {}..{}: give a date of the plan",
                        h.start,
                        h.end()
                    ),
                ));
                None
            }),
            Err(_) => {
                errs.push(t.err(
                    row,
                    "date",
                    format!("`{text}` is not a date; write YYYY-MM-DD, for example 2027-03-01"),
                ));
                None
            }
        };
        let minute = parse_clock(t.get(row, "time"))
            .map_err(|m| errs.push(t.err(row, "time", m)))
            .ok();
        let code = t.get(row, "doctor");
        let doctor = scenario.staff_by_code(code);
        let doctor = known_or_error(
            doctor,
            &mut errs,
            &t,
            row,
            "doctor",
            "staff member",
            "staff.csv",
        );
        let name = t.get(row, "clinic");
        let known = name.is_empty() || clinic.sessions.iter().any(|s| s.clinic == name);
        if !known {
            errs.push(t.err(
                row,
                "clinic",
                format!("no session of sessions.csv is in clinic `{name}`"),
            ));
        }
        let vcode = t.get(row, "visit_type");
        let visit_type = clinic.visit_types.iter().position(|v| v.code == vcode);
        let visit_type = known_or_error(
            visit_type,
            &mut errs,
            &t,
            row,
            "visit_type",
            "visit type",
            "visit_types.csv",
        );
        let priority = t.get(row, "priority");
        let urgency = if priority.is_empty() {
            Some(ROUTINE)
        } else {
            parse_priority(priority)
                .map_err(|m| errs.push(t.err(row, "priority", m)))
                .ok()
        };
        let (Some(day), Some(minute), Some(doctor), Some(visit_type), Some(urgency)) =
            (day, minute, doctor, visit_type, urgency)
        else {
            continue;
        };
        if !known {
            continue;
        }
        let mut e = BookEntry {
            patient: patient.to_string(),
            day: day as u32,
            minute,
            doctor,
            room: t.get(row, "room").to_string(),
            clinic: name.to_string(),
            visit_type,
            urgency,
        };
        let spec = if name.is_empty() {
            doctor_session(scenario, clinic, doctor, e.day, minute)
        } else {
            session_of(scenario, clinic, &e)
        };
        let Some(k) = spec else {
            let within = if name.is_empty() {
                String::new()
            } else {
                format!(" in clinic {name}")
            };
            errs.push(t.err(
                row,
                "time",
                format!(
                    "no session of {code}{within} (sessions.csv) holds {} {} ({}): give the time \
                     of one of the doctor's sessions",
                    h.date(day),
                    format_clock(minute),
                    weekday_name(h.weekday(day))
                ),
            ));
            continue;
        };
        let s = &clinic.sessions[k];
        if e.clinic.is_empty() {
            e.clinic = s.clinic.clone();
        }
        if e.room.is_empty() {
            e.room = s.room.clone();
        }
        if let Some(why) = roster.and_then(|r| off_duty(scenario, r, clinic, k, e.day)) {
            errs.push(t.err(
                row,
                "doctor",
                format!(
                    "{why}: give the roster the clinic works to, or move the patient to a \
                     session that runs"
                ),
            ));
            continue;
        }
        out.push(e);
    }
    errs.into_result(out)
}

/// `found`, the thing the code in column `column` of `row` names; when it names nothing
/// (`None`), the error ``unknown WHAT `CODE`; see FILE`` at that cell (`what` and `file`
/// say what the code should name and where those are listed).
fn known_or_error<T>(
    found: Option<T>,
    errs: &mut FormatErrors,
    t: &Table,
    row: &Row,
    column: &str,
    what: &str,
    file: &str,
) -> Option<T> {
    if found.is_none() {
        let code = t.get(row, column);
        errs.push(t.err(row, column, format!("unknown {what} `{code}`; see {file}")));
    }
    found
}

/// [`read_book`] from a file.
pub fn read_book_file(
    path: impl AsRef<Path>,
    scenario: &Scenario,
    clinic: &Clinic,
) -> Result<Vec<BookEntry>, FormatErrors> {
    let path = path.as_ref();
    let shown = path.display().to_string();
    let f = super::open_input(path)
        .map_err(|e| FormatError::file(&shown, format!("cannot open the appointment book: {e}")))?;
    read_book(f, &shown, scenario, clinic)
}

/// [`read_book_on_roster`] from a file.
pub fn read_book_file_on_roster(
    path: impl AsRef<Path>,
    scenario: &Scenario,
    clinic: &Clinic,
    roster: &Roster,
) -> Result<Vec<BookEntry>, FormatErrors> {
    let path = path.as_ref();
    let shown = path.display().to_string();
    let f = super::open_input(path)
        .map_err(|e| FormatError::file(&shown, format!("cannot open the appointment book: {e}")))?;
    read_book_on_roster(f, &shown, scenario, clinic, roster)
}

/// Writes an appointment book as `appointments.csv`, one row per appointment, in the order
/// given.
pub fn write_book(scenario: &Scenario, clinic: &Clinic, book: &[BookEntry]) -> String {
    let staff = |id: StaffId| scenario.staff_member(id).code.clone();
    csv_text(
        &BOOK_HEADER.split(',').collect::<Vec<_>>(),
        book.iter().map(|e| {
            vec![
                e.patient.clone(),
                scenario.horizon().date(e.day as usize).to_string(),
                format_clock(e.minute),
                staff(e.doctor),
                e.room.clone(),
                e.clinic.clone(),
                clinic.visit_types[e.visit_type].code.clone(),
                priority_word(e.urgency),
            ]
        }),
    )
}

/// Writes the patients a re-plan moved as `rebook.csv`: `patient,clinic,visit_type,priority,
/// old_date,old_time,old_doctor,new_date,new_time,new_doctor,new_room` (the `new_` columns
/// empty for a patient who could not be re-booked), in the order given
/// ([`crate::appointments::rebook::Rebooking::rows`]: most urgent first).
pub fn write_rebook(rows: &[RebookRow]) -> String {
    let header = [
        "patient",
        "clinic",
        "visit_type",
        "priority",
        "old_date",
        "old_time",
        "old_doctor",
        "new_date",
        "new_time",
        "new_doctor",
        "new_room",
    ];
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    csv_text(
        &header,
        rows.iter().map(|r| {
            vec![
                r.patient.clone(),
                r.clinic.clone(),
                r.visit_type.clone(),
                r.priority.clone(),
                r.old_date.to_string(),
                r.old_time.clone(),
                r.old_doctor.clone(),
                r.new_date.map(|d| d.to_string()).unwrap_or_default(),
                opt(&r.new_time),
                opt(&r.new_doctor),
                opt(&r.new_room),
            ]
        }),
    )
}
