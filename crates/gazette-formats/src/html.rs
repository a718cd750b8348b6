//! Foreign HTML (ninjs `body_html`, feed `content:encoded`, XHTML and NITF bodies) read
//! into our body blocks. Nothing of the markup survives but the structure we know —
//! paragraphs, subheads, quotes, lists, tables, preformatted text, pictures — so no
//! script, style, event handler or tracking pixel of a source can reach a page.

use crate::ReadError;
use gazette_core::{Block, Picture};
use scraper::{ElementRef, Html, Node};
use std::collections::HashMap;

/// Elements whose content is never text for readers.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "iframe", "object", "embed", "form", "button", "select",
    "textarea", "svg", "math", "template", "head", "title", "video", "audio", "canvas",
];

/// Beyond this depth a subtree is read as plain text: hostile documents nest deeply to
/// exhaust the stack.
const MAX_DEPTH: usize = 64;

/// Deeper markup is refused before parsing: the HTML tree builder's work grows with the
/// square of the depth, and no real story nests this deep.
pub(crate) const MAX_NESTING: usize = 1_000;

/// Reads an HTML (or XHTML, or NITF body) fragment into body blocks.
pub(crate) fn blocks_from_html(html: &str) -> Result<Vec<Block>, ReadError> {
    if nesting_depth(html) > MAX_NESTING {
        return Err(ReadError::TooDeep { limit: MAX_NESTING });
    }
    let fragment = Html::parse_fragment(html);
    let mut reader = BlockReader::default();
    reader.read_children(fragment.root_element(), 0);
    Ok(reader.finish())
}

/// How deep the markup nests, counting only elements that must be closed: paragraphs,
/// list items and cells close themselves in HTML and would overcount.
///
/// It must never count less than the tree builder builds, or the limit it guards is
/// gone (and markup that passes it can be made to nest past it by a sanitiser pass), so:
/// - `<div/>` opens a `div` as it does in HTML: the self-closing slash means nothing on
///   an HTML element. (Inside SVG or MathML it does close the element; counting it
///   there only overcounts.)
/// - An end tag lowers the depth only when an element of its name is open: `</x>` with
///   no `<x>` before it closes nothing in the tree either.
pub(crate) fn nesting_depth(html: &str) -> usize {
    const SELF_CLOSING: &[&str] = &[
        "p", "li", "td", "th", "tr", "dt", "dd", "option", "br", "img", "hr", "meta", "link",
        "input", "source", "wbr", "col", "area", "base", "embed", "param", "track",
    ];
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut open: HashMap<String, usize> = HashMap::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let closing = rest.starts_with('/');
        let name_start = usize::from(closing);
        let name: String = rest[name_start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '.'))
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        let local = name.rsplit(':').next().unwrap_or(&name);
        if SELF_CLOSING.contains(&local) {
            continue;
        }
        if closing {
            if let Some(count @ 1..) = open.get_mut(&name) {
                *count -= 1;
                depth = depth.saturating_sub(1);
            }
        } else {
            *open.entry(name).or_default() += 1;
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// The text of an HTML fragment with its markup removed and whitespace collapsed, for
/// fields such as headlines and captions that some sources send with markup.
pub(crate) fn text_from_html(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return collapse_whitespace(html);
    }
    let fragment = Html::parse_fragment(html);
    collapse_whitespace(&readable_text(fragment.root_element()))
}

/// The words of `text` joined by single spaces.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    if text.is_ascii() {
        // Most copy is ASCII: a walk over bytes, without decoding characters. ASCII's
        // whitespace by `char::is_whitespace` is tab to carriage return, and space.
        let mut word_start = None;
        for (at, byte) in text.bytes().enumerate() {
            let space = matches!(byte, b'\t'..=b'\r' | b' ');
            match word_start {
                Some(start) if space => {
                    push_word(&mut out, &text[start..at]);
                    word_start = None;
                }
                None if !space => word_start = Some(at),
                _ => {}
            }
        }
        if let Some(start) = word_start {
            push_word(&mut out, &text[start..]);
        }
        return out;
    }
    for word in text.split_whitespace() {
        push_word(&mut out, word);
    }
    out
}

fn push_word(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

#[derive(Default)]
struct BlockReader {
    blocks: Vec<Block>,
    /// Text met outside any block element, waiting to become a paragraph.
    loose_text: String,
}

impl BlockReader {
    fn finish(mut self) -> Vec<Block> {
        self.flush_loose_text();
        self.blocks
    }

    fn flush_loose_text(&mut self) {
        let text = collapse_whitespace(&self.loose_text);
        self.loose_text.clear();
        if !text.is_empty() {
            self.blocks.push(Block::Paragraph(text));
        }
    }

    fn push(&mut self, block: Block) {
        self.flush_loose_text();
        let empty = match &block {
            Block::Paragraph(t) | Block::Subhead(t) | Block::Quote(t) | Block::Preformatted(t) => {
                t.trim().is_empty()
            }
            Block::List { items, .. } => items.is_empty(),
            Block::Table { rows, .. } => rows.is_empty(),
            Block::Picture(_) => false,
        };
        if !empty {
            self.blocks.push(block);
        }
    }

    fn read_children(&mut self, element: ElementRef<'_>, depth: usize) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => self.loose_text.push_str(text),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.read_element(child, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }

    fn read_element(&mut self, element: ElementRef<'_>, depth: usize) {
        let name = local_name(element);
        if SKIPPED.contains(&name) {
            return;
        }
        if depth > MAX_DEPTH {
            self.loose_text.push(' ');
            self.loose_text.push_str(&readable_text(element));
            return;
        }
        match name {
            "p" | "dd" | "dt" | "tagline" | "caption" => {
                self.push(Block::Paragraph(inline_text(element)));
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "hl1" | "hl2" => {
                self.push(Block::Subhead(inline_text(element)));
            }
            "blockquote" | "bq" => self.push(Block::Quote(inline_text(element))),
            "pre" => self.push(Block::Preformatted(preformatted_text(element))),
            "ul" | "ol" | "dl" => self.push(Block::List {
                ordered: name == "ol",
                items: list_items(element),
            }),
            "table" => self.push(table(element)),
            "img" => {
                if let Some(picture) = picture_from_img(element, None) {
                    self.push(Block::Picture(picture));
                }
            }
            "figure" | "media" => {
                if let Some(picture) = picture_from_figure(element) {
                    self.push(Block::Picture(picture));
                }
            }
            "br" => self.loose_text.push(' '),
            "a" | "span" | "em" | "strong" | "b" | "i" | "u" | "q" | "small" | "sub" | "sup"
            | "abbr" | "cite" | "code" | "mark" | "time" | "font" | "person" | "org"
            | "location" | "chron" | "money" | "num" | "classifier" => {
                self.loose_text.push_str(&readable_text(element));
            }
            // Containers (div, section, article, NITF body.content and block, …).
            _ => {
                self.flush_loose_text();
                self.read_children(element, depth);
                self.flush_loose_text();
            }
        }
    }
}

fn local_name<'a>(element: ElementRef<'a>) -> &'a str {
    let name = element.value().name();
    // XHTML and NITF arrive under prefixes of any name ("xhtml:p", "nitf:hl2").
    name.rsplit(':').next().unwrap_or(name)
}

/// All text of an element, skipping what readers never see, iteratively (no recursion,
/// whatever the depth).
fn readable_text(element: ElementRef<'_>) -> String {
    let mut text = String::new();
    let mut stack = vec![*element];
    while let Some(node) = stack.pop() {
        match node.value() {
            Node::Text(t) => text.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                let name = name.rsplit(':').next().unwrap_or(name);
                if SKIPPED.contains(&name) {
                    continue;
                }
                if name == "br" {
                    text.push('\n');
                }
                // Children are pushed in reverse so they pop in document order.
                let children: Vec<_> = node.children().collect();
                stack.extend(children.into_iter().rev());
            }
            _ => {
                let children: Vec<_> = node.children().collect();
                stack.extend(children.into_iter().rev());
            }
        }
    }
    text
}

fn inline_text(element: ElementRef<'_>) -> String {
    collapse_whitespace(&readable_text(element))
}

fn preformatted_text(element: ElementRef<'_>) -> String {
    let text = readable_text(element);
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_owned()
}

fn child_elements<'a>(element: ElementRef<'a>) -> impl Iterator<Item = ElementRef<'a>> {
    element.children().filter_map(ElementRef::wrap)
}

fn list_items(list: ElementRef<'_>) -> Vec<String> {
    child_elements(list)
        .filter(|child| matches!(local_name(*child), "li" | "dt" | "dd"))
        .map(inline_text)
        .filter(|item| !item.is_empty())
        .collect()
}

fn table(table: ElementRef<'_>) -> Block {
    let mut rows = Vec::new();
    let mut header = false;
    for row in table
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| local_name(*e) == "tr")
    {
        let cells: Vec<ElementRef<'_>> = child_elements(row)
            .filter(|cell| matches!(local_name(*cell), "td" | "th"))
            .collect();
        if rows.is_empty() {
            let in_thead = row
                .parent()
                .and_then(ElementRef::wrap)
                .is_some_and(|parent| local_name(parent) == "thead");
            header = in_thead
                || (!cells.is_empty() && cells.iter().all(|cell| local_name(*cell) == "th"));
        }
        let cells: Vec<String> = cells.into_iter().map(inline_text).collect();
        if cells.iter().any(|c| !c.is_empty()) {
            rows.push(cells);
        }
    }
    Block::Table { header, rows }
}

/// Only web addresses are kept: a picture at `javascript:`, `data:` or a relative path
/// is not one a reader's browser should be sent to.
pub(crate) fn http_url(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| url.to_owned())
}

fn attr(element: ElementRef<'_>, name: &str) -> Option<String> {
    element
        .value()
        .attrs()
        .find(|(key, _)| key.rsplit(':').next() == Some(name))
        .map(|(_, value)| collapse_whitespace(value))
        .filter(|value| !value.is_empty())
}

fn picture_from_img(img: ElementRef<'_>, caption: Option<String>) -> Option<Picture> {
    let src = attr(img, "src").and_then(|src| http_url(&src))?;
    Some(Picture {
        src,
        alt: attr(img, "alt"),
        caption,
        credit: None,
        width: attr(img, "width").and_then(|w| w.parse().ok()),
        height: attr(img, "height").and_then(|h| h.parse().ok()),
    })
}

/// An HTML `<figure>` with its `<figcaption>`, or a NITF `<media>` with its
/// `<media-reference>`, `<media-caption>` and `<media-producer>`.
fn picture_from_figure(figure: ElementRef<'_>) -> Option<Picture> {
    let mut image = None;
    let mut caption = None;
    let mut credit = None;
    for element in figure.descendants().filter_map(ElementRef::wrap) {
        match local_name(element) {
            "img" if image.is_none() => image = Some(element),
            "media-reference" if image.is_none() => image = Some(element),
            "figcaption" | "media-caption" => caption = Some(inline_text(element)),
            "media-producer" => credit = Some(inline_text(element)),
            _ => {}
        }
    }
    let image = image?;
    let src = attr(image, "src")
        .or_else(|| attr(image, "source"))
        .and_then(|src| http_url(&src))?;
    Some(Picture {
        src,
        alt: attr(image, "alt").or_else(|| attr(image, "alternate-text")),
        caption: caption.filter(|c| !c.is_empty()),
        credit: credit.filter(|c| !c.is_empty()),
        width: attr(image, "width").and_then(|w| w.parse().ok()),
        height: attr(image, "height").and_then(|h| h.parse().ok()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(html: &str) -> Vec<Block> {
        blocks_from_html(html).expect("readable HTML")
    }

    #[test]
    fn whitespace_collapses_to_single_spaces_in_ascii_and_beyond() {
        for text in [
            "",
            "   ",
            "one",
            " one  two\tthree\n",
            "\x0bvertical\x0ctab\rand feed ",
            "no\u{a0}break\u{2003}em space ",
            "  café  au\n lait",
        ] {
            let words: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(collapse_whitespace(text), words.join(" "), "{text:?}");
        }
    }

    fn paragraph(text: &str) -> Block {
        Block::Paragraph(text.into())
    }

    #[test]
    fn paragraphs_subheads_and_loose_text_become_blocks_in_order() {
        let blocks = blocks(
            "Loose lead text.<p>First <b>bold</b>\n  paragraph.</p><h2>Funding</h2>\
             <div><p>Inside a div.</p>tail text</div>",
        );
        assert_eq!(
            blocks,
            vec![
                paragraph("Loose lead text."),
                paragraph("First bold paragraph."),
                Block::Subhead("Funding".into()),
                paragraph("Inside a div."),
                paragraph("tail text"),
            ]
        );
    }

    #[test]
    fn scripts_styles_handlers_and_unsafe_urls_leave_nothing_behind() {
        let blocks = blocks(
            "<p onclick=\"steal()\">Safe text<script>alert(1)</script></p>\
             <style>p{}</style><iframe src=\"https://tracker.example/\"></iframe>\
             <img src=\"javascript:alert(1)\" alt=\"x\"><img src=\"data:image/png;base64,AA\">\
             <a href=\"javascript:alert(2)\">link text</a>",
        );
        assert_eq!(blocks, vec![paragraph("Safe text"), paragraph("link text")]);
    }

    #[test]
    fn lists_tables_quotes_and_preformatted_text_keep_their_shape() {
        let blocks = blocks(
            "<ul><li>One</li><li> Two </li></ul><ol><li>First</li></ol>\
             <blockquote><p>Quoted words.</p></blockquote>\
             <table><thead><tr><th>Index</th><th>Close</th></tr></thead>\
             <tbody><tr><td>DAX</td><td>12,416.19</td></tr></tbody></table>\
             <pre>Index    Close\nDAX   12,416.19\n</pre>",
        );
        assert_eq!(
            blocks,
            vec![
                Block::List {
                    ordered: false,
                    items: vec!["One".into(), "Two".into()]
                },
                Block::List {
                    ordered: true,
                    items: vec!["First".into()]
                },
                Block::Quote("Quoted words.".into()),
                Block::Table {
                    header: true,
                    rows: vec![
                        vec!["Index".into(), "Close".into()],
                        vec!["DAX".into(), "12,416.19".into()]
                    ]
                },
                Block::Preformatted("Index    Close\nDAX   12,416.19".into()),
            ]
        );
    }

    #[test]
    fn figures_and_nitf_media_become_pictures_with_caption_and_credit() {
        let blocks = blocks(
            "<figure><img src=\"https://img.example/ferry.jpg\" alt=\"The ferry\">\
             <figcaption>The ferry at dawn.</figcaption></figure>\
             <media media-type=\"image\"><media-reference source=\"https://img.example/pier.jpg\" \
             alternate-text=\"The pier\"/><media-caption>The north pier.</media-caption>\
             <media-producer>Lee Chan</media-producer></media>",
        );
        assert_eq!(
            blocks,
            vec![
                Block::Picture(Picture {
                    src: "https://img.example/ferry.jpg".into(),
                    alt: Some("The ferry".into()),
                    caption: Some("The ferry at dawn.".into()),
                    ..Picture::default()
                }),
                Block::Picture(Picture {
                    src: "https://img.example/pier.jpg".into(),
                    alt: Some("The pier".into()),
                    caption: Some("The north pier.".into()),
                    credit: Some("Lee Chan".into()),
                    ..Picture::default()
                }),
            ]
        );
    }

    #[test]
    fn prefixed_xhtml_and_nitf_subheads_are_read() {
        let blocks = blocks("<xhtml:p>Prefixed.</xhtml:p><hl2>Subhead</hl2><p>Text.</p>");
        assert_eq!(
            blocks,
            vec![
                paragraph("Prefixed."),
                Block::Subhead("Subhead".into()),
                paragraph("Text.")
            ]
        );
    }

    fn nested(depth: usize) -> String {
        format!(
            "{}deep words{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        )
    }

    #[test]
    fn deep_nesting_is_read_as_text_without_exhausting_the_stack() {
        assert_eq!(blocks(&nested(MAX_NESTING)), vec![paragraph("deep words")]);
    }

    #[test]
    fn hostile_nesting_is_refused_before_parsing() {
        assert_eq!(
            blocks_from_html(&nested(100_000)),
            Err(ReadError::TooDeep { limit: MAX_NESTING })
        );
        // Paragraphs and list items close themselves: thousands of them are not nesting.
        let many = "<p>Short.".repeat(5_000);
        assert_eq!(blocks(&many).len(), 5_000);
    }

    /// Found by fuzzing comment text: both made the tree far deeper than the count, so
    /// 50,000 `<div/>` took the tree builder 12 s.
    #[test]
    fn self_closed_elements_and_stray_end_tags_do_not_hide_nesting() {
        let self_closed = format!("{}deep words", "<div/>".repeat(MAX_NESTING + 1));
        assert_eq!(nesting_depth(&self_closed), MAX_NESTING + 1);
        let stray_ends = format!("{}deep words", "<em></x>".repeat(MAX_NESTING + 1));
        assert_eq!(nesting_depth(&stray_ends), MAX_NESTING + 1);
        for deep in [self_closed, stray_ends] {
            assert_eq!(
                blocks_from_html(&deep),
                Err(ReadError::TooDeep { limit: MAX_NESTING })
            );
        }
        // Void elements and matched end tags still count nothing.
        assert_eq!(nesting_depth(&"<br/><img src=x/><hr>".repeat(2_000)), 0);
        assert_eq!(nesting_depth(&"<div></div>".repeat(2_000)), 1);
    }

    #[test]
    fn text_from_html_strips_markup_and_entities() {
        assert_eq!(
            text_from_html("Council <em>approves</em> ferry &amp; bus"),
            "Council approves ferry & bus"
        );
        assert_eq!(text_from_html("  plain   text "), "plain text");
    }
}
