use super::*;

const COLUMNS: &str = "instance,days,staff,shifts,objective,hard,best_known,gap_percent,seconds,\
                       seconds_to_best,moves,peak_memory_mib,seed,time_limit";

/// results.csv as rows of named cells.
fn results(dir: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let text = std::fs::read_to_string(dir.join("results.csv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(COLUMNS));
    let names: Vec<&str> = COLUMNS.split(',').collect();
    lines
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            assert_eq!(cells.len(), names.len(), "{l}");
            names
                .iter()
                .zip(cells)
                .map(|(n, c)| (n.to_string(), c.to_string()))
                .collect()
        })
        .collect()
}

/// `rotaflow evaluate`'s (hard, soft) for a roster of an instance file.
fn evaluate(instance: &Path, roster: &Path, work: &Path) -> (u64, u64) {
    let scen = work.join(instance.file_stem().unwrap());
    let o = rotaflow(&["import", "curtois", s(instance), "--out", s(&scen)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = rotaflow(&["evaluate", s(&scen), "--roster", s(roster), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    (v["hard"].as_u64().unwrap(), v["soft"].as_u64().unwrap())
}

/// The bench writes one roster per instance and results.csv, whose figures are exactly what
/// `rotaflow evaluate` says about each roster; a work limit makes it reproducible.
#[test]
fn bench_writes_results_that_evaluate_confirms() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bench");
    let files = [
        data("benchmarks/curtois/Instance1.txt"),
        data("benchmarks/curtois/Instance2.txt"),
    ];
    let run = |out: &Path| {
        rotaflow(&[
            "bench",
            "curtois",
            s(&files[0]),
            s(&files[1]),
            "--time-limit",
            "120",
            "--work-limit",
            "30000",
            "--seed",
            "3",
            "--out",
            s(out),
        ])
    };
    let o = run(&out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Progress per instance on stderr, the table on stdout.
    assert!(stderr(&o).contains("[2/2] Instance2: 14 days, 14 staff, 2 shift types"));
    assert!(stdout(&o).starts_with("instance "), "{}", stdout(&o));
    let rows = results(&out);
    assert_eq!(rows.len(), 2);
    let expected = [
        ("Instance1", "8", "1", "607"),
        ("Instance2", "14", "2", "828"),
    ];
    for (row, (file, (name, staff, shifts, best))) in rows.iter().zip(files.iter().zip(expected)) {
        assert_eq!(row["instance"], name);
        assert_eq!(row["days"], "14");
        assert_eq!(
            (row["staff"].as_str(), row["shifts"].as_str()),
            (staff, shifts)
        );
        assert_eq!(row["best_known"], best);
        assert_eq!(
            (row["seed"].as_str(), row["time_limit"].as_str()),
            ("3", "120")
        );
        assert_eq!(row["moves"], "30000");
        let roster = out.join(name).join("roster.csv");
        let (hard, soft) = evaluate(file, &roster, dir.path());
        assert_eq!(row["objective"], soft.to_string(), "{name}");
        assert_eq!(row["hard"], hard.to_string(), "{name}");
        let objective: f64 = row["objective"].parse().unwrap();
        let best: f64 = best.parse().unwrap();
        if hard == 0 {
            let gap: f64 = row["gap_percent"].parse().unwrap();
            assert!((gap - (objective - best) * 100.0 / best).abs() < 0.006);
        } else {
            assert_eq!(row["gap_percent"], "");
        }
        let seconds: f64 = row["seconds"].parse().unwrap();
        let to_best: f64 = row["seconds_to_best"].parse().unwrap();
        assert!(to_best <= seconds && seconds < 120.0);
        if cfg!(target_os = "linux") {
            let mib: f64 = row["peak_memory_mib"].parse().unwrap();
            assert!(mib > 0.5 && mib < 1024.0, "{mib}");
        }
    }
    // Same seed and work limit: the same rosters and objectives.
    let again = dir.path().join("again");
    let o = run(&again);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for (a, b) in rows.iter().zip(results(&again)) {
        assert_eq!(a["objective"], b["objective"]);
    }
    for name in ["Instance1", "Instance2"] {
        let read = |d: &Path| std::fs::read(d.join(name).join("roster.csv")).unwrap();
        assert_eq!(read(&out), read(&again), "{name}");
    }
}

/// The search options given to `bench` reach the solver of each instance: with the same seed,
/// work limit and options, `plan` on the imported instance returns the same roster.
#[test]
fn bench_passes_its_search_options_on() {
    let dir = tempfile::tempdir().unwrap();
    let file = data("benchmarks/curtois/Instance3.txt");
    let scen = dir.path().join("scenario");
    let o = rotaflow(&["import", "curtois", s(&file), "--out", s(&scen)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let options = ["--seed", "7", "--acceptance", "late-acceptance", "--no-lns"];
    let bench = dir.path().join("bench");
    let mut args = vec![
        "bench",
        "curtois",
        s(&file),
        "--time-limit",
        "600",
        "--work-limit",
        "40000",
        "--out",
        s(&bench),
    ];
    args.extend_from_slice(&options);
    let o = rotaflow(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let plan = |name: &str, extra: &[&str]| {
        let out = dir.path().join(name);
        let mut args = vec!["-q"];
        args.extend_from_slice(extra);
        let o = run_plan(&scen, &out, "40000", &args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        std::fs::read_to_string(out.join("roster.csv")).unwrap()
    };
    let benched = std::fs::read_to_string(bench.join("Instance3").join("roster.csv")).unwrap();
    assert_eq!(plan("same", &options), benched);
    // And the options matter: annealing from the same seed takes another path.
    let annealed = plan(
        "annealing",
        &["--seed", "7", "--acceptance", "annealing", "--no-lns"],
    );
    assert_ne!(annealed, benched);
}

#[test]
fn bench_reports_a_broken_file_with_its_line_before_solving() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("Broken.txt");
    std::fs::write(&bad, "SECTION_HORIZON\n14\n\nSECTION_SHIFTS\nD,abc,\n").unwrap();
    let out = dir.path().join("out");
    let good = data("benchmarks/curtois/Instance1.txt");
    let o = rotaflow(&[
        "bench",
        "curtois",
        s(&good),
        s(&bad),
        "--time-limit",
        "5",
        "--out",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("Broken.txt:5"), "{}", stderr(&o));
    assert!(!out.exists(), "nothing is solved or written");
    // Missing required arguments are usage errors.
    let o = rotaflow(&["bench", "curtois", s(&good), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
}

/// Ctrl-C (here SIGINT to the bench process alone) stops the running instance, which still
/// reports its roster, and results.csv is written with the instances finished so far.
#[cfg(target_os = "linux")]
#[test]
fn interrupted_bench_keeps_the_results_so_far() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let i1 = data("benchmarks/curtois/Instance1.txt");
    let i2 = data("benchmarks/curtois/Instance2.txt");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_rotaflow"))
        .args(["bench", "curtois", s(&i1), s(&i2), "--time-limit", "60"])
        .args(["--out", s(&out)])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    std::thread::sleep(std::time::Duration::from_millis(2000));
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let o = child.wait_with_output().unwrap();
    assert!(
        started.elapsed().as_secs() < 30,
        "the search was not stopped"
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("interrupted"), "{}", stderr(&o));
    let rows = results(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["instance"], "Instance1");
    let (hard, soft) = evaluate(&i1, &out.join("Instance1/roster.csv"), dir.path());
    assert_eq!(
        (rows[0]["hard"].clone(), rows[0]["objective"].clone()),
        (hard.to_string(), soft.to_string())
    );
    assert!(!out.join("Instance2").exists());
}

/// A generated instance imports and validates, its planted roster breaks no hard rule and
/// scores what the file says, and the same seed gives the same file.
#[test]
fn generated_instance_round_trips_through_import_and_evaluate() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gen/Small.txt");
    let planted = dir.path().join("planted.csv");
    let args = |out: &Path| {
        vec![
            "generate".to_string(),
            "curtois".into(),
            "--days".into(),
            "28".into(),
            "--staff".into(),
            "12".into(),
            "--shifts".into(),
            "5".into(),
            "--seed".into(),
            "4".into(),
            "--out".into(),
            s(out).into(),
        ]
    };
    let mut a = args(&file);
    a.extend(["--planted".to_string(), s(&planted).to_string()]);
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let o = rotaflow(&a);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&file).unwrap();
    // "... its objective is N (an upper bound ...)"
    let objective: u64 = text
        .split("its objective is ")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("the objective of the planted roster is in the file");
    assert!(stdout(&o).contains(&format!("scores {objective}")));

    let scen = dir.path().join("scenario");
    let o = rotaflow(&["import", "curtois", s(&file), "--out", s(&scen)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = rotaflow(&["validate", s(&scen)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("12 staff"), "{}", stdout(&o));
    let (hard, soft) = evaluate(&file, &planted, dir.path());
    assert_eq!((hard, soft), (0, objective));

    let copy = dir.path().join("copy.txt");
    let a = args(&copy);
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let o = rotaflow(&a);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read(&copy).unwrap(), text.as_bytes());

    let o = rotaflow(&[
        "generate", "curtois", "--days", "0", "--staff", "3", "--shifts", "2",
    ]);
    assert_eq!(o.status.code(), Some(2), "--out is required");
    let o = rotaflow(&[
        "generate",
        "curtois",
        "--days",
        "0",
        "--staff",
        "3",
        "--shifts",
        "2",
        "--out",
        s(&copy),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("0 days"), "{}", stderr(&o));
}

/// `bench inrc2` plans every published configuration of an instance and writes results.csv
/// with the published solutions' costs (the validator's) next to its own, which `evaluate`
/// confirms.
#[test]
fn bench_inrc2_compares_with_the_published_solutions() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bench");
    let o = rotaflow(&[
        "bench",
        "inrc2",
        s(&data("benchmarks/inrc2/n005w4")),
        "--time-limit",
        "0.3",
        "--out",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = std::fs::read_to_string(out.join("results.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(lines[0]
        .starts_with("run,instance,history,weeks,nurses,days,seed,hard,soft,published_soft"));
    let published: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(9).unwrap())
        .collect();
    assert_eq!(published, ["1695", "2010", "1720"]);
    for l in &lines[1..] {
        let cells: Vec<&str> = l.split(',').collect();
        let run = out.join(cells[0]);
        let o = rotaflow(&[
            "evaluate",
            s(&run.join("scenario")),
            "--roster",
            s(&run.join("seed-1/roster.csv")),
            "--json",
        ]);
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(v["hard"].to_string(), cells[7]);
        assert_eq!(v["soft"].to_string(), cells[8]);
    }
}
