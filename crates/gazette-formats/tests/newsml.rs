//! The NewsML-G2 reader on our own fixtures (every field it maps, each status, packages
//! with pictures, non-story items, broken and hostile documents, declared encodings)
//! and on the real samples of the shared corpus when GAZETTE_CORPUS names it.

use gazette_core::{Block, IncomingStory, Person, Picture, Status};
use gazette_formats::{read_document, Format, Item, ReadError};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use time::macros::datetime;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/newsml")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read_items(bytes: &[u8]) -> Vec<Item> {
    let document = read_document(bytes).unwrap_or_else(|e| panic!("readable document: {e}"));
    assert_eq!(document.format, Format::NewsMlG2);
    document.items
}

fn stories(items: &[Item]) -> Vec<&IncomingStory> {
    items
        .iter()
        .filter_map(|item| match item {
            Item::Story(story) => Some(story.as_ref()),
            _ => None,
        })
        .collect()
}

fn read_fixture(name: &str) -> Vec<Item> {
    read_items(&fixture(name))
}

fn only_story(items: &[Item]) -> &IncomingStory {
    match stories(items).as_slice() {
        [story] => story,
        other => panic!("expected one story, got {}: {items:?}", other.len()),
    }
}

fn person(name: &str, organisation: Option<&str>) -> Person {
    Person::new(name, organisation.map(str::to_owned))
}

fn paragraph(text: &str) -> Block {
    Block::Paragraph(text.into())
}

#[test]
fn a_package_story_carries_every_field_and_its_linked_picture() {
    let items = read_fixture("harbour-package.xml");
    let story = only_story(&items);
    assert_eq!(
        story.source_key,
        "urn:newsml:coastline.example:20260502:ferry"
    );
    assert_eq!(story.version, Some(3));
    assert_eq!(
        story.headline,
        "Council approves weekend ferry to the north harbour"
    );
    assert_eq!(
        story.deck.as_deref(),
        Some(
            "The Ellis Bay Council voted 7-2 to run a weekend ferry between the south quay \
             and the north harbour from June."
        )
    );
    assert_eq!(
        story.byline.people(),
        &[
            person("Ana Ruiz", Some("Harbour Times")),
            person("Lee Chan", Some("Harbour Times"))
        ]
    );
    assert_eq!(story.source.as_deref(), Some("Coastline Wire"));
    assert_eq!(
        story.copyright.as_deref(),
        Some("Copyright 2026 Coastline Wire Ltd")
    );
    assert_eq!(
        story.usage_terms.as_deref(),
        Some("Not for resale outside the United Kingdom")
    );
    assert_eq!(story.category.as_deref(), Some("Current"));
    assert_eq!(
        story.topics,
        ["maritime transport", "ferries", "Ellis Bay Council"],
        "English name, no code-only name, no point of interest, no repeat"
    );
    assert_eq!(story.dateline.as_deref(), Some("PORT ELLIS, May 2 (CW)"));
    assert_eq!(story.language.as_deref(), Some("en-GB"));
    assert_eq!(story.urgency, Some(4));
    assert_eq!(story.published_at, Some(datetime!(2026-05-02 07:00 UTC)));
    assert_eq!(
        story.version_created_at,
        Some(datetime!(2026-05-03 09:15 UTC))
    );
    assert_eq!(story.embargo_until, Some(datetime!(2026-05-04 06:00 UTC)));
    assert_eq!(story.status, Status::Published);
    assert_eq!(
        story.correction.as_ref().and_then(|c| c.note.as_deref()),
        Some("Corrects the number of winter sailings in the third paragraph.")
    );
    assert_eq!(
        story.pictures,
        [Picture {
            src: "https://img.coastline.example/ferry-2048.jpg".into(),
            alt: Some("A white ferry moored at a stone quay".into()),
            caption: Some("The ferry Ellis Star at the south quay on Thursday.".into()),
            credit: Some("Photo: Mia Holt / Harbour Times".into()),
            width: Some(2048),
            height: Some(1365),
        }],
        "the largest http(s) rendition; the larger tag: one cannot be fetched"
    );
    assert_eq!(
        story.body.blocks(),
        &[
            paragraph(
                "PORT ELLIS, May 2 (CW) - The Ellis Bay Council on Thursday approved a \
                 weekend ferry to the north harbour."
            ),
            paragraph("Councillor Mia Holt said the boat would carry cyclists as well."),
            paragraph("There will be 14 winter sailings & 40 summer sailings."),
            Block::Subhead("Fares".into()),
            Block::Table {
                header: true,
                rows: vec![
                    vec!["Ticket".into(), "Price".into()],
                    vec!["Adult".into(), "£4".into()]
                ]
            },
            Block::List {
                ordered: false,
                items: vec!["South quay".into(), "North harbour".into()]
            },
            Block::Quote("\"It is about time,\" said skipper Jo Park.".into()),
        ],
        "the XHTML header (a second headline) is left out"
    );
}

#[test]
fn hostile_markup_in_a_body_leaves_no_trace() {
    let items = read_fixture("harbour-package.xml");
    let debug = format!("{:?}", only_story(&items));
    for hostile in [
        "script",
        "alert",
        "onerror",
        "onclick",
        "javascript:",
        "tracker",
        "color: red",
    ] {
        assert!(!debug.contains(hostile), "{hostile} survived: {debug}");
    }
}

#[test]
fn items_that_are_not_stories_say_why_and_linked_pictures_join_their_story() {
    let items = read_fixture("harbour-package.xml");
    let set_aside: Vec<(&str, &str)> = items
        .iter()
        .filter_map(|item| match item {
            Item::NotAStory { id, reason } => Some((id.as_str(), reason.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        set_aside,
        [
            (
                "urn:newsml:coastline.example:20260502:pkg-ferry",
                "a package item only links other items; it is not a story"
            ),
            (
                "urn:newsml:coastline.example:20260502:ferry-video",
                "a video item is not a story"
            ),
            (
                "urn:newsml:coastline.example:20260502:gulls",
                "a picture item is not a story, and no package of this document links it to one"
            ),
        ],
        "the linked ferry photo is part of the story, not an item of its own"
    );
    assert_eq!(items.len(), 4);
    let planning = read_fixture("planning-item.xml");
    assert!(
        matches!(planning.as_slice(), [Item::NotAStory { reason, .. }] if reason.contains("planning")),
        "{planning:?}"
    );
}

#[test]
fn a_nitf_body_gives_headline_byline_dateline_and_text_and_withheld_is_kept() {
    let items = read_fixture("council-nitf-withheld.xml");
    let story = only_story(&items);
    assert_eq!(story.status, Status::Withheld);
    assert_eq!(story.headline, "Millbrook council trims school bus budget");
    assert_eq!(
        story.deck.as_deref(),
        Some("Two routes to merge in the autumn")
    );
    assert_eq!(
        story.byline.people(),
        &[person("Sam Reed", Some("Valley News Service"))]
    );
    assert_eq!(story.contributors, ["Jo Park contributed reporting."]);
    assert_eq!(story.distributor.as_deref(), Some("Valley News Service"));
    assert_eq!(
        story.source.as_deref(),
        Some("Valley News Service"),
        "the provider's English name, as the item is in English"
    );
    assert_eq!(
        story.dateline.as_deref(),
        Some("Millbrook, Vermont, March 10")
    );
    assert_eq!(story.topics, ["budget"]);
    assert_eq!(story.urgency, Some(6));
    assert_eq!(story.version, Some(2));
    assert_eq!(
        story.published_at, None,
        "version 2 tells nothing of first publication"
    );
    assert_eq!(story.correction, None);
    assert_eq!(
        story.body.blocks(),
        &[
            paragraph("MILLBROOK, Vt. - The town council cut $40,000 from the school bus budget."),
            Block::Subhead("What changes".into()),
            paragraph("Routes 3 and 5 will merge in September."),
        ]
    );
}

#[test]
fn a_wire_kill_signal_kills_the_story_even_without_text() {
    let items = read_fixture("ferry-kill.xml");
    let story = only_story(&items);
    assert_eq!(story.status, Status::Killed);
    assert_eq!(
        story.version,
        Some(1_542_761_538),
        "large opaque versions are kept"
    );
    assert!(story.body.is_empty());
}

#[test]
fn a_latin1_message_reads_plain_text_kills_and_refuses_what_lacks_a_headline() {
    let items = read_fixture("school-latin1.xml");
    let [Item::Story(school), Item::Story(kill), Item::Unreadable { id, error }] = items.as_slice()
    else {
        panic!("expected a story, a kill and an unreadable item: {items:?}");
    };
    assert_eq!(school.headline, "Ny skola öppnar i Norrhamn");
    assert_eq!(
        school.byline.people(),
        &[person("Åsa Lindqvist", Some("Nordkust Nyheter"))]
    );
    assert_eq!(
        school.embargo_until, None,
        "an empty <embargoed> is no embargo"
    );
    assert_eq!(school.dateline.as_deref(), Some("Norrhamn, September 1"));
    assert_eq!(
        school.published_at,
        Some(datetime!(2026-09-01 04:55 UTC)),
        "a first version was published when it was made"
    );
    assert_eq!(
        school.body.blocks(),
        &[
            paragraph(
                "Norrhamns nya skola öppnade på måndagen för 240 elever. Rektorn Märta Öberg \
                 sa att skolgården är klar."
            ),
            paragraph("\"Vi har väntat länge\", sa hon."),
            paragraph("Kommunen betalar 41 miljoner kronor."),
        ],
        "the longest inlineData, in paragraphs by indent and blank line"
    );
    assert_eq!(kill.status, Status::Killed);
    assert_eq!(kill.source_key, "urn:newsml:nordkust.example:20260901:hamn");
    assert_eq!(
        id.as_deref(),
        Some("urn:newsml:nordkust.example:20260901:fyr")
    );
    assert!(error.to_string().contains("no headline"), "{error}");
}

#[test]
fn a_gb2312_document_is_decoded_as_declared() {
    let chinese = "<?xml version=\"1.0\" encoding=\"GB2312\"?>\
        <newsItem guid=\"urn:x:gang\"><contentMeta><headline>港口渡轮周末开航</headline></contentMeta>\
        <contentSet><inlineData contenttype=\"text/plain\">市议会批准了周末渡轮。</inlineData></contentSet></newsItem>";
    let (gb2312, _, unmappable) = encoding_rs::GBK.encode(chinese);
    assert!(!unmappable);
    let items = read_items(&gb2312);
    let story = only_story(&items);
    assert_eq!(story.headline, "港口渡轮周末开航");
    assert_eq!(story.body.blocks(), &[paragraph("市议会批准了周末渡轮。")]);
}

#[test]
fn broken_forbidden_and_fragment_documents_are_refused_with_a_reason() {
    match read_document(&fixture("malformed.xml")) {
        Err(ReadError::Syntax {
            position, reason, ..
        }) => {
            assert_eq!(position, "at line 5, column 3");
            assert!(reason.contains("</contentMet>"), "{reason}");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
    assert!(matches!(
        read_document(&fixture("entity-bomb.xml")),
        Err(ReadError::Forbidden { .. })
    ));
    match read_document(&fixture("fragment-groupset.xml")) {
        Err(ReadError::Invalid { reason, .. }) => {
            assert!(reason.contains("<groupSet>"), "{reason}")
        }
        other => panic!("expected an invalid document, got {other:?}"),
    }
    let deep = format!(
        "<newsItem guid='x'>{}{}</newsItem>",
        "<contentMeta>".repeat(300),
        "</contentMeta>".repeat(300)
    );
    assert!(matches!(
        read_document(deep.as_bytes()),
        Err(ReadError::TooDeep { .. })
    ));
    assert!(matches!(
        read_document(b"<newsMessage><itemSet/></newsMessage>"),
        Err(ReadError::NoStory { .. })
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut document = b"<newsMessage><itemSet><newsItem guid='p'>".to_vec();
        document.extend_from_slice(&bytes);
        let _ = read_document(&document);
        let _ = read_document(&bytes);
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in 0usize..3,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), 0u8..3), 1..12),
    ) {
        let name = ["harbour-package.xml", "council-nitf-withheld.xml", "school-latin1.xml"][which];
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

/// How the items of each corpus file land, in order: S a story, C a corrected story, K
/// a killed story, W a withheld story, N not a story, U unreadable; "!" the document is
/// refused as a whole.
const CORPUS: &[(&str, &str)] = &[
    ("007_emptynewsmessage.xml", "NU"),
    ("LISTING_14_Event_sent_as_a_Concept_Item.xml", "N"),
    ("LISTING_16_A_Set_of_Events_carried_in_a_News_Item.xml", "N"),
    ("LISTING_17_Planning_Item_a_CCL.xml", "N"),
    ("LISTING_1_A_NewsML-G2_News_Item.xml", "U"),
    ("LISTING_22_Sports_story_in_NewsML-G2NITF.xml", "S"),
    (
        "LISTING_24_News_Message_conveying_a_complete_News_Package.xml",
        "NUUUU",
    ),
    (
        "LISTING_26_Embedded_photo_metadata_fields_mapped_to_NewsML-G2.xml",
        "N",
    ),
    (
        "LISTING_28_Illustrating_Located_Subject_and_Dateline.xml",
        "!",
    ),
    ("LISTING_29_Hop_History.xml", "U"),
    ("LISTING_2_NewsML-G2_Text_Document.xml", "S"),
    ("LISTING_3_Photo_in_NewsML-G2.xml", "N"),
    (
        "LISTING_4_Multiple_Renditions_of_a_Video_in_NewsML-G2.xml",
        "N",
    ),
    ("LISTING_6_Simple_NewsML-G2_Package.xml", "N"),
    (
        "LISTING_7_Group_Set_example_showing_Hierarchical_Package_Structure.xml",
        "!",
    ),
    (
        "LISTING_9_Group_Set_example_showing_a_SEQ_Package_Mode.xml",
        "!",
    ),
    ("ap_metadata_example.xml", "N"),
    ("infomaker-newsitem-picture.xml", "N"),
    ("infomaker-newsitem-text.xml", "W"),
    ("superdesk-ansa-newsmlg2-text.xml", "S"),
    ("superdesk-ap.xml", "SSS"),
    ("superdesk-dpa.xml", "S"),
    ("superdesk-picture.xml", "N"),
    ("superdesk-scoop.xml", "NS"),
    ("superdesk-snep.xml", "N"),
    ("superdesk-stt1.xml", "S"),
    ("superdesk-stt_newsml_location_rich.xml", "S"),
    ("superdesk-stt_newsml_test.xml", "S"),
    ("superdesk-text.xml", "S"),
    ("superdesk-video.xml", "NSNN"),
    ("tag_reuters.com,0000_newsml_ISS149709_1618095828", "S"),
    ("tag_reuters.com,2018_newsml_MTZXEE13ZXCZES_2", "S"),
    ("tag_reuters.com_2014_newsml_KBN0FL0NM_version_10", "N"),
    ("tag_reuters.com_2014_newsml_LYNXMPEA6F0MS_version_2", "N"),
    (
        "tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538",
        "K",
    ),
    (
        "tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838",
        "C",
    ),
    ("urn_newsml_dpa.com_20090101_170629-90-027182.xml", "S"),
    ("urn_newsml_dpa.com_20090101_170629-99-43688.xml", "C"),
    ("urn_newsml_dpa.com_20090101_170629-99-45965.xml", "S"),
    ("urn_newsml_dpa.com_20090101_170629-99-48599.xml", "S"),
    ("urn_newsml_dpa.com_20090101_170629-99-48990.xml", "S"),
    ("urn_newsml_dpa.com_20090101_170629-99-49643.xml", "S"),
    ("urn_newsml_dpa.com_20090101_170629-99-49824.xml", "S"),
    ("urn_newsml_dpa.com_20090101_171117-90-000086.xml", "N"),
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

fn check_story(file: &str, story: &IncomingStory) {
    assert!(!story.source_key.trim().is_empty(), "{file}: no source key");
    if story.status != Status::Killed {
        assert!(!story.headline.trim().is_empty(), "{file}: no headline");
        assert!(!story.body.is_empty(), "{file}: no body text");
    }
    // Text may quote markup as text; no URL of a story may run script.
    assert!(!format!("{story:?}").contains("javascript:"), "{file}");
}

fn corpus_folder() -> Option<PathBuf> {
    match std::env::var_os("GAZETTE_CORPUS") {
        Some(corpus) => Some(Path::new(&corpus).join("newsml-g2")),
        None => {
            eprintln!("SKIPPED: GAZETTE_CORPUS is not set; the NewsML-G2 corpus was not read");
            None
        }
    }
}

fn corpus_document(folder: &Path, file: &str) -> Result<Vec<Item>, ReadError> {
    let bytes = std::fs::read(folder.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    read_document(&bytes).map(|document| document.items)
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
        let result = corpus_document(&folder, file);
        if let Ok(items) = &result {
            for item in items {
                if let Item::Story(story) = item {
                    check_story(file, story);
                }
            }
        }
        let Some((_, expected)) = CORPUS.iter().find(|(name, _)| name == file) else {
            eprintln!("{file}: not in the expectation table; checked for valid stories only");
            continue;
        };
        let landed: String = match &result {
            Ok(items) => items.iter().map(outcome).collect(),
            Err(_) => "!".into(),
        };
        assert_eq!(&landed, expected, "{file}: {result:?}");
    }
}

fn corpus_story(folder: &Path, file: &str, index: usize) -> IncomingStory {
    let items = corpus_document(folder, file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let stories: Vec<IncomingStory> = items
        .into_iter()
        .filter_map(|item| match item {
            Item::Story(story) => Some(*story),
            _ => None,
        })
        .collect();
    stories
        .into_iter()
        .nth(index)
        .unwrap_or_else(|| panic!("{file}: no story {index}"))
}

#[test]
fn corpus_spot_checks() {
    let Some(folder) = corpus_folder() else {
        return;
    };
    let fed = corpus_story(&folder, "LISTING_2_NewsML-G2_Text_Document.xml", 0);
    assert_eq!(fed.headline, "Fed to halt QE to avert \"bubble\"");
    assert_eq!(fed.byline.people(), &[person("Meredith Jameson", None)]);
    assert_eq!(fed.dateline.as_deref(), Some("New York, NY, November 21"));
    assert_eq!(fed.published_at, Some(datetime!(2016-11-21 20:21:06 UTC)));

    let hotels = corpus_story(
        &folder,
        "urn_newsml_dpa.com_20090101_170629-99-43688.xml",
        0,
    );
    assert_eq!(hotels.byline.people(), &[person("Almut Kipp", Some("dpa"))]);
    assert_eq!(hotels.version, Some(5));
    assert_eq!(hotels.dateline.as_deref(), Some("Hamburg (dpa)"));
    let note = hotels
        .correction
        .and_then(|c| c.note)
        .expect("dpa correction note");
    assert!(note.starts_with("Nach dpa-Informationen"), "{note}");

    let corrected = "tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838";
    let killed = "tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538";
    let corrected = corpus_story(&folder, corrected, 0);
    let killed = corpus_story(&folder, killed, 0);
    assert_eq!(
        corrected.source_key, killed.source_key,
        "one story, corrected then killed"
    );
    assert_eq!(corrected.version, Some(978_556_838));
    assert_eq!(killed.version, Some(1_542_761_538));
    let note = corrected
        .correction
        .and_then(|c| c.note)
        .expect("Reuters lead note");
    assert!(note.starts_with("In Jan. 3 story, corrects"), "{note}");

    let scoop = corpus_story(&folder, "superdesk-scoop.xml", 0);
    assert_eq!(
        scoop.embargo_until, None,
        "an empty <embargoed> is no embargo"
    );
    assert_eq!(
        scoop.version_created_at,
        Some(datetime!(2016-01-12 12:35:40 UTC))
    );
    assert!(
        scoop.headline.starts_with("Dick Smith receivers"),
        "from the NITF title"
    );

    let video = corpus_story(&folder, "superdesk-video.xml", 0);
    assert_eq!(
        video.pictures.len(),
        1,
        "the package's picture joins the text"
    );
    assert_eq!(video.pictures[0].width, Some(960), "the largest rendition");

    let opta = corpus_story(&folder, "tag_reuters.com,2018_newsml_MTZXEE13ZXCZES_2", 0);
    assert_eq!(opta.headline, "UPDATE 2-Primeira Liga Results");
    assert_eq!(opta.published_at, Some(datetime!(2018-01-03 20:13:08 UTC)));
    assert_eq!(
        opta.dateline, None,
        "a timestamp in <dateline> is not a dateline"
    );

    let ansa = corpus_story(&folder, "superdesk-ansa-newsmlg2-text.xml", 0);
    assert_eq!(ansa.body.blocks().len(), 4);
    assert!(ansa
        .body
        .lead()
        .is_some_and(|lead| lead.starts_with("(ANSA) - Rome")));

    let ap: Vec<String> = (0..3)
        .map(|i| corpus_story(&folder, "superdesk-ap.xml", i).source_key)
        .collect();
    assert_eq!(ap.len(), 3);
    assert!(ap[0] != ap[1] && ap[1] != ap[2], "{ap:?}");
}
