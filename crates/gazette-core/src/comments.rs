//! Readers and their comments: who may write what, where, and what a thread looks like.
//! The rules here decide; the app layer reads, asks, and writes.

use crate::Status;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An email address as readers type it, trimmed and lowercased: one account per
/// address, however it is capitalised. Only the shape is checked here (one `@`, a dot in
/// the domain, no spaces); whether it is real is what the confirmation mail finds out.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    /// RFC 5321 §4.5.3.1.3: a path is at most 256 octets, so an address at most 254.
    const MAX_LEN: usize = 254;

    pub fn parse(text: &str) -> Result<Self, AccountRefusal> {
        let text = text.trim().to_lowercase();
        let (local, domain) = text.split_once('@').ok_or(AccountRefusal::BadEmail)?;
        let well_formed = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && !text.chars().any(|c| c.is_whitespace() || c.is_control())
            && text.len() <= Self::MAX_LEN;
        if well_formed {
            Ok(Self(text))
        } else {
            Err(AccountRefusal::BadEmail)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name shown above a reader's comments: 1–60 characters of visible text, inner
/// runs of white space made one space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    const MAX_CHARS: usize = 60;

    pub fn parse(text: &str) -> Result<Self, AccountRefusal> {
        let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let length = name.chars().count();
        if length == 0 || length > Self::MAX_CHARS || name.chars().any(char::is_control) {
            return Err(AccountRefusal::BadName {
                max: Self::MAX_CHARS,
            });
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// NIST SP 800-63B §5.1.1.2: at least 8 characters, and long passphrases allowed; the
/// upper bound only keeps a hostile request from making the server hash megabytes.
pub fn check_password(password: &str) -> Result<(), AccountRefusal> {
    const MIN_CHARS: usize = 8;
    const MAX_BYTES: usize = 1024;
    if password.chars().count() < MIN_CHARS || password.len() > MAX_BYTES {
        return Err(AccountRefusal::BadPassword {
            min: MIN_CHARS,
            max_bytes: MAX_BYTES,
        });
    }
    Ok(())
}

/// Why an account cannot be made or used as asked; the text is shown to the reader.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountRefusal {
    #[error("this is not an email address")]
    BadEmail,
    #[error("a name must be between 1 and {max} characters")]
    BadName { max: usize },
    #[error("a password must have at least {min} characters (and at most {max_bytes} bytes)")]
    BadPassword { min: usize, max_bytes: usize },
}

/// What a reader may do. Each role may do what the ones before it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Reader,
    Moderator,
    Editor,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reader => "reader",
            Self::Moderator => "moderator",
            Self::Editor => "editor",
            Self::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Reader, Self::Moderator, Self::Editor, Self::Admin]
            .into_iter()
            .find(|role| role.as_str() == text)
    }

    pub fn may_moderate(self) -> bool {
        self >= Self::Moderator
    }
}

/// Where a comment stands. Only `Published` comments are shown with their text; a
/// `Deleted` one keeps its place in the thread so replies stay where they were.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CommentStatus {
    Published,
    /// Waiting for a moderator.
    Pending,
    Rejected,
    Spam,
    Deleted,
}

impl CommentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Published => "published",
            Self::Pending => "pending",
            Self::Rejected => "rejected",
            Self::Spam => "spam",
            Self::Deleted => "deleted",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Published,
            Self::Pending,
            Self::Rejected,
            Self::Spam,
            Self::Deleted,
        ]
        .into_iter()
        .find(|status| status.as_str() == text)
    }

    /// Whether the thread shows this comment (its text, or the "deleted" mark that keeps
    /// the thread's shape) to everyone.
    pub fn is_shown(self) -> bool {
        matches!(self, Self::Published | Self::Deleted)
    }
}

/// Whether a story's thread takes comments, derived from the story, never stored apart
/// from it: the wire reaches the thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadState {
    Open,
    /// Shown, taking no new comments, edits or votes; the reason is shown to readers.
    Closed(ClosedBecause),
    /// No thread at all: the story is not shown (embargoed, withheld, held…).
    Absent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosedBecause {
    /// The source withdrew the story (or its licence ran out).
    StoryWithdrawn,
    /// A moderator closed it.
    Moderator,
}

impl ClosedBecause {
    pub fn notice(self) -> &'static str {
        match self {
            Self::StoryWithdrawn => "Comments are closed: this story has been withdrawn.",
            Self::Moderator => "Comments on this story are closed.",
        }
    }
}

/// A story's thread state from the story's status and whether a moderator closed it.
pub fn thread_state(story: Status, closed_by_moderator: bool) -> ThreadState {
    match story {
        Status::Published if closed_by_moderator => ThreadState::Closed(ClosedBecause::Moderator),
        Status::Published => ThreadState::Open,
        Status::Killed | Status::Expired => ThreadState::Closed(ClosedBecause::StoryWithdrawn),
        Status::Withheld
        | Status::Embargoed
        | Status::Duplicate
        | Status::Held
        | Status::Rejected => ThreadState::Absent,
    }
}

/// The text a reader typed, within limits: not blank, at most 10,000 characters (about
/// three times the longest letter to the editor a paper prints).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentText(String);

impl CommentText {
    pub const MAX_CHARS: usize = 10_000;

    pub fn parse(text: &str) -> Result<Self, CommentRefusal> {
        // Carriage returns from form posts become plain line ends. Other control
        // characters mean nothing on a page, and a NUL is not text to PostgreSQL.
        let text: String = text
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .chars()
            .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
            .collect();
        let text = text.trim();
        if text.is_empty() {
            return Err(CommentRefusal::Empty);
        }
        if text.chars().count() > Self::MAX_CHARS {
            return Err(CommentRefusal::TooLong {
                max: Self::MAX_CHARS,
            });
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a comment cannot be posted or changed; the text is shown to the reader.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommentRefusal {
    #[error("the comment is empty")]
    Empty,
    #[error("a comment may have at most {max} characters")]
    TooLong { max: usize },
    #[error("{}", .0.notice())]
    Closed(ClosedBecause),
    #[error("the comment replied to is not in this thread")]
    NoSuchParent,
    #[error("only the author can change a comment")]
    NotAuthor,
    #[error("comments can be edited for {minutes} minutes after posting")]
    EditWindowPassed { minutes: i64 },
    #[error("a deleted comment cannot be changed")]
    Deleted,
    #[error("you cannot vote for your own comment")]
    OwnComment,
}

/// Order of a thread's top-level comments; replies always read oldest first under their
/// parent, as a conversation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThreadOrder {
    #[default]
    Oldest,
    Newest,
    /// Highest score first; ties oldest first.
    Best,
}

impl ThreadOrder {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "oldest" => Some(Self::Oldest),
            "newest" => Some(Self::Newest),
            "best" => Some(Self::Best),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Oldest => "oldest",
            Self::Newest => "newest",
            Self::Best => "best",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_one_per_address_however_capitalised() {
        assert_eq!(
            Email::parse("  Lena.Ortiz@Example.ORG ").map(|e| e.to_string()),
            Ok("lena.ortiz@example.org".to_owned())
        );
        for bad in [
            "",
            "lena",
            "lena@",
            "@example.org",
            "a b@example.org",
            "a@b",
            "a@b.",
            "a@@b.org",
        ] {
            assert_eq!(Email::parse(bad), Err(AccountRefusal::BadEmail), "{bad:?}");
        }
    }

    #[test]
    fn names_are_visible_text_of_sensible_length() {
        assert_eq!(
            DisplayName::parse("  Lena \t Ortiz ").map(|n| n.as_str().to_owned()),
            Ok("Lena Ortiz".to_owned())
        );
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"x".repeat(61)).is_err());
        assert!(DisplayName::parse("Lena\u{7}").is_err());
        assert!(DisplayName::parse("李明").is_ok());
    }

    #[test]
    fn passwords_need_eight_characters() {
        assert!(check_password("short").is_err());
        assert!(check_password("ünïcödé").is_err());
        assert!(check_password("eight ch").is_ok());
        assert!(check_password(&"p".repeat(2000)).is_err());
    }

    #[test]
    fn a_thread_follows_its_story() {
        assert_eq!(thread_state(Status::Published, false), ThreadState::Open);
        assert_eq!(
            thread_state(Status::Published, true),
            ThreadState::Closed(ClosedBecause::Moderator)
        );
        assert_eq!(
            thread_state(Status::Killed, false),
            ThreadState::Closed(ClosedBecause::StoryWithdrawn)
        );
        assert_eq!(thread_state(Status::Embargoed, false), ThreadState::Absent);
        assert_eq!(thread_state(Status::Held, false), ThreadState::Absent);
    }

    #[test]
    fn comment_text_is_trimmed_and_bounded() {
        assert_eq!(CommentText::parse(" \r\n "), Err(CommentRefusal::Empty));
        assert_eq!(
            CommentText::parse("a\r\nb").map(|t| t.as_str().to_owned()),
            Ok("a\nb".to_owned())
        );
        assert_eq!(
            CommentText::parse("<scr\0ipt>\u{7}\tx").map(|t| t.as_str().to_owned()),
            Ok("<script>\tx".to_owned())
        );
        assert_eq!(CommentText::parse("\0\u{1b}"), Err(CommentRefusal::Empty));
        assert!(CommentText::parse(&"é".repeat(CommentText::MAX_CHARS)).is_ok());
        assert!(CommentText::parse(&"é".repeat(CommentText::MAX_CHARS + 1)).is_err());
    }

    #[test]
    fn roles_include_the_ones_below() {
        assert!(!Role::Reader.may_moderate());
        assert!(Role::Moderator.may_moderate());
        assert!(Role::Admin.may_moderate());
        assert_eq!(Role::parse("editor"), Some(Role::Editor));
        assert_eq!(Role::parse("root"), None);
    }
}
