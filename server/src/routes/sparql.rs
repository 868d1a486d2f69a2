//! `/sparql`: the SPARQL 1.1 Protocol, query and update operations.
//!
//! Queries: GET with `?query=`, POST of a form with `query=`, POST of
//! `application/sparql-query`; `default-graph-uri` and `named-graph-uri` select the dataset.
//! Results are negotiated with `Accept` (or a `format` parameter): JSON, XML, CSV and TSV for
//! SELECT and ASK; Turtle, N-Triples, RDF/XML and JSON-LD for CONSTRUCT and DESCRIBE.
//!
//! Updates: POST of a form with `update=` or of `application/sparql-update`, with the write
//! token (see [`crate::auth`]). Both kinds take a slot of the [`crate::limits::QueryGate`] and
//! run under the query time limit.

use crate::cache;
use crate::error::{ApiError, ApiResult, Code};
use crate::params;
use crate::state::AppState;
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use biokg_graph::{
    Dataset, Format, PreparedQuery, PreparedUpdate, QueryKind, QueryResultsFormat, RdfFormat,
    Touched,
};
use serde_json::json;

/// The routes of this module.
pub fn router() -> Router<AppState> {
    Router::new().route("/sparql", get(get_query).post(post_query))
}

/// A query operation as the protocol received it.
struct Operation {
    query: String,
    dataset: Dataset,
    format: Option<String>,
}

fn operation(query: String, pairs: &[(String, String)]) -> ApiResult<Operation> {
    Ok(Operation {
        query,
        dataset: Dataset {
            default_graphs: params::all(pairs, "default-graph-uri")
                .into_iter()
                .map(str::to_owned)
                .collect(),
            named_graphs: params::all(pairs, "named-graph-uri")
                .into_iter()
                .map(str::to_owned)
                .collect(),
        },
        format: params::one(pairs, "format")?.map(str::to_owned),
    })
}

fn reject_updates(pairs: &[(String, String)]) -> ApiResult<()> {
    if !params::all(pairs, "update").is_empty() {
        return Err(ApiError::new(
            Code::BadRequest,
            "a SPARQL Update is sent with POST (a form with update=, or application/sparql-update), not in the URL",
        ));
    }
    Ok(())
}

/// The protocol's `using-graph-uri` and `using-named-graph-uri`, which we do not take: an
/// update names its graphs itself (`WITH`, `USING`, `GRAPH`).
fn reject_using(pairs: &[(String, String)]) -> ApiResult<()> {
    for key in ["using-graph-uri", "using-named-graph-uri"] {
        if !params::all(pairs, key).is_empty() {
            return Err(ApiError::invalid(
                key,
                "is not supported; name the graphs in the update with USING or WITH",
            ));
        }
    }
    Ok(())
}

async fn get_query(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let pairs = params::pairs(raw.as_deref().unwrap_or(""))?;
    reject_updates(&pairs)?;
    let query = params::one(&pairs, "query")?
        .ok_or_else(|| ApiError::missing("query"))?
        .to_owned();
    run(state, &headers, operation(query, &pairs)?).await
}

async fn post_query(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let body = params::body(body)?;
    let url_pairs = params::pairs(raw.as_deref().unwrap_or(""))?;
    let content_type = params::content_type(&headers);
    let text = |body: &Bytes| {
        String::from_utf8(body.to_vec())
            .map_err(|_| ApiError::new(Code::BadRequest, "the request body is not UTF-8"))
    };
    match content_type.as_str() {
        "application/x-www-form-urlencoded" => {
            let body_pairs = params::pairs(&text(&body)?)?;
            reject_updates(&url_pairs)?;
            if let Some(update) = params::one(&body_pairs, "update")? {
                if params::one(&body_pairs, "query")?.is_some() {
                    return Err(ApiError::new(
                        Code::BadRequest,
                        "a request is a query or an update, not both",
                    ));
                }
                reject_using(&url_pairs)?;
                reject_using(&body_pairs)?;
                return run_update(state, &headers, update.to_owned()).await;
            }
            if params::one(&url_pairs, "query")?.is_some() {
                return Err(ApiError::new(
                    Code::BadRequest,
                    "the query is given both in the URL and in the form body",
                ));
            }
            let query = params::one(&body_pairs, "query")?
                .ok_or_else(|| ApiError::missing("query"))?
                .to_owned();
            let mut all = url_pairs;
            all.extend(body_pairs);
            run(state, &headers, operation(query, &all)?).await
        }
        "application/sparql-query" => {
            reject_updates(&url_pairs)?;
            if params::one(&url_pairs, "query")?.is_some() {
                return Err(ApiError::new(
                    Code::BadRequest,
                    "the query is given both in the URL and as the request body",
                ));
            }
            run(state, &headers, operation(text(&body)?, &url_pairs)?).await
        }
        "application/sparql-update" => {
            reject_updates(&url_pairs)?;
            reject_using(&url_pairs)?;
            if params::one(&url_pairs, "query")?.is_some() {
                return Err(ApiError::new(
                    Code::BadRequest,
                    "a request is a query or an update, not both",
                ));
            }
            run_update(state, &headers, text(&body)?).await
        }
        "" => Err(ApiError::new(
            Code::UnsupportedMediaType,
            "a POST to /sparql needs a Content-Type: application/sparql-query, application/sparql-update or application/x-www-form-urlencoded",
        )),
        other => Err(ApiError::new(
            Code::UnsupportedMediaType,
            format!(
                "unsupported content type {other:?}; use application/sparql-query, application/sparql-update or application/x-www-form-urlencoded"
            ),
        )),
    }
}

async fn run(state: AppState, headers: &HeaderMap, op: Operation) -> ApiResult<Response> {
    let prepared = PreparedQuery::parse(&op.query)?;
    let format = negotiate(prepared.kind(), headers, op.format.as_deref())?;
    let media = match format {
        Format::Results(f) => f.media_type(),
        Format::Rdf(f) => f.media_type(),
    };
    let key = if !state.cache.enabled() {
        None
    } else if cache::deterministic(&op.query) {
        // One point read of the store: cheap enough for the async runtime.
        let generation = state.kb.graph().generation()?;
        Some(cache::Key::new(generation, &op.query, &op.dataset, media))
    } else {
        state.cache.bypass();
        None
    };
    if let Some(body) = key.as_ref().and_then(|k| state.cache.get(k)) {
        return Ok(cache_status(
            with_media_type(body.into_response(), media)?,
            "biokg; hit",
        ));
    }
    // Whether store and index agreed at the key's generation when evaluation started: only
    // then may the answer be kept (a search SERVICE reads the index).
    let settled = key
        .as_ref()
        .is_some_and(|k| state.kb.settled() == Some(k.generation()));
    let kb = state.kb.clone();
    let timeout = state.settings.query_timeout;
    let dataset = op.dataset;
    let body = Bytes::from(
        state
            .gate
            .run_within(timeout, move || {
                kb.graph().execute(&prepared, &dataset, format, timeout)
            })
            .await??,
    );
    let status = match key {
        Some(key) => {
            state.cache.put(key, body.clone(), settled);
            "biokg; fwd=miss"
        }
        None if state.cache.enabled() => "biokg; fwd=bypass",
        None => "biokg; fwd=uri-miss",
    };
    Ok(cache_status(
        with_media_type(body.into_response(), media)?,
        status,
    ))
}

/// `response` with a `Cache-Status` header (RFC 9211) saying what the result cache did: `hit`,
/// `fwd=miss` (evaluated, and kept when it may be), `fwd=bypass` (a query whose answer changes
/// from one evaluation to the next), `fwd=uri-miss` (the cache is off).
fn cache_status(mut response: Response, status: &'static str) -> Response {
    response
        .headers_mut()
        .insert("cache-status", HeaderValue::from_static(status));
    response
}

/// `response` with the negotiated media type (text in UTF-8) and `Vary: accept`.
///
/// # Errors
/// [`Code::Internal`] for a media type that is not a header value (none of ours).
pub(crate) fn with_media_type(mut response: Response, media: &str) -> ApiResult<Response> {
    let value = if media.starts_with("text/") && !media.contains("charset") {
        format!("{media}; charset=utf-8")
    } else {
        media.to_owned()
    };
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&value).map_err(ApiError::internal)?,
    );
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("accept"));
    Ok(response)
}

/// Runs an authorized update; answers the new generation and the graphs it touched.
async fn run_update(state: AppState, headers: &HeaderMap, text: String) -> ApiResult<Response> {
    crate::auth::authorize(state.settings.write_token.as_ref(), headers)?;
    let prepared = PreparedUpdate::parse(&text)?;
    let kb = state.kb.clone();
    let timeout = state.settings.query_timeout;
    let outcome = state
        .gate
        .run(move || kb.update(&prepared, timeout))
        .await??;
    Ok(Json(json!({
        "generation": outcome.generation,
        "graphs": touched_json(&outcome.touched),
    }))
    .into_response())
}

/// The touched graphs as the API shows them: IRIs, `"default"`, or `"all"`.
pub(crate) fn touched_json(touched: &Touched) -> serde_json::Value {
    match touched {
        Touched::All => json!("all"),
        Touched::Graphs(graphs) => graphs
            .iter()
            .map(|g| match g {
                biokg_graph::model::GraphName::NamedNode(n) => json!(n.as_str()),
                biokg_graph::model::GraphName::BlankNode(b) => json!(b.to_string()),
                biokg_graph::model::GraphName::DefaultGraph => json!("default"),
            })
            .collect(),
    }
}

const RESULT_FORMATS: &[(&str, QueryResultsFormat)] = &[
    ("application/sparql-results+json", QueryResultsFormat::Json),
    ("application/json", QueryResultsFormat::Json),
    ("application/sparql-results+xml", QueryResultsFormat::Xml),
    ("application/xml", QueryResultsFormat::Xml),
    ("text/xml", QueryResultsFormat::Xml),
    ("text/csv", QueryResultsFormat::Csv),
    ("text/tab-separated-values", QueryResultsFormat::Tsv),
];

const GRAPH_FORMATS: &[(&str, RdfFormat)] = &[
    ("text/turtle", RdfFormat::Turtle),
    ("application/x-turtle", RdfFormat::Turtle),
    ("application/n-triples", RdfFormat::NTriples),
    ("text/plain", RdfFormat::NTriples),
    ("application/rdf+xml", RdfFormat::RdfXml),
    (
        "application/ld+json",
        RdfFormat::JsonLd {
            profile: oxigraph::io::JsonLdProfileSet::empty(),
        },
    ),
];

/// Short names accepted by the `format` parameter.
fn named_format(kind: QueryKind, name: &str) -> Option<Format> {
    let name = name.to_ascii_lowercase();
    match kind {
        QueryKind::Solutions | QueryKind::Boolean => match name.as_str() {
            "json" | "srj" => Some(QueryResultsFormat::Json),
            "xml" | "srx" => Some(QueryResultsFormat::Xml),
            "csv" => Some(QueryResultsFormat::Csv),
            "tsv" => Some(QueryResultsFormat::Tsv),
            _ => RESULT_FORMATS
                .iter()
                .find(|(m, _)| *m == name)
                .map(|(_, f)| *f),
        }
        .map(Format::Results),
        QueryKind::Graph => match name.as_str() {
            "turtle" | "ttl" => Some(RdfFormat::Turtle),
            "ntriples" | "nt" | "n-triples" => Some(RdfFormat::NTriples),
            "rdfxml" | "rdf" | "xml" => Some(RdfFormat::RdfXml),
            "jsonld" | "json-ld" | "json" => GRAPH_FORMATS.last().map(|(_, f)| *f),
            _ => GRAPH_FORMATS
                .iter()
                .find(|(m, _)| *m == name)
                .map(|(_, f)| *f),
        }
        .map(Format::Rdf),
    }
}

/// Picks the result format: the `format` parameter, else the best `Accept` entry this query
/// form can produce, else the default (SPARQL JSON results, or Turtle for graphs).
///
/// # Errors
/// [`Code::NotAcceptable`] when neither fits.
pub fn negotiate(kind: QueryKind, headers: &HeaderMap, format: Option<&str>) -> ApiResult<Format> {
    if let Some(name) = format {
        return named_format(kind, name).ok_or_else(|| {
            ApiError::new(
                Code::NotAcceptable,
                format!("format {name:?} does not fit this query form"),
            )
        });
    }
    let default = match kind {
        QueryKind::Graph => Format::Rdf(RdfFormat::Turtle),
        _ => Format::Results(QueryResultsFormat::Json),
    };
    let accept = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(",");
    if accept.trim().is_empty() {
        return Ok(default);
    }
    let mut ranges = accept_ranges(&accept);
    ranges.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (range, q) in ranges {
        if q <= 0.0 {
            continue;
        }
        if range == "*/*" || range == "application/*" && kind != QueryKind::Graph {
            return Ok(default);
        }
        if let Some(f) = match kind {
            QueryKind::Graph => GRAPH_FORMATS
                .iter()
                .find(|(m, _)| *m == range)
                .map(|(_, f)| Format::Rdf(*f)),
            _ => RESULT_FORMATS
                .iter()
                .find(|(m, _)| *m == range)
                .map(|(_, f)| Format::Results(*f)),
        } {
            return Ok(f);
        }
        if range == "text/*" {
            return Ok(match kind {
                QueryKind::Graph => Format::Rdf(RdfFormat::Turtle),
                _ => Format::Results(QueryResultsFormat::Csv),
            });
        }
    }
    Err(ApiError::new(
        Code::NotAcceptable,
        format!("no acceptable format for this query among: {accept}"),
    ))
}

/// Media ranges of an `Accept` header with their `q` weights, in header order (also read by
/// the pages, for `Accept` and `Accept-Language`).
pub(crate) fn accept_ranges(accept: &str) -> Vec<(String, f32)> {
    accept
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let range = pieces.next()?.trim().to_ascii_lowercase();
            if range.is_empty() {
                return None;
            }
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            Some((range, q))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn negotiation_follows_weights_and_query_form() {
        let s = QueryKind::Solutions;
        assert_eq!(
            negotiate(s, &HeaderMap::new(), None).unwrap(),
            Format::Results(QueryResultsFormat::Json)
        );
        assert_eq!(
            negotiate(
                s,
                &accept("text/csv;q=0.5, application/sparql-results+xml"),
                None
            )
            .unwrap(),
            Format::Results(QueryResultsFormat::Xml)
        );
        assert_eq!(
            negotiate(s, &accept("text/html, */*;q=0.1"), None).unwrap(),
            Format::Results(QueryResultsFormat::Json)
        );
        assert_eq!(
            negotiate(QueryKind::Graph, &accept("application/n-triples"), None).unwrap(),
            Format::Rdf(RdfFormat::NTriples)
        );
        assert_eq!(
            negotiate(QueryKind::Graph, &HeaderMap::new(), Some("jsonld")).unwrap(),
            Format::Rdf(RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty()
            })
        );
        assert_eq!(
            negotiate(s, &accept("text/turtle"), None)
                .unwrap_err()
                .code(),
            Code::NotAcceptable
        );
        assert_eq!(
            negotiate(QueryKind::Graph, &accept("text/csv"), None)
                .unwrap_err()
                .code(),
            Code::NotAcceptable
        );
    }
}
