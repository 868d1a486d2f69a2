//! Plan monitoring: what the agencies' yearly reports say of the plan's tasks and targets,
//! and who has reported, as of a date ([`Reader::progress`]). The rules are in [`rules`] and
//! `docs/monitoring.md`; the reports are `lcb:ProgressReport` graphs (ontology/README.md).

pub mod rules;

use super::plan::{AgencyLink, Indicator, Target, Task, TaskFilter};
use super::{Reader, number, owned, value};
use crate::error::Result;
use chrono::{Datelike, NaiveDate};
use rules::{
    Compliance, IndicatorStatus, Lead, Reported, Submission, TaskRow, TaskStatus, ValueRow,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The plan's implementation as of a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    /// Every expected agency with its reporting status for `year`.
    pub agencies: Vec<AgencyReporting>,
    /// The date the rules were applied for (`YYYY-MM-DD`).
    pub as_of: String,
    /// Money spent in `year`, by funding source.
    pub funding: Vec<Funding>,
    /// Whether any report that counts is illustrative (made up for the demonstration).
    pub illustrative: bool,
    /// The proposals of the reports of `year`.
    pub proposals: Vec<Proposal>,
    /// How many tasks and agencies are in each status.
    pub summary: Summary,
    /// Every target with its indicators' progress, in plan order.
    pub targets: Vec<TargetProgress>,
    /// Every task row of the plan, in table order.
    pub tasks: Vec<TaskProgress>,
    /// The reporting year of the compliance, funding and proposals.
    pub year: i32,
}

/// Counts by status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Expected agencies by compliance.
    pub agencies: BTreeMap<&'static str, usize>,
    /// Tasks by status.
    pub tasks: BTreeMap<&'static str, usize>,
}

/// One task with its status and the reports about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskProgress {
    /// The task's code.
    pub code: Option<String>,
    /// Its deadline or period end, as precise as the plan gives it.
    pub deadline: Option<String>,
    /// The task's IRI.
    pub iri: String,
    /// Its lead agencies.
    pub lead: Vec<AgencyLink>,
    /// The rows of the reports that count, leads' and partners', latest year first.
    pub reports: Vec<TaskReport>,
    /// `I`, `II` or `III`.
    pub section: String,
    /// Its status ([`TaskStatus`]).
    pub status: TaskStatus,
    /// Its text.
    pub title: Option<String>,
}

/// One report row about a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskReport {
    /// The reporting agency.
    pub agency: AgencyLink,
    /// Numbers of the documents issued.
    pub documents: Vec<String>,
    /// The funding source's key.
    pub funding_source: Option<String>,
    /// Whether the report is illustrative.
    pub illustrative: bool,
    /// Whether the agency leads the task (a partner's row is a contribution).
    pub lead: bool,
    /// What was produced.
    pub outputs: Option<String>,
    /// Money spent, in VND.
    pub spent_vnd: Option<i64>,
    /// What the row says.
    pub status: Reported,
    /// The day the report was sent.
    pub submitted: String,
    /// The reporting year.
    pub year: i32,
}

/// One target with its indicators' progress.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetProgress {
    /// Its indicators.
    pub indicators: Vec<IndicatorProgress>,
    /// The target's IRI.
    pub iri: String,
    /// Its number.
    pub number: String,
    /// Its text.
    pub title: Option<String>,
}

/// One indicator: its goal, its observed value and status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorProgress {
    /// `>=`, `<=` or `=`.
    pub comparator: Option<String>,
    /// What it measures, when a target has several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The value observed (see `docs/monitoring.md`).
    pub observed: Option<f64>,
    /// Whether the observed value meets the goal.
    pub status: IndicatorStatus,
    /// The goal as printed.
    pub text: Option<String>,
    /// The unit.
    pub unit: Option<String>,
    /// The goal.
    pub value: f64,
    /// The year of the observed value.
    pub year: Option<i32>,
}

/// An expected agency's reporting for the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgencyReporting {
    /// The agency's IRI.
    pub iri: String,
    /// Its name.
    pub name: String,
    /// On time, late, missing or pending.
    pub status: Compliance,
    /// The day of its first submission for the year.
    pub submitted: Option<String>,
}

/// Money spent from one funding source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Funding {
    /// The funding source's key, or `unspecified`.
    pub source: String,
    /// The sum, in VND.
    pub spent_vnd: i64,
}

/// A proposal sent with a report row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Proposal {
    /// The proposing agency.
    pub agency: AgencyLink,
    /// The task code or target number of the row.
    pub code: Option<String>,
    /// The proposal.
    pub text: String,
}

/// One submission as read from the graph.
#[derive(Debug, Clone)]
struct Filed {
    iri: String,
    agency: AgencyLink,
    year: i32,
    submitted: NaiveDate,
    illustrative: bool,
}

/// What a report row may say besides its status or value.
#[derive(Debug, Clone, Default)]
struct Extras {
    outputs: Option<String>,
    documents: Vec<String>,
    spent_vnd: Option<i64>,
    funding_source: Option<String>,
    proposal: Option<String>,
}

/// One row of a report, about a task (`status`) or an indicator (`value`).
#[derive(Debug, Clone)]
struct Row {
    report: String,
    about: String,
    status: Option<Reported>,
    value: Option<f64>,
    extras: Extras,
}

/// The default reporting day when a plan states none: 15 November.
const DEFAULT_DUE: (u32, u32) = (11, 15);

impl Reader<'_> {
    /// The plan's implementation as of `as_of`, with compliance, funding and proposals for
    /// `year`.
    ///
    /// # Errors
    /// The store's errors.
    pub fn progress(&self, as_of: NaiveDate, year: i32) -> Result<Progress> {
        let tasks = self.tasks(&TaskFilter::default())?;
        let targets = self.targets(None)?;
        let groups: HashSet<String> = self
            .agencies(Some("group"))?
            .into_iter()
            .map(|a| a.iri)
            .collect();
        let filed = self.submissions()?;
        let keys: Vec<Submission<'_>> = filed
            .iter()
            .map(|f| Submission {
                agency: &f.agency.iri,
                year: f.year,
                submitted: f.submitted,
            })
            .collect();
        let counted: HashMap<&str, &Filed> = rules::current(&keys, as_of)
            .into_iter()
            .map(|i| (filed[i].iri.as_str(), &filed[i]))
            .collect();
        let rows: Vec<Row> = self
            .report_rows()?
            .into_iter()
            .filter(|r| counted.contains_key(r.report.as_str()))
            .collect();
        let tasks_out: Vec<TaskProgress> = tasks
            .iter()
            .map(|t| task_progress(t, &rows, &counted, &groups, as_of))
            .collect();
        let indicator_iris = self.indicator_iris()?;
        let targets_out = targets
            .iter()
            .map(|t| target_progress(t, &indicator_iris, &rows, &counted))
            .collect();
        let due = self.due_date(year)?;
        let agencies = expected_agencies(&tasks, &groups)
            .into_iter()
            .map(|a| agency_reporting(a, &filed, year, due, as_of))
            .collect::<Vec<_>>();
        let of_year: Vec<&Row> = rows
            .iter()
            .filter(|r| counted[r.report.as_str()].year == year)
            .collect();
        Ok(Progress {
            summary: summary(&tasks_out, &agencies),
            as_of: as_of.format("%Y-%m-%d").to_string(),
            year,
            illustrative: counted.values().any(|f| f.illustrative),
            funding: funding(&of_year),
            proposals: proposals(&of_year, &counted, &tasks, &indicator_iris),
            tasks: tasks_out,
            targets: targets_out,
            agencies,
        })
    }

    /// Every submission of every agency.
    fn submissions(&self) -> Result<Vec<Filed>> {
        let rows = self.select(
            "SELECT ?report ?agency ?name ?year ?submitted ?ill WHERE {
                ?report a lcb:ProgressReport ; lcb:reportingAgency ?agency ;
                        lcb:reportYear ?year ; lcb:submittedOn ?submitted .
                OPTIONAL { ?agency rdfs:label ?name }
                OPTIONAL { ?report lcb:illustrative ?ill }
            }",
        )?;
        let mut out: Vec<Filed> = Vec::new();
        for row in &rows {
            let (Some(iri), Some(agency), Some(year), Some(submitted)) = (
                owned(row, "report"),
                owned(row, "agency"),
                value(row, "year").and_then(|y| y.parse().ok()),
                value(row, "submitted").and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            ) else {
                continue;
            };
            if out.iter().any(|f| f.iri == iri) {
                continue;
            }
            out.push(Filed {
                iri,
                agency: AgencyLink {
                    name: owned(row, "name").unwrap_or_else(|| agency.clone()),
                    iri: agency,
                },
                year,
                submitted,
                illustrative: value(row, "ill") == Some("true"),
            });
        }
        out.sort_by(|a, b| (a.submitted, &a.iri).cmp(&(b.submitted, &b.iri)));
        Ok(out)
    }

    /// Every row of every report: task rows with their status, indicator rows with their
    /// value, and what else they say.
    fn report_rows(&self) -> Result<Vec<Row>> {
        let rows = self.select(
            "SELECT ?row ?report ?about ?status ?value ?outputs ?spent ?fund ?proposal
                    (GROUP_CONCAT(?doc; SEPARATOR=\"\\u001F\") AS ?docs) WHERE {
                ?row lcb:inReport ?report .
                { ?row lcb:aboutTask ?about ; lcb:reportedStatus/skos:notation ?status }
                UNION { ?row lcb:observedIndicator ?about ; lcb:observedValue ?value }
                OPTIONAL { ?row lcb:outputs ?outputs }
                OPTIONAL { ?row lcb:spentVnd ?spent }
                OPTIONAL { ?row lcb:fundingSource/skos:notation ?fund }
                OPTIONAL { ?row lcb:proposal ?proposal }
                OPTIONAL { ?row lcb:documentIssued ?doc }
            } GROUP BY ?row ?report ?about ?status ?value ?outputs ?spent ?fund ?proposal
              ORDER BY ?report ?row",
        )?;
        Ok(rows
            .iter()
            .filter_map(|row| {
                Some(Row {
                    report: owned(row, "report")?,
                    about: owned(row, "about")?,
                    status: value(row, "status").and_then(Reported::from_key),
                    value: value(row, "value").and_then(|v| v.parse().ok()),
                    extras: Extras {
                        outputs: owned(row, "outputs"),
                        documents: value(row, "docs")
                            .map(|d| {
                                d.split('\u{1F}')
                                    .filter(|s| !s.is_empty())
                                    .map(str::to_owned)
                                    .collect()
                            })
                            .unwrap_or_default(),
                        spent_vnd: number(row, "spent"),
                        funding_source: owned(row, "fund"),
                        proposal: owned(row, "proposal"),
                    },
                })
            })
            .collect())
    }

    /// The indicator IRIs of each target, in order.
    fn indicator_iris(&self) -> Result<HashMap<String, Vec<String>>> {
        let rows = self.select(
            "SELECT ?target ?ind WHERE {
                ?target lcb:hasIndicator ?ind . ?ind lcb:indicatorOrder ?order
            } ORDER BY ?target ?order",
        )?;
        let mut out: HashMap<String, Vec<String>> = HashMap::new();
        for row in &rows {
            if let (Some(t), Some(i)) = (owned(row, "target"), owned(row, "ind")) {
                out.entry(t).or_default().push(i);
            }
        }
        Ok(out)
    }

    /// The reporting day of `year`: the plan's yearly due day (`--11-15`) in that year.
    fn due_date(&self, year: i32) -> Result<NaiveDate> {
        let due = self.plans()?.into_iter().find_map(|p| p.report_due);
        let (month, day) = due
            .as_deref()
            .and_then(|d| d.strip_prefix("--"))
            .and_then(|md| md.split_once('-'))
            .and_then(|(m, d)| Some((m.parse().ok()?, d.parse().ok()?)))
            .unwrap_or(DEFAULT_DUE);
        Ok(NaiveDate::from_ymd_opt(year, month, day)
            .or_else(|| NaiveDate::from_ymd_opt(year, DEFAULT_DUE.0, DEFAULT_DUE.1))
            .unwrap_or_default())
    }
}

/// A task's status and the report rows about it.
fn task_progress(
    task: &Task,
    rows: &[Row],
    counted: &HashMap<&str, &Filed>,
    groups: &HashSet<String>,
    as_of: NaiveDate,
) -> TaskProgress {
    let lead_iris: Vec<String> = task.lead.iter().map(|a| a.iri.clone()).collect();
    let lead = if lead_iris.iter().any(|a| groups.contains(a)) {
        Lead::AnyAgency
    } else {
        Lead::Agencies(&lead_iris)
    };
    let mine: Vec<(&Row, &Filed)> = rows
        .iter()
        .filter(|r| r.about == task.iri)
        .filter_map(|r| Some((r, *counted.get(r.report.as_str())?)))
        .filter(|(r, _)| r.status.is_some())
        .collect();
    let task_rows: Vec<TaskRow<'_>> = mine
        .iter()
        .map(|(r, f)| TaskRow {
            agency: &f.agency.iri,
            year: f.year,
            status: r.status.unwrap_or(Reported::NotStarted),
        })
        .collect();
    let deadline = task
        .timeline
        .deadline
        .clone()
        .or_else(|| task.timeline.end.clone());
    let status = rules::task_status(lead, deadline.as_deref(), &task_rows, as_of);
    let mut reports: Vec<TaskReport> = mine
        .iter()
        .map(|(r, f)| TaskReport {
            agency: f.agency.clone(),
            documents: r.extras.documents.clone(),
            funding_source: r.extras.funding_source.clone(),
            illustrative: f.illustrative,
            lead: lead_iris.contains(&f.agency.iri) || matches!(lead, Lead::AnyAgency),
            outputs: r.extras.outputs.clone(),
            spent_vnd: r.extras.spent_vnd,
            status: r.status.unwrap_or(Reported::NotStarted),
            submitted: f.submitted.format("%Y-%m-%d").to_string(),
            year: f.year,
        })
        .collect();
    reports
        .sort_by(|a, b| (b.year, !a.lead, &a.agency.name).cmp(&(a.year, !b.lead, &b.agency.name)));
    TaskProgress {
        code: task.code.clone(),
        deadline,
        iri: task.iri.clone(),
        lead: task.lead.clone(),
        reports,
        section: task.section.clone(),
        status,
        title: task.title.clone(),
    }
}

/// A target's indicators with their observed values.
fn target_progress(
    target: &Target,
    indicator_iris: &HashMap<String, Vec<String>>,
    rows: &[Row],
    counted: &HashMap<&str, &Filed>,
) -> TargetProgress {
    let monitors: Vec<String> = target.monitor.iter().map(|a| a.iri.clone()).collect();
    let iris = indicator_iris.get(&target.iri);
    let indicators = target
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let iri = iris.and_then(|l| l.get(i));
            let values: Vec<ValueRow<'_>> = rows
                .iter()
                .filter(|r| Some(&r.about) == iri)
                .filter_map(|r| {
                    let f = counted.get(r.report.as_str())?;
                    Some(ValueRow {
                        agency: &f.agency.iri,
                        year: f.year,
                        submitted: f.submitted,
                        value: r.value?,
                    })
                })
                .collect();
            indicator_progress(ind, rules::observed(&values, &monitors))
        })
        .collect();
    TargetProgress {
        indicators,
        iri: target.iri.clone(),
        number: target.number.clone(),
        title: target.title.clone(),
    }
}

fn indicator_progress(ind: &Indicator, observed: Option<(f64, i32)>) -> IndicatorProgress {
    let status = match ind
        .comparator
        .as_deref()
        .and_then(rules::Comparator::from_notation)
    {
        Some(cmp) => rules::indicator_status(cmp, ind.value, observed.map(|o| o.0)),
        None if observed.is_none() => IndicatorStatus::NoData,
        None => IndicatorStatus::Behind,
    };
    IndicatorProgress {
        comparator: ind.comparator.clone(),
        label: ind.label.clone(),
        observed: observed.map(|o| o.0),
        status,
        text: ind.text.clone(),
        unit: ind.unit.clone(),
        value: ind.value,
        year: observed.map(|o| o.1),
    }
}

/// The agencies expected to report: every agency, not a group, that the task table names as
/// a lead or a partner, by name.
fn expected_agencies<'t>(tasks: &'t [Task], groups: &HashSet<String>) -> Vec<&'t AgencyLink> {
    let mut seen = HashSet::new();
    let mut out: Vec<&AgencyLink> = tasks
        .iter()
        .flat_map(|t| t.lead.iter().chain(&t.partners))
        .filter(|a| !groups.contains(&a.iri) && seen.insert(a.iri.as_str()))
        .collect();
    out.sort_by(|a, b| (&a.name, &a.iri).cmp(&(&b.name, &b.iri)));
    out
}

/// An expected agency's compliance for `year`.
fn agency_reporting(
    agency: &AgencyLink,
    filed: &[Filed],
    year: i32,
    due: NaiveDate,
    as_of: NaiveDate,
) -> AgencyReporting {
    let first = filed
        .iter()
        .filter(|f| f.agency.iri == agency.iri && f.year == year && f.submitted <= as_of)
        .map(|f| f.submitted)
        .min();
    AgencyReporting {
        iri: agency.iri.clone(),
        name: agency.name.clone(),
        status: rules::compliance(first, due, as_of),
        submitted: first.map(|d| d.format("%Y-%m-%d").to_string()),
    }
}

fn summary(tasks: &[TaskProgress], agencies: &[AgencyReporting]) -> Summary {
    let mut out = Summary {
        agencies: Compliance::ALL.iter().map(|s| (s.key(), 0)).collect(),
        tasks: TaskStatus::ALL.iter().map(|s| (s.key(), 0)).collect(),
    };
    for t in tasks {
        *out.tasks.entry(t.status.key()).or_default() += 1;
    }
    for a in agencies {
        *out.agencies.entry(a.status.key()).or_default() += 1;
    }
    out
}

/// Money spent by funding source, largest first.
fn funding(rows: &[&Row]) -> Vec<Funding> {
    let mut by: BTreeMap<String, i64> = BTreeMap::new();
    for r in rows {
        if let Some(spent) = r.extras.spent_vnd {
            let source = r
                .extras
                .funding_source
                .clone()
                .unwrap_or_else(|| "unspecified".to_owned());
            *by.entry(source).or_default() += spent;
        }
    }
    let mut out: Vec<Funding> = by
        .into_iter()
        .map(|(source, spent_vnd)| Funding { source, spent_vnd })
        .collect();
    out.sort_by(|a, b| b.spent_vnd.cmp(&a.spent_vnd).then(a.source.cmp(&b.source)));
    out
}

/// The proposals of the rows, with the code of what each row is about.
fn proposals(
    rows: &[&Row],
    counted: &HashMap<&str, &Filed>,
    tasks: &[Task],
    indicator_iris: &HashMap<String, Vec<String>>,
) -> Vec<Proposal> {
    let code_of = |about: &str| -> Option<String> {
        if let Some(t) = tasks.iter().find(|t| t.iri == about) {
            return t.code.clone();
        }
        indicator_iris
            .iter()
            .find(|(_, inds)| inds.iter().any(|i| i == about))
            .and_then(|(target, _)| target.rsplit('/').next().map(str::to_owned))
    };
    let mut out: Vec<Proposal> = rows
        .iter()
        .filter_map(|r| {
            Some(Proposal {
                agency: counted.get(r.report.as_str())?.agency.clone(),
                code: code_of(&r.about),
                text: r.extras.proposal.clone()?,
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.agency.name, &a.code).cmp(&(&b.agency.name, &b.code)));
    out.dedup();
    out
}

/// Today's date, for a default `as_of`, and its year.
pub fn today() -> (NaiveDate, i32) {
    let d = chrono::Local::now().date_naive();
    (d, d.year())
}
