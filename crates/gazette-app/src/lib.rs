//! Gazette's use cases: ingesting stories and reading the views the site shows. The
//! web layer calls these and never touches the store; every rule comes from
//! `gazette-core`.

mod accounts;
mod comment_import;
mod comments;
mod config;
mod drop_folder;
mod error;
mod feed_polling;
mod ingest;
mod media;
mod nudge;
mod outbound;
mod schedule;
mod tokens;
mod views;
mod wire_queue;

pub use accounts::{Reader, Session};
pub use comment_import::{ImportRefusal, ImportReport, ThreadReport};
pub use comments::{AuthorView, CommentView, ThreadView, TOP_LEVEL_COMMENTS_PER_PAGE};
pub use config::{
    CommentsConfig, Config, ConfigOverrides, FeedConfig, MediaConfig, RateLimitsConfig, Secret,
};
pub use error::{AppError, ErrorChain};
pub use feed_polling::FeedStatus;
pub use gazette_core::{
    AccountRefusal, CommentRefusal, CommentStatus, Role, SourceName, SourceRules, Status,
    ThreadOrder,
};
pub use gazette_store::{ListOf, QueueDecision, QueueOutcome};
pub use ingest::{IngestProgress, IngestReport, IngestStatus};
pub use media::MediaName;
pub use nudge::{ChangeNudges, Nudge};
pub use tokens::{NewToken, TokenRecord};
pub use views::{
    ArticleView, BlockView, BylineGroupView, DateView, FrontPageView, Link, ListView, Pagination,
    SectionBlock, TeaserView,
};
pub use wire_queue::QueuedStory;

use gazette_store::{Store, StoreOptions};

/// The longest comment a reader may post, in characters.
pub const MAX_COMMENT_CHARS: usize = gazette_core::CommentText::MAX_CHARS;
use std::sync::Arc;

/// The running application: configuration and store, shared by every request and job.
#[derive(Clone)]
pub struct App {
    config: Arc<Config>,
    store: Arc<Store>,
    /// Started on the first comment, so commands that post none run no writer task.
    comment_writer: Arc<std::sync::OnceLock<comments::CommentWriter>>,
    /// Woken when this process changed what pages show (see [`App::local_change`]).
    local_changes: Arc<tokio::sync::Notify>,
}

impl App {
    /// Opens the data folder (creating it on first start) and the store it names.
    pub async fn open(config: Config) -> Result<Self, AppError> {
        Self::open_with(config, StoreOptions::default()).await
    }

    /// `open` for a bulk ingest: new stories land in the indexes of the whole file
    /// (slugs, fingerprints and ids are scattered), so the SQLite writer keeps 8 MiB of
    /// pages instead of reading them back from the operating system's file cache again and
    /// again. 64 MiB was no faster for 20,000 items into an empty store, and doubled the
    /// command's peak memory (`bench/ingest.sh`). Only for a command that ends when the
    /// ingest does; a server keeps the default.
    pub async fn open_for_bulk_ingest(config: Config) -> Result<Self, AppError> {
        let options = StoreOptions {
            writer_cache_kib: 8 * 1024,
            ..StoreOptions::default()
        };
        Self::open_with(config, options).await
    }

    async fn open_with(config: Config, options: StoreOptions) -> Result<Self, AppError> {
        std::fs::create_dir_all(&config.data).map_err(|source| AppError::DataFolder {
            path: config.data.clone(),
            source,
        })?;
        let store = match &config.database_url {
            Some(url) => Store::open_url(url.expose(), &options).await?,
            None => Store::open_sqlite(&config.data.join("gazette.sqlite"), &options).await?,
        };
        Ok(Self {
            config: Arc::new(config),
            store: Arc::new(store),
            comment_writer: Arc::default(),
            local_changes: Arc::default(),
        })
    }

    /// Resolves when this process has changed what pages show (a story pushed, dropped
    /// or polled in; a comment posted, edited or voted on), so the follower of the change log reads it at once rather
    /// than at its next poll.
    pub async fn local_change(&self) {
        self.local_changes.notified().await;
    }

    pub(crate) fn wrote(&self) {
        self.local_changes.notify_one();
    }

    /// Listens for nudges from other processes on this data folder (see [`ChangeNudges`]).
    pub fn listen_for_changes(&self) -> std::io::Result<Option<ChangeNudges>> {
        ChangeNudges::listen(&self.config.data)
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn backend_name(&self) -> &'static str {
        self.store.backend_name()
    }

    /// The newest position of the change log; caches compare it with what they saw.
    pub async fn latest_change(&self) -> Result<i64, AppError> {
        Ok(self.store.latest_change().await?)
    }

    /// Stories changed after `seq`, oldest first: (seq, slug of the story).
    pub async fn changes_since(&self, seq: i64) -> Result<Vec<(i64, String)>, AppError> {
        let changes = self.store.changes_since(seq, 1000).await?;
        Ok(changes
            .into_iter()
            .map(|c| (c.seq, c.slug.to_string()))
            .collect())
    }

    pub async fn close(&self) {
        self.store.close().await;
    }
}
