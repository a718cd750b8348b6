//! Which reader a document needs, judged by its content: wire files arrive without
//! extensions, or with the wrong ones ("allthis.atom" is RSS).

use crate::{page_copy::read_page_copy, Document, Item, ReadError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    PageCopy,
    Ninjs,
    NewsMlG2,
    Nitf,
    Rss,
    Atom,
    JsonFeed,
    /// XML whose root element is none of the above.
    OtherXml,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Self::PageCopy => "page copy",
            Self::Ninjs => "ninjs",
            Self::NewsMlG2 => "NewsML-G2",
            Self::Nitf => "NITF",
            Self::Rss => "RSS",
            Self::Atom => "Atom",
            Self::JsonFeed => "JSON Feed",
            Self::OtherXml => "XML of an unknown kind",
        }
    }
}

/// Judges the format from the first meaningful bytes: the root element of XML, the
/// `version` of JSON Feed, and plain text otherwise.
pub fn detect_format(bytes: &[u8]) -> Format {
    let text = sample_text(&bytes[..bytes.len().min(64 * 1024)]);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('<') {
        return xml_format(&root_element_name(text).unwrap_or_default());
    }
    if text.starts_with('{') || text.starts_with('[') {
        return if text.contains("jsonfeed.org/version/") {
            Format::JsonFeed
        } else {
            Format::Ninjs
        };
    }
    Format::PageCopy
}

/// The start of a document as text, enough to judge its format: UTF-16 (with a byte
/// order mark, or XML's telltale `<` followed by a zero byte) is decoded; anything else
/// is read as UTF-8, which every other encoding agrees with on the markup.
fn sample_text(sample: &[u8]) -> std::borrow::Cow<'_, str> {
    use encoding_rs::{UTF_16BE, UTF_16LE};
    let utf16 = match encoding_rs::Encoding::for_bom(sample) {
        Some((encoding, bom)) if encoding != encoding_rs::UTF_8 => Some((encoding, bom)),
        _ if sample.starts_with(b"<\0") => Some((UTF_16LE, 0)),
        _ if sample.starts_with(b"\0<") => Some((UTF_16BE, 0)),
        _ => None,
    };
    match utf16 {
        Some((encoding, bom)) => encoding.decode_without_bom_handling(&sample[bom..]).0,
        None => String::from_utf8_lossy(sample),
    }
}

fn xml_format(root: &str) -> Format {
    let local = root.rsplit(':').next().unwrap_or(root);
    match local {
        "newsMessage" | "newsItem" | "packageItem" | "conceptItem" | "planningItem"
        | "knowledgeItem" | "catalogItem" | "contentMeta" | "groupSet" => Format::NewsMlG2,
        "nitf" => Format::Nitf,
        "rss" | "RDF" => Format::Rss,
        "feed" => Format::Atom,
        _ => Format::OtherXml,
    }
}

/// The name of the first element, past the XML declaration, comments, processing
/// instructions and a DOCTYPE (with or without an internal subset).
fn root_element_name(text: &str) -> Option<String> {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("<?") {
            rest = &after[after.find("?>")? + 2..];
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->")? + 3..];
        } else if let Some(after) = rest.strip_prefix("<!") {
            let end = match (after.find('['), after.find('>')) {
                (Some(open), Some(close)) if open < close => after.find("]>")? + 2,
                (_, Some(close)) => close + 1,
                _ => return None,
            };
            rest = &after[end..];
        } else {
            let after = rest.strip_prefix('<')?;
            let name: String = after
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, '>' | '/'))
                .collect();
            return Some(name);
        }
    }
}

/// Reads every item of a document in any supported format.
pub fn read_document(bytes: &[u8]) -> Result<Document, ReadError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty);
    }
    let format = detect_format(bytes);
    let items = match format {
        Format::PageCopy => vec![Item::Story(Box::new(read_page_copy(bytes)?))],
        Format::OtherXml => {
            return Err(ReadError::Invalid {
                format: "XML",
                reason: "the root element is not NewsML-G2, NITF, RSS or Atom".into(),
            })
        }
        Format::Ninjs => crate::ninjs::read_ninjs(&crate::text::decode(bytes)?)?,
        Format::NewsMlG2 => crate::newsml::read_newsml(bytes)?,
        Format::Nitf => crate::nitf::read_nitf(bytes)?,
        Format::Rss | Format::Atom | Format::JsonFeed => crate::feeds::read_feed(bytes)?,
    };
    Ok(Document { format, items })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_format_by_content() {
        let cases: &[(&[u8], Format)] = &[
            (b"\xEF\xBB\xBF  <?xml version='1.0'?><newsMessage xmlns='x'/>", Format::NewsMlG2),
            (b"<?xml version='1.0'?>\n<!-- a comment -->\n<!DOCTYPE nitf SYSTEM \"nitf-3-2.dtd\">\n<nitf>", Format::Nitf),
            (b"<!DOCTYPE x [ <!ENTITY a 'b'> ]><g2:newsItem>", Format::NewsMlG2),
            (b"<rss version=\"2.0\">", Format::Rss),
            (b"<rdf:RDF xmlns:rdf=\"x\">", Format::Rss),
            (b"<feed xmlns=\"http://www.w3.org/2005/Atom\">", Format::Atom),
            (b"<html><body>", Format::OtherXml),
            (b"\n{\"uri\": \"x\"}", Format::Ninjs),
            (b"{\"version\": \"https://jsonfeed.org/version/1.1\"}", Format::JsonFeed),
            (b"Local News\n/\n", Format::PageCopy),
            (b"\xFF\xFE<\0r\0s\0s\0>\0", Format::Rss),
            (b"<\0f\0e\0e\0d\0>\0", Format::Atom),
            (b"\xFE\xFF\0{\0\"\0u\0r\0i\0\"\0", Format::Ninjs),
        ];
        for (bytes, format) in cases {
            assert_eq!(
                detect_format(bytes),
                *format,
                "{}",
                String::from_utf8_lossy(bytes)
            );
        }
    }

    #[test]
    fn empty_and_unknown_documents_say_why() {
        assert_eq!(read_document(b" \n\t").err(), Some(ReadError::Empty));
        let err = read_document(b"<html/>").expect_err("not a news format");
        assert!(
            err.to_string().contains("not NewsML-G2, NITF, RSS or Atom"),
            "{err}"
        );
    }
}
