//! The real `biokg` binary on a free port: first start ingests the bundled plan, a second
//! start reopens the store without re-ingesting, and `/sparql` and `/api/search` answer.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The `biokg` binary built by the same `cargo test` run (the server crate's own CLI tests make
/// cargo build it next to this test binary's `deps/` folder).
fn binary() -> PathBuf {
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
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(data_dir: &Path) -> Self {
        let mut child = Command::new(binary())
            .args(["serve", "--addr", "127.0.0.1:0"])
            .arg("--data-dir")
            .arg(data_dir)
            .env("BIOKG_LOG", "warn")
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

    fn get(&self, path: &str) -> reqwest::blocking::Response {
        reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap()
            .get(format!("{}{path}", self.base))
            .send()
            .unwrap()
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
