//! `runcommand-sim export` (being written).

use super::CliOutput;

/// Runs `runcommand-sim export`.
pub fn run(_args: &[String], _stdin: &mut dyn FnMut() -> String) -> CliOutput {
    CliOutput::usage_error("`export` is not available yet")
}
