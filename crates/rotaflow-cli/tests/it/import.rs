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

/// An INRC-II instance and its published, validated solution: `import inrc2` writes the
/// scenario and the solution, `evaluate` scores it at the validator's total, and `plan` writes
/// a roster with the skill of each assignment that scores as its report says.
#[test]
fn inrc2_import_scores_the_published_solution() {
    let dir = tempfile::tempdir().unwrap();
    let scen = dir.path().join("n005w4");
    let d = data("benchmarks/inrc2/n005w4");
    let f = |name: &str| d.join(name).display().to_string();
    let sol = |k: &str| f(&format!("Solution_H_0-WD_1-2-3-3/Sol-n005w4-{k}.txt"));
    let (sc, h0) = (f("Sc-n005w4.txt"), f("H0-n005w4-0.txt"));
    let weeks = [1, 2, 3, 3].map(|w| f(&format!("WD-n005w4-{w}.txt")));
    let sols = ["1-0", "2-1", "3-2", "3-3"].map(sol);
    let mut args = vec!["import", "inrc2", &sc, &h0];
    args.extend(weeks.iter().map(String::as_str));
    args.extend(["--out", s(&scen), "--solution"]);
    args.extend(sols.iter().map(String::as_str));
    let o = rotaflow(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = rotaflow(&[
        "evaluate",
        s(&scen),
        "--roster",
        s(&scen.join("solution.csv")),
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (v["hard"].as_u64(), v["soft"].as_u64()),
        (Some(0), Some(1695))
    );

    let out = dir.path().join("plan");
    let o = run_plan(&scen, &out, "20000", &["-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let roster = std::fs::read_to_string(out.join("roster.csv")).unwrap();
    assert!(roster.starts_with("date,staff,shift,role\n"), "{roster}");
    let o = rotaflow(&[
        "evaluate",
        s(&scen),
        "--roster",
        s(&out.join("roster.csv")),
        "--json",
    ]);
    let w: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!((&w["hard"], &w["soft"]), (&report["hard"], &report["soft"]));

    // One solution file per week, or a clear error.
    let o = rotaflow(&[
        "import",
        "inrc2",
        &sc,
        &h0,
        &weeks[0],
        "--out",
        s(&dir.path().join("x")),
        "--solution",
        &sols[0],
        &sols[1],
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("2 solution files for 1 weeks"),
        "{}",
        stderr(&o)
    );
}

/// A file cut before its last section is refused, naming the missing section.
#[test]
fn cut_instance_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(data("benchmarks/curtois/Instance2.txt")).unwrap();
    let cut = &text[..text.find("SECTION_COVER").unwrap()];
    let file = dir.path().join("cut.txt");
    std::fs::write(&file, cut).unwrap();
    let out = dir.path().join("x");
    let o = rotaflow(&["import", "curtois", s(&file), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("missing SECTION_COVER"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

/// Importing over an earlier scenario replaces it whole (its stale files go); a folder with
/// other files is refused and left as it was.
#[test]
fn import_replaces_a_scenario_folder_whole_or_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("fixed.csv"), "staff,date,shift\n").unwrap();
    let file = data("benchmarks/curtois/Instance1.txt");
    let o = rotaflow(&["import", "curtois", s(&file), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!out.join("fixed.csv").exists(), "stale fixed.csv kept");
    assert!(read_scenario_dir(&out).is_ok());

    let other = dir.path().join("y");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "mine").unwrap();
    let o = rotaflow(&["import", "curtois", s(&file), "--out", s(&other)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("notes.txt"), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(&other).unwrap().count(), 1);
}
