//! Feed polling state, one row per feed URL, and the lease that lets one node of
//! several poll a feed at a time.

use crate::backend::{with_pool, Store};
use crate::writes::stamp;
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

/// Times are stored to the second in UTC, so both backends compare them alike.
fn second(time: Option<OffsetDateTime>) -> Option<OffsetDateTime> {
    time.map(stamp)
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

    /// Takes the lease on a feed that is due at `now` for `holder` until `until`, and
    /// returns its state to poll with; `None` when the feed is not due or another node
    /// holds an unexpired lease. One statement, so of several nodes asking at once
    /// exactly one gets it, and a poll finished meanwhile (its next time saved with the
    /// lease given back) is seen as not due.
    #[tracing::instrument(skip_all)]
    pub async fn take_feed_lease(
        &self,
        url: &str,
        source: &str,
        holder: &str,
        now: OffsetDateTime,
        until: OffsetDateTime,
    ) -> Result<Option<FeedState>, StoreError> {
        Ok(with_pool!(self, write, |pool| {
            sqlx::query_as(
                "INSERT INTO feed_state (url, source, lease_holder, lease_until) \
                 VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (url) DO UPDATE SET lease_holder = excluded.lease_holder, \
                 lease_until = excluded.lease_until \
                 WHERE (feed_state.next_poll_at IS NULL OR feed_state.next_poll_at <= $5) \
                 AND (feed_state.lease_until IS NULL OR feed_state.lease_until < $5 \
                 OR feed_state.lease_holder = $3) \
                 RETURNING url, source, etag, last_modified, last_polled_at, last_success_at, \
                 next_poll_at, failures, last_outcome",
            )
            .bind(url)
            .bind(source)
            .bind(holder)
            .bind(stamp(until))
            .bind(stamp(now))
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Saves what a poll found and gives back `holder`'s lease (not another node's, taken
    /// after this one's ran out).
    #[tracing::instrument(skip_all)]
    pub async fn save_feed_state(&self, state: &FeedState, holder: &str) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            sqlx::query(
                "INSERT INTO feed_state (url, source, etag, last_modified, last_polled_at, \
                 last_success_at, next_poll_at, failures, last_outcome) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 ON CONFLICT (url) DO UPDATE SET source = excluded.source, etag = excluded.etag, \
                 last_modified = excluded.last_modified, last_polled_at = excluded.last_polled_at, \
                 last_success_at = excluded.last_success_at, next_poll_at = excluded.next_poll_at, \
                 failures = excluded.failures, last_outcome = excluded.last_outcome, \
                 lease_until = CASE WHEN feed_state.lease_holder = $10 THEN NULL \
                 ELSE feed_state.lease_until END, \
                 lease_holder = CASE WHEN feed_state.lease_holder = $10 THEN NULL \
                 ELSE feed_state.lease_holder END",
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
            .bind(holder)
            .execute(pool)
            .await?;
        });
        Ok(())
    }
}
