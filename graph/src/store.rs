//! [`GraphStore`]: the embedded Oxigraph store with per-source named graphs.

use crate::query::{self, Dataset, Format, PreparedQuery, Solution};
use crate::text::TextSearch;
use crate::{Error, Result};
use biokg_ontology::{ONTOLOGY_TTL, SCHEMES_TTL, graphs, lcb};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, QuadRef,
    Term, TermRef,
};
use oxigraph::store::{StorageError, Store, Transaction};
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// The fewest quads of a new source that [`GraphStore::replace_source`] bulk-loads rather than
/// writes in a transaction: below it, the loader's sorted files cost more than they save.
pub const BULK_LOAD_QUADS: usize = 50_000;

/// Memory the bulk loader may use for its batches, in megabytes (its default is 2 GB a thread).
const BULK_LOAD_MEMORY_MB: usize = 512;

/// Quads handed to the bulk loader at once (about one batch of its, at that memory).
const BULK_LOAD_CHUNK: usize = 250_000;

/// How many quads [`GraphStore::replace_source_with`] inserts between two progress calls.
pub const PROGRESS_STEP: usize = 10_000;

/// The data of one source, to replace whatever the store held for it.
#[derive(Debug, Clone)]
pub struct SourceUpdate {
    /// The named graph of the source; every quad of `quads` must be in it.
    pub graph: NamedNode,
    /// The source's facts.
    pub quads: Vec<Quad>,
    /// Subjects of the ingest log (graph [`graphs::META`]) that describe this source: their old
    /// triples are removed and replaced by `meta`.
    pub meta_subjects: Vec<NamedNode>,
    /// The new ingest-log triples, all in [`graphs::META`].
    pub meta: Vec<Quad>,
}

/// A loaded source, as the ingest log records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    /// The named graph.
    pub graph: String,
    /// Number of triples in it.
    pub triples: usize,
}

/// The store: an Oxigraph database on disk (RocksDB) or in memory.
///
/// Cloning is cheap and shares the database.
#[derive(Clone)]
pub struct GraphStore {
    pub(crate) store: Store,
    pub(crate) text: Option<Arc<dyn TextSearch>>,
    /// Whether the store is on disk, where a graph is read subject by subject.
    on_disk: bool,
}

impl GraphStore {
    /// Opens (or creates) the store in `dir`.
    ///
    /// # Errors
    /// [`Error::Locked`] when another process has it open, [`Error::Storage`] otherwise.
    pub fn open(dir: &Path) -> Result<Self> {
        let store = Store::open(dir).map_err(|e| {
            if e.to_string().to_lowercase().contains("lock") {
                Error::Locked {
                    path: dir.display().to_string(),
                }
            } else {
                Error::Storage(e)
            }
        })?;
        Ok(Self {
            store,
            text: None,
            on_disk: true,
        })
    }

    /// A store in memory, for tests.
    ///
    /// # Errors
    /// Never in practice; the signature matches [`GraphStore::open`].
    pub fn in_memory() -> Result<Self> {
        Ok(Self {
            store: Store::new()?,
            text: None,
            on_disk: false,
        })
    }

    /// Serves the full-text `SERVICE` (see [`crate::text`]) from `index` in every query.
    #[must_use]
    pub fn with_text_search(mut self, index: Arc<dyn TextSearch>) -> Self {
        self.text = Some(index);
        self
    }

    /// The number of writes committed so far: every replace or removal adds one.
    ///
    /// # Errors
    /// [`Error::Storage`] when the store cannot be read.
    pub fn generation(&self) -> Result<u64> {
        Ok(read_generation(
            self.store
                .quads_for_pattern(
                    Some(graphs::META.into()),
                    Some(lcb::STORE_GENERATION),
                    None,
                    Some(graphs::META.into()),
                )
                .next()
                .transpose()?
                .map(|q| q.object),
        ))
    }

    /// Loads the bundled ontology as graph [`graphs::ONTOLOGY`] when the store does not already
    /// hold exactly it. Returns whether it wrote.
    ///
    /// # Errors
    /// [`Error::RdfParse`] if the bundled Turtle is broken, [`Error::Storage`] on write failure.
    pub fn ensure_ontology(&self) -> Result<bool> {
        let mut quads = Vec::new();
        for ttl in [ONTOLOGY_TTL, SCHEMES_TTL] {
            for quad in RdfParser::from_format(RdfFormat::Turtle)
                .with_default_graph(graphs::ONTOLOGY)
                .for_slice(ttl.as_bytes())
            {
                quads.push(quad.map_err(|e| Error::RdfParse(e.to_string()))?);
            }
        }
        if quads
            .iter()
            .any(|q| q.subject.is_blank_node() || q.object.is_blank_node())
        {
            // Blank nodes get fresh ids on every parse: compare by count only.
            let stored = self.graph_len(graphs::ONTOLOGY)?;
            if stored == quads.len() {
                return Ok(false);
            }
        } else {
            let stored: HashSet<Quad> = self.graph_quads(graphs::ONTOLOGY)?.into_iter().collect();
            if stored == quads.iter().cloned().collect() {
                return Ok(false);
            }
        }
        self.replace_source(&SourceUpdate {
            graph: graphs::ONTOLOGY.into_owned(),
            quads,
            meta_subjects: Vec::new(),
            meta: Vec::new(),
        })?;
        Ok(true)
    }

    /// Replaces the graph of one source, its ingest-log entry and the generation: readers see
    /// the old source or the new one, never a mix, and a crash loses nothing committed before.
    /// Returns the new generation.
    ///
    /// A source that replaces another is written in one transaction. A new source of
    /// [`BULK_LOAD_QUADS`] quads or more goes through Oxigraph's bulk loader, which sorts the
    /// quads into files and adds them to the database at once, several times faster than a
    /// transaction: first a transaction removes any stale ingest-log entry and bumps the
    /// generation, then the graph and its log entry land in one atomic commit. A crash between
    /// the two leaves no source and a generation the search index does not have, which the
    /// server repairs on start by rebuilding the index.
    ///
    /// # Errors
    /// [`Error::Storage`] when the write fails; the store then holds the old source.
    pub fn replace_source(&self, update: &SourceUpdate) -> Result<u64> {
        self.replace_source_with(update, &mut |_| {})
    }

    /// As [`GraphStore::replace_source`], telling `inserted` how many of the source's quads
    /// are written so far, every [`PROGRESS_STEP`] quads (every bulk-loader chunk on the bulk
    /// path) and at the end (for a progress bar: the commit itself comes after the last call).
    ///
    /// # Errors
    /// As [`GraphStore::replace_source`].
    pub fn replace_source_with(
        &self,
        update: &SourceUpdate,
        inserted: &mut dyn FnMut(usize),
    ) -> Result<u64> {
        if update.quads.len() >= BULK_LOAD_QUADS
            && !self.contains_graph(GraphNameRef::NamedNode(update.graph.as_ref()))?
        {
            return self.load_new_source(update, inserted);
        }
        let mut tx = self.store.start_transaction()?;
        tx.clear_graph(update.graph.as_ref())?;
        tx.insert_named_graph(update.graph.as_ref());
        for (i, q) in update.quads.iter().enumerate() {
            debug_assert_eq!(q.graph_name, update.graph.clone().into());
            tx.insert(q);
            if (i + 1) % PROGRESS_STEP == 0 {
                inserted(i + 1);
            }
        }
        inserted(update.quads.len());
        for subject in &update.meta_subjects {
            remove_subject(&mut tx, subject.as_ref(), graphs::META)?;
        }
        for q in &update.meta {
            tx.insert(q);
        }
        let generation = bump_generation(&mut tx)?;
        tx.commit()?;
        Ok(generation)
    }

    /// Starts a new source loaded in bulk while its quads are still being produced (parsed,
    /// validated): add them with [`BulkSource::add`] as they come, then
    /// [`BulkSource::finish`] writes them all, or drop the handle to write nothing. `None`
    /// when the store already has `graph` (a replacement goes through
    /// [`Self::replace_source`]), and for a store in memory, whose bulk loader is a
    /// transaction that [`BulkSource::finish`] could not run beside its own.
    ///
    /// # Errors
    /// [`Error::Storage`] when the store cannot be read.
    pub fn bulk_source(&self, graph: NamedNode) -> Result<Option<BulkSource<'_>>> {
        if !self.on_disk || self.contains_graph(GraphNameRef::NamedNode(graph.as_ref()))? {
            return Ok(None);
        }
        // Oxigraph's loader makes the caller wait while as many batches as it has threads are
        // being sorted. The caller here is still parsing and validating, which is work for a
        // core too: two batches more than there are cores keep it from waiting (the kernel
        // shares the cores), and each batch stays one `BULK_LOAD_CHUNK` of quads.
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get) + 2;
        Ok(Some(BulkSource {
            store: self,
            graph,
            loader: self
                .store
                .bulk_loader()
                .with_num_threads(threads)
                .with_max_memory_size_in_megabytes(threads * BULK_LOAD_CHUNK.div_ceil(1000)),
            added: 0,
        }))
    }

    /// The bulk path of [`Self::replace_source`], for a source the store does not have.
    fn load_new_source(
        &self,
        update: &SourceUpdate,
        inserted: &mut dyn FnMut(usize),
    ) -> Result<u64> {
        let generation = self.open_new_source(&update.meta_subjects)?;
        let mut loader = self
            .store
            .bulk_loader()
            .with_max_memory_size_in_megabytes(BULK_LOAD_MEMORY_MB);
        let mut done = 0;
        for chunk in update.quads.chunks(BULK_LOAD_CHUNK) {
            loader.load_quads(chunk.iter().map(QuadRef::from))?;
            done += chunk.len();
            inserted(done);
        }
        loader.load_quads(update.meta.iter().map(QuadRef::from))?;
        loader.commit()?;
        Ok(generation)
    }

    /// The transaction that opens the bulk load of a new source: its stale ingest-log
    /// subjects removed and the generation bumped. Returns the new generation.
    fn open_new_source(&self, meta_subjects: &[NamedNode]) -> Result<u64> {
        let mut tx = self.store.start_transaction()?;
        for subject in meta_subjects {
            remove_subject(&mut tx, subject.as_ref(), graphs::META)?;
        }
        let generation = bump_generation(&mut tx)?;
        tx.commit()?;
        Ok(generation)
    }

    /// Removes a source's graph and its ingest-log subjects in one transaction. Returns the new
    /// generation.
    ///
    /// # Errors
    /// [`Error::Storage`] when the write fails.
    pub fn remove_source(
        &self,
        graph: NamedNodeRef<'_>,
        meta_subjects: &[NamedNode],
    ) -> Result<u64> {
        let mut tx = self.store.start_transaction()?;
        tx.remove_named_graph(graph)?;
        for subject in meta_subjects {
            remove_subject(&mut tx, subject.as_ref(), graphs::META)?;
        }
        let generation = bump_generation(&mut tx)?;
        tx.commit()?;
        Ok(generation)
    }

    /// Whether [`GraphStore::graph_quads_iter`] gives the quads of a subject together: on
    /// disk, where a graph is read from its graph-subject-predicate-object index, but not in
    /// memory.
    pub fn reads_by_subject(&self) -> bool {
        self.on_disk
    }

    /// The quads of one named graph as the store reads them, without holding the graph in
    /// memory: subject by subject when [`GraphStore::reads_by_subject`].
    pub fn graph_quads_iter(
        &self,
        graph: NamedNodeRef<'_>,
    ) -> impl Iterator<Item = Result<Quad>> + 'static {
        self.store
            .quads_for_pattern(None, None, None, Some(graph.into()))
            .map(|q| q.map_err(Error::from))
    }

    /// Every quad of one named graph.
    ///
    /// # Errors
    /// [`Error::Storage`] when the store cannot be read.
    pub fn graph_quads(&self, graph: NamedNodeRef<'_>) -> Result<Vec<Quad>> {
        Ok(self
            .store
            .quads_for_pattern(None, None, None, Some(graph.into()))
            .collect::<Result<Vec<_>, _>>()?)
    }

    /// Every quad, in any graph, with predicate `p` and object `o` (the subjects of a type:
    /// `rdf:type lcb:Lab`), read from the object index rather than by filtering `p`'s quads.
    ///
    /// # Errors
    /// [`Error::Storage`] when the store cannot be read.
    pub fn quads_for_predicate_object(
        &self,
        p: NamedNodeRef<'_>,
        o: TermRef<'_>,
    ) -> Result<Vec<Quad>> {
        Ok(self
            .store
            .quads_for_pattern(None, Some(p), Some(o), None)
            .collect::<Result<Vec<_>, _>>()?)
    }

    /// Every quad, in any graph, with predicate `p`.
    ///
    /// # Errors
    /// [`Error::Storage`] when the store cannot be read.
    pub fn quads_for_predicate(&self, p: NamedNodeRef<'_>) -> Result<Vec<Quad>> {
        Ok(self
            .store
            .quads_for_pattern(None, Some(p), None, None)
            .collect::<Result<Vec<_>, _>>()?)
    }

    /// The objects of `subject predicate ?o` in every graph but `except`.
    ///
    /// # Errors
    /// [`Error::Storage`] when the store cannot be read.
    pub fn objects(
        &self,
        subject: NamedNodeRef<'_>,
        predicate: NamedNodeRef<'_>,
        except: Option<NamedNodeRef<'_>>,
    ) -> Result<Vec<Term>> {
        let mut out = Vec::new();
        for q in self
            .store
            .quads_for_pattern(Some(subject.into()), Some(predicate), None, None)
        {
            let q = q?;
            if except.is_none_or(|g| q.graph_name.as_ref() != GraphNameRef::NamedNode(g)) {
                out.push(q.object);
            }
        }
        Ok(out)
    }

    /// The subjects of `?s predicate object` in every graph but `except`.
    ///
    /// # Errors
    /// [`Error::Storage`] when the store cannot be read.
    pub fn subjects(
        &self,
        predicate: NamedNodeRef<'_>,
        object: oxigraph::model::TermRef<'_>,
        except: Option<NamedNodeRef<'_>>,
    ) -> Result<Vec<oxigraph::model::NamedOrBlankNode>> {
        let mut out = Vec::new();
        for q in self
            .store
            .quads_for_pattern(None, Some(predicate), Some(object), None)
        {
            let q = q?;
            if except.is_none_or(|g| q.graph_name.as_ref() != GraphNameRef::NamedNode(g)) {
                out.push(q.subject);
            }
        }
        Ok(out)
    }

    /// Whether a graph other than `except` holds a quad with subject `subject`.
    ///
    /// # Errors
    /// [`Error::Storage`] when the store cannot be read.
    pub fn has_subject(
        &self,
        subject: NamedNodeRef<'_>,
        except: Option<NamedNodeRef<'_>>,
    ) -> Result<bool> {
        for q in self
            .store
            .quads_for_pattern(Some(subject.into()), None, None, None)
        {
            let q = q?;
            if except.is_none_or(|g| q.graph_name.as_ref() != GraphNameRef::NamedNode(g)) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Every quad, in any graph, about `subject`.
    ///
    /// # Errors
    /// [`Error::Storage`] when the store cannot be read.
    pub fn subject_quads(&self, subject: NamedNodeRef<'_>) -> Result<Vec<Quad>> {
        Ok(self
            .store
            .quads_for_pattern(Some(subject.into()), None, None, None)
            .collect::<Result<Vec<_>, _>>()?)
    }

    /// The number of quads of one named graph.
    ///
    /// # Errors
    /// [`Error::Storage`] when the store cannot be read.
    pub fn graph_len(&self, graph: NamedNodeRef<'_>) -> Result<usize> {
        let mut n = 0;
        for q in self
            .store
            .quads_for_pattern(None, None, None, Some(graph.into()))
        {
            q?;
            n += 1;
        }
        Ok(n)
    }

    /// The named graphs that hold sources (every graph but the ontology and the ingest log),
    /// sorted by IRI. Cheap: it reads the graph names only.
    ///
    /// # Errors
    /// [`Error::Storage`] when the store cannot be read.
    pub fn source_graphs(&self) -> Result<Vec<NamedNode>> {
        let mut out = Vec::new();
        for g in self.store.named_graphs() {
            let NamedOrBlankNode::NamedNode(n) = g? else {
                continue;
            };
            if n.as_ref() == graphs::ONTOLOGY || n.as_ref() == graphs::META {
                continue;
            }
            out.push(n);
        }
        out.sort();
        Ok(out)
    }

    /// The source graphs with their sizes, sorted by IRI. Counting reads every quad of every
    /// source: for the names alone, use [`GraphStore::source_graphs`].
    ///
    /// # Errors
    /// [`Error::Storage`] when the store cannot be read.
    pub fn sources(&self) -> Result<Vec<SourceInfo>> {
        self.source_graphs()?
            .into_iter()
            .map(|n| {
                Ok(SourceInfo {
                    triples: self.graph_len(n.as_ref())?,
                    graph: n.into_string(),
                })
            })
            .collect()
    }

    /// The total number of quads in the store.
    ///
    /// # Errors
    /// [`Error::Storage`] when the store cannot be read.
    pub fn len(&self) -> Result<usize> {
        Ok(self.store.len()?)
    }

    /// Whether the store holds no quad at all.
    ///
    /// # Errors
    /// [`Error::Storage`] when the store cannot be read.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.store.is_empty()?)
    }

    /// Runs a parsed query and serializes its results.
    ///
    /// # Errors
    /// [`Error::Timeout`] past `timeout` (the evaluation is cancelled, not abandoned),
    /// [`Error::Evaluation`] for a query that fails at run time or a `format` that does not
    /// fit its form, [`Error::BadGraphIri`] for a bad dataset IRI.
    pub fn execute(
        &self,
        query: &PreparedQuery,
        dataset: &Dataset,
        format: Format,
        timeout: Duration,
    ) -> Result<Vec<u8>> {
        query::execute(
            &self.store,
            self.text.as_ref(),
            query,
            dataset,
            format,
            timeout,
        )
    }

    /// Runs a SELECT over the union of all graphs and returns its rows.
    ///
    /// # Errors
    /// As [`GraphStore::execute`], plus [`Error::Syntax`].
    pub fn select(&self, sparql: &str, timeout: Duration) -> Result<Vec<Solution>> {
        query::select(&self.store, self.text.as_ref(), sparql, timeout)
    }

    /// Flushes writes to disk.
    ///
    /// # Errors
    /// [`Error::Storage`] when RocksDB fails.
    pub fn flush(&self) -> Result<()> {
        Ok(self.store.flush()?)
    }
}

/// A new source being bulk-loaded ([`GraphStore::bulk_source`]): what is added is sorted into
/// files in the background, and nothing is visible until [`BulkSource::finish`]; dropping the
/// handle deletes those files and leaves the store as it was.
#[must_use = "a bulk source writes nothing until it is finished"]
pub struct BulkSource<'a> {
    store: &'a GraphStore,
    graph: NamedNode,
    loader: oxigraph::store::BulkLoader<'a>,
    added: usize,
}

impl BulkSource<'_> {
    /// Adds quads of the source graph (a repeat is stored once).
    ///
    /// # Errors
    /// [`Error::Storage`] when the files cannot be written.
    pub fn add(&mut self, quads: Vec<Quad>) -> Result<()> {
        debug_assert!(
            quads
                .iter()
                .all(|q| q.graph_name == GraphName::from(self.graph.clone()))
        );
        self.added += quads.len();
        self.loader.load_quads(quads)?;
        Ok(())
    }

    /// Quads added so far.
    pub fn added(&self) -> usize {
        self.added
    }

    /// Writes the source: first a transaction removes `meta_subjects` from the ingest log and
    /// bumps the generation, then `rest` (the source's last quads) and `meta` go in with
    /// everything added, in one atomic commit, as [`GraphStore::replace_source`] does for a
    /// new source. Returns the new generation.
    ///
    /// # Errors
    /// [`Error::Storage`] when the write fails; the store then holds no part of the source.
    pub fn finish(
        mut self,
        rest: Vec<Quad>,
        meta_subjects: &[NamedNode],
        meta: Vec<Quad>,
    ) -> Result<u64> {
        let generation = self.store.open_new_source(meta_subjects)?;
        self.loader.load_quads(rest)?;
        self.loader.load_quads(meta)?;
        self.loader.commit()?;
        Ok(generation)
    }
}

impl std::fmt::Debug for GraphStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphStore").finish_non_exhaustive()
    }
}

fn read_generation(term: Option<Term>) -> u64 {
    match term {
        Some(Term::Literal(l)) => l.value().parse().unwrap_or(0),
        _ => 0,
    }
}

pub(crate) fn bump_generation(tx: &mut Transaction<'_>) -> Result<u64, StorageError> {
    let old = tx
        .quads_for_pattern(
            Some(graphs::META.into()),
            Some(lcb::STORE_GENERATION),
            None,
            Some(graphs::META.into()),
        )
        .collect::<Result<Vec<_>, _>>()?;
    let current = read_generation(old.first().map(|q| q.object.clone()));
    for q in &old {
        tx.remove(q);
    }
    let next = current + 1;
    tx.insert(QuadRef::new(
        graphs::META,
        lcb::STORE_GENERATION,
        &Literal::new_typed_literal(next.to_string(), xsd::INTEGER),
        graphs::META,
    ));
    Ok(next)
}

fn remove_subject(
    tx: &mut Transaction<'_>,
    subject: NamedNodeRef<'_>,
    graph: NamedNodeRef<'_>,
) -> Result<(), StorageError> {
    let old = tx
        .quads_for_pattern(
            Some(subject.into()),
            None,
            None,
            Some(GraphNameRef::from(graph)),
        )
        .collect::<Result<Vec<_>, _>>()?;
    for q in &old {
        tx.remove(q);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Dataset, QueryKind};
    use oxigraph::sparql::results::QueryResultsFormat;

    fn ex(s: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("http://example.com/{s}"))
    }

    fn update(graph: &str, objects: &[&str]) -> SourceUpdate {
        let g = ex(graph);
        SourceUpdate {
            graph: g.clone(),
            quads: objects
                .iter()
                .map(|o| Quad::new(ex("s"), ex("p"), Literal::from(*o), g.clone()))
                .collect(),
            meta_subjects: vec![ex(&format!("log-{graph}"))],
            meta: vec![Quad::new(
                ex(&format!("log-{graph}")),
                ex("count"),
                Literal::from(objects.len() as i64),
                graphs::META,
            )],
        }
    }

    fn count(store: &GraphStore, graph: &str) -> usize {
        store.graph_len(ex(graph).as_ref()).unwrap()
    }

    #[test]
    fn replacing_a_source_swaps_its_graph_and_log_and_bumps_the_generation() {
        let store = GraphStore::in_memory().unwrap();
        assert_eq!(store.generation().unwrap(), 0);
        assert_eq!(
            store
                .replace_source(&update("a", &["1", "2", "3"]))
                .unwrap(),
            1
        );
        assert_eq!(store.replace_source(&update("b", &["x"])).unwrap(), 2);
        assert_eq!(store.replace_source(&update("a", &["4"])).unwrap(), 3);
        assert_eq!(count(&store, "a"), 1);
        assert_eq!(count(&store, "b"), 1);
        // One log entry per source, the latest.
        let log = store
            .select(
                "SELECT ?n WHERE { GRAPH <https://w3id.org/laocai-biotech/graph/meta> { <http://example.com/log-a> <http://example.com/count> ?n } }",
                Duration::from_secs(5),
            )
            .unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!(log[0]["n"], Literal::from(1_i64).into());
        assert_eq!(store.generation().unwrap(), 3);
    }

    #[test]
    fn a_large_new_source_is_bulk_loaded_and_then_replaced_in_a_transaction() {
        let dir = tempfile::tempdir().unwrap();
        let store = GraphStore::open(dir.path()).unwrap();
        let before = store.generation().unwrap();
        let many: Vec<String> = (0..BULK_LOAD_QUADS + 10).map(|i| i.to_string()).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        // New: the bulk loader, one generation.
        assert_eq!(
            store.replace_source(&update("big", &many)).unwrap(),
            before + 1
        );
        assert_eq!(count(&store, "big"), BULK_LOAD_QUADS + 10);
        assert!(store.contains_graph(ex("big").as_ref().into()).unwrap());
        let log = "SELECT ?n WHERE { GRAPH <https://w3id.org/laocai-biotech/graph/meta> { <http://example.com/log-big> <http://example.com/count> ?n } }";
        let n = store.select(log, Duration::from_secs(5)).unwrap();
        assert_eq!(n.len(), 1);
        assert_eq!(
            n[0]["n"],
            Literal::from((BULK_LOAD_QUADS + 10) as i64).into()
        );
        // Again, now that it exists: a transaction replaces it whole, log entry included.
        assert_eq!(
            store
                .replace_source(&update("big", &many[..BULK_LOAD_QUADS + 1]))
                .unwrap(),
            before + 2
        );
        assert_eq!(count(&store, "big"), BULK_LOAD_QUADS + 1);
        let n = store.select(log, Duration::from_secs(5)).unwrap();
        assert_eq!(n.len(), 1);
        assert_eq!(
            n[0]["n"],
            Literal::from((BULK_LOAD_QUADS + 1) as i64).into()
        );
        // Removed, then loaded again: the bulk path once more, with no stale log entry.
        store
            .remove_source(ex("big").as_ref(), &[ex("log-big")])
            .unwrap();
        store.replace_source(&update("big", &many)).unwrap();
        assert_eq!(count(&store, "big"), BULK_LOAD_QUADS + 10);
        assert_eq!(store.select(log, Duration::from_secs(5)).unwrap().len(), 1);
        assert_eq!(store.generation().unwrap(), before + 4);
        drop(store);
        let reopened = GraphStore::open(dir.path()).unwrap();
        assert_eq!(count(&reopened, "big"), BULK_LOAD_QUADS + 10);
    }

    #[test]
    fn replacing_twice_with_the_same_data_gives_the_same_triples() {
        let store = GraphStore::in_memory().unwrap();
        store.replace_source(&update("a", &["1", "2"])).unwrap();
        let first = store.graph_quads(ex("a").as_ref()).unwrap();
        store.replace_source(&update("a", &["1", "2"])).unwrap();
        assert_eq!(store.graph_quads(ex("a").as_ref()).unwrap(), first);
    }

    #[test]
    fn removing_a_source_removes_its_graph_and_log() {
        let store = GraphStore::in_memory().unwrap();
        store.replace_source(&update("a", &["1"])).unwrap();
        store.replace_source(&update("b", &["2"])).unwrap();
        store
            .remove_source(ex("a").as_ref(), &[ex("log-a")])
            .unwrap();
        assert_eq!(count(&store, "a"), 0);
        assert_eq!(
            store.sources().unwrap(),
            vec![SourceInfo {
                graph: "http://example.com/b".into(),
                triples: 1
            }]
        );
        assert_eq!(store.generation().unwrap(), 3);
    }

    #[test]
    fn the_ontology_is_loaded_once() {
        let store = GraphStore::in_memory().unwrap();
        assert!(store.ensure_ontology().unwrap());
        assert!(!store.ensure_ontology().unwrap());
        assert!(store.graph_len(graphs::ONTOLOGY).unwrap() > 500);
        assert_eq!(store.generation().unwrap(), 1);
        assert!(store.sources().unwrap().is_empty());
    }

    #[test]
    fn the_default_graph_is_the_union_of_sources() {
        let store = GraphStore::in_memory().unwrap();
        store.replace_source(&update("a", &["1"])).unwrap();
        store.replace_source(&update("b", &["2"])).unwrap();
        let q =
            PreparedQuery::parse("SELECT (COUNT(*) AS ?n) WHERE { <http://example.com/s> ?p ?o }")
                .unwrap();
        assert_eq!(q.kind(), QueryKind::Solutions);
        let csv = store
            .execute(
                &q,
                &Dataset::default(),
                Format::Results(QueryResultsFormat::Csv),
                Duration::from_secs(5),
            )
            .unwrap();
        assert_eq!(String::from_utf8(csv).unwrap(), "n\r\n2\r\n");
        let only_a = Dataset {
            default_graphs: vec!["http://example.com/a".into()],
            named_graphs: vec![],
        };
        let csv = store
            .execute(
                &q,
                &only_a,
                Format::Results(QueryResultsFormat::Csv),
                Duration::from_secs(5),
            )
            .unwrap();
        assert_eq!(String::from_utf8(csv).unwrap(), "n\r\n1\r\n");
    }

    #[test]
    fn a_long_query_is_cancelled_at_its_time_limit() {
        let store = GraphStore::in_memory().unwrap();
        let objects: Vec<String> = (0..5000).map(|i| i.to_string()).collect();
        let refs: Vec<&str> = objects.iter().map(String::as_str).collect();
        store.replace_source(&update("a", &refs)).unwrap();
        // 25 million regular-expression tests: minutes of work without cancellation, which
        // Oxigraph checks at every row of the outer pattern (every 5000 tests). A product of
        // more patterns is checked far less often: see the server's `QueryGate::run_within`.
        let q = PreparedQuery::parse(
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d FILTER(REGEX(CONCAT(STR(?b), STR(?d)), \"^x{3}y$\")) }",
        )
        .unwrap();
        let started = std::time::Instant::now();
        let err = store
            .execute(
                &q,
                &Dataset::default(),
                Format::Results(QueryResultsFormat::Json),
                Duration::from_millis(300),
            )
            .unwrap_err();
        assert!(matches!(err, Error::Timeout(_)), "{err}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn syntax_errors_are_the_callers_fault() {
        let err = PreparedQuery::parse("SELECT WHERE {").unwrap_err();
        assert!(err.is_user_error());
        assert!(err.to_string().starts_with("sparql syntax error"));
    }

    #[test]
    fn the_store_reopens_from_disk_with_its_data() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = GraphStore::open(dir.path()).unwrap();
            store.replace_source(&update("a", &["1", "2"])).unwrap();
        }
        let store = GraphStore::open(dir.path()).unwrap();
        assert_eq!(count(&store, "a"), 2);
        assert_eq!(store.generation().unwrap(), 1);
    }
}
