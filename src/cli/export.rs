//! `runcommand-sim export --format json|query|cli [--from json|query]`: one request on stdin,
//! printed in the chosen form.

use super::usage::UsageError;
use super::CliOutput;
use crate::sim::cli_quote::aliyun_cli;
use crate::sim::request::RunCommandRequest;
use crate::sim::wire::{from_query, to_query};

/// The text of `runcommand-sim export --help`.
pub const HELP: &str = "\
runcommand-sim export --format json|query|cli [--from json|query]

Reads one RunCommand request on stdin (SDK-style JSON, or the wire query with --from query)
and prints it as JSON, as the URL-encoded RPC query, or as an `aliyun ecs RunCommand` command.";

/// Runs `runcommand-sim export`.
pub fn run(args: &[String], stdin: &mut dyn FnMut() -> String) -> CliOutput {
    let mut format = None;
    let mut from = "json".to_string();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-h" | "--help" => return CliOutput::ok(HELP),
            "--format" => format = it.next().cloned(),
            "--from" => from = it.next().cloned().unwrap_or_default(),
            other => return CliOutput::usage_error(format!("unknown option `{other}`\n\n{HELP}")),
        }
    }
    let Some(format) = format else {
        return CliOutput::usage_error(format!("--format is required\n\n{HELP}"));
    };
    let input = stdin();
    let req = match from.as_str() {
        "json" => RunCommandRequest::from_json(input.trim()).map_err(|e| UsageError::Input {
            expected: "a RunCommand request (JSON)",
            reason: e.to_string(),
        }),
        "query" => from_query(input.trim()).map_err(|e| UsageError::Input {
            expected: "a RunCommand wire query",
            reason: e.to_string(),
        }),
        other => {
            return CliOutput::usage_error(format!("--from `{other}`: expected json or query"))
        }
    };
    let req = match req {
        Ok(r) => r,
        Err(e) => return CliOutput::usage_error(e.to_string()),
    };
    match format.as_str() {
        "json" => CliOutput::ok(req.to_json()),
        "query" => CliOutput::ok(to_query(&req)),
        "cli" => CliOutput::ok(aliyun_cli(&req)),
        other => CliOutput::usage_error(format!("--format `{other}`: expected json, query or cli")),
    }
}
