//! The facade and the CLI give the same answers (render, schedule, simulate).

use runcommand_playground::api::{self, SimulateOptions};
use runcommand_playground::cli;
use serde_json::{json, Value};

fn run_cli(args: &[&str], input: &str) -> cli::CliOutput {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let input = input.to_string();
    cli::run(&args, &mut || input.clone())
}

fn requests() -> Vec<Value> {
    vec![
        json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript", "Name": "deploy",
               "CommandContent": "echo {{app}} on {{ACS::InstanceName}}\nsleep 2\nexit 1",
               "EnableParameter": true, "Parameters": {"app": "shop"},
               "InstanceId": ["i-bp1a00000000000001", "i-bp1a00000000000002"]}),
        json!({"RegionId": "cn-hangzhou", "Type": "RunPowerShellScript",
               "CommandContent": "Write-Output hi\nexit 0", "InstanceId": ["i-bp1a00000000000005"]}),
        json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript", "CommandContent": "echo tick",
               "Frequency": "0 */15 * * * ?", "Timeout": 60,
               "InstanceId": ["i-bp1a00000000000001"]}),
    ]
}

#[test]
fn render_matches() {
    for req in requests() {
        let out = run_cli(&["render"], &req.to_string());
        assert_eq!(out.code, 0, "{}", out.stderr);
        let from_cli: Value = serde_json::from_str(&out.stdout).unwrap();
        let from_api = api::render(&req, None);
        let cli_list = from_cli["instances"].as_array().unwrap();
        let api_list = from_api["instances"].as_array().unwrap();
        assert_eq!(cli_list.len(), api_list.len());
        for (c, a) in cli_list.iter().zip(api_list) {
            for key in ["InstanceId", "script", "path", "commandLine", "warnings"] {
                assert_eq!(c[key], a[key], "{key}");
            }
        }
    }
}

#[test]
fn schedule_matches() {
    let now = "2026-03-08T09:00:00Z";
    for req in requests() {
        // The CLI takes the zone as an option; the facade reads it from the first target.
        let zone = api::schedule(&req, None, now, 5)["zone"].clone();
        let zone = if req["Frequency"].is_null() {
            "UTC".to_string()
        } else {
            zone.as_str().unwrap().to_string()
        };
        let out = run_cli(
            &["schedule", "--now", now, "--count", "5", "--tz-env", &zone],
            &req.to_string(),
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        let from_cli: Value = serde_json::from_str(&out.stdout).unwrap();
        let from_api = api::schedule(&req, None, now, 5);
        assert_eq!(from_cli["next"], from_api["next"]);
        assert_eq!(from_cli["repeat_mode"], from_api["mode"]);
        assert_eq!(from_cli["description"], from_api["description"]);
        if from_api["periodic"] == true {
            assert_eq!(from_cli["documented_next"], from_api["documented"]);
            assert_eq!(from_cli["warnings"], from_api["warnings"]);
            assert_eq!(from_cli["zone"], from_api["zone"]);
        }
    }
}

#[test]
fn simulate_matches() {
    let now = "2026-03-08T09:00:00Z";
    let until = "2026-03-08T10:00:00Z";
    for req in requests() {
        let out = run_cli(
            &["simulate", "--now", now, "--until", until],
            &req.to_string(),
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        let from_cli: Value = serde_json::from_str(&out.stdout).unwrap();
        let from_api = api::simulate(
            &req,
            None,
            until,
            &SimulateOptions {
                now: now.into(),
                ..Default::default()
            },
        );
        assert_eq!(from_cli, from_api);
    }
    // An API error: exit code 1 and the same error body.
    let bad = json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript", "CommandContent": "x"});
    let out = run_cli(
        &["simulate", "--now", now, "--until", until],
        &bad.to_string(),
    );
    assert_eq!(out.code, 1);
    let from_cli: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(from_cli["error"]["Code"], "MissingParam.InstanceId");
}

#[test]
fn simulate_cli_takes_events_and_a_world() {
    let dir = std::env::temp_dir().join(format!("rcsim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let events = dir.join("events.json");
    std::fs::write(
        &events,
        json!([{"at": "2026-03-08T09:00:05Z", "action": "StopInvocation"}]).to_string(),
    )
    .unwrap();
    let world = dir.join("world.json");
    std::fs::write(&world, api::default_world().to_string()).unwrap();
    let req = json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript", "CommandContent": "sleep 60",
                     "InstanceId": ["i-bp1a00000000000001"]});
    let out = run_cli(
        &[
            "simulate",
            "--now",
            "2026-03-08T09:00:00Z",
            "--until",
            "2026-03-08T09:01:00Z",
            "--events",
            events.to_str().unwrap(),
            "--world",
            world.to_str().unwrap(),
        ],
        &req.to_string(),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["instances"][0]["status"], "Terminated");
    assert_eq!(v["overall"]["InvocationStatus"], "Stopped");
    let bad = run_cli(&["simulate", "--bogus"], "{}");
    assert_eq!(bad.code, 2);
    std::fs::remove_dir_all(&dir).ok();
}
