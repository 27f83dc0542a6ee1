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
    let warnings = compute_warnings(&WarningInput {
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
        documented_count: req.count,
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
