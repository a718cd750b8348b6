-- Wire pictures copied to the data folder, so pages never make a reader's browser ask the
-- wire's host. One row per source URL; the bytes live in DATA/media/<2 hex>/<sha256>.<ext>.
-- `state` is pending (not tried yet), fetched, or failed (`failure` says why); a pending or
-- failed picture is tried again from `next_attempt_at`.
CREATE TABLE media (
    source_url TEXT PRIMARY KEY,
    state TEXT NOT NULL DEFAULT 'pending',
    sha256 TEXT,
    extension TEXT,
    content_type TEXT,
    byte_size INTEGER,
    width INTEGER,
    height INTEGER,
    failure TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    fetched_at TEXT
);
CREATE INDEX media_due ON media (state, next_attempt_at);

-- Which stories show which pictures, so a fetched picture re-renders their pages.
CREATE TABLE story_media (
    story_id TEXT NOT NULL REFERENCES stories(id),
    source_url TEXT NOT NULL REFERENCES media(source_url),
    PRIMARY KEY (story_id, source_url)
);
CREATE INDEX story_media_by_url ON story_media (source_url);
