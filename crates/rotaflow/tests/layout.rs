//! The crate's layout rules, checked on its sources:
//! - the roster side (`model`, `roster`, `rules`, `evaluation`, `solver`) never uses the clinic
//!   side (`appointments`), file formats (`formats`), reports (`report`) or re-planning
//!   (`replan`);
//! - the clinic side (`appointments`) never uses `formats`, `report` or `replan`;
//! - no source file is much over 800 lines.
//!
//! Test files (`tests.rs`, `tests/`) may read fixtures through `formats`; comments are not
//! code.

use std::fs;
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("readable source folder") {
            let path = entry.expect("readable entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn is_test_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "tests.rs")
        || path.components().any(|c| c.as_os_str() == "tests")
}

/// Lines of code (not comments) of `path` that name `crate::<module>`, as `path:line: text`.
fn uses(path: &Path, modules: &[&str]) -> Vec<String> {
    let text = fs::read_to_string(path).expect("readable source file");
    let mut found = Vec::new();
    let mut in_test_module = false;
    for (i, line) in text.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("#[cfg(test)]") {
            // Everything after a test module's attribute is test code (test modules close
            // the files they are in, by the crate's convention).
            in_test_module = true;
        }
        if in_test_module || code.starts_with("//") {
            continue;
        }
        for m in modules {
            let braced = code.starts_with("use crate::{") && names(code, m, "");
            if names(code, m, "crate::") || names(code, m, "super::super::") || braced {
                found.push(format!("{}:{}: {}", path.display(), i + 1, code));
            }
        }
    }
    found
}

/// True when `code` names module `m` after `prefix` as a whole word (`crate::report::cell`,
/// `crate::report as r`, not `crate::reports`).
fn names(code: &str, m: &str, prefix: &str) -> bool {
    let needle = format!("{prefix}{m}");
    code.match_indices(&needle).any(|(i, _)| {
        let before = code[..i].chars().next_back();
        let after = code[i + needle.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !word(before) && !word(after)
    })
}

fn check(parts: &[&str], forbidden: &[&str]) {
    let mut bad = Vec::new();
    for part in parts {
        for file in sources(&src().join(part)) {
            if !is_test_file(&file) {
                bad.extend(uses(&file, forbidden));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{parts:?} must not use {forbidden:?}:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_roster_side_uses_neither_the_clinic_side_nor_files_nor_reports() {
    check(
        &["model", "roster", "rules", "evaluation", "solver"],
        &["appointments", "formats", "report", "replan"],
    );
}

#[test]
fn the_clinic_side_uses_neither_files_nor_reports_nor_replanning() {
    check(&["appointments"], &["formats", "report", "replan"]);
}

#[test]
fn the_checker_sees_a_forbidden_use() {
    let dir = std::env::temp_dir().join(format!("rotaflow-layout-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.rs");
    fs::write(
        &file,
        "//! crate::formats in a comment is fine\nuse crate::formats::read_clinic;\nuse crate::{model::Scenario, report::cell};\nuse crate::reports_elsewhere;\nuse crate::report as r;\n#[cfg(test)]\nmod tests { use crate::formats::x; }\n",
    )
    .unwrap();
    let found = uses(&file, &["formats", "report"]);
    fs::remove_dir_all(&dir).unwrap();
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].ends_with(":2: use crate::formats::read_clinic;"));
    assert!(found[1].contains(":3: "));
    assert!(found[2].contains(":5: "));
}

/// Longest source file, in lines: a file that grows past it is split by concern.
const MAX_LINES: usize = 800;

#[test]
fn no_source_file_is_over_800_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut long = Vec::new();
    for dir in [
        "crates/rotaflow/src",
        "crates/rotaflow/tests",
        "crates/rotaflow-cli/src",
        "crates/rotaflow-cli/tests",
        "benches",
        "examples",
    ] {
        for file in sources(&root.join(dir)) {
            let lines = fs::read_to_string(&file)
                .expect("readable source file")
                .lines()
                .count();
            if lines > MAX_LINES {
                long.push(format!("{}: {lines} lines", file.display()));
            }
        }
    }
    assert!(
        long.is_empty(),
        "split these by concern:\n{}",
        long.join("\n")
    );
}
