//! [`super::simulate`]: the whole pipeline for one request, session-free.
//!
//! validate → render → plan ([`crate::sim::invocation`]) → simulate from `now` to `until` with
//! the user's events → the per-instance runs for a timeline and the Describe* responses at
//! `until`.

use serde_json::{json, Map, Value};

use super::check::{facade_ids, rendered_json};
use super::input::{self, error_body, failure, iso};
use super::SimulateOptions;
use crate::sim::error::{ApiError, ApiErrorCode};
use crate::sim::exec::{
    self, cap_output, DescribeInvocationResultsQuery, DescribeInvocationsQuery, InstanceTrack,
    Paging, RunRecord, Simulation, UserEvent,
};
use crate::sim::ids::IdGenerator;
use crate::sim::invocation::{
    patch_rejections, plan_invocation, shown_error, AgentRejection, PlanContext,
};
use crate::sim::render::render_validated;
use crate::sim::request::RunCommandRequest;
use crate::sim::validate::{self, Usage};
use crate::sim::world::World;

/// The longest simulated span, in days (a guard for the page; a 10 s cron over this span is
/// 60 480 runs per instance).
pub const MAX_SPAN_DAYS: i64 = 7;

/// The most scheduled runs (fires summed over instances) one simulation may hold: a day of
/// `rate(1m)` on 100 instances is 144 000; beyond this the answer would not fit a page.
pub const MAX_TOTAL_FIRES: usize = 250_000;

/// A user event read from the options: its instant and what it does.
enum Event {
    Stop {
        at_ms: i64,
        instance_ids: Vec<String>,
    },
    Reboot {
        at_ms: i64,
        instance_id: String,
    },
}

fn read_event(v: &Value) -> Result<Event, String> {
    let at = v
        .get("at")
        .and_then(Value::as_str)
        .ok_or("an event needs \"at\" (RFC 3339)")?;
    let at_ms = input::time_ms(at, "event at")?;
    match v.get("action").and_then(Value::as_str) {
        Some("StopInvocation") => {
            let instance_ids = crate::sim::calls::instance_list(v).map_err(|e| e.message)?;
            Ok(Event::Stop {
                at_ms,
                instance_ids,
            })
        }
        Some("RebootInstance") => {
            let id = v
                .get("InstanceId")
                .and_then(Value::as_str)
                .ok_or("RebootInstance needs \"InstanceId\"")?;
            Ok(Event::Reboot {
                at_ms,
                instance_id: id.to_string(),
            })
        }
        other => Err(format!(
            "unknown event action {:?}: expected StopInvocation or RebootInstance",
            other.unwrap_or("")
        )),
    }
}

fn event_at(e: &Event) -> i64 {
    match e {
        Event::Stop { at_ms, .. } | Event::Reboot { at_ms, .. } => *at_ms,
    }
}

/// Runs the pipeline on parsed inputs; `events` are the option's JSON events.
pub fn simulate_parsed(
    req: &RunCommandRequest,
    world: &World,
    now_ms: i64,
    until_ms: i64,
    events: &[Value],
    seed: u64,
) -> Value {
    if until_ms < now_ms {
        return input::malformed("until is before now");
    }
    if until_ms - now_ms > MAX_SPAN_DAYS * 86_400_000 {
        return input::malformed(&format!(
            "the simulated span is limited to {MAX_SPAN_DAYS} days"
        ));
    }
    let mut read = Vec::new();
    for (n, v) in events.iter().enumerate() {
        match read_event(v) {
            Ok(e) => read.push(e),
            Err(why) => return input::malformed(&format!("events[{n}]: {why}")),
        }
    }
    read.sort_by_key(event_at);
    let validated = match validate::validate(req, world, &Usage::default()) {
        Ok(v) => v,
        Err(e) => return failure(&e),
    };
    let ids = facade_ids();
    let rendered = render_validated(&validated, world, &ids);
    let planned = plan_invocation(&PlanContext {
        validated: &validated,
        world,
        rendered: &rendered,
        command_id: &ids.command_id,
        invoke_id: &ids.invoke_id,
        creation_ms: now_ms,
        horizon_ms: until_ms,
    });
    let rejections = planned.rejections;
    let total_fires: usize = planned
        .plan
        .instances
        .iter()
        .map(|i| i.fire_instants_ms.len())
        .sum();
    if total_fires > MAX_TOTAL_FIRES {
        return input::malformed(&format!(
            "{total_fires} scheduled runs until `until` (more than {MAX_TOTAL_FIRES}): simulate a shorter span"
        ));
    }
    let mut fires: Vec<i64> = planned
        .plan
        .instances
        .iter()
        .flat_map(|i| i.fire_instants_ms.iter().copied())
        .collect();
    fires.sort_unstable();
    fires.dedup();
    let mut sim = Simulation::new(vec![planned.plan], Vec::new(), seed, until_ms);
    let mut request_ids = IdGenerator::new(seed.wrapping_add(1));
    let mut answers = Vec::new();
    for e in read {
        let request_id = request_ids.request_id();
        let at_ms = event_at(&e);
        let (action, answer) = match e {
            Event::Stop {
                at_ms,
                instance_ids,
            } => (
                "StopInvocation",
                exec::stop_invocation(&mut sim, &ids.invoke_id, &instance_ids, at_ms, &request_id)
                    .map_err(|r| (r.http_status(), r.to_json(&request_id))),
            ),
            Event::Reboot { at_ms, instance_id } => {
                if world.instance(&instance_id).is_none() {
                    let e = ApiError::new(ApiErrorCode::InvalidInstanceNotFound);
                    ("RebootInstance", Err((e.http_status(), error_body(&e))))
                } else {
                    sim.add_event(UserEvent::RebootInstance { at_ms, instance_id });
                    ("RebootInstance", Ok(json!({ "RequestId": request_id })))
                }
            }
        };
        let (status, body) = match answer {
            Ok(b) => (200, b),
            Err((s, b)) => (s, b),
        };
        answers.push(json!({"at": iso(at_ms), "action": action,
                            "HttpStatus": status, "Body": body}));
    }
    let request_id = request_ids.request_id();
    let mut invocations = exec::describe_invocations(
        &sim,
        &DescribeInvocationsQuery {
            invoke_id: Some(ids.invoke_id.clone()),
            include_output: true,
            paging: Paging {
                page_number: 1,
                page_size: 50,
            },
            ..Default::default()
        },
        until_ms,
        &request_id,
    )
    .unwrap_or_else(|e| e.to_json(&request_id));
    let request_id = request_ids.request_id();
    let repeating = validated.repeat_mode.is_repeating();
    let mut results = exec::describe_invocation_results(
        &sim,
        &DescribeInvocationResultsQuery {
            invoke_id: Some(ids.invoke_id.clone()),
            include_history: repeating,
            paging: Paging {
                page_number: 1,
                page_size: 50,
            },
            ..Default::default()
        },
        until_ms,
        &request_id,
    )
    .unwrap_or_else(|e| e.to_json(&request_id));
    patch_rejections(&mut invocations, &rejections);
    patch_rejections(&mut results, &rejections);
    let overall = invocations
        .pointer("/Invocations/Invocation/0")
        .map(|inv| {
            json!({"InvocationStatus": inv["InvocationStatus"], "InvokeStatus": inv["InvokeStatus"]})
        })
        .unwrap_or_else(|| json!({"InvocationStatus": null, "InvokeStatus": null}));
    let instances: Vec<Value> = sim
        .invocation(&ids.invoke_id)
        .map(|(_, tracks)| tracks)
        .unwrap_or_default()
        .iter()
        .map(|track| instance_json(track, until_ms, &ids.invoke_id, &rejections))
        .collect();
    let mut out = Map::new();
    out.insert("ok".into(), Value::Bool(true));
    out.insert("InvokeId".into(), Value::String(ids.invoke_id.clone()));
    out.insert("CommandId".into(), Value::String(ids.command_id.clone()));
    out.insert("startMs".into(), now_ms.into());
    out.insert("untilMs".into(), until_ms.into());
    out.insert("overall".into(), overall);
    out.insert(
        "fires".into(),
        Value::Array(fires.into_iter().map(Value::from).collect()),
    );
    out.insert("instances".into(), Value::Array(instances));
    out.insert(
        "rendered".into(),
        Value::Array(rendered.iter().map(|r| rendered_json(r, world)).collect()),
    );
    out.insert("events".into(), Value::Array(answers));
    out.insert(
        "warnings".into(),
        Value::Array(
            validated
                .warnings
                .iter()
                .cloned()
                .map(Value::String)
                .collect(),
        ),
    );
    out.insert("DescribeInvocations".into(), invocations);
    out.insert("DescribeInvocationResults".into(), results);
    Value::Object(out)
}

/// One run for the timeline (built without cloning through `json!`: a day of runs on 100
/// instances is 144 000 of these).
fn run_json(
    run: &RunRecord,
    until_ms: i64,
    invoke_id: &str,
    instance_id: &str,
    rejections: &[AgentRejection],
) -> Value {
    let ended = run.ended_by(until_ms);
    let full = run.output_at(until_ms);
    let capped = cap_output(&full);
    let error = run.error.as_ref().filter(|_| ended);
    let (code, info) = shown_error(error, invoke_id, instance_id, rejections);
    let opt = |v: Option<i64>| v.map_or(Value::Null, Value::from);
    let mut m = Map::new();
    m.insert("startMs".into(), opt(run.start_ms));
    m.insert("endMs".into(), opt(run.end_ms.filter(|e| *e <= until_ms)));
    m.insert(
        "status".into(),
        Value::String(run.status_at(until_ms).as_str().into()),
    );
    m.insert("exitCode".into(), opt(run.exit_code.filter(|_| ended)));
    m.insert("errorCode".into(), Value::String(code));
    m.insert("errorInfo".into(), Value::String(info));
    m.insert("output".into(), Value::String(capped.text));
    m.insert("dropped".into(), capped.dropped.into());
    m.insert(
        "notes".into(),
        Value::Array(run.details.iter().cloned().map(Value::String).collect()),
    );
    m.insert("stopMs".into(), opt(run.stop_ms.filter(|s| *s <= until_ms)));
    Value::Object(m)
}

fn instance_json(
    track: &InstanceTrack,
    until_ms: i64,
    invoke_id: &str,
    rejections: &[AgentRejection],
) -> Value {
    let runs: Vec<Value> = track
        .runs_at(until_ms)
        .map(|run| run_json(run, until_ms, invoke_id, &track.instance_id, rejections))
        .collect();
    let mut m = Map::new();
    m.insert(
        "InstanceId".into(),
        Value::String(track.instance_id.clone()),
    );
    m.insert(
        "InstanceName".into(),
        Value::String(track.instance_name.clone()),
    );
    m.insert(
        "status".into(),
        track
            .status_at(until_ms)
            .map_or(Value::Null, |s| Value::String(s.as_str().into())),
    );
    m.insert("runs".into(), Value::Array(runs));
    m.insert(
        "skippedFiresMs".into(),
        Value::Array(
            track
                .skipped_fires_ms
                .iter()
                .filter(|t| **t <= until_ms)
                .map(|t| Value::from(*t))
                .collect(),
        ),
    );
    m.insert(
        "notes".into(),
        Value::Array(
            track
                .notes
                .iter()
                .filter(|(t, _)| *t <= until_ms)
                .map(|(t, n)| json!({"atMs": t, "note": n}))
                .collect(),
        ),
    );
    Value::Object(m)
}
/// Parses and answers [`super::simulate`].
pub fn simulate_value(
    request: &Value,
    world: Option<&Value>,
    until: &str,
    options: &SimulateOptions,
) -> Value {
    let (req, world) = match (input::request(request), input::world(world)) {
        (Err(e), _) | (_, Err(e)) => return e,
        (Ok(r), Ok(w)) => (r, w),
    };
    let now_ms = match input::time_ms(&options.now, "now") {
        Ok(t) => t,
        Err(e) => return input::malformed(&e),
    };
    let until_ms = match input::time_ms(until, "until") {
        Ok(t) => t,
        Err(e) => return input::malformed(&e),
    };
    simulate_parsed(
        &req,
        &world,
        now_ms,
        until_ms,
        &options.events,
        options.seed,
    )
}
