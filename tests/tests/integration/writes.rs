//! Writes through the router in process: SPARQL Update and the Graph Store Protocol, with the
//! bearer token, keeping the search index in step with the store.

use super::support::{Reply, call, enc, fresh_kb, task_iri};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use biokg_server::auth::WriteToken;
use biokg_server::state::{AppState, Settings};
use serde_json::json;

const TOKEN: &str = "test-token-0123456789";
const EXTRA: &str = "http://example.org/graph/extra";
const NURSERY: &str = "http://example.org/id/vuon-uom-y-ty";

fn app() -> axum::Router {
    biokg_server::app(AppState::new(
        fresh_kb(),
        Settings {
            write_token: Some(WriteToken::new(TOKEN).unwrap()),
            ..Settings::default()
        },
    ))
}

fn update(text: &str, token: Option<&str>) -> Request<Body> {
    let mut r = Request::post("/sparql").header("content-type", "application/sparql-update");
    if let Some(t) = token {
        r = r.header("authorization", format!("Bearer {t}"));
    }
    r.body(Body::from(text.to_owned())).unwrap()
}

fn insert_nursery(graph: &str) -> String {
    format!(
        "PREFIX lcb: <https://w3id.org/laocai-biotech/ns#>
         PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
         INSERT DATA {{ GRAPH <{graph}> {{
           <{NURSERY}> a lcb:Task ; rdfs:label \"Vườn ươm thảo dược Y Tý\"@vi .
         }} }}"
    )
}

async fn search(app: &axum::Router, q: &str) -> Vec<String> {
    let r = call(
        app,
        Request::get(format!("/api/search?q={}", enc(q)))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["iri"].as_str().unwrap().to_owned())
        .collect()
}

async fn get(app: &axum::Router, uri: &str) -> Reply {
    call(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn generation(app: &axum::Router) -> u64 {
    let r = get(app, "/ready").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()["generation"].as_u64().unwrap()
}

#[tokio::test]
async fn an_update_is_searchable_at_once_and_a_drop_leaves_no_stale_hit() {
    let app = app();
    let g0 = generation(&app).await;
    let r = call(&app, update(&insert_nursery(EXTRA), Some(TOKEN))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json(), json!({"generation": g0 + 1, "graphs": [EXTRA]}));
    assert_eq!(
        search(&app, "vuon uom thao duoc y ty")
            .await
            .first()
            .map(String::as_str),
        Some(NURSERY)
    );
    assert_eq!(generation(&app).await, g0 + 1);

    let r = call(&app, update(&format!("DROP GRAPH <{EXTRA}>"), Some(TOKEN))).await;
    assert_eq!(r.json(), json!({"generation": g0 + 2, "graphs": [EXTRA]}));
    assert!(
        !search(&app, "vuon uom thao duoc y ty")
            .await
            .iter()
            .any(|h| h == NURSERY)
    );
    // The plan's own documents are untouched.
    assert_eq!(
        search(&app, "tang loong giam phat thai")
            .await
            .first()
            .map(String::as_str),
        Some(task_iri("II.2.3.4").as_str())
    );
    assert_eq!(generation(&app).await, g0 + 2);
}

#[tokio::test]
async fn drop_all_empties_the_index_and_keeps_the_ontology() {
    let app = app();
    call(&app, update(&insert_nursery(EXTRA), Some(TOKEN))).await;
    let g = generation(&app).await;
    let r = call(&app, update("DROP ALL", Some(TOKEN))).await;
    assert_eq!(r.json(), json!({"generation": g + 1, "graphs": "all"}));
    assert!(
        !search(&app, "vuon uom thao duoc y ty")
            .await
            .iter()
            .any(|h| h == NURSERY)
    );
    assert!(search(&app, "tang loong").await.is_empty());
    let health = get(&app, "/health").await.json();
    assert_eq!(health["index"]["documents"], 0);
    assert_eq!(health["in_step"], true);
    let ask = get(
        &app,
        &format!(
            "/sparql?query={}",
            enc("ASK { GRAPH <https://w3id.org/laocai-biotech/graph/ontology> { ?s ?p ?o } }")
        ),
    )
    .await;
    assert_eq!(ask.json()["boolean"], true);
}

#[tokio::test]
async fn a_variable_graph_update_reindexes_what_it_changed() {
    let app = app();
    let r = call(
        &app,
        update(
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
             PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
             DELETE { GRAPH ?g { ?t rdfs:label ?l } }
             INSERT { GRAPH ?g { ?t rdfs:label \"Khu công nghiệp Bắc Duyên Hải mở rộng\"@vi } }
             WHERE { GRAPH ?g { ?t skos:notation \"II.2.3.4\" ; rdfs:label ?l } }",
            Some(TOKEN),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["graphs"], "all");
    assert_eq!(
        search(&app, "bac duyen hai mo rong")
            .await
            .first()
            .map(String::as_str),
        Some(task_iri("II.2.3.4").as_str())
    );
}

#[tokio::test]
async fn writes_need_the_right_token() {
    let app = app();
    let r = call(&app, update(&insert_nursery(EXTRA), None)).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNAUTHORIZED, "unauthorized".into())
    );
    assert_eq!(r.header("www-authenticate"), "Bearer realm=\"biokg\"");
    let r = call(
        &app,
        update(&insert_nursery(EXTRA), Some("not-the-token-at-all")),
    )
    .await;
    assert_eq!(
        r.json(),
        json!({"error": {"code": "invalid_token", "message": "the bearer token is not valid for writes"}})
    );
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = call(
        &app,
        Request::delete(format!("/store?graph={}", enc(EXTRA)))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(
        !search(&app, "vuon uom thao duoc y ty")
            .await
            .iter()
            .any(|h| h == NURSERY)
    );
    // Form-encoded updates are authorized the same way.
    let r = call(
        &app,
        Request::post("/sparql")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("authorization", format!("Bearer {TOKEN}"))
            .body(Body::from(format!(
                "update={}",
                enc(&insert_nursery(EXTRA))
            )))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(
        search(&app, "vuon uom thao duoc y ty")
            .await
            .first()
            .map(String::as_str),
        Some(NURSERY)
    );
}

#[tokio::test]
async fn the_ontology_and_the_log_are_out_of_reach() {
    let app = app();
    let g = generation(&app).await;
    let hits = search(&app, "tang loong").await;
    for text in [
        insert_nursery("https://w3id.org/laocai-biotech/graph/meta"),
        "DROP GRAPH <https://w3id.org/laocai-biotech/graph/ontology>".to_owned(),
        "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }".to_owned(),
    ] {
        let r = call(&app, update(&text, Some(TOKEN))).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::FORBIDDEN, "protected_graph".into()),
            "{text}"
        );
    }
    let r = call(
        &app,
        update("LOAD <http://example.org/data.ttl>", Some(TOKEN)),
    )
    .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::BAD_REQUEST, "bad_request".into())
    );
    let r = call(&app, update("INSERT DATA {", Some(TOKEN))).await;
    assert_eq!(r.code(), "sparql_syntax_error");
    let r = call(
        &app,
        update("DROP GRAPH <http://example.org/none>", Some(TOKEN)),
    )
    .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::BAD_REQUEST, "query_failed".into())
    );
    // Nothing above committed.
    assert_eq!(generation(&app).await, g);
    assert_eq!(search(&app, "tang loong").await, hits);
}

fn put(uri: &str, content_type: &str, body: &str) -> Request<Body> {
    Request::put(uri)
        .header("content-type", content_type)
        .header("authorization", format!("Bearer {TOKEN}"))
        .body(Body::from(body.to_owned()))
        .unwrap()
}

#[tokio::test]
async fn the_graph_store_protocol_replaces_merges_reads_and_drops() {
    let app = app();
    let uri = format!("/store?graph={}", enc(EXTRA));
    let r = get(&app, &uri).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::NOT_FOUND, "not_found".into())
    );

    let turtle = format!(
        "@prefix lcb: <https://w3id.org/laocai-biotech/ns#> .
         @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
         <{NURSERY}> a lcb:Task ; rdfs:label \"Vườn ươm thảo dược Y Tý\"@vi ."
    );
    let r = call(&app, put(&uri, "text/turtle", &turtle)).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(
        search(&app, "vuon uom thao duoc y ty")
            .await
            .first()
            .map(String::as_str),
        Some(NURSERY)
    );
    let r = call(&app, put(&uri, "text/turtle", &turtle)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);

    // POST merges; relative IRIs resolve against the graph's IRI.
    let mut post = put(
        &uri,
        "application/n-triples",
        &format!("<{NURSERY}> <http://www.w3.org/2000/01/rdf-schema#comment> \"ươm giống\" .\n"),
    );
    *post.method_mut() = axum::http::Method::POST;
    assert_eq!(call(&app, post).await.status, StatusCode::NO_CONTENT);
    let r = call(
        &app,
        Request::get(&uri)
            .header("accept", "application/n-triples")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.content_type, "application/n-triples");
    let mut lines: Vec<String> = r.text().lines().map(str::to_owned).collect();
    lines.sort();
    assert_eq!(
        lines,
        [
            format!(
                "<{NURSERY}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/laocai-biotech/ns#Task> ."
            ),
            format!("<{NURSERY}> <http://www.w3.org/2000/01/rdf-schema#comment> \"ươm giống\" ."),
            format!(
                "<{NURSERY}> <http://www.w3.org/2000/01/rdf-schema#label> \"Vườn ươm thảo dược Y Tý\"@vi ."
            ),
        ]
    );

    let delete = || {
        Request::delete(&uri)
            .header("authorization", format!("Bearer {TOKEN}"))
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(call(&app, delete()).await.status, StatusCode::NO_CONTENT);
    assert!(
        !search(&app, "vuon uom thao duoc y ty")
            .await
            .iter()
            .any(|h| h == NURSERY)
    );
    let r = call(&app, delete()).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::NOT_FOUND, "not_found".into())
    );
}

#[tokio::test]
async fn graph_store_requests_are_checked() {
    let app = app();
    let meta = format!(
        "/store?graph={}",
        enc("https://w3id.org/laocai-biotech/graph/meta")
    );
    let r = call(&app, put(&meta, "text/turtle", "")).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::FORBIDDEN, "protected_graph".into())
    );
    // Reading the ontology is fine.
    let r = get(
        &app,
        &format!(
            "/store?graph={}",
            enc("https://w3id.org/laocai-biotech/graph/ontology")
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.content_type, "text/turtle; charset=utf-8");
    assert!(r.text().contains("Task"));
    let uri = format!("/store?graph={}", enc(EXTRA));
    let r = call(&app, put(&uri, "text/turtle", "<a> <b>")).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::BAD_REQUEST, "bad_request".into())
    );
    let r = call(&app, put(&uri, "text/csv", "a,b")).await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let r = get(&app, "/store").await;
    assert_eq!(r.code(), "missing_parameter");
    let r = get(&app, &format!("{uri}&default")).await;
    assert_eq!(r.code(), "bad_request");
    let r = get(&app, "/store?graph=not%20an%20iri").await;
    assert_eq!(r.code(), "invalid_parameter");
    // The default graph always exists and is indexed like the others.
    let r = call(
        &app,
        put(
            "/store?default",
            "text/turtle",
            &format!("<{NURSERY}> a <https://w3id.org/laocai-biotech/ns#Task> ; <http://www.w3.org/2000/01/rdf-schema#label> \"Sàng lọc giống\" ."),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        search(&app, "sang loc giong")
            .await
            .first()
            .map(String::as_str),
        Some(NURSERY)
    );
    assert_eq!(get(&app, "/ready").await.status, StatusCode::OK);
}

#[tokio::test]
async fn writes_are_off_without_a_token() {
    let app = biokg_server::app(AppState::new(fresh_kb(), Settings::default()));
    let r = call(&app, update(&insert_nursery(EXTRA), Some(TOKEN))).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::FORBIDDEN, "writes_disabled".into())
    );
    let r = call(
        &app,
        put(&format!("/store?graph={}", enc(EXTRA)), "text/turtle", ""),
    )
    .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::FORBIDDEN, "writes_disabled".into())
    );
}
