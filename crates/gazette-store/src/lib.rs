//! Gazette's storage. One [`Store`] over SQLite (embedded, the default) or PostgreSQL,
//! with the SQL written once wherever the dialects agree. Every write also appends to
//! the change log, which page caches (and later the search index and other nodes)
//! follow instead of asking the database on every request.

mod backend;
mod comments;
mod error;
mod feeds;
mod imports;
mod media;
mod queue;
mod reads;
mod rows;
mod tokens;
mod writes;

pub use backend::{Store, StoreOptions};
pub use comments::{
    AccountRecord, CommentChange, CommentRecord, NewAccount, NewComment, ThreadOfStory,
};
pub use error::{redact_url, StoreError};
pub use feeds::FeedState;
pub use imports::{
    CommentImport, ImportOutcome, ImportedAuthor, ImportedComment, ImportedThread, ThreadPlace,
};
pub use media::{ChangedStory, DueMedia, StoredMedia};
pub use queue::{HeldStory, QueueDecision, QueueOutcome};
pub use rows::{
    ArticleRecord, Change, CommitOutcome, IncomingCommit, ListOf, PreparedCopy, Revision,
    StoryList, Teaser,
};
pub use tokens::TokenRecord;
