//! The plan as written: its targets with their indicators, its task rows, its agencies with
//! what they lead, and the plan documents themselves.

use super::{Reader, number, owned, value};
use crate::error::Result;
use biokg_graph::Solution;
use biokg_ontology::iri;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// An agency linked to a target or task by a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgencyLink {
    /// The agency's IRI.
    pub iri: String,
    /// Its name as the graph labels it.
    pub name: String,
}

/// Where an item comes from: its plan and the lines of the source text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceLines {
    /// The first and last line of the item in the plan's text.
    pub lines: [Option<i64>; 2],
    /// The plan's IRI.
    pub plan: String,
}

/// One indicator of a target: what is to be reached, as printed and as parsed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    /// `>=`, `<=`, `=`…
    pub comparator: Option<String>,
    /// What the indicator measures, when a target has several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The value as printed.
    pub text: Option<String>,
    /// The unit's notation.
    pub unit: Option<String>,
    /// The value to reach (`null` when it does not parse).
    pub value: f64,
}

/// One specific target of PHỤ LỤC 01.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// Its indicators, in printed order.
    pub indicators: Vec<Indicator>,
    /// The target's IRI.
    pub iri: String,
    /// Lead agencies, in printed order.
    pub lead: Vec<AgencyLink>,
    /// Monitoring agencies, in printed order.
    pub monitor: Vec<AgencyLink>,
    /// Its number in the appendix.
    pub number: String,
    /// Where it comes from.
    pub source: SourceLines,
    /// Its text.
    pub title: Option<String>,
}

/// When a task is due, as the plan states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    /// The deadline (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`, as precise as the text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// The end of the period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// `deadline`, `from`, `annual`, `period`, `ongoing` or `missing`.
    pub kind: String,
    /// The start of the period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// The timeline as printed.
    pub text: String,
}

/// One task row of PHỤ LỤC 02.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Task {
    /// The task's code (`II.2.2.7`).
    pub code: Option<String>,
    /// Deliverables, in printed order.
    pub deliverables: Vec<String>,
    /// The deliverables as printed.
    pub deliverables_text: String,
    /// The code of its task group.
    pub group: Option<String>,
    /// The task's IRI.
    pub iri: String,
    /// Lead agencies, in printed order.
    pub lead: Vec<AgencyLink>,
    /// Values the plan leaves out: `lead`, `partners`, `timeline`, `deliverables`.
    pub missing: Vec<String>,
    /// Its number within its group.
    pub number: Option<String>,
    /// Coordinating agencies, in printed order.
    pub partners: Vec<AgencyLink>,
    /// `I`, `II` or `III`.
    pub section: String,
    /// Where it comes from.
    pub source: SourceLines,
    /// When it is due.
    pub timeline: Timeline,
    /// Its text.
    pub title: Option<String>,
}

/// An agency, or a generic group of agencies, with what the plan gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agency {
    /// Its IRI.
    pub iri: String,
    /// Its key (`so-y-te`).
    pub key: Option<String>,
    /// `agency` or `group`.
    pub kind: &'static str,
    /// Targets it leads.
    pub lead_targets: i64,
    /// Tasks it leads.
    pub lead_tasks: i64,
    /// Targets it monitors.
    pub monitor_targets: i64,
    /// Its name.
    pub name: Option<String>,
    /// Tasks it coordinates on.
    pub partner_tasks: i64,
}

/// A plan document, with its yearly reporting duty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanDoc {
    /// The plan's IRI.
    pub iri: String,
    /// Its title.
    pub title: String,
    /// The yearly report's due day (`--11-15`), when the plan sets one.
    pub report_due: Option<String>,
    /// To whom the yearly report goes.
    pub report_to: Option<String>,
}

/// The sections of PHỤ LỤC 02.
pub const SECTIONS: &[&str] = &["I", "II", "III"];

/// The kinds of timeline a task can have.
pub const TIMELINE_KINDS: &[&str] = &["deadline", "from", "annual", "period", "ongoing", "missing"];

/// Which task rows to list: each list is an OR, the lists are ANDed, an empty list lets
/// everything through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskFilter {
    /// Lead agencies, by IRI, key or name.
    pub lead: Vec<String>,
    /// Coordinating agencies, by IRI, key or name.
    pub partner: Vec<String>,
    /// Sections: one of [`SECTIONS`].
    pub sections: Vec<String>,
    /// Timeline kinds: one of [`TIMELINE_KINDS`].
    pub timelines: Vec<String>,
    /// One plan, by IRI or name.
    pub plan: Option<String>,
}

impl TaskFilter {
    /// Only the plan part of the filter: every task of that plan.
    pub fn plan_only(&self) -> Self {
        Self {
            plan: self.plan.clone(),
            ..Self::default()
        }
    }

    /// The first value that is not one of the known sections or timeline kinds, with the name
    /// of its parameter.
    pub fn unknown_value(&self) -> Option<(&'static str, &str)> {
        fn bad<'a>(list: &'a [String], known: &[&str]) -> Option<&'a str> {
            list.iter()
                .find(|v| !known.contains(&v.as_str()))
                .map(String::as_str)
        }
        bad(&self.sections, SECTIONS)
            .map(|v| ("section", v))
            .or_else(|| bad(&self.timelines, TIMELINE_KINDS).map(|v| ("timeline", v)))
    }

    fn passes(&self, links: &Links, section: &str, timeline: &str) -> bool {
        let any = |filters: &[String], role: &str| {
            filters.is_empty()
                || filters
                    .iter()
                    .any(|f| agency_matches(f, links.role(role).as_slice()))
        };
        any(&self.lead, "lead")
            && any(&self.partner, "partner")
            && (self.sections.is_empty() || self.sections.iter().any(|s| s == section))
            && (self.timelines.is_empty() || self.timelines.iter().any(|t| t == timeline))
    }
}

/// Whether a plan IRI is the one a filter names, by IRI or by its last segment.
fn plan_passes(filter: Option<&str>, plan: &str) -> bool {
    filter.is_none_or(|f| plan == f || plan.ends_with(&format!("/{f}")))
}

/// Agencies linked by a role, in the printed order kept by `names` (`"A; B; C"`).
fn ordered_agencies(links: &[(String, String)], names: Option<&str>) -> Vec<AgencyLink> {
    let order: Vec<&str> = names.map(|n| n.split("; ").collect()).unwrap_or_default();
    let mut items: Vec<&(String, String)> = links.iter().collect();
    items.sort_by_key(|(iri, name)| {
        (
            order.iter().position(|n| n == name).unwrap_or(usize::MAX),
            iri.clone(),
        )
    });
    items.dedup();
    items
        .into_iter()
        .map(|(iri, name)| AgencyLink {
            iri: iri.clone(),
            name: name.clone(),
        })
        .collect()
}

/// Whether an agency link matches a filter given as an IRI, a key or a name.
fn agency_matches(filter: &str, links: &[(String, String)]) -> bool {
    let key = iri::slug(filter);
    links.iter().any(|(iri, name)| {
        iri == filter || iri.rsplit('/').next() == Some(key.as_str()) || iri::slug(name) == key
    })
}

/// The links of one subject, by role: agencies with their names, other values as they are.
#[derive(Debug, Default)]
struct Links {
    agencies: HashMap<String, Vec<(String, String)>>,
    values: HashMap<String, Vec<String>>,
}

impl Links {
    fn role(&self, role: &str) -> Vec<(String, String)> {
        self.agencies.get(role).cloned().unwrap_or_default()
    }

    fn values(&self, role: &str) -> Vec<String> {
        self.values.get(role).cloned().unwrap_or_default()
    }
}

/// One role linking a subject to an object: the property path, the role's name, and whether
/// the objects are agencies (whose labels come along).
struct Arm {
    path: &'static str,
    role: &'static str,
    agency: bool,
}

const TARGET_ARMS: &[Arm] = &[
    Arm {
        path: "lcb:leadAgency",
        role: "lead",
        agency: true,
    },
    Arm {
        path: "lcb:monitoringAgency",
        role: "monitor",
        agency: true,
    },
];

const TASK_ARMS: &[Arm] = &[
    Arm {
        path: "lcb:leadAgency",
        role: "lead",
        agency: true,
    },
    Arm {
        path: "lcb:coordinatingAgency",
        role: "partner",
        agency: true,
    },
    Arm {
        path: "lcb:deliverable",
        role: "deliverable",
        agency: false,
    },
    Arm {
        path: "lcb:missingField/skos:notation",
        role: "missing",
        agency: false,
    },
];

impl Reader<'_> {
    /// The links of every subject of `class` by the roles of `arms`, in one query.
    fn links(&self, class: &str, arms: &[Arm]) -> Result<HashMap<String, Links>> {
        let unions: Vec<String> = arms
            .iter()
            .map(|Arm { path, role, agency }| {
                if *agency {
                    format!("{{ ?s {path} ?o . BIND(\"{role}\" AS ?role) OPTIONAL {{ ?o rdfs:label ?name }} }}")
                } else {
                    format!("{{ ?s {path} ?o . BIND(\"{role}\" AS ?role) }}")
                }
            })
            .collect();
        let rows = self.select(&format!(
            "SELECT DISTINCT ?s ?role ?o ?name WHERE {{ ?s a {class} . {} }}",
            unions.join(" UNION ")
        ))?;
        let mut out: HashMap<String, Links> = HashMap::new();
        for row in &rows {
            let (Some(s), Some(role), Some(o)) =
                (value(row, "s"), value(row, "role"), value(row, "o"))
            else {
                continue;
            };
            let entry = out.entry(s.to_owned()).or_default();
            match value(row, "name") {
                Some(name) => entry
                    .agencies
                    .entry(role.to_owned())
                    .or_default()
                    .push((o.to_owned(), name.to_owned())),
                None => entry
                    .values
                    .entry(role.to_owned())
                    .or_default()
                    .push(o.to_owned()),
            }
        }
        Ok(out)
    }

    /// The targets (of one plan, given by IRI or name, or of every plan), in plan and number
    /// order.
    ///
    /// # Errors
    /// The store's errors.
    pub fn targets(&self, plan: Option<&str>) -> Result<Vec<Target>> {
        let rows = self.select(
            "SELECT ?target ?plan ?number ?title ?ls ?le ?leadNames ?monitorNames WHERE {
                ?plan lcb:hasTarget ?target .
                ?target lcb:number ?number ; lcb:text ?title ; lcb:lineStart ?ls ; lcb:lineEnd ?le .
                OPTIONAL { ?target lcb:leadAgencyNames ?leadNames }
                OPTIONAL { ?target lcb:monitoringAgencyNames ?monitorNames }
            }",
        )?;
        let mut indicators = self.indicators()?;
        let links = self.links("lcb:Target", TARGET_ARMS)?;
        let empty = Links::default();
        let mut items: Vec<(i64, Target)> = Vec::new();
        for row in &rows {
            let (Some(target), Some(plan_iri)) = (value(row, "target"), value(row, "plan")) else {
                continue;
            };
            if !plan_passes(plan, plan_iri) {
                continue;
            }
            let l = links.get(target).unwrap_or(&empty);
            let num = value(row, "number").unwrap_or_default();
            items.push((
                num.parse().unwrap_or(i64::MAX),
                Target {
                    indicators: indicators.remove(target).unwrap_or_default(),
                    iri: target.to_owned(),
                    lead: ordered_agencies(&l.role("lead"), value(row, "leadNames")),
                    monitor: ordered_agencies(&l.role("monitor"), value(row, "monitorNames")),
                    number: num.to_owned(),
                    source: source_lines(row, plan_iri),
                    title: owned(row, "title"),
                },
            ));
        }
        items.sort_by(|a, b| (&a.1.source.plan, a.0).cmp(&(&b.1.source.plan, b.0)));
        Ok(items.into_iter().map(|(_, t)| t).collect())
    }

    /// Every target's indicators, by target, in printed order.
    fn indicators(&self) -> Result<HashMap<String, Vec<Indicator>>> {
        let rows = self.select(
            "SELECT ?target ?order ?cmp ?value ?unit ?text ?label WHERE {
                ?target lcb:hasIndicator ?ind .
                ?ind lcb:indicatorOrder ?order ; lcb:comparator/skos:notation ?cmp ;
                     lcb:targetValue ?value ; lcb:unit/skos:notation ?unit ; lcb:valueText ?text .
                OPTIONAL { ?ind lcb:text ?label }
            } ORDER BY ?target ?order",
        )?;
        let mut by_target: HashMap<String, Vec<Indicator>> = HashMap::new();
        for row in &rows {
            let Some(t) = value(row, "target") else {
                continue;
            };
            by_target.entry(t.to_owned()).or_default().push(Indicator {
                comparator: owned(row, "cmp"),
                label: owned(row, "label"),
                text: owned(row, "text"),
                unit: owned(row, "unit"),
                value: value(row, "value")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(f64::NAN),
            });
        }
        Ok(by_target)
    }

    /// The task rows that pass `filter`, in plan and line order.
    ///
    /// # Errors
    /// The store's errors.
    pub fn tasks(&self, filter: &TaskFilter) -> Result<Vec<Task>> {
        let rows = self.select(
            "SELECT ?task ?plan ?code ?number ?title ?section ?group ?tkind ?ttext ?deadline ?start ?end ?dtext ?ls ?le ?leadNames ?partnerNames WHERE {
                ?plan lcb:hasTask ?task .
                ?task skos:notation ?code ; lcb:number ?number ; lcb:text ?title ;
                      lcb:lineStart ?ls ; lcb:lineEnd ?le ; lcb:timelineKind/skos:notation ?tkind .
                OPTIONAL { ?task lcb:taskSection/skos:notation ?section }
                OPTIONAL { ?task lcb:inTaskGroup/skos:notation ?group }
                OPTIONAL { ?task lcb:timelineText ?ttext }
                OPTIONAL { ?task lcb:deadline ?deadline }
                OPTIONAL { ?task lcb:startDate ?start }
                OPTIONAL { ?task lcb:endDate ?end }
                OPTIONAL { ?task lcb:deliverablesText ?dtext }
                OPTIONAL { ?task lcb:leadAgencyNames ?leadNames }
                OPTIONAL { ?task lcb:coordinatingAgencyNames ?partnerNames }
            }",
        )?;
        let links = self.links("lcb:Task", TASK_ARMS)?;
        let empty = Links::default();
        let mut items: Vec<(i64, Task)> = Vec::new();
        for row in &rows {
            let (Some(task), Some(plan)) = (value(row, "task"), value(row, "plan")) else {
                continue;
            };
            let l = links.get(task).unwrap_or(&empty);
            let section = value(row, "section").unwrap_or_default();
            let timeline = value(row, "tkind").unwrap_or("missing");
            if !plan_passes(filter.plan.as_deref(), plan) || !filter.passes(l, section, timeline) {
                continue;
            }
            items.push((
                number(row, "ls").unwrap_or(i64::MAX),
                task_of(row, task, plan, l),
            ));
        }
        items.sort_by(|a, b| (&a.1.source.plan, a.0).cmp(&(&b.1.source.plan, b.0)));
        Ok(items.into_iter().map(|(_, t)| t).collect())
    }

    /// The agencies and generic groups (`kind` `agency` or `group`, or both) with their counts
    /// of tasks and targets by role: groups after agencies, most tasks led first, then by
    /// name.
    ///
    /// # Errors
    /// The store's errors.
    pub fn agencies(&self, kind: Option<&str>) -> Result<Vec<Agency>> {
        let rows = self.select(
            "SELECT DISTINCT ?a ?name ?key ?group WHERE {
                ?a lcb:agencyKey ?key ; rdfs:label ?name .
                BIND(EXISTS { ?a a lcb:AgencyGroup } AS ?group)
            }",
        )?;
        let counts = self.agency_counts()?;
        let mut items: Vec<Agency> = Vec::new();
        let mut seen = HashSet::new();
        for row in &rows {
            let Some(a) = value(row, "a") else { continue };
            let this_kind = if value(row, "group") == Some("true") {
                "group"
            } else {
                "agency"
            };
            if !seen.insert(a) || kind.is_some_and(|k| k != this_kind) {
                continue;
            }
            let c = counts.get(a);
            let count = |r: &str| c.and_then(|c| c.get(r)).copied().unwrap_or(0);
            items.push(Agency {
                iri: a.to_owned(),
                key: owned(row, "key"),
                kind: this_kind,
                lead_targets: count("lead_targets"),
                lead_tasks: count("lead_tasks"),
                monitor_targets: count("monitor_targets"),
                name: owned(row, "name"),
                partner_tasks: count("partner_tasks"),
            });
        }
        items.sort_by(|a, b| {
            (a.kind, -a.lead_tasks, &a.name).cmp(&(b.kind, -b.lead_tasks, &b.name))
        });
        Ok(items)
    }

    /// Tasks and targets of each agency, by role.
    fn agency_counts(&self) -> Result<HashMap<String, BTreeMap<String, i64>>> {
        let rows = self.select(
            "SELECT ?a ?role (COUNT(DISTINCT ?x) AS ?n) WHERE {
                { ?x lcb:leadAgency ?a ; a lcb:Task . BIND(\"lead_tasks\" AS ?role) }
                UNION { ?x lcb:coordinatingAgency ?a ; a lcb:Task . BIND(\"partner_tasks\" AS ?role) }
                UNION { ?x lcb:leadAgency ?a ; a lcb:Target . BIND(\"lead_targets\" AS ?role) }
                UNION { ?x lcb:monitoringAgency ?a ; a lcb:Target . BIND(\"monitor_targets\" AS ?role) }
            } GROUP BY ?a ?role",
        )?;
        let mut out: HashMap<String, BTreeMap<String, i64>> = HashMap::new();
        for row in &rows {
            if let (Some(a), Some(role), Some(n)) =
                (value(row, "a"), value(row, "role"), number(row, "n"))
            {
                out.entry(a.to_owned())
                    .or_default()
                    .insert(role.to_owned(), n);
            }
        }
        Ok(out)
    }

    /// The plan documents, in IRI order, with their yearly reporting duty.
    ///
    /// # Errors
    /// The store's errors.
    pub fn plans(&self) -> Result<Vec<PlanDoc>> {
        let rows = self.select(
            "SELECT ?plan ?title ?due ?to WHERE { ?plan a lcb:Plan ; rdfs:label ?title .
                OPTIONAL { ?plan lcb:hasReportingDuty ?d . ?d lcb:dueDate ?due . OPTIONAL { ?d lcb:reportTo/rdfs:label ?to } } } ORDER BY ?plan",
        )?;
        Ok(rows
            .iter()
            .filter_map(|row| {
                Some(PlanDoc {
                    iri: owned(row, "plan")?,
                    title: owned(row, "title")?,
                    report_due: owned(row, "due"),
                    report_to: owned(row, "to"),
                })
            })
            .collect())
    }
}

fn source_lines(row: &Solution, plan: &str) -> SourceLines {
    SourceLines {
        lines: [number(row, "ls"), number(row, "le")],
        plan: plan.to_owned(),
    }
}

/// One task row from its query row and links.
fn task_of(row: &Solution, task: &str, plan: &str, l: &Links) -> Task {
    let deliverables_text = value(row, "dtext").unwrap_or("").to_owned();
    let mut deliverables = l.values("deliverable");
    deliverables.sort_by_key(|d| deliverables_text.find(d.as_str()).unwrap_or(usize::MAX));
    let mut missing = l.values("missing");
    missing.sort_by_key(|m| {
        ["lead", "partners", "timeline", "deliverables"]
            .iter()
            .position(|x| x == m)
    });
    Task {
        code: owned(row, "code"),
        deliverables,
        deliverables_text,
        group: owned(row, "group"),
        iri: task.to_owned(),
        lead: ordered_agencies(&l.role("lead"), value(row, "leadNames")),
        missing,
        number: owned(row, "number"),
        partners: ordered_agencies(&l.role("partner"), value(row, "partnerNames")),
        section: value(row, "section").unwrap_or_default().to_owned(),
        source: source_lines(row, plan),
        timeline: Timeline {
            deadline: owned(row, "deadline"),
            end: owned(row, "end"),
            kind: value(row, "tkind").unwrap_or("missing").to_owned(),
            start: owned(row, "start"),
            text: value(row, "ttext").unwrap_or("").to_owned(),
        },
        title: owned(row, "title"),
    }
}
