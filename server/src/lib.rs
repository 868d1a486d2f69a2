//! The `biokg` binary's library: the HTTP API ([`app`]) over a [`kb::KnowledgeBase`], and the
//! command line ([`cli`]).
//!
//! This is the only crate that ties the store (`biokg-graph`), the index (`biokg-search`) and
//! the ingestors (`biokg-ingest`) together, and the only one that knows about HTTP.

pub mod cli;
pub mod docs;
pub mod error;
pub mod kb;
mod params;
pub mod routes;
pub mod state;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use error::{ApiError, Code};
use state::AppState;
use tower_http::trace::TraceLayer;

/// Largest request body accepted (a SPARQL query, a form).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The whole HTTP API.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(routes::health::router())
        .merge(routes::sparql::router())
        .merge(routes::search::router())
        .merge(routes::plan::router())
        .merge(routes::entity::router())
        .merge(routes::openapi::router())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::new(Code::NotFound, format!("no route for {}", uri.path()))
}

async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        Code::MethodNotAllowed,
        format!("{method} is not allowed on {}", uri.path()),
    )
}
