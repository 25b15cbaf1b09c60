//! Checks on output paths, made before any work: results must never replace a file the command
//! reads, and two outputs must never be the same file.

use std::path::{Path, PathBuf};

/// `path` as the file system resolves it: canonical where it exists, else its folder's
/// canonical path with its name, else made absolute.
fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match (std::fs::canonicalize(folder), path.file_name()) {
        (Ok(f), Some(name)) => f.join(name),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// Refuses two output flags that name the same file: the second would replace the first.
pub fn refuse_same_file(a: &Path, a_flag: &str, b: &Path, b_flag: &str) -> anyhow::Result<()> {
    anyhow::ensure!(
        resolved(a) != resolved(b),
        "{a_flag} {} and {b_flag} {} are the same file: one would replace the other; give \
         {b_flag} another file",
        a.display(),
        b.display()
    );
    Ok(())
}

/// The files of scenario folder `dir` that commands read: the scenario's and the clinic's.
pub fn scenario_inputs(dir: &Path) -> Vec<PathBuf> {
    rotaflow::formats::scenario_files()
        .chain(rotaflow::formats::CLINIC_FILES)
        .map(|name| dir.join(name))
        .collect()
}

/// Refuses, before any work, when one of `outputs` is the same file as one of `inputs`:
/// writing the results would replace the input. An output that does not exist yet cannot be
/// an input.
pub fn refuse_overwriting_inputs(outputs: &[PathBuf], inputs: &[&Path]) -> anyhow::Result<()> {
    for output in outputs {
        let Ok(out) = std::fs::canonicalize(output) else {
            continue;
        };
        for input in inputs {
            if std::fs::canonicalize(input).is_ok_and(|i| i == out) {
                anyhow::bail!(
                    "the output {} is the input {}: writing the results would replace it; \
                     choose another --out",
                    output.display(),
                    input.display()
                );
            }
        }
    }
    Ok(())
}

/// `names` in folder `dir`: the files a command writes there.
pub fn in_dir(dir: &Path, names: &[&str]) -> Vec<PathBuf> {
    names.iter().map(|n| dir.join(n)).collect()
}
