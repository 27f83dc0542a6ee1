//! `runcommand-sim bench` cases for the whole pipeline (the glue's part of the benchmark).
//!
//! * **pipeline** — 100 instances × one day of a `rate(1m)` schedule: validate → render →
//!   plan → simulate → DescribeInvocationResults (144 000 runs).
//! * **re-evaluation** — validate + render for 100 instances + the next 50 fires + one
//!   simulated day with every run in full, through the JSON facade (the playground's former
//!   per-edit work: 27 MB of JSON).
//! * **lean re-evaluation** — what the playground's Executions tab does per edit now:
//!   [`api::evaluate_checked`] (validate, 50 fires, with the world read once), whose checked
//!   request goes to one simulated day kept typed ([`api::Simulated::checked`], which renders
//!   the scripts), read at its end as the executions panel reads it (overall status, per-instance rows, the timeline's rows and
//!   fire ticks; the Describe* answers are only written while open); for the 100 instances and
//!   for a preset (`rate-5m`); and the same through the JavaScript API's lean JSON text.
//! * **playback tick** — what a playback step costs: the same readings at another instant of
//!   the simulated day, with no new simulation.

use std::time::Instant;

use serde_json::{json, Value};

use crate::api::error::InputError;
use crate::api::timeline_rows::{self, Frame};
use crate::api::{self, RunDetail, SimulateOptions, Simulated};
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

/// What the playground's Executions tab computes per edit, with its world read once (as the
/// page reads it once per world edit): the evaluation (validation and 50 fires), which hands
/// the request it read and validated to one simulated day (which renders the scripts), kept
/// typed and read at its end as the executions panel reads it; returns a size to keep the work
/// alive.
pub fn lean_reevaluation_once(
    world: &Result<World, InputError>,
    request: &Value,
    now: &str,
    until: &str,
) -> usize {
    let (evaluation, checked) = api::evaluate_checked(request, world, now, 50, Default::default());
    let options = SimulateOptions {
        now: now.into(),
        ..Default::default()
    };
    let mut size = evaluation["validation"]["problems"]
        .as_array()
        .map_or(0, Vec::len);
    if let Ok(sim) = Simulated::checked(&checked, world, until, &options) {
        size += read_at(&sim, sim.horizon_ms());
    }
    size
}

/// Reads a typed simulation at `until_ms` as the executions panel does for a window as long as
/// the simulation (the overall status; each instance's row; its timeline row over 490 columns,
/// bars at least 1.5 columns wide, as [`crate::api::timeline_rows::row`] gives the timeline; the
/// fire ticks; the Describe* answers only while their section is open); returns the rows, bars,
/// cells and fires read.
pub fn read_at(sim: &Simulated, until_ms: i64) -> usize {
    let frame = Frame {
        from_ms: sim.start_ms(),
        to_ms: sim.horizon_ms(),
        until_ms,
        columns: 490,
    };
    let min_bar_ms = (1.5 / 490.0 * (frame.to_ms - frame.from_ms) as f64).ceil() as i64;
    let mut read = sim.overall_at(until_ms).as_object().map_or(0, |o| o.len());
    for index in 0..sim.instances().count() {
        read += usize::from(sim.status_at(index, until_ms).is_some());
        read += sim.run_count_at(index, until_ms);
        read += usize::from(sim.last_outcome_at(index, until_ms).is_some());
        if let Some(track) = sim.track(index) {
            let row = timeline_rows::row(track, &frame, min_bar_ms);
            read += row.bars.iter().map(|(_, bars)| bars.len()).sum::<usize>() + row.cells.len();
        }
    }
    read + sim.fires_until(until_ms).len()
}

/// The per-edit work through the JavaScript API: evaluation + the lean simulate answer as JSON
/// text; returns the text's length.
pub fn lean_text_once(world: &Value, request: &Value) -> usize {
    let evaluation = api::evaluate(request, Some(world), NOW, 50);
    let options = SimulateOptions {
        now: NOW.into(),
        ..Default::default()
    };
    let text = api::simulate_text(request, Some(world), UNTIL, &options, RunDetail::Lean);
    evaluation.to_string().len() + text.len()
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

/// Times every case (best of three, best of ten for the short ones) and renders the table.
pub fn run_simulation_bench() -> String {
    let world = bench_world();
    let request_json = bench_request();
    let Ok(request) = serde_json::from_value::<RunCommandRequest>(request_json.clone()) else {
        return "pipeline: the bench request does not parse".into();
    };
    let world_json = serde_json::to_value(&world).unwrap_or(Value::Null);
    let mut rows: Vec<(String, f64, String)> = Vec::new();
    let (ms, work) = best_of(3, || pipeline_once(&world, &request));
    rows.push((
        "pipeline 100 inst x 1 day rate(1m)".into(),
        ms,
        format!("{work} = runs + bytes of the results page"),
    ));
    let (ms, size) = best_of(3, || reevaluation_once(&world_json, &request_json));
    rows.push((
        "re-evaluation, full JSON (former UI path)".into(),
        ms,
        format!("{size} JSON bytes"),
    ));
    let read_world = Ok(world.clone());
    let (ms, runs) = best_of(3, || {
        lean_reevaluation_once(&read_world, &request_json, NOW, UNTIL)
    });
    rows.push((
        "lean re-evaluation 100 inst (UI per edit)".into(),
        ms,
        format!("evaluate + typed day; {runs} rows, bars, cells and fires read"),
    ));
    let (ms, size) = best_of(3, || lean_text_once(&world_json, &request_json));
    rows.push((
        "lean re-evaluation 100 inst, JS API text".into(),
        ms,
        format!("{size} JSON bytes"),
    ));
    let day_options = SimulateOptions {
        now: NOW.into(),
        ..Default::default()
    };
    if let Ok(sim) = Simulated::new(&request_json, Some(&world_json), UNTIL, &day_options) {
        let (ms, runs) = best_of(10, || read_at(&sim, NOW_MS + DAY_MS / 2));
        rows.push((
            "playback tick 100 inst (read at cursor)".into(),
            ms,
            format!("{runs} rows, bars, cells and fires read, no simulation"),
        ));
    }
    if let Some(preset) = crate::api::presets::by_id("rate-5m") {
        let now = preset.now.unwrap_or(NOW);
        let until = api::input::time_ms(now, "now")
            .map(|t| api::input::iso(t + DAY_MS))
            .unwrap_or_default();
        let default_world = Ok(World::default_world());
        let (ms, runs) = best_of(10, || {
            lean_reevaluation_once(&default_world, &preset.request, now, &until)
        });
        rows.push((
            "lean re-evaluation preset rate-5m (1 day)".into(),
            ms,
            format!("evaluate + typed day; {runs} rows, bars, cells and fires read"),
        ));
    }
    let mut out = format!("{:<44} {:>10}", "simulation case", "ms (best)");
    for (name, ms, note) in rows {
        out.push_str(&format!("\n{name:<44} {ms:>10.2}   ({note})"));
    }
    out
}
