//! Errors of the graph crate: the caller's mistakes apart from ours.

use std::time::Duration;

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The SPARQL text does not parse (the caller's fault).
    #[error("sparql syntax error: {0}")]
    Syntax(#[from] oxigraph::sparql::SparqlSyntaxError),
    /// The query is valid but cannot be evaluated as asked (the caller's fault).
    #[error("query evaluation failed: {0}")]
    Evaluation(String),
    /// The query ran longer than its time limit and was cancelled.
    #[error("query cancelled after {0:?}")]
    Timeout(Duration),
    /// A dataset IRI given with the query is not an IRI (the caller's fault).
    #[error("invalid graph iri {iri:?}: {reason}")]
    BadGraphIri {
        /// The text that was given.
        iri: String,
        /// Why it is not an IRI.
        reason: String,
    },
    /// A write would change the ontology or the ingest log, which only the server writes.
    #[error("the graph {graph} is maintained by the server and cannot be written")]
    Protected {
        /// The graph (or graphs) concerned.
        graph: String,
    },
    /// The operation is valid SPARQL but this server does not run it (`LOAD`).
    #[error("{0}")]
    Refused(String),
    /// An RDF document sent to be stored does not parse (the caller's fault).
    #[error("invalid rdf payload: {0}")]
    BadPayload(String),
    /// The store is held by another process (RocksDB's lock).
    #[error(
        "the store at {path} is in use by another process (stop the server before ingesting, or ingest through the server)"
    )]
    Locked {
        /// The store directory.
        path: String,
    },
    /// RocksDB or the file system failed (our fault).
    #[error("storage error: {0}")]
    Storage(#[from] oxigraph::store::StorageError),
    /// The bundled ontology or an RDF payload could not be read.
    #[error("rdf parse error: {0}")]
    RdfParse(String),
    /// Writing results failed.
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    /// Whether the caller caused this error (bad query, bad IRI) rather than the system.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Self::Syntax(_)
                | Self::Evaluation(_)
                | Self::BadGraphIri { .. }
                | Self::Protected { .. }
                | Self::Refused(_)
                | Self::BadPayload(_)
        )
    }
}

/// Results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
