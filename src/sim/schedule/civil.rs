//! Proleptic Gregorian calendar arithmetic on plain integers (no allocation, no zone).

use crate::sim::digits::push_zero_padded;

/// A wall-clock date and time with whole seconds, as Go's `time.Time` fields in some zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Wall {
    /// Year, e.g. 2024.
    pub year: i32,
    /// Month 1–12.
    pub month: u32,
    /// Day of month 1–31.
    pub day: u32,
    /// Hour 0–23.
    pub hour: u32,
    /// Minute 0–59.
    pub minute: u32,
    /// Second 0–59.
    pub second: u32,
}

/// Days since 1970-01-01 of a civil date (any month/day, no range check beyond i64 math).
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date `(year, month, day)` of a count of days since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// Whether `year` is a Gregorian leap year.
pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1–12) of `year`.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Weekday of a civil date, 0 = Sunday … 6 = Saturday.
pub fn weekday(year: i32, month: u32, day: u32) -> u32 {
    (days_from_civil(year, month, day) + 4).rem_euclid(7) as u32
}

/// Reads wall fields as if they were UTC: seconds since the epoch (out-of-range fields carry).
pub fn wall_as_utc_secs(w: &Wall) -> i64 {
    days_from_civil(w.year, w.month, w.day) * 86_400
        + i64::from(w.hour) * 3600
        + i64::from(w.minute) * 60
        + i64::from(w.second)
}

/// The UTC wall fields of an instant given in seconds since the epoch.
pub fn utc_wall(secs: i64) -> Wall {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400) as u32;
    let (year, month, day) = civil_from_days(days);
    Wall {
        year,
        month,
        day,
        hour: rem / 3600,
        minute: rem / 60 % 60,
        second: rem % 60,
    }
}

/// Formats an instant (ms since the epoch) as RFC 3339 UTC, with `.mmm` only when non-zero.
/// Written digit by digit (it runs for every fire listed, twice per keystroke's 50 fires):
/// the same text as `format!("{:04}-{:02}-…")`, a negative year included (`-001`).
pub fn format_rfc3339_ms(ms: i64) -> String {
    let w = utc_wall(ms.div_euclid(1000));
    let frac = ms.rem_euclid(1000);
    let mut out = String::with_capacity(24);
    push_zero_padded(&mut out, i64::from(w.year), 4);
    for (separator, field) in [
        ('-', w.month),
        ('-', w.day),
        ('T', w.hour),
        (':', w.minute),
        (':', w.second),
    ] {
        out.push(separator);
        push_zero_padded(&mut out, i64::from(field), 2);
    }
    if frac != 0 {
        out.push('.');
        push_zero_padded(&mut out, frac, 3);
    }
    out.push('Z');
    out
}

/// Why a text is not an RFC 3339 time; the messages are chrono's, whose parser this replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rfc3339Error {
    /// The text ends too early.
    TooShort,
    /// A character is not what the syntax allows there.
    Invalid,
    /// A field is out of its range (month 13, hour 24, offset +24:00, …).
    OutOfRange,
    /// Something follows the offset.
    TooLong,
}

impl std::fmt::Display for Rfc3339Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::TooShort => "premature end of input",
            Self::Invalid => "input contains invalid characters",
            Self::OutOfRange => "input is out of range",
            Self::TooLong => "trailing input",
        })
    }
}

/// An RFC 3339 time (`2026-11-28T12:00:00.5+08:00`) as ms since the epoch, read exactly as
/// chrono's `DateTime::parse_from_rfc3339(…).timestamp_millis()` reads it (a property test
/// compares the two, errors included): `T`, `t` or a space between date and time, any number of
/// fraction digits (nine are read), second 60 as a leap second (the next second's first ms),
/// `Z`, `z` or an offset up to ±23:59 whose minus may be U+2212. Own code because chrono's
/// parser is about 2 KB of the gzipped wasm.
pub fn parse_rfc3339_ms(text: &str) -> Result<i64, Rfc3339Error> {
    use Rfc3339Error::{Invalid, OutOfRange, TooLong, TooShort};
    let b = text.as_bytes();
    if b.len() < 19 {
        return Err(TooShort);
    }
    let digit = |i: usize| match b[i] {
        c @ b'0'..=b'9' => Ok(u32::from(c - b'0')),
        _ => Err(Invalid),
    };
    let two = |i: usize| Ok::<u32, Rfc3339Error>(digit(i)? * 10 + digit(i + 1)?);
    let expect = |i: usize, allowed: &[u8]| {
        if allowed.contains(&b[i]) {
            Ok(())
        } else {
            Err(Invalid)
        }
    };
    let year = two(0)? * 100 + two(2)?;
    expect(4, b"-")?;
    let month = two(5)?;
    expect(7, b"-")?;
    let day = two(8)?;
    let year = year as i32;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err(OutOfRange);
    }
    expect(10, b"Tt ")?;
    let hour = two(11)?;
    expect(13, b":")?;
    let minute = two(14)?;
    expect(16, b":")?;
    let second = two(17)?;
    // A leap second is second 59 plus one more second.
    let (second, mut nanos) = if second == 60 {
        (59, 1_000_000_000u32)
    } else {
        (second, 0)
    };
    let mut rest = &b[19..];
    if let [b'.', fraction @ ..] = rest {
        let digits = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        match fraction.first() {
            None => return Err(TooShort),
            Some(_) if digits == 0 => return Err(Invalid),
            Some(_) => {}
        }
        let mut value = 0;
        for (i, c) in fraction
            .iter()
            .take(9)
            .take_while(|c| c.is_ascii_digit())
            .enumerate()
        {
            value += u32::from(c - b'0') * 10u32.pow(8 - i as u32);
        }
        nanos += value;
        rest = &fraction[digits..];
    }
    if hour >= 24 || minute >= 60 || second >= 60 {
        return Err(OutOfRange);
    }
    let offset_secs = match rest {
        [b'Z' | b'z', tail @ ..] => {
            rest = tail;
            0
        }
        _ => {
            let (negative, tail) = match rest {
                [b'+', tail @ ..] => (false, tail),
                [b'-', tail @ ..] => (true, tail),
                // U+2212 MINUS SIGN.
                [0xE2, 0x88, 0x92, tail @ ..] => (true, tail),
                [] => return Err(TooShort),
                _ => return Err(Invalid),
            };
            let hours = match tail {
                [h1 @ b'0'..=b'9', h2 @ b'0'..=b'9', ..] => {
                    i64::from((h1 - b'0') * 10 + (h2 - b'0'))
                }
                [_, _, ..] => return Err(Invalid),
                _ => return Err(TooShort),
            };
            let tail = match &tail[2..] {
                [b':', tail @ ..] => tail,
                [] => return Err(TooShort),
                _ => return Err(Invalid),
            };
            let minutes = match tail {
                [m1 @ b'0'..=b'5', m2 @ b'0'..=b'9', ..] => {
                    i64::from((m1 - b'0') * 10 + (m2 - b'0'))
                }
                [b'6'..=b'9', b'0'..=b'9', ..] => return Err(OutOfRange),
                [_, _, ..] => return Err(Invalid),
                _ => return Err(TooShort),
            };
            rest = &tail[2..];
            let secs = hours * 3600 + minutes * 60;
            if negative {
                -secs
            } else {
                secs
            }
        }
    };
    if !rest.is_empty() {
        return Err(TooLong);
    }
    if offset_secs.abs() >= 86_400 {
        return Err(OutOfRange);
    }
    let local_secs =
        days_from_civil(year, month, day) * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    Ok((local_secs - offset_secs) * 1000 + i64::from(nanos / 1_000_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_and_weekday() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
        assert_eq!(civil_from_days(days_from_civil(1900, 3, 1)), (1900, 3, 1));
        // 2024-01-01 was a Monday, 2013-11-30 a Saturday.
        assert_eq!(weekday(2024, 1, 1), 1);
        assert_eq!(weekday(2013, 11, 30), 6);
        assert_eq!(days_in_month(2100, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(format_rfc3339_ms(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_rfc3339_ms(123), "1970-01-01T00:00:00.123Z");
    }

    proptest::proptest! {
        /// The digit writer gives the text `format!` gives, from year -9999 to 99999.
        #[test]
        fn rfc3339_writer_matches_format(ms in -377_705_116_800_000i64..3_093_527_980_800_000) {
            let w = utc_wall(ms.div_euclid(1000));
            let frac = ms.rem_euclid(1000);
            let base = format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                w.year, w.month, w.day, w.hour, w.minute, w.second
            );
            let want = if frac == 0 { format!("{base}Z") } else { format!("{base}.{frac:03}Z") };
            proptest::prop_assert_eq!(format_rfc3339_ms(ms), want);
        }
    }

    /// chrono's reading of `text`, with its error's message.
    fn chrono_reads(text: &str) -> Result<i64, String> {
        chrono::DateTime::parse_from_rfc3339(text)
            .map(|t| t.timestamp_millis())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn reads_rfc3339_as_chrono_does() {
        for text in [
            "2026-11-28T12:34:56Z",
            "2026-11-28t12:34:56.789z",
            "2026-11-28 12:34:56.123456789999+08:00",
            "2016-12-31T23:59:60.5Z",
            "0000-01-01T00:00:00-23:59",
            "9999-12-31T23:59:59\u{2212}05:30",
            "2024-02-29T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2026-11-28T24:00:00Z",
            "2026-11-28T12:34:56+24:00",
            "2026-11-28T12:34:56+08:60",
            "2026-11-28T12:34:56+08",
            "2026-11-28T12:34:56.",
            "2026-11-28T12:34:56.x",
            "2026-11-28T12:34:56Zx",
            "2026-11-28T12:34:56",
            "2026-11-28",
        ] {
            assert_eq!(
                parse_rfc3339_ms(text).map_err(|e| e.to_string()),
                chrono_reads(text),
                "{text}"
            );
        }
    }

    proptest::proptest! {
        /// A valid time with one character replaced, inserted or removed, or cut short: the
        /// same reading or the same error as chrono.
        #[test]
        fn agrees_with_chrono_on_damaged_times(
            base in proptest::sample::select(vec![
                "2026-11-28T12:34:56.789+08:00",
                "1999-12-31 23:59:60Z",
                "2024-02-29t00:00:00.5\u{2212}23:59",
            ]),
            at in 0usize..40,
            action in 0u8..4,
            with in proptest::sample::select(vec!['0', '5', '9', '-', ':', '.', 'T', 't', ' ', 'Z', 'z', '+', '\u{2212}', 'x', 'é', '6']),
        ) {
            let mut chars: Vec<char> = base.chars().collect();
            let at = at.min(chars.len());
            match action {
                0 if at < chars.len() => chars[at] = with,
                1 => chars.insert(at, with),
                2 if at < chars.len() => { chars.remove(at); }
                _ => chars.truncate(at),
            }
            let text: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(parse_rfc3339_ms(&text).map_err(|e| e.to_string()), chrono_reads(&text), "{}", text);
        }

        /// Any time of years 0–9999 with any offset and fraction, written out.
        #[test]
        fn agrees_with_chrono_on_written_times(
            ms in -62_167_219_200_000i64..253_402_300_799_999,
            offset_min in -1439i32..=1439,
            digits in 0usize..12,
            separator in proptest::sample::select(vec!['T', 't', ' ']),
        ) {
            let day = ms.div_euclid(86_400_000);
            let (y, m, d) = civil_from_days(day);
            let in_day = ms.rem_euclid(86_400_000);
            let frac = format!("{:09}", (in_day % 1000) * 1_000_000);
            let frac = if digits == 0 { String::new() } else { format!(".{}", frac.repeat(2).chars().take(digits).collect::<String>()) };
            let sign = if offset_min < 0 { '-' } else { '+' };
            let text = format!(
                "{y:04}-{m:02}-{d:02}{separator}{:02}:{:02}:{:02}{frac}{sign}{:02}:{:02}",
                in_day / 3_600_000,
                in_day / 60_000 % 60,
                in_day / 1000 % 60,
                offset_min.abs() / 60,
                offset_min.abs() % 60
            );
            proptest::prop_assert_eq!(parse_rfc3339_ms(&text).map_err(|e| e.to_string()), chrono_reads(&text), "{}", text);
        }
    }
}
