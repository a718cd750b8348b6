//! The HTML body reader (`blocks_from_html`, through `gazette_formats::fuzzing`) and
//! `text_from_html`, which every headline, caption and credit sent with markup goes
//! through. The input is read as UTF-8, invalid bytes replaced.
#![no_main]

use gazette_formats::fuzzing::{blocks_from_html, text_from_html};
use gazette_formats::ReadError;
use gazette_fuzz::{check_blocks, check_collapsed, on_worker_stack};
use libfuzzer_sys::fuzz_target;

/// A script and a style element of their own before the input: neither may change what
/// the input reads as, and nothing of them may show.
const HIDDEN: &str =
    "<script>document.write('zqxhidden')</script><style>p::after{content:'zqxhidden'}</style>";

fuzz_target!(|data: &[u8]| on_worker_stack(|| {
    let html = String::from_utf8_lossy(data);
    let blocks = blocks_from_html(&html);
    match &blocks {
        Ok(blocks) => check_blocks(blocks),
        Err(error) => {
            // Only nesting is refused, and it takes more than a thousand open tags.
            assert_eq!(*error, ReadError::TooDeep { limit: 1_000 });
            assert!(html.matches('<').count() > 1_000, "refused {html:?}");
        }
    }
    if blocks.is_ok() {
        // The HTML parser drops a byte order mark that starts its input (HTML §13.2.3.1);
        // after the script it would be text.
        let rest = html.strip_prefix('\u{feff}').unwrap_or(&html);
        let with_hidden = blocks_from_html(&format!("{HIDDEN}{rest}"));
        assert_eq!(
            format!("{blocks:?}"),
            format!("{with_hidden:?}"),
            "a script or style before the input changed what it reads as"
        );
    }

    let text = text_from_html(&html);
    check_collapsed(&text);
    if !html.contains(['<', '&']) {
        // Text without markup or entities is only collapsed.
        assert_eq!(text, html.split_whitespace().collect::<Vec<_>>().join(" "));
    }
}));
