//! One-click fixes for a `Frequency` that RunCommand refuses or the agent never fires: an ISO
//! `at()`, a 5-field Unix crontab line, and a day-of-week range ending at Sunday. Each fix is
//! the same schedule written in the form the API accepts and the agent fires.

use crate::sim::schedule::crontab_as_six_fields;

/// A rewrite of a `Frequency`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrequencyFix {
    /// What the fix does, as a sentence.
    pub label: &'static str,
    /// The rewritten expression.
    pub expression: String,
}

/// The fixes that apply to `frequency` (none when it needs none of them).
pub fn frequency_fixes(frequency: &str) -> Vec<FrequencyFix> {
    let f = frequency.trim();
    let mut fixes = Vec::new();
    if let Some(expression) = iso_at_fix(f) {
        fixes.push(FrequencyFix {
            label: "Write the time as yyyy-MM-dd HH:mm:ss with a zone",
            expression,
        });
        return fixes;
    }
    if let Some(expression) = crontab_fix(f) {
        fixes.push(FrequencyFix {
            label: "Add the seconds field and a ? (RunCommand cron has 6 fields)",
            expression,
        });
        return fixes;
    }
    if let Some(expression) = sunday_range_fix(f) {
        fixes.push(FrequencyFix {
            label: "Write the day-of-week range so the agent reads it",
            expression,
        });
    }
    fixes
}

/// `at(2026-12-24T20:00:00+08:00)` → `at(2026-12-24 20:00:00 GMT+8:00)`; `Z` → `UTC`.
fn iso_at_fix(f: &str) -> Option<String> {
    let inner = f.strip_prefix("at(")?.strip_suffix(')')?.trim();
    let (stamp, zone_token) = match inner.split_once(' ') {
        Some((stamp, rest)) => (stamp, Some(rest.trim())),
        None => (inner, None),
    };
    let (date, time) = stamp.split_once('T')?;
    let (time, offset_zone) = split_offset(time)?;
    let time = time.split('.').next().unwrap_or(time);
    let time = match time.len() {
        5 => format!("{time}:00"),
        _ => time.to_string(),
    };
    let zone = match (zone_token.filter(|z| !z.is_empty()), offset_zone) {
        (Some(z), _) => z.to_string(),
        (None, Some(z)) => z,
        (None, None) => "UTC".to_string(),
    };
    let fixed = format!("at({date} {time} {zone})");
    (fixed != f).then_some(fixed)
}

/// A time with its trailing `Z` or `±HH:MM` split off, the offset as the API's zone.
fn split_offset(time: &str) -> Option<(&str, Option<String>)> {
    if let Some(t) = time.strip_suffix(['Z', 'z']) {
        return Some((t, Some("UTC".to_string())));
    }
    let Some(at) = time.rfind(['+', '-']) else {
        return Some((time, None));
    };
    let (t, offset) = time.split_at(at);
    let (sign, rest) = offset.split_at(1);
    let (hours, minutes) = rest.split_once(':').unwrap_or((rest, "00"));
    let hours: u32 = hours.parse().ok()?;
    let minutes: u32 = minutes.parse().ok()?;
    if hours > 14 || minutes > 59 {
        return None;
    }
    let zone = if hours == 0 && minutes == 0 {
        "UTC".to_string()
    } else {
        format!("GMT{sign}{hours}:{minutes:02}")
    };
    Some((t, Some(zone)))
}

/// `0 2 * * 1` (minute hour dom month dow) → `0 0 2 ? * 1`, then the Sunday-range fix.
fn crontab_fix(f: &str) -> Option<String> {
    let six = crontab_as_six_fields(f)?;
    Some(sunday_range_fix(&six).unwrap_or(six))
}

fn is_sunday(token: &str) -> bool {
    matches!(
        token.to_ascii_lowercase().as_str(),
        "7" | "07" | "sun" | "sunday"
    )
}

fn is_week_start(token: &str) -> bool {
    matches!(
        token.to_ascii_lowercase().as_str(),
        "0" | "1" | "mon" | "monday"
    )
}

/// A day-of-week range ending at Sunday (`MON-SUN`, `FRI-7`), which the agent reads as empty:
/// a whole week becomes `*` (with `?` in day of month), `FRI-SUN` becomes `FRI-SAT,SUN`.
fn sunday_range_fix(f: &str) -> Option<String> {
    let mut fields: Vec<&str> = f.split_whitespace().collect();
    if !(6..=8).contains(&fields.len()) || f.contains('(') {
        return None;
    }
    let dow = fields[5];
    let mut changed = false;
    let mut whole_week = false;
    let entries: Vec<String> = dow
        .split(',')
        .map(|entry| match entry.split_once('-') {
            Some((from, to)) if !to.contains('/') && is_sunday(to) => {
                changed = true;
                if is_week_start(from) {
                    whole_week = true;
                    return String::new();
                }
                format!("{from}-SAT,SUN")
            }
            _ => entry.to_string(),
        })
        .collect();
    if !changed {
        return None;
    }
    if whole_week {
        fields[5] = "*";
        if fields[3] == "*" {
            fields[3] = "?";
        }
        return Some(fields.join(" "));
    }
    let dow_text = entries.join(",");
    fields[5] = &dow_text;
    Some(fields.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::next_fires;

    /// Whether the API accepts `f` and the agent fires it at least twice after `start`.
    fn fires(f: &str, start: &str) -> bool {
        let v = next_fires(f, start, 2, Some("Asia/Shanghai"));
        v["ok"] == true && v["next"].as_array().map(Vec::len) == Some(2)
            || (f.starts_with("at(")
                && v["ok"] == true
                && v["next"].as_array().map(Vec::len) == Some(1))
    }

    fn only_fix(f: &str) -> String {
        let fixes = frequency_fixes(f);
        assert_eq!(fixes.len(), 1, "{f}: {fixes:?}");
        fixes[0].expression.clone()
    }

    const START: &str = "2026-01-01T00:00:00Z";

    #[test]
    fn iso_at_becomes_the_accepted_form() {
        for (iso, fixed) in [
            (
                "at(2026-12-24T20:00:00+08:00)",
                "at(2026-12-24 20:00:00 GMT+8:00)",
            ),
            ("at(2026-12-24T20:00:00Z)", "at(2026-12-24 20:00:00 UTC)"),
            (
                "at(2026-12-24T20:00 Asia/Shanghai)",
                "at(2026-12-24 20:00:00 Asia/Shanghai)",
            ),
            (
                "at(2026-12-24T20:00:00.250-05:30)",
                "at(2026-12-24 20:00:00 GMT-5:30)",
            ),
        ] {
            assert!(!fires(iso, START), "{iso} should be refused");
            assert_eq!(only_fix(iso), fixed);
            assert!(fires(fixed, START), "{fixed} should fire");
        }
    }

    #[test]
    fn five_field_crontab_gets_seconds_and_a_question_mark() {
        for (line, fixed) in [
            ("0 2 * * *", "0 0 2 * * ?"),
            ("*/5 * * * *", "0 */5 * * * ?"),
            ("30 9 * * MON-FRI", "0 30 9 ? * MON-FRI"),
            ("0 0 1 * *", "0 0 0 1 * ?"),
            ("0 8 * * 1-7", "0 0 8 ? * *"),
        ] {
            assert!(!fires(line, START), "{line} should be refused");
            assert_eq!(only_fix(line), fixed);
            assert!(fires(fixed, START), "{fixed} should fire");
        }
        // The API's hint names the same six fields.
        let hint = next_fires("0 2 * * *", START, 1, None).to_string();
        assert!(hint.contains("`0 0 2 * * ?`"), "{hint}");
        // Day of month and day of week both restricted: no single cron says "either".
        assert!(frequency_fixes("0 0 1 * MON").is_empty());
    }

    #[test]
    fn a_range_ending_at_sunday_is_rewritten() {
        for (expr, fixed) in [
            ("0 0 10 ? * MON-SUN", "0 0 10 ? * *"),
            ("0 0 10 * * MON-SUN", "0 0 10 ? * *"),
            (
                "0 0 10 ? * FRI-SUN Asia/Shanghai",
                "0 0 10 ? * FRI-SAT,SUN Asia/Shanghai",
            ),
            ("0 0 10 ? * 1-7", "0 0 10 ? * *"),
        ] {
            assert_eq!(only_fix(expr), fixed);
            assert!(fires(fixed, START), "{fixed} should fire");
        }
        assert!(!fires("0 0 10 ? * MON-SUN", START));
    }

    #[test]
    fn accepted_expressions_need_no_fix() {
        for f in [
            "0 0 10 ? * *",
            "rate(5m)",
            "at(2026-12-24 20:00:00 Asia/Shanghai)",
            "at(2026-12-24 20:00:00 GMT+8:00)",
            "at(2026-12-24 20:00:00)",
            "0 0 10 ? * MON-FRI",
            "",
        ] {
            assert!(frequency_fixes(f).is_empty(), "{f}");
        }
    }
}
