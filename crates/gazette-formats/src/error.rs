use thiserror::Error;

/// Why a reader could not turn a document into a story. Every variant says where and
/// why, so the person who dropped the file can fix it.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ReadError {
    #[error("line {line}: {reason}")]
    PageCopy { line: usize, reason: String },
    #[error("{0}")]
    Encoding(String),
    #[error("{0} is not supported yet; Gazette reads page copy (plain text) for now")]
    UnsupportedFormat(&'static str),
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
