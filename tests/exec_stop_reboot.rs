//! StopInvocation, reboots (user and exit code 194), power-off (exit code 193).

use runcommand_playground::sim::exec::timing::{
    delivery_latency_ms, BOOT_MS, POWER_EFFECT_DELAY_MS, START_LATENCY_MS, STOP_LATENCY_MS,
};
use runcommand_playground::sim::exec::*;
use serde_json::Value;

const T0: i64 = 1_767_225_600_000;
const SEED: u64 = 5;

fn start_ms(invoke: &str, instance: &str) -> i64 {
    T0 + delivery_latency_ms(SEED, invoke, instance) + START_LATENCY_MS
}

fn describe(sim: &Simulation, invoke: &str, at: i64) -> Value {
    let query = DescribeInvocationsQuery {
        invoke_id: Some(invoke.into()),
        include_output: true,
        content_encoding: ContentEncoding::PlainText,
        ..Default::default()
    };
    describe_invocations(sim, &query, at, "REQ").unwrap()
}

fn overall(body: &Value) -> (String, String) {
    let inv = &body["Invocations"]["Invocation"][0];
    (
        inv["InvocationStatus"].as_str().unwrap().to_string(),
        inv["InvokeStatus"].as_str().unwrap().to_string(),
    )
}

fn row<'a>(body: &'a Value, id: &str) -> &'a Value {
    body["Invocations"]["Invocation"][0]["InvokeInstances"]["InvokeInstance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["InstanceId"] == id)
        .unwrap()
}

fn two_sleepers() -> Simulation {
    let plan = InvocationPlan {
        timeout_s: 600,
        ..InvocationPlan::once(
            "t-s",
            T0,
            vec![
                InstancePlan::new("i-1", "echo begin; sleep 100; echo end"),
                InstancePlan::new("i-2", "echo begin; sleep 100; echo end"),
            ],
        )
    };
    Simulation::new(vec![plan], vec![], SEED, T0 + 3_600_000)
}

#[test]
fn stopping_a_running_instance_goes_stopping_then_terminated() {
    let mut sim = two_sleepers();
    let stop_at = start_ms("t-s", "i-1") + 10_000;
    stop_invocation(&mut sim, "t-s", &["i-1".to_string()], stop_at, "REQ").unwrap();

    let during = describe(&sim, "t-s", stop_at + STOP_LATENCY_MS - 1);
    assert_eq!(row(&during, "i-1")["InvocationStatus"], "Stopping");
    assert_eq!(row(&during, "i-1")["InstanceInvokeStatus"], "Stopping");
    assert_eq!(overall(&during), ("Running".into(), "Running".into()));

    let after = describe(&sim, "t-s", stop_at + STOP_LATENCY_MS);
    let r1 = row(&after, "i-1");
    assert_eq!(r1["InvocationStatus"], "Terminated");
    assert_eq!(r1["InstanceInvokeStatus"], "Stopped");
    assert_eq!(r1["StopTime"], format_time(stop_at));
    assert_eq!(r1["FinishTime"], format_time(stop_at + STOP_LATENCY_MS));
    assert_eq!(r1["Output"], "begin\n");
    assert_eq!(row(&after, "i-2")["InvocationStatus"], "Running");
    assert_eq!(row(&after, "i-2")["StopTime"], "");

    // The other instance finishes: Success + Terminated → Success / Finished.
    let end = describe(&sim, "t-s", T0 + 3_600_000);
    assert_eq!(row(&end, "i-2")["InvocationStatus"], "Success");
    assert_eq!(overall(&end), ("Success".into(), "Finished".into()));
    let details = sim
        .track("t-s", "i-1")
        .unwrap()
        .run(0)
        .unwrap()
        .details
        .join("\n");
    assert!(details.contains("`sleep 100`"), "{details}");
}

#[test]
fn stopping_everything_gives_stopped() {
    let mut sim = two_sleepers();
    let stop_at = start_ms("t-s", "i-1").max(start_ms("t-s", "i-2")) + 1_000;
    stop_invocation(&mut sim, "t-s", &[], stop_at, "REQ").unwrap();
    let body = describe(&sim, "t-s", stop_at + 100);
    assert_eq!(overall(&body), ("Stopping".into(), "Stopping".into()));
    let body = describe(&sim, "t-s", stop_at + STOP_LATENCY_MS);
    assert_eq!(overall(&body), ("Stopped".into(), "Stopped".into()));
}

#[test]
fn stopping_before_start_cancels() {
    let mut sim = two_sleepers();
    stop_invocation(&mut sim, "t-s", &[], T0 + 10, "REQ").unwrap();
    let body = describe(&sim, "t-s", T0 + 60_000);
    for id in ["i-1", "i-2"] {
        assert_eq!(row(&body, id)["InvocationStatus"], "Cancelled");
        assert_eq!(row(&body, id)["StartTime"], "");
        assert_eq!(row(&body, id)["Repeats"], 0);
    }
    assert_eq!(overall(&body), ("Stopped".into(), "Stopped".into()));
}

#[test]
fn stop_invocation_validates_the_call() {
    let mut sim = two_sleepers();
    let many: Vec<String> = (0..51).map(|n| format!("i-{n}")).collect();
    let err = stop_invocation(&mut sim, "t-s", &many, T0 + 10, "REQ").unwrap_err();
    assert_eq!(err.code(), "InstanceIds.ExceedLimit");
    assert_eq!(err.http_status(), 403);
    let fifty: Vec<String> = (0..50).map(|n| format!("i-{n}")).collect();
    assert!(stop_invocation(&mut sim, "t-s", &fifty, T0 + 10, "REQ").is_ok());
    let err = stop_invocation(&mut sim, "t-nope", &[], T0 + 10, "REQ").unwrap_err();
    assert_eq!(err.code(), "InvalidInvokeId.NotFound");
    assert_eq!(err.http_status(), 404);
    assert_eq!(err.to_json("R")["Code"], "InvalidInvokeId.NotFound");
    // Before the invocation exists, it is not found either.
    let err = stop_invocation(&mut sim, "t-s", &[], T0 - 1, "REQ").unwrap_err();
    assert_eq!(err, ResponseError::InvokeIdNotFound);
}

#[test]
fn next_reboot_only_waits_for_a_reboot() {
    let plan = InvocationPlan {
        repeat_mode: RepeatMode::NextRebootOnly,
        ..InvocationPlan::once("t-nr", T0, vec![InstancePlan::new("i-1", "echo booted")])
    };
    let reboot_at = T0 + 600_000;
    let sim = Simulation::new(
        vec![plan],
        vec![
            UserEvent::RebootInstance {
                at_ms: reboot_at,
                instance_id: "i-1".into(),
            },
            UserEvent::RebootInstance {
                at_ms: reboot_at + 600_000,
                instance_id: "i-1".into(),
            },
        ],
        SEED,
        T0 + 3_600_000,
    );
    let before = describe(&sim, "t-nr", reboot_at - 1);
    assert_eq!(row(&before, "i-1")["InvocationStatus"], "Pending");
    assert_eq!(before["Invocations"]["Invocation"][0]["Timed"], true);
    let run_start = reboot_at + BOOT_MS + START_LATENCY_MS;
    let after = describe(&sim, "t-nr", run_start);
    assert_eq!(row(&after, "i-1")["InvocationStatus"], "Success");
    assert_eq!(row(&after, "i-1")["StartTime"], format_time(run_start));
    assert_eq!(row(&after, "i-1")["Output"], "booted\n");
    // The second reboot runs nothing more.
    assert_eq!(sim.track("t-nr", "i-1").unwrap().run_count(), 1);
    assert_eq!(row(&after, "i-1")["Timed"], false);
}

#[test]
fn every_reboot_runs_after_each_reboot_with_history() {
    let plan = InvocationPlan {
        repeat_mode: RepeatMode::EveryReboot,
        ..InvocationPlan::once("t-er", T0, vec![InstancePlan::new("i-1", "echo booted")])
    };
    let sim = Simulation::new(
        vec![plan],
        vec![
            UserEvent::RebootInstance {
                at_ms: T0 + 100_000,
                instance_id: "i-1".into(),
            },
            UserEvent::RebootInstance {
                at_ms: T0 + 200_000,
                instance_id: "i-1".into(),
            },
            UserEvent::RebootInstance {
                at_ms: T0 + 100_000,
                instance_id: "i-other".into(),
            },
        ],
        SEED,
        T0 + 3_600_000,
    );
    let body = describe(&sim, "t-er", T0 + 300_000);
    assert_eq!(row(&body, "i-1")["InvocationStatus"], "Scheduled");
    assert_eq!(row(&body, "i-1")["InstanceInvokeStatus"], "Running");
    assert_eq!(row(&body, "i-1")["Repeats"], 2);
    assert_eq!(overall(&body), ("Scheduled".into(), "Running".into()));
    let query = DescribeInvocationResultsQuery {
        invoke_id: Some("t-er".into()),
        include_history: true,
        content_encoding: ContentEncoding::PlainText,
        ..Default::default()
    };
    let results = describe_invocation_results(&sim, &query, T0 + 300_000, "R").unwrap();
    let rows = results["Invocation"]["InvocationResults"]["InvocationResult"]
        .as_array()
        .unwrap();
    assert_eq!(rows.len(), 2);
    for r in rows {
        assert_eq!(r["InvocationStatus"], "Success");
        assert_eq!(r["InvokeRecordStatus"], "Finished");
        assert_eq!(r["Output"], "booted\n");
    }
}

#[test]
fn a_reboot_interrupts_a_running_script() {
    let plan = InvocationPlan::once("t-i", T0, vec![InstancePlan::new("i-1", "sleep 30")]);
    let at = start_ms("t-i", "i-1") + 5_000;
    let sim = Simulation::new(
        vec![plan],
        vec![UserEvent::RebootInstance {
            at_ms: at,
            instance_id: "i-1".into(),
        }],
        SEED,
        T0 + 600_000,
    );
    let body = describe(&sim, "t-i", T0 + 600_000);
    assert_eq!(row(&body, "i-1")["InvocationStatus"], "Error");
    assert_eq!(row(&body, "i-1")["ErrorCode"], "ExecutionInterrupted");
    assert_eq!(row(&body, "i-1")["FinishTime"], format_time(at));
}

#[test]
fn exit_194_reboots_and_drives_every_reboot_tasks() {
    let reboot_script = InvocationPlan::once(
        "t-194",
        T0,
        vec![InstancePlan::new("i-1", "echo bye; exit 194")],
    );
    let on_boot = InvocationPlan {
        repeat_mode: RepeatMode::EveryReboot,
        ..InvocationPlan::once(
            "t-boot",
            T0 - 60_000,
            vec![InstancePlan::new("i-1", "echo up")],
        )
    };
    let sim = Simulation::new(vec![reboot_script, on_boot], vec![], SEED, T0 + 600_000);
    let body = describe(&sim, "t-194", T0 + 600_000);
    assert_eq!(row(&body, "i-1")["InvocationStatus"], "Failed");
    assert_eq!(row(&body, "i-1")["ExitCode"], 194);
    let run = &sim.track("t-194", "i-1").unwrap().run(0).unwrap();
    assert!(run
        .details
        .iter()
        .any(|d| d.contains("reboots the instance")));
    let finish = run.end_ms.unwrap();
    let boot_runs: Vec<_> = sim.track("t-boot", "i-1").unwrap().all_runs().collect();
    assert_eq!(boot_runs.len(), 1);
    assert_eq!(
        boot_runs[0].start_ms,
        Some(finish + POWER_EFFECT_DELAY_MS + BOOT_MS + START_LATENCY_MS)
    );
}

#[test]
fn exit_193_powers_off_and_later_periodic_fires_do_not_run() {
    let off = InvocationPlan::once("t-193", T0, vec![InstancePlan::new("i-1", "exit 193")]);
    let mut periodic_inst = InstancePlan::new("i-1", "echo tick");
    periodic_inst.fire_instants_ms = (1..=5).map(|k| T0 + k * 60_000).collect();
    let periodic = InvocationPlan {
        repeat_mode: RepeatMode::Period,
        frequency: "rate(1m)".into(),
        ..InvocationPlan::once("t-per", T0, vec![periodic_inst])
    };
    let sim = Simulation::new(vec![off, periodic], vec![], SEED, T0 + 600_000);
    let track = sim.track("t-per", "i-1").unwrap();
    assert_eq!(track.run_count(), 0);
    assert_eq!(track.skipped_fires_ms.len(), 5);
    let run = &sim.track("t-193", "i-1").unwrap().run(0).unwrap();
    assert!(run
        .details
        .iter()
        .any(|d| d.contains("powers the instance off")));
    // Windows uses 3009/3010 instead: 193 is an ordinary exit code there.
    let win = InvocationPlan {
        command_type: CommandType::RunBatScript,
        ..InvocationPlan::once("t-w", T0, vec![InstancePlan::new("i-w", "exit /b 193")])
    };
    let sim = Simulation::new(vec![win], vec![], SEED, T0 + 600_000);
    assert!(sim
        .track("t-w", "i-w")
        .unwrap()
        .run(0)
        .unwrap()
        .details
        .is_empty());
}
