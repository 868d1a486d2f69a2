//! The task assignment table (PHỤ LỤC 02): STT | task | lead | partners | timeline |
//! deliverables.
//!
//! Rows are anchored on their numbering: a roman section ("I Các nhiệm vụ …"), then STT
//! numbers that must follow the numbering (a next sibling or a first child), so a page number
//! or a number inside a cell is never taken for a row. Inside a row, the cells come in column
//! order and are told apart by what they look like:
//! - the task text is the wide column: its lines run (nearly) the full column width, and only
//!   its last line is short;
//! - agency cells start with the head of a name ("Sở …", "Các sở, ngành"); where the lead cell
//!   ends and the partners cell begins is the first name that does not continue a list;
//! - the timeline is read with the timeline vocabulary, which also tells where it stops when a
//!   deliverable follows on the same line ("Hằng năm Kế hoạch/Chương");
//! - the rest is the deliverables.
//!
//! A row cut by a page break continues after the repeated header, each unfinished cell in
//! column order: the text if it stopped mid-sentence at full width, the agency cell if it
//! stopped on "," ";" or a dangling word, then the deliverables.

use std::sync::LazyLock;

use regex::Regex;

use super::PlanError;
use super::agency::{
    cell_incomplete, ends_with_connector, head_len_at, is_agency_list, is_agency_start,
    second_cell_start, split_cell,
};
use super::layout::Table;
use super::model::{LineRange, Task, TaskField, TaskGroup, Timeline, Warning};
use super::text::{
    Frag, Joined, ends_sentence, join, roman_value, split_frags, starts_lower, starts_upper,
    valid_next, width, word_starts,
};
use super::timeline::{TimelineMatch, match_timeline};

static SECTION_ROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<r>[IVX]{1,4})\.?(?:\s+(?P<t>\p{Lu}.*))?$").expect("section pattern")
});
static NUMBER_ROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<n>[1-9]\d?(?:\.[1-9]\d?){0,3})\.?(?:\s+(?P<t>\p{Lu}.*))?$")
        .expect("stt pattern")
});
/// Document numbers and dates, whose "/" never separates alternatives.
static PROTECTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d+(?:[./-]\d+)*(?:[-/][A-ZĐ]+)+|\d+(?:/\d+)+|\b[A-ZĐ]{1,8}(?:[-/][A-ZĐ]{1,8})+\b")
        .expect("protected pattern")
});

/// Words that start a deliverable ("Sản phẩm/Kết quả"), never an agency name.
const DELIVERABLE_STARTS: &[&str] = &[
    "Kế hoạch",
    "Chương trình",
    "Đề án",
    "Dự án",
    "Báo cáo",
    "Danh mục",
    "Văn bản",
    "Các văn bản",
    "Mô hình",
    "Các mô hình",
    "Quyết định",
    "Hồ sơ",
    "Sản phẩm",
    "Các sản phẩm",
    "Nhiệm vụ",
    "Hạ tầng",
    "Chuỗi",
    "Quy trình",
    "Hợp đồng",
    "Thoả thuận",
    "Thỏa thuận",
    "Tài liệu",
    "Ấn phẩm",
    "Các ấn phẩm",
    "Cơ sở dữ liệu",
    "Đề tài",
    "Các đề tài",
    "Hội nghị",
    "Lớp",
    "Bài viết",
    "Tin bài",
    "Video",
    "Các Kế hoạch",
    "Các kế hoạch",
    "Các chương trình",
    "Kết quả",
    "Bản đồ",
    "Sổ tay",
    "Phần mềm",
    "Giống",
    "Vườn",
];

/// Widths of the table's lines, learnt from the table itself.
#[derive(Debug, Clone, Copy)]
struct Widths {
    /// A line at least this wide belongs to the text column.
    wide: usize,
    /// A line wider than this holds more than the text column.
    normal_max: usize,
}

impl Widths {
    fn of(table: &Table) -> Self {
        let mut w: Vec<usize> = table
            .lines
            .iter()
            .filter(|l| !l.text.is_empty())
            .map(|l| width(&l.text))
            .collect();
        w.sort_unstable();
        let p95 = w.get(w.len() * 95 / 100).copied().unwrap_or(60);
        Self {
            wide: (p95 * 3 / 5).max(20),
            normal_max: p95 + 5,
        }
    }
}

/// A line of a row: its text (for the STT line, what follows the STT), the width of the
/// printed line, and whether a page break comes before it.
#[derive(Debug, Clone)]
struct RLine {
    frag: Frag,
    width: usize,
    break_before: bool,
}

#[derive(Debug, Clone)]
enum Head {
    Section(String),
    Number { path: Vec<u32>, printed: String },
}

#[derive(Debug, Clone)]
struct Row {
    start: usize,
    head: Head,
    /// Whether the first of `lines` is the text printed on the STT line itself.
    text_on_stt_line: bool,
    lines: Vec<RLine>,
}

impl Row {
    fn end(&self) -> usize {
        self.lines
            .iter()
            .map(|l| l.frag.line)
            .max()
            .unwrap_or(self.start)
            .max(self.start)
    }
}

/// Whether `s` has a "/" that separates alternatives (not inside "55-KH/TU" or a date).
fn has_alternative_slash(s: &str) -> bool {
    PROTECTED.replace_all(s, "").contains('/')
}

fn starts_deliverable(s: &str) -> bool {
    DELIVERABLE_STARTS.iter().any(|d| {
        s.strip_prefix(d)
            .is_some_and(|r| r.chars().next().is_none_or(|c| !c.is_alphanumeric()))
    })
}

fn deliverable_like(s: &str) -> bool {
    has_alternative_slash(s) || starts_deliverable(s)
}

/// The deliverables of a cell: split on "/" where it separates alternatives, each trimmed
/// of whitespace and of a single final "." "," ";" (an ellipsis is kept).
pub(crate) fn split_deliverables(s: &str) -> Vec<String> {
    let protected: Vec<(usize, usize)> = PROTECTED
        .find_iter(s)
        .map(|m| (m.start(), m.end()))
        .collect();
    let mut out = Vec::new();
    let mut from = 0;
    for (i, c) in s.char_indices() {
        if c == '/' && !protected.iter().any(|&(a, b)| a <= i && i < b) {
            out.push(&s[from..i]);
            from = i + 1;
        }
    }
    out.push(&s[from..]);
    out.into_iter()
        .map(|d| {
            let d = d.trim();
            let mut chars = d.chars().rev();
            match (chars.next(), chars.next()) {
                (Some('.' | ',' | ';'), Some(p)) if p != '.' && p != ',' => {
                    d[..d.len() - 1].trim_end()
                }
                _ => d,
            }
        })
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Reads the numbering of the table into rows.
fn rows(table: &Table, warnings: &mut Vec<Warning>) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let mut sections = 0;
    let mut path: Vec<u32> = Vec::new();
    for l in &table.lines {
        if l.text.is_empty() {
            continue;
        }
        if let Some(c) = SECTION_ROW.captures(&l.text)
            && roman_value(&c["r"]) == Some(sections + 1)
        {
            sections += 1;
            path.clear();
            let lines = c
                .name("t")
                .map(|t| RLine {
                    frag: Frag::new(l.no, t.as_str()),
                    width: width(&l.text),
                    break_before: false,
                })
                .into_iter()
                .collect();
            rows.push(Row {
                start: l.no,
                head: Head::Section(c["r"].to_owned()),
                text_on_stt_line: c.name("t").is_some(),
                lines,
            });
            continue;
        }
        if let Some(c) = NUMBER_ROW.captures(&l.text) {
            let number: Vec<u32> = c["n"].split('.').filter_map(|p| p.parse().ok()).collect();
            if valid_next(&path, &number) {
                path = number.clone();
                let lines: Vec<RLine> = c
                    .name("t")
                    .map(|t| RLine {
                        frag: Frag::new(l.no, t.as_str()),
                        width: width(&l.text),
                        break_before: false,
                    })
                    .into_iter()
                    .collect();
                rows.push(Row {
                    start: l.no,
                    head: Head::Number {
                        path: number,
                        printed: c["n"].to_owned(),
                    },
                    text_on_stt_line: !lines.is_empty(),
                    lines,
                });
                continue;
            }
        }
        let line = RLine {
            frag: Frag::new(l.no, &l.text),
            width: width(&l.text),
            break_before: l.break_before,
        };
        match rows.last_mut() {
            Some(r) => r.lines.push(line),
            None => warnings.push(Warning::new(
                l.no,
                "row",
                "line before the first row of the task table is ignored",
            )),
        }
    }
    rows
}

/// The cells of one task row.
#[derive(Debug, Default)]
struct Cells {
    text: Vec<Frag>,
    /// Printed width of the last text line (what is left of it after a glued cell).
    text_last_width: usize,
    lead: Vec<Frag>,
    partners: Vec<Frag>,
    timeline: Option<TimelineMatch>,
    timeline_lines: Vec<usize>,
    deliverables: Vec<Frag>,
}

impl Cells {
    fn text_incomplete(&self, w: Widths) -> bool {
        let last = join(&self.text);
        self.text_last_width >= w.wide && !ends_sentence(&last)
    }
}

/// Whether a short line after a full-width text line ends the text.
/// Cells start with a capital, so a lowercase line goes on with the text.
fn text_tail(prev: &str, l: &str) -> bool {
    starts_lower(l)
        || (!is_agency_start(l)
            && match_timeline(l).is_none()
            && (prev.ends_with('-') || !deliverable_like(l)))
}

/// A lead cell glued to the end of the last text line ("…bản địa. Sở Y tế.", or a line wider
/// than the text column: "…tuân thủ các Sở Tài chính"): the text part and the lead part.
fn glued_lead(l: &RLine, w: Widths) -> Option<(Frag, Frag)> {
    let t = &l.frag.text;
    for p in word_starts(t) {
        if p == 0 || head_len_at(t, p).is_none() {
            continue;
        }
        let prefix = t[..p].trim_end();
        let suffix = &t[p..];
        if !is_agency_list(suffix) {
            continue;
        }
        let sentence_end = prefix.ends_with('.') && !prefix.ends_with("..");
        let overlong = l.width > w.normal_max && l.width - width(suffix) <= w.normal_max;
        if sentence_end || (overlong && !ends_with_connector(suffix)) {
            return Some((
                Frag::new(l.frag.line, prefix),
                Frag::new(l.frag.line, suffix),
            ));
        }
    }
    None
}

/// The timeline starting at `lines[0]`, if one does: the match, how many lines it takes in
/// full, and the rest of the last line it ends in.
fn timeline_at(lines: &[Frag]) -> Option<(TimelineMatch, Vec<usize>, usize, Option<Frag>)> {
    let first = lines.first()?;
    if is_agency_start(&first.text) {
        return None;
    }
    let window = &lines[..lines.len().min(6)];
    let j = Joined::new(window);
    let m = match_timeline(&j.text)?;
    let (fi, off) = j.locate(m.len.saturating_sub(1))?;
    let off = off + 1;
    let last = &window[fi];
    let rest = last.text[off..].trim();
    let used: Vec<usize> = window[..=fi].iter().map(|f| f.line).collect();
    let rest = (!rest.is_empty()).then(|| Frag::new(last.line, rest));
    Some((m, used, fi + 1, rest))
}

/// Splits a row's lines into its cells.
fn cells(row_lines: &[RLine], w: Widths) -> Cells {
    let mut segments: Vec<Vec<RLine>> = vec![Vec::new()];
    for l in row_lines {
        if l.break_before && !segments.last().expect("one segment").is_empty() {
            segments.push(Vec::new());
        }
        segments.last_mut().expect("one segment").push(l.clone());
    }
    let mut c = Cells::default();
    let first = &segments[0];
    if first.is_empty() {
        return c;
    }

    // The text: wide lines, then at most one short last line.
    let mut i = 1;
    let mut text: Vec<RLine> = vec![first[0].clone()];
    while i < first.len() {
        let l = &first[i];
        let prev = text.last().expect("one text line");
        if l.width >= w.wide {
            text.push(l.clone());
            i += 1;
            continue;
        }
        if prev.width >= w.wide
            && !ends_sentence(&prev.frag.text)
            && text_tail(&prev.frag.text, &l.frag.text)
        {
            text.push(l.clone());
            i += 1;
        }
        break;
    }
    let last = text.pop().expect("one text line");
    let mut rest: Vec<Frag> = Vec::new();
    c.text = text.into_iter().map(|l| l.frag).collect();
    match glued_lead(&last, w) {
        Some((prefix, lead)) => {
            c.text_last_width = last.width - width(&lead.text);
            c.text.push(prefix);
            rest.push(lead);
        }
        None => {
            c.text_last_width = last.width;
            c.text.push(last.frag);
        }
    }
    let glued = !rest.is_empty();
    rest.extend(first[i..].iter().map(|l| l.frag.clone()));

    // The timeline, and the agency cells before it.
    let from = usize::from(glued);
    let found = (from..rest.len()).find_map(|t| timeline_at(&rest[t..]).map(|m| (t, m)));
    let agencies: Vec<Frag>;
    match found {
        Some((t, (m, used, taken, tail))) => {
            agencies = rest[..t].to_vec();
            c.timeline = Some(m);
            c.timeline_lines = used;
            c.deliverables.extend(tail);
            c.deliverables.extend_from_slice(&rest[t + taken..]);
        }
        None => {
            let starts = glued || rest.first().is_some_and(|f| is_agency_start(&f.text));
            let n = if starts {
                rest.iter()
                    .position(|f| deliverable_like(&f.text))
                    .unwrap_or(rest.len())
            } else {
                0
            };
            agencies = rest[..n].to_vec();
            c.deliverables = rest[n..].to_vec();
        }
    }
    if !agencies.is_empty() {
        match second_cell_start(&agencies) {
            Some((i, off)) => (c.lead, c.partners) = split_frags(&agencies, i, off),
            None => c.lead = agencies,
        }
    }

    // Continuations after page breaks.
    for seg in &segments[1..] {
        continue_row(&mut c, seg, w);
    }
    c
}

/// Whether a line continues a collective's name ("doanh nghiệp, Hợp tác", "nhân dân cấp xã,").
fn continues_collective(s: &str) -> bool {
    starts_lower(s) && is_agency_start(&format!("Các {s}"))
        || ["nhân dân", "dân cấp", "phường", "xã"]
            .iter()
            .any(|w| s.starts_with(w))
}

/// Appends the lines of a row printed after a page break to the cells they continue.
fn continue_row(c: &mut Cells, seg: &[RLine], w: Widths) {
    let agencies_open = {
        let cell = if c.partners.is_empty() {
            &c.lead
        } else {
            &c.partners
        };
        cell_incomplete(cell)
    };
    let mut i = 0;
    if c.text_incomplete(w) {
        while i < seg.len() {
            let l = &seg[i];
            if l.width >= w.wide {
                c.text.push(l.frag.clone());
                c.text_last_width = l.width;
                i += 1;
                continue;
            }
            let prev = c.text.last().map(|f| f.text.clone()).unwrap_or_default();
            if c.text_last_width >= w.wide
                && !ends_sentence(&prev)
                && text_tail(&prev, &l.frag.text)
                && !(agencies_open && continues_collective(&l.frag.text))
            {
                c.text.push(l.frag.clone());
                c.text_last_width = l.width;
                i += 1;
            }
            break;
        }
    }
    let frags: Vec<Frag> = seg[i..].iter().map(|l| l.frag.clone()).collect();
    let mut k = 0;
    if agencies_open {
        while k < frags.len()
            && !deliverable_like(&frags[k].text)
            && timeline_at(&frags[k..]).is_none()
        {
            let cell = if c.partners.is_empty() {
                &mut c.lead
            } else {
                &mut c.partners
            };
            cell.push(frags[k].clone());
            k += 1;
        }
    }
    if c.timeline.is_none()
        && let Some((m, used, taken, tail)) = timeline_at(&frags[k..])
    {
        c.timeline = Some(m);
        c.timeline_lines = used;
        k += taken;
        c.deliverables.extend(tail);
    }
    c.deliverables.extend_from_slice(&frags[k..]);
}

/// What the task table holds.
#[derive(Debug, Default)]
pub(crate) struct TaskTable {
    pub(crate) groups: Vec<TaskGroup>,
    pub(crate) tasks: Vec<Task>,
    /// Texts to scan for citations, in document order.
    pub(crate) texts: Vec<Vec<Frag>>,
}

fn number_code(section: &str, printed: &str) -> String {
    if section.is_empty() {
        printed.to_owned()
    } else {
        format!("{section}.{printed}")
    }
}

/// Reads the task table.
///
/// # Errors
/// [`PlanError::Malformed`] for a task row without text, or for a last row cut short when the
/// table has no end marker (a truncated file).
pub(crate) fn parse_tasks(
    table: &Table,
    warnings: &mut Vec<Warning>,
) -> Result<TaskTable, PlanError> {
    let rows = rows(table, warnings);
    let mut reader = TaskReader {
        w: Widths::of(table),
        is_group: group_rows(&rows),
        section_of: sections(&rows),
        rows: &rows,
        out: TaskTable::default(),
        section: String::new(),
    };
    for i in 0..rows.len() {
        reader.row(i, warnings)?;
    }
    let mut out = reader.out;
    span_groups(&mut out);
    if !table.end_marker {
        check_not_truncated(&out, warnings)?;
    }
    Ok(out)
}

fn path_of(r: &Row) -> Option<&[u32]> {
    match &r.head {
        Head::Number { path, .. } => Some(path),
        Head::Section(_) => None,
    }
}

/// Which rows are groups: a numbered row is one when the next row is its first child.
fn group_rows(rows: &[Row]) -> Vec<bool> {
    (0..rows.len())
        .map(|i| {
            let (Some(p), Some(next)) = (path_of(&rows[i]), rows.get(i + 1).and_then(path_of))
            else {
                return false;
            };
            next.len() == p.len() + 1 && next[..p.len()] == p[..] && next[p.len()] == 1
        })
        .collect()
}

/// The section of each row, counted from 1 (0 before the first section row).
fn sections(rows: &[Row]) -> Vec<usize> {
    let mut section_of = Vec::with_capacity(rows.len());
    let mut n = 0;
    for r in rows {
        if matches!(r.head, Head::Section(_)) {
            n += 1;
        }
        section_of.push(n);
    }
    section_of
}

/// The rows of the task table, and the groups and tasks read from them so far.
struct TaskReader<'r> {
    w: Widths,
    rows: &'r [Row],
    is_group: Vec<bool>,
    section_of: Vec<usize>,
    out: TaskTable,
    /// The roman number of the current section, empty before the first.
    section: String,
}

impl<'r> TaskReader<'r> {
    /// Reads row `i`: a section, a group, or a task (under a heading of its own, maybe).
    fn row(&mut self, i: usize, warnings: &mut Vec<Warning>) -> Result<(), PlanError> {
        let row = &self.rows[i];
        let frags: Vec<Frag> = row.lines.iter().map(|l| l.frag.clone()).collect();
        let lines = LineRange::new(row.start, row.end());
        let (path, printed) = match &row.head {
            Head::Section(r) => {
                self.section = r.clone();
                let group = TaskGroup {
                    code: r.clone(),
                    section: r.clone(),
                    title: join(&frags),
                    parent: None,
                    lines,
                };
                self.push_group(group, frags);
                return Ok(());
            }
            Head::Number { path, printed } => (path, printed),
        };
        let section = self.section.clone();
        let code = number_code(&section, printed);
        let parent_group = self.parent_group(path);
        if self.is_group[i] {
            let group = TaskGroup {
                code,
                section,
                title: join(&frags),
                parent: parent_group,
                lines,
            };
            self.push_group(group, frags);
            return Ok(());
        }
        let lines = self.task_lines(i, path, &code, parent_group.clone());
        let task = task(
            row,
            &code,
            &section,
            printed,
            parent_group,
            lines,
            self.w,
            warnings,
        )?;
        self.out.texts.push(task.1);
        self.out.texts.push(task.2);
        self.out.tasks.push(task.0);
        Ok(())
    }

    fn push_group(&mut self, group: TaskGroup, title: Vec<Frag>) {
        self.out.groups.push(group);
        self.out.texts.push(title);
    }

    /// The group a row numbered `path` is in: the nearest numbered group above it, or else
    /// its section.
    fn parent_group(&self, path: &[u32]) -> Option<String> {
        let section = &self.section;
        (1..path.len())
            .rev()
            .map(|k| {
                let p: Vec<String> = path[..k].iter().map(u32::to_string).collect();
                number_code(section, &p.join("."))
            })
            .find(|c| self.out.groups.iter().any(|g| g.code == *c))
            .or_else(|| (!section.is_empty()).then(|| section.clone()))
    }

    /// The lines of the task of row `i`. A heading row that is also the task (its siblings
    /// are headings): the STT line is the heading, read as a group, and the lines under it
    /// the task.
    fn task_lines(
        &mut self,
        i: usize,
        path: &[u32],
        code: &str,
        parent_group: Option<String>,
    ) -> &'r [RLine] {
        let rows = self.rows;
        let row = &rows[i];
        let sibling_is_group = (0..rows.len()).any(|j| {
            j != i
                && self.section_of[j] == self.section_of[i]
                && self.is_group[j]
                && path_of(&rows[j]).is_some_and(|p| {
                    p.len() == path.len() && p[..p.len() - 1] == path[..path.len() - 1]
                })
        });
        if !(sibling_is_group
            && row.text_on_stt_line
            && row.lines.len() > 1
            && starts_upper(&row.lines[1].frag.text))
        {
            return &row.lines;
        }
        let heading = TaskGroup {
            code: code.to_owned(),
            section: self.section.clone(),
            title: row.lines[0].frag.text.clone(),
            parent: parent_group,
            lines: LineRange::new(row.start, row.end()),
        };
        self.push_group(heading, vec![row.lines[0].frag.clone()]);
        &row.lines[1..]
    }
}

/// Groups span through their last row.
fn span_groups(out: &mut TaskTable) {
    let ends: Vec<(String, usize)> = out
        .tasks
        .iter()
        .map(|t| (t.code.clone(), t.lines.end))
        .chain(out.groups.iter().map(|g| (g.code.clone(), g.lines.end)))
        .collect();
    for g in &mut out.groups {
        let prefix = format!("{}.", g.code);
        for (code, end) in &ends {
            if code.starts_with(&prefix) {
                g.lines.end = g.lines.end.max(*end);
            }
        }
    }
}

/// Without the "./." end marker, a last row cut short means the file is truncated.
fn check_not_truncated(out: &TaskTable, warnings: &mut Vec<Warning>) -> Result<(), PlanError> {
    let Some(last) = out.tasks.last() else {
        return Ok(());
    };
    let open_end = last
        .deliverables_text
        .trim_end()
        .ends_with([',', ';', '/', '-'])
        || ends_with_connector(&last.deliverables_text);
    if let Some(field) = last.missing.first() {
        return Err(PlanError::malformed(
            last.lines.end,
            field.as_str(),
            format!(
                "task {} stops before its {} and the table has no './.' end marker: the text looks truncated",
                last.code,
                field.as_str()
            ),
        ));
    }
    if open_end {
        return Err(PlanError::malformed(
            last.lines.end,
            "deliverables",
            format!(
                "task {} stops in the middle of its deliverables and the table has no './.' end marker: the text looks truncated",
                last.code
            ),
        ));
    }
    warnings.push(Warning::new(
        last.lines.end,
        "table",
        "the task table has no './.' end marker",
    ));
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn task(
    row: &Row,
    code: &str,
    section: &str,
    printed: &str,
    group: Option<String>,
    lines: &[RLine],
    w: Widths,
    warnings: &mut Vec<Warning>,
) -> Result<(Task, Vec<Frag>, Vec<Frag>), PlanError> {
    let c = cells(lines, w);
    let text = join(&c.text);
    if text.is_empty() {
        return Err(PlanError::malformed(
            row.start,
            "text",
            format!("task {code} has no task text"),
        ));
    }
    let lead = split_cell(&c.lead);
    let partners = split_cell(&c.partners);
    let deliverables_text = join(&c.deliverables);
    let deliverables = split_deliverables(&deliverables_text);
    let timeline = match &c.timeline {
        Some(m) => {
            if let Some(bad) = &m.bad_date {
                warnings.push(Warning::new(
                    c.timeline_lines.first().copied().unwrap_or(row.start),
                    "timeline",
                    format!("task {code}: {bad:?} is not a valid date"),
                ));
            }
            m.timeline.clone()
        }
        None => Timeline::missing(),
    };
    let mut missing = Vec::new();
    let mut miss = |field: TaskField, what: &str| {
        missing.push(field);
        warnings.push(Warning::new(
            row.start,
            field.as_str(),
            format!("task {code} has no {what} in the source"),
        ));
    };
    if lead.is_empty() {
        miss(TaskField::Lead, "lead agency");
    }
    if partners.is_empty() {
        miss(TaskField::Partners, "partner agencies");
    }
    if c.timeline.is_none() {
        miss(TaskField::Timeline, "timeline");
    }
    if deliverables.is_empty() {
        miss(TaskField::Deliverables, "deliverables");
    }
    let end = row.end();
    let task = Task {
        code: code.to_owned(),
        section: section.to_owned(),
        number: printed.to_owned(),
        group,
        text,
        lead,
        partners,
        timeline,
        deliverables,
        deliverables_text,
        missing,
        lines: LineRange::new(row.start, end),
    };
    Ok((task, c.text, c.deliverables))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deliverables_split_on_alternatives_only() {
        assert_eq!(
            split_deliverables("Các văn bản triển khai/Các mô hình ứng dụng thực tế"),
            ["Các văn bản triển khai", "Các mô hình ứng dụng thực tế"]
        );
        assert_eq!(
            split_deliverables("Kế hoạch thực hiện Kế hoạch 55-KH/TU của các sở, ngành"),
            ["Kế hoạch thực hiện Kế hoạch 55-KH/TU của các sở, ngành"]
        );
        assert_eq!(
            split_deliverables("Đề án/ Dự án/Kế hoạch /Chương trình"),
            ["Đề án", "Dự án", "Kế hoạch", "Chương trình"]
        );
        assert_eq!(
            split_deliverables("Chuỗi giá trị dược liệu."),
            ["Chuỗi giá trị dược liệu"]
        );
        assert_eq!(
            split_deliverables("Quyết định điều chỉnh,...."),
            ["Quyết định điều chỉnh,...."]
        );
    }

    #[test]
    fn slashes_in_numbers_are_not_alternatives() {
        assert!(!has_alternative_slash("NQ/TW và Kế hoạch số 55-KH/TU."));
        assert!(!has_alternative_slash("Trước ngày 15/6/2026."));
        assert!(has_alternative_slash("khai/Các mô hình"));
    }
}
