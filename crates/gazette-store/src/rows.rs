//! What the store hands out and takes in: domain values, never database rows.

use crate::StoreError;
use gazette_core::{
    ContentFingerprint, ContentHash, DateOrigin, IncomingStory, Refusal, SectionRef, Slug,
    SourceRules, Status, StoryId,
};
use time::OffsetDateTime;

#[derive(sqlx::FromRow)]
pub(crate) struct IngestTargetRow {
    pub id: String,
    pub slug: String,
    pub status: String,
    pub revision: i64,
    pub content_hash: String,
    pub source_version: Option<i64>,
    pub version_created_at: Option<OffsetDateTime>,
    pub published_at: OffsetDateTime,
    pub date_origin: String,
}

/// What is stored of an arriving copy and needs no database, worked out where the copy is
/// read: a batch commits on one thread, so its transaction should only run SQL.
#[derive(Debug)]
pub struct PreparedCopy {
    /// The story as JSON, as its revision keeps it.
    pub(crate) content: String,
    pub(crate) content_hash: ContentHash,
    pub(crate) fingerprint: Option<ContentFingerprint>,
    pub(crate) byline: String,
}

impl PreparedCopy {
    pub fn of(story: &IncomingStory) -> Self {
        let content = serde_json::to_string(story).expect("an IncomingStory always serialises");
        Self {
            content_hash: ContentHash::of_json(&content),
            content,
            fingerprint: ContentFingerprint::of(story),
            byline: story.byline.to_text(),
        }
    }
}

/// An arriving story, with everything the store needs to commit whatever it turns
/// out to be: a new story, a new revision, or nothing new.
#[derive(Debug)]
pub struct IncomingCommit<'a> {
    pub story: &'a IncomingStory,
    /// `PreparedCopy::of(story)`.
    pub copy: &'a PreparedCopy,
    /// The id a new story gets; unused when the story already exists.
    pub new_id: StoryId,
    /// The slug a new story wants; a number is added when another story has it.
    pub slug: Slug,
    /// The story's home section.
    pub section: SectionRef,
    /// Further sections that list the story, after its home.
    pub also_in: Vec<SectionRef>,
    /// What readers may see of the copy; the source's rules may hold a new story.
    pub status: Status,
    /// What the story's source may change.
    pub rules: &'a SourceRules,
    /// The source's publication time, or `None` when the copy carried no date.
    pub source_published_at: Option<OffsetDateTime>,
    pub received_at: OffsetDateTime,
}

/// What committing an arriving story did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommitOutcome {
    Published {
        id: StoryId,
        slug: Slug,
    },
    /// A new story kept and not shown: withheld, embargoed, killed or past its expiry
    /// as it arrived.
    Stored {
        id: StoryId,
        slug: Slug,
        status: Status,
    },
    /// A new story waiting in the wire queue for an editor.
    Held {
        id: StoryId,
        slug: Slug,
    },
    Updated {
        id: StoryId,
        slug: Slug,
        revision: i64,
    },
    Unchanged {
        id: StoryId,
        slug: Slug,
    },
    /// A new id whose text matches a story already held (from another source or
    /// channel): kept, flagged, not published.
    Duplicate {
        id: StoryId,
        original_id: StoryId,
        original_slug: Slug,
    },
    /// Kept out by the source's rules; `current` is the story it would have changed.
    Refused {
        current: Option<(StoryId, Slug)>,
        refusal: Refusal,
    },
    /// An older version than the one held, kept out.
    Stale {
        id: StoryId,
        slug: Slug,
        /// The version the story shows, when the source numbers them.
        held_version: Option<i64>,
    },
}

/// A story as lists show it.
#[derive(Debug, Clone)]
pub struct Teaser {
    pub id: StoryId,
    pub slug: Slug,
    pub headline: String,
    pub summary: Option<String>,
    pub byline: String,
    pub section: SectionRef,
    pub published_at: OffsetDateTime,
    pub date_origin: DateOrigin,
    pub updated_at: OffsetDateTime,
    /// Comments shown in its thread.
    pub comment_count: i64,
}

/// A story as its own page shows it: the current revision in full.
#[derive(Debug, Clone)]
pub struct ArticleRecord {
    pub id: StoryId,
    pub slug: Slug,
    pub status: Status,
    pub section: SectionRef,
    pub published_at: OffsetDateTime,
    pub date_origin: DateOrigin,
    pub updated_at: OffsetDateTime,
    pub revision: i64,
    pub content: IncomingStory,
}

/// One kept revision of a story.
#[derive(Debug, Clone)]
pub struct Revision {
    pub number: i64,
    pub received_at: OffsetDateTime,
    pub content: IncomingStory,
}

#[derive(sqlx::FromRow)]
pub(crate) struct RevisionRow {
    pub number: i64,
    pub received_at: OffsetDateTime,
    pub content: String,
}

impl TryFrom<RevisionRow> for Revision {
    type Error = StoreError;

    fn try_from(row: RevisionRow) -> Result<Self, StoreError> {
        Ok(Self {
            number: row.number,
            received_at: row.received_at,
            content: serde_json::from_str(&row.content)
                .map_err(|e| StoreError::Corrupt(format!("revision {}: {e}", row.number)))?,
        })
    }
}

/// Whose stories a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListOf {
    Section,
    Author,
}

/// One page of a list, with the name of its section or person and the full count.
#[derive(Debug, Clone)]
pub struct StoryList {
    pub name: String,
    pub story_count: i64,
    pub stories: Vec<Teaser>,
}

/// One entry of the change log: a story whose pages must be rendered again.
#[derive(Debug, Clone)]
pub struct Change {
    pub seq: i64,
    pub story_id: StoryId,
    pub slug: Slug,
}

#[derive(sqlx::FromRow)]
pub(crate) struct TeaserRow {
    pub id: String,
    pub slug: String,
    pub headline: String,
    pub summary: Option<String>,
    pub byline: String,
    pub section_name: String,
    pub section_slug: String,
    pub published_at: OffsetDateTime,
    pub date_origin: String,
    pub updated_at: OffsetDateTime,
    pub comment_count: i64,
}

impl TryFrom<TeaserRow> for Teaser {
    type Error = StoreError;
    fn try_from(row: TeaserRow) -> Result<Self, StoreError> {
        Ok(Teaser {
            id: parse_id(&row.id)?,
            slug: parse_slug(&row.slug)?,
            headline: row.headline,
            summary: row.summary,
            byline: row.byline,
            section: SectionRef {
                name: row.section_name,
                slug: parse_slug(&row.section_slug)?,
            },
            published_at: row.published_at,
            date_origin: parse_date_origin(&row.date_origin)?,
            updated_at: row.updated_at,
            comment_count: row.comment_count,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ArticleRow {
    pub id: String,
    pub slug: String,
    pub status: String,
    pub section_name: String,
    pub section_slug: String,
    pub published_at: OffsetDateTime,
    pub date_origin: String,
    pub updated_at: OffsetDateTime,
    pub revision: i64,
    pub content: String,
}

impl TryFrom<ArticleRow> for ArticleRecord {
    type Error = StoreError;
    fn try_from(row: ArticleRow) -> Result<Self, StoreError> {
        Ok(ArticleRecord {
            id: parse_id(&row.id)?,
            slug: parse_slug(&row.slug)?,
            status: parse_status(&row.status)?,
            section: SectionRef {
                name: row.section_name,
                slug: parse_slug(&row.section_slug)?,
            },
            published_at: row.published_at,
            date_origin: parse_date_origin(&row.date_origin)?,
            updated_at: row.updated_at,
            revision: row.revision,
            content: serde_json::from_str(&row.content)
                .map_err(|e| StoreError::Corrupt(format!("revision content: {e}")))?,
        })
    }
}

pub(crate) fn parse_status(text: &str) -> Result<Status, StoreError> {
    Status::parse(text).ok_or_else(|| StoreError::Corrupt(format!("unknown status {text:?}")))
}

pub(crate) fn parse_id(text: &str) -> Result<StoryId, StoreError> {
    StoryId::parse(text).ok_or_else(|| StoreError::Corrupt(format!("story id {text:?}")))
}

pub(crate) fn parse_slug(text: &str) -> Result<Slug, StoreError> {
    Slug::parse(text).ok_or_else(|| StoreError::Corrupt(format!("slug {text:?}")))
}

pub(crate) fn parse_date_origin(text: &str) -> Result<DateOrigin, StoreError> {
    DateOrigin::parse(text).ok_or_else(|| StoreError::Corrupt(format!("date origin {text:?}")))
}
