//! The NITF reader on our own fixtures (every docdata and body field it maps, each
//! management status, corrections, declared encodings, broken and hostile documents)
//! and on the real samples of the shared corpus when GAZETTE_CORPUS names it.

use gazette_core::{Block, Correction, IncomingStory, Person, Picture, Status};
use gazette_formats::{read_document, Format, Item, ReadError};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use time::macros::datetime;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/nitf")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The one item of a NITF document.
fn read_item(bytes: &[u8]) -> Item {
    let document = read_document(bytes).unwrap_or_else(|e| panic!("readable document: {e}"));
    assert_eq!(document.format, Format::Nitf);
    let mut items = document.items;
    assert_eq!(items.len(), 1, "a NITF document holds one story: {items:?}");
    items.remove(0)
}

fn read_story(name: &str) -> IncomingStory {
    match read_item(&fixture(name)) {
        Item::Story(story) => *story,
        other => panic!("{name}: expected a story, got {other:?}"),
    }
}

fn person(name: &str, organisation: Option<&str>) -> Person {
    Person::new(name, organisation.map(str::to_owned))
}

fn paragraph(text: &str) -> Block {
    Block::Paragraph(text.into())
}

#[test]
fn docdata_and_body_fields_are_all_read() {
    let story = read_story("harbour-dredging.xml");
    assert_eq!(story.source_key, "HT-2026-0514-dredge");
    assert_eq!(story.version, Some(4), "du-key/@version");
    assert_eq!(story.headline, "Harbour dredging to start next week");
    assert_eq!(
        story.deck.as_deref(),
        Some("Dredgers arrive on Monday to deepen the north channel by two metres.")
    );
    assert_eq!(
        story.byline.people(),
        &[
            person("Ana Ruiz", Some("Harbour Times")),
            person("Lee Chan", Some("Harbour Times"))
        ]
    );
    assert_eq!(story.source.as_deref(), Some("Harbour Times"));
    assert_eq!(story.contributors, ["Sam Reed contributed to this report."]);
    assert_eq!(story.distributor.as_deref(), Some("Coastal Press Co-op"));
    assert_eq!(story.copyright.as_deref(), Some("© 2026 Harbour Times Ltd"));
    assert_eq!(
        story.usage_terms.as_deref(),
        Some("Members of the Coastal Press Co-op only")
    );
    assert_eq!(
        story.topics,
        [
            "Ports and Harbours",
            "Water Quality",
            "dredging",
            "Port Ellis"
        ],
        "subject matters then keywords, each once"
    );
    assert_eq!(story.dateline.as_deref(), Some("Port Ellis, Maine, May 14"));
    assert_eq!(story.language.as_deref(), Some("en-GB"));
    assert_eq!(story.urgency, Some(3));
    assert_eq!(story.published_at, Some(datetime!(2026-05-14 08:15 UTC)));
    assert_eq!(story.embargo_until, Some(datetime!(2026-05-15 05:00 UTC)));
    assert_eq!(story.expires_at, Some(datetime!(2027-05-13 23:00 UTC)));
    assert_eq!(story.status, Status::Published);
    assert_eq!(
        story.correction, None,
        "an advisory editor's note is not a correction"
    );
    assert_eq!(story.section, None);
    assert_eq!(story.category, None);
    assert_eq!(
        story.body.blocks(),
        &[
            paragraph(
                "Dredgers arrive on Monday to deepen the north channel, the harbour board said."
            ),
            paragraph("The board's café on the quay stays open & the ferry keeps running."),
            Block::Subhead("The cost".into()),
            paragraph("The work costs £1.2 million, paid by the harbour trust."),
            Block::List {
                ordered: false,
                items: vec![
                    "Phase one: north channel".into(),
                    "Phase two: fishing basin".into()
                ]
            },
            Block::Table {
                header: true,
                rows: vec![
                    vec!["Week".into(), "Area".into()],
                    vec!["1".into(), "North channel".into()]
                ]
            },
            Block::Picture(Picture {
                src: "https://img.harbourtimes.example/dredger.jpg".into(),
                alt: Some("A dredger at anchor".into()),
                caption: Some("The dredger Ellis Mole waits outside the harbour.".into()),
                credit: Some("Mia Holt".into()),
                width: Some(1200),
                height: Some(800),
            }),
            Block::Quote("We have waited ten years for this, said harbourmaster Jo Park.".into()),
            paragraph("Unknown entities such as &custom; stay as written."),
        ]
    );
}

#[test]
fn hostile_markup_in_a_body_leaves_no_trace() {
    let debug = format!("{:?}", read_story("harbour-dredging.xml"));
    for hostile in ["script", "alert", "onclick", "onerror", "javascript:"] {
        assert!(!debug.contains(hostile), "{hostile} survived: {debug}");
    }
}

#[test]
fn a_correction_notice_is_a_correction_headed_by_its_subhead() {
    let story = read_story("co-op-correction.xml");
    assert_eq!(
        story.correction,
        Some(Correction {
            note: Some("Corrects the founding year of the Valley Grain Co-op.".into())
        })
    );
    assert_eq!(
        story.headline, "Correction",
        "the empty hl1 gives way to the body's subhead"
    );
    assert_eq!(
        story.body.blocks(),
        &[paragraph(
            "A story on Saturday gave the wrong founding year for the Valley Grain Co-op. \
             It was founded in 1921."
        )]
    );
    assert_eq!(story.published_at, Some(datetime!(2026-05-03 06:00 UTC)));
}

#[test]
fn management_status_sets_kill_hold_and_embargo() {
    let kill = read_story("school-kill.xml");
    assert_eq!(kill.status, Status::Killed);
    assert_eq!(kill.source_key, "HT-2026-0420-school");
    assert!(
        kill.headline.is_empty() && kill.body.is_empty(),
        "a kill may carry nothing"
    );

    let held = read_story("bakery-withheld.xml");
    assert_eq!(held.status, Status::Withheld);
    assert_eq!(
        held.headline,
        "La boulangerie coopérative rouvre à Saint-Élie"
    );
    assert_eq!(
        held.byline.people(),
        &[person("Hélène Marchand", Some("Écho du Port"))]
    );
    assert_eq!(held.language.as_deref(), Some("fr-FR"));
    assert_eq!(
        held.body.lead(),
        Some("Les coopérateurs ont rallumé le four à pain à l'aube.")
    );

    let embargoed = read_story("regatta-embargoed.xml");
    assert_eq!(embargoed.status, Status::Published);
    assert_eq!(
        embargoed.embargo_until,
        Some(datetime!(2026-08-02 06:00 UTC))
    );
    assert_eq!(
        embargoed.headline, "\u{201c}Old Gull\u{201d} wins the harbour regatta",
        "declared Windows-1252, curly quotes and all"
    );
    assert_eq!(
        embargoed.body.lead(),
        Some("The 40-year-old sloop \u{2014} skippered by Jo Park \u{2014} won by 12 seconds.")
    );
}

#[test]
fn a_story_without_a_doc_id_is_known_by_its_source_and_headline() {
    match read_item(&fixture("no-id.xml")) {
        Item::Story(story) => {
            assert_eq!(story.source_key, "nitf:unknown-source:lighthouse-repainted");
        }
        other => panic!("expected a story, got {other:?}"),
    }
}

#[test]
fn a_story_without_a_headline_is_unreadable() {
    for (name, id, reason) in [("no-headline.xml", Some("HT-2026-0601-nohed"), "no headline")] {
        match read_item(&fixture(name)) {
            Item::Unreadable { id: found, error } => {
                assert_eq!(found.as_deref(), id, "{name}");
                assert!(error.to_string().ends_with(reason), "{name}: {error}");
            }
            other => panic!("{name}: expected an unreadable item, got {other:?}"),
        }
    }
}

#[test]
fn broken_and_forbidden_documents_are_refused_with_a_reason() {
    match read_document(&fixture("malformed.xml")) {
        Err(ReadError::Syntax {
            format,
            position,
            reason,
        }) => {
            assert_eq!(format, "NITF");
            assert_eq!(position, "at line 5, column 27");
            assert!(reason.contains("enclosed in"), "{reason}");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
    match read_document(&fixture("entity-bomb.xml")) {
        Err(ReadError::Forbidden { reason, .. }) => assert!(reason.contains("ENTITY"), "{reason}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut document = b"<!DOCTYPE nitf SYSTEM 'nitf.dtd'><nitf><body><body.content>".to_vec();
        document.extend_from_slice(&bytes);
        let _ = read_document(&document);
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in 0usize..3,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), 0u8..3), 1..12),
    ) {
        let name = ["harbour-dredging.xml", "co-op-correction.xml", "bakery-withheld.xml"][which];
        let mut bytes = fixture(name);
        for (at, byte, kind) in edits {
            let at = at % (bytes.len() + 1);
            match kind {
                0 if at < bytes.len() => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                _ if at < bytes.len() => { bytes.remove(at); }
                _ => {}
            }
        }
        let _ = read_document(&bytes);
    }
}

/// How each corpus file lands: S a story, C a corrected story, K a killed story, W a
/// withheld story, U unreadable.
const CORPUS: &[(&str, char)] = &[
    ("dti-basic-story-2.xml", 'S'),
    ("dti-basic-story.xml", 'S'),
    ("dti-correction.xml", 'C'),
    ("nitfr-full_featured.xml", 'S'),
    ("nitfr-unicode_content.xml", 'S'),
    ("nitfr-with_footnotes.xml", 'S'),
    ("superdesk-aap-1.xml", 'S'),
    ("superdesk-aap-finance.xml", 'S'),
    ("superdesk-aap-sports.xml", 'S'),
    ("superdesk-aap.xml", 'S'),
    ("superdesk-ap-nitf.xml", 'S'),
    ("superdesk-ap_media_text_nitf.xml", 'S'),
    ("superdesk-efe_nitf.xml", 'S'),
    ("superdesk-handle_invalid_fields.xml", 'S'),
    ("superdesk-mapping_test.xml", 'S'),
    ("superdesk-nitf-fishing.xml", 'K'),
    ("superdesk-nitf-ntb.xml", 'S'),
    ("superdesk-pa1.xml", 'S'),
    ("superdesk-pa2.xml", 'S'),
    ("superdesk-pa3.xml", 'S'),
    ("superdesk-pa4.xml", 'S'),
];

fn outcome(item: &Item) -> char {
    match item {
        Item::Story(story) if story.status == Status::Killed => 'K',
        Item::Story(story) if story.status == Status::Withheld => 'W',
        Item::Story(story) if story.correction.is_some() => 'C',
        Item::Story(_) => 'S',
        Item::NotAStory { .. } => 'N',
        Item::Unreadable { .. } => 'U',
    }
}

fn corpus_folder() -> Option<PathBuf> {
    match std::env::var_os("GAZETTE_CORPUS") {
        Some(corpus) => Some(Path::new(&corpus).join("nitf")),
        None => {
            eprintln!("SKIPPED: GAZETTE_CORPUS is not set; the NITF corpus was not read");
            None
        }
    }
}

fn corpus_item(folder: &Path, file: &str) -> Item {
    let bytes = std::fs::read(folder.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    read_item(&bytes)
}

fn corpus_story(folder: &Path, file: &str) -> IncomingStory {
    match corpus_item(folder, file) {
        Item::Story(story) => *story,
        other => panic!("{file}: expected a story, got {other:?}"),
    }
}

#[test]
fn every_corpus_file_lands_as_expected() {
    let Some(folder) = corpus_folder() else {
        return;
    };
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| {
            entry
                .expect("directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    assert!(
        files.len() >= CORPUS.len(),
        "corpus files are missing: {files:?}"
    );
    for file in &files {
        let item = corpus_item(&folder, file);
        if let Item::Story(story) = &item {
            assert!(!story.source_key.trim().is_empty(), "{file}: no source key");
            if story.status != Status::Killed {
                assert!(!story.headline.trim().is_empty(), "{file}: no headline");
                assert!(!story.body.is_empty(), "{file}: no body text");
            }
            // Text may quote markup (NTB sends embed code as escaped text, which stays
            // text); no URL of a story may run script.
            assert!(!format!("{story:?}").contains("javascript:"), "{file}");
        }
        match CORPUS.iter().find(|(name, _)| name == file) {
            Some((_, expected)) => assert_eq!(outcome(&item), *expected, "{file}: {item:?}"),
            None => {
                eprintln!("{file}: not in the expectation table; checked for a valid story only")
            }
        }
    }
}

#[test]
fn corpus_spot_checks() {
    let Some(folder) = corpus_folder() else {
        return;
    };
    let fishing = corpus_story(&folder, "superdesk-nitf-fishing.xml");
    assert_eq!(fishing.headline, "Weather and Tide Updates for Norfolk");
    assert_eq!(
        fishing.byline.people(),
        &[person("Alan Karben", Some("NITF Network News Online"))]
    );
    assert_eq!(fishing.dateline.as_deref(), Some("Newport News, VA"));
    assert_eq!(fishing.urgency, Some(3));
    assert_eq!(fishing.version, Some(1));
    assert_eq!(
        fishing.contributors,
        ["Stewart Klometers contributed to this article."]
    );
    assert!(
        fishing.topics.contains(&"Statistics".to_owned()),
        "{:?}",
        fishing.topics
    );
    assert!(
        fishing.topics.contains(&"fishing".to_owned()),
        "{:?}",
        fishing.topics
    );

    let embargoed = corpus_story(&folder, "superdesk-pa3.xml");
    assert_eq!(
        embargoed.embargo_until,
        Some(datetime!(2016-09-08 23:01 UTC))
    );
    assert_eq!(
        embargoed.byline.people(),
        &[person("Benjamin Wright", Some("Press Association"))]
    );

    let correction = corpus_story(&folder, "dti-correction.xml");
    assert_eq!(correction.headline, "Correction");
    assert!(correction
        .body
        .lead()
        .is_some_and(|lead| lead.contains("Dunkelberg")));

    let airport = corpus_story(&folder, "dti-basic-story.xml");
    assert_eq!(
        airport.headline,
        "Master plan to focus on attracting new tenants"
    );
    assert_eq!(
        airport.byline.people(),
        &[person("Hillary Borrud", Some("The Bulletin"))]
    );
    assert_eq!(airport.published_at, Some(datetime!(2010-02-10 00:00 UTC)));

    let mislabelled = corpus_story(&folder, "superdesk-mapping_test.xml");
    assert!(
        mislabelled.headline.contains("41-årig"),
        "declared ISO-8859-1, written in UTF-8: {}",
        mislabelled.headline
    );
    let bake_off = corpus_story(&folder, "superdesk-pa4.xml");
    let text: String = format!("{:?}", bake_off.body);
    assert!(
        text.contains("£25 million") && !text.contains("Â£"),
        "{text}"
    );

    let rideau = corpus_story(&folder, "superdesk-handle_invalid_fields.xml");
    assert_eq!(rideau.embargo_until, None, "a placeholder date is no date");
    assert_eq!(
        rideau.urgency,
        Some(2),
        "urgency placed in <head> is still read"
    );
    assert_eq!(
        rideau.byline.people(),
        &[
            person("Mia Rabson", Some("The Canadian Press")),
            person("Jordan Press", Some("The Canadian Press"))
        ]
    );
    assert_eq!(
        rideau.dateline.as_deref(),
        Some("Ottawa, Ontario, Canada, July 3")
    );
}
