//! Helpers shared by the ingest crate's integration tests.

use biokg_ingest::Loaded;
use oxrdf::{Quad, Term};
use std::path::{Path, PathBuf};

/// A path under the repository's `data/`.
pub(crate) fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../data")
        .join(path)
}

/// The report's counts, as `(what, how many)`.
pub(crate) fn counts(l: &Loaded) -> Vec<(&str, usize)> {
    l.report
        .counts
        .iter()
        .map(|(k, n)| (k.as_str(), *n))
        .collect()
}

/// The objects of `s p ?o` as strings (IRIs or literal values), sorted.
pub(crate) fn objects(quads: &[Quad], s: &str, p: &str) -> Vec<String> {
    let mut out: Vec<String> = quads
        .iter()
        .filter(|q| q.subject.to_string() == format!("<{s}>") && q.predicate.as_str() == p)
        .map(|q| match &q.object {
            Term::NamedNode(n) => n.as_str().to_owned(),
            Term::Literal(l) => l.value().to_owned(),
            other => other.to_string(),
        })
        .collect();
    out.sort();
    out
}

/// The base of entity IRIs.
pub(crate) const ID: &str = "https://w3id.org/laocai-biotech/id/";
