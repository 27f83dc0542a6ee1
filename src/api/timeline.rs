//! [`super::next_fires`] and [`super::schedule`]: the agent's fires and the API-level schedule.

use crate::sim::tz::Zone;
use serde_json::{json, Value};

use super::error::{failure, FiresError, InputError};
use super::input::{self, iso};
use crate::sim::error::{ApiError, ApiErrorCode};
use crate::sim::invocation::instance_zone;
use crate::sim::request::RunCommandRequest;
use crate::sim::schedule::wall::local_text_marked;
use crate::sim::schedule::{
    api_timeline, ApiScheduleRequest, ApiTimeline, EndReason, FrequencyKind, ScheduleZone, Timeline,
};
use crate::sim::validate::resolve_targets;
use crate::sim::world::World;

/// The most fires [`super::next_fires`] and [`super::schedule`] list.
pub const MAX_COUNT: usize = 100_000;

fn times(list: &[i64]) -> Vec<String> {
    list.iter().map(|m| iso(*m)).collect()
}

/// Fires as wall-clock times in `zone`: `2026-11-28 02:00:00 +08:00`.
fn local_times(list: &[i64], zone: &ScheduleZone) -> Vec<String> {
    list.iter()
        .map(|ms| local_text_marked(zone, *ms, ""))
        .collect()
}

fn warnings(t: &Timeline) -> Vec<Value> {
    t.warnings
        .iter()
        .map(|w| json!({"code": w.code.as_str(), "message": w.message, "at": w.at_ms.map(iso)}))
        .collect()
}

fn zone(name: Option<&str>) -> Result<Zone, FiresError> {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        None => Ok(Zone::UTC),
        Some(n) => n
            .parse::<Zone>()
            .map_err(|_| FiresError::Zone(n.to_string())),
    }
}

/// The body of [`super::next_fires`].
pub(crate) fn next_fires_json(
    frequency: &str,
    start: &str,
    count: usize,
    local_zone: Option<&str>,
) -> Value {
    match next_fires_ms(frequency, start, count, local_zone) {
        Ok((fires, mut answer)) => {
            answer["next"] = Value::from(times(&fires));
            answer
        }
        Err(answer) => answer,
    }
}

/// [`super::next_fires`] with the fires as epoch milliseconds: the fires, and the answer's
/// other fields (`ok`, `warnings`, `kind`, `zone`, `agentExpr`, `end`); or the error answer.
pub(crate) fn next_fires_ms(
    frequency: &str,
    start: &str,
    count: usize,
    local_zone: Option<&str>,
) -> Result<(Vec<i64>, Value), Value> {
    let now_ms = input::time_ms(start, "start").map_err(|e| FiresError::Start(e).answer())?;
    let tz = zone(local_zone).map_err(|e| e.answer())?;
    if frequency.trim().is_empty() {
        return Err(FiresError::MissingFrequency.answer());
    }
    // Timeout 0: the fires do not depend on it, and no Timeout rule applies to a bare
    // expression.
    let req = ApiScheduleRequest {
        frequency: Some(frequency.to_string()),
        repeat_mode: None,
        timeout_secs: Some(0),
        now_ms,
        instance_zone: tz,
        count: count.min(MAX_COUNT),
    };
    match api_timeline(&req) {
        ApiTimeline::Error(e) => Err(FiresError::Frequency {
            code: e.code,
            reason: e.reason,
        }
        .answer()),
        ApiTimeline::NotPeriodic(_) => Err(FiresError::MissingFrequency.answer()),
        ApiTimeline::Periodic(t) => match &t.agent_error {
            Some(e) => Err(json!({"ok": false, "code": e.kind(), "message": e.message,
                                  "warnings": warnings(&t)})),
            None => {
                let mut v = json!({"ok": true, "warnings": warnings(&t),
                                   "kind": t.frequency.kind.name(), "zone": t.zone,
                                   "agentExpr": t.frequency.agent_expr});
                if let Some(end) = t.end {
                    v["end"] = Value::from(end.name());
                }
                Ok((t.fires, v))
            }
        },
    }
}

/// The instance zone the schedule of `req` uses: the first target's, or UTC.
pub(crate) fn first_target_zone(req: &RunCommandRequest, world: &World) -> Zone {
    resolve_targets(req, world)
        .first()
        .map(|i| instance_zone(i))
        .unwrap_or(Zone::UTC)
}

/// The body of [`super::schedule`] for a parsed request.
pub(crate) fn schedule_json(
    req: &RunCommandRequest,
    world: &World,
    now_ms: i64,
    count: usize,
) -> Value {
    let tz = first_target_zone(req, world);
    let timeout_secs = req.timeout_secs().ok();
    let timeline = api_timeline(&ApiScheduleRequest {
        frequency: req.frequency.clone(),
        repeat_mode: req.repeat_mode.clone(),
        timeout_secs,
        now_ms,
        instance_zone: tz,
        count: count.min(MAX_COUNT),
    });
    match timeline {
        ApiTimeline::Error(e) => {
            let code =
                ApiErrorCode::from_code(e.code).unwrap_or(ApiErrorCode::InvalidParamFrequency);
            let mut out = failure(&ApiError::new(code));
            out["detail"] = Value::from(e.reason);
            out
        }
        ApiTimeline::NotPeriodic(mode) => {
            let words = timeline_description(&ApiTimeline::NotPeriodic(mode));
            json!({"ok": true, "mode": mode.as_str(), "periodic": false, "kind": null,
                   "zone": tz.name(), "description": words, "next": [], "documented": [],
                   "end": null, "agentError": null, "warnings": []})
        }
        ApiTimeline::Periodic(t) => {
            let zone = match (&t.frequency.zone, t.frequency.kind) {
                (Some(z), _) => z.clone(),
                (None, FrequencyKind::Cron) => ScheduleZone::Iana(tz),
                (None, _) => ScheduleZone::Utc,
            };
            json!({
            "ok": true,
            "mode": "Period",
            "periodic": true,
            "kind": t.frequency.kind.name(),
            "zone": t.zone,
            "description": {"en": t.description.en, "zh": t.description.zh},
            "next": times(&t.fires),
            "nextLocal": local_times(&t.fires, &zone),
            "documented": times(&t.documented),
            "end": t.end.map(EndReason::name),
            "agentError": t.agent_error.as_ref().map(|e| json!({"kind": e.kind(), "message": e.message})),
            "warnings": warnings(&t),
            "agentExpr": t.frequency.agent_expr,
            })
        }
    }
}

fn timeline_description(t: &ApiTimeline) -> Value {
    t.to_json()
        .get("description")
        .cloned()
        .unwrap_or(Value::Null)
}

/// Parses and answers [`super::schedule`].
pub(crate) fn schedule_value(
    request: &Value,
    world: Option<&Value>,
    now: &str,
    count: usize,
) -> Value {
    match input::parsed(request, &input::world(world)) {
        Ok((req, world)) => schedule_parsed(&req, world, now, count),
        Err(e) => e.answer(),
    }
}

/// [`super::schedule`] for a parsed request and world.
pub(crate) fn schedule_parsed(
    req: &RunCommandRequest,
    world: &World,
    now: &str,
    count: usize,
) -> Value {
    match input::time_ms(now, "now") {
        Ok(now_ms) => schedule_json(req, world, now_ms, count),
        Err(e) => InputError::from(e).answer(),
    }
}
