//! Rate limits on what readers do (sign up, log in, comment), per account and per
//! address, kept in this process's memory: each server node counts its own requests.
//!
//! Each limit is a GCRA (generic cell rate algorithm) bucket: `count` requests at once,
//! then one more every `period / count`. A bucket is one instant per key, so a flood of
//! addresses costs a few dozen bytes each, and idle buckets are dropped.

use crate::error::ApiError;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use gazette_app::RateLimitsConfig;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Buckets kept at most: beyond, the least used are dropped (and start full again).
const MAX_BUCKETS: u64 = 200_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Action {
    SignUp,
    LogIn,
    CommentByAccount,
    CommentByAddress,
}

pub(crate) struct RateLimits {
    config: RateLimitsConfig,
    /// Per action and key: the theoretical arrival time of the next request.
    buckets: moka::sync::Cache<(Action, String), Arc<Mutex<Instant>>>,
}

impl RateLimits {
    pub(crate) fn new(config: RateLimitsConfig) -> Self {
        Self {
            config,
            buckets: moka::sync::Cache::builder()
                .max_capacity(MAX_BUCKETS)
                // The longest period: a bucket idle that long is full again anyway.
                .time_to_idle(Duration::from_secs(3600))
                .build(),
        }
    }

    pub(crate) fn enabled(&self) -> bool {
        self.config.enabled
    }

    fn limit(&self, action: Action) -> (u32, Duration) {
        let minute = Duration::from_secs(60);
        match action {
            Action::SignUp => (
                self.config.signups_per_address_per_hour,
                Duration::from_secs(3600),
            ),
            Action::LogIn => (self.config.logins_per_address_per_minute, minute),
            Action::CommentByAccount => (self.config.comments_per_account_per_minute, minute),
            Action::CommentByAddress => (self.config.comments_per_address_per_minute, minute),
        }
    }

    /// Counts one `action` by `key`, or refuses it with how long to wait.
    pub(crate) fn check(&self, action: Action, key: &str) -> Result<(), ApiError> {
        if !self.config.enabled {
            return Ok(());
        }
        let (count, period) = self.limit(action);
        let bucket = self.buckets.get_with((action, key.to_owned()), || {
            Arc::new(Mutex::new(Instant::now()))
        });
        let mut next = bucket
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        take(&mut next, Instant::now(), count, period)
            .map_err(|wait| ApiError::RateLimited { retry_after: wait })
    }

    /// The reader's address: the connection's peer, or with `forwarded_for` the last
    /// `X-Forwarded-For` entry (the one the site's own proxy wrote).
    fn client_address(&self, parts: &Parts) -> String {
        if self.config.forwarded_for {
            let forwarded = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|value| value.to_str().ok())
                .flat_map(|value| value.split(','))
                .map(str::trim)
                .rfind(|entry| !entry.is_empty());
            if let Some(address) = forwarded {
                return address.to_owned();
            }
        }
        parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(|| "unknown".to_owned(), |info| info.0.ip().to_string())
    }
}

/// One GCRA step: allows a request at `now` and moves `next` on, or says how long until
/// one would be allowed. A count of 0 allows nothing.
fn take(next: &mut Instant, now: Instant, count: u32, period: Duration) -> Result<(), Duration> {
    if count == 0 {
        return Err(period);
    }
    let interval = period / count;
    let tolerance = period - interval;
    let earliest = (*next).max(now);
    let ahead = earliest - now;
    if ahead > tolerance {
        return Err(ahead - tolerance);
    }
    *next = earliest + interval;
    Ok(())
}

/// The address a request came from, as the rate limits see it.
pub(crate) struct ClientAddress(pub(crate) String);

impl FromRequestParts<Arc<crate::site::Site>> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        site: &Arc<crate::site::Site>,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self(site.limits.client_address(parts)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_allows_its_count_at_once_then_one_per_interval() {
        let start = Instant::now();
        let mut next = start;
        let period = Duration::from_secs(60);
        for _ in 0..3 {
            assert_eq!(take(&mut next, start, 3, period), Ok(()));
        }
        assert_eq!(
            take(&mut next, start, 3, period),
            Err(Duration::from_secs(20))
        );
        let later = start + Duration::from_secs(20);
        assert_eq!(take(&mut next, later, 3, period), Ok(()));
        assert!(take(&mut next, later, 3, period).is_err());
        let idle = start + Duration::from_secs(600);
        for _ in 0..3 {
            assert_eq!(take(&mut next, idle, 3, period), Ok(()));
        }
    }

    #[test]
    fn a_limit_of_zero_allows_nothing() {
        let now = Instant::now();
        assert!(take(&mut now.clone(), now, 0, Duration::from_secs(60)).is_err());
    }
}
