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
            let rec = match split_fields(&record) {
                Ok(r) => r,
                Err(msg) => {
                    errs.push(FormatError::at(file, line, None, msg));
                    continue;
                }
            };
            match &columns {
                None => {
                    let cols: Vec<String> = rec.clone();
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
                    rows.push(Row { line, fields: rec });
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

    /// The required text of `column` (a name shown in reports); an error in `errs` when it is
    /// empty.
    pub fn name(&self, row: &Row, column: &str, errs: &mut FormatErrors) -> String {
        let v = self.get(row, column);
        if v.is_empty() {
            errs.push(self.err(
                row,
                column,
                "the name is empty: give a name (it is shown in reports and explanations)",
            ));
        }
        v.to_string()
    }

    /// An error at `row`, in `column`.
    pub fn err(&self, row: &Row, column: &str, msg: impl Into<String>) -> FormatError {
        FormatError::at(&self.file, row.line, Some(column), msg)
    }
}

/// Splits one CSV record into trimmed fields. Fields may be quoted (`"a, b"`), with `""` for a
/// quote inside a quoted field.
fn split_fields(record: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut chars = record.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
            chars.next();
        }
        let mut field = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some('"') => break,
                    Some(c) => field.push(c),
                    None => return Err("a quoted field is not closed: add the closing `\"`".into()),
                }
            }
            while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
                chars.next();
            }
            match chars.next() {
                None => {
                    fields.push(field);
                    return Ok(fields);
                }
                Some(',') => fields.push(field),
                Some(c) => {
                    return Err(format!(
                        "unexpected `{c}` after a quoted field: put a comma after the closing quote"
                    ))
                }
            }
        } else {
            loop {
                match chars.next() {
                    None => {
                        fields.push(field.trim().to_string());
                        return Ok(fields);
                    }
                    Some(',') => break,
                    Some(c) => field.push(c),
                }
            }
            fields.push(field.trim().to_string());
        }
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
    fn splits_quoted_fields() {
        assert_eq!(
            split_fields(" a , \"b, c\" ,\"say \"\"hi\"\"\",").unwrap(),
            vec!["a", "b, c", "say \"hi\"", ""]
        );
        assert_eq!(split_fields("").unwrap(), vec![""]);
        assert!(split_fields("\"open").is_err());
        assert!(split_fields("\"a\"b,c").is_err());
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
