//! What an arriving copy means for the story we hold: new, a new revision, or the same
//! thing again.

use crate::IncomingStory;
use sha2::{Digest, Sha256};

/// A fingerprint of everything a story shows, so the same copy arriving twice is
/// recognised however it was delivered.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ContentHash(String);

impl ContentHash {
    pub fn of(story: &IncomingStory) -> Self {
        // serde_json writes struct fields in declaration order, so equal stories give
        // equal bytes.
        let bytes = serde_json::to_vec(story).expect("an IncomingStory always serialises");
        Self(hex::encode(Sha256::digest(bytes)))
    }

    pub fn from_stored(text: String) -> Self {
        Self(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionDecision {
    /// No story with this identity yet.
    Publish,
    /// The story exists and this copy differs: a new revision at the same URL.
    Update,
    /// The story exists and already shows exactly this.
    Unchanged,
}

/// Decides what an arriving copy is, given the hash of the story's current revision.
pub fn decide_version(current: Option<&ContentHash>, incoming: &ContentHash) -> VersionDecision {
    match current {
        None => VersionDecision::Publish,
        Some(current) if current == incoming => VersionDecision::Unchanged,
        Some(_) => VersionDecision::Update,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Block, Body, Byline};

    fn story(text: &str) -> IncomingStory {
        IncomingStory {
            source_key: "key".into(),
            headline: "Headline".into(),
            deck: None,
            byline: Byline::default(),
            contributors: vec![],
            source: None,
            source_site: None,
            distributor: None,
            copyright: None,
            section: None,
            category: None,
            topics: vec![],
            published_at: None,
            body: Body(vec![Block::Paragraph(text.into())]),
        }
    }

    #[test]
    fn first_copy_publishes_same_copy_is_unchanged_edited_copy_updates() {
        let first = ContentHash::of(&story("One."));
        assert_eq!(decide_version(None, &first), VersionDecision::Publish);
        assert_eq!(
            decide_version(Some(&first), &ContentHash::of(&story("One."))),
            VersionDecision::Unchanged
        );
        assert_eq!(
            decide_version(Some(&first), &ContentHash::of(&story("One, edited."))),
            VersionDecision::Update
        );
    }
}
