use super::*;

#[test]
fn example_scenarios_are_valid() {
    for ex in [
        "examples/general-ward",
        "examples/tiny",
        "examples/outpatient-clinic",
        "examples/icu",
    ] {
        let o = rotaflow(&["validate", s(&data(ex))]);
        assert_eq!(o.status.code(), Some(0), "{ex}: {}", stderr(&o));
        assert!(stdout(&o).contains(": valid:"), "{}", stdout(&o));
    }
}

#[test]
fn every_problem_is_listed_with_file_line_and_column() {
    let dir = copy_scenario(&data("examples/tiny"));
    let staff = dir.path().join("staff.csv");
    let mut text = std::fs::read_to_string(&staff).unwrap();
    text.push_str("ZZ,Zed,NO_SUCH_CONTRACT,\n");
    std::fs::write(&staff, &text).unwrap();
    let bad_line = text.lines().count();
    std::fs::write(
        dir.path().join("shifts.csv"),
        std::fs::read_to_string(dir.path().join("shifts.csv")).unwrap() + "Q,Bad,31:00,07:00,,\n",
    )
    .unwrap();
    let o = rotaflow(&["validate", s(dir.path())]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let staff_msg = format!("staff.csv:{bad_line}: contract: unknown contract `NO_SUCH_CONTRACT`");
    assert!(err.contains(&staff_msg), "{err}");
    assert!(err.contains("shifts.csv:"), "{err}");
    assert!(
        err.contains(": start: `31:00` is not a clock time"),
        "{err}"
    );
    assert!(err.contains("2 problems found"), "{err}");
}

/// Years with a sign or more than four digits are not dates, and a horizon must end by
/// 9999-12-31: both are refused at their line, never a panic.
#[test]
fn dates_beyond_four_digit_years_are_refused() {
    let dir = copy_scenario(&data("examples/tiny"));
    let settings = dir.path().join("settings.csv");
    let text = std::fs::read_to_string(&settings).unwrap();
    for (start, want) in [
        (
            "+262142-12-31",
            "value: `+262142-12-31` is not a date; write YYYY-MM-DD",
        ),
        (
            "9999-12-30",
            "value: a horizon of 3 days from 9999-12-30 would end after 9999-12-31",
        ),
    ] {
        std::fs::write(&settings, text.replace("2027-03-01", start)).unwrap();
        let out = dir.path().join("out");
        for args in [
            vec!["validate", s(dir.path())],
            vec!["plan", s(dir.path()), "--out", s(&out), "--time-limit", "1"],
        ] {
            let o = rotaflow(&args);
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(1), "{args:?} {start}: {err}");
            assert!(err.contains("settings.csv:"), "{err}");
            assert!(err.contains(want), "{args:?} {start}: {err}");
            assert!(!err.contains("panicked"), "{err}");
        }
        assert!(!out.exists());
    }
    let o = rotaflow(&[
        "import",
        "curtois",
        "x.txt",
        "--out",
        "y",
        "--start",
        "+10000-01-01",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("`+10000-01-01` is not a date"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn missing_folder_is_explained() {
    let o = rotaflow(&["validate", "/no/such/folder"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("/no/such/folder: not a folder"),
        "{}",
        stderr(&o)
    );
}

/// The intensive care example: `validate` compares hard cover with what each grade can work,
/// and `plan` writes the role each nurse works in.
#[test]
fn the_icu_example_reports_supply_and_plans_with_roles() {
    let icu = data("examples/icu");
    let o = rotaflow(&["validate", s(&icu)]);
    assert!(
        stdout(&o).contains(
            "ok    Senior nurse (nurse in charge): 56 shifts needed without fail, at most 69 available from 6 people"
        ),
        "{}",
        stdout(&o)
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan");
    let o = run_plan(&icu, &out, "20000", &["-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let roster = std::fs::read_to_string(out.join("roster.csv")).unwrap();
    assert!(roster.starts_with("date,staff,shift,role\n"), "{roster}");
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.contains("## Demand and supply"), "{report}");
    // Fairness: each rule's spread per person, with the balances carried in and out.
    assert!(report.contains("### `nights`: N among all"), "{report}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let fairness = json["evaluation"]["fairness"]
        .as_array()
        .expect("fairness in report.json");
    let rules: Vec<_> = fairness
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["nights", "weekends", "holidays"]);
    let nights = fairness[0]["members"].as_array().unwrap();
    assert_eq!(nights.len(), 24);
    let sn02 = nights.iter().find(|m| m["staff"] == "SN02").unwrap();
    assert_eq!(sn02["balance_in"], 2);
    let total: u64 = nights.iter().map(|m| m["count"].as_u64().unwrap()).sum();
    assert_eq!(fairness[0]["total"].as_u64(), Some(total));

    // history-out.csv is April's history: a copy of the unit for the next four weeks, with
    // it as history.csv, is valid and carries the balances.
    let history = std::fs::read_to_string(out.join("history-out.csv")).unwrap();
    assert!(
        history.starts_with("staff,consecutive_work,consecutive_off,last_shift,recent,weekends_in_a_row,balance_nights,balance_weekends,balance_holidays,hours_balance\n"),
        "{history}"
    );
    let april = dir.path().join("april");
    std::fs::create_dir(&april).unwrap();
    for f in [
        "shifts.csv",
        "roles.csv",
        "contracts.csv",
        "contract_rules.csv",
        "staff.csv",
        "cover.csv",
        "groups.csv",
        "patterns.csv",
        "successions.csv",
        "fairness.csv",
        "holidays.csv",
        "leave.csv",
    ] {
        std::fs::copy(icu.join(f), april.join(f)).unwrap();
    }
    let settings = std::fs::read_to_string(icu.join("settings.csv"))
        .unwrap()
        .replace("2027-03-01", "2027-03-29");
    std::fs::write(april.join("settings.csv"), settings).unwrap();
    std::fs::write(april.join("history.csv"), &history).unwrap();
    let o = rotaflow(&["validate", s(&april)]);
    assert_eq!(o.status.code(), Some(0), "{}\n{history}", stderr(&o));
}

/// Weights whose worst case passes what a score holds are refused at their line, instead of
/// a soft score that wraps around.
#[test]
fn weights_that_could_overflow_the_score_are_refused() {
    let dir = copy_scenario(&data("examples/general-ward"));
    let cover = dir.path().join("cover.csv");
    let mut text = std::fs::read_to_string(&cover).unwrap();
    let line = text.lines().count() + 1;
    text.push_str("all,E,,4294967295,4294967295,0\n");
    std::fs::write(&cover, text).unwrap();
    let o = rotaflow(&["validate", s(dir.path())]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("cover.csv:{line}: under_weight:")),
        "{err}"
    );
    assert!(err.contains("soft weights could add up"), "{err}");
}

/// One cause repeated on many lines is shown a few times and counted, and a huge broken file
/// gives a bounded list, with the true total at the end.
#[test]
fn repeated_problems_are_counted_not_repeated() {
    let dir = copy_scenario(&data("examples/general-ward"));
    let mut staff = String::from("id,name,contract,roles\n");
    for i in 0..20_000 {
        staff.push_str(&format!("S{i},Person {i},NOPE,RN\n"));
    }
    std::fs::write(dir.path().join("staff.csv"), staff).unwrap();
    let o = rotaflow(&["validate", s(dir.path())]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines.len() < 210, "{} lines", lines.len());
    assert!(
        err.contains("staff.csv: and 19997 more like it (lines 5, 6,"),
        "{err}"
    );
    assert!(lines.last().unwrap().contains("problems found"), "{err}");
}

/// A consultant given a Monday afternoon session beside the Monday morning one, with only
/// morning and afternoon shifts: one of the two could never run, and `validate` says so.
#[test]
fn sessions_no_one_shift_covers_are_refused() {
    let dir = copy_scenario(&data("examples/outpatient-clinic"));
    let sessions = dir.path().join("sessions.csv");
    let mut text = std::fs::read_to_string(&sessions).unwrap();
    text.push_str("CARD,DR01,mon,PM,13:30,17:30,10,R1\n");
    std::fs::write(&sessions, &text).unwrap();
    let line = text.lines().count();
    let o = rotaflow(&["validate", s(dir.path())]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "sessions.csv:{line}: doctor: DR01 also has a session on mon at 08:30-12:30 on line 3"
        )),
        "{err}"
    );
    assert!(err.contains("add a shift covering 08:30-17:30"), "{err}");
}
