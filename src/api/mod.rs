//! The JSON API of the simulator: plain JSON in, plain JSON out.
//!
//! One facade over [`crate::sim`] shared by the yew UI, the JavaScript API (`window.wasmBindings`)
//! and the CLI, so all three give the same answers. Pure like the core: no browser crates, no
//! clock (every "now" is an argument). Requests are SDK-style JSON (`to_map()` names); a world is
//! the world JSON of the README (None = the embedded default). Every function answers a value,
//! never panics, and reports bad input as `{"ok": false, "error": {…}}`.
//!
//! Shapes (camelCase keys are the playground's own, PascalCase keys are the API's):
//!
//! * [`validate`] → `{"ok", "error": null | ApiErrorBody, "problems": [{"field", "HttpStatus",
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
//!   "zone", "description": null | {"en", "zh"}, "next": [ISO], "documented": [ISO], "end",
//!   "agentError": null | {"kind", "message"}, "warnings": [{"code", "message"}]}` or
//!   `{"ok": false, "error": ApiErrorBody}`.
//! * [`simulate`] → `{"ok": true, "InvokeId", "CommandId", "startMs", "untilMs", "overall":
//!   {"InvocationStatus", "InvokeStatus"}, "fires": [ms], "instances": [{"InstanceId",
//!   "InstanceName", "status", "runs": [{"startMs", "endMs", "status", "exitCode", "errorCode",
//!   "errorInfo", "output", "dropped", "notes"}]}], "DescribeInvocations": {…},
//!   "DescribeInvocationResults": {…}}` or `{"ok": false, "error": ApiErrorBody}`.
//! * [`exports`] → `{"ok": true, "json", "query", "cli", "python", "go", "java", "nodejs"}`.

pub mod content;

use serde_json::{json, Value};

/// Options of [`simulate`].
#[derive(Debug, Clone, Default)]
pub struct SimulateOptions {
    /// The time of the RunCommand call (RFC 3339); the invocation is created then.
    pub now: String,
    /// User actions at virtual instants: `{"at": RFC 3339, "action": "StopInvocation",
    /// "InstanceId": [..]?}` or `{"at", "action": "RebootInstance", "InstanceId": "i-…"}`.
    pub events: Vec<Value>,
}

fn not_yet(what: &str) -> Value {
    json!({"ok": false, "error": {"HttpStatus": 501, "Code": "Playground.NotSimulated",
        "Message": format!("{what} is not simulated yet.")}})
}

/// Validates a request against a world: the API's answer plus every problem for the form.
pub fn validate(_request: &Value, _world: Option<&Value>) -> Value {
    not_yet("validate")
}

/// The per-instance rendered scripts of a request, or its API error.
pub fn render(_request: &Value, _world: Option<&Value>) -> Value {
    not_yet("render")
}

/// The next `count` fires of a `Frequency` as the agent computes them from `start`, with the
/// instance's local zone for zone-less cron.
pub fn next_fires(
    _frequency: &str,
    _start: &str,
    _count: usize,
    _local_zone: Option<&str>,
) -> Value {
    json!({"ok": false, "code": "NotSimulated", "message": "next_fires is not simulated yet"})
}

/// The API-level schedule of a request at `now` (RFC 3339): mode, fires, warnings, words.
pub fn schedule(_request: &Value, _world: Option<&Value>, _now: &str, _count: usize) -> Value {
    not_yet("schedule")
}

/// Simulates the request's executions from `options.now` until `until` (RFC 3339).
pub fn simulate(
    _request: &Value,
    _world: Option<&Value>,
    _until: &str,
    _options: &SimulateOptions,
) -> Value {
    not_yet("simulate")
}

/// The request as JSON, wire query, `aliyun` CLI and SDK snippets.
pub fn exports(_request: &Value) -> Value {
    not_yet("exports")
}

/// The embedded default world, as world JSON.
pub fn default_world() -> Value {
    Value::Null
}

/// Parses and checks a world JSON text: the world as JSON, or every problem in one message.
pub fn check_world(text: &str) -> Result<Value, String> {
    let _ = text;
    Err("world checking is not available yet".into())
}
