//! `/api/targets`, `/api/tasks`, `/api/agencies`: the plan as JSON, the engine's read models
//! (`biokg_engine::read::plan`) as they are.

use crate::error::{ApiError, ApiResult};
use crate::params;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use biokg_engine::read::plan::{Agency, Target, Task, TaskFilter};
use serde::Serialize;

/// The routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/targets", get(targets))
        .route("/api/tasks", get(tasks))
        .route("/api/agencies", get(agencies))
}

/// A whole list: how many items, and the items.
#[derive(Debug, Serialize)]
pub(crate) struct Listing<T> {
    /// The items.
    pub(crate) items: Vec<T>,
    /// How many there are.
    pub(crate) total: usize,
}

impl<T> From<Vec<T>> for Listing<T> {
    fn from(items: Vec<T>) -> Self {
        Self {
            total: items.len(),
            items,
        }
    }
}

async fn targets(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Listing<Target>>> {
    let pairs = params::pairs(raw.as_deref().unwrap_or(""))?;
    let plan = params::one(&pairs, "plan")?.map(str::to_owned);
    let items = state.read(move |r| r.targets(plan.as_deref())).await?;
    Ok(Json(items.into()))
}

async fn tasks(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Listing<Task>>> {
    let pairs = params::pairs(raw.as_deref().unwrap_or(""))?;
    let filter = task_filter(&pairs)?;
    let items = state.read(move |r| r.tasks(&filter)).await?;
    Ok(Json(items.into()))
}

/// The filter of `/api/tasks`' parameters `lead`, `partner`, `section`, `timeline`, `plan`.
///
/// # Errors
/// `invalid_parameter` for an unknown section or timeline kind, a repeated `plan`.
pub(crate) fn task_filter(pairs: &[(String, String)]) -> ApiResult<TaskFilter> {
    let all = |name| {
        params::all(pairs, name)
            .into_iter()
            .map(str::to_owned)
            .collect()
    };
    let filter = TaskFilter {
        lead: all("lead"),
        partner: all("partner"),
        sections: all("section"),
        timelines: all("timeline"),
        plan: params::one(pairs, "plan")?.map(str::to_owned),
    };
    if let Some((param, v)) = filter.unknown_value() {
        let known = if param == "section" {
            biokg_engine::read::plan::SECTIONS
        } else {
            biokg_engine::read::plan::TIMELINE_KINDS
        };
        return Err(ApiError::invalid(
            param,
            format!("{v:?} is not one of {}", known.join(", ")),
        ));
    }
    Ok(filter)
}

async fn agencies(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Listing<Agency>>> {
    let pairs = params::pairs(raw.as_deref().unwrap_or(""))?;
    let kind = params::one(&pairs, "kind")?.map(str::to_owned);
    if let Some(k) = &kind
        && !matches!(k.as_str(), "agency" | "group")
    {
        return Err(ApiError::invalid(
            "kind",
            format!("{k:?} is not one of agency, group"),
        ));
    }
    let items = state.read(move |r| r.agencies(kind.as_deref())).await?;
    Ok(Json(items.into()))
}
