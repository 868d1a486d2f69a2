//! The targets table (PHỤ LỤC 01): STT | target | value by 2030 | lead | monitor.
//!
//! A row is anchored on its value ("≥ 20%", "100%", "≥ 50 ha"): the lines before it are the
//! target text, the lines after it the lead cell then the monitor cell. A value may share its
//! line with the end of the text and the start of the lead ("…cấp 1-2. ≥ 3 Sở Y tế; …").
//!
//! A target with several sub-rows prints its STT once, in the vertical middle of the merged
//! cell: sub-rows without an STT are given to the neighbour that keeps the STT in the middle
//! (a sub-row right after a one-row target belongs to the next target).

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::agency::{second_cell_start, split_cell};
use super::layout::{TLine, Table};
use super::model::{AgencyRef, Comparator, Indicator, LineRange, Target, Warning};
use super::text::{Frag, fold, join, split_frags, starts_lower};

static VALUE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<cmp>≥|>=|≤|<=|(?i:ít nhất|tối thiểu|tối đa))?\s*(?P<num>\d+(?:[.,]\d+)?)\s*(?P<unit>%|\p{Ll}[\p{L}²³/]*(?:\s\p{Ll}[\p{L}²³/]*)?)?\s*$",
    )
    .expect("value pattern")
});
static VALUE_IN_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)(?P<v>(?P<cmp>≥|>=|≤|<=)\s*(?P<num>\d+(?:[.,]\d+)?)(?:\s*(?P<unit>%|\p{Ll}{1,6}\b))?)")
        .expect("value pattern")
});
static VALUE_AT_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[.;]\s+(?P<v>(?P<num>\d+(?:[.,]\d+)?)\s*(?P<unit>%))\s*$").expect("value pattern")
});
static STT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?P<n>[1-9]\d{0,2})(?:\s+(?P<rest>\p{Lu}.*))?$").expect("stt"));

/// A value as printed in the "Mục tiêu đến năm 2030" column.
#[derive(Debug, Clone, PartialEq)]
struct Value {
    /// `None` for a comparator the model cannot express ("≤").
    comparator: Option<Comparator>,
    value: f64,
    unit: String,
    text: String,
    line: usize,
}

fn parse_number(s: &str) -> Option<f64> {
    let s = if s.contains(',') {
        s.replace(',', ".")
    } else if s.split_once('.').is_some_and(|(_, frac)| frac.len() == 3) {
        // "1.000": a thousands separator
        s.replace('.', "")
    } else {
        s.to_owned()
    };
    s.parse().ok()
}

fn value_from(c: &Captures<'_>, text: &str, line: usize) -> Option<Value> {
    let comparator = match c.name("cmp").map(|m| fold(m.as_str())) {
        None => Some(Comparator::Eq),
        Some(cmp) if ["≥", ">=", "it nhat", "toi thieu"].contains(&cmp.as_str()) => {
            Some(Comparator::Ge)
        }
        Some(_) => None,
    };
    let unit = match c.name("unit").map(|m| m.as_str().trim()) {
        None => "count".to_owned(),
        Some(u) => u.to_owned(),
    };
    Some(Value {
        comparator,
        value: parse_number(c.name("num")?.as_str())?,
        unit,
        text: text.trim().to_owned(),
        line,
    })
}

/// A whole line that is a value.
fn value_line(f: &Frag, prev_text: Option<&str>) -> Option<Value> {
    let c = VALUE_LINE.captures(&f.text)?;
    let bare = c.name("cmp").is_none() && c.name("unit").is_none();
    if bare {
        // "…đến năm" / "2030": a year that ends the text, not a count
        let prev = prev_text.map(fold).unwrap_or_default();
        if prev.ends_with("nam") || prev.ends_with("giai doan") {
            return None;
        }
    }
    value_from(&c, &f.text, f.line)
}

/// A value inside a line: the text before it, the value, the text after it.
fn value_in_line(f: &Frag) -> Option<(Frag, Value, Frag)> {
    let c = match VALUE_IN_LINE.captures(&f.text) {
        Some(c) => {
            let v = c.name("v")?;
            let after = f.text[v.end()..].chars().next();
            if after.is_some_and(char::is_alphanumeric) {
                return None;
            }
            c
        }
        None => VALUE_AT_END.captures(&f.text)?,
    };
    let v = c.name("v")?;
    let value = value_from(&c, v.as_str(), f.line)?;
    Some((
        Frag::new(f.line, &f.text[..v.start()]),
        value,
        Frag::new(f.line, &f.text[v.end()..]),
    ))
}

/// One sub-row: an optional STT, the target text, the value, then the lead and monitor cells
/// (`None` marks a blank line inside them).
#[derive(Debug, Default)]
struct SubRow {
    stt: Option<(String, usize)>,
    text: Vec<Frag>,
    value: Option<Value>,
    cells: Vec<Option<Frag>>,
}

impl SubRow {
    fn lines(&self) -> LineRange {
        let mut all = self
            .text
            .iter()
            .map(|f| f.line)
            .chain(self.cells.iter().flatten().map(|f| f.line));
        let first_text = all.next();
        let rest: Vec<usize> = all.collect();
        let stt = self.stt.as_ref().map(|s| s.1);
        let value = self.value.as_ref().map(|v| v.line);
        let candidates: Vec<usize> = stt
            .into_iter()
            .chain(first_text)
            .chain(rest)
            .chain(value)
            .collect();
        LineRange::new(
            candidates.iter().copied().min().unwrap_or(0),
            candidates.iter().copied().max().unwrap_or(0),
        )
    }

    fn cell_frags(&self) -> Vec<Frag> {
        self.cells.iter().flatten().cloned().collect()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the first row.
    Idle,
    /// After an STT, before its text.
    AwaitText,
    /// Reading the target text.
    InText,
    /// Reading the lead and monitor cells.
    AfterValue,
}

/// Splits the cells read after a value into the cells of that sub-row and the text of a next
/// sub-row that has no STT: the last block of lines (blocks are separated by blank lines),
/// extended backwards while it starts in the middle of a sentence.
fn split_trailing_text(cells: Vec<Option<Frag>>) -> (Vec<Option<Frag>>, Vec<Frag>) {
    let mut blocks: Vec<Vec<Frag>> = vec![Vec::new()];
    for c in cells {
        match c {
            Some(f) => blocks.last_mut().expect("one block").push(f),
            None => {
                if !blocks.last().expect("one block").is_empty() {
                    blocks.push(Vec::new());
                }
            }
        }
    }
    if blocks.last().is_some_and(Vec::is_empty) {
        blocks.pop();
    }
    if blocks.len() < 2 {
        let keep = blocks.into_iter().flatten().map(Some).collect();
        return (keep, Vec::new());
    }
    let mut from = blocks.len() - 1;
    while from > 1 && blocks[from].first().is_some_and(|f| starts_lower(&f.text)) {
        from -= 1;
    }
    let text: Vec<Frag> = blocks[from..].iter().flatten().cloned().collect();
    let mut keep = Vec::new();
    for b in &blocks[..from] {
        keep.extend(b.iter().cloned().map(Some));
        keep.push(None);
    }
    (keep, text)
}

struct Reader {
    subs: Vec<SubRow>,
    cur: Option<SubRow>,
    state: State,
    expected: u32,
}

impl Reader {
    fn close(&mut self) {
        if let Some(s) = self.cur.take() {
            self.subs.push(s);
        }
    }

    fn cur(&mut self) -> &mut SubRow {
        self.cur.get_or_insert_with(SubRow::default)
    }

    /// A line while the target text is expected or being read.
    fn text_line(&mut self, f: Frag) {
        let prev = self
            .cur
            .as_ref()
            .and_then(|c| c.text.last())
            .map(|f| f.text.clone());
        if let Some(v) = value_line(&f, prev.as_deref()) {
            self.cur().value = Some(v);
            self.state = State::AfterValue;
        } else if let Some((before, v, after)) = value_in_line(&f) {
            let cur = self.cur();
            if !before.text.is_empty() {
                cur.text.push(before);
            }
            cur.value = Some(v);
            if !after.text.is_empty() {
                cur.cells.push(Some(after));
            }
            self.state = State::AfterValue;
        } else {
            self.cur().text.push(f);
            self.state = State::InText;
        }
    }

    /// A line after a value: a cell line, or the value of a next sub-row without an STT whose
    /// text was read as cells.
    fn cell_line(&mut self, f: Frag) {
        let value = value_line(&f, None).map(|v| (None, v, None)).or_else(|| {
            value_in_line(&f)
                .filter(|(before, ..)| !before.text.is_empty())
                .map(|(b, v, a)| (Some(b), v, Some(a)))
        });
        let Some((before, v, after)) = value else {
            self.cur().cells.push(Some(f));
            return;
        };
        let cells = std::mem::take(&mut self.cur().cells);
        let (keep, mut text) = split_trailing_text(cells);
        self.cur().cells = keep;
        self.close();
        text.extend(before.filter(|b| !b.text.is_empty()));
        let mut next = SubRow {
            text,
            value: Some(v),
            ..SubRow::default()
        };
        if let Some(a) = after.filter(|a| !a.text.is_empty()) {
            next.cells.push(Some(a));
        }
        self.cur = Some(next);
        self.state = State::AfterValue;
    }

    fn line(&mut self, l: &TLine) {
        if l.text.is_empty() {
            if self.state == State::AfterValue {
                self.cur().cells.push(None);
            }
            return;
        }
        let f = Frag::new(l.no, &l.text);
        if self.state != State::InText
            && let Some(c) = STT.captures(&l.text)
            && c["n"].parse::<u32>().ok() == Some(self.expected)
        {
            self.close();
            self.expected += 1;
            self.cur = Some(SubRow {
                stt: Some((c["n"].to_owned(), l.no)),
                ..SubRow::default()
            });
            self.state = State::AwaitText;
            if let Some(rest) = c.name("rest") {
                self.text_line(Frag::new(l.no, rest.as_str()));
            }
            return;
        }
        match self.state {
            State::Idle | State::AwaitText | State::InText => self.text_line(f),
            State::AfterValue => self.cell_line(f),
        }
    }
}

/// A target being assembled from its sub-rows.
struct Group {
    number: String,
    subs: Vec<SubRow>,
    before_stt: usize,
    after_stt: usize,
}

/// Gives the sub-rows without an STT to their targets (see the module docs).
fn group(subs: Vec<SubRow>, warnings: &mut Vec<Warning>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut pending: Vec<SubRow> = Vec::new();
    for s in subs {
        let Some((number, _)) = s.stt.clone() else {
            pending.push(s);
            continue;
        };
        let mut before = Vec::new();
        for p in pending.drain(..) {
            if before.is_empty()
                && let Some(g) = groups.last_mut()
                && g.after_stt <= g.before_stt
            {
                g.subs.push(p);
                g.after_stt += 1;
                continue;
            }
            before.push(p);
        }
        let before_stt = before.len();
        before.push(s);
        groups.push(Group {
            number,
            subs: before,
            before_stt,
            after_stt: 1,
        });
    }
    match groups.last_mut() {
        Some(g) => g.subs.append(&mut pending),
        None => {
            for p in pending {
                warnings.push(Warning::new(
                    p.lines().start,
                    "target",
                    "targets table row without a number is ignored",
                ));
            }
        }
    }
    groups
}

fn push_unique(to: &mut Vec<AgencyRef>, from: Vec<AgencyRef>) {
    for a in from {
        if !to.iter().any(|b| b.key == a.key) {
            to.push(a);
        }
    }
}

/// Reads the targets table. Returns the targets and, for citation scanning, the target texts.
pub(crate) fn parse_targets(
    table: &Table,
    warnings: &mut Vec<Warning>,
) -> (Vec<Target>, Vec<Vec<Frag>>) {
    let mut r = Reader {
        subs: Vec::new(),
        cur: None,
        state: State::Idle,
        expected: 1,
    };
    for l in &table.lines {
        r.line(l);
    }
    r.close();
    let mut targets = Vec::new();
    let mut texts = Vec::new();
    for g in group(r.subs, warnings) {
        let several = g.subs.len() > 1;
        let mut title_parts = Vec::new();
        let mut indicators = Vec::new();
        let mut lead = Vec::new();
        let mut monitor = Vec::new();
        let first = g.subs.first().map_or(0, |s| s.lines().start);
        let last = g.subs.last().map_or(0, |s| s.lines().end);
        for s in &g.subs {
            let text = join(&s.text);
            let lines = s.lines();
            match &s.value {
                Some(v) => match v.comparator {
                    Some(comparator) => indicators.push(Indicator {
                        comparator,
                        value: v.value,
                        unit: v.unit.clone(),
                        text: v.text.clone(),
                        label: several.then(|| text.clone()),
                        lines,
                    }),
                    None => warnings.push(Warning::new(
                        v.line,
                        "indicator",
                        format!(
                            "target {}: value {:?} has a comparator that cannot be represented",
                            g.number, v.text
                        ),
                    )),
                },
                None => warnings.push(Warning::new(
                    lines.start,
                    "indicator",
                    format!("target {} has a row without a value", g.number),
                )),
            }
            let cells = s.cell_frags();
            let (l, m) = match second_cell_start(&cells) {
                Some((i, off)) => split_frags(&cells, i, off),
                None => (cells, Vec::new()),
            };
            push_unique(&mut lead, split_cell(&l));
            push_unique(&mut monitor, split_cell(&m));
            if !text.is_empty() {
                title_parts.push(text);
            }
            texts.push(s.text.clone());
        }
        if lead.is_empty() {
            warnings.push(Warning::new(
                first,
                "lead",
                format!("target {} has no lead agency in the source", g.number),
            ));
        }
        if monitor.is_empty() {
            warnings.push(Warning::new(
                first,
                "monitor",
                format!("target {} has no monitoring agency in the source", g.number),
            ));
        }
        if title_parts.is_empty() {
            warnings.push(Warning::new(
                first,
                "title",
                format!("target {} has no text in the source", g.number),
            ));
        }
        targets.push(Target {
            number: g.number,
            title: title_parts.join(" "),
            indicators,
            lead,
            monitor,
            lines: LineRange::new(first, last),
        });
    }
    (targets, texts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_as_printed() {
        let v = value_line(&Frag::new(1, "≥ 20%"), None).expect("value");
        assert_eq!(
            (v.comparator, v.value, v.unit.as_str()),
            (Some(Comparator::Ge), 20.0, "%")
        );
        let v = value_line(&Frag::new(1, "≥20"), None).expect("value");
        assert_eq!(
            (v.value, v.unit.as_str(), v.text.as_str()),
            (20.0, "count", "≥20")
        );
        let v = value_line(&Frag::new(1, "100% "), None).expect("value");
        assert_eq!(
            (v.comparator, v.text.as_str()),
            (Some(Comparator::Eq), "100%")
        );
        let v = value_line(&Frag::new(1, "≥ 50 ha"), None).expect("value");
        assert_eq!(v.unit, "ha");
        let v = value_line(&Frag::new(1, "≤ 5%"), None).expect("value");
        assert_eq!(v.comparator, None);
        assert!(value_line(&Frag::new(1, "2030"), Some("đến năm")).is_none());
        assert_eq!(parse_number("1,5"), Some(1.5));
        assert_eq!(parse_number("1.000"), Some(1000.0));
    }

    #[test]
    fn value_inside_a_line() {
        let f = Frag::new(
            1,
            "chuẩn an toàn sinh học cấp 1-2. ≥ 3 Sở Y tế; Các địa phương",
        );
        let (before, v, after) = value_in_line(&f).expect("value");
        assert_eq!(before.text, "chuẩn an toàn sinh học cấp 1-2.");
        assert_eq!(v.text, "≥ 3");
        assert_eq!(after.text, "Sở Y tế; Các địa phương");
        assert!(value_in_line(&Frag::new(1, "chuẩn cấp 1-2.")).is_none());
    }

    #[test]
    fn trailing_text_block() {
        let c = |t: &str| Some(Frag::new(1, t));
        let cells = vec![
            c("Sở Nông"),
            c("nghiệp và"),
            None,
            c("Môi trường"),
            None,
            c("Số cơ sở"),
            c("phẩm;"),
        ];
        let (keep, text) = split_trailing_text(cells);
        assert_eq!(join(&text), "Số cơ sở phẩm;");
        assert_eq!(keep.iter().flatten().count(), 3);
    }
}
