//! `/health`, `/ready` and `/`: is the service up, can it serve, and what does it serve (`/`
//! is the home page for browsers).
//!
//! `/health` answers 200 whenever the process can answer at all (a liveness probe) and shows
//! the generations; `/ready` answers 200 only when the store and the index are open and the
//! index reflects the store's generation (a readiness probe), and 503 `not_ready` otherwise.

use crate::error::{ApiError, ApiResult, Code};
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

/// The routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/ready", get(ready))
        .route("/", get(index))
}

async fn health(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    let kb = state.kb.clone();
    let (store_generation, triples, index_generation, documents) =
        tokio::task::spawn_blocking(move || -> ApiResult<_> {
            Ok((
                kb.graph().generation()?,
                kb.graph().len()?,
                kb.index().generation()?,
                kb.index().num_docs()?,
            ))
        })
        .await??;
    Ok(Json(json!({
        "status": "ok",
        "store": {"generation": store_generation, "triples": triples},
        "index": {"generation": index_generation, "documents": documents},
        "in_step": index_generation == Some(store_generation),
    })))
}

async fn ready(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    let kb = state.kb.clone();
    let checked = tokio::task::spawn_blocking(move || -> ApiResult<_> {
        Ok((kb.graph().generation()?, kb.index().generation()?))
    })
    .await?;
    match checked {
        Ok((store, Some(index))) if index == store => Ok(Json(json!({
            "status": "ready",
            "generation": store,
        }))),
        Ok((store, index)) => Err(ApiError::new(
            Code::NotReady,
            format!(
                "the index is at generation {} and the store at {store}",
                index.map_or_else(|| "none".to_owned(), |g| g.to_string())
            ),
        )),
        Err(e) => Err(ApiError::new(
            Code::NotReady,
            format!(
                "the store or the index cannot be read ({})",
                e.code().as_str()
            ),
        )),
    }
}

/// `/`: the home page for clients that prefer HTML (browsers), else what the service is and
/// where its endpoints are, as JSON.
async fn index(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let mut response = if crate::pages::wants_html(&headers) {
        crate::pages::home::page_for(&state, &headers, raw.as_deref())
            .await
            .unwrap_or_else(|e| crate::pages::html_error(&uri, &headers, &e))
    } else {
        index_json().into_response()
    };
    response.headers_mut().insert(
        header::VARY,
        HeaderValue::from_static("accept, accept-language"),
    );
    Ok(response)
}

fn index_json() -> Json<Value> {
    Json(json!({
        "name": "BioKG Lào Cai",
        "description": "Knowledge graph and search over the biotech plan of Lào Cai province and the registries around it",
        "version": env!("CARGO_PKG_VERSION"),
        "endpoints": {
            "sparql": "/sparql",
            "search": "/api/search?q=",
            "suggest": "/api/suggest?q=",
            "targets": "/api/targets",
            "tasks": "/api/tasks",
            "agencies": "/api/agencies",
            "entity": "/api/entity?iri=",
            "store": "/store?graph=",
            "health": "/health",
            "ready": "/ready",
            "metrics": "/metrics",
            "openapi": "/api/openapi.json",
            "pages": "/ (Accept: text/html), /search, /plan, /value-chain, /query, /id/…",
        },
    }))
}
