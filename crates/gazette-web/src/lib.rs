//! Gazette's HTTP side. `Application::build` takes a configuration and a bound
//! listener and returns a server that knows its port, so tests start it on port 0.

mod api;
mod cache;
mod error;
mod follower;
mod site;
mod templates;

pub use error::WebError;

use gazette_app::{App, Config};
use std::sync::Arc;
use tokio::net::TcpListener;

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
        follower::follow_changes(site.clone()).await?;
        tokio::spawn(site.app.clone().run_schedule());
        if !site.app.config().feeds.is_empty() {
            tokio::spawn(site.app.clone().run_feed_polling());
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
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        self.site.app.close().await;
        Ok(())
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
