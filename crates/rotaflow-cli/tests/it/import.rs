use super::*;
use rotaflow::formats::{curtois, read_roster_file, read_scenario_dir};

/// Importing a Curtois instance gives a scenario whose evaluation of any roster equals the
/// benchmark's own objective, computed by the independent checker.
#[test]
fn imported_instance_scores_like_the_benchmark() {
    let dir = tempfile::tempdir().unwrap();
    let scen = dir.path().join("i2");
    let file = data("benchmarks/curtois/Instance2.txt");
    let o = rotaflow(&["import", "curtois", s(&file), "--out", s(&scen)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = rotaflow(&["validate", s(&scen)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = dir.path().join("plan");
    let o = run_plan(&scen, &out, "20000", &["-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    let instance = curtois::parse(std::fs::File::open(&file).unwrap(), "Instance2.txt").unwrap();
    let scenario = read_scenario_dir(&scen).unwrap();
    let roster = read_roster_file(out.join("roster.csv"), &scenario).unwrap();
    let grid: Vec<Vec<Option<usize>>> = (0..scenario.staff().len())
        .map(|i| {
            roster
                .line(rotaflow::StaffId::new(i))
                .iter()
                .map(|c| c.map(|x| x.index()))
                .collect()
        })
        .collect();
    let check = curtois::check(&instance, &grid);
    let o = rotaflow(&[
        "evaluate",
        s(&scen),
        "--roster",
        s(&out.join("roster.csv")),
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["soft"].as_u64().unwrap(), check.objective);
    assert_eq!(v["hard"].as_u64().unwrap() == 0, check.is_feasible());
}

#[test]
fn broken_instance_reports_lines() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.txt");
    std::fs::write(&file, "SECTION_HORIZON\n14\n\nSECTION_SHIFTS\nD,abc,\n").unwrap();
    let o = rotaflow(&[
        "import",
        "curtois",
        s(&file),
        "--out",
        s(&dir.path().join("x")),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bad.txt:5"), "{}", stderr(&o));
    assert!(!dir.path().join("x").exists());
}
