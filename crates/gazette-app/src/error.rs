use std::path::PathBuf;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] gazette_store::StoreError),
    #[error("cannot use the data folder {path}: {source}")]
    DataFolder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("configuration: {0}")]
    Config(String),
    #[error("not found")]
    NotFound,
    /// The story was here and is no longer shown (withdrawn by its source, or past its
    /// licence); the notice says which.
    #[error("gone: {title}")]
    Gone { title: String, notice: String },
}
