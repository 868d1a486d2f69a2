//! What every handler shares.

use crate::error::{ApiError, ApiResult};
use crate::kb::KnowledgeBase;
use biokg_graph::Solution;
use std::sync::Arc;
use std::time::Duration;

/// Settings the routes need at run time.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Time limit of one SPARQL query.
    pub query_timeout: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            query_timeout: Duration::from_secs(30),
        }
    }
}

/// The state of the router: the knowledge base and the settings.
#[derive(Debug, Clone)]
pub struct AppState {
    /// Store and index.
    pub kb: KnowledgeBase,
    /// Run-time settings.
    pub settings: Arc<Settings>,
}

impl AppState {
    /// State over a knowledge base with the given settings.
    pub fn new(kb: KnowledgeBase, settings: Settings) -> Self {
        Self {
            kb,
            settings: Arc::new(settings),
        }
    }

    /// Runs a SELECT of ours off the async runtime.
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
}
