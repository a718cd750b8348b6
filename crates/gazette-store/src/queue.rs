//! The wire queue: stories of held sources wait here, stored with every revision and
//! shown nowhere, until an editor releases or rejects them.

use crate::backend::{with_pool, Backend, Store};
use crate::rows::{parse_id, parse_status};
use crate::writes::{stamp, with_write_tx};
use crate::StoreError;
use gazette_core::{IncomingStory, Status, StoryId};
use time::OffsetDateTime;

/// A story waiting for an editor.
#[derive(Debug, Clone)]
pub struct HeldStory {
    pub id: StoryId,
    /// The key it is stored under, which names its source (see `SourceName::story_key`).
    pub source_key: String,
    /// When its first copy arrived.
    pub received_at: OffsetDateTime,
    pub headline: String,
}

/// What an editor decides for a held story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueDecision<'a> {
    /// Publish it now, as its latest copy says (an embargo still holds it until its time).
    Release,
    /// Keep it stored and never show it.
    Reject { reason: Option<&'a str> },
}

/// What a decision did to one story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueOutcome {
    /// Out of the queue, with this status now.
    Settled(Status),
    /// The story is not in the queue; it has this status.
    NotHeld(Status),
    NoSuchStory,
}

#[derive(sqlx::FromRow)]
struct HeldRow {
    id: String,
    source_key: String,
    received_at: OffsetDateTime,
    headline: String,
}

impl Store {
    /// The wire queue, oldest arrival first.
    #[tracing::instrument(skip_all)]
    pub async fn held_stories(&self) -> Result<Vec<HeldStory>, StoreError> {
        let rows: Vec<HeldRow> = with_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT st.id, st.source_key, r.received_at, st.headline FROM stories st \
                 JOIN revisions r ON r.story_id = st.id AND r.number = 1 \
                 WHERE st.status = 'held' ORDER BY r.received_at, st.id",
            )
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|row| {
                Ok(HeldStory {
                    id: parse_id(&row.id)?,
                    source_key: row.source_key,
                    received_at: row.received_at,
                    headline: row.headline,
                })
            })
            .collect()
    }

    /// Takes a story out of the wire queue, with a change-log entry so every server shows
    /// (or keeps hiding) it at once. Its publication time stays the source's.
    #[tracing::instrument(skip_all, fields(%id))]
    pub async fn settle_held(
        &self,
        id: &StoryId,
        decision: QueueDecision<'_>,
        now: OffsetDateTime,
    ) -> Result<QueueOutcome, StoreError> {
        let now = stamp(now);
        with_write_tx!(self, |tx| {
            let row: Option<(String, String)> = sqlx::query_as(
                "SELECT st.status, r.content FROM stories st \
                 JOIN revisions r ON r.story_id = st.id AND r.number = st.revision \
                 WHERE st.id = $1",
            )
            .bind(id.to_string())
            .fetch_optional(&mut *tx)
            .await?;
            let Some((status, content)) = row else {
                return Ok(QueueOutcome::NoSuchStory);
            };
            let status = parse_status(&status)?;
            if status != Status::Held {
                return Ok(QueueOutcome::NotHeld(status));
            }
            let (settled, reason) = match decision {
                // Released as if it arrived now: a withheld copy stays withheld, an
                // embargo holds it until its time, an expiry past takes it off at once.
                QueueDecision::Release => {
                    let story: IncomingStory = serde_json::from_str(&content)
                        .map_err(|e| StoreError::Corrupt(format!("revision content: {e}")))?;
                    (story.status_on_arrival(now), None)
                }
                QueueDecision::Reject { reason } => (Status::Rejected, reason),
            };
            sqlx::query("UPDATE stories SET status = $1, rejection_reason = $2 WHERE id = $3")
                .bind(settled.as_str())
                .bind(reason)
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO change_log (story_id, kind, at) VALUES ($1, $2, $3)")
                .bind(id.to_string())
                .bind(settled.as_str())
                .bind(now)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(QueueOutcome::Settled(settled))
        })
    }
}
