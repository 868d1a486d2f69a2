//! `/api/progress`: the plan's implementation as of a date (the engine's
//! `biokg_engine::read::monitoring::Progress`, rules in docs/monitoring.md), and
//! `/api/progress/report.docx`, the same as the consolidated yearly report in Word.

use crate::error::{ApiError, ApiResult};
use crate::params;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use biokg_engine::read::monitoring::{Progress, today};
use chrono::{Datelike, NaiveDate};

/// The routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/progress", get(progress))
        .route("/api/progress/report.docx", get(report_docx))
}

/// The date and year a monitoring request asks for: `as_of` (`YYYY-MM-DD`, default today)
/// and `year` (default the year of `as_of`).
///
/// # Errors
/// `invalid_parameter` for a date that is not a real day, or a year out of 2000–2100.
pub(crate) fn as_of_and_year(pairs: &[(String, String)]) -> ApiResult<(NaiveDate, i32)> {
    let as_of = match params::one(pairs, "as_of")? {
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
            ApiError::invalid("as_of", format!("{d:?} is not a date as YYYY-MM-DD"))
        })?,
        None => today().0,
    };
    let year = match params::one(pairs, "year")? {
        Some(y) => y
            .parse::<i32>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or_else(|| {
                ApiError::invalid("year", format!("{y:?} is not a year from 2000 to 2100"))
            })?,
        None => as_of.year(),
    };
    Ok((as_of, year))
}

async fn progress(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Progress>> {
    let pairs = params::pairs(raw.as_deref().unwrap_or(""))?;
    let (as_of, year) = as_of_and_year(&pairs)?;
    Ok(Json(state.read(move |r| r.progress(as_of, year)).await?))
}

/// The media type of a Word document (OOXML).
pub(crate) const DOCX: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

async fn report_docx(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> ApiResult<impl IntoResponse> {
    let pairs = params::pairs(raw.as_deref().unwrap_or(""))?;
    let (as_of, year) = as_of_and_year(&pairs)?;
    let bytes = state
        .read(move |r| biokg_engine::export::progress_docx(&r.progress(as_of, year)?))
        .await?;
    let disposition = format!("attachment; filename=\"bao-cao-tien-do-{year}.docx\"");
    Ok((
        [
            (header::CONTENT_TYPE, DOCX.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    ))
}
