//! `runcommand-sim render [--world FILE] [--seed N]`: the per-instance scripts of a request.
//!
//! Reads one SDK-style request JSON on stdin. Prints
//! `{"ok": true, "instances": [{"InstanceId", "script", "path", "commandLine", "warnings"}]}`
//! (plus `"error": {"param", "value"}` for an instance whose agent would refuse the task), or
//! `{"ok": false, "HttpStatus": …, "Body": {RequestId, HostId, Code, Message, Recommend}}` with
//! exit code 1 when the API refuses the call. Secret parameter-store values are masked.

use serde_json::json;

use super::session::world_from_args;
use super::CliOutput;
use crate::sim::ids::IdGenerator;
use crate::sim::render::{render_request, RenderIds};
use crate::sim::request::RunCommandRequest;

/// The text of `runcommand-sim render --help`.
pub const HELP: &str = "\
runcommand-sim render [--world FILE] [--seed N]

Reads one RunCommand request (SDK-style JSON) on stdin and prints, per target instance, the
script the agent would write, its path and the command line it would start.";

/// Runs `runcommand-sim render`.
pub fn run(args: &[String], stdin: &mut dyn FnMut() -> String) -> CliOutput {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return CliOutput::ok(HELP);
    }
    let (world, opts) = match world_from_args(args, HELP) {
        Ok(w) => w,
        Err(usage) => return usage,
    };
    let req = match RunCommandRequest::from_json(stdin().trim()) {
        Ok(r) => r,
        Err(e) => return CliOutput::usage_error(format!("request JSON: {e}")),
    };
    let mut gen = IdGenerator::new(opts.seed);
    let ids = RenderIds {
        command_id: gen.command_id(),
        invoke_id: gen.invoke_id(),
    };
    match render_request(&req, &world, &ids) {
        Ok(instances) => {
            let list: Vec<serde_json::Value> = instances
                .iter()
                .map(|r| {
                    let mut v = json!({
                        "InstanceId": r.instance_id,
                        "script": r.script,
                        "path": r.path,
                        "commandLine": r.command_line,
                        "warnings": r.warnings,
                    });
                    if let Some(e) = &r.error {
                        v["error"] = json!({"param": e.param, "value": e.value});
                    }
                    v
                })
                .collect();
            CliOutput::ok(json!({"ok": true, "instances": list}).to_string())
        }
        Err(e) => {
            let body = e.body(&gen.request_id());
            let out = json!({"ok": false, "HttpStatus": e.http_status(), "Body": body});
            CliOutput {
                stdout: out.to_string(),
                stderr: String::new(),
                code: 1,
            }
        }
    }
}
