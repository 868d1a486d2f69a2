//! What can go wrong in the engine: [`Error`].

use std::path::PathBuf;

/// Why the knowledge base failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store failed.
    #[error(transparent)]
    Graph(#[from] biokg_graph::Error),
    /// The index failed.
    #[error("search index: {0}")]
    Search(#[from] biokg_search::Error),
    /// An input was rejected.
    #[error(transparent)]
    Ingest(#[from] biokg_ingest::Error),
    /// The data directory cannot be created.
    #[error("{}: {source}", path.display())]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A backup or restore failed.
    #[error("{0}")]
    Backup(String),
    /// A document export (the .docx report) could not be written.
    #[error("export: {0}")]
    Export(#[from] docx_rs::DocxError),
}

/// The engine's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
