//! The ninjs reader on our own fixtures (a small coast's harbours, councils, schools
//! and co-ops, written in ninjs 1.x, 2.x and 3.x and in vendor wrappings), and, when
//! GAZETTE_CORPUS names the shared corpus, on every real ninjs file in it.

use gazette_core::{Block, Body, IncomingStory, Person, Picture, Status};
use gazette_formats::{read_document, Format, Item, ReadError};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use time::macros::{date, datetime};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ninjs")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn items(name: &str) -> Vec<Item> {
    let document = read_document(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(document.format, Format::Ninjs, "{name}");
    document.items
}

fn only_story(name: &str) -> IncomingStory {
    match items(name).as_slice() {
        [Item::Story(story)] => (**story).clone(),
        other => panic!("{name}: expected one story, got {other:?}"),
    }
}

fn story(item: &Item) -> &IncomingStory {
    match item {
        Item::Story(story) => story,
        other => panic!("expected a story, got {other:?}"),
    }
}

fn unreadable_reason(item: &Item) -> (Option<&str>, String) {
    match item {
        Item::Unreadable { id, error } => (id.as_deref(), error.to_string()),
        other => panic!("expected an unreadable item, got {other:?}"),
    }
}

fn texts(body: &Body) -> Vec<String> {
    body.blocks()
        .iter()
        .map(|block| match block {
            Block::Paragraph(t) => format!("P {t}"),
            Block::Subhead(t) => format!("H {t}"),
            Block::Quote(t) => format!("Q {t}"),
            Block::List { items, .. } => format!("L {}", items.join(" | ")),
            Block::Table { rows, .. } => format!("T {rows:?}"),
            other => format!("? {other:?}"),
        })
        .collect()
}

fn person(name: &str, organisation: Option<&str>) -> Person {
    Person::new(name, organisation.map(str::to_owned))
}

/// Nothing a hostile sender puts in markup may reach any field of a story.
fn assert_no_active_content(story: &IncomingStory) {
    let debug = format!("{story:?}").to_ascii_lowercase();
    for trace in [
        "script",
        "onerror",
        "onclick",
        "javascript:",
        "alert(",
        "iframe",
        "<",
    ] {
        assert!(!debug.contains(trace), "{trace:?} survived in {debug}");
    }
}

#[test]
fn reads_every_field_of_a_ninjs_1x_story() {
    let story = only_story("harbour-dredging-1x.json");
    assert_eq!(
        story.source_key,
        "urn:newsml:portellis-gazette.example:20260304:harbour-dredging"
    );
    assert_eq!(story.version, Some(3));
    assert_eq!(
        story.headline,
        "Council backs winter dredging of the inner harbour"
    );
    assert_eq!(
        story.deck.as_deref(),
        Some("The fishing co-op says boats have been grounding at low tide since October.")
    );
    assert_eq!(
        story.byline.people(),
        &[
            person("Mara Quint", Some("Port Ellis Gazette")),
            person("Owen Tell", Some("Port Ellis Gazette")),
        ]
    );
    assert_eq!(
        texts(&story.body),
        vec![
            "P Port Ellis town council voted 9-2 on Tuesday to pay for dredging the inner harbour this winter.",
            "P “We cannot wait for spring,” said Ada Brenner, who chairs the fishing co-operative.",
            "H What it will cost",
            "L Dredging: £410,000 | Survey: £35,000",
        ]
    );
    assert_eq!(story.status, Status::Published);
    assert_eq!(story.published_at, Some(datetime!(2026-03-04 07:30 UTC)));
    assert_eq!(
        story.version_created_at,
        Some(datetime!(2026-03-04 10:15 +01:00))
    );
    assert_eq!(story.embargo_until, Some(datetime!(2026-03-05 06:00 UTC)));
    assert_eq!(story.expires_at, Some(datetime!(2026-09-04 00:00 UTC)));
    assert_eq!(story.urgency, Some(3));
    assert_eq!(story.language.as_deref(), Some("en-GB"));
    assert_eq!(story.dateline.as_deref(), Some("PORT ELLIS, March 4"));
    assert_eq!(
        story.topics,
        vec![
            "Ports and harbours",
            "Local government",
            "Ada Brenner",
            "Port Ellis Fishing Co-operative",
            "Port Ellis Town Council",
            "Port Ellis",
        ]
    );
    assert_eq!(story.category.as_deref(), Some("Current"));
    assert_eq!(
        story.copyright.as_deref(),
        Some("© 2026 Port Ellis Gazette")
    );
    assert_eq!(
        story.usage_terms.as_deref(),
        Some("Members of the Coastal News Exchange may publish in print and online.")
    );
    assert_eq!(story.source.as_deref(), Some("Port Ellis Gazette"));
    assert_eq!(story.distributor.as_deref(), Some("Coastal News Exchange"));
    assert_eq!(
        story.correction, None,
        "nothing in the file says correction"
    );
    assert_eq!(
        story.pictures,
        vec![Picture {
            src: "https://media.portellis-gazette.example/dredger-1280.jpg".into(),
            alt: None,
            caption: Some("The dredger Tern at the north quay.".into()),
            credit: Some("Ana Ruiz".into()),
            width: Some(1280),
            height: Some(853),
        }],
        "the logo is no picture of the story, the javascript: rendition is refused"
    );
    assert_no_active_content(&story);
}

#[test]
fn reads_a_withheld_ninjs_2x_story_with_bodies_and_listed_associations() {
    let story = only_story("school-roof-2x.json");
    assert_eq!(
        story.source_key,
        "http://news.saltmarsh-courier.example/items/2026-05-11-school-roof"
    );
    assert_eq!(story.status, Status::Withheld);
    assert_eq!(
        story.headline,
        "Storm-damaged roof keeps Saltmarsh pupils at home – for now"
    );
    assert_eq!(
        story.deck.as_deref(),
        Some("Repairs should finish before half term, the county says.")
    );
    assert_eq!(story.byline.people(), &[person("Priya Lund", None)]);
    assert_eq!(
        texts(&story.body),
        vec![
            "P Saltmarsh Primary closed on Monday after Sunday's storm lifted part of its roof.",
            "Q We will not open until every classroom is dry.",
            r#"T [["Year group", "Where"], ["Reception", "Village hall"]]"#,
        ],
        "the XHTML body is preferred over the plain one"
    );
    assert_eq!(story.urgency, Some(5));
    assert_eq!(story.version, Some(1));
    assert_eq!(
        story.topics,
        vec![
            "Primary education",
            "Helen Marsh",
            "Saltmarsh Primary School",
            "Saltmarsh"
        ]
    );
    assert_eq!(
        story.category, None,
        "a genre given only as a code names nothing"
    );
    assert_eq!(story.copyright.as_deref(), Some("Saltmarsh Courier"));
    assert_eq!(
        story.usage_terms.as_deref(),
        Some("https://saltmarsh-courier.example/rights/editorial-only")
    );
    assert_eq!(story.source.as_deref(), Some("Saltmarsh Courier"));
    assert_eq!(story.dateline.as_deref(), Some("SALTMARSH, May 11"));
    assert_eq!(
        story.pictures,
        vec![Picture {
            src: "https://img.saltmarsh-courier.example/roof-1600.jpg".into(),
            alt: None,
            caption: Some("Tarpaulin over the hall roof of Saltmarsh Primary on Monday.".into()),
            credit: Some("Jon Avery".into()),
            width: Some(1600),
            height: Some(1067),
        }]
    );
}

#[test]
fn reads_ninjs_3x_camel_case_members_and_a_nitf_body() {
    let story = only_story("coop-market-3x.json");
    assert_eq!(
        story.source_key,
        "https://zoutdijk-nieuws.example/items/coop-markt"
    );
    assert_eq!(story.version, Some(2));
    assert_eq!(
        story.version_created_at,
        Some(datetime!(2026-06-20 09:12 +02:00))
    );
    assert_eq!(story.published_at, Some(datetime!(2026-06-19 18:00 +02:00)));
    assert_eq!(story.embargo_until, None, "an empty embargo is no embargo");
    assert_eq!(story.status, Status::Published);
    assert_eq!(
        story.headline,
        "Coöperatie opent overdekte markt aan de haven"
    );
    assert_eq!(
        story.deck.as_deref(),
        Some("Twintig kramen, elke zaterdag.")
    );
    assert_eq!(
        texts(&story.body),
        vec![
            "P De coöperatie opent zaterdag een overdekte markt aan de haven.",
            "H Twintig kramen",
            "P Er is plaats voor twintig kramen.",
        ],
        "only the NITF body.content is body text"
    );
    assert_eq!(story.copyright.as_deref(), Some("© 2026 Zoutdijk Nieuws"));
    assert_eq!(
        story.usage_terms.as_deref(),
        Some("Alleen voor redactioneel gebruik.")
    );
    assert_eq!(story.urgency, Some(6));
    assert_eq!(
        story.dateline.as_deref(),
        Some("Zoutdijk"),
        "no English month in Dutch copy"
    );
    assert_eq!(story.topics, vec!["Detailhandel"]);
}

#[test]
fn a_kill_needs_neither_headline_nor_body_and_versions_follow_the_copy() {
    let kill = only_story("harbour-dredging-kill.json");
    assert_eq!(kill.status, Status::Killed);
    assert_eq!(
        kill.source_key,
        only_story("harbour-dredging-1x.json").source_key,
        "the kill names the story it withdraws"
    );
    assert_eq!(kill.version, Some(4));
    assert_eq!(kill.headline, "");
    assert!(kill.body.is_empty());
    assert_eq!(
        kill.version_created_at,
        Some(datetime!(2026-03-04 18:00 UTC))
    );
}

#[test]
fn a_status_outside_the_standard_is_unreadable_and_says_why() {
    let items = items("misspelled-status.json");
    let (id, reason) = unreadable_reason(&items[0]);
    assert_eq!(
        id,
        Some("urn:newsml:portellis-gazette.example:20260310:lifeboat")
    );
    assert_eq!(
        reason,
        "ninjs: pubstatus \"cancelled\" is not a ninjs status (usable, withheld or canceled)"
    );
}

#[test]
fn each_item_of_a_list_envelope_lands_on_its_own() {
    let items = items("api-list.json");
    assert_eq!(items.len(), 5);

    let ferry = story(&items[0]);
    assert_eq!(
        ferry.source_key,
        "tag:northwick-post.example,2026:ferry-timetable"
    );
    assert_eq!(
        ferry.version, None,
        "a version that is not a number is ignored"
    );
    assert_eq!(
        ferry.version_created_at,
        Some(datetime!(2026-04-02 08:00 UTC))
    );
    assert_eq!(
        ferry.topics,
        vec!["Ferries"],
        "the Welsh name is not an English topic"
    );
    assert_eq!(
        ferry.byline.people(),
        &[person("Northwick Post staff", None)]
    );

    match &items[1] {
        Item::NotAStory { id, reason } => {
            assert_eq!(id, "tag:northwick-post.example,2026:photo-ferry");
            assert_eq!(reason, "a picture item is not a story");
        }
        other => panic!("expected the picture set aside, got {other:?}"),
    }
    assert_eq!(
        unreadable_reason(&items[2]),
        (
            Some("tag:northwick-post.example,2026:no-headline"),
            "ninjs: no headline".into()
        )
    );
    assert_eq!(
        unreadable_reason(&items[3]),
        (None, "ninjs: no id (uri or guid)".into())
    );

    let market = story(&items[4]);
    assert_eq!(
        market.headline, "Market hall reopens",
        "a composite with a body is a story"
    );
    assert_eq!(
        texts(&market.body),
        vec!["P The market hall reopened on Saturday."]
    );
    assert_eq!(market.deck.as_deref(), Some("After two years of repairs."));
    assert_eq!(
        market.pictures,
        vec![Picture {
            src: "https://img.northwick-post.example/market-hall.png".into(),
            alt: None,
            caption: Some("Stallholders on the first morning.".into()),
            credit: None,
            width: Some(1200),
            height: Some(800),
        }]
    );
}

#[test]
fn an_api_envelope_item_marked_as_a_correction_is_one() {
    let story = only_story("ap-style-correction.json");
    assert_eq!(
        story.source_key, "6f1e2d",
        "the stable item id, not the tokened uri"
    );
    assert_eq!(story.version, Some(0));
    assert_eq!(
        story.correction.as_ref().and_then(|c| c.note.as_deref()),
        Some("Corrects the name of the lifeboat station to North Wick, not Northwick.")
    );
    assert_eq!(story.byline.people(), &[person("Lena Hart", None)]);
    assert_eq!(
        story.usage_terms.as_deref(),
        Some("This content is intended for editorial use only. Not for resale.")
    );
    assert_eq!(story.source.as_deref(), Some("Harbour Press"));
    assert_eq!(story.dateline.as_deref(), Some("NORTH WICK, July 1"));
    assert_eq!(story.urgency, Some(4));
    assert_eq!(story.published_at, Some(datetime!(2026-07-01 11:00 UTC)));
    assert!(story.pictures.is_empty(), "a text rendition is no picture");
}

#[test]
fn linked_media_serve_their_story_and_other_media_is_set_aside() {
    let items = items("package-array.json");
    assert_eq!(
        items.len(),
        3,
        "the linked picture and video are part of the story"
    );
    let regatta = story(&items[0]);
    assert_eq!(
        regatta.pictures,
        vec![Picture {
            src: "https://img.regatta.example/start.jpg".into(),
            alt: None,
            caption: Some("The start line off the east pier.".into()),
            credit: Some("Ida Moss".into()),
            width: Some(1500),
            height: Some(1000),
        }],
        "the association names the picture; the picture item carries its renditions"
    );
    assert_eq!(
        texts(&regatta.body),
        vec!["P Forty boats raced in the harbour regatta on Sunday."]
    );
    let set_aside: Vec<(&str, &str)> = items[1..]
        .iter()
        .map(|item| match item {
            Item::NotAStory { id, reason } => (id.as_str(), reason.as_str()),
            other => panic!("expected a non-story, got {other:?}"),
        })
        .collect();
    assert_eq!(
        set_aside,
        vec![
            ("urn:regatta:2026:drone", "a video item is not a story"),
            ("urn:regatta:2027:event", "an event item is not a story"),
        ]
    );
}

#[test]
fn broken_json_is_a_syntax_error_with_its_position() {
    let error = read_document(&fixture("malformed.json")).expect_err("broken");
    match &error {
        ReadError::Syntax {
            format,
            position,
            reason,
        } => {
            assert_eq!(*format, "ninjs");
            assert_eq!(
                position, "at the end of line 4",
                "the raw line break in a string"
            );
            assert!(reason.contains("control character"), "{reason}");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
    assert!(
        error
            .to_string()
            .starts_with("ninjs syntax error at the end of line 4: "),
        "{error}"
    );
}

#[test]
fn windows_1252_and_a_byte_order_mark_are_read() {
    let cafe = only_story("windows-1252.json");
    assert_eq!(cafe.headline, "“Café on the quay” reopens");
    assert_eq!(
        texts(&cafe.body),
        vec!["P The café reopened on Friday – with the old menu."]
    );
    let bom = only_story("utf8-bom.json");
    assert_eq!(
        bom.source_key,
        "urn:newsml:portellis-gazette.example:20260311:cafe-bom"
    );
    assert_eq!(bom.headline, cafe.headline);
}

#[test]
fn no_fixture_story_carries_active_content() {
    let names = [
        "harbour-dredging-1x.json",
        "school-roof-2x.json",
        "coop-market-3x.json",
        "api-list.json",
        "ap-style-correction.json",
        "package-array.json",
    ];
    for name in names {
        for item in items(name) {
            if let Item::Story(story) = item {
                assert_no_active_content(&story);
            }
        }
    }
}

const FIXTURES: &[&str] = &[
    "harbour-dredging-1x.json",
    "school-roof-2x.json",
    "coop-market-3x.json",
    "api-list.json",
    "ap-style-correction.json",
    "package-array.json",
    "windows-1252.json",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = read_document(&bytes);
    }

    #[test]
    fn arbitrary_json_like_text_never_panics(text in r#"[\[\]{}":,0-9a-z_ \\-]{0,300}"#) {
        let _ = read_document(format!("{{{text}").as_bytes());
        let _ = read_document(format!("[{text}").as_bytes());
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in 0..FIXTURES.len(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = fixture(FIXTURES[which]);
        for (at, byte) in edits {
            let at = at.index(bytes.len());
            bytes[at] = byte;
        }
        let _ = read_document(&bytes);
        let _ = read_document(&bytes[..cut.index(bytes.len())]);
    }
}

/// What each real ninjs file of the shared corpus must turn into.
enum Expect {
    /// A story; the check looks at fields the file carries.
    Story(fn(&IncomingStory)),
    /// An item set aside as no story.
    NotAStory,
    /// An item that should be a story but cannot be, with why.
    Unreadable(&'static str),
}

fn corpus_expectations() -> Vec<(&'static str, Vec<Expect>)> {
    use Expect::{NotAStory, Story, Unreadable};
    fn schettino(story: &IncomingStory) {
        assert_eq!(
            story.headline,
            "Captain of wrecked cruise ship on trial in Italy"
        );
        assert_eq!(
            story.byline.people(),
            &[
                person("Paulo Santalucia", None),
                person("Frances d'Emilio", None)
            ]
        );
        assert!(
            story
                .version_created_at
                .is_some_and(|at| at.date() == date!(2013 - 07 - 09)),
            "{:?}",
            story.version_created_at
        );
    }
    fn schettino_with_entities(story: &IncomingStory) {
        schettino(story);
        assert_eq!(story.language.as_deref(), Some("en"));
        assert!(
            story.topics.iter().any(|t| t == "Francesco Schettino"),
            "{:?}",
            story.topics
        );
        assert!(
            story.topics.iter().any(|t| t == "Costa Crociere SpA"),
            "{:?}",
            story.topics
        );
        assert!(story
            .dateline
            .as_deref()
            .is_some_and(|d| d.starts_with("Grossetto, Italy")));
    }
    fn schettino_with_pictures(story: &IncomingStory) {
        schettino_with_entities(story);
        let sources: Vec<&str> = story.pictures.iter().map(|p| p.src.as_str()).collect();
        assert_eq!(
            sources,
            vec![
                "http://hosted.ap.org/photos/2/2643c588-dc8d-4923-bebd-e3b904edbb3a-big.jpg",
                "http://hosted.ap.org/photos/2/2643c588-dc8d-4923-bebd-e3b904xyz000-big.jpg",
            ]
        );
        assert!(story.pictures[0]
            .caption
            .as_deref()
            .is_some_and(|c| c.starts_with("The Costa Concordia")));
        assert_eq!(
            story.pictures[0].credit.as_deref(),
            Some("Paulo Santalucia")
        );
    }
    fn tt_military_exercise(story: &IncomingStory) {
        assert_eq!(story.headline, "Militärövning i jätteformat hålls 2023");
        assert_ne!(
            story.body.blocks().first(),
            Some(&Block::Subhead(story.headline.clone())),
            "the body does not repeat the headline"
        );
        assert_eq!(story.version, Some(1));
        assert_eq!(story.language.as_deref(), Some("sv"));
        assert_eq!(story.urgency, Some(3));
        assert_eq!(story.expires_at, Some(datetime!(2023-05-31 00:00 +02:00)));
        assert_eq!(story.copyright.as_deref(), Some("TT"));
        assert_eq!(story.category.as_deref(), Some("Inrikes"));
        assert!(story
            .topics
            .starts_with(&["Krig, konflikter och oroligheter".to_owned()]));
        assert_eq!(
            story.pictures.first().map(|p| (p.src.as_str(), p.width, p.credit.as_deref())),
            Some((
                "https://beta.tt.se/media/text/210526-militarovning-a0f2d045/a001_NormalPreview.jpg",
                Some(1024),
                Some("Karl Melander/TT")
            ))
        );
    }
    fn businesswire(story: &IncomingStory) {
        assert!(story.headline.starts_with("Dell Redefines Workstation"));
        assert_eq!(story.version, Some(1));
        assert!(story.topics.contains(&"Technology".to_owned()));
        let sources: Vec<&str> = story.pictures.iter().map(|p| p.src.as_str()).collect();
        assert_eq!(
            sources,
            vec![
                "http://mms.businesswire.com/media/newsItemId/en/369394/5/0025lf.jpg",
                "http://mms.businesswire.com/media/newsItemId/en/369395/4/00095.jpg",
            ],
            "two photos at their largest web size; the logo is no picture"
        );
    }
    vec![
        ("20231004-UEFA-ChampionLeague.json", vec![NotAStory]),
        (
            "20231008-anti-doping-measures-at-the-tour-down-under-will-be-the-toughest-ever-addb-ninjs-nitf.json",
            vec![Story(|s| {
                assert_eq!(s.headline, "Anti-doping measures at the 'Tour Down Under' will be the toughest ever");
                assert_eq!(s.byline.people(), &[person("Trond Husø", Some("The Anti-Doping Database"))]);
                assert_eq!(s.version, Some(2));
                assert_eq!(s.urgency, Some(4));
                assert!(!s.body.blocks().iter().any(|b| matches!(b, Block::Paragraph(t) if t == "By DopingWatch")));
                assert!(s.deck.as_deref().is_some_and(|d| d.starts_with("The Australian Sports Anti-Doping Authority")));
            })],
        ),
        ("SIPA_image_2.json", vec![NotAStory]),
        ("ap_audio.json", vec![NotAStory]),
        ("ap_image.json", vec![NotAStory]),
        ("ap_video.json", vec![NotAStory]),
        ("businesswire-newsml-20130515006361.json", vec![Story(businesswire)]),
        (
            "businesswire-newsml-20130612006110.json",
            vec![Story(|s| {
                assert_eq!(s.language.as_deref(), Some("zh"));
                assert!(s.body.lead().is_some_and(|l| l.contains("亚洲浆纸业有限公司")));
            })],
        ),
        (
            "businesswire-newsml-20130731006140.json",
            vec![Story(|s| {
                assert!(s.headline.starts_with("Lunch Taking a Toll?"));
                assert!(s.pictures.is_empty(), "a logo and a video are no pictures");
            })],
        ),
        (
            "dpa_text.json",
            vec![Story(|s| {
                assert_eq!(s.headline, "Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?");
                assert_eq!(s.byline.people().len(), 1);
                assert_eq!(s.byline.people()[0].organisation.as_deref(), Some("dpa"));
                assert!(s.byline.people()[0].name.ends_with("Christian Hollmann"));
                assert_eq!(s.version, Some(2));
                assert_eq!(s.copyright.as_deref(), Some("Copyright 2019, dpa (www.dpa.de). Alle Rechte vorbehalten"));
                assert_eq!(s.version_created_at, Some(datetime!(2019-05-10 16:02:28 +02:00)));
            })],
        ),
        ("extension-example.json", vec![Story(tt_military_exercise)]),
        ("imageEncodedRights.json", vec![NotAStory]),
        (
            "invalid/ninjs1.0-fail-007_pubstatus_cancelled.json",
            vec![Unreadable("pubstatus \"cancelled\" is not a ninjs status")],
        ),
        (
            "invalid/ninjs2.1-fail-001_bad_association.json",
            vec![Unreadable("no body text")],
        ),
        ("ninjs-1-4-examples.json", vec![Unreadable("no body text")]),
        ("ninjs1.0-test-018_embargoed.json", vec![Unreadable("no headline")]),
        (
            "ninjs1.0-test-023_pubstatus_canceled.json",
            vec![Story(|s| {
                assert_eq!(s.status, Status::Killed);
                assert_eq!(s.source_key, "023_pubstatus_canceled");
            })],
        ),
        ("ninjs1.6-001_simple_example.json", vec![Story(schettino)]),
        ("ninjs1.6-003_associations_example.json", vec![Unreadable("no body text")]),
        ("ninjs1.6-004_simple_text_article.json", vec![Story(schettino)]),
        (
            "ninjs1.6-005_complex_text_article.json",
            vec![Story(|s| {
                schettino_with_entities(s);
                assert_eq!(s.copyright.as_deref(), Some("Copyright 2013 The News Agency, www.tna.org - all rights reserved."));
                assert_eq!(s.body.blocks().len(), 4, "the rich text body's paragraphs");
            })],
        ),
        ("ninjs1.6-007_multimedia.json", vec![Story(schettino_with_pictures)]),
        (
            "ninjs2.1-businesswire-newsml-20130731006140.json",
            vec![Story(|s| assert!(s.headline.starts_with("Lunch Taking a Toll?")))],
        ),
        ("ninjs2.1-test-004_headlines.json", vec![Unreadable("no body text")]),
        ("ninjs2.1-test-014_expires.json", vec![Unreadable("no body text")]),
        ("ninjs2.2-001_simple_example.json", vec![Story(schettino)]),
        ("ninjs2.2-003_associations_example.json", vec![Unreadable("no body text")]),
        ("ninjs2.2-005_complex_text_article.json", vec![Story(schettino_with_entities)]),
        ("ninjs2.2-006_photo_only.json", vec![NotAStory]),
        ("ninjs2.2-007_multimedia.json", vec![Story(schettino_with_pictures)]),
        ("ninjsExComplex1.json", vec![Story(schettino_with_entities)]),
        ("ninjsExComplex2.json", vec![Story(schettino_with_pictures)]),
        ("ninjsExMediumText1.json", vec![Story(schettino_with_entities)]),
        ("ninjsExSimpleText1.json", vec![Story(schettino)]),
        ("ninjsExSimpleText_2.json", vec![Story(schettino)]),
        ("ntb_text.json", vec![Unreadable("no body text")]),
        ("superdesk-ap_media_picture.json", vec![NotAStory]),
        (
            "superdesk-ap_media_text_item.json",
            vec![Unreadable("only in a linked rendition")],
        ),
        (
            "superdesk-bbc-ninjs-comp-test.json",
            vec![Story(|s| {
                assert_eq!(s.source_key, "https://example.com/56789");
                assert_eq!(s.headline, "abcdef");
                assert_eq!(s.deck.as_deref(), Some("ldrs"));
                assert_eq!(s.topics, vec!["Leisure", "Risca"], "the Welsh and Gaelic names are left out");
                assert_eq!(s.pictures.len(), 1);
                assert_eq!(s.pictures[0].width, Some(172));
                assert_eq!(s.pictures[0].caption.as_deref(), Some("abc"));
            })],
        ),
        (
            "superdesk-ninjs1.json",
            vec![Story(|s| {
                assert!(s.source_key.starts_with("urn:newsml:localhost:2017-08-24T14:37:19.783611"));
                assert_eq!(s.version, Some(2));
                assert_eq!(s.deck.as_deref(), Some("abstract"));
                assert_eq!(s.source.as_deref(), Some("AAP"));
                assert_eq!(s.usage_terms.as_deref(), Some("Usage"));
                assert_eq!(s.language.as_deref(), Some("fr"));
                assert_eq!(s.dateline.as_deref(), Some("Milton Keynes"));
                assert_eq!(s.published_at, Some(datetime!(2017-08-24 04:37:19 UTC)));
            })],
        ),
        (
            "superdesk-ninjs2.json",
            vec![Story(|s| {
                assert_eq!(s.headline, "Oil prices edge up on first drop in US drilling in months");
                assert_eq!(s.byline.people(), &[person("Henning Gloystein", None)]);
                assert_eq!(s.source.as_deref(), Some("Reuters"));
                assert_eq!(
                    s.pictures.iter().map(|p| (p.src.as_str(), p.credit.as_deref())).collect::<Vec<_>>(),
                    vec![("http://localhost:5000/api/upload-raw/599e31ed1d41c833e0b8a840?_schema=http", Some("Bebeto Matthews"))],
                    "the 1,400-pixel base image, not the 3,489-pixel original"
                );
            })],
        ),
        ("superdesk-ninjs3.json", vec![NotAStory]),
        (
            "superdesk-ninjs4.json",
            vec![Story(|s| {
                assert_eq!(s.headline, "China behauptet, einen Polizeihund geklont zu haben");
                assert_eq!(s.pictures.len(), 2);
                assert!(s.pictures[0].src.ends_with("Polizeihund-China-2.jpg"), "the feature picture leads");
                assert!(s.topics.contains(&"Science".to_owned()));
            })],
        ),
        (
            "superdesk-ninjs_embargoed.json",
            vec![Story(|s| {
                assert_eq!(s.embargo_until, Some(datetime!(2022-06-29 02:30 UTC)));
                assert_eq!(s.headline, "Trouble is brewing for the future of beer");
                assert_eq!(s.version, Some(11));
                assert_eq!(s.copyright, None, "an empty notice is no notice");
                assert_eq!(s.usage_terms, None);
                assert_eq!(s.byline.people(), &[person("Aaron J. Staples", Some("Michigan State University"))]);
                assert_eq!(s.pictures.len(), 1);
            })],
        ),
        ("tt_text_image_2.json", vec![Story(tt_military_exercise)]),
        ("tt_text_image_3.json", vec![Story(tt_military_exercise)]),
    ]
}

fn corpus_files(folder: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for sub in ["", "invalid"] {
        let dir = folder.join(sub);
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("a directory entry").path();
            if path.is_file() {
                let name = path
                    .file_name()
                    .expect("a file name")
                    .to_string_lossy()
                    .into_owned();
                names.push(if sub.is_empty() {
                    name
                } else {
                    format!("{sub}/{name}")
                });
            }
        }
    }
    names.sort();
    names
}

#[test]
fn every_real_ninjs_file_lands_as_its_format_says() {
    let Some(corpus) = std::env::var_os("GAZETTE_CORPUS") else {
        eprintln!("SKIPPED: GAZETTE_CORPUS is not set; the real ninjs files were not read");
        return;
    };
    let folder = PathBuf::from(corpus).join("ninjs");
    let expectations = corpus_expectations();
    let files = corpus_files(&folder);
    let known: Vec<&str> = expectations.iter().map(|(name, _)| *name).collect();
    let unlisted: Vec<&String> = files
        .iter()
        .filter(|f| !known.contains(&f.as_str()))
        .collect();
    assert!(
        unlisted.is_empty(),
        "corpus files without an expectation: {unlisted:?}"
    );

    for (name, expected) in &expectations {
        let bytes = std::fs::read(folder.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let document = read_document(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(document.format, Format::Ninjs, "{name}");
        assert_eq!(
            document.items.len(),
            expected.len(),
            "{name}: {:?}",
            document.items
        );
        for (item, expect) in document.items.iter().zip(expected) {
            match (item, expect) {
                (Item::Story(story), Expect::Story(check)) => {
                    assert!(!story.source_key.is_empty(), "{name}: no source key");
                    if story.status != Status::Killed {
                        assert!(!story.headline.is_empty(), "{name}: no headline");
                        assert!(!story.body.is_empty(), "{name}: no body");
                    }
                    assert_no_active_content(story);
                    check(story);
                }
                (Item::NotAStory { reason, .. }, Expect::NotAStory) => {
                    assert!(reason.ends_with("is not a story"), "{name}: {reason}");
                }
                (Item::Unreadable { error, .. }, Expect::Unreadable(why)) => {
                    assert!(error.to_string().contains(why), "{name}: {error}");
                }
                (item, _) => panic!("{name}: landed otherwise than expected: {item:?}"),
            }
        }
    }
}

/// dpa-style German bylines open with "Von"; elsewhere "Von" begins a name.
#[test]
fn a_german_byline_loses_its_von_and_other_bylines_keep_it() {
    let byline = |language: &str, by: &str| {
        let item = format!(
            r#"{{"uri": "urn:example:kuestenbote:hafenfest", "type": "text", "language": "{language}",
                "by": "{by}", "headline": "Hafenfest endet mit Feuerwerk",
                "body_text": "Das Hafenfest in Sandwerder endete am Sonntag mit einem Feuerwerk."}}"#
        );
        let document = read_document(item.as_bytes()).unwrap_or_else(|e| panic!("{by}: {e}"));
        match document.items.as_slice() {
            [Item::Story(story)] => story
                .byline
                .people()
                .iter()
                .map(|p| format!("{}|{}", p.name, p.organisation.as_deref().unwrap_or("")))
                .collect::<Vec<_>>(),
            other => panic!("{by}: expected one story, got {other:?}"),
        }
    };
    assert_eq!(
        byline("de", "Von Almut Kipp, Küstenbote"),
        ["Almut Kipp|Küstenbote"]
    );
    assert_eq!(byline("de-DE", "Von Jens Ott"), ["Jens Ott|"]);
    assert_eq!(
        byline("de-DE", "Von Greta von der Heide"),
        ["Greta von der Heide|"]
    );
    assert_eq!(
        byline("de", "Greta von der Heide, Küstenbote"),
        ["Greta von der Heide|Küstenbote"]
    );
    assert_eq!(byline("en", "Von Miller"), ["Von Miller|"]);
    assert_eq!(byline("en-US", "By Von Miller"), ["Von Miller|"]);
}
