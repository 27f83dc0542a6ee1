//! `runcommand-sim agent-schedule` (the agent layer) and `runcommand-sim schedule` (the API
//! layer) over [`crate::sim::schedule`].

use crate::sim::tz::Zone;
use serde_json::{json, Value};

use super::usage::{Options, UsageError};
use super::CliOutput;
use crate::sim::schedule::{api_timeline, ApiScheduleRequest};
use crate::sim::schedule::{schedule_agent, AgentRepeat, AgentRequest};
use crate::sim::time::{format_rfc3339_ms, parse_rfc3339_ms};

const AGENT_HELP: &str = "\
runcommand-sim agent-schedule --repeat Period|Rate|At --expr EXPR --start RFC3339
                              [--tz-env ZONE] [--creation-ms N] [--count N]

Fire times of EXPR as the Cloud Assistant agent 2.x.578 computes them while its clock reads
--start. --tz-env is the instance's local zone (default UTC), --creation-ms the task creation
time anchoring rate() (default --start), --count the number of fires to list (default 8).";

const API_HELP: &str = "\
runcommand-sim schedule [--now RFC3339] [--count N] [--tz-env ZONE]  < request.json

The API-level schedule of a RunCommand request (fields Frequency, RepeatMode, Timeout): the API
error, or the timeline of fires with divergence warnings and a description.";

fn parse_ms(option: &'static str, value: &str) -> Result<i64, UsageError> {
    parse_rfc3339_ms(value).map_err(|e| UsageError::Time {
        option,
        value: value.to_string(),
        reason: e.to_string(),
    })
}

fn parse_zone(value: Option<&str>) -> Result<Zone, UsageError> {
    match value {
        None => Ok(Zone::UTC),
        Some(t) => t.parse::<Zone>().map_err(|_| UsageError::BadValue {
            option: "--tz-env",
            value: t.to_string(),
            expected: "an IANA time zone",
        }),
    }
}

fn parse_count(value: Option<&str>) -> Result<usize, UsageError> {
    match value {
        None => Ok(8),
        Some(t) => t
            .parse::<usize>()
            .ok()
            .filter(|n| *n <= 100_000)
            .ok_or_else(|| UsageError::BadValue {
                option: "--count",
                value: t.to_string(),
                expected: "a count (0–100000)",
            }),
    }
}

/// Runs `runcommand-sim agent-schedule`.
pub(crate) fn run_agent(args: &[String]) -> CliOutput {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        return CliOutput::ok(AGENT_HELP);
    }
    match agent_json(args) {
        Ok(v) => CliOutput::ok(v.to_string()),
        Err(e) => CliOutput::usage_error(format!("{e}\n\n{AGENT_HELP}")),
    }
}

/// The JSON answer of `agent-schedule` for `args`.
fn agent_json(args: &[String]) -> Result<Value, UsageError> {
    let known = [
        "--repeat",
        "--expr",
        "--start",
        "--tz-env",
        "--creation-ms",
        "--count",
    ];
    let opts = Options::parse(args, &known)?;
    let repeat_text = opts.required("--repeat")?;
    let repeat = AgentRepeat::parse(repeat_text).ok_or_else(|| UsageError::BadValue {
        option: "--repeat",
        value: repeat_text.to_string(),
        expected: "Period, Rate or At",
    })?;
    let expr = opts.required("--expr")?;
    let now_ms = parse_ms("--start", opts.required("--start")?)?;
    let local_zone = parse_zone(opts.get("--tz-env"))?;
    let creation_ms = match opts.get("--creation-ms") {
        Some(t) => t.parse::<i64>().map_err(|_| UsageError::BadValue {
            option: "--creation-ms",
            value: t.to_string(),
            expected: "an integer",
        })?,
        None => now_ms,
    };
    let count = parse_count(opts.get("--count"))?;
    let req = AgentRequest {
        repeat,
        expr,
        now_ms,
        local_zone,
        creation_ms,
    };
    Ok(match schedule_agent(&req) {
        Ok(schedule) => {
            let list = schedule.collect(count);
            let next: Vec<String> = list.fires.iter().map(|ms| format_rfc3339_ms(*ms)).collect();
            let mut v = json!({"ok": true, "next": next});
            if let Some(end) = list.end {
                v["end"] = json!(end.name());
                v["endMessage"] = json!(end.sentence());
            }
            v
        }
        Err(e) => json!({"ok": false, "error_kind": e.kind(), "message": e.message}),
    })
}

/// Runs `runcommand-sim schedule`.
pub(crate) fn run_api(args: &[String], stdin: &mut dyn FnMut() -> String) -> CliOutput {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        return CliOutput::ok(API_HELP);
    }
    match api_json(args, &stdin()) {
        Ok(v) => CliOutput::ok(v.to_string()),
        Err(e) => CliOutput::usage_error(format!("{e}\n\n{API_HELP}")),
    }
}

/// The JSON answer of `schedule` for `args` and the request JSON text.
fn api_json(args: &[String], input: &str) -> Result<Value, UsageError> {
    let opts = Options::parse(args, &["--now", "--count", "--tz-env"])?;
    let now_ms = match opts.get("--now") {
        Some(t) => parse_ms("--now", t)?,
        // The CLI may read the clock; the simulator core never does.
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64),
    };
    let instance_zone = parse_zone(opts.get("--tz-env"))?;
    let count = parse_count(opts.get("--count"))?;
    let request: Value = serde_json::from_str(input).map_err(|e| UsageError::Input {
        expected: "a JSON request",
        reason: e.to_string(),
    })?;
    let text = |name: &str| -> Option<String> {
        match request.get(name)? {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    };
    let timeout_secs = match request.get("Timeout") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        Some(_) => None,
    };
    let req = ApiScheduleRequest {
        frequency: text("Frequency"),
        repeat_mode: text("RepeatMode"),
        timeout_secs,
        now_ms,
        instance_zone,
        count,
    };
    Ok(api_timeline(&req).to_json())
}
