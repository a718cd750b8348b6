//! Gazette's domain: what a story is, who wrote it, and the rules that decide what an
//! arriving copy means for the story we already hold. Plain values and pure functions,
//! so every rule is testable without a database or a runtime.

mod byline;
mod comments;
mod ids;
mod routing;
mod source;
mod story;
mod versioning;

pub use byline::{join_names, Byline, BylineGroup, Person};
pub use comments::{
    check_password, thread_state, AccountRefusal, ClosedBecause, CommentRefusal, CommentStatus,
    CommentText, DisplayName, Email, Role, ThreadOrder, ThreadState,
};
pub use ids::{SectionRef, Slug, StoryId};
pub use routing::{Refusal, SourceRules};
pub use source::SourceName;
pub use story::{Block, Body, Correction, DateOrigin, IncomingStory, Picture, Status};
pub use versioning::{decide_version, ContentFingerprint, ContentHash, CopyStamp, VersionDecision};
