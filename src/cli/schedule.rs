//! `runcommand-sim agent-schedule` and `runcommand-sim schedule` (being written).

use super::CliOutput;

/// Runs `runcommand-sim agent-schedule`.
pub fn run_agent(_args: &[String]) -> CliOutput {
    CliOutput::usage_error("`agent-schedule` is not available yet")
}

/// Runs `runcommand-sim schedule`.
pub fn run_api(_args: &[String], _stdin: &mut dyn FnMut() -> String) -> CliOutput {
    CliOutput::usage_error("`schedule` is not available yet")
}
