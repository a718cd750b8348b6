use thiserror::Error;

/// Why a reader could not turn a document into a story. Every variant says where and
/// why, so the person who dropped the file can fix it.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ReadError {
    #[error("line {line}: {reason}")]
    PageCopy { line: usize, reason: String },
    #[error("{0}")]
    Encoding(String),
    /// The document's syntax is broken (XML or JSON that does not parse).
    #[error("{format} syntax error {position}: {reason}")]
    Syntax {
        format: &'static str,
        /// "at line 12, column 4" or "at byte 812".
        position: String,
        reason: String,
    },
    /// Well-formed, but not a story we can read (a required part is missing or wrong).
    #[error("{format}: {reason}")]
    Invalid {
        format: &'static str,
        reason: String,
    },
    /// The document declares entities or a DTD; we never expand or fetch them.
    #[error("{format}: {reason}; documents with entity declarations are refused")]
    Forbidden {
        format: &'static str,
        reason: String,
    },
    #[error("the document nests deeper than {limit} levels")]
    TooDeep { limit: usize },
    #[error("nothing in this {format} document is a story we can read")]
    NoStory { format: &'static str },
    #[error("the file is empty")]
    Empty,
}

impl ReadError {
    pub(crate) fn at(line: usize, reason: impl Into<String>) -> Self {
        Self::PageCopy {
            line,
            reason: reason.into(),
        }
    }
}
