//! A small CSV table layer that keeps line numbers and checks headers, shared by the readers.

use super::{FormatError, FormatErrors};
use std::io::Read;

/// A parsed CSV file: header and rows, each row with its 1-based line number.
pub(crate) struct Table {
    pub file: String,
    columns: Vec<String>,
    pub rows: Vec<Row>,
}

/// One data row.
pub(crate) struct Row {
    pub line: u64,
    fields: Vec<String>,
}

impl Table {
    /// Reads a CSV file with a header. `required` columns must be present; `optional` may be;
    /// any other column is an error. Comment lines start with `#`; fields are trimmed.
    pub fn read(
        file: &str,
        mut reader: impl Read,
        required: &[&str],
        optional: &[&str],
        errs: &mut FormatErrors,
    ) -> Option<Table> {
        let mut bytes = Vec::new();
        if let Err(e) = reader.read_to_end(&mut bytes) {
            errs.push(FormatError::file(
                file,
                format!("cannot read the file: {e}"),
            ));
            return None;
        }
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let line = good.iter().filter(|b| **b == b'\n').count() as u64 + 1;
                errs.push(FormatError::at(
                    file,
                    line,
                    None,
                    "the line is not valid UTF-8 text; save the file as UTF-8 (CSV UTF-8 in spreadsheet programs)",
                ));
                return None;
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut columns: Option<Vec<String>> = None;
        let mut rows = Vec::new();
        for (line, record) in records(text) {
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .trim(csv::Trim::All)
                .from_reader(record.as_bytes());
            let rec = match rdr.records().next() {
                Some(Ok(r)) => r,
                Some(Err(e)) => {
                    errs.push(FormatError::at(
                        file,
                        line,
                        None,
                        format!("cannot read the line: {e}"),
                    ));
                    continue;
                }
                None => continue,
            };
            match &columns {
                None => {
                    let cols: Vec<String> = rec.iter().map(str::to_string).collect();
                    let mut good = true;
                    for c in required {
                        if !cols.iter().any(|x| x == c) {
                            errs.push(FormatError::at(
                                file,
                                line,
                                Some(c),
                                format!(
                                    "the header has no `{c}` column; expected columns: {}",
                                    expected(required, optional)
                                ),
                            ));
                            good = false;
                        }
                    }
                    for (i, c) in cols.iter().enumerate() {
                        if !required.contains(&c.as_str()) && !optional.contains(&c.as_str()) {
                            errs.push(FormatError::at(
                                file,
                                line,
                                Some(c),
                                format!(
                                    "unknown column `{c}`; expected columns: {}",
                                    expected(required, optional)
                                ),
                            ));
                            good = false;
                        } else if cols[..i].contains(c) {
                            errs.push(FormatError::at(
                                file,
                                line,
                                Some(c),
                                format!("column `{c}` appears twice in the header"),
                            ));
                            good = false;
                        }
                    }
                    if !good {
                        return None;
                    }
                    columns = Some(cols);
                }
                Some(cols) => {
                    if rec.len() != cols.len() {
                        errs.push(FormatError::at(
                            file,
                            line,
                            None,
                            format!(
                                "{} fields on this line but {} columns in the header ({})",
                                rec.len(),
                                cols.len(),
                                cols.join(",")
                            ),
                        ));
                        continue;
                    }
                    rows.push(Row {
                        line,
                        fields: rec.iter().map(str::to_string).collect(),
                    });
                }
            }
        }
        let Some(columns) = columns else {
            errs.push(FormatError::file(
                file,
                format!(
                    "the file is empty; it needs a header line: {}",
                    expected(required, optional)
                ),
            ));
            return None;
        };
        Some(Table {
            file: file.to_string(),
            columns,
            rows,
        })
    }

    /// The value of `column` in `row`; empty when the column is absent (optional columns).
    pub fn get<'a>(&self, row: &'a Row, column: &str) -> &'a str {
        self.columns
            .iter()
            .position(|c| c == column)
            .map_or("", |i| row.fields[i].as_str())
    }

    /// An error at `row`, in `column`.
    pub fn err(&self, row: &Row, column: &str, msg: impl Into<String>) -> FormatError {
        FormatError::at(&self.file, row.line, Some(column), msg)
    }
}

/// Splits text into CSV records with the 1-based line each starts on. Blank lines and lines
/// starting with `#` are skipped; a quoted field may span several lines; CRLF and LF both work.
fn records(text: &str) -> Vec<(u64, String)> {
    let mut out = Vec::new();
    let mut current: Option<(u64, String)> = None;
    let mut in_quotes = false;
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        match current.as_mut() {
            Some((_, rec)) => {
                rec.push('\n');
                rec.push_str(line);
            }
            None => {
                let t = line.trim();
                if t.is_empty() || t.starts_with('#') {
                    continue;
                }
                current = Some((i as u64 + 1, line.to_string()));
            }
        }
        in_quotes ^= line.matches('"').count() % 2 == 1;
        if !in_quotes {
            out.extend(current.take());
        }
    }
    out.extend(current.take());
    out
}

fn expected(required: &[&str], optional: &[&str]) -> String {
    let mut s = required.join(",");
    if !optional.is_empty() {
        s.push_str(" (optional: ");
        s.push_str(&optional.join(","));
        s.push(')');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_with_line_numbers_and_comments() {
        let text = "# staff list\nid,name\n\nA, Ana \n# gone\nB,Ben\n";
        let mut errs = FormatErrors::default();
        let t = Table::read("s.csv", text.as_bytes(), &["id", "name"], &[], &mut errs).unwrap();
        assert!(errs.is_empty());
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].line, 4);
        assert_eq!(t.get(&t.rows[0], "name"), "Ana");
        assert_eq!(t.rows[1].line, 6);
    }

    #[test]
    fn reports_header_and_field_count_problems() {
        let mut errs = FormatErrors::default();
        assert!(Table::read(
            "s.csv",
            "id,nmae\n".as_bytes(),
            &["id", "name"],
            &[],
            &mut errs
        )
        .is_none());
        let text = errs.to_string();
        assert!(
            text.contains("s.csv:1: name: the header has no `name` column"),
            "{text}"
        );
        assert!(
            text.contains("s.csv:1: nmae: unknown column `nmae`"),
            "{text}"
        );

        let mut errs = FormatErrors::default();
        let t = Table::read(
            "s.csv",
            "id,name\nA\n".as_bytes(),
            &["id", "name"],
            &[],
            &mut errs,
        )
        .unwrap();
        assert!(t.rows.is_empty());
        assert!(errs
            .to_string()
            .starts_with("s.csv:2: 1 fields on this line but 2 columns"));

        let mut errs = FormatErrors::default();
        assert!(Table::read("s.csv", "".as_bytes(), &["id"], &[], &mut errs).is_none());
        assert_eq!(
            errs.to_string(),
            "s.csv: the file is empty; it needs a header line: id"
        );
    }

    #[test]
    fn line_numbers_survive_blank_lines_crlf_quotes_and_bom() {
        let text = "\u{feff}id,name\r\n\r\n\r\nA,\"Ana\r\nSilva\"\r\n# note\r\nB,Ben\r\n";
        let mut errs = FormatErrors::default();
        let t = Table::read("s.csv", text.as_bytes(), &["id", "name"], &[], &mut errs).unwrap();
        assert!(errs.is_empty(), "{errs}");
        assert_eq!(t.rows[0].line, 4);
        assert_eq!(t.get(&t.rows[0], "name"), "Ana\nSilva");
        assert_eq!(t.rows[1].line, 7);
        assert_eq!(t.get(&t.rows[1], "id"), "B");
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let mut errs = FormatErrors::default();
        let bytes: &[u8] = b"id,name\nA,Ana\nB,\xff\n";
        assert!(Table::read("s.csv", bytes, &["id", "name"], &[], &mut errs).is_none());
        assert!(
            errs.to_string()
                .starts_with("s.csv:3: the line is not valid UTF-8"),
            "{errs}"
        );
    }
}
