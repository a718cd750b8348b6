//! Reader comments on stories: reading a thread, posting, replying, editing, deleting,
//! voting and reporting. Each use case checks the rules of `gazette_core` (the thread
//! follows its story; only authors edit; banned readers do not post) before it writes.
//!
//! Posts go through one writer task that commits whatever arrived meanwhile as one
//! durable group (see [`gazette_store::Store::insert_comments`]): an answer of "posted"
//! always means the comment is on disk, and many readers posting at once share a sync.

use crate::accounts::Reader;
use crate::{App, AppError, ErrorChain};
use gazette_core::{
    thread_state, ClosedBecause, CommentRefusal, CommentStatus, CommentText, Status, ThreadOrder,
    ThreadState,
};
use gazette_store::{CommentChange, CommentRecord, NewComment, Store, StoreError};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};

/// At most this many comments in one transaction: enough to share a sync among many
/// posters, few enough that none waits long behind the others.
const MAX_GROUP: usize = 512;

#[derive(Debug, Clone, Serialize)]
pub struct AuthorView {
    /// `None` for a deleted comment.
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CommentView {
    pub id: String,
    pub parent_id: Option<String>,
    pub author: AuthorView,
    pub body_html: String,
    pub created_at: String,
    pub edited_at: Option<String>,
    pub score: i64,
    pub status: CommentStatus,
    /// Nesting shown on the page: the reply depth, capped at `comments.max_depth`.
    pub depth: i64,
    /// Set when the comment is shown less deep than it is: whom it answers.
    pub in_reply_to: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThreadView {
    pub story_id: String,
    pub open: bool,
    /// Why the thread takes no comments, for readers.
    pub closed_notice: Option<String>,
    /// Comments shown to everyone.
    pub count: i64,
    pub order: ThreadOrder,
    /// Which page of top-level comments this is (from 1), of how many.
    pub page: usize,
    pub pages: usize,
    /// In reading order: each top-level comment of the page followed by its replies.
    pub comments: Vec<CommentView>,
}

/// Top-level comments on a page of a thread, each shown with all its replies: a thread
/// of thousands is read a page at a time.
pub const TOP_LEVEL_COMMENTS_PER_PAGE: usize = 100;

struct PendingComment {
    comment: NewComment,
    done: oneshot::Sender<Result<(), AppError>>,
}

/// The one task that writes new comments, fed by every request that posts one.
pub(crate) struct CommentWriter {
    queue: mpsc::Sender<PendingComment>,
}

impl CommentWriter {
    pub(crate) fn start(store: Arc<Store>) -> Self {
        let (queue, arrivals) = mpsc::channel(4 * MAX_GROUP);
        tokio::spawn(write_comment_groups(store, arrivals));
        Self { queue }
    }

    async fn write(&self, comment: NewComment) -> Result<(), AppError> {
        let (done, written) = oneshot::channel();
        self.queue
            .send(PendingComment { comment, done })
            .await
            .map_err(|_| AppError::CommentNotSaved)?;
        written.await.map_err(|_| AppError::CommentNotSaved)?
    }
}

async fn write_comment_groups(store: Arc<Store>, mut arrivals: mpsc::Receiver<PendingComment>) {
    while let Some(first) = arrivals.recv().await {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match arrivals.try_recv() {
                Ok(next) => group.push(next),
                Err(_) => break,
            }
        }
        let (comments, waiting): (Vec<_>, Vec<_>) =
            group.into_iter().map(|p| (p.comment, p.done)).unzip();
        match store.insert_comments(&comments).await {
            Ok(()) => waiting.into_iter().for_each(|done| {
                let _ = done.send(Ok(()));
            }),
            // One bad comment must not lose the others: write them one by one.
            Err(_) if comments.len() > 1 => {
                for (comment, done) in comments.into_iter().zip(waiting) {
                    let result = store.insert_comments(std::slice::from_ref(&comment)).await;
                    let _ = done.send(result.map_err(|e| not_saved(&e)));
                }
            }
            Err(e) => waiting.into_iter().for_each(|done| {
                let _ = done.send(Err(not_saved(&e)));
            }),
        }
    }
}

fn not_saved(error: &StoreError) -> AppError {
    let error = ErrorChain(error);
    tracing::error!(%error, "cannot save a comment");
    AppError::CommentNotSaved
}

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

fn status_of(record: &CommentRecord) -> Result<CommentStatus, AppError> {
    CommentStatus::parse(&record.status).ok_or_else(|| {
        AppError::Store(StoreError::Corrupt(format!(
            "comment {} has the unknown status {:?}",
            record.id, record.status
        )))
    })
}

impl App {
    fn comment_writer(&self) -> &CommentWriter {
        self.comment_writer
            .get_or_init(|| CommentWriter::start(self.store.clone()))
    }

    /// The story's thread state, or `NotFound` when the story has no thread (it does not
    /// exist, or it is not shown).
    async fn open_thread_of(&self, story_id: &str) -> Result<(ThreadState, i64), AppError> {
        let story = self
            .store
            .thread_of_story(story_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let status = Status::parse(&story.story_status).ok_or_else(|| {
            AppError::Store(StoreError::Corrupt(format!(
                "story {story_id} has the unknown status {:?}",
                story.story_status
            )))
        })?;
        match thread_state(status, story.closed_at.is_some()) {
            ThreadState::Absent => Err(AppError::NotFound),
            state => Ok((state, story.comment_count.unwrap_or(0))),
        }
    }

    /// Page `page` (from 1) of a story's thread as `viewer` sees it: comments shown to
    /// everyone, and the viewer's own comments waiting for a moderator. A page past the
    /// last is `NotFound`.
    pub async fn thread(
        &self,
        story_id: &str,
        order: ThreadOrder,
        page: usize,
        viewer: Option<&Reader>,
    ) -> Result<ThreadView, AppError> {
        let (state, count) = self.open_thread_of(story_id).await?;
        let records = self.store.comments_of_story(story_id).await?;
        let mut visible = Vec::with_capacity(records.len());
        for record in records {
            let status = status_of(&record)?;
            let own = viewer.is_some_and(|v| record.account_id.as_deref() == Some(&v.id));
            if status.is_shown() || (own && status == CommentStatus::Pending) {
                visible.push((record, status));
            }
        }
        let max_depth = self.config.comments.max_depth;
        let (comments, pages) = in_reading_order(visible, order, max_depth, page);
        if page == 0 || page > pages {
            return Err(AppError::NotFound);
        }
        let closed_notice = match state {
            ThreadState::Closed(because) => Some(because.notice().to_owned()),
            _ => None,
        };
        Ok(ThreadView {
            story_id: story_id.to_owned(),
            open: state == ThreadState::Open,
            closed_notice,
            count,
            order,
            page,
            pages,
            comments,
        })
    }

    /// The page of the thread (oldest first, as everyone sees it) a comment is shown on:
    /// its top-level comment's page. A comment not shown is on none.
    pub async fn page_of_comment(
        &self,
        story_id: &str,
        comment_id: &str,
    ) -> Result<usize, AppError> {
        // In posting order, which is the oldest-first order of top-level comments.
        let mut order = Vec::new();
        let mut parents: HashMap<String, Option<String>> = HashMap::new();
        for record in self.store.comments_of_story(story_id).await? {
            if status_of(&record)?.is_shown() {
                order.push(record.id.clone());
                parents.insert(record.id, record.parent_id);
            }
        }
        let shown_parent = |id: &str| {
            parents
                .get(id)
                .and_then(Option::as_deref)
                .filter(|parent| parents.contains_key(*parent))
        };
        if !parents.contains_key(comment_id) {
            return Err(AppError::NotFound);
        }
        let mut top = comment_id;
        while let Some(parent) = shown_parent(top) {
            top = parent;
        }
        let position = order
            .iter()
            .filter(|id| shown_parent(id).is_none())
            .position(|id| id == top)
            .ok_or(AppError::NotFound)?;
        Ok(position / TOP_LEVEL_COMMENTS_PER_PAGE + 1)
    }

    /// Posts a comment (or a reply, with `parent_id`) as `reader`.
    pub async fn post_comment(
        &self,
        reader: &Reader,
        story_id: &str,
        text: &str,
        parent_id: Option<&str>,
    ) -> Result<CommentView, AppError> {
        let now = OffsetDateTime::now_utc();
        if reader.is_banned(now) {
            return Err(AppError::Forbidden(
                "your account may not post comments at the moment".to_owned(),
            ));
        }
        let (state, _) = self.open_thread_of(story_id).await?;
        refuse_unless_open(state)?;
        let text = CommentText::parse(text)?;
        let depth = match parent_id {
            None => 0,
            Some(parent_id) => {
                let parent = self.store.comment(parent_id).await?;
                match parent {
                    Some(parent) if parent.story_id.as_deref() == Some(story_id) => {
                        parent.depth + 1
                    }
                    _ => return Err(CommentRefusal::NoSuchParent.into()),
                }
            }
        };
        let comment = NewComment {
            id: uuid::Uuid::now_v7().to_string(),
            story_id: story_id.to_owned(),
            parent_id: parent_id.map(str::to_owned),
            depth,
            account_id: reader.id.clone(),
            body_html: gazette_formats::comment_html(text.as_str()),
            body: text.as_str().to_owned(),
            status: CommentStatus::Published.as_str().to_owned(),
            created_at: now,
        };
        let view = CommentView {
            id: comment.id.clone(),
            parent_id: comment.parent_id.clone(),
            author: AuthorView {
                name: Some(reader.name.clone()),
            },
            body_html: comment.body_html.clone(),
            created_at: rfc3339(now.replace_nanosecond(0).unwrap_or(now)),
            edited_at: None,
            score: 0,
            status: CommentStatus::Published,
            depth: depth.min(self.config.comments.max_depth),
            in_reply_to: None,
        };
        self.comment_writer().write(comment).await?;
        self.wrote();
        Ok(view)
    }

    /// A comment its author may change: theirs, not deleted, in an open thread.
    async fn own_comment(
        &self,
        reader: &Reader,
        comment_id: &str,
    ) -> Result<CommentRecord, AppError> {
        let record = self
            .store
            .comment(comment_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if record.account_id.as_deref() != Some(&reader.id) {
            return Err(CommentRefusal::NotAuthor.into());
        }
        if status_of(&record)? == CommentStatus::Deleted {
            return Err(CommentRefusal::Deleted.into());
        }
        Ok(record)
    }

    /// A comment in a thread that takes changes (edits, votes, reports).
    async fn comment_in_open_thread(&self, comment_id: &str) -> Result<CommentRecord, AppError> {
        let record = self
            .store
            .comment(comment_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if let Some(story_id) = &record.story_id {
            let (state, _) = self.open_thread_of(story_id).await?;
            refuse_unless_open(state)?;
        }
        Ok(record)
    }

    pub async fn edit_comment(
        &self,
        reader: &Reader,
        comment_id: &str,
        text: &str,
    ) -> Result<CommentView, AppError> {
        self.comment_in_open_thread(comment_id).await?;
        let record = self.own_comment(reader, comment_id).await?;
        let minutes = self.config.comments.edit_minutes;
        let now = OffsetDateTime::now_utc();
        if now - record.created_at > time::Duration::minutes(minutes) {
            return Err(CommentRefusal::EditWindowPassed { minutes }.into());
        }
        let text = CommentText::parse(text)?;
        let body_html = gazette_formats::comment_html(text.as_str());
        let change = CommentChange::Edit {
            body: text.as_str(),
            body_html: &body_html,
            at: now,
        };
        self.store.change_comment(comment_id, change).await?;
        self.wrote();
        self.comment_view(comment_id).await
    }

    /// Deletes a comment: its author's (or a moderator's) decision. The thread keeps
    /// its place, marked deleted, so replies keep theirs.
    pub async fn delete_comment(&self, reader: &Reader, comment_id: &str) -> Result<(), AppError> {
        if !reader.role.may_moderate() {
            self.own_comment(reader, comment_id).await?;
        }
        match self
            .store
            .change_comment(comment_id, CommentChange::Delete)
            .await?
        {
            true => {
                self.wrote();
                Ok(())
            }
            false => Err(AppError::NotFound),
        }
    }

    /// An upvote; voting twice counts once.
    pub async fn vote_for_comment(
        &self,
        reader: &Reader,
        comment_id: &str,
    ) -> Result<CommentView, AppError> {
        let record = self.comment_in_open_thread(comment_id).await?;
        if record.account_id.as_deref() == Some(&reader.id) {
            return Err(CommentRefusal::OwnComment.into());
        }
        if status_of(&record)? != CommentStatus::Published {
            return Err(AppError::NotFound);
        }
        self.store.vote_for_comment(comment_id, &reader.id).await?;
        self.wrote();
        self.comment_view(comment_id).await
    }

    /// Whether `reader` sees the story's thread as everyone does: true unless comments
    /// of theirs wait for a moderator there, which only they are shown.
    pub async fn sees_public_thread(
        &self,
        reader: &Reader,
        story_id: &str,
    ) -> Result<bool, AppError> {
        Ok(!self
            .store
            .has_waiting_comments(&reader.id, story_id)
            .await?)
    }

    pub async fn report_comment(
        &self,
        reader: &Reader,
        comment_id: &str,
        reason: &str,
    ) -> Result<(), AppError> {
        const MAX_REASON_CHARS: usize = 500;
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
            return Err(AppError::Forbidden(format!(
                "say in 1 to {MAX_REASON_CHARS} characters why the comment should be looked at"
            )));
        }
        let record = self
            .store
            .comment(comment_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !status_of(&record)?.is_shown() {
            return Err(AppError::NotFound);
        }
        self.store
            .report_comment(comment_id, &reader.id, reason, OffsetDateTime::now_utc())
            .await?;
        Ok(())
    }

    /// A comment shown in the story's thread, for a reply to quote; any other is
    /// `NotFound`.
    pub async fn comment_of_story(
        &self,
        story_id: &str,
        comment_id: &str,
    ) -> Result<CommentView, AppError> {
        let record = self
            .store
            .comment(comment_id)
            .await?
            .filter(|r| r.story_id.as_deref() == Some(story_id))
            .ok_or(AppError::NotFound)?;
        let status = status_of(&record)?;
        if status != CommentStatus::Published {
            return Err(AppError::NotFound);
        }
        Ok(view_of(
            record,
            status,
            self.config.comments.max_depth,
            None,
        ))
    }

    /// Whether the story's thread takes comments; `NotFound` when it has none.
    pub async fn thread_is_open(&self, story_id: &str) -> Result<bool, AppError> {
        let (state, _) = self.open_thread_of(story_id).await?;
        Ok(state == ThreadState::Open)
    }

    async fn comment_view(&self, comment_id: &str) -> Result<CommentView, AppError> {
        let record = self
            .store
            .comment(comment_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let status = status_of(&record)?;
        let max_depth = self.config.comments.max_depth;
        Ok(view_of(record, status, max_depth, None))
    }
}

fn refuse_unless_open(state: ThreadState) -> Result<(), AppError> {
    match state {
        ThreadState::Open => Ok(()),
        ThreadState::Closed(because) => Err(CommentRefusal::Closed(because).into()),
        ThreadState::Absent => Err(CommentRefusal::Closed(ClosedBecause::Moderator).into()),
    }
}

impl From<CommentRefusal> for AppError {
    fn from(refusal: CommentRefusal) -> Self {
        AppError::CommentRefused(refusal)
    }
}

fn view_of(
    record: CommentRecord,
    status: CommentStatus,
    max_depth: i64,
    in_reply_to: Option<String>,
) -> CommentView {
    let deleted = status == CommentStatus::Deleted;
    CommentView {
        id: record.id,
        parent_id: record.parent_id,
        author: AuthorView {
            name: if deleted { None } else { record.author_name },
        },
        body_html: if deleted {
            String::new()
        } else {
            record.body_html
        },
        created_at: rfc3339(record.created_at),
        edited_at: record.edited_at.map(rfc3339),
        score: record.score,
        status,
        depth: record.depth.min(max_depth),
        in_reply_to: if record.depth > max_depth {
            in_reply_to
        } else {
            None
        },
    }
}

/// Orders a thread for reading: top-level comments in `order`, each followed by its
/// replies, depth first, oldest first under each parent (a conversation reads forward).
/// `records` come in posting order. A reply whose parent is not visible (held for
/// moderation, say) is shown at top level rather than lost.
/// The comments of page `page` (from 1) in reading order, and the number of pages (at
/// least one: an empty thread has an empty first page).
fn in_reading_order(
    records: Vec<(CommentRecord, CommentStatus)>,
    order: ThreadOrder,
    max_depth: i64,
    page: usize,
) -> (Vec<CommentView>, usize) {
    let present: std::collections::HashSet<String> =
        records.iter().map(|(r, _)| r.id.clone()).collect();
    let names: HashMap<String, Option<String>> = records
        .iter()
        .map(|(r, _)| (r.id.clone(), r.author_name.clone()))
        .collect();
    let mut top = Vec::new();
    let mut replies: HashMap<String, Vec<(CommentRecord, CommentStatus)>> = HashMap::new();
    for (record, status) in records {
        match record.parent_id.clone().filter(|p| present.contains(p)) {
            Some(parent) => replies.entry(parent).or_default().push((record, status)),
            None => top.push((record, status)),
        }
    }
    match order {
        ThreadOrder::Oldest => {}
        ThreadOrder::Newest => top.reverse(),
        // Stable: equal scores stay oldest first.
        ThreadOrder::Best => top.sort_by_key(|(r, _)| std::cmp::Reverse(r.score)),
    }
    let pages = top.len().div_ceil(TOP_LEVEL_COMMENTS_PER_PAGE).max(1);
    let first = page.saturating_sub(1) * TOP_LEVEL_COMMENTS_PER_PAGE;
    let mut out = Vec::new();
    let mut stack: Vec<(CommentRecord, CommentStatus)> = top
        .into_iter()
        .skip(first)
        .take(TOP_LEVEL_COMMENTS_PER_PAGE)
        .rev()
        .collect();
    while let Some((record, status)) = stack.pop() {
        if let Some(children) = replies.remove(&record.id) {
            stack.extend(children.into_iter().rev());
        }
        let in_reply_to = record
            .parent_id
            .as_ref()
            .and_then(|p| names.get(p).cloned().flatten());
        out.push(view_of(record, status, max_depth, in_reply_to));
    }
    (out, pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, parent: Option<&str>, depth: i64, score: i64) -> CommentRecord {
        CommentRecord {
            id: id.to_owned(),
            story_id: Some("s".to_owned()),
            parent_id: parent.map(str::to_owned),
            depth,
            account_id: Some(format!("author of {id}")),
            author_name: Some(format!("Name {id}")),
            body: id.to_owned(),
            body_html: format!("<p>{id}</p>"),
            status: "published".to_owned(),
            created_at: OffsetDateTime::UNIX_EPOCH,
            edited_at: None,
            score,
        }
    }

    fn ids(views: &[CommentView]) -> Vec<&str> {
        views.iter().map(|v| v.id.as_str()).collect()
    }

    #[test]
    fn replies_follow_their_parent_oldest_first_whatever_the_order() {
        let thread = || {
            vec![
                record("a", None, 0, 0),
                record("b", None, 0, 5),
                record("a1", Some("a"), 1, 9),
                record("b1", Some("b"), 1, 0),
                record("a2", Some("a"), 1, 0),
                record("a1x", Some("a1"), 2, 0),
            ]
            .into_iter()
            .map(|r| (r, CommentStatus::Published))
            .collect::<Vec<_>>()
        };
        let oldest = in_reading_order(thread(), ThreadOrder::Oldest, 4, 1).0;
        assert_eq!(ids(&oldest), ["a", "a1", "a1x", "a2", "b", "b1"]);
        let newest = in_reading_order(thread(), ThreadOrder::Newest, 4, 1).0;
        assert_eq!(ids(&newest), ["b", "b1", "a", "a1", "a1x", "a2"]);
        let best = in_reading_order(thread(), ThreadOrder::Best, 4, 1).0;
        assert_eq!(ids(&best), ["b", "b1", "a", "a1", "a1x", "a2"]);
    }

    #[test]
    fn deep_replies_are_shown_flat_saying_whom_they_answer() {
        let thread = (0..6)
            .map(|depth| {
                let parent = (depth > 0).then(|| format!("c{}", depth - 1));
                let r = record(&format!("c{depth}"), parent.as_deref(), depth, 0);
                (r, CommentStatus::Published)
            })
            .collect();
        let views = in_reading_order(thread, ThreadOrder::Oldest, 2, 1).0;
        let depths: Vec<i64> = views.iter().map(|v| v.depth).collect();
        assert_eq!(depths, [0, 1, 2, 2, 2, 2]);
        assert_eq!(views[2].in_reply_to, None);
        assert_eq!(views[3].in_reply_to.as_deref(), Some("Name c2"));
        assert_eq!(views[5].in_reply_to.as_deref(), Some("Name c4"));
    }

    #[test]
    fn a_page_holds_its_top_level_comments_with_all_their_replies() {
        let per_page = TOP_LEVEL_COMMENTS_PER_PAGE;
        let thread = || {
            (0..per_page + 1)
                .flat_map(|i| {
                    let top = format!("t{i}");
                    let reply = record(&format!("{top}r"), Some(&top), 1, 0);
                    [record(&top, None, 0, 0), reply]
                })
                .map(|r| (r, CommentStatus::Published))
                .collect::<Vec<_>>()
        };
        let (first, pages) = in_reading_order(thread(), ThreadOrder::Oldest, 4, 1);
        assert_eq!(pages, 2);
        assert_eq!(first.len(), 2 * per_page);
        assert_eq!(
            ids(&first[first.len() - 2..]),
            [format!("t{}", per_page - 1), format!("t{}r", per_page - 1)]
        );
        let (second, _) = in_reading_order(thread(), ThreadOrder::Oldest, 4, 2);
        assert_eq!(
            ids(&second),
            [format!("t{per_page}"), format!("t{per_page}r")]
        );
        let (past, _) = in_reading_order(thread(), ThreadOrder::Oldest, 4, 3);
        assert!(past.is_empty());
        assert_eq!(in_reading_order(Vec::new(), ThreadOrder::Oldest, 4, 1).1, 1);
    }

    #[test]
    fn a_deleted_comment_keeps_its_place_without_its_text_or_author() {
        let thread = vec![
            (record("a", None, 0, 0), CommentStatus::Deleted),
            (record("a1", Some("a"), 1, 0), CommentStatus::Published),
        ];
        let views = in_reading_order(thread, ThreadOrder::Oldest, 4, 1).0;
        assert_eq!(ids(&views), ["a", "a1"]);
        assert_eq!(views[0].body_html, "");
        assert_eq!(views[0].author.name, None);
        assert_eq!(views[1].depth, 1);
    }

    #[test]
    fn a_reply_to_a_hidden_comment_is_not_lost() {
        let thread = vec![(record("a1", Some("held"), 1, 0), CommentStatus::Published)];
        let views = in_reading_order(thread, ThreadOrder::Oldest, 4, 1).0;
        assert_eq!(ids(&views), ["a1"]);
    }
}
