//! Bad input on every route, through the router: broken SPARQL, conflicting parameters,
//! wrong content types, huge bodies, invalid UTF-8, path traversal, script injection and
//! absurd `limit`/`offset`. Each gets a 4xx with a JSON error of the expected code, the
//! service keeps answering, and nothing is written.

use super::support::{Reply, call, enc, fresh_kb};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use biokg_server::state::{AppState, Settings};

const TOKEN: &str = "bad-input-token-0123456789";

/// One malformed request and the answer it must get.
struct Case {
    what: &'static str,
    method: &'static str,
    uri: String,
    content_type: Option<&'static str>,
    authorization: bool,
    body: Vec<u8>,
    status: u16,
    code: &'static str,
}

fn case(what: &'static str, method: &'static str, uri: impl Into<String>) -> Case {
    Case {
        what,
        method,
        uri: uri.into(),
        content_type: None,
        authorization: false,
        body: Vec::new(),
        status: 400,
        code: "invalid_parameter",
    }
}

impl Case {
    fn body(mut self, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        self.content_type = Some(content_type);
        self.body = body.into();
        self
    }

    fn authorized(mut self) -> Self {
        self.authorization = true;
        self
    }

    fn answer(mut self, status: u16, code: &'static str) -> Self {
        self.status = status;
        self.code = code;
        self
    }

    fn request(&self) -> Request<Body> {
        let mut r = Request::builder().method(self.method).uri(&self.uri);
        if let Some(ct) = self.content_type {
            r = r.header("content-type", ct);
        }
        if self.authorization {
            r = r.header("authorization", format!("Bearer {TOKEN}"));
        }
        r.body(Body::from(self.body.clone())).unwrap()
    }
}

fn q(query: &str) -> String {
    format!("/sparql?query={}", enc(query))
}

fn cases() -> Vec<Case> {
    let script = "<script>alert(1)</script>";
    let huge = vec![b'#'; biokg_server::state::DEFAULT_MAX_BODY_BYTES + 1];
    vec![
        // SPARQL queries.
        case("no query", "GET", "/sparql").answer(400, "missing_parameter"),
        case("broken SPARQL", "GET", q("SELECT * WHERE { ?s ?p"))
            .answer(400, "sparql_syntax_error"),
        case(
            "two queries",
            "GET",
            format!("{}&query=ASK%7B%7D", q("ASK {}")),
        )
        .answer(400, "invalid_parameter"),
        case(
            "unknown format",
            "GET",
            format!("{}&format=pdf", q("ASK {}")),
        )
        .answer(406, "not_acceptable"),
        case(
            "a graph IRI that is not an IRI",
            "GET",
            format!("{}&default-graph-uri=not%20an%20iri", q("ASK {}")),
        ),
        case(
            "an update in a GET",
            "GET",
            format!("/sparql?update={}", enc("DROP ALL")),
        )
        .answer(400, "bad_request"),
        case(
            "invalid UTF-8 in the query string",
            "GET",
            "/sparql?query=%FF%FE",
        )
        .answer(400, "invalid_parameter"),
        case("a query in a text/plain body", "POST", "/sparql")
            .body("text/plain", "ASK {}")
            .answer(415, "unsupported_media_type"),
        case("a query body that is not UTF-8", "POST", "/sparql")
            .body("application/sparql-query", vec![0xff, 0xfe, 0x41])
            .answer(400, "bad_request"),
        case("query and update in one form", "POST", "/sparql")
            .body(
                "application/x-www-form-urlencoded",
                "query=ASK%7B%7D&update=DROP%20ALL",
            )
            .answer(400, "bad_request"),
        case("a huge query body", "POST", "/sparql")
            .body("application/sparql-query", huge.clone())
            .answer(413, "payload_too_large"),
        case(
            "a script in a SPARQL literal",
            "GET",
            q(&format!("SELECT * WHERE {{ ?s ?p \"{script}\" . BROKEN }}")),
        )
        .answer(400, "sparql_syntax_error"),
        // SPARQL updates.
        case("an update without a token", "POST", "/sparql")
            .body("application/sparql-update", "DROP ALL")
            .answer(401, "unauthorized"),
        case("a broken update", "POST", "/sparql")
            .body("application/sparql-update", "INSERT DATA {")
            .authorized()
            .answer(400, "sparql_syntax_error"),
        case("an update that loads from the network", "POST", "/sparql")
            .body(
                "application/sparql-update",
                "LOAD <http://example.org/x.ttl>",
            )
            .authorized()
            .answer(400, "bad_request"),
        // The Graph Store Protocol.
        case("no graph", "GET", "/store").answer(400, "missing_parameter"),
        case(
            "graph and default together",
            "GET",
            "/store?graph=http%3A%2F%2Fexample.org%2Fg&default",
        )
        .answer(400, "bad_request"),
        case(
            "a graph that is not an IRI",
            "GET",
            "/store?graph=..%2F..%2Fetc%2Fpasswd",
        ),
        case(
            "a missing graph",
            "GET",
            "/store?graph=http%3A%2F%2Fexample.org%2Fnone",
        )
        .answer(404, "not_found"),
        case(
            "a PUT without a token",
            "PUT",
            "/store?graph=http%3A%2F%2Fexample.org%2Fg",
        )
        .body("text/turtle", "<a:s> <a:p> <a:o> .")
        .answer(401, "unauthorized"),
        case(
            "a PUT of a PDF",
            "PUT",
            "/store?graph=http%3A%2F%2Fexample.org%2Fg",
        )
        .body("application/pdf", "%PDF-1.4")
        .authorized()
        .answer(415, "unsupported_media_type"),
        case(
            "a PUT of broken Turtle",
            "PUT",
            "/store?graph=http%3A%2F%2Fexample.org%2Fg",
        )
        .body("text/turtle", "<a:s> <a:p> .")
        .authorized()
        .answer(400, "bad_request"),
        case(
            "a PUT of bytes that are not UTF-8",
            "PUT",
            "/store?graph=http%3A%2F%2Fexample.org%2Fg",
        )
        .body("text/turtle", vec![0x3c, 0xff, 0xfe, 0x3e])
        .authorized()
        .answer(400, "bad_request"),
        case(
            "a huge PUT",
            "PUT",
            "/store?graph=http%3A%2F%2Fexample.org%2Fg",
        )
        .body("text/turtle", huge)
        .authorized()
        .answer(413, "payload_too_large"),
        case(
            "a PUT onto the ontology",
            "PUT",
            "/store?graph=https%3A%2F%2Fw3id.org%2Flaocai-biotech%2Fgraph%2Fontology",
        )
        .body("text/turtle", "<a:s> <a:p> <a:o> .")
        .authorized()
        .answer(403, "protected_graph"),
        // Search and suggestions.
        case("a negative limit", "GET", "/api/search?q=duong&limit=-1"),
        case(
            "an absurd limit",
            "GET",
            "/api/search?q=duong&limit=1000000000",
        ),
        case(
            "an offset past any integer",
            "GET",
            "/api/search?q=duong&offset=99999999999999999999999",
        ),
        case(
            "a limit that is not a number",
            "GET",
            "/api/search?q=duong&limit=ten",
        ),
        case("two limits", "GET", "/api/search?q=duong&limit=1&limit=2"),
        case(
            "an unknown type",
            "GET",
            "/api/search?q=duong&type=spaceship",
        ),
        case("an unknown order", "GET", "/api/search?q=duong&sort=random"),
        case("invalid UTF-8 in q", "GET", "/api/search?q=%C3%28"),
        case(
            "a query of 20 000 characters",
            "GET",
            format!("/api/search?q={}", "a".repeat(20_000)),
        ),
        case(
            "a suggestion limit of zero",
            "GET",
            "/api/suggest?q=duong&limit=0",
        ),
        case("no prefix", "GET", "/api/suggest").answer(400, "missing_parameter"),
        // Plan routes and entities.
        case("an unknown timeline", "GET", "/api/tasks?timeline=someday"),
        case("an unknown agency kind", "GET", "/api/agencies?kind=robot"),
        case("no entity IRI", "GET", "/api/entity").answer(400, "missing_parameter"),
        case(
            "an entity IRI that is a path",
            "GET",
            "/api/entity?iri=..%2F..%2Fetc%2Fpasswd",
        ),
        case(
            "a script as the entity IRI",
            "GET",
            format!("/api/entity?iri={}", enc(script)),
        ),
        case(
            "an entity that does not exist",
            "GET",
            "/api/entity?iri=https%3A%2F%2Fw3id.org%2Flaocai-biotech%2Fid%2Fnone",
        )
        .answer(404, "not_found"),
        // Pages, asked by a client that does not want HTML: the JSON error shape.
        case(
            "page zero of the search page",
            "GET",
            "/search?q=duong&page=0",
        ),
        case(
            "a language the pages do not have",
            "GET",
            "/search?q=duong&lang=fr",
        ),
        case(
            "an unknown section on the dashboard",
            "GET",
            "/plan?section=IV",
        ),
        case(
            "a dashboard date that is not a date",
            "GET",
            "/plan?today=tomorrow",
        ),
        case(
            "an example query that does not exist",
            "GET",
            "/query?example=99",
        ),
        case(
            "a script as the entity page's IRI",
            "GET",
            format!("/entity?iri={}", enc(script)),
        ),
        case(
            "an entity format that does not exist",
            "GET",
            "/id/agency/so-y-te?format=pdf",
        ),
        case("an entity IRI that names nothing", "GET", "/id/agency/none").answer(404, "not_found"),
        case(
            "a static file that does not exist",
            "GET",
            "/static/..%2FCargo.toml",
        )
        .answer(404, "not_found"),
        // Anything else.
        case("path traversal", "GET", "/..%2F..%2Fetc%2Fpasswd").answer(404, "not_found"),
        case("an encoded script as the path", "GET", "/%3Cscript%3E").answer(404, "not_found"),
        case(
            "a method the route does not take",
            "DELETE",
            "/api/search?q=duong",
        )
        .answer(405, "method_not_allowed"),
        case("a body on the metrics route", "POST", "/metrics")
            .body("text/plain", "x")
            .answer(405, "method_not_allowed"),
    ]
}

/// The store's generation, through the API.
async fn generation(app: &axum::Router) -> u64 {
    let r = call(app, Request::get("/health").body(Body::empty()).unwrap()).await;
    r.json()["store"]["generation"].as_u64().unwrap()
}

/// What is wrong with the answer to `c`, if anything.
fn problem(c: &Case, r: &Reply) -> Option<String> {
    let body = String::from_utf8_lossy(&r.body);
    if !r.content_type.starts_with("application/json") {
        return Some(format!("content type {:?}, body {body}", r.content_type));
    }
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(&r.body) else {
        return Some(format!("not JSON: {body}"));
    };
    let code = json["error"]["code"].as_str().unwrap_or_default();
    if (r.status.as_u16(), code) != (c.status, c.code) {
        return Some(format!(
            "{} {code} instead of {} {}: {body}",
            r.status.as_u16(),
            c.status,
            c.code
        ));
    }
    if json["error"]["message"].as_str().is_none_or(str::is_empty) {
        return Some(format!("no message: {body}"));
    }
    // What the client sent comes back, if at all, as JSON text: never as live markup.
    if body.contains("<script>") {
        return Some(format!("markup echoed: {body}"));
    }
    None
}

#[tokio::test]
async fn every_route_answers_bad_input_with_a_4xx_json_error_and_writes_nothing() {
    let app = biokg_server::app(AppState::new(
        fresh_kb(),
        Settings {
            write_token: Some(biokg_server::auth::WriteToken::new(TOKEN).unwrap()),
            ..Settings::default()
        },
    ));
    let before = generation(&app).await;
    let cases = cases();
    assert!(cases.len() >= 40, "{}", cases.len());
    let mut problems = Vec::new();
    for c in &cases {
        let r = call(&app, c.request()).await;
        if let Some(p) = problem(c, &r) {
            let uri: String = c.uri.chars().take(80).collect();
            problems.push(format!("{} ({} {uri}): {p}", c.what, c.method));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Still up, still the same store.
    let r = call(
        &app,
        Request::get("/api/search?q=duong%20quy")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    // Every type the index holds is one the `type` filter takes.
    for kind in r.json()["facets"]["type"].as_object().unwrap().keys() {
        assert!(
            biokg_engine::documents::KINDS.contains(&kind.as_str()),
            "{kind}"
        );
    }
    assert_eq!(generation(&app).await, before);
}
