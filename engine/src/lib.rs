//! The engine of BioKG Lào Cai: [`KnowledgeBase`], the store and the search index of one data
//! directory kept in step, which the command line and the HTTP server share.
//!
//! Every write goes through a [`KnowledgeBase`]: a source's validated quads (from
//! `biokg-ingest`) replace its named graph in the store, then its search documents
//! ([`documents`], the mapping of the graph onto the index) replace the old ones in the index.
//! The engine also knows the sources shipped with the binary ([`bundled`]), takes and restores
//! consistent backups ([`backup`]), and answers the typed read models the pages and the JSON API
//! show, and writes the consolidated monitoring report as a Word document ([`export`]). It
//! knows nothing of HTTP: `biokg-server` serves it, and benchmarks and tests use it
//! without linking a web framework.

pub mod backup;
pub mod bundled;
pub mod calendar;
pub mod documents;
mod error;
pub mod export;
pub mod kb;
pub mod progress;
pub mod read;

pub use error::{Error, Result};
pub use kb::{DEFAULT_GRAPH_SOURCE, IngestOptions, KnowledgeBase, OpenReport, ShapesView};
pub use read::Reader;
