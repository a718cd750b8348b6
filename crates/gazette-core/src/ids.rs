//! Identifiers that are easy to confuse, as newtypes.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// A story's stable id: the one every API uses, whatever its slug or section.
/// UUIDv7, so ids sort by creation time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StoryId(Uuid);

impl StoryId {
    pub fn new() -> Self {
        Self(Uuid::now_v7())
    }

    pub fn parse(text: &str) -> Option<Self> {
        Uuid::parse_str(text).ok().map(Self)
    }

    pub fn as_uuid(&self) -> Uuid {
        self.0
    }
}

impl Default for StoryId {
    fn default() -> Self {
        Self::new()
    }
}

impl From<Uuid> for StoryId {
    fn from(value: Uuid) -> Self {
        Self(value)
    }
}

impl fmt::Display for StoryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A URL path segment made from words: lowercase ASCII letters, digits and single hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Slug(String);

impl Slug {
    /// Longest slug we make from a headline; long enough to stay readable, short
    /// enough for a URL someone might read aloud.
    const MAX_LEN: usize = 80;

    /// Makes a slug from any text. Letters with accents lose them ("Zoë" → "zoe"),
    /// everything that is not a letter or digit becomes a hyphen. Text with no letters
    /// or digits at all gives `None`.
    pub fn from_text(text: &str) -> Option<Self> {
        let mut slug = String::with_capacity(text.len().min(Self::MAX_LEN));
        let mut pending_hyphen = false;
        for c in text.chars().flat_map(fold_to_ascii) {
            if c.is_ascii_alphanumeric() {
                if pending_hyphen && !slug.is_empty() {
                    slug.push('-');
                }
                pending_hyphen = false;
                slug.push(c.to_ascii_lowercase());
            } else if c != '\'' && c != '’' {
                // An apostrophe joins ("council's" → "councils"); anything else separates.
                pending_hyphen = true;
            }
            if slug.len() > Self::MAX_LEN {
                break;
            }
        }
        if slug.len() > Self::MAX_LEN {
            // Cut at the last whole word that fits, never inside one.
            let cut = slug[..=Self::MAX_LEN].rfind('-').unwrap_or(Self::MAX_LEN);
            slug.truncate(cut);
        }
        let slug = slug.trim_end_matches('-').to_owned();
        (!slug.is_empty()).then_some(Self(slug))
    }

    /// Accepts a slug as it appears in a URL; `None` when it is not one we could have made.
    pub fn parse(text: &str) -> Option<Self> {
        let valid = !text.is_empty()
            && text.len() <= Self::MAX_LEN + 8
            && !text.starts_with('-')
            && !text.ends_with('-')
            && !text.contains("--")
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        valid.then(|| Self(text.to_owned()))
    }

    /// The same slug with a counter, for the second story with the same headline.
    pub fn numbered(&self, n: u32) -> Self {
        Self(format!("{}-{n}", self.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Folds the Latin letters news copy commonly carries to ASCII, so slugs stay readable.
fn fold_to_ascii(c: char) -> impl Iterator<Item = char> {
    let folded: &str = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' | 'ă' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ą' | 'Ă' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' | 'ð' | 'Ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ę' | 'Ě' => {
            "e"
        }
        'ğ' | 'Ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'İ' => "i",
        'ł' | 'ľ' | 'Ł' | 'Ľ' => "l",
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō'
        | 'Ő' => "o",
        'œ' | 'Œ' => "oe",
        'ř' | 'Ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' | 'Ś' | 'Š' | 'Ş' | 'Ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' | 'Ť' | 'Ţ' | 'Ț' => "t",
        'þ' | 'Þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => {
            "u"
        }
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        '&' => "-and-",
        _ => "",
    };
    let single = folded.is_empty().then_some(c);
    folded.chars().chain(single)
}

/// A section as a story refers to it: its display name and its slug.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionRef {
    pub name: String,
    pub slug: Slug,
}

impl SectionRef {
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.trim();
        Slug::from_text(name).map(|slug| Self {
            name: name.to_owned(),
            slug,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_from_headline_is_lowercase_words_joined_by_hyphens() {
        let slug = Slug::from_text("Council approves weekend ferry — north harbor’s plan, 7-2!");
        assert_eq!(
            slug.map(|s| s.to_string()).as_deref(),
            Some("council-approves-weekend-ferry-north-harbors-plan-7-2")
        );
    }

    #[test]
    fn slug_folds_accents_and_ampersands() {
        let slug = Slug::from_text("Zoë Laurent & Ørsted Straße");
        assert_eq!(
            slug.map(|s| s.to_string()).as_deref(),
            Some("zoe-laurent-and-orsted-strasse")
        );
    }

    #[test]
    fn slug_of_text_without_letters_is_none() {
        assert_eq!(Slug::from_text(" — / !"), None);
    }

    #[test]
    fn slug_is_bounded_in_length() {
        let long = "drought tolerant rootstock ".repeat(10);
        let slug = Slug::from_text(&long).expect("has letters");
        assert!(slug.as_str().len() <= 80, "{slug}");
        assert!(
            slug.as_str().ends_with("-rootstock")
                || slug.as_str().ends_with("-tolerant")
                || slug.as_str().ends_with("-drought"),
            "{slug}"
        );
    }

    #[test]
    fn parse_accepts_made_slugs_and_refuses_others() {
        assert!(Slug::parse("ferry-service-2").is_some());
        for bad in ["", "Ferry", "a--b", "-a", "a-", "a/b", "a b", "../etc"] {
            assert!(Slug::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn story_ids_round_trip_through_text() {
        let id = StoryId::new();
        assert_eq!(StoryId::parse(&id.to_string()), Some(id));
        assert_eq!(StoryId::parse("not-an-id"), None);
    }
}
