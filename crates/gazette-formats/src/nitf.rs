//! IPTC NITF 3.x, the News Industry Text Format: one story per document, its
//! metadata in `head/docdata`, its text in `body` (`body.head`, `body.content`,
//! `body.end`). NewsML-G2 items often carry a NITF body inline; [`read_body`] reads it
//! for both readers.

use crate::html::{blocks_from_html, collapse_whitespace, text_from_html};
use crate::page_copy::byline_from_text;
use crate::xml::{self, date_in, dateline_date, Element};
use crate::{Item, ReadError};
use gazette_core::{Block, Body, Byline, Correction, IncomingStory, Person};

const FORMAT: &str = "NITF";

/// Reads the story of a NITF document.
pub(crate) fn read_nitf(bytes: &[u8]) -> Result<Vec<Item>, ReadError> {
    let nitf = xml::parse(bytes, FORMAT)?;
    if nitf.name() != "nitf" {
        return Err(ReadError::Invalid {
            format: FORMAT,
            reason: format!("the root element is <{}>, not <nitf>", nitf.name()),
        });
    }
    Ok(vec![read_story(&nitf)])
}

fn read_story(nitf: &Element) -> Item {
    let docdata = nitf.path(&["head", "docdata"]);
    let source_key = docdata.map(source_key).unwrap_or_default();
    let language = language_of(nitf);
    let body = match read_body(nitf, language.as_deref()) {
        Ok(body) => body,
        Err(error) => {
            return Item::Unreadable {
                id: Some(source_key).filter(|key| !key.is_empty()),
                error,
            }
        }
    };
    let mut story = IncomingStory {
        source_key,
        headline: body.headline.unwrap_or_default(),
        deck: body.deck,
        source: body
            .byline
            .people()
            .iter()
            .find_map(|person| person.organisation.clone()),
        byline: body.byline,
        contributors: body.contributors,
        distributor: body.distributor,
        dateline: body.dateline,
        language,
        topics: topics(nitf),
        body: Body(body.blocks),
        ..IncomingStory::default()
    };
    if let Some(docdata) = docdata {
        read_docdata(docdata, &mut story);
    }
    if story.source_key.is_empty() {
        story.source_key = key_without_doc_id(&story);
    }
    story.urgency = story.urgency.or_else(|| {
        // Some senders put <urgency> in <head> rather than in <docdata>.
        nitf.path(&["head", "urgency"])
            .and_then(|urgency| urgency.attr("ed-urg"))
            .and_then(xml::urgency_in)
    });
    story.published_at = story.published_at.or_else(|| {
        nitf.path(&["head", "pubdata"])
            .and_then(|pubdata| pubdata.attr("date.publication"))
            .and_then(date_in)
    });
    xml::story_item(FORMAT, story)
}

/// The document's id (`doc-id/@id-string`). NITF's `du-key/@key` names the chain of
/// updates a story belongs to and would survive its updates better, but senders also
/// use it per topic (PA's "PA-HHH-POLITICS-UnitedKingdom" covers many stories), so it
/// is the id only when the document has no `doc-id`.
fn source_key(docdata: &Element) -> String {
    docdata
        .child("doc-id")
        .and_then(|id| id.attr("id-string"))
        .or_else(|| docdata.child("du-key").and_then(|key| key.attr("key")))
        .unwrap_or_default()
        .to_owned()
}

/// Senders that omit docdata (AP's NITF among them) give no id at all. Like page copy,
/// such a story is then known by what identifies it to a reader, its source and
/// headline, so a resent copy is the same story and not a second one. Empty when there is
/// no headline either: such a document is refused for having no id.
fn key_without_doc_id(story: &IncomingStory) -> String {
    let slug = |text: &str| {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join("-")
    };
    let headline = slug(&story.headline);
    if headline.is_empty() {
        return String::new();
    }
    let source = story
        .source
        .as_deref()
        .or(story.distributor.as_deref())
        .map(slug)
        .unwrap_or_else(|| "unknown-source".into());
    format!("nitf:{source}:{headline}")
}

fn read_docdata(docdata: &Element, story: &mut IncomingStory) {
    let date = |name: &str| {
        docdata
            .child(name)
            .and_then(|element| value_of(element, "norm"))
            .and_then(|text| date_in(&text))
    };
    story.published_at = date("date.issue");
    // NITF 3.x: date.release is when the receiver may publish. It is reported as the
    // embargo whatever management-status says; Gazette holds the story only while the
    // time is in the future.
    story.embargo_until = date("date.release");
    story.expires_at = date("date.expire");
    // du-key/@version counts the versions of the update chain ("04", "48").
    story.version = docdata
        .child("du-key")
        .and_then(|key| key.attr("version"))
        .and_then(|version| version.parse().ok());
    story.urgency = docdata
        .child("urgency")
        .and_then(|urgency| urgency.attr("ed-urg"))
        .and_then(xml::urgency_in);
    story.status = docdata
        .attr("management-status")
        .map(xml::status_in)
        .unwrap_or_default();
    story.copyright = docdata.child("doc.copyright").and_then(copyright_of);
    story.usage_terms = docdata
        .child("doc.rights")
        .and_then(|rights| rights.attr("limitations"))
        .map(str::to_owned);
    story.correction = correction_of(docdata);
}

/// NITF puts docdata values in attributes (`@norm`, `@info`, `@key`); some senders
/// write them as the element's text instead.
fn value_of(element: &Element, attribute: &str) -> Option<String> {
    element
        .attr(attribute)
        .map(str::to_owned)
        .or_else(|| element.text_opt())
}

/// "© 2002 International Press Telecommunications Council" from `doc.copyright`.
fn copyright_of(copyright: &Element) -> Option<String> {
    let holder = copyright.attr("holder")?;
    Some(match copyright.attr("year") {
        Some(year) => format!("© {year} {holder}"),
        None => format!("© {holder}"),
    })
}

/// NITF has no correction field. A document is taken as a correction when its
/// `doc-name` says so (newspaper systems name notices "CORREX …") or its editor's
/// message does ("Corrects the spelling of …"); the message is then the note.
fn correction_of(docdata: &Element) -> Option<Correction> {
    let message = docdata
        .child("ed-msg")
        .and_then(|message| value_of(message, "info"));
    let named = docdata
        .child("doc-name")
        .and_then(|name| value_of(name, "name-string"))
        .is_some_and(|name| mentions_correction(&name));
    let typed = docdata
        .child("ed-msg")
        .and_then(|message| message.attr("msg-type"))
        .is_some_and(mentions_correction);
    let said = message.as_deref().is_some_and(mentions_correction);
    (named || typed || said).then(|| Correction {
        note: message.map(|m| collapse_whitespace(&m)),
    })
}

fn mentions_correction(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "correx",
        "correction",
        "corrections",
        "corrects",
        "corrected",
        "correcting",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .any(|word| WORDS.contains(&word.to_lowercase().as_str()))
}

/// The language the document declares: `@baselang` (NITF 3.x) or `xml:lang`.
fn language_of(nitf: &Element) -> Option<String> {
    nitf.attr("baselang")
        .or_else(|| nitf.attr("lang"))
        .or_else(|| nitf.child("body").and_then(|body| body.attr("lang")))
        .map(str::to_owned)
}

/// Subject names (`tobject.subject/@tobject.subject.matter`) and keywords
/// (`key-list/keyword`, by `@key` or text), deduplicated in order.
fn topics(nitf: &Element) -> Vec<String> {
    let head = nitf.child("head");
    let subjects = head
        .and_then(|head| head.child("tobject"))
        .into_iter()
        .flat_map(|tobject| tobject.children_named("tobject.subject"))
        .filter_map(|subject| subject.attr("tobject.subject.matter").map(str::to_owned));
    let keywords = head
        .and_then(|head| head.path(&["docdata", "key-list"]))
        .into_iter()
        .flat_map(|list| list.children_named("keyword"))
        .filter_map(|keyword| value_of(keyword, "key"));
    xml::distinct(subjects.chain(keywords))
}

/// What a NITF `<body>` says, for the NITF reader and for NewsML-G2 items that carry
/// a NITF body inline.
#[derive(Debug, Default)]
pub(crate) struct NitfBody {
    pub(crate) headline: Option<String>,
    pub(crate) deck: Option<String>,
    pub(crate) byline: Byline,
    pub(crate) dateline: Option<String>,
    pub(crate) distributor: Option<String>,
    pub(crate) contributors: Vec<String>,
    pub(crate) blocks: Vec<Block>,
}

/// Reads the body of a `<nitf>` element: `hl1` (or the document `title`) is the
/// headline, the abstract or `hl2` the deck, `body.content` the text, and the tagline
/// of `body.end` a contributor credit or the last paragraph.
pub(crate) fn read_body(nitf: &Element, language: Option<&str>) -> Result<NitfBody, ReadError> {
    let body = nitf.child("body");
    let head = body.and_then(|body| body.child("body.head"));
    let part = |name: &str| head.and_then(|head| head.child(name));
    // NITF names it <hedline>; AP and others write <headline>.
    let hedline = part("hedline").or_else(|| part("headline"));
    let headline = hedline
        .and_then(|hedline| hedline.child("hl1"))
        .and_then(Element::text_opt)
        .or_else(|| nitf.path(&["head", "title"]).and_then(Element::text_opt));
    let subheadline = hedline
        .and_then(|hedline| hedline.child("hl2"))
        .and_then(Element::text_opt)
        .filter(|hl2| Some(hl2) != headline.as_ref());
    let content: String = body
        .into_iter()
        .flat_map(|body| body.children_named("body.content"))
        .map(Element::inner_markup)
        .collect();
    let mut blocks = blocks_from_html(&content)?;
    let mut contributors = Vec::new();
    for tagline in body
        .and_then(|body| body.child("body.end"))
        .into_iter()
        .flat_map(|end| end.children_named("tagline"))
        .filter_map(Element::text_opt)
    {
        if is_contribution_credit(&tagline) {
            contributors.push(tagline);
        } else {
            blocks.push(Block::Paragraph(tagline));
        }
    }
    Ok(NitfBody {
        headline,
        deck: part("abstract").and_then(Element::text_opt).or(subheadline),
        byline: part("byline")
            .map(|byline| byline_of(byline, language))
            .unwrap_or_default(),
        dateline: part("dateline").and_then(dateline_of),
        distributor: part("distributor").and_then(Element::text_opt),
        contributors,
        blocks,
    })
}

fn is_contribution_credit(text: &str) -> bool {
    let text = text.to_lowercase();
    [
        "contribut",
        "assistance",
        "additional reporting",
        "reporting by",
    ]
    .iter()
    .any(|words| text.contains(words))
}

/// A NITF byline: `<person>` names, or the words of the byline when it has none, each
/// of the `<org>` (or of the `<byttl>` when that names an organisation rather than a
/// job: "The Bulletin", not "AP Business Writer").
fn byline_of(byline: &Element, language: Option<&str>) -> Byline {
    let title = byline.child("byttl").and_then(Element::text_opt);
    let organisation = byline
        .child("org")
        .and_then(Element::text_opt)
        .or_else(|| title.filter(|title| !is_job_title(title)));
    let named: Vec<String> = byline
        .children_named("person")
        .filter_map(Element::text_opt)
        .collect();
    let words = if named.is_empty() {
        vec![text_from_html(
            &byline.inner_markup_without(&["byttl", "org", "location"]),
        )]
    } else {
        named
    };
    let mut people: Vec<Person> = words
        .iter()
        .flat_map(|text| byline_from_text(text, language).0)
        .collect();
    for person in &mut people {
        person.organisation = person.organisation.take().or_else(|| organisation.clone());
    }
    if people.is_empty() {
        // A byline that names only the organisation ("<byttl>Sports Network</byttl>").
        people.extend(organisation.map(|org| Person::new(org, None)));
    }
    Byline(people)
}

fn is_job_title(text: &str) -> bool {
    let text = text.to_lowercase();
    [
        "writer",
        "reporter",
        "correspondent",
        "editor",
        "columnist",
        "photographer",
        "critic",
        "staff",
        "contributor",
        "analyst",
        "producer",
        "journalist",
    ]
    .iter()
    .any(|job| text.contains(job))
}

/// The dateline as written, or built from its parts: the place (`location`, whose
/// city, state and country are joined with commas when the source wrote none) and
/// the date (`story.date`, from its text or its `@norm`).
fn dateline_of(dateline: &Element) -> Option<String> {
    let place = dateline.child("location").and_then(location_text);
    let date = dateline.child("story.date").and_then(|date| {
        date.text_opt()
            .or_else(|| date.attr("norm").and_then(date_in).map(dateline_date))
    });
    if place.is_none() && date.is_none() {
        return dateline.text_opt();
    }
    let rest = text_from_html(&dateline.inner_markup_without(&["location", "story.date"]));
    let rest = rest.trim_matches(|c: char| c == ',' || c.is_whitespace());
    let parts: Vec<&str> = [place.as_deref(), date.as_deref().or(Some(rest))]
        .into_iter()
        .flatten()
        .filter(|part| !part.is_empty())
        .collect();
    Some(parts.join(", ")).filter(|dateline| !dateline.is_empty())
}

fn location_text(location: &Element) -> Option<String> {
    let text = location.text_opt()?;
    if text.contains(',') {
        return Some(text);
    }
    let parts: Vec<String> = location.elements().filter_map(Element::text_opt).collect();
    Some(if parts.len() > 1 {
        parts.join(", ")
    } else {
        text
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nitf(xml: &str) -> Element {
        xml::parse(xml.as_bytes(), FORMAT).expect("well-formed")
    }

    fn byline(xml: &str) -> Vec<(String, Option<String>)> {
        byline_of(&nitf(xml), Some("en"))
            .people()
            .iter()
            .map(|p| (p.name.clone(), p.organisation.clone()))
            .collect()
    }

    fn person(name: &str, org: Option<&str>) -> (String, Option<String>) {
        (name.into(), org.map(str::to_owned))
    }

    #[test]
    fn bylines_take_people_and_an_organisation_not_a_job_title() {
        assert_eq!(
            byline("<byline>By <person>Ana Ruiz</person><byttl>Harbour Times</byttl></byline>"),
            vec![person("Ana Ruiz", Some("Harbour Times"))]
        );
        assert_eq!(
            byline("<byline><person>By Lee Chan </person><byttl>Staff Writer</byttl></byline>"),
            vec![person("Lee Chan", None)]
        );
        assert_eq!(
            byline("<byline><person>Mia Holt and Jo Park</person><org>Valley Co-op News</org></byline>"),
            vec![
                person("Mia Holt", Some("Valley Co-op News")),
                person("Jo Park", Some("Valley Co-op News"))
            ]
        );
        assert_eq!(
            byline("<byline>By Sam Reed, Port Weekly</byline>"),
            vec![person("Sam Reed", Some("Port Weekly"))]
        );
        assert_eq!(
            byline("<byline><byttl>Harbour Sports Network</byttl></byline>"),
            vec![person("Harbour Sports Network", None)]
        );
        assert!(byline("<byline>\n  </byline>").is_empty());
    }

    #[test]
    fn datelines_are_read_or_built_from_place_and_date() {
        let dateline = |xml: &str| dateline_of(&nitf(xml));
        assert_eq!(
            dateline("<dateline>PORT ELLIS, May 3</dateline>").as_deref(),
            Some("PORT ELLIS, May 3")
        );
        assert_eq!(
            dateline(
                "<dateline><location><city>Port Ellis</city><state>Maine</state></location>\
                 <story.date norm='20260503T090000Z'/></dateline>"
            )
            .as_deref(),
            Some("Port Ellis, Maine, May 3")
        );
        assert_eq!(
            dateline(
                "<dateline><location><city>Newport</city>, <state>VA</state></location></dateline>"
            )
            .as_deref(),
            Some("Newport, VA")
        );
        assert_eq!(
            dateline("<dateline><location>OSLO</location>, May 3 -</dateline>").as_deref(),
            Some("OSLO, May 3 -")
        );
        assert_eq!(dateline("<dateline/>"), None);
    }

    #[test]
    fn corrections_are_recognised_by_name_or_editors_message() {
        let correction = |xml: &str| correction_of(&nitf(xml));
        assert_eq!(
            correction("<docdata><doc-name name-string='CORREX 0514'/></docdata>"),
            Some(Correction { note: None })
        );
        assert_eq!(
            correction("<docdata><ed-msg info='Corrects the spelling of the harbourmaster&apos;s name.'/></docdata>"),
            Some(Correction {
                note: Some("Corrects the spelling of the harbourmaster's name.".into())
            })
        );
        assert_eq!(
            correction("<docdata><ed-msg info='For global distribution'/></docdata>"),
            None
        );
        assert_eq!(
            correction("<docdata><doc-name name-string='AIRPORT 0210'/></docdata>"),
            None
        );
        assert!(!mentions_correction("correctly placed"));
    }

    #[test]
    fn the_doc_id_is_the_key_and_du_key_only_a_fallback() {
        let key = |xml: &str| source_key(&nitf(xml));
        assert_eq!(
            key("<docdata><du-key key='chain'/><doc-id id-string=' d-1 '/></docdata>"),
            "d-1"
        );
        assert_eq!(
            key("<docdata><doc-id regsrc='AP'/><du-key key='chain'/></docdata>"),
            "chain"
        );
        assert_eq!(key("<docdata/>"), "");
    }

    #[test]
    fn taglines_credit_contributors_or_close_the_text() {
        let body = read_body(
            &nitf(
                "<nitf><body><body.content><p>Text.</p></body.content><body.end>\
                 <tagline>Lee Chan contributed to this report.</tagline>\
                 <tagline>Call the newsroom on 555-0100.</tagline></body.end></body></nitf>",
            ),
            None,
        )
        .expect("readable");
        assert_eq!(
            body.contributors,
            vec!["Lee Chan contributed to this report."]
        );
        assert_eq!(
            body.blocks,
            vec![
                Block::Paragraph("Text.".into()),
                Block::Paragraph("Call the newsroom on 555-0100.".into())
            ]
        );
    }
}
