//! Reading an appointment book: optional columns, every error with its line and column, and
//! the roster check of `read_book_on_roster`.

use crate::appointments::booking::tests::source;
use crate::appointments::clinic::Clinic;
use crate::formats::{read_book, read_book_on_roster, read_clinic, read_roster, read_scenario};
use crate::formats::{write_book, FormatErrors};
use crate::model::{Scenario, StaffId};
use crate::roster::Roster;

/// The tiny clinic of the booking tests: D1 holds a Monday session 09:00-11:00 in clinic A,
/// room R1; D2 a Wednesday one.
fn clinic() -> (Scenario, Clinic) {
    let src = source("");
    let scenario = read_scenario(&src).unwrap();
    let clinic = read_clinic(&src, &scenario).unwrap();
    (scenario, clinic)
}

fn read(text: &str) -> Result<Vec<crate::appointments::rebook::BookEntry>, FormatErrors> {
    let (scenario, clinic) = clinic();
    read_book(text.as_bytes(), "book.csv", &scenario, &clinic)
}

fn errors(text: &str) -> Vec<String> {
    read(text)
        .unwrap_err()
        .0
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_clinic_book_needs_no_room_clinic_or_priority_and_may_bunch() {
    let book = read(
        "# Everyone asked for the start of the session.\n\
         patient,date,time,doctor,visit_type\n\
         P1,2027-03-01,09:00,D1,FU\n\
         P2,2027-03-01,09:00,D1,NEW\n\
         P3,2027-03-03,10:50,D2,FU\n",
    )
    .unwrap();
    assert_eq!(book.len(), 3);
    assert_eq!((book[0].minute, book[1].minute), (540, 540));
    assert_eq!((book[0].doctor, book[2].doctor), (StaffId(0), StaffId(1)));
    for e in &book {
        assert_eq!((e.clinic.as_str(), e.room.as_str()), ("A", "R1"));
        assert_eq!(e.urgency, 5, "routine when the book gives no priority");
    }
    assert_eq!((book[0].day, book[2].day), (0, 2));
    assert_eq!((book[0].visit_type, book[1].visit_type), (0, 1));
    // Empty optional fields are derived the same way; a given priority is kept.
    let given = read(
        "patient,date,time,doctor,room,clinic,visit_type,priority\n\
         P1,2027-03-01,09:00,D1,,,FU,\n\
         P2,2027-03-01,09:00,D1,R9,A,FU,urgent\n",
    )
    .unwrap();
    assert_eq!((given[0].room.as_str(), given[0].urgency), ("R1", 5));
    assert_eq!((given[1].room.as_str(), given[1].urgency), ("R9", 9));
}

#[test]
fn the_written_book_reads_back_the_same() {
    let (scenario, clinic) = clinic();
    let book = read(
        "patient,date,time,doctor,visit_type,priority\n\
         P1,2027-03-01,09:00,D1,FU,urgent\n\
         P2,2027-03-03,09:20,D2,NEW,3\n",
    )
    .unwrap();
    let text = write_book(&scenario, &clinic, &book);
    assert_eq!(
        read_book(text.as_bytes(), "appointments.csv", &scenario, &clinic).unwrap(),
        book
    );
}

#[test]
fn every_bad_field_is_named_with_its_line_and_column() {
    let errs = errors(
        "patient,date,time,doctor,visit_type,priority,clinic\n\
         P1,2027-03-01,09:00,DX,FU,,\n\
         P2,2027-03-01,09:00,D1,XX,,\n\
         P3,2027-04-01,09:00,D1,FU,,\n\
         P4,2027-03-01,12:00,D1,FU,,\n\
         P5,2027-03-01,09:00,D1,FU,soon,\n\
         P6,2027-03-01,09:00,D1,FU,,CARD\n\
         P7,01/03/2027,09:00,D1,FU,,\n\
         ,2027-03-01,9h,D1,FU,,\n",
    );
    let expect = [
        "book.csv:2: doctor: unknown staff member `DX`; see staff.csv",
        "book.csv:3: visit_type: unknown visit type `XX`; see visit_types.csv",
        "book.csv:4: date: 2027-04-01 is outside the plan",
        "book.csv:5: time: no session of D1 (sessions.csv) holds 2027-03-01 12:00 (mon): give the time of one of the doctor's sessions",
        "book.csv:6: priority: `soon` is not a priority",
        "book.csv:7: clinic: no session of sessions.csv is in clinic `CARD`",
        "book.csv:8: date: `01/03/2027` is not a date",
        "book.csv:9: patient: is empty",
        "book.csv:9: time:",
    ];
    for want in expect {
        assert!(
            errs.iter().any(|e| e.starts_with(want)),
            "no error starting {want:?} in {errs:#?}"
        );
    }
    assert_eq!(errs.len(), expect.len(), "{errs:#?}");
    // A required column missing is named in the header line.
    let errs = errors("patient,date,time,visit_type\nP1,2027-03-01,09:00,FU\n");
    assert!(errs[0].starts_with("book.csv:1: doctor: the header has no `doctor` column"));
}

#[test]
fn a_session_whose_doctor_the_roster_has_off_is_an_error_at_its_line() {
    let (scenario, clinic) = clinic();
    // D1 works Monday; D2 is not rostered on Wednesday.
    let roster: Roster = read_roster(
        "date,staff,shift\n2027-03-01,D1,AM\n".as_bytes(),
        "roster.csv",
        &scenario,
    )
    .unwrap();
    let text = "patient,date,time,doctor,visit_type\n\
                P1,2027-03-01,09:00,D1,FU\n\
                P2,2027-03-03,09:00,D2,FU\n";
    assert_eq!(
        read_book(text.as_bytes(), "book.csv", &scenario, &clinic)
            .unwrap()
            .len(),
        2,
        "without a roster the book is read"
    );
    let errs: Vec<String> =
        read_book_on_roster(text.as_bytes(), "book.csv", &scenario, &clinic, &roster)
            .unwrap_err()
            .0
            .iter()
            .map(ToString::to_string)
            .collect();
    assert_eq!(
        errs,
        ["book.csv:3: doctor: the roster has D2 off on 2027-03-03, so the session 09:00-11:00 (A session) does not run: give the roster the clinic works to, or move the patient to a session that runs"]
    );
}
