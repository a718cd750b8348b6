//! Readers on the HTTP side: the session cookie, the reader behind it, the check that a
//! request changing anything with that cookie comes from the site (or an allowed embed
//! origin), and the `/api/v1/auth` endpoints.

use crate::error::ApiError;
use crate::limits::{Action, ClientAddress};
use crate::site::Site;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use gazette_app::{Reader, Session};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

pub(crate) const SESSION_COOKIE: &str = "gazette_session";

/// The reader whose session cookie came with the request, if any. A cookie that names
/// no live session counts as none.
pub(crate) struct MaybeReader(pub Option<Reader>);

impl FromRequestParts<Arc<Site>> for MaybeReader {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, site: &Arc<Site>) -> Result<Self, ApiError> {
        match session_token(&parts.headers) {
            Some(token) => Ok(Self(site.app.reader_of_session(&token).await?)),
            None => Ok(Self(None)),
        }
    }
}

/// A logged-in reader, or a 401.
pub(crate) struct LoggedIn(pub Reader);

impl FromRequestParts<Arc<Site>> for LoggedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, site: &Arc<Site>) -> Result<Self, ApiError> {
        let MaybeReader(reader) = MaybeReader::from_request_parts(parts, site).await?;
        reader.map(Self).ok_or(ApiError::NotLoggedIn)
    }
}

pub(crate) fn session_token(headers: &HeaderMap) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(SESSION_COOKIE)
        .map(|cookie| cookie.value().to_owned())
        .filter(|token| !token.is_empty())
}

/// Refuses (403) a request that would change something and comes from a page of another
/// site: a browser always sends `Origin` with such a request, so one with the reader's
/// cookie or any `Origin` must name the site itself or an allowed embed origin. Requests
/// with neither (a script or `curl` without a session) have nothing to forge, nor has
/// one that proves itself with a bearer token and no cookie (a wire pushing a story): no
/// page of another site can make a browser send our token.
pub(crate) async fn refuse_foreign_origins(
    State(site): State<Arc<Site>>,
    request: Request,
    next: Next,
) -> Response {
    let changes = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let headers = request.headers();
    let origin = headers
        .get(header::ORIGIN)
        .map(|o| o.to_str().unwrap_or(""));
    let has_session = session_token(headers).is_some();
    let bearer_only = !has_session && headers.contains_key(header::AUTHORIZATION);
    if changes && !bearer_only && (has_session || origin.is_some()) {
        let allowed = origin.is_some_and(|origin| site.origin_is_allowed(origin));
        if !allowed {
            return ApiError::ForeignOrigin.into_response();
        }
    }
    next.run(request).await
}

pub(crate) fn router() -> Router<Arc<Site>> {
    Router::new()
        .route("/auth/signup", post(sign_up))
        .route("/auth/login", post(log_in))
        .route("/auth/logout", post(log_out))
        .route("/auth/me", get(me))
}

#[derive(Deserialize)]
struct SignUp {
    email: String,
    password: String,
    name: String,
}

#[derive(Deserialize)]
struct LogIn {
    email: String,
    password: String,
}

/// A reader as the API shows them to themselves.
#[derive(Serialize)]
struct ReaderJson<'a> {
    id: &'a str,
    name: &'a str,
    email: &'a str,
    role: gazette_app::Role,
}

impl<'a> From<&'a Reader> for ReaderJson<'a> {
    fn from(reader: &'a Reader) -> Self {
        Self {
            id: &reader.id,
            name: &reader.name,
            email: &reader.email,
            role: reader.role,
        }
    }
}

pub(crate) fn json_body<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    body.map(|Json(value)| value).map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::BodyTooLarge
        } else {
            ApiError::BadJson(rejection.body_text())
        }
    })
}

#[tracing::instrument(skip_all)]
async fn sign_up(
    State(site): State<Arc<Site>>,
    ClientAddress(address): ClientAddress,
    jar: CookieJar,
    body: Result<Json<SignUp>, JsonRejection>,
) -> Result<Response, ApiError> {
    site.limits.check(Action::SignUp, &address)?;
    let SignUp {
        email,
        password,
        name,
    } = json_body(body)?;
    let session = site.app.sign_up(&email, &password, &name).await?;
    Ok(with_session(&site, jar, &session, StatusCode::CREATED))
}

#[tracing::instrument(skip_all)]
async fn log_in(
    State(site): State<Arc<Site>>,
    ClientAddress(address): ClientAddress,
    jar: CookieJar,
    body: Result<Json<LogIn>, JsonRejection>,
) -> Result<Response, ApiError> {
    site.limits.check(Action::LogIn, &address)?;
    let LogIn { email, password } = json_body(body)?;
    let session = site.app.log_in(&email, &password).await?;
    Ok(with_session(&site, jar, &session, StatusCode::OK))
}

#[tracing::instrument(skip_all)]
async fn log_out(State(site): State<Arc<Site>>, jar: CookieJar) -> Result<Response, ApiError> {
    if let Some(cookie) = jar.get(SESSION_COOKIE) {
        site.app.log_out(cookie.value()).await?;
    }
    let jar = jar.remove(session_cookie(&site, String::new()));
    Ok((StatusCode::NO_CONTENT, jar).into_response())
}

#[tracing::instrument(skip_all)]
async fn me(LoggedIn(reader): LoggedIn) -> Response {
    Json(serde_json::json!({ "reader": ReaderJson::from(&reader) })).into_response()
}

/// The session cookie: HttpOnly (no script reads it), SameSite=Lax (no other site's
/// form or script sends it), Secure when the site is served over TLS.
pub(crate) fn session_cookie(site: &Site, token: String) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(site.app.config().public_url().starts_with("https://"))
        .build()
}

fn with_session(site: &Site, jar: CookieJar, session: &Session, status: StatusCode) -> Response {
    let mut cookie = session_cookie(site, session.token.clone());
    cookie.set_expires(session.expires_at);
    let body = serde_json::json!({ "reader": ReaderJson::from(&session.reader) });
    (status, jar.add(cookie), Json(body)).into_response()
}
