-- What feed polling remembers per feed: the validators for conditional requests, when
-- to poll next (backing off after errors), and what the last poll found.
CREATE TABLE feed_state (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_polled_at TIMESTAMPTZ,
    last_success_at TIMESTAMPTZ,
    next_poll_at TIMESTAMPTZ,
    failures BIGINT NOT NULL DEFAULT 0,
    last_outcome TEXT
);
