//! `runcommand-sim session [--world FILE] [--seed N]`: JSON Lines in, JSON Lines out.
//!
//! Each input line is `{"at": "<RFC 3339>", "action": "RunCommand", "request": {…}}` (actions:
//! [`crate::sim::session::ACTIONS`]); each output line is `{"HttpStatus": 200, "Body": {…}}`.
//! Describe*/StopInvocation answer with the state at the line's `at`. A line that cannot be read gives an error
//! line (`Simulator.MalformedInput`), never a crash. Blank lines are skipped.

use chrono::{DateTime, Utc};

use super::CliOutput;
use crate::sim::error::{ApiError, ApiErrorCode};
use crate::sim::session::Session;
use crate::sim::world::World;

/// The text of `runcommand-sim session --help`.
pub const HELP: &str = "\
runcommand-sim session [--world FILE] [--seed N]

Reads JSON Lines on stdin, one API call per line:
  {\"at\": \"2026-01-01T00:00:00Z\", \"action\": \"RunCommand\", \"request\": {...}}
and writes one JSON line per call: {\"HttpStatus\": 200, \"Body\": {...}}.
Actions: RunCommand, InvokeCommand, DescribeInvocations, DescribeInvocationResults,
StopInvocation (SDK-style requests) and RebootInstance ({\"InstanceId\": \"i-...\"}); the
Describe*/Stop calls answer with the simulated state at their \"at\" instant.
--world FILE  a world JSON replacing the embedded default account
--seed N      seed of the generated ids (default 0)";

/// Options shared by the commands that take a world.
#[derive(Debug, Clone, Default)]
pub struct WorldOptions {
    /// `--world FILE`.
    pub world_file: Option<String>,
    /// `--seed N`.
    pub seed: u64,
}

/// Parses `--world FILE` and `--seed N`; `Err` is a usage message.
pub fn parse_world_options(args: &[String]) -> Result<WorldOptions, String> {
    let mut o = WorldOptions::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--world" => o.world_file = Some(it.next().ok_or("--world needs a file")?.clone()),
            "--seed" => {
                let v = it.next().ok_or("--seed needs a number")?;
                o.seed = v
                    .parse()
                    .map_err(|_| format!("--seed `{v}` is not a number"))?;
            }
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(o)
}

/// Loads the world named by the options (the embedded one by default).
pub fn load_world(o: &WorldOptions) -> Result<World, String> {
    match &o.world_file {
        None => Ok(World::default_world()),
        Some(f) => {
            let text = std::fs::read_to_string(f).map_err(|e| format!("cannot read {f}: {e}"))?;
            World::from_json(&text).map_err(|e| format!("{f}: {e}"))
        }
    }
}

/// Runs the session over `input` lines.
pub fn run_lines(session: &mut Session, input: &str) -> String {
    let mut out = Vec::new();
    for (n, line) in input.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let response = match parse_line(line) {
            Ok((at, action, request)) => session.call(at, &action, &request),
            Err(why) => {
                let e = ApiError::with_detail(
                    ApiErrorCode::MalformedInput,
                    &format!("line {}: {why}", n + 1),
                );
                session.error_response(&e)
            }
        };
        out.push(serde_json::to_string(&response).unwrap_or_default());
    }
    out.join("\n")
}

fn parse_line(line: &str) -> Result<(DateTime<Utc>, String, serde_json::Value), String> {
    let v: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let at = v
        .get("at")
        .and_then(|a| a.as_str())
        .ok_or("missing \"at\" (RFC 3339 time)")?;
    let at = DateTime::parse_from_rfc3339(at)
        .map_err(|e| format!("\"at\" `{at}` is not RFC 3339: {e}"))?
        .with_timezone(&Utc);
    let action = v
        .get("action")
        .and_then(|a| a.as_str())
        .ok_or("missing \"action\"")?;
    let request = v
        .get("request")
        .cloned()
        .unwrap_or_else(|| serde_json::json!({}));
    if !request.is_object() {
        return Err("\"request\" must be a JSON object".into());
    }
    Ok((at, action.to_string(), request))
}

/// The world and options named by `--world FILE` / `--seed N`, or the usage error to print.
pub fn world_from_args(args: &[String], help: &str) -> Result<(World, WorldOptions), CliOutput> {
    let opts =
        parse_world_options(args).map_err(|e| CliOutput::usage_error(format!("{e}\n\n{help}")))?;
    let world = load_world(&opts).map_err(CliOutput::usage_error)?;
    Ok((world, opts))
}

/// Runs `runcommand-sim session`.
pub fn run(args: &[String], stdin: &mut dyn FnMut() -> String) -> CliOutput {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return CliOutput::ok(HELP);
    }
    let (world, opts) = match world_from_args(args, HELP) {
        Ok(w) => w,
        Err(usage) => return usage,
    };
    let mut session = Session::new(world, opts.seed);
    CliOutput::ok(run_lines(&mut session, &stdin()))
}
