//! Errors of file formats: each names the file, the line and the column where it can.

use std::fmt;

/// One problem in an input file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FormatError {
    /// The file, as the user named it (`staff.csv`, `data/ward/staff.csv`).
    pub file: String,
    /// 1-based line number, when the problem is on one line.
    pub line: Option<u64>,
    /// Column (header name) or field, when the problem is in one field.
    pub column: Option<String>,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl FormatError {
    /// A problem with a whole file.
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// A problem on one line, optionally in one column.
    pub fn at(
        file: impl Into<String>,
        line: u64,
        column: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            line: Some(line),
            column: column.map(str::to_string),
            message: message.into(),
        }
    }
}

impl fmt::Display for FormatError {
    /// `file:line: column: message`, leaving out what is unknown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ": {c}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in one or more input files.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FormatErrors(pub Vec<FormatError>);

impl FormatErrors {
    /// True when no problem was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds a problem.
    pub fn push(&mut self, e: FormatError) {
        self.0.push(e);
    }

    /// `Ok(value)` when no problem was found, otherwise `Err(self)`.
    pub fn into_result<T>(self, value: T) -> Result<T, FormatErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl From<FormatError> for FormatErrors {
    fn from(e: FormatError) -> Self {
        FormatErrors(vec![e])
    }
}

impl fmt::Display for FormatErrors {
    /// One problem per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FormatErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_column() {
        let e = FormatError::at("staff.csv", 4, Some("contract"), "unknown contract `XX`");
        assert_eq!(
            e.to_string(),
            "staff.csv:4: contract: unknown contract `XX`"
        );
        assert_eq!(
            FormatError::file("cover.csv", "the file is empty").to_string(),
            "cover.csv: the file is empty"
        );
    }
}
