//! Turning bytes into clean lines of text.

use crate::ReadError;
use encoding_rs::{UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use std::borrow::Cow;

/// Decodes text in the encodings copy really arrives in: UTF-8 (with or without a byte
/// order mark), UTF-16 with a byte order mark, and Windows-1252, which is what text
/// copied on older desktop systems is when it is not valid UTF-8.
pub(crate) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, ReadError> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
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
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Cow::Borrowed(text));
    }
    if bytes.contains(&0) {
        return Err(ReadError::Encoding(
            "the file holds binary data (NUL bytes), not text".into(),
        ));
    }
    let (text, _, _) = WINDOWS_1252.decode(bytes);
    Ok(text)
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
    }
}
