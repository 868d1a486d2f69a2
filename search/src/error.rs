//! The crate's error type: the user's fault apart from ours.

/// Everything that can go wrong in the search crate.
///
/// [`Error::BadQuery`] is the caller's fault (the HTTP layer maps it to a 400); every other
/// variant is ours (I/O, a damaged index) and its text is for the logs, not for users.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request cannot be run as given: empty or too long query, limit or offset out of range.
    #[error("bad query: {reason}")]
    BadQuery {
        /// What is wrong with the request, in words a user can act on.
        reason: String,
    },
    /// The index could not be read or written.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// A file or directory of the index could not be opened or created.
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    /// A synonym list does not follow its format; every problem, one per entry, as
    /// `file:line: field: reason`.
    #[error("bad synonym list:\n{}", problems.join("\n"))]
    BadSynonyms {
        /// The problems, in line order.
        problems: Vec<String>,
    },
    /// The commit payload that records the store generation is not what this crate writes.
    #[error("corrupt index metadata: {0}")]
    CorruptMeta(String),
}

impl Error {
    /// Builds a [`Error::BadQuery`] with the given reason.
    pub(crate) fn bad_query(reason: impl Into<String>) -> Self {
        Error::BadQuery {
            reason: reason.into(),
        }
    }

    /// Whether the error is the caller's fault (a bad request) rather than ours.
    pub fn is_user_error(&self) -> bool {
        matches!(self, Error::BadQuery { .. })
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
