//! Which instances a request targets: `InstanceId` or `ResourceTag`, scoped by region and
//! resource group.

use crate::sim::request::{RunCommandRequest, TagInput};
use crate::sim::world::{Instance, World};

use super::formats::nonempty;
use super::MAX_TAGS;
use std::collections::HashMap;

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
/// without any error checks: ids that do not exist are skipped; a `ResourceTag` list beyond its
/// count limit selects nothing.
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
        // The first instance of each id (ids are unique in a valid world).
        let mut fleet: HashMap<&str, usize> = HashMap::with_capacity(world.instances.len());
        for (k, i) in world.instances.iter().enumerate().rev() {
            fleet.insert(&i.instance_id, k);
        }
        let mut taken = vec![false; world.instances.len()];
        for id in req.instance_ids() {
            let Some(&k) = fleet.get(id.as_str()) else {
                continue;
            };
            let i = &world.instances[k];
            if in_scope(i) && !taken[k] {
                taken[k] = true;
                out.push(i);
            }
        }
    } else if (1..=MAX_TAGS).contains(&req.resource_tags().len()) {
        // Beyond the tag limit the call is refused: the fleet is not matched against the list.
        out = world
            .instances
            .iter()
            .filter(|i| in_scope(i) && tags_match(i, req.resource_tags()))
            .collect();
    }
    out
}
