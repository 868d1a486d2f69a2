//! The JSON reader: an array of records, one object per row, whose keys are the CSV column
//! names.
//!
//! The tree comes from the line-tracking JSON reader (`read::json`), so each value
//! keeps the line it starts on. A value becomes the text a CSV cell would hold: a string as it
//! is, a number as written, a boolean as `true` / `false`, an array of strings joined by `;`,
//! `null` or an absent key as empty. What CSV cannot say (an array where one value is expected,
//! an object anywhere, a list item that is not a string) is a problem of that value.

use super::{Cell, Column, Row, Table, problem};
use crate::Problem;
use crate::read::json::{self, Node, Value};
use unicode_normalization::UnicodeNormalization;

/// Reads JSON text against `format`. Problems are appended to `problems`; the table holds the
/// records without structural problems (none when the text is not an array of records).
pub(super) fn read(
    file: &str,
    text: &str,
    format: &[Column],
    problems: &mut Vec<Problem>,
) -> Option<Table> {
    if text.trim().is_empty() {
        problems.push(problem(
            file,
            1,
            "json",
            "the file is empty; expected an array of records",
        ));
        return None;
    }
    let root = match json::parse(text) {
        Ok(root) => root,
        Err(e) => {
            problems.push(problem(
                file,
                e.line,
                "json",
                format!("{} (column {})", e.message, e.column),
            ));
            return None;
        }
    };
    let Value::Array(items) = &root.value else {
        problems.push(problem(
            file,
            root.line,
            "json",
            format!(
                "expected an array of records (one object per row), found {}",
                root.kind()
            ),
        ));
        return None;
    };
    let mut rows = Vec::new();
    for item in items {
        if let Some(row) = record(file, item, format, problems) {
            rows.push(row);
        }
    }
    Some(Table {
        file: file.to_owned(),
        columns: format.iter().map(|c| c.name).collect(),
        rows,
    })
}

/// One record, or None (with its problems recorded) when it is not an object or has an
/// unknown or repeated key or a value of the wrong type.
fn record(file: &str, item: &Node, format: &[Column], problems: &mut Vec<Problem>) -> Option<Row> {
    let Value::Object(members) = &item.value else {
        problems.push(problem(
            file,
            item.line,
            "row",
            format!("expected an object (one record), found {}", item.kind()),
        ));
        return None;
    };
    let before = problems.len();
    let mut values = vec![String::new(); format.len()];
    let mut lines = vec![item.line; format.len()];
    for (i, (key, node)) in members.iter().enumerate() {
        let key: String = key.nfc().collect();
        if members[..i].iter().any(|(k, _)| k.nfc().eq(key.chars())) {
            problems.push(problem(file, node.line, &key, "repeated column"));
            continue;
        }
        let Some(pos) = format.iter().position(|c| c.name == key) else {
            problems.push(problem(file, node.line, &key, "unknown column"));
            continue;
        };
        lines[pos] = node.line;
        if let Some(v) = cell(file, &format[pos], node, problems) {
            values[pos] = v;
        }
    }
    (problems.len() == before).then_some(Row {
        line: item.line,
        values,
        lines,
    })
}

/// The text of one value, as a CSV cell would hold it; None (with a problem) when the value
/// has a type the column does not take.
fn cell(file: &str, column: &Column, node: &Node, problems: &mut Vec<Problem>) -> Option<String> {
    let name = column.name;
    match (column.cell, &node.value) {
        (_, Value::Null) => Some(String::new()),
        (_, Value::String(s)) => Some(clean(s)),
        (Cell::Number, Value::Number(n)) => Some(n.clone()),
        (Cell::Bool, Value::Bool(b)) => Some(b.to_string()),
        (Cell::List, Value::Array(items)) => {
            let before = problems.len();
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let field = format!("{name}[{i}]");
                match &item.value {
                    Value::String(s) => {
                        let s = clean(s);
                        if s.is_empty() {
                            problems.push(problem(file, item.line, &field, "empty item"));
                        } else if s.contains(';') {
                            problems.push(problem(
                                file,
                                item.line,
                                &field,
                                format!(
                                    "{s:?} contains \";\", which separates items; write each item as its own string"
                                ),
                            ));
                        } else {
                            out.push(s);
                        }
                    }
                    _ => problems.push(problem(
                        file,
                        item.line,
                        &field,
                        format!("expected a string, found {}", item.kind()),
                    )),
                }
            }
            (problems.len() == before).then(|| out.join(";"))
        }
        (kind, _) => {
            let expected = match kind {
                Cell::Text => "a string",
                Cell::List => "an array of strings or a string",
                Cell::Number => "a number or a string",
                Cell::Bool => "true or false",
            };
            problems.push(problem(
                file,
                node.line,
                name,
                format!("expected {expected}, found {}", node.kind()),
            ));
            None
        }
    }
}

/// A value trimmed and in NFC.
fn clean(s: &str) -> String {
    s.trim().nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::super::{opt, read, req};
    use super::*;

    const FORMAT: &[Column] = &[
        req("id"),
        req("name"),
        opt("tags").list(),
        opt("area").number(),
        req("ok").boolean(),
        opt("notes"),
    ];

    fn messages(text: &str) -> (Option<Table>, Vec<String>) {
        let mut problems = Vec::new();
        let t = read("x.json", text.as_bytes(), FORMAT, &mut problems);
        (t, problems.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn records_read_like_csv_rows_with_a_line_per_value() {
        let text = "[\n  {\"id\": \"a\", \"name\": \" Tả Phìn \", \"ok\": true},\n  {\n    \"id\": \"b\",\n    \"name\": \"Cu\u{300}\",\n    \"tags\": [\"x\", \" y \"],\n    \"area\": 19.70,\n    \"ok\": \"false\",\n    \"notes\": null\n  },\n  {\"id\": \"c\", \"name\": \"C\", \"tags\": \"p;q\", \"area\": \"3\", \"ok\": false}\n]\n";
        let (t, p) = messages(text);
        assert!(p.is_empty(), "{p:?}");
        let t = t.unwrap();
        let got: Vec<_> = t
            .rows
            .iter()
            .map(|r| {
                (
                    r.line,
                    t.get(r, "id"),
                    t.get(r, "name"),
                    t.get(r, "tags"),
                    t.get(r, "area"),
                    t.get(r, "ok"),
                    t.get(r, "notes"),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (2, "a", "Tả Phìn", "", "", "true", ""),
                (3, "b", "Cù", "x;y", "19.70", "false", ""),
                (11, "c", "C", "p;q", "3", "false", ""),
            ]
        );
        let b = &t.rows[1];
        assert_eq!(
            ["id", "name", "tags", "area", "ok", "notes"].map(|c| t.line(b, c)),
            [4, 5, 6, 7, 8, 9]
        );
        // An absent key is on the record's line.
        assert_eq!(t.line(&t.rows[0], "tags"), 2);
    }

    #[test]
    fn wrong_types_unknown_and_repeated_keys_drop_the_record() {
        let text = r#"[
 {"id": "a", "name": {"vi": "A"}, "ok": true},
 {"id": "b", "name": "B", "ok": 1, "nmae": "x"},
 {"id": "c", "name": "C", "ok": true, "id": "d"},
 {"id": "e", "name": "E", "ok": true, "tags": ["x", 2, "", "p;q"], "area": [1]},
 "f",
 {"id": "g", "name": "G", "ok": true}
]"#;
        let (t, p) = messages(text);
        assert_eq!(
            p,
            [
                "x.json:2: name: expected a string, found an object",
                "x.json:3: ok: expected true or false, found a number",
                "x.json:3: nmae: unknown column",
                "x.json:4: id: repeated column",
                "x.json:5: tags[1]: expected a string, found a number",
                "x.json:5: tags[2]: empty item",
                "x.json:5: tags[3]: \"p;q\" contains \";\", which separates items; write each item as its own string",
                "x.json:5: area: expected a number or a string, found an array",
                "x.json:6: row: expected an object (one record), found a string",
            ]
        );
        let t = t.unwrap();
        assert_eq!(
            t.rows.iter().map(|r| t.get(r, "id")).collect::<Vec<_>>(),
            ["g"]
        );
    }

    #[test]
    fn files_that_are_not_an_array_of_records() {
        assert_eq!(
            messages("  \n").1,
            ["x.json:1: json: the file is empty; expected an array of records"]
        );
        assert_eq!(
            messages("[\n {\"id\": \"a\",\n").1,
            ["x.json:3: json: EOF while parsing an object (column 0)"]
        );
        assert_eq!(
            messages("\n{\"records\": []}").1,
            ["x.json:2: json: expected an array of records (one object per row), found an object"]
        );
        let (t, p) = messages("\u{feff}[]");
        assert!(p.is_empty() && t.unwrap().rows.is_empty(), "{p:?}");
    }
}
