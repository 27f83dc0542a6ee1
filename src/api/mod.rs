//! The JSON API of the simulator: plain JSON in, plain JSON out.
//!
//! One facade over [`crate::sim`] shared by the yew UI, the JavaScript API (`window.wasmBindings`)
//! and the CLI, so all three give the same answers. Pure like the core: no browser crates, no
//! clock (every "now" is an argument). Requests are SDK-style JSON (`to_map()` names); a world is
//! the world JSON of docs/reference.md (None = the embedded default). Every function answers a value,
//! never panics, and reports bad input as `{"ok": false, "error": {…}}`.
//!
//! Shapes (camelCase keys are the playground's own, PascalCase keys are the API's):
//!
//! * [`validate()`] → `{"ok", "error": null | ApiErrorBody, "problems": [{"field", "HttpStatus",
//!   "Code", "Message", "detail"}], "warnings": [text], "contentSize": null | {"used", "limit"},
//!   "placeholders": [{"name", "kind", "start", "end"}], "targets": [{"InstanceId",
//!   "InstanceName", "Os", "Status", "AgentVersion", "finding": null | {"ErrorCode",
//!   "ErrorInfo"}}], "effective": {"RepeatMode", "ContentEncoding", "Timeout", "Username",
//!   "KeepCommand", "EnableParameter"}}` where ApiErrorBody is `{"HttpStatus", "RequestId",
//!   "HostId", "Code", "Message", "Recommend"}`.
//! * [`render`] → `{"ok": true, "instances": [{"InstanceId", "InstanceName", "script", "path",
//!   "commandLine", "warnings", "spans": [{"start", "end", "source"}], "error"}]}` or
//!   `{"ok": false, "error": ApiErrorBody}`.
//! * [`next_fires`] → `{"ok": true, "next": [ISO-8601 UTC], "end"?, "warnings": [{"code",
//!   "message"}]}` or `{"ok": false, "code", "message"}`.
//! * [`schedule`] → `{"ok": true, "mode", "periodic", "kind": null | "rate" | "at" | "cron",
//!   "zone", "description": null | {"en", "zh"}, "next": [ISO], "nextLocal": [wall time in the
//!   schedule's zone, e.g. `2026-11-28 02:00:00 +08:00`], "documented": [ISO], "end",
//!   "agentError": null | {"kind", "message"}, "warnings": [{"code", "message"}]}` or
//!   `{"ok": false, "error": ApiErrorBody}`.
//! * [`simulate`] → `{"ok": true, "InvokeId", "CommandId", "startMs", "untilMs", "overall":
//!   {"InvocationStatus", "InvokeStatus"}, "fires": [ms], "instances": [{"InstanceId",
//!   "InstanceName", "status", "runs": [{"startMs", "endMs", "status", "exitCode", "errorCode",
//!   "errorInfo", "output", "dropped", "notes"}]}], "DescribeInvocations": {…},
//!   "DescribeInvocationResults": {…}}` or `{"ok": false, "error": ApiErrorBody}`.
//! * [`simulate_as`] with [`RunDetail::Lean`] → the same, but each run is only `{"startMs",
//!   "endMs", "status", "exitCode", "stopMs"}` and instances carry no `notes` (a timeline's
//!   needs: a day of `rate(1m)` on 100 instances is 144 000 runs); [`simulate_run`] → one run
//!   with every field. [`Simulated`] keeps a simulation typed to read it at any instant up to
//!   its horizon (the playground's playback) without simulating again.
//!
//! Added keys (the shapes above are kept): `validate` targets carry `TimeZone`, `effective`
//! carries `WorkingDir`; `render` carries `CommandId`/`InvokeId` and each span `kind`/`name`
//! (`source` is `kind:name`, offsets are UTF-8 byte offsets in `script`); `next_fires` carries
//! `kind`, `zone`, `agentExpr`; `schedule` carries `agentExpr` (and `detail` on errors);
//! `simulate` carries per run `stopMs`, per instance `skippedFiresMs` and `notes`
//! (`[{"atMs", "note"}]`), and top-level `rendered` (as in `render`) and `events` (the answer to
//! each event: `{"at", "action", "HttpStatus", "Body"}`) and `warnings` (validation notes);
//! `fires` are ms like the run times. `DescribeInvocations` is asked
//! with `IncludeOutput=true`, `DescribeInvocationResults` with `IncludeHistory` for
//! Period/EveryReboot, both with the API's default Base64 encoding and a page of 50.
//!
//! Times are read as RFC 3339 and written as ISO-8601 UTC with `Z`.
//! * [`exports`] → `{"ok": true, "json", "query", "cli", "python", "go", "java", "nodejs"}`.

use serde_json::Value;

use error::InputError;
use input::object;

use crate::sim::validate;
use crate::sim::world::World;

mod check;
mod checked;
pub mod content;
pub mod error;
mod exports;
mod fires;
mod frequency_fix;
pub mod input;
pub mod presets;
mod run_columns;
mod simulate;
mod snippets;
mod timeline;
pub mod timeline_axis;
pub mod timeline_geometry;
pub mod timeline_rows;
pub mod timeline_view;

pub use check::{facade_ids, render_in, validate_in};
pub use checked::Checked;
pub use frequency_fix::{frequency_fixes, FrequencyFix};
pub use run_columns::{run_columns, RunColumns};
pub use simulate::{
    simulate_parsed, simulate_run_in, simulate_text_in, Responses, RunSummary, Simulated,
    MAX_SPAN_DAYS, MAX_TOTAL_FIRES,
};
pub use timeline::{fit, fitted_window, Fit, MAX_COUNT};

/// Options of [`simulate`].
#[derive(Debug, Clone, Default)]
pub struct SimulateOptions {
    /// The time of the RunCommand call (RFC 3339); the invocation is created then.
    pub now: String,
    /// User actions at virtual instants: `{"at": RFC 3339, "action": "StopInvocation",
    /// "InstanceId": [..]?}` or `{"at", "action": "RebootInstance", "InstanceId": "i-…"}`.
    pub events: Vec<Value>,
    /// Seed of the delivery latencies (0 by default, as `runcommand-sim simulate`).
    pub seed: u64,
}

/// How much of each run [`simulate_as`] answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RunDetail {
    /// Every field: [`simulate`]'s shape.
    #[default]
    Full,
    /// What a timeline draws (`lean: true` in the JavaScript API's options, `--lean` in the
    /// CLI): each run is only `{"startMs", "endMs", "status", "exitCode", "stopMs"}`
    /// ([`RunSummary`]) and instances carry no `notes`; every other key is as in the full
    /// answer. One run's full fields: [`simulate_run`], or [`Simulated::run_at`].
    Lean,
}

/// Validates a request against a world: the API's answer plus every problem for the form.
pub fn validate(request: &Value, world: Option<&Value>) -> Value {
    validate_in(request, &input::world(world))
}

/// What the playground shows after each edit, computed in one pass (the request and world are
/// read once and checked once): `{"validation": validate(…), "rendered": render(…),
/// "schedule": schedule(…)}`, each exactly as its own function answers.
pub fn evaluate(request: &Value, world: Option<&Value>, now: &str, count: usize) -> Value {
    evaluate_in(request, &input::world(world), now, count)
}

/// [`evaluate`] with the world already read by [`input::world`]: the playground reads its world
/// once per world edit, not once per keystroke (a 100-instance world takes about as long to
/// read as the rest of the evaluation).
pub fn evaluate_in(
    request: &Value,
    world: &Result<World, InputError>,
    now: &str,
    count: usize,
) -> Value {
    evaluate_parts(request, world, now, count, true)
}

/// `evaluate_in`, with `rendered` only when `with_rendered` (else `null`): rendering 100
/// instances and writing their JSON is most of an evaluation, and only the Rendered panel
/// shows it.
pub fn evaluate_parts(
    request: &Value,
    world: &Result<World, InputError>,
    now: &str,
    count: usize,
    with_rendered: bool,
) -> Value {
    let parts = EvaluationParts {
        rendered: with_rendered,
        targets: true,
    };
    evaluate_checked(request, world, now, count, parts).0
}

/// The parts of an evaluation that are written only when asked for (the playground leaves
/// out what its open panels do not show).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EvaluationParts {
    /// `rendered`: every instance's script (else `null`).
    pub rendered: bool,
    /// `validation.targets`: the target instances with their findings (else `null`; the
    /// playground shows the fleet from the world).
    pub targets: bool,
}

/// `evaluate_in` with only the `parts` asked for, and the request as read and validated
/// ([`Checked`]) for simulations of the same request in the same world
/// ([`Simulated::checked`]).
pub fn evaluate_checked(
    request: &Value,
    world: &Result<World, InputError>,
    now: &str,
    count: usize,
    parts: EvaluationParts,
) -> (Value, Checked) {
    let (req, world) = match input::parsed(request, world) {
        Ok(parsed) => parsed,
        Err(e) => {
            let failed = e.answer();
            let answer = object(vec![
                ("validation", failed.clone()),
                ("rendered", failed.clone()),
                ("schedule", failed),
            ]);
            return (answer, Checked::unreadable(e));
        }
    };
    // A request beyond a count or size limit is refused before any per-item work.
    let report = validate::check_all_or_refuse(&req, world, &Default::default());
    // The targets are resolved once, for the answer and for the validated request (which
    // needs them only when the request has no problem).
    let (targets, findings) = if parts.targets || report.problems.is_empty() {
        validate::targets_and_findings(&req, &report.template, world)
    } else {
        Default::default()
    };
    let listed = parts.targets.then_some((&targets[..], &findings[..]));
    let validation = check::report_json_for(&req, &report, listed);
    let validated = validate::validated_from_parts(&req, report, &targets, findings);
    let rendered = if parts.rendered {
        check::rendered_from(validated.as_ref(), world)
    } else {
        Value::Null
    };
    let schedule = timeline::schedule_parsed(&req, world, now, count);
    let answer = object(vec![
        ("validation", validation),
        ("rendered", rendered),
        ("schedule", schedule),
    ]);
    (answer, Checked::read(validated))
}

/// The per-instance rendered scripts of a request, or its API error.
pub fn render(request: &Value, world: Option<&Value>) -> Value {
    render_in(request, &input::world(world))
}

/// The next `count` fires (at most [`MAX_COUNT`]) of a `Frequency` as the agent computes them
/// from `start`, with the instance's local zone for zone-less cron.
pub fn next_fires(frequency: &str, start: &str, count: usize, local_zone: Option<&str>) -> Value {
    timeline::next_fires_json(frequency, start, count, local_zone)
}

/// [`next_fires`] with the fires as epoch milliseconds instead of `next`: `Ok((fires, answer
/// without next))`, or `Err(the same error answer)`. Without `with_warnings` the answer has no
/// `warnings` (they need the documented fires too: several times the work of the fires).
pub fn next_fires_ms(
    frequency: &str,
    start: &str,
    count: usize,
    local_zone: Option<&str>,
    with_warnings: bool,
) -> Result<(Vec<i64>, Value), Value> {
    fires::next_fires_ms(frequency, start, count, local_zone, with_warnings)
}

/// The API-level schedule of a request at `now` (RFC 3339): mode, fires, warnings, words. The
/// zone-less cron runs in the first target instance's `timeZone` (UTC without targets).
pub fn schedule(request: &Value, world: Option<&Value>, now: &str, count: usize) -> Value {
    timeline::schedule_value(request, world, now, count)
}

/// Simulates the request's executions from `options.now` until `until` (RFC 3339).
pub fn simulate(
    request: &Value,
    world: Option<&Value>,
    until: &str,
    options: &SimulateOptions,
) -> Value {
    simulate::simulate_value(
        request,
        &input::world(world),
        until,
        options,
        RunDetail::Full,
    )
}

/// [`simulate`] with the runs in the given detail.
pub fn simulate_as(
    request: &Value,
    world: Option<&Value>,
    until: &str,
    options: &SimulateOptions,
    detail: RunDetail,
) -> Value {
    simulate::simulate_value(request, &input::world(world), until, options, detail)
}

/// [`simulate_as`] as JSON text (the same text as its value's); the lean form is written
/// without building a JSON value per run.
pub fn simulate_text(
    request: &Value,
    world: Option<&Value>,
    until: &str,
    options: &SimulateOptions,
    detail: RunDetail,
) -> String {
    simulate_text_in(request, &input::world(world), until, options, detail)
}

/// One run with every field, addressed as in the answer (`instances[instance].runs[run]`,
/// both from 0): `{"ok": true, "InstanceId", "InstanceName", "instance", "index", "run": {…}}`
/// with `run` exactly as in [`simulate`]'s answer, or `{"ok": false, "error"}`.
pub fn simulate_run(
    request: &Value,
    world: Option<&Value>,
    until: &str,
    options: &SimulateOptions,
    instance: usize,
    run: usize,
) -> Value {
    simulate_run_in(request, &input::world(world), until, options, instance, run)
}

/// The request as JSON, wire query, `aliyun` CLI and SDK snippets.
pub fn exports(request: &Value) -> Value {
    exports::exports_value(request)
}

/// The embedded default world, as world JSON.
pub fn default_world() -> Value {
    exports::default_world_value()
}

/// Parses and checks a world JSON text: the world as JSON, or every problem in one message.
pub fn check_world(text: &str) -> Result<Value, InputError> {
    input::world_text(Some(text))?;
    serde_json::from_str(text).map_err(|e| InputError::World(e.to_string()))
}

#[cfg(test)]
mod world_tests {
    use super::*;

    #[test]
    fn the_default_world_json_reads_as_the_default_world() {
        let read = crate::sim::world::World::from_json(&default_world().to_string());
        assert_eq!(read.ok(), Some(World::default_world()));
    }

    #[test]
    fn check_world_accepts_the_default_and_reports_problems() {
        let default = default_world().to_string();
        assert_eq!(
            check_world(&default).ok(),
            serde_json::from_str(&default).ok()
        );
        let err = check_world("{\"accountId\": \"abc\"")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("world JSON"), "{err}");
        let mut bad = default_world();
        bad["accountId"] = Value::from("not-digits");
        let err = check_world(&bad.to_string()).unwrap_err().to_string();
        assert!(err.contains("accountId"), "{err}");
    }
}
