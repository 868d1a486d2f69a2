//! [`KnowledgeBase`]: the store and the search index, kept in step.
//!
//! Every write goes through here: the source's graph is replaced in the store (one
//! transaction, which bumps the store generation), then the source's documents are replaced in
//! the index (one commit, which records that generation). On open, an index whose generation
//! differs from the store's (a crash between the two commits, an index deleted by hand) is
//! rebuilt from the store. Client writes (SPARQL Update, the Graph Store Protocol) follow the
//! same order: the store commit bumps the generation, then the documents of every graph the
//! write touched are replaced in one index commit that records it.

use crate::bundled::bundled_sources;
use crate::documents;
pub use crate::error::Error;
use crate::progress::Progress;
use biokg_graph::model::{GraphName, GraphNameRef, Quad};
use biokg_graph::text::{TextHit, TextQuery, TextSearch};
use biokg_graph::{GraphStore, PreparedUpdate, Touched, WriteOutcome};
use biokg_ingest::registry::{Gazetteer, Known};
use biokg_ingest::{Context, Format, Input, Loaded, Report};
use biokg_search::{EntityDoc, SearchIndex};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// The index source under which the default graph's documents are filed (named graphs are
/// filed under their IRI, which is absolute, so this key cannot collide with one).
pub const DEFAULT_GRAPH_SOURCE: &str = "default";

/// The store and the index of one data directory.
#[derive(Clone)]
pub struct KnowledgeBase {
    graph: GraphStore,
    index: Arc<SearchIndex>,
    /// Serialises writers so that store and index commits happen in the same order.
    write_lock: Arc<Mutex<()>>,
    /// The data directory, for backups; `None` in memory.
    dir: Option<PathBuf>,
    counters: Arc<Counters>,
    /// The store generation that the index is known to reflect too: set after every write
    /// this process completes, [`UNSETTLED`] while none has or the last one failed halfway.
    settled: Arc<AtomicU64>,
}

/// [`KnowledgeBase::settled`] before store and index are known to agree.
const UNSETTLED: u64 = u64::MAX;

/// Writes done by this process, for the metrics.
#[derive(Debug, Default)]
struct Counters {
    ingests: AtomicU64,
    writes: AtomicU64,
}

/// How [`KnowledgeBase::ingest_with`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IngestOptions {
    /// Replace the source's search documents in the same call (otherwise the index is left
    /// behind the store, for the next [`KnowledgeBase::prepare`] to rebuild).
    pub index: bool,
    /// Show progress on stderr when it is a terminal.
    pub progress: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            index: true,
            progress: false,
        }
    }
}

/// What opening found and did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenReport {
    /// Whether the index was rebuilt because it lagged the store.
    pub index_rebuilt: bool,
    /// Reports of the bundled sources loaded because the store was empty.
    pub bootstrapped: Vec<Report>,
}

impl KnowledgeBase {
    /// Opens the store (`DIR/store`) and index (`DIR/index`) of a data directory, creating
    /// them if needed, loads the ontology, and repairs an index that lags the store.
    ///
    /// # Errors
    /// When the directory cannot be created, the store is locked by another process, or
    /// either part fails to open.
    pub fn open(dir: &Path) -> Result<Self, Error> {
        std::fs::create_dir_all(dir).map_err(|source| Error::DataDir {
            path: dir.to_owned(),
            source,
        })?;
        let graph = GraphStore::open(&dir.join("store"))?;
        let index = SearchIndex::open_or_create(&dir.join("index"))?;
        let mut kb = Self::from_parts(graph, index);
        kb.dir = Some(dir.to_owned());
        Ok(kb)
    }

    /// An in-memory knowledge base, for tests.
    ///
    /// # Errors
    /// When either part fails to start.
    pub fn in_memory() -> Result<Self, Error> {
        Ok(Self::from_parts(
            GraphStore::in_memory()?,
            SearchIndex::in_memory()?,
        ))
    }

    fn from_parts(graph: GraphStore, index: SearchIndex) -> Self {
        let index = Arc::new(index);
        Self {
            graph: graph.with_text_search(Arc::new(IndexSearch(Arc::clone(&index)))),
            index,
            write_lock: Arc::new(Mutex::new(())),
            dir: None,
            counters: Arc::default(),
            settled: Arc::new(AtomicU64::new(UNSETTLED)),
        }
    }

    /// The store generation that store and index both reflect, as far as this process knows:
    /// what the last write it completed (or [`KnowledgeBase::prepare`]) left. `None` while a
    /// write is between its store and its index commit, after a write that failed halfway, and
    /// before `prepare`. Answers computed while it equals the store's generation may be
    /// cached under that generation.
    pub fn settled(&self) -> Option<u64> {
        Some(self.settled.load(Ordering::Acquire)).filter(|g| *g != UNSETTLED)
    }

    /// Records that store and index agree at `generation` (called under the write lock).
    fn settle(&self, generation: u64) {
        self.settled.store(generation, Ordering::Release);
    }

    /// Marks a write as started: until it settles, nothing may be cached.
    fn unsettle(&self) {
        self.settled.store(UNSETTLED, Ordering::Release);
    }

    /// Holds the write lock: no store or index commit happens until the guard is dropped.
    pub(crate) fn lock_writes(&self) -> MutexGuard<'_, ()> {
        self.write_lock.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The data directory, for an on-disk knowledge base.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Loads the ontology, loads the bundled data into an empty store when `bootstrap` is set,
    /// and rebuilds the index if it does not reflect the store's generation.
    ///
    /// # Errors
    /// When a write fails or the bundled data does not load.
    pub fn prepare(&self, bootstrap: bool) -> Result<OpenReport, Error> {
        let mut report = OpenReport::default();
        {
            let _w = self.lock_writes();
            self.graph.ensure_ontology()?;
        }
        if bootstrap && self.graph.source_graphs()?.is_empty() {
            for loaded in bundled_sources()? {
                report.bootstrapped.push(self.ingest(loaded)?);
            }
        }
        if self.index.generation()? != Some(self.graph.generation()?) {
            self.rebuild_index()?;
            report.index_rebuilt = true;
        }
        let _w = self.lock_writes();
        let generation = self.graph.generation()?;
        if self.index.generation()? == Some(generation) {
            self.settle(generation);
        }
        Ok(report)
    }

    /// Loads the ontology if needed, and nothing else: for a command that writes sources
    /// without indexing them, so that a lagging index is not rebuilt before each one.
    ///
    /// # Errors
    /// When the write fails.
    pub fn prepare_store(&self) -> Result<(), Error> {
        let _w = self.lock_writes();
        self.graph.ensure_ontology()?;
        Ok(())
    }

    /// Replaces a source's graph and its index documents. Returns the ingest report.
    ///
    /// # Errors
    /// When the store or the index write fails. A failure of the index after the store commit
    /// leaves the index behind the store, which the next open repairs.
    pub fn ingest(&self, loaded: Loaded) -> Result<Report, Error> {
        self.ingest_with(loaded, IngestOptions::default())
    }

    /// As [`KnowledgeBase::ingest`], with options: progress on a terminal, and whether to
    /// replace the source's search documents now. Without them the index lags the store (its
    /// generation is older), which the next [`KnowledgeBase::prepare`] repairs by rebuilding
    /// the whole index once: faster than a rebuild per ingest when many sources are loaded in
    /// a row.
    ///
    /// # Errors
    /// As [`KnowledgeBase::ingest`].
    pub fn ingest_with(&self, loaded: Loaded, options: IngestOptions) -> Result<Report, Error> {
        let _w = self.lock_writes();
        let started = now();
        let graph = loaded.source.graph();
        let mut update = biokg_graph::SourceUpdate {
            graph: graph.clone(),
            quads: loaded.quads,
            meta_subjects: vec![loaded.source.activity()],
            meta: Vec::new(),
        };
        update.meta =
            biokg_ingest::ingest_log(&loaded.source, &started, &now(), update.quads.len());
        self.unsettle();
        let show = |p: Progress| {
            if options.progress {
                p
            } else {
                Progress::hidden()
            }
        };
        let total = update.quads.len();
        let bar = show(Progress::bar(total as u64, "writing quads"));
        // The commit of a large source takes as long as writing it: say so once all is written.
        let mut committing = None;
        let generation = self.graph.replace_source_with(&update, &mut |n| {
            bar.set(n as u64);
            if n == total {
                bar.finish();
                committing = Some(show(Progress::spinner("committing")));
            }
        })?;
        bar.finish();
        if let Some(c) = committing {
            c.finish();
        }
        let written = Written {
            graph: &graph,
            triples: update.quads.len(),
            generation,
        };
        self.after_write(&written, options)?;
        Ok(loaded.report)
    }

    /// Reads and validates an input against what the store holds, writing nothing: a
    /// registry's references against the store's ids and agencies (the bundled plan's agencies
    /// when the store has none) and `gazetteer`'s communes, an RDF file against the SHACL
    /// shapes over the store.
    ///
    /// # Errors
    /// The input's problems ([`Error::Ingest`]), or the store's.
    pub fn load(&self, input: &Input, gazetteer: &Gazetteer) -> Result<Loaded, Error> {
        // Only registries and reports refer to ids of the store, and reading them all is not
        // free on a national store (millions of quads), so other inputs skip it.
        let known = if matches!(input.format(), Format::Registry(_) | Format::Report) {
            let mut known = self.known()?;
            if known.agencies.is_empty() {
                known.agencies = crate::bundled::known()?.agencies;
            }
            known
        } else {
            Known::default()
        };
        let view = ShapesView::new(&self.graph, input.graph());
        let ctx = Context {
            known: &known,
            gazetteer,
            store: &view,
        };
        Ok(biokg_ingest::ingest(input, &ctx)?)
    }

    /// The one way in for the command line and HTTP: validates `input` ([`Self::load`]) and
    /// replaces its source ([`Self::ingest_with`]); a bad input writes nothing. An RDF file of
    /// a new source on disk is bulk-loaded while it is read ([`Self::ingest_new_rdf`]).
    ///
    /// # Errors
    /// As [`Self::load`] and [`Self::ingest_with`].
    pub fn ingest_input(
        &self,
        input: &Input,
        gazetteer: &Gazetteer,
        options: IngestOptions,
    ) -> Result<Report, Error> {
        if let Format::Rdf(_) = input.format()
            && input.file_path().is_some()
        {
            self.prepare_for(options)?;
            if let Some(report) = self.ingest_new_rdf(input, options)? {
                return Ok(report);
            }
        }
        let loaded = self.load(input, gazetteer)?;
        self.prepare_for(options)?;
        self.ingest_with(loaded, options)
    }

    /// The store (and, when the ingest indexes, the index) made ready for an ingest.
    fn prepare_for(&self, options: IngestOptions) -> Result<(), Error> {
        if options.index {
            self.prepare(false)?;
        } else {
            self.prepare_store()?;
        }
        Ok(())
    }

    /// Ingests an RDF file of a new source on disk, its quads bulk-loaded while the file is
    /// still being parsed and validated (`biokg_ingest::ingest_streaming`): the background
    /// threads that sort them into files work while the main thread reads on. Nothing is
    /// visible until the file has passed validation and the one commit is made; a file with a
    /// problem loads nothing. `Ok(None)`, having read nothing, when the store has the source's
    /// graph already, or is in memory: the caller then goes through
    /// [`KnowledgeBase::ingest_with`].
    ///
    /// # Errors
    /// The file's problems ([`Error::Ingest`]), or the store's or index's.
    pub fn ingest_new_rdf(
        &self,
        input: &Input,
        options: IngestOptions,
    ) -> Result<Option<Report>, Error> {
        self.ingest_new_rdf_in(input, options, biokg_ingest::rdf::STREAM_BATCH)
    }

    fn ingest_new_rdf_in(
        &self,
        input: &Input,
        options: IngestOptions,
        batch: usize,
    ) -> Result<Option<Report>, Error> {
        let _w = self.lock_writes();
        let started = now();
        let graph = input.graph();
        let Some(mut bulk) = self.graph.bulk_source(graph.clone())? else {
            return Ok(None);
        };
        let view = ShapesView::new(&self.graph, graph.clone());
        let show = |p: Progress| {
            if options.progress {
                p
            } else {
                Progress::hidden()
            }
        };
        let reading = if options.progress
            && let Some(path) = input.file_path()
        {
            streaming_progress(path)
        } else {
            Progress::hidden()
        };
        let mut failed = None;
        let ctx = biokg_ingest::Context {
            store: &view,
            ..biokg_ingest::Context::standalone()
        };
        let loaded = biokg_ingest::ingest_streaming(input, &ctx, batch, &mut |q| {
            if failed.is_none()
                && let Err(e) = bulk.add(q)
            {
                failed = Some(e);
            }
            reading.set(bulk.added() as u64);
        });
        reading.finish();
        // On any error `bulk` is dropped unfinished, which deletes its files.
        let loaded = loaded?;
        if let Some(e) = failed {
            return Err(e.into());
        }
        let triples = bulk.added() + loaded.quads.len();
        let meta = biokg_ingest::ingest_log(&loaded.source, &started, &now(), triples);
        self.unsettle();
        let committing = show(Progress::spinner("committing"));
        let generation = bulk.finish(loaded.quads, &[loaded.source.activity()], meta)?;
        committing.finish();
        let written = Written {
            graph: &graph,
            triples,
            generation,
        };
        self.after_write(&written, options)?;
        Ok(Some(loaded.report))
    }

    /// After a source's commit: its documents (and those of the sources that share its
    /// organisations) replaced in the index, or the index left behind for the next start.
    fn after_write(&self, w: &Written<'_>, options: IngestOptions) -> Result<(), Error> {
        if !options.index {
            // The index now lags the store: the next `prepare` rebuilds it.
            tracing::info!(
                source = %w.graph,
                triples = w.triples,
                generation = w.generation,
                "source replaced in the store; index left for the next start"
            );
            self.counters.ingests.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let spinner = if options.progress {
            Progress::spinner("indexing documents")
        } else {
            Progress::hidden()
        };
        let documents = self.reindex_source(w.graph.as_ref(), w.generation)?;
        // Organisations that labs.csv and enterprises.csv share have one document, made from
        // both graphs: refresh the other side's documents too.
        for other in self.related_sources(w.graph.as_str())? {
            let g = biokg_graph::model::NamedNode::new_unchecked(other);
            self.reindex_source(g.as_ref(), w.generation)?;
        }
        spinner.finish();
        self.settle(w.generation);
        tracing::info!(
            source = %w.graph,
            triples = w.triples,
            documents,
            generation = w.generation,
            "source replaced"
        );
        self.counters.ingests.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Replaces the documents of one source graph, extracted and indexed a batch at a time.
    /// Returns how many there are.
    fn reindex_source(
        &self,
        graph: biokg_graph::model::NamedNodeRef<'_>,
        generation: u64,
    ) -> Result<usize, Error> {
        self.index
            .replace_source_with(graph.as_str(), generation, |batches| {
                documents::for_each_batch(&self.graph, graph, &mut |docs| {
                    batches.add(docs).map_err(Error::from)
                })
            })
    }

    /// The other source graphs whose documents depend on the source graph `graph`: those of
    /// the registries that describe the same organisations (as the ingest side says).
    fn related_sources(&self, graph: &str) -> Result<Vec<String>, Error> {
        let Some(registry) = biokg_ingest::registry::graph_registry(graph) else {
            return Ok(Vec::new());
        };
        let related = registry.shares_organisations_with();
        let mut out = Vec::new();
        for s in self.graph.source_graphs()? {
            let r = biokg_ingest::registry::graph_registry(s.as_str());
            if s.as_str() != graph && r.is_some_and(|r| related.contains(&r)) {
                out.push(s.into_string());
            }
        }
        Ok(out)
    }

    /// What the store holds that registry files and progress reports may refer to.
    ///
    /// # Errors
    /// When the store cannot be read.
    pub fn known(&self) -> Result<biokg_ingest::registry::Known, Error> {
        use biokg_ontology::{dwc, lcb, skos};
        let mut quads = Vec::new();
        for p in [
            lcb::REGISTRY_ID,
            lcb::ILLUSTRATIVE,
            dwc::SCIENTIFIC_NAME,
            lcb::AGENCY_KEY,
            skos::NOTATION,
            lcb::HAS_INDICATOR,
            lcb::INDICATOR_ORDER,
        ] {
            quads.extend(self.graph.quads_for_predicate(p)?);
        }
        // The names of the agencies (not every prefLabel of the store: there are many).
        let agency = biokg_ontology::iri::agency("");
        for q in self.graph.quads_for_predicate(lcb::AGENCY_KEY)? {
            match &q.subject {
                biokg_graph::model::NamedOrBlankNode::NamedNode(s)
                    if s.as_str().starts_with(agency.as_str()) =>
                {
                    for name in self.graph.objects(s.as_ref(), skos::PREF_LABEL, None)? {
                        quads.push(Quad::new(
                            s.clone(),
                            skos::PREF_LABEL,
                            name,
                            q.graph_name.clone(),
                        ));
                    }
                }
                _ => {}
            }
        }
        for class in [lcb::LAB, lcb::ENTERPRISE] {
            quads.extend(
                self.graph
                    .quads_for_predicate_object(oxigraph::model::vocab::rdf::TYPE, class.into())?,
            );
        }
        Ok(biokg_ingest::registry::Known::from_quads(&quads))
    }

    /// The taxa of the store, as the GBIF matcher takes them: the id (the last segment of
    /// `…/id/taxon/{id}`), the scientific name, its authorship, rank and family.
    ///
    /// # Errors
    /// When the store cannot be read.
    pub fn taxa(&self) -> Result<Vec<biokg_ingest::TaxonName>, Error> {
        use biokg_ontology::dwc;
        let prefix = format!("{}taxon/", biokg_ontology::iri::ID_BASE);
        let mut out: std::collections::BTreeMap<String, biokg_ingest::TaxonName> =
            std::collections::BTreeMap::new();
        for q in self.graph.quads_for_predicate(dwc::SCIENTIFIC_NAME)? {
            let (
                biokg_graph::model::NamedOrBlankNode::NamedNode(s),
                biokg_graph::model::Term::Literal(l),
            ) = (&q.subject, &q.object)
            else {
                continue;
            };
            let Some(id) = s.as_str().strip_prefix(&prefix) else {
                continue;
            };
            let first = |p| -> Result<Option<String>, Error> {
                Ok(self
                    .graph
                    .objects(s.as_ref(), p, None)?
                    .into_iter()
                    .find_map(|t| match t {
                        biokg_graph::model::Term::Literal(l) => Some(l.value().to_owned()),
                        _ => None,
                    }))
            };
            out.insert(
                id.to_owned(),
                biokg_ingest::TaxonName {
                    id: id.to_owned(),
                    scientific_name: l.value().to_owned(),
                    authorship: first(dwc::SCIENTIFIC_NAME_AUTHORSHIP)?,
                    rank: first(dwc::TAXON_RANK)?,
                    family: first(dwc::FAMILY)?,
                },
            );
        }
        Ok(out.into_values().collect())
    }

    /// Runs a client's SPARQL Update, then replaces the index documents of every graph it
    /// touched (all of them for `DROP ALL` or a variable graph) with the new generation.
    ///
    /// # Errors
    /// As `GraphStore::update` (nothing is written then), or when the index write fails after
    /// the store commit (the index then lags the store, which `/ready` reports and the next
    /// open repairs).
    pub fn update(
        &self,
        update: &PreparedUpdate,
        timeout: Duration,
    ) -> Result<WriteOutcome, Error> {
        let _w = self.lock_writes();
        let before = self.settled();
        self.unsettle();
        let outcome = match self.graph.update(update, timeout) {
            Ok(outcome) => outcome,
            Err(e) => {
                // Nothing was written: the store and the index still agree where they did.
                if let Some(g) = before {
                    self.settle(g);
                }
                return Err(e.into());
            }
        };
        self.reindex(&outcome.touched, outcome.generation)?;
        self.settle(outcome.generation);
        self.counters.writes.fetch_add(1, Ordering::Relaxed);
        tracing::info!(generation = outcome.generation, touched = ?outcome.touched, "update committed");
        Ok(outcome)
    }

    /// Replaces (`replace`) or extends a graph with `quads` and its index documents. Returns
    /// whether the graph was created, and the new generation.
    ///
    /// # Errors
    /// As `GraphStore::put_graph`, or when the index write fails after the store commit.
    pub fn write_graph(
        &self,
        graph: GraphNameRef<'_>,
        quads: &[Quad],
        replace: bool,
    ) -> Result<(bool, u64), Error> {
        let _w = self.lock_writes();
        self.unsettle();
        let (created, generation) = if replace {
            self.graph.put_graph(graph, quads)?
        } else {
            self.graph.post_graph(graph, quads)?
        };
        self.reindex(&one(graph), generation)?;
        self.settle(generation);
        self.counters.writes.fetch_add(1, Ordering::Relaxed);
        tracing::info!(%graph, triples = quads.len(), replace, generation, "graph written");
        Ok((created, generation))
    }

    /// Drops a graph and its index documents. Returns the new generation, or `None` when the
    /// named graph does not exist (nothing is written then).
    ///
    /// # Errors
    /// As `GraphStore::drop_graph`, or when the index write fails after the store commit.
    pub fn drop_graph(&self, graph: GraphNameRef<'_>) -> Result<Option<u64>, Error> {
        let _w = self.lock_writes();
        self.unsettle();
        let Some(generation) = self.graph.drop_graph(graph)? else {
            self.settle(self.graph.generation()?);
            return Ok(None);
        };
        self.reindex(&one(graph), generation)?;
        self.settle(generation);
        self.counters.writes.fetch_add(1, Ordering::Relaxed);
        tracing::info!(%graph, generation, "graph dropped");
        Ok(Some(generation))
    }

    /// Brings the index to `generation` for the graphs a write touched. Runs under the write
    /// lock.
    fn reindex(&self, touched: &Touched, generation: u64) -> Result<(), Error> {
        match touched {
            Touched::All => {
                self.rebuild_locked(generation)?;
            }
            Touched::Graphs(graphs) => {
                let mut sources = Vec::new();
                for g in graphs {
                    if biokg_graph::is_protected(g.as_ref()) {
                        continue;
                    }
                    sources.push((source_key(g.as_ref()), self.documents_of(g.as_ref())?));
                }
                // A registry organisation's document is made from both labs and enterprises:
                // a write to one refreshes the other's documents too.
                for g in graphs {
                    let GraphName::NamedNode(n) = g else { continue };
                    for other in self.related_sources(n.as_str())? {
                        if sources.iter().any(|(k, _)| *k == other) {
                            continue;
                        }
                        let node = biokg_graph::model::NamedNode::new_unchecked(other);
                        let docs = self.documents_of(GraphNameRef::NamedNode(node.as_ref()))?;
                        sources.push((node.into_string(), docs));
                    }
                }
                self.index.replace_sources(&sources, generation)?;
            }
        }
        Ok(())
    }

    /// The search documents of one graph (none for a missing graph).
    fn documents_of(&self, graph: GraphNameRef<'_>) -> Result<Vec<EntityDoc>, Error> {
        let quads = self.graph.quads_of(graph)?;
        Ok(documents::documents_with(
            &quads,
            &source_key(graph),
            &mut documents::StoreLookup::new(&self.graph),
        ))
    }

    /// Rebuilds the whole index from the store.
    ///
    /// # Errors
    /// When the store cannot be read or the index cannot be written.
    pub fn rebuild_index(&self) -> Result<usize, Error> {
        let _w = self.lock_writes();
        self.unsettle();
        let generation = self.graph.generation()?;
        let n = self.rebuild_locked(generation)?;
        self.settle(generation);
        Ok(n)
    }

    /// One graph's documents at a time go to the index writer, and one commit makes them all
    /// visible: the memory held is one graph's extraction (and the writer's bounded buffer),
    /// not every document of the store.
    fn rebuild_locked(&self, generation: u64) -> Result<usize, Error> {
        let n = self.index.rebuild_with(generation, |rebuild| {
            rebuild.add(&self.documents_of(GraphNameRef::DefaultGraph)?)?;
            for g in self.graph.source_graphs()? {
                documents::for_each_batch(&self.graph, g.as_ref(), &mut |batch| {
                    rebuild.add(batch).map_err(Error::from)
                })?;
            }
            Ok::<(), Error>(())
        })?;
        tracing::info!(documents = n, generation, "index rebuilt");
        Ok(n)
    }

    /// Sources ingested by this process.
    pub fn ingests(&self) -> u64 {
        self.counters.ingests.load(Ordering::Relaxed)
    }

    /// Client writes committed by this process.
    pub fn writes(&self) -> u64 {
        self.counters.writes.load(Ordering::Relaxed)
    }

    /// The store.
    pub fn graph(&self) -> &GraphStore {
        &self.graph
    }

    /// The search index.
    pub fn index(&self) -> &SearchIndex {
        &self.index
    }
}

impl std::fmt::Debug for KnowledgeBase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KnowledgeBase").finish_non_exhaustive()
    }
}

/// The progress of a streaming RDF load on a terminal: the quads given to the bulk loader, on
/// a bar over the file's lines for N-Triples and N-Quads (about a triple a line), counted for
/// other syntaxes. The lines are counted only when the bar is shown: a read of the file that
/// scripts and logs need not wait for.
fn streaming_progress(path: &Path) -> Progress {
    use std::io::{IsTerminal, Read};
    let message = format!("reading, validating and sorting {}", path.display());
    let line_based = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("nt") || e.eq_ignore_ascii_case("nq"));
    if !line_based || !std::io::stderr().is_terminal() {
        return Progress::counter(message);
    }
    let lines = std::fs::File::open(path).and_then(|mut file| {
        let mut buffer = vec![0; 1 << 20];
        let mut lines = 0_u64;
        loop {
            let n = file.read(&mut buffer)?;
            if n == 0 {
                return Ok(lines);
            }
            lines += buffer[..n].iter().filter(|&&b| b == b'\n').count() as u64;
        }
    });
    match lines {
        Ok(lines) => Progress::bar(lines, message),
        // The load itself says what is wrong with the file.
        Err(_) => Progress::counter(message),
    }
}

/// A source just committed to the store.
struct Written<'a> {
    graph: &'a biokg_graph::model::NamedNode,
    triples: usize,
    generation: u64,
}

/// The store as the SHACL validator of RDF input sees it: every graph but the one the input
/// replaces, so that references resolve against the rest of the store.
pub struct ShapesView<'a> {
    graph: &'a GraphStore,
    except: biokg_graph::model::NamedNode,
}

impl<'a> ShapesView<'a> {
    /// The store without graph `except`.
    pub fn new(graph: &'a GraphStore, except: biokg_graph::model::NamedNode) -> Self {
        ShapesView { graph, except }
    }
}

impl biokg_ingest::shacl::Store for ShapesView<'_> {
    fn objects(
        &self,
        subject: oxigraph::model::NamedNodeRef<'_>,
        predicate: oxigraph::model::NamedNodeRef<'_>,
    ) -> Vec<oxigraph::model::Term> {
        self.graph
            .objects(subject, predicate, Some(self.except.as_ref()))
            .unwrap_or_else(|e| {
                tracing::error!(error = %e, "store read failed during validation");
                Vec::new()
            })
    }

    fn subjects(
        &self,
        predicate: oxigraph::model::NamedNodeRef<'_>,
        object: oxigraph::model::TermRef<'_>,
    ) -> Vec<oxigraph::model::NamedOrBlankNode> {
        self.graph
            .subjects(predicate, object, Some(self.except.as_ref()))
            .unwrap_or_else(|e| {
                tracing::error!(error = %e, "store read failed during validation");
                Vec::new()
            })
    }

    fn has_subject(&self, subject: oxigraph::model::NamedNodeRef<'_>) -> bool {
        // On a failed read, say yes: the lookups that follow report the failure.
        self.graph
            .has_subject(subject, Some(self.except.as_ref()))
            .unwrap_or(true)
    }
}

/// The search index as the store's SPARQL `SERVICE` sees it.
struct IndexSearch(Arc<SearchIndex>);

impl TextSearch for IndexSearch {
    fn text_search(&self, query: &TextQuery) -> Result<Vec<TextHit>, String> {
        let request = biokg_search::SearchRequest {
            q: query.q.clone(),
            kinds: query.kinds.clone(),
            filters: query.filters.clone(),
            limit: query.limit,
            offset: query.offset,
            sort: biokg_search::Sort::Relevance,
        };
        match self.0.search(&request) {
            Ok(results) => Ok(results
                .hits
                .into_iter()
                .map(|h| TextHit {
                    iri: h.iri,
                    kind: h.kind,
                    label: h.label,
                    snippet: h.snippet,
                    score: h.score,
                })
                .collect()),
            Err(e) if e.is_user_error() => Err(e.to_string()),
            Err(e) => {
                tracing::error!(error = %e, "search service failed");
                Err("the search index failed; see the server log".to_owned())
            }
        }
    }
}

/// The index source key of a graph.
fn source_key(graph: GraphNameRef<'_>) -> String {
    match graph {
        GraphNameRef::NamedNode(n) => n.as_str().to_owned(),
        GraphNameRef::BlankNode(b) => b.to_string(),
        GraphNameRef::DefaultGraph => DEFAULT_GRAPH_SOURCE.to_owned(),
    }
}

fn one(graph: GraphNameRef<'_>) -> Touched {
    Touched::Graphs(std::iter::once(GraphName::from(graph)).collect())
}

pub(crate) fn now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../ingest/tests/fixtures/rdf")
            .join(name)
    }

    /// A fixture as an RDF input on disk.
    fn rdf_file(name: &str) -> Input {
        let path = fixture(name);
        Input::path(
            Format::Rdf(biokg_ingest::RdfSyntax::of_path(&path).unwrap()),
            path,
        )
    }

    #[test]
    fn a_new_rdf_source_written_while_read_is_the_file_validated_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let kb = KnowledgeBase::open(dir.path()).unwrap();
        kb.prepare(true).unwrap();
        let options = IngestOptions {
            index: true,
            progress: false,
        };
        let before = kb.graph().generation().unwrap();
        // A file with problems: an error, and the store as it was.
        let Err(Error::Ingest(biokg_ingest::Error::Invalid(problems))) =
            kb.ingest_new_rdf_in(&rdf_file("invalid.ttl"), options, 10)
        else {
            panic!("expected the file's problems");
        };
        assert_eq!(problems.len(), 4);
        let bad = biokg_ingest::rdf::graph_of("invalid");
        assert_eq!(kb.graph().graph_len(bad.as_ref()).unwrap(), 0);
        assert!(!kb.graph().source_graphs().unwrap().contains(&bad));
        assert_eq!(kb.graph().generation().unwrap(), before);
        // A valid file: the quads `load_rdf` gives, its ingest log, its documents.
        let report = kb
            .ingest_new_rdf_in(&rdf_file("valid.ttl"), options, 10)
            .unwrap()
            .expect("a new source");
        assert_eq!(report.triples, 78);
        let graph = biokg_ingest::rdf::graph_of("valid");
        // The same file through `ingest_with` into another store holds the same quads (as
        // the store writes them: "5.0"^^xsd:decimal is stored as "5").
        let other_dir = tempfile::tempdir().unwrap();
        let other = KnowledgeBase::open(other_dir.path()).unwrap();
        other.prepare(true).unwrap();
        let view = ShapesView::new(other.graph(), graph.clone());
        let ctx = biokg_ingest::Context {
            store: &view,
            ..biokg_ingest::Context::standalone()
        };
        let input = biokg_ingest::Input::path(
            biokg_ingest::Format::Rdf(biokg_ingest::RdfSyntax::Turtle),
            fixture("valid.ttl"),
        );
        let loaded = biokg_ingest::ingest(&input, &ctx).unwrap();
        other.ingest_with(loaded, options).unwrap();
        // (Blank nodes are named from the source and their order, so they agree too.)
        let lines = |kb: &KnowledgeBase| -> std::collections::BTreeSet<String> {
            kb.graph()
                .graph_quads(graph.as_ref())
                .unwrap()
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        assert_eq!(lines(&kb), lines(&other));
        assert_eq!(kb.graph().generation().unwrap(), before + 1);
        assert_eq!(kb.index().generation().unwrap(), Some(before + 1));
        assert!(
            kb.graph()
                .sources()
                .unwrap()
                .iter()
                .any(|s| s.graph == graph.as_str() && s.triples == 78),
            "{:?}",
            kb.graph().sources().unwrap()
        );
        // The source exists now: a second call reads nothing and leaves it to `ingest_with`.
        assert!(
            kb.ingest_new_rdf(&rdf_file("valid.ttl"), options)
                .unwrap()
                .is_none()
        );
        // So does a store in memory.
        let mem = KnowledgeBase::in_memory().unwrap();
        mem.prepare(false).unwrap();
        assert!(
            mem.ingest_new_rdf(&rdf_file("valid.ttl"), options)
                .unwrap()
                .is_none()
        );
    }

    /// A store in memory with the bundled plan only, loaded without indexing it.
    pub(crate) fn plan_only() -> KnowledgeBase {
        let kb = KnowledgeBase::in_memory().unwrap();
        kb.prepare(false).unwrap();
        let (file, bytes) = crate::bundled::BUNDLED_PLAN;
        let input =
            biokg_ingest::Input::bytes(biokg_ingest::Format::Plan, file, bytes).named("plan");
        let loaded = biokg_ingest::ingest(&input, &biokg_ingest::Context::standalone()).unwrap();
        let options = IngestOptions {
            index: false,
            progress: false,
        };
        kb.ingest_with(loaded, options).unwrap();
        kb
    }

    #[test]
    fn an_ingest_without_index_leaves_the_index_behind_until_prepare() {
        let kb = plan_only();
        let store = kb.graph().generation().unwrap();
        let search = |kb: &KnowledgeBase| {
            kb.index()
                .search(&biokg_search::SearchRequest {
                    q: "duoc lieu".into(),
                    kinds: Vec::new(),
                    filters: Vec::new(),
                    limit: 5,
                    offset: 0,
                    sort: biokg_search::Sort::Relevance,
                })
                .unwrap()
                .total
        };
        // The store has the plan, the index does not, and nothing may be cached.
        assert_ne!(kb.index().generation().unwrap(), Some(store));
        assert_eq!(kb.settled(), None);
        assert_eq!(search(&kb), 0);
        // The next prepare rebuilds the index once, at the store's generation.
        assert!(kb.prepare(false).unwrap().index_rebuilt);
        assert_eq!(kb.index().generation().unwrap(), Some(store));
        assert_eq!(kb.settled(), Some(store));
        assert!(search(&kb) > 0);
    }
}
