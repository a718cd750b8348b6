//! Bylines written in words, as page copy and wire copy carry them: "By Maria Lopez and
//! Tom Becker, Harbor Times on Nov. 3, 2026", "Maria Lopez of the Harbor Times",
//! "Maria Lopez, Harbor Times, and Tom Becker, Bloomberg News", "By 李明 and Ana Ruiz".
//!
//! A line is only read as a byline when every name reads as a person's name and every
//! organisation as an organisation's name; otherwise the reader says which part it could
//! not read. This is what keeps "By Friday, the council had voted…" a paragraph and
//! "Port strike drags on" a headline.

use crate::dates::parse_copy_date;
use gazette_core::{Byline, Person};
use time::OffsetDateTime;

const MAX_NAME_WORDS: usize = 6;
const MAX_NAME_CHARS: usize = 80;
const MAX_ORGANISATION_WORDS: usize = 8;
const MAX_ORGANISATION_CHARS: usize = 80;
/// A byline-shaped line with no "By", no " on" and no date is only taken for a byline
/// when it is short: a name of up to four words.
const MAX_UNMARKED_LONE_NAME_WORDS: usize = 4;

/// Lowercase words that sit inside names: "Maria de la Cruz", "Ludwig van Dijk",
/// "Omar al-Sayed" (as a prefix joined by a hyphen), "Anna d’Amico" (with an apostrophe).
const NAME_PARTICLES: &[&str] = &[
    "de", "da", "das", "do", "dos", "du", "del", "della", "der", "den", "di", "la", "le", "van",
    "von", "ten", "ter", "y", "e", "bin", "binti", "bint", "ibn", "al", "el", "zu", "af", "av",
];

/// Lowercase words that sit inside organisations' names: "Voice of America", "Stars and
/// Stripes", "Le Monde des Livres", "The Mail on Sunday".
const ORGANISATION_CONNECTORS: &[&str] = &[
    "of", "and", "the", "for", "de", "del", "la", "le", "les", "du", "des", "di", "da", "y", "e",
    "et", "und", "für", "am", "im", "in", "at", "on", "an", "van", "von", "der", "den", "&",
];

/// Words that name a newsroom, never a person, in bylines that list several people each
/// with an organisation ("Maria Lopez, Harbor Times, and Tom Becker, Bloomberg News").
const ORGANISATION_WORDS: &[&str] = &[
    "times",
    "news",
    "post",
    "press",
    "wire",
    "herald",
    "journal",
    "ledger",
    "tribune",
    "gazette",
    "daily",
    "media",
    "agency",
    "service",
    "courier",
    "chronicle",
    "observer",
    "sentinel",
    "examiner",
    "bulletin",
    "bureau",
    "network",
    "radio",
    "television",
    "magazine",
    "group",
    "inc",
    "llc",
    "ltd",
    "reuters",
    "bloomberg",
    "associated",
    "syndicate",
    "inquirer",
    "report",
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];

/// A line read as a byline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ReadByline {
    pub byline: Byline,
    /// The date the partner's page printed with the byline ("… on Nov. 3, 2026").
    pub date: Option<OffsetDateTime>,
    /// How sure the line itself is that it is a byline.
    pub evidence: Evidence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Evidence {
    /// Only a short name: "Maria Lopez". A byline only where a byline is expected.
    LoneName,
    /// Names with an organisation, or several names: "Maria Lopez, Harbor Times".
    Shaped,
    /// The line says it is a byline: "By …", a dangling " on", or a date after the names.
    Marked,
}

/// What one line is, judged as a byline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Verdict {
    Byline(ReadByline),
    /// Not a byline: a headline, a paragraph, a subhead.
    NotByline,
    /// The line says it is a byline but its names or organisation cannot be read.
    Unreadable(String),
}

impl Verdict {
    pub(super) fn evidence(&self) -> Option<Evidence> {
        match self {
            Self::Byline(read) => Some(read.evidence),
            _ => None,
        }
    }
}

/// Judges one line of page copy as a byline:
/// `["By "] people [" on" [" " date] | ", " date]`, where people are names with their
/// organisations in the shapes listed in the module docs.
pub(super) fn judge_byline(text: &str) -> Verdict {
    let by = strip_by(text);
    let rest = by.unwrap_or(text);
    let (rest, date, dangling_on) = strip_trailing_date(rest);
    let marked = by.is_some() || dangling_on || date.is_some();
    match read_people(rest) {
        Ok(people) => {
            let evidence = if marked {
                Evidence::Marked
            } else if people.len() > 1 || people.iter().any(|p| p.organisation.is_some()) {
                Evidence::Shaped
            } else {
                Evidence::LoneName
            };
            if !marked && !unmarked_reads_as_byline(&people) {
                return Verdict::NotByline;
            }
            Verdict::Byline(ReadByline {
                byline: Byline(people),
                date,
                evidence,
            })
        }
        // "By Friday, the council had voted …" is the first paragraph, not a byline.
        Err(_) if !marked || (!dangling_on && date.is_none() && reads_as_a_sentence(text)) => {
            Verdict::NotByline
        }
        Err(reason) => Verdict::Unreadable(reason),
    }
}

/// A line with no byline marker must be all full names ("Maria Lopez", not "Maria"), and
/// a lone name short.
fn unmarked_reads_as_byline(people: &[Person]) -> bool {
    people.iter().all(|p| is_full_name(&p.name))
        && (people.len() > 1
            || people.iter().any(|p| p.organisation.is_some())
            || people
                .iter()
                .all(|p| p.name.split_whitespace().count() <= MAX_UNMARKED_LONE_NAME_WORDS))
}

/// "By Maria Lopez" → "Maria Lopez". The word after "By" must start like a name, so "by
/// the way" is not a byline.
pub(super) fn strip_by(text: &str) -> Option<&str> {
    let prefix = text.get(..3).filter(|p| p.eq_ignore_ascii_case("by "))?;
    let rest = text[prefix.len()..].trim_start_matches(':').trim_start();
    rest.starts_with(starts_a_name).then_some(rest)
}

fn starts_a_name(c: char) -> bool {
    c.is_alphabetic() && !c.is_lowercase()
}

/// Splits the date a partner page prints after the byline, in the notations pages use:
/// "… on", "… on Nov. 3, 2026", "… on Tuesday, November 3, 2026", "… on Nov. 3, 2026 at
/// 5:04 p.m.", "… on 2026-11-03", "…, November 3, 2026", "… | Nov. 3, 2026". Returns the
/// text before the date, the date, and whether the line ended in " on".
fn strip_trailing_date(text: &str) -> (&str, Option<OffsetDateTime>, bool) {
    let lower = text.to_ascii_lowercase();
    if let Some(at) = lower.rfind(" on ") {
        if let Some(date) = read_copy_date(&text[at + 4..]) {
            return (tidy(&text[..at]), Some(date), true);
        }
    }
    if lower.ends_with(" on") {
        return (tidy(&text[..text.len() - 3]), None, true);
    }
    for separator in [" | ", " — ", " – ", " · ", " - "] {
        if let Some(at) = text.rfind(separator) {
            if let Some(date) = read_copy_date(&text[at + separator.len()..]) {
                return (tidy(&text[..at]), Some(date), false);
            }
        }
    }
    // ", Tuesday, November 3, 2026": the date may itself hold commas, so the longest
    // tail that reads as a date wins.
    let commas: Vec<usize> = text.match_indices(',').map(|(at, _)| at).collect();
    let tails = &commas[commas.len().saturating_sub(3)..];
    for &at in tails {
        if let Some(date) = read_copy_date(&text[at + 1..]) {
            return (tidy(&text[..at]), Some(date), false);
        }
    }
    (text.trim(), None, false)
}

fn tidy(text: &str) -> &str {
    text.trim().trim_end_matches(',').trim_end()
}

/// A date as a partner page prints it: the notations of [`parse_copy_date`], with or
/// without a weekday before it ("Tuesday, November 3, 2026", "Tue., Nov. 3, 2026") and a
/// time of day after it ("Nov. 3, 2026 at 5:04 p.m.", "November 3, 2026, 17:04 CET",
/// "2026-11-03T17:04"). The time of day carries no reliable zone, so only the date is
/// kept, as the start of that day in UTC like every other copy date.
pub(super) fn read_copy_date(text: &str) -> Option<OffsetDateTime> {
    let text = strip_weekday(text.trim());
    let date = cut_time_of_day(text)?;
    parse_copy_date(date)
}

fn strip_weekday(text: &str) -> &str {
    let end = text.find([' ', ',']).unwrap_or(text.len());
    let word = text[..end].trim_end_matches('.').to_ascii_lowercase();
    if WEEKDAYS.contains(&word.as_str()) {
        text[end..].trim_start_matches([',', ' '])
    } else {
        text
    }
}

/// The date part of "DATE at TIME", "DATE, TIME", "DATE TIME" or ISO "DATE`T`TIME";
/// `None` when something that is not a time of day follows the date.
fn cut_time_of_day(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    if text.len() > 10 && bytes.get(4) == Some(&b'-') && matches!(bytes[10], b'T' | b' ') {
        return is_time_of_day(&text[11..]).then(|| &text[..10]);
    }
    let lower = text.to_ascii_lowercase();
    if let Some(at) = lower.find(" at ") {
        return is_time_of_day(&text[at + 4..]).then(|| text[..at].trim_end_matches(','));
    }
    if let Some(colon) = text.find(':') {
        let start = text[..colon]
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_ascii_digit())
            .map_or(0, |(at, c)| at + c.len_utf8());
        let (date, time) = text.split_at(start);
        let date = date.trim_end().trim_end_matches(',').trim_end();
        return (!date.is_empty() && is_time_of_day(time)).then_some(date);
    }
    Some(text)
}

/// "5:04 p.m.", "17:04", "5 p.m. ET", "noon": short, and starting with the hour.
fn is_time_of_day(text: &str) -> bool {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    (text.starts_with(|c: char| c.is_ascii_digit()) && text.chars().count() <= 24)
        || matches!(lower.as_str(), "noon" | "midnight")
}

/// Reads "A, B and C, Org", "A of the Org and B of Org2", "A, Org, and B, Org2" and
/// "A, Org; B, Org2" as people, each with their organisation.
pub(super) fn read_people(text: &str) -> Result<Vec<Person>, String> {
    let mut people = Vec::new();
    for group in text.split(';').map(str::trim).filter(|g| !g.is_empty()) {
        read_group(group, &mut people)?;
    }
    if people.is_empty() {
        return Err("it holds no names".into());
    }
    Ok(people)
}

/// One comma-separated group. The first segment is always names. A later segment is
/// names when it starts with "and", or joins full names with "and"/"&", or is a full
/// name in a list that an "and" closes further on ("A, B, and C, Org") and has no word
/// that names a newsroom. Anything else is the organisation of the names before it; an
/// organisation right after another continues it ("Harbor Times Media, LLC").
fn read_group(text: &str, people: &mut Vec<Person>) -> Result<(), String> {
    let segments: Vec<&str> = text
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    // People from this index on still wait for an organisation.
    let mut waiting = people.len();
    // People who got the organisation named by the previous segment.
    let mut last_organisation: Option<std::ops::Range<usize>> = None;
    for (i, segment) in segments.iter().enumerate() {
        if i > 0 && last_organisation.is_none() && is_name_suffix(segment) {
            // "Martin Ruiz, Jr." → "Martin Ruiz Jr."
            if let Some(person) = people.last_mut() {
                person.name = format!("{} {segment}", person.name);
            }
            continue;
        }
        let list_goes_on = segments[i + 1..]
            .iter()
            .any(|s| starts_with_and(s).is_some() || is_names_group(s));
        let names_here = i == 0
            || starts_with_and(segment).is_some()
            || is_names_group(segment)
            || (list_goes_on
                && last_organisation.is_none()
                && is_full_name(segment)
                && !has_organisation_word(segment));
        if names_here {
            read_names(segment, people)?;
            last_organisation = None;
            continue;
        }
        let organisation = strip_lowercase_the(segment);
        match last_organisation.clone() {
            Some(range) => {
                // "Harbor Times Media, LLC": one organisation with a comma in it.
                let joined = format!(
                    "{}, {organisation}",
                    people[range.start]
                        .organisation
                        .as_deref()
                        .unwrap_or_default()
                );
                check_organisation(&joined)?;
                for person in &mut people[range] {
                    person.organisation = Some(joined.clone());
                }
            }
            None => {
                check_organisation(organisation)?;
                if waiting == people.len() {
                    return Err(format!(
                        "\"{organisation}\" follows an organisation where a name should be"
                    ));
                }
                for person in &mut people[waiting..] {
                    person.organisation = Some(organisation.to_owned());
                }
                last_organisation = Some(waiting..people.len());
                waiting = people.len();
            }
        }
    }
    Ok(())
}

/// "A and B of the Harbor Times" → A and B of Harbor Times; "A of Org1 and B" → A of
/// Org1, B waiting for an organisation.
fn read_names(segment: &str, people: &mut Vec<Person>) -> Result<(), String> {
    let names = split_names(segment);
    let start = people.len();
    for name in &names {
        let (name, organisation) = match split_of(name) {
            Some((name, organisation)) => {
                check_organisation(organisation)?;
                (name, Some(organisation.to_owned()))
            }
            None => (name.as_str(), None),
        };
        if !looks_like_a_name(name) {
            return Err(format!("\"{name}\" is not a person's name"));
        }
        people.push(Person::new(name, organisation));
    }
    // "A and B of the Harbor Times": the organisation after the last name is everyone's.
    if let Some(organisation) = people.last().and_then(|p| p.organisation.clone()) {
        if people[start..people.len() - 1]
            .iter()
            .all(|p| p.organisation.is_none())
        {
            for person in &mut people[start..] {
                person.organisation = Some(organisation.clone());
            }
        }
    }
    Ok(())
}

/// "Maria Lopez of the Harbor Times" → ("Maria Lopez", "Harbor Times"). A lowercase
/// "the" before the organisation is the sentence's, not the name's, and is dropped, so
/// this byline and "Maria Lopez, Harbor Times" name the same organisation; a capital
/// "The" ("of The Harbor Times") is kept as part of the name.
fn split_of(name: &str) -> Option<(&str, &str)> {
    let at = name.find(" of ")?;
    let organisation = strip_lowercase_the(name[at + 4..].trim());
    Some((name[..at].trim(), organisation))
}

fn strip_lowercase_the(text: &str) -> &str {
    text.strip_prefix("the ").unwrap_or(text).trim()
}

fn is_names_group(segment: &str) -> bool {
    let names = split_names(segment);
    names.len() > 1 && names.iter().all(|n| is_full_name(n))
}

fn starts_with_and(text: &str) -> Option<&str> {
    text.get(..4)
        .filter(|p| p.eq_ignore_ascii_case("and "))
        .map(|_| &text[4..])
}

fn is_name_suffix(segment: &str) -> bool {
    matches!(
        segment.trim_end_matches('.').to_ascii_lowercase().as_str(),
        "jr" | "sr" | "ii" | "iii" | "iv"
    )
}

/// "A and B & C" → the names; "and" in any case, as bylines are sometimes capitalised.
pub(super) fn split_names(segment: &str) -> Vec<String> {
    // ASCII lowercasing keeps byte offsets, so positions found in it cut the original.
    let lower = segment.to_ascii_lowercase();
    let mut names = Vec::new();
    let mut start = 0;
    let mut separators: Vec<(usize, usize)> = lower
        .match_indices(" and ")
        .map(|(at, sep)| (at, sep.len()))
        .chain(lower.match_indices(" & ").map(|(at, sep)| (at, sep.len())))
        .collect();
    separators.sort_unstable();
    for (at, len) in separators {
        if at >= start {
            names.push(&segment[start..at]);
            start = at + len;
        }
    }
    names.push(&segment[start..]);
    names
        .into_iter()
        .map(|name| {
            let name = name.trim();
            starts_with_and(name).unwrap_or(name).trim().to_owned()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// A person's name in any script: one to six words, each starting with a capital or an
/// uncased letter (李明), or a lowercase particle ("de", "van", "al-"); letters, hyphens,
/// apostrophes and the full stops of initials ("J.", "Jr.") only. Not "The …", not a lone
/// weekday or month ("By Friday").
pub(crate) fn looks_like_a_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    let Some(first) = words.first() else {
        return false;
    };
    (1..=MAX_NAME_WORDS).contains(&words.len())
        && name.chars().count() <= MAX_NAME_CHARS
        && words.iter().all(|w| is_particle(w) || is_name_word(w))
        && words.iter().any(|w| !is_particle(w))
        && !first.eq_ignore_ascii_case("the")
        && !(words.len() == 1 && is_calendar_word(first))
}

/// A name that is a whole name: two words or more, or written in a script without
/// capitals, where one word is a whole name ("李明").
fn is_full_name(name: &str) -> bool {
    looks_like_a_name(name)
        && (name.split_whitespace().count() >= 2 || name.chars().any(is_uncased_letter))
}

fn is_uncased_letter(c: char) -> bool {
    c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase()
}

fn is_particle(word: &str) -> bool {
    NAME_PARTICLES.contains(&word)
}

fn is_name_word(word: &str) -> bool {
    let core = word.trim_end_matches('.');
    if core.is_empty() || !core.chars().all(is_name_char) {
        return false;
    }
    if word.ends_with('.') {
        // Initials and abbreviations only: "J.", "Jr.", "J.R.", "Dr.".
        let letters = core.chars().filter(|c| c.is_alphabetic()).count();
        if letters > 3 {
            return false;
        }
    }
    // "al-Sayed", "d’Amico": a lowercase particle joined to a capitalised name.
    let after_particle = core
        .split_once(['-', '\'', '’'])
        .filter(|(particle, _)| is_particle(particle) || matches!(*particle, "d" | "l" | "o"))
        .map_or(core, |(_, rest)| rest);
    after_particle.starts_with(starts_a_name)
}

fn is_name_char(c: char) -> bool {
    c.is_alphabetic()
        || matches!(c, '-' | '\'' | '’' | '.' | '·' | '・' | '‐')
        // Combining marks (decomposed accents) and the marks of Indic and Thai scripts.
        || matches!(c, '\u{0300}'..='\u{036F}' | '\u{0900}'..='\u{0DFF}' | '\u{0E00}'..='\u{0EFF}')
}

fn is_weekday(word: &str) -> bool {
    WEEKDAYS.contains(&word.trim_end_matches(['.', ',']).to_lowercase().as_str())
}

fn is_month(word: &str) -> bool {
    crate::dates::month_from_name(word).is_some()
}

fn is_calendar_word(word: &str) -> bool {
    let word = word.trim_end_matches('.').to_lowercase();
    WEEKDAYS.contains(&word.as_str()) || is_month(&word)
}

fn has_organisation_word(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| ORGANISATION_WORDS.contains(&w.to_lowercase().as_str()))
}

/// An organisation's name: short; starting with a capital, a digit or an uncased letter
/// (or one short lowercase brand such as "dpa"); every lowercase word a connector ("of",
/// "and", "the"…), so no sentence runs through it; no sentence punctuation; not a date
/// and no date inside it.
fn check_organisation(organisation: &str) -> Result<(), String> {
    if looks_like_an_organisation(organisation) {
        Ok(())
    } else {
        Err(format!(
            "\"{}\" does not read as the name of an organisation",
            truncate(organisation, 60)
        ))
    }
}

pub(super) fn looks_like_an_organisation(organisation: &str) -> bool {
    let words: Vec<&str> = organisation.split_whitespace().collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    if words.len() > MAX_ORGANISATION_WORDS
        || organisation.chars().count() > MAX_ORGANISATION_CHARS
        || !organisation.chars().any(char::is_alphabetic)
        || organisation.contains(['?', '!', ';', ':', '"', '“', '”', '…', '(', ')'])
        || organisation.ends_with([',', '’', '\''])
    {
        return false;
    }
    // A full stop only ends an abbreviation: "Inc.", "Co.", "L.P.".
    if last.ends_with('.') {
        let letters = last.chars().filter(|c| c.is_alphabetic()).count();
        if letters > 4 && !last.trim_end_matches('.').contains('.') {
            return false;
        }
    }
    // "dpa": a news agency's lowercase brand, short and alone.
    let lone_lowercase_brand =
        words.len() == 1 && first.len() <= 4 && first.chars().all(|c| c.is_ascii_lowercase());
    let starts_well = first.starts_with(|c: char| c.is_numeric() || starts_a_name(c));
    if !starts_well && !lone_lowercase_brand {
        return false;
    }
    let lowercase_words_are_connectors = words.iter().skip(1).all(|w| {
        !w.starts_with(char::is_lowercase)
            || ORGANISATION_CONNECTORS.contains(&w.trim_end_matches([',', '.']))
    });
    if !lowercase_words_are_connectors {
        return false;
    }
    // "Harbor Times on November 3", "… on Tuesday, Nov. 3" or "… at 5 p.m.": a date the
    // reader failed to split. ("The Mail on Sunday" ends with its weekday.)
    let dated = words
        .windows(3)
        .any(|w| matches!(w[0], "on" | "at") && is_weekday(w[1]))
        || words.windows(2).any(|pair| {
            matches!(pair[0], "on" | "at")
                && (pair[1].starts_with(|c: char| c.is_ascii_digit())
                    || is_month(pair[1].trim_end_matches(',')))
        });
    !dated && read_copy_date(organisation).is_none()
}

/// A line that ends like a sentence and is long enough to be one: a paragraph.
fn reads_as_a_sentence(text: &str) -> bool {
    text.ends_with(['.', '!', '?', '…', '"', '”', '’'])
        && text.split_whitespace().count() > MAX_NAME_WORDS
}

fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn people(text: &str) -> Vec<String> {
        match judge_byline(text) {
            Verdict::Byline(read) => read
                .byline
                .people()
                .iter()
                .map(|p| match &p.organisation {
                    Some(org) => format!("{}|{org}", p.name),
                    None => p.name.clone(),
                })
                .collect(),
            other => panic!("{text}: {other:?}"),
        }
    }

    fn date_of(text: &str) -> Option<OffsetDateTime> {
        match judge_byline(text) {
            Verdict::Byline(read) => read.date,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn bylines_split_into_people_and_their_organisation() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Henry Meyer and Volodymyr Verbianyi, Bloomberg News",
                &[
                    "Henry Meyer|Bloomberg News",
                    "Volodymyr Verbianyi|Bloomberg News",
                ],
            ),
            ("Ana Ruiz, Harbor Times", &["Ana Ruiz|Harbor Times"]),
            (
                "A One, B Two, and C Three, Wire",
                &["A One|Wire", "B Two|Wire", "C Three|Wire"],
            ),
            (
                "Jane Doe, Procter & Gamble News",
                &["Jane Doe|Procter & Gamble News"],
            ),
            (
                "Jane Doe AND Jim Roe, WIRE",
                &["Jane Doe|WIRE", "Jim Roe|WIRE"],
            ),
            ("Jane Doe & Jim Roe", &["Jane Doe", "Jim Roe"]),
            (
                "By Maria Lopez of the Harbor Times",
                &["Maria Lopez|Harbor Times"],
            ),
            (
                "By Maria Lopez of The New York Times",
                &["Maria Lopez|The New York Times"],
            ),
            (
                "By Maria Lopez and Tom Becker of the Harbor Times",
                &["Maria Lopez|Harbor Times", "Tom Becker|Harbor Times"],
            ),
            (
                "By Maria Lopez of the Harbor Times and Tom Becker of Bloomberg News",
                &["Maria Lopez|Harbor Times", "Tom Becker|Bloomberg News"],
            ),
            (
                "By Maria Lopez, Harbor Times, and Tom Becker, Bloomberg News on",
                &["Maria Lopez|Harbor Times", "Tom Becker|Bloomberg News"],
            ),
            (
                "Maria Lopez, Reuters; Tom Becker, Bloomberg News",
                &["Maria Lopez|Reuters", "Tom Becker|Bloomberg News"],
            ),
            (
                "Henrik Olsen, Mara Quist, and Dev Patel, Northwind Wire on",
                &[
                    "Henrik Olsen|Northwind Wire",
                    "Mara Quist|Northwind Wire",
                    "Dev Patel|Northwind Wire",
                ],
            ),
            (
                "By Martin Ruiz Jr. and Tom Becker, Harbor Times on",
                &["Martin Ruiz Jr.|Harbor Times", "Tom Becker|Harbor Times"],
            ),
            (
                "By Martin Ruiz, Jr., Harbor Times",
                &["Martin Ruiz Jr.|Harbor Times"],
            ),
            (
                "By 李明 and Ana Ruiz, Harbor Times on",
                &["李明|Harbor Times", "Ana Ruiz|Harbor Times"],
            ),
            (
                "Ελένη Παππά and Олена Коваль, Harbor Times on",
                &["Ελένη Παππά|Harbor Times", "Олена Коваль|Harbor Times"],
            ),
            (
                "By Maria de la Cruz and Omar al-Sayed, Harbor Times Media, LLC",
                &[
                    "Maria de la Cruz|Harbor Times Media, LLC",
                    "Omar al-Sayed|Harbor Times Media, LLC",
                ],
            ),
            ("By Anna Schmidt, dpa", &["Anna Schmidt|dpa"]),
        ];
        for (text, expected) in cases {
            assert_eq!(people(text), *expected, "{text}");
        }
    }

    #[test]
    fn the_date_after_a_byline_is_read_in_every_notation() {
        let nov3 = Some(datetime!(2026-11-03 00:00 UTC));
        for text in [
            "Maria Lopez, Harbor Times on Nov. 3, 2026",
            "Maria Lopez, Harbor Times on November 3, 2026",
            "Maria Lopez, Harbor Times on Tuesday, November 3, 2026",
            "Maria Lopez, Harbor Times on Tue., Nov. 3, 2026",
            "Maria Lopez, Harbor Times on Nov. 3, 2026 at 5:04 p.m.",
            "Maria Lopez, Harbor Times on November 3, 2026, 17:04 CET",
            "Maria Lopez, Harbor Times on 2026-11-03",
            "Maria Lopez, Harbor Times on 2026-11-03T17:04:00Z",
            "Maria Lopez, Harbor Times, Tuesday, November 3, 2026",
            "Maria Lopez, Harbor Times | Nov. 3, 2026",
            "MARIA LOPEZ, HARBOR TIMES ON NOV. 3, 2026 AT 5:04 P.M.",
        ] {
            assert_eq!(date_of(text), nov3, "{text}");
            let expected = if text.starts_with("MARIA") {
                "MARIA LOPEZ|HARBOR TIMES"
            } else {
                "Maria Lopez|Harbor Times"
            };
            assert_eq!(people(text), [expected], "{text}");
        }
        assert_eq!(date_of("Maria Lopez, Harbor Times on"), None);
    }

    #[test]
    fn lines_that_are_not_bylines_say_so() {
        for text in [
            "By Friday, the council had voted to extend the ferry service for the whole winter season.",
            "The Harbor Ledger",
            "Council approves weekend ferry service to the north harbor",
            "The city council voted 7-2 on Tuesday.",
            "Funding questions",
            "Maria",
        ] {
            assert_eq!(judge_byline(text), Verdict::NotByline, "{text}");
        }
    }

    #[test]
    fn marked_lines_that_do_not_read_are_unreadable_with_the_reason() {
        for (text, reason) in [
            ("by the way, this is not a byline on", "not a person's name"),
            (
                "Port strike drags on",
                "\"Port strike drags\" is not a person's name",
            ),
            (
                "By Friday, the council had voted on",
                "\"Friday\" is not a person's name",
            ),
            (
                "Ελένη Παππά και Олена Коваль, Harbor Times on",
                "not a person's name",
            ),
            (
                "Maria Lopez, harbor times and more on",
                "does not read as the name of an organisation",
            ),
            (
                "By Maria Lopez, Harbor Times on Nov. 31, 2026",
                "organisation",
            ),
        ] {
            match judge_byline(text) {
                Verdict::Unreadable(why) => assert!(why.contains(reason), "{text}: {why}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn names_in_any_script_and_shape() {
        for name in [
            "Maria Lopez",
            "李明",
            "Ελένη Παππά",
            "Олена Коваль",
            "Zoë Laurent",
            "Maria de la Cruz",
            "Omar al-Sayed",
            "Seán O’Brien",
            "J. R. Hartley",
            "Martin Ruiz Jr.",
            "ANA RUIZ",
            "Anna d’Amico",
        ] {
            assert!(looks_like_a_name(name), "{name}");
        }
        for not_a_name in [
            "Port strike drags",
            "Friday",
            "The Harbor Ledger",
            "the council",
            "Council voted 7-2",
            "Harbor Times.",
            "Ana (Staff)",
            "",
        ] {
            assert!(!looks_like_a_name(not_a_name), "{not_a_name}");
        }
    }

    #[test]
    fn organisations_are_short_names_not_sentences() {
        for org in [
            "Harbor Times",
            "Bloomberg News",
            "Coastal Content Syndicate, LLC",
            "Voice of America",
            "The Mail on Sunday",
            "Harbor Times Media Inc.",
            "Bloomberg L.P.",
            "20 Minutes",
            "dpa",
            "新华社",
        ] {
            assert!(looks_like_an_organisation(org), "{org}");
        }
        for not_org in [
            "the council had voted to extend the ferry service for the whole winter season.",
            "Harbor Times on Tuesday, November 3, 2026",
            "Harbor Times on November 3",
            "November 3, 2026",
            "Harbor Times said.",
            "Who pays?",
            "harbor times and more",
        ] {
            assert!(!looks_like_an_organisation(not_org), "{not_org}");
        }
    }
}
