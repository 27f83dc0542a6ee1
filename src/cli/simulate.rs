//! `runcommand-sim simulate [--world FILE] [--now RFC3339] [--until RFC3339] [--seed N]
//! [--events FILE] [--lean]`: one request JSON on stdin, the facade's [`crate::api::simulate`]
//! JSON (or its lean form, [`crate::api::RunDetail::Lean`]) on stdout (exit code 1 when the
//! answer is `"ok": false`).

use serde_json::Value;

use super::usage::UsageError;
use super::CliOutput;
use crate::api::{self, RunDetail, SimulateOptions};
use crate::sim::time::{format_rfc3339_ms, parse_rfc3339_ms};

/// The text of `runcommand-sim simulate --help`.
pub const HELP: &str = "\
runcommand-sim simulate [--world FILE] [--now RFC3339] [--until RFC3339] [--seed N] [--events FILE]
                        [--lean]

Reads one RunCommand request (SDK-style JSON) on stdin, validates, renders, schedules and
simulates it from --now (the RunCommand call; default: the current time) until --until
(default: --now + 1 hour), and prints per-instance runs plus the DescribeInvocations and
DescribeInvocationResults responses at --until.
--world FILE   a world JSON replacing the embedded default account
--seed N       seed of the delivery latencies (default 0)
--events FILE  a JSON array of user events:
               {\"at\": RFC3339, \"action\": \"StopInvocation\", \"InstanceId\": [..]?}
               {\"at\": RFC3339, \"action\": \"RebootInstance\", \"InstanceId\": \"i-...\"}
--lean         lean runs, as a timeline needs them: {startMs, endMs, status, exitCode, stopMs}
               (no output, notes or error texts; instances without notes)";

#[derive(Default)]
struct Options {
    world: Option<String>,
    now: Option<String>,
    until: Option<String>,
    seed: u64,
    events: Option<String>,
    lean: bool,
}

fn parse(args: &[String]) -> Result<Options, UsageError> {
    let mut o = Options::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| UsageError::MissingValue(a.clone()))
        };
        match a.as_str() {
            "--world" => o.world = Some(value()?),
            "--now" => o.now = Some(value()?),
            "--until" => o.until = Some(value()?),
            "--events" => o.events = Some(value()?),
            "--lean" => o.lean = true,
            "--seed" => {
                let v = value()?;
                o.seed = v.parse().map_err(|_| UsageError::BadValue {
                    option: "--seed",
                    value: v,
                    expected: "a number",
                })?;
            }
            other => return Err(UsageError::UnknownOption(other.to_string())),
        }
    }
    Ok(o)
}

fn read_json(file: &str) -> Result<Value, UsageError> {
    let failed = |reason: String| UsageError::File {
        path: file.to_string(),
        reason,
    };
    let text = std::fs::read_to_string(file).map_err(|e| failed(format!("cannot read: {e}")))?;
    serde_json::from_str(&text).map_err(|e| failed(format!("not JSON: {e}")))
}

/// Runs `runcommand-sim simulate`.
pub fn run(args: &[String], stdin: &mut dyn FnMut() -> String) -> CliOutput {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return CliOutput::ok(HELP);
    }
    let opts = match parse(args) {
        Ok(o) => o,
        Err(e) => return CliOutput::usage_error(format!("{e}\n\n{HELP}")),
    };
    let world = match opts.world.as_deref().map(read_json).transpose() {
        Ok(w) => w,
        Err(e) => return CliOutput::usage_error(e.to_string()),
    };
    let events = match opts.events.as_deref().map(read_json).transpose() {
        Ok(None) => Vec::new(),
        Ok(Some(Value::Array(list))) => list,
        Ok(Some(_)) => return CliOutput::usage_error("--events: expected a JSON array"),
        Err(e) => return CliOutput::usage_error(e.to_string()),
    };
    // The CLI may read the clock; the simulator core never does.
    let now = opts.now.unwrap_or_else(|| {
        let ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        format_rfc3339_ms(ms)
    });
    let until = match opts.until {
        Some(u) => u,
        None => match parse_rfc3339_ms(&now) {
            Ok(ms) => format_rfc3339_ms(ms.saturating_add(3_600_000)),
            Err(e) => {
                let e = UsageError::Time {
                    option: "--now",
                    value: now,
                    reason: e.to_string(),
                };
                return CliOutput::usage_error(e.to_string());
            }
        },
    };
    let request: Value = match serde_json::from_str(stdin().trim()) {
        Ok(v) => v,
        Err(e) => {
            let e = UsageError::Input {
                expected: "a JSON request",
                reason: e.to_string(),
            };
            return CliOutput::usage_error(e.to_string());
        }
    };
    let detail = if opts.lean {
        RunDetail::Lean
    } else {
        RunDetail::Full
    };
    let options = SimulateOptions {
        now,
        events,
        seed: opts.seed,
    };
    // Written as text directly (no JSON value of the whole answer in between).
    let world = api::input::world(world.as_ref());
    let (out, code) = match api::Simulated::in_world(&request, &world, &until, &options) {
        Ok(simulated) => (simulated.answer_text_at(simulated.horizon_ms(), detail), 0),
        Err(e) => (e.answer().to_string(), 1),
    };
    CliOutput {
        stdout: out,
        stderr: String::new(),
        code,
    }
}
