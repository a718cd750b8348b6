//! The JSON API under /api/v1: HTTP push of wire documents by sources that hold a token
//! (`gazette token create`), reader accounts, and comments.

use crate::error::{problem, ApiError};
use crate::site::Site;
use axum::body::{to_bytes, Body};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use gazette_app::{IngestReport, IngestStatus};
use std::sync::Arc;

/// Comment and account requests carry a few kilobytes of JSON at most (a comment is at
/// most 10,000 characters); ingest reads its own, larger limit.
pub(crate) const JSON_BODY_LIMIT: usize = 64 * 1024;

/// The API's OpenAPI 3.1 description, written by hand beside the handlers it describes;
/// a test calls every operation it lists.
const OPENAPI: &str = include_str!("../api/openapi.json");

async fn openapi() -> impl axum::response::IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        OPENAPI,
    )
}

pub(crate) fn router(site: Arc<Site>) -> Router<Arc<Site>> {
    Router::new()
        .route("/ingest", post(push))
        .route("/openapi.json", axum::routing::get(openapi))
        .merge(crate::readers::router())
        .merge(crate::comments::router())
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            site,
            crate::readers::refuse_foreign_origins,
        ))
        .fallback(|| async {
            problem(
                StatusCode::NOT_FOUND,
                "No such API endpoint",
                "See the README for the endpoints Gazette offers.",
                None,
            )
        })
}

/// `POST /api/v1/ingest`: the document is the body, the source is the token's. Answers
/// as `gazette ingest --json` does: one report, or a list when the document held
/// several items.
#[tracing::instrument(skip_all)]
async fn push(State(site): State<Arc<Site>>, headers: HeaderMap, body: Body) -> Response {
    match accept_push(&site, &headers, body).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn accept_push(site: &Site, headers: &HeaderMap, body: Body) -> Result<Response, ApiError> {
    let token = bearer_token(headers).ok_or(ApiError::MissingToken)?;
    let source = site
        .app
        .source_of_token(token)
        .await?
        .ok_or(ApiError::UnknownToken)?;
    let limit = site.app.config().ingest.max_file_bytes;
    let limit_usize = usize::try_from(limit).unwrap_or(usize::MAX);
    let bytes = to_bytes(body, limit_usize)
        .await
        .map_err(|_| ApiError::TooLarge { limit })?;
    let reports = site
        .app
        .ingest_document(&source, "POST /api/v1/ingest", &bytes)
        .await;
    // The pusher reads what it pushed at once (a kill leaves every list before the
    // answer), without waiting for the change log's follower.
    for url in reports.iter().filter_map(|r| r.url.as_deref()) {
        if let Some(slug) = url.strip_prefix("/articles/") {
            site.cache.story_changed(slug);
        }
    }
    if reports.iter().all(|r| r.status == IngestStatus::Rejected) {
        return Err(ApiError::Rejected { reports });
    }
    let any = |status| reports.iter().any(|r| r.status == status);
    let status = if any(IngestStatus::Published) {
        StatusCode::CREATED
    } else if any(IngestStatus::Held) || any(IngestStatus::Stored) {
        // Taken, and waiting: for an editor, an embargo, or the source.
        StatusCode::ACCEPTED
    } else {
        StatusCode::OK
    };
    Ok(match reports.as_slice() {
        [one] => (status, Json(one)).into_response(),
        several => (status, Json(several)).into_response(),
    })
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// The reports of a rejected document, for the problem body.
pub(crate) fn reports_json(reports: &[IngestReport]) -> serde_json::Value {
    serde_json::to_value(reports).unwrap_or_default()
}
