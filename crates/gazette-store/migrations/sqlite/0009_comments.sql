-- Readers, their sessions, and comment threads.
--
-- An account is one email address (stored lowercased). `password_hash` is NULL for an
-- author brought in by an import who has not claimed the account yet. Sessions and
-- other secrets are stored as SHA-256 hashes only.
CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT,
    role TEXT NOT NULL DEFAULT 'reader',
    email_confirmed_at TEXT,
    created_at TEXT NOT NULL,
    banned_until TEXT,
    ban_note TEXT,
    deleted_at TEXT
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_by_account ON sessions (account_id);

-- A thread belongs to a story (whatever its URL or sections), or to a page of another
-- site that embeds the comment widget (`page_url`). `comment_count` counts the comments
-- shown, kept in the same transaction as the comments.
CREATE TABLE threads (
    id TEXT PRIMARY KEY,
    story_id TEXT UNIQUE REFERENCES stories(id),
    page_url TEXT UNIQUE,
    closed_at TEXT,
    comment_count INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

-- `body` is what the author typed (Markdown), `body_html` its sanitised rendering.
-- `depth` is 0 for a top-level comment. Times are whole seconds; the id (UUIDv7) breaks
-- ties in posting order.
CREATE TABLE comments (
    id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL REFERENCES threads(id),
    parent_id TEXT REFERENCES comments(id),
    depth INTEGER NOT NULL,
    account_id TEXT REFERENCES accounts(id),
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    edited_at TEXT,
    score INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX comments_by_thread ON comments (thread_id, created_at, id);
CREATE INDEX comments_by_parent ON comments (parent_id);
CREATE INDEX comments_by_account ON comments (account_id, created_at);

CREATE TABLE comment_votes (
    comment_id TEXT NOT NULL REFERENCES comments(id),
    account_id TEXT NOT NULL REFERENCES accounts(id),
    PRIMARY KEY (comment_id, account_id)
);

CREATE TABLE comment_reports (
    comment_id TEXT NOT NULL REFERENCES comments(id),
    account_id TEXT NOT NULL REFERENCES accounts(id),
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (comment_id, account_id)
);
