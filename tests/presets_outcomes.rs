//! The presets that demonstrate an outcome really produce it.

use runcommand_playground::{api, presets};
use serde_json::Value;

fn simulate(id: &str, seconds: i64) -> Value {
    let preset = presets::by_id(id).unwrap();
    let options = api::SimulateOptions {
        now: "2026-11-27T12:00:00Z".into(),
        ..Default::default()
    };
    let until = format!("2026-11-27T12:{:02}:{:02}Z", seconds / 60, seconds % 60);
    let answer = api::simulate(&preset.request, None, &until, &options);
    assert_eq!(answer["ok"], true, "{id}: {answer}");
    answer
}

fn statuses(answer: &Value) -> Vec<String> {
    answer["instances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["status"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_partial_failure_preset_is_partially_failed() {
    let answer = simulate("partial-failure", 120);
    assert_eq!(statuses(&answer), ["Success", "Invalid"]);
    assert_eq!(answer["overall"]["InvocationStatus"], "PartialFailed");
    let db = &answer["instances"][1]["runs"];
    assert!(db.to_string().contains("DirectoryNotExists"), "{db}");
}

#[test]
fn the_failing_exit_code_preset_fails_in_the_modern_vocabulary_only() {
    let answer = simulate("failing-exit-code", 120);
    assert_eq!(statuses(&answer), ["Failed", "Failed"]);
    let run = &answer["instances"][0]["runs"][0];
    assert_eq!(run["exitCode"], 3);
    assert_eq!(run["errorCode"], "ExitCodeNonzero");
    let results = answer["DescribeInvocationResults"].to_string();
    assert!(
        results.contains("\"InvokeRecordStatus\":\"Finished\""),
        "{results}"
    );
}

#[test]
fn the_timeout_preset_times_out_every_instance() {
    let answer = simulate("timeout-demo", 120);
    assert_eq!(statuses(&answer), ["Timeout", "Timeout", "Timeout"]);
    assert_eq!(
        answer["instances"][0]["runs"][0]["errorCode"],
        "ExecutionTimeout"
    );
}
