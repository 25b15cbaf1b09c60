//! Writing files so that a failed run never leaves a half-written file behind.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `path` atomically: the content goes to a temporary file in the same folder, which is
/// flushed to disk and then renamed over `path`. On any error the temporary file is removed and
/// `path` is left as it was. Temporary files of earlier runs that were killed are removed.
pub fn write_atomic(
    path: impl AsRef<Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let path = path.as_ref();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "no file name"))?;
    remove_stale_temporaries(dir);
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let file = std::fs::File::create(&tmp)?;
        let mut w = std::io::BufWriter::new(file);
        write(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Checks, before long work, that results can be written into folder `dir`: creates it if
/// needed and writes and removes a small probe file. An error says why (`dir` is a file, no
/// permission, a full disk...).
pub fn check_output_dir(dir: impl AsRef<Path>) -> std::io::Result<()> {
    let dir = dir.as_ref();
    std::fs::create_dir_all(dir)?;
    let probe = dir.join(format!(".probe.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&probe).and_then(|mut f| {
        f.write_all(b"rotaflow")?;
        f.sync_all()
    });
    let _ = std::fs::remove_file(&probe);
    written
}

/// Writes several files into `dir` (created if needed) as one set: afterwards `dir` holds either
/// every new file or every old one, never a mix.
///
/// Every file is first written to a temporary file (`.NAME.PID.tmp`) and flushed; only when all
/// are complete, and no target is a folder, are they renamed into place. The old files are kept
/// as links (`.NAME.PID.old`) until every rename has succeeded, so a failed rename puts the old
/// set back. Temporary files left in `dir` by an earlier run that was killed are removed first.
///
/// Two files that name the same path (after `.` parts are dropped) are refused with an
/// [`InvalidInput`](std::io::ErrorKind::InvalidInput) error before anything is written.
pub fn write_files_atomic(dir: impl AsRef<Path>, files: &[(&str, Vec<u8>)]) -> std::io::Result<()> {
    let dir = dir.as_ref();
    std::fs::create_dir_all(dir)?;
    let paths: Vec<(PathBuf, &[u8])> = files
        .iter()
        .map(|(name, bytes)| (dir.join(name), bytes.as_slice()))
        .collect();
    write_files_with(&paths, |from, to| std::fs::rename(from, to))
}

/// Writes several files, each given by its path and possibly in different folders, as one set,
/// as [`write_files_atomic`] does: afterwards either every new file is in place or every old
/// one, never a mix. The folders must exist. Two paths naming the same file are refused.
pub fn write_paths_atomic(files: &[(&Path, Vec<u8>)]) -> std::io::Result<()> {
    let paths: Vec<(PathBuf, &[u8])> = files
        .iter()
        .map(|(path, bytes)| (path.to_path_buf(), bytes.as_slice()))
        .collect();
    write_files_with(&paths, |from, to| std::fs::rename(from, to))
}

/// The folder that holds `path` (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// [`write_paths_atomic`] with the rename step given, so that tests can make it fail.
fn write_files_with(
    files: &[(PathBuf, &[u8])],
    mut rename: impl FnMut(&Path, &Path) -> std::io::Result<()>,
) -> std::io::Result<()> {
    refuse_repeated_paths(files)?;
    let pid = std::process::id();
    let mut folders: Vec<&Path> = Vec::new();
    for (path, _) in files {
        path.file_name().ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{} names no file", path.display()),
            )
        })?;
        let folder = folder_of(path);
        if !folders.contains(&folder) {
            remove_stale_temporaries(folder);
            folders.push(folder);
        }
    }
    let temp = |path: &Path, ext: &str| {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        folder_of(path).join(format!(".{name}.{pid}.{ext}"))
    };
    let mut temps = Vec::new();
    let staged = (|| {
        for (target, _) in files {
            if target.is_dir() {
                return Err(std::io::Error::other(format!(
                    "{} is a folder, not a file: move it away so the results can be written",
                    target.display()
                )));
            }
        }
        for (target, bytes) in files {
            let tmp = temp(target, "tmp");
            temps.push(tmp.clone());
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        Ok(())
    })();
    if let Err(e) = staged {
        for t in &temps {
            let _ = std::fs::remove_file(t);
        }
        return Err(e);
    }
    // Keep the old files until the whole new set is in place.
    let mut backups: Vec<(&Path, PathBuf)> = Vec::new();
    for (target, _) in files {
        let backup = temp(target, "old");
        if target.is_file() {
            // A link where the file system allows it, else a copy.
            std::fs::hard_link(target, &backup)
                .or_else(|_| std::fs::copy(target, &backup).map(|_| ()))
                .inspect_err(|_| {
                    let made = backups.iter().map(|(_, b)| b);
                    for t in temps.iter().chain(made) {
                        let _ = std::fs::remove_file(t);
                    }
                })?;
            backups.push((target, backup));
        }
    }
    let mut done = 0;
    let mut result = Ok(());
    for ((target, _), tmp) in files.iter().zip(&temps) {
        if let Err(e) = rename(tmp, target) {
            result = Err(e);
            break;
        }
        done += 1;
    }
    if result.is_err() {
        // Put the old set back: restore what was replaced, remove what was new.
        for (target, _) in &files[..done] {
            match backups.iter().find(|(t, _)| t == target) {
                Some((_, b)) => {
                    let _ = std::fs::rename(b, target);
                }
                None => {
                    let _ = std::fs::remove_file(target);
                }
            }
        }
        for t in &temps[done..] {
            let _ = std::fs::remove_file(t);
        }
    }
    for (_, b) in &backups {
        let _ = std::fs::remove_file(b);
    }
    result
}

/// Refuses a set in which two files would go to the same path: their temporary and kept old
/// files would share names, and the second would overwrite the first.
fn refuse_repeated_paths(files: &[(PathBuf, &[u8])]) -> std::io::Result<()> {
    // The folder as the file system resolves it, where it exists; `.` parts dropped.
    let key = |path: &Path| {
        let folder = folder_of(path);
        let folder = std::fs::canonicalize(folder)
            .unwrap_or_else(|_| folder.components().collect::<PathBuf>());
        folder.join(path.file_name().unwrap_or_default())
    };
    for (i, (path, _)) in files.iter().enumerate() {
        if files[..i].iter().any(|(other, _)| key(other) == key(path)) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!(
                    "{} would be written twice in one set of results: give every output file \
                     its own name",
                    path.display()
                ),
            ));
        }
    }
    Ok(())
}

/// Removes `.NAME.PID.tmp` and `.NAME.PID.old` files in `dir` left by a process that no longer
/// runs (a run killed while writing). Files of a process still running are left alone.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = stale_pid(name) else { continue };
        if pid != std::process::id() && !process_running(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process number in a temporary file name `.NAME.PID.tmp` or `.NAME.PID.old`.
fn stale_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?;
    let rest = rest
        .strip_suffix(".tmp")
        .or_else(|| rest.strip_suffix(".old"))?;
    let (_, pid) = rest.rsplit_once('.')?;
    pid.parse().ok()
}

/// Whether process `pid` is running. Where this cannot be told (no `/proc`), it is taken to run,
/// so that nothing of a live process is removed.
fn process_running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_folders_are_checked_before_work() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a").join("b");
        check_output_dir(&nested).unwrap();
        assert!(nested.is_dir());
        assert_eq!(
            std::fs::read_dir(&nested).unwrap().count(),
            0,
            "probe left behind"
        );
        let file = dir.path().join("file");
        std::fs::write(&file, "x").unwrap();
        assert!(check_output_dir(&file).is_err());
    }

    #[test]
    fn writes_a_set_of_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        write_files_atomic(
            &out,
            &[("a.csv", b"a".to_vec()), ("b.json", b"{}".to_vec())],
        )
        .unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.csv")).unwrap(), "a");
        assert_eq!(std::fs::read_to_string(out.join("b.json")).unwrap(), "{}");
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 2);
    }

    #[test]
    fn failed_write_leaves_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("roster.csv");
        write_atomic(&path, |w| w.write_all(b"old")).unwrap();
        let err = write_atomic(&path, |w| {
            w.write_all(b"partial")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "temporary file left behind");
    }

    fn listing(dir: &Path) -> Vec<(String, String)> {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_file())
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read_to_string(e.path()).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_folder_in_the_way_leaves_the_whole_old_set() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let old = [("a.csv", b"old a".to_vec()), ("b.csv", b"old b".to_vec())];
        write_files_atomic(out, &old).unwrap();
        std::fs::create_dir(out.join("c.json")).unwrap();
        let before = listing(out);
        let new = [
            ("a.csv", b"new a".to_vec()),
            ("b.csv", b"new b".to_vec()),
            ("c.json", b"{}".to_vec()),
        ];
        let err = write_files_atomic(out, &new).unwrap_err();
        assert!(err.to_string().contains("c.json"), "{err}");
        assert_eq!(listing(out), before, "old set changed or temporaries left");
    }

    #[test]
    fn a_failed_rename_puts_the_old_set_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        write_files_atomic(out, &[("a.csv", b"old a".to_vec())]).unwrap();
        let new = [
            ("a.csv", b"new a".to_vec()),
            ("b.csv", b"new b".to_vec()),
            ("c.csv", b"new c".to_vec()),
        ];
        let mut calls = 0;
        let new: Vec<(PathBuf, &[u8])> = new
            .iter()
            .map(|(n, b)| (out.join(n), b.as_slice()))
            .collect();
        let err = write_files_with(&new, |from, to| {
            calls += 1;
            if calls == 3 {
                Err(std::io::Error::other("disk gone"))
            } else {
                std::fs::rename(from, to)
            }
        });
        assert!(err.is_err());
        assert_eq!(listing(out), vec![("a.csv".into(), "old a".into())]);
    }

    #[test]
    fn a_name_given_twice_is_refused_and_nothing_changes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let old = [("a.csv", b"old a".to_vec()), ("b.csv", b"old b".to_vec())];
        write_files_atomic(out, &old).unwrap();
        let before = listing(out);
        for twice in ["a.csv", "./a.csv"] {
            let new = [
                ("a.csv", b"new a".to_vec()),
                ("b.csv", b"new b".to_vec()),
                (twice, b"again".to_vec()),
            ];
            let err = write_files_atomic(out, &new).unwrap_err();
            assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
            assert!(err.to_string().contains("written twice"), "{err}");
            assert_eq!(listing(out), before, "old set changed or temporaries left");
            assert_eq!(std::fs::read_dir(out).unwrap().count(), 2);
        }
    }

    #[test]
    fn temporaries_of_a_killed_run_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        // No process has number u32::MAX - 1.
        let stale = out.join(format!(".roster.csv.{}.tmp", u32::MAX - 1));
        std::fs::write(&stale, "half").unwrap();
        std::fs::write(out.join(".keep.me"), "user file").unwrap();
        write_files_atomic(out, &[("roster.csv", b"new".to_vec())]).unwrap();
        assert!(!stale.exists(), "stale temporary not removed");
        assert!(out.join(".keep.me").exists());
        assert_eq!(stale_pid(".roster.csv.123.tmp"), Some(123));
        assert_eq!(stale_pid(".report.json.9.old"), Some(9));
        assert_eq!(stale_pid("roster.csv"), None);
    }
}
