//! `/metrics`: the Prometheus text exposition of [`crate::metrics::Metrics`], with the store,
//! index and gate gauges read at scrape time.

use crate::error::ApiResult;
use crate::metrics::Gauges;
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

/// The routes of this module.
pub fn router() -> Router<AppState> {
    Router::new().route("/metrics", get(metrics))
}

async fn metrics(State(state): State<AppState>) -> ApiResult<Response> {
    let kb = state.kb.clone();
    // Counting quads walks the store: off the async runtime.
    let mut gauges = tokio::task::spawn_blocking(move || -> ApiResult<Gauges> {
        Ok(Gauges {
            triples: kb.graph().len()?,
            documents: kb.index().num_docs()?,
            store_generation: kb.graph().generation()?,
            index_generation: kb.index().generation()?,
            ingests: kb.ingests(),
            writes: kb.writes(),
            ..Gauges::default()
        })
    })
    .await??;
    gauges.sparql_running = state.gate.running();
    gauges.sparql_slots = state.gate.size();
    gauges.cache = state.cache.stats();
    let mut response = state.metrics.render(&gauges).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    Ok(response)
}
