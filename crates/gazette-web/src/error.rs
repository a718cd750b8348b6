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

/// What the API answers instead of a result. Rendered as RFC 9457 problem details.
#[derive(Debug, Error)]
pub enum ApiError {
    #[error("no bearer token")]
    MissingToken,
    #[error("unknown or revoked token")]
    UnknownToken,
    #[error("the document is larger than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("the document was rejected")]
    Rejected {
        reports: Vec<gazette_app::IngestReport>,
    },
    #[error(transparent)]
    App(#[from] AppError),
}

impl axum::response::IntoResponse for ApiError {
    fn into_response(self) -> axum::response::Response {
        use axum::http::{header, HeaderValue, StatusCode};
        match self {
            Self::MissingToken | Self::UnknownToken => {
                let detail = match self {
                    Self::MissingToken => {
                        "Send the source's token as `Authorization: Bearer <token>`; \
                         `gazette token create --source NAME` makes one."
                    }
                    _ => {
                        "This token is not known: it may have been revoked. \
                          `gazette token list` shows the tokens in use."
                    }
                };
                let mut response =
                    problem(StatusCode::UNAUTHORIZED, &self.to_string(), detail, None);
                response.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"gazette\""),
                );
                response
            }
            Self::TooLarge { limit } => problem(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Document too large",
                &format!(
                    "The limit is {limit} bytes (ingest.max_file_bytes in the configuration)."
                ),
                None,
            ),
            Self::Rejected { reports } => {
                let detail = reports
                    .iter()
                    .filter_map(|r| r.error.as_deref())
                    .collect::<Vec<_>>()
                    .join("; ");
                problem(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "The document was rejected",
                    &detail,
                    Some(crate::api::reports_json(&reports)),
                )
            }
            Self::App(error) => {
                tracing::error!(%error, "API request failed");
                problem(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong",
                    "The request could not be completed. Please try again in a moment.",
                    None,
                )
            }
        }
    }
}

/// An RFC 9457 problem details response: `title` says what went wrong, `detail` what
/// to do about it; `reports` carries the per-item reports of an ingest.
pub(crate) fn problem(
    status: axum::http::StatusCode,
    title: &str,
    detail: &str,
    reports: Option<serde_json::Value>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let mut body = serde_json::json!({
        "type": "about:blank",
        "title": title,
        "status": status.as_u16(),
        "detail": detail,
    });
    if let (Some(reports), Some(object)) = (reports, body.as_object_mut()) {
        object.insert("reports".into(), reports);
    }
    (
        status,
        [(axum::http::header::CONTENT_TYPE, "application/problem+json")],
        body.to_string(),
    )
        .into_response()
}
