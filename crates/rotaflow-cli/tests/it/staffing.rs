//! `rotaflow staffing` on the outpatient example.

use super::{copy_scenario, data, rotaflow, run_plan, s, stderr};
use chrono::{Datelike, NaiveDate, Weekday};

/// The example's closed weekend (cover 0 with over-weight 50) survives `staffing`: planning
/// with the cover it writes puts nobody on a Saturday or a Sunday.
#[test]
fn staffing_keeps_the_closed_weekend_closed() {
    let dir = copy_scenario(&data("examples/outpatient-clinic"));
    let cover = dir.path().join("derived-cover.csv");
    let o = rotaflow(&["staffing", s(dir.path()), "--out", s(&cover)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&cover).unwrap();
    // The weekend rows of the stage roles keep the scenario's weights.
    for row in ["2027-03-06,AM,CL,0,1,50", "2027-03-07,PM,RN,0,1,50"] {
        assert!(text.contains(row), "missing {row} in\n{text}");
    }
    assert!(!text.contains("sat,"), "{text}");
    std::fs::rename(&cover, dir.path().join("cover.csv")).unwrap();
    let planned = dir.path().join("planned");
    let o = run_plan(dir.path(), &planned, "20000", &["--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let roster = std::fs::read_to_string(planned.join("roster.csv")).unwrap();
    let weekend: Vec<&str> = roster
        .lines()
        .skip(1)
        .filter(|l| {
            let date = NaiveDate::parse_from_str(&l[..10], "%Y-%m-%d").unwrap();
            matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
        })
        .collect();
    assert!(weekend.is_empty(), "weekend shifts: {weekend:?}");
}
