use super::*;

#[test]
fn json_has_hard_and_soft_totals() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run_plan(&data("examples/tiny"), &out, "2000", &["--quiet"]);
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

/// Reference rosters shipped with the examples keep their known scores: a zero-penalty roster
/// for the ward (found independently) and the brute-force optimum of the tiny scenario.
#[test]
fn reference_rosters_keep_their_known_scores() {
    for (ex, roster, hard, soft) in [
        (
            "examples/general-ward",
            "solutions/zero-penalty-roster.csv",
            0,
            0,
        ),
        ("examples/tiny", "solutions/optimal-roster.csv", 0, 104),
        ("examples/outpatient-clinic", "solutions/roster.csv", 0, 40),
    ] {
        let dir = data(ex);
        let o = rotaflow(&[
            "evaluate",
            s(&dir),
            "--roster",
            s(&dir.join(roster)),
            "--json",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(
            (v["hard"].as_u64(), v["soft"].as_u64()),
            (Some(hard), Some(soft)),
            "{ex}"
        );
    }
}

#[test]
fn closed_output_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let dir = data("examples/general-ward");
    let mut child = Command::new(env!("CARGO_BIN_EXE_rotaflow"))
        .args([
            "evaluate",
            s(&dir),
            "--roster",
            s(&dir.join("solutions/zero-penalty-roster.csv")),
            "--json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then close the pipe, like `| head -c 1`.
    let mut first = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

/// Shift groups, run rules and patterns written in the scenario's files are checked by
/// `validate` and explained by `evaluate`.
#[test]
fn sequence_rules_are_read_and_explained() {
    let dir = copy_scenario(&data("examples/tiny"));
    let p = dir.path();
    std::fs::write(
        p.join("groups.csv"),
        "id,name,shifts\nall12,12-hour shifts,D N\n",
    )
    .unwrap();
    let mut rules = std::fs::read_to_string(p.join("contract_rules.csv")).unwrap();
    let contract = std::fs::read_to_string(p.join("contracts.csv")).unwrap();
    let code = contract
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_string();
    rules.push_str(&format!(
        "{code},max_consecutive,N,1,hard\n{code},min_off_after,all12,2,7\n"
    ));
    std::fs::write(p.join("contract_rules.csv"), rules).unwrap();
    std::fs::write(p.join("patterns.csv"), "contract,pattern,weight\n*,N N,3\n").unwrap();
    let o = rotaflow(&["validate", s(p)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = rotaflow(&[
        "evaluate",
        s(p),
        "--roster",
        s(&data("examples/tiny/solutions/optimal-roster.csv")),
    ]);
    let out = stdout(&o);
    assert!(
        out.contains("2 days of Night in a row 2027-03-02..2027-03-03, max 1 (hard)"),
        "{out}"
    );
    assert!(
        out.contains("pattern `N N` from 2027-03-02 to 2027-03-03 (soft, weight 3)"),
        "{out}"
    );
    // A typing mistake in a pattern is placed by file, line and column.
    std::fs::write(p.join("patterns.csv"), "contract,pattern,weight\n*,N Q,3\n").unwrap();
    let o = rotaflow(&["validate", s(p)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("patterns.csv:2: pattern: unknown shift or group `Q`"),
        "{}",
        stderr(&o)
    );
}

/// Exclusive roles and levels of cover: `plan` writes the role each person works in, and the
/// roster it writes scores as its report says when read back.
#[test]
fn exclusive_roles_are_planned_written_and_read_back() {
    let dir = copy_scenario(&data("examples/tiny"));
    let p = dir.path();
    std::fs::write(
        p.join("roles.csv"),
        "id,name,counting\nRN,Registered nurse,exclusive\nNA,Nursing assistant,exclusive\n",
    )
    .unwrap();
    let staff = std::fs::read_to_string(p.join("staff.csv"))
        .unwrap()
        .replace("A,Ana Silva,FT,RN", "A,Ana Silva,FT,RN NA");
    std::fs::write(p.join("staff.csv"), staff).unwrap();
    let mut cover = std::fs::read_to_string(p.join("cover.csv")).unwrap();
    cover.push_str("all,D,NA,1,hard,0\nall,D,NA,2,5,0\n");
    std::fs::write(p.join("cover.csv"), cover).unwrap();
    let o = rotaflow(&["validate", s(p)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = p.join("out");
    let o = run_plan(p, &out, "3000", &["--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let roster = std::fs::read_to_string(out.join("roster.csv")).unwrap();
    assert!(roster.starts_with("date,staff,shift,role\n"), "{roster}");
    assert!(
        roster
            .lines()
            .skip(1)
            .all(|l| l.ends_with(",RN") || l.ends_with(",NA")),
        "{roster}"
    );
    let o = rotaflow(&[
        "evaluate",
        s(p),
        "--roster",
        s(&out.join("roster.csv")),
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(v["hard"], report["hard"]);
    assert_eq!(v["soft"], report["soft"]);
    // Two levels with the same number required are a typing mistake, placed by line.
    let mut cover = std::fs::read_to_string(p.join("cover.csv")).unwrap();
    cover.push_str("all,D,NA,2,9,0\n");
    std::fs::write(p.join("cover.csv"), cover).unwrap();
    let o = rotaflow(&["validate", s(p)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("cover of 2 for this day, shift and role is already given on line"),
        "{}",
        stderr(&o)
    );
}
