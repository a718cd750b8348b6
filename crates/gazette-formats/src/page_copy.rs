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
//!
//! Structure decides before wording: the headline is the first line after the
//! breadcrumb, the byline the line after the headline (see [`locate_headline`]), and a
//! line is only a byline when its names read as names and its organisation as an
//! organisation (see [`byline`]). Where two readings stay possible the copy is refused
//! with the line and the reason; a silently wrong story is worse than a refused one.

mod byline;

use crate::text::{clean_lines, decode, primary_language, refuse_non_prose, Line};
use crate::ReadError;
use byline::{
    judge_byline, looks_like_a_name, read_copy_date, read_people, split_names, strip_by, Evidence,
    Verdict,
};
use gazette_core::{Block, Body, Byline, IncomingStory, Person, Slug};

/// How far into the copy the headline, byline and category may sit. Real breadcrumbs are
/// one to four lines; anything deeper means we are not looking at page copy.
const HEADER_WINDOW: usize = 8;
/// The most lines the partner's breadcrumb may take before the headline.
const MAX_BREADCRUMB_LINES: usize = 5;
/// Subheads are short: a few words, not a sentence.
const MAX_SUBHEAD_WORDS: usize = 10;
const MAX_HEADLINE_CHARS: usize = 300;
/// How many lines into the body a misplaced byline is looked for.
const MISPLACED_BYLINE_LINES: usize = 2;

/// Reads one story from page copy.
pub fn read_page_copy(bytes: &[u8]) -> Result<IncomingStory, ReadError> {
    let text = decode(bytes)?;
    refuse_non_prose(&text)?;
    let lines = clean_lines(&text);
    if lines.is_empty() {
        return Err(ReadError::Empty);
    }
    let header = read_header(&lines)?;
    // Below the comments heading the provider's chrome may say anything.
    let comments_heading = find_comments_heading(&lines, header.body_start);
    refuse_chrome_run_into_text(&lines[..comments_heading.unwrap_or(lines.len())])?;
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
    let source_key = identity_key(
        source.as_deref(),
        &header.byline,
        header.partner_site.as_deref(),
        &header.headline,
    );
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

/// A wire byline in words ("By Maria Lopez and Tom Becker, Harbor Times") as people of
/// their organisation, read by the same rules as a page-copy byline (see [`byline`]).
/// Unlike page copy, a wire byline is known to be one, so text that does not read as
/// names ("Staff and agencies") is kept as one credit rather than refused. `language` is
/// the story's (a BCP 47 tag), which decides whether "Von" is a credit word.
pub(crate) fn byline_from_text(text: &str, language: Option<&str>) -> Byline {
    let text = crate::html::collapse_whitespace(text);
    let text = strip_by(&text)
        .or_else(|| strip_credit_word(&text, language))
        .unwrap_or(&text)
        .trim_end_matches(',')
        .trim();
    if text.is_empty() {
        return Byline::default();
    }
    match read_people(text) {
        Ok(people) => Byline(people),
        Err(_) => Byline(vec![Person::new(text, None)]),
    }
}

/// Wire services write "By" in their own language: AFP's "Par Claire Dubois", EFE's "Por
/// Ana Ruiz", NTB's "Av Kari Nordmann", Ritzau's "Af Jens Holm", ANP's "Door Jan de
/// Vries", dpa's "Von Almut Kipp". The next word must start like a name. "Von" also
/// begins names ("Von Miller", "von der Leyen"), so it is a credit word only in German
/// stories, and only capitalised: a German byline "von Bülow, dpa" is a name.
fn strip_credit_word<'a>(text: &'a str, language: Option<&str>) -> Option<&'a str> {
    const WORDS: [&str; 5] = ["par ", "por ", "av ", "af ", "door "];
    let german_von = || {
        language.is_some_and(|tag| primary_language(tag) == "de")
            && (text.starts_with("Von ") || text.starts_with("VON "))
    };
    let word_len = WORDS
        .iter()
        .find(|word| {
            text.get(..word.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(word))
        })
        .map(|word| word.len())
        .or_else(|| german_von().then_some("Von ".len()))?;
    let rest = text[word_len..].trim_start();
    rest.starts_with(|c: char| c.is_alphabetic() && !c.is_lowercase())
        .then_some(rest)
}

/// Page copy carries no id, so the reader makes one from what every copy of the same
/// story repeats, its headline, and from who it is by, so that two partners' stories
/// with the same headline ("Weather outlook for the weekend") stay two stories:
///
/// - `page-copy:{organisation}:{headline}` when the byline names an organisation (the
///   first one named; this is also the story's `source`);
/// - `page-copy:people:{names}:{headline}` when it names people but no organisation;
/// - `page-copy:site:{partner's site}:{headline}` when there is no byline, with the
///   partner's site name from the breadcrumb ("The Harbor Ledger");
/// - `page-copy:unknown-source:{headline}` when the copy names none of these.
///
/// The first form is the one earlier releases made, so stories stored then keep their
/// identity. Each part is slugged, so case, accents and punctuation do not matter, and
/// "Maria Lopez of the Harbor Times" and "Maria Lopez, Harbor Times" name the same
/// organisation. An edited copy of a story (same headline and organisation, or same
/// names without one; changed body, category, section or date) keeps its key and is a
/// new revision; a copy whose headline or organisation changed is a new story.
fn identity_key(
    source: Option<&str>,
    byline: &Byline,
    partner_site: Option<&str>,
    headline: &str,
) -> String {
    let slug = |text: &str| Slug::from_text(text).map(|s| s.to_string());
    let headline = slug(headline).unwrap_or_default();
    if let Some(organisation) = source.and_then(slug) {
        return format!("page-copy:{organisation}:{headline}");
    }
    let names: Vec<String> = byline
        .people()
        .iter()
        .filter_map(|p| slug(&p.name))
        .collect();
    if !names.is_empty() {
        return format!("page-copy:people:{}:{headline}", names.join("+"));
    }
    match partner_site.and_then(slug) {
        Some(site) => format!("page-copy:site:{site}:{headline}"),
        None => format!("page-copy:unknown-source:{headline}"),
    }
}

struct Header {
    section: Option<String>,
    /// The partner's site name, from the breadcrumb.
    partner_site: Option<String>,
    headline: String,
    byline: Byline,
    category: Option<String>,
    published_at: Option<time::OffsetDateTime>,
    /// Index into the cleaned lines where the body starts.
    body_start: usize,
    body_start_line: usize,
}

/// The header: breadcrumb, headline, then in any order the byline, a "Published in …"
/// category and a date line. The headline is placed by structure first (see
/// [`locate_headline`]); the byline is only ever the first line after the headline that is
/// not the category or a date, and it is read, refused, or found to be the body's start.
fn read_header(lines: &[Line]) -> Result<Header, ReadError> {
    let headline_at = locate_headline(lines)?;
    let headline = &lines[headline_at];
    check_headline(headline)?;
    let breadcrumb = read_breadcrumb(&lines[..headline_at])?;

    let mut next = headline_at + 1;
    let mut byline = None;
    let mut byline_date = None;
    let mut date_line = None;
    let mut category = None;
    let mut byline_slot_open = true;
    while let Some(line) = lines.get(next) {
        if category.is_none() {
            if let Some(found) = published_in(&line.text) {
                category = Some(found.to_owned());
                next += 1;
                continue;
            }
        }
        if date_line.is_none() {
            if let Some(date) = read_copy_date(strip_date_label(&line.text)) {
                date_line = Some(date);
                next += 1;
                continue;
            }
        }
        if byline_slot_open {
            byline_slot_open = false;
            match judge_byline(&line.text) {
                Verdict::Byline(read) => {
                    byline = Some(read.byline);
                    byline_date = read.date;
                    next += 1;
                    continue;
                }
                Verdict::Unreadable(reason) => {
                    return Err(ReadError::at(
                        line.number,
                        format!("cannot read the byline: {reason}"),
                    ))
                }
                Verdict::NotByline => {}
            }
        }
        break;
    }
    if byline.is_none() {
        refuse_misplaced_byline(&lines[next..])?;
    }
    let body_start_line = lines.get(next).unwrap_or(&lines[next - 1]).number;
    Ok(Header {
        section: breadcrumb.section,
        partner_site: breadcrumb.site,
        headline: headline.text.clone(),
        byline: byline.unwrap_or_default(),
        category,
        published_at: byline_date.or(date_line),
        body_start: next,
        body_start_line,
    })
}

/// A copy with no byline in its place but one a line or two further down (below a deck
/// or a photo caption) is a shape we do not know: refusing it beats publishing the byline
/// as a paragraph.
fn refuse_misplaced_byline(body: &[Line]) -> Result<(), ReadError> {
    for line in body.iter().take(MISPLACED_BYLINE_LINES) {
        if judge_byline(&line.text).evidence() == Some(Evidence::Marked) {
            return Err(ReadError::at(
                line.number,
                "a byline below the start of the story; expected it right after the headline",
            ));
        }
    }
    Ok(())
}

/// Where the headline is. The structure decides, in this order:
/// 1. A breadcrumb with a separator line ("Local News", "/", "The Harbor Ledger"): the
///    headline is the line after the partner's site name, whatever it ends with ("Port
///    strike drags on" stays the headline). If that line reads as a byline and the line
///    after it does not, the breadcrumb may lack the site name, or the headline may look
///    like a byline: the copy is refused rather than guessed.
/// 2. No separator: the first line (after the first) that says it is a byline ("By …",
///    " on", a date) follows the headline; when the line after it is a byline too, the
///    copy is refused as ambiguous.
/// 3. A "Published in …" line follows the byline or, without one, the headline.
/// 4. Otherwise the copy starts with its headline, after a one-line breadcrumb
///    ("Local News / The Harbor Ledger") if it has one.
fn locate_headline(lines: &[Line]) -> Result<usize, ReadError> {
    let window = &lines[..lines.len().min(HEADER_WINDOW)];
    let evidence = |at: usize| lines.get(at).and_then(|l| judge_byline(&l.text).evidence());
    let is_byline = |at: usize| evidence(at).is_some_and(|e| e >= Evidence::Shaped);
    let ambiguous = |at: usize| {
        ReadError::at(
            lines[at].number,
            format!(
                "cannot tell whether \"{}\" is the headline or the byline; expected the \
                 partner's breadcrumb (section / site name), the headline, then the byline",
                truncate(&lines[at].text, 60)
            ),
        )
    };

    if let Some(separator) = window
        .iter()
        .take(MAX_BREADCRUMB_LINES)
        .rposition(|l| is_breadcrumb_separator(&l.text))
    {
        let headline_at = separator + 2;
        if headline_at >= lines.len() {
            return Err(ReadError::at(
                lines[separator].number,
                "the copy ends inside the partner's breadcrumb; expected section / site name, \
                 then the headline",
            ));
        }
        if is_byline(headline_at) && !is_byline(headline_at + 1) {
            return Err(ambiguous(headline_at));
        }
        return Ok(headline_at);
    }

    let marked = (1..window.len().min(MAX_BREADCRUMB_LINES + 2))
        .find(|at| evidence(*at) == Some(Evidence::Marked));
    if let Some(byline_at) = marked {
        if is_byline(byline_at + 1) {
            return Err(ambiguous(byline_at));
        }
        return Ok(byline_at - 1);
    }

    if let Some(category_at) = window.iter().position(|l| published_in(&l.text).is_some()) {
        return match category_at {
            0 => Err(ReadError::at(
                lines[0].number,
                "the copy starts with \"Published in …\"; expected the headline first",
            )),
            1 => Ok(0),
            at if evidence(at - 1).is_some() => Ok(at - 2),
            at => Ok(at - 1),
        };
    }

    let after_one_line_breadcrumb =
        breadcrumb_parts(&lines[0].text).is_some() && lines.len() > 1 && !is_byline(1);
    Ok(usize::from(after_one_line_breadcrumb))
}

/// "Local News / The Harbor Ledger" → its parts, when the line is a breadcrumb written on
/// one line: two to four short title-case parts between separators.
fn breadcrumb_parts(text: &str) -> Option<Vec<&str>> {
    let separator = ["/", "|", ">", "»", "›", "•", "·"]
        .iter()
        .map(|s| format!(" {s} "))
        .find(|s| text.contains(s.as_str()))?;
    let parts: Vec<&str> = text.split(separator.as_str()).map(str::trim).collect();
    let title_like = |part: &&str| {
        let words: Vec<&str> = part.split_whitespace().collect();
        (1..=5).contains(&words.len())
            && !ends_like_a_sentence(part)
            && words.iter().all(|w| {
                w.starts_with(|c: char| !c.is_lowercase())
                    || matches!(*w, "of" | "and" | "the" | "&" | "in" | "on")
            })
    };
    ((2..=4).contains(&parts.len()) && parts.iter().all(title_like)).then_some(parts)
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
    if published_in(text).is_some() || read_copy_date(strip_date_label(text)).is_some() {
        return Err(ReadError::at(
            line.number,
            format!("expected the headline but found \"{}\"", truncate(text, 60)),
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

struct Breadcrumb {
    section: Option<String>,
    site: Option<String>,
}

/// The partner's breadcrumb: its first line names the partner's section, which becomes
/// the story's section here; its last names the partner's site, which only helps tell
/// stories apart (see [`identity_key`]); the rest (separators) is chrome.
fn read_breadcrumb(breadcrumb: &[Line]) -> Result<Breadcrumb, ReadError> {
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
    let mut names: Vec<&str> = Vec::new();
    for line in breadcrumb
        .iter()
        .filter(|l| !is_breadcrumb_separator(&l.text))
    {
        match breadcrumb_parts(&line.text) {
            Some(parts) => names.extend(parts),
            None => names.push(&line.text),
        }
    }
    Ok(Breadcrumb {
        section: names.first().map(|s| (*s).to_owned()),
        site: names
            .get(1..)
            .and_then(<[&str]>::last)
            .map(|s| (*s).to_owned()),
    })
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

/// Full stops of the scripts copy arrives in: CJK "。！？", Arabic "؟", Devanagari "।".
const OTHER_SCRIPTS_STOPS: [char; 8] = ['。', '！', '？', '」', '』', '）', '؟', '।'];

fn ends_like_a_sentence(text: &str) -> bool {
    text.ends_with(['.', '!', '?', '…', '"', '”', '’', ':', ';'])
        || text.ends_with(OTHER_SCRIPTS_STOPS)
}

/// Closing punctuation: a line that ends with it is a sentence, not a subhead.
fn ends_with_closing_punctuation(text: &str) -> bool {
    text.ends_with([
        '.', '!', '?', '…', ':', ';', ',', '"', '”', '’', '\'', ')', ']', '»',
    ]) || text.ends_with(OTHER_SCRIPTS_STOPS)
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
    if let Some(at) = find_comments_heading(lines, body_start) {
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

/// Comments headings partners print, lowercased; a count may come before ("3 comments")
/// or after ("Comments (3)").
const COMMENTS_HEADINGS: [&str; 6] = [
    "comments",
    "comment",
    "reader comments",
    "leave a comment",
    "join the conversation",
    "discussion",
];

/// The comments block's heading, among the last lines of the copy after the body's start.
fn find_comments_heading(lines: &[Line], body_start: usize) -> Option<usize> {
    const MAX_TRAILING_LINES: usize = 4;
    lines
        .iter()
        .enumerate()
        .skip(body_start)
        .rev()
        .take(MAX_TRAILING_LINES + 1)
        .find(|(_, l)| is_comments_heading(&l.text))
        .map(|(i, _)| i)
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
    COMMENTS_HEADINGS.contains(&lower) || counted
}

/// Where a comments provider's line ("blog comments powered by Disqus", "Please enable
/// JavaScript to view the comments…") starts in `text`, if it holds one.
fn comments_provider_at(text: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    let powered_by = lower
        .find("comments powered by")
        .map(|at| lower[..at].strip_suffix("blog ").map_or(at, str::len));
    let enable_javascript = lower.find("please enable javascript to view the comments");
    powered_by.into_iter().chain(enable_javascript).min()
}

fn is_comments_provider(text: &str) -> bool {
    comments_provider_at(text).is_some()
}

/// Where a comments heading that ends `text` starts ("… said.Comments", "Features3
/// Comments"), if one does.
fn trailing_comments_heading_at(text: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    let lower = lower.trim_end_matches(':');
    // "Comments (3)" ends like "comments" once its count is cut off.
    let uncounted = lower
        .strip_suffix(')')
        .and_then(|rest| {
            rest.trim_end_matches(|c: char| c.is_ascii_digit())
                .strip_suffix(" (")
        })
        .unwrap_or(lower);
    let heading = COMMENTS_HEADINGS
        .iter()
        .filter(|heading| uncounted.ends_with(*heading))
        .map(|heading| uncounted.len() - heading.len())
        .min()?;
    // "3 comments": the count belongs to the heading.
    let counted = lower[..heading]
        .strip_suffix(' ')
        .map(|rest| rest.trim_end_matches(|c: char| c.is_ascii_digit()))
        .filter(|rest| rest.len() + 1 < heading);
    Some(counted.map_or(heading, str::len))
}

/// Where the partner's page chrome starts in a line that also holds text before it: the
/// copy lost a line break, and the story's category or last paragraph runs into the
/// comments block or the copyright line ("Published in Featuresblog comments powered by
/// Disqus"). Whatever is read from such a line carries chrome, so it is refused.
///
/// A comments heading counts when it is glued to the word before it ("FeaturesComments",
/// "said.Comments"), follows a finished sentence ("said. Comments"), or ends a category
/// line; "Comment" and "Discussion" are also sections' names ("Published in Opinion &
/// Comment"), so in a category only their glued forms count.
fn chrome_run_into(text: &str) -> Option<(usize, &'static str)> {
    if let Some(at) = comments_provider_at(text).filter(|at| *at > 0) {
        return Some((at, "comments block"));
    }
    let glued_to_text =
        |before: &str| before.ends_with(char::is_alphanumeric) || ends_like_a_sentence(before);
    if let Some(at) = text.find('©').filter(|at| glued_to_text(&text[..*at])) {
        return Some((at, "copyright line"));
    }
    let at = trailing_comments_heading_at(text).filter(|at| *at > 0)?;
    let (before, heading) = text.split_at(at);
    let glued = !before.ends_with(' ')
        && heading.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit());
    let after_sentence = ends_like_a_sentence(before.trim_end());
    let ends_category = published_in(before).is_some()
        && !matches!(
            heading.to_ascii_lowercase().as_str(),
            "comment" | "discussion"
        );
    (glued || after_sentence || ends_category).then_some((at, "comments block"))
}

/// Refuses copy with a line where text runs into the partner's chrome (see
/// [`chrome_run_into`]).
fn refuse_chrome_run_into_text(lines: &[Line]) -> Result<(), ReadError> {
    for line in lines {
        if let Some((at, chrome)) = chrome_run_into(&line.text) {
            let (before, after) = line.text.split_at(at);
            return Err(ReadError::at(
                line.number,
                format!(
                    "\"{}\" runs into the partner's {chrome} \"{}\"; a line break is missing \
                     (expected the {chrome} on a line of its own)",
                    truncate(before.trim_end(), 60),
                    truncate(after, 60)
                ),
            ));
        }
    }
    Ok(())
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
        } else if let Some(site) = visit_line(text) {
            footer.source_site = Some(site.to_owned());
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

/// "Visit harbortimes.example." on a line of its own: the source's site.
fn visit_line(text: &str) -> Option<&str> {
    let site = text.strip_prefix("Visit ")?.trim().trim_end_matches('.');
    (site.contains('.') && !site.contains(char::is_whitespace)).then_some(site)
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

    #[test]
    fn wire_bylines_split_into_people_or_stay_one_credit() {
        let names = |text| {
            byline_from_text(text, None)
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
        assert_eq!(names("Par Claire Dubois"), ["Claire Dubois|"]);
        assert_eq!(
            names("Vondra Kates"),
            ["Vondra Kates|"],
            "a name that begins like a credit word"
        );
        assert_eq!(
            names("By 李明 and Ana Ruiz, Harbor Times"),
            ["李明|Harbor Times", "Ana Ruiz|Harbor Times"]
        );
        assert_eq!(
            names("By Maria Lopez, Harbor Times, and Tom Becker, Bloomberg News"),
            ["Maria Lopez|Harbor Times", "Tom Becker|Bloomberg News"]
        );
        assert_eq!(
            names("From staff reports, with wire services"),
            ["From staff reports, with wire services|"]
        );
        assert!(names("  ").is_empty());
    }

    #[test]
    fn von_opens_a_byline_only_in_german_stories() {
        let names = |text, language| {
            byline_from_text(text, language)
                .people()
                .iter()
                .map(|p| format!("{}|{}", p.name, p.organisation.clone().unwrap_or_default()))
                .collect::<Vec<_>>()
        };
        for german in ["de", "de-DE", "DE-ch", "de_AT"] {
            assert_eq!(
                names("Von Almut Kipp, dpa", Some(german)),
                ["Almut Kipp|dpa"],
                "{german}"
            );
        }
        assert_eq!(
            names("VON ALMUT KIPP", Some("de")),
            ["ALMUT KIPP|"],
            "capitals"
        );
        assert_eq!(
            names("Von Ursula von der Leyen", Some("de")),
            ["Ursula von der Leyen|"],
            "a particle inside the name stays"
        );
        assert_eq!(
            names("von Bülow, dpa", Some("de")),
            ["von Bülow|dpa"],
            "a lowercase von begins a name"
        );
        assert_eq!(names("Von Miller", Some("en")), ["Von Miller|"]);
        assert_eq!(names("Von Miller", None), ["Von Miller|"]);
        assert_eq!(
            names("Von Miller", Some("dev")),
            ["Von Miller|"],
            "a tag that only begins with de"
        );
        assert_eq!(names("Af Jens Holm", Some("da")), ["Jens Holm|"]);
    }

    #[test]
    fn subheads_are_short_and_unpunctuated() {
        assert!(is_subhead_shaped("Funding questions"));
        assert!(!is_subhead_shaped("Funding questions."));
        assert!(!is_subhead_shaped(
            "One two three four five six seven eight nine ten eleven"
        ));
    }

    #[test]
    fn one_line_breadcrumbs_are_short_title_case_parts() {
        assert_eq!(
            breadcrumb_parts("Local News / The Harbor Ledger"),
            Some(vec!["Local News", "The Harbor Ledger"])
        );
        assert_eq!(
            breadcrumb_parts("Home › Science & Environment › Northwind Wire"),
            Some(vec!["Home", "Science & Environment", "Northwind Wire"])
        );
        assert_eq!(
            breadcrumb_parts("Boeing / Airbus duopoly faces a rival"),
            None
        );
        assert_eq!(breadcrumb_parts("Local News"), None);
    }
}
