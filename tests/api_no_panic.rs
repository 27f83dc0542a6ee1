//! The facade and the session never panic on odd requests, and always answer `ok`.

use proptest::prelude::*;
use runcommand_playground::api::{self, SimulateOptions};
use runcommand_playground::sim::session::Session;
use runcommand_playground::sim::world::World;
use serde_json::{json, Map, Value};

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(json!(true)),
        Just(json!(-1)),
        Just(json!(0)),
        Just(json!(5)),
        Just(json!(86_401)),
        Just(json!(1.5)),
        Just(json!("")),
        Just(json!("cn-hangzhou")),
        Just(json!("RunShellScript")),
        Just(json!("RunBatScript")),
        Just(json!("echo {{a}} {{ACS::InstanceName}} {{oos:db-host}} {{oos-secret:db-password}}; sleep 2; exit 194")),
        Just(json!("Period")),
        Just(json!("EveryReboot")),
        Just(json!("DryRun")),
        Just(json!("rate(1m)")),
        Just(json!("rate(0s)")),
        Just(json!("0 */10 * * * ?")),
        Just(json!("0 0 0 1 1 ? 2020")),
        Just(json!("at(2026-03-01 08:01:00)")),
        Just(json!("0 30 2 * * ? America/Los_Angeles")),
        Just(json!(["i-bp1a00000000000001", "i-bp1a00000000000006", "i-bp1a00000000000007"])),
        Just(json!(["i-bp1a00000000000005"])),
        Just(json!([{"Key": "env", "Value": "prod"}])),
        Just(json!({"a": "x"})),
        Just(json!({"a": 1})),
        Just(json!("nginx")),
        Just(json!("ProcessTree")),
        Just(json!("Base64")),
        Just(json!("ghost")),
        Just(json!("/var/www")),
    ]
}

fn request() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "RegionId",
        "Type",
        "CommandContent",
        "InstanceId",
        "Frequency",
        "RepeatMode",
        "Timeout",
        "EnableParameter",
        "Parameters",
        "ContentEncoding",
        "Username",
        "WorkingDir",
        "ContainerName",
        "TerminationMode",
        "Tag",
        "ResourceTag",
        "KeepCommand",
    ]);
    prop::collection::vec((keys, value()), 0..12).prop_map(|pairs| {
        let mut m = Map::new();
        m.insert("RegionId".into(), json!("cn-hangzhou"));
        m.insert("Type".into(), json!("RunShellScript"));
        m.insert("CommandContent".into(), json!("echo hi"));
        m.insert("InstanceId".into(), json!(["i-bp1a00000000000001"]));
        for (k, v) in pairs {
            m.insert(k.to_string(), v);
        }
        Value::Object(m)
    })
}

fn answered(v: &Value) -> bool {
    v.get("ok").is_some_and(Value::is_boolean)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn facade_answers_every_request(req in request(), stop in any::<bool>(), reboot in any::<bool>()) {
        let now = "2026-03-01T08:00:00Z";
        let mut events = Vec::new();
        if stop {
            events.push(json!({"at": "2026-03-01T08:00:03Z", "action": "StopInvocation"}));
        }
        if reboot {
            events.push(json!({"at": "2026-03-01T08:01:00Z", "action": "RebootInstance", "InstanceId": "i-bp1a00000000000001"}));
        }
        let options = SimulateOptions { now: now.into(), events, seed: 3 };
        prop_assert!(answered(&api::validate(&req, None)));
        prop_assert!(answered(&api::render(&req, None)));
        prop_assert!(answered(&api::schedule(&req, None, now, 20)));
        let sim = api::simulate(&req, None, "2026-03-01T09:00:00Z", &options);
        prop_assert!(answered(&sim));
        prop_assert!(answered(&api::exports(&req)));
        // validate and simulate agree on whether the call is accepted.
        let valid = api::validate(&req, None)["ok"] == true;
        prop_assert_eq!(valid, sim["ok"] == true, "{}", sim);

        let mut session = Session::new(World::default_world(), 1);
        let at = chrono::DateTime::parse_from_rfc3339(now).unwrap().with_timezone(&chrono::Utc);
        let r = session.call(at, "RunCommand", &req);
        if let Some(id) = r.body.get("InvokeId").cloned() {
            let later = at + chrono::Duration::minutes(30);
            let q = json!({"RegionId": "cn-hangzhou", "InvokeId": id, "IncludeOutput": true, "IncludeHistory": true});
            for action in ["DescribeInvocations", "DescribeInvocationResults", "StopInvocation"] {
                let answer = session.call(later, action, &q);
                prop_assert_eq!(answer.http_status, 200, "{} {}", action, answer.body);
            }
        }
    }
}
