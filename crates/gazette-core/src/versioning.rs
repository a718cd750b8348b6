//! What an arriving copy means for the story we hold: new, a new revision, or the same
//! thing again.

use crate::{IncomingStory, Status};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

/// A fingerprint of everything a story shows, so the same copy arriving twice is
/// recognised however it was delivered.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ContentHash(String);

impl ContentHash {
    pub fn of(story: &IncomingStory) -> Self {
        Self::of_json(&serde_json::to_string(story).expect("an IncomingStory always serialises"))
    }

    /// The hash of a story already serialised with `serde_json`, for a caller that keeps
    /// the JSON too. serde_json writes struct fields in declaration order, so equal
    /// stories give equal bytes.
    pub fn of_json(json: &str) -> Self {
        Self(hex::encode(Sha256::digest(json.as_bytes())))
    }

    pub fn from_stored(text: String) -> Self {
        Self(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a story says, with none of how it was delivered: the same text arriving from two
/// channels or two sources (under different ids) has the same fingerprint. Case,
/// punctuation and spacing are ignored, as wire services retype them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ContentFingerprint(String);

impl ContentFingerprint {
    /// `None` for a story with too little text to tell it from another (a kill notice).
    pub fn of(story: &IncomingStory) -> Option<Self> {
        // The words, lowercased, each followed by a space, hashed at once: one update per
        // word cost more than the hashing itself.
        let mut words_text: Vec<u8> = Vec::with_capacity(story.headline.len() + 4096);
        let mut words = 0;
        let mut add = |text: &str| {
            if text.is_ascii() {
                // Most copy: a walk over bytes, where alphanumeric means ASCII letters
                // and digits, and lowercase is one byte.
                let mut in_word = false;
                for byte in text.bytes().chain([b' ']) {
                    if byte.is_ascii_alphanumeric() {
                        words_text.push(byte.to_ascii_lowercase());
                        in_word = true;
                    } else if in_word {
                        words_text.push(b' ');
                        words += 1;
                        in_word = false;
                    }
                }
                return;
            }
            for word in text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
            {
                // `str::to_lowercase`, not per character: it knows a final sigma.
                words_text.extend_from_slice(word.to_lowercase().as_bytes());
                words_text.push(b' ');
                words += 1;
            }
        };
        add(&story.headline);
        for block in story.body.blocks() {
            if let crate::Block::Paragraph(text) | crate::Block::Subhead(text) = block {
                add(text);
            }
        }
        (words >= 12).then(|| Self(hex::encode(Sha256::digest(&words_text))))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What we know of one copy of a story when deciding between two copies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyStamp {
    pub hash: ContentHash,
    /// The source's version number, when it numbers versions.
    pub version: Option<u64>,
    /// When the source made this version.
    pub version_created_at: Option<OffsetDateTime>,
    pub status: Status,
}

impl CopyStamp {
    pub fn of(story: &IncomingStory) -> Self {
        Self {
            hash: ContentHash::of(story),
            version: story.version,
            version_created_at: story.version_created_at,
            status: story.status,
        }
    }

    /// Whether this copy was made before `other` by the source's own account: its
    /// version number when both carry one (NewsML-G2 2.33 §5.2: a higher version replaces
    /// a lower), otherwise the time each version was made. Copies that say neither are
    /// taken in the order they arrive.
    fn is_older_than_or_same_as(&self, other: &Self) -> bool {
        match (self.version, other.version) {
            (Some(mine), Some(theirs)) => mine <= theirs,
            _ => match (self.version_created_at, other.version_created_at) {
                (Some(mine), Some(theirs)) => mine < theirs,
                _ => false,
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionDecision {
    /// No story with this identity yet.
    Publish,
    /// The story exists and this copy is newer: a new revision at the same URL.
    Update,
    /// The story exists and already shows exactly this.
    Unchanged,
    /// A copy the source made before the one we hold, arriving late: kept out, so it
    /// never overwrites the newer one.
    Stale,
}

/// Decides what an arriving copy is, given the copy the story shows now.
///
/// A kill is the exception to version order: a source that withdraws a story withdraws
/// every version of it, so a kill applies even when its number is not higher.
pub fn decide_version(current: Option<&CopyStamp>, incoming: &CopyStamp) -> VersionDecision {
    let Some(current) = current else {
        return VersionDecision::Publish;
    };
    if current.hash == incoming.hash {
        return VersionDecision::Unchanged;
    }
    let kills_a_live_story = incoming.status == Status::Killed && current.status != Status::Killed;
    if incoming.is_older_than_or_same_as(current) && !kills_a_live_story {
        return VersionDecision::Stale;
    }
    VersionDecision::Update
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Block, Body};
    use time::macros::datetime;

    fn story(text: &str) -> IncomingStory {
        IncomingStory {
            source_key: "key".into(),
            headline: "Headline".into(),
            body: Body(vec![Block::Paragraph(text.into())]),
            ..IncomingStory::default()
        }
    }

    fn versioned(text: &str, version: u64) -> CopyStamp {
        CopyStamp::of(&IncomingStory {
            version: Some(version),
            ..story(text)
        })
    }

    #[test]
    fn first_copy_publishes_same_copy_is_unchanged_edited_copy_updates() {
        let first = CopyStamp::of(&story("One."));
        assert_eq!(decide_version(None, &first), VersionDecision::Publish);
        assert_eq!(
            decide_version(Some(&first), &CopyStamp::of(&story("One."))),
            VersionDecision::Unchanged
        );
        assert_eq!(
            decide_version(Some(&first), &CopyStamp::of(&story("One, edited."))),
            VersionDecision::Update
        );
    }

    #[test]
    fn fingerprints_ignore_delivery_case_and_punctuation_but_not_words() {
        let text = "The council voted seven to two on Tuesday to extend the weekend ferry.";
        let mut other_source = story(&text.to_uppercase().replace(' ', "  "));
        other_source.source_key = "another-key".into();
        other_source.source = Some("Another Wire".into());
        assert_eq!(
            ContentFingerprint::of(&story(text)),
            ContentFingerprint::of(&other_source)
        );
        assert_ne!(
            ContentFingerprint::of(&story(text)),
            ContentFingerprint::of(&story(&text.replace("seven", "six")))
        );
        assert_eq!(ContentFingerprint::of(&story("Withdrawn.")), None);
    }

    #[test]
    fn fingerprints_stay_what_the_store_holds() {
        // Stored fingerprints are compared with new ones: their bytes must never change.
        // Greek (a final sigma), German, Turkish and digits, beside plain ASCII.
        let text = "ΟΔΥΣΣΕΥΣ met Straße officials in İzmir on 12 May; the 3rd vote was 7–2, \
                    and the FERRY runs on.";
        assert_eq!(
            ContentFingerprint::of(&story(text)).map(|f| f.as_str().to_owned()),
            Some("a820367c0e01112abf53027e3d2adaafd294a0a45da5d00c77f68d4c0476ffa8".to_owned())
        );
        let mut ascii = story(
            "The council voted seven to two on Tuesday to extend the weekend ferry, \
             said Mr. O'Neil (42).",
        );
        ascii.headline = "Ferry: 3 more YEARS".into();
        assert_eq!(
            ContentFingerprint::of(&ascii).map(|f| f.as_str().to_owned()),
            Some("94704598cf22ac1c4593b70a8a41fc7f3d95d86488bfa509518dd2e30c27c4be".to_owned())
        );
    }

    #[test]
    fn a_higher_version_updates_and_a_lower_or_equal_one_arriving_late_is_stale() {
        let held = versioned("Second.", 2);
        assert_eq!(
            decide_version(Some(&held), &versioned("Third.", 3)),
            VersionDecision::Update
        );
        assert_eq!(
            decide_version(Some(&held), &versioned("First.", 1)),
            VersionDecision::Stale
        );
        assert_eq!(
            decide_version(Some(&held), &versioned("Second, other text.", 2)),
            VersionDecision::Stale
        );
        // Opaque large numbers (Reuters) compare as numbers, not text.
        assert_eq!(
            decide_version(
                Some(&versioned("A.", 978_556_838)),
                &versioned("B.", 1_542_761_538)
            ),
            VersionDecision::Update
        );
    }

    #[test]
    fn without_numbers_the_time_each_version_was_made_decides() {
        let at = |text: &str, time| {
            CopyStamp::of(&IncomingStory {
                version_created_at: Some(time),
                ..story(text)
            })
        };
        let held = at("Noon.", datetime!(2026-03-01 12:00 UTC));
        assert_eq!(
            decide_version(
                Some(&held),
                &at("Morning.", datetime!(2026-03-01 09:00 UTC))
            ),
            VersionDecision::Stale
        );
        assert_eq!(
            decide_version(
                Some(&held),
                &at("Evening.", datetime!(2026-03-01 18:00 UTC))
            ),
            VersionDecision::Update
        );
    }

    #[test]
    fn a_kill_applies_whatever_its_version_but_only_once() {
        let held = versioned("Live.", 5);
        let kill = CopyStamp::of(&IncomingStory {
            version: Some(4),
            status: Status::Killed,
            ..story("Withdrawn.")
        });
        assert_eq!(decide_version(Some(&held), &kill), VersionDecision::Update);
        let killed = CopyStamp::of(&IncomingStory {
            version: Some(5),
            status: Status::Killed,
            ..story("Withdrawn earlier.")
        });
        assert_eq!(decide_version(Some(&killed), &kill), VersionDecision::Stale);
    }
}
