//! A story as it arrives from a source, before Gazette decides what it means.

use crate::Byline;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// One block of a story's body, always plain text: foreign HTML is read into these
/// blocks and never passed through, so a page shows only what our templates write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "text", rename_all = "snake_case")]
pub enum Block {
    Paragraph(String),
    Subhead(String),
    /// A quotation set apart from the text (a blockquote or pull quote).
    Quote(String),
    List {
        ordered: bool,
        items: Vec<String>,
    },
    /// Rows of cells; the first row is the header when `header` is set.
    Table {
        header: bool,
        rows: Vec<Vec<String>>,
    },
    /// Text whose line breaks and spacing carry meaning (wire tables sent as plain text).
    Preformatted(String),
    Picture(Picture),
}

impl Block {
    /// The words a reader reads in this block, for summaries and word counts.
    fn words(&self) -> impl Iterator<Item = &str> {
        let (text, items, rows): (Option<&String>, &[String], &[Vec<String>]) = match self {
            Self::Paragraph(text)
            | Self::Subhead(text)
            | Self::Quote(text)
            | Self::Preformatted(text) => (Some(text), &[], &[]),
            Self::List { items, .. } => (None, items, &[]),
            Self::Table { rows, .. } => (None, &[], rows),
            Self::Picture(_) => (None, &[], &[]),
        };
        text.into_iter()
            .chain(items)
            .chain(rows.iter().flatten())
            .flat_map(|text| text.split_whitespace())
    }
}

/// A picture that goes with a story: the lead picture a wire service links to the story,
/// or one placed in the body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Picture {
    /// Where the picture is fetched from (the source's rendition URL).
    pub src: String,
    /// Text for readers who cannot see it.
    pub alt: Option<String>,
    pub caption: Option<String>,
    /// Who took it or owns it ("Photo: Ana Ruiz / Harbor Times").
    pub credit: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
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
            _ => None,
        })
    }

    pub fn word_count(&self) -> usize {
        self.0.iter().flat_map(Block::words).count()
    }

    /// Asked of every arriving story, so it stops at the first word.
    pub fn is_empty(&self) -> bool {
        self.0.iter().flat_map(Block::words).next().is_none()
    }
}

/// Whether readers may see a story.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Published,
    /// Stored and not shown: the source asked us to hold it.
    Withheld,
    /// Withdrawn by its source: gone from the site, kept for the record.
    Killed,
    /// Held until its embargo time, then published without anyone touching it.
    Embargoed,
    /// Past the time its source or licence allows it to be shown.
    Expired,
    /// The same story as one already held, arrived under another id (from another
    /// source or channel): kept and flagged for an editor, not published twice.
    Duplicate,
    /// In the wire queue: the source's rules say an editor releases its stories.
    Held,
    /// Taken out of the wire queue by an editor: kept for the record, never shown.
    Rejected,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Published => "published",
            Self::Withheld => "withheld",
            Self::Killed => "killed",
            Self::Embargoed => "embargoed",
            Self::Expired => "expired",
            Self::Duplicate => "duplicate",
            Self::Held => "held",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "published" => Some(Self::Published),
            "withheld" => Some(Self::Withheld),
            "killed" => Some(Self::Killed),
            "embargoed" => Some(Self::Embargoed),
            "expired" => Some(Self::Expired),
            "duplicate" => Some(Self::Duplicate),
            "held" => Some(Self::Held),
            "rejected" => Some(Self::Rejected),
            _ => None,
        }
    }
}

impl IncomingStory {
    /// What readers may see of this copy when it arrives at `now`: the source's own
    /// status first (a kill or a hold), then its embargo, then its expiry.
    pub fn status_on_arrival(&self, now: OffsetDateTime) -> Status {
        match self.status {
            Status::Killed | Status::Withheld => self.status,
            _ if self.embargo_until.is_some_and(|until| until > now) => Status::Embargoed,
            _ if self.expires_at.is_some_and(|at| at <= now) => Status::Expired,
            _ => Status::Published,
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
/// Fields added after the first release default when absent, so stored revisions stay
/// readable.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomingStory {
    /// The story's identity within its source (guid, uri, doc-id): the same key again is
    /// the same story.
    pub source_key: String,
    /// The source's version of this copy, when it numbers them (ninjs `version`,
    /// NewsML-G2 `@version`). Only compared between copies of the same story.
    #[serde(default)]
    pub version: Option<u64>,
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
    /// What the source allows us to do with it, in its words.
    #[serde(default)]
    pub usage_terms: Option<String>,
    /// The credit line the source's licence asks the site to show.
    #[serde(default)]
    pub credit_line: Option<String>,
    /// The section it belongs in on our site ("Current News"): its home.
    pub section: Option<String>,
    /// Further sections of our site that list it, after its home. Left out of the
    /// serialised copy when empty, so the fingerprints of stories stored before several
    /// sections existed stay the same.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_in: Vec<String>,
    /// The category it was published in at the source ("News & Features").
    pub category: Option<String>,
    pub topics: Vec<String>,
    /// Where and when the story was filed, as the source writes it ("BERLIN, June 29").
    #[serde(default)]
    pub dateline: Option<String>,
    /// The language of the text (BCP 47, "en-GB").
    #[serde(default)]
    pub language: Option<String>,
    /// The source's news priority, 1 (most urgent) to 9.
    #[serde(default)]
    pub urgency: Option<u8>,
    /// When the source says it was published; `None` when the copy carries no date.
    #[serde(with = "time::serde::rfc3339::option")]
    pub published_at: Option<OffsetDateTime>,
    /// When the source made this version.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub version_created_at: Option<OffsetDateTime>,
    /// What the source says readers may see: usable, withheld, or canceled (killed).
    #[serde(default)]
    pub status: Status,
    /// Not to be shown before this time.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub embargo_until: Option<OffsetDateTime>,
    /// Not to be shown after this time.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
    /// Set when the source marks this copy as a correction; the text says what was
    /// corrected when the source says so.
    #[serde(default)]
    pub correction: Option<Correction>,
    /// Pictures the source links to the story (lead art), in its order.
    #[serde(default)]
    pub pictures: Vec<Picture>,
    pub body: Body,
}

impl IncomingStory {
    /// Every picture the story shows, lead pictures first, then those in its body.
    pub fn all_pictures(&self) -> impl Iterator<Item = &Picture> {
        let in_body = self.body.blocks().iter().filter_map(|block| match block {
            Block::Picture(picture) => Some(picture),
            _ => None,
        });
        self.pictures.iter().chain(in_body)
    }
}

/// A source's correction of an earlier version of the story.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    /// What the source says was corrected, when it says so.
    pub note: Option<String>,
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
    fn a_kill_or_hold_wins_then_embargo_then_expiry() {
        use time::macros::datetime;
        let now = datetime!(2026-06-01 12:00 UTC);
        let story = |status, embargo, expires| IncomingStory {
            status,
            embargo_until: embargo,
            expires_at: expires,
            ..IncomingStory::default()
        };
        let later = Some(datetime!(2026-06-01 12:00:01 UTC));
        let now_or_earlier = Some(now);
        assert_eq!(
            story(Status::Published, None, None).status_on_arrival(now),
            Status::Published
        );
        assert_eq!(
            story(Status::Published, later, None).status_on_arrival(now),
            Status::Embargoed
        );
        assert_eq!(
            story(Status::Published, now_or_earlier, None).status_on_arrival(now),
            Status::Published,
            "an embargo that has passed holds nothing"
        );
        assert_eq!(
            story(Status::Published, None, now_or_earlier).status_on_arrival(now),
            Status::Expired
        );
        assert_eq!(
            story(Status::Killed, later, None).status_on_arrival(now),
            Status::Killed
        );
        assert_eq!(
            story(Status::Withheld, None, None).status_on_arrival(now),
            Status::Withheld
        );
    }

    #[test]
    fn all_pictures_are_the_lead_pictures_then_the_body_s() {
        let picture = |src: &str| Picture {
            src: src.into(),
            ..Picture::default()
        };
        let story = IncomingStory {
            pictures: vec![picture("https://wire.example/lead.jpg")],
            body: Body(vec![
                Block::Paragraph("Text.".into()),
                Block::Picture(picture("https://wire.example/inline.jpg")),
            ]),
            ..IncomingStory::default()
        };
        let sources: Vec<&str> = story.all_pictures().map(|p| p.src.as_str()).collect();
        assert_eq!(
            sources,
            [
                "https://wire.example/lead.jpg",
                "https://wire.example/inline.jpg"
            ]
        );
    }

    #[test]
    fn status_and_date_origin_round_trip_through_text() {
        for status in [
            Status::Published,
            Status::Withheld,
            Status::Killed,
            Status::Embargoed,
            Status::Expired,
            Status::Duplicate,
            Status::Held,
            Status::Rejected,
        ] {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        for origin in [DateOrigin::Source, DateOrigin::Received] {
            assert_eq!(DateOrigin::parse(origin.as_str()), Some(origin));
        }
    }
}
