//! Which reader a document needs, judged by its content: wire files arrive without
//! extensions, or with the wrong ones.

use crate::{page_copy::read_page_copy, ReadError};
use gazette_core::IncomingStory;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    PageCopy,
    Xml,
    Json,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Self::PageCopy => "page copy",
            Self::Xml => "XML (NewsML-G2, NITF, RSS or Atom)",
            Self::Json => "JSON (ninjs or JSON Feed)",
        }
    }
}

/// Looks at the first meaningful byte: markup and JSON announce themselves at once;
/// anything else is read as page copy.
pub fn detect_format(bytes: &[u8]) -> Format {
    let start = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace());
    match start {
        Some(b'<') => Format::Xml,
        Some(b'{') | Some(b'[') => Format::Json,
        _ => Format::PageCopy,
    }
}

/// Reads one story from a document of any supported format.
pub fn read_story(bytes: &[u8]) -> Result<IncomingStory, ReadError> {
    match detect_format(bytes) {
        Format::PageCopy => read_page_copy(bytes),
        unsupported => Err(ReadError::UnsupportedFormat(unsupported.name())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_markup_json_and_text() {
        assert_eq!(
            detect_format(b"\xEF\xBB\xBF  <?xml version='1.0'?>"),
            Format::Xml
        );
        assert_eq!(detect_format(b"\n{\"uri\": 1}"), Format::Json);
        assert_eq!(detect_format(b"Local News\n/\n"), Format::PageCopy);
    }

    #[test]
    fn unsupported_formats_are_named_in_the_error() {
        let err = read_story(b"<newsMessage/>").expect_err("XML is not read yet");
        assert!(err.to_string().contains("NewsML-G2"), "{err}");
    }
}
