//! Full-content feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.x, each entry a story.
//!
//! Small publishers and partners syndicate their full text through the feed they already
//! publish. The feed is parsed by `feed-rs`; this module does what that crate leaves to
//! its caller: it guards the parse (one decoding, entity declarations refused, nesting
//! bounded, errors placed at a line and column), reads the few JSON Feed fields the crate
//! drops, and maps each entry to an [`IncomingStory`]. Feeds carry no publication status
//! and no version numbers: every entry is published, and a newer copy is known by its
//! `updated` time.

use crate::dates::parse_wire_datetime;
use crate::html::{blocks_from_html, collapse_whitespace, http_url, text_from_html};
use crate::page_copy::byline_from_text;
use crate::{Format, Item, ReadError};
use encoding_rs::{Encoding, UTF_8};
use feed_rs::model::{Entry, Feed, FeedType, Link, MediaObject, Text};
use gazette_core::{Block, Body, Byline, IncomingStory, Person, Picture, Status};
use quick_xml::events::Event;
use std::borrow::Cow;
use time::OffsetDateTime;

/// The deepest element nesting read. `feed-rs` descends Media RSS groups and iTunes
/// categories recursively: 256 nested `media:content` exhaust a 2 MiB thread stack in a
/// debug build. Real feeds nest 3 to 7 levels; inline XHTML content adds a few more.
const MAX_FEED_DEPTH: usize = 100;

/// Reads every entry of a feed: each becomes a story, or says why it is not one.
pub(crate) fn read_feed(bytes: &[u8]) -> Result<Vec<Item>, ReadError> {
    let parsed = if starts_as_json(bytes) {
        parse_json_feed(bytes)?
    } else {
        parse_xml_feed(bytes)?
    };
    if parsed.feed.entries.is_empty() {
        return Err(ReadError::NoStory {
            format: parsed.format,
        });
    }
    let channel = Channel::of(&parsed.feed, parsed.format);
    Ok(parsed
        .feed
        .entries
        .iter()
        .enumerate()
        .map(|(index, entry)| read_entry(entry, parsed.json_items.get(index), &channel))
        .collect())
}

struct ParsedFeed {
    format: &'static str,
    feed: Feed,
    /// The JSON Feed item fields `feed-rs` does not keep, one per entry (empty for XML).
    json_items: Vec<JsonItemExtras>,
}

fn starts_as_json(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    matches!(
        bytes.iter().find(|b| !b.is_ascii_whitespace()),
        Some(b'{' | b'[')
    )
}

/// Parses with `feed-rs`. Version 3.0 panics on some input instead of failing: it cuts
/// a name beside an e-mail address ("Ines Varga —desk@…") at a byte inside a character,
/// and unwraps Media RSS time codes too large for a number. Such a panic is this
/// document's error; the parse shares nothing, so nothing is left half-done.
fn parse_with_feed_rs(
    bytes: &[u8],
    format: &'static str,
) -> Result<Result<Feed, feed_rs::parser::ParseFeedError>, ReadError> {
    std::panic::catch_unwind(|| {
        feed_rs::parser::Builder::new()
            // An entry without an id must stay without one (we then use its link, or
            // refuse it), not get a hash or a random UUID that changes on every read.
            .id_generator(|_, _, _| String::new())
            .timestamp_parser(wire_timestamp)
            .sanitize_content(false)
            .build()
            .parse(bytes)
    })
    .map_err(|_| {
        invalid(
            format,
            "the feed parser failed on a value in this document (an author beside an \
             e-mail address, or a media time code); please send the file to Gazette",
        )
    })
}

/// Dates are read by the rules every Gazette reader shares. `feed-rs` wants its own
/// timestamp type, which it can deserialise from RFC 3339 text, so our reading is
/// handed over in that form.
fn wire_timestamp<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    use time::format_description::well_known::Rfc3339;
    let at = parse_wire_datetime(text)?.format(&Rfc3339).ok()?;
    serde_json::from_value(serde_json::Value::String(at)).ok()
}

fn from_unix_seconds(seconds: Option<i64>) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(seconds?).ok()
}

fn invalid(format: &'static str, reason: impl Into<String>) -> ReadError {
    ReadError::Invalid {
        format,
        reason: reason.into(),
    }
}

// ---------------------------------------------------------------------------------------
// RSS and Atom: decoded once, checked, then parsed.
// ---------------------------------------------------------------------------------------

fn parse_xml_feed(bytes: &[u8]) -> Result<ParsedFeed, ReadError> {
    let text = decode_xml(bytes)?;
    let outline = check_xml(&text)?;
    // feed-rs reads the UTF-8 we hand it; the declaration is left out so that an
    // `encoding="ISO-8859-1"` in it cannot make it decode the text a second time.
    let rest = &text[outline.body_start..];
    let feed = parse_with_feed_rs(rest.as_bytes(), outline.format)?
        .map_err(|error| feed_error(error, outline.format, &text, outline.body_start))?;
    Ok(ParsedFeed {
        format: outline.format,
        feed,
        json_items: Vec::new(),
    })
}

/// XML 1.0 §4.3.3: a byte order mark names the encoding, else the declaration does,
/// else the text is UTF-8. Text that claims UTF-8 and is not is read as Windows-1252,
/// the usual mistake, as everywhere else in Gazette.
fn decode_xml(bytes: &[u8]) -> Result<Cow<'_, str>, ReadError> {
    if Encoding::for_bom(bytes).is_some() {
        return crate::text::decode(bytes);
    }
    match declared_encoding(bytes)? {
        Some(encoding) if encoding != UTF_8 => {
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            if had_errors {
                return Err(ReadError::Encoding(format!(
                    "the feed declares the encoding {} but is not written in it",
                    encoding.name()
                )));
            }
            Ok(text)
        }
        _ => crate::text::decode(bytes),
    }
}

/// The encoding named in the XML declaration, when there is one. Only encodings that
/// write ASCII as ASCII can be declared in ASCII; any other declared name (UTF-16
/// without a byte order mark) is a contradiction and ignored.
fn declared_encoding(bytes: &[u8]) -> Result<Option<&'static Encoding>, ReadError> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    loop {
        match reader.read_event() {
            Ok(Event::Text(text)) if text.trim_ascii().is_empty() => continue,
            Ok(Event::Decl(declaration)) => {
                let Some(Ok(label)) = declaration.encoding() else {
                    return Ok(None);
                };
                let encoding = Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
                    ReadError::Encoding(format!(
                        "the feed declares the encoding \"{}\", which Gazette cannot read",
                        label.trim()
                    ))
                })?;
                return Ok(encoding.is_ascii_compatible().then_some(encoding));
            }
            _ => return Ok(None),
        }
    }
}

/// What the safety check learned about the document.
struct XmlOutline {
    format: &'static str,
    /// Where the document continues after its XML declaration.
    body_start: usize,
}

/// Reads the whole document once with the same XML parser `feed-rs` uses, before
/// `feed-rs` sees it: a syntax error is then reported where it is, entity declarations
/// are refused, and nesting is bounded.
fn check_xml(text: &str) -> Result<XmlOutline, ReadError> {
    let mut reader = quick_xml::NsReader::from_str(text);
    let mut format = Format::Rss.name();
    let (mut depth, mut body_start, mut in_prolog) = (0usize, 0usize, true);
    loop {
        let event = reader.read_event().map_err(|error| ReadError::Syntax {
            format,
            position: position_in(text, reader.error_position()),
            reason: error.to_string(),
        })?;
        let blank = matches!(&event, Event::Text(space) if space.trim_ascii().is_empty());
        match event {
            Event::Decl(_) if in_prolog => body_start = offset(reader.buffer_position()),
            // XML 1.0 §2.8: the declaration opens the document; `feed-rs` would switch
            // its decoder on a second one in mid-stream.
            Event::Decl(_) => {
                return Err(ReadError::Syntax {
                    format,
                    position: position_in(text, reader.buffer_position()),
                    reason: "an XML declaration may only open the document".into(),
                })
            }
            Event::DocType(doctype) if declares_entities(&doctype) => {
                // "<!DOCTYPE feed [ … ]>" names the root that has not been read yet.
                let root = doctype.split_whitespace().next().unwrap_or_default();
                return Err(ReadError::Forbidden {
                    format: format_of_root(root.rsplit(':').next().unwrap_or(root)),
                    reason: "the DOCTYPE declares entities".into(),
                });
            }
            Event::Start(element) => {
                if depth == 0 {
                    format = format_of_root(element.local_name().as_ref());
                }
                depth += 1;
                if depth > MAX_FEED_DEPTH {
                    return Err(ReadError::TooDeep {
                        limit: MAX_FEED_DEPTH,
                    });
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof if depth > 0 => {
                return Err(ReadError::Syntax {
                    format,
                    position: position_in(text, reader.buffer_position()),
                    reason: "the document ends before its elements are closed".into(),
                })
            }
            Event::Eof => return Ok(XmlOutline { format, body_start }),
            _ => {}
        }
        in_prolog &= blank;
    }
}

/// Any entity declaration is refused, internal or external, general or parameter: the
/// parser would not expand them, but a document that needs them cannot be read right.
fn declares_entities(doctype: &str) -> bool {
    doctype
        .as_bytes()
        .windows(b"<!ENTITY".len())
        .any(|window| window.eq_ignore_ascii_case(b"<!ENTITY"))
}

fn format_of_root(local_name: &str) -> &'static str {
    match local_name {
        "feed" => Format::Atom.name(),
        _ => Format::Rss.name(),
    }
}

fn offset(position: u64) -> usize {
    usize::try_from(position).unwrap_or(usize::MAX)
}

/// "at line 12, column 4" for a byte offset into the decoded document.
fn position_in(text: &str, position: u64) -> String {
    let mut end = offset(position).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or(before).chars().count() + 1;
    format!("at line {line}, column {column}")
}

/// `feed-rs` errors left after the syntax check: a part of the feed it requires is
/// missing or of a kind it does not know. Its byte positions count from where the
/// declaration ended.
fn feed_error(
    error: feed_rs::parser::ParseFeedError,
    format: &'static str,
    text: &str,
    body_start: usize,
) -> ReadError {
    use feed_rs::parser::{ParseErrorKind, ParseFeedError};
    let at = |position: u64| position_in(text, position.saturating_add(body_start as u64));
    match error {
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => invalid(
            format,
            "no feed in it: RSS needs an <rss version=\"2.0\"> root around a <channel>, \
             Atom a <feed> root",
        ),
        ParseFeedError::ParseError(ParseErrorKind::MissingContent {
            position,
            reference,
        }) => invalid(
            format,
            format!(
                "an element that must hold text ({reference}) is empty {}",
                at(position)
            ),
        ),
        ParseFeedError::ParseError(ParseErrorKind::UnknownMimeType { position, mime }) => invalid(
            format,
            format!("unknown content type \"{mime}\" {}", at(position)),
        ),
        other => invalid(format, other.to_string()),
    }
}

// ---------------------------------------------------------------------------------------
// JSON Feed
// ---------------------------------------------------------------------------------------

/// The fields of a JSON Feed item that `feed-rs` does not keep.
#[derive(Debug)]
struct JsonItemExtras {
    /// The item's own `summary`: `feed-rs` fills its summary with `content_text` when
    /// both HTML and text are given, and that is the story, not its deck.
    summary: Option<String>,
    /// JSON Feed 1.1 item `language`.
    language: Option<String>,
    /// `image`, then `banner_image`.
    pictures: Vec<String>,
}

impl JsonItemExtras {
    fn of(item: &serde_json::Value) -> Self {
        let text = |key: &str| item.get(key).and_then(serde_json::Value::as_str);
        Self {
            summary: text("summary").map(str::to_owned),
            language: text("language").map(str::to_owned),
            pictures: ["image", "banner_image"]
                .into_iter()
                .filter_map(text)
                .map(str::to_owned)
                .collect(),
        }
    }
}

fn parse_json_feed(bytes: &[u8]) -> Result<ParsedFeed, ReadError> {
    let format = Format::JsonFeed.name();
    let text = crate::text::decode(bytes)?;
    let mut document: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| json_error(format, &error))?;
    let items = document
        .get_mut("items")
        .and_then(serde_json::Value::as_array_mut)
        .ok_or_else(|| invalid(format, "a JSON Feed is an object with an \"items\" list"))?;
    items.iter_mut().for_each(coerce_id_to_text);
    let json_items = items.iter().map(JsonItemExtras::of).collect();
    let normalised = serde_json::to_vec(&document).map_err(|error| json_error(format, &error))?;
    let feed = parse_with_feed_rs(&normalised, format)?.map_err(|error| match error {
        feed_rs::parser::ParseFeedError::JsonSerde(error) => json_error(format, &error),
        feed_rs::parser::ParseFeedError::JsonUnsupportedVersion(version) => invalid(
            format,
            format!("version \"{version}\" is not one Gazette reads (1.0 and 1.1 are)"),
        ),
        other => invalid(format, other.to_string()),
    })?;
    Ok(ParsedFeed {
        format,
        feed,
        json_items,
    })
}

/// JSON Feed 1.1: "If an id is presented as a number or other type, a JSON Feed reader
/// must coerce it to a string."
fn coerce_id_to_text(item: &mut serde_json::Value) {
    if let Some(id) = item.get_mut("id") {
        if !id.is_string() && !id.is_null() {
            *id = serde_json::Value::String(id.to_string());
        }
    }
}

/// Broken JSON is a syntax error at its line and column; well-formed JSON that is not a
/// JSON Feed (a field missing or of the wrong type) is invalid, with serde's words.
fn json_error(format: &'static str, error: &serde_json::Error) -> ReadError {
    let message = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let reason = message.strip_suffix(&suffix).unwrap_or(&message).to_owned();
    match error.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            ReadError::Syntax {
                format,
                position: format!("at line {}, column {}", error.line(), error.column()),
                reason,
            }
        }
        serde_json::error::Category::Data | serde_json::error::Category::Io => {
            invalid(format, reason)
        }
    }
}

// ---------------------------------------------------------------------------------------
// From a feed entry to a story
// ---------------------------------------------------------------------------------------

/// What the feed says for all its entries.
struct Channel<'a> {
    format: &'static str,
    kind: FeedType,
    /// The feed's title: the organisation that publishes it.
    source: Option<String>,
    copyright: Option<String>,
    language: Option<String>,
    authors: &'a [feed_rs::model::Person],
}

impl<'a> Channel<'a> {
    fn of(feed: &'a Feed, format: &'static str) -> Self {
        Self {
            format,
            kind: feed.feed_type.clone(),
            source: feed.title.as_ref().and_then(text_of),
            copyright: feed.rights.as_ref().and_then(text_of),
            language: feed.language.as_deref().and_then(language_tag),
            authors: &feed.authors,
        }
    }

    fn is_rss(&self) -> bool {
        matches!(self.kind, FeedType::RSS0 | FeedType::RSS1 | FeedType::RSS2)
    }
}

fn read_entry(entry: &Entry, json: Option<&JsonItemExtras>, channel: &Channel<'_>) -> Item {
    let source_key = source_key(entry);
    let content = full_content(entry);
    // RSS 2.0 calls `description` the item synopsis, and many feeds send the whole story
    // in it: with no full content it is the body, and then not also the deck.
    let description_is_body = content.is_none() && channel.is_rss();
    let description = entry
        .summary
        .as_ref()
        .filter(|_| description_is_body)
        .map(|summary| BodyText::Html(&summary.content));
    let body = match read_body(content.or(description)) {
        Ok(body) => body,
        Err(error) => {
            return Item::Unreadable {
                id: source_key,
                error,
            }
        }
    };
    let pictures = pictures(entry, json);
    if let Some(reason) = media_item_reason(entry, content.is_some(), &body, &pictures) {
        return Item::NotAStory {
            id: source_key.unwrap_or_default(),
            reason: reason.into(),
        };
    }
    let headline = entry.title.as_ref().and_then(text_of).unwrap_or_default();
    let Some(source_key) = source_key else {
        return unreadable(
            None,
            channel,
            "no id: the entry has neither an id nor a link",
        );
    };
    if let Some(missing) = missing_parts(&headline, &body) {
        return unreadable(Some(source_key), channel, missing);
    }
    Item::Story(Box::new(IncomingStory {
        source_key,
        headline,
        deck: (!description_is_body).then(|| deck(entry, json)).flatten(),
        byline: byline(entry, channel),
        contributors: contributors(entry),
        source: channel.source.clone(),
        copyright: entry
            .rights
            .as_ref()
            .and_then(text_of)
            .or_else(|| channel.copyright.clone()),
        topics: topics(entry),
        language: language(entry, json, channel),
        published_at: from_unix_seconds(entry.published.map(|at| at.timestamp())),
        version_created_at: from_unix_seconds(entry.updated.map(|at| at.timestamp())),
        // Feeds carry no publication status: what a feed lists is published.
        status: Status::Published,
        pictures,
        body,
        ..IncomingStory::default()
    }))
}

/// A story needs a headline and some text.
fn missing_parts(headline: &str, body: &Body) -> Option<&'static str> {
    match (headline.is_empty(), body.is_empty()) {
        (true, true) => Some("no headline and no body text"),
        (true, false) => Some("no headline"),
        (false, true) => Some("no body text"),
        (false, false) => None,
    }
}

/// The summary: Atom `summary`, RSS `description`, JSON Feed `summary`.
fn deck(entry: &Entry, json: Option<&JsonItemExtras>) -> Option<String> {
    match json {
        Some(json) => json.summary.as_deref().map(text_from_html),
        None => entry.summary.as_ref().and_then(text_of),
    }
    .filter(|deck| !deck.is_empty())
}

/// The entry's own language (Atom `xml:lang` on its content, JSON Feed 1.1 item
/// `language`), else the feed's.
fn language(entry: &Entry, json: Option<&JsonItemExtras>, channel: &Channel<'_>) -> Option<String> {
    entry
        .language
        .as_deref()
        .or(json.and_then(|json| json.language.as_deref()))
        .and_then(language_tag)
        .or_else(|| channel.language.clone())
}

fn unreadable(id: Option<String>, channel: &Channel<'_>, reason: &str) -> Item {
    Item::Unreadable {
        id,
        error: invalid(channel.format, reason),
    }
}

/// The entry's own id (RSS `guid`, Atom `id`, JSON Feed `id`), else the address of its
/// page.
fn source_key(entry: &Entry) -> Option<String> {
    let id = entry.id.trim();
    if !id.is_empty() {
        return Some(id.to_owned());
    }
    entry
        .links
        .iter()
        .find(|link| is_page_link(link))
        .map(|link| link.href.trim().to_owned())
        .filter(|href| !href.is_empty())
}

/// The link to the entry's web page: Atom `rel="alternate"` (the default), RSS `link`,
/// JSON Feed `url`; not comments, enclosures or attachments.
fn is_page_link(link: &Link) -> bool {
    link.target.is_none()
        && link.rel.as_deref().is_none_or(|rel| rel == "alternate")
        && link
            .media_type
            .as_deref()
            .is_none_or(|media_type| media_type.contains("html"))
}

/// Any text construct read as text: titles, summaries and rights arrive as plain text,
/// escaped HTML or XHTML, and in practice "plain" RSS and JSON titles carry entities and
/// tags too, so all go through the one HTML reader; no markup survives.
fn text_of(text: &Text) -> Option<String> {
    Some(text_from_html(&text.content)).filter(|text| !text.is_empty())
}

#[derive(Clone, Copy)]
enum BodyText<'a> {
    Html(&'a str),
    Plain(&'a str),
}

/// The entry's full content: RSS `content:encoded`, Atom `content` (text, HTML or XHTML
/// held inline), JSON Feed `content_html`, else `content_text`.
fn full_content(entry: &Entry) -> Option<BodyText<'_>> {
    let content = entry.content.as_ref()?;
    let body = content.body.as_deref()?;
    let media_type = &content.content_type;
    match (media_type.ty().as_str(), media_type.subty().as_str()) {
        ("text", "html") | ("application", "xhtml") => Some(BodyText::Html(body)),
        ("text", "plain") => Some(BodyText::Plain(body)),
        // Base64 documents and foreign XML are not story text.
        _ => None,
    }
}

fn read_body(text: Option<BodyText<'_>>) -> Result<Body, ReadError> {
    Ok(Body(match text {
        Some(BodyText::Html(html)) => blocks_from_html(html)?,
        Some(BodyText::Plain(text)) => paragraphs_of(text),
        None => Vec::new(),
    }))
}

/// Plain text (JSON Feed `content_text`, Atom `type="text"`): a blank line ends a
/// paragraph.
fn paragraphs_of(text: &str) -> Vec<Block> {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    for line in text.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            let paragraph = collapse_whitespace(&current);
            if !paragraph.is_empty() {
                paragraphs.push(Block::Paragraph(paragraph));
            }
            current.clear();
        } else {
            current.push(' ');
            current.push_str(line);
        }
    }
    paragraphs
}

/// An entry whose point is its media is not a story: a podcast episode or a video with
/// a synopsis but no story text, or a picture with no text at all.
fn media_item_reason(
    entry: &Entry,
    has_full_content: bool,
    body: &Body,
    pictures: &[Picture],
) -> Option<&'static str> {
    let kinds = media_types(entry);
    let no_story_text = !has_full_content || body.is_empty();
    if no_story_text && kinds.contains(&"video") {
        return Some("a video entry with no story text is not a story");
    }
    if no_story_text && kinds.contains(&"audio") {
        return Some("an audio entry (a podcast episode) with no story text is not a story");
    }
    let shows_pictures = !pictures.is_empty()
        || body
            .blocks()
            .iter()
            .any(|block| matches!(block, Block::Picture(_)));
    (body.is_empty() && shows_pictures).then_some("a picture entry with no text is not a story")
}

/// The top-level MIME types of the entry's media and enclosures, Flash players counted
/// as video.
fn media_types(entry: &Entry) -> Vec<&'static str> {
    let from_media = entry
        .media
        .iter()
        .flat_map(|media| &media.content)
        .filter_map(|content| content.content_type.as_ref())
        .map(|media_type| media_kind(media_type.as_ref()));
    let from_links = entry
        .links
        .iter()
        .filter(|link| link.rel.as_deref() == Some("enclosure"))
        .filter_map(|link| link.media_type.as_deref())
        .map(media_kind);
    from_media.chain(from_links).collect()
}

fn media_kind(media_type: &str) -> &'static str {
    let media_type = media_type.trim().to_ascii_lowercase();
    if media_type.starts_with("video/") || media_type == "application/x-shockwave-flash" {
        "video"
    } else if media_type.starts_with("audio/") {
        "audio"
    } else if media_type.starts_with("image/") {
        "image"
    } else {
        "other"
    }
}

/// Lead pictures: Media RSS content and thumbnails, RSS enclosures and Atom enclosure
/// links of image type, JSON Feed `image` and `banner_image`; each address once.
fn pictures(entry: &Entry, json: Option<&JsonItemExtras>) -> Vec<Picture> {
    let from_media = entry.media.iter().filter_map(picture_of_media);
    let from_links = entry
        .links
        .iter()
        .filter(|link| link.rel.as_deref().is_none_or(|rel| rel == "enclosure"))
        .filter(|link| link.media_type.as_deref().map(media_kind) == Some("image"))
        .filter_map(|link| picture_at(&link.href));
    let from_json = json
        .into_iter()
        .flat_map(|json| &json.pictures)
        .filter_map(|src| picture_at(src));
    let mut pictures: Vec<Picture> = Vec::new();
    for picture in from_media.chain(from_links).chain(from_json) {
        if !pictures.iter().any(|known| known.src == picture.src) {
            pictures.push(picture);
        }
    }
    pictures
}

fn picture_at(src: &str) -> Option<Picture> {
    Some(Picture {
        src: http_url(src)?,
        ..Picture::default()
    })
}

/// One Media RSS object (a `media:group`, or the entry's loose media elements) is one
/// picture: its largest image rendition, else its largest thumbnail, with the group's
/// description as caption and its credits.
fn picture_of_media(media: &MediaObject) -> Option<Picture> {
    let images = media
        .content
        .iter()
        .filter(|content| {
            content
                .content_type
                .as_ref()
                .is_some_and(|media_type| media_kind(media_type.as_ref()) == "image")
        })
        .filter_map(|content| {
            Some(Rendition {
                src: http_url(content.url.as_ref()?.as_str())?,
                width: content.width,
                height: content.height,
                size: content.size,
            })
        });
    let thumbnails = media.thumbnails.iter().filter_map(|thumbnail| {
        Some(Rendition {
            src: http_url(&thumbnail.image.uri)?,
            width: thumbnail.image.width,
            height: thumbnail.image.height,
            size: None,
        })
    });
    let chosen = largest(images).or_else(|| largest(thumbnails))?;
    let credits: Vec<String> = media
        .credits
        .iter()
        .map(|credit| text_from_html(&credit.entity))
        .filter(|credit| !credit.is_empty())
        .collect();
    Some(Picture {
        src: chosen.src,
        alt: media.title.as_ref().and_then(text_of),
        caption: media.description.as_ref().and_then(text_of),
        credit: (!credits.is_empty()).then(|| credits.join(", ")),
        width: chosen.width,
        height: chosen.height,
    })
}

struct Rendition {
    src: String,
    width: Option<u32>,
    height: Option<u32>,
    size: Option<u64>,
}

/// The rendition with the most pixels, else the largest file; the first on a tie.
fn largest(renditions: impl Iterator<Item = Rendition>) -> Option<Rendition> {
    let measure = |r: &Rendition| {
        let pixels = u64::from(r.width.unwrap_or(0)) * u64::from(r.height.unwrap_or(0));
        (pixels, r.size.unwrap_or(0))
    };
    renditions.reduce(|best, next| {
        if measure(&next) > measure(&best) {
            next
        } else {
            best
        }
    })
}

/// The entry's authors, or for Atom the feed's (RFC 4287 §4.2.1: the feed's authors
/// apply to an entry that names none). JSON Feed authors are inherited by `feed-rs`.
fn byline(entry: &Entry, channel: &Channel<'_>) -> Byline {
    let authors = if entry.authors.is_empty() && channel.kind == FeedType::Atom {
        channel.authors
    } else {
        &entry.authors
    };
    let mut people: Vec<Person> = Vec::new();
    for person in authors.iter().flat_map(|author| people_of(author, channel)) {
        if !people
            .iter()
            .any(|known| known.name.eq_ignore_ascii_case(&person.name))
        {
            people.push(person);
        }
    }
    Byline(people)
}

fn people_of(author: &feed_rs::model::Person, channel: &Channel<'_>) -> Vec<Person> {
    let Some(name) = author.name.as_deref().map(text_from_html) else {
        return Vec::new();
    };
    if channel.is_rss() {
        // RSS `author` is "email (Name)" (feed-rs keeps the "(Name)"), and `dc:creator`
        // is free text: "Gaby Acevedo and Jessica Cunnington".
        let name = name.trim_start_matches('(').trim_end_matches(')');
        byline_from_text(name, channel.language.as_deref()).0
    } else if name.is_empty() {
        Vec::new()
    } else {
        // Atom and JSON Feed name one person per author element.
        vec![Person::new(name, None)]
    }
}

fn contributors(entry: &Entry) -> Vec<String> {
    entry
        .contributors
        .iter()
        .filter_map(|person| person.name.as_deref().map(text_from_html))
        .filter(|name| !name.is_empty())
        .collect()
}

/// Category labels where the feed gives them (Atom `label`), else their terms; each
/// once, whatever its case.
fn topics(entry: &Entry) -> Vec<String> {
    let mut topics: Vec<String> = Vec::new();
    for category in &entry.categories {
        let name = text_from_html(category.label.as_deref().unwrap_or(&category.term));
        if !name.is_empty()
            && !topics
                .iter()
                .any(|known| known.to_lowercase() == name.to_lowercase())
        {
            topics.push(name);
        }
    }
    topics
}

/// A language tag in the case BCP 47 §2.1.1 recommends ("en-US", "pt-BR", "sr-Latn"),
/// from the forms feeds use ("en_us", "EN-us"). Text that is not a tag is no language.
fn language_tag(text: &str) -> Option<String> {
    let subtags: Vec<&str> = text.trim().split(['-', '_']).collect();
    let well_formed = subtags.iter().all(|subtag| {
        (1..=8).contains(&subtag.len()) && subtag.chars().all(|c| c.is_ascii_alphanumeric())
    }) && subtags[0].chars().all(|c| c.is_ascii_alphabetic());
    if !well_formed {
        return None;
    }
    let cased: Vec<String> = subtags
        .iter()
        .enumerate()
        .map(|(index, subtag)| match subtag.len() {
            2 if index > 0 => subtag.to_ascii_uppercase(),
            4 if index > 0 => {
                let lower = subtag.to_ascii_lowercase();
                lower[..1].to_ascii_uppercase() + &lower[1..]
            }
            _ => subtag.to_ascii_lowercase(),
        })
        .collect();
    Some(cased.join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn only_story(bytes: &[u8]) -> IncomingStory {
        match read_feed(bytes).expect("a readable feed").as_slice() {
            [Item::Story(story)] => story.as_ref().clone(),
            other => panic!("one story expected: {other:?}"),
        }
    }

    fn rss_item(item: &str) -> String {
        format!("<rss version=\"2.0\"><channel><title>Holm Tidings</title><item>{item}</item></channel></rss>")
    }

    #[test]
    fn language_tags_take_the_case_bcp_47_recommends() {
        assert_eq!(language_tag("en_us").as_deref(), Some("en-US"));
        assert_eq!(language_tag(" EN-gb ").as_deref(), Some("en-GB"));
        assert_eq!(language_tag("sr-latn-rs").as_deref(), Some("sr-Latn-RS"));
        assert_eq!(language_tag("es-419").as_deref(), Some("es-419"));
        assert_eq!(language_tag("de").as_deref(), Some("de"));
        assert_eq!(language_tag(""), None);
        assert_eq!(language_tag("English (UK)"), None);
        assert_eq!(language_tag("42"), None);
    }

    #[test]
    fn positions_count_lines_and_characters_from_one() {
        assert_eq!(position_in("ab\ncd", 0), "at line 1, column 1");
        assert_eq!(position_in("ab\ncd", 4), "at line 2, column 2");
        assert_eq!(
            position_in("é\nxé!", 6),
            "at line 2, column 3",
            "characters, not bytes"
        );
        assert_eq!(position_in("ab", 99), "at line 1, column 3");
    }

    #[test]
    fn plain_text_paragraphs_end_at_blank_lines() {
        assert_eq!(
            paragraphs_of("  First line\r\nstill first.\r\n \r\n\n\nSecond.  \n"),
            vec![
                Block::Paragraph("First line still first.".into()),
                Block::Paragraph("Second.".into())
            ]
        );
        assert!(paragraphs_of(" \n\n ").is_empty());
    }

    #[test]
    fn the_largest_rendition_wins_and_the_first_on_a_tie() {
        let rendition = |src: &str, width, height, size| Rendition {
            src: src.into(),
            width,
            height,
            size,
        };
        let chosen = largest(
            [
                rendition("small", Some(320), Some(200), Some(90_000)),
                rendition("large", Some(1600), Some(1000), None),
                rendition("large-too", Some(1000), Some(1600), None),
            ]
            .into_iter(),
        );
        assert_eq!(chosen.map(|r| r.src).as_deref(), Some("large"));
        let by_size = largest(
            [
                rendition("a", None, None, Some(10)),
                rendition("b", None, None, Some(20)),
            ]
            .into_iter(),
        );
        assert_eq!(by_size.map(|r| r.src).as_deref(), Some("b"));
    }

    #[test]
    fn only_web_addresses_are_picture_sources() {
        assert_eq!(
            http_url(" HTTPS://holm.example/a.jpg ").as_deref(),
            Some("HTTPS://holm.example/a.jpg")
        );
        assert_eq!(
            http_url("http://holm.example/a.jpg").as_deref(),
            Some("http://holm.example/a.jpg")
        );
        assert_eq!(http_url("javascript:alert(1)//http://x"), None);
        assert_eq!(http_url("//cdn.holm.example/a.jpg"), None);
        assert_eq!(http_url("data:image/png;base64,AAAA"), None);
        assert_eq!(http_url("ftp://holm.example/a.jpg"), None);
    }

    #[test]
    fn any_entity_declaration_is_seen_whatever_its_case() {
        assert!(declares_entities("rss [ <!ENTITY x \"y\"> ]"));
        assert!(declares_entities(
            "rss [ <!entity % p SYSTEM \"http://evil.example/p\"> ]"
        ));
        assert!(!declares_entities(
            "rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"rss-0.91.dtd\""
        ));
    }

    #[test]
    fn json_feed_ids_of_other_types_become_text() {
        let mut item = serde_json::json!({ "id": 32 });
        coerce_id_to_text(&mut item);
        assert_eq!(item["id"], "32");
        let mut item = serde_json::json!({ "id": "a-32" });
        coerce_id_to_text(&mut item);
        assert_eq!(item["id"], "a-32");
        let mut item = serde_json::json!({ "id": null });
        coerce_id_to_text(&mut item);
        assert!(item["id"].is_null(), "no id stays no id");
    }

    #[test]
    fn json_is_told_from_xml_past_a_byte_order_mark_and_space() {
        assert!(starts_as_json(b"\xEF\xBB\xBF \n{\"version\": 1}"));
        assert!(!starts_as_json(b"  <rss version=\"2.0\">"));
    }

    #[test]
    fn a_utf_16_feed_with_a_byte_order_mark_is_read() {
        let feed = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?>{}",
            rss_item("<guid>h1</guid><title>Skolen får ny gymsal</title><description>Elevene får en ny gymsal.</description>")
        );
        let bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(feed.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let story = only_story(&bytes);
        assert_eq!(story.headline, "Skolen får ny gymsal");
        assert_eq!(story.body.lead(), Some("Elevene får en ny gymsal."));
    }

    #[test]
    fn a_utf_16_declaration_in_an_ascii_document_is_ignored() {
        let feed = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?>{}",
            rss_item(
                "<guid>h2</guid><title>Ferry on time</title><description>All week.</description>"
            )
        );
        assert_eq!(
            declared_encoding(feed.as_bytes()).expect("a known name"),
            None
        );
        assert_eq!(only_story(feed.as_bytes()).headline, "Ferry on time");
    }

    #[test]
    fn dates_are_read_by_the_shared_wire_rules() {
        let zone_less = rss_item(
            "<guid>h3</guid><title>Market day</title><description>Stalls open.</description>\
             <pubDate>2026-04-12 08:15:00</pubDate><atom:updated xmlns:atom=\"http://www.w3.org/2005/Atom\">not a date</atom:updated>",
        );
        let story = only_story(zone_less.as_bytes());
        assert_eq!(
            story.published_at,
            Some(datetime!(2026-04-12 08:15 UTC)),
            "zone-less is UTC"
        );
        // RSS has no update time of its own; feed-rs gives it the publication time.
        assert_eq!(story.version_created_at, story.published_at);
        let unreadable = rss_item(
            "<guid>h4</guid><title>Market day</title><description>Stalls open.</description><pubDate>Someday soon</pubDate>",
        );
        assert_eq!(only_story(unreadable.as_bytes()).published_at, None);
    }

    #[test]
    fn a_panic_inside_feed_rs_is_this_documents_error() {
        let author = rss_item(
            "<guid>h6</guid><title>Regatta</title><description>Forty boats.</description>\
             <author>Ines Varga \u{2014}desk@holm.example</author>",
        );
        let time_code = rss_item(
            "<guid>h7</guid><title>Regatta</title><description>Forty boats.</description>\
             <media:text xmlns:media=\"http://search.yahoo.com/mrss/\" start=\"99999999999999999999999:00:00\">Start</media:text>",
        );
        for feed in [author, time_code] {
            let error = read_feed(feed.as_bytes()).expect_err("feed-rs fails on it");
            assert!(
                matches!(&error, ReadError::Invalid { format: "RSS", reason } if reason.starts_with("the feed parser failed")),
                "{error:?}"
            );
        }
    }

    #[test]
    fn rss_authors_are_read_as_bylines_are_written() {
        let feed = rss_item(
            "<guid>h5</guid><title>Regatta</title><description>Forty boats.</description>\
             <author>sport@holm.example (Nils Ekdahl)</author><author>results@holm.example</author>\
             <dc:creator xmlns:dc=\"http://purl.org/dc/elements/1.1/\">Nils Ekdahl &amp; Saga Lind</dc:creator>",
        );
        let story = only_story(feed.as_bytes());
        let people: Vec<&str> = story
            .byline
            .people()
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(
            people,
            vec!["Nils Ekdahl", "Saga Lind"],
            "an address alone names nobody"
        );
    }
}
