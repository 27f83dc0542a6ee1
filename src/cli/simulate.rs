//! `runcommand-sim simulate` (being written).

use super::CliOutput;

/// Runs `runcommand-sim simulate`.
pub fn run(_args: &[String], _stdin: &mut dyn FnMut() -> String) -> CliOutput {
    CliOutput::usage_error("`simulate` is not available yet")
}
