//! The benchmark workload: 100 instances × one day of a `rate(1m)` schedule.

use super::engine::Simulation;
use super::plan::{InstancePlan, InvocationPlan, RepeatMode};
use super::responses::{describe_invocation_results, DescribeInvocationResultsQuery, Paging};
use super::timing::{fnv1a, splitmix64};

/// Instances in the workload.
pub const BENCH_INSTANCES: usize = 100;
/// Fires per instance: one day of `rate(1m)` (the first fire one minute after creation).
pub const BENCH_FIRES: usize = 1440;

/// Simulates 100 instances running `echo tick $HOME; sleep 2; echo done` every 60 s for a day,
/// then builds the last page of `DescribeInvocationResults` with history, and returns a checksum
/// over every run's times, status and exit code. Pure and deterministic.
pub fn benchmark_workload() -> u64 {
    let creation_ms: i64 = 1_767_225_600_000; // 2026-01-01T00:00:00Z
    let fires: Vec<i64> = (1..=BENCH_FIRES as i64)
        .map(|k| creation_ms + k * 60_000)
        .collect();
    let instances = (0..BENCH_INSTANCES)
        .map(|n| InstancePlan {
            fire_instants_ms: fires.as_slice().into(),
            ..InstancePlan::new(
                &format!("i-bench{n:04}"),
                "echo tick $HOME; sleep 2; echo done",
            )
        })
        .collect();
    let plan = InvocationPlan {
        repeat_mode: RepeatMode::Period,
        frequency: "rate(1m)".into(),
        schedule_ends: true,
        ..InvocationPlan::once("t-bench", creation_ms, instances)
    };
    let horizon = creation_ms + (BENCH_FIRES as i64 + 1) * 60_000;
    let sim = Simulation::new(vec![plan], Vec::new(), 42, horizon);
    let mut sum: u64 = 0;
    for (_, tracks) in sim.invocations() {
        for track in tracks {
            for run in track.runs_at(horizon) {
                let parts = [
                    run.start_ms.unwrap_or(-1) as u64,
                    run.end_ms.unwrap_or(-1) as u64,
                    run.exit_code.unwrap_or(-1) as u64,
                    fnv1a(run.final_status.map_or("", |s| s.as_str())),
                ];
                for part in parts {
                    sum = splitmix64(sum ^ part);
                }
            }
        }
    }
    let query = DescribeInvocationResultsQuery {
        invoke_id: Some("t-bench".into()),
        include_history: true,
        paging: Paging {
            page_number: 2880,
            page_size: 50,
        },
        ..Default::default()
    };
    if let Ok(body) = describe_invocation_results(&sim, &query, horizon, "BENCH") {
        sum = splitmix64(sum ^ fnv1a(&body.to_string()));
    }
    sum
}
