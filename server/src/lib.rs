//! The `biokg` binary's library: the HTTP API and the web pages ([`app`]) over the engine's
//! [`biokg_engine::KnowledgeBase`], and the command line ([`cli`]).
//!
//! This is the only crate that knows about HTTP. It holds routes, pages, middleware and the
//! command line, and nothing the command line and HTTP share: that is the engine's.

pub mod auth;
pub mod cache;
pub mod cli;
pub mod error;
pub mod limits;
pub mod metrics;
pub mod middleware;
mod pages;
mod params;
pub mod routes;
pub mod state;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use error::{ApiError, Code};
use state::AppState;

/// The whole HTTP API and the pages. Every request gets a request id (outermost, so every log line of the
/// request carries it), is counted and logged by route, and passes the rate limit; bodies are
/// capped at `settings.max_body_bytes`.
pub fn app(state: AppState) -> Router {
    let max_body = state.settings.max_body_bytes;
    Router::new()
        .merge(routes::health::router())
        .merge(routes::metrics::router())
        .merge(routes::sparql::router())
        .merge(routes::store::router())
        .merge(routes::search::router())
        .merge(routes::plan::router())
        .merge(routes::progress::router())
        .merge(routes::calendar::router())
        .merge(routes::reports::router())
        .merge(routes::entity::router())
        .merge(routes::openapi::router())
        .merge(pages::router())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::rate_limit,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::track,
        ))
        .layer(axum::middleware::from_fn(middleware::request_id))
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
