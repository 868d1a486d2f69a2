//! The SPARQL result cache through the router: repeated queries are answered from it, every
//! write invalidates it (the search SERVICE included), and answers that change between
//! evaluations are never kept.

use super::support::{Reply, call, fresh_kb};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use biokg_server::auth::WriteToken;
use biokg_server::state::{AppState, Settings};

const TOKEN: &str = "cache-test-token-0123456789";

fn app_with(cache_bytes: u64) -> axum::Router {
    biokg_server::app(AppState::new(
        fresh_kb(),
        Settings {
            write_token: Some(WriteToken::new(TOKEN).unwrap()),
            query_cache_bytes: cache_bytes,
            ..Settings::default()
        },
    ))
}

async fn query(app: &axum::Router, sparql: &str, accept: &str) -> Reply {
    let r = call(
        app,
        Request::post("/sparql")
            .header("content-type", "application/sparql-query")
            .header("accept", accept)
            .body(Body::from(sparql.to_owned()))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r
}

async fn json_query(app: &axum::Router, sparql: &str) -> Reply {
    query(app, sparql, "application/sparql-results+json").await
}

async fn update(app: &axum::Router, text: &str) {
    let r = call(
        app,
        Request::post("/sparql")
            .header("content-type", "application/sparql-update")
            .header("authorization", format!("Bearer {TOKEN}"))
            .body(Body::from(text.to_owned()))
            .unwrap(),
    )
    .await;
    assert!(r.status.is_success(), "{} {}", r.status, r.text());
}

fn count(r: &Reply) -> u64 {
    r.json()["results"]["bindings"][0]["n"]["value"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

async fn metric(app: &axum::Router, name: &str) -> u64 {
    let r = call(app, Request::get("/metrics").body(Body::empty()).unwrap()).await;
    let text = r.text();
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{name} ")))
        .unwrap_or_else(|| panic!("no {name} in\n{text}"))
        .parse()
        .unwrap()
}

const TASKS: &str = "PREFIX lcb: <https://w3id.org/laocai-biotech/ns#>
SELECT (COUNT(?t) AS ?n) WHERE { ?t a lcb:Task }";

const NURSERY: &str = "PREFIX lcb: <https://w3id.org/laocai-biotech/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT DATA { GRAPH <http://example.org/graph/cache> {
  <http://example.org/id/vuon-uom-ta-giang-phinh> a lcb:Task ;
      rdfs:label \"Vườn ươm thảo dược Tả Giàng Phình\"@vi .
} }";

#[tokio::test]
async fn a_repeated_query_is_a_hit_until_a_write() {
    let app = app_with(1 << 20);
    let first = json_query(&app, TASKS).await;
    assert_eq!(first.header("cache-status"), "biokg; fwd=miss");
    let tasks = count(&first);
    // The plan's task table (PHỤ LỤC 02) has 40 rows, the bundled plan more tasks than that.
    assert!(tasks >= 40, "{tasks}");
    let second = json_query(&app, TASKS).await;
    assert_eq!(second.header("cache-status"), "biokg; hit");
    assert_eq!(second.body, first.body);
    assert_eq!(second.content_type, first.content_type);
    // Another format is another answer.
    let csv = query(&app, TASKS, "text/csv").await;
    assert_eq!(csv.header("cache-status"), "biokg; fwd=miss");
    assert_eq!(csv.text(), format!("n\r\n{tasks}\r\n"));
    assert_eq!(metric(&app, "biokg_sparql_cache_hits_total").await, 1);
    assert_eq!(metric(&app, "biokg_sparql_cache_misses_total").await, 2);

    update(&app, NURSERY).await;
    let after = json_query(&app, TASKS).await;
    assert_eq!(after.header("cache-status"), "biokg; fwd=miss");
    assert_eq!(count(&after), tasks + 1);
    assert_eq!(
        json_query(&app, TASKS).await.header("cache-status"),
        "biokg; hit"
    );
}

#[tokio::test]
async fn the_search_service_never_answers_from_before_a_write() {
    let app = app_with(1 << 20);
    let q = "PREFIX search: <https://w3id.org/laocai-biotech/search#>
SELECT ?e WHERE { SERVICE <https://w3id.org/laocai-biotech/search> {
  ?e search:query \"ta giang phinh vuon uom\" ; search:type \"task\" } }";
    let hits = |r: &Reply| -> Vec<String> {
        r.json()["results"]["bindings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["e"]["value"].as_str().unwrap().to_owned())
            .collect()
    };
    let nursery = "http://example.org/id/vuon-uom-ta-giang-phinh";
    let before = json_query(&app, q).await;
    assert!(
        !hits(&before).iter().any(|e| e == nursery),
        "{}",
        before.text()
    );
    assert_eq!(
        json_query(&app, q).await.header("cache-status"),
        "biokg; hit"
    );
    update(&app, NURSERY).await;
    let after = json_query(&app, q).await;
    assert_eq!(after.header("cache-status"), "biokg; fwd=miss");
    assert_eq!(hits(&after)[0], nursery, "{}", after.text());
}

#[tokio::test]
async fn volatile_queries_are_evaluated_every_time_and_a_zero_capacity_turns_it_off() {
    let app = app_with(1 << 20);
    let q = "SELECT (STRUUID() AS ?u) WHERE {}";
    let a = json_query(&app, q).await;
    let b = json_query(&app, q).await;
    assert_eq!(a.header("cache-status"), "biokg; fwd=bypass");
    assert_eq!(b.header("cache-status"), "biokg; fwd=bypass");
    assert_ne!(a.body, b.body);
    assert_eq!(metric(&app, "biokg_sparql_cache_skipped_total").await, 2);

    let off = app_with(0);
    for _ in 0..2 {
        let r = json_query(&off, TASKS).await;
        assert_eq!(r.header("cache-status"), "biokg; fwd=uri-miss");
    }
    assert_eq!(metric(&off, "biokg_sparql_cache_capacity_bytes").await, 0);
    assert_eq!(metric(&off, "biokg_sparql_cache_hits_total").await, 0);
}
