use super::*;

fn clinic() -> PathBuf {
    data("examples/outpatient-clinic")
}

fn book(out: &Path, extra: &[&str]) -> Output {
    book_in(&clinic(), out, extra)
}

/// Runs `appointments` on the clinic folder `dir` with the outpatient example's roster, three
/// replications, quietly, and `extra` arguments.
pub(super) fn book_in(dir: &Path, out: &Path, extra: &[&str]) -> Output {
    let roster = data("examples/outpatient-clinic/solutions/roster.csv");
    let mut args = vec![
        "appointments",
        s(dir),
        "--roster",
        s(&roster),
        "--out",
        s(out),
        "--replications",
        "3",
        "--quiet",
    ];
    args.extend_from_slice(extra);
    rotaflow(&args)
}

#[test]
fn appointments_run_end_to_end_on_the_example_clinic() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("appts");
    let o = book(&out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = std::fs::read_to_string(out.join("appointments.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("patient,date,time,doctor,room,clinic,visit_type,priority")
    );
    let rows: Vec<&str> = lines.collect();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("flow.json")).unwrap()).unwrap();
    let booking = &json["booking"];
    assert_eq!(booking["booked"].as_u64(), Some(rows.len() as u64));
    assert_eq!(
        booking["booked"].as_u64().unwrap() + booking["unbooked"].as_u64().unwrap(),
        booking["requests"].as_u64().unwrap()
    );
    // Every urgent request that has a session in its window is booked; the example's one
    // weekend-only urgent request cannot be.
    assert_eq!(booking["urgent_unbooked"].as_u64(), Some(1));
    let days = json["days"].as_array().unwrap();
    assert!(!days.is_empty());
    let patients: u64 = days.iter().map(|d| d["booked"].as_u64().unwrap()).sum();
    assert_eq!(patients, rows.len() as u64);
    for d in days {
        let wait = &d["day"]["mean_wait_booked"];
        assert!(wait["mean"].as_f64().unwrap() >= 0.0, "{d}");
        assert_eq!(wait["n"].as_u64(), Some(3));
        let stages = d["stages"].as_array().unwrap();
        assert!(stages.iter().any(|st| st["kind"] == "doctor"));
        for st in stages {
            assert!(
                st["figures"]["utilisation"]["mean"].as_f64().is_some(),
                "{st}"
            );
        }
    }
    let summary = &json["summary"];
    assert!(summary["mean_wait_minutes"].as_f64().is_some());
    assert_eq!(summary["booked"].as_u64(), Some(rows.len() as u64));
    assert!(summary["worst_p90_wait"]["date"]
        .as_str()
        .unwrap()
        .starts_with("2027-03-"));
    let md = std::fs::read_to_string(out.join("plan.md")).unwrap();
    assert!(md.contains("## Day by day"), "{md}");
    // The per-doctor table adds up to the plan's totals.
    let doctors: Vec<Vec<&str>> = md
        .split("## Doctors")
        .nth(1)
        .and_then(|t| t.split("## Patient flow").next())
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("| DR"))
        .map(|l| l.trim_matches('|').split(" | ").map(str::trim).collect())
        .collect();
    assert_eq!(doctors.len(), 6, "{md}");
    let column = |i: usize| -> u64 { doctors.iter().map(|d| d[i].parse::<u64>().unwrap()).sum() };
    assert_eq!(column(1), booking["sessions_run"].as_u64().unwrap());
    assert_eq!(column(2), booking["sessions_used"].as_u64().unwrap());
    assert_eq!(column(3), rows.len() as u64);
    for d in &doctors {
        let seen = rows
            .iter()
            .filter(|r| r.split(',').nth(3) == Some(d[0]))
            .count();
        assert_eq!(d[3].parse::<usize>().unwrap(), seen, "{d:?}");
    }
    // Every session that runs says how much of its time is booked.
    let sessions: Vec<&str> = md.lines().filter(|l| l.starts_with("**")).collect();
    assert_eq!(sessions.len() as u64, column(1));
    for l in sessions {
        let pct = l
            .split("booked time ")
            .nth(1)
            .and_then(|t| t.split('%').next());
        let pct: u32 = pct
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("{l}"));
        assert_eq!(pct == 0, l.contains(": 0 patients"), "{l}");
    }
    assert!(
        md.contains("| P0331 | RESP | URG | 2027-03-06..2027-03-07 | urgent | clinic RESP holds no session between 2027-03-06 and 2027-03-07 |"),
        "{md}"
    );
    assert!(
        md.contains("2027-03-16: DR04 is off, the session needs AM"),
        "{md}"
    );
    // The same input and seed give the same files.
    let again = tmp.path().join("again");
    let o = book(&again, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in ["appointments.csv", "plan.md", "flow.json"] {
        assert_eq!(
            std::fs::read(out.join(f)).unwrap(),
            std::fs::read(again.join(f)).unwrap(),
            "{f}"
        );
    }
}

/// Bookings (of requests that name a preferred doctor) with another doctor, and the weights
/// flow.json records, for a run with `--weights weights`.
fn away_from_preferred(tmp: &Path, weights: &str) -> (usize, serde_json::Value) {
    let out = tmp.join(weights.replace([',', '='], "_"));
    let o = book(&out, &["--weights", weights]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let requests = std::fs::read_to_string(clinic().join("appointment_requests.csv")).unwrap();
    let preferred: std::collections::HashMap<&str, &str> = requests
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            f.get(6).filter(|d| !d.is_empty()).map(|&d| (f[0], d))
        })
        .collect();
    let csv = std::fs::read_to_string(out.join("appointments.csv")).unwrap();
    let away = csv
        .lines()
        .skip(1)
        .filter(|l| {
            let f: Vec<&str> = l.split(',').collect();
            preferred.get(f[0]).is_some_and(|&d| d != f[3])
        })
        .count();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("flow.json")).unwrap()).unwrap();
    let md = std::fs::read_to_string(out.join("plan.md")).unwrap();
    let w = &json["booking"]["weights"];
    assert!(
        md.contains(&format!("continuity={}", w["continuity"].as_f64().unwrap())),
        "{md}"
    );
    (away, w.clone())
}

#[test]
fn booking_weights_from_the_command_line_steer_the_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let (default, w) = away_from_preferred(tmp.path(), "load=1000");
    assert_eq!(w["continuity"].as_f64(), Some(40.0));
    assert_eq!(w["load"].as_f64(), Some(1000.0));
    let (free, w) = away_from_preferred(tmp.path(), "continuity=0");
    assert_eq!(w["continuity"].as_f64(), Some(0.0));
    assert_eq!(w["unbooked"].as_f64(), Some(1000.0));
    let (strict, w) = away_from_preferred(tmp.path(), "continuity=1000000,delay=0.5");
    assert_eq!(w["continuity"].as_f64(), Some(1e6));
    assert_eq!(w["delay_per_day"].as_f64(), Some(0.5));
    // Without a price on continuity the load spread moves patients to other doctors; a huge
    // price keeps them with their own doctor wherever the default does.
    assert!(free > default, "{free} <= {default}");
    assert!(strict <= default, "{strict} > {default}");
    for (bad, want) in [
        ("speed=1", "--weights: unknown key 'speed'"),
        ("delay=x", "--weights: delay: 'x' is not a number"),
        ("load=-1", "--weights: load=-1 must be a number >= 0"),
        ("continuity", "--weights: 'continuity' has no '='"),
    ] {
        let o = book(&tmp.path().join("bad"), &["--weights", bad]);
        assert_eq!(o.status.code(), Some(1), "{bad}");
        assert!(stderr(&o).contains(want), "{bad}: {}", stderr(&o));
    }
}

#[test]
fn bad_clinic_files_give_file_line_errors_and_exit_1() {
    let dir = copy_scenario(&clinic());
    let path = dir.path().join("appointment_requests.csv");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("P9999,CARD,NOPE,2027-03-10,2027-03-02,urgent,\n");
    let line = text.lines().count();
    std::fs::write(&path, text).unwrap();
    let out = tempfile::tempdir().unwrap();
    let roster = clinic().join("solutions/roster.csv");
    let o = rotaflow(&[
        "appointments",
        s(dir.path()),
        "--roster",
        s(&roster),
        "--out",
        s(out.path()),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "appointment_requests.csv:{line}: visit_type: unknown visit type `NOPE`"
        )),
        "{err}"
    );
    assert!(!out.path().join("appointments.csv").exists());
    // `validate` reports the same problem.
    let o = rotaflow(&["validate", s(dir.path())]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("visit_type: unknown visit type `NOPE`"));
}

#[test]
fn staffing_writes_a_cover_file_the_planner_accepts() {
    let dir = copy_scenario(&clinic());
    let cover = dir.path().join("derived-cover.csv");
    let o = rotaflow(&[
        "staffing",
        s(dir.path()),
        "--wait-target",
        "p90:15",
        "--out",
        s(&cover),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&cover).unwrap();
    assert!(
        text.starts_with("day,shift,role,required,under_weight,over_weight\n"),
        "{text}"
    );
    // Clerks and nurses per weekday and shift; the doctors' cover, and the closed weekend of
    // clerks and nurses, are kept from the scenario.
    for row in [
        "mon,AM,CL,",
        "mon,PM,RN,",
        "2027-03-06,AM,CL,0,1,50",
        "2027-03-01,AM,DR,3,100,5",
    ] {
        assert!(text.contains(row), "missing {row} in\n{text}");
    }
    std::fs::rename(&cover, dir.path().join("cover.csv")).unwrap();
    let o = rotaflow(&["validate", s(dir.path())]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The planner meets the derived cover without breaking a hard rule.
    let planned = dir.path().join("planned");
    let o = run_plan(dir.path(), &planned, "100000", &["--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(planned.join("report.json")).unwrap())
            .unwrap();
    assert_eq!(report["hard"].as_u64(), Some(0));
    // A stricter target never needs fewer staff.
    let strict = dir.path().join("strict.csv");
    let o = rotaflow(&[
        "staffing",
        s(dir.path()),
        "--wait-target",
        "mean:1",
        "--out",
        s(&strict),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let sum = |t: &str| -> u64 {
        t.lines()
            .filter(|l| l.contains(",CL,") || l.contains(",RN,"))
            .map(|l| l.split(',').nth(3).unwrap().parse::<u64>().unwrap())
            .sum()
    };
    let loose = std::fs::read_to_string(dir.path().join("cover.csv")).unwrap();
    assert!(sum(&std::fs::read_to_string(&strict).unwrap()) >= sum(&loose));
    let o = rotaflow(&[
        "staffing",
        s(dir.path()),
        "--wait-target",
        "p90",
        "--out",
        s(&strict),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--wait-target p90: write pNN:MINUTES"));
    // From the booking plan of the reference roster instead.
    let from_plan = dir.path().join("from-plan.csv");
    let roster = clinic().join("solutions/roster.csv");
    let o = rotaflow(&[
        "staffing",
        s(dir.path()),
        "--roster",
        s(&roster),
        "--out",
        s(&from_plan),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&from_plan)
        .unwrap()
        .contains("\nmon,AM,RN,"));
}

#[test]
fn roster_then_appointments_end_to_end() {
    let tmp = tempfile::tempdir().unwrap();
    let roster_dir = tmp.path().join("clinic");
    let o = run_plan(&clinic(), &roster_dir, "100000", &["--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(roster_dir.join("report.json")).unwrap())
            .unwrap();
    assert_eq!(report["hard"].as_u64(), Some(0));
    let out = tmp.path().join("appts");
    let o = rotaflow(&[
        "appointments",
        s(&clinic()),
        "--roster",
        s(&roster_dir.join("roster.csv")),
        "--out",
        s(&out),
        "--replications",
        "2",
        "--seed",
        "9",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("wrote appointments.csv, plan.md and flow.json"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("flow.json")).unwrap()).unwrap();
    assert_eq!(json["seed"].as_u64(), Some(9));
    assert!(json["booking"]["booked"].as_u64().unwrap() > 300);
}

#[test]
fn comparing_a_roster_with_itself_shows_no_difference() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("appts");
    let roster = clinic().join("solutions/roster.csv");
    let o = book(&out, &["--compare-roster", s(&roster)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("flow.json")).unwrap()).unwrap();
    let days = json["comparison"]["days"].as_array().unwrap();
    assert_eq!(days.len(), json["days"].as_array().unwrap().len());
    for d in days {
        let diff = &d["difference"]["total_wait_booked"];
        assert_eq!(diff["mean"].as_f64(), Some(0.0), "{d}");
        assert_eq!(d["a"], d["b"]);
    }
    let md = std::fs::read_to_string(out.join("plan.md")).unwrap();
    assert!(md.contains("## Compared with the staff of"), "{md}");
    // A broken second roster is reported with its line.
    let bad = tmp.path().join("bad.csv");
    std::fs::write(&bad, "date,staff,shift\n2027-03-01,NOBODY,AM\n").unwrap();
    let o = book(&tmp.path().join("x"), &["--compare-roster", s(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bad.csv:2: staff: unknown staff member `NOBODY`"));
}

/// Service times no session can hold are refused at once (they used to grow memory without
/// bound or take a minute), a grid of 0 ticks is a usage error, and `--ticks-per-minute`
/// sets the grid that `--method auto` picks for general service.
#[test]
fn template_refuses_what_cannot_be_computed() {
    for service in ["gamma:1e30:0.5", "gamma:10000:0.5", "exp:1e30"] {
        let started = std::time::Instant::now();
        let o = rotaflow(&["template", "optimize", "--service", service]);
        assert_eq!(o.status.code(), Some(1), "{service}");
        assert!(stderr(&o).contains("longer than a day"), "{}", stderr(&o));
        assert!(started.elapsed().as_secs() < 5, "{service}");
    }
    let o = rotaflow(&["template", "optimize", "--ticks-per-minute", "0"]);
    assert_eq!(o.status.code(), Some(2));
    let o = rotaflow(&[
        "template",
        "evaluate",
        "--schedule",
        "1111111111",
        "--slots",
        "10",
        "--service",
        "gamma:10:0.5",
        "--ticks-per-minute",
        "2",
        "--no-optimum",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("grid (2 tick/min)"), "{}", stdout(&o));
}

/// A mean wait of 0 cannot be met by any number of staff: refused, not answered with 121.
#[test]
fn staffing_refuses_a_mean_wait_of_zero() {
    let o = rotaflow(&[
        "staffing",
        s(&data("examples/outpatient-clinic")),
        "--out",
        "/nonexistent/never-written.csv",
        "--wait-target",
        "mean:0",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("unlimited staff"), "{}", stderr(&o));
}

/// A negative number reaches the option's own check (clap took `-0.1` for a flag).
#[test]
fn negative_numbers_get_the_options_own_message() {
    let o = rotaflow(&[
        "template",
        "evaluate",
        "--schedule",
        "1111",
        "--no-show",
        "-0.1",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("--no-show: invalid no-show probability: -0.1"),
        "{}",
        stderr(&o)
    );
}

/// A long certificate search says, every few seconds, that it is still at work.
#[cfg(unix)]
#[test]
fn long_template_searches_show_progress() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rotaflow"))
        .args(["template", "optimize", "--slots", "288", "--patients", "50"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(6500));
    let _ = child.kill();
    let o = child.wait_with_output().unwrap();
    assert!(
        stderr(&o).contains("searching for the optimal template and its certificate: 5 s so far"),
        "{}",
        stderr(&o)
    );
}
