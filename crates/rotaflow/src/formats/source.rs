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
        match std::fs::File::open(self.0.join(name)) {
            Ok(f) => Ok(Some(Box::new(std::io::BufReader::new(f)))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
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
