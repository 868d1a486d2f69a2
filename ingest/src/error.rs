//! Errors of the ingestors: what is wrong with an input, said with its file and line.

use std::path::PathBuf;

/// Why a source could not be loaded. Nothing is loaded when any of these happens.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file cannot be read.
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not UTF-8 text.
    #[error("{file}:{line}: encoding: {reason}")]
    Encoding {
        /// The file name.
        file: String,
        /// The first line with a bad byte.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// The plan text cannot be read as a plan.
    #[error("{file}: {source}")]
    Plan {
        /// The file name.
        file: String,
        /// What the parser found.
        source: crate::plan::PlanError,
    },
    /// The source name given for IRIs is unusable.
    #[error("invalid source name {0:?}: use letters, digits and '-'")]
    BadName(String),
}

/// Results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
