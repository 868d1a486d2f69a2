//! RDF files as a source: parse any of the usual syntaxes, validate against the project's SHACL
//! shapes over the file and the store, and put every triple into the source's named graph.
//!
//! - **Formats** by extension: `.ttl` Turtle, `.nt` N-Triples, `.nq` N-Quads, `.trig` TriG,
//!   `.rdf` / `.xml` / `.owl` RDF/XML, `.jsonld` / `.json` JSON-LD (no remote contexts: the
//!   parser loads nothing from the network). The text must be UTF-8. Relative IRIs resolve
//!   against `https://w3id.org/laocai-biotech/id/`, so `<org/x>` is the organisation `x`.
//! - **Named graphs** (N-Quads, TriG, JSON-LD `@graph` with an `@id`) are merged into the
//!   source graph `…/graph/rdf/{name}`, with one warning per graph name: a source is one graph.
//! - **Blank nodes** are renamed from the source name and their order of appearance, so the
//!   same file under the same name gives the same graph, and two sources never share one.
//! - **Provenance**: the source entity (`lcb:Source`, file name, kind, ingestor version) as for
//!   the other ingestors, and `prov:wasDerivedFrom` it on every IRI subject of the file.
//! - **Lines**: a problem names the line of the focus node's first triple. For Turtle, TriG,
//!   N-Triples and N-Quads that is the line on which the parser completed the triple (fed one
//!   line at a time, it completes a triple at the token after its object, which is on the
//!   object's line in the usual layout); for RDF/XML the line of the parser's position after
//!   the triple's element; JSON-LD parsers give no positions, so it is the first line on which
//!   the focus node's IRI (or its path after the base) is written, or line 1.

mod parse;
mod syntax;

pub use syntax::RdfSyntax;

use crate::load::{check_name, hex};
use crate::read::utf8;
use crate::shacl::{Input, Severity, Shapes, Store};
use crate::source::{Sink, SourceFile, SourceType};
use crate::{Error, Loaded, Problem, Report, Result};
use biokg_ontology::{iri, prov};
use oxrdf::{GraphName, NamedNode, NamedOrBlankNode, Quad, Triple};
use parse::{Parsed, parse};
use rustc_hash::FxHashSet as HashSet;
use sha2::{Digest, Sha256};

/// Quads a streaming ingest's sink is given at a time ([`crate::ingest_streaming`]), for a bulk
/// loader: about one of the batches Oxigraph's loader sorts on a thread of its own.
pub const STREAM_BATCH: usize = 250_000;

/// Parses and validates the bytes of an RDF file called `file`: the quads of its graph and a
/// report, or every problem found. `store` answers for what the store already holds (without
/// the graph this load replaces); references such as `schema:location` resolve against it and
/// the file. With `sink`, the file's own quads are given to it a batch at a time as they are
/// parsed (see [`crate::ingest_streaming`]).
pub(crate) fn load(
    file: &str,
    bytes: &[u8],
    name: &str,
    syntax: RdfSyntax,
    store: &dyn Store,
    sink: Option<StreamTo<'_>>,
) -> Result<Loaded> {
    check_name(name)?;
    let text = utf8(file, bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let graph = iri::source_graph(SourceType::Rdf.key(), name);
    let stream = sink.map(|(size, sink)| Stream {
        sink,
        graph: GraphName::from(graph),
        size,
        batch: Vec::new(),
        sent: 0,
    });
    // The file's digest is taken beside the parse (a large file's hash is a tenth of a second
    // or more that the parse need not wait for).
    let (sha256, parsed) = std::thread::scope(|scope| {
        let digest = scope.spawn(|| hex(&Sha256::digest(bytes)));
        let parsed = parse(file, text, syntax, name, stream);
        (digest.join().expect("SHA-256 does not panic"), parsed)
    });
    let mut parsed = parsed?;
    let (sent, unsent) = parsed
        .stream
        .as_mut()
        .map_or((0, Vec::new()), |s| (s.sent, std::mem::take(&mut s.batch)));
    let source = SourceFile {
        source_type: SourceType::Rdf,
        name: name.to_owned(),
        file_name: file.to_owned(),
        sha256,
    };

    let shapes = Shapes::bundled();
    let mut problems = Vec::new();
    let mut warnings: Vec<String> = parsed
        .graphs
        .iter()
        .map(|(g, line)| {
            format!(
                "{file}:{line}: graph: the named graph {g} is merged into the source graph {}",
                source.graph()
            )
        })
        .collect();
    let validation = shapes.validate_input(
        &Input::new(shapes, parsed.triples.iter().map(Triple::as_ref)),
        store,
    );
    for r in validation.results {
        let p = Problem {
            file: file.to_owned(),
            line: parsed.line_of(&r.focus),
            field: r.field(),
            reason: r.reason(),
        };
        match r.severity {
            Severity::Violation => problems.push(p),
            Severity::Warning | Severity::Info => warnings.push(p.to_string()),
        }
    }
    if !problems.is_empty() {
        problems.sort();
        problems.dedup();
        return Err(Error::Invalid(problems));
    }

    let counts = validation
        .counts
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(c, n)| (crate::shacl::compact_iri(c.as_str()), n))
        .chain(std::iter::once((
            "subjects".to_owned(),
            parsed.subjects.len(),
        )))
        .collect();
    let mut quads = quads(&source, parsed);
    quads.extend(unsent);
    let report = Report {
        file: file.to_owned(),
        source_type: SourceType::Rdf,
        counts,
        warnings,
        triples: sent + quads.len(),
    };
    Ok(Loaded {
        source,
        quads,
        report,
    })
}

/// The source entity, the file's triples in the source graph (unless they were streamed), and
/// `prov:wasDerivedFrom` on every IRI subject.
fn quads(source: &SourceFile, parsed: Parsed<'_>) -> Vec<Quad> {
    let src = source.entity();
    let mut g = Sink::for_source(source);
    // The file's triples are already without repeats: only the few that describe the source,
    // and the provenance links the file may state itself, need checking.
    let own: HashSet<Triple> = g
        .quads
        .iter()
        .map(|q| Triple::new(q.subject.clone(), q.predicate.clone(), q.object.clone()))
        .collect();
    let graph = GraphName::from(source.graph());
    let derived: Vec<Triple> = parsed
        .subjects
        .iter()
        .filter_map(|s| match s {
            NamedOrBlankNode::NamedNode(n) => {
                let t = Triple::new(n.clone(), prov::WAS_DERIVED_FROM, src.clone());
                (!own.contains(&t) && !parsed.contains(&t)).then_some(t)
            }
            NamedOrBlankNode::BlankNode(_) => None,
        })
        .collect();
    if parsed.stream.is_some() {
        // The caller has them already. Freeing a million triples (three strings each) takes
        // the thread about a second that its commit is waiting for: another thread does it.
        let triples = parsed.triples;
        if let Err(e) = std::thread::Builder::new()
            .name("biokg-free".into())
            .spawn(move || drop(triples))
        {
            tracing::debug!("no thread to free the parsed triples on: {e}");
        }
    } else {
        g.quads.reserve(parsed.triples.len() + derived.len());
        for t in parsed.triples {
            if !own.contains(&t) {
                g.quads.push(t.in_graph(graph.clone()));
            }
        }
    }
    g.quads
        .extend(derived.into_iter().map(|t| t.in_graph(graph.clone())));
    g.quads
}

/// A streaming load's batch size, and what takes its batches.
pub(crate) type StreamTo<'s> = (usize, &'s mut dyn FnMut(Vec<Quad>));

/// Where a streaming load sends the file's quads as they come.
struct Stream<'s> {
    sink: &'s mut dyn FnMut(Vec<Quad>),
    graph: GraphName,
    /// Quads a batch holds.
    size: usize,
    /// The quads not sent yet.
    batch: Vec<Quad>,
    /// Quads sent so far.
    sent: usize,
}

impl Stream<'_> {
    fn push(&mut self, t: &Triple) {
        self.batch.push(t.clone().in_graph(self.graph.clone()));
        if self.batch.len() >= self.size {
            self.sent += self.batch.len();
            (self.sink)(std::mem::take(&mut self.batch));
        }
    }
}

/// The IRI of the source graph of an RDF source named `name`.
pub fn graph_of(name: &str) -> NamedNode {
    iri::source_graph(SourceType::Rdf.key(), name)
}
