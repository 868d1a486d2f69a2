//! Report uploads through the router: `POST /api/reports` with an agency's own token, another
//! agency's, the write token, none; a bad report refused whole with every problem; and what
//! `/api/progress` says once a report is in.

use super::support::{Reply, call, fresh_kb};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use biokg_server::auth::{ReportTokens, WriteToken};
use biokg_server::state::{AppState, Settings};
use std::sync::Arc;

const ADMIN: &str = "admin-write-token-0001";
const SO_Y_TE: &str = "so-y-te-report-token-01";
const SO_TAI_CHINH: &str = "so-tai-chinh-token-0001";

/// A router over a fresh knowledge base with a write token and two agencies' tokens.
fn app(dir: &std::path::Path) -> axum::Router {
    let tokens = dir.join("tokens.tsv");
    std::fs::write(
        &tokens,
        format!("so-y-te\t{SO_Y_TE}\nso-tai-chinh\t{SO_TAI_CHINH}\n"),
    )
    .unwrap();
    biokg_server::app(AppState::new(
        fresh_kb(),
        Settings {
            write_token: Some(WriteToken::new(ADMIN).unwrap()),
            report_tokens: Arc::new(ReportTokens::from_file(&tokens).unwrap()),
            ..Settings::default()
        },
    ))
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../ingest/tests/fixtures/reports")
            .join(name),
    )
    .unwrap()
}

fn upload(body: Vec<u8>, token: Option<&str>) -> Request<Body> {
    let mut r =
        Request::post("/api/reports?file=so-y-te-2026.csv").header("content-type", "text/csv");
    if let Some(t) = token {
        r = r.header("authorization", format!("Bearer {t}"));
    }
    r.body(Body::from(body)).unwrap()
}

async fn get(app: &axum::Router, uri: &str) -> Reply {
    call(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn an_agency_files_its_own_report_and_no_other() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path());
    let report = fixture("so-y-te-2026.csv");
    // No token, or one nobody holds: 401.
    let r = call(&app, upload(report.clone(), None)).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNAUTHORIZED, "unauthorized".into())
    );
    let r = call(
        &app,
        upload(report.clone(), Some("nobody-holds-this-token")),
    )
    .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNAUTHORIZED, "unauthorized".into())
    );
    // Sở Tài chính's token cannot file Sở Y tế's report; nothing is written.
    let before = get(&app, "/health").await.json()["store"]["generation"].clone();
    let r = call(&app, upload(report.clone(), Some(SO_TAI_CHINH))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    assert_eq!(r.code(), "forbidden_agency");
    assert_eq!(
        get(&app, "/health").await.json()["store"]["generation"],
        before
    );
    // Sở Y tế's own token: 201, the identity of the report, the credential recorded.
    let r = call(&app, upload(report.clone(), Some(SO_Y_TE))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let filed = r.json();
    assert_eq!(filed["agency"], "so-y-te");
    assert_eq!(filed["uploaded_by"], "so-y-te");
    assert_eq!(
        filed["graph"],
        "https://w3id.org/laocai-biotech/graph/report/so-y-te-2026-2026-11-10"
    );
    // The write token files any agency's report, recorded as admin.
    let r = call(&app, upload(report, Some(ADMIN))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["uploaded_by"], "admin");
    // What the monitoring now says: Sở Y tế reported on time (10/11 before 15/11).
    let p = get(&app, "/api/progress?as_of=2026-12-06").await.json();
    let agency = p["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Sở Y tế")
        .unwrap()
        .clone();
    assert_eq!(agency["status"], "on-time");
    assert_eq!(agency["submitted"], "2026-11-10");
    let proposals = p["proposals"].as_array().unwrap();
    assert_eq!(proposals.len(), 1);
    assert_eq!(proposals[0]["code"], "II.2.2.1");
    assert!(
        p["funding"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["source"] == "state-budget" && f["spent_vnd"] == 150_000_000)
    );
}

#[tokio::test]
async fn a_bad_report_is_refused_whole_with_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path());
    let bad = "agency,year,submitted,kind,code,indicator,status,value\n\
               Sở Y tế,2026,10/11/2026,task,IX.9,,done,\n\
               Sở Y tế,2026,31/02/2026,task,I.1,,finished,\n";
    let before = get(&app, "/health").await.json()["store"]["generation"].clone();
    let r = call(&app, upload(bad.as_bytes().to_vec(), Some(SO_Y_TE))).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text());
    let e = &r.json()["error"];
    assert_eq!(e["code"], "invalid_report");
    let problems: Vec<&str> = e["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(problems.len() >= 3, "{problems:?}");
    assert!(
        problems.iter().all(|p| p.starts_with("so-y-te-2026.csv:")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("so-y-te-2026.csv:2: code: ")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("so-y-te-2026.csv:3: submitted: ")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("so-y-te-2026.csv:3: status: ")),
        "{problems:?}"
    );
    assert_eq!(
        get(&app, "/health").await.json()["store"]["generation"],
        before
    );
    // A body that is not a report's media type.
    let r = call(
        &app,
        Request::post("/api/reports")
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {SO_Y_TE}"))
            .body(Body::from("{}"))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}
