//! The API layer: what RunCommand accepts in `RepeatMode`, `Frequency` and `Timeout`
//! (errors `MissingParam.Frequency`, `InvalidParam.Frequency`), how the server hands a valid
//! frequency to the agent, and the full timeline shown to users.

use crate::sim::tz::Zone;
use serde_json::{json, Value};

use super::agent::{schedule_agent, AgentPlan, AgentRepeat, AgentRequest, EndReason};
use super::at::strip_at;
use super::civil::{days_from_civil, days_in_month, utc_wall, Wall};
use super::cron::{CronSpec, Dialect, YEAR_MIN};
use super::describe::{describe, Description};
use super::error::AgentError;
use super::next::{next_fire, NextOutcome};
use super::rate::split_rate;
use super::warnings::{compute_warnings, Warning};
use super::zone::{parse_api_zone, ScheduleZone};
use crate::sim::time::format_rfc3339_ms;

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
    pub fn name(self) -> &'static str {
        match self {
            Self::Rate => "rate",
            Self::At => "at",
            Self::Cron => "cron",
        }
    }

    /// The `repeat` value the server sends to the agent for this kind.
    pub fn agent_repeat(self) -> AgentRepeat {
        match self {
            Self::Rate => AgentRepeat::Rate,
            Self::At => AgentRepeat::At,
            Self::Cron => AgentRepeat::Period,
        }
    }
}

/// The API's minimum and maximum `rate()` period, seconds (60 s – 7 days).
pub const API_RATE_RANGE: (i64, i64) = (60, 7 * 86_400);
/// The API's minimum cron interval, seconds.
pub const API_MIN_CRON_INTERVAL: i64 = 10;
/// The API's default `Timeout`, seconds.
pub const DEFAULT_TIMEOUT_SECS: i64 = 60;

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
pub fn split_api_cron(f: &str) -> Result<([&str; 7], Option<&str>), FrequencyError> {
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
        return format!(
            "`{f}` has 5 fields like a Unix crontab; RunCommand cron starts with seconds: \
             prepend `0 ` (e.g. `0 {f}`) and mind that `?` is needed in day-of-month or day-of-week"
        );
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
pub fn min_interval_secs(spec: &CronSpec) -> Option<i64> {
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

pub use crate::sim::request::RepeatMode;

/// An API error of the schedule parameters, with the status and texts of the error table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub http_status: u16,
    /// Error code, e.g. `InvalidParam.Frequency`.
    pub code: &'static str,
    /// The documented message.
    pub message: &'static str,
    /// Why, in English (simulator detail).
    pub reason: String,
}

impl ApiError {
    /// `MissingParam.Frequency` (400).
    pub fn missing_frequency() -> Self {
        Self {
            http_status: 400,
            code: "MissingParam.Frequency",
            message: "The frequency must be specified when you create a timed task.",
            reason: "RepeatMode=Period needs a Frequency".into(),
        }
    }

    /// `InvalidParam.Frequency` (400).
    pub fn invalid_frequency(e: FrequencyError) -> Self {
        Self {
            http_status: 400,
            code: "InvalidParam.Frequency",
            message: "The specified frequency is invalid.",
            reason: e.reason,
        }
    }

    /// `InvalidRepeatMode.NotFound` (404).
    pub fn unknown_repeat_mode(mode: &str) -> Self {
        Self {
            http_status: 404,
            code: "InvalidRepeatMode.NotFound",
            message: "The specified repeat mode does not exist.",
            reason: format!("`{mode}` is not Once, Period, NextRebootOnly, EveryReboot or DryRun"),
        }
    }

    /// The error response as `{"HttpStatus":…,"Body":{"Code":…,"Message":…,"Reason":…}}`.
    pub fn to_json(&self) -> Value {
        json!({"HttpStatus": self.http_status, "Body": {
            "Code": self.code, "Message": self.message, "Reason": self.reason}})
    }
}

fn given(text: Option<&str>) -> Option<&str> {
    text.filter(|t| !t.is_empty())
}

/// Whether `MissingParam.Frequency` applies: `RepeatMode=Period` without a `Frequency`.
pub fn is_missing_frequency(repeat_mode: Option<&str>, frequency: Option<&str>) -> bool {
    given(frequency).is_none() && given(repeat_mode) == Some("Period")
}

/// The effective `RepeatMode`: `Period` whenever `Frequency` is given (whatever RepeatMode
/// says), otherwise the given mode, default `Once`. Errors: `MissingParam.Frequency`,
/// `InvalidRepeatMode.NotFound`.
pub fn effective_repeat_mode(
    repeat_mode: Option<&str>,
    frequency: Option<&str>,
) -> Result<RepeatMode, ApiError> {
    let mode = match given(repeat_mode) {
        None => None,
        Some(m) => Some(RepeatMode::parse(m).ok_or_else(|| ApiError::unknown_repeat_mode(m))?),
    };
    if given(frequency).is_some() {
        return Ok(RepeatMode::Period);
    }
    if is_missing_frequency(repeat_mode, frequency) {
        return Err(ApiError::missing_frequency());
    }
    Ok(mode.unwrap_or(RepeatMode::Once))
}

/// Input of [`api_timeline`].
#[derive(Debug, Clone)]
pub struct ApiScheduleRequest {
    /// `Frequency` as sent (None or empty = absent).
    pub frequency: Option<String>,
    /// `RepeatMode` as sent.
    pub repeat_mode: Option<String>,
    /// `Timeout` in seconds (default 60).
    pub timeout_secs: Option<i64>,
    /// The time of the call (= the task creation time and the agent's clock), ms.
    pub now_ms: i64,
    /// The instance's local zone (zone-less cron runs there).
    pub instance_zone: Zone,
    /// How many fires to list.
    pub count: usize,
}

/// The schedule of an accepted periodic request.
#[derive(Debug, Clone)]
pub struct Timeline {
    /// The parsed frequency.
    pub frequency: ApiFrequency,
    /// The `repeat` the agent receives.
    pub agent_repeat: AgentRepeat,
    /// The zone the runs are computed in (name).
    pub zone: String,
    /// When the agent really fires (ms), up to `count`.
    pub fires: Vec<i64>,
    /// Why `fires` ended early.
    pub end: Option<EndReason>,
    /// The agent refuses the schedule (it never fires).
    pub agent_error: Option<AgentError>,
    /// When the documentation says it runs (wall-clock matching, documented weekdays).
    pub documented: Vec<i64>,
    /// Divergences between documentation, API and agent.
    pub warnings: Vec<Warning>,
    /// In words.
    pub description: Description,
}

/// The API-layer answer for a request.
#[derive(Debug, Clone)]
pub enum ApiTimeline {
    /// The request fails with an API error.
    Error(ApiError),
    /// A non-periodic mode: runs at once (or at reboot, or never for DryRun).
    NotPeriodic(RepeatMode),
    /// A periodic schedule.
    Periodic(Box<Timeline>),
}

/// The full API-layer timeline: effective mode, frequency check, the agent's real fires,
/// documented fires, warnings and description.
pub fn api_timeline(req: &ApiScheduleRequest) -> ApiTimeline {
    let frequency = given(req.frequency.as_deref());
    let mode = match effective_repeat_mode(req.repeat_mode.as_deref(), frequency) {
        Ok(m) => m,
        Err(e) => return ApiTimeline::Error(e),
    };
    let Some(frequency) = frequency else {
        return ApiTimeline::NotPeriodic(mode);
    };
    let timeout = req.timeout_secs.unwrap_or(DEFAULT_TIMEOUT_SECS);
    let parsed = match parse_api_frequency(frequency, timeout) {
        Ok(p) => p,
        Err(e) => return ApiTimeline::Error(ApiError::invalid_frequency(e)),
    };
    let agent_repeat = parsed.kind.agent_repeat();
    let agent_req = AgentRequest {
        repeat: agent_repeat,
        expr: &parsed.agent_expr,
        now_ms: req.now_ms,
        local_zone: req.instance_zone,
        creation_ms: req.now_ms,
    };
    let (fires, end, agent_error, agent_plan) = match schedule_agent(&agent_req) {
        Ok(s) => {
            let list = s.collect(req.count);
            (list.fires, list.end, None, Some(s.plan))
        }
        Err(e) => (Vec::new(), None, Some(e), None),
    };
    let zone = match (&parsed.zone, parsed.kind) {
        (Some(z), _) => z.clone(),
        (None, FrequencyKind::Cron) => ScheduleZone::Iana(req.instance_zone),
        (None, _) => ScheduleZone::Utc,
    };
    let documented = match &parsed.cron {
        Some(spec) => ideal_fires(spec, &zone, req.now_ms, req.count),
        None => fires.clone(),
    };
    let agent_cron = match &agent_plan {
        Some(AgentPlan::Cron(c)) => Some(&**c),
        _ => None,
    };
    let warnings = compute_warnings(&super::warnings::WarningInput {
        frequency: &parsed,
        raw: frequency,
        zone: &zone,
        instance_zone: req.instance_zone,
        timeout_secs: timeout,
        now_ms: req.now_ms,
        fires: &fires,
        end,
        agent_error: agent_error.as_ref(),
        agent_cron,
        documented: &documented,
    });
    let description = describe(&parsed, &zone);
    ApiTimeline::Periodic(Box::new(Timeline {
        frequency: parsed,
        agent_repeat,
        zone: zone.name(),
        fires,
        end,
        agent_error,
        documented,
        warnings,
        description,
    }))
}

/// Fires under plain wall-clock semantics: every matching wall time in `zone` after `now_ms`,
/// both occurrences of a repeated (fall-back) time, none for a time in a spring-forward gap.
pub fn ideal_fires(spec: &CronSpec, zone: &ScheduleZone, now_ms: i64, count: usize) -> Vec<i64> {
    let mut out = Vec::new();
    let now_secs = now_ms.div_euclid(1000);
    let wall_now = zone.wall_of(now_secs);
    // Instants after now read at least 3 h before now's wall time (largest DST shift).
    let mut cursor = super::civil::wall_as_utc_secs(&wall_now) - 3 * 3600 - 1;
    let mut guard = 0;
    let limit = count.saturating_mul(2).saturating_add(3 * 3600 + 16);
    while out.len() < count.saturating_add(2) && guard < limit {
        guard += 1;
        let NextOutcome::At(w) = next_fire(spec, &ScheduleZone::Utc, cursor) else {
            break;
        };
        if w <= cursor {
            break;
        }
        cursor = w;
        for instant in wall_instants(zone, w) {
            if instant > now_secs {
                out.push(instant * 1000);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out.truncate(count);
    out
}

/// The instants (0, 1 or 2) whose wall-clock reading in `zone` is the wall time `wall_secs`
/// (a wall time encoded as if UTC).
pub fn wall_instants(zone: &ScheduleZone, wall_secs: i64) -> impl Iterator<Item = i64> + '_ {
    let mut offsets = [
        i64::from(zone.offset_at(wall_secs - 86_400)),
        i64::from(zone.offset_at(wall_secs)),
        i64::from(zone.offset_at(wall_secs + 86_400)),
    ];
    offsets.sort_unstable();
    let mut seen: Vec<i64> = Vec::with_capacity(3);
    for off in offsets {
        let instant = wall_secs - off;
        if i64::from(zone.offset_at(instant)) == off && !seen.contains(&instant) {
            seen.push(instant);
        }
    }
    seen.sort_unstable();
    seen.into_iter()
}

impl Timeline {
    /// The timeline as JSON (`ok: true`).
    pub fn to_json(&self) -> Value {
        let times =
            |v: &[i64]| -> Vec<String> { v.iter().map(|m| format_rfc3339_ms(*m)).collect() };
        json!({
            "ok": true,
            "repeat_mode": "Period",
            "kind": self.frequency.kind.name(),
            "agent_repeat": match self.agent_repeat {
                AgentRepeat::Period => "Period", AgentRepeat::Rate => "Rate", AgentRepeat::At => "At" },
            "agent_expr": self.frequency.agent_expr,
            "zone": self.zone,
            "next": times(&self.fires),
            "end": self.end.map(EndReason::name),
            "agent_error": self.agent_error.as_ref().map(|e| json!({"error_kind": e.kind(), "message": e.message})),
            "documented_next": times(&self.documented),
            "warnings": self.warnings.iter().map(Warning::to_json).collect::<Vec<_>>(),
            "description": {"en": self.description.en, "zh": self.description.zh},
        })
    }
}

impl ApiTimeline {
    /// The CLI/UI JSON: the API error, or the timeline.
    pub fn to_json(&self) -> Value {
        match self {
            Self::Error(e) => e.to_json(),
            Self::NotPeriodic(mode) => {
                let (en, zh) = match mode {
                    RepeatMode::Once => ("Runs once, immediately.", "立即执行一次。"),
                    RepeatMode::NextRebootOnly => (
                        "Runs once, the next time the instance starts.",
                        "在实例下次启动时执行一次。",
                    ),
                    RepeatMode::EveryReboot => (
                        "Runs every time the instance starts.",
                        "每次实例启动时执行。",
                    ),
                    RepeatMode::DryRun | RepeatMode::Period => (
                        "Dry run: checks parameters and environment, runs nothing.",
                        "预检：只检查参数和环境，不执行命令。",
                    ),
                };
                json!({"ok": true, "repeat_mode": mode.as_str(), "next": [], "warnings": [],
                       "description": {"en": en, "zh": zh}})
            }
            Self::Periodic(t) => t.to_json(),
        }
    }
}
