//! Clear errors, warnings and single figures where the clinic commands used to answer
//! silently: a session length guessed for `--arrivals`, an overbooked session, one template
//! shown twice with different figures, another scenario's roster.

use super::{data, rotaflow, s, stderr, stdout};

/// `template evaluate --arrivals` without `--slots` used to assume 48 slots (8 hours), so
/// overtime was judged against an end nobody gave.
#[test]
fn arrivals_without_slots_are_refused_with_the_least_slots() {
    let o = rotaflow(&[
        "template",
        "evaluate",
        "--slot-minutes",
        "10",
        "--arrivals",
        "08:30,08:40,08:50",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("--arrivals: give --slots too"), "{err}");
    assert!(err.contains("at least 6 slots"), "{err}");
    let o = rotaflow(&[
        "template",
        "evaluate",
        "--slot-minutes",
        "10",
        "--slots",
        "24",
        "--arrivals",
        "08:30,08:40,08:50",
        "--no-optimum",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Session 08:00-12:00: 24 slots"),
        "{}",
        stdout(&o)
    );
}

/// 30 patients of 20 minutes in 4 hours: the optimiser books the surplus into the last slot
/// with 307 minutes of overtime; the command now warns, with by how much and what to change.
#[test]
fn an_overbooked_session_is_warned_about() {
    let args = [
        "template",
        "optimize",
        "--patients",
        "30",
        "--slots",
        "24",
        "--slot-minutes",
        "10",
        "--service",
        "exp:20",
    ];
    let o = rotaflow(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(
            "warning: the session is overbooked: 30 patients x 20.0 min mean service = 600 min \
             booked (540 min expected, 10% not showing) for a 240-min session, 300 min more"
        ),
        "{err}"
    );
    assert!(
        err.contains("give more --slots (at least 54 of 10 min) or fewer --patients (at most 13)"),
        "{err}"
    );
    let mut json = args.to_vec();
    json.push("--json");
    let o = rotaflow(&json);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["warnings"].as_array().map(Vec::len), Some(1), "{v}");
    // A session that holds its patients gets no warning.
    let o = rotaflow(&[
        "template",
        "optimize",
        "--patients",
        "10",
        "--slots",
        "24",
        "--slot-minutes",
        "10",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("overbooked"), "{}", stderr(&o));
}

/// The starting template (the individual rule rounded to the slots) and the individual rule
/// (at its exact minutes) were both shown, with different figures, under names that read as
/// the same template. Now each row says what it is, and a start that is the rule itself is
/// shown once.
#[test]
fn the_starting_template_and_the_individual_rule_are_told_apart() {
    let rows = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["template", "optimize", "--small-only"];
        args.extend_from_slice(extra);
        let o = rotaflow(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let out = stdout(&o);
        let from = out.find("Comparison").unwrap();
        out[from..].lines().skip(1).map(str::to_string).collect()
    };
    // 10 patients in 48 slots of 5 minutes: one every 24 minutes, off the slot grid.
    let off_grid = rows(&[]);
    assert!(
        off_grid[1].contains("start: individual rule on the slot grid"),
        "{off_grid:?}"
    );
    assert!(
        off_grid[2].contains("individual rule (every 24.0 min, off the slot grid)"),
        "{off_grid:?}"
    );
    // 10 patients in 20 slots of 12 minutes: one every 24 minutes, on the grid: shown once.
    let on_grid = rows(&["--slots", "20", "--slot-minutes", "12"]);
    assert!(
        on_grid[1].contains("individual rule (every 24.0 min; the start)"),
        "{on_grid:?}"
    );
    assert!(!on_grid.iter().any(|l| l.contains("start:")), "{on_grid:?}");
}

/// A roster of another scenario used to give a line of errors per row; now one error says
/// what it is and what to give instead.
#[test]
fn another_scenarios_roster_gets_one_clear_error() {
    let out = tempfile::tempdir().unwrap();
    let o = rotaflow(&[
        "appointments",
        s(&data("examples/outpatient-clinic")),
        "--roster",
        s(&data(
            "examples/general-ward/solutions/zero-penalty-roster.csv",
        )),
        "--out",
        s(out.path()),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(
        err.contains("zero-penalty-roster.csv: this roster is not one of scenario `Elm Outpatient Department - March 2027`: none of its"),
        "{err}"
    );
    assert!(
        err.contains("none of its shift codes (E, L, N) is in shifts.csv"),
        "{err}"
    );
    assert!(
        err.contains("give the roster planned for this scenario's folder"),
        "{err}"
    );
    assert!(err.contains("1 problem found"), "{err}");
    assert!(!out.path().join("plan.md").exists());
}
