//! Progress reports: one agency's yearly report on the plan, as `.xlsx` (first sheet) or `.csv`
//! (UTF-8), in the format of `data/README.md` ("Progress reports").
//!
//! A report is read into a sheet of text cells (`read`), its header matched to the format's
//! columns by English name or Vietnamese alias (`values`), every row checked against the plans
//! the store holds ([`Known`]: agencies, task codes, targets and their indicators), and mapped
//! to quads (`quads`). Validation is all or nothing: every problem of the file is reported at
//! once as `file:line: field: reason`, and a file with any yields no quads.
//!
//! A report's identity is its agency, its year and the day it was sent; its source name (and
//! so its graph, `…/graph/report/{agency}-{year}-{submitted}`) is made of them, so loading the
//! same identity again replaces it and another submission day is kept beside it.

mod quads;
mod read;
mod values;

use crate::load::{check_name, hex};
use crate::registry::Known;
use crate::source::{SourceFile, SourceType};
use crate::{Error, Loaded, Problem, Report, Result};
use biokg_ontology::iri;
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use values::{BadDate, Column, Kind};

/// How a report is loaded, besides its bytes.
pub(crate) struct Options<'a> {
    /// The source name; by default the report's identity.
    pub(crate) name: Option<&'a str>,
    /// The credential that loads it (`lcb:uploadedBy`).
    pub(crate) uploaded_by: &'a str,
}

/// A report that passed validation.
#[derive(Debug, Clone, PartialEq)]
struct Submission {
    /// The agency's key.
    agency: String,
    /// The agency's name as the plan prints it.
    agency_name: String,
    year: String,
    submitted: NaiveDate,
    illustrative: bool,
    rows: Vec<Row>,
}

/// One row of a report.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    line: usize,
    about: About,
    /// What was produced.
    outputs: String,
    /// Numbers of the documents issued.
    documents: Vec<String>,
    /// Money spent, a canonical integer.
    spent_vnd: Option<String>,
    /// A key of the `funding-source` scheme.
    funding: Option<&'static str>,
    proposal: String,
}

/// What a row is about.
#[derive(Debug, Clone, PartialEq)]
enum About {
    /// A task code, the IRIs of its rows in the plans, a key of the `report-status` scheme.
    Task {
        code: String,
        tasks: Vec<String>,
        status: &'static str,
    },
    /// A target's indicator (1-based), its IRIs in the plans, the canonical decimal observed.
    Target {
        number: String,
        indicator: usize,
        indicators: Vec<String>,
        value: String,
    },
}

/// Reads and validates a report file: the quads of its graph and a report, or every problem.
///
/// # Errors
/// [`Error::Invalid`] with every problem, or [`Error::BadName`] for an unusable name given.
pub(crate) fn load(file: &str, bytes: &[u8], opts: &Options<'_>, known: &Known) -> Result<Loaded> {
    if let Some(name) = opts.name {
        check_name(name)?;
    }
    let sheet = read::sheet(file, bytes).map_err(Error::Invalid)?;
    let submission = validate(file, &sheet, known).map_err(|mut problems| {
        problems.sort();
        problems.dedup();
        Error::Invalid(problems)
    })?;
    let name = opts
        .name
        .map_or_else(|| submission.identity(), str::to_owned);
    let source = SourceFile {
        source_type: SourceType::Report,
        name,
        file_name: file.to_owned(),
        sha256: hex(&Sha256::digest(bytes)),
    };
    let quads = quads::quads(&submission, &source, opts.uploaded_by);
    let tasks = submission
        .rows
        .iter()
        .filter(|r| matches!(r.about, About::Task { .. }))
        .count();
    let report = Report {
        file: file.to_owned(),
        source_type: SourceType::Report,
        counts: vec![
            ("task rows".into(), tasks),
            ("indicator values".into(), submission.rows.len() - tasks),
        ],
        warnings: Vec::new(),
        triples: quads.len(),
    };
    Ok(Loaded {
        source,
        quads,
        report,
    })
}

impl Submission {
    /// `{agency}-{year}-{YYYY-MM-DD}`: the source name, so the graph, of this submission.
    fn identity(&self) -> String {
        format!("{}-{}-{}", self.agency, self.year, self.submitted)
    }
}

/// One row's cells by column.
struct Cells<'s> {
    line: usize,
    by: BTreeMap<Column, &'s str>,
}

impl<'s> Cells<'s> {
    fn get(&self, c: Column) -> &'s str {
        self.by.get(&c).copied().unwrap_or("")
    }
}

/// A value every row must repeat (agency, year, submitted, illustrative): the first row's, and
/// the problem of each row that differs.
struct Same<T> {
    column: Column,
    first: Option<(usize, String, T)>,
}

impl<T: PartialEq> Same<T> {
    fn new(column: Column) -> Self {
        Same {
            column,
            first: None,
        }
    }

    fn see(&mut self, file: &str, line: usize, raw: &str, value: T, problems: &mut Vec<Problem>) {
        match &self.first {
            None => self.first = Some((line, raw.to_owned(), value)),
            Some((l, first, v)) if *v != value => problems.push(problem(
                file,
                line,
                self.column,
                format!(
                    "{raw:?} differs from line {l} ({first:?}): a file is one agency's report for one year, sent on one day"
                ),
            )),
            Some(_) => {}
        }
    }

    fn value(self) -> Option<T> {
        self.first.map(|(_, _, v)| v)
    }
}

fn problem(file: &str, line: usize, column: Column, reason: impl Into<String>) -> Problem {
    Problem {
        file: file.to_owned(),
        line,
        field: column.name().to_owned(),
        reason: reason.into(),
    }
}

/// Checks every row against the format and the plans: a submission, or every problem.
fn validate(file: &str, sheet: &read::Sheet, known: &Known) -> Result<Submission, Vec<Problem>> {
    let mut problems = Vec::new();
    let columns = header(file, sheet, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut check = Check {
        file,
        known,
        problems,
        agency: Same::new(Column::Agency),
        year: Same::new(Column::Year),
        submitted: Same::new(Column::Submitted),
        illustrative: Same::new(Column::Illustrative),
        has_illustrative: columns.contains(&Some(Column::Illustrative)),
        seen: BTreeMap::new(),
        reported: BTreeSet::new(),
    };
    let mut rows = Vec::new();
    for line in &sheet.rows {
        let cells = Cells {
            line: line.line,
            by: columns
                .iter()
                .zip(&line.cells)
                .filter_map(|(c, v)| c.map(|c| (c, v.as_str())))
                .collect(),
        };
        check.agency(&cells);
        check.year(&cells);
        check.submitted(&cells);
        if check.has_illustrative {
            check.illustrative(&cells);
        }
        if let Some(row) = check.row(&cells) {
            rows.push(row);
        }
    }
    check.submission(rows)
}

/// Checking a file's rows: the values every row repeats, where each task and indicator is
/// first reported, and the problems so far.
struct Check<'a> {
    file: &'a str,
    known: &'a Known,
    problems: Vec<Problem>,
    agency: Same<String>,
    year: Same<String>,
    submitted: Same<NaiveDate>,
    illustrative: Same<bool>,
    has_illustrative: bool,
    /// Where each task, and each target indicator, is first reported.
    seen: BTreeMap<(bool, String, usize), usize>,
    /// The wrong agencies, years and dates already said.
    reported: BTreeSet<(Column, String)>,
}

impl Check<'_> {
    /// A wrong agency, year or date is said once, on the first row that has it.
    fn once(&mut self, cells: &Cells<'_>, column: Column, reason: String) {
        if self.reported.insert((column, cells.get(column).to_owned())) {
            self.problems
                .push(problem(self.file, cells.line, column, reason));
        }
    }

    fn agency(&mut self, cells: &Cells<'_>) {
        let raw = cells.get(Column::Agency);
        match resolve_agency(raw, self.known) {
            Ok(key) => self
                .agency
                .see(self.file, cells.line, raw, key, &mut self.problems),
            Err(_) if raw.is_empty() => self.once(cells, Column::Agency, "required".into()),
            Err(reason) => self.once(cells, Column::Agency, reason),
        }
    }

    fn year(&mut self, cells: &Cells<'_>) {
        let raw = cells.get(Column::Year);
        match values::year(raw) {
            Some(y) => self
                .year
                .see(self.file, cells.line, raw, y.to_owned(), &mut self.problems),
            None if raw.is_empty() => self.once(cells, Column::Year, "required".into()),
            None => self.once(
                cells,
                Column::Year,
                format!("{raw:?} is not a year: write it as 2026"),
            ),
        }
    }

    fn submitted(&mut self, cells: &Cells<'_>) {
        let raw = cells.get(Column::Submitted);
        match values::date(raw) {
            Ok(d) => self
                .submitted
                .see(self.file, cells.line, raw, d, &mut self.problems),
            Err(_) if raw.is_empty() => self.once(cells, Column::Submitted, "required".into()),
            Err(BadDate::Impossible) => self.once(
                cells,
                Column::Submitted,
                format!("{raw:?} is a day that does not exist"),
            ),
            Err(BadDate::Form) => self.once(
                cells,
                Column::Submitted,
                format!("{raw:?} is not a date: write YYYY-MM-DD or DD/MM/YYYY"),
            ),
        }
    }

    /// An empty cell is `false`.
    fn illustrative(&mut self, cells: &Cells<'_>) {
        let raw = cells.get(Column::Illustrative);
        let value = match values::boolean(raw) {
            Some(b) => b,
            None if raw.is_empty() => false,
            None => {
                self.problems.push(problem(
                    self.file,
                    cells.line,
                    Column::Illustrative,
                    format!("{raw:?} is not true or false"),
                ));
                return;
            }
        };
        self.illustrative
            .see(self.file, cells.line, raw, value, &mut self.problems);
    }

    /// One row's own values (kind, code, indicator, status, value and the optional columns),
    /// or `None` with its problems recorded.
    fn row(&mut self, cells: &Cells<'_>) -> Option<Row> {
        let before = self.problems.len();
        let mut r = RowCheck {
            file: self.file,
            known: self.known,
            cells,
            problems: &mut self.problems,
        };
        let code = cells.get(Column::Code).trim_end_matches('.');
        let about = match r.kind(code) {
            Some(Kind::Task) => r.about_task(code),
            Some(Kind::Target) => r.about_target(code),
            None => None,
        };
        let spent_vnd = r.spent();
        let funding = r.funding();
        let about = about?;
        r.first_report(&about, &mut self.seen);
        if self.problems.len() > before {
            return None;
        }
        Some(Row {
            line: cells.line,
            about,
            outputs: cells.get(Column::Outputs).to_owned(),
            documents: cells
                .get(Column::Documents)
                .split(';')
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_owned)
                .collect(),
            spent_vnd,
            funding,
            proposal: cells.get(Column::Proposal).to_owned(),
        })
    }

    /// The submission of the rows, if no row had a problem.
    fn submission(self, rows: Vec<Row>) -> Result<Submission, Vec<Problem>> {
        let agency = self.agency.value();
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        let (Some(agency), Some(year), Some(submitted)) =
            (agency, self.year.value(), self.submitted.value())
        else {
            return Err(self.problems);
        };
        Ok(Submission {
            agency_name: self
                .known
                .agency_names
                .get(&agency)
                .cloned()
                .unwrap_or_default(),
            agency,
            year,
            submitted,
            illustrative: self.illustrative.value().unwrap_or(false),
            rows,
        })
    }
}

/// The format's column of each header cell (`None` for an empty cell); unknown, repeated and
/// missing required columns are problems.
fn header(file: &str, sheet: &read::Sheet, problems: &mut Vec<Problem>) -> Vec<Option<Column>> {
    let line = sheet.header_line;
    let mut columns: Vec<Option<Column>> = Vec::new();
    for cell in &sheet.header {
        if cell.is_empty() {
            columns.push(None);
            continue;
        }
        let header_problem = |reason: String| Problem {
            file: file.to_owned(),
            line,
            field: cell.clone(),
            reason,
        };
        match Column::of_header(cell) {
            None => problems.push(header_problem(format!(
                "unknown column (the columns are {})",
                values::COLUMNS
                    .iter()
                    .map(|c| c.1)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
            Some(c) if columns.contains(&Some(c)) => {
                problems.push(header_problem(format!("repeated column ({})", c.name())));
            }
            Some(_) => {}
        }
        columns.push(Column::of_header(cell).filter(|c| !columns.contains(&Some(*c))));
    }
    for (c, name, required, _) in values::COLUMNS {
        if *required && !columns.contains(&Some(*c)) {
            problems.push(Problem {
                file: file.to_owned(),
                line,
                field: (*name).to_owned(),
                reason: "missing required column".into(),
            });
        }
    }
    columns
}

/// The key of the agency a cell names: its key, its IRI, or its name as the plan prints it
/// (folded: any case, with or without diacritics); or why it names none.
fn resolve_agency(raw: &str, known: &Known) -> Result<String, String> {
    let base = iri::agency("");
    let key = match raw.strip_prefix(base.as_str()) {
        Some(key) => key.to_owned(),
        None => crate::plan::text::slug(raw),
    };
    if known.agency_names.contains_key(&key) {
        Ok(key)
    } else if known.agencies.contains(&key) {
        Err(format!(
            "{raw:?} is a group of agencies in the plan; a report is sent by one agency"
        ))
    } else {
        Err(format!("{raw:?} is not an agency of the plan"))
    }
}

/// One row being checked: its cells, and where its problems go.
struct RowCheck<'r> {
    file: &'r str,
    known: &'r Known,
    cells: &'r Cells<'r>,
    problems: &'r mut Vec<Problem>,
}

impl RowCheck<'_> {
    fn say(&mut self, column: Column, reason: String) {
        self.problems
            .push(problem(self.file, self.cells.line, column, reason));
    }

    /// Task or target; either needs a code.
    fn kind(&mut self, code: &str) -> Option<Kind> {
        let raw = self.cells.get(Column::Kind);
        let kind = values::kind(raw);
        match kind {
            None if raw.is_empty() => self.say(Column::Kind, "required: task or target".into()),
            None => self.say(
                Column::Kind,
                format!("{raw:?} is not allowed: use task or target (nhiệm vụ, mục tiêu)"),
            ),
            Some(_) if code.is_empty() => self.say(Column::Code, "required".into()),
            Some(_) => {}
        }
        kind
    }

    /// A task row: its task in the plans and its status, without a value or an indicator.
    fn about_task(&mut self, code: &str) -> Option<About> {
        if !self.cells.get(Column::Value).is_empty() {
            self.say(Column::Value, "only a target row has a value".into());
        }
        if !self.cells.get(Column::Indicator).is_empty() {
            self.say(
                Column::Indicator,
                "only a target row has an indicator".into(),
            );
        }
        let raw = self.cells.get(Column::Status);
        let status = match values::status(raw) {
            Some(s) => Some(s),
            None if raw.is_empty() => {
                self.say(Column::Status, "required for a task".into());
                None
            }
            None => {
                self.say(
                    Column::Status,
                    format!(
                        "{raw:?} is not allowed: use not-started, in-progress, done or stalled (chưa triển khai, đang triển khai, hoàn thành, chậm tiến độ or vướng mắc)"
                    ),
                );
                None
            }
        };
        let tasks = task(code, self.known);
        if tasks.is_none() && !code.is_empty() {
            self.say(
                Column::Code,
                format!("no task of the plan has the code {code:?}"),
            );
        }
        let (code, tasks) = tasks?;
        Some(About::Task {
            code,
            tasks,
            status: status?,
        })
    }

    /// A target row: its target's indicator in the plans and the value, without a status.
    fn about_target(&mut self, code: &str) -> Option<About> {
        if !self.cells.get(Column::Status).is_empty() {
            self.say(Column::Status, "only a task row has a status".into());
        }
        let raw = self.cells.get(Column::Value);
        let value = match values::decimal(raw) {
            Some(v) => Some(v),
            None if raw.is_empty() => {
                self.say(Column::Value, "required for a target".into());
                None
            }
            None => {
                self.say(
                    Column::Value,
                    format!("{raw:?} is not a number: write 25 or 25.5, without a unit or %"),
                );
                None
            }
        };
        let known = self.known;
        let Some(list) = known.targets.get(code) else {
            if !code.is_empty() {
                self.say(Column::Code, format!("the plan has no target {code:?}"));
            }
            return None;
        };
        let indicator = self.indicator(code, list.len())?;
        Some(About::Target {
            number: code.to_owned(),
            indicator,
            indicators: list[indicator - 1].clone(),
            value: value?,
        })
    }

    /// The indicator (1 to `n`) of target `number` the row gives; it may be left out when the
    /// target has one.
    fn indicator(&mut self, number: &str, n: usize) -> Option<usize> {
        let raw = self.cells.get(Column::Indicator);
        if raw.is_empty() {
            if n == 1 {
                return Some(1);
            }
            self.say(
                Column::Indicator,
                format!("required: target {number} has {n} indicators"),
            );
            return None;
        }
        match raw.parse::<usize>() {
            Ok(i) if (1..=n).contains(&i) => Some(i),
            Ok(i) => {
                self.say(
                    Column::Indicator,
                    format!("{i} is out of range: target {number} has {}", count(n)),
                );
                None
            }
            Err(_) => {
                self.say(
                    Column::Indicator,
                    format!("{raw:?} is not an indicator number (1 to {n})"),
                );
                None
            }
        }
    }

    /// The money spent, if given: a whole number of đồng.
    fn spent(&mut self) -> Option<String> {
        let raw = self.cells.get(Column::SpentVnd);
        let spent = values::integer(raw);
        if spent.is_none() && !raw.is_empty() {
            self.say(
                Column::SpentVnd,
                format!("{raw:?} is not a whole number of đồng: write digits only (1500000000)"),
            );
        }
        spent
    }

    /// The funding source, if given.
    fn funding(&mut self) -> Option<&'static str> {
        let raw = self.cells.get(Column::FundingSource);
        let funding = values::funding(raw);
        if funding.is_none() && !raw.is_empty() {
            self.say(
                Column::FundingSource,
                format!(
                    "{raw:?} is not allowed: use state-budget, socialised or other (ngân sách nhà nước, xã hội hóa or khác)"
                ),
            );
        }
        funding
    }

    /// Records where `about` is first reported (`seen`); a second report of it is a problem.
    fn first_report(&mut self, about: &About, seen: &mut BTreeMap<(bool, String, usize), usize>) {
        let key = match about {
            About::Task { code, .. } => (true, code.clone(), 0),
            About::Target {
                number, indicator, ..
            } => (false, number.clone(), *indicator),
        };
        let Some(first) = seen.get(&key) else {
            seen.insert(key, self.cells.line);
            return;
        };
        let (column, what) = match about {
            About::Task { code, .. } => (Column::Code, format!("task {code}")),
            About::Target {
                number, indicator, ..
            } => (
                Column::Indicator,
                format!("indicator {indicator} of target {number}"),
            ),
        };
        self.say(
            column,
            format!("{what} is already reported on line {first}"),
        );
    }
}

/// `1 indicator`, `2 indicators`.
fn count(n: usize) -> String {
    if n == 1 {
        "1 indicator".into()
    } else {
        format!("{n} indicators")
    }
}

/// The code as the plans write it and the IRIs of its task rows: the code as given, or in
/// upper case (`ii.2.2.1`).
fn task(code: &str, known: &Known) -> Option<(String, Vec<String>)> {
    [code.to_owned(), code.to_uppercase()]
        .into_iter()
        .find_map(|c| known.tasks.get(&c).map(|t| (c, t.clone())))
}
