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
    if text.trim().is_empty() {
        problems.push(problem(
            1,
            "header",
            "the file is empty; expected a header row".into(),
        ));
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
            problems.push(problem(
                1,
                "header",
                "the file is empty; expected a header row".into(),
            ));
            return None;
        }
    };
    let names: Vec<String> = header.iter().map(|h| h.trim().nfc().collect()).collect();
    let before = problems.len();
    for (i, name) in names.iter().enumerate() {
        if names[..i].contains(name) {
            problems.push(problem(1, name, "repeated column".into()));
        } else if !format.iter().any(|c| c.name == name) {
            problems.push(problem(1, name, "unknown column".into()));
        }
    }
    let index: Vec<(&'static str, Option<usize>)> = format
        .iter()
        .map(|c| (c.name, names.iter().position(|n| n == c.name)))
        .collect();
    for (c, (_, i)) in format.iter().zip(&index) {
        if c.required && i.is_none() {
            problems.push(problem(1, c.name, "missing required column".into()));
        }
    }
    let header_ok = problems.len() == before;
    let mut rows = Vec::new();
    let ends_with_newline = text.ends_with('\n');
    let mut pending: Option<(usize, usize)> = None;
    for record in records {
        if let Some((line, n)) = pending.take() {
            problems.push(problem(
                line,
                "row",
                format!("{n} fields, the header has {}", names.len()),
            ));
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| line_of(text, p.byte() as usize));
                problems.push(problem(line, "row", format!("not CSV: {e}")));
                continue;
            }
        };
        let line = record
            .position()
            .map_or(0, |p| line_of(text, p.byte() as usize));
        if record.len() == 1 && record.get(0).is_some_and(|v| v.trim().is_empty()) {
            continue;
        }
        if record.len() != names.len() {
            pending = Some((line, record.len()));
            continue;
        }
        rows.push(Row {
            line,
            values: index
                .iter()
                .map(|(_, i)| i.and_then(|i| record.get(i)).map_or_else(String::new, nfc))
                .collect(),
            lines: Vec::new(),
        });
    }
    if let Some((line, n)) = pending {
        let hint = if n < names.len() && !ends_with_newline {
            " (the file may be truncated)"
        } else {
            ""
        };
        problems.push(problem(
            line,
            "row",
            format!("{n} fields, the header has {}{hint}", names.len()),
        ));
    }
    header_ok.then(|| Table {
        file: file.to_owned(),
        columns: format.iter().map(|c| c.name).collect(),
        rows,
    })
}

/// A value trimmed and in NFC.
fn nfc(v: &str) -> String {
    v.trim().nfc().collect()
}

/// The 1-based line of the record starting at byte `at`: the reader reports the end of the
/// previous record, so line breaks right after `at` are skipped first.
fn line_of(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = at.min(bytes.len());
    while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
        at += 1;
    }
    bytes[..at].iter().filter(|b| **b == b'\n').count() + 1
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
}
