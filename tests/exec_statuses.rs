//! Per-instance status paths and the overall aggregation, through the public API.

use runcommand_playground::sim::exec::timing::{
    delivery_latency_ms, DELIVERY_WINDOW_MS, START_LATENCY_MS,
};
use runcommand_playground::sim::exec::*;
use serde_json::Value;

const T0: i64 = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const SEED: u64 = 11;

fn start_ms(invoke: &str, instance: &str, creation: i64) -> i64 {
    creation + delivery_latency_ms(SEED, invoke, instance) + START_LATENCY_MS
}

fn describe(sim: &Simulation, invoke: &str, at: i64, encoding: ContentEncoding) -> Value {
    let query = DescribeInvocationsQuery {
        invoke_id: Some(invoke.into()),
        include_output: true,
        content_encoding: encoding,
        ..Default::default()
    };
    describe_invocations(sim, &query, at, "REQ").unwrap()
}

fn invocation(body: &Value) -> &Value {
    &body["Invocations"]["Invocation"][0]
}

fn instance<'a>(body: &'a Value, id: &str) -> &'a Value {
    invocation(body)["InvokeInstances"]["InvokeInstance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["InstanceId"] == id)
        .unwrap()
}

/// The issue's example: `echo hi; sleep 5; exit 3` with Timeout 3 on four instances.
fn issue_sim() -> Simulation {
    let script = "echo hi; sleep 5; exit 3";
    let mut stopped = InstancePlan::new("i-2", script);
    stopped.condition = InstanceCondition::InstanceStopped;
    let mut no_user = InstancePlan::new("i-3", script);
    no_user.condition = InstanceCondition::UserMissing;
    let plan = InvocationPlan {
        timeout_s: 3,
        command_content: script.into(),
        ..InvocationPlan::once(
            "t-issue",
            T0,
            vec![
                InstancePlan::new("i-1", script),
                stopped,
                no_user,
                InstancePlan::new("i-4", script),
            ],
        )
    };
    Simulation::new(vec![plan], vec![], SEED, T0 + 600_000)
}

#[test]
fn issue_example_before_delivery_everything_is_pending() {
    let sim = issue_sim();
    let body = describe(&sim, "t-issue", T0 + 100, ContentEncoding::PlainText);
    assert_eq!(invocation(&body)["InvocationStatus"], "Pending");
    assert_eq!(invocation(&body)["InvokeStatus"], "Running");
    for id in ["i-1", "i-2", "i-3", "i-4"] {
        assert_eq!(instance(&body, id)["InvocationStatus"], "Pending");
        assert_eq!(instance(&body, id)["StartTime"], "");
        assert!(instance(&body, id).get("ExitCode").is_none());
    }
}

#[test]
fn issue_example_mid_run_shows_partial_output_and_running() {
    let sim = issue_sim();
    let start = start_ms("t-issue", "i-1", T0);
    let body = describe(&sim, "t-issue", start + 1_000, ContentEncoding::PlainText);
    let i1 = instance(&body, "i-1");
    assert_eq!(i1["InvocationStatus"], "Running");
    assert_eq!(i1["InstanceInvokeStatus"], "Running");
    assert_eq!(i1["Output"], "hi\n");
    assert_eq!(i1["Repeats"], 1);
    // Failed deliveries are decided at delivery, before the start.
    assert_eq!(instance(&body, "i-2")["InvocationStatus"], "Aborted");
    assert_eq!(instance(&body, "i-3")["InvocationStatus"], "Invalid");
    assert_eq!(invocation(&body)["InvocationStatus"], "Running");
}

#[test]
fn issue_example_ends_in_timeout_at_start_plus_timeout() {
    let sim = issue_sim();
    let start = start_ms("t-issue", "i-1", T0);
    let body = describe(&sim, "t-issue", start + 10_000, ContentEncoding::PlainText);
    let i1 = instance(&body, "i-1");
    assert_eq!(i1["InvocationStatus"], "Timeout");
    assert_eq!(i1["InstanceInvokeStatus"], "Failed");
    assert_eq!(i1["ErrorCode"], "ExecutionTimeout");
    assert_eq!(i1["ErrorInfo"], "the command execution has been timeout.");
    assert!(
        i1.get("ExitCode").is_none(),
        "the D21 timeout example has no exit code"
    );
    assert_eq!(i1["StartTime"], format_time(start));
    assert_eq!(i1["FinishTime"], format_time(start + 3_000));
    assert_eq!(i1["Output"], "hi\n");

    let i2 = instance(&body, "i-2");
    assert_eq!(i2["ErrorCode"], "InstanceNotRunning");
    assert_eq!(i2["InstanceInvokeStatus"], "Failed");
    assert_eq!(i2["Repeats"], 0);
    let i3 = instance(&body, "i-3");
    assert_eq!(i3["ErrorCode"], "AccountNotExists");
    assert_eq!(i3["ErrorInfo"], "the specified account does not exists.");

    // Timeout, Aborted, Invalid, Timeout: all failed-class → Failed (both vocabularies).
    assert_eq!(invocation(&body)["InvocationStatus"], "Failed");
    assert_eq!(invocation(&body)["InvokeStatus"], "Failed");
}

#[test]
fn timeout_with_process_mode_leaves_the_child_alive() {
    let sim = issue_sim();
    let run = &sim.track("t-issue", "i-1").unwrap().run(0).unwrap();
    let details = run.details.join("\n");
    assert!(details.contains("TerminationMode=Process"), "{details}");
    assert!(details.contains("`sleep 5`"), "{details}");
    assert!(details.contains("still running"), "{details}");
}

#[test]
fn timeout_with_process_tree_mode_kills_the_child() {
    let plan = InvocationPlan {
        timeout_s: 3,
        termination_mode: TerminationMode::ProcessTree,
        ..InvocationPlan::once("t-tree", T0, vec![InstancePlan::new("i-1", "sleep 10")])
    };
    let sim = Simulation::new(vec![plan], vec![], SEED, T0 + 60_000);
    let details = sim
        .track("t-tree", "i-1")
        .unwrap()
        .run(0)
        .unwrap()
        .details
        .join("\n");
    assert!(
        details.contains(
            "TerminationMode=ProcessTree: killed the script process and its children: `sleep 10`"
        ),
        "{details}"
    );
}

#[test]
fn nonzero_exit_is_failed_modern_and_finished_legacy() {
    let plan = InvocationPlan {
        timeout_s: 60,
        ..InvocationPlan::once(
            "t-x",
            T0,
            vec![InstancePlan::new("i-1", "echo hi; sleep 5; exit 3")],
        )
    };
    let sim = Simulation::new(vec![plan], vec![], SEED, T0 + 60_000);
    let start = start_ms("t-x", "i-1", T0);
    let body = describe(&sim, "t-x", T0 + 60_000, ContentEncoding::PlainText);
    let i1 = instance(&body, "i-1");
    assert_eq!(i1["InvocationStatus"], "Failed");
    assert_eq!(i1["InstanceInvokeStatus"], "Finished");
    assert_eq!(i1["ExitCode"], 3);
    assert_eq!(i1["ErrorCode"], "ExitCodeNonzero");
    assert_eq!(
        i1["ErrorInfo"],
        "the command execution exit code is not zero."
    );
    assert_eq!(i1["FinishTime"], format_time(start + 5_000));
    // D21 example: one instance, exit 1 → overall Failed, legacy Finished.
    assert_eq!(invocation(&body)["InvocationStatus"], "Failed");
    assert_eq!(invocation(&body)["InvokeStatus"], "Finished");
}

#[test]
fn success_plus_nonzero_is_partial_failed_but_legacy_finished() {
    let plan = InvocationPlan::once(
        "t-p",
        T0,
        vec![
            InstancePlan::new("i-1", "echo ok"),
            InstancePlan::new("i-2", "exit 1"),
        ],
    );
    let sim = Simulation::new(vec![plan], vec![], SEED, T0 + 60_000);
    let body = describe(&sim, "t-p", T0 + 60_000, ContentEncoding::PlainText);
    assert_eq!(instance(&body, "i-1")["InvocationStatus"], "Success");
    assert_eq!(instance(&body, "i-1")["ExitCode"], 0);
    assert_eq!(instance(&body, "i-1")["ErrorCode"], "");
    assert_eq!(invocation(&body)["InvocationStatus"], "PartialFailed");
    assert_eq!(invocation(&body)["InvokeStatus"], "Finished");
}

#[test]
fn success_plus_timeout_is_partial_failed_in_both() {
    // D21 Java example: Success + Timeout → invokeStatus and invocationStatus PartialFailed.
    let plan = InvocationPlan {
        timeout_s: 60,
        ..InvocationPlan::once(
            "t-j",
            T0,
            vec![
                InstancePlan::new("i-1", "echo ok"),
                InstancePlan::new("i-2", "sleep 120"),
            ],
        )
    };
    let sim = Simulation::new(vec![plan], vec![], SEED, T0 + 300_000);
    let body = describe(&sim, "t-j", T0 + 300_000, ContentEncoding::PlainText);
    assert_eq!(instance(&body, "i-2")["InvocationStatus"], "Timeout");
    assert_eq!(instance(&body, "i-2")["InstanceInvokeStatus"], "Failed");
    assert_eq!(invocation(&body)["InvocationStatus"], "PartialFailed");
    assert_eq!(invocation(&body)["InvokeStatus"], "PartialFailed");
}

#[test]
fn every_condition_gives_its_error_code() {
    let cases = [
        (
            InstanceCondition::InstanceNotExists,
            "InstanceNotExists",
            "Invalid",
        ),
        (
            InstanceCondition::InstanceStopped,
            "InstanceNotRunning",
            "Aborted",
        ),
        (
            InstanceCondition::InstanceReleased,
            "InstanceReleased",
            "Aborted",
        ),
        (
            InstanceCondition::AgentNotInstalled,
            "ClientNotRunning",
            "Aborted",
        ),
        (
            InstanceCondition::AgentNotRunning,
            "ClientNotRunning",
            "Aborted",
        ),
        (
            InstanceCondition::AgentUpgrading,
            "ClientIsUpgrading",
            "Aborted",
        ),
        (
            InstanceCondition::UserMissing,
            "AccountNotExists",
            "Invalid",
        ),
        (
            InstanceCondition::WorkingDirMissing,
            "DirectoryNotExists",
            "Invalid",
        ),
        (
            InstanceCondition::CommandNotApplicable,
            "CommandNotApplicable",
            "Invalid",
        ),
        (
            InstanceCondition::SecurityGroupRuleDenied,
            "SecurityGroupRuleDenied",
            "Aborted",
        ),
        (
            InstanceCondition::ClientNeedUpgrade {
                required_version: "2.2.3.344".into(),
                feature: "ContainerName".into(),
            },
            "ClientNeedUpgrade",
            "Invalid",
        ),
    ];
    for (condition, code, status) in cases {
        let mut inst = InstancePlan::new("i-1", "echo never");
        inst.condition = condition.clone();
        let plan = InvocationPlan::once("t-c", T0, vec![inst]);
        let sim = Simulation::new(vec![plan], vec![], SEED, T0 + 120_000);
        let body = describe(&sim, "t-c", T0 + 120_000, ContentEncoding::PlainText);
        let row = instance(&body, "i-1");
        assert_eq!(row["ErrorCode"], code, "{condition:?}");
        assert_eq!(row["InvocationStatus"], status, "{condition:?}");
        assert_eq!(row["Output"], "", "{condition:?}: nothing ran");
        assert!(row["ErrorInfo"].as_str().unwrap().ends_with('.'));
    }
}

#[test]
fn unresponsive_agent_stays_pending_for_the_delivery_window() {
    let mut inst = InstancePlan::new("i-1", "echo x");
    inst.condition = InstanceCondition::AgentNotResponding;
    let plan = InvocationPlan::once("t-n", T0, vec![inst]);
    let sim = Simulation::new(vec![plan], vec![], SEED, T0 + 120_000);
    let before = describe(
        &sim,
        "t-n",
        T0 + DELIVERY_WINDOW_MS - 1,
        ContentEncoding::PlainText,
    );
    assert_eq!(instance(&before, "i-1")["InvocationStatus"], "Pending");
    let after = describe(
        &sim,
        "t-n",
        T0 + DELIVERY_WINDOW_MS,
        ContentEncoding::PlainText,
    );
    assert_eq!(instance(&after, "i-1")["InvocationStatus"], "Aborted");
    assert_eq!(instance(&after, "i-1")["ErrorCode"], "ClientNotResponse");
    assert_eq!(
        instance(&after, "i-1")["FinishTime"],
        format_time(T0 + DELIVERY_WINDOW_MS)
    );
}

#[test]
fn dry_run_answers_without_running() {
    let plan = InvocationPlan {
        repeat_mode: RepeatMode::DryRun,
        ..InvocationPlan::once("t-d", T0, vec![InstancePlan::new("i-1", "echo hi; exit 5")])
    };
    let sim = Simulation::new(vec![plan], vec![], SEED, T0 + 60_000);
    let body = describe(&sim, "t-d", T0 + 60_000, ContentEncoding::PlainText);
    let row = instance(&body, "i-1");
    assert_eq!(row["InvocationStatus"], "Success");
    assert_eq!(row["Output"], "");
    assert_eq!(row["Repeats"], 0);
    assert_eq!(row["StartTime"], "");
    assert_eq!(invocation(&body)["RepeatMode"], "DryRun");
}

#[test]
fn output_is_base64_by_default_and_cut_at_the_instant() {
    let plan = InvocationPlan::once(
        "t-o",
        T0,
        vec![InstancePlan::new("i-1", "echo a; sleep 2; echo b")],
    );
    let sim = Simulation::new(vec![plan], vec![], SEED, T0 + 60_000);
    let start = start_ms("t-o", "i-1", T0);
    let mid = describe(&sim, "t-o", start + 1_999, ContentEncoding::Base64);
    assert_eq!(instance(&mid, "i-1")["Output"], "YQo="); // "a\n"
    let end = describe(&sim, "t-o", start + 2_000, ContentEncoding::Base64);
    assert_eq!(instance(&end, "i-1")["Output"], "YQpiCg=="); // "a\nb\n"
    assert_eq!(instance(&end, "i-1")["InvocationStatus"], "Success");
}

fn output_of_len(len: usize) -> (Value, Value) {
    // `echo` adds the newline: the text is len - 1 characters.
    let script = format!("echo {}", "x".repeat(len - 1));
    let plan = InvocationPlan::once("t-big", T0, vec![InstancePlan::new("i-1", &script)]);
    let sim = Simulation::new(vec![plan], vec![], SEED, T0 + 60_000);
    let body = describe(&sim, "t-big", T0 + 60_000, ContentEncoding::PlainText);
    let row = instance(&body, "i-1").clone();
    (row["Output"].clone(), row["Dropped"].clone())
}

#[test]
fn output_of_exactly_24_kib_is_not_truncated() {
    let (output, dropped) = output_of_len(24 * 1024);
    assert_eq!(output.as_str().unwrap().len(), 24576);
    assert_eq!(dropped, 0);
}

#[test]
fn output_beyond_24_kib_keeps_the_tail_and_counts_dropped() {
    let script = format!("echo HEAD{}", "x".repeat(24576));
    let plan = InvocationPlan::once("t-big", T0, vec![InstancePlan::new("i-1", &script)]);
    let sim = Simulation::new(vec![plan], vec![], SEED, T0 + 60_000);
    let body = describe(&sim, "t-big", T0 + 60_000, ContentEncoding::PlainText);
    let row = instance(&body, "i-1");
    let out = row["Output"].as_str().unwrap();
    assert_eq!(out.len(), 24576);
    assert!(out.ends_with("x\n"));
    assert!(!out.contains("HEAD"));
    // Total written: 4 + 24576 + 1 newline bytes.
    assert_eq!(row["Dropped"], 4 + 24576 + 1 - 24576);
    let (_, dropped) = output_of_len(24 * 1024 + 1);
    assert_eq!(dropped, 1);
}

#[test]
fn windows_types_use_their_interpreters() {
    let plan = InvocationPlan {
        command_type: CommandType::RunPowerShellScript,
        ..InvocationPlan::once(
            "t-ps",
            T0,
            vec![InstancePlan::new("i-w", "Write-Output hi; exit 2")],
        )
    };
    let bat = InvocationPlan {
        command_type: CommandType::RunBatScript,
        ..InvocationPlan::once(
            "t-bat",
            T0,
            vec![InstancePlan::new("i-w", "echo hi\r\nexit /b 0")],
        )
    };
    let sim = Simulation::new(vec![plan, bat], vec![], SEED, T0 + 60_000);
    let ps = describe(&sim, "t-ps", T0 + 60_000, ContentEncoding::PlainText);
    assert_eq!(instance(&ps, "i-w")["Output"], "hi\r\n");
    assert_eq!(instance(&ps, "i-w")["ExitCode"], 2);
    let bat = describe(&sim, "t-bat", T0 + 60_000, ContentEncoding::PlainText);
    assert_eq!(instance(&bat, "i-w")["InvocationStatus"], "Success");
    assert_eq!(invocation(&bat)["CommandType"], "RunBatScript");
}

#[test]
fn same_seed_same_responses() {
    let a = describe(&issue_sim(), "t-issue", T0 + 2_000, ContentEncoding::Base64);
    let b = describe(&issue_sim(), "t-issue", T0 + 2_000, ContentEncoding::Base64);
    assert_eq!(a, b);
}
