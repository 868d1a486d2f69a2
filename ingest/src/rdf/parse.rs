//! The parse of an RDF file: its triples in order, without repeats, each node with the line it
//! first appears on, blank nodes renamed from the source name.

use super::{RdfSyntax, Stream};
use crate::{Error, Result};
use biokg_ontology::iri;
use hashbrown::HashTable;
use oxrdf::{BlankNode, GraphName, NamedOrBlankNode, Quad, Term, Triple};
use rustc_hash::{FxBuildHasher, FxHashMap as HashMap};
use sha2::{Digest, Sha256};
use std::hash::BuildHasher;

/// A file's triples in order, without repeats, with where each node first appears.
#[derive(Default)]
pub(super) struct Parsed<'s> {
    pub(super) triples: Vec<Triple>,
    /// (hash, index into `triples`): the set of triples seen, without a second copy of them.
    /// The hash is kept so that growing the table does not read every triple again.
    seen: HashTable<(u64, u32)>,
    /// Subjects in order of first appearance.
    pub(super) subjects: Vec<NamedOrBlankNode>,
    /// Line of the first triple with the node as subject, else as object.
    as_subject: HashMap<Term, usize>,
    as_object: HashMap<Term, usize>,
    /// Named graphs met, with the line of their first quad.
    pub(super) graphs: Vec<(String, usize)>,
    blanks: HashMap<BlankNode, BlankNode>,
    name: String,
    /// Set for a streaming load: each new triple is also sent there.
    pub(super) stream: Option<Stream<'s>>,
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

    pub(super) fn contains(&self, t: &Triple) -> bool {
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

    pub(super) fn line_of(&self, node: &Term) -> usize {
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

pub(super) fn parse<'s>(
    file: &str,
    text: &str,
    syntax: RdfSyntax,
    name: &str,
    stream: Option<Stream<'s>>,
) -> Result<Parsed<'s>> {
    let mut out = Parsed {
        name: name.to_owned(),
        stream,
        ..Parsed::default()
    };
    match syntax {
        RdfSyntax::Turtle => {
            let mut p = oxttl::TurtleParser::new()
                .with_base_iri(base())
                .expect(BASE_OK)
                .low_level();
            parse_lines(file, text, &mut p, &mut out)?;
        }
        RdfSyntax::TriG => {
            let mut p = oxttl::TriGParser::new()
                .with_base_iri(base())
                .expect(BASE_OK)
                .low_level();
            parse_lines(file, text, &mut p, &mut out)?;
        }
        RdfSyntax::NTriples => parse_statement_lines(file, text, false, &mut out)?,
        RdfSyntax::NQuads => parse_statement_lines(file, text, true, &mut out)?,
        RdfSyntax::RdfXml => {
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
        RdfSyntax::JsonLd => {
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
