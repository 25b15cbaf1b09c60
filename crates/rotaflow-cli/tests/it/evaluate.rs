use super::*;

#[test]
fn json_has_hard_and_soft_totals() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = rotaflow(&[
        "plan",
        s(&data("examples/tiny")),
        "--out",
        s(&out),
        "--work-limit",
        "2000",
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = rotaflow(&[
        "evaluate",
        s(&data("examples/tiny")),
        "--roster",
        s(&out.join("roster.csv")),
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert!(v["hard"].is_u64() && v["soft"].is_u64());
    assert_eq!(v["hard"], report["hard"]);
    assert_eq!(v["soft"], report["soft"]);
    assert_eq!(v, report["evaluation"]);
}

#[test]
fn bad_roster_lines_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("roster.csv");
    std::fs::write(&roster, "date,staff,shift\n1999-01-01,nobody,E\n").unwrap();
    let o = rotaflow(&[
        "evaluate",
        s(&data("examples/tiny")),
        "--roster",
        s(&roster),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("roster.csv:2: date: 1999-01-01 is outside the planning horizon"),
        "{err}"
    );
    assert!(
        err.contains("roster.csv:2: staff: unknown staff member `nobody`"),
        "{err}"
    );
}
