//! What the site's pages show, as plain values: the web layer renders these and never
//! sees the store.

use crate::ingest::article_path;
use crate::{App, AppError};
use gazette_core::{
    join_names, Block, DateOrigin, IncomingStory, Picture, SectionRef, Slug, Status,
};
use gazette_store::{ListOf, Revision, Teaser};
use serde::Serialize;
use std::collections::HashMap;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::OffsetDateTime;

/// Stories on the front page's "latest" list and per section block.
const FRONT_LATEST: i64 = 10;
const FRONT_PER_SECTION: i64 = 4;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    pub comment_count: i64,
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

/// One block of an article's body as templates see it: `kind` says which.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BlockView {
    Paragraph {
        text: String,
    },
    Subhead {
        text: String,
    },
    Quote {
        text: String,
    },
    List {
        ordered: bool,
        items: Vec<String>,
    },
    Table {
        header: Option<Vec<String>>,
        rows: Vec<Vec<String>>,
    },
    Preformatted {
        text: String,
    },
    Picture(PictureView),
}

#[derive(Debug, Clone, Serialize)]
pub struct PictureView {
    /// The site's own copy (`/media/…`); `None` until the picture is copied, or when it
    /// cannot be: pages never point a reader's browser at the wire's host.
    pub src: Option<String>,
    /// Empty when the source gave none: the caption beside the picture describes it,
    /// and a screen reader should not read it twice.
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// One revision in an article's history.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionView {
    pub number: i64,
    pub received: DateView,
    /// Set when the source marked this revision as a correction.
    pub correction: Option<CorrectionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CorrectionView {
    pub date: DateView,
    /// What was corrected, when the source said.
    pub note: Option<String>,
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
    /// "BERLIN, June 29 (dpa)".
    pub dateline: Option<String>,
    /// The lead picture, shown under the headline; further pictures follow the body.
    pub lead_picture: Option<PictureView>,
    pub more_pictures: Vec<PictureView>,
    pub body: Vec<BlockView>,
    /// Corrections of this story, newest first: shown above the body.
    pub corrections: Vec<CorrectionView>,
    /// Every revision, oldest first.
    pub history: Vec<RevisionView>,
    /// "Lee Chan and Ravi Shah".
    pub contributors: Option<String>,
    pub source: Option<String>,
    pub source_site: Option<String>,
    pub copyright: Option<String>,
    pub distributor: Option<String>,
    pub usage_terms: Option<String>,
    /// The credit line the source's licence asks for.
    pub credit_line: Option<String>,
    pub topics: Vec<String>,
    pub language: Option<String>,
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
        comment_count: teaser.comment_count,
    }
}

/// Page numbers start at 1 and end at the last page; anything else is no page. An
/// empty list still has its first page.
fn pagination(base_url: &str, page: i64, total: i64, page_size: i64) -> Option<Pagination> {
    let total_pages = if total <= 0 {
        1
    } else {
        (total - 1) / page_size.max(1) + 1
    };
    if !(1..=total_pages).contains(&page) {
        return None;
    }
    let link = |n: i64| {
        if n == 1 {
            base_url.to_owned()
        } else {
            format!("{base_url}?page={n}")
        }
    };
    Some(Pagination {
        page,
        total_pages,
        previous: (page > 1).then(|| link(page - 1)),
        next: (page < total_pages).then(|| link(page + 1)),
    })
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
        // A page number far past the end would overflow the offset: no such page.
        let offset = page
            .checked_sub(1)
            .filter(|p| *p >= 0)
            .and_then(|p| p.checked_mul(size))
            .ok_or(AppError::NotFound)?;
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
            pagination: pagination(&url, page, list.story_count, size).ok_or(AppError::NotFound)?,
            url,
            story_count: list.story_count,
            last_modified: self.lists_last_modified().await?,
            stories: list.stories.into_iter().map(teaser_view).collect(),
        })
    }

    /// A published story's page. Withheld, embargoed, held and rejected stories are not
    /// found here;
    /// killed and expired ones are gone, with a notice saying why.
    #[tracing::instrument(skip_all)]
    pub async fn article_page(&self, slug: &str) -> Result<ArticleView, AppError> {
        let slug = Slug::parse(slug).ok_or(AppError::NotFound)?;
        let record = self
            .store
            .article_by_slug(&slug)
            .await?
            .ok_or(AppError::NotFound)?;
        match record.status {
            Status::Published => {}
            Status::Withheld
            | Status::Embargoed
            | Status::Duplicate
            | Status::Held
            | Status::Rejected => return Err(AppError::NotFound),
            Status::Killed => return Err(withdrawn(&record.content)),
            Status::Expired => return Err(expired(&record.content)),
        }
        let history = self.store.revision_history(&record.id).await?;
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
        let copies = self.picture_copies(&record.id).await?;
        let view_picture = |picture: &Picture| picture_view(picture, &copies);
        let body = story
            .body
            .blocks()
            .iter()
            .map(|block| block_view(block, &copies))
            .collect();
        let history: Vec<RevisionView> = history.into_iter().map(revision_view).collect();
        let corrections = history
            .iter()
            .rev()
            .filter_map(|revision| revision.correction.clone())
            .collect();
        let mut pictures = story.pictures.iter().map(view_picture);
        let lead_picture = pictures.next();
        let more_pictures = pictures.collect();
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
            dateline: story.dateline.clone(),
            lead_picture,
            more_pictures,
            body,
            corrections,
            history,
            contributors: (!contributors.is_empty()).then(|| join_names(&contributors)),
            source: story.source.clone(),
            source_site: story.source_site.clone(),
            copyright: story.copyright.clone(),
            distributor: story.distributor.clone(),
            usage_terms: story.usage_terms.clone(),
            credit_line: story.credit_line.clone(),
            topics: story.topics.clone(),
            language: story.language.clone(),
            word_count: story.body.word_count(),
            last_modified: record.updated_at.unix_timestamp(),
        })
    }
}

/// The notice a killed story's address answers with. The headline is not repeated: a
/// source may withdraw a story because of what it says.
fn withdrawn(story: &IncomingStory) -> AppError {
    let by = story
        .source
        .as_deref()
        .map_or_else(|| "its source".to_owned(), str::to_owned);
    AppError::Gone {
        title: "Story withdrawn".into(),
        notice: format!("This story has been withdrawn by {by} and is no longer available."),
    }
}

fn expired(story: &IncomingStory) -> AppError {
    let from = story
        .source
        .as_deref()
        .map_or_else(String::new, |source| format!(" from {source}"));
    AppError::Gone {
        title: "Story no longer available".into(),
        notice: format!(
            "Our licence to show this story{from} has ended, so it is no longer available here."
        ),
    }
}

fn block_view(block: &Block, copies: &PictureCopies) -> BlockView {
    match block {
        Block::Paragraph(text) => BlockView::Paragraph { text: text.clone() },
        Block::Subhead(text) => BlockView::Subhead { text: text.clone() },
        Block::Quote(text) => BlockView::Quote { text: text.clone() },
        Block::Preformatted(text) => BlockView::Preformatted { text: text.clone() },
        Block::List { ordered, items } => BlockView::List {
            ordered: *ordered,
            items: items.clone(),
        },
        Block::Table { header, rows } => {
            let (head, rows) = match rows.split_first() {
                Some((first, rest)) if *header => (Some(first.clone()), rest.to_vec()),
                _ => (None, rows.clone()),
            };
            BlockView::Table { header: head, rows }
        }
        Block::Picture(picture) => BlockView::Picture(picture_view(picture, copies)),
    }
}

/// The site's address of each copied picture, by the wire's address.
type PictureCopies = HashMap<String, String>;

fn picture_view(picture: &Picture, copies: &PictureCopies) -> PictureView {
    PictureView {
        src: copies.get(&picture.src).cloned(),
        alt: picture.alt.clone().unwrap_or_default(),
        caption: picture.caption.clone(),
        credit: picture.credit.clone(),
        width: picture.width,
        height: picture.height,
    }
}

fn revision_view(revision: Revision) -> RevisionView {
    let received = date_view(revision.received_at, DateOrigin::Source);
    RevisionView {
        number: revision.number,
        correction: revision.content.correction.map(|c| CorrectionView {
            date: received.clone(),
            note: c.note,
        }),
        received,
    }
}

#[cfg(test)]
mod tests {
    use super::pagination;

    #[test]
    fn pages_run_from_one_to_the_last() {
        let first = pagination("/s", 1, 7, 3).expect("page 1");
        assert_eq!(
            (first.total_pages, first.previous, first.next.as_deref()),
            (3, None, Some("/s?page=2"))
        );
        let last = pagination("/s", 3, 7, 3).expect("page 3");
        assert_eq!(
            (last.previous.as_deref(), last.next),
            (Some("/s?page=2"), None)
        );
        assert!(
            pagination("/s", 1, 0, 3).is_some(),
            "an empty list has its first page"
        );
        for missing in [0, -1, 4, i64::MAX, i64::MIN] {
            assert!(pagination("/s", missing, 7, 3).is_none(), "page {missing}");
        }
        assert!(
            pagination("/s", 1, i64::MAX, i64::MAX).is_some(),
            "no overflow"
        );
    }
}
