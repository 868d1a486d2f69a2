//! `/api/entity?iri=`: every property and link of one entity, with labels resolved.

use crate::error::{ApiError, ApiResult, Code};
use crate::params;
use crate::routes::plan::{prologue, value};
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use biokg_graph::model::{NamedNode, Term};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The routes of this module.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/entity", get(entity))
}

/// Most incoming links listed for one entity.
pub(crate) const MAX_INCOMING: usize = 1000;

async fn entity(State(state): State<AppState>, RawQuery(raw): RawQuery) -> ApiResult<Json<Value>> {
    let pairs = params::pairs(raw.as_deref().unwrap_or(""))?;
    let iri = params::one(&pairs, "iri")?.ok_or_else(|| ApiError::missing("iri"))?;
    let lang = params::one(&pairs, "lang")?.unwrap_or("vi").to_owned();
    if !matches!(lang.as_str(), "vi" | "en") {
        return Err(ApiError::invalid("lang", "must be vi or en"));
    }
    // Parsing as an IRI also guarantees it cannot break out of the `<…>` of the queries.
    let node = NamedNode::new(iri).map_err(|e| ApiError::invalid("iri", e))?;
    Ok(Json(describe(&state, &node, &lang).await?))
}

/// Every property and incoming link of `node`, labels resolved in `lang`: the JSON of
/// `/api/entity`, which the entity page renders too.
///
/// # Errors
/// `not_found` when the graph says nothing about `node`; the store's errors.
pub(crate) async fn describe(state: &AppState, node: &NamedNode, lang: &str) -> ApiResult<Value> {
    let iri = node.as_str();
    let outgoing = state
        .select(format!(
            "SELECT DISTINCT ?p ?o ?g WHERE {{ GRAPH ?g {{ {node} ?p ?o }} }}"
        ))
        .await?;
    let incoming = state
        .select(format!(
            "SELECT DISTINCT ?s ?p WHERE {{ GRAPH ?g {{ ?s ?p {node} }} FILTER(isIRI(?s)) }} LIMIT {MAX_INCOMING}"
        ))
        .await?;
    if outgoing.is_empty() && incoming.is_empty() {
        return Err(ApiError::new(
            Code::NotFound,
            format!("no entity {iri} in the graph"),
        ));
    }
    // Labels of everything we show.
    let mut named: BTreeSet<String> = BTreeSet::new();
    named.insert(node.as_str().to_owned());
    for row in &outgoing {
        for var in ["p", "o"] {
            if let Some(Term::NamedNode(n)) = row.get(var) {
                named.insert(n.as_str().to_owned());
            }
        }
    }
    for row in &incoming {
        for var in ["s", "p"] {
            if let Some(Term::NamedNode(n)) = row.get(var) {
                named.insert(n.as_str().to_owned());
            }
        }
    }
    let labels = labels(state, &named, lang).await?;
    let label_of = |iri: &str| labels.get(iri).cloned();
    let link = |iri: &str| json!({"iri": iri, "label": label_of(iri)});

    let mut types = Vec::new();
    let mut graphs = BTreeSet::new();
    let mut properties: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for row in &outgoing {
        let (Some(Term::NamedNode(p)), Some(o)) = (row.get("p"), row.get("o")) else {
            continue;
        };
        if let Some(g) = value(row, "g") {
            graphs.insert(g.to_owned());
        }
        if p.as_str() == oxigraph::model::vocab::rdf::TYPE.as_str() {
            if let Term::NamedNode(t) = o {
                types.push(link(t.as_str()));
            }
            continue;
        }
        let v = match o {
            Term::NamedNode(n) => link(n.as_str()),
            Term::Literal(l) => {
                let mut m = Map::new();
                m.insert("value".into(), json!(l.value()));
                if let Some(lang) = l.language() {
                    m.insert("language".into(), json!(lang));
                } else if l.datatype() != oxigraph::model::vocab::xsd::STRING {
                    m.insert("datatype".into(), json!(l.datatype().as_str()));
                }
                Value::Object(m)
            }
            Term::BlankNode(b) => json!({"blank": b.as_str()}),
        };
        properties.entry(p.as_str().to_owned()).or_default().push(v);
    }
    let mut incoming_by: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for row in &incoming {
        if let (Some(s), Some(p)) = (value(row, "s"), value(row, "p")) {
            incoming_by.entry(p.to_owned()).or_default().push(link(s));
        }
    }
    // Nothing illustrative is shown without that mark (data/README.md).
    let illustrative = properties
        .get(biokg_ontology::lcb::ILLUSTRATIVE.as_str())
        .is_some_and(|vs| vs.iter().any(|v| v["value"] == "true"));
    let group = |m: BTreeMap<String, Vec<Value>>, key: &str| -> Vec<Value> {
        m.into_iter()
            .map(|(p, mut vs)| {
                vs.sort_by_key(ToString::to_string);
                json!({"predicate": link(&p), key: vs})
            })
            .collect()
    };
    Ok(json!({
        "iri": node.as_str(),
        "label": label_of(node.as_str()),
        "types": types,
        "properties": group(properties, "values"),
        "incoming": group(incoming_by, "subjects"),
        "graphs": graphs,
        "illustrative": illustrative,
    }))
}

/// The best label of each IRI: `rdfs:label` or `skos:prefLabel` in `lang`, else in any
/// language, else `skos:notation`.
pub(crate) async fn labels(
    state: &AppState,
    iris: &BTreeSet<String>,
    lang: &str,
) -> ApiResult<HashMap<String, String>> {
    let mut out: HashMap<String, (u8, String)> = HashMap::new();
    for chunk in iris.iter().collect::<Vec<_>>().chunks(200) {
        let values: String = chunk.iter().map(|i| format!("<{i}> ")).collect();
        let rows = state
            .select(format!(
                "{}SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }} ?x rdfs:label|skos:prefLabel|skos:notation ?l }}",
                prologue()
            ))
            .await?;
        for row in rows {
            let (Some(x), Some(Term::Literal(l))) = (value(&row, "x"), row.get("l")) else {
                continue;
            };
            let rank = match l.language() {
                Some(t) if t == lang => 3,
                Some(_) => 1,
                None => 2,
            };
            let e = out.entry(x.to_owned()).or_insert((0, String::new()));
            if rank > e.0 || (rank == e.0 && l.value().len() < e.1.len()) {
                *e = (rank, l.value().to_owned());
            }
        }
    }
    Ok(out.into_iter().map(|(k, (_, v))| (k, v)).collect())
}
