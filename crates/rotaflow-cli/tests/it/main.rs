//! Integration tests of the `rotaflow` command on the example data. All in one test binary.

mod appointments;
mod bench;
mod book_flow;
mod checkup;
mod clinic_checks;
mod evaluate;
mod faults;
mod flow_figures;
mod import;
mod outputs;
mod plan;
mod rebook;
mod replan;
mod staffing;
mod unkept;
mod validate;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A path under `data/`.
pub fn data(rel: &str) -> PathBuf {
    root().join("data").join(rel)
}

/// Runs `rotaflow` with `args`.
pub fn rotaflow(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rotaflow"))
        .args(args)
        .output()
        .expect("the rotaflow binary runs")
}

/// Runs `rotaflow plan SCENARIO --out OUT --work-limit MOVES`, then the `extra` arguments.
pub fn run_plan(scenario: &Path, out: &Path, moves: &str, extra: &[&str]) -> Output {
    let mut args = vec!["plan", s(scenario), "--out", s(out), "--work-limit", moves];
    args.extend_from_slice(extra);
    rotaflow(&args)
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Copies a scenario folder into a fresh temporary folder.
pub fn copy_scenario(src: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "csv") {
            std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
        }
    }
    dir
}

/// The string form of a path.
pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn usage_errors_exit_with_2() {
    let o = rotaflow(&["plan"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = rotaflow(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
}
