use super::*;

#[test]
fn plan_writes_every_output_and_agrees_with_evaluate() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let ward = data("examples/general-ward");
    let planned = run_plan(&ward, &out, "20000", &["--seed", "3"]);
    assert_eq!(planned.status.code(), Some(0), "{}", stderr(&planned));
    for f in ["roster.csv", "roster-grid.csv", "report.md", "report.json"] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["seed"], 3);
    assert_eq!(report["work_limit"], 20000);
    let o = rotaflow(&[
        "evaluate",
        s(&ward),
        "--roster",
        s(&out.join("roster.csv")),
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["hard"], report["hard"]);
    assert_eq!(v["soft"], report["soft"]);
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.starts_with("# Roster: "), "{md}");
    assert!(md.contains("## Violations"));
    // Plan's progress goes to standard error, its summary to standard output.
    let (out_text, err_text) = (stdout(&planned), stderr(&planned));
    let summary = format!("{} hard / {} soft; wrote roster.csv", v["hard"], v["soft"]);
    assert!(out_text.contains(&summary), "{out_text}");
    assert!(!out_text.contains("planning "), "{out_text}");
    assert!(err_text.starts_with("planning "), "{err_text}");
    assert!(err_text.contains(" s  best "), "{err_text}");
    assert!(!err_text.contains("wrote roster.csv"), "{err_text}");
}

#[test]
fn same_seed_and_work_limit_give_the_same_roster() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, seed: &str| {
        let out = dir.path().join(name);
        let o = run_plan(
            &data("examples/general-ward"),
            &out,
            "5000",
            &["--seed", seed, "-q"],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        std::fs::read_to_string(out.join("roster.csv")).unwrap()
    };
    assert_eq!(run("a", "7"), run("b", "7"));
}

/// Runs `plan -q` with a work limit, expects success, and returns its report.json.
fn plan_report(scenario: &Path, out: &Path, moves: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["-q"];
    args.extend_from_slice(extra);
    let o = run_plan(scenario, out, moves, &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap()
}

#[test]
fn windows_follow_the_backend_by_default_and_the_flags_override_it() {
    let dir = tempfile::tempdir().unwrap();
    let tiny = data("examples/tiny");
    let run =
        |name: &str, extra: &[&str]| plan_report(&tiny, &dir.path().join(name), "300000", extra);
    // On by default only with the HiGHS backend.
    let default = run("default", &[]);
    assert_eq!(default["lns"], cfg!(feature = "highs"), "{default}");
    let on = run("on", &["--lns"]);
    assert_eq!(on["lns"], true);
    assert!(on["lns_windows"].as_u64().unwrap() > 0, "{on}");
    assert!(
        on["solver"].as_str().unwrap().contains("MIP windows"),
        "{on}"
    );
    let off = run("off", &["--no-lns"]);
    assert_eq!(off["lns"], false);
    assert_eq!(off["lns_windows"], 0);
    assert!(off["moves"].as_u64().unwrap() > 0);
    assert!(
        !off["solver"].as_str().unwrap().contains("MIP windows"),
        "{off}"
    );
    let o = run_plan(
        &tiny,
        &dir.path().join("both"),
        "1000",
        &["--lns", "--no-lns"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn acceptance_rules_are_chosen_per_search_and_named_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let tiny = data("examples/tiny");
    let run = |name: &str, extra: &[&str]| {
        let mut args = vec!["--no-lns"];
        args.extend_from_slice(extra);
        plan_report(&tiny, &dir.path().join(name), "50000", &args)
    };
    let default = run("default", &[]);
    assert_eq!(
        default["acceptance"],
        serde_json::json!(["annealing", "late-acceptance"])
    );
    let solver = default["solver"].as_str().unwrap();
    assert!(
        solver.contains("(2 searches: annealing, late acceptance)"),
        "{solver}"
    );
    let annealing = run("annealing", &["--acceptance", "annealing"]);
    assert_eq!(
        annealing["acceptance"],
        serde_json::json!(["annealing", "annealing"])
    );
    let solver = annealing["solver"].as_str().unwrap();
    assert!(solver.contains("annealing, annealing"), "{solver}");
    // Fewer rules than searches: the rules repeat.
    let three = run(
        "three",
        &[
            "--threads",
            "3",
            "--acceptance",
            "late-acceptance,annealing",
        ],
    );
    assert_eq!(
        three["acceptance"],
        serde_json::json!(["late-acceptance", "annealing", "late-acceptance"])
    );
    let o = run_plan(
        &tiny,
        &dir.path().join("bad"),
        "1000",
        &["--acceptance", "greedy"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("late-acceptance"), "{}", stderr(&o));
}

#[test]
fn a_failed_run_leaves_no_partial_output() {
    let dir = tempfile::tempdir().unwrap();
    // The output path is an existing file, so the folder cannot be created.
    let out = dir.path().join("taken");
    std::fs::write(&out, "not a folder").unwrap();
    let o = run_plan(&data("examples/tiny"), &out, "100", &["-q"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("cannot write the results into"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "not a folder");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn invalid_scenario_writes_nothing() {
    let dir = copy_scenario(&data("examples/tiny"));
    std::fs::write(dir.path().join("cover.csv"), "").unwrap();
    let out = dir.path().join("out");
    let o = rotaflow(&["plan", s(dir.path()), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("cover.csv: the file is empty"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

#[test]
fn plan_announces_its_limits_and_the_default() {
    // A work limit replaces the default time limit; the help text names the default.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run_plan(&data("examples/tiny"), &out, "10", &[]);
    assert!(stderr(&o).contains("searching 10 moves"), "{}", stderr(&o));
    let help = rotaflow(&["plan", "--help"]);
    assert!(
        stdout(&help).contains("default: 30 when no --work-limit is given"),
        "{}",
        stdout(&help)
    );
}

#[test]
fn exact_proves_the_optimum_of_a_tiny_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run_plan(&data("examples/tiny"), &out, "2000", &["--exact", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let exact = &report["exact"];
    assert_eq!(exact["optimal"], true, "{report}");
    assert_eq!(exact["soft_lower_bound"], report["soft"]);
    assert_eq!(exact["gap"], 0.0);
    assert!(report["soft"].as_u64() <= exact["soft_before"].as_u64());
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("proven optimal"), "{md}");
}

/// An --out that cannot be written is refused before the search, not after it.
#[test]
fn an_unusable_out_is_refused_before_searching() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("taken");
    std::fs::write(&file, "not a folder").unwrap();
    // A work limit far beyond a test's time: were the check made after the search, the
    // progress lines would show it.
    let o = run_plan(&data("examples/general-ward"), &file, "100000000000", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("cannot write the results into") && err.contains("give --out a folder"),
        "{err}"
    );
    assert!(!err.contains("best"), "searched first: {err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");
}
