//! RSS 2.0, Atom 1.0 and JSON Feed 1.x. Input that is not a feed is placed inside one
//! entry (after its id and title) of an RSS, Atom or JSON feed, chosen by the first byte.
#![no_main]

use gazette_core::Status;
use gazette_formats::{detect_format, Format, Item};
use gazette_fuzz::{check_read_document, on_worker_stack, shaped};
use libfuzzer_sys::fuzz_target;

const SHAPES: [(&str, &str); 3] = [
    (
        "<rss version=\"2.0\"><channel><title>Fuzz</title><link>https://fuzz.example/</link>\
         <item><guid>fuzz-1</guid><title>Fuzz headline</title>",
        "</item></channel></rss>",
    ),
    (
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Fuzz</title><id>urn:fuzz</id>\
         <updated>2026-01-01T00:00:00Z</updated><entry><id>fuzz-1</id><title>Fuzz headline</title>\
         <updated>2026-01-01T00:00:00Z</updated>",
        "</entry></feed>",
    ),
    (
        "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"Fuzz\", \"items\": \
         [{\"id\": \"fuzz-1\", \"title\": \"Fuzz headline\", ",
        "}]}",
    ),
];

fn feed_format(format: Format) -> bool {
    matches!(format, Format::Rss | Format::Atom | Format::JsonFeed)
}

fuzz_target!(|data: &[u8]| on_worker_stack(|| {
    let detected = detect_format(data);
    let input = if feed_format(detected) {
        data.to_vec()
    } else {
        let (choice, rest) = data.split_first().map_or((0, data), |(c, r)| (*c, r));
        let (before, after) = SHAPES[usize::from(choice) % SHAPES.len()];
        shaped(rest, false, before, after)
    };
    let format = detect_format(&input);
    if !feed_format(format) {
        return; // the JSON shape without its version string is ninjs
    }
    let Ok(document) = check_read_document(&input, format) else {
        return;
    };
    for item in &document.items {
        if let Item::Story(story) = item {
            // Feeds carry no status and no version: what a feed lists is published.
            assert_eq!(story.status, Status::Published);
            assert_eq!(story.version, None);
        }
    }
}));
