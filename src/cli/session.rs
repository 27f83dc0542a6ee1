//! `runcommand-sim session [--world FILE] [--seed N]`: JSON Lines in, JSON Lines out.
//!
//! Each input line is `{"at": "<RFC 3339>", "action": "RunCommand", "request": {…}}` (actions:
//! [`crate::sim::session::ACTIONS`]); each output line is `{"HttpStatus": 200, "Body": {…}}`.
//! Describe*/StopInvocation answer with the state at the line's `at`. A line that cannot be read gives an error
//! line (`Simulator.MalformedInput`), never a crash: a line that is not UTF-8 or not JSON
//! is answered with an error and the session goes on. Answers are written (and flushed) line
//! by line. Blank lines are skipped.

use std::fmt;
use std::io::{BufRead, Write};

use chrono::{DateTime, Utc};

use super::usage::UsageError;
use super::CliOutput;
use crate::sim::error::{ApiError, ApiErrorCode};
use crate::sim::session::Session;
use crate::sim::world::{World, WorldError};

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

/// Parses `--world FILE` and `--seed N`.
pub(crate) fn parse_world_options(args: &[String]) -> Result<WorldOptions, UsageError> {
    let mut o = WorldOptions::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or_else(|| UsageError::MissingValue(a.clone()));
        match a.as_str() {
            "--world" => o.world_file = Some(value()?.clone()),
            "--seed" => {
                let v = value()?;
                o.seed = v.parse().map_err(|_| UsageError::BadValue {
                    option: "--seed",
                    value: v.clone(),
                    expected: "a number",
                })?;
            }
            other => return Err(UsageError::UnknownOption(other.to_string())),
        }
    }
    Ok(o)
}

/// Loads the world named by the options (the embedded one by default).
pub(crate) fn load_world(o: &WorldOptions) -> Result<World, UsageError> {
    match &o.world_file {
        None => Ok(World::default_world()),
        Some(f) => {
            let file_error = |reason: String| UsageError::File {
                path: f.clone(),
                reason,
            };
            let text = std::fs::read_to_string(f)
                .map_err(|e| file_error(format!("cannot be read: {e}")))?;
            world_from_text(&text).map_err(|e| file_error(e.to_string()))
        }
    }
}

/// A world read from its JSON text: the answer of [`World::from_json`], faster. The text is
/// read straight into the world's types, without the JSON tree `from_json` builds first (a
/// large world then takes about half the time and memory); a text that does not read that way
/// is read again by `from_json`, whose message names the place of the problem.
pub fn world_from_text(text: &str) -> Result<World, WorldError> {
    match serde_json::from_str::<World>(text) {
        Ok(world) => {
            let problems = world.problems();
            if problems.is_empty() {
                Ok(world)
            } else {
                Err(WorldError::Invalid(problems))
            }
        }
        Err(_) => World::from_json(text),
    }
}

/// The answer to one input line (`n` counts from 1), or `None` for a blank line.
pub fn answer_line(session: &mut Session, n: usize, line: &[u8]) -> Option<String> {
    let parsed = match std::str::from_utf8(line) {
        Ok(text) if text.trim().is_empty() => return None,
        Ok(text) => parse_line(text),
        Err(e) => Err(LineError::NotUtf8(e.valid_up_to())),
    };
    let response = match parsed {
        Ok((at, action, request)) => session.call(at, &action, &request),
        Err(why) => {
            let e =
                ApiError::with_detail(ApiErrorCode::MalformedInput, &format!("line {n}: {why}"));
            session.error_response(&e)
        }
    };
    Some(serde_json::to_string(&response).unwrap_or_default())
}

/// Runs the session over `input`, writing each answer (one JSON line) as soon as its line is
/// read; a line that is not UTF-8 or not JSON gets an error line and the session goes on.
pub fn run_stream(
    session: &mut Session,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> std::io::Result<()> {
    let mut line = Vec::new();
    let mut n = 0;
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        n += 1;
        let text = line.strip_suffix(b"\n").unwrap_or(&line);
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        if let Some(answer) = answer_line(session, n, text) {
            writeln!(output, "{answer}")?;
            output.flush()?;
        }
    }
}

/// Runs the session over `input` lines (see [`run_stream`]).
pub fn run_lines(session: &mut Session, input: &[u8]) -> String {
    let mut out = Vec::new();
    let mut reader = input;
    // Writing to memory cannot fail.
    let _ = run_stream(session, &mut reader, &mut out);
    String::from_utf8_lossy(&out).trim_end().to_string()
}

fn parse_line(line: &str) -> Result<(DateTime<Utc>, String, serde_json::Value), LineError> {
    let v: serde_json::Value =
        serde_json::from_str(line).map_err(|e| LineError::NotJson(e.to_string()))?;
    let at = v
        .get("at")
        .and_then(|a| a.as_str())
        .ok_or(LineError::MissingAt)?;
    let at = DateTime::parse_from_rfc3339(at)
        .map_err(|e| LineError::BadAt {
            at: at.to_string(),
            reason: e.to_string(),
        })?
        .with_timezone(&Utc);
    let action = v
        .get("action")
        .and_then(|a| a.as_str())
        .ok_or(LineError::MissingAction)?;
    let request = v
        .get("request")
        .cloned()
        .unwrap_or_else(|| serde_json::json!({}));
    if !request.is_object() {
        return Err(LineError::RequestNotObject);
    }
    Ok((at, action.to_string(), request))
}

/// A session line that is not a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineError {
    /// The line is not UTF-8 (the offset of the first bad byte).
    NotUtf8(usize),
    /// The line is not JSON (serde's reason).
    NotJson(String),
    /// `"at"` is missing or not a string.
    MissingAt,
    /// `"at"` is not an RFC 3339 time.
    BadAt {
        /// What was given.
        at: String,
        /// chrono's reason.
        reason: String,
    },
    /// `"action"` is missing or not a string.
    MissingAction,
    /// `"request"` is not a JSON object.
    RequestNotObject,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotUtf8(offset) => write!(f, "not UTF-8 (invalid byte at offset {offset})"),
            Self::NotJson(reason) => write!(f, "not JSON: {reason}"),
            Self::MissingAt => f.write_str("missing \"at\" (RFC 3339 time)"),
            Self::BadAt { at, reason } => write!(f, "\"at\" `{at}` is not RFC 3339: {reason}"),
            Self::MissingAction => f.write_str("missing \"action\""),
            Self::RequestNotObject => f.write_str("\"request\" must be a JSON object"),
        }
    }
}

impl std::error::Error for LineError {}

/// The world and options named by `--world FILE` / `--seed N`, or the usage error to print.
pub fn world_from_args(args: &[String], help: &str) -> Result<(World, WorldOptions), CliOutput> {
    let opts =
        parse_world_options(args).map_err(|e| CliOutput::usage_error(format!("{e}\n\n{help}")))?;
    let world = load_world(&opts).map_err(|e| CliOutput::usage_error(e.to_string()))?;
    Ok((world, opts))
}

/// Runs `runcommand-sim session` over `input`, answering each line on `output` as it is read.
/// Returns the exit code; usage errors go to `error`.
pub fn run(
    args: &[String],
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    error: &mut dyn Write,
) -> i32 {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        let _ = writeln!(output, "{HELP}");
        return 0;
    }
    let (world, opts) = match world_from_args(args, HELP) {
        Ok(w) => w,
        Err(usage) => {
            let _ = writeln!(error, "{}", usage.stderr);
            return usage.code;
        }
    };
    let mut session = Session::new(world, opts.seed);
    match run_stream(&mut session, input, output) {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(error, "runcommand-sim session: {e}");
            1
        }
    }
}
