//! One ninjs text item read into an [`IncomingStory`]: identity, versions, status and
//! times, the people and organisations behind it, its subjects, and its words.

use super::model::{text_of, Entity, NinjsItem, Scalar, Tag};
use super::pictures::{pictures, LinkedItems};
use super::texts::{body, deck, has_text, headline, without_repeated_headline};
use super::FORMAT;
use crate::dates::parse_wire_datetime;
use crate::html::text_from_html;
use crate::page_copy::byline_from_text;
use crate::text::primary_language;
use crate::ReadError;
use gazette_core::{Byline, Correction, IncomingStory, Person, Status};
use time::OffsetDateTime;

/// Reads a text (or composite) item. A story needs an id, a headline and body text;
/// a kill needs only its id.
pub(super) fn read_story(
    item: &NinjsItem,
    document: &impl LinkedItems,
) -> Result<IncomingStory, ReadError> {
    let source_key = item
        .source_key()
        .ok_or_else(|| invalid("no id (uri or guid)"))?;
    let status = status(item)?;
    let headline = headline(item).unwrap_or_default();
    let body = without_repeated_headline(body(item)?, &headline);
    if status != Status::Killed {
        if headline.is_empty() {
            return Err(invalid("no headline"));
        }
        if !has_text(body.blocks()) {
            return Err(invalid(if item.renditions.is_empty() {
                "no body text"
            } else {
                "no body text: the story is only in a linked rendition, which Gazette does \
                 not fetch"
            }));
        }
    }
    let published_at = date(&item.firstcreated).or_else(|| date(&item.firstpublished));
    let version_created_at = date(&item.versioncreated);
    let language = text_of(&item.language);
    Ok(IncomingStory {
        source_key,
        version: text_of(&item.version).and_then(|v| v.parse().ok()),
        headline,
        deck: deck(item),
        byline: byline(item, language.as_deref()),
        source: source(item),
        distributor: distributor(item),
        copyright: text_of(&item.copyrightnotice).or_else(|| text_of(&item.copyrightholder)),
        usage_terms: usage_terms(item),
        category: names(&item.genres, None).into_iter().next(),
        topics: topics(item, language.as_deref()),
        dateline: dateline(
            item,
            published_at.or(version_created_at),
            language.as_deref(),
        ),
        urgency: urgency(&item.urgency),
        published_at,
        version_created_at,
        status,
        embargo_until: date(&item.embargoed),
        expires_at: date(&item.expires),
        correction: correction(item),
        pictures: pictures(item, document),
        body,
        language,
        ..IncomingStory::default()
    })
}

fn invalid(reason: impl Into<String>) -> ReadError {
    ReadError::Invalid {
        format: FORMAT,
        reason: reason.into(),
    }
}

/// ninjs `pubstatus` (1.x–2.x) or `pubStatus` (3.x): usable, withheld or canceled,
/// usable when absent (schema 1.0–3.1). Anything else, such as "cancelled", is not a
/// status: guessing could publish a kill.
fn status(item: &NinjsItem) -> Result<Status, ReadError> {
    let Some(status) = text_of(&item.pubstatus) else {
        return Ok(Status::Published);
    };
    match status.to_ascii_lowercase().as_str() {
        "usable" => Ok(Status::Published),
        "withheld" => Ok(Status::Withheld),
        "canceled" => Ok(Status::Killed),
        _ => Err(invalid(format!(
            "pubstatus \"{status}\" is not a ninjs status (usable, withheld or canceled)"
        ))),
    }
}

/// A date as the wire writes it; an empty or unreadable date is no date.
fn date(value: &Option<Scalar>) -> Option<OffsetDateTime> {
    parse_wire_datetime(&text_of(value)?)
}

/// ninjs urgency: 1 (most urgent) to 9.
fn urgency(value: &Option<Scalar>) -> Option<u8> {
    let urgency = text_of(value)?.parse::<f64>().ok()?;
    (urgency.fract() == 0.0 && (1.0..=9.0).contains(&urgency)).then_some(urgency as u8)
}

/// The byline in words (`byline` 1.x, `by` 2.x/3.x), else AP's `bylines`, else the
/// writers among Superdesk's `authors`. Words are read in the item's `language` (dpa's
/// "Von …" in German items).
fn byline(item: &NinjsItem, language: Option<&str>) -> Byline {
    if let Some(text) = text_of(&item.by).or_else(|| text_of(&item.byline)) {
        return byline_from_text(&text_from_html(&text), language);
    }
    let ap_bylines: Vec<Person> = item
        .bylines
        .iter()
        .filter_map(|byline| text_of(&byline.by))
        .flat_map(|text| byline_from_text(&text_from_html(&text), language).0)
        .collect();
    if !ap_bylines.is_empty() {
        return Byline(ap_bylines);
    }
    Byline(
        item.authors
            .iter()
            .filter(|author| {
                text_of(&author.role).is_none_or(|role| {
                    matches!(role.to_ascii_lowercase().as_str(), "writer" | "author")
                })
            })
            .filter_map(|author| text_of(&author.name))
            .map(|name| Person::new(name, None))
            .collect(),
    )
}

/// The organisation that wrote the story: the sender's `source` (Superdesk), else an
/// info source that is not the distributor, else the `provider` (AP).
fn source(item: &NinjsItem) -> Option<String> {
    text_of(&item.source)
        .or_else(|| {
            item.infosources
                .iter()
                .filter(|source| !is_distributor(source))
                .find_map(|source| text_of(&source.name))
        })
        .or_else(|| text_of(&item.provider))
}

fn distributor(item: &NinjsItem) -> Option<String> {
    item.infosources
        .iter()
        .filter(|source| is_distributor(source))
        .find_map(|source| text_of(&source.name))
}

fn is_distributor(source: &Entity) -> bool {
    text_of(&source.role).is_some_and(|role| role.to_ascii_lowercase().contains("distribut"))
}

/// `usageterms` in words; else the link 2.x `rightsinfo` gives to the terms.
fn usage_terms(item: &NinjsItem) -> Option<String> {
    let terms: Vec<String> = item.usageterms.iter().filter_map(Scalar::text).collect();
    if terms.is_empty() {
        text_of(&item.linkedrights)
    } else {
        Some(terms.join(" "))
    }
}

/// Subject, person, organisation and place names, in that order, deduplicated. Codes
/// never stand in for a name; names given in another language than the story's are
/// left out (the BBC sends each category in English, Welsh and Gaelic).
fn topics(item: &NinjsItem, language: Option<&str>) -> Vec<String> {
    let mut topics: Vec<String> = Vec::new();
    let all = [
        &item.subjects,
        &item.people,
        &item.organisations,
        &item.places,
    ];
    for name in all
        .into_iter()
        .flat_map(|entities| names(entities, language))
    {
        if !topics.iter().any(|topic| topic.eq_ignore_ascii_case(&name)) {
            topics.push(name);
        }
    }
    topics
}

/// The names of entities; a one-letter "name" is a code (AP sends category "s" as
/// both code and name).
fn names(entities: &[Entity], language: Option<&str>) -> Vec<String> {
    entities
        .iter()
        .filter(|entity| match (text_of(&entity.lang), language) {
            (Some(lang), Some(language)) => primary_language(&lang) == primary_language(language),
            _ => true,
        })
        .filter_map(|entity| text_of(&entity.name))
        .map(|name| text_from_html(&name))
        .filter(|name| name.chars().count() > 1)
        .collect()
}

/// The dateline as the sender writes it, else built from where the story was filed
/// (`located`) and the day it was first made. The month is written in English, so a
/// story in another language gets the place alone.
fn dateline(
    item: &NinjsItem,
    day: Option<OffsetDateTime>,
    language: Option<&str>,
) -> Option<String> {
    if let Some(dateline) = text_of(&item.dateline) {
        return Some(dateline);
    }
    let located = text_of(&item.located)?;
    let english = language.is_none_or(|language| primary_language(language) == "en");
    Some(match day {
        Some(day) if english => format!("{located}, {} {}", day.month(), day.day()),
        _ => located,
    })
}

/// ninjs has no correction member. A sender that marks one says so with a signal
/// (`"signals": ["correction"]`, or a concept coded `sig:correction`) or, at AP, an
/// editorial type "Correction"; the editor's note then says what was corrected.
fn correction(item: &NinjsItem) -> Option<Correction> {
    let signals = item.signals.iter().flat_map(|signal| match signal {
        Tag::Code(code) => vec![code.clone()],
        Tag::Concept(concept) => [&concept.code, &concept.qcode, &concept.name]
            .into_iter()
            .filter_map(text_of)
            .collect(),
    });
    let types = item.editorialtypes.iter().filter_map(Scalar::text);
    let is_correction = signals.chain(types).any(|value| {
        let local = value.rsplit([':', '/']).next().unwrap_or(&value);
        local.trim().eq_ignore_ascii_case("correction")
    });
    is_correction.then(|| Correction {
        note: text_of(&item.ednote),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(json: serde_json::Value) -> NinjsItem {
        serde_json::from_value(json).expect("a readable item")
    }

    #[test]
    fn statuses_are_the_three_of_the_standard_only() {
        let status_of = |value: &str| status(&item(serde_json::json!({ "pubstatus": value })));
        assert_eq!(status_of("usable"), Ok(Status::Published));
        assert_eq!(status_of("withheld"), Ok(Status::Withheld));
        assert_eq!(status_of("canceled"), Ok(Status::Killed));
        let refused = status_of("cancelled").expect_err("not a status");
        assert!(refused.to_string().contains("\"cancelled\""), "{refused}");
        assert_eq!(status(&item(serde_json::json!({}))), Ok(Status::Published));
    }

    #[test]
    fn urgency_is_a_whole_number_from_one_to_nine() {
        let urgency_of =
            |value: serde_json::Value| urgency(&serde_json::from_value(value).expect("scalar"));
        assert_eq!(urgency_of(serde_json::json!(3)), Some(3));
        assert_eq!(urgency_of(serde_json::json!("9")), Some(9));
        assert_eq!(urgency_of(serde_json::json!(0)), None);
        assert_eq!(urgency_of(serde_json::json!(2.5)), None);
        assert_eq!(urgency_of(serde_json::json!("high")), None);
    }

    #[test]
    fn a_correction_needs_a_signal_or_editorial_type_that_says_so() {
        let marked = item(serde_json::json!({"signals": [{"qcode": "sig:correction"}],
                                             "ednote": "Corrects the pier's name."}));
        assert_eq!(
            correction(&marked),
            Some(Correction {
                note: Some("Corrects the pier's name.".into())
            })
        );
        let ap = item(serde_json::json!({"editorialtypes": ["Correction"]}));
        assert_eq!(correction(&ap), Some(Correction { note: None }));
        let plain = item(serde_json::json!({"signals": ["newscontent"], "ednote": "Updated."}));
        assert_eq!(correction(&plain), None);
    }

    #[test]
    fn topics_are_names_in_the_story_language_without_duplicates() {
        let item = item(serde_json::json!({
            "subject": [{"code": "s", "name": "s"}, {"name": "Harbours", "code": "04000000"},
                        {"name": "Porthladdoedd", "lang": "cy"}, {"code": "only-a-code"}],
            "people": [{"name": "Ana Ruiz"}], "organisation": [{"name": "harbours"}],
            "places": [{"name": "Port Ellis", "lang": "en-GB"}]}));
        assert_eq!(
            topics(&item, Some("en")),
            vec!["Harbours", "Ana Ruiz", "Port Ellis"]
        );
    }

    #[test]
    fn a_dateline_is_built_from_located_and_the_day_in_english_only() {
        let item = item(serde_json::json!({"located": "PORT ELLIS"}));
        let day = parse_wire_datetime("2026-03-04T09:00:00Z");
        assert_eq!(
            dateline(&item, day, Some("en-GB")).as_deref(),
            Some("PORT ELLIS, March 4")
        );
        assert_eq!(
            dateline(&item, day, Some("sv")).as_deref(),
            Some("PORT ELLIS")
        );
        assert_eq!(dateline(&item, None, None).as_deref(), Some("PORT ELLIS"));
    }

    #[test]
    fn bylines_come_from_words_then_ap_bylines_then_writers() {
        let words = item(
            serde_json::json!({"by": "By Mara Quint and Owen Tell, Port Ellis Gazette",
                                            "authors": [{"name": "Ignored", "role": "writer"}]}),
        );
        assert_eq!(
            byline(&words, None).people(),
            &[
                Person::new("Mara Quint", Some("Port Ellis Gazette".into())),
                Person::new("Owen Tell", Some("Port Ellis Gazette".into()))
            ]
        );
        let ap = item(serde_json::json!({"bylines": [{"by": "By Lena Hart", "title": "Staff"}]}));
        assert_eq!(
            byline(&ap, None).people(),
            &[Person::new("Lena Hart", None)]
        );
        let authors = item(
            serde_json::json!({"authors": [{"name": "Ida Moss", "role": "editor"},
                                                          {"name": "Tom Vale", "role": "writer"}]}),
        );
        assert_eq!(
            byline(&authors, None).people(),
            &[Person::new("Tom Vale", None)]
        );
    }
}
