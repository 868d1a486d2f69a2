//! What every handler shares: the knowledge base, the settings, the SPARQL gate, the result
//! cache, the metrics and the rate limiter.

use crate::auth::{ReportTokens, WriteToken};
use crate::cache::QueryCache;
use crate::error::{ApiError, ApiResult};
use crate::limits::{QueryGate, Rate, RateLimiter};
use crate::metrics::Metrics;
use biokg_engine::{KnowledgeBase, Reader};
use biokg_graph::Solution;
use std::sync::Arc;
use std::time::Duration;

/// Default largest request body: 10 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

/// Settings the routes need at run time.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Time limit of one SPARQL query or update.
    pub query_timeout: Duration,
    /// SPARQL queries and updates evaluated at once; more wait for a slot.
    pub max_concurrent_queries: usize,
    /// How long a SPARQL request waits for a slot before a 503.
    pub queue_timeout: Duration,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// The bearer token that allows writes; `None` turns writes off.
    pub write_token: Option<WriteToken>,
    /// The agencies' report tokens (each uploads its own agency's reports).
    pub report_tokens: Arc<ReportTokens>,
    /// Requests per second (and burst) allowed per client address; `None` for no limit.
    pub rate_limit: Option<Rate>,
    /// Bytes of SPARQL answers kept for repeated queries; 0 turns the cache off.
    pub query_cache_bytes: u64,
}

/// Twice the cores, or 4 when the number of cores is unknown.
pub fn default_concurrency() -> usize {
    std::thread::available_parallelism().map_or(4, |n| n.get() * 2)
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            query_timeout: Duration::from_secs(30),
            max_concurrent_queries: default_concurrency(),
            queue_timeout: Duration::from_secs(2),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            write_token: None,
            report_tokens: Arc::default(),
            rate_limit: None,
            query_cache_bytes: crate::cache::DEFAULT_CAPACITY_BYTES,
        }
    }
}

/// The state of the router.
#[derive(Debug, Clone)]
pub struct AppState {
    /// Store and index.
    pub kb: KnowledgeBase,
    /// Run-time settings.
    pub settings: Arc<Settings>,
    /// Admission of SPARQL evaluations.
    pub gate: QueryGate,
    /// SPARQL answers of the current store generation.
    pub cache: Arc<QueryCache>,
    /// Counters and histograms for `/metrics`.
    pub metrics: Arc<Metrics>,
    /// The per-client rate limit, when configured.
    pub limiter: Option<Arc<RateLimiter>>,
}

impl AppState {
    /// State over a knowledge base with the given settings.
    pub fn new(kb: KnowledgeBase, settings: Settings) -> Self {
        Self {
            kb,
            gate: QueryGate::new(settings.max_concurrent_queries, settings.queue_timeout),
            limiter: settings.rate_limit.map(|r| Arc::new(RateLimiter::new(r))),
            cache: Arc::new(QueryCache::new(settings.query_cache_bytes)),
            settings: Arc::new(settings),
            metrics: Arc::new(Metrics::default()),
        }
    }

    /// Runs a SELECT of ours off the async runtime. Our own queries are small and bounded,
    /// so they do not take a SPARQL slot and stay fast while clients' queries queue.
    ///
    /// # Errors
    /// As `GraphStore::select`.
    pub async fn select(&self, sparql: String) -> ApiResult<Vec<Solution>> {
        let kb = self.kb.clone();
        let timeout = self.settings.query_timeout;
        tokio::task::spawn_blocking(move || kb.graph().select(&sparql, timeout))
            .await?
            .map_err(ApiError::from)
    }

    /// Runs a read of the engine's read models off the async runtime, with the query time
    /// limit; like [`AppState::select`], it takes no SPARQL slot.
    ///
    /// # Errors
    /// The engine's errors.
    pub async fn read<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Reader<'_>) -> biokg_engine::Result<T> + Send + 'static,
    {
        let kb = self.kb.clone();
        let timeout = self.settings.query_timeout;
        tokio::task::spawn_blocking(move || f(&Reader::new(&kb, timeout)))
            .await?
            .map_err(ApiError::from)
    }
}
