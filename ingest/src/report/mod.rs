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

impl Cells<'_> {
    fn get(&self, c: Column) -> &str {
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
    let mut agency = Same::new(Column::Agency);
    let mut year = Same::new(Column::Year);
    let mut submitted = Same::new(Column::Submitted);
    let mut illustrative = Same::new(Column::Illustrative);
    // Where each task, and each target indicator, is first reported.
    let mut seen: BTreeMap<(bool, String, usize), usize> = BTreeMap::new();
    let mut reported: BTreeSet<(Column, String)> = BTreeSet::new();
    let has_illustrative = columns.contains(&Some(Column::Illustrative));
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
        let mut once = |column: Column, raw: &str, reason: String, problems: &mut Vec<Problem>| {
            // A wrong agency, year or date is said once, on the first row that has it.
            if reported.insert((column, raw.to_owned())) {
                problems.push(problem(file, cells.line, column, reason));
            }
        };
        let raw = cells.get(Column::Agency);
        match resolve_agency(raw, known) {
            Ok(key) => agency.see(file, cells.line, raw, key, &mut problems),
            Err(_) if raw.is_empty() => once(Column::Agency, raw, "required".into(), &mut problems),
            Err(reason) => once(Column::Agency, raw, reason, &mut problems),
        }
        let raw = cells.get(Column::Year);
        match values::year(raw) {
            Some(y) => year.see(file, cells.line, raw, y.to_owned(), &mut problems),
            None if raw.is_empty() => once(Column::Year, raw, "required".into(), &mut problems),
            None => once(
                Column::Year,
                raw,
                format!("{raw:?} is not a year: write it as 2026"),
                &mut problems,
            ),
        }
        let raw = cells.get(Column::Submitted);
        match values::date(raw) {
            Ok(d) => submitted.see(file, cells.line, raw, d, &mut problems),
            Err(_) if raw.is_empty() => {
                once(Column::Submitted, raw, "required".into(), &mut problems);
            }
            Err(BadDate::Impossible) => once(
                Column::Submitted,
                raw,
                format!("{raw:?} is a day that does not exist"),
                &mut problems,
            ),
            Err(BadDate::Form) => once(
                Column::Submitted,
                raw,
                format!("{raw:?} is not a date: write YYYY-MM-DD or DD/MM/YYYY"),
                &mut problems,
            ),
        }
        if has_illustrative {
            let raw = cells.get(Column::Illustrative);
            match values::boolean(raw) {
                Some(b) => illustrative.see(file, cells.line, raw, b, &mut problems),
                None if raw.is_empty() => {
                    illustrative.see(file, cells.line, raw, false, &mut problems);
                }
                None => problems.push(problem(
                    file,
                    cells.line,
                    Column::Illustrative,
                    format!("{raw:?} is not true or false"),
                )),
            }
        }
        if let Some(row) = row(file, &cells, known, &mut seen, &mut problems) {
            rows.push(row);
        }
    }
    let agency = agency.value();
    if !problems.is_empty() {
        return Err(problems);
    }
    let (Some(agency), Some(year), Some(submitted)) = (agency, year.value(), submitted.value())
    else {
        return Err(problems);
    };
    Ok(Submission {
        agency_name: known.agency_names.get(&agency).cloned().unwrap_or_default(),
        agency,
        year,
        submitted,
        illustrative: illustrative.value().unwrap_or(false),
        rows,
    })
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

/// One row's own values (kind, code, indicator, status, value and the optional columns), or
/// `None` with its problems recorded.
fn row(
    file: &str,
    cells: &Cells<'_>,
    known: &Known,
    seen: &mut BTreeMap<(bool, String, usize), usize>,
    problems: &mut Vec<Problem>,
) -> Option<Row> {
    let before = problems.len();
    let mut p = |column: Column, reason: String| {
        problems.push(problem(file, cells.line, column, reason));
    };
    let code = cells.get(Column::Code).trim_end_matches('.');
    let kind_raw = cells.get(Column::Kind);
    let kind = values::kind(kind_raw);
    match kind {
        None if kind_raw.is_empty() => p(Column::Kind, "required: task or target".into()),
        None => p(
            Column::Kind,
            format!("{kind_raw:?} is not allowed: use task or target (nhiệm vụ, mục tiêu)"),
        ),
        Some(_) if code.is_empty() => p(Column::Code, "required".into()),
        Some(_) => {}
    }
    let status_raw = cells.get(Column::Status);
    let value_raw = cells.get(Column::Value);
    let indicator_raw = cells.get(Column::Indicator);
    let about = match kind {
        Some(Kind::Task) => {
            if !value_raw.is_empty() {
                p(Column::Value, "only a target row has a value".into());
            }
            if !indicator_raw.is_empty() {
                p(
                    Column::Indicator,
                    "only a target row has an indicator".into(),
                );
            }
            let status = match values::status(status_raw) {
                Some(s) => Some(s),
                None if status_raw.is_empty() => {
                    p(Column::Status, "required for a task".into());
                    None
                }
                None => {
                    p(
                        Column::Status,
                        format!(
                            "{status_raw:?} is not allowed: use not-started, in-progress, done or stalled (chưa triển khai, đang triển khai, hoàn thành, chậm tiến độ or vướng mắc)"
                        ),
                    );
                    None
                }
            };
            let tasks = task(code, known);
            if tasks.is_none() && !code.is_empty() {
                p(
                    Column::Code,
                    format!("no task of the plan has the code {code:?}"),
                );
            }
            match (tasks, status) {
                (Some((code, tasks)), Some(status)) => Some(About::Task {
                    code,
                    tasks,
                    status,
                }),
                _ => None,
            }
        }
        Some(Kind::Target) => {
            if !status_raw.is_empty() {
                p(Column::Status, "only a task row has a status".into());
            }
            let value = match values::decimal(value_raw) {
                Some(v) => Some(v),
                None if value_raw.is_empty() => {
                    p(Column::Value, "required for a target".into());
                    None
                }
                None => {
                    p(
                        Column::Value,
                        format!(
                            "{value_raw:?} is not a number: write 25 or 25.5, without a unit or %"
                        ),
                    );
                    None
                }
            };
            let target = known.targets.get(code).map(|t| (code, t));
            if target.is_none() && !code.is_empty() {
                p(Column::Code, format!("the plan has no target {code:?}"));
            }
            let indicator = target.and_then(|(number, list)| {
                let n = list.len();
                if indicator_raw.is_empty() {
                    if n == 1 {
                        return Some(1);
                    }
                    p(
                        Column::Indicator,
                        format!("required: target {number} has {n} indicators"),
                    );
                    return None;
                }
                match indicator_raw.parse::<usize>() {
                    Ok(i) if (1..=n).contains(&i) => Some(i),
                    Ok(i) => {
                        p(
                            Column::Indicator,
                            format!("{i} is out of range: target {number} has {}", count(n)),
                        );
                        None
                    }
                    Err(_) => {
                        p(
                            Column::Indicator,
                            format!("{indicator_raw:?} is not an indicator number (1 to {n})"),
                        );
                        None
                    }
                }
            });
            match (target, indicator, value) {
                (Some((number, list)), Some(i), Some(value)) => Some(About::Target {
                    number: number.to_owned(),
                    indicator: i,
                    indicators: list[i - 1].clone(),
                    value,
                }),
                _ => None,
            }
        }
        None => None,
    };
    let spent_raw = cells.get(Column::SpentVnd);
    let spent_vnd = values::integer(spent_raw);
    if spent_vnd.is_none() && !spent_raw.is_empty() {
        p(
            Column::SpentVnd,
            format!("{spent_raw:?} is not a whole number of đồng: write digits only (1500000000)"),
        );
    }
    let funding_raw = cells.get(Column::FundingSource);
    let funding = values::funding(funding_raw);
    if funding.is_none() && !funding_raw.is_empty() {
        p(
            Column::FundingSource,
            format!(
                "{funding_raw:?} is not allowed: use state-budget, socialised or other (ngân sách nhà nước, xã hội hóa or khác)"
            ),
        );
    }
    let about = about?;
    let key = match &about {
        About::Task { code, .. } => (true, code.clone(), 0),
        About::Target {
            number, indicator, ..
        } => (false, number.clone(), *indicator),
    };
    if let Some(first) = seen.get(&key) {
        let (column, what) = match &about {
            About::Task { code, .. } => (Column::Code, format!("task {code}")),
            About::Target {
                number, indicator, ..
            } => (
                Column::Indicator,
                format!("indicator {indicator} of target {number}"),
            ),
        };
        p(
            column,
            format!("{what} is already reported on line {first}"),
        );
    } else {
        seen.insert(key, cells.line);
    }
    if problems.len() > before {
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
