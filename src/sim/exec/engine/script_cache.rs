//! The scripts of a simulation, interpreted once per (plan, instance) and shared by all their
//! runs.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::sim::exec::interpreter::{interpret, ScriptEnv, ScriptRun};
use crate::sim::exec::plan::{InstancePlan, InvocationPlan};

/// A script interpreted once: what it does and its output pieces (offset, text), shared by
/// all its runs.
#[derive(Debug, Clone)]
pub(super) struct Script {
    pub(super) run: Arc<ScriptRun>,
    pub(super) pieces: Arc<[(i64, Arc<str>)]>,
}

/// The scripts of a simulation by (plan, instance), kept from one computation of its history
/// to the next (plans are only ever added).
#[derive(Debug, Clone, Default)]
pub struct ScriptCache(BTreeMap<(usize, usize), Script>);

/// A cache is not part of what a simulation is: any two are equal.
impl PartialEq for ScriptCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for ScriptCache {}

impl ScriptCache {
    /// The script of `inst` in `plan`, at `key` (plan index, instance index).
    pub(super) fn get(
        &mut self,
        key: (usize, usize),
        plan: &InvocationPlan,
        inst: &InstancePlan,
    ) -> Script {
        self.0
            .entry(key)
            .or_insert_with(|| {
                let run = script_for(plan, inst);
                let pieces = run
                    .output
                    .iter()
                    .map(|p| (p.at_offset_ms, Arc::from(p.text.as_str())))
                    .collect();
                Script {
                    run: Arc::new(run),
                    pieces,
                }
            })
            .clone()
    }
}

/// What `inst`'s script of `plan` does when it runs.
fn script_for(plan: &InvocationPlan, inst: &InstancePlan) -> ScriptRun {
    let env = ScriptEnv::for_run(
        plan.command_type,
        &plan.username,
        &plan.working_dir,
        &inst.instance_id,
        &inst.instance_name,
    );
    interpret(plan.command_type, &inst.script, env)
}
