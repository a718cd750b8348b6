//! IPTC NewsML-G2: a newsItem, or the items of a newsMessage, with their packages.
//!
//! Only text items are stories. A picture item that a packageItem of the same
//! document links to a text item becomes that story's picture; every other picture,
//! video, audio, composite, planning or concept item is set aside as not a story, and
//! so is the package itself, which only links. Bodies arrive as `inlineXML` (XHTML or
//! NITF, under namespace prefixes of any name) or as `inlineData` plain text.

use crate::html::{blocks_from_html, http_url, text_from_html};
use crate::nitf::{self, NitfBody};
use crate::page_copy::byline_from_text;
use crate::xml::{self, date_in, dateline_date, without_trailing_dash, Element};
use crate::{Item, ReadError};
use gazette_core::{Block, Body, Byline, Correction, IncomingStory, Person, Picture, Status};
use std::collections::{HashMap, HashSet};

const FORMAT: &str = "NewsML-G2";

/// The item elements of NewsML-G2 2.x (§5 Items).
const ITEM_ELEMENTS: &[&str] = &[
    "newsItem",
    "packageItem",
    "conceptItem",
    "planningItem",
    "knowledgeItem",
    "catalogItem",
];

/// Reads every item of a NewsML-G2 document.
pub(crate) fn read_newsml(bytes: &[u8]) -> Result<Vec<Item>, ReadError> {
    let root = xml::parse(bytes, FORMAT)?;
    let items = items_of(&root)?;
    if items.is_empty() {
        return Err(ReadError::NoStory { format: FORMAT });
    }
    Ok(read_items(&items))
}

/// The items of a newsMessage (in its itemSet), or the document's own root item.
fn items_of(root: &Element) -> Result<Vec<&Element>, ReadError> {
    match root.name() {
        "newsMessage" => Ok(root
            .children_named("itemSet")
            .flat_map(Element::elements)
            .filter(|item| ITEM_ELEMENTS.contains(&item.name()))
            .collect()),
        name if ITEM_ELEMENTS.contains(&name) => Ok(vec![root]),
        name @ ("contentMeta" | "itemMeta" | "contentSet" | "groupSet" | "rightsInfo") => {
            Err(ReadError::Invalid {
                format: FORMAT,
                reason: format!(
                    "the document is a bare <{name}> fragment, not a newsItem or newsMessage"
                ),
            })
        }
        name => Err(ReadError::Invalid {
            format: FORMAT,
            reason: format!("the root element <{name}> is not a NewsML-G2 item or newsMessage"),
        }),
    }
}

/// What an item is to Gazette.
enum Kind {
    Text,
    Picture,
    Package,
    NotAStory(String),
}

fn kind_of(item: &Element) -> Kind {
    match item.name() {
        "packageItem" => Kind::Package,
        "conceptItem" => not_a_story("concept", "it describes a person, place, event or idea"),
        "planningItem" => not_a_story("planning", "it announces coverage"),
        "knowledgeItem" => not_a_story("knowledge", "it holds a set of concepts"),
        "catalogItem" => not_a_story("catalog", "it lists the codes of vocabularies"),
        _ => match item_class(item).as_deref() {
            None | Some("text") => Kind::Text,
            Some("picture" | "graphic") => Kind::Picture,
            Some("composite") => not_a_story("composite", "it carries a set of events or parts"),
            Some(class) => not_a_story(class, ""),
        },
    }
}

fn not_a_story(class: &str, why: &str) -> Kind {
    let mut reason = format!("{} item is not a story", with_article(class));
    if !why.is_empty() {
        reason.push_str(&format!(" ({why})"));
    }
    Kind::NotAStory(reason)
}

/// "a picture", "an audio".
fn with_article(word: &str) -> String {
    let article = if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {word}")
}

/// The class of a newsItem: the code of `itemMeta/itemClass/@qcode` ("ninat:text",
/// Reuters' "icls:picture").
fn item_class(item: &Element) -> Option<String> {
    item.path(&["itemMeta", "itemClass"])
        .and_then(|class| class.attr("qcode"))
        .map(|qcode| code_of(qcode).to_ascii_lowercase())
}

/// The code of a QCode, after its scheme alias ("stat:usable" → "usable").
fn code_of(qcode: &str) -> &str {
    qcode.rsplit(':').next().unwrap_or(qcode).trim()
}

fn scheme_of(qcode: &str) -> &str {
    qcode
        .split_once(':')
        .map_or("", |(scheme, _)| scheme.trim())
}

fn guid_of(item: &Element) -> String {
    item.attr("guid").unwrap_or_default().to_owned()
}

fn read_items(items: &[&Element]) -> Vec<Item> {
    let pictures_of = package_links(items);
    let attached: HashSet<&str> = pictures_of
        .values()
        .flatten()
        .filter_map(|picture| picture.attr("guid"))
        .collect();
    items
        .iter()
        .filter_map(|item| {
            let id = guid_of(item);
            let not_a_story = |reason: String| {
                Some(Item::NotAStory {
                    id: id.clone(),
                    reason,
                })
            };
            match kind_of(item) {
                Kind::Text => {
                    let linked = pictures_of
                        .get(id.as_str())
                        .map(Vec::as_slice)
                        .unwrap_or_default();
                    Some(read_story(item, linked))
                }
                Kind::Picture if attached.contains(id.as_str()) => None,
                Kind::Picture => not_a_story(format!(
                    "{} item is not a story, and no package of this document links it to one",
                    with_article(&item_class(item).unwrap_or_else(|| "picture".into()))
                )),
                Kind::Package => {
                    not_a_story("a package item only links other items; it is not a story".into())
                }
                Kind::NotAStory(reason) => not_a_story(reason),
            }
        })
        .collect()
}

/// The picture items each story of the document carries. A packageItem that links
/// (`itemRef/@residref`, NewsML-G2 §11) a text item and picture items of the same
/// document attaches the pictures to the first text item it links, the package's
/// main story.
fn package_links<'a>(items: &[&'a Element]) -> HashMap<&'a str, Vec<&'a Element>> {
    let by_guid: HashMap<&str, &Element> = items
        .iter()
        .filter_map(|item| Some((item.attr("guid")?, *item)))
        .collect();
    let mut pictures_of: HashMap<&str, Vec<&Element>> = HashMap::new();
    for package in items.iter().filter(|item| item.name() == "packageItem") {
        let linked: Vec<(&str, &Element)> = package
            .descendants_named("itemRef")
            .into_iter()
            .filter_map(|reference| reference.attr("residref"))
            .filter_map(|guid| Some((guid, *by_guid.get(guid)?)))
            .collect();
        let story = linked
            .iter()
            .find(|(_, item)| matches!(kind_of(item), Kind::Text));
        if let Some((story, _)) = story {
            let pictures = pictures_of.entry(story).or_default();
            for (_, item) in linked {
                let is_new = !pictures.iter().any(|known| std::ptr::eq(*known, item));
                if matches!(kind_of(item), Kind::Picture) && is_new {
                    pictures.push(item);
                }
            }
        }
    }
    pictures_of
}

fn read_story(item: &Element, linked_pictures: &[&Element]) -> Item {
    let guid = guid_of(item);
    let meta = item.child("itemMeta");
    let content = item.child("contentMeta");
    let language = content
        .and_then(|content| content.child("language"))
        .and_then(|language| language.attr("tag"))
        .or_else(|| item.attr("lang"))
        .map(str::to_owned);
    let language = language.as_deref();
    let inline = match body_of(item.child("contentSet"), language) {
        Ok(inline) => inline,
        Err(error) => {
            return Item::Unreadable {
                id: Some(guid).filter(|guid| !guid.is_empty()),
                error,
            }
        }
    };
    let meta_text = |name: &str| {
        meta.and_then(|meta| meta.child(name))
            .and_then(Element::text_opt)
    };
    let content_text = |name: &str| {
        content
            .and_then(|content| content.child(name))
            .and_then(Element::text_opt)
    };
    let version = item
        .attr("version")
        .and_then(|version| version.parse::<u64>().ok());
    // The first version was made when the story was published; later versions are not.
    let first_version_created = meta_text("versionCreated").filter(|_| version == Some(1));
    let published_at = [
        meta_text("firstCreated"),
        content_text("contentCreated"),
        first_version_created,
    ]
    .into_iter()
    .flatten()
    .find_map(|text| date_in(&text));
    let correction = meta
        .filter(|meta| signals(meta, &["correction"], "C"))
        .map(|meta| Correction {
            note: correction_note(meta).or_else(|| correction_note_in_lead(&inline.blocks)),
        });
    let headlines = content.map(headlines_of).unwrap_or_default();
    let story = IncomingStory {
        source_key: guid,
        version,
        headline: headlines
            .main
            .or(inline.headline)
            .or_else(|| meta_text("title"))
            .unwrap_or_default(),
        deck: content.and_then(deck_of).or(inline.deck).or(headlines.sub),
        byline: byline_of(content, language, inline.byline),
        contributors: inline.contributors,
        source: content_text("creditline")
            .map(|credit| without_trailing_dash(&credit))
            .filter(|credit| !credit.is_empty())
            .or_else(|| {
                meta.and_then(|meta| meta.child("provider"))
                    .and_then(|p| name_of(p, language))
            }),
        distributor: inline.distributor,
        copyright: item
            .child("rightsInfo")
            .and_then(|rights| copyright_of(rights, language)),
        usage_terms: item
            .child("rightsInfo")
            .and_then(|rights| localised(rights.children_named("usageTerms"), language))
            .and_then(Element::text_opt),
        category: content
            .and_then(|content| content.child("genre"))
            .and_then(|genre| name_of(genre, language)),
        topics: content
            .map(|content| topics_of(content, language))
            .unwrap_or_default(),
        dateline: content
            .and_then(|content| dateline_of(content, language, published_at))
            .or(inline.dateline),
        language: language.map(str::to_owned),
        urgency: content_text("urgency").and_then(|urgency| xml::urgency_in(&urgency)),
        published_at,
        version_created_at: meta_text("versionCreated").and_then(|text| date_in(&text)),
        status: meta.map(status_of).unwrap_or_default(),
        // An empty <embargoed/> means no embargo.
        embargo_until: meta_text("embargoed").and_then(|text| date_in(&text)),
        correction,
        pictures: linked_pictures
            .iter()
            .filter_map(|picture| picture_of(picture, language))
            .collect(),
        body: Body(inline.blocks),
        ..IncomingStory::default()
    };
    xml::story_item(FORMAT, story)
}

/// pubStatus (`stat:usable`, `stat:withheld`, `stat:canceled`); Reuters withdraws a
/// story with its own editorial status signal `edStat:D` as well.
fn status_of(meta: &Element) -> Status {
    if signals(meta, &[], "D") {
        return Status::Killed;
    }
    meta.child("pubStatus")
        .and_then(|status| status.attr("qcode"))
        .map(|qcode| xml::status_in(code_of(qcode)))
        .unwrap_or_default()
}

/// Whether itemMeta carries a signal with one of these codes (any scheme: IPTC's
/// `sig:`, dpa's own), or Reuters' editorial status `edStat:<reuters_code>`.
fn signals(meta: &Element, codes: &[&str], reuters_code: &str) -> bool {
    meta.children_named("signal")
        .filter_map(|signal| signal.attr("qcode"))
        .any(|qcode| {
            let code = code_of(qcode);
            codes.iter().any(|wanted| code.eq_ignore_ascii_case(wanted))
                || (scheme_of(qcode).eq_ignore_ascii_case("edStat") && code == reuters_code)
        })
}

/// The editor's note that says what was corrected: the one whose role is a
/// correction (dpa's `dpaednoterole:correction`), else the first public one without a
/// role.
fn correction_note(meta: &Element) -> Option<String> {
    let notes: Vec<&Element> = meta
        .elements()
        .filter(|element| element.name().eq_ignore_ascii_case("edNote"))
        .collect();
    let role_code = |note: &Element| {
        note.attr("role")
            .map(|role| code_of(role).to_ascii_lowercase())
    };
    let public = |note: &&&Element| {
        !note
            .attr("pubconstraint")
            .is_some_and(|constraint| constraint.contains("nonpublic"))
    };
    notes
        .iter()
        .find(|note| role_code(note).as_deref() == Some("correction"))
        .or_else(|| {
            notes
                .iter()
                .filter(public)
                .find(|note| note.attr("role").is_none())
        })
        .and_then(|note| note.text_opt())
}

/// Reuters states a correction in the first paragraph, in parentheses: "(In Jan. 3
/// story, corrects last paragraph to …)".
fn correction_note_in_lead(blocks: &[Block]) -> Option<String> {
    let Some(Block::Paragraph(lead)) = blocks.first() else {
        return None;
    };
    let note = lead.strip_prefix('(')?.strip_suffix(')')?;
    note.to_lowercase()
        .contains("correct")
        .then(|| note.trim().to_owned())
}

#[derive(Default)]
struct Headlines {
    main: Option<String>,
    /// A headline whose role marks it as secondary (`hld:subHeadline`).
    sub: Option<String>,
}

fn headlines_of(content: &Element) -> Headlines {
    let (sub, main): (Vec<&Element>, Vec<&Element>) =
        content.children_named("headline").partition(|headline| {
            headline
                .attr("role")
                .is_some_and(|role| role.to_ascii_lowercase().contains("sub"))
        });
    let first_text = |headlines: Vec<&Element>| headlines.into_iter().find_map(Element::text_opt);
    Headlines {
        main: first_text(main),
        sub: first_text(sub),
    }
}

/// The description that summarises the story (`drol:summary`, teasers, intros, or one
/// without a role); a caption or a note for editors is not a deck.
fn deck_of(content: &Element) -> Option<String> {
    const DECK_ROLES: &[&str] = &[
        "summary",
        "teaser",
        "abstract",
        "intro",
        "lead",
        "standfirst",
    ];
    content
        .children_named("description")
        .filter(|description| {
            description.attr("role").is_none_or(|role| {
                let role = code_of(role).to_ascii_lowercase();
                DECK_ROLES.iter().any(|deck| role.contains(deck))
            })
        })
        .find_map(Element::text_opt)
}

/// The byline: `<by>` as the source wrote it, else the byline of an inline NITF body,
/// else the creators whose names read as people's names (dpa and Reuters name desks,
/// logins and agencies there: "degenhardt.sandra", "Reuters").
fn byline_of(content: Option<&Element>, language: Option<&str>, inline: Byline) -> Byline {
    let by = content
        .and_then(|content| content.child("by"))
        .and_then(Element::text_opt)
        .map(|by| byline_from_text(without_trailing_date(&by), language))
        .filter(|byline| !byline.is_empty());
    if let Some(by) = by {
        return by;
    }
    if !inline.is_empty() {
        return inline;
    }
    let creators = content
        .into_iter()
        .flat_map(|content| content.children_named("creator"))
        .filter_map(|creator| creator.child("name").and_then(Element::text_opt))
        .filter(|name| name.contains(' '))
        .map(|name| Person::new(name, None))
        .collect();
    Byline(creators)
}

/// Reuters video dates its `<by>`: "Reuters, MAR 04" is Reuters, not a person of an
/// organisation named "MAR 04".
fn without_trailing_date(by: &str) -> &str {
    const MONTHS: &[&str] = &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let Some((before, last)) = by.rsplit_once(',') else {
        return by;
    };
    let mut words = last.split_whitespace();
    let is_date = match (words.next(), words.next(), words.next()) {
        (Some(month), Some(day), None) => {
            let month = month.trim_end_matches('.').to_lowercase();
            MONTHS.iter().any(|m| month.starts_with(m)) && day.chars().all(|c| c.is_ascii_digit())
        }
        _ => false,
    };
    if is_date {
        before.trim_end()
    } else {
        by
    }
}

/// A name of a concept (subject, genre, provider, place) in the document's language
/// when there is one, else in English, else the first; its literal when it has no name.
fn name_of(concept: &Element, language: Option<&str>) -> Option<String> {
    localised(concept.children_named("name"), language)
        .and_then(Element::text_opt)
        .or_else(|| concept.attr("literal").map(str::to_owned))
}

/// Of several elements in different languages (`xml:lang`), the one in the
/// document's language, else unmarked, else English, else the first; names whose role
/// marks them as codes or abbreviations (`nrol:mnemonic`, `nrol:short`) come last.
fn localised<'a>(
    candidates: impl Iterator<Item = &'a Element>,
    language: Option<&str>,
) -> Option<&'a Element> {
    let candidates: Vec<&Element> = candidates.collect();
    let readable: Vec<&Element> = candidates
        .iter()
        .copied()
        .filter(|candidate| {
            !candidate.attr("role").is_some_and(|role| {
                let role = role.to_ascii_lowercase();
                role.contains("mnemonic") || role.contains("short")
            })
        })
        .collect();
    let pool = if readable.is_empty() {
        candidates
    } else {
        readable
    };
    // max_by_key keeps the last of equals; reversed, that is the first in the document.
    pool.into_iter()
        .rev()
        .max_by_key(|candidate| language_rank(candidate.attr("lang"), language))
}

fn language_rank(tag: Option<&str>, wanted: Option<&str>) -> u8 {
    let primary = |tag: &str| {
        tag.split(['-', '_'])
            .next()
            .unwrap_or(tag)
            .to_ascii_lowercase()
    };
    match (tag, wanted) {
        (None, _) => 2,
        (Some(tag), Some(wanted)) if tag.eq_ignore_ascii_case(wanted) => 4,
        (Some(tag), Some(wanted)) if primary(tag) == primary(wanted) => 3,
        (Some(tag), _) if primary(tag) == "en" => 1,
        _ => 0,
    }
}

fn copyright_of(rights: &Element, language: Option<&str>) -> Option<String> {
    localised(rights.children_named("copyrightNotice"), language)
        .and_then(Element::text_opt)
        .or_else(|| {
            let holder = rights.child("copyrightHolder")?;
            name_of(holder, language).map(|holder| format!("© {holder}"))
        })
}

/// Subject names then keywords, deduplicated in order. A subject whose name is only
/// its code ("f" for `apcategorycode:f`) or that is a point of interest (dpa sends
/// hotel addresses as `cpnat:poi` subjects) is not a topic.
fn topics_of(content: &Element, language: Option<&str>) -> Vec<String> {
    let subjects = content
        .children_named("subject")
        .filter(|subject| {
            !subject
                .attr("type")
                .is_some_and(|kind| code_of(kind).eq_ignore_ascii_case("poi"))
        })
        .filter_map(|subject| {
            let name = localised(subject.children_named("name"), language)?.text_opt()?;
            let is_code = subject
                .attr("qcode")
                .is_some_and(|qcode| code_of(qcode).eq_ignore_ascii_case(&name));
            (!is_code).then_some(name)
        });
    let keywords = content
        .children_named("keyword")
        .filter_map(Element::text_opt);
    xml::distinct(subjects.chain(keywords))
}

/// The dateline as the source writes it ("London (dpa) - " loses its dash), or the
/// place (`located`) and date when only those are given. Reuters fills `<dateline>`
/// with a timestamp ("2014-07-16 13:00:03 GMT+00:00"), which is not a dateline.
fn dateline_of(
    content: &Element,
    language: Option<&str>,
    published_at: Option<time::OffsetDateTime>,
) -> Option<String> {
    let written = content
        .child("dateline")
        .and_then(Element::text_opt)
        .map(|dateline| without_trailing_dash(&dateline))
        .filter(|dateline| !dateline.is_empty() && !starts_with_a_date(dateline));
    if written.is_some() {
        return written;
    }
    let place = content
        .child("located")
        .and_then(|located| name_of(located, language))?;
    let date = content
        .child("contentCreated")
        .and_then(Element::text_opt)
        .and_then(|text| date_in(&text))
        .or(published_at);
    Some(match date {
        Some(date) => format!("{place}, {}", dateline_date(date)),
        None => place,
    })
}

fn starts_with_a_date(text: &str) -> bool {
    text.get(..10).is_some_and(|start| date_in(start).is_some())
}

/// The picture a picture item holds: its largest image rendition with an http(s)
/// address, the caption from its description (or headline), the credit from its
/// creditline (or `<by>`).
fn picture_of(item: &Element, language: Option<&str>) -> Option<Picture> {
    let rendition = item
        .child("contentSet")?
        .children_named("remoteContent")
        .filter(|content| is_image(content) && content.attr("href").and_then(http_url).is_some())
        .max_by_key(|content| {
            let number = |name: &str| content.attr(name).and_then(|n| n.parse::<u64>().ok());
            let area = number("width").unwrap_or(0) * number("height").unwrap_or(0);
            (area, number("size").unwrap_or(0))
        })?;
    let content = item.child("contentMeta");
    let description = |wanted: &dyn Fn(&str) -> bool| {
        content.and_then(|content| {
            localised(
                content.children_named("description").filter(|description| {
                    wanted(
                        &description
                            .attr("role")
                            .unwrap_or_default()
                            .to_ascii_lowercase(),
                    )
                }),
                language,
            )
            .and_then(Element::text_opt)
        })
    };
    let content_text = |name: &str| {
        content
            .and_then(|content| content.child(name))
            .and_then(Element::text_opt)
    };
    let dimension = |name: &str| rendition.attr(name).and_then(|n| n.parse().ok());
    Some(Picture {
        src: rendition.attr("href").and_then(http_url)?,
        alt: description(&|role| role.contains("alt")),
        caption: description(&|role| role.is_empty() || role.contains("caption"))
            .or_else(|| content_text("headline")),
        credit: content_text("creditline").or_else(|| content_text("by")),
        width: dimension("width"),
        height: dimension("height"),
    })
}

fn is_image(content: &Element) -> bool {
    content
        .attr("contenttype")
        .is_some_and(|kind| kind.to_ascii_lowercase().starts_with("image/"))
}

/// The story text of a contentSet: the first `inlineXML` with text (NITF read by the
/// NITF reader, XHTML by the HTML reader), else the longest `inlineData`.
fn body_of(content_set: Option<&Element>, language: Option<&str>) -> Result<NitfBody, ReadError> {
    let Some(set) = content_set else {
        return Ok(NitfBody::default());
    };
    for inline in set.children_named("inlineXML") {
        let body = inline_xml_body(inline, language)?;
        if has_text(&body.blocks) {
            return Ok(body);
        }
    }
    let Some(data) = set
        .children_named("inlineData")
        .max_by_key(|data| data.plain_text().len())
    else {
        return Ok(NitfBody::default());
    };
    Ok(NitfBody {
        blocks: inline_data_blocks(data)?,
        ..NitfBody::default()
    })
}

fn has_text(blocks: &[Block]) -> bool {
    !Body(blocks.to_vec()).is_empty()
}

fn inline_xml_body(inline: &Element, language: Option<&str>) -> Result<NitfBody, ReadError> {
    let blocks = match inline.elements().next() {
        Some(nitf) if nitf.name() == "nitf" => return nitf::read_body(nitf, language),
        // An XHTML document: its body, without the <header> dpa fills with the
        // subjects, date, genre and headline again.
        Some(html) if html.name() == "html" => {
            let body = html.child("body").unwrap_or(html);
            blocks_from_html(&body.inner_markup_without(&["head", "header"]))?
        }
        // Infomaker's IDF: its "header" group repeats the headline, dateline and lead-in.
        Some(idf) if idf.name() == "idf" => blocks_from_html(
            &idf.children_named("group")
                .filter(|group| group.attr("type") != Some("header"))
                .map(Element::inner_markup)
                .collect::<String>(),
        )?,
        _ => blocks_from_html(&inline.inner_markup())?,
    };
    Ok(NitfBody {
        blocks,
        ..NitfBody::default()
    })
}

/// `inlineData` is character data: HTML when its content type says so, plain text
/// otherwise, whose paragraphs are read by [`paragraphs_of_plain_text`] (each through
/// the HTML reader, as some senders wrap plain text in a stray `<p>`).
fn inline_data_blocks(data: &Element) -> Result<Vec<Block>, ReadError> {
    let text = data.plain_text();
    let is_markup = data.attr("contenttype").is_some_and(|kind| {
        let kind = kind.to_ascii_lowercase();
        kind.contains("html") || kind.contains("xml")
    });
    if is_markup {
        return blocks_from_html(&text);
    }
    Ok(paragraphs_of_plain_text(&text)
        .iter()
        .map(|paragraph| text_from_html(paragraph))
        .filter(|paragraph| !paragraph.is_empty())
        .map(Block::Paragraph)
        .collect())
}

/// Paragraphs of wire plain text: a blank line or an indented line starts one, and the
/// lines between are one paragraph wrapped at a fixed width. Text with neither blank
/// lines nor indents has one paragraph per line.
fn paragraphs_of_plain_text(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let starts_paragraph =
        |line: &str| line.trim().is_empty() || line.starts_with(|c: char| c.is_whitespace());
    let marked = lines.iter().skip(1).any(|line| starts_paragraph(line));
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in lines {
        if !marked || starts_paragraph(line) {
            paragraphs.push(std::mem::take(&mut current));
        }
        current.push(' ');
        current.push_str(line.trim());
    }
    paragraphs.push(current);
    paragraphs
        .into_iter()
        .map(|paragraph| paragraph.trim().to_owned())
        .filter(|paragraph| !paragraph.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element(xml: &str) -> Element {
        xml::parse(xml.as_bytes(), FORMAT).expect("well-formed")
    }

    #[test]
    fn a_utf16_document_with_a_byte_order_mark_is_read() {
        let xml = "<?xml version='1.0' encoding='UTF-16'?><newsItem guid='urn:x:ferry'>\
                   <contentMeta><headline>Fähre fährt</headline></contentMeta><contentSet>\
                   <inlineData contenttype='text/plain'>Die Fähre fährt wieder.</inlineData>\
                   </contentSet></newsItem>";
        let mut bytes = vec![0xFE, 0xFF];
        for unit in xml.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        match read_newsml(&bytes).expect("readable").as_slice() {
            [Item::Story(story)] => {
                assert_eq!(story.headline, "Fähre fährt");
                assert_eq!(story.body.lead(), Some("Die Fähre fährt wieder."));
            }
            other => panic!("expected one story, got {other:?}"),
        }
    }

    #[test]
    fn plain_text_paragraphs_follow_blank_lines_and_indents() {
        assert_eq!(
            paragraphs_of_plain_text("  First para\nwraps here.\n   Second one.\n\nThird."),
            ["First para wraps here.", "Second one.", "Third."]
        );
        assert_eq!(paragraphs_of_plain_text("One.\nTwo.\n"), ["One.", "Two."]);
        assert!(paragraphs_of_plain_text("\n \n").is_empty());
    }

    #[test]
    fn names_prefer_the_documents_language_then_english() {
        let subject = element(
            "<subject><name xml:lang='fr'>port</name><name xml:lang='en-GB'>harbour</name>\
             <name xml:lang='de' role='nrol:short'>HF</name><name xml:lang='de'>Hafen</name></subject>",
        );
        assert_eq!(name_of(&subject, Some("de")).as_deref(), Some("Hafen"));
        assert_eq!(name_of(&subject, Some("en-US")).as_deref(), Some("harbour"));
        assert_eq!(name_of(&subject, Some("sv")).as_deref(), Some("harbour"));
        assert_eq!(name_of(&subject, Some("fr-CA")).as_deref(), Some("port"));
        let literal = element("<located literal='Port Ellis'/>");
        assert_eq!(name_of(&literal, None).as_deref(), Some("Port Ellis"));
    }

    #[test]
    fn datelines_that_are_timestamps_are_rebuilt_from_the_place() {
        let content = element(
            "<contentMeta><located><name>Port Ellis</name></located>\
             <contentCreated>2026-05-03T09:00:00Z</contentCreated>\
             <dateline>2026-05-03 09:00:00 GMT+00:00</dateline></contentMeta>",
        );
        assert_eq!(
            dateline_of(&content, None, None).as_deref(),
            Some("Port Ellis, May 3")
        );
        let written =
            element("<contentMeta><dateline>Port Ellis (hpa) - </dateline></contentMeta>");
        assert_eq!(
            dateline_of(&written, None, None).as_deref(),
            Some("Port Ellis (hpa)")
        );
    }

    #[test]
    fn reuters_states_corrections_in_a_parenthesised_lead() {
        let lead = |text: &str| correction_note_in_lead(&[Block::Paragraph(text.into())]);
        assert_eq!(
            lead("(Corrects name of harbourmaster in paragraph 2)").as_deref(),
            Some("Corrects name of harbourmaster in paragraph 2")
        );
        assert_eq!(lead("(Adds quote from mayor)"), None);
        assert_eq!(lead("Corrects nothing (really)"), None);
    }

    #[test]
    fn a_dated_by_line_loses_its_date() {
        assert_eq!(without_trailing_date("Reuters, MAR 04"), "Reuters");
        assert_eq!(
            without_trailing_date("Ana Ruiz, Harbour Times"),
            "Ana Ruiz, Harbour Times"
        );
        assert_eq!(without_trailing_date("Ana Ruiz"), "Ana Ruiz");
    }

    #[test]
    fn signals_match_any_scheme_and_reuters_editorial_status() {
        let meta = element(
            "<itemMeta><signal qcode='dpasig:correction'/><signal qcode='edStat:D'/></itemMeta>",
        );
        assert!(signals(&meta, &["correction"], "C"));
        assert!(signals(&meta, &[], "D"));
        assert!(!signals(&meta, &["update"], "U"));
        assert_eq!(status_of(&meta), Status::Killed);
    }
}
