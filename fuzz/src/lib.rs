//! The properties the fuzz targets check on whatever a reader returns. A property that
//! fails panics, and libFuzzer keeps the input as a crash: each one is a promise the
//! readers make by design (their docs and tests), not merely "no panic".

use gazette_core::{Block, IncomingStory, Picture, Status};
use gazette_formats::{detect_format, read_document, Document, Format, Item, ReadError};
use std::backtrace::BacktraceStatus;
use std::sync::{Mutex, PoisonError};

/// Runs a target's body on a thread with the stack of a tokio worker (2 MiB), where
/// `gazette-app` calls the readers: hostile nesting must be refused before it exhausts
/// that stack, not only libFuzzer's 8 MiB main thread. A panic that escapes the body
/// aborts the process with the panic's message, which libFuzzer records as a crash; a
/// panic a reader catches itself does not (see [`let_readers_catch_panics`]).
pub fn on_worker_stack<T: Send>(body: impl FnOnce() -> T + Send) -> T {
    const TOKIO_WORKER_STACK: usize = 2 * 1024 * 1024;
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(let_readers_catch_panics);
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(TOKIO_WORKER_STACK)
            .spawn_scoped(scope, body)
            .expect("a thread to read on")
            .join()
            .unwrap_or_else(|_| {
                eprintln!("{}", take_last_panic());
                std::process::abort()
            })
    })
}

/// The last panic's message, location and (with `RUST_BACKTRACE`) backtrace.
static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

/// libfuzzer-sys's panic hook aborts at every panic, before it unwinds, so a panic the
/// code under test catches on purpose is a crash too. The feeds reader catches
/// `feed-rs`'s panics on hostile input and makes them the document's error, which is the
/// behaviour to fuzz, not a crash. This hook only records the panic; whether it was a
/// crash is decided where the target's body ends ([`on_worker_stack`]), so only a panic
/// that escapes our readers counts. (cargo-fuzz builds with `panic = "unwind"`: it passes
/// no `-C panic=abort`, and the fuzz profile keeps Cargo's default.)
fn let_readers_catch_panics() {
    std::panic::set_hook(Box::new(|info| {
        let thread = std::thread::current();
        let backtrace = std::backtrace::Backtrace::capture();
        let backtrace = match backtrace.status() {
            BacktraceStatus::Captured => format!("stack backtrace:\n{backtrace}"),
            _ => "note: run with `RUST_BACKTRACE=1` to see where it came from".to_owned(),
        };
        *LAST_PANIC.lock().unwrap_or_else(PoisonError::into_inner) = format!(
            "thread '{}' {info}\n{backtrace}",
            thread.name().unwrap_or("<unnamed>")
        );
    }));
}

fn take_last_panic() -> String {
    std::mem::take(&mut *LAST_PANIC.lock().unwrap_or_else(PoisonError::into_inner))
}

/// Reads `bytes` as a whole document, checks the document and each of its items, and
/// returns what was read. `expected` is the format the target shaped its input for.
pub fn check_read_document(bytes: &[u8], expected: Format) -> Result<Document, ReadError> {
    let detected = detect_format(bytes);
    assert_eq!(
        detected, expected,
        "the target shaped its input for {expected:?}"
    );
    let read = read_document(bytes);
    // Readers are pure (no clock, no I/O, no hash-order dependence): the same bytes give
    // the same result. Checked on one input in eight, as it costs a second read.
    if bytes.iter().fold(0u8, |sum, b| sum.wrapping_add(*b)) % 8 == 0 {
        let again = read_document(bytes);
        assert_eq!(
            format!("{read:?}"),
            format!("{again:?}"),
            "two reads of the same bytes differ"
        );
    }
    match &read {
        Ok(document) => check_document(document, detected),
        Err(error) => check_error(error),
    }
    read
}

/// A document's format is the detected one; its items are stories that pass
/// [`check_story`], set-aside items with an id and a reason, or unreadable items with a
/// reason.
pub fn check_document(document: &Document, detected: Format) {
    assert_eq!(document.format, detected);
    assert!(
        !document.items.is_empty() || document.format == Format::NewsMlG2,
        "a document read without error holds an item"
    );
    for item in &document.items {
        match item {
            Item::Story(story) => check_story(story),
            // Its id may be blank (a NewsML-G2 item without a guid); the reason never is.
            Item::NotAStory { reason, .. } => {
                assert!(!reason.trim().is_empty(), "a set-aside item says why");
            }
            Item::Unreadable { id, error } => {
                if let Some(id) = id {
                    assert!(
                        !id.trim().is_empty(),
                        "an unreadable item's id is not blank"
                    );
                }
                check_error(error);
            }
        }
    }
}

/// An error says what went wrong, on one line of text.
pub fn check_error(error: &ReadError) {
    let message = error.to_string();
    assert!(!message.trim().is_empty(), "an error says why: {error:?}");
}

/// What every story a reader returns holds, whatever the format:
/// - an id (`source_key`), never blank;
/// - unless the source kills it, a headline and body text (a kill needs only its id);
/// - a headline on one line, without surrounding space;
/// - no empty block (an empty paragraph, list, table or cell-less row);
/// - pictures only at web addresses (http or https), never `javascript:` or `data:`;
/// - an urgency, when given, from 1 to 9;
/// - people in the byline with names.
pub fn check_story(story: &IncomingStory) {
    assert!(
        !story.source_key.trim().is_empty(),
        "a story has an id: {story:?}"
    );
    if story.status != Status::Killed {
        assert!(
            !story.headline.trim().is_empty(),
            "a story that is not killed has a headline: {story:?}"
        );
        assert!(
            !story.body.is_empty(),
            "a story that is not killed has body text: {story:?}"
        );
    }
    assert_eq!(
        story.headline.trim(),
        story.headline,
        "the headline has no surrounding space"
    );
    assert!(
        !story.headline.contains(['\n', '\r']),
        "the headline is one line: {:?}",
        story.headline
    );
    check_blocks(story.body.blocks());
    for picture in &story.pictures {
        check_picture(picture);
    }
    if let Some(urgency) = story.urgency {
        assert!((1..=9).contains(&urgency), "urgency {urgency} is 1 to 9");
    }
    for person in story.byline.people() {
        assert!(
            !person.name.trim().is_empty(),
            "a person in the byline has a name: {:?}",
            story.byline
        );
    }
}

/// Body blocks as the HTML reader and the text readers make them: none empty, and
/// paragraphs, subheads, quotes and list items with their whitespace collapsed.
pub fn check_blocks(blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Paragraph(text) | Block::Subhead(text) | Block::Quote(text) => {
                check_collapsed(text);
                assert!(!text.is_empty(), "an empty block: {blocks:?}");
            }
            Block::Preformatted(text) => {
                assert!(!text.trim().is_empty(), "an empty block: {blocks:?}");
            }
            Block::List { items, .. } => {
                assert!(!items.is_empty(), "an empty list: {blocks:?}");
                for item in items {
                    check_collapsed(item);
                    assert!(!item.is_empty(), "an empty list item: {blocks:?}");
                }
            }
            Block::Table { rows, .. } => {
                assert!(!rows.is_empty(), "a table without rows: {blocks:?}");
                for row in rows {
                    assert!(
                        row.iter().any(|cell| !cell.is_empty()),
                        "a table row of empty cells: {blocks:?}"
                    );
                }
            }
            Block::Picture(picture) => check_picture(picture),
        }
    }
}

/// Text whose runs of whitespace are one space, with none at either end.
pub fn check_collapsed(text: &str) {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(text, collapsed, "text with its whitespace collapsed");
}

/// A picture a reader's browser may be sent to: an http or https address.
pub fn check_picture(picture: &Picture) {
    let src = picture.src.to_ascii_lowercase();
    assert!(
        src.starts_with("https://") || src.starts_with("http://"),
        "a picture at a web address only: {picture:?}"
    );
    assert_eq!(
        picture.src.trim(),
        picture.src,
        "a picture address has no surrounding space"
    );
}

/// `data` unchanged when `keep` says it already has the target's shape, else `before`,
/// `data` and `after` joined: a fuzz input that is not a whole document still reaches
/// deep into the reader inside a minimal one.
pub fn shaped(data: &[u8], keep: bool, before: &str, after: &str) -> Vec<u8> {
    if keep {
        return data.to_vec();
    }
    [before.as_bytes(), data, after.as_bytes()].concat()
}

/// Comment HTML, from [`gazette_formats::comment_html`], from
/// [`gazette_formats::comment_html_from_foreign`] or in a Disqus export: it obeys the
/// comment policy ([`gazette_formats::comment_policy::find_breach`]), and sanitising it
/// again changes nothing, so what is stored is what every later pass shows.
pub fn check_comment_html(html: &str, through: &str) {
    if let Some(breach) = gazette_formats::comment_policy::find_breach(html) {
        panic!("{through}: {breach} in {html:?}");
    }
    let again = gazette_formats::comment_html_from_foreign(html);
    assert_eq!(
        again, html,
        "{through}: sanitising the output again changes it"
    );
}
