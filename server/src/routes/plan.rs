//! `/api/targets`, `/api/tasks`, `/api/agencies`: the plan as JSON.
//!
//! Each answer is read from the store with SPARQL over the documented ontology, so it shows
//! exactly what an analyst's query would; the shapes are documented in the README.

use crate::error::{ApiError, ApiResult};
use crate::params;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use biokg_graph::Solution;
use biokg_graph::model::Term;
use biokg_ontology::{PREFIXES, iri};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap};

/// The routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/targets", get(targets))
        .route("/api/tasks", get(tasks))
        .route("/api/agencies", get(agencies))
}

/// The `PREFIX` lines of every query we send.
pub fn prologue() -> String {
    PREFIXES
        .iter()
        .map(|(p, ns)| format!("PREFIX {p}: <{ns}>\n"))
        .collect()
}

/// The lexical value of a bound variable.
pub fn value<'a>(row: &'a Solution, var: &str) -> Option<&'a str> {
    match row.get(var)? {
        Term::NamedNode(n) => Some(n.as_str()),
        Term::Literal(l) => Some(l.value()),
        Term::BlankNode(b) => Some(b.as_str()),
    }
}

fn number(row: &Solution, var: &str) -> Option<i64> {
    value(row, var)?.parse().ok()
}

/// Agencies linked by a role, in the printed order kept by `names` (`"A; B; C"`).
fn ordered_agencies(links: &[(String, String)], names: Option<&str>) -> Vec<Value> {
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
        .map(|(iri, name)| json!({"iri": iri, "name": name}))
        .collect()
}

/// Whether an agency link matches a filter given as an IRI, a key or a name.
fn agency_matches(filter: &str, links: &[(String, String)]) -> bool {
    let key = iri::slug(filter);
    links.iter().any(|(iri, name)| {
        iri == filter || iri.rsplit('/').next() == Some(key.as_str()) || iri::slug(name) == key
    })
}

#[derive(Default)]
struct Links {
    by_role: HashMap<String, Vec<(String, String)>>,
    values: HashMap<String, Vec<String>>,
}

async fn links(
    state: &AppState,
    class: &str,
    arms: &[(&str, &str, bool)],
) -> ApiResult<HashMap<String, Links>> {
    // One UNION arm per role; agencies come with their labels.
    let unions: Vec<String> = arms
        .iter()
        .map(|(path, role, is_agency)| {
            if *is_agency {
                format!("{{ ?s {path} ?o . BIND(\"{role}\" AS ?role) OPTIONAL {{ ?o rdfs:label ?name }} }}")
            } else {
                format!("{{ ?s {path} ?o . BIND(\"{role}\" AS ?role) }}")
            }
        })
        .collect();
    let q = format!(
        "{}SELECT DISTINCT ?s ?role ?o ?name WHERE {{ ?s a {class} . {} }}",
        prologue(),
        unions.join(" UNION ")
    );
    let mut out: HashMap<String, Links> = HashMap::new();
    for row in state.select(q).await? {
        let (Some(s), Some(role), Some(o)) =
            (value(&row, "s"), value(&row, "role"), value(&row, "o"))
        else {
            continue;
        };
        let entry = out.entry(s.to_owned()).or_default();
        match value(&row, "name") {
            Some(name) => entry
                .by_role
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

async fn targets(State(state): State<AppState>, RawQuery(raw): RawQuery) -> ApiResult<Json<Value>> {
    let pairs = params::pairs(raw.as_deref().unwrap_or(""))?;
    let items = target_items(&state, params::one(&pairs, "plan")?).await?;
    Ok(Json(json!({"total": items.len(), "items": items})))
}

/// The targets (of one plan, given by IRI or name, or of every plan), in plan and number
/// order, as `/api/targets` items; the dashboard renders them too.
///
/// # Errors
/// The store's errors.
pub(crate) async fn target_items(
    state: &AppState,
    plan_filter: Option<&str>,
) -> ApiResult<Vec<Value>> {
    let rows = state
        .select(format!(
            "{}SELECT ?target ?plan ?number ?title ?ls ?le ?leadNames ?monitorNames WHERE {{
                ?plan lcb:hasTarget ?target .
                ?target lcb:number ?number ; lcb:text ?title ; lcb:lineStart ?ls ; lcb:lineEnd ?le .
                OPTIONAL {{ ?target lcb:leadAgencyNames ?leadNames }}
                OPTIONAL {{ ?target lcb:monitoringAgencyNames ?monitorNames }}
            }}",
            prologue()
        ))
        .await?;
    let indicators = state
        .select(format!(
            "{}SELECT ?target ?order ?cmp ?value ?unit ?text ?label WHERE {{
                ?target lcb:hasIndicator ?ind .
                ?ind lcb:indicatorOrder ?order ; lcb:comparator/skos:notation ?cmp ;
                     lcb:targetValue ?value ; lcb:unit/skos:notation ?unit ; lcb:valueText ?text .
                OPTIONAL {{ ?ind lcb:text ?label }}
            }} ORDER BY ?target ?order",
            prologue()
        ))
        .await?;
    let mut by_target: HashMap<String, Vec<Value>> = HashMap::new();
    for row in &indicators {
        let Some(t) = value(row, "target") else {
            continue;
        };
        let mut ind = Map::new();
        ind.insert("comparator".into(), json!(value(row, "cmp")));
        let v: f64 = value(row, "value")
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN);
        ind.insert("value".into(), json!(v));
        ind.insert("unit".into(), json!(value(row, "unit")));
        ind.insert("text".into(), json!(value(row, "text")));
        if let Some(l) = value(row, "label") {
            ind.insert("label".into(), json!(l));
        }
        by_target
            .entry(t.to_owned())
            .or_default()
            .push(Value::Object(ind));
    }
    let links = links(
        state,
        "lcb:Target",
        &[
            ("lcb:leadAgency", "lead", true),
            ("lcb:monitoringAgency", "monitor", true),
        ],
    )
    .await?;
    let empty = Links::default();
    let mut items: Vec<(String, i64, Value)> = Vec::new();
    for row in &rows {
        let (Some(target), Some(plan)) = (value(row, "target"), value(row, "plan")) else {
            continue;
        };
        if let Some(f) = plan_filter
            && plan != f
            && !plan.ends_with(&format!("/{f}"))
        {
            continue;
        }
        let l = links.get(target).unwrap_or(&empty);
        let role = |r: &str| l.by_role.get(r).cloned().unwrap_or_default();
        let num = value(row, "number").unwrap_or_default();
        items.push((
            plan.to_owned(),
            num.parse().unwrap_or(i64::MAX),
            json!({
                "iri": target,
                "number": num,
                "title": value(row, "title"),
                "indicators": by_target.remove(target).unwrap_or_default(),
                "lead": ordered_agencies(&role("lead"), value(row, "leadNames")),
                "monitor": ordered_agencies(&role("monitor"), value(row, "monitorNames")),
                "source": {"plan": plan, "lines": [number(row, "ls"), number(row, "le")]},
            }),
        ));
    }
    items.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    Ok(items.into_iter().map(|(_, _, v)| v).collect())
}

async fn tasks(State(state): State<AppState>, RawQuery(raw): RawQuery) -> ApiResult<Json<Value>> {
    let pairs = params::pairs(raw.as_deref().unwrap_or(""))?;
    let items = task_items(&state, &TaskFilter::from_pairs(&pairs)?).await?;
    Ok(Json(json!({"total": items.len(), "items": items})))
}

/// Which task rows to list: each list is an OR, the lists are ANDed, an empty list lets
/// everything through.
#[derive(Debug, Default)]
pub(crate) struct TaskFilter<'a> {
    /// Lead agencies, by IRI, key or name.
    pub(crate) lead: Vec<&'a str>,
    /// Coordinating agencies, by IRI, key or name.
    pub(crate) partner: Vec<&'a str>,
    /// Sections: `I`, `II`, `III`.
    pub(crate) sections: Vec<&'a str>,
    /// Timeline kinds: `deadline`, `from`, `annual`, `period`, `ongoing`, `missing`.
    pub(crate) timelines: Vec<&'a str>,
    /// One plan, by IRI or name.
    pub(crate) plan: Option<&'a str>,
}

impl<'a> TaskFilter<'a> {
    /// The filter of `/api/tasks`' parameters `lead`, `partner`, `section`, `timeline`, `plan`.
    ///
    /// # Errors
    /// `invalid_parameter` for an unknown section or timeline kind, a repeated `plan`.
    pub(crate) fn from_pairs(pairs: &'a [(String, String)]) -> ApiResult<Self> {
        let filter = Self {
            lead: params::all(pairs, "lead"),
            partner: params::all(pairs, "partner"),
            sections: params::all(pairs, "section"),
            timelines: params::all(pairs, "timeline"),
            plan: params::one(pairs, "plan")?,
        };
        filter.check()?;
        Ok(filter)
    }

    fn check(&self) -> ApiResult<()> {
        for s in &self.sections {
            if !matches!(*s, "I" | "II" | "III") {
                return Err(ApiError::invalid(
                    "section",
                    format!("{s:?} is not one of I, II, III"),
                ));
            }
        }
        for t in &self.timelines {
            if !matches!(
                *t,
                "deadline" | "from" | "annual" | "period" | "ongoing" | "missing"
            ) {
                return Err(ApiError::invalid(
                    "timeline",
                    format!("{t:?} is not one of deadline, from, annual, period, ongoing, missing"),
                ));
            }
        }
        Ok(())
    }
}

/// The task rows that pass `filter`, in plan and line order, as `/api/tasks` items; the
/// dashboard renders them too.
///
/// # Errors
/// The store's errors.
pub(crate) async fn task_items(state: &AppState, filter: &TaskFilter<'_>) -> ApiResult<Vec<Value>> {
    let TaskFilter {
        lead,
        partner,
        sections,
        timelines,
        plan: plan_filter,
    } = filter;
    let rows = state
        .select(format!(
            "{}SELECT ?task ?plan ?code ?number ?title ?section ?group ?tkind ?ttext ?deadline ?start ?end ?dtext ?ls ?le ?leadNames ?partnerNames WHERE {{
                ?plan lcb:hasTask ?task .
                ?task skos:notation ?code ; lcb:number ?number ; lcb:text ?title ;
                      lcb:lineStart ?ls ; lcb:lineEnd ?le ; lcb:timelineKind/skos:notation ?tkind .
                OPTIONAL {{ ?task lcb:taskSection/skos:notation ?section }}
                OPTIONAL {{ ?task lcb:inTaskGroup/skos:notation ?group }}
                OPTIONAL {{ ?task lcb:timelineText ?ttext }}
                OPTIONAL {{ ?task lcb:deadline ?deadline }}
                OPTIONAL {{ ?task lcb:startDate ?start }}
                OPTIONAL {{ ?task lcb:endDate ?end }}
                OPTIONAL {{ ?task lcb:deliverablesText ?dtext }}
                OPTIONAL {{ ?task lcb:leadAgencyNames ?leadNames }}
                OPTIONAL {{ ?task lcb:coordinatingAgencyNames ?partnerNames }}
            }}",
            prologue()
        ))
        .await?;
    let links = links(
        state,
        "lcb:Task",
        &[
            ("lcb:leadAgency", "lead", true),
            ("lcb:coordinatingAgency", "partner", true),
            ("lcb:deliverable", "deliverable", false),
            ("lcb:missingField/skos:notation", "missing", false),
        ],
    )
    .await?;
    let empty = Links::default();
    let mut items: Vec<(String, i64, Value)> = Vec::new();
    for row in &rows {
        let (Some(task), Some(plan)) = (value(row, "task"), value(row, "plan")) else {
            continue;
        };
        if let Some(f) = *plan_filter
            && plan != f
            && !plan.ends_with(&format!("/{f}"))
        {
            continue;
        }
        let l = links.get(task).unwrap_or(&empty);
        let role = |r: &str| l.by_role.get(r).cloned().unwrap_or_default();
        let section = value(row, "section").unwrap_or_default();
        let tkind = value(row, "tkind").unwrap_or("missing");
        if !lead.is_empty() && !lead.iter().any(|f| agency_matches(f, &role("lead"))) {
            continue;
        }
        if !partner.is_empty() && !partner.iter().any(|f| agency_matches(f, &role("partner"))) {
            continue;
        }
        if !sections.is_empty() && !sections.contains(&section) {
            continue;
        }
        if !timelines.is_empty() && !timelines.contains(&tkind) {
            continue;
        }
        let mut timeline = Map::new();
        timeline.insert("kind".into(), json!(tkind));
        timeline.insert("text".into(), json!(value(row, "ttext").unwrap_or("")));
        for (var, key) in [("deadline", "deadline"), ("start", "start"), ("end", "end")] {
            if let Some(v) = value(row, var) {
                timeline.insert(key.into(), json!(v));
            }
        }
        let dtext = value(row, "dtext").unwrap_or("");
        let mut deliverables = l.values.get("deliverable").cloned().unwrap_or_default();
        deliverables.sort_by_key(|d| dtext.find(d.as_str()).unwrap_or(usize::MAX));
        let mut missing = l.values.get("missing").cloned().unwrap_or_default();
        missing.sort_by_key(|m| {
            ["lead", "partners", "timeline", "deliverables"]
                .iter()
                .position(|x| x == m)
        });
        items.push((
            plan.to_owned(),
            number(row, "ls").unwrap_or(i64::MAX),
            json!({
                "iri": task,
                "code": value(row, "code"),
                "section": section,
                "number": value(row, "number"),
                "group": value(row, "group"),
                "title": value(row, "title"),
                "lead": ordered_agencies(&role("lead"), value(row, "leadNames")),
                "partners": ordered_agencies(&role("partner"), value(row, "partnerNames")),
                "timeline": timeline,
                "deliverables": deliverables,
                "deliverables_text": dtext,
                "missing": missing,
                "source": {"plan": plan, "lines": [number(row, "ls"), number(row, "le")]},
            }),
        ));
    }
    items.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    Ok(items.into_iter().map(|(_, _, v)| v).collect())
}

async fn agencies(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Value>> {
    let pairs = params::pairs(raw.as_deref().unwrap_or(""))?;
    let kind_filter = params::one(&pairs, "kind")?;
    if let Some(k) = kind_filter
        && !matches!(k, "agency" | "group")
    {
        return Err(ApiError::invalid(
            "kind",
            format!("{k:?} is not one of agency, group"),
        ));
    }
    let items = agency_items(&state, kind_filter).await?;
    Ok(Json(json!({"total": items.len(), "items": items})))
}

/// The agencies and generic groups (`kind` `agency` or `group`, or both) with their counts
/// of tasks and targets by role, as `/api/agencies` items; the dashboard's agency filter
/// lists them too.
///
/// # Errors
/// The store's errors.
pub(crate) async fn agency_items(
    state: &AppState,
    kind_filter: Option<&str>,
) -> ApiResult<Vec<Value>> {
    let rows = state
        .select(format!(
            "{}SELECT DISTINCT ?a ?name ?key ?group WHERE {{
                ?a lcb:agencyKey ?key ; rdfs:label ?name .
                BIND(EXISTS {{ ?a a lcb:AgencyGroup }} AS ?group)
            }}",
            prologue()
        ))
        .await?;
    let counts = state
        .select(format!(
            "{}SELECT ?a ?role (COUNT(DISTINCT ?x) AS ?n) WHERE {{
                {{ ?x lcb:leadAgency ?a ; a lcb:Task . BIND(\"lead_tasks\" AS ?role) }}
                UNION {{ ?x lcb:coordinatingAgency ?a ; a lcb:Task . BIND(\"partner_tasks\" AS ?role) }}
                UNION {{ ?x lcb:leadAgency ?a ; a lcb:Target . BIND(\"lead_targets\" AS ?role) }}
                UNION {{ ?x lcb:monitoringAgency ?a ; a lcb:Target . BIND(\"monitor_targets\" AS ?role) }}
            }} GROUP BY ?a ?role",
            prologue()
        ))
        .await?;
    let mut by_agency: HashMap<&str, BTreeMap<&str, i64>> = HashMap::new();
    for row in &counts {
        if let (Some(a), Some(role), Some(n)) =
            (value(row, "a"), value(row, "role"), number(row, "n"))
        {
            by_agency.entry(a).or_default().insert(role, n);
        }
    }
    let mut items: Vec<Value> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for row in &rows {
        let Some(a) = value(row, "a") else { continue };
        if !seen.insert(a) {
            continue;
        }
        let kind = if value(row, "group") == Some("true") {
            "group"
        } else {
            "agency"
        };
        if kind_filter.is_some_and(|k| k != kind) {
            continue;
        }
        let c = by_agency.get(a);
        let count = |r: &str| c.and_then(|c| c.get(r)).copied().unwrap_or(0);
        items.push(json!({
            "iri": a,
            "name": value(row, "name"),
            "key": value(row, "key"),
            "kind": kind,
            "lead_tasks": count("lead_tasks"),
            "partner_tasks": count("partner_tasks"),
            "lead_targets": count("lead_targets"),
            "monitor_targets": count("monitor_targets"),
        }));
    }
    items.sort_by(|a, b| {
        let key = |v: &Value| {
            (
                v["kind"].as_str().map(str::to_owned),
                -v["lead_tasks"].as_i64().unwrap_or(0),
                v["name"].as_str().map(str::to_owned),
            )
        };
        key(a).cmp(&key(b))
    });
    Ok(items)
}
