//! The typed plan: what [`parse_plan`](super::parse_plan) recovers from the text.
//!
//! Every item keeps the 1-based, inclusive line range of the input file it was read from, so
//! the graph can point back to the exact place in the plan.

use serde::{Serialize, Serializer};

/// A plan in the official layout: body, targets (PHỤ LỤC 01) and task table (PHỤ LỤC 02).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// The document title: the "KẾ HOẠCH" heading and the subtitle lines under it, joined.
    pub title: String,
    /// The body that issues the plan, from the preamble ("…, Ủy ban nhân dân tỉnh Lào Cai ban
    /// hành Kế hoạch"); `None` when the preamble names none.
    pub issuer: Option<AgencyRef>,
    /// The name under the signature block ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"), if printed.
    pub signer: Option<String>,
    /// The whole document.
    pub lines: LineRange,
    /// The body (everything before the first appendix), in document order.
    pub clauses: Vec<Clause>,
    /// The rows of the targets appendix (PHỤ LỤC 01), in order.
    pub targets: Vec<Target>,
    /// The heading rows of the task appendix (PHỤ LỤC 02): sections and sub-headings.
    pub task_groups: Vec<TaskGroup>,
    /// The task rows of the task appendix (PHỤ LỤC 02), in order.
    pub tasks: Vec<Task>,
    /// Legal documents cited anywhere, one per document number, in order of first citation.
    pub legal_refs: Vec<LegalRef>,
    /// The duty to report on the plan's progress, if the text states one.
    pub reporting: Option<ReportingDuty>,
    /// What the source lacks or what could not be read with certainty.
    pub warnings: Vec<Warning>,
}

impl Plan {
    /// The task row with this code ("II.2.2.7"), if any.
    pub fn task(&self, code: &str) -> Option<&Task> {
        self.tasks.iter().find(|t| t.code == code)
    }

    /// The target with this number ("10"), if any.
    pub fn target(&self, number: &str) -> Option<&Target> {
        self.targets.iter().find(|t| t.number == number)
    }

    /// The task group with this code ("II.2.1"), if any.
    pub fn task_group(&self, code: &str) -> Option<&TaskGroup> {
        self.task_groups.iter().find(|g| g.code == code)
    }

    /// The body clause with this code ("III.2.2.1.(7)"), if any.
    pub fn clause(&self, code: &str) -> Option<&Clause> {
        self.clauses.iter().find(|c| c.code == code)
    }

    /// Every distinct agency or group named anywhere in the plan (issuer, targets, tasks,
    /// reporting duty), one per key, sorted by key.
    pub fn agencies(&self) -> Vec<AgencyRef> {
        let mut all: Vec<AgencyRef> = Vec::new();
        let mut push = |a: &AgencyRef| {
            if !all.iter().any(|b| b.key == a.key) {
                all.push(a.clone());
            }
        };
        self.issuer.iter().for_each(&mut push);
        for t in &self.targets {
            t.lead.iter().chain(&t.monitor).for_each(&mut push);
        }
        for t in &self.tasks {
            t.lead.iter().chain(&t.partners).for_each(&mut push);
        }
        if let Some(r) = &self.reporting {
            push(&r.recipient);
        }
        all.sort_by(|a, b| a.key.cmp(&b.key));
        all
    }
}

/// A 1-based, inclusive range of line numbers of the input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineRange {
    /// First line.
    pub start: usize,
    /// Last line (inclusive).
    pub end: usize,
}

impl LineRange {
    /// The range `start..=end`.
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }
}

/// One clause of the body.
///
/// Codes are hierarchical and stable:
/// - a part keeps its roman numeral (`"I"`, `"IV"`); a numeral printed twice gets `bis`
///   (`"IIIbis"`) and a warning;
/// - a numbered clause is the part's code, a dot and the number as printed without its final
///   dot (`"I.1"`, `"III.2.2.1"`);
/// - an item `(n)` is its parent's code followed by `.(n)` (`"II.2.(7)"`);
/// - the k-th bullet or unnumbered paragraph of a parent is `.bk` / `.pk` (`"I.1.b2"`,
///   `"III.p1"`); paragraphs outside any part (the preamble, the closing) are `"p1"`, `"p2"`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clause {
    /// Stable hierarchical code (see the type's docs).
    pub code: String,
    /// Code of the enclosing clause, `None` at the top.
    pub parent: Option<String>,
    /// What kind of clause this is.
    pub kind: ClauseKind,
    /// The heading text of a part or heading, as printed without its number.
    pub heading: Option<String>,
    /// The clause's own text (without its number or bullet), lines joined, NFC.
    pub text: String,
    /// The role of a part or heading, detected from its heading words; `Reporting` on the clause
    /// that states the reporting duty.
    pub role: Option<ClauseRole>,
    /// For an item under the specific objectives: its number, which is the target's number.
    pub target_number: Option<String>,
    /// For a narrative task: the code of the PHỤ LỤC 02 row that implements it, when that row
    /// exists and its text agrees.
    pub task_code: Option<String>,
    /// Whether this is a task item of the body's tasks part.
    pub is_narrative_task: bool,
    /// Lines of the clause; for a part or heading, through its last descendant.
    pub lines: LineRange,
}

/// The kind of a body clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClauseKind {
    /// A roman-numbered part ("I. MỤC ĐÍCH, YÊU CẦU").
    Part,
    /// A numbered clause with clauses under it ("1. Mục đích", "2.2.1. Trong sản xuất…").
    Heading,
    /// An item "(n) …", or a numbered clause that is content itself ("1.1. Tổ chức …").
    Item,
    /// A bullet "- …".
    Bullet,
    /// An unnumbered paragraph.
    Paragraph,
}

impl ClauseKind {
    /// `"part"`, `"heading"`, `"item"`, `"bullet"` or `"paragraph"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Part => "part",
            Self::Heading => "heading",
            Self::Item => "item",
            Self::Bullet => "bullet",
            Self::Paragraph => "paragraph",
        }
    }
}

/// What a part or heading of the body is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClauseRole {
    /// "Mục đích".
    Purpose,
    /// "Yêu cầu".
    Requirement,
    /// A part about both ("MỤC ĐÍCH, YÊU CẦU").
    PurposeAndRequirement,
    /// The objectives part ("MỤC TIÊU").
    Objectives,
    /// "Mục tiêu chung".
    GeneralObjective,
    /// "Mục tiêu cụ thể"; its items are the targets.
    SpecificObjective,
    /// "Tầm nhìn".
    Vision,
    /// The tasks part ("NHIỆM VỤ, GIẢI PHÁP").
    Tasks,
    /// "KINH PHÍ".
    Funding,
    /// "TỔ CHỨC THỰC HIỆN".
    Organisation,
    /// The clause that states the reporting duty.
    Reporting,
}

impl ClauseRole {
    /// The role as a snake_case word: `"purpose"`, `"specific_objective"`, …
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Purpose => "purpose",
            Self::Requirement => "requirement",
            Self::PurposeAndRequirement => "purpose_and_requirement",
            Self::Objectives => "objectives",
            Self::GeneralObjective => "general_objective",
            Self::SpecificObjective => "specific_objective",
            Self::Vision => "vision",
            Self::Tasks => "tasks",
            Self::Funding => "funding",
            Self::Organisation => "organisation",
            Self::Reporting => "reporting",
        }
    }
}

/// One row of the targets appendix (PHỤ LỤC 01), with all its sub-rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// The STT as printed ("1".."12").
    pub number: String,
    /// The target text as printed; the sub-row texts joined with a space.
    pub title: String,
    /// One indicator per sub-row that prints a value.
    pub indicators: Vec<Indicator>,
    /// "Cơ quan, đơn vị, chủ trì thực hiện".
    pub lead: Vec<AgencyRef>,
    /// "Cơ quan theo dõi, tổng hợp".
    pub monitor: Vec<AgencyRef>,
    /// From the first line of the first sub-row to the last line of the last one.
    pub lines: LineRange,
}

/// A target value ("≥ 20%").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    /// `≥` or nothing printed.
    pub comparator: Comparator,
    /// The number.
    pub value: f64,
    /// `"%"`, `"count"` for a bare number, or the unit printed after the number ("ha").
    pub unit: String,
    /// The value as printed, trimmed ("≥ 20%", "≥20", "100%").
    pub text: String,
    /// The sub-row text when the target has several indicators, `None` otherwise.
    pub label: Option<String>,
    /// Lines of the sub-row the value belongs to.
    pub lines: LineRange,
}

/// How a target value compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    /// At least ("≥", ">=", "ít nhất", "tối thiểu").
    Ge,
    /// Exactly (no comparator printed).
    Eq,
}

impl Comparator {
    /// `">="` or `"="`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Ge => ">=",
            Self::Eq => "=",
        }
    }
}

/// A heading row of the task appendix: a section (I, II, III) or a numbered sub-heading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskGroup {
    /// Section roman numeral, then the number as printed: "II", "II.2.1".
    pub code: String,
    /// "I", "II" or "III".
    pub section: String,
    /// The heading text as printed, joined.
    pub title: String,
    /// Code of the enclosing group, `None` for a section.
    pub parent: Option<String>,
    /// From the heading line to the last line of its last row.
    pub lines: LineRange,
}

/// A task row of the task appendix (PHỤ LỤC 02).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Task {
    /// Section roman numeral, a dot and the STT: "I.1", "II.2.2.7", "III.4".
    pub code: String,
    /// "I", "II" or "III".
    pub section: String,
    /// The STT as printed: "1", "1.3", "2.2.7".
    pub number: String,
    /// Code of the enclosing task group.
    pub group: Option<String>,
    /// "Nhiệm vụ cụ thể", joined, wrapped words rejoined.
    pub text: String,
    /// "Cơ quan chủ trì".
    pub lead: Vec<AgencyRef>,
    /// "Cơ quan phối hợp".
    pub partners: Vec<AgencyRef>,
    /// "Thời gian thực hiện".
    pub timeline: Timeline,
    /// "Sản phẩm/Kết quả" split into alternatives on "/".
    pub deliverables: Vec<String>,
    /// "Sản phẩm/Kết quả" as printed, joined.
    pub deliverables_text: String,
    /// Fields the source does not give for this row.
    pub missing: Vec<TaskField>,
    /// From the STT line to the last line of the row, continuation after a page break included.
    pub lines: LineRange,
}

/// A cell of a task row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskField {
    /// "Cơ quan chủ trì".
    Lead,
    /// "Cơ quan phối hợp".
    Partners,
    /// "Thời gian thực hiện".
    Timeline,
    /// "Sản phẩm/Kết quả".
    Deliverables,
}

impl TaskField {
    /// `"lead"`, `"partners"`, `"timeline"` or `"deliverables"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Lead => "lead",
            Self::Partners => "partners",
            Self::Timeline => "timeline",
            Self::Deliverables => "deliverables",
        }
    }
}

/// When a task is to be done.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    /// The shape of the timeline.
    pub kind: TimelineKind,
    /// As printed, joined ("Trước ngày 15/6/2026."); empty when missing.
    pub text: String,
    /// For a deadline: the date.
    pub deadline: Option<PartialDate>,
    /// For "from", "annual … from", a period: the start.
    pub start: Option<PartialDate>,
    /// For a period: the end.
    pub end: Option<PartialDate>,
}

impl Timeline {
    /// The timeline of a row that prints none.
    pub fn missing() -> Self {
        Self {
            kind: TimelineKind::Missing,
            text: String::new(),
            deadline: None,
            start: None,
            end: None,
        }
    }
}

/// The shape of a timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimelineKind {
    /// "Trước ngày 15/6/2026."; also a single month, quarter or year ("Tháng 6/2026").
    Deadline,
    /// "Từ tháng 3/2026".
    From,
    /// "Hằng năm", "Hằng năm từ tháng 3/2026" (with a start).
    Annual,
    /// "2026-2030", "Từ năm 2026 đến năm 2030".
    Period,
    /// "Thường xuyên" (also monthly or quarterly recurrences).
    Ongoing,
    /// Not printed.
    Missing,
}

impl TimelineKind {
    /// `"deadline"`, `"from"`, `"annual"`, `"period"`, `"ongoing"` or `"missing"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Deadline => "deadline",
            Self::From => "from",
            Self::Annual => "annual",
            Self::Period => "period",
            Self::Ongoing => "ongoing",
            Self::Missing => "missing",
        }
    }
}

/// A date known to the year, the month or the day. Serialised as its ISO form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PartialDate {
    /// A year.
    Year(i32),
    /// A year and a month (1-12).
    YearMonth(i32, u8),
    /// A year, a month (1-12) and a day (1-31).
    Date(i32, u8, u8),
}

impl PartialDate {
    /// `"2026"`, `"2026-03"` or `"2026-06-15"`.
    pub fn iso(&self) -> String {
        match self {
            Self::Year(y) => format!("{y:04}"),
            Self::YearMonth(y, m) => format!("{y:04}-{m:02}"),
            Self::Date(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

/// An agency or a group of agencies named in a cell or in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgencyRef {
    /// Display name: the spelling printed most often in the document for this key (ties: the
    /// first seen), whitespace collapsed, trailing "." ";" "," removed.
    pub name: String,
    /// Stable slug of the folded name: lowercase, no diacritics, "đ" as "d", other characters
    /// as "-" ("so-khoa-hoc-va-cong-nghe").
    pub key: String,
    /// One real body, or a generic collective.
    pub kind: AgencyKind,
}

/// Whether an [`AgencyRef`] is one body or a collective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    /// One real body ("Sở Y tế", "Công an tỉnh").
    Agency,
    /// A generic collective ("Các sở, ngành", "Uỷ ban nhân dân cấp xã, phường", "địa phương").
    Group,
}

impl AgencyKind {
    /// `"agency"` or `"group"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Agency => "agency",
            Self::Group => "group",
        }
    }
}

/// A legal document cited by the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LegalRef {
    /// The document number as printed ("55-KH/TU", "189/NQ-CP").
    pub number: String,
    /// The document type as printed, capitalised ("Kế hoạch", "Nghị quyết").
    pub doc_type: String,
    /// The date of the document, when a citation gives it.
    pub date: Option<PartialDate>,
    /// The issuing body, when a citation gives it; of spellings that differ only in case, the
    /// one with the most capitalised words ("Bộ Chính trị").
    pub issuer: Option<String>,
    /// The first line of each citation, ascending.
    pub lines: Vec<usize>,
}

/// The duty to report on the plan's progress.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportingDuty {
    /// `"annual"`, `"semiannual"`, `"quarterly"` or `"monthly"`.
    pub frequency: String,
    /// Who receives the reports.
    pub recipient: AgencyRef,
    /// Month of the yearly due date.
    pub due_month: u8,
    /// Day of the due date.
    pub due_day: u8,
    /// The sentence that states the duty.
    pub text: String,
    /// Lines of that sentence.
    pub lines: LineRange,
}

/// Something the source lacks or that could not be read with certainty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Line of the input the warning is about.
    pub line: usize,
    /// The field concerned ("lead", "timeline", "task_code", …).
    pub field: String,
    /// What is wrong, lowercase.
    pub message: String,
}

impl Warning {
    pub(crate) fn new(line: usize, field: &str, message: impl Into<String>) -> Self {
        Self {
            line,
            field: field.to_owned(),
            message: message.into(),
        }
    }
}
