//! Dates as news copy writes them.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

/// Reads a calendar date in the notations page copy uses: "November 3, 2026",
/// "Nov. 3, 2026", "3 November 2026", "2026-11-03". The copy gives no time or zone, so
/// the date is taken as the start of that day in UTC.
pub(crate) fn parse_copy_date(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim().trim_end_matches('.');
    let date = parse_iso(text).or_else(|| parse_words(text))?;
    Some(PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_utc())
}

fn parse_iso(text: &str) -> Option<Date> {
    let mut parts = text.splitn(3, '-');
    let year = parts.next()?.parse::<i32>().ok()?;
    let month = parts.next()?.parse::<u8>().ok()?;
    let day = parts.next()?.parse::<u8>().ok()?;
    (text.len() == 10).then_some(())?;
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

fn parse_words(text: &str) -> Option<Date> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let (day, month, year) = match words.as_slice() {
        [month, day, year] if month_from_name(month).is_some() => (day, month, year),
        [day, month, year] => (day, month, year),
        _ => return None,
    };
    let day = day
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .parse::<u8>()
        .ok()?;
    let year = year
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=2200).contains(y))?;
    Date::from_calendar_date(year, month_from_name(month)?, day).ok()
}

fn month_from_name(word: &str) -> Option<Month> {
    let word = word.trim_end_matches('.').to_ascii_lowercase();
    let months = [
        ("jan", Month::January),
        ("feb", Month::February),
        ("mar", Month::March),
        ("apr", Month::April),
        ("may", Month::May),
        ("jun", Month::June),
        ("jul", Month::July),
        ("aug", Month::August),
        ("sep", Month::September),
        ("oct", Month::October),
        ("nov", Month::November),
        ("dec", Month::December),
    ];
    let full_names = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    months
        .iter()
        .zip(full_names)
        .find_map(|((abbr, month), full)| {
            let matches = word == *abbr || word == full || (*abbr == "sep" && word == "sept");
            matches.then_some(*month)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn reads_the_notations_copy_uses() {
        let expected = datetime!(2026-11-03 00:00 UTC);
        for text in [
            "November 3, 2026",
            "Nov. 3, 2026",
            "Nov 3 2026",
            "3 November 2026",
            "2026-11-03",
            "Nov. 3rd, 2026",
        ] {
            assert_eq!(parse_copy_date(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        for text in [
            "Harbor Times",
            "February 30, 2026",
            "2026-13-01",
            "Nov 3",
            "May the best win 2026",
        ] {
            assert_eq!(parse_copy_date(text), None, "{text}");
        }
    }
}
