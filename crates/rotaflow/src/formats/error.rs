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

/// Most problems [`FormatErrors::push`] keeps.
pub const MAX_KEPT: usize = 100_000;

/// Problems of one kind shown in full by [`FormatErrors::summary`] before the rest are counted.
pub const SHOWN_ALIKE: usize = 3;

/// A message with the values in backticks blanked out: problems of one kind have one shape.
fn shape(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut inside = false;
    for c in message.chars() {
        if c == '`' {
            inside = !inside;
            out.push(c);
        } else if !inside {
            out.push(c);
        }
    }
    out
}

/// Every problem found in one or more input files.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FormatErrors(pub Vec<FormatError>);

impl FormatErrors {
    /// True when no problem was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds a problem. Past [`MAX_KEPT`] problems, one last line says that more were found
    /// and the rest are dropped, so that a huge broken file cannot fill memory.
    pub fn push(&mut self, e: FormatError) {
        match self.0.len().cmp(&MAX_KEPT) {
            std::cmp::Ordering::Less => self.0.push(e),
            std::cmp::Ordering::Equal => self.0.push(FormatError::file(
                e.file,
                format!(
                    "more than {MAX_KEPT} problems: the rest are not listed; correct these and \
                     read the files again"
                ),
            )),
            std::cmp::Ordering::Greater => {}
        }
    }

    /// The problems as lines for people: each problem once, but after [`SHOWN_ALIKE`] problems
    /// of one kind (same file, column and message apart from the values in backticks) one
    /// line says how many more there are and on which lines; after `max_lines` lines, one line
    /// says how many problems are not shown.
    pub fn summary(&self, max_lines: usize) -> Vec<String> {
        let key = |e: &FormatError| (e.file.clone(), e.column.clone(), shape(&e.message));
        let mut alike: std::collections::HashMap<_, Vec<Option<u64>>> = Default::default();
        for e in &self.0 {
            alike.entry(key(e)).or_default().push(e.line);
        }
        let mut out = Vec::new();
        let mut seen: std::collections::HashMap<_, usize> = Default::default();
        let mut shown = 0;
        for e in &self.0 {
            let k = key(e);
            let n = seen.entry(k.clone()).or_default();
            *n += 1;
            if *n > SHOWN_ALIKE {
                continue;
            }
            if out.len() >= max_lines {
                break;
            }
            out.push(e.to_string());
            shown += 1;
            let lines = &alike[&k];
            if *n == SHOWN_ALIKE && lines.len() > SHOWN_ALIKE {
                let rest = &lines[SHOWN_ALIKE..];
                let mut at: Vec<String> =
                    rest.iter().flatten().take(8).map(u64::to_string).collect();
                if rest.len() > at.len() {
                    at.push("...".into());
                }
                let on = if at.is_empty() {
                    String::new()
                } else {
                    format!(" (lines {})", at.join(", "))
                };
                out.push(format!("{}: and {} more like it{on}", e.file, rest.len()));
                shown += rest.len();
            }
        }
        if shown < self.0.len() {
            out.push(format!(
                "... and {} more problems not shown; correct those above first",
                self.0.len() - shown
            ));
        }
        out
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

    #[test]
    fn summary_shows_each_kind_a_few_times_and_counts_the_rest() {
        let mut errs = FormatErrors::default();
        errs.push(FormatError::file("staff.csv", "no staff member is listed"));
        for line in 2..50 {
            errs.push(FormatError::at(
                "history.csv",
                line,
                Some("staff"),
                format!("unknown staff member `N{line}` (staff.csv defines none)"),
            ));
        }
        errs.push(FormatError::at(
            "cover.csv",
            3,
            Some("shift"),
            "unknown shift `Q`",
        ));
        let lines = errs.summary(100);
        assert_eq!(lines.len(), 1 + 3 + 1 + 1, "{lines:#?}");
        assert_eq!(
            lines[4],
            "history.csv: and 45 more like it (lines 5, 6, 7, 8, 9, 10, 11, 12, ...)"
        );
        assert_eq!(lines[5], "cover.csv:3: shift: unknown shift `Q`");
        let short = errs.summary(2);
        assert_eq!(short.len(), 3);
        assert_eq!(
            short[2],
            "... and 48 more problems not shown; correct those above first"
        );
    }

    #[test]
    fn pushing_stops_keeping_problems_past_the_cap() {
        let mut errs = FormatErrors::default();
        for line in 0..(MAX_KEPT as u64 + 50) {
            errs.push(FormatError::at("big.csv", line + 1, None, "bad"));
        }
        assert_eq!(errs.0.len(), MAX_KEPT + 1);
        assert!(errs.0[MAX_KEPT].message.starts_with("more than"));
    }
}
