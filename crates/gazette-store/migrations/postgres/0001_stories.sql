-- Stories, their revisions, sections, people and the change log that caches follow.
CREATE TABLE sections (
    id BIGSERIAL PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE people (
    id BIGSERIAL PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    source_key TEXT NOT NULL UNIQUE,
    slug TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    section_id BIGINT NOT NULL REFERENCES sections(id),
    headline TEXT NOT NULL,
    summary TEXT,
    byline TEXT NOT NULL,
    published_at TIMESTAMPTZ NOT NULL,
    date_origin TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    revision BIGINT NOT NULL,
    content_hash TEXT NOT NULL
);
CREATE INDEX stories_latest ON stories (status, published_at DESC, id DESC);
CREATE INDEX stories_by_section ON stories (section_id, status, published_at DESC, id DESC);

CREATE TABLE revisions (
    story_id TEXT NOT NULL REFERENCES stories(id),
    number BIGINT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    content_hash TEXT NOT NULL,
    content TEXT NOT NULL,
    PRIMARY KEY (story_id, number)
);

CREATE TABLE story_people (
    story_id TEXT NOT NULL REFERENCES stories(id),
    position BIGINT NOT NULL,
    person_id BIGINT NOT NULL REFERENCES people(id),
    PRIMARY KEY (story_id, position)
);
CREATE INDEX story_people_by_person ON story_people (person_id);

CREATE TABLE change_log (
    seq BIGSERIAL PRIMARY KEY,
    story_id TEXT NOT NULL REFERENCES stories(id),
    kind TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
