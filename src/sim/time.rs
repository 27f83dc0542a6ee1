//! Times as text, through chrono: RFC 3339 read into ms since the epoch, and instants written
//! back as RFC 3339 UTC. The one place the simulator, the facade and the CLI parse and format
//! times.

use chrono::{DateTime, SecondsFormat, Utc};

/// Why a text is not an RFC 3339 time (chrono's reason, e.g. "premature end of input").
pub type TimeParseError = chrono::ParseError;

/// An RFC 3339 time (`2026-11-28T12:00:00.5+08:00`) as ms since the epoch: `T`, `t` or a space
/// between date and time, any number of fraction digits (whole ms kept), second 60 as a leap
/// second, `Z`, `z` or an offset.
pub fn parse_rfc3339_ms(text: &str) -> Result<i64, TimeParseError> {
    DateTime::parse_from_rfc3339(text).map(|t| t.timestamp_millis())
}

/// An instant (ms since the epoch) as RFC 3339 UTC with `Z`, `.mmm` only when it is not a
/// whole second (`2026-11-28T04:00:00Z`, `1970-01-01T00:00:00.123Z`). Years outside 0–9999
/// carry a sign (`+10000-01-01T00:00:00Z`); "" beyond chrono's range (about ±262,000 years).
pub fn format_rfc3339_ms(ms: i64) -> String {
    write(ms, SecondsFormat::AutoSi)
}

/// An instant as the API writes its times: UTC, whole seconds, `Z` (`2019-12-20T06:15:55Z`);
/// signed years and "" as [`format_rfc3339_ms`].
pub fn format_time(ms: i64) -> String {
    write(ms, SecondsFormat::Secs)
}

fn write(ms: i64, seconds: SecondsFormat) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(seconds, true))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rfc3339_forms() {
        for (text, ms) in [
            ("1970-01-01T00:00:00Z", 0),
            ("2026-11-28T12:34:56Z", 1_795_869_296_000),
            ("2026-11-28t20:34:56.789+08:00", 1_795_869_296_789),
            ("2026-11-28 12:34:56.123456789z", 1_795_869_296_123),
            ("2016-12-31T23:59:60.5Z", 1_483_228_800_500),
            ("1969-12-31T23:59:59.999Z", -1),
        ] {
            assert_eq!(parse_rfc3339_ms(text), Ok(ms), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_rfc3339_with_a_reason() {
        for (text, reason) in [
            ("2026-11-28", "premature end of input"),
            ("2026-11-28T12:34:56", "premature end of input"),
            ("2026-11-28T12:34:56+08", "premature end of input"),
            ("2026-11-28T12:34:56.x", "input contains invalid characters"),
            ("2026/11/28T12:34:56Z", "input contains invalid characters"),
            ("2023-02-29T00:00:00Z", "input is out of range"),
            ("2026-11-28T24:00:00Z", "input is out of range"),
            ("2026-11-28T12:34:56Zx", "trailing input"),
        ] {
            let error = parse_rfc3339_ms(text).unwrap_err();
            assert_eq!(error.to_string(), reason, "{text}");
        }
    }

    #[test]
    fn writes_rfc3339_utc() {
        assert_eq!(format_rfc3339_ms(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_rfc3339_ms(123), "1970-01-01T00:00:00.123Z");
        assert_eq!(format_rfc3339_ms(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(format_rfc3339_ms(1_795_869_296_000), "2026-11-28T12:34:56Z");
        assert_eq!(format_time(1_576_822_555_999), "2019-12-20T06:15:55Z");
        assert_eq!(format_time(253_402_300_800_000), "+10000-01-01T00:00:00Z");
        assert_eq!(format_time(-62_167_219_200_001), "-0001-12-31T23:59:59Z");
        assert_eq!(format_time(i64::MAX), "");
        assert_eq!(format_rfc3339_ms(i64::MIN), "");
        for ms in [
            0,
            1,
            999,
            1_795_869_296_789,
            -62_167_219_200_000,
            253_402_300_799_999,
        ] {
            assert_eq!(parse_rfc3339_ms(&format_rfc3339_ms(ms)), Ok(ms), "{ms}");
        }
    }
}
