//! A large world loads in time linear in its size.

use runcommand_playground::sim::world::{Instance, World, WorldError};
use std::time::Instant;

/// The default world with `n` small instances `i-large00000000`, `i-large00000001`, …
fn world_of(n: usize) -> World {
    let mut world = World::default_world();
    let template = Instance {
        tags: Vec::new(),
        users: Vec::new(),
        directories: Vec::new(),
        containers: Vec::new(),
        ..world.instances[0].clone()
    };
    world.instances = (0..n)
        .map(|k| Instance {
            instance_id: format!("i-large{k:08}"),
            ..template.clone()
        })
        .collect();
    world
}

/// 80,000 instances: the consistency checks find duplicates through a hash set (comparing each
/// id with all earlier ones is 3.2 billion comparisons), and the JSON text loads.
#[test]
fn a_world_of_80000_instances_loads() {
    let mut world = world_of(80_000);
    let started = Instant::now();
    assert_eq!(world.problems(), Vec::<String>::new());
    let took = started.elapsed();
    assert!(
        took.as_secs() < 3,
        "checking 80,000 instances took {took:?}"
    );

    let text = serde_json::to_string(&world).unwrap();
    assert!(text.len() < 30_000_000, "{}", text.len());
    let read = World::from_json(&text).unwrap();
    assert_eq!(read.instances.len(), 80_000);
    assert_eq!(read.instances[79_999].instance_id, "i-large00079999");

    world.instances[79_999].instance_id = "i-large00000007".into();
    let text = serde_json::to_string(&world).unwrap();
    assert_eq!(
        World::from_json(&text),
        Err(WorldError::Invalid(vec![
            "instances[79999] `i-large00000007`: instanceId is listed twice".into()
        ]))
    );
}
