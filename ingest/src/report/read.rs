//! A report file as a sheet of text cells: the header row and the rows under it, each with its
//! line (the CSV line, or the worksheet row, 1-based), whether it came as `.csv` or `.xlsx`.

use crate::Problem;
use calamine::{Data, Reader};

/// A file's cells, before any column is known.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Sheet {
    /// The line of the header row.
    pub(super) header_line: usize,
    /// The header cells, trimmed.
    pub(super) header: Vec<String>,
    /// The rows after the header that are not blank, trimmed and NFC.
    pub(super) rows: Vec<Line>,
}

/// One row of cells and the line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Line {
    pub(super) line: usize,
    pub(super) cells: Vec<String>,
}

/// Reads `bytes` as an `.xlsx` workbook (by its name, or its ZIP signature) or as UTF-8 CSV.
/// Problems stop the read: an undecodable or unreadable file, a missing header, no rows, a
/// row with another number of fields than the header.
pub(super) fn sheet(file: &str, bytes: &[u8]) -> Result<Sheet, Vec<Problem>> {
    let problem = |line: usize, field: &str, reason: String| Problem {
        file: file.to_owned(),
        line,
        field: field.to_owned(),
        reason,
    };
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(vec![problem(
            1,
            "workbook",
            "an Excel 97-2003 workbook (.xls) is not read: save it as .xlsx".into(),
        )]);
    }
    let lower = file.to_ascii_lowercase();
    let mut grid = if lower.ends_with(".xlsx") || bytes.starts_with(b"PK\x03\x04") {
        xlsx(bytes).map_err(|reason| vec![problem(1, "workbook", reason)])?
    } else {
        let text = crate::read::decode(file, bytes).map_err(|p| vec![p])?;
        csv(file, &text)?
    }
    .into_iter()
    .filter(|l| l.cells.iter().any(|c| !c.is_empty()));
    let Some(header) = grid.next() else {
        return Err(vec![problem(
            1,
            "header",
            "the file is empty; expected a header row".into(),
        )]);
    };
    let rows: Vec<Line> = grid.collect();
    if rows.is_empty() {
        return Err(vec![problem(
            header.line + 1,
            "row",
            "the file has a header and no rows (is it truncated?)".into(),
        )]);
    }
    Ok(Sheet {
        header_line: header.line,
        header: header.cells,
        rows,
    })
}

/// The rows of a CSV text, each with the line it starts on; a row with another number of fields
/// than the first is a problem (a short last row without a line break: the file may be cut).
fn csv(file: &str, text: &str) -> Result<Vec<Line>, Vec<Problem>> {
    let problem = |line: usize, field: &str, reason: String| Problem {
        file: file.to_owned(),
        line,
        field: field.to_owned(),
        reason,
    };
    let breaks: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i)
        .collect();
    // The reader gives the end of the previous record: skip the line breaks that follow it.
    let line_of = |at: usize| {
        let bytes = text.as_bytes();
        let mut at = at.min(bytes.len());
        while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        breaks.partition_point(|b| *b < at) + 1
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    let mut width = None;
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| line_of(p.byte() as usize));
                problems.push(problem(line, "row", format!("not CSV: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| line_of(p.byte() as usize));
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let n = *width.get_or_insert(record.len());
        if record.len() != n {
            let cut = if record.len() < n && !text.ends_with('\n') {
                " (the file may be truncated)"
            } else {
                ""
            };
            problems.push(problem(
                line,
                "row",
                format!("{} fields, the header has {n}{cut}", record.len()),
            ));
            continue;
        }
        lines.push(Line {
            line,
            cells: record.iter().map(clean).collect(),
        });
    }
    if problems.is_empty() {
        Ok(lines)
    } else {
        Err(problems)
    }
}

/// The rows of the first worksheet of an `.xlsx` workbook, each with its row number; or why
/// the workbook cannot be read.
fn xlsx(bytes: &[u8]) -> Result<Vec<Line>, String> {
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| {
        format!("cannot be read as an .xlsx workbook (is it truncated or another format?): {e}")
    })?;
    let range = match book.worksheet_range_at(0) {
        None => return Err("the workbook has no sheet".into()),
        Some(Err(e)) => return Err(format!("the first sheet cannot be read: {e}")),
        Some(Ok(r)) => r,
    };
    let first = range.start().map_or(0, |(row, _)| row as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| Line {
            line: first + i + 1,
            cells: row.iter().map(cell).collect(),
        })
        .collect())
}

/// A worksheet cell as the text a CSV would hold: a whole number without `.0`, a date as
/// `YYYY-MM-DD`, a formula error as its code (`#N/A`), which no column accepts.
fn cell(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => clean(s),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::Error(e) => e.to_string(),
    }
}

/// A cell trimmed and in NFC, so that a value compares the same however it was typed.
fn clean(v: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    v.trim().nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(file: &str, bytes: &[u8]) -> Vec<String> {
        sheet(file, bytes)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn csv_rows_keep_their_lines_past_blank_lines_and_multi_line_cells() {
        let s = sheet("r.csv", b"a,b\r\n\r\n1,\"x\ny\"\n,\n2, z \n").unwrap();
        assert_eq!(s.header_line, 1);
        assert_eq!(s.header, ["a", "b"]);
        let got: Vec<(usize, Vec<String>)> =
            s.rows.into_iter().map(|l| (l.line, l.cells)).collect();
        assert_eq!(
            got,
            [
                (3, vec!["1".to_owned(), "x\ny".to_owned()]),
                (6, vec!["2".to_owned(), "z".to_owned()])
            ]
        );
    }

    #[test]
    fn empty_headless_truncated_and_foreign_files() {
        assert_eq!(
            messages("e.csv", b""),
            ["e.csv:1: header: the file is empty; expected a header row"]
        );
        assert_eq!(
            messages("h.csv", b"a,b\n"),
            ["h.csv:2: row: the file has a header and no rows (is it truncated?)"]
        );
        assert_eq!(
            messages("t.csv", b"a,b\n1,2\n3"),
            ["t.csv:3: row: 1 fields, the header has 2 (the file may be truncated)"]
        );
        assert_eq!(
            messages("x.xls", b"\xD0\xCF\x11\xE0rest"),
            ["x.xls:1: workbook: an Excel 97-2003 workbook (.xls) is not read: save it as .xlsx"]
        );
        let cut = messages("c.xlsx", b"PK\x03\x04cut");
        assert_eq!(cut.len(), 1);
        assert!(
            cut[0].starts_with("c.xlsx:1: workbook: cannot be read as an .xlsx workbook"),
            "{cut:?}"
        );
    }
}
