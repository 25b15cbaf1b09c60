//! Outputs never replace inputs or each other: a repeated `--seeds` entry, two output flags
//! naming one file and an `--out` that holds the command's own input files are refused before
//! any work, and the files already there are kept.

use super::*;

fn ward() -> PathBuf {
    data("examples/general-ward")
}

fn ward_roster() -> PathBuf {
    data("examples/general-ward/solutions/zero-penalty-roster.csv")
}

fn ward_changes() -> PathBuf {
    data("examples/general-ward/replan/changes.csv")
}

/// Runs `replan` on the general ward with `roster`, `changes` and `out`, briefly.
fn replan(dir: &Path, roster: &Path, changes: &Path, out: &Path) -> Output {
    rotaflow(&[
        "replan",
        s(dir),
        "--roster",
        s(roster),
        "--changes",
        s(changes),
        "--from",
        "2027-03-10",
        "--time-limit",
        "0.2",
        "--out",
        s(out),
    ])
}

#[test]
fn bench_replan_refuses_a_repeated_seed_and_keeps_the_old_results() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("brp");
    std::fs::create_dir(&out).unwrap();
    let names = [
        "results.csv",
        "replan-seed1.csv",
        "scratch-seed1.csv",
        "replan-seed2.csv",
    ];
    for name in names {
        std::fs::write(out.join(name), "OLD").unwrap();
    }
    let (w, r, c) = (ward(), ward_roster(), ward_changes());
    let o = rotaflow(&[
        "bench",
        "replan",
        s(&w),
        "--roster",
        s(&r),
        "--changes",
        s(&c),
        "--from",
        "2027-03-10",
        "--time-limit",
        "0.1",
        "--scratch-time-limit",
        "0.1",
        "--out",
        s(&out),
        "--seeds",
        "1,2,1",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("seed 1 twice"), "{err}");
    assert!(
        !err.contains("up to"),
        "runs started before the refusal: {err}"
    );
    for name in names {
        assert_eq!(
            std::fs::read_to_string(out.join(name)).unwrap(),
            "OLD",
            "{name}"
        );
    }
}

#[test]
fn generate_writes_both_files_or_neither() {
    let dir = tempfile::tempdir().unwrap();
    let inst = dir.path().join("inst.txt");
    std::fs::write(&inst, "OLD").unwrap();
    let folder = dir.path().join("pl");
    std::fs::create_dir(&folder).unwrap();
    let gen = |out: &Path, planted: &Path| {
        rotaflow(&[
            "generate",
            "curtois",
            "--days",
            "7",
            "--staff",
            "3",
            "--shifts",
            "2",
            "--out",
            s(out),
            "--planted",
            s(planted),
        ])
    };
    // The planted roster cannot be written: the instance is not written either.
    let o = gen(&inst, &folder);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("pl"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&inst).unwrap(), "OLD");
    // One file for both: refused, naming both flags, the file kept.
    let o = gen(&inst, &dir.path().join(".").join("inst.txt"));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("--out") && err.contains("--planted"), "{err}");
    assert_eq!(std::fs::read_to_string(&inst).unwrap(), "OLD");
    let fresh = dir.path().join("same.txt");
    let o = gen(&fresh, &fresh);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!fresh.exists());
    // Two files: both written.
    let planted = dir.path().join("planted.csv");
    let o = gen(&inst, &planted);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_ne!(std::fs::read_to_string(&inst).unwrap(), "OLD");
    assert!(std::fs::read_to_string(&planted)
        .unwrap()
        .starts_with("date,staff,shift"));
}

#[test]
fn replan_refuses_an_out_folder_that_holds_its_inputs() {
    let dir = copy_scenario(&ward());
    let replan_dir = dir.path().join("replan");
    std::fs::create_dir(&replan_dir).unwrap();
    let changes = replan_dir.join("changes.csv");
    std::fs::copy(ward_changes(), &changes).unwrap();
    let kept = std::fs::read(&changes).unwrap();
    let o = replan(dir.path(), &ward_roster(), &changes, &replan_dir);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("changes.csv") && err.contains("another --out"),
        "{err}"
    );
    assert_eq!(std::fs::read(&changes).unwrap(), kept);
    assert!(!replan_dir.join("report.md").exists());
    // The published roster in the out folder.
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let roster = out.join("roster.csv");
    std::fs::copy(ward_roster(), &roster).unwrap();
    let kept = std::fs::read(&roster).unwrap();
    let o = replan(dir.path(), &roster, &ward_changes(), &out);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("roster.csv"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&roster).unwrap(), kept);
}

#[test]
fn clinic_commands_refuse_to_write_over_their_inputs() {
    let clinic = data("examples/outpatient-clinic");
    let dir = copy_scenario(&clinic);
    // `appointments simulate` would replace the book it reads.
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let book = out.join("optimised-book.csv");
    std::fs::copy(clinic.join("existing_book.csv"), &book).unwrap();
    let kept = std::fs::read(&book).unwrap();
    let roster = data("examples/outpatient-clinic/solutions/roster.csv");
    let o = rotaflow(&[
        "appointments",
        "simulate",
        s(dir.path()),
        "--book",
        s(&book),
        "--roster",
        s(&roster),
        "--replications",
        "2",
        "--quiet",
        "--out",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("optimised-book.csv"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&book).unwrap(), kept);
    // `staffing` would replace the scenario's own cover.
    let cover = dir.path().join("cover.csv");
    let kept = std::fs::read(&cover).unwrap();
    let o = rotaflow(&[
        "staffing",
        s(dir.path()),
        "--wait-target",
        "p90:15",
        "--out",
        s(&cover),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("cover.csv"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&cover).unwrap(), kept);
}
