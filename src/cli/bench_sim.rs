//! `runcommand-sim bench` cases for the whole pipeline (the glue's part of the benchmark).
//!
//! * **pipeline** — 100 instances × one day of a `rate(1m)` schedule: validate → render →
//!   plan → simulate → DescribeInvocationResults (144 000 runs).
//! * **re-evaluation** — what the playground redoes when the form changes: validate + render
//!   for 100 instances + the next 50 fires + one simulated day, through the JSON facade.

use std::time::Instant;

use serde_json::{json, Value};

use crate::api::{self, SimulateOptions};
use crate::sim::exec::{describe_invocation_results, DescribeInvocationResultsQuery, Simulation};
use crate::sim::invocation::{plan_invocation, PlanContext};
use crate::sim::render::render_validated;
use crate::sim::request::RunCommandRequest;
use crate::sim::validate::{validate, Usage};
use crate::sim::world::World;

/// Instances of the benchmark world.
pub const BENCH_INSTANCES: usize = 100;
const NOW: &str = "2026-03-01T00:00:00Z";
const UNTIL: &str = "2026-03-02T00:00:00Z";
const NOW_MS: i64 = 1_772_323_200_000;
const DAY_MS: i64 = 86_400_000;

/// The default world with `BENCH_INSTANCES` copies of web-1 (`i-bench0000000000NN`).
pub fn bench_world() -> World {
    let mut world = World::default_world();
    if let Some(template) = world.instances.first().cloned() {
        for n in 0..BENCH_INSTANCES {
            let mut i = template.clone();
            i.instance_id = format!("i-bench{n:013}");
            i.name = format!("bench-{n}");
            world.instances.push(i);
        }
    }
    world
}

/// The benchmark request: `rate(1m)` on every bench instance, with a parameter.
pub fn bench_request() -> Value {
    let ids: Vec<String> = (0..BENCH_INSTANCES)
        .map(|n| format!("i-bench{n:013}"))
        .collect();
    json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript", "Name": "health",
           "CommandContent": "echo checking {{ACS::InstanceName}}\necho {{target}} ok",
           "EnableParameter": true, "Parameters": {"target": "nginx"},
           "Frequency": "rate(1m)", "Timeout": 30, "InstanceId": ids})
}

/// One full pipeline run; returns the number of result rows (to keep the work alive).
pub fn pipeline_once(world: &World, request: &RunCommandRequest) -> usize {
    let Ok(v) = validate(request, world, &Usage::default()) else {
        return 0;
    };
    let ids = api::facade_ids();
    let rendered = render_validated(&v, world, &ids);
    let planned = plan_invocation(&PlanContext {
        validated: &v,
        world,
        rendered: &rendered,
        command_id: &ids.command_id,
        invoke_id: &ids.invoke_id,
        creation_ms: NOW_MS,
        horizon_ms: NOW_MS + DAY_MS,
    });
    let runs: usize = planned
        .plan
        .instances
        .iter()
        .map(|i| i.fire_instants_ms.len())
        .sum();
    let sim = Simulation::new(vec![planned.plan], Vec::new(), 0, NOW_MS + DAY_MS);
    let query = DescribeInvocationResultsQuery {
        invoke_id: Some(ids.invoke_id.clone()),
        ..Default::default()
    };
    let body = describe_invocation_results(&sim, &query, NOW_MS + DAY_MS, "BENCH");
    runs + body.map(|b| b.to_string().len()).unwrap_or(0)
}

/// One re-evaluation through the facade; returns a size to keep the work alive.
pub fn reevaluation_once(world: &Value, request: &Value) -> usize {
    let v = api::validate(request, Some(world));
    let r = api::render(request, Some(world));
    let s = api::schedule(request, Some(world), NOW, 50);
    let sim = api::simulate(
        request,
        Some(world),
        UNTIL,
        &SimulateOptions {
            now: NOW.into(),
            ..Default::default()
        },
    );
    v.to_string().len() + r.to_string().len() + s.to_string().len() + sim.to_string().len()
}

fn best_of<F: FnMut() -> usize>(runs: usize, mut f: F) -> (f64, usize) {
    let mut best = f64::INFINITY;
    let mut last = 0;
    for _ in 0..runs {
        let t0 = Instant::now();
        last = std::hint::black_box(f());
        best = best.min(t0.elapsed().as_secs_f64() * 1000.0);
    }
    (best, last)
}

/// Times both cases (best of three) and renders the table.
pub fn run_simulation_bench() -> String {
    let world = bench_world();
    let request_json = bench_request();
    let Ok(request) = serde_json::from_value::<RunCommandRequest>(request_json.clone()) else {
        return "pipeline: the bench request does not parse".into();
    };
    let world_json = serde_json::to_value(&world).unwrap_or(Value::Null);
    let (pipeline_ms, work) = best_of(3, || pipeline_once(&world, &request));
    let (reeval_ms, size) = best_of(3, || reevaluation_once(&world_json, &request_json));
    format!(
        "{:<44} {:>10}\n{:<44} {:>10.1}   ({} = runs + bytes of the results page)\n{:<44} {:>10.1}   ({} JSON bytes)",
        "simulation case",
        "ms (best of 3)",
        "pipeline 100 inst x 1 day rate(1m)",
        pipeline_ms,
        work,
        "re-evaluation (validate+render+50 fires+day)",
        reeval_ms,
        size
    )
}
