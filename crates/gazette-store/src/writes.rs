//! Committing arriving stories: one transaction decides and writes, so two copies of
//! the same story arriving at once (say, `gazette ingest` beside a running server)
//! cannot both become new stories.

use crate::backend::{Backend, Store};
use crate::rows::{parse_date_origin, parse_id, parse_slug, parse_status, IngestTargetRow};
use crate::{CommitOutcome, IncomingCommit, StoreError};
use gazette_core::{
    decide_version, ContentFingerprint, ContentHash, CopyStamp, DateOrigin, Status, VersionDecision,
};
use time::OffsetDateTime;

/// SQLite must take its write lock when the transaction starts: a reader that later
/// upgrades to a writer fails at once with "database is locked" instead of waiting.
macro_rules! with_write_tx {
    ($store:expr, |$tx:ident| $body:expr) => {
        match &$store.backend {
            Backend::Sqlite { writer, .. } => {
                let mut $tx = writer.begin_with("BEGIN IMMEDIATE").await?;
                $body
            }
            Backend::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                $body
            }
        }
    };
}
pub(crate) use with_write_tx;

/// Finds or creates a section by slug: `$1` slug, `$2` name; returns its id.
const UPSERT_SECTION: &str = "INSERT INTO sections (slug, name) VALUES ($1, $2) \
     ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id";

/// Lists a story in its home section and each further one, in order, replacing what its
/// earlier revision listed. A macro because the transaction's type differs per backend.
macro_rules! list_in_sections {
    ($tx:ident, $story_id:expr, $home_id:expr, $also_in:expr) => {{
        sqlx::query("DELETE FROM story_sections WHERE story_id = $1")
            .bind($story_id)
            .execute(&mut *$tx)
            .await?;
        let mut section_ids: Vec<i64> = vec![$home_id];
        for section in $also_in {
            let id: i64 = sqlx::query_scalar(UPSERT_SECTION)
                .bind(section.slug.as_str())
                .bind(&section.name)
                .fetch_one(&mut *$tx)
                .await?;
            if !section_ids.contains(&id) {
                section_ids.push(id);
            }
        }
        for (position, section_id) in section_ids.into_iter().enumerate() {
            sqlx::query(
                "INSERT INTO story_sections (story_id, section_id, position) VALUES ($1, $2, $3)",
            )
            .bind($story_id)
            .bind(section_id)
            .bind(position as i64)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}

/// The copy a story shows now, as the version rule compares it.
fn held_stamp(row: &IngestTargetRow) -> Result<CopyStamp, StoreError> {
    Ok(CopyStamp {
        hash: ContentHash::from_stored(row.content_hash.clone()),
        version: row.source_version.and_then(|v| u64::try_from(v).ok()),
        version_created_at: row.version_created_at,
        status: parse_status(&row.status)?,
    })
}

/// Times are stored to the second in UTC, so both backends order them alike.
pub(crate) fn stamp(time: OffsetDateTime) -> OffsetDateTime {
    time.to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .expect("zero nanoseconds is always valid")
}

impl Store {
    #[tracing::instrument(skip_all, fields(source_key = %commit.story.source_key))]
    pub async fn commit_incoming(
        &self,
        commit: &IncomingCommit<'_>,
    ) -> Result<CommitOutcome, StoreError> {
        let story = commit.story;
        let content =
            serde_json::to_string(story).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let received_at = stamp(commit.received_at);
        let summary = story.deck.as_deref().or_else(|| story.body.lead());
        let byline = story.byline.to_text();
        // Versions past i64 (none seen; Reuters' are ~10 digits) keep their order at the top.
        let source_version = story.version.map(|v| i64::try_from(v).unwrap_or(i64::MAX));
        let version_created_at = story.version_created_at.map(stamp);
        let embargo_until = story.embargo_until.map(stamp);
        let expires_at = story.expires_at.map(stamp);
        let fingerprint = ContentFingerprint::of(story);
        let fingerprint = fingerprint.as_ref().map(ContentFingerprint::as_str);
        with_write_tx!(self, |tx| {
            let current: Option<IngestTargetRow> = sqlx::query_as(
                "SELECT id, slug, status, revision, content_hash, source_version, \
                 version_created_at, published_at, date_origin \
                 FROM stories WHERE source_key = $1",
            )
            .bind(&story.source_key)
            .fetch_optional(&mut *tx)
            .await?;
            let incoming = CopyStamp {
                hash: commit.content_hash.clone(),
                version: story.version,
                version_created_at: story.version_created_at,
                status: story.status,
            };
            let held = current.as_ref().map(held_stamp).transpose()?;
            let decision = decide_version(held.as_ref(), &incoming);
            if let Some(refusal) = commit.rules.refuses(decision, story.status) {
                let current = match &current {
                    Some(c) => Some((parse_id(&c.id)?, parse_slug(&c.slug)?)),
                    None => None,
                };
                return Ok(CommitOutcome::Refused { current, refusal });
            }
            let current = match (decision, current) {
                (VersionDecision::Unchanged, Some(current)) => {
                    return Ok(CommitOutcome::Unchanged {
                        id: parse_id(&current.id)?,
                        slug: parse_slug(&current.slug)?,
                    });
                }
                (VersionDecision::Stale, Some(current)) => {
                    return Ok(CommitOutcome::Stale {
                        id: parse_id(&current.id)?,
                        slug: parse_slug(&current.slug)?,
                        held_version: current.source_version,
                    });
                }
                (_, current) => current,
            };
            let section_id: i64 = sqlx::query_scalar(UPSERT_SECTION)
                .bind(commit.section.slug.as_str())
                .bind(&commit.section.name)
                .fetch_one(&mut *tx)
                .await?;
            let (outcome, id, revision) = match current {
                None => {
                    let mut slug = commit.slug.clone();
                    let mut n = 1;
                    while sqlx::query_scalar::<_, String>("SELECT id FROM stories WHERE slug = $1")
                        .bind(slug.as_str())
                        .fetch_optional(&mut *tx)
                        .await?
                        .is_some()
                    {
                        n += 1;
                        slug = commit.slug.numbered(n);
                    }
                    let (published_at, origin) = match commit.source_published_at {
                        Some(at) => (stamp(at), DateOrigin::Source),
                        None => (received_at, DateOrigin::Received),
                    };
                    let id = commit.new_id.to_string();
                    let original: Option<(String, String)> = match fingerprint {
                        Some(fingerprint) => {
                            sqlx::query_as(
                                "SELECT id, slug FROM stories WHERE fingerprint = $1 \
                                 AND duplicate_of IS NULL ORDER BY published_at LIMIT 1",
                            )
                            .bind(fingerprint)
                            .fetch_optional(&mut *tx)
                            .await?
                        }
                        None => None,
                    };
                    let status = match original {
                        Some(_) => Status::Duplicate,
                        None => commit.rules.status_of_new(commit.status),
                    };
                    sqlx::query(
                        "INSERT INTO stories (id, source_key, slug, status, section_id, headline, summary, \
                         byline, published_at, date_origin, updated_at, revision, content_hash, \
                         source_version, version_created_at, embargo_until, expires_at, fingerprint, \
                         duplicate_of) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $13, $14, $15, \
                         $16, $17, $18)",
                    )
                    .bind(&id)
                    .bind(&story.source_key)
                    .bind(slug.as_str())
                    .bind(status.as_str())
                    .bind(section_id)
                    .bind(&story.headline)
                    .bind(summary)
                    .bind(&byline)
                    .bind(published_at)
                    .bind(origin.as_str())
                    .bind(received_at)
                    .bind(commit.content_hash.as_str())
                    .bind(source_version)
                    .bind(version_created_at)
                    .bind(embargo_until)
                    .bind(expires_at)
                    .bind(fingerprint)
                    .bind(original.as_ref().map(|(id, _)| id))
                    .execute(&mut *tx)
                    .await?;
                    let outcome = match original {
                        Some((original_id, original_slug)) => CommitOutcome::Duplicate {
                            id: commit.new_id,
                            original_id: parse_id(&original_id)?,
                            original_slug: parse_slug(&original_slug)?,
                        },
                        None if status == Status::Held => CommitOutcome::Held {
                            id: commit.new_id,
                            slug,
                        },
                        None => CommitOutcome::Published {
                            id: commit.new_id,
                            slug,
                        },
                    };
                    (outcome, id, 1)
                }
                Some(current) => {
                    // A revision without a date of its own keeps the story's first date.
                    let (published_at, origin) = match commit.source_published_at {
                        Some(at) => (stamp(at), DateOrigin::Source),
                        None => (
                            current.published_at,
                            parse_date_origin(&current.date_origin)?,
                        ),
                    };
                    let revision = current.revision + 1;
                    sqlx::query(
                        "UPDATE stories SET section_id = $1, headline = $2, summary = $3, byline = $4, \
                         published_at = $5, date_origin = $6, updated_at = $7, revision = $8, \
                         content_hash = $9, source_version = $11, version_created_at = $12, \
                         embargo_until = $13, expires_at = $14, fingerprint = $16, \
                         status = CASE WHEN status = 'rejected' THEN status \
                         WHEN $10 = 'killed' THEN $10 \
                         WHEN duplicate_of IS NOT NULL OR status = 'held' THEN status ELSE $10 END \
                         WHERE id = $15",
                    )
                    .bind(section_id)
                    .bind(&story.headline)
                    .bind(summary)
                    .bind(&byline)
                    .bind(published_at)
                    .bind(origin.as_str())
                    .bind(received_at)
                    .bind(revision)
                    .bind(commit.content_hash.as_str())
                    .bind(commit.status.as_str())
                    .bind(source_version)
                    .bind(version_created_at)
                    .bind(embargo_until)
                    .bind(expires_at)
                    .bind(&current.id)
                    .bind(fingerprint)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query("DELETE FROM story_people WHERE story_id = $1")
                        .bind(&current.id)
                        .execute(&mut *tx)
                        .await?;
                    let outcome = CommitOutcome::Updated {
                        id: parse_id(&current.id)?,
                        slug: parse_slug(&current.slug)?,
                        revision,
                    };
                    (outcome, current.id, revision)
                }
            };
            list_in_sections!(tx, &id, section_id, &commit.also_in);
            sqlx::query(
                "INSERT INTO revisions (story_id, number, received_at, content_hash, content) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&id)
            .bind(revision)
            .bind(received_at)
            .bind(commit.content_hash.as_str())
            .bind(&content)
            .execute(&mut *tx)
            .await?;
            for (position, person) in story.byline.people().iter().enumerate() {
                let Some(person_slug) = person.slug() else {
                    continue;
                };
                let person_id: i64 = sqlx::query_scalar(
                    "INSERT INTO people (slug, name) VALUES ($1, $2) \
                     ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id",
                )
                .bind(person_slug.as_str())
                .bind(&person.name)
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO story_people (story_id, position, person_id) VALUES ($1, $2, $3)",
                )
                .bind(&id)
                .bind(position as i64)
                .bind(person_id)
                .execute(&mut *tx)
                .await?;
            }
            let kind = if revision == 1 {
                "published"
            } else {
                "updated"
            };
            sqlx::query("INSERT INTO change_log (story_id, kind, at) VALUES ($1, $2, $3)")
                .bind(&id)
                .bind(kind)
                .bind(received_at)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(outcome)
        })
    }

    /// Publishes embargoed stories whose time has come and retires published ones past
    /// their expiry, each with a change-log entry so every server drops its cached pages.
    /// Idempotent, so several servers may run it at once.
    #[tracing::instrument(skip_all)]
    pub async fn apply_due_times(&self, now: OffsetDateTime) -> Result<u64, StoreError> {
        let now = stamp(now);
        with_write_tx!(self, |tx| {
            let mut changed = 0;
            for (from, to, column) in [
                ("embargoed", "published", "embargo_until"),
                ("published", "expired", "expires_at"),
            ] {
                let ids: Vec<String> = sqlx::query_scalar(&format!(
                    "UPDATE stories SET status = $1 \
                     WHERE status = $2 AND {column} IS NOT NULL AND {column} <= $3 RETURNING id"
                ))
                .bind(to)
                .bind(from)
                .bind(now)
                .fetch_all(&mut *tx)
                .await?;
                for id in &ids {
                    sqlx::query("INSERT INTO change_log (story_id, kind, at) VALUES ($1, $2, $3)")
                        .bind(id)
                        .bind(to)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                }
                changed += ids.len() as u64;
            }
            tx.commit().await?;
            Ok(changed)
        })
    }
}
