//! The feed reader over our own fictional feeds (RSS 2.0, Atom 1.0, JSON Feed 1.0 and
//! 1.1), hostile input, and the shared corpus of real feeds when `GAZETTE_CORPUS` is set.

use gazette_core::Picture;
use gazette_formats::{read_document, Document, Format, IncomingStory, Item, ReadError};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use time::macros::datetime;

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/feeds")
        .join(name)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).expect("the fixture exists")
}

fn read(name: &str) -> Document {
    read_document(&fixture(name)).expect("the fixture is a readable feed")
}

fn stories(document: &Document) -> Vec<&IncomingStory> {
    document
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Story(story) => Some(story.as_ref()),
            _ => None,
        })
        .collect()
}

fn story<'a>(document: &'a Document, key: &str) -> &'a IncomingStory {
    stories(document)
        .into_iter()
        .find(|story| story.source_key == key)
        .unwrap_or_else(|| panic!("a story with key {key} in {:#?}", document.items))
}

fn names(story: &IncomingStory) -> Vec<(&str, Option<&str>)> {
    story
        .byline
        .people()
        .iter()
        .map(|person| (person.name.as_str(), person.organisation.as_deref()))
        .collect()
}

fn paragraphs(story: &IncomingStory) -> Vec<&str> {
    story
        .body
        .blocks()
        .iter()
        .filter_map(|block| match block {
            gazette_core::Block::Paragraph(text) => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

fn unreadable_reason(document: &Document, index: usize) -> (Option<&str>, String) {
    match &document.items[index] {
        Item::Unreadable { id, error } => (id.as_deref(), error.to_string()),
        other => panic!("item {index} should be unreadable: {other:?}"),
    }
}

/// Markup, scripts and trackers a hostile feed tried to slip into a story.
const HOSTILE: &[&str] = &[
    "<script",
    "document.cookie",
    "javascript:",
    "onerror",
    "onclick",
    "alert(",
    "tracker.example",
    "<iframe",
];

fn assert_harmless(story: &IncomingStory) {
    let debug = format!("{story:?}");
    for hostile in HOSTILE {
        assert!(
            !debug.to_ascii_lowercase().contains(hostile),
            "{hostile} survived in {}: {debug}",
            story.source_key
        );
    }
}

// --- RSS 2.0 ---------------------------------------------------------------------------

#[test]
fn an_rss_item_with_full_content_fills_every_field_rss_carries() {
    let document = read("harbour-gazette.rss");
    assert_eq!(document.format, Format::Rss);
    let quay = story(&document, "hg-2026-0412");
    assert_eq!(
        quay.headline,
        "Harbour board & fishermen agree on new quay fees"
    );
    assert_eq!(
        quay.deck.as_deref(),
        Some("After six months of talks, the quay fees are settled.")
    );
    assert_eq!(
        names(quay),
        vec![
            ("Maren Holt", Some("Harbour Gazette")),
            ("Tobias Lund", Some("Harbour Gazette"))
        ]
    );
    assert_eq!(
        quay.topics,
        vec!["Harbour", "Council"],
        "deduplicated, in order"
    );
    assert_eq!(quay.source.as_deref(), Some("Saltmarsh Harbour Gazette"));
    assert_eq!(
        quay.copyright.as_deref(),
        Some("© 2026 Saltmarsh Harbour Gazette Ltd")
    );
    assert_eq!(
        quay.language.as_deref(),
        Some("en-GB"),
        "from <language>en_gb"
    );
    assert_eq!(quay.published_at, Some(datetime!(2026-04-12 06:15 UTC)));
    assert_eq!(
        quay.version_created_at,
        Some(datetime!(2026-04-12 07:40 UTC))
    );
    assert_eq!(quay.version, None, "feeds number no versions");
    assert_eq!(quay.status, gazette_core::Status::Published);
    assert_eq!(quay.embargo_until, None);
    assert_eq!(quay.correction, None);

    let [picture] = quay.pictures.as_slice() else {
        panic!("one lead picture: {:?}", quay.pictures)
    };
    assert_eq!(
        picture.src, "https://harbourgazette.example/img/quay-1600.jpg",
        "the largest rendition of the media:group"
    );
    assert_eq!((picture.width, picture.height), (Some(1600), Some(1067)));
    assert_eq!(
        picture.caption.as_deref(),
        Some("Boats moored at the east quay on Friday morning.")
    );
    assert_eq!(
        picture.credit.as_deref(),
        Some("Photo: Lena Dahl / Harbour Gazette")
    );
    assert_eq!(
        picture.alt.as_deref(),
        Some("Fishing boats at the east quay")
    );

    use gazette_core::Block;
    let blocks = quay.body.blocks();
    assert!(
        matches!(&blocks[0], Block::Paragraph(text) if text.starts_with("After six months of talks, the Saltmarsh harbour board")),
        "{blocks:?}"
    );
    assert!(blocks.contains(&Block::Subhead("What changes".into())));
    assert!(blocks.contains(&Block::Paragraph(
        "Small boats will pay four euros a night instead of nine.".into()
    )));
    assert!(blocks
        .iter()
        .any(|block| matches!(block, Block::Quote(text) if text.contains("Ada Brennan"))));
    assert!(blocks.contains(&Block::List {
        ordered: false,
        items: vec![
            "Night fee: four euros".into(),
            "Winter berth: free until March".into()
        ],
    }));
    assert_harmless(quay);
}

#[test]
fn an_rss_description_is_the_body_when_there_is_no_content_and_then_not_the_deck() {
    let document = read("harbour-gazette.rss");
    let lifeboat = story(
        &document,
        "https://harbourgazette.example/news/lifeboat-volunteers",
    );
    assert_eq!(lifeboat.deck, None);
    assert_eq!(
        paragraphs(lifeboat),
        vec![
            "Eight new volunteers joined the Saltmarsh lifeboat crew this spring.",
            "Training runs every Tuesday evening from the old boathouse."
        ]
    );
    assert_eq!(
        names(lifeboat),
        vec![("Ines Varga", None)],
        "from \"email (Name)\""
    );
    let sources: Vec<&str> = lifeboat.pictures.iter().map(|p| p.src.as_str()).collect();
    assert_eq!(
        sources,
        vec!["https://harbourgazette.example/img/lifeboat.jpg"],
        "only http(s) enclosures"
    );
    assert_eq!(lifeboat.version_created_at, lifeboat.published_at);
}

#[test]
fn bad_rss_items_are_set_aside_and_the_others_still_land() {
    let document = read("harbour-gazette.rss");
    assert_eq!(document.items.len(), 6);
    assert_eq!(stories(&document).len(), 2);
    let (id, reason) = unreadable_reason(&document, 2);
    assert_eq!(id, Some("hg-2026-0409-empty"));
    assert!(reason.ends_with("no headline and no body text"), "{reason}");
    let (id, reason) = unreadable_reason(&document, 3);
    assert_eq!(id, None);
    assert!(reason.contains("no id"), "{reason}");
    match &document.items[4] {
        Item::NotAStory { id, reason } => {
            assert_eq!(id, "hg-podcast-12");
            assert!(reason.contains("audio"), "{reason}");
        }
        other => panic!("the podcast episode is not a story: {other:?}"),
    }
    let (id, reason) = unreadable_reason(&document, 5);
    assert_eq!(id, Some("hg-tides-16"));
    assert_eq!(reason, "RSS: no body text");
}

// --- Atom 1.0 --------------------------------------------------------------------------

#[test]
fn an_atom_entry_fills_every_field_atom_carries() {
    let document = read("council-notes.atom");
    assert_eq!(document.format, Format::Atom);
    let buses = story(&document, "tag:councilnotes.example,2026:bus-routes");
    assert_eq!(buses.headline, "Council approves new school bus routes");
    assert_eq!(
        buses.deck.as_deref(),
        Some("Three new routes will serve the valley schools from August.")
    );
    assert_eq!(
        names(buses),
        vec![("Priya Castellanos", None), ("Jonas Ek", None)]
    );
    assert_eq!(buses.contributors, vec!["Mira Solberg"]);
    assert_eq!(
        buses.topics,
        vec!["Education", "Transport"],
        "labels, each once"
    );
    assert_eq!(buses.copyright.as_deref(), Some("© 2026 Priya Castellanos"));
    assert_eq!(buses.source.as_deref(), Some("Saltmarsh Council Notes"));
    assert_eq!(buses.language.as_deref(), Some("en-GB"));
    assert_eq!(buses.published_at, Some(datetime!(2026-05-04 14:30 UTC)));
    assert_eq!(
        buses.version_created_at,
        Some(datetime!(2026-05-04 15:05 UTC))
    );
    use gazette_core::Block;
    assert_eq!(
        buses.body.blocks(),
        &[
            Block::Paragraph(
                "The town council voted eleven to two on Monday to add three school bus routes."
                    .into()
            ),
            Block::Subhead("The routes".into()),
            Block::List {
                ordered: true,
                items: vec![
                    "Holm Road to Valley Primary".into(),
                    "Mill Lane to Saltmarsh Secondary".into()
                ]
            },
            Block::Paragraph("Parents had petitioned for the change since 2024.".into()),
        ]
    );
    assert_harmless(buses);
}

#[test]
fn an_atom_entry_takes_the_feeds_author_and_rights_and_reads_text_content_as_paragraphs() {
    let document = read("council-notes.atom");
    let library = story(&document, "tag:councilnotes.example,2026:library-hours");
    assert_eq!(names(library), vec![("Council Notes Desk", None)]);
    assert_eq!(
        library.copyright.as_deref(),
        Some("© 2026 Saltmarsh Council Notes")
    );
    assert_eq!(
        library.language.as_deref(),
        Some("en-GB"),
        "the feed's xml:lang"
    );
    assert_eq!(library.published_at, None, "no <published>, no guess");
    assert_eq!(
        library.version_created_at,
        Some(datetime!(2026-05-02 09:00 UTC))
    );
    assert_eq!(
        paragraphs(library),
        vec![
            "The central library will open until eight on weekdays.",
            "Saturday hours stay the same. The change starts on the first of June."
        ]
    );
}

#[test]
fn atom_media_and_enclosure_links_become_pictures() {
    let document = read("council-notes.atom");
    let wall = story(&document, "tag:councilnotes.example,2026:harbour-wall");
    assert_eq!(
        wall.pictures,
        vec![
            Picture {
                src: "https://councilnotes.example/img/wall-2000.jpg".into(),
                alt: None,
                caption: Some("The repaired harbour wall seen from the lighthouse.".into()),
                credit: Some("Council Notes / Oskar Berg".into()),
                width: Some(2000),
                height: Some(1333),
            },
            Picture {
                src: "https://councilnotes.example/img/wall-enclosure.jpg".into(),
                ..Picture::default()
            },
        ]
    );
}

#[test]
fn atom_content_held_elsewhere_is_no_body() {
    let document = read("council-notes.atom");
    let (id, reason) = unreadable_reason(&document, 3);
    assert_eq!(id, Some("tag:councilnotes.example,2026:budget-pdf"));
    assert_eq!(reason, "Atom: no body text");
}

// --- JSON Feed -------------------------------------------------------------------------

#[test]
fn a_json_feed_1_1_item_fills_every_field_json_feed_carries() {
    let document = read("coop-bulletin.json");
    assert_eq!(document.format, Format::JsonFeed);
    let bakery = story(&document, "coop-2026-031");
    assert_eq!(bakery.headline, "Bakery co-op opens second shop");
    assert_eq!(
        bakery.deck.as_deref(),
        Some("The Saltmarsh Bread co-op opens on Harbour Street.")
    );
    assert_eq!(
        names(bakery),
        vec![("Elin Pryce", None), ("Tomasz Wrona", None)]
    );
    assert_eq!(bakery.topics, vec!["Co-ops", "Food"]);
    assert_eq!(
        bakery.language.as_deref(),
        Some("cy-GB"),
        "the item's own language"
    );
    assert_eq!(bakery.source.as_deref(), Some("Saltmarsh Co-op Bulletin"));
    assert_eq!(bakery.published_at, Some(datetime!(2026-03-14 09:00 UTC)));
    assert_eq!(
        bakery.version_created_at,
        Some(datetime!(2026-03-14 11:30 UTC))
    );
    let sources: Vec<&str> = bakery.pictures.iter().map(|p| p.src.as_str()).collect();
    assert_eq!(
        sources,
        vec![
            "https://coopbulletin.example/img/bakery.jpg",
            "https://coopbulletin.example/img/bakery-banner.jpg"
        ]
    );
    assert_eq!(
        paragraphs(bakery),
        vec![
            "The Saltmarsh Bread co-op opened its second shop on Harbour Street on Saturday.",
            "Members queued from seven."
        ]
    );
    assert!(bakery.body.blocks().iter().any(|block| matches!(
        block,
        gazette_core::Block::Picture(picture) if picture.alt.as_deref() == Some("The new counter")
    )));
    assert_harmless(bakery);
}

#[test]
fn a_json_feed_number_id_is_read_as_text_and_content_text_splits_on_blank_lines() {
    let document = read("coop-bulletin.json");
    let meeting = story(&document, "32");
    assert_eq!(
        names(meeting),
        vec![("Hamid Okafor", None)],
        "JSON Feed 1.0 author"
    );
    assert_eq!(
        meeting.language.as_deref(),
        Some("en-GB"),
        "the feed's language"
    );
    assert_eq!(
        paragraphs(meeting),
        vec![
            "This year's annual meeting will be held in the Valley Primary hall.",
            "Doors open at six. Voting starts at seven.",
            "Bring your member card."
        ]
    );
}

#[test]
fn json_feed_content_text_beside_html_is_not_taken_for_a_deck() {
    let document = read("coop-bulletin.json");
    let seeds = story(&document, "https://coopbulletin.example/2026/seed-swap");
    assert_eq!(seeds.deck, None);
    assert_eq!(
        names(seeds),
        vec![("Co-op Bulletin Desk", None)],
        "the feed's authors"
    );
    let (id, reason) = unreadable_reason(&document, 3);
    assert_eq!(id, None);
    assert!(reason.contains("no id"), "{reason}");
}

#[test]
fn a_json_feed_1_0_author_signs_every_item() {
    let document = read("coop-bulletin-1.0.json");
    let founding = story(&document, "https://coopbulletin.example/2019/founding");
    assert_eq!(names(founding), vec![("Ruth Abernethy", None)]);
    assert_eq!(founding.published_at, Some(datetime!(2019-06-01 09:00 UTC)));
    assert_eq!(founding.version_created_at, None);
}

// --- Encodings -------------------------------------------------------------------------

#[test]
fn a_declared_iso_8859_1_feed_keeps_its_accents() {
    let document = read("ecoles-latin1.rss");
    let music = story(&document, "ecoles-2026-07");
    assert_eq!(
        music.headline,
        "L'école Ångström ouvre une classe de musique"
    );
    assert_eq!(names(music), vec![("Mélanie Dupré", None)]);
    assert_eq!(music.source.as_deref(), Some("Écoles de Saltmarsh"));
    assert_eq!(music.language.as_deref(), Some("fr"));
    assert!(
        paragraphs(music)[0].ends_with("dès la rentrée, grâce à Jürgen Müller."),
        "{:?}",
        music.body
    );
}

#[test]
fn windows_1252_labelled_utf_8_is_read_as_windows_1252() {
    let document = read("cafe-guide-cp1252-labelled-utf8.rss");
    let chowder = story(&document, "cafe-2026-02");
    assert_eq!(
        chowder.headline,
        "\u{201c}Best chowder on the coast\u{201d}, says the café jury"
    );
    assert_eq!(
        paragraphs(chowder),
        vec!["The jury tasted chowder at nine cafés \u{2013} the Lighthouse won."]
    );
}

#[test]
fn an_encoding_gazette_cannot_read_is_named() {
    let error = read_document(&fixture("unknown-encoding.rss")).expect_err("unknown encoding");
    assert_eq!(
        error,
        ReadError::Encoding(
            "the feed declares the encoding \"x-harbour-semaphore\", which Gazette cannot read"
                .into()
        )
    );
}

// --- Hostile and broken documents ------------------------------------------------------

#[test]
fn entity_declarations_are_refused_before_parsing() {
    for (name, format) in [("billion-laughs.rss", "RSS"), ("xxe.atom", "Atom")] {
        let error = read_document(&fixture(name)).expect_err("entities are refused");
        assert_eq!(
            error,
            ReadError::Forbidden {
                format,
                reason: "the DOCTYPE declares entities".into()
            },
            "{name}"
        );
    }
}

#[test]
fn an_entity_that_is_not_declared_is_kept_as_text_and_never_fetched() {
    let feed = br#"<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old Harbour Wire</title>
<item><title>Gull census &secret; counted</title><link>https://oldharbour.example/gulls</link>
<description>The census counted 4,210 gulls.</description></item></channel></rss>"#;
    let document = read_document(feed).expect("an external DTD reference alone is allowed");
    let gulls = story(&document, "https://oldharbour.example/gulls");
    assert_eq!(gulls.headline, "Gull census &secret; counted");
}

#[test]
fn a_second_xml_declaration_is_a_syntax_error() {
    let feed = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><channel/></rss>";
    let error = read_document(feed).expect_err("only one declaration");
    assert_eq!(
        error,
        ReadError::Syntax {
            format: "RSS",
            position: "at line 3, column 44".into(),
            reason: "an XML declaration may only open the document".into()
        }
    );
}

/// Runs `read` on a thread with the stack a server worker gets, so a recursion that
/// would overflow shows as a failed test rather than passing on a large main stack.
fn read_on_small_stack(bytes: Vec<u8>) -> Result<Document, ReadError> {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || read_document(&bytes))
        .expect("a thread starts")
        .join()
        .expect("reading does not crash")
}

#[test]
fn deep_nesting_is_refused_without_exhausting_the_stack() {
    let deep = 100_000;
    let unknown = format!(
        "<rss version=\"2.0\"><channel><title>Deep</title><item><title>T</title>{}{}</item></channel></rss>",
        "<x>".repeat(deep),
        "</x>".repeat(deep)
    );
    assert_eq!(
        read_on_small_stack(unknown.into_bytes()).expect_err("too deep"),
        ReadError::TooDeep { limit: 100 }
    );
    // feed-rs descends Media RSS elements recursively: the worst case, at our limit.
    let media = |levels: usize| {
        format!(
            "<rss version=\"2.0\" xmlns:media=\"http://search.yahoo.com/mrss/\"><channel><title>Deep</title>\
             <item><guid>d1</guid><title>Deep media</title><description>Text.</description>{}{}</item></channel></rss>",
            "<media:group><media:content url=\"https://deep.example/a.jpg\" type=\"image/jpeg\">".repeat(levels),
            "</media:content></media:group>".repeat(levels)
        )
        .into_bytes()
    };
    let at_limit = read_on_small_stack(media(48)).expect("100 levels are read");
    assert_eq!(stories(&at_limit).len(), 1);
    assert_eq!(
        read_on_small_stack(media(49)).expect_err("101 levels are not"),
        ReadError::TooDeep { limit: 100 }
    );
    let json = format!(
        "{{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"Deep\",\"items\":[{{\"id\":\"1\",\"x\":{}{}}}]}}",
        "[".repeat(deep),
        "]".repeat(deep)
    );
    let error = read_on_small_stack(json.into_bytes()).expect_err("too deep");
    assert!(
        matches!(&error, ReadError::Syntax { reason, .. } if reason.contains("recursion limit")),
        "{error:?}"
    );
}

#[test]
fn deeply_nested_html_in_one_entry_leaves_the_others_readable() {
    let html = format!(
        "{}deep{}",
        "&lt;div&gt;".repeat(5_000),
        "&lt;/div&gt;".repeat(5_000)
    );
    let feed = format!(
        "<rss version=\"2.0\"><channel><title>Mixed</title>\
         <item><guid>deep</guid><title>Deep</title><description>{html}</description></item>\
         <item><guid>fine</guid><title>Fine</title><description>Plain words.</description></item>\
         </channel></rss>"
    );
    let document = read_on_small_stack(feed.into_bytes()).expect("the feed is read");
    match &document.items[0] {
        Item::Unreadable { id, error } => {
            assert_eq!(id.as_deref(), Some("deep"));
            assert!(matches!(error, ReadError::TooDeep { .. }), "{error:?}");
        }
        other => panic!("the deep entry is unreadable: {other:?}"),
    }
    assert_eq!(paragraphs(story(&document, "fine")), vec!["Plain words."]);
}

#[test]
fn malformed_feeds_say_where() {
    assert_eq!(
        read_document(&fixture("malformed.rss")).expect_err("mismatched tag"),
        ReadError::Syntax {
            format: "RSS",
            position: "at line 6, column 34".into(),
            reason: "ill-formed document: expected `</title>`, but `</titel>` was found".into()
        }
    );
    assert_eq!(
        read_document(&fixture("malformed.json")).expect_err("trailing comma"),
        ReadError::Syntax {
            format: "JSON Feed",
            position: "at line 5, column 35".into(),
            reason: "trailing comma".into()
        }
    );
    let unclosed = read_document(b"<rss version=\"2.0\"><channel><item><title>Cut off</title>")
        .expect_err("unclosed");
    assert!(
        matches!(&unclosed, ReadError::Syntax { position, .. } if position == "at line 1, column 57"),
        "{unclosed:?}"
    );
}

#[test]
fn a_feed_without_entries_has_no_story() {
    assert_eq!(
        read_document(&fixture("empty-channel.rss")).expect_err("no items"),
        ReadError::NoStory { format: "RSS" }
    );
    let json = br#"{"version": "https://jsonfeed.org/version/1.1", "title": "Quiet", "items": []}"#;
    assert_eq!(
        read_document(json).expect_err("no items"),
        ReadError::NoStory {
            format: "JSON Feed"
        }
    );
}

#[test]
fn well_formed_json_that_is_not_a_json_feed_is_invalid() {
    let no_items = br#"{"version": "https://jsonfeed.org/version/1.1", "title": "No list"}"#;
    assert_eq!(
        read_document(no_items).expect_err("no items"),
        ReadError::Invalid {
            format: "JSON Feed",
            reason: "a JSON Feed is an object with an \"items\" list".into()
        }
    );
    let no_title = br#"{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1"}]}"#;
    assert_eq!(
        read_document(no_title).expect_err("a feed title is required"),
        ReadError::Invalid {
            format: "JSON Feed",
            reason: "missing field `title`".into()
        }
    );
    let future =
        br#"{"version": "https://jsonfeed.org/version/2", "title": "T", "items": [{"id": "1"}]}"#;
    assert!(matches!(
        read_document(future).expect_err("unknown version"),
        ReadError::Invalid { reason, .. } if reason.contains("version \"https://jsonfeed.org/version/2\"")
    ));
}

#[test]
fn every_fixture_story_is_published_unversioned_and_harmless() {
    let names = [
        "harbour-gazette.rss",
        "council-notes.atom",
        "coop-bulletin.json",
        "coop-bulletin-1.0.json",
        "ecoles-latin1.rss",
        "cafe-guide-cp1252-labelled-utf8.rss",
    ];
    for name in names {
        let document = read(name);
        assert!(!stories(&document).is_empty(), "{name}");
        for story in stories(&document) {
            assert_eq!(story.status, gazette_core::Status::Published, "{name}");
            assert_eq!(story.version, None, "{name}");
            assert!(
                !story.source_key.is_empty() && !story.headline.is_empty(),
                "{name}"
            );
            assert!(!story.body.is_empty(), "{name}");
            assert_harmless(story);
        }
    }
}

// --- Never a panic ---------------------------------------------------------------------

const FIXTURES: &[&str] = &[
    "harbour-gazette.rss",
    "council-notes.atom",
    "coop-bulletin.json",
    "ecoles-latin1.rss",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn arbitrary_bytes_after_a_feed_opening_never_panic(
        opening in prop::sample::select(vec![
            "<rss version=\"2.0\"><channel><item>",
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>",
            "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"x\",\"items\":[",
        ]),
        rest in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        let mut bytes = opening.as_bytes().to_vec();
        bytes.extend(rest);
        let _ = read_document(&bytes);
    }

    #[test]
    fn mutated_fixtures_never_panic(
        index in 0..FIXTURES.len(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8),
    ) {
        let mut bytes = fixture(FIXTURES[index]);
        for (at, byte, kind) in edits {
            let at = at.index(bytes.len().max(1)).min(bytes.len());
            match kind {
                0 if at < bytes.len() => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                _ if at < bytes.len() => { bytes.remove(at); }
                _ => bytes.push(byte),
            }
        }
        let _ = read_document(&bytes);
    }
}

// --- The shared corpus of real feeds ---------------------------------------------------

/// Corpus files that must not land as stories, and why that is right.
const CORPUS_REFUSED: &[(&str, &str)] = &[
    // Atom 0.3 (another namespace), and its one entry is a media group with no text.
    (
        "feedparser-media_group.xml",
        "nothing in this Atom document",
    ),
    // A feed with no entries at all.
    ("rustatom-feed.xml", "nothing in this Atom document"),
    // <rss> without version="2.0", items of Dublin Core fields only.
    ("rustrss-dublincore.xml", "no feed in it"),
];

/// Corpus feeds in which no entry is a story, and what every entry is instead.
const CORPUS_WITHOUT_STORIES: &[(&str, &str)] = &[
    ("feedrs-atom_mediarss_youtube_1.xml", "a video entry"),
    ("feedrs-rss_2.0_bbc.xml", "an audio entry"),
    // The RSS 2.0 specification's sample: untitled items.
    ("feedrs-rss_2.0_spec_1.xml", "no headline"),
    // A test of author fields: items with neither title nor text.
    ("rsparser-authors.json", "no headline and no body text"),
    // A test of _extensions: untitled items.
    ("rsparser-jsonfeed-extension.json", "no headline"),
];

#[test]
fn every_corpus_feed_lands_with_the_fields_its_format_carries() {
    let Some(corpus) = std::env::var_os("GAZETTE_CORPUS") else {
        eprintln!("SKIPPED: GAZETTE_CORPUS is not set; the real feeds were not read");
        return;
    };
    let folder = Path::new(&corpus).join("feeds");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("the corpus has a feeds folder")
        .map(|entry| entry.expect("a readable folder entry").path())
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 30,
        "the whole corpus is there: {}",
        paths.len()
    );
    for path in &paths {
        let name = path.file_name().expect("a file name").to_string_lossy();
        let bytes = std::fs::read(path).expect("a readable corpus file");
        let result = read_document(&bytes);
        if let Some((_, why)) = CORPUS_REFUSED.iter().find(|(file, _)| *file == name) {
            let error = result.expect_err("this file is not a feed of stories");
            assert!(error.to_string().contains(why), "{name}: {error}");
            eprintln!("{name}: refused: {error}");
            continue;
        }
        let document = result.unwrap_or_else(|error| panic!("{name}: {error}"));
        let found = stories(&document);
        for story in &found {
            assert!(!story.source_key.is_empty(), "{name}");
            assert!(!story.headline.is_empty(), "{name}: {}", story.source_key);
            assert!(!story.body.is_empty(), "{name}: {}", story.source_key);
            assert_eq!(story.status, gazette_core::Status::Published, "{name}");
            assert_eq!(story.version, None, "{name}");
            assert!(story.source.is_some(), "{name}: the feed's title");
            // Real articles write about "JavaScript:" and show "<iframe>" in code samples,
            // so markup is checked on our fixtures and the corpus' hostile sample below.
            assert!(
                story.pictures.iter().all(|p| p.src.starts_with("http")),
                "{name}"
            );
        }
        if let Some((_, what)) = CORPUS_WITHOUT_STORIES
            .iter()
            .find(|(file, _)| *file == name)
        {
            assert!(found.is_empty(), "{name}");
            assert!(
                document.items.iter().all(|item| match item {
                    Item::NotAStory { reason, .. } => reason.starts_with(what),
                    Item::Unreadable { error, .. } => error.to_string().ends_with(what),
                    Item::Story(_) => false,
                }),
                "{name}: {:#?}",
                document.items
            );
        } else {
            assert!(!found.is_empty(), "{name}: {:#?}", document.items);
        }
        let set_aside: Vec<String> = document
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Story(_) => None,
                Item::NotAStory { reason, .. } => Some(reason.clone()),
                Item::Unreadable { error, .. } => Some(error.to_string()),
            })
            .collect();
        eprintln!(
            "{name}: {:?}, {} of {} entries are stories; set aside: {set_aside:?}",
            document.format,
            found.len(),
            document.items.len()
        );
    }
    corpus_spot_checks(&folder);
}

fn corpus_spot_checks(folder: &Path) {
    let read = |name: &str| {
        read_document(&std::fs::read(folder.join(name)).expect("the corpus file exists"))
            .unwrap_or_else(|error| panic!("{name}: {error}"))
    };
    let first = |document: &Document| -> IncomingStory {
        stories(document)
            .first()
            .map(|s| (*s).clone())
            .expect("a story")
    };

    // A file named .atom that is RSS: detected by content.
    assert_eq!(read("rsparser-allthis.atom").format, Format::Rss);

    // Declared ISO-8859-1.
    let encoded = first(&read("feedrs-rss_2.0_encoding_1.xml"));
    assert_eq!(
        encoded.headline,
        "Revolução nas telas com pontos quânticos impressos em 3D"
    );
    assert_eq!(
        encoded.source.as_deref(),
        Some("RSS Feed do Site Inovação Tecnológica")
    );
    assert_eq!(encoded.language.as_deref(), Some("pt-BR"));

    // RSS author "email (Name)".
    let giornale = first(&read("feedrs-rss_2.0_ilgiornale.xml"));
    assert_eq!(names(&giornale), vec![("Angela Leucci", None)]);
    assert_eq!(
        giornale.published_at,
        Some(datetime!(2022-11-15 20:15:04 UTC))
    );

    // dc:creator naming two people.
    let nbc = first(&read("feedrs-rss_2.0_nbcny.xml"));
    assert_eq!(
        names(&nbc),
        vec![("Gaby Acevedo", None), ("Jessica Cunnington", None)]
    );
    assert_eq!(nbc.language.as_deref(), Some("en-US"));

    // Atom XHTML content with xml:base and a hostile style attribute.
    let atom = first(&read("feedparser-atom10.xml"));
    assert_eq!(atom.headline, "First entry title");
    assert_eq!(atom.contributors, vec!["Joe", "Sam"]);
    assert_eq!(atom.language.as_deref(), Some("en-US"));
    assert_eq!(atom.published_at, Some(datetime!(2005-11-09 00:23:47 UTC)));
    assert_eq!(
        atom.version_created_at,
        Some(datetime!(2005-11-09 11:56:34 UTC))
    );
    assert_eq!(paragraphs(&atom), vec!["Watch out for nasty tricks"]);
    assert_harmless(&atom);

    // A wire delivered as Atom: the feed's author, no <published>.
    let wenn = first(&read("superdesk-wenn.xml"));
    assert_eq!(
        wenn.headline,
        "Suge Knight involved in fatal hit and run incident"
    );
    assert_eq!(names(&wenn), vec![("WENN Newsdesk", None)]);
    assert_eq!(wenn.source.as_deref(), Some("WENN Feed"));
    assert_eq!(wenn.published_at, None);
    assert_eq!(
        wenn.version_created_at,
        Some(datetime!(2015-01-30 00:33:06 UTC))
    );
    assert_eq!(wenn.topics, vec!["Music"]);

    // JSON Feed 1.1 with authors and a 1.0 author; content_text only.
    let elastic = first(&read("feedrs-jsonfeed_elastic_1.1.json"));
    assert_eq!(elastic.language.as_deref(), Some("en-US"));
    assert!(
        names(&elastic).contains(&("Chris Churilo", None)),
        "{:?}",
        elastic.byline
    );
    assert_eq!(elastic.source.as_deref(), Some("Blog – InfluxData"));
    assert_eq!(elastic.deck, None, "content_text is the body, not a deck");

    // JSON Feed 1.1 with _extensions, German.
    let blog = first(&read("rsparser-3960.json"));
    assert_eq!(blog.headline, "Lecker, lecker");
    assert_eq!(names(&blog), vec![("Frank Boës", None)]);
    assert_eq!(blog.language.as_deref(), Some("de-DE"));
    assert_eq!(blog.published_at, Some(datetime!(2020-02-21 17:08:06 UTC)));

    // Media RSS: an image beside the audio of a podcast.
    let spiegel = first(&read("feedrs-rss_2.0_spiegel.xml"));
    assert_eq!(spiegel.pictures.len(), 1);
    assert_eq!(spiegel.pictures[0].credit.as_deref(), Some("DER SPIEGEL"));
}
