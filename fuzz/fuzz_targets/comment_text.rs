//! Comment text: the input, read as UTF-8 (invalid bytes replaced), rendered as a
//! reader's Markdown (`comment_html`) and sanitised as imported HTML
//! (`comment_html_from_foreign`). Both come out within the comment policy and are a
//! fixed point of the sanitiser.
#![no_main]

use gazette_formats::{comment_html, comment_html_from_foreign};
use gazette_fuzz::{check_comment_html, on_worker_stack};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| on_worker_stack(|| {
    let text = String::from_utf8_lossy(data);

    let rendered = comment_html(&text);
    check_comment_html(&rendered, "comment_html");
    // Markup a reader types is shown, never interpreted: the only tags are those the
    // Markdown makes, so a `<` typed in the comment is `&lt;` in the HTML.
    if !text.contains(['<', '&']) {
        assert!(!rendered.contains("&lt;"), "{rendered:?}");
    }
    if text.trim().is_empty() {
        assert_eq!(rendered, "", "blank comment");
    }

    let imported = comment_html_from_foreign(&text);
    check_comment_html(&imported, "comment_html_from_foreign");
    if !text.contains(['<', '>', '&', '"', '\0', '\r', '\u{a0}', '\u{feff}']) {
        // Text without markup or characters the sanitiser escapes or drops is kept as is.
        assert_eq!(imported, text, "plain text changed");
    }
}));
