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
    /// A URL that cannot be fetched: not http or https, or not a URL at all.
    #[error("{url}: url: {reason}")]
    BadUrl {
        /// The URL as given.
        url: String,
        /// What is wrong.
        reason: String,
    },
    /// A request failed without an HTTP answer (connection refused, timeout, TLS), after every
    /// retry.
    #[error("{url}: request: {reason}{}", after(*attempts))]
    Http {
        /// The URL requested.
        url: String,
        /// Attempts made.
        attempts: u32,
        /// The last failure.
        reason: String,
    },
    /// The server answered with an error status: at once for 4xx, after every retry for 429
    /// and 5xx.
    #[error("{url}: status: HTTP {status}{}", after(*attempts))]
    HttpStatus {
        /// The URL requested.
        url: String,
        /// The last status.
        status: u16,
        /// Attempts made.
        attempts: u32,
    },
    /// A response body is larger than the limit; reading stopped at the limit.
    #[error("{url}: body: larger than the limit of {limit} bytes")]
    TooLarge {
        /// The URL requested.
        url: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// A response is not what the API promises: not JSON, or a field missing or of another type.
    #[error("{url}: {field}: {reason}")]
    BadResponse {
        /// The URL requested.
        url: String,
        /// The field, as a JSON path (`usageKey`, `results[3].gbifID`).
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// A remote file whose format cannot be told from its Content-Type or its name.
    #[error("{url}: format: cannot tell the format from the content type ({}) or the file name {file_name:?}", media_type.as_deref().unwrap_or("none"))]
    UnknownFormat {
        /// The URL fetched.
        url: String,
        /// The Content-Type sent, without parameters.
        media_type: Option<String>,
        /// The file name taken from the URL.
        file_name: String,
    },
    /// The response cache cannot be read or written.
    #[error("{}: cache: {source}", path.display())]
    Cache {
        /// The cache file or folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// ` (after N attempts)` when a request was retried.
fn after(attempts: u32) -> String {
    if attempts > 1 {
        format!(" (after {attempts} attempts)")
    } else {
        String::new()
    }
}

/// Results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
