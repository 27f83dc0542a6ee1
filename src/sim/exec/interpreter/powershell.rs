//! PowerShell subset.
use super::{ScriptEnv, ScriptRun};
/// Runs a PowerShell script.
pub fn run(_script: &str, _env: &ScriptEnv) -> ScriptRun {
    ScriptRun::default()
}
