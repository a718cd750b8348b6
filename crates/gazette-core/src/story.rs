//! A story as it arrives from a source, before Gazette decides what it means.

use crate::Byline;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// One block of a story's body. Paragraphs and subheads now; quotes, pictures and embeds
/// join as the readers that carry them arrive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "text", rename_all = "snake_case")]
pub enum Block {
    Paragraph(String),
    Subhead(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Body(pub Vec<Block>);

impl Body {
    pub fn blocks(&self) -> &[Block] {
        &self.0
    }

    /// The first paragraph, the natural summary when a source gives no deck.
    pub fn lead(&self) -> Option<&str> {
        self.0.iter().find_map(|block| match block {
            Block::Paragraph(text) => Some(text.as_str()),
            Block::Subhead(_) => None,
        })
    }

    pub fn word_count(&self) -> usize {
        self.0
            .iter()
            .map(|block| match block {
                Block::Paragraph(text) | Block::Subhead(text) => text.split_whitespace().count(),
            })
            .sum()
    }
}

/// Whether readers may see a story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Published,
    /// Stored and not shown: the source asked us to hold it.
    Withheld,
    /// Withdrawn by its source: gone from the site, kept for the record.
    Killed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Published => "published",
            Self::Withheld => "withheld",
            Self::Killed => "killed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "published" => Some(Self::Published),
            "withheld" => Some(Self::Withheld),
            "killed" => Some(Self::Killed),
            _ => None,
        }
    }
}

/// Where a story's publication date came from. Page copy often carries none; we then
/// date the story when it reached us and say so on the page rather than pretend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrigin {
    Source,
    Received,
}

impl DateOrigin {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Source => "source",
            Self::Received => "received",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "source" => Some(Self::Source),
            "received" => Some(Self::Received),
            _ => None,
        }
    }
}

/// Everything a syndicated story carries, as a reader found it in the source's bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomingStory {
    /// The story's identity within its source: the same key again is the same story.
    pub source_key: String,
    pub headline: String,
    pub deck: Option<String>,
    pub byline: Byline,
    /// People credited for help ("With assistance from …").
    pub contributors: Vec<String>,
    /// The organisation that wrote the story ("Bloomberg News").
    pub source: Option<String>,
    /// The source's own site, as the copy names it ("bloomberg.com/news").
    pub source_site: Option<String>,
    /// Who delivered it to us ("Tribune Content Agency, LLC").
    pub distributor: Option<String>,
    pub copyright: Option<String>,
    /// The section it belongs in on our site ("Current News").
    pub section: Option<String>,
    /// The category it was published in at the source ("News & Features").
    pub category: Option<String>,
    pub topics: Vec<String>,
    /// When the source says it was published; `None` when the copy carries no date.
    #[serde(with = "time::serde::rfc3339::option")]
    pub published_at: Option<OffsetDateTime>,
    pub body: Body,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_is_the_first_paragraph_not_a_subhead() {
        let body = Body(vec![
            Block::Subhead("Context".into()),
            Block::Paragraph("First words here.".into()),
        ]);
        assert_eq!(body.lead(), Some("First words here."));
        assert_eq!(body.word_count(), 4);
    }

    #[test]
    fn status_and_date_origin_round_trip_through_text() {
        for status in [Status::Published, Status::Withheld, Status::Killed] {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        for origin in [DateOrigin::Source, DateOrigin::Received] {
            assert_eq!(DateOrigin::parse(origin.as_str()), Some(origin));
        }
    }
}
