//! The one place errors become HTTP responses.

use gazette_app::AppError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum WebError {
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    App(#[from] AppError),
    #[error("template: {0}")]
    Template(#[from] minijinja::Error),
    #[error("theme: {0}")]
    Theme(String),
    #[error("cannot listen: {0}")]
    Listen(#[source] std::io::Error),
}

impl WebError {
    pub fn status(&self) -> axum::http::StatusCode {
        use axum::http::StatusCode;
        match self {
            Self::NotFound | Self::App(AppError::NotFound) => StatusCode::NOT_FOUND,
            Self::App(AppError::Gone { .. }) => StatusCode::GONE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}
