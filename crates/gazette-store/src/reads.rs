//! The queries behind the site's pages. Each page is one or two queries, never one per
//! story.

use crate::backend::{with_pool, Store};
use crate::rows::{parse_id, parse_slug, ArticleRow, RevisionRow, TeaserRow};
use crate::{ArticleRecord, Change, ListOf, Revision, StoreError, StoryList, Teaser};
use gazette_core::{SectionRef, Slug, StoryId};

/// The columns and joins every story list selects; the caller adds WHERE and ORDER.
macro_rules! teasers_where {
    ($rest:literal) => {
        concat!(
            "SELECT st.id, st.slug, st.headline, st.summary, st.byline, se.name AS section_name, \
             se.slug AS section_slug, st.published_at, st.date_origin, st.updated_at, \
             COALESCE(th.comment_count, 0) AS comment_count \
             FROM stories st JOIN sections se ON se.id = st.section_id \
             LEFT JOIN threads th ON th.story_id = st.id ",
            $rest
        )
    };
}

/// The published stories a section lists (its own and those it shares with other
/// sections), newest first: `$1` slug, `$2` limit, `$3` offset. Teasers name each
/// story's home section.
const SECTION_STORIES: &str = concat!(
    teasers_where!(
        "JOIN story_sections ss ON ss.story_id = st.id JOIN sections ls ON ls.id = ss.section_id \
         WHERE ls.slug = $1 AND st.status = 'published' "
    ),
    "ORDER BY st.published_at DESC, st.id DESC LIMIT $2 OFFSET $3"
);

/// The published stories whose home is a section, newest first: `$1` slug, `$2` limit.
/// The front page's section blocks show a story of several sections once, in its home's.
const HOME_SECTION_STORIES: &str = concat!(
    teasers_where!("WHERE se.slug = $1 AND st.status = 'published' "),
    "ORDER BY st.published_at DESC, st.id DESC LIMIT $2"
);

fn into_teasers(rows: Vec<TeaserRow>) -> Result<Vec<Teaser>, StoreError> {
    rows.into_iter().map(Teaser::try_from).collect()
}

impl Store {
    /// The newest published stories across the site.
    #[tracing::instrument(skip_all)]
    pub async fn latest_stories(&self, limit: i64) -> Result<Vec<Teaser>, StoreError> {
        let rows: Vec<TeaserRow> = with_pool!(self, read, |pool| {
            sqlx::query_as(concat!(
                teasers_where!("WHERE st.status = 'published' "),
                "ORDER BY st.published_at DESC, st.id DESC LIMIT $1"
            ))
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        into_teasers(rows)
    }

    /// The newest `per_section` published stories at home in each section, sections by
    /// name.
    /// One indexed query per section: the sections are few, the stories many, and a
    /// single windowed query would read every story.
    #[tracing::instrument(skip_all)]
    pub async fn latest_by_section(&self, per_section: i64) -> Result<Vec<Teaser>, StoreError> {
        let mut teasers = Vec::new();
        for section in self.sections().await? {
            let rows: Vec<TeaserRow> = with_pool!(self, read, |pool| {
                sqlx::query_as(HOME_SECTION_STORIES)
                    .bind(section.slug.as_str())
                    .bind(per_section)
                    .fetch_all(pool)
                    .await?
            });
            teasers.extend(into_teasers(rows)?);
        }
        Ok(teasers)
    }

    /// Sections that list published stories, by name.
    #[tracing::instrument(skip_all)]
    pub async fn sections(&self) -> Result<Vec<SectionRef>, StoreError> {
        let rows: Vec<(String, String)> = with_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT se.slug, se.name FROM sections se WHERE EXISTS \
                 (SELECT 1 FROM story_sections ss JOIN stories st ON st.id = ss.story_id \
                 WHERE ss.section_id = se.id AND st.status = 'published') \
                 ORDER BY se.name",
            )
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(slug, name)| {
                Ok(SectionRef {
                    name,
                    slug: parse_slug(&slug)?,
                })
            })
            .collect()
    }

    /// One page of a section's or a person's published stories, newest first, with the
    /// name of the section or person and their total.
    #[tracing::instrument(skip_all)]
    pub async fn story_list(
        &self,
        of: ListOf,
        slug: &Slug,
        offset: i64,
        limit: i64,
    ) -> Result<Option<StoryList>, StoreError> {
        let (header_sql, stories_sql) = match of {
            ListOf::Section => (
                "SELECT se.name, COUNT(st.id) FROM sections se \
                 LEFT JOIN story_sections ss ON ss.section_id = se.id \
                 LEFT JOIN stories st ON st.id = ss.story_id AND st.status = 'published' \
                 WHERE se.slug = $1 GROUP BY se.id, se.name",
                SECTION_STORIES,
            ),
            ListOf::Author => (
                "SELECT p.name, COUNT(st.id) FROM people p \
                 LEFT JOIN story_people sp ON sp.person_id = p.id \
                 LEFT JOIN stories st ON st.id = sp.story_id AND st.status = 'published' \
                 WHERE p.slug = $1 GROUP BY p.id, p.name",
                concat!(
                    teasers_where!(
                        "JOIN story_people sp ON sp.story_id = st.id JOIN people p ON p.id = sp.person_id \
                         WHERE p.slug = $1 AND st.status = 'published' "
                    ),
                    "ORDER BY st.published_at DESC, st.id DESC LIMIT $2 OFFSET $3"
                ),
            ),
        };
        let (header, rows): (Option<(String, i64)>, Vec<TeaserRow>) =
            with_pool!(self, read, |pool| {
                let header = sqlx::query_as(header_sql)
                    .bind(slug.as_str())
                    .fetch_optional(pool)
                    .await?;
                let rows = sqlx::query_as(stories_sql)
                    .bind(slug.as_str())
                    .bind(limit)
                    .bind(offset)
                    .fetch_all(pool)
                    .await?;
                (header, rows)
            });
        let Some((name, story_count)) = header else {
            return Ok(None);
        };
        Ok(Some(StoryList {
            name,
            story_count,
            stories: into_teasers(rows)?,
        }))
    }

    /// A story's page by its slug, whatever its status: the caller decides what readers see.
    #[tracing::instrument(skip_all)]
    pub async fn article_by_slug(&self, slug: &Slug) -> Result<Option<ArticleRecord>, StoreError> {
        let row: Option<ArticleRow> = with_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT st.id, st.slug, st.status, se.name AS section_name, se.slug AS section_slug, \
                 st.published_at, st.date_origin, st.updated_at, st.revision, r.content \
                 FROM stories st JOIN sections se ON se.id = st.section_id \
                 JOIN revisions r ON r.story_id = st.id AND r.number = st.revision \
                 WHERE st.slug = $1",
            )
            .bind(slug.as_str())
            .fetch_optional(pool)
            .await?
        });
        row.map(ArticleRecord::try_from).transpose()
    }

    /// The next time an embargo ends or a published story expires, if any is set.
    #[tracing::instrument(skip_all)]
    pub async fn next_due_time(&self) -> Result<Option<time::OffsetDateTime>, StoreError> {
        let (embargo, expiry): (Option<time::OffsetDateTime>, Option<time::OffsetDateTime>) =
            with_pool!(self, read, |pool| {
                sqlx::query_as(
                    "SELECT (SELECT MIN(embargo_until) FROM stories WHERE status = 'embargoed'), \
                     (SELECT MIN(expires_at) FROM stories WHERE status = 'published')",
                )
                .fetch_one(pool)
                .await?
            });
        Ok(embargo.into_iter().chain(expiry).min())
    }

    /// Every revision of a story, oldest first.
    #[tracing::instrument(skip_all)]
    pub async fn revision_history(&self, id: &StoryId) -> Result<Vec<Revision>, StoreError> {
        let rows: Vec<RevisionRow> = with_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT number, received_at, content FROM revisions \
                 WHERE story_id = $1 ORDER BY number",
            )
            .bind(id.to_string())
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(Revision::try_from).collect()
    }

    /// The newest position of the change log (0 when nothing was ever written).
    #[tracing::instrument(skip_all)]
    pub async fn latest_change(&self) -> Result<i64, StoreError> {
        let seq: Option<i64> = with_pool!(self, read, |pool| {
            sqlx::query_scalar("SELECT MAX(seq) FROM change_log")
                .fetch_one(pool)
                .await?
        });
        Ok(seq.unwrap_or(0))
    }

    /// When the store last changed, if ever.
    #[tracing::instrument(skip_all)]
    pub async fn latest_change_at(&self) -> Result<Option<time::OffsetDateTime>, StoreError> {
        Ok(with_pool!(self, read, |pool| {
            sqlx::query_scalar("SELECT at FROM change_log ORDER BY seq DESC LIMIT 1")
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Changes after `seq`, oldest first.
    #[tracing::instrument(skip_all)]
    pub async fn changes_since(&self, seq: i64, limit: i64) -> Result<Vec<Change>, StoreError> {
        let rows: Vec<(i64, String, String)> = with_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT c.seq, c.story_id, st.slug FROM change_log c JOIN stories st ON st.id = c.story_id \
                 WHERE c.seq > $1 ORDER BY c.seq LIMIT $2",
            )
            .bind(seq)
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(seq, id, slug)| {
                Ok(Change {
                    seq,
                    story_id: parse_id(&id)?,
                    slug: parse_slug(&slug)?,
                })
            })
            .collect()
    }
}
