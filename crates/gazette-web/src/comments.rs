//! The comment endpoints of the JSON API: a story's thread, posting and replying,
//! editing, deleting, voting and reporting.

use crate::cache::RenderedPage;
use crate::error::ApiError;
use crate::limits::{Action, ClientAddress};
use crate::readers::{json_body, LoggedIn, MaybeReader};
use crate::site::Site;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use gazette_app::ThreadOrder;
use serde::Deserialize;
use std::sync::Arc;

pub(crate) fn router() -> Router<Arc<Site>> {
    Router::new()
        .route("/articles/{id}/comments", get(thread).post(post_comment))
        .route("/comments/{id}", patch(edit_comment).delete(delete_comment))
        .route("/comments/{id}/vote", post(vote))
        .route("/comments/{id}/report", post(report))
}

#[derive(Deserialize)]
struct ThreadQuery {
    sort: Option<String>,
    page: Option<String>,
}

#[derive(Deserialize)]
struct NewComment {
    body: String,
    parent_id: Option<String>,
}

#[derive(Deserialize)]
struct Edit {
    body: String,
}

#[derive(Deserialize)]
struct Report {
    reason: String,
}

/// A page of a thread. What everyone sees is kept in the page cache like a list page
/// (with its ETag and compressed forms), dropped when the change log moves on; a reader
/// with comments waiting for a moderator gets their own view, read each time.
#[tracing::instrument(skip_all)]
async fn thread(
    State(site): State<Arc<Site>>,
    Path(story_id): Path<String>,
    query: Result<Query<ThreadQuery>, QueryRejection>,
    MaybeReader(reader): MaybeReader,
    request: HeaderMap,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|r| ApiError::BadQuery(r.body_text()))?;
    let order = match query.sort.as_deref() {
        None => ThreadOrder::default(),
        Some(sort) => ThreadOrder::parse(sort).ok_or_else(|| {
            ApiError::BadQuery(format!("sort must be oldest, newest or best, not {sort:?}"))
        })?,
    };
    let page = match query.page.as_deref() {
        None => 1,
        Some(page) => crate::site::parse_page_number(page).ok_or_else(|| {
            ApiError::BadQuery(format!("page must be a whole number from 1, not {page:?}"))
        })?,
    };
    if let Some(reader) = &reader {
        if !site.app.sees_public_thread(reader, &story_id).await? {
            let thread = site
                .app
                .thread(&story_id, order, page, Some(reader))
                .await?;
            return Ok(Json(thread).into_response());
        }
    }
    let key = format!(
        "/api/v1/articles/{story_id}/comments?sort={}&page={page}",
        order.as_str()
    );
    let rendered = match site.cache.list(&key) {
        Some(rendered) => rendered,
        None => {
            let stamp = site.cache.stamp();
            let thread = site.app.thread(&story_id, order, page, None).await?;
            let body = serde_json::to_vec(&thread).map_err(ApiError::Serialise)?;
            let rendered = Arc::new(RenderedPage::new(
                body,
                "application/json",
                None,
                HeaderValue::from_static("no-cache"),
                stamp.changes,
            ));
            site.cache.insert_list(key, rendered.clone());
            rendered
        }
    };
    Ok(rendered.respond(StatusCode::OK, &request))
}

#[tracing::instrument(skip_all)]
async fn post_comment(
    State(site): State<Arc<Site>>,
    Path(story_id): Path<String>,
    LoggedIn(reader): LoggedIn,
    ClientAddress(address): ClientAddress,
    body: Result<Json<NewComment>, JsonRejection>,
) -> Result<Response, ApiError> {
    site.limits.check(Action::CommentByAccount, &reader.id)?;
    site.limits.check(Action::CommentByAddress, &address)?;
    let NewComment { body, parent_id } = json_body(body)?;
    let comment = site
        .app
        .post_comment(&reader, &story_id, &body, parent_id.as_deref())
        .await?;
    site.cache.lists_changed();
    Ok((StatusCode::CREATED, Json(comment)).into_response())
}

#[tracing::instrument(skip_all)]
async fn edit_comment(
    State(site): State<Arc<Site>>,
    Path(comment_id): Path<String>,
    LoggedIn(reader): LoggedIn,
    body: Result<Json<Edit>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Edit { body } = json_body(body)?;
    let comment = site.app.edit_comment(&reader, &comment_id, &body).await?;
    site.cache.lists_changed();
    Ok(Json(comment).into_response())
}

#[tracing::instrument(skip_all)]
async fn delete_comment(
    State(site): State<Arc<Site>>,
    Path(comment_id): Path<String>,
    LoggedIn(reader): LoggedIn,
) -> Result<Response, ApiError> {
    site.app.delete_comment(&reader, &comment_id).await?;
    site.cache.lists_changed();
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[tracing::instrument(skip_all)]
async fn vote(
    State(site): State<Arc<Site>>,
    Path(comment_id): Path<String>,
    LoggedIn(reader): LoggedIn,
) -> Result<Response, ApiError> {
    let comment = site.app.vote_for_comment(&reader, &comment_id).await?;
    site.cache.lists_changed();
    Ok(Json(comment).into_response())
}

#[tracing::instrument(skip_all)]
async fn report(
    State(site): State<Arc<Site>>,
    Path(comment_id): Path<String>,
    LoggedIn(reader): LoggedIn,
    body: Result<Json<Report>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Report { reason } = json_body(body)?;
    site.app
        .report_comment(&reader, &comment_id, &reason)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
