//! The wire queue as an editor works it: what waits, and releasing or rejecting stories.
//! The newsroom will show it; until then `gazette queue` does.

use crate::{App, AppError};
use gazette_core::{SourceName, StoryId};
use gazette_store::{QueueDecision, QueueOutcome};
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// One story waiting in the wire queue: a line of `gazette queue list`.
#[derive(Debug, Clone, Serialize)]
pub struct QueuedStory {
    pub id: String,
    pub source: String,
    /// When its first copy arrived, in RFC 3339.
    pub received: String,
    pub headline: String,
}

impl App {
    /// The stories waiting for an editor, oldest first.
    pub async fn wire_queue(&self) -> Result<Vec<QueuedStory>, AppError> {
        let held = self.store.held_stories().await?;
        Ok(held
            .into_iter()
            .map(|story| QueuedStory {
                id: story.id.to_string(),
                source: SourceName::of_story_key(&story.source_key).to_string(),
                received: story.received_at.format(&Rfc3339).unwrap_or_default(),
                headline: story.headline,
            })
            .collect())
    }

    /// Releases or rejects each story `ids` names, in order, and says what became of
    /// each. A server on this data folder has read the change log when this returns.
    pub async fn settle_queued(
        &self,
        ids: &[String],
        decision: QueueDecision<'_>,
    ) -> Result<Vec<(String, QueueOutcome)>, AppError> {
        let mut outcomes = Vec::with_capacity(ids.len());
        for text in ids {
            let outcome = match StoryId::parse(text) {
                Some(id) => {
                    let now = OffsetDateTime::now_utc();
                    self.store.settle_held(&id, decision, now).await?
                }
                None => QueueOutcome::NoSuchStory,
            };
            outcomes.push((text.clone(), outcome));
        }
        if outcomes
            .iter()
            .any(|(_, outcome)| matches!(outcome, QueueOutcome::Settled(_)))
        {
            crate::nudge::nudge_local_server(&self.config.data).await;
        }
        Ok(outcomes)
    }
}
