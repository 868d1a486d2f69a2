//! [`SearchIndex`]: the index, its single writer, its reader, and the search entry points.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use serde::Deserialize;
use tantivy::DocSet;
use tantivy::collector::sort_key::SortByString;
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::{AllQuery, PhrasePrefixQuery, PhraseQuery, Query};
use tantivy::schema::Value;
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    DocAddress, DocId, Index, IndexBuilder, IndexReader, IndexWriter, Order, ReloadPolicy, Score,
    Searcher, SegmentReader, TantivyDocument, Term,
};

use crate::analysis::{self, FOLD};
use crate::error::{Error, Result};
use crate::expand::Lexicon;
use crate::facets::{FacetCounter, FacetCounts};
use crate::model::{EntityDoc, Hit, SearchRequest, SearchResults, Suggestion};
use crate::query::{self, Context, Filters, Match};
use crate::schema::{FACET_NAME, Fields, KIND_FACET, KIND_NAME, LABEL_LEN_NAME, SORT_LABEL_NAME};
use crate::snippet;
use crate::synonyms::Synonyms;

/// Longest accepted query or suggestion prefix, in characters.
pub const MAX_QUERY_CHARS: usize = 500;
/// Most words a query may have.
pub const MAX_QUERY_WORDS: usize = 32;
/// Largest page size of [`SearchIndex::search`].
pub const MAX_LIMIT: usize = 1000;
/// Deepest result reachable by paging: `offset + limit` may not exceed it.
pub const MAX_WINDOW: usize = 10_000;
/// Most kinds plus facet filters a search may carry.
pub const MAX_FILTERS: usize = 100;
/// Most suggestions [`SearchIndex::suggest`] returns at once.
pub const MAX_SUGGEST: usize = 100;

/// Memory budget of the writer, per indexing thread (tantivy's minimum is 15 MB).
const WRITER_BYTES_PER_THREAD: usize = 64_000_000;
/// How long [`SearchIndex::compact`] waits for background merges to finish.
const COMPACT_WAIT: std::time::Duration = std::time::Duration::from_secs(600);
/// How many index terms a suggestion prefix may expand to.
const SUGGEST_EXPANSIONS: u32 = 200;
/// How many labels starting with a suggestion prefix are read per segment: past that, the
/// shortest of the first labels in alphabetical order are suggested.
const SUGGEST_SCAN: usize = 1000;

/// The commit payload: what the index reflects, durable with the commit itself.
#[derive(Debug, Deserialize)]
struct Payload {
    generation: u64,
    /// [`INDEX_FORMAT`] of the build that wrote the index; absent before there was one.
    #[serde(default)]
    format: u32,
}

/// How this build writes the index. An index of another format reports no generation, which
/// the server takes for drift and repairs by rebuilding the index from the store. Format 2:
/// string-column dictionaries without zstd blocks (format 1 had them, and this build of
/// tantivy cannot read them).
pub const INDEX_FORMAT: u32 = 2;

/// The full-text index of the knowledge graph's entities.
///
/// One writer (tantivy allows one per index) lives behind a mutex, so writes are serialised;
/// every write is one commit, after which the reader is reloaded before the call returns, so a
/// search issued after a write sees it. Searches never take the writer lock: they run on the
/// last committed state and see either all or none of a write. `SearchIndex` is `Send + Sync`;
/// share it behind an `Arc`.
pub struct SearchIndex {
    index: Index,
    fields: Fields,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    synonyms: Synonyms,
}

/// A write of documents in batches ([`SearchIndex::rebuild_with`],
/// [`SearchIndex::replace_source_with`]): what is added here becomes visible together, at its
/// commit.
pub struct Rebuild<'w> {
    writer: &'w IndexWriter,
    fields: &'w Fields,
    added: usize,
}

impl Rebuild<'_> {
    /// Adds `docs`, each filed under its own source.
    ///
    /// # Errors
    ///
    /// Fails when the writer fails; the whole rebuild is then rolled back.
    pub fn add(&mut self, docs: &[EntityDoc]) -> Result<()> {
        for doc in docs {
            self.writer.add_document(self.fields.document(doc))?;
        }
        self.added += docs.len();
        Ok(())
    }

    /// Documents added so far.
    pub fn added(&self) -> usize {
        self.added
    }
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("num_docs", &self.reader.searcher().num_docs())
            .finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Opens the index stored in `dir`, creating the directory and an empty index if needed.
    ///
    /// # Errors
    ///
    /// Fails when the directory cannot be created or read, when another process holds the
    /// index's writer lock. An index built with another schema is emptied and recreated (it has
    /// no generation then, so the caller rebuilds it).
    pub fn open_or_create(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir)?;
        let directory = MmapDirectory::open(dir).map_err(tantivy::TantivyError::from)?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        match Self::builder().open_or_create(directory) {
            Ok(index) => Self::with(index, threads),
            // The index is derived data: one built by another version of the schema is
            // emptied and recreated, and the caller sees no generation and rebuilds it.
            Err(tantivy::TantivyError::SchemaError(reason)) => {
                tracing::warn!(dir = %dir.display(), %reason, "search index has another schema; recreating it");
                std::fs::remove_dir_all(dir)?;
                std::fs::create_dir_all(dir)?;
                Self::with(Self::builder().create_in_dir(dir)?, threads)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Creates an empty index in memory (for tests and throw-away indexes).
    ///
    /// # Errors
    ///
    /// Fails only if tantivy cannot start its writer threads.
    pub fn in_memory() -> Result<Self> {
        Self::with(Self::builder().create_in_ram()?, 1)
    }

    fn builder() -> IndexBuilder {
        let (schema, _) = Fields::schema();
        IndexBuilder::new()
            .schema(schema)
            .tokenizers(analysis::tokenizer_manager())
    }

    fn with(index: Index, threads: usize) -> Result<Self> {
        let (_, fields) = Fields::schema();
        let writer = index.writer_with_num_threads(threads, threads * WRITER_BYTES_PER_THREAD)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            fields,
            reader,
            writer: Mutex::new(writer),
            synonyms: Synonyms::bundled(),
        })
    }

    /// Uses `synonyms` for query expansion instead of the bundled list
    /// ([`Synonyms::bundled`], what every index starts with).
    pub fn with_synonyms(mut self, synonyms: Synonyms) -> Self {
        self.synonyms = synonyms;
        self
    }

    /// The writer; a writer poisoned by a panic mid-write is rolled back to the last commit.
    fn writer(&self) -> Result<MutexGuard<'_, IndexWriter>> {
        match self.writer.lock() {
            Ok(guard) => Ok(guard),
            Err(poisoned) => {
                let mut guard = poisoned.into_inner();
                guard.rollback()?;
                self.writer.clear_poison();
                Ok(guard)
            }
        }
    }

    /// Runs `ops` then commits with `generation` as one commit; on any error the writer is
    /// rolled back so nothing of the write becomes visible, not even at a later commit.
    fn write<E: From<Error>>(
        &self,
        generation: u64,
        ops: impl FnOnce(&IndexWriter) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut writer = self.writer()?;
        let result = ops(&writer).and_then(|()| {
            let mut prepared = writer.prepare_commit().map_err(Error::from)?;
            prepared.set_payload(&format!(
                "{{\"generation\":{generation},\"format\":{INDEX_FORMAT}}}"
            ));
            prepared.commit().map_err(Error::from)?;
            Ok(())
        });
        if let Err(error) = result {
            // Best effort: the write's own error is the one worth reporting.
            let _ = writer.rollback();
            return Err(error);
        }
        drop(writer);
        self.reader.reload().map_err(Error::from)?;
        Ok(())
    }

    /// Replaces every document of `source` with `docs` and records `generation`, in one commit:
    /// readers see the old documents or the new ones, never a mix.
    ///
    /// The documents are filed under `source` whatever their own [`EntityDoc::source`] says, so
    /// that the next `replace_source` or `remove_source` of `source` removes exactly them.
    ///
    /// # Errors
    ///
    /// Fails when the index cannot be written; the index is then left as it was.
    pub fn replace_source(&self, source: &str, docs: &[EntityDoc], generation: u64) -> Result<()> {
        self.write(generation, |writer| {
            writer.delete_term(Term::from_field_text(self.fields.source, source));
            for doc in docs {
                let doc = EntityDoc {
                    source: source.to_string(),
                    ..doc.clone()
                };
                writer.add_document(self.fields.document(&doc))?;
            }
            Ok(())
        })
    }

    /// As [`SearchIndex::replace_source`], with the documents that `fill` adds a batch at a
    /// time (each filed under its own source, which should be `source`). Returns the number
    /// of documents added.
    ///
    /// # Errors
    ///
    /// `fill`'s error, or an index error; the index is then left as it was.
    pub fn replace_source_with<E: From<Error>>(
        &self,
        source: &str,
        generation: u64,
        fill: impl FnOnce(&mut Rebuild<'_>) -> std::result::Result<(), E>,
    ) -> std::result::Result<usize, E> {
        self.write_batches(generation, fill, |writer| {
            writer.delete_term(Term::from_field_text(self.fields.source, source));
            Ok(())
        })
    }

    /// Runs `clear`, then `fill` with the writer, and commits with `generation`: the
    /// documents added in one commit, or nothing on an error. Returns how many were added.
    fn write_batches<E: From<Error>>(
        &self,
        generation: u64,
        fill: impl FnOnce(&mut Rebuild<'_>) -> std::result::Result<(), E>,
        clear: impl FnOnce(&IndexWriter) -> Result<()>,
    ) -> std::result::Result<usize, E> {
        let mut added = 0;
        self.write::<E>(generation, |writer| {
            clear(writer)?;
            let mut batches = Rebuild {
                writer,
                fields: &self.fields,
                added: 0,
            };
            fill(&mut batches)?;
            added = batches.added;
            Ok(())
        })?;
        Ok(added)
    }

    /// Replaces the documents of several sources (each with its new documents; an empty list
    /// removes the source) and records `generation`, in one commit, so a write that touched
    /// several graphs becomes visible whole.
    ///
    /// # Errors
    ///
    /// Fails when the index cannot be written; the index is then left as it was.
    pub fn replace_sources(
        &self,
        sources: &[(String, Vec<EntityDoc>)],
        generation: u64,
    ) -> Result<()> {
        self.write(generation, |writer| {
            for (source, _) in sources {
                writer.delete_term(Term::from_field_text(self.fields.source, source));
            }
            for (source, docs) in sources {
                for doc in docs {
                    let doc = EntityDoc {
                        source: source.clone(),
                        ..doc.clone()
                    };
                    writer.add_document(self.fields.document(&doc))?;
                }
            }
            Ok(())
        })
    }

    /// Removes every document of `source` and records `generation`, in one commit.
    ///
    /// # Errors
    ///
    /// Fails when the index cannot be written; the index is then left as it was.
    pub fn remove_source(&self, source: &str, generation: u64) -> Result<()> {
        self.write(generation, |writer| {
            writer.delete_term(Term::from_field_text(self.fields.source, source));
            Ok(())
        })
    }

    /// Replaces the whole index with `docs` (each filed under its own source) and records
    /// `generation`, in one commit.
    ///
    /// # Errors
    ///
    /// Fails when the index cannot be written; the index is then left as it was.
    pub fn rebuild(&self, docs: &[EntityDoc], generation: u64) -> Result<()> {
        self.rebuild_with(generation, |r| r.add(docs)).map(|_| ())
    }

    /// Replaces the whole index with the documents that `fill` adds, a batch at a time, and
    /// records `generation`, in one commit: the caller can build one batch (a source graph's
    /// documents) while the writer indexes the last, and never holds all of them. Returns the
    /// number of documents added.
    ///
    /// # Errors
    ///
    /// `fill`'s error, or an index error; the index is then left as it was.
    pub fn rebuild_with<E: From<Error>>(
        &self,
        generation: u64,
        fill: impl FnOnce(&mut Rebuild<'_>) -> std::result::Result<(), E>,
    ) -> std::result::Result<usize, E> {
        self.write_batches(generation, fill, |writer| {
            // Not `delete_all_documents`: in tantivy 0.27 it rewinds the opstamp counter, and
            // after a commit holding only deletes, a later `delete_term` then misses the
            // documents added here (see `rebuild_then_remove_source_after_a_delete_only_commit`).
            writer.delete_query(Box::new(AllQuery))?;
            Ok(())
        })
    }

    /// Merges every segment of the index into one, and waits for it: a search then reads one
    /// dictionary and one set of posting lists per field instead of one per segment. Worth it
    /// after a [`rebuild`](Self::rebuild) of a large index; the generation is unchanged.
    ///
    /// # Errors
    ///
    /// Fails when the merge cannot be written; the index is then left as it was.
    pub fn compact(&self) -> Result<()> {
        let mut writer = self.writer()?;
        // tantivy refuses to merge a segment that a background merge (its merge policy, after
        // a commit) is still merging: wait for those, then merge what is left.
        let started = std::time::Instant::now();
        loop {
            let segments = self.index.searchable_segment_ids()?;
            if segments.len() <= 1 {
                break;
            }
            match writer.merge(&segments).wait() {
                Ok(_) => break,
                Err(tantivy::TantivyError::InvalidArgument(_))
                    if started.elapsed() < COMPACT_WAIT =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(200));
                }
                Err(e) => return Err(e.into()),
            }
        }
        writer.garbage_collect_files().wait()?;
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    /// The store generation recorded by the last commit; `None` for an index never written.
    ///
    /// # Errors
    ///
    /// Fails when the index metadata cannot be read or its payload is not ours.
    pub fn generation(&self) -> Result<Option<u64>> {
        let Some(payload) = self.index.load_metas()?.payload else {
            return Ok(None);
        };
        let payload: Payload = serde_json::from_str(&payload)
            .map_err(|e| Error::CorruptMeta(format!("commit payload {payload:?}: {e}")))?;
        Ok((payload.format == INDEX_FORMAT).then_some(payload.generation))
    }

    /// Number of documents in the index (as of the last commit).
    ///
    /// # Errors
    ///
    /// Never fails today; kept fallible so a remote index can be put behind the same type.
    pub fn num_docs(&self) -> Result<u64> {
        Ok(self.reader.searcher().num_docs())
    }

    /// Runs a search: matching entities (one page), their total number and facet counts.
    ///
    /// All words must match; when that finds nothing, all but one (for three words or more),
    /// then any word. A word matches as typed (folded, with exact marks ranked higher), with
    /// one typo when it has at least six letters, and, for the last word of a query that does
    /// not end in a space, as the start of a longer word; all of these rank below a match as
    /// typed. A phrase of the synonym
    /// list also searches its equivalents, a little below the query as typed. An empty `q`
    /// with kinds or filters lists what they select, sorted by kind then label.
    ///
    /// # Errors
    ///
    /// [`Error::BadQuery`] when `q` is empty (or has no words) and there are no filters, is
    /// longer than [`MAX_QUERY_CHARS`] or has more than [`MAX_QUERY_WORDS`] words, when `limit`
    /// exceeds [`MAX_LIMIT`] or `offset + limit` exceeds [`MAX_WINDOW`], or there are more than
    /// [`MAX_FILTERS`] kinds and filters; other errors when the index cannot be read.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        check_query_length(&req.q)?;
        if req.limit > MAX_LIMIT {
            return Err(Error::bad_query(format!(
                "limit must be between 0 and {MAX_LIMIT}"
            )));
        }
        if req.offset.saturating_add(req.limit) > MAX_WINDOW {
            return Err(Error::bad_query(format!(
                "offset + limit must not exceed {MAX_WINDOW}"
            )));
        }
        if req.kinds.len() + req.filters.len() > MAX_FILTERS {
            return Err(Error::bad_query(format!(
                "at most {MAX_FILTERS} kinds and filters are allowed"
            )));
        }
        let words = analysis::query_words(&req.q);
        if words.len() > MAX_QUERY_WORDS {
            return Err(Error::bad_query(format!(
                "query has more than {MAX_QUERY_WORDS} words"
            )));
        }
        let filters = Filters::new(&req.kinds, &req.filters);
        let searcher = self.reader.searcher();
        if words.is_empty() {
            if filters.is_empty() {
                return Err(Error::bad_query(if req.q.trim().is_empty() {
                    "empty query"
                } else {
                    "query has no words to search for"
                }));
            }
            return self.list(&searcher, &filters, req);
        }

        let ctx = Context {
            fields: &self.fields,
            lexicon: Lexicon::new(&searcher),
            synonyms: &self.synonyms,
        };
        let mut relevance = query::relevance(&ctx, &req.q, &words, Match::All)?;
        let mut page = self.run(&searcher, relevance.box_clone(), &filters, req)?;
        let fallbacks: &[Match] = match words.len() {
            0 | 1 => &[],
            2 => &[Match::Any],
            _ => &[Match::AllButOne, Match::Any],
        };
        for &mode in fallbacks {
            if page.total > 0 {
                break;
            }
            relevance = query::relevance(&ctx, &req.q, &words, mode)?;
            page = self.run(&searcher, relevance.box_clone(), &filters, req)?;
        }
        let facets = self.with_kind_counts(
            &searcher,
            Some(relevance.box_clone()),
            &filters,
            page.facets,
        )?;

        let text_snippets = snippet_generator(&searcher, &*relevance, self.fields.text)?;
        let label_snippets = snippet_generator(&searcher, &*relevance, self.fields.label)?;
        let hits = page
            .docs
            .into_iter()
            .map(|(score, address)| {
                let stored = StoredEntity::load(&searcher, &self.fields, address)?;
                let snippet = snippet::highlight(&text_snippets, &stored.text)
                    .or_else(|| {
                        (!stored.text.trim().is_empty()).then(|| snippet::lead(&stored.text))
                    })
                    .or_else(|| snippet::highlight(&label_snippets, &stored.label))
                    .unwrap_or_else(|| snippet::escape(&stored.label));
                Ok(stored.into_hit(snippet, score))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(SearchResults {
            total: page.total,
            hits,
            facets,
        })
    }

    /// One page of `relevance` under `filters`, with the total and the facet counts.
    fn run(
        &self,
        searcher: &Searcher,
        relevance: Box<dyn Query>,
        filters: &Filters,
        req: &SearchRequest,
    ) -> Result<Page<Score>> {
        let query = query::filtered(&self.fields, Some(relevance), filters, true);
        let counter = FacetCounter::new(FACET_NAME, searcher.segment_readers().len());
        if req.limit == 0 {
            let (total, facets) = searcher.search(&*query, &(Count, counter))?;
            return Ok(Page::empty(total, facets));
        }
        if req.sort == crate::Sort::Name {
            let by_label = TopDocs::with_limit(req.limit)
                .and_offset(req.offset)
                .order_by((SortByString::for_field(SORT_LABEL_NAME), Order::Asc));
            let (docs, total, facets) = searcher.search(&*query, &(by_label, Count, counter))?;
            return Ok(Page {
                docs: docs
                    .into_iter()
                    .map(|(_, address)| (0.0, address))
                    .collect(),
                total,
                facets,
            });
        }
        // One pass: the relevance query's optional clauses (see `crate::bonus`) leave tantivy
        // no block to skip, so every match is scored for the best page anyway, and counting
        // it and its facets on the way costs less than a second walk over the matches.
        let top = TopDocs::with_limit(req.limit)
            .and_offset(req.offset)
            .order_by_score();
        let (docs, total, facets) = searcher.search(&*query, &(top, Count, counter))?;
        Ok(Page {
            docs,
            total,
            facets,
        })
    }

    /// Lists the entities selected by `filters`, sorted by kind then (folded) label.
    fn list(
        &self,
        searcher: &Searcher,
        filters: &Filters,
        req: &SearchRequest,
    ) -> Result<SearchResults> {
        let query = query::filtered(&self.fields, None, filters, true);
        let counter = FacetCounter::new(FACET_NAME, searcher.segment_readers().len());
        let page = if req.limit == 0 {
            let (total, facets) = searcher.search(&*query, &(Count, counter))?;
            Page::empty(total, facets)
        } else {
            let by_kind_then_label = (
                (SortByString::for_field(KIND_NAME), Order::Asc),
                (SortByString::for_field(SORT_LABEL_NAME), Order::Asc),
            );
            let top = TopDocs::with_limit(req.limit)
                .and_offset(req.offset)
                .order_by(by_kind_then_label);
            let (docs, total, facets) = searcher.search(&*query, &(top, Count, counter))?;
            Page {
                docs,
                total,
                facets,
            }
        };
        let facets = self.with_kind_counts(searcher, None, filters, page.facets)?;
        let hits = page
            .docs
            .into_iter()
            .map(|(_, address)| {
                let stored = StoredEntity::load(searcher, &self.fields, address)?;
                let snippet = if stored.text.trim().is_empty() {
                    snippet::escape(&stored.label)
                } else {
                    snippet::lead(&stored.text)
                };
                Ok(stored.into_hit(snippet, 0.0))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(SearchResults {
            total: page.total,
            hits,
            facets,
        })
    }

    /// Replaces the `kind` counts by counts made without the kind filter (when there is one),
    /// and makes sure `kind` is present.
    fn with_kind_counts(
        &self,
        searcher: &Searcher,
        relevance: Option<Box<dyn Query>>,
        filters: &Filters,
        mut facets: FacetCounts,
    ) -> Result<FacetCounts> {
        if !filters.kinds.is_empty() {
            let query = query::filtered(&self.fields, relevance, filters, false);
            let mut unfiltered = searcher.search(
                &*query,
                &FacetCounter::new(FACET_NAME, searcher.segment_readers().len()),
            )?;
            match unfiltered.remove(KIND_FACET) {
                Some(kinds) => facets.insert(KIND_FACET.to_string(), kinds),
                None => facets.remove(KIND_FACET),
            };
        }
        facets.entry(KIND_FACET.to_string()).or_default();
        Ok(facets)
    }

    /// Completes a label prefix: entities whose label has the (folded) words of `prefix` in a
    /// row, the last one as a prefix ("tang lo" → "Tằng Loỏng"; "so y" → "Sở Y tế").
    ///
    /// Ranked: labels starting with the prefix first, then labels containing it, then entities
    /// whose alternative label (a code) or scientific name starts with it; shorter labels first
    /// within each. A prefix ending in a space completes no word: its last word must match
    /// whole. An empty prefix or `limit == 0` gives no suggestions.
    ///
    /// The names starting with the prefix are read from the dictionaries of whole names (a
    /// range of sorted terms), so a prefix that starts a million labels costs as little as one
    /// that starts ten: past [`SUGGEST_SCAN`] names per segment, the shortest of the first ones
    /// in alphabetical order are suggested. Labels containing the prefix further in are only
    /// searched when fewer labels than `limit` start with it.
    ///
    /// # Errors
    ///
    /// [`Error::BadQuery`] when `prefix` is longer than [`MAX_QUERY_CHARS`] or has more than
    /// [`MAX_QUERY_WORDS`] words, or `limit` exceeds [`MAX_SUGGEST`]; other errors when the index
    /// cannot be read.
    pub fn suggest(&self, prefix: &str, limit: usize) -> Result<Vec<Suggestion>> {
        check_query_length(prefix)?;
        if limit > MAX_SUGGEST {
            return Err(Error::bad_query(format!(
                "limit must be between 0 and {MAX_SUGGEST}"
            )));
        }
        let words = analysis::token_texts(FOLD, prefix);
        if words.len() > MAX_QUERY_WORDS {
            return Err(Error::bad_query(format!(
                "query has more than {MAX_QUERY_WORDS} words"
            )));
        }
        if words.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let last_complete = prefix.ends_with(char::is_whitespace);
        let searcher = self.reader.searcher();
        let key = words.join(" ");
        let mut ranked =
            self.names_starting(&searcher, self.fields.label_whole, &key, last_complete, 3.0)?;
        if ranked.len() < limit {
            let mut seen: std::collections::HashSet<DocAddress> =
                ranked.iter().map(|&(_, address)| address).collect();
            let containing = prefix_query(self.fields.label, &words, last_complete);
            let by_length =
                TopDocs::with_limit(limit + seen.len()).tweak_score(|segment: &SegmentReader| {
                    let lengths = label_lengths(segment);
                    move |doc: DocId, _score: Score| {
                        suggestion_rank(1.0, lengths.as_ref().map_or(0, |c| c.get_val(doc)))
                    }
                });
            let others = searcher
                .search(&*containing, &by_length)?
                .into_iter()
                .chain(self.names_starting(
                    &searcher,
                    self.fields.names_whole,
                    &key,
                    last_complete,
                    0.0,
                )?);
            for (score, address) in others {
                if seen.insert(address) {
                    ranked.push((score, address));
                }
            }
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        }
        ranked
            .into_iter()
            .take(limit)
            .map(|(score, address)| {
                let stored = StoredEntity::load(&searcher, &self.fields, address)?;
                Ok(Suggestion {
                    iri: stored.iri,
                    kind: stored.kind,
                    label: stored.label,
                    score,
                })
            })
            .collect()
    }

    /// The entities with a whole name in `field` (a `STRING` field of folded names) that starts
    /// with the folded words `key` (the last one as a prefix unless `last_complete`), ranked
    /// `class` plus the length bonus, best first, from the first [`SUGGEST_SCAN`] names of the
    /// range in each segment.
    fn names_starting(
        &self,
        searcher: &Searcher,
        field: tantivy::schema::Field,
        key: &str,
        last_complete: bool,
        class: f32,
    ) -> Result<Vec<(Score, DocAddress)>> {
        let word_start = format!("{key} ");
        let mut found = Vec::new();
        for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
            let inverted = segment.inverted_index(field)?;
            let lengths = label_lengths(segment);
            let alive = segment.alive_bitset();
            let mut stream = inverted.terms().range().ge(key.as_bytes()).into_stream()?;
            let mut scanned = 0;
            while scanned < SUGGEST_SCAN && stream.advance() {
                let term = stream.key();
                let starts = if last_complete {
                    term == key.as_bytes() || term.starts_with(word_start.as_bytes())
                } else {
                    term.starts_with(key.as_bytes())
                };
                if !starts {
                    break;
                }
                scanned += 1;
                let mut postings = inverted.read_postings_from_terminfo(
                    stream.value(),
                    tantivy::schema::IndexRecordOption::Basic,
                )?;
                let mut doc = postings.doc();
                while doc != tantivy::TERMINATED {
                    if alive.is_none_or(|a| a.is_alive(doc)) {
                        let len = lengths.as_ref().map_or(0, |c| c.get_val(doc));
                        found.push((
                            suggestion_rank(class, len),
                            DocAddress::new(segment_ord as u32, doc),
                        ));
                    }
                    doc = postings.advance();
                }
            }
        }
        found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        // An entity with two names in the range (alternatives) is suggested once.
        let mut seen = std::collections::HashSet::new();
        found.retain(|&(_, address)| seen.insert(address));
        Ok(found)
    }
}

/// A page of documents with the match count and facet counts.
struct Page<K> {
    docs: Vec<(K, DocAddress)>,
    total: usize,
    facets: FacetCounts,
}

impl<K> Page<K> {
    fn empty(total: usize, facets: FacetCounts) -> Self {
        Page {
            docs: Vec::new(),
            total,
            facets,
        }
    }
}

/// The stored fields of a hit.
struct StoredEntity {
    iri: String,
    kind: String,
    label: String,
    text: String,
    illustrative: bool,
}

impl StoredEntity {
    fn load(searcher: &Searcher, fields: &Fields, address: DocAddress) -> Result<Self> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let get = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        };
        Ok(StoredEntity {
            iri: get(fields.iri),
            kind: get(fields.kind),
            label: get(fields.label),
            text: get(fields.text),
            illustrative: doc
                .get_first(fields.illustrative)
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
        })
    }

    fn into_hit(self, snippet: String, score: f32) -> Hit {
        Hit {
            iri: self.iri,
            kind: self.kind,
            label: self.label,
            snippet,
            score,
            illustrative: self.illustrative,
        }
    }
}

fn check_query_length(q: &str) -> Result<()> {
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(Error::bad_query(format!(
            "query is longer than {MAX_QUERY_CHARS} characters"
        )));
    }
    Ok(())
}

fn snippet_generator(
    searcher: &Searcher,
    query: &dyn Query,
    field: tantivy::schema::Field,
) -> Result<SnippetGenerator> {
    let mut generator = SnippetGenerator::create(searcher, query, field)?;
    generator.set_max_num_chars(snippet::SNIPPET_BYTES);
    Ok(generator)
}

/// A query matching `words` in a row in `field`, the last word as a prefix unless
/// `last_complete`.
fn prefix_query(
    field: tantivy::schema::Field,
    words: &[String],
    last_complete: bool,
) -> Box<dyn Query> {
    let mut terms: Vec<Term> = words
        .iter()
        .map(|w| Term::from_field_text(field, w))
        .collect();
    if last_complete {
        if terms.len() == 1 {
            Box::new(tantivy::query::TermQuery::new(
                terms.remove(0),
                tantivy::schema::IndexRecordOption::Basic,
            ))
        } else {
            Box::new(PhraseQuery::new(terms))
        }
    } else {
        let mut q = PhrasePrefixQuery::new(terms);
        q.set_max_expansions(SUGGEST_EXPANSIONS);
        Box::new(q)
    }
}

/// The label lengths (in characters) of a segment's documents.
fn label_lengths(
    segment: &SegmentReader,
) -> Option<std::sync::Arc<dyn tantivy::columnar::ColumnValues<u64>>> {
    segment
        .fast_fields()
        .u64(LABEL_LEN_NAME)
        .ok()
        .map(|column| column.first_or_default_col(0))
}

/// The rank of a suggestion: its match class ([`SearchIndex::suggest`]: 3 the label starts
/// with the prefix, 1 the label contains it, 0 another name starts with it) plus a bonus in
/// `(0, 0.5]` that favours shorter labels.
fn suggestion_rank(class: f32, label_chars: u64) -> f32 {
    class + 0.5 / (1.0 + label_chars as f32)
}

#[cfg(test)]
mod tests;
