//! The XML both IPTC readers (NewsML-G2 and NITF) stand on: bytes decoded in the
//! encoding the document declares, parsed safely into a small element tree, and the
//! rules the two formats share for turning what they found into an [`Item`].
//!
//! Safety, by construction: no DTD is ever fetched (quick-xml has no network and no DTD
//! processing), a DOCTYPE that declares entities is refused (billion laughs, XXE), an
//! entity an external DTD would define is kept as text and never expanded, and elements
//! nest no deeper than [`MAX_DEPTH`]. Names are matched by their local part, so
//! `<g2:newsItem>` and `<nitf:p>` read like `<newsItem>` and `<p>` whatever the prefix.

use crate::dates::parse_wire_datetime;
use crate::html::{collapse_whitespace, text_from_html};
use crate::{Item, ReadError};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use gazette_core::{Block, IncomingStory, Status};
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::attributes::AttrError;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;
use std::borrow::Cow;
use time::OffsetDateTime;

/// How deep elements may nest. A NewsML-G2 message with an inline NITF or XHTML body
/// nests about twenty levels; hostile documents nest thousands deep.
pub(crate) const MAX_DEPTH: usize = 256;

/// Elements HTML never closes: written as `<br/>` so the HTML reader does not take a
/// closing `</br>` for a second line break.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// One element of a parsed document, named by its local name.
#[derive(Debug)]
pub(crate) struct Element {
    name: String,
    /// Attributes by local name (`xml:lang` is `lang`), namespace declarations left out.
    attributes: Vec<(String, String)>,
    children: Vec<Node>,
    /// Where its start tag begins, in bytes into the decoded text, for errors that name
    /// a place ([`position_in`]).
    offset: usize,
}

#[derive(Debug)]
enum Node {
    Element(Element),
    /// Character data, entities resolved.
    Text(String),
    /// Content that is already markup: a CDATA section (sources wrap HTML in them) or
    /// an entity reference we do not define, which the HTML reader then resolves if it
    /// is an HTML entity (`&eacute;`) and keeps as text otherwise.
    Markup(String),
}

impl Element {
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// Where the element starts, in bytes into the text it was parsed from.
    pub(crate) fn offset(&self) -> usize {
        self.offset
    }

    /// Whether the element has elements inside it (not only text).
    pub(crate) fn has_elements(&self) -> bool {
        self.elements().next().is_some()
    }

    /// The value of an attribute, trimmed; `None` when absent or blank.
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim())
            .filter(|value| !value.is_empty())
    }

    pub(crate) fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|node| match node {
            Node::Element(element) => Some(element),
            _ => None,
        })
    }

    pub(crate) fn children_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Element> + 'a {
        self.elements().filter(move |element| element.name == name)
    }

    pub(crate) fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|element| element.name == name)
    }

    /// Every element of this name below this one, in document order.
    pub(crate) fn descendants_named<'a>(&'a self, name: &str) -> Vec<&'a Element> {
        let mut found = Vec::new();
        let mut stack: Vec<&Element> = self.elements().collect();
        stack.reverse();
        while let Some(element) = stack.pop() {
            if element.name == name {
                found.push(element);
            }
            stack.extend(element.elements().collect::<Vec<_>>().into_iter().rev());
        }
        found
    }

    /// The first element down a path of child names.
    pub(crate) fn path(&self, names: &[&str]) -> Option<&Element> {
        names
            .iter()
            .try_fold(self, |element, name| element.child(name))
    }

    /// The text a reader sees: markup removed, entities resolved, whitespace collapsed.
    pub(crate) fn text(&self) -> String {
        text_from_html(&self.inner_markup())
    }

    /// [`Self::text`], or `None` when the element holds no text.
    pub(crate) fn text_opt(&self) -> Option<String> {
        Some(self.text()).filter(|text| !text.is_empty())
    }

    /// The text with its line breaks and spacing kept, CDATA as written: for plain-text
    /// bodies whose blank lines and indents mark the paragraphs.
    pub(crate) fn plain_text(&self) -> String {
        let mut out = String::new();
        self.write_plain_text(&mut out);
        out
    }

    fn write_plain_text(&self, out: &mut String) {
        for node in &self.children {
            match node {
                Node::Text(text) | Node::Markup(text) => out.push_str(text),
                Node::Element(element) => element.write_plain_text(out),
            }
        }
    }

    /// The element's content written back as markup, with local names only, for the
    /// HTML reader that turns bodies into blocks.
    pub(crate) fn inner_markup(&self) -> String {
        self.inner_markup_without(&[])
    }

    /// [`Self::inner_markup`] leaving out the direct children of the given names.
    pub(crate) fn inner_markup_without(&self, skipped: &[&str]) -> String {
        let mut out = String::new();
        for node in &self.children {
            match node {
                Node::Element(element) if skipped.contains(&element.name.as_str()) => {}
                node => write_node(node, &mut out),
            }
        }
        out
    }
}

fn write_node(node: &Node, out: &mut String) {
    match node {
        Node::Text(text) => escape_into(text, false, out),
        Node::Markup(markup) => out.push_str(markup),
        Node::Element(element) => {
            out.push('<');
            out.push_str(&element.name);
            for (key, value) in &element.attributes {
                out.push(' ');
                out.push_str(key);
                out.push_str("=\"");
                escape_into(value, true, out);
                out.push('"');
            }
            if VOID_ELEMENTS.contains(&element.name.as_str()) {
                out.push_str("/>");
                return;
            }
            // Always an explicit end tag: HTML reads `<p/>` or `<title/>` as an open
            // element that would swallow what follows.
            out.push('>');
            for child in &element.children {
                write_node(child, out);
            }
            out.push_str("</");
            out.push_str(&element.name);
            out.push('>');
        }
    }
}

fn escape_into(text: &str, in_attribute: bool, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// Decodes and parses a document into its root element.
pub(crate) fn parse(bytes: &[u8], format: &'static str) -> Result<Element, ReadError> {
    let text = decode(bytes)?;
    parse_text(&text, format)
}

/// Parses decoded text ([`decode`]) into its root element, for readers that name
/// positions in their own errors ([`position_in`] with [`Element::offset`]).
pub(crate) fn parse_text(text: &str, format: &'static str) -> Result<Element, ReadError> {
    TreeBuilder::new(text, format).build()
}

struct TreeBuilder<'a> {
    text: &'a str,
    format: &'static str,
    reader: Reader<&'a [u8]>,
    open: Vec<Element>,
    root: Option<Element>,
}

impl<'a> TreeBuilder<'a> {
    fn new(text: &'a str, format: &'static str) -> Self {
        Self {
            text,
            format,
            reader: Reader::from_str(text),
            open: Vec::new(),
            root: None,
        }
    }

    fn build(mut self) -> Result<Element, ReadError> {
        loop {
            // Where the event starts: the previous one ended here.
            let event_start = self.reader.buffer_position();
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(error) => {
                    let at = self.reader.error_position();
                    return Err(self.syntax_error(at, error.to_string()));
                }
            };
            match event {
                Event::Start(start) => {
                    let element = self.element(&start, event_start)?;
                    if self.open.len() >= MAX_DEPTH {
                        return Err(ReadError::TooDeep { limit: MAX_DEPTH });
                    }
                    self.check_single_root(&element)?;
                    self.open.push(element);
                }
                Event::Empty(start) => {
                    let element = self.element(&start, event_start)?;
                    self.check_single_root(&element)?;
                    self.close(element);
                }
                Event::End(_) => {
                    // quick-xml has checked that the end tag matches the open element.
                    if let Some(element) = self.open.pop() {
                        self.close(element);
                    }
                }
                Event::Text(text) => self.push_text(&text.xml10_content()),
                Event::CData(data) => self.push_markup(data.into_inner().into_owned()),
                Event::GeneralRef(reference) => self.push_reference(&reference)?,
                Event::DocType(doctype) => refuse_entity_declarations(&doctype, self.format)?,
                Event::Eof => break,
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
            }
        }
        if let Some(open) = self.open.last() {
            let reason = format!("the document ends before <{}> is closed", open.name);
            return Err(self.syntax_error(self.text.len() as u64, reason));
        }
        self.root.ok_or_else(|| ReadError::Syntax {
            format: self.format,
            position: "at the end".into(),
            reason: "the document has no root element".into(),
        })
    }

    fn element(&self, start: &BytesStart<'_>, tag_start: u64) -> Result<Element, ReadError> {
        let mut attributes = Vec::new();
        for attribute in start.attributes() {
            let attribute = attribute.map_err(|error| self.attribute_error(&error, tag_start))?;
            let key = attribute.key;
            if key.as_namespace_binding().is_some() {
                continue;
            }
            let value = attribute
                .normalized_value_with(quick_xml::XmlVersion::Implicit1_0, 1, |name| {
                    // An entity no DTD of ours defines is dropped from an attribute value.
                    resolve_predefined_entity(name).or(Some(""))
                })
                .map_err(|error| self.syntax_error(tag_start, error.to_string()))?;
            let name = key.local_name().as_ref().to_owned();
            attributes.push((name, value.into_owned()));
        }
        Ok(Element {
            name: start.local_name().as_ref().to_owned(),
            attributes,
            children: Vec::new(),
            offset: usize::try_from(tag_start).unwrap_or(usize::MAX),
        })
    }

    /// quick-xml counts an attribute error's position from the tag's name; the
    /// document's position is what the person who fixes the file needs.
    fn attribute_error(&self, error: &AttrError, tag_start: u64) -> ReadError {
        let in_tag = match error {
            AttrError::ExpectedEq(at)
            | AttrError::ExpectedValue(at)
            | AttrError::UnquotedValue(at)
            | AttrError::ExpectedQuote(at, _)
            | AttrError::Duplicated(at, _) => *at,
        };
        let message = error.to_string();
        let reason = message
            .split_once(": ")
            .filter(|(prefix, _)| prefix.starts_with("position"))
            .map_or(message.as_str(), |(_, reason)| reason);
        // One for the "<" before the name.
        self.syntax_error(tag_start + 1 + in_tag as u64, reason.to_owned())
    }

    fn check_single_root(&self, element: &Element) -> Result<(), ReadError> {
        if self.open.is_empty() && self.root.is_some() {
            let reason = format!(
                "a second root element <{}> follows the end of the document",
                element.name
            );
            return Err(self.syntax_error(self.reader.buffer_position(), reason));
        }
        Ok(())
    }

    fn close(&mut self, element: Element) {
        match self.open.last_mut() {
            Some(parent) => parent.children.push(Node::Element(element)),
            None => self.root = Some(element),
        }
    }

    /// Text outside the root element is whitespace or stray characters; neither is
    /// content, so it is dropped.
    fn push_text(&mut self, text: &str) {
        let Some(parent) = self.open.last_mut() else {
            return;
        };
        match parent.children.last_mut() {
            Some(Node::Text(previous)) => previous.push_str(text),
            _ => parent.children.push(Node::Text(text.to_owned())),
        }
    }

    fn push_markup(&mut self, markup: String) {
        if let Some(parent) = self.open.last_mut() {
            parent.children.push(Node::Markup(markup));
        }
    }

    /// XML 1.0 §4.6: the five predefined entities and character references are
    /// resolved; any other entity would come from a DTD we never read, so it is kept as
    /// written for the HTML reader (which knows `&nbsp;` and `&eacute;`) rather than
    /// fetched or refused.
    fn push_reference(&mut self, reference: &BytesRef<'_>) -> Result<(), ReadError> {
        let resolved = reference
            .resolve_char_ref()
            .map_err(|error| self.syntax_error(self.reader.buffer_position(), error.to_string()))?;
        if let Some(c) = resolved {
            self.push_text(c.encode_utf8(&mut [0; 4]));
            return Ok(());
        }
        let name: &str = reference;
        if let Some(value) = resolve_predefined_entity(name) {
            self.push_text(value);
        } else if name.chars().all(|c| c.is_ascii_alphanumeric()) {
            self.push_markup(format!("&{name};"));
        } else {
            self.push_text(&format!("&{name};"));
        }
        Ok(())
    }

    fn syntax_error(&self, at: u64, reason: String) -> ReadError {
        let at = usize::try_from(at).unwrap_or(usize::MAX);
        ReadError::Syntax {
            format: self.format,
            position: position_in(self.text, at),
            reason,
        }
    }
}

/// A DOCTYPE naming an external DTD (NITF files carry `<!DOCTYPE nitf SYSTEM
/// "nitf-3-2.dtd">`) is harmless: we never read it. One that declares entities in its
/// internal subset is how entity-expansion bombs and external-entity reads are built.
fn refuse_entity_declarations(doctype: &str, format: &'static str) -> Result<(), ReadError> {
    if doctype.to_ascii_uppercase().contains("<!ENTITY") {
        return Err(ReadError::Forbidden {
            format,
            reason: "the DOCTYPE declares entities (<!ENTITY …>)".into(),
        });
    }
    Ok(())
}

/// "at line 12, column 4" for a byte offset into the decoded text; the column counts
/// characters, as an editor does.
pub(crate) fn position_in(text: &str, offset: usize) -> String {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let column = before[line_start..].chars().count() + 1;
    format!("at line {line}, column {column}")
}

/// Decodes the document's bytes (XML 1.0 §4.3.3 and Appendix F): a byte order mark
/// decides; then UTF-16 recognised by its first characters; then bytes that are valid
/// UTF-8 are read as UTF-8 whatever the declaration says, because legacy text almost
/// never forms valid multi-byte UTF-8 by chance while mislabelled UTF-8 is common (real
/// NITF files declare ISO-8859-1 and are UTF-8); then the declared encoding, strictly.
/// A document that declares nothing, or UTF-8, and is not valid UTF-8 is read as
/// Windows-1252, which maps every byte (a lossless best effort, and what such files
/// almost always are), unless it also holds valid multi-byte UTF-8: then it is UTF-8
/// broken in places or two encodings mixed, and either reading garbles part of it, so it
/// is refused. One that declares another encoding its bytes break is refused with the
/// offset of the first bad byte.
pub(crate) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, ReadError> {
    if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        return decode_strictly(&bytes[bom_length..], encoding, encoding.name(), bom_length);
    }
    match bytes {
        [b'<', 0, b'?', 0, ..] => return decode_strictly(bytes, UTF_16LE, "UTF-16LE", 0),
        [0, b'<', 0, b'?', ..] => return decode_strictly(bytes, UTF_16BE, "UTF-16BE", 0),
        _ => {}
    }
    let declared = declared_encoding(bytes)?;
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(Cow::Borrowed(text)),
        Err(error) => error,
    };
    match declared {
        Some((label, encoding)) if encoding != UTF_8 => decode_strictly(bytes, encoding, &label, 0),
        _ if crate::text::is_broken_utf8(bytes) => {
            Err(crate::text::broken_utf8(utf8_error.valid_up_to()))
        }
        _ => Ok(WINDOWS_1252.decode_without_bom_handling(bytes).0),
    }
}

/// Decodes without replacement characters; `label` is the encoding as the document
/// names it, and `skipped` the length of a byte order mark, so the offset reported
/// is the offset in the file.
fn decode_strictly(
    bytes: &[u8],
    encoding: &'static Encoding,
    label: &str,
    skipped: usize,
) -> Result<Cow<'static, str>, ReadError> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .ok_or_else(|| ReadError::Encoding("the document is too large to decode".into()))?;
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(Cow::Owned(text)),
        encoding_rs::DecoderResult::Malformed(bad, _) => Err(ReadError::Encoding(format!(
            "the document's encoding is {label}, but byte {} (counting from 0) is not valid {label}",
            skipped + read - usize::from(bad),
        ))),
        encoding_rs::DecoderResult::OutputFull => Err(ReadError::Encoding(format!(
            "the document could not be decoded as {label}"
        ))),
    }
}

/// The encoding named in the XML declaration (`<?xml version="1.0" encoding="…"?>`),
/// looked up among the WHATWG labels encoding_rs knows ("ISO-8859-1", "GB2312",
/// "utf8", …).
fn declared_encoding(bytes: &[u8]) -> Result<Option<(String, &'static Encoding)>, ReadError> {
    let head = &bytes[..bytes.len().min(256)];
    let Some(head) = head.strip_prefix(b"<?xml") else {
        return Ok(None);
    };
    let end = head
        .windows(2)
        .position(|w| w == b"?>")
        .unwrap_or(head.len());
    let declaration = String::from_utf8_lossy(&head[..end]);
    let Some(at) = declaration.find("encoding") else {
        return Ok(None);
    };
    let rest = declaration[at + "encoding".len()..].trim_start();
    let Some(rest) = rest.strip_prefix('=').map(str::trim_start) else {
        return Ok(None);
    };
    let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
        return Ok(None);
    };
    let label = rest[1..].split(quote).next().unwrap_or_default().trim();
    Encoding::for_label(label.as_bytes())
        .map(|encoding| Some((label.to_owned(), encoding)))
        .ok_or_else(|| {
            ReadError::Encoding(format!(
                "the document declares the encoding \"{label}\", which Gazette does not know"
            ))
        })
}

/// A date of a wire document; an empty or unreadable one is no date, never a wrong one.
pub(crate) fn date_in(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    (!text.is_empty()).then(|| parse_wire_datetime(text))?
}

/// The date part of a dateline built from a place and a time ("October 18").
pub(crate) fn dateline_date(at: OffsetDateTime) -> String {
    format!("{} {}", at.month(), at.day())
}

/// A news priority, 1 (most urgent) to 9, as NewsML-G2 `<urgency>` and NITF `@ed-urg`
/// give it; anything else is no urgency.
pub(crate) fn urgency_in(text: &str) -> Option<u8> {
    text.trim()
        .parse::<u8>()
        .ok()
        .filter(|urgency| (1..=9).contains(urgency))
}

/// The status words both IPTC formats use (NewsML-G2 `stat:` codes, NITF
/// `management-status`): usable, withheld, canceled. "embargoed" (NITF) is usable
/// copy held until its release date, which the reader reports as the embargo.
pub(crate) fn status_in(code: &str) -> Status {
    match code.trim().to_ascii_lowercase().as_str() {
        "withheld" => Status::Withheld,
        "canceled" | "cancelled" => Status::Killed,
        _ => Status::Published,
    }
}

/// Text some sources end with a dash because the copy continues after it ("London
/// (dpa) - ", "STT–"): the dash belongs to the body, not to the field.
pub(crate) fn without_trailing_dash(text: &str) -> String {
    text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—'))
        .to_owned()
}

/// Names in their first-seen order, each once (case aside), blanks dropped: topics
/// arrive from several lists (subjects, keywords) that repeat one another.
pub(crate) fn distinct(names: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    names
        .map(|name| collapse_whitespace(&name))
        .filter(|name| !name.is_empty() && seen.insert(name.to_lowercase()))
        .collect()
}

/// The rules every story of both formats must pass, applied to what a reader found: an
/// id always; a headline and body text unless the source kills the story. Copy with no
/// headline whose body opens with a subhead (a correction notice headed "Correction")
/// takes that subhead as its headline.
pub(crate) fn story_item(format: &'static str, mut story: IncomingStory) -> Item {
    let invalid = |reason: &str| ReadError::Invalid {
        format,
        reason: reason.into(),
    };
    if story.source_key.is_empty() {
        return Item::Unreadable {
            id: None,
            error: invalid("no id"),
        };
    }
    if story.headline.is_empty() {
        promote_leading_subhead(&mut story);
    }
    if story.status != Status::Killed {
        let missing = if story.headline.is_empty() {
            Some("no headline")
        } else if story.body.is_empty() {
            Some("no body text")
        } else {
            None
        };
        if let Some(reason) = missing {
            return Item::Unreadable {
                id: Some(story.source_key),
                error: invalid(reason),
            };
        }
    }
    Item::Story(Box::new(story))
}

fn promote_leading_subhead(story: &mut IncomingStory) {
    if let Some(Block::Subhead(subhead)) = story.body.0.first() {
        story.headline = subhead.clone();
        story.body.0.remove(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(xml: &str) -> Element {
        parse(xml.as_bytes(), "test").expect("well-formed XML")
    }

    #[test]
    fn local_names_are_matched_whatever_the_prefix() {
        let doc = root(
            "<g2:newsItem xmlns:g2='urn:x' g2:guid=' a1 ' xml:lang='en'>\
             <g2:contentMeta><g2:headline> Ferry\n  returns </g2:headline></g2:contentMeta>\
             </g2:newsItem>",
        );
        assert_eq!(doc.name(), "newsItem");
        assert_eq!(doc.attr("guid"), Some("a1"));
        assert_eq!(doc.attr("lang"), Some("en"));
        assert_eq!(
            doc.attr("g2"),
            None,
            "namespace declarations are not attributes"
        );
        let headline = doc.path(&["contentMeta", "headline"]).expect("headline");
        assert_eq!(headline.text(), "Ferry returns");
        let names: Vec<&str> = doc
            .descendants_named("headline")
            .iter()
            .map(|e| e.name())
            .collect();
        assert_eq!(names, ["headline"]);
    }

    #[test]
    fn entity_declarations_are_refused_and_external_dtds_ignored() {
        let bomb = "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>\
                    <!ENTITY lol2 '&lol;&lol;&lol;'>]><lolz>&lol2;</lolz>";
        assert!(matches!(
            parse(bomb.as_bytes(), "test"),
            Err(ReadError::Forbidden { .. })
        ));
        let xxe = "<!DOCTYPE x [<!entity xxe SYSTEM 'file:///etc/passwd'>]><x>&xxe;</x>";
        assert!(matches!(
            parse(xxe.as_bytes(), "test"),
            Err(ReadError::Forbidden { .. })
        ));
        let external = root(
            "<!DOCTYPE nitf SYSTEM 'nitf-3-2.dtd'><nitf><p>caf&eacute; &amp; \
             &custom; &#233;&#x2014;</p></nitf>",
        );
        let p = external.child("p").expect("p");
        assert_eq!(p.text(), "café & &custom; é—");
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_refused() {
        let deep = format!(
            "{}{}",
            "<a>".repeat(MAX_DEPTH + 1),
            "</a>".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(
            parse(deep.as_bytes(), "test").err(),
            Some(ReadError::TooDeep { limit: MAX_DEPTH })
        );
        let fine = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(parse(fine.as_bytes(), "test").is_ok());
    }

    #[test]
    fn syntax_errors_name_the_line_and_column() {
        let err = parse(b"<a>\n  <b>text</c>\n</a>", "test").expect_err("mismatched");
        match err {
            ReadError::Syntax { position, .. } => assert_eq!(position, "at line 2, column 10"),
            other => panic!("expected a syntax error, got {other:?}"),
        }
        let unclosed = parse(b"<a><b>text</b>", "test").expect_err("unclosed");
        assert!(unclosed.to_string().contains("<a>"), "{unclosed}");
        let attribute = parse(b"<a>\n <p x=unquoted>t</p></a>", "test").expect_err("unquoted");
        match attribute {
            ReadError::Syntax {
                position, reason, ..
            } => {
                assert_eq!(position, "at line 2, column 7");
                assert!(
                    reason.starts_with("attribute value must be enclosed"),
                    "{reason}"
                );
            }
            other => panic!("expected a syntax error, got {other:?}"),
        }
        let two_roots = parse(b"<a/>\n<b/>", "test").expect_err("two roots");
        assert!(two_roots.to_string().contains("second root"), "{two_roots}");
        assert!(parse(b"  ", "test").is_err());
    }

    #[test]
    fn inner_markup_keeps_structure_and_closes_every_element() {
        let doc = root(
            "<body><h:title xmlns:h='x'/><h:p class='a&amp;b'>One<h:br/>two</h:p>\
             <p><![CDATA[<b>bold</b> & more]]></p></body>",
        );
        assert_eq!(
            doc.inner_markup(),
            "<title></title><p class=\"a&amp;b\">One<br/>two</p><p><b>bold</b> & more</p>"
        );
        assert_eq!(doc.inner_markup_without(&["title", "p"]), "");
    }

    #[test]
    fn plain_text_keeps_lines_and_cdata() {
        let doc = root("<d>First line\n  second<![CDATA[ <raw> ]]></d>");
        assert_eq!(doc.plain_text(), "First line\n  second <raw> ");
    }

    #[test]
    fn the_declared_encoding_is_honoured() {
        let latin1 = b"<?xml version='1.0' encoding='ISO-8859-1'?><a>Tr\xf8ndelag caf\xe9</a>";
        assert_eq!(root_text(latin1), "Trøndelag café");
        let gb2312 = [
            b"<?xml version=\"1.0\" encoding=\"GB2312\"?><a>".as_slice(),
            &[0xD6, 0xD0, 0xCE, 0xC4],
            b"</a>",
        ]
        .concat();
        assert_eq!(root_text(&gb2312), "中文");
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "<?xml version='1.0' encoding='UTF-16'?><a>Hafen</a>".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(root_text(&utf16), "Hafen");
    }

    fn root_text(bytes: &[u8]) -> String {
        parse(bytes, "test").expect("decodes and parses").text()
    }

    #[test]
    fn mislabelled_and_broken_encodings_get_a_best_effort_or_a_clear_error() {
        // Declared ISO-8859-1, written in UTF-8: read as UTF-8.
        let mislabelled = "<?xml version='1.0' encoding='iso-8859-1'?><a>£25 på</a>";
        assert_eq!(root_text(mislabelled.as_bytes()), "£25 på");
        // Declared UTF-8, written in Windows-1252: every byte still maps.
        assert_eq!(
            root_text(b"<?xml version='1.0'?><a>\x93Hi\x94</a>"),
            "\u{201c}Hi\u{201d}"
        );
        // UTF-8 and Windows-1252 in one document: either reading garbles part of it.
        let mixed = b"<?xml version='1.0' encoding='UTF-8'?><a>Caf\xc3\xa9 and caf\xe9</a>";
        let err = decode(mixed).expect_err("mixed encodings");
        assert!(err.to_string().contains("byte 54"), "{err}");
        // Declared GB2312 with bytes GB2312 cannot hold: refused, with the offset.
        let broken = b"<?xml version='1.0' encoding='GB2312'?><a>\xff\xff</a>";
        let err = decode(broken).expect_err("not GB2312");
        assert!(err.to_string().contains("byte 42"), "{err}");
        let unknown = decode(b"<?xml version='1.0' encoding='x-martian'?><a/>");
        assert!(unknown
            .expect_err("unknown")
            .to_string()
            .contains("x-martian"));
    }

    #[test]
    fn positions_count_characters_on_their_line() {
        assert_eq!(position_in("ab\ncdé f", 8), "at line 2, column 5");
        assert_eq!(position_in("abc", 99), "at line 1, column 4");
    }

    #[test]
    fn shared_field_rules() {
        assert_eq!(urgency_in(" 4 "), Some(4));
        assert_eq!(urgency_in("0"), None);
        assert_eq!(urgency_in("12"), None);
        assert_eq!(
            status_in("stat:canceled".rsplit(':').next().unwrap_or("")),
            Status::Killed
        );
        assert_eq!(status_in("Withheld"), Status::Withheld);
        assert_eq!(status_in("embargoed"), Status::Published);
        assert_eq!(without_trailing_dash("London (dpa) - "), "London (dpa)");
        assert_eq!(without_trailing_dash("STT–"), "STT");
        assert_eq!(date_in("  "), None);
        assert_eq!(date_in("not a date"), None);
        let at = date_in("2026-10-18T09:00:00Z").expect("date");
        assert_eq!(dateline_date(at), "October 18");
    }

    #[test]
    fn distinct_keeps_the_first_of_each_name() {
        let names = ["Harbour", " harbour ", "", "Ferries", "Harbour"].map(String::from);
        assert_eq!(distinct(names.into_iter()), vec!["Harbour", "Ferries"]);
    }

    #[test]
    fn a_story_needs_an_id_a_headline_and_body_text_unless_killed() {
        use gazette_core::Body;
        let story = |key: &str, headline: &str, body: Vec<Block>, status| IncomingStory {
            source_key: key.into(),
            headline: headline.into(),
            body: Body(body),
            status,
            ..IncomingStory::default()
        };
        let text = || vec![Block::Paragraph("Words.".into())];
        let reason = |item: Item| match item {
            Item::Unreadable { error, .. } => error.to_string(),
            other => format!("{other:?}"),
        };
        assert!(
            reason(story_item("T", story("", "H", text(), Status::Published))).ends_with("no id")
        );
        assert!(
            reason(story_item("T", story("k", "", text(), Status::Published)))
                .ends_with("no headline")
        );
        assert!(
            reason(story_item("T", story("k", "H", vec![], Status::Withheld)))
                .ends_with("no body text")
        );
        assert!(matches!(
            story_item("T", story("k", "", vec![], Status::Killed)),
            Item::Story(_)
        ));
        let notice = vec![
            Block::Subhead("Correction".into()),
            Block::Paragraph("We erred.".into()),
        ];
        match story_item("T", story("k", "", notice, Status::Published)) {
            Item::Story(story) => {
                assert_eq!(story.headline, "Correction");
                assert_eq!(story.body.0, vec![Block::Paragraph("We erred.".into())]);
            }
            other => panic!("expected a story, got {other:?}"),
        }
    }
}
