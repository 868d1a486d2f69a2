//! The page layout: where the body ends, where each appendix table starts, and the table lines
//! with the repeated header rows and page numbers taken out.
//!
//! A table's header row is learnt from its first occurrence (the lines from "STT" to the first
//! data row); every later occurrence of the same lines is a page break. A bare number is a page
//! number only when such a header follows it: elsewhere it may be an STT.

use std::sync::LazyLock;

use regex::Regex;

use super::text::{clean, fold};

static APPENDIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^phu(?:\s+luc)?\s*(?:so\s*)?[:.]?\s*0*(\d+|[ivx]+)\b").expect("appendix pattern")
});
static BARE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,3}$").expect("number pattern"));
static SECTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[IVX]{1,4}\.?(?:\s+\p{Lu}|$)").expect("section pattern"));

/// What an appendix table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TableKind {
    /// PHỤ LỤC 01: targets.
    Targets,
    /// PHỤ LỤC 02: the task assignment table.
    Tasks,
}

/// A data line of a table: trimmed and collapsed (empty for a blank line), and whether a page
/// break (a removed header) comes right before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TLine {
    pub(crate) no: usize,
    pub(crate) text: String,
    pub(crate) break_before: bool,
}

/// One appendix table.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub(crate) kind: TableKind,
    /// Line of the "PHỤ LỤC" heading.
    pub(crate) heading_line: usize,
    /// Data lines, headers and page numbers removed.
    pub(crate) lines: Vec<TLine>,
    /// Whether the table ends with the "./." end marker.
    pub(crate) end_marker: bool,
}

/// The layout of the document.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    /// Line of the first appendix heading (or one past the last line).
    pub(crate) appendix_start: usize,
    pub(crate) tables: Vec<Table>,
}

fn is_appendix_heading(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("PHỤ") && APPENDIX.is_match(&fold(t))
}

/// Finds the appendices of `lines` (1-based: `lines[0]` is line 1).
pub(crate) fn layout(lines: &[String]) -> Layout {
    let headings: Vec<usize> = (0..lines.len())
        .filter(|&i| is_appendix_heading(&lines[i]))
        .map(|i| i + 1)
        .collect();
    let mut tables = Vec::new();
    for (k, &h) in headings.iter().enumerate() {
        let end = headings.get(k + 1).map_or(lines.len(), |n| n - 1);
        if let Some(t) = table(lines, h, end) {
            tables.push(t);
        }
    }
    Layout {
        appendix_start: headings.first().copied().unwrap_or(lines.len() + 1),
        tables,
    }
}

/// The table of the appendix whose heading is on line `heading` and whose region ends on line
/// `end` (inclusive).
fn table(lines: &[String], heading: usize, end: usize) -> Option<Table> {
    let text = |no: usize| clean(&lines[no - 1]);
    let stt = (heading + 1..=end).find(|&no| text(no).starts_with("STT"))?;
    let header_words = fold(&text(stt));
    let kind = if header_words.contains("nhiem vu") {
        TableKind::Tasks
    } else if header_words.contains("muc tieu") || header_words.contains("chi tieu") {
        TableKind::Targets
    } else {
        return None;
    };
    let is_first_row = |t: &str| {
        let first_number = t == "1" || t.starts_with("1 ");
        first_number || (kind == TableKind::Tasks && SECTION.is_match(t))
    };
    let first_data = (stt + 1..=end).find(|&no| is_first_row(&text(no)))?;
    let header: Vec<String> = (stt..first_data)
        .map(text)
        .filter(|t| !t.is_empty())
        .collect();

    // Where a header occurrence starting on line `no` ends (inclusive), if one does.
    let header_at = |no: usize| -> Option<usize> {
        if text(no) != header[0] {
            return None;
        }
        let mut at = no;
        for h in &header[1..] {
            let next = (at + 1..=end).find(|&n| !text(n).is_empty());
            match next {
                Some(next) if text(next) == *h => at = next,
                // A header cut short (by the end of the text, say): one when more than its
                // first line is there.
                _ => return (at > no).then_some(at),
            }
        }
        Some(at)
    };

    let mut out = Vec::new();
    let mut end_marker = false;
    let mut pending_break = false;
    let mut no = first_data;
    while no <= end {
        let t = text(no);
        if t == "./." {
            end_marker = true;
            break;
        }
        if let Some(last) = header_at(no) {
            pending_break = true;
            no = last + 1;
            continue;
        }
        if BARE_NUMBER.is_match(&t) {
            let next = (no + 1..=end).find(|&n| !text(n).is_empty());
            let page_number = match next {
                Some(n) => header_at(n).is_some() || text(n) == "./.",
                None => true,
            };
            if page_number {
                no += 1;
                continue;
            }
        }
        let break_before = pending_break && !t.is_empty();
        if !t.is_empty() {
            pending_break = false;
        }
        out.push(TLine {
            no,
            text: t,
            break_before,
        });
        no += 1;
    }
    Some(Table {
        kind,
        heading_line: heading,
        lines: out,
        end_marker,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_owned).collect()
    }

    #[test]
    fn repeated_headers_and_page_numbers_are_removed() {
        let doc = lines(
            "PHỤ LỤC 02: X\nSTT Nhiệm vụ cụ thể\nquả\n\nI Các nhiệm vụ\n1\nLàm\n\n2\n\n STT Nhiệm vụ cụ thể\nquả\ntiếp\n2\nHai\n./.",
        );
        let l = layout(&doc);
        assert_eq!(l.appendix_start, 1);
        let t = &l.tables[0];
        assert_eq!(t.kind, TableKind::Tasks);
        assert!(t.end_marker);
        let texts: Vec<&str> = t
            .lines
            .iter()
            .filter(|l| !l.text.is_empty())
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(texts, ["I Các nhiệm vụ", "1", "Làm", "tiếp", "2", "Hai"]);
        let tiep = t
            .lines
            .iter()
            .find(|l| l.text == "tiếp")
            .expect("continuation");
        assert!(tiep.break_before);
    }
}
