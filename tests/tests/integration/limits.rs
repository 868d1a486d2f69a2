//! Limits through the router in process: body size, SPARQL slots, the per-client rate limit.

use super::support::{call, enc, fresh_kb, kb};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use biokg_server::limits::Rate;
use biokg_server::state::{AppState, Settings};
use serde_json::json;
use std::time::Duration;

/// Hundreds of millions of regular-expression tests over a two-way product of the store,
/// streamed: it runs until its time limit cancels it (Oxigraph checks the cancellation at
/// every row of the outer pattern).
pub(crate) const SLOW_REGEX: &str =
    "SELECT ?a WHERE { ?a ?p ?b . ?c ?q ?d FILTER(REGEX(CONCAT(STR(?b), STR(?d)), \"^x{3}y$\")) }";

/// A three-way product through a filter that never holds. Oxigraph checks its cancellation
/// between rows of the outer product only, so this one outlives its time limit by far.
pub(crate) const RUNAWAY: &str = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(STR(?c) = CONCAT(STR(?f), STR(?i), \"never\")) }";

#[tokio::test]
async fn bodies_over_the_limit_are_413_json() {
    let app = biokg_server::app(AppState::new(
        kb(),
        Settings {
            max_body_bytes: 64,
            ..Settings::default()
        },
    ));
    let query = format!("SELECT * WHERE {{ ?s ?p ?o }} LIMIT 1 {}", "#".repeat(100));
    let r = call(
        &app,
        Request::post("/sparql")
            .header("content-type", "application/sparql-query")
            .body(Body::from(query))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        r.json(),
        json!({"error": {"code": "payload_too_large", "message": "the request body is too large"}})
    );
    let r = call(
        &app,
        Request::post("/sparql")
            .header("content-type", "application/sparql-query")
            .body(Body::from("ASK { ?s ?p ?o }"))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn a_full_gate_answers_503_while_search_stays_fast() {
    let state = AppState::new(
        kb(),
        Settings {
            max_concurrent_queries: 1,
            queue_timeout: Duration::from_millis(100),
            query_timeout: Duration::from_secs(3),
            ..Settings::default()
        },
    );
    let gate = state.gate.clone();
    let app = biokg_server::app(state);
    let slow = {
        let app = app.clone();
        tokio::spawn(async move {
            call(
                &app,
                Request::get(format!("/sparql?query={}", enc(SLOW_REGEX)))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
        })
    };
    while gate.running() == 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let r = call(
        &app,
        Request::get(format!("/sparql?query={}", enc("ASK { ?s ?p ?o }")))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::SERVICE_UNAVAILABLE, "too_busy".into())
    );
    assert_eq!(r.header("retry-after"), "1");
    let started = std::time::Instant::now();
    let r = call(
        &app,
        Request::get("/api/search?q=tang%20loong")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(gate.running(), 1);
    let slow = slow.await.unwrap();
    assert_eq!(
        (slow.status, slow.code()),
        (StatusCode::SERVICE_UNAVAILABLE, "query_timeout".into())
    );
    assert_eq!(gate.running(), 0);
}

#[tokio::test]
async fn a_client_past_its_rate_gets_429_but_probes_pass() {
    let app = biokg_server::app(AppState::new(
        fresh_kb(),
        Settings {
            rate_limit: Some("0.1/2".parse::<Rate>().unwrap()),
            ..Settings::default()
        },
    ));
    let search = || {
        Request::get("/api/suggest?q=tang")
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(call(&app, search()).await.status, StatusCode::OK);
    assert_eq!(call(&app, search()).await.status, StatusCode::OK);
    let r = call(&app, search()).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited".into())
    );
    // One token comes back every 10 s.
    assert_eq!(r.header("retry-after"), "10");
    let r = call(&app, Request::get("/health").body(Body::empty()).unwrap()).await;
    assert_eq!(r.status, StatusCode::OK);
}
