//! Backups end to end: serve and write, stop, `biokg backup`, `biokg restore` into a new
//! directory, serve the restored copy and find the data there.

use super::real_binary::{INSERT_NURSERY, NURSERY, Server, binary};
use std::process::Command;

fn biokg(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(binary())
        .args(args)
        .env("BIOKG_LOG", "warn")
        .output()
        .expect("biokg runs")
}

#[test]
fn a_backup_restores_into_a_new_directory_that_serves_the_same_data() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, out, restored) = (
        tmp.path().join("data"),
        tmp.path().join("backup"),
        tmp.path().join("restored"),
    );
    let token = "backup-token-0123456789";
    let generation = {
        let server = Server::start_with(&data, &[], &[("BIOKG_WRITE_TOKEN", token)]);
        assert_eq!(server.update(INSERT_NURSERY, Some(token)).status(), 200);
        let ready: serde_json::Value = server.get("/ready").json().unwrap();
        ready["generation"].as_u64().unwrap()
    };
    let o = biokg(&[
        "backup".as_ref(),
        "--data-dir".as_ref(),
        data.as_os_str(),
        out.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(
        stdout.starts_with(&format!("backup of generation {generation} written to ")),
        "{stdout}"
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["format"], "biokg-backup/1");
    assert_eq!(manifest["generation"], generation);

    let o = biokg(&[
        "restore".as_ref(),
        out.as_os_str(),
        "--data-dir".as_ref(),
        restored.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // A second restore onto the same directory needs --force.
    let o = biokg(&[
        "restore".as_ref(),
        out.as_os_str(),
        "--data-dir".as_ref(),
        restored.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not empty"));

    let server = Server::start_with(&restored, &["--no-bootstrap"], &[]);
    let ready: serde_json::Value = server.get("/ready").json().unwrap();
    assert_eq!(ready["generation"].as_u64().unwrap(), generation);
    assert_eq!(
        server
            .search("tam that sin cheng")
            .first()
            .map(String::as_str),
        Some(NURSERY)
    );
    let q = format!("ASK {{ GRAPH ?g {{ <{NURSERY}> ?p ?o }} }}");
    let r = server.get(&format!("/sparql?query={}", super::support::enc(&q)));
    let body: serde_json::Value = r.json().unwrap();
    assert_eq!(body["boolean"], true);
    assert_eq!(
        server
            .search("tang loong giam phat thai")
            .first()
            .map(String::as_str),
        Some(super::support::task_iri("II.2.3.4").as_str())
    );
}
