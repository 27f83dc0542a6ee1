//! `at(...)` as the agent receives it: `yyyy-MM-ddTHH:mm:ss[.fff]` read as UTC by Go's
//! `time.Parse("2006-01-02T15:04:05", …)`.

use super::civil::{days_from_civil, days_in_month};
use super::error::{AgentError, AgentErrorKind};

const LAYOUT: &str = "2006-01-02T15:04:05";

/// Strips `at(`…`)` (any case) when both are present; otherwise the text is used as is.
pub fn strip_at(text: &str) -> &str {
    let opens = text.get(..3).is_some_and(|h| h.eq_ignore_ascii_case("at("));
    if opens && text.len() >= 4 && text.ends_with(')') {
        text.get(3..text.len() - 1).unwrap_or(text)
    } else {
        text
    }
}

/// Go's `getnum`: one or two digits (exactly two when `fixed`).
fn getnum(s: &str, fixed: bool) -> Option<(u32, &str)> {
    let b = s.as_bytes();
    let d0 = b.first().filter(|c| c.is_ascii_digit())?;
    match b.get(1).filter(|c| c.is_ascii_digit()) {
        Some(d1) => Some((
            u32::from(d0 - b'0') * 10 + u32::from(d1 - b'0'),
            s.get(2..)?,
        )),
        None if fixed => None,
        None => Some((u32::from(d0 - b'0'), s.get(1..)?)),
    }
}

fn parse_error(value: &str, elem: &str, rest: &str) -> AgentError {
    AgentError::new(
        AgentErrorKind::AtTimeParse,
        format!("parsing time \"{value}\" as \"{LAYOUT}\": cannot parse \"{rest}\" as \"{elem}\""),
    )
}

fn range_error(value: &str, what: &str) -> AgentError {
    AgentError::new(
        AgentErrorKind::AtTimeParse,
        format!("parsing time \"{value}\": {what} out of range"),
    )
}

/// Parses the inner text like Go's `time.Parse` with the layout `2006-01-02T15:04:05` in UTC
/// and returns the instant in milliseconds (a fraction beyond milliseconds is dropped).
pub fn parse_go_utc(value: &str) -> Result<i64, AgentError> {
    let s = value;
    let year_ok = s.len() >= 4 && s.as_bytes().iter().take(4).all(u8::is_ascii_digit);
    if !year_ok {
        return Err(parse_error(value, "2006", s));
    }
    let year: i32 = s.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
    let mut rest = s.get(4..).unwrap_or("");
    let lit = |rest: &str, c: &str, elem: &str| -> Result<(), AgentError> {
        if rest.starts_with(c) {
            Ok(())
        } else {
            Err(parse_error(value, elem, rest))
        }
    };
    lit(rest, "-", "-")?;
    rest = &rest[1..];
    let (month, r) = getnum(rest, true).ok_or_else(|| parse_error(value, "01", rest))?;
    if !(1..=12).contains(&month) {
        return Err(range_error(value, "month"));
    }
    rest = r;
    lit(rest, "-", "-")?;
    rest = &rest[1..];
    let (day, r) = getnum(rest, true).ok_or_else(|| parse_error(value, "02", rest))?;
    rest = r;
    lit(rest, "T", "T")?;
    rest = &rest[1..];
    let (hour, r) = getnum(rest, false).ok_or_else(|| parse_error(value, "15", rest))?;
    if hour > 23 {
        return Err(range_error(value, "hour"));
    }
    rest = r;
    lit(rest, ":", ":")?;
    rest = &rest[1..];
    let (minute, r) = getnum(rest, true).ok_or_else(|| parse_error(value, "04", rest))?;
    if minute > 59 {
        return Err(range_error(value, "minute"));
    }
    rest = r;
    lit(rest, ":", ":")?;
    rest = &rest[1..];
    let (second, r) = getnum(rest, true).ok_or_else(|| parse_error(value, "05", rest))?;
    if second > 59 {
        return Err(range_error(value, "second"));
    }
    rest = r;
    let mut millis = 0i64;
    let b = rest.as_bytes();
    if b.len() >= 2 && (b[0] == b'.' || b[0] == b',') && b[1].is_ascii_digit() {
        let n = b[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        let frac = &rest[1..1 + n];
        for (i, c) in frac.bytes().take(3).enumerate() {
            millis += i64::from(c - b'0') * [100, 10, 1][i];
        }
        rest = &rest[1 + n..];
    }
    if !rest.is_empty() {
        return Err(AgentError::new(
            AgentErrorKind::AtTimeParse,
            format!("parsing time \"{value}\": extra text: \"{rest}\""),
        ));
    }
    if day < 1 || day > days_in_month(year, month) {
        return Err(range_error(value, "day"));
    }
    let secs = days_from_civil(year, month, day) * 86_400
        + i64::from(hour) * 3600
        + i64::from(minute) * 60
        + i64::from(second);
    Ok(secs * 1000 + millis)
}

/// Parses an agent `at()` expression to its UTC instant in milliseconds.
pub fn parse_agent_at(text: &str) -> Result<i64, AgentError> {
    if text.len() < 4 {
        return Err(AgentError::new(
            AgentErrorKind::InvalidAtExpression,
            format!("`{text}` is too short"),
        ));
    }
    parse_go_utc(strip_at(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_go() {
        assert_eq!(parse_agent_at("at(1970-01-01T00:00:00)"), Ok(0));
        assert_eq!(parse_agent_at("AT(1970-01-01T00:00:01.5)"), Ok(1500));
        assert_eq!(parse_agent_at("1970-01-01T00:00:02"), Ok(2000));
        // Go's hour element accepts one digit.
        assert_eq!(parse_agent_at("at(1970-01-01T1:00:00)"), Ok(3_600_000));
        assert_eq!(
            parse_agent_at("at(").unwrap_err().kind,
            AgentErrorKind::InvalidAtExpression
        );
        for bad in [
            "at(2024-01-01 00:00:00)",
            "at(2024-01-01T00:00:00Z)",
            "at(2024-1-01T00:00:00)",
            "at(2024-01-01T00:00:00 Asia/Shanghai)",
            "at(2023-02-29T00:00:00)",
            "at(2024-13-01T00:00:00)",
            "at(2024-01-01T24:00:00)",
        ] {
            assert_eq!(
                parse_agent_at(bad).unwrap_err().kind,
                AgentErrorKind::AtTimeParse,
                "{bad}"
            );
        }
        assert!(parse_agent_at("at(2024-02-29T00:00:00)").is_ok());
    }
}
