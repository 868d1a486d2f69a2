//! The body: title, preamble and issuer, the clauses, the signature, the reporting duty.
//!
//! Clauses are anchored on their numbering (roman parts in capitals, "1.", "2.2.1.", "(n)",
//! bullets "- "), each number checked against the numbering so far. Blank lines are not
//! paragraph breaks (the conversion puts them inside sentences): an unnumbered paragraph starts
//! with a capital after a line that ends a sentence, or right after a short heading line.

use std::sync::LazyLock;

use regex::Regex;

use super::agency::{agency_ref, is_agency_start};
use super::model::{AgencyRef, Clause, ClauseKind, ClauseRole, LineRange, ReportingDuty, Warning};
use super::text::{
    Frag, Joined, clean, ends_sentence, fold, join, roman_value, starts_upper, valid_next, width,
};

static PART: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?P<r>[IVXL]{1,5})\.\s*(?P<t>\S.*)$").expect("part pattern"));
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<n>[1-9]\d?(?:\.[1-9]\d?)*)\.\s*(?P<t>\p{Lu}.*)$").expect("numbered pattern")
});
static ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\((?P<n>\d{1,3})\)\s*(?P<t>.*)$").expect("item pattern"));
static BULLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[-–•+]\s+(?P<t>\S.*)$").expect("bullet pattern"));
static BARE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,3}$").expect("number pattern"));
static ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[,;)]\s*)(?P<who>[^,;()]+?)\s+ban\s+hành\b").expect("issuer pattern")
});
static REPORTING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?P<freq>(?:hằng|hàng)\s+(?:năm|quý|tháng)|(?:định\s+kỳ\s+)?(?:06|6)\s+tháng)[^.;]*?báo\s+cáo[^.;]*?\svề\s+(?P<to>[^.;]+?)\s+trước\s+ngày\s+(?P<d>\d{1,2})(?:\s+tháng\s+|\s*/\s*)(?P<m>\d{1,2})\b",
    )
    .expect("reporting pattern")
});
static SIGNATURE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:KT|TM|TL|TUQ|Q)\.\s*\p{Lu}").expect("signature pattern"));

/// What the body holds.
#[derive(Debug, Default)]
pub(crate) struct Body {
    pub(crate) title: String,
    pub(crate) issuer: Option<AgencyRef>,
    pub(crate) signer: Option<String>,
    pub(crate) clauses: Vec<Clause>,
    pub(crate) reporting: Option<ReportingDuty>,
    /// Texts to scan for citations (title, then each clause), in document order.
    pub(crate) texts: Vec<Vec<Frag>>,
}

/// A clause being read.
#[derive(Debug, Clone)]
struct Draft {
    code: String,
    parent: Option<usize>,
    kind: ClauseKind,
    /// The numbering path of a numbered clause.
    path: Option<Vec<u32>>,
    /// The roman value of a part.
    part: Option<u32>,
    frags: Vec<Frag>,
    start: usize,
    bullets: u32,
    paras: u32,
    items: u32,
    has_children: bool,
}

impl Draft {
    fn new(code: String, parent: Option<usize>, kind: ClauseKind, first: Frag) -> Self {
        Self {
            code,
            parent,
            kind,
            path: None,
            part: None,
            start: first.line,
            frags: vec![first],
            bullets: 0,
            paras: 0,
            items: 0,
            has_children: false,
        }
    }

    fn text(&self) -> String {
        join(&self.frags)
    }

    fn end(&self) -> usize {
        self.frags.last().map_or(self.start, |f| f.line)
    }
}

/// Whether `t` is a part heading: a roman numeral and a heading without lowercase letters.
fn part_heading(t: &str) -> Option<(String, u32, String)> {
    let c = PART.captures(t)?;
    let heading = c["t"].trim().to_owned();
    if !heading.chars().any(char::is_alphabetic) || heading.chars().any(char::is_lowercase) {
        return None;
    }
    Some((c["r"].to_owned(), roman_value(&c["r"])?, heading))
}

fn sentence_case(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn lower_first(s: &str) -> String {
    if is_agency_start(s) {
        return s.to_owned();
    }
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let second_upper = chars.clone().next().is_some_and(char::is_uppercase);
    if second_upper {
        // an acronym
        return s.to_owned();
    }
    first.to_lowercase().chain(chars).collect()
}

fn first_words(s: &str, n: usize) -> Vec<String> {
    fold(s)
        .split_whitespace()
        .take(n)
        .map(str::to_owned)
        .collect()
}

/// Reads the body, lines `1..end` of `lines` (`lines[0]` is line 1).
pub(crate) fn parse_body(lines: &[String], end: usize, warnings: &mut Vec<Warning>) -> Body {
    let last = end.saturating_sub(1).min(lines.len());
    let text = |no: usize| clean(&lines[no - 1]);
    let mut body = Body::default();

    // Where the clauses end: the distribution list or the signature.
    let body_end = (1..=last)
        .find(|&no| {
            let t = text(no);
            fold(&t).starts_with("noi nhan") || SIGNATURE.is_match(&t)
        })
        .map_or(last, |no| no - 1);
    let first_part = (1..=body_end).find(|&no| part_heading(&text(no)).is_some());

    // The title: "KẾ HOẠCH" and the subtitle under it, up to the preamble.
    let scan_to = first_part.unwrap_or(body_end);
    let heading = (1..=scan_to).find(|&no| fold(&text(no)) == "ke hoach");
    let mut clauses_from = 1;
    if let Some(h) = heading {
        let sub_first = (h + 1..scan_to).find(|&no| !text(no).is_empty());
        let mut title_frags = Vec::new();
        if let Some(s) = sub_first {
            let key = first_words(&text(s), 4);
            let preamble = (s + 1..scan_to)
                .find(|&no| {
                    let t = text(no);
                    !t.is_empty() && (fold(&t).starts_with("can cu") || first_words(&t, 4) == key)
                })
                .or_else(|| {
                    (s + 1..scan_to)
                        .find(|&no| text(no).is_empty())
                        .map(|b| b + 1)
                })
                .unwrap_or(scan_to);
            title_frags = (s..preamble)
                .filter(|&no| !text(no).is_empty())
                .map(|no| Frag::new(no, &text(no)))
                .collect();
            clauses_from = preamble;
        } else {
            clauses_from = h + 1;
        }
        let sub = join(&title_frags);
        body.title = if sub.is_empty() {
            sentence_case(&text(h))
        } else {
            format!("{} {}", sentence_case(&text(h)), lower_first(&sub))
        };
        body.texts.push(title_frags);
    } else if let Some(no) = (1..=scan_to).find(|&no| !text(no).is_empty()) {
        body.title = text(no);
        clauses_from = no + 1;
    }

    // The signer: the first name-cased line under the signature block.
    body.signer = (body_end + 1..=last)
        .find(|&no| SIGNATURE.is_match(&text(no)))
        .and_then(|sig| {
            (sig + 1..=last).map(text).find(|t| {
                !t.is_empty()
                    && t.chars().any(char::is_lowercase)
                    && t.split_whitespace().count() <= 6
            })
        });

    let mut drafts = read_clauses(lines, clauses_from, body_end, warnings);
    finish(&mut drafts);

    // The issuer, from the preamble (the paragraphs before the first part).
    body.issuer = drafts
        .iter()
        .take_while(|d| d.kind == ClauseKind::Paragraph && d.parent.is_none())
        .find_map(|d| {
            let t = d.text();
            ISSUER
                .captures_iter(&t)
                .map(|c| c["who"].trim().to_owned())
                .find(|who| is_agency_start(who))
                .map(|who| agency_ref(&who))
        });

    body.clauses = to_clauses(&drafts);
    body.texts.extend(drafts.iter().map(|d| d.frags.clone()));
    body.reporting = reporting(&drafts, &mut body.clauses);
    body
}

/// Reads the clauses of lines `from..=to`.
fn read_clauses(
    lines: &[String],
    from: usize,
    to: usize,
    warnings: &mut Vec<Warning>,
) -> Vec<Draft> {
    let mut reader = ClauseReader {
        long_line: long_line(lines, from, to),
        warnings,
        drafts: Vec::new(),
        part: None,
        stack: Vec::new(),
        cur: None,
        top_paras: 0,
        blank_before: false,
        prev: None,
    };
    for no in from..=to {
        let t = clean(&lines[no - 1]);
        if t.is_empty() {
            reader.blank_before = true;
            continue;
        }
        // A page number: a bare number alone between blank lines.
        let blank = |no: usize| clean(&lines[no - 1]).is_empty();
        let isolated = no > 1 && no < lines.len() && blank(no - 1) && blank(no + 1);
        if isolated && BARE_NUMBER.is_match(&t) {
            continue;
        }
        reader.line(no, &t);
    }
    let mut drafts = reader.drafts;
    detach_closing(&mut drafts);
    drafts
}

/// How wide a line must be to be a full line of running text (not a short heading): four
/// fifths of the 90th percentile width of the non-empty lines `from..=to`.
fn long_line(lines: &[String], from: usize, to: usize) -> usize {
    let mut w: Vec<usize> = (from..=to)
        .map(|no| width(&clean(&lines[no - 1])))
        .filter(|&w| w > 0)
        .collect();
    w.sort_unstable();
    w.get(w.len() * 9 / 10).copied().unwrap_or(80) * 4 / 5
}

/// The clauses read so far and where the reading stands.
struct ClauseReader<'w> {
    warnings: &'w mut Vec<Warning>,
    long_line: usize,
    drafts: Vec<Draft>,
    /// The current part.
    part: Option<usize>,
    /// The open numbered clauses, outermost first.
    stack: Vec<usize>,
    /// The clause the last line went into.
    cur: Option<usize>,
    /// Unnumbered paragraphs and bullets outside any clause so far.
    top_paras: u32,
    blank_before: bool,
    prev: Option<Frag>,
}

impl ClauseReader<'_> {
    /// Reads one non-empty line `t`, line `no`.
    fn line(&mut self, no: usize, t: &str) {
        let started = self.part_heading(no, t)
            || self.numbered(no, t)
            || self.item(no, t)
            || self.bullet(no, t);
        if !started {
            self.paragraph(no, t);
        }
        self.prev = Some(Frag::new(no, t));
        self.blank_before = false;
    }

    /// The clause new clauses go under: the innermost numbered clause, or else the part.
    fn container(&self) -> Option<usize> {
        self.stack.last().copied().or(self.part)
    }

    fn push(&mut self, draft: Draft) {
        self.drafts.push(draft);
        self.cur = Some(self.drafts.len() - 1);
    }

    fn prev_text(&self) -> String {
        self.prev
            .as_ref()
            .map(|f| f.text.clone())
            .unwrap_or_default()
    }

    /// Whether the last line was the first line of a part or a numbered clause.
    fn on_heading_line(&self) -> bool {
        self.cur.is_some_and(|i| {
            let c = &self.drafts[i];
            (c.kind == ClauseKind::Part || c.path.is_some()) && c.frags.len() == 1
        })
    }

    /// A part, if `t` is one that can come next.
    fn part_heading(&mut self, no: usize, t: &str) -> bool {
        let d = &self.drafts;
        let current_part = self.part.and_then(|p| d[p].part).unwrap_or(0);
        let Some((r, value, heading)) = part_heading(t).filter(|p| p.1 <= current_part + 2) else {
            return false;
        };
        let mut code = r.clone();
        for suffix in ["bis", "ter", "quater"] {
            if !d.iter().any(|c| c.code == code) {
                break;
            }
            code = format!("{r}{suffix}");
        }
        if code != r {
            self.warnings.push(Warning::new(
                no,
                "clause",
                format!("part {r} is numbered twice: {heading:?} is read as {code}"),
            ));
        }
        let mut c = Draft::new(code, None, ClauseKind::Part, Frag::new(no, &heading));
        c.part = Some(value);
        self.push(c);
        self.part = self.cur;
        self.stack.clear();
        true
    }

    /// A numbered clause, if `t` is one that can come next.
    fn numbered(&mut self, no: usize, t: &str) -> bool {
        let d = &mut self.drafts;
        let path_now: Vec<u32> = self
            .stack
            .last()
            .and_then(|&i| d[i].path.clone())
            .unwrap_or_default();
        let Some(c) = NUMBERED.captures(t) else {
            return false;
        };
        let path: Vec<u32> = c["n"].split('.').filter_map(|p| p.parse().ok()).collect();
        if !valid_next(&path_now, &path) {
            return false;
        }
        while self.stack.last().is_some_and(|&i| {
            d[i].path
                .as_ref()
                .is_none_or(|p| !path.starts_with(p) || p.len() >= path.len())
        }) {
            self.stack.pop();
        }
        let parent = self.stack.last().copied().or(self.part);
        let code = match parent.and(self.part) {
            Some(p) => format!("{}.{}", d[p].code, &c["n"]),
            None => c["n"].to_owned(),
        };
        if let Some(p) = parent {
            d[p].has_children = true;
        }
        let mut n = Draft::new(code, parent, ClauseKind::Item, Frag::new(no, &c["t"]));
        n.path = Some(path);
        self.push(n);
        self.stack.push(self.drafts.len() - 1);
        true
    }

    /// An item "(n)".
    fn item(&mut self, no: usize, t: &str) -> bool {
        let Some(c) = ITEM.captures(t) else {
            return false;
        };
        let parent = self.container();
        let n: u32 = c["n"].parse().unwrap_or(0);
        let d = &mut self.drafts;
        let code = match parent {
            Some(p) => format!("{}.({n})", d[p].code),
            None => format!("({n})"),
        };
        if let Some(p) = parent {
            let expected = d[p].items + 1;
            if n != expected {
                self.warnings.push(Warning::new(
                    no,
                    "clause",
                    format!("item ({n}) follows item ({})", expected - 1),
                ));
            }
            d[p].items = n;
            d[p].has_children = true;
        }
        let item = Draft::new(code, parent, ClauseKind::Item, Frag::new(no, &c["t"]));
        self.push(item);
        true
    }

    /// A bullet, if it starts after a sentence, a heading or nothing.
    fn bullet(&mut self, no: usize, t: &str) -> bool {
        let Some(c) = BULLET.captures(t) else {
            return false;
        };
        let after = self.prev_text().trim_end().ends_with(['.', ':', ';'])
            || self.on_heading_line()
            || self.cur.is_none();
        if !after {
            return false;
        }
        let parent = self.container();
        self.push_unnumbered(parent, ClauseKind::Bullet, Frag::new(no, &c["t"]));
        true
    }

    /// An unnumbered paragraph, or else the next line of the current clause.
    fn paragraph(&mut self, no: usize, t: &str) {
        let d = &self.drafts;
        let prev_text = self.prev_text();
        let starts = starts_upper(t) || t.starts_with('(');
        let in_item = self.cur.is_some_and(|i| {
            matches!(d[i].kind, ClauseKind::Item | ClauseKind::Bullet) && d[i].path.is_none()
        });
        let after_sentence = ends_sentence(&prev_text) || prev_text.ends_with("./.");
        let after_short_heading = self.on_heading_line()
            && width(&prev_text) < self.long_line
            && !prev_text.trim_end().ends_with([',', ';', '-']);
        let new_paragraph = self.cur.is_none()
            || (starts && after_sentence && (self.blank_before || !in_item))
            || (starts && after_short_heading);
        if !new_paragraph {
            if let Some(i) = self.cur {
                self.drafts[i].frags.push(Frag::new(no, t));
            }
            return;
        }
        let parent = self.cur.and_then(|i| {
            let c = &d[i];
            match c.kind {
                ClauseKind::Part => Some(i),
                _ if c.path.is_some() => {
                    let t = c.text();
                    if t.trim_end().ends_with('.') {
                        c.parent
                    } else {
                        Some(i)
                    }
                }
                _ => c.parent,
            }
        });
        self.push_unnumbered(parent, ClauseKind::Paragraph, Frag::new(no, t));
    }

    /// Adds a bullet or a paragraph under `parent`, numbered among its siblings of that kind
    /// (at the top, bullets and paragraphs are numbered together).
    fn push_unnumbered(&mut self, parent: Option<usize>, kind: ClauseKind, first: Frag) {
        let letter = if kind == ClauseKind::Bullet { 'b' } else { 'p' };
        let code = match parent {
            Some(p) => {
                let p = &mut self.drafts[p];
                p.has_children = true;
                let n = if kind == ClauseKind::Bullet {
                    p.bullets += 1;
                    p.bullets
                } else {
                    p.paras += 1;
                    p.paras
                };
                format!("{}.{letter}{n}", p.code)
            }
            None => {
                self.top_paras += 1;
                format!("{letter}{}", self.top_paras)
            }
        };
        self.push(Draft::new(code, parent, kind, first));
    }
}

/// The closing paragraph ("Trên đây là … ./.") belongs to no part.
fn detach_closing(d: &mut [Draft]) {
    if let Some(last) = d.last()
        && last.kind == ClauseKind::Paragraph
        && last.parent.is_some()
        && last.text().ends_with("./.")
    {
        let n = d
            .iter()
            .filter(|c| c.parent.is_none() && c.kind == ClauseKind::Paragraph)
            .count()
            + 1;
        let last = d.last_mut().expect("a clause");
        last.parent = None;
        last.code = format!("p{n}");
    }
}

fn role_of(c: &Draft) -> Option<ClauseRole> {
    let h = fold(&c.text());
    match c.kind {
        ClauseKind::Part => {
            let has = |w: &str| h.contains(w);
            Some(if has("muc dich") && has("yeu cau") {
                ClauseRole::PurposeAndRequirement
            } else if has("muc dich") {
                ClauseRole::Purpose
            } else if has("yeu cau") {
                ClauseRole::Requirement
            } else if has("tam nhin") {
                ClauseRole::Vision
            } else if has("muc tieu") {
                ClauseRole::Objectives
            } else if has("nhiem vu") {
                ClauseRole::Tasks
            } else if has("kinh phi") {
                ClauseRole::Funding
            } else if has("to chuc thuc hien") {
                ClauseRole::Organisation
            } else {
                return None;
            })
        }
        ClauseKind::Heading => {
            let starts = |w: &str| h.starts_with(w);
            Some(if starts("muc dich") {
                ClauseRole::Purpose
            } else if starts("yeu cau") {
                ClauseRole::Requirement
            } else if starts("muc tieu chung") {
                ClauseRole::GeneralObjective
            } else if starts("muc tieu cu the") {
                ClauseRole::SpecificObjective
            } else if starts("tam nhin") {
                ClauseRole::Vision
            } else if starts("kinh phi") {
                ClauseRole::Funding
            } else if starts("to chuc thuc hien") {
                ClauseRole::Organisation
            } else {
                return None;
            })
        }
        _ => None,
    }
}

/// Numbered clauses with clauses under them are headings.
fn finish(d: &mut [Draft]) {
    for c in d.iter_mut() {
        if c.path.is_some() && c.has_children {
            c.kind = ClauseKind::Heading;
        }
    }
}

fn to_clauses(d: &[Draft]) -> Vec<Clause> {
    // Parts and headings span through their last descendant.
    let mut ends: Vec<usize> = d.iter().map(Draft::end).collect();
    for i in (0..d.len()).rev() {
        if let Some(p) = d[i].parent {
            ends[p] = ends[p].max(ends[i]);
        }
    }
    let roles: Vec<Option<ClauseRole>> = d.iter().map(role_of).collect();
    d.iter()
        .enumerate()
        .map(|(i, c)| {
            let text = c.text();
            let is_heading = matches!(c.kind, ClauseKind::Part | ClauseKind::Heading);
            let under_specific = c.path.is_none()
                && c.kind == ClauseKind::Item
                && c.parent
                    .is_some_and(|p| roles[p] == Some(ClauseRole::SpecificObjective));
            let target_number = under_specific
                .then(|| {
                    c.code
                        .rsplit_once(".(")
                        .map(|(_, n)| n.trim_end_matches(')').to_owned())
                })
                .flatten();
            Clause {
                code: c.code.clone(),
                parent: c.parent.map(|p| d[p].code.clone()),
                kind: c.kind,
                heading: is_heading.then(|| text.clone()),
                text,
                role: roles[i],
                target_number,
                task_code: None,
                is_narrative_task: false,
                lines: LineRange::new(c.start, ends[i]),
            }
        })
        .collect()
}

/// The reporting duty: "Định kỳ hằng năm báo cáo … về <agency> trước ngày 15 tháng 11".
fn reporting(d: &[Draft], clauses: &mut [Clause]) -> Option<ReportingDuty> {
    for (i, c) in d.iter().enumerate() {
        let j = Joined::new(&c.frags);
        let Some(m) = REPORTING.captures(&j.text) else {
            continue;
        };
        let whole = m.get(0)?;
        let frequency = match fold(&m["freq"]) {
            f if f.ends_with("nam") => "annual",
            f if f.ends_with("quy") => "quarterly",
            f if f.starts_with("hang") => "monthly",
            _ => "semiannual",
        };
        let due_day: u8 = m["d"].parse().ok()?;
        let due_month: u8 = m["m"].parse().ok()?;
        if !(1..=12).contains(&due_month) || !(1..=31).contains(&due_day) {
            continue;
        }
        let to = m["to"].trim();
        if !is_agency_start(to) {
            continue;
        }
        // The sentence around the match.
        let start = j.text[..whole.start()].rfind(". ").map_or(0, |p| p + 2);
        let end = j.text[whole.end()..]
            .find(". ")
            .map_or(j.text.len(), |p| whole.end() + p + 1);
        let text = j.text[start..end].trim().to_owned();
        if clauses[i].role.is_none() {
            clauses[i].role = Some(ClauseRole::Reporting);
        }
        return Some(ReportingDuty {
            frequency: frequency.to_owned(),
            recipient: agency_ref(to),
            due_month,
            due_day,
            text,
            lines: LineRange::new(j.line_at(start), j.line_at(end.saturating_sub(1))),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_case() {
        assert_eq!(sentence_case("KẾ HOẠCH"), "Kế hoạch");
        assert_eq!(lower_first("Thực hiện Kế hoạch"), "thực hiện Kế hoạch");
        assert_eq!(lower_first("Ủy ban nhân dân"), "Ủy ban nhân dân");
    }

    #[test]
    fn parts_are_capitalised() {
        assert!(part_heading("I. MỤC ĐÍCH, YÊU CẦU").is_some());
        assert!(part_heading("I. Mục đích").is_none());
        assert_eq!(part_heading("IV. TỔ CHỨC THỰC HIỆN").map(|p| p.1), Some(4));
    }
}
