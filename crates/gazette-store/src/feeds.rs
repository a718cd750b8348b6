//! Feed polling state, one row per feed URL.

use crate::backend::{with_pool, Store};
use crate::StoreError;
use time::OffsetDateTime;

#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct FeedState {
    pub url: String,
    pub source: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub last_polled_at: Option<OffsetDateTime>,
    pub last_success_at: Option<OffsetDateTime>,
    pub next_poll_at: Option<OffsetDateTime>,
    pub failures: i64,
    /// What the last poll found, in words ("3 published, 17 unchanged", "HTTP 503").
    pub last_outcome: Option<String>,
}

impl Store {
    #[tracing::instrument(skip_all)]
    pub async fn feed_state(&self, url: &str) -> Result<Option<FeedState>, StoreError> {
        Ok(with_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT url, source, etag, last_modified, last_polled_at, last_success_at, \
                 next_poll_at, failures, last_outcome FROM feed_state WHERE url = $1",
            )
            .bind(url)
            .fetch_optional(pool)
            .await?
        }))
    }

    #[tracing::instrument(skip_all)]
    pub async fn save_feed_state(&self, state: &FeedState) -> Result<(), StoreError> {
        let second = |t: Option<OffsetDateTime>| t.and_then(|t| t.replace_nanosecond(0).ok());
        with_pool!(self, write, |pool| {
            sqlx::query(
                "INSERT INTO feed_state (url, source, etag, last_modified, last_polled_at, \
                 last_success_at, next_poll_at, failures, last_outcome) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 ON CONFLICT (url) DO UPDATE SET source = excluded.source, etag = excluded.etag, \
                 last_modified = excluded.last_modified, last_polled_at = excluded.last_polled_at, \
                 last_success_at = excluded.last_success_at, next_poll_at = excluded.next_poll_at, \
                 failures = excluded.failures, last_outcome = excluded.last_outcome",
            )
            .bind(&state.url)
            .bind(&state.source)
            .bind(&state.etag)
            .bind(&state.last_modified)
            .bind(second(state.last_polled_at))
            .bind(second(state.last_success_at))
            .bind(second(state.next_poll_at))
            .bind(state.failures)
            .bind(&state.last_outcome)
            .execute(pool)
            .await?;
        });
        Ok(())
    }
}
