use super::*;

/// The general ward's zero-penalty roster, with RN12 sick from 10 to 14 March.
fn sickness(dir: &Path) -> (PathBuf, PathBuf) {
    let changes = dir.join("changes.csv");
    std::fs::write(
        &changes,
        "kind,staff,from,to,shift,role,count,reason\nabsent,RN12,2027-03-10,2027-03-14,,,,sickness\n",
    )
    .unwrap();
    (
        data("examples/general-ward/solutions/zero-penalty-roster.csv"),
        changes,
    )
}

fn replan(published: &Path, changes: &Path, out: &Path, extra: &[&str]) -> Output {
    let ward = data("examples/general-ward");
    let mut args = vec![
        "replan",
        s(&ward),
        "--roster",
        s(published),
        "--changes",
        s(changes),
        "--from",
        "2027-03-10",
        "--out",
        s(out),
        "--work-limit",
        "200000",
        "-q",
    ];
    args.extend_from_slice(extra);
    rotaflow(&args)
}

/// Rows of a roster.csv as (date, staff, shift).
fn rows(path: &Path) -> Vec<(String, String, String)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].into(), f[1].into(), f[2].into())
        })
        .collect()
}

#[test]
fn a_sickness_is_covered_without_touching_the_days_before() {
    let dir = tempfile::tempdir().unwrap();
    let (published, changes) = sickness(dir.path());
    let out = dir.path().join("out");
    // The ward's cover is soft: a change weight below its weights calls people in.
    let o = replan(&published, &changes, &out, &["--change-weight", "20"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in [
        "roster.csv",
        "changes.csv",
        "report.md",
        "report.json",
        "history-out.csv",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let before = rows(&published);
    let after = rows(&out.join("roster.csv"));
    let early = |r: &Vec<(String, String, String)>| {
        r.iter()
            .filter(|x| x.0.as_str() < "2027-03-10")
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(early(&before), early(&after), "days before --from changed");
    assert!(!after
        .iter()
        .any(|x| x.1 == "RN12" && x.0.as_str() >= "2027-03-10" && x.0.as_str() <= "2027-03-14"));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["hard"], 0, "{report}");
    let lost = report["lost_shifts"].as_u64().unwrap();
    assert_eq!(lost, 4);
    let changed = report["changed_cells"].as_u64().unwrap();
    assert!(
        changed >= lost && changed <= 2 * lost,
        "{changed} changes for {lost} lost"
    );
    // changes.csv has one row per changed person-day, and agrees with the rosters.
    let csv = std::fs::read_to_string(out.join("changes.csv")).unwrap();
    assert!(csv.starts_with("date,staff,before,after\n"), "{csv}");
    assert_eq!(csv.lines().count() as u64 - 1, changed);
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let find = |r: &Vec<(String, String, String)>| {
            r.iter()
                .find(|x| x.0 == f[0] && x.1 == f[1])
                .map_or(String::new(), |x| x.2.clone())
        };
        assert_eq!(find(&before), f[2], "{line}");
        assert_eq!(find(&after), f[3], "{line}");
    }
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.starts_with("# Re-plan of "), "{md}");
    assert!(md.contains("## Whom to call\n\n- **Call "), "{md}");
    assert!(
        report["calls"].as_array().unwrap().len() as u64 >= 1,
        "{report}"
    );
    // With the default weight a change outweighs a soft gap: only the sick nurse's days change,
    // and the report says what is left short and how to fill it.
    let out = dir.path().join("default");
    let o = replan(&published, &changes, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["changed_cells"], 4, "{report}");
    assert_eq!(report["changed_for_others"], 0, "{report}");
    assert_eq!(report["soft_gaps"].as_array().unwrap().len(), 4, "{report}");
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("## Left short"), "{md}");
    assert!(md.contains("minimum hours and shifts are lowered"), "{md}");
    assert!(stdout(&o).contains("left short"), "{}", stdout(&o));
}

#[test]
fn bad_changes_name_the_line_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (published, _) = sickness(dir.path());
    let changes = dir.path().join("bad.csv");
    std::fs::write(
        &changes,
        "kind,staff,from,to,shift,role,count,reason\n\
         absent,RN12,2027-03-08,2027-03-12,,,,sickness\n\
         holiday,RN01,2027-03-12,,,,,\n\
         need,,2027-03-12,,X,,1,\n\
         fix,RN02,2027-03-40,,E,,,\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = replan(&published, &changes, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("bad.csv:3: kind: `holiday` is not a kind of change"),
        "{e}"
    );
    assert!(e.contains("bad.csv:4: shift: unknown shift `X`"), "{e}");
    assert!(
        e.contains("bad.csv:5: from: `2027-03-40` is not a date"),
        "{e}"
    );
    assert!(!out.exists(), "nothing is written");
    // Once the file reads, the change before --from is refused at its line.
    std::fs::write(
        &changes,
        "kind,staff,from,to,shift,role,count,reason\nabsent,RN12,2027-03-08,2027-03-12,,,,sickness\n",
    )
    .unwrap();
    let o = replan(&published, &changes, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains(
            "bad.csv:2: from: the change starts before the re-plan's first day (2027-03-10)"
        ),
        "{e}"
    );
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn bench_replan_compares_with_a_plan_from_scratch() {
    let dir = tempfile::tempdir().unwrap();
    let (published, changes) = sickness(dir.path());
    let out = dir.path().join("bench");
    let o = rotaflow(&[
        "bench",
        "replan",
        s(&data("examples/general-ward")),
        "--roster",
        s(&published),
        "--changes",
        s(&changes),
        "--from",
        "2027-03-10",
        "--time-limit",
        "0.3",
        "--scratch-time-limit",
        "0.3",
        "--out",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let table = std::fs::read_to_string(out.join("results.csv")).unwrap();
    let rows: Vec<Vec<&str>> = table.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows[0][5], "changed_cells");
    assert_eq!(rows.len(), 3, "{table}");
    assert_eq!((rows[1][0], rows[2][0]), ("replan", "scratch"));
    // The re-plan never changes a day before --from; planning anew does.
    assert_eq!(rows[1][6], "0", "{table}");
    assert!(rows[2][6].parse::<u32>().unwrap() > 0, "{table}");
    assert!(out.join("replan-seed1.csv").is_file());
}

#[test]
fn cover_lists_who_can_take_a_shift() {
    let o = rotaflow(&[
        "cover",
        s(&data("examples/general-ward")),
        "--roster",
        s(&data(
            "examples/general-ward/solutions/zero-penalty-roster.csv",
        )),
        "--date",
        "2027-03-12",
        "--shift",
        "N",
        "--role",
        "RN",
        "--limit",
        "5",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let options = v["options"].as_array().unwrap();
    assert_eq!(options.len(), 5, "{v}");
    assert_eq!(options[0]["rank"], 1);
    assert!(
        options[0]["what"]
            .as_str()
            .unwrap()
            .contains(" takes N (was "),
        "{v}"
    );
    // Only registered nurses take the night.
    assert!(
        options
            .iter()
            .all(|o| o["what"].as_str().unwrap().starts_with("RN")
                || o["what"].as_str().unwrap().starts_with("CN")),
        "{v}"
    );
    let o = rotaflow(&[
        "cover",
        s(&data("examples/general-ward")),
        "--roster",
        s(&data(
            "examples/general-ward/solutions/zero-penalty-roster.csv",
        )),
        "--date",
        "2027-04-12",
        "--shift",
        "N",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("--date 2027-04-12: give a day of the plan"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn export_ics_writes_one_calendar_per_person() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ics");
    let o = rotaflow(&[
        "export",
        "ics",
        s(&data("examples/icu")),
        "--roster",
        s(&data("examples/icu/solutions/roster.csv")),
        "--out",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("times in UTC from Europe/London"),
        "{}",
        stdout(&o)
    );
    let files: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
    assert_eq!(files.len(), 24);
    let sn01 = std::fs::read_to_string(out.join("SN01.ics")).unwrap();
    assert!(
        sn01.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
        "{sn01}"
    );
    let worked = std::fs::read_to_string(data("examples/icu/solutions/roster.csv"))
        .unwrap()
        .lines()
        .filter(|l| l.split(',').nth(1) == Some("SN01"))
        .count();
    assert_eq!(
        sn01.matches("SUMMARY:").count() - sn01.matches("SUMMARY:Away").count(),
        worked
    );
}
