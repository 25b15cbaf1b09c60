//! Writing files so that a failed run never leaves a half-written file behind.

use std::io::Write;
use std::path::Path;

/// Writes `path` atomically: the content goes to a temporary file in the same folder, which is
/// flushed to disk and then renamed over `path`. On any error the temporary file is removed and
/// `path` is left as it was.
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

/// Writes several files into `dir` (created if needed) as one step: every file is first written
/// to a temporary file and flushed, and only when all of them are complete are they renamed into
/// place. On any error the temporary files are removed and no file in `dir` is changed.
pub fn write_files_atomic(dir: impl AsRef<Path>, files: &[(&str, Vec<u8>)]) -> std::io::Result<()> {
    let dir = dir.as_ref();
    std::fs::create_dir_all(dir)?;
    let mut temps = Vec::new();
    let result = (|| {
        for (name, bytes) in files {
            let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
            temps.push(tmp.clone());
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        for ((name, _), tmp) in files.iter().zip(&temps) {
            std::fs::rename(tmp, dir.join(name))?;
        }
        Ok(())
    })();
    if result.is_err() {
        for t in &temps {
            let _ = std::fs::remove_file(t);
        }
    }
    result
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
}
