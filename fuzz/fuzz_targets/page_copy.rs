//! Page copy (`read_page_copy`): the raw bytes are the copy, whatever they are.
#![no_main]

use gazette_core::Status;
use gazette_formats::{detect_format, read_page_copy, Format, Item};
use gazette_fuzz::{check_error, check_read_document, check_story, on_worker_stack};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| on_worker_stack(|| {
    let read = read_page_copy(data);
    match &read {
        Ok(story) => {
            check_story(story);
            // Page copy carries no id, status or version: the key is made from what the
            // copy repeats, and what a partner's page shows is published.
            assert!(story.source_key.starts_with("page-copy:"), "{story:?}");
            assert_eq!(story.status, Status::Published);
            assert_eq!(story.version, None);
            // The partner's comments block is chrome, never part of the story.
            let shown = format!("{story:?}").to_lowercase();
            assert!(!shown.contains("comments powered by"), "{shown}");
        }
        Err(error) => check_error(error),
    }
    // Through read_document, copy detected as page copy reads the same.
    if detect_format(data) == Format::PageCopy && !data.iter().all(u8::is_ascii_whitespace) {
        let document = check_read_document(data, Format::PageCopy);
        match (&read, &document) {
            (Ok(story), Ok(document)) => {
                assert!(matches!(&document.items[..], [Item::Story(s)] if **s == *story));
            }
            (Err(error), Err(again)) => assert_eq!(error, again),
            _ => panic!("read_document and read_page_copy disagree: {read:?} / {document:?}"),
        }
    }
}));
