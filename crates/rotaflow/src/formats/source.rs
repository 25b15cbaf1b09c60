//! Where scenario files come from: a folder on disk, or memory (for tests and embedding).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A set of named files.
pub trait Source {
    /// Opens the file `name` (such as `staff.csv`); `Ok(None)` when it does not exist.
    fn open(&self, name: &str) -> std::io::Result<Option<Box<dyn Read + '_>>>;
    /// How to name the file in messages (`data/ward/staff.csv`).
    fn display(&self, name: &str) -> String;
}

/// The largest input file rotaflow reads, in bytes (256 MiB).
pub const MAX_INPUT_BYTES: u64 = 256 << 20;

/// Opens an input file for reading. Refuses, before opening, what is not a regular file (a
/// folder, a pipe that would block, a device such as `/dev/zero` that never ends) and files
/// over [`MAX_INPUT_BYTES`]; reading more than that (a file that grows) is an error too.
pub fn open_input(path: impl AsRef<Path>) -> std::io::Result<Input> {
    let path = path.as_ref();
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a pipe or a device)"
        };
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("it is {what}: give a file"),
        ));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(too_large());
    }
    let file = std::fs::File::open(path)?;
    Ok(Input(std::io::BufReader::new(Limited {
        inner: file,
        left: MAX_INPUT_BYTES,
    })))
}

/// An input file opened by [`open_input`]: buffered, and failing past [`MAX_INPUT_BYTES`].
pub struct Input(std::io::BufReader<Limited<std::fs::File>>);

impl Read for Input {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf)
    }
}

impl std::io::BufRead for Input {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.0.fill_buf()
    }
    fn consume(&mut self, amount: usize) {
        self.0.consume(amount)
    }
}

fn too_large() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!(
            "the file is larger than {} MiB, the most rotaflow reads",
            MAX_INPUT_BYTES >> 20
        ),
    )
}

/// A reader that fails once more than `left` bytes have been read.
struct Limited<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.left = self.left.checked_sub(n as u64).ok_or_else(too_large)?;
        Ok(n)
    }
}

/// Files in a folder on disk.
#[derive(Clone, Debug)]
pub struct DirSource(pub PathBuf);

impl DirSource {
    /// The folder `dir`.
    pub fn new(dir: impl AsRef<Path>) -> Self {
        Self(dir.as_ref().to_path_buf())
    }
}

impl Source for DirSource {
    fn open(&self, name: &str) -> std::io::Result<Option<Box<dyn Read + '_>>> {
        let path = self.0.join(name);
        match open_input(&path) {
            Ok(f) => Ok(Some(Box::new(f))),
            // A link whose target is gone is not a file left out: saying nothing would drop
            // what the user meant it to hold.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => match std::fs::read_link(&path) {
                Ok(target) => Err(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!(
                        "the file is a link to {}, which does not exist; restore that file, or remove the link",
                        target.display()
                    ),
                )),
                Err(_) => Ok(None),
            },
            Err(e) => Err(e),
        }
    }

    fn display(&self, name: &str) -> String {
        self.0.join(name).display().to_string()
    }
}

/// Files held in memory, by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemorySource(pub BTreeMap<String, String>);

impl MemorySource {
    /// Adds or replaces a file.
    pub fn insert(&mut self, name: impl Into<String>, text: impl Into<String>) {
        self.0.insert(name.into(), text.into());
    }
}

impl Source for MemorySource {
    fn open(&self, name: &str) -> std::io::Result<Option<Box<dyn Read + '_>>> {
        Ok(self
            .0
            .get(name)
            .map(|t| Box::new(t.as_bytes()) as Box<dyn Read>))
    }

    fn display(&self, name: &str) -> String {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_of_bounded_size_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let err = open_input(dir.path()).err().unwrap();
        assert!(err.to_string().contains("a folder"), "{err}");
        #[cfg(unix)]
        {
            let err = open_input("/dev/zero").err().unwrap();
            assert!(err.to_string().contains("not a regular file"), "{err}");
            let fifo = dir.path().join("fifo");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                // Would block forever if opened.
                assert!(open_input(&fifo).is_err());
            }
        }
        let mut r = Limited {
            inner: &[0u8; 10][..],
            left: 4,
        };
        let mut buf = Vec::new();
        assert!(r.read_to_end(&mut buf).is_err());
        let file = dir.path().join("a.csv");
        std::fs::write(&file, "x\n").unwrap();
        let mut text = String::new();
        open_input(&file)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "x\n");
    }

    #[test]
    fn a_link_to_a_missing_file_is_an_error_not_an_absent_file() {
        let dir = tempfile::tempdir().unwrap();
        let source = DirSource(dir.path().to_path_buf());
        assert!(source.open("leave.csv").unwrap().is_none());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(
                dir.path().join("moved/leave.csv"),
                dir.path().join("leave.csv"),
            )
            .unwrap();
            let err = source.open("leave.csv").err().unwrap();
            assert!(err.to_string().contains("is a link to"), "{err}");
            assert!(err.to_string().contains("moved/leave.csv"), "{err}");
        }
    }
}
