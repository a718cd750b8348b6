use std::fmt;
use std::path::PathBuf;
use thiserror::Error;

/// Messages name what failed; the cause is the `source`, printed after it by
/// [`ErrorChain`], so each thing is said once.
#[derive(Debug, Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] gazette_store::StoreError),
    #[error("cannot use the data folder {path}")]
    DataFolder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Import(#[from] crate::comment_import::ImportRefusal),
    #[error("configuration: {0}")]
    Config(String),
    #[error("not found")]
    NotFound,
    /// The task that reads files for `ingest_paths` stopped short (it panicked).
    #[error("the task reading the files stopped")]
    Reader(#[source] tokio::task::JoinError),
    /// A worker thread (password hashing) stopped short.
    #[error("a worker thread stopped")]
    Worker(#[source] tokio::task::JoinError),
    #[error("cannot hash the password: {0}")]
    Password(String),
    #[error("{0}")]
    AccountRefused(gazette_core::AccountRefusal),
    #[error("{0}")]
    CommentRefused(gazette_core::CommentRefusal),
    #[error("this email address already has an account")]
    EmailTaken,
    #[error("the email or password is wrong")]
    LoginFailed,
    /// The reader may not do this (a moderator's action, a banned reader posting).
    #[error("{0}")]
    Forbidden(String),
    /// A group of comments could not be written (the cause is logged where it happened).
    #[error("the comment could not be saved")]
    CommentNotSaved,
    /// The story was here and is no longer shown (withdrawn by its source, or past its
    /// licence); the notice says which.
    #[error("gone: {title}")]
    Gone { title: String, notice: String },
}

/// An error and its causes on one line, for logs and reports: "cannot open the database
/// postgres://u:***@db/x: error communicating with database: Connection refused".
/// Some libraries (sqlx among them) repeat their cause in their own message; a cause
/// already said is not said again.
pub struct ErrorChain<'a>(pub &'a (dyn std::error::Error + 'static));

impl fmt::Display for ErrorChain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut said = self.0.to_string();
        f.write_str(&said)?;
        let mut cause = self.0.source();
        while let Some(error) = cause {
            let message = error.to_string();
            if !said.contains(&message) {
                write!(f, ": {message}")?;
            }
            said = message;
            cause = error.source();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_says_each_cause_once() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        let error = AppError::DataFolder {
            path: PathBuf::from("/x"),
            source: io,
        };
        assert_eq!(
            ErrorChain(&error).to_string(),
            "cannot use the data folder /x: refused"
        );
        let repeating = Repeating(std::io::Error::other("refused"));
        assert_eq!(
            ErrorChain(&repeating).to_string(),
            "cannot talk to the database: refused"
        );
    }

    /// An error that repeats its cause in its own message, as sqlx's do.
    #[derive(Debug, Error)]
    #[error("cannot talk to the database: {0}")]
    struct Repeating(#[source] std::io::Error);
}
