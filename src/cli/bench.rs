//! `runcommand-sim bench` (being written).

use super::CliOutput;

/// Runs `runcommand-sim bench`.
pub fn run(_args: &[String]) -> CliOutput {
    CliOutput::usage_error("`bench` is not available yet")
}
