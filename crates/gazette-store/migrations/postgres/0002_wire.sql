-- What wire semantics need: the source's version order, embargo and expiry times, and
-- the content fingerprint that finds one story arriving twice under different ids.
ALTER TABLE stories ADD COLUMN source_version BIGINT;
ALTER TABLE stories ADD COLUMN version_created_at TIMESTAMPTZ;
ALTER TABLE stories ADD COLUMN embargo_until TIMESTAMPTZ;
ALTER TABLE stories ADD COLUMN expires_at TIMESTAMPTZ;
ALTER TABLE stories ADD COLUMN fingerprint TEXT;
ALTER TABLE stories ADD COLUMN duplicate_of TEXT REFERENCES stories(id);
CREATE INDEX stories_fingerprint ON stories (fingerprint);
CREATE INDEX stories_embargoed ON stories (status, embargo_until);
CREATE INDEX stories_expiring ON stories (status, expires_at);
