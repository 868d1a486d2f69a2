//! Why a text could not be read as a plan. All of these are the input's fault.

/// A text that is not a readable plan.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The text has no content at all.
    #[error("empty input: the text has no content")]
    Empty,
    /// The text is not a plan in the official layout (no task appendix, no task row).
    #[error("not a plan: {reason}")]
    NotAPlan {
        /// What is missing.
        reason: String,
    },
    /// A row or a part of the plan cannot be read.
    #[error("line {line}: {field}: {reason}")]
    Malformed {
        /// Line of the input.
        line: usize,
        /// The field concerned ("text", "lead", "table", …).
        field: String,
        /// What is wrong.
        reason: String,
    },
}

impl PlanError {
    pub(crate) fn malformed(line: usize, field: &str, reason: impl Into<String>) -> Self {
        Self::Malformed {
            line,
            field: field.to_owned(),
            reason: reason.into(),
        }
    }
}
