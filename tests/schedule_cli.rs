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

/// Arguments and input a command cannot use: exit code 2 and a message naming what is wrong.
#[test]
fn usage_errors_name_the_option_and_the_value() {
    let cases: [(&[&str], &str, &str); 7] = [
        (
            &[
                "agent-schedule",
                "--expr",
                "rate(5m)",
                "--start",
                "2026-03-01T00:00:00Z",
            ],
            "",
            "missing --repeat",
        ),
        (
            &[
                "agent-schedule",
                "--repeat",
                "Daily",
                "--expr",
                "x",
                "--start",
                "x",
            ],
            "",
            "--repeat must be Period, Rate or At, not `Daily`",
        ),
        (
            &[
                "agent-schedule",
                "--repeat",
                "Rate",
                "--expr",
                "rate(5m)",
                "--start",
                "soon",
            ],
            "",
            "--start `soon` is not an RFC 3339 time",
        ),
        (
            &["schedule", "--tz-env", "Mars/Olympus"],
            "{}",
            "--tz-env must be an IANA time zone, not `Mars/Olympus`",
        ),
        (
            &["schedule", "--count", "100001"],
            "{}",
            "--count must be a count (0–100000), not `100001`",
        ),
        (
            &["schedule", "--cuont", "3"],
            "{}",
            "unknown option `--cuont`",
        ),
        (&["schedule", "--now"], "{}", "option `--now` needs a value"),
    ];
    for (args, stdin, message) in cases {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let out = run(&args, &mut || stdin.to_string());
        assert_eq!(out.code, 2, "{args:?}: {}", out.stdout);
        assert!(out.stderr.starts_with(message), "{args:?}: {}", out.stderr);
    }
    let args = ["schedule".to_string()];
    let out = run(&args, &mut || "not json".to_string());
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.starts_with("stdin is not a JSON request: "),
        "{}",
        out.stderr
    );
    let args: Vec<String> = ["simulate", "--seed", "x"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let out = run(&args, &mut String::new);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.starts_with("--seed must be a number, not `x`"),
        "{}",
        out.stderr
    );
}
