//! Reading and writing doctors' calendars (`commitments.csv`).

use super::{errors, read, ward};
use crate::formats::{write_scenario, MemorySource};
use crate::model::*;

fn with_commitments() -> MemorySource {
    let mut m = ward();
    m.insert(
        "commitments.csv",
        "staff,from,to,weekday,start,end,kind,reason\n\
         # Ana's chest clinic every Tuesday morning.\n\
         A,,,tue,08:00,12:00,clinic,Chest clinic\n\
         B,2027-03-10,2027-03-11,,,,congress,ERS Congress\n\
         A,2027-03-05,,,14:00,16:00,meeting,Audit\n\
         C,2027-02-20,2027-03-02,,,,teaching,\n",
    );
    m
}

#[test]
fn reads_one_commitment_per_day_cut_to_the_plan() {
    let s = read(&with_commitments());
    let got: Vec<_> = s
        .commitments()
        .iter()
        .map(|c| (c.staff.0, c.day, c.start, c.end, c.kind, c.reason.as_str()))
        .collect();
    use CommitmentKind::*;
    assert_eq!(
        got,
        [
            (0, 1, Some(480), Some(720), Clinic, "Chest clinic"),
            (0, 4, Some(840), Some(960), Meeting, "Audit"),
            (0, 8, Some(480), Some(720), Clinic, "Chest clinic"),
            (1, 9, None, None, Conference, "ERS Congress"),
            (1, 10, None, None, Conference, "ERS Congress"),
            (2, 0, None, None, Teaching, ""),
            (2, 1, None, None, Teaching, ""),
        ]
    );
    // The clinic allows E only; the meeting forbids E and L on its day.
    let a = s.day_rules_of(StaffId(0));
    assert_eq!(a.len(), 3);
    assert!(a[0].allowed.contains(Some(ShiftId(0))) && !a[0].allowed.contains(None));
    assert!(a[1].allowed.contains(None) && a[1].allowed.contains(Some(ShiftId(2))));
    assert!(!a[1].allowed.contains(Some(ShiftId(0))) && !a[1].allowed.contains(Some(ShiftId(1))));
}

#[test]
fn commitments_round_trip_through_files() {
    let s = read(&with_commitments());
    let mut m = MemorySource::default();
    for (name, text) in write_scenario(&s) {
        m.insert(name, text);
    }
    assert_eq!(read(&m), s);
}

#[test]
fn bad_commitments_name_file_line_and_column() {
    let mut m = ward();
    m.insert(
        "commitments.csv",
        "staff,from,to,weekday,start,end,kind,reason\n\
         Z,2027-03-02,,,,,meeting,\n\
         A,2027-03-02,,,,,holiday,\n\
         A,,,,,,meeting,\n\
         A,2027-03-02,,,08:00,,meeting,\n\
         A,2027-03-02,,,08:00,08:00,meeting,\n\
         A,2027-03-09,2027-03-02,,,,meeting,\n\
         A,2027-03-02,,someday,,,meeting,\n\
         A,2027-03-02,,,25:00,26:00,meeting,\n",
    );
    let e = errors(&m);
    for expected in [
        "commitments.csv:2: staff: unknown staff member `Z`",
        "commitments.csv:3: kind: `holiday` is not a kind of commitment: write one of theatre",
        "commitments.csv:4: from: is empty: give the date",
        "commitments.csv:5: end: is empty but start is set",
        "commitments.csv:6: end: the commitment ends when it starts",
        "commitments.csv:7: to: the commitment ends (2027-03-02) before it starts (2027-03-09)",
        "commitments.csv:8: weekday: `someday` is not a weekday",
        "commitments.csv:9: start:",
    ] {
        assert!(e.contains(expected), "missing {expected:?} in\n{e}");
    }
    // Problems found once the files are read are placed too.
    m.insert(
        "commitments.csv",
        "staff,from,to,weekday,start,end,kind,reason\n\
         A,2027-03-02,,,06:00,18:00,theatre,\n\
         D,2027-03-03,,,,,clinic,\n",
    );
    let e = errors(&m);
    for expected in [
        "commitments.csv:2: start: no shift in shifts.csv covers 06:00-18:00",
        "commitments.csv:3: date: D has the outpatient clinic on 2027-03-03 but is on leave",
    ] {
        assert!(e.contains(expected), "missing {expected:?} in\n{e}");
    }
}
