//! IPTC ninjs (News in JSON) 1.x, 2.x and 3.x, and the vendor wrappings real feeds use:
//! a single item, a JSON array of items, or an API envelope around them (AP Media API
//! `{"data": {"item": …}}`, list responses such as the BBC's `{"total": 1, "item": […]}`,
//! Superdesk's `{"_items": […]}`). Text and composite items become stories; picture,
//! video, audio, graphic, event and planning items do not, unless a story of the same
//! document links them, in which case they serve that story.

mod model;
mod pictures;
mod story;
mod texts;

use crate::{Item, ReadError};
use model::{text_of, NinjsItem, Node, NodeSeed, ENVELOPE_LEVELS};
use pictures::LinkedItems;
use serde::de::DeserializeSeed;
use std::collections::HashMap;

const FORMAT: &str = "ninjs";

/// serde_json refuses documents nested deeper than this (its default recursion limit),
/// which keeps hostile nesting from exhausting the stack.
const JSON_DEPTH_LIMIT: usize = 128;

/// Reads every item of a ninjs document.
pub(crate) fn read_ninjs(text: &str) -> Result<Vec<Item>, ReadError> {
    let root = parse(text)?;
    let items = root.items();
    if items.is_empty() {
        return Err(ReadError::NoStory { format: FORMAT });
    }
    let document = DocumentItems::new(&items);
    Ok(items
        .iter()
        .filter_map(|item| read_item(item, &document))
        .collect())
}

fn parse(text: &str) -> Result<Node, ReadError> {
    let mut json = serde_json::Deserializer::from_str(text);
    let root = NodeSeed {
        room: ENVELOPE_LEVELS,
    }
    .deserialize(&mut json)
    .map_err(json_error)?;
    json.end().map_err(json_error)?;
    Ok(root)
}

fn json_error(error: serde_json::Error) -> ReadError {
    let message = error.to_string();
    if message.starts_with("recursion limit exceeded") {
        return ReadError::TooDeep {
            limit: JSON_DEPTH_LIMIT,
        };
    }
    // serde_json ends its messages with " at line L column C"; the position is kept
    // apart so the message reads like the other formats' syntax errors.
    let reason = message
        .rfind(" at line ")
        .map_or(message.as_str(), |at| &message[..at])
        .to_owned();
    // Column 0 is serde_json's way of pointing at the line break that ends the line
    // before (a raw line break inside a string, a document cut off after a line).
    let position = match (error.line(), error.column()) {
        (line, 0) if line > 1 => format!("at the end of line {}", line - 1),
        (line, column) => format!("at line {line}, column {column}"),
    };
    ReadError::Syntax {
        format: FORMAT,
        position,
        reason,
    }
}

/// What kind of news object an item is (ninjs `type`, IPTC ninature).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nature {
    /// text, composite, component, or a vendor's own word for a story ("story").
    Story,
    Picture,
    Video,
    Audio,
    Graphic,
    Event,
    Planning,
}

impl Nature {
    /// Why an item of this kind is set aside; `None` for a story.
    fn why_not_a_story(self) -> Option<&'static str> {
        Some(match self {
            Self::Story => return None,
            Self::Picture => "a picture item is not a story",
            Self::Video => "a video item is not a story",
            Self::Audio => "an audio item is not a story",
            Self::Graphic => "a graphic item is not a story",
            Self::Event => "an event item is not a story",
            Self::Planning => "a planning item is not a story",
        })
    }
}

impl NinjsItem {
    /// The item's kind by its `type`; an untyped 3.x object with event details or
    /// planned coverage is an event or a planning item.
    fn nature(&self) -> Nature {
        let kind = text_of(&self.kind).unwrap_or_default().to_ascii_lowercase();
        match kind.as_str() {
            "picture" | "image" | "photo" => Nature::Picture,
            "video" => Nature::Video,
            "audio" => Nature::Audio,
            "graphic" => Nature::Graphic,
            "event" => Nature::Event,
            "planning" => Nature::Planning,
            _ if self.has_event_details => Nature::Event,
            _ if self.has_planned_coverage => Nature::Planning,
            _ => Nature::Story,
        }
    }

    /// The item's identity within its source: AP's `altids.itemid`, which stays the
    /// same through every version while AP's `uri` carries per-request tokens; else
    /// the ninjs `uri`; else the `guid` or `id` vendors send instead.
    fn source_key(&self) -> Option<String> {
        self.altids
            .iter()
            .find(|(role, _)| role == "itemid")
            .map(|(_, id)| id.clone())
            .or_else(|| self.reference())
            .or_else(|| text_of(&self.id))
    }

    /// How other items point to this one: its `uri`, or the `guid` vendors use.
    fn reference(&self) -> Option<String> {
        text_of(&self.uri).or_else(|| text_of(&self.guid))
    }
}

/// The document's items that are not stories, by reference, and which of them a
/// story of the document links as an association.
struct DocumentItems<'a> {
    media: HashMap<String, &'a NinjsItem>,
    linked: Vec<String>,
}

impl<'a> DocumentItems<'a> {
    fn new(items: &[&'a NinjsItem]) -> Self {
        let (stories, others): (Vec<&NinjsItem>, Vec<&NinjsItem>) = items
            .iter()
            .partition(|item| item.nature() == Nature::Story);
        Self {
            media: others
                .into_iter()
                .filter_map(|item| Some((item.reference()?, item)))
                .collect(),
            linked: stories
                .iter()
                .flat_map(|story| story.associations.iter())
                .filter_map(NinjsItem::reference)
                .collect(),
        }
    }

    fn is_linked(&self, item: &NinjsItem) -> bool {
        item.reference()
            .is_some_and(|reference| self.linked.contains(&reference))
    }
}

impl LinkedItems for DocumentItems<'_> {
    fn linked(&self, association: &NinjsItem) -> Option<&NinjsItem> {
        self.media.get(&association.reference()?).copied()
    }
}

/// One item of the document as a story, a set-aside non-story, or an item that
/// should be a story and cannot be read. A non-story a story links is not listed:
/// it is part of that story.
fn read_item(item: &NinjsItem, document: &DocumentItems<'_>) -> Option<Item> {
    if let Some(reason) = item.nature().why_not_a_story() {
        return (!document.is_linked(item)).then(|| Item::NotAStory {
            id: item.source_key().unwrap_or_else(|| "(no id)".to_owned()),
            reason: reason.to_owned(),
        });
    }
    Some(match story::read_story(item, document) {
        Ok(story) => Item::Story(Box::new(story)),
        Err(error) => Item::Unreadable {
            id: item.source_key(),
            error,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_json_names_line_and_column() {
        let error = read_ninjs("{\n  \"uri\": \"a\",\n  \"headline\": }").expect_err("broken");
        assert_eq!(
            error,
            ReadError::Syntax {
                format: "ninjs",
                position: "at line 3, column 15".into(),
                reason: "expected value".into(),
            }
        );
        let trailing = read_ninjs("{\"uri\": \"a\"} x").expect_err("trailing text");
        assert!(
            trailing.to_string().contains("trailing characters"),
            "{trailing}"
        );
    }

    #[test]
    fn deep_nesting_is_refused_without_a_crash() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(
            read_ninjs(&deep).err(),
            Some(ReadError::TooDeep { limit: 128 })
        );
        let nested = format!(
            "{}{}",
            r#"{"uri": "a", "associations": ["#.repeat(200),
            "]}".repeat(200)
        );
        assert_eq!(
            read_ninjs(&nested).err(),
            Some(ReadError::TooDeep { limit: 128 })
        );
    }

    #[test]
    fn nesting_just_within_the_limit_is_read_on_a_small_stack() {
        // 63 levels of an object holding a list or an object nest 126 deep.
        let associations = format!(
            "{}{{}}{}",
            r#"{"uri": "a", "type": "picture", "associations": {"x": "#.repeat(63),
            "}}".repeat(63)
        );
        let envelopes = format!("{}{}", r#"{"data": ["#.repeat(63), "]}".repeat(63));
        // Lists nest 126 deep.
        let lists = format!(
            "{}{}{}",
            "[".repeat(126),
            r#"{"uri": "c", "type": "audio"}"#,
            "]".repeat(126)
        );
        let no_story = Err(ReadError::NoStory { format: FORMAT });
        for (document, items) in [(associations, Ok(1)), (envelopes, no_story), (lists, Ok(1))] {
            let reader = std::thread::Builder::new()
                .stack_size(512 * 1024)
                .spawn(move || read_ninjs(&document).map(|items| items.len()))
                .expect("a thread");
            assert_eq!(reader.join().expect("no stack overflow"), items);
        }
    }

    #[test]
    fn nothing_item_like_is_no_story() {
        for text in [
            r#"{"total": 0, "item": []}"#,
            "[]",
            "[1, 2]",
            r#"{"title": "x"}"#,
        ] {
            assert_eq!(
                read_ninjs(text).err(),
                Some(ReadError::NoStory { format: "ninjs" }),
                "{text}"
            );
        }
    }

    #[test]
    fn natures_follow_the_type_and_three_x_event_members() {
        let nature = |json: &str| {
            serde_json::from_str::<NinjsItem>(json)
                .expect("item")
                .nature()
        };
        assert_eq!(nature(r#"{"type": "Picture"}"#), Nature::Picture);
        assert_eq!(nature(r#"{"type": "composite"}"#), Nature::Story);
        assert_eq!(nature(r#"{"type": "story"}"#), Nature::Story);
        assert_eq!(nature(r#"{"eventDetails": {}}"#), Nature::Event);
        assert_eq!(nature(r#"{"plannedCoverage": []}"#), Nature::Planning);
        assert_eq!(nature(r#"{}"#), Nature::Story);
    }

    #[test]
    fn ids_prefer_the_stable_item_id_then_uri_then_guid() {
        let key = |json: &str| {
            serde_json::from_str::<NinjsItem>(json)
                .expect("item")
                .source_key()
        };
        assert_eq!(
            key(r#"{"uri": "https://x/?qt=1", "altids": {"itemid": "abc", "etag": "e"}}"#)
                .as_deref(),
            Some("abc")
        );
        assert_eq!(key(r#"{"guid": "g", "id": 5}"#).as_deref(), Some("g"));
        assert_eq!(key(r#"{"id": 5678}"#).as_deref(), Some("5678"));
        assert_eq!(key(r#"{"uri": " "}"#), None);
    }
}
