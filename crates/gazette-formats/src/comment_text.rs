//! What a reader writes under a story, turned into HTML that is safe to put on a page.
//!
//! Comments are the one place where text from anyone on the internet keeps some of its
//! markup, so every comment — written here in Markdown, or imported as HTML from another
//! comment system — passes through one sanitiser policy ([`POLICY`], `ammonia`) last.
//! Rendering is only a convenience; the policy is the rule: elements `p br em strong a
//! blockquote code pre ul ol li`, the one attribute `href` on `a` with an `http`,
//! `https` or `mailto` URL, and `rel="nofollow ugc noopener"` on every link. Nothing
//! else survives.
//!
//! The Markdown is CommonMark (pulldown-cmark) without extensions, read the way people
//! write comments:
//! - **Raw HTML is text.** A reader who types `<b>` sees `<b>`; markup in a comment is
//!   never interpreted, so the sanitiser only ever sees markup we generated.
//! - **A single newline is a line break**, as in every comment box; a blank line starts
//!   a paragraph.
//! - **Bare `http(s)://` URLs become links** (`linkify` finds their ends, leaving out
//!   the full stop or parenthesis after them). E-mail addresses are not linked, so a
//!   page of comments is not a list for address harvesters.
//! - **Images become a link to the image**, its alt text as the link's text (the URL
//!   when there is none). Loading pictures chosen by anyone would let a commenter put
//!   tracking pixels, huge or shocking images into our pages and make every reader's
//!   browser fetch from a stranger's server; a link keeps what the reader pointed at
//!   and the choice to follow it. An image inside a link is only its alt text.
//! - **Lists are kept.** Readers argue in points ("1. … 2. …"); flattened into one
//!   paragraph a numbered argument loses its numbers. `ul`, `ol` and `li` carry no
//!   attributes, so they add no risk (an ordered list's `start` is dropped with every
//!   other attribute, so it renumbers from 1).
//! - **Headings are paragraphs** (a comment does not get to outshout the story), thematic
//!   breaks are dropped, and tables, strikethrough and footnotes are not enabled, so
//!   they stay as the text that was typed.
//! - **Nesting is capped** at [`MAX_NESTING`]: deeper quotes, lists or emphasis lose
//!   their markup and keep their text, so a hostile comment cannot make the page (or
//!   the sanitiser's tree builder) work through thousands of levels.

use crate::html::{nesting_depth, MAX_NESTING as MAX_HTML_NESTING};
use ammonia::{Builder, UrlRelative};
use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, TextMergeStream};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// The elements a comment may contain.
pub(crate) const ALLOWED_ELEMENTS: [&str; 11] = [
    "p",
    "br",
    "em",
    "strong",
    "a",
    "blockquote",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
];

/// The URL schemes a comment's link may use. Anything else (`javascript:`, `data:`,
/// `vbscript:`, relative URLs that would point into our own site) loses its `href`.
pub(crate) const LINK_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Every link in a comment: `ugc` and `nofollow` tell search engines the site does not
/// vouch for it (and take away the reason to spam), `noopener` keeps the opened page
/// away from ours (`window.opener`).
pub(crate) const LINK_REL: &str = "nofollow ugc noopener";

/// How deep a comment's markup may nest before the deeper tags are dropped.
const MAX_NESTING: usize = 32;

/// The one sanitiser policy of comments, built once: it runs on every comment shown,
/// native or imported.
static POLICY: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut policy = Builder::empty();
    policy
        .tags(HashSet::from(ALLOWED_ELEMENTS))
        // Removed with their content, not only their tags: the text of a script is
        // not something a reader wrote for other readers.
        .clean_content_tags(HashSet::from(["script", "style"]))
        .tag_attributes(HashMap::from([("a", HashSet::from(["href"]))]))
        .tag_attribute_values(HashMap::new())
        .set_tag_attribute_values(HashMap::new())
        .generic_attributes(HashSet::new())
        .allowed_classes(HashMap::new())
        .url_schemes(HashSet::from(LINK_SCHEMES))
        .url_relative(UrlRelative::Deny)
        .link_rel(Some(LINK_REL))
        .strip_comments(true);
    policy
});

/// Renders a comment written in Markdown to sanitised HTML.
pub fn comment_html(markdown: &str) -> String {
    let mut html = String::with_capacity(markdown.len() + markdown.len() / 4);
    pulldown_cmark::html::push_html(&mut html, comment_events(markdown).into_iter());
    sanitise(&html).unwrap_or_else(|| shown_as_text(markdown))
}

/// Sanitises the HTML of a comment imported from another system (Disqus exports its
/// messages as HTML) with the same policy as native comments, so both obey one rule.
/// Markup outside the policy is dropped and its text kept (`<b>` and `<i>` lose their
/// emphasis); scripts and styles go with their content.
///
/// HTML nesting deeper than [`crate::html::MAX_NESTING`] is not parsed (the HTML tree
/// builder's work grows with the square of the depth, and no comment nests that deep):
/// it is shown as text, as raw HTML in a Markdown comment is.
pub fn comment_html_from_foreign(html: &str) -> String {
    if nesting_depth(html) > MAX_HTML_NESTING {
        return shown_as_text(html);
    }
    sanitise(html).unwrap_or_else(|| shown_as_text(html))
}

/// The policy applied until its output no longer changes (at most [`SANITISER_PASSES`]
/// times), or `None` when it keeps changing. What is stored must be what any later pass
/// shows, and one pass is not always enough: removing an element keeps its children,
/// which can leave a tree the HTML parser never builds from its own serialisation
/// (`<a><table><td><a>` becomes a link inside a link, `<li><table><td><li>` a list item
/// inside a list item), so the next pass parses the output differently. The second pass
/// parses only allowed markup, and its tree is one the parser built.
fn sanitise(html: &str) -> Option<String> {
    let mut html = sanitise_once(html);
    for _ in 1..SANITISER_PASSES {
        let again = sanitise_once(&html);
        if again == html {
            return Some(html);
        }
        html = again;
    }
    None
}

/// Passes of the sanitiser [`sanitise`] allows before it gives up on markup.
const SANITISER_PASSES: usize = 3;

fn sanitise_once(html: &str) -> String {
    keep_leading_newline_of_pre(POLICY.clean(html).to_string())
}

/// The HTML parser drops a newline right after `<pre>` (HTML §13.2.6.4.7, "pre"), and the
/// serialiser does not write one back, so each pass would eat a leading line of
/// preformatted text. Written twice, as the parser expects, it survives.
///
/// The sanitiser's output is well formed: outside tags `<` is always escaped, and inside
/// them attribute values are double-quoted with `"` escaped, so a `<pre>` outside quotes
/// is a tag (never an `href` that spells it).
fn keep_leading_newline_of_pre(html: String) -> String {
    if !html.contains("<pre>\n") {
        return html;
    }
    let mut out = String::with_capacity(html.len() + 16);
    let (mut in_tag, mut quoted) = (false, false);
    for (at, c) in html.char_indices() {
        out.push(c);
        match c {
            '<' if !in_tag => in_tag = true,
            '"' if in_tag => quoted = !quoted,
            '>' if in_tag && !quoted => {
                in_tag = false;
                if out.ends_with("<pre>") && html[at + 1..].starts_with('\n') {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
    out
}

/// Markup shown as text in one paragraph, written exactly as the sanitiser writes text
/// (`&`, `<`, `>` and no-break spaces escaped; NUL dropped and line ends made `\n`, as
/// the HTML parser does), so that sanitising it again changes nothing.
fn shown_as_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 2 + 7);
    out.push_str("<p>");
    let mut chars = html.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            '\0' => {}
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' => out.push('\n'),
            c => out.push(c),
        }
    }
    out.push_str("</p>");
    out
}

/// The Markdown's events, rewritten to the comment rules of the module doc.
fn comment_events(markdown: &str) -> Vec<Event<'_>> {
    let parser = TextMergeStream::new(Parser::new_ext(markdown, Options::empty()));
    let mut writer = EventWriter::default();
    for event in parser {
        writer.push(event);
    }
    writer.events
}

#[derive(Default)]
struct EventWriter<'a> {
    events: Vec<Event<'a>>,
    /// The open tags, each with what became of it.
    open: Vec<Opened>,
    /// Open links (or images written as links): text inside one is not linked again.
    links: usize,
    code_block: bool,
    /// Open images written as links, and whether text has been written in each.
    images: Vec<(CowStr<'a>, bool)>,
}

/// What became of a tag the Markdown opened.
struct Opened {
    /// False past the nesting cap, and for an image inside a link.
    written: bool,
    role: Role,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Link,
    /// An image written as a link.
    Image,
    /// An image inside a link: only its alt text is written.
    AltText,
    Other,
}

impl<'a> EventWriter<'a> {
    fn push(&mut self, event: Event<'a>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) if self.links == 0 && !self.code_block => self.text(text),
            Event::Text(text) => self.write_text(text),
            // Raw HTML is shown as typed: escaped by the renderer like any text.
            Event::Html(html) | Event::InlineHtml(html) => self.write_text(html),
            Event::SoftBreak => self.events.push(Event::HardBreak),
            Event::Rule => {}
            event => self.events.push(event),
        }
    }

    fn start(&mut self, tag: Tag<'a>) {
        let (tag, role) = match tag {
            Tag::Heading { .. } | Tag::HtmlBlock => (Tag::Paragraph, Role::Other),
            Tag::Image { .. } if self.links > 0 => {
                self.open.push(Opened {
                    written: false,
                    role: Role::AltText,
                });
                return;
            }
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                self.images.push((dest_url.clone(), false));
                let link = Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                };
                (link, Role::Image)
            }
            Tag::Link { .. } => (tag, Role::Link),
            Tag::CodeBlock(_) => {
                self.code_block = true;
                (tag, Role::Other)
            }
            tag => (tag, Role::Other),
        };
        if matches!(role, Role::Link | Role::Image) {
            self.links += 1;
        }
        let written = self.open.len() < MAX_NESTING;
        self.open.push(Opened { written, role });
        if written {
            self.events.push(Event::Start(tag));
        }
    }

    fn end(&mut self, tag: TagEnd) {
        let Some(opened) = self.open.pop() else {
            return;
        };
        let tag = match (opened.role, tag) {
            (Role::AltText, _) => return,
            (Role::Image, _) => {
                if let Some((url, false)) = self.images.pop() {
                    self.write_text(url);
                }
                TagEnd::Link
            }
            (_, TagEnd::Heading(_) | TagEnd::HtmlBlock) => TagEnd::Paragraph,
            (_, TagEnd::CodeBlock) => {
                self.code_block = false;
                TagEnd::CodeBlock
            }
            (_, tag) => tag,
        };
        if matches!(opened.role, Role::Link | Role::Image) {
            self.links = self.links.saturating_sub(1);
        }
        if opened.written {
            self.events.push(Event::End(tag));
        }
    }

    /// Text outside links and code: bare web addresses in it become links.
    fn text(&mut self, text: CowStr<'a>) {
        let mut finder = LinkFinder::new();
        finder.kinds(&[LinkKind::Url]);
        let mut rest_start = 0;
        for link in finder.links(&text) {
            let url = link.as_str();
            let web = ["http://", "https://"].iter().any(|scheme| {
                url.get(..scheme.len())
                    .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
            });
            if !web {
                continue;
            }
            if link.start() > rest_start {
                self.write_text(text[rest_start..link.start()].to_owned().into());
            }
            let url: CowStr<'a> = url.to_owned().into();
            self.events.push(Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                dest_url: url.clone(),
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            }));
            self.write_text(url);
            self.events.push(Event::End(TagEnd::Link));
            rest_start = link.end();
        }
        if rest_start == 0 {
            self.write_text(text);
        } else if rest_start < text.len() {
            self.write_text(text[rest_start..].to_owned().into());
        }
    }

    fn write_text(&mut self, text: CowStr<'a>) {
        if let Some((_, seen)) = self.images.last_mut() {
            *seen |= !text.is_empty();
        }
        self.events.push(Event::Text(text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_is_built_and_links_get_their_rel() {
        assert_eq!(
            comment_html_from_foreign("<a href='https://example.org/' title='t'>x</a>"),
            "<a href=\"https://example.org/\" rel=\"nofollow ugc noopener\">x</a>"
        );
    }

    #[test]
    fn foreign_html_nested_too_deep_is_shown_as_text() {
        let deep = format!(
            "{}<img src=x onerror=alert(1)>\r\n\0&\u{a0}",
            "<div>".repeat(100_000)
        );
        let html = comment_html_from_foreign(&deep);
        assert!(html.starts_with("<p>&lt;div&gt;&lt;div&gt;"));
        assert!(html.ends_with("&lt;img src=x onerror=alert(1)&gt;\n&amp;&nbsp;</p>"));
        assert_eq!(POLICY.clean(&html).to_string(), html);
    }

    #[test]
    fn nesting_past_the_cap_keeps_the_text() {
        let deep = format!("{}deep", "> ".repeat(MAX_NESTING * 3));
        let html = comment_html(&deep);
        assert!(html.matches("<blockquote>").count() <= MAX_NESTING);
        assert!(html.contains("deep"));
    }
}
