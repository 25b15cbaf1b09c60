//! `rotaflow replan --appointments`: an emergency for a doctor re-plans the roster and re-books
//! the clinic's patients.

use super::*;
use std::collections::HashMap;

fn clinic_replan(book: &Path, out: &Path) -> Output {
    let dir = data("examples/outpatient-clinic");
    rotaflow(&[
        "replan",
        s(&dir),
        "--roster",
        s(&dir.join("solutions/roster.csv")),
        "--changes",
        s(&dir.join("replan/changes.csv")),
        "--from",
        "2027-03-15",
        "--out",
        s(out),
        "--appointments",
        s(book),
        "--work-limit",
        "100000",
        "-q",
    ])
}

/// CSV rows as maps from column to value.
fn table(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_path(path)
        .unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn a_doctors_absence_rebooks_their_patients_within_their_windows() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let book = data("examples/outpatient-clinic/solutions/appointments.csv");
    let o = clinic_replan(&book, &out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("re-booked"), "{}", stdout(&o));
    let moved = table(&out.join("rebook.csv"));
    assert!(!moved.is_empty());
    // Dr Osei (DR01) is away on 15 and 16 March: exactly her patients of those days move.
    let before = table(&book);
    let hers: Vec<_> = before
        .iter()
        .filter(|r| {
            r["doctor"] == "DR01" && ["2027-03-15", "2027-03-16"].contains(&r["date"].as_str())
        })
        .collect();
    assert_eq!(moved.len(), hers.len());
    let windows: HashMap<String, (String, String)> =
        table(&data("examples/outpatient-clinic/appointment_requests.csv"))
            .into_iter()
            .map(|r| {
                (
                    r["patient"].clone(),
                    (r["earliest"].clone(), r["latest"].clone()),
                )
            })
            .collect();
    for m in &moved {
        assert_eq!(m["old_doctor"], "DR01");
        // Re-booked into the same clinic, inside the patient's window, not before the re-plan.
        let (lo, hi) = &windows[&m["patient"]];
        let new = &m["new_date"];
        assert!(!new.is_empty(), "{m:?}");
        assert!(
            new >= lo && new <= hi && new.as_str() >= "2027-03-15",
            "{m:?}"
        );
        assert_eq!(m["clinic"], "CARD");
    }
    // The new book: everyone else keeps their appointment; the moved ones have their new one.
    let after = table(&out.join("appointments.csv"));
    assert_eq!(after.len(), before.len());
    for r in &before {
        if !moved
            .iter()
            .any(|m| m["patient"] == r["patient"] && m["old_date"] == r["date"])
        {
            assert!(after.contains(r), "{r:?}");
        }
    }
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("## Patients to re-book"));
    assert!(
        md.contains("outpatient clinic (Cardiology clinic) 08:30-12:30 on 2027-03-15 is cancelled")
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(json["rebooking"]["moved"], moved.len());
}

#[test]
fn a_bad_book_names_the_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let book = dir.path().join("book.csv");
    std::fs::write(
        &book,
        "patient,date,time,doctor,room,clinic,visit_type,priority\n\
         P1,2027-03-15,08:30,DR01,R1,CARD,FU,routine\n\
         P2,2027-03-15,07:00,DR01,R1,CARD,FU,routine\n\
         P3,2027-03-15,08:30,DR99,R1,CARD,XX,soon\n",
    )
    .unwrap();
    let o = clinic_replan(&book, &out);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    for expected in [
        "book.csv:3: time: no session of DR01 in clinic CARD (sessions.csv) holds 2027-03-15 07:00",
        "book.csv:4: doctor: unknown staff member `DR99`",
        "book.csv:4: visit_type: unknown visit type `XX`",
        "book.csv:4: priority: `soon` is not a priority",
    ] {
        assert!(e.contains(expected), "missing {expected:?} in\n{e}");
    }
    assert!(!out.exists());
}
