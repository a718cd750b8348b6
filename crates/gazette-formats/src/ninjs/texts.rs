//! Which of an item's headlines, descriptions and bodies Gazette shows. A ninjs item
//! may carry several of each, told apart by role and media type (2.x `bodies[]`) or
//! by the name of the member (1.x `body_html`, `body_text`, 1.6 `body_richtext`).

use super::model::{NinjsItem, RoleText};
use crate::html::{blocks_from_html, text_from_html};
use crate::ReadError;
use gazette_core::{Block, Body};

/// Description roles that credit someone instead of describing the content (AP
/// `description_creditline`, SIPA's `writer`).
const CREDIT_ROLES: &[&str] = &["creditline", "credit", "writer", "byline", "copyright"];

/// Description roles that read as a standfirst under the headline.
const DECK_ROLES: &[&str] = &["summary", "abstract", "lead", "teaser", "standfirst"];

/// The headline: the one whose role is `main` (2.x), else the plain 1.x `headline`
/// or one without a role, else the first given; as text, without markup.
pub(super) fn headline(item: &NinjsItem) -> Option<String> {
    item.headlines
        .iter()
        .filter_map(|headline| {
            let text = text_from_html(&headline.value);
            let rank = match headline.role.as_str() {
                "main" => 0,
                "" => 1,
                _ => 2,
            };
            (!text.is_empty()).then_some((rank, text))
        })
        .min_by_key(|(rank, _)| *rank)
        .map(|(_, text)| text)
}

/// The deck: a description of the story, preferring one whose role says it is a
/// summary, never a credit line.
pub(super) fn deck(item: &NinjsItem) -> Option<String> {
    describe(item, DECK_ROLES)
}

/// A picture's caption: its caption or text description, else its headline.
pub(super) fn caption(item: &NinjsItem) -> Option<String> {
    describe(item, &["caption", "text", ""]).or_else(|| headline(item))
}

/// A picture's credit line as a description (AP `description_creditline`).
pub(super) fn credit_line(item: &NinjsItem) -> Option<String> {
    description_with_role(item, |role| CREDIT_ROLES.contains(&role))
}

/// Text for readers who cannot see a picture, when a description says it is that.
pub(super) fn alt_text(item: &NinjsItem) -> Option<String> {
    description_with_role(item, |role| role.starts_with("alt"))
}

fn describe(item: &NinjsItem, preferred_roles: &[&str]) -> Option<String> {
    item.descriptions
        .iter()
        .filter(|d| !CREDIT_ROLES.contains(&d.role.as_str()) && !d.role.starts_with("alt"))
        .filter_map(|d| {
            let text = text_from_html(&d.value);
            (!text.is_empty()).then_some((!preferred_roles.contains(&d.role.as_str()), text))
        })
        .min_by_key(|(not_preferred, _)| *not_preferred)
        .map(|(_, text)| text)
}

fn description_with_role(item: &NinjsItem, role: impl Fn(&str) -> bool) -> Option<String> {
    item.descriptions
        .iter()
        .filter(|d| role(&d.role))
        .map(|d| text_from_html(&d.value))
        .find(|text| !text.is_empty())
}

/// How a body is written, in the order Gazette prefers them: markup keeps paragraphs,
/// subheads and lists that plain text loses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum BodyKind {
    Html,
    /// A NITF document or fragment (ninjs 3.0 examples carry one in `bodies[]`).
    Nitf,
    Plain,
}

impl BodyKind {
    /// From the media type when given, else from the role or 1.x member suffix
    /// (`body_xhtml`), else from the text itself. Other XML (a vendor's own format)
    /// is not read: its element names would come through as text.
    fn of(body: &RoleText) -> Option<Self> {
        let named = |hint: &str| {
            if hint.contains("html") || hint.contains("richtext") {
                Some(Self::Html)
            } else if hint.contains("nitf") {
                Some(Self::Nitf)
            } else if hint.contains("plain") || hint == "text" {
                Some(Self::Plain)
            } else {
                None
            }
        };
        if !body.content_type.is_empty() {
            return named(&body.content_type);
        }
        named(&body.role).or_else(|| {
            Some(if looks_like_markup(&body.value) {
                Self::Html
            } else {
                Self::Plain
            })
        })
    }

    fn blocks(self, value: &str) -> Result<Vec<Block>, ReadError> {
        match self {
            Self::Html => blocks_from_html(value),
            Self::Nitf => blocks_from_html(nitf_body_content(value)),
            Self::Plain => blocks_from_html(&html_from_plain_text(value)),
        }
    }
}

/// The story's body from the richest body that holds text. An error (markup nested
/// too deep) is returned only when no other body can stand in.
pub(super) fn body(item: &NinjsItem) -> Result<Body, ReadError> {
    let mut bodies: Vec<(BodyKind, &RoleText)> = item
        .bodies
        .iter()
        .filter_map(|body| Some((BodyKind::of(body)?, body)))
        .collect();
    // Stable: among bodies of one kind the sender's order decides.
    bodies.sort_by_key(|(kind, _)| *kind);
    let mut first_error = None;
    for (kind, body) in bodies {
        match kind.blocks(&body.value) {
            Ok(blocks) if has_text(&blocks) => return Ok(Body(blocks)),
            Ok(_) => {}
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    first_error.map_or_else(|| Ok(Body::default()), Err)
}

/// The body without a first block that repeats the headline: TT's HTML bodies and
/// plain-text bodies open with it, and the page already shows it above the body.
pub(super) fn without_repeated_headline(mut body: Body, headline: &str) -> Body {
    let repeats = match body.0.first() {
        Some(Block::Subhead(text) | Block::Paragraph(text)) => {
            !headline.is_empty() && text.eq_ignore_ascii_case(headline)
        }
        _ => false,
    };
    if repeats {
        body.0.remove(0);
    }
    body
}

/// Whether the blocks hold words a reader can read: a placeholder such as "[ ... ]"
/// (the IPTC examples elide bodies so) is no text.
pub(super) fn has_text(blocks: &[Block]) -> bool {
    let readable = |text: &str| text.chars().any(char::is_alphanumeric);
    blocks.iter().any(|block| match block {
        Block::Paragraph(text)
        | Block::Subhead(text)
        | Block::Quote(text)
        | Block::Preformatted(text) => readable(text),
        Block::List { items, .. } => items.iter().any(|item| readable(item)),
        Block::Table { rows, .. } => rows.iter().flatten().any(|cell| readable(cell)),
        Block::Picture(_) => false,
    })
}

fn looks_like_markup(text: &str) -> bool {
    text.trim_start().starts_with('<') || text.contains("</") || text.contains("/>")
}

/// The `body.content` of a NITF document: its `head` and `body.head` repeat the
/// headline, byline and distributor, which are not body text.
fn nitf_body_content(nitf: &str) -> &str {
    let Some(open) = nitf.find("<body.content") else {
        return nitf;
    };
    let after_open = &nitf[open..];
    let Some(content_start) = after_open.find('>').map(|end| end + 1) else {
        return nitf;
    };
    let content = &after_open[content_start..];
    content
        .find("</body.content")
        .map_or(content, |close| &content[..close])
}

/// Plain text as paragraphs: blank lines separate paragraphs when the text has any;
/// otherwise each line is one (TT and others send one paragraph a line).
fn html_from_plain_text(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let paragraphs: Vec<String> = if lines.iter().any(|line| line.is_empty()) {
        lines
            .split(|line| line.is_empty())
            .filter(|group| !group.is_empty())
            .map(|group| group.join(" "))
            .collect()
    } else {
        lines.iter().map(|line| (*line).to_owned()).collect()
    };
    paragraphs
        .iter()
        .map(|paragraph| format!("<p>{}</p>", escape_html(paragraph)))
        .collect()
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(json: &str) -> NinjsItem {
        serde_json::from_str(json).expect("a readable item")
    }

    fn paragraphs(body: &Body) -> Vec<&str> {
        body.blocks()
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(t) => Some(t.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_main_headline_wins_and_loses_its_markup() {
        let two = item(
            r#"{"headlines": [{"role": "seo", "value": "SEO words"},
                {"role": "main", "contenttype": "text/html", "value": "<b>Ferry</b> &amp; pier"}]}"#,
        );
        assert_eq!(headline(&two).as_deref(), Some("Ferry & pier"));
        let one = item(r#"{"headline_extended": "Long", "headline": "Short"}"#);
        assert_eq!(headline(&one).as_deref(), Some("Short"));
        assert_eq!(headline(&item(r#"{"headline": "  "}"#)), None);
    }

    #[test]
    fn the_deck_is_a_summary_never_a_credit_line() {
        let item = item(
            r#"{"descriptions": [{"role": "creditline", "value": "HARBOUR PRESS"},
                {"role": "text", "value": "A longer description."},
                {"role": "summary", "value": "The summary."}]}"#,
        );
        assert_eq!(deck(&item).as_deref(), Some("The summary."));
        assert_eq!(credit_line(&item).as_deref(), Some("HARBOUR PRESS"));
        assert_eq!(caption(&item).as_deref(), Some("A longer description."));
    }

    #[test]
    fn markup_bodies_are_preferred_over_plain_text_and_unknown_xml_is_not_read() {
        let item = item(
            r#"{"bodies": [{"role": "text", "contenttype": "text/plain", "value": "Plain words."},
                {"role": "vendor", "contenttype": "application/xml", "value": "<X><HEAD>junk</HEAD></X>"},
                {"role": "html5", "contenttype": "text/html", "value": "<p>Marked words.</p>"}]}"#,
        );
        assert_eq!(
            paragraphs(&body(&item).expect("readable")),
            vec!["Marked words."]
        );
    }

    #[test]
    fn an_empty_markup_body_gives_way_to_the_plain_one() {
        let item = item(r#"{"body_html": "<p> </p>", "body_text": "Words here."}"#);
        assert_eq!(
            paragraphs(&body(&item).expect("readable")),
            vec!["Words here."]
        );
    }

    #[test]
    fn plain_text_splits_on_blank_lines_or_else_on_lines() {
        assert_eq!(
            html_from_plain_text("One\r\nstill one\r\n\r\nTwo <b>"),
            "<p>One still one</p><p>Two &lt;b&gt;</p>"
        );
        assert_eq!(html_from_plain_text("One\nTwo"), "<p>One</p><p>Two</p>");
    }

    #[test]
    fn a_nitf_body_is_read_from_its_body_content_only() {
        let nitf = "<nitf><head><title>T</title></head><body><body.head><hedline><hl1>Head\
                    </hl1></hedline><byline>By Someone</byline></body.head>\
                    <body.content><p>First.</p><block><p>Second.</p></block></body.content>\
                    </body></nitf>";
        let item = item(
            &serde_json::json!({"bodies": [{"contentType": "text/vnd.IPTC.NITF", "value": nitf}]})
                .to_string(),
        );
        assert_eq!(
            paragraphs(&body(&item).expect("readable")),
            vec!["First.", "Second."]
        );
    }

    #[test]
    fn a_first_block_repeating_the_headline_is_dropped() {
        let body = |first: Block| Body(vec![first, Block::Paragraph("Text.".into())]);
        let dropped =
            without_repeated_headline(body(Block::Subhead("Market opens".into())), "Market opens");
        assert_eq!(dropped.blocks(), &[Block::Paragraph("Text.".into())]);
        let kept =
            without_repeated_headline(body(Block::Quote("Market opens".into())), "Market opens");
        assert_eq!(kept.blocks().len(), 2);
        let other =
            without_repeated_headline(body(Block::Subhead("Prices".into())), "Market opens");
        assert_eq!(other.blocks().len(), 2);
    }

    #[test]
    fn placeholders_are_not_body_text() {
        assert!(!has_text(&[Block::Paragraph("[ ... ]".into())]));
        assert!(has_text(&[Block::List {
            ordered: false,
            items: vec!["Ja".into()]
        }]));
    }
}
