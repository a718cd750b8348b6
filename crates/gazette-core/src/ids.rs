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
///
/// Slugs are ASCII on purpose: they are readable in every browser's address bar, in logs
/// and when read aloud, and they are valid path segments without percent-encoding.
/// Headlines and names in other scripts are transliterated (see [`Slug::from_text`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Slug(String);

impl Slug {
    /// Longest slug we make from a headline; long enough to stay readable, short
    /// enough for a URL someone might read aloud.
    const MAX_LEN: usize = 80;

    /// Makes a slug from any text, in any script. Letters and digits are transliterated
    /// to ASCII with `deunicode` ("Zoë" → "zoe", "Ελένη Παππά" → "elene-pappa",
    /// "Олена Коваль" → "olena-koval", "李明" → "li-ming"); everything else (spaces,
    /// punctuation, symbols, emoji) separates words. "&" reads as "and"; an apostrophe
    /// joins ("council's" → "councils"). The slug is cut at a word boundary to at most
    /// 80 characters. Text with no letters or digits at all gives `None`.
    pub fn from_text(text: &str) -> Option<Self> {
        let mut slug = String::with_capacity(text.len().min(Self::MAX_LEN + 1));
        let mut pending_hyphen = false;
        for c in text.chars() {
            let ascii = if c == '&' {
                " and "
            } else if c == '\'' || c == '’' {
                // An apostrophe joins ("council's" → "councils"); anything else separates.
                continue;
            } else if c.is_alphanumeric() {
                // Letters and digits of any script; `None` only for characters deunicode
                // has no reading for, which then separate words like punctuation.
                deunicode::deunicode_char(c).unwrap_or(" ")
            } else {
                " "
            };
            for a in ascii.chars() {
                if a.is_ascii_alphanumeric() {
                    if pending_hyphen && !slug.is_empty() {
                        slug.push('-');
                    }
                    pending_hyphen = false;
                    slug.push(a.to_ascii_lowercase());
                } else {
                    pending_hyphen = true;
                }
            }
            if slug.len() > Self::MAX_LEN {
                break;
            }
        }
        if slug.len() > Self::MAX_LEN {
            // Cut at the last whole word that fits, never inside one; a single word longer
            // than the limit is cut at the limit.
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
    fn non_latin_headlines_and_names_are_transliterated() {
        let slug = |text: &str| Slug::from_text(text).map(|s| s.to_string());
        assert_eq!(
            slug("Το συμβούλιο ενέκρινε το πλοίο").as_deref(),
            Some("to-sumboulio-enekrine-to-ploio")
        );
        assert_eq!(
            slug("Рада схвалила нічний пором").as_deref(),
            Some("rada-skhvalila-nichnii-porom")
        );
        assert_eq!(
            slug("港口交通在秋季增长").as_deref(),
            Some("gang-kou-jiao-tong-zai-qiu-ji-zeng-chang")
        );
        // Author pages: people are slugged by name.
        assert_eq!(slug("李明").as_deref(), Some("li-ming"));
        assert_eq!(slug("Ελένη Παππά").as_deref(), Some("elene-pappa"));
        assert_eq!(slug("Олена Коваль").as_deref(), Some("olena-koval"));
        // Symbols and emoji separate words; they do not become words.
        assert_eq!(
            slug("Ferry 🚢 returns — at last").as_deref(),
            Some("ferry-returns-at-last")
        );
    }

    #[test]
    fn long_non_latin_headlines_are_cut_at_a_word_boundary() {
        let long = "Το δημοτικό συμβούλιο ψήφισε την Τρίτη υπέρ της επέκτασης της γραμμής \
                    του πλοίου προς το βόρειο λιμάνι";
        let words: Vec<String> = long
            .split_whitespace()
            .filter_map(|w| Slug::from_text(w).map(|s| s.0))
            .collect();
        let slug = Slug::from_text(long).expect("has letters");
        assert!(slug.as_str().len() <= 80, "{slug}");
        // Every hyphen-separated part is a whole word of the headline, in order.
        let parts: Vec<&str> = slug.as_str().split('-').collect();
        assert_eq!(parts, words[..parts.len()], "{slug} was cut inside a word");

        let cjk = "港口交通在秋季增长".repeat(10);
        let slug = Slug::from_text(&cjk).expect("has letters");
        assert!(slug.as_str().len() <= 80, "{slug}");
        assert!(slug.as_str().ends_with("-chang") || slug.as_str().ends_with("-zeng"));
    }

    #[test]
    fn parse_accepts_whatever_from_text_makes() {
        for text in [
            "Council approves weekend ferry — north harbor’s plan, 7-2!",
            "Το συμβούλιο ενέκρινε το πλοίο",
            "Олена Коваль",
            "李明 and Ana Ruiz",
            "東京で新しい橋が開通",
            "서울 시장",
            "مرحبا بالعالم",
            "Zoë Laurent & Ørsted Straße",
            "½ of ² Ⅻ ﬁnal",
            &"drought tolerant rootstock ".repeat(10),
            &"x".repeat(200),
        ] {
            let slug = Slug::from_text(text).expect("has letters");
            assert_eq!(Slug::parse(slug.as_str()), Some(slug.clone()), "{text}");
            assert_eq!(
                Slug::parse(slug.numbered(12).as_str()),
                Some(slug.numbered(12)),
                "{text}"
            );
        }
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
