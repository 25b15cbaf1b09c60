use super::*;
use crate::formats::{read_clinic, read_roster, read_scenario};

/// Two weeks of the booking tests' clinic: D1 holds Monday and Thursday sessions, D2 a Monday
/// session (09:00-11:00, 10-minute slots, follow-ups of 20 minutes on average).
fn clinic(requests: &str, roster: &str) -> (Scenario, Clinic, Roster) {
    let mut m = crate::appointments::booking::tests::source(requests);
    m.insert(
        "settings.csv",
        "key,value\nname,clinic\nstart_date,2027-03-01\ndays,14\n",
    );
    m.insert(
        "sessions.csv",
        "clinic,doctor,weekday,shift,start,end,slot_minutes,room\n\
         A,D1,mon,AM,09:00,11:00,10,R1\nA,D1,thu,AM,09:00,11:00,10,R1\nA,D2,mon,AM,09:00,11:00,10,R2\n",
    );
    let s = read_scenario(&m).unwrap();
    let c = read_clinic(&m, &s).unwrap();
    let r = read_roster(roster.as_bytes(), "roster.csv", &s).unwrap();
    (s, c, r)
}

fn entry(patient: &str, day: u32, minute: u32, doctor: u32, urgency: u8) -> BookEntry {
    BookEntry {
        patient: patient.into(),
        day,
        minute,
        doctor: StaffId(doctor),
        room: if doctor == 0 { "R1" } else { "R2" }.into(),
        clinic: "A".into(),
        visit_type: 0,
        urgency,
    }
}

const REQUESTS: &str =
    "P3,A,FU,2027-03-08,2027-03-10,urgent,\nP4,A,FU,2027-03-08,2027-03-14,routine,D1\n";

/// D1 works the 1st, 4th and 11th but no longer Monday the 8th; D2 works both Mondays.
const ROSTER: &str = "date,staff,shift\n2027-03-01,D1,AM\n2027-03-04,D1,AM\n2027-03-11,D1,AM\n\
                      2027-03-01,D2,AM\n2027-03-08,D2,AM\n";

fn book() -> Vec<BookEntry> {
    vec![
        entry("P1", 0, 540, 0, 5),
        entry("P2", 0, 560, 0, 5),
        entry("P3", 7, 540, 0, 9),
        entry("P4", 7, 560, 0, 5),
        entry("P5", 7, 580, 0, 5),
        entry("P6", 10, 540, 0, 5),
    ]
}

#[test]
fn patients_of_a_cancelled_session_move_with_the_fewest_moves() {
    let (s, c, r) = clinic(REQUESTS, ROSTER);
    let out = rebook(&s, &c, &r, &book(), 7);
    let moved: Vec<_> = out
        .moves
        .iter()
        .map(|m| {
            let a = m.after.as_ref().unwrap();
            (
                m.before.patient.as_str(),
                a.day,
                a.minute,
                a.doctor.0,
                m.how,
            )
        })
        .collect();
    assert_eq!(
        moved,
        [
            // Urgent, window 8-10 March: D1 has no session in it, D2 on the 8th has.
            ("P3", 7, 540, 1, MoveKind::OtherDoctor),
            // D1's next session (Thursday 11th) already has P6 at 09:00 (20 minutes on
            // average): the first free slot when D1 is expected free is 09:20, then 09:40.
            ("P4", 10, 560, 0, MoveKind::SameDoctor),
            ("P5", 10, 580, 0, MoveKind::SameDoctor),
        ]
    );
    // Everyone else keeps their appointment; the new book has everyone once.
    for e in book() {
        if !["P3", "P4", "P5"].contains(&e.patient.as_str()) {
            assert!(out.book.contains(&e), "{e:?}");
        }
    }
    assert_eq!(out.book.len(), 6);
    assert_eq!((out.moved(), out.not_rebooked()), (3, 0));
    // Re-booked patients keep their window: P3 within 8-10 March, P4 within 8-14.
    assert_eq!(out.windows[..2], [(7, 9), (7, 13)]);
    let md = out.markdown(&s, &c);
    assert!(md.contains("3 patient(s) were booked into sessions that no longer run: 3 moved (2 to the same doctor), 0 to call"), "{md}");
}

#[test]
fn a_patient_with_no_session_in_the_window_is_listed_to_call_and_the_past_is_untouched() {
    // D2 is off on the 8th too: P3's urgent window has no session left.
    let roster = "date,staff,shift\n2027-03-01,D1,AM\n2027-03-11,D1,AM\n";
    let (s, c, r) = clinic(REQUESTS, roster);
    let out = rebook(&s, &c, &r, &book(), 7);
    let p3 = &out.moves[0];
    assert_eq!(
        (p3.before.patient.as_str(), p3.how),
        ("P3", MoveKind::NotRebooked)
    );
    assert!(p3.after.is_none());
    assert!(!out.book.iter().any(|e| e.patient == "P3"));
    // The 1st is before the re-plan's first day: its appointments stay, although D2 now
    // runs no session that day and D1's still does.
    assert!(out.book.contains(&entry("P1", 0, 540, 0, 5)));
    let md = out.markdown(&s, &c);
    assert!(
        md.contains("**not re-booked**: no A session with room from 2027-03-08 to 2027-03-10"),
        "{md}"
    );
}

#[test]
fn a_full_session_takes_no_one_more() {
    // Six follow-ups of 20 minutes fill D1's Thursday session (120 minutes).
    let mut b: Vec<BookEntry> = (0..6)
        .map(|k| entry(&format!("Q{k}"), 10, 540 + 20 * k, 0, 5))
        .collect();
    b.push(entry("P4", 7, 560, 0, 5));
    let (s, c, r) = clinic(REQUESTS, ROSTER);
    let out = rebook(&s, &c, &r, &b, 7);
    // P4's window (8-14 March) has D1 only on the full 11th: D2's session on the 8th instead.
    let a = out.moves[0].after.as_ref().unwrap();
    assert_eq!(
        (a.day, a.doctor.0, out.moves[0].how),
        (7, 1, MoveKind::OtherDoctor)
    );
}

#[test]
fn booked_patients_are_counted_per_doctor_and_day_from_the_first_day() {
    assert_eq!(
        booked_per_doctor_day(&book(), 7),
        [(StaffId(0), 7, 3), (StaffId(0), 10, 1)]
    );
}
