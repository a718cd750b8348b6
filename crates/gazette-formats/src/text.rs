//! Turning bytes into clean lines of text, and refusing bytes that are not text.

use crate::ReadError;
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use std::borrow::Cow;

/// Most control characters a text may hold, per 1000 characters. Text copied from a page
/// or saved by an editor holds none besides tab, line breaks and form feed; binary data
/// holds about one in ten.
const MAX_CONTROLS_PER_MILLE: usize = 10;
/// Fewest letters among the visible characters of a copy, in percent. Prose in any script
/// is mostly letters (about 80%); a file of numbers or symbols is not a story.
const MIN_LETTERS_PERCENT: usize = 40;

/// Decodes text in the encodings copy really arrives in, and refuses what is not text:
/// - UTF-8, with or without a byte order mark; UTF-16 with a byte order mark, or without
///   one when every other byte is zero (Latin text saved as UTF-16).
/// - Anything else is legacy text in an unknown single- or multi-byte encoding: the
///   encoding is guessed with `chardetng` (Firefox's detector). Windows-1252 wins over a
///   guess when its reading puts letters inside words and symbols outside them more
///   often (see [`prefer_windows_1252`]). A file that is almost UTF-8 (valid multi-byte
///   sequences and a few broken ones) is refused with the position of the first broken
///   byte, never read as mojibake.
/// - Bytes that decode to a text with more than a few control characters (other than
///   tab, line breaks and form feed), or with NUL bytes, are binary data and refused.
pub(crate) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, ReadError> {
    let text = decode_any(bytes)?;
    refuse_binary(&text)?;
    Ok(text)
}

fn decode_any(bytes: &[u8]) -> Result<Cow<'_, str>, ReadError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let rest = &bytes[bom_len..];
        let (text, had_errors) = encoding.decode_without_bom_handling(rest);
        if had_errors {
            return Err(ReadError::Encoding(format!(
                "the file starts with a {} byte order mark but is not valid {}",
                encoding.name(),
                encoding.name()
            )));
        }
        debug_assert!([UTF_8, UTF_16LE, UTF_16BE].contains(&encoding));
        return Ok(text);
    }
    // Before UTF-8: Latin text in UTF-16 is valid UTF-8 too, with a NUL in every other byte.
    if let Some(encoding) = utf16_without_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        if had_errors {
            return Err(ReadError::Encoding(format!(
                "the file looks like {} without a byte order mark but is not valid {}",
                encoding.name(),
                encoding.name()
            )));
        }
        return Ok(text);
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(Cow::Borrowed(text)),
        Err(error) => error,
    };
    if bytes.contains(&0) {
        return Err(ReadError::Encoding(
            "the file holds binary data (NUL bytes), not text".into(),
        ));
    }
    if is_broken_utf8(bytes) {
        return Err(broken_utf8(utf8_error.valid_up_to()));
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, Utf8Detection::Deny);
    let (text, had_errors) = guess.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(ReadError::Encoding(format!(
            "the file is not UTF-8 and not valid {} (the closest legacy encoding) either; \
             re-save it as UTF-8",
            guess.name()
        )));
    }
    if guess != WINDOWS_1252 && guess.is_single_byte() {
        let (western, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
        if prefer_windows_1252(&text, &western) {
            return Ok(Cow::Owned(western.into_owned()));
        }
    }
    Ok(text)
}

/// UTF-16 without a byte order mark, recognised by its zero bytes: in Latin text every
/// high byte is zero, so one parity of positions is often zero and the other never is.
/// The error for bytes [`is_broken_utf8`] finds, naming the first bad byte.
pub(crate) fn broken_utf8(at: usize) -> ReadError {
    ReadError::Encoding(format!(
        "the file is UTF-8 with an invalid byte sequence at byte {at} (broken, or mixed \
         with another encoding); fix or re-save it as UTF-8"
    ))
}

fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || bytes.len() % 2 == 1 {
        return None;
    }
    let units = bytes.len() / 2;
    let zeros_at = |parity: usize| {
        bytes
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    // At least one unit in five has a zero high byte; hardly any low byte is zero.
    if odd * 5 >= units && even * 100 <= units {
        Some(UTF_16LE)
    } else if even * 5 >= units && odd * 100 <= units {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Invalid UTF-8 that nevertheless holds as many valid multi-byte sequences as broken
/// ones: a UTF-8 file damaged in places, or text of two encodings pasted together, not a
/// file in one legacy encoding (where valid multi-byte UTF-8 sequences are rare accidents
/// among many broken ones). Read in either encoding, part of it would come out garbled.
pub(crate) fn is_broken_utf8(bytes: &[u8]) -> bool {
    let lossy = String::from_utf8_lossy(bytes);
    let broken = lossy.chars().filter(|c| *c == '\u{FFFD}').count();
    let valid = lossy
        .chars()
        .filter(|c| !c.is_ascii() && *c != '\u{FFFD}')
        .count();
    valid > 0 && valid >= broken
}

/// Chooses between the detector's guess of a legacy single-byte encoding and
/// Windows-1252, the encoding most legacy copy is in. Detection on a short copy with a
/// few non-ASCII bytes is unreliable: "£200" and "©2026" read as "Ł200" and "Š2026" in
/// Central European encodings. Where the two readings differ, a letter belongs next to a
/// letter and a symbol does not; Windows-1252 wins only when it fits that strictly more
/// often. For Cyrillic, Greek and the like both readings are letters inside words, so the
/// detector's guess stands.
fn prefer_windows_1252(guessed: &str, western: &str) -> bool {
    let guessed: Vec<char> = guessed.chars().collect();
    let western: Vec<char> = western.chars().collect();
    if guessed.len() != western.len() {
        return false;
    }
    let fits = |text: &[char], at: usize| {
        let letter_next_to_it = (at > 0 && text[at - 1].is_alphabetic())
            || text.get(at + 1).is_some_and(|c| c.is_alphabetic());
        text[at].is_alphabetic() == letter_next_to_it
    };
    let (mut guessed_fits, mut western_fits) = (0, 0);
    for at in (0..guessed.len()).filter(|at| guessed[*at] != western[*at]) {
        guessed_fits += usize::from(fits(&guessed, at));
        western_fits += usize::from(fits(&western, at));
    }
    western_fits > guessed_fits
}

/// Control characters other than tab, line breaks and form feed (C0, DEL and C1).
fn is_control_noise(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r')
}

fn refuse_binary(text: &str) -> Result<(), ReadError> {
    let (mut chars, mut controls) = (0usize, 0usize);
    for c in text.chars() {
        chars += 1;
        controls += usize::from(is_control_noise(c));
    }
    if controls > 0 && controls * 1000 > chars * MAX_CONTROLS_PER_MILLE {
        return Err(ReadError::Encoding(format!(
            "the file holds binary data, not text: {controls} control characters in {chars}"
        )));
    }
    Ok(())
}

/// Refuses decoded text that is not written words: fewer than 40% letters among its
/// visible characters (a table of numbers, a hex dump, symbols).
pub(crate) fn refuse_non_prose(text: &str) -> Result<(), ReadError> {
    let (mut visible, mut letters) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        visible += 1;
        letters += usize::from(c.is_alphabetic());
    }
    if visible >= 20 && letters * 100 < visible * MIN_LETTERS_PERCENT {
        return Err(ReadError::Encoding(format!(
            "the file does not read as text: only {}% of its characters are letters",
            letters * 100 / visible
        )));
    }
    Ok(())
}

/// A non-empty line of copy with its 1-based line number in the original file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub number: usize,
    pub text: String,
}

/// Splits text into its non-blank lines, each with runs of any kind of space (including
/// the non-breaking spaces web pages are full of) folded into one plain space, and
/// invisible characters removed.
pub(crate) fn clean_lines(text: &str) -> Vec<Line> {
    text.split('\n')
        .enumerate()
        .filter_map(|(index, raw)| {
            let cleaned = clean_line(raw);
            (!cleaned.is_empty()).then(|| Line {
                number: index + 1,
                text: cleaned,
            })
        })
        .collect()
}

fn clean_line(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    for c in raw.chars() {
        if c.is_whitespace() {
            pending_space = true;
        } else if is_invisible(c) {
            continue;
        } else {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        }
    }
    out
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    ) || (c.is_control() && c != '\t')
}

/// A language tag's primary subtag, lowercased: "de" of "de-CH" or "DE_de".
pub(crate) fn primary_language(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or(tag)
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nbsp_only_lines_are_blank_and_spaces_fold() {
        let lines = clean_lines("One\u{00A0}\u{00A0}two\r\n\u{00A0}\n\tThree\u{200B}\n");
        let texts: Vec<_> = lines.iter().map(|l| (l.number, l.text.as_str())).collect();
        assert_eq!(texts, vec![(1, "One two"), (3, "Three")]);
    }

    #[test]
    fn windows_1252_is_decoded_when_not_utf8() {
        let bytes = b"\x93Quoted\x94 \x97 caf\xe9";
        assert_eq!(
            decode(bytes).expect("decodes"),
            "\u{201C}Quoted\u{201D} \u{2014} café"
        );
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Héllo".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes).expect("decodes"), "Héllo");
    }

    #[test]
    fn binary_is_refused() {
        assert!(matches!(
            decode(b"\xff\x00\x01"),
            Err(ReadError::Encoding(_))
        ));
        // No NUL, but control characters no text holds.
        let err = decode(b"Harbor\x01\x02\x03 ferry\x1b\x7f plan \x90\x81").expect_err("binary");
        assert!(err.to_string().contains("control characters"), "{err}");
    }

    #[test]
    fn cyrillic_windows_1251_is_recognised_not_read_as_western() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251
            .encode("Рада схвалила нічний пором до північної гавані. Мешканці раді змінам.");
        assert_eq!(
            decode(&bytes).expect("decodes"),
            "Рада схвалила нічний пором до північної гавані. Мешканці раді змінам."
        );
    }

    #[test]
    fn pound_and_copyright_signs_stay_western() {
        // chardetng alone reads this short copy as Windows-1250 ("Ł200,000").
        let bytes = b"The board cut \xa3200,000 from arts programs.\n\xa92026 Lakeside Post.";
        assert_eq!(
            decode(bytes).expect("decodes"),
            "The board cut £200,000 from arts programs.\n©2026 Lakeside Post."
        );
        let polish =
            b"Za\xbf\xf3\xb3\xe6 g\xea\x9cl\xb9 ja\x9f\xf1. \xa3\xf3d\x9f jest pi\xeaknym miastem.";
        assert_eq!(
            decode(polish).expect("decodes"),
            "Zażółć gęślą jaźń. Łódź jest pięknym miastem."
        );
    }

    #[test]
    fn utf16_without_bom_is_recognised_by_its_zero_bytes() {
        let le: Vec<u8> = "Ferry plan, 7-2"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "Ferry plan, 7-2"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(decode(&le).expect("decodes"), "Ferry plan, 7-2");
        assert_eq!(decode(&be).expect("decodes"), "Ferry plan, 7-2");
    }

    #[test]
    fn damaged_utf8_is_refused_with_its_position_not_read_as_mojibake() {
        let mut bytes = "Zoë Laurent — café".as_bytes().to_vec();
        bytes.insert(5, 0xff);
        let err = decode(&bytes).expect_err("damaged UTF-8");
        assert!(err.to_string().contains("at byte 5"), "{err}");
        // One word in UTF-8, one in Windows-1252: refused, even when as many are broken
        // as are whole.
        let err = decode(b"{\"headline\": \"Caf\xc3\xa9 and caf\xe9\"}").expect_err("mixed");
        assert!(err.to_string().contains("at byte 27"), "{err}");
    }

    #[test]
    fn text_of_few_letters_is_not_prose() {
        assert!(refuse_non_prose("12 34 56 78 90 12 34 56 78 90 %% ## 11 22").is_err());
        assert!(refuse_non_prose("The council voted 7-2 on Tuesday.").is_ok());
        assert!(refuse_non_prose("港口交通在秋季增长，港务局说。").is_ok());
    }
}
