//! The clock inside `serve`: embargoed stories go live at their embargo time and
//! licensed stories leave at their expiry, without anyone touching them.

use crate::App;
use std::time::Duration;
use time::OffsetDateTime;

/// How long the clock sleeps at most: a story with an earlier time may arrive from
/// another process or machine while it sleeps.
const LONGEST_SLEEP: Duration = Duration::from_secs(1);

impl App {
    /// Applies every embargo and expiry that is due now; returns how many stories changed.
    pub async fn apply_due_times(&self) -> Result<u64, crate::AppError> {
        Ok(self
            .store
            .apply_due_times(OffsetDateTime::now_utc())
            .await?)
    }

    /// Runs the clock until the task is dropped.
    pub async fn run_schedule(self) {
        loop {
            match self.apply_due_times().await {
                Ok(0) => {}
                Ok(changed) => tracing::info!(changed, "embargoes and expiries applied"),
                Err(e) => {
                    let error = crate::ErrorChain(&e);
                    tracing::warn!(%error, "cannot apply embargoes and expiries");
                }
            }
            let sleep = match self.store.next_due_time().await {
                Ok(Some(due)) => until(due).min(LONGEST_SLEEP),
                Ok(None) => LONGEST_SLEEP,
                Err(e) => {
                    let error = crate::ErrorChain(&e);
                    tracing::warn!(%error, "cannot read the next embargo or expiry");
                    LONGEST_SLEEP
                }
            };
            tokio::time::sleep(sleep).await;
        }
    }
}

/// Times are stored to the second, and a story due at 12:00:00 must not show at
/// 11:59:59.9, so the clock wakes just after the due second begins.
fn until(due: OffsetDateTime) -> Duration {
    let wait = due - OffsetDateTime::now_utc();
    Duration::try_from(wait).unwrap_or(Duration::ZERO) + Duration::from_millis(5)
}
