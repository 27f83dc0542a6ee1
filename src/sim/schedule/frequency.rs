//! The `Frequency` parameter as the RunCommand API reads it (`InvalidParam.Frequency`): its
//! kind (rate, at, cron), the documented limits, and the text the agent receives.

use super::agent::AgentRepeat;
use super::at::strip_at;
use super::civil::{days_from_civil, days_in_month, utc_wall, Wall};
use super::cron::{CronSpec, Dialect, YEAR_MIN};
use super::next::{next_fire, NextOutcome};
use super::rate::split_rate;
use super::zone::{parse_api_zone, ScheduleZone};

/// Why a `Frequency` is refused at the API layer (`InvalidParam.Frequency`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrequencyError {
    /// A human-readable reason, shown beside the API error.
    pub reason: String,
}

impl FrequencyError {
    fn new(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
        }
    }
}

/// The kind of schedule a valid `Frequency` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrequencyKind {
    /// `rate(<n><unit>)`: a fixed interval.
    Rate,
    /// `at(yyyy-MM-dd HH:mm:ss [zone])`: one run.
    At,
    /// A cron expression with optional year and zone.
    Cron,
}

impl FrequencyKind {
    /// `rate`, `at` or `cron`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Rate => "rate",
            Self::At => "at",
            Self::Cron => "cron",
        }
    }

    /// The `repeat` value the server sends to the agent for this kind.
    pub(crate) fn agent_repeat(self) -> AgentRepeat {
        match self {
            Self::Rate => AgentRepeat::Rate,
            Self::At => AgentRepeat::At,
            Self::Cron => AgentRepeat::Period,
        }
    }
}

/// The API's minimum and maximum `rate()` period, seconds (60 s – 7 days).
pub(crate) const API_RATE_RANGE: (i64, i64) = (60, 7 * 86_400);
/// The API's minimum cron interval, seconds.
pub(crate) const API_MIN_CRON_INTERVAL: i64 = 10;

/// A `Frequency` the API accepted, with the form the agent receives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiFrequency {
    /// rate, at or cron.
    pub kind: FrequencyKind,
    /// The `cron` text the agent receives (at() converted to UTC ISO; others trimmed).
    pub agent_expr: String,
    /// The zone named in the expression (cron or at), if any.
    pub zone: Option<ScheduleZone>,
    /// The period of a rate, seconds.
    pub rate_secs: Option<i64>,
    /// The instant of an at(), ms.
    pub at_ms: Option<i64>,
    /// The documented reading of a cron expression (1–7 = Monday–Sunday).
    pub cron: Option<CronSpec>,
    /// The shortest interval between runs of a cron expression, seconds (sampled).
    pub min_interval_secs: Option<i64>,
}

/// Checks a `Frequency` as the RunCommand API does, given the request's `Timeout` in seconds.
///
/// Static rules only (no clock): rate 60 s – 7 d and longer than Timeout; at() syntax and zone;
/// cron with 6–8 fields, documented zones, years ≤ 2099, interval ≥ 10 s and ≥ Timeout.
pub fn check_api_frequency(
    frequency: &str,
    timeout_secs: i64,
) -> Result<FrequencyKind, FrequencyError> {
    parse_api_frequency(frequency, timeout_secs).map(|f| f.kind)
}

/// [`check_api_frequency`] with the parsed details (the agent text, zone, period, …).
pub fn parse_api_frequency(
    frequency: &str,
    timeout_secs: i64,
) -> Result<ApiFrequency, FrequencyError> {
    let f = frequency.trim();
    let lower = f.to_ascii_lowercase();
    if lower.starts_with("rate") {
        return parse_api_rate(f, timeout_secs);
    }
    if lower.starts_with("at(") {
        return parse_api_at(f);
    }
    parse_api_cron(f, timeout_secs)
}

fn parse_api_rate(f: &str, timeout_secs: i64) -> Result<ApiFrequency, FrequencyError> {
    let (digits, unit) = split_rate(f).ok_or_else(|| {
        FrequencyError::new(format!(
            "`{f}` is not rate(<value><unit>) with a unit of s, m, h or d, e.g. rate(5m)"
        ))
    })?;
    let unit_secs = match unit.to_ascii_lowercase() {
        b's' => 1,
        b'm' => 60,
        b'h' => 3600,
        _ => 86_400,
    };
    let secs = digits
        .parse::<i64>()
        .ok()
        .and_then(|v| v.checked_mul(unit_secs))
        .unwrap_or(i64::MAX);
    let (lo, hi) = API_RATE_RANGE;
    if secs < lo || secs > hi {
        return Err(FrequencyError::new(format!(
            "the rate interval must be between 60 seconds and 7 days, got {secs} s"
        )));
    }
    if secs <= timeout_secs {
        return Err(FrequencyError::new(format!(
            "the rate interval ({secs} s) must be longer than Timeout ({timeout_secs} s)"
        )));
    }
    Ok(ApiFrequency {
        kind: FrequencyKind::Rate,
        agent_expr: f.to_string(),
        zone: None,
        rate_secs: Some(secs),
        at_ms: None,
        cron: None,
        min_interval_secs: Some(secs),
    })
}

fn two(s: &str, lo: u32, hi: u32) -> Option<u32> {
    (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
        .filter(|v| (lo..=hi).contains(v))
}

/// Parses `yyyy-MM-dd HH:mm:ss` strictly (zero-padded fields).
fn parse_wall(date: &str, time: &str) -> Option<Wall> {
    let mut d = date.split('-');
    let (y, mo, da) = (d.next()?, d.next()?, d.next()?);
    if d.next().is_some() || y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = y.parse().ok()?;
    let month = two(mo, 1, 12)?;
    let day = two(da, 1, days_in_month(year, month))?;
    let mut t = time.split(':');
    let (h, mi, s) = (t.next()?, t.next()?, t.next()?);
    if t.next().is_some() {
        return None;
    }
    Some(Wall {
        year,
        month,
        day,
        hour: two(h, 0, 23)?,
        minute: two(mi, 0, 59)?,
        second: two(s, 0, 59)?,
    })
}

fn parse_api_at(f: &str) -> Result<ApiFrequency, FrequencyError> {
    let bad = || {
        FrequencyError::new(format!(
            "`{f}` is not at(yyyy-MM-dd HH:mm:ss <zone>) with an IANA zone, GMT+H:MM or UTC"
        ))
    };
    if !f.ends_with(')') {
        return Err(bad());
    }
    let inner = strip_at(f);
    let parts: Vec<&str> = inner.split(' ').collect();
    let (date, time, zone_text) = match parts.as_slice() {
        [d, t] => (*d, *t, None),
        [d, t, z] => (*d, *t, Some(*z)),
        _ => return Err(bad()),
    };
    let wall = parse_wall(date, time).ok_or_else(bad)?;
    let zone = match zone_text {
        None => ScheduleZone::Utc,
        Some(z) => parse_api_zone(z).ok_or_else(|| {
            FrequencyError::new(format!(
                "unsupported time zone `{z}`: use an IANA name, GMT+H:MM (no leading zero) or UTC"
            ))
        })?,
    };
    // The server's DST rule is not public; the agent's (Go) rule is used for the conversion.
    let secs = zone.go_date(&wall);
    let w = utc_wall(secs);
    let agent_expr = format!(
        "at({:04}-{:02}-{:02}T{:02}:{:02}:{:02})",
        w.year, w.month, w.day, w.hour, w.minute, w.second
    );
    Ok(ApiFrequency {
        kind: FrequencyKind::At,
        agent_expr,
        zone: Some(zone),
        rate_secs: None,
        at_ms: Some(secs * 1000),
        cron: None,
        min_interval_secs: None,
    })
}

/// The API's split of a cron text: the seven fields and the zone token, if any.
pub(crate) fn split_api_cron(f: &str) -> Result<([&str; 7], Option<&str>), FrequencyError> {
    let tokens: Vec<&str> = f.split_whitespace().collect();
    match tokens.as_slice() {
        [a, b, c, d, e, g] => Ok(([a, b, c, d, e, g, "*"], None)),
        [a, b, c, d, e, g, h] if parse_api_zone(h).is_some() => {
            Ok(([a, b, c, d, e, g, "*"], Some(h)))
        }
        [a, b, c, d, e, g, h] => Ok(([a, b, c, d, e, g, h], None)),
        [a, b, c, d, e, g, h, z] => Ok(([a, b, c, d, e, g, h], Some(z))),
        _ => Err(FrequencyError::new(cron_shape_hint(f, tokens.len()))),
    }
}

/// A 5-field Unix crontab line (`minute hour dom month dow`) as RunCommand's six fields: a
/// leading `0` second and `?` in the day field that is `*` (`0 2 * * *` → `0 0 2 * * ?`).
/// `None` when it is not five fields, or when both day fields restrict the day (a crontab
/// line then means either, which one RunCommand cron cannot say).
pub fn crontab_as_six_fields(f: &str) -> Option<String> {
    let fields: Vec<&str> = f.split_whitespace().collect();
    let [minute, hour, dom, month, dow] = fields.as_slice() else {
        return None;
    };
    if f.contains('(') || f.starts_with('@') {
        return None;
    }
    let (dom, dow) = match (*dom, *dow) {
        (_, "?") | ("?", _) => (*dom, *dow),
        (_, "*") => (*dom, "?"),
        ("*", _) => ("?", *dow),
        _ => return None,
    };
    Some(format!("0 {minute} {hour} {dom} {month} {dow}"))
}

fn cron_shape_hint(f: &str, n: usize) -> String {
    if f.to_ascii_lowercase().starts_with("cron(") {
        return format!(
            "`{f}` looks like an AWS EventBridge cron(); Alibaba cron has no cron() wrapper and \
             starts with a seconds field: <sec> <min> <hour> <dom> <month> <dow> [year] [zone]"
        );
    }
    if f.starts_with('@') {
        return format!("`{f}`: @-macros are not supported; write the six cron fields");
    }
    if n == 5 {
        return match crontab_as_six_fields(f) {
            Some(six) => format!(
                "`{f}` has 5 fields like a Unix crontab; RunCommand cron starts with seconds and \
                 needs `?` in day-of-month or day-of-week: `{six}`"
            ),
            None => format!(
                "`{f}` has 5 fields like a Unix crontab and restricts both day-of-month and \
                 day-of-week; RunCommand cron starts with seconds and needs `?` in one of them"
            ),
        };
    }
    format!("`{f}` is neither rate(), at() nor a cron expression of 6 to 8 fields (got {n})")
}

fn parse_api_cron(f: &str, timeout_secs: i64) -> Result<ApiFrequency, FrequencyError> {
    if f.to_ascii_lowercase().starts_with("cron(") || f.starts_with('@') {
        return Err(FrequencyError::new(cron_shape_hint(f, 0)));
    }
    let (fields, zone_token) = split_api_cron(f)?;
    let zone = match zone_token {
        Some(z) => Some(parse_api_zone(z).ok_or_else(|| {
            FrequencyError::new(format!(
                "unsupported time zone `{z}`: use an IANA name, GMT+H:MM (no leading zero) or UTC"
            ))
        })?),
        None => None,
    };
    let spec = CronSpec::parse(fields, Dialect::Documented).map_err(FrequencyError::new)?;
    let min_interval = min_interval_secs(&spec);
    if let Some(gap) = min_interval {
        if gap < API_MIN_CRON_INTERVAL {
            return Err(FrequencyError::new(format!(
                "runs only {gap} s apart; the minimum cron interval is 10 seconds"
            )));
        }
        if gap < timeout_secs {
            return Err(FrequencyError::new(format!(
                "runs only {gap} s apart, less than Timeout ({timeout_secs} s)"
            )));
        }
    }
    Ok(ApiFrequency {
        kind: FrequencyKind::Cron,
        agent_expr: f.to_string(),
        zone,
        rate_secs: None,
        at_ms: None,
        cron: Some(spec),
        min_interval_secs: min_interval,
    })
}

/// The shortest gap between consecutive wall-clock matches of `spec` (no DST), sampled over
/// the first 2000 matches from its first allowed year; `None` when it matches at most once.
pub(crate) fn min_interval_secs(spec: &CronSpec) -> Option<i64> {
    let year = spec.year_at_or_after(YEAR_MIN)?;
    let mut now = days_from_civil(year, 1, 1) * 86_400 - 1;
    let mut best: Option<i64> = None;
    let mut prev: Option<i64> = None;
    for _ in 0..2000 {
        match next_fire(spec, &ScheduleZone::Utc, now) {
            NextOutcome::At(t) if t > now => {
                if let Some(p) = prev {
                    best = Some(best.map_or(t - p, |b: i64| b.min(t - p)));
                    if best == Some(1) {
                        break;
                    }
                }
                prev = Some(t);
                now = t;
            }
            _ => break,
        }
    }
    best
}
