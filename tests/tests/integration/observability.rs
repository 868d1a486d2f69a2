//! Observability through the router in process: request ids, `/metrics`, `/ready`.

use super::support::{call, fresh_kb};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use biokg_server::state::{AppState, Settings};
use serde_json::json;

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = biokg_server::app(AppState::new(super::support::kb(), Settings::default()));
    let r = call(
        &app,
        Request::get("/health")
            .header("x-request-id", "trace-42")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.header("x-request-id"), "trace-42");
    let a = call(&app, get("/no/such/route")).await;
    let b = call(&app, get("/health")).await;
    let (a, b) = (a.header("x-request-id"), b.header("x-request-id"));
    assert_eq!(a.len(), 16, "{a}");
    assert!(a.bytes().all(|c| c.is_ascii_hexdigit()), "{a}");
    assert_ne!(a, b);
    // An id with odd characters is replaced, not echoed.
    let r = call(
        &app,
        Request::get("/health")
            .header("x-request-id", "<script>")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.header("x-request-id").len(), 16);
}

#[tokio::test]
async fn metrics_count_requests_by_route_template() {
    let kb = fresh_kb();
    let app = biokg_server::app(AppState::new(kb.clone(), Settings::default()));
    call(&app, get("/api/search?q=tang%20loong")).await;
    call(&app, get("/api/search?q=duoc%20lieu")).await;
    call(&app, get("/api/search")).await;
    call(&app, get("/api/entity?iri=http://example.org/none")).await;
    call(&app, get("/nowhere/at/all")).await;
    let r = call(&app, get("/metrics")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
    let text = r.text();
    let lines: Vec<&str> = text.lines().collect();
    let triples = kb.graph().len().unwrap();
    let documents = kb.index().num_docs().unwrap();
    let generation = kb.graph().generation().unwrap();
    for expected in [
        "biokg_http_requests_total{route=\"/api/search\",method=\"GET\",status=\"2xx\"} 2"
            .to_owned(),
        "biokg_http_requests_total{route=\"/api/search\",method=\"GET\",status=\"4xx\"} 1"
            .to_owned(),
        "biokg_http_requests_total{route=\"/api/entity\",method=\"GET\",status=\"4xx\"} 1"
            .to_owned(),
        "biokg_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"4xx\"} 1".to_owned(),
        "biokg_http_request_duration_seconds_count{route=\"/api/search\",method=\"GET\"} 3"
            .to_owned(),
        format!("biokg_store_triples {triples}"),
        format!("biokg_index_documents {documents}"),
        format!("biokg_store_generation {generation}"),
        format!("biokg_index_generation {generation}"),
        format!("biokg_ingests_total {}", super::support::BUNDLED_SOURCES),
        "biokg_writes_total 0".to_owned(),
        "biokg_sparql_timeouts_total 0".to_owned(),
        "biokg_sparql_running 0".to_owned(),
    ] {
        assert!(
            lines.contains(&expected.as_str()),
            "missing {expected:?} in\n{text}"
        );
    }
    // The raw URL never becomes a label.
    assert!(!text.contains("nowhere"), "{text}");
}

#[tokio::test]
async fn ready_follows_the_index_generation() {
    let kb = fresh_kb();
    let app = biokg_server::app(AppState::new(kb.clone(), Settings::default()));
    let generation = kb.graph().generation().unwrap();
    let r = call(&app, get("/ready")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.json(),
        json!({"status": "ready", "generation": generation})
    );
    // A store write that skips the index (as a crash between the two commits would leave it).
    let g = biokg_graph::model::NamedNode::new_unchecked("http://example.org/graph/side");
    kb.graph()
        .replace_source(&biokg_graph::SourceUpdate {
            graph: g,
            quads: Vec::new(),
            meta_subjects: Vec::new(),
            meta: Vec::new(),
        })
        .unwrap();
    let r = call(&app, get("/ready")).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        r.json(),
        json!({"error": {"code": "not_ready", "message": format!("the index is at generation {generation} and the store at {}", generation + 1)}})
    );
    // Liveness does not depend on it.
    let r = call(&app, get("/health")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["in_step"], false);
    kb.rebuild_index().unwrap();
    assert_eq!(call(&app, get("/ready")).await.status, StatusCode::OK);
}
