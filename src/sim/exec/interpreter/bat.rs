//! Bat subset.
use super::{ScriptEnv, ScriptRun};
/// Runs a Bat script.
pub fn run(_script: &str, _env: &ScriptEnv) -> ScriptRun {
    ScriptRun::default()
}
