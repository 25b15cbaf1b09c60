//! `template evaluate` with appointments not kept: unpunctual patients, a late doctor, late
//! cancellations, no-shows and the order patients are seen in, simulated beside the exact
//! figures.

use super::{rotaflow, stderr, stdout};

const KK_AW1: &str = "110001000100010001000010001000100010000000000000";

fn evaluate(extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "template",
        "evaluate",
        "--slots",
        "48",
        "--slot-minutes",
        "5",
        "--service",
        "exp:20",
        "--no-show",
        "0.1",
        "--schedule",
        KK_AW1,
        "--no-optimum",
    ];
    args.extend_from_slice(extra);
    rotaflow(&args)
}

fn simulation(extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["--json", "--replications", "3000"];
    args.extend_from_slice(extra);
    let o = evaluate(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    v["simulation"].clone()
}

fn mean(v: &serde_json::Value, figure: &str) -> f64 {
    v[figure]["mean"].as_f64().unwrap()
}

#[test]
fn kept_appointments_simulate_to_the_exact_figures() {
    let o = evaluate(&["--json", "--simulate", "--replications", "20000"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let sim = &v["simulation"];
    // The exact objective lies in the simulated 95 % interval (widened to 99 %: x 2.576/1.96).
    let exact = v["objective"].as_f64().unwrap();
    let (m, h) = (
        mean(sim, "objective"),
        sim["objective"]["half_width"].as_f64().unwrap(),
    );
    assert!(
        (m - exact).abs() <= h * 2.576 / 1.96,
        "{m} +- {h} against {exact}"
    );
    assert_eq!(sim["discipline"], "work-conserving");
    assert_eq!(sim["total_wait"], sim["total_wait_from_appointment"]);
}

#[test]
fn each_disruption_moves_its_totals_and_the_seed_repeats_them() {
    let base = simulation(&["--simulate"]);
    let early = simulation(&["--unpunctuality", "normal:-10:5:30"]);
    assert!(mean(&early, "total_wait") > mean(&early, "total_wait_from_appointment"));
    let late_doctor = simulation(&["--doctor-lateness", "normal:15:0"]);
    assert!(mean(&late_doctor, "total_wait") > mean(&base, "total_wait") + 10.0);
    let cancel = simulation(&["--cancel", "0.2"]);
    assert!(mean(&cancel, "cancellations") > 1.5);
    let strict = simulation(&["--discipline", "appointment-order"]);
    assert!(mean(&strict, "total_idle") > mean(&base, "total_idle"));
    // Every total has its interval.
    for f in [
        "total_wait",
        "total_wait_from_appointment",
        "total_idle",
        "overtime",
    ] {
        let (lo, hi) = (
            strict[f]["low"].as_f64().unwrap(),
            strict[f]["high"].as_f64().unwrap(),
        );
        assert!(lo <= mean(&strict, f) && mean(&strict, f) <= hi, "{f}");
    }
    // Same seed, same figures; another seed, other figures.
    assert_eq!(strict, simulation(&["--discipline", "appointment-order"]));
    assert_ne!(
        strict,
        simulation(&["--discipline", "appointment-order", "--seed", "2"])
    );
}

#[test]
fn the_table_says_what_was_simulated() {
    let o = evaluate(&["--unpunctuality", "normal:-5:10:30", "--cancel", "0.05"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("Simulated (2000 days, seed 1; 95 % intervals)"),
        "{out}"
    );
    assert!(out.contains("5 min early on average"), "{out}");
    assert!(
        out.contains("late cancellations 5 %, unannounced no-shows 10 %"),
        "{out}"
    );
    assert!(out.contains("total wait from appointment (min)"), "{out}");
    // Without a disruption flag, no simulation.
    let o = evaluate(&[]);
    assert!(!stdout(&o).contains("Simulated"));
}

#[test]
fn bad_disruptions_name_their_flag() {
    for (flag, value, says) in [
        ("--cancel", "1.5", "--cancel: 1.5 is not a probability"),
        (
            "--discipline",
            "random",
            "--discipline: `random` is not a queue discipline",
        ),
        (
            "--doctor-lateness",
            "normal:5",
            "--doctor-lateness: `normal:5` is not a lateness",
        ),
        (
            "--unpunctuality",
            "late",
            "--unpunctuality: `late` is not a punctuality",
        ),
    ] {
        let o = evaluate(&[flag, value]);
        assert_eq!(o.status.code(), Some(1), "{flag} {value}");
        let err = stderr(&o);
        assert!(err.contains(says), "{flag} {value}: {err}");
        assert!(stdout(&o).is_empty(), "{flag}: nothing printed");
    }
    // Refused with the flag's range before any work.
    for value in ["0", "10000001"] {
        let o = evaluate(&["--replications", value]);
        assert_eq!(o.status.code(), Some(2), "--replications {value}");
        let err = stderr(&o);
        assert!(
            err.contains("--replications") && err.contains("1..=10000000"),
            "{err}"
        );
        assert!(stdout(&o).is_empty());
    }
}
