//! NITF 3.x. Input that is not a NITF document is placed in the `body.content` of one
//! that has an id and a headline, so it reaches the body reader through NITF's own
//! markup (`hl2`, `media`, `block`, taglines …).
#![no_main]

use gazette_formats::{detect_format, Format, Item};
use gazette_fuzz::{check_read_document, on_worker_stack, shaped};
use libfuzzer_sys::fuzz_target;

const BEFORE: &str = "<nitf><head><title>Fuzz title</title><docdata><doc-id id-string=\"fuzz-1\"/>\
    </docdata></head><body><body.head><hedline><hl1>Fuzz headline</hl1></hedline></body.head>\
    <body.content>";
const AFTER: &str = "</body.content></body></nitf>";

fuzz_target!(|data: &[u8]| on_worker_stack(|| {
    let raw = detect_format(data) == Format::Nitf;
    let input = shaped(data, raw, BEFORE, AFTER);
    let Ok(document) = check_read_document(&input, Format::Nitf) else {
        return;
    };
    assert_eq!(document.items.len(), 1, "one story per NITF document");
    if !raw {
        // The id and headline come before the fuzz input, which cannot undo them.
        if let Item::Story(story) = &document.items[0] {
            assert_eq!(story.source_key, "fuzz-1");
            assert_eq!(story.headline, "Fuzz headline");
        }
    }
}));
