//! The reader-facing site: front page, sections, articles, authors, and the error pages.

use crate::cache::{PageCache, RenderedPage, Stamp};
use crate::templates::{Asset, Templates};
use crate::WebError;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use gazette_app::{App, AppError, ArticleView, ErrorChain, Link, ListOf, ThreadOrder, ThreadView};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

const HTML: &str = "text/html; charset=utf-8";

/// A page that takes longer than this is answered 503 with the error page: something
/// is stuck (the database, most likely), and the reader should not wait forever.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The site reads no request bodies yet; a comment form will need a few kilobytes.
const REQUEST_BODY_LIMIT: usize = 64 * 1024;

#[derive(Serialize)]
struct SiteGlobals {
    name: String,
    tagline: String,
    language: String,
    public_url: String,
}

pub(crate) struct Site {
    pub(crate) app: App,
    pub(crate) cache: PageCache,
    templates: Templates,
    /// Static files by URL path.
    assets: Vec<(String, RenderedPage)>,
    stylesheet_url: String,
    icon_url: String,
    /// The comment forms' progressive script, on article pages.
    script_url: String,
    globals: SiteGlobals,
    page_cache_control: HeaderValue,
    /// Origins whose pages may change things with a reader's session: the site's own,
    /// and the configured embed origins.
    allowed_origins: Vec<String>,
    pub(crate) limits: crate::limits::RateLimits,
}

impl Site {
    pub(crate) fn new(app: App) -> Result<Self, WebError> {
        let config = app.config();
        let theme = config.theme.as_deref();
        let assets: Vec<(String, RenderedPage)> = Asset::load_all(theme)?
            .into_iter()
            .map(|asset| {
                let page = RenderedPage::new(
                    asset.body,
                    asset.content_type,
                    None,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                    0,
                );
                (asset.url, page)
            })
            .collect();
        let url_of = |extension: &str| {
            assets
                .iter()
                .find(|(url, _)| url.ends_with(extension))
                .map(|(url, _)| url.clone())
                .unwrap_or_default()
        };
        let (stylesheet_url, icon_url, script_url) =
            (url_of(".css"), url_of(".svg"), url_of(".js"));
        let max_age = config.pages.max_age_seconds;
        let page_cache_control = HeaderValue::from_str(&format!("public, max-age={max_age}"))
            .expect("a number makes a valid header");
        Ok(Self {
            cache: PageCache::new(config.pages.cache_mib * 1024 * 1024),
            templates: Templates::new(theme),
            assets,
            stylesheet_url,
            icon_url,
            script_url,
            globals: SiteGlobals {
                name: config.site.name.clone(),
                tagline: config.site.tagline.clone(),
                language: config.site.language.clone(),
                public_url: config.public_url(),
            },
            page_cache_control,
            allowed_origins: std::iter::once(config.site_origin())
                .chain(config.comments.embed_origins.iter().cloned())
                .map(|origin| origin.trim_end_matches('/').to_ascii_lowercase())
                .collect(),
            limits: crate::limits::RateLimits::new(config.rate_limits.clone()),
            app,
        })
    }

    /// The origin of the site itself (not an embed origin): its own forms come from it.
    pub(crate) fn is_own_origin(&self, origin: &str) -> bool {
        self.allowed_origins[0] == origin.to_ascii_lowercase()
    }

    pub(crate) fn origin_is_allowed(&self, origin: &str) -> bool {
        let origin = origin.to_ascii_lowercase();
        self.allowed_origins.contains(&origin)
    }

    fn render_page(
        &self,
        template: &str,
        page: impl Serialize,
        nav: &[Link],
        current_section: CurrentSection<'_>,
        last_modified: Option<i64>,
        stamp: Stamp,
    ) -> Result<Arc<RenderedPage>, WebError> {
        let html = self.render_html(template, page, nav, current_section)?;
        Ok(Arc::new(
            RenderedPage::new(
                html,
                HTML,
                last_modified,
                self.page_cache_control.clone(),
                stamp.changes,
            )
            .with_navigation(stamp.navigation),
        ))
    }

    fn render_html(
        &self,
        template: &str,
        page: impl Serialize,
        nav: &[Link],
        current_section: CurrentSection<'_>,
    ) -> Result<String, WebError> {
        self.templates.render(
            template,
            minijinja::context! {
                site => &self.globals,
                css_url => &self.stylesheet_url,
                icon_url => &self.icon_url,
                script_url => &self.script_url,
                nav => nav,
                current_section => current_section.url(),
                current_section_is_page => matches!(current_section, CurrentSection::IsThisPage(_)),
                page => page,
            },
        )
    }

    /// A page for one reader (a form with what they typed, what went wrong): rendered
    /// for this request, never cached by anyone.
    pub(crate) async fn private_page(
        &self,
        status: StatusCode,
        template: &str,
        page: impl Serialize,
    ) -> Response {
        let html = async {
            let nav = self.app.navigation().await?;
            self.render_html(template, page, &nav, CurrentSection::None)
        };
        match html.await {
            Ok(html) => {
                RenderedPage::new(html, HTML, None, HeaderValue::from_static("no-store"), 0)
                    .respond(status, &HeaderMap::new())
            }
            Err(error) => self.error_page(&error, &HeaderMap::new()),
        }
    }

    /// The one mapping from errors to pages. Server errors are logged with their cause
    /// and shown without it.
    pub(crate) fn error_page(&self, error: &WebError, request: &HeaderMap) -> Response {
        let status = error.status();
        let bad_request;
        let (title, message) = match error {
            WebError::App(AppError::Gone { title, notice }) => (title.as_str(), notice.as_str()),
            WebError::BadRequest(reason) => {
                bad_request = format!(
                    "This address cannot be read: {reason}. The link may be damaged; \
                     try the page without what follows the “?”."
                );
                ("Bad request", bad_request.as_str())
            }
            _ if status == StatusCode::NOT_FOUND => (
                "Page not found",
                "There is no page at this address. It may have moved, or the link may be wrong.",
            ),
            _ => {
                let error = ErrorChain(error);
                tracing::error!(%error, "request failed");
                (
                    "Something went wrong",
                    "The page could not be shown. Please try again in a moment.",
                )
            }
        };
        self.status_page(status, title, message, request)
    }

    /// The error page with a given status, title and message.
    pub(crate) fn status_page(
        &self,
        status: StatusCode,
        title: &str,
        message: &str,
        request: &HeaderMap,
    ) -> Response {
        let html = self.templates.render(
            "error.html",
            minijinja::context! {
                site => &self.globals,
                css_url => &self.stylesheet_url,
                icon_url => &self.icon_url,
                title => title,
                message => message,
            },
        );
        match html {
            Ok(html) => {
                RenderedPage::new(html, HTML, None, HeaderValue::from_static("no-store"), 0)
                    .respond(status, request)
            }
            Err(render_error) => {
                tracing::error!(%render_error, "cannot render the error page");
                (status, title.to_owned()).into_response()
            }
        }
    }
}

/// Which section navigation link to mark, and whether the page is that section's own.
#[derive(Clone, Copy)]
enum CurrentSection<'a> {
    None,
    IsThisPage(&'a str),
    Contains(&'a str),
}

impl<'a> CurrentSection<'a> {
    fn url(self) -> Option<&'a str> {
        match self {
            Self::None => None,
            Self::IsThisPage(url) | Self::Contains(url) => Some(url),
        }
    }
}

pub(crate) type SharedSite = Arc<Site>;

/// The site's routes, with the site's own limits: its time limit and body limit answer
/// with the site's HTML error page. The API under /api/v1 has its own.
pub(crate) fn router(site: SharedSite) -> Router {
    Router::new()
        .route("/", get(front_page))
        .route("/sections/{slug}", get(section_page))
        .route("/authors/{slug}", get(author_page))
        .route("/articles/{slug}", get(article_page))
        .route("/static/{file}", get(static_file))
        .route("/media/{name}", get(crate::media::media_file))
        .route("/healthz", get(|| async { "ok" }))
        .merge(crate::forms::router())
        .fallback(not_found)
        // One `layer` call for the three: each call wraps every route once more, and
        // each wrapping costs every request an allocation or two.
        .layer(
            ServiceBuilder::new()
                .map_response({
                    let site = site.clone();
                    move |response| dress_bare_errors(&site, response)
                })
                .layer(RequestBodyLimitLayer::new(REQUEST_BODY_LIMIT))
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::SERVICE_UNAVAILABLE,
                    REQUEST_TIMEOUT,
                )),
        )
        // Added after the site's layers, so the API keeps its own: documents up to
        // `ingest.max_file_bytes`, and errors as problem+json, never the HTML page.
        .nest("/api/v1", crate::api::router(site.clone()))
        .with_state(site)
}

/// Error responses made by the layers around the routes (the time limit's empty 503,
/// the body limit's plain-text 413) get the site's error page. Pages of ours always
/// carry HTML and pass untouched.
fn dress_bare_errors<B>(site: &Site, response: axum::http::Response<B>) -> Response
where
    B: axum::body::HttpBody<Data = bytes::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    let status = response.status();
    let ours = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"text/html"));
    if ours || !(status.is_client_error() || status.is_server_error()) {
        return response.map(axum::body::Body::new);
    }
    let (title, message) = match status {
        StatusCode::SERVICE_UNAVAILABLE => (
            "Taking too long",
            "The page took too long to prepare. Please try again in a moment.",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            "Too much data",
            "The request carried more data than this site accepts.",
        ),
        StatusCode::METHOD_NOT_ALLOWED => (
            "Not allowed",
            "The pages of this site can only be read (GET and HEAD).",
        ),
        _ => (
            "Request not understood",
            "The site could not answer this request.",
        ),
    };
    let mut page = site.status_page(status, title, message, &HeaderMap::new());
    // What the bare answer said besides its body stays (a 405's `Allow`, say).
    for (name, value) in response.headers() {
        if name != header::CONTENT_LENGTH && !page.headers().contains_key(name) {
            page.headers_mut().insert(name.clone(), value.clone());
        }
    }
    page
}

#[derive(Deserialize)]
struct PageQuery {
    page: Option<String>,
}

/// A query string or path that cannot be read is the reader's (or the link's) mistake:
/// a 400 with the site's error page, saying what is wrong.
fn bad_query(rejection: QueryRejection) -> WebError {
    let reason = match &rejection {
        QueryRejection::FailedToDeserializeQueryString(e) => {
            let detail = e.body_text();
            let detail = detail
                .strip_prefix("Failed to deserialize query string: ")
                .unwrap_or(&detail)
                .to_owned();
            format!("its query string does not make sense here ({detail})")
        }
        _ => "its query string does not make sense here".to_owned(),
    };
    WebError::BadRequest(reason)
}

pub(crate) fn bad_path(rejection: PathRejection) -> WebError {
    WebError::BadRequest(format!(
        "its path cannot be read ({})",
        rejection.body_text()
    ))
}

/// A page number from a query string: absent is the first page; N ≥ 1 is page N;
/// anything else names no page.
fn page_number(text: Option<&str>) -> Result<usize, WebError> {
    match text {
        None => Ok(1),
        Some(text) => parse_page_number(text).ok_or(WebError::NotFound),
    }
}

/// A page number as a query string writes it: a whole number from 1.
pub(crate) fn parse_page_number(text: &str) -> Option<usize> {
    text.parse::<usize>().ok().filter(|n| *n >= 1)
}

impl PageQuery {
    fn number(&self) -> Result<i64, WebError> {
        let number = page_number(self.page.as_deref())?;
        i64::try_from(number).map_err(|_| WebError::NotFound)
    }
}

fn respond(
    site: &Site,
    request: &HeaderMap,
    page: Result<Arc<RenderedPage>, WebError>,
) -> Response {
    match page {
        Ok(page) => page.respond(StatusCode::OK, request),
        Err(error) => site.error_page(&error, request),
    }
}

// The hot handlers take the whole request rather than a `HeaderMap`, which axum would
// clone for them.
#[tracing::instrument(level = "debug", skip_all)]
async fn front_page(State(site): State<SharedSite>, request: Request) -> Response {
    let request = request.headers();
    let page = cached_list(&site, "/".to_owned(), None, |site| async move {
        let view = site.app.front_page().await?;
        Ok(("front.html", view.last_modified, view))
    })
    .await;
    respond(&site, request, page)
}

#[tracing::instrument(level = "debug", skip_all)]
async fn section_page(
    State(site): State<SharedSite>,
    slug: Result<Path<String>, PathRejection>,
    query: Result<Query<PageQuery>, QueryRejection>,
    request: HeaderMap,
) -> Response {
    list_page(site, ListOf::Section, slug, query, request).await
}

#[tracing::instrument(level = "debug", skip_all)]
async fn author_page(
    State(site): State<SharedSite>,
    slug: Result<Path<String>, PathRejection>,
    query: Result<Query<PageQuery>, QueryRejection>,
    request: HeaderMap,
) -> Response {
    list_page(site, ListOf::Author, slug, query, request).await
}

async fn list_page(
    site: SharedSite,
    of: ListOf,
    slug: Result<Path<String>, PathRejection>,
    query: Result<Query<PageQuery>, QueryRejection>,
    request: HeaderMap,
) -> Response {
    let page = async {
        let Path(slug) = slug.map_err(bad_path)?;
        let Query(query) = query.map_err(bad_query)?;
        let number = query.number()?;
        let (base, template) = match of {
            ListOf::Section => (format!("/sections/{slug}"), "section.html"),
            ListOf::Author => (format!("/authors/{slug}"), "author.html"),
        };
        let key = format!("{base}?page={number}");
        let current = (of == ListOf::Section).then_some(base);
        cached_list(&site, key, current, |site| async move {
            let view = site.app.list_page(of, &slug, number).await?;
            Ok((template, view.last_modified, view))
        })
        .await
    }
    .await;
    respond(&site, &request, page)
}

/// Serves a list page from the cache, or renders it with `load` and keeps it.
async fn cached_list<F, Fut, View>(
    site: &SharedSite,
    key: String,
    current_section: Option<String>,
    load: F,
) -> Result<Arc<RenderedPage>, WebError>
where
    F: FnOnce(SharedSite) -> Fut,
    Fut: std::future::Future<Output = Result<(&'static str, i64, View), gazette_app::AppError>>,
    View: Serialize,
{
    if let Some(page) = site.cache.list(&key) {
        return Ok(page);
    }
    let stamp = site.cache.stamp();
    let (template, last_modified, view) = load(site.clone()).await?;
    let nav = site.app.navigation().await?;
    let current = current_section
        .as_deref()
        .map_or(CurrentSection::None, CurrentSection::IsThisPage);
    let page = site.render_page(template, view, &nav, current, Some(last_modified), stamp)?;
    site.cache.insert_list(key, page.clone());
    Ok(page)
}

/// An article page with a page of its thread, oldest first.
#[derive(Serialize)]
struct ArticleWithThread {
    #[serde(flatten)]
    article: ArticleView,
    /// `None` when the story has no thread to show.
    thread: Option<ThreadView>,
}

#[derive(Deserialize)]
struct CommentsQuery {
    comments: Option<String>,
}

/// Which page of the thread an article page shows: `?comments=N`.
fn comments_page(request: &Request) -> Result<usize, WebError> {
    if request.uri().query().is_none() {
        return Ok(1);
    }
    let Query(query) = Query::<CommentsQuery>::try_from_uri(request.uri()).map_err(bad_query)?;
    page_number(query.comments.as_deref())
}

#[tracing::instrument(level = "debug", skip_all)]
async fn article_page(
    State(site): State<SharedSite>,
    slug: Result<Path<String>, PathRejection>,
    request: Request,
) -> Response {
    let slug = match slug {
        Ok(Path(slug)) => slug,
        Err(rejection) => return site.error_page(&bad_path(rejection), request.headers()),
    };
    let comments_page = match comments_page(&request) {
        Ok(n) => n,
        Err(error) => return site.error_page(&error, request.headers()),
    };
    let request = request.headers();
    // Only the page with the thread's first comments is kept: later ones are read rarely.
    let cached = comments_page == 1;
    if cached {
        if let Some(page) = site.cache.article(&slug) {
            return page.respond(StatusCode::OK, request);
        }
    }
    let page = async {
        // Read before the story and the menu are: a change meanwhile makes the page stale.
        let stamp = site.cache.stamp();
        let article = site.app.article_page(&slug).await?;
        let thread = match site
            .app
            .thread(&article.id, ThreadOrder::Oldest, comments_page, None)
            .await
        {
            Ok(thread) => Some(thread),
            Err(AppError::NotFound) if comments_page == 1 => None,
            Err(error) => return Err(error.into()),
        };
        let nav = site.app.navigation().await?;
        let section_url = article.section.url.clone();
        // A comment's arrival, edit or vote changes the page but not the story's time:
        // a page with comments is revalidated by its ETag alone.
        let has_comments = thread.as_ref().is_some_and(|t| !t.comments.is_empty());
        let last_modified = (!has_comments).then_some(article.last_modified);
        let page = site.render_page(
            "article.html",
            ArticleWithThread { article, thread },
            &nav,
            CurrentSection::Contains(&section_url),
            last_modified,
            stamp,
        )?;
        if cached {
            site.cache.insert_article(slug, page.clone());
        }
        Ok(page)
    }
    .await;
    respond(&site, request, page)
}

#[tracing::instrument(level = "debug", skip_all)]
async fn static_file(
    State(site): State<SharedSite>,
    file: Result<Path<String>, PathRejection>,
    request: HeaderMap,
) -> Response {
    let file = match file {
        Ok(Path(file)) => file,
        Err(rejection) => return site.error_page(&bad_path(rejection), &request),
    };
    let asset = site
        .assets
        .iter()
        .find(|(url, _)| url.strip_prefix("/static/") == Some(file.as_str()));
    match asset {
        Some((_, page)) => page.respond(StatusCode::OK, &request),
        None => site.error_page(&WebError::NotFound, &request),
    }
}

#[tracing::instrument(level = "debug", skip_all)]
async fn not_found(State(site): State<SharedSite>, request: HeaderMap) -> Response {
    let mut response = site.error_page(&WebError::NotFound, &request);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
