//! Gazette's HTTP side. `Application::build` takes a configuration and a bound
//! listener and returns a server that knows its port, so tests start it on port 0.

mod api;
mod cache;
mod comments;
mod error;
mod follower;
mod forms;
mod limits;
mod media;
mod readers;
mod site;
mod templates;

pub use error::WebError;

use axum::http::{HeaderValue, Request, Response};
use gazette_app::{App, Config};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::TraceLayer;
use tracing::Span;

pub struct Application {
    port: u16,
    listener: TcpListener,
    router: axum::Router,
    site: Arc<site::Site>,
}

impl Application {
    /// Opens the store the configuration names and prepares the site.
    pub async fn build(config: Config, listener: TcpListener) -> Result<Self, WebError> {
        let app = App::open(config).await?;
        Self::with_app(app, listener).await
    }

    /// Prepares the site over an application already opened.
    pub async fn with_app(app: App, listener: TcpListener) -> Result<Self, WebError> {
        let port = listener.local_addr().map_err(WebError::Listen)?.port();
        let site = Arc::new(site::Site::new(app)?);
        if !site.limits.enabled() {
            tracing::warn!(
                "rate limits are off: readers may sign up, log in and comment as fast as they can"
            );
        }
        follower::follow_changes(site.clone()).await?;
        tokio::spawn(site.app.clone().run_schedule());
        if !site.app.config().feeds.is_empty() {
            tokio::spawn(site.app.clone().run_feed_polling());
        }
        if site.app.config().media.fetch {
            tokio::spawn(site.app.clone().run_media_fetching());
        }
        if site.app.config().ingest.watch_drop_folders {
            tokio::spawn(site.app.clone().run_drop_folders());
        }
        Ok(Self {
            port,
            listener,
            router: site::router(site.clone()),
            site,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until the process is asked to stop (Ctrl-C or SIGTERM), then finishes the
    /// requests in flight.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let service = with_request_layers(self.router);
        axum::serve(
            self.listener,
            // The peer's address is what rate limits count by.
            axum::ServiceExt::<Request<axum::body::Body>>::into_make_service_with_connect_info::<
                std::net::SocketAddr,
            >(service),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await?;
        self.site.app.close().await;
        Ok(())
    }
}

/// What every request gets, whichever router answers it: an `x-request-id` (the one a
/// proxy in front sent, else a new one), sent back with the response; and one tracing
/// span per request with its method, path and id, so whatever a request logs says which
/// request it was. Answered requests are logged at debug level when they went well (the
/// site stays quiet at the default `info`), at info for 4xx and as errors for 5xx.
///
/// The span is at debug level: at `info` it would be formatted for every request, which
/// costs a cached page about a quarter more CPU (measured with callgrind); with
/// `RUST_LOG=info,gazette_web=debug` every request and all it logs carry it.
///
/// The layers wrap the whole router once, not each route (`Router::layer` would box
/// every route once more, at a cost to every request).
fn with_request_layers(
    router: axum::Router,
) -> impl tower::Service<
    Request<axum::body::Body>,
    Response = axum::response::Response,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone
       + Send
       + 'static {
    let trace = TraceLayer::new_for_http()
        .make_span_with(|request: &Request<axum::body::Body>| {
            let id = request
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            tracing::debug_span!("request", method = %request.method(), path = %request.uri().path(), id = %id)
        })
        .on_request(())
        .on_response(
            |response: &Response<axum::body::Body>, latency: Duration, _span: &Span| {
                let status = response.status().as_u16();
                let ms = latency.as_secs_f64() * 1000.0;
                match status {
                    500.. => tracing::error!(status, ms, "answered"),
                    400..=499 => tracing::info!(status, ms, "answered"),
                    _ => tracing::debug!(status, ms, "answered"),
                }
            },
        )
        .on_failure(());
    ServiceBuilder::new()
        .map_response(axum::response::IntoResponse::into_response)
        .layer(SetRequestIdLayer::x_request_id(RequestIds::new()))
        .layer(trace)
        .layer(PropagateRequestIdLayer::x_request_id())
        .service(router)
}

/// Request ids unique within a run and distinct across runs: the process's start time
/// and id, then a counter. Cheaper than a random UUID per request, and it sorts.
#[derive(Clone)]
struct RequestIds {
    run: Arc<str>,
    next: Arc<AtomicU64>,
}

impl RequestIds {
    fn new() -> Self {
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Self {
            run: format!("{started:x}{:x}", std::process::id()).into(),
            next: Arc::new(AtomicU64::new(1)),
        }
    }
}

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        // Written by hand: `format!` costs more than the rest of this function.
        let mut id = String::with_capacity(self.run.len() + 21);
        id.push_str(&self.run);
        id.push('-');
        let start = id.len();
        let mut rest = n;
        loop {
            id.insert(start, char::from(b'0' + (rest % 10) as u8));
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        HeaderValue::try_from(id).ok().map(RequestId::new)
    }
}

async fn shutdown_signal() {
    let interrupt = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("stopping");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_count_up_within_a_run() {
        let mut ids = RequestIds::new();
        let request = Request::new(());
        let mut next = || {
            ids.make_request_id(&request)
                .expect("an id")
                .header_value()
                .to_str()
                .expect("ascii")
                .to_owned()
        };
        let (first, second) = (next(), next());
        let (run, n) = first.rsplit_once('-').expect("run-n");
        assert_eq!(n, "1");
        assert_eq!(second, format!("{run}-2"));
        for _ in 0..8 {
            next();
        }
        assert_eq!(next(), format!("{run}-11"));
    }
}
