//! `/media/<sha256>.<ext>`: the wire pictures Gazette copied, served from the data
//! folder. A name is its content's hash, so a file never changes: it is cached for a
//! year, its ETag is the hash, and only names of that exact shape are looked up.

use crate::site::{bad_path, SharedSite};
use crate::WebError;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use gazette_app::MediaName;

const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");

#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn media_file(
    State(site): State<SharedSite>,
    name: Result<Path<String>, PathRejection>,
    request: HeaderMap,
) -> Response {
    let name = match name {
        Ok(Path(name)) => name,
        Err(rejection) => return site.error_page(&bad_path(rejection), &request),
    };
    let Some(media) = MediaName::parse(&name) else {
        return site.error_page(&WebError::NotFound, &request);
    };
    let etag = HeaderValue::from_str(&format!("\"{}\"", media.sha256()))
        .expect("hex digits make a valid header");
    let headers = [
        (header::ETAG, etag.clone()),
        (header::CACHE_CONTROL, IMMUTABLE),
    ];
    // Asked again only by a client that lost track of "immutable"; the hash is the
    // content, so a match needs no look at the file.
    if matches_etag(&request, &etag) {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    match site.app.media_file(&media).await {
        Ok(Some(bytes)) => (
            headers,
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(media.content_type()),
                ),
                (
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => site.error_page(&WebError::NotFound, &request),
        Err(error) => site.error_page(&WebError::App(error), &request),
    }
}

/// RFC 9110 §13.1.2: a weak comparison, any tag of the list, or `*`.
fn matches_etag(request: &HeaderMap, etag: &HeaderValue) -> bool {
    let Some(asked) = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let ours = etag.to_str().unwrap_or_default();
    asked
        .split(',')
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag == "*" || tag == ours)
}
