//! Registry tables: a CSV or JSON file read into rows of trimmed NFC strings, with the line of
//! each record and of each value.
//!
//! The ingestors of enterprises, certificates, labs, plants and accessions do not care where a
//! row came from: both readers yield the same [`Table`], a value per column of the format (empty
//! when not known) and a line per value for `file:line: field: reason` messages. The format is
//! chosen by the file's extension (`.json` is JSON, anything else CSV, the historical default).
//!
//! Decoding and the shape of the file are checked here, once for every registry file, so that
//! each kind's reader only sees well-formed rows: a file that cannot be decoded gets one
//! `encoding` problem (the same decoder for both formats), a CSV header with a missing, unknown
//! or repeated column one problem per column, a CSV row with the wrong number of fields one `row`
//! problem, and a JSON record with an unknown or repeated key or a value of the wrong type one
//! problem per such value; a row with any of these problems is dropped (no field problems,
//! since its values cannot be trusted).

mod csv;
mod json;

use crate::Problem;

/// What a column holds, which says which JSON values it accepts (a CSV cell is always text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cell {
    /// Text, a key, a code, an id or a date: a JSON string.
    Text,
    /// A `;`-separated list: a JSON array of strings, or the CSV's `;`-separated string.
    List,
    /// A decimal or a count: a JSON number, or a string.
    Number,
    /// `true` or `false`: a JSON boolean, or a string.
    Bool,
}

/// One column of a file format: its name, whether the header must have it, what it holds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    pub(crate) name: &'static str,
    pub(crate) required: bool,
    pub(crate) cell: Cell,
}

/// A required text column.
pub(crate) const fn req(name: &'static str) -> Column {
    Column {
        name,
        required: true,
        cell: Cell::Text,
    }
}

/// An optional text column.
pub(crate) const fn opt(name: &'static str) -> Column {
    Column {
        name,
        required: false,
        cell: Cell::Text,
    }
}

impl Column {
    /// The same column, holding a list.
    pub(crate) const fn list(self) -> Self {
        Column {
            cell: Cell::List,
            ..self
        }
    }

    /// The same column, holding a number.
    pub(crate) const fn number(self) -> Self {
        Column {
            cell: Cell::Number,
            ..self
        }
    }

    /// The same column, holding a boolean.
    pub(crate) const fn boolean(self) -> Self {
        Column {
            cell: Cell::Bool,
            ..self
        }
    }
}

/// A record: the line it starts on and its values in the order of the format's columns.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub(crate) line: usize,
    values: Vec<String>,
    /// The line of each value, in the same order; empty when every value is on `line` (CSV).
    lines: Vec<usize>,
}

/// A file read against its format.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub(crate) file: String,
    /// The format's column names, in the order of every row's values.
    columns: Vec<&'static str>,
    pub(crate) rows: Vec<Row>,
}

impl Table {
    fn position(&self, column: &str) -> Option<usize> {
        self.columns.iter().position(|c| *c == column)
    }

    /// The value of `column` in `row`: trimmed, NFC; empty when not known (an empty cell, a
    /// column left out, a JSON `null` or absent key). List items are joined by `;`.
    pub(crate) fn get<'r>(&self, row: &'r Row, column: &str) -> &'r str {
        self.position(column)
            .and_then(|i| row.values.get(i))
            .map_or("", String::as_str)
    }

    /// The line of the value of `column` in `row`: the line of the JSON value, or the line the
    /// record starts on (always, for CSV; for JSON when the key is absent).
    pub(crate) fn line(&self, row: &Row, column: &str) -> usize {
        self.position(column)
            .and_then(|i| row.lines.get(i))
            .copied()
            .unwrap_or(row.line)
    }
}

/// The two formats of a registry table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Csv,
    Json,
}

impl Format {
    /// The format of a file, by its extension: `.json` (any case) is JSON, anything else CSV.
    pub(crate) fn of(file: &str) -> Format {
        match file.rsplit_once('.') {
            Some((_, ext)) if ext.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Csv,
        }
    }
}

/// Reads a CSV or JSON file (by [`Format::of`] its name) against `format`. Problems are
/// appended to `problems`; the table holds the rows without structural problems (none when
/// the file, its header or its top level is unusable).
pub(crate) fn read(
    file: &str,
    bytes: &[u8],
    format: &[Column],
    problems: &mut Vec<Problem>,
) -> Option<Table> {
    let text = match crate::read::decode(file, bytes) {
        Ok(t) => t,
        Err(p) => {
            problems.push(p);
            return None;
        }
    };
    match Format::of(file) {
        Format::Csv => csv::read(file, &text, format, problems),
        Format::Json => json::read(file, &text, format, problems),
    }
}

/// A problem of `file`.
fn problem(file: &str, line: usize, field: &str, reason: impl Into<String>) -> Problem {
    Problem {
        file: file.to_owned(),
        line,
        field: field.to_owned(),
        reason: reason.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_chooses_the_format() {
        assert_eq!(Format::of("enterprises.json"), Format::Json);
        assert_eq!(Format::of("LABS.JSON"), Format::Json);
        assert_eq!(Format::of("enterprises.csv"), Format::Csv);
        assert_eq!(Format::of("export"), Format::Csv);
        assert_eq!(Format::of("a.json.csv"), Format::Csv);
    }

    #[test]
    fn undecodable_json_gets_the_csv_message() {
        let mut p = Vec::new();
        assert!(read("u.json", b"\xFF\xFE[\0]\0", &[req("id")], &mut p).is_none());
        assert_eq!(
            p.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["u.json:1: encoding: the file is UTF-16; save it as UTF-8"]
        );
    }
}
