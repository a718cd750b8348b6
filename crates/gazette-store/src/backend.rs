//! The two backends behind one `Store`.

use crate::error::redact_url;
use crate::StoreError;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::Connection;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

pub(crate) enum Backend {
    /// SQLite allows one writer at a time: one single-connection pool for writes keeps
    /// our own writers queued in-process instead of failing on a busy lock, and a pool of
    /// read-only connections serves pages meanwhile (WAL lets them read during a write).
    Sqlite {
        reader: SqlitePool,
        writer: SqlitePool,
    },
    Postgres(PgPool),
}

/// Runs the same body against whichever pool the store has, so SQL is written once.
/// `read` picks SQLite's reader pool, `write` its writer pool.
macro_rules! with_pool {
    ($store:expr, read, |$pool:ident| $body:expr) => {
        match &$store.backend {
            $crate::backend::Backend::Sqlite { reader: $pool, .. } => $body,
            $crate::backend::Backend::Postgres($pool) => $body,
        }
    };
    ($store:expr, write, |$pool:ident| $body:expr) => {
        match &$store.backend {
            $crate::backend::Backend::Sqlite { writer: $pool, .. } => $body,
            $crate::backend::Backend::Postgres($pool) => $body,
        }
    };
}
pub(crate) use with_pool;

pub struct Store {
    pub(crate) backend: Backend,
}

#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// Connections for reading pages (SQLite) or for everything (PostgreSQL).
    pub max_connections: u32,
    /// How long a writer waits for another process's write to finish.
    pub busy_timeout: Duration,
    /// How long the first connection to a database server may take: a server that is
    /// down or unreachable is reported at once, with the reason.
    pub connect_timeout: Duration,
    /// SQLite's page cache for the one writer connection, in KiB.
    pub writer_cache_kib: u32,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            max_connections: 4,
            busy_timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            // SQLite's own default, for a writer that updates indexes across the file.
            writer_cache_kib: 2048,
        }
    }
}

impl Store {
    /// Opens (creating if needed) the SQLite database file at `path`.
    pub async fn open_sqlite(path: &Path, options: &StoreOptions) -> Result<Self, StoreError> {
        let failed = |source| StoreError::Connect {
            target: path.display().to_string(),
            source,
        };
        let connect = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // In WAL mode NORMAL loses nothing when the process dies; only a power cut
            // can take the last commits.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(options.busy_timeout);
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(0)
            .acquire_timeout(options.busy_timeout * 2)
            .connect_with(
                connect
                    .clone()
                    .pragma("cache_size", format!("-{}", options.writer_cache_kib)),
            )
            .await
            .map_err(failed)?;
        sqlx::migrate!("migrations/sqlite").run(&writer).await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(options.max_connections)
            .min_connections(0)
            .idle_timeout(Some(Duration::from_secs(60)))
            // 1 MiB per reader: pages are served from Gazette's own cache, so readers
            // only run the indexed lookups behind a cache miss, and the operating
            // system's file cache holds the database anyway.
            .connect_with(connect.read_only(true).pragma("cache_size", "-1024"))
            .await
            .map_err(failed)?;
        Ok(Self {
            backend: Backend::Sqlite { reader, writer },
        })
    }

    /// Connects to PostgreSQL at `url` and brings its schema up to date.
    pub async fn connect_postgres(url: &str, options: &StoreOptions) -> Result<Self, StoreError> {
        let target = redact_url(url);
        let failed = |source| StoreError::Connect {
            target: target.clone(),
            source,
        };
        let connect = PgConnectOptions::from_str(url).map_err(failed)?;
        // One plain attempt first: the pool would retry a refused connection until its
        // acquire timeout and then report only that it timed out.
        match tokio::time::timeout(
            options.connect_timeout,
            PgConnection::connect_with(&connect),
        )
        .await
        {
            Ok(Ok(connection)) => {
                let _ = connection.close().await;
            }
            Ok(Err(source)) => return Err(failed(source)),
            Err(_) => {
                return Err(StoreError::NoAnswer {
                    target,
                    seconds: options.connect_timeout.as_secs(),
                })
            }
        }
        let pool = PgPoolOptions::new()
            .max_connections(options.max_connections.max(2))
            .acquire_timeout(options.busy_timeout)
            .connect_with(connect)
            .await
            .map_err(failed)?;
        sqlx::migrate!("migrations/postgres").run(&pool).await?;
        Ok(Self {
            backend: Backend::Postgres(pool),
        })
    }

    /// Opens the store a URL names: `postgres://…`/`postgresql://…`, or `sqlite://PATH`.
    pub async fn open_url(url: &str, options: &StoreOptions) -> Result<Self, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Self::connect_postgres(url, options).await
        } else if let Some(path) = url.strip_prefix("sqlite://") {
            Self::open_sqlite(Path::new(path), options).await
        } else {
            Err(StoreError::UnsupportedUrl(redact_url(url)))
        }
    }

    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite { .. } => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    pub async fn close(&self) {
        match &self.backend {
            Backend::Sqlite { reader, writer } => {
                reader.close().await;
                writer.close().await;
            }
            Backend::Postgres(pool) => pool.close().await,
        }
    }
}
