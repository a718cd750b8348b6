//! The one place errors become HTTP responses.

use gazette_app::AppError;
use thiserror::Error;

/// Messages name what failed; the cause is the `source` (see `gazette_app::ErrorChain`).
#[derive(Debug, Error)]
pub enum WebError {
    #[error("not found")]
    NotFound,
    /// The request itself cannot be read (a malformed query string or path); the text
    /// says why, in words a reader can act on.
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error(transparent)]
    App(#[from] AppError),
    #[error("cannot render a template")]
    Template(#[from] minijinja::Error),
    #[error("theme: {0}")]
    Theme(String),
    #[error("cannot listen")]
    Listen(#[source] std::io::Error),
}

impl WebError {
    pub fn status(&self) -> axum::http::StatusCode {
        use axum::http::StatusCode;
        match self {
            Self::NotFound | Self::App(AppError::NotFound) => StatusCode::NOT_FOUND,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::App(AppError::Gone { .. }) => StatusCode::GONE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}
