//! Year-long sessions: every run of a year of `rate(1m)` is counted, overlapping invocations on
//! one instance each keep their runs, and a schedule longer than the simulator plans is
//! stated in the answer instead of silently cut.

use chrono::{DateTime, Utc};
use runcommand_playground::sim::session::Session;
use runcommand_playground::sim::world::World;
use serde_json::{json, Value};

const WEB_1: &str = "i-bp1a00000000000001";

fn at(rfc: &str) -> DateTime<Utc> {
    rfc.parse().unwrap()
}

fn run_every_minute(s: &mut Session, when: &str, script: &str) -> String {
    let r = s.call(
        at(when),
        "RunCommand",
        &json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript", "CommandContent": script,
                "Frequency": "rate(1m)", "Timeout": 30, "InstanceId": [WEB_1]}),
    );
    assert_eq!(r.http_status, 200, "{}", r.body);
    r.body["InvokeId"].as_str().unwrap().to_string()
}

fn describe(s: &mut Session, when: &str) -> Value {
    let r = s.call(
        at(when),
        "DescribeInvocations",
        &json!({"RegionId": "cn-hangzhou"}),
    );
    assert_eq!(r.http_status, 200, "{}", r.body);
    r.body
}

/// `(Repeats, InvocationStatus)` of the invocation's instance.
fn instance_of(body: &Value, invoke_id: &str) -> (u64, String) {
    let invocation = body["Invocations"]["Invocation"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["InvokeId"] == invoke_id)
        .unwrap();
    let instance = &invocation["InvokeInstances"]["InvokeInstance"][0];
    (
        instance["Repeats"].as_u64().unwrap(),
        instance["InvocationStatus"].as_str().unwrap().to_string(),
    )
}

#[test]
fn a_year_of_rate_1m_counts_every_run_for_two_overlapping_invocations() {
    let mut s = Session::new(World::default_world(), 3);
    let a = run_every_minute(&mut s, "2026-01-01T00:00:00Z", "echo a");
    let b = run_every_minute(&mut s, "2026-01-01T00:00:20Z", "echo b; sleep 2");
    // 2026 has 365 days: 525 600 minutes, the last fire at 2027-01-01T00:00:00Z (a) and
    // 00:00:20 (b).
    let body = describe(&mut s, "2027-01-01T00:00:40Z");
    assert_eq!(instance_of(&body, &a), (525_600, "Scheduled".into()));
    assert_eq!(instance_of(&body, &b), (525_600, "Scheduled".into()));
    assert!(body.get("SimulatorNotice").is_none(), "nothing was cut");
    // Half a second into a run of b, b is running and a is not.
    let body = describe(&mut s, "2026-07-01T00:00:21Z");
    assert_eq!(instance_of(&body, &b).1, "Running");
    assert_eq!(instance_of(&body, &a).1, "Scheduled");
}

#[test]
fn a_schedule_longer_than_the_simulator_plans_is_stated_in_the_answer() {
    let mut s = Session::new(World::default_world(), 3);
    let a = run_every_minute(&mut s, "2026-01-01T00:00:00Z", "echo a");
    // Two years of minutes are 1 051 200 fires: more than the simulator plans.
    let body = describe(&mut s, "2028-01-01T00:00:30Z");
    let notice = body["SimulatorNotice"].as_str().unwrap_or_default();
    assert!(notice.contains(&a), "{notice}");
    assert!(notice.contains("at most 1000000 fires"), "{notice}");
    let (repeats, _) = instance_of(&body, &a);
    assert_eq!(repeats, 1_000_000);
}
