//! `/api/entity?iri=`: every property and link of one entity, with labels resolved (the
//! engine's `biokg_engine::read::entity::Entity`).

use crate::error::{ApiError, ApiResult, Code};
use crate::params;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use biokg_engine::read::entity::Entity;
use biokg_graph::model::NamedNode;

/// The routes of this module.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/entity", get(entity))
}

async fn entity(State(state): State<AppState>, RawQuery(raw): RawQuery) -> ApiResult<Json<Entity>> {
    let pairs = params::pairs(raw.as_deref().unwrap_or(""))?;
    let iri = params::one(&pairs, "iri")?.ok_or_else(|| ApiError::missing("iri"))?;
    let lang = params::one(&pairs, "lang")?.unwrap_or("vi").to_owned();
    if !matches!(lang.as_str(), "vi" | "en") {
        return Err(ApiError::invalid("lang", "must be vi or en"));
    }
    // Parsing as an IRI also guarantees it cannot break out of the `<…>` of the queries.
    let node = NamedNode::new(iri).map_err(|e| ApiError::invalid("iri", e))?;
    Ok(Json(describe(&state, node, lang).await?))
}

/// The description of `node` in `lang`, which the entity page renders too.
///
/// # Errors
/// `not_found` when the graph says nothing about `node`; the store's errors.
pub(crate) async fn describe(state: &AppState, node: NamedNode, lang: String) -> ApiResult<Entity> {
    let iri = node.as_str().to_owned();
    state
        .read(move |r| r.entity(&node, &lang))
        .await?
        .ok_or_else(|| ApiError::new(Code::NotFound, format!("no entity {iri} in the graph")))
}
