//! `/health` and `/`: is the service up, and what does it serve.

use crate::error::ApiResult;
use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

/// The routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
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

async fn index() -> Json<Value> {
    Json(json!({
        "name": "BioKG Lào Cai",
        "description": "Knowledge graph and search over the biotech plan of Lào Cai province",
        "version": env!("CARGO_PKG_VERSION"),
        "endpoints": {
            "sparql": "/sparql",
            "search": "/api/search?q=",
            "suggest": "/api/suggest?q=",
            "targets": "/api/targets",
            "tasks": "/api/tasks",
            "agencies": "/api/agencies",
            "entity": "/api/entity?iri=",
            "health": "/health",
        },
    }))
}
