//! The check-up centre example: staggered start times against everyone at 08:30, and the
//! cover `staffing` derives from each book.

use super::*;

fn centre() -> PathBuf {
    data("examples/checkup-centre")
}

fn roster() -> PathBuf {
    data("examples/checkup-centre/solutions/roster.csv")
}

/// Few replications and candidates, so that the test runs quickly in a debug build.
const QUICK: [&str; 4] = ["--replications", "3", "--stagger-evaluations", "60"];

#[test]
fn the_stagger_beats_everyone_at_half_past_eight_on_mean_wait() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("appts");
    let (dir, roster) = (centre(), roster());
    let mut args = vec![
        "appointments",
        s(&dir),
        "--roster",
        s(&roster),
        "--out",
        s(&out),
        "--compare-stagger",
        "--quiet",
    ];
    args.extend_from_slice(&QUICK);
    let o = rotaflow(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("| average |"), "{}", stdout(&o));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("stagger.json")).unwrap()).unwrap();
    let wait = &json["average"]["mean_wait"];
    let a = wait["bunched"]["mean"].as_f64().unwrap();
    let b = wait["staggered"]["mean"].as_f64().unwrap();
    let diff = &wait["difference"];
    assert!(b < a, "stagger {b} against everyone at the start {a}");
    assert!(
        diff["mean"].as_f64().unwrap() > diff["half_width"].as_f64().unwrap(),
        "{diff}"
    );
    let days = json["days"].as_array().unwrap();
    assert!(days.len() > 15, "{} days compared", days.len());
    let md = std::fs::read_to_string(out.join("stagger.md")).unwrap();
    assert!(
        md.contains("## Day by day") && md.contains("2027-03-01"),
        "{md}"
    );

    // The book staggers the starts: on each day the patients' times are spread.
    let csv = std::fs::read_to_string(out.join("appointments.csv")).unwrap();
    let mut per_day: std::collections::BTreeMap<&str, std::collections::BTreeSet<&str>> =
        Default::default();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        per_day.entry(f[1]).or_default().insert(f[2]);
    }
    assert!(per_day.len() > 15);
    for (date, times) in &per_day {
        assert!(times.len() > 5, "{date}: {times:?}");
    }
}

fn required(path: &Path) -> u64 {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split(',').nth(3)?.parse::<u64>().ok())
        .sum()
}

#[test]
fn staffing_follows_the_stagger() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, roster) = (centre(), roster());
    let run = |out: &Path, evaluations: &str| {
        let o = rotaflow(&[
            "staffing",
            s(&dir),
            "--roster",
            s(&roster),
            "--out",
            s(out),
            "--replications",
            "3",
            "--stagger-evaluations",
            evaluations,
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        required(out)
    };
    // One candidate is the bunched book alone: everyone at 08:30.
    let bunched = run(&tmp.path().join("bunched.csv"), "1");
    let staggered = run(&tmp.path().join("staggered.csv"), "60");
    assert!(
        staggered < bunched,
        "staggered {staggered} people against bunched {bunched}"
    );
}

#[test]
fn bad_stagger_flags_are_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, roster) = (centre(), roster());
    for (flag, value) in [
        ("--stagger-grid", "0"),
        ("--stagger-evaluations", "0"),
        ("--stagger-weights", "wait=-1"),
    ] {
        let o = rotaflow(&[
            "appointments",
            s(&dir),
            "--roster",
            s(&roster),
            "--out",
            s(&tmp.path().join("x")),
            flag,
            value,
        ]);
        assert_ne!(o.status.code(), Some(0), "{flag}");
        assert!(stderr(&o).contains(flag), "{flag}: {}", stderr(&o));
    }
}

#[test]
fn validate_counts_the_staggered_sessions() {
    let o = rotaflow(&["validate", s(&centre())]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o)
            .contains("10 weekly sessions (10 with staggered start times, arrivals = stagger)"),
        "{}",
        stdout(&o)
    );
    let o = rotaflow(&["validate", s(&data("examples/outpatient-clinic"))]);
    assert!(
        stdout(&o).contains("16 weekly sessions, 4 visit types"),
        "{}",
        stdout(&o)
    );
}
