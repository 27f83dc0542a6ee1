//! `runcommand-sim render` (being written).

use super::CliOutput;

/// Runs `runcommand-sim render`.
pub fn run(_args: &[String], _stdin: &mut dyn FnMut() -> String) -> CliOutput {
    CliOutput::usage_error("`render` is not available yet")
}
