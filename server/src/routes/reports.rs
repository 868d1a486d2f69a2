//! `POST /api/reports`: an agency's yearly report uploaded as `.xlsx` or `.csv`, with the
//! agency's own token (or the write token). The report goes the one way into ingest
//! (`KnowledgeBase::load`, then `ingest_with`): a bad file is refused whole with every problem
//! listed, and an agency's token files reports in that agency's name only.

use crate::auth::{Uploader, authorize_report};
use crate::error::{ApiError, ApiResult, Code};
use crate::params;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use biokg_engine::IngestOptions;
use biokg_ingest::{Format, Input, Loaded};
use biokg_ontology::lcb;
use serde::Serialize;

/// The media type of an Excel workbook.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The routes of this module.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/reports", post(upload))
}

/// What a stored report is, as the upload's answer.
#[derive(Debug, Serialize)]
pub(crate) struct Filed {
    /// The reporting agency's key.
    agency: String,
    /// The named graph the submission is in.
    graph: String,
    /// The report's IRI.
    report: String,
    /// Rows by kind, and triples.
    summary: biokg_ingest::Report,
    /// The credential that uploaded it: `admin` or the agency's key.
    uploaded_by: String,
}

/// The file name the body is read as: `file=` when given, else `report.xlsx` or `report.csv`
/// by the body's media type.
fn file_name(pairs: &[(String, String)], headers: &HeaderMap) -> ApiResult<String> {
    let media = params::content_type(headers);
    let ext = match media.as_str() {
        XLSX => "xlsx",
        "text/csv" | "application/csv" => "csv",
        other => {
            return Err(ApiError::new(
                Code::UnsupportedMediaType,
                format!("a report is {XLSX} or text/csv, not {other:?}"),
            ));
        }
    };
    match params::one(pairs, "file")? {
        Some(f) if f.ends_with(&format!(".{ext}")) && !f.contains(['/', '\\']) => Ok(f.to_owned()),
        Some(f) => Err(ApiError::invalid(
            "file",
            format!("{f:?} is not a .{ext} file name"),
        )),
        None => Ok(format!("report.{ext}")),
    }
}

async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Filed>)> {
    let uploader = authorize_report(
        state.settings.write_token.as_ref(),
        &state.settings.report_tokens,
        &headers,
    )?;
    let pairs = params::pairs(raw.as_deref().unwrap_or(""))?;
    let file = file_name(&pairs, &headers)?;
    let kb = state.kb.clone();
    let filed = tokio::task::spawn_blocking(move || -> ApiResult<Filed> {
        let input =
            Input::bytes(Format::Report, file, body.to_vec()).uploaded_by(uploader.as_str());
        let loaded = kb
            .load(&input, biokg_ingest::registry::Gazetteer::bundled())
            .map_err(refused)?;
        let agency = reporting_agency(&loaded)?;
        if let Uploader::Agency(key) = &uploader
            && *key != agency
        {
            return Err(ApiError::new(
                Code::ForbiddenAgency,
                format!("the token of {key} cannot file a report in the name of {agency}"),
            ));
        }
        let graph = loaded.source.graph().as_str().to_owned();
        let report = loaded
            .quads
            .iter()
            .find(|q| q.predicate == lcb::REPORTING_AGENCY)
            .map(|q| q.subject.to_string().trim_matches(['<', '>']).to_owned())
            .unwrap_or_default();
        let summary = kb.ingest_with(loaded, IngestOptions::default())?;
        tracing::info!(%agency, %graph, uploaded_by = uploader.as_str(), "report filed");
        Ok(Filed {
            agency,
            graph,
            report,
            summary,
            uploaded_by: uploader.as_str().to_owned(),
        })
    })
    .await??;
    Ok((StatusCode::CREATED, Json(filed)))
}

/// A report the ingestor refused: `invalid_report` with every problem.
fn refused(e: biokg_engine::Error) -> ApiError {
    match e {
        biokg_engine::Error::Ingest(biokg_ingest::Error::Invalid(problems)) => ApiError::new(
            Code::InvalidReport,
            format!(
                "the report has {} problem(s); nothing was loaded",
                problems.len()
            ),
        )
        .with_problems(problems.iter().map(ToString::to_string).collect()),
        biokg_engine::Error::Ingest(other) => {
            let message = other.to_string();
            ApiError::new(
                Code::InvalidReport,
                format!("the report cannot be read; nothing was loaded: {message}"),
            )
            .with_problems(vec![message])
        }
        other => other.into(),
    }
}

/// The key of the agency a validated report is from.
fn reporting_agency(loaded: &Loaded) -> ApiResult<String> {
    loaded
        .quads
        .iter()
        .find(|q| q.predicate == lcb::REPORTING_AGENCY)
        .and_then(|q| match &q.object {
            biokg_graph::model::Term::NamedNode(n) => {
                n.as_str().rsplit('/').next().map(str::to_owned)
            }
            _ => None,
        })
        .ok_or_else(|| ApiError::internal("a validated report without its agency"))
}
