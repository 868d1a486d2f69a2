//! Helpers shared by the ingest crate's integration tests, among them the loads of one format
//! each through the one entry, [`ingest`], for the tests written against them.

use biokg_ingest::registry::{self, Gazetteer, Known, Registry, RegistryFiles};
use biokg_ingest::shacl::Store;
use biokg_ingest::{Context, Format, Input, Loaded, RdfSyntax, ingest, ingest_streaming};
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

/// What registries refer to, with no store for RDF.
fn registry_context<'a>(known: &'a Known, gazetteer: &'a Gazetteer) -> Context<'a> {
    Context {
        known,
        gazetteer,
        ..Context::standalone()
    }
}

/// A store for RDF validation, and nothing for registries.
fn store_context(store: &dyn Store) -> Context<'_> {
    Context {
        store,
        ..Context::standalone()
    }
}

/// A plan file through [`ingest`], under its default name or `name`.
pub(crate) fn load_plan(path: &Path, name: Option<&str>) -> biokg_ingest::Result<Loaded> {
    ingest(
        &Input::path(Format::Plan, path).with_name(name),
        &Context::standalone(),
    )
}

/// A places folder through [`ingest`].
pub(crate) fn load_places(dir: &Path, name: Option<&str>) -> biokg_ingest::Result<Loaded> {
    ingest(
        &Input::path(Format::Places, dir).with_name(name),
        &Context::standalone(),
    )
}

/// The bundled places through [`ingest`].
pub(crate) fn bundled_places() -> Loaded {
    ingest(
        &Input::places("places", registry::bundled_places()),
        &Context::standalone(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// A registry file and its companions through [`ingest`].
pub(crate) fn load_registry(
    kind: Registry,
    path: &Path,
    name: Option<&str>,
    gazetteer: &Gazetteer,
    known: &Known,
) -> biokg_ingest::Result<Loaded> {
    let ctx = registry_context(known, gazetteer);
    ingest(
        &Input::path(Format::Registry(kind), path).with_name(name),
        &ctx,
    )
}

/// Registry files in memory through [`ingest`].
pub(crate) fn load_registry_files(
    kind: Registry,
    files: &RegistryFiles,
    name: &str,
    gazetteer: &Gazetteer,
    known: &Known,
) -> biokg_ingest::Result<Loaded> {
    let ctx = registry_context(known, gazetteer);
    ingest(&Input::registry(kind, files.clone()).named(name), &ctx)
}

/// An RDF file through [`ingest`], its syntax by its extension.
pub(crate) fn load_rdf(
    path: &Path,
    name: Option<&str>,
    store: &dyn Store,
) -> biokg_ingest::Result<Loaded> {
    let syntax = RdfSyntax::of_path(path)?;
    let ctx = store_context(store);
    ingest(
        &Input::path(Format::Rdf(syntax), path).with_name(name),
        &ctx,
    )
}

/// The bytes of an RDF file called `file` through [`ingest`], its syntax by its extension.
pub(crate) fn load_rdf_bytes(
    file: &str,
    bytes: &[u8],
    name: &str,
    store: &dyn Store,
) -> biokg_ingest::Result<Loaded> {
    let syntax = RdfSyntax::of_file(file)?;
    let ctx = store_context(store);
    ingest(
        &Input::bytes(Format::Rdf(syntax), file, bytes).named(name),
        &ctx,
    )
}

/// An RDF file through [`ingest_streaming`].
pub(crate) fn load_rdf_streaming(
    path: &Path,
    name: Option<&str>,
    store: &dyn Store,
    batch: usize,
    sink: &mut dyn FnMut(Vec<Quad>),
) -> biokg_ingest::Result<Loaded> {
    let syntax = RdfSyntax::of_path(path)?;
    let ctx = store_context(store);
    let input = Input::path(Format::Rdf(syntax), path).with_name(name);
    ingest_streaming(&input, &ctx, batch, sink)
}
