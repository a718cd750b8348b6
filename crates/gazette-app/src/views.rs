//! What the site's pages show, as plain values: the web layer renders these and never
//! sees the store.

use crate::ingest::article_path;
use crate::{App, AppError};
use gazette_core::{join_names, Block, DateOrigin, SectionRef, Slug, Status};
use gazette_store::{ListOf, Teaser};
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::OffsetDateTime;

/// Stories on the front page's "latest" list and per section block.
const FRONT_LATEST: i64 = 10;
const FRONT_PER_SECTION: i64 = 4;

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// For `<time datetime>`.
    pub iso: String,
    /// For people: "25 November 2026".
    pub text: String,
    /// The source gave no date: this is when Gazette received the story.
    pub received: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TeaserView {
    pub url: String,
    pub headline: String,
    pub summary: Option<String>,
    pub byline: String,
    pub section: Link,
    pub date: DateView,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionBlock {
    pub section: Link,
    pub stories: Vec<TeaserView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FrontPageView {
    /// The lead story, shown large.
    pub top: Option<TeaserView>,
    pub latest: Vec<TeaserView>,
    pub sections: Vec<SectionBlock>,
    pub last_modified: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    pub page: i64,
    pub total_pages: i64,
    pub previous: Option<String>,
    pub next: Option<String>,
}

/// A section's or a person's page of stories.
#[derive(Debug, Clone, Serialize)]
pub struct ListView {
    pub name: String,
    pub url: String,
    pub story_count: i64,
    pub stories: Vec<TeaserView>,
    pub pagination: Pagination,
    pub last_modified: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct BylineGroupView {
    pub people: Vec<Link>,
    pub organisation: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BlockView {
    pub kind: &'static str,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub id: String,
    pub url: String,
    pub headline: String,
    pub summary: Option<String>,
    pub section: Link,
    pub category: Option<String>,
    pub byline: Vec<BylineGroupView>,
    pub byline_text: String,
    pub published: DateView,
    /// Set when a later revision changed the story.
    pub updated: Option<DateView>,
    pub revision: i64,
    pub body: Vec<BlockView>,
    /// "Lee Chan and Ravi Shah".
    pub contributors: Option<String>,
    pub source: Option<String>,
    pub source_site: Option<String>,
    pub copyright: Option<String>,
    pub distributor: Option<String>,
    pub topics: Vec<String>,
    pub word_count: usize,
    pub last_modified: i64,
}

fn date_view(at: OffsetDateTime, origin: DateOrigin) -> DateView {
    let text = at
        .format(format_description!(
            "[day padding:none] [month repr:long] [year]"
        ))
        .unwrap_or_default();
    DateView {
        iso: at.format(&Rfc3339).unwrap_or_default(),
        text,
        received: origin == DateOrigin::Received,
    }
}

fn section_link(section: &SectionRef) -> Link {
    Link {
        name: section.name.clone(),
        url: format!("/sections/{}", section.slug),
    }
}

fn teaser_view(teaser: Teaser) -> TeaserView {
    TeaserView {
        url: article_path(&teaser.slug),
        headline: teaser.headline,
        summary: teaser.summary,
        byline: teaser.byline,
        section: section_link(&teaser.section),
        date: date_view(teaser.published_at, teaser.date_origin),
    }
}

/// Page numbers start at 1; anything else is no page.
fn pagination(base_url: &str, page: i64, total: i64, page_size: i64) -> Pagination {
    let total_pages = ((total + page_size - 1) / page_size).max(1);
    let link = |n: i64| {
        if n == 1 {
            base_url.to_owned()
        } else {
            format!("{base_url}?page={n}")
        }
    };
    Pagination {
        page,
        total_pages,
        previous: (page > 1).then(|| link(page - 1)),
        next: (page < total_pages).then(|| link(page + 1)),
    }
}

impl App {
    /// A list changes whenever any story changes, also when a story leaves it; the
    /// newest stories it shows would miss the second case, so lists carry the time of
    /// the store's last change.
    async fn lists_last_modified(&self) -> Result<i64, AppError> {
        let at = self.store.latest_change_at().await?;
        Ok(at.map_or(0, OffsetDateTime::unix_timestamp))
    }

    /// The sections a reader can navigate to.
    pub async fn navigation(&self) -> Result<Vec<Link>, AppError> {
        let sections = self.store.sections().await?;
        Ok(sections.iter().map(section_link).collect())
    }

    #[tracing::instrument(skip_all)]
    pub async fn front_page(&self) -> Result<FrontPageView, AppError> {
        let latest = self.store.latest_stories(FRONT_LATEST + 1).await?;
        let by_section = self.store.latest_by_section(FRONT_PER_SECTION).await?;
        let last_modified = self.lists_last_modified().await?;
        let mut sections: Vec<SectionBlock> = Vec::new();
        for teaser in by_section {
            let view = teaser_view(teaser);
            match sections.last_mut() {
                Some(block) if block.section.url == view.section.url => block.stories.push(view),
                _ => sections.push(SectionBlock {
                    section: view.section.clone(),
                    stories: vec![view],
                }),
            }
        }
        let mut latest = latest.into_iter().map(teaser_view);
        let top = latest.next();
        // The lead story is shown large once, not again in its section's block.
        if let Some(top) = &top {
            for block in &mut sections {
                block.stories.retain(|story| story.url != top.url);
            }
            sections.retain(|block| !block.stories.is_empty());
        }
        Ok(FrontPageView {
            top,
            latest: latest.collect(),
            sections,
            last_modified,
        })
    }

    /// One page of a section's or a person's stories. An empty section still has its
    /// first page; a person with no published story has no page.
    #[tracing::instrument(skip_all)]
    pub async fn list_page(&self, of: ListOf, slug: &str, page: i64) -> Result<ListView, AppError> {
        let slug = Slug::parse(slug).ok_or(AppError::NotFound)?;
        let size = self.config.pages.page_size;
        let offset = page
            .checked_sub(1)
            .filter(|p| *p >= 0)
            .ok_or(AppError::NotFound)?
            * size;
        let list = self
            .store
            .story_list(of, &slug, offset, size)
            .await?
            .ok_or(AppError::NotFound)?;
        if list.stories.is_empty() && (page > 1 || of == ListOf::Author) {
            return Err(AppError::NotFound);
        }
        let url = match of {
            ListOf::Section => format!("/sections/{slug}"),
            ListOf::Author => format!("/authors/{slug}"),
        };
        Ok(ListView {
            name: list.name,
            pagination: pagination(&url, page, list.story_count, size),
            url,
            story_count: list.story_count,
            last_modified: self.lists_last_modified().await?,
            stories: list.stories.into_iter().map(teaser_view).collect(),
        })
    }

    /// A published story's page; withheld and killed stories are not found here.
    #[tracing::instrument(skip_all)]
    pub async fn article_page(&self, slug: &str) -> Result<ArticleView, AppError> {
        let slug = Slug::parse(slug).ok_or(AppError::NotFound)?;
        let record = self
            .store
            .article_by_slug(&slug)
            .await?
            .ok_or(AppError::NotFound)?;
        if record.status != Status::Published {
            return Err(AppError::NotFound);
        }
        let story = record.content;
        let byline = story
            .byline
            .groups()
            .into_iter()
            .map(|group| BylineGroupView {
                people: group
                    .people
                    .iter()
                    .map(|person| Link {
                        name: person.name.clone(),
                        url: person
                            .slug()
                            .map(|s| format!("/authors/{s}"))
                            .unwrap_or_default(),
                    })
                    .collect(),
                organisation: group.organisation.map(str::to_owned),
            })
            .collect();
        let body = story
            .body
            .blocks()
            .iter()
            .map(|block| match block {
                Block::Paragraph(text) => BlockView {
                    kind: "paragraph",
                    text: text.clone(),
                },
                Block::Subhead(text) => BlockView {
                    kind: "subhead",
                    text: text.clone(),
                },
            })
            .collect();
        let contributors: Vec<&str> = story.contributors.iter().map(String::as_str).collect();
        let updated =
            (record.revision > 1).then(|| date_view(record.updated_at, DateOrigin::Source));
        Ok(ArticleView {
            id: record.id.to_string(),
            url: article_path(&record.slug),
            summary: story
                .deck
                .clone()
                .or_else(|| story.body.lead().map(str::to_owned)),
            headline: story.headline.clone(),
            section: section_link(&record.section),
            category: story.category.clone(),
            byline,
            byline_text: story.byline.to_text(),
            published: date_view(record.published_at, record.date_origin),
            updated,
            revision: record.revision,
            body,
            contributors: (!contributors.is_empty()).then(|| join_names(&contributors)),
            source: story.source.clone(),
            source_site: story.source_site.clone(),
            copyright: story.copyright.clone(),
            distributor: story.distributor.clone(),
            topics: story.topics.clone(),
            word_count: story.body.word_count(),
            last_modified: record.updated_at.unix_timestamp(),
        })
    }
}
