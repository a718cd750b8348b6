//! ninjs 1.x–3.x. Input that is not JSON detected as ninjs is read as members of a text
//! item that already has an id and a headline, so it reaches the body and metadata.
#![no_main]

use gazette_formats::{detect_format, Format};
use gazette_fuzz::{check_read_document, on_worker_stack, shaped};
use libfuzzer_sys::fuzz_target;

const BEFORE: &str = r#"{"uri": "urn:fuzz:1", "type": "text", "headline": "Fuzz headline", "#;
const AFTER: &str = "}";

fuzz_target!(|data: &[u8]| on_worker_stack(|| {
    let raw = detect_format(data) == Format::Ninjs;
    let input = shaped(data, raw, BEFORE, AFTER);
    if detect_format(&input) != Format::Ninjs {
        return; // a JSON Feed version string in the input: the feeds target's case
    }
    let _ = check_read_document(&input, Format::Ninjs);
}));
