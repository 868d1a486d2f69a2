//! Shared fixtures: a knowledge base loaded with the bundled plan, and request helpers.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use biokg_engine::KnowledgeBase;
use biokg_server::state::{AppState, Settings};
use http_body_util::BodyExt;
use serde_json::Value;
use std::sync::OnceLock;
use tower::ServiceExt;

/// The sources an empty store is bootstrapped with: plan, places, plants, labs, enterprises,
/// value chain.
pub(crate) const BUNDLED_SOURCES: usize = 6;

/// An in-memory knowledge base with the bundled data, built once per test binary.
pub(crate) fn kb() -> KnowledgeBase {
    static KB: OnceLock<KnowledgeBase> = OnceLock::new();
    KB.get_or_init(|| {
        let kb = KnowledgeBase::in_memory().expect("in-memory store");
        let report = kb.prepare(true).expect("bundled data loads");
        assert_eq!(report.bootstrapped.len(), BUNDLED_SOURCES);
        kb
    })
    .clone()
}

/// The router over [`kb`].
pub(crate) fn app() -> axum::Router {
    biokg_server::app(AppState::new(kb(), Settings::default()))
}

/// A response: status, content type, headers and body.
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) content_type: String,
    pub(crate) headers: axum::http::HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }

    /// The error code of a JSON error body.
    pub(crate) fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// One response header as text ("" when absent).
    pub(crate) fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    }
}

/// A fresh in-memory knowledge base with the bundled data, for tests that write.
pub(crate) fn fresh_kb() -> KnowledgeBase {
    let kb = KnowledgeBase::in_memory().expect("in-memory store");
    kb.prepare(true).expect("bundled data loads");
    kb
}

/// Sends one request through a router.
pub(crate) async fn call(app: &axum::Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Reply {
        status,
        content_type,
        headers,
        body,
    }
}

/// Sends one request through the router.
pub(crate) fn send(request: Request<Body>) -> Reply {
    send_to(app(), request)
}

/// Sends one request through a given router.
pub(crate) fn send_to(app: axum::Router, request: Request<Body>) -> Reply {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(call(&app, request))
}

/// A GET of `uri`.
pub(crate) fn get(uri: &str) -> Reply {
    send(Request::get(uri).body(Body::empty()).unwrap())
}

/// Percent-encodes a query-string value.
pub(crate) fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The IRI of a task of the bundled plan.
pub(crate) fn task_iri(code: &str) -> String {
    format!(
        "https://w3id.org/laocai-biotech/id/plan/ke-hoach-cnsh-lao-cai-2026/task/{}",
        code.replace('.', "-")
    )
}

/// The first of `names` found on the PATH: a program a test drives (a browser, an office suite).
pub(crate) fn which(names: &[&str]) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// Says why a test that drives an outside program cannot run, and lets it pass, unless the
/// variable `var` is `required` (as `.ci/run` sets it): then a missing program is a failure.
pub(crate) fn skip_unless_required(var: &str, what: &str, why: &str, packages: &str) {
    let required = std::env::var(var).is_ok_and(|v| v == "required");
    assert!(
        !required,
        "{var}=required but {why}: install the Debian packages {packages}"
    );
    eprintln!(
        "SKIPPED {what} test: {why} (install {packages}; {var}=required makes this a failure)"
    );
}
