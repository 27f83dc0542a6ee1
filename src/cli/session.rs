//! `runcommand-sim session` (being written).

use super::CliOutput;

/// Runs `runcommand-sim session`.
pub fn run(_args: &[String], _stdin: &mut dyn FnMut() -> String) -> CliOutput {
    CliOutput::usage_error("`session` is not available yet")
}
