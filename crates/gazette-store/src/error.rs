use thiserror::Error;

/// Messages name what failed; the cause is the `source`, so a message printed with its
/// chain says each thing once.
#[derive(Debug, Error)]
pub enum StoreError {
    /// `target` is the SQLite file or the database URL with its password replaced.
    #[error("cannot open the database {target}")]
    Connect {
        target: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("cannot open the database {target}: no answer within {seconds} seconds")]
    NoAnswer { target: String, seconds: u64 },
    #[error("cannot prepare the database schema")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Another writer committed the same story (or slug) first; trying again sees it.
    #[error("another writer stored the same story at the same moment")]
    Conflict,
    #[error("a database query failed")]
    Query(#[source] sqlx::Error),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// The URL is kept with its password replaced.
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://…")]
    UnsupportedUrl(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::Database(db) if db.is_unique_violation() => Self::Conflict,
            _ => Self::Query(error),
        }
    }
}

/// A database URL fit for messages and logs: a password in the URL's user part or in a
/// `password=` parameter becomes `***`. When in doubt it hides more, never less.
pub fn redact_url(url: &str) -> String {
    let mut redacted = url.to_owned();
    if let Some(scheme_end) = url.find("://") {
        let start = scheme_end + 3;
        // The last `@` ends the user part; a password may itself hold `@`, `/` or `?`
        // unescaped, so nothing before that `@` is trusted to be the host.
        if let Some(at) = url[start..].rfind('@').map(|i| start + i) {
            if let Some(colon) = url[start..at].find(':').map(|i| start + i) {
                redacted = format!("{}:***{}", &url[..colon], &url[at..]);
            }
        }
    }
    redact_parameter(&redacted, "password=")
}

fn redact_parameter(url: &str, key: &str) -> String {
    let mut out = String::with_capacity(url.len());
    let mut rest = url;
    while let Some(found) = rest.to_ascii_lowercase().find(key) {
        let at_boundary = found == 0 || matches!(rest.as_bytes()[found - 1], b'?' | b'&');
        let value_start = found + key.len();
        out.push_str(&rest[..value_start]);
        rest = &rest[value_start..];
        if at_boundary {
            let value_end = rest.find(['&', '#']).unwrap_or(rest.len());
            out.push_str("***");
            rest = &rest[value_end..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn passwords_are_hidden_and_the_rest_kept() {
        for (url, expected) in [
            (
                "postgres://u:hunter2@db:5432/x",
                "postgres://u:***@db:5432/x",
            ),
            ("mysql://u:hunter2@h/x", "mysql://u:***@h/x"),
            ("postgres://u:p@ss/w?rd@db/x", "postgres://u:***@db/x"),
            ("postgres://u@db/x", "postgres://u@db/x"),
            ("postgres://db:5432/x", "postgres://db:5432/x"),
            (
                "postgres://u@db/x?sslmode=require&password=hunter2&x=1",
                "postgres://u@db/x?sslmode=require&password=***&x=1",
            ),
            (
                "postgres://u@db/x?PASSWORD=hunter2",
                "postgres://u@db/x?PASSWORD=***",
            ),
            (
                "sqlite://data/gazette.sqlite",
                "sqlite://data/gazette.sqlite",
            ),
            ("not a url", "not a url"),
        ] {
            assert_eq!(redact_url(url), expected, "{url}");
        }
    }
}
