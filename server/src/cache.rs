//! [`QueryCache`]: serialized SPARQL results, keyed on the store generation.
//!
//! Analysts and dashboards send the same queries again and again; between two writes their
//! answers cannot change. Every write bumps the store generation, and the generation is part
//! of the key, so a write invalidates every entry at once: a lookup at a newer generation
//! than the cache has seen empties it, and an answer computed at an older one is never
//! stored.
//!
//! Only an answer that is a function of the store's content is kept: queries that call
//! `NOW()`, `RAND()`, `UUID()`, `STRUUID()` or `BNODE()` are evaluated every time. The search
//! `SERVICE` reads the index, which is committed just after the store, so an answer is stored
//! only when the knowledge base says both reflect the generation ([`biokg_engine::KnowledgeBase::settled`]).
//!
//! The cache is bounded in bytes (the query text, the graph IRIs and the serialized answer of
//! each entry), evicts with `quick_cache`'s scan-resistant policy, and never stores an answer
//! larger than an eighth of its capacity, so one large export cannot flush the rest.

use axum::body::Bytes;
use biokg_graph::Dataset;
use quick_cache::Weighter;
use quick_cache::sync::Cache;
use std::sync::atomic::{AtomicU64, Ordering};

/// Default capacity: 64 MiB.
pub const DEFAULT_CAPACITY_BYTES: u64 = 64 * 1024 * 1024;

/// What an answer is looked up by.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    generation: u64,
    query: String,
    default_graphs: Vec<String>,
    named_graphs: Vec<String>,
    /// The negotiated media type: one per result format.
    media: &'static str,
}

impl Key {
    /// The key of `query` over `dataset` at `generation`, serialized as `media`.
    pub fn new(generation: u64, query: &str, dataset: &Dataset, media: &'static str) -> Self {
        Self {
            generation,
            query: query.to_owned(),
            default_graphs: dataset.default_graphs.clone(),
            named_graphs: dataset.named_graphs.clone(),
            media,
        }
    }

    /// The store generation the answer is of.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    fn bytes(&self) -> u64 {
        let graphs: usize = self
            .default_graphs
            .iter()
            .chain(&self.named_graphs)
            .map(String::len)
            .sum();
        (self.query.len() + graphs) as u64
    }
}

/// Entries' weight: their bytes plus a fixed overhead for the map slot and the key's vectors.
#[derive(Debug, Clone)]
struct ByBytes;

const ENTRY_OVERHEAD: u64 = 128;

impl Weighter<Key, Bytes> for ByBytes {
    fn weight(&self, key: &Key, value: &Bytes) -> u64 {
        key.bytes() + value.len() as u64 + ENTRY_OVERHEAD
    }
}

/// The result cache shared by every request.
pub struct QueryCache {
    /// `None` when the capacity is 0: caching off.
    entries: Option<Cache<Key, Bytes, ByBytes>>,
    capacity: u64,
    /// The newest generation a lookup has seen.
    generation: AtomicU64,
    hits: AtomicU64,
    misses: AtomicU64,
    /// Answers not stored: too large, not deterministic, or computed while a write ran.
    skipped: AtomicU64,
}

impl std::fmt::Debug for QueryCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueryCache")
            .field("capacity", &self.capacity)
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

/// Counters for `/metrics`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Answers served from the cache.
    pub hits: u64,
    /// Lookups that found nothing.
    pub misses: u64,
    /// Answers evaluated but not stored.
    pub skipped: u64,
    /// Entries held now.
    pub entries: u64,
    /// Bytes held now (by the weight of each entry).
    pub bytes: u64,
    /// The most bytes it holds.
    pub capacity: u64,
}

impl QueryCache {
    /// A cache of at most `capacity` bytes; 0 turns caching off.
    pub fn new(capacity: u64) -> Self {
        // quick_cache sizes its shards from an estimate of the number of items: assume
        // answers of about 4 KiB, the size of a page of JSON bindings.
        let entries = (capacity > 0).then(|| {
            let estimated = usize::try_from((capacity / 4096).max(16)).unwrap_or(usize::MAX);
            Cache::with_weighter(estimated, capacity, ByBytes)
        });
        Self {
            entries,
            capacity,
            generation: AtomicU64::new(0),
            hits: AtomicU64::default(),
            misses: AtomicU64::default(),
            skipped: AtomicU64::default(),
        }
    }

    /// Whether caching is on.
    pub fn enabled(&self) -> bool {
        self.entries.is_some()
    }

    /// The answer stored under `key`. A key of a newer generation than any seen before empties
    /// the cache first: every entry it holds is of an older store.
    pub fn get(&self, key: &Key) -> Option<Bytes> {
        let entries = self.entries.as_ref()?;
        let seen = self.generation.fetch_max(key.generation, Ordering::AcqRel);
        if seen < key.generation {
            entries.clear();
        }
        let found = entries.get(key);
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// Stores `answer` under `key` when it may be: `settled` says store and index were both
    /// at the key's generation when the query started, and the answer fits.
    pub fn put(&self, key: Key, answer: Bytes, settled: bool) {
        let Some(entries) = &self.entries else { return };
        let weight = ByBytes.weight(&key, &answer);
        if !settled
            || weight > self.capacity / 8
            || key.generation < self.generation.load(Ordering::Acquire)
        {
            self.skipped.fetch_add(1, Ordering::Relaxed);
            return;
        }
        entries.insert(key, answer);
    }

    /// Counts an answer that was not looked up because its query is not deterministic.
    pub fn bypass(&self) {
        if self.enabled() {
            self.skipped.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Counters and sizes.
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            skipped: self.skipped.load(Ordering::Relaxed),
            entries: self.entries.as_ref().map_or(0, |e| e.len() as u64),
            bytes: self.entries.as_ref().map_or(0, Cache::weight),
            capacity: self.capacity,
        }
    }
}

/// Whether the answer to `query` depends only on the store: it calls none of SPARQL's
/// functions whose value changes from one evaluation to the next (`NOW`, `RAND`, `UUID`,
/// `STRUUID`, `BNODE`). The test is on the text, word by word, so a word inside a string or a
/// comment also counts: that only costs a cache miss.
pub fn deterministic(query: &str) -> bool {
    const VOLATILE: [&str; 5] = ["now", "rand", "uuid", "struuid", "bnode"];
    let bytes = query.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        // A word right after `:` or `?`/`$` is a local name or a variable, not a function.
        let prefixed = start > 0 && matches!(bytes[start - 1], b':' | b'?' | b'$');
        let word = &query[start..i];
        if !prefixed && VOLATILE.iter().any(|v| word.eq_ignore_ascii_case(v)) {
            let next = bytes[i..].iter().find(|b| !b.is_ascii_whitespace());
            if next == Some(&b'(') {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(generation: u64, query: &str) -> Key {
        Key::new(
            generation,
            query,
            &Dataset::default(),
            "application/sparql-results+json",
        )
    }

    #[test]
    fn an_answer_is_found_at_its_generation_only() {
        let c = QueryCache::new(1 << 20);
        assert_eq!(c.get(&key(3, "ASK {}")), None);
        c.put(key(3, "ASK {}"), Bytes::from_static(b"true"), true);
        assert_eq!(c.get(&key(3, "ASK {}")).as_deref(), Some(&b"true"[..]));
        // Another format or dataset is another answer.
        let xml = Key::new(
            3,
            "ASK {}",
            &Dataset::default(),
            "application/sparql-results+xml",
        );
        assert_eq!(c.get(&xml), None);
        let dataset = Dataset {
            default_graphs: vec!["http://example.org/g".into()],
            named_graphs: Vec::new(),
        };
        let other = Key::new(3, "ASK {}", &dataset, "application/sparql-results+json");
        assert_eq!(c.get(&other), None);
        let s = c.stats();
        assert_eq!((s.hits, s.misses, s.entries), (1, 3, 1));
        assert_eq!(s.bytes, 6 + 4 + ENTRY_OVERHEAD);
    }

    #[test]
    fn a_newer_generation_empties_the_cache_and_older_answers_are_not_stored() {
        let c = QueryCache::new(1 << 20);
        c.put(key(3, "q1"), Bytes::from_static(b"a"), true);
        c.put(key(3, "q2"), Bytes::from_static(b"b"), true);
        assert_eq!(c.stats().entries, 2);
        assert_eq!(c.get(&key(4, "q1")), None);
        assert_eq!(c.stats().entries, 0);
        // A query that started before the write finishes after it: its answer is not kept.
        c.put(key(3, "q1"), Bytes::from_static(b"a"), true);
        assert_eq!(c.stats().entries, 0);
        assert_eq!(c.stats().skipped, 1);
        assert_eq!(c.get(&key(3, "q1")), None);
    }

    #[test]
    fn unsettled_large_and_disabled_answers_are_not_stored() {
        let c = QueryCache::new(8 * 1024);
        c.put(key(1, "q"), Bytes::from_static(b"x"), false);
        c.put(key(1, "big"), Bytes::from(vec![b'x'; 2000]), true);
        assert_eq!(c.stats().entries, 0);
        assert_eq!(c.stats().skipped, 2);
        c.put(key(1, "small"), Bytes::from(vec![b'x'; 500]), true);
        assert_eq!(c.stats().entries, 1);

        let off = QueryCache::new(0);
        assert!(!off.enabled());
        off.put(key(1, "q"), Bytes::from_static(b"x"), true);
        assert_eq!(off.get(&key(1, "q")), None);
        assert_eq!(off.stats(), CacheStats::default());
    }

    #[test]
    fn the_cache_stays_within_its_capacity() {
        let c = QueryCache::new(64 * 1024);
        for i in 0..1000 {
            c.put(
                key(1, &format!("SELECT * WHERE {{ ?s ?p {i} }}")),
                Bytes::from(vec![b'x'; 1000]),
                true,
            );
        }
        let s = c.stats();
        assert!(s.bytes <= 64 * 1024, "{s:?}");
        assert!(s.entries > 10 && s.entries < 1000, "{s:?}");
    }

    #[test]
    fn volatile_functions_make_a_query_non_deterministic() {
        for q in [
            "SELECT (NOW() AS ?t) {}",
            "SELECT ?s { ?s ?p ?o } ORDER BY rand ()",
            "SELECT (UUID() AS ?u) {}",
            "SELECT (struuid() AS ?u) {}",
            "CONSTRUCT { ?s <p> ?b } WHERE { ?s ?p ?o BIND(BNODE() AS ?b) }",
        ] {
            assert!(!deterministic(q), "{q}");
        }
        for q in [
            "SELECT ?now { ?now ?p ?o }",
            "SELECT ?s { ?s ex:rand ?o }",
            "SELECT ?s { ?s ?p \"random\" }",
            "SELECT (COUNT(*) AS ?n) { ?s a <http://example.org/Uuid> }",
            "SELECT ?s { ?s ?p ?o } LIMIT 10",
        ] {
            assert!(deterministic(q), "{q}");
        }
    }
}
