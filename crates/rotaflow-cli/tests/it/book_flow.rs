//! `rotaflow appointments simulate`: an existing appointment book simulated against its
//! optimised book, on the outpatient example; the booking form `appointments DIR` beside it.

use super::*;

fn clinic() -> PathBuf {
    data("examples/outpatient-clinic")
}

fn roster() -> PathBuf {
    data("examples/outpatient-clinic/solutions/roster.csv")
}

/// Runs `appointments simulate` on the example with `book` and `roster`, two replications,
/// quietly, and `extra` arguments.
fn simulate(book: &Path, roster: &Path, extra: &[&str]) -> Output {
    let dir = clinic();
    let mut args = vec![
        "appointments",
        "simulate",
        s(&dir),
        "--book",
        s(book),
        "--roster",
        s(roster),
        "--replications",
        "2",
        "--quiet",
    ];
    args.extend_from_slice(extra);
    rotaflow(&args)
}

#[test]
fn the_example_book_is_simulated_against_its_optimised_book() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("flow");
    let book = data("examples/outpatient-clinic/existing_book.csv");
    let o = simulate(&book, &roster(), &["--out", s(&out), "--seed", "4"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with("98 patients of "), "{text}");
    for date in [
        "2027-03-01",
        "2027-03-02",
        "2027-03-03",
        "2027-03-04",
        "2027-03-05",
    ] {
        assert!(text.contains(&format!("  {date}: ")), "{text}");
    }
    assert!(text.contains("  all days: "), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("book-flow.json")).unwrap())
            .unwrap();
    assert_eq!(
        (json["patients"].as_u64(), json["seed"].as_u64()),
        (Some(98), Some(4))
    );
    assert_eq!(json["days"].as_array().unwrap().len(), 5);
    // The bunched book makes patients wait longer after their appointment time.
    let d = json["totals"]["difference"]["mean_wait_from_appointment"]["mean"]
        .as_f64()
        .unwrap();
    assert!(d > 0.0, "{json}");
    let md = std::fs::read_to_string(out.join("book-flow.md")).unwrap();
    assert!(md.contains("| 2027-03-05 | 17 |"), "{md}");
    let csv = std::fs::read_to_string(out.join("optimised-book.csv")).unwrap();
    assert_eq!(csv.lines().count(), 99);
    assert!(csv.starts_with("patient,date,time,doctor,room,clinic,visit_type,priority\n"));
    // The optimised book, simulated as the existing one, changes nothing.
    let again = simulate(&out.join("optimised-book.csv"), &roster(), &[]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    let text = stdout(&again);
    assert!(text.contains("moves 0 of them"), "{text}");
    assert_eq!(text.lines().count(), 7, "{text}");
    for line in text.lines().skip(1) {
        assert!(line.contains(", 0.0 ± 0.0;"), "{text}");
    }
}

#[test]
fn a_bad_book_is_reported_with_file_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book.csv");
    std::fs::write(
        &book,
        "patient,date,time,doctor,visit_type\n\
         P1,2027-03-01,08:30,DR01,FU\n\
         P2,2027-03-01,08:30,DR99,FU\n\
         P3,2027-03-01,07:00,DR01,FU\n\
         P4,2027-03-01,08:30,DR01,XYZ\n",
    )
    .unwrap();
    let o = simulate(&book, &roster(), &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let shown = book.display().to_string();
    for want in [
        format!("{shown}:3: doctor: unknown staff member `DR99`"),
        format!("{shown}:4: time: no session of DR01 (sessions.csv) holds 2027-03-01 07:00"),
        format!("{shown}:5: visit_type: unknown visit type `XYZ`"),
        format!("{shown}: 3 problems found"),
    ] {
        assert!(err.contains(&want), "no {want:?} in {err}");
    }
}

#[test]
fn a_session_whose_doctor_the_roster_has_off_is_refused_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(roster()).unwrap();
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("2027-03-01,DR01,"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(without.len() < text.len());
    let other = tmp.path().join("roster.csv");
    std::fs::write(&other, without).unwrap();
    let book = tmp.path().join("book.csv");
    std::fs::write(
        &book,
        "patient,date,time,doctor,visit_type\nP1,2027-03-02,08:30,DR02,FU\nP2,2027-03-01,08:30,DR01,FU\n",
    )
    .unwrap();
    assert_eq!(simulate(&book, &roster(), &[]).status.code(), Some(0));
    let o = simulate(&book, &other, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!(
            "{}:3: doctor: the roster has DR01 off on 2027-03-01, so the session 08:30-12:30 (CARD session) does not run: give the roster the clinic works to",
            book.display()
        )),
        "{}",
        stderr(&o)
    );
}

#[test]
fn flags_are_checked_and_both_forms_of_appointments_parse() {
    let book = data("examples/outpatient-clinic/existing_book.csv");
    let o = simulate(&book, &roster(), &["--unpunctuality", "normal:-5"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--unpunctuality: "), "{}", stderr(&o));
    let o = simulate(&book, &roster(), &["--replications", "0"]);
    assert!(stderr(&o).contains("--replications"), "{}", stderr(&o));
    // `simulate` needs its book; the booking form keeps its required flags.
    let dir = clinic();
    let o = rotaflow(&[
        "appointments",
        "simulate",
        s(&dir),
        "--roster",
        s(&roster()),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--book"));
    let o = rotaflow(&["appointments", s(&dir), "--roster", s(&roster())]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--out"));
    // The booking form still runs (and `--punctuality` is the same flag as `--unpunctuality`).
    let tmp = tempfile::tempdir().unwrap();
    let o = super::appointments::book_in(&dir, &tmp.path().join("a"), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(tmp.path().join("a/appointments.csv").exists());
    let o = simulate(&book, &roster(), &["--punctuality", "on-time"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
