//! `/store`: the SPARQL 1.1 Graph Store HTTP Protocol, indirect identification.
//!
//! `?graph=IRI` names a graph, `?default` the default graph. GET (and HEAD) is for everyone and
//! answers Turtle, N-Triples, RDF/XML or JSON-LD by `Accept`; PUT replaces the graph, POST adds
//! to it, DELETE drops it, each with the write token. Writes answer 201 Created when they
//! created the graph and 204 No Content otherwise; a missing graph is a 404. The ontology and
//! the ingest log can be read but not written (403 `protected_graph`).

use crate::error::{ApiError, ApiResult, Code};
use crate::params;
use crate::routes::sparql::negotiate;
use crate::state::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use biokg_graph::model::{GraphName, NamedNode};
use biokg_graph::{Format, QueryKind, RdfFormat};

/// The routes of this module.
pub fn router() -> Router<AppState> {
    Router::new().route("/store", get(read).put(put).post(post).delete(delete))
}

/// The graph a request names.
fn target(raw: Option<&str>) -> ApiResult<GraphName> {
    let pairs = params::pairs(raw.unwrap_or(""))?;
    let graph = params::one(&pairs, "graph")?;
    let default = !params::all(&pairs, "default").is_empty();
    match (graph, default) {
        (Some(_), true) => Err(ApiError::new(
            Code::BadRequest,
            "give either graph=IRI or default, not both",
        )),
        (None, false) => Err(ApiError::new(
            Code::MissingParameter,
            "missing parameter \"graph\" (or \"default\" for the default graph)",
        )),
        (None, true) => Ok(GraphName::DefaultGraph),
        (Some(iri), false) => Ok(NamedNode::new(iri)
            .map_err(|e| ApiError::invalid("graph", e))?
            .into()),
    }
}

fn describe(graph: &GraphName) -> String {
    match graph {
        GraphName::DefaultGraph => "the default graph".to_owned(),
        other => format!("graph {other}"),
    }
}

async fn read(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let graph = target(raw.as_deref())?;
    let Format::Rdf(format) = negotiate(QueryKind::Graph, &headers, None)? else {
        return Err(ApiError::new(Code::NotAcceptable, "no RDF format fits"));
    };
    let kb = state.kb.clone();
    let g = graph.clone();
    let body = tokio::task::spawn_blocking(move || kb.graph().serialize_graph(g.as_ref(), format))
        .await??
        .ok_or_else(|| ApiError::new(Code::NotFound, format!("no {}", describe(&graph))))?;
    let response = if method == Method::HEAD {
        ().into_response()
    } else {
        body.into_response()
    };
    crate::routes::sparql::with_media_type(response, format.media_type())
}

/// The RDF format of a request body, from its `Content-Type`.
fn payload_format(headers: &HeaderMap) -> ApiResult<RdfFormat> {
    let media = params::content_type(headers);
    match media.as_str() {
        "text/turtle" | "application/x-turtle" => Ok(RdfFormat::Turtle),
        "application/n-triples" => Ok(RdfFormat::NTriples),
        "application/rdf+xml" => Ok(RdfFormat::RdfXml),
        "application/ld+json" => Ok(RdfFormat::JsonLd {
            profile: oxigraph::io::JsonLdProfileSet::empty(),
        }),
        "" => Err(ApiError::new(
            Code::UnsupportedMediaType,
            "the graph needs a Content-Type: text/turtle, application/n-triples, application/rdf+xml or application/ld+json",
        )),
        other => Err(ApiError::new(
            Code::UnsupportedMediaType,
            format!(
                "unsupported content type {other:?}; use text/turtle, application/n-triples, application/rdf+xml or application/ld+json"
            ),
        )),
    }
}

async fn write(
    state: AppState,
    headers: HeaderMap,
    raw: Option<String>,
    body: Result<Bytes, BytesRejection>,
    replace: bool,
) -> ApiResult<Response> {
    crate::auth::authorize(state.settings.write_token.as_ref(), &headers)?;
    let graph = target(raw.as_deref())?;
    let format = payload_format(&headers)?;
    let body = params::body(body)?;
    if biokg_graph::is_protected(graph.as_ref()) {
        return Err(ApiError::new(
            Code::ProtectedGraph,
            format!(
                "{} is maintained by the server and cannot be written",
                describe(&graph)
            ),
        ));
    }
    let kb = state.kb.clone();
    let (created, _generation) = tokio::task::spawn_blocking(move || {
        let base = match &graph {
            GraphName::NamedNode(n) => Some(n.as_str().to_owned()),
            _ => None,
        };
        let quads = biokg_graph::parse_graph(&body, format, graph.as_ref(), base.as_deref())?;
        kb.write_graph(graph.as_ref(), &quads, replace)
            .map_err(ApiError::from)
    })
    .await??;
    Ok(if created {
        StatusCode::CREATED.into_response()
    } else {
        StatusCode::NO_CONTENT.into_response()
    })
}

async fn put(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    write(state, headers, raw, body, true).await
}

async fn post(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    write(state, headers, raw, body, false).await
}

async fn delete(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    crate::auth::authorize(state.settings.write_token.as_ref(), &headers)?;
    let graph = target(raw.as_deref())?;
    let kb = state.kb.clone();
    let g = graph.clone();
    match tokio::task::spawn_blocking(move || kb.drop_graph(g.as_ref())).await?? {
        Some(_) => Ok(StatusCode::NO_CONTENT.into_response()),
        None => Err(ApiError::new(
            Code::NotFound,
            format!("no {}", describe(&graph)),
        )),
    }
}
