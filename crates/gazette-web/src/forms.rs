//! The site's own forms, which work with no JavaScript: log in, sign up, log out, and
//! post a comment or a reply from the article page. Each answers with a redirect (303)
//! to where the reader was, or with the form again saying what went wrong and keeping
//! what they typed.
//!
//! CSRF: every form post must carry an `Origin` of the site itself (browsers send it with
//! every POST). The article page is cached and the same for every reader, so it can hold
//! no per-reader token; the session cookie is also SameSite=Lax.

use crate::error::{refusal_of, ApiError};
use crate::limits::{Action, ClientAddress};
use crate::readers::{session_cookie, session_token};
use crate::site::{bad_path, SharedSite};
use crate::WebError;
use axum::extract::rejection::{FormRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use axum_extra::extract::cookie::CookieJar;
use gazette_app::{AppError, Reader};
use serde::{Deserialize, Serialize};

pub(crate) fn router() -> Router<SharedSite> {
    Router::new()
        .route(
            "/login",
            get(|site, query| account_form_page(site, query, false)).post(
                |site, address, headers, jar, form| {
                    account_form_post(site, address, headers, jar, form, false)
                },
            ),
        )
        .route(
            "/signup",
            get(|site, query| account_form_page(site, query, true)).post(
                |site, address, headers, jar, form| {
                    account_form_post(site, address, headers, jar, form, true)
                },
            ),
        )
        .route("/logout", axum::routing::post(log_out))
        .route(
            "/articles/{slug}/comments",
            axum::routing::post(post_comment),
        )
        .route("/articles/{slug}/comments/new", get(compose_page))
}

/// Where to go after a form: a path of this site, never another site's address.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(next) if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') => {
            next.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// The form came from a page of this site, as its `Origin` says.
fn from_own_page(site: &SharedSite, headers: &HeaderMap) -> bool {
    headers
        .get(header::ORIGIN)
        .and_then(|origin| origin.to_str().ok())
        .is_some_and(|origin| site.is_own_origin(origin))
}

async fn reader_of(site: &SharedSite, headers: &HeaderMap) -> Result<Option<Reader>, AppError> {
    match session_token(headers) {
        Some(token) => site.app.reader_of_session(&token).await,
        None => Ok(None),
    }
}

fn foreign_form(site: &SharedSite) -> Response {
    site.status_page(
        StatusCode::FORBIDDEN,
        "Form from another site refused",
        "This form must be sent from this site's own pages. Go back to the page, reload it, and try again.",
        &HeaderMap::new(),
    )
}

fn unreadable_form(site: &SharedSite, rejection: &FormRejection) -> Response {
    site.error_page(
        &WebError::BadRequest(format!(
            "the form cannot be read ({})",
            rejection.body_text()
        )),
        &HeaderMap::new(),
    )
}

/// What a refusal tells the reader on a form page, and its status; a failure of ours
/// is given back, to be logged and shown as the error page.
fn refusal_message(error: AppError) -> Result<(StatusCode, String), Box<AppError>> {
    match refusal_of(&error) {
        Some(refusal) => Ok((refusal.status, capitalised(&refusal.detail))),
        None => Err(Box::new(error)),
    }
}

fn failure_page(site: &SharedSite, error: AppError) -> Response {
    site.error_page(&WebError::App(error), &HeaderMap::new())
}

/// A refusal's detail as a sentence: capitalised, with its full stop.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    let mut sentence: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !sentence.ends_with('.') {
        sentence.push('.');
    }
    sentence
}

fn rate_limited(error: ApiError) -> (StatusCode, String) {
    match error {
        ApiError::RateLimited { retry_after } => (
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "Too many attempts from here. Please wait {} seconds and try again.",
                retry_after.as_secs().max(1)
            ),
        ),
        other => (StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
    }
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

/// The login and sign-up page: which form, where to go after, and what went wrong.
#[derive(Serialize, Default)]
struct AccountForm {
    signup: bool,
    next: String,
    error: Option<String>,
    email: String,
    name: String,
}

async fn account_page(site: &SharedSite, status: StatusCode, form: AccountForm) -> Response {
    site.private_page(status, "account.html", form).await
}

/// The empty login (or sign-up) form, going back to `?next=` after.
async fn account_form_page(
    State(site): State<SharedSite>,
    query: Result<Query<NextQuery>, QueryRejection>,
    signup: bool,
) -> Response {
    let next = query.ok().and_then(|Query(q)| q.next);
    let form = AccountForm {
        signup,
        next: safe_next(next.as_deref()),
        ..AccountForm::default()
    };
    account_page(&site, StatusCode::OK, form).await
}

#[derive(Deserialize)]
struct AccountFields {
    email: String,
    password: String,
    #[serde(default)]
    name: String,
    next: Option<String>,
}

/// Logs in (or signs up) from the form, and goes back to where the reader was.
async fn account_form_post(
    State(site): State<SharedSite>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    jar: CookieJar,
    form: Result<Form<AccountFields>, FormRejection>,
    signup: bool,
) -> Response {
    if !from_own_page(&site, &headers) {
        return foreign_form(&site);
    }
    let Form(fields) = match form {
        Ok(form) => form,
        Err(rejection) => return unreadable_form(&site, &rejection),
    };
    let next = safe_next(fields.next.as_deref());
    let action = if signup {
        Action::SignUp
    } else {
        Action::LogIn
    };
    let session = match site.limits.check(action, &address) {
        Err(limited) => Err(rate_limited(limited)),
        Ok(()) => {
            let session = if signup {
                site.app
                    .sign_up(&fields.email, &fields.password, &fields.name)
                    .await
            } else {
                site.app.log_in(&fields.email, &fields.password).await
            };
            match session {
                Ok(session) => Ok(session),
                Err(error) => match refusal_message(error) {
                    Ok(refused) => Err(refused),
                    Err(failure) => return failure_page(&site, *failure),
                },
            }
        }
    };
    match session {
        Ok(session) => {
            let mut cookie = session_cookie(&site, session.token.clone());
            cookie.set_expires(session.expires_at);
            (jar.add(cookie), Redirect::to(&next)).into_response()
        }
        Err((status, message)) => {
            let form = AccountForm {
                signup,
                next,
                error: Some(message),
                email: fields.email,
                name: fields.name,
            };
            account_page(&site, status, form).await
        }
    }
}

async fn log_out(State(site): State<SharedSite>, headers: HeaderMap, jar: CookieJar) -> Response {
    if !from_own_page(&site, &headers) {
        return foreign_form(&site);
    }
    if let Some(token) = session_token(&headers) {
        if let Err(error) = site.app.log_out(&token).await {
            return failure_page(&site, error);
        }
    }
    let jar = jar.remove(session_cookie(&site, String::new()));
    (jar, Redirect::to("/")).into_response()
}

/// The page to write a comment or a reply on, for readers without the script.
#[derive(Serialize)]
struct Compose {
    headline: String,
    url: String,
    parent: Option<gazette_app::CommentView>,
    logged_in: bool,
    open: bool,
    body: String,
    error: Option<String>,
    here: String,
}

#[derive(Deserialize)]
struct ComposeQuery {
    parent: Option<String>,
}

async fn compose(
    site: &SharedSite,
    slug: &str,
    parent_id: Option<&str>,
    reader: Option<&Reader>,
) -> Result<Compose, AppError> {
    let article = site.app.article_page(slug).await?;
    let open = site.app.thread_is_open(&article.id).await?;
    let parent = match parent_id {
        Some(id) => Some(site.app.comment_of_story(&article.id, id).await?),
        None => None,
    };
    let here = match parent_id {
        Some(id) => format!("{}/comments/new?parent={id}", article.url),
        None => format!("{}/comments/new", article.url),
    };
    Ok(Compose {
        headline: article.headline,
        url: article.url,
        parent,
        logged_in: reader.is_some(),
        open,
        body: String::new(),
        error: None,
        here,
    })
}

async fn compose_page(
    State(site): State<SharedSite>,
    slug: Result<Path<String>, PathRejection>,
    query: Result<Query<ComposeQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Response {
    let page = async {
        let Path(slug) = slug.map_err(bad_path)?;
        let parent = query.ok().and_then(|Query(q)| q.parent);
        let reader = reader_of(&site, &headers).await?;
        Ok::<_, WebError>(compose(&site, &slug, parent.as_deref(), reader.as_ref()).await?)
    };
    match page.await {
        Ok(page) => {
            site.private_page(StatusCode::OK, "compose.html", page)
                .await
        }
        Err(error) => site.error_page(&error, &headers),
    }
}

#[derive(Deserialize)]
struct CommentFields {
    body: String,
    parent_id: Option<String>,
}

async fn post_comment(
    State(site): State<SharedSite>,
    slug: Result<Path<String>, PathRejection>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    form: Result<Form<CommentFields>, FormRejection>,
) -> Response {
    if !from_own_page(&site, &headers) {
        return foreign_form(&site);
    }
    let slug = match slug {
        Ok(Path(slug)) => slug,
        Err(rejection) => return site.error_page(&bad_path(rejection), &headers),
    };
    let Form(fields) = match form {
        Ok(form) => form,
        Err(rejection) => return unreadable_form(&site, &rejection),
    };
    let parent_id = fields.parent_id.filter(|id| !id.is_empty());
    let reader = match reader_of(&site, &headers).await {
        Ok(reader) => reader,
        Err(error) => return failure_page(&site, error),
    };
    let Some(reader) = reader else {
        let back = match &parent_id {
            Some(id) => format!("/articles/{slug}/comments/new?parent={id}"),
            None => format!("/articles/{slug}/comments/new"),
        };
        let login = format!(
            "/login?{}",
            serde_urlencoded::to_string([("next", back)]).unwrap_or_default()
        );
        return Redirect::to(&login).into_response();
    };
    let limited = site
        .limits
        .check(Action::CommentByAccount, &reader.id)
        .and_then(|()| site.limits.check(Action::CommentByAddress, &address));
    let (status, message) = match limited {
        Err(limited) => rate_limited(limited),
        Ok(()) => {
            match posted_at(&site, &slug, &reader, &fields.body, parent_id.as_deref()).await {
                Ok(target) => return Redirect::to(&target).into_response(),
                Err(error) => match refusal_message(error) {
                    Ok(refused) => refused,
                    Err(failure) => return failure_page(&site, *failure),
                },
            }
        }
    };
    // A reply to a comment that is not there is shown as a new comment to fix.
    let page = match compose(&site, &slug, parent_id.as_deref(), Some(&reader)).await {
        Err(AppError::NotFound) if parent_id.is_some() => {
            compose(&site, &slug, None, Some(&reader)).await
        }
        page => page,
    };
    match page {
        Ok(page) => {
            let page = Compose {
                body: fields.body,
                error: Some(message),
                ..page
            };
            site.private_page(status, "compose.html", page).await
        }
        Err(error) => failure_page(&site, error),
    }
}

/// Posts the comment and says where it is shown: its page of the thread, at its anchor.
/// The article page is dropped from the cache first, so the reader sees their comment.
async fn posted_at(
    site: &SharedSite,
    slug: &str,
    reader: &Reader,
    body: &str,
    parent_id: Option<&str>,
) -> Result<String, AppError> {
    let article = site.app.article_page(slug).await?;
    let comment = site
        .app
        .post_comment(reader, &article.id, body, parent_id)
        .await?;
    site.cache.story_changed(slug);
    let page = site.app.page_of_comment(&article.id, &comment.id).await?;
    let query = if page > 1 {
        format!("?comments={page}")
    } else {
        String::new()
    };
    Ok(format!("{}{query}#comment-{}", article.url, comment.id))
}
