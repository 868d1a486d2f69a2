//! The CSV reader: RFC 4180, one header row naming the columns in any order.

use super::{Column, Row, Table, problem};
use crate::Problem;
use unicode_normalization::UnicodeNormalization;

/// Reads CSV text against `format`. Problems are appended to `problems`; the table holds the
/// rows that have the right number of fields (none when the file or its header is unusable).
pub(super) fn read(
    file: &str,
    text: &str,
    format: &[Column],
    problems: &mut Vec<Problem>,
) -> Option<Table> {
    let problem = |line: usize, field: &str, reason: String| problem(file, line, field, reason);
    let empty = || {
        problem(
            1,
            "header",
            "the file is empty; expected a header row".into(),
        )
    };
    if text.trim().is_empty() {
        problems.push(empty());
        return None;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            problems.push(problem(1, "header", format!("not CSV: {e}")));
            return None;
        }
        None => {
            problems.push(empty());
            return None;
        }
    };
    let names: Vec<String> = header.iter().map(|h| h.trim().nfc().collect()).collect();
    let before = problems.len();
    let index = columns(file, &names, format, problems);
    let header_ok = problems.len() == before;
    let rows = RowReader {
        file,
        width: names.len(),
        index: &index,
        problems,
        lines: LineCounter::new(text),
    }
    .read(records, text.ends_with('\n'));
    header_ok.then(|| Table {
        file: file.to_owned(),
        columns: format.iter().map(|c| c.name).collect(),
        rows,
    })
}

/// Where each column of `format` is among the header's `names`, after a problem for each
/// repeated, unknown or missing required column.
fn columns(
    file: &str,
    names: &[String],
    format: &[Column],
    problems: &mut Vec<Problem>,
) -> Vec<(&'static str, Option<usize>)> {
    for (i, name) in names.iter().enumerate() {
        if names[..i].contains(name) {
            problems.push(problem(file, 1, name, "repeated column"));
        } else if !format.iter().any(|c| c.name == name) {
            problems.push(problem(file, 1, name, "unknown column"));
        }
    }
    let index: Vec<(&'static str, Option<usize>)> = format
        .iter()
        .map(|c| (c.name, names.iter().position(|n| n == c.name)))
        .collect();
    for (c, (_, i)) in format.iter().zip(&index) {
        if c.required && i.is_none() {
            problems.push(problem(file, 1, c.name, "missing required column"));
        }
    }
    index
}

/// Reads the records after the header into rows.
struct RowReader<'a> {
    file: &'a str,
    /// The number of fields of the header, which every row must have.
    width: usize,
    index: &'a [(&'static str, Option<usize>)],
    problems: &'a mut Vec<Problem>,
    lines: LineCounter<'a>,
}

impl RowReader<'_> {
    /// The rows with the right number of fields, in file order; a problem for each of the
    /// others, which for the last one says the file may be truncated when it looks so.
    fn read(
        mut self,
        records: impl Iterator<Item = csv::Result<csv::StringRecord>>,
        ends_with_newline: bool,
    ) -> Vec<Row> {
        let mut rows = Vec::new();
        // A row with the wrong number of fields, reported once the next record tells
        // whether it is the last.
        let mut pending: Option<(usize, usize)> = None;
        for record in records {
            if let Some((line, n)) = pending.take() {
                self.wrong_width(line, n, "");
            }
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let line = e
                        .position()
                        .map_or(0, |p| self.lines.line_of(p.byte() as usize));
                    let problem = problem(self.file, line, "row", format!("not CSV: {e}"));
                    self.problems.push(problem);
                    continue;
                }
            };
            let line = record
                .position()
                .map_or(0, |p| self.lines.line_of(p.byte() as usize));
            if record.len() == 1 && record.get(0).is_some_and(|v| v.trim().is_empty()) {
                continue;
            }
            if record.len() != self.width {
                pending = Some((line, record.len()));
                continue;
            }
            rows.push(Row {
                line,
                values: self
                    .index
                    .iter()
                    .map(|(_, i)| i.and_then(|i| record.get(i)).map_or_else(String::new, nfc))
                    .collect(),
                lines: Vec::new(),
            });
        }
        if let Some((line, n)) = pending {
            let hint = if n < self.width && !ends_with_newline {
                " (the file may be truncated)"
            } else {
                ""
            };
            self.wrong_width(line, n, hint);
        }
        rows
    }

    fn wrong_width(&mut self, line: usize, n: usize, hint: &str) {
        let reason = format!("{n} fields, the header has {}{hint}", self.width);
        self.problems.push(problem(self.file, line, "row", reason));
    }
}

/// A value trimmed and in NFC.
fn nfc(v: &str) -> String {
    v.trim().nfc().collect()
}

/// Line numbers of record starts, counted as the reader moves forward: each call counts only
/// the line breaks since the previous one, so a file costs one pass, not one per row.
struct LineCounter<'t> {
    bytes: &'t [u8],
    /// The byte up to which line breaks have been counted.
    at: usize,
    /// The 1-based line of byte `at`.
    line: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The 1-based line of the record starting at byte `at`: the reader reports the end of
    /// the previous record, so line breaks right after `at` are skipped first. Positions come
    /// in increasing order; an earlier one is counted again from the start.
    fn line_of(&mut self, at: usize) -> usize {
        let bytes = self.bytes;
        let mut at = at.min(bytes.len());
        while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        if at < self.at {
            self.at = 0;
            self.line = 1;
        }
        self.line += bytes[self.at..at].iter().filter(|b| **b == b'\n').count();
        self.at = at;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::super::{opt, read, req};
    use super::*;

    const FORMAT: &[Column] = &[req("id"), req("name"), opt("notes")];

    fn messages(file: &str, bytes: &[u8]) -> (Option<Table>, Vec<String>) {
        let mut problems = Vec::new();
        let t = read(file, bytes, FORMAT, &mut problems);
        (t, problems.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn rows_keep_their_start_line_and_trimmed_nfc_values() {
        let (t, p) = messages(
            "x.csv",
            "id,name\r\na, Tả Phìn \r\n\r\nb,\"two\nlines\"\nc,Cu\u{300}\n".as_bytes(),
        );
        assert!(p.is_empty(), "{p:?}");
        let t = t.unwrap();
        let got: Vec<(usize, &str, &str, &str)> = t
            .rows
            .iter()
            .map(|r| (r.line, t.get(r, "id"), t.get(r, "name"), t.get(r, "notes")))
            .collect();
        assert_eq!(
            got,
            [
                (2, "a", "Tả Phìn", ""),
                (4, "b", "two\nlines", ""),
                (6, "c", "Cù", "")
            ]
        );
    }

    #[test]
    fn header_problems_name_each_column() {
        let (t, p) = messages("x.csv", b"id,id,nmae\n1,2,3\n");
        assert!(t.is_none());
        assert_eq!(
            p,
            [
                "x.csv:1: id: repeated column",
                "x.csv:1: nmae: unknown column",
                "x.csv:1: name: missing required column",
            ]
        );
    }

    #[test]
    fn short_rows_and_a_truncated_end() {
        let (t, p) = messages("x.csv", b"id,name\na\nb,B\nc");
        assert_eq!(t.unwrap().rows.len(), 1);
        assert_eq!(
            p,
            [
                "x.csv:2: row: 1 fields, the header has 2",
                "x.csv:4: row: 1 fields, the header has 2 (the file may be truncated)",
            ]
        );
    }

    #[test]
    fn empty_and_undecodable_files() {
        assert_eq!(
            messages("e.csv", b"").1,
            ["e.csv:1: header: the file is empty; expected a header row"]
        );
        assert_eq!(
            messages("u.csv", b"\xFF\xFEi\0d\0").1,
            ["u.csv:1: encoding: the file is UTF-16; save it as UTF-8"]
        );
        assert_eq!(
            messages("w.csv", b"id,name\na,D\xFDoc\n").1,
            [
                "w.csv:2: encoding: invalid UTF-8 at byte 11 (is it Windows-1258 or another legacy encoding? save it as UTF-8)"
            ]
        );
    }

    #[test]
    fn line_numbers_stay_right_over_many_rows_with_multi_line_cells() {
        // Every third row has a quoted cell of three lines, some rows are CRLF, some blank
        // lines sit between rows: each row must start on the line counted by hand.
        let mut text = String::from("id,name\n");
        let mut expected = Vec::new();
        let mut line = 2;
        for i in 0..3000 {
            expected.push((line, format!("r{i}")));
            if i % 3 == 0 {
                text.push_str(&format!("r{i},\"one\ntwo\r\nthree\"\n"));
                line += 3;
            } else if i % 3 == 1 {
                text.push_str(&format!("r{i},plain\r\n"));
                line += 1;
            } else {
                text.push_str(&format!("r{i},x\n\n"));
                line += 2;
            }
        }
        let (t, p) = messages("m.csv", text.as_bytes());
        assert!(p.is_empty(), "{p:?}");
        let t = t.unwrap();
        let got: Vec<(usize, String)> = t
            .rows
            .iter()
            .map(|r| (r.line, t.get(r, "id").to_owned()))
            .collect();
        assert_eq!(got.len(), 3000);
        assert_eq!(got, expected);
        assert_eq!(t.get(&t.rows[3], "name"), "one\ntwo\r\nthree");
    }

    #[test]
    fn a_bad_row_after_multi_line_cells_has_its_line() {
        let (_, p) = messages("b.csv", b"id,name\na,\"x\ny\"\nb\nc,\"p\nq\"\nd,e,f\n");
        assert_eq!(
            p,
            [
                "b.csv:4: row: 1 fields, the header has 2",
                "b.csv:7: row: 3 fields, the header has 2",
            ]
        );
    }
}
