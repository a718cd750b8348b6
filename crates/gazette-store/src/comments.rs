//! Reader accounts, sessions and comment threads.
//!
//! Comments are written in groups: [`Store::insert_comments`] commits every comment that
//! arrived while the previous group was being written in one transaction, synced to disk
//! before it returns, so a reader told "posted" has a comment that survives a crash, and
//! many readers posting at once share one sync instead of waiting for one each.

use crate::backend::{with_pool, Backend, Store};
use crate::writes::{stamp, with_write_tx};
use crate::StoreError;
use std::collections::{BTreeMap, BTreeSet};
use time::OffsetDateTime;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountRecord {
    pub id: String,
    pub email: String,
    pub name: String,
    pub password_hash: Option<String>,
    pub role: String,
    pub email_confirmed_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
    pub banned_until: Option<OffsetDateTime>,
    pub deleted_at: Option<OffsetDateTime>,
}

const ACCOUNT_COLUMNS: &str = "a.id, a.email, a.name, a.password_hash, a.role, \
     a.email_confirmed_at, a.created_at, a.banned_until, a.deleted_at";

pub struct NewAccount<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub created_at: OffsetDateTime,
}

/// A story as its thread needs it: whether it is shown, and the thread's own state.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ThreadOfStory {
    pub story_id: String,
    pub slug: String,
    pub story_status: String,
    pub thread_id: Option<String>,
    pub closed_at: Option<OffsetDateTime>,
    pub comment_count: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CommentRecord {
    pub id: String,
    pub story_id: Option<String>,
    pub parent_id: Option<String>,
    pub depth: i64,
    pub account_id: Option<String>,
    pub author_name: Option<String>,
    pub body: String,
    pub body_html: String,
    pub status: String,
    pub created_at: OffsetDateTime,
    pub edited_at: Option<OffsetDateTime>,
    pub score: i64,
}

const COMMENT_COLUMNS: &str = "c.id, t.story_id, c.parent_id, c.depth, c.account_id, \
     COALESCE(a.name, c.guest_name) AS author_name, c.body, c.body_html, c.status, c.created_at, c.edited_at, c.score";

const COMMENT_FROM: &str = "FROM comments c JOIN threads t ON t.id = c.thread_id \
     LEFT JOIN accounts a ON a.id = c.account_id";

/// A comment to write, already checked by the app: its story's thread takes comments and
/// its parent (if any) is in that thread.
#[derive(Debug, Clone)]
pub struct NewComment {
    pub id: String,
    pub story_id: String,
    pub parent_id: Option<String>,
    pub depth: i64,
    pub account_id: String,
    pub body: String,
    pub body_html: String,
    pub status: String,
    pub created_at: OffsetDateTime,
}

/// What changed in a comment, to write in one statement.
pub enum CommentChange<'a> {
    Edit {
        body: &'a str,
        body_html: &'a str,
        at: OffsetDateTime,
    },
    /// The text goes; the row stays so replies keep their place.
    Delete,
}

/// Tells page caches (through the change log) that a story's thread changed.
macro_rules! log_thread_change {
    ($tx:ident, $story_id:expr, $at:expr) => {
        sqlx::query("INSERT INTO change_log (story_id, kind, at) VALUES ($1, 'comments', $2)")
            .bind($story_id)
            .bind($at)
            .execute(&mut *$tx)
            .await?;
    };
}
pub(crate) use log_thread_change;

/// The statements of [`Store::insert_comments`], for either backend's transaction: each
/// story's thread (made on its first comment), the comments, the threads' counts, and one
/// change-log entry per story.
macro_rules! insert_comment_rows {
    ($tx:ident, $comments:expr, $stories:expr, $now:expr) => {
        let mut shown: BTreeMap<&str, i64> = BTreeMap::new();
        for story_id in $stories {
            sqlx::query(
                "INSERT INTO threads (id, story_id, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (story_id) DO NOTHING",
            )
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(*story_id)
            .bind($now)
            .execute(&mut *$tx)
            .await?;
        }
        for comment in $comments {
            sqlx::query(
                "INSERT INTO comments (id, thread_id, parent_id, depth, account_id, body, \
                 body_html, status, created_at) \
                 SELECT $1, t.id, $2, $3, $4, $5, $6, $7, $8 FROM threads t WHERE t.story_id = $9",
            )
            .bind(&comment.id)
            .bind(&comment.parent_id)
            .bind(comment.depth)
            .bind(&comment.account_id)
            .bind(&comment.body)
            .bind(&comment.body_html)
            .bind(&comment.status)
            .bind(stamp(comment.created_at))
            .bind(&comment.story_id)
            .execute(&mut *$tx)
            .await?;
            if comment.status == "published" {
                *shown.entry(comment.story_id.as_str()).or_default() += 1;
            }
        }
        for (story_id, count) in shown {
            sqlx::query("UPDATE threads SET comment_count = comment_count + $1 WHERE story_id = $2")
                .bind(count)
                .bind(story_id)
                .execute(&mut *$tx)
                .await?;
        }
        for story_id in $stories {
            log_thread_change!($tx, *story_id, $now);
        }
    };
}

impl Store {
    /// Adds an account; [`StoreError::Conflict`] when the email already has one.
    #[tracing::instrument(skip_all)]
    pub async fn insert_account(&self, account: &NewAccount<'_>) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            sqlx::query(
                "INSERT INTO accounts (id, email, name, password_hash, created_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(account.id)
            .bind(account.email)
            .bind(account.name)
            .bind(account.password_hash)
            .bind(stamp(account.created_at))
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    pub async fn account_by_email(&self, email: &str) -> Result<Option<AccountRecord>, StoreError> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.email = $1");
        Ok(with_pool!(self, read, |pool| {
            sqlx::query_as(&sql)
                .bind(email)
                .fetch_optional(pool)
                .await?
        }))
    }

    #[tracing::instrument(skip_all)]
    pub async fn insert_session(
        &self,
        token_hash: &str,
        account_id: &str,
        created_at: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            sqlx::query(
                "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(token_hash)
            .bind(account_id)
            .bind(stamp(created_at))
            .bind(stamp(expires_at))
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// The account a session belongs to, while the session lasts.
    #[tracing::instrument(skip_all)]
    pub async fn account_by_session(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<AccountRecord>, StoreError> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS} FROM sessions s JOIN accounts a ON a.id = s.account_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND a.deleted_at IS NULL"
        );
        Ok(with_pool!(self, read, |pool| {
            sqlx::query_as(&sql)
                .bind(token_hash)
                .bind(stamp(now))
                .fetch_optional(pool)
                .await?
        }))
    }

    #[tracing::instrument(skip_all)]
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// The story behind a thread, and the thread if it has one yet.
    #[tracing::instrument(skip_all)]
    pub async fn thread_of_story(
        &self,
        story_id: &str,
    ) -> Result<Option<ThreadOfStory>, StoreError> {
        Ok(with_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT s.id AS story_id, s.slug, s.status AS story_status, t.id AS thread_id, \
                 t.closed_at, t.comment_count \
                 FROM stories s LEFT JOIN threads t ON t.story_id = s.id WHERE s.id = $1",
            )
            .bind(story_id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Every comment of a story's thread in posting order, whatever its status: the app
    /// decides what each reader sees.
    #[tracing::instrument(skip_all)]
    pub async fn comments_of_story(
        &self,
        story_id: &str,
    ) -> Result<Vec<CommentRecord>, StoreError> {
        let sql = format!(
            "SELECT {COMMENT_COLUMNS} {COMMENT_FROM} WHERE t.story_id = $1 \
             ORDER BY c.created_at, c.id"
        );
        Ok(with_pool!(self, read, |pool| {
            sqlx::query_as(&sql).bind(story_id).fetch_all(pool).await?
        }))
    }

    /// Whether the account has comments waiting for a moderator in the story's thread:
    /// only then does its view of the thread differ from everyone's.
    #[tracing::instrument(skip_all)]
    pub async fn has_waiting_comments(
        &self,
        account_id: &str,
        story_id: &str,
    ) -> Result<bool, StoreError> {
        let exists: bool = with_pool!(self, read, |pool| {
            sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM comments c JOIN threads t ON t.id = c.thread_id \
                 WHERE c.account_id = $1 AND t.story_id = $2 AND c.status = 'pending')",
            )
            .bind(account_id)
            .bind(story_id)
            .fetch_one(pool)
            .await?
        });
        Ok(exists)
    }

    /// One comment. Read from the writer's side, so a comment acknowledged a moment ago
    /// is found even before a reader connection sees the newest commit.
    #[tracing::instrument(skip_all)]
    pub async fn comment(&self, id: &str) -> Result<Option<CommentRecord>, StoreError> {
        let sql = format!("SELECT {COMMENT_COLUMNS} {COMMENT_FROM} WHERE c.id = $1");
        Ok(with_pool!(self, write, |pool| {
            sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?
        }))
    }

    /// Writes a group of comments in one transaction, synced to disk before it returns
    /// (SQLite: `synchronous = FULL` for this transaction; PostgreSQL syncs every commit
    /// by default). Each story's thread is made on its first comment, its count kept, and
    /// one change-log entry per story tells page caches the thread changed.
    #[tracing::instrument(skip_all, fields(comments = comments.len()))]
    pub async fn insert_comments(&self, comments: &[NewComment]) -> Result<(), StoreError> {
        if comments.is_empty() {
            return Ok(());
        }
        let stories: BTreeSet<&str> = comments.iter().map(|c| c.story_id.as_str()).collect();
        let now = stamp(OffsetDateTime::now_utc());
        match &self.backend {
            Backend::Sqlite { writer, .. } => {
                let mut conn = writer.acquire().await?;
                sqlx::query("PRAGMA synchronous = FULL")
                    .execute(&mut *conn)
                    .await?;
                let written = async {
                    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
                    insert_comment_rows!(tx, comments, &stories, now);
                    tx.commit().await?;
                    Ok::<(), StoreError>(())
                }
                .await;
                // Back to the writer's everyday setting, whatever the outcome.
                sqlx::query("PRAGMA synchronous = NORMAL")
                    .execute(&mut *conn)
                    .await?;
                written?;
            }
            Backend::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                insert_comment_rows!(tx, comments, &stories, now);
                tx.commit().await?;
            }
        }
        Ok(())
    }

    /// Edits or deletes a comment, keeping its thread's count and telling page caches.
    /// `false` when there is no such comment.
    #[tracing::instrument(skip_all)]
    pub async fn change_comment(
        &self,
        id: &str,
        change: CommentChange<'_>,
    ) -> Result<bool, StoreError> {
        let now = stamp(OffsetDateTime::now_utc());
        with_write_tx!(self, |tx| {
            let found: Option<(String, String, Option<String>)> = sqlx::query_as(
                "SELECT c.status, c.thread_id, t.story_id FROM comments c \
                 JOIN threads t ON t.id = c.thread_id WHERE c.id = $1",
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((status, thread_id, story_id)) = found else {
                return Ok(false);
            };
            match change {
                CommentChange::Edit {
                    body,
                    body_html,
                    at,
                } => {
                    sqlx::query(
                        "UPDATE comments SET body = $1, body_html = $2, edited_at = $3 WHERE id = $4",
                    )
                    .bind(body)
                    .bind(body_html)
                    .bind(stamp(at))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                }
                CommentChange::Delete => {
                    sqlx::query(
                        "UPDATE comments SET body = '', body_html = '', status = 'deleted' \
                         WHERE id = $1",
                    )
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    if status == "published" {
                        sqlx::query(
                            "UPDATE threads SET comment_count = comment_count - 1 WHERE id = $1",
                        )
                        .bind(&thread_id)
                        .execute(&mut *tx)
                        .await?;
                    }
                }
            }
            if let Some(story_id) = story_id {
                log_thread_change!(tx, &story_id, now);
            }
            tx.commit().await?;
        });
        Ok(true)
    }

    /// Records a reader's upvote; `false` when they had already voted for it.
    #[tracing::instrument(skip_all)]
    pub async fn vote_for_comment(
        &self,
        comment_id: &str,
        account_id: &str,
    ) -> Result<bool, StoreError> {
        let now = stamp(OffsetDateTime::now_utc());
        with_write_tx!(self, |tx| {
            let added = sqlx::query(
                "INSERT INTO comment_votes (comment_id, account_id) VALUES ($1, $2) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(comment_id)
            .bind(account_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                > 0;
            if added {
                let story_id: Option<String> = sqlx::query_scalar(
                    "UPDATE comments SET score = score + 1 WHERE id = $1 RETURNING \
                     (SELECT story_id FROM threads WHERE threads.id = comments.thread_id)",
                )
                .bind(comment_id)
                .fetch_one(&mut *tx)
                .await?;
                if let Some(story_id) = story_id {
                    log_thread_change!(tx, &story_id, now);
                }
            }
            tx.commit().await?;
            Ok(added)
        })
    }

    /// Records a reader's report; a second report by the same reader replaces the reason.
    #[tracing::instrument(skip_all)]
    pub async fn report_comment(
        &self,
        comment_id: &str,
        account_id: &str,
        reason: &str,
        at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            sqlx::query(
                "INSERT INTO comment_reports (comment_id, account_id, reason, created_at) \
                 VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (comment_id, account_id) DO UPDATE SET reason = excluded.reason",
            )
            .bind(comment_id)
            .bind(account_id)
            .bind(reason)
            .bind(stamp(at))
            .execute(pool)
            .await?;
        });
        Ok(())
    }
}
