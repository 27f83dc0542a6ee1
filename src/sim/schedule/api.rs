//! The API layer: what RunCommand accepts in `RepeatMode`, `Frequency` and `Timeout`
//! (errors `MissingParam.Frequency`, `InvalidParam.Frequency`), how the server hands a valid
//! frequency to the agent, and the full timeline shown to users.

use crate::sim::request::DEFAULT_TIMEOUT_SECS;
use crate::sim::tz::Zone;
use serde_json::{json, Value};

use super::agent::{schedule_agent, AgentPlan, AgentRepeat, AgentRequest, EndReason};
use super::describe::{describe, Description};
use super::error::AgentError;
use super::frequency::{parse_api_frequency, ApiFrequency, FrequencyError, FrequencyKind};
use super::wall::ideal_fires;
use super::warnings::{compute_warnings, Warning, WarningInput};
use super::zone::ScheduleZone;
use crate::sim::time::format_rfc3339_ms;

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
    pub(crate) fn missing_frequency() -> Self {
        Self {
            http_status: 400,
            code: "MissingParam.Frequency",
            message: "The frequency must be specified when you create a timed task.",
            reason: "RepeatMode=Period needs a Frequency".into(),
        }
    }

    /// `InvalidParam.Frequency` (400).
    pub(crate) fn invalid_frequency(e: FrequencyError) -> Self {
        Self {
            http_status: 400,
            code: "InvalidParam.Frequency",
            message: "The specified frequency is invalid.",
            reason: e.reason,
        }
    }

    /// `InvalidRepeatMode.NotFound` (404).
    pub(crate) fn unknown_repeat_mode(mode: &str) -> Self {
        Self {
            http_status: 404,
            code: "InvalidRepeatMode.NotFound",
            message: "The specified repeat mode does not exist.",
            reason: format!("`{mode}` is not Once, Period, NextRebootOnly, EveryReboot or DryRun"),
        }
    }

    /// The error response as `{"HttpStatus":…,"Body":{"Code":…,"Message":…,"Reason":…}}`.
    pub(crate) fn to_json(&self) -> Value {
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

/// The agent's side of an accepted periodic request: what [`api_timeline`] and
/// [`super::fires::api_fires`] share.
pub(crate) struct AgentSide<'a> {
    /// The `Frequency` text as sent.
    pub(crate) raw: &'a str,
    /// The parsed frequency.
    pub(crate) parsed: ApiFrequency,
    /// The `Timeout` the frequency was checked against.
    pub(crate) timeout_secs: i64,
    /// The zone the runs are computed in.
    pub(crate) zone: ScheduleZone,
    /// The agent's fires, up to the count.
    pub(crate) fires: Vec<i64>,
    /// Why the fires ended early.
    pub(crate) end: Option<EndReason>,
    /// The agent's refusal.
    pub(crate) agent_error: Option<AgentError>,
    /// The agent's started timer.
    pub(crate) plan: Option<AgentPlan>,
}

/// The API checks of `req` and the agent's fires: the API error, a non-periodic mode, or the
/// agent's side of the schedule.
pub(crate) fn agent_side(
    req: &ApiScheduleRequest,
) -> Result<Result<AgentSide<'_>, RepeatMode>, ApiError> {
    let frequency = given(req.frequency.as_deref());
    let mode = effective_repeat_mode(req.repeat_mode.as_deref(), frequency)?;
    let Some(raw) = frequency else {
        return Ok(Err(mode));
    };
    let timeout_secs = req.timeout_secs.unwrap_or(DEFAULT_TIMEOUT_SECS);
    let parsed = parse_api_frequency(raw, timeout_secs).map_err(ApiError::invalid_frequency)?;
    let agent_req = AgentRequest {
        repeat: parsed.kind.agent_repeat(),
        expr: &parsed.agent_expr,
        now_ms: req.now_ms,
        local_zone: req.instance_zone,
        creation_ms: req.now_ms,
    };
    let (fires, end, agent_error, plan) = match schedule_agent(&agent_req) {
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
    Ok(Ok(AgentSide {
        raw,
        parsed,
        timeout_secs,
        zone,
        fires,
        end,
        agent_error,
        plan,
    }))
}

impl AgentSide<'_> {
    /// When the documentation says it runs: `count` wall-clock matches after `now_ms`.
    pub(crate) fn documented(&self, now_ms: i64, count: usize) -> Vec<i64> {
        match &self.parsed.cron {
            Some(spec) => ideal_fires(spec, &self.zone, now_ms, count),
            None => self.fires.clone(),
        }
    }

    /// The divergence warnings, given the documented fires of `req`.
    pub(crate) fn warnings(&self, req: &ApiScheduleRequest, documented: &[i64]) -> Vec<Warning> {
        let agent_cron = match &self.plan {
            Some(AgentPlan::Cron(c)) => Some(&**c),
            _ => None,
        };
        compute_warnings(&WarningInput {
            frequency: &self.parsed,
            raw: self.raw,
            zone: &self.zone,
            instance_zone: req.instance_zone,
            timeout_secs: self.timeout_secs,
            now_ms: req.now_ms,
            fires: &self.fires,
            end: self.end,
            agent_error: self.agent_error.as_ref(),
            agent_cron,
            documented,
            documented_count: req.count,
        })
    }
}

/// The full API-layer timeline: effective mode, frequency check, the agent's real fires,
/// documented fires, warnings and description.
pub fn api_timeline(req: &ApiScheduleRequest) -> ApiTimeline {
    let side = match agent_side(req) {
        Err(e) => return ApiTimeline::Error(e),
        Ok(Err(mode)) => return ApiTimeline::NotPeriodic(mode),
        Ok(Ok(side)) => side,
    };
    let documented = side.documented(req.now_ms, req.count);
    let warnings = side.warnings(req, &documented);
    let description = describe(&side.parsed, &side.zone);
    let agent_repeat = side.parsed.kind.agent_repeat();
    ApiTimeline::Periodic(Box::new(Timeline {
        zone: side.zone.name(),
        fires: side.fires,
        end: side.end,
        agent_error: side.agent_error,
        frequency: side.parsed,
        agent_repeat,
        documented,
        warnings,
        description,
    }))
}

impl Timeline {
    /// The timeline as JSON (`ok: true`).
    pub(crate) fn to_json(&self) -> Value {
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
