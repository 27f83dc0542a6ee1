//! The presets that demonstrate an outcome really produce it.

use runcommand_playground::api::{self, presets};
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

#[test]
fn the_daily_cron_preset_lists_fires_in_its_own_zone_too() {
    let preset = presets::by_id("daily-cron-shanghai").unwrap();
    let answer = api::schedule(&preset.request, None, preset.now.unwrap(), 2);
    assert_eq!(
        answer["next"],
        serde_json::json!(["2026-11-27T18:00:00Z", "2026-11-28T18:00:00Z"])
    );
    assert_eq!(
        answer["nextLocal"],
        serde_json::json!(["2026-11-28 02:00:00 +08:00", "2026-11-29 02:00:00 +08:00"])
    );
    let dst = presets::by_id("dst-trap").unwrap();
    let answer = api::schedule(&dst.request, None, dst.now.unwrap(), 3);
    assert_eq!(answer["nextLocal"][0], "2027-03-14 01:30:00 -08:00");
}
