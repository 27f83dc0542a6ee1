//! Which instances a request targets: `InstanceId` or `ResourceTag`, scoped by region and
//! resource group.

use crate::sim::request::{RunCommandRequest, TagInput};
use crate::sim::world::{Instance, World};

use super::formats::nonempty;

/// Whether `instance` has every wanted tag (an empty value matches any value).
pub fn tags_match(instance: &Instance, wanted: &[TagInput]) -> bool {
    wanted.iter().all(|w| {
        let key = w.key.as_deref().unwrap_or("");
        instance.tags.iter().any(|t| {
            t.key == key
                && match w.value.as_deref() {
                    None | Some("") => true,
                    Some(v) => t.value == v,
                }
        })
    })
}

/// The instance targets of a request in a world (InstanceId or ResourceTag), deduplicated,
/// without any error checks: ids that do not exist are skipped.
pub fn resolve_targets<'w>(req: &RunCommandRequest, world: &'w World) -> Vec<&'w Instance> {
    let region = req.region_id.as_deref().unwrap_or("");
    let rg = nonempty(&req.resource_group_id);
    let in_scope = |i: &Instance| -> bool {
        i.region_id == region
            && !i.faults.released
            && rg.is_none_or(|g| {
                i.resource_group_id == g
                    || world
                        .resource_group(&i.resource_group_id)
                        .is_some_and(|x| x.is_default)
            })
    };
    let mut out: Vec<&Instance> = Vec::new();
    if !req.instance_ids().is_empty() {
        for id in req.instance_ids() {
            if let Some(i) = world.instance(id).filter(|i| in_scope(i)) {
                if !out.iter().any(|o| o.instance_id == i.instance_id) {
                    out.push(i);
                }
            }
        }
    } else if !req.resource_tags().is_empty() {
        out = world
            .instances
            .iter()
            .filter(|i| in_scope(i) && tags_match(i, req.resource_tags()))
            .collect();
    }
    out
}
