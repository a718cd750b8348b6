//! `gazette import disqus`: a newsroom moving from Disqus keeps its comments. A thread
//! whose page was one of our articles (`/articles/SLUG` on any host: sites move) becomes
//! that story's thread; any other page keeps a thread of its own under its URL, for the
//! embed. Replies keep their nesting and every comment its date.
//!
//! Running the same export again adds nothing: a comment's id is made from its Disqus
//! id and date (see [`comment_id`]), threads are found by story or URL and authors by
//! email. Authors with an email address get an account without a password
//! (`password_hash` NULL), which its owner can claim once email confirmation exists by
//! confirming the same address; authors without one (guests) are a name on the comment.

use crate::{App, AppError};
use gazette_core::{CommentStatus, Email};
use gazette_formats::{read_disqus_export, DisqusAuthor, DisqusExport, DisqusPost};
use gazette_store::{CommentImport, ImportedAuthor, ImportedComment, ImportedThread, ThreadPlace};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The name shown for a guest who gave none.
const NAMELESS_GUEST: &str = "Anonymous";

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    pub dry_run: bool,
    pub forum: Option<String>,
    /// Threads that became the thread of one of our articles.
    pub threads_matched: u64,
    /// Threads kept under their page's URL (a page of another site, or of ours that is
    /// no article).
    pub threads_external: u64,
    pub threads_skipped: u64,
    pub comments_imported: u64,
    /// Comments an earlier run imported.
    pub comments_already_there: u64,
    /// Comments of skipped threads.
    pub comments_skipped: u64,
    /// Accounts made for authors (no password: to be claimed by email).
    pub accounts_created: u64,
    pub threads: Vec<ThreadReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThreadReport {
    pub disqus_id: String,
    pub link: Option<String>,
    /// `article`, `page` or `skipped`.
    pub outcome: &'static str,
    /// The story, for `article`.
    pub story_id: Option<String>,
    /// Why, for `skipped`.
    pub reason: Option<String>,
    pub comments_imported: u64,
    pub comments_already_there: u64,
    pub comments_skipped: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportRefusal {
    #[error("not a Disqus export: {0}")]
    Unreadable(#[from] gazette_formats::ReadError),
}

impl App {
    /// Imports a Disqus export (its bytes) in one transaction; with `dry_run`, the same
    /// transaction rolled back, so the report is exactly what a real run would say.
    #[tracing::instrument(skip_all)]
    pub async fn import_disqus(
        &self,
        bytes: &[u8],
        dry_run: bool,
    ) -> Result<ImportReport, AppError> {
        let export = read_disqus_export(bytes).map_err(ImportRefusal::from)?;
        let (import, skipped) = plan(&export);
        let outcome = self.store.import_comments(&import, !dry_run).await?;
        let mut report = ImportReport {
            dry_run,
            forum: export.forum.clone(),
            accounts_created: outcome.accounts_added,
            ..ImportReport::default()
        };
        let mut posts_per_thread: HashMap<&str, u64> = HashMap::new();
        for post in &export.posts {
            *posts_per_thread.entry(&post.thread_dsq_id).or_default() += 1;
        }
        for thread in &export.threads {
            let key = thread.dsq_id.as_str();
            let posts = posts_per_thread.get(key).copied().unwrap_or(0);
            let mut line = ThreadReport {
                disqus_id: thread.dsq_id.clone(),
                link: thread.link.clone(),
                outcome: "skipped",
                story_id: None,
                reason: None,
                comments_imported: 0,
                comments_already_there: 0,
                comments_skipped: 0,
            };
            match outcome.threads.get(key) {
                None => {
                    // Only threads left out by the plan are missing from the outcome.
                    line.reason = skipped.get(key).cloned();
                    line.comments_skipped = posts;
                    report.threads_skipped += 1;
                }
                Some(place) => {
                    match place {
                        ThreadPlace::Story { story_id } => {
                            line.outcome = "article";
                            line.story_id = Some(story_id.clone());
                            report.threads_matched += 1;
                        }
                        ThreadPlace::Page => {
                            line.outcome = "page";
                            report.threads_external += 1;
                        }
                    }
                    line.comments_imported = outcome.added.get(key).copied().unwrap_or(0);
                    line.comments_already_there = outcome.present.get(key).copied().unwrap_or(0);
                }
            }
            report.comments_imported += line.comments_imported;
            report.comments_already_there += line.comments_already_there;
            report.comments_skipped += line.comments_skipped;
            report.threads.push(line);
        }
        if !dry_run && report.comments_imported > 0 {
            // A server on this data folder shows the threads at once.
            self.wrote();
            crate::nudge::nudge_local_server(&self.config.data).await;
        }
        Ok(report)
    }
}

/// What to write, and the threads left out with the reason.
fn plan(export: &DisqusExport) -> (CommentImport, HashMap<&str, String>) {
    let mut import = CommentImport::default();
    let mut skipped: HashMap<&str, String> = HashMap::new();
    for thread in &export.threads {
        let page_url = thread.link.as_deref().map(str::trim).filter(|link| {
            let lower = link.to_ascii_lowercase();
            lower.starts_with("http://") || lower.starts_with("https://")
        });
        let reason = if thread.is_deleted {
            Some("deleted on Disqus")
        } else if page_url.is_none() {
            Some("no http(s) link to match it by")
        } else {
            None
        };
        match (reason, page_url) {
            (None, Some(page_url)) => import.threads.push(ImportedThread {
                key: thread.dsq_id.clone(),
                story_slug: article_slug(page_url).map(str::to_owned),
                page_url: page_url.to_owned(),
                closed: thread.is_closed,
                created_at: thread.created_at,
            }),
            (reason, _) => {
                skipped.insert(&thread.dsq_id, reason.unwrap_or_default().to_owned());
            }
        }
    }
    let posts: HashMap<&str, &DisqusPost> = export
        .posts
        .iter()
        .map(|p| (p.dsq_id.as_str(), p))
        .collect();
    let depths = reply_depths(&export.posts, &posts);
    let mut comments: Vec<(i64, ImportedComment)> = export
        .posts
        .iter()
        .filter(|post| !skipped.contains_key(post.thread_dsq_id.as_str()))
        .map(|post| {
            let depth = depths.get(post.dsq_id.as_str()).copied().unwrap_or(0);
            (depth, imported_comment(post, depth, &posts))
        })
        .collect();
    // Parents before their replies (the export's order is not always so).
    comments.sort_by_key(|(depth, _)| *depth);
    import.comments = comments.into_iter().map(|(_, c)| c).collect();
    (import, skipped)
}

/// The slug of an article page (`/articles/SLUG`, on any host, any query or fragment).
fn article_slug(url: &str) -> Option<&str> {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = &after_scheme[after_scheme.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let slug = path.strip_prefix("/articles/")?.trim_end_matches('/');
    let plain = !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    plain.then_some(slug)
}

/// How deep each post is (0 for a top-level comment). The reader guarantees every
/// parent exists and no post is its own ancestor.
fn reply_depths<'a>(
    all: &'a [DisqusPost],
    posts: &HashMap<&'a str, &'a DisqusPost>,
) -> HashMap<&'a str, i64> {
    let mut depths: HashMap<&str, i64> = HashMap::new();
    for post in all {
        // Walk up to a post whose depth is known (or the top), then fill in going down.
        let mut chain: Vec<&str> = Vec::new();
        let mut at = Some(post.dsq_id.as_str());
        let mut base = -1;
        while let Some(id) = at {
            if let Some(&known) = depths.get(id) {
                base = known;
                break;
            }
            chain.push(id);
            at = posts.get(id).and_then(|p| p.parent_dsq_id.as_deref());
        }
        for id in chain.into_iter().rev() {
            base += 1;
            depths.insert(id, base);
        }
    }
    depths
}

fn imported_comment(
    post: &DisqusPost,
    depth: i64,
    posts: &HashMap<&str, &DisqusPost>,
) -> ImportedComment {
    let status = if post.is_spam {
        CommentStatus::Spam
    } else if post.is_deleted {
        CommentStatus::Deleted
    } else {
        CommentStatus::Published
    };
    // A deleted comment keeps its place in the thread, not its text.
    let html = if status == CommentStatus::Deleted {
        String::new()
    } else {
        post.message_html.clone()
    };
    ImportedComment {
        id: comment_id(post),
        thread_key: post.thread_dsq_id.clone(),
        parent_id: post
            .parent_dsq_id
            .as_deref()
            .and_then(|parent| posts.get(parent))
            .map(|parent| comment_id(parent)),
        depth,
        // Spam makes no account: its "author" is not someone to welcome back.
        author: author_of(&post.author, status != CommentStatus::Spam),
        // The original is HTML, not Markdown: it is both the text and its rendering.
        body: html.clone(),
        body_html: html,
        status: status.as_str().to_owned(),
        created_at: post.created_at,
    }
}

fn author_of(author: &DisqusAuthor, may_have_account: bool) -> ImportedAuthor {
    let name = [&author.name, &author.username]
        .into_iter()
        .flatten()
        .map(|n| n.trim())
        .find(|n| !n.is_empty())
        .map(|n| {
            n.chars()
                .filter(|c| !c.is_control())
                .take(60)
                .collect::<String>()
        });
    let email = author
        .email
        .as_deref()
        .filter(|_| may_have_account && !author.is_anonymous)
        .and_then(|email| Email::parse(email).ok());
    match email {
        Some(email) => ImportedAuthor::Account {
            name: name.unwrap_or_else(|| {
                email
                    .as_str()
                    .split('@')
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            }),
            email: email.as_str().to_owned(),
        },
        None => ImportedAuthor::Guest {
            name: name.unwrap_or_else(|| NAMELESS_GUEST.to_owned()),
        },
    }
}

/// The id of an imported comment, the same on every run: a UUIDv7 whose time is the
/// post's date (so imported and native comments sort alike, the id breaking ties in
/// posting order) and whose other bits come from SHA-256 of "disqus:" and the post's id.
fn comment_id(post: &DisqusPost) -> String {
    let digest = Sha256::digest(format!("disqus:{}", post.dsq_id).as_bytes());
    let mut bits = [0u8; 10];
    bits.copy_from_slice(&digest[..10]);
    let millis = u64::try_from(post.created_at.unix_timestamp_nanos() / 1_000_000).unwrap_or(0);
    uuid::Builder::from_unix_timestamp_millis(millis, &bits)
        .into_uuid()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_is_known_by_its_path_on_any_host() {
        for url in [
            "https://old.example.org/articles/ferry-times",
            "http://www.example.com/articles/ferry-times/?utm_source=x#comments",
        ] {
            assert_eq!(article_slug(url), Some("ferry-times"), "{url}");
        }
        for url in [
            "https://example.org/",
            "https://example.org/about",
            "https://example.org/articles/",
            "https://example.org/articles/a/b",
            "https://example.org/sections/articles/x",
        ] {
            assert_eq!(article_slug(url), None, "{url}");
        }
    }
}
