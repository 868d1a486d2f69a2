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

use crate::load::{check_name, default_name, file_name, hex, utf8};
use crate::source::{Sink, SourceFile};
use crate::shacl::{Input, Severity, Shapes, Store};
use crate::{Error, Loaded, Problem, Report, Result};
use biokg_ontology::{iri, prov};
use hashbrown::HashTable;
use oxrdf::{BlankNode, GraphName, NamedNode, NamedOrBlankNode, Quad, Term, Triple};
use rustc_hash::{FxBuildHasher, FxHashMap as HashMap, FxHashSet as HashSet};
use sha2::{Digest, Sha256};
use std::hash::BuildHasher;
use std::path::Path;

/// The ingestor kind of RDF sources, which names their graphs (`…/graph/rdf/{name}`).
pub const KIND: &str = "rdf";

/// The syntaxes read, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `.ttl`
    Turtle,
    /// `.nt`
    NTriples,
    /// `.nq`
    NQuads,
    /// `.trig`
    TriG,
    /// `.rdf`, `.xml`, `.owl`
    RdfXml,
    /// `.jsonld`, `.json`
    JsonLd,
}

impl Syntax {
    /// The syntax of a file name, by its extension (case-insensitive).
    pub fn from_file_name(name: &str) -> Option<Self> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "ttl" => Syntax::Turtle,
            "nt" => Syntax::NTriples,
            "nq" => Syntax::NQuads,
            "trig" => Syntax::TriG,
            "rdf" | "xml" | "owl" => Syntax::RdfXml,
            "jsonld" | "json" => Syntax::JsonLd,
            _ => return None,
        })
    }
}

/// Reads, parses and validates an RDF file: the quads of its graph and a report, or every
/// problem found. `name` is the source's name in IRIs (default: the file stem, slugged).
/// `store` answers for what the store already holds (leave out the graph
/// `iri::source_graph("rdf", name)` that this load replaces); references such as
/// `schema:location` resolve against it and the file. Nothing is written: `biokg check rdf` is
/// this call without storing the result.
///
/// # Errors
/// [`Error::Read`], [`Error::Format`], [`Error::Encoding`], [`Error::Syntax`] (the first syntax
/// error, with its line and column), [`Error::BadName`], or [`Error::Invalid`] with every SHACL
/// violation as `file:line: path: <focus>: message (value …)`.
pub fn load_rdf(path: &Path, name: Option<&str>, store: &dyn Store) -> Result<Loaded> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    let name = name.map_or_else(|| default_name(path), str::to_owned);
    load_rdf_bytes(&file_name(path), &bytes, &name, store)
}

/// Quads a [`load_rdf_streaming`] sink is given at a time, for a bulk loader: about one of the
/// batches Oxigraph's loader sorts on a thread of its own.
pub const STREAM_BATCH: usize = 250_000;

/// As [`load_rdf`], giving the file's own quads to `sink` in batches of `batch` as soon as
/// they are parsed, so that the caller can write them (unseen) while the rest of the file is
/// parsed and validated. The last quads of the file, fewer than a batch, are not given to
/// `sink`: they are kept for the result, so that the caller does not wait on them before the
/// validation (a loader busy with the batches before could make it). The [`Loaded`] returned
/// holds the quads `sink` did not get (those last ones, the source entity and the provenance
/// links); its report counts them all. On an error the caller must discard what `sink` got:
/// the file is not loaded.
///
/// # Errors
/// As [`load_rdf`].
///
/// # Panics
/// If `batch` is 0.
pub fn load_rdf_streaming(
    path: &Path,
    name: Option<&str>,
    store: &dyn Store,
    batch: usize,
    sink: &mut dyn FnMut(Vec<Quad>),
) -> Result<Loaded> {
    assert!(batch > 0, "a stream batch holds at least one quad");
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    let name = name.map_or_else(|| default_name(path), str::to_owned);
    load(&file_name(path), &bytes, &name, store, Some((batch, sink)))
}

/// As [`load_rdf`], for the bytes of a file called `file` (an upload, a test).
///
/// # Errors
/// As [`load_rdf`], except [`Error::Read`].
pub fn load_rdf_bytes(file: &str, bytes: &[u8], name: &str, store: &dyn Store) -> Result<Loaded> {
    load(file, bytes, name, store, None)
}

fn load(
    file: &str,
    bytes: &[u8],
    name: &str,
    store: &dyn Store,
    sink: Option<StreamTo<'_>>,
) -> Result<Loaded> {
    check_name(name)?;
    let syntax = Syntax::from_file_name(file).ok_or_else(|| Error::Format {
        file: file.to_owned(),
    })?;
    let text = utf8(file, bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let graph = iri::source_graph(KIND, name);
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
        kind: KIND,
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
        kind: KIND.into(),
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
type StreamTo<'s> = (usize, &'s mut dyn FnMut(Vec<Quad>));

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

/// A file's triples in order, without repeats, with where each node first appears.
#[derive(Default)]
struct Parsed<'s> {
    triples: Vec<Triple>,
    /// (hash, index into `triples`): the set of triples seen, without a second copy of them.
    /// The hash is kept so that growing the table does not read every triple again.
    seen: HashTable<(u64, u32)>,
    /// Subjects in order of first appearance.
    subjects: Vec<NamedOrBlankNode>,
    /// Line of the first triple with the node as subject, else as object.
    as_subject: HashMap<Term, usize>,
    as_object: HashMap<Term, usize>,
    /// Named graphs met, with the line of their first quad.
    graphs: Vec<(String, usize)>,
    blanks: HashMap<BlankNode, BlankNode>,
    name: String,
    /// Set for a streaming load: each new triple is also sent there.
    stream: Option<Stream<'s>>,
}

impl Parsed<'_> {
    fn blank(&mut self, b: BlankNode) -> BlankNode {
        let n = self.blanks.len();
        let name = &self.name;
        self.blanks
            .entry(b)
            .or_insert_with(|| {
                let digest = Sha256::digest(format!("{name}\0{n}").as_bytes());
                let mut id = [0u8; 16];
                id.copy_from_slice(&digest[..16]);
                BlankNode::new_from_unique_id(u128::from_be_bytes(id))
            })
            .clone()
    }

    fn push(&mut self, q: Quad, line: usize) {
        let subject = match q.subject {
            NamedOrBlankNode::BlankNode(b) => NamedOrBlankNode::BlankNode(self.blank(b)),
            s => s,
        };
        let object = match q.object {
            Term::BlankNode(b) => Term::BlankNode(self.blank(b)),
            o => o,
        };
        match &q.graph_name {
            GraphName::DefaultGraph => {}
            g => {
                let g = g.to_string();
                if !self.graphs.iter().any(|(x, _)| *x == g) {
                    self.graphs.push((g, line));
                }
            }
        }
        let s_term = Term::from(subject.clone());
        if let std::collections::hash_map::Entry::Vacant(e) = self.as_subject.entry(s_term) {
            e.insert(line);
            self.subjects.push(subject.clone());
        }
        // Only nodes need a line for a report: focus nodes are instances of target classes
        // and the objects of `sh:targetObjectsOf lcb:hasActor`, both IRIs or blank nodes (a
        // literal focus would be reported at line 1). Keeping every literal cost a copy of
        // most of the file.
        if !object.is_literal() {
            self.as_object.entry(object.clone()).or_insert(line);
        }
        let t = Triple::new(subject, q.predicate, object);
        let hash = FxBuildHasher.hash_one(&t);
        let triples = &self.triples;
        if let hashbrown::hash_table::Entry::Vacant(e) = self.seen.entry(
            hash,
            |(h, i)| *h == hash && triples[*i as usize] == t,
            |(h, _)| *h,
        ) {
            let index = u32::try_from(triples.len()).expect("fewer than 2^32 triples in a file");
            e.insert((hash, index));
            if let Some(stream) = &mut self.stream {
                stream.push(&t);
            }
            self.triples.push(t);
        }
    }

    fn contains(&self, t: &Triple) -> bool {
        let hash = FxBuildHasher.hash_one(t);
        self.seen
            .find(hash, |(h, i)| *h == hash && self.triples[*i as usize] == *t)
            .is_some()
    }

    /// Room for about `n` more triples.
    fn reserve(&mut self, n: usize) {
        self.triples.reserve(n);
        self.seen.reserve(n, |(h, _)| *h);
    }

    fn line_of(&self, node: &Term) -> usize {
        self.as_subject
            .get(node)
            .or_else(|| self.as_object.get(node))
            .copied()
            .unwrap_or(1)
    }
}

fn syntax_error(file: &str, line: u64, column: u64, reason: &str) -> Error {
    Error::Syntax {
        file: file.to_owned(),
        line: line as usize + 1,
        column: column as usize + 1,
        reason: reason.to_owned(),
    }
}

/// (line, column), 0-based, of a byte offset.
fn position(text: &str, offset: usize) -> (u64, u64) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count();
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    (line as u64, column as u64)
}

/// The low-level (push) parsers of oxttl, fed one line at a time so that each triple's line is
/// known.
trait LineParser {
    fn feed(&mut self, bytes: &[u8]);
    fn finish(&mut self);
    fn next_quad(&mut self) -> Option<std::result::Result<Quad, oxttl::TurtleSyntaxError>>;
}

macro_rules! line_parser {
    ($t:ty, $q:expr) => {
        impl LineParser for $t {
            fn feed(&mut self, bytes: &[u8]) {
                self.extend_from_slice(bytes);
            }
            fn finish(&mut self) {
                self.end();
            }
            fn next_quad(&mut self) -> Option<std::result::Result<Quad, oxttl::TurtleSyntaxError>> {
                self.parse_next().map(|r| r.map($q))
            }
        }
    };
}

line_parser!(oxttl::turtle::LowLevelTurtleParser, |t: Triple| t
    .in_graph(GraphName::DefaultGraph));
line_parser!(oxttl::ntriples::LowLevelNTriplesParser, |t: Triple| t
    .in_graph(GraphName::DefaultGraph));
line_parser!(oxttl::nquads::LowLevelNQuadsParser, |q: Quad| q);
line_parser!(oxttl::trig::LowLevelTriGParser, |q: Quad| q);

fn parse_lines(file: &str, text: &str, p: &mut dyn LineParser, out: &mut Parsed) -> Result<()> {
    parse_lines_from(file, text, 0, p, &mut |q, line| {
        out.push(q, line);
        true
    })
}

/// Feeds `text`, whose first line is line `before + 1` of the file, to `p` one line at a
/// time, and gives each quad with its line to `push`, until `push` says stop.
fn parse_lines_from(
    file: &str,
    text: &str,
    before: usize,
    p: &mut dyn LineParser,
    push: &mut dyn FnMut(Quad, usize) -> bool,
) -> Result<()> {
    let drain = |p: &mut dyn LineParser,
                 push: &mut dyn FnMut(Quad, usize) -> bool,
                 line: usize|
     -> Result<bool> {
        while let Some(r) = p.next_quad() {
            match r {
                Ok(q) => {
                    if !push(q, line.max(1)) {
                        return Ok(false);
                    }
                }
                Err(e) => {
                    let at = e.location().start;
                    return Err(syntax_error(
                        file,
                        at.line + before as u64,
                        at.column,
                        e.message(),
                    ));
                }
            }
        }
        Ok(true)
    };
    let mut line = before;
    for l in text.split_inclusive('\n') {
        line += 1;
        p.feed(l.as_bytes());
        if !drain(p, push, line)? {
            return Ok(());
        }
    }
    p.finish();
    drain(p, push, line).map(|_| ())
}

/// Files of at least this many bytes in a syntax of one statement per line (N-Triples,
/// N-Quads) are parsed by several threads, a run of whole lines each.
const PARALLEL_BYTES: usize = 1 << 20;

/// Quads a parsing thread hands over at a time.
const PARSE_BATCH: usize = 4096;

/// Parses N-Triples (`nquads` false) or N-Quads text, in parallel when it is large: each
/// thread parses a run of whole lines, and the quads are taken in the file's order, so the
/// result (blank node names, first lines, the first syntax error) is that of one parser.
fn parse_statement_lines(file: &str, text: &str, nquads: bool, out: &mut Parsed) -> Result<()> {
    let new_parser = || -> Box<dyn LineParser + Send> {
        if nquads {
            Box::new(oxttl::NQuadsParser::new().low_level())
        } else {
            Box::new(oxttl::NTriplesParser::new().low_level())
        }
    };
    // One statement a line, so the lines bound the triples (comments and blank lines aside).
    out.reserve(text.as_bytes().iter().filter(|b| **b == b'\n').count() + 1);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    if threads < 2 || text.len() < PARALLEL_BYTES {
        return parse_lines(file, text, new_parser().as_mut(), out);
    }
    let runs = line_runs(text, threads);
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        let mut parts = Vec::new();
        for (run, before) in runs {
            let (tx, rx) = std::sync::mpsc::channel::<Result<Vec<(Quad, usize)>>>();
            let mut parser = new_parser();
            let stop = &stop;
            scope.spawn(move || {
                let mut batch = Vec::with_capacity(PARSE_BATCH);
                let result = parse_lines_from(file, run, before, parser.as_mut(), &mut |q, l| {
                    batch.push((q, l));
                    if batch.len() == PARSE_BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(PARSE_BATCH));
                        // The receiver is gone or has stopped: so do we.
                        if tx.send(Ok(full)).is_err()
                            || stop.load(std::sync::atomic::Ordering::Relaxed)
                        {
                            return false;
                        }
                    }
                    true
                });
                // A send fails only when the reader has stopped, which needs nothing more.
                let _ = match result {
                    Ok(()) => tx.send(Ok(batch)),
                    Err(e) => tx.send(Err(e)),
                };
            });
            parts.push(rx);
        }
        // In file order: all of the first run, then the second, ...; the first error found
        // in that order is the file's first.
        for rx in parts {
            for batch in rx {
                match batch {
                    Ok(quads) => {
                        for (q, l) in quads {
                            out.push(q, l);
                        }
                    }
                    Err(e) => {
                        stop.store(true, std::sync::atomic::Ordering::Relaxed);
                        return Err(e);
                    }
                }
            }
        }
        Ok(())
    })
}

/// `text` cut into about `n` runs of whole lines, each with the number of lines before it.
fn line_runs(text: &str, n: usize) -> Vec<(&str, usize)> {
    let mut runs = Vec::with_capacity(n);
    let mut rest = text;
    let mut before = 0;
    for i in (1..=n).rev() {
        if rest.is_empty() {
            break;
        }
        let cut = if i == 1 {
            rest.len()
        } else {
            // Bytes, not chars: the cut is just after a line feed, always a char boundary.
            let target = rest.len() / i;
            rest.as_bytes()[target..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(rest.len(), |at| target + at + 1)
        };
        let (run, tail) = rest.split_at(cut);
        runs.push((run, before));
        before += run.matches('\n').count();
        rest = tail;
    }
    runs
}

const BASE_OK: &str = "the id base is a valid IRI";

fn base() -> &'static str {
    iri::ID_BASE
}

fn parse<'s>(
    file: &str,
    text: &str,
    syntax: Syntax,
    name: &str,
    stream: Option<Stream<'s>>,
) -> Result<Parsed<'s>> {
    let mut out = Parsed {
        name: name.to_owned(),
        stream,
        ..Parsed::default()
    };
    match syntax {
        Syntax::Turtle => {
            let mut p = oxttl::TurtleParser::new()
                .with_base_iri(base())
                .expect(BASE_OK)
                .low_level();
            parse_lines(file, text, &mut p, &mut out)?;
        }
        Syntax::TriG => {
            let mut p = oxttl::TriGParser::new()
                .with_base_iri(base())
                .expect(BASE_OK)
                .low_level();
            parse_lines(file, text, &mut p, &mut out)?;
        }
        Syntax::NTriples => parse_statement_lines(file, text, false, &mut out)?,
        Syntax::NQuads => parse_statement_lines(file, text, true, &mut out)?,
        Syntax::RdfXml => {
            let mut p = oxrdfxml::RdfXmlParser::new()
                .with_base_iri(base())
                .expect(BASE_OK)
                .for_slice(text.as_bytes());
            while let Some(r) = p.next() {
                let (line, column) = position(
                    text,
                    usize::try_from(p.buffer_position()).unwrap_or(usize::MAX),
                );
                match r {
                    Ok(t) => out.push(t.in_graph(GraphName::DefaultGraph), line as usize + 1),
                    Err(e) => return Err(syntax_error(file, line, column, &e.to_string())),
                }
            }
        }
        Syntax::JsonLd => {
            let p = oxjsonld::JsonLdParser::new()
                .with_base_iri(base())
                .expect(BASE_OK)
                .for_slice(text.as_bytes());
            for r in p {
                match r {
                    Ok(q) => {
                        let line = json_line(text, &q.subject);
                        out.push(q, line);
                    }
                    Err(e) => {
                        let (line, column) = e
                            .location()
                            .map_or((0, 0), |l| (l.start.line, l.start.column));
                        return Err(syntax_error(file, line, column, &e.to_string()));
                    }
                }
            }
        }
    }
    Ok(out)
}

/// The first line on which a JSON-LD document writes a subject's IRI, in full or relative to
/// the base; line 1 when it is written neither way (a compact IRI, a blank node).
fn json_line(text: &str, subject: &NamedOrBlankNode) -> usize {
    let NamedOrBlankNode::NamedNode(n) = subject else {
        return 1;
    };
    let full = format!("\"{}\"", n.as_str());
    let relative = n.as_str().strip_prefix(base()).map(|r| format!("\"{r}\""));
    let at = text
        .find(&full)
        .or_else(|| relative.and_then(|r| text.find(&r)));
    at.map_or(1, |o| position(text, o).0 as usize + 1)
}

/// The IRI of the source graph of an RDF source named `name`.
pub fn graph_of(name: &str) -> NamedNode {
    iri::source_graph(KIND, name)
}
