//! Feed polling inside `serve`: each configured RSS, Atom or JSON Feed is fetched on its
//! schedule with a conditional request (the ETag and Last-Modified of the last answer),
//! its entries ingested as its source's stories, and errors backed off so a broken feed
//! is neither hammered nor forgotten. What each feed last did is kept in the store and
//! shown by `gazette feeds`. With several nodes on one database, a node polls a feed
//! only while it holds the feed's lease, so each scheduled poll is fetched once.

use crate::ingest::{IngestReport, IngestStatus};
use crate::outbound::{self, BodyError, REQUEST_TIMEOUT};
use crate::{App, AppError, FeedConfig};
use gazette_store::FeedState;
use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use reqwest::StatusCode;
use std::time::Duration;
use time::OffsetDateTime;

pub use gazette_store::FeedState as FeedStatus;

/// The longest a failing feed waits between tries.
const LONGEST_BACKOFF: Duration = Duration::from_secs(6 * 60 * 60);
/// How often the poller looks for feeds that are due.
const TICK: Duration = Duration::from_millis(250);
/// How long a node's lease on a feed lasts: the longest fetch, plus a margin for its
/// ingest. A poll outliving it may overlap another node's, which costs one request more:
/// ingesting the same entries again changes nothing.
const LEASE: Duration = Duration::from_secs(REQUEST_TIMEOUT.as_secs() + 60);

impl App {
    /// Polls every configured feed when it is due, until the task is dropped.
    pub async fn run_feed_polling(self) {
        let client = match outbound::client("feed polling") {
            Ok(client) => client,
            Err(error) => {
                tracing::error!(%error, "cannot make an HTTP client; feed polling is off");
                return;
            }
        };
        // This run's name in feed leases; a restarted node waits out its old lease.
        let holder = format!("{}-{:08x}", std::process::id(), rand::random::<u32>());
        loop {
            for feed in &self.config.feeds {
                if let Err(error) = self.poll_if_due(&client, feed, &holder).await {
                    tracing::warn!(url = %feed.url, %error, "cannot record a feed poll");
                }
            }
            tokio::time::sleep(TICK).await;
        }
    }

    /// The state of every configured feed, polled or not yet.
    pub async fn feed_statuses(&self) -> Result<Vec<FeedStatus>, AppError> {
        let mut statuses = Vec::new();
        for feed in &self.config.feeds {
            let state = self.store.feed_state(&feed.url).await?;
            statuses.push(state.unwrap_or_else(|| FeedState {
                url: feed.url.clone(),
                source: feed.source.to_string(),
                ..FeedState::default()
            }));
        }
        Ok(statuses)
    }

    async fn poll_if_due(
        &self,
        client: &reqwest::Client,
        feed: &FeedConfig,
        holder: &str,
    ) -> Result<(), AppError> {
        let now = OffsetDateTime::now_utc();
        // A read first: most ticks find nothing due, and need not write.
        let state = self.store.feed_state(&feed.url).await?;
        if state
            .as_ref()
            .and_then(|s| s.next_poll_at)
            .is_some_and(|due| due > now)
        {
            return Ok(());
        }
        let source = feed.source.as_str();
        let lease = self
            .store
            .take_feed_lease(&feed.url, source, holder, now, now + LEASE)
            .await?;
        let Some(mut state) = lease else {
            return Ok(());
        };
        state.source = feed.source.to_string();
        state.last_polled_at = Some(now);
        match self.fetch_and_ingest(client, feed, &state).await {
            Ok(outcome) => {
                state.failures = 0;
                state.last_success_at = Some(now);
                if let Some((etag, last_modified)) = outcome.validators {
                    state.etag = etag;
                    state.last_modified = last_modified;
                }
                state.last_outcome = Some(outcome.summary);
                state.next_poll_at = Some(now + Duration::from_secs(feed.every_seconds));
            }
            Err(problem) => {
                state.failures += 1;
                tracing::warn!(url = %feed.url, %problem, failures = state.failures, "feed poll failed");
                state.last_outcome = Some(problem);
                state.next_poll_at = Some(now + backoff(feed.every_seconds, state.failures));
            }
        }
        self.store.save_feed_state(&state, holder).await?;
        Ok(())
    }

    /// One conditional GET and, on new content, its ingest. The error is the outcome in
    /// words, for the feed's status.
    async fn fetch_and_ingest(
        &self,
        client: &reqwest::Client,
        feed: &FeedConfig,
        state: &FeedState,
    ) -> Result<PollOutcome, String> {
        let mut request = client.get(&feed.url);
        if let Some(etag) = &state.etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        if let Some(last_modified) = &state.last_modified {
            request = request.header(IF_MODIFIED_SINCE, last_modified);
        }
        let response = request
            .send()
            .await
            .map_err(|e| format!("cannot fetch: {e}"))?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(PollOutcome {
                summary: "not modified".into(),
                validators: None,
            });
        }
        if !status.is_success() {
            return Err(format!("HTTP {status}"));
        }
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let validators = Some((header(ETAG), header(LAST_MODIFIED)));
        let limit = self.config.ingest.max_file_bytes;
        let bytes = outbound::read_body(response, limit)
            .await
            .map_err(|e| match e {
                BodyError::TooLarge => {
                    format!("the feed is larger than {limit} bytes (ingest.max_file_bytes)")
                }
                BodyError::Read(e) => format!("cannot read the feed: {e}"),
            })?;
        let reports = self.ingest_document(&feed.source, &feed.url, &bytes).await;
        if reports.iter().all(|r| r.status == IngestStatus::Rejected) {
            let reason = reports
                .first()
                .and_then(|r| r.error.clone())
                .unwrap_or_else(|| "rejected".into());
            return Err(format!("rejected: {reason}"));
        }
        Ok(PollOutcome {
            summary: summarise(&reports),
            validators,
        })
    }
}

struct PollOutcome {
    summary: String,
    /// The new ETag and Last-Modified, when the feed sent content.
    validators: Option<(Option<String>, Option<String>)>,
}

/// The interval, doubled for every failure in a row, at most six hours.
fn backoff(every_seconds: u64, failures: i64) -> Duration {
    let doublings = u32::try_from(failures.clamp(0, 20)).unwrap_or(20);
    Duration::from_secs(every_seconds.max(1))
        .saturating_mul(2u32.saturating_pow(doublings))
        .min(LONGEST_BACKOFF)
}

fn summarise(reports: &[IngestReport]) -> String {
    let mut parts = Vec::new();
    for status in IngestStatus::ALL {
        let n = reports.iter().filter(|r| r.status == status).count();
        if n > 0 {
            parts.push(format!("{n} {}", status.as_str()));
        }
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_per_failure_and_stops_at_six_hours() {
        assert_eq!(backoff(60, 1), Duration::from_secs(120));
        assert_eq!(backoff(60, 3), Duration::from_secs(480));
        assert_eq!(backoff(60, 50), LONGEST_BACKOFF);
        assert_eq!(backoff(0, 0), Duration::from_secs(1), "never a busy loop");
    }
}
