//! Keeps the page cache true to the store. Every write appends to the store's change
//! log; this task reads the log and drops the pages it makes stale, so a story ingested
//! by another process (`gazette ingest` beside `gazette serve`, or another node) shows
//! without a restart.

use crate::site::Site;
use crate::WebError;
use gazette_app::{ChangeNudges, ErrorChain, Link, Nudge};
use std::sync::Arc;
use std::time::Duration;

/// How often the change log is read when no nudge arrives (another machine wrote, or the
/// writer could not reach this server). Pages are rendered from the store on a cache
/// miss, so a new story's own page shows at once; this bounds how long a list may lag.
const POLL_INTERVAL: Duration = Duration::from_millis(100);

pub(crate) async fn follow_changes(site: Arc<Site>) -> Result<(), WebError> {
    let mut seen = site.app.latest_change().await?;
    let mut menu = site.app.navigation().await.ok();
    let nudges = site.app.listen_for_changes().unwrap_or_else(|error| {
        tracing::warn!(%error, "cannot listen for change nudges; following the change log by polling only");
        None
    });
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(POLL_INTERVAL);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let nudge = tokio::select! {
                _ = ticker.tick() => None,
                _ = site.app.local_change() => None,
                nudge = next_nudge(nudges.as_ref()) => nudge,
            };
            match site.app.changes_since(seen).await {
                Ok(changes) => {
                    let changed = !changes.is_empty();
                    for (seq, slug) in changes {
                        site.cache.story_changed(&slug);
                        seen = seq;
                    }
                    if changed {
                        menu = check_menu(&site, menu).await;
                    }
                }
                Err(e) => {
                    let error = ErrorChain(&e);
                    tracing::warn!(%error, "cannot read the change log");
                }
            }
            if let Some(nudge) = nudge {
                nudge.confirm().await;
            }
        }
    });
    Ok(())
}

async fn next_nudge(nudges: Option<&ChangeNudges>) -> Option<Nudge> {
    match nudges {
        Some(nudges) => nudges.next().await,
        None => std::future::pending().await,
    }
}

/// Every page shows the section menu. After changes, reads it again and, when it is not
/// the menu pages were rendered with (a section appeared, emptied or was renamed), moves
/// the navigation generation on so no cached article shows the old one. `None` is a menu
/// that could not be read: the next read counts as a change.
async fn check_menu(site: &Site, before: Option<Vec<Link>>) -> Option<Vec<Link>> {
    match site.app.navigation().await {
        Ok(menu) => {
            if before.as_ref() != Some(&menu) {
                site.cache.navigation_changed();
            }
            Some(menu)
        }
        Err(e) => {
            let error = ErrorChain(&e);
            tracing::warn!(%error, "cannot read the section menu");
            site.cache.navigation_changed();
            None
        }
    }
}
