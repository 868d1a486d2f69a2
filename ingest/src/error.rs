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
    /// A folder source lacks a file it needs, or has one too many.
    #[error("{folder}: {reason}")]
    Folder {
        /// The folder (or source) name.
        folder: String,
        /// What is missing or ambiguous.
        reason: String,
    },
    /// The file's extension names no RDF syntax the ingestor reads.
    #[error(
        "{file}: unknown RDF syntax: use .ttl, .nt, .nq, .trig, .rdf, .xml, .owl, .jsonld or .json"
    )]
    Format {
        /// The file name.
        file: String,
    },
    /// An RDF file does not parse: the first syntax error.
    #[error("{file}:{line}:{column}: syntax: {reason}")]
    Syntax {
        /// The file name.
        file: String,
        /// The line (1-based) of the error.
        line: usize,
        /// The column (1-based, in characters) of the error.
        column: usize,
        /// What the parser found.
        reason: String,
    },
    /// Values of the input are missing, malformed or refer to nothing: every problem found,
    /// one per line, in file and line order.
    #[error("{}", Problem::list(.0))]
    Invalid(Vec<Problem>),
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

/// One thing wrong with an input, said as `file:line: field: reason`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The file name (for a folder source, its path inside the folder).
    pub file: String,
    /// The line (1-based) of the value, or of the object that lacks it.
    pub line: usize,
    /// The field: a column name, a JSON path (`Wards[3].Code`, `$` for the whole document), or
    /// `encoding` / `json` for a file that cannot be read at all.
    pub field: String,
    /// What is wrong.
    pub reason: String,
}

impl Problem {
    fn list(problems: &[Problem]) -> String {
        problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file, self.line, self.field, self.reason
        )
    }
}

/// Results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
