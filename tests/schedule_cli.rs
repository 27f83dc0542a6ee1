//! The exact CLI contract of `agent-schedule` and `schedule`.

use runcommand_playground::cli::run;
use serde_json::Value;

fn cli(args: &[&str], stdin: &str) -> Value {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let input = stdin.to_string();
    let out = run(&args, &mut || input.clone());
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

#[test]
fn agent_schedule_contract() {
    let v = cli(
        &[
            "agent-schedule",
            "--repeat",
            "Period",
            "--expr",
            "0 30 2 * * ?",
            "--start",
            "2024-03-09T00:00:00Z",
            "--tz-env",
            "America/Los_Angeles",
        ],
        "",
    );
    assert_eq!(v["ok"], true);
    assert_eq!(
        v["next"],
        serde_json::json!(["2024-03-09T10:30:00Z", "2024-03-10T09:30:00Z"])
    );
    assert_eq!(v["end"], "negative_wait");

    let v = cli(
        &[
            "agent-schedule",
            "--repeat",
            "Rate",
            "--expr",
            "rate(1m)",
            "--start",
            "2024-01-01T00:00:30Z",
            "--creation-ms",
            "1704067200250",
            "--count",
            "2",
        ],
        "",
    );
    assert_eq!(
        v["next"],
        serde_json::json!(["2024-01-01T00:01:00.250Z", "2024-01-01T00:02:00.250Z"])
    );
    assert!(v.get("end").is_none());

    let v = cli(
        &[
            "agent-schedule",
            "--repeat",
            "Period",
            "--expr",
            "0 30-10 * * * ?",
            "--start",
            "2024-01-01T00:00:00Z",
        ],
        "",
    );
    assert_eq!(v["ok"], false);
    assert_eq!(v["error_kind"], "Panic");
}

#[test]
fn schedule_contract() {
    let v = cli(
        &["schedule", "--now", "2024-01-01T00:00:00Z", "--count", "2"],
        r#"{"Frequency":"0 0 12 * * ? UTC","RepeatMode":"Once","Timeout":60,"CommandContent":"x"}"#,
    );
    assert_eq!(v["ok"], true);
    assert_eq!(
        v["next"],
        serde_json::json!(["2024-01-01T12:00:00Z", "2024-01-02T12:00:00Z"])
    );
    let v = cli(&["schedule"], r#"{"Frequency":"every day"}"#);
    assert_eq!(v["HttpStatus"], 400);
    assert_eq!(v["Body"]["Code"], "InvalidParam.Frequency");
}
