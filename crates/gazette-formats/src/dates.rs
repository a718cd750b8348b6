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

/// Reads a timestamp in the notations wire files use: RFC 3339 ("2018-10-23T12:00:00Z"),
/// ISO 8601 basic ("20160909T000100+0100", NITF), a local time with no zone
/// ("2016-01-12 12:35:40", taken as UTC), a bare date, and RFC 2822 ("Tue, 10 Jun 2003
/// 04:00:00 GMT", RSS). Fractions of a second are dropped.
pub(crate) fn parse_wire_datetime(text: &str) -> Option<OffsetDateTime> {
    use time::format_description::well_known::{Rfc2822, Rfc3339};
    let text = text.trim();
    OffsetDateTime::parse(text, &Rfc3339)
        .ok()
        .or_else(|| OffsetDateTime::parse(text, &Rfc2822).ok())
        .or_else(|| parse_iso_loose(text))
        // Stories are dated to the second.
        .and_then(|t| t.replace_nanosecond(0).ok())
}

/// ISO 8601 in its extended or basic form, with or without time, seconds, fraction or
/// zone.
fn parse_iso_loose(text: &str) -> Option<OffsetDateTime> {
    let digits = |s: &str, n: usize| -> Option<u32> {
        let part = s.get(..n)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day, rest) = if text.get(4..5) == Some("-") {
        (
            digits(text, 4)?,
            digits(text.get(5..)?, 2)?,
            digits(text.get(8..)?, 2)?,
            text.get(10..)?,
        )
    } else {
        (
            digits(text, 4)?,
            digits(text.get(4..)?, 2)?,
            digits(text.get(6..)?, 2)?,
            text.get(8..)?,
        )
    };
    let date = Date::from_calendar_date(
        i32::try_from(year).ok()?,
        Month::try_from(u8::try_from(month).ok()?).ok()?,
        u8::try_from(day).ok()?,
    )
    .ok()?;
    let rest = rest.trim_start_matches(['T', 't', ' ']);
    let (clock, zone) = match rest.find(['Z', 'z', '+', '-']) {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    let clock: String = clock.chars().filter(|c| *c != ':').collect();
    let clock = clock.split(['.', ',']).next().unwrap_or("");
    let (hour, minute, second) = match clock.len() {
        0 => (0, 0, 0),
        4 => (digits(clock, 2)?, digits(&clock[2..], 2)?, 0),
        6 => (
            digits(clock, 2)?,
            digits(&clock[2..], 2)?,
            digits(&clock[4..], 2)?,
        ),
        _ => return None,
    };
    let time = Time::from_hms(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
    )
    .ok()?;
    let offset = match zone {
        "" | "Z" | "z" => time::UtcOffset::UTC,
        zone => {
            let sign: i32 = if zone.starts_with('-') { -1 } else { 1 };
            let zone: String = zone[1..].chars().filter(|c| *c != ':').collect();
            let hours = digits(&zone, 2)?;
            let minutes = if zone.len() >= 4 {
                digits(&zone[2..], 2)?
            } else {
                0
            };
            let seconds = sign * i32::try_from(hours * 3600 + minutes * 60).ok()?;
            time::UtcOffset::from_whole_seconds(seconds).ok()?
        }
    };
    Some(PrimitiveDateTime::new(date, time).assume_offset(offset))
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

pub(crate) fn month_from_name(word: &str) -> Option<Month> {
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
    fn reads_the_four_wire_notations() {
        let utc = |text| parse_wire_datetime(text).map(|t| t.to_offset(time::UtcOffset::UTC));
        let noon = Some(datetime!(2018-10-23 12:00 UTC));
        assert_eq!(utc("2018-10-23T12:00:00Z"), noon);
        assert_eq!(utc("2018-10-23T14:00:00+02:00"), noon);
        assert_eq!(utc("2018-10-23T12:00:00.250Z"), noon);
        assert_eq!(utc("20181023T130000+0100"), noon);
        assert_eq!(utc("20181023T120000Z"), noon);
        assert_eq!(utc(" 2018-10-23 12:00:00 "), noon);
        assert_eq!(utc("Tue, 23 Oct 2018 12:00:00 GMT"), noon);
        assert_eq!(utc("Tue, 23 Oct 2018 08:00:00 -0400"), noon);
        assert_eq!(utc("2018-10-23"), Some(datetime!(2018-10-23 0:00 UTC)));
        assert_eq!(utc("20181023"), Some(datetime!(2018-10-23 0:00 UTC)));
        for bad in [
            "",
            "yesterday",
            "2018-13-01",
            "2018-10-23T25:00:00Z",
            "2018-10-23T12:00:00+9",
        ] {
            assert_eq!(parse_wire_datetime(bad), None, "{bad}");
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
