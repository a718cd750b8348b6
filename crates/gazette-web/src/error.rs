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
    #[error("not logged in")]
    NotLoggedIn,
    /// A request that would change something came from a page of another site.
    #[error("request from a foreign origin")]
    ForeignOrigin,
    #[error("the request body is not the JSON this endpoint takes")]
    BadJson(String),
    #[error("the request body is too large")]
    BodyTooLarge,
    #[error("the query string is wrong")]
    BadQuery(String),
    #[error("too many requests")]
    RateLimited { retry_after: std::time::Duration },
    #[error("cannot write the answer as JSON")]
    Serialise(#[source] serde_json::Error),
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
            Self::NotLoggedIn => problem(
                StatusCode::UNAUTHORIZED,
                "Not logged in",
                "Log in (POST /api/v1/auth/login) or sign up (POST /api/v1/auth/signup) first.",
                None,
            ),
            Self::ForeignOrigin => problem(
                StatusCode::FORBIDDEN,
                "Request from another site refused",
                "Requests that change something must come from this site's own pages (or an \
                 allowed embed origin) and say so in their Origin header.",
                None,
            ),
            Self::BadJson(ref reason) | Self::BadQuery(ref reason) => {
                problem(StatusCode::BAD_REQUEST, &self.to_string(), reason, None)
            }
            Self::BodyTooLarge => problem(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Request body too large",
                &format!(
                    "This endpoint takes at most {} KiB; a comment has at most {} characters.",
                    crate::api::JSON_BODY_LIMIT / 1024,
                    gazette_app::MAX_COMMENT_CHARS
                ),
                None,
            ),
            Self::RateLimited { retry_after } => {
                let seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
                let mut response = problem(
                    StatusCode::TOO_MANY_REQUESTS,
                    "Too many requests",
                    &format!("Please wait {seconds} seconds before trying again."),
                    None,
                );
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
                response
            }
            Self::Serialise(ref error) => server_problem(error),
            Self::App(error) => app_problem(error),
        }
    }
}

/// A failure of ours: logged with its cause, answered without it.
fn server_problem(error: &(dyn std::error::Error + 'static)) -> axum::response::Response {
    let chain = gazette_app::ErrorChain(error);
    tracing::error!(error = %chain, "API request failed");
    problem(
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        "The request could not be completed. Please try again in a moment.",
        None,
    )
}

/// A use case's refusal as readers are told it, by the API and by the site's forms.
pub(crate) struct Refusal {
    pub(crate) status: axum::http::StatusCode,
    pub(crate) title: &'static str,
    pub(crate) detail: String,
}

/// The one mapping of the use cases' errors to answers: a refusal says what to do
/// differently; `None` is a failure of ours, to be logged and not shown.
pub(crate) fn refusal_of(error: &AppError) -> Option<Refusal> {
    use axum::http::StatusCode;
    use gazette_app::CommentRefusal;
    let (status, title) = match error {
        AppError::NotFound => (StatusCode::NOT_FOUND, "Not found"),
        AppError::Gone { .. } => (StatusCode::GONE, "Gone"),
        AppError::AccountRefused(_) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "The account cannot be made",
        ),
        AppError::EmailTaken => (StatusCode::CONFLICT, "Email already registered"),
        AppError::LoginFailed => (StatusCode::UNAUTHORIZED, "Login failed"),
        AppError::Forbidden(_) => (StatusCode::FORBIDDEN, "Not allowed"),
        AppError::CommentNotSaved => {
            return Some(Refusal {
                status: StatusCode::SERVICE_UNAVAILABLE,
                title: "The comment could not be saved",
                detail: "Nothing was posted. Please try again in a moment.".to_owned(),
            })
        }
        AppError::CommentRefused(reason) => {
            let status = match reason {
                CommentRefusal::Closed(_) => StatusCode::CONFLICT,
                CommentRefusal::NotAuthor
                | CommentRefusal::EditWindowPassed { .. }
                | CommentRefusal::OwnComment => StatusCode::FORBIDDEN,
                CommentRefusal::Empty
                | CommentRefusal::TooLong { .. }
                | CommentRefusal::NoSuchParent
                | CommentRefusal::Deleted => StatusCode::UNPROCESSABLE_ENTITY,
            };
            (status, "The comment was refused")
        }
        _ => return None,
    };
    Some(Refusal {
        status,
        title,
        detail: error.to_string(),
    })
}

fn app_problem(error: AppError) -> axum::response::Response {
    match refusal_of(&error) {
        Some(refusal) => problem(refusal.status, refusal.title, &refusal.detail, None),
        None => server_problem(&error),
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
