-- Routing to several sections, the wire queue, and feed leases for several nodes.

-- Every section that lists a story, its home (stories.section_id) at position 0.
CREATE TABLE story_sections (
    story_id TEXT NOT NULL REFERENCES stories(id),
    section_id INTEGER NOT NULL REFERENCES sections(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (story_id, position)
);
CREATE INDEX story_sections_by_section ON story_sections (section_id, story_id);
INSERT INTO story_sections (story_id, section_id, position) SELECT id, section_id, 0 FROM stories;

-- Why an editor rejected a story from the wire queue, when they said.
ALTER TABLE stories ADD COLUMN rejection_reason TEXT;

-- The node polling a feed now, and until when its lease holds: a node that dies lets
-- it run out, and another node takes over.
ALTER TABLE feed_state ADD COLUMN lease_holder TEXT;
ALTER TABLE feed_state ADD COLUMN lease_until TEXT;
