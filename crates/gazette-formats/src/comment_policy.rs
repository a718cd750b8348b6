//! The comment policy checked from the outside: [`find_breach`] parses HTML the way a
//! browser does and says what in it breaks the rule that [`crate::comment_html`] and
//! [`crate::comment_html_from_foreign`] promise. It exists so that every place a
//! comment's HTML can be seen — this crate's tests, the fuzz targets, the HTTP tests of
//! the pages that show comments — holds it to one definition, written once.
//!
//! It checks the parsed tree, not the text, so it sees what a browser would build from
//! markup the sanitiser let through (a tag hidden in an attribute, an element in the
//! SVG namespace, an `href` with a scheme behind control characters).

use crate::comment_text::{ALLOWED_ELEMENTS, LINK_REL, LINK_SCHEMES};
use scraper::{ElementRef, Html};

const HTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

/// The payloads of a list in the format of this crate's `tests/fixtures/xss-payloads.txt`:
/// one a line, `#` lines and blank lines skipped, `\n` and `\0` written as two
/// characters each.
pub fn payloads_of(list: &str) -> Vec<String> {
    list.lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| line.replace("\\n", "\n").replace("\\0", "\0"))
        .collect()
}

/// Why `html`, a comment's HTML as it is put into a page, breaks the comment policy, or
/// `None` when it obeys it: only the elements `p br em strong a blockquote code pre ul
/// ol li`, in the HTML namespace; no attribute but `href` and `rel` on `a`; every
/// `href` an `http:`, `https:` or `mailto:` URL; every `a` with
/// `rel="nofollow ugc noopener"`. (So no event handler, no `style`, no `script`,
/// `style`, `iframe`, `img`, `svg`, `form` … element.) The reason names the first
/// breach found, in words fit for a test's failure message.
pub fn find_breach(html: &str) -> Option<String> {
    let fragment = Html::parse_fragment(html);
    let root = fragment.root_element();
    for node in root.descendants().skip(1) {
        let Some(element) = ElementRef::wrap(node) else {
            continue;
        };
        let value = element.value();
        let name = value.name();
        if !ALLOWED_ELEMENTS.contains(&name) {
            return Some(format!("element <{name}>"));
        }
        if &*value.name.ns != HTML_NAMESPACE {
            return Some(format!("<{name}> in namespace {}", value.name.ns));
        }
        for (attribute, content) in value.attrs() {
            let attribute = attribute.to_ascii_lowercase();
            if attribute.starts_with("on") {
                return Some(format!("event handler {attribute} on <{name}>"));
            }
            match (name, attribute.as_str()) {
                ("a", "href") if !is_allowed_link(content) => {
                    return Some(format!("href {content:?}"));
                }
                ("a", "href") => {}
                ("a", "rel") if content == LINK_REL => {}
                _ => return Some(format!("attribute {attribute}={content:?} on <{name}>")),
            }
        }
        if name == "a" && value.attr("rel") != Some(LINK_REL) {
            return Some(format!("a link without rel=\"{LINK_REL}\""));
        }
    }
    None
}

/// An `href` whose scheme, as a browser reads it, is one a comment's link may use. The
/// URL Standard's parser (§4.4) strips leading and trailing C0 controls and spaces,
/// removes every tab and newline, and ignores case: `mail\tto:` is `mailto:` and
/// `\u{1}JAVA\nSCRIPT:` is `javascript:`.
fn is_allowed_link(href: &str) -> bool {
    let href: String = href
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    LINK_SCHEMES.iter().any(|scheme| {
        href.strip_prefix(scheme)
            .is_some_and(|rest| rest.starts_with(':'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitised_comments_pass() {
        for html in [
            "",
            "<p>Plain <em>and</em> <strong>strong</strong><br>text</p>",
            "<a href=\"https://example.org/\" rel=\"nofollow ugc noopener\">x</a>",
            "<a href=\" MAILTO:letters@example.org\" rel=\"nofollow ugc noopener\">x</a>",
            // Found by fuzzing: a tab inside the scheme is not part of it, for the
            // browser as for the sanitiser.
            "<a href=\"mail\tto:letters@example.org\" rel=\"nofollow ugc noopener\">x</a>",
            "<a rel=\"nofollow ugc noopener\">no href</a>",
            "<blockquote><ul><li><code>a</code></li></ul><ol><li><pre>b</pre></li></ol></blockquote>",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
        ] {
            assert_eq!(find_breach(html), None, "{html}");
        }
    }

    #[test]
    fn each_kind_of_breach_is_named() {
        let cases = [
            ("<script>alert(1)</script>", "element <script>"),
            ("<p><img src=x></p>", "element <img>"),
            ("<svg><p>x</p></svg>", "element <svg>"),
            ("<p onclick=alert(1)>x</p>", "event handler onclick on <p>"),
            (
                "<p style=\"color:red\">x</p>",
                "attribute style=\"color:red\" on <p>",
            ),
            (
                "<a href=\"javascript:alert(1)\" rel=\"nofollow ugc noopener\">x</a>",
                "href \"javascript:alert(1)\"",
            ),
            (
                "<a href=\"\u{1}javascript:alert(1)\" rel=\"nofollow ugc noopener\">x</a>",
                "href \"\\u{1}javascript:alert(1)\"",
            ),
            (
                "<a href=\"java\nscript:alert(1)\" rel=\"nofollow ugc noopener\">x</a>",
                "href \"java\\nscript:alert(1)\"",
            ),
            (
                "<a href=\"https-evil:x\" rel=\"nofollow ugc noopener\">x</a>",
                "href \"https-evil:x\"",
            ),
            (
                "<a href=\"/relative\" rel=\"nofollow ugc noopener\">x</a>",
                "href \"/relative\"",
            ),
            (
                "<a href=\"https://example.org/\">x</a>",
                "a link without rel=\"nofollow ugc noopener\"",
            ),
            (
                "<a href=\"https://example.org/\" rel=\"nofollow\">x</a>",
                "attribute rel=\"nofollow\" on <a>",
            ),
        ];
        for (html, breach) in cases {
            assert_eq!(find_breach(html).as_deref(), Some(breach), "{html}");
        }
    }
}
