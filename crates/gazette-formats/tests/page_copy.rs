//! The page-copy reader on our own fixtures: every field a syndicated page carries, the
//! variations real copies show, and the copy it must refuse.

use gazette_core::{Block, IncomingStory, Person};
use gazette_formats::{detect_format, read_document, read_page_copy, Format, ReadError};
use std::path::PathBuf;
use time::macros::datetime;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/page-copy")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(name: &str) -> IncomingStory {
    read_page_copy(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn refusal(name: &str) -> (usize, String) {
    match read_page_copy(&fixture(name)) {
        Err(ReadError::PageCopy { line, reason }) => (line, reason),
        other => panic!("{name}: expected a page-copy error naming a line, got {other:?}"),
    }
}

fn person(name: &str, org: &str) -> Person {
    Person::new(name, Some(org.to_owned()))
}

fn texts(story: &IncomingStory) -> Vec<String> {
    story
        .body
        .blocks()
        .iter()
        .map(|b| match b {
            Block::Paragraph(t) => format!("P {t}"),
            Block::Subhead(t) => format!("H {t}"),
            other => format!("? {other:?}"),
        })
        .collect()
}

#[test]
fn reads_every_part_of_a_partner_page_and_drops_its_chrome() {
    let story = read("harbor-ferry.txt");
    assert_eq!(story.section.as_deref(), Some("Local News"));
    assert_eq!(
        story.headline,
        "Council approves weekend ferry service to the north harbor"
    );
    assert_eq!(
        story.byline.people(),
        &[
            person("Maria Lopez", "Harbor Times"),
            person("Tom Becker", "Harbor Times")
        ]
    );
    assert_eq!(story.category.as_deref(), Some("News & Features"));
    assert_eq!(
        texts(&story),
        vec![
            "P The city council voted 7-2 on Tuesday to extend weekend ferry service to the north harbor.",
            "P “We listened to the people who ride it every day,” council member Ana Ruiz said.",
            "H Funding questions",
            "P The extension will cost about $1.2 million a year, the transit office said.",
        ]
    );
    assert_eq!(story.contributors, vec!["Lee Chan"]);
    assert_eq!(
        story.copyright.as_deref(),
        Some("©2025 Harbor Times Media.")
    );
    assert_eq!(story.source.as_deref(), Some("Harbor Times"));
    assert_eq!(story.source_site.as_deref(), Some("harbortimes.example"));
    assert_eq!(
        story.distributor.as_deref(),
        Some("Coastal Content Syndicate, LLC")
    );
    assert_eq!(story.published_at, None, "the copy carries no date");
    let everything = format!("{story:?}");
    for chrome in ["Disqus", "The Harbor Ledger", "----", "Comments"] {
        assert!(
            !everything.contains(chrome),
            "chrome {chrome:?} leaked into the story"
        );
    }
}

#[test]
fn three_authors_a_date_crlf_nbsp_lines_and_several_subheads() {
    let story = read("three-authors-crlf-dated.txt");
    assert_eq!(story.section.as_deref(), Some("Business"));
    assert_eq!(
        story.headline,
        "Vineyard co-op bets €4 million on a shared bottling line"
    );
    assert_eq!(
        story.byline.people(),
        &[
            person("Zoë Laurent", "Meridian News"),
            person("Pieter Vos", "Meridian News"),
            person("Ines Duarte", "Meridian News"),
        ]
    );
    assert_eq!(
        story.byline.to_text(),
        "Zoë Laurent, Pieter Vos and Ines Duarte, Meridian News"
    );
    assert_eq!(story.published_at, Some(datetime!(2026-11-03 00:00 UTC)));
    assert_eq!(story.category.as_deref(), Some("Markets"));
    let subheads: Vec<_> = texts(&story)
        .into_iter()
        .filter(|t| t.starts_with("H "))
        .collect();
    assert_eq!(subheads, vec!["H Why now", "H What comes next"]);
    assert_eq!(story.body.blocks().len(), 7);
    assert!(texts(&story)[0].contains("€4 million") && texts(&story)[0].contains('—'));
    assert_eq!(story.contributors, vec!["Lee Chan", "Ravi Shah"]);
    assert_eq!(
        story.source_site.as_deref(),
        Some("meridiannews.example/business")
    );
    assert_eq!(
        story.distributor.as_deref(),
        Some("Meridian Features Service")
    );
    assert!(!format!("{story:?}").contains("Talkline"));
}

#[test]
fn copy_without_breadcrumb_starts_with_its_headline() {
    let story = read("no-breadcrumb-by-line.txt");
    assert_eq!(story.section, None);
    assert_eq!(
        story.headline,
        "Storm surge eats into the dunes at Gull Point"
    );
    assert_eq!(
        story.byline.people(),
        &[person("Priya Nair", "Northwind Wire")]
    );
    assert_eq!(story.category, None);
    assert_eq!(story.body.blocks().len(), 2);
}

#[test]
fn oxford_comma_byline_without_category() {
    let story = read("no-category-oxford.txt");
    assert_eq!(story.section.as_deref(), Some("Science & Environment"));
    let names: Vec<_> = story
        .byline
        .people()
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, vec!["Henrik Olsen", "Mara Quist", "Dev Patel"]);
    assert_eq!(story.category, None);
    assert!(texts(&story)[0].starts_with("P Researchers"));
}

#[test]
fn windows_1252_copy_is_decoded() {
    let story = read("windows-1252.txt");
    assert_eq!(
        story.headline,
        "School board trims “extras” from the budget"
    );
    assert!(texts(&story)[0].contains("£200,000 from arts programs — a decision"));
    assert_eq!(story.copyright.as_deref(), Some("©2026 Lakeside Post."));
    assert_eq!(
        story.distributor.as_deref(),
        Some("Prairie Wire Agency, Inc")
    );
}

#[test]
fn name_and_organisation_before_category_is_a_byline() {
    let story = read("name-org-before-category.txt");
    assert_eq!(story.headline, "Bakery chain opens its tenth shop");
    assert_eq!(
        story.byline.people(),
        &[person("Elif Kaya", "Lakeside Post")]
    );
    assert_eq!(story.category.as_deref(), Some("Features"));
}

#[test]
fn a_date_on_its_own_line_dates_the_story_and_stays_out_of_the_body() {
    let story = read("date-on-own-line.txt");
    assert_eq!(story.published_at, Some(datetime!(2026-11-20 00:00 UTC)));
    assert!(texts(&story)[0].starts_with("P Crews will close"));
}

#[test]
fn same_story_edited_keeps_its_identity_and_another_story_does_not_share_it() {
    let original = read("harbor-ferry.txt");
    let edited = String::from_utf8(fixture("harbor-ferry.txt"))
        .expect("utf-8")
        .replace("7-2", "8-1");
    let edited = read_page_copy(edited.as_bytes()).expect("reads");
    assert_eq!(original.source_key, edited.source_key);
    assert_ne!(original.body, edited.body);
    assert_ne!(
        original.source_key,
        read("no-category-oxford.txt").source_key
    );
}

#[test]
fn empty_and_blank_files_are_refused() {
    assert_eq!(
        read_page_copy(&fixture("bad/empty.txt")),
        Err(ReadError::Empty)
    );
    assert_eq!(
        read_page_copy(&fixture("bad/blank.txt")),
        Err(ReadError::Empty)
    );
}

#[test]
fn copy_with_no_body_names_where_the_body_should_be() {
    let (line, reason) = refusal("bad/no-body.txt");
    assert_eq!(line, 11);
    assert!(reason.contains("no body"), "{reason}");
}

#[test]
fn partner_chrome_it_does_not_know_is_refused_not_published() {
    let (line, reason) = refusal("bad/unknown-footer.txt");
    assert_eq!(line, 15);
    assert!(reason.contains("Ten things to do"), "{reason}");
}

#[test]
fn a_paragraph_where_the_headline_should_be_is_refused() {
    let (line, reason) = refusal("bad/paragraphs-only.txt");
    assert_eq!(line, 1);
    assert!(reason.contains("headline"), "{reason}");
}

#[test]
fn a_byline_that_is_not_names_is_refused() {
    let (line, reason) = refusal("bad/bad-byline.txt");
    assert_eq!(line, 9);
    assert!(reason.contains("byline"), "{reason}");
}

#[test]
fn xml_and_json_are_not_taken_for_page_copy() {
    assert_eq!(
        detect_format(b"<?xml version=\"1.0\"?><nitf/>"),
        Format::Nitf
    );
    assert_eq!(detect_format(b"{\"uri\":\"x\"}"), Format::Ninjs);
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// Pieces real copies are made of, so the generator reaches deep into the reader
    /// instead of failing on the first line.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("Local News".to_owned()),
            Just("/".to_owned()),
            Just("The Harbor Ledger".to_owned()),
            Just("Council approves ferry".to_owned()),
            Just("Maria Lopez and Tom Becker, Harbor Times on".to_owned()),
            Just("By Ana Ruiz, A, and B, Org on Nov. 3, 2026".to_owned()),
            Just("Published in News & Features".to_owned()),
            Just("The council voted 7-2 on Tuesday.".to_owned()),
            Just("Funding questions".to_owned()),
            Just("----------".to_owned()),
            Just("—With assistance from Lee Chan.".to_owned()),
            Just("©2025 X. Visit x.example. Distributed by Y, LLC.".to_owned()),
            Just("Comments".to_owned()),
            Just("blog comments powered by Disqus".to_owned()),
            Just("\u{00A0}".to_owned()),
            ".{0,40}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let _ = read_document(&bytes);
        }

        #[test]
        fn on_shuffled_pieces_of_real_copy(pieces in proptest::collection::vec(piece(), 0..24)) {
            let copy = pieces.join("\n\n");
            if let Ok(story) = read_page_copy(copy.as_bytes()) {
                prop_assert!(!story.headline.is_empty());
                prop_assert!(story.body.blocks().iter().any(|b| matches!(b, Block::Paragraph(_))));
                let shown = format!("{story:?}");
                prop_assert!(!shown.contains("powered by Disqus"));
            }
        }
    }
}

/// The demo edition is page copy too: every file must read, with a byline and a section.
#[test]
fn every_demo_story_reads() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../gazette/demo");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("demo folder") {
        let path = entry.expect("entry").path();
        let story = read_page_copy(&std::fs::read(&path).expect("read"))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!story.byline.is_empty(), "{}", path.display());
        assert!(story.section.is_some(), "{}", path.display());
        assert!(story.distributor.is_some(), "{}", path.display());
        count += 1;
    }
    assert!(count >= 12, "only {count} demo stories");
}

#[test]
fn capitalised_four_author_byline_with_abbreviated_date_and_other_credit_forms() {
    let story = read("caps-byline-copyright-variants.txt");
    assert_eq!(story.section.as_deref(), Some("Business"));
    let names: Vec<_> = story
        .byline
        .people()
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        names,
        vec![
            "JUNE HALVORSEN",
            "AMOS KETTLE",
            "RITA OYELARAN",
            "PAUL VINCENT"
        ]
    );
    assert!(story
        .byline
        .people()
        .iter()
        .all(|p| p.organisation.as_deref() == Some("PRAIRIE WIRE")));
    assert_eq!(story.published_at, Some(datetime!(2026-11-18 00:00 UTC)));
    assert_eq!(
        story.contributors,
        vec!["Ken Ito", "Sara Lind", "Omar Haddad"]
    );
    assert_eq!(
        story.copyright.as_deref(),
        Some("Copyright 2026 Prairie Wire Inc.")
    );
    assert_eq!(
        story.distributor.as_deref(),
        Some("Prairie Wire Agency, Inc")
    );
    assert_eq!(story.body.blocks().len(), 2);
    assert!(!format!("{story:?}").contains("Talkline"));
}

#[test]
fn copy_without_any_footer_keeps_every_paragraph() {
    let story = read("no-footer-at-all.txt");
    assert_eq!(story.body.blocks().len(), 2);
    assert_eq!(story.copyright, None);
    assert_eq!(story.distributor, None);
    assert!(texts(&story)[1].contains("€40,000"));
}
