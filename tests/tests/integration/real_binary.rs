//! The real `biokg` binary on a free port: first start ingests the bundled plan, a second
//! start reopens the store without re-ingesting, and `/sparql` and `/api/search` answer;
//! writes with the token from the environment, the body limit and the SPARQL slots.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The `biokg` binary built by the same `cargo test` run (the server crate's own CLI tests make
/// cargo build it next to this test binary's `deps/` folder).
pub(crate) fn binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(Path::parent).unwrap();
    let bin = dir.join(format!("biokg{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} is missing: run the whole workspace's tests (`make test`), which build it",
        bin.display()
    );
    bin
}

/// A server process, stopped (by its PID) when dropped.
pub(crate) struct Server {
    child: Child,
    base: String,
}

impl Server {
    pub(crate) fn start(data_dir: &Path) -> Self {
        Self::start_with(data_dir, &[], &[])
    }

    /// A server with extra `serve` flags and environment variables.
    pub(crate) fn start_with(data_dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Self {
        let mut child = Command::new(binary())
            .args(["serve", "--addr", "127.0.0.1:0"])
            .arg("--data-dir")
            .arg(data_dir)
            .args(args)
            .env("BIOKG_LOG", "warn")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("biokg starts");
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        Self { child, base }
    }

    pub(crate) fn get(&self, path: &str) -> reqwest::blocking::Response {
        self.request(reqwest::Method::GET, path).send().unwrap()
    }

    /// A request builder for `path` on this server.
    pub(crate) fn request(
        &self,
        method: reqwest::Method,
        path: &str,
    ) -> reqwest::blocking::RequestBuilder {
        reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap()
            .request(method, format!("{}{path}", self.base))
    }

    /// Posts a SPARQL Update, with a bearer token when given.
    pub(crate) fn update(&self, text: &str, token: Option<&str>) -> reqwest::blocking::Response {
        let mut r = self
            .request(reqwest::Method::POST, "/sparql")
            .header("content-type", "application/sparql-update")
            .body(text.to_owned());
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        r.send().unwrap()
    }

    /// The IRIs of the hits of a search.
    pub(crate) fn search(&self, q: &str) -> Vec<String> {
        let r = self.get(&format!("/api/search?q={}", super::support::enc(q)));
        assert_eq!(r.status(), 200);
        let body: serde_json::Value = r.json().unwrap();
        body["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["iri"].as_str().unwrap().to_owned())
            .collect()
    }

    /// One line of `/metrics` that starts with `name `, as its value.
    pub(crate) fn metric(&self, name: &str) -> String {
        let text = self.get("/metrics").text().unwrap();
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{name} ")).map(str::to_owned))
            .unwrap_or_else(|| panic!("no metric {name} in\n{text}"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn tasks_with_code(server: &Server, code: &str) -> usize {
    let q = format!(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?t WHERE {{ ?t skos:notation \"{code}\" ; a <https://w3id.org/laocai-biotech/ns#Task> }}"
    );
    let r = server.get(&format!("/sparql?query={}", super::support::enc(&q)));
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().unwrap();
    body["results"]["bindings"].as_array().unwrap().len()
}

#[test]
fn the_binary_serves_the_bundled_plan_and_reopens_without_reingesting() {
    let dir = tempfile::tempdir().unwrap();
    let generation = {
        let server = Server::start(dir.path());
        let health: serde_json::Value = server.get("/health").json().unwrap();
        assert_eq!(health["in_step"], true, "{health}");
        assert_eq!(tasks_with_code(&server, "II.2.2.7"), 1);

        let r = server.get("/api/search?q=tang%20loong&type=task");
        assert_eq!(r.status(), 200);
        let body: serde_json::Value = r.json().unwrap();
        assert_eq!(body["hits"][0]["iri"], super::support::task_iri("II.2.3.4"));
        let accented = server.get(&format!(
            "/api/search?q={}&type=task",
            super::support::enc("Tằng Loỏng")
        ));
        let accented: serde_json::Value = accented.json().unwrap();
        assert_eq!(accented["hits"][0]["iri"], body["hits"][0]["iri"]);

        let r = server.get("/sparql?query=SELECT");
        assert_eq!(r.status(), 400);
        let err: serde_json::Value = r.json().unwrap();
        assert_eq!(err["error"]["code"], "sparql_syntax_error");
        health["store"]["generation"].as_u64().unwrap()
    };
    // Second start on the same directory: nothing is loaded again, the generation is the same.
    let server = Server::start(dir.path());
    let health: serde_json::Value = server.get("/health").json().unwrap();
    assert_eq!(health["store"]["generation"].as_u64().unwrap(), generation);
    assert_eq!(health["in_step"], true);
    assert_eq!(tasks_with_code(&server, "II.2.2.7"), 1);
}

#[test]
fn a_deleted_index_is_rebuilt_on_start() {
    let dir = tempfile::tempdir().unwrap();
    drop(Server::start(dir.path()));
    std::fs::remove_dir_all(dir.path().join("index")).unwrap();
    let server = Server::start(dir.path());
    let health: serde_json::Value = server.get("/health").json().unwrap();
    assert_eq!(health["in_step"], true, "{health}");
    let body: serde_json::Value = server
        .get("/api/search?q=tang%20loong&type=task")
        .json()
        .unwrap();
    assert_eq!(body["hits"][0]["iri"], super::support::task_iri("II.2.3.4"));
}

const TOKEN: &str = "e2e-token-abcdefghijkl";
pub(crate) const NURSERY: &str = "http://example.org/id/vuon-uom-sin-cheng";
pub(crate) const INSERT_NURSERY: &str = "PREFIX lcb: <https://w3id.org/laocai-biotech/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT DATA { GRAPH <http://example.org/graph/nursery> {
  <http://example.org/id/vuon-uom-sin-cheng> a lcb:Task ; rdfs:label \"Vườn ươm tam thất Sín Chéng\"@vi .
} }";

#[test]
fn writes_through_the_binary_keep_search_in_step() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_with(
        dir.path(),
        &["--max-body-bytes", "4096"],
        &[("BIOKG_WRITE_TOKEN", TOKEN)],
    );
    let r = server.update(INSERT_NURSERY, None);
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["www-authenticate"], "Bearer realm=\"biokg\"");
    let r = server.update(INSERT_NURSERY, Some("e2e-token-wrong-wrong"));
    assert_eq!(r.status(), 403);
    let body: serde_json::Value = r.json().unwrap();
    assert_eq!(body["error"]["code"], "invalid_token");
    assert!(
        !server
            .search("tam that sin cheng")
            .contains(&NURSERY.to_owned())
    );

    let r = server.update(INSERT_NURSERY, Some(TOKEN));
    assert_eq!(r.status(), 200);
    assert_eq!(
        server
            .search("tam that sin cheng")
            .first()
            .map(String::as_str),
        Some(NURSERY)
    );
    let r = server.update("DROP GRAPH <http://example.org/graph/nursery>", Some(TOKEN));
    assert_eq!(r.status(), 200);
    assert!(
        !server
            .search("tam that sin cheng")
            .contains(&NURSERY.to_owned())
    );

    let big = format!("{INSERT_NURSERY}\n#{}", "x".repeat(5000));
    let r = server.update(&big, Some(TOKEN));
    assert_eq!(r.status(), 413);
    let body: serde_json::Value = r.json().unwrap();
    assert_eq!(body["error"]["code"], "payload_too_large");
    assert_eq!(server.metric("biokg_writes_total"), "2");
    let ready = server.get("/ready");
    assert_eq!(ready.status(), 200);
}

#[test]
fn a_held_sparql_slot_gives_503_and_leaves_search_alone() {
    let dir = tempfile::tempdir().unwrap();
    let server = std::sync::Arc::new(Server::start_with(
        dir.path(),
        &["--max-concurrent-queries", "1", "--queue-timeout", "0.2"],
        &[("BIOKG_QUERY_TIMEOUT", "4")],
    ));
    let slow = {
        let server = std::sync::Arc::clone(&server);
        std::thread::spawn(move || {
            let r = server.get(&format!(
                "/sparql?query={}",
                super::support::enc(super::limits::SLOW_REGEX)
            ));
            let status = r.status().as_u16();
            let body: serde_json::Value = r.json().unwrap();
            (
                status,
                body["error"]["code"].as_str().unwrap_or("").to_owned(),
            )
        })
    };
    let waited = std::time::Instant::now();
    while server.metric("biokg_sparql_running") != "1" {
        assert!(
            waited.elapsed() < Duration::from_secs(10),
            "the slow query never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let r = server.get(&format!(
        "/sparql?query={}",
        super::support::enc("ASK { ?s ?p ?o }")
    ));
    assert_eq!(r.status(), 503);
    assert_eq!(r.headers()["retry-after"], "1");
    let body: serde_json::Value = r.json().unwrap();
    assert_eq!(body["error"]["code"], "too_busy");
    let started = std::time::Instant::now();
    assert_eq!(
        server
            .search("tang loong giam phat thai")
            .first()
            .map(String::as_str),
        Some(super::support::task_iri("II.2.3.4").as_str())
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(slow.join().unwrap(), (503, "query_timeout".to_owned()));
    assert_eq!(server.metric("biokg_sparql_timeouts_total"), "1");
    assert_eq!(
        server.metric("biokg_http_refusals_total{code=\"too_busy\"}"),
        "1"
    );
}

#[test]
fn a_runaway_query_is_answered_at_its_limit_and_keeps_its_slot() {
    // Oxigraph does not notice this query's cancellation for a very long time: the client
    // still gets its 503 at the limit, and the slot stays taken while the evaluation runs.
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_with(
        dir.path(),
        &["--max-concurrent-queries", "1", "--queue-timeout", "0.2"],
        &[("BIOKG_QUERY_TIMEOUT", "1")],
    );
    let started = std::time::Instant::now();
    let r = server.get(&format!(
        "/sparql?query={}",
        super::support::enc(super::limits::RUNAWAY)
    ));
    let took = started.elapsed();
    assert_eq!(r.status(), 503);
    let body: serde_json::Value = r.json().unwrap();
    assert_eq!(body["error"]["code"], "query_timeout");
    assert!(
        took >= Duration::from_secs(1) && took < Duration::from_secs(5),
        "{took:?}"
    );
    assert_eq!(server.metric("biokg_sparql_running"), "1");
    let r = server.get(&format!(
        "/sparql?query={}",
        super::support::enc("ASK { ?s ?p ?o }")
    ));
    assert_eq!(r.status(), 503);
    let body: serde_json::Value = r.json().unwrap();
    assert_eq!(body["error"]["code"], "too_busy");
    let started = std::time::Instant::now();
    assert_eq!(
        server
            .search("tang loong giam phat thai")
            .first()
            .map(String::as_str),
        Some(super::support::task_iri("II.2.3.4").as_str())
    );
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(server.metric("biokg_sparql_timeouts_total"), "1");
    // Dropping the server kills it, runaway evaluation and all.
}

impl Server {
    /// Posts a report as CSV with a bearer token.
    fn upload_report(&self, csv: &[u8], token: &str) -> reqwest::blocking::Response {
        self.request(reqwest::Method::POST, "/api/reports?file=so-y-te-2026.csv")
            .header("content-type", "text/csv")
            .bearer_auth(token)
            .body(csv.to_vec())
            .send()
            .unwrap()
    }

    /// Sends the server process a signal, by its PID.
    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }
}

#[test]
fn agencies_upload_their_own_reports_and_a_rotated_token_works_after_sighup() {
    let dir = tempfile::tempdir().unwrap();
    let tokens = dir.path().join("report-tokens.tsv");
    std::fs::write(
        &tokens,
        "so-y-te\tso-y-te-token-old-0001\nso-tai-chinh\tso-tai-chinh-token-0001\n",
    )
    .unwrap();
    let server = Server::start_with(
        &dir.path().join("data"),
        &["--report-tokens-file", tokens.to_str().unwrap()],
        &[],
    );
    let report = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../ingest/tests/fixtures/reports/so-y-te-2026.csv"),
    )
    .unwrap();
    // Another agency's token: 403, nothing stored.
    let r = server.upload_report(&report, "so-tai-chinh-token-0001");
    assert_eq!(r.status(), 403);
    let body: serde_json::Value = r.json().unwrap();
    assert_eq!(body["error"]["code"], "forbidden_agency");
    // No token: 401.
    let r = server
        .request(reqwest::Method::POST, "/api/reports")
        .header("content-type", "text/csv")
        .body(report.clone())
        .send()
        .unwrap();
    assert_eq!(r.status(), 401);
    // The agency's own token: 201, recorded as uploaded by the agency.
    let r = server.upload_report(&report, "so-y-te-token-old-0001");
    assert_eq!(r.status(), 201, "{}", r.text().unwrap());
    // The token is rotated in the file and the server told with SIGHUP: the old token is
    // refused, the new one accepted, without a restart.
    std::fs::write(
        &tokens,
        "so-y-te\tso-y-te-token-new-0002\nso-tai-chinh\tso-tai-chinh-token-0001\n",
    )
    .unwrap();
    server.signal("HUP");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let r = server.upload_report(&report, "so-y-te-token-old-0001");
        if r.status() == 401 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the old token still works"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let r = server.upload_report(&report, "so-y-te-token-new-0002");
    assert_eq!(r.status(), 201, "{}", r.text().unwrap());
    let body: serde_json::Value = r.json().unwrap();
    assert_eq!(body["uploaded_by"], "so-y-te");
    // The report counts: Sở Y tế reported on time.
    let p: serde_json::Value = server.get("/api/progress?as_of=2026-12-06").json().unwrap();
    let so_y_te = p["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Sở Y tế")
        .unwrap()
        .clone();
    assert_eq!(so_y_te["status"], "on-time");
    // Who uploaded it is in the graph, as provenance.
    let q = "PREFIX lcb: <https://w3id.org/laocai-biotech/ns#> SELECT ?who WHERE { ?a lcb:uploadedBy ?who }";
    let r = server
        .request(
            reqwest::Method::GET,
            &format!("/sparql?query={}", super::support::enc(q)),
        )
        .header("accept", "text/csv")
        .send()
        .unwrap();
    assert_eq!(r.text().unwrap().replace('\r', ""), "who\nso-y-te\n");
}
