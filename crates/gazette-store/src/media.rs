//! Wire pictures copied into the data folder: which pictures stories show, which are
//! copied, which failed and when to try again. The bytes are files; this is their ledger.

use crate::backend::{with_pool, Backend, Store};
use crate::rows::parse_id;
use crate::writes::{stamp, with_write_tx};
use crate::StoreError;
use gazette_core::{IncomingStory, StoryId};
use time::OffsetDateTime;

/// A story's current copy, as a change-log entry left it.
#[derive(Debug)]
pub struct ChangedStory {
    pub seq: i64,
    pub story_id: StoryId,
    pub content: IncomingStory,
}

/// A picture waiting to be copied (never tried, or failed and due again).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DueMedia {
    pub source_url: String,
    pub attempts: i64,
}

/// A copied picture's file and what was read from it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredMedia {
    pub source_url: String,
    pub sha256: String,
    pub extension: String,
    pub content_type: String,
    pub byte_size: i64,
    pub width: Option<i64>,
    pub height: Option<i64>,
}

/// The change-log kind of a picture copied: the pages showing it are rendered again.
const MEDIA_CHANGE: &str = "media";

impl Store {
    /// The current copy of each story changed after `seq`, oldest change first. Changes
    /// the media store itself wrote are left out: they change no picture.
    #[tracing::instrument(skip_all)]
    pub async fn changed_stories(
        &self,
        seq: i64,
        limit: i64,
    ) -> Result<Vec<ChangedStory>, StoreError> {
        let rows: Vec<(i64, String, String)> = with_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT c.seq, c.story_id, r.content FROM change_log c \
                 JOIN stories st ON st.id = c.story_id \
                 JOIN revisions r ON r.story_id = st.id AND r.number = st.revision \
                 WHERE c.seq > $1 AND c.kind <> $2 ORDER BY c.seq LIMIT $3",
            )
            .bind(seq)
            .bind(MEDIA_CHANGE)
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(seq, id, content)| {
                Ok(ChangedStory {
                    seq,
                    story_id: parse_id(&id)?,
                    content: serde_json::from_str(&content)
                        .map_err(|e| StoreError::Corrupt(format!("revision content: {e}")))?,
                })
            })
            .collect()
    }

    /// Records that a story shows these pictures; a picture not seen before is due now.
    #[tracing::instrument(skip_all)]
    pub async fn note_story_media(
        &self,
        story_id: &StoryId,
        urls: &[&str],
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        if urls.is_empty() {
            return Ok(());
        }
        with_write_tx!(self, |tx| {
            for url in urls {
                sqlx::query(
                    "INSERT INTO media (source_url, next_attempt_at) VALUES ($1, $2) \
                     ON CONFLICT (source_url) DO NOTHING",
                )
                .bind(*url)
                .bind(stamp(now))
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO story_media (story_id, source_url) VALUES ($1, $2) \
                     ON CONFLICT (story_id, source_url) DO NOTHING",
                )
                .bind(story_id.to_string())
                .bind(*url)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Pictures not copied yet whose next attempt is due at `now`, oldest due first.
    #[tracing::instrument(skip_all)]
    pub async fn due_media(
        &self,
        now: OffsetDateTime,
        limit: i64,
    ) -> Result<Vec<DueMedia>, StoreError> {
        Ok(with_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT source_url, attempts FROM media \
                 WHERE state <> 'fetched' AND next_attempt_at <= $1 \
                 ORDER BY next_attempt_at LIMIT $2",
            )
            .bind(stamp(now))
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Takes a due picture for one fetch: moves its next attempt to `until`, so another
    /// node (or this one's next tick) leaves it alone meanwhile. False when it was not
    /// due any more.
    #[tracing::instrument(skip_all)]
    pub async fn claim_media(
        &self,
        url: &str,
        now: OffsetDateTime,
        until: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let claimed = with_pool!(self, write, |pool| {
            sqlx::query(
                "UPDATE media SET next_attempt_at = $3 \
                 WHERE source_url = $1 AND state <> 'fetched' AND next_attempt_at <= $2",
            )
            .bind(url)
            .bind(stamp(now))
            .bind(stamp(until))
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(claimed == 1)
    }

    /// Records a copied picture and logs a change for every story showing it, so their
    /// pages are rendered again with the copy.
    #[tracing::instrument(skip_all)]
    pub async fn save_fetched_media(
        &self,
        media: &StoredMedia,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let now = stamp(now);
        with_write_tx!(self, |tx| {
            sqlx::query(
                "UPDATE media SET state = 'fetched', sha256 = $2, extension = $3, \
                 content_type = $4, byte_size = $5, width = $6, height = $7, failure = NULL, \
                 attempts = attempts + 1, fetched_at = $8 WHERE source_url = $1",
            )
            .bind(&media.source_url)
            .bind(&media.sha256)
            .bind(&media.extension)
            .bind(&media.content_type)
            .bind(media.byte_size)
            .bind(media.width)
            .bind(media.height)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO change_log (story_id, kind, at) \
                 SELECT story_id, $2, $3 FROM story_media WHERE source_url = $1 ORDER BY story_id",
            )
            .bind(&media.source_url)
            .bind(MEDIA_CHANGE)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Records why a picture could not be copied, and when to try again.
    #[tracing::instrument(skip_all)]
    pub async fn save_failed_media(
        &self,
        url: &str,
        failure: &str,
        next_attempt_at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            sqlx::query(
                "UPDATE media SET state = 'failed', failure = $2, attempts = attempts + 1, \
                 next_attempt_at = $3 WHERE source_url = $1",
            )
            .bind(url)
            .bind(failure)
            .bind(stamp(next_attempt_at))
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// The copied pictures a story shows: one query for the whole article.
    #[tracing::instrument(skip_all)]
    pub async fn story_media(&self, story_id: &StoryId) -> Result<Vec<StoredMedia>, StoreError> {
        Ok(with_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT m.source_url, m.sha256, m.extension, m.content_type, m.byte_size, \
                 m.width, m.height FROM story_media sm \
                 JOIN media m ON m.source_url = sm.source_url \
                 WHERE sm.story_id = $1 AND m.state = 'fetched'",
            )
            .bind(story_id.to_string())
            .fetch_all(pool)
            .await?
        }))
    }
}
