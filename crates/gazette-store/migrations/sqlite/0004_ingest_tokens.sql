-- Bearer tokens for HTTP push, one or more per source. Only a hash of each token is
-- kept: a copy of the database does not let anyone push stories.
CREATE TABLE ingest_tokens (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT
);
