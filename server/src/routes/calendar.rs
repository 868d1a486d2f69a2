//! `/api/deadlines.ics`: the plan's deadlines, period ends and yearly reporting dates as an
//! RFC 5545 calendar to subscribe to (`biokg_engine::calendar`).

use crate::error::ApiResult;
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use biokg_engine::read::plan::TaskFilter;

/// The routes of this module.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/deadlines.ics", get(deadlines))
}

async fn deadlines(State(state): State<AppState>) -> ApiResult<Response> {
    let body = state
        .read(|r| {
            let tasks = r.tasks(&TaskFilter::default())?;
            let plans = r.plans()?;
            Ok(biokg_engine::calendar::deadlines(&tasks, &plans))
        })
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "inline; filename=\"ke-hoach-cnsh-lao-cai.ics\"",
            ),
        ],
        body,
    )
        .into_response())
}
