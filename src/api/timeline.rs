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

use super::timeline_view::{Window, MIN_SPAN_S};
use super::{Checked, Simulated};

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

/// The named zone, or UTC when `name` is absent or blank.
fn zone(name: Option<&str>) -> Result<Zone, FiresError> {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        None => Ok(Zone::UTC),
        Some(n) => n
            .parse::<Zone>()
            .map_err(|_| FiresError::Zone(n.to_string())),
    }
}

/// The schedule request of a bare expression from `start` (the JS API's `nextFires*`), or the
/// error answer for a bad start, zone or an empty expression.
pub(super) fn fires_request(
    frequency: &str,
    start: &str,
    count: usize,
    local_zone: Option<&str>,
) -> Result<ApiScheduleRequest, Value> {
    let now_ms = input::time_ms(start, "start").map_err(|e| FiresError::Start(e).answer())?;
    let tz = zone(local_zone).map_err(|e| e.answer())?;
    if frequency.trim().is_empty() {
        return Err(FiresError::MissingFrequency.answer());
    }
    // Timeout 0: the fires do not depend on it, and no Timeout rule applies to a bare
    // expression.
    Ok(ApiScheduleRequest {
        frequency: Some(frequency.to_string()),
        repeat_mode: None,
        timeout_secs: Some(0),
        now_ms,
        instance_zone: tz,
        count: count.min(MAX_COUNT),
    })
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
    match api_timeline(&fires_request(frequency, start, count, local_zone)?) {
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
                    v["endMessage"] = Value::from(end.sentence());
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
            let zone = schedule_zone(&t, tz);
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
            "endMessage": t.end.map(EndReason::sentence),
            "agentError": t.agent_error.as_ref().map(|e| json!({"kind": e.kind(), "message": e.message})),
            "warnings": warnings(&t),
            "agentExpr": t.frequency.agent_expr,
            })
        }
    }
}

/// The zone a schedule's times read in: the frequency's own, the instance's for a zone-less
/// cron expression, else UTC.
fn schedule_zone(t: &Timeline, instance_zone: Zone) -> ScheduleZone {
    match (&t.frequency.zone, t.frequency.kind) {
        (Some(z), _) => z.clone(),
        (None, FrequencyKind::Cron) => ScheduleZone::Iana(instance_zone),
        (None, _) => ScheduleZone::Utc,
    }
}

/// How many runs a fitted timeline shows.
const FIT_RUNS: usize = 3;

/// What the timeline fits its window to: how far to simulate so that the first few runs have
/// ended, and the zone of the schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// The instant (ms) by which the first [`FIT_RUNS`] fires (the single run of a one-off)
    /// have run to their timeout.
    pub horizon_ms: i64,
    /// The last of those fires, or of the documented ones when the agent stops early (so that
    /// the missing runs show); the call itself for a one-off.
    pub last_fire_ms: i64,
    /// The schedule's zone (the first target's for a one-off).
    pub zone: ScheduleZone,
}

/// The [`Fit`] of a checked request called at `now_ms`; a short span when it cannot run.
pub fn fit(checked: &Checked, world: &Result<World, InputError>, now_ms: i64) -> Fit {
    let short = Fit {
        horizon_ms: now_ms + 120_000,
        last_fire_ms: now_ms,
        zone: ScheduleZone::Utc,
    };
    let (Ok(Ok(validated)), Ok(world)) = (checked.validated(), world) else {
        return short;
    };
    let req = &validated.request;
    let tz = first_target_zone(req, world);
    // Starting, sending and the agent's delays take a few seconds on top of the timeout.
    let run_ms = validated.timeout_secs.max(1) * 1000 + 10_000;
    match api_timeline(&ApiScheduleRequest {
        frequency: req.frequency.clone(),
        repeat_mode: req.repeat_mode.clone(),
        timeout_secs: Some(validated.timeout_secs),
        now_ms,
        instance_zone: tz,
        count: FIT_RUNS,
    }) {
        ApiTimeline::Periodic(t) => {
            let mut times: Vec<i64> = t.fires.iter().chain(&t.documented).copied().collect();
            // Through the shared sort: no sort of its own in the wasm.
            times.sort_unstable();
            times.dedup();
            let last_fire_ms = times
                .get(FIT_RUNS - 1)
                .or(times.last())
                .map_or(now_ms + 3_600_000, |f| *f);
            Fit {
                horizon_ms: last_fire_ms + run_ms,
                last_fire_ms,
                zone: schedule_zone(&t, tz),
            }
        }
        _ => Fit {
            horizon_ms: now_ms + run_ms,
            last_fire_ms: now_ms,
            zone: ScheduleZone::Iana(tz),
        },
    }
}

/// The window that shows the fires of `fit` and every run of `sim` (simulated to the fit's
/// horizon) that ended by then: from the call to a little after the last of them.
pub fn fitted_window(sim: &Simulated, fit: &Fit) -> Window {
    // The fit's own horizon: the simulation may reach further (zoomed out before).
    let (start, horizon) = (sim.start_ms(), sim.horizon_ms().min(fit.horizon_ms));
    let rows = sim.instances().count();
    let last_end = (0..rows)
        .flat_map(|row| sim.runs_at(row, horizon))
        .filter_map(|r| r.end_ms.or(r.start_ms))
        .fold(fit.last_fire_ms, i64::max);
    let span_s = (last_end - start) as f64 / 1000.0 * 1.1;
    Window {
        start_s: 0.0,
        span_s: span_s
            .max(MIN_SPAN_S)
            .min((horizon - start) as f64 / 1000.0),
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
