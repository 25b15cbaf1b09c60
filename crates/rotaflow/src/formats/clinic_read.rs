//! Reads the clinic files of a scenario folder: `stages.csv`, `visit_types.csv`,
//! `sessions.csv` and `appointment_requests.csv` (see `data/README.md`).

use super::scenario_read::{ids, unknown, Ids, Reader};
use super::table::{Row, Table};
use super::{DirSource, FormatError, FormatErrors, Source};
use crate::appointments::clinic::{
    no_shift_covers_the_day, outside_shift, overlapping_session, parse_priority,
    AppointmentRequest, Clinic, ClinicStage, SessionSpec, VisitStep, VisitType,
};
use crate::appointments::simulation::Punctuality;
use crate::appointments::ServiceDistribution;
use crate::model::{format_clock, RoleId, Scenario, ShiftId, StaffId};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Clinic files; `stages.csv` is optional (without it visits see only the doctor).
pub const CLINIC_FILES: [&str; 4] = [
    "stages.csv",
    "visit_types.csv",
    "sessions.csv",
    "appointment_requests.csv",
];

/// True when the folder (source) has clinic files, i.e. `sessions.csv`.
pub fn has_clinic(src: &impl Source) -> bool {
    matches!(src.open("sessions.csv"), Ok(Some(_)))
}

/// Reads the clinic files in folder `dir` for `scenario` (read from the same folder).
pub fn read_clinic_dir(dir: impl AsRef<Path>, scenario: &Scenario) -> Result<Clinic, FormatErrors> {
    read_clinic(&DirSource::new(dir), scenario)
}

/// Reads and checks the clinic files of `src` against `scenario`. Every problem in every file
/// is reported, as `file:line: column: message`.
pub fn read_clinic(src: &impl Source, scenario: &Scenario) -> Result<Clinic, FormatErrors> {
    let mut r = Reader::with_horizon(src, scenario.horizon().clone());
    let staff_ids = ids(scenario.staff().iter().map(|s| s.code.as_str()));
    let shift_ids = ids(scenario.shifts().iter().map(|s| s.code.as_str()));
    let role_ids = ids(scenario.roles().iter().map(|s| s.code.as_str()));
    let stages = stages(&mut r, &role_ids);
    let stage_ids = ids(stages.iter().map(|s| s.code.as_str()));
    let visit_types = visit_types(&mut r, &stage_ids);
    let visit_ids = ids(visit_types.iter().map(|v| v.code.as_str()));
    let sessions = sessions(&mut r, scenario, &staff_ids, &shift_ids);
    let requests = requests(&mut r, &sessions, &visit_ids, &staff_ids);
    let clinic = Clinic {
        stages,
        visit_types,
        sessions,
        requests,
    };
    r.errs.into_result(clinic)
}

fn open<S: Source>(
    r: &mut Reader<'_, S>,
    name: &str,
    required: &[&str],
    optional: &[&str],
    needed: bool,
) -> Option<Table> {
    if needed && matches!(r.src.open(name), Ok(None)) {
        r.errs.push(FormatError::file(
            r.src.display(name),
            format!(
                "the file is missing; appointment booking needs it, with columns {}",
                required.join(",")
            ),
        ));
        return None;
    }
    r.table(name, required, optional, false)
}

fn stages<S: Source>(r: &mut Reader<'_, S>, roles: &Ids) -> Vec<ClinicStage> {
    let mut out = Vec::new();
    let Some(t) = open(r, "stages.csv", &["id", "name", "role"], &[], false) else {
        return out;
    };
    let mut seen = HashMap::new();
    for row in &t.rows {
        let code = r.new_id(&t, row, "id", &mut seen);
        if code.as_deref() == Some("doctor") {
            r.errs.push(t.err(
                row,
                "id",
                "`doctor` is the consultation itself; give the other stages other ids",
            ));
            continue;
        }
        let role = r.lookup(&t, row, "role", roles, "role", "roles.csv");
        if let (Some(code), Some(role)) = (code, role) {
            if let Some(other) = out.iter().find(|s: &&ClinicStage| s.role == RoleId(role)) {
                r.errs.push(t.err(
                    row,
                    "role",
                    format!(
                        "role {} already serves stage {}; each stage needs a role of its own (the simulation keeps one pool of staff per stage)",
                        t.get(row, "role"),
                        other.code
                    ),
                ));
                continue;
            }
            out.push(ClinicStage {
                code,
                name: t.name(row, "name", &mut r.errs),
                role: RoleId(role),
            });
        }
    }
    out
}

/// The service-time distribution `text` (of column `col`); a bad one is reported.
fn service<S: Source>(
    r: &mut Reader<'_, S>,
    t: &Table,
    row: &Row,
    col: &str,
    text: &str,
) -> Option<ServiceDistribution> {
    match text
        .parse::<ServiceDistribution>()
        .and_then(|s| s.validate().map(|()| s))
    {
        Ok(s) => Some(s),
        Err(e) => {
            r.errs.push(t.err(row, col, e.to_string()));
            None
        }
    }
}

fn visit_types<S: Source>(r: &mut Reader<'_, S>, stage_ids: &Ids) -> Vec<VisitType> {
    let mut out = Vec::new();
    let Some(t) = open(
        r,
        "visit_types.csv",
        &["id", "name", "service", "no_show"],
        &["stages", "punctuality"],
        true,
    ) else {
        return out;
    };
    let mut seen = HashMap::new();
    for row in &t.rows {
        let code = r.new_id(&t, row, "id", &mut seen);
        let svc = service(r, &t, row, "service", t.get(row, "service"));
        let no_show = match t.get(row, "no_show").parse::<f64>() {
            Ok(p) if (0.0..1.0).contains(&p) => Some(p),
            _ => {
                r.errs.push(t.err(
                    row,
                    "no_show",
                    format!(
                        "`{}` is not a no-show probability: write a number from 0 up to (not including) 1, such as 0.1",
                        t.get(row, "no_show")
                    ),
                ));
                None
            }
        };
        let steps = route(r, &t, row, stage_ids);
        let punctuality = match t.get(row, "punctuality") {
            "" => Some(None),
            text => match text.parse::<Punctuality>() {
                Ok(p) => Some(Some(p)),
                Err(e) => {
                    r.errs.push(t.err(row, "punctuality", e));
                    None
                }
            },
        };
        if let (Some(code), Some(service), Some(no_show), Some(steps), Some(punctuality)) =
            (code, svc, no_show, steps, punctuality)
        {
            out.push(VisitType {
                code,
                name: t.name(row, "name", &mut r.errs),
                service,
                no_show,
                steps,
                punctuality,
            });
        }
    }
    r.some_rows(&t, "visit type");
    out
}

/// Parses the `stages` column: `checkin=det:3 triage=exp:10 doctor` (empty: doctor only).
fn route<S: Source>(
    r: &mut Reader<'_, S>,
    t: &Table,
    row: &Row,
    stage_ids: &Ids,
) -> Option<Vec<VisitStep>> {
    let text = t.get(row, "stages");
    if text.is_empty() {
        return Some(vec![VisitStep::Doctor]);
    }
    let mut steps = Vec::new();
    let mut ok = true;
    for token in text.split_whitespace() {
        if token == "doctor" {
            if steps.contains(&VisitStep::Doctor) {
                r.errs
                    .push(t.err(row, "stages", "`doctor` is listed twice; list it once"));
                ok = false;
            }
            steps.push(VisitStep::Doctor);
            continue;
        }
        let Some((code, spec)) = token.split_once('=') else {
            r.errs.push(t.err(
                row,
                "stages",
                format!("`{token}` is not a stage step: write STAGE=SERVICE such as checkin=det:3, or `doctor`"),
            ));
            ok = false;
            continue;
        };
        let Some(&stage) = stage_ids.get(code) else {
            r.errs.push(t.err(
                row,
                "stages",
                unknown("stage", code, "stages.csv", stage_ids),
            ));
            ok = false;
            continue;
        };
        let stage = stage as usize;
        if steps
            .iter()
            .any(|s| matches!(s, VisitStep::Stage { stage: x, .. } if *x == stage))
        {
            r.errs.push(t.err(
                row,
                "stages",
                format!("stage `{code}` is listed twice; a visit passes each stage once"),
            ));
            ok = false;
            continue;
        }
        match service(r, t, row, "stages", spec) {
            Some(service) => steps.push(VisitStep::Stage { stage, service }),
            None => ok = false,
        }
    }
    if ok && !steps.contains(&VisitStep::Doctor) {
        r.errs.push(t.err(
            row,
            "stages",
            "the route has no `doctor` step; add `doctor` where the consultation happens, e.g. `checkin=det:3 doctor`",
        ));
        ok = false;
    }
    ok.then_some(steps)
}

fn sessions<S: Source>(
    r: &mut Reader<'_, S>,
    scenario: &Scenario,
    staff_ids: &Ids,
    shift_ids: &Ids,
) -> Vec<SessionSpec> {
    let mut out: Vec<SessionSpec> = Vec::new();
    let Some(t) = open(
        r,
        "sessions.csv",
        &[
            "clinic",
            "doctor",
            "weekday",
            "shift",
            "start",
            "end",
            "slot_minutes",
            "room",
        ],
        &["max_patients", "arrivals"],
        true,
    ) else {
        return out;
    };
    let mut lines: Vec<u64> = Vec::new();
    for row in &t.rows {
        let clinic = t.get(row, "clinic");
        let clinic_ok = if clinic.is_empty() || clinic.contains(char::is_whitespace) {
            r.errs.push(t.err(
                row,
                "clinic",
                "the clinic code is empty or has a space; use letters, digits, - or _",
            ));
            false
        } else {
            true
        };
        let doctor = r.lookup(&t, row, "doctor", staff_ids, "staff member", "staff.csv");
        let weekday = r.weekday(&t, row, "weekday");
        let shift = r.lookup(&t, row, "shift", shift_ids, "shift", "shifts.csv");
        let start = r.clock(&t, row, "start");
        let end = r.clock(&t, row, "end");
        let slot = r.uint(&t, row, "slot_minutes", t.get(row, "slot_minutes"));
        let max_patients = match t.get(row, "max_patients") {
            "" => Some(None),
            v => r.uint(&t, row, "max_patients", v).map(Some),
        };
        let room = t.get(row, "room");
        if room.is_empty() {
            r.errs
                .push(t.err(row, "room", "the room is empty; name the consulting room"));
        }
        let staggered = match t.get(row, "arrivals") {
            "" | "slots" => Some(false),
            "stagger" => Some(true),
            other => {
                r.errs.push(t.err(
                    row,
                    "arrivals",
                    format!("`{other}` is not an arrival rule; write slots (times from the session's template) or stagger (start times staggered by simulation), or leave it empty"),
                ));
                None
            }
        };
        let (
            true,
            Some(doctor),
            Some(weekday),
            Some(shift),
            Some(start),
            Some(end),
            Some(slot),
            Some(max_patients),
            Some(staggered),
            false,
        ) = (
            clinic_ok,
            doctor,
            weekday,
            shift,
            start,
            end,
            slot,
            max_patients,
            staggered,
            room.is_empty(),
        )
        else {
            continue;
        };
        if end <= start {
            r.errs.push(t.err(
                row,
                "end",
                format!(
                    "the session ends ({}) before it starts ({}); sessions do not cross midnight",
                    format_clock(end),
                    format_clock(start)
                ),
            ));
            continue;
        }
        if slot == 0 || (end - start) % slot != 0 {
            r.errs.push(t.err(
                row,
                "slot_minutes",
                format!(
                    "{slot} does not divide the session's {} minutes; choose a slot length that does, such as 10 or 15",
                    end - start
                ),
            ));
            continue;
        }
        if max_patients == Some(0) {
            r.errs.push(t.err(
                row,
                "max_patients",
                "0 patients would make the session useless; write 1 or more, or leave it empty",
            ));
            continue;
        }
        if let Some(m) = outside_shift(start, end, scenario.shift(ShiftId(shift))) {
            r.errs.push(t.err(row, "shift", m));
            continue;
        }
        let spec = SessionSpec {
            clinic: clinic.to_string(),
            doctor: StaffId(doctor),
            weekday,
            shift: ShiftId(shift),
            start,
            slots: ((end - start) / slot) as usize,
            slot_minutes: slot,
            room: room.to_string(),
            max_patients,
            staggered,
        };
        let on_line = |i: usize| format!("on line {}", lines[i]);
        if let Some((col, message)) = overlapping_session(&out, on_line, &spec) {
            r.errs.push(t.err(row, col, message));
            continue;
        }
        if let Some(message) =
            no_shift_covers_the_day(scenario, &out, on_line, &spec, " in shifts.csv")
        {
            r.errs.push(t.err(row, "doctor", message));
            continue;
        }
        lines.push(row.line);
        out.push(spec);
    }
    r.some_rows(&t, "session");
    out
}

fn requests<S: Source>(
    r: &mut Reader<'_, S>,
    sessions: &[SessionSpec],
    visit_ids: &Ids,
    staff_ids: &Ids,
) -> Vec<AppointmentRequest> {
    let mut out = Vec::new();
    let Some(t) = open(
        r,
        "appointment_requests.csv",
        &[
            "patient",
            "clinic",
            "visit_type",
            "earliest",
            "latest",
            "priority",
        ],
        &["doctor"],
        true,
    ) else {
        return out;
    };
    let clinics: HashSet<&str> = sessions.iter().map(|s| s.clinic.as_str()).collect();
    let mut clinic_list: Vec<&str> = clinics.iter().copied().collect();
    clinic_list.sort_unstable();
    for row in &t.rows {
        let patient = t.get(row, "patient");
        if patient.is_empty() {
            r.errs.push(t.err(
                row,
                "patient",
                "the patient is empty; give the patient's code",
            ));
        }
        let clinic = t.get(row, "clinic");
        let clinic_ok = clinics.contains(clinic);
        if !clinic_ok && !sessions.is_empty() {
            r.errs.push(t.err(
                row,
                "clinic",
                format!(
                    "unknown clinic `{clinic}`: no session in sessions.csv belongs to it (clinics: {})",
                    clinic_list.join(", ")
                ),
            ));
        }
        let visit = r.lookup(
            &t,
            row,
            "visit_type",
            visit_ids,
            "visit type",
            "visit_types.csv",
        );
        let earliest = r.day_in_horizon(&t, row, "earliest");
        let latest = r.day_in_horizon(&t, row, "latest");
        let urgency = match parse_priority(t.get(row, "priority")) {
            Ok(u) => Some(u),
            Err(m) => {
                r.errs.push(t.err(row, "priority", m));
                None
            }
        };
        let doctor = match t.get(row, "doctor") {
            "" => Some(None),
            _ => r
                .lookup(&t, row, "doctor", staff_ids, "staff member", "staff.csv")
                .map(|d| Some(StaffId(d))),
        };
        let (false, true, Some(visit), Some(earliest), Some(latest), Some(urgency), Some(doctor)) = (
            patient.is_empty(),
            clinic_ok,
            visit,
            earliest,
            latest,
            urgency,
            doctor,
        ) else {
            continue;
        };
        if latest < earliest {
            r.errs.push(t.err(
                row,
                "latest",
                format!(
                    "the latest date {} is before the earliest {}; swap them",
                    t.get(row, "latest"),
                    t.get(row, "earliest")
                ),
            ));
            continue;
        }
        if let Some(d) = doctor {
            if !sessions.iter().any(|s| s.doctor == d && s.clinic == clinic) {
                r.errs.push(t.err(
                    row,
                    "doctor",
                    format!(
                        "{} has no session in clinic {clinic}; leave the doctor empty or add the session to sessions.csv",
                        t.get(row, "doctor")
                    ),
                ));
                continue;
            }
        }
        out.push(AppointmentRequest {
            patient: patient.to_string(),
            clinic: clinic.to_string(),
            visit_type: visit as usize,
            earliest,
            latest,
            urgency,
            doctor,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{read_scenario, MemorySource};

    fn base() -> MemorySource {
        let mut m = MemorySource::default();
        m.insert(
            "settings.csv",
            "key,value\nname,clinic\nstart_date,2027-03-01\ndays,7\n",
        );
        m.insert(
            "shifts.csv",
            "id,name,start,end\nAM,Morning,08:00,13:00\nPM,Afternoon,13:00,18:00\n",
        );
        m.insert("roles.csv", "id,name\nDR,Doctor\nCL,Clerk\n");
        m.insert("contracts.csv", "id,name\nC,Any\n");
        m.insert(
            "staff.csv",
            "id,name,contract,roles\nD1,Dee,C,DR\nD2,Dan,C,DR\nC1,Cal,C,CL\n",
        );
        m.insert(
            "cover.csv",
            "day,shift,required,under_weight,over_weight\nall,AM,0,1,1\n",
        );
        m.insert("stages.csv", "id,name,role\ncheckin,Check-in,CL\n");
        m.insert(
            "visit_types.csv",
            "id,name,service,no_show,stages\nFU,Follow-up,gamma:15:0.5,0.1,checkin=det:2 doctor\n",
        );
        m.insert(
            "sessions.csv",
            "clinic,doctor,weekday,shift,start,end,slot_minutes,room,max_patients\nA,D1,mon,AM,08:30,12:30,10,R1,\n",
        );
        m.insert(
            "appointment_requests.csv",
            "patient,clinic,visit_type,earliest,latest,priority,doctor\nP1,A,FU,2027-03-01,2027-03-05,routine,D1\n",
        );
        m
    }

    fn errors(m: &MemorySource) -> String {
        let s = read_scenario(m).unwrap();
        read_clinic(m, &s).unwrap_err().to_string()
    }

    #[test]
    fn reads_a_valid_clinic() {
        let m = base();
        let s = read_scenario(&m).unwrap();
        let c = read_clinic(&m, &s).unwrap();
        assert_eq!(c.sessions.len(), 1);
        assert_eq!(c.sessions[0].slots, 24);
        assert_eq!(c.sessions[0].end(), 12 * 60 + 30);
        assert_eq!(c.visit_types[0].steps.len(), 2);
        assert_eq!(c.requests[0].urgency, 5);
        assert_eq!(c.requests[0].doctor, Some(StaffId(0)));
        assert!(has_clinic(&m));
    }

    #[test]
    fn every_problem_is_named_by_file_line_and_column() {
        let mut m = base();
        m.insert(
            "sessions.csv",
            "clinic,doctor,weekday,shift,start,end,slot_minutes,room\n\
             A,D1,mon,AM,08:30,12:30,10,R1\n\
             A,DX,mon,AM,08:30,12:30,10,R2\n\
             A,D2,someday,PM,13:00,17:00,10,R2\n\
             A,D2,tue,AM,12:00,14:00,10,R2\n\
             A,D2,mon,AM,09:00,10:00,10,R1\n\
             A,D2,wed,AM,09:00,10:00,7,R1\n",
        );
        m.insert(
            "visit_types.csv",
            "id,name,service,no_show,stages\n\
             FU,Follow-up,gamma:15:0.5,0.1,checkin=det:2 doctor\n\
             CHK,Check-up,exp:20,0.1,checkin=det:2\n\
             NEW,New,expo:3,1.5,triage=det:2 doctor\n",
        );
        m.insert(
            "appointment_requests.csv",
            "patient,clinic,visit_type,earliest,latest,priority,doctor\n\
             P1,B,FU,2027-03-01,2027-03-05,routine,\n\
             P2,A,XX,2027-03-01,2027-04-05,soon,\n\
             P3,A,FU,2027-03-05,2027-03-01,urgent,\n\
             P4,A,FU,2027-03-01,2027-03-05,urgent,D2\n",
        );
        let e = errors(&m);
        for want in [
            "sessions.csv:3: doctor: unknown staff member `DX` (known: C1, D1, D2)",
            "sessions.csv:4: weekday: `someday` is not a weekday",
            "sessions.csv:5: shift: the session 12:00-14:00 is not inside shift AM (08:00-13:00)",
            "sessions.csv:6: room: the room already has a session at this time on line 2",
            "sessions.csv:7: slot_minutes: 7 does not divide the session's 60 minutes",
            "visit_types.csv:3: stages: the route has no `doctor` step",
            "visit_types.csv:4: service: invalid service-time distribution 'expo:3'",
            "visit_types.csv:4: no_show: `1.5` is not a no-show probability",
            "visit_types.csv:4: stages: unknown stage `triage` (known: checkin)",
            "appointment_requests.csv:2: clinic: unknown clinic `B`",
            "appointment_requests.csv:3: visit_type: unknown visit type `XX`",
            "appointment_requests.csv:3: latest: 2027-04-05 is outside the planning horizon",
            "appointment_requests.csv:3: priority: `soon` is not a priority",
            "appointment_requests.csv:4: latest: the latest date 2027-03-01 is before the earliest 2027-03-05; swap them",
            "appointment_requests.csv:5: doctor: D2 has no session in clinic A",
        ] {
            assert!(e.contains(want), "missing `{want}` in:\n{e}");
        }
        assert_eq!(e.lines().count(), 15, "{e}");
    }

    #[test]
    fn missing_clinic_files_are_named() {
        let mut m = base();
        m.0.remove("sessions.csv");
        m.0.remove("visit_types.csv");
        let e = errors(&m);
        assert!(
            e.contains("sessions.csv: the file is missing; appointment booking needs it"),
            "{e}"
        );
        assert!(e.contains("visit_types.csv: the file is missing"), "{e}");
        assert!(!has_clinic(&m));
        // stages.csv is optional: visits then see only the doctor.
        let mut m = base();
        m.0.remove("stages.csv");
        m.insert(
            "visit_types.csv",
            "id,name,service,no_show\nFU,Follow-up,exp:15,0\n",
        );
        let s = read_scenario(&m).unwrap();
        let c = read_clinic(&m, &s).unwrap();
        assert_eq!(c.visit_types[0].steps, vec![VisitStep::Doctor]);
    }
}
