//! Where stories come from, as Gazette knows them: each drop folder, push token and
//! feed belongs to a named source, and a story's identity is its id within its source.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A source's name: lowercase letters, digits and hyphens, as it appears in a drop
/// folder's name and in configuration (`harbor-wire`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SourceName(String);

impl SourceName {
    const MAX_LEN: usize = 40;

    /// Files given to `gazette ingest` without `--source`.
    pub fn local() -> Self {
        Self("local".into())
    }

    pub fn parse(text: &str) -> Option<Self> {
        let valid = !text.is_empty()
            && text.len() <= Self::MAX_LEN
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !text.starts_with('-')
            && !text.ends_with('-');
        valid.then(|| Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key a story is stored under: its id within this source. Local files keep
    /// their bare key, as stories ingested before sources existed did.
    pub fn story_key(&self, key_in_source: &str) -> String {
        if self.0 == "local" {
            key_in_source.to_owned()
        } else {
            format!("{}/{key_in_source}", self.0)
        }
    }

    /// The source a stored story key names: the inverse of [`SourceName::story_key`].
    /// A bare key is local.
    pub fn of_story_key(key: &str) -> Self {
        key.split_once('/')
            .and_then(|(source, _)| Self::parse(source))
            .unwrap_or_else(Self::local)
    }
}

impl fmt::Display for SourceName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for SourceName {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        Self::parse(&text).ok_or_else(|| {
            format!("{text:?} is not a source name (lowercase letters, digits and hyphens)")
        })
    }
}

impl From<SourceName> for String {
    fn from(name: SourceName) -> Self {
        name.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_lowercase_words_with_hyphens() {
        assert!(SourceName::parse("harbor-wire").is_some());
        assert!(SourceName::parse("ap2").is_some());
        for bad in [
            "",
            "Harbor",
            "a b",
            "-a",
            "a-",
            "../x",
            "a/b",
            &"x".repeat(41),
        ] {
            assert!(SourceName::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn the_same_id_from_two_sources_is_two_stories() {
        let a = SourceName::parse("harbor-wire").expect("valid");
        let b = SourceName::parse("coast-syndicate").expect("valid");
        assert_ne!(a.story_key("urn:1"), b.story_key("urn:1"));
        assert_eq!(SourceName::local().story_key("urn:1"), "urn:1");
    }

    #[test]
    fn a_stored_key_names_its_source() {
        let wire = SourceName::parse("harbor-wire").expect("valid");
        let key = wire.story_key("urn:x/1");
        assert_eq!(SourceName::of_story_key(&key), wire);
        for local in ["urn:1", "https://news.example/a/b"] {
            assert_eq!(SourceName::of_story_key(local), SourceName::local());
        }
    }
}
