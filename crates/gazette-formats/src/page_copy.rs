//! Page copy: the text of a syndication partner's article page, as a small publisher
//! receives it when a partner sends "the story" by copying its web page.
//!
//! The copy carries the partner site's chrome around the story: a breadcrumb before the
//! headline (the partner's section, a `/`, the partner's name) and a comments block
//! after it. Between them sit the headline, the byline (often with a dangling " on"
//! where the partner's page showed a date), an optional "Published in …" category, the
//! body, and a footer of contributor line, copyright, the source's site and the
//! "Distributed by" credit. The reader keeps the story and drops the chrome; when the
//! copy does not have this shape it says which line it could not place, rather than
//! guess.

use crate::dates::parse_copy_date;
use crate::text::{clean_lines, decode, Line};
use crate::ReadError;
use gazette_core::{Block, Body, Byline, IncomingStory, Person, Slug};

/// How far into the copy the byline and category may sit. Real breadcrumbs are one to
/// four lines; anything deeper means we are not looking at page copy.
const HEADER_WINDOW: usize = 8;
/// The most lines the partner's breadcrumb may take before the headline.
const MAX_BREADCRUMB_LINES: usize = 5;
/// Subheads are short: a few words, not a sentence.
const MAX_SUBHEAD_WORDS: usize = 10;
const MAX_HEADLINE_CHARS: usize = 300;
const MAX_NAME_WORDS: usize = 6;
const MAX_NAME_CHARS: usize = 80;

/// Reads one story from page copy.
pub fn read_page_copy(bytes: &[u8]) -> Result<IncomingStory, ReadError> {
    let text = decode(bytes)?;
    let lines = clean_lines(&text);
    if lines.is_empty() {
        return Err(ReadError::Empty);
    }
    let header = read_header(&lines)?;
    let footer_start = find_footer_start(&lines, header.body_start);
    let footer = read_footer(&lines[footer_start..])?;
    let body = read_body(
        &lines[header.body_start..footer_start],
        header.body_start_line,
    )?;

    let source = header
        .byline
        .people()
        .iter()
        .find_map(|person| person.organisation.clone());
    let source_key = identity_key(source.as_deref(), &header.headline);
    Ok(IncomingStory {
        source_key,
        headline: header.headline,
        byline: header.byline,
        contributors: footer.contributors,
        source,
        source_site: footer.source_site,
        distributor: footer.distributor,
        copyright: footer.copyright,
        section: header.section,
        category: header.category,
        published_at: header.published_at,
        body,
        ..IncomingStory::default()
    })
}

/// Page copy carries no id, so a story is known by its source and headline: a corrected
/// copy of the same story (same headline) is a new revision of it, not a second story.
fn identity_key(source: Option<&str>, headline: &str) -> String {
    let slug = |text: &str| Slug::from_text(text).map(|s| s.to_string());
    format!(
        "page-copy:{}:{}",
        source
            .and_then(slug)
            .unwrap_or_else(|| "unknown-source".into()),
        slug(headline).unwrap_or_default()
    )
}

struct Header {
    section: Option<String>,
    headline: String,
    byline: Byline,
    category: Option<String>,
    published_at: Option<time::OffsetDateTime>,
    /// Index into the cleaned lines where the body starts.
    body_start: usize,
    body_start_line: usize,
}

fn read_header(lines: &[Line]) -> Result<Header, ReadError> {
    let window = &lines[..lines.len().min(HEADER_WINDOW)];
    let category_at = window.iter().position(|l| published_in(&l.text).is_some());
    let byline_at = find_byline(window, category_at);
    let headline_at = match (byline_at, category_at) {
        (Some(b), _) => b.checked_sub(1),
        (None, Some(c)) => c.checked_sub(1),
        (None, None) => headline_after_breadcrumb(window),
    }
    .ok_or_else(|| {
        ReadError::at(
            lines[0].number,
            "cannot find the headline: expected the headline followed by a byline \
             (\"By …\" or \"Name, Organisation\") or a \"Published in …\" line",
        )
    })?;

    let headline = &lines[headline_at];
    check_headline(headline)?;
    let breadcrumb = &lines[..headline_at];
    let section = read_breadcrumb(breadcrumb)?;

    let mut published_at = None;
    let byline = match byline_at {
        Some(at) => {
            let (byline, date) = read_byline(&lines[at])?;
            published_at = date;
            byline
        }
        None => Byline::default(),
    };
    let mut next = byline_at
        .unwrap_or(headline_at)
        .max(category_at.unwrap_or(0))
        + 1;
    // A date on a line of its own right after the byline (or category).
    if let Some(date) = lines
        .get(next)
        .and_then(|l| parse_copy_date(strip_date_label(&l.text)))
    {
        published_at = published_at.or(Some(date));
        next += 1;
    }
    let category = category_at.and_then(|at| published_in(&lines[at].text).map(str::to_owned));
    let body_start_line = lines.get(next).unwrap_or(&lines[next - 1]).number;
    Ok(Header {
        section,
        headline: headline.text.clone(),
        byline,
        category,
        published_at,
        body_start: next,
        body_start_line,
    })
}

/// The byline is the first line that says it is one ("By …", or the dangling " on" /
/// " on DATE" of a partner page), or the line right before "Published in …" when it
/// reads as "Name, Organisation".
fn find_byline(window: &[Line], category_at: Option<usize>) -> Option<usize> {
    let marked = window
        .iter()
        .enumerate()
        .skip(1)
        .take_while(|(i, _)| category_at.is_none_or(|c| *i < c))
        .find(|(_, line)| has_byline_marker(&line.text))
        .map(|(i, _)| i);
    marked.or_else(|| {
        let before_category = category_at?.checked_sub(1).filter(|i| *i >= 1)?;
        reads_as_name_and_organisation(&window[before_category].text).then_some(before_category)
    })
}

fn has_byline_marker(text: &str) -> bool {
    starts_with_by(text).is_some() || text.ends_with(" on") || trailing_date(text).is_some()
}

fn starts_with_by(text: &str) -> Option<&str> {
    let rest = text.get(..3).filter(|p| p.eq_ignore_ascii_case("by "))?;
    let rest = &text[rest.len()..];
    rest.starts_with(|c: char| c.is_uppercase()).then_some(rest)
}

/// "Name, Org on November 3, 2026" → the date and the text before " on ".
fn trailing_date(text: &str) -> Option<(&str, time::OffsetDateTime)> {
    let at = text.rfind(" on ")?;
    let date = parse_copy_date(&text[at + 4..])?;
    Some((&text[..at], date))
}

fn reads_as_name_and_organisation(text: &str) -> bool {
    let Some((names, organisation)) = text.split_once(", ") else {
        return false;
    };
    // Stricter than a byline with a marker: a headline such as "Mayor, council clash
    // over budget" must not pass for one, so names need two words and the organisation
    // a capital.
    !ends_like_a_sentence(text)
        && organisation.starts_with(|c: char| c.is_uppercase())
        && split_names(names)
            .iter()
            .all(|name| looks_like_a_name(name) && name.split_whitespace().count() >= 2)
}

fn headline_after_breadcrumb(window: &[Line]) -> Option<usize> {
    let last_separator = window
        .iter()
        .take(MAX_BREADCRUMB_LINES)
        .rposition(|l| is_breadcrumb_separator(&l.text));
    match last_separator {
        // section / site name / headline
        Some(at) => Some(at + 2).filter(|h| *h < window.len()),
        // No breadcrumb: a copy that starts with its headline.
        None => Some(0),
    }
}

fn is_breadcrumb_separator(text: &str) -> bool {
    matches!(text, "/" | "|" | ">" | "»" | "›" | "•" | "·")
}

fn check_headline(line: &Line) -> Result<(), ReadError> {
    let text = &line.text;
    if text.chars().count() > MAX_HEADLINE_CHARS {
        return Err(ReadError::at(
            line.number,
            format!(
                "the headline is longer than {MAX_HEADLINE_CHARS} characters; is this a paragraph?"
            ),
        ));
    }
    if is_breadcrumb_separator(text) || Slug::from_text(text).is_none() {
        return Err(ReadError::at(line.number, "the headline has no words"));
    }
    if is_footer_furniture(text) {
        return Err(ReadError::at(
            line.number,
            format!(
                "expected the headline but found the partner's page furniture: \"{}\"",
                truncate(text, 60)
            ),
        ));
    }
    if text.ends_with('.') && text.split_whitespace().count() > 25 {
        return Err(ReadError::at(
            line.number,
            "expected a headline here but found a sentence; the copy must start with the \
             partner's breadcrumb or the headline",
        ));
    }
    Ok(())
}

/// The partner's breadcrumb: its first line names the partner's section, which becomes
/// the story's section here; the rest (separators, the partner's name) is chrome.
fn read_breadcrumb(breadcrumb: &[Line]) -> Result<Option<String>, ReadError> {
    if breadcrumb.len() > MAX_BREADCRUMB_LINES {
        return Err(ReadError::at(
            breadcrumb[MAX_BREADCRUMB_LINES].number,
            format!(
                "{} lines before the headline; expected at most the partner's breadcrumb \
                 (section / site name)",
                breadcrumb.len()
            ),
        ));
    }
    if let Some(sentence) = breadcrumb
        .iter()
        .find(|l| ends_like_a_sentence(&l.text) && l.text.len() > 60)
    {
        return Err(ReadError::at(
            sentence.number,
            "a sentence before the headline; expected only the partner's breadcrumb",
        ));
    }
    if let Some(misplaced) = breadcrumb.iter().find(|l| is_footer_furniture(&l.text)) {
        return Err(ReadError::at(
            misplaced.number,
            format!(
                "the partner's page footer before the headline: \"{}\"",
                truncate(&misplaced.text, 60)
            ),
        ));
    }
    Ok(breadcrumb
        .first()
        .filter(|l| !is_breadcrumb_separator(&l.text))
        .map(|l| l.text.clone()))
}

/// Lines that belong after a story, never before or inside it.
fn is_footer_furniture(text: &str) -> bool {
    is_comments_provider(text) || is_comments_heading(text) || is_copyright(text)
}

fn published_in(text: &str) -> Option<&str> {
    let prefix = text
        .get(..13)
        .filter(|p| p.eq_ignore_ascii_case("published in "))?;
    let category = text[prefix.len()..].trim();
    (!category.is_empty()).then_some(category)
}

fn strip_date_label(text: &str) -> &str {
    ["Published ", "Posted ", "Updated "]
        .iter()
        .find_map(|label| text.strip_prefix(label))
        .unwrap_or(text)
}

/// "By A, B and C, Org on" → three people of Org. Returns the date when the partner
/// page left one in the byline.
fn read_byline(line: &Line) -> Result<(Byline, Option<time::OffsetDateTime>), ReadError> {
    let mut text = starts_with_by(&line.text).unwrap_or(&line.text);
    let mut date = None;
    if let Some((before, found)) = trailing_date(text) {
        text = before;
        date = Some(found);
    }
    let text = text
        .strip_suffix(" on")
        .unwrap_or(text)
        .trim_end_matches(',')
        .trim();
    let (names, organisation) = split_people_and_organisation(text);
    if let Some(bad) = names.iter().find(|name| !looks_like_a_name(name)) {
        return Err(ReadError::at(
            line.number,
            format!("cannot read the byline: \"{bad}\" is not a person's name"),
        ));
    }
    let people = names
        .into_iter()
        .map(|name| Person::new(name, organisation.clone()))
        .collect();
    Ok((Byline(people), date))
}

/// A wire byline in words ("By Maria Lopez and Tom Becker, Harbor Times") as people of
/// their organisation. Unlike page copy, a wire byline is known to be one, so text that
/// does not read as names is kept as one credit rather than refused.
pub(crate) fn byline_from_text(text: &str) -> Byline {
    let text = crate::html::collapse_whitespace(text);
    let text = starts_with_by(&text)
        .unwrap_or(&text)
        .trim_end_matches(',')
        .trim();
    if text.is_empty() {
        return Byline::default();
    }
    let (names, organisation) = split_people_and_organisation(text);
    if names.is_empty() || !names.iter().all(|name| looks_like_a_name(name)) {
        return Byline(vec![Person::new(text, None)]);
    }
    Byline(
        names
            .into_iter()
            .map(|name| Person::new(name, organisation.clone()))
            .collect(),
    )
}

/// Splits "A, B and C, Org" into names and organisation. The organisation is whatever
/// follows the comma after the last "and"-joined group of names; with no "and", the
/// text after the first comma ("A, Org").
fn split_people_and_organisation(text: &str) -> (Vec<String>, Option<String>) {
    let segments: Vec<&str> = text
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    // A joined group is people only when every name in it has two words or more, so
    // an organisation such as "Procter & Gamble" is not taken for two people.
    let joined_at = segments.iter().rposition(|s| {
        joins_names(s)
            && split_names(s)
                .iter()
                .all(|n| looks_like_a_name(n) && n.split_whitespace().count() >= 2)
    });
    let (name_segments, org_segments) = match joined_at {
        Some(at) => segments.split_at(at + 1),
        None => segments.split_at(segments.len().min(1)),
    };
    let names = name_segments
        .iter()
        .flat_map(|segment| split_names(segment))
        .collect();
    let organisation = (!org_segments.is_empty()).then(|| org_segments.join(", "));
    (names, organisation)
}

fn joins_names(segment: &str) -> bool {
    split_names(segment).len() > 1 || starts_with_and(segment).is_some()
}

fn starts_with_and(text: &str) -> Option<&str> {
    text.get(..4)
        .filter(|p| p.eq_ignore_ascii_case("and "))
        .map(|_| &text[4..])
}

/// "A and B & C" → the names; "and" in any case, as bylines are sometimes capitalised.
fn split_names(segment: &str) -> Vec<String> {
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

fn looks_like_a_name(name: &str) -> bool {
    let words = name.split_whitespace().count();
    (1..=MAX_NAME_WORDS).contains(&words)
        && name.chars().count() <= MAX_NAME_CHARS
        && name.starts_with(|c: char| c.is_uppercase())
        && !ends_like_a_sentence(name)
}

fn ends_like_a_sentence(text: &str) -> bool {
    text.ends_with(['.', '!', '?', '…', '"', '”', '’', ':', ';'])
}

/// Closing punctuation: a line that ends with it is a sentence, not a subhead.
fn ends_with_closing_punctuation(text: &str) -> bool {
    text.ends_with([
        '.', '!', '?', '…', ':', ';', ',', '"', '”', '’', '\'', ')', ']', '»',
    ])
}

/// Where the story ends: the separator rule, the contributor line, the copyright line or
/// the comments block, whichever comes first after the body has started.
fn find_footer_start(lines: &[Line], body_start: usize) -> usize {
    let comments_at = find_comments_block(lines, body_start);
    lines[..comments_at]
        .iter()
        .enumerate()
        .skip(body_start)
        .find(|(_, l)| {
            is_separator_rule(&l.text)
                || contributors_of(&l.text).is_some()
                || is_copyright(&l.text)
        })
        .map_or(comments_at, |(i, _)| i)
}

fn is_separator_rule(text: &str) -> bool {
    text.chars().count() >= 3
        && text
            .chars()
            .all(|c| matches!(c, '-' | '—' | '–' | '_' | '*' | '=' | '─'))
}

/// The trailing comments block of whatever provider the partner uses: a "Comments"
/// heading and a few short lines of provider chrome after it, at the end of the copy.
fn find_comments_block(lines: &[Line], body_start: usize) -> usize {
    const MAX_TRAILING_LINES: usize = 4;
    let heading = lines
        .iter()
        .enumerate()
        .skip(body_start)
        .rev()
        .take(MAX_TRAILING_LINES + 1)
        .find(|(_, l)| is_comments_heading(&l.text))
        .map(|(i, _)| i);
    if let Some(at) = heading {
        return at;
    }
    // A provider line with no heading ("blog comments powered by …") ends the copy too.
    match lines.last() {
        Some(last) if lines.len() > body_start && is_comments_provider(&last.text) => {
            lines.len() - 1
        }
        _ => lines.len(),
    }
}

fn is_comments_heading(text: &str) -> bool {
    let lower = text.to_lowercase();
    let lower = lower.trim_end_matches(':');
    let counted = lower
        .strip_suffix(" comments")
        .or_else(|| {
            lower
                .strip_prefix("comments (")
                .and_then(|r| r.strip_suffix(')'))
        })
        .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
    matches!(
        lower,
        "comments"
            | "comment"
            | "reader comments"
            | "leave a comment"
            | "join the conversation"
            | "discussion"
    ) || counted
}

fn is_comments_provider(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.contains("comments powered by")
        || lower.starts_with("please enable javascript to view the comments")
}

struct Footer {
    contributors: Vec<String>,
    copyright: Option<String>,
    source_site: Option<String>,
    distributor: Option<String>,
}

fn read_footer(lines: &[Line]) -> Result<Footer, ReadError> {
    let mut footer = Footer {
        contributors: Vec::new(),
        copyright: None,
        source_site: None,
        distributor: None,
    };
    let mut in_comments = false;
    for line in lines {
        let text = line.text.as_str();
        if in_comments || is_separator_rule(text) {
            continue;
        }
        if is_comments_heading(text) || is_comments_provider(text) {
            in_comments = true;
        } else if let Some(names) = contributors_of(text) {
            footer.contributors.extend(names);
        } else if is_copyright(text) || text.starts_with("Distributed by ") {
            read_credit_line(text, &mut footer);
        } else {
            return Err(ReadError::at(
                line.number,
                format!(
                    "unexpected text after the end of the story: \"{}\"; expected only the \
                     contributor line, the copyright line and the comments block",
                    truncate(text, 60)
                ),
            ));
        }
    }
    Ok(footer)
}

/// "—With assistance from Lee Chan and Ravi Shah." → the names.
fn contributors_of(text: &str) -> Option<Vec<String>> {
    let text = text
        .trim_start_matches(['—', '–', '-', '(', ' '])
        .trim_end_matches([')', '.', ' ']);
    let names = [
        "With assistance from ",
        "With additional reporting by ",
        "Additional reporting by ",
    ]
    .iter()
    .find_map(|lead| {
        text.get(..lead.len())
            .filter(|p| p.eq_ignore_ascii_case(lead))
            .map(|p| &text[p.len()..])
    })?;
    let names: Vec<String> = names
        .split(',')
        .flat_map(split_names)
        .filter(|n| looks_like_a_name(n))
        .collect();
    (!names.is_empty()).then_some(names)
}

fn is_copyright(text: &str) -> bool {
    let lower = text.to_lowercase();
    text.starts_with('©') || lower.starts_with("(c)") || lower.starts_with("copyright ")
}

/// "©2025 Harbor Times Media. Visit harbortimes.example. Distributed by Coastal Content
/// Syndicate, LLC." → copyright line, the source's site and the distributor. The
/// copyright holder's own name may hold full stops ("Bloomberg L.P."), so the line is cut
/// at the "Visit" and "Distributed by" markers, not at every full stop.
fn read_credit_line(text: &str, footer: &mut Footer) {
    let visit_at = text
        .find("Visit ")
        .filter(|at| *at == 0 || text[..*at].ends_with(". "));
    let distributed_at = text.find("Distributed by ");
    let copyright_end = [visit_at, distributed_at]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(text.len());
    let copyright = text[..copyright_end].trim();
    if !copyright.is_empty() {
        footer.copyright = Some(copyright.to_owned());
    }
    if let Some(at) = visit_at {
        let rest = &text[at + "Visit ".len()..];
        let end = rest.find("Distributed by ").unwrap_or(rest.len());
        let site = rest[..end].trim().trim_end_matches('.');
        if !site.is_empty() {
            footer.source_site = Some(site.to_owned());
        }
    }
    if let Some(at) = distributed_at {
        let distributor = text[at + "Distributed by ".len()..]
            .trim()
            .trim_end_matches('.');
        if !distributor.is_empty() {
            footer.distributor = Some(distributor.to_owned());
        }
    }
}

/// Paragraphs and subheads, in order. A subhead is a short line with no closing
/// punctuation that sits between two paragraphs.
fn read_body(lines: &[Line], body_start_line: usize) -> Result<Body, ReadError> {
    if !lines.iter().any(|l| !is_subhead_shaped(&l.text)) {
        return Err(ReadError::at(
            lines.first().map_or(body_start_line, |l| l.number),
            "the story has no body: expected paragraphs after the headline, byline and category",
        ));
    }
    if let Some(chrome) = lines.iter().find(|l| is_comments_provider(&l.text)) {
        return Err(ReadError::at(
            chrome.number,
            "a comments provider's line inside the story; expected it only after the story's end",
        ));
    }
    let mut blocks = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let after_paragraph = matches!(blocks.last(), Some(Block::Paragraph(_)));
        let before_paragraph = lines
            .get(i + 1)
            .is_some_and(|next| !is_subhead_shaped(&next.text));
        let block = if is_subhead_shaped(&line.text) && after_paragraph && before_paragraph {
            Block::Subhead(line.text.clone())
        } else {
            Block::Paragraph(line.text.clone())
        };
        blocks.push(block);
    }
    Ok(Body(blocks))
}

fn is_subhead_shaped(text: &str) -> bool {
    text.split_whitespace().count() <= MAX_SUBHEAD_WORDS && !ends_with_closing_punctuation(text)
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

    fn split(text: &str) -> (Vec<String>, Option<String>) {
        split_people_and_organisation(text)
    }

    #[test]
    fn wire_bylines_split_into_people_or_stay_one_credit() {
        let names = |text| {
            byline_from_text(text)
                .people()
                .iter()
                .map(|p| format!("{}|{}", p.name, p.organisation.clone().unwrap_or_default()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names("By Maria Lopez and Tom Becker, Harbor Times"),
            ["Maria Lopez|Harbor Times", "Tom Becker|Harbor Times"]
        );
        assert_eq!(names("BY  ANA RUIZ"), ["ANA RUIZ|"]);
        assert_eq!(names("Staff and agencies"), ["Staff and agencies|"]);
        assert!(names("  ").is_empty());
    }

    #[test]
    fn bylines_split_into_people_and_their_organisation() {
        let cases: &[(&str, &[&str], Option<&str>)] = &[
            (
                "Henry Meyer and Volodymyr Verbianyi, Bloomberg News",
                &["Henry Meyer", "Volodymyr Verbianyi"],
                Some("Bloomberg News"),
            ),
            ("Ana Ruiz", &["Ana Ruiz"], None),
            (
                "Ana Ruiz, Harbor Times",
                &["Ana Ruiz"],
                Some("Harbor Times"),
            ),
            (
                "A One, B Two, and C Three, Wire",
                &["A One", "B Two", "C Three"],
                Some("Wire"),
            ),
            (
                "Jane Doe, Procter & Gamble News",
                &["Jane Doe"],
                Some("Procter & Gamble News"),
            ),
            (
                "Jane Doe AND Jim Roe, WIRE",
                &["Jane Doe", "Jim Roe"],
                Some("WIRE"),
            ),
            ("Jane Doe & Jim Roe", &["Jane Doe", "Jim Roe"], None),
        ];
        for (text, names, organisation) in cases {
            let (got_names, got_org) = split(text);
            assert_eq!(
                got_names,
                names.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
                "{text}"
            );
            assert_eq!(got_org.as_deref(), *organisation, "{text}");
        }
    }

    #[test]
    fn subheads_are_short_and_unpunctuated() {
        assert!(is_subhead_shaped("Funding questions"));
        assert!(!is_subhead_shaped("Funding questions."));
        assert!(!is_subhead_shaped(
            "One two three four five six seven eight nine ten eleven"
        ));
    }
}
