//! `/api/search` and `/api/suggest`: full-text search over every entity.

use crate::error::{ApiError, ApiResult};
use crate::params;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use biokg_search::{SearchRequest, SearchResults, Sort};
use serde_json::{Map, Value, json};
use std::time::Instant;

/// The routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/search", get(search))
        .route("/api/suggest", get(suggest))
}

/// Parameters that are not facet filters.
const RESERVED: &[&str] = &["q", "type", "limit", "offset", "sort", "lang"];

/// Largest page of hits.
pub const MAX_LIMIT: usize = 100;

/// The search request of a query string's pairs: `q`, `type` (repeated or comma-separated),
/// `limit`, `offset`, `sort`, and every other key but `lang` as a facet filter. The search
/// page builds its request with it too.
///
/// # Errors
/// `invalid_parameter` for an unknown type or order, a limit or offset out of range.
pub(crate) fn request(pairs: &[(String, String)]) -> ApiResult<SearchRequest> {
    let q = params::one(pairs, "q")?.unwrap_or("").to_owned();
    let kinds: Vec<String> = params::all(pairs, "type")
        .into_iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect();
    if let Some(unknown) = kinds
        .iter()
        .find(|k| !biokg_engine::documents::KINDS.contains(&k.as_str()))
    {
        return Err(ApiError::invalid(
            "type",
            format!(
                "unknown type {unknown:?}; the types are {}",
                biokg_engine::documents::KINDS.join(", ")
            ),
        ));
    }
    let filters: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| !RESERVED.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok(SearchRequest {
        q,
        kinds,
        filters,
        limit: params::number(pairs, "limit", 20, 0, MAX_LIMIT)?,
        offset: params::number(pairs, "offset", 0, 0, 10_000)?,
        sort: match params::one(pairs, "sort")? {
            None | Some("relevance") => Sort::Relevance,
            Some("name") => Sort::Name,
            Some(other) => {
                return Err(ApiError::invalid(
                    "sort",
                    format!("unknown order {other:?}; use relevance or name"),
                ));
            }
        },
    })
}

/// Runs a search off the async runtime.
///
/// # Errors
/// As `SearchIndex::search`.
pub(crate) async fn run(state: &AppState, request: SearchRequest) -> ApiResult<SearchResults> {
    let kb = state.kb.clone();
    Ok(tokio::task::spawn_blocking(move || kb.index().search(&request)).await??)
}

async fn search(State(state): State<AppState>, RawQuery(raw): RawQuery) -> ApiResult<Json<Value>> {
    let started = Instant::now();
    let pairs = params::pairs(raw.as_deref().unwrap_or(""))?;
    let request = request(&pairs)?;
    if request.q.trim().is_empty() && request.kinds.is_empty() && request.filters.is_empty() {
        return Err(ApiError::missing("q"));
    }
    let q = request.q.clone();
    let results = run(&state, request).await?;
    let hits: Vec<Value> = results
        .hits
        .iter()
        .map(|h| {
            let mut hit = json!({"iri": h.iri, "type": h.kind, "label": h.label, "snippet": h.snippet, "score": h.score});
            if h.illustrative {
                hit["illustrative"] = json!(true);
            }
            hit
        })
        .collect();
    let mut facets = Map::new();
    for (name, counts) in &results.facets {
        let name = if name == "kind" {
            "type"
        } else {
            name.as_str()
        };
        facets.insert(name.to_owned(), json!(counts));
    }
    Ok(Json(json!({
        "query": q,
        "total": results.total,
        "took_ms": started.elapsed().as_secs_f64() * 1000.0,
        "hits": hits,
        "facets": facets,
    })))
}

async fn suggest(State(state): State<AppState>, RawQuery(raw): RawQuery) -> ApiResult<Json<Value>> {
    let started = Instant::now();
    let pairs = params::pairs(raw.as_deref().unwrap_or(""))?;
    let q = params::one(&pairs, "q")?
        .ok_or_else(|| ApiError::missing("q"))?
        .to_owned();
    let limit = params::number(&pairs, "limit", 8, 1, 50)?;
    let kb = state.kb.clone();
    let prefix = q.clone();
    let suggestions =
        tokio::task::spawn_blocking(move || kb.index().suggest(&prefix, limit)).await??;
    let items: Vec<Value> = suggestions
        .iter()
        .map(|s| json!({"iri": s.iri, "type": s.kind, "label": s.label, "score": s.score}))
        .collect();
    Ok(Json(json!({
        "query": q,
        "took_ms": started.elapsed().as_secs_f64() * 1000.0,
        "suggestions": items,
    })))
}
