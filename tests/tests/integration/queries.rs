//! The example SPARQL queries (`queries/*.rq`), each run on the bundled plan and compared with
//! its expected answer (`queries/*.tsv`), and each quoted verbatim in the query cookbook,
//! `docs/queries.md`.

use biokg_graph::{Dataset, Format, PreparedQuery, QueryResultsFormat};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn examples() -> Vec<(String, String, PathBuf)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root().join("queries")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rq") {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let query = std::fs::read_to_string(&path).unwrap();
            out.push((name, query, path.with_extension("tsv")));
        }
    }
    out.sort();
    out
}

#[test]
fn there_are_at_least_ten_examples() {
    assert!(examples().len() >= 10, "{}", examples().len());
}

#[test]
fn every_example_gives_its_expected_answer() {
    let kb = super::support::kb();
    let mut failures = Vec::new();
    for (name, query, expected) in examples() {
        let prepared = PreparedQuery::parse(&query).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = kb
            .graph()
            .execute(
                &prepared,
                &Dataset::default(),
                Format::Results(QueryResultsFormat::Tsv),
                Duration::from_secs(30),
            )
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = String::from_utf8(got).unwrap();
        if std::env::var_os("BIOKG_BLESS").is_some() {
            std::fs::write(&expected, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&expected)
            .unwrap_or_else(|e| panic!("{}: {e}", expected.display()));
        if got != want {
            failures.push(format!("{name}:\n--- expected\n{want}\n--- got\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_cookbook_quotes_every_example() {
    let cookbook = std::fs::read_to_string(root().join("docs/queries.md")).unwrap();
    for (name, query, _) in examples() {
        assert!(
            cookbook.contains(query.trim()),
            "docs/queries.md does not quote queries/{name}.rq verbatim"
        );
    }
}
