//! Comments brought in from another system (a Disqus export), written so that the same
//! import run twice adds nothing: comments keep ids derived from their origin, accounts
//! are found by email, threads by story or page URL.

use crate::backend::{Backend, Store};
use crate::comments::log_thread_change;
use crate::writes::{stamp, with_write_tx};
use crate::StoreError;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use time::OffsetDateTime;

/// A thread of the import, before it is found or made.
#[derive(Debug, Clone)]
pub struct ImportedThread {
    /// The origin's id of the thread, which [`ImportedComment::thread_key`] names.
    pub key: String,
    /// The story whose thread this is, when the page was one of our articles and a
    /// story has this slug.
    pub story_slug: Option<String>,
    /// The page's address, the thread's key when no story matches.
    pub page_url: String,
    pub closed: bool,
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone)]
pub enum ImportedAuthor {
    /// The account with this email (lowercased), made without a password when there is
    /// none yet, so its owner can claim it later by confirming the address.
    Account { email: String, name: String },
    /// A name only, shown on the comment.
    Guest { name: String },
}

#[derive(Debug, Clone)]
pub struct ImportedComment {
    /// Derived from the origin's id, the same on every run.
    pub id: String,
    pub thread_key: String,
    pub parent_id: Option<String>,
    pub depth: i64,
    pub author: ImportedAuthor,
    pub body: String,
    pub body_html: String,
    pub status: String,
    pub created_at: OffsetDateTime,
}

/// What to write: threads, and comments with every parent before its replies.
#[derive(Debug, Clone, Default)]
pub struct CommentImport {
    pub threads: Vec<ImportedThread>,
    pub comments: Vec<ImportedComment>,
}

/// Where a thread of the import landed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThreadPlace {
    /// The thread of this story.
    Story { story_id: String },
    /// A thread of a page of another site (or of ours that is no story).
    Page,
}

#[derive(Debug, Clone, Default)]
pub struct ImportOutcome {
    /// By [`ImportedThread::key`].
    pub threads: HashMap<String, ThreadPlace>,
    /// Comments written now, by thread key.
    pub added: BTreeMap<String, u64>,
    /// Comments that were already there (from an earlier run), by thread key.
    pub present: BTreeMap<String, u64>,
    pub accounts_added: u64,
}

impl Store {
    /// Writes an import in one transaction, or, when `commit` is false, goes through
    /// exactly the same statements and rolls them back: a dry run reports what a real
    /// run would do because it is one, undone. Counts of the touched threads are
    /// recounted, and each touched story gets one change-log entry so page caches drop
    /// its thread.
    #[tracing::instrument(skip_all, fields(comments = import.comments.len()))]
    pub async fn import_comments(
        &self,
        import: &CommentImport,
        commit: bool,
    ) -> Result<ImportOutcome, StoreError> {
        let now = stamp(OffsetDateTime::now_utc());
        with_write_tx!(self, |tx| {
            let mut outcome = ImportOutcome::default();
            let mut thread_ids: HashMap<&str, String> = HashMap::new();
            for thread in &import.threads {
                let story_id: Option<String> = match &thread.story_slug {
                    Some(slug) => {
                        sqlx::query_scalar("SELECT id FROM stories WHERE slug = $1")
                            .bind(slug)
                            .fetch_optional(&mut *tx)
                            .await?
                    }
                    None => None,
                };
                let id: String = match &story_id {
                    Some(story_id) => {
                        sqlx::query(
                            "INSERT INTO threads (id, story_id, created_at) VALUES ($1, $2, $3) \
                             ON CONFLICT (story_id) DO NOTHING",
                        )
                        .bind(uuid::Uuid::now_v7().to_string())
                        .bind(story_id)
                        .bind(stamp(thread.created_at))
                        .execute(&mut *tx)
                        .await?;
                        sqlx::query_scalar("SELECT id FROM threads WHERE story_id = $1")
                            .bind(story_id)
                            .fetch_one(&mut *tx)
                            .await?
                    }
                    None => {
                        sqlx::query(
                            "INSERT INTO threads (id, page_url, created_at) VALUES ($1, $2, $3) \
                             ON CONFLICT (page_url) DO NOTHING",
                        )
                        .bind(uuid::Uuid::now_v7().to_string())
                        .bind(&thread.page_url)
                        .bind(stamp(thread.created_at))
                        .execute(&mut *tx)
                        .await?;
                        sqlx::query_scalar("SELECT id FROM threads WHERE page_url = $1")
                            .bind(&thread.page_url)
                            .fetch_one(&mut *tx)
                            .await?
                    }
                };
                if thread.closed {
                    sqlx::query(
                        "UPDATE threads SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL",
                    )
                    .bind(now)
                    .bind(&id)
                    .execute(&mut *tx)
                    .await?;
                }
                outcome.threads.insert(
                    thread.key.clone(),
                    match story_id {
                        Some(story_id) => ThreadPlace::Story { story_id },
                        None => ThreadPlace::Page,
                    },
                );
                thread_ids.insert(&thread.key, id);
            }

            let mut accounts: HashMap<&str, String> = HashMap::new();
            let mut touched: BTreeSet<&str> = BTreeSet::new();
            for comment in &import.comments {
                let Some(thread_id) = thread_ids.get(comment.thread_key.as_str()) else {
                    return Err(StoreError::Corrupt(format!(
                        "imported comment {} names no thread of the import",
                        comment.id
                    )));
                };
                let (account_id, guest_name) = match &comment.author {
                    ImportedAuthor::Account { email, name } => {
                        let id = match accounts.get(email.as_str()) {
                            Some(id) => id.clone(),
                            None => {
                                outcome.accounts_added += sqlx::query(
                                    "INSERT INTO accounts (id, email, name, created_at) \
                                     VALUES ($1, $2, $3, $4) ON CONFLICT (email) DO NOTHING",
                                )
                                .bind(uuid::Uuid::now_v7().to_string())
                                .bind(email)
                                .bind(name)
                                .bind(stamp(comment.created_at))
                                .execute(&mut *tx)
                                .await?
                                .rows_affected();
                                let id: String =
                                    sqlx::query_scalar("SELECT id FROM accounts WHERE email = $1")
                                        .bind(email)
                                        .fetch_one(&mut *tx)
                                        .await?;
                                accounts.insert(email, id.clone());
                                id
                            }
                        };
                        (Some(id), None)
                    }
                    ImportedAuthor::Guest { name } => (None, Some(name.as_str())),
                };
                let added = sqlx::query(
                    "INSERT INTO comments (id, thread_id, parent_id, depth, account_id, guest_name, \
                     body, body_html, status, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING",
                )
                .bind(&comment.id)
                .bind(thread_id)
                .bind(&comment.parent_id)
                .bind(comment.depth)
                .bind(account_id)
                .bind(guest_name)
                .bind(&comment.body)
                .bind(&comment.body_html)
                .bind(&comment.status)
                .bind(stamp(comment.created_at))
                .execute(&mut *tx)
                .await?
                .rows_affected()
                    > 0;
                let tally = if added {
                    touched.insert(thread_id);
                    &mut outcome.added
                } else {
                    &mut outcome.present
                };
                *tally.entry(comment.thread_key.clone()).or_default() += 1;
            }

            for thread_id in touched {
                let story_id: Option<String> = sqlx::query_scalar(
                    "UPDATE threads SET comment_count = (SELECT COUNT(*) FROM comments c \
                     WHERE c.thread_id = threads.id AND c.status = 'published') \
                     WHERE id = $1 RETURNING story_id",
                )
                .bind(thread_id)
                .fetch_one(&mut *tx)
                .await?;
                if let Some(story_id) = story_id {
                    log_thread_change!(tx, story_id, now);
                }
            }
            if commit {
                tx.commit().await?;
            } else {
                tx.rollback().await?;
            }
            Ok(outcome)
        })
    }
}
