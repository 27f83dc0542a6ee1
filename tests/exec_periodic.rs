//! Periodic executions: fires from the schedule engine, skip-if-still-running, history.

use runcommand_playground::sim::exec::*;
use serde_json::Value;

const T0: i64 = 1_767_225_600_000;

fn periodic(script: &str, fires: Vec<i64>, timeout_s: i64, schedule_ends: bool) -> Simulation {
    let mut inst = InstancePlan::new("i-1", script);
    inst.fire_instants_ms = fires.into();
    let plan = InvocationPlan {
        repeat_mode: RepeatMode::Period,
        frequency: "rate(1m)".into(),
        timeout_s,
        schedule_ends,
        ..InvocationPlan::once("t-p", T0, vec![inst])
    };
    Simulation::new(vec![plan], vec![], 3, T0 + 3_600_000)
}

fn every_minute(count: i64) -> Vec<i64> {
    (1..=count).map(|k| T0 + k * 60_000).collect()
}

fn history(sim: &Simulation, at: i64) -> Vec<Value> {
    let query = DescribeInvocationResultsQuery {
        invoke_id: Some("t-p".into()),
        include_history: true,
        content_encoding: ContentEncoding::PlainText,
        paging: Paging {
            page_number: 1,
            page_size: 50,
        },
        ..Default::default()
    };
    describe_invocation_results(sim, &query, at, "R").unwrap()["Invocation"]["InvocationResults"]
        ["InvocationResult"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn runs_start_at_each_fire_instant() {
    let sim = periodic("echo tick", every_minute(3), 60, false);
    let rows = history(&sim, T0 + 3_600_000);
    let starts: Vec<&str> = rows
        .iter()
        .map(|r| r["StartTime"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        vec![
            "2026-01-01T00:01:00Z",
            "2026-01-01T00:02:00Z",
            "2026-01-01T00:03:00Z"
        ]
    );
    let ordinals: Vec<i64> = rows
        .iter()
        .map(|r| r["Repeats"].as_i64().unwrap())
        .collect();
    assert_eq!(ordinals, vec![1, 2, 3]);
}

#[test]
fn a_fire_while_the_previous_run_is_going_is_skipped() {
    // Each run takes 90 s; fires every 60 s: the fires at +2, +4 min land mid-run.
    let sim = periodic("sleep 90", every_minute(5), 120, false);
    let track = sim.track("t-p", "i-1").unwrap();
    let starts: Vec<i64> = track.all_runs().map(|r| r.start_ms.unwrap()).collect();
    assert_eq!(starts, vec![T0 + 60_000, T0 + 180_000, T0 + 300_000]);
    assert_eq!(track.skipped_fires_ms, vec![T0 + 120_000, T0 + 240_000]);
    // Skipped fires leave no record (agent-behaviour §1.1).
    assert_eq!(history(&sim, T0 + 3_600_000).len(), 3);
}

#[test]
fn a_fire_exactly_at_the_end_of_the_previous_run_is_skipped() {
    // The agent still holds the task while it sends the final report, so a run as long as
    // the period makes the next fire land on a running task.
    let sim = periodic("sleep 60", every_minute(3), 120, false);
    let track = sim.track("t-p", "i-1").unwrap();
    assert_eq!(track.run_count(), 2);
    assert_eq!(track.skipped_fires_ms, vec![T0 + 120_000]);
}

#[test]
fn status_between_runs_is_scheduled_and_running_during_one() {
    let sim = periodic("sleep 10; exit 1", every_minute(3), 60, false);
    let query = DescribeInvocationsQuery {
        invoke_id: Some("t-p".into()),
        ..Default::default()
    };
    let at = |t: i64| describe_invocations(&sim, &query, t, "R").unwrap();
    let inv = |b: &Value| b["Invocations"]["Invocation"][0].clone();
    let before = at(T0 + 30_000);
    assert_eq!(inv(&before)["InvocationStatus"], "Scheduled");
    assert_eq!(inv(&before)["InvokeStatus"], "Running");
    assert_eq!(inv(&before)["Timed"], true);
    let running = at(T0 + 65_000);
    assert_eq!(inv(&running)["InvocationStatus"], "Running");
    let between = at(T0 + 90_000);
    let row = &inv(&between)["InvokeInstances"]["InvokeInstance"][0];
    assert_eq!(row["InvocationStatus"], "Scheduled");
    assert_eq!(row["Repeats"], 1);
    assert_eq!(row["ExitCode"], 1, "the last run's result stays visible");
    // The schedule continues beyond the list: still Scheduled after the last fire.
    let late = at(T0 + 3_600_000);
    assert_eq!(inv(&late)["InvocationStatus"], "Scheduled");
}

#[test]
fn an_ended_schedule_takes_the_last_runs_status() {
    let sim = periodic("exit 1", every_minute(2), 60, true);
    let query = DescribeInvocationsQuery {
        invoke_id: Some("t-p".into()),
        ..Default::default()
    };
    let body = describe_invocations(&sim, &query, T0 + 3_600_000, "R").unwrap();
    let inv = &body["Invocations"]["Invocation"][0];
    assert_eq!(inv["InvocationStatus"], "Failed");
    assert_eq!(inv["Timed"], false);
}

#[test]
fn stopping_a_periodic_task_cancels_future_runs() {
    let mut sim = periodic("echo tick", every_minute(10), 60, false);
    stop_invocation(&mut sim, "t-p", &[], T0 + 150_000, "R").unwrap();
    let track = sim.track("t-p", "i-1").unwrap();
    assert_eq!(track.run_count(), 2);
    assert_eq!(
        track.status_at(T0 + 3_600_000),
        Some(InvocationStatus::Cancelled)
    );
    let rows = history(&sim, T0 + 3_600_000);
    assert_eq!(rows.len(), 2);
}

#[test]
fn without_history_one_row_per_instance_with_the_run_count() {
    let sim = periodic("echo tick", every_minute(4), 60, false);
    let query = DescribeInvocationResultsQuery {
        invoke_id: Some("t-p".into()),
        ..Default::default()
    };
    let body = describe_invocation_results(&sim, &query, T0 + 3_600_000, "R").unwrap();
    let rows = body["Invocation"]["InvocationResults"]["InvocationResult"]
        .as_array()
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["Repeats"], 4);
    assert_eq!(rows[0]["InvocationStatus"], "Scheduled");
    assert_eq!(rows[0]["Output"], "dGljawo="); // Base64 of "tick\n"
}

#[test]
fn benchmark_workload_runs_every_fire() {
    // 100 instances × 1440 fires, runs of 2 s every 60 s: nothing is skipped.
    let checksum = runcommand_playground::sim::exec::bench::benchmark_workload();
    assert_eq!(
        checksum,
        runcommand_playground::sim::exec::bench::benchmark_workload()
    );
}

#[test]
fn periodic_runs_show_output_only_when_they_end() {
    let sim = periodic("echo a; sleep 10; echo b", every_minute(1), 60, false);
    let run = &sim.track("t-p", "i-1").unwrap().run(0).unwrap();
    assert_eq!(
        run.output_at(T0 + 65_000),
        "",
        "no running reports for periodic runs"
    );
    assert_eq!(run.output_at(T0 + 70_000), "a\nb\n");
}
