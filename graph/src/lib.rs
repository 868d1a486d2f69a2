//! The store of BioKG Lào Cai: [`GraphStore`] wraps an embedded Oxigraph store.
//!
//! One named graph per source, replaced atomically on re-ingest together with the source's
//! entry in the ingest log and the store's generation number; SPARQL queries run with a time
//! limit that really cancels the evaluation. Nothing here knows about HTTP: callers pick a
//! result [`Format`] and get bytes back. Full-text search is reachable from SPARQL through a
//! `SERVICE` ([`text`]) backed by whatever implements [`text::TextSearch`]. Writes from clients
//! (SPARQL Update, the Graph Store Protocol) go through [`PreparedUpdate`] and
//! [`GraphStore::update`], which keep the ontology and ingest-log graphs out of their reach.

mod error;
mod query;
mod store;
pub mod text;
mod watchdog;
mod write;

pub use error::{Error, Result};
pub use query::{Dataset, Format, PreparedQuery, QueryKind, Solution};
pub use store::{BULK_LOAD_QUADS, BulkSource, GraphStore, PROGRESS_STEP, SourceInfo, SourceUpdate};
pub use write::{PreparedUpdate, Touched, WriteOutcome, is_protected, parse_graph};

pub use oxigraph::io::RdfFormat;
pub use oxigraph::model;
pub use oxigraph::sparql::results::QueryResultsFormat;
