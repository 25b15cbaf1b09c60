//! A doctor's sessions on one weekday need one shift that covers them all: a person works
//! one shift a day, so sessions no single shift covers would lose one of them every week.

use crate::appointments::booking::running_sessions;
use crate::formats::{read_clinic, read_scenario, MemorySource};
use crate::model::{ShiftId, StaffId};
use crate::roster::Roster;

/// A week with morning and afternoon shifts (and a day shift when `day_shift`), and Dr D1
/// holding a Monday morning and a Monday afternoon session.
fn clinic(day_shift: bool) -> MemorySource {
    let mut m = MemorySource::default();
    m.insert(
        "settings.csv",
        "key,value\nname,clinic\nstart_date,2027-03-01\ndays,7\n",
    );
    let day = if day_shift {
        "DAY,Day,08:00,18:00\n"
    } else {
        ""
    };
    m.insert(
        "shifts.csv",
        format!("id,name,start,end\nAM,Morning,08:00,13:00\nPM,Afternoon,13:00,18:00\n{day}"),
    );
    m.insert("roles.csv", "id,name\nDR,Doctor\n");
    m.insert("contracts.csv", "id,name\nC,Any\n");
    m.insert("staff.csv", "id,name,contract,roles\nD1,Dee,C,DR\n");
    m.insert(
        "cover.csv",
        "day,shift,required,under_weight,over_weight\nall,AM,0,1,1\n",
    );
    m.insert(
        "visit_types.csv",
        "id,name,service,no_show\nFU,Follow-up,exp:15,0\n",
    );
    m.insert(
        "sessions.csv",
        "clinic,doctor,weekday,shift,start,end,slot_minutes,room\n\
         A,D1,mon,AM,08:30,12:30,10,R1\n\
         A,D1,tue,AM,08:30,12:30,10,R1\n\
         A,D1,mon,PM,13:30,17:30,10,R1\n",
    );
    m.insert(
        "appointment_requests.csv",
        "patient,clinic,visit_type,earliest,latest,priority,doctor\nP1,A,FU,2027-03-01,2027-03-05,routine,\n",
    );
    m
}

#[test]
fn sessions_no_single_shift_covers_are_refused() {
    let m = clinic(false);
    let s = read_scenario(&m).unwrap();
    let e = read_clinic(&m, &s).unwrap_err().to_string();
    assert!(
        e.contains(
            "sessions.csv:4: doctor: D1 also has a session on mon at 08:30-12:30 on line 2, \
             and no one shift in shifts.csv covers 08:30-17:30; a person works one shift a day, \
             so one of these sessions would never run: move a session to another weekday or \
             doctor, or add a shift covering 08:30-17:30"
        ),
        "{e}"
    );
    assert_eq!(e.lines().count(), 1, "{e}");
}

#[test]
fn a_day_shift_covering_both_sessions_runs_both() {
    let m = clinic(true);
    let s = read_scenario(&m).unwrap();
    let c = read_clinic(&m, &s).unwrap();
    assert_eq!(c.sessions.len(), 3);
    let day = ShiftId(s.shifts().iter().position(|x| x.code == "DAY").unwrap() as u32);
    let mut roster = Roster::for_scenario(&s);
    // Monday on the day shift: both Monday sessions run; Tuesday on the afternoon shift: the
    // morning session does not.
    roster.set(StaffId(0), 0, Some(day));
    roster.set(StaffId(0), 1, Some(ShiftId(1)));
    let runs = running_sessions(&s, &roster, &c);
    let run: Vec<(u32, usize)> = runs.iter().map(|r| (r.day, r.spec)).collect();
    assert_eq!(run, vec![(0, 0), (0, 2)]);
    // On the morning shift only the morning session runs.
    roster.set(StaffId(0), 0, Some(ShiftId(0)));
    let runs = running_sessions(&s, &roster, &c);
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].spec, 0);
}

/// Punctuality is an input of each visit type: read from `visit_types.csv`, and a bad one is
/// named by file, line and column.
#[test]
fn punctuality_is_read_per_visit_type() {
    use crate::appointments::simulation::Punctuality;
    let mut m = clinic(true);
    m.insert(
        "visit_types.csv",
        "id,name,service,no_show,stages,punctuality\n\
         FU,Follow-up,exp:15,0,,normal:-10:8:30\n\
         NEW,New,exp:30,0,,\n\
         CHK,Check-up,exp:20,0,,on-time\n",
    );
    let s = read_scenario(&m).unwrap();
    let c = read_clinic(&m, &s).unwrap();
    let p: Vec<Option<Punctuality>> = c.visit_types.iter().map(|v| v.punctuality).collect();
    assert_eq!(
        p,
        vec![
            Some(Punctuality::Normal {
                mean: -10.0,
                sd: 8.0,
                earliest: -30.0,
                latest: 30.0
            }),
            None,
            Some(Punctuality::Punctual)
        ]
    );
    m.insert(
        "visit_types.csv",
        "id,name,service,no_show,stages,punctuality\nFU,Follow-up,exp:15,0,,early\n",
    );
    let e = read_clinic(&m, &s).unwrap_err().to_string();
    assert!(
        e.contains("visit_types.csv:2: punctuality: `early` is not a punctuality: write on-time, or normal:MEAN:SD:TRUNC"),
        "{e}"
    );
}
