//! NewsML-G2. Input that is not a NewsML-G2 document is placed in the contentSet of a
//! text newsItem that has an id and a headline: as its inlineXML (NITF, XHTML or other
//! markup), as plain-text inlineData, or as HTML inlineData, chosen by the first byte.
#![no_main]

use gazette_formats::{detect_format, Format};
use gazette_fuzz::{check_read_document, on_worker_stack, shaped};
use libfuzzer_sys::fuzz_target;

const ITEM: &str = "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"urn:fuzz:1\" \
    version=\"1\"><itemMeta><itemClass qcode=\"ninat:text\"/><pubStatus qcode=\"stat:usable\"/>\
    </itemMeta><contentMeta><headline>Fuzz headline</headline></contentMeta><contentSet>";
const END: &str = "</contentSet></newsItem>";

fuzz_target!(|data: &[u8]| on_worker_stack(|| {
    let raw = detect_format(data) == Format::NewsMlG2;
    let input = if raw {
        data.to_vec()
    } else {
        let (choice, rest) = data.split_first().map_or((0, data), |(c, r)| (*c, r));
        let (open, close) = match choice % 3 {
            0 => (
                "<inlineXML contenttype=\"application/nitf+xml\">",
                "</inlineXML>",
            ),
            1 => ("<inlineData contenttype=\"text/plain\">", "</inlineData>"),
            _ => ("<inlineData contenttype=\"text/html\">", "</inlineData>"),
        };
        shaped(
            rest,
            false,
            &format!("{ITEM}{open}"),
            &format!("{close}{END}"),
        )
    };
    let _ = check_read_document(&input, Format::NewsMlG2);
}));
